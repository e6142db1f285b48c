//! The users page's state, in small pieces so that each component takes only the pieces it
//! reads and writes (and can be mounted on its own in a test). All are `Copy` handles to
//! signals, cheap to move into closures.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use leptos::prelude::*;

use crate::api::types::User;
use crate::api::ApiError;
use crate::logic::table::Table;
use crate::logic::user::Actor;

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
    /// Asks for a fresh load.
    pub reload: Callback<()>,
}

impl UserList {
    /// The loaded user with this id (tracked: a new load is seen).
    pub fn find(&self, id: &str) -> Option<User> {
        self.table.with(|t| t.as_ref().and_then(|t| t.position_of(id).map(|i| t[i].user.clone())))
    }
}

/// A bulk action under way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub activating: bool,
}

/// What actions changed since the last load, and what they are doing now.
#[derive(Clone, Copy)]
pub struct Changes {
    /// `enabled` as changed by actions since the last load (optimistic, then confirmed).
    pub overrides: RwSignal<HashMap<String, bool>>,
    /// Users with an action in flight.
    pub busy: RwSignal<HashSet<String>>,
    /// Per-user outcome of the last bulk action: `Ok(())` or the server's reason.
    pub outcomes: RwSignal<HashMap<String, Result<(), String>>>,
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
}

/// The selected users' ids.
pub type Selection = RwSignal<HashSet<String>>;

/// The signed-in administrator: their id and whether they may change users.
#[derive(Clone, Copy)]
pub struct Rights {
    pub me: Signal<Option<String>>,
    pub can_manage: Signal<bool>,
}

impl Rights {
    /// Runs `f` with the administrator as `logic::user` rules take them (tracked).
    pub fn with_actor<T>(&self, f: impl FnOnce(Actor<'_>) -> T) -> T {
        let me = self.me.get();
        f(Actor { can_manage: self.can_manage.get(), me: me.as_deref() })
    }
}

/// Which dialog is open.
#[derive(Debug, Clone, PartialEq)]
pub enum Dialog {
    None,
    Invite,
    ConfirmDeactivate(Vec<String>),
    Edit(String),
}
