#!/bin/sh
# Renders the panel's nginx server block from its template, each {{NAME}} replaced by the
# environment variable NAME: the same template devstack/stack.sh renders for the stand-in, so
# the image serves the panel exactly as the tests do. The nginx image runs this from
# /docker-entrypoint.d/ before nginx starts; scripts/check-deploy.sh runs it to test the result.
#   render-panel-conf.sh TEMPLATE OUTPUT
set -eu
template=$1 output=$2
for name in LISTEN BASE_PATH PANEL_ROOT CONFIG_FILE API_UPSTREAM IDP_UPSTREAM; do
  eval "value=\${$name:-}"
  [ -n "$value" ] || { echo "render-panel-conf: $name is not set" >&2; exit 1; }
done
# Optional ones default to nothing: same origin for the API and Keycloak, gzip copies only.
: "${API_ORIGIN:=}" "${IDP_ORIGIN:=}" "${BROTLI_STATIC:=}"
script=""
for name in LISTEN BASE_PATH PANEL_ROOT CONFIG_FILE API_UPSTREAM IDP_UPSTREAM API_ORIGIN IDP_ORIGIN BROTLI_STATIC; do
  eval "value=\$$name"
  # Escape what sed's replacement would read: \, & and the | delimiter.
  value=$(printf '%s' "$value" | sed -e 's/[\\&|]/\\&/g')
  script="${script}s|{{${name}}}|${value}|g;"
done
sed -e "$script" "$template" >"$output"
if grep -q '{{[A-Z_]*}}' "$output"; then
  echo "render-panel-conf: $template has a parameter this script does not know: $(grep -o '{{[A-Z_]*}}' "$output" | head -n 1)" >&2
  exit 1
fi
