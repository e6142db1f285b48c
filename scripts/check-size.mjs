// The first-load size budget (budget/first-load.json), checked against a release dist/: each
// file's brotli copy (what the ingress sends) and their total. Fails, naming the file and how
// much it grew past its budget, so that growth is a decision and not an accident.
//   node scripts/check-size.mjs [dist]
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'dist';
const budgetFile = new URL('../budget/first-load.json', import.meta.url);
const budget = JSON.parse(readFileSync(budgetFile, 'utf8'));
const kindOf = (name) => {
  if (name.endsWith('_bg.wasm')) return 'wasm';
  if (name.endsWith('.js')) return 'js'; // the loader and wasm-bindgen's glue, bundled
  if (name.endsWith('.css')) return 'css';
  if (name === 'index.html') return 'index.html';
  return null; // config.json is the instance's, not the build's
};
let total = 0; const over = [];
for (const name of readdirSync(dir).sort()) {
  const kind = kindOf(name);
  if (!kind || !statSync(join(dir, name)).isFile()) continue;
  const sent = existsSync(join(dir, `${name}.br`)) ? statSync(join(dir, `${name}.br`)).size : statSync(join(dir, name)).size;
  total += sent;
  const limit = budget.files[kind];
  if (limit === undefined) over.push(`${name}: no budget for a "${kind}" file in budget/first-load.json`);
  else if (sent > limit) over.push(`${name} (${kind}): ${sent.toLocaleString('en-US')} B brotli, ${(sent - limit).toLocaleString('en-US')} B over its budget of ${limit.toLocaleString('en-US')} B`);
  console.log(`size: ${kind.padEnd(10)} ${sent.toLocaleString('en-US').padStart(9)} B of ${limit?.toLocaleString('en-US') ?? '—'} B  ${name}`);
}
// The chunks (src/lazy.rs) are fetched after the first paint, so they are not counted; listed so
// that what moved out of the first load stays in sight.
for (const name of readdirSync(dir).sort()) {
  if (!name.endsWith('.wasm') || name.endsWith('_bg.wasm')) continue;
  const sent = existsSync(join(dir, `${name}.br`)) ? statSync(join(dir, `${name}.br`)).size : statSync(join(dir, name)).size;
  console.log(`size: chunk      ${sent.toLocaleString('en-US').padStart(9)} B, after the first paint  ${name}`);
}
if (total > budget.total) over.push(`the first load: ${total.toLocaleString('en-US')} B brotli, ${(total - budget.total).toLocaleString('en-US')} B over its budget of ${budget.total.toLocaleString('en-US')} B`);
console.log(`size: total      ${total.toLocaleString('en-US').padStart(9)} B of ${budget.total.toLocaleString('en-US')} B`);
if (over.length) {
  console.log(`size: over the budget in budget/first-load.json:\n  ${over.join('\n  ')}\n  Make it smaller, or raise the budget in a commit that says why.`);
  process.exitCode = 1;
} else {
  console.log('size: 1 passed, 0 failed');
}
