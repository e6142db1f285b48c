// Trunk post-build hook: moves the inline <script type="module"> that Trunk writes into
// index.html (the wasm loader) into its own hashed file, so the panel runs under a strict
// Content-Security-Policy (script-src 'self' 'wasm-unsafe-eval', no 'unsafe-inline') with
// unchanged, content-hashed file names. Fails the build if anything inline would remain.
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('csp-boot: run me as a Trunk post_build hook (TRUNK_STAGING_DIR is unset)');
const publicUrl = process.env.TRUNK_PUBLIC_URL ?? './';
const indexPath = join(dir, 'index.html');
let html = readFileSync(indexPath, 'utf8');

let moved = 0;
html = html.replace(/<script type="module"(?![^>]*\bsrc=)([^>]*)>([\s\S]*?)<\/script>/g, (_, attrs, code) => {
  const name = `boot-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.js`;
  writeFileSync(join(dir, name), code.trim() + '\n');
  moved += 1;
  return `<script type="module"${attrs} src="${publicUrl}${name}"></script>`;
});
if (moved !== 1) throw new Error(`csp-boot: expected exactly one inline loader script, found ${moved}`);
if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html) || /\son[a-z]+=/i.test(html) || /<style[\s>]/i.test(html) || /\sstyle=/i.test(html)) {
  throw new Error('csp-boot: index.html still holds inline script, style or event handlers, which the CSP forbids');
}
writeFileSync(indexPath, html);
console.log(`csp-boot: moved the wasm loader into its own file (${publicUrl}boot-….js)`);
