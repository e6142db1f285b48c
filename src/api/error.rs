//! The one error type of the API boundary, and the pure rules that turn an HTTP answer into it.

use serde::de::DeserializeOwned;
use thiserror::Error;

use super::endpoint::Endpoint;
use super::types::ErrorBody;

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
        matches!(self, ApiError::Network { .. } | ApiError::Timeout { .. })
    }

    /// True when the same request may succeed if simply tried again.
    pub fn is_retryable(&self) -> bool {
        match self {
            ApiError::Network { .. } | ApiError::Timeout { .. } | ApiError::Decode { .. } => true,
            ApiError::Server { status, .. } => *status >= 500,
            _ => false,
        }
    }
}

/// Interprets a complete HTTP answer from `endpoint`: a 2xx body decoded as `T`, or the matching
/// [`ApiError`]. Pure, so every status and body shape is tested on the host.
///
/// # Errors
/// [`ApiError::Decode`] when a 2xx body is not a `T`; the status-specific variant otherwise.
pub fn interpret_response<T: DeserializeOwned>(
    endpoint: Endpoint,
    status: u16,
    body: impl AsRef<[u8]>,
) -> Result<T, ApiError> {
    // Bytes, not text: the answer is decoded in one pass straight from what arrived (serde_json
    // checks UTF-8 as it goes), without first building a string of a list of 100,000 users.
    let body = body.as_ref();
    if (200..300).contains(&status) {
        return serde_json::from_slice(body)
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
    match serde_json::from_str::<ErrorBody>(body) {
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
