//! The table: sortable headers (click, Enter or Space; `aria-sort` on the sorted one), a
//! selection column, badges, and per-row actions gated by the administrator's rights.

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::actions::set_enabled_many;
use super::{Dialog, UsersState};
use crate::components::badges::{AccessBadges, RequiredActionBadges, StatusBadge, TypeBadge, VerifiedBadge};
use crate::logic::query::{Column, ViewQuery};
use crate::logic::table::{drawn_range, format_date, format_date_time};

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

/// Until the first row is measured: the CSS row height at the default font size.
const DEFAULT_ROW_PX: f64 = 52.0;

/// The table of the shown users. It is windowed: only the rows in (and just around) the
/// scrolled view are in the DOM, between two spacer rows that give the scroll bar the height
/// of every row, so 100,000 users cost what 30 do. Screen readers still get the whole
/// table's size (`aria-rowcount`) and each row's place in it (`aria-rowindex`).
#[component]
pub fn UserTable(state: UsersState, shown: Memo<Arc<Vec<u32>>>) -> impl IntoView {
    let all_shown_selected = move || {
        let selected = state.selected.get();
        if selected.is_empty() {
            return false;
        }
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

    let scroller = NodeRef::<leptos::html::Div>::new();
    let scroll_top = RwSignal::new(0.0_f64);
    let viewport_px = RwSignal::new(1200.0_f64);
    let row_px = RwSignal::new(DEFAULT_ROW_PX);
    // Runs from animation frames and resize events, possibly after the table is gone: hence
    // the `try_` accessors, which do nothing once the signals are disposed.
    let measure = move || {
        if let Some(el) = scroller.try_get_untracked().flatten() {
            viewport_px.try_set(f64::from(el.client_height().max(1)));
            // The real row height (it follows the font size and zoom), from a drawn row.
            if let Ok(Some(row)) = el.query_selector("tr[data-testid=user-row]") {
                // Fractional: a rounded height would drift by a pixel every few rows.
                let h = row.get_bounding_client_rect().height();
                if h >= 8.0 && row_px.try_get_untracked().is_some_and(|old| (h - old).abs() > 0.001) {
                    row_px.try_set(h);
                }
            }
        }
    };
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());

    // Only changes when the drawn range does, not on every scroll event.
    let range = Memo::new(move |_| drawn_range(shown.with(|s| s.len()), scroll_top.get(), viewport_px.get(), row_px.get()));
    // A new search, filter or sort starts at the top, as a new page would; a refresh or an
    // opened user keeps the place.
    let view_without_user = Memo::new(move |_| state.query.with(|q| ViewQuery { user: None, ..q.clone() }));
    Effect::new(move |previous: Option<()>| {
        view_without_user.track();
        if previous.is_some() {
            if let Some(el) = scroller.get_untracked() {
                el.set_scroll_top(0);
            }
            scroll_top.set(0.0);
        }
    });
    // Measured again after every change of the drawn rows, not only once: the box grows with
    // its rows up to its max-height, so a short list (a search) leaves it short, and the view
    // height must be read again when the list grows back.
    Effect::new(move |_| {
        range.track();
        request_animation_frame(measure);
    });

    let keys = move || {
        let generation = state.generation.get();
        let (first, last) = range.get();
        shown.with(|s| s[first..last].iter().enumerate().map(|(k, &i)| (generation, i, first + k)).collect::<Vec<_>>())
    };
    let spacer = move |px: f64| format!("{px}px");
    let top_px = move || range.get().0 as f64 * row_px.get();
    let bottom_px = move || (shown.with(|s| s.len()) - range.get().1) as f64 * row_px.get();

    // Arrow keys move between rows (same column), PageUp/PageDown by a screenful, Ctrl+Home
    // and Ctrl+End to the ends: the rows beyond the window exist only once scrolled to.
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        let Ok(Some(row)) = target.closest("tr[data-testid=user-row]") else { return };
        let Some(place) = row.get_attribute("aria-rowindex").and_then(|v| v.parse::<usize>().ok()).and_then(|i| i.checked_sub(2)) else { return };
        let len = shown.with_untracked(|s| s.len());
        let page = ((viewport_px.get_untracked() / row_px.get_untracked()) as usize).saturating_sub(1).max(1);
        let to = match (ev.key().as_str(), ev.ctrl_key() || ev.meta_key()) {
            ("ArrowDown", _) => place + 1,
            ("ArrowUp", _) => place.saturating_sub(1),
            ("PageDown", _) => place + page,
            ("PageUp", _) => place.saturating_sub(page),
            ("Home", true) => 0,
            ("End", true) => len.saturating_sub(1),
            _ => return,
        }
        .min(len.saturating_sub(1));
        ev.prevent_default();
        // Which cell (1-based, for :nth-child), so focus stays in the same column.
        let column = target
            .closest("td")
            .ok()
            .flatten()
            .and_then(|td| td.dyn_into::<web_sys::HtmlTableCellElement>().ok())
            .map(|td| td.cell_index() + 1);
        let Some(el) = scroller.get_untracked() else { return };
        let header = el.query_selector("thead").ok().flatten().map_or(0.0, |h| h.get_bounding_client_rect().height());
        let (row_h, view_h, top) = (row_px.get_untracked(), f64::from(el.client_height()), f64::from(el.scroll_top()));
        let row_top = to as f64 * row_h;
        let new_top = if row_top < top {
            row_top
        } else if row_top + row_h + header > top + view_h {
            row_top + row_h + header - view_h
        } else {
            top
        };
        el.set_scroll_top(new_top as i32);
        scroll_top.set(new_top);
        let selector = format!(
            "tr[aria-rowindex=\"{}\"] td:nth-child({}) :is(a, button:not([disabled]), input)",
            to + 2,
            column.unwrap_or(2)
        );
        // After the window has moved and the row is drawn.
        request_animation_frame(move || {
            if let Some(el) = scroller.try_get_untracked().flatten() {
                if let Ok(Some(next)) = el.query_selector(&selector) {
                    let _ = next.unchecked_into::<web_sys::HtmlElement>().focus();
                }
            }
        });
    };

    view! {
        <div class="table-wrap" node_ref=scroller data-testid="table-scroller"
            on:scroll=move |_| if let Some(el) = scroller.get_untracked() { scroll_top.set(f64::from(el.scroll_top())) }>
            <table class="users-table" data-testid="users-table" aria-rowcount=move || shown.with(|s| s.len() + 1)>
                <colgroup>
                    <col class="col-check" /><col class="col-user" /><col class="col-name" /><col class="col-name" />
                    <col class="col-status" /><col class="col-type" /><col class="col-verified" /><col class="col-date" />
                    <col class="col-date" /><col class="col-rights" /><col class="col-actions" />
                </colgroup>
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
                <tbody on:keydown=on_keydown>
                    <Show when=move || shown.with(|s| s.is_empty())>
                        <tr><td colspan="11" class="users-table__empty" data-testid="empty">
                            "No user matches this search and these filters."
                        </td></tr>
                    </Show>
                    <tr class="users-table__spacer" aria-hidden="true"><td colspan="11" style:height=move || spacer(top_px())></td></tr>
                    <For each=keys key=|k| *k let:key>
                        {
                            let (_, index, place) = key;
                            // +2: the header is row 1.
                            let position = place + 2;
                            state.rows.with_untracked(|rows| rows.as_ref().map(|rows| rows[index as usize].user.clone()))
                                .map(|user| view! { <UserRow state user position /> })
                        }
                    </For>
                    <tr class="users-table__spacer" aria-hidden="true"><td colspan="11" style:height=move || spacer(bottom_px())></td></tr>
                </tbody>
            </table>
        </div>
    }
}

/// One user.
#[component]
fn UserRow(state: UsersState, user: crate::api::types::User, position: usize) -> impl IntoView {
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
                // Two fixed lines (the window needs one row height): long text ends in "…"
                // and the title holds all of it.
                <a href=href on:click=open data-testid="user-link" title=label.clone()>{label.clone()}</a>
                <div class="users-table__sub">
                    {(user.email.is_some() && user.email.as_deref() != Some(user.username.as_str()))
                        .then(|| view! { <span class="users-table__username" title=user.username.clone()>{user.username.clone()}</span> })}
                    <RequiredActionBadges actions=user.required_actions.clone() />
                </div>
            </td>
            <td title=user.first_name.clone()>{user.first_name.clone().unwrap_or_default()}</td>
            <td title=user.last_name.clone()>{user.last_name.clone().unwrap_or_default()}</td>
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
