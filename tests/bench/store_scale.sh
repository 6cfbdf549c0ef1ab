#!/usr/bin/env bash
# Benchmark: the store at scale. One real certificate from a local Pebble is copied under N names
# (N = 1,000 and 10,000), then whole processes are measured with /usr/bin/time -v:
#   - list --json                      (goal at 10,000: <= 0.15 s)
#   - status --json                    (goal at 10,000: <= 0.25 s)
#   - renew with nothing due           (goal at 10,000: <= 0.25 s)
#   - peak RSS of each                 (goal: <= 40 MiB)
# The first `renew` asks the CA about ARI once per certificate and writes state.json; it is run
# (and reported) before the measured runs so that they see the steady state of a real store
# (the summary index, index.json, built and fresh). Each cell gives the median over RUNS of the
# wall time and of the CPU time (user + sys) and the largest peak RSS over the runs; the sizes
# are printed side by side at the end. The release binary is taken from $CARGO_TARGET_DIR when
# that is set. KEEP_STORES=DIR copies the stores built there (for profiling) before Pebble goes.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-5}
SIZES=${SIZES:-"1000 10000"}
COMMANDS=("list --json" "status --json" "renew --no-random-delay")
cargo build --release --locked --quiet
certkeep=${CARGO_TARGET_DIR:-$PWD/target}/release/certkeep
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
export PEBBLE_AUTHZREUSE=0
source tests/bench/local-pebble.sh
listen="127.0.0.1:$PEBBLE_HTTP_PORT"

measure() { # certkeep arguments; prints "wall_seconds cpu_seconds max_rss_kib"
  local out wall cpu rss
  out=$( { /usr/bin/time -v "$certkeep" -q "$@" >/dev/null; } 2>&1 ) || true
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' <<<"$out" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' <<<"$out")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' <<<"$out")
  echo "$wall $cpu $rss"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

declare -A cell first
for size in $SIZES; do
  export CERTKEEP_STORE="$PEBBLE_DIR/store-$size"
  "$certkeep" -q account register --ca "$PEBBLE_URL" --ca-root "$PEBBLE_ROOT" --agree-tos >/dev/null
  "$certkeep" -q obtain -d seed.bench.test --listen "$listen" >/dev/null
  for i in $(seq "$size"); do
    cp -a "$CERTKEEP_STORE/certs/seed.bench.test" "$CERTKEEP_STORE/certs/c$i"
    sed -i "s/^name = \"seed.bench.test\"/name = \"c$i\"/" "$CERTKEEP_STORE/certs/c$i/spec.toml"
  done
  read -r first["$size"] _ _ < <(measure renew --no-random-delay)
  for cmd in "${COMMANDS[@]}"; do
    walls=(); cpus=(); peak=0
    for _ in $(seq "$RUNS"); do
      # shellcheck disable=SC2086 # the command words are meant to split
      read -r wall cpu rss < <(measure $cmd)
      walls+=("$wall"); cpus+=("$cpu"); (( rss > peak )) && peak=$rss
    done
    cell["$size $cmd"]=$(printf '%5s s %5s s %4s MiB' "$(printf '%s\n' "${walls[@]}" | median)" \
      "$(printf '%s\n' "${cpus[@]}" | median)" "$((peak / 1024))")
  done
  if [ -n "${KEEP_STORES:-}" ]; then
    mkdir -p "$KEEP_STORES" && cp -a "$CERTKEEP_STORE" "$KEEP_STORES/"
  fi
done

printf '\nmedian of %s runs: wall, CPU (user + sys), peak RSS\n%-26s' "$RUNS" ""
for size in $SIZES; do printf ' | %-25s' "$size certificates"; done
printf '\n%-26s' "first renew (ARI each)"
for size in $SIZES; do printf ' | %5s s %-17s' "${first[$size]}" ""; done
for cmd in "${COMMANDS[@]}"; do
  printf '\n%-26s' "$cmd"
  for size in $SIZES; do printf ' | %-25s' "${cell["$size $cmd"]}"; done
done
printf '\n'
