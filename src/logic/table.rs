//! The user table's data: rows with their sort and search keys computed once per load, then
//! sorting and filtering as index lists, so an interaction never clones or re-folds users.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};

use super::fold::{fold, fold_into};
use super::format::DAY_MS;
use super::order::{self, order_by};
use super::query::{Column, Sort, ViewQuery};
use super::user::label;
use super::workspaces::{by_name, InWorkspace, Memberships};
use crate::api::types::User;

/// One user with precomputed keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub user: User,
    username_key: String,
    first_key: Option<String>,
    last_key: Option<String>,
    admin: bool,
}

impl Row {
    pub fn new(user: User) -> Row {
        let username_key = fold(user.email.as_deref().unwrap_or(&user.username));
        let first_key = user.first_name.as_deref().map(fold).filter(|s| !s.trim().is_empty());
        let last_key = user.last_name.as_deref().map(fold).filter(|s| !s.trim().is_empty());
        let admin = user.is_admin();
        Row { user, username_key, first_key, last_key, admin }
    }
}

/// Ends each row's text in [`Table::search_text`]; fields are separated by `FIELD_END`. Neither
/// can be in a search word (see [`search_words`]), so a match never spans two fields or rows.
const ROW_END: char = '\0';
const FIELD_END: char = '\u{1}';

/// The rows of one load, with the orders every sort starts from. Sorting compares integers
/// only: text columns are ranked once (the username order at load, first and last names the
/// first time they are sorted), so a sort of 100,000 users never compares strings.
#[derive(Debug)]
pub struct Table {
    rows: Vec<Row>,
    /// Per row: its place when ordered by (username key, id) — unique, the final tie-break.
    username_unique: Vec<u32>,
    /// Per row: the rank of its username key, equal keys sharing one rank.
    username_dense: Vec<u32>,
    first_dense: OnceLock<Vec<Option<u32>>>,
    last_dense: OnceLock<Vec<Option<u32>>>,
    /// Row indices ordered by id, built on the first lookup by id (bulk actions look up many).
    by_id: OnceLock<Vec<u32>>,
    /// Display orders already computed for this load: clicking back to an earlier sort is free.
    orders: Mutex<HashMap<Sort, Arc<Vec<u32>>>>,
    /// Every row's folded username, email, first and last name in one string, so a search is
    /// one pass over it rather than a substring search set up again for each user.
    search_text: String,
    /// Where each row's text starts in `search_text`, plus its total length at the end.
    search_starts: Vec<u32>,
}

impl std::ops::Deref for Table {
    type Target = [Row];
    fn deref(&self) -> &[Row] {
        &self.rows
    }
}

/// Dense ranks of the present keys (equal keys, equal rank); `None` where a key is missing.
fn dense_ranks<'a>(len: usize, key: impl Fn(usize) -> Option<&'a str>) -> Vec<Option<u32>> {
    let present: Vec<u32> = (0..len as u32).filter(|&i| key(i as usize).is_some()).collect();
    let key_at = |place: usize| key(present[place] as usize);
    let order: Vec<u32> = order_by(present.len(), &|a, b| key_at(a).cmp(&key_at(b)))
        .into_iter()
        .map(|place| present[place as usize])
        .collect();
    let mut ranks = vec![None; len];
    let mut rank = 0u32;
    for (place, &i) in order.iter().enumerate() {
        if place > 0 && key(order[place - 1] as usize) != key(i as usize) {
            rank += 1;
        }
        ranks[i as usize] = Some(rank);
    }
    ranks
}

impl Table {
    pub fn new(rows: Vec<Row>) -> Table {
        // Sorted: each row's first 16 key bytes as one big-endian integer, beside its index.
        // Most comparisons end there, within the sorted array itself, without touching the rows
        // or the strings, whose scattered reads (two per comparison in a merge) would dominate
        // the sort of a load's 100,000 users. Its own inlined sort, not `order_by`: an indirect
        // call per comparison measurably slowed the first paint.
        let mut keyed: Vec<(u128, u32)> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let mut bytes = [0u8; 16];
                let key = r.username_key.as_bytes();
                let n = key.len().min(16);
                bytes[..n].copy_from_slice(&key[..n]);
                (u128::from_be_bytes(bytes), i as u32)
            })
            .collect();
        keyed.sort_by(|&(a_prefix, a), &(b_prefix, b)| {
            a_prefix.cmp(&b_prefix).then_with(|| {
                let (a, b) = (&rows[a as usize], &rows[b as usize]);
                a.username_key.cmp(&b.username_key).then_with(|| a.user.id.cmp(&b.user.id))
            })
        });
        let order: Vec<u32> = keyed.into_iter().map(|(_, i)| i).collect();
        let mut username_unique = vec![0; rows.len()];
        let mut username_dense = vec![0; rows.len()];
        let mut dense = 0u32;
        for (place, &i) in order.iter().enumerate() {
            if place > 0 && rows[order[place - 1] as usize].username_key != rows[i as usize].username_key {
                dense += 1;
            }
            username_unique[i as usize] = place as u32;
            username_dense[i as usize] = dense;
        }
        let mut search_text = String::new();
        let mut search_starts = Vec::with_capacity(rows.len() + 1);
        for row in &rows {
            search_starts.push(search_text.len() as u32);
            let user = &row.user;
            // The username key is the folded email when there is one; the username is only
            // added when it differs (in Wallaroo it usually is the email).
            search_text.push_str(&row.username_key);
            if user.email.is_some() && user.email.as_deref() != Some(user.username.as_str()) {
                search_text.push(FIELD_END);
                fold_into(&user.username, &mut search_text);
            }
            for field in [&row.first_key, &row.last_key].into_iter().flatten() {
                search_text.push(FIELD_END);
                search_text.push_str(field);
            }
            search_text.push(ROW_END);
        }
        search_starts.push(search_text.len() as u32);
        Table {
            rows,
            username_unique,
            username_dense,
            first_dense: OnceLock::new(),
            last_dense: OnceLock::new(),
            by_id: OnceLock::new(),
            orders: Mutex::default(),
            search_text,
            search_starts,
        }
    }

    /// Row `i`'s searchable text.
    fn text_of(&self, i: usize) -> &[u8] {
        &self.search_text.as_bytes()[self.search_starts[i] as usize..self.search_starts[i + 1] as usize]
    }

    /// Clears `keep[i]` for every row whose text lacks `word`. Few candidates are checked one
    /// by one; many, with one scan of the whole text (a search call per row costs more in
    /// setting up than in searching 60 bytes).
    fn keep_containing(&self, word: &str, keep: &mut [bool]) {
        let finder = memchr::memmem::Finder::new(word.as_bytes());
        let candidates = keep.iter().filter(|&&k| k).count();
        if candidates * 4 < keep.len() {
            for (i, k) in keep.iter_mut().enumerate() {
                if *k && finder.find(self.text_of(i)).is_none() {
                    *k = false;
                }
            }
            return;
        }
        // One iterator over the whole text (hits come in order, so the row only moves forward).
        let mut found = vec![false; keep.len()];
        let mut row = 0usize;
        for hit in finder.find_iter(self.search_text.as_bytes()) {
            while self.search_starts[row + 1] as usize <= hit {
                row += 1;
            }
            found[row] = true;
        }
        for (k, f) in keep.iter_mut().zip(found) {
            *k &= f;
        }
    }

    /// The row of the user with this id: a binary search, not a scan of every user.
    pub fn position_of(&self, id: &str) -> Option<usize> {
        let order = self
            .by_id
            .get_or_init(|| order_by(self.rows.len(), &|a, b| self.rows[a].user.id.cmp(&self.rows[b].user.id)));
        let at = order.partition_point(|&i| self.rows[i as usize].user.id.as_str() < id);
        order.get(at).map(|&i| i as usize).filter(|&i| self.rows[i].user.id == id)
    }

    /// Ranks the first and last names now rather than on the first click on their column
    /// (≈150 ms at 100,000 users): called when the browser is idle after a load.
    pub fn prepare_name_sorts(&self) {
        self.first_ranks();
        self.last_ranks();
    }

    fn first_ranks(&self) -> &[Option<u32>] {
        self.first_dense.get_or_init(|| dense_ranks(self.rows.len(), |i| self.rows[i].first_key.as_deref()))
    }

    fn last_ranks(&self) -> &[Option<u32>] {
        self.last_dense.get_or_init(|| dense_ranks(self.rows.len(), |i| self.rows[i].last_key.as_deref()))
    }

    /// Row `i`'s sort key: missing values last either way, the primary value (flipped when
    /// descending), then the unique username place, so the order is total and stable.
    /// `workspaces` holds each row's workspace count (empty until memberships are known).
    fn key(&self, i: usize, sort: Sort, workspaces: &[u16]) -> (bool, i64, u32) {
        let user = &self.rows[i].user;
        let present = |v: Option<i64>| (v.is_none(), v.unwrap_or(0));
        // Active before inactive, admins before users, verified before not, when ascending.
        let flag_first = |b: bool| (false, i64::from(!b));
        let (missing, value) = match sort.column {
            Column::Username => (false, i64::from(self.username_dense[i])),
            Column::First => present(self.first_ranks()[i].map(i64::from)),
            Column::Last => present(self.last_ranks()[i].map(i64::from)),
            Column::Status => flag_first(user.enabled),
            Column::Type => flag_first(self.rows[i].admin),
            Column::Verified => flag_first(user.email_verified),
            // Oldest first when ascending.
            Column::Created => (false, user.created_timestamp),
            // "Never" is a missing value: last either way.
            Column::LastLogin => present(user.last_login),
            // Fewest first when ascending.
            Column::Workspaces => (false, workspaces.get(i).map_or(0, |&n| i64::from(n))),
        };
        // `!v` reverses the order of an i64 without the overflow of `-v`.
        (missing, if sort.descending { !value } else { value }, self.username_unique[i])
    }
}

/// Builds the table of one load.
pub fn rows_from(users: Vec<User>) -> Table {
    Table::new(users.into_iter().map(Row::new).collect())
}

/// The indices of `table`'s rows in display order, computed once per load and sort. The
/// workspace counts (per row) change without a new load, so their order is not kept.
pub fn sorted_order(table: &Table, sort: Sort, workspaces: &[u16]) -> Arc<Vec<u32>> {
    if sort.column == Column::Workspaces {
        return Arc::new(sorted_indices(table, sort, workspaces));
    }
    let mut orders = table.orders.lock().unwrap_or_else(|p| p.into_inner());
    orders.entry(sort).or_insert_with(|| Arc::new(sorted_indices(table, sort, &[]))).clone()
}

/// The indices of `table`'s rows in display order.
pub fn sorted_indices(table: &Table, sort: Sort, workspaces: &[u16]) -> Vec<u32> {
    let mut keyed: Vec<((bool, i64, u32), u32)> =
        (0..table.len()).map(|i| (table.key(i, sort, workspaces), i as u32)).collect();
    // Keys are unique (the username place is), so the order is the same for any sort.
    keyed.sort();
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// The words of a search, folded; control characters (our separators) dropped.
fn search_words(search: &str) -> Vec<String> {
    fold(search)
        .split_whitespace()
        .map(|w| w.chars().filter(|c| !c.is_control()).collect::<String>())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether a row passes the query's filters (not the search). `now_ms` anchors "no login in N days".
fn passes_filters(row: &Row, query: &ViewQuery, now_ms: i64) -> bool {
    let user = &row.user;
    query.active.accepts(user.enabled)
        && query.admin.accepts(row.admin)
        && query.verified.accepts(user.email_verified)
        && query.idle_days.is_none_or(|days| user.last_login.is_none_or(|t| now_ms - t >= i64::from(days) * DAY_MS))
}

/// Per row (in load order), whether it passes the query's search and filters. `narrow` is an
/// earlier result that this query can only narrow (see [`narrows`]): only its rows are checked,
/// so each keystroke of a search costs less than the one before.
pub fn matching(table: &Table, query: &ViewQuery, now_ms: i64, narrow: Option<&[bool]>) -> Vec<bool> {
    let mut keep: Vec<bool> = match narrow {
        Some(earlier) if earlier.len() == table.len() => earlier.to_vec(),
        _ => table.iter().map(|row| passes_filters(row, query, now_ms)).collect(),
    };
    for word in search_words(&query.search) {
        table.keep_containing(&word, &mut keep);
    }
    keep
}

/// Whether the rows matching `new` are a subset of those matching `old`: same filters, and the
/// old search (trimmed) begins the new one, so every old word is, or begins, a new word.
pub fn narrows(old: &ViewQuery, new: &ViewQuery) -> bool {
    old.active == new.active
        && old.admin == new.admin
        && old.verified == new.verified
        && old.idle_days.is_none()
        && new.idle_days.is_none()
        && fold(new.search.trim_start()).starts_with(fold(old.search.trim()).as_str())
}

/// The match results of the last few searches over one table. A search typed further narrows
/// the latest result; a key deleted goes back to a result already known; a new table (a new
/// load) starts afresh.
#[derive(Default)]
pub struct RecentMatches {
    table: Option<Arc<Table>>,
    /// Oldest first; at most [`RecentMatches::KEEP`].
    results: Vec<(ViewQuery, Arc<Vec<bool>>)>,
}

impl RecentMatches {
    const KEEP: usize = 12;

    /// Per row of `table`, whether it passes `query` (filters and search; sort and open user
    /// are ignored by the caller). "No login in N days" depends on `now_ms`, so such results are
    /// never reused.
    pub fn matching(&mut self, table: &Arc<Table>, query: &ViewQuery, now_ms: i64) -> Arc<Vec<bool>> {
        if !self.table.as_ref().is_some_and(|t| Arc::ptr_eq(t, table)) {
            self.table = Some(table.clone());
            self.results.clear();
        }
        let known = self.results.iter().find(|(q, _)| q == query && q.idle_days.is_none()).map(|(_, m)| m.clone());
        let result = known.unwrap_or_else(|| {
            let earlier = self.results.last().filter(|(q, _)| narrows(q, query)).map(|(_, m)| m.as_slice());
            Arc::new(matching(table, query, now_ms, earlier))
        });
        self.results.retain(|(q, _)| q != query);
        self.results.push((query.clone(), result.clone()));
        if self.results.len() > Self::KEEP {
            self.results.remove(0);
        }
        result
    }
}

/// The users for which `keep` holds, as (id, the name they go by) ordered by that name: who a
/// picker offers.
pub fn user_choices(table: &Table, keep: impl Fn(&User) -> bool) -> Vec<(String, String)> {
    by_name(table.iter().map(|r| &r.user).filter(|u| keep(u)).map(|u| (u.id.clone(), label(u).to_owned())))
}

/// Each row's workspace count, in load order (what the Workspaces column sorts by).
pub fn workspace_counts(table: &Table, memberships: &Memberships) -> Vec<u16> {
    table.iter().map(|row| memberships.count_of(&row.user.id).min(u16::MAX as usize) as u16).collect()
}

/// `matching` further narrowed by the workspace filter (which depends on the memberships, not
/// on the load, so it is applied after the search's cached results).
pub fn in_workspace(table: &Table, matching: &[bool], memberships: &Memberships, filter: InWorkspace) -> Vec<bool> {
    table.iter().zip(matching).map(|(row, &keep)| keep && filter.accepts(memberships, &row.user.id)).collect()
}

/// The sorted indices whose rows match, in the same order.
pub fn in_order(sorted: &[u32], matching: &[bool]) -> Vec<u32> {
    sorted.iter().copied().filter(|&i| matching[i as usize]).collect()
}

/// The figures always shown above the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub all: usize,
    pub shown: usize,
    /// Active users take a licence seat.
    pub active: usize,
}

/// The figures for `shown` rows, with `enabled` as actions since the load changed it
/// (`overrides`, by user id): seats follow the actions. Looks up only the changed users.
pub fn counts(table: &Table, shown: usize, overrides: &HashMap<String, bool>) -> Counts {
    let mut active = table.iter().filter(|r| r.user.enabled).count();
    for (id, &now) in overrides {
        match table.position_of(id).map(|i| table[i].user.enabled) {
            Some(true) if !now => active -= 1,
            Some(false) if now => active += 1,
            _ => {}
        }
    }
    Counts { all: table.len(), shown, active }
}

/// The selected ids in the order the table shows them (a bulk action goes down the list as the
/// administrator sees it); selected users hidden by a filter come last, by id.
pub fn selected_in_order(table: Option<&Table>, shown: &[u32], selected: &HashSet<String>) -> Vec<String> {
    let mut pending = selected.clone();
    let mut ids = Vec::with_capacity(pending.len());
    if let Some(table) = table {
        for &i in shown {
            let id = &table[i as usize].user.id;
            if pending.remove(id) {
                ids.push(id.clone());
            }
        }
    }
    let mut rest: Vec<String> = pending.into_iter().collect();
    order::sort_by(&mut rest, String::cmp);
    ids.extend(rest);
    ids
}

/// The users of `new` that are not in `old` as they were: added, or with any field changed.
/// What a reload marks for a moment, so that a change made elsewhere is seen.
pub fn changed_since(old: &Table, new: &Table) -> HashSet<String> {
    new.iter()
        .filter(|row| old.position_of(&row.user.id).is_none_or(|i| old[i].user != row.user))
        .map(|row| row.user.id.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sorted indices that pass the query, in the same order: what the page shows, without
    /// its cache of recent matches (the page composes `RecentMatches` and `in_order` itself).
    fn visible(table: &Table, sorted: &[u32], query: &ViewQuery, now_ms: i64) -> Vec<u32> {
        in_order(sorted, &matching(table, query, now_ms, None))
    }
    use crate::logic::query::Only;

    fn user(id: &str, username: &str, first: Option<&str>, enabled: bool, created: i64, login: Option<i64>) -> User {
        crate::json::read(
            serde_json::json!({
                "id": id, "username": username, "email": if username == "admin" { None } else { Some(username) },
                "firstName": first, "enabled": enabled, "createdTimestamp": created, "lastLogin": login,
                "realmRoles": if username == "admin" { vec!["admin"] } else { vec![] },
            })
            .to_string(),
        )
        .unwrap()
    }

    fn table() -> Table {
        rows_from(vec![
            user("1", "Émilie@x.io", Some("Émilie"), true, 300, Some(5 * DAY_MS)),
            user("2", "bo@x.io", None, false, 100, None),
            user("3", "admin", None, true, 200, Some(9 * DAY_MS)),
            user("4", "ana@x.io", Some("ana"), true, 100, Some(DAY_MS)),
            user("5", "zed@x.io", Some("Ana"), true, 400, None),
        ])
    }

    fn order(rows: &Table, column: Column, descending: bool) -> Vec<&str> {
        sorted_indices(rows, Sort { column, descending }, &[])
            .iter()
            .map(|&i| rows[i as usize].user.id.as_str())
            .collect()
    }

    #[test]
    fn text_sorts_ignore_case_and_accents() {
        let rows = table();
        assert_eq!(order(&rows, Column::Username, false), ["3", "4", "2", "1", "5"]);
        assert_eq!(order(&rows, Column::Username, true), ["5", "1", "2", "4", "3"]);
    }

    #[test]
    fn missing_values_sort_last_both_ways_and_ties_go_by_username() {
        let rows = table();
        // "ana" and "Ana" tie: ana@x.io before zed@x.io; no first name last.
        assert_eq!(order(&rows, Column::First, false), ["4", "5", "1", "3", "2"]);
        assert_eq!(order(&rows, Column::First, true), ["1", "4", "5", "3", "2"]);
        assert_eq!(order(&rows, Column::LastLogin, false), ["4", "1", "3", "2", "5"]);
        assert_eq!(order(&rows, Column::LastLogin, true), ["3", "1", "4", "2", "5"]);
    }

    #[test]
    fn dates_and_booleans_sort_sensibly() {
        let rows = table();
        assert_eq!(order(&rows, Column::Created, false), ["4", "2", "3", "1", "5"], "oldest first, ties by username");
        assert_eq!(order(&rows, Column::Status, false), ["3", "4", "1", "5", "2"], "active first");
        assert_eq!(order(&rows, Column::Status, true)[0], "2");
        assert_eq!(order(&rows, Column::Type, false)[0], "3", "admins first");
    }

    /// The integer keys must give exactly the order of the plain comparison they replace.
    #[test]
    fn ranked_sort_equals_the_plain_comparison() {
        fn reference(a: &Row, b: &Row, sort: Sort, count: impl Fn(&Row) -> u16) -> std::cmp::Ordering {
            use std::cmp::Ordering::*;
            let d = sort.descending;
            let flip = |o: std::cmp::Ordering| if d { o.reverse() } else { o };
            let present = |a: Option<&String>, b: Option<&String>| match (a, b) {
                (Some(a), Some(b)) => flip(a.cmp(b)),
                (Some(_), None) => Less,
                (None, Some(_)) => Greater,
                (None, None) => Equal,
            };
            let primary = match sort.column {
                Column::Username => flip(a.username_key.cmp(&b.username_key)),
                Column::First => present(a.first_key.as_ref(), b.first_key.as_ref()),
                Column::Last => present(a.last_key.as_ref(), b.last_key.as_ref()),
                Column::Status => flip(b.user.enabled.cmp(&a.user.enabled)),
                Column::Type => flip(b.user.is_admin().cmp(&a.user.is_admin())),
                Column::Verified => flip(b.user.email_verified.cmp(&a.user.email_verified)),
                Column::Created => flip(a.user.created_timestamp.cmp(&b.user.created_timestamp)),
                Column::LastLogin => match (a.user.last_login, b.user.last_login) {
                    (Some(x), Some(y)) => flip(x.cmp(&y)),
                    (Some(_), None) => Less,
                    (None, Some(_)) => Greater,
                    (None, None) => Equal,
                },
                Column::Workspaces => flip(count(a).cmp(&count(b))),
            };
            primary.then_with(|| a.username_key.cmp(&b.username_key)).then_with(|| a.user.id.cmp(&b.user.id))
        }
        let names = [Some("Ana"), Some("ana"), None, Some("Zoë"), Some("zoe"), Some(" "), Some("Émile")];
        let users: Vec<User> = (0..400)
            .map(|i: i64| {
                let mut u = user(
                    &format!("{:03}", (i * 37) % 400),
                    &format!("u{}@x.io", i % 23),
                    names[(i % 7) as usize],
                    i % 3 != 0,
                    (i % 11) * 1000,
                    (i % 5 != 0).then_some((i % 13) * 7),
                );
                u.last_name = names[((i / 7) % 7) as usize].map(String::from);
                u
            })
            .collect();
        let table = rows_from(users);
        let counts: Vec<u16> = (0..table.len() as u16).map(|i| (i * 7) % 5).collect();
        let count = |row: &Row| counts[table.position_of(&row.user.id).unwrap()];
        for column in Column::ALL {
            for descending in [false, true] {
                let sort = Sort { column, descending };
                let mut expected: Vec<u32> = (0..table.len() as u32).collect();
                expected.sort_by(|&a, &b| reference(&table[a as usize], &table[b as usize], sort, count));
                assert_eq!(sorted_indices(&table, sort, &counts), expected, "{sort:?}");
            }
        }
    }

    #[test]
    fn search_is_folded_and_every_word_must_match() {
        let rows = table();
        let sorted = sorted_indices(&rows, Sort::default(), &[]);
        let find = |q: &str| -> Vec<String> {
            let query = ViewQuery { search: q.into(), ..ViewQuery::default() };
            visible(&rows, &sorted, &query, 0).iter().map(|&i| rows[i as usize].user.id.clone()).collect()
        };
        assert_eq!(find("EMILIE"), ["1"]);
        assert_eq!(find("ana"), ["4", "5"]);
        assert_eq!(find("ana zed"), ["5"]);
        assert_eq!(find("  "), ["3", "4", "2", "1", "5"]);
        assert!(find("nobody").is_empty());
    }

    #[test]
    fn search_never_matches_across_fields_or_rows_and_narrows_only_when_it_may() {
        let rows = table();
        let sorted = sorted_indices(&rows, Sort::default(), &[]);
        let query = |q: &str| ViewQuery { search: q.into(), ..ViewQuery::default() };
        let ids = |m: &[bool]| -> Vec<String> {
            in_order(&sorted, m).iter().map(|&i| rows[i as usize].user.id.clone()).collect()
        };
        // "x.io" then the next row's username: no row holds "io\0ana"-like text as one word.
        assert!(ids(&matching(&rows, &query("ioana"), 0, None)).is_empty());
        assert!(ids(&matching(&rows, &query("\u{1}"), 0, None)).len() == 5, "a separator alone is no word");
        // Narrowing gives what a full search gives.
        let a = matching(&rows, &query("a"), 0, None);
        let an = matching(&rows, &query("an"), 0, Some(&a));
        assert_eq!(an, matching(&rows, &query("an"), 0, None));
        assert_eq!(ids(&an), ["4", "5"]);
        assert!(narrows(&query("an"), &query("ana z")));
        assert!(narrows(&query("an "), &query("an z")));
        assert!(!narrows(&query("ana"), &query("an")));
        assert!(!narrows(&query("ana"), &ViewQuery { active: Only::No, ..query("ana") }));
        assert!(
            !narrows(&ViewQuery { idle_days: Some(3), ..query("a") }, &ViewQuery { idle_days: Some(3), ..query("ab") }),
            "time moves"
        );
    }

    #[test]
    fn recent_matches_narrow_while_typing_reuse_on_delete_and_reset_on_a_new_load() {
        let table = Arc::new(table());
        let query = |q: &str| ViewQuery { search: q.into(), ..ViewQuery::default() };
        let mut recent = RecentMatches::default();
        let a = recent.matching(&table, &query("a"), 0);
        let an = recent.matching(&table, &query("an"), 0);
        assert_eq!(*an, matching(&table, &query("an"), 0, None), "narrowed equals a full search");
        assert!(Arc::ptr_eq(&recent.matching(&table, &query("a"), 0), &a), "a deleted key reuses the known result");
        let reloaded = Arc::new(rows_from(table.iter().map(|r| r.user.clone()).collect()));
        assert!(!Arc::ptr_eq(&recent.matching(&reloaded, &query("a"), 0), &a), "a new load starts afresh");
        // Time-dependent filters are computed again each time.
        let idle = ViewQuery { idle_days: Some(5), ..ViewQuery::default() };
        let first = recent.matching(&reloaded, &idle, 10 * DAY_MS);
        assert!(!Arc::ptr_eq(&recent.matching(&reloaded, &idle, 10 * DAY_MS), &first));
        for n in 0..20 {
            recent.matching(&reloaded, &query(&"x".repeat(n)), 0);
        }
        assert!(recent.results.len() <= RecentMatches::KEEP);
    }

    #[test]
    fn a_big_table_searches_by_scanning_and_by_candidates_alike() {
        let users: Vec<User> = (0..2000)
            .map(|i: i64| {
                user(
                    &i.to_string(),
                    &format!("user{i}@corp{}.io", i % 7),
                    Some(if i % 3 == 0 { "Ana" } else { "Bo" }),
                    true,
                    i,
                    None,
                )
            })
            .collect();
        let rows = rows_from(users);
        let query = |q: &str| ViewQuery { search: q.into(), ..ViewQuery::default() };
        let brute = |q: &str| -> Vec<bool> {
            let words = search_words(q);
            rows.iter()
                .map(|r| {
                    let text = [
                        Some(fold(&r.user.username)),
                        r.user.email.as_deref().map(fold),
                        r.first_key.clone(),
                        r.last_key.clone(),
                    ];
                    words.iter().all(|w| text.iter().flatten().any(|t| t.contains(w.as_str())))
                })
                .collect()
        };
        for q in ["ana", "corp3", "user1 ana", "9@", "zzz", "1", "user19"] {
            assert_eq!(matching(&rows, &query(q), 0, None), brute(q), "{q}");
        }
        let step = matching(&rows, &query("user1"), 0, None);
        assert_eq!(matching(&rows, &query("user19"), 0, Some(&step)), brute("user19"));
    }

    #[test]
    fn a_user_is_found_by_id() {
        let rows = table();
        for (i, row) in rows.iter().enumerate() {
            assert_eq!(rows.position_of(&row.user.id), Some(i));
        }
        assert_eq!(rows.position_of("nobody"), None);
        assert_eq!(rows.position_of(""), None);
    }

    #[test]
    fn filters_combine() {
        let rows = table();
        let sorted = sorted_indices(&rows, Sort::default(), &[]);
        let ids = |query: ViewQuery, now: i64| -> Vec<String> {
            visible(&rows, &sorted, &query, now).iter().map(|&i| rows[i as usize].user.id.clone()).collect()
        };
        assert_eq!(ids(ViewQuery { active: Only::No, ..Default::default() }, 0), ["2"]);
        assert_eq!(ids(ViewQuery { admin: Only::Yes, ..Default::default() }, 0), ["3"]);
        assert_eq!(ids(ViewQuery { verified: Only::Yes, ..Default::default() }, 0), Vec::<String>::new());
        // At day 10, "no login in 5 days": never (2, 5), day 1 (4), day 5 (1); not day 9 (3).
        assert_eq!(ids(ViewQuery { idle_days: Some(5), ..Default::default() }, 10 * DAY_MS), ["4", "2", "1", "5"]);
        assert_eq!(
            ids(ViewQuery { idle_days: Some(5), active: Only::Yes, ..Default::default() }, 10 * DAY_MS),
            ["4", "1", "5"]
        );
    }

    #[test]
    fn counts_show_all_shown_and_active_seats() {
        assert_eq!(counts(&table(), 2, &HashMap::new()), Counts { all: 5, shown: 2, active: 4 });
        // Seats follow actions since the load; unknown ids and no-op overrides change nothing.
        let overrides: HashMap<String, bool> = [("1", false), ("2", true), ("3", true), ("gone", false)]
            .into_iter()
            .map(|(id, on)| (id.to_owned(), on))
            .collect();
        assert_eq!(counts(&table(), 2, &overrides), Counts { all: 5, shown: 2, active: 4 });
        let overrides: HashMap<String, bool> = [("1".to_owned(), false)].into_iter().collect();
        assert_eq!(counts(&table(), 2, &overrides).active, 3);
    }

    #[test]
    fn a_bulk_action_goes_down_the_shown_order_then_the_hidden_selected_by_id() {
        let table = table();
        let shown: Vec<u32> = vec![3, 0, 2];
        let id = |i: usize| table[i].user.id.clone();
        let selected: HashSet<String> = [id(0), id(3), id(4), id(1)].into_iter().collect();
        let mut hidden = vec![id(1), id(4)];
        hidden.sort();
        let mut expected = vec![id(3), id(0)];
        expected.extend(hidden);
        assert_eq!(selected_in_order(Some(&table), &shown, &selected), expected);
        assert_eq!(selected_in_order(None, &shown, &HashSet::new()), Vec::<String>::new());
    }

    #[test]
    fn a_reload_finds_the_users_added_or_changed_since_the_last() {
        let old = table();
        let mut users: Vec<User> = old.iter().map(|r| r.user.clone()).collect();
        users[1].enabled = !users[1].enabled;
        users.push(user("9", "new@x.io", None, true, 5, None));
        let changed_id = users[1].id.clone();
        let new = rows_from(users);
        let changed = changed_since(&old, &new);
        assert_eq!(changed, [changed_id, "9".to_owned()].into_iter().collect::<HashSet<_>>());
        assert!(changed_since(&new, &new).is_empty());
    }

    #[test]
    fn the_workspace_column_sorts_by_count_and_the_filter_narrows_the_search() {
        use crate::api::workspace_types::Workspace;
        use crate::logic::workspaces::{Members, Role};
        let rows = table();
        let ws = |id: i64| Workspace {
            id,
            name: format!("w{id}"),
            created_at: String::new(),
            created_by: String::new(),
            archived: false,
            models: vec![],
            pipelines: vec![],
        };
        let mut m = Memberships::new(vec![ws(1), ws(2)]);
        m.apply([
            (1, Members::Loaded(vec![("4".into(), Role::Owner), ("5".into(), Role::Collaborator)])),
            (2, Members::Loaded(vec![("4".into(), Role::Collaborator)])),
        ]);
        let counts = workspace_counts(&rows, &m);
        let ids = |order: &[u32]| order.iter().map(|&i| rows[i as usize].user.id.clone()).collect::<Vec<_>>();
        let most = Sort { column: Column::Workspaces, descending: true };
        assert_eq!(ids(&sorted_order(&rows, most, &counts)), ["4", "5", "3", "2", "1"], "ties by username");
        let everyone = matching(&rows, &ViewQuery::default(), 0, None);
        let sorted = sorted_indices(&rows, Sort::default(), &[]);
        let only = |filter| ids(&in_order(&sorted, &in_workspace(&rows, &everyone, &m, filter)));
        assert_eq!(only(InWorkspace::Of(2)), ["4"]);
        assert_eq!(only(InWorkspace::None), ["3", "2", "1"]);
        assert_eq!(only(InWorkspace::Any).len(), 5);
        let ana = matching(&rows, &ViewQuery { search: "ana".into(), ..ViewQuery::default() }, 0, None);
        assert_eq!(ids(&in_order(&sorted, &in_workspace(&rows, &ana, &m, InWorkspace::Of(1)))), ["4", "5"]);
    }
}
