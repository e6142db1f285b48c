#!/usr/bin/env bash
# Runs every test layer and fails on the first failing one. `make test` calls it after setup.
#   1. host: pure logic (cargo test)
#   2. browser components: wasm-bindgen-test in headless Chromium
#   3. release build + smoke: the shipped dist/ loads in Chromium and mounts (catches a broken
#      wasm-opt, a missing config.json, console errors)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PATH="$HOME/.cargo/bin:$PATH"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
start=$(date +%s)

step "1/3 host tests (cargo test)"
# Plain environment on purpose: the Debian wasm toolchain's RUSTC_BOOTSTRAP must not reach host builds.
cargo test --workspace --locked

# Everything below uses the wasm toolchain chosen by scripts/setup.sh.
# shellcheck source=/dev/null
source .tools/env.sh

step "2/3 component tests in headless Chromium (wasm-bindgen-test)"
# chromedriver leaves ~45 MB of profile per run in TMPDIR: give it a private one and remove it.
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
TMPDIR=$tmp cargo test --locked --target wasm32-unknown-unknown --tests

step "3/3 release build and browser smoke test"
scripts/build.sh
node e2e/smoke.mjs

echo
echo "all test layers passed in $(( $(date +%s) - start )) s"
