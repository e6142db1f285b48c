//! The users page's state, in small pieces so that each component takes only the pieces it
//! reads and writes (and can be mounted on its own in a test). All are `Copy` handles to
//! signals, cheap to move into closures.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use leptos::prelude::*;

use crate::api::types::User;
use crate::api::{ApiError, ListAnswer};
use crate::logic::row::Outcome;
use crate::logic::table::{changed_since, rows_from, Table};
use crate::logic::user::Actor;
use crate::task::Generations;

/// The list of users as last loaded, and how to load it again.
#[derive(Clone, Copy)]
pub struct UserList {
    /// The last successful load; `None` until the first one.
    pub table: RwSignal<Option<Arc<Table>>>,
    pub loading: RwSignal<bool>,
    /// Why the last load failed, until one succeeds.
    pub error: RwSignal<Option<ApiError>>,
    /// When the last load arrived: epoch ms, and the local time as the page shows it.
    pub loaded_at: RwSignal<Option<(i64, String)>>,
    /// The users that changed since the load before (marked in the table for a moment).
    pub fresh: RwSignal<Arc<HashSet<String>>>,
    /// Counts loads: an answer to an older one than the last installed is dropped.
    pub generation: Generations,
    /// The fingerprint of the answer shown now: a quiet refresh of an unchanged realm skips
    /// the decode.
    pub shown_print: StoredValue<Option<u64>>,
    /// Asks for a fresh load (the Refresh button: at once).
    pub reload: Callback<()>,
    /// Asks for a fresh load in the background: applied once the administrator pauses.
    pub refresh_quietly: Callback<()>,
}

impl UserList {
    /// The loaded user with this id (tracked: a new load is seen).
    pub fn find(&self, id: &str) -> Option<User> {
        self.table.with(|t| find_in(t.as_deref(), id))
    }

    /// The loaded user with this id, without subscribing to later loads (a dialog opened on a
    /// user keeps what it opened with; a reload must not rebuild it and lose what was typed).
    pub fn find_untracked(&self, id: &str) -> Option<User> {
        self.table.with_untracked(|t| find_in(t.as_deref(), id))
    }

    /// Whether `answer` is, byte for byte (by fingerprint), the one shown now.
    pub fn is_shown(&self, answer: &ListAnswer) -> bool {
        self.shown_print.try_get_value().flatten() == Some(answer.fingerprint())
    }

    /// The list shown is the server's as of now (a load arrived, or an unchanged one did).
    pub fn loaded_now(&self) {
        self.error.set(None);
        let now = js_sys::Date::new_0();
        self.loaded_at.set(Some((now.get_time() as i64, now.to_locale_time_string("default").into())));
    }

    /// Shows a new answer of the whole list: the server's truth, so what actions changed since
    /// the last load is dropped. Rows that changed since that load are marked for a moment.
    /// Every load shows its answer here (Refresh, a quiet refresh, an edit's fresh read).
    ///
    /// # Errors
    /// The answer's decode error; nothing is shown then.
    pub fn show(&self, changes: Changes, answer: ListAnswer) -> Result<(), ApiError> {
        // The fingerprint costs a few ms even at 100,000 users. Taken now, the answer's bytes
        // are freed before the table is built: holding them until idle time raised the wasm
        // memory's high-water mark by 21 MB at 100,000 users, for no faster paint.
        let print = answer.fingerprint();
        let users = answer.decode()?;
        drop(answer);
        self.shown_print.set_value(Some(print));
        // Newer than any load still under way: their answers are dropped when they arrive.
        self.generation.next();
        let table = Arc::new(rows_from(users));
        let before = self.table.get_untracked();
        self.table.set(Some(table.clone()));
        changes.overrides.set(HashMap::new());
        self.loaded_now();
        let fresh = self.fresh;
        // Once the rows are painted and the browser is idle: rank the name sorts, and find
        // what changed (a lookup per user: not worth a frame).
        request_idle_callback(move || {
            table.prepare_name_sorts();
            if let Some(before) = &before {
                let changed = changed_since(before, &table);
                if !changed.is_empty() {
                    fresh.try_set(Arc::new(changed));
                    set_timeout(move || drop(fresh.try_set(Arc::default())), FRESH_MARK);
                }
            }
        });
        Ok(())
    }
}

/// How long a row that changed since the last load stays marked.
const FRESH_MARK: std::time::Duration = std::time::Duration::from_secs(4);

fn find_in(table: Option<&Table>, id: &str) -> Option<User> {
    table.and_then(|t| t.position_of(id).map(|i| t[i].user.clone()))
}

/// A bulk action under way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    /// What is being done: "Activating", "Deactivating", "Adding".
    pub verb: &'static str,
}

/// What actions changed since the last load, and what they are doing now.
#[derive(Clone, Copy)]
pub struct Changes {
    /// `enabled` as changed by actions since the last load (optimistic, then confirmed).
    pub overrides: RwSignal<HashMap<String, bool>>,
    /// Users with an action in flight.
    pub busy: RwSignal<HashSet<String>>,
    /// Per-user outcome of the last bulk action.
    pub outcomes: RwSignal<HashMap<String, Outcome>>,
    pub progress: RwSignal<Option<Progress>>,
}

impl Default for Changes {
    fn default() -> Self {
        Changes {
            overrides: RwSignal::new(HashMap::new()),
            busy: RwSignal::new(HashSet::new()),
            outcomes: RwSignal::new(HashMap::new()),
            progress: RwSignal::new(None),
        }
    }
}

impl Changes {
    /// The shown `enabled` of a user: an action's result when there is one, else the load's.
    pub fn enabled(&self, user: &User) -> bool {
        self.overrides.with(|o| o.get(&user.id).copied()).unwrap_or(user.enabled)
    }

    pub fn enabled_untracked(&self, user: &User) -> bool {
        self.overrides.with_untracked(|o| o.get(&user.id).copied()).unwrap_or(user.enabled)
    }

    /// Shows `enabled` for the user until the next load (what the server now has).
    pub fn set_enabled(&self, id: &str, enabled: bool) {
        self.overrides.update(|o| {
            o.insert(id.to_owned(), enabled);
        });
    }
}

/// The selected users' ids.
pub type Selection = RwSignal<HashSet<String>>;

/// The signed-in administrator: their id and whether they may change users.
#[derive(Clone, Copy)]
pub struct Rights {
    pub me: Memo<Option<String>>,
    pub can_manage: Memo<bool>,
}

impl Rights {
    /// Runs `f` with the administrator as `logic::user` rules take them (tracked).
    pub fn with_actor<T>(&self, f: impl FnOnce(Actor<'_>) -> T) -> T {
        let me = self.me.get();
        f(Actor { can_manage: self.can_manage.get(), me: me.as_deref() })
    }

    /// The same, not subscribing (for an action under way).
    pub fn with_actor_untracked<T>(&self, f: impl FnOnce(Actor<'_>) -> T) -> T {
        let me = self.me.get_untracked();
        f(Actor { can_manage: self.can_manage.get_untracked(), me: me.as_deref() })
    }
}

/// Which dialog is open.
#[derive(Debug, Clone, PartialEq)]
pub enum Dialog {
    None,
    Invite,
    ConfirmDeactivate(Vec<String>),
    Edit(String),
    /// Add these users to a workspace (chosen in the dialog).
    BulkAdd(Vec<String>),
}
