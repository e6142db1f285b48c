//! PKCE (RFC 7636, method S256) and the random values of a sign-in: pure functions over bytes
//! the caller draws from the browser's CSPRNG and hashes with its Web Crypto (`crate::digest`),
//! so they are tested on the host. The browser's own SHA-256 is checked against RFC 7636's
//! example in the Chromium tests.

use super::base64url;

/// A code verifier from 32 random bytes: 43 characters of the unreserved alphabet.
pub fn verifier_from(random: &[u8; 32]) -> String {
    base64url::encode(random)
}

/// The S256 challenge, base64url(SHA-256(verifier)), from the verifier's SHA-256.
pub fn challenge_from(verifier_sha256: &[u8; 32]) -> String {
    base64url::encode(verifier_sha256)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    #[test]
    fn the_rfc_7636_example_gives_its_challenge() {
        // RFC 7636, appendix B (the browser's SHA-256 of it: tests/web.rs).
        let digest: [u8; 32] = Sha256::digest(b"dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").into();
        assert_eq!(challenge_from(&digest), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    #[test]
    fn verifiers_are_43_unreserved_characters() {
        let v = verifier_from(&[0xff; 32]);
        assert_eq!(v.len(), 43);
        assert!(v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'), "{v}");
    }
}
