#!/usr/bin/env bash
# The README's "try it locally": builds certkeep, starts a local Pebble, registers an account,
# obtains a certificate for two names over http-01, and lists it. Leaves nothing running.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
certkeep=$PWD/target/release/certkeep
source tests/bench/local-pebble.sh

export CERTKEEP_STORE="$PEBBLE_DIR/store"
"$certkeep" account register --ca "$PEBBLE_URL" --ca-root "$PEBBLE_ROOT" --email you@example.org --agree-tos
"$certkeep" obtain -d demo.example.test -d www.demo.example.test --listen "127.0.0.1:$PEBBLE_HTTP_PORT"
"$certkeep" list
"$certkeep" show demo.example.test
