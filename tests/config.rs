//! Host tests of `config.json` parsing: Wallaroo defaults, and a readable error for each mistake.
#![cfg(not(target_arch = "wasm32"))]

use wallaroo_users_panel::config::{ConfigError, PanelConfig};

const ORIGIN: &str = "https://wallaroo.example.com";

fn parse(text: &str) -> Result<PanelConfig, ConfigError> {
    PanelConfig::from_json(text, ORIGIN, "/")
}

#[test]
fn only_the_client_id_is_needed_the_rest_defaults_to_the_wallaroo_layout() {
    let config = parse(r#"{"clientId": "users-panel"}"#).unwrap();
    assert_eq!(config.api_base_url, ORIGIN);
    assert_eq!(config.issuer, "https://wallaroo.example.com/auth/realms/master");
    assert_eq!(config.client_id, "users-panel");
    assert_eq!(config.redirect_uri, "https://wallaroo.example.com/");
}

#[test]
fn the_redirect_defaults_to_the_sub_path_the_panel_is_served_under() {
    let config = PanelConfig::from_json(r#"{"clientId": "p"}"#, ORIGIN, "/admin/users/").unwrap();
    assert_eq!(config.redirect_uri, "https://wallaroo.example.com/admin/users/");
}

#[test]
fn absolute_and_origin_relative_urls_are_accepted_and_trailing_slashes_dropped() {
    let config = parse(
        r#"{"clientId": "p", "apiBaseUrl": "https://api.other.example.com/", "issuer": "/kc/auth/realms/master/", "redirectPath": "/callback"}"#,
    )
    .unwrap();
    assert_eq!(config.api_base_url, "https://api.other.example.com");
    assert_eq!(config.issuer, "https://wallaroo.example.com/kc/auth/realms/master");
    assert_eq!(config.redirect_uri, "https://wallaroo.example.com/callback");
}

#[test]
fn a_missing_client_id_is_named() {
    let err = parse("{}").unwrap_err();
    assert!(matches!(err, ConfigError::Invalid { field: "clientId", .. }), "{err:?}");
    assert!(err.to_string().contains("clientId"));
}

#[test]
fn a_misspelt_key_is_reported_not_ignored() {
    let err = parse(r#"{"clientId": "p", "apiBaseURL": "https://x"}"#).unwrap_err();
    let ConfigError::Malformed { detail } = &err else { panic!("{err:?}") };
    assert!(detail.contains("apiBaseURL"), "{detail}");
}

#[test]
fn bad_json_is_malformed() {
    for text in ["", "{", "[]", " \n[]", "null", "\u{a0}{}", r#"{"clientId": 5}"#, "<!doctype html><html></html>"] {
        assert!(matches!(parse(text), Err(ConfigError::Malformed { .. })), "{text:?}");
    }
    // JSON's own whitespace before the object is fine.
    assert!(parse(" \r\n\t{\"clientId\": \"p\"}").is_ok());
}

#[test]
fn urls_that_are_neither_absolute_nor_rooted_are_invalid() {
    for (json, field) in [
        (r#"{"clientId": "p", "apiBaseUrl": "wallaroo.example.com"}"#, "apiBaseUrl"),
        (r#"{"clientId": "p", "issuer": "ftp://kc"}"#, "issuer"),
        (r#"{"clientId": "p", "issuer": "https://"}"#, "issuer"),
        (r#"{"clientId": "p", "apiBaseUrl": "//evil.example.com"}"#, "apiBaseUrl"),
    ] {
        match parse(json) {
            Err(ConfigError::Invalid { field: f, .. }) if f == field => {}
            other => panic!("{json}: {other:?}"),
        }
    }
}

#[test]
fn a_redirect_path_to_another_origin_is_refused() {
    for path in ["https://evil.example.com/", "//evil.example.com/", "/\\evil.example.com", "callback", "/a b"] {
        let json = format!(r#"{{"clientId": "p", "redirectPath": {}}}"#, serde_json::to_string(path).unwrap());
        assert!(matches!(parse(&json), Err(ConfigError::Invalid { field: "redirectPath", .. })), "{path}");
    }
}

#[test]
fn a_client_id_with_spaces_is_refused() {
    assert!(matches!(parse(r#"{"clientId": "users panel"}"#), Err(ConfigError::Invalid { field: "clientId", .. })));
}

#[test]
fn fetch_failures_name_the_file_and_the_fix() {
    let missing = ConfigError::Missing { url: "https://h/config.json".into(), status: 404 };
    assert!(missing.to_string().contains("https://h/config.json") && missing.to_string().contains("404"));
    let unreachable = ConfigError::Unreachable { url: "https://h/config.json".into(), detail: "TypeError".into() };
    assert!(unreachable.to_string().contains("could not be loaded"));
}

#[test]
fn the_request_timeout_defaults_to_a_minute_and_must_be_sane() {
    assert_eq!(parse(r#"{"clientId": "p"}"#).unwrap().request_timeout_ms, 60_000);
    assert_eq!(parse(r#"{"clientId": "p", "requestTimeoutSeconds": 5}"#).unwrap().request_timeout_ms, 5_000);
    for bad in ["0", "601"] {
        let json = format!(r#"{{"clientId": "p", "requestTimeoutSeconds": {bad}}}"#);
        assert!(matches!(parse(&json), Err(ConfigError::Invalid { field: "requestTimeoutSeconds", .. })), "{bad}");
    }
    assert!(matches!(parse(r#"{"clientId": "p", "requestTimeoutSeconds": "5"}"#), Err(ConfigError::Malformed { .. })));
}

#[test]
fn the_background_refresh_has_sensible_defaults_can_be_turned_off_and_must_be_sane() {
    let config = parse(r#"{"clientId": "p"}"#).unwrap();
    assert_eq!((config.auto_refresh_ms, config.refresh_on_return_ms), (120_000, 30_000));
    let off = parse(r#"{"clientId": "p", "autoRefreshSeconds": 0, "refreshOnReturnSeconds": 0}"#).unwrap();
    assert_eq!((off.auto_refresh_ms, off.refresh_on_return_ms), (0, 0));
    assert_eq!(parse(r#"{"clientId": "p", "autoRefreshSeconds": 10}"#).unwrap().auto_refresh_ms, 10_000);
    for bad in ["5", "3601"] {
        let json = format!(r#"{{"clientId": "p", "autoRefreshSeconds": {bad}}}"#);
        assert!(matches!(parse(&json), Err(ConfigError::Invalid { field: "autoRefreshSeconds", .. })), "{bad}");
    }
    let json = r#"{"clientId": "p", "refreshOnReturnSeconds": 86401}"#;
    assert!(matches!(parse(json), Err(ConfigError::Invalid { field: "refreshOnReturnSeconds", .. })));
    assert!(matches!(parse(r#"{"clientId": "p", "autoRefreshSeconds": -1}"#), Err(ConfigError::Malformed { .. })));
}

/// The `config.json` the Kubernetes manifests deploy (deploy/kubernetes/configmap.yaml) passes
/// the panel's own checks, for the host and path the Ingress serves it at.
#[test]
fn the_deployed_config_json_is_one_the_panel_accepts() {
    let manifest = include_str!("../deploy/kubernetes/configmap.yaml");
    // The block scalar under `config.json: |`: the lines indented deeper than its key.
    let mut lines = manifest.lines().skip_while(|l| l.trim() != "config.json: |").skip(1);
    let json: Vec<&str> = lines.by_ref().take_while(|l| l.starts_with("    ") || l.trim().is_empty()).collect();
    let json = json.join("\n");
    let config = PanelConfig::from_json(&json, "https://wallaroo.example.com", "/admin/users/")
        .unwrap_or_else(|e| panic!("{e}\n{json}"));
    assert_eq!(config.redirect_uri, "https://wallaroo.example.com/admin/users/");
    assert_eq!(config.issuer, "https://wallaroo.example.com/auth/realms/master");
    assert_eq!(config.api_base_url, "https://wallaroo.example.com");
}
