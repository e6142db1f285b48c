//! Bounded property tests ("fuzzing" that fits in `make test`) of every decoder that reads
//! outside input: API answers, tokens and the IdP's answers, the callback URL, the view in
//! the address bar, config.json, the CSV writer. None may panic on anything; where a decoder
//! has an inverse, the round trip must hold. Each property runs `PROPTEST_CASES` cases
//! (256 by default; proptest also replays its saved failures from `proptest-regressions/`).
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use serde_json::{json, Value};
use wallaroo_users_panel::api::types::{EditUserResponse, Empty, InviteResponse, UsersQueryResponse};
use wallaroo_users_panel::api::{interpret_response, Endpoint};
use wallaroo_users_panel::auth::claims::{access_info, decode_payload, IdClaims};
use wallaroo_users_panel::auth::oidc::{parse_callback, parse_token_response, strip_callback_params, Discovery};
use wallaroo_users_panel::auth::return_to::safe_return_to;
use wallaroo_users_panel::config::PanelConfig;
use wallaroo_users_panel::logic::csv::to_csv;
use wallaroo_users_panel::logic::query::{Column, Only, Sort, ViewQuery};
use wallaroo_users_panel::logic::table::rows_from;
use wallaroo_users_panel::logic::workspaces::InWorkspace;

fn fixture() -> Vec<u8> {
    let root = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").into());
    std::fs::read(format!("{root}/tests/fixtures/t24_query_all.json")).unwrap()
}

/// A plain RFC 4180 reader (quoted fields may hold commas, quotes and line breaks).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let (mut records, mut record, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {
                chars.next();
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    records
}

/// Any JSON value, a few levels deep, with the strings an attacker would pick.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        prop_oneof![
            Just("<script>alert(1)</script>".to_owned()),
            Just("\u{202e}evil\u{202c}".to_owned()),
            Just("=HYPERLINK(\"x\")".to_owned()),
            ".{0,40}",
        ]
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            prop::collection::vec(
                (
                    prop_oneof![
                        Just("id".to_owned()),
                        Just("username".to_owned()),
                        Just("enabled".to_owned()),
                        Just("createdTimestamp".to_owned()),
                        Just("email".to_owned()),
                        Just("access".to_owned()),
                        Just("realmRoles".to_owned()),
                        Just("lastLogin".to_owned()),
                        "[a-zA-Z]{1,12}"
                    ],
                    inner,
                ),
                0..8
            )
            .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

/// A user object whose every field may be missing, null, of the wrong type or hostile.
fn any_user() -> impl Strategy<Value = Value> {
    (any_json(), any_json(), any_json(), any_json(), any::<bool>(), any::<i64>(), prop::option::of(".{0,300}"))
        .prop_map(|(a, b, c, d, enabled, created, name)| {
            let mut user = json!({ "id": a, "username": "u", "enabled": enabled, "createdTimestamp": created });
            if let Some(name) = name {
                user["firstName"] = json!(name);
                user["email"] = json!(format!("{name}@x.io"));
            }
            user["realmRoles"] = b;
            user["access"] = c;
            user["extra"] = d;
            user
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_with_any_status_decode_or_fail_cleanly(status in 100u16..600, body in prop::collection::vec(any::<u8>(), 0..400)) {
        for endpoint in [Endpoint::Query, Endpoint::Invite, Endpoint::Deactivate, Endpoint::Edit] {
            if let Err(e) = interpret_response::<UsersQueryResponse>(endpoint, status, &body) {
                let text = e.to_string();
                prop_assert!(!text.is_empty() && text.chars().count() < 700, "{text}");
            }
            let _ = interpret_response::<InviteResponse>(endpoint, status, &body);
            let _ = interpret_response::<Empty>(endpoint, status, &body);
            let _ = interpret_response::<EditUserResponse>(endpoint, status, &body);
        }
    }

    #[test]
    fn any_json_as_the_users_answer_decodes_or_fails_cleanly(users in prop::collection::vec(any_user(), 0..6), top in any_json()) {
        let map: serde_json::Map<String, Value> = users.into_iter().enumerate().map(|(i, u)| (format!("k{i}"), u)).collect();
        let count = map.len();
        let body = serde_json::to_vec(&json!({ "users": map })).unwrap();
        if let Ok(answer) = interpret_response::<UsersQueryResponse>(Endpoint::Query, 200, &body) {
            let users = answer.into_users();
            prop_assert!(users.len() <= count);
            // What decodes must also sort, filter and export without a panic.
            let table = rows_from(users);
            let records = parse_csv(&to_csv(table.iter(), None));
            prop_assert_eq!(records.len(), table.len() + 1, "one record per user after the header");
            prop_assert!(records.iter().all(|r| r.len() == 12), "12 fields in every record");
            for (record, row) in records[1..].iter().zip(table.iter()) {
                // Exactly the user's text, once the formula guard's quote is taken off.
                let first = record[2].strip_prefix('\'').filter(|_| row.user.first_name.as_deref().is_some_and(|f| f.starts_with(['=', '+', '-', '@', '\t', '\r']))).unwrap_or(&record[2]);
                prop_assert_eq!(first, row.user.first_name.as_deref().unwrap_or(""));
            }
        }
        let _ = interpret_response::<UsersQueryResponse>(Endpoint::Query, 200, serde_json::to_vec(&top).unwrap());
    }

    #[test]
    fn a_real_answer_cut_or_corrupted_anywhere_fails_cleanly(cut in 0usize..4000, flips in prop::collection::vec((0usize..4000, any::<u8>()), 0..4)) {
        let mut body = fixture();
        for (at, byte) in flips {
            let at = at % body.len();
            body[at] = byte;
        }
        body.truncate(cut.min(body.len()));
        let _ = interpret_response::<UsersQueryResponse>(Endpoint::Query, 200, &body);
    }

    #[test]
    fn tokens_of_any_shape_are_refused_not_panicked_on(jwt in "[A-Za-z0-9_.=+/-]{0,200}", payload in any_json()) {
        let _ = decode_payload::<IdClaims>(&jwt);
        let _ = access_info(&jwt);
        // A well-formed JWT around any payload.
        use base64::Engine as _;
        let encoded = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(serde_json::to_vec(&payload).unwrap());
        let token = format!("eyJhbGciOiJSUzI1NiJ9.{encoded}.c2ln");
        if let Ok(claims) = decode_payload::<IdClaims>(&token) {
            let _ = claims.validate("https://idp", "panel", Some("n"), 1_700_000_000);
            let _ = claims.display_name();
        }
        let _ = access_info(&token);
    }

    #[test]
    fn idp_answers_and_callback_urls_of_any_shape_are_handled(status in 100u16..600, body in ".{0,300}", json in any_json(), search in ".{0,200}") {
        let _ = parse_token_response(status, &body);
        let _ = parse_token_response(200, &json.to_string());
        let _ = Discovery::parse("https://idp/auth/realms/master", &json.to_string());
        let _ = Discovery::parse("https://idp/auth/realms/master", &body);
        let _ = parse_callback(&search);
        let stripped = strip_callback_params(&search);
        prop_assert!(!stripped.contains("code=") || !search.contains("code="));
        let back = safe_return_to(&search, "/admin/users/");
        prop_assert!(back.starts_with("/admin/users/"), "{back}");
    }

    #[test]
    fn config_json_of_any_shape_is_accepted_or_named_as_wrong(json in any_json(), text in ".{0,200}") {
        let _ = PanelConfig::from_json(&json.to_string(), "https://w.example", "/");
        let _ = PanelConfig::from_json(&text, "https://w.example", "/");
    }

    #[test]
    fn any_json_as_a_workspace_answer_decodes_or_fails_cleanly(list in any_json(), members in any_json()) {
        use wallaroo_users_panel::api::workspace_types::{ListMembersResponse, ListWorkspacesResponse};
        use wallaroo_users_panel::logic::workspaces::{members_from, Members, Memberships};
        let workspaces = serde_json::to_vec(&json!({ "workspaces": list })).unwrap();
        let members = serde_json::to_vec(&json!({ "users": members })).unwrap();
        let decoded = interpret_response::<ListWorkspacesResponse>(Endpoint::Workspaces, 200, &workspaces);
        let people = interpret_response::<ListMembersResponse>(Endpoint::WorkspaceMembers, 200, &members);
        if let (Ok(list), Ok(people)) = (decoded, people) {
            // What decodes must also index, count and name without a panic.
            let ids: Vec<i64> = list.workspaces.iter().map(|w| w.id).collect();
            let mut m = Memberships::new(list.workspaces);
            let people = members_from(people.users);
            m.apply(ids.iter().map(|&id| (id, Members::Loaded(people.clone()))));
            for (user, _) in &people {
                let _ = (m.names_of(user), m.count_of(user));
            }
        }
    }

    #[test]
    fn any_address_bar_reads_as_a_view_and_every_view_survives_the_round_trip(
        search in ".{0,250}", text in "[^\u{0}]{0,60}", active in 0u8..3, admin in 0u8..3, verified in 0u8..3,
        idle in prop::option::of(1u32..36_500), column in 0usize..9, descending in any::<bool>(), user in prop::option::of("[a-z0-9-]{1,40}"),
        workspace in prop::option::of(prop::option::of(0i64..1_000_000)),
    ) {
        let _ = ViewQuery::parse(&search);
        let only = |n: u8| [Only::Any, Only::Yes, Only::No][n as usize];
        let view = ViewQuery {
            search: text.chars().take(200).collect(), active: only(active), admin: only(admin), verified: only(verified),
            idle_days: idle, sort: Sort { column: Column::ALL[column], descending }, user,
            workspace: match workspace { None => InWorkspace::Any, Some(None) => InWorkspace::None, Some(Some(id)) => InWorkspace::Of(id) },
        };
        prop_assert_eq!(ViewQuery::parse(&view.to_query_string()), view);
    }
}

/// JSON-like text: the grammar's own characters, so that near misses are common.
fn json_like() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            prop::sample::select(vec![
                "{", "}", "[", "]", ",", ":", "\"", "\\", " ", "\n", "-", "+", ".", "e", "E", "0", "1", "9"
            ]),
            prop::sample::select(vec![
                "true", "false", "null", "tru", "\\u", "d83d", "de00", "00e9", "a", "é", "\u{1}", "\"k\":", "1e400"
            ]),
        ],
        0..24,
    )
    .prop_map(|parts| parts.concat())
}

/// Any text, with the characters JSON escapes made common.
fn any_text() -> impl Strategy<Value = String> {
    let special = prop::sample::select(vec![
        '"',
        '\\',
        '/',
        '\n',
        '\r',
        '\t',
        '\u{8}',
        '\u{c}',
        '\u{0}',
        '\u{1f}',
        '\u{7f}',
        'é',
        '\u{1f600}',
    ]);
    prop::collection::vec(prop_oneof![any::<char>(), special], 0..24).prop_map(|chars| chars.into_iter().collect())
}

// The hand-written JSON reader (src/json.rs) against serde_json, the reference: the same texts
// are JSON, the same strings and integers come out, and request bodies are written the same.
proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_reader_accepts_exactly_the_json_serde_json_accepts(text in json_like()) {
        let ours = wallaroo_users_panel::json::read::<wallaroo_users_panel::json::Skip>(&text);
        let reference = serde_json::from_str::<Value>(&text);
        match (&ours, &reference) {
            (Ok(_), Err(e)) if e.to_string().contains("number out of range") => {} // 1e400: JSON, but not an f64
            _ => prop_assert_eq!(ours.is_ok(), reference.is_ok(), "{:?}: ours {:?}, serde_json {:?}", text, ours.err(), reference.err()),
        }
        let string = wallaroo_users_panel::json::read::<String>(&text);
        prop_assert_eq!(string.ok(), serde_json::from_str::<String>(&text).ok(), "{:?}", text);
        let int = wallaroo_users_panel::json::read::<i64>(&text);
        prop_assert_eq!(int.ok(), serde_json::from_str::<i64>(&text).ok(), "{:?}", text);
    }

    #[test]
    fn any_json_value_and_any_string_reads_back_as_serde_json_wrote_it(value in any_json(), text in any_text()) {
        for written in [serde_json::to_string(&value).unwrap(), serde_json::to_string_pretty(&value).unwrap()] {
            let mut reader = wallaroo_users_panel::json::Reader::new(written.as_bytes());
            prop_assert_eq!(reader.raw().map(str::trim), Ok(written.trim()));
        }
        let literal = wallaroo_users_panel::json::string(&text);
        prop_assert_eq!(&literal, &serde_json::to_string(&text).unwrap());
        prop_assert_eq!(wallaroo_users_panel::json::read::<String>(&literal), Ok(text));
    }
}
