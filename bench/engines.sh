#!/usr/bin/env bash
# make bench, part 5: the two engines side by side, in one run.
#
#  a. The audited read over HTTP (wrk, as in bench/run.sh) on SQLite and
#     on PostgreSQL (a throw-away server on a unix socket, fsync on, the
#     log entry durable before the reply on both).
#  b. One client's export and log view at scale (issue 17, item 4): the
#     store gets ENTRIES care entries over CLIENTS clients of the same
#     organisation (1M over 50,000 by default), then ROWS_SMALL and then
#     ROWS_LARGE log rows (1M and 10M). At each size it times, as the
#     client's own portal account (client.jansen, the path the client
#     uses), the full access export as PDF and as FHIR and the client's
#     log view (GET /clients/{id}/log): the median of REPS (21) each, the
#     ratio large/small per engine and measure (goal at most 1.5), and
#     the plans of the main queries (EXPLAIN QUERY PLAN on SQLite,
#     EXPLAIN on PostgreSQL).
#     The log rows belong to another organisation's 50,000 clients: rows
#     in the client's own organisation would break its hash chain, which
#     the server verifies and extends. The client's own log is therefore
#     the same in both measurements, but for what the measurements
#     themselves add (every export logs its reads); the script prints its
#     size at each stage.
#
# usage: bench/engines.sh BUILD_DIR [SECONDS]
#   ZK_BENCH_ROWS="1000000 10000000" sets the two log sizes,
#   ZK_BENCH_ENTRIES="1000000 50000" the entries and their clients,
#   ZK_BENCH_REPS=21 the number of timed requests per measure,
#   ZK_BENCH_WARM=5 the untimed rounds before the first size. To try the
#   script on a small scale: ZK_BENCH_ROWS="10000 100000"
#   ZK_BENCH_ENTRIES="10000 500" ZK_BENCH_REPS=5 bench/engines.sh build 1
set -euo pipefail
build=${1:-build}
secs=${2:-10}
root=$(cd "$(dirname "$0")/.." && pwd)
zk=$root/$build/zorgkluis
read -r small large <<<"${ZK_BENCH_ROWS:-1000000 10000000}"
read -r nentries nclients <<<"${ZK_BENCH_ENTRIES:-1000000 50000}"
reps=${ZK_BENCH_REPS:-21}
warm=${ZK_BENCH_WARM:-5}
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
api="http://127.0.0.1:$port/api/v1"
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

# login USER: a bearer token for the demo's USER of micare-werkt.
login() {
  local pw code
  pw=$(awk -v u="$1" '$1 == u {print $3; exit}' "$keys/demo-logins.txt")
  code=$("$zk" user totp-code --db "$db" --keys "$keys" \
    --tenant micare-werkt --username "$1")
  curl -fs -H 'Content-Type: application/json' \
    -d "{\"tenant\":\"micare-werkt\",\"username\":\"$1\",\"password\":\"$pw\",\"totp\":\"$code\",\"token\":true}" \
    "$api/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}

serve() {
  "$zk" serve --db "$db" --keys "$keys" --listen "127.0.0.1:$port" \
    >"$tmp/serve.log" 2>&1 &
  pid=$!
  for _ in $(seq 200); do
    curl -fs "$api/health" >/dev/null && break
    sleep 0.05
  done
  # The session lives in the store and outlives a restart; a second
  # login would need a new TOTP code (SEC-3: a code counts once).
  [ -n "$token" ] && return
  token=$(login professional)
  client=$(curl -fs -H "Authorization: Bearer $token" "$api/clients?limit=1" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["clients"][0]["id"])')
}

stop() {
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  pid=
}

# post TOKEN PATH BODY: the answer's id.
post() {
  curl -fs -H "Authorization: Bearer $1" -H 'Content-Type: application/json' \
    -d "$3" "$api/$2" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'
}

# own: the client's own portal account asks for access, and the DPO grants
# it; sets own (its token), me (its client), req (the request) and sid,
# tid (the client's row and organisation). The client's account is the
# one path to the whole copy: the staff who may read the record in full
# may not all read its log (LOG-6), and the DPO may not read the record.
own() {
  local dpo
  own=$(login client.jansen)
  dpo=$(login dpo)
  me=$(curl -fs -H "Authorization: Bearer $own" "$api/clients" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["clients"][0]["id"])')
  req=$(post "$own" requests "{\"subject\":\"$me\",\"kind\":\"access\"}")
  post "$dpo" "requests/$req/decide" '{"decision":"granted"}' >/dev/null
  read -r sid tid <<<"$(query "$e" "SELECT id, tenant_id FROM subject WHERE uid = '$me'" | tr '|' ' ')"
}

# sql ENGINE STATEMENT: past the store, on every organisation's rows.
sql() {
  if [ "$1" = sqlite ]; then
    sqlite3 "$db" "$2"
  else
    psql "$db" -qAt -v ON_ERROR_STOP=1 \
      -c "SET zk.tenant = '*'" -c "$2" >/dev/null
  fi
}

# query ENGINE STATEMENT: as sql, printing the rows (columns split by |).
query() {
  if [ "$1" = sqlite ]; then
    sqlite3 "$db" "$2"
  else
    psql "$db" -qAt -v ON_ERROR_STOP=1 -c "SET zk.tenant = '*'" -c "$2"
  fi
}

# fill ENGINE FROM TO: log rows FROM..TO of another organisation's 50,000
# clients, with negative ids, apart from those the server gives.
# On SQLite one transaction of 1M rows at a time, with a page cache that
# holds it: in a single transaction of 9M rows the default cache spills
# the log's subject index to the WAL over and over (541 s instead of
# 203 s for the 9M rows of the default run).
fill() {
  local e=$1 from=$2 to=$3 series lo hi
  if [ "$e" = sqlite ]; then
    for ((lo = from; lo <= to; lo += 1000000)); do
      hi=$((lo + 999999 < to ? lo + 999999 : to))
      series="WITH RECURSIVE c(i) AS (SELECT $lo UNION ALL SELECT i + 1 FROM c WHERE i < $hi)"
      sqlite3 "$db" >/dev/null <<SQL
PRAGMA cache_size = -1000000;
$series INSERT INTO audit_log (id, tenant_id, seq, ts, event,
  action, outcome, checks, reason, rule, user_uid, user_role,
  access_point, subject_uid, protocol, source, prev_hash, hash)
  SELECT -i, 9999, i, '2026-01-01T00:00:00Z', 'entry.read',
  'R', 'success', 'ACC-2', '', 'ACC-2', 'u', 'professional', 'bench',
  printf('%032x', i % 50000), 'https', 'bench', zeroblob(32),
  zeroblob(32) FROM c;
SQL
    done
  else
    sql "$e" "INSERT INTO audit_log (id, tenant_id, seq, ts, event,
      action, outcome, checks, reason, rule, user_uid, user_role,
      access_point, subject_uid, protocol, source, prev_hash, hash)
      SELECT -i, 9999, i, '2026-01-01T00:00:00Z', 'entry.read',
      'R', 'success', 'ACC-2', '', 'ACC-2', 'u', 'professional', 'bench',
      lpad(to_hex(i % 50000), 32, '0'), 'https', 'bench',
      decode(repeat('00', 32), 'hex'), decode(repeat('00', 32), 'hex')
      FROM generate_series($from, $to) AS i; ANALYZE audit_log"
  fi
}

# entries ENGINE: nentries care entries over nclients new clients of the
# demo's organisation, in one transaction, with the demo's first client's
# sealed identity and a one-byte content (never opened: only the
# client's own export is timed, and it reads only its own rows). Each new
# client gets a key file, as every client must (the start checks).
entries() {
  local e=$1 per=$((nentries / nclients)) kd tpl
  if [ "$e" = sqlite ]; then
    # As in bench/sweep.sh: the entry trigger of migration 031 is dropped
    # for the load (the bulk rows carry their subject's own date) and the
    # entry table's secondary indexes are built once after it.
    local trig idx drop
    trig=$(sqlite3 "$db" "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'subject_retention_entry'")
    idx=$(sqlite3 "$db" "SELECT sql || ';' FROM sqlite_master WHERE type = 'index' AND tbl_name = 'entry' AND sql IS NOT NULL")
    drop=$(sqlite3 "$db" "SELECT 'DROP INDEX ' || name || ';' FROM sqlite_master WHERE type = 'index' AND tbl_name = 'entry' AND sql IS NOT NULL")
    sqlite3 "$db" >/dev/null <<SQL
PRAGMA cache_size = -500000;
PRAGMA temp_store = MEMORY;
BEGIN;
DROP TRIGGER subject_retention_entry;
$drop
CREATE TEMP TABLE tpl AS SELECT tenant_id, team_id, identity FROM subject
  WHERE tenant_id = 1 AND kind = 'client' ORDER BY id LIMIT 1;
CREATE TEMP TABLE author AS SELECT id FROM staff_user WHERE tenant_id = 1 LIMIT 1;
WITH RECURSIVE i(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM i WHERE k < $nclients)
INSERT INTO subject (tenant_id, uid, kind, team_id, identity, created_at, updated_at)
  SELECT tpl.tenant_id, printf('b0000000-0000-4000-8000-%012x', k), 'client',
         tpl.team_id, tpl.identity, '2026-12-01T00:00:00Z', '2026-12-01T00:00:00Z'
  FROM i, tpl;
CREATE TEMP TABLE bulk AS SELECT id, tenant_id FROM subject
  WHERE uid LIKE 'b0000000-%';
WITH RECURSIVE i(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM i WHERE k < $per - 1)
INSERT INTO entry (tenant_id, uid, subject_id, category, author_id, purpose,
                   legal_basis, content, created_at)
  SELECT b.tenant_id, printf('%08x-0000-4000-8e02-%012x', b.id, k), b.id,
         'care', (SELECT id FROM author), 'care', 'contract', x'00',
         '2026-12-01T00:00:00Z'
  FROM bulk b CROSS JOIN i ORDER BY b.id, k;
$idx
$trig;
COMMIT;
SQL
  else
    sql "$e" "BEGIN;
      ALTER TABLE entry DISABLE TRIGGER subject_retention_entry;
      CREATE TEMP TABLE tpl AS SELECT tenant_id, team_id, identity
        FROM subject WHERE tenant_id = 1 AND kind = 'client'
        ORDER BY id LIMIT 1;
      INSERT INTO subject (tenant_id, uid, kind, team_id, identity,
                           created_at, updated_at)
        SELECT tpl.tenant_id,
               'b0000000-0000-4000-8000-' || lpad(to_hex(k), 12, '0'),
               'client', tpl.team_id, tpl.identity,
               '2026-12-01T00:00:00Z', '2026-12-01T00:00:00Z'
        FROM generate_series(1, $nclients) AS k, tpl;
      INSERT INTO entry (tenant_id, uid, subject_id, category, author_id,
                         purpose, legal_basis, content, created_at)
        SELECT s.tenant_id, lpad(to_hex(s.id), 8, '0') || '-0000-4000-8e02-'
               || lpad(to_hex(k), 12, '0'), s.id, 'care',
               (SELECT id FROM staff_user WHERE tenant_id = 1 LIMIT 1),
               'care', 'contract', '\\x00'::bytea, '2026-12-01T00:00:00Z'
        FROM subject s CROSS JOIN generate_series(0, $per - 1) AS k
        WHERE s.uid LIKE 'b0000000-%' ORDER BY s.id, k;
      ALTER TABLE entry ENABLE TRIGGER subject_retention_entry;
      COMMIT;
      ANALYZE subject; ANALYZE entry"
  fi
  # One tee per batch of names writes the template key to all of them.
  kd=$keys/subjects/1
  tpl=$(ls "$kd" | head -1)
  query "$e" "SELECT uid FROM subject WHERE uid LIKE 'b0000000-%'" |
    sed "s|.*|$kd/&.0.key|" >"$tmp/keyfiles"
  xargs -a "$tmp/keyfiles" sh -c 'tee "$@" <"$0" >/dev/null' "$kd/$tpl"
}

# timed PATH: the median seconds of reps requests of PATH as the client.
timed() {
  curl -fs -o /dev/null -H "Authorization: Bearer $own" "$api/$1"
  for _ in $(seq "$reps"); do
    curl -fs -o /dev/null -w '%{time_total}\n' \
      -H "Authorization: Bearer $own" "$api/$1"
  done | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'
}

# plans ENGINE: the plans of the main queries of the export and the log
# view, as src/store writes them, for the client: its entries
# (store_entry_list, the copy's entries) and its log (store_audit_subject,
# the log view's rows and the copy's log).
plans() {
  local e=$1 x="EXPLAIN (COSTS OFF)"
  [ "$e" = sqlite ] && x="EXPLAIN QUERY PLAN"
  echo "plan $e entries: SELECT ... FROM entry e JOIN subject s ... WHERE e.tenant_id = ? AND e.subject_id = ? ORDER BY e.id"
  query "$e" "$x SELECT e.id, e.uid, s.uid, e.content, coalesce(u.uid, ''),
    coalesce(c.uid, '') FROM entry e JOIN subject s ON s.id = e.subject_id
    LEFT JOIN staff_user u ON u.id = e.author_id
    LEFT JOIN entry c ON c.id = e.corrects_id
    WHERE e.tenant_id = $tid AND e.subject_id = $sid ORDER BY e.id" |
    sed 's/^/  /'
  echo "plan $e log: SELECT ... FROM audit_log WHERE tenant_id = ? AND subject_uid = ? ORDER BY seq"
  query "$e" "$x SELECT * FROM audit_log WHERE tenant_id = $tid
    AND subject_uid = '$me' ORDER BY seq" | sed 's/^/  /'
}

# stage ENGINE ROWS [WARM]: times the export and the view with ROWS log
# rows. Every export logs its reads of the client, so the client's log
# grows by what is timed; WARM rounds of the same requests, untimed,
# first make it large beside that growth, so that the two sizes time
# nearly the same client log. Its size is printed.
declare -A t
stage() {
  local e=$1 n=$2 k
  serve
  for _ in $(seq $((${3:-0} * reps))); do
    for p in "requests/$req/export?format=pdf" \
      "requests/$req/export?format=fhir" "clients/$me/log"; do
      curl -fs -o /dev/null -H "Authorization: Bearer $own" "$api/$p"
    done
  done
  k=$(query "$e" "SELECT count(*) FROM audit_log WHERE tenant_id = $tid AND subject_uid = '$me'")
  t[$e.$n.log]=$(timed "clients/$me/log")
  t[$e.$n.pdf]=$(timed "requests/$req/export?format=pdf")
  t[$e.$n.fhir]=$(timed "requests/$req/export?format=fhir")
  stop
  printf 'export %-6s %11s log rows: pdf %8.2f ms, fhir %8.2f ms, log view %8.2f ms (the client'"'"'s log: %s rows)\n' \
    "$e" "$n" \
    "$(echo "${t[$e.$n.pdf]} * 1000" | bc -l)" \
    "$(echo "${t[$e.$n.fhir]} * 1000" | bc -l)" \
    "$(echo "${t[$e.$n.log]} * 1000" | bc -l)" "$k"
  plans "$e"
}

echo "the engines side by side (wrk -t2 -c64 -d${secs}s; exports and log views: median of $reps)"
for e in sqlite pgsql; do
  start "$e"
  url="$api/clients/$client/entries?category=care"
  wrk -t2 -c64 -d"${secs}s" -H "Authorization: Bearer $token" "$url" \
    >"$tmp/$e.wrk"
  rps=$(awk '/^Requests\/sec/{print $2}' "$tmp/$e.wrk")
  echo "$rps" >"$tmp/$e.rps"
  printf '%-28s %10s req/s\n' "audited_read $e" "$rps"
  own
  stop
  t0=$(date +%s)
  entries "$e"
  fill "$e" 1 "$small"
  echo "export $e: $(query "$e" "SELECT count(*) FROM entry") entries, $(query "$e" "SELECT count(*) FROM subject WHERE kind = 'client'") clients, $small log rows made in $(($(date +%s) - t0)) s"
  stage "$e" "$small" "$warm"
  t0=$(date +%s)
  fill "$e" "$((small + 1))" "$large"
  echo "export $e: $large log rows made in $(($(date +%s) - t0)) s"
  stage "$e" "$large"
  for m in pdf fhir log; do
    printf 'export %-6s ratio %s/%s %-4s %6.2f (goal at most 1.5)\n' "$e" \
      "$large" "$small" "$m" "$(echo "${t[$e.$large.$m]} / ${t[$e.$small.$m]}" | bc -l)"
  done
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
