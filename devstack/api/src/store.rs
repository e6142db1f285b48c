//! The user store: one SQLite file. Every change is one transaction, committed before the answer
//! is sent (WAL, synchronous=FULL), so a restart or a kill -9 loses nothing acknowledged and
//! leaves nothing half-written. One connection behind a mutex serialises writers, which makes
//! check-then-write rules (duplicate email, seat limit) safe under concurrent requests.

use std::collections::HashSet;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use crate::error::ApiError;
use crate::model::{RoleProfile, StoredUser};

pub struct Store {
    conn: Mutex<Connection>,
    /// (sub, sid) pairs already recorded, so only a session's first request touches the file;
    /// without it every authenticated call would be a synced write. Empty after a restart,
    /// where the table's primary key still keeps a session from counting twice.
    seen_sessions: Mutex<HashSet<(String, String)>>,
    /// Bumped after every committed write: a cached answer built at an older version is stale.
    version: AtomicU64,
}

/// What a new user is created with.
pub struct NewUser {
    pub id: String,
    pub username: String,
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub enabled: bool,
    pub email_verified: bool,
    pub created_ms: i64,
    pub last_login_ms: Option<i64>,
    pub profile: RoleProfile,
    pub required_actions: Vec<String>,
    pub password_hash: Option<String>,
    pub synthetic: bool,
}

/// The fields the edit endpoint changes.
pub struct Edit {
    pub id: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    /// `None` only for a user that has no email (the built-in admin) and is not given one.
    pub email: Option<String>,
    pub enabled: bool,
    pub is_admin: bool,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS users (
  id               TEXT PRIMARY KEY,
  username         TEXT NOT NULL UNIQUE,
  email            TEXT UNIQUE,
  first_name       TEXT,
  last_name        TEXT,
  enabled          INTEGER NOT NULL,
  email_verified   INTEGER NOT NULL,
  created_ms       INTEGER NOT NULL,
  last_login_ms    INTEGER,
  profile          TEXT NOT NULL,
  required_actions TEXT NOT NULL DEFAULT '[]',
  password_hash    TEXT,
  synthetic        INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS workspaces (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  name       TEXT NOT NULL UNIQUE,
  created_ms INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  archived   INTEGER NOT NULL DEFAULT 0,
  models     TEXT NOT NULL DEFAULT '[]',
  pipelines  TEXT NOT NULL DEFAULT '[]',
  synthetic  INTEGER NOT NULL DEFAULT 0
);
-- No foreign key to users: a member may be a user who no longer exists (spec, list_users).
CREATE TABLE IF NOT EXISTS workspace_members (
  workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
  user_id      TEXT NOT NULL,
  user_type    TEXT NOT NULL,
  PRIMARY KEY (workspace_id, user_id)
);
CREATE INDEX IF NOT EXISTS workspace_members_by_user ON workspace_members (user_id);
CREATE TABLE IF NOT EXISTS sessions_seen (
  sub TEXT NOT NULL,
  sid TEXT NOT NULL,
  PRIMARY KEY (sub, sid)
);
";

pub(crate) const COLUMNS: &str = "id, username, email, first_name, last_name, enabled, email_verified, created_ms, \
                       last_login_ms, profile, required_actions";

pub(crate) fn row_to_user(row: &Row<'_>) -> rusqlite::Result<StoredUser> {
    let profile: String = row.get(9)?;
    let actions: String = row.get(10)?;
    Ok(StoredUser {
        id: row.get(0)?,
        username: row.get(1)?,
        email: row.get(2)?,
        first_name: row.get(3)?,
        last_name: row.get(4)?,
        enabled: row.get(5)?,
        email_verified: row.get(6)?,
        created_ms: row.get(7)?,
        last_login_ms: row.get(8)?,
        profile: RoleProfile::parse(&profile).unwrap_or(RoleProfile::User),
        required_actions: serde_json::from_str(&actions).unwrap_or_default(),
    })
}

impl Store {
    /// Opens (or creates) the store at `path`.
    ///
    /// # Errors
    /// When the file cannot be opened or the schema cannot be created.
    pub fn open(path: &Path) -> rusqlite::Result<Self> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "busy_timeout", 5000)?;
        conn.execute_batch(SCHEMA)?;
        Ok(Self { conn: Mutex::new(conn), seen_sessions: Mutex::new(HashSet::new()), version: AtomicU64::new(0) })
    }

    pub(crate) fn with<T>(&self, f: impl FnOnce(&mut Connection) -> Result<T, ApiError>) -> Result<T, ApiError> {
        // A poisoned lock only means another request panicked mid-call; SQLite rolled its
        // transaction back, so the connection is still consistent.
        let mut conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut conn)
    }

    pub(crate) fn in_transaction<T>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        self.with(|conn| {
            let tx = conn.transaction()?;
            let value = f(&tx)?; // an early return drops `tx`, which rolls back
            tx.commit()?;
            self.version.fetch_add(1, Ordering::SeqCst);
            Ok(value)
        })
    }

    /// Changes with every committed write (see [`Store::all`] callers that cache).
    pub fn version(&self) -> u64 {
        self.version.load(Ordering::SeqCst)
    }

    pub fn count(&self) -> Result<i64, ApiError> {
        self.with(|c| Ok(c.query_row("SELECT COUNT(*) FROM users", [], |r| r.get(0))?))
    }

    pub fn count_synthetic(&self) -> Result<i64, ApiError> {
        self.with(|c| Ok(c.query_row("SELECT COUNT(*) FROM users WHERE synthetic = 1", [], |r| r.get(0))?))
    }

    pub fn all(&self) -> Result<Vec<StoredUser>, ApiError> {
        self.with(|c| {
            let mut stmt = c.prepare_cached(&format!("SELECT {COLUMNS} FROM users"))?;
            let users = stmt.query_map([], row_to_user)?.collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(users)
        })
    }

    pub fn get(&self, id: &str) -> Result<Option<StoredUser>, ApiError> {
        self.with(|c| get(c, id))
    }

    pub fn by_ids(&self, ids: &[String]) -> Result<Vec<(String, Option<StoredUser>)>, ApiError> {
        self.with(|c| ids.iter().map(|id| Ok((id.clone(), get(c, id)?))).collect())
    }

    /// The user and password hash for a login name: the username, or the email (as Keycloak allows).
    pub fn credentials(&self, login: &str) -> Result<Option<(StoredUser, Option<String>)>, ApiError> {
        self.with(|c| {
            let login = login.trim().to_lowercase();
            let sql = format!("SELECT {COLUMNS}, password_hash FROM users WHERE username = ?1 OR email = ?1");
            Ok(c.query_row(&sql, [login], |r| Ok((row_to_user(r)?, r.get::<_, Option<String>>(11)?))).optional()?)
        })
    }

    /// Inserts users in one transaction (seeding). Existing ids are left as they are.
    pub fn insert_many(&self, users: &[NewUser]) -> Result<usize, ApiError> {
        self.in_transaction(|tx| {
            let mut inserted = 0;
            for user in users {
                inserted += insert(tx, user)?;
            }
            Ok(inserted)
        })
    }

    /// Creates an invited user after the duplicate and seat checks, atomically.
    pub fn invite(&self, user: &NewUser, seat_limit: Option<u32>) -> Result<(), ApiError> {
        self.in_transaction(|tx| {
            let taken: bool = tx.query_row(
                "SELECT EXISTS(SELECT 1 FROM users WHERE username = ?1 OR email = ?1)",
                [&user.username],
                |r| r.get(0),
            )?;
            if taken {
                return Err(ApiError::bad_request(format!("a user with email {} already exists", user.username)));
            }
            check_seat(tx, seat_limit)?;
            insert(tx, user)?;
            Ok(())
        })
    }

    /// Activates or deactivates the user with `email`, with the self, built-in-admin and seat rules.
    pub fn set_enabled(
        &self,
        caller: &str,
        email: &str,
        enabled: bool,
        seat_limit: Option<u32>,
    ) -> Result<(), ApiError> {
        self.in_transaction(|tx| {
            let user = tx
                .query_row(&format!("SELECT {COLUMNS} FROM users WHERE email = ?1"), [email], row_to_user)
                .optional()?
                .ok_or_else(|| ApiError::bad_request(format!("no user has the email {email}")))?;
            if user.enabled == enabled {
                return Ok(()); // idempotent: already in the asked state
            }
            if !enabled {
                refuse_disabling(&user, caller)?;
            } else {
                check_seat(tx, seat_limit)?;
            }
            tx.execute("UPDATE users SET enabled = ?1 WHERE id = ?2", params![enabled, user.id])?;
            Ok(())
        })
    }

    /// Applies an edit, with the same rules as activate/deactivate plus email uniqueness.
    pub fn edit(&self, caller: &str, edit: &Edit, seat_limit: Option<u32>) -> Result<(), ApiError> {
        self.in_transaction(|tx| {
            let user =
                get(tx, &edit.id)?.ok_or_else(|| ApiError::bad_request(format!("no user has the id {}", edit.id)))?;
            if user.enabled && !edit.enabled {
                refuse_disabling(&user, caller)?;
            }
            if !user.enabled && edit.enabled {
                check_seat(tx, seat_limit)?;
            }
            if user.is_admin() && !edit.is_admin {
                if user.is_builtin_admin() {
                    return Err(ApiError::bad_request("the built-in admin keeps the admin role"));
                }
                if user.id == caller {
                    return Err(ApiError::bad_request("you cannot remove your own admin role"));
                }
            }
            if edit.email.is_none() && user.email.is_some() {
                return Err(ApiError::bad_request("email is required"));
            }
            if let Some(email) = &edit.email {
                let clash: bool = tx.query_row(
                    "SELECT EXISTS(SELECT 1 FROM users WHERE (email = ?1 OR username = ?1) AND id <> ?2)",
                    params![email, edit.id],
                    |r| r.get(0),
                )?;
                if clash {
                    return Err(ApiError::bad_request(format!("another user already has the email {email}")));
                }
            }
            let profile = match (edit.is_admin, user.profile) {
                (true, _) => RoleProfile::Admin,
                // Losing the admin role keeps user-management rights, as a Keycloak admin would
                // have to remove those separately.
                (false, RoleProfile::Admin) => RoleProfile::Manager,
                (false, other) => other,
            };
            // Invited users have their email as username; keep them in step.
            let username = match &edit.email {
                Some(email) if user.email.as_deref() == Some(user.username.as_str()) => email.clone(),
                _ => user.username.clone(),
            };
            let email_changed = user.email != edit.email;
            tx.execute(
                "UPDATE users SET username = ?1, email = ?2, first_name = ?3, last_name = ?4, enabled = ?5, \
                 profile = ?6, email_verified = email_verified AND NOT ?7 WHERE id = ?8",
                params![
                    username,
                    edit.email,
                    edit.first_name,
                    edit.last_name,
                    edit.enabled,
                    profile.as_str(),
                    email_changed,
                    edit.id
                ],
            )?;
            Ok(())
        })
    }

    /// Records a login the first time a token of a new IdP session is seen. Returns true if new.
    pub fn record_session(&self, sub: &str, sid: &str, now_ms: i64) -> Result<bool, ApiError> {
        let key = (sub.to_owned(), sid.to_owned());
        if self.seen_sessions.lock().unwrap_or_else(|p| p.into_inner()).contains(&key) {
            return Ok(false);
        }
        let new = self.in_transaction(|tx| {
            let new =
                tx.execute("INSERT OR IGNORE INTO sessions_seen (sub, sid) VALUES (?1, ?2)", params![sub, sid])? == 1;
            if new {
                tx.execute("UPDATE users SET last_login_ms = ?1 WHERE id = ?2", params![now_ms, sub])?;
            }
            Ok(new)
        })?;
        // Remembered only once committed, so a failed write is tried again next time.
        self.seen_sessions.lock().unwrap_or_else(|p| p.into_inner()).insert(key);
        Ok(new)
    }

    /// Sets a new password and clears the UPDATE_PASSWORD required action.
    pub fn set_password(&self, id: &str, hash: &str) -> Result<bool, ApiError> {
        self.in_transaction(|tx| {
            let Some(user) = get(tx, id)? else { return Ok(false) };
            let actions: Vec<&String> = user.required_actions.iter().filter(|a| *a != "UPDATE_PASSWORD").collect();
            tx.execute(
                "UPDATE users SET password_hash = ?1, required_actions = ?2 WHERE id = ?3",
                params![hash, serde_json::to_string(&actions).unwrap_or_else(|_| "[]".into()), id],
            )?;
            Ok(true)
        })
    }
}

pub(crate) fn get(c: &Connection, id: &str) -> Result<Option<StoredUser>, ApiError> {
    let mut stmt = c.prepare_cached(&format!("SELECT {COLUMNS} FROM users WHERE id = ?1"))?;
    Ok(stmt.query_row([id], row_to_user).optional()?)
}

fn insert(tx: &Transaction<'_>, u: &NewUser) -> Result<usize, ApiError> {
    Ok(tx.execute(
        "INSERT OR IGNORE INTO users (id, username, email, first_name, last_name, enabled, email_verified, \
         created_ms, last_login_ms, profile, required_actions, password_hash, synthetic) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            u.id,
            u.username,
            u.email,
            u.first_name,
            u.last_name,
            u.enabled,
            u.email_verified,
            u.created_ms,
            u.last_login_ms,
            u.profile.as_str(),
            serde_json::to_string(&u.required_actions).unwrap_or_else(|_| "[]".into()),
            u.password_hash,
            u.synthetic
        ],
    )?)
}

/// Active users are licence seats; one more may be added only below the limit.
fn check_seat(tx: &Transaction<'_>, seat_limit: Option<u32>) -> Result<(), ApiError> {
    let Some(limit) = seat_limit else { return Ok(()) };
    let active: i64 = tx.query_row("SELECT COUNT(*) FROM users WHERE enabled = 1", [], |r| r.get(0))?;
    if active >= i64::from(limit) {
        return Err(ApiError::forbidden(format!(
            "You have reached the user limit: the licence allows {limit} active users. Deactivate a user to free a seat."
        )));
    }
    Ok(())
}

fn refuse_disabling(user: &StoredUser, caller: &str) -> Result<(), ApiError> {
    if user.is_builtin_admin() {
        return Err(ApiError::bad_request("the built-in admin user cannot be deactivated"));
    }
    if user.id == caller {
        return Err(ApiError::bad_request("you cannot deactivate yourself"));
    }
    Ok(())
}
