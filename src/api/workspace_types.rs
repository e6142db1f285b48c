//! Wire types of the five workspace endpoints, as `shared/spec/mlops-workspaces-api.md` gives
//! them (the SDK's generated models): integer workspace ids, `user_type` answered in capitals
//! and sent in lower case, like the SDK.

use serde::{Deserialize, Serialize};

use super::types::UserId;

/// A workspace id: an integer, not a UUID.
pub type WorkspaceId = i64;

/// One workspace as `workspaces/list` answers it. Every field is required by the SDK's model;
/// `models` and `pipelines` are ids, read only for their count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workspace {
    pub id: WorkspaceId,
    pub name: String,
    /// ISO 8601 with an offset, e.g. `2024-07-11T16:51:50.885751+00:00`.
    pub created_at: String,
    /// A user's UUID or an email: both forms occur.
    pub created_by: String,
    #[serde(default)]
    pub archived: bool,
    #[serde(default)]
    pub models: Vec<i64>,
    #[serde(default)]
    pub pipelines: Vec<i64>,
}

/// Body of `workspaces/list`: `{}` for every workspace.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ListWorkspacesRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<UserId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ListWorkspacesResponse {
    pub workspaces: Vec<Workspace>,
}

/// Body of `workspaces/list_users`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkspaceRequest {
    pub workspace_id: WorkspaceId,
}

/// One member; `user_type` is optional in the SDK's model.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Member {
    pub user_id: UserId,
    #[serde(default)]
    pub user_type: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ListMembersResponse {
    pub users: Vec<Member>,
}

/// Body of `workspaces/add_user` (also how a member is made owner) and `remove_user`. The
/// panel names users by id only: it works for every user, one without an email included, and
/// for a member who matches no user (remove).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberRequest {
    pub workspace_id: WorkspaceId,
    pub user_id: UserId,
    /// `"owner"` or `"collaborator"`, in lower case as the SDK sends it; absent on remove.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_type: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RemoveMemberResponse {
    #[serde(default)]
    pub affected_rows: i64,
}

/// Body of `workspaces/create`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CreateWorkspaceRequest {
    pub workspace_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CreateWorkspaceResponse {
    pub workspace_id: WorkspaceId,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tutorials_workspace_and_members_decode() {
        let list: ListWorkspacesResponse = serde_json::from_str(
            r#"{"workspaces": [{"id": 14, "name": "ccfraudworkspace", "created_at": "2024-07-11T16:51:50.885751+00:00",
                "created_by": "13486fc4-0000-4000-8000-000000000000", "archived": false, "models": [1], "pipelines": [1],
                "extra": "ignored"}]}"#,
        )
        .unwrap();
        assert_eq!(list.workspaces[0].id, 14);
        let members: ListMembersResponse =
            serde_json::from_str(r#"{"users": [{"user_id": "a", "user_type": "OWNER"}, {"user_id": "b"}]}"#).unwrap();
        assert_eq!(members.users[1].user_type, None);
        let body = MemberRequest { workspace_id: 3, user_id: "a".into(), user_type: Some("owner") };
        assert_eq!(serde_json::to_string(&body).unwrap(), r#"{"workspace_id":3,"user_id":"a","user_type":"owner"}"#);
        let remove = MemberRequest { user_type: None, ..body };
        assert_eq!(serde_json::to_string(&remove).unwrap(), r#"{"workspace_id":3,"user_id":"a"}"#);
    }
}
