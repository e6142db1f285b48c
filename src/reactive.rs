//! Effects, and views shown while a condition holds, each through one compiled instance of the
//! Leptos machinery they use.
//!
//! Why: `Effect::new` is generic over its closure, and each use compiles its own copy of the
//! effect's task (a future that waits for changes and re-runs the closure). Measured with
//! `twiggy` on the release build: 12 effects cost 22 KB of code. Here every effect's closure is
//! boxed first, so the task is compiled once (7.6 KB of wasm less, 0.6 KB brotli).

use leptos::prelude::*;

/// Runs `f` once on the next tick, then again whenever a signal it read changes (as
/// `Effect::new`). The effect lives as long as the reactive owner it was created under.
pub fn effect(f: impl FnMut() + 'static) {
    boxed_effect(Box::new(f));
}

/// As [`effect`], with what the previous run returned (`None` on the first run).
pub fn effect_with<T: 'static>(mut f: impl FnMut(Option<T>) -> T + 'static) {
    let mut last = None;
    effect(move || last = Some(f(last.take())));
}

#[inline(never)]
fn boxed_effect(mut f: Box<dyn FnMut()>) {
    Effect::new(move |_| f());
}

/// A boxed view, as the panel's shared helpers take it.
type ViewFn = Box<dyn Fn() -> AnyView + Send + Sync>;

/// `view` while `when` holds, nothing otherwise: Leptos' `<Show>`, compiled once.
///
/// Why not `<Show>`: it is generic over its children's view type, so each use compiled its own
/// memo, render effect and mount code (measured with `twiggy`: 7 KB of wasm over eight uses).
/// Here the condition is one `Memo<bool>` and the views are boxed, so all of that exists once.
/// As with `<Show>`, the view is built anew each time the condition turns true, and only then.
pub fn shown_when<V: IntoView + 'static>(
    when: impl Fn() -> bool + Send + Sync + 'static,
    view: impl Fn() -> V + Send + Sync + 'static,
) -> AnyView {
    either_when(when, view, || ())
}

/// `view` while `when` holds, `fallback` otherwise (`<Show>` with a fallback, compiled once).
pub fn either_when<V: IntoView + 'static, W: IntoView + 'static>(
    when: impl Fn() -> bool + Send + Sync + 'static,
    view: impl Fn() -> V + Send + Sync + 'static,
    fallback: impl Fn() -> W + Send + Sync + 'static,
) -> AnyView {
    shown(Box::new(when), Box::new(move || view().into_any()), Box::new(move || fallback().into_any()))
}

#[inline(never)]
fn shown(when: Box<dyn Fn() -> bool + Send + Sync>, view: ViewFn, fallback: ViewFn) -> AnyView {
    let when = Memo::new(move |_| when());
    (move || if when.get() { view() } else { fallback() }).into_any()
}
