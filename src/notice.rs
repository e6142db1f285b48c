//! What one tab of the panel tells the others on the same origin (a `BroadcastChannel`): that
//! the administrator signed out or in, or changed users. It carries user ids at most, never a
//! token or anything typed. Pure: the wire form and its bounds are tested on the host.
//!
//! The wire form is a line of text (`signed-out`, `signed-in`, `changed u1 u2`), written by
//! hand rather than with serde: an internally tagged serde enum pulls serde's buffering
//! deserializer into the wasm (about 10 KB brotli measured), for three words and a list of ids.

/// The channel's name: every tab of the panel on this origin.
pub const CHANNEL: &str = "wallaroo-users-panel";

/// The most ids one notice carries; a larger change says "reload" with no ids.
pub const MAX_IDS: usize = 1_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// This tab signed out (the IdP session is over): the others sign out too.
    SignedOut,
    /// This tab signed in: a tab showing the sign-in page signs in too (the IdP session lets it
    /// through without a password).
    SignedIn,
    /// These users changed here: the others reload their list quietly.
    Changed { ids: Vec<String> },
}

/// A user id as Keycloak makes them (a UUID), or close: letters, digits, `-` and `_`.
fn is_id(text: &str) -> bool {
    (1..=100).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl Notice {
    /// A change notice, the ids dropped (not cut) when there are too many to be worth sending,
    /// or when one is not an id.
    pub fn changed(ids: impl IntoIterator<Item = String>) -> Notice {
        let ids: Vec<String> = ids.into_iter().collect();
        let keep = ids.len() <= MAX_IDS && ids.iter().all(|id| is_id(id));
        Notice::Changed { ids: if keep { ids } else { Vec::new() } }
    }

    pub fn to_text(&self) -> String {
        match self {
            Notice::SignedOut => "signed-out".to_owned(),
            Notice::SignedIn => "signed-in".to_owned(),
            Notice::Changed { ids } => {
                ["changed"].into_iter().chain(ids.iter().map(String::as_str)).collect::<Vec<_>>().join(" ")
            }
        }
    }

    /// A message from another tab; anything not a notice of this form (another app's message on
    /// the same name, a stale format, an oversized one) is ignored.
    pub fn parse(text: &str) -> Option<Notice> {
        if text.len() > 101 * MAX_IDS + 8 {
            return None;
        }
        let mut words = text.split(' ');
        let notice = match words.next()? {
            "signed-out" => Notice::SignedOut,
            "signed-in" => Notice::SignedIn,
            "changed" => {
                let ids: Vec<String> = words.by_ref().map(str::to_owned).collect();
                if ids.len() > MAX_IDS || !ids.iter().all(|id| is_id(id)) {
                    return None;
                }
                return Some(Notice::Changed { ids });
            }
            _ => return None,
        };
        words.next().is_none().then_some(notice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_round_trip_in_a_small_fixed_form() {
        for notice in [Notice::SignedOut, Notice::SignedIn, Notice::changed(["u1".to_owned(), "u-2".to_owned()])] {
            assert_eq!(Notice::parse(&notice.to_text()), Some(notice));
        }
        assert_eq!(Notice::SignedOut.to_text(), "signed-out");
        assert_eq!(Notice::changed(["4a9e2f6c-1b7d".to_owned()]).to_text(), "changed 4a9e2f6c-1b7d");
        assert_eq!(Notice::parse("changed"), Some(Notice::Changed { ids: Vec::new() }));
    }

    #[test]
    fn anything_else_on_the_channel_is_ignored() {
        for text in [
            "",
            "null",
            r#"{"kind":"signed-out"}"#,
            "signed-out eyJhbGciOiJSUzI1NiJ9.token",
            "delete-everything",
            "changed <script>",
            "changed a  b",
            "SIGNED-OUT",
        ] {
            assert_eq!(Notice::parse(text), None, "{text}");
        }
        assert_eq!(Notice::parse(&format!("changed {}", "x".repeat(101))), None);
    }

    #[test]
    fn a_huge_or_odd_change_is_sent_without_ids() {
        let many = (0..=MAX_IDS).map(|i| i.to_string());
        assert_eq!(Notice::changed(many), Notice::Changed { ids: Vec::new() });
        assert_eq!(Notice::changed(["a b".to_owned()]), Notice::Changed { ids: Vec::new() });
    }
}
