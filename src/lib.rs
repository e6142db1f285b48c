//! Wallaroo Users Panel: a browser admin panel for the users of a Wallaroo ML platform.
//!
//! Pure modules build and are tested on the host (`cargo test`):
//! - `api`: the MLOps users and workspaces API's wire types, endpoints and error type
//!   (`client`, wasm only);
//! - `auth`: OIDC sign-in pieces (PKCE, authorize URL, callback, token checks, return paths);
//!   the browser session (`service`, `storage`) is wasm only;
//! - `config`: `config.json` → a validated `PanelConfig`;
//! - `logic`: every rule of the users page (sorting, search, filters, rows, refusals, formats,
//!   what may be sent when the view is stale) and of workspace memberships (who is in which,
//!   the only active owner, the SDK's guards and name rule, the workspaces view);
//! - `http`: which statuses are a success (the one rule every caller asks);
//! - `json`: the one JSON reader every decoder uses;
//! - `notice`: what one tab tells the others (signed out, signed in, users changed).
//!
//! The browser part is compiled only for wasm32:
//! - `app` (root component), `pages` (the users and workspaces views), `components` (reusable UI);
//! - `context` (app-wide services), `config_loader`, `fetch` (one HTTP exchange),
//!   `browser` (clock, address bar, storage),
//!   `random` (the browser's CSPRNG), `reactive` (effects, compiled once), `crash` (the crash notice, for a panic or any trap), `task` (an async call's
//!   latest result as signals).

pub mod api;
pub mod auth;
pub mod config;
pub mod http;
pub mod json;
pub mod logic;
pub mod notice;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod config_loader;
#[cfg(target_arch = "wasm32")]
pub mod context;
#[cfg(target_arch = "wasm32")]
pub mod crash;
#[cfg(target_arch = "wasm32")]
pub mod digest;
#[cfg(target_arch = "wasm32")]
pub mod fetch;
#[cfg(target_arch = "wasm32")]
pub mod lazy;
#[cfg(target_arch = "wasm32")]
pub mod pages;
#[cfg(target_arch = "wasm32")]
pub mod random;
#[cfg(target_arch = "wasm32")]
pub mod reactive;
#[cfg(target_arch = "wasm32")]
pub mod task;
