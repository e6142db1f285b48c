//! The table: sortable headers (click, Enter or Space; `aria-sort` on the sorted one), a
//! selection column, badges, and per-row actions gated by the administrator's rights.

use std::collections::HashSet;
use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::rows::RowPool;
use super::state::{Changes, Rights, Selection};
use crate::browser::after_next_paint;
use crate::components::SortHeader;
use crate::logic::format::css_px;
use crate::logic::query::{Column, ViewQuery};
use crate::logic::row::{RowContent, RowState};
use crate::logic::table::Table;
use crate::logic::window::{drawn_range, page_rows, scroll_to_show, visible_range, Move};
use crate::logic::workspaces::Memberships;
use crate::reactive::{effect, effect_with, shown_when};

/// What a click in a row asks for (opening a user is handled by the table itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowAction {
    Activate(String),
    Deactivate(String),
    Edit(String),
}

/// One sortable header cell of the users table. The sort is a memo of its own, so a keystroke
/// in the search (which changes the view too) does not touch the headers.
#[component]
fn UsersSortHeader(query: RwSignal<ViewQuery>, column: Column, label: &'static str) -> impl IntoView {
    let sort = Memo::new(move |_| query.with(|q| q.sort));
    view! {
        <SortHeader
            label
            test_id=format!("sort-{}", column.as_str())
            sorted=Callback::new(move |()| sort.with(|s| (s.column == column).then_some(s.descending)))
            on_sort=Callback::new(move |_| query.update(|q| q.sort = q.sort.toggled(column)))
        />
    }
}

/// Until the first row is measured: the CSS row height at the default font size.
const DEFAULT_ROW_PX: f64 = 52.0;

/// The table of the shown users. It is windowed: only the rows in (and just around) the
/// scrolled view are in the DOM, between two spacer rows that give the scroll bar the height
/// of every row, so 100,000 users cost what 30 do. Screen readers still get the whole
/// table's size (`aria-rowcount`) and each row's place in it (`aria-rowindex`).
#[component]
pub fn UserTable(
    table: RwSignal<Option<Arc<Table>>>,
    /// The users that changed since the load before, marked for a moment.
    fresh: RwSignal<Arc<HashSet<String>>>,
    shown: Memo<Arc<Vec<u32>>>,
    query: RwSignal<ViewQuery>,
    selection: Selection,
    changes: Changes,
    rights: Rights,
    /// The workspace memberships known so far, for the Workspaces column.
    memberships: RwSignal<Option<Memberships>>,
    on_action: Callback<RowAction>,
) -> impl IntoView {
    let all_shown_selected = move || {
        let selected = selection.get();
        if selected.is_empty() {
            return false;
        }
        table.with(|rows| {
            let Some(rows) = rows else { return false };
            shown.with(|s| !s.is_empty() && s.iter().all(|&i| selected.contains(&rows[i as usize].user.id)))
        })
    };
    let toggle_all = move |_| {
        let select = !all_shown_selected();
        let ids: Vec<String> = table.with(|rows| {
            rows.as_ref()
                .map(|rows| shown.with(|s| s.iter().map(|&i| rows[i as usize].user.id.clone()).collect()))
                .unwrap_or_default()
        });
        selection.update(|sel| {
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
    let range =
        Memo::new(move |_| drawn_range(shown.with(|s| s.len()), scroll_top.get(), viewport_px.get(), row_px.get()));
    // A new search, filter or sort starts at the top, as a new page would; a refresh or an
    // opened user keeps the place.
    let view_without_user = Memo::new(move |_| query.with(|q| ViewQuery { user: None, ..q.clone() }));
    effect_with(move |previous: Option<()>| {
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
    effect(move || {
        range.track();
        request_animation_frame(measure);
    });

    // The drawn rows follow the window, the data and every per-user state; `RowPool` writes
    // only what changed into the DOM (see rows.rs for why this is not a Leptos view).
    let pool = StoredValue::new_local(RowPool::default());
    // A new list (a load, a sort, a search, a filter) is drawn in two steps: the rows in view
    // in the frame that answers the click or key, the margin rows above and below right after
    // that frame is painted. A third of the rows less in the frame the administrator waits for.
    let drawn_list = StoredValue::new_local(None::<Arc<Vec<u32>>>);
    let margin_pending = StoredValue::new(false);
    let margin_due = RwSignal::new(());
    // The spacer cells, found once the table is mounted: they stay for its life, and the draw
    // runs on every scroll frame.
    let mut spacers = None;
    effect(move || {
        margin_due.track();
        let (mut first, mut last) = range.get();
        let list = shown.get();
        if !drawn_list.with_value(|drawn| drawn.as_ref().is_some_and(|d| Arc::ptr_eq(d, &list))) {
            drawn_list.set_value(Some(list.clone()));
            if !margin_pending.get_value() {
                margin_pending.set_value(true);
                after_next_paint(move || {
                    margin_pending.try_update_value(|pending| *pending = false);
                    margin_due.try_set(());
                });
            }
        }
        if margin_pending.get_value() {
            (first, last) = visible_range(
                list.len(),
                scroll_top.get_untracked(),
                viewport_px.get_untracked(),
                row_px.get_untracked(),
            );
        }
        let wanted: Vec<RowContent> = rights.with_actor(|actor| {
            let (rows, busy, selected, outcomes, fresh) =
                (table.read(), changes.busy.read(), selection.read(), changes.outcomes.read(), fresh.read());
            let memberships = memberships.read();
            let memberships = memberships.as_ref();
            let filling = memberships.is_some_and(|m| m.progress().0 > 0);
            rows.as_ref().map_or_else(Vec::new, |rows| {
                let row_of = |(k, &i): (usize, &u32)| {
                    let user = &rows[i as usize].user;
                    let row = RowState {
                        enabled: changes.enabled(user),
                        selected: selected.contains(&user.id),
                        busy: busy.contains(&user.id),
                        outcome: outcomes.get(&user.id),
                        fresh: fresh.contains(&user.id),
                        memberships,
                        memberships_filling: filling,
                    };
                    // +2: the header is row 1.
                    RowContent::of(user, first + k + 2, row, actor)
                };
                list[first..last].iter().enumerate().map(row_of).collect()
            })
        });
        // The signals are read; what follows only writes the DOM.
        if spacers.is_none() {
            spacers = scroller.get().and_then(|scroller| spacer_cells(&scroller));
        }
        if let Some((top, bottom)) = &spacers {
            // The rows go before the bottom spacer's row.
            if let Some(end) = bottom.parent_element() {
                pool.update_value(|pool| pool.draw(&end, wanted));
            }
            // The spacers stand for the rows not drawn, so that the scroll bar spans them all.
            let px = row_px.get();
            let _ = top.style().set_property("height", &css_px(first as f64 * px));
            let _ = bottom.style().set_property("height", &css_px((list.len() - last) as f64 * px));
        }
    });

    // Clicks and checkbox changes of every row, handled once here (rows.rs marks the targets
    // with `data-action`; the row carries the user id).
    let action_of = |ev: &web_sys::Event| -> Option<(String, String)> {
        let target = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
        let actor = target.closest("[data-action]").ok()??;
        let row = actor.closest("tr[data-user-id]").ok()??;
        Some((actor.get_attribute("data-action")?, row.get_attribute("data-user-id")?))
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some((action, id)) = action_of(&ev) else { return };
        match action.as_str() {
            // A real link (new tab, copy link); a plain click opens the details in place.
            "open" if !(ev.ctrl_key() || ev.meta_key() || ev.shift_key()) => {
                ev.prevent_default();
                query.update(|q| q.user = Some(id));
            }
            "deactivate" => on_action.run(RowAction::Deactivate(id)),
            "activate" => on_action.run(RowAction::Activate(id)),
            "edit" => on_action.run(RowAction::Edit(id)),
            _ => {}
        }
    };
    let on_change = move |ev: leptos::ev::Event| {
        if let Some((action, id)) = action_of(&ev) {
            if action == "select" {
                selection.update(|s| {
                    if !s.remove(&id) {
                        s.insert(id);
                    }
                });
            }
        }
    };

    // Arrow keys move between rows (same column), PageUp/PageDown by a screenful, Ctrl+Home
    // and Ctrl+End to the ends: the rows beyond the window exist only once scrolled to.
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        let Ok(Some(row)) = target.closest("tr[data-testid=user-row]") else { return };
        let Some(place) =
            row.get_attribute("aria-rowindex").and_then(|v| v.parse::<usize>().ok()).and_then(|i| i.checked_sub(2))
        else {
            return;
        };
        let Some(step) = Move::from_key(&ev.key(), ev.ctrl_key() || ev.meta_key()) else { return };
        let page = page_rows(viewport_px.get_untracked(), row_px.get_untracked());
        let to = step.from_place(place, shown.with_untracked(|s| s.len()), page);
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
        let new_top = scroll_to_show(
            to,
            row_px.get_untracked(),
            header,
            f64::from(el.scroll_top()),
            f64::from(el.client_height()),
        );
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
        <div
            class="table-wrap"
            node_ref=scroller
            data-testid="table-scroller"
            on:scroll=move |_| {
                if let Some(el) = scroller.get_untracked() {
                    scroll_top.set(f64::from(el.scroll_top()))
                }
            }
        >
            <table class="users-table" data-testid="users-table" aria-rowcount=move || shown.with(|s| s.len() + 1)>
                <colgroup>
                    <col class="col-check" />
                    <col class="col-user" />
                    <col class="col-name" />
                    <col class="col-name" />
                    <col class="col-status" />
                    <col class="col-type" />
                    <col class="col-verified" />
                    <col class="col-date" />
                    <col class="col-date" />
                    <col class="col-count" />
                    <col class="col-rights" />
                    <col class="col-actions" />
                </colgroup>
                <thead>
                    <tr aria-rowindex="1">
                        <th scope="col" class="users-table__check">
                            <input
                                type="checkbox"
                                aria-label="Select all shown users"
                                data-testid="select-all"
                                prop:checked=all_shown_selected
                                on:change=toggle_all
                            />
                        </th>
                        <UsersSortHeader query column=Column::Username label="Username / email" />
                        <UsersSortHeader query column=Column::First label="First" />
                        <UsersSortHeader query column=Column::Last label="Last" />
                        <UsersSortHeader query column=Column::Status label="Status" />
                        <UsersSortHeader query column=Column::Type label="Type" />
                        <UsersSortHeader query column=Column::Verified label="Email" />
                        <UsersSortHeader query column=Column::Created label="Created" />
                        <UsersSortHeader query column=Column::LastLogin label="Last login" />
                        <UsersSortHeader query column=Column::Workspaces label="Workspaces" />
                        <th scope="col">
                            <span title="Your rights on each user: View, Manage, manage Group membership, map Roles, Impersonate">
                                "Your rights"
                            </span>
                        </th>
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody on:keydown=on_keydown on:click=on_click on:change=on_change>
                    {shown_when(
                        move || shown.with(|s| s.is_empty()),
                        || {
                            view! {
                                <tr>
                                    <td colspan="12" class="users-table__empty" data-testid="empty">
                                        "No user matches this search and these filters."
                                    </td>
                                </tr>
                            }
                        },
                    )}
                    <tr class="users-table__spacer" aria-hidden="true">
                        <td colspan="12" />
                    </tr>
                    <tr class="users-table__spacer" aria-hidden="true">
                        <td colspan="12" />
                    </tr>
                </tbody>
            </table>
        </div>
    }
}

/// The cells of the two spacer rows (above and below the drawn rows), found in the scroller
/// rather than each held by a `NodeRef<Td>`: every element type a NodeRef is made for costs
/// its own copy of Leptos' NodeRef code (1.3 KB of wasm).
fn spacer_cells(scroller: &web_sys::Element) -> Option<(web_sys::HtmlElement, web_sys::HtmlElement)> {
    let cells = scroller.query_selector_all(".users-table__spacer > td").ok()?;
    let cell = |i| cells.get(i)?.dyn_into::<web_sys::HtmlElement>().ok();
    Some((cell(0)?, cell(1)?))
}
