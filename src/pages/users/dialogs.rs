//! The users page's dialogs: confirm a deactivation, invite a user, edit a user. Every way of
//! closing a dialog (Escape, Cancel, Done, after a save) goes through the dialog's one `close`,
//! so what must happen on closing (an invited user appearing in the list) always happens.

use leptos::prelude::*;

use super::membership_list::Picker;
use super::memberships::{MemberRunner, WorkspaceData};
use super::state::{Changes, Dialog, UserList};
use crate::api::types::{InviteRequest, InviteResponse, User};
use crate::api::ApiError;
use crate::browser::{keys::INVITE_DRAFT, session_storage};
use crate::components::field::{CheckField, TextField};
use crate::components::open_as_modal;
use crate::components::toasts::{use_toasts, ToastKind};
use crate::context::{use_api, use_tabs};
use crate::lazy::{chunk_view, load, split_view};
use crate::logic::fold::lower_case;
use crate::logic::stale::{check_save, rebase, Conflict, EditFields, SaveCheck};
use crate::logic::table::user_choices;
use crate::logic::user::label;
use crate::logic::validate::{email_problem, generated_password, name_problem, password_problem};
use crate::logic::workspaces::{pick_user, Handover, HandoverStep, Role};
use crate::notice::Notice;
use crate::reactive::effect;
use crate::task::Task;

/// Whichever dialog is open. `on_deactivate` runs a confirmed deactivation.
#[component]
pub fn Dialogs(
    dialog: RwSignal<Dialog>,
    list: UserList,
    changes: Changes,
    workspaces: WorkspaceData,
    on_deactivate: Callback<(Vec<String>, Vec<HandoverStep>)>,
    /// Runs bulk "Add to workspace…".
    runner: MemberRunner,
    /// Called once a bulk add has run.
    on_bulk_added: Callback<()>,
) -> impl IntoView {
    let close = Callback::new(move |_| dialog.set(Dialog::None));
    // The deactivation question is built again once the memberships are all in (it must name
    // the workspaces to hand over), not on every later change.
    let ownership_known = Memo::new(move |_| {
        workspaces.memberships.with(|m| m.as_ref().is_some_and(|m| m.progress().0 == 0))
            || workspaces.error.with(Option::is_some)
    });
    move || match dialog.get() {
        Dialog::None => ().into_any(),
        Dialog::Invite => view! { <InviteDialog on_close=close on_invited=list.reload /> }.into_any(),
        Dialog::ConfirmDeactivate(ids) => {
            // Untracked, here and below: a reload under an open dialog must not rebuild it.
            let names: Vec<String> =
                ids.iter().filter_map(|id| list.find_untracked(id)).map(|u| label(&u).to_owned()).collect();
            let known = ownership_known.get();
            let question = handover_question(list, changes, workspaces, &ids, known);
            let on_confirm = Callback::new(move |steps: Vec<HandoverStep>| {
                dialog.set(Dialog::None);
                on_deactivate.run((ids.clone(), steps));
            });
            let HandoverQuestion { rows, candidates, note } = question;
            view! {
                <ConfirmDeactivate
                    names
                    handovers=rows
                    candidates
                    ownership_note=note
                    wait=!known
                    on_close=close
                    on_confirm
                />
            }
            .into_any()
        }
        Dialog::BulkAdd(ids) => {
            let args = BulkAddArgs { ids, dialog, list, changes, runner, on_bulk_added };
            chunk_view("workspace picker", load(args, bulk_add_dialog)).into_any()
        }
        Dialog::Edit(id) => match list.find_untracked(&id) {
            Some(user) => {
                let enabled = changes.enabled_untracked(&user);
                view! { <EditDialog user enabled list changes on_close=close /> }.into_any()
            }
            None => ().into_any(),
        },
    }
}

/// What the bulk "Add to workspace…" dialog is given.
#[derive(Clone)]
pub(super) struct BulkAddArgs {
    ids: Vec<String>,
    dialog: RwSignal<Dialog>,
    list: UserList,
    changes: Changes,
    runner: MemberRunner,
    on_bulk_added: Callback<()>,
}

split_view!(
    workspaces,
    /// Bulk "Add to workspace…", from its own chunk (`crate::lazy`): each user is added in turn,
    /// each row reporting how it went.
    pub(super) fn bulk_add_dialog(args: BulkAddArgs) {
        let BulkAddArgs { ids, dialog, list, changes, runner, on_bulk_added } = args;
        let close = Callback::new(move |_| dialog.set(Dialog::None));
        let choices = Memo::new(move |_| {
            runner.data.memberships.with(|m| m.as_ref().map(|m| m.choices(|w| !w.archived)).unwrap_or_default())
        });
        let count = ids.len();
        let on_pick = Callback::new(move |(key, name, role): (String, String, Role)| {
            let Ok(id) = key.parse() else { return };
            dialog.set(Dialog::None);
            let users = ids
                .iter()
                .filter_map(|id| list.find_untracked(id))
                .map(|u| (u.id.clone(), label(&u).to_owned(), u.email.clone()))
                .collect();
            changes.outcomes.update(|o| o.retain(|k, _| !ids.contains(k)));
            runner.add_many(users, id, name, role, changes, on_bulk_added);
        });
        let title = format!("Add {count} users to a workspace");
        view! {
            <Modal title test_id="bulk-add" on_close=close>
                <p>
                    "Each is added as you choose; someone already a member keeps their place, and each row says how it went."
                </p>
                <Picker label="Workspace" list_id="bulk-workspace-choices" choices on_pick />
                <div class="dialog__buttons">
                    <button class="button" type="button" on:click=move |_| close.run(())>
                        "Cancel"
                    </button>
                </div>
            </Modal>
        }
        .into_any()
    }
);

/// What the handover part of the deactivation question is given.
#[derive(Clone)]
pub(super) struct HandoverArgs {
    handovers: Vec<HandoverRow>,
    /// What is typed as each workspace's new owner.
    typed: Vec<RwSignal<String>>,
    candidates: StoredValue<Vec<(String, String)>>,
    /// What is typed as the new owner of all.
    all: RwSignal<String>,
    /// Set once the part is shown: the deactivation waits for it, so that no handover is made
    /// that the administrator was not shown (as when its chunk cannot be fetched).
    shown: RwSignal<bool>,
}

split_view!(
    workspaces,
    /// The workspaces to hand over and a new owner for each, from its own chunk (`crate::lazy`).
    pub(super) fn handover_part(args: HandoverArgs) {
        let HandoverArgs { handovers, typed, candidates, all, shown } = args;
        shown.set(true);
        let apply_all = {
            let typed = typed.clone();
            move |_| typed.iter().for_each(|t| t.set(all.get_untracked()))
        };
        let rows = handovers
            .iter()
            .zip(typed.iter().copied())
            .map(|(row, text)| {
                let valid = move || candidates.with_value(|c| pick_user(&text.get(), c).is_some());
                let label = format!("New owner of {}", row.handover.name);
                view! {
                    <li data-testid="handover">
                        <span class="handover__what">
                            <strong>{row.handover.name.clone()}</strong>
                            {format!(" (owned by {})", row.owner_label)}
                        </span>
                        <input
                            type="text"
                            list="owner-choices"
                            autocomplete="off"
                            aria-label=label
                            aria-invalid=move || (!valid()).to_string()
                            data-testid="new-owner"
                            prop:value=move || text.get()
                            on:input:target=move |ev| text.set(ev.target().value())
                        />
                    </li>
                }
            })
            .collect_view();
        view! {
        <div class="handover" data-testid="handovers">
            <p>
                {if handovers.len() == 1 {
                    "This workspace would be left with no active owner. Choose who takes it over; they are made owner first, then the deactivation runs."
                        .to_owned()
                } else {
                    format!(
                        "These {} workspaces would be left with no active owner. Choose who takes each over; they are made owners first, then the deactivation runs.",
                        handovers.len(),
                    )
                }}
            </p>
            <ul class="dialog__list handover__list">{rows}</ul>
            {(handovers.len() > 1)
                .then(|| {
                    view! {
                        <p class="handover__all">
                            <input
                                type="text"
                                list="owner-choices"
                                autocomplete="off"
                                aria-label="New owner for all"
                                placeholder="One new owner for all"
                                data-testid="new-owner-all"
                                prop:value=move || all.get()
                                on:input:target=move |ev| all.set(ev.target().value())
                            />
                            <button
                                class="button button--small"
                                type="button"
                                data-testid="apply-all"
                                on:click=apply_all
                            >
                                "Use for all"
                            </button>
                        </p>
                    }
                })}
            <datalist id="owner-choices">
                {candidates
                    .with_value(|c| {
                        c.iter().map(|(_, label)| view! { <option value=label.clone() /> }).collect_view()
                    })}
            </datalist>
        </div>
    }
        .into_any()
    }
);

/// What the deactivation question asks about workspaces.
struct HandoverQuestion {
    rows: Vec<HandoverRow>,
    candidates: Vec<(String, String)>,
    note: Option<String>,
}

/// The workspaces that deactivating `ids` would leave with no active owner, who could take
/// them over, and what could not be checked.
fn handover_question(
    list: UserList,
    changes: Changes,
    workspaces: WorkspaceData,
    ids: &[String],
    known: bool,
) -> HandoverQuestion {
    let active = |id: &str| list.find_untracked(id).is_some_and(|u| changes.enabled_untracked(&u));
    let name_of = |id: &str| list.find_untracked(id).map(|u| label(&u).to_owned());
    if let Some(error) = workspaces.error.get_untracked() {
        return HandoverQuestion {
            rows: Vec::new(),
            candidates: Vec::new(),
            note: Some(format!(
                "Whether they own workspaces could not be checked ({error}); deactivating may leave some without an active owner."
            )),
        };
    }
    if !known {
        return HandoverQuestion {
            rows: Vec::new(),
            candidates: Vec::new(),
            note: Some("Checking which workspaces they own…".into()),
        };
    }
    workspaces.memberships.with_untracked(|m| {
        let Some(m) = m else { return HandoverQuestion { rows: Vec::new(), candidates: Vec::new(), note: None } };
        let failed: Vec<String> = m.failures().iter().map(|(w, _)| w.name.clone()).collect();
        let note = (!failed.is_empty()).then(|| {
            format!("The owners of {} could not be checked; see the notice above the table.", failed.join(", "))
        });
        let leaving: Vec<(String, Option<String>)> =
            ids.iter().map(|id| (id.clone(), list.find_untracked(id).and_then(|u| u.email))).collect();
        let rows: Vec<HandoverRow> = m
            .handovers(&leaving, active)
            .into_iter()
            .map(|handover| HandoverRow {
                owner_label: name_of(&handover.owner).unwrap_or_else(|| handover.owner.clone()),
                suggested_label: handover.suggested.as_deref().and_then(name_of),
                handover,
            })
            .collect();
        let candidates = if rows.is_empty() {
            Vec::new()
        } else {
            list.table.with_untracked(|t| {
                t.as_deref()
                    .map(|t| user_choices(t, |u| !ids.contains(&u.id) && changes.enabled_untracked(u)))
                    .unwrap_or_default()
            })
        };
        HandoverQuestion { rows, candidates, note }
    })
}

/// A modal frame on the native `<dialog>`: `showModal()` makes the page behind inert (focus stays
/// inside), and closing returns focus to the button that opened it. Escape (the `cancel`
/// event) calls `on_close`, the same path as the dialog's own buttons.
#[component]
pub fn Modal(title: String, test_id: &'static str, on_close: Callback<()>, children: Children) -> impl IntoView {
    open_as_modal(test_id);
    let cancel = move |ev: leptos::ev::Event| {
        // The page decides when the dialog goes (it unmounts it); the browser must not close it.
        ev.prevent_default();
        on_close.run(());
    };
    view! {
        <dialog class="dialog" aria-labelledby="dialog-title" data-testid=test_id on:cancel=cancel>
            <h2 id="dialog-title" class="dialog__title">
                {title}
            </h2>
            {children()}
        </dialog>
    }
}

/// The foot of a dialog's form: the server's refusal when there is one, Cancel, and the
/// submit button, which says it is busy (and takes no second click) while the request is out.
#[component]
fn FormFoot(
    error: Memo<Option<String>>,
    error_test_id: &'static str,
    on_cancel: Callback<()>,
    sending: RwSignal<bool>,
    submit_test_id: &'static str,
    label: &'static str,
    busy_label: &'static str,
) -> impl IntoView {
    view! {
        {move || {
            error
                .get()
                .map(|e| {
                    view! {
                        <p class="notice notice--error" role="alert" data-testid=error_test_id>
                            {e}
                        </p>
                    }
                })
        }}
        <div class="dialog__buttons">
            <button class="button" type="button" on:click=move |_| on_cancel.run(())>
                "Cancel"
            </button>
            <button
                class="button button--primary"
                type="submit"
                data-testid=submit_test_id
                disabled=move || sending.get()
            >
                {move || if sending.get() { busy_label } else { label }}
            </button>
        </div>
    }
}

/// One workspace to hand over, as the deactivation question shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoverRow {
    pub handover: Handover,
    /// The leaving owner's name.
    pub owner_label: String,
    /// The suggested new owner's name, filled in at first.
    pub suggested_label: Option<String>,
}

/// "Deactivate …?", naming the users (the first ten of many). When one of them is the only
/// active owner of workspaces, it names those and asks for a new owner of each (or one for
/// all) before it lets the deactivation go ahead; `on_confirm` gets the handovers to make first.
#[component]
pub fn ConfirmDeactivate(
    names: Vec<String>,
    #[prop(optional)] handovers: Vec<HandoverRow>,
    /// Who can take a workspace over: active users staying, as (id, name).
    #[prop(optional)]
    candidates: Vec<(String, String)>,
    /// Said when workspace ownership could not be checked (still loading, or failed).
    #[prop(default = None)]
    ownership_note: Option<String>,
    /// Ownership is still being found out: the deactivation waits for it.
    #[prop(optional)]
    wait: bool,
    on_close: Callback<()>,
    on_confirm: Callback<Vec<HandoverStep>>,
) -> impl IntoView {
    let title = match names.as_slice() {
        [one] => format!("Deactivate {one}?"),
        many => format!("Deactivate {} users?", many.len()),
    };
    let more = names.len().saturating_sub(10);
    let list = (names.len() > 1).then(|| {
        view! {
            <ul class="dialog__list">
                {names.iter().take(10).map(|n| view! { <li>{n.clone()}</li> }).collect_view()}
                {(more > 0).then(|| view! { <li>{format!("and {more} more")}</li> })}
            </ul>
        }
    });
    // What is typed as each workspace's new owner, suggestion first.
    let typed: Vec<RwSignal<String>> =
        handovers.iter().map(|h| RwSignal::new(h.suggested_label.clone().unwrap_or_default())).collect();
    let candidates = StoredValue::new(candidates);
    let all = RwSignal::new(String::new());
    let steps = {
        let (handovers, typed) = (handovers.clone(), typed.clone());
        Memo::new(move |_| {
            candidates.with_value(|candidates| {
                handovers
                    .iter()
                    .zip(&typed)
                    .map(|(row, text)| {
                        let h = &row.handover;
                        pick_user(&text.get(), candidates).map(|(id, label)| HandoverStep {
                            owner: h.owner.clone(),
                            workspace: h.workspace,
                            name: h.name.clone(),
                            new_owner: id.clone(),
                            new_owner_label: label.clone(),
                        })
                    })
                    .collect::<Option<Vec<_>>>()
            })
        })
    };
    let (handovers_empty, shown) = (handovers.is_empty(), RwSignal::new(false));
    let handover_view = (!handovers_empty).then(|| {
        let args = HandoverArgs { handovers: handovers.clone(), typed: typed.clone(), candidates, all, shown };
        chunk_view("handover question", load(args, handover_part))
    });
    let note = ownership_note.map(|note| {
        view! {
            <p class="notice" role="status" data-testid="ownership-note">
                {note}
            </p>
        }
    });
    let ready = move || !wait && steps.with(Option::is_some) && (handovers_empty || shown.get());
    view! {
        <Modal title test_id="confirm-deactivate" on_close>
            <p>
                "They will no longer be able to sign in. Their models, pipelines and workspaces stay (their own default workspace too), and they no longer take a licence seat."
            </p>
            {list}
            {note}
            {handover_view}
            <div class="dialog__buttons">
                <button class="button" type="button" on:click=move |_| on_close.run(())>
                    "Cancel"
                </button>
                <button
                    class="button button--danger"
                    type="button"
                    data-testid="confirm"
                    autofocus
                    title=move || (!ready()).then_some("Choose an active user as new owner of each workspace")
                    disabled=move || !ready()
                    on:click=move |_| on_confirm.run(steps.get_untracked().unwrap_or_default())
                >
                    "Deactivate"
                </button>
            </div>
        </Modal>
    }
}

/// True when an invite was being typed before the page was left (e.g. to sign in again).
pub fn has_invite_draft() -> bool {
    session_storage().and_then(|s| s.get_item(INVITE_DRAFT).ok().flatten()).is_some()
}

/// The invite draft (email, admin): what survives a sign-in round trip. Never the password.
/// Kept as `["email", admin]`.
fn read_draft() -> (String, bool) {
    let read = |text: &str| {
        let mut r = crate::json::Reader::new(text.as_bytes());
        let mut fields = (None, None);
        r.array(&mut |r| {
            if fields.0.is_none() {
                fields.0 = Some(r.string()?);
            } else if fields.1.is_none() {
                fields.1 = Some(r.bool()?);
            } else {
                r.skip()?;
            }
            Ok(())
        })
        .and_then(|()| r.end())
        .ok()?;
        Some((fields.0?, fields.1?))
    };
    session_storage()
        .and_then(|s| s.get_item(INVITE_DRAFT).ok().flatten())
        .and_then(|json| read(&json))
        .unwrap_or_default()
}

fn write_draft(email: &str, admin: bool) {
    if let Some(storage) = session_storage() {
        let _ = if email.trim().is_empty() {
            storage.remove_item(INVITE_DRAFT)
        } else {
            storage.set_item(INVITE_DRAFT, &format!("[{},{admin}]", crate::json::string(email)))
        };
    }
}

/// Invite: email (checked before sending), optional initial password (show/hide, generate),
/// admin type. The answer's password is shown once. Errors stay in the dialog with what was
/// typed; the email and type also survive a sign-in round trip. Closing it after a successful
/// invite, in any way, reloads the list (`on_invited`), so the new user is there.
#[component]
pub fn InviteDialog(on_close: Callback<()>, on_invited: Callback<()>) -> impl IntoView {
    let (draft_email, draft_admin) = read_draft();
    let email = RwSignal::new(draft_email);
    let admin = RwSignal::new(draft_admin);
    let password = RwSignal::new(String::new());
    let reveal = RwSignal::new(false);
    let tried = RwSignal::new(false);
    let toasts = use_toasts();
    let api = StoredValue::new_local(use_api());
    let tabs = use_tabs();
    let invite = Task::<Result<(String, InviteResponse), ApiError>>::new();
    let send_invite = move |request: InviteRequest| {
        let api = api.get_value();
        invite.run(async move {
            let response = api.invite(&request).await?;
            if let Some(tabs) = tabs {
                tabs.post(&Notice::changed([response.id.clone()]));
            }
            Ok((request.email, response))
        })
    };
    let sending = invite.pending;
    let answer = Memo::new(move |_| invite.value.get().and_then(Result::ok));
    let error = Memo::new(move |_| invite.value.get().and_then(Result::err).map(|e: ApiError| e.to_string()));
    // The password is not kept once the user exists.
    effect(move || {
        if answer.with(Option::is_some) {
            password.set(String::new());
        }
    });
    effect(move || write_draft(&email.get(), admin.get()));

    let email_error = Memo::new(move |_| tried.get().then(|| email_problem(&email.get())).flatten());
    let password_error =
        Memo::new(move |_| password.with(|p| (tried.get() && !p.is_empty()).then(|| password_problem(p)).flatten()));
    let close = Callback::new(move |_| {
        write_draft("", false);
        if answer.with_untracked(Option::is_some) {
            on_invited.run(());
        }
        on_close.run(());
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        if email_error.get_untracked().is_some() || password_error.get_untracked().is_some() || sending.get_untracked()
        {
            return;
        }
        let chosen = password.get_untracked();
        send_invite(InviteRequest {
            email: lower_case(email.get_untracked().trim()),
            roles: if admin.get_untracked() { vec!["admin".into()] } else { vec![] },
            password: (!chosen.is_empty()).then_some(chosen),
            require_reset: None,
        });
    };
    let copy = move |_| {
        if let (Some(window), Some((_, response))) = (web_sys::window(), answer.get_untracked()) {
            let _ = window.navigator().clipboard().write_text(&response.password);
            toasts.show(ToastKind::Success, "Password copied");
        }
    };
    let generate = move |_| match crate::random::random_bytes() {
        Some(bytes) => {
            password.set(generated_password(&bytes));
            reveal.set(true);
        }
        None => toasts.show(ToastKind::Error, "This browser offers no secure random source: type a password instead."),
    };
    let result = move |address: String, response: InviteResponse| {
        view! {
            <div class="invite-result" data-testid="invite-result">
                <p>{format!("{address} was invited.")}</p>
                <p class="notice" role="alert">
                    "This is the initial password. It will not be shown again: copy it now and give it to the user safely."
                </p>
                <p class="invite-result__password">
                    <code data-testid="invite-password">{response.password}</code>
                    <button class="button button--small" type="button" on:click=copy>
                        "Copy"
                    </button>
                </p>
                <div class="dialog__buttons">
                    <button
                        class="button button--primary"
                        type="button"
                        data-testid="invite-done"
                        on:click=move |_| close.run(())
                    >
                        "Done"
                    </button>
                </div>
            </div>
        }
    };
    let form = move || {
        view! {
            <form class="form" on:submit=submit novalidate>
                <TextField
                    label="Email"
                    value=email
                    error=email_error
                    test_id="invite-email"
                    kind="email"
                    autofocus=true
                />
                <TextField
                    label="Initial password (optional: leave empty and Wallaroo makes one that must be changed at first sign-in)"
                    value=password
                    error=password_error
                    test_id="invite-password-input"
                    kind=Signal::derive(move || if reveal.get() { "text" } else { "password" })
                    autocomplete="new-password"
                >
                    <button class="button button--small" type="button" on:click=move |_| reveal.update(|r| *r = !*r)>
                        {move || if reveal.get() { "Hide" } else { "Show" }}
                    </button>
                    <button class="button button--small" type="button" data-testid="generate" on:click=generate>
                        "Generate"
                    </button>
                </TextField>
                <CheckField label="Platform admin" checked=admin test_id="invite-admin" />
                <FormFoot
                    error
                    error_test_id="invite-error"
                    on_cancel=close
                    sending
                    submit_test_id="invite-send"
                    label="Invite"
                    busy_label="Inviting…"
                />
            </form>
        }
    };
    view! {
        <Modal title="Invite a user".into() test_id="invite-dialog" on_close=close>
            {move || match answer.get() {
                Some((address, response)) => result(address, response).into_any(),
                None => form().into_any(),
            }}
        </Modal>
    }
}

/// Edit names, email and admin type, never from a stale copy: Save first reads the realm again
/// (the list form: only it says who is an admin, spec §2.1), and if a field the administrator
/// did not touch changed meanwhile (someone deactivated the user, removed their admin role),
/// nothing is sent and the dialog says what changed, offering to take the current values and
/// keep what was typed. Otherwise it sends the server's current state plus the typed changes
/// (`logic::stale`). `enabled` is the user's shown state when the dialog opened.
#[component]
pub fn EditDialog(
    user: User,
    enabled: bool,
    list: UserList,
    changes: Changes,
    on_close: Callback<()>,
) -> impl IntoView {
    let first_opened = EditFields { enabled, ..EditFields::from_listed(&user) };
    let opened = RwSignal::new(first_opened.clone());
    let first = RwSignal::new(first_opened.first_name);
    let last = RwSignal::new(first_opened.last_name);
    let email = RwSignal::new(first_opened.email);
    let admin = RwSignal::new(first_opened.is_admin);
    let typed = move || EditFields {
        first_name: first.get_untracked(),
        last_name: last.get_untracked(),
        email: email.get_untracked(),
        enabled: opened.with_untracked(|o| o.enabled),
        is_admin: admin.get_untracked(),
    };
    // What changed on the server since the dialog opened, and the server's values now.
    let changed = RwSignal::new(None::<(Vec<Conflict>, EditFields)>);
    let tried = RwSignal::new(false);
    let toasts = use_toasts();
    let name = label(&user).to_owned();
    let id = user.id.clone();
    let api = StoredValue::new_local(use_api());
    let tabs = use_tabs();
    let save = Task::<Result<(), String>>::new();
    let send_save = move |typed: EditFields| {
        let (api, id, name) = (api.get_value(), id.clone(), name.clone());
        save.run(async move {
            // The page shows the realm as just read, too (and a quiet refresh then skips it).
            let answer = api.query_all_answer().await.map_err(|e| e.to_string())?;
            list.show(changes, answer).map_err(|e| e.to_string())?;
            let Some(current) = list.find_untracked(&id).map(|u| EditFields::from_listed(&u)) else {
                return Err("This user no longer exists, so nothing was saved.".to_owned());
            };
            match check_save(&opened.get_untracked(), &typed, &current) {
                SaveCheck::Changed(conflicts) => changed.set(Some((conflicts, current))),
                SaveCheck::Send(fields) => {
                    api.edit(&fields.request(&id)).await.map_err(|e| e.to_string())?;
                    toasts.show(ToastKind::Success, format!("Saved {name}"));
                    if let Some(tabs) = tabs {
                        tabs.post(&Notice::changed([id]));
                    }
                    list.reload.run(());
                    on_close.run(());
                }
            }
            Ok(())
        })
    };
    let sending = save.pending;
    let error = Memo::new(move |_| save.value.get().and_then(Result::err));

    let has_email = user.email.is_some();
    let email_error = Memo::new(move |_| {
        email.with(|e| (tried.get() && (has_email || !e.trim().is_empty())).then(|| email_problem(e)).flatten())
    });
    let first_error = Memo::new(move |_| tried.get().then(|| first.with(|f| name_problem(f))).flatten());
    let last_error = Memo::new(move |_| tried.get().then(|| last.with(|l| name_problem(l))).flatten());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        let problems = [email_error, first_error, last_error].iter().any(|e| e.get_untracked().is_some());
        if problems || sending.get_untracked() {
            return;
        }
        changed.set(None);
        send_save(typed());
    };
    // "Use the current values and keep my changes": the dialog starts again from the server's
    // state, with what was typed still typed.
    let take_current = move |_| {
        let Some((_, current)) = changed.get_untracked() else { return };
        let (now_opened, kept) = rebase(&opened.get_untracked(), &typed(), &current);
        opened.set(now_opened);
        first.set(kept.first_name);
        last.set(kept.last_name);
        email.set(kept.email);
        admin.set(kept.is_admin);
        changed.set(None);
    };
    let changed_view = move || {
        changed.get().map(|(conflicts, _)| {
            view! {
                <div class="notice notice--warn" role="alert" data-testid="edit-conflict">
                    <p>"Changed by someone else since you opened this, so nothing was saved:"</p>
                    <ul class="dialog__list">
                        {conflicts
                            .into_iter()
                            .map(|c| view! { <li>{format!("{}: {} → {}", c.field.label(), c.was, c.now)}</li> })
                            .collect_view()}
                    </ul>
                    <button class="button button--small" type="button" data-testid="edit-rebase" on:click=take_current>
                        "Use the current values and keep my changes"
                    </button>
                </div>
            }
        })
    };
    view! {
        <Modal title=format!("Edit {}", label(&user)) test_id="edit-dialog" on_close>
            <form class="form" on:submit=submit novalidate>
                <TextField label="First name" value=first error=first_error test_id="edit-first" autofocus=true />
                <TextField label="Last name" value=last error=last_error test_id="edit-last" />
                <TextField label="Email" value=email error=email_error test_id="edit-email" kind="email" />
                <CheckField label="Platform admin" checked=admin test_id="edit-admin" />
                {changed_view}
                <FormFoot
                    error
                    error_test_id="edit-error"
                    on_cancel=on_close
                    sending
                    submit_test_id="edit-save"
                    label="Save"
                    busy_label="Saving…"
                />
            </form>
        </Modal>
    }
}
