//! One sortable column header, the same in every table: a button (focusable; Enter and Space
//! activate it without extra key handling), `aria-sort` on the cell, and an arrow.

use leptos::prelude::*;

/// `sorted`: `None` when the table is not sorted by this column, else `Some(descending)`; read
/// in the header's own effects, so they follow the sort. A callback rather than a
/// `Signal<Option<bool>>`, whose `get` (for this one type) cost 1.8 KB of wasm.
#[component]
pub fn SortHeader(
    label: &'static str,
    #[prop(into)] test_id: String,
    sorted: Callback<(), Option<bool>>,
    on_sort: Callback<()>,
) -> impl IntoView {
    let aria = move || match sorted.run(()) {
        None => "none",
        Some(false) => "ascending",
        Some(true) => "descending",
    };
    let arrow = move || match sorted.run(()) {
        None => "",
        Some(false) => " ▲",
        Some(true) => " ▼",
    };
    view! {
        <th scope="col" aria-sort=aria>
            <button class="th-sort" type="button" data-testid=test_id on:click=move |_| on_sort.run(())>
                {label}
                <span aria-hidden="true">{arrow}</span>
            </button>
        </th>
    }
}
