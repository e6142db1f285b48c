//! Random bytes from the browser's CSPRNG (`crypto.getRandomValues`), for PKCE, state, nonce and
//! generated passwords. `None` when the browser offers none: callers must refuse, never fall back.

pub fn random_bytes<const N: usize>() -> Option<[u8; N]> {
    let mut bytes = [0u8; N];
    let crypto = web_sys::window()?.crypto().ok()?;
    crypto.get_random_values_with_u8_array(&mut bytes).ok()?;
    Some(bytes)
}
