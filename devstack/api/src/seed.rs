//! The demo realm: users from `devstack/seed/users.json` on first start, and on request N
//! synthetic users for benchmarks. Times in the seed are relative ("days ago"), so the demo looks
//! the same whenever it is started.

use std::path::Path;

use serde::Deserialize;

use crate::error::ApiError;
use crate::model::RoleProfile;
use crate::routes::hash_password;
use crate::store::{NewUser, Store};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedFile {
    users: Vec<SeedUser>,
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

/// Loads the seed file into an empty store. Returns how many users were added.
///
/// # Errors
/// When the file is unreadable or invalid (named in the message), or the store fails.
pub fn seed_from_file(store: &Store, path: &Path, now_ms: i64) -> Result<usize, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let file: SeedFile = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut users = Vec::with_capacity(file.users.len());
    for u in file.users {
        let profile =
            RoleProfile::parse(&u.profile).ok_or_else(|| format!("{}: unknown profile {}", u.username, u.profile))?;
        let ago = |days: f64| now_ms - (days * DAY_MS) as i64;
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
    store.insert_many(&users).map_err(|e: ApiError| e.msg)
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
