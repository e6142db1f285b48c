//! The workspaces view: its rows (every workspace with owners, member count, models, pipelines,
//! archived, created), its search, filter and sort, and its place in the URL
//! (`?view=workspaces&q=…&orphans=1&sort=-members&open=14`), so it is deep-linkable like the
//! users view.

use super::fold::fold;
use super::order;
use super::query::{read_sort, write_sort};
use super::workspaces::{Members, Memberships, Role};
use crate::api::workspace_types::WorkspaceId;

/// A sortable column of the workspaces view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum WsColumn {
    #[default]
    Name,
    Owners,
    Members,
    Models,
    Pipelines,
    Archived,
    Created,
}

impl WsColumn {
    pub const ALL: [WsColumn; 7] = [
        WsColumn::Name,
        WsColumn::Owners,
        WsColumn::Members,
        WsColumn::Models,
        WsColumn::Pipelines,
        WsColumn::Archived,
        WsColumn::Created,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            WsColumn::Name => "name",
            WsColumn::Owners => "owners",
            WsColumn::Members => "members",
            WsColumn::Models => "models",
            WsColumn::Pipelines => "pipelines",
            WsColumn::Archived => "archived",
            WsColumn::Created => "created",
        }
    }
}

/// Everything that decides which workspaces are shown, and how.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WorkspaceQuery {
    /// Free text over the name and the owners.
    pub search: String,
    /// Only workspaces with no active owner.
    pub orphans: bool,
    pub sort: WsColumn,
    pub descending: bool,
    /// The workspace whose members are open.
    pub open: Option<WorkspaceId>,
}

impl WorkspaceQuery {
    /// Reads the view from a query string; unknown keys and bad values are ignored.
    pub fn parse(search: &str) -> WorkspaceQuery {
        let mut query = WorkspaceQuery::default();
        for (key, value) in form_urlencoded::parse(search.trim_start_matches('?').as_bytes()) {
            match key.as_ref() {
                "q" => query.search = value.chars().take(200).collect(),
                "orphans" => query.orphans = value == "1",
                "open" => query.open = value.parse().ok(),
                "sort" => {
                    let (name, descending) = read_sort(&value);
                    if let Some(column) = WsColumn::ALL.into_iter().find(|c| c.as_str() == name) {
                        (query.sort, query.descending) = (column, descending);
                    }
                }
                _ => {}
            }
        }
        query
    }

    /// The query string, `view=workspaces` first, defaults left out.
    pub fn to_query_string(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        out.append_pair("view", "workspaces");
        if !self.search.is_empty() {
            out.append_pair("q", &self.search);
        }
        if self.orphans {
            out.append_pair("orphans", "1");
        }
        if self.sort != WsColumn::Name || self.descending {
            out.append_pair("sort", &write_sort(self.sort.as_str(), self.descending));
        }
        if let Some(id) = self.open {
            out.append_pair("open", &id.to_string());
        }
        format!("?{}", out.finish())
    }

    /// A header click: ascending first, then descending.
    pub fn toggle(&mut self, column: WsColumn) {
        self.descending = self.sort == column && !self.descending;
        self.sort = column;
    }
}

/// Which view the URL opens.
pub fn is_workspaces_view(search: &str) -> bool {
    form_urlencoded::parse(search.trim_start_matches('?').as_bytes()).any(|(k, v)| k == "view" && v == "workspaces")
}

/// One workspace as the view shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WsRow {
    pub id: WorkspaceId,
    pub name: String,
    /// The owners' names (emails; "unknown user (id)" for an id that matches no user).
    pub owners: Vec<String>,
    /// `None` while the members load (or when they failed).
    pub members: Option<usize>,
    pub models: usize,
    pub pipelines: usize,
    pub archived: bool,
    /// The date part of `created_at` (`2024-07-11`), and the whole value.
    pub created: String,
    pub created_at: String,
    /// `Some(true)` when no owner is an active user; `None` until known.
    pub no_active_owner: Option<bool>,
}

/// How a member who matches no user is named.
pub fn unknown_user(id: &str) -> String {
    format!("unknown user ({id})")
}

/// The rows of every workspace. `label_of` names a user id (`None`: no such user); `active`
/// says whether a user is active.
pub fn ws_rows(
    memberships: &Memberships,
    label_of: impl Fn(&str) -> Option<String>,
    active: impl Fn(&str) -> bool,
) -> Vec<WsRow> {
    memberships
        .workspaces()
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let members = memberships.members_at(i);
            let (owners, count) = match members {
                Members::Loaded(list) => (
                    list.iter()
                        .filter(|(_, r)| *r == Role::Owner)
                        .map(|(u, _)| label_of(u).unwrap_or_else(|| unknown_user(u)))
                        .collect(),
                    Some(list.len()),
                ),
                _ => (Vec::new(), None),
            };
            WsRow {
                id: w.id,
                name: w.name.clone(),
                owners,
                members: count,
                models: w.models.len(),
                pipelines: w.pipelines.len(),
                archived: w.archived,
                created: w.created_at.get(..10).unwrap_or(&w.created_at).to_owned(),
                created_at: w.created_at.clone(),
                no_active_owner: memberships.has_active_owner(w.id, &active).map(|has| !has),
            }
        })
        .collect()
}

/// The rows the query shows, in its order (indices into `rows`). Ties go by name, then id.
pub fn shown_rows(rows: &[WsRow], query: &WorkspaceQuery) -> Vec<usize> {
    let words: Vec<String> = fold(&query.search).split_whitespace().map(str::to_owned).collect();
    let mut shown: Vec<(String, usize)> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| !query.orphans || r.no_active_owner == Some(true))
        .filter(|(_, r)| {
            words.is_empty() || {
                let text = fold(&format!("{} {}", r.name, r.owners.join(" ")));
                words.iter().all(|w| text.contains(w.as_str()))
            }
        })
        .map(|(i, r)| (fold(&r.name), i))
        .collect();
    order::sort_by(&mut shown, |(a_name, a), (b_name, b)| {
        let (x, y) = (&rows[*a], &rows[*b]);
        let primary = match query.sort {
            WsColumn::Name => std::cmp::Ordering::Equal,
            WsColumn::Owners => x.owners.len().cmp(&y.owners.len()),
            WsColumn::Members => x.members.cmp(&y.members),
            WsColumn::Models => x.models.cmp(&y.models),
            WsColumn::Pipelines => x.pipelines.cmp(&y.pipelines),
            WsColumn::Archived => x.archived.cmp(&y.archived),
            WsColumn::Created => x.created_at.cmp(&y.created_at),
        }
        .then_with(|| a_name.cmp(b_name))
        .then_with(|| x.id.cmp(&y.id));
        if query.descending {
            primary.reverse()
        } else {
            primary
        }
    });
    shown.into_iter().map(|(_, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::workspace_types::Workspace;

    fn ws(id: i64, name: &str, created_at: &str, models: usize) -> Workspace {
        Workspace {
            id,
            name: name.into(),
            created_at: created_at.into(),
            created_by: "x".into(),
            archived: id == 3,
            models: vec![0; models],
            pipelines: vec![],
        }
    }

    fn sample() -> Memberships {
        let mut m = Memberships::new(vec![
            ws(1, "Fraud", "2024-07-11T16:51:50.885751+00:00", 2),
            ws(2, "churn", "2023-01-02T00:00:00+00:00", 0),
            ws(3, "éclair", "2025-05-05T00:00:00+00:00", 5),
        ]);
        m.apply([
            (1, Members::Loaded(vec![("ana".into(), Role::Owner), ("bo".into(), Role::Collaborator)])),
            (2, Members::Loaded(vec![("gone".into(), Role::Owner)])),
        ]);
        m
    }

    fn rows() -> Vec<WsRow> {
        let label = |id: &str| (id != "gone").then(|| format!("{id}@x.io"));
        ws_rows(&sample(), label, |id: &str| id == "ana")
    }

    #[test]
    fn rows_name_owners_and_flag_workspaces_without_an_active_owner() {
        let rows = rows();
        assert_eq!(rows[0].owners, ["ana@x.io"]);
        assert_eq!((rows[0].members, rows[0].models, rows[0].created.as_str()), (Some(2), 2, "2024-07-11"));
        assert_eq!(rows[1].owners, ["unknown user (gone)"]);
        assert_eq!(rows[1].no_active_owner, Some(true));
        assert_eq!(rows[0].no_active_owner, Some(false));
        assert_eq!((rows[2].members, rows[2].no_active_owner), (None, None), "still loading");
    }

    #[test]
    fn search_filter_and_sort() {
        let rows = rows();
        let ids = |q: &WorkspaceQuery| shown_rows(&rows, q).into_iter().map(|i| rows[i].id).collect::<Vec<_>>();
        assert_eq!(ids(&WorkspaceQuery::default()), [2, 3, 1], "by folded name: churn, éclair, Fraud");
        assert_eq!(ids(&WorkspaceQuery { search: "ECLAIR".into(), ..Default::default() }), [3]);
        assert_eq!(ids(&WorkspaceQuery { search: "ana@".into(), ..Default::default() }), [1], "owners are searched");
        assert_eq!(ids(&WorkspaceQuery { orphans: true, ..Default::default() }), [2]);
        let mut q = WorkspaceQuery::default();
        q.toggle(WsColumn::Models);
        assert_eq!(ids(&q), [2, 1, 3]);
        q.toggle(WsColumn::Models);
        assert_eq!((ids(&q), q.descending), (vec![3, 1, 2], true));
        q.toggle(WsColumn::Created);
        assert_eq!(ids(&q), [2, 1, 3], "oldest first");
        q.sort = WsColumn::Members;
        assert_eq!(ids(&q), [3, 2, 1], "unknown counts first when ascending");
    }

    #[test]
    fn the_view_round_trips_through_the_url() {
        let q = WorkspaceQuery {
            search: "fraud eu".into(),
            orphans: true,
            sort: WsColumn::Members,
            descending: true,
            open: Some(14),
        };
        let text = q.to_query_string();
        assert_eq!(text, "?view=workspaces&q=fraud+eu&orphans=1&sort=-members&open=14");
        assert!(is_workspaces_view(&text));
        assert_eq!(WorkspaceQuery::parse(&text), q);
        assert_eq!(WorkspaceQuery::default().to_query_string(), "?view=workspaces");
        assert!(!is_workspaces_view("?q=x&sort=-created"));
        assert_eq!(WorkspaceQuery::parse("?sort=-bogus&open=x&orphans=yes"), WorkspaceQuery::default());
    }
}
