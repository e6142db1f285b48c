//! A full-page explanation of why the panel cannot go on, with one way out.

use leptos::prelude::*;

/// Shown instead of the panel when it cannot start (bad configuration, unreachable services).
/// Never a blank screen: it says what is wrong and offers a button that tries again.
#[component]
pub fn ErrorPage(
    /// Short headline, e.g. "The panel is not configured".
    #[prop(into)]
    title: String,
    /// What went wrong and what to do about it; rendered as text, never as HTML.
    #[prop(into)]
    message: String,
    /// Label of the button that reloads the page.
    #[prop(into, default = "Reload".to_string())]
    action_label: String,
) -> impl IntoView {
    let reload = |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    };
    view! {
        <main class="error-page" role="alert" data-testid="error-page">
            <h1 class="error-page__title">{title}</h1>
            <p class="error-page__message" data-testid="error-message">{message}</p>
            <button class="button button--primary" type="button" on:click=reload>
                {action_label}
            </button>
        </main>
    }
}
