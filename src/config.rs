//! Runtime configuration: `config.json`, served beside `index.html`, so one build serves any
//! Wallaroo instance. This module is pure: it parses and validates; `app` fetches the file.
//!
//! ```json
//! { "clientId": "wallaroo-users-panel",
//!   "apiBaseUrl": "",                       // default: the panel's own origin
//!   "issuer": "/auth/realms/master",        // default: {origin}/auth/realms/master
//!   "redirectPath": "/" }                   // default: the panel's base path
//! ```
//! URLs may be absolute (`https://…`) or origin-relative (`/…`).

use thiserror::Error;

use crate::json::{Decode, Reader, Result as JsonResult};

/// The file name, resolved against the document's base URL (so a sub-path install works).
pub const CONFIG_FILE: &str = "config.json";

/// Keycloak's realm path under the Wallaroo ingress; every Wallaroo user lives in realm `master`.
pub const DEFAULT_ISSUER_PATH: &str = "/auth/realms/master";

/// `config.json` as written by the operator. Unknown keys are refused, so a typo such as
/// `apiBaseURL` is reported instead of silently falling back to a default; `null` is the same
/// as leaving a key out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawConfig {
    pub api_base_url: Option<String>,
    pub issuer: Option<String>,
    pub client_id: Option<String>,
    pub redirect_path: Option<String>,
    pub request_timeout_seconds: Option<u32>,
    pub auto_refresh_seconds: Option<u32>,
    pub refresh_on_return_seconds: Option<u32>,
}

/// A number of seconds: a whole number from 0 to 4,294,967,295.
fn seconds(r: &mut Reader<'_>) -> JsonResult<u32> {
    let n = r.i64()?;
    u32::try_from(n).or_else(|_| r.error(format!("{n} is not a number of seconds")))
}

impl Decode for RawConfig {
    fn decode(r: &mut Reader<'_>) -> JsonResult<RawConfig> {
        let mut raw = RawConfig::default();
        const KEYS: [&str; 7] = [
            "apiBaseUrl",
            "issuer",
            "clientId",
            "redirectPath",
            "requestTimeoutSeconds",
            "autoRefreshSeconds",
            "refreshOnReturnSeconds",
        ];
        r.only_fields(&KEYS, &mut |r, n| {
            match n {
                0 => raw.api_base_url = r.option(Reader::string)?,
                1 => raw.issuer = r.option(Reader::string)?,
                2 => raw.client_id = r.option(Reader::string)?,
                3 => raw.redirect_path = r.option(Reader::string)?,
                4 => raw.request_timeout_seconds = r.option(seconds)?,
                5 => raw.auto_refresh_seconds = r.option(seconds)?,
                _ => raw.refresh_on_return_seconds = r.option(seconds)?,
            }
            Ok(())
        })?;
        Ok(raw)
    }
}

/// The validated configuration, every URL absolute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanelConfig {
    /// API root, without trailing slash, e.g. `https://wallaroo.example.com`.
    pub api_base_url: String,
    /// OIDC issuer, without trailing slash, e.g. `https://wallaroo.example.com/auth/realms/master`.
    pub issuer: String,
    /// The public OIDC client registered for this panel.
    pub client_id: String,
    /// Where the IdP sends the browser back, on the panel's own origin.
    pub redirect_uri: String,
    /// How long an API call may take before the panel gives up on it and says so.
    pub request_timeout_ms: u32,
    /// The list is reloaded quietly this often while the tab is visible; 0: never.
    pub auto_refresh_ms: u32,
    /// The list is reloaded quietly when the tab comes back after being hidden this long.
    pub refresh_on_return_ms: u32,
}

/// A stalled request is reported after this long unless config.json says otherwise: generous
/// for a 100,000-user answer over a slow link, short enough that nobody waits for nothing.
pub const DEFAULT_REQUEST_TIMEOUT_SECONDS: u32 = 60;

/// The list is reloaded in the background every two minutes while the tab is visible: other
/// administrators' changes show up within that, and a realm of 100,000 users costs the server
/// one cached answer a tab every two minutes.
pub const DEFAULT_AUTO_REFRESH_SECONDS: u32 = 120;

/// A tab that was hidden for half a minute or more reloads the list when it is shown again:
/// coming back to the panel after other work, the administrator sees the realm as it is now.
pub const DEFAULT_REFRESH_ON_RETURN_SECONDS: u32 = 30;

/// Why the configuration could not be used. `Display` names the file, the field and the fix.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ConfigError {
    #[error(
        "The panel's configuration file {url} was not found (HTTP {status}). Deploy config.json beside index.html."
    )]
    Missing { url: String, status: u16 },
    #[error("The panel's configuration file {url} could not be loaded ({detail}). Check that the web server is up, then reload.")]
    Unreachable { url: String, detail: String },
    #[error("The panel's configuration file is not valid JSON of the expected shape: {detail}.")]
    Malformed { detail: String },
    #[error("The panel's configuration file has a bad value for \"{field}\": {reason}.")]
    Invalid { field: &'static str, reason: String },
}

impl PanelConfig {
    /// Parses and validates `config.json`. `origin` is the panel's origin (`https://host[:port]`)
    /// and `base_path` the path `index.html` is served under (`/` or `/admin/users/`).
    ///
    /// # Errors
    /// [`ConfigError::Malformed`] for bad JSON or unknown keys, [`ConfigError::Invalid`] for a bad value.
    pub fn from_json(text: &str, origin: &str, base_path: &str) -> Result<Self, ConfigError> {
        let raw: RawConfig = crate::json::read(text).map_err(|e| ConfigError::Malformed { detail: e.to_string() })?;
        raw.resolve(origin, base_path)
    }
}

impl RawConfig {
    /// Applies the Wallaroo defaults and checks every value.
    ///
    /// # Errors
    /// [`ConfigError::Invalid`] naming the first bad field.
    pub fn resolve(self, origin: &str, base_path: &str) -> Result<PanelConfig, ConfigError> {
        let origin = origin.trim_end_matches('/');
        let api_base_url = match self.api_base_url.as_deref().map(str::trim) {
            None | Some("") => origin.to_owned(),
            Some(url) => absolute_url("apiBaseUrl", url, origin)?,
        };
        let issuer = match self.issuer.as_deref().map(str::trim) {
            None | Some("") => format!("{origin}{DEFAULT_ISSUER_PATH}"),
            Some(url) => absolute_url("issuer", url, origin)?,
        };
        let client_id = match self.client_id.as_deref().map(str::trim) {
            None | Some("") => {
                return Err(ConfigError::Invalid {
                    field: "clientId",
                    reason: "it is missing; name the public OIDC client registered in Keycloak for this panel".into(),
                })
            }
            Some(id) if id.chars().any(|c| c.is_whitespace() || c.is_control()) => {
                return Err(ConfigError::Invalid { field: "clientId", reason: "it contains spaces".into() })
            }
            Some(id) => id.to_owned(),
        };
        let redirect_path = match self.redirect_path.as_deref().map(str::trim) {
            None | Some("") => base_path.to_owned(),
            Some(path) => path.to_owned(),
        };
        if !is_same_origin_path(&redirect_path) {
            return Err(ConfigError::Invalid {
                field: "redirectPath",
                reason: format!("\"{redirect_path}\" must be a path on the panel's origin, starting with a single /"),
            });
        }
        let seconds = self.request_timeout_seconds.unwrap_or(DEFAULT_REQUEST_TIMEOUT_SECONDS);
        if !(1..=600).contains(&seconds) {
            return Err(ConfigError::Invalid {
                field: "requestTimeoutSeconds",
                reason: format!("{seconds} is outside 1 to 600 seconds"),
            });
        }
        let auto = self.auto_refresh_seconds.unwrap_or(DEFAULT_AUTO_REFRESH_SECONDS);
        if auto != 0 && !(10..=3600).contains(&auto) {
            return Err(ConfigError::Invalid {
                field: "autoRefreshSeconds",
                reason: format!("{auto} is outside 10 to 3600 seconds (0 turns the background refresh off)"),
            });
        }
        let on_return = self.refresh_on_return_seconds.unwrap_or(DEFAULT_REFRESH_ON_RETURN_SECONDS);
        if on_return > 86_400 {
            return Err(ConfigError::Invalid {
                field: "refreshOnReturnSeconds",
                reason: format!("{on_return} is more than a day (0 reloads whenever the tab is shown again)"),
            });
        }
        Ok(PanelConfig {
            api_base_url,
            issuer,
            client_id,
            redirect_uri: format!("{origin}{redirect_path}"),
            request_timeout_ms: seconds * 1000,
            auto_refresh_ms: auto * 1000,
            refresh_on_return_ms: on_return * 1000,
        })
    }
}

/// An absolute `http(s)://` URL as given, or an origin-relative `/path` joined to `origin`;
/// a trailing slash is dropped.
fn absolute_url(field: &'static str, url: &str, origin: &str) -> Result<String, ConfigError> {
    let url = url.trim_end_matches('/');
    if let Some(rest) = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")) {
        let host = rest.split('/').next().unwrap_or_default();
        if host.is_empty() || host.contains(|c: char| c.is_whitespace() || c == '@') {
            return Err(ConfigError::Invalid { field, reason: format!("\"{url}\" has no valid host") });
        }
        return Ok(url.to_owned());
    }
    if url.is_empty() {
        // The value was just "/" : the origin itself.
        return Ok(origin.to_owned());
    }
    if is_same_origin_path(url) {
        return Ok(format!("{origin}{url}"));
    }
    Err(ConfigError::Invalid {
        field,
        reason: format!("\"{url}\" must be an http(s):// URL or a path starting with /"),
    })
}

/// `/x` but not `//x` (a scheme-relative URL to another host) nor `/\x` (which browsers read the same way).
pub fn is_same_origin_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.starts_with("/\\")
        && !path.chars().any(|c| c.is_whitespace() || c.is_control())
}
