//! Base64url without padding (RFC 4648 §5), as PKCE verifiers and challenges, OAuth `state` and
//! `nonce`, and JWT parts use it.
//!
//! Written here rather than taken from the `base64` crate: its general engine (alphabets,
//! padding modes, chunked decoding) was 2.7 KB of the wasm for a few hundred bytes per sign-in.
//! The crate stays as the reference these functions are checked against on the host (a
//! dev-dependency, as serde_json is for the JSON reader).

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// `bytes` as base64url, without `=` padding.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        // Up to three bytes as one 24-bit group, first byte highest; n bytes make n + 1 digits.
        let group = chunk.iter().enumerate().fold(0u32, |group, (i, &b)| group | u32::from(b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(group >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}

/// The bytes of unpadded base64url `text`; `None` when it holds a character outside the
/// alphabet (padding included: strip it first) or has a length no byte string encodes to.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    // Digits are shifted in six bits at a time; a byte is taken out whenever eight are waiting.
    let (mut waiting, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let digit = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        waiting = waiting << 6 | u32::from(digit);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((waiting >> bits) as u8);
        }
    }
    // A lone last digit (a length of 4n + 1) holds six bits, less than a byte.
    (bits < 6).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;

    /// Deterministic bytes of every value, in varied orders.
    fn bytes(len: usize, seed: u64) -> Vec<u8> {
        let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect()
    }

    #[test]
    fn encodes_as_the_base64_crate_does() {
        for len in 0..200 {
            for seed in 0..5 {
                let b = bytes(len, seed);
                assert_eq!(encode(&b), URL_SAFE_NO_PAD.encode(&b), "{b:?}");
            }
        }
        assert_eq!(encode(&[0xfb, 0xff]), "-_8", "the url-safe digits");
    }

    #[test]
    fn decodes_what_it_encodes() {
        for len in 0..200 {
            let b = bytes(len, len as u64);
            assert_eq!(decode(&encode(&b)), Some(b));
        }
    }

    #[test]
    fn refuses_what_the_base64_crate_refuses() {
        for text in ["a", "abcde", "ab=", "ab+c", "ab/c", "ab c", "é", "abc\n"] {
            assert!(URL_SAFE_NO_PAD.decode(text).is_err(), "{text}");
            assert_eq!(decode(text), None, "{text}");
        }
        // Anything the crate reads, this reads the same (it also reads non-zero unused bits).
        for len in 0..40 {
            let text: String = bytes(len, 7).iter().map(|b| char::from(ALPHABET[usize::from(b & 63)])).collect();
            if let Ok(b) = URL_SAFE_NO_PAD.decode(&text) {
                assert_eq!(decode(&text), Some(b), "{text}");
            }
        }
    }
}
