#!/usr/bin/env bash
# make bench: measures zorgkluis on this machine (docs/performance.md).
#
#  1. The audited, authorised read of a client's entries over HTTP, its log
#     entry durable before the reply, with wrk at 64 connections on
#     loopback; and the same server's unaudited health endpoint.
#  2. The instructions one audited read and one health request cost,
#     counted by callgrind (bench/instructions.sh), when valgrind is there.
#  3. The floor: the same two runs against bench_floor, a libmicrohttpd
#     server set up like zorgkluis's that does nothing but make a record
#     durable (group commit, fdatasync) before it answers: the best ratio
#     this machine allows an answer that waits for its log entry.
#  4. One authorisation decision, with and without looking up the care
#     relation in a store holding 1M care relations.
#  5. SQLite and PostgreSQL side by side (bench/engines.sh).
#  6. Crash safety, the long form of make check's kill test: the server
#     killed with SIGKILL under load ZK_KILL_ROUNDS times (default 200),
#     each answered write and read found after the restart and the log
#     verified (tests/integration/test_kill.c), on both engines.
#  7. The retention sweep with 1M and 10M entries, 1% due (bench/sweep.sh).
#  8. Authorisation side by side: zorgkluis, Casbin and Cedar on one mix
#     of 200,000 requests (bench/peers/run.sh).
#
# usage: bench/run.sh BUILD_DIR [SECONDS]
set -euo pipefail
build=${1:-build}
secs=${2:-10}
root=$(cd "$(dirname "$0")/.." && pwd)
zk=$root/$build/zorgkluis
bench_authz=$root/$build/bench/bench_authz
bench_floor=$root/$build/bench/bench_floor
tmp=$(mktemp -d "${TMPDIR:-/tmp}/zkbench.XXXXXX")
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  wait 2>/dev/null
  bash "$root/scripts/pg-cluster.sh" stop "$tmp/pg" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install wrk)" >&2; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

"$zk" init --db "$tmp/zk.db" --profile "$root/profiles/micare-werkt.json" --demo >/dev/null
pw=$(awk '$1=="professional"{print $3}' "$tmp/zk.db.keys/demo-logins.txt")
"$zk" serve --db "$tmp/zk.db" --listen "127.0.0.1:$port" ${ZK_BENCH_THREADS:+--threads $ZK_BENCH_THREADS} >"$tmp/serve.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/api/v1/health" >/dev/null && break; sleep 0.05; done
code=$("$zk" user totp-code --db "$tmp/zk.db" --username professional)
token=$(curl -fs -H 'Content-Type: application/json' \
  -d "{\"username\":\"professional\",\"password\":\"$pw\",\"totp\":\"$code\",\"token\":true}" \
  "http://127.0.0.1:$port/api/v1/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
# The demo's first client has the user "professional" as responsible.
client=$(curl -fs -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/clients?limit=1" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["clients"][0]["id"])')
url="http://127.0.0.1:$port/api/v1/clients/$client/entries?category=care"
curl -fs -H "Authorization: Bearer $token" "$url" >/dev/null

run() { # NAME URL [HEADER]
  local name=$1 u=$2
  shift 2
  # The server's CPU time per request (user + system, clock ticks): less
  # noisy on a shared machine than requests/s.
  local c0 c1 n
  c0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  wrk -t2 -c64 -d"${secs}s" --latency "$@" "$u" >"$tmp/$name.txt"
  c1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  n=$(awk '/requests in/{print $1}' "$tmp/$name.txt")
  local rps p50 p99
  rps=$(awk '/^Requests\/sec/{print $2}' "$tmp/$name.txt")
  p50=$(awk '$1=="50%"{print $2}' "$tmp/$name.txt")
  p99=$(awk '$1=="99%"{print $2}' "$tmp/$name.txt")
  local errs
  errs=$(awk '/Non-2xx/{print $5}' "$tmp/$name.txt")
  printf '%-28s %10s req/s   p50 %8s   p99 %8s   non-2xx %s   server CPU %s us/req\n' \
    "$name" "$rps" "$p50" "$p99" "${errs:-0}" \
    "$(awk -v c=$((c1 - c0)) -v n="$n" -v hz="$(getconf CLK_TCK)" 'BEGIN{printf "%.1f", c * 1e6 / hz / n}')"
  echo "$rps" >"$tmp/$name.rps"
  echo "$n" >"$tmp/$name.n"
}

echo "zorgkluis benchmarks ($(nproc) cores, wrk -t2 -c64 -d${secs}s, loopback)"
before=$(sqlite3 "$tmp/zk.db" "SELECT count(*) FROM audit_log")
run audited_read "$url" -H "Authorization: Bearer $token"
after=$(sqlite3 "$tmp/zk.db" "SELECT count(*) FROM audit_log")
run health "http://127.0.0.1:$port/api/v1/health"
ratio() { # A B LABEL
  python3 - "$tmp" "$1" "$2" "$3" <<'PY'
import sys
d, a, b, label = sys.argv[1:]
x = float(open(f"{d}/{a}.rps").read())
y = float(open(f"{d}/{b}.rps").read())
print(f"{label:<29} {x / y:10.2f}")
PY
}
ratio audited_read health "ratio audited/health"
echo "log entries written during the audited run: $((after - before)), for $(cat "$tmp/audited_read.n") answers"
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
"$zk" audit verify --db "$tmp/zk.db"

if [ -x "$bench_floor" ]; then
  echo "the floor: nothing but a durable record before the answer (bench/bench_floor.c)"
  "$bench_floor" "$port" "$tmp" &
  pid=$!
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.05; done
  run floor_durable "http://127.0.0.1:$port/durable"
  run floor_health "http://127.0.0.1:$port/health"
  ratio floor_durable floor_health "ratio floor durable/health"
  ratio audited_read floor_durable "audited read / floor durable"
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
fi

if command -v valgrind >/dev/null; then
  bash "$root/bench/instructions.sh" "$build"
fi

if [ -x "$bench_authz" ]; then
  "$bench_authz" "$root/profiles/micare-werkt.json" "$tmp/rel.db"
fi

# 5. The two engines side by side: the audited read, and one client's
#    access export (PDF and FHIR) and log view with 1M care entries over
#    50,000 clients and 1M, then 10M, log rows in the store, with the
#    ratios and the query plans (bench/engines.sh).
bash "$root/bench/engines.sh" "$build" "$secs"

# 6. Crash safety, the long form (tests/integration/test_kill.c), on both
#    engines; PostgreSQL on a throw-away server of its own.
test_kill=$root/$build/tests/test_kill
if [ -x "$test_kill" ]; then
  echo "crash safety: ${ZK_KILL_ROUNDS:-200} kills with SIGKILL under load (SQLite)"
  ZK_KILL_ROUNDS=${ZK_KILL_ROUNDS:-200} TMPDIR=$tmp "$test_kill"
  chmod 711 "$tmp"
  conn=$(bash "$root/scripts/pg-cluster.sh" start "$tmp/pg")
  echo "crash safety: ${ZK_KILL_ROUNDS:-200} kills with SIGKILL under load (PostgreSQL)"
  ZK_KILL_ROUNDS=${ZK_KILL_ROUNDS:-200} ZK_TEST_ENGINE=pgsql \
    ZK_TEST_PG=${conn% dbname=postgres} TMPDIR=$tmp "$test_kill"
fi

# 7. The retention sweep's cost against what is due (bench/sweep.sh): 1M
#    and 10M entries with 1% due; ZK_BENCH_SWEEP="N ..." for other sizes.
# shellcheck disable=SC2086
bash "$root/bench/sweep.sh" "$build" ${ZK_BENCH_SWEEP:-1000000 10000000}

# 8. zorgkluis, Casbin and Cedar on the same 200,000 requests, all three
#    in this run (bench/peers/run.sh; the peers go into a temporary prefix).
bash "$root/bench/peers/run.sh" "$build"
