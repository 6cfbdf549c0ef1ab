#!/usr/bin/env bash
# Benchmark: deploying 100 certificates (fullchain + key each, 200 files) with one shared reload,
# measured with /usr/bin/time -v around whole processes.
#   - `certkeep deploy` writing all 200 files            (goal: <= 0.2 s beyond the reload itself;
#                                                          the reload here is /bin/true, ~1 ms)
#   - `certkeep deploy` with every file already in place (nothing written, one reload)
#   - `certkeep list` on the same store, the cost of starting and reading the store
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-5}
# CERTKEEP_BIN: measure that binary instead of building one.
if [ -z "${CERTKEEP_BIN:-}" ]; then
  cargo build --release --locked --quiet
fi
certkeep=${CERTKEEP_BIN:-${CARGO_TARGET_DIR:-$PWD/target}/release/certkeep}
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
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

export CERTKEEP_STORE="$PEBBLE_DIR/store-deploy"
targets="$PEBBLE_DIR/targets"
mkdir -p "$targets" && chmod 0755 "$targets"
"$certkeep" -q account register --ca "$PEBBLE_URL" --ca-root "$PEBBLE_ROOT" --agree-tos >/dev/null
"$certkeep" -q obtain -d seed.bench.test --listen "$listen" >/dev/null
for i in $(seq 100); do
  cp -a "$CERTKEEP_STORE/certs/seed.bench.test" "$CERTKEEP_STORE/certs/c$i"
  sed -i "s/^name = \"seed.bench.test\"/name = \"c$i\"/" "$CERTKEEP_STORE/certs/c$i/spec.toml"
  "$certkeep" -q install "c$i" --fullchain "$targets/c$i.pem" --key "$targets/c$i.key" --reload /bin/true >/dev/null
done

fresh=(); same=(); list=(); peak=0
for _ in $(seq "$RUNS"); do
  rm -f "$targets"/*
  read -r wall rss < <(measure deploy); fresh+=("$wall"); (( rss > peak )) && peak=$rss
  read -r wall rss < <(measure deploy); same+=("$wall"); (( rss > peak )) && peak=$rss
  read -r wall rss < <(measure list); list+=("$wall")
done
[ "$(ls "$targets" | wc -l)" -eq 200 ] || { echo "expected 200 target files" >&2; exit 1; }
printf 'deploy, 100 certificates, 200 files written, one reload: median %s s (%s)\n' "$(printf '%s\n' "${fresh[@]}" | median)" "${fresh[*]}"
printf 'deploy, 100 certificates, nothing to write, one reload:  median %s s (%s)\n' "$(printf '%s\n' "${same[@]}" | median)" "${same[*]}"
printf 'list on the same store (start-up and store read):         median %s s (%s)\n' "$(printf '%s\n' "${list[@]}" | median)" "${list[*]}"
printf 'peak RSS %s KiB\n' "$peak"
