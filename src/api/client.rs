//! The browser side of the API boundary: sends requests with [`crate::fetch`] and hands the
//! answer to the pure [`interpret_response`]. Only compiled for wasm32.

use std::rc::Rc;

use futures::future::{FutureExt, LocalBoxFuture};

use crate::fetch;
use crate::json::{Decode, Skip};

use super::answer::ListAnswer;
use super::endpoint::Endpoint;
use super::error::{interpret_response, no_answer, ApiError};
use super::types::{
    EditUserRequest, EditUserResponse, EmailRequest, Empty, Encode, InviteRequest, InviteResponse, User, UserId,
    UsersQueryRequest, UsersQueryResponse,
};
use super::workspace_types::{
    CreateWorkspaceRequest, CreateWorkspaceResponse, ListMembersResponse, ListWorkspacesRequest,
    ListWorkspacesResponse, Member, MemberRequest, RemoveMemberResponse, Workspace, WorkspaceId, WorkspaceRequest,
};

/// Where the bearer token comes from, and what to do when the API refuses it. The auth layer
/// implements it; 401 handling lives here once, so pages never look at status codes.
pub trait Credentials {
    /// A token valid for a while yet (refreshed first when about to expire); `None` sends the
    /// request without `Authorization`.
    fn bearer(&self) -> LocalBoxFuture<'_, Option<String>>;
    /// After a 401: refresh once. `true` means there is a new token worth one retry.
    fn refresh_after_401(&self) -> LocalBoxFuture<'_, bool>;
    /// The retry was refused too: the session is over (the UI asks to sign in again).
    fn session_rejected(&self);
}

/// A fixed token, for tests and tools.
pub struct StaticToken(pub Option<String>);

impl Credentials for StaticToken {
    fn bearer(&self) -> LocalBoxFuture<'_, Option<String>> {
        let token = self.0.clone();
        async move { token }.boxed_local()
    }
    fn refresh_after_401(&self) -> LocalBoxFuture<'_, bool> {
        async { false }.boxed_local()
    }
    fn session_rejected(&self) {}
}

/// A cheap-to-clone handle on one Wallaroo API: its base URL and where tokens come from.
#[derive(Clone)]
pub struct ApiClient {
    base: Rc<str>,
    credentials: Rc<dyn Credentials>,
    timeout_ms: u32,
    /// The page's own origin: with an API elsewhere, no answer most likely means CORS.
    panel_origin: Option<Rc<str>>,
}

impl ApiClient {
    /// `base` is the API root, e.g. `https://wallaroo.example.com` (no `/v1/api`).
    pub fn new(base: impl Into<Rc<str>>, credentials: Rc<dyn Credentials>) -> Self {
        Self {
            base: base.into(),
            credentials,
            timeout_ms: crate::config::DEFAULT_REQUEST_TIMEOUT_SECONDS * 1000,
            panel_origin: web_sys::window().and_then(|w| w.location().origin().ok()).map(Rc::from),
        }
    }

    /// Gives up on a call (and says so) after `ms` milliseconds without a complete answer.
    #[must_use]
    pub fn with_timeout_ms(mut self, ms: u32) -> Self {
        self.timeout_ms = ms;
        self
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
        self.query_all_answer().await?.decode()
    }

    /// Every user of the realm, as the answer's bytes (decoded later, or not at all when they
    /// equal the last answer's).
    ///
    /// # Errors
    /// Any [`ApiError`] but a decode error, which [`ListAnswer::decode`] gives.
    pub async fn query_all_answer(&self) -> Result<ListAnswer, ApiError> {
        let bytes = self.send_raw(Endpoint::Query, &UsersQueryRequest::default()).await?;
        Ok(ListAnswer::new(bytes))
    }

    /// Only the given users; ids that do not exist are left out.
    ///
    /// # Errors
    /// Any [`ApiError`].
    pub async fn query_ids(&self, ids: Vec<UserId>) -> Result<Vec<User>, ApiError> {
        let answer: UsersQueryResponse = self.send(Endpoint::Query, &UsersQueryRequest { user_ids: Some(ids) }).await?;
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

    /// Every workspace (`workspaces/list` with `{}`).
    ///
    /// # Errors
    /// Any [`ApiError`].
    pub async fn workspaces(&self) -> Result<Vec<Workspace>, ApiError> {
        let answer: ListWorkspacesResponse = self.send(Endpoint::Workspaces, &ListWorkspacesRequest::default()).await?;
        Ok(answer.workspaces)
    }

    /// One workspace's members with their roles.
    ///
    /// # Errors
    /// Any [`ApiError`].
    pub async fn members(&self, workspace_id: WorkspaceId) -> Result<Vec<Member>, ApiError> {
        let answer: ListMembersResponse =
            self.send(Endpoint::WorkspaceMembers, &WorkspaceRequest { workspace_id }).await?;
        Ok(answer.users)
    }

    /// Adds a user to a workspace with a role, or gives a member that role.
    ///
    /// # Errors
    /// Any [`ApiError`].
    pub async fn add_member(&self, request: &MemberRequest) -> Result<(), ApiError> {
        let _: Empty = self.send(Endpoint::AddMember, request).await?;
        Ok(())
    }

    /// Removes a member; the answer says whether there was one to remove.
    ///
    /// # Errors
    /// Any [`ApiError`].
    pub async fn remove_member(&self, request: &MemberRequest) -> Result<bool, ApiError> {
        let answer: RemoveMemberResponse = self.send(Endpoint::RemoveMember, request).await?;
        Ok(answer.affected_rows > 0)
    }

    /// Creates a workspace owned by the signed-in administrator; answers its id.
    ///
    /// # Errors
    /// Any [`ApiError`].
    pub async fn create_workspace(&self, name: &str) -> Result<WorkspaceId, ApiError> {
        let body = CreateWorkspaceRequest { workspace_name: name.to_owned() };
        let answer: CreateWorkspaceResponse = self.send(Endpoint::CreateWorkspace, &body).await?;
        Ok(answer.workspace_id)
    }

    /// A request and the pure interpretation of its answer.
    async fn send<Resp: Decode>(&self, endpoint: Endpoint, body: &dyn Encode) -> Result<Resp, ApiError> {
        let answer = self.exchange(endpoint, body.encode()).await?;
        interpret_response(endpoint, answer.status, &answer.body)
    }

    /// A request whose 2xx body is returned undecoded; any other status is interpreted.
    async fn send_raw(&self, endpoint: Endpoint, body: &dyn Encode) -> Result<Vec<u8>, ApiError> {
        let answer = self.exchange(endpoint, body.encode()).await?;
        if answer.ok() {
            return Ok(answer.body);
        }
        interpret_response::<Skip>(endpoint, answer.status, &answer.body).map(|_| answer.body)
    }

    /// The one place that talks HTTP: bearer token, JSON body, one refresh-and-retry on a 401.
    /// It takes the body already encoded, so that it (and all below it) exists once in the
    /// wasm rather than once per request type.
    async fn exchange(&self, endpoint: Endpoint, body: String) -> Result<fetch::Answer, ApiError> {
        let mut answer = self.post_once(endpoint, &body).await?;
        if answer.status == 401 && self.credentials.refresh_after_401().await {
            answer = self.post_once(endpoint, &body).await?;
        }
        if answer.status == 401 {
            self.credentials.session_rejected();
        }
        Ok(answer)
    }

    /// One POST, aborted when it has no complete answer (body included) in time.
    async fn post_once(&self, endpoint: Endpoint, body: &str) -> Result<fetch::Answer, ApiError> {
        let controller = web_sys::AbortController::new()
            .map_err(|_| ApiError::Network { detail: "AbortController is unavailable".into() })?;
        let timer = Timer::start(self.timeout_ms, controller.clone());
        let result = self.post_with(endpoint, body, &controller.signal()).await;
        drop(timer);
        match result {
            Err(error) if error.outcome_unknown() && controller.signal().aborted() => {
                Err(ApiError::Timeout { seconds: self.timeout_ms.div_ceil(1000) })
            }
            other => other,
        }
    }

    async fn post_with(
        &self,
        endpoint: Endpoint,
        body: &str,
        signal: &web_sys::AbortSignal,
    ) -> Result<fetch::Answer, ApiError> {
        let bearer = self.credentials.bearer().await.map(|token| format!("Bearer {token}"));
        // Content-Type as the SDK sends it.
        let mut headers = vec![("Content-Type", "application/json")];
        if let Some(bearer) = &bearer {
            headers.push(("Authorization", bearer));
        }
        let url = endpoint.url(&self.base);
        let request = fetch::Request { signal: Some(signal), ..fetch::Request::post(&url, &headers, body) };
        fetch::send(&request).await.map_err(|detail| no_answer(detail, &self.base, self.panel_origin.as_deref()))
    }
}

/// Aborts a request when it fires; cleared when dropped (the request ended first). The same
/// leptos timer the session's refresh uses (auth/service.rs).
struct Timer(Option<leptos::prelude::TimeoutHandle>);

impl Timer {
    fn start(ms: u32, controller: web_sys::AbortController) -> Timer {
        let delay = std::time::Duration::from_millis(ms.min(i32::MAX as u32).into());
        Timer(leptos::prelude::set_timeout_with_handle(move || controller.abort(), delay).ok())
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        if let Some(handle) = self.0.take() {
            handle.clear();
        }
    }
}
