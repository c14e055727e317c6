#!/usr/bin/env bash
# make bench, part 5: the two engines side by side, in one run.
#
#  a. The audited read over HTTP (wrk, as in bench/run.sh) on SQLite and
#     on PostgreSQL (a throw-away server on a unix socket, fsync on, the
#     log entry durable before the reply on both).
#  b. One client's log view (GET /clients/{id}/log) with ROWS_SMALL and
#     with ROWS_LARGE log rows in the store (1M and 10M by default), on
#     both engines: the median of 21 views, and the ratio large/small.
#     The extra rows belong to another organisation's clients, so the
#     client's own log is the same size in both; only the store grows.
#
# usage: bench/engines.sh BUILD_DIR [SECONDS]
#   ZK_BENCH_ROWS="1000000 10000000" sets the two store sizes.
set -euo pipefail
build=${1:-build}
secs=${2:-10}
root=$(cd "$(dirname "$0")/.." && pwd)
zk=$root/$build/zorgkluis
read -r small large <<<"${ZK_BENCH_ROWS:-1000000 10000000}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/zkeng.XXXXXX")
chmod 711 "$tmp"
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  wait 2>/dev/null || true
  bash "$root/scripts/pg-cluster.sh" stop "$tmp/pg" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
conn=$(bash "$root/scripts/pg-cluster.sh" start "$tmp/pg")
conn=${conn% dbname=postgres}
psql "$conn dbname=postgres" -qAt -c "CREATE DATABASE bench" >/dev/null

# start ENGINE: a demo installation on ENGINE, served; sets db, keys, token,
# client. serve: (re)starts the server, logging in once.
start() {
  if [ "$1" = sqlite ]; then
    db=$tmp/zk.db
    keys=$tmp/zk.db.keys
  else
    db="$conn dbname=bench"
    keys=$tmp/pg.keys
  fi
  "$zk" init --db "$db" --keys "$keys" \
    --profile "$root/profiles/micare-werkt.json" --demo >/dev/null
  token=
  serve
}

serve() {
  "$zk" serve --db "$db" --keys "$keys" --listen "127.0.0.1:$port" \
    >"$tmp/serve.log" 2>&1 &
  pid=$!
  for _ in $(seq 200); do
    curl -fs "http://127.0.0.1:$port/api/v1/health" >/dev/null && break
    sleep 0.05
  done
  # The session lives in the store and outlives a restart; a second
  # login would need a new TOTP code (SEC-3: a code counts once).
  [ -n "$token" ] && return
  local pw code
  pw=$(awk '$1=="professional"{print $3}' "$keys/demo-logins.txt")
  code=$("$zk" user totp-code --db "$db" --keys "$keys" --username professional)
  token=$(curl -fs -H 'Content-Type: application/json' \
    -d "{\"username\":\"professional\",\"password\":\"$pw\",\"totp\":\"$code\",\"token\":true}" \
    "http://127.0.0.1:$port/api/v1/login" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  client=$(curl -fs -H "Authorization: Bearer $token" \
    "http://127.0.0.1:$port/api/v1/clients?limit=1" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["clients"][0]["id"])')
}

stop() {
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  pid=
}

# sql ENGINE STATEMENT: past the store, on every organisation's rows.
sql() {
  if [ "$1" = sqlite ]; then
    sqlite3 "$db" "$2"
  else
    psql "$db" -qAt -v ON_ERROR_STOP=1 \
      -c "SELECT set_config('zk.tenant', '*', false)" -c "$2" >/dev/null
  fi
}

# fill ENGINE FROM TO: log rows FROM..TO of another organisation's 50,000
# clients, with negative ids, apart from those the server gives.
fill() {
  local e=$1 from=$2 to=$3 series
  if [ "$e" = sqlite ]; then
    series="WITH RECURSIVE c(i) AS (SELECT $from UNION ALL SELECT i + 1 FROM c WHERE i < $to)"
    sql "$e" "$series INSERT INTO audit_log (id, tenant_id, seq, ts, event,
      action, outcome, checks, reason, rule, user_uid, user_role,
      access_point, subject_uid, protocol, source, prev_hash, hash)
      SELECT -i, 9999, i, '2026-01-01T00:00:00Z', 'entry.read',
      'R', 'success', 'ACC-2', '', 'ACC-2', 'u', 'professional', 'bench',
      printf('%032x', i % 50000), 'https', 'bench', zeroblob(32),
      zeroblob(32) FROM c"
  else
    sql "$e" "INSERT INTO audit_log (id, tenant_id, seq, ts, event,
      action, outcome, checks, reason, rule, user_uid, user_role,
      access_point, subject_uid, protocol, source, prev_hash, hash)
      SELECT -i, 9999, i, '2026-01-01T00:00:00Z', 'entry.read',
      'R', 'success', 'ACC-2', '', 'ACC-2', 'u', 'professional', 'bench',
      lpad(to_hex(i % 50000), 32, '0'), 'https', 'bench',
      decode(repeat('00', 32), 'hex'), decode(repeat('00', 32), 'hex')
      FROM generate_series($from, $to) AS i"
  fi
}

# view: the median seconds of 21 log views of the client.
view() {
  local u="http://127.0.0.1:$port/api/v1/clients/$client/log"
  curl -fs -o /dev/null -H "Authorization: Bearer $token" "$u"
  for _ in $(seq 21); do
    curl -fs -o /dev/null -w '%{time_total}\n' \
      -H "Authorization: Bearer $token" "$u"
  done | sort -n | sed -n 11p
}

echo "the engines side by side (wrk -t2 -c64 -d${secs}s; log views: median of 21)"
for e in sqlite pgsql; do
  start "$e"
  url="http://127.0.0.1:$port/api/v1/clients/$client/entries?category=care"
  wrk -t2 -c64 -d"${secs}s" -H "Authorization: Bearer $token" "$url" \
    >"$tmp/$e.wrk"
  rps=$(awk '/^Requests\/sec/{print $2}' "$tmp/$e.wrk")
  echo "$rps" >"$tmp/$e.rps"
  printf '%-28s %10s req/s\n' "audited_read $e" "$rps"
  stop
  fill "$e" 1 "$small"
  serve
  t1=$(view)
  stop
  fill "$e" "$((small + 1))" "$large"
  serve
  t2=$(view)
  stop
  python3 - "$e" "$small" "$large" "$t1" "$t2" <<'PY'
import sys
e, small, large, t1, t2 = sys.argv[1:]
t1, t2 = float(t1), float(t2)
print(f"log view {e:<19} {t1 * 1e3:8.2f} ms at {int(small):,} rows, "
      f"{t2 * 1e3:8.2f} ms at {int(large):,} rows, ratio {t2 / t1:.2f}")
PY
  "$zk" audit verify --db "$db" --keys "$keys" >/dev/null 2>&1 ||
    echo "note: audit verify reports the bench's unsigned filler organisation"
done
python3 - "$tmp" <<'PY'
import sys
d = sys.argv[1]
s = float(open(f"{d}/sqlite.rps").read())
p = float(open(f"{d}/pgsql.rps").read())
print(f"{'ratio audited pgsql/sqlite':<29} {p / s:10.2f}")
PY
