#!/usr/bin/env bash
# `make screenshots`: starts a fresh stand-in stack on spare ports, photographs the users page at
# 360 and 1440 px in light and dark, writes screenshots/*.png, and stops the stack.
set -euo pipefail
cd "$(dirname "$0")/.."
export PORT=${PORT:-18380} RUN=$(mktemp -d)/stack FRESH=1
export STANDIN_BIN=${CARGO_TARGET_DIR:-$PWD/target}/standin/wallaroo-standin
cargo build --profile standin --locked -p wallaroo-standin 2>&1 | tail -n 1
trap 'devstack/stack.sh stop >/dev/null; rm -rf "$(dirname "$RUN")"' EXIT
devstack/stack.sh start
ORIGIN=http://127.0.0.1:$PORT OUT=screenshots node e2e/screenshots.mjs
