//! Signing in through Keycloak (OIDC authorization code + PKCE S256, with state and nonce), and
//! the session around it. The protocol pieces are pure and tested on the host; `service` drives
//! them in the browser with `fetch`, sessionStorage and timers.
//!
//! Written in-house rather than with a crate: leptos-keycloak-auth adds ~446 KB gzip (reqwest,
//! RustCrypto) and keeps tokens, including the refresh token, in localStorage; leptos_oidc has no
//! state or nonce. This module is a few hundred lines on crates the panel already has
//! (the team's comparison of browser OIDC libraries, in its shared research notes).

pub mod base64url;
pub mod claims;
pub mod error;
pub mod oidc;
pub mod pkce;
pub mod return_to;

#[cfg(target_arch = "wasm32")]
pub mod service;
#[cfg(target_arch = "wasm32")]
pub mod storage;

pub use claims::Permissions;
pub use error::AuthError;
