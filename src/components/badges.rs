//! Compact, labelled badges for a user's status, type, verification, required actions, and the
//! signed-in administrator's rights on that user (Keycloak's per-user `access` map).

use leptos::prelude::*;

use crate::api::types::Access;

/// Active (can sign in, takes a licence seat) or Inactive.
#[component]
pub fn StatusBadge(#[prop(into)] enabled: Signal<bool>) -> impl IntoView {
    view! {
        <span class="badge" class:badge--ok=move || enabled.get() class:badge--off=move || !enabled.get() data-testid="status">
            {move || if enabled.get() { "Active" } else { "Inactive" }}
        </span>
    }
}

/// admin (the `admin` realm role) or user.
#[component]
pub fn TypeBadge(admin: bool) -> impl IntoView {
    view! { <span class="badge" class:badge--admin=admin data-testid="type">{if admin { "admin" } else { "user" }}</span> }
}

/// Whether the email address is verified.
#[component]
pub fn VerifiedBadge(verified: bool) -> impl IntoView {
    view! {
        <span class="badge" class:badge--ok=verified class:badge--warn=!verified data-testid="verified">
            {if verified { "verified" } else { "unverified" }}
        </span>
    }
}

/// Keycloak required actions, in words.
#[component]
pub fn RequiredActionBadges(actions: Vec<String>) -> impl IntoView {
    actions
        .into_iter()
        .map(|action| {
            let text = match action.as_str() {
                "UPDATE_PASSWORD" => "must change password".to_owned(),
                "VERIFY_EMAIL" => "must verify email".to_owned(),
                "CONFIGURE_TOTP" => "must set up OTP".to_owned(),
                "UPDATE_PROFILE" => "must update profile".to_owned(),
                other => other.to_lowercase().replace('_', " "),
            };
            view! { <span class="badge badge--warn" title=action data-testid="required-action">{text}</span> }
        })
        .collect_view()
}

/// The five flags of the `access` map as letters, each with its meaning in words. They are the
/// signed-in administrator's rights on this user, not the user's own role.
#[component]
pub fn AccessBadges(access: Option<Access>) -> impl IntoView {
    let access = access.unwrap_or_default();
    let flags = [
        ("V", "view", access.view),
        ("M", "manage", access.manage),
        ("G", "manage group membership", access.manage_group_membership),
        ("R", "map roles", access.map_roles),
        ("I", "impersonate", access.impersonate),
    ];
    let label = format!(
        "Your rights on this user: {}",
        flags.iter().map(|(_, name, on)| format!("{name} {}", if *on { "yes" } else { "no" })).collect::<Vec<_>>().join(", ")
    );
    view! {
        <span class="access" role="img" aria-label=label.clone() title=label data-testid="access">
            {flags
                .into_iter()
                .map(|(letter, _, on)| view! { <span class="access__flag" class:access__flag--on=on aria-hidden="true">{letter}</span> })
                .collect_view()}
        </span>
    }
}
