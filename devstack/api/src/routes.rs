//! HTTP routes. The public router is what the ingress exposes under `/v1/api/`; the internal
//! router (a separate loopback port, never proxied) is how the IdP checks passwords and reads
//! the claims of the same users: one source of truth for both services.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, FromRequest, Path, Request, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use http_body_util::BodyExt;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::auth::{Caller, Verifier};
use crate::error::ApiError;
use crate::model::{token_claims, user_json, Access, QueryForm, RoleProfile};
use crate::rules::{check_password, generate_password, normalize_email, normalize_name};
use crate::store::{Edit, NewUser, Store};
use crate::workspace_routes;

/// Request bodies above this are refused with 400 before they are parsed.
pub const BODY_LIMIT: usize = 1024 * 1024;
/// Bodies up to this size are read to the end before being refused (see [`read_limited`]).
pub const DRAIN_LIMIT: usize = 32 * 1024 * 1024;

/// Shared state of both routers.
pub struct AppState {
    pub store: Store,
    pub verifier: Verifier,
    /// Active users allowed by the licence; `None` for unlimited (Enterprise).
    pub seat_limit: Option<u32>,
    /// The last whole-list answer: (store version, caller's access, JSON bytes). Every caller
    /// with the same rights gets the same bytes until a write, so 200 concurrent queries of
    /// 10,000 users cost one serialisation, not 200.
    pub list_cache: std::sync::Mutex<Option<(u64, Access, Bytes)>>,
}

pub(crate) type Shared = Arc<AppState>;

/// The public API, as the ingress exposes it.
pub fn public_router(state: Shared) -> Router {
    Router::new()
        .route("/v1/api/users/query", post(query))
        .route("/v1/api/users/invite", post(invite))
        .route("/v1/api/users/deactivate", post(deactivate))
        .route("/v1/api/users/activate", post(activate))
        .route("/v1/api/user", post(edit))
        .route("/v1/api/workspaces/list", post(workspace_routes::list))
        .route("/v1/api/workspaces/list_users", post(workspace_routes::list_users))
        .route("/v1/api/workspaces/add_user", post(workspace_routes::add_user))
        .route("/v1/api/workspaces/remove_user", post(workspace_routes::remove_user))
        .route("/v1/api/workspaces/create", post(workspace_routes::create))
        .route("/v1/api/config", get(config))
        .fallback(|| async { ApiError::new(axum::http::StatusCode::NOT_FOUND, "no such endpoint") })
        .method_not_allowed_fallback(|| async {
            ApiError::new(axum::http::StatusCode::METHOD_NOT_ALLOWED, "this endpoint takes POST with a JSON body")
        })
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(state)
}

/// The IdP's view of the same users; bound to loopback only.
pub fn internal_router(state: Shared) -> Router {
    Router::new()
        .route("/internal/login", post(internal_login))
        .route("/internal/accounts/{sub}", get(internal_account))
        .route("/internal/password", post(internal_password))
        .route("/internal/workspaces/members", post(workspace_routes::internal_add_member))
        .fallback(|| async { ApiError::new(axum::http::StatusCode::NOT_FOUND, "no such endpoint") })
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(state)
}

/// A JSON request body whose every failure is a 400 `{msg, code}`: too large, not JSON, wrong
/// types, missing or unknown fields. (axum's own `Json` answers 413/415/422 with plain text.)
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let _ = state;
        let bytes = read_limited(req.into_body()).await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(ApiError::bad_request("request body must be a JSON object"));
        }
        let invalid = |e: serde_json::Error| ApiError::bad_request(format!("invalid request body: {e}"));
        let value: Value = serde_json::from_slice(&bytes).map_err(invalid)?;
        // Checked first: serde would otherwise read `[]` as a struct whose fields are all optional.
        if !value.is_object() {
            return Err(ApiError::bad_request("invalid request body: it must be a JSON object"));
        }
        T::deserialize(value).map(JsonBody).map_err(invalid)
    }
}

/// Reads a body of at most [`BODY_LIMIT`] bytes. A larger one is read to its end (up to
/// [`DRAIN_LIMIT`]) before the 400 is sent: a server that answers and closes mid-upload makes
/// clients and proxies report a broken pipe (or a 502) instead of the answer.
async fn read_limited(body: axum::body::Body) -> Result<Bytes, ApiError> {
    let too_large = || ApiError::bad_request(format!("request body is too large (limit {} KiB)", BODY_LIMIT / 1024));
    let mut body = body;
    let mut kept = Vec::new();
    let mut seen = 0usize;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|_| ApiError::bad_request("request body could not be read"))?;
        if let Ok(data) = frame.into_data() {
            seen += data.len();
            if seen <= BODY_LIMIT {
                kept.extend_from_slice(&data);
            } else if seen > DRAIN_LIMIT {
                return Err(too_large());
            }
        }
    }
    if seen > BODY_LIMIT {
        return Err(too_large());
    }
    Ok(Bytes::from(kept))
}

pub(crate) async fn caller(state: &AppState, headers: &HeaderMap) -> Result<Caller, ApiError> {
    let authorization = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok());
    let caller = state.verifier.verify(authorization).await?;
    if let Some(sid) = &caller.sid {
        // lastLogin: the first token of a new IdP session counts as a login.
        state.store.record_session(&caller.sub, sid, now_ms())?;
    }
    Ok(caller)
}

/// Runs store work off the async threads (SQLite calls block).
pub(crate) async fn blocking<T: Send + 'static>(
    state: &Shared,
    f: impl FnOnce(&AppState) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let state = state.clone();
    tokio::task::spawn_blocking(move || f(&state))
        .await
        .map_err(|_| ApiError::internal("the request failed inside the server"))?
}

pub(crate) fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QueryBody {
    #[serde(default)]
    user_ids: Option<Vec<String>>,
}

async fn query(
    State(state): State<Shared>,
    headers: HeaderMap,
    JsonBody(body): JsonBody<QueryBody>,
) -> Result<Response, ApiError> {
    let caller = caller(&state, &headers).await?;
    caller.require_read()?;
    let access = caller.access();
    let Some(ids) = body.user_ids else {
        return list_answer(&state, access).await;
    };
    let users = blocking(&state, move |s| {
        // An id that does not exist answers null (spec Q5).
        let mut map = Map::new();
        for (id, user) in s.store.by_ids(&ids)? {
            map.insert(id, user.map_or(Value::Null, |u| user_json(&u, QueryForm::ByIds, access)));
        }
        Ok(map)
    })
    .await?;
    Ok(Json(json!({ "users": users })).into_response())
}

/// Every user, from the cache when nothing changed since it was built.
async fn list_answer(state: &Shared, access: Access) -> Result<Response, ApiError> {
    let cached = state.list_cache.lock().unwrap_or_else(|p| p.into_inner()).clone();
    let version = state.store.version();
    let bytes = match cached {
        Some((v, a, bytes)) if v == version && a == access => bytes,
        _ => {
            let bytes = blocking(state, move |s| {
                // The version read before the rows: a write in between leaves this answer
                // tagged older, so the next query rebuilds it.
                let version = s.store.version();
                let mut map = Map::new();
                for user in s.store.all()? {
                    map.insert(user.id.clone(), user_json(&user, QueryForm::List, access));
                }
                let bytes = Bytes::from(
                    serde_json::to_vec(&json!({ "users": map }))
                        .map_err(|_| ApiError::internal("the answer could not be encoded"))?,
                );
                *s.list_cache.lock().unwrap_or_else(|p| p.into_inner()) = Some((version, access, bytes.clone()));
                Ok(bytes)
            })
            .await?;
            bytes
        }
    };
    Ok(([(header::CONTENT_TYPE, "application/json")], bytes).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InviteBody {
    email: String,
    /// Required by the generated client's model, omitted by the SDK's own call: accept both.
    #[serde(default)]
    roles: Option<Vec<String>>,
    #[serde(default)]
    password: Option<String>,
    #[serde(default)]
    require_reset: Option<bool>,
}

async fn invite(
    State(state): State<Shared>,
    headers: HeaderMap,
    JsonBody(body): JsonBody<InviteBody>,
) -> Result<Response, ApiError> {
    let caller = caller(&state, &headers).await?;
    caller.require_manage()?;
    let email = normalize_email(&body.email)?;
    let mut profile = RoleProfile::User;
    for role in body.roles.unwrap_or_default() {
        match role.as_str() {
            "admin" => profile = RoleProfile::Admin,
            "user" => {}
            other => {
                return Err(ApiError::bad_request(format!(
                    "unknown role \"{}\"; known roles: admin, user",
                    crate::rules::shorten(other)
                )))
            }
        }
    }
    let generated = body.password.is_none();
    let password = match body.password {
        Some(p) => {
            check_password(&p)?;
            p
        }
        None => generate_password(),
    };
    let mut required_actions = Vec::new();
    if generated || body.require_reset == Some(true) {
        required_actions.push("UPDATE_PASSWORD".to_owned());
    }
    let id = uuid::Uuid::new_v4().to_string();
    let answer = json!({ "id": id, "password": password });
    blocking(&state, move |s| {
        let user = NewUser {
            id,
            username: email.clone(),
            email: Some(email),
            first_name: None,
            last_name: None,
            enabled: true,
            email_verified: false,
            created_ms: now_ms(),
            last_login_ms: None,
            profile,
            required_actions,
            password_hash: Some(hash_password(&password)?),
            synthetic: false,
        };
        s.store.invite(&user, s.seat_limit)
    })
    .await?;
    Ok(Json(answer).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EmailBody {
    email: String,
}

async fn deactivate(state: State<Shared>, headers: HeaderMap, body: JsonBody<EmailBody>) -> Result<Response, ApiError> {
    set_enabled(state, headers, body, false).await
}

async fn activate(state: State<Shared>, headers: HeaderMap, body: JsonBody<EmailBody>) -> Result<Response, ApiError> {
    set_enabled(state, headers, body, true).await
}

async fn set_enabled(
    State(state): State<Shared>,
    headers: HeaderMap,
    JsonBody(body): JsonBody<EmailBody>,
    enabled: bool,
) -> Result<Response, ApiError> {
    let caller = caller(&state, &headers).await?;
    caller.require_manage()?;
    let email = normalize_email(&body.email)?;
    blocking(&state, move |s| s.store.set_enabled(&caller.sub, &email, enabled, s.seat_limit)).await?;
    Ok(Json(json!({})).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct EditBody {
    id: String,
    first_name: String,
    last_name: String,
    email: String,
    enabled: bool,
    is_admin: bool,
}

async fn edit(
    State(state): State<Shared>,
    headers: HeaderMap,
    JsonBody(body): JsonBody<EditBody>,
) -> Result<Response, ApiError> {
    let caller = caller(&state, &headers).await?;
    caller.require_manage()?;
    let email = if body.email.trim().is_empty() { None } else { Some(normalize_email(&body.email)?) };
    let edit = Edit {
        id: body.id,
        first_name: normalize_name("firstName", &body.first_name)?,
        last_name: normalize_name("lastName", &body.last_name)?,
        email,
        enabled: body.enabled,
        is_admin: body.is_admin,
    };
    blocking(&state, move |s| s.store.edit(&caller.sub, &edit, s.seat_limit)).await?;
    // The real endpoint answers `null` or an object with no documented fields (spec §2.4).
    Ok(Json(Value::Null).into_response())
}

/// `GET /v1/api/config`: the SDK's client reads it, unauthenticated, at start-up.
async fn config() -> Json<Value> {
    Json(json!({ "edition": "stand-in", "users": { "seat_limit": Value::Null } }))
}

/// Argon2id with OWASP's lower-memory setting (m = 7 MiB, t = 5, p = 1): as strong in time as
/// the crate's default (19 MiB, t = 2), without holding ~20 MiB per hash during seeding.
fn hasher() -> Argon2<'static> {
    let params = argon2::Params::new(7 * 1024, 5, 1, None).expect("valid Argon2 parameters");
    Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
}

pub fn hash_password(password: &str) -> Result<String, ApiError> {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|_| ApiError::internal("could not hash the password"))
}

fn password_matches(password: &str, hash: Option<&str>) -> bool {
    // A user without a password (synthetic) still costs one verification, so timing does not
    // tell which logins exist.
    const DUMMY: &str =
        "$argon2id$v=19$m=7168,t=5,p=1$c29tZXNhbHRzb21lc2FsdA$4k1o0zQ0x1QCFT5PqVbq0m2wEgmZfFQJ9Ksb1gkGw2Q";
    let parsed = PasswordHash::new(hash.unwrap_or(DUMMY)).or_else(|_| PasswordHash::new(DUMMY));
    // verify_password reads the parameters from the stored hash itself.
    let ok = parsed.map(|h| hasher().verify_password(password.as_bytes(), &h).is_ok()).unwrap_or(false);
    ok && hash.is_some()
}

#[derive(Deserialize)]
struct LoginBody {
    username: String,
    password: String,
}

/// Checks a login for the IdP: 200 with the token claims, 401 for a wrong password (without
/// saying which part was wrong), 403 for a deactivated account.
async fn internal_login(
    State(state): State<Shared>,
    JsonBody(body): JsonBody<LoginBody>,
) -> Result<Response, ApiError> {
    blocking(&state, move |s| {
        let found = s.store.credentials(&body.username)?;
        let (user, hash) = match found {
            Some((user, hash)) => (Some(user), hash),
            None => (None, None),
        };
        if !password_matches(&body.password, hash.as_deref()) {
            return Err(ApiError::unauthorized("Invalid username or password."));
        }
        let user = user.ok_or_else(|| ApiError::unauthorized("Invalid username or password."))?;
        if !user.enabled {
            return Err(ApiError::forbidden("Account is disabled, contact your administrator."));
        }
        Ok(Json(token_claims(&user)).into_response())
    })
    .await
}

async fn internal_account(State(state): State<Shared>, Path(sub): Path<String>) -> Result<Response, ApiError> {
    blocking(&state, move |s| match s.store.get(&sub)? {
        Some(user) => Ok(Json(token_claims(&user)).into_response()),
        None => Err(ApiError::new(axum::http::StatusCode::NOT_FOUND, "no such account")),
    })
    .await
}

#[derive(Deserialize)]
struct PasswordBody {
    sub: String,
    password: String,
}

/// The IdP's "update password" step for a user whose required actions include UPDATE_PASSWORD.
async fn internal_password(
    State(state): State<Shared>,
    JsonBody(body): JsonBody<PasswordBody>,
) -> Result<Response, ApiError> {
    check_password(&body.password)?;
    blocking(&state, move |s| {
        let hash = hash_password(&body.password)?;
        if s.store.set_password(&body.sub, &hash)? {
            Ok(Json(json!({})).into_response())
        } else {
            Err(ApiError::new(axum::http::StatusCode::NOT_FOUND, "no such account"))
        }
    })
    .await
}
