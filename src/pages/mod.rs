//! Screens. One module per screen.

pub mod users;

pub use users::{UsersPage, ViewNav, Views};
