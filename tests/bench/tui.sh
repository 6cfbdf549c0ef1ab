#!/usr/bin/env bash
# Benchmark: the TUI at scale, in a real terminal. One real certificate from a local Pebble is
# copied under N names (N = 1,000 and 10,000); `certkeep tui` runs in a detached tmux pane and
# the script polls capture-pane until the table says "N+1 certificates" (the first frame with
# the store loaded; the frame before it, "Loading…", is drawn at once). Also measured: how long
# a keypress takes to show (the selection moving) on the loaded table, and the process's peak
# RSS (VmHWM) and the CPU time it used, before quitting.
#   goals: loaded frame <= 100 ms at 1,000 and <= 300 ms at 10,000; peak RSS <= 30 MiB at 1,000
# CERTKEEP_BIN=path measures another build (the default builds and uses the release binary).
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZES=${SIZES:-"1000 10000"}
if [ -z "${CERTKEEP_BIN:-}" ]; then
  cargo build --release --locked --quiet
  CERTKEEP_BIN=${CARGO_TARGET_DIR:-$PWD/target}/release/certkeep
fi
certkeep=$CERTKEEP_BIN
command -v tmux >/dev/null || { apt-get update -qq && apt-get install -y -qq tmux >/dev/null; }
export PEBBLE_AUTHZREUSE=0
source tests/bench/local-pebble.sh
listen="127.0.0.1:$PEBBLE_HTTP_PORT"
socket="certkeep-bench-$$"
trap 'tmux -L "$socket" kill-server 2>/dev/null || true; kill $PEBBLE_PID $CHALL_PID 2>/dev/null || true; rm -rf "$PEBBLE_DIR"' EXIT

now_ms() { date +%s%3N; }
# Polls the pane until it shows $1; prints the milliseconds since $2. Gives up after 60 s.
wait_screen() {
  local deadline=$(( $(now_ms) + 60000 ))
  until tmux -L "$socket" capture-pane -p | grep -qF -- "$1"; do
    (( $(now_ms) < deadline )) || { echo "timed out waiting for '$1'" >&2; tmux -L "$socket" capture-pane -p >&2; exit 1; }
  done
  echo $(( $(now_ms) - $2 ))
}

for size in $SIZES; do
  export CERTKEEP_STORE="$PEBBLE_DIR/store-$size"
  "$certkeep" -q account register --ca "$PEBBLE_URL" --ca-root "$PEBBLE_ROOT" --agree-tos >/dev/null
  "$certkeep" -q obtain -d seed.bench.test --listen "$listen" >/dev/null
  for i in $(seq "$size"); do
    cp -a "$CERTKEEP_STORE/certs/seed.bench.test" "$CERTKEEP_STORE/certs/c$i"
    sed -i "s/^name = \"seed.bench.test\"/name = \"c$i\"/" "$CERTKEEP_STORE/certs/c$i/spec.toml"
  done
  "$certkeep" -q list >/dev/null # the store index is built once, as any first run would
  start=$(now_ms)
  tmux -L "$socket" -f /dev/null new-session -d -x 120 -y 40 \
    "CERTKEEP_STORE='$CERTKEEP_STORE' '$certkeep' tui"
  loaded=$(wait_screen "$((size + 1)) certificates" "$start")
  pressed=$(now_ms)
  tmux -L "$socket" send-keys G
  moved=$(wait_screen "▶ seed.bench.test" "$pressed")
  pid=$(pgrep -n -f "$certkeep tui")
  rss=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
  # CPU time (user + system) the process used by now: on a busy machine the wall-clock
  # figures above include waiting for a core, this does not.
  cpu=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%d", ($14 + $15) * 1000 / hz}' "/proc/$pid/stat")
  tmux -L "$socket" send-keys q
  tmux -L "$socket" kill-server 2>/dev/null || true
  printf '%s certificates: loaded frame %s ms after start, a key shown in %s ms, peak RSS %s KiB, CPU %s ms\n' \
    "$size" "$loaded" "$moved" "$rss" "$cpu"
done
