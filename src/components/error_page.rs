//! A full-page explanation of why the panel cannot go on, with one way out.

use leptos::prelude::*;

/// Shown instead of the panel when it cannot start or sign in (bad configuration, unreachable
/// services, a refused sign-in). Never a blank screen: it says what is wrong and offers one
/// button that tries again (a reload unless `on_action` says otherwise).
#[component]
pub fn ErrorPage(
    /// Short headline, e.g. "The panel cannot start".
    #[prop(into)]
    title: String,
    /// What went wrong and what to do about it; rendered as text, never as HTML.
    #[prop(into)]
    message: String,
    /// Label of the button.
    #[prop(into, default = "Reload".to_string())]
    action_label: String,
    /// What the button does; reloads the page when not given.
    #[prop(optional)]
    on_action: Option<Callback<()>>,
) -> impl IntoView {
    let act = move |_| match on_action {
        Some(callback) => callback.run(()),
        None => {
            if let Some(window) = web_sys::window() {
                let _ = window.location().reload();
            }
        }
    };
    view! {
        <main class="error-page" role="alert" data-testid="error-page">
            <h1 class="error-page__title">{title}</h1>
            <p class="error-page__message" data-testid="error-message">
                {message}
            </p>
            <button class="button button--primary" type="button" data-testid="error-action" on:click=act>
                {action_label}
            </button>
        </main>
    }
}
