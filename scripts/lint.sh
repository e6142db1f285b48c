#!/usr/bin/env bash
# House style, the first and fast step of `make test` (alone: `make lint`). Fails on the first
# problem, naming it:
#   rustfmt       every Rust file as rustfmt.toml says (cargo fmt --check)
#   leptosfmt     every view! macro as leptosfmt.toml says (leptosfmt --check)
#   clippy host   the panel's pure logic, the stand-in and every test, warnings denied
#   clippy wasm32 the browser code, which the host build does not compile, warnings denied
# Fix formatting with `make fmt`.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
step() { printf '\033[1mlint:\033[0m %s\n' "$*"; }

step "rustfmt"
cargo fmt --all --check
step "leptosfmt"
leptosfmt --quiet --check src tests
step "clippy (host: panel logic, stand-in, tests)"
cargo clippy --workspace --all-targets --locked --quiet -- -D warnings
# The wasm toolchain chosen by scripts/setup.sh (rustup's target, or Debian's with build-std).
# shellcheck source=/dev/null
source .tools/env.sh
step "clippy (wasm32: the browser code and its component tests)"
cargo clippy -p wallaroo-users-panel --target wasm32-unknown-unknown --all-targets --locked --quiet -- -D warnings
step "clean"
