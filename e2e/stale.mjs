// Two administrators and many tabs, in headless Chromium against the stand-in stack: no change
// is ever made from a stale view (an edit never undoes someone else's deactivation or role
// change; a bulk action reports what someone else already did), the view stays fresh (a
// background refresh keeps the selection, a half-typed dialog and the place, and marks what
// changed), and the tabs of one browser agree (sign-out, sign-in, changes).
// Administrator A is Ana (a platform admin), B the built-in admin, each in their own browser
// context; every check restores the seeded users first, so each stands alone.
//   ORIGIN=http://127.0.0.1:18080 node e2e/stale.mjs
import { launch, run, assert, until } from './lib/browser.mjs';
import { Realm } from './lib/realm.mjs';
import { UsersPage } from './lib/users-page.mjs';

const origin = process.env.ORIGIN ?? 'http://127.0.0.1:8080';
const basePath = process.env.BASE_PATH ?? '/';
const panel = `${origin}${basePath}`;
const browser = await launch();
const realm = await Realm.connect({ origin, basePath });
const ANA = { username: 'ana.silva@example.com', password: 'ana-silva-demo' };
const BUILT_IN = { username: 'admin', password: 'admin' };
// Only the panel's own settings change: no timer, and a refresh as soon as a tab is shown again.
const QUICK = { autoRefreshSeconds: 0, refreshOnReturnSeconds: 0 };

/** Two administrators on the seeded realm, each in a browser context of their own. */
const twoAdmins = (fn) => async () => {
  await realm.restoreSeed();
  // Tall, so every user of a demo realm (with what earlier checks invited) is drawn.
  const viewport = { width: 1280, height: 2400 };
  const a = await UsersPage.signIn(browser, panel, { ...ANA, config: QUICK, viewport });
  const b = await UsersPage.signIn(browser, panel, { ...BUILT_IN, viewport });
  try {
    await fn(a, b);
    a.noConsoleErrors();
    b.noConsoleErrors();
  } finally {
    await a.close();
    await b.close();
  }
};

/** B deactivates `email` through the panel, and the server has it so. */
async function deactivateAs(b, email) {
  await b.rowAction(email, 'deactivate');
  await b.page.click('[data-testid=confirm]');
  // The row changes at once (optimistically); the server has it once B's toast says so.
  await b.toast(`Deactivated ${email}`);
  assert(await b.status(email) === 'Inactive', `B: ${email} is ${await b.status(email)}`);
  await until(async () => !(await realm.byEmail(email)).enabled, async () => `${email} inactive on the server`);
}

try {
  await run('stale', [
    ['an edit made from a stale row never reactivates a user someone else deactivated, and says why', twoAdmins(async (a, b) => {
      // A opens Tariq while he is active and starts correcting his name.
      await a.rowAction('tariq.rahman@example.com', 'edit');
      await a.page.fill('[data-testid=edit-first]', 'Tariq Ali');
      // Meanwhile B deactivates him.
      await deactivateAs(b, 'tariq.rahman@example.com');
      // A saves: nothing is sent, and the dialog says what changed.
      await a.page.click('[data-testid=edit-save]');
      const conflict = a.dialog('edit-conflict');
      await conflict.waitFor({ timeout: 10_000 });
      assert(/Status: Active → Inactive/.test(await conflict.textContent()), await conflict.textContent());
      let tariq = await realm.byEmail('tariq.rahman@example.com');
      assert(!tariq.enabled && tariq.firstName === 'Tariq', `nothing was sent: ${JSON.stringify(tariq)}`);
      assert(await a.page.inputValue('[data-testid=edit-first]') === 'Tariq Ali', 'what A typed is kept');
      // A takes the current values, keeps the typed name, and saves: he stays inactive.
      await a.page.click('[data-testid=edit-rebase]');
      assert(await a.page.inputValue('[data-testid=edit-first]') === 'Tariq Ali', 'still typed after taking the current values');
      await a.page.click('[data-testid=edit-save]');
      await a.dialogClosed('edit-dialog');
      tariq = await realm.byEmail('tariq.rahman@example.com');
      assert(!tariq.enabled && tariq.firstName === 'Tariq Ali', `renamed and still inactive: ${JSON.stringify(tariq)}`);
      await until(async () => (await a.status('tariq.rahman@example.com')) === 'Inactive', async () => 'A\'s row shows the truth');
    })],
    ['an admin role someone else removed is not given back by an edit from a stale row', twoAdmins(async (a, b) => {
      // Zoë is an admin when both open the page.
      await realm.call('user', { id: 'e5f6a7b8-c2d3-4e4f-8a5b-6c7d8e9f0a1a', firstName: 'Zoë', lastName: "O'Brien", email: 'zoe.obrien@example.com', enabled: true, isAdmin: true });
      await a.refresh();
      await b.refresh();
      await a.rowAction('zoe.obrien@example.com', 'edit');
      assert(await a.page.isChecked('[data-testid=edit-admin]'), 'A sees her as an admin');
      await a.page.fill('[data-testid=edit-last]', 'OBrien-Walsh');
      // B removes her admin role.
      await b.rowAction('zoe.obrien@example.com', 'edit');
      await b.page.uncheck('[data-testid=edit-admin]');
      await b.page.click('[data-testid=edit-save]');
      await b.dialogClosed('edit-dialog');
      assert(!(await realm.byEmail('zoe.obrien@example.com')).realmRoles?.includes('admin'), 'B removed the role');
      // A saves: the role change is caught (the list form is read: only it names admins).
      await a.page.click('[data-testid=edit-save]');
      await a.dialog('edit-conflict').waitFor({ timeout: 10_000 });
      assert(/Type: admin → user/.test(await a.dialog('edit-conflict').textContent()), await a.dialog('edit-conflict').textContent());
      await a.page.click('[data-testid=edit-rebase]');
      assert(!(await a.page.isChecked('[data-testid=edit-admin]')), 'the box now shows the current type');
      await a.page.click('[data-testid=edit-save]');
      await a.dialogClosed('edit-dialog');
      const zoe = await realm.byEmail('zoe.obrien@example.com');
      assert(zoe.lastName === 'OBrien-Walsh' && !(zoe.realmRoles ?? []).includes('admin'), `renamed, still no admin: ${JSON.stringify(zoe)}`);
    })],
    ['a bulk deactivation reports a user someone else deactivated meanwhile as such, not as done', twoAdmins(async (a, b) => {
      const targets = ['emilie.dubois@example.com', 'hana.tanaka@example.com', 'soren.jensen@example.com'];
      for (const email of targets) await a.select(email);
      await deactivateAs(b, 'hana.tanaka@example.com');
      await a.page.click('[data-testid=bulk-deactivate]');
      await a.page.click('[data-testid=confirm]');
      await a.toast('2 deactivated, 1 already inactive');
      const outcome = await a.row('hana.tanaka@example.com').locator('[data-testid=outcome]').textContent();
      assert(/already inactive: deactivated elsewhere/.test(outcome), `the row says so: ${outcome}`);
      for (const email of targets) {
        assert(await a.status(email) === 'Inactive', `${email} shows Inactive`);
        assert(!(await realm.byEmail(email)).enabled, `${email} inactive on the server`);
      }
    })],
    ['coming back to the tab refreshes the list quietly: selection, a half-typed invite and the place stay, changed rows are marked', twoAdmins(async (a, b) => {
      await a.select('emilie.dubois@example.com');
      await a.select('soren.jensen@example.com');
      const loaded = await a.loadedAt();
      await a.startInvite('half.typed@exam');
      await deactivateAs(b, 'lucia.garcia@example.com');
      assert(await a.status('lucia.garcia@example.com') === 'Active', 'A\'s view is stale so far');
      await a.hideAndShow();
      // The refresh is shown once A pauses (a second without keys or clicks): here at once.
      await until(async () => (await a.status('lucia.garcia@example.com')) === 'Inactive', async () => 'A sees the change', 10_000);
      assert(await a.loadedAt() > loaded, '"Loaded at" moved on');
      assert(/fresh/.test(await a.row('lucia.garcia@example.com').getAttribute('class')), 'the changed row is marked');
      assert(!/fresh/.test(await a.row('tariq.rahman@example.com').getAttribute('class')), 'an unchanged row is not');
      assert(/2 selected/.test(await a.text('bulk')), 'the selection stays');
      assert(await a.page.inputValue('[data-testid=invite-email]') === 'half.typed@exam', 'the half-typed invite stays');
      assert(await a.page.evaluate(() => document.activeElement?.dataset.testid) === 'invite-email', 'and keeps the focus');
    })],
    ['a change made in one tab shows in the other tab without a refresh', async () => {
      await realm.restoreSeed();
      const one = await UsersPage.signIn(browser, panel, { ...ANA, config: QUICK });
      try {
        const two = await one.newTab();
        await one.rowAction('lucia.garcia@example.com', 'deactivate');
        await one.page.click('[data-testid=confirm]');
        await until(async () => (await two.status('lucia.garcia@example.com')) === 'Inactive', async () => 'the other tab follows', 10_000);
        assert(await two.text('count-active') === await one.text('count-active'), 'both count the same seats');
      } finally {
        await one.close();
      }
    }],
    ['signing out in one tab signs out the others; signing in again brings them back', async () => {
      const one = await UsersPage.signIn(browser, panel, { ...ANA, config: QUICK });
      try {
        const two = await one.newTab();
        await one.page.click('[data-testid=sign-out]');
        await two.page.locator('[data-testid=sign-in-page]').waitFor({ timeout: 10_000 });
        const stored = await two.page.evaluate(() => JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)]));
        assert(!/eyJ[\w-]{8,}\./.test(stored), 'no token left in the other tab');
        assert(await two.page.locator('[data-testid=user-row]').count() === 0, 'no users shown there any more');
        // Signing in again (the IdP asks for the password: its session ended) brings both back.
        await one.page.locator('[data-testid=sign-in-page]').waitFor({ timeout: 15_000 });
        await one.page.click('[data-testid=sign-in]');
        await one.page.locator('#kc-form-login').waitFor({ timeout: 15_000 });
        await one.page.fill('#username', ANA.username);
        await one.page.fill('#password', ANA.password);
        await one.page.click('#kc-login');
        await one.page.locator('[data-testid=user-row]').first().waitFor({ timeout: 15_000 });
        await two.page.locator('[data-testid=user-row]').first().waitFor({ timeout: 15_000 });
        assert(!(await two.page.locator('#kc-form-login').count()), 'the other tab came back without a password');
      } finally {
        await one.close();
      }
    }],
  ]);
} finally {
  await realm.restoreSeed().catch((e) => console.log(`could not restore the seed: ${e}`));
  await browser.close();
}
