#!/usr/bin/env bash
# `make demo`: builds the release panel and the stand-in Wallaroo, starts the users API, the IdP
# and nginx on 127.0.0.1, prints the URL and the demo logins, and stops everything on Ctrl-C.
#   PORT=8080 BASE_PATH=/ SYNTHETIC=0 SEAT_LIMIT=0   (see devstack/stack.sh for more)
set -euo pipefail
cd "$(dirname "$0")/.."
export PORT=${PORT:-8080} BASE_PATH=${BASE_PATH:-/}
export RUN=${RUN:-$PWD/.devstack}
for p in "$PORT" $((PORT + 11)) $((PORT + 12)) $((PORT + 13)); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
    echo "demo: port $p on 127.0.0.1 is already in use (is a demo already running?)." >&2
    echo "      Stop it with Ctrl-C in its terminal, or use other ports: make demo PORT=$((PORT + 100))" >&2
    exit 1
  fi
done
scripts/build.sh
echo "demo: building the stand-in users API (release)"
export STANDIN_BIN=${CARGO_TARGET_DIR:-$PWD/target}/standin/wallaroo-standin
cargo build --profile standin --locked -p wallaroo-standin 2>&1 | tail -n 1
trap 'echo; devstack/stack.sh stop' EXIT
trap 'exit 130' INT TERM
devstack/stack.sh start
# Where the API and the IdP are (their own origins with ORIGINS=three).
eval "$(devstack/stack.sh env)"
cat <<TXT

  Wallaroo Users Panel:  http://127.0.0.1:$PORT$BASE_PATH

  Demo logins (the stand-in's realm, devstack/seed/users.json):
    admin                 / admin          built-in admin, full rights
    ana.silva@example.com / ana-silva-demo admin
    ops.lead@example.com  / manager-demo   manage-users without the admin role
    viewer@example.com    / viewer         reads users, no manage-users

  Users API  $API_ORIGIN/v1/api/   Keycloak-like IdP  $ISSUER
  State and logs in $RUN.   Ctrl-C stops everything.
TXT
# Stay in the foreground until Ctrl-C; if a service dies, say so and stop the rest.
while sleep 2; do
  for svc in api idp nginx; do
    if ! kill -0 "$(cat "$RUN/$svc.pid" 2>/dev/null)" 2>/dev/null; then
      echo "demo: the $svc service stopped unexpectedly; its log: $RUN/$svc.log" >&2
      tail -n 20 "$RUN/$svc.log" >&2
      exit 1
    fi
  done
done
