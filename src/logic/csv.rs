//! CSV export of the shown rows: RFC 4180 quoting, and cells that a spreadsheet would run as a
//! formula (`=`, `+`, `-`, `@`, tab, carriage return at the start) prefixed with `'`
//! (OWASP's guidance on CSV injection).

use super::format::format_date_time;
use super::table::Row;
use super::workspaces::Memberships;

/// The header and one line per row, CRLF-terminated as RFC 4180 says. The Workspaces column
/// lists each user's workspaces (owners marked) as far as `memberships` knows them.
pub fn to_csv<'a>(rows: impl IntoIterator<Item = &'a Row>, memberships: Option<&Memberships>) -> String {
    let mut out = String::new();
    line(
        &mut out,
        &[
            "Username",
            "Email",
            "First name",
            "Last name",
            "Status",
            "Type",
            "Email verified",
            "Created (UTC)",
            "Last login (UTC)",
            "Required actions",
            "Workspaces",
            "Id",
        ],
    );
    for row in rows {
        let u = &row.user;
        line(
            &mut out,
            &[
                &u.username,
                u.email.as_deref().unwrap_or(""),
                u.first_name.as_deref().unwrap_or(""),
                u.last_name.as_deref().unwrap_or(""),
                if u.enabled { "Active" } else { "Inactive" },
                if u.is_admin() { "admin" } else { "user" },
                if u.email_verified { "yes" } else { "no" },
                &format_date_time(u.created_timestamp),
                &u.last_login.map(format_date_time).unwrap_or_else(|| "never".into()),
                &u.required_actions.join(" "),
                &memberships.map(|m| m.names_of(&u.id)).unwrap_or_default(),
                &u.id,
            ],
        );
    }
    out
}

fn line(out: &mut String, cells: &[&str]) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&cell_text(cell));
    }
    out.push_str("\r\n");
}

/// One cell: guarded against formula injection, then quoted when it holds `"`, `,`, CR or LF.
pub fn cell_text(value: &str) -> String {
    let guarded =
        if value.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{value}") } else { value.to_owned() };
    if guarded.contains(['"', ',', '\r', '\n']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logic::table::rows_from;

    #[test]
    fn cells_are_quoted_as_rfc_4180_says() {
        assert_eq!(cell_text("plain"), "plain");
        assert_eq!(cell_text("O'Brien, Zoë"), "\"O'Brien, Zoë\"");
        assert_eq!(cell_text("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell_text("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn formula_starts_are_neutralised() {
        assert_eq!(cell_text("=HYPERLINK(\"http://evil\")"), "\"'=HYPERLINK(\"\"http://evil\"\")\"");
        assert_eq!(cell_text("+1"), "'+1");
        assert_eq!(cell_text("-2+3"), "'-2+3");
        assert_eq!(cell_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell_text("\tx"), "'\tx");
        assert_eq!(cell_text("a=b"), "a=b", "only the first character matters");
    }

    #[test]
    fn a_user_becomes_one_line_with_every_column() {
        let users = crate::json::read(r#"[{"id": "1", "username": "admin", "enabled": true, "createdTimestamp": 0, "realmRoles": ["admin"], "lastLogin": null},
            {"id": "2", "username": "=cmd@x.io", "email": "=cmd@x.io", "firstName": "Zoë", "lastName": "O'Brien, Jr", "enabled": false,
             "emailVerified": true, "createdTimestamp": 1720716932504, "lastLogin": 1720716932504, "requiredActions": ["UPDATE_PASSWORD"]}]"#).unwrap();
        let rows = rows_from(users);
        let mut m = Memberships::new(vec![crate::api::workspace_types::Workspace {
            id: 1,
            name: "=fraud, eu".into(),
            created_at: String::new(),
            created_by: String::new(),
            archived: false,
            models: vec![],
            pipelines: vec![],
        }]);
        m.apply([(
            1,
            crate::logic::workspaces::Members::Loaded(vec![("2".into(), crate::logic::workspaces::Role::Owner)]),
        )]);
        let csv = to_csv(rows.iter(), Some(&m));
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines.len(), 4, "{csv:?}");
        assert!(lines[0].starts_with("Username,Email,First name"));
        assert_eq!(lines[1], "admin,,,,Active,admin,no,1970-01-01 00:00 UTC,never,,,1");
        assert_eq!(lines[2], "'=cmd@x.io,'=cmd@x.io,Zoë,\"O'Brien, Jr\",Inactive,user,yes,2024-07-11 16:55 UTC,2024-07-11 16:55 UTC,UPDATE_PASSWORD,\"'=fraud, eu (owner)\",2");
        assert_eq!(lines[3], "");
    }
}
