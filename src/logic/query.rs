//! The users page's view state — search, filters, sort, open user — and its place in the URL
//! query string, so a view can be bookmarked, shared, and survives the sign-in round trip.

use super::workspaces::InWorkspace;

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
    /// How many workspaces the user is a member of.
    Workspaces,
}

impl Column {
    pub const ALL: [Column; 9] = [
        Column::Username,
        Column::First,
        Column::Last,
        Column::Status,
        Column::Type,
        Column::Verified,
        Column::Created,
        Column::LastLogin,
        Column::Workspaces,
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
            Column::Workspaces => "workspaces",
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
    /// Only members of one workspace, or users in none.
    pub workspace: InWorkspace,
    pub sort: Sort,
    /// The user whose details are open.
    pub user: Option<String>,
}

/// A three-way filter of the users page, and the two values it takes: the same words in the
/// URL (`status=inactive`) and in the toolbar's select, so both read and write them alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    /// Active (`Yes`) or inactive (`No`).
    Status,
    /// Admins (`Yes`) or plain users (`No`).
    Type,
    /// Verified email (`Yes`) or not (`No`).
    Verified,
}

impl Filter {
    pub const ALL: [Filter; 3] = [Filter::Status, Filter::Type, Filter::Verified];

    /// The URL key.
    pub fn key(self) -> &'static str {
        match self {
            Filter::Status => "status",
            Filter::Type => "type",
            Filter::Verified => "verified",
        }
    }

    /// The values meaning `Yes` and `No`.
    pub fn values(self) -> (&'static str, &'static str) {
        match self {
            Filter::Status => ("active", "inactive"),
            Filter::Type => ("admin", "user"),
            Filter::Verified => ("yes", "no"),
        }
    }

    /// A value read from the URL or the select; anything unknown (or empty) means any.
    pub fn parse(self, value: &str) -> Only {
        let (yes, no) = self.values();
        if value == yes {
            Only::Yes
        } else if value == no {
            Only::No
        } else {
            Only::Any
        }
    }

    /// The value to write: `""` for any.
    pub fn value(self, only: Only) -> &'static str {
        let (yes, no) = self.values();
        match only {
            Only::Any => "",
            Only::Yes => yes,
            Only::No => no,
        }
    }

    pub fn get(self, query: &ViewQuery) -> Only {
        match self {
            Filter::Status => query.active,
            Filter::Type => query.admin,
            Filter::Verified => query.verified,
        }
    }

    pub fn set(self, query: &mut ViewQuery, only: Only) {
        match self {
            Filter::Status => query.active = only,
            Filter::Type => query.admin = only,
            Filter::Verified => query.verified = only,
        }
    }
}

/// A sort in the URL, `created` or `-created` (descending): (the column's name, descending). The
/// users and the workspaces views write their sorts alike.
pub fn read_sort(value: &str) -> (&str, bool) {
    match value.strip_prefix('-') {
        Some(name) => (name, true),
        None => (value, false),
    }
}

/// The URL form of a sort, as [`read_sort`] reads it.
pub fn write_sort(column: &str, descending: bool) -> String {
    format!("{}{column}", if descending { "-" } else { "" })
}

/// "No login in N days" from the URL or the select: 1 to 100 years, anything else means any.
pub fn parse_idle_days(value: &str) -> Option<u32> {
    value.parse().ok().filter(|d: &u32| *d > 0 && *d <= 36_500)
}

impl ViewQuery {
    /// Reads the view from a query string. Unknown keys and bad values are ignored (a stale
    /// bookmark still opens), and the OIDC callback parameters never land here.
    pub fn parse(search: &str) -> ViewQuery {
        let mut query = ViewQuery::default();
        for (key, value) in form_urlencoded::parse(search.trim_start_matches('?').as_bytes()) {
            match key.as_ref() {
                "q" => query.search = value.chars().take(200).collect(),
                "idle" => query.idle_days = parse_idle_days(&value),
                "ws" => query.workspace = InWorkspace::parse(&value),
                "sort" => {
                    let (name, descending) = read_sort(&value);
                    if let Some(column) = Column::parse(name) {
                        query.sort = Sort { column, descending };
                    }
                }
                "user" if !value.is_empty() && value.len() <= 100 => query.user = Some(value.into_owned()),
                key => {
                    if let Some(filter) = Filter::ALL.into_iter().find(|f| f.key() == key) {
                        filter.set(&mut query, filter.parse(&value));
                    }
                }
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
        for filter in Filter::ALL {
            let value = filter.value(filter.get(self));
            if !value.is_empty() {
                out.append_pair(filter.key(), value);
            }
        }
        if let Some(days) = self.idle_days {
            out.append_pair("idle", &days.to_string());
        }
        if self.workspace != InWorkspace::Any {
            out.append_pair("ws", &self.workspace.value());
        }
        if self.sort != Sort::default() {
            out.append_pair("sort", &write_sort(self.sort.column.as_str(), self.sort.descending));
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
            || self.workspace != InWorkspace::Any
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
            workspace: InWorkspace::Of(14),
            sort: Sort { column: Column::Created, descending: true },
            user: Some("4a9e2f6c-1b7d".into()),
        };
        let text = view.to_query_string();
        assert_eq!(
            text,
            "?q=Garc%C3%ADa+%26+co&status=inactive&type=admin&verified=yes&idle=90&ws=14&sort=-created&user=4a9e2f6c-1b7d"
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
    fn the_toolbar_and_the_url_read_filter_values_alike() {
        for filter in Filter::ALL {
            for only in [Only::Any, Only::Yes, Only::No] {
                assert_eq!(filter.parse(filter.value(only)), only, "{filter:?} {only:?}");
                let mut query = ViewQuery::default();
                filter.set(&mut query, only);
                assert_eq!(ViewQuery::parse(&query.to_query_string()), query);
            }
            // Unknown words mean "any" in both places (a stale bookmark, a tampered select).
            assert_eq!(filter.parse("maybe"), Only::Any);
            assert_eq!(filter.parse(""), Only::Any);
        }
        assert_eq!(parse_idle_days("90"), Some(90));
        for bad in ["", "0", "-3", "36501", "x"] {
            assert_eq!(parse_idle_days(bad), None, "{bad}");
        }
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
