//! The one error type of the API boundary, and the pure rules that turn an HTTP answer into it.

use thiserror::Error;

use super::endpoint::Endpoint;
use super::types::ErrorBody;
use crate::json::Decode;

/// Everything that can go wrong calling the Wallaroo users API.
///
/// `Display` is the text shown to an administrator: it says what happened and what to do.
/// Variants are named for what the UI does with them (sign in again, explain a missing right,
/// offer a retry, ...). No variant ever carries a token.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ApiError {
    /// The request never got an HTTP answer (offline, DNS, refused connection, CORS, aborted).
    #[error("Could not reach the Wallaroo API ({detail}). Check the network connection and that the instance is up, then retry.")]
    Network { detail: String },

    /// No answer from an API on another origin than the panel's: down, or (what a browser
    /// cannot tell apart, a CORS refusal being opaque to the page) not allowing this origin.
    #[error("Could not reach the Wallaroo API at {api}, or it does not allow this panel. When the API is on another origin, it must allow {panel} (CORS: Access-Control-Allow-Origin for POST with the Authorization and Content-Type headers). Check that it is up and allows that origin, then retry.")]
    CrossOrigin { api: String, panel: String },

    /// No complete answer within the configured time (`requestTimeoutSeconds`); the request
    /// was aborted. A change may or may not have been made: the UI reloads before trusting it.
    #[error("The Wallaroo API did not answer within {seconds} s. Check the network connection and that the instance is up, then retry.")]
    Timeout { seconds: u32 },

    /// 401: the token was missing, expired or refused. The UI asks the administrator to sign in again.
    #[error("Your session is no longer accepted by the Wallaroo API ({msg}). Sign in again.")]
    Unauthorized { msg: String },

    /// 403 on invite: the licence's user limit is reached (spec §2.2).
    #[error("The licence's user limit is reached ({msg}). Deactivate a user who no longer needs access, or extend the licence, then invite again.")]
    UserLimit { msg: String },

    /// 403 anywhere else: the signed-in account lacks a right.
    #[error("Your account is not allowed to do this ({msg}). Ask a Wallaroo administrator for the manage-users role.")]
    Forbidden { msg: String },

    /// Any other non-2xx status, with the server's own message.
    #[error("The Wallaroo API refused the request (HTTP {status}): {msg}")]
    Server { status: u16, msg: String },

    /// A 2xx answer whose body is not what the contract says.
    #[error("The Wallaroo API answered in an unexpected format ({detail}). The panel may not match this Wallaroo version; retry, and report it if it persists.")]
    Decode { detail: String },
}

impl ApiError {
    /// True when signing in again is the way out (the auth layer refreshes once, then re-prompts).
    pub fn needs_sign_in(&self) -> bool {
        matches!(self, ApiError::Unauthorized { .. })
    }

    /// True when no answer came back, so a change may or may not have been made: the caller
    /// must read the server's state again before showing one.
    pub fn outcome_unknown(&self) -> bool {
        matches!(self, ApiError::Network { .. } | ApiError::CrossOrigin { .. } | ApiError::Timeout { .. })
    }

    /// True when the same request may succeed if simply tried again.
    pub fn is_retryable(&self) -> bool {
        match self {
            ApiError::Network { .. }
            | ApiError::CrossOrigin { .. }
            | ApiError::Timeout { .. }
            | ApiError::Decode { .. } => true,
            ApiError::Server { status, .. } => *status >= 500,
            _ => false,
        }
    }
}

/// The origin (`scheme://host[:port]`) of an absolute URL; `None` for anything else.
pub fn origin_of(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    Some(&url[..url.len() - rest.len() + host_end])
}

/// A request that got no HTTP answer. When the API is on another origin than the panel, the
/// likely cause is a CORS refusal (which a page cannot see), so the error names the origin the
/// API must allow.
pub fn no_answer(detail: String, api_base: &str, panel_origin: Option<&str>) -> ApiError {
    match (elsewhere(api_base, panel_origin), panel_origin) {
        (Some(api), Some(panel)) => ApiError::CrossOrigin { api: api.to_owned(), panel: panel.to_owned() },
        _ => ApiError::Network { detail },
    }
}

/// The origin of `url` when it is not the panel's own (`panel_origin`): a service the browser
/// calls across origins, whose CORS refusal the page would see only as "no answer". The API
/// client and the sign-in (for the identity provider) both word their "no answer" by it.
pub fn elsewhere<'a>(url: &'a str, panel_origin: Option<&str>) -> Option<&'a str> {
    origin_of(url).filter(|origin| panel_origin.is_some_and(|panel| !origin.eq_ignore_ascii_case(panel)))
}

/// Interprets a complete HTTP answer from `endpoint`: a 2xx body decoded as `T`, or the matching
/// [`ApiError`]. Pure, so every status and body shape is tested on the host.
///
/// # Errors
/// [`ApiError::Decode`] when a 2xx body is not a `T`; the status-specific variant otherwise.
pub fn interpret_response<T: Decode>(endpoint: Endpoint, status: u16, body: impl AsRef<[u8]>) -> Result<T, ApiError> {
    // Bytes, not text: the answer is decoded in one pass straight from what arrived (the reader
    // checks UTF-8 as it goes), without first building a string of a list of 100,000 users.
    let body = body.as_ref();
    if crate::http::is_success(status) {
        return crate::json::read(body)
            .map_err(|e| ApiError::Decode { detail: format!("{}: {}", endpoint.path(), short(&e.to_string())) });
    }
    let msg = server_message(status, &String::from_utf8_lossy(body));
    Err(match status {
        401 => ApiError::Unauthorized { msg },
        403 if endpoint == Endpoint::Invite => ApiError::UserLimit { msg },
        403 => ApiError::Forbidden { msg },
        _ => ApiError::Server { status, msg },
    })
}

/// The server's `{msg}` when the body follows the contract; otherwise a short description of
/// what came instead (a proxy's HTML page, an empty body), never the raw page.
fn server_message(status: u16, body: &str) -> String {
    match crate::json::read::<ErrorBody>(body) {
        Ok(err) if !err.msg.trim().is_empty() => short(err.msg.trim()),
        _ if body.trim().is_empty() => format!("no message, HTTP {status}"),
        _ if body.trim_start().starts_with('<') => {
            format!(
                "an HTML page instead of a JSON error, HTTP {status}; a proxy in front of the API may have answered"
            )
        }
        _ => format!("an unreadable error body, HTTP {status}"),
    }
}

/// Caps a message so a 10 MB error body cannot flood the UI.
fn short(text: &str) -> String {
    const MAX: usize = 300;
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_answer_from_another_origin_names_the_origin_to_allow() {
        assert_eq!(origin_of("https://api.example.com/v1"), Some("https://api.example.com"));
        assert_eq!(origin_of("http://127.0.0.2:8080"), Some("http://127.0.0.2:8080"));
        assert_eq!(origin_of("/v1"), None);
        let same = no_answer("TypeError".into(), "https://w.example.com", Some("https://w.example.com"));
        assert_eq!(same, ApiError::Network { detail: "TypeError".into() });
        let other = no_answer("TypeError".into(), "https://api.w.example.com", Some("https://w.example.com"));
        assert!(other.to_string().contains("must allow https://w.example.com"), "{other}");
        assert!(other.outcome_unknown() && other.is_retryable());
    }
}
