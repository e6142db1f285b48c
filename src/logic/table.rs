//! The user table's data: rows with their sort and search keys computed once per load, then
//! sorting and filtering as index lists, so an interaction never clones or re-folds users.

use std::cmp::Ordering;

use super::fold::fold;
use super::query::{Column, Sort, ViewQuery};
use crate::api::types::User;

/// One user with precomputed keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub user: User,
    username_key: String,
    first_key: Option<String>,
    last_key: Option<String>,
    /// Folded username, email, first and last name, separated by a character no query holds.
    haystack: String,
}

impl Row {
    pub fn new(user: User) -> Row {
        let username_key = fold(user.email.as_deref().unwrap_or(&user.username));
        let first_key = user.first_name.as_deref().map(fold).filter(|s| !s.trim().is_empty());
        let last_key = user.last_name.as_deref().map(fold).filter(|s| !s.trim().is_empty());
        let haystack = [Some(fold(&user.username)), user.email.as_deref().map(fold), first_key.clone(), last_key.clone()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("\u{1}");
        Row { user, username_key, first_key, last_key, haystack }
    }
}

/// Builds the rows of one load.
pub fn rows_from(users: Vec<User>) -> Vec<Row> {
    users.into_iter().map(Row::new).collect()
}

/// Missing values sort last in either direction.
fn present_first<T: Ord>(a: Option<T>, b: Option<T>, descending: bool) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => if descending { b.cmp(&a) } else { a.cmp(&b) },
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

fn compare(a: &Row, b: &Row, sort: Sort) -> Ordering {
    let d = sort.descending;
    let flip = |o: Ordering| if d { o.reverse() } else { o };
    let primary = match sort.column {
        Column::Username => flip(a.username_key.cmp(&b.username_key)),
        Column::First => present_first(a.first_key.as_ref(), b.first_key.as_ref(), d),
        Column::Last => present_first(a.last_key.as_ref(), b.last_key.as_ref(), d),
        // Active before inactive, admins before users, verified before not, when ascending.
        Column::Status => flip(b.user.enabled.cmp(&a.user.enabled)),
        Column::Type => flip(b.user.is_admin().cmp(&a.user.is_admin())),
        Column::Verified => flip(b.user.email_verified.cmp(&a.user.email_verified)),
        // Oldest first when ascending.
        Column::Created => flip(a.user.created_timestamp.cmp(&b.user.created_timestamp)),
        // "Never" is a missing value: last either way.
        Column::LastLogin => present_first(a.user.last_login, b.user.last_login, d),
    };
    // Ties: by username, then id, so the order is total and stable across loads.
    primary.then_with(|| a.username_key.cmp(&b.username_key)).then_with(|| a.user.id.cmp(&b.user.id))
}

/// The indices of `rows` in display order.
pub fn sorted_indices(rows: &[Row], sort: Sort) -> Vec<u32> {
    let mut order: Vec<u32> = (0..rows.len() as u32).collect();
    order.sort_by(|&a, &b| compare(&rows[a as usize], &rows[b as usize], sort));
    order
}

const DAY_MS: i64 = 86_400_000;

/// Whether a row passes the query's search and filters. `now_ms` anchors "no login in N days".
pub fn matches(row: &Row, query: &ViewQuery, folded_search: &str, now_ms: i64) -> bool {
    let user = &row.user;
    query.active.accepts(user.enabled)
        && query.admin.accepts(user.is_admin())
        && query.verified.accepts(user.email_verified)
        && query.idle_days.is_none_or(|days| user.last_login.is_none_or(|t| now_ms - t >= i64::from(days) * DAY_MS))
        && folded_search.split_whitespace().all(|word| row.haystack.contains(word))
}

/// The sorted indices that pass the query, in the same order.
pub fn visible(rows: &[Row], sorted: &[u32], query: &ViewQuery, now_ms: i64) -> Vec<u32> {
    let folded = fold(query.search.trim());
    sorted.iter().copied().filter(|&i| matches(&rows[i as usize], query, &folded, now_ms)).collect()
}

/// The figures always shown above the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub all: usize,
    pub shown: usize,
    /// Active users take a licence seat.
    pub active: usize,
}

pub fn counts(rows: &[Row], shown: usize) -> Counts {
    Counts { all: rows.len(), shown, active: rows.iter().filter(|r| r.user.enabled).count() }
}

/// `YYYY-MM-DD` (UTC) for a time in epoch milliseconds.
pub fn format_date(ms: i64) -> String {
    let (y, m, d) = civil_from_days(ms.div_euclid(DAY_MS));
    format!("{y:04}-{m:02}-{d:02}")
}

/// `YYYY-MM-DD HH:MM UTC` for a time in epoch milliseconds.
pub fn format_date_time(ms: i64) -> String {
    let minutes = ms.div_euclid(60_000).rem_euclid(24 * 60);
    format!("{} {:02}:{:02} UTC", format_date(ms), minutes / 60, minutes % 60)
}

/// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logic::query::Only;

    fn user(id: &str, username: &str, first: Option<&str>, enabled: bool, created: i64, login: Option<i64>) -> User {
        serde_json::from_value(serde_json::json!({
            "id": id, "username": username, "email": if username == "admin" { None } else { Some(username) },
            "firstName": first, "enabled": enabled, "createdTimestamp": created, "lastLogin": login,
            "realmRoles": if username == "admin" { vec!["admin"] } else { vec![] },
        }))
        .unwrap()
    }

    fn table() -> Vec<Row> {
        rows_from(vec![
            user("1", "Émilie@x.io", Some("Émilie"), true, 300, Some(5 * DAY_MS)),
            user("2", "bo@x.io", None, false, 100, None),
            user("3", "admin", None, true, 200, Some(9 * DAY_MS)),
            user("4", "ana@x.io", Some("ana"), true, 100, Some(1 * DAY_MS)),
            user("5", "zed@x.io", Some("Ana"), true, 400, None),
        ])
    }

    fn order(rows: &[Row], column: Column, descending: bool) -> Vec<&str> {
        sorted_indices(rows, Sort { column, descending }).iter().map(|&i| rows[i as usize].user.id.as_str()).collect()
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

    #[test]
    fn search_is_folded_and_every_word_must_match() {
        let rows = table();
        let sorted = sorted_indices(&rows, Sort::default());
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
    fn filters_combine() {
        let rows = table();
        let sorted = sorted_indices(&rows, Sort::default());
        let ids = |query: ViewQuery, now: i64| -> Vec<String> {
            visible(&rows, &sorted, &query, now).iter().map(|&i| rows[i as usize].user.id.clone()).collect()
        };
        assert_eq!(ids(ViewQuery { active: Only::No, ..Default::default() }, 0), ["2"]);
        assert_eq!(ids(ViewQuery { admin: Only::Yes, ..Default::default() }, 0), ["3"]);
        assert_eq!(ids(ViewQuery { verified: Only::Yes, ..Default::default() }, 0), Vec::<String>::new());
        // At day 10, "no login in 5 days": never (2, 5), day 1 (4), day 5 (1); not day 9 (3).
        assert_eq!(ids(ViewQuery { idle_days: Some(5), ..Default::default() }, 10 * DAY_MS), ["4", "2", "1", "5"]);
        assert_eq!(ids(ViewQuery { idle_days: Some(5), active: Only::Yes, ..Default::default() }, 10 * DAY_MS), ["4", "1", "5"]);
    }

    #[test]
    fn counts_show_all_shown_and_active_seats() {
        assert_eq!(counts(&table(), 2), Counts { all: 5, shown: 2, active: 4 });
    }

    #[test]
    fn dates_format_in_utc() {
        assert_eq!(format_date(0), "1970-01-01");
        assert_eq!(format_date(1_700_496_282_637), "2023-11-20");
        assert_eq!(format_date_time(1_720_716_932_504), "2024-07-11 16:55 UTC");
        assert_eq!(format_date(951_782_400_000), "2000-02-29");
        assert_eq!(format_date(-86_400_000), "1969-12-31");
    }
}
