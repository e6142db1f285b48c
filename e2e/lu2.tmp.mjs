import { launch } from './lib/browser.mjs';
const l = await launch();
const page = await l.newPage({ viewport: { width: 1440, height: 900 } });
await page.addInitScript(() => { performance.setResourceTimingBufferSize(10000); window.__long = []; new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__long.push([Math.round(e.startTime), Math.round(e.duration)]); }).observe({ type: 'longtask', buffered: true }); });
const origin = 'http://127.0.0.1:18680';
await page.goto(origin + '/');
await page.locator('#kc-form-login').waitFor();
await page.fill('#username', 'admin'); await page.fill('#password', 'admin'); await page.click('#kc-login');
await page.locator('[data-testid=user-row]').first().waitFor({ timeout: 30000 });
await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=workspaces]')].every((c) => /^[0-9]+$/.test(c.textContent)), null, { timeout: 30000 });
const r = await page.evaluate(() => {
  const e = performance.getEntriesByType('resource');
  const lu = e.filter((x) => x.name.endsWith('list_users'));
  const q = e.find((x) => x.name.endsWith('users/query'));
  const wl = e.find((x) => x.name.endsWith('workspaces/list'));
  const d = lu.map((x) => x.duration).sort((a, b) => a - b);
  return { n: lu.length, queryEnd: q.responseEnd, wlStart: wl.startTime, wlEnd: wl.responseEnd, first: lu[0].startTime, last: Math.max(...lu.map((x) => x.responseEnd)), median: d[d.length >> 1], p90: d[Math.floor(d.length * 0.9)], long: window.__long.slice(-20) };
});
console.log(JSON.stringify(r));
for (const conc of [1, 4, 8]) {
const js = await page.evaluate(async (conc) => {
  const ids = [...new Set(performance.getEntriesByType('resource').filter((x) => x.name.endsWith('list_users')).map((_, i) => i))];
  // token from a captured request is not accessible; use the same fetch without auth to time the browser path
  const t0 = performance.now(); let i = 0;
  await Promise.all(Array.from({ length: conc }, async () => { while (i < 519) { i++; const r = await fetch('/v1/api/workspaces/list_users', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"workspace_id": 1}' }); await r.arrayBuffer(); } }));
  return performance.now() - t0;
}, conc);
console.log('js loop (401s) ms', conc, Math.round(js));
}
await l.close();
