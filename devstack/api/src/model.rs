//! Users as the stand-in stores them, and how they are shown on the wire: Keycloak's
//! UserRepresentation with Wallaroo's additions, including the quirks of the real answers
//! (spec §2.1): the list form carries `realmRoles` and `lastLogin`; the by-ids form carries
//! `federatedIdentities`, no `realmRoles`, and `lastLogin: null`.

use serde_json::{json, Map, Value};

/// The `master-realm` client roles a user's tokens carry; they decide what the user may do here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleProfile {
    /// A platform admin: the `admin` realm role and all 18 `master-realm` roles (as the 2024 token).
    Admin,
    /// May read and change users, without being a platform admin (as the 2023 seed token).
    Manager,
    /// May read users only: `view-users`, `query-users`, `query-groups`.
    Viewer,
    /// An ordinary Wallaroo user: no user-management rights.
    User,
}

impl RoleProfile {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "admin" => Some(Self::Admin),
            "manager" => Some(Self::Manager),
            "viewer" => Some(Self::Viewer),
            "user" => Some(Self::User),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Manager => "manager",
            Self::Viewer => "viewer",
            Self::User => "user",
        }
    }
    /// `resource_access["master-realm"].roles` for this profile.
    pub fn master_realm_roles(self) -> &'static [&'static str] {
        match self {
            Self::Admin => &[
                "view-realm",
                "view-identity-providers",
                "manage-identity-providers",
                "impersonation",
                "create-client",
                "manage-users",
                "query-realms",
                "view-authorization",
                "query-clients",
                "query-users",
                "manage-events",
                "manage-realm",
                "view-events",
                "view-users",
                "view-clients",
                "manage-authorization",
                "manage-clients",
                "query-groups",
            ],
            Self::Manager => &["manage-users", "view-users", "query-groups", "query-users"],
            Self::Viewer => &["view-users", "query-users", "query-groups"],
            Self::User => &[],
        }
    }
}

/// One user row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredUser {
    pub id: String,
    pub username: String,
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub enabled: bool,
    pub email_verified: bool,
    pub created_ms: i64,
    pub last_login_ms: Option<i64>,
    pub profile: RoleProfile,
    pub required_actions: Vec<String>,
}

impl StoredUser {
    /// Holds the `admin` realm role (the dashboard's "admin" type).
    pub fn is_admin(&self) -> bool {
        self.profile == RoleProfile::Admin
    }
    /// The built-in Keycloak admin, which may never be deactivated.
    pub fn is_builtin_admin(&self) -> bool {
        self.username == "admin"
    }
}

/// Which of the two answer shapes of `users/query` to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryForm {
    /// `{}`: every user.
    List,
    /// `{"user_ids": [...]}`.
    ByIds,
}

/// The caller's rights on a user, as Keycloak computes the `access` map for the *caller*.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Access {
    pub view: bool,
    pub manage: bool,
    pub impersonate: bool,
}

/// The wire form of one user.
pub fn user_json(user: &StoredUser, form: QueryForm, access: Access) -> Value {
    let mut map = Map::new();
    map.insert("id".into(), json!(user.id));
    map.insert("username".into(), json!(user.username));
    if let Some(email) = &user.email {
        map.insert("email".into(), json!(email));
    }
    if let Some(first) = &user.first_name {
        map.insert("firstName".into(), json!(first));
    }
    if let Some(last) = &user.last_name {
        map.insert("lastName".into(), json!(last));
    }
    map.insert("enabled".into(), json!(user.enabled));
    map.insert("emailVerified".into(), json!(user.email_verified));
    map.insert("createdTimestamp".into(), json!(user.created_ms));
    match form {
        QueryForm::List => {
            map.insert("lastLogin".into(), json!(user.last_login_ms));
            if user.is_admin() {
                map.insert("realmRoles".into(), json!(["admin"]));
            }
        }
        QueryForm::ByIds => {
            map.insert("lastLogin".into(), Value::Null);
            map.insert("federatedIdentities".into(), json!([]));
        }
    }
    map.insert("notBefore".into(), json!(0));
    map.insert("requiredActions".into(), json!(user.required_actions));
    map.insert("disableableCredentialTypes".into(), json!([]));
    map.insert(
        "access".into(),
        json!({
            "view": access.view,
            "manage": access.manage,
            "manageGroupMembership": access.manage,
            "mapRoles": access.manage,
            "impersonate": access.impersonate,
        }),
    );
    Value::Object(map)
}

/// The claims the IdP puts into this user's tokens (spec §5), served to it over the internal port.
pub fn token_claims(user: &StoredUser) -> Value {
    let mut realm_roles = vec!["default-roles-master", "offline_access", "uma_authorization"];
    if user.is_admin() {
        realm_roles.extend(["admin", "create-realm"]);
    }
    let hasura_role = if user.is_admin() { "admin_user" } else { "user" };
    let allowed: Vec<&str> = if user.is_admin() { vec!["user", "admin_user"] } else { vec!["user"] };
    let mut hasura = json!({
        "x-hasura-user-id": user.id,
        "x-hasura-default-role": hasura_role,
        "x-hasura-allowed-roles": allowed,
        // A string holding JSON, exactly as Wallaroo's tokens carry it.
        "x-hasura-user-groups": "{}",
    });
    if let Some(email) = &user.email {
        hasura["x-hasura-user-email"] = json!(email);
    }
    let name =
        [user.first_name.as_deref(), user.last_name.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ");
    let mut claims = json!({
        "sub": user.id,
        "preferred_username": user.username,
        "email_verified": user.email_verified,
        "realm_access": { "roles": realm_roles },
        "resource_access": {
            "master-realm": { "roles": user.profile.master_realm_roles() },
            "account": { "roles": ["manage-account", "manage-account-links", "view-profile"] },
        },
        "https://hasura.io/jwt/claims": hasura,
        "enabled": user.enabled,
        "required_actions": user.required_actions,
    });
    // The built-in admin has no email claim and no names (spec §5).
    if let Some(email) = &user.email {
        claims["email"] = json!(email);
    }
    if !name.is_empty() {
        claims["name"] = json!(name);
    }
    if let Some(first) = &user.first_name {
        claims["given_name"] = json!(first);
    }
    if let Some(last) = &user.last_name {
        claims["family_name"] = json!(last);
    }
    claims
}
