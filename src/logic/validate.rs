//! Checks on what the administrator types, before anything is sent. The server checks again;
//! these only spare a round trip and put the message next to the field.

/// A readable reason why `email` is not an address, or `None` when it looks like one.
pub fn email_problem(email: &str) -> Option<&'static str> {
    let email = email.trim();
    if email.is_empty() {
        return Some("Enter an email address.");
    }
    if email.len() > 254 {
        return Some("An email address has at most 254 characters.");
    }
    if email.chars().any(|c| c.is_whitespace() || c.is_control() || "<>()[],;:\\\"".contains(c)) {
        return Some("An email address has no spaces or the characters < > ( ) [ ] , ; : \\ \".");
    }
    let Some((local, domain)) = email.rsplit_once('@') else { return Some("An email address needs an @.") };
    if local.is_empty() || local.contains('@') {
        return Some("Put the name before a single @, e.g. name@example.com.");
    }
    if !domain.contains('.') || domain.starts_with('.') || domain.ends_with('.') || domain.contains("..") {
        return Some("Put a domain after the @, e.g. name@example.com.");
    }
    None
}

/// A reason why an initial password is refused, or `None`. Mirrors the stand-in's policy.
pub fn password_problem(password: &str) -> Option<&'static str> {
    let length = password.chars().count();
    if length < 8 {
        Some("Use at least 8 characters.")
    } else if length > 256 {
        Some("Use at most 256 characters.")
    } else if password.chars().any(char::is_control) {
        Some("Use printable characters only.")
    } else {
        None
    }
}

/// A reason why a first or last name is refused, or `None`.
pub fn name_problem(name: &str) -> Option<&'static str> {
    if name.trim().chars().count() > 255 {
        Some("Use at most 255 characters.")
    } else if name.chars().any(char::is_control) {
        Some("Use printable characters only.")
    } else {
        None
    }
}

/// A strong password from 24 random bytes: 22 letters and digits (no look-alikes such as l/1/O/0),
/// then a symbol and a digit,
/// so it passes common policies (about 128 bits; the small modulo bias is immaterial at this
/// length). `random` comes from the browser's CSPRNG.
pub fn generated_password(random: &[u8; 24]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    let mut out: String = random[..22].iter().map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char).collect();
    out.push(['-', '_', '.', '!'][usize::from(random[22]) % 4]);
    out.push(char::from(b'2' + random[23] % 8));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_emails_pass_and_bad_ones_say_why() {
        assert_eq!(email_problem(" ana@example.com "), None);
        assert_eq!(email_problem(""), Some("Enter an email address."));
        assert_eq!(email_problem("ana"), Some("An email address needs an @."));
        assert!(email_problem("ana@example").unwrap().contains("domain"));
        assert!(email_problem("a b@example.com").unwrap().contains("no spaces"));
        assert!(email_problem("@example.com").unwrap().contains("before"));
        assert!(email_problem(&format!("{}@x.io", "a".repeat(260))).unwrap().contains("254"));
    }

    #[test]
    fn passwords_and_names_have_limits() {
        assert!(password_problem("short").is_some());
        assert_eq!(password_problem("long enough"), None);
        assert_eq!(name_problem("Zoë O'Brien"), None);
        assert!(name_problem(&"x".repeat(256)).is_some());
        assert!(name_problem("a\u{7}b").is_some());
    }

    #[test]
    fn generated_passwords_are_long_and_pass_the_policy() {
        let a = generated_password(&[7; 24]);
        let b = generated_password(&[200; 24]);
        assert_eq!(a.chars().count(), 24);
        assert_ne!(a, b);
        assert_eq!(password_problem(&a), None);
    }
}
