// Renames the imports and exports of a WebAssembly module and drops some of its exports, leaving every other
// byte as it is (the post-build hook's step 3). Written by hand, about 60 lines: binaryen's
// --minify-imports renames only Emscripten's "env" imports, and it has no pass that drops an
// export. The sections' layout is the core spec's (import: section 2, export: section 7).
const leb = (b, i) => { let r = 0, s = 0, x; do { x = b[i++]; r |= (x & 0x7f) << s; s += 7; } while (x & 0x80); return [r >>> 0, i]; };
const uleb = (n) => { const out = []; do { let x = n & 0x7f; n >>>= 7; if (n) x |= 0x80; out.push(x); } while (n); return out; };
const name = (b, i) => { const [len, j] = leb(b, i); return [Buffer.from(b.subarray(j, j + len)).toString('utf8'), j + len]; };
const encodeName = (s) => { const bytes = Buffer.from(s, 'utf8'); return [...uleb(bytes.length), ...bytes]; };
const limits = (b, i) => { const flags = b[i++]; [, i] = leb(b, i); if (flags & 1) [, i] = leb(b, i); return i; };

// Each entry of the section with this id goes through `entry(b, at)`, which returns where the
// entry ends and the bytes to keep in its place (none to drop it). Other sections stay as they are.
function rewriteEntries(wasm, id, entry) {
  const b = Uint8Array.from(wasm);
  if (b.length < 8 || b[0] !== 0 || b[1] !== 0x61 || b[2] !== 0x73 || b[3] !== 0x6d) throw new Error('not a wasm module');
  for (let i = 8; i < b.length;) {
    const [size, start] = leb(b, i + 1);
    const end = start + size;
    if (b[i] === id) {
      let [count, j] = leb(b, start);
      const kept = [];
      let keptCount = 0;
      for (let k = 0; k < count; k++) {
        const [next, bytes] = entry(b, j);
        j = next;
        if (bytes.length) { kept.push(...bytes); keptCount += 1; }
      }
      if (j !== end) throw new Error(`section ${id} did not parse to its end`);
      const body = [...uleb(keptCount), ...kept];
      return Buffer.concat([b.subarray(0, i), Uint8Array.from([id, ...uleb(body.length), ...body]), b.subarray(end)]);
    }
    i = end;
  }
  return Buffer.from(b);
}

/** Returns a copy of `wasm` whose imports are renamed by `rename(module, field)`, which returns the new [module, field]. */
export function renameImports(wasm, rename) {
  return rewriteEntries(wasm, 2, (b, j) => {
    let module, field;
    [module, j] = name(b, j);
    [field, j] = name(b, j);
    const desc = j;
    const kind = b[j++];
    if (kind === 0) [, j] = leb(b, j); // function: type index
    else if (kind === 1) j = limits(b, j + 1); // table: reftype, limits
    else if (kind === 2) j = limits(b, j); // memory: limits
    else if (kind === 3) j += 2; // global: valtype, mutability
    else if (kind === 4) [, j] = leb(b, j + 1); // tag: attribute, type index
    else throw new Error(`unknown import kind ${kind}`);
    const [newModule, newField] = rename(module, field);
    return [j, [...encodeName(newModule), ...encodeName(newField), ...b.subarray(desc, j)]];
  });
}

/** Returns a copy of `wasm` whose exports are renamed by `rename(name)`: the new name, or null to drop the export. */
export function renameExports(wasm, rename) {
  return rewriteEntries(wasm, 7, (b, from) => {
    const [field, j] = name(b, from);
    const [, end] = leb(b, j + 1); // the kind, then the index
    const renamed = rename(field);
    return [end, renamed === null ? [] : [...encodeName(renamed), ...b.subarray(j, end)]];
  });
}

/** Returns a copy of `wasm` without the custom sections whose names `drop(name)` accepts. */
export function dropCustomSections(wasm, drop) {
  const b = Buffer.from(wasm);
  const kept = [b.subarray(0, 8)];
  for (let i = 8; i < b.length;) {
    const [size, start] = leb(b, i + 1);
    const end = start + size;
    if (b[i] !== 0 || !drop(name(b, start)[0])) kept.push(b.subarray(i, end));
    i = end;
  }
  return Buffer.concat(kept);
}
