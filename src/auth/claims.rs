//! Reading tokens: the ID token's checks (OIDC Core §3.1.3.7), and what the access token says
//! about the administrator's rights. Signatures are not checked in the browser: the tokens come
//! straight from the token endpoint over TLS (§3.1.3.7 item 6), and the API checks every access
//! token itself.

use super::error::AuthError;
use crate::json::{required, Decode, Reader, Result as JsonResult};

/// Decodes a JWT's payload without checking its signature.
///
/// # Errors
/// [`AuthError::InvalidToken`] when it is not three base64url parts with a JSON payload.
pub fn decode_payload<T: Decode>(jwt: &str) -> Result<T, AuthError> {
    let invalid = |detail: &str| AuthError::InvalidToken { detail: detail.to_owned() };
    let mut parts = jwt.split('.');
    let (Some(_header), Some(payload), Some(_signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(invalid("a token is not a JWT"));
    };
    let bytes = super::base64url::decode(payload.trim_end_matches('='))
        .ok_or_else(|| invalid("a token's payload is not base64url"))?;
    crate::json::read(&bytes)
        .map_err(|e| AuthError::InvalidToken { detail: format!("a token's claims are unreadable: {e}") })
}

/// `aud` is a string or an array of strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience {
    One(String),
    Many(Vec<String>),
}

impl Decode for Audience {
    fn decode(r: &mut Reader<'_>) -> JsonResult<Audience> {
        if r.next_is(b'[') {
            Vec::<String>::decode(r).map(Audience::Many)
        } else {
            r.string().map(Audience::One)
        }
    }
}

impl Audience {
    fn contains(&self, id: &str) -> bool {
        match self {
            Audience::One(a) => a == id,
            Audience::Many(all) => all.iter().any(|a| a == id),
        }
    }
    fn len(&self) -> usize {
        match self {
            Audience::One(_) => 1,
            Audience::Many(all) => all.len(),
        }
    }
}

/// The ID token's claims the panel reads; the optional ones may also be `null`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdClaims {
    pub iss: String,
    pub sub: String,
    pub aud: Audience,
    pub exp: i64,
    pub azp: Option<String>,
    pub nonce: Option<String>,
    pub name: Option<String>,
    pub preferred_username: Option<String>,
    pub email: Option<String>,
}

impl Decode for IdClaims {
    fn decode(r: &mut Reader<'_>) -> JsonResult<IdClaims> {
        let (mut iss, mut sub, mut aud, mut exp) = (None, None, None, None);
        let mut optional: [Option<String>; 5] = Default::default();
        const KEYS: [&str; 9] = ["iss", "sub", "aud", "exp", "azp", "nonce", "name", "preferred_username", "email"];
        r.fields(&KEYS, &mut |r, n| {
            match n {
                0 => iss = Some(r.string()?),
                1 => sub = Some(r.string()?),
                2 => aud = Some(Audience::decode(r)?),
                3 => exp = Some(r.i64()?),
                _ => optional[n - 4] = r.option(Reader::string)?,
            }
            Ok(())
        })?;
        let [azp, nonce, name, preferred_username, email] = optional;
        Ok(IdClaims {
            iss: required(r, iss, "iss")?,
            sub: required(r, sub, "sub")?,
            aud: required(r, aud, "aud")?,
            exp: required(r, exp, "exp")?,
            azp,
            nonce,
            name,
            preferred_username,
            email,
        })
    }
}

/// Clock skew tolerated between the browser and the IdP.
pub const SKEW_SECONDS: i64 = 60;

impl IdClaims {
    /// The ID token checks of OIDC Core §3.1.3.7: issuer, audience and azp, nonce, expiry.
    ///
    /// # Errors
    /// [`AuthError::InvalidToken`] naming the failed check.
    pub fn validate(&self, issuer: &str, client_id: &str, nonce: Option<&str>, now_s: i64) -> Result<(), AuthError> {
        let fail = |detail: String| Err(AuthError::InvalidToken { detail });
        if self.iss.trim_end_matches('/') != issuer.trim_end_matches('/') {
            return fail(format!("the ID token was issued by {}, not {issuer}", self.iss));
        }
        if !self.aud.contains(client_id) {
            return fail(format!("the ID token is not meant for the client {client_id}"));
        }
        match &self.azp {
            Some(azp) if azp != client_id => {
                return fail(format!("the ID token's authorized party is {azp}, not {client_id}"))
            }
            None if self.aud.len() > 1 => {
                return fail("the ID token has several audiences and no authorized party".into())
            }
            _ => {}
        }
        if let Some(expected) = nonce {
            if self.nonce.as_deref() != Some(expected) {
                return fail("the ID token's nonce does not match this sign-in (a replayed answer?)".into());
            }
        }
        if self.exp + SKEW_SECONDS < now_s {
            return fail("the ID token has expired (is the computer's clock right?)".into());
        }
        Ok(())
    }

    /// What the header shows: the name, else the username, else the email.
    pub fn display_name(&self) -> String {
        [&self.name, &self.preferred_username, &self.email]
            .into_iter()
            .flatten()
            .map(|s| s.trim())
            .find(|s| !s.is_empty())
            .unwrap_or(&self.sub)
            .to_owned()
    }
}

/// `{"roles": [...]}`; no `roles` reads as none.
fn roles(r: &mut Reader<'_>) -> JsonResult<Vec<String>> {
    Ok(r.field("roles", Vec::<String>::decode)?.unwrap_or_default())
}

/// The access token's claims the panel reads: its expiry, its realm roles, and its roles on
/// `master-realm` (the other clients' entries are passed over unread).
#[derive(Debug)]
struct AccessClaims {
    exp: i64,
    realm_roles: Vec<String>,
    master_realm_roles: Vec<String>,
}

impl Decode for AccessClaims {
    fn decode(r: &mut Reader<'_>) -> JsonResult<AccessClaims> {
        let mut exp = None;
        let (mut realm_roles, mut master_realm_roles) = (Vec::new(), Vec::new());
        r.fields(&["exp", "realm_access", "resource_access"], &mut |r, n| {
            match n {
                0 => exp = Some(r.i64()?),
                1 => realm_roles = roles(r)?,
                _ => master_realm_roles = r.field("master-realm", roles)?.unwrap_or_default(),
            }
            Ok(())
        })?;
        Ok(AccessClaims { exp: required(r, exp, "exp")?, realm_roles, master_realm_roles })
    }
}

/// What the signed-in administrator may do, from the access token's roles. The API decides for
/// real; this only keeps the panel from offering what would be refused.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Permissions {
    /// `admin` realm role: a platform admin (the dashboard's admin type).
    pub is_admin: bool,
    /// `view-users` or `query-users` (or `manage-users`) on `master-realm`.
    pub can_read: bool,
    /// `manage-users` on `master-realm`: invite, activate, deactivate, edit.
    pub can_manage: bool,
}

/// Expiry and rights of an access token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccessInfo {
    pub exp: i64,
    pub permissions: Permissions,
}

/// Reads an access token (Keycloak's are JWTs).
///
/// # Errors
/// [`AuthError::InvalidToken`] when it is not a readable JWT.
pub fn access_info(access_token: &str) -> Result<AccessInfo, AuthError> {
    let claims: AccessClaims = decode_payload(access_token)?;
    let has = |role: &str| claims.master_realm_roles.iter().any(|r| r == role);
    Ok(AccessInfo {
        exp: claims.exp,
        permissions: Permissions {
            is_admin: claims.realm_roles.iter().any(|r| r == "admin"),
            can_read: has("view-users") || has("query-users") || has("manage-users"),
            can_manage: has("manage-users"),
        },
    })
}

/// Seconds before expiry at which a token is refreshed ahead of a call, like keycloak-js's
/// `updateToken(minValidity)`.
pub const MIN_VALIDITY_SECONDS: i64 = 10;

/// True when a token expiring at `exp` must be refreshed before use at `now_s`.
pub fn needs_refresh(exp: i64, now_s: i64) -> bool {
    exp - now_s <= MIN_VALIDITY_SECONDS
}

/// Milliseconds to wait before refreshing in the background: at three quarters of the remaining
/// life, but never later than `MIN_VALIDITY_SECONDS` before expiry, and not sooner than 1 s.
pub fn refresh_delay_ms(exp: i64, now_s: i64) -> i64 {
    let remaining = exp - now_s;
    let at = (remaining * 3 / 4).min(remaining - MIN_VALIDITY_SECONDS);
    at.max(1) * 1000
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jwt(payload: &str) -> String {
        format!("eyJhbGciOiJSUzI1NiJ9.{}.c2ln", crate::auth::base64url::encode(payload.as_bytes()))
    }

    fn id(extra: &str) -> IdClaims {
        decode_payload(&jwt(&format!(r#"{{"iss": "https://kc/auth/realms/master", "sub": "s", "aud": "panel", "exp": 1000, "nonce": "n"{extra}}}"#))).unwrap()
    }

    #[test]
    fn a_good_id_token_passes() {
        assert_eq!(id("").validate("https://kc/auth/realms/master", "panel", Some("n"), 900), Ok(()));
    }

    #[test]
    fn each_id_token_check_can_fail() {
        let issuer = "https://kc/auth/realms/master";
        let cases = [
            (id("").validate("https://evil/auth/realms/master", "panel", Some("n"), 900), "issued by"),
            (id("").validate(issuer, "other", Some("n"), 900), "not meant for"),
            (id(r#", "azp": "other""#).validate(issuer, "panel", Some("n"), 900), "authorized party"),
            (id("").validate(issuer, "panel", Some("different"), 900), "nonce"),
            (id("").validate(issuer, "panel", Some("n"), 1000 + SKEW_SECONDS + 1), "expired"),
        ];
        for (result, needle) in cases {
            match result {
                Err(AuthError::InvalidToken { detail }) => assert!(detail.contains(needle), "{detail}"),
                other => panic!("expected a failure about {needle}, got {other:?}"),
            }
        }
        let many: IdClaims =
            decode_payload(&jwt(r#"{"iss": "i", "sub": "s", "aud": ["panel", "x"], "exp": 1000}"#)).unwrap();
        assert!(many.validate("i", "panel", None, 0).is_err(), "several audiences need azp");
        assert_eq!(many.aud, Audience::Many(vec!["panel".into(), "x".into()]));
        for aud in ["7", "null", r#"{"a": 1}"#, r#"["panel", 7]"#] {
            let payload = format!(r#"{{"iss": "i", "sub": "s", "aud": {aud}, "exp": 1000}}"#);
            assert!(decode_payload::<IdClaims>(&jwt(&payload)).is_err(), "aud {aud} is neither form");
        }
    }

    #[test]
    fn display_name_prefers_name_then_username_then_email() {
        assert_eq!(id(r#", "name": "Ana Silva", "preferred_username": "ana@x.io""#).display_name(), "Ana Silva");
        assert_eq!(id(r#", "name": " ", "preferred_username": "admin""#).display_name(), "admin");
        assert_eq!(id(r#", "email": "bo@x.io""#).display_name(), "bo@x.io");
        assert_eq!(id("").display_name(), "s");
    }

    #[test]
    fn permissions_come_from_master_realm_roles() {
        let admin = access_info(&jwt(r#"{"exp": 5, "realm_access": {"roles": ["admin"]}, "resource_access": {"master-realm": {"roles": ["manage-users", "view-users"]}}}"#)).unwrap();
        assert_eq!(admin.permissions, Permissions { is_admin: true, can_read: true, can_manage: true });
        let viewer = access_info(&jwt(r#"{"exp": 5, "resource_access": {"master-realm": {"roles": ["view-users", "query-users"]}, "account": {"roles": ["manage-users"]}}}"#)).unwrap();
        assert_eq!(
            viewer.permissions,
            Permissions { is_admin: false, can_read: true, can_manage: false },
            "account's roles do not count"
        );
        let nobody = access_info(&jwt(r#"{"exp": 5}"#)).unwrap();
        assert_eq!(nobody.permissions, Permissions::default());
    }

    #[test]
    fn garbage_tokens_are_invalid_not_a_panic() {
        for bad in ["", "a.b", "a.b.c.d", "a.!!!.c", &jwt("not json"), &jwt(r#"{"exp": "soon"}"#)] {
            assert!(matches!(access_info(bad), Err(AuthError::InvalidToken { .. })), "{bad}");
        }
    }

    #[test]
    fn refresh_timing_keeps_a_margin_before_expiry() {
        assert!(!needs_refresh(1060, 1000));
        assert!(needs_refresh(1010, 1000));
        assert!(needs_refresh(900, 1000));
        assert_eq!(refresh_delay_ms(1060, 1000), 45_000, "a 60 s token refreshes after 45 s");
        assert_eq!(refresh_delay_ms(1020, 1000), 10_000, "never later than 10 s before expiry");
        assert_eq!(refresh_delay_ms(1005, 1000), 1_000, "not sooner than 1 s");
        assert_eq!(refresh_delay_ms(3600 + 1000, 1000), 2_700_000);
    }
}
