// The users page in headless Chromium against the stand-in stack: sorting, search, filters,
// counts, URL state, details, invite, deactivate/activate (one and many), edit, CSV export,
// and every dialog's ways of closing. Each check signs in its own browser context and first
// puts the seeded users back as seeded (through the API), so it passes alone and in any order
// (E2E_ONLY=…, E2E_ORDER=reverse|shuffle); the counts it expects are the server's.
//   ORIGIN=http://127.0.0.1:18080 BASE_PATH=/ node e2e/users.mjs
import { readFileSync } from 'node:fs';
import { launch, run, assert, until } from './lib/browser.mjs';
import { Realm } from './lib/realm.mjs';
import { UsersPage } from './lib/users-page.mjs';

const origin = process.env.ORIGIN ?? 'http://127.0.0.1:8080';
const basePath = process.env.BASE_PATH ?? '/';
const panel = `${origin}${basePath}`;
const browser = await launch();
const realm = await Realm.connect({ origin, basePath });
const ADMIN = { username: 'ana.silva@example.com', password: 'ana-silva-demo' };
// Refusals these checks cause on purpose (a duplicate, the licence limit, a 500) are logged by
// the browser as failed requests.
const PROVOKED = /status of (400|403|500)/;

/**
 * The seeded realm restored, then a page signed in as Ana (a platform admin). Tall enough that
 * the windowed table draws every seeded user: these checks are about the actions; e2e/scale.mjs
 * covers scrolling a realm far larger than the window.
 */
async function signedIn(who = ADMIN) {
  await realm.restoreSeed();
  const users = await UsersPage.signIn(browser, panel, who);
  users.page.on('dialog', (d) => d.dismiss());
  return users;
}

/** A check on a fresh page, closed after it whatever happens. */
const withPage = (fn, who) => async () => {
  const users = await signedIn(who);
  try {
    await fn(users, users.page);
  } finally {
    await users.close();
  }
};

try {
  await run('users', [
    ['every column sorts by click or keyboard, with aria-sort, missing values last', withPage(async (users, page) => {
      assert(await page.locator('th[aria-sort=ascending]').count() === 1, 'the default sort is marked');
      const byUser = await users.emails();
      assert(byUser[0] === 'admin' && byUser[1] === 'ana.silva@example.com', byUser.join());
      await page.click('[data-testid=sort-first]');
      await until(async () => (await users.column(3))[0] === 'Ana', async () => `sorted by first: ${await users.column(3)}`);
      let firsts = await users.column(3);
      assert(firsts[0] === 'Ana' && firsts.at(-1) === '', `ascending, empty last: ${firsts}`);
      assert(firsts.indexOf('Émilie') === firsts.indexOf('Dmitri') + 1, `accents folded: ${firsts}`);
      await page.click('[data-testid=sort-first]');
      await until(async () => (await users.column(3))[0] === 'Zoë', async () => `descending: ${await users.column(3)}`);
      firsts = await users.column(3);
      assert(firsts[0] === 'Zoë' && firsts.at(-1) === '', `descending, empty still last: ${firsts}`);
      assert(await page.locator('th[aria-sort=descending]').count() === 1, 'aria-sort=descending');
      await page.focus('[data-testid=sort-login]');
      await page.keyboard.press('Enter');
      await until(async () => (await page.locator('th[aria-sort=ascending] [data-testid=sort-login]').count()) === 1, async () => 'Enter sorted by last login');
      const logins = await users.column(9);
      assert(logins.at(-1) === 'never' && logins[0] !== 'never', `Enter sorts; never last: ${logins}`);
      await page.keyboard.press(' ');
      await until(async () => (await page.locator('th[aria-sort=descending] [data-testid=sort-login]').count()) === 1, async () => 'Space flipped the order');
      assert((await users.column(9)).at(-1) === 'never', 'never still last');
      await users.paramIs('sort', '-login');
    })],
    ['search and filters narrow the list, the counts follow, and the view survives a reload', withPage(async (users, page) => {
      const server = await realm.users();
      const seats = server.filter((u) => u.enabled).length;
      await users.search('GARCIA');
      await users.showsExactly(['lucia.garcia@example.com']);
      await users.countsAre({ shown: 1, all: server.length, active: seats });
      await users.search('');
      await users.filter('status', 'inactive');
      const inactive = server.filter((u) => !u.enabled).map((u) => u.email ?? u.username);
      for (const seeded of ['dmitri.petrov@example.com', 'priya.sharma@example.com', 'wen.zhang@example.com']) {
        assert(inactive.includes(seeded), `${seeded} is inactive on the server`);
      }
      await users.showsExactly(inactive);
      await users.filter('type', 'admin');
      const inactiveAdmins = server.filter((u) => !u.enabled && (u.realmRoles ?? []).includes('admin')).map((u) => u.email);
      assert(inactiveAdmins.join() === 'wen.zhang@example.com', `inactive admins on the server: ${inactiveAdmins}`);
      await users.showsExactly(inactiveAdmins);
      await users.filter('type', '');
      await users.filter('status', '');
      await users.filter('idle', '90');
      await until(async () => (await users.emails()).length < server.length, async () => 'the idle filter applied');
      // The rows in view are drawn first and the rest of the window right after that frame, so
      // the whole expected set is waited for rather than read at once.
      const idleAsExpected = (idle) => idle.includes('hana.tanaka@example.com') && idle.includes('soren.jensen@example.com') && !idle.includes('admin');
      await until(async () => idleAsExpected(await users.emails()), async () => `idle 90 days: ${await users.emails()}`);
      const idle = await users.emails();
      await users.filter('verified', 'no');
      // The address bar is written once the frame that shows the change is painted.
      await until(async () => /idle=90/.test(page.url()) && /verified=no/.test(page.url()), async () => page.url());
      await page.reload();
      await page.locator('[data-testid=users-table]').waitFor();
      assert(await page.inputValue('[data-testid=filter-idle]') === '90', 'filters restored from the URL');
      assert((await users.emails()).every((e) => idle.includes(e)), 'same rows after reload');
      await users.clearFilters();
      await until(async () => (await users.emails()).length === server.length, async () => 'cleared');
      await users.search('nobody-here');
      assert(await page.locator('[data-testid=empty]').isVisible(), 'empty state');
      users.noConsoleErrors();
    })],
    ['a user opens in a details panel, deep-linkable by id, with every field', withPage(async (users, page) => {
      await page.click('[data-testid=user-link]:text-is("new.hire@example.com")');
      const detail = page.locator('[data-testid=user-detail]');
      await detail.locator('dl').waitFor({ timeout: 10_000 }); // loaded, not "Loading…"
      const body = await detail.textContent();
      assert(/must change password/.test(body) && /Federated identities/.test(body) && /c3d4e5f6-a0b1-4c2d-8e3f-4a5b6c7d8ef8/.test(body), body);
      await users.paramIs('user', 'c3d4e5f6-a0b1-4c2d-8e3f-4a5b6c7d8ef8');
      // A deep link: a full page load straight onto the details (the IdP session signs in silently).
      await page.goto(`${panel}?user=7e2b9c11-0d3f-4e55-8a6b-1c2d3e4f5a6b`);
      await page.locator('[data-testid=user-detail] dl').waitFor({ timeout: 15_000 });
      const admin = await page.locator('[data-testid=user-detail]').textContent();
      assert(/Usernameadmin/.test(admin) && /Emailnone/.test(admin) && /admin/.test(admin), `the built-in admin renders cleanly: ${admin}`);
      await page.click('[data-testid=detail-close]');
      await until(async () => !new URL(page.url()).searchParams.has('user'), async () => `closed: ${page.url()}`);
      await page.goto(`${panel}?user=00000000-0000-0000-0000-000000000000`);
      await page.locator('[data-testid=detail-missing]').waitFor({ timeout: 15_000 });
      await page.click('[data-testid=detail-close]');
    })],
    ['dialogs work by keyboard alone: focus moves in, stays in, Escape closes, focus comes back', withPage(async (users, page) => {
      await page.focus('[data-testid=invite]');
      await page.keyboard.press('Enter');
      await users.dialog('invite-dialog').waitFor();
      assert(await page.evaluate(() => document.activeElement?.dataset.testid) === 'invite-email', 'focus starts in the email field');
      for (let i = 0; i < 12; i += 1) await page.keyboard.press('Tab');
      assert(await page.evaluate(() => !!document.activeElement?.closest('[data-testid=invite-dialog]')), 'Tab stays inside the dialog');
      await page.keyboard.press('Escape');
      await users.dialogClosed('invite-dialog');
      assert(await page.evaluate(() => document.activeElement?.dataset.testid) === 'invite', 'focus returns to the Invite button');
    })],
    ['invite checks the email first, shows the password once, and keeps the form on errors', withPage(async (users, page) => {
      const before = await realm.counts();
      await users.startInvite('not-an-email');
      await page.click('[data-testid=invite-send]');
      assert(/needs an @/.test(await users.text('invite-email-error')), 'validated before sending');
      await page.fill('[data-testid=invite-email]', 'viewer@example.com');
      await page.click('[data-testid=invite-send]');
      const duplicate = await page.locator('[data-testid=invite-error]').textContent({ timeout: 10_000 });
      assert(/already exists/.test(duplicate), duplicate);
      assert(await page.inputValue('[data-testid=invite-email]') === 'viewer@example.com', 'content kept');
      await page.route('**/v1/api/users/invite', (r) => r.fulfill({ status: 403, contentType: 'application/json', body: '{"msg": "You have reached the user limit: the licence allows 5 active users.", "code": 403}' }));
      await page.fill('[data-testid=invite-email]', 'seat.taker@example.com');
      await page.click('[data-testid=invite-send]');
      await page.waitForFunction(() => /licence/.test(document.querySelector('[data-testid=invite-error]')?.textContent ?? ''), null, { timeout: 10_000 });
      assert(/user limit/.test(await users.text('invite-error')), 'the licence limit is explained');
      await page.unroute('**/v1/api/users/invite');
      const stamp = Date.now();
      await page.fill('[data-testid=invite-email]', `New.Person.${stamp}@Example.com`);
      await page.click('[data-testid=generate]');
      const chosen = await page.inputValue('[data-testid=invite-password-input]');
      assert(chosen.length === 24, `generated: ${chosen}`);
      await page.click('[data-testid=invite-send]');
      await users.dialog('invite-result').waitFor({ timeout: 10_000 });
      assert(await users.text('invite-password') === chosen, 'the password is shown once');
      assert(/will not be shown again/.test(await users.dialog('invite-result').textContent()), 'warned');
      await page.click('[data-testid=invite-done]');
      await users.row(`new.person.${stamp}@example.com`).waitFor({ timeout: 10_000 });
      await users.countsAre({ all: before.all + 1 }); // the list was reloaded
      users.noConsoleErrors(PROVOKED);
    })],
    ['every dialog closes with Escape the way its buttons close it, and the list then matches the server', withPage(async (users, page) => {
      // Invite, then Escape on the "initial password" answer instead of Done: the new user is listed.
      const stamp = Date.now();
      const invited = `escape.${stamp}@example.com`;
      await users.startInvite(invited);
      await page.click('[data-testid=invite-send]');
      await users.dialog('invite-result').waitFor({ timeout: 10_000 });
      await page.keyboard.press('Escape');
      await users.dialogClosed('invite-dialog');
      await users.row(invited).waitFor({ timeout: 10_000 });
      await users.countsAre({ all: (await realm.counts()).all });
      // Escape on a half-typed invite: nothing is sent, nothing is listed, no draft left behind.
      await users.startInvite(`never.sent.${stamp}@example.com`);
      await page.keyboard.press('Escape');
      await users.dialogClosed('invite-dialog');
      assert(!(await realm.byEmail(`never.sent.${stamp}@example.com`)), 'nothing was invited');
      assert(await page.evaluate(() => sessionStorage.getItem('wup.invite-draft')) === null, 'the draft is gone');
      // Escape on the deactivation question: nothing changes, here or on the server.
      await users.rowAction('tariq.rahman@example.com', 'deactivate');
      await users.dialog('confirm-deactivate').waitFor();
      await page.keyboard.press('Escape');
      await users.dialogClosed('confirm-deactivate');
      assert(await users.status('tariq.rahman@example.com') === 'Active', 'still Active in the list');
      assert((await realm.byEmail('tariq.rahman@example.com')).enabled, 'still active on the server');
      // Escape on a half-made edit: nothing is saved.
      await users.rowAction('tariq.rahman@example.com', 'edit');
      await page.fill('[data-testid=edit-first]', 'Not Saved');
      await page.keyboard.press('Escape');
      await users.dialogClosed('edit-dialog');
      assert((await realm.byEmail('tariq.rahman@example.com')).firstName === 'Tariq', 'the edit was not sent');
      assert((await users.row('tariq.rahman@example.com').locator('td:nth-child(3)').textContent()) === 'Tariq', 'the list shows the old name');
      // Cancel closes the same way.
      await users.rowAction('tariq.rahman@example.com', 'edit');
      await page.click('[data-testid=edit-dialog] button:text-is("Cancel")');
      await users.dialogClosed('edit-dialog');
      // A user's details, opened by a click on the row's link: Escape closes them at once (the
      // panel took the focus, also once the user is loaded), and the focus is back on that link.
      const link = users.row('tariq.rahman@example.com').locator('[data-testid=user-link]');
      await link.click();
      await page.locator('[data-testid=user-detail] .detail__fields').waitFor();
      await page.keyboard.press('Escape');
      await page.locator('[data-testid=user-detail]').waitFor({ state: 'detached' });
      await users.paramIs('user', null);
      assert(await link.evaluate((a) => a === document.activeElement), 'the focus is back on the row\'s link');
      users.noConsoleErrors();
    })],
    ['deactivate asks first, names the user, changes the row at once; yourself and admin are refused', withPage(async (users, page) => {
      const { active } = await realm.counts();
      assert(await users.row('ana.silva@example.com').locator('[data-testid=deactivate]').isDisabled(), 'not yourself');
      assert(await users.row('admin').locator('[data-testid=deactivate]').isDisabled(), 'not the built-in admin');
      await users.rowAction('lucia.garcia@example.com', 'deactivate');
      const title = await page.locator('[data-testid=confirm-deactivate] h2').textContent();
      assert(title === 'Deactivate lucia.garcia@example.com?', title);
      await page.click('[data-testid=confirm]');
      await users.row('lucia.garcia@example.com').locator('[data-testid=status]:text-is("Inactive")').waitFor({ timeout: 5_000 });
      await users.countsAre({ active: active - 1 });
      // The row and the count change at once (optimistically); the server has it once the toast says so.
      await users.toast('Deactivated lucia.garcia@example.com');
      await until(async () => !(await realm.byEmail('lucia.garcia@example.com')).enabled, async () => 'inactive on the server');
      await users.rowAction('lucia.garcia@example.com', 'activate');
      await users.row('lucia.garcia@example.com').locator('[data-testid=status]:text-is("Active")').waitFor({ timeout: 5_000 });
      await users.countsAre({ active });
    })],
    ['a refused change goes back, with the server\'s reason', withPage(async (users, page) => {
      await page.route('**/v1/api/users/deactivate', (r) => r.fulfill({ status: 400, contentType: 'application/json', body: '{"msg": "keycloak says no", "code": 400}' }));
      await users.rowAction('tariq.rahman@example.com', 'deactivate');
      await page.click('[data-testid=confirm]');
      await users.toast('keycloak says no');
      assert(await users.status('tariq.rahman@example.com') === 'Active', 'rolled back');
      users.noConsoleErrors(PROVOKED);
    })],
    ['bulk deactivate reports each row; a failure in the middle leaves every row true to the server', withPage(async (users, page) => {
      const targets = ['emilie.dubois@example.com', 'hana.tanaka@example.com', 'soren.jensen@example.com'];
      for (const email of targets) await users.select(email);
      assert(/3 selected/.test(await users.text('bulk')), 'selection counted');
      await page.route('**/v1/api/users/deactivate', async (r) => {
        if (JSON.parse(r.request().postData()).email === 'hana.tanaka@example.com') return r.fulfill({ status: 500, contentType: 'application/json', body: '{"msg": "store failed", "code": 500}' });
        return r.continue();
      });
      await page.click('[data-testid=bulk-deactivate]');
      assert(await page.locator('[data-testid=confirm-deactivate] li').count() === 3, 'the dialog lists them');
      await page.click('[data-testid=confirm]');
      await users.toast('2 deactivated, 1 failed');
      await page.unroute('**/v1/api/users/deactivate');
      assert(/store failed/.test(await users.row('hana.tanaka@example.com').locator('[data-testid=outcome]').textContent()), 'the failed row says why');
      assert(await users.status('hana.tanaka@example.com') === 'Active', 'failed row unchanged');
      await users.refresh();
      for (const [email, status] of [['emilie.dubois@example.com', 'Inactive'], ['hana.tanaka@example.com', 'Active'], ['soren.jensen@example.com', 'Inactive']]) {
        assert(await users.status(email) === status, `${email} is ${status} on the server too`);
        assert((await realm.byEmail(email)).enabled === (status === 'Active'), `${email}: the server agrees`);
      }
      const { all, active } = await realm.counts();
      await page.locator('[data-testid=select-all]').check();
      assert(new RegExp(`${all} selected`).test(await users.text('bulk')), 'select all shown');
      await page.click('[data-testid=bulk-activate]');
      // The active ones are not "activated" again: they are counted as already active.
      const summary = new RegExp(`^${all - active} activated, ${active} already active$`);
      await page.locator('[data-testid=toast] .toast__text', { hasText: summary }).waitFor({ timeout: 10_000 });
      assert((await realm.counts()).active === all, 'every user is active on the server');
      // Toasts float over the table's last rows (as a user would, close them rather than wait).
      await users.closeToasts();
      users.noConsoleErrors(PROVOKED);
    })],
    ['edit changes names, email and type through POST /v1/api/user, with validation', withPage(async (users, page) => {
      await users.rowAction('zoe.obrien@example.com', 'edit');
      await page.fill('[data-testid=edit-email]', 'zoe@');
      await page.click('[data-testid=edit-save]');
      assert(/domain/.test(await users.text('edit-email-error')), 'validated');
      await page.fill('[data-testid=edit-email]', 'viewer@example.com');
      await page.click('[data-testid=edit-save]');
      assert(/already has the email/.test(await page.locator('[data-testid=edit-error]').textContent({ timeout: 10_000 })), 'server error in the dialog');
      await page.fill('[data-testid=edit-email]', 'zoe.obrien@corp.example.com');
      await page.fill('[data-testid=edit-first]', 'Zoë Anne');
      await page.check('[data-testid=edit-admin]');
      await page.click('[data-testid=edit-save]');
      const edited = users.row('zoe.obrien@corp.example.com');
      await edited.waitFor({ timeout: 10_000 });
      assert(await edited.locator('td:nth-child(3)').textContent() === 'Zoë Anne', 'first name');
      assert(await edited.locator('[data-testid=type]').textContent() === 'admin', 'type');
      const saved = await realm.byEmail('zoe.obrien@corp.example.com');
      assert(saved?.firstName === 'Zoë Anne' && saved.realmRoles.includes('admin') && saved.enabled, `saved on the server: ${JSON.stringify(saved)}`);
      users.noConsoleErrors(PROVOKED);
    })],
    ['CSV export holds exactly the shown rows, RFC 4180-quoted (formula guarding: host tests)', async () => {
      // Its own state: Zoë edited (as the edit check leaves her), set through the API.
      await realm.restoreSeed();
      await realm.call('user', { id: 'e5f6a7b8-c2d3-4e4f-8a5b-6c7d8e9f0a1a', firstName: 'Zoë Anne', lastName: "O'Brien", email: 'zoe.obrien@corp.example.com', enabled: true, isAdmin: true });
      const users = await UsersPage.signIn(browser, panel, ADMIN);
      try {
        await users.search('o\'brien');
        await users.showsExactly(['zoe.obrien@corp.example.com']);
        const [download] = await Promise.all([users.page.waitForEvent('download'), users.page.click('[data-testid=export]')]);
        const csv = readFileSync(await download.path(), 'utf8');
        const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
        assert(lines.length === 2 && lines[0].startsWith('Username,Email,First name'), csv);
        assert(lines[1].startsWith('zoe.obrien@corp.example.com,zoe.obrien@corp.example.com,Zoë Anne,O\'Brien,Active,admin'), lines[1]);
        assert(download.suggestedFilename() === 'wallaroo-users.csv', download.suggestedFilename());
      } finally {
        await users.close();
      }
    }],
    ['the viewer sees every action disabled, with a reason', withPage(async (users) => {
      assert(await users.testId('invite').isDisabled(), 'invite disabled');
      const button = users.row('ana.silva@example.com').locator('[data-testid=deactivate]');
      assert(await button.isDisabled() && /manage-users/.test(await button.getAttribute('title')), 'deactivate disabled with a tooltip');
      const access = await users.row('ana.silva@example.com').locator('[data-testid=access]').getAttribute('aria-label');
      assert(/view yes, manage no/.test(access), access);
      users.noConsoleErrors();
    }, { username: 'viewer@example.com', password: 'viewer' })],
  ]);
} finally {
  // Leave the realm as seeded for the checks that run on this stack after these.
  await realm.restoreSeed().catch((e) => console.log(`could not restore the seed: ${e}`));
  await browser.close();
}
