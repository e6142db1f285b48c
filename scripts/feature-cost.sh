#!/usr/bin/env bash
# What the workspaces feature (issue 14) costs the first load, in brotli bytes: the same commit
# built twice, as shipped and with budget/without-workspaces.patch applied. The patch takes the
# feature out where the panel wires it in (the users page, the header's tabs, the dialogs,
# the row cells, the toolbar, the CSV, the URL's workspace filter, its CSS); the linker then
# drops the workspace code nothing calls. Both builds are checked by scripts/check-size.mjs,
# whose total (config.json left out) is the budget's figure.
#
# Not a test and not in `make test`: two release builds take about 6 minutes. Run it after a
# change that may grow the feature. When the patch no longer applies (the wiring moved), it says
# so and stops; remake the patch against the new code rather than guessing a figure.
# Run it as `make feature-cost`, which installs the tools first (as for `make build`).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# Each clone builds into its own target/, even where CARGO_TARGET_DIR names a shared one: cargo
# decides a crate is fresh by its files' times, and the clone built second has older files than
# the outputs of the first (measured: a shared directory gave both builds the same wasm).
unset CARGO_TARGET_DIR
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
build() { # dir label
  ln -s "$root/node_modules" "$1/node_modules"
  ln -s "$root/.tools" "$1/.tools"
  (cd "$1" && bash scripts/build.sh >"$work/$2.log" 2>&1) || { tail -30 "$work/$2.log"; exit 1; }
  (cd "$1" && node scripts/check-size.mjs dist | sed -n 's/^size: \([a-z.]*\) *\([0-9,]*\) B of.*/\1 \2/p' | tr -d ,) >"$work/$2.sizes"
}
git clone -q "$root" "$work/with"
git clone -q "$root" "$work/without"
if ! git -C "$work/without" apply "$root/budget/without-workspaces.patch"; then
  echo "feature-cost: budget/without-workspaces.patch no longer applies to $(git -C "$root" rev-parse --short HEAD); remake it" >&2
  exit 1
fi
build "$work/without" without
build "$work/with" with
echo "First load, brotli bytes, at $(git -C "$root" rev-parse --short HEAD) (committed tree):"
printf '  %-11s %9s %9s %9s\n' file without with feature
# Both lists name the files in check-size.mjs's order.
paste -d ' ' "$work/without.sizes" "$work/with.sizes" | while read -r file without _ with; do
  printf '  %-11s %9d %9d %9d\n' "$file" "$without" "$with" "$((with - without))"
done
