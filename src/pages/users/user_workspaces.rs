//! The user detail's workspaces: every membership (workspace, role, default, archived), with
//! make owner, remove, and add to a workspace (see `membership_list.rs`).

use leptos::prelude::*;

use super::membership_list::{Item, MembershipList, Picker};
use super::memberships::{MemberChange, MemberRunner};
use crate::lazy::split_view;
use crate::logic::fold::lower_case;
use crate::logic::workspaces::{is_default_of, remove_refusal, Members};
use crate::reactive::shown_when;

/// What the user detail gives its workspaces part.
#[derive(Clone)]
pub struct UserWorkspacesArgs {
    pub user: String,
    pub label: String,
    pub email: Option<String>,
    pub runner: MemberRunner,
    pub can_manage: Memo<bool>,
}

split_view!(
    workspaces,
    /// The part, from its own chunk (`crate::lazy`).
    pub fn user_workspaces(args: UserWorkspacesArgs) {
        let UserWorkspacesArgs { user, label, email, runner, can_manage } = args;
        view! { <UserWorkspaces user label email runner can_manage /> }.into_any()
    }
);

/// The memberships of one user, and the controls to change them.
#[component]
fn UserWorkspaces(
    user: String,
    /// The name messages use for this user.
    label: String,
    email: Option<String>,
    runner: MemberRunner,
    can_manage: Memo<bool>,
) -> impl IntoView {
    let data = runner.data;
    let change_for = {
        let (user, label, email) = (user.clone(), label.clone(), email.clone());
        move |workspace, workspace_name: String| MemberChange {
            workspace,
            workspace_name,
            user: user.clone(),
            user_label: label.clone(),
            email: email.clone(),
            want: None,
        }
    };
    let items = {
        let (user, email, change_for) = (user.clone(), email.clone(), change_for.clone());
        Memo::new(move |_| {
            data.memberships.with(|m| {
                let m = m.as_ref()?;
                let mut list: Vec<(bool, Item)> = m
                    .of_user(&user)
                    .map(|(w, role)| {
                        let members = match m.get(w.id).map(|(_, members)| members) {
                            Some(Members::Loaded(list)) => list.as_slice(),
                            _ => &[],
                        };
                        let default = is_default_of(w, email.as_deref());
                        let mut badges = Vec::new();
                        if default {
                            badges.push("default");
                        }
                        if w.archived {
                            badges.push("archived");
                        }
                        let item = Item {
                            change: change_for(w.id, w.name.clone()),
                            title: w.name.clone(),
                            role,
                            badges,
                            refusal: remove_refusal(w, members, &user, email.as_deref()),
                        };
                        (default, item)
                    })
                    .collect();
                // The default workspace first, then by name.
                crate::logic::order::sort_by_cached_key(&mut list, |(default, item)| {
                    (!default, lower_case(&item.title))
                });
                Some(list.into_iter().map(|(_, item)| item).collect())
            })
        })
    };
    let choices = {
        let user = user.clone();
        Memo::new(move |_| {
            data.memberships.with(|m| {
                m.as_ref().map(|m| m.choices(|w| !w.archived && !m.is_member(w.id, &user))).unwrap_or_default()
            })
        })
    };
    let on_pick = Callback::new(move |(key, name, role): (String, String, _)| {
        if let Ok(id) = key.parse() {
            runner.run(MemberChange { want: Some(role), ..change_for(id, name) });
        }
    });
    view! {
        <section class="detail__section" aria-labelledby="detail-workspaces" data-testid="user-workspaces">
            <h3 id="detail-workspaces" class="detail__subtitle">
                "Workspaces"
            </h3>
            <MembershipList items runner can_manage empty="In no workspace." />
            {shown_when(
                move || can_manage.get(),
                move || view! { <Picker label="Add to workspace" list_id="workspace-choices" choices on_pick /> },
            )}
        </section>
    }
}
