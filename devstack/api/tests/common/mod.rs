//! Shared by the stand-in's HTTP test files: the real binary on loopback, a real JWKS endpoint,
//! RS256 tokens signed with a throw-away test key (tests/keys/).
#![allow(dead_code)]

use std::net::TcpListener as StdListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use serde_json::{json, Value};

pub const ADMIN_ID: &str = "7e2b9c11-0d3f-4e55-8a6b-1c2d3e4f5a6b";
pub const VIEWER_ID: &str = "0c4d7f3e-5a61-4b8e-9d2a-3f1e6b7a8c90";
pub const ANA_ID: &str = "4a9e2f6c-1b7d-4c3e-8f5a-9d0b1c2e3f40";
pub const PRIYA_ID: &str = "e9f0a1b2-4c5d-4e6f-8a7b-8c9d0e1f2ab4"; // inactive in the seed
pub const ISSUER: &str = "http://127.0.0.1:9/auth/realms/master";
pub const ADMIN_ROLES: &[&str] = &["manage-users", "view-users", "query-users", "query-groups", "impersonation"];

/// Read at run time: CI clones the repository to a new path each time but keeps the build
/// cache, and a path baked in at compile time would point into a clone that is gone.
pub fn manifest_dir() -> PathBuf {
    PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").into()))
}

pub fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

pub fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs()
}

/// A JWKS endpoint that counts how often it is fetched.
pub struct Jwks {
    pub url: String,
    pub fetches: Arc<AtomicUsize>,
}

pub async fn jwks_server() -> Jwks {
    let body: Value =
        serde_json::from_str(&std::fs::read_to_string(manifest_dir().join("tests/keys/jwks.json")).unwrap()).unwrap();
    let fetches = Arc::new(AtomicUsize::new(0));
    let counter = fetches.clone();
    let app = axum::Router::new().route(
        "/certs",
        axum::routing::get(move || {
            let body = body.clone();
            counter.fetch_add(1, Ordering::SeqCst);
            async move { axum::Json(body) }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/certs", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Jwks { url, fetches }
}

/// The stand-in binary, killed when dropped.
pub struct Server {
    pub child: Child,
    pub base: String,
    pub internal: String,
    pub db: PathBuf,
    pub jwks_url: String,
    pub _dir: Option<tempfile::TempDir>,
}

impl Server {
    pub async fn start(jwks: &Jwks, extra: &[(&str, &str)]) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("users.sqlite");
        let mut server = Server::spawn(&jwks.url, &db, extra).await;
        server._dir = Some(dir);
        server
    }

    pub async fn spawn(jwks_url: &str, db: &std::path::Path, extra: &[(&str, &str)]) -> Server {
        let (port, internal_port) = (free_port(), free_port());
        // STANDIN_BIN: the optimised build (scripts/test.sh sets it; the load figures mean
        // little for a debug build). Otherwise the binary cargo built for these tests.
        let bin = std::env::var("STANDIN_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_wallaroo-standin").to_owned());
        let mut command = Command::new(bin);
        command
            .env("STANDIN_LISTEN", format!("127.0.0.1:{port}"))
            .env("STANDIN_INTERNAL_LISTEN", format!("127.0.0.1:{internal_port}"))
            .env("STANDIN_DB", db)
            .env("STANDIN_ISSUER", ISSUER)
            .env("STANDIN_JWKS_URL", jwks_url)
            .env("STANDIN_SEED", manifest_dir().join("../seed/users.json"))
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit());
        for (k, v) in extra {
            command.env(k, v);
        }
        let child = command.spawn().expect("start wallaroo-standin");
        let server = Server {
            child,
            base: format!("http://127.0.0.1:{port}"),
            internal: format!("http://127.0.0.1:{internal_port}"),
            db: db.to_owned(),
            jwks_url: jwks_url.to_owned(),
            _dir: None,
        };
        for _ in 0..300 {
            if reqwest::get(format!("{}/v1/api/config", server.base)).await.is_ok() {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("wallaroo-standin did not start");
    }

    /// Kills the process (SIGKILL, as a crash would) and starts it again on the same file.
    pub async fn restart(mut self) -> Server {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
        let dir = self._dir.take();
        let mut next = Server::spawn(&self.jwks_url.clone(), &self.db.clone(), &[]).await;
        next._dir = dir;
        next
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: &str) -> (u16, Value) {
        let mut request = reqwest::Client::new()
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/json")
            .body(body.to_owned());
        if let Some(token) = token {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        let value =
            serde_json::from_str(&text).unwrap_or_else(|_| panic!("{path} answered non-JSON ({status}): {text}"));
        (status, value)
    }

    pub async fn users(&self, token: &str) -> serde_json::Map<String, Value> {
        let (status, body) = self.post("/v1/api/users/query", Some(token), "{}").await;
        assert_eq!(status, 200, "{body}");
        body["users"].as_object().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct TokenSpec<'a> {
    pub sub: &'a str,
    pub roles: &'a [&'a str],
    pub exp_in: i64,
    pub issuer: &'a str,
    pub key: &'a str,
    pub kid: &'a str,
    pub sid: Option<&'a str>,
}

impl<'a> TokenSpec<'a> {
    pub fn new(sub: &'a str, roles: &'a [&'a str]) -> Self {
        TokenSpec { sub, roles, exp_in: 60, issuer: ISSUER, key: "test-signing-key.pem", kid: "test-key-1", sid: None }
    }
    pub fn sign(&self) -> String {
        let pem = std::fs::read(manifest_dir().join("tests/keys").join(self.key)).unwrap();
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(self.kid.to_owned());
        let iat = now() as i64;
        let mut claims = json!({
            "iss": self.issuer, "sub": self.sub, "iat": iat, "exp": iat + self.exp_in,
            "aud": ["master-realm", "account"], "typ": "Bearer", "azp": "wallaroo-users-panel",
            "resource_access": { "master-realm": { "roles": self.roles } },
        });
        if let Some(sid) = self.sid {
            claims["sid"] = json!(sid);
        }
        encode(&header, &claims, &EncodingKey::from_rsa_pem(&pem).unwrap()).unwrap()
    }
}

pub fn admin() -> String {
    TokenSpec::new(ADMIN_ID, ADMIN_ROLES).sign()
}

pub fn assert_error(status: u16, body: &Value, expected: u16, needle: &str) {
    assert_eq!(status, expected, "{body}");
    assert_eq!(body["code"], json!(expected), "code must equal the status: {body}");
    let msg = body["msg"].as_str().unwrap_or_else(|| panic!("no msg: {body}"));
    assert!(msg.to_lowercase().contains(&needle.to_lowercase()), "{msg:?} lacks {needle:?}");
}
