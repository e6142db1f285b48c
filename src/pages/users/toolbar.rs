//! Above the table: search, filters, counts, refresh, export, invite, and the bulk actions.

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::actions::set_enabled_many;
use super::{Dialog, UsersState};
use crate::logic::csv::to_csv;
use crate::logic::query::{Only, ViewQuery};
use crate::logic::table::{format_count, Counts};

fn only_value(only: Only, yes: &'static str, no: &'static str) -> &'static str {
    match only {
        Only::Any => "",
        Only::Yes => yes,
        Only::No => no,
    }
}

fn only_from(value: &str, yes: &str) -> Only {
    match value {
        "" => Only::Any,
        v if v == yes => Only::Yes,
        _ => Only::No,
    }
}

/// The select value of a three-way filter.
fn only_signal(
    query: RwSignal<ViewQuery>,
    get: fn(&ViewQuery) -> Only,
    yes: &'static str,
    no: &'static str,
) -> Signal<String> {
    Signal::derive(move || query.with(|q| only_value(get(q), yes, no)).to_owned())
}

/// One labelled filter: a select over `options` (`(value, text)`, the first meaning "any").
#[component]
fn FilterSelect(
    label: &'static str,
    test_id: &'static str,
    options: &'static [(&'static str, &'static str)],
    value: Signal<String>,
    on_change: Callback<String>,
) -> impl IntoView {
    view! {
        <label class="toolbar__filter">
            {label}" "
            <select data-testid=test_id prop:value=move || value.get() on:change:target=move |ev| on_change.run(ev.target().value())>
                {options.iter().map(|&(v, text)| view! { <option value=v>{text}</option> }).collect_view()}
            </select>
        </label>
    }
}

/// Offers `text` as a download named `name` (a Blob URL, so the CSP needs nothing extra).
fn download(name: &str, text: &str) -> Option<()> {
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

/// Search, filters, figures and page-wide actions.
#[component]
pub fn Toolbar(state: UsersState, figures: Memo<Counts>, shown: Memo<Arc<Vec<u32>>>) -> impl IntoView {
    let query = state.query;
    let export = move |_| {
        let csv = state.rows.with(|rows| {
            rows.as_ref().map(|rows| shown.with(|shown| to_csv(shown.iter().map(|&i| &rows[i as usize]))))
        });
        if let Some(csv) = csv {
            // A BOM, so spreadsheet programs read the UTF-8 names right.
            download("wallaroo-users.csv", &format!("\u{feff}{csv}"));
        }
    };
    let selected_count = Memo::new(move |_| state.selected.with(|s| s.len()));
    let progress = move || {
        state.progress.get().map(|(done, total, activating)| {
            let verb = if activating { "Activating" } else { "Deactivating" };
            view! {
                <span class="bulk__progress" role="status" data-testid="bulk-progress">
                    {format!("{verb} {} of {total}…", done + 1)}
                    <progress max=total.to_string() value=done.to_string()></progress>
                </span>
            }
        })
    };
    let manage_hint = move || (!state.can_manage.get()).then_some("Your account lacks the manage-users role");
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
            <FilterSelect label="Status" test_id="filter-status" options=&[("", "Any"), ("active", "Active"), ("inactive", "Inactive")]
                value=only_signal(query, |q| q.active, "active", "inactive")
                on_change=Callback::new(move |v: String| query.update(|q| q.active = only_from(&v, "active"))) />
            <FilterSelect label="Type" test_id="filter-type" options=&[("", "Any"), ("admin", "Admin"), ("user", "User")]
                value=only_signal(query, |q| q.admin, "admin", "user")
                on_change=Callback::new(move |v: String| query.update(|q| q.admin = only_from(&v, "admin"))) />
            <FilterSelect label="Email" test_id="filter-verified" options=&[("", "Any"), ("yes", "Verified"), ("no", "Unverified")]
                value=only_signal(query, |q| q.verified, "yes", "no")
                on_change=Callback::new(move |v: String| query.update(|q| q.verified = only_from(&v, "yes"))) />
            <FilterSelect label="No login in" test_id="filter-idle"
                options=&[("", "any time"), ("30", "30 days"), ("90", "90 days"), ("180", "180 days"), ("365", "a year")]
                value=Signal::derive(move || query.with(|q| q.idle_days.map(|d| d.to_string()).unwrap_or_default()))
                on_change=Callback::new(move |v: String| query.update(|q| q.idle_days = v.parse().ok())) />
            <button class="button" type="button" data-testid="clear-filters" disabled=move || !query.with(|q| q.is_filtered())
                on:click=move |_| query.update(|q| { q.search.clear(); q.active = Only::Any; q.admin = Only::Any; q.verified = Only::Any; q.idle_days = None; })>
                "Clear"
            </button>
        </div>
        <div class="toolbar toolbar--second">
            <p class="figures" data-testid="figures" aria-live="polite">
                <span data-testid="count-shown">{move || format_count(figures.get().shown)}</span>" shown of "
                <span data-testid="count-all">{move || format_count(figures.get().all)}</span>" users · "
                <span data-testid="count-active">{move || format_count(figures.get().active)}</span>" active (licence seats)"
            </p>
            <span class="toolbar__spacer"></span>
            <button class="button" type="button" data-testid="refresh" on:click=move |_| state.reload.run(()) disabled=move || state.loading.get()>
                "Refresh"
            </button>
            <span class="toolbar__loaded-at" data-testid="loaded-at" data-loaded-ms=move || state.loaded_at.get().map(|(ms, _)| ms.to_string())>
                {move || state.loaded_at.get().map(|(_, t)| format!("Loaded at {t}")).unwrap_or_default()}
            </span>
            <button class="button" type="button" data-testid="export" on:click=export disabled=move || figures.get().shown == 0>
                "Export CSV"
            </button>
            <button class="button button--primary" type="button" data-testid="invite" title=manage_hint
                disabled=move || !state.can_manage.get() on:click=move |_| state.dialog.set(Dialog::Invite)>
                "Invite user"
            </button>
        </div>
        <Show when=move || { selected_count.get() > 0 }>
            <div class="bulk" role="region" aria-label="Bulk actions" data-testid="bulk">
                <span>{move || format!("{} selected", selected_count.get())}</span>
                {progress}
                <button class="button" type="button" data-testid="bulk-activate" disabled=move || !state.can_manage.get() || state.progress.get().is_some()
                    on:click=move |_| set_enabled_many(state, state.selected_in_order(shown), true)>
                    "Activate"
                </button>
                <button class="button button--danger" type="button" data-testid="bulk-deactivate" disabled=move || !state.can_manage.get() || state.progress.get().is_some()
                    on:click=move |_| state.dialog.set(Dialog::ConfirmDeactivate(state.selected_in_order(shown)))>
                    "Deactivate…"
                </button>
                <button class="button" type="button" on:click=move |_| state.selected.set(Default::default())>"Clear selection"</button>
            </div>
        </Show>
    }
}
