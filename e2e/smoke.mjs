// Release smoke test: the dist/ that `make demo` ships loads in headless Chromium, mounts, reads
// its config.json, and shows a readable page for a broken one. Catches what host and component
// tests cannot: a wasm-opt that breaks the module, a missing asset, console errors at start-up.
import { launch, run, assert } from './lib/browser.mjs';
import { serveStatic } from './lib/static-server.mjs';

const server = await serveStatic(new URL('../dist/', import.meta.url).pathname);
const browser = await launch();
try {
  await run('smoke', [
    ['the release build mounts and shows the instance from config.json', async () => {
      const page = await browser.newPage();
      await page.goto(server.url);
      await page.locator('[data-testid=app-main]').waitFor({ timeout: 15_000 });
      const api = await page.locator('[data-testid=api-base]').textContent();
      assert(api === server.url.replace(/\/$/, ''), `api base defaults to the panel's origin, got ${api}`);
      const issuer = await page.locator('[data-testid=issuer]').textContent();
      assert(issuer === `${server.url}auth/realms/master`, `issuer defaults to {origin}/auth/realms/master, got ${issuer}`);
      assert(page.errors.length === 0, `no console or page errors: ${page.errors.join('; ')}`);
      await page.close();
    }],
    ['a malformed config.json gives a readable error page, not a blank screen', async () => {
      const page = await browser.newPage();
      await page.route('**/config.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"clientId": ' }));
      await page.goto(server.url);
      const message = await page.locator('[data-testid=error-message]').textContent({ timeout: 15_000 });
      assert(/not valid JSON/.test(message), `message names the problem: ${message}`);
      assert(await page.locator('button', { hasText: 'Reload' }).isVisible(), 'offers a reload');
      await page.close();
    }],
    ['a missing config.json names the file and the status', async () => {
      const page = await browser.newPage();
      await page.route('**/config.json', (route) => route.fulfill({ status: 404, body: 'not found' }));
      await page.goto(server.url);
      const message = await page.locator('[data-testid=error-message]').textContent({ timeout: 15_000 });
      assert(message.includes('config.json') && message.includes('404'), message);
      await page.close();
    }],
  ]);
} finally {
  await browser.close();
  server.close();
}
