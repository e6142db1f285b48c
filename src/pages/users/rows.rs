//! Draws the windowed table's rows straight into the DOM, from `RowContent` values.
//!
//! Why by hand and not with Leptos views: a sort or a search keystroke replaces every drawn
//! row, and a Leptos row (about 30 elements, a dozen reactive bindings) cost 0.4 ms to build
//! here, 8–9 ms per interaction, half the frame budget before the browser lays anything out.
//! This writer keeps the rows' elements and reuses them: a row whose user is still drawn keeps
//! its element (and its focus); a row for a new user takes an element that left the window
//! and only the texts and attributes that differ are written. Every user-supplied string
//! goes in as text (`textContent`, or an attribute value), never as markup.

use std::collections::HashMap;

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlButtonElement, HtmlInputElement, Node};

use crate::browser::{el, set, set_opt};
use crate::logic::row::{Outcome, RowContent, Toggle, ACCESS_FLAGS};

/// The elements of one drawn row that change with its content, and what they show now.
struct RowEls {
    tr: Element,
    check: HtmlInputElement,
    link: Element,
    sub: Element,
    first: Element,
    last: Element,
    status: Element,
    kind: Element,
    verified: Element,
    created: Element,
    login: Element,
    workspaces: Element,
    access: Element,
    flags: Vec<Element>,
    actions: Element,
    toggle: HtmlButtonElement,
    edit: HtmlButtonElement,
    outcome: Option<Element>,
    shown: Option<RowContent>,
}

/// Whether one part of a row's content differs from what is drawn (always, on a fresh row).
fn changed<T: PartialEq + ?Sized>(
    old: Option<&RowContent>,
    new: &RowContent,
    part: impl Fn(&RowContent) -> &T,
) -> bool {
    old.is_none_or(|old| part(old) != part(new))
}

fn append(parent: &Element, child: &Element) {
    let _ = parent.append_child(child);
}

impl RowEls {
    /// An empty row with every cell in place; `patch` fills it in.
    fn new(document: &Document) -> RowEls {
        let tr = el(document, "tr", "");
        set(&tr, "data-testid", "user-row");
        let td = |class: &str| {
            let cell = el(document, "td", class);
            append(&tr, &cell);
            cell
        };
        let check = el(document, "input", "").unchecked_into::<HtmlInputElement>();
        check.set_type("checkbox");
        set(&check, "data-action", "select");
        append(&td("users-table__check"), &check);

        let user = td("users-table__user");
        // Two fixed lines (the window needs one row height): long text ends in "…" and the
        // title holds all of it.
        let link = el(document, "a", "");
        set(&link, "data-action", "open");
        set(&link, "data-testid", "user-link");
        let sub = el(document, "div", "users-table__sub");
        append(&user, &link);
        append(&user, &sub);

        let first = td("");
        let last = td("");
        let badge_in = |testid: &str| {
            let badge = el(document, "span", "badge");
            set(&badge, "data-testid", testid);
            append(&td(""), &badge);
            badge
        };
        let status = badge_in("status");
        let kind = badge_in("type");
        let verified = badge_in("verified");
        let created = td("");
        let login = td("");
        let workspaces = td("users-table__count");
        set(&workspaces, "data-testid", "workspaces");

        let access = el(document, "span", "access");
        set(&access, "role", "img");
        set(&access, "data-testid", "access");
        let flags = ACCESS_FLAGS
            .iter()
            .map(|(letter, _)| {
                let flag = el(document, "span", "access__flag");
                set(&flag, "aria-hidden", "true");
                flag.set_text_content(Some(letter));
                append(&access, &flag);
                flag
            })
            .collect();
        append(&td(""), &access);

        let actions = td("users-table__actions");
        let button = |action: &str, text: &str| {
            let b = el(document, "button", "button button--small").unchecked_into::<HtmlButtonElement>();
            b.set_type("button");
            set(&b, "data-action", action);
            set(&b, "data-testid", action);
            b.set_text_content(Some(text));
            append(&actions, &b);
            b
        };
        let toggle = button("deactivate", "Deactivate");
        let edit = button("edit", "Edit");
        RowEls {
            tr,
            check,
            link,
            sub,
            first,
            last,
            status,
            kind,
            verified,
            created,
            login,
            workspaces,
            access,
            flags,
            actions,
            toggle,
            edit,
            outcome: None,
            shown: None,
        }
    }

    fn focused(&self, document: &Document) -> bool {
        document.active_element().is_some_and(|a| self.tr.contains(Some(&a)))
    }

    /// Writes what differs between the shown content and `new`.
    fn patch(&mut self, document: &Document, new: RowContent) {
        let old = self.shown.take();
        let o = old.as_ref();

        if changed(o, &new, |c| &c.id) {
            set(&self.tr, "data-user-id", &new.id);
            let href =
                format!("?{}", form_urlencoded::Serializer::new(String::new()).append_pair("user", &new.id).finish());
            set(&self.link, "href", &href);
        }
        if changed(o, &new, |c| &c.position) {
            set(&self.tr, "aria-rowindex", &new.position.to_string());
        }
        if changed(o, &new, |c| &c.fresh) {
            let _ = self.tr.class_list().toggle_with_force("users-table__row--fresh", new.fresh);
        }
        if changed(o, &new, |c| &c.selected) {
            let _ = self.tr.class_list().toggle_with_force("users-table__row--selected", new.selected);
        }
        // The checkbox's live state, not the last written one: a click has flipped it already.
        if self.check.checked() != new.selected {
            self.check.set_checked(new.selected);
        }
        if changed(o, &new, |c| &c.label) {
            set(&self.check, "aria-label", &format!("Select {}", new.label));
            set(&self.link, "title", &new.label);
            self.link.set_text_content(Some(&new.label));
        }
        if changed(o, &new, |c| &c.username) || changed(o, &new, |c| &c.required_actions) {
            self.sub.set_text_content(None);
            if let Some(username) = &new.username {
                let span = el(document, "span", "users-table__username");
                set(&span, "title", username);
                span.set_text_content(Some(username));
                append(&self.sub, &span);
            }
            for (text, action) in &new.required_actions {
                let badge = el(document, "span", "badge badge--warn");
                set(&badge, "title", action);
                set(&badge, "data-testid", "required-action");
                badge.set_text_content(Some(text));
                append(&self.sub, &badge);
            }
        }
        for (cell, text, before) in
            [(&self.first, &new.first, o.map(|o| &o.first)), (&self.last, &new.last, o.map(|o| &o.last))]
        {
            if before != Some(text) {
                set_opt(cell, "title", Some(text));
                cell.set_text_content(Some(text));
            }
        }
        for (cell, value, before) in [
            (&self.created, &new.created, o.map(|o| &o.created)),
            (&self.login, &new.last_login, o.map(|o| &o.last_login)),
            (&self.workspaces, &new.workspaces, o.map(|o| &o.workspaces)),
        ] {
            if before != Some(value) {
                set_opt(cell, "title", Some(&value.title));
                cell.set_text_content(Some(&value.text));
            }
        }
        if changed(o, &new, |c| &c.enabled) {
            self.status.set_class_name(if new.enabled { "badge badge--ok" } else { "badge badge--off" });
            self.status.set_text_content(Some(if new.enabled { "Active" } else { "Inactive" }));
        }
        if changed(o, &new, |c| &c.admin) {
            self.kind.set_class_name(if new.admin { "badge badge--admin" } else { "badge" });
            self.kind.set_text_content(Some(if new.admin { "admin" } else { "user" }));
        }
        if changed(o, &new, |c| &c.verified) {
            self.verified.set_class_name(if new.verified { "badge badge--ok" } else { "badge badge--warn" });
            self.verified.set_text_content(Some(if new.verified { "verified" } else { "unverified" }));
        }
        if changed(o, &new, |c| &c.access) {
            for (flag, on) in self.flags.iter().zip(new.access) {
                let _ = flag.class_list().toggle_with_force("access__flag--on", on);
            }
        }
        if changed(o, &new, |c| &c.access_label) {
            set(&self.access, "aria-label", &new.access_label);
            set(&self.access, "title", &new.access_label);
        }
        if changed(o, &new, |c| &c.toggle) {
            let action = new.toggle.action();
            set(&self.toggle, "data-action", action);
            set(&self.toggle, "data-testid", action);
            self.toggle.set_class_name(match new.toggle {
                Toggle::Deactivate => "button button--small button--danger",
                Toggle::Activate => "button button--small",
            });
            self.toggle.set_text_content(Some(new.toggle.label()));
        }
        if changed(o, &new, |c| &c.busy) || changed(o, &new, |c| &c.toggle_refusal) {
            self.toggle.set_disabled(new.busy || new.toggle_refusal.is_some());
            set_opt(&self.toggle, "title", new.toggle_refusal);
        }
        if changed(o, &new, |c| &c.busy) || changed(o, &new, |c| &c.edit_refusal) {
            self.edit.set_disabled(new.busy || new.edit_refusal.is_some());
            set_opt(&self.edit, "title", new.edit_refusal);
        }
        if changed(o, &new, |c| &c.outcome) {
            if let Some(old) = self.outcome.take() {
                old.remove();
            }
            if let Some(outcome) = &new.outcome {
                let span = el(document, "span", "");
                set(&span, "data-testid", "outcome");
                match outcome {
                    Outcome::Done => {
                        span.set_class_name("outcome outcome--ok");
                        span.set_text_content(Some("done"));
                    }
                    Outcome::Unchanged(reason) => {
                        span.set_class_name("outcome outcome--info");
                        span.set_text_content(Some(reason));
                    }
                    Outcome::Failed(reason) => {
                        span.set_class_name("outcome outcome--error");
                        set(&span, "role", "alert");
                        span.set_text_content(Some(reason));
                    }
                }
                append(&self.actions, &span);
                self.outcome = Some(span);
            }
        }
        self.shown = Some(new);
    }
}

/// The drawn rows, in order, and the elements kept for reuse.
#[derive(Default)]
pub struct RowPool {
    drawn: Vec<RowEls>,
}

impl RowPool {
    /// Makes the rows just before `end` (the bottom spacer row) show `wanted`, in order.
    pub fn draw(&mut self, end: &Node, wanted: Vec<RowContent>) {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
        let Some(parent) = end.parent_node() else { return };
        // The same user keeps the same element: its focus and scroll anchoring survive.
        let drawn: HashMap<&str, usize> = self
            .drawn
            .iter()
            .enumerate()
            .filter_map(|(k, row)| row.shown.as_ref().map(|c| (c.id.as_str(), k)))
            .collect();
        let kept: Vec<Option<usize>> = wanted.iter().map(|c| drawn.get(c.id.as_str()).copied()).collect();
        drop(drawn);
        let mut slots: Vec<Option<RowEls>> = self.drawn.drain(..).map(Some).collect();
        let wanted: Vec<(Option<RowEls>, RowContent)> =
            wanted.into_iter().zip(kept).map(|(c, k)| (k.and_then(|k| slots[k].take()), c)).collect();
        // Rows that left the window are reused for the new users, in their order on the page,
        // so that after a sort every element stays where it is and is only rewritten. A row
        // holding the focus is not reused: that would leave the focus on another user's button.
        let mut free = std::collections::VecDeque::new();
        for row in slots.into_iter().flatten() {
            if row.focused(&document) {
                row.tr.remove();
            } else {
                free.push_back(row);
            }
        }
        let rows: Vec<RowEls> = wanted
            .into_iter()
            .map(|(kept, content)| {
                let mut row = kept.or_else(|| free.pop_front()).unwrap_or_else(|| RowEls::new(&document));
                row.patch(&document, content);
                row
            })
            .collect();
        for row in free {
            row.tr.remove();
        }
        // Put the rows in order, from the last up, moving only those not already in place.
        let mut next: Node = end.clone();
        for row in rows.iter().rev() {
            let tr: &Node = row.tr.as_ref();
            if tr.next_sibling().as_ref() != Some(&next) {
                let _ = parent.insert_before(tr, Some(&next));
            }
            next = tr.clone();
        }
        self.drawn = rows;
    }
}
