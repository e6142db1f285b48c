//! Wire types of the five workspace endpoints, as `shared/spec/mlops-workspaces-api.md` gives
//! them (the SDK's generated models): integer workspace ids, `user_type` answered in capitals
//! and sent in lower case, like the SDK.

use super::types::{Encode, UserId};
use crate::json::{required, Decode, Object, Reader, Result};

/// A workspace id: an integer, not a UUID.
pub type WorkspaceId = i64;

/// One workspace as `workspaces/list` answers it. Every field is required by the SDK's model;
/// `models` and `pipelines` are ids, read only for their count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workspace {
    pub id: WorkspaceId,
    pub name: String,
    /// ISO 8601 with an offset, e.g. `2024-07-11T16:51:50.885751+00:00`.
    pub created_at: String,
    /// A user's UUID or an email: both forms occur.
    pub created_by: String,
    /// Absent reads as false.
    pub archived: bool,
    /// Absent reads as none.
    pub models: Vec<i64>,
    /// Absent reads as none.
    pub pipelines: Vec<i64>,
}

impl Decode for Workspace {
    fn decode(r: &mut Reader<'_>) -> Result<Workspace> {
        let (mut id, mut name, mut created_at, mut created_by) = (None, None, None, None);
        let (mut archived, mut models, mut pipelines) = (false, Vec::new(), Vec::new());
        r.fields(&["id", "name", "created_at", "created_by", "archived", "models", "pipelines"], &mut |r, n| {
            match n {
                0 => id = Some(r.i64()?),
                1 => name = Some(r.string()?),
                2 => created_at = Some(r.string()?),
                3 => created_by = Some(r.string()?),
                4 => archived = r.bool()?,
                5 => models = Vec::<i64>::decode(r)?,
                _ => pipelines = Vec::<i64>::decode(r)?,
            }
            Ok(())
        })?;
        Ok(Workspace {
            id: required(r, id, "id")?,
            name: required(r, name, "name")?,
            created_at: required(r, created_at, "created_at")?,
            created_by: required(r, created_by, "created_by")?,
            archived,
            models,
            pipelines,
        })
    }
}

/// Body of `workspaces/list`: `{}` for every workspace.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListWorkspacesRequest {
    pub user_id: Option<UserId>,
}

impl Encode for ListWorkspacesRequest {
    fn encode(&self) -> String {
        Object::new().opt_str("user_id", self.user_id.as_deref()).finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListWorkspacesResponse {
    pub workspaces: Vec<Workspace>,
}

impl Decode for ListWorkspacesResponse {
    fn decode(r: &mut Reader<'_>) -> Result<ListWorkspacesResponse> {
        let workspaces = r.field("workspaces", Vec::<Workspace>::decode)?;
        Ok(ListWorkspacesResponse { workspaces: required(r, workspaces, "workspaces")? })
    }
}

/// Body of `workspaces/list_users`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkspaceRequest {
    pub workspace_id: WorkspaceId,
}

impl Encode for WorkspaceRequest {
    fn encode(&self) -> String {
        Object::new().int("workspace_id", self.workspace_id).finish()
    }
}

/// One member; `user_type` is optional in the SDK's model (absent or `null`: `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub user_id: UserId,
    pub user_type: Option<String>,
}

impl Decode for Member {
    fn decode(r: &mut Reader<'_>) -> Result<Member> {
        let (mut user_id, mut user_type) = (None, None);
        r.fields(&["user_id", "user_type"], &mut |r, n| {
            match n {
                0 => user_id = Some(r.string()?),
                _ => user_type = r.option(Reader::string)?,
            }
            Ok(())
        })?;
        Ok(Member { user_id: required(r, user_id, "user_id")?, user_type })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListMembersResponse {
    pub users: Vec<Member>,
}

impl Decode for ListMembersResponse {
    fn decode(r: &mut Reader<'_>) -> Result<ListMembersResponse> {
        let users = r.field("users", Vec::<Member>::decode)?;
        Ok(ListMembersResponse { users: required(r, users, "users")? })
    }
}

/// Body of `workspaces/add_user` (also how a member is made owner) and `remove_user`. The
/// panel names users by id only: it works for every user, one without an email included, and
/// for a member who matches no user (remove).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRequest {
    pub workspace_id: WorkspaceId,
    pub user_id: UserId,
    /// `"owner"` or `"collaborator"`, in lower case as the SDK sends it; absent on remove.
    pub user_type: Option<&'static str>,
}

impl Encode for MemberRequest {
    fn encode(&self) -> String {
        Object::new()
            .int("workspace_id", self.workspace_id)
            .str("user_id", &self.user_id)
            .opt_str("user_type", self.user_type)
            .finish()
    }
}

/// `affected_rows`, absent: 0.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoveMemberResponse {
    pub affected_rows: i64,
}

impl Decode for RemoveMemberResponse {
    fn decode(r: &mut Reader<'_>) -> Result<RemoveMemberResponse> {
        let affected_rows = r.field("affected_rows", Reader::i64)?.unwrap_or(0);
        Ok(RemoveMemberResponse { affected_rows })
    }
}

/// Body of `workspaces/create`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateWorkspaceRequest {
    pub workspace_name: String,
}

impl Encode for CreateWorkspaceRequest {
    fn encode(&self) -> String {
        Object::new().str("workspace_name", &self.workspace_name).finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateWorkspaceResponse {
    pub workspace_id: WorkspaceId,
}

impl Decode for CreateWorkspaceResponse {
    fn decode(r: &mut Reader<'_>) -> Result<CreateWorkspaceResponse> {
        let workspace_id = r.field("workspace_id", Reader::i64)?;
        Ok(CreateWorkspaceResponse { workspace_id: required(r, workspace_id, "workspace_id")? })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::read;

    #[test]
    fn the_tutorials_workspace_and_members_decode() {
        let list: ListWorkspacesResponse = read(
            r#"{"workspaces": [{"id": 14, "name": "ccfraudworkspace", "created_at": "2024-07-11T16:51:50.885751+00:00",
                "created_by": "13486fc4-0000-4000-8000-000000000000", "archived": false, "models": [1], "pipelines": [1],
                "extra": "ignored"}]}"#,
        )
        .unwrap();
        assert_eq!(list.workspaces[0].id, 14);
        assert_eq!(list.workspaces[0].models, [1]);
        let members: ListMembersResponse =
            read(r#"{"users": [{"user_id": "a", "user_type": "OWNER"}, {"user_id": "b"}]}"#).unwrap();
        assert_eq!(members.users[0].user_type.as_deref(), Some("OWNER"));
        assert_eq!(members.users[1].user_type, None);
        let body = MemberRequest { workspace_id: 3, user_id: "a".into(), user_type: Some("owner") };
        assert_eq!(body.encode(), r#"{"workspace_id":3,"user_id":"a","user_type":"owner"}"#);
        let remove = MemberRequest { user_type: None, ..body };
        assert_eq!(remove.encode(), r#"{"workspace_id":3,"user_id":"a"}"#);
        assert_eq!(ListWorkspacesRequest::default().encode(), "{}");
        assert_eq!(read::<RemoveMemberResponse>("{}").unwrap().affected_rows, 0);
        assert!(read::<CreateWorkspaceResponse>(r#"{"workspace_id": 1, "workspace_id": 2}"#).is_err(), "a key twice");
        assert!(read::<ListWorkspacesResponse>(r#"{"workspaces": [{"id": 1}]}"#)
            .unwrap_err()
            .to_string()
            .contains("\"name\" is missing"));
    }
}
