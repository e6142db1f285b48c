//! The users page: every user of the realm, from `users/query {}`.

use std::sync::Arc;

use leptos::prelude::*;

use crate::api::types::User;
use crate::api::ApiError;
use crate::components::ErrorPage;
use crate::context::use_api;

/// Loads all users and shows them in a table, with a refresh button and the time of the last
/// load. A failed refresh keeps the last good list on screen and says what went wrong above it.
#[component]
pub fn UsersPage() -> impl IntoView {
    let api = StoredValue::new_local(use_api());
    let users = RwSignal::new(None::<Arc<Vec<User>>>);
    let error = RwSignal::new(None::<ApiError>);
    let loading = RwSignal::new(false);
    let loaded_at = RwSignal::new(None::<(f64, String)>);
    // Answers that arrive after a newer load started are dropped.
    let generation = StoredValue::new(0u64);

    let load = move || {
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        loading.set(true);
        let api = api.get_value();
        leptos::task::spawn_local(async move {
            let result = api.query_all().await;
            if generation.get_value() != mine {
                return;
            }
            match result {
                Ok(mut list) => {
                    list.sort_by(|a, b| a.username.to_lowercase().cmp(&b.username.to_lowercase()));
                    users.set(Some(Arc::new(list)));
                    error.set(None);
                    let now = js_sys::Date::new_0();
                    loaded_at.set(Some((now.get_time(), now.to_locale_time_string("default").into())));
                }
                Err(e) => error.set(Some(e)),
            }
            loading.set(false);
        });
    };
    load();

    view! {
        <div class="users__toolbar">
            <button class="button" type="button" data-testid="refresh" on:click=move |_| load() disabled=move || loading.get()>
                "Refresh"
            </button>
            <span
                class="users__loaded-at"
                data-testid="loaded-at"
                data-loaded-ms=move || loaded_at.get().map(|(ms, _)| ms.to_string())
                aria-live="polite"
            >
                {move || loaded_at.get().map(|(_, t)| format!("Loaded at {t}")).unwrap_or_default()}
            </span>
        </div>
        {move || match (users.get(), error.get()) {
            (None, None) => view! { <p class="users__loading" aria-busy="true">"Loading users…"</p> }.into_any(),
            (None, Some(e)) => view! {
                <ErrorPage
                    title="The users could not be loaded"
                    message=e.to_string()
                    action_label="Retry"
                    on_action=Callback::new(move |_| load())
                />
            }
            .into_any(),
            (Some(list), e) => view! {
                {e.map(|e| view! {
                    <p class="notice notice--error" role="alert" data-testid="load-error">
                        {format!("The list could not be refreshed: {e}")}
                    </p>
                })}
                <UserTable users=list />
            }
            .into_any(),
        }}
    }
}

/// The table of users.
#[component]
fn UserTable(users: Arc<Vec<User>>) -> impl IntoView {
    let count = users.len();
    view! {
        <p class="users__count" data-testid="user-count">{format!("{count} users")}</p>
        <table class="users-table" data-testid="users-table">
            <thead>
                <tr>
                    <th scope="col">"Username / email"</th>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Status"</th>
                    <th scope="col">"Type"</th>
                </tr>
            </thead>
            <tbody>
                {users
                    .iter()
                    .map(|user| {
                        let name = [user.first_name.clone(), user.last_name.clone()]
                            .into_iter()
                            .flatten()
                            .collect::<Vec<_>>()
                            .join(" ");
                        view! {
                            <tr data-testid="user-row" data-user-id=user.id.clone()>
                                <td>{user.email.clone().unwrap_or_else(|| user.username.clone())}</td>
                                <td>{name}</td>
                                <td>{if user.enabled { "Active" } else { "Inactive" }}</td>
                                <td>{if user.is_admin() { "admin" } else { "user" }}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
