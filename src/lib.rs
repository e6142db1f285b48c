//! Wallaroo Users Panel: a browser admin panel for the users of a Wallaroo ML platform.
//!
//! Pure modules (`api` types and errors, `config`) build and are tested on the host;
//! the UI (`app`, `components`, the API client) is compiled only for wasm32.

pub mod api;
pub mod auth;
pub mod config;
pub mod logic;

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
pub mod pages;
#[cfg(target_arch = "wasm32")]
pub mod random;
