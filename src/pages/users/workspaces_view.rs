//! The workspaces view (`?view=workspaces`): every workspace with its owners, member count,
//! models, pipelines, archived and created; sortable, searchable, filterable to those with no
//! active owner; create one (the SDK's name rule checked first); open one to see and change
//! its members.

use leptos::prelude::*;

use super::membership_list::{Item, MembershipList, Picker};
use super::memberships::{MemberChange, MemberRunner};
use super::state::{Changes, UserList};
use crate::api::workspace_types::WorkspaceId;
use crate::components::toasts::{use_toasts, ToastKind};
use crate::components::SortHeader;
use crate::lazy::split_view;
use crate::logic::fold::lower_case;
use crate::logic::format::format_count;
use crate::logic::table::user_choices;
use crate::logic::user::label;
use crate::logic::workspace_view::{shown_rows, unknown_user, ws_rows, WorkspaceQuery, WsColumn, WsRow};
use crate::logic::workspaces::{name_problem, remove_refusal, Members};
use crate::reactive::shown_when;

/// What the view is given: the page's state it shares.
#[derive(Clone, Copy)]
pub struct WorkspacesArgs {
    pub query: RwSignal<WorkspaceQuery>,
    pub list: UserList,
    pub changes: Changes,
    pub runner: MemberRunner,
    pub can_manage: Memo<bool>,
}

split_view!(
    workspaces,
    preload = preload_workspaces_view,
    /// The view, from its own chunk (`crate::lazy`).
    pub fn workspaces_view(args: WorkspacesArgs) {
        let WorkspacesArgs { query, list, changes, runner, can_manage } = args;
        view! { <WorkspacesView query list changes runner can_manage /> }.into_any()
    }
);

/// The view's table and its toolbar; the open workspace's members beside it.
#[component]
fn WorkspacesView(
    query: RwSignal<WorkspaceQuery>,
    list: UserList,
    changes: Changes,
    runner: MemberRunner,
    can_manage: Memo<bool>,
) -> impl IntoView {
    let data = runner.data;
    let rows = Memo::new(move |_| {
        list.table.with(|t| {
            data.memberships.with(|m| {
                let (Some(m), t) = (m.as_ref(), t.as_deref()) else { return Vec::new() };
                let user = |id: &str| t.and_then(|t| t.position_of(id).map(|i| &t[i].user));
                ws_rows(
                    m,
                    |id| user(id).map(|u| label(u).to_owned()),
                    |id| user(id).is_some_and(|u| changes.enabled_untracked(u)),
                )
            })
        })
    });
    let shown = Memo::new(move |_| rows.with(|rows| query.with(|q| shown_rows(rows, q))));
    let sort = Memo::new(move |_| query.with(|q| (q.sort, q.descending)));
    let header = move |column: WsColumn, label: &'static str| {
        view! {
            <SortHeader
                label
                test_id=format!("ws-sort-{}", column.as_str())
                sorted=Callback::new(move |()| sort.with(|&(by, descending)| (by == column).then_some(descending)))
                on_sort=Callback::new(move |_| query.update(|q| q.toggle(column)))
            />
        }
    };
    let body = move || {
        rows.with(|rows| shown.with(|shown| shown.iter().map(|&i| workspace_row(&rows[i], query)).collect_view()))
    };
    let total = move || data.memberships.with(|m| m.as_ref().map_or(0, |m| m.len()));
    view! {
        <section class="workspaces" aria-labelledby="workspaces-title" data-testid="workspaces-view">
            <h1 id="workspaces-title" class="users__title">
                "Workspaces"
            </h1>
            <div class="toolbar">
                <label class="toolbar__search">
                    <span class="visually-hidden">"Search workspaces"</span>
                    <input
                        type="search"
                        placeholder="Search name or owner"
                        data-testid="ws-search"
                        prop:value=move || query.with(|q| q.search.clone())
                        on:input:target=move |ev| query.update(|q| q.search = ev.target().value())
                    />
                </label>
                <label class="toolbar__filter">
                    <input
                        type="checkbox"
                        data-testid="ws-orphans"
                        prop:checked=move || query.with(|q| q.orphans)
                        on:change:target=move |ev| query.update(|q| q.orphans = ev.target().checked())
                    />
                    " No active owner"
                </label>
                <p class="figures" data-testid="ws-figures" aria-live="polite">
                    {move || {
                        format!("{} shown of {} workspaces", format_count(shown.with(Vec::len)), format_count(total()))
                    }}
                </p>
                <span class="toolbar__spacer" />
                {shown_when(move || can_manage.get(), move || view! { <CreateWorkspace runner query /> })}
            </div>
            <div class="table-wrap table-wrap--auto">
                <table class="users-table ws-table" data-testid="workspaces-table">
                    // Fixed widths for the figures; the name and the owners share the rest.
                    <colgroup>
                        <col />
                        <col />
                        <col class="col-count" />
                        <col class="col-count" />
                        <col class="col-count" />
                        <col class="col-status" />
                        <col class="col-date" />
                    </colgroup>
                    <thead>
                        <tr>
                            {header(WsColumn::Name, "Name")} {header(WsColumn::Owners, "Owners")}
                            {header(WsColumn::Members, "Members")} {header(WsColumn::Models, "Models")}
                            {header(WsColumn::Pipelines, "Pipelines")} {header(WsColumn::Archived, "Archived")}
                            {header(WsColumn::Created, "Created")}
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
            {move || {
                query.with(|q| q.open).map(|id| view! { <WorkspaceMembers id query list changes runner can_manage /> })
            }}
        </section>
    }
}

fn workspace_row(row: &WsRow, query: RwSignal<WorkspaceQuery>) -> impl IntoView {
    let id = row.id;
    let owners = if row.owners.is_empty() && row.members.is_some() { "none".to_owned() } else { row.owners.join(", ") };
    let href = WorkspaceQuery { open: Some(id), ..query.get_untracked() }.to_query_string();
    let open = move |ev: leptos::ev::MouseEvent| {
        if !(ev.ctrl_key() || ev.meta_key() || ev.shift_key()) {
            ev.prevent_default();
            query.update(|q| q.open = Some(id));
        }
    };
    view! {
        <tr data-testid="workspace-row" data-workspace-id=id.to_string()>
            <td class="ws-table__name">
                <a href=href title=row.name.clone() data-testid="workspace-link" on:click=open>
                    {row.name.clone()}
                </a>
            </td>
            // The warning first: a long owner's email is cut off at the cell's end, not it.
            <td class="ws-table__owners" title=owners.clone() data-testid="ws-owners">
                {(row.no_active_owner == Some(true))
                    .then(|| {
                        view! {
                            <span class="badge badge--warn" data-testid="no-active-owner">
                                "no active owner"
                            </span>
                        }
                    })}
                {owners.clone()}
            </td>
            <td class="users-table__count" data-testid="ws-members">
                {row.members.map_or_else(|| "…".to_owned(), |n| n.to_string())}
            </td>
            <td class="users-table__count">{row.models}</td>
            <td class="users-table__count">{row.pipelines}</td>
            <td>{row.archived.then(|| view! { <span class="badge badge--off">"archived"</span> })}</td>
            <td title=row.created_at.clone()>{row.created.clone()}</td>
        </tr>
    }
}

/// "New workspace [name] [Create]": the SDK's rule is checked as it is typed; the server's
/// refusal (a name taken meanwhile) stays beside the field.
#[component]
fn CreateWorkspace(runner: MemberRunner, query: RwSignal<WorkspaceQuery>) -> impl IntoView {
    let data = runner.data;
    let name = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let toasts = use_toasts();
    let taken = move |text: &str| {
        data.memberships.with_untracked(|m| {
            name_problem(text, m.iter().flat_map(|m| m.workspaces().iter().map(|w| w.name.as_str())))
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = name.get_untracked().trim().to_owned();
        if let Some(p) = taken(&text) {
            return problem.set(Some(p));
        }
        problem.set(None);
        sending.set(true);
        let api = runner.api.get_value();
        leptos::task::spawn_local(async move {
            match api.create_workspace(&text).await {
                Ok(id) => {
                    name.set(String::new());
                    toasts.show(ToastKind::Success, format!("Created workspace {text}"));
                    // Its row (and its owner, the administrator) come with the reload.
                    data.reload.run(());
                    query.update(|q| q.open = Some(id));
                }
                Err(error) => problem.set(Some(error.to_string())),
            }
            sending.set(false);
        });
    };
    view! {
        <form class="ws-create" on:submit=submit data-testid="ws-create">
            <label>
                <span class="visually-hidden">"New workspace name"</span>
                <input
                    type="text"
                    placeholder="New workspace name"
                    data-testid="ws-name"
                    maxlength="200"
                    aria-invalid=move || problem.with(Option::is_some).to_string()
                    prop:value=move || name.get()
                    on:input:target=move |ev| {
                        let text = ev.target().value();
                        problem.set(if text.trim().is_empty() { None } else { taken(text.trim()) });
                        name.set(text);
                    }
                />
            </label>
            <button
                class="button button--primary"
                type="submit"
                data-testid="ws-create-submit"
                disabled=move || sending.get()
            >
                {move || if sending.get() { "Creating…" } else { "Create workspace" }}
            </button>
            {move || {
                problem
                    .get()
                    .map(|p| {
                        view! {
                            <p class="notice notice--error" role="alert" data-testid="ws-name-problem">
                                {p}
                            </p>
                        }
                    })
            }}
        </form>
    }
}

/// One workspace's members with their roles, and add, make owner, remove.
#[component]
fn WorkspaceMembers(
    id: WorkspaceId,
    query: RwSignal<WorkspaceQuery>,
    list: UserList,
    changes: Changes,
    runner: MemberRunner,
    can_manage: Memo<bool>,
) -> impl IntoView {
    let data = runner.data;
    let name =
        Memo::new(move |_| data.memberships.with(|m| m.as_ref().and_then(|m| m.get(id)).map(|(w, _)| w.name.clone())));
    let items = Memo::new(move |_| {
        data.memberships.with(|m| {
            let (w, members) = m.as_ref()?.get(id)?;
            let Members::Loaded(members) = members else { return None };
            let mut items: Vec<Item> = members
                .iter()
                .map(|(user, role)| {
                    let found = list.find(user);
                    let (title, email) = match &found {
                        Some(u) => (label(u).to_owned(), u.email.clone()),
                        None => (unknown_user(user), None),
                    };
                    let mut badges = Vec::new();
                    match &found {
                        None => badges.push("unknown user"),
                        Some(u) if !changes.enabled(u) => badges.push("inactive"),
                        Some(_) => {}
                    }
                    Item {
                        refusal: remove_refusal(w, members, user, email.as_deref()),
                        change: MemberChange {
                            workspace: id,
                            workspace_name: w.name.clone(),
                            user: user.clone(),
                            user_label: title.clone(),
                            email,
                            want: None,
                        },
                        title,
                        role: *role,
                        badges,
                    }
                })
                .collect();
            crate::logic::order::sort_by_cached_key(&mut items, |i| {
                (i.role != crate::logic::workspaces::Role::Owner, lower_case(&i.title))
            });
            Some(items)
        })
    });
    // Who can be added: users not in it yet, by name.
    let choices = Memo::new(move |_| {
        list.table.with(|t| {
            data.memberships.with(|m| {
                let (Some(t), Some(m)) = (t.as_deref(), m.as_ref()) else { return Vec::new() };
                user_choices(t, |u| !m.is_member(id, &u.id))
            })
        })
    });
    let on_pick = Callback::new(move |(user, user_label, role): (String, String, _)| {
        let email = list.find_untracked(&user).and_then(|u| u.email);
        runner.run(MemberChange {
            workspace: id,
            workspace_name: name.get_untracked().unwrap_or_default(),
            user,
            user_label,
            email,
            want: Some(role),
        });
    });
    let close = move || query.update(|q| q.open = None);
    view! {
        <aside
            class="detail"
            role="dialog"
            aria-modal="false"
            aria-labelledby="ws-detail-title"
            data-testid="workspace-detail"
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    close()
                }
            }
        >
            <div class="detail__head">
                <h2 id="ws-detail-title" class="detail__title" title=move || name.get()>
                    {move || name.get().unwrap_or_else(|| format!("Workspace {id}"))}
                </h2>
                <button class="button button--small" type="button" data-testid="detail-close" on:click=move |_| close()>
                    "Close"
                </button>
            </div>
            {move || {
                data.memberships
                    .with(|m| m.as_ref().is_some_and(|m| m.get(id).is_none()))
                    .then(|| {
                        view! {
                            <p class="notice" role="alert">
                                {format!("No workspace has the id {id}.")}
                            </p>
                        }
                    })
            }}
            <MembershipList items runner can_manage empty="No members." />
            {shown_when(
                move || can_manage.get(),
                move || view! { <Picker label="Add user" list_id="user-choices" choices on_pick /> },
            )}
        </aside>
    }
}
