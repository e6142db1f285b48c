//! The users page: every user of the realm, sortable and filterable, with the actions an
//! administrator needs. The view (search, filters, sort, open user) lives in the URL.
//!
//! The page owns the state (`state.rs`, in small pieces) and the derived lists (sorted,
//! matched, shown); each part below takes only the pieces it reads and writes.

mod actions;
mod detail;
pub mod dialogs;
mod membership_list;
pub mod memberships;
pub mod rows;
pub mod state;
mod table;
pub mod toolbar;
mod user_workspaces;
mod workspaces_view;

use std::sync::Arc;

use leptos::prelude::*;

use self::actions::EnableRunner;
use self::dialogs::{has_invite_draft, Dialogs};
use self::memberships::{MemberRunner, MembershipProblems, WorkspaceData};
use self::state::{Changes, Dialog, Rights, UserList};
use self::table::RowAction;
use self::toolbar::{download, BulkBar, ListBar, SearchFilters};
use self::workspaces_view::{workspaces_view, WorkspacesArgs};
use crate::api::ApiClient;
use crate::browser::{after_next_paint, now_ms, replace_url, Activity};
use crate::components::toasts::use_toasts;
use crate::components::ErrorPage;
use crate::config::PanelConfig;
use crate::context::{use_api, use_tabs};
use crate::lazy::{chunk_view, load};
use crate::logic::csv::to_csv;
use crate::logic::query::Column;
use crate::logic::query::ViewQuery;
use crate::logic::table::{
    counts, in_order, in_workspace, selected_in_order, sorted_order, workspace_counts, Counts, RecentMatches,
};
use crate::logic::workspace_view::{is_workspaces_view, WorkspaceQuery};
use crate::logic::workspaces::InWorkspace;
use crate::reactive::{effect, effect_with};
use crate::task::Generations;

fn location_search() -> String {
    web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default()
}

/// Puts the view into the address bar (no reload, no history entry per keystroke): the query
/// string of the view shown.
fn write_query(query_string: &str) {
    let Some(window) = web_sys::window() else { return };
    let path = window.location().pathname().unwrap_or_default();
    replace_url(&format!("{path}{query_string}"));
}

/// The list and its two ways of loading. `reload` (Refresh, the first load, after a change
/// whose outcome is unknown) shows the answer at once. `refresh_quietly` (the timer, the tab
/// shown again, a change made in another tab) fetches in the background, and if the answer
/// differs from the last one (a 64-bit fingerprint of the bytes), decodes and shows it once the
/// administrator pauses, so a 100,000-user decode never lands in the middle of typing or
/// scrolling. An answer to a load older than the last one installed is dropped.
fn loader(api: StoredValue<ApiClient, LocalStorage>, changes: Changes, activity: Activity) -> UserList {
    let mut list = UserList {
        table: RwSignal::new(None),
        loading: RwSignal::new(false),
        error: RwSignal::new(None),
        loaded_at: RwSignal::new(None),
        fresh: RwSignal::new(Default::default()),
        generation: Generations::new(),
        shown_print: StoredValue::new(None),
        // Set below: the loads install into this same list (its signals), so it exists first.
        reload: Callback::new(|_| {}),
        refresh_quietly: Callback::new(|_| {}),
    };
    let data = list;
    list.reload = Callback::new(move |_| {
        let mine = data.generation.next();
        data.loading.set(true);
        let api = api.get_value();
        leptos::task::spawn_local(async move {
            let result = api.query_all_answer().await;
            if !data.generation.is_current(mine) {
                return;
            }
            if let Err(e) = result.and_then(|answer| data.show(changes, answer)) {
                data.error.set(Some(e));
            }
            data.loading.set(false);
        });
    });
    list.refresh_quietly = Callback::new(move |_| {
        if data.loading.get_untracked() {
            return; // a load is under way already
        }
        let mine = data.generation.next();
        let api = api.get_value();
        leptos::task::spawn_local(async move {
            let result = api.query_all_answer().await;
            if !data.generation.is_current(mine) {
                return;
            }
            let answer = match result {
                Ok(answer) => answer,
                // Said above the table ("could not be refreshed"), which stays as it was.
                Err(e) => return data.error.set(Some(e)),
            };
            // Even the fingerprint (tens of ms over a 100,000-user answer) waits for a pause.
            activity.pause(QUIET_MS).await;
            if !data.generation.is_current(mine) {
                return;
            }
            if data.is_shown(&answer) {
                // The realm is as it was: nothing to decode, but the list is this fresh.
                return data.loaded_now();
            }
            if let Err(e) = data.show(changes, answer) {
                data.error.set(Some(e));
            }
        });
    });
    list
}

/// Reloads the list quietly on the configured interval while the tab is visible, and when the
/// tab is shown again after being hidden for a while (`config.json`: `autoRefreshSeconds`,
/// `refreshOnReturnSeconds`).
fn keep_fresh(list: UserList) {
    // The app provides it (app.rs); its defaults are config.rs's.
    let config = expect_context::<PanelConfig>();
    let (every_ms, on_return_ms) = (config.auto_refresh_ms, config.refresh_on_return_ms);
    let visible = || leptos::prelude::document().visibility_state() == web_sys::VisibilityState::Visible;
    if every_ms > 0 {
        let every = std::time::Duration::from_millis(every_ms.into());
        if let Ok(timer) = set_interval_with_handle(
            move || {
                if visible() {
                    list.refresh_quietly.run(())
                }
            },
            every,
        ) {
            on_cleanup(move || timer.clear());
        }
    }
    let hidden_since = StoredValue::new(None::<f64>);
    let handle = window_event_listener(leptos::ev::visibilitychange, move |_| {
        if !visible() {
            hidden_since.set_value(Some(now_ms()));
        } else if let Some(since) = hidden_since.get_value() {
            hidden_since.set_value(None);
            if now_ms() - since >= f64::from(on_return_ms) {
                list.refresh_quietly.run(());
            }
        }
    });
    on_cleanup(move || handle.remove());
}

/// How old the memberships may get before a quiet refresh of the users loads them again.
const MEMBERSHIPS_STALE_MS: f64 = 10.0 * 60_000.0;

/// How long the administrator must have left the keyboard and mouse alone before a
/// background refresh is decoded and shown.
const QUIET_MS: f64 = 1_000.0;

/// The users page.
#[component]
pub fn UsersPage(
    /// The signed-in administrator's user id (for "you cannot deactivate yourself").
    #[prop(into)]
    me: Memo<Option<String>>,
    /// Whether the session holds `manage-users`.
    #[prop(into)]
    can_manage: Memo<bool>,
    /// Which view is shown and each view's state, as the URL opened them.
    views: Views,
) -> impl IntoView {
    let api = StoredValue::new_local(use_api());
    let changes = Changes::default();
    let activity = Activity::track();
    let list = loader(api, changes, activity);
    let workspaces = WorkspaceData::new(api);
    let members = MemberRunner::new(workspaces, api);
    let Views { query, ws_view, ws_query } = views;
    let selection = RwSignal::new(Default::default());
    let rights = Rights { me, can_manage };
    let dialog = RwSignal::new(if has_invite_draft() { Dialog::Invite } else { Dialog::None });
    let tabs = use_tabs();
    let runner = EnableRunner { list, changes, selection, rights, toasts: use_toasts(), api, tabs, workspaces };
    list.reload.run(());
    keep_fresh(list);
    // The memberships follow a load of the users once it is painted (they never delay the
    // users): the first, a Refresh, and one after a change in another tab; a quiet refresh
    // only when they are older than MEMBERSHIPS_STALE_MS. They take a call per workspace, and
    // a timer firing every two minutes in every open tab would send thousands of them for a
    // realm that rarely changes its workspaces.
    let memberships_wanted = StoredValue::new(true);
    let memberships_at = StoredValue::new(f64::NEG_INFINITY);
    effect(move || {
        if list.loading.get() {
            memberships_wanted.set_value(true); // a Refresh (or the first load) is under way
        }
    });
    effect(move || {
        if list.loaded_at.with(Option::is_none) {
            return;
        }
        let stale = now_ms() - memberships_at.get_value() >= MEMBERSHIPS_STALE_MS;
        if !(memberships_wanted.get_value() || stale) {
            return;
        }
        memberships_wanted.set_value(false);
        memberships_at.set_value(now_ms());
        after_next_paint(move || {
            if workspaces.memberships.try_with_untracked(|_| ()).is_some() {
                workspaces.reload.run(());
                preload_chunks();
            }
        });
    });
    // A change made in another tab of the panel: reload quietly.
    if let Some(tabs) = tabs {
        effect_with(move |seen: Option<u64>| {
            let now = tabs.changed_elsewhere.get();
            if seen.is_some_and(|seen| seen != now) {
                // It may have changed memberships too: this load brings them.
                memberships_wanted.set_value(true);
                list.refresh_quietly.run(());
            }
            now
        });
    }

    // The URL follows the view (a side effect, so an Effect; nothing is written back). It is
    // written once the frame showing the change is painted: replaceState costs 3–4 ms here, a
    // quarter of a frame, and nobody reads the address bar mid-keystroke. Several changes in
    // one frame write the newest view once.
    let url_pending = StoredValue::new(false);
    effect(move || {
        query.track();
        ws_query.track();
        ws_view.track();
        if url_pending.get_value() {
            return;
        }
        url_pending.set_value(true);
        after_next_paint(move || {
            url_pending.try_update_value(|pending| *pending = false);
            let text = if ws_view.get_untracked() {
                ws_query.try_with_untracked(WorkspaceQuery::to_query_string)
            } else {
                query.try_with_untracked(ViewQuery::to_query_string)
            };
            if let Some(text) = text {
                write_query(&text);
            }
        });
    });

    // Sorting runs only when the data or the sort changes; searching and filtering only when
    // the data, the search or the filters do. A sort click reorders and re-applies the last
    // match set; a keystroke re-checks only the rows the last search kept when it can.
    let table = list.table;
    let sort = Memo::new(move |_| query.with(|q| q.sort));
    let memberships = workspaces.memberships;
    // Each row's workspace count (it changes as memberships arrive, without a new load of the
    // users): while the Workspaces column is sorted on, and once every workspace has answered,
    // so that the first click on that column only sorts (the counts cost a frame at 10,000).
    let by_workspaces = Memo::new(move |_| sort.get().column == Column::Workspaces);
    let all_in = Memo::new(move |_| memberships.with(|m| m.as_ref().is_some_and(|m| m.progress().0 == 0)));
    let ws_counts = Memo::new(move |_| {
        // `all_in` first: once it holds, the sort column is not read, so a click on the
        // Workspaces header does not count everything again.
        if !(all_in.get() || by_workspaces.get()) {
            return Arc::new(Vec::new());
        }
        table.with(|rows| {
            memberships.with(|m| match (rows, m) {
                (Some(rows), Some(m)) => Arc::new(workspace_counts(rows, m)),
                _ => Arc::new(Vec::new()),
            })
        })
    });
    let sorted = Memo::new(move |_| {
        let sort = sort.get();
        ws_counts.with(|counts| {
            table.with(|rows| rows.as_ref().map(|rows| sorted_order(rows, sort, counts)).unwrap_or_default())
        })
    });
    // The search and the other filters are cached per load (RecentMatches); the workspace
    // filter depends on the memberships too, so it narrows their result afterwards.
    let filters = Memo::new(move |_| {
        query.with(|q| ViewQuery { sort: Default::default(), user: None, workspace: InWorkspace::Any, ..q.clone() })
    });
    let in_ws = Memo::new(move |_| query.with(|q| q.workspace));
    let recent = StoredValue::new(RecentMatches::default());
    let matched = Memo::new(move |_| {
        let Some(table) = table.get() else { return Arc::new(Vec::new()) };
        let query = filters.get();
        recent.try_update_value(|recent| recent.matching(&table, &query, now_ms() as i64)).unwrap_or_default()
    });
    let narrowed = Memo::new(move |_| {
        let matched = matched.get();
        let filter = in_ws.get();
        if filter == InWorkspace::Any {
            return matched;
        }
        table.with(|rows| {
            memberships.with(|m| match (rows, m) {
                (Some(rows), Some(m)) => Arc::new(in_workspace(rows, &matched, m, filter)),
                _ => matched.clone(),
            })
        })
    });
    let shown = Memo::new(move |_| {
        let order = sorted.get();
        narrowed.with(|m| Arc::new(if m.len() == order.len() { in_order(&order, m) } else { Vec::new() }))
    });
    let figures = Memo::new(move |_| {
        let shown = shown.with(|s| s.len());
        changes.overrides.with(|overrides| {
            table.with(|rows| rows.as_ref().map_or_else(Counts::default, |rows| counts(rows, shown, overrides)))
        })
    });

    let export = Callback::new(move |_| {
        let csv = table.with(|rows| {
            rows.as_ref().map(|rows| {
                shown.with(|shown| memberships.with(|m| to_csv(shown.iter().map(|&i| &rows[i as usize]), m.as_ref())))
            })
        });
        if let Some(csv) = csv {
            // A BOM, so spreadsheet programs read the UTF-8 names right.
            download("wallaroo-users.csv", &format!("\u{feff}{csv}"));
        }
    });
    let selected_ids = move || {
        table.with_untracked(|t| {
            shown.with_untracked(|s| selection.with_untracked(|sel| selected_in_order(t.as_deref(), s, sel)))
        })
    };
    let selected = Memo::new(move |_| selection.with(|s| s.len()));
    let on_row = Callback::new(move |action: RowAction| match action {
        RowAction::Activate(id) => runner.run(vec![id], true),
        RowAction::Deactivate(id) => dialog.set(Dialog::ConfirmDeactivate(vec![id])),
        RowAction::Edit(id) => dialog.set(Dialog::Edit(id)),
    });

    let loaded = Memo::new(move |_| table.with(Option::is_some));
    view! {
        // Kept while the workspaces view is shown: coming back is instant, with the scroll
        // position and selection as they were.
        <section class="users" aria-labelledby="users-title" hidden=move || ws_view.get()>
            <h1 id="users-title" class="users__title">
                "Users"
            </h1>
            <SearchFilters query memberships />
            <ListBar
                figures
                list
                can_manage
                on_export=export
                on_invite=Callback::new(move |_| dialog.set(Dialog::Invite))
            />
            <BulkBar
                selected
                progress=changes.progress
                can_manage
                on_activate=Callback::new(move |_| runner.run(selected_ids(), true))
                on_deactivate=Callback::new(move |_| dialog.set(Dialog::ConfirmDeactivate(selected_ids())))
                on_add_to_workspace=Callback::new(move |_| dialog.set(Dialog::BulkAdd(selected_ids())))
                on_clear=Callback::new(move |_| selection.set(Default::default()))
            />
            <MembershipProblems data=workspaces />
            // The table is built once the first load arrives and then kept: a failed refresh
            // shows a notice above it rather than rebuilding it.
            {move || match (loaded.get(), list.error.get()) {
                (false, None) => {
                    view! {
                        <p class="users__loading" aria-busy="true">
                            "Loading users…"
                        </p>
                    }
                        .into_any()
                }
                (false, Some(error)) => {
                    view! {
                        <ErrorPage
                            title="The users could not be loaded"
                            message=error.to_string()
                            action_label="Retry"
                            on_action=list.reload
                        />
                    }
                        .into_any()
                }
                (true, Some(error)) => {
                    view! {
                        <p class="notice notice--error" role="alert" data-testid="load-error">
                            {format!("The list could not be refreshed: {error}")}
                        </p>
                    }
                        .into_any()
                }
                (true, None) => ().into_any(),
            }}
            {move || {
                loaded
                    .get()
                    .then(|| {
                        view! {
                            <table::UserTable
                                table
                                fresh=list.fresh
                                shown
                                query
                                selection
                                changes
                                rights
                                memberships
                                on_action=on_row
                            />
                        }
                    })
            }}
            <detail::UserDetail query list changes runner=members can_manage />
            <Dialogs
                dialog
                list
                changes
                workspaces
                on_deactivate=Callback::new(move |(ids, steps)| runner.deactivate(ids, steps))
                runner=members
                on_bulk_added=Callback::new(move |_| selection.set(Default::default()))
            />
        </section>
        {move || {
            ws_view
                .get()
                .then(|| {
                    let args = WorkspacesArgs {
                        query: ws_query,
                        list,
                        changes,
                        runner: members,
                        can_manage,
                    };
                    chunk_view("workspaces view", load(args, workspaces_view))
                })
        }}
    }
}

/// Fetches the chunk of what is shown only on demand (`crate::lazy`) once the users are
/// painted, so that opening one waits for nothing. A fetch that fails is tried again when the
/// part is opened; one that succeeded is not made again.
fn preload_chunks() {
    leptos::task::spawn_local(async {
        let _ = workspaces_view::preload_workspaces_view().await;
    });
}

/// Which view is shown (users or workspaces) and each one's state, read from the URL once and
/// then written back to it: the header's tabs and the page share them.
#[derive(Clone, Copy)]
pub struct Views {
    pub query: RwSignal<ViewQuery>,
    pub ws_view: RwSignal<bool>,
    pub ws_query: RwSignal<WorkspaceQuery>,
}

impl Views {
    pub fn from_url() -> Views {
        let search = location_search();
        Views {
            query: RwSignal::new(ViewQuery::parse(&search)),
            ws_view: RwSignal::new(is_workspaces_view(&search)),
            ws_query: RwSignal::new(WorkspaceQuery::parse(&search)),
        }
    }
}

/// The two views, as tabs in the header: links (a new tab, a bookmark), switched in place.
#[component]
pub fn ViewNav(views: Views) -> impl IntoView {
    let Views { query, ws_view, ws_query } = views;
    let link = move |to_workspaces: bool, text: &'static str, test_id: &'static str| {
        let href = move || {
            if to_workspaces {
                ws_query.with(WorkspaceQuery::to_query_string)
            } else {
                let q = query.with(ViewQuery::to_query_string);
                if q.is_empty() {
                    "?".to_owned()
                } else {
                    q
                }
            }
        };
        view! {
            <a
                class="views__link"
                href=href
                data-testid=test_id
                aria-current=move || (ws_view.get() == to_workspaces).then_some("page")
                on:click=move |ev: leptos::ev::MouseEvent| {
                    if !(ev.ctrl_key() || ev.meta_key() || ev.shift_key()) {
                        ev.prevent_default();
                        ws_view.set(to_workspaces);
                    }
                }
            >
                {text}
            </a>
        }
    };
    view! {
        <nav class="views" aria-label="Views" data-testid="views">
            {link(false, "Users", "view-users")}
            {link(true, "Workspaces", "view-workspaces")}
        </nav>
    }
}
