//! Activating and deactivating users, one or many: each row changes at once (optimistically)
//! and changes back, with the server's reason, if its call fails. The invite and edit dialogs
//! (dialogs.rs) send their one request as Leptos actions; this runner goes down a list.

use leptos::prelude::*;

use super::memberships::WorkspaceData;
use super::state::{Changes, Progress, Rights, Selection, UserList};
use crate::api::types::User;
use crate::api::{ApiClient, ApiError};
use crate::components::toasts::{ToastKind, Toasts};
use crate::context::TabsContext;
use crate::logic::row::Outcome;
use crate::logic::stale::{check_toggle, ToggleCheck};
use crate::logic::user::{label, refusal, Change};
use crate::logic::workspaces::{HandoverStep, Role};
use crate::notice::Notice;

/// Everything the runner reads and writes.
#[derive(Clone, Copy)]
pub struct EnableRunner {
    pub list: UserList,
    pub changes: Changes,
    pub selection: Selection,
    pub rights: Rights,
    pub toasts: Toasts,
    pub api: StoredValue<ApiClient, LocalStorage>,
    /// The panel's other tabs, told what changed.
    pub tabs: Option<TabsContext>,
    /// For the handovers a deactivation makes first.
    pub workspaces: WorkspaceData,
}

impl EnableRunner {
    /// Sets `enabled` on each user in turn. With several users every row reports its own
    /// outcome. One call at a time, so a failure in the middle leaves each row as the server
    /// has it. If the session ends, the rest are not attempted and say so.
    pub fn run(self, ids: Vec<String>, enabled: bool) {
        self.run_with(ids, enabled, Vec::new());
    }

    /// Deactivates `ids`, each after the handovers of the workspaces they alone own (`steps`,
    /// made in order, each reported). A handover that fails stops that user's deactivation,
    /// saying which step failed; the others go on.
    pub fn deactivate(self, ids: Vec<String>, steps: Vec<HandoverStep>) {
        self.run_with(ids, false, steps);
    }

    fn run_with(self, ids: Vec<String>, enabled: bool, steps: Vec<HandoverStep>) {
        let EnableRunner { list, changes, selection, rights, toasts, api, tabs, workspaces } = self;
        let api = api.get_value();
        let bulk = ids.len() > 1;
        changes.outcomes.update(|o| o.retain(|id, _| !ids.contains(id)));
        let total = ids.len();
        let change = Change::set_enabled(enabled);
        leptos::task::spawn_local(async move {
            let mut tally = Tally::default();
            let mut touched = Vec::new();
            let (mut stopped, mut uncertain) = (false, false);
            for (n, id) in ids.into_iter().enumerate() {
                if bulk {
                    changes.progress.set(Some(Progress {
                        done: n,
                        total,
                        verb: if enabled { "Activating" } else { "Deactivating" },
                    }));
                }
                let Some(user) = list.find_untracked(&id) else { continue };
                let refused = rights.with_actor_untracked(|actor| refusal(actor, &user, change));
                let outcome = if stopped {
                    Outcome::Failed("not attempted: the session ended".into())
                } else if changes.enabled_untracked(&user) == enabled {
                    Outcome::Unchanged(if enabled { "already active" } else { "already inactive" }.into())
                } else if let Some(reason) = refused {
                    Outcome::Failed(reason.into())
                } else {
                    changes.busy.update(|b| {
                        b.insert(id.clone());
                    });
                    let result = match hand_over(&api, workspaces, toasts, &steps, &id).await {
                        Ok(None) => set_enabled_checked(&api, changes, &user, enabled).await,
                        Ok(Some(failed)) => Ok(failed),
                        Err(error) => Err(error),
                    };
                    changes.busy.update(|b| {
                        b.remove(&id);
                    });
                    result.unwrap_or_else(|error| {
                        stopped = error.needs_sign_in();
                        // No answer: the change may have been made or not. The list is
                        // reloaded after the run, so the rows show what the server has.
                        uncertain |= error.outcome_unknown();
                        Outcome::Failed(error.to_string())
                    })
                };
                let name = label(&user);
                tally.count(&outcome);
                if outcome == Outcome::Done || uncertain {
                    touched.push(id.clone());
                }
                if bulk {
                    changes.outcomes.update(|o| {
                        o.insert(id.clone(), outcome);
                    });
                } else {
                    match outcome {
                        Outcome::Done => {
                            let verb = if enabled { "Activated" } else { "Deactivated" };
                            toasts.show(ToastKind::Success, format!("{verb} {name}"));
                        }
                        Outcome::Unchanged(reason) => toasts.show(ToastKind::Info, format!("{name}: {reason}")),
                        Outcome::Failed(reason) => toasts.show(ToastKind::Error, format!("{name}: {reason}")),
                    }
                }
            }
            if bulk {
                let kind = if tally.failed == 0 { ToastKind::Success } else { ToastKind::Error };
                toasts.show(kind, tally.summary(enabled));
                selection.set(Default::default());
                changes.progress.set(None);
            }
            if !touched.is_empty() {
                if let Some(tabs) = tabs {
                    tabs.post(&Notice::changed(touched));
                }
            }
            if uncertain {
                list.reload.run(());
            }
        });
    }
}

/// Makes each handover of `owner` (`steps`) in turn, reporting each. `Ok(None)` when all are
/// made, so the deactivation may go ahead; `Ok(Some(outcome))` naming the step that was
/// refused, or the error of the one that failed: then the user is not deactivated.
async fn hand_over(
    api: &ApiClient,
    workspaces: WorkspaceData,
    toasts: Toasts,
    steps: &[HandoverStep],
    owner: &str,
) -> Result<Option<Outcome>, ApiError> {
    for step in steps.iter().filter(|s| s.owner == owner) {
        let made = workspaces.change(api, step.workspace, &step.new_owner, None, Some(Role::Owner)).await;
        let what = format!("making {} owner of {}", step.new_owner_label, step.name);
        match made {
            Ok(Outcome::Done) => {
                toasts.show(ToastKind::Success, format!("Made {} owner of {}", step.new_owner_label, step.name))
            }
            Ok(Outcome::Unchanged(_)) => {
                toasts.show(ToastKind::Info, format!("{} was already owner of {}", step.new_owner_label, step.name))
            }
            Ok(Outcome::Failed(reason)) => {
                return Ok(Some(Outcome::Failed(format!("not deactivated: {what} was refused ({reason})"))))
            }
            Err(error) if error.needs_sign_in() => return Err(error),
            Err(error) => return Ok(Some(Outcome::Failed(format!("not deactivated: {what} failed ({error})")))),
        }
    }
    Ok(None)
}

/// Sends one activation or deactivation, but only after reading the user as the server has
/// them now (`users/query` by id): a user someone else already (de)activated, or removed, is
/// reported as such, and the row then shows the server's state. The row changes at once
/// (optimistically) and back if the call fails.
async fn set_enabled_checked(
    api: &ApiClient,
    changes: Changes,
    user: &User,
    enabled: bool,
) -> Result<Outcome, ApiError> {
    let current = api.query_ids(vec![user.id.clone()]).await?.into_iter().find(|u| u.id == user.id);
    let check = check_toggle(current.as_ref().map(|u| u.enabled), enabled);
    if let Some(reason) = check.reason(enabled) {
        if let Some(current) = current {
            changes.set_enabled(&user.id, current.enabled);
        }
        return Ok(if check == ToggleCheck::Gone {
            Outcome::Failed(reason.into())
        } else {
            Outcome::Unchanged(reason.into())
        });
    }
    // `refusal` has checked that the user has an email; the current one is the address now.
    let email = current.and_then(|u| u.email).or_else(|| user.email.clone()).unwrap_or_default();
    let before = changes.overrides.with_untracked(|o| o.get(&user.id).copied());
    changes.set_enabled(&user.id, enabled);
    let result = if enabled { api.activate(&email).await } else { api.deactivate(&email).await };
    match &result {
        // Again: a list installed meanwhile (an edit's fresh read) may predate this change.
        Ok(()) => changes.set_enabled(&user.id, enabled),
        // Back to what the server has.
        Err(_) => changes.overrides.update(|o| match before {
            Some(value) => {
                o.insert(user.id.clone(), value);
            }
            None => {
                o.remove(&user.id);
            }
        }),
    }
    result.map(|()| Outcome::Done)
}

/// What a bulk run did, for its closing toast.
#[derive(Default)]
struct Tally {
    done: usize,
    unchanged: usize,
    failed: usize,
}

impl Tally {
    fn count(&mut self, outcome: &Outcome) {
        match outcome {
            Outcome::Done => self.done += 1,
            Outcome::Unchanged(_) => self.unchanged += 1,
            Outcome::Failed(_) => self.failed += 1,
        }
    }

    /// "3 deactivated, 1 already inactive, 1 failed (see the rows)".
    fn summary(&self, enabled: bool) -> String {
        let verb = if enabled { "activated" } else { "deactivated" };
        let mut text = format!("{} {verb}", self.done);
        if self.unchanged > 0 {
            let state = if enabled { "active" } else { "inactive" };
            text.push_str(&format!(", {} already {state}", self.unchanged));
        }
        if self.failed > 0 {
            text.push_str(&format!(", {} failed (see the rows)", self.failed));
        }
        text
    }
}
