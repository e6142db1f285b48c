//! No change from a stale view. Several administrators (and tabs) work at once, and the list a
//! dialog was opened from can be minutes old; the edit endpoint takes the whole user, so an
//! edit built from an old row would write old values back (an `enabled: true` that undoes
//! someone's deactivation, an admin role someone just removed). So right before a change is
//! sent, the panel reads the user again and these rules decide: send the server's current
//! state plus what the administrator changed, or stop and say what changed meanwhile.

use crate::api::types::{EditUserRequest, User};
use crate::logic::fold::lower_case;

/// What an edit sends: every field the edit endpoint takes (spec §2.4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditFields {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub enabled: bool,
    pub is_admin: bool,
}

/// A field of [`EditFields`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    FirstName,
    LastName,
    Email,
    Status,
    Type,
}

impl Field {
    pub const ALL: [Field; 5] = [Field::FirstName, Field::LastName, Field::Email, Field::Status, Field::Type];

    pub fn label(self) -> &'static str {
        match self {
            Field::FirstName => "First name",
            Field::LastName => "Last name",
            Field::Email => "Email",
            Field::Status => "Status",
            Field::Type => "Type",
        }
    }
}

impl EditFields {
    /// The fields of a user **from the list form** of `users/query`: only it carries
    /// `realmRoles`, so only it tells whether the user is an admin (the by-ids form would make
    /// every admin look like a plain user, and an edit would remove the role).
    pub fn from_listed(user: &User) -> EditFields {
        EditFields {
            first_name: user.first_name.clone().unwrap_or_default(),
            last_name: user.last_name.clone().unwrap_or_default(),
            email: user.email.clone().unwrap_or_default(),
            enabled: user.enabled,
            is_admin: user.is_admin(),
        }
    }

    /// As the API takes them: names trimmed, the email trimmed and in lower case. Two values
    /// that differ only by that are the same value.
    pub fn normalized(&self) -> EditFields {
        EditFields {
            first_name: self.first_name.trim().to_owned(),
            last_name: self.last_name.trim().to_owned(),
            email: lower_case(self.email.trim()),
            ..self.clone()
        }
    }

    /// One field's value in words, as the dialog shows it.
    pub fn shown(&self, field: Field) -> String {
        let text = |s: &str| if s.is_empty() { "(empty)".to_owned() } else { s.to_owned() };
        match field {
            Field::FirstName => text(&self.first_name),
            Field::LastName => text(&self.last_name),
            Field::Email => text(&self.email),
            Field::Status => (if self.enabled { "Active" } else { "Inactive" }).to_owned(),
            Field::Type => (if self.is_admin { "admin" } else { "user" }).to_owned(),
        }
    }

    fn same(&self, other: &EditFields, field: Field) -> bool {
        let (a, b) = (self.normalized(), other.normalized());
        match field {
            Field::FirstName => a.first_name == b.first_name,
            Field::LastName => a.last_name == b.last_name,
            Field::Email => a.email == b.email,
            Field::Status => a.enabled == b.enabled,
            Field::Type => a.is_admin == b.is_admin,
        }
    }

    fn take(&mut self, from: &EditFields, field: Field) {
        match field {
            Field::FirstName => self.first_name = from.first_name.clone(),
            Field::LastName => self.last_name = from.last_name.clone(),
            Field::Email => self.email = from.email.clone(),
            Field::Status => self.enabled = from.enabled,
            Field::Type => self.is_admin = from.is_admin,
        }
    }

    /// The body of `POST /v1/api/user` for user `id`.
    pub fn request(&self, id: &str) -> EditUserRequest {
        let n = self.normalized();
        EditUserRequest {
            id: id.to_owned(),
            first_name: n.first_name,
            last_name: n.last_name,
            email: n.email,
            enabled: n.enabled,
            is_admin: n.is_admin,
        }
    }
}

/// A field the administrator did not touch that changed on the server after the dialog opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub field: Field,
    /// The value when the dialog was opened, and now, in words.
    pub was: String,
    pub now: String,
}

/// What to do with a save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveCheck {
    /// Send these: the server's current state plus the administrator's changes.
    Send(EditFields),
    /// Send nothing: these untouched fields changed on the server meanwhile.
    Changed(Vec<Conflict>),
}

/// The fields the administrator changed: those where `typed` differs from `opened`.
pub fn touched(opened: &EditFields, typed: &EditFields) -> Vec<Field> {
    Field::ALL.into_iter().filter(|&f| !opened.same(typed, f)).collect()
}

/// Decides a save. `opened` is what the dialog showed when it opened (or was last rebased),
/// `typed` what is in it now, `current` the server's state just read. Fields the
/// administrator touched are sent as typed; every other field must still be as it was opened,
/// or nothing is sent.
pub fn check_save(opened: &EditFields, typed: &EditFields, current: &EditFields) -> SaveCheck {
    let mine = touched(opened, typed);
    let conflicts: Vec<Conflict> = Field::ALL
        .into_iter()
        .filter(|f| !mine.contains(f) && !opened.same(current, *f))
        .map(|field| Conflict { field, was: opened.shown(field), now: current.shown(field) })
        .collect();
    if !conflicts.is_empty() {
        return SaveCheck::Changed(conflicts);
    }
    let mut send = current.clone();
    for field in mine {
        send.take(typed, field);
    }
    SaveCheck::Send(send)
}

/// "Reload the user and keep my changes": the dialog now starts from `current`, and what the
/// administrator typed stays typed. Returns the new (opened, typed).
pub fn rebase(opened: &EditFields, typed: &EditFields, current: &EditFields) -> (EditFields, EditFields) {
    let mut kept = current.clone();
    for field in touched(opened, typed) {
        kept.take(typed, field);
    }
    (current.clone(), kept)
}

/// What an activation or deactivation finds when it reads the user right before sending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToggleCheck {
    /// The user is in the other state: send the change.
    Send,
    /// Someone else made this change already; nothing is sent.
    AlreadyDone,
    /// The user no longer exists (or cannot be seen).
    Gone,
}

/// Decides an activation (`wanted` true) or deactivation from the user's current `enabled`
/// (`None`: the server did not return the user).
pub fn check_toggle(current: Option<bool>, wanted: bool) -> ToggleCheck {
    match current {
        None => ToggleCheck::Gone,
        Some(now) if now == wanted => ToggleCheck::AlreadyDone,
        Some(_) => ToggleCheck::Send,
    }
}

impl ToggleCheck {
    /// The row's outcome in words, when nothing was sent.
    pub fn reason(self, wanted: bool) -> Option<&'static str> {
        match (self, wanted) {
            (ToggleCheck::Send, _) => None,
            (ToggleCheck::AlreadyDone, true) => Some("already active: activated elsewhere since the list was loaded"),
            (ToggleCheck::AlreadyDone, false) => {
                Some("already inactive: deactivated elsewhere since the list was loaded")
            }
            (ToggleCheck::Gone, _) => Some("this user no longer exists"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::types::Encode;

    fn fields(first: &str, email: &str, enabled: bool, is_admin: bool) -> EditFields {
        EditFields { first_name: first.into(), last_name: "Silva".into(), email: email.into(), enabled, is_admin }
    }

    #[test]
    fn an_edit_from_a_stale_row_never_reactivates_a_user_deactivated_elsewhere() {
        // A opened the dialog while Ana was active; B deactivated her; A corrects her name.
        let opened = fields("Ana", "ana@example.com", true, false);
        let typed = fields("Ana Maria", "ana@example.com", true, false);
        let current = fields("Ana", "ana@example.com", false, false);
        let SaveCheck::Changed(conflicts) = check_save(&opened, &typed, &current) else { panic!("must not send") };
        assert_eq!(conflicts, vec![Conflict { field: Field::Status, was: "Active".into(), now: "Inactive".into() }]);
        // After "reload and keep my changes", the save sends her as she is now, renamed.
        let (opened, typed) = rebase(&opened, &typed, &current);
        assert_eq!(typed, fields("Ana Maria", "ana@example.com", false, false));
        assert_eq!(
            check_save(&opened, &typed, &current),
            SaveCheck::Send(fields("Ana Maria", "ana@example.com", false, false))
        );
    }

    #[test]
    fn an_admin_role_removed_elsewhere_is_not_given_back() {
        let opened = fields("Wen", "wen@example.com", true, true);
        let typed = fields("Wen", "wen.zhang@example.com", true, true);
        let current = fields("Wen", "wen@example.com", true, false);
        let SaveCheck::Changed(conflicts) = check_save(&opened, &typed, &current) else { panic!("must not send") };
        assert_eq!(conflicts[0], Conflict { field: Field::Type, was: "admin".into(), now: "user".into() });
        let (opened, typed) = rebase(&opened, &typed, &current);
        let SaveCheck::Send(sent) = check_save(&opened, &typed, &current) else { panic!("now it may be sent") };
        assert_eq!((sent.email.as_str(), sent.is_admin), ("wen.zhang@example.com", false));
    }

    #[test]
    fn touched_fields_are_sent_as_typed_and_untouched_ones_as_the_server_has_them() {
        let opened = fields("Ana", "ana@example.com", true, false);
        // The administrator makes Ana an admin; meanwhile nobody changed anything.
        let typed = fields("Ana", "ana@example.com", true, true);
        assert_eq!(touched(&opened, &typed), vec![Field::Type]);
        assert_eq!(check_save(&opened, &typed, &opened), SaveCheck::Send(typed.clone()));
        // A field both changed: the administrator's typed value wins (they chose it).
        let current = fields("Ana", "ana@example.com", true, false);
        let typed = fields("Anabel", "ana@example.com", true, false);
        let current = EditFields { first_name: "Ann".into(), ..current };
        assert_eq!(
            check_save(&opened, &typed, &current),
            SaveCheck::Send(fields("Anabel", "ana@example.com", true, false))
        );
        // Case and spaces are no change: " ANA@example.com " is the email as it was.
        let typed = fields(" Ana ", " ANA@example.com ", true, false);
        assert!(touched(&opened, &typed).is_empty());
        // Nothing touched and nothing changed: the server's state is sent back unchanged.
        assert_eq!(check_save(&opened, &opened, &opened), SaveCheck::Send(opened.clone()));
    }

    #[test]
    fn every_untouched_change_is_named_with_both_values() {
        let opened = fields("Ana", "ana@example.com", true, false);
        let current = EditFields { last_name: String::new(), ..fields("Anna", "anna@example.com", false, true) };
        let SaveCheck::Changed(c) = check_save(&opened, &opened, &current) else { panic!() };
        let named: Vec<(Field, String, String)> = c.into_iter().map(|c| (c.field, c.was, c.now)).collect();
        assert_eq!(
            named,
            vec![
                (Field::FirstName, "Ana".into(), "Anna".into()),
                (Field::LastName, "Silva".into(), "(empty)".into()),
                (Field::Email, "ana@example.com".into(), "anna@example.com".into()),
                (Field::Status, "Active".into(), "Inactive".into()),
                (Field::Type, "user".into(), "admin".into()),
            ]
        );
    }

    #[test]
    fn the_request_is_normalized_and_carries_every_field() {
        let request = fields(" Ana ", " Ana@Example.com", false, true).request("u1");
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&request.encode()).unwrap(),
            serde_json::json!({"id": "u1", "firstName": "Ana", "lastName": "Silva", "email": "ana@example.com",
                "enabled": false, "isAdmin": true})
        );
    }

    #[test]
    fn the_admin_type_comes_from_the_list_form_only() {
        let listed: User = crate::json::read(
            serde_json::json!({
                "id": "u1", "username": "wen", "enabled": true, "createdTimestamp": 0, "realmRoles": ["admin"]
            })
            .to_string(),
        )
        .unwrap();
        assert!(EditFields::from_listed(&listed).is_admin);
        // The by-ids form of the same admin has no realmRoles: it must never be the source.
        let by_id: User = crate::json::read(
            serde_json::json!({
                "id": "u1", "username": "wen", "enabled": true, "createdTimestamp": 0, "federatedIdentities": []
            })
            .to_string(),
        )
        .unwrap();
        assert!(!EditFields::from_listed(&by_id).is_admin, "why the panel reads the list form before an edit");
    }

    #[test]
    fn a_toggle_already_made_elsewhere_is_reported_not_done() {
        assert_eq!(check_toggle(Some(true), false), ToggleCheck::Send);
        assert_eq!(check_toggle(Some(false), false), ToggleCheck::AlreadyDone);
        assert_eq!(check_toggle(None, true), ToggleCheck::Gone);
        assert_eq!(ToggleCheck::Send.reason(false), None);
        assert!(ToggleCheck::AlreadyDone.reason(false).unwrap().starts_with("already inactive"));
        assert!(ToggleCheck::AlreadyDone.reason(true).unwrap().starts_with("already active"));
        assert_eq!(ToggleCheck::Gone.reason(true), Some("this user no longer exists"));
    }
}
