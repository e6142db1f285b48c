//! Pure checks on what callers send: email syntax, passwords, names.

use rand::distributions::{Alphanumeric, DistString};

use crate::error::ApiError;

/// Lower-cases and checks an email address. Keycloak stores usernames and emails in lower case,
/// so matching is case-insensitive (spec Q10).
///
/// # Errors
/// 400 naming the problem.
pub fn normalize_email(email: &str) -> Result<String, ApiError> {
    let email = email.trim();
    let invalid =
        |why: &str| ApiError::bad_request(format!("\"{}\" is not a valid email address: {why}", shorten(email)));
    if email.is_empty() {
        return Err(ApiError::bad_request("email is required"));
    }
    if email.len() > 254 {
        return Err(invalid("longer than 254 characters"));
    }
    if email.chars().any(|c| c.is_whitespace() || c.is_control() || "<>()[],;:\\\"".contains(c)) {
        return Err(invalid("it contains spaces or characters not allowed in an address"));
    }
    let (local, domain) = email.rsplit_once('@').ok_or_else(|| invalid("it has no @"))?;
    if local.is_empty() || local.contains('@') {
        return Err(invalid("the part before @ is empty or holds another @"));
    }
    if domain.is_empty()
        || !domain.contains('.')
        || domain.starts_with('.')
        || domain.ends_with('.')
        || domain.contains("..")
    {
        return Err(invalid("the domain after @ is not a valid host name"));
    }
    Ok(email.to_lowercase())
}

/// Checks an administrator-chosen initial password.
///
/// # Errors
/// 400 when it is too short, too long, or holds control characters.
pub fn check_password(password: &str) -> Result<(), ApiError> {
    let length = password.chars().count();
    if length < 8 {
        return Err(ApiError::bad_request("password must be at least 8 characters long"));
    }
    if length > 256 {
        return Err(ApiError::bad_request("password must be at most 256 characters long"));
    }
    if password.chars().any(char::is_control) {
        return Err(ApiError::bad_request("password must not contain control characters"));
    }
    Ok(())
}

/// A strong temporary password: 20 characters from [A-Za-z0-9] (about 119 bits) from the OS's
/// random source.
pub fn generate_password() -> String {
    Alphanumeric.sample_string(&mut rand::rngs::OsRng, 20)
}

/// A first or last name as sent to the edit endpoint: trimmed; empty means "not set".
///
/// # Errors
/// 400 when longer than 255 characters or holding control characters.
pub fn normalize_name(field: &str, value: &str) -> Result<Option<String>, ApiError> {
    let value = value.trim();
    if value.chars().count() > 255 {
        return Err(ApiError::bad_request(format!("{field} must be at most 255 characters long")));
    }
    if value.chars().any(char::is_control) {
        return Err(ApiError::bad_request(format!("{field} must not contain control characters")));
    }
    Ok((!value.is_empty()).then(|| value.to_owned()))
}

/// Keeps a user-supplied value short enough to quote in an error message.
pub fn shorten(text: &str) -> String {
    match text.char_indices().nth(80) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_lowercased_and_trimmed() {
        assert_eq!(normalize_email("  Ana.Silva@Example.COM ").unwrap(), "ana.silva@example.com");
    }

    #[test]
    fn broken_emails_are_refused_with_a_reason() {
        for bad in [
            "",
            "ana",
            "ana@",
            "@example.com",
            "ana@example",
            "a b@example.com",
            "ana@@example.com",
            "ana@.example.com",
            "ana@example..com",
            "<script>@x.io",
            "ana@example.com.",
        ] {
            assert!(normalize_email(bad).is_err(), "{bad:?} was accepted");
        }
        let long = format!("{}@example.com", "a".repeat(250));
        assert!(normalize_email(&long).unwrap_err().msg.contains("254"));
    }

    #[test]
    fn passwords_need_eight_to_256_printable_characters() {
        assert!(check_password("short").is_err());
        assert!(check_password("long-enough").is_ok());
        assert!(check_password(&"x".repeat(257)).is_err());
        assert!(check_password("tab\there!").is_err());
    }

    #[test]
    fn generated_passwords_are_long_and_differ() {
        let (a, b) = (generate_password(), generate_password());
        assert_eq!(a.len(), 20);
        assert_ne!(a, b);
        assert!(check_password(&a).is_ok());
    }

    #[test]
    fn names_are_trimmed_and_empty_means_unset() {
        assert_eq!(normalize_name("firstName", "  Ana ").unwrap().as_deref(), Some("Ana"));
        assert_eq!(normalize_name("firstName", "   ").unwrap(), None);
        assert!(normalize_name("lastName", &"x".repeat(256)).is_err());
    }
}
