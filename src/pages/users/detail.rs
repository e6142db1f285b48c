//! One user's details, deep-linkable as `?user=<id>`, fetched with `users/query {"user_ids": [id]}`.
//! The by-ids answer lacks `realmRoles` and `lastLogin` (spec §2.1), so those come from the list.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::memberships::MemberRunner;
use super::state::{Changes, UserList};
use super::user_workspaces::{user_workspaces, UserWorkspacesArgs};
use crate::api::types::User;
use crate::browser::after_next_paint;
use crate::components::badges::{AccessBadges, RequiredActionBadges, StatusBadge, TypeBadge, VerifiedBadge};
use crate::context::use_api;
use crate::lazy::{chunk_view, load};
use crate::logic::format::format_date_time;
use crate::logic::query::ViewQuery;
use crate::logic::user::label;
use crate::reactive::{effect, effect_with};
use crate::task::Task;

/// The details panel, shown while the URL names a user.
#[component]
pub fn UserDetail(
    query: RwSignal<ViewQuery>,
    list: UserList,
    changes: Changes,
    runner: MemberRunner,
    can_manage: Memo<bool>,
) -> impl IntoView {
    let id = Memo::new(move |_| query.with(|q| q.user.clone()));
    let api = StoredValue::new_local(use_api());
    let fetched = Task::new();
    effect(move || {
        if let Some(id) = id.get() {
            let api = api.get_value();
            fetched.load(async move { api.query_ids(vec![id]).await.map(|mut users| users.pop()) });
        }
    });
    let close = move || query.update(|q| q.user = None);
    follow_focus(id);
    // The body is its own reactive part, so the panel (and the focus in it) stays while the
    // user is fetched.
    let body = move || {
        let id = id.get()?;
        Some(match fetched.value.get() {
            None => view! { <p aria-busy="true">"Loading…"</p> }.into_any(),
            Some(Err(error)) => view! {
                <p class="notice notice--error" role="alert">
                    {error.to_string()}
                </p>
            }
            .into_any(),
            Some(Ok(None)) => view! {
                <p class="notice" role="alert" data-testid="detail-missing">
                    {format!("No user has the id {id}.")}
                </p>
            }
            .into_any(),
            Some(Ok(Some(user))) => {
                let listed = list.find(&user.id);
                let (id, label, email) = (user.id.clone(), label(&user).to_owned(), user.email.clone());
                view! {
                    <DetailFields changes user listed />
                    {
                        let args = UserWorkspacesArgs {
                            user: id,
                            label,
                            email,
                            runner,
                            can_manage,
                        };
                        chunk_view("user's workspaces", load(args, user_workspaces))
                    }
                }
                .into_any()
            }
        })
    };
    move || {
        id.with(Option::is_some).then(|| {
            view! {
                <aside
                    class="detail"
                    role="dialog"
                    aria-modal="false"
                    aria-labelledby="detail-title"
                    tabindex="-1"
                    data-testid="user-detail"
                    on:keydown=move |ev| {
                        if ev.key() == "Escape" {
                            close()
                        }
                    }
                >
                    <div class="detail__head">
                        <h2 id="detail-title" class="detail__title">
                            "User details"
                        </h2>
                        <button
                            class="button button--small"
                            type="button"
                            data-testid="detail-close"
                            on:click=move |_| close()
                        >
                            "Close"
                        </button>
                    </div>
                    {body}
                </aside>
            }
        })
    }
}

/// Focus goes into the panel as it opens for a user, so that Escape closes it at once (the
/// WAI-ARIA pattern for a non-modal dialog), and back where it was (the row's link) once the
/// panel closes, if that is still on the page.
fn follow_focus(id: Memo<Option<String>>) {
    let mut opener = None::<web_sys::HtmlElement>;
    effect_with(move |was: Option<Option<String>>| {
        let now = id.get();
        let was = was.flatten();
        if now.is_some() && now != was {
            // A user is opened only from the table's links (`table.rs`), so the focus is on the
            // one that opened this panel.
            opener = document().active_element().and_then(|f| f.dyn_into().ok());
            after_next_paint(|| {
                if let Ok(Some(panel)) = document().query_selector("[data-testid=user-detail]") {
                    let _ = panel.unchecked_into::<web_sys::HtmlElement>().focus();
                }
            });
        } else if now.is_none() && was.is_some() {
            if let Some(back) = opener.take().filter(|e| e.is_connected()) {
                let _ = back.focus();
            }
        }
        now
    });
}

#[component]
fn DetailFields(changes: Changes, user: User, listed: Option<User>) -> impl IntoView {
    let admin = listed.as_ref().map_or(user.is_admin(), User::is_admin);
    let last_login = user.last_login.or(listed.as_ref().and_then(|u| u.last_login));
    let enabled = {
        let user = user.clone();
        Memo::new(move |_| changes.enabled(&user))
    };
    let field = |label: &'static str, value: String| {
        view! {
            <dt>{label}</dt>
            <dd>{value}</dd>
        }
    };
    let federated = user
        .federated_identities
        .as_ref()
        .map(|ids| {
            if ids.is_empty() {
                "none".to_owned()
            } else {
                ids.iter().map(|v| v.text()).collect::<Vec<_>>().join(", ")
            }
        })
        .unwrap_or_else(|| "not reported".into());
    view! {
        <dl class="detail__fields">
            {field("Username", user.username.clone())}
            {field("Email", user.email.clone().unwrap_or_else(|| "none".into()))}
            {field("First name", user.first_name.clone().unwrap_or_default())}
            {field("Last name", user.last_name.clone().unwrap_or_default())} <dt>"Status"</dt><dd>
                <StatusBadge enabled />
            </dd> <dt>"Type"</dt><dd>
                <TypeBadge admin />
            </dd> <dt>"Email"</dt><dd>
                <VerifiedBadge verified=user.email_verified />
            </dd> <dt>"Required actions"</dt>
            <dd>
                {user.required_actions.is_empty().then_some("none")}
                <RequiredActionBadges actions=user.required_actions.clone() />
            </dd> {field("Created", format_date_time(user.created_timestamp))}
            {field("Last login", last_login.map(format_date_time).unwrap_or_else(|| "never".into()))}
            {field("Federated identities", federated)} {field("Not before", user.not_before.to_string())}
            {field(
                "Credential types that can be disabled",
                if user.disableable_credential_types.is_empty() {
                    "none".into()
                } else {
                    user.disableable_credential_types.join(", ")
                },
            )} <dt>"Your rights on this user"</dt><dd>
                <AccessBadges access=user.access />
            </dd> {field("Id", user.id.clone())}
        </dl>
    }
}
