//! The latest result of an async call, as signals: what the panel needs of Leptos' `Action` and
//! `LocalResource` (run, pending, value), written once. Measured on the release build: their
//! generic async machinery, instantiated per use, cost more wasm than the calls themselves.

use std::future::Future;

use leptos::prelude::*;

/// One async task at a time; a newer run supersedes an older one still under way.
pub struct Task<T: 'static> {
    /// The last run's result, once it has finished.
    pub value: RwSignal<Option<T>, LocalStorage>,
    /// A run is under way.
    pub pending: RwSignal<bool>,
    runs: StoredValue<u64>,
}

impl<T: 'static> Clone for Task<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: 'static> Copy for Task<T> {}

impl<T: 'static> Task<T> {
    pub fn new() -> Task<T> {
        Task { value: RwSignal::new_local(None), pending: RwSignal::new(false), runs: StoredValue::new(0) }
    }

    /// Runs `work`; its result replaces the value unless another run has started since. The
    /// value of the run before stays until then (an error stays shown while a retry is out).
    pub fn run(&self, work: impl Future<Output = T> + 'static) {
        self.runs.update_value(|n| *n += 1);
        let mine = self.runs.get_value();
        let (value, pending, runs) = (self.value, self.pending, self.runs);
        pending.set(true);
        leptos::task::spawn_local(async move {
            let result = work.await;
            // Gone (the component unmounted) or superseded: nothing to show.
            if runs.try_get_value() == Some(mine) {
                value.try_set(Some(result));
                pending.try_set(false);
            }
        });
    }

    /// As [`Task::run`], but the value is cleared first: for a load of something else (another
    /// user's details), where the old value would be wrong meanwhile.
    pub fn load(&self, work: impl Future<Output = T> + 'static) {
        self.value.set(None);
        self.run(work);
    }
}

impl<T: 'static> Default for Task<T> {
    fn default() -> Self {
        Task::new()
    }
}
