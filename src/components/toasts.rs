//! Short messages about the outcome of an action, announced to screen readers, gone after a while.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::browser::{el, set};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastKind {
    Success,
    /// Neither success nor failure: e.g. nothing was needed (someone else made the change).
    Info,
    Error,
}

impl ToastKind {
    fn as_str(self) -> &'static str {
        match self {
            ToastKind::Success => "toast--success",
            ToastKind::Info => "toast--info",
            ToastKind::Error => "toast--error",
        }
    }
}

/// The toast region, provided once by the panel.
///
/// The toasts are written into the region's element directly rather than kept as a list signal
/// rendered with `<For>`: a toast is only ever appended and removed, never updated, and the
/// keyed list's generic code cost 5 KB brotli of the wasm for that (measured as for
/// src/fetch.rs). Each toast stays the element it was first drawn as, so the live region
/// announces it once.
#[derive(Clone, Copy)]
pub struct Toasts {
    region: NodeRef<leptos::html::Div>,
}

impl Toasts {
    pub fn provide() -> Toasts {
        let toasts = Toasts { region: NodeRef::new() };
        provide_context(toasts);
        toasts
    }

    /// Shows `text` (as text, never HTML); errors stay longer than successes. Nothing is shown
    /// once the panel (and its region) is gone.
    pub fn show(self, kind: ToastKind, text: impl Into<String>) {
        let Some(region) = self.region.get_untracked() else { return };
        let document = document();
        let toast = el(&document, "div", &format!("toast {}", kind.as_str()));
        set(&toast, "data-testid", "toast");
        let message = el(&document, "span", "toast__text");
        message.set_text_content(Some(&text.into()));
        let close = el(&document, "button", "toast__close");
        set(&close, "type", "button");
        set(&close, "aria-label", "Dismiss");
        close.set_text_content(Some("×"));
        let _ = toast.append_child(&message);
        let _ = toast.append_child(&close);
        let _ = region.append_child(&toast);
        let seconds = if kind == ToastKind::Error { 12 } else { 6 };
        set_timeout(move || toast.remove(), std::time::Duration::from_secs(seconds));
    }
}

/// The toasts of the panel.
///
/// # Panics
/// Outside the panel, where none are provided (a programming error).
pub fn use_toasts() -> Toasts {
    expect_context::<Toasts>()
}

/// Where toasts appear: a polite live region, each toast with a close button (one listener for
/// all of them, on the region).
#[component]
pub fn ToastRegion() -> impl IntoView {
    let toasts = use_toasts();
    let dismiss = |event: leptos::ev::MouseEvent| {
        let target = event.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        let toast = target
            .filter(|t| t.closest(".toast__close").ok().flatten().is_some())
            .and_then(|t| t.closest(".toast").ok().flatten());
        if let Some(toast) = toast {
            toast.remove();
        }
    };
    view! {
        <div
            class="toasts"
            role="status"
            aria-live="polite"
            data-testid="toasts"
            node_ref=toasts.region
            on:click=dismiss
        />
    }
}
