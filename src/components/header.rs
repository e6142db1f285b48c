//! The bar at the top of every screen.

use leptos::prelude::*;

/// Product name and the Wallaroo instance the panel is pointed at.
#[component]
pub fn AppHeader(
    /// The instance's API root, shown so an administrator with several instances knows which one this is.
    #[prop(into)]
    instance: String,
) -> impl IntoView {
    view! {
        <header class="app-header">
            <span class="app-header__product">"Wallaroo Users"</span>
            <span class="app-header__instance" data-testid="instance" title="Wallaroo instance">
                {instance}
            </span>
        </header>
    }
}
