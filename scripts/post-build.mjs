// Trunk post-build hook (Trunk runs the hooks of one stage at once, so this is the only one):
//
// 1. Moves the inline <script type="module"> that Trunk writes into index.html (the wasm loader)
//    into its own hashed file, so the panel runs under a strict Content-Security-Policy
//    (script-src 'self' 'wasm-unsafe-eval', no 'unsafe-inline'). Fails the build if anything
//    inline would remain.
// 2. Release builds only: minifies wasm-bindgen's JS glue and the CSS with esbuild (measured:
//    8.3 → 6.6 KB and 3.3 → 2.6 KB brotli), then writes their new digests into index.html's
//    integrity attributes. Trunk's own minifier is off: it fails on wasm-bindgen's glue
//    (trunk-rs/trunk#1044) or drops getters (#761). The names keep Trunk's content hash of the
//    unminified file: the same input always gives the same output, so a name still means one
//    content, and the year-long immutable caching stays right.
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { transformSync } from 'esbuild';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('post-build: run me as a Trunk post_build hook (TRUNK_STAGING_DIR is unset)');
const publicUrl = process.env.TRUNK_PUBLIC_URL ?? './';
const release = process.env.TRUNK_PROFILE === 'release';
const indexPath = join(dir, 'index.html');
let html = readFileSync(indexPath, 'utf8');

// 1. The inline loader, into a file.
let moved = 0;
html = html.replace(/<script type="module"(?![^>]*\bsrc=)([^>]*)>([\s\S]*?)<\/script>/g, (_, attrs, code) => {
  const name = `boot-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.js`;
  writeFileSync(join(dir, name), code.trim() + '\n');
  moved += 1;
  return `<script type="module"${attrs} src="${publicUrl}${name}"></script>`;
});
if (moved !== 1) throw new Error(`post-build: expected exactly one inline loader script, found ${moved}`);
if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html) || /\son[a-z]+=/i.test(html) || /<style[\s>]/i.test(html) || /\sstyle=/i.test(html)) {
  throw new Error('post-build: index.html still holds inline script, style or event handlers, which the CSP forbids');
}
console.log(`post-build: moved the wasm loader into its own file (${publicUrl}boot-….js)`);

// 2. Minified JS and CSS, with their integrity attributes following.
if (release) {
  for (const name of readdirSync(dir)) {
    const loader = name.endsWith('.js') ? 'js' : name.endsWith('.css') ? 'css' : null;
    if (!loader) continue;
    const path = join(dir, name);
    const before = readFileSync(path, 'utf8');
    // es2022: no syntax newer than what the loader (top-level await) and the glue already use.
    const js = loader === 'js' ? { format: 'esm' } : {};
    const { code } = transformSync(before, { loader, minify: true, legalComments: 'none', target: 'es2022', ...js });
    writeFileSync(path, code);
    console.log(`post-build: minified ${name} (${Buffer.byteLength(before)} → ${Buffer.byteLength(code)} bytes)`);
  }
  // Every integrity attribute is the digest of the file as it is now (the wasm's is unchanged).
  html = html.replace(/<link\b[^>]*>/g, (tag) => {
    const href = /\bhref="([^"]+)"/.exec(tag)?.[1];
    if (!href || !/\bintegrity="/.test(tag)) return tag;
    const file = join(dir, href.startsWith(publicUrl) ? href.slice(publicUrl.length) : href);
    const digest = `sha384-${createHash('sha384').update(readFileSync(file)).digest('base64')}`;
    return tag.replace(/\bintegrity="[^"]*"/, `integrity="${digest}"`);
  });
}
writeFileSync(indexPath, html);
