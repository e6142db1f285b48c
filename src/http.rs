//! What the panel knows of HTTP itself, apart from any one API: which statuses are a success.
//! The API client, the sign-in and the configuration loader all ask here.

/// A 2xx status: the request was done, and its body is the answer.
pub fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

#[cfg(test)]
mod tests {
    use super::is_success;

    #[test]
    fn only_2xx_is_success() {
        assert!(is_success(200) && is_success(204) && is_success(299));
        assert!(!is_success(199) && !is_success(300) && !is_success(304) && !is_success(401));
    }
}
