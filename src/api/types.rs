//! Wire types of the five users endpoints, exactly as the API contract §2 describes them
//! (`docs/api-contract.md`; "spec §N" below are its sections).
//!
//! Decoding is deliberately lenient where real Wallaroo answers vary (optional fields, nulls,
//! unknown fields) and strict where a wrong shape would mislead the administrator (the four
//! fields the SDK itself requires on a user).

use serde::{Deserialize, Serialize};

/// A Keycloak user id: a lowercase UUID string, also the `sub` of that user's token.
pub type UserId = String;

/// One user as `users/query` returns it: Keycloak's UserRepresentation plus Wallaroo's additions.
///
/// Only `id`, `username`, `enabled` and `createdTimestamp` are required (what the SDK's `User`
/// wrapper requires); everything else is optional because the list and by-ids forms differ and
/// the built-in `admin` has no email or names. Unknown fields are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: UserId,
    pub username: String,
    /// Absent for the built-in `admin`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// The active flag: false after deactivate ("Inactive"), true after activate.
    pub enabled: bool,
    #[serde(default, deserialize_with = "null_as_default")]
    pub email_verified: bool,
    /// Milliseconds since the Unix epoch.
    pub created_timestamp: i64,
    /// Milliseconds since the Unix epoch; `None` means never logged in (or not reported).
    #[serde(default)]
    pub last_login: Option<i64>,
    /// e.g. `["admin"]`; present only for admins in the list form.
    #[serde(default, deserialize_with = "null_as_default")]
    pub realm_roles: Vec<String>,
    /// Present only in the by-ids form; usually empty. Kept as the JSON text that came, because
    /// its element shape (Keycloak's FederatedIdentityRepresentation) is not part of the contract.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub federated_identities: Option<Vec<RawJson>>,
    /// What the *caller* may do to this user, computed by Keycloak per request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access: Option<Access>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub not_before: i64,
    /// Keycloak required actions such as `UPDATE_PASSWORD`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub required_actions: Vec<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub disableable_credential_types: Vec<String>,
}

impl User {
    /// True when the user holds the `admin` realm role (the dashboard's "admin" type).
    pub fn is_admin(&self) -> bool {
        self.realm_roles.iter().any(|r| r == "admin")
    }
}

/// The signed-in administrator's rights on one user (Keycloak's per-row `access` map).
/// Missing flags read as `false`: the panel never offers an action it was not told it may do.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Access {
    pub view: bool,
    pub manage: bool,
    pub manage_group_membership: bool,
    pub map_roles: bool,
    pub impersonate: bool,
}

/// A JSON value kept as the text it came as, for parts the contract leaves open: shown as they
/// came, never interpreted (and without serde_json's value tree, which would add 10 KB).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RawJson(Box<serde_json::value::RawValue>);

impl RawJson {
    /// The value's JSON text, as it came.
    pub fn text(&self) -> &str {
        self.0.get()
    }
}

impl PartialEq for RawJson {
    fn eq(&self, other: &RawJson) -> bool {
        self.text() == other.text()
    }
}

impl Eq for RawJson {}

/// Body of `POST /v1/api/users/query`: `{}` for every user, or only the given ids.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsersQueryRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_ids: Option<Vec<UserId>>,
}

/// Answer of `users/query`: a JSON *object* keyed by user id. A `null` value is tolerated
/// (the likely answer for an id that does not exist, spec Q5). The keys carry nothing a user's
/// own `id` does not, so decoding keeps only the values, in one pass and without building a map
/// (for 100,000 users that map cost more than the decoding itself).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct UsersQueryResponse {
    #[serde(deserialize_with = "values_of_map")]
    pub users: Vec<User>,
}

impl UsersQueryResponse {
    /// The users that exist, in the answer's order (which carries no meaning; the UI sorts).
    pub fn into_users(self) -> Vec<User> {
        self.users
    }
}

/// The non-null values of a JSON object, keys skipped unread.
fn values_of_map<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<User>, D::Error> {
    struct Values;
    impl<'de> serde::de::Visitor<'de> for Values {
        type Value = Vec<User>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object of users keyed by id")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Vec<User>, A::Error> {
            let mut users = Vec::with_capacity(map.size_hint().unwrap_or(0));
            while let Some((serde::de::IgnoredAny, user)) = map.next_entry::<serde::de::IgnoredAny, Option<User>>()? {
                users.extend(user);
            }
            Ok(users)
        }
    }
    deserializer.deserialize_map(Values)
}

/// Body of `POST /v1/api/users/invite`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteRequest {
    pub email: String,
    /// Required by the generated client's model; `[]` is what the SDK effectively sends.
    pub roles: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_reset: Option<bool>,
}

/// Answer of `users/invite`: the new user's Keycloak id and initial password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteResponse {
    pub id: UserId,
    pub password: String,
}

/// Body of `users/deactivate` and `users/activate`: users are addressed by email, not id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailRequest {
    pub email: String,
}

/// Body of `POST /v1/api/user` (edit). Every field is required by the API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EditUserRequest {
    pub id: UserId,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub enabled: bool,
    pub is_admin: bool,
}

/// The `{}` answer of activate/deactivate. Any JSON object is accepted; its fields are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Empty {}

/// The edit answer: `null` or an object with no documented fields (spec §2.4), which are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditUserResponse(pub Option<Empty>);

/// The error body every endpoint sends with a non-2xx status (spec §4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub msg: String,
    pub code: i64,
}

/// Reads `null` as the type's default, so `"realmRoles": null` means "none" rather than
/// failing the whole list over one field.
fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}
