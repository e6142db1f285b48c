//! The users page: every user of the realm, from `users/query {}`.

use leptos::prelude::*;

use crate::api::types::User;
use crate::components::ErrorPage;
use crate::context::use_api;

/// Loads all users and shows them in a table, with a refresh button and the time of the last load.
#[component]
pub fn UsersPage() -> impl IntoView {
    let api = use_api();
    let (loaded_at, set_loaded_at) = signal(None::<String>);
    let users = LocalResource::new(move || {
        let api = api.clone();
        async move {
            let result = api.query_all().await;
            if result.is_ok() {
                set_loaded_at.set(Some(js_sys::Date::new_0().to_locale_time_string("default").into()));
            }
            result
        }
    });
    let toolbar = view! {
        <div class="users__toolbar">
            <button class="button" type="button" data-testid="refresh" on:click=move |_| users.refetch()>
                "Refresh"
            </button>
            <span class="users__loaded-at" data-testid="loaded-at" aria-live="polite">
                {move || loaded_at.get().map(|t| format!("Loaded at {t}")).unwrap_or_default()}
            </span>
        </div>
    };
    let content = move || match users.get() {
        None => view! { <p class="users__loading" aria-busy="true">"Loading users…"</p> }.into_any(),
        Some(Err(error)) => view! {
            <ErrorPage
                title="The users could not be loaded"
                message=error.to_string()
                action_label="Retry"
                on_action=Callback::new(move |_| users.refetch())
            />
        }
        .into_any(),
        Some(Ok(mut list)) => {
            list.sort_by(|a, b| a.username.to_lowercase().cmp(&b.username.to_lowercase()));
            view! { <UserTable users=list /> }.into_any()
        }
    };
    view! {
        {toolbar}
        {content}
    }
}

/// The table of users.
#[component]
fn UserTable(users: Vec<User>) -> impl IntoView {
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
                    .into_iter()
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
