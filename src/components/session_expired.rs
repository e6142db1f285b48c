//! The dialog shown over the page when the session ends while the administrator works.

use leptos::prelude::*;

/// Asks to sign in again without throwing the page away: the view (sort, filters, open user)
/// comes back from the address bar after the round trip.
#[component]
pub fn SessionExpiredDialog(
    /// Starts the sign-in redirect.
    on_sign_in: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="dialog-backdrop">
            <div class="dialog" role="alertdialog" aria-modal="true" aria-labelledby="session-expired-title" data-testid="session-expired">
                <h2 id="session-expired-title" class="dialog__title">"Your session has ended"</h2>
                <p>"Sign in again to go on. This view comes back as it is."</p>
                <button class="button button--primary" type="button" autofocus on:click=move |_| on_sign_in.run(())>
                    "Sign in again"
                </button>
            </div>
        </div>
    }
}
