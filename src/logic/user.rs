//! Rules about one user that several parts of the page apply: the name a user goes by, and
//! which changes the signed-in administrator may not make to them, with the reason in words.
//! The table's buttons, the dialogs, the toasts and the action runner all ask here, so a rule
//! changes in one place.

use crate::api::types::User;

/// Who is acting: the signed-in administrator's right to change users, and their own id.
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    /// The session holds `manage-users`.
    pub can_manage: bool,
    /// The signed-in administrator's user id (`sub`).
    pub me: Option<&'a str>,
}

/// A change an administrator can make to one user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Activate,
    Deactivate,
    Edit,
}

impl Change {
    /// Activating (`true`) or deactivating (`false`): the state the change asks for.
    pub fn set_enabled(enabled: bool) -> Change {
        if enabled {
            Change::Activate
        } else {
            Change::Deactivate
        }
    }
}

/// The name a user goes by in the panel: the email, or the username when there is none (the
/// built-in `admin` has no email).
pub fn label(user: &User) -> &str {
    user.email.as_deref().unwrap_or(&user.username)
}

/// Why `actor` may not make `change` to `user`, or `None` when they may. The server would
/// refuse these too; saying so up front spares the administrator a failed round trip, and the
/// action runner applies the same rules to every user of a bulk action.
pub fn refusal(actor: Actor<'_>, user: &User, change: Change) -> Option<&'static str> {
    if !actor.can_manage {
        return Some("Your account lacks the manage-users role");
    }
    if !user.access.is_some_and(|a| a.manage) {
        return Some("Keycloak does not let you manage this user");
    }
    if change == Change::Deactivate && user.username == "admin" {
        return Some("The built-in admin cannot be deactivated");
    }
    if change == Change::Deactivate && actor.me == Some(user.id.as_str()) {
        return Some("You cannot deactivate yourself");
    }
    // The activate and deactivate endpoints address users by email (spec §2.3).
    if change != Change::Edit && user.email.is_none() {
        return Some("This user has no email, which the API needs to address them");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::types::Access;

    fn user(id: &str, username: &str, email: Option<&str>) -> User {
        crate::json::read(
            serde_json::json!({
                "id": id, "username": username, "email": email, "enabled": true,
                "createdTimestamp": 1_700_000_000_000_i64, "access": {"view": true, "manage": true}
            })
            .to_string(),
        )
        .unwrap()
    }

    const MANAGER: Actor<'static> = Actor { can_manage: true, me: Some("me") };

    #[test]
    fn a_user_is_named_by_email_else_by_username() {
        assert_eq!(label(&user("1", "ana", Some("ana@example.com"))), "ana@example.com");
        assert_eq!(label(&user("2", "admin", None)), "admin");
    }

    #[test]
    fn every_refusal_names_its_reason() {
        let ana = user("1", "ana", Some("ana@example.com"));
        for change in [Change::Activate, Change::Deactivate, Change::Edit] {
            assert_eq!(refusal(MANAGER, &ana, change), None, "{change:?}");
        }
        let viewer = Actor { can_manage: false, me: None };
        assert_eq!(refusal(viewer, &ana, Change::Edit), Some("Your account lacks the manage-users role"));

        let mut locked = ana.clone();
        locked.access = Some(Access { view: true, ..Default::default() });
        assert_eq!(refusal(MANAGER, &locked, Change::Activate), Some("Keycloak does not let you manage this user"));
        locked.access = None;
        assert_eq!(refusal(MANAGER, &locked, Change::Edit), Some("Keycloak does not let you manage this user"));

        let admin = user("a", "admin", None);
        assert_eq!(refusal(MANAGER, &admin, Change::Deactivate), Some("The built-in admin cannot be deactivated"));
        assert_eq!(refusal(MANAGER, &admin, Change::Edit), None);

        let me = user("me", "boss", Some("boss@example.com"));
        assert_eq!(refusal(MANAGER, &me, Change::Deactivate), Some("You cannot deactivate yourself"));
        // Activating or editing oneself is no danger.
        assert_eq!(refusal(MANAGER, &me, Change::Activate), None);
        assert_eq!(refusal(MANAGER, &me, Change::Edit), None);

        let no_email = user("n", "nomail", None);
        assert_eq!(
            refusal(MANAGER, &no_email, Change::Activate),
            Some("This user has no email, which the API needs to address them")
        );
        assert_eq!(refusal(MANAGER, &no_email, Change::Edit), None);
        assert_eq!(Change::set_enabled(true), Change::Activate);
        assert_eq!(Change::set_enabled(false), Change::Deactivate);
    }
}
