//! The OpenID Connect messages the panel sends and reads, as pure functions: the discovery
//! document, the authorization URL, the callback's query, the token requests and the logout URL.

use super::error::AuthError;
use crate::json::{required, Decode, Reader, Result as JsonResult};

/// The parts of `{issuer}/.well-known/openid-configuration` the panel uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discovery {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    /// Absent or `null`: the IdP offers no logout endpoint.
    pub end_session_endpoint: Option<String>,
}

impl Decode for Discovery {
    fn decode(r: &mut Reader<'_>) -> JsonResult<Discovery> {
        let mut fields: [Option<String>; 4] = Default::default();
        let keys = ["issuer", "authorization_endpoint", "token_endpoint", "end_session_endpoint"];
        r.fields(&keys, &mut |r, n| {
            fields[n] = if n == 3 { r.option(Reader::string)? } else { Some(r.string()?) };
            Ok(())
        })?;
        let [issuer, authorization_endpoint, token_endpoint, end_session_endpoint] = fields;
        Ok(Discovery {
            issuer: required(r, issuer, "issuer")?,
            authorization_endpoint: required(r, authorization_endpoint, "authorization_endpoint")?,
            token_endpoint: required(r, token_endpoint, "token_endpoint")?,
            end_session_endpoint,
        })
    }
}

impl Discovery {
    /// Reads the document and checks it belongs to `issuer` (OIDC Discovery §4.3).
    ///
    /// # Errors
    /// [`AuthError::Unreachable`] when the body is not a discovery document or names another issuer.
    pub fn parse(issuer: &str, body: &str) -> Result<Self, AuthError> {
        let doc: Discovery = crate::json::read(body).map_err(|e| AuthError::Unreachable {
            issuer: issuer.to_owned(),
            detail: format!("its discovery document is unreadable: {e}"),
        })?;
        if doc.issuer.trim_end_matches('/') != issuer.trim_end_matches('/') {
            return Err(AuthError::Unreachable {
                issuer: issuer.to_owned(),
                detail: format!("its discovery document names another issuer, {}", doc.issuer),
            });
        }
        Ok(doc)
    }

    /// Where the discovery document of `issuer` is.
    pub fn url(issuer: &str) -> String {
        format!("{}/.well-known/openid-configuration", issuer.trim_end_matches('/'))
    }
}

/// What one sign-in attempt needs to remember across the redirect.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingLogin {
    pub state: String,
    pub nonce: String,
    pub verifier: String,
    /// Same-origin path + query to come back to.
    pub return_to: String,
    /// Milliseconds since the epoch; old attempts are refused. An integer, so the wasm needs no
    /// float formatting or parsing for it.
    pub started_ms: i64,
}

impl PendingLogin {
    /// The attempt as it is kept in sessionStorage: a query string. Why not JSON: the query
    /// string reader and writer are in the wasm already for the redirect, and a serde codec of
    /// its own cost 2.4 KB of wasm (0.6 KB brotli).
    pub fn to_text(&self) -> String {
        let started = self.started_ms.to_string();
        query(&[
            ("state", &self.state),
            ("nonce", &self.nonce),
            ("verifier", &self.verifier),
            ("return_to", &self.return_to),
            ("started_ms", &started),
        ])
    }

    /// Reads [`PendingLogin::to_text`]'s form back; `None` when any part is missing or unreadable.
    pub fn from_text(text: &str) -> Option<PendingLogin> {
        let (mut state, mut nonce, mut verifier, mut return_to, mut started_ms) = (None, None, None, None, None);
        for (key, value) in form_urlencoded::parse(text.as_bytes()) {
            let slot = match &*key {
                "state" => &mut state,
                "nonce" => &mut nonce,
                "verifier" => &mut verifier,
                "return_to" => &mut return_to,
                "started_ms" => &mut started_ms,
                _ => continue,
            };
            *slot = Some(value.into_owned());
        }
        Some(PendingLogin {
            state: state?,
            nonce: nonce?,
            verifier: verifier?,
            return_to: return_to?,
            started_ms: started_ms?.parse().ok()?,
        })
    }
}

/// How long a started sign-in may take before its answer is refused (Keycloak's login timeout).
pub const LOGIN_TIMEOUT_MS: i64 = 30 * 60 * 1000;

fn query(pairs: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish()
}

/// The authorization request (code flow, PKCE S256, state and nonce).
pub fn authorize_url(
    endpoint: &str,
    client_id: &str,
    redirect_uri: &str,
    login: &PendingLogin,
    challenge: &str,
) -> String {
    let separator = if endpoint.contains('?') { '&' } else { '?' };
    let q = query(&[
        ("client_id", client_id),
        ("redirect_uri", redirect_uri),
        ("response_type", "code"),
        ("scope", "openid profile email"),
        ("state", &login.state),
        ("nonce", &login.nonce),
        ("code_challenge", challenge),
        ("code_challenge_method", "S256"),
    ]);
    format!("{endpoint}{separator}{q}")
}

/// The form body that exchanges an authorization code for tokens.
pub fn code_exchange_body(client_id: &str, redirect_uri: &str, code: &str, verifier: &str) -> String {
    query(&[
        ("grant_type", "authorization_code"),
        ("client_id", client_id),
        ("redirect_uri", redirect_uri),
        ("code", code),
        ("code_verifier", verifier),
    ])
}

/// The form body of a refresh.
pub fn refresh_body(client_id: &str, refresh_token: &str) -> String {
    query(&[("grant_type", "refresh_token"), ("client_id", client_id), ("refresh_token", refresh_token)])
}

/// RP-initiated logout (OIDC RP-Initiated Logout 1.0).
pub fn logout_url(endpoint: &str, client_id: &str, id_token_hint: &str, post_logout_redirect_uri: &str) -> String {
    let separator = if endpoint.contains('?') { '&' } else { '?' };
    let q = query(&[
        ("client_id", client_id),
        ("id_token_hint", id_token_hint),
        ("post_logout_redirect_uri", post_logout_redirect_uri),
    ]);
    format!("{endpoint}{separator}{q}")
}

/// What the IdP put on the redirect URI's query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Callback {
    /// No OIDC parameters: an ordinary page load.
    None,
    Code {
        code: String,
        state: String,
    },
    Error {
        error: String,
        description: Option<String>,
        state: Option<String>,
    },
}

/// OIDC parameters that must not stay in the address bar.
pub const CALLBACK_PARAMS: &[&str] =
    &["code", "state", "session_state", "iss", "error", "error_description", "error_uri"];

/// Reads the callback from a query string (with or without the leading `?`).
pub fn parse_callback(search: &str) -> Callback {
    let mut code = None;
    let mut state = None;
    let mut error = None;
    let mut description = None;
    for (key, value) in form_urlencoded::parse(search.trim_start_matches('?').as_bytes()) {
        match key.as_ref() {
            "code" => code = Some(value.into_owned()),
            "state" => state = Some(value.into_owned()),
            "error" => error = Some(value.into_owned()),
            "error_description" => description = Some(value.into_owned()),
            _ => {}
        }
    }
    match (error, code, state) {
        (Some(error), _, state) => Callback::Error { error, description, state },
        (None, Some(code), Some(state)) => Callback::Code { code, state },
        _ => Callback::None,
    }
}

/// The query string without the OIDC callback parameters (for the clean address after sign-in).
pub fn strip_callback_params(search: &str) -> String {
    let kept: Vec<(String, String)> = form_urlencoded::parse(search.trim_start_matches('?').as_bytes())
        .filter(|(k, _)| !CALLBACK_PARAMS.contains(&k.as_ref()))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        String::new()
    } else {
        format!("?{}", form_urlencoded::Serializer::new(String::new()).extend_pairs(kept).finish())
    }
}

/// The token endpoint's answer; the optional fields may also be `null`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenResponse {
    pub access_token: String,
    pub id_token: Option<String>,
    pub refresh_token: Option<String>,
    pub expires_in: Option<i64>,
}

impl Decode for TokenResponse {
    fn decode(r: &mut Reader<'_>) -> JsonResult<TokenResponse> {
        let (mut access_token, mut id_token, mut refresh_token, mut expires_in) = (None, None, None, None);
        r.fields(&["access_token", "id_token", "refresh_token", "expires_in"], &mut |r, n| {
            match n {
                0 => access_token = Some(r.string()?),
                1 => id_token = r.option(Reader::string)?,
                2 => refresh_token = r.option(Reader::string)?,
                _ => expires_in = r.option(Reader::i64)?,
            }
            Ok(())
        })?;
        Ok(TokenResponse {
            access_token: required(r, access_token, "access_token")?,
            id_token,
            refresh_token,
            expires_in,
        })
    }
}

/// An OAuth error answer (RFC 6749 §5.2).
struct OAuthErrorBody {
    error: String,
    error_description: Option<String>,
}

impl Decode for OAuthErrorBody {
    fn decode(r: &mut Reader<'_>) -> JsonResult<OAuthErrorBody> {
        let (mut error, mut error_description) = (None, None);
        r.fields(&["error", "error_description"], &mut |r, n| {
            match n {
                0 => error = Some(r.string()?),
                _ => error_description = r.option(Reader::string)?,
            }
            Ok(())
        })?;
        Ok(OAuthErrorBody { error: required(r, error, "error")?, error_description })
    }
}

/// Interprets a token endpoint answer.
///
/// # Errors
/// [`AuthError::TokenRefused`] for an OAuth error, [`AuthError::InvalidToken`] for an unreadable body.
pub fn parse_token_response(status: u16, body: &str) -> Result<TokenResponse, AuthError> {
    if crate::http::is_success(status) {
        return crate::json::read(body)
            .map_err(|e| AuthError::InvalidToken { detail: format!("unreadable token answer: {e}") });
    }
    let detail = match crate::json::read::<OAuthErrorBody>(body) {
        Ok(err) => match err.error_description {
            Some(d) => format!("{}: {}", err.error, d),
            None => err.error,
        },
        Err(_) => format!("HTTP {status}"),
    };
    Err(AuthError::TokenRefused { detail })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn login() -> PendingLogin {
        PendingLogin {
            state: "st".into(),
            nonce: "no".into(),
            verifier: "ve".into(),
            return_to: "/".into(),
            started_ms: 0,
        }
    }

    #[test]
    fn a_pending_login_reads_back_as_it_was_kept() {
        let login = PendingLogin { return_to: "/?q=a&b=c d#x".into(), started_ms: 1_764_000_000_123, ..login() };
        assert_eq!(PendingLogin::from_text(&login.to_text()), Some(login.clone()));
        let text = login.to_text();
        for broken in [
            "",
            "state=st&nonce=no&verifier=ve&return_to=%2F",
            "state=st&nonce=no&verifier=ve&return_to=%2F&started_ms=soon",
            "{\"state\":\"st\"}",
        ] {
            assert_eq!(PendingLogin::from_text(broken), None, "{broken}");
        }
        assert!(PendingLogin::from_text(&format!("{text}&extra=1")).is_some(), "unknown keys are ignored");
    }

    #[test]
    fn the_authorize_url_carries_pkce_state_and_nonce_url_encoded() {
        let url = authorize_url(
            "https://kc/auth/realms/master/protocol/openid-connect/auth",
            "panel",
            "https://w/admin users/",
            &login(),
            "ch",
        );
        assert!(
            url.starts_with("https://kc/auth/realms/master/protocol/openid-connect/auth?client_id=panel&"),
            "{url}"
        );
        for part in [
            "redirect_uri=https%3A%2F%2Fw%2Fadmin+users%2F",
            "response_type=code",
            "state=st",
            "nonce=no",
            "code_challenge=ch",
            "code_challenge_method=S256",
            "scope=openid+profile+email",
        ] {
            assert!(url.contains(part), "{url} lacks {part}");
        }
        assert!(
            authorize_url("https://kc/auth?x=1", "p", "r", &login(), "c").starts_with("https://kc/auth?x=1&client_id")
        );
    }

    #[test]
    fn callbacks_are_read_from_the_query() {
        assert_eq!(
            parse_callback("?code=abc&state=xyz&iss=https%3A%2F%2Fkc"),
            Callback::Code { code: "abc".into(), state: "xyz".into() }
        );
        assert_eq!(
            parse_callback("?error=access_denied&error_description=User+cancelled&state=xyz"),
            Callback::Error {
                error: "access_denied".into(),
                description: Some("User cancelled".into()),
                state: Some("xyz".into())
            }
        );
        assert_eq!(parse_callback("?sort=name&q=ana"), Callback::None);
        assert_eq!(parse_callback("?code=abc"), Callback::None, "a code without state is not a callback");
    }

    #[test]
    fn callback_params_are_stripped_and_the_view_query_kept() {
        assert_eq!(strip_callback_params("?sort=-created&code=abc&state=xyz&iss=kc&q=ana+b"), "?sort=-created&q=ana+b");
        assert_eq!(strip_callback_params("?code=abc&state=xyz"), "");
        assert_eq!(strip_callback_params(""), "");
    }

    #[test]
    fn discovery_must_name_the_configured_issuer() {
        let body = r#"{"issuer": "https://kc/auth/realms/master", "authorization_endpoint": "a", "token_endpoint": "t", "jwks_uri": "j"}"#;
        assert_eq!(Discovery::parse("https://kc/auth/realms/master/", body).unwrap().token_endpoint, "t");
        assert!(matches!(
            Discovery::parse("https://other/auth/realms/master", body),
            Err(AuthError::Unreachable { .. })
        ));
        assert!(matches!(
            Discovery::parse("https://kc/auth/realms/master", "<html>"),
            Err(AuthError::Unreachable { .. })
        ));
        assert_eq!(
            Discovery::url("https://kc/auth/realms/master/"),
            "https://kc/auth/realms/master/.well-known/openid-configuration"
        );
    }

    #[test]
    fn token_answers_and_refusals_are_read() {
        let ok = parse_token_response(
            200,
            r#"{"access_token": "a", "id_token": "i", "refresh_token": "r", "expires_in": 60, "token_type": "Bearer"}"#,
        )
        .unwrap();
        assert_eq!((ok.access_token.as_str(), ok.expires_in), ("a", Some(60)));
        let refused =
            parse_token_response(400, r#"{"error": "invalid_grant", "error_description": "grant request is invalid"}"#)
                .unwrap_err();
        assert_eq!(refused, AuthError::TokenRefused { detail: "invalid_grant: grant request is invalid".into() });
        assert!(matches!(parse_token_response(502, "<html>"), Err(AuthError::TokenRefused { .. })));
        assert!(matches!(parse_token_response(200, "{}"), Err(AuthError::InvalidToken { .. })));
    }

    #[test]
    fn bodies_and_logout_urls_are_form_encoded() {
        assert_eq!(
            code_exchange_body("p", "https://w/", "c&d", "v"),
            "grant_type=authorization_code&client_id=p&redirect_uri=https%3A%2F%2Fw%2F&code=c%26d&code_verifier=v"
        );
        assert_eq!(refresh_body("p", "r+t"), "grant_type=refresh_token&client_id=p&refresh_token=r%2Bt");
        assert_eq!(
            logout_url("https://kc/logout", "p", "idt", "https://w/"),
            "https://kc/logout?client_id=p&id_token_hint=idt&post_logout_redirect_uri=https%3A%2F%2Fw%2F"
        );
    }
}
