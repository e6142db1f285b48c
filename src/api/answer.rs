//! The answer of `users/query {}` kept as bytes until it is needed: a background refresh
//! first compares its fingerprint with the last answer's (an unchanged realm is not decoded
//! again) and decodes only when the administrator pauses. Pure, tested on the host.

use super::endpoint::Endpoint;
use super::error::{interpret_response, ApiError};
use super::types::{User, UsersQueryResponse};

/// A 2xx answer of the whole list, not decoded yet. (No `PartialEq`: compare fingerprints.)
#[derive(Debug, Clone)]
pub struct ListAnswer {
    bytes: Vec<u8>,
    /// Taken once: a quiet refresh compares it, then the page keeps it for the next one.
    print: std::cell::OnceCell<u64>,
}

impl ListAnswer {
    pub fn new(bytes: Vec<u8>) -> ListAnswer {
        ListAnswer { bytes, print: std::cell::OnceCell::new() }
    }

    /// The users, or the decode error the administrator reads.
    ///
    /// # Errors
    /// [`ApiError::Decode`] when the body is not the contract's shape.
    pub fn decode(&self) -> Result<Vec<User>, ApiError> {
        interpret_response::<UsersQueryResponse>(Endpoint::Query, 200, &self.bytes).map(UsersQueryResponse::into_users)
    }

    /// A 64-bit fingerprint of the bytes: equal answers have equal prints, and a changed
    /// answer a different one but with odds of 2⁻⁶⁴. Eight bytes a step (a multiply and a
    /// rotate), so 45 MB of a 100,000-user answer take tens of milliseconds, not the hundreds a
    /// decode does. Not for security: nothing is trusted on it, a mismatch only means "decode".
    pub fn fingerprint(&self) -> u64 {
        *self.print.get_or_init(|| fingerprint_of(&self.bytes))
    }
}

fn fingerprint_of(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = (bytes.len() as u64).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().expect("chunks of 8"));
        h = (h ^ word).wrapping_mul(K).rotate_left(29);
    }
    for &byte in chunks.remainder() {
        h = (h ^ u64::from(byte)).wrapping_mul(K).rotate_left(29);
    }
    h ^ (h >> 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_answers_share_a_print_and_any_changed_byte_changes_it() {
        let body =
            br#"{"users": {"a": {"id": "a", "username": "ana", "enabled": true, "createdTimestamp": 1}}}"#.to_vec();
        let print = ListAnswer::new(body.clone()).fingerprint();
        assert_eq!(ListAnswer::new(body.clone()).fingerprint(), print);
        for i in 0..body.len() {
            let mut changed = body.clone();
            changed[i] ^= 0x01;
            assert_ne!(ListAnswer::new(changed).fingerprint(), print, "byte {i}");
        }
        // Length matters too: a trailing space is another answer.
        let mut longer = body.clone();
        longer.push(b' ');
        assert_ne!(ListAnswer::new(longer).fingerprint(), print);
        assert_eq!(ListAnswer::new(body).decode().unwrap()[0].username, "ana");
    }

    #[test]
    fn a_broken_answer_decodes_to_the_error_the_administrator_reads() {
        let error = ListAnswer::new(b"{\"users\": [1]}".to_vec()).decode().unwrap_err();
        assert!(matches!(error, ApiError::Decode { .. }), "{error:?}");
    }
}
