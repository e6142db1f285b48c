//! PKCE (RFC 7636, method S256) and the random values of a sign-in: pure functions over bytes
//! the caller draws from the browser's CSPRNG, so they are tested on the host.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

/// Base64url without padding, as PKCE, JWTs and OAuth `state` use it.
pub fn b64url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A code verifier from 32 random bytes: 43 characters of the unreserved alphabet.
pub fn verifier_from(random: &[u8; 32]) -> String {
    b64url(random)
}

/// The S256 challenge: base64url(SHA-256(verifier)).
pub fn challenge_for(verifier: &str) -> String {
    b64url(&Sha256::digest(verifier.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rfc_7636_example_gives_its_challenge() {
        // RFC 7636, appendix B.
        assert_eq!(
            challenge_for("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn verifiers_are_43_unreserved_characters() {
        let v = verifier_from(&[0xff; 32]);
        assert_eq!(v.len(), 43);
        assert!(v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'), "{v}");
    }
}
