//! The root component: load the runtime configuration, sign in, then show the panel, or say
//! plainly what is wrong.

use std::rc::Rc;

use leptos::prelude::*;

use crate::api::ApiClient;
use crate::auth::service::{Auth, AuthState, Session};
use crate::browser::TabChannel;
use crate::components::{AppHeader, ErrorPage, SessionExpiredDialog, SignInPage, ToastRegion, Toasts};
use crate::config::PanelConfig;
use crate::config_loader::{current_location, default_config_url, load_config};
use crate::context::{provide_services, provide_tabs, use_auth, use_tabs};
use crate::notice::Notice;
use crate::pages::{UsersPage, ViewNav, Views};
use crate::reactive::{effect_with, shown_when};
use crate::task::Task;

/// The whole panel. `config_url` overrides where `config.json` is read from (tests use it).
#[component]
pub fn App(
    /// URL of the runtime configuration; by default `config.json` beside `index.html`.
    #[prop(optional, into)]
    config_url: Option<String>,
) -> impl IntoView {
    let url = config_url.unwrap_or_else(default_config_url);
    let config = Task::new();
    config.run(async move { load_config(&url).await });
    // While the file loads, show nothing rather than a flash of an empty panel.
    move || match config.value.get() {
        None => view! { <div class="app-loading" aria-busy="true" /> }.into_any(),
        Some(Err(error)) => view! { <ErrorPage title="The panel cannot start" message=error.to_string() /> }.into_any(),
        Some(Ok(config)) => view! { <SignedInOnly config /> }.into_any(),
    }
}

/// Which screen the session calls for. A memo of this, not of the whole state, decides what is
/// mounted, so a token refresh never re-renders (and resets) the page.
#[derive(Debug, Clone, PartialEq)]
enum Screen {
    SigningIn,
    SignedOut,
    Failed(String),
    Panel,
}

/// Signs in, then shows the panel; the sign-in page or an error page otherwise.
#[component]
fn SignedInOnly(config: PanelConfig) -> impl IntoView {
    let auth = Auth::new(config.clone(), current_location().base_path);
    let api =
        ApiClient::new(config.api_base_url.clone(), Rc::new(auth.clone())).with_timeout_ms(config.request_timeout_ms);
    provide_services(api, auth.clone());
    // The users page reads its refresh settings from it.
    provide_context(config.clone());
    // The other tabs of the panel: one signs out, all do; one signs in, those on the sign-in
    // page follow; one changes users, the others reload quietly.
    let channel = TabChannel::open();
    let tabs = provide_tabs(channel.clone());
    {
        let auth = auth.clone();
        channel.listen(move |notice| match notice {
            Notice::SignedOut => auth.signed_out_elsewhere(),
            Notice::SignedIn if auth.is_signed_out() => auth.sign_in_from_ui(),
            Notice::SignedIn => {}
            Notice::Changed { .. } => tabs.changed_elsewhere.update(|n| *n += 1),
        });
    }
    let state = auth.state();
    {
        let auth = auth.clone();
        leptos::task::spawn_local(async move { auth.init().await });
    }
    let screen = Memo::new(move |_| match state.get() {
        AuthState::Unknown => Screen::SigningIn,
        AuthState::SignedOut { error: None } => Screen::SignedOut,
        AuthState::SignedOut { error: Some(error) } => Screen::Failed(error.to_string()),
        AuthState::SignedIn(_) => Screen::Panel,
    });
    // A sign-in here lets the tabs that show the sign-in page follow.
    effect_with(move |was: Option<Screen>| {
        let now = screen.get();
        if now == Screen::Panel && was.is_some_and(|was| was != Screen::Panel) {
            tabs.post(&Notice::SignedIn);
        }
        now
    });
    let session = Memo::new(move |_| match state.get() {
        AuthState::SignedIn(session) => Some(session),
        _ => None,
    });
    let stored_auth = StoredValue::new_local(auth.clone());
    let sign_in = Callback::new(move |_| stored_auth.get_value().sign_in_from_ui());
    let instance = config.api_base_url.clone();
    move || match screen.get() {
        Screen::SigningIn => view! {
            <div class="app-loading" aria-busy="true" data-testid="signing-in">
                <p class="app-loading__text">"Signing in…"</p>
            </div>
        }
        .into_any(),
        Screen::SignedOut => view! { <SignInPage on_sign_in=sign_in /> }.into_any(),
        Screen::Failed(message) => {
            view! { <ErrorPage title="Sign-in failed" message action_label="Sign in again" on_action=sign_in /> }
                .into_any()
        }
        Screen::Panel => view! { <Panel instance=instance.clone() session /> }.into_any(),
    }
}

/// The signed-in panel: header, read-only notice, the users page, and the dialog asking to sign
/// in again when the session ends mid-work.
#[component]
fn Panel(instance: String, session: Memo<Option<Session>>) -> impl IntoView {
    let auth = use_auth();
    let expired = auth.expired();
    let name = Memo::new(move |_| session.get().map(|s| s.name).unwrap_or_default());
    let read_only = Memo::new(move |_| session.get().is_some_and(|s| !s.permissions.can_manage));
    let me = Memo::new(move |_| session.get().map(|s| s.sub));
    let can_manage = Memo::new(move |_| session.get().is_some_and(|s| s.permissions.can_manage));
    let auth = StoredValue::new_local(auth);
    let tabs = use_tabs();
    let sign_out = Callback::new(move |_| {
        if let Some(tabs) = tabs {
            tabs.post(&Notice::SignedOut);
        }
        auth.get_value().sign_out()
    });
    let sign_in = Callback::new(move |_| auth.get_value().sign_in_from_ui());
    Toasts::provide();
    let views = Views::from_url();
    view! {
        <AppHeader instance user=name on_sign_out=sign_out>
            <ViewNav views />
        </AppHeader>
        <main class="app-main" data-testid="app-main">
            {shown_when(
                move || read_only.get(),
                || {
                    view! {
                        <p class="notice" role="status" data-testid="read-only-notice">
                            "Read-only: your account can see users but not change them, because it lacks the manage-users role. Ask a Wallaroo administrator if you need it."
                        </p>
                    }
                },
            )}
            <UsersPage me can_manage views />
        </main>
        <ToastRegion />
        {shown_when(move || expired.get(), move || view! { <SessionExpiredDialog on_sign_in=sign_in /> })}
    }
}
