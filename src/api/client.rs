//! The browser side of the API boundary: sends requests with gloo-net and hands the answer to the
//! pure [`interpret_response`]. Only compiled for wasm32.

use std::rc::Rc;

use gloo_net::http::Request;
use serde::{de::DeserializeOwned, Serialize};

use super::endpoint::Endpoint;
use super::error::{interpret_response, ApiError};
use super::types::{
    EditUserRequest, EditUserResponse, EmailRequest, Empty, InviteRequest, InviteResponse, User,
    UserId, UsersQueryRequest, UsersQueryResponse,
};

/// Supplies the bearer token for each call. The auth layer implements it (refreshing first when
/// the token is about to expire); `None` sends the request without `Authorization`.
pub type TokenSource = Rc<dyn Fn() -> Option<String>>;

/// A cheap-to-clone handle on one Wallaroo API: its base URL and where tokens come from.
#[derive(Clone)]
pub struct ApiClient {
    base: Rc<str>,
    token: TokenSource,
}

impl ApiClient {
    /// `base` is the API root, e.g. `https://wallaroo.example.com` (no `/v1/api`).
    pub fn new(base: impl Into<Rc<str>>, token: TokenSource) -> Self {
        Self { base: base.into(), token }
    }

    /// The API root this client talks to.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// Every user of the realm (`users/query` with `{}`).
    ///
    /// # Errors
    /// Any [`ApiError`]; see [`interpret_response`].
    pub async fn query_all(&self) -> Result<Vec<User>, ApiError> {
        let answer: UsersQueryResponse =
            self.send(Endpoint::Query, &UsersQueryRequest::default()).await?;
        Ok(answer.into_users())
    }

    /// Only the given users; ids that do not exist are left out.
    ///
    /// # Errors
    /// Any [`ApiError`].
    pub async fn query_ids(&self, ids: Vec<UserId>) -> Result<Vec<User>, ApiError> {
        let answer: UsersQueryResponse =
            self.send(Endpoint::Query, &UsersQueryRequest { user_ids: Some(ids) }).await?;
        Ok(answer.into_users())
    }

    /// Creates a user; the answer carries the new id and the initial password.
    ///
    /// # Errors
    /// [`ApiError::UserLimit`] when the licence is full; any other [`ApiError`].
    pub async fn invite(&self, request: &InviteRequest) -> Result<InviteResponse, ApiError> {
        self.send(Endpoint::Invite, request).await
    }

    /// Sets the user's `enabled` flag to false.
    ///
    /// # Errors
    /// Any [`ApiError`].
    pub async fn deactivate(&self, email: &str) -> Result<(), ApiError> {
        let _: Empty = self.send(Endpoint::Deactivate, &EmailRequest { email: email.into() }).await?;
        Ok(())
    }

    /// Sets the user's `enabled` flag to true.
    ///
    /// # Errors
    /// Any [`ApiError`].
    pub async fn activate(&self, email: &str) -> Result<(), ApiError> {
        let _: Empty = self.send(Endpoint::Activate, &EmailRequest { email: email.into() }).await?;
        Ok(())
    }

    /// Changes names, email, active flag and admin role.
    ///
    /// # Errors
    /// Any [`ApiError`].
    pub async fn edit(&self, request: &EditUserRequest) -> Result<(), ApiError> {
        let _: EditUserResponse = self.send(Endpoint::Edit, request).await?;
        Ok(())
    }

    /// The one place that talks HTTP: JSON body, bearer token, then the pure interpretation.
    async fn send<Req: Serialize, Resp: DeserializeOwned>(
        &self,
        endpoint: Endpoint,
        body: &Req,
    ) -> Result<Resp, ApiError> {
        let mut request = Request::post(&endpoint.url(&self.base));
        if let Some(token) = (self.token)() {
            request = request.header("Authorization", &format!("Bearer {token}"));
        }
        // `.json` sets Content-Type: application/json, as the SDK sends it.
        let request = request.json(body).map_err(|e| ApiError::Decode { detail: e.to_string() })?;
        let response = request.send().await.map_err(|e| ApiError::Network { detail: e.to_string() })?;
        let status = response.status();
        let text = response.text().await.map_err(|e| ApiError::Network { detail: e.to_string() })?;
        interpret_response(endpoint, status, &text)
    }
}
