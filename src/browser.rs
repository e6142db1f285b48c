//! The few browser calls that several modules make, each written once: the clock, the address
//! bar, the tab's sessionStorage and the keys the panel keeps there, and "after this frame".

use leptos::prelude::{GetValue, SetValue};
use web_sys::Storage;

/// The keys the panel keeps in sessionStorage, all under one prefix (`wup.`). Tokens are never
/// among them (nor anything in localStorage).
pub mod keys {
    /// A sign-in under way: `wup.login.<state>` → verifier, nonce and return path.
    pub const PENDING_LOGIN_PREFIX: &str = "wup.login.";
    /// Set when the administrator signed out, so a reload does not sign in again at once.
    pub const SIGNED_OUT: &str = "wup.signed-out";
    /// The invite being typed (email and type, never a password), kept across a sign-in.
    pub const INVITE_DRAFT: &str = "wup.invite-draft";
}

/// Now, in milliseconds since the epoch.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The tab's sessionStorage, if the browser allows it.
pub fn session_storage() -> Option<Storage> {
    web_sys::window().and_then(|w| w.session_storage().ok().flatten())
}

/// Puts `url` (a path and query on this origin) in the address bar, with no reload and no new
/// history entry.
pub fn replace_url(url: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url));
    }
}

/// Runs `f` once the next frame is painted: a task queued from that frame's animation
/// callback runs after its rendering. For work the administrator is not waiting to see.
pub fn after_next_paint(f: impl FnOnce() + 'static) {
    leptos::prelude::request_animation_frame(move || leptos::prelude::set_timeout(f, std::time::Duration::ZERO));
}

/// Resolves after `ms` milliseconds (a `setTimeout` as a future).
pub async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ =
                window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms.min(i32::MAX as u32) as i32);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Resolves when the browser is next idle (`requestIdleCallback`).
/// A browser without it (Safari) resolves at once.
pub async fn idle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let asked = web_sys::window().map(|w| w.request_idle_callback(&resolve));
        if !matches!(asked, Some(Ok(_))) {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// When the administrator last pressed a key, clicked, touched or turned the wheel: work that
/// would take the main thread for long (decoding a background refresh of a large realm) waits
/// for a pause, so it never lands in the middle of typing or scrolling.
#[derive(Clone, Copy)]
pub struct Activity {
    last_ms: leptos::prelude::StoredValue<f64>,
}

impl Activity {
    /// Starts listening on the window (for as long as the calling component lives).
    pub fn track() -> Activity {
        use leptos::prelude::{on_cleanup, window_event_listener, StoredValue};
        let last_ms = StoredValue::new(0.0);
        let seen = move || last_ms.set_value(now_ms());
        let handles = [
            window_event_listener(leptos::ev::keydown, move |_| seen()),
            window_event_listener(leptos::ev::pointerdown, move |_| seen()),
            window_event_listener(leptos::ev::wheel, move |_| seen()),
            window_event_listener(leptos::ev::touchstart, move |_| seen()),
        ];
        on_cleanup(move || handles.into_iter().for_each(|h| h.remove()));
        Activity { last_ms }
    }

    /// Resolves once nothing was typed, clicked or scrolled for `quiet_ms`, in an idle moment.
    pub async fn pause(self, quiet_ms: f64) {
        loop {
            let since = now_ms() - self.last_ms.try_get_value().unwrap_or(0.0);
            if since >= quiet_ms {
                break;
            }
            sleep((quiet_ms - since).clamp(50.0, 1000.0) as u32).await;
        }
        idle().await;
    }
}

type MessageListener = wasm_bindgen::closure::Closure<dyn Fn(web_sys::MessageEvent)>;

/// This tab's end of the channel the panel's tabs share (one per tab: a tab does not hear its
/// own messages, but two channel objects in one tab would hear each other).
#[derive(Clone)]
pub struct TabChannel {
    channel: Option<web_sys::BroadcastChannel>,
    /// Kept alive as long as the channel (dropping it would detach the listener).
    listener: std::rc::Rc<std::cell::RefCell<Option<MessageListener>>>,
}

impl TabChannel {
    /// Opens the channel; a browser without BroadcastChannel gets one that does nothing.
    pub fn open() -> TabChannel {
        TabChannel {
            channel: web_sys::BroadcastChannel::new(crate::notice::CHANNEL).ok(),
            listener: Default::default(),
        }
    }

    pub fn post(&self, notice: &crate::notice::Notice) {
        if let Some(channel) = &self.channel {
            let _ = channel.post_message(&wasm_bindgen::JsValue::from_str(&notice.to_text()));
        }
    }

    /// Calls `on_notice` with each notice another tab posts; anything else is ignored.
    pub fn listen(&self, on_notice: impl Fn(crate::notice::Notice) + 'static) {
        use wasm_bindgen::JsCast;
        let Some(channel) = &self.channel else { return };
        let closure =
            wasm_bindgen::closure::Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                if let Some(notice) = ev.data().as_string().as_deref().and_then(crate::notice::Notice::parse) {
                    on_notice(notice);
                }
            });
        channel.set_onmessage(Some(closure.as_ref().unchecked_ref()));
        *self.listener.borrow_mut() = Some(closure);
    }
}

/// A new element with its class (none for an empty one). The panel's hand-drawn parts (the
/// table's rows, the toasts) build their elements with these three.
pub fn el(document: &web_sys::Document, tag: &str, class: &str) -> web_sys::Element {
    let e = document.create_element(tag).expect("createElement of a known tag");
    if !class.is_empty() {
        e.set_class_name(class);
    }
    e
}

pub fn set(e: &web_sys::Element, name: &str, value: &str) {
    let _ = e.set_attribute(name, value);
}

/// Sets the attribute, or removes it for `None` or an empty value.
pub fn set_opt(e: &web_sys::Element, name: &str, value: Option<&str>) {
    match value {
        Some(v) if !v.is_empty() => set(e, name, v),
        _ => {
            let _ = e.remove_attribute(name);
        }
    }
}
