//! Pure logic of the users page: no leptos, no web_sys, so `cargo test` runs it on the host.

pub mod csv;
pub mod fold;
pub mod query;
pub mod row;
pub mod table;
pub mod validate;
