//! Bearer-token checks, as the real API applies them to Keycloak tokens: an RS256 signature from
//! the IdP's JWKS (fetched, cached, refetched on an unknown `kid`), the exact issuer, an unexpired
//! token; then the caller's `master-realm` roles decide what it may do.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{decode, decode_header, Algorithm, DecodingKey, Validation};
use serde::Deserialize;
use tokio::sync::{Mutex, RwLock};

use crate::error::ApiError;
use crate::model::Access;

/// Who is calling, from a verified access token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub sub: String,
    /// The IdP session id, used to record a user's last login once per session.
    pub sid: Option<String>,
    master_realm_roles: HashSet<String>,
}

impl Caller {
    pub fn has_role(&self, role: &str) -> bool {
        self.master_realm_roles.contains(role)
    }
    /// Reading users needs `view-users` or `query-users` (or `manage-users`, which implies view).
    pub fn can_read(&self) -> bool {
        self.has_role("view-users") || self.has_role("query-users") || self.can_manage()
    }
    /// Changing users needs `manage-users`.
    pub fn can_manage(&self) -> bool {
        self.has_role("manage-users")
    }
    /// The `access` map Keycloak computes for this caller on any user.
    pub fn access(&self) -> Access {
        Access {
            view: self.has_role("view-users") || self.can_manage(),
            manage: self.can_manage(),
            impersonate: self.has_role("impersonation"),
        }
    }
    /// Refuses with 403 unless the caller may read users.
    pub fn require_read(&self) -> Result<(), ApiError> {
        if self.can_read() {
            Ok(())
        } else {
            Err(ApiError::forbidden("reading users needs the view-users or query-users role of master-realm"))
        }
    }
    /// Refuses with 403 unless the caller may change users.
    pub fn require_manage(&self) -> Result<(), ApiError> {
        if self.can_manage() {
            Ok(())
        } else {
            Err(ApiError::forbidden("changing users needs the manage-users role of master-realm"))
        }
    }
}

#[derive(Debug, Deserialize)]
struct Claims {
    sub: String,
    #[serde(default)]
    sid: Option<String>,
    #[serde(default)]
    resource_access: HashMap<String, RoleList>,
}

#[derive(Debug, Default, Deserialize)]
struct RoleList {
    #[serde(default)]
    roles: Vec<String>,
}

/// Verifies tokens against one issuer and its JWKS.
pub struct Verifier {
    issuer: String,
    jwks_url: String,
    http: reqwest::Client,
    keys: RwLock<HashMap<String, DecodingKey>>,
    /// When the JWKS was last fetched: an unknown `kid` refetches at most this often, so a
    /// stream of forged tokens cannot turn into a stream of requests to the IdP.
    last_fetch: Mutex<Option<Instant>>,
}

/// How often an unknown `kid` may trigger a JWKS refetch.
const REFETCH_INTERVAL: Duration = Duration::from_secs(2);
/// Clock skew tolerated on `exp`; small, because the IdP issues 60-second tokens.
const LEEWAY_SECONDS: u64 = 5;

impl Verifier {
    pub fn new(issuer: impl Into<String>, jwks_url: impl Into<String>) -> Self {
        Self {
            issuer: issuer.into(),
            jwks_url: jwks_url.into(),
            http: reqwest::Client::builder().timeout(Duration::from_secs(5)).build().expect("HTTP client"),
            keys: RwLock::new(HashMap::new()),
            last_fetch: Mutex::new(None),
        }
    }

    /// Checks an `Authorization` header value and returns the caller.
    ///
    /// # Errors
    /// 401 `{msg, code}` naming what is wrong; 500 if the IdP's keys cannot be fetched.
    pub async fn verify(&self, authorization: Option<&str>) -> Result<Caller, ApiError> {
        let header = authorization.ok_or_else(|| ApiError::unauthorized("missing Authorization header"))?;
        let token = header
            .strip_prefix("Bearer ")
            .or_else(|| header.strip_prefix("bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| ApiError::unauthorized("Authorization header is not a Bearer token"))?;
        let jwt_header = decode_header(token).map_err(|_| ApiError::unauthorized("malformed token"))?;
        if jwt_header.alg != Algorithm::RS256 {
            return Err(ApiError::unauthorized("token is not signed with RS256"));
        }
        let kid = jwt_header.kid.ok_or_else(|| ApiError::unauthorized("token has no key id (kid)"))?;
        let key = self.key_for(&kid).await?;

        let mut validation = Validation::new(Algorithm::RS256);
        validation.set_issuer(&[&self.issuer]);
        validation.set_required_spec_claims(&["exp", "iss", "sub"]);
        validation.leeway = LEEWAY_SECONDS;
        // Keycloak's audience is ["master-realm", "account"]; the API does not pin it.
        validation.validate_aud = false;
        let data = decode::<Claims>(token, &key, &validation).map_err(|e| {
            use jsonwebtoken::errors::ErrorKind;
            ApiError::unauthorized(match e.kind() {
                ErrorKind::ExpiredSignature => "token has expired",
                ErrorKind::InvalidIssuer => "token was issued by another issuer",
                ErrorKind::InvalidSignature => "token signature is invalid",
                ErrorKind::MissingRequiredClaim(_) => "token lacks a required claim (exp, iss, sub)",
                _ => "token is invalid",
            })
        })?;
        let claims = data.claims;
        let roles = claims.resource_access.get("master-realm").map(|r| r.roles.clone()).unwrap_or_default();
        Ok(Caller { sub: claims.sub, sid: claims.sid, master_realm_roles: roles.into_iter().collect() })
    }

    async fn key_for(&self, kid: &str) -> Result<DecodingKey, ApiError> {
        if let Some(key) = self.keys.read().await.get(kid) {
            return Ok(key.clone());
        }
        let mut last = self.last_fetch.lock().await;
        // Another request may have refreshed the keys while this one waited for the lock.
        if let Some(key) = self.keys.read().await.get(kid) {
            return Ok(key.clone());
        }
        if last.is_some_and(|t| t.elapsed() < REFETCH_INTERVAL) {
            return Err(ApiError::unauthorized("token is signed with an unknown key"));
        }
        *last = Some(Instant::now());
        let set = self.fetch_jwks().await?;
        let mut keys = HashMap::new();
        for jwk in &set.keys {
            if let (Some(id), Ok(key)) = (jwk.common.key_id.clone(), DecodingKey::from_jwk(jwk)) {
                keys.insert(id, key);
            }
        }
        let found = keys.get(kid).cloned();
        *self.keys.write().await = keys;
        found.ok_or_else(|| ApiError::unauthorized("token is signed with an unknown key"))
    }

    async fn fetch_jwks(&self) -> Result<JwkSet, ApiError> {
        let unavailable = |e: reqwest::Error| {
            tracing::error!(error = %e, url = %self.jwks_url, "JWKS fetch failed");
            ApiError::internal("the identity provider's signing keys could not be fetched")
        };
        self.http
            .get(&self.jwks_url)
            .send()
            .await
            .map_err(unavailable)?
            .error_for_status()
            .map_err(unavailable)?
            .json()
            .await
            .map_err(unavailable)
    }
}
