//! Reusable UI pieces. Each has a CSS block of the same name in `style/main.css`.

pub mod badges;
pub mod error_page;
pub mod header;
pub mod session_expired;
pub mod sign_in_page;
pub mod toasts;

pub use error_page::ErrorPage;
pub use header::AppHeader;
pub use session_expired::SessionExpiredDialog;
pub use sign_in_page::SignInPage;
pub use toasts::{ToastRegion, Toasts};
