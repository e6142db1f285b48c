//! What a signed-out panel shows: not an error, just the way back in.

use leptos::prelude::*;

/// The signed-out page, with one "Sign in" button that goes to the identity provider.
#[component]
pub fn SignInPage(
    /// Starts the sign-in redirect.
    on_sign_in: Callback<()>,
) -> impl IntoView {
    view! {
        <main class="sign-in-page" data-testid="sign-in-page">
            <h1 class="sign-in-page__title">"Wallaroo Users"</h1>
            <p>"You are signed out."</p>
            <button
                class="button button--primary"
                type="button"
                data-testid="sign-in"
                on:click=move |_| on_sign_in.run(())
            >
                "Sign in"
            </button>
        </main>
    }
}
