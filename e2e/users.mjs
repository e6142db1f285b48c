// The users page in headless Chromium against the stand-in stack: sorting, search, filters,
// counts, URL state, details, invite, deactivate/activate (one and many), edit, CSV export.
// Needs a stack started from the seed (FRESH=1):
//   ORIGIN=http://127.0.0.1:18080 BASE_PATH=/ node e2e/users.mjs
import { readFileSync } from 'node:fs';
import { launch, run, assert, until, signInAt, userRow, closeToasts } from './lib/browser.mjs';

const origin = process.env.ORIGIN ?? 'http://127.0.0.1:8080';
const basePath = process.env.BASE_PATH ?? '/';
const panel = `${origin}${basePath}`;
const browser = await launch();

async function signedIn(username = 'ana.silva@example.com', password = 'ana-silva-demo') {
  // Tall enough that the windowed table draws every seeded user (~17): these checks are about
  // the actions; e2e/scale.mjs covers scrolling a realm far larger than the window.
  const page = await browser.newPage({ viewport: { width: 1280, height: 1200 } });
  page.on('dialog', (d) => d.dismiss());
  await signInAt(page, panel, username, password);
  return page;
}

const column = (page, n) => page.locator(`[data-testid=user-row] td:nth-child(${n})`).allTextContents();
const emails = (page) => page.locator('[data-testid=user-link]').allTextContents();
const text = (page, id) => page.locator(`[data-testid=${id}]`).first().textContent();

let page;

try {
  await run('users', [
    ['every column sorts by click or keyboard, with aria-sort, missing values last', async () => {
      page = await signedIn();
      assert(await page.locator('th[aria-sort=ascending]').count() === 1, 'the default sort is marked');
      const byUser = await emails(page);
      assert(byUser[0] === 'admin' && byUser[1] === 'ana.silva@example.com', byUser.join());
      await page.click('[data-testid=sort-first]');
      await until(async () => (await column(page, 3))[0] === 'Ana', async () => `sorted by first: ${await column(page, 3)}`);
      let firsts = (await column(page, 3));
      assert(firsts[0] === 'Ana' && firsts.at(-1) === '', `ascending, empty last: ${firsts}`);
      assert(firsts.indexOf('Émilie') === firsts.indexOf('Dmitri') + 1, `accents folded: ${firsts}`);
      await page.click('[data-testid=sort-first]');
      await until(async () => (await column(page, 3))[0] === 'Zoë', async () => `descending: ${await column(page, 3)}`);
      firsts = await column(page, 3);
      assert(firsts[0] === 'Zoë' && firsts.at(-1) === '', `descending, empty still last: ${firsts}`);
      assert(await page.locator('th[aria-sort=descending]').count() === 1, 'aria-sort=descending');
      await page.focus('[data-testid=sort-login]');
      await page.keyboard.press('Enter');
      await until(async () => (await page.locator('th[aria-sort=ascending] [data-testid=sort-login]').count()) === 1, async () => 'Enter sorted by last login');
      const logins = await column(page, 9);
      assert(logins.at(-1) === 'never' && logins[0] !== 'never', `Enter sorts; never last: ${logins}`);
      await page.keyboard.press(' ');
      await until(async () => (await page.locator('th[aria-sort=descending] [data-testid=sort-login]').count()) === 1, async () => 'Space flipped the order');
      assert((await column(page, 9)).at(-1) === 'never', 'never still last');
      await until(async () => new URL(page.url()).searchParams.get('sort') === '-login', async () => `sort in the URL: ${page.url()}`);
    }],
    ['search and filters narrow the list, the counts follow, and the view survives a reload', async () => {
      await page.fill('[data-testid=search]', 'GARCIA');
      await until(async () => (await emails(page)).join() === 'lucia.garcia@example.com', async () => `folded search: ${await emails(page)}`);
      assert(await text(page, 'count-shown') === '1' && await text(page, 'count-all') === '14', 'counts');
      assert(await text(page, 'count-active') === '11', 'active seats');
      await page.fill('[data-testid=search]', '');
      await page.selectOption('[data-testid=filter-status]', 'inactive');
      await until(async () => (await emails(page)).sort().join() === 'dmitri.petrov@example.com,priya.sharma@example.com,wen.zhang@example.com', async () => `inactive: ${await emails(page)}`);
      await page.selectOption('[data-testid=filter-type]', 'admin');
      await until(async () => (await emails(page)).join() === 'wen.zhang@example.com', async () => `inactive admins: ${await emails(page)}`);
      await page.selectOption('[data-testid=filter-type]', '');
      await page.selectOption('[data-testid=filter-status]', '');
      await page.selectOption('[data-testid=filter-idle]', '90');
      await until(async () => (await emails(page)).length < 14, async () => 'the idle filter applied');
      const idle = await emails(page);
      assert(idle.includes('hana.tanaka@example.com') && idle.includes('soren.jensen@example.com') && !idle.includes('admin'), `idle 90 days: ${idle}`);
      await page.selectOption('[data-testid=filter-verified]', 'no');
      // The address bar is written once the frame that shows the change is painted.
      await until(async () => /idle=90/.test(page.url()) && /verified=no/.test(page.url()), async () => page.url());
      await page.reload();
      await page.locator('[data-testid=users-table]').waitFor();
      assert(await page.inputValue('[data-testid=filter-idle]') === '90', 'filters restored from the URL');
      assert((await emails(page)).every((e) => idle.includes(e)), 'same rows after reload');
      await page.click('[data-testid=clear-filters]');
      await until(async () => (await emails(page)).length === 14, async () => 'cleared');
      await page.fill('[data-testid=search]', 'nobody-here');
      assert(await page.locator('[data-testid=empty]').isVisible(), 'empty state');
      await page.fill('[data-testid=search]', '');
    }],
    ['a user opens in a details panel, deep-linkable by id, with every field', async () => {
      await page.click('[data-testid=user-link]:text-is("new.hire@example.com")');
      const detail = page.locator('[data-testid=user-detail]');
      await detail.locator('dl').waitFor({ timeout: 10_000 }); // loaded, not "Loading…"
      const body = await detail.textContent();
      assert(/must change password/.test(body) && /Federated identities/.test(body) && /c3d4e5f6-a0b1-4c2d-8e3f-4a5b6c7d8ef8/.test(body), body);
      await until(async () => new URL(page.url()).searchParams.get('user') === 'c3d4e5f6-a0b1-4c2d-8e3f-4a5b6c7d8ef8', async () => `in the URL: ${page.url()}`);
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
    }],
    ['dialogs work by keyboard alone: focus moves in, stays in, Escape closes, focus comes back', async () => {
      await page.focus('[data-testid=invite]');
      await page.keyboard.press('Enter');
      await page.locator('[data-testid=invite-dialog]').waitFor();
      assert(await page.evaluate(() => document.activeElement?.dataset.testid) === 'invite-email', 'focus starts in the email field');
      for (let i = 0; i < 12; i += 1) await page.keyboard.press('Tab');
      assert(await page.evaluate(() => !!document.activeElement?.closest('[data-testid=invite-dialog]')), 'Tab stays inside the dialog');
      await page.keyboard.press('Escape');
      await page.locator('[data-testid=invite-dialog]').waitFor({ state: 'detached' });
      assert(await page.evaluate(() => document.activeElement?.dataset.testid) === 'invite', 'focus returns to the Invite button');
    }],
    ['invite checks the email first, shows the password once, and keeps the form on errors', async () => {
      await page.click('[data-testid=invite]');
      await page.fill('[data-testid=invite-email]', 'not-an-email');
      await page.click('[data-testid=invite-send]');
      assert(/needs an @/.test(await text(page, 'invite-email-error')), 'validated before sending');
      await page.fill('[data-testid=invite-email]', 'viewer@example.com');
      await page.click('[data-testid=invite-send]');
      const duplicate = await page.locator('[data-testid=invite-error]').textContent({ timeout: 10_000 });
      assert(/already exists/.test(duplicate), duplicate);
      assert(await page.inputValue('[data-testid=invite-email]') === 'viewer@example.com', 'content kept');
      await page.route('**/v1/api/users/invite', (r) => r.fulfill({ status: 403, contentType: 'application/json', body: '{"msg": "You have reached the user limit: the licence allows 5 active users.", "code": 403}' }));
      await page.fill('[data-testid=invite-email]', 'seat.taker@example.com');
      await page.click('[data-testid=invite-send]');
      await page.waitForFunction(() => /licence/.test(document.querySelector('[data-testid=invite-error]')?.textContent ?? ''), null, { timeout: 10_000 });
      assert(/user limit/.test(await text(page, 'invite-error')), 'the licence limit is explained');
      await page.unroute('**/v1/api/users/invite');
      await page.fill('[data-testid=invite-email]', 'New.Person@Example.com');
      await page.click('[data-testid=generate]');
      const chosen = await page.inputValue('[data-testid=invite-password-input]');
      assert(chosen.length === 24, `generated: ${chosen}`);
      await page.click('[data-testid=invite-send]');
      await page.locator('[data-testid=invite-result]').waitFor({ timeout: 10_000 });
      assert(await text(page, 'invite-password') === chosen, 'the password is shown once');
      assert(/will not be shown again/.test(await page.locator('[data-testid=invite-result]').textContent()), 'warned');
      await page.click('[data-testid=invite-done]');
      await userRow(page, 'new.person@example.com').waitFor({ timeout: 10_000 });
      assert(await text(page, 'count-all') === '15', 'the list was reloaded');
    }],
    ['deactivate asks first, names the user, changes the row at once; yourself and admin are refused', async () => {
      assert(await userRow(page, 'ana.silva@example.com').locator('[data-testid=deactivate]').isDisabled(), 'not yourself');
      assert(await userRow(page, 'admin').locator('[data-testid=deactivate]').isDisabled(), 'not the built-in admin');
      await userRow(page, 'lucia.garcia@example.com').locator('[data-testid=deactivate]').click();
      const title = await page.locator('[data-testid=confirm-deactivate] h2').textContent();
      assert(title === 'Deactivate lucia.garcia@example.com?', title);
      await page.click('[data-testid=confirm]');
      await userRow(page, 'lucia.garcia@example.com').locator('[data-testid=status]:text-is("Inactive")').waitFor({ timeout: 5_000 });
      await page.waitForFunction(() => document.querySelector('[data-testid=count-active]')?.textContent === '11');
      await userRow(page, 'lucia.garcia@example.com').locator('[data-testid=activate]').click();
      await userRow(page, 'lucia.garcia@example.com').locator('[data-testid=status]:text-is("Active")').waitFor({ timeout: 5_000 });
    }],
    ['a refused change goes back, with the server\'s reason', async () => {
      await page.route('**/v1/api/users/deactivate', (r) => r.fulfill({ status: 400, contentType: 'application/json', body: '{"msg": "keycloak says no", "code": 400}' }));
      await userRow(page, 'tariq.rahman@example.com').locator('[data-testid=deactivate]').click();
      await page.click('[data-testid=confirm]');
      await page.locator('[data-testid=toast]', { hasText: 'keycloak says no' }).waitFor({ timeout: 5_000 });
      assert(await userRow(page, 'tariq.rahman@example.com').locator('[data-testid=status]').textContent() === 'Active', 'rolled back');
      await page.unroute('**/v1/api/users/deactivate');
    }],
    ['bulk deactivate reports each row; a failure in the middle leaves every row true to the server', async () => {
      const targets = ['emilie.dubois@example.com', 'hana.tanaka@example.com', 'soren.jensen@example.com'];
      for (const email of targets) await userRow(page, email).locator('input[type=checkbox]').check();
      assert(/3 selected/.test(await page.locator('[data-testid=bulk]').textContent()), 'selection counted');
      await page.route('**/v1/api/users/deactivate', async (r) => {
        if (JSON.parse(r.request().postData()).email === 'hana.tanaka@example.com') return r.fulfill({ status: 500, contentType: 'application/json', body: '{"msg": "store failed", "code": 500}' });
        return r.continue();
      });
      await page.click('[data-testid=bulk-deactivate]');
      assert(await page.locator('[data-testid=confirm-deactivate] li').count() === 3, 'the dialog lists them');
      await page.click('[data-testid=confirm]');
      await page.locator('[data-testid=toast]', { hasText: '2 deactivated, 1 failed' }).waitFor({ timeout: 10_000 });
      await page.unroute('**/v1/api/users/deactivate');
      assert(/store failed/.test(await userRow(page, 'hana.tanaka@example.com').locator('[data-testid=outcome]').textContent()), 'the failed row says why');
      assert(await userRow(page, 'hana.tanaka@example.com').locator('[data-testid=status]').textContent() === 'Active', 'failed row unchanged');
      await page.click('[data-testid=refresh]');
      await page.waitForTimeout(500);
      for (const [email, status] of [['emilie.dubois@example.com', 'Inactive'], ['hana.tanaka@example.com', 'Active'], ['soren.jensen@example.com', 'Inactive']]) {
        assert(await userRow(page, email).locator('[data-testid=status]').textContent() === status, `${email} is ${status} on the server too`);
      }
      await page.locator('[data-testid=select-all]').check();
      assert(/15 selected/.test(await page.locator('[data-testid=bulk]').textContent()), 'select all shown');
      await page.click('[data-testid=bulk-activate]');
      await page.locator('[data-testid=toast] .toast__text', { hasText: /^15 activated$/ }).waitFor({ timeout: 10_000 });
      // Toasts float over the table's last rows (as a user would, close them rather than wait).
      await closeToasts(page);
    }],
    ['edit changes names, email and type through POST /v1/api/user, with validation', async () => {
      await userRow(page, 'zoe.obrien@example.com').locator('[data-testid=edit]').click();
      await page.fill('[data-testid=edit-email]', 'zoe@');
      await page.click('[data-testid=edit-save]');
      assert(/domain/.test(await text(page, 'edit-email-error')), 'validated');
      await page.fill('[data-testid=edit-email]', 'viewer@example.com');
      await page.click('[data-testid=edit-save]');
      assert(/already has the email/.test(await page.locator('[data-testid=edit-error]').textContent({ timeout: 10_000 })), 'server error in the dialog');
      await page.fill('[data-testid=edit-email]', 'zoe.obrien@corp.example.com');
      await page.fill('[data-testid=edit-first]', 'Zoë Anne');
      await page.check('[data-testid=edit-admin]');
      await page.click('[data-testid=edit-save]');
      const edited = userRow(page, 'zoe.obrien@corp.example.com');
      await edited.waitFor({ timeout: 10_000 });
      assert(await edited.locator('td:nth-child(3)').textContent() === 'Zoë Anne', 'first name');
      assert(await edited.locator('[data-testid=type]').textContent() === 'admin', 'type');
    }],
    ['CSV export holds exactly the shown rows, RFC 4180-quoted (formula guarding: host tests)', async () => {
      await page.fill('[data-testid=search]', 'o\'brien');
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export]')]);
      const csv = readFileSync(await download.path(), 'utf8');
      const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
      assert(lines.length === 2 && lines[0].startsWith('Username,Email,First name'), csv);
      assert(lines[1].startsWith('zoe.obrien@corp.example.com,zoe.obrien@corp.example.com,Zoë Anne,O\'Brien,Active,admin'), lines[1]);
      assert(download.suggestedFilename() === 'wallaroo-users.csv', download.suggestedFilename());
      await page.fill('[data-testid=search]', '');
    }],
    ['the viewer sees every action disabled, with a reason', async () => {
      const viewer = await signedIn('viewer@example.com', 'viewer');
      assert(await viewer.locator('[data-testid=invite]').isDisabled(), 'invite disabled');
      const button = userRow(viewer, 'ana.silva@example.com').locator('[data-testid=deactivate]');
      assert(await button.isDisabled() && /manage-users/.test(await button.getAttribute('title')), 'deactivate disabled with a tooltip');
      const access = await userRow(viewer, 'ana.silva@example.com').locator('[data-testid=access]').getAttribute('aria-label');
      assert(/view yes, manage no/.test(access), access);
      await viewer.context().close();
      assert(page.errors.filter((e) => !/status of (400|403|500)/.test(e)).length === 0, `console errors: ${page.errors.join('; ')}`);
    }],
  ]);
} finally {
  await browser.close();
}
