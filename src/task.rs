//! The latest result of an async call, as signals: what the panel needs of Leptos' `Action` and
//! `LocalResource` (run, pending, value), written once. Measured on the release build: their
//! generic async machinery, instantiated per use, cost more wasm than the calls themselves.

use std::future::Future;

use leptos::prelude::*;

/// Numbers the runs of something loaded again and again (a list, a task), so that the answer
/// to an older run than the last one started is dropped when it arrives.
#[derive(Clone, Copy)]
pub struct Generations(StoredValue<u64>);

impl Generations {
    pub fn new() -> Generations {
        Generations(StoredValue::new(0))
    }

    /// The number of a run about to start: from now on, the only current one.
    pub fn next(&self) -> u64 {
        self.0.update_value(|n| *n += 1);
        self.0.get_value()
    }

    /// Whether `run` is still the latest (false too once the owner is gone).
    pub fn is_current(&self, run: u64) -> bool {
        self.0.try_get_value() == Some(run)
    }

    /// The latest run's number.
    pub fn latest(&self) -> u64 {
        self.0.get_value()
    }
}

impl Default for Generations {
    fn default() -> Self {
        Generations::new()
    }
}

/// One async task at a time; a newer run supersedes an older one still under way.
pub struct Task<T: 'static> {
    /// The last run's result, once it has finished.
    pub value: RwSignal<Option<T>, LocalStorage>,
    /// A run is under way.
    pub pending: RwSignal<bool>,
    runs: Generations,
}

impl<T: 'static> Clone for Task<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: 'static> Copy for Task<T> {}

impl<T: 'static> Task<T> {
    pub fn new() -> Task<T> {
        Task { value: RwSignal::new_local(None), pending: RwSignal::new(false), runs: Generations::new() }
    }

    /// Runs `work`; its result replaces the value unless another run has started since. The
    /// value of the run before stays until then (an error stays shown while a retry is out).
    pub fn run(&self, work: impl Future<Output = T> + 'static) {
        let mine = self.runs.next();
        let (value, pending, runs) = (self.value, self.pending, self.runs);
        pending.set(true);
        leptos::task::spawn_local(async move {
            let result = work.await;
            // Gone (the component unmounted) or superseded: nothing to show.
            if runs.is_current(mine) {
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
