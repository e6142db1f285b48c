//! What one tab of the panel tells the others on the same origin (a `BroadcastChannel`): that
//! the administrator signed out or in, or changed users. It carries user ids at most, never a
//! token or anything typed. Pure: the wire form and its bounds are tested on the host.

use serde::{Deserialize, Serialize};

/// The channel's name: every tab of the panel on this origin.
pub const CHANNEL: &str = "wallaroo-users-panel";

/// The most ids one notice carries; a larger change says "reload" with no ids.
pub const MAX_IDS: usize = 1_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Notice {
    /// This tab signed out (the IdP session is over): the others sign out too.
    SignedOut,
    /// This tab signed in: a tab showing the sign-in page signs in too (the IdP session lets it
    /// through without a password).
    SignedIn,
    /// These users changed here: the others reload their list quietly.
    Changed { ids: Vec<String> },
}

impl Notice {
    /// A change notice, the ids dropped (not cut) when there are too many to be worth sending.
    pub fn changed(ids: impl IntoIterator<Item = String>) -> Notice {
        let ids: Vec<String> = ids.into_iter().collect();
        Notice::Changed { ids: if ids.len() > MAX_IDS { Vec::new() } else { ids } }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A message from another tab; anything not a notice of this form (another app's message on
    /// the same name, a stale format, an oversized one) is ignored.
    pub fn parse(text: &str) -> Option<Notice> {
        if text.len() > 200 * MAX_IDS {
            return None;
        }
        let value: serde_json::Value = serde_json::from_str(text).ok()?;
        // Only these keys: serde's `deny_unknown_fields` does not cover the unit variants.
        if !value.as_object()?.keys().all(|k| k == "kind" || k == "ids") {
            return None;
        }
        let notice: Notice = serde_json::from_value(value).ok()?;
        match &notice {
            Notice::Changed { ids } if ids.len() > MAX_IDS || ids.iter().any(|id| id.len() > 100) => None,
            _ => Some(notice),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_round_trip_in_a_small_fixed_form() {
        for notice in [Notice::SignedOut, Notice::SignedIn, Notice::changed(["u1".to_owned(), "u2".to_owned()])] {
            assert_eq!(Notice::parse(&notice.to_json()), Some(notice));
        }
        assert_eq!(Notice::SignedOut.to_json(), r#"{"kind":"signed-out"}"#);
        assert_eq!(Notice::changed(["u1".to_owned()]).to_json(), r#"{"kind":"changed","ids":["u1"]}"#);
    }

    #[test]
    fn anything_else_on_the_channel_is_ignored() {
        for text in [
            "",
            "null",
            "[]",
            r#"{"kind":"signed-out","token":"eyJ..."}"#,
            r#"{"kind":"delete-everything"}"#,
            r#"{"kind":"changed"}"#,
            r#"{"kind":"changed","ids":[1]}"#,
        ] {
            assert_eq!(Notice::parse(text), None, "{text}");
        }
        let long_id = format!(r#"{{"kind":"changed","ids":["{}"]}}"#, "x".repeat(101));
        assert_eq!(Notice::parse(&long_id), None);
    }

    #[test]
    fn a_huge_change_is_sent_without_ids() {
        let many = (0..=MAX_IDS).map(|i| i.to_string());
        assert_eq!(Notice::changed(many), Notice::Changed { ids: Vec::new() });
    }
}
