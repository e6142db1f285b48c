//! The users page's view state — search, filters, sort, open user — and its place in the URL
//! query string, so a view can be bookmarked, shared, and survives the sign-in round trip.

/// A sortable column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Username,
    First,
    Last,
    Status,
    Type,
    Verified,
    Created,
    LastLogin,
}

impl Column {
    pub const ALL: [Column; 8] = [
        Column::Username,
        Column::First,
        Column::Last,
        Column::Status,
        Column::Type,
        Column::Verified,
        Column::Created,
        Column::LastLogin,
    ];

    /// The name used in the URL (`sort=created`, `sort=-created`).
    pub fn as_str(self) -> &'static str {
        match self {
            Column::Username => "username",
            Column::First => "first",
            Column::Last => "last",
            Column::Status => "status",
            Column::Type => "type",
            Column::Verified => "verified",
            Column::Created => "created",
            Column::LastLogin => "login",
        }
    }

    pub fn parse(text: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.as_str() == text)
    }
}

/// A column and a direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Sort {
    pub column: Column,
    pub descending: bool,
}

impl Default for Sort {
    fn default() -> Self {
        Sort { column: Column::Username, descending: false }
    }
}

impl Sort {
    /// What a click on `column`'s header does: ascending first, then descending, then ascending.
    pub fn toggled(self, column: Column) -> Sort {
        if self.column == column {
            Sort { column, descending: !self.descending }
        } else {
            Sort { column, descending: false }
        }
    }
}

/// A three-way filter: any, or only one value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Only {
    #[default]
    Any,
    Yes,
    No,
}

impl Only {
    pub fn accepts(self, value: bool) -> bool {
        match self {
            Only::Any => true,
            Only::Yes => value,
            Only::No => !value,
        }
    }
}

/// Everything that decides which users are shown, and how.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ViewQuery {
    /// Free text over username, email, first and last name.
    pub search: String,
    /// Active (Yes) or inactive (No).
    pub active: Only,
    /// Admins (Yes) or plain users (No).
    pub admin: Only,
    pub verified: Only,
    /// Only users with no login in this many days (never logged in counts as no login).
    pub idle_days: Option<u32>,
    pub sort: Sort,
    /// The user whose details are open.
    pub user: Option<String>,
}

fn only_from(value: &str, yes: &str, no: &str) -> Only {
    if value == yes {
        Only::Yes
    } else if value == no {
        Only::No
    } else {
        Only::Any
    }
}

fn only_to(only: Only, yes: &'static str, no: &'static str) -> Option<&'static str> {
    match only {
        Only::Any => None,
        Only::Yes => Some(yes),
        Only::No => Some(no),
    }
}

impl ViewQuery {
    /// Reads the view from a query string. Unknown keys and bad values are ignored (a stale
    /// bookmark still opens), and the OIDC callback parameters never land here.
    pub fn parse(search: &str) -> ViewQuery {
        let mut query = ViewQuery::default();
        for (key, value) in form_urlencoded::parse(search.trim_start_matches('?').as_bytes()) {
            match key.as_ref() {
                "q" => query.search = value.chars().take(200).collect(),
                "status" => query.active = only_from(&value, "active", "inactive"),
                "type" => query.admin = only_from(&value, "admin", "user"),
                "verified" => query.verified = only_from(&value, "yes", "no"),
                "idle" => query.idle_days = value.parse().ok().filter(|d: &u32| *d > 0 && *d <= 36_500),
                "sort" => {
                    let (descending, name) = match value.strip_prefix('-') {
                        Some(rest) => (true, rest),
                        None => (false, value.as_ref()),
                    };
                    if let Some(column) = Column::parse(name) {
                        query.sort = Sort { column, descending };
                    }
                }
                "user" if !value.is_empty() && value.len() <= 100 => query.user = Some(value.into_owned()),
                _ => {}
            }
        }
        query
    }

    /// The query string for this view, with defaults left out; `""` for the default view.
    pub fn to_query_string(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        if !self.search.is_empty() {
            out.append_pair("q", &self.search);
        }
        if let Some(v) = only_to(self.active, "active", "inactive") {
            out.append_pair("status", v);
        }
        if let Some(v) = only_to(self.admin, "admin", "user") {
            out.append_pair("type", v);
        }
        if let Some(v) = only_to(self.verified, "yes", "no") {
            out.append_pair("verified", v);
        }
        if let Some(days) = self.idle_days {
            out.append_pair("idle", &days.to_string());
        }
        if self.sort != Sort::default() {
            let sign = if self.sort.descending { "-" } else { "" };
            out.append_pair("sort", &format!("{sign}{}", self.sort.column.as_str()));
        }
        if let Some(user) = &self.user {
            out.append_pair("user", user);
        }
        let text = out.finish();
        if text.is_empty() {
            text
        } else {
            format!("?{text}")
        }
    }

    /// True when any filter or search narrows the list.
    pub fn is_filtered(&self) -> bool {
        !self.search.trim().is_empty()
            || self.active != Only::Any
            || self.admin != Only::Any
            || self.verified != Only::Any
            || self.idle_days.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_view_round_trips_through_the_query_string() {
        let view = ViewQuery {
            search: "García & co".into(),
            active: Only::No,
            admin: Only::Yes,
            verified: Only::Yes,
            idle_days: Some(90),
            sort: Sort { column: Column::Created, descending: true },
            user: Some("4a9e2f6c-1b7d".into()),
        };
        let text = view.to_query_string();
        assert_eq!(
            text,
            "?q=Garc%C3%ADa+%26+co&status=inactive&type=admin&verified=yes&idle=90&sort=-created&user=4a9e2f6c-1b7d"
        );
        assert_eq!(ViewQuery::parse(&text), view);
    }

    #[test]
    fn the_default_view_has_an_empty_query() {
        assert_eq!(ViewQuery::default().to_query_string(), "");
        assert_eq!(ViewQuery::parse(""), ViewQuery::default());
        assert!(!ViewQuery::default().is_filtered());
    }

    #[test]
    fn bad_values_and_foreign_keys_are_ignored() {
        let view = ViewQuery::parse("?sort=-password&idle=-3&status=maybe&code=abc&state=xyz&utm=1&type=admin");
        assert_eq!(view, ViewQuery { admin: Only::Yes, ..ViewQuery::default() });
        assert_eq!(ViewQuery::parse("?idle=0").idle_days, None);
        assert_eq!(ViewQuery::parse("?idle=99999999").idle_days, None);
        assert_eq!(ViewQuery::parse(&format!("?q={}", "x".repeat(500))).search.len(), 200);
    }

    #[test]
    fn clicking_a_header_sorts_ascending_then_descending() {
        let sort = Sort::default().toggled(Column::Created);
        assert_eq!(sort, Sort { column: Column::Created, descending: false });
        assert_eq!(sort.toggled(Column::Created), Sort { column: Column::Created, descending: true });
        assert_eq!(sort.toggled(Column::Created).toggled(Column::Created), sort);
        assert_eq!(sort.toggled(Column::Last), Sort { column: Column::Last, descending: false });
    }
}
