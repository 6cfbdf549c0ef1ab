#!/usr/bin/env bash
# Starts a throwaway Pebble ACME CA (plus pebble-challtestsrv as its DNS, so every name resolves
# to 127.0.0.1) on loopback ports, for trying certkeep and for the benchmarks. Sourced by
# quickstart.sh and obtain.sh; sets PEBBLE_DIR, PEBBLE_URL, PEBBLE_ROOT, PEBBLE_HTTP_PORT and
# stops everything on exit.
set -euo pipefail

need=()
command -v pebble >/dev/null || need+=(pebble)
command -v openssl >/dev/null || need+=(openssl)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} (Debian packages)" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

PEBBLE_DIR=$(mktemp -d)
free_port() { # a loopback port nothing listens on (bash only: no python needed)
  local port
  while :; do
    port=$((20000 + RANDOM % 30000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}
ACME_PORT=$(free_port); MGMT_PORT=$(free_port); PEBBLE_HTTP_PORT=$(free_port); DNS_PORT=$(free_port); DNS_MGMT_PORT=$(free_port)

# A private root for Pebble's own HTTPS endpoint; certkeep is told to trust it with --ca-root.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 7 -subj /CN=pebble-https-root \
  -keyout "$PEBBLE_DIR/root.key" -out "$PEBBLE_DIR/root.pem" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost \
  -keyout "$PEBBLE_DIR/key.pem" -out "$PEBBLE_DIR/leaf.csr" 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' > "$PEBBLE_DIR/ext.cnf"
openssl x509 -req -days 7 -in "$PEBBLE_DIR/leaf.csr" -CA "$PEBBLE_DIR/root.pem" -CAkey "$PEBBLE_DIR/root.key" \
  -CAcreateserial -extfile "$PEBBLE_DIR/ext.cnf" -out "$PEBBLE_DIR/cert.pem" 2>/dev/null

cat > "$PEBBLE_DIR/pebble.json" <<JSON
{"pebble": {"listenAddress": "127.0.0.1:$ACME_PORT", "managementListenAddress": "127.0.0.1:$MGMT_PORT",
  "certificate": "$PEBBLE_DIR/cert.pem", "privateKey": "$PEBBLE_DIR/key.pem",
  "httpPort": $PEBBLE_HTTP_PORT, "tlsPort": $(free_port), "ocspResponderURL": "",
  "externalAccountBindingRequired": false}}
JSON

pebble-challtestsrv -http01 "" -https01 "" -tlsalpn01 "" -defaultIPv6 "" \
  -dns01 "127.0.0.1:$DNS_PORT" -management "127.0.0.1:$DNS_MGMT_PORT" >"$PEBBLE_DIR/challtestsrv.log" 2>&1 &
CHALL_PID=$!
PEBBLE_VA_NOSLEEP=1 PEBBLE_AUTHZREUSE="${PEBBLE_AUTHZREUSE:-50}" \
  pebble -config "$PEBBLE_DIR/pebble.json" -dnsserver "127.0.0.1:$DNS_PORT" >"$PEBBLE_DIR/pebble.log" 2>&1 &
PEBBLE_PID=$!
trap 'kill $PEBBLE_PID $CHALL_PID 2>/dev/null || true; rm -rf "$PEBBLE_DIR"' EXIT

for _ in $(seq 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$ACME_PORT") 2>/dev/null && break
  sleep 0.1
done
PEBBLE_URL="https://127.0.0.1:$ACME_PORT/dir"
PEBBLE_ROOT="$PEBBLE_DIR/root.pem"
export PEBBLE_DIR PEBBLE_URL PEBBLE_ROOT PEBBLE_HTTP_PORT
