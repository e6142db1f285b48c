//! What one drawn row of the users table says: every text, title, flag and offered action,
//! worked out from a user and the page's state. The table's DOM writer (pages/users/rows.rs)
//! only copies these values into elements, and only the ones that changed, so what a row
//! shows is decided (and tested) here, on the host.

use crate::api::types::{Access, User};
use crate::logic::fold::lower_case;
use crate::logic::format::{format_date, format_date_time};
use crate::logic::user::{label, refusal, Actor, Change};
use crate::logic::workspaces::Memberships;

/// The user's state as the page shows it right now (actions change it before a reload).
#[derive(Debug, Clone, Copy, Default)]
pub struct RowState<'a> {
    pub enabled: bool,
    pub selected: bool,
    pub busy: bool,
    /// The last bulk action's outcome for this user.
    pub outcome: Option<&'a Outcome>,
    /// The user changed since the load before (marked for a moment).
    pub fresh: bool,
    /// The workspace memberships known so far (`None` before the workspace list arrives).
    pub memberships: Option<&'a Memberships>,
    /// Some workspaces' members are still loading.
    pub memberships_filling: bool,
}

/// What the last bulk action did to one user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// Nothing was sent, and nothing failed: e.g. someone else already made this change.
    Unchanged(String),
    /// The server refused, or the call could not be made: the reason.
    Failed(String),
}

/// The row's main action: a user is either deactivated or activated from the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Toggle {
    Deactivate,
    Activate,
}

impl Toggle {
    pub fn action(self) -> &'static str {
        match self {
            Toggle::Deactivate => "deactivate",
            Toggle::Activate => "activate",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Toggle::Deactivate => "Deactivate",
            Toggle::Activate => "Activate",
        }
    }
}

/// A text shown in a cell, with the full text (or more detail) in its title.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cell {
    pub text: String,
    pub title: String,
}

/// Everything one row shows. Compared field by field with what is drawn, so that only
/// changed parts of the DOM are written (a focused checkbox or button keeps its focus).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowContent {
    pub id: String,
    /// The row's 1-based place in the whole table, header included (`aria-rowindex`).
    pub position: usize,
    pub selected: bool,
    /// The email, or the username when there is none: the link to the user's details.
    pub label: String,
    /// The username under the label, when it differs from the label.
    pub username: Option<String>,
    /// Keycloak required actions: (words, the raw action as title).
    pub required_actions: Vec<(String, String)>,
    pub first: String,
    pub last: String,
    pub enabled: bool,
    pub admin: bool,
    pub verified: bool,
    pub created: Cell,
    pub last_login: Cell,
    /// How many workspaces, with their names (and roles) in the title.
    pub workspaces: Cell,
    pub access: [bool; 5],
    pub access_label: String,
    pub toggle: Toggle,
    /// Why the toggle is not offered (the button is disabled and says why in its title).
    pub toggle_refusal: Option<&'static str>,
    pub edit_refusal: Option<&'static str>,
    pub busy: bool,
    pub outcome: Option<Outcome>,
    pub fresh: bool,
}

/// The five flags of Keycloak's `access` map, in the order the table shows them:
/// (letter, meaning).
pub const ACCESS_FLAGS: [(&str, &str); 5] =
    [("V", "view"), ("M", "manage"), ("G", "manage group membership"), ("R", "map roles"), ("I", "impersonate")];

pub fn access_flags(access: Option<Access>) -> [bool; 5] {
    let a = access.unwrap_or_default();
    [a.view, a.manage, a.manage_group_membership, a.map_roles, a.impersonate]
}

/// "Your rights on this user: view yes, manage no, …" (the flags' accessible name).
pub fn access_label(flags: [bool; 5]) -> String {
    let parts: Vec<String> = ACCESS_FLAGS
        .iter()
        .zip(flags)
        .map(|((_, name), on)| format!("{name} {}", if on { "yes" } else { "no" }))
        .collect();
    format!("Your rights on this user: {}", parts.join(", "))
}

/// A Keycloak required action in words.
pub fn required_action_text(action: &str) -> String {
    match action {
        "UPDATE_PASSWORD" => "must change password".to_owned(),
        "VERIFY_EMAIL" => "must verify email".to_owned(),
        "CONFIGURE_TOTP" => "must set up OTP".to_owned(),
        "UPDATE_PROFILE" => "must update profile".to_owned(),
        other => lower_case(other).replace('_', " "),
    }
}

/// The Workspaces cell: the count (with "…" while memberships are still arriving, "…" alone
/// before the workspace list has), and the names in the title.
pub fn workspaces_cell(user: &str, memberships: Option<&Memberships>, filling: bool) -> Cell {
    let Some(m) = memberships else {
        return Cell { text: "…".into(), title: "Loading workspaces…".into() };
    };
    let count = m.count_of(user);
    let mut title = if count == 0 { "In no workspace".to_owned() } else { m.names_of(user) };
    let mut text = count.to_string();
    if filling {
        text.push('…');
        title.push_str(" (still loading)");
    }
    Cell { text, title }
}

impl RowContent {
    pub fn of(user: &User, position: usize, state: RowState<'_>, actor: Actor<'_>) -> RowContent {
        let label = label(user).to_owned();
        let username = (user.email.is_some() && user.email.as_deref() != Some(user.username.as_str()))
            .then(|| user.username.clone());
        let toggle = if state.enabled { Toggle::Deactivate } else { Toggle::Activate };
        let access = access_flags(user.access);
        RowContent {
            id: user.id.clone(),
            position,
            selected: state.selected,
            label,
            username,
            required_actions: user.required_actions.iter().map(|a| (required_action_text(a), a.clone())).collect(),
            first: user.first_name.clone().unwrap_or_default(),
            last: user.last_name.clone().unwrap_or_default(),
            enabled: state.enabled,
            admin: user.is_admin(),
            verified: user.email_verified,
            created: Cell {
                text: format_date(user.created_timestamp),
                title: format_date_time(user.created_timestamp),
            },
            last_login: match user.last_login {
                Some(ms) => Cell { text: format_date(ms), title: format_date_time(ms) },
                None => Cell { text: "never".into(), title: String::new() },
            },
            workspaces: workspaces_cell(&user.id, state.memberships, state.memberships_filling),
            access,
            access_label: access_label(access),
            toggle,
            toggle_refusal: refusal(actor, user, Change::set_enabled(toggle == Toggle::Activate)),
            edit_refusal: refusal(actor, user, Change::Edit),
            busy: state.busy,
            outcome: state.outcome.cloned(),
            fresh: state.fresh,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: &str, username: &str) -> User {
        crate::json::read(
            serde_json::json!({
                "id": id, "username": username, "enabled": true, "createdTimestamp": 1_700_000_000_000_i64,
                "access": {"view": true, "manage": true}
            })
            .to_string(),
        )
        .unwrap()
    }

    const MANAGER: Actor<'static> = Actor { can_manage: true, me: Some("me") };

    #[test]
    fn label_is_the_email_with_the_username_beneath_when_they_differ() {
        let mut u = user("u1", "ana");
        let row = RowContent::of(&u, 2, RowState { enabled: true, ..Default::default() }, MANAGER);
        assert_eq!((row.label.as_str(), row.username.as_deref()), ("ana", None));
        u.email = Some("ana@example.com".into());
        let row = RowContent::of(&u, 2, RowState { enabled: true, ..Default::default() }, MANAGER);
        assert_eq!((row.label.as_str(), row.username.as_deref()), ("ana@example.com", Some("ana")));
        u.email = Some("ana".into());
        assert_eq!(RowContent::of(&u, 2, RowState::default(), MANAGER).username, None);
    }

    #[test]
    fn the_toggle_follows_the_shown_state_and_says_why_it_is_refused() {
        let with_email = |mut u: User| {
            u.email = Some(format!("{}@example.com", u.username));
            u
        };
        let u = with_email(user("u1", "ana"));
        let on = RowContent::of(&u, 5, RowState { enabled: true, ..Default::default() }, MANAGER);
        assert_eq!((on.toggle, on.toggle_refusal, on.edit_refusal), (Toggle::Deactivate, None, None));
        let off = RowContent::of(&u, 5, RowState { enabled: false, ..Default::default() }, MANAGER);
        assert_eq!((off.toggle, off.toggle.action(), off.toggle.label()), (Toggle::Activate, "activate", "Activate"));

        let me = with_email(user("me", "boss"));
        let row = RowContent::of(&me, 2, RowState { enabled: true, ..Default::default() }, MANAGER);
        assert_eq!((row.toggle_refusal, row.edit_refusal), (Some("You cannot deactivate yourself"), None));
        // Activating oneself is no danger: only deactivation is refused.
        let row = RowContent::of(&me, 2, RowState { enabled: false, ..Default::default() }, MANAGER);
        assert_eq!(row.toggle_refusal, None);

        let admin = user("a", "admin");
        let row = RowContent::of(&admin, 2, RowState { enabled: true, ..Default::default() }, MANAGER);
        assert_eq!(row.toggle_refusal, Some("The built-in admin cannot be deactivated"));

        let viewer = Actor { can_manage: false, me: None };
        let row = RowContent::of(&u, 2, RowState { enabled: true, ..Default::default() }, viewer);
        assert_eq!(
            (row.toggle_refusal, row.edit_refusal),
            (Some("Your account lacks the manage-users role"), Some("Your account lacks the manage-users role"))
        );

        let mut locked = with_email(user("l", "locked"));
        locked.access = Some(Access { view: true, ..Default::default() });
        let row = RowContent::of(&locked, 2, RowState { enabled: true, ..Default::default() }, MANAGER);
        assert_eq!(row.edit_refusal, Some("Keycloak does not let you manage this user"));
        assert_eq!(row.access, [true, false, false, false, false]);
        assert_eq!(
            row.access_label,
            "Your rights on this user: view yes, manage no, manage group membership no, map roles no, impersonate no"
        );
    }

    #[test]
    fn dates_required_actions_and_state_are_carried() {
        let mut u = user("u1", "ana");
        u.required_actions = vec!["UPDATE_PASSWORD".into(), "TERMS_AND_CONDITIONS".into()];
        u.last_login = None;
        let outcome = Outcome::Failed("HTTP 502".to_owned());
        let row = RowContent::of(
            &u,
            9,
            RowState {
                enabled: true,
                selected: true,
                busy: true,
                outcome: Some(&outcome),
                fresh: true,
                ..Default::default()
            },
            MANAGER,
        );
        assert_eq!(
            row.required_actions,
            vec![
                ("must change password".to_owned(), "UPDATE_PASSWORD".to_owned()),
                ("terms and conditions".to_owned(), "TERMS_AND_CONDITIONS".to_owned()),
            ]
        );
        assert_eq!(row.created, Cell { text: "2023-11-14".into(), title: "2023-11-14 22:13 UTC".into() });
        assert_eq!(row.last_login, Cell { text: "never".into(), title: String::new() });
        assert!(row.selected && row.busy && row.position == 9);
        assert_eq!(row.outcome, Some(Outcome::Failed("HTTP 502".to_owned())));
        assert!(row.fresh);
    }

    #[test]
    fn the_workspaces_cell_counts_names_and_says_when_it_is_still_filling_in() {
        use crate::api::workspace_types::Workspace;
        use crate::logic::workspaces::{Members, Role};
        assert_eq!(workspaces_cell("u1", None, true).text, "…");
        let ws = |id: i64, name: &str| Workspace {
            id,
            name: name.into(),
            created_at: String::new(),
            created_by: String::new(),
            archived: false,
            models: vec![],
            pipelines: vec![],
        };
        let mut m = Memberships::new(vec![ws(1, "<b>vision</b>"), ws(2, "fraud")]);
        m.apply([(1, Members::Loaded(vec![("u1".into(), Role::Owner)]))]);
        assert_eq!(
            workspaces_cell("u1", Some(&m), true),
            Cell { text: "1…".into(), title: "<b>vision</b> (owner) (still loading)".into() }
        );
        m.apply([(2, Members::Loaded(vec![("u1".into(), Role::Collaborator)]))]);
        assert_eq!(
            workspaces_cell("u1", Some(&m), false),
            Cell { text: "2".into(), title: "<b>vision</b> (owner), fraud".into() }
        );
        assert_eq!(workspaces_cell("u2", Some(&m), false), Cell { text: "0".into(), title: "In no workspace".into() });
    }
}
