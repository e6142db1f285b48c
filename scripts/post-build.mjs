// Trunk post-build hook (Trunk runs the hooks of one stage at once, so this is the only one):
//
// 1. Moves the inline <script type="module"> that Trunk writes into index.html (the wasm loader)
//    into its own hashed file, so the panel runs under a strict Content-Security-Policy
//    (script-src 'self' 'wasm-unsafe-eval', no 'unsafe-inline'). Fails the build if anything
//    inline would remain.
// 1b. Release builds only: cuts the wasm into the main module and the chunks the first paint does
//    not need (src/lazy.rs), with wasm-split-cli, and runs wasm-bindgen again on the main module
//    (Trunk ran it on the whole one). Each chunk is optimised like the main module and named by
//    its content; the chunks' loader (`__wasm_split.js`) joins the glue in step 4.
// 2. Release builds only: minifies wasm-bindgen's JS glue and the CSS with esbuild (measured:
//    8.3 → 6.6 KB and 3.3 → 2.6 KB brotli). Trunk's own minifier is off: it fails on
//    wasm-bindgen's glue (trunk-rs/trunk#1044) or drops getters (#761).
// 3. Release builds only: renames the wasm's imports from its JS glue to short names, in both
//    files. wasm-bindgen names each one for the JS it calls plus a 16-hex-digit hash, which no
//    compression can shrink: 204 of them cost 2.9 KB of the wasm and 2.1 KB of the glue, brotli.
//    Drops the exports no JS can call and shortens the others' names, then runs wasm-opt
//    (index.html turns Trunk's off).
// 4. Release builds only: bundles the loader and the glue into one script, without the glue's
//    exports the loader does not use.
//    Then every integrity attribute in index.html gets its file's new digest.
//
// The names keep Trunk's content hash of the file it built: the same input always gives the same
// output, so a name still means one content, and the year-long immutable caching stays right.
import { readFileSync, writeFileSync, readdirSync, rmSync, mkdtempSync, copyFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { buildSync, transformSync } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { dropCustomSections, renameExports, renameImports } from './wasm-sections.mjs';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('post-build: run me as a Trunk post_build hook (TRUNK_STAGING_DIR is unset)');
const publicUrl = process.env.TRUNK_PUBLIC_URL ?? './';
const release = process.env.TRUNK_PROFILE === 'release';
const indexPath = join(dir, 'index.html');
let html = readFileSync(indexPath, 'utf8');

// 1. The inline loader, into a file.
let moved = 0;
let bootName;
html = html.replace(/<script type="module"(?![^>]*\bsrc=)([^>]*)>([\s\S]*?)<\/script>/g, (_, attrs, code) => {
  const name = `boot-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.js`;
  writeFileSync(join(dir, name), code.trim() + '\n');
  bootName = name;
  moved += 1;
  return `<script type="module"${attrs} src="${publicUrl}${name}"></script>`;
});
if (moved !== 1) throw new Error(`post-build: expected exactly one inline loader script, found ${moved}`);
if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html) || /\son[a-z]+=/i.test(html) || /<style[\s>]/i.test(html) || /\sstyle=/i.test(html)) {
  throw new Error('post-build: index.html still holds inline script, style or event handlers, which the CSP forbids');
}
console.log(`post-build: moved the wasm loader into its own file (${publicUrl}boot-….js)`);

// The wasm-opt passes (step 3 says why these), for the main module and each chunk.
const wasmOpt = join(process.cwd(), 'node_modules', '.bin', 'wasm-opt');
const wasmOptPasses = ['-ocimfs', '25', '-Oz', '--flatten', '--rereloop', '-Oz', '-Oz', '--converge', '--strip-producers', '--strip-target-features'];
const wasmOptFeatures = ['bulk-memory', 'nontrapping-float-to-int', 'sign-ext', 'mutable-globals', 'reference-types', 'multivalue'].map((f) => `--enable-${f}`);
const optimise = (from, to) => {
  const version = execFileSync(wasmOpt, ['--version'], { encoding: 'utf8' });
  if (!/version 132\b/.test(version)) throw new Error(`post-build: wasm-opt must be binaryen 132, found: ${version.trim()}`);
  execFileSync(wasmOpt, [...wasmOptPasses, ...wasmOptFeatures, from, '-o', to], { stdio: 'inherit' });
};
const splitJs = '__wasm_split.js';

// 1b. The chunks. wasm-split-cli needs the module as the linker wrote it, with its relocations
// (scripts/build.sh links with --emit-relocs), so it reads cargo's output, not Trunk's copy.
if (release) {
  const wasmName = readdirSync(dir).find((n) => n.endsWith('_bg.wasm'));
  if (!wasmName) throw new Error('post-build: Trunk staged no wasm');
  const base = wasmName.replace(/_bg\.wasm$/, '');
  const { target_directory: targetDir } = JSON.parse(execFileSync('cargo', ['metadata', '--format-version', '1', '--no-deps', '--offline'], { encoding: 'utf8' }));
  const linked = join(targetDir, 'wasm32-unknown-unknown', 'release', 'wallaroo-users-panel.wasm');
  // A build with no split point (none in the code, or built without --cfg wasm_split) has
  // nothing to cut: Trunk's module is the whole panel.
  const splits = WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(linked)))
    .filter((i) => i.module === '__wasm_split_placeholder__').length;
  if (splits) splitWasm(linked, base, splits);
  else console.log('post-build: no split points, so no chunks');
}

function splitWasm(linked, base, splits) {
  const work = mkdtempSync(join(tmpdir(), 'wasm-split-'));
  execFileSync('wasm-split-cli', ['--target', 'web', '--out-name', base, linked, work], { stdio: 'inherit' });
  const chunks = readdirSync(work).filter((n) => n.endsWith('.wasm') && n !== `${base}.wasm`);
  if (!chunks.length) throw new Error(`post-build: wasm-split-cli made no chunks of ${linked}, which has ${splits} split points`);
  // --keep-lld-exports: wasm-bindgen would drop the export of the function table, which the
  // chunks fill in and call through.
  execFileSync('wasm-bindgen', ['--target', 'web', '--no-typescript', '--keep-lld-exports', '--out-dir', join(work, 'bindgen'), '--out-name', base, join(work, `${base}.wasm`)], { stdio: 'inherit' });
  copyFileSync(join(work, 'bindgen', `${base}_bg.wasm`), join(dir, `${base}_bg.wasm`));
  copyFileSync(join(work, 'bindgen', `${base}.js`), join(dir, `${base}.js`));
  let loader = readFileSync(join(work, splitJs), 'utf8');
  for (const chunk of chunks) {
    const optimised = join(work, `${chunk}.opt`);
    optimise(join(work, chunk), optimised);
    const bytes = readFileSync(optimised);
    const named = `${chunk.replace(/\.wasm$/, '')}-${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}.wasm`;
    const reference = JSON.stringify(`./${chunk}`);
    if (!loader.includes(reference)) throw new Error(`post-build: ${splitJs} does not load ${chunk}`);
    loader = loader.replaceAll(reference, JSON.stringify(`./${named}`));
    writeFileSync(join(dir, named), bytes);
    console.log(`post-build: chunk ${named} (${bytes.length} bytes)`);
  }
  writeFileSync(join(dir, splitJs), loader);
  rmSync(work, { recursive: true });
}

// 2. Minified JS and CSS.
if (release) {
  for (const name of readdirSync(dir)) {
    const loader = name.endsWith('.js') ? 'js' : name.endsWith('.css') ? 'css' : null;
    if (!loader) continue;
    const path = join(dir, name);
    let before = readFileSync(path, 'utf8');
    // The glue's classes (wasm-streams' adapters, never instantiated: step 3) are kept alive by
    // the statement that gives each `Symbol.dispose`, and each has a finalization registry that
    // esbuild cannot know to be free of side effects. Without both, the bundling of step 4 drops
    // the classes (measured: 0.3 KB brotli).
    if (loader === 'js' && name !== bootName) {
      before = before
        .replace(/^if \(Symbol\.dispose\) (\w+)\.prototype\[Symbol\.dispose\] = \1\.prototype\.free;\n/gm, '')
        .replace(/^const IntoUnderlying\w+Finalization = [^;]*;\n/gm, '');
    }
    // es2022: no syntax newer than what the loader (top-level await) and the glue already use.
    const js = loader === 'js' ? { format: 'esm' } : {};
    const { code } = transformSync(before, { loader, minify: true, legalComments: 'none', target: 'es2022', ...js });
    writeFileSync(path, code);
    console.log(`post-build: minified ${name} (${Buffer.byteLength(before)} → ${Buffer.byteLength(code)} bytes)`);
  }
  // 3. The wasm: short import names, the stream exports dropped, then wasm-opt.
  const files = readdirSync(dir);
  const wasmName = files.find((n) => n.endsWith('_bg.wasm'));
  const glueName = wasmName && wasmName.replace(/_bg\.wasm$/, '.js');
  if (!wasmName || !files.includes(glueName)) throw new Error('post-build: no wasm and JS glue pair found');
  let glue = readFileSync(join(dir, glueName), 'utf8');
  // The glue defines each import once, as a key of its imports object (`__wbg_…:function`); a
  // name found any other number of times stops the build rather than risk a module that cannot
  // link. The imports' module (the glue's own file name, repeated for each of the 204) becomes
  // `a` in both files, in the glue as the one key that holds them all.
  const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const word = (text) => new RegExp(`(?<![\\w$])${escape(text)}(?![\\w$])`, 'g');
  const modules = new Set();
  let count = 0;
  // The chunks' loader's own imports keep their names: they are few and short, and it names them.
  const loader = existsSync(join(dir, splitJs)) ? readFileSync(join(dir, splitJs), 'utf8') : '';
  // The linker's relocations (build.sh's --emit-relocs, for wasm-split-cli) stay in a module
  // that had nothing to cut: wasm-opt keeps custom sections it does not know (measured: 250 KB
  // brotli). They are for tools only.
  const relocations = (name) => name === 'linking' || name.startsWith('reloc.');
  let wasm = renameImports(dropCustomSections(readFileSync(join(dir, wasmName)), relocations), (module, field) => {
    if (module === `./${splitJs}`) return [module, field];
    const key = new RegExp(`(?<![\\w$])${escape(field)}(?=:)`, 'g');
    const found = glue.match(key)?.length ?? 0;
    if (found !== 1) throw new Error(`post-build: the import ${module} ${field} is a key of the glue ${found} times, not once`);
    const short = `_${(count++).toString(36)}`;
    glue = glue.replace(key, short);
    modules.add(module);
    return ['a', short];
  });
  for (const module of modules) {
    const key = new RegExp(`(["'])${escape(module)}\\1(?=:)`, 'g');
    const found = glue.match(key)?.length ?? 0;
    if (modules.size !== 1 || found !== 1) throw new Error(`post-build: the import module ${module} is a key of the glue ${found} times, not once (of ${modules.size} modules)`);
    glue = glue.replace(key, '"a"');
  }
  // wasm-streams' adapters from Rust streams to JS ones are exported because Leptos always builds
  // server_fn for the browser; the panel makes no stream. Their classes in the glue cannot get an
  // instance: the glue has no `__wrap`, which is how wasm hands a Rust value to JS. Dropped, their
  // code leaves the wasm (1.2 KB brotli). If a dependency ever hands one over, the build stops.
  // An export the glue never names (`main`, which `__wbindgen_start` calls inside the module, and
  // wasm-bindgen's abort and split markers) is dropped too. The others get short names in both
  // files where the glue names them only as properties of the module's exports (`wasm.name`);
  // the closure adapters' names are up to 300 characters of mangled types.
  if (/\b__wrap\b/.test(glue)) throw new Error('post-build: the glue wraps Rust values for JS now; keep the exports');
  let exported = 0;
  wasm = renameExports(wasm, (name) => {
    if (/^(__wbg_)?intounderlying(bytesource|sink|source)_/.test(name)) return null;
    // What the chunks share with the main module (its memory, table, stack pointer), by name.
    if (word(name).test(loader)) return name;
    const all = glue.match(word(name))?.length ?? 0;
    if (all === 0) return null;
    const asProperty = glue.match(new RegExp(`(?<=\\.)${escape(name)}(?![\\w$])`, 'g'))?.length ?? 0;
    if (name.length <= 8 || asProperty !== all) return name;
    const short = `e${(exported++).toString(36)}`;
    glue = glue.replace(word(name), short);
    return short;
  });
  // wasm-opt runs here, not in Trunk, so that it removes what was dropped. Binaryen 132 from npm
  // (package.json); Debian's 108 silently produces a broken module (shared/toolchain.md).
  const rawPath = join(dir, `${wasmName}.unoptimised`);
  writeFileSync(rawPath, wasm);
  // -Oz, then the control flow rebuilt from scratch (--flatten --rereloop) and -Oz twice, the whole
  // list run again until the module stops shrinking (--converge), and the producers and
  // target-features sections (for tools, not browsers) left out. Measured on this module: 249,386
  // → 246,559 B brotli for about 45 s more build time than -Oz alone, and the second -Oz and the
  // strips 0.7 KB more for 8 s; -Os is larger (845 KB raw against 809 KB), --gufa gains nothing.
  // A function called from one place is inlined there only when it is small (-ocimfs 25; by
  // default at any size): inlining a large one saves a call but keeps its body apart from the
  // similar code elsewhere that brotli would otherwise match. Measured: 213,006 → 211,148 B
  // brotli; limits of 10 to 50 all land within 0.2 KB of that.
  optimise(rawPath, join(dir, wasmName));
  rmSync(rawPath);
  // The optimised module must compile and import only new names, each once (wasm-opt may drop
  // an import nothing calls; its key in the glue is then unused, which is harmless).
  const optimised = new WebAssembly.Module(readFileSync(join(dir, wasmName)));
  const names = WebAssembly.Module.imports(optimised).filter((i) => i.module !== `./${splitJs}`).map((i) => i.name);
  if (names.some((n) => !/^_[0-9a-z]+$/.test(n)) || new Set(names).size !== names.length) {
    throw new Error('post-build: the optimised module does not import the new names');
  }
  const unnamed = WebAssembly.Module.exports(optimised).map((e) => e.name).filter((n) => !word(n).test(glue) && !word(n).test(loader));
  if (unnamed.length) throw new Error(`post-build: the glue does not name the exports ${unnamed.join(', ')}`);
  writeFileSync(join(dir, glueName), glue);

  // 4. The loader and the glue become one script. Trunk's loader imports every export of the glue
  // (`window.wasmBindings`), which keeps wasm-streams' classes alive in it; the panel needs only
  // the glue's `init`. Bundled from that one import, esbuild drops the rest, and the page loads
  // one script instead of two (measured, with step 2's removals: 4,197 B brotli in two files,
  // 3,674 B in one). The loader keeps Trunk's `TrunkApplicationStarted` event, which `make bench`
  // reads the wasm memory from.
  const boot = readFileSync(join(dir, bootName), 'utf8');
  const wasmPath = /module_or_path:\s*(["'])([^"']+)\1/.exec(boot)?.[2];
  if (!wasmPath || !wasmPath.endsWith(wasmName)) throw new Error(`post-build: the loader does not name ${wasmName}: ${boot}`);
  const entry = [
    `import init from './${glueName}';`,
    `const wasm = await init({ module_or_path: ${JSON.stringify(wasmPath)} });`,
    `dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));`,
  ].join('\n');
  const [bundled] = buildSync({
    stdin: { contents: entry, resolveDir: dir, sourcefile: 'boot.js', loader: 'js' },
    bundle: true, format: 'esm', minify: true, legalComments: 'none', target: 'es2022', write: false,
  }).outputFiles;
  const scriptName = `boot-${createHash('sha256').update(bundled.contents).digest('hex').slice(0, 16)}.js`;
  rmSync(join(dir, bootName));
  rmSync(join(dir, glueName));
  rmSync(join(dir, splitJs), { force: true });
  writeFileSync(join(dir, scriptName), bundled.contents);
  const scriptTag = `src="${publicUrl}${bootName}"`;
  const preload = new RegExp(`<link rel="modulepreload" href="${escape(publicUrl + glueName)}"[^>]*>`);
  if (!html.includes(scriptTag) || !preload.test(html)) throw new Error('post-build: index.html does not load the loader and the glue as Trunk writes them');
  html = html.replace(scriptTag, `src="${publicUrl}${scriptName}"`).replace(preload, '');
  console.log(`post-build: the loader and the glue bundled into ${scriptName} (${bundled.contents.length} bytes)`);
  console.log(`post-build: ${count} imports and ${exported} exports renamed, wasm-opt ${wasmOptPasses.join(' ')} run on ${wasmName}`);

  // Every integrity attribute is the digest of the file as it is now.
  html = html.replace(/<link\b[^>]*>/g, (tag) => {
    const href = /\bhref="([^"]+)"/.exec(tag)?.[1];
    if (!href || !/\bintegrity="/.test(tag)) return tag;
    const file = join(dir, href.startsWith(publicUrl) ? href.slice(publicUrl.length) : href);
    const digest = `sha384-${createHash('sha384').update(readFileSync(file)).digest('base64')}`;
    return tag.replace(/\bintegrity="[^"]*"/, `integrity="${digest}"`);
  });
}
writeFileSync(indexPath, html);
