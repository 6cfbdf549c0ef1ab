#!/usr/bin/env bash
# Writes src/link-order.txt, the functions the release binary lays out first (src/build.rs):
# every function of certkeep's own binary that `account register`, `obtain` (http-01, one
# name), `renew --force`, `status` (human and --json) and a `daemon` (its start, a round with
# nothing due, SIGTERM) execute against a local Pebble, as valgrind's callgrind sees them. Run it after a dependency or toolchain update (symbol names
# carry a hash of both), then rebuild and check with `tests/bench/obtain.sh` that peak RSS
# went back down. Needs valgrind (Debian package; installed when missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v valgrind >/dev/null || { apt-get update -qq && apt-get install -y -qq valgrind >/dev/null; }
cargo build --release --locked --quiet
certkeep=${CARGO_TARGET_DIR:-$PWD/target}/release/certkeep
export PEBBLE_AUTHZREUSE=0
source tests/bench/local-pebble.sh
export CERTKEEP_STORE="$PEBBLE_DIR/store"
traces="$PEBBLE_DIR/traces"; mkdir -p "$traces"
traced() { # certkeep arguments
  valgrind --tool=callgrind --demangle=no --dump-instr=no -q \
    --callgrind-out-file="$traces/callgrind.out.%p" "$certkeep" -q "$@" >/dev/null
}
traced account register --ca "$PEBBLE_URL" --ca-root "$PEBBLE_ROOT" --agree-tos
traced obtain -d order.bench.test --listen "127.0.0.1:$PEBBLE_HTTP_PORT"
traced renew --force --no-random-delay
traced status
traced status --json
# The daemon until it has written daemon.json (its first round is done), then SIGTERM.
valgrind --tool=callgrind --demangle=no --dump-instr=no -q \
  --callgrind-out-file="$traces/callgrind.out.%p" "$certkeep" -q daemon >/dev/null &
daemon=$!
for _ in $(seq 600); do [ -s "$CERTKEEP_STORE/daemon.json" ] && break; sleep 0.1; done
[ -s "$CERTKEEP_STORE/daemon.json" ] || { echo "the daemon wrote no daemon.json in 60 s" >&2; exit 1; }
kill -TERM "$daemon"; wait "$daemon" || true
# Callgrind names each function once per file as "fn=(id) name" (later mentions are "fn=(id)");
# only names the binary itself defines as code can be ordered (not libc's, not valgrind's).
nm --defined-only "$certkeep" | awk '$2 ~ /^[tTwW]$/ {print $3}' | LC_ALL=C sort -u >"$PEBBLE_DIR/defined.txt"
{
  echo "# Functions that account register, obtain, renew, status and an idle daemon execute: the release"
  echo "# binary lays them out first (src/build.rs). Written by tests/bench/link-order.sh; do not edit by hand."
  # Sorted: where each lands inside the group does not matter, and a rewrite diffs small.
  cat "$traces"/callgrind.out.* | sed -n 's/^c\{0,1\}fn=([0-9]*) \(.*\)$/\1/p' | LC_ALL=C sort -u |
    LC_ALL=C comm -12 "$PEBBLE_DIR/defined.txt" -
} >src/link-order.txt
echo "src/link-order.txt: $(grep -vc '^#' src/link-order.txt) functions"
