//! The five workspace endpoints over real HTTP, as `shared/spec/mlops-workspaces-api.md` says:
//! shapes, guards, errors, rights and durability.

mod common;

use common::*;
use serde_json::{json, Value};

const LUCIA_ID: &str = "c5d6e7f8-0a1b-4c2d-8e3f-4a5b6c7d8e92";
const SOREN_ID: &str = "d7e8f9a0-2b3c-4d4e-9f5a-6b7c8d9e0fa3";
const NOBODY_ID: &str = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a"; // a member of research-archive, no user
const VIEWER_ROLES: &[&str] = &["view-users", "query-users", "query-groups"];

async fn workspaces(server: &Server, token: &str, body: &str) -> Vec<Value> {
    let (status, answer) = server.post("/v1/api/workspaces/list", Some(token), body).await;
    assert_eq!(status, 200, "{answer}");
    answer["workspaces"].as_array().unwrap().clone()
}

async fn named(server: &Server, name: &str) -> Value {
    let all = workspaces(server, &admin(), "{}").await;
    all.into_iter().find(|w| w["name"] == name).unwrap_or_else(|| panic!("no workspace {name}"))
}

async fn members(server: &Server, id: &Value) -> Vec<(String, String)> {
    let body = json!({ "workspace_id": id }).to_string();
    let (status, answer) = server.post("/v1/api/workspaces/list_users", Some(&admin()), &body).await;
    assert_eq!(status, 200, "{answer}");
    answer["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["user_id"].as_str().unwrap().to_owned(), m["user_type"].as_str().unwrap().to_owned()))
        .collect()
}

#[tokio::test]
async fn the_seed_lists_shared_and_default_workspaces_in_the_real_shape() {
    let jwks = jwks_server().await;
    let server = Server::start(&jwks, &[]).await;
    let all = workspaces(&server, &admin(), "{}").await;
    assert!(all.len() >= 18, "9 shared plus a default one per user who signed in: {}", all.len());
    let created_at = regex_like_iso(all[0]["created_at"].as_str().unwrap());
    assert!(created_at, "{}", all[0]["created_at"]);
    for w in &all {
        for key in ["id", "name", "created_at", "created_by", "archived", "models", "pipelines"] {
            assert!(w.get(key).is_some(), "{w} lacks {key}");
        }
        assert!(w["id"].is_i64(), "ids are integers: {w}");
    }
    let ana_default = named(&server, "ana.silva@example.com - Default Workspace").await;
    assert_eq!(ana_default["created_by"], ANA_ID);
    assert_eq!(members(&server, &ana_default["id"]).await, vec![(ANA_ID.to_owned(), "OWNER".to_owned())]);
    let fraud = named(&server, "fraud-detection").await;
    assert_eq!(fraud["models"], json!([1, 2, 3]));
    assert_eq!(named(&server, "churn-forecast").await["created_by"], "ops.lead@example.com", "an email occurs too");
    assert_eq!(named(&server, "credit-scoring-2023").await["archived"], json!(true));
    let research = members(&server, &named(&server, "research-archive").await["id"]).await;
    assert!(research.contains(&(NOBODY_ID.to_owned(), "COLLABORATOR".to_owned())), "{research:?}");
    // new.hire has never signed in: no default workspace and no membership.
    let new_hire = "c3d4e5f6-a0b1-4c2d-8e3f-4a5b6c7d8ef8";
    assert!(workspaces(&server, &admin(), &json!({ "user_id": new_hire }).to_string()).await.is_empty());
    let lucias = workspaces(&server, &admin(), &json!({ "user_id": LUCIA_ID }).to_string()).await;
    let names: Vec<&str> = lucias.iter().map(|w| w["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"fraud-detection") && names.contains(&"churn-forecast"), "{names:?}");
    assert!(!names.contains(&"vision-qa"), "{names:?}");
}

fn regex_like_iso(text: &str) -> bool {
    // 2024-07-11T16:51:50.885751+00:00
    let b = text.as_bytes();
    text.len() == 32 && b[4] == b'-' && b[10] == b'T' && b[19] == b'.' && text.ends_with("+00:00")
}

#[tokio::test]
async fn add_user_adds_promotes_in_any_case_and_refuses_unknowns() {
    let jwks = jwks_server().await;
    let server = Server::start(&jwks, &[]).await;
    let vision = named(&server, "vision-qa").await["id"].clone();
    let token = admin();
    // As the SDK sends it: both names, a url, the role in lower case.
    let body = json!({ "workspace_id": vision, "email": "Lucia.Garcia@example.com", "user_id": LUCIA_ID,
                       "url": "http://localhost:3000", "user_type": "collaborator" });
    let (status, answer) = server.post("/v1/api/workspaces/add_user", Some(&token), &body.to_string()).await;
    assert_eq!((status, answer), (200, json!({})));
    assert!(members(&server, &vision).await.contains(&(LUCIA_ID.to_owned(), "COLLABORATOR".to_owned())));
    // Promoting is add_user with user_type owner on a member (spec Q5: an upsert).
    let body = json!({ "workspace_id": vision, "user_id": LUCIA_ID, "user_type": "OWNER" });
    let (status, _) = server.post("/v1/api/workspaces/add_user", Some(&token), &body.to_string()).await;
    assert_eq!(status, 200);
    let now = members(&server, &vision).await;
    assert_eq!(now.iter().filter(|(id, _)| id == LUCIA_ID).count(), 1, "no duplicate member: {now:?}");
    assert!(now.contains(&(LUCIA_ID.to_owned(), "OWNER".to_owned())));
    // Without user_type: a collaborator.
    let body = json!({ "workspace_id": vision, "email": "tariq.rahman@example.com" });
    assert_eq!(server.post("/v1/api/workspaces/add_user", Some(&token), &body.to_string()).await.0, 200);
    assert!(members(&server, &vision).await.iter().any(|(_, role)| role == "COLLABORATOR"));
    for (body, needle) in [
        (json!({ "workspace_id": 999_999, "user_id": LUCIA_ID }), "no workspace has the id 999999"),
        (json!({ "workspace_id": vision, "email": "nobody@example.com" }), "no user has the email"),
        (json!({ "workspace_id": vision, "user_id": NOBODY_ID }), "no user has the id"),
        (json!({ "workspace_id": vision, "user_id": LUCIA_ID, "email": "soren.jensen@example.com" }), "two different"),
        (json!({ "workspace_id": vision }), "email or user_id"),
        (json!({ "workspace_id": vision, "user_id": LUCIA_ID, "user_type": "admin" }), "OWNER or COLLABORATOR"),
        (json!({ "workspace_id": "7", "user_id": LUCIA_ID }), "invalid request body"),
        (json!({ "workspace_id": vision, "user_id": LUCIA_ID, "role": "owner" }), "unknown field"),
    ] {
        let (status, answer) = server.post("/v1/api/workspaces/add_user", Some(&token), &body.to_string()).await;
        assert_error(status, &answer, 400, needle);
    }
}

#[tokio::test]
async fn remove_user_counts_affected_rows_and_removes_members_who_match_no_user() {
    let jwks = jwks_server().await;
    let server = Server::start(&jwks, &[]).await;
    let token = admin();
    let fraud = named(&server, "fraud-detection").await["id"].clone();
    let body = json!({ "workspace_id": fraud, "email": "soren.jensen@example.com" });
    let (status, answer) = server.post("/v1/api/workspaces/remove_user", Some(&token), &body.to_string()).await;
    assert_eq!((status, answer), (200, json!({ "affected_rows": 1 })));
    assert!(!members(&server, &fraud).await.iter().any(|(id, _)| id == SOREN_ID));
    let (status, answer) = server.post("/v1/api/workspaces/remove_user", Some(&token), &body.to_string()).await;
    assert_eq!((status, answer), (200, json!({ "affected_rows": 0 })), "a non-member is not an error");
    let research = named(&server, "research-archive").await["id"].clone();
    let body = json!({ "workspace_id": research, "user_id": NOBODY_ID });
    let (status, answer) = server.post("/v1/api/workspaces/remove_user", Some(&token), &body.to_string()).await;
    assert_eq!((status, answer), (200, json!({ "affected_rows": 1 })));
    // The tests' way to put such a member back: the internal (loopback) router only.
    let back = json!({ "workspace_id": research, "user_id": NOBODY_ID, "user_type": "collaborator" }).to_string();
    let response = reqwest::Client::new()
        .post(format!("{}/internal/workspaces/members", server.internal))
        .header("content-type", "application/json")
        .body(back.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert!(members(&server, &research).await.contains(&(NOBODY_ID.to_owned(), "COLLABORATOR".to_owned())));
    let (status, _) = server.post("/internal/workspaces/members", Some(&token), &back).await;
    assert_eq!(status, 404, "not on the public router");
    let body = json!({ "workspace_id": 424_242, "user_id": SOREN_ID });
    let (status, answer) = server.post("/v1/api/workspaces/remove_user", Some(&token), &body.to_string()).await;
    assert_error(status, &answer, 400, "no workspace has the id 424242");
    let body = json!({ "workspace_id": research, "email": "ghost@example.com" });
    let (status, answer) = server.post("/v1/api/workspaces/remove_user", Some(&token), &body.to_string()).await;
    assert_error(status, &answer, 400, "no user has the email");
    // Q3: the server allows removing the last member; the panel guards it.
    let ana_default = named(&server, "ana.silva@example.com - Default Workspace").await["id"].clone();
    let body = json!({ "workspace_id": ana_default, "user_id": ANA_ID });
    let (status, answer) = server.post("/v1/api/workspaces/remove_user", Some(&token), &body.to_string()).await;
    assert_eq!((status, answer), (200, json!({ "affected_rows": 1 })));
    assert!(members(&server, &ana_default).await.is_empty());
}

#[tokio::test]
async fn create_makes_the_caller_owner_and_refuses_taken_or_unusable_names() {
    let jwks = jwks_server().await;
    let server = Server::start(&jwks, &[]).await;
    let token = admin();
    let (status, answer) =
        server.post("/v1/api/workspaces/create", Some(&token), r#"{"workspace_name": "model-audit"}"#).await;
    assert_eq!(status, 200, "{answer}");
    let id = answer["workspace_id"].clone();
    assert!(id.is_i64(), "{answer}");
    let created = named(&server, "model-audit").await;
    assert_eq!(created["id"], id);
    assert_eq!(created["created_by"], ADMIN_ID);
    assert_eq!((created["archived"].clone(), created["models"].clone()), (json!(false), json!([])));
    assert_eq!(members(&server, &id).await, vec![(ADMIN_ID.to_owned(), "OWNER".to_owned())]);
    let (status, answer) =
        server.post("/v1/api/workspaces/create", Some(&token), r#"{"workspace_name": "model-audit"}"#).await;
    assert_error(status, &answer, 400, "already exists");
    for (body, needle) in [
        (r#"{"workspace_name": "   "}"#, "required"),
        (r#"{"workspace_name": "a\u0007b"}"#, "control characters"),
        (r#"{"name": "x"}"#, "invalid request body"),
        ("[]", "JSON object"),
    ] {
        let (status, answer) = server.post("/v1/api/workspaces/create", Some(&token), body).await;
        assert_error(status, &answer, 400, needle);
    }
    // Hostile names are stored as they are; showing them safely is the panel's job.
    let hostile = format!("<img src=x onerror=alert(1)> {} שלום", "w".repeat(10 * 1024));
    let body = json!({ "workspace_name": hostile }).to_string();
    assert_eq!(server.post("/v1/api/workspaces/create", Some(&token), &body).await.0, 200);
    assert_eq!(named(&server, &hostile).await["name"], hostile.as_str());
}

#[tokio::test]
async fn readers_read_and_only_managers_change_workspaces() {
    let jwks = jwks_server().await;
    let server = Server::start(&jwks, &[]).await;
    let viewer = TokenSpec::new(VIEWER_ID, VIEWER_ROLES).sign();
    let all = workspaces(&server, &viewer, "{}").await;
    let id = all[0]["id"].clone();
    let (status, _) =
        server.post("/v1/api/workspaces/list_users", Some(&viewer), &json!({ "workspace_id": id }).to_string()).await;
    assert_eq!(status, 200);
    for (path, body) in [
        ("/v1/api/workspaces/add_user", json!({ "workspace_id": id, "user_id": LUCIA_ID })),
        ("/v1/api/workspaces/remove_user", json!({ "workspace_id": id, "user_id": LUCIA_ID })),
        ("/v1/api/workspaces/create", json!({ "workspace_name": "viewer-made" })),
    ] {
        let (status, answer) = server.post(path, Some(&viewer), &body.to_string()).await;
        assert_error(status, &answer, 403, "manage-users");
    }
    let nobody = TokenSpec::new(LUCIA_ID, &[]).sign();
    let (status, answer) = server.post("/v1/api/workspaces/list", Some(&nobody), "{}").await;
    assert_error(status, &answer, 403, "view-users");
    let (status, answer) = server.post("/v1/api/workspaces/list", None, "{}").await;
    assert_eq!((status, answer["code"].clone()), (401, json!(401)));
    let expired = TokenSpec { exp_in: -120, ..TokenSpec::new(ADMIN_ID, ADMIN_ROLES) }.sign();
    let (status, _) = server.post("/v1/api/workspaces/list_users", Some(&expired), r#"{"workspace_id": 1}"#).await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn acknowledged_workspace_changes_survive_a_kill_and_restart() {
    let jwks = jwks_server().await;
    let server = Server::start(&jwks, &[]).await;
    let token = admin();
    let (_, answer) = server.post("/v1/api/workspaces/create", Some(&token), r#"{"workspace_name": "survivor"}"#).await;
    let id = answer["workspace_id"].clone();
    let body = json!({ "workspace_id": id, "user_id": SOREN_ID, "user_type": "owner" }).to_string();
    assert_eq!(server.post("/v1/api/workspaces/add_user", Some(&token), &body).await.0, 200);
    let server = server.restart().await;
    assert_eq!(named(&server, "survivor").await["id"], id);
    let members = members(&server, &id).await;
    assert!(members.contains(&(SOREN_ID.to_owned(), "OWNER".to_owned())), "{members:?}");
    // The seed is not applied a second time.
    let all = workspaces(&server, &token, "{}").await;
    assert_eq!(all.iter().filter(|w| w["name"] == "fraud-detection").count(), 1);
}

#[tokio::test]
async fn synthetic_users_come_with_a_workspace_per_twenty_of_two_to_forty_members() {
    let jwks = jwks_server().await;
    let server = Server::start(&jwks, &[("STANDIN_SYNTHETIC", "2000")]).await;
    let all = workspaces(&server, &admin(), "{}").await;
    let synthetic: Vec<&Value> = all.iter().filter(|w| w["name"].as_str().unwrap().contains("-team-")).collect();
    assert_eq!(synthetic.len(), 100);
    let mut sizes = Vec::new();
    for w in synthetic.iter().take(25) {
        let members = members(&server, &w["id"]).await;
        assert!(members.iter().any(|(_, role)| role == "OWNER"), "{} has no owner", w["name"]);
        sizes.push(members.len());
    }
    assert!(sizes.iter().all(|n| (2..=40).contains(n)), "{sizes:?}");
    assert!(sizes.iter().max() > sizes.iter().min(), "sizes vary: {sizes:?}");
}
