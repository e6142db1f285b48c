// A page object for the users page: what an administrator sees and does there, by name, so the
// checks read as steps and a changed selector is fixed in one place. Every wait is for a
// condition (a row, a count, the address bar), never a fixed time.
import { assert, until, signInAt, userRow, closeToasts, showAgain, loadedAt, reloadList } from './browser.mjs';

export class UsersPage {
  /**
   * A fresh browser context (own cookies and storage) signed in through the IdP's form, on the
   * users page with its first rows drawn. `query` opens a view (`?sort=-created`).
   */
  static async signIn(launched, panel, { username, password, viewport = { width: 1280, height: 1200 }, query = '', config }) {
    const page = await launched.newPage({ viewport, acceptDownloads: true });
    if (config) await UsersPage.configure(page, config);
    await signInAt(page, `${panel}${query}`, username, password);
    return new UsersPage(page, panel);
  }

  /** Serves this page's config.json with `overrides` merged in (what an operator would set). */
  static async configure(page, overrides) {
    await page.route('**/config.json', async (route) => {
      const real = await (await route.fetch()).json();
      await route.fulfill({ json: { ...real, ...overrides } });
    });
  }

  /** Another tab of the same browser profile (same cookies, so the IdP lets it in at once). */
  async newTab() {
    const page = await this.page.context().newPage();
    page.errors = [];
    page.on('pageerror', (e) => page.errors.push(`pageerror: ${e}`));
    page.on('console', (m) => { if (m.type() === 'error') page.errors.push(`console: ${m.text()}`); });
    await page.goto(this.panel);
    await page.locator('[data-testid=user-row]').first().waitFor({ timeout: 30_000 });
    return new UsersPage(page, this.panel);
  }

  /** As when the administrator switches to another tab and, later, back to this one. */
  async hideAndShow() {
    await showAgain(this.page);
  }

  /** When the list was last loaded (epoch ms), as the page says. */
  async loadedAt() {
    return Number(await loadedAt(this.page));
  }

  constructor(page, panel) {
    this.page = page;
    this.panel = panel;
  }

  async close() {
    await this.page.context().close();
  }

  // --- what the page shows ------------------------------------------------------------------

  /** The drawn row of the user whose link text holds `email`. */
  row(email) {
    return userRow(this.page, email);
  }

  testId(id) {
    return this.page.locator(`[data-testid=${id}]`).first();
  }

  async text(id) {
    return this.testId(id).textContent();
  }

  /** The link texts (email, or username) of the drawn rows, in order. */
  emails() {
    return this.page.locator('[data-testid=user-link]').allTextContents();
  }

  /** The texts of the drawn rows' cells in column `n` (1-based; 3 = first name). */
  column(n) {
    return this.page.locator(`[data-testid=user-row] td:nth-child(${n})`).allTextContents();
  }

  async status(email) {
    return this.row(email).locator('[data-testid=status]').textContent();
  }

  /** The figures above the table: shown, all, active, as the numbers they read. */
  async counts() {
    const read = async (id) => Number((await this.text(id)).replace(/,/g, ''));
    return { shown: await read('count-shown'), all: await read('count-all'), active: await read('count-active') };
  }

  /** Waits until the figures equal `want` (any of shown / all / active). */
  async countsAre(want) {
    await until(async () => {
      const now = await this.counts();
      return Object.entries(want).every(([k, v]) => now[k] === v);
    }, async () => `counts ${JSON.stringify(await this.counts())}, want ${JSON.stringify(want)}`, 10_000);
  }

  /** Waits until the drawn rows' emails, sorted, are exactly `list`. */
  async showsExactly(list) {
    const want = [...list].sort().join();
    await until(async () => (await this.emails()).sort().join() === want, async () => `shown: ${await this.emails()}, want ${want}`);
  }

  /** The address bar's query parameter `name` (it is written once the frame is painted). */
  param(name) {
    return new URL(this.page.url()).searchParams.get(name);
  }

  async paramIs(name, value) {
    await until(async () => this.param(name) === value, async () => `${name}=${value} in the URL: ${this.page.url()}`);
  }

  // --- what the administrator does ----------------------------------------------------------

  async search(text) {
    await this.page.fill('[data-testid=search]', text);
  }

  /** `name` is status, type, verified or idle; `value` as the select offers it ('' = any). */
  async filter(name, value) {
    await this.page.selectOption(`[data-testid=filter-${name}]`, value);
  }

  async clearFilters() {
    await this.page.click('[data-testid=clear-filters]');
  }

  /** Clicks Refresh and waits until the list has been loaded again. */
  async refresh() {
    await reloadList(this.page);
  }

  /** Clicks a row's button (`deactivate`, `activate`, `edit`) for the user with `email`. */
  async rowAction(email, action) {
    await this.row(email).locator(`[data-testid=${action}]`).click();
  }

  async select(email) {
    await this.row(email).locator('input[type=checkbox]').check();
  }

  /** Waits for a toast whose text matches `pattern` (a string or RegExp). */
  async toast(pattern) {
    await this.page.locator('[data-testid=toast]', { hasText: pattern }).first().waitFor({ timeout: 10_000 });
  }

  async closeToasts() {
    await closeToasts(this.page);
  }

  dialog(testId) {
    return this.page.locator(`[data-testid=${testId}]`);
  }

  /** Waits until the dialog `testId` is gone from the page. */
  async dialogClosed(testId) {
    await this.dialog(testId).waitFor({ state: 'detached', timeout: 10_000 });
  }

  /** Opens the invite dialog and fills the email. */
  async startInvite(email) {
    await this.page.click('[data-testid=invite]');
    await this.dialog('invite-dialog').waitFor();
    if (email !== undefined) await this.page.fill('[data-testid=invite-email]', email);
  }

  /** Asserts that no console error was logged except those matching `allowed`. */
  noConsoleErrors(allowed = /$^/) {
    const errors = this.page.errors.filter((e) => !allowed.test(e));
    assert(errors.length === 0, `console errors: ${errors.join('; ')}`);
  }
}
