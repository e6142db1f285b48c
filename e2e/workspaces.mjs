// Workspace access in headless Chromium against the stand-in stack: the users table's
// Workspaces column and filter, a user's memberships (add, make owner, remove, the SDK's
// guards), offboarding (hand over, then deactivate; a failure in the middle), the workspaces
// view (search, filter, sort, create, members, deep link), bulk add, faults, hostile names,
// and a viewer seeing it all read-only. Each check puts the seeded users and workspaces back
// through the API first, and reads the server's truth after.
//   ORIGIN=http://127.0.0.1:18080 node e2e/workspaces.mjs
import { launch, run, assert, until, signInAt } from './lib/browser.mjs';
import { Realm, seed } from './lib/realm.mjs';
import { UsersPage } from './lib/users-page.mjs';

const origin = process.env.ORIGIN ?? 'http://127.0.0.1:8080';
const basePath = process.env.BASE_PATH ?? '/';
const panel = `${origin}${basePath}`;
const browser = await launch();
const realm = await Realm.connect({ origin, basePath });
const ADMIN = { username: 'ana.silva@example.com', password: 'ana-silva-demo' };
const VIEWER = { username: 'viewer@example.com', password: 'viewer' };
const PROVOKED = /status of (400|403|500)/;
const idOf = (email) => seed.find((u) => u.email === email).id;

async function signedIn(who = ADMIN, query = '') {
  await realm.restoreSeed();
  await realm.restoreWorkspaces();
  const users = await UsersPage.signIn(browser, panel, { ...who, query });
  users.page.on('dialog', (d) => d.dismiss());
  return users;
}

const withPage = (fn, who, query) => async () => {
  const users = await signedIn(who, query);
  try {
    await fn(users, users.page);
  } finally {
    await users.close();
  }
};

/** Waits until every drawn Workspaces cell is filled in (no "…"). */
async function filledIn(page) {
  await until(async () => {
    const cells = await page.locator('[data-testid=user-row] [data-testid=workspaces]').allTextContents();
    return cells.length > 0 && cells.every((c) => /^\d+$/.test(c));
  }, async () => `workspaces cells: ${await page.locator('[data-testid=workspaces]').allTextContents()}`, 10_000);
}

/** How many workspaces each user is in, by user id, as the server has it. */
async function serverCounts() {
  const counts = new Map();
  for (const w of await realm.workspaces()) {
    const { users } = await realm.call('workspaces/list_users', { workspace_id: w.id });
    for (const m of users) counts.set(m.user_id, (counts.get(m.user_id) ?? 0) + 1);
  }
  return counts;
}

const cell = (users, email) => users.row(email).locator('[data-testid=workspaces]');
const membership = (page, name) => page.locator('[data-testid=membership]', { has: page.locator('.memberships__name', { hasText: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) });

async function openDetail(users, email) {
  await users.row(email).locator('[data-testid=user-link]').click();
  await users.page.locator('[data-testid=user-workspaces] [data-testid=membership]').first().waitFor();
}

async function pick(page, scope, name, role = 'collaborator') {
  const form = page.locator(`${scope} [data-testid=picker]`);
  await form.locator('[data-testid=picker-input]').fill(name);
  await form.locator('[data-testid=picker-role]').selectOption(role);
  await form.locator('[data-testid=picker-add]').click();
}

async function serverRole(workspace, email) {
  return (await realm.members(workspace)).get(idOf(email));
}

async function untilServer(check, message) {
  await until(check, message, 10_000);
}

/** The workspaces view, reached from the header's tabs. */
async function toWorkspaces(page) {
  await page.click('[data-testid=view-workspaces]');
  await page.locator('[data-testid=workspace-row]').first().waitFor();
  await until(async () => !(await page.locator('[data-testid=ws-members]').allTextContents()).includes('…'), async () => 'member counts filled in');
}

try {
  await run('workspaces', [
    ['the Workspaces column fills in after the rows, counts as the server does, names them in its title, and sorts', withPage(async (users, page) => {
      await filledIn(page);
      const counts = await serverCounts();
      for (const u of seed.filter((u) => u.email)) {
        const shown = Number(await cell(users, u.email).textContent());
        assert(shown === (counts.get(u.id) ?? 0), `${u.email}: ${shown} shown, ${counts.get(u.id) ?? 0} on the server`);
      }
      const title = await cell(users, 'ops.lead@example.com').getAttribute('title');
      assert(/edge-deployments \(owner\)/.test(title) && /churn-forecast \(owner\)/.test(title), `names and roles in the title: ${title}`);
      assert(await cell(users, 'new.hire@example.com').getAttribute('title') === 'In no workspace', 'none said in words');
      await page.click('[data-testid=sort-workspaces]');
      await page.click('[data-testid=sort-workspaces]');
      await users.paramIs('sort', '-workspaces');
      const most = [...counts.entries()].filter(([id]) => seed.some((u) => u.id === id)).sort((a, b) => b[1] - a[1])[0][1];
      await until(async () => Number((await page.locator('[data-testid=workspaces]').first().textContent())) === most, async () => `most first: ${await page.locator('[data-testid=workspaces]').allTextContents()}`);
      const shown = (await page.locator('[data-testid=user-row] [data-testid=workspaces]').allTextContents()).map(Number);
      assert(shown.every((n, i) => i === 0 || shown[i - 1] >= n), `descending: ${shown}`);
    })],
    ['the workspace filter (and "in no workspace") narrows the list with the right count, in the URL', withPage(async (users, page) => {
      await filledIn(page);
      const vision = await realm.workspace('vision-qa');
      await page.selectOption('[data-testid=filter-workspace]', { label: 'vision-qa' });
      await users.paramIs('ws', String(vision.id));
      const members = [...(await realm.members('vision-qa')).keys()].map((id) => seed.find((u) => u.id === id).email);
      await users.showsExactly(members);
      await users.countsAre({ shown: members.length });
      await page.selectOption('[data-testid=filter-workspace]', 'none');
      const counts = await serverCounts();
      const none = (await realm.users()).filter((u) => !counts.get(u.id)).map((u) => u.email ?? u.username);
      await users.showsExactly(none);
      await users.countsAre({ shown: none.length });
      // The view survives a reload (the filter applies once the memberships are in).
      await page.reload();
      await page.locator('[data-testid=user-row]').first().waitFor();
      await users.showsExactly(none);
      await users.clearFilters();
      await users.countsAre({ shown: (await realm.users()).length });
    })],
    ['in a user\'s details: add as collaborator, make owner, remove (confirmed), each true to the server; the SDK\'s guards say why', withPage(async (users, page) => {
      await filledIn(page);
      await openDetail(users, 'tariq.rahman@example.com');
      const detail = '[data-testid=user-workspaces]';
      // His own default workspace cannot be left.
      const own = membership(page, 'tariq.rahman@example.com - Default Workspace');
      const refused = own.locator('[data-testid=remove-member]');
      assert(await refused.isDisabled() && /own default workspace/.test(await refused.getAttribute('title')), 'default workspace guarded');
      await pick(page, detail, 'vision-qa');
      await membership(page, 'vision-qa').waitFor();
      await users.toast('Added tariq.rahman@example.com to vision-qa');
      await untilServer(async () => (await serverRole('vision-qa', 'tariq.rahman@example.com')) === 'COLLABORATOR', async () => 'added on the server');
      await until(async () => (await cell(users, 'tariq.rahman@example.com').textContent()) === '5', async () => `the column follows: ${await cell(users, 'tariq.rahman@example.com').textContent()}`);
      await membership(page, 'vision-qa').locator('[data-testid=make-owner]').click();
      await users.toast('Made tariq.rahman@example.com owner of vision-qa');
      await untilServer(async () => (await serverRole('vision-qa', 'tariq.rahman@example.com')) === 'OWNER', async () => 'owner on the server');
      await until(async () => (await membership(page, 'vision-qa').locator('[data-testid=membership-role]').textContent()) === 'owner', async () => 'shown as owner');
      await membership(page, 'vision-qa').locator('[data-testid=remove-member]').click();
      await membership(page, 'vision-qa').locator('[data-testid=confirm-remove]').click();
      await users.toast('Removed tariq.rahman@example.com from vision-qa');
      await untilServer(async () => (await serverRole('vision-qa', 'tariq.rahman@example.com')) === undefined, async () => 'removed on the server');
      await membership(page, 'vision-qa').waitFor({ state: 'detached' });
      // A name not offered is refused before anything is sent.
      await pick(page, detail, 'no-such-workspace');
      await page.locator(`${detail} [data-testid=picker-problem]`).waitFor();
      users.noConsoleErrors();
    })],
    ['the last member cannot be removed, and a change someone made meanwhile is reported, not repeated', withPage(async (users, page) => {
      await filledIn(page);
      const w = await realm.workspace('edge-deployments');
      // Meanwhile, through the API: soren is removed and ops.lead alone is left.
      await realm.call('workspaces/remove_user', { workspace_id: w.id, user_id: idOf('soren.jensen@example.com') });
      await openDetail(users, 'soren.jensen@example.com');
      await membership(page, 'edge-deployments').locator('[data-testid=remove-member]').click();
      await membership(page, 'edge-deployments').locator('[data-testid=confirm-remove]').click();
      await users.toast(/edge-deployments: already not a member/);
      await membership(page, 'edge-deployments').waitFor({ state: 'detached' });
      await users.page.click('[data-testid=detail-close]');
      await openDetail(users, 'ops.lead@example.com');
      const last = membership(page, 'edge-deployments').locator('[data-testid=remove-member]');
      await until(async () => /last member/.test((await last.getAttribute('title')) ?? ''), async () => `last member guarded: ${await last.getAttribute('title')}`);
      assert(await last.isDisabled(), 'disabled');
    })],
    ['offboarding: the only active owner is asked for a new owner, who is made owner first, then the user is deactivated', withPage(async (users, page) => {
      await filledIn(page);
      await users.rowAction('ops.lead@example.com', 'deactivate');
      const handover = page.locator('[data-testid=handover]');
      await handover.waitFor();
      assert(/edge-deployments/.test(await handover.textContent()), `names the workspace: ${await handover.textContent()}`);
      assert(await handover.count() === 1, 'churn-forecast has another owner, so it is not asked');
      const input = handover.locator('[data-testid=new-owner]');
      assert(await input.inputValue() === 'soren.jensen@example.com', `the staying member suggested: ${await input.inputValue()}`);
      await input.fill('nobody@example.com');
      assert(await page.locator('[data-testid=confirm]').isDisabled(), 'no deactivation without a new owner');
      await input.fill('zoe.obrien@example.com');
      await page.click('[data-testid=confirm]');
      await users.toast('Made zoe.obrien@example.com owner of edge-deployments');
      await users.toast('Deactivated ops.lead@example.com');
      await untilServer(async () => (await serverRole('edge-deployments', 'zoe.obrien@example.com')) === 'OWNER', async () => 'zoe owns it');
      const ops = await realm.byEmail('ops.lead@example.com');
      assert(!ops.enabled, 'then deactivated');
      assert((await serverRole('edge-deployments', 'ops.lead@example.com')) === 'OWNER', 'deactivation leaves memberships (Q7)');
    })],
    ['offboarding with a failure in the middle: the handover fails, the user is not deactivated, and the row says which step', withPage(async (users, page) => {
      await filledIn(page);
      await page.route('**/v1/api/workspaces/add_user', (r) => r.fulfill({ status: 500, contentType: 'application/json', body: '{"msg": "store failed", "code": 500}' }));
      for (const email of ['ops.lead@example.com', 'emilie.dubois@example.com']) await users.select(email);
      await page.click('[data-testid=bulk-deactivate]');
      await page.locator('[data-testid=handover]').waitFor();
      await page.click('[data-testid=confirm]');
      await users.toast('1 deactivated, 1 failed');
      const outcome = await users.row('ops.lead@example.com').locator('[data-testid=outcome]').textContent();
      assert(/not deactivated: making .* owner of edge-deployments failed .*store failed/.test(outcome), `the step named: ${outcome}`);
      assert((await realm.byEmail('ops.lead@example.com')).enabled, 'still active on the server');
      assert(!(await realm.byEmail('emilie.dubois@example.com')).enabled, 'the other went ahead');
      assert(await users.status('ops.lead@example.com') === 'Active', 'the row is true to the server');
      assert((await serverRole('edge-deployments', 'soren.jensen@example.com')) === 'COLLABORATOR', 'nothing half-done');
      users.noConsoleErrors(PROVOKED);
    })],
    ['the workspaces view: owners, counts, search, the no-active-owner filter, sort, deep link', withPage(async (users, page) => {
      await toWorkspaces(page);
      const server = await realm.workspaces();
      await until(async () => (await page.locator('[data-testid=workspace-row]').count()) === server.length, async () => 'every workspace listed');
      assert(new RegExp(`${server.length} shown of ${server.length}`).test(await page.locator('[data-testid=ws-figures]').textContent()), 'figures');
      const row = (name) => page.locator('[data-testid=workspace-row]', { has: page.locator('[data-testid=workspace-link]', { hasText: new RegExp(`^${name}$`) }) });
      assert(/ops.lead@example.com/.test(await row('edge-deployments').locator('[data-testid=ws-owners]').textContent()), 'owners by email');
      assert(await row('fraud-detection').locator('[data-testid=ws-members]').textContent() === String((await realm.members('fraud-detection')).size), 'member count');
      await page.check('[data-testid=ws-orphans]');
      await until(async () => (await page.locator('[data-testid=workspace-link]').allTextContents()).includes('retail-recs'), async () => 'retail-recs: its only owner is inactive');
      const orphans = await page.locator('[data-testid=workspace-link]').allTextContents();
      assert(!orphans.includes('fraud-detection'), `only those without an active owner: ${orphans}`);
      // The warning is seen, not cut off by a long owner's email in a narrow cell.
      const seen = await row('retail-recs').locator('[data-testid=no-active-owner]').evaluate((badge) => {
        const b = badge.getBoundingClientRect(); const cell = badge.closest('td').getBoundingClientRect();
        return b.width > 0 && b.left >= cell.left && b.right <= cell.right;
      });
      assert(seen, 'the "no active owner" badge shows whole inside its cell');
      await users.paramIs('orphans', '1');
      await page.uncheck('[data-testid=ws-orphans]');
      await page.fill('[data-testid=ws-search]', 'ops.lead');
      await until(async () => (await page.locator('[data-testid=workspace-link]').allTextContents()).sort().join() === ['churn-forecast', 'edge-deployments', 'ops.lead@example.com - Default Workspace'].join(), async () => `search by owner: ${await page.locator('[data-testid=workspace-link]').allTextContents()}`);
      await page.fill('[data-testid=ws-search]', '');
      await page.click('[data-testid=ws-sort-models]');
      await page.click('[data-testid=ws-sort-models]');
      await users.paramIs('sort', '-models');
      assert(await page.locator('[data-testid=workspace-link]').first().textContent() === 'nlp-sandbox', 'most models first');
      await row('vision-qa').locator('[data-testid=workspace-link]').click();
      await users.paramIs('open', String(server.find((w) => w.name === 'vision-qa').id));
      // The URL opens the same view in a new page.
      const url = page.url();
      await page.goto(url);
      await page.locator('[data-testid=workspace-detail] [data-testid=membership]').first().waitFor({ timeout: 15_000 });
      assert(await page.locator('[data-testid=view-workspaces][aria-current=page]').count() === 1, 'the workspaces tab is current');
      await page.click('[data-testid=view-users]');
      await page.locator('[data-testid=user-row]').first().waitFor();
      assert(!new URL(page.url()).searchParams.has('view'), 'back on the users view');
    })],
    ['create a workspace (the SDK\'s name rule first), then add, promote and remove its members there', withPage(async (users, page) => {
      await toWorkspaces(page);
      await page.fill('[data-testid=ws-name]', 'my workspace');
      await page.locator('[data-testid=ws-name-problem]', { hasText: 'not spaces' }).waitFor();
      await page.fill('[data-testid=ws-name]', 'fraud-detection');
      await page.locator('[data-testid=ws-name-problem]', { hasText: 'exists already' }).waitFor();
      const name = `audit-${Date.now().toString(36)}`;
      await page.fill('[data-testid=ws-name]', name);
      await page.click('[data-testid=ws-create-submit]');
      await users.toast(`Created workspace ${name}`);
      const detail = '[data-testid=workspace-detail]';
      await page.locator(`${detail} [data-testid=membership]`).first().waitFor({ timeout: 10_000 });
      assert(/ana.silva@example.com/.test(await page.locator(`${detail} [data-testid=membership]`).first().textContent()), 'the creator is its owner');
      await pick(page, detail, 'hana.tanaka@example.com');
      await users.toast(`Added hana.tanaka@example.com to ${name}`);
      await membership(page, 'hana.tanaka@example.com').locator('[data-testid=make-owner]').click();
      await users.toast(`Made hana.tanaka@example.com owner of ${name}`);
      await untilServer(async () => (await serverRole(name, 'hana.tanaka@example.com')) === 'OWNER', async () => 'owner on the server');
      await membership(page, 'hana.tanaka@example.com').locator('[data-testid=remove-member]').click();
      await membership(page, 'hana.tanaka@example.com').locator('[data-testid=confirm-remove]').click();
      await users.toast(`Removed hana.tanaka@example.com from ${name}`);
      await untilServer(async () => (await serverRole(name, 'hana.tanaka@example.com')) === undefined, async () => 'removed on the server');
    })],
    ['bulk "Add to workspace…": every selected user is added, each row says how, the server has them', withPage(async (users, page) => {
      await filledIn(page);
      const targets = ['emilie.dubois@example.com', 'new.hire@example.com', 'soren.jensen@example.com'];
      for (const email of targets) await users.select(email);
      await page.click('[data-testid=bulk-add-workspace]');
      await users.dialog('bulk-add').waitFor();
      await pick(page, '[data-testid=bulk-add]', 'fraud-detection', 'collaborator');
      await users.toast('2 added to fraud-detection as collaborator, 1 already members');
      const soren = await users.row('soren.jensen@example.com').locator('[data-testid=outcome]').textContent();
      assert(/already a member/.test(soren), `soren was in it: ${soren}`);
      for (const email of targets) assert((await serverRole('fraud-detection', email)) !== undefined, `${email} on the server`);
      await until(async () => (await cell(users, 'new.hire@example.com').textContent()) === '1', async () => 'the column follows');
    })],
    ['a failed list_users names its workspace with a retry, the rest fill in; a 403 on a change says what is missing', async () => {
      await realm.restoreSeed();
      await realm.restoreWorkspaces();
      const vision = await realm.workspace('vision-qa');
      // The fault is in place before the first load, so the one load there is meets it (a
      // later load started by a Refresh could race with the fault's removal below).
      const p = await browser.newPage({ viewport: { width: 1280, height: 1200 } });
      let failing = true;
      await p.route('**/v1/api/workspaces/list_users', (r) => {
        if (failing && JSON.parse(r.request().postData()).workspace_id === vision.id) {
          return r.fulfill({ status: 500, contentType: 'application/json', body: '{"msg": "members store down", "code": 500}' });
        }
        return r.continue();
      });
      await signInAt(p, panel, ADMIN.username, ADMIN.password);
      const users = new UsersPage(p, panel);
      try {
        const notice = p.locator('[data-testid=workspace-error]');
        await notice.waitFor({ timeout: 10_000 });
        assert(/vision-qa.*members store down/.test(await notice.textContent()), `names it: ${await notice.textContent()}`);
        await filledIn(p);
        failing = false;
        await p.click('[data-testid=workspace-retry]');
        await notice.waitFor({ state: 'detached', timeout: 10_000 });
        await p.route('**/v1/api/workspaces/add_user', (r) => r.fulfill({ status: 403, contentType: 'application/json', body: '{"msg": "no manage-users", "code": 403}' }));
        await openDetail(users, 'tariq.rahman@example.com');
        await pick(p, '[data-testid=user-workspaces]', 'vision-qa');
        await users.toast(/not allowed to do this \(no manage-users\)/);
        await membership(p, 'vision-qa').waitFor({ state: 'detached', timeout: 10_000 });
        users.noConsoleErrors(PROVOKED);
      } finally {
        await users.close();
      }
    }],
    ['an unanswered change times out and then shows what the server did; a 401 on a workspace call is refreshed and retried', async () => {
      await realm.restoreSeed();
      await realm.restoreWorkspaces();
      const users = await UsersPage.signIn(browser, panel, { ...ADMIN, config: { requestTimeoutSeconds: 2 } });
      const page = users.page;
      try {
        await filledIn(page);
        // The server makes the change, but its answer never comes: "did not answer", then the
        // members read again show it made.
        await page.route('**/v1/api/workspaces/add_user', async (r) => { await r.fetch(); await new Promise((res) => setTimeout(res, 3_000)); await r.abort().catch(() => {}); });
        await openDetail(users, 'tariq.rahman@example.com');
        await pick(page, '[data-testid=user-workspaces]', 'vision-qa');
        await users.toast(/vision-qa: The Wallaroo API did not answer within 2 s/);
        await membership(page, 'vision-qa').waitFor({ timeout: 10_000 });
        assert((await serverRole('vision-qa', 'tariq.rahman@example.com')) === 'COLLABORATOR', 'the server made it, and the list says so');
        await page.unroute('**/v1/api/workspaces/add_user');
        // A 401 (an expired token, say) on list_users: one refresh, one retry, no sign-in asked.
        let refused = 0;
        await page.route('**/v1/api/workspaces/list_users', (r) => {
          if (refused === 0) {
            refused += 1;
            return r.fulfill({ status: 401, contentType: 'application/json', body: '{"msg": "token expired", "code": 401}' });
          }
          return r.continue();
        });
        await membership(page, 'vision-qa').locator('[data-testid=make-owner]').click();
        await users.toast('Made tariq.rahman@example.com owner of vision-qa');
        assert(refused === 1, 'the 401 was sent');
        assert(await page.locator('[data-testid=session-expired]').count() === 0, 'no sign-in asked');
        assert((await serverRole('vision-qa', 'tariq.rahman@example.com')) === 'OWNER', 'done on the server');
        users.noConsoleErrors(/status of 401|ERR_FAILED|Failed to fetch|aborted/i);
      } finally {
        await users.close();
      }
    }],
    ['a quiet refresh leaves the memberships alone (a call per workspace); Refresh and a change in another tab load them again', async () => {
      await realm.restoreSeed();
      await realm.restoreWorkspaces();
      const users = await UsersPage.signIn(browser, panel, { ...ADMIN, config: { autoRefreshSeconds: 0, refreshOnReturnSeconds: 0 } });
      const page = users.page;
      try {
        await filledIn(page);
        let calls = 0;
        page.on('request', (r) => { if (r.url().endsWith('/workspaces/list_users')) calls += 1; });
        const before = await users.loadedAt();
        await users.hideAndShow();
        await until(async () => (await users.loadedAt()) > before, async () => 'the quiet refresh ran');
        await new Promise((r) => setTimeout(r, 1_000));
        assert(calls === 0, `no member calls after a quiet refresh: ${calls}`);
        const count = (await realm.workspaces()).length;
        await users.refresh();
        await until(async () => calls >= count, async () => `Refresh reloads them: ${calls} of ${count}`, 10_000);
        await filledIn(page);
        // Another tab of the same browser changes a membership: this one reloads them.
        const other = await users.newTab();
        try {
          await filledIn(other.page);
          calls = 0;
          await other.page.locator('[data-testid=user-row] [data-testid=user-link]', { hasText: 'tariq.rahman@example.com' }).click();
          await other.page.locator('[data-testid=user-workspaces] [data-testid=membership]').first().waitFor();
          await pick(other.page, '[data-testid=user-workspaces]', 'vision-qa');
          await other.toast('Added tariq.rahman@example.com to vision-qa');
          await until(async () => (await cell(users, 'tariq.rahman@example.com').textContent()) === '5', async () => `the first tab follows: ${await cell(users, 'tariq.rahman@example.com').textContent()} after ${calls} calls`, 15_000);
          assert(calls >= count, `it reloaded the memberships: ${calls}`);
        } finally {
          await other.page.close();
        }
      } finally {
        await users.close();
      }
    }],
    ['hostile workspace names render as text; a member who matches no user is shown plainly and can be removed', withPage(async (users, page) => {
      const hostile = `<img src=x onerror="window.__pwned=1"> ${'w'.repeat(10 * 1024)} \u202Eevil\u202C שלום`;
      const existing = await realm.workspace(hostile);
      const id = existing?.id ?? (await realm.call('workspaces/create', { workspace_name: hostile })).workspace_id;
      await realm.call('workspaces/add_user', { workspace_id: id, user_id: idOf('zoe.obrien@example.com') });
      await users.refresh();
      await filledIn(page);
      await toWorkspaces(page);
      assert(await page.locator('[data-testid=workspaces-view] img').count() === 0, 'no markup from a name');
      assert(await page.evaluate(() => window.__pwned) === undefined, 'nothing ran');
      await page.locator('[data-testid=workspace-link]', { hasText: 'research-archive' }).click();
      const unknown = page.locator('[data-testid=workspace-detail] [data-testid=membership]', { hasText: 'unknown user (9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a)' });
      await unknown.waitFor();
      await unknown.locator('[data-testid=remove-member]').click();
      await unknown.locator('[data-testid=confirm-remove]').click();
      await users.toast(/Removed unknown user/);
      await untilServer(async () => !(await realm.members('research-archive')).has('9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a'), async () => 'removed on the server');
      // The hostile name in the users view: the filter and a title hold it as text.
      await page.click('[data-testid=view-users]');
      const title = await cell(users, 'zoe.obrien@example.com').getAttribute('title');
      assert(title.includes('<img src=x'), 'the title holds the name as text');
      users.noConsoleErrors();
    })],
    ['a workspace part whose chunk cannot be fetched says so with a retry, which brings it; the users view never waits for it', async () => {
      await realm.restoreSeed();
      await realm.restoreWorkspaces();
      const page = await browser.newPage();
      // The chunk (src/lazy.rs) is fetched after the first paint; here every fetch of it fails
      // until `blocked` is cleared, as when the network drops or a deployment replaced it.
      let blocked = true;
      let asked = 0;
      await page.context().route(/\/split_[\w-]+\.wasm$/, (route) => {
        asked += 1;
        return blocked ? route.abort() : route.continue();
      });
      try {
        await signInAt(page, panel, ADMIN.username, ADMIN.password);
        await until(async () => asked > 0, async () => 'the chunk asked for after the first paint');
        await page.click('[data-testid=view-workspaces]');
        const failed = page.locator('[data-testid=chunk-failed]');
        await failed.waitFor();
        const text = await failed.textContent();
        assert(/workspaces view could not be loaded/.test(text), `the failure names what: ${text}`);
        assert(await page.locator('[data-testid=crash]').count() === 0, 'no crash notice');
        // The deactivation question of an only active owner: no handover it could not show.
        await page.click('[data-testid=view-users]');
        const users = new UsersPage(page, panel);
        await filledIn(page);
        await users.rowAction('ops.lead@example.com', 'deactivate');
        const dialog = page.locator('[data-testid=confirm-deactivate]');
        await dialog.locator('[data-testid=chunk-failed]').waitFor();
        assert(await dialog.locator('[data-testid=confirm]').isDisabled(), 'the deactivation waits for the handover question');
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'hidden' });
        await page.click('[data-testid=view-workspaces]');
        await failed.waitFor();
        blocked = false;
        await failed.locator('button').click();
        await page.locator('[data-testid=workspace-row]').first().waitFor();
        assert(await failed.count() === 0, 'the notice goes once the view is in');
        // One fetch serves every part in the chunk: the user detail's memberships need no other.
        const before = asked;
        await page.click('[data-testid=view-users]');
        await page.locator('[data-testid=user-row] [data-testid=user-link]').first().click();
        await page.locator('[data-testid=user-workspaces]').waitFor();
        assert(asked === before, `no second fetch of the chunk (${asked - before})`);
      } finally {
        await page.context().close();
      }
    }],
    ['a viewer sees memberships and workspaces read-only', withPage(async (users, page) => {
      await filledIn(page);
      await openDetail(users, 'ops.lead@example.com');
      assert(await page.locator('[data-testid=user-workspaces] [data-testid=picker]').count() === 0, 'no add');
      const remove = page.locator('[data-testid=user-workspaces] [data-testid=remove-member]').first();
      assert(await remove.isDisabled() && /manage-users/.test(await remove.getAttribute('title')), 'remove disabled, saying why');
      await page.click('[data-testid=detail-close]');
      await toWorkspaces(page);
      assert(await page.locator('[data-testid=ws-create]').count() === 0, 'no create');
      await page.locator('[data-testid=workspace-link]', { hasText: 'vision-qa' }).click();
      await page.locator('[data-testid=workspace-detail] [data-testid=membership]').first().waitFor();
      assert(await page.locator('[data-testid=workspace-detail] [data-testid=picker]').count() === 0, 'no add there either');
      assert(await page.locator('[data-testid=workspace-detail] [data-testid=make-owner]:not([disabled])').count() === 0, 'no promote');
    }, VIEWER)],
  ]);
} finally {
  await realm.restoreSeed().catch((e) => console.log(`could not restore the seed: ${e}`));
  await realm.restoreWorkspaces().catch((e) => console.log(`could not restore the workspaces: ${e}`));
  await browser.close();
}
