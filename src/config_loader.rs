//! Fetches `config.json` in the browser and hands it to the pure parser in [`crate::config`].

use crate::fetch;

use crate::config::{ConfigError, PanelConfig, CONFIG_FILE};

/// Where the panel is: its origin and the path `index.html` is served under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub origin: String,
    pub base_path: String,
}

/// Reads the panel's location from the document: `<base href>` if any, else the page URL.
pub fn current_location() -> Location {
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .and_then(|uri| web_sys::Url::new(&uri).ok());
    match base {
        Some(url) => {
            let path = url.pathname();
            // The base path is the "directory" of the document: everything up to the last '/'.
            let base_path = match path.rfind('/') {
                Some(i) => path[..=i].to_owned(),
                None => "/".to_owned(),
            };
            Location { origin: url.origin(), base_path }
        }
        None => Location { origin: String::new(), base_path: "/".into() },
    }
}

/// The URL of `config.json` beside `index.html`.
pub fn default_config_url() -> String {
    let location = current_location();
    format!("{}{}{}", location.origin, location.base_path, CONFIG_FILE)
}

/// Fetches and validates the configuration at `url`.
///
/// # Errors
/// [`ConfigError::Missing`] for a non-2xx answer, [`ConfigError::Unreachable`] when no answer came,
/// and the parser's errors for a bad file.
pub async fn load_config(url: &str) -> Result<PanelConfig, ConfigError> {
    // no-cache: an operator who fixes config.json must see the fix on the next reload.
    let request = fetch::Request { no_cache: true, ..fetch::Request::get(url) };
    let answer =
        fetch::send(&request).await.map_err(|detail| ConfigError::Unreachable { url: url.to_owned(), detail })?;
    if !answer.ok() {
        return Err(ConfigError::Missing { url: url.to_owned(), status: answer.status });
    }
    let text = answer.text();
    let location = current_location();
    PanelConfig::from_json(&text, &location.origin, &location.base_path)
}
