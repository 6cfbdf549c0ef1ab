#!/usr/bin/env bash
# Benchmark: `certkeep renew` and `certkeep daemon` at scale, against a local Pebble with
# PEBBLE_VA_NOSLEEP=1, measured with /usr/bin/time -v and /proc.
#   - renew with 1,000 certificates, none due   (goal: <= 100 ms wall, <= 30 MiB peak RSS)
#   - 20 certificates due at once, one renew     (goal: <= 0.3 s)
#   - 100 certificates due at once, one renew    (goal: <= 1 s)
#   - the daemon idle                            (goal: <= 15 MiB RSS, no wake-ups)
# The release binary is taken from $CARGO_TARGET_DIR when that is set.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-5}
cargo build --release --locked --quiet
certkeep=${CARGO_TARGET_DIR:-$PWD/target}/release/certkeep
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
export PEBBLE_AUTHZREUSE=0
source tests/bench/local-pebble.sh
listen="127.0.0.1:$PEBBLE_HTTP_PORT"

measure() { # certkeep arguments; prints "wall_seconds max_rss_kib"
  local out wall rss
  out=$( { /usr/bin/time -v "$certkeep" -q "$@" >/dev/null; } 2>&1 ) || true
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' <<<"$out" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' <<<"$out")
  echo "$wall $rss"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
fsyncs() { # certkeep arguments; prints how many fsync/fdatasync calls the run made (strace -f -c)
  local counts
  counts=$(mktemp)
  strace -f -c -o "$counts" "$certkeep" -q "$@" >/dev/null || true
  awk '$NF == "fsync" || $NF == "fdatasync" {s += $4} END {print s + 0}' "$counts"
  rm -f "$counts"
}

# 1,000 lineages, none due: one real certificate, copied under 1,000 names.
export CERTKEEP_STORE="$PEBBLE_DIR/store-1000"
"$certkeep" -q account register --ca "$PEBBLE_URL" --ca-root "$PEBBLE_ROOT" --agree-tos >/dev/null
"$certkeep" -q obtain -d seed.bench.test --listen "$listen" >/dev/null
for i in $(seq 1000); do
  cp -a "$CERTKEEP_STORE/certs/seed.bench.test" "$CERTKEEP_STORE/certs/c$i"
  sed -i "s/^name = \"seed.bench.test\"/name = \"c$i\"/" "$CERTKEEP_STORE/certs/c$i/spec.toml"
done
read -r first_wall first_rss < <(measure renew --no-random-delay)
walls=(); peak=0
for _ in $(seq "$RUNS"); do
  read -r wall rss < <(measure renew --no-random-delay)
  walls+=("$wall"); (( rss > peak )) && peak=$rss
done
printf 'renew, 1,001 certificates, none due: median %s s over %s runs (%s), peak RSS %s KiB; first run (asks the CA about ARI once) %s s\n' \
  "$(printf '%s\n' "${walls[@]}" | median)" "$RUNS" "${walls[*]}" "$peak" "$first_wall"

# The daemon idle on that store.
"$certkeep" -q daemon & daemon=$!
for _ in $(seq 100); do [ -s "$CERTKEEP_STORE/daemon.json" ] && break; sleep 0.1; done
sleep 1
before=$(awk '/voluntary_ctxt_switches/ {s+=$2} END {print s}' /proc/$daemon/status)
sleep 5
after=$(awk '/voluntary_ctxt_switches/ {s+=$2} END {print s}' /proc/$daemon/status)
rss=$(awk '/VmRSS/ {print $2}' /proc/$daemon/status)
kill -TERM "$daemon"; wait "$daemon" || true
printf 'daemon idle: RSS %s KiB, context switches in 5 s: %s\n' "$rss" "$((after - before))"

# 20 and 100 certificates due at once (--force: each run orders every one of them again).
for count in 20 100; do
  export CERTKEEP_STORE="$PEBBLE_DIR/store-due-$count"
  "$certkeep" -q account register --ca "$PEBBLE_URL" --ca-root "$PEBBLE_ROOT" --agree-tos >/dev/null
  for i in $(seq "$count"); do "$certkeep" -q obtain -d "d$i.due$count.bench.test" --listen "$listen" >/dev/null; done
  for concurrency in 8 20; do
    walls=(); peak=0
    for _ in $(seq 3); do
      read -r wall rss < <(measure renew --force --no-random-delay --concurrency "$concurrency")
      walls+=("$wall"); (( rss > peak )) && peak=$rss
    done
    printf 'renew, %s due at once, concurrency %s: median %s s over 3 runs (%s), peak RSS %s KiB\n' \
      "$count" "$concurrency" "$(printf '%s\n' "${walls[@]}" | median)" "${walls[*]}" "$peak"
  done
  # Load-independent: the disk syncs per renewed certificate (each costs milliseconds).
  if command -v strace >/dev/null; then
    printf 'renew, %s due at once: %s fsyncs in all (strace -f -c)\n' \
      "$count" "$(fsyncs renew --force --no-random-delay)"
  fi
done
