//! The sign-in session in the browser: starts the redirect, completes the callback, keeps the
//! tokens in memory, refreshes them before they expire (one refresh shared by concurrent
//! callers), and signs out through the IdP. Like keycloak-js with `onLoad: 'login-required'`:
//! a load without a session goes to the IdP, which answers at once while its own session lives,
//! so a reload restores the session without a password prompt and without keeping any token in
//! storage.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::task::{Poll, Waker};
use std::time::Duration;

use futures::future::{FutureExt, LocalBoxFuture};
use leptos::prelude::*;

use super::base64url;
use super::claims::{access_info, decode_payload, needs_refresh, refresh_delay_ms, IdClaims, Permissions};
use super::error::AuthError;
use super::oidc::{
    authorize_url, code_exchange_body, logout_url, parse_callback, parse_token_response, refresh_body,
    strip_callback_params, Callback, Discovery, PendingLogin, TokenResponse,
};
use super::pkce::{challenge_from, verifier_from};
use super::return_to::safe_return_to;
use super::storage;
use crate::api::client::Credentials;
use crate::browser::{now_ms, replace_url};
use crate::config::PanelConfig;
use crate::fetch;

/// Where the session stands. The UI renders from this alone.
#[derive(Debug, Clone, PartialEq)]
pub enum AuthState {
    /// Completing or restoring a sign-in. Shown as a quiet "Signing in…", never as the sign-in
    /// page, so a reload does not flash it.
    Unknown,
    /// Signed out; with the reason when it was not the administrator's choice.
    SignedOut {
        error: Option<AuthError>,
    },
    SignedIn(Session),
}

/// Who is signed in and what they may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub name: String,
    pub sub: String,
    pub permissions: Permissions,
}

struct Tokens {
    access: String,
    exp: i64,
    id_token: Option<String>,
    refresh: Option<String>,
}

struct Inner {
    config: PanelConfig,
    base_path: String,
    discovery: RefCell<Option<Discovery>>,
    tokens: RefCell<Option<Tokens>>,
    /// A refresh is out; `refresh_waiters` are woken when it ends, and read `last_refresh`.
    refreshing: Cell<bool>,
    refresh_waiters: RefCell<Vec<Waker>>,
    last_refresh: RefCell<Result<(), AuthError>>,
    timer: RefCell<Option<TimeoutHandle>>,
    state: RwSignal<AuthState>,
    expired: RwSignal<bool>,
}

/// The session service; cheap to clone (one shared state).
#[derive(Clone)]
pub struct Auth(Rc<Inner>);

/// The clock in whole milliseconds since the epoch (how a pending sign-in keeps its start).
fn now_ms_whole() -> i64 {
    now_ms() as i64
}

fn now_s() -> i64 {
    (now_ms() / 1000.0) as i64
}

fn random<const N: usize>() -> Result<[u8; N], AuthError> {
    crate::random::random_bytes()
        .ok_or_else(|| AuthError::Browser { detail: "no secure random number source (crypto.getRandomValues)".into() })
}

fn location() -> Option<web_sys::Location> {
    web_sys::window().map(|w| w.location())
}

impl Auth {
    pub fn new(config: PanelConfig, base_path: String) -> Self {
        Auth(Rc::new(Inner {
            config,
            base_path,
            discovery: RefCell::new(None),
            tokens: RefCell::new(None),
            refreshing: Cell::new(false),
            refresh_waiters: RefCell::new(Vec::new()),
            last_refresh: RefCell::new(Ok(())),
            timer: RefCell::new(None),
            state: RwSignal::new(AuthState::Unknown),
            expired: RwSignal::new(false),
        }))
    }

    /// The session state, for rendering.
    pub fn state(&self) -> RwSignal<AuthState> {
        self.0.state
    }

    /// True once the IdP refused a refresh or the API refused the token twice: the page stays,
    /// and a dialog asks the administrator to sign in again.
    pub fn expired(&self) -> RwSignal<bool> {
        self.0.expired
    }

    pub fn config(&self) -> &PanelConfig {
        &self.0.config
    }

    /// Runs once at start-up: completes a sign-in answer, or starts one, or stays signed out.
    pub async fn init(&self) {
        let search = location().and_then(|l| l.search().ok()).unwrap_or_default();
        let outcome = match parse_callback(&search) {
            Callback::Code { code, state } => self.complete(&code, &state).await,
            Callback::Error { error, description, state } => {
                if let Some(state) = state {
                    let _ = storage::take_pending(&state, now_ms_whole());
                }
                self.replace_url(&self.current_path_without_callback());
                Err(AuthError::Provider {
                    description: description.unwrap_or_else(|| "no description".into()),
                    code: error,
                })
            }
            Callback::None if storage::is_signed_out() => {
                self.0.state.set(AuthState::SignedOut { error: None });
                Ok(())
            }
            Callback::None => self.sign_in().await,
        };
        if let Err(error) = outcome {
            // Never a token or code in what is shown; the URL is cleaned before this is rendered.
            self.replace_url(&self.current_path_without_callback());
            self.0.state.set(AuthState::SignedOut { error: Some(error) });
        }
    }

    /// Starts a sign-in: remembers state, nonce, verifier and where to come back, then leaves
    /// for the IdP. Also what every "Sign in" button calls.
    pub async fn sign_in(&self) -> Result<(), AuthError> {
        let discovery = self.discovery().await?;
        let login = PendingLogin {
            state: base64url::encode(&random::<16>()?),
            nonce: base64url::encode(&random::<16>()?),
            verifier: verifier_from(&random::<32>()?),
            return_to: safe_return_to(&self.current_path_without_callback(), &self.0.base_path),
            started_ms: now_ms_whole(),
        };
        let digest = crate::digest::sha256(login.verifier.as_bytes()).await.ok_or(AuthError::InsecurePage)?;
        storage::save_pending(&login)?;
        storage::set_signed_out(false);
        let url = authorize_url(
            &discovery.authorization_endpoint,
            &self.0.config.client_id,
            &self.0.config.redirect_uri,
            &login,
            &challenge_from(&digest),
        );
        if let Some(location) = location() {
            let _ = location.assign(&url);
        }
        Ok(())
    }

    /// [`Self::sign_in`] from a button: a failure shows the error page.
    pub fn sign_in_from_ui(&self) {
        let auth = self.clone();
        leptos::task::spawn_local(async move {
            if let Err(error) = auth.sign_in().await {
                auth.0.state.set(AuthState::SignedOut { error: Some(error) });
            }
        });
    }

    async fn complete(&self, code: &str, state: &str) -> Result<(), AuthError> {
        let pending = storage::take_pending(state, now_ms_whole()).ok_or(AuthError::StateMismatch)?;
        let config = &self.0.config;
        let tokens = self
            .token_request(code_exchange_body(&config.client_id, &config.redirect_uri, code, &pending.verifier))
            .await?;
        let id_token = tokens
            .id_token
            .clone()
            .ok_or_else(|| AuthError::InvalidToken { detail: "no ID token in the answer".into() })?;
        let id: IdClaims = decode_payload(&id_token)?;
        id.validate(&config.issuer, &config.client_id, Some(&pending.nonce), now_s())?;
        let permissions = self.store(tokens)?;
        self.replace_url(&pending.return_to);
        self.0.state.set(AuthState::SignedIn(Session { name: id.display_name(), sub: id.sub, permissions }));
        Ok(())
    }

    /// Keeps new tokens (in memory only) and schedules the next refresh.
    fn store(&self, answer: TokenResponse) -> Result<Permissions, AuthError> {
        let info = access_info(&answer.access_token)?;
        {
            let mut tokens = self.0.tokens.borrow_mut();
            let previous = tokens.take();
            *tokens = Some(Tokens {
                access: answer.access_token,
                exp: info.exp,
                // A refresh answer may omit these; keep the ones we had.
                id_token: answer.id_token.or_else(|| previous.as_ref().and_then(|t| t.id_token.clone())),
                refresh: answer.refresh_token.or_else(|| previous.and_then(|t| t.refresh)),
            });
        }
        self.schedule_refresh(info.exp);
        Ok(info.permissions)
    }

    fn schedule_refresh(&self, exp: i64) {
        if let Some(old) = self.0.timer.borrow_mut().take() {
            old.clear();
        }
        let delay = refresh_delay_ms(exp, now_s());
        let auth = self.clone();
        let handle = set_timeout_with_handle(
            move || {
                let auth = auth.clone();
                leptos::task::spawn_local(async move {
                    let _ = auth.refresh().await;
                });
            },
            Duration::from_millis(delay as u64),
        );
        *self.0.timer.borrow_mut() = handle.ok();
    }

    /// Refreshes the tokens; concurrent callers share one request. The request runs as a task
    /// of its own, so a caller that stops waiting (an aborted API call) does not stop it.
    pub async fn refresh(&self) -> Result<(), AuthError> {
        if !self.0.refreshing.replace(true) {
            let auth = self.clone();
            leptos::task::spawn_local(async move {
                let result = auth.refresh_now().await;
                *auth.0.last_refresh.borrow_mut() = result;
                auth.0.refreshing.set(false);
                for waker in auth.0.refresh_waiters.take() {
                    waker.wake();
                }
            });
        }
        std::future::poll_fn(|cx| {
            if self.0.refreshing.get() {
                self.0.refresh_waiters.borrow_mut().push(cx.waker().clone());
                Poll::Pending
            } else {
                Poll::Ready(())
            }
        })
        .await;
        self.0.last_refresh.borrow().clone()
    }

    async fn refresh_now(&self) -> Result<(), AuthError> {
        let refresh = self.0.tokens.borrow().as_ref().and_then(|t| t.refresh.clone());
        let Some(refresh) = refresh else {
            self.0.expired.set(true);
            return Err(AuthError::TokenRefused { detail: "no refresh token".into() });
        };
        match self.token_request(refresh_body(&self.0.config.client_id, &refresh)).await {
            Ok(answer) => {
                let permissions = self.store(answer)?;
                self.0.state.update(|state| {
                    if let AuthState::SignedIn(session) = state {
                        session.permissions = permissions;
                    }
                });
                self.0.expired.set(false);
                Ok(())
            }
            Err(error) => {
                // The IdP session is over: ask to sign in again, keeping the page as it is.
                // A network failure is not that: the next call will try again.
                if matches!(error, AuthError::TokenRefused { .. }) {
                    self.0.expired.set(true);
                }
                Err(error)
            }
        }
    }

    /// A token valid for at least `MIN_VALIDITY_SECONDS`, refreshing first when needed.
    pub async fn bearer(&self) -> Option<String> {
        let exp = self.0.tokens.borrow().as_ref().map(|t| t.exp)?;
        if needs_refresh(exp, now_s()) {
            let _ = self.refresh().await;
        }
        self.0.tokens.borrow().as_ref().map(|t| t.access.clone())
    }

    /// Another tab signed out, which ended the IdP session: forget the tokens here too and show
    /// the sign-in page (not the "session ended" dialog: nothing went wrong).
    pub fn signed_out_elsewhere(&self) {
        self.0.tokens.borrow_mut().take();
        if let Some(timer) = self.0.timer.borrow_mut().take() {
            timer.clear();
        }
        storage::set_signed_out(true);
        self.0.expired.set(false);
        self.0.state.set(AuthState::SignedOut { error: None });
    }

    /// Whether this tab shows the sign-in page: signed out on purpose, with no error.
    pub fn is_signed_out(&self) -> bool {
        self.0.state.with_untracked(|s| matches!(s, AuthState::SignedOut { error: None }))
    }

    /// Signs out at the IdP (end_session with id_token_hint), then comes back to the sign-in page.
    pub fn sign_out(&self) {
        let id_token = self.0.tokens.borrow_mut().take().and_then(|t| t.id_token);
        if let Some(timer) = self.0.timer.borrow_mut().take() {
            timer.clear();
        }
        storage::set_signed_out(true);
        let endpoint = self.0.discovery.borrow().as_ref().and_then(|d| d.end_session_endpoint.clone());
        match (endpoint, id_token, location()) {
            (Some(endpoint), Some(hint), Some(location)) => {
                let url = logout_url(&endpoint, &self.0.config.client_id, &hint, &self.0.config.redirect_uri);
                let _ = location.assign(&url);
            }
            _ => self.0.state.set(AuthState::SignedOut { error: None }),
        }
    }

    /// No HTTP answer from the identity provider. On another origin than the panel, a CORS
    /// refusal looks just like that to the page, so the message names the Web origin to allow.
    fn no_answer(&self, detail: String) -> AuthError {
        let issuer = self.0.config.issuer.clone();
        let panel = location().and_then(|l| l.origin().ok());
        match (crate::api::error::elsewhere(&issuer, panel.as_deref()), panel) {
            (Some(_), Some(panel)) => AuthError::UnreachableFromHere { issuer, panel, detail },
            _ => AuthError::Unreachable { issuer, detail },
        }
    }

    async fn discovery(&self) -> Result<Discovery, AuthError> {
        if let Some(discovery) = self.0.discovery.borrow().clone() {
            return Ok(discovery);
        }
        let issuer = &self.0.config.issuer;
        let url = Discovery::url(issuer);
        let answer = fetch::send(&fetch::Request::get(&url)).await.map_err(|detail| self.no_answer(detail))?;
        if !answer.ok() {
            let detail = format!("its discovery document answered HTTP {}", answer.status);
            return Err(AuthError::Unreachable { issuer: issuer.clone(), detail });
        }
        let discovery = Discovery::parse(issuer, &answer.text())?;
        *self.0.discovery.borrow_mut() = Some(discovery.clone());
        Ok(discovery)
    }

    async fn token_request(&self, body: String) -> Result<TokenResponse, AuthError> {
        let discovery = self.discovery().await?;
        let headers = [("Content-Type", "application/x-www-form-urlencoded")];
        let request = fetch::Request::post(&discovery.token_endpoint, &headers, &body);
        let answer = fetch::send(&request).await.map_err(|detail| self.no_answer(detail))?;
        parse_token_response(answer.status, &answer.text())
    }

    fn current_path_without_callback(&self) -> String {
        let Some(location) = location() else { return self.0.base_path.clone() };
        let path = location.pathname().unwrap_or_default();
        let search = location.search().unwrap_or_default();
        format!("{path}{}", strip_callback_params(&search))
    }

    /// Puts `path` in the address bar without a reload (removes code and state after sign-in).
    fn replace_url(&self, path: &str) {
        replace_url(&safe_return_to(path, &self.0.base_path));
    }
}

impl Credentials for Auth {
    fn bearer(&self) -> LocalBoxFuture<'_, Option<String>> {
        Auth::bearer(self).boxed_local()
    }
    fn refresh_after_401(&self) -> LocalBoxFuture<'_, bool> {
        async move { self.refresh().await.is_ok() }.boxed_local()
    }
    fn session_rejected(&self) {
        self.0.expired.set(true);
    }
}
