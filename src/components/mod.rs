//! Reusable UI pieces. Each has a CSS block of the same name in `style/main.css`.

pub mod badges;
pub mod error_page;
pub mod field;
pub mod header;
pub mod session_expired;
pub mod sign_in_page;
pub mod sort_header;
pub mod toasts;

pub use error_page::ErrorPage;
pub use header::AppHeader;
pub use session_expired::SessionExpiredDialog;
pub use sign_in_page::SignInPage;
pub use sort_header::SortHeader;
pub use toasts::{ToastRegion, Toasts};

use crate::reactive::effect;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;

/// Opens the `<dialog>` whose `data-testid` is `test_id` with `showModal()` once it is mounted:
/// it joins the top layer (above any dialog already open), the page behind turns inert, and
/// Escape sends `cancel`. When the calling component goes, the dialog is closed first, so focus
/// returns to the button that opened it. Found by its test id (each is used by one dialog) rather
/// than held by a `NodeRef<Dialog>`: each element type given a NodeRef compiles its own copy of
/// Leptos' NodeRef code (1.3 KB of wasm).
pub fn open_as_modal(test_id: &'static str) {
    // Effects first run after the view is built and mounted, so the dialog is in the document.
    effect(move || {
        let selector = format!("dialog[data-testid=\"{test_id}\"]");
        let Some(dialog) = document().query_selector(&selector).ok().flatten() else {
            return;
        };
        let dialog: web_sys::HtmlDialogElement = dialog.unchecked_into();
        if !dialog.open() {
            let _ = dialog.show_modal();
        }
        // The effect reads no signal, so it never runs again: this cleanup runs when it is
        // disposed with its component. (The DOM lives on this one thread.)
        let dialog = SendWrapper::new(dialog);
        on_cleanup(move || dialog.close());
    });
}
