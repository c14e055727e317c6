#!/usr/bin/env bash
# zorgkluis migrate: a demo installation on SQLite is copied to
# PostgreSQL whole (every table, row for row, the log verifying with the
# same keys and witness), a non-empty target and a source whose log does
# not verify are refused without writing, a copy that fails half-way
# leaves nothing, and the copy serves: its users, new rows, a server.
#
# PostgreSQL: the server ZK_TEST_PG names (make check starts one), else a
# throw-away one of scripts/pg-cluster.sh; without either, skipped (77).
. "$(dirname "$0")/lib.sh"

psql=$(command -v psql || ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | tail -1)
if [ -z "$psql" ] || ! command -v sqlite3 >/dev/null 2>&1; then
  echo "skipped: psql or sqlite3 missing"
  exit 77
fi

pgdir=""
dbs=""
cleanup() {
  for d in $dbs; do
    "$psql" "$base dbname=postgres" -qAt -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1
  done
  [ -n "$pgdir" ] && bash "$SRC/scripts/pg-cluster.sh" stop "$pgdir" >/dev/null 2>&1
  [ -n "${spid:-}" ] && kill "$spid" 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT
if [ -n "${ZK_TEST_PG:-}" ]; then
  base=$ZK_TEST_PG
else
  # The server may run as the postgres user: it must reach the directory.
  chmod 711 "$TMP"
  pgdir=$TMP/pg
  conn=$(bash "$SRC/scripts/pg-cluster.sh" start "$pgdir" 2>/dev/null) || {
    echo "skipped: no PostgreSQL (ZK_TEST_PG unset, pg-cluster.sh failed)"
    exit 77
  }
  base=${conn% dbname=postgres}
fi
# newdb NAME: a fresh, empty database, its conninfo in $newconn (not
# in a subshell: cleanup drops the databases listed in $dbs).
newdb() {
  local name=zk_migrate_$$_$1
  dbs="$dbs $name"
  "$psql" "$base dbname=postgres" -qAt -v ON_ERROR_STOP=1 \
    -c "CREATE DATABASE $name" >/dev/null || return 1
  newconn="$base dbname=$name"
}
# pg CONNINFO SQL: the answer, acting for every organisation past the
# row-level security wall as migrate does.
pg() {
  PGOPTIONS="-c zk.tenant=*" "$psql" "$1" -qAt -v ON_ERROR_STOP=1 -c "$2"
}

src=$TMP/a.db
keys=$TMP/a.db.keys
"$ZK" init --demo --db "$src" --profile "$W" >"$TMP/init.out" 2>&1 ||
  { bad "init --demo"; cat "$TMP/init.out"; finish; exit 1; }
slug=$(sqlite3 "$src" "SELECT slug FROM tenant ORDER BY id LIMIT 1")
expect 0 "a user added before the move" -- "$ZK" user add --db "$src" \
  --tenant "$slug" --username migrant --role professional \
  --confidentiality profession --name "Mia Grant"

# Listing users is logged: done on the source after the copy, it would
# move the witness past the copy's log. The witness (audit.head) belongs
# to the installation: once copied, the source is retired.
"$ZK" user list --db "$src" --keys "$keys" --tenant "$slug" >"$TMP/users.src" 2>&1
newdb b || { bad "create database"; finish; exit 1; }
dst=$newconn
tables=$(sqlite3 "$src" "SELECT name FROM sqlite_master WHERE type = 'table'
  AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migration' ORDER BY name")
[ "$(echo "$tables" | wc -w)" -ge 20 ] && ok || bad "too few tables: $tables"

# --- refusals before the copy ---------------------------------------------
# A log that does not verify is not carried over; nothing is written.
cp "$src" "$TMP/damaged.db"
sqlite3 "$TMP/damaged.db" "UPDATE audit_log SET reason = 'changed' WHERE id = (SELECT max(id) / 2 FROM audit_log)"
rule LOG-3
expect 1 "a source whose log does not verify" -- "$ZK" migrate \
  --from "$TMP/damaged.db" --to "$dst" --keys "$keys"
contains "$TMP/err" "does not verify" "says why"
contains "$TMP/err" "nothing was copied" "says nothing was copied"
lines "$TMP/err" 1 "one-line error"
b=$(pg "$dst" "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()")
[ "$b" = 0 ] && ok || bad "the refused source left $b tables in the target"

# A copy that fails half-way (a row the target's foreign keys refuse)
# leaves no row behind, and the empty schema takes the real copy.
cp "$src" "$TMP/dangling.db"
sqlite3 "$TMP/dangling.db" "INSERT INTO invitation (tenant_id, user_id, token_hash, created_by, created_at, expires_at) VALUES (1, 999999, x'00', 'test', '2026-01-01T00:00:00Z', 0)"
expect 1 "a row the target refuses" -- "$ZK" migrate \
  --from "$TMP/dangling.db" --to "$dst" --keys "$keys"
contains "$TMP/err" "invitation" "names the table"
lines "$TMP/err" 1 "one-line error"
n=0
for t in $tables; do
  n=$((n + $(pg "$dst" "SELECT count(*) FROM $t")))
done
[ "$n" = 0 ] && ok || bad "the failed copy left $n rows"
expect 2 "--to is needed" -- "$ZK" migrate --from "$src"
expect 2 "not into itself" -- "$ZK" migrate --from "$src" --to "$src"
expect 0 "help" -- "$ZK" migrate --help
contains "$TMP/out" "--keys DIR" "help names --keys"

# --- the copy ----------------------------------------------------------
rule LOG-3
expect 0 "migrate SQLite to PostgreSQL" -- "$ZK" migrate --from "$src" \
  --to "$dst" --keys "$keys"
contains "$TMP/out" "migrate: source log verified" "the source's log is verified first"
contains "$TMP/out" "migrate: target log verified" "the target's log is verified"
contains "$TMP/out" "migrate: OK" "a summary"
cp "$TMP/out" "$TMP/migrate.out"
expect 1 "a second migrate into the same target" -- "$ZK" migrate \
  --from "$src" --to "$dst" --keys "$keys"
contains "$TMP/err" "not empty" "says the target is not empty"
lines "$TMP/err" 1 "one-line error"
expect 0 "SQLite to SQLite" -- "$ZK" migrate --from "$src" \
  --to "$TMP/copy.db" --keys "$keys"
for t in $tables; do
  a=$(sqlite3 "$src" ".mode quote" "SELECT * FROM $t ORDER BY 1" | md5sum)
  b=$(sqlite3 "$TMP/copy.db" ".mode quote" "SELECT * FROM $t ORDER BY 1" | md5sum)
  [ "$a" = "$b" ] && ok || bad "SQLite copy: table $t differs"
done

rule LOG-3
expect 0 "audit verify on the target with the same keys" -- "$ZK" audit \
  verify --db "$dst" --keys "$keys"
contains "$TMP/out" "audit verify: OK" "the copied log verifies"

# Every table, row for row; the log's hashes byte for byte.
for t in $tables; do
  a=$(sqlite3 "$src" "SELECT count(*) FROM $t")
  b=$(pg "$dst" "SELECT count(*) FROM $t" 2>&1)
  [ "$a" = "$b" ] && ok || bad "table $t: $a rows in SQLite, $b in PostgreSQL"
  grep -qE "^  $t +$a\$" "$TMP/migrate.out" && ok ||
    bad "summary for $t does not say $a rows"
done
a=$(sqlite3 "$src" "SELECT id || ' ' || seq || ' ' || lower(hex(hash)) || ' ' || lower(hex(prev_hash)) FROM audit_log ORDER BY id" | md5sum)
b=$(pg "$dst" "SELECT id || ' ' || seq || ' ' || encode(hash, 'hex') || ' ' || encode(prev_hash, 'hex') FROM audit_log ORDER BY id" | md5sum)
[ "$a" = "$b" ] && ok || bad "the log's ids and hashes differ"
a=$(sqlite3 "$src" "SELECT id || ' ' || coalesce(team_id, 'NULL') || ' ' || length(wrapped_key) || ' ' || lower(hex(identity)) FROM subject ORDER BY id" | md5sum)
b=$(pg "$dst" "SELECT id || ' ' || coalesce(team_id::text, 'NULL') || ' ' || length(wrapped_key) || ' ' || encode(identity, 'hex') FROM subject ORDER BY id" | md5sum)
[ "$a" = "$b" ] && ok || bad "subjects' ids, NULLs or sealed blobs differ"
a=$(sqlite3 "$src" "SELECT id || ' ' || epoch FROM care_relation ORDER BY id; SELECT tenant_id || ' ' || epoch || ' ' || reset FROM relation_epoch ORDER BY 1" | md5sum)
b=$( (pg "$dst" "SELECT id || ' ' || epoch FROM care_relation ORDER BY id"
      pg "$dst" "SELECT tenant_id || ' ' || epoch || ' ' || reset FROM relation_epoch ORDER BY 1") | md5sum)
[ "$a" = "$b" ] && ok || bad "relation epochs differ from the source's"
a=$(sqlite3 "$src" "SELECT group_concat(version) FROM schema_migration")
b=$(pg "$dst" "SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_migration")
[ "$a" = "$b" ] && ok || bad "schema versions: $a in SQLite, $b in PostgreSQL"

# --- the copy in use, with the same key directory -------------------------
expect 0 "user list on the target" -- "$ZK" user list --db "$dst" --keys "$keys" --tenant "$slug"
if cmp -s "$TMP/users.src" "$TMP/out"; then ok; else
  bad "user list differs"; diff "$TMP/users.src" "$TMP/out" | sed 's/^/  | /'
fi
contains "$TMP/out" "migrant" "the user added before the move is there"
# New rows after the copy get fresh ids (the identity sequences moved).
expect 0 "a user added after the move" -- "$ZK" user add --db "$dst" \
  --keys "$keys" --tenant "$slug" --username settler --role professional \
  --confidentiality profession
rule LOG-3
expect 0 "the log still verifies after new entries" -- "$ZK" audit verify \
  --db "$dst" --keys "$keys"
expect 2 "the key directory must be named for PostgreSQL" -- env -u ZORGKLUIS_KEYS \
  "$ZK" audit verify --db "$dst"

# --- a server on the copy -----------------------------------------------
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18937)
"$ZK" serve --db "$dst" --keys "$keys" --listen "127.0.0.1:$port" >"$TMP/serve.out" 2>&1 &
spid=$!
for _ in $(seq 100); do
  curl -fsS "http://127.0.0.1:$port/api/v1/health" >"$TMP/health" 2>/dev/null && break
  sleep 0.1
done
contains "$TMP/health" '"status":"ok"' "a server on the copy answers health"
pw=$(awk '$1 == "board" { print $3; exit }' "$keys/demo-logins.txt" 2>/dev/null)
if [ -n "$pw" ]; then
  code=$(curl -s -o "$TMP/login" -w '%{http_code}' -H 'Content-Type: application/json' \
    -d "{\"tenant\":\"$slug\",\"username\":\"board\",\"password\":\"$pw\"}" \
    "http://127.0.0.1:$port/api/v1/login")
  [ "$code" = 200 ] && ok || { bad "login on the copy: $code"; sed 's/^/  | /' "$TMP/login"; }
else
  bad "no demo password for board"
fi
kill -TERM "$spid"; wait "$spid"; rc=$?
spid=""
[ "$rc" -eq 0 ] && ok || { bad "serve exit $rc"; sed 's/^/  | /' "$TMP/serve.out"; }
rule LOG-3
expect 0 "the log verifies after the server" -- "$ZK" audit verify \
  --db "$dst" --keys "$keys"
finish
