//! Wire types of the five users endpoints, exactly as the API contract §2 describes them
//! (`docs/api-contract.md`; "spec §N" below are its sections).
//!
//! Decoding is deliberately lenient where real Wallaroo answers vary (optional fields, nulls,
//! unknown fields) and strict where a wrong shape would mislead the administrator (the four
//! fields the SDK itself requires on a user).

use crate::json::{required, Decode, Object, Reader, Result};

/// A Keycloak user id: a lowercase UUID string, also the `sub` of that user's token.
pub type UserId = String;

/// One user as `users/query` returns it: Keycloak's UserRepresentation plus Wallaroo's additions.
///
/// Only `id`, `username`, `enabled` and `createdTimestamp` are required (what the SDK's `User`
/// wrapper requires); everything else is optional because the list and by-ids forms differ and
/// the built-in `admin` has no email or names. Unknown fields are ignored; a field given twice is
/// refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    pub username: String,
    /// Absent for the built-in `admin`.
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    /// The active flag: false after deactivate ("Inactive"), true after activate.
    pub enabled: bool,
    /// `null` reads as false.
    pub email_verified: bool,
    /// Milliseconds since the Unix epoch.
    pub created_timestamp: i64,
    /// Milliseconds since the Unix epoch; `None` means never logged in (or not reported).
    pub last_login: Option<i64>,
    /// e.g. `["admin"]`; present only for admins in the list form. `null` reads as none.
    pub realm_roles: Vec<String>,
    /// Present only in the by-ids form; usually empty. Kept as the JSON text that came, because
    /// its element shape (Keycloak's FederatedIdentityRepresentation) is not part of the contract.
    pub federated_identities: Option<Vec<RawJson>>,
    /// What the *caller* may do to this user, computed by Keycloak per request.
    pub access: Option<Access>,
    /// `null` reads as 0.
    pub not_before: i64,
    /// Keycloak required actions such as `UPDATE_PASSWORD`. `null` reads as none.
    pub required_actions: Vec<String>,
    /// `null` reads as none.
    pub disableable_credential_types: Vec<String>,
}

impl User {
    /// True when the user holds the `admin` realm role (the dashboard's "admin" type).
    pub fn is_admin(&self) -> bool {
        self.realm_roles.iter().any(|r| r == "admin")
    }
}

/// `null` as the type's default, so `"realmRoles": null` means "none" rather than failing the
/// whole list over one field.
fn or_default<'a, T: Default>(r: &mut Reader<'a>, read: fn(&mut Reader<'a>) -> Result<T>) -> Result<T> {
    Ok(r.option(read)?.unwrap_or_default())
}

impl Decode for User {
    fn decode(r: &mut Reader<'_>) -> Result<User> {
        let (mut id, mut username, mut enabled, mut created_timestamp) = (None, None, None, None);
        let mut user = User {
            id: String::new(),
            username: String::new(),
            email: None,
            first_name: None,
            last_name: None,
            enabled: false,
            email_verified: false,
            created_timestamp: 0,
            last_login: None,
            realm_roles: Vec::new(),
            federated_identities: None,
            access: None,
            not_before: 0,
            required_actions: Vec::new(),
            disableable_credential_types: Vec::new(),
        };
        const KEYS: [&str; 15] = [
            "id",
            "username",
            "email",
            "firstName",
            "lastName",
            "enabled",
            "emailVerified",
            "createdTimestamp",
            "lastLogin",
            "realmRoles",
            "federatedIdentities",
            "access",
            "notBefore",
            "requiredActions",
            "disableableCredentialTypes",
        ];
        r.fields(&KEYS, &mut |r, n| {
            match n {
                0 => id = Some(r.string()?),
                1 => username = Some(r.string()?),
                2 => user.email = r.option(Reader::string)?,
                3 => user.first_name = r.option(Reader::string)?,
                4 => user.last_name = r.option(Reader::string)?,
                5 => enabled = Some(r.bool()?),
                6 => user.email_verified = or_default(r, Reader::bool)?,
                7 => created_timestamp = Some(r.i64()?),
                8 => user.last_login = r.option(Reader::i64)?,
                9 => user.realm_roles = or_default(r, Vec::<String>::decode)?,
                10 => user.federated_identities = r.option(Vec::<RawJson>::decode)?,
                11 => user.access = r.option(Access::decode)?,
                12 => user.not_before = or_default(r, Reader::i64)?,
                13 => user.required_actions = or_default(r, Vec::<String>::decode)?,
                _ => user.disableable_credential_types = or_default(r, Vec::<String>::decode)?,
            }
            Ok(())
        })?;
        user.id = required(r, id, "id")?;
        user.username = required(r, username, "username")?;
        user.enabled = required(r, enabled, "enabled")?;
        user.created_timestamp = required(r, created_timestamp, "createdTimestamp")?;
        Ok(user)
    }
}

/// The signed-in administrator's rights on one user (Keycloak's per-row `access` map).
/// Missing flags read as `false`: the panel never offers an action it was not told it may do.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Access {
    pub view: bool,
    pub manage: bool,
    pub manage_group_membership: bool,
    pub map_roles: bool,
    pub impersonate: bool,
}

impl Decode for Access {
    fn decode(r: &mut Reader<'_>) -> Result<Access> {
        let mut access = Access::default();
        r.fields(&["view", "manage", "manageGroupMembership", "mapRoles", "impersonate"], &mut |r, n| {
            let flag = match n {
                0 => &mut access.view,
                1 => &mut access.manage,
                2 => &mut access.manage_group_membership,
                3 => &mut access.map_roles,
                _ => &mut access.impersonate,
            };
            *flag = r.bool()?;
            Ok(())
        })?;
        Ok(access)
    }
}

/// A JSON value kept as the text it came as, for parts the contract leaves open: shown as they
/// came, never interpreted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawJson(String);

impl RawJson {
    /// The value's JSON text, as it came.
    pub fn text(&self) -> &str {
        &self.0
    }
}

impl Decode for RawJson {
    fn decode(r: &mut Reader<'_>) -> Result<RawJson> {
        r.raw().map(|text| RawJson(text.to_owned()))
    }
}

/// Body of `POST /v1/api/users/query`: `{}` for every user, or only the given ids.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UsersQueryRequest {
    pub user_ids: Option<Vec<UserId>>,
}

/// Answer of `users/query`: a JSON *object* keyed by user id. A `null` value is tolerated
/// (the likely answer for an id that does not exist, spec Q5). The keys carry nothing a user's
/// own `id` does not, so decoding keeps only the values, in one pass and without building a map
/// (for 100,000 users that map cost more than the decoding itself).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UsersQueryResponse {
    pub users: Vec<User>,
}

impl UsersQueryResponse {
    /// The users that exist, in the answer's order (which carries no meaning; the UI sorts).
    pub fn into_users(self) -> Vec<User> {
        self.users
    }
}

impl Decode for UsersQueryResponse {
    fn decode(r: &mut Reader<'_>) -> Result<UsersQueryResponse> {
        let users = r.field("users", |r| {
            let mut all = Vec::new();
            r.object(&mut |r, _id| {
                all.extend(r.option(User::decode)?);
                Ok(())
            })?;
            Ok(all)
        })?;
        Ok(UsersQueryResponse { users: required(r, users, "users")? })
    }
}

/// Body of `POST /v1/api/users/invite`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InviteRequest {
    pub email: String,
    /// Required by the generated client's model; `[]` is what the SDK effectively sends.
    pub roles: Vec<String>,
    pub password: Option<String>,
    pub require_reset: Option<bool>,
}

/// Answer of `users/invite`: the new user's Keycloak id and initial password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InviteResponse {
    pub id: UserId,
    pub password: String,
}

impl Decode for InviteResponse {
    fn decode(r: &mut Reader<'_>) -> Result<InviteResponse> {
        let (mut id, mut password) = (None, None);
        r.fields(&["id", "password"], &mut |r, n| {
            let slot = if n == 0 { &mut id } else { &mut password };
            *slot = Some(r.string()?);
            Ok(())
        })?;
        Ok(InviteResponse { id: required(r, id, "id")?, password: required(r, password, "password")? })
    }
}

/// Body of `users/deactivate` and `users/activate`: users are addressed by email, not id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailRequest {
    pub email: String,
}

/// Body of `POST /v1/api/user` (edit). Every field is required by the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditUserRequest {
    pub id: UserId,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub enabled: bool,
    pub is_admin: bool,
}

/// The `{}` answer of activate/deactivate. Any JSON object is accepted; its fields are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Empty {}

impl Decode for Empty {
    fn decode(r: &mut Reader<'_>) -> Result<Empty> {
        r.object(&mut |r, _| r.skip()).map(|()| Empty {})
    }
}

/// The edit answer: `null` or an object with no documented fields (spec §2.4), which are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EditUserResponse(pub Option<Empty>);

impl Decode for EditUserResponse {
    fn decode(r: &mut Reader<'_>) -> Result<EditUserResponse> {
        r.option(Empty::decode).map(EditUserResponse)
    }
}

/// The error body every endpoint sends with a non-2xx status (spec §4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorBody {
    pub msg: String,
    pub code: i64,
}

impl Decode for ErrorBody {
    fn decode(r: &mut Reader<'_>) -> Result<ErrorBody> {
        let (mut msg, mut code) = (None, None);
        r.fields(&["msg", "code"], &mut |r, n| {
            match n {
                0 => msg = Some(r.string()?),
                _ => code = Some(r.i64()?),
            }
            Ok(())
        })?;
        Ok(ErrorBody { msg: required(r, msg, "msg")?, code: required(r, code, "code")? })
    }
}

/// A request body: the JSON text sent.
pub trait Encode {
    fn encode(&self) -> String;
}

impl Encode for UsersQueryRequest {
    fn encode(&self) -> String {
        match &self.user_ids {
            Some(ids) => Object::new().strs("user_ids", ids).finish(),
            None => Object::new().finish(),
        }
    }
}

impl Encode for InviteRequest {
    fn encode(&self) -> String {
        let body = Object::new()
            .str("email", &self.email)
            .strs("roles", &self.roles)
            .opt_str("password", self.password.as_deref());
        match self.require_reset {
            Some(reset) => body.bool("require_reset", reset),
            None => body,
        }
        .finish()
    }
}

impl Encode for EmailRequest {
    fn encode(&self) -> String {
        Object::new().str("email", &self.email).finish()
    }
}

impl Encode for EditUserRequest {
    fn encode(&self) -> String {
        Object::new()
            .str("id", &self.id)
            .str("firstName", &self.first_name)
            .str("lastName", &self.last_name)
            .str("email", &self.email)
            .bool("enabled", self.enabled)
            .bool("isAdmin", self.is_admin)
            .finish()
    }
}
