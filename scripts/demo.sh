#!/usr/bin/env bash
# Builds the release panel and serves it on 127.0.0.1:$PORT until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-8080}
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  echo "demo: port $PORT on 127.0.0.1 is already in use (another demo?). Stop it, or run: make demo PORT=8081" >&2
  exit 1
fi
scripts/build.sh
echo
echo "Wallaroo Users Panel: http://127.0.0.1:$PORT/   (Ctrl-C stops it)"
exec python3 -m http.server "$PORT" --bind 127.0.0.1 -d dist
