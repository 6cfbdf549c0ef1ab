#!/usr/bin/env bash
# Benchmark: whole-process time and peak RSS of `certkeep obtain` against a local Pebble with
# PEBBLE_VA_NOSLEEP=1 (account registered beforehand), measured with /usr/bin/time -v.
#   - one ec-p256 certificate for one name   (goal: median <= 0.15 s)
#   - one certificate for 100 names           (goal: median <= 2 s)
#   - peak RSS over all runs                  (goal: <= 15 MiB)
#   - CPU (user + system) of the one-name runs, median
# Pebble reuses no authorization here (PEBBLE_AUTHZREUSE=0), so every name is really validated.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-7}
cargo build --release --locked --quiet
certkeep=${CARGO_TARGET_DIR:-$PWD/target}/release/certkeep
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
export PEBBLE_AUTHZREUSE=0
source tests/bench/local-pebble.sh
export CERTKEEP_STORE="$PEBBLE_DIR/store"
"$certkeep" -q account register --ca "$PEBBLE_URL" --ca-root "$PEBBLE_ROOT" --agree-tos >/dev/null

measure() { # certkeep arguments; prints "wall_seconds max_rss_kib cpu_seconds"
  local out
  out=$( { /usr/bin/time -v "$certkeep" -q "$@" >/dev/null; } 2>&1 )
  local wall rss cpu
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' <<<"$out" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' <<<"$out")
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' <<<"$out")
  echo "$wall $rss $cpu"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

one=(); cpus=(); hundred=(); peak=0
for i in $(seq "$RUNS"); do
  read -r wall rss cpu < <(measure obtain -d "one$i.bench.test" --listen "127.0.0.1:$PEBBLE_HTTP_PORT")
  one+=("$wall"); cpus+=("$cpu"); (( rss > peak )) && peak=$rss
done
for i in $(seq 3); do
  args=(); for n in $(seq 100); do args+=(-d "n$n.run$i.bench.test"); done
  read -r wall rss _ < <(measure obtain "${args[@]}" --listen "127.0.0.1:$PEBBLE_HTTP_PORT")
  hundred+=("$wall"); (( rss > peak )) && peak=$rss
done
printf 'one name, ec-p256:  median %s s over %s runs (%s)\n' "$(printf '%s\n' "${one[@]}" | median)" "$RUNS" "${one[*]}"
printf 'one name, CPU:      median %s s (%s)\n' "$(printf '%s\n' "${cpus[@]}" | median)" "${cpus[*]}"
printf '100 names:          median %s s over 3 runs (%s)\n' "$(printf '%s\n' "${hundred[@]}" | median)" "${hundred[*]}"
printf 'peak RSS:           %s KiB (%s MiB)\n' "$peak" "$(awk -v k="$peak" 'BEGIN {printf "%.1f", k/1024}')"
