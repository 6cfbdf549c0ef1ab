#!/usr/bin/env bash
# Benchmark: N certificates forced across three fleet nodes at the same moment, against a local
# Pebble and a throwaway PostgreSQL (Debian `postgresql`, run as the postgres user).
#   - wall time of the round (goal from issue 13: 1,000 certificates in <= 30 s)
#   - versions stored per certificate (goal: exactly one new version each)
#   - statements the database executed per renewal (pg_stat_statements; goal: <= 10 round
#     trips per renewal). A renewal's statements are sent with their parameter types
#     (query_typed): one round trip each, so this counts its round trips. (Opening the store
#     still prepares its few reads first, a round trip more each, once per node and round.)
#   - the peak and current RSS of a node's daemon once its first round is done, nothing due
#     (every certificate was just renewed) and nothing new to materialize: first after the
#     round (it refreshes every new certificate's ARI window), then started again, idle (goal:
#     <= 20 MiB idle); IDLE_RSS=0 skips it.
# Pebble runs with PEBBLE_VA_ALWAYS_VALID=1 (the certificates use a webroot nobody serves): the
# figure is certkeep's and the database's work, not the CA's validation.
# N=1000 by default; CERTKEEP=path/to/certkeep skips the release build; SHOW_STATEMENTS=1 lists
# the statements by calls.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${N:-1000}
if [ -z "${CERTKEEP:-}" ]; then
  cargo build --release --locked --quiet
  CERTKEEP=${CARGO_TARGET_DIR:-$PWD/target}/release/certkeep
fi
export PEBBLE_VA_ALWAYS_VALID=1 PEBBLE_AUTHZREUSE=0
source tests/bench/local-pebble.sh

# PostgreSQL in a temp dir, on a free loopback port, password login for the certkeep role.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pg_dir=$(mktemp -d); chown postgres: "$pg_dir"
pg_port=$(free_port)
as_pg() { runuser -u postgres -- "$@"; }
as_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
  --no-sync >/dev/null
cat >>"$pg_dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = '$pg_dir'
fsync = off
shared_preload_libraries = 'pg_stat_statements'
CONF
as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w -t 30 start >/dev/null
trap 'as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$pg_dir"; kill $PEBBLE_PID $CHALL_PID 2>/dev/null || true; rm -rf "$PEBBLE_DIR"' EXIT
psql() { as_pg "$pg_bin/psql" -h "$pg_dir" -p "$pg_port" -U postgres -qAt "$@"; }
psql -d postgres -c "CREATE ROLE certkeep LOGIN PASSWORD 'bench-password'"
psql -d postgres -c "CREATE DATABASE certkeep OWNER certkeep"
psql -d certkeep -c "CREATE EXTENSION pg_stat_statements"

work=$(mktemp -d)
printf '127.0.0.1:%s:certkeep:certkeep:bench-password\n' "$pg_port" >"$work/pgpass"
chmod 600 "$work/pgpass"
export PGPASSFILE=$work/pgpass FLEET_KEY=$(head -c32 /dev/urandom | base64)
url="postgresql://certkeep@127.0.0.1:$pg_port/certkeep?sslmode=disable"
node() { # NODE ARGS...: certkeep as fleet node NODE, with its own local store
  local name=$1; shift
  CERTKEEP_STORE="$work/$name" "$CERTKEEP" -q --fleet "$url" --fleet-node "$name" \
    --fleet-key env:FLEET_KEY "$@"
}

# N certificates: one real one, copied under N names in node a's store, pushed to the fleet.
mkdir -p "$work/webroot"
node a fleet init >/dev/null
CERTKEEP_STORE="$work/a" "$CERTKEEP" -q account register --ca "$PEBBLE_URL" --ca-root "$PEBBLE_ROOT" --agree-tos >/dev/null
CERTKEEP_STORE="$work/a" "$CERTKEEP" -q obtain -d seed.bench.test --webroot "$work/webroot" >/dev/null
for i in $(seq "$N"); do
  cp -a "$work/a/certs/seed.bench.test" "$work/a/certs/c$i"
  sed -i "s/^name = \"seed.bench.test\"/name = \"c$i\"/" "$work/a/certs/c$i/spec.toml"
done
rm -rf "$work/a/certs/seed.bench.test"
node a fleet push >/dev/null
# Every node has materialized the fleet once, as a running fleet's nodes have.
for n in b c; do node "$n" list >/dev/null; done

psql -d certkeep -c "SELECT pg_stat_statements_reset()" >/dev/null
start=$(date +%s.%N)
pids=()
for n in a b c; do
  node "$n" renew --force --no-random-delay --concurrency 20 --json >"$work/$n.json" 2>"$work/$n.err" &
  pids+=($!)
done
codes=()
for pid in "${pids[@]}"; do wait "$pid" && codes+=(0) || codes+=($?); done
end=$(date +%s.%N)

statements=$(psql -d certkeep -c "SELECT sum(calls) FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid WHERE r.rolname = 'certkeep'")
renewed=$(psql -d certkeep -c "SELECT count(*) FROM fleet_versions WHERE version > 1")
twice=$(psql -d certkeep -c "SELECT count(*) FROM (SELECT name FROM fleet_versions GROUP BY name HAVING count(*) > 2) AS t")
per_node=$(for n in a b c; do printf '%s:%s ' "$n" "$(grep -o '"serial"' "$work/$n.json" | wc -l)"; done)
printf 'fleet renew --force, %s certificates across 3 nodes: %.2f s wall; exit codes %s; renewed by node %s; new versions %s, certificates renewed more than once %s\n' \
  "$N" "$(awk -v a="$start" -v b="$end" 'BEGIN {print b - a}')" "${codes[*]}" "$per_node" "$renewed" "$twice"
printf 'database statements during the round: %s (%s per renewal)\n' \
  "$statements" "$(awk -v s="$statements" -v r="$renewed" 'BEGIN {printf "%.1f", s / (r > 0 ? r : 1)}')"
daemon_rss() { # LABEL: node b's daemon, its peak and current RSS once its first round is done
  rm -f "$work/b/daemon.json"
  CERTKEEP_STORE="$work/b" "$CERTKEEP" -q --fleet "$url" --fleet-node b --fleet-key env:FLEET_KEY \
    daemon >"$work/daemon.log" 2>&1 &
  local daemon=$! deadline=$((SECONDS + 300))
  # The daemon writes its next wake-up once a round is done.
  until grep -q '"next_wake": "' "$work/b/daemon.json" 2>/dev/null; do
    if [ $SECONDS -ge $deadline ] || ! kill -0 "$daemon" 2>/dev/null; then
      echo "the daemon did not finish a round:"; cat "$work/daemon.log"; kill "$daemon" 2>/dev/null; exit 1
    fi
    sleep 0.2
  done
  local rss threads
  rss=$(awk '/^Vm(HWM|RSS):/ {printf "%s %.1f MiB  ", $1, $2 / 1024}' "/proc/$daemon/status")
  threads=$(ls "/proc/$daemon/task" | wc -l)
  kill -TERM "$daemon"; wait "$daemon" || true
  printf 'fleet daemon, %s certificates, %s: %s(%s threads)\n' "$N" "$1" "$rss" "$threads"
}
if [ "${IDLE_RSS:-1}" != 0 ]; then
  # Node b first takes the other nodes' new versions, as its running daemon would have.
  node b list >/dev/null
  # Its first round refreshes the renewal information (ARI) of every new certificate and saves
  # each one's state; a daemon started again has nothing to do: that is the idle figure.
  daemon_rss "first round (the fleet's ARI refresh of the new certificates)"
  daemon_rss "started again, idle (nothing due, nothing new)"
fi
if [ -n "${SHOW_STATEMENTS:-}" ]; then # which statements, for cutting round trips
  psql -d certkeep -c "SELECT calls, left(regexp_replace(query, '\s+', ' ', 'g'), 110) FROM pg_stat_statements s
    JOIN pg_roles r ON r.oid = s.userid WHERE r.rolname = 'certkeep' ORDER BY calls DESC LIMIT 25"
fi
rm -rf "$work"
