// Hostile input, API faults and security, in headless Chromium against the real stand-in stack
// (real sign-in through the IdP form, real nginx with the strict CSP). A fault layer sits
// between the panel and the stand-in: Playwright's request routing, which answers for the API
// (500, 502 with an HTML page, silence until the timeout, truncated JSON, the wrong shape, a 401
// in the middle of a bulk action) or passes the request on and edits the real answer.
//   ORIGIN=http://127.0.0.1:18280 node e2e/hostile.mjs
import { readFileSync } from 'node:fs';
import { launch, run, assert, until, signInAt, userRow, rowHeights, watchCsp, reloadList } from './lib/browser.mjs';

const origin = process.env.ORIGIN ?? 'http://127.0.0.1:18280';
const browser = await launch();
const JWT = /eyJ[\w-]{8,}\.eyJ[\w-]{8,}/;


/** A fresh context, signed in as admin; CSP violations, console lines and errors recorded. */
async function signedIn({ timeoutSeconds } = {}) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  page.consoleLines = [];
  page.on('console', (m) => page.consoleLines.push(m.text()));
  await watchCsp(page);
  if (timeoutSeconds) {
    // The operator's knob, set through config.json: a short wait for the "no answer" cases.
    await page.route('**/config.json', async (route) => {
      const real = await (await route.fetch()).json();
      await route.fulfill({ json: { ...real, requestTimeoutSeconds: timeoutSeconds } });
    });
  }
  await signInAt(page, `${origin}/`, 'admin', 'admin');
  return page;
}

const isList = (route) => (route.request().postData() ?? '{}').trim() === '{}';
const ROWS_VISIBLE = '[data-testid=user-row]';

// Every field an attacker controls, each trying to break out of text.
const access = { view: true, manage: true, manageGroupMembership: true, mapRoles: true, impersonate: true };
const long = 'A'.repeat(10_240);
const hostile = [
  { id: 'h-script', username: '<script>window.__pwned=1</script>', email: '"><img src=x onerror="window.__pwned=2">@evil.example',
    firstName: '<b>bold</b>', lastName: "' onmouseover='window.__pwned=3", enabled: true, createdTimestamp: 1_700_000_000_000, access },
  { id: 'h-rtl', username: '🦘🦘@example.com', email: '🦘🦘@example.com', firstName: '\u202Eevil\u202C', lastName: 'שלום עולם',
    enabled: true, createdTimestamp: 1_700_000_000_001, lastLogin: 1_700_000_100_000, access },
  { id: 'h-long', username: `${'x'.repeat(10_000)}@example.com`, email: `${'x'.repeat(10_000)}@example.com`, firstName: long, lastName: long,
    enabled: true, createdTimestamp: 1_700_000_000_002, access, requiredActions: [long] },
  { id: 'h-bare', username: 'bare-minimum', enabled: false, createdTimestamp: 1_700_000_000_003 },
  { id: 'h-nulls', username: 'nulls@example.com', email: null, firstName: null, lastName: null, emailVerified: null, lastLogin: null,
    realmRoles: null, requiredActions: null, access: null, notBefore: null, enabled: true, createdTimestamp: 1_700_000_000_004 },
  { id: 'h-unknown', username: 'unknown@example.com', email: 'unknown@example.com', enabled: true, createdTimestamp: 1_700_000_000_005,
    access, brandNewField: { nested: [1, { deeper: '<i>x</i>' }] }, ['__proto__']: { polluted: 1 }, requiredActions: ['<i>X</i>', 'UPDATE_PASSWORD'] },
  { id: 'h-formula', username: 'formula@example.com', email: 'formula@example.com', firstName: '=HYPERLINK("http://evil","x")',
    lastName: '+cmd|calc', enabled: true, createdTimestamp: 1_700_000_000_006, access },
];

/** A check on its own signed-in page (options as for signedIn), closed after it. */
const onPage = (options, fn) => async () => {
  const page = await signedIn(options);
  try {
    await fn(page);
  } finally {
    await page.context().close();
  }
};

try {
  await run('hostile', [
    ['hostile names and emails render as inert text, with the layout intact, in the table, details, dialogs, toasts and CSV', async () => {
      const page = await signedIn();
      await page.route('**/v1/api/users/query', async (route) => {
        if (!isList(route)) {
          const ids = JSON.parse(route.request().postData()).user_ids ?? [];
          return route.fulfill({ json: { users: Object.fromEntries(ids.map((id) => [id, hostile.find((u) => u.id === id) ?? null])) } });
        }
        const real = await (await route.fetch()).json();
        const admin = Object.values(real.users).find((u) => u.username === 'admin');
        return route.fulfill({ json: { users: { [admin.id]: admin, ...Object.fromEntries(hostile.map((u) => [u.id, u])) } } });
      });
      await page.route('**/v1/api/users/deactivate', (route) => route.fulfill({ json: {} }));
      await page.reload();
      await until(async () => await page.locator(ROWS_VISIBLE).count() === hostile.length + 1,
        async () => `${await page.locator(ROWS_VISIBLE).count()} rows; page: ${(await page.locator('body').innerText()).slice(0, 300)}`);
      const injected = () => page.evaluate(() => ({
        pwned: window.__pwned ?? null, polluted: ({}).polluted ?? null,
        elements: document.querySelectorAll('main img, main b, main i, main script, .toasts img, dialog img, dialog b').length,
      }));
      const clean = async (where) => {
        const found = await injected();
        assert(found.pwned === null && found.polluted === null && found.elements === 0, `${where}: ${JSON.stringify(found)}`);
      };
      await clean('table');
      // Text is text: the raw strings, exactly.
      const script = userRow(page, 'evil.example');
      assert(await script.locator('[data-testid=user-link]').textContent() === hostile[0].email, 'email shown verbatim');
      assert(await script.locator('td:nth-child(3)').textContent() === '<b>bold</b>', 'first name shown verbatim');
      assert(await script.locator('td:nth-child(4)').textContent() === hostile[0].lastName, 'quote-breaking last name verbatim');
      assert(await userRow(page, '🦘').locator('td:nth-child(3)').textContent() === '\u202Eevil\u202C', 'RTL override kept as text');
      // Layout: one row height, no row wider than its table, the page never wider than the screen.
      const heights = await rowHeights(page);
      assert(heights.length === 1, `every row one height: ${heights}`);
      const layout = await page.evaluate(() => ({
        pageWidth: document.documentElement.scrollWidth, screen: innerWidth,
        scrollerRight: document.querySelector('[data-testid=table-scroller]').getBoundingClientRect().right,
      }));
      assert(layout.pageWidth <= layout.screen && layout.scrollerRight <= layout.screen, `page fits the screen: ${JSON.stringify(layout)}`);
      // Details.
      await userRow(page, 'xxxxxxxx').locator('[data-testid=user-link]').click();
      await page.locator('[data-testid=user-detail]').waitFor();
      const detail = await page.locator('[data-testid=user-detail]').evaluate((d) => ({ right: d.getBoundingClientRect().right, text: d.textContent.length }));
      assert(detail.right <= 1280 && detail.text > 10_000, `details hold the 10 KB strings inside the screen: ${JSON.stringify(detail)}`);
      await page.click('[data-testid=detail-close]');
      await script.locator('[data-testid=user-link]').click();
      await until(async () => (await page.locator('[data-testid=user-detail]').textContent()).includes('<script>window.__pwned=1</script>'), async () => 'script username as text in details');
      await clean('details');
      await page.click('[data-testid=detail-close]');
      // Edit dialog: the values are the raw strings.
      await script.locator('[data-testid=edit]').click();
      assert(await page.inputValue('[data-testid=edit-first]') === '<b>bold</b>', 'edit dialog first name');
      assert(await page.inputValue('[data-testid=edit-email]') === hostile[0].email, 'edit dialog email');
      await page.keyboard.press('Escape');
      // Confirm dialog and toast name the user as text.
      await script.locator('[data-testid=deactivate]').click();
      assert((await page.locator('[data-testid=confirm-deactivate]').textContent()).includes(hostile[0].email), 'confirm names the user');
      await clean('confirm dialog');
      await page.click('[data-testid=confirm]');
      await until(async () => (await page.locator('[data-testid=toast]').allTextContents()).some((t) => t.includes(hostile[0].email)), async () => 'toast names the user');
      await clean('toast');
      // CSV: the raw strings, formula cells guarded.
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export]')]);
      const csv = readFileSync(await download.path(), 'utf8');
      assert(csv.includes('"""><img src=x onerror=""window.__pwned=2"">@evil.example"'), 'quotes doubled inside a quoted cell');
      assert(csv.includes(`'=HYPERLINK(""http://evil"",""x"")"`) && csv.includes("'+cmd|calc"), 'formula cells start with a quote');
      assert(csv.includes(long), 'the 10 KB name is whole in the CSV');
      await clean('after CSV');
      assert(page.violations.length === 0, `CSP violations: ${page.violations}`);
      assert(page.errors.length === 0, `errors: ${page.errors.join('; ')}`);
      await page.context().close();
    }],
    ['every API fault on load gives a clear message, and Retry then works', onPage({ timeoutSeconds: 2 }, async (page) => {
      await page.locator(ROWS_VISIBLE).first().waitFor();
      const faults = [
        ['500', (r) => r.fulfill({ status: 500, json: { msg: 'keycloak is down', code: 500 } }), /HTTP 500.*keycloak is down/],
        ['502 HTML', (r) => r.fulfill({ status: 502, contentType: 'text/html', body: '<html><body><h1>502 Bad Gateway</h1></body></html>' }), /HTML page instead of a JSON error, HTTP 502/],
        ['no answer', () => {}, /did not answer within 2 s/],
        ['truncated JSON', (r) => r.fulfill({ status: 200, contentType: 'application/json', body: '{"users": {"a": {"id": "a", "usern' }), /unexpected format/],
        ['wrong shape', (r) => r.fulfill({ status: 200, json: { users: [1, 2, 3] } }), /unexpected format/],
        ['wrong shape (array)', (r) => r.fulfill({ status: 200, json: [] }), /unexpected format/],
      ];
      for (const [name, answer, expected] of faults) {
        await page.route('**/v1/api/users/query', (route) => (isList(route) ? answer(route) : route.continue()));
        // A first load that fails: the error page, with Retry.
        await page.reload();
        await page.locator('[data-testid=error-page]').waitFor({ timeout: 10_000 });
        const message = await page.locator('[data-testid=error-message]').textContent();
        assert(expected.test(message), `${name}: ${message}`);
        assert(!JWT.test(message) && !message.includes('<h1>'), `${name}: no token, no raw page in the message`);
        await page.unroute('**/v1/api/users/query');
        await page.click('[data-testid=error-action]');
        await page.locator(ROWS_VISIBLE).first().waitFor({ timeout: 10_000 });
        // A refresh that fails: the table stays, a notice says why; the next refresh clears it.
        await page.route('**/v1/api/users/query', (route) => (isList(route) ? answer(route) : route.continue()));
        await page.click('[data-testid=refresh]');
        await until(async () => await page.locator('[data-testid=load-error]').count() === 1, async () => `${name}: refresh notice`);
        assert(expected.test(await page.locator('[data-testid=load-error]').textContent()), `${name}: refresh notice text`);
        assert(await page.locator(ROWS_VISIBLE).count() > 5, `${name}: the table stays`);
        await page.unroute('**/v1/api/users/query');
        await page.click('[data-testid=refresh]');
        await until(async () => await page.locator('[data-testid=load-error]').count() === 0, async () => `${name}: notice cleared`);
      }
      assert(page.errors.every((e) => /status of (500|502)|Failed to load|aborted/i.test(e)), `only the faults' own console lines: ${page.errors.join('; ')}`);
    })],
    ['a failed or unanswered change leaves no row showing what the server did not confirm', onPage({ timeoutSeconds: 2 }, async (page) => {
      await page.fill('[data-testid=search]', 'synthetic.example');
      await until(async () => await page.locator(ROWS_VISIBLE).count() > 5, async () => 'synthetic users shown');
      const active = page.locator(ROWS_VISIBLE, { has: page.locator('[data-testid=status]', { hasText: /^Active$/ }) });
      const target = (await active.nth(0).locator('[data-testid=user-link]').textContent()).trim();
      // 502 with an HTML page: the row goes back to Active, and says why.
      await page.route('**/v1/api/users/deactivate', (r) => r.fulfill({ status: 502, contentType: 'text/html', body: '<html>Bad Gateway</html>' }));
      await userRow(page, target).locator('[data-testid=deactivate]').click();
      await page.click('[data-testid=confirm]');
      await until(async () => (await page.locator('[data-testid=toast]').allTextContents()).some((t) => t.includes(target) && /HTTP 502/.test(t)), async () => 'the failure is reported');
      assert(await userRow(page, target).locator('[data-testid=status]').textContent() === 'Active', 'rolled back');
      // No answer, but the server did it: the panel cannot know, so it reloads and shows the truth.
      await page.unroute('**/v1/api/users/deactivate');
      await page.route('**/v1/api/users/deactivate', async (r) => { await r.fetch(); await new Promise((res) => setTimeout(res, 3_000)); await r.abort().catch(() => {}); });
      await userRow(page, target).locator('[data-testid=deactivate]').click();
      await page.click('[data-testid=confirm]');
      await until(async () => (await page.locator('[data-testid=toast]').allTextContents()).some((t) => /did not answer within 2 s/.test(t)), async () => 'the timeout is reported');
      await until(async () => await userRow(page, target).locator('[data-testid=status]').textContent() === 'Inactive', async () => 'after the reload the row shows what the server did');
      await page.unroute('**/v1/api/users/deactivate');
      await userRow(page, target).locator('[data-testid=activate]').click();
      await until(async () => await userRow(page, target).locator('[data-testid=status]').textContent() === 'Active', async () => 'activated again');
    })],
    ['a 401 in the middle of a bulk action stops it, asks to sign in, and every row matches the server after', onPage({}, async (page) => {
      await page.fill('[data-testid=search]', 'synthetic.example');
      await until(async () => await page.locator(ROWS_VISIBLE).count() > 5, async () => 'synthetic users shown');
      const active = page.locator(ROWS_VISIBLE, { has: page.locator('[data-testid=status]', { hasText: /^Active$/ }) });
      const targets = [];
      for (let i = 0; i < 3; i += 1) targets.push((await active.nth(i).locator('[data-testid=user-link]').textContent()).trim());
      for (const email of targets) await userRow(page, email).locator('input[type=checkbox]').check();
      let calls = 0; let passed = null;
      await page.route('**/v1/api/users/deactivate', (route) => {
        calls += 1;
        // The first passes; from the second on, the API refuses the token (refresh included).
        if (calls > 1) return route.fulfill({ status: 401, json: { msg: 'token revoked', code: 401 } });
        passed = JSON.parse(route.request().postData()).email;
        return route.continue();
      });
      await page.route('**/auth/realms/master/protocol/openid-connect/token', (route) => route.fulfill({ status: 400, json: { error: 'invalid_grant' } }));
      await page.click('[data-testid=bulk-deactivate]');
      await page.click('[data-testid=confirm]');
      await page.locator('[data-testid=session-expired]').waitFor({ timeout: 10_000 });
      // The bulk runs in its own order: the one that passed is the one the server confirmed.
      assert(targets.includes(passed), `the passing call was one of the selected: ${passed}`);
      const others = targets.filter((e) => e !== passed);
      assert(await userRow(page, passed).locator('[data-testid=status]').textContent() === 'Inactive', 'the confirmed one shows Inactive');
      for (const email of others) {
        assert(await userRow(page, email).locator('[data-testid=status]').textContent() === 'Active', `${email} stays Active`);
      }
      assert(calls === 2, `the bulk stopped at the refusal: ${calls} calls`);
      // Sign in again (the IdP session is alive: straight back), then the server's view.
      await page.unroute('**/v1/api/users/deactivate');
      await page.unroute('**/auth/realms/master/protocol/openid-connect/token');
      await page.locator('[data-testid=session-expired] button').first().click();
      await page.locator(ROWS_VISIBLE).first().waitFor({ timeout: 15_000 });
      await page.fill('[data-testid=search]', passed);
      await until(async () => await userRow(page, passed).locator('[data-testid=status]').textContent() === 'Inactive', async () => 'server: the confirmed one deactivated');
      for (const email of others) {
        await page.fill('[data-testid=search]', email);
        await until(async () => await userRow(page, email).locator('[data-testid=status]').count() === 1, async () => `${email} shown`);
        assert(await userRow(page, email).locator('[data-testid=status]').textContent() === 'Active', `server: ${email} untouched`);
      }
    })],
    ['tokens are nowhere: not in storage, the URL, the console, or any text shown; zero CSP violations', onPage({}, async (page) => {
      // Work that handles tokens: a 401 answered by a refresh and a retry, a reload (a new
      // sign-in through the IdP session), a user's details.
      let refused = 0;
      await page.route('**/v1/api/users/query', (route) => (refused++ === 0
        ? route.fulfill({ status: 401, json: { msg: 'token expired', code: 401 } }) : route.continue()));
      await reloadList(page);
      await page.unroute('**/v1/api/users/query');
      await page.reload();
      await page.locator(ROWS_VISIBLE).first().waitFor({ timeout: 15_000 });
      await page.locator('[data-testid=user-link]').first().click();
      await page.locator('[data-testid=user-detail] dl').waitFor({ timeout: 10_000 });
      const found = await page.evaluate(() => ({
        local: JSON.stringify(localStorage), session: JSON.stringify(sessionStorage), url: location.href, text: document.body.innerText,
        cookies: document.cookie,
      }));
      for (const [where, value] of Object.entries(found)) assert(!JWT.test(value), `a token in ${where}`);
      assert(!page.consoleLines.some((l) => JWT.test(l)), 'a token in the console');
      assert(page.violations.length === 0, `CSP violations: ${page.violations}`);
      // …under the policy the issue names, as the ingress serves it with the panel.
      const csp = (await page.request.get(`${origin}/`)).headers()['content-security-policy'] ?? '';
      // (The stand-in's IdP is behind the same ingress, so its origin is 'self'.)
      const directives = csp.split(';').map((d) => d.trim().replace(/\s+/g, ' '));
      for (const directive of ["default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "style-src 'self'", "img-src 'self' data:",
        "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]) {
        assert(directives.includes(directive), `CSP has "${directive}": ${csp}`);
      }
    })],
  ]);
} finally {
  await browser.close();
}
