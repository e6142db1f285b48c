//! Entry point: install the panic hook and mount the app. Nothing else lives here.

#[cfg(target_arch = "wasm32")]
fn main() {
    use leptos::prelude::*;
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(|| view! { <wallaroo_users_panel::app::App /> });
}

/// The panel only runs in a browser; the host build exists so `cargo test` can check pure logic.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("wallaroo-users-panel runs in the browser: build it with `trunk build --release` (see README).");
}
