//! What an administrator does to users: activate and deactivate (one or many, shown at once and
//! put back with the server's reason if refused), invite, edit; and the dialogs for them.

use leptos::prelude::*;

use super::{Dialog, UsersState};
use crate::api::types::{EditUserRequest, InviteRequest, InviteResponse};
use crate::auth::storage::session;
use crate::components::open_as_modal;
use crate::components::toasts::ToastKind;
use crate::logic::validate::{email_problem, generated_password, name_problem, password_problem};

/// Sets `enabled` on each user in turn. Each row changes at once (optimistically) and changes
/// back, with the server's reason, if its call fails; with several users every row reports its
/// own outcome. Runs one call at a time, so a failure in the middle leaves each row as the
/// server has it. If the session ends, the rest are not attempted and say so.
pub fn set_enabled_many(state: UsersState, ids: Vec<String>, enabled: bool) {
    let api = state.api.get_value();
    let bulk = ids.len() > 1;
    state.outcomes.update(|o| o.retain(|id, _| !ids.contains(id)));
    let total = ids.len();
    leptos::task::spawn_local(async move {
        let (mut done, mut failed) = (0usize, 0usize);
        let (mut stopped, mut uncertain) = (false, false);
        for (n, id) in ids.into_iter().enumerate() {
            if bulk {
                state.progress.set(Some((n, total, enabled)));
            }
            let Some(user) = state.find(&id) else { continue };
            let label = user.email.clone().unwrap_or_else(|| user.username.clone());
            let outcome: Result<(), String> = if stopped {
                Err("not attempted: the session ended".into())
            } else if state.enabled(&user) == enabled {
                Ok(()) // already so
            } else if !enabled && user.username == "admin" {
                Err("the built-in admin cannot be deactivated".into())
            } else if !enabled && state.me.get_untracked().as_deref() == Some(id.as_str()) {
                Err("you cannot deactivate yourself".into())
            } else if let Some(email) = user.email.clone() {
                let before = state.overrides.with_untracked(|o| o.get(&id).copied());
                state.busy.update(|b| {
                    b.insert(id.clone());
                });
                state.overrides.update(|o| {
                    o.insert(id.clone(), enabled);
                });
                let result = if enabled { api.activate(&email).await } else { api.deactivate(&email).await };
                state.busy.update(|b| {
                    b.remove(&id);
                });
                match result {
                    Ok(()) => Ok(()),
                    Err(error) => {
                        // Back to what the server has.
                        state.overrides.update(|o| match before {
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
                        Err(error.to_string())
                    }
                }
            } else {
                Err("this user has no email, which the API needs to address them".into())
            };
            match &outcome {
                Ok(()) => done += 1,
                Err(reason) if !bulk => state.toasts.show(ToastKind::Error, format!("{label}: {reason}")),
                Err(_) => failed += 1,
            }
            if bulk {
                state.outcomes.update(|o| {
                    o.insert(id.clone(), outcome);
                });
            } else if done == 1 {
                let verb = if enabled { "Activated" } else { "Deactivated" };
                state.toasts.show(ToastKind::Success, format!("{verb} {label}"));
            }
        }
        if bulk {
            let verb = if enabled { "activated" } else { "deactivated" };
            let kind = if failed == 0 { ToastKind::Success } else { ToastKind::Error };
            let tail = if failed == 0 { String::new() } else { format!(", {failed} failed (see the rows)") };
            state.toasts.show(kind, format!("{done} {verb}{tail}"));
            state.selected.set(Default::default());
            state.progress.set(None);
        }
        if uncertain {
            state.reload.run(());
        }
    });
}

/// Whichever dialog is open.
#[component]
pub fn Dialogs(state: UsersState) -> impl IntoView {
    move || match state.dialog.get() {
        Dialog::None => ().into_any(),
        Dialog::Invite => view! { <InviteDialog state /> }.into_any(),
        Dialog::ConfirmDeactivate(ids) => view! { <ConfirmDeactivate state ids /> }.into_any(),
        Dialog::Edit(id) => match state.find(&id) {
            Some(user) => view! { <EditDialog state user /> }.into_any(),
            None => ().into_any(),
        },
    }
}

/// A modal frame on the native `<dialog>`: `showModal()` makes the page behind inert (focus stays
/// inside), Escape cancels, and closing returns focus to the button that opened it.
#[component]
fn Modal(state: UsersState, title: String, test_id: &'static str, children: Children) -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    open_as_modal(dialog);
    on_cleanup(move || {
        if let Some(element) = dialog.get_untracked() {
            element.close();
        }
    });
    let cancel = move |ev: leptos::ev::Event| {
        ev.prevent_default();
        state.dialog.set(Dialog::None);
    };
    view! {
        <dialog node_ref=dialog class="dialog" aria-labelledby="dialog-title" data-testid=test_id on:cancel=cancel>
            <h2 id="dialog-title" class="dialog__title">{title}</h2>
            {children()}
        </dialog>
    }
}

#[component]
fn ConfirmDeactivate(state: UsersState, ids: Vec<String>) -> impl IntoView {
    let names: Vec<String> =
        ids.iter().filter_map(|id| state.find(id)).map(|u| u.email.unwrap_or(u.username)).collect();
    let title = match names.as_slice() {
        [one] => format!("Deactivate {one}?"),
        many => format!("Deactivate {} users?", many.len()),
    };
    let shown: Vec<String> = names.iter().take(10).cloned().collect();
    let more = names.len().saturating_sub(10);
    let several = names.len() > 1;
    let confirm = move |_| {
        state.dialog.set(Dialog::None);
        set_enabled_many(state, ids.clone(), false);
    };
    view! {
        <Modal state title test_id="confirm-deactivate">
            <p>"They will no longer be able to sign in. Their models and pipelines stay, and they no longer take a licence seat."</p>
            <Show when=move || several>
                <ul class="dialog__list">
                    {shown.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}
                    {(more > 0).then(|| view! { <li>{format!("and {more} more")}</li> })}
                </ul>
            </Show>
            <div class="dialog__buttons">
                <button class="button" type="button" on:click=move |_| state.dialog.set(Dialog::None)>"Cancel"</button>
                <button class="button button--danger" type="button" data-testid="confirm" autofocus on:click=confirm>"Deactivate"</button>
            </div>
        </Modal>
    }
}

const INVITE_DRAFT: &str = "wup.invite-draft";

/// True when an invite was being typed before the page was left (e.g. to sign in again).
pub fn has_invite_draft() -> bool {
    session().and_then(|s| s.get_item(INVITE_DRAFT).ok().flatten()).is_some()
}

/// Invite: email (checked before sending), optional initial password (show/hide, generate),
/// admin type. The answer's password is shown once. Errors stay in the dialog with what was
/// typed; the email and type also survive a sign-in round trip (the password never is stored).
#[component]
fn InviteDialog(state: UsersState) -> impl IntoView {
    let draft: (String, bool) = session()
        .and_then(|s| s.get_item(INVITE_DRAFT).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default();
    let email = RwSignal::new(draft.0);
    let admin = RwSignal::new(draft.1);
    let password = RwSignal::new(String::new());
    let reveal = RwSignal::new(false);
    let tried = RwSignal::new(false);
    let sending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let answer = RwSignal::new(None::<(String, InviteResponse)>);
    // The draft (never the password) survives a sign-in round trip; the page reopens it.
    Effect::new(move |_| {
        let (address, is_admin) = (email.get(), admin.get());
        if let Some(storage) = session() {
            let _ = if address.trim().is_empty() {
                storage.remove_item(INVITE_DRAFT)
            } else {
                storage.set_item(INVITE_DRAFT, &serde_json::to_string(&(address, is_admin)).unwrap_or_default())
            };
        }
    });
    let email_error = move || tried.get().then(|| email_problem(&email.get())).flatten();
    let password_error = move || {
        let p = password.get();
        (tried.get() && !p.is_empty()).then(|| password_problem(&p)).flatten()
    };
    let close = move || {
        if let Some(storage) = session() {
            let _ = storage.remove_item(INVITE_DRAFT);
        }
        if answer.with_untracked(Option::is_some) {
            state.reload.run(());
        }
        state.dialog.set(Dialog::None);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        if email_error().is_some() || password_error().is_some() || sending.get_untracked() {
            return;
        }
        sending.set(true);
        error.set(None);
        let api = state.api.get_value();
        let address = email.get_untracked().trim().to_lowercase();
        let chosen = password.get_untracked();
        let request = InviteRequest {
            email: address.clone(),
            roles: if admin.get_untracked() { vec!["admin".into()] } else { vec![] },
            password: (!chosen.is_empty()).then_some(chosen),
            require_reset: None,
        };
        leptos::task::spawn_local(async move {
            match api.invite(&request).await {
                Ok(response) => {
                    password.set(String::new());
                    answer.set(Some((address, response)));
                }
                Err(e) => error.set(Some(e.to_string())),
            }
            sending.set(false);
        });
    };
    let copy = move |_| {
        if let (Some(window), Some((_, response))) = (web_sys::window(), answer.get_untracked()) {
            let _ = window.navigator().clipboard().write_text(&response.password);
            state.toasts.show(ToastKind::Success, "Password copied");
        }
    };
    view! {
        <Modal state title="Invite a user".into() test_id="invite-dialog">
            {move || match answer.get() {
                Some((address, response)) => view! {
                    <div class="invite-result" data-testid="invite-result">
                        <p>{format!("{address} was invited.")}</p>
                        <p class="notice" role="alert">
                            "This is the initial password. It will not be shown again: copy it now and give it to the user safely."
                        </p>
                        <p class="invite-result__password">
                            <code data-testid="invite-password">{response.password.clone()}</code>
                            <button class="button button--small" type="button" on:click=copy>"Copy"</button>
                        </p>
                        <div class="dialog__buttons">
                            <button class="button button--primary" type="button" data-testid="invite-done" on:click=move |_| close()>"Done"</button>
                        </div>
                    </div>
                }.into_any(),
                None => view! {
                    <form class="form" on:submit=submit novalidate>
                        <label class="form__field">
                            <span>"Email"</span>
                            <input type="email" autocomplete="off" autofocus data-testid="invite-email" aria-invalid=move || email_error().is_some().to_string()
                                prop:value=move || email.get() on:input:target=move |ev| email.set(ev.target().value()) />
                            {move || email_error().map(|e| view! { <span class="form__error" role="alert" data-testid="invite-email-error">{e}</span> })}
                        </label>
                        <label class="form__field">
                            <span>"Initial password (optional: leave empty and Wallaroo makes one that must be changed at first sign-in)"</span>
                            <span class="form__row">
                                <input type=move || if reveal.get() { "text" } else { "password" } autocomplete="new-password" data-testid="invite-password-input"
                                    prop:value=move || password.get() on:input:target=move |ev| password.set(ev.target().value()) />
                                <button class="button button--small" type="button" on:click=move |_| reveal.update(|r| *r = !*r)>
                                    {move || if reveal.get() { "Hide" } else { "Show" }}
                                </button>
                                <button class="button button--small" type="button" data-testid="generate"
                                    on:click=move |_| match crate::random::random_bytes() {
                                        Some(bytes) => { password.set(generated_password(&bytes)); reveal.set(true); }
                                        None => state.toasts.show(ToastKind::Error, "This browser offers no secure random source: type a password instead."),
                                    }>
                                    "Generate"
                                </button>
                            </span>
                            {move || password_error().map(|e| view! { <span class="form__error" role="alert">{e}</span> })}
                        </label>
                        <label class="form__check">
                            <input type="checkbox" data-testid="invite-admin" prop:checked=move || admin.get() on:change:target=move |ev| admin.set(ev.target().checked()) />
                            " Platform admin"
                        </label>
                        {move || error.get().map(|e| view! { <p class="notice notice--error" role="alert" data-testid="invite-error">{e}</p> })}
                        <div class="dialog__buttons">
                            <button class="button" type="button" on:click=move |_| close()>"Cancel"</button>
                            <button class="button button--primary" type="submit" data-testid="invite-send" disabled=move || sending.get()>
                                {move || if sending.get() { "Inviting…" } else { "Invite" }}
                            </button>
                        </div>
                    </form>
                }.into_any(),
            }}
        </Modal>
    }
}

/// Edit names, email and admin type.
#[component]
fn EditDialog(state: UsersState, user: crate::api::types::User) -> impl IntoView {
    let first = RwSignal::new(user.first_name.clone().unwrap_or_default());
    let last = RwSignal::new(user.last_name.clone().unwrap_or_default());
    let email = RwSignal::new(user.email.clone().unwrap_or_default());
    let admin = RwSignal::new(user.is_admin());
    let tried = RwSignal::new(false);
    let sending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let has_email = user.email.is_some();
    let email_error = move || {
        (tried.get() && (has_email || !email.get().trim().is_empty())).then(|| email_problem(&email.get())).flatten()
    };
    let first_error = move || tried.get().then(|| name_problem(&first.get())).flatten();
    let last_error = move || tried.get().then(|| name_problem(&last.get())).flatten();
    let enabled = state.enabled(&user);
    let id = user.id.clone();
    let label = user.email.clone().unwrap_or_else(|| user.username.clone());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        if email_error().is_some() || first_error().is_some() || last_error().is_some() || sending.get_untracked() {
            return;
        }
        sending.set(true);
        error.set(None);
        let api = state.api.get_value();
        let request = EditUserRequest {
            id: id.clone(),
            first_name: first.get_untracked().trim().to_owned(),
            last_name: last.get_untracked().trim().to_owned(),
            email: email.get_untracked().trim().to_lowercase(),
            enabled,
            is_admin: admin.get_untracked(),
        };
        let label = label.clone();
        leptos::task::spawn_local(async move {
            match api.edit(&request).await {
                Ok(()) => {
                    state.dialog.set(Dialog::None);
                    state.toasts.show(ToastKind::Success, format!("Saved {label}"));
                    state.reload.run(());
                }
                Err(e) => {
                    error.set(Some(e.to_string()));
                    sending.set(false);
                }
            }
        });
    };
    let title = format!("Edit {}", user.email.clone().unwrap_or_else(|| user.username.clone()));
    view! {
        <Modal state title test_id="edit-dialog">
            <form class="form" on:submit=submit novalidate>
                <label class="form__field">
                    <span>"First name"</span>
                    <input autofocus data-testid="edit-first" prop:value=move || first.get() on:input:target=move |ev| first.set(ev.target().value()) />
                    {move || first_error().map(|e| view! { <span class="form__error" role="alert">{e}</span> })}
                </label>
                <label class="form__field">
                    <span>"Last name"</span>
                    <input data-testid="edit-last" prop:value=move || last.get() on:input:target=move |ev| last.set(ev.target().value()) />
                    {move || last_error().map(|e| view! { <span class="form__error" role="alert">{e}</span> })}
                </label>
                <label class="form__field">
                    <span>"Email"</span>
                    <input type="email" data-testid="edit-email" prop:value=move || email.get() on:input:target=move |ev| email.set(ev.target().value()) />
                    {move || email_error().map(|e| view! { <span class="form__error" role="alert" data-testid="edit-email-error">{e}</span> })}
                </label>
                <label class="form__check">
                    <input type="checkbox" data-testid="edit-admin" prop:checked=move || admin.get() on:change:target=move |ev| admin.set(ev.target().checked()) />
                    " Platform admin"
                </label>
                {move || error.get().map(|e| view! { <p class="notice notice--error" role="alert" data-testid="edit-error">{e}</p> })}
                <div class="dialog__buttons">
                    <button class="button" type="button" on:click=move |_| state.dialog.set(Dialog::None)>"Cancel"</button>
                    <button class="button button--primary" type="submit" data-testid="edit-save" disabled=move || sending.get()>
                        {move || if sending.get() { "Saving…" } else { "Save" }}
                    </button>
                </div>
            </form>
        </Modal>
    }
}
