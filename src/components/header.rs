//! The bar at the top of every screen.

use leptos::prelude::*;

/// Product name, the Wallaroo instance, the views, who is signed in, and the sign-out button.
#[component]
pub fn AppHeader(
    /// The instance's API root, shown so an administrator with several instances knows which one this is.
    #[prop(into)]
    instance: String,
    /// The signed-in administrator's name or email.
    #[prop(into)]
    user: Memo<String>,
    /// Signs out through the IdP.
    on_sign_out: Callback<()>,
    /// The panel's views (tabs), beside the instance.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    view! {
        <header class="app-header">
            <span class="app-header__product">"Wallaroo Users"</span>
            <span class="app-header__instance" data-testid="instance" title="Wallaroo instance">
                {instance}
            </span>
            {children.map(|views| views())}
            <span class="app-header__spacer" />
            <span class="app-header__user" data-testid="signed-in-user" title="Signed in as">
                {user}
            </span>
            <button class="button" type="button" data-testid="sign-out" on:click=move |_| on_sign_out.run(())>
                "Sign out"
            </button>
        </header>
    }
}
