//! Host tests of the API boundary: real Wallaroo answers decode, and every failure becomes the
//! right `ApiError` with a message an administrator can act on.
#![cfg(not(target_arch = "wasm32"))]

use wallaroo_users_panel::api::types::{
    EditUserRequest, EditUserResponse, Empty, Encode, InviteRequest, InviteResponse, UsersQueryRequest,
    UsersQueryResponse,
};
use wallaroo_users_panel::api::{interpret_response, ApiError, Endpoint};

fn fixture(name: &str) -> String {
    // At run time: a compile-time path could point into a since-deleted CI clone (shared cache).
    let root = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").into());
    let path = format!("{root}/tests/fixtures/{name}");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn query(body: &str) -> Result<UsersQueryResponse, ApiError> {
    interpret_response(Endpoint::Query, 200, body)
}

#[test]
fn the_2023_tutorial_list_decodes_with_the_builtin_admin_lacking_email_and_names() {
    let users = query(&fixture("t23_query_all.json")).unwrap().into_users();
    assert_eq!(users.len(), 3);
    let admin = users.iter().find(|u| u.username == "admin").unwrap();
    assert_eq!(admin.id, "1bc88c6d-b476-4e4d-aa1a-a5a3554591d3");
    assert_eq!((admin.email.as_deref(), admin.first_name.as_deref()), (None, None));
    assert_eq!(admin.created_timestamp, 1_700_495_081_278);
    // 2023 answers have neither lastLogin nor realmRoles.
    assert_eq!(admin.last_login, None);
    assert!(!admin.is_admin());
    let john = users.iter().find(|u| u.username == "john.hansarick@wallaroo.ai").unwrap();
    assert!(john.email_verified && john.enabled);
    let access = john.access.unwrap();
    assert!(access.view && access.manage && access.map_roles && !access.impersonate);
}

#[test]
fn the_2024_tutorial_list_decodes_last_login_millis_and_realm_roles() {
    let users = query(&fixture("t24_query_all.json")).unwrap().into_users();
    assert_eq!(users.len(), 3);
    let hummel = users.iter().find(|u| u.id == "13486fc4-a1a7-43e2-9233-62177d5f739b").unwrap();
    assert_eq!(hummel.last_login, Some(1_720_716_932_504));
    assert!(hummel.is_admin());
    let never = users.iter().find(|u| u.id == "c54f6f84-e10a-474d-b506-38c8b15f5f54").unwrap();
    assert_eq!(never.last_login, None, "\"lastLogin\": null means never logged in");
    assert!(!never.is_admin());
    assert_eq!(never.first_name, None);
}

#[test]
fn by_id_answers_carry_federated_identities() {
    for name in ["t23_query_by_id.json", "t24_query_by_id.json"] {
        let users = query(&fixture(name)).unwrap().into_users();
        assert_eq!(users.len(), 1, "{name}");
        assert_eq!(users[0].federated_identities.as_deref(), Some(&[][..]), "{name}");
    }
    // Whatever shape an identity has, it is kept as the text that came and shown as such.
    let body = r#"{"users": {"u1": {"id": "u1", "username": "ana", "enabled": true, "createdTimestamp": 0,
        "federatedIdentities": [{"identityProvider": "github", "userName": "ana"}, 7]}}}"#;
    let users = query(body).unwrap().into_users();
    let texts: Vec<&str> = users[0].federated_identities.iter().flatten().map(|v| v.text()).collect();
    assert_eq!(texts, [r#"{"identityProvider": "github", "userName": "ana"}"#, "7"]);
}

#[test]
fn the_spec_example_decodes_and_the_map_key_order_does_not_matter() {
    let users = query(&fixture("spec_query_list.json")).unwrap().into_users();
    assert_eq!(users.len(), 2);
    let ana = users.iter().find(|u| u.username == "ana@example.com").unwrap();
    assert_eq!((ana.first_name.as_deref(), ana.last_name.as_deref()), (Some("Ana"), Some("Silva")));
}

#[test]
fn a_null_user_for_an_unknown_id_is_dropped_not_an_error() {
    let body = r#"{"users": {"00000000-0000-0000-0000-000000000000": null,
        "a": {"id": "a", "username": "a@x.io", "enabled": false, "createdTimestamp": 1}}}"#;
    let users = query(body).unwrap().into_users();
    assert_eq!(users.len(), 1);
    assert!(!users[0].enabled);
}

#[test]
fn unknown_fields_and_nulls_in_optional_fields_are_tolerated() {
    let body = r#"{"users": {"a": {"id": "a", "username": "a", "enabled": true, "createdTimestamp": 5,
        "realmRoles": null, "requiredActions": null, "emailVerified": null, "access": {"view": true},
        "attributes": {"x": ["y"]}, "totp": false, "brandNewField": 1}}, "extra": true}"#;
    let user = query(body).unwrap().into_users().remove(0);
    assert!(user.realm_roles.is_empty() && user.required_actions.is_empty() && !user.email_verified);
    let access = user.access.unwrap();
    assert!(access.view && !access.manage, "missing access flags read as false");
}

#[test]
fn a_user_missing_a_required_field_is_a_decode_error_naming_the_field() {
    let body = r#"{"users": {"a": {"id": "a", "username": "a", "enabled": true}}}"#;
    let err = query(body).unwrap_err();
    let ApiError::Decode { detail } = &err else { panic!("expected Decode, got {err:?}") };
    assert!(detail.contains("createdTimestamp"), "{detail}");
    assert!(detail.contains("/v1/api/users/query"), "{detail}");
}

#[test]
fn malformed_success_bodies_are_decode_errors() {
    for body in [
        "",
        "not json",
        r#"{"users": [ ]}"#,               // an array where the contract has a map
        r#"{"users": {"a": "a string"}}"#, // a user that is not an object
        r#"{"users": {"a": {"id": 1, "username": "a", "enabled": true, "createdTimestamp": 1}}}"#,
        r#"{"users": {"a": {"id": "a", "username": "a", "enabled": "yes", "createdTimestamp": 1}}}"#,
        r#"{"users": {"a": {"id": "a", "username": "a", "enabled": true, "createdTimestamp": "2024-01-01"}}}"#,
        r#"{"users": "#, // truncated
        "null",
    ] {
        match query(body) {
            Err(ApiError::Decode { .. }) => {}
            other => panic!("{body:?} gave {other:?}"),
        }
    }
}

#[test]
fn invite_answer_decodes_and_the_request_matches_the_contract() {
    let answer: InviteResponse =
        interpret_response(Endpoint::Invite, 200, r#"{"id": "3f0a", "password": "Initial-Pass-1"}"#).unwrap();
    assert_eq!(answer, InviteResponse { id: "3f0a".into(), password: "Initial-Pass-1".into() });
    let request = InviteRequest { email: "bo@example.com".into(), roles: vec![], password: None, require_reset: None };
    assert_eq!(request.encode(), r#"{"email":"bo@example.com","roles":[]}"#);
}

#[test]
fn query_requests_are_empty_object_or_user_ids() {
    assert_eq!(UsersQueryRequest::default().encode(), "{}");
    let some = UsersQueryRequest { user_ids: Some(vec!["a".into()]) };
    assert_eq!(some.encode(), r#"{"user_ids":["a"]}"#);
}

#[test]
fn activate_deactivate_and_edit_answers_decode() {
    let _: Empty = interpret_response(Endpoint::Deactivate, 200, "{}").unwrap();
    let _: Empty = interpret_response(Endpoint::Activate, 200, "{}").unwrap();
    let edit: EditUserResponse = interpret_response(Endpoint::Edit, 200, "null").unwrap();
    assert_eq!(edit, EditUserResponse(None));
    let _: EditUserResponse = interpret_response(Endpoint::Edit, 200, r#"{"anything": 1}"#).unwrap();
    let request = EditUserRequest {
        id: "a".into(),
        first_name: "Ana".into(),
        last_name: "Silva".into(),
        email: "ana@example.com".into(),
        enabled: true,
        is_admin: false,
    };
    assert_eq!(
        request.encode(),
        r#"{"id":"a","firstName":"Ana","lastName":"Silva","email":"ana@example.com","enabled":true,"isAdmin":false}"#
    );
}

#[test]
fn a_401_asks_to_sign_in_again_with_the_servers_message() {
    let err =
        interpret_response::<Empty>(Endpoint::Query, 401, r#"{"msg": "token expired", "code": 401}"#).unwrap_err();
    assert_eq!(err, ApiError::Unauthorized { msg: "token expired".into() });
    assert!(err.needs_sign_in());
    assert!(err.to_string().contains("Sign in again"), "{err}");
}

#[test]
fn a_403_on_invite_is_the_licence_limit_and_elsewhere_a_missing_right() {
    let body = r#"{"msg": "user limit of 5 reached", "code": 403}"#;
    let invite = interpret_response::<InviteResponse>(Endpoint::Invite, 403, body).unwrap_err();
    assert!(matches!(invite, ApiError::UserLimit { .. }));
    assert!(invite.to_string().contains("user limit"), "{invite}");
    let deactivate = interpret_response::<Empty>(Endpoint::Deactivate, 403, body).unwrap_err();
    assert!(matches!(deactivate, ApiError::Forbidden { .. }));
    assert!(deactivate.to_string().contains("manage-users"), "{deactivate}");
}

#[test]
fn other_statuses_carry_the_servers_msg() {
    let err =
        interpret_response::<Empty>(Endpoint::Deactivate, 400, r#"{"msg": "no user with email x@y.z", "code": 400}"#)
            .unwrap_err();
    assert_eq!(err, ApiError::Server { status: 400, msg: "no user with email x@y.z".into() });
    assert!(err.to_string().contains("no user with email x@y.z"));
    assert!(!err.is_retryable());
    let err =
        interpret_response::<Empty>(Endpoint::Query, 500, r#"{"msg": "keycloak down", "code": 500}"#).unwrap_err();
    assert!(err.is_retryable());
}

#[test]
fn error_bodies_that_break_the_contract_still_give_a_readable_message() {
    let html = interpret_response::<Empty>(Endpoint::Query, 502, "<html><body>Bad Gateway</body></html>").unwrap_err();
    let ApiError::Server { status: 502, msg } = &html else { panic!("{html:?}") };
    assert!(msg.contains("HTML page") && !msg.contains("<html>"), "{msg}");
    let empty = interpret_response::<Empty>(Endpoint::Query, 504, "").unwrap_err();
    assert!(empty.to_string().contains("504"), "{empty}");
    let wrong = interpret_response::<Empty>(Endpoint::Query, 500, r#"{"error": "x"}"#).unwrap_err();
    assert!(wrong.to_string().contains("unreadable"), "{wrong}");
}

#[test]
fn a_huge_error_message_is_cut_to_a_readable_length() {
    let body = format!(r#"{{"msg": "{}", "code": 400}}"#, "é".repeat(100_000));
    let err = interpret_response::<Empty>(Endpoint::Invite, 400, &body).unwrap_err();
    assert!(err.to_string().chars().count() < 500);
}

#[test]
fn endpoint_urls_follow_the_spec_and_ignore_a_trailing_slash_on_the_base() {
    assert_eq!(Endpoint::Query.url("https://w.example.com/"), "https://w.example.com/v1/api/users/query");
    assert_eq!(Endpoint::Edit.url("https://w.example.com"), "https://w.example.com/v1/api/user");
    assert_eq!(Endpoint::Invite.path(), "/v1/api/users/invite");
    assert_eq!(Endpoint::Activate.path(), "/v1/api/users/activate");
    assert_eq!(Endpoint::Deactivate.path(), "/v1/api/users/deactivate");
}

#[test]
fn only_a_missing_answer_leaves_the_outcome_of_a_change_unknown() {
    assert!(ApiError::Network { detail: "offline".into() }.outcome_unknown());
    assert!(ApiError::Timeout { seconds: 60 }.outcome_unknown());
    let answered = [
        ApiError::Server { status: 502, msg: "proxy".into() },
        ApiError::Unauthorized { msg: "expired".into() },
        ApiError::Decode { detail: "x".into() },
    ];
    assert!(answered.iter().all(|e| !e.outcome_unknown()));
    assert!(ApiError::Timeout { seconds: 60 }.to_string().contains("did not answer within 60 s"));
}
