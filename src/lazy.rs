//! Parts of the panel that its first paint does not need (the workspaces view, a user's
//! memberships, bulk add, the deactivation's handover question) live in a wasm chunk of their
//! own, fetched once the users are painted (`pages::users::preload_chunks`), or when a part is
//! first shown if that fetch failed. The first load is smaller by what they cost.
//!
//! How: [`split_view!`] marks a function whose body goes into a chunk. The release build
//! (`scripts/build.sh`) sets `--cfg wasm_split` and links with relocations kept, and
//! `scripts/post-build.mjs` cuts the chunks out with `wasm-split-cli` (the tool of Leptos'
//! `#[lazy]`, which Trunk cannot run itself). Every other build (debug, the component tests,
//! clippy) compiles the same body as a plain `async fn`: one body, two ways to link it.
//! Leptos' own `#[lazy]` cannot be used: it always emits the split import, which a build not
//! cut by the tool cannot resolve, and a failed fetch aborts the module instead of returning an
//! error a retry can answer.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

/// A chunk could not be fetched or instantiated (offline, or a newer deployment replaced it).
/// The browser's console has the detail; the user gets a retry.
#[derive(Debug, Clone, Copy)]
pub struct ChunkError;

impl From<leptos::wasm_split::SplitLoaderError> for ChunkError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> ChunkError {
        ChunkError
    }
}

/// `split_view!(chunk, fn name(args: Args) { body })`: `async fn name(args) ->
/// Result<AnyView, ChunkError>` whose body (giving an `AnyView`) is in the wasm chunk `chunk`.
/// With `preload = preload_fn` after the chunk's name, also `async fn preload_fn()`, which
/// fetches the chunk and shows nothing (one per chunk is enough).
macro_rules! split_view {
    ($chunk:ident, preload = $preload:ident, $(#[$meta:meta])* $vis:vis fn $($rest:tt)*) => {
        $crate::lazy::split_view!(@with [preload($preload)] $chunk, $(#[$meta])* $vis fn $($rest)*);

        #[cfg(not(wasm_split))]
        $vis async fn $preload() -> Result<(), ::leptos::wasm_split::SplitLoaderError> {
            Ok(())
        }
    };
    ($chunk:ident, $($rest:tt)*) => {
        $crate::lazy::split_view!(@with [] $chunk, $($rest)*);
    };
    // `$options`: more of wasm_split's options (its `preload`).
    (@with [$($options:tt)*] $chunk:ident, $(#[$meta:meta])* $vis:vis fn $name:ident($arg:ident: $ty:ty) $body:block) => {
        #[cfg(wasm_split)]
        #[::leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible, $($options)*)]
        $(#[$meta])*
        $vis fn $name($arg: $ty) -> Result<::leptos::prelude::AnyView, $crate::lazy::ChunkError> {
            Ok($body)
        }

        #[cfg(not(wasm_split))]
        $(#[$meta])*
        $vis async fn $name($arg: $ty) -> Result<::leptos::prelude::AnyView, $crate::lazy::ChunkError> {
            Ok($body)
        }
    };
}
pub(crate) use split_view;

/// What a split point gives to [`chunk_view`]: one type for all of them, so that the view code
/// below is compiled once, not once per split point (measured: 1.3 KB of wasm each).
pub type Load = Arc<dyn Fn() -> Pin<Box<dyn Future<Output = Result<AnyView, ChunkError>>>> + Send + Sync>;

/// Shows what `load` gives once its chunk is in (nothing meanwhile: it is fetched right after
/// the first paint, so it is usually in before it is asked for), and if
/// the chunk cannot be had, `what` named with a retry. `load` is called again for each retry.
pub fn chunk_view(what: &'static str, load: Load) -> impl IntoView {
    let attempt = RwSignal::new(0_u32);
    move || {
        attempt.track();
        let load = load.clone();
        Suspend::new(SendWrapper::new(async move {
            match load().await {
                Ok(view) => view,
                Err(ChunkError) => view! {
                    <p class="notice notice--error" role="alert" data-testid="chunk-failed">
                        {format!("The {what} could not be loaded. Check the connection, then ")}
                        <button
                            class="button button--small"
                            type="button"
                            on:click=move |_| attempt.update(|n| *n += 1)
                        >
                            "try again"
                        </button>
                        "; if the panel was updated meanwhile, reload the page."
                    </p>
                }
                .into_any(),
            }
        }))
    }
}

/// A [`Load`] of `split(args)`, a function that [`split_view!`] made.
pub fn load<A, F>(args: A, split: fn(A) -> F) -> Load
where
    A: Clone + Send + Sync + 'static,
    F: Future<Output = Result<AnyView, ChunkError>> + 'static,
{
    Arc::new(move || Box::pin(split(args.clone())))
}
