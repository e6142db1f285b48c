//! Workspace memberships as the panel knows them, and the rules about them: who is in which
//! workspace (inverted per user), who is the only active owner, which removals the SDK refuses,
//! the SDK's name rule for a new workspace, and what a change still needs given what the
//! server has now. Pure, so all of it is tested on the host.

use super::fold::lower_case;
use super::order::{self, order_by};
use crate::api::types::UserId;
use crate::api::workspace_types::{Member, Workspace, WorkspaceId};

/// The order of [`Memberships`]' per-user index: by user, then by workspace position.
fn by_user_order(a: &(UserId, u32, Role), b: &(UserId, u32, Role)) -> std::cmp::Ordering {
    a.0.cmp(&b.0).then(a.1.cmp(&b.1))
}

/// A member's role in a workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Owner,
    Collaborator,
}

impl Role {
    /// `user_type` as answered (`OWNER`, in capitals) or sent (`owner`): any case. A missing
    /// one is a collaborator, the model's default.
    pub fn parse(user_type: Option<&str>) -> Role {
        match user_type {
            Some(t) if t.trim().eq_ignore_ascii_case("owner") => Role::Owner,
            _ => Role::Collaborator,
        }
    }

    /// What `add_user` is sent, in lower case as the SDK sends it.
    pub fn wire(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Collaborator => "collaborator",
        }
    }

    /// The word the panel shows.
    pub fn label(self) -> &'static str {
        self.wire()
    }
}

/// A member as the panel keeps it.
pub type Membership = (UserId, Role);

/// One workspace's members, as far as they are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Members {
    /// Asked for, no answer yet.
    Loading,
    Loaded(Vec<Membership>),
    /// The call failed: the reason, shown beside the workspace's name with a retry.
    Failed(String),
}

/// The members of a `list_users` answer.
pub fn members_from(answer: Vec<Member>) -> Vec<Membership> {
    answer.into_iter().map(|m| (m.user_id, Role::parse(m.user_type.as_deref()))).collect()
}

/// Every workspace with its members, and the same inverted: each user's workspaces.
#[derive(Debug, Clone, Default)]
pub struct Memberships {
    workspaces: Vec<Workspace>,
    members: Vec<Members>,
    /// Workspace positions ordered by id (a binary search finds one).
    by_id: Vec<u32>,
    /// Every loaded membership as (user, workspace position, role), ordered by user and then
    /// workspace ([`by_user_order`]): one user's are a run found by binary search. Brought up to
    /// date after each batch by [`Memberships::reindex`].
    /// (Sorted vectors rather than hash maps: as fast here, and less code in the wasm.)
    by_user: Vec<(UserId, u32, Role)>,
}

impl Memberships {
    /// The workspaces of a `list` answer, every one's members still to load.
    pub fn new(workspaces: Vec<Workspace>) -> Memberships {
        let members = vec![Members::Loading; workspaces.len()];
        let mut m = Memberships { workspaces, members, by_id: Vec::new(), by_user: Vec::new() };
        m.index_ids();
        m
    }

    pub fn workspaces(&self) -> &[Workspace] {
        &self.workspaces
    }

    pub fn len(&self) -> usize {
        self.workspaces.len()
    }

    pub fn is_empty(&self) -> bool {
        self.workspaces.is_empty()
    }

    pub fn position(&self, id: WorkspaceId) -> Option<usize> {
        let ws = &self.workspaces;
        let at = self.by_id.partition_point(|&i| ws[i as usize].id < id);
        self.by_id.get(at).map(|&i| i as usize).filter(|&i| ws[i].id == id)
    }

    pub fn get(&self, id: WorkspaceId) -> Option<(&Workspace, &Members)> {
        self.position(id).map(|i| (&self.workspaces[i], &self.members[i]))
    }

    pub fn members_at(&self, i: usize) -> &Members {
        &self.members[i]
    }

    /// Installs answers (or failures) for some workspaces, then rebuilds the per-user index
    /// once: answers arriving together cost one rebuild, not one each.
    pub fn apply(&mut self, answers: impl IntoIterator<Item = (WorkspaceId, Members)>) {
        let mut changed = Vec::new();
        for (id, members) in answers {
            if let Some(i) = self.position(id) {
                self.members[i] = members;
                changed.push(i);
            }
        }
        self.reindex(&changed);
    }

    fn index_ids(&mut self) {
        let ws = &self.workspaces;
        self.by_id = order_by(ws.len(), &|a, b| ws[a].id.cmp(&ws[b].id));
    }

    /// Brings `by_user` up to date after the members of the workspaces at positions `changed`
    /// were replaced: their old entries go and their new ones are merged in. The rest of the
    /// index is still in order, so a batch costs one pass over it and a sort of the batch alone,
    /// not a sort of every membership again (at 100,000 users, 100,000 of them per batch).
    fn reindex(&mut self, changed: &[usize]) {
        let mut is_changed = vec![false; self.members.len()];
        let mut fresh = Vec::new();
        for &i in changed {
            if std::mem::replace(&mut is_changed[i], true) {
                continue; // answered twice in one batch: its members now are the last answer
            }
            if let Members::Loaded(list) = &self.members[i] {
                fresh.extend(list.iter().map(|(user, role)| (user.clone(), i as u32, *role)));
            }
        }
        order::sort_by(&mut fresh, by_user_order);
        let mut kept = std::mem::take(&mut self.by_user).into_iter().filter(|e| !is_changed[e.1 as usize]).peekable();
        let mut merged = Vec::with_capacity(kept.size_hint().1.unwrap_or(0) + fresh.len());
        for entry in fresh {
            while let Some(before) = kept.next_if(|k| by_user_order(k, &entry).is_le()) {
                merged.push(before);
            }
            merged.push(entry);
        }
        merged.extend(kept);
        self.by_user = merged;
    }

    /// The user's memberships: (user, workspace position, role), in workspace order.
    fn run_of(&self, user: &str) -> &[(UserId, u32, Role)] {
        let start = self.by_user.partition_point(|(u, _, _)| u.as_str() < user);
        let len = self.by_user[start..].partition_point(|(u, _, _)| u == user);
        &self.by_user[start..start + len]
    }

    /// Adds a workspace just created (its creator the only owner).
    pub fn add_workspace(&mut self, workspace: Workspace, members: Members) {
        self.workspaces.push(workspace);
        self.members.push(members);
        self.index_ids();
        self.reindex(&[self.members.len() - 1]);
    }

    /// Shows one member's role as `role` (`None`: not a member), before the server confirms.
    pub fn set_role(&mut self, id: WorkspaceId, user: &str, role: Option<Role>) {
        let Some(i) = self.position(id) else { return };
        if let Members::Loaded(list) = &mut self.members[i] {
            let at = list.iter().position(|(u, _)| u == user);
            match (at, role) {
                (Some(k), Some(role)) => list[k].1 = role,
                (Some(k), None) => {
                    list.remove(k);
                }
                (None, Some(role)) => list.push((user.to_owned(), role)),
                (None, None) => {}
            }
            self.reindex(&[i]);
        }
    }

    /// How many workspaces' members are still loading, and how many failed.
    pub fn progress(&self) -> (usize, usize) {
        let loading = self.members.iter().filter(|m| matches!(m, Members::Loading)).count();
        let failed = self.members.iter().filter(|m| matches!(m, Members::Failed(_))).count();
        (loading, failed)
    }

    /// The workspaces whose members could not be loaded, with the reason.
    pub fn failures(&self) -> Vec<(&Workspace, &str)> {
        self.workspaces
            .iter()
            .zip(&self.members)
            .filter_map(|(w, m)| match m {
                Members::Failed(reason) => Some((w, reason.as_str())),
                _ => None,
            })
            .collect()
    }

    /// The user's workspaces with their role, in workspace order.
    pub fn of_user(&self, user: &str) -> impl Iterator<Item = (&Workspace, Role)> {
        self.run_of(user).iter().map(|&(_, i, role)| (&self.workspaces[i as usize], role))
    }

    pub fn count_of(&self, user: &str) -> usize {
        self.run_of(user).len()
    }

    pub fn is_member(&self, id: WorkspaceId, user: &str) -> bool {
        self.position(id).is_some_and(|i| self.run_of(user).iter().any(|&(_, w, _)| w as usize == i))
    }

    /// "fraud-detection (owner), vision-qa": the user's workspaces in a cell's title.
    pub fn names_of(&self, user: &str) -> String {
        let mut names: Vec<String> = self
            .of_user(user)
            .map(|(w, role)| match role {
                Role::Owner => format!("{} (owner)", w.name),
                Role::Collaborator => w.name.clone(),
            })
            .collect();
        order::sort_by_cached_key(&mut names, |n| lower_case(n));
        names.join(", ")
    }

    /// Whether the workspace has an owner for whom `active` holds; `None` until its members
    /// are loaded.
    pub fn has_active_owner(&self, id: WorkspaceId, active: impl Fn(&str) -> bool) -> Option<bool> {
        match self.get(id)?.1 {
            Members::Loaded(list) => Some(list.iter().any(|(u, r)| *r == Role::Owner && active(u))),
            _ => None,
        }
    }

    /// The workspaces `user` owns where no other owner is active: deactivating them leaves
    /// these without an active owner. `active` says whether a user id is an active user
    /// (an id that matches no user is not).
    pub fn only_active_owner_of(&self, user: &str, active: impl Fn(&str) -> bool) -> Vec<&Workspace> {
        self.run_of(user)
            .iter()
            .filter(|&&(_, _, role)| role == Role::Owner)
            .filter(|&&(_, i, _)| match &self.members[i as usize] {
                Members::Loaded(list) => !list.iter().any(|(u, r)| u != user && *r == Role::Owner && active(u)),
                _ => false,
            })
            .map(|&(_, i, _)| &self.workspaces[i as usize])
            .collect()
    }

    /// The workspaces for which `keep` holds, as (id, name) ordered by name (any case): what a
    /// select or a picker offers.
    pub fn choices(&self, keep: impl Fn(&Workspace) -> bool) -> Vec<(String, String)> {
        by_name(self.workspaces.iter().filter(|w| keep(w)).map(|w| (w.id.to_string(), w.name.clone())))
    }
}

/// (key, name) pairs ordered by name in any case, for a select or a picker.
pub fn by_name(choices: impl Iterator<Item = (String, String)>) -> Vec<(String, String)> {
    let mut list: Vec<(String, String)> = choices.collect();
    order::sort_by_cached_key(&mut list, |(_, name)| lower_case(name));
    list
}

/// A workspace that would be left without an active owner by a deactivation: it must be handed
/// to someone first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handover {
    /// The user being deactivated who owns it (the first of them, when several do).
    pub owner: UserId,
    pub workspace: WorkspaceId,
    pub name: String,
    /// A likely new owner: the workspace's first member who stays active, if any.
    pub suggested: Option<UserId>,
}

impl Memberships {
    /// For deactivating `leaving` (id, email) together: every workspace one of them owns that
    /// would have no active owner left, once each, in the order of `leaving`. `active` says
    /// whether a user is active now; those leaving are counted as gone. A user's own default
    /// workspace is left out: it is theirs, and deactivated users keep their workspaces.
    pub fn handovers(&self, leaving: &[(UserId, Option<String>)], active: impl Fn(&str) -> bool) -> Vec<Handover> {
        let stays = |u: &str| active(u) && !leaving.iter().any(|(l, _)| l == u);
        let mut seen = Vec::new();
        let mut list = Vec::new();
        for (owner, email) in leaving {
            for workspace in self.only_active_owner_of(owner, stays) {
                if is_default_of(workspace, email.as_deref()) || seen.contains(&workspace.id) {
                    continue;
                }
                seen.push(workspace.id);
                let suggested = match self.get(workspace.id).map(|(_, m)| m) {
                    Some(Members::Loaded(members)) => {
                        members.iter().map(|(u, _)| u).find(|u| u.as_str() != owner && stays(u)).cloned()
                    }
                    _ => None,
                };
                list.push(Handover {
                    owner: owner.clone(),
                    workspace: workspace.id,
                    name: workspace.name.clone(),
                    suggested,
                });
            }
        }
        list
    }
}

/// A handover the administrator has settled: make `new_owner` owner of the workspace before
/// `owner` is deactivated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoverStep {
    pub owner: UserId,
    pub workspace: WorkspaceId,
    pub name: String,
    pub new_owner: UserId,
    pub new_owner_label: String,
}

/// The user a typed name means among `candidates` (id, label): the label, any case, trimmed.
pub fn pick_user<'a>(typed: &str, candidates: &'a [(UserId, String)]) -> Option<&'a (UserId, String)> {
    let typed = typed.trim();
    (!typed.is_empty()).then(|| candidates.iter().find(|(_, label)| label.eq_ignore_ascii_case(typed))).flatten()
}

/// The name Wallaroo gives a user's own workspace [SDK `workspace.py`].
pub fn default_workspace_name(email: &str) -> String {
    format!("{email} - Default Workspace")
}

/// Whether `workspace` is the default workspace of the user with this email.
pub fn is_default_of(workspace: &Workspace, email: Option<&str>) -> bool {
    email.is_some_and(|email| workspace.name.eq_ignore_ascii_case(&default_workspace_name(email)))
}

/// Why `user` may not be removed from `workspace` whose members are `members` now, as the SDK
/// refuses it (on the client side only, so the panel must): the last member, or the user's own
/// default workspace. `None` when the removal may go ahead.
pub fn remove_refusal(
    workspace: &Workspace,
    members: &[Membership],
    user: &str,
    email: Option<&str>,
) -> Option<&'static str> {
    if is_default_of(workspace, email) {
        return Some("A user cannot be removed from their own default workspace");
    }
    if members.len() == 1 && members[0].0 == user {
        return Some("The last member of a workspace cannot be removed");
    }
    None
}

/// What a membership change still needs, given the members the server has now (read right
/// before sending, so nothing is sent from a stale view).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemberCheck {
    /// Send it.
    Send,
    /// Nothing to send: the server already has it (someone else made the change).
    Already(&'static str),
    /// Not to be sent: the reason.
    Refused(&'static str),
}

/// `want`: the role to give the user, or `None` to remove them.
pub fn check_member_change(
    workspace: &Workspace,
    current: &[Membership],
    user: &str,
    email: Option<&str>,
    want: Option<Role>,
) -> MemberCheck {
    let now = current.iter().find(|(u, _)| u == user).map(|(_, r)| *r);
    match (now, want) {
        (None, None) => MemberCheck::Already("already not a member"),
        (Some(_), None) => match remove_refusal(workspace, current, user, email) {
            Some(reason) => MemberCheck::Refused(reason),
            None => MemberCheck::Send,
        },
        (Some(Role::Owner), Some(Role::Owner)) => MemberCheck::Already("already an owner"),
        (Some(Role::Collaborator), Some(Role::Collaborator)) => MemberCheck::Already("already a member"),
        // Making an owner a collaborator is not offered: the last owner would leave it ownerless.
        (Some(Role::Owner), Some(Role::Collaborator)) => MemberCheck::Already("already a member, as owner"),
        (_, Some(_)) => MemberCheck::Send,
    }
}

/// Why the SDK would refuse `name` for a new workspace, or `None`: it must start with a
/// letter, hold only letters, digits and `-`, not end in `-`, and be under 64 characters
/// (`^[a-zA-Z][a-zA-Z0-9-]*[a-zA-Z0-9]*$`). A name already taken is refused by the server too.
pub fn name_problem<'a>(name: &str, taken: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let name = name.trim();
    let Some(first) = name.chars().next() else { return Some("Enter a name.".into()) };
    if name.chars().count() >= 64 {
        return Some("The name must be under 64 characters.".into());
    }
    if !first.is_ascii_alphabetic() {
        return Some("The name must start with a letter (a–z, A–Z).".into());
    }
    if let Some(bad) = name.chars().find(|c| !(c.is_ascii_alphanumeric() || *c == '-')) {
        let shown = if bad == ' ' { "spaces".to_owned() } else { format!("\u{201c}{bad}\u{201d}") };
        return Some(format!("The name may hold only letters, digits and - (not {shown})."));
    }
    if name.ends_with('-') {
        return Some("The name must not end with -.".into());
    }
    if taken.into_iter().any(|t| t == name) {
        return Some(format!("A workspace named {name} exists already."));
    }
    None
}

/// The workspace filter of the users view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum InWorkspace {
    #[default]
    Any,
    /// Users in no workspace at all.
    None,
    /// Users who are members of this workspace.
    Of(WorkspaceId),
}

impl InWorkspace {
    /// The URL value (`ws=none`, `ws=14`); anything else means any.
    pub fn parse(value: &str) -> InWorkspace {
        match value {
            "none" => InWorkspace::None,
            _ => value.parse().map_or(InWorkspace::Any, InWorkspace::Of),
        }
    }

    pub fn value(self) -> String {
        match self {
            InWorkspace::Any => String::new(),
            InWorkspace::None => "none".into(),
            InWorkspace::Of(id) => id.to_string(),
        }
    }

    /// Whether a user passes. Until the memberships are loaded nobody is known to be in a
    /// workspace, so the filter narrows as they arrive.
    pub fn accepts(self, memberships: &Memberships, user: &str) -> bool {
        match self {
            InWorkspace::Any => true,
            InWorkspace::None => memberships.count_of(user) == 0,
            InWorkspace::Of(id) => memberships.is_member(id, user),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ws(id: i64, name: &str) -> Workspace {
        Workspace {
            id,
            name: name.into(),
            created_at: "2024-07-11T16:51:50.885751+00:00".into(),
            created_by: "x".into(),
            archived: false,
            models: vec![],
            pipelines: vec![],
        }
    }

    fn loaded(list: &[(&str, Role)]) -> Members {
        Members::Loaded(list.iter().map(|(u, r)| ((*u).to_owned(), *r)).collect())
    }

    fn sample() -> Memberships {
        let mut m = Memberships::new(vec![ws(1, "fraud"), ws(2, "vision"), ws(3, "ana@x.io - Default Workspace")]);
        m.apply([
            (1, loaded(&[("ana", Role::Owner), ("bo", Role::Collaborator), ("cy", Role::Owner)])),
            (2, loaded(&[("bo", Role::Owner), ("ghost", Role::Collaborator)])),
        ]);
        m
    }

    #[test]
    fn memberships_are_inverted_per_user_as_answers_arrive() {
        let mut m = sample();
        assert_eq!(m.progress(), (1, 0), "the default workspace is still loading");
        assert_eq!(m.count_of("bo"), 2);
        assert_eq!(m.names_of("bo"), "fraud, vision (owner)");
        assert_eq!(m.count_of("ana"), 1);
        m.apply([(3, loaded(&[("ana", Role::Owner)])), (99, Members::Failed("unknown".into()))]);
        assert_eq!(m.count_of("ana"), 2);
        assert_eq!(m.progress(), (0, 0), "an answer for an unknown workspace is ignored");
        assert_eq!(
            m.choices(|w| w.id != 2),
            [("3".to_owned(), "ana@x.io - Default Workspace".to_owned()), ("1".to_owned(), "fraud".to_owned())],
            "by name in any case"
        );
        m.apply([(2, Members::Failed("HTTP 500".into()))]);
        assert_eq!(m.count_of("bo"), 1, "a failed workspace no longer counts");
        assert_eq!(m.failures()[0].0.name, "vision");
        assert_eq!(
            members_from(vec![Member { user_id: "a".into(), user_type: Some("OWNER".into()) }])[0].1,
            Role::Owner
        );
        assert_eq!(Role::parse(Some("Collaborator")), Role::Collaborator);
        assert_eq!(Role::parse(None), Role::Collaborator, "the model's default");
    }

    /// The per-user index built from scratch: what the incremental one must equal.
    fn rebuilt(m: &Memberships) -> Vec<(UserId, u32, Role)> {
        let mut all: Vec<(UserId, u32, Role)> = Vec::new();
        for (i, members) in m.members.iter().enumerate() {
            if let Members::Loaded(list) = members {
                all.extend(list.iter().map(|(u, r)| (u.clone(), i as u32, *r)));
            }
        }
        all.sort_by(by_user_order);
        all
    }

    #[test]
    fn the_index_kept_up_to_date_batch_by_batch_equals_one_built_from_scratch() {
        let names = ["ana", "bo", "cy", "dee", "eve", "fay", "gus"];
        let mut m = Memberships::new((1..=30).map(|id| ws(id, &format!("w{id}"))).collect());
        let members = |id: i64, shift: usize| {
            let list: Vec<(&str, Role)> = (0..(id as usize % 5) + 1)
                .map(|k| {
                    (
                        names[(id as usize * 3 + k + shift) % names.len()],
                        if k == 0 { Role::Owner } else { Role::Collaborator },
                    )
                })
                .collect();
            loaded(&list)
        };
        // Batches in any order, a workspace answered twice in one batch, failures, answers again.
        for batch in [vec![7, 3, 22], vec![1, 30, 30, 15], vec![2, 4, 6, 8, 10], vec![3, 7], vec![11, 12, 13, 14]] {
            m.apply(batch.iter().map(|&id| (id, members(id, batch.len()))));
            assert_eq!(m.by_user, rebuilt(&m), "after {batch:?}");
        }
        m.apply([(22, Members::Failed("HTTP 500".into())), (1, Members::Loading)]);
        assert_eq!(m.by_user, rebuilt(&m));
        m.set_role(4, "zed", Some(Role::Owner));
        m.set_role(4, names[0], None);
        assert_eq!(m.by_user, rebuilt(&m));
        m.add_workspace(ws(31, "new"), loaded(&[("ana", Role::Owner)]));
        assert_eq!(m.by_user, rebuilt(&m));
        assert_eq!(m.count_of("ana"), m.by_user.iter().filter(|e| e.0 == "ana").count());
    }

    #[test]
    fn an_optimistic_change_shows_at_once_and_can_be_undone() {
        let mut m = sample();
        m.set_role(2, "ana", Some(Role::Collaborator));
        assert!(m.is_member(2, "ana"));
        m.set_role(2, "ana", Some(Role::Owner));
        assert_eq!(m.of_user("ana").filter(|(_, r)| *r == Role::Owner).count(), 2);
        m.set_role(2, "ana", None);
        assert!(!m.is_member(2, "ana"));
    }

    #[test]
    fn only_active_owners_are_found_for_offboarding() {
        let m = sample();
        let everyone = |_: &str| true;
        // fraud has two owners; vision has bo alone.
        let names = |list: Vec<&Workspace>| list.iter().map(|w| w.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(m.only_active_owner_of("bo", everyone)), ["vision"]);
        assert!(m.only_active_owner_of("ana", everyone).is_empty());
        // With cy inactive, ana is fraud's only active owner.
        assert_eq!(names(m.only_active_owner_of("ana", |u: &str| u != "cy")), ["fraud"]);
        assert_eq!(m.has_active_owner(1, |u: &str| u == "bo"), Some(false));
        assert_eq!(m.has_active_owner(2, everyone), Some(true));
        assert_eq!(m.has_active_owner(2, |u: &str| u == "ghost"), Some(false), "an unknown id is no owner");
        assert_eq!(m.has_active_owner(2, |u: &str| u != "bo"), Some(false));
        assert_eq!(m.has_active_owner(3, everyone), None, "not loaded yet");
    }

    #[test]
    fn deactivating_together_hands_each_ownerless_workspace_over_once() {
        let m = sample();
        let everyone = |_: &str| true;
        // bo alone owns vision; ghost (no user) stays, but is no user, so not suggested.
        let leaving =
            |ids: &[&str]| ids.iter().map(|id| ((*id).to_owned(), Some(format!("{id}@x.io")))).collect::<Vec<_>>();
        let list = m.handovers(&leaving(&["bo"]), |u: &str| u != "ghost");
        assert_eq!(list.len(), 1);
        assert_eq!(
            (list[0].owner.as_str(), list[0].name.as_str(), list[0].suggested.as_deref()),
            ("bo", "vision", None)
        );
        // ana and cy together: fraud loses both owners; listed once, under ana, bo suggested.
        let list = m.handovers(&leaving(&["ana", "cy"]), everyone);
        assert_eq!(list.len(), 1);
        assert_eq!((list[0].owner.as_str(), list[0].suggested.as_deref()), ("ana", Some("bo")));
        // ana alone: cy still owns fraud.
        assert!(m.handovers(&leaving(&["ana"]), everyone).is_empty());
        // ana alone owns her default workspace: it stays hers.
        let mut m = m;
        m.apply([(3, loaded(&[("ana", Role::Owner)]))]);
        assert!(m.handovers(&leaving(&["ana"]), everyone).is_empty());
        assert_eq!(m.only_active_owner_of("ana", everyone).len(), 1);
    }

    #[test]
    fn a_typed_new_owner_must_be_one_of_the_candidates() {
        let candidates = vec![("1".to_owned(), "ana@x.io".to_owned()), ("2".to_owned(), "bo@x.io".to_owned())];
        assert_eq!(pick_user(" BO@x.io ", &candidates).map(|c| c.0.as_str()), Some("2"));
        assert_eq!(pick_user("bo", &candidates), None);
        assert_eq!(pick_user("", &candidates), None);
    }

    #[test]
    fn the_sdks_removal_guards_and_the_fresh_state_decide_what_is_sent() {
        let fraud = ws(1, "fraud");
        let default = ws(3, "Ana@x.io - Default Workspace");
        let members = vec![("ana".to_owned(), Role::Owner), ("bo".to_owned(), Role::Collaborator)];
        assert_eq!(remove_refusal(&fraud, &members, "bo", Some("bo@x.io")), None);
        assert!(remove_refusal(&default, &members, "ana", Some("ana@x.io")).unwrap().contains("default workspace"));
        let alone = vec![("ana".to_owned(), Role::Owner)];
        assert!(remove_refusal(&fraud, &alone, "ana", None).unwrap().contains("last member"));
        let check = |current: &[Membership], user: &str, want| check_member_change(&fraud, current, user, None, want);
        assert_eq!(check(&members, "bo", Some(Role::Owner)), MemberCheck::Send);
        assert_eq!(check(&members, "ana", Some(Role::Owner)), MemberCheck::Already("already an owner"));
        assert_eq!(check(&members, "cy", None), MemberCheck::Already("already not a member"));
        assert_eq!(check(&members, "cy", Some(Role::Collaborator)), MemberCheck::Send);
        assert!(matches!(check(&alone, "ana", None), MemberCheck::Refused(_)));
    }

    #[test]
    fn new_names_follow_the_sdks_rule() {
        let taken = ["fraud"];
        assert_eq!(name_problem("churn-2024", taken), None);
        assert_eq!(name_problem("a", taken), None);
        for (bad, why) in [
            ("", "Enter"),
            ("2fast", "start with a letter"),
            ("-x", "start with a letter"),
            ("my workspace", "not spaces"),
            ("a_b", "not \u{201c}_\u{201d}"),
            ("<b>", "start with a letter"),
            ("ab-", "end with -"),
            ("fraud", "exists already"),
            (&"a".repeat(64), "under 64"),
        ] {
            let problem = name_problem(bad, taken).unwrap_or_else(|| panic!("{bad:?} was accepted"));
            assert!(problem.contains(why), "{bad:?}: {problem}");
        }
        assert_eq!(name_problem(&"a".repeat(63), taken), None);
    }

    #[test]
    fn the_workspace_filter_reads_the_url_and_narrows_as_members_arrive() {
        assert_eq!(InWorkspace::parse("none"), InWorkspace::None);
        assert_eq!(InWorkspace::parse("14"), InWorkspace::Of(14));
        assert_eq!(InWorkspace::parse("x"), InWorkspace::Any);
        for f in [InWorkspace::Any, InWorkspace::None, InWorkspace::Of(3)] {
            assert_eq!(InWorkspace::parse(&f.value()), f);
        }
        let m = sample();
        assert!(InWorkspace::Of(2).accepts(&m, "ghost"));
        assert!(!InWorkspace::Of(2).accepts(&m, "ana"));
        assert!(InWorkspace::None.accepts(&m, "zed"));
        assert!(!InWorkspace::None.accepts(&m, "bo"));
        assert!(is_default_of(&ws(3, "ana@x.io - Default Workspace"), Some("ANA@x.io")));
    }
}
