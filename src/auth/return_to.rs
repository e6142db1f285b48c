//! Where to come back to after signing in: only a path (and query) on the panel's own origin,
//! under its base path. Anything else falls back to the base path, so a crafted link cannot use
//! the sign-in round trip to send the browser elsewhere.

use crate::config::is_same_origin_path;

/// `candidate` if it is a safe same-origin path under `base_path`, else `base_path`.
pub fn safe_return_to(candidate: &str, base_path: &str) -> String {
    let ok = is_same_origin_path(candidate)
        && candidate.starts_with(base_path)
        && !candidate.contains('\\')
        && !candidate.contains('#')
        && candidate.len() <= 4096;
    if ok {
        candidate.to_owned()
    } else {
        base_path.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_origin_paths_under_the_base_are_kept_with_their_query() {
        assert_eq!(safe_return_to("/?sort=-created&q=ana", "/"), "/?sort=-created&q=ana");
        assert_eq!(safe_return_to("/admin/users/?user=abc", "/admin/users/"), "/admin/users/?user=abc");
    }

    #[test]
    fn anything_that_could_leave_the_panel_falls_back_to_the_base() {
        for bad in [
            "https://evil.example.com/",
            "//evil.example.com/",
            "/\\evil.example.com",
            "javascript:alert(1)",
            "evil",
            "/other-app/",
            "/a b",
            "/\u{0}x",
            "/#frag",
        ] {
            assert_eq!(safe_return_to(bad, "/admin/users/"), "/admin/users/", "{bad:?}");
        }
        assert_eq!(safe_return_to(&format!("/?q={}", "a".repeat(5000)), "/"), "/");
    }
}
