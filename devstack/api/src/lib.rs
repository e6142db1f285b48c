//! A stand-in for the Wallaroo MLOps users API, faithful to `shared/spec/mlops-users-api.md`, for
//! the panel's demo and tests, with the workspace endpoints of
//! `shared/spec/mlops-workspaces-api.md`. The panel must not be able to tell it from the real one.

pub mod auth;
pub mod error;
pub mod model;
pub mod routes;
pub mod rules;
pub mod seed;
pub mod store;
pub mod workspace;
pub mod workspace_routes;
pub mod workspace_store;
