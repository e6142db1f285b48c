//! Lists of memberships with their controls, the same in both places they appear: a user's
//! workspaces (user detail) and a workspace's members (workspaces view). Each item offers make
//! owner and remove (confirmed, refused with the SDK's reasons); a picker adds one more.

use leptos::prelude::*;

use super::memberships::{MemberChange, MemberRunner};
use crate::api::workspace_types::WorkspaceId;
use crate::logic::workspaces::Role;
use crate::reactive::either_when;

/// One membership as a list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// What the change does, to whom, where.
    pub change: MemberChange,
    /// The item's text: the workspace's name in a user's list, the user's in a workspace's.
    pub title: String,
    pub role: Role,
    /// Small words beside the title ("default", "archived", "inactive", "unknown user").
    pub badges: Vec<&'static str>,
    /// Why the member cannot be removed, if they cannot.
    pub refusal: Option<&'static str>,
}

/// The items, and what to say when there are none (`None`: still loading).
#[component]
pub fn MembershipList(
    items: Memo<Option<Vec<Item>>>,
    runner: MemberRunner,
    can_manage: Memo<bool>,
    empty: &'static str,
) -> impl IntoView {
    // The removal waiting for its confirmation: (workspace, user).
    let confirming = RwSignal::new(None::<(WorkspaceId, String)>);
    let no_rights = move || (!can_manage.get()).then_some("Your account lacks the manage-users role");
    move || {
        let Some(list) = items.get() else {
            return view! { <p aria-busy="true">"Loading…"</p> }.into_any();
        };
        if list.is_empty() {
            return view! { <p data-testid="no-memberships">{empty}</p> }.into_any();
        }
        let rows = list
            .into_iter()
            .map(|item| {
                let Item { change, title, role, badges, refusal } = item;
                let key = (change.workspace, change.user.clone());
                let busy = {
                    let (id, user) = key.clone();
                    Memo::new(move |_| runner.is_busy(id, &user))
                };
                let run = move |want: Option<Role>| {
                    let change = MemberChange { want, ..change.clone() };
                    move |_| {
                        confirming.set(None);
                        runner.run(change.clone());
                    }
                };
                let remove_title = move || no_rights().or(refusal);
                let confirm_text = format!("Remove {}?", title);
                let asking = {
                    let key = key.clone();
                    move || confirming.with(|c| c.as_ref() == Some(&key))
                };
                let promote = (role == Role::Collaborator).then(|| {
                    view! {
                        <button
                            class="button button--small"
                            type="button"
                            data-testid="make-owner"
                            title=no_rights
                            disabled=move || no_rights().is_some() || busy.get()
                            on:click=run(Some(Role::Owner))
                        >
                            "Make owner"
                        </button>
                    }
                });
                let ask = move |_| confirming.set(Some(key.clone()));
                view! {
                    <li class="memberships__item" data-testid="membership" data-member=title.clone()>
                        <span class="memberships__name" title=title.clone()>
                            {title.clone()}
                        </span>
                        {badges.into_iter().map(|b| view! { <span class="badge">{b}</span> }).collect_view()}
                        <span class="badge" class:badge--admin=role == Role::Owner data-testid="membership-role">
                            {role.label()}
                        </span>
                        <span class="memberships__actions">
                            {promote}
                            {either_when(
                                asking,
                                move || {
                                    view! {
                                        <span class="memberships__confirm" role="group" aria-label=confirm_text.clone()>
                                            {confirm_text.clone()}
                                            <button
                                                class="button button--small button--danger"
                                                type="button"
                                                data-testid="confirm-remove"
                                                on:click=run(None)
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
                                    }
                                },
                                move || {
                                    view! {
                                        <button
                                            class="button button--small button--danger"
                                            type="button"
                                            data-testid="remove-member"
                                            title=remove_title
                                            disabled=move || remove_title().is_some() || busy.get()
                                            on:click=ask.clone()
                                        >
                                            "Remove…"
                                        </button>
                                    }
                                },
                            )}
                        </span>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="memberships">{rows}</ul> }.into_any()
    }
}

/// "<label> [picker] as [collaborator|owner] [Add]": a text field with `choices` (key, name) as
/// suggestions, so one of hundreds is found by typing. Only a name from the list is accepted.
#[component]
pub fn Picker(
    label: &'static str,
    /// The `<datalist>` id, unique on the page.
    list_id: &'static str,
    choices: Memo<Vec<(String, String)>>,
    on_pick: Callback<(String, String, Role)>,
) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Collaborator);
    let problem = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = typed.get_untracked();
        let text = text.trim();
        let found = choices.with_untracked(|list| list.iter().find(|(_, n)| n.eq_ignore_ascii_case(text)).cloned());
        match found {
            Some((key, name)) => {
                problem.set(None);
                typed.set(String::new());
                on_pick.run((key, name, role.get_untracked()));
            }
            None if text.is_empty() => problem.set(Some("Type a name, then pick it from the list.".into())),
            None => problem
                .set(Some(format!("\u{201c}{text}\u{201d} is not one of the names offered; pick one from the list."))),
        }
    };
    view! {
        <form class="memberships__add" on:submit=submit data-testid="picker">
            <label>
                {label} " "
                <input
                    type="text"
                    list=list_id
                    autocomplete="off"
                    data-testid="picker-input"
                    placeholder="Type to search"
                    prop:value=move || typed.get()
                    on:input:target=move |ev| typed.set(ev.target().value())
                />
            </label>
            <datalist id=list_id>
                {move || choices.get().into_iter().map(|(_, name)| view! { <option value=name /> }).collect_view()}
            </datalist>
            <label>
                " as "
                <select
                    data-testid="picker-role"
                    on:change:target=move |ev| {
                        role.set(if ev.target().value() == "owner" { Role::Owner } else { Role::Collaborator })
                    }
                >
                    <option value="collaborator">"collaborator"</option>
                    <option value="owner">"owner"</option>
                </select>
            </label>
            <button class="button button--small" type="submit" data-testid="picker-add">
                "Add"
            </button>
            {move || {
                problem
                    .get()
                    .map(|p| {
                        view! {
                            <p class="notice notice--error" role="alert" data-testid="picker-problem">
                                {p}
                            </p>
                        }
                    })
            }}
        </form>
    }
}
