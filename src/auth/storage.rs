//! sessionStorage for what must survive the sign-in redirect, and nothing else: the pending
//! sign-in (verifier, state, nonce, return path), removed once used, and a "signed out" mark.
//! Tokens never go here, nor to localStorage.

use web_sys::Storage;

use super::error::AuthError;
use super::oidc::{PendingLogin, LOGIN_TIMEOUT_MS};

use crate::browser::keys::{PENDING_LOGIN_PREFIX as PENDING_PREFIX, SIGNED_OUT};
use crate::browser::session_storage as session;

fn session_storage() -> Result<Storage, AuthError> {
    session().ok_or_else(|| AuthError::Browser { detail: "sessionStorage is not available".into() })
}

fn browser(detail: &str) -> AuthError {
    AuthError::Browser { detail: detail.to_owned() }
}

/// Remembers a sign-in about to start. Older, abandoned attempts are dropped first.
pub fn save_pending(login: &PendingLogin) -> Result<(), AuthError> {
    let storage = session_storage()?;
    prune(&storage, login.started_ms);
    storage
        .set_item(&format!("{PENDING_PREFIX}{}", login.state), &login.to_text())
        .map_err(|_| browser("sessionStorage is full or blocked"))
}

/// Takes (reads and removes) the sign-in started with `state`: each answer can be used once.
pub fn take_pending(state: &str, now_ms: i64) -> Option<PendingLogin> {
    let storage = session_storage().ok()?;
    let key = format!("{PENDING_PREFIX}{state}");
    let text = storage.get_item(&key).ok().flatten()?;
    let _ = storage.remove_item(&key);
    let login = PendingLogin::from_text(&text)?;
    (login.state == state && now_ms - login.started_ms <= LOGIN_TIMEOUT_MS).then_some(login)
}

fn prune(storage: &Storage, now_ms: i64) {
    let len = storage.length().unwrap_or(0);
    let keys: Vec<String> =
        (0..len).filter_map(|i| storage.key(i).ok().flatten()).filter(|k| k.starts_with(PENDING_PREFIX)).collect();
    for key in keys {
        let stale = storage
            .get_item(&key)
            .ok()
            .flatten()
            .and_then(|text| PendingLogin::from_text(&text))
            .is_none_or(|l| now_ms - l.started_ms > LOGIN_TIMEOUT_MS);
        if stale {
            let _ = storage.remove_item(&key);
        }
    }
}

/// Marks that the administrator signed out, so the next load shows the sign-in page instead of
/// going straight back to the IdP.
pub fn set_signed_out(on: bool) {
    if let Ok(storage) = session_storage() {
        let _ = if on { storage.set_item(SIGNED_OUT, "1") } else { storage.remove_item(SIGNED_OUT) };
    }
}

pub fn is_signed_out() -> bool {
    session_storage().ok().and_then(|s| s.get_item(SIGNED_OUT).ok().flatten()).is_some()
}
