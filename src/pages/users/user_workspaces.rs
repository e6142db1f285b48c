//! The user detail's workspaces: every membership (workspace, role, archived), with make owner,
//! remove (confirmed, and refused with the SDK's reasons), and add to a workspace through a
//! searchable picker, as collaborator or owner.

use leptos::prelude::*;

use super::memberships::{MemberChange, MemberRunner};
use crate::api::workspace_types::WorkspaceId;
use crate::logic::workspaces::{is_default_of, remove_refusal, Members, Role};

/// One membership row as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Held {
    id: WorkspaceId,
    name: String,
    role: Role,
    archived: bool,
    default: bool,
    /// Why this user cannot be removed here, if they cannot.
    refusal: Option<&'static str>,
}

/// The memberships of one user, and the controls to change them.
#[component]
pub fn UserWorkspaces(
    user: String,
    /// The name messages use for this user.
    label: String,
    email: Option<String>,
    runner: MemberRunner,
    can_manage: Signal<bool>,
) -> impl IntoView {
    let data = runner.data;
    let held = {
        let (user, email) = (user.clone(), email.clone());
        Memo::new(move |_| {
            data.memberships.with(|m| {
                let m = m.as_ref()?;
                let mut list: Vec<Held> = m
                    .of_user(&user)
                    .map(|(w, role)| {
                        let members = match m.get(w.id).map(|(_, members)| members) {
                            Some(Members::Loaded(list)) => list.as_slice(),
                            _ => &[],
                        };
                        Held {
                            id: w.id,
                            name: w.name.clone(),
                            role,
                            archived: w.archived,
                            default: is_default_of(w, email.as_deref()),
                            refusal: remove_refusal(w, members, &user, email.as_deref()),
                        }
                    })
                    .collect();
                list.sort_by_cached_key(|h| (!h.default, h.name.to_lowercase()));
                Some(list)
            })
        })
    };
    // The removal waiting for its confirmation.
    let confirming = RwSignal::new(None::<WorkspaceId>);
    let change = {
        let (user, label, email) = (user.clone(), label.clone(), email.clone());
        move |id: WorkspaceId, name: String, want: Option<Role>| {
            confirming.set(None);
            runner.run(MemberChange {
                workspace: id,
                workspace_name: name,
                user: user.clone(),
                user_label: label.clone(),
                email: email.clone(),
                want,
            });
        }
    };
    let no_rights = move || (!can_manage.get()).then_some("Your account lacks the manage-users role");
    let rows = {
        let (user, change) = (user.clone(), change.clone());
        move || {
            let Some(list) = held.get() else {
                return view! { <p aria-busy="true">"Loading workspaces…"</p> }.into_any();
            };
            if list.is_empty() {
                return view! { <p data-testid="no-workspaces">"In no workspace."</p> }
                .into_any();
            }
            let rows = list
                .into_iter()
                .map(|held| {
                    let Held { id, name, role, archived, default, refusal } = held;
                    let busy = {
                        let user = user.clone();
                        Signal::derive(move || runner.is_busy(id, &user))
                    };
                    let promote = {
                        let (change, name) = (change.clone(), name.clone());
                        move |_| change(id, name.clone(), Some(Role::Owner))
                    };
                    let remove = {
                        let (change, name) = (change.clone(), name.clone());
                        move |_| change(id, name.clone(), None)
                    };
                    let remove_title = move || no_rights().or(refusal);
                    let confirm_text = format!("Remove from {name}?");
                    view! {
                        <li class="memberships__item" data-testid="membership" data-workspace-id=id.to_string()>
                            <span class="memberships__name" title=name.clone()>
                                {name.clone()}
                            </span>
                            {default.then(|| view! { <span class="badge">"default"</span> })}
                            {archived.then(|| view! { <span class="badge badge--off">"archived"</span> })}
                            <span
                                class="badge"
                                class:badge--admin=role == Role::Owner
                                data-testid="membership-role"
                            >
                                {role.label()}
                            </span>
                            <span class="memberships__actions">
                                {(role == Role::Collaborator)
                                    .then(|| {
                                        view! {
                                            <button
                                                class="button button--small"
                                                type="button"
                                                data-testid="make-owner"
                                                title=no_rights
                                                disabled=move || no_rights().is_some() || busy.get()
                                                on:click=promote
                                            >
                                                "Make owner"
                                            </button>
                                        }
                                    })}
                                <Show
                                    when=move || confirming.get() == Some(id)
                                    fallback=move || {
                                        view! {
                                            <button
                                                class="button button--small button--danger"
                                                type="button"
                                                data-testid="remove-member"
                                                title=remove_title
                                                disabled=move || remove_title().is_some() || busy.get()
                                                on:click=move |_| confirming.set(Some(id))
                                            >
                                                "Remove…"
                                            </button>
                                        }
                                    }
                                >
                                    <span class="memberships__confirm" role="group" aria-label=confirm_text.clone()>
                                        {confirm_text.clone()}
                                        <button
                                            class="button button--small button--danger"
                                            type="button"
                                            data-testid="confirm-remove"
                                            on:click=remove.clone()
                                        >
                                            "Remove"
                                        </button>
                                        <button
                                            class="button button--small"
                                            type="button"
                                            on:click=move |_| confirming.set(None)
                                        >
                                            "Cancel"
                                        </button>
                                    </span>
                                </Show>
                            </span>
                        </li>
                    }
                })
                .collect_view();
            view! { <ul class="memberships">{rows}</ul> }.into_any()
        }
    };
    view! {
        <section class="detail__section" aria-labelledby="detail-workspaces" data-testid="user-workspaces">
            <h3 id="detail-workspaces" class="detail__subtitle">
                "Workspaces"
            </h3>
            {rows}
            <Show when=move || can_manage.get()>
                <AddToWorkspace
                    user=user.clone()
                    on_add=Callback::new({
                        let change = change.clone();
                        move |(id, name, role): (WorkspaceId, String, Role)| change(id, name, Some(role))
                    })
                    runner
                />
            </Show>
        </section>
    }
}

/// "Add to workspace [picker] as [collaborator|owner] [Add]": the picker is a text field with
/// the workspaces the user is not in as suggestions (type to search among hundreds).
#[component]
fn AddToWorkspace(user: String, on_add: Callback<(WorkspaceId, String, Role)>, runner: MemberRunner) -> impl IntoView {
    let data = runner.data;
    let choices = {
        let user = user.clone();
        Memo::new(move |_| {
            data.memberships.with(|m| {
                let Some(m) = m else { return Vec::new() };
                let mut list: Vec<(WorkspaceId, String)> = m
                    .workspaces()
                    .iter()
                    .filter(|w| !w.archived && !m.is_member(w.id, &user))
                    .map(|w| (w.id, w.name.clone()))
                    .collect();
                list.sort_by_cached_key(|(_, n)| n.to_lowercase());
                list
            })
        })
    };
    let typed = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Collaborator);
    let problem = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = typed.get_untracked();
        let found =
            choices.with_untracked(|list| list.iter().find(|(_, n)| n.eq_ignore_ascii_case(name.trim())).cloned());
        match found {
            Some((id, name)) => {
                problem.set(None);
                typed.set(String::new());
                on_add.run((id, name, role.get_untracked()));
            }
            None if name.trim().is_empty() => problem.set(Some("Choose a workspace.".into())),
            None => problem.set(Some(format!(
                "No workspace the user is not in yet is named \u{201c}{}\u{201d}; pick one from the list.",
                name.trim()
            ))),
        }
    };
    view! {
        <form class="memberships__add" on:submit=submit data-testid="add-to-workspace">
            <label>
                "Add to workspace "
                <input
                    type="text"
                    list="workspace-choices"
                    autocomplete="off"
                    data-testid="workspace-picker"
                    placeholder="Type to search"
                    prop:value=move || typed.get()
                    on:input:target=move |ev| typed.set(ev.target().value())
                />
            </label>
            <datalist id="workspace-choices">
                {move || { choices.get().into_iter().map(|(_, name)| view! { <option value=name /> }).collect_view() }}
            </datalist>
            <label>
                " as "
                <select
                    data-testid="workspace-role"
                    on:change:target=move |ev| {
                        role.set(if ev.target().value() == "owner" { Role::Owner } else { Role::Collaborator })
                    }
                >
                    <option value="collaborator">"collaborator"</option>
                    <option value="owner">"owner"</option>
                </select>
            </label>
            <button class="button button--small" type="submit" data-testid="add-member">
                "Add"
            </button>
            {move || {
                problem
                    .get()
                    .map(|p| {
                        view! {
                            <p class="notice notice--error" role="alert" data-testid="add-problem">
                                {p}
                            </p>
                        }
                    })
            }}
        </form>
    }
}
