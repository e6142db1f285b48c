//! The root component: load the runtime configuration, then show the panel or say what is wrong.

use leptos::prelude::*;

use crate::components::{AppHeader, ErrorPage};
use crate::config::PanelConfig;
use crate::config_loader::{default_config_url, load_config};

/// The whole panel. `config_url` overrides where `config.json` is read from (tests use it).
#[component]
pub fn App(
    /// URL of the runtime configuration; by default `config.json` beside `index.html`.
    #[prop(optional, into)]
    config_url: Option<String>,
) -> impl IntoView {
    let url = config_url.unwrap_or_else(default_config_url);
    let config = LocalResource::new(move || {
        let url = url.clone();
        async move { load_config(&url).await }
    });
    // While the file loads, show nothing rather than a flash of an empty panel.
    move || match config.get() {
        None => view! { <div class="app-loading" aria-busy="true"></div> }.into_any(),
        Some(Err(error)) => {
            view! { <ErrorPage title="The panel cannot start" message=error.to_string() /> }.into_any()
        }
        Some(Ok(config)) => view! { <Shell config /> }.into_any(),
    }
}

/// The configured panel: header and main region.
#[component]
fn Shell(config: PanelConfig) -> impl IntoView {
    view! {
        <AppHeader instance=config.api_base_url.clone() />
        <main class="app-main" data-testid="app-main">
            <dl class="instance-facts">
                <dt>"API"</dt>
                <dd data-testid="api-base">{config.api_base_url}</dd>
                <dt>"Identity provider"</dt>
                <dd data-testid="issuer">{config.issuer}</dd>
                <dt>"OIDC client"</dt>
                <dd data-testid="client-id">{config.client_id}</dd>
            </dl>
        </main>
    }
}
