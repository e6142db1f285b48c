//! One HTTP exchange through the browser's `fetch`: the API client, the sign-in (discovery and
//! token endpoint) and the configuration loader all send their requests here.
//!
//! Written on web-sys rather than taken from gloo-net, which the panel used before: the panel
//! needs one request shape (method, a few headers, a text body, no-cache, an abort signal) and
//! the body as bytes, and gloo-net's builder and error type (which carries serde_json's, for its
//! JSON helpers) cost 1.7 KB brotli of the wasm for that (measured: cargo release build,
//! wasm-bindgen, wasm-opt -Oz, brotli 11, before and after).

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// What to send.
pub struct Request<'a> {
    pub method: &'static str,
    pub url: &'a str,
    pub headers: &'a [(&'static str, &'a str)],
    pub body: Option<&'a str>,
    /// Revalidate with the server, never answer from the HTTP cache (`config.json`).
    pub no_cache: bool,
    /// Aborts the request, its body included, when it fires (the API's timeout).
    pub signal: Option<&'a web_sys::AbortSignal>,
}

impl<'a> Request<'a> {
    pub fn get(url: &'a str) -> Request<'a> {
        Request { method: "GET", url, headers: &[], body: None, no_cache: false, signal: None }
    }

    pub fn post(url: &'a str, headers: &'a [(&'static str, &'a str)], body: &'a str) -> Request<'a> {
        Request { method: "POST", url, headers, body: Some(body), no_cache: false, signal: None }
    }
}

/// A complete answer: its status and whole body.
pub struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn ok(&self) -> bool {
        crate::http::is_success(self.status)
    }

    /// The body as text; invalid UTF-8 becomes U+FFFD, as `Response.text()` decodes it.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends `request` and reads the whole answer.
///
/// # Errors
/// No answer came (network, CORS refusal, abort): the browser's reason, e.g.
/// `TypeError: Failed to fetch`. Any HTTP status is an answer, not an error.
pub async fn send(request: &Request<'_>) -> Result<Answer, String> {
    let init = web_sys::RequestInit::new();
    init.set_method(request.method);
    let headers = web_sys::Headers::new().map_err(describe)?;
    for (name, value) in request.headers {
        headers.set(name, value).map_err(describe)?;
    }
    init.set_headers(&headers);
    if let Some(body) = request.body {
        init.set_body(&JsValue::from_str(body));
    }
    if request.no_cache {
        init.set_cache(web_sys::RequestCache::NoCache);
    }
    init.set_signal(request.signal);
    let window = web_sys::window().ok_or_else(|| "no browser window".to_owned())?;
    let response: web_sys::Response =
        JsFuture::from(window.fetch_with_str_and_init(request.url, &init)).await.map_err(describe)?.unchecked_into();
    // The raw bytes (one copy into wasm memory) rather than text(), which would decode to a JS
    // string and re-encode it into Rust: 2 × 30 MB of work for 100,000 users.
    let buffer = JsFuture::from(response.array_buffer().map_err(describe)?).await.map_err(describe)?;
    Ok(Answer { status: response.status(), body: js_sys::Uint8Array::new(&buffer).to_vec() })
}

/// A thrown JS value as text: `name: message` for an `Error` (a `TypeError` for a network or
/// CORS failure; an abort's `DOMException` is an `Error` too, `AbortError`).
fn describe(error: JsValue) -> String {
    match error.dyn_ref::<js_sys::Error>() {
        Some(error) => format!("{}: {}", String::from(error.name()), String::from(error.message())),
        None => error.as_string().unwrap_or_else(|| "unknown error".to_owned()),
    }
}
