//! Workspaces as the stand-in stores them and shows them on the wire
//! (`shared/spec/mlops-workspaces-api.md`): integer ids, `created_at` in ISO 8601 with an offset,
//! `created_by` as whatever was recorded (a user's UUID or an email: both occur in real answers),
//! and members whose `user_type` is answered in capitals.

use serde_json::{json, Value};

use crate::error::ApiError;
use crate::rules::shorten;

/// A member's role in a workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Owner,
    Collaborator,
}

impl Role {
    /// Reads `user_type` in any case, as the SDK sends it in lower case and answers are capitals.
    ///
    /// # Errors
    /// 400 naming the two accepted values.
    pub fn parse(text: &str) -> Result<Self, ApiError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "owner" => Ok(Self::Owner),
            "collaborator" => Ok(Self::Collaborator),
            _ => Err(ApiError::bad_request(format!(
                "unknown user_type \"{}\"; use OWNER or COLLABORATOR",
                shorten(text)
            ))),
        }
    }
    /// The stored and answered form.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Owner => "OWNER",
            Self::Collaborator => "COLLABORATOR",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredWorkspace {
    pub id: i64,
    pub name: String,
    pub created_ms: i64,
    pub created_by: String,
    pub archived: bool,
    pub models: Vec<i64>,
    pub pipelines: Vec<i64>,
}

/// The wire form of one workspace in `workspaces/list`.
pub fn workspace_json(w: &StoredWorkspace) -> Value {
    json!({
        "id": w.id,
        "name": w.name,
        "created_at": iso_time(w.created_ms),
        "created_by": w.created_by,
        "archived": w.archived,
        "models": w.models,
        "pipelines": w.pipelines,
    })
}

/// `2024-07-11T16:51:50.885751+00:00`, the form real answers use (microseconds, explicit offset).
pub fn iso_time(ms: i64) -> String {
    let at = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}+00:00",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second(),
        at.microsecond()
    )
}

/// Checks a new workspace's name. The SDK applies a stricter pattern on the client side; what the
/// server refuses is not documented, so the stand-in refuses only what no store could hold well
/// (empty, control characters, over 64 KiB), and the panel applies the SDK's rule itself.
///
/// # Errors
/// 400 naming the problem.
pub fn check_name(name: &str) -> Result<String, ApiError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(ApiError::bad_request("workspace_name is required"));
    }
    if name.len() > 64 * 1024 {
        return Err(ApiError::bad_request("workspace_name must be at most 64 KiB"));
    }
    if name.chars().any(char::is_control) {
        return Err(ApiError::bad_request("workspace_name must not contain control characters"));
    }
    Ok(name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_read_in_any_case_and_answered_in_capitals() {
        assert_eq!(Role::parse("owner").unwrap(), Role::Owner);
        assert_eq!(Role::parse("COLLABORATOR").unwrap().as_str(), "COLLABORATOR");
        assert!(Role::parse("admin").unwrap_err().msg.contains("OWNER or COLLABORATOR"));
    }

    #[test]
    fn created_at_has_microseconds_and_an_offset() {
        assert_eq!(iso_time(1_720_716_710_885), "2024-07-11T16:51:50.885000+00:00");
    }

    #[test]
    fn names_are_trimmed_and_refused_only_when_unusable() {
        assert_eq!(check_name("  churn ").unwrap(), "churn");
        assert!(check_name(" ").is_err());
        assert!(check_name("a\u{0}b").is_err());
        assert_eq!(check_name("<b>x</b> שלום").unwrap(), "<b>x</b> שלום");
    }
}
