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

/// Opens a `<dialog>` with `showModal()` once it is mounted: it joins the top layer (above any
/// dialog already open), the page behind turns inert, and Escape sends `cancel`.
pub fn open_as_modal(dialog: NodeRef<leptos::html::Dialog>) {
    effect(move || {
        if let Some(element) = dialog.get() {
            if !element.open() {
                let _ = element.show_modal();
            }
        }
    });
}
