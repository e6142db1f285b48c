// Screenshots of the users page at 360 px and 1440 px, light and dark, signed in as the built-in
// admin. `make screenshots` starts a stand-in stack and runs this; files go to $OUT.
import { mkdirSync } from 'node:fs';
import { launch } from './lib/browser.mjs';

const origin = process.env.ORIGIN ?? 'http://127.0.0.1:8080';
const out = process.env.OUT ?? 'screenshots';
mkdirSync(out, { recursive: true });
const browser = await launch();
try {
  for (const width of [360, 1440]) {
    for (const scheme of ['light', 'dark']) {
      const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme: scheme });
      await page.goto(`${origin}/`);
      await page.locator('#kc-form-login').waitFor({ timeout: 15_000 });
      await page.fill('#username', 'admin');
      await page.fill('#password', 'admin');
      await page.click('#kc-login');
      await page.locator('[data-testid=users-table]').waitFor({ timeout: 15_000 });
      await page.screenshot({ path: `${out}/users-${width}-${scheme}.png` });
      await page.click('[data-testid=user-link]:text-is("new.hire@example.com")');
      await page.locator('[data-testid=user-detail]').waitFor();
      await page.screenshot({ path: `${out}/detail-${width}-${scheme}.png` });
      await page.click('[data-testid=detail-close]');
      await page.click('[data-testid=invite]');
      await page.screenshot({ path: `${out}/invite-${width}-${scheme}.png` });
      if (page.errors.length) throw new Error(page.errors.join('; '));
      await page.context().close();
      console.log(`${out}/{users,detail,invite}-${width}-${scheme}.png`);
    }
  }
} finally {
  await browser.close();
}
