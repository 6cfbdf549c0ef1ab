#!/usr/bin/env bash
# Benchmark: whole-process time and peak RSS of `certkeep obtain` against a local Pebble with
# PEBBLE_VA_NOSLEEP=1 (account registered beforehand), measured with /usr/bin/time -v.
#   - one ec-p256 certificate for one name   (goal: median <= 0.05 s)
#   - CPU (user + system) of the one-name runs (goal: median <= 0.03 s)
#   - peak RSS of the one-name runs           (goal: <= 10 MiB; it depends on src/link-order.txt
#                                              matching the build: tests/bench/link-order.sh)
#   - one certificate for 100 names           (goal: median <= 2 s), and its peak RSS
#   - side by side: uacme (Debian package uacme) issuing one name, RUNS times, when it is
#     installed (skipped with a message otherwise); it answers http-01 from a webroot served by
#     python3's http.server, and trusts Pebble's root through a private mount namespace
#     (unshare, as root) in which the system CA bundle has that root appended.
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
  # Wall time from the shell's microsecond clock: time's own has 10 ms steps, a quarter of a
  # run (it includes time's fork, well under a millisecond).
  local out start end
  start=${EPOCHREALTIME/,/.}
  out=$( { /usr/bin/time -v "$certkeep" -q "$@" >/dev/null; } 2>&1 )
  end=${EPOCHREALTIME/,/.}
  local wall rss cpu
  wall=$(awk -v s="$start" -v e="$end" 'BEGIN {printf "%.4f", e - s}')
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' <<<"$out")
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' <<<"$out")
  echo "$wall $rss $cpu"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

one=(); cpus=(); hundred=(); peak=0; peak_hundred=0
for i in $(seq "$RUNS"); do
  read -r wall rss cpu < <(measure obtain -d "one$i.bench.test" --listen "127.0.0.1:$PEBBLE_HTTP_PORT")
  one+=("$wall"); cpus+=("$cpu"); (( rss > peak )) && peak=$rss
done
for i in $(seq 3); do
  args=(); for n in $(seq 100); do args+=(-d "n$n.run$i.bench.test"); done
  read -r wall rss _ < <(measure obtain "${args[@]}" --listen "127.0.0.1:$PEBBLE_HTTP_PORT")
  hundred+=("$wall"); (( rss > peak_hundred )) && peak_hundred=$rss
done
printf 'one name, ec-p256:  median %s s over %s runs (%s)\n' "$(printf '%s\n' "${one[@]}" | median)" "$RUNS" "${one[*]}"
printf 'one name, CPU:      median %s s (%s)\n' "$(printf '%s\n' "${cpus[@]}" | median)" "${cpus[*]}"
printf '100 names:          median %s s over 3 runs (%s)\n' "$(printf '%s\n' "${hundred[@]}" | median)" "${hundred[*]}"
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k/1024}'; }
printf 'peak RSS, one name: %s KiB (%s MiB)\n' "$peak" "$(mib "$peak")"
printf 'peak RSS, 100:      %s KiB (%s MiB)\n' "$peak_hundred" "$(mib "$peak_hundred")"
# The one-name peak depends on the link order naming this build's functions (src/build.rs).
listed=$(grep -v '^#' src/link-order.txt | sort -u)
found=$(nm --defined-only "$certkeep" | awk '{print $3}' | sort -u | comm -12 - <(echo "$listed") | wc -l)
printf 'link order:         %s of %s listed functions in this build (tests/bench/link-order.sh rewrites it)\n' \
  "$found" "$(echo "$listed" | wc -l)"
# Load-independent: the disk syncs of one issuance (each costs milliseconds on most disks).
if command -v strace >/dev/null; then
  counts="$PEBBLE_DIR/strace.txt"
  strace -f -c -o "$counts" "$certkeep" -q obtain -d traced.bench.test --listen "127.0.0.1:$PEBBLE_HTTP_PORT" >/dev/null
  printf 'one name, fsyncs:   %s (strace -f -c)\n' "$(awk '$NF == "fsync" || $NF == "fdatasync" {s += $4} END {print s + 0}' "$counts")"
fi

if ! command -v uacme >/dev/null; then
  echo 'uacme:              skipped (not installed; apt-get install uacme)'
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v python3 >/dev/null; then
  echo 'uacme:              skipped (needs root for unshare and python3 for the webroot)'
  exit 0
fi
webroot="$PEBBLE_DIR/webroot"; mkdir -p "$webroot/.well-known/acme-challenge"
python3 -m http.server "$PEBBLE_HTTP_PORT" --bind 127.0.0.1 --directory "$webroot" >/dev/null 2>&1 &
server=$!
trap 'kill $server $PEBBLE_PID $CHALL_PID 2>/dev/null || true; rm -rf "$PEBBLE_DIR"' EXIT
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$PEBBLE_HTTP_PORT") 2>/dev/null && break; sleep 0.1; done
cat /etc/ssl/certs/ca-certificates.crt "$PEBBLE_ROOT" >"$PEBBLE_DIR/bundle.pem"
hook="$PEBBLE_DIR/uacme-hook.sh"
cat >"$hook" <<HOOK
#!/bin/sh
# uacme's hook (method type ident token auth): http-01 answers in the webroot.
[ "\$2" = http-01 ] || exit 1
case "\$1" in
  begin) printf '%s' "\$5" >"$webroot/.well-known/acme-challenge/\$4" ;;
  *) rm -f "$webroot/.well-known/acme-challenge/\$4" ;;
esac
HOOK
chmod +x "$hook"
uacme_run() { # uacme arguments, in a namespace trusting Pebble; prints "wall_seconds max_rss_kib cpu_seconds"
  local out wall rss cpu
  out=$(unshare -m sh -c 'mount --bind "$0" /etc/ssl/certs/ca-certificates.crt && exec /usr/bin/time -v "$@"' \
    "$PEBBLE_DIR/bundle.pem" uacme -c "$PEBBLE_DIR/uacme" -a "$PEBBLE_URL" -t EC -y "$@" 2>&1 >/dev/null)
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' <<<"$out" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' <<<"$out")
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' <<<"$out")
  echo "$wall $rss $cpu"
}
uacme_run new >/dev/null
walls=(); cpus=(); upeak=0
for i in $(seq "$RUNS"); do
  read -r wall rss cpu < <(uacme_run -h "$hook" issue "u$i.bench.test")
  walls+=("$wall"); cpus+=("$cpu"); (( rss > upeak )) && upeak=$rss
done
printf 'uacme, one name:    median %s s over %s runs (%s), CPU median %s s, peak RSS %s KiB\n' \
  "$(printf '%s\n' "${walls[@]}" | median)" "$RUNS" "${walls[*]}" "$(printf '%s\n' "${cpus[@]}" | median)" "$upeak"
