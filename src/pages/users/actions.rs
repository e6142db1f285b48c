//! Activating and deactivating users, one or many: each row changes at once (optimistically)
//! and changes back, with the server's reason, if its call fails. The invite and edit dialogs
//! (dialogs.rs) send their one request as Leptos actions; this runner goes down a list.

use leptos::prelude::*;

use super::state::{Changes, Progress, Rights, Selection, UserList};
use crate::api::ApiClient;
use crate::components::toasts::{ToastKind, Toasts};
use crate::logic::user::{label, refusal, Actor, Change};

/// Everything the runner reads and writes.
#[derive(Clone, Copy)]
pub struct EnableRunner {
    pub list: UserList,
    pub changes: Changes,
    pub selection: Selection,
    pub rights: Rights,
    pub toasts: Toasts,
    pub api: StoredValue<ApiClient, LocalStorage>,
}

impl EnableRunner {
    /// Sets `enabled` on each user in turn. With several users every row reports its own
    /// outcome. One call at a time, so a failure in the middle leaves each row as the server
    /// has it. If the session ends, the rest are not attempted and say so.
    pub fn run(self, ids: Vec<String>, enabled: bool) {
        let EnableRunner { list, changes, selection, rights, toasts, api } = self;
        let api = api.get_value();
        let bulk = ids.len() > 1;
        changes.outcomes.update(|o| o.retain(|id, _| !ids.contains(id)));
        let total = ids.len();
        let change = Change::set_enabled(enabled);
        leptos::task::spawn_local(async move {
            let (mut done, mut failed) = (0usize, 0usize);
            let (mut stopped, mut uncertain) = (false, false);
            for (n, id) in ids.into_iter().enumerate() {
                if bulk {
                    changes.progress.set(Some(Progress { done: n, total, activating: enabled }));
                }
                let Some(user) = list
                    .table
                    .with_untracked(|t| t.as_ref().and_then(|t| t.position_of(&id).map(|i| t[i].user.clone())))
                else {
                    continue;
                };
                let me = rights.me.get_untracked();
                let actor = Actor { can_manage: rights.can_manage.get_untracked(), me: me.as_deref() };
                let outcome: Result<(), String> = if stopped {
                    Err("not attempted: the session ended".into())
                } else if changes.overrides.with_untracked(|o| o.get(&id).copied()).unwrap_or(user.enabled) == enabled {
                    Ok(()) // already so
                } else if let Some(reason) = refusal(actor, &user, change) {
                    Err(reason.into())
                } else {
                    // `refusal` has checked that the user has an email.
                    let email = user.email.clone().unwrap_or_default();
                    let before = changes.overrides.with_untracked(|o| o.get(&id).copied());
                    changes.busy.update(|b| {
                        b.insert(id.clone());
                    });
                    changes.overrides.update(|o| {
                        o.insert(id.clone(), enabled);
                    });
                    let result = if enabled { api.activate(&email).await } else { api.deactivate(&email).await };
                    changes.busy.update(|b| {
                        b.remove(&id);
                    });
                    result.map_err(|error| {
                        // Back to what the server has.
                        changes.overrides.update(|o| match before {
                            Some(value) => {
                                o.insert(id.clone(), value);
                            }
                            None => {
                                o.remove(&id);
                            }
                        });
                        stopped = error.needs_sign_in();
                        // No answer: the change may have been made or not. The list is
                        // reloaded after the run, so the rows show what the server has.
                        uncertain |= error.outcome_unknown();
                        error.to_string()
                    })
                };
                let name = label(&user);
                match &outcome {
                    Ok(()) => done += 1,
                    Err(reason) if !bulk => toasts.show(ToastKind::Error, format!("{name}: {reason}")),
                    Err(_) => failed += 1,
                }
                if bulk {
                    changes.outcomes.update(|o| {
                        o.insert(id.clone(), outcome);
                    });
                } else if done == 1 {
                    let verb = if enabled { "Activated" } else { "Deactivated" };
                    toasts.show(ToastKind::Success, format!("{verb} {name}"));
                }
            }
            if bulk {
                let verb = if enabled { "activated" } else { "deactivated" };
                let kind = if failed == 0 { ToastKind::Success } else { ToastKind::Error };
                let tail = if failed == 0 { String::new() } else { format!(", {failed} failed (see the rows)") };
                toasts.show(kind, format!("{done} {verb}{tail}"));
                selection.set(Default::default());
                changes.progress.set(None);
            }
            if uncertain {
                list.reload.run(());
            }
        });
    }
}
