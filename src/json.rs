//! Reading JSON text: every decoder of the panel goes through [`read`].
//!
//! Why one function: serde_json compiles its whole parser once per kind of input it reads from.
//! Text (`from_str`) and bytes (`from_slice`) are two kinds, so reading some answers as text and
//! others as bytes carried two parsers in the wasm. Text is read as its bytes, which gives the same
//! values and the same errors (a `&str` is already valid UTF-8).

use serde::de::DeserializeOwned;

/// Decodes `text` as a `T`.
///
/// # Errors
/// serde_json's error when `text` is not JSON of `T`'s shape.
pub fn read<T: DeserializeOwned>(text: &str) -> serde_json::Result<T> {
    serde_json::from_slice(text.as_bytes())
}
