#!/usr/bin/env bash
# Installs what building and testing the panel needs, and only what is missing or at the wrong
# version. A second run on a ready machine takes seconds. Writes .tools/env.sh, which the other
# scripts source to get the right PATH and variables for the wasm toolchain that was chosen.
#
# Nothing here downloads a prebuilt binary: tools come from crates.io (cargo install), npm and
# Debian's packages only, and Trunk's own downloads are disabled (--offline in the build scripts,
# exact tool pins in Trunk.toml).
#
#   scripts/setup.sh            # detect: rustup's wasm32 target, else the Debian toolchain
#   WASM_PATH=debian scripts/setup.sh   # force the Debian fallback (for testing it)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

TRUNK_VERSION=0.21.14
# The view! macro formatter of `make lint` (the community tool for it; rustfmt leaves macros alone).
LEPTOSFMT_VERSION=0.1.33
# wasm-bindgen-cli must equal the wasm-bindgen pinned in Cargo.toml ("=X.Y.Z").
# The tool that cuts the release wasm into chunks (src/lazy.rs): the one Leptos' own build uses.
# Its input format is the section that the wasm_split_helpers in Cargo.lock write (version 1).
WASM_SPLIT_VERSION=0.2.4
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' Cargo.toml)
[ -n "$WASM_BINDGEN_VERSION" ] || { echo "setup: no exact wasm-bindgen pin found in Cargo.toml" >&2; exit 1; }

log() { printf '\033[1msetup:\033[0m %s\n' "$*"; }
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
export PATH="$HOME/.cargo/bin:$PATH"

# --- Debian packages ---------------------------------------------------------------------------
apt_updated=""
need_apt() {   # need_apt PKG... : installs the packages that are not installed yet
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ -z "$apt_updated" ]; then log "apt-get update"; $SUDO apt-get update -qq; apt_updated=1; fi
  log "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Browser for the component and end-to-end tests; nginx, sqlite and curl for the stand-in stack.
need_apt chromium chromium-driver ca-certificates curl nginx libnginx-mod-http-brotli-static sqlite3 pkg-config
command -v node >/dev/null && command -v npm >/dev/null || need_apt nodejs npm

# --- npm tools: binaryen (wasm-opt 132), esbuild (the release build's JS/CSS minifier), playwright-core
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/esbuild ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm ci (binaryen, esbuild, playwright-core)"
  npm ci --no-audit --no-fund --loglevel=error
fi
for dir in devstack/idp; do
  if [ -f "$dir/package-lock.json" ] && { [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; }; then
    log "npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done

# --- kubernetes-validate for the deployment manifests (PyPI, in a venv of its own) ------------------
KUBERNETES_VALIDATE_VERSION=1.37.0
need_apt python3-venv
if ! .tools/venv/bin/kubernetes-validate --version 2>/dev/null | grep -qx "$KUBERNETES_VALIDATE_VERSION"; then
  log "pip install kubernetes-validate $KUBERNETES_VALIDATE_VERSION (into .tools/venv)"
  rm -rf .tools/venv
  python3 -m venv .tools/venv
  .tools/venv/bin/pip install --quiet --disable-pip-version-check "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION"
fi

# --- wasm32 target: rustup (path R) or Debian's rustc-web with std built from source (path D) ---
wasm_path=${WASM_PATH:-}
if [ -z "$wasm_path" ]; then
  if command -v rustup >/dev/null \
     && { rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
          || timeout 120 rustup target add wasm32-unknown-unknown >/dev/null 2>&1; }; then
    wasm_path=rustup
  else
    wasm_path=debian
  fi
fi
mkdir -p .tools/bin
if [ "$wasm_path" = debian ]; then
  log "rustup cannot provide wasm32 here: using Debian's rustc-web with -Zbuild-std"
  # rust-web-clippy: `make lint` runs clippy for wasm32 with the same compiler.
  need_apt rustc-web cargo-web rust-web-src rust-web-llvm lld-22 rust-web-clippy
  # Trunk runs whatever `cargo` is first on PATH, so shims put Debian's ahead of rustup's.
  for t in cargo rustc rustdoc; do ln -sfn /usr/bin/$t .tools/bin/$t; done
else
  rm -f .tools/bin/cargo .tools/bin/rustc .tools/bin/rustdoc
fi

# --- rustfmt and clippy for `make lint` (a minimal rustup profile lacks them) ---------------------
if command -v rustup >/dev/null; then
  # rust-src: the release build compiles std for size (scripts/build.sh, -Zbuild-std).
  for component in rustfmt clippy rust-src; do
    if ! rustup component list --installed 2>/dev/null | grep -q "^$component"; then
      log "rustup component add $component"
      rustup component add "$component"
    fi
  done
fi

# --- cargo tools: trunk, leptosfmt, wasm-bindgen-cli and wasm-split-cli, at exact versions ---
# Installed with the host toolchain into ~/.cargo/bin, which survives between runs on one machine.
if ! trunk --version 2>/dev/null | grep -qx "trunk $TRUNK_VERSION"; then
  log "cargo install trunk $TRUNK_VERSION (about 10 minutes on 2 cores, once per machine)"
  # 0.22 needs rustc >= 1.96.1; --locked keeps the versions trunk was released with.
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi
if ! leptosfmt --version 2>/dev/null | grep -qx "leptosfmt $LEPTOSFMT_VERSION"; then
  log "cargo install leptosfmt $LEPTOSFMT_VERSION (about 2 minutes, once per machine)"
  cargo install --locked leptosfmt --version "$LEPTOSFMT_VERSION"
fi
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $WASM_BINDGEN_VERSION"; then
  log "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes, once per machine)"
  # Not --locked: its lock pins a webpki-roots release the registry here does not have.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# It has no --version: cargo's list of what it installed says which one is there.
if ! cargo install --list 2>/dev/null | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  log "cargo install wasm_split_cli_support $WASM_SPLIT_VERSION (about 2 minutes, once per machine)"
  cargo install --locked wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary
fi

# --- the environment the other scripts source ----------------------------------------------------
{
  echo "# Written by scripts/setup.sh ($wasm_path toolchain). Source it; do not edit."
  echo "export WASM_TOOLCHAIN=$wasm_path"
  echo "export PATH=\"$ROOT/.tools/bin:$ROOT/node_modules/.bin:\$HOME/.cargo/bin:\$PATH\""
  echo "export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner"
  echo "export CHROMEDRIVER=/usr/bin/chromedriver"
  echo "export TRUNK_SKIP_VERSION_CHECK=true"
  if [ "$wasm_path" = debian ]; then
    echo "export RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort"
    # Apart from rustup's outputs; derived from CARGO_TARGET_DIR when CI sets a shared cache.
    echo "export CARGO_TARGET_DIR=\"\${CARGO_TARGET_DIR:-$ROOT/target}-debian\""
  fi
} > .tools/env.sh
log "ready: $wasm_path toolchain, trunk $TRUNK_VERSION, wasm-bindgen $WASM_BINDGEN_VERSION, $(node_modules/.bin/wasm-opt --version | cut -d' ' -f1-3)"
