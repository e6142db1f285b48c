//! Compact, labelled badges for a user's status, type, verification, required actions, and the
//! signed-in administrator's rights on that user (Keycloak's per-user `access` map).

use leptos::prelude::*;

use crate::api::types::Access;
use crate::logic::row::{access_flags, access_label, required_action_text, ACCESS_FLAGS};

/// Active (can sign in, takes a licence seat) or Inactive.
#[component]
pub fn StatusBadge(enabled: Memo<bool>) -> impl IntoView {
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
            let text = required_action_text(&action);
            view! {
                <span class="badge badge--warn" title=action data-testid="required-action">
                    {text}
                </span>
            }
        })
        .collect_view()
}

/// The five flags of the `access` map as letters, each with its meaning in words. They are the
/// signed-in administrator's rights on this user, not the user's own role.
#[component]
pub fn AccessBadges(access: Option<Access>) -> impl IntoView {
    let on = access_flags(access);
    let label = access_label(on);
    view! {
        <span class="access" role="img" aria-label=label.clone() title=label data-testid="access">
            {ACCESS_FLAGS
                .iter()
                .zip(on)
                .map(|(&(letter, _), on)| {
                    view! {
                        <span class="access__flag" class:access__flag--on=on aria-hidden="true">{letter}</span>
                    }
                })
                .collect_view()}
        </span>
    }
}
