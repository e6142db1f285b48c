//! Workspaces and their members in the same SQLite file as the users, with the same durability:
//! one transaction per change, acknowledged only once committed.

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::error::ApiError;
use crate::store::{row_to_user, Store, COLUMNS};
use crate::workspace::{Role, StoredWorkspace};

/// How a request names a user: by id, by email, or both (the SDK sends both).
#[derive(Debug, Clone, Default)]
pub struct UserRef {
    pub id: Option<String>,
    pub email: Option<String>,
}

/// A workspace to insert (seed and synthetic data); members are user ids.
pub struct NewWorkspace {
    pub name: String,
    pub created_ms: i64,
    pub created_by: String,
    pub archived: bool,
    pub models: Vec<i64>,
    pub pipelines: Vec<i64>,
    pub members: Vec<(String, Role)>,
    pub synthetic: bool,
}

const WORKSPACE_COLUMNS: &str = "id, name, created_ms, created_by, archived, models, pipelines";

fn row_to_workspace(row: &rusqlite::Row<'_>) -> rusqlite::Result<StoredWorkspace> {
    let ids = |text: String| serde_json::from_str::<Vec<i64>>(&text).unwrap_or_default();
    Ok(StoredWorkspace {
        id: row.get(0)?,
        name: row.get(1)?,
        created_ms: row.get(2)?,
        created_by: row.get(3)?,
        archived: row.get(4)?,
        models: ids(row.get(5)?),
        pipelines: ids(row.get(6)?),
    })
}

impl Store {
    /// Every workspace, or (with `member`) those the user is a member of, by id.
    pub fn workspaces(&self, member: Option<&str>) -> Result<Vec<StoredWorkspace>, ApiError> {
        self.with(|c| {
            let rows = match member {
                None => {
                    let mut stmt =
                        c.prepare_cached(&format!("SELECT {WORKSPACE_COLUMNS} FROM workspaces ORDER BY id"))?;
                    let rows = stmt.query_map([], row_to_workspace)?.collect::<rusqlite::Result<Vec<_>>>()?;
                    rows
                }
                Some(user) => {
                    let mut stmt = c.prepare_cached(&format!(
                        "SELECT {WORKSPACE_COLUMNS} FROM workspaces WHERE id IN \
                         (SELECT workspace_id FROM workspace_members WHERE user_id = ?1) ORDER BY id"
                    ))?;
                    let rows = stmt.query_map([user], row_to_workspace)?.collect::<rusqlite::Result<Vec<_>>>()?;
                    rows
                }
            };
            Ok(rows)
        })
    }

    /// A workspace's members as (user id, role), in the order they were added.
    pub fn members(&self, workspace_id: i64) -> Result<Vec<(String, Role)>, ApiError> {
        self.with(|c| {
            require_workspace(c, workspace_id)?;
            let mut stmt = c.prepare_cached(
                "SELECT user_id, user_type FROM workspace_members WHERE workspace_id = ?1 ORDER BY rowid",
            )?;
            let rows = stmt
                .query_map([workspace_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows
                .into_iter()
                .map(|(id, kind)| (id, if kind == "OWNER" { Role::Owner } else { Role::Collaborator }))
                .collect())
        })
    }

    /// Adds a user to a workspace, or changes an existing member's role (spec Q5: an upsert).
    pub fn add_member(&self, workspace_id: i64, user: &UserRef, role: Role) -> Result<(), ApiError> {
        self.in_transaction(|tx| {
            require_workspace(tx, workspace_id)?;
            let id = resolve_existing(tx, user)?;
            upsert_member(tx, workspace_id, &id, role)
        })
    }

    /// Makes `user` a member without checking that such a user exists: what a user removed from
    /// Keycloak leaves behind. Only the internal (loopback) router offers it, for the tests'
    /// set-up; the public `add_user` refuses an unknown user.
    pub fn add_member_unchecked(&self, workspace_id: i64, user: &str, role: Role) -> Result<(), ApiError> {
        self.in_transaction(|tx| {
            require_workspace(tx, workspace_id)?;
            upsert_member(tx, workspace_id, user, role)
        })
    }

    /// Removes a member; 0 when they were not one (spec: not an error). A `user_id` is removed
    /// even when it matches no user, so members left behind by deleted users can be cleaned up.
    pub fn remove_member(&self, workspace_id: i64, user: &UserRef) -> Result<usize, ApiError> {
        self.in_transaction(|tx| {
            require_workspace(tx, workspace_id)?;
            let id = match (&user.id, &user.email) {
                (Some(id), None) => id.clone(),
                _ => resolve_existing(tx, user)?,
            };
            Ok(tx.execute(
                "DELETE FROM workspace_members WHERE workspace_id = ?1 AND user_id = ?2",
                params![workspace_id, id],
            )?)
        })
    }

    /// Creates a workspace owned by its creator; a taken name is refused (spec Q4).
    pub fn create_workspace(&self, name: &str, creator: &str, now_ms: i64) -> Result<i64, ApiError> {
        self.in_transaction(|tx| {
            let taken: bool =
                tx.query_row("SELECT EXISTS(SELECT 1 FROM workspaces WHERE name = ?1)", [name], |r| r.get(0))?;
            if taken {
                return Err(ApiError::bad_request(format!(
                    "a workspace named \"{}\" already exists",
                    crate::rules::shorten(name)
                )));
            }
            let workspace = NewWorkspace {
                name: name.to_owned(),
                created_ms: now_ms,
                created_by: creator.to_owned(),
                archived: false,
                models: vec![],
                pipelines: vec![],
                members: vec![(creator.to_owned(), Role::Owner)],
                synthetic: false,
            };
            insert(tx, &workspace)?.ok_or_else(|| ApiError::internal("the workspace could not be created"))
        })
    }

    /// Inserts workspaces in one transaction (seeding); names already present are left alone.
    pub fn insert_workspaces(&self, workspaces: &[NewWorkspace]) -> Result<usize, ApiError> {
        self.in_transaction(|tx| {
            let mut inserted = 0;
            for workspace in workspaces {
                inserted += usize::from(insert(tx, workspace)?.is_some());
            }
            Ok(inserted)
        })
    }

    pub fn count_workspaces(&self, synthetic: bool) -> Result<i64, ApiError> {
        self.with(|c| {
            Ok(c.query_row("SELECT COUNT(*) FROM workspaces WHERE synthetic = ?1", [synthetic], |r| r.get(0))?)
        })
    }
}

fn insert(tx: &Transaction<'_>, w: &NewWorkspace) -> Result<Option<i64>, ApiError> {
    let added = tx.execute(
        "INSERT OR IGNORE INTO workspaces (name, created_ms, created_by, archived, models, pipelines, synthetic) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            w.name,
            w.created_ms,
            w.created_by,
            w.archived,
            serde_json::to_string(&w.models).unwrap_or_else(|_| "[]".into()),
            serde_json::to_string(&w.pipelines).unwrap_or_else(|_| "[]".into()),
            w.synthetic
        ],
    )?;
    if added == 0 {
        return Ok(None);
    }
    let id = tx.last_insert_rowid();
    let mut stmt = tx.prepare_cached(
        "INSERT OR REPLACE INTO workspace_members (workspace_id, user_id, user_type) VALUES (?1, ?2, ?3)",
    )?;
    for (user, role) in &w.members {
        stmt.execute(params![id, user, role.as_str()])?;
    }
    Ok(Some(id))
}

/// Adds a member, or gives an existing one this role (spec Q5: an upsert).
fn upsert_member(tx: &Transaction<'_>, workspace_id: i64, user: &str, role: Role) -> Result<(), ApiError> {
    tx.execute(
        "INSERT INTO workspace_members (workspace_id, user_id, user_type) VALUES (?1, ?2, ?3) \
         ON CONFLICT (workspace_id, user_id) DO UPDATE SET user_type = excluded.user_type",
        params![workspace_id, user, role.as_str()],
    )?;
    Ok(())
}

fn require_workspace(c: &Connection, id: i64) -> Result<(), ApiError> {
    let exists: bool = c.query_row("SELECT EXISTS(SELECT 1 FROM workspaces WHERE id = ?1)", [id], |r| r.get(0))?;
    if exists {
        Ok(())
    } else {
        Err(ApiError::bad_request(format!("no workspace has the id {id}")))
    }
}

/// The id of the existing user a request names; when both id and email are given they must agree.
fn resolve_existing(c: &Connection, user: &UserRef) -> Result<String, ApiError> {
    let find = |sql: &str, key: &str| -> Result<Option<String>, ApiError> {
        Ok(c.query_row(&format!("SELECT {COLUMNS} FROM users WHERE {sql} = ?1"), [key], row_to_user)
            .optional()?
            .map(|u| u.id))
    };
    let by_id = match &user.id {
        Some(id) => Some(find("id", id)?.ok_or_else(|| ApiError::bad_request(format!("no user has the id {id}")))?),
        None => None,
    };
    let by_email = match &user.email {
        Some(email) => {
            Some(find("email", email)?.ok_or_else(|| ApiError::bad_request(format!("no user has the email {email}")))?)
        }
        None => None,
    };
    match (by_id, by_email) {
        (Some(a), Some(b)) if a != b => Err(ApiError::bad_request("user_id and email name two different users")),
        (Some(id), _) | (None, Some(id)) => Ok(id),
        (None, None) => Err(ApiError::bad_request("name the user with email or user_id")),
    }
}
