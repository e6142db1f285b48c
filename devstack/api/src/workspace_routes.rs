//! The five workspace endpoints (`shared/spec/mlops-workspaces-api.md`), with the users API's
//! rules: every failure a 400/401/403/500 `{msg, code}`, reading needs `view-users` or
//! `query-users`, changing needs `manage-users` (spec Q1).

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;

use crate::error::ApiError;
use crate::routes::{blocking, caller, now_ms, JsonBody, Shared};
use crate::rules::normalize_email;
use crate::workspace::{check_name, workspace_json, Role};
use crate::workspace_store::UserRef;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListBody {
    /// Spec Q2: `user_id` (as the SDK sends it) lists the workspaces this user is a member of.
    #[serde(default)]
    user_id: Option<String>,
}

pub async fn list(
    State(state): State<Shared>,
    headers: HeaderMap,
    JsonBody(body): JsonBody<ListBody>,
) -> Result<Response, ApiError> {
    caller(&state, &headers).await?.require_read()?;
    let workspaces = blocking(&state, move |s| s.store.workspaces(body.user_id.as_deref())).await?;
    let workspaces: Vec<_> = workspaces.iter().map(workspace_json).collect();
    Ok(Json(json!({ "workspaces": workspaces })).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkspaceBody {
    workspace_id: i64,
}

pub async fn list_users(
    State(state): State<Shared>,
    headers: HeaderMap,
    JsonBody(body): JsonBody<WorkspaceBody>,
) -> Result<Response, ApiError> {
    caller(&state, &headers).await?.require_read()?;
    let members = blocking(&state, move |s| s.store.members(body.workspace_id)).await?;
    let users: Vec<_> = members.iter().map(|(id, role)| json!({ "user_id": id, "user_type": role.as_str() })).collect();
    Ok(Json(json!({ "users": users })).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberBody {
    workspace_id: i64,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    user_id: Option<String>,
    /// Sent by the SDK (`http://localhost:3000`) and ignored, as no invitation mail is sent here.
    #[serde(default)]
    #[allow(dead_code)]
    url: Option<String>,
    #[serde(default)]
    user_type: Option<String>,
}

impl MemberBody {
    fn user(&self) -> Result<UserRef, ApiError> {
        let email = self.email.as_deref().map(normalize_email).transpose()?;
        let id = self.user_id.as_deref().map(str::trim).filter(|id| !id.is_empty()).map(str::to_owned);
        Ok(UserRef { id, email })
    }
}

pub async fn add_user(
    State(state): State<Shared>,
    headers: HeaderMap,
    JsonBody(body): JsonBody<MemberBody>,
) -> Result<Response, ApiError> {
    caller(&state, &headers).await?.require_manage()?;
    let user = body.user()?;
    // The model says it "defaults to Collaborator".
    let role = body.user_type.as_deref().map(Role::parse).transpose()?.unwrap_or(Role::Collaborator);
    blocking(&state, move |s| s.store.add_member(body.workspace_id, &user, role)).await?;
    Ok(Json(json!({})).into_response())
}

pub async fn remove_user(
    State(state): State<Shared>,
    headers: HeaderMap,
    JsonBody(body): JsonBody<MemberBody>,
) -> Result<Response, ApiError> {
    caller(&state, &headers).await?.require_manage()?;
    if body.user_type.is_some() {
        return Err(ApiError::bad_request("remove_user takes workspace_id with email or user_id"));
    }
    let user = body.user()?;
    let affected = blocking(&state, move |s| s.store.remove_member(body.workspace_id, &user)).await?;
    Ok(Json(json!({ "affected_rows": affected })).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateBody {
    workspace_name: String,
}

pub async fn create(
    State(state): State<Shared>,
    headers: HeaderMap,
    JsonBody(body): JsonBody<CreateBody>,
) -> Result<Response, ApiError> {
    let caller = caller(&state, &headers).await?;
    caller.require_manage()?;
    let name = check_name(&body.workspace_name)?;
    let id = blocking(&state, move |s| s.store.create_workspace(&name, &caller.sub, now_ms())).await?;
    Ok(Json(json!({ "workspace_id": id })).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InternalMemberBody {
    workspace_id: i64,
    user_id: String,
    user_type: String,
}

/// `POST /internal/workspaces/members` (loopback only, never proxied): a member who need not be
/// a user, as a user deleted in Keycloak leaves behind; how the end-to-end checks put the seed's
/// unknown member back.
pub async fn internal_add_member(
    State(state): State<Shared>,
    JsonBody(body): JsonBody<InternalMemberBody>,
) -> Result<Response, ApiError> {
    let role = Role::parse(&body.user_type)?;
    blocking(&state, move |s| s.store.add_member_unchecked(body.workspace_id, &body.user_id, role)).await?;
    Ok(Json(json!({})).into_response())
}
