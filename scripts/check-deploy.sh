#!/usr/bin/env bash
# The deployment files, tested as far as this machine allows (no container runtime, no cluster):
#   1. the Kubernetes manifests against the Kubernetes API schemas (kubernetes-validate, strict);
#   2. the image's nginx config: the stack's own template rendered by the image's own script
#      with the image's defaults and the Deployment's env, then served by a real nginx on
#      loopback: the panel, its headers, its caching and the ConfigMap's config.json;
#   3. the ConfigMap's config.json against the panel's own rules (a host test, tests/config.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VALIDATE=$ROOT/.tools/venv/bin/kubernetes-validate
tmp=$(mktemp -d)
trap '[ -f "$tmp/nginx.pid" ] && kill "$(cat "$tmp/nginx.pid")" 2>/dev/null; rm -rf "$tmp"' EXIT

echo "deploy: manifests against the Kubernetes 1.30 schemas (strict)"
"$VALIDATE" --strict -k 1.30.0 deploy/kubernetes/*.yaml

echo "deploy: the image's nginx config, rendered as the image does, served by nginx"
port=18990
"$ROOT/.tools/venv/bin/python" - "$tmp" "$port" <<'PY'
import json, re, sys, yaml
tmp, port = sys.argv[1], sys.argv[2]
env = {}
# The image's defaults: the ENV instruction of the Dockerfile (continued lines joined).
dockerfile = open("deploy/container/Dockerfile").read().replace("\\\n", " ")
for line in dockerfile.splitlines():
    if line.startswith("ENV "):
        for key, value in re.findall(r"(\w+)=(\S*)", line[4:]):
            env[key] = value
# The Deployment's env on top, as Kubernetes applies it.
deployment = yaml.safe_load(open("deploy/kubernetes/deployment.yaml"))
container = deployment["spec"]["template"]["spec"]["containers"][0]
for item in container.get("env", []):
    env[item["name"]] = item.get("value", "")
# Here, not in a pod: the build's dist/, the ConfigMap's config.json, a loopback port.
config = yaml.safe_load(open("deploy/kubernetes/configmap.yaml"))["data"]["config.json"]
# One path everywhere: the Ingress's, the panel's BASE_PATH, config.json's redirectPath.
ingress = yaml.safe_load(open("deploy/kubernetes/ingress.yaml"))
path = ingress["spec"]["rules"][0]["http"]["paths"][0]["path"]
redirect = json.loads(config).get("redirectPath")
if not (path == env["BASE_PATH"] == redirect) or not path.endswith("/"):
    sys.exit(f"deploy: the Ingress path {path!r}, BASE_PATH {env['BASE_PATH']!r} and redirectPath {redirect!r} must be one path ending in /")
open(f"{tmp}/config.json", "w").write(config)
env.update(PANEL_ROOT="dist", CONFIG_FILE=f"{tmp}/config.json", LISTEN=f"127.0.0.1:{port}")
open(f"{tmp}/env.sh", "w").write("".join(f"export {k}={json.dumps(v)}\n" for k, v in env.items()))
PY
# shellcheck source=/dev/null
(source "$tmp/env.sh" && PANEL_ROOT=$ROOT/dist deploy/container/render-panel-conf.sh devstack/nginx/panel.conf.template "$tmp/panel.conf")
base=$(source "$tmp/env.sh" && echo "$BASE_PATH")
mkdir -p "$tmp/t"
cat >"$tmp/nginx.conf" <<CONF
worker_processes 1; daemon off; pid $tmp/nginx.pid; error_log $tmp/error.log warn;
$( [ "$(id -u)" -eq 0 ] && echo "user $(id -un) $(id -gn);" )
events { worker_connections 64; }
http {
    include /etc/nginx/mime.types; default_type application/octet-stream; access_log off;
    client_body_temp_path $tmp/t/b; proxy_temp_path $tmp/t/p; fastcgi_temp_path $tmp/t/f; uwsgi_temp_path $tmp/t/u; scgi_temp_path $tmp/t/s;
    include $tmp/panel.conf;
}
CONF
nginx -t -q -c "$tmp/nginx.conf" -p "$tmp"
nginx -c "$tmp/nginx.conf" -p "$tmp" & echo $! >"$tmp/nginx.pid"
url=http://127.0.0.1:$port$base
for _ in $(seq 1 50); do curl -fsS -o /dev/null "$url" 2>/dev/null && break; sleep 0.1; done
expect() { local what=$1; shift; "$@" || { echo "deploy: FAILED: $what" >&2; exit 1; }; }
headers=$(curl -fsS -D - -o "$tmp/index.html" "$url")
expect "the CSP is sent" grep -qi "^content-security-policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval'" <<<"$headers"
expect "index.html is revalidated" grep -qi "^cache-control: no-cache" <<<"$headers"
wasm=$(grep -o '[^"/]*_bg\.wasm' "$tmp/index.html" | head -n 1)
expect "the wasm is immutable" grep -qi "^cache-control: public, max-age=31536000, immutable" <<<"$(curl -fsS -D - -o /dev/null "$url$wasm")"
expect "config.json is the ConfigMap's" grep -q '"redirectPath": "/admin/users/"' <<<"$(curl -fsS "${url}config.json")"
echo "deploy: 2 passed, 0 failed"
