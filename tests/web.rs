//! Component tests in real headless Chromium (wasm-bindgen-test). Few and focused: the pure
//! logic is tested on the host.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use wallaroo_users_panel::api::{ApiClient, ApiError};
use wallaroo_users_panel::app::App;
use wallaroo_users_panel::components::{AppHeader, ErrorPage, SessionExpiredDialog, SignInPage};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element to mount into, so tests do not see each other's DOM.
fn host() -> web_sys::HtmlElement {
    let element: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&element).unwrap();
    element
}

fn text_in(host: &web_sys::HtmlElement, test_id: &str) -> Option<String> {
    host.query_selector(&format!("[data-testid='{test_id}']")).unwrap().map(|e| e.text_content().unwrap_or_default())
}

/// Waits (bounded) until the async config load has rendered something with `test_id`.
async fn wait_for(host: &web_sys::HtmlElement, test_id: &str) -> String {
    for _ in 0..200 {
        if let Some(text) = text_in(host, test_id) {
            return text;
        }
        wallaroo_users_panel::browser::sleep(10).await;
    }
    panic!("nothing with data-testid={test_id} appeared; DOM: {}", host.inner_html());
}

fn data_url(json: &str) -> String {
    format!("data:application/json,{}", js_sys::encode_uri_component(json))
}

#[wasm_bindgen_test]
async fn the_browsers_sha256_gives_rfc_7636s_pkce_challenge() {
    // RFC 7636, appendix B: the sign-in's challenge is the browser's SHA-256 of the verifier.
    let digest = wallaroo_users_panel::digest::sha256(b"dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
        .await
        .expect("Web Crypto's digest on the test page (a loopback origin)");
    assert_eq!(
        wallaroo_users_panel::auth::pkce::challenge_from(&digest),
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    );
}

#[wasm_bindgen_test]
fn error_page_renders_its_message_as_text_not_html() {
    let host = host();
    let _handle = leptos::mount::mount_to(host.clone(), || {
        view! { <ErrorPage title="Broken" message="<b>not bold</b>" /> }
    });
    assert_eq!(text_in(&host, "error-message").as_deref(), Some("<b>not bold</b>"));
    assert!(host.query_selector("b").unwrap().is_none(), "message was parsed as HTML");
    assert_eq!(host.query_selector("[role='alert'] button").unwrap().unwrap().text_content().unwrap(), "Reload");
}

#[wasm_bindgen_test]
async fn app_with_an_unreachable_idp_says_so_and_offers_to_sign_in_again() {
    let host = host();
    // Port 9 on loopback: nothing answers, so discovery fails before any redirect.
    let url = data_url(r#"{"clientId": "users-panel", "issuer": "http://127.0.0.1:9/auth/realms/master"}"#);
    let _handle = leptos::mount::mount_to(host.clone(), move || view! { <App config_url=url.clone() /> });
    let message = wait_for(&host, "error-message").await;
    assert!(
        message.contains("http://127.0.0.1:9/auth/realms/master") && message.contains("could not be reached"),
        "{message}"
    );
    assert_eq!(text_in(&host, "error-action").as_deref(), Some("Sign in again"));
    // Still here: no redirect loop away from the page.
    assert!(web_sys::window().unwrap().location().href().unwrap().starts_with("http://127.0.0.1"));
}

#[wasm_bindgen_test]
async fn header_shows_who_is_signed_in_and_signs_out_on_click() {
    let host = host();
    let (user, set_user) = signal("Ana Silva".to_string());
    let (clicks, set_clicks) = signal(0);
    let _handle = leptos::mount::mount_to(host.clone(), move || {
        view! {
            <AppHeader
                instance="https://w.example.com"
                user=Memo::new(move |_| user.get())
                on_sign_out=Callback::new(move |_| set_clicks.update(|c| *c += 1))
            />
        }
    });
    assert_eq!(text_in(&host, "signed-in-user").as_deref(), Some("Ana Silva"));
    set_user.set("<img src=x onerror=alert(1)>".into());
    leptos::task::tick().await;
    assert_eq!(text_in(&host, "signed-in-user").as_deref(), Some("<img src=x onerror=alert(1)>"));
    assert!(host.query_selector("img").unwrap().is_none(), "a name is text, never HTML");
    let button: web_sys::HtmlElement =
        host.query_selector("[data-testid='sign-out']").unwrap().unwrap().unchecked_into();
    button.click();
    assert_eq!(clicks.get_untracked(), 1);
}

#[wasm_bindgen_test]
async fn sign_in_page_and_session_dialog_offer_one_clear_way_back() {
    let host = host();
    let (clicks, set_clicks) = signal(0);
    let on_sign_in = Callback::new(move |_| set_clicks.update(|c| *c += 1));
    let _handle = leptos::mount::mount_to(host.clone(), move || {
        view! {
            <SignInPage on_sign_in />
            <SessionExpiredDialog on_sign_in />
        }
    });
    let dialog = host.query_selector("[data-testid='session-expired']").unwrap().unwrap();
    assert_eq!(dialog.get_attribute("role").as_deref(), Some("alertdialog"));
    leptos::task::tick().await;
    assert_eq!(dialog.tag_name(), "DIALOG");
    assert!(dialog.has_attribute("open"), "shown as a modal dialog (showModal)");
    for selector in ["[data-testid='sign-in']", "[data-testid='session-expired'] button"] {
        let button: web_sys::HtmlElement = host.query_selector(selector).unwrap().unwrap().unchecked_into();
        button.click();
    }
    assert_eq!(clicks.get_untracked(), 2);
}

#[wasm_bindgen_test]
async fn app_names_a_missing_config_file_instead_of_a_blank_page() {
    let host = host();
    let _handle = leptos::mount::mount_to(host.clone(), || view! { <App config_url="/no-such-dir/config.json" /> });
    let message = wait_for(&host, "error-message").await;
    assert!(message.contains("config.json") && message.contains("404"), "{message}");
}

#[wasm_bindgen_test]
async fn app_names_the_bad_field_of_a_malformed_config() {
    let host = host();
    let url = data_url(r#"{"clientId": "p", "redirectPath": "https://evil.example.com/"}"#);
    let _handle = leptos::mount::mount_to(host.clone(), move || view! { <App config_url=url.clone() /> });
    let message = wait_for(&host, "error-message").await;
    assert!(message.contains("redirectPath"), "{message}");
}

#[wasm_bindgen_test]
async fn api_client_reports_an_unreachable_api_on_another_origin_naming_the_origin_to_allow() {
    // Port 9 (discard) on loopback: nothing listens, so fetch fails before any HTTP answer.
    let token = wallaroo_users_panel::api::client::StaticToken(Some("secret-token".to_string()));
    let client = ApiClient::new("http://127.0.0.1:9", std::rc::Rc::new(token));
    let err = client.query_all().await.unwrap_err();
    // The test page is on another origin (another port): the message names the one to allow.
    let page = web_sys::window().unwrap().location().origin().unwrap();
    assert_eq!(err, ApiError::CrossOrigin { api: "http://127.0.0.1:9".into(), panel: page.clone() });
    assert!(err.to_string().contains(&format!("must allow {page}")), "{err}");
    assert!(!err.to_string().contains("secret-token"), "the token leaked into the message: {err}");
}

#[wasm_bindgen_test]
async fn badges_say_in_words_what_they_show() {
    use wallaroo_users_panel::api::types::Access;
    use wallaroo_users_panel::components::badges::{AccessBadges, RequiredActionBadges, StatusBadge};
    let host = host();
    let (enabled, set_enabled) = signal(true);
    let access =
        Access { view: true, manage: false, manage_group_membership: false, map_roles: true, impersonate: false };
    let _handle = leptos::mount::mount_to(host.clone(), move || {
        view! {
            <StatusBadge enabled=Memo::new(move |_| enabled.get()) />
            <AccessBadges access=Some(access) />
            <RequiredActionBadges actions=vec!["UPDATE_PASSWORD".to_string(), "<b>CUSTOM_STEP</b>".to_string()] />
        }
    });
    assert_eq!(text_in(&host, "status").as_deref(), Some("Active"));
    set_enabled.set(false);
    leptos::task::tick().await;
    assert_eq!(text_in(&host, "status").as_deref(), Some("Inactive"));
    let badge = host.query_selector("[data-testid='access']").unwrap().unwrap();
    assert_eq!(badge.get_attribute("role").as_deref(), Some("img"));
    assert_eq!(
        badge.get_attribute("aria-label").as_deref(),
        Some(
            "Your rights on this user: view yes, manage no, manage group membership no, map roles yes, impersonate no"
        )
    );
    let actions: Vec<String> = {
        let list = host.query_selector_all("[data-testid='required-action']").unwrap();
        (0..list.length()).map(|i| list.item(i).unwrap().text_content().unwrap()).collect()
    };
    assert_eq!(actions, ["must change password", "<b>custom step</b>"]);
    assert!(host.query_selector("b").unwrap().is_none(), "server text stays text");
}

/// The crash notice: shown over the page as text (never markup), with a reload link that needs
/// no script, and the page beneath made inert.
#[wasm_bindgen_test]
fn the_crash_notice_shows_the_detail_as_text_and_a_reload_link() {
    let page = host();
    page.set_inner_html("<button data-testid='under'>under</button>");
    wallaroo_users_panel::crash::show("index out of bounds <img src=x onerror=alert(1)>");
    let notice = document().query_selector("[data-testid=crash]").unwrap().expect("the notice is on the page");
    let text = notice.text_content().unwrap();
    assert!(text.contains("internal error") && text.contains("<img src=x onerror=alert(1)>"), "{text}");
    assert!(notice.query_selector("img").unwrap().is_none(), "the detail is text, not markup");
    let reload = notice.query_selector("[data-testid=crash-reload]").unwrap().unwrap();
    assert_eq!(reload.get_attribute("href"), Some(web_sys::window().unwrap().location().href().unwrap()));
    assert!(page.has_attribute("inert"), "the page beneath takes no input");
    remove_crash_notice();
    page.remove();
}

/// Leaves the document as the other tests expect it: no crash notice, nothing inert.
fn remove_crash_notice() {
    if let Some(notice) = document().query_selector("[data-testid=crash]").unwrap() {
        notice.remove();
    }
    let children = document().body().unwrap().children();
    for i in 0..children.length() {
        children.item(i).unwrap().remove_attribute("inert").unwrap();
    }
}

/// The crash watch: a trap of the module (what a panic is in the release build, which aborts at
/// once) puts the notice up, from an event handler (`error`) or a future (`unhandledrejection`);
/// any other script error on the page does not.
#[wasm_bindgen_test]
fn a_trap_of_the_module_shows_the_crash_notice_and_other_script_errors_do_not() {
    let window = web_sys::window().unwrap();
    let notice = || document().query_selector("[data-testid=crash]").unwrap();
    wallaroo_users_panel::crash::install();
    let error_event = |error: &JsValue| {
        let init = web_sys::ErrorEventInit::new();
        init.set_error(error);
        web_sys::ErrorEvent::new_with_event_init_dict("error", &init).unwrap()
    };
    window.dispatch_event(&error_event(&js_sys::Error::new("an extension failed"))).unwrap();
    assert!(notice().is_none(), "a script error that is not the module's leaves the panel alone");

    window.dispatch_event(&error_event(&js_sys::WebAssembly::RuntimeError::new("unreachable"))).unwrap();
    let text = notice().expect("a trap in a handler shows the notice").text_content().unwrap();
    assert!(text.contains("internal error") && text.contains("unreachable"), "{text}");
    window.dispatch_event(&error_event(&js_sys::WebAssembly::RuntimeError::new("again"))).unwrap();
    assert_eq!(document().query_selector_all("[data-testid=crash]").unwrap().length(), 1, "one notice per crash");
    remove_crash_notice();

    let init = web_sys::PromiseRejectionEventInit::new(&js_sys::Promise::resolve(&JsValue::NULL));
    init.set_reason(&js_sys::WebAssembly::RuntimeError::new("unreachable"));
    let rejection = web_sys::PromiseRejectionEvent::new("unhandledrejection", &init).unwrap();
    window.dispatch_event(&rejection).unwrap();
    assert!(notice().is_some(), "a trap in a future shows the notice");
    remove_crash_notice();
}

/// The windowed table's row writer: user text stays text, rows are reused in place (a sort
/// rewrites the same elements), and a row holding the focus is never handed to another user.
#[wasm_bindgen_test]
fn table_rows_stay_text_are_reused_in_place_and_keep_focus_with_their_user() {
    use wallaroo_users_panel::api::types::User;
    use wallaroo_users_panel::logic::row::{RowContent, RowState};
    use wallaroo_users_panel::pages::users::rows::RowPool;

    let host = host();
    let table = document().create_element("table").unwrap();
    let tbody = document().create_element("tbody").unwrap();
    let end = document().create_element("tr").unwrap();
    tbody.append_child(&end).unwrap();
    table.append_child(&tbody).unwrap();
    host.append_child(&table).unwrap();

    let user = |id: &str, first: &str| -> User {
        use wallaroo_users_panel::json::string;
        let username = string(&format!("user-{id}"));
        let (id, first) = (string(id), string(first));
        wallaroo_users_panel::json::read(format!(
            r#"{{"id": {id}, "username": {username}, "firstName": {first}, "enabled": true,
                "createdTimestamp": 0, "access": {{"view": true, "manage": true}}}}"#
        ))
        .unwrap()
    };
    let context = wallaroo_users_panel::logic::user::Actor { can_manage: true, me: None };
    let rows_of = |ids: &[&str], selected: &str| -> Vec<RowContent> {
        ids.iter()
            .enumerate()
            .map(|(k, id)| {
                let first = if *id == "a" { "<img src=x onerror=window.__pwned=1>" } else { "Bo" };
                let state = RowState { enabled: true, selected: *id == selected, ..Default::default() };
                RowContent::of(&user(id, first), k + 2, state, context)
            })
            .collect()
    };
    let drawn = || -> Vec<web_sys::Element> {
        let list = host.query_selector_all("tr[data-testid=user-row]").unwrap();
        (0..list.length()).map(|k| list.item(k).unwrap().unchecked_into()).collect()
    };
    let ids = || -> Vec<String> { drawn().iter().map(|tr| tr.get_attribute("data-user-id").unwrap()).collect() };

    let mut pool = RowPool::default();
    pool.draw(&end, rows_of(&["a", "b", "c"], ""));
    assert_eq!(ids(), ["a", "b", "c"]);
    let cells = drawn()[0].query_selector_all("td").unwrap();
    assert_eq!(cells.item(2).unwrap().text_content().unwrap(), "<img src=x onerror=window.__pwned=1>");
    assert!(host.query_selector("img").unwrap().is_none(), "a first name was parsed as HTML");
    assert_eq!(drawn()[1].get_attribute("aria-rowindex").as_deref(), Some("3"));

    // The same users in another order: the same elements, moved.
    let before = drawn();
    pool.draw(&end, rows_of(&["c", "b", "a"], "b"));
    assert_eq!(ids(), ["c", "b", "a"]);
    assert!(drawn()[2].is_same_node(Some(&before[0])), "user a lost its element");
    let checkbox: web_sys::HtmlInputElement =
        drawn()[1].query_selector("input[type=checkbox]").unwrap().unwrap().unchecked_into();
    assert!(checkbox.checked() && drawn()[1].class_list().contains("users-table__row--selected"));

    // Other users (a sort, a search): the same three elements, in place, rewritten.
    let before = drawn();
    pool.draw(&end, rows_of(&["d", "e", "f"], ""));
    assert_eq!(ids(), ["d", "e", "f"]);
    assert!(drawn().iter().zip(&before).all(|(now, was)| now.is_same_node(Some(was))), "rows were rebuilt, not reused");
    assert!(!drawn()[1].class_list().contains("users-table__row--selected"));

    // Focus on e's Edit button; e leaves the window: its row is dropped, not given to g.
    let edit: web_sys::HtmlElement = drawn()[1].query_selector("[data-testid=edit]").unwrap().unwrap().unchecked_into();
    edit.focus().unwrap();
    pool.draw(&end, rows_of(&["f", "g"], ""));
    assert_eq!(ids(), ["f", "g"]);
    let focused_row = document().active_element().and_then(|a| a.closest("tr[data-user-id]").unwrap());
    assert!(
        focused_row.is_none(),
        "the focus moved to another user's row: {:?}",
        focused_row.map(|r| r.get_attribute("data-user-id"))
    );
}

// --- The users page's parts, each mounted on its own with only the state it takes ----------

fn element<T: JsCast>(host: &web_sys::HtmlElement, selector: &str) -> T {
    host.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector} in {}", host.inner_html()))
        .unchecked_into()
}

/// What a person's input does: sets the value, then the bubbling event the page listens for.
fn type_into(host: &web_sys::HtmlElement, selector: &str, value: &str, event: &str) {
    let target: web_sys::HtmlElement = element(host, selector);
    if let Some(input) = target.dyn_ref::<web_sys::HtmlInputElement>() {
        input.set_value(value);
    } else if let Some(select) = target.dyn_ref::<web_sys::HtmlSelectElement>() {
        select.set_value(value);
    }
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    target.dispatch_event(&web_sys::Event::new_with_event_init_dict(event, &init).unwrap()).unwrap();
}

fn click(host: &web_sys::HtmlElement, selector: &str) {
    element::<web_sys::HtmlElement>(host, selector).click();
}

#[wasm_bindgen_test]
async fn search_and_filters_write_the_view_in_the_words_of_the_url() {
    use wallaroo_users_panel::logic::query::{Only, ViewQuery};
    use wallaroo_users_panel::pages::users::toolbar::SearchFilters;

    let host = host();
    let query = RwSignal::new(ViewQuery::default());
    let memberships = RwSignal::new(None);
    let _handle = leptos::mount::mount_to(host.clone(), move || view! { <SearchFilters query memberships /> });
    type_into(&host, "[data-testid=filter-status]", "inactive", "change");
    type_into(&host, "[data-testid=search]", "garcía", "input");
    assert_eq!(query.with_untracked(|q| (q.active, q.search.clone())), (Only::No, "garcía".to_owned()));
    assert!(query.with_untracked(|q| q.to_query_string()).contains("status=inactive"));
    // A view from the URL shows in the selects with the same words.
    query.set(ViewQuery::parse("?type=admin&verified=no&idle=90"));
    leptos::task::tick().await;
    let value = |id: &str| element::<web_sys::HtmlSelectElement>(&host, &format!("[data-testid={id}]")).value();
    assert_eq!(
        (value("filter-type"), value("filter-verified"), value("filter-idle")),
        ("admin".into(), "no".into(), "90".into())
    );
    // An unknown value is "any" here as in the URL.
    type_into(&host, "[data-testid=filter-type]", "maybe", "change");
    assert_eq!(query.with_untracked(|q| q.admin), Only::Any);
    // A workspace filter from the URL, before the workspaces have arrived: once they do, the
    // select shows it (an option added after the value was set must not lose it).
    use wallaroo_users_panel::api::workspace_types::Workspace;
    use wallaroo_users_panel::logic::workspaces::{InWorkspace, Memberships};
    query.set(ViewQuery::parse("?ws=2"));
    leptos::task::tick().await;
    let ws = |id: i64, name: &str| Workspace {
        id,
        name: name.into(),
        created_at: String::new(),
        created_by: String::new(),
        archived: false,
        models: vec![],
        pipelines: vec![],
    };
    memberships.set(Some(Memberships::new(vec![ws(1, "zeta"), ws(2, "<b>alpha</b>")])));
    leptos::task::tick().await;
    assert_eq!(value("filter-workspace"), "2");
    assert!(host.query_selector("b").unwrap().is_none(), "a workspace name is text, never HTML");
    let select: web_sys::HtmlSelectElement = element(&host, "[data-testid=filter-workspace]");
    let texts: Vec<String> = (0..select.length()).map(|i| select.item(i).unwrap().text_content().unwrap()).collect();
    assert_eq!(texts, ["Any", "In no workspace", "<b>alpha</b>", "zeta"], "by name, after the two fixed choices");
    type_into(&host, "[data-testid=filter-workspace]", "none", "change");
    assert_eq!(query.with_untracked(|q| q.workspace), InWorkspace::None);
    click(&host, "[data-testid=clear-filters]");
    assert!(!query.with_untracked(|q| q.is_filtered()), "Clear resets search and filters");
    assert_eq!(query.with_untracked(|q| q.workspace), InWorkspace::Any);
}

#[wasm_bindgen_test]
async fn the_bulk_bar_shows_with_a_selection_runs_its_callbacks_and_waits_for_a_run() {
    use wallaroo_users_panel::pages::users::state::Progress;
    use wallaroo_users_panel::pages::users::toolbar::BulkBar;

    let host = host();
    let count = RwSignal::new(0_usize);
    let selected = Memo::new(move |_| count.get());
    let progress = RwSignal::new(None::<Progress>);
    let can_manage = RwSignal::new(true);
    let (activations, set_activations) = signal(0);
    let (asks, set_asks) = signal(0);
    let _handle = leptos::mount::mount_to(host.clone(), move || {
        view! {
            <BulkBar
                selected
                progress
                can_manage=Memo::new(move |_| can_manage.get())
                on_activate=Callback::new(move |_| set_activations.update(|n| *n += 1))
                on_deactivate=Callback::new(move |_| set_asks.update(|n| *n += 1))
                on_clear=Callback::new(move |_| count.set(0))
            />
        }
    });
    assert!(text_in(&host, "bulk").is_none(), "no bar without a selection");
    count.set(2);
    leptos::task::tick().await;
    assert!(text_in(&host, "bulk").unwrap().starts_with("2 selected"));
    click(&host, "[data-testid=bulk-activate]");
    click(&host, "[data-testid=bulk-deactivate]");
    assert_eq!((activations.get_untracked(), asks.get_untracked()), (1, 1));
    progress.set(Some(Progress { done: 1, total: 3, verb: "Activating" }));
    leptos::task::tick().await;
    assert_eq!(text_in(&host, "bulk-progress").as_deref(), Some("Activating 2 of 3…"));
    let button: web_sys::HtmlButtonElement = element(&host, "[data-testid=bulk-activate]");
    assert!(button.disabled(), "no second run while one is under way");
    progress.set(None);
    can_manage.set(false);
    leptos::task::tick().await;
    assert!(
        element::<web_sys::HtmlButtonElement>(&host, "[data-testid=bulk-deactivate]").disabled(),
        "a viewer cannot"
    );
    click(&host, ".bulk button:last-child");
    leptos::task::tick().await;
    assert!(text_in(&host, "bulk").is_none(), "Clear selection hides the bar");
}

#[wasm_bindgen_test]
async fn the_deactivation_question_names_users_as_text_and_every_close_goes_one_way() {
    use wallaroo_users_panel::pages::users::dialogs::ConfirmDeactivate;

    let host = host();
    let names: Vec<String> = (0..12).map(|i| format!("<b>user{i}</b>@example.com")).collect();
    let (closes, set_closes) = signal(0);
    let (confirms, set_confirms) = signal(0);
    let _handle = leptos::mount::mount_to(host.clone(), move || {
        view! {
            <ConfirmDeactivate
                names=names.clone()
                on_close=Callback::new(move |_| set_closes.update(|n| *n += 1))
                on_confirm=Callback::new(move |_| set_confirms.update(|n| *n += 1))
            />
        }
    });
    leptos::task::tick().await;
    let dialog: web_sys::HtmlElement = element(&host, "[data-testid=confirm-deactivate]");
    assert_eq!(element::<web_sys::HtmlElement>(&host, "h2").text_content().as_deref(), Some("Deactivate 12 users?"));
    let items = dialog.query_selector_all("li").unwrap();
    assert_eq!(items.length(), 11, "ten names and the rest counted");
    assert_eq!(items.item(10).unwrap().text_content().as_deref(), Some("and 2 more"));
    assert!(host.query_selector("b").unwrap().is_none(), "a name is text, never HTML");
    click(&host, ".dialog__buttons button:first-child");
    // Escape: the browser sends `cancel` to the open dialog.
    dialog.dispatch_event(&web_sys::Event::new("cancel").unwrap()).unwrap();
    assert_eq!(closes.get_untracked(), 2, "Cancel and Escape both close through on_close");
    click(&host, "[data-testid=confirm]");
    assert_eq!((confirms.get_untracked(), closes.get_untracked()), (1, 2));
}

#[wasm_bindgen_test]
async fn deactivating_a_sole_owner_asks_for_a_new_owner_of_each_workspace_first() {
    use wallaroo_users_panel::logic::workspaces::{Handover, HandoverStep};
    use wallaroo_users_panel::pages::users::dialogs::{ConfirmDeactivate, HandoverRow};

    let host = host();
    let row = |ws: i64, name: &str, suggested: Option<(&str, &str)>| HandoverRow {
        handover: Handover {
            owner: "u1".into(),
            workspace: ws,
            name: name.into(),
            suggested: suggested.map(|(id, _)| id.to_owned()),
        },
        owner_label: "leaving@x.io".into(),
        suggested_label: suggested.map(|(_, label)| label.to_owned()),
    };
    let handovers = vec![row(7, "<i>vision</i>", Some(("u2", "bo@x.io"))), row(9, "fraud", None)];
    let candidates = vec![("u2".to_owned(), "bo@x.io".to_owned()), ("u3".to_owned(), "cy@x.io".to_owned())];
    let confirmed = RwSignal::new(None::<Vec<HandoverStep>>);
    let _handle = leptos::mount::mount_to(host.clone(), move || {
        view! {
            <ConfirmDeactivate
                names=vec!["leaving@x.io".to_owned()]
                handovers=handovers.clone()
                candidates=candidates.clone()
                on_close=Callback::new(|_| {})
                on_confirm=Callback::new(move |steps| confirmed.set(Some(steps)))
            />
        }
    });
    leptos::task::tick().await;
    let items = host.query_selector_all("[data-testid=handover]").unwrap();
    assert_eq!(items.length(), 2);
    assert!(host.query_selector("i").unwrap().is_none(), "a workspace name is text");
    let confirm: web_sys::HtmlButtonElement = element(&host, "[data-testid=confirm]");
    assert!(confirm.disabled(), "fraud has no new owner yet: the deactivation waits");
    type_into(&host, "[data-testid=new-owner-all]", "nobody@x.io", "input");
    click(&host, "[data-testid=apply-all]");
    leptos::task::tick().await;
    assert!(confirm.disabled(), "only an active user who stays can take over");
    type_into(&host, "[data-testid=new-owner-all]", "CY@x.io", "input");
    click(&host, "[data-testid=apply-all]");
    leptos::task::tick().await;
    assert!(!confirm.disabled());
    confirm.click();
    let steps = confirmed.get_untracked().expect("confirmed");
    let made: Vec<(i64, &str, &str)> =
        steps.iter().map(|s| (s.workspace, s.new_owner.as_str(), s.owner.as_str())).collect();
    assert_eq!(made, [(7, "u3", "u1"), (9, "u3", "u1")], "one new owner for all, in order");
}

#[wasm_bindgen_test]
async fn a_part_whose_chunk_cannot_be_had_says_so_and_a_retry_asks_again() {
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::Arc;
    use wallaroo_users_panel::lazy::{chunk_view, ChunkError, Load};

    let host = host();
    // The first fetch of the chunk fails, the second brings it (in this unsplit build, the
    // split function is a plain async fn; `Load` is what it is called through either way).
    let calls = Arc::new(AtomicU32::new(0));
    let load: Load = {
        let calls = calls.clone();
        Arc::new(move || {
            let first = calls.fetch_add(1, Ordering::SeqCst) == 0;
            Box::pin(async move {
                if first {
                    Err(ChunkError)
                } else {
                    Ok(view! { <p data-testid="part">"the part"</p> }.into_any())
                }
            })
        })
    };
    let _handle = leptos::mount::mount_to(host.clone(), move || chunk_view("test part", load));
    let text = wait_for(&host, "chunk-failed").await;
    assert!(text.starts_with("The test part could not be loaded."), "{text}");
    assert!(text_in(&host, "part").is_none());
    click(&host, "[data-testid=chunk-failed] button");
    assert_eq!(wait_for(&host, "part").await, "the part");
    assert!(text_in(&host, "chunk-failed").is_none(), "the notice goes");
    assert_eq!(calls.load(Ordering::SeqCst), 2, "asked once more, on the retry");
}

#[wasm_bindgen_test]
async fn the_invite_dialog_checks_first_keeps_what_was_typed_on_failure_and_closes_one_way() {
    use wallaroo_users_panel::api::client::StaticToken;
    use wallaroo_users_panel::components::Toasts;
    use wallaroo_users_panel::context::provide_api;
    use wallaroo_users_panel::pages::users::dialogs::InviteDialog;

    let host = host();
    let (closes, set_closes) = signal(0);
    let (reloads, set_reloads) = signal(0);
    let _handle = leptos::mount::mount_to(host.clone(), move || {
        // Nothing listens on port 9: the invite fails as a network error.
        provide_api(ApiClient::new("http://127.0.0.1:9", std::rc::Rc::new(StaticToken(Some("t".into())))));
        Toasts::provide();
        view! {
            <InviteDialog
                on_close=Callback::new(move |_| set_closes.update(|n| *n += 1))
                on_invited=Callback::new(move |_| set_reloads.update(|n| *n += 1))
            />
        }
    });
    leptos::task::tick().await;
    type_into(&host, "[data-testid=invite-email]", "not-an-email", "input");
    click(&host, "[data-testid=invite-send]");
    leptos::task::tick().await;
    assert!(text_in(&host, "invite-email-error").is_some_and(|e| e.contains('@')), "checked before sending");
    let email: web_sys::HtmlInputElement = element(&host, "[data-testid=invite-email]");
    assert_eq!(email.get_attribute("aria-invalid").as_deref(), Some("true"));
    type_into(&host, "[data-testid=invite-email]", "Bo@Example.com", "input");
    leptos::task::tick().await; // the draft is written by an effect
    assert_eq!(
        web_sys::window().unwrap().session_storage().unwrap().unwrap().get_item("wup.invite-draft").unwrap().as_deref(),
        Some(r#"["Bo@Example.com",false]"#),
        "the draft (never a password) is kept for a sign-in round trip"
    );
    click(&host, "[data-testid=invite-send]");
    let error = wait_for(&host, "invite-error").await;
    assert!(error.starts_with("Could not reach the Wallaroo API"), "{error}");
    assert_eq!(element::<web_sys::HtmlInputElement>(&host, "[data-testid=invite-email]").value(), "Bo@Example.com");
    let dialog: web_sys::HtmlElement = element(&host, "[data-testid=invite-dialog]");
    dialog.dispatch_event(&web_sys::Event::new("cancel").unwrap()).unwrap();
    assert_eq!((closes.get_untracked(), reloads.get_untracked()), (1, 0), "closed; nothing invited, nothing to reload");
    assert!(web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
        .get_item("wup.invite-draft")
        .unwrap()
        .is_none());
}

/// In the wasm, lower-casing beyond ASCII is the browser's (`toLowerCase`), not std's table: it
/// must give what std gives on the host (the host tests of logic/fold.rs check the same texts).
#[wasm_bindgen_test]
fn folding_uses_the_browsers_unicode_lower_casing() {
    use wallaroo_users_panel::logic::fold::{fold, lower_case};
    assert_eq!(fold("ΣΟΦΊΑ Ágnes ЖЕНЯ Ørsted ԱՐԱՄ"), "σοφία agnes женя orsted արամ");
    assert_eq!(fold("Ωμέγα 张伟 O'Brien 😀"), "ωμέγα 张伟 o'brien 😀");
    assert_eq!(lower_case("ÉMILIE Straße ΣΟΦΊΑ"), "émilie straße σοφία");
    assert_eq!(lower_case("ǅemal ΟΔΟΣ Ⅻ"), "ǆemal οδος ⅻ", "titlecase, final sigma, number forms");
}
