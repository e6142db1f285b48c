// The panel in headless Chromium against the stand-in stack: sign-in through the IdP's form,
// the session around it, and what an administrator sees. Run with a stack started by
// devstack/stack.sh (short token lifetime, e.g. ACCESS_TOKEN_TTL=15):
//   ORIGIN=http://127.0.0.1:18080 BASE_PATH=/ TOKEN_TTL=15 node e2e/panel.mjs
import { launch, run, assert, until, watchCsp, reloadList } from './lib/browser.mjs';

const origin = process.env.ORIGIN ?? 'http://127.0.0.1:8080';
const basePath = process.env.BASE_PATH ?? '/';
const panel = `${origin}${basePath}`;
const tokenTtl = Number(process.env.TOKEN_TTL ?? 60);
const browser = await launch();

/** A fresh browser context (own cookies and storage), with CSP violations and errors recorded. */
async function freshPage() {
  const page = await browser.newPage();
  await watchCsp(page);
  return page;
}

async function signIn(page, username, password) {
  await page.locator('#kc-form-login').waitFor({ timeout: 15_000 });
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('#kc-login');
}

async function usersShown(page) {
  await page.locator('[data-testid=user-row]').first().waitFor({ timeout: 15_000 });
  // The table is windowed: its size is aria-rowcount (minus the header), not the drawn rows.
  return Number(await page.locator('[data-testid=users-table]').getAttribute('aria-rowcount')) - 1;
}

async function noTokensAnywhere(page) {
  const where = await page.evaluate(() => ({
    local: JSON.stringify(Object.entries(localStorage)),
    session: JSON.stringify(Object.entries(sessionStorage)),
    url: location.href,
    text: document.body.innerText,
  }));
  for (const [name, value] of Object.entries(where)) {
    assert(!/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/.test(value), `a JWT is in ${name}`);
    assert(!/[?&](code|state)=/.test(name === 'url' ? value : ''), `code or state left in the URL: ${value}`);
  }
  assert(where.local === '[]', `localStorage is empty: ${where.local}`);
}

/** A fresh context signed in as the built-in admin, on the users page: each check has its own. */
async function signedInAdmin() {
  const page = await freshPage();
  await page.goto(panel);
  await signIn(page, 'admin', 'admin');
  await usersShown(page);
  return page;
}

/** A check on its own signed-in admin page, closed after it whatever happens. */
const asAdmin = (fn) => async () => {
  const page = await signedInAdmin();
  try {
    await fn(page);
  } finally {
    await page.context().close();
  }
};

try {
  await run('panel', [
    ['a first visit goes to the IdP form and lands signed in on the users page, with no CSP violation', async () => {
      const adminPage = await freshPage();
      await adminPage.goto(`${panel}?sort=-created`);
      await signIn(adminPage, 'admin', 'admin');
      const rows = await usersShown(adminPage);
      assert(rows >= 14, `users listed: ${rows}`);
      assert(new URL(adminPage.url()).search === '?sort=-created', `came back to the same view without code/state: ${adminPage.url()}`);
      assert(await adminPage.locator('[data-testid=signed-in-user]').textContent() === 'admin', 'header shows who is signed in');
      assert(!(await adminPage.locator('[data-testid=read-only-notice]').isVisible()), 'admin is not read-only');
      assert(adminPage.violations.length === 0, `CSP violations: ${adminPage.violations.join('; ')}`);
      assert(adminPage.errors.length === 0, `console errors: ${adminPage.errors.join('; ')}`);
      await noTokensAnywhere(adminPage);
      await adminPage.context().close();
    }],
    [`the session survives two token lifetimes idle (${2 * tokenTtl + 5} s) and keeps calling the API`, asAdmin(async (adminPage) => {
      const refreshes = [];
      adminPage.on('request', (r) => { if (r.url().endsWith('/protocol/openid-connect/token') && /grant_type=refresh_token/.test(r.postData() ?? '')) refreshes.push(Date.now()); });
      // Idle: nothing is clicked until two lifetimes have passed and two refreshes were made.
      const idleMs = (2 * tokenTtl + 5) * 1000; const t0 = Date.now();
      await until(async () => Date.now() - t0 >= idleMs && refreshes.length >= 2,
        async () => `after ${Date.now() - t0} ms idle: ${refreshes.length} background refreshes`, idleMs + 30_000);
      await reloadList(adminPage);
      assert(refreshes.length >= 2, `tokens were refreshed in the background: ${refreshes.length}`);
      assert(!(await adminPage.locator('[data-testid=session-expired]').isVisible()), 'no "session ended" dialog');
      assert(adminPage.errors.length === 0, `console errors: ${adminPage.errors.join('; ')}`);
    })],
    ['a reload restores the session without a password prompt and without flashing the sign-in page', asAdmin(async (adminPage) => {
      const seen = [];
      const poll = setInterval(async () => { try { if (await adminPage.locator('[data-testid=sign-in-page]').count()) seen.push('sign-in page'); } catch {} }, 20);
      await adminPage.reload();
      await usersShown(adminPage);
      clearInterval(poll);
      assert(seen.length === 0, 'the sign-in page never showed');
      assert(!(await adminPage.locator('#kc-form-login').count()), 'no password prompt');
      await noTokensAnywhere(adminPage);
    })],
    ['a 401 from the API refreshes the token once and retries, unseen by the administrator', asAdmin(async (adminPage) => {
      let refused = 0; const refreshes = [];
      adminPage.on('request', (r) => { if (/grant_type=refresh_token/.test(r.postData() ?? '')) refreshes.push(r.url()); });
      await adminPage.route('**/v1/api/users/query', async (route) => {
        if (refused === 0) { refused += 1; return route.fulfill({ status: 401, contentType: 'application/json', body: '{"msg": "token expired", "code": 401}' }); }
        return route.continue();
      });
      await reloadList(adminPage);
      await adminPage.unroute('**/v1/api/users/query');
      assert(refused === 1 && refreshes.length >= 1, `refused once (${refused}), refreshed (${refreshes.length})`);
      assert(!(await adminPage.locator('[data-testid=session-expired]').isVisible()), 'no dialog');
    })],
    ['a second 401 asks to sign in again over the page, keeping the view', asAdmin(async (adminPage) => {
      await adminPage.route('**/v1/api/users/query', (route) => route.fulfill({ status: 401, contentType: 'application/json', body: '{"msg": "session revoked", "code": 401}' }));
      const url = adminPage.url();
      await adminPage.click('[data-testid=refresh]');
      await adminPage.locator('[data-testid=session-expired]').waitFor({ timeout: 10_000 });
      assert(adminPage.url() === url, 'the address (the view) is unchanged');
      assert(await adminPage.locator('[data-testid=user-row]').count() >= 5 && await usersShown(adminPage) >= 14, 'the rows are still shown behind the dialog');
      await adminPage.unroute('**/v1/api/users/query');
      await adminPage.click('[data-testid=session-expired] button');
      await usersShown(adminPage); // the IdP session lives: back without a password
      assert(new URL(adminPage.url()).search === new URL(url).search, `the view came back: ${adminPage.url()}`);
      adminPage.errors.length = 0; // the two refused calls were logged as 401s on purpose
    })],
    ['a half-filled invite form survives the session ending and signing in again', asAdmin(async (adminPage) => {
      await adminPage.click('[data-testid=invite]');
      await adminPage.fill('[data-testid=invite-email]', 'half.typed@example.com');
      await adminPage.check('[data-testid=invite-admin]');
      await adminPage.route('**/v1/api/users/invite', (route) => route.fulfill({ status: 401, contentType: 'application/json', body: '{"msg": "session revoked", "code": 401}' }));
      await adminPage.click('[data-testid=invite-send]');
      await adminPage.locator('[data-testid=session-expired]').waitFor({ timeout: 10_000 });
      await adminPage.unroute('**/v1/api/users/invite');
      await adminPage.click('[data-testid=session-expired] button');
      await adminPage.locator('[data-testid=invite-dialog]').waitFor({ timeout: 15_000 });
      assert(await adminPage.inputValue('[data-testid=invite-email]') === 'half.typed@example.com', 'the email came back');
      assert(await adminPage.isChecked('[data-testid=invite-admin]'), 'the admin box came back');
      await adminPage.click('[data-testid=invite-dialog] button:text-is("Cancel")');
      adminPage.errors.length = 0; // the refused call was logged as a 401 on purpose
    })],
    ['a tampered or replayed sign-in answer is refused with a clear page', async () => {
      const page = await freshPage();
      let callback;
      page.on('request', (r) => { if (r.isNavigationRequest() && /[?&]code=/.test(r.url()) && r.url().startsWith(panel)) callback = r.url(); });
      await page.goto(panel);
      await signIn(page, 'admin', 'admin');
      await usersShown(page);
      assert(callback, 'saw the callback');
      const tampered = new URL(callback); tampered.searchParams.set('state', 'tampered-state');
      await page.goto(tampered.href);
      let message = await page.locator('[data-testid=error-message]').textContent({ timeout: 15_000 });
      assert(/does not match a sign-in started/.test(message), message);
      assert(!new URL(page.url()).searchParams.has('code'), 'the code is removed from the address bar');
      await page.goto(callback); // the real answer, a second time
      message = await page.locator('[data-testid=error-message]').textContent({ timeout: 15_000 });
      assert(/does not match a sign-in started/.test(message), `replay refused: ${message}`);
      assert(await page.locator('[data-testid=error-action]').textContent() === 'Sign in again', 'offers to sign in again');
      await page.context().close();
    }],
    ['an access_denied answer shows the error page, and "Sign in again" goes back to the IdP', async () => {
      const page = await freshPage();
      await page.goto(`${panel}?error=access_denied&error_description=The+user+refused&state=abc`);
      const message = await page.locator('[data-testid=error-message]').textContent({ timeout: 15_000 });
      assert(/access_denied/.test(message) && /The user refused/.test(message), message);
      await page.click('[data-testid=error-action]');
      await page.locator('#kc-form-login').waitFor({ timeout: 15_000 });
      await page.context().close();
    }],
    ['an unreachable IdP gives a clear page, not a blank screen or a redirect loop', async () => {
      const page = await freshPage();
      await page.route('**/.well-known/openid-configuration', (route) => route.abort('connectionrefused'));
      await page.goto(panel);
      const message = await page.locator('[data-testid=error-message]').textContent({ timeout: 15_000 });
      assert(/could not be reached/.test(message), message);
      // A redirect loop would keep the network busy; once it is quiet, the page must still be here.
      await page.waitForLoadState('networkidle');
      assert(new URL(page.url()).origin === origin && (await page.locator('[data-testid=error-page]').count()) === 1, 'stays on the error page');
      await page.context().close();
    }],
    ['a user without manage-users sees a read-only panel, said once, plainly', async () => {
      const page = await freshPage();
      await page.goto(panel);
      await signIn(page, 'viewer@example.com', 'viewer');
      await usersShown(page);
      const notice = await page.locator('[data-testid=read-only-notice]');
      assert(await notice.count() === 1 && /manage-users/.test(await notice.textContent()), 'read-only notice');
      assert(await page.locator('[data-testid=signed-in-user]').textContent() === 'Vera Viewer', 'the viewer\'s name');
      await page.context().close();
    }],
    ['sign-out ends the IdP session: the panel shows its sign-in page and the next sign-in asks for the password', asAdmin(async (adminPage) => {
      await adminPage.click('[data-testid=sign-out]');
      await adminPage.locator('[data-testid=sign-in-page]').waitFor({ timeout: 15_000 });
      assert(new URL(adminPage.url()).origin === origin, 'back on the panel');
      await noTokensAnywhere(adminPage);
      await adminPage.click('[data-testid=sign-in]');
      await adminPage.locator('#kc-form-login').waitFor({ timeout: 15_000 });
      await signIn(adminPage, 'admin', 'admin');
      await usersShown(adminPage);
    })],
  ]);
} finally {
  await browser.close();
}
