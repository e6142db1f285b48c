//! Workspace memberships in the page: loaded after the users are painted (`workspaces/list`,
//! then `list_users` per workspace, a few at a time), and changed one member at a time with a
//! fresh read of the workspace right before each change, so nothing is sent from a stale view.

use leptos::prelude::*;

use crate::api::workspace_types::{MemberRequest, WorkspaceId};
use crate::api::{ApiClient, ApiError};
use crate::browser::now_ms;
use crate::logic::row::Outcome;
use crate::logic::workspaces::{check_member_change, members_from, MemberCheck, Members, Memberships, Role};
use crate::task::Generations;

/// How many `list_users` calls are out at once. A browser opens only six connections per host
/// over HTTP/1.1, but the calls beyond six wait in its network queue, so each connection sends
/// the next call as soon as an answer ends instead of waiting for this page's main thread to
/// read the answer and ask again. Measured at 10,000 users and 519 workspaces (`make bench`,
/// paint → filled in, through Playwright / in a browser without devtools' network tracking):
/// 6 → 1.6–2.6 s / 1.1 s; 24 → 1.4–1.6 s / 0.95–1.0 s; 36 no better than 24 (the main
/// thread is then the limit). An administrator's change made meanwhile waits behind at most
/// 18 queued calls: three rounds of 6–15 ms (estimated from those figures, not measured), and
/// only while the memberships load; over HTTP/2 nothing queues.
const IN_FLIGHT: usize = 24;

/// Answers that arrive within this many ms of each other are shown together: one rebuild of
/// the per-user index and one redraw of the rows, not one per workspace.
const BATCH_MS: f64 = 250.0;

/// The page's memberships and how to load them again.
#[derive(Clone, Copy)]
pub struct WorkspaceData {
    /// `None` until the workspace list has arrived.
    pub memberships: RwSignal<Option<Memberships>>,
    /// Why the workspace list could not be loaded, until it can.
    pub error: RwSignal<Option<ApiError>>,
    /// Counts loads: the answers of an older one are dropped.
    generation: Generations,
    /// Loads the list and every workspace's members again.
    pub reload: Callback<()>,
    /// Loads again the members of the workspaces that failed.
    pub retry_failed: Callback<()>,
}

impl WorkspaceData {
    pub fn new(api: StoredValue<ApiClient, LocalStorage>) -> WorkspaceData {
        let mut data = WorkspaceData {
            memberships: RwSignal::new(None),
            error: RwSignal::new(None),
            generation: Generations::new(),
            reload: Callback::new(|_| {}),
            retry_failed: Callback::new(|_| {}),
        };
        let this = data;
        data.reload = Callback::new(move |_| {
            let mine = this.generation.next();
            let api = api.get_value();
            leptos::task::spawn_local(async move {
                let workspaces = match api.workspaces().await {
                    Ok(list) => list,
                    Err(error) => {
                        if this.generation.is_current(mine) {
                            this.error.set(Some(error));
                        }
                        return;
                    }
                };
                if !this.generation.is_current(mine) {
                    return;
                }
                this.error.set(None);
                let ids: Vec<WorkspaceId> = workspaces.iter().map(|w| w.id).collect();
                let fresh = Memberships::new(workspaces);
                // The first load fills the column in as answers come; a later one is built
                // aside and shown whole, so the counts never drop back to "…" meanwhile.
                let first = this.memberships.with_untracked(Option::is_none);
                if first {
                    this.memberships.set(Some(fresh));
                    this.fetch(&api, mine, ids, None).await;
                } else {
                    this.fetch(&api, mine, ids, Some(fresh)).await;
                }
            });
        });
        data.retry_failed = Callback::new(move |_| {
            let ids: Vec<WorkspaceId> = this.memberships.with_untracked(|m| {
                m.as_ref().map_or_else(Vec::new, |m| m.failures().iter().map(|(w, _)| w.id).collect())
            });
            if ids.is_empty() {
                return;
            }
            this.memberships.update(|m| {
                if let Some(m) = m {
                    m.apply(ids.iter().map(|&id| (id, Members::Loading)));
                }
            });
            let mine = this.generation.latest();
            let api = api.get_value();
            leptos::task::spawn_local(async move { this.fetch(&api, mine, ids, None).await });
        });
        data
    }

    /// Loads the members of `ids`, [`IN_FLIGHT`] at a time, into the shown memberships (or,
    /// with `aside`, into those, shown once all have answered). A failed workspace keeps its
    /// reason and does not stop the others.
    async fn fetch(self, api: &ApiClient, generation: u64, ids: Vec<WorkspaceId>, aside: Option<Memberships>) {
        use std::cell::{Cell, RefCell};
        // Workers taking the next id from one queue (rather than a stream combinator: the same
        // at four in flight, for less code in the wasm).
        let queue = RefCell::new(ids.into_iter());
        let batch = RefCell::new(Vec::new());
        let last_shown = Cell::new(now_ms());
        let live = aside.is_none();
        let worker = || async {
            loop {
                let Some(id) = queue.borrow_mut().next() else { return };
                let members = match api.members(id).await {
                    Ok(list) => Members::Loaded(members_from(list)),
                    Err(error) => Members::Failed(error.to_string()),
                };
                if !self.generation.is_current(generation) {
                    return;
                }
                batch.borrow_mut().push((id, members));
                if live && now_ms() - last_shown.get() >= BATCH_MS {
                    self.install(batch.take());
                    last_shown.set(now_ms());
                }
            }
        };
        // All the workers to their end. By hand rather than futures' `join_all`, whose path for
        // long lists (a `FuturesOrdered`) is compiled in though IN_FLIGHT never takes it.
        let mut workers: Vec<_> = (0..IN_FLIGHT).map(|_| Box::pin(worker())).collect();
        std::future::poll_fn(|cx| {
            workers.retain_mut(|w| std::future::Future::poll(w.as_mut(), cx).is_pending());
            if workers.is_empty() {
                std::task::Poll::Ready(())
            } else {
                std::task::Poll::Pending
            }
        })
        .await;
        if !self.generation.is_current(generation) {
            return;
        }
        match aside {
            Some(mut fresh) => {
                fresh.apply(batch.take());
                self.memberships.set(Some(fresh));
            }
            None => self.install(batch.take()),
        }
    }

    fn install(&self, batch: Vec<(WorkspaceId, Members)>) {
        if batch.is_empty() {
            return;
        }
        self.memberships.update(|m| {
            if let Some(m) = m {
                m.apply(batch);
            }
        });
    }

    /// Shows the members the server has now for one workspace.
    fn install_members(&self, id: WorkspaceId, members: Members) {
        self.install(vec![(id, members)]);
    }

    /// Gives `user` the role `want` in a workspace (`None`: removes them). The row changes at
    /// once; then the workspace's members are read from the server, the change is checked
    /// against them (the SDK's guards; someone may have made it already), sent, and the
    /// members read again, so what is shown is what the server has. A refusal comes back with
    /// the server's reason, and the members shown go back to the server's.
    pub async fn change(
        self,
        api: &ApiClient,
        id: WorkspaceId,
        user: &str,
        email: Option<&str>,
        want: Option<Role>,
    ) -> Result<Outcome, ApiError> {
        let Some((workspace, before)) =
            self.memberships.with_untracked(|m| m.as_ref()?.get(id).map(|(w, m)| (w.clone(), m.clone())))
        else {
            return Ok(Outcome::Failed("this workspace is no longer listed; refresh".into()));
        };
        self.memberships.update(|m| {
            if let Some(m) = m {
                m.set_role(id, user, want);
            }
        });
        let result = async {
            let current = members_from(api.members(id).await?);
            let check = check_member_change(&workspace, &current, user, email, want);
            self.install_members(id, Members::Loaded(current));
            match check {
                MemberCheck::Already(reason) => return Ok(Outcome::Unchanged(reason.into())),
                MemberCheck::Refused(reason) => return Ok(Outcome::Failed(reason.into())),
                MemberCheck::Send => {}
            }
            self.memberships.update(|m| {
                if let Some(m) = m {
                    m.set_role(id, user, want);
                }
            });
            let request = MemberRequest { workspace_id: id, user_id: user.to_owned(), user_type: want.map(Role::wire) };
            match want {
                Some(_) => api.add_member(&request).await?,
                None => {
                    if !api.remove_member(&request).await? {
                        return Ok(Outcome::Unchanged("already not a member".into()));
                    }
                }
            }
            Ok(Outcome::Done)
        }
        .await;
        // The server's members, whatever happened: a refusal or an unknown outcome never
        // leaves the optimistic change on screen.
        match api.members(id).await {
            Ok(list) => self.install_members(id, Members::Loaded(members_from(list))),
            // Not even that answered: back to what was shown before the change.
            Err(_) if result.is_err() => self.install_members(id, before),
            // The change was made; it stays shown as sent.
            Err(_) => {}
        }
        result
    }
}

/// "Members of 2 workspaces could not be loaded: vision-qa (…), fraud (…). Retry": above the
/// table, naming each workspace; the rest of the memberships are shown as usual.
#[component]
pub fn MembershipProblems(data: WorkspaceData) -> impl IntoView {
    let failures = Memo::new(move |_| {
        data.memberships.with(|m| {
            m.as_ref().map_or_else(Vec::new, |m| {
                m.failures().iter().map(|(w, reason)| format!("{} ({reason})", w.name)).collect::<Vec<_>>()
            })
        })
    });
    move || {
        let list_error = data.error.get();
        let failures = failures.get();
        if list_error.is_none() && failures.is_empty() {
            return None;
        }
        let (text, retry) = match list_error {
            Some(error) => (format!("The workspaces could not be loaded: {error}"), data.reload),
            None => (
                format!(
                    "The members of {} could not be loaded: {}.",
                    if failures.len() == 1 {
                        "one workspace".to_owned()
                    } else {
                        format!("{} workspaces", failures.len())
                    },
                    failures.join("; ")
                ),
                data.retry_failed,
            ),
        };
        Some(view! {
            <p class="notice notice--error" role="alert" data-testid="workspace-error">
                {text}
                " "
                <button
                    class="button button--small"
                    type="button"
                    data-testid="workspace-retry"
                    on:click=move |_| retry.run(())
                >
                    "Retry"
                </button>
            </p>
        })
    }
}

/// One membership change to make: who, where, and the names the messages use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberChange {
    pub workspace: WorkspaceId,
    pub workspace_name: String,
    pub user: String,
    /// The name the user goes by (their email, or "unknown user (id)").
    pub user_label: String,
    pub email: Option<String>,
    /// The role to give, or `None` to remove.
    pub want: Option<Role>,
}

impl MemberChange {
    /// "Made ana@x.io owner of fraud", as a toast says it once done.
    pub fn done_text(&self) -> String {
        let (user, ws) = (&self.user_label, &self.workspace_name);
        match self.want {
            Some(Role::Owner) => format!("Made {user} owner of {ws}"),
            Some(Role::Collaborator) => format!("Added {user} to {ws}"),
            None => format!("Removed {user} from {ws}"),
        }
    }
}

/// What runs membership changes from the page: the data, the API, where outcomes are told.
#[derive(Clone, Copy)]
pub struct MemberRunner {
    pub data: WorkspaceData,
    pub api: StoredValue<ApiClient, LocalStorage>,
    pub toasts: crate::components::toasts::Toasts,
    pub tabs: Option<crate::context::TabsContext>,
    /// The (workspace, user) pairs with a change under way: their buttons wait. (A few at
    /// most: a list, not a set.)
    pub busy: RwSignal<Vec<(WorkspaceId, String)>>,
}

impl MemberRunner {
    pub fn new(data: WorkspaceData, api: StoredValue<ApiClient, LocalStorage>) -> MemberRunner {
        MemberRunner {
            data,
            api,
            toasts: crate::components::toasts::use_toasts(),
            tabs: crate::context::use_tabs(),
            busy: RwSignal::new(Default::default()),
        }
    }

    pub fn is_busy(&self, workspace: WorkspaceId, user: &str) -> bool {
        self.busy.with(|b| b.iter().any(|(w, u)| *w == workspace && u == user))
    }

    /// Makes one change (see [`WorkspaceData::change`]) and says how it went.
    pub fn run(self, change: MemberChange) {
        use crate::components::toasts::ToastKind;
        let key = (change.workspace, change.user.clone());
        self.busy.update(|b| b.push(key.clone()));
        let api = self.api.get_value();
        leptos::task::spawn_local(async move {
            let outcome = self
                .data
                .change(&api, change.workspace, &change.user, change.email.as_deref(), change.want)
                .await
                .unwrap_or_else(|error| Outcome::Failed(error.to_string()));
            self.busy.try_update(|b| b.retain(|k| *k != key));
            let who = format!("{} in {}", change.user_label, change.workspace_name);
            match outcome {
                Outcome::Done => {
                    self.toasts.show(ToastKind::Success, change.done_text());
                    if let Some(tabs) = self.tabs {
                        tabs.post(&crate::notice::Notice::changed([change.user.clone()]));
                    }
                }
                Outcome::Unchanged(reason) => self.toasts.show(ToastKind::Info, format!("{who}: {reason}")),
                Outcome::Failed(reason) => self.toasts.show(ToastKind::Error, format!("{who}: {reason}")),
            }
        });
    }
}

impl MemberRunner {
    /// Adds each of `users` (id, name, email) to one workspace with `role`, one at a time,
    /// each row reporting its outcome (`outcomes`), with the progress shown and a closing
    /// count. Each is checked against the workspace's members read right before it.
    pub fn add_many(
        self,
        users: Vec<(String, String, Option<String>)>,
        workspace: WorkspaceId,
        workspace_name: String,
        role: Role,
        changes: super::state::Changes,
        on_done: Callback<()>,
    ) {
        use crate::components::toasts::ToastKind;
        let api = self.api.get_value();
        let total = users.len();
        leptos::task::spawn_local(async move {
            let (mut done, mut unchanged, mut failed) = (0, 0, 0);
            let mut touched = Vec::new();
            for (n, (user, _label, email)) in users.into_iter().enumerate() {
                changes.progress.set(Some(super::state::Progress { done: n, total, verb: "Adding" }));
                let outcome = match self.data.change(&api, workspace, &user, email.as_deref(), Some(role)).await {
                    Ok(outcome) => outcome,
                    Err(error) => Outcome::Failed(error.to_string()),
                };
                match &outcome {
                    Outcome::Done => {
                        done += 1;
                        touched.push(user.clone());
                    }
                    Outcome::Unchanged(_) => unchanged += 1,
                    Outcome::Failed(_) => failed += 1,
                }
                changes.outcomes.update(|o| {
                    o.insert(user, outcome);
                });
            }
            changes.progress.set(None);
            let mut text = format!("{done} added to {workspace_name} as {}", role.label());
            if unchanged > 0 {
                text.push_str(&format!(", {unchanged} already members"));
            }
            if failed > 0 {
                text.push_str(&format!(", {failed} failed (see the rows)"));
            }
            self.toasts.show(if failed == 0 { ToastKind::Success } else { ToastKind::Error }, text);
            if let (Some(tabs), false) = (self.tabs, touched.is_empty()) {
                tabs.post(&crate::notice::Notice::changed(touched));
            }
            on_done.run(());
        });
    }
}
