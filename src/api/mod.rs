//! The Wallaroo MLOps users and workspaces API: wire types, endpoints, the error type, and (in the browser) the client.
//!
//! Everything except `client` is pure and tested on the host.

pub mod answer;
pub mod endpoint;
pub mod error;
pub mod types;
pub mod workspace_types;

#[cfg(target_arch = "wasm32")]
pub mod client;

pub use answer::ListAnswer;
#[cfg(target_arch = "wasm32")]
pub use client::ApiClient;
pub use endpoint::Endpoint;
pub use error::{interpret_response, ApiError};
