//! Entry point: install the crash watch and mount the app. Nothing else lives here.

#[cfg(target_arch = "wasm32")]
fn main() {
    use leptos::prelude::*;
    wallaroo_users_panel::crash::install();
    leptos::mount::mount_to_body(|| view! { <wallaroo_users_panel::app::App /> });
}

/// The panel only runs in a browser; the host build exists so `cargo test` can check pure logic.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("wallaroo-users-panel runs in the browser: build it with `trunk build --release` (see README).");
}
