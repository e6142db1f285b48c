//! What the administrator sees if the panel itself fails (a Rust panic, or any other trap of the
//! wasm module): a plain page that says so and offers a reload, instead of a frozen screen. Built
//! with bare DOM calls, because after a crash the reactive runtime cannot be trusted to render
//! anything.
//!
//! The release build aborts on a panic at once (`-Cpanic=immediate-abort`, scripts/build.sh;
//! measured: 8.5 KB brotli less, issue 15): no hook runs, and the panic surfaces in the browser
//! as a `WebAssembly.RuntimeError` ("unreachable") thrown out of whatever the page called into
//! the module for: an event handler (a window `error` event) or a future (an unhandled promise
//! rejection). Both are watched here. Debug and test builds keep the panic hook, which also
//! writes the panic's message and location to the console.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Installs the crash watch: a trap of the module, from any entry point, puts the notice on the
/// page; where panics unwind into a hook (every build but the release one), the hook does so
/// first, with the panic's message, and logs it to the console for a bug report.
pub fn install() {
    #[cfg(not(panic = "immediate-abort"))]
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "an internal error".into());
        show(&message);
    }));
    let Some(window) = web_sys::window() else { return };
    let watch = Closure::<dyn Fn(web_sys::Event)>::new(|event: web_sys::Event| {
        // Only the module's own traps: a script error elsewhere on the page (an extension, say)
        // does not stop the panel.
        let thrown = match event.dyn_ref::<web_sys::PromiseRejectionEvent>() {
            Some(rejection) => rejection.reason(),
            None => event.dyn_ref::<web_sys::ErrorEvent>().map(|e| e.error()).unwrap_or(JsValue::UNDEFINED),
        };
        if let Some(trap) = thrown.dyn_ref::<js_sys::WebAssembly::RuntimeError>() {
            let message = String::from(trap.unchecked_ref::<js_sys::Error>().message());
            show(&format!("the panel's code stopped at a WebAssembly trap: {message}"));
        }
    });
    for kind in ["error", "unhandledrejection"] {
        let _ = window.add_event_listener_with_callback(kind, watch.as_ref().unchecked_ref());
    }
    // Lives as long as the page.
    watch.forget();
}

/// Puts the crash notice over the page. `detail` is shown as text only, cut to 300 characters.
pub fn show(detail: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(body) = document.body() else { return };
    // Once: a panic's hook and the trap that follows it report the same crash.
    if document.query_selector("[data-testid=crash]").ok().flatten().is_some() {
        return;
    }
    // Open modal dialogs sit in the top layer, above anything else: close them first.
    if let Ok(open) = document.query_selector_all("dialog[open]") {
        for i in 0..open.length() {
            if let Some(dialog) = open.item(i).and_then(|n| n.dyn_into::<web_sys::HtmlDialogElement>().ok()) {
                dialog.close();
            }
        }
    }
    // Everything else stops taking clicks and focus.
    let children = body.children();
    for i in 0..children.length() {
        if let Some(child) = children.item(i) {
            let _ = child.set_attribute("inert", "");
        }
    }
    let element = |tag: &str, class: &str, text: &str| -> Option<web_sys::Element> {
        let el = document.create_element(tag).ok()?;
        el.set_class_name(class);
        el.set_text_content(Some(text));
        Some(el)
    };
    let detail: String = detail.chars().take(300).collect();
    let notice = (|| -> Option<web_sys::Element> {
        let notice = element("div", "crash", "")?;
        notice.set_attribute("role", "alert").ok()?;
        notice.set_attribute("data-testid", "crash").ok()?;
        let title = element("h1", "crash__title", "The panel stopped because of an internal error")?;
        notice.append_child(&title).ok()?;
        let text = element("p", "crash__text", "Changes the server confirmed are saved; anything still in progress may not be. Reload the page to see the users as the server has them.")?;
        notice.append_child(&text).ok()?;
        let details = element("p", "crash__detail", &format!("Details for a bug report: {detail}"))?;
        notice.append_child(&details).ok()?;
        // A link, not a button with a handler: it must work with the wasm module stopped.
        let reload = element("a", "button button--primary", "Reload")?;
        reload.set_attribute("href", &web_sys::window()?.location().href().ok()?).ok()?;
        reload.set_attribute("data-testid", "crash-reload").ok()?;
        notice.append_child(&reload).ok()?;
        Some(notice)
    })();
    if let Some(notice) = notice {
        let _ = body.append_child(&notice);
    }
}
