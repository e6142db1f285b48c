//! Short messages about the outcome of an action, announced to screen readers, gone after a while.

use leptos::prelude::*;

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

#[derive(Debug, Clone, PartialEq, Eq)]
struct Toast {
    id: u64,
    kind: ToastKind,
    text: String,
}

/// The toast list, provided once by the panel.
#[derive(Clone, Copy)]
pub struct Toasts {
    list: RwSignal<Vec<Toast>>,
    next: StoredValue<u64>,
}

impl Toasts {
    pub fn provide() -> Toasts {
        let toasts = Toasts { list: RwSignal::new(Vec::new()), next: StoredValue::new(0) };
        provide_context(toasts);
        toasts
    }

    /// Shows `text` (as text, never HTML); errors stay longer than successes.
    pub fn show(self, kind: ToastKind, text: impl Into<String>) {
        self.next.update_value(|n| *n += 1);
        let id = self.next.get_value();
        self.list.update(|l| l.push(Toast { id, kind, text: text.into() }));
        let seconds = if kind == ToastKind::Error { 12 } else { 6 };
        set_timeout(move || self.dismiss(id), std::time::Duration::from_secs(seconds));
    }

    fn dismiss(self, id: u64) {
        self.list.update(|l| l.retain(|t| t.id != id));
    }
}

/// The toasts of the panel.
///
/// # Panics
/// Outside the panel, where none are provided (a programming error).
pub fn use_toasts() -> Toasts {
    expect_context::<Toasts>()
}

/// Where toasts appear: a polite live region, each toast with a close button.
#[component]
pub fn ToastRegion() -> impl IntoView {
    let toasts = use_toasts();
    view! {
        <div class="toasts" role="status" aria-live="polite" data-testid="toasts">
            <For each=move || toasts.list.get() key=|t| t.id let:toast>
                <div class=format!("toast {}", toast.kind.as_str()) data-testid="toast">
                    <span class="toast__text">{toast.text.clone()}</span>
                    <button
                        class="toast__close"
                        type="button"
                        aria-label="Dismiss"
                        on:click=move |_| toasts.dismiss(toast.id)
                    >
                        "×"
                    </button>
                </div>
            </For>
        </div>
    }
}
