//! The five users endpoints, the five workspace endpoints, and how their URLs are built. Every endpoint is `POST` with JSON.

/// One endpoint of the Wallaroo MLOps users API (spec §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Endpoint {
    /// `users/query`: all users (`{}`) or some ids.
    Query,
    /// `users/invite`: create a user.
    Invite,
    /// `users/deactivate`: set `enabled` false, by email.
    Deactivate,
    /// `users/activate`: set `enabled` true, by email.
    Activate,
    /// `user` (singular): edit names, email, active flag and admin role.
    Edit,
    /// `workspaces/list`: every workspace.
    Workspaces,
    /// `workspaces/list_users`: one workspace's members and their roles.
    WorkspaceMembers,
    /// `workspaces/add_user`: add a member, or change a member's role.
    AddMember,
    /// `workspaces/remove_user`.
    RemoveMember,
    /// `workspaces/create`.
    CreateWorkspace,
}

impl Endpoint {
    /// The path below the API base URL.
    pub const fn path(self) -> &'static str {
        match self {
            Endpoint::Query => "/v1/api/users/query",
            Endpoint::Invite => "/v1/api/users/invite",
            Endpoint::Deactivate => "/v1/api/users/deactivate",
            Endpoint::Activate => "/v1/api/users/activate",
            Endpoint::Edit => "/v1/api/user",
            Endpoint::Workspaces => "/v1/api/workspaces/list",
            Endpoint::WorkspaceMembers => "/v1/api/workspaces/list_users",
            Endpoint::AddMember => "/v1/api/workspaces/add_user",
            Endpoint::RemoveMember => "/v1/api/workspaces/remove_user",
            Endpoint::CreateWorkspace => "/v1/api/workspaces/create",
        }
    }

    /// The full URL for an API base such as `https://wallaroo.example.com` or
    /// `https://host/prefix/`; a trailing slash on the base is ignored, as the SDK does.
    pub fn url(self, api_base: &str) -> String {
        format!("{}{}", api_base.trim_end_matches('/'), self.path())
    }
}
