#!/usr/bin/env bash
# The stand-in Wallaroo: users API server (Rust), Keycloak-like IdP (oidc-provider) and nginx as
# the ingress, all on 127.0.0.1, all state under $RUN (default .devstack/).
#
#   devstack/stack.sh start    # build what is needed, start the three services, wait until ready
#   devstack/stack.sh stop     # stop what `start` started
#   devstack/stack.sh env      # print the URLs and ports as shell variables
#
# Settings (environment):
#   PORT=8080              the ingress; the panel is at http://127.0.0.1:$PORT$BASE_PATH
#   BASE_PATH=/            the panel's path, e.g. /admin/users/
#   RUN=.devstack          state: SQLite file, IdP key, configs, logs, pids
#   ACCESS_TOKEN_TTL=60    seconds, as Wallaroo's Keycloak issues them
#   SEAT_LIMIT=0           active users the licence allows (0 = unlimited)
#   SYNTHETIC=0            ensure this many synthetic users (benchmarks)
#   FRESH=1                start from an empty store (the seed is loaded again)
#   ORIGINS=three          the panel, the API and the IdP on three origins, as older installs
#                          serve https://{prefix.}api.{suffix} and https://{prefix.}keycloak.{suffix}:
#                          http://127.0.0.1:$PORT (panel), .2 (API), .3 (IdP); the API answers CORS
#                          for the panel's origin only, the IdP for the client's Web origins
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PORT=${PORT:-8080}
BASE_PATH=${BASE_PATH:-/}
RUN=${RUN:-$ROOT/.devstack}
case "$RUN" in /*) ;; *) RUN=$ROOT/$RUN ;; esac
API_PORT=${API_PORT:-$((PORT + 11))}
INTERNAL_PORT=${INTERNAL_PORT:-$((PORT + 12))}
IDP_PORT=${IDP_PORT:-$((PORT + 13))}
ORIGIN="http://127.0.0.1:$PORT"
ORIGINS=${ORIGINS:-one}
case "$ORIGINS" in
  one) API_ORIGIN=$ORIGIN IDP_ORIGIN=$ORIGIN ;;
  three) API_ORIGIN="http://127.0.0.2:$PORT" IDP_ORIGIN="http://127.0.0.3:$PORT" ;;
  *) echo "stack: ORIGINS is one or three, not $ORIGINS" >&2; exit 2 ;;
esac
ISSUER="$IDP_ORIGIN/auth/realms/master"
# The panel's OIDC client: the file an operator imports into Keycloak is the stand-in IdP's too.
CLIENT_FILE=$ROOT/deploy/keycloak/wallaroo-users-panel.client.json
CLIENT_ID=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["clientId"])' "$CLIENT_FILE")
STANDIN_BIN=${STANDIN_BIN:-${CARGO_TARGET_DIR:-$ROOT/target}/standin/wallaroo-standin}

log() { printf '\033[1mstack:\033[0m %s\n' "$*"; }
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_http() {   # wait_http URL WHAT PIDFILE : up to 30 s for a 2xx answer, failing early if the process died
  local url=$1 what=$2 pidfile=$3
  for _ in $(seq 1 300); do
    if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then return 0; fi
    if ! kill -0 "$(cat "$pidfile" 2>/dev/null)" 2>/dev/null; then
      log "$what exited during start-up; its log ($RUN/$what.log) ends with:"; tail -n 20 "$RUN/$what.log" >&2; return 1
    fi
    sleep 0.1
  done
  log "$what did not answer $url within 30 s; its logs end with:"
  tail -n 20 "$RUN/$what.log" "$RUN/$what-error.log" "$RUN/$what-access.log" 2>/dev/null >&2; return 1
}

render() {   # render TEMPLATE OUTPUT : replaces {{NAME}} with the shell variable NAME
  python3 - "$1" "$2" <<'PY'
import os, re, sys
text = open(sys.argv[1]).read()
text = re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: os.environ[m.group(1)], text)
open(sys.argv[2], "w").write(text)
PY
}

stop() {
  local stopped=0
  for svc in nginx idp api; do
    local pidfile=$RUN/$svc.pid
    [ -f "$pidfile" ] || continue
    local pid; pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
      stopped=$((stopped + 1))
    fi
    rm -f "$pidfile"
  done
  log "stopped $stopped service(s)"
}

start() {
  for p in "$PORT" "$API_PORT" "$INTERNAL_PORT" "$IDP_PORT"; do
    if port_taken "$p"; then
      log "port $p on 127.0.0.1 is already in use (is a demo already running?). Stop it, or choose another: PORT=$((PORT + 100)) make demo" >&2
      exit 1
    fi
  done
  [ -f dist/index.html ] || { log "dist/ is missing: run scripts/build.sh first" >&2; exit 1; }
  [ -x "$STANDIN_BIN" ] || { log "$STANDIN_BIN is missing: cargo build --profile standin -p wallaroo-standin" >&2; exit 1; }
  [ -d devstack/idp/node_modules ] || (cd devstack/idp && npm ci --no-audit --no-fund --loglevel=error)
  mkdir -p "$RUN/nginx-tmp"
  if [ "${FRESH:-0}" = 1 ]; then rm -f "$RUN"/users.sqlite*; fi
  local t0; t0=$(date +%s%N)

  # On its own origin the API allows the panel's (CORS_ORIGIN= another, to see a refusal).
  local cors=""
  [ "$API_ORIGIN" = "$ORIGIN" ] || cors=${CORS_ORIGIN:-$ORIGIN}
  log "users API on 127.0.0.1:$API_PORT (internal $INTERNAL_PORT)${cors:+, CORS for $cors}"
  STANDIN_LISTEN=127.0.0.1:$API_PORT STANDIN_INTERNAL_LISTEN=127.0.0.1:$INTERNAL_PORT \
  STANDIN_DB=$RUN/users.sqlite STANDIN_ISSUER=$ISSUER \
  STANDIN_JWKS_URL=http://127.0.0.1:$IDP_PORT/auth/realms/master/protocol/openid-connect/certs \
  STANDIN_SEED=$ROOT/devstack/seed/users.json STANDIN_SYNTHETIC=${SYNTHETIC:-0} STANDIN_SEAT_LIMIT=${SEAT_LIMIT:-0} \
  STANDIN_CORS_ORIGIN="$cors" \
    setsid "$STANDIN_BIN" >"$RUN/api.log" 2>&1 </dev/null &
  echo $! >"$RUN/api.pid"

  # The IdP's client is the one the README tells an operator to create in Keycloak
  # (deploy/keycloak/wallaroo-users-panel.client.json), filled in for this stack.
  PANEL_URL="$ORIGIN$BASE_PATH" PANEL_ORIGIN="$ORIGIN" \
    render "$CLIENT_FILE" "$RUN/panel-client.json"
  local secret_file=$RUN/cookie-secret
  [ -s "$secret_file" ] || head -c 32 /dev/urandom | base64 >"$secret_file"
  python3 - "$RUN/idp.json" <<PY
import json, sys
json.dump({
  "issuer": "$ISSUER",
  "listen": {"host": "127.0.0.1", "port": $IDP_PORT},
  "accountsUrl": "http://127.0.0.1:$INTERNAL_PORT",
  "keyFile": "$RUN/idp-signing-key.json",
  "cookieSecret": open("$secret_file").read().strip(),
  "accessTokenTtl": int("${ACCESS_TOKEN_TTL:-60}"),
  # The panel's client, exactly as an operator imports it into Keycloak (README).
  "clientFile": "$RUN/panel-client.json",
}, open(sys.argv[1], "w"), indent=2)
PY
  log "IdP on 127.0.0.1:$IDP_PORT, issuer $ISSUER"
  setsid node devstack/idp/idp.mjs "$RUN/idp.json" >"$RUN/idp.log" 2>&1 </dev/null &
  echo $! >"$RUN/idp.pid"

  # This instance's config.json, served beside the panel's index.html.
  python3 - "$RUN/config.json" <<PY
import json, sys
json.dump({"clientId": "$CLIENT_ID", "apiBaseUrl": "$API_ORIGIN", "issuer": "$ISSUER", "redirectPath": "$BASE_PATH"},
          open(sys.argv[1], "w"), indent=2)
PY
  # Brotli where Debian's module is installed (scripts/setup.sh installs it); gzip otherwise.
  local brotli=/usr/lib/nginx/modules/ngx_http_brotli_static_module.so modules="" brotli_static=""
  if [ -f "$brotli" ]; then modules="load_module $brotli;"; brotli_static="brotli_static on;"; fi
  # The CSP names the API's and the IdP's origins when they are not the panel's own.
  local csp_api="" csp_idp=""
  [ "$API_ORIGIN" = "$ORIGIN" ] || csp_api=$API_ORIGIN
  [ "$IDP_ORIGIN" = "$ORIGIN" ] || csp_idp=$IDP_ORIGIN
  LISTEN=127.0.0.1:$PORT BASE_PATH=$BASE_PATH PANEL_ROOT=$ROOT/dist CONFIG_FILE=$RUN/config.json \
  API_UPSTREAM=127.0.0.1:$API_PORT IDP_UPSTREAM=127.0.0.1:$IDP_PORT API_ORIGIN="$csp_api" IDP_ORIGIN="$csp_idp" \
  BROTLI_STATIC="$brotli_static" \
    render devstack/nginx/panel.conf.template "$RUN/panel.conf"
  # ORIGINS=three: the API's and the IdP's own hosts (empty otherwise).
  if [ "$ORIGINS" = three ]; then
    API_LISTEN=127.0.0.2:$PORT IDP_LISTEN=127.0.0.3:$PORT API_UPSTREAM=127.0.0.1:$API_PORT IDP_UPSTREAM=127.0.0.1:$IDP_PORT \
      render devstack/nginx/hosts.conf.template "$RUN/hosts.conf"
  else
    : >"$RUN/hosts.conf"
  fi
  RUN=$RUN NGINX_USER="$(id -un) $(id -gn)" NGINX_MODULES="$modules" render devstack/nginx/nginx.conf.template "$RUN/nginx.conf"
  log "nginx on $ORIGIN (panel at $BASE_PATH)"
  setsid nginx -c "$RUN/nginx.conf" -p "$RUN" >"$RUN/nginx.log" 2>&1 </dev/null &
  echo $! >"$RUN/nginx.pid"

  wait_http "http://127.0.0.1:$API_PORT/v1/api/config" api "$RUN/api.pid"
  wait_http "http://127.0.0.1:$IDP_PORT/auth/realms/master/.well-known/openid-configuration" idp "$RUN/idp.pid"
  wait_http "$ORIGIN${BASE_PATH}config.json" nginx "$RUN/nginx.pid"
  wait_http "$API_ORIGIN/v1/api/config" nginx "$RUN/nginx.pid"
  wait_http "$ISSUER/.well-known/openid-configuration" nginx "$RUN/nginx.pid"
  log "ready in $(( ($(date +%s%N) - t0) / 1000000 )) ms"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) echo "ORIGIN=$ORIGIN API_ORIGIN=$API_ORIGIN IDP_ORIGIN=$IDP_ORIGIN PANEL_URL=$ORIGIN$BASE_PATH ISSUER=$ISSUER API_PORT=$API_PORT INTERNAL_PORT=$INTERNAL_PORT IDP_PORT=$IDP_PORT CLIENT_ID=$CLIENT_ID RUN=$RUN" ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
