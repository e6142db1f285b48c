//! The one error type of the sign-in boundary. `Display` is what the administrator reads on the
//! error page; no variant ever carries a token or a code.

use thiserror::Error;

/// Why signing in (or staying signed in) failed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AuthError {
    /// The identity provider answered the sign-in with an OAuth error (e.g. `access_denied`).
    #[error("The identity provider did not sign you in: {description} ({code}).")]
    Provider { code: String, description: String },
    /// The answer's `state` matches no sign-in started in this tab: tampered, replayed or stale.
    #[error("This sign-in answer does not match a sign-in started from this tab (it was altered, used twice, or is too old). Nothing was signed in.")]
    StateMismatch,
    /// The identity provider or its discovery document could not be reached or read.
    #[error(
        "The identity provider at {issuer} could not be reached ({detail}). Check that it is up, then sign in again."
    )]
    Unreachable { issuer: String, detail: String },
    /// The same, with the identity provider on another origin than the panel: its CORS refusal
    /// looks the same to the page, so the message names the origin Keycloak must allow.
    #[error(
        "The identity provider at {issuer} could not be reached ({detail}), or it does not allow this panel. When Keycloak is on another origin, the panel's client must list {panel} in its Web origins. Check that it is up and the client's Web origins, then sign in again."
    )]
    UnreachableFromHere { issuer: String, panel: String, detail: String },
    /// The code exchange or refresh was refused.
    #[error("The identity provider refused the sign-in ({detail}). Sign in again.")]
    TokenRefused { detail: String },
    /// A token failed the checks (issuer, audience, nonce, expiry) or could not be read.
    #[error("The identity provider's answer failed a security check: {detail}. Nothing was signed in.")]
    InvalidToken { detail: String },
    /// The browser refused something the sign-in needs (sessionStorage, crypto).
    #[error("The browser blocked something signing in needs ({detail}). Allow site storage for this page, then sign in again.")]
    Browser { detail: String },
    /// The page is not a secure context, so the browser offers no Web Crypto digest for PKCE.
    #[error("Signing in needs a secure page: open the panel over https. (The browser offers the hashing the sign-in uses only there.)")]
    InsecurePage,
}
