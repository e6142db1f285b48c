// The memberships' fill-in time in a browser with no devtools network tracking (scripts/bench.sh
// runs it after e2e/bench.mjs). Playwright turns on Chromium's Network domain for every page, and
// with it Chromium records each request's initiator: that adds about 1 ms of main-thread work to
// every fetch, which over the hundreds of list_users calls is most of the figure bench.mjs
// reports. Here Chromium is driven over the DevTools protocol directly, with only Page and
// Runtime, which is how an administrator's browser runs the panel. Prints one JSON line.
//   ORIGIN=http://127.0.0.1:18680 RUNS=3 node --experimental-websocket e2e/bench-fill.mjs
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_FILLED_IN, CHROMIUM, CHROMIUM_ARGS, until } from './lib/browser.mjs';

const origin = process.env.ORIGIN ?? 'http://127.0.0.1:18680';
const runs = Number(process.env.RUNS ?? 3);
const limitMs = Number(process.env.LIMIT_MS ?? 120_000);
const port = Number(process.env.CDP_PORT ?? 18699);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// In the page from its first script on: the first frame that shows user rows, then the first
// frame in which every drawn Workspaces cell holds its count (ALL_FILLED_IN, as bench.mjs).
const probe = `(() => {
  let painted = null;
  const tick = () => {
    if (document.querySelector('[data-testid=user-row]')) {
      painted ??= performance.now();
      if (${ALL_FILLED_IN}) {
        window.__fill = { painted, filled: performance.now() };
        return;
      }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

const profile = mkdtempSync(join(tmpdir(), 'bench-fill-'));
const chrome = spawn(CHROMIUM, ['--headless', ...CHROMIUM_ARGS, `--remote-debugging-port=${port}`, `--user-data-dir=${profile}`, '--window-size=1440,900', 'about:blank'], { stdio: 'ignore' });

let socket;
let next = 0;
const waiting = new Map();
const send = (method, params = {}) => new Promise((resolve, reject) => {
  next += 1;
  waiting.set(next, (msg) => (msg.error ? reject(new Error(`${method}: ${msg.error.message}`)) : resolve(msg.result)));
  socket.send(JSON.stringify({ id: next, method, params }));
});
const evaluate = async (expression) =>
  (await send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true })).result?.value;
// Polls an expression in the page until it is true (the shared `until`), for at most LIMIT_MS.
const inPage = (expression, what) =>
  until(() => evaluate(expression), () => `bench-fill: timed out waiting for ${what}`, limitMs);

try {
  let page;
  for (let tries = 0; !page; tries += 1) {
    if (tries > 200) throw new Error('bench-fill: Chromium did not open its DevTools port');
    await sleep(50);
    page = await fetch(`http://127.0.0.1:${port}/json`).then((r) => r.json()).then((ts) => ts.find((t) => t.type === 'page')).catch(() => null);
  }
  socket = new WebSocket(page.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => { socket.onopen = resolve; socket.onerror = reject; });
  socket.onmessage = (m) => {
    const msg = JSON.parse(m.data);
    waiting.get(msg.id)?.(msg);
    waiting.delete(msg.id);
  };
  await send('Page.enable');
  await send('Page.addScriptToEvaluateOnNewDocument', { source: probe });
  const samples = [];
  for (let i = 0; i < runs; i += 1) {
    // A fresh sign-in each run: the IdP's session cookie goes (Storage, not the Network domain).
    await send('Storage.clearDataForOrigin', { origin, storageTypes: 'all' });
    await send('Page.navigate', { url: `${origin}/` });
    await inPage(`!!document.querySelector('#kc-form-login')`, "the IdP's login form");
    await evaluate(`document.querySelector('#username').value = 'admin';
      document.querySelector('#password').value = 'admin';
      document.querySelector('#kc-login').click(); true`);
    await inPage(`!!window.__fill`, 'every Workspaces cell filled in');
    const { painted, filled } = await evaluate('window.__fill');
    samples.push(Math.round(filled - painted));
  }
  const sorted = [...samples].sort((a, b) => a - b);
  console.log(JSON.stringify({ memberships_filled_no_devtools_ms: sorted[Math.floor((sorted.length - 1) / 2)], samples }));
} finally {
  socket?.close();
  chrome.kill();
  await sleep(200);
  rmSync(profile, { recursive: true, force: true });
}
process.exit(0);
