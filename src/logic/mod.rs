//! Pure logic of the users page: no leptos, no web_sys, so `cargo test` runs it on the host.
//! Each rule the page applies lives here once.

pub mod csv;
pub mod fold;
pub mod format;
pub mod order;
pub mod query;
pub mod row;
pub mod stale;
pub mod table;
pub mod user;
pub mod validate;
pub mod window;
pub mod workspace_view;
pub mod workspaces;
