// Launches Debian's Chromium through playwright-core (no browser download) with the flags this
// closed network needs; each page gets its own context and records page and console errors.
import { chromium } from 'playwright-core';

/** The Chromium to run, and its flags (also e2e/bench-fill.mjs, which starts it without Playwright). */
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launch() {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  return {
    browser,
    /** A page in its own context: its own cookies and storage, like a fresh browser profile. */
    async newPage(options = {}) {
      const context = await browser.newContext(options);
      const page = await context.newPage();
      page.errors = [];
      page.on('pageerror', (e) => page.errors.push(`pageerror: ${e}`));
      page.on('console', (m) => { if (m.type() === 'error') page.errors.push(`console: ${m.text()}`); });
      return page;
    },
    async close() {
      await browser.close();
    },
  };
}

/**
 * The checks to run, as the environment asks: E2E_ONLY (a regular expression over the titles)
 * runs some alone; E2E_ORDER=reverse, or shuffle[:SEED], runs them in another order. Each check
 * must set up its own state, and these are how that is shown.
 */
function chosen(checks) {
  let list = checks;
  if (process.env.E2E_ONLY) list = list.filter(([title]) => new RegExp(process.env.E2E_ONLY, 'i').test(title));
  const order = process.env.E2E_ORDER ?? '';
  if (order === 'reverse') list = [...list].reverse();
  if (order.startsWith('shuffle')) {
    let seed = Number(order.split(':')[1] ?? Date.now()) >>> 0;
    console.log(`order: shuffle:${seed}`);
    const next = () => { seed = (seed * 1_103_515_245 + 12_345) >>> 0; return seed / 2 ** 32; };
    list = [...list];
    for (let i = list.length - 1; i > 0; i -= 1) {
      const j = Math.floor(next() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
  }
  return list;
}

// A tiny test runner: named checks, each bounded; prints "N passed, N failed" and sets the exit code.
export async function run(name, checks) {
  let passed = 0; let failed = 0;
  for (const [title, fn] of chosen(checks)) {
    const t0 = Date.now();
    let timer;
    try {
      const timeout = new Promise((_, rej) => { timer = setTimeout(() => rej(new Error('timed out after 90 s')), 90_000); });
      await Promise.race([fn(), timeout]);
      passed += 1; console.log(`ok   ${title} (${Date.now() - t0} ms)`);
    } catch (e) {
      failed += 1; console.log(`FAIL ${title}\n     ${String(e?.stack ?? e).split('\n').join('\n     ')}`);
    } finally {
      clearTimeout(timer);
    }
  }
  console.log(`${name}: ${passed} passed, ${failed} failed`);
  if (failed > 0 || passed === 0) process.exitCode = 1;
}

export function assert(condition, message) {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

/** Polls `check` until it returns true (the DOM updates on a microtask or the next frame). */
export async function until(check, message, ms = 5_000) {
  const end = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`assertion failed: ${await message()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Opens `url`, signs in through the IdP's login form and waits for the first user row: the
 * callback URL (one-time code) is gone by then, so a test may reload safely.
 */
export async function signInAt(page, url, username, password) {
  await page.goto(url);
  await page.locator('#kc-form-login').waitFor({ timeout: 15_000 });
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('#kc-login');
  await page.locator('[data-testid=user-row]').first().waitFor({ timeout: 30_000 });
}

/** The drawn table row of the user whose link text holds `email`. */
export const userRow = (page, email) => page.locator('[data-testid=user-row]', { has: page.locator('[data-testid=user-link]', { hasText: email }) });

/** The distinct heights (to 0.1 px) of the drawn user rows: one, when the layout holds. */
export const rowHeights = (page) => page.locator('[data-testid=user-row]')
  .evaluateAll((rows) => [...new Set(rows.map((r) => r.getBoundingClientRect().height.toFixed(1)))]);

/** Closes every toast (they float over the table's last rows), as a user would. */
export async function closeToasts(page) {
  const close = page.locator('[data-testid=toast] .toast__close');
  while (await close.count() > 0) await close.first().click();
}

/** Records the page's CSP violations in `page.violations`, from its first document on. */
export async function watchCsp(page) {
  page.violations = [];
  await page.exposeFunction('__reportViolation', (v) => page.violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => window.__reportViolation(`${e.violatedDirective} ${e.blockedURI}`));
  });
}

/**
 * In-page code for "the administrator switched to another tab and back": visibilityState goes
 * hidden, then visible, each announced (the panel refreshes quietly on the second). A string,
 * so the bench can run it inside its own in-page scripts too.
 */
/**
 * In the page: whether every drawn Workspaces cell holds its count (none still "…"), the
 * benchmarks' "memberships filled in" (e2e/bench.mjs, e2e/bench-fill.mjs).
 */
export const ALL_FILLED_IN = `(() => {
  const cells = [...document.querySelectorAll('[data-testid=user-row] [data-testid=workspaces]')];
  return cells.length > 0 && cells.every((c) => /^[0-9]+$/.test(c.textContent));
})()`;

export const SHOW_AGAIN = `(() => {
  for (const s of ['hidden', 'visible']) {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => s });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => s === 'hidden' });
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  }
})()`;

export const showAgain = (page) => page.evaluate(SHOW_AGAIN);

/** When the list was last loaded, as the page says (`data-loaded-ms`, as text). */
export const loadedAt = (page) => page.locator('[data-testid=loaded-at]').getAttribute('data-loaded-ms');

/** Waits until the list has been loaded again after `before` (a `loadedAt` value). */
export async function reloadedSince(page, before, ms = 10_000) {
  await until(async () => (await loadedAt(page)) !== before, async () => `the list was not loaded again (still ${before})`, ms);
}

/** Clicks Refresh and waits until the list has been loaded again. */
export async function reloadList(page) {
  const before = await loadedAt(page);
  await page.click('[data-testid=refresh]');
  await reloadedSince(page, before);
}
