//! Entry point: install the crash watch and mount the app. Nothing else lives here.
//!
//! In the browser there is no `main`: wasm-bindgen runs `start` once the module is instantiated.
//! Without std's `main` wrapper the wasm carries no start-up and exit code of std's own (its
//! stdout buffer, flushed at exit; measured: -0.2 KB brotli).
#![cfg_attr(target_arch = "wasm32", no_main)]

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
fn start() {
    use leptos::prelude::*;
    wallaroo_users_panel::crash::install();
    leptos::mount::mount_to_body(|| view! { <wallaroo_users_panel::app::App /> });
}

/// The panel only runs in a browser; the host build exists so `cargo test` can check pure logic.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("wallaroo-users-panel runs in the browser: build it with `trunk build --release` (see README).");
}
