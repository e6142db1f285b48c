//! The dialog shown over the page when the session ends while the administrator works.

use leptos::prelude::*;

use super::open_as_modal;

/// Asks to sign in again without throwing the page away: the view (sort, filters, open user)
/// comes back from the address bar, and a half-typed invite from sessionStorage. A native modal
/// `<dialog>`, so it sits above any dialog already open (the top layer stacks) and Escape
/// cannot dismiss it: there is no way on without signing in.
#[component]
pub fn SessionExpiredDialog(
    /// Starts the sign-in redirect.
    on_sign_in: Callback<()>,
) -> impl IntoView {
    open_as_modal("session-expired");
    view! {
        <dialog
            class="dialog"
            role="alertdialog"
            aria-labelledby="session-expired-title"
            data-testid="session-expired"
            on:cancel=|ev: leptos::ev::Event| ev.prevent_default()
        >
            <h2 id="session-expired-title" class="dialog__title">
                "Your session has ended"
            </h2>
            <p>"Sign in again to go on. This view comes back as it is."</p>
            <button class="button button--primary" type="button" autofocus on:click=move |_| on_sign_in.run(())>
                "Sign in again"
            </button>
        </dialog>
    }
}
