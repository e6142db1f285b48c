//! Reusable UI pieces. Each has a CSS block of the same name in `style/main.css`.

pub mod error_page;
pub mod header;

pub use error_page::ErrorPage;
pub use header::AppHeader;
