// Release smoke test: the dist/ that `make demo` ships loads in headless Chromium, mounts, reads
// its config.json, and shows a readable page for a broken one or a missing IdP. Catches what host and component
// tests cannot: a wasm-opt that breaks the module, a missing asset, console errors at start-up.
import { launch, run, assert } from './lib/browser.mjs';
import { serveStatic } from './lib/static-server.mjs';

const server = await serveStatic(new URL('../dist/', import.meta.url).pathname);
const browser = await launch();
try {
  await run('smoke', [
    ['the release build mounts, reads config.json, and says plainly that no IdP answers here', async () => {
      const page = await browser.newPage();
      await page.goto(server.url);
      // This static server has no Keycloak: discovery at {origin}/auth/realms/master fails.
      const message = await page.locator('[data-testid=error-message]').textContent({ timeout: 15_000 });
      assert(message.includes(`${server.url}auth/realms/master`) && /could not be reached/.test(message), message);
      assert(await page.locator('[data-testid=error-action]').textContent() === 'Sign in again', 'offers to sign in again');
      const unexpected = page.errors.filter((e) => !/Failed to load resource.*404/.test(e));
      assert(unexpected.length === 0, `no console or page errors besides the discovery 404: ${unexpected.join('; ')}`);
      await page.close();
    }],
    // The release build aborts on a panic at once: the panic reaches the page as a trap of the
    // module, a WebAssembly.RuntimeError thrown out of a handler or a future. A real trap, of a
    // one-instruction module (`unreachable`), goes through the browser's own error reporting.
    ['a trap of WebAssembly in a handler or a future shows the crash notice over the release build', async () => {
      for (const how of ['handler', 'future']) {
        const page = await browser.newPage();
        await page.goto(server.url);
        await page.locator('[data-testid=error-message]').waitFor({ timeout: 15_000 });
        await page.evaluate((how) => {
          const bytes = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 7, 5, 1, 1, 102, 0, 0, 10, 5, 1, 3, 0, 0, 11]);
          const trap = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports.f;
          if (how === 'handler') setTimeout(trap);
          else Promise.resolve().then(trap);
        }, how);
        const notice = page.locator('[data-testid=crash]');
        const text = await notice.textContent({ timeout: 5_000 });
        assert(/internal error/.test(text) && /unreachable/.test(text), `${how}: ${text}`);
        assert(await page.locator('[data-testid=crash-reload]').isVisible(), `${how}: offers a reload`);
        await page.close();
      }
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
