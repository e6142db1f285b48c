//! The users page: every user of the realm, sortable and filterable, with the actions an
//! administrator needs. The view (search, filters, sort, open user) lives in the URL.

mod actions;
mod detail;
pub mod rows;
mod table;
mod toolbar;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use leptos::prelude::*;

use crate::api::types::User;
use crate::api::ApiClient;
use crate::api::ApiError;
use crate::components::toasts::{use_toasts, Toasts};
use crate::components::ErrorPage;
use crate::context::use_api;
use crate::logic::query::ViewQuery;
use crate::logic::table::{counts, in_order, rows_from, sorted_order, Counts, RecentMatches, Table};

/// Which dialog is open.
#[derive(Debug, Clone, PartialEq)]
pub enum Dialog {
    None,
    Invite,
    ConfirmDeactivate(Vec<String>),
    Edit(String),
}

/// The page's state, shared by its parts. All signals: cheap to copy into closures.
#[derive(Clone, Copy)]
pub struct UsersState {
    /// The last successful load; `None` until the first one.
    pub rows: RwSignal<Option<Arc<Table>>>,
    pub query: RwSignal<ViewQuery>,
    /// `enabled` as changed by actions since the last load (optimistic, then confirmed).
    pub overrides: RwSignal<HashMap<String, bool>>,
    /// Users with an action in flight.
    pub busy: RwSignal<HashSet<String>>,
    /// Per-user outcome of the last bulk action: `Ok(())` or the server's reason.
    pub outcomes: RwSignal<HashMap<String, Result<(), String>>>,
    pub selected: RwSignal<HashSet<String>>,
    /// A bulk action under way: (done so far, total, activating).
    pub progress: RwSignal<Option<(usize, usize, bool)>>,
    pub dialog: RwSignal<Dialog>,
    pub load_error: RwSignal<Option<ApiError>>,
    pub loading: RwSignal<bool>,
    pub loaded_at: RwSignal<Option<(i64, String)>>,
    /// The signed-in administrator's id and whether they may change users.
    pub me: Signal<Option<String>>,
    pub can_manage: Signal<bool>,
    /// Asks for a fresh load.
    pub reload: Callback<()>,
    pub api: StoredValue<ApiClient, LocalStorage>,
    pub toasts: Toasts,
}

impl UsersState {
    /// The shown `enabled` of a user: an action's result when there is one, else the load's.
    pub fn enabled(&self, user: &User) -> bool {
        self.overrides.with(|o| o.get(&user.id).copied()).unwrap_or(user.enabled)
    }

    /// The selected users' ids in the order the table shows them (a bulk action goes down the
    /// list as the administrator sees it); selected users hidden by a filter come last.
    pub fn selected_in_order(&self, shown: Memo<Arc<Vec<u32>>>) -> Vec<String> {
        let mut pending = self.selected.get_untracked();
        let mut ids = Vec::with_capacity(pending.len());
        self.rows.with_untracked(|rows| {
            let Some(rows) = rows else { return };
            shown.with_untracked(|shown| {
                for &i in shown.iter() {
                    let id = &rows[i as usize].user.id;
                    if pending.remove(id) {
                        ids.push(id.clone());
                    }
                }
            });
        });
        let mut rest: Vec<String> = pending.into_iter().collect();
        rest.sort();
        ids.extend(rest);
        ids
    }

    pub fn find(&self, id: &str) -> Option<User> {
        self.rows.with(|rows| rows.as_ref().and_then(|rows| rows.position_of(id).map(|i| rows[i].user.clone())))
    }
}

fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

fn read_query() -> ViewQuery {
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    ViewQuery::parse(&search)
}

/// Puts the view into the address bar (no reload, no history entry per keystroke).
fn write_query(query: &ViewQuery) {
    let Some(window) = web_sys::window() else { return };
    let path = window.location().pathname().unwrap_or_default();
    let url = format!("{path}{}", query.to_query_string());
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// Runs `f` once the next frame is painted: a task queued from that frame's animation
/// callback runs after its rendering. For work the administrator is not waiting to see.
fn after_next_paint(f: impl FnOnce() + 'static) {
    request_animation_frame(move || set_timeout(f, std::time::Duration::ZERO));
}

/// The users page.
#[component]
pub fn UsersPage(
    /// The signed-in administrator's user id (for "you cannot deactivate yourself").
    #[prop(into)]
    me: Signal<Option<String>>,
    /// Whether the session holds `manage-users`.
    #[prop(into)]
    can_manage: Signal<bool>,
) -> impl IntoView {
    let api = StoredValue::new_local(use_api());
    let loads = StoredValue::new(0u64);
    let rows = RwSignal::new(None::<Arc<Table>>);
    let overrides = RwSignal::new(HashMap::new());
    let load_error = RwSignal::new(None::<ApiError>);
    let loading = RwSignal::new(false);
    let loaded_at = RwSignal::new(None::<(i64, String)>);

    let reload = Callback::new(move |_| {
        // Answers that arrive after a newer load started are dropped.
        loads.update_value(|n| *n += 1);
        let mine = loads.get_value();
        loading.set(true);
        let api = api.get_value();
        leptos::task::spawn_local(async move {
            let result = api.query_all().await;
            if loads.get_value() != mine {
                return;
            }
            match result {
                Ok(users) => {
                    let table = Arc::new(rows_from(users));
                    rows.set(Some(table.clone()));
                    // Name sorts are ranked once the rows are painted and the browser is idle.
                    request_idle_callback(move || table.prepare_name_sorts());
                    overrides.set(HashMap::new());
                    load_error.set(None);
                    let now = js_sys::Date::new_0();
                    loaded_at.set(Some((now.get_time() as i64, now.to_locale_time_string("default").into())));
                }
                Err(error) => load_error.set(Some(error)),
            }
            loading.set(false);
        });
    });

    let state = UsersState {
        rows,
        query: RwSignal::new(read_query()),
        overrides,
        busy: RwSignal::new(HashSet::new()),
        outcomes: RwSignal::new(HashMap::new()),
        selected: RwSignal::new(HashSet::new()),
        progress: RwSignal::new(None),
        dialog: RwSignal::new(if actions::has_invite_draft() { Dialog::Invite } else { Dialog::None }),
        load_error,
        loading,
        loaded_at,
        me,
        can_manage,
        reload,
        api,
        toasts: use_toasts(),
    };
    reload.run(());

    // The URL follows the view (a side effect, so an Effect; nothing is written back). It is
    // written once the frame showing the change is painted: replaceState costs 3–4 ms here, a
    // quarter of a frame, and nobody reads the address bar mid-keystroke. Several changes in
    // one frame write the newest view once.
    let url_pending = StoredValue::new(false);
    Effect::new(move |_| {
        state.query.track();
        if url_pending.get_value() {
            return;
        }
        url_pending.set_value(true);
        after_next_paint(move || {
            url_pending.try_update_value(|pending| *pending = false);
            state.query.try_with_untracked(write_query);
        });
    });

    // Sorting runs only when the data or the sort changes; searching and filtering only when
    // the data, the search or the filters do. A sort click reorders and re-applies the last
    // match set; a keystroke re-checks only the rows the last search kept when it can.
    let sort = Memo::new(move |_| state.query.with(|q| q.sort));
    let sorted = Memo::new(move |_| {
        let sort = sort.get();
        rows.with(|rows| rows.as_ref().map(|rows| sorted_order(rows, sort)).unwrap_or_default())
    });
    let filters =
        Memo::new(move |_| state.query.with(|q| ViewQuery { sort: Default::default(), user: None, ..q.clone() }));
    let recent = StoredValue::new(RecentMatches::default());
    let matched = Memo::new(move |_| {
        let Some(table) = rows.get() else { return Arc::new(Vec::new()) };
        let query = filters.get();
        recent.try_update_value(|recent| recent.matching(&table, &query, now_ms())).unwrap_or_default()
    });
    let shown = Memo::new(move |_| {
        let order = sorted.get();
        matched.with(|m| Arc::new(if m.len() == order.len() { in_order(&order, m) } else { Vec::new() }))
    });
    let figures = Memo::new(move |_| {
        let shown = shown.with(|s| s.len());
        overrides.with(|overrides| {
            rows.with(|rows| rows.as_ref().map_or_else(Counts::default, |rows| counts(rows, shown, overrides)))
        })
    });

    let loaded = Memo::new(move |_| rows.with(Option::is_some));
    view! {
        <section class="users" aria-labelledby="users-title">
            <h1 id="users-title" class="users__title">"Users"</h1>
            <toolbar::Toolbar state figures shown />
            // The table is built once the first load arrives and then kept: a failed refresh
            // shows a notice above it rather than rebuilding it.
            {move || match (loaded.get(), load_error.get()) {
                (false, None) => view! { <p class="users__loading" aria-busy="true">"Loading users…"</p> }.into_any(),
                (false, Some(error)) => view! {
                    <ErrorPage title="The users could not be loaded" message=error.to_string() action_label="Retry" on_action=reload />
                }
                .into_any(),
                (true, Some(error)) => view! {
                    <p class="notice notice--error" role="alert" data-testid="load-error">
                        {format!("The list could not be refreshed: {error}")}
                    </p>
                }
                .into_any(),
                (true, None) => ().into_any(),
            }}
            {move || loaded.get().then(|| view! { <table::UserTable state shown /> })}
            <detail::UserDetail state />
            <actions::Dialogs state />
        </section>
    }
}
