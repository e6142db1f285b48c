//! The demo realm: users from `devstack/seed/users.json` on first start, and on request N
//! synthetic users for benchmarks. Times in the seed are relative ("days ago"), so the demo looks
//! the same whenever it is started.

use std::path::Path;

use serde::Deserialize;

use crate::error::ApiError;
use crate::model::RoleProfile;
use crate::routes::hash_password;
use crate::store::{NewUser, Store};
use crate::workspace::Role;
use crate::workspace_store::NewWorkspace;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedFile {
    /// Shared workspaces; members are emails, or a raw id (the seed has one matching no user).
    #[serde(default)]
    workspaces: Vec<SeedWorkspace>,
    users: Vec<SeedUser>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct SeedWorkspace {
    name: String,
    /// A user's id or email, recorded as given: real answers carry both forms.
    created_by: String,
    created_days_ago: f64,
    #[serde(default)]
    archived: bool,
    owners: Vec<String>,
    #[serde(default)]
    collaborators: Vec<String>,
    #[serde(default)]
    models: Vec<i64>,
    #[serde(default)]
    pipelines: Vec<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct SeedUser {
    id: String,
    username: String,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    first_name: Option<String>,
    #[serde(default)]
    last_name: Option<String>,
    password: String,
    profile: String,
    #[serde(default = "yes")]
    enabled: bool,
    #[serde(default)]
    email_verified: bool,
    created_days_ago: f64,
    #[serde(default)]
    last_login_days_ago: Option<f64>,
    #[serde(default)]
    required_actions: Vec<String>,
}

fn yes() -> bool {
    true
}

const DAY_MS: f64 = 86_400_000.0;

/// Loads the seed file into an empty store: its users, a default workspace for every user who
/// has signed in (Wallaroo creates it at the first login), and the shared workspaces. Returns how
/// many users were added.
///
/// # Errors
/// When the file is unreadable or invalid (named in the message), or the store fails.
pub fn seed_from_file(store: &Store, path: &Path, now_ms: i64) -> Result<usize, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let file: SeedFile = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let ago = |days: f64| now_ms - (days * DAY_MS) as i64;
    let mut workspaces = Vec::new();
    for u in &file.users {
        if let (Some(email), Some(_)) = (&u.email, u.last_login_days_ago) {
            let email = email.to_lowercase();
            workspaces.push(NewWorkspace {
                name: default_workspace_name(&email),
                created_ms: ago(u.created_days_ago),
                created_by: u.id.clone(),
                archived: false,
                models: vec![],
                pipelines: vec![],
                members: vec![(u.id.clone(), Role::Owner)],
                synthetic: false,
            });
        }
    }
    let id_of = |member: &str| -> Result<String, String> {
        if !member.contains('@') {
            return Ok(member.to_owned()); // a raw id, kept even when it matches no user
        }
        let member = member.to_lowercase();
        file.users
            .iter()
            .find(|u| u.email.as_deref().map(str::to_lowercase).as_deref() == Some(member.as_str()))
            .map(|u| u.id.clone())
            .ok_or_else(|| format!("{}: workspace member {member} is not a seeded user", path.display()))
    };
    for w in &file.workspaces {
        let mut members = Vec::new();
        for owner in &w.owners {
            members.push((id_of(owner)?, Role::Owner));
        }
        for collaborator in &w.collaborators {
            members.push((id_of(collaborator)?, Role::Collaborator));
        }
        workspaces.push(NewWorkspace {
            name: w.name.clone(),
            created_ms: ago(w.created_days_ago),
            created_by: w.created_by.clone(),
            archived: w.archived,
            models: w.models.clone(),
            pipelines: w.pipelines.clone(),
            members,
            synthetic: false,
        });
    }
    let mut users = Vec::with_capacity(file.users.len());
    for u in file.users {
        let profile =
            RoleProfile::parse(&u.profile).ok_or_else(|| format!("{}: unknown profile {}", u.username, u.profile))?;
        users.push(NewUser {
            id: u.id,
            username: u.username.to_lowercase(),
            email: u.email.map(|e| e.to_lowercase()),
            first_name: u.first_name,
            last_name: u.last_name,
            enabled: u.enabled,
            email_verified: u.email_verified,
            created_ms: ago(u.created_days_ago),
            last_login_ms: u.last_login_days_ago.map(ago),
            profile,
            required_actions: u.required_actions,
            password_hash: Some(hash_password(&u.password).map_err(|e| e.msg)?),
            synthetic: false,
        });
    }
    let added = store.insert_many(&users).map_err(|e: ApiError| e.msg)?;
    store.insert_workspaces(&workspaces).map_err(|e| e.msg)?;
    Ok(added)
}

/// The name Wallaroo gives a user's own workspace [SDK `workspace.py`].
pub fn default_workspace_name(email: &str) -> String {
    format!("{email} - Default Workspace")
}

const FIRST: &[&str] = &[
    "Ada", "Björn", "Chiara", "Dmitri", "Émilie", "Farah", "Gustavo", "Hana", "Ivan", "Jun", "Kwame", "Lucía", "Mateo",
    "Nadia", "Olu", "Priya", "Quentin", "Rosa", "Søren", "Tariq", "Uma", "Viktor", "Wen", "Yara", "Zoë",
];
const LAST: &[&str] = &[
    "Okafor",
    "Lindqvist",
    "Rossi",
    "Petrov",
    "Dubois",
    "Haddad",
    "Silva",
    "Tanaka",
    "Novak",
    "Kim",
    "Mensah",
    "García",
    "López",
    "Aziz",
    "Adeyemi",
    "Sharma",
    "Moreau",
    "Costa",
    "Jensen",
    "Rahman",
    "Iyer",
    "Horvat",
    "Zhang",
    "Haddad-Smith",
    "O'Brien",
];

/// Adds synthetic users until `count` exist. They are deterministic (same ids and names every
/// time), have no password (they cannot sign in), and vary in status, verification, type, names
/// and dates so that sorting and filtering have something to do.
pub fn ensure_synthetic(store: &Store, count: u32, now_ms: i64) -> Result<usize, ApiError> {
    let existing = u32::try_from(store.count_synthetic()?).unwrap_or(0);
    if existing >= count {
        return Ok(0);
    }
    let users: Vec<NewUser> = (existing..count)
        .map(|i| {
            let n = u64::from(i);
            // A cheap deterministic mix, so neighbouring users differ in every column.
            let h = n.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(17) ^ n;
            let first = FIRST[(h % FIRST.len() as u64) as usize];
            let last = LAST[((h >> 8) % LAST.len() as u64) as usize];
            let email = format!("{}.{}.{i}@synthetic.example", ascii(first), ascii(last));
            let created_ms = now_ms - ((h >> 16) % (3 * 365)) as i64 * DAY_MS as i64 - (h % 86_400_000) as i64;
            let last_login_ms =
                if (h >> 24) % 5 == 0 { None } else { Some(now_ms - ((h >> 28) % 400) as i64 * DAY_MS as i64) };
            NewUser {
                id: format!("00000000-0000-4000-8000-{i:012x}"),
                username: email.clone(),
                email: Some(email),
                first_name: ((h >> 32) % 10 != 0).then(|| first.to_owned()),
                last_name: ((h >> 36) % 10 != 0).then(|| last.to_owned()),
                enabled: (h >> 40) % 7 != 0,
                email_verified: (h >> 44) % 3 != 0,
                created_ms,
                last_login_ms,
                profile: if (h >> 48) % 50 == 0 { RoleProfile::Admin } else { RoleProfile::User },
                required_actions: if (h >> 52) % 20 == 0 { vec!["UPDATE_PASSWORD".into()] } else { vec![] },
                password_hash: None,
                synthetic: true,
            }
        })
        .collect();
    store.insert_many(&users)
}

const TOPICS: &[&str] =
    &["fraud", "churn", "vision", "nlp", "forecast", "pricing", "risk", "search", "recs", "speech", "anomaly", "ocr"];

/// Adds synthetic workspaces until about one per 20 synthetic users exists, each with 2 to 40
/// synthetic members (one or two owners), deterministic like the users.
pub fn ensure_synthetic_workspaces(store: &Store, users: u32, now_ms: i64) -> Result<usize, ApiError> {
    let count = users / 20;
    let existing = u32::try_from(store.count_workspaces(true)?).unwrap_or(0);
    if existing >= count || users < 2 {
        return Ok(0);
    }
    let workspaces: Vec<NewWorkspace> = (existing..count)
        .map(|i| {
            let n = u64::from(i);
            let h = n.wrapping_mul(0xD6E8_FEB8_6659_FD93).rotate_left(23) ^ n;
            let size = 2 + (h % 39) as u32;
            let start = ((h >> 8) % u64::from(users)) as u32;
            let stride = 1 + ((h >> 20) % 97) as u32;
            let owners = 1 + ((h >> 30) % 2) as u32;
            let mut members = Vec::with_capacity(size as usize);
            for k in 0..size {
                let user = (start + k * stride) % users;
                let id = format!("00000000-0000-4000-8000-{user:012x}");
                if members.iter().all(|(m, _)| m != &id) {
                    members.push((id, if k < owners { Role::Owner } else { Role::Collaborator }));
                }
            }
            let topic = TOPICS[(h >> 36) as usize % TOPICS.len()];
            NewWorkspace {
                name: format!("{topic}-team-{i}"),
                created_ms: now_ms - ((h >> 40) % 700) as i64 * DAY_MS as i64,
                created_by: members[0].0.clone(),
                archived: (h >> 50) % 25 == 0,
                models: (0..(h >> 52) % 6).map(|m| (n * 8 + m) as i64).collect(),
                pipelines: (0..(h >> 56) % 4).map(|p| (n * 4 + p) as i64).collect(),
                members,
                synthetic: true,
            }
        })
        .collect();
    store.insert_workspaces(&workspaces)
}

/// An ASCII, lower-case form of a name for the synthetic email's local part.
fn ascii(name: &str) -> String {
    name.chars()
        .filter_map(|c| match c {
            'á' | 'à' => Some('a'),
            'é' | 'É' | 'ë' => Some('e'),
            'í' => Some('i'),
            'ö' | 'ø' | 'ó' => Some('o'),
            'ü' | 'ú' => Some('u'),
            c if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}
