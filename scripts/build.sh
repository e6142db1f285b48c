#!/usr/bin/env bash
# Builds the release panel into dist/ and prints its sizes (raw and gzip).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=/dev/null
source .tools/env.sh
# The release build compiles the standard library itself, at the profile's opt-level "z" instead
# of the prebuilt std's -O3 (-Zbuild-std; measured: -4.9 KB brotli). rustup's rust-src
# (scripts/setup.sh) or Debian's rust-web-src provides the source. std is built with its
# optimize_for_size feature (measured: -2.7 KB brotli): smaller formatting and string code, and
# small sorts. Its unstable sort is a heapsort, so the panel's sorts are all stable ones, which it
# makes a plain merge sort (the users table sorts 100,000 rows on each new column; `make bench`
# reports that time). Unstable cargo settings, accepted from a stable toolchain with
# RUSTC_BOOTSTRAP=1 (set for this build only).
export RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
# --offline: trunk must never try to download a tool; a wrong version fails plainly instead.
# So crates are fetched first, std's own included.
cargo fetch --locked --target wasm32-unknown-unknown >/dev/null 2>&1 || cargo fetch --locked --target wasm32-unknown-unknown
# The release build drops panic locations and Debug formatting (-Zlocation-detail=none,
# -Zfmt-debug=none; measured: -6.3 KB brotli) and, with them, the whole panic machinery: a panic
# aborts at once (-Cpanic=immediate-abort, std included through build-std; measured: -8.5 KB
# brotli). The panic then reaches the page as the module's trap, which src/crash.rs turns into the
# same crash notice (its detail names the trap, not the panic's message; debug and test builds keep
# the message). All are unstable rustc flags, accepted with the RUSTC_BOOTSTRAP=1 above.
# --cfg wasm_split and the relocations the linker keeps (--emit-relocs) are for the chunks
# (src/lazy.rs), which scripts/post-build.mjs cuts out of this build's wasm. Setting the target's
# RUSTFLAGS replaces .cargo/config.toml's for this build, so its --cfg erase_components is
# repeated here.
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg erase_components --cfg wasm_split -Clink-arg=--emit-relocs -Zlocation-detail=none -Zfmt-debug=none -Zunstable-options -Cpanic=immediate-abort ${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS:-}" \
  trunk build --release --offline --locked
node scripts/precompress.mjs dist
echo "dist/ sizes (bytes: raw, gzip -9, brotli 11; the .gz and .br copies are what nginx sends):"
total_raw=0; total_gz=0; total_br=0
for f in dist/*; do
  [ -f "$f" ] || continue
  case "$f" in *.gz|*.br) continue ;; esac
  raw=$(stat -c %s "$f"); gz=$(gzip -9c "$f" | wc -c)
  br=$raw; [ -f "$f.br" ] && br=$(stat -c %s "$f.br")
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz)); total_br=$((total_br + br))
  printf '  %-52s %9d %9d %9d\n' "$(basename "$f")" "$raw" "$gz" "$br"
done
printf '  %-52s %9d %9d %9d\n' "total" "$total_raw" "$total_gz" "$total_br"
