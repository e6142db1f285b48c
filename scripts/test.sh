#!/usr/bin/env bash
# Runs every test layer and fails on the first failing one. `make test` calls it after setup.
#   1. host: pure logic of the panel, and the stand-in API over real HTTP (cargo test)
#   2. browser components: wasm-bindgen-test in headless Chromium
#   3. release smoke: the shipped dist/ loads in Chromium and mounts (catches a broken wasm-opt,
#      a missing config.json, console errors); the deployment files (Kubernetes schemas, the
#      image's nginx config served)
#   4. stand-in stack: API + IdP + nginx, a scripted PKCE login through the IdP's form, the
#      actions through the ingress; then the panel in Chromium: the users page and its actions,
#      sign-in, session, sign-out, CSP;
#      at / and under a sub-path, with 15-second tokens so "two token lifetimes" stays short;
#      two administrators and several tabs (stale views, background refresh, tabs agree);
#      workspace access (memberships, offboarding, the workspaces view, bulk add, faults);
#      three origins (panel, API, IdP apart; CORS), and an API refusing the panel's origin;
#      then a 20,000-user realm: the windowed table, hostile data, API faults, token hygiene
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PATH="$HOME/.cargo/bin:$PATH"
# Host builds (tests, the stand-in server) go here; the wasm toolchain may pick its own dir.
HOST_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
export STANDIN_BIN=$HOST_TARGET_DIR/standin/wallaroo-standin
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
start=$(date +%s)

step "1/4 host tests (cargo test)"
# Plain environment on purpose: the Debian wasm toolchain's RUSTC_BOOTSTRAP must not reach host builds.
# The optimised stand-in first: its HTTP tests run it (STANDIN_BIN), and the load figures of a
# debug build would mean little.
cargo build --profile standin --locked -p wallaroo-standin
# --show-output: the durability and load tests print their figures (burst:, load:).
cargo test --workspace --locked -- --show-output

# Everything below uses the wasm toolchain chosen by scripts/setup.sh.
# shellcheck source=/dev/null
source .tools/env.sh
tmp=$(mktemp -d)
stacks=()
cleanup() {
  for run in "${stacks[@]}"; do RUN=$run devstack/stack.sh stop >/dev/null 2>&1 || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

step "2/4 component tests in headless Chromium (wasm-bindgen-test)"
# chromedriver leaves ~45 MB of profile per run in TMPDIR: give it a private one, removed on exit.
mkdir -p "$tmp/chromedriver"
TMPDIR=$tmp/chromedriver cargo test --locked --target wasm32-unknown-unknown --tests

step "3/4 release build and browser smoke test"
scripts/build.sh
# The first-load size budget (budget/first-load.json): growth fails here, naming the file.
node scripts/check-size.mjs dist
node e2e/smoke.mjs

# The deployment files: manifests against the Kubernetes schemas, the image's nginx config served.
scripts/check-deploy.sh

step "4/4 stand-in stack end to end (API + IdP + nginx)"
# (the stand-in binary was built in step 1)
for variant in "18080 /" "18180 /admin/users/"; do
  read -r port base <<<"$variant"
  run=$tmp/stack-$port; stacks+=("$run")
  PORT=$port BASE_PATH=$base RUN=$run ACCESS_TOKEN_TTL=15 devstack/stack.sh start
  # The page checks restore the seeded users through the API first, so the order is free.
  if [ "$base" = / ]; then
    ORIGIN=http://127.0.0.1:$port BASE_PATH=$base node e2e/users.mjs
    # Two administrators and several tabs: no change from a stale view, a fresh view, tabs agree.
    ORIGIN=http://127.0.0.1:$port BASE_PATH=$base node e2e/stale.mjs
    # Workspace access: memberships, offboarding, the workspaces view, bulk add, faults.
    ORIGIN=http://127.0.0.1:$port BASE_PATH=$base node e2e/workspaces.mjs
  fi
  ORIGIN=http://127.0.0.1:$port BASE_PATH=$base node e2e/stack.mjs
  ORIGIN=http://127.0.0.1:$port BASE_PATH=$base TOKEN_TTL=15 node e2e/panel.mjs
done
# Three origins, as older installs have (the API and Keycloak on hosts of their own): the panel
# at 127.0.0.1, the API at 127.0.0.2, the IdP at 127.0.0.3; CORS for the panel's origin only.
run=$tmp/stack-18380; stacks+=("$run")
three=(ORIGIN=http://127.0.0.1:18380 API_ORIGIN=http://127.0.0.2:18380 IDP_ORIGIN=http://127.0.0.3:18380)
PORT=18380 RUN=$run ORIGINS=three ACCESS_TOKEN_TTL=15 devstack/stack.sh start
env "${three[@]}" node e2e/stack.mjs
env "${three[@]}" node e2e/users.mjs
env "${three[@]}" TOKEN_TTL=15 node e2e/panel.mjs
# The same with an API that allows another origin: the panel names the origin to allow.
PORT=18380 RUN=$run devstack/stack.sh stop
PORT=18380 RUN=$run ORIGINS=three CORS_ORIGIN=http://127.0.0.9:1 devstack/stack.sh start
env "${three[@]}" node e2e/cors.mjs
PORT=18380 RUN=$run devstack/stack.sh stop

# The windowed table at scale: a third stack seeded with 20,000 synthetic users.
run=$tmp/stack-18280; stacks+=("$run")
PORT=18280 RUN=$run SYNTHETIC=20000 devstack/stack.sh start
ORIGIN=http://127.0.0.1:18280 USERS=20014 node e2e/scale.mjs
# Hostile data, API faults (a fault layer in front of the API), 401 mid-bulk, token hygiene, CSP.
ORIGIN=http://127.0.0.1:18280 node e2e/hostile.mjs

echo
echo "all test layers passed in $(( $(date +%s) - start )) s"
