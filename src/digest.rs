//! SHA-256 by the browser's Web Crypto (`crypto.subtle.digest`), for the PKCE S256 challenge.
//!
//! The browser's rather than the `sha2` crate's: one hash per sign-in does not need 3 KB of
//! hashing code in the wasm. Web Crypto's digest exists only in a secure context (https, or a
//! loopback address), as Keycloak's own JavaScript adapter also requires: elsewhere this is
//! `None`, and sign-in refuses with a message that says why.

use wasm_bindgen_futures::JsFuture;

/// The SHA-256 of `data`, or `None` when the browser offers no Web Crypto digest here.
pub async fn sha256(data: &[u8]) -> Option<[u8; 32]> {
    // Outside a secure context `crypto.subtle` is undefined, and the call fails: that is the None.
    let promise = web_sys::window()?.crypto().ok()?.subtle().digest_with_str_and_u8_array("SHA-256", data).ok()?;
    let buffer = JsFuture::from(promise).await.ok()?;
    js_sys::Uint8Array::new(&buffer).to_vec().try_into().ok()
}
