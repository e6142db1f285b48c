//! The table: sortable headers (click, Enter or Space; `aria-sort` on the sorted one), a
//! selection column, badges, and per-row actions gated by the administrator's rights.

use std::sync::Arc;

use leptos::prelude::*;

use super::actions::set_enabled_many;
use super::{Dialog, UsersState};
use crate::components::badges::{AccessBadges, RequiredActionBadges, StatusBadge, TypeBadge, VerifiedBadge};
use crate::logic::query::{Column, ViewQuery};
use crate::logic::table::{format_date, format_date_time};

/// One sortable header cell.
#[component]
fn SortHeader(state: UsersState, column: Column, label: &'static str) -> impl IntoView {
    let sort = Memo::new(move |_| state.query.with(|q| q.sort));
    let aria = move || {
        let s = sort.get();
        if s.column != column {
            "none"
        } else if s.descending {
            "descending"
        } else {
            "ascending"
        }
    };
    let arrow = move || match aria() {
        "ascending" => " ▲",
        "descending" => " ▼",
        _ => "",
    };
    view! {
        <th scope="col" aria-sort=aria>
            // A button: focusable, and Enter and Space activate it without extra key handling.
            <button class="th-sort" type="button" data-testid=format!("sort-{}", column.as_str())
                on:click=move |_| state.query.update(|q| q.sort = q.sort.toggled(column))>
                {label}
                <span aria-hidden="true">{arrow}</span>
            </button>
        </th>
    }
}

/// Why an action on `user` is not offered, or `None` when it is.
fn refusal(state: &UsersState, user: &crate::api::types::User, deactivating: bool) -> Option<&'static str> {
    if !state.can_manage.get_untracked() {
        return Some("Your account lacks the manage-users role");
    }
    if !user.access.is_some_and(|a| a.manage) {
        return Some("Keycloak does not let you manage this user");
    }
    if deactivating && user.username == "admin" {
        return Some("The built-in admin cannot be deactivated");
    }
    if deactivating && state.me.get_untracked().as_deref() == Some(user.id.as_str()) {
        return Some("You cannot deactivate yourself");
    }
    None
}

/// Opens a user's details without leaving the page.
fn open_user(query: RwSignal<ViewQuery>, id: String) {
    query.update(|q| q.user = Some(id));
}

/// The table of the shown users.
#[component]
pub fn UserTable(state: UsersState, shown: Memo<Arc<Vec<u32>>>) -> impl IntoView {
    let all_shown_selected = move || {
        let selected = state.selected.get();
        state.rows.with(|rows| {
            let Some(rows) = rows else { return false };
            shown.with(|s| !s.is_empty() && s.iter().all(|&i| selected.contains(&rows[i as usize].user.id)))
        })
    };
    let toggle_all = move |_| {
        let select = !all_shown_selected();
        let ids: Vec<String> = state.rows.with(|rows| {
            rows.as_ref().map(|rows| shown.with(|s| s.iter().map(|&i| rows[i as usize].user.id.clone()).collect())).unwrap_or_default()
        });
        state.selected.update(|sel| {
            for id in ids {
                if select {
                    sel.insert(id);
                } else {
                    sel.remove(&id);
                }
            }
        });
    };
    // Row index → its place in the table, computed once per change of the shown list, so each
    // row finds its aria-rowindex in O(1) (a search per row made sorting O(n²)).
    let places = Memo::new(move |_| {
        shown.with(|s| Arc::new(s.iter().enumerate().map(|(place, &i)| (i, place)).collect::<std::collections::HashMap<u32, usize>>()))
    });
    let keys = move || {
        let generation = state.generation.get();
        shown.get().iter().map(|&i| (generation, i)).collect::<Vec<_>>()
    };
    view! {
        <div class="table-wrap">
            <table class="users-table" data-testid="users-table" aria-rowcount=move || shown.with(|s| s.len() + 1)>
                <thead>
                    <tr aria-rowindex="1">
                        <th scope="col" class="users-table__check">
                            <input type="checkbox" aria-label="Select all shown users" data-testid="select-all"
                                prop:checked=all_shown_selected on:change=toggle_all />
                        </th>
                        <SortHeader state column=Column::Username label="Username / email" />
                        <SortHeader state column=Column::First label="First" />
                        <SortHeader state column=Column::Last label="Last" />
                        <SortHeader state column=Column::Status label="Status" />
                        <SortHeader state column=Column::Type label="Type" />
                        <SortHeader state column=Column::Verified label="Email" />
                        <SortHeader state column=Column::Created label="Created" />
                        <SortHeader state column=Column::LastLogin label="Last login" />
                        <th scope="col">
                            <span title="Your rights on each user: View, Manage, manage Group membership, map Roles, Impersonate">"Your rights"</span>
                        </th>
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody>
                    <Show when=move || shown.with(|s| s.is_empty())>
                        <tr><td colspan="11" class="users-table__empty" data-testid="empty">
                            "No user matches this search and these filters."
                        </td></tr>
                    </Show>
                    <For each=keys key=|k| *k let:key>
                        {
                            let (_, index) = key;
                            // +2: the header is row 1.
                            let position = move || places.with(|p| p.get(&index).map_or(0, |place| place + 2));
                            state.rows.with_untracked(|rows| rows.as_ref().map(|rows| rows[index as usize].user.clone()))
                                .map(|user| view! { <UserRow state user position /> })
                        }
                    </For>
                </tbody>
            </table>
        </div>
    }
}

/// One user.
#[component]
fn UserRow<P: Fn() -> usize + Send + Sync + 'static>(state: UsersState, user: crate::api::types::User, position: P) -> impl IntoView {
    let id = user.id.clone();
    let enabled = {
        let user = user.clone();
        Signal::derive(move || state.enabled(&user))
    };
    let busy = {
        let id = id.clone();
        Memo::new(move |_| state.busy.with(|b| b.contains(&id)))
    };
    let selected = {
        let id = id.clone();
        Memo::new(move |_| state.selected.with(|s| s.contains(&id)))
    };
    let outcome = {
        let id = id.clone();
        Memo::new(move |_| state.outcomes.with(|o| o.get(&id).cloned()))
    };
    let label = user.email.clone().unwrap_or_else(|| user.username.clone());
    let deactivate_refusal = refusal(&state, &user, true);
    let manage_refusal = refusal(&state, &user, false);
    let toggle_select = {
        let id = id.clone();
        move |_| state.selected.update(|s| if !s.remove(&id) { s.insert(id.clone()); })
    };
    let open = {
        let id = id.clone();
        move |ev: leptos::ev::MouseEvent| {
            // A real link (new tab, copy link); a plain click opens the details in place.
            if !(ev.ctrl_key() || ev.meta_key() || ev.shift_key()) {
                ev.prevent_default();
                open_user(state.query, id.clone());
            }
        }
    };
    let href = format!("?{}", form_urlencoded::Serializer::new(String::new()).append_pair("user", &id).finish());
    let id_for_action = id.clone();
    let id_for_edit = id.clone();
    view! {
        <tr data-testid="user-row" data-user-id=id.clone() aria-rowindex=position class:users-table__row--selected=selected>
            <td class="users-table__check">
                <input type="checkbox" aria-label=format!("Select {label}") prop:checked=selected on:change=toggle_select />
            </td>
            <td class="users-table__user">
                <a href=href on:click=open data-testid="user-link">{label.clone()}</a>
                {(user.email.is_some() && user.email.as_deref() != Some(user.username.as_str()))
                    .then(|| view! { <span class="users-table__username">{user.username.clone()}</span> })}
                <RequiredActionBadges actions=user.required_actions.clone() />
            </td>
            <td>{user.first_name.clone().unwrap_or_default()}</td>
            <td>{user.last_name.clone().unwrap_or_default()}</td>
            <td><StatusBadge enabled /></td>
            <td><TypeBadge admin=user.is_admin() /></td>
            <td><VerifiedBadge verified=user.email_verified /></td>
            <td title=format_date_time(user.created_timestamp)>{format_date(user.created_timestamp)}</td>
            <td title=user.last_login.map(format_date_time).unwrap_or_default()>
                {user.last_login.map(format_date).unwrap_or_else(|| "never".into())}
            </td>
            <td><AccessBadges access=user.access /></td>
            <td class="users-table__actions">
                {move || if enabled.get() {
                    let id = id_for_action.clone();
                    view! {
                        <button class="button button--small button--danger" type="button" data-testid="deactivate"
                            disabled=move || busy.get() || deactivate_refusal.is_some() title=deactivate_refusal
                            on:click=move |_| state.dialog.set(Dialog::ConfirmDeactivate(vec![id.clone()]))>
                            "Deactivate"
                        </button>
                    }.into_any()
                } else {
                    let id = id_for_action.clone();
                    view! {
                        <button class="button button--small" type="button" data-testid="activate"
                            disabled=move || busy.get() || manage_refusal.is_some() title=manage_refusal
                            on:click=move |_| set_enabled_many(state, vec![id.clone()], true)>
                            "Activate"
                        </button>
                    }.into_any()
                }}
                <button class="button button--small" type="button" data-testid="edit"
                    disabled=move || busy.get() || manage_refusal.is_some() title=manage_refusal
                    on:click=move |_| state.dialog.set(Dialog::Edit(id_for_edit.clone()))>
                    "Edit"
                </button>
                {move || outcome.get().map(|o| match o {
                    Ok(()) => view! { <span class="outcome outcome--ok" data-testid="outcome">"done"</span> }.into_any(),
                    Err(reason) => view! { <span class="outcome outcome--error" data-testid="outcome" role="alert">{reason}</span> }.into_any(),
                })}
            </td>
        </tr>
    }
}
