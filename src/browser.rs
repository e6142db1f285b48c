//! The few browser calls that several modules make, each written once: the clock, the address
//! bar, the tab's sessionStorage and the keys the panel keeps there, and "after this frame".

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
