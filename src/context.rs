//! App-wide services, provided once by `app` and read by pages: the API client and the session.
//! Both hold `Rc`s (browser futures are not `Send`), so they travel in local stored values.

use leptos::prelude::*;

use crate::api::ApiClient;
use crate::auth::service::Auth;
use crate::browser::TabChannel;

#[derive(Clone, Copy)]
pub struct ApiContext(StoredValue<ApiClient, LocalStorage>);

#[derive(Clone, Copy)]
pub struct AuthContext(StoredValue<Auth, LocalStorage>);

pub fn provide_services(api: ApiClient, auth: Auth) {
    provide_api(api);
    provide_context(AuthContext(StoredValue::new_local(auth)));
}

/// The API client alone: what the users page needs (component tests provide one this way).
pub fn provide_api(api: ApiClient) {
    provide_context(ApiContext(StoredValue::new_local(api)));
}

/// The API client.
///
/// # Panics
/// Outside the signed-in panel, where no client is provided (a programming error).
pub fn use_api() -> ApiClient {
    expect_context::<ApiContext>().0.get_value()
}

/// The session.
///
/// # Panics
/// Outside the panel, where no session is provided (a programming error).
pub fn use_auth() -> Auth {
    expect_context::<AuthContext>().0.get_value()
}

/// This tab's channel to the panel's other tabs, and how many change notices they sent.
#[derive(Clone, Copy)]
pub struct TabsContext {
    channel: StoredValue<TabChannel, LocalStorage>,
    /// Counts the "users changed" notices from other tabs (the users page reloads on each).
    pub changed_elsewhere: RwSignal<u64>,
}

pub fn provide_tabs(channel: TabChannel) -> TabsContext {
    let tabs = TabsContext { channel: StoredValue::new_local(channel), changed_elsewhere: RwSignal::new(0) };
    provide_context(tabs);
    tabs
}

/// The tabs' channel, where one is provided (not in component tests).
pub fn use_tabs() -> Option<TabsContext> {
    use_context::<TabsContext>()
}

impl TabsContext {
    pub fn post(&self, notice: &crate::notice::Notice) {
        self.channel.with_value(|c| c.post(notice));
    }
}
