#!/usr/bin/env bash
# Benchmark: a CA that does not answer costs one request deadline per run, not one per
# certificate (issue 11). Two local Pebbles; one certificate from the first, three from the
# second, which is then stopped with SIGSTOP (its port still accepts connections, nothing
# answers). With `[limits] http_timeout_secs = DEADLINE` (default 5):
#   - renew, nothing due, both CAs alive               (the baseline)
#   - renew, nothing due, the second CA stopped       (goal: <= one deadline, not 3 or 9 of them)
#   - the next renew, the stopped CA not asked again  (goal: as fast as the baseline)
# Each `renew` is measured with /usr/bin/time -v; before each of the first two, the lineages'
# renewal-information schedule is cleared, so both CAs are asked about them.
# The release binary is taken from $CARGO_TARGET_DIR when that is set.
set -euo pipefail
cd "$(dirname "$0")/../.."
DEADLINE=${DEADLINE:-5}
cargo build --release --locked --quiet
certkeep=${CARGO_TARGET_DIR:-$PWD/target}/release/certkeep
need=()
command -v /usr/bin/time >/dev/null || need+=(time)
command -v jq >/dev/null || need+=(jq)
if [ ${#need[@]} -gt 0 ]; then apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null; fi

# The live CA, then the one to stop; each source starts a Pebble and replaces the EXIT trap.
source tests/bench/local-pebble.sh
live=("$PEBBLE_URL" "$PEBBLE_ROOT" "$PEBBLE_HTTP_PORT" "$PEBBLE_DIR" "$PEBBLE_PID" "$CHALL_PID")
source tests/bench/local-pebble.sh
dead=("$PEBBLE_URL" "$PEBBLE_ROOT" "$PEBBLE_HTTP_PORT" "$PEBBLE_DIR" "$PEBBLE_PID" "$CHALL_PID")
trap 'kill -CONT ${dead[4]} 2>/dev/null || true; kill ${live[4]} ${live[5]} ${dead[4]} ${dead[5]} 2>/dev/null || true; rm -rf "${live[3]}" "${dead[3]}"' EXIT

export CERTKEEP_STORE="${live[3]}/store"
config="${live[3]}/config.toml"
printf '[limits]\nhttp_timeout_secs = %s\n' "$DEADLINE" >"$config"
"$certkeep" -q account register --ca "${live[0]}" --ca-root "${live[1]}" --agree-tos >/dev/null
"$certkeep" -q account register --ca "${dead[0]}" --ca-root "${dead[1]}" --agree-tos >/dev/null
"$certkeep" -q obtain -d live.bench.test --ca "${live[0]}" --listen "127.0.0.1:${live[2]}" >/dev/null
for i in 1 2 3; do
  "$certkeep" -q obtain -d "dead-$i.bench.test" --ca "${dead[0]}" --listen "127.0.0.1:${dead[2]}" >/dev/null
done

measure() { # prints "wall_seconds max_rss_kib"
  local out wall rss
  out=$( { /usr/bin/time -v "$certkeep" -q renew --no-random-delay --config "$config" >/dev/null; } 2>&1 ) || true
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' <<<"$out" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' <<<"$out")
  echo "$wall $rss"
}
ask_again() { # clears every lineage's renewal-information schedule (the windows a refresh
  # cached in the store's ari.json too)
  for state in "$CERTKEEP_STORE"/certs/*/state.json; do
    jq 'del(.ari_next_fetch, .ari_problem)' "$state" >"$state.new" && mv "$state.new" "$state"
  done
  rm -f "$CERTKEEP_STORE/ari.json"
}

ask_again
read -r base base_rss < <(measure)
ask_again
kill -STOP "${dead[4]}"
read -r stalled stalled_rss < <(measure)
read -r next next_rss < <(measure)
printf 'renew, nothing due, both CAs alive:            %s s (RSS %s KiB)\n' "$base" "$base_rss"
printf 'renew, nothing due, one CA stopped:           %s s (RSS %s KiB; deadline %s s)\n' "$stalled" "$stalled_rss" "$DEADLINE"
printf 'the next renew (stopped CA not asked again):  %s s (RSS %s KiB)\n' "$next" "$next_rss"
"$certkeep" -q status | grep -m1 'not refreshed' || true
