//! Above the table: search and filters (`SearchFilters`), the counts and page-wide actions
//! (`ListBar`), and the bulk actions on the selection (`BulkBar`).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::state::{Progress, UserList};
use crate::logic::format::format_count;
use crate::logic::query::{parse_idle_days, Filter, Only, ViewQuery};
use crate::logic::table::Counts;
use crate::logic::workspaces::{InWorkspace, Memberships};
use crate::reactive::shown_when;

/// One labelled filter: a select over `options` (`(value, text)`, the first meaning "any").
#[component]
fn FilterSelect(
    label: &'static str,
    #[prop(into)] test_id: String,
    options: Vec<(&'static str, &'static str)>,
    value: Memo<String>,
    on_change: Callback<String>,
) -> impl IntoView {
    view! {
        <label class="toolbar__filter">
            {label} " "
            <select
                data-testid=test_id
                prop:value=move || value.get()
                on:change:target=move |ev| on_change.run(ev.target().value())
            >
                {options.into_iter().map(|(v, text)| view! { <option value=v>{text}</option> }).collect_view()}
            </select>
        </label>
    }
}

/// A three-way filter's select: its values are the filter's own (`logic::query::Filter`), so
/// the select and the URL read them alike.
#[component]
fn ThreeWay(
    query: RwSignal<ViewQuery>,
    filter: Filter,
    label: &'static str,
    words: [&'static str; 2],
) -> impl IntoView {
    let (yes, no) = filter.values();
    view! {
        <FilterSelect
            label
            test_id=format!("filter-{}", filter.key())
            options=vec![("", "Any"), (yes, words[0]), (no, words[1])]
            value=Memo::new(move |_| query.with(|q| filter.value(filter.get(q))).to_owned())
            on_change=Callback::new(move |v: String| query.update(|q| filter.set(q, filter.parse(&v))))
        />
    }
}

/// "Workspace: any / in no workspace / <each workspace>", by name. Its options follow the
/// workspace list (not every arrival of members).
#[component]
fn WorkspaceFilter(query: RwSignal<ViewQuery>, memberships: RwSignal<Option<Memberships>>) -> impl IntoView {
    let options = Memo::new(move |_| memberships.with(|m| m.as_ref().map(|m| m.choices(|_| true)).unwrap_or_default()));
    // Each option says whether it is the chosen one: the options arrive after the URL has set
    // the filter, and a select's value set before its option exists would be lost.
    let chosen = Memo::new(move |_| query.with(|q| q.workspace.value()));
    view! {
        <label class="toolbar__filter">
            "Workspace "
            <select
                data-testid="filter-workspace"
                class="toolbar__workspace"
                on:change:target=move |ev| query.update(|q| q.workspace = InWorkspace::parse(&ev.target().value()))
            >
                <option value="" prop:selected=move || chosen.with(String::is_empty)>
                    "Any"
                </option>
                <option value="none" prop:selected=move || chosen.with(|c| c == "none")>
                    "In no workspace"
                </option>
                {move || {
                    options
                        .get()
                        .into_iter()
                        .map(|(id, name)| {
                            let value = id.clone();
                            view! {
                                <option value=id prop:selected=move || chosen.with(|c| *c == value)>
                                    {name}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
        </label>
    }
}

/// The search box and the filters; they write the view in `query`.
#[component]
pub fn SearchFilters(query: RwSignal<ViewQuery>, memberships: RwSignal<Option<Memberships>>) -> impl IntoView {
    let clear = move |_| {
        query.update(|q| {
            q.search.clear();
            for filter in Filter::ALL {
                filter.set(q, Only::Any);
            }
            q.idle_days = None;
            q.workspace = InWorkspace::Any;
        })
    };
    view! {
        <div class="toolbar">
            <label class="toolbar__search">
                <span class="visually-hidden">"Search users"</span>
                <input
                    type="search"
                    placeholder="Search email, username or name"
                    data-testid="search"
                    prop:value=move || query.with(|q| q.search.clone())
                    on:input:target=move |ev| query.update(|q| q.search = ev.target().value())
                />
            </label>
            <ThreeWay query filter=Filter::Status label="Status" words=["Active", "Inactive"] />
            <ThreeWay query filter=Filter::Type label="Type" words=["Admin", "User"] />
            <ThreeWay query filter=Filter::Verified label="Email" words=["Verified", "Unverified"] />
            <FilterSelect
                label="No login in"
                test_id="filter-idle"
                options=vec![
                    ("", "any time"),
                    ("30", "30 days"),
                    ("90", "90 days"),
                    ("180", "180 days"),
                    ("365", "a year"),
                ]
                value=Memo::new(move |_| query.with(|q| q.idle_days.map(|d| d.to_string()).unwrap_or_default()))
                on_change=Callback::new(move |v: String| query.update(|q| q.idle_days = parse_idle_days(&v)))
            />
            <WorkspaceFilter query memberships />
            <button
                class="button"
                type="button"
                data-testid="clear-filters"
                disabled=move || !query.with(|q| q.is_filtered())
                on:click=clear
            >
                "Clear"
            </button>
        </div>
    }
}

/// Offers `text` as a download named `name` (a Blob URL, so the CSP needs nothing extra).
pub fn download(name: &str, text: &str) -> Option<()> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let document = web_sys::window()?.document()?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Some(())
}

/// The counts (shown, all, active seats), when the list was loaded, and the page-wide
/// actions: refresh, export, invite.
#[component]
pub fn ListBar(
    figures: Memo<Counts>,
    list: UserList,
    can_manage: Memo<bool>,
    on_export: Callback<()>,
    on_invite: Callback<()>,
) -> impl IntoView {
    let manage_hint = move || (!can_manage.get()).then_some("Your account lacks the manage-users role");
    view! {
        <div class="toolbar toolbar--second">
            <p class="figures" data-testid="figures" aria-live="polite">
                <span data-testid="count-shown">{move || format_count(figures.get().shown)}</span>
                " shown of "
                <span data-testid="count-all">{move || format_count(figures.get().all)}</span>
                " users · "
                <span data-testid="count-active">{move || format_count(figures.get().active)}</span>
                " active (licence seats)"
            </p>
            <span class="toolbar__spacer" />
            <button
                class="button"
                type="button"
                data-testid="refresh"
                on:click=move |_| list.reload.run(())
                disabled=move || list.loading.get()
            >
                "Refresh"
            </button>
            <span
                class="toolbar__loaded-at"
                data-testid="loaded-at"
                data-loaded-ms=move || list.loaded_at.get().map(|(ms, _)| ms.to_string())
            >
                {move || list.loaded_at.get().map(|(_, t)| format!("Loaded at {t}")).unwrap_or_default()}
            </span>
            <button
                class="button"
                type="button"
                data-testid="export"
                on:click=move |_| on_export.run(())
                disabled=move || figures.get().shown == 0
            >
                "Export CSV"
            </button>
            <button
                class="button button--primary"
                type="button"
                data-testid="invite"
                title=manage_hint
                disabled=move || !can_manage.get()
                on:click=move |_| on_invite.run(())
            >
                "Invite user"
            </button>
        </div>
    }
}

/// The bulk actions, shown while users are selected: activate, deactivate (the caller asks
/// first), clear; and the progress of a bulk action under way.
#[component]
pub fn BulkBar(
    selected: Memo<usize>,
    progress: RwSignal<Option<Progress>>,
    can_manage: Memo<bool>,
    on_activate: Callback<()>,
    on_deactivate: Callback<()>,
    /// Opens "Add to workspace…" for the selection.
    #[prop(optional)]
    on_add_to_workspace: Option<Callback<()>>,
    on_clear: Callback<()>,
) -> impl IntoView {
    let busy = move || !can_manage.get() || progress.get().is_some();
    let progress_view = move || {
        progress.get().map(|Progress { done, total, verb }| {
            view! {
                <span class="bulk__progress" role="status" data-testid="bulk-progress">
                    {format!("{verb} {} of {total}…", done + 1)}
                    <progress max=total.to_string() value=done.to_string() />
                </span>
            }
        })
    };
    view! {
        {shown_when(
            move || selected.get() > 0,
            move || {
                view! {
                    <div class="bulk" role="region" aria-label="Bulk actions" data-testid="bulk">
                        <span>{move || format!("{} selected", selected.get())}</span>
                        {progress_view}
                        <button
                            class="button"
                            type="button"
                            data-testid="bulk-activate"
                            disabled=busy
                            on:click=move |_| on_activate.run(())
                        >
                            "Activate"
                        </button>
                        <button
                            class="button button--danger"
                            type="button"
                            data-testid="bulk-deactivate"
                            disabled=busy
                            on:click=move |_| on_deactivate.run(())
                        >
                            "Deactivate…"
                        </button>
                        {on_add_to_workspace
                            .map(|add| {
                                view! {
                                    <button
                                        class="button"
                                        type="button"
                                        data-testid="bulk-add-workspace"
                                        disabled=busy
                                        on:click=move |_| add.run(())
                                    >
                                        "Add to workspace…"
                                    </button>
                                }
                            })}
                        <button class="button" type="button" on:click=move |_| on_clear.run(())>
                            "Clear selection"
                        </button>
                    </div>
                }
            },
        )}
    }
}
