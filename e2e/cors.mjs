// The panel in headless Chromium against a three-origin stack whose API allows some other
// origin (devstack/stack.sh ORIGINS=three CORS_ORIGIN=…): the browser blocks every answer, which
// the page cannot tell from a dead API, so the panel says both and names the origin to allow;
// never a blank screen or a vague network error.
//   ORIGIN=http://127.0.0.1:18380 API_ORIGIN=http://127.0.0.2:18380 node e2e/cors.mjs
import { launch, run, assert, signInAt } from './lib/browser.mjs';

const origin = process.env.ORIGIN ?? 'http://127.0.0.1:18380';
const apiOrigin = process.env.API_ORIGIN ?? 'http://127.0.0.2:18380';
const browser = await launch();

try {
  await run('cors', [
    ['an API that does not allow the panel\'s origin gets a page that says so and names the origin to allow', async () => {
      const page = await browser.newPage();
      try {
        await page.goto(`${origin}/`);
        await page.locator('#kc-form-login').waitFor({ timeout: 15_000 });
        await page.fill('#username', 'admin');
        await page.fill('#password', 'admin');
        await page.click('#kc-login');
        const message = await page.locator('[data-testid=error-message]').textContent({ timeout: 20_000 });
        assert(message.includes(`Wallaroo API at ${apiOrigin}`) && message.includes(`must allow ${origin}`), message);
        assert(/CORS/.test(message), `says what to configure: ${message}`);
        assert(await page.locator('[data-testid=error-action]').textContent() === 'Retry', 'offers a retry');
        // The only console lines are the browser's own reports of the blocked requests.
        assert(page.errors.every((e) => /CORS|Access-Control|Failed to fetch|ERR_FAILED/i.test(e)), page.errors.join('; '));
      } finally {
        await page.context().close();
      }
    }],
  ]);
} finally {
  await browser.close();
}
