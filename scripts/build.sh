#!/usr/bin/env bash
# Builds the release panel into dist/ and prints its sizes (raw and gzip).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=/dev/null
source .tools/env.sh
# --offline: trunk must never try to download a tool; a wrong version fails plainly instead.
# So crates are fetched first; with the Debian toolchain's build-std this includes std's own.
cargo fetch --locked --target wasm32-unknown-unknown >/dev/null 2>&1 || cargo fetch --locked --target wasm32-unknown-unknown
# The release build drops panic locations and Debug formatting from the panel's own crates
# (-Zlocation-detail=none, -Zfmt-debug=none; measured: -6.3 KB brotli). Both are unstable
# rustc flags, which a stable compiler accepts with RUSTC_BOOTSTRAP=1, as the Debian fallback's
# build-std already relies on (scripts/setup.sh). The crash notice keeps its message; its
# location then reads "<redacted>". Setting the target's RUSTFLAGS replaces .cargo/config.toml's
# for this build, so its --cfg erase_components is repeated here.
RUSTC_BOOTSTRAP=1 \
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg erase_components -Zlocation-detail=none -Zfmt-debug=none ${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS:-}" \
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
