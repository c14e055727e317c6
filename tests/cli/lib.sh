# Helpers for the command-line tests: each test script sources this file
# with the zorgkluis binary and the source tree as $1 and $2.
set -u
ZK=$1
SRC=$2
M=$SRC/profiles/micare-werkt.json
W=$SRC/profiles/woondroomzorg.json
TMP=$(mktemp -d "${TMPDIR:-/tmp}/zkcli.XXXXXX")
trap 'pg_drop_all; rm -rf "$TMP"' EXIT
passed=0
failed=0
skipped=0

# rule ACC-3: the checks that follow in this block assert rule ACC-3.
# scripts/check-trace.sh counts a rule as tested from these lines only.
rule() { :; }

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }

# --- the engine under test ------------------------------------------------
# ZK_TEST_ENGINE=pgsql runs a script on the PostgreSQL server ZK_TEST_PG
# names (a conninfo without dbname); else it runs on SQLite. A script
# names its databases with newdb and reaches them as $DB_x with their
# keys in $KEYS_x, so that it reads the same on both engines.
on_pg() { [ "${ZK_TEST_ENGINE:-}" = pgsql ]; }

# sqlite_only WHY: true on SQLite; on PostgreSQL it reports that the
# checks it guards are skipped, and why, and is false:
#   if sqlite_only "a server's database has no file mode"; then ...; fi
sqlite_only() {
  on_pg || return 0
  skipped=$((skipped + 1))
  echo "skipped on PostgreSQL: $*"
  return 1
}

# The databases made on the server, dropped at exit; WITH (FORCE), as a
# server the script killed may still hold a connection.
pg_dbs=()
pg_admin() {
  PGOPTIONS="-c client_min_messages=warning" \
    psql -X -qAt -v ON_ERROR_STOP=1 -d "$ZK_TEST_PG dbname=postgres" "$@"
}
pg_drop_all() {
  local n args=()
  for n in "${pg_dbs[@]}"; do
    args+=(-c "DROP DATABASE IF EXISTS \"$n\" WITH (FORCE)")
  done
  [ ${#args[@]} -eq 0 ] || pg_admin "${args[@]}" ||
    echo "could not drop the databases ${pg_dbs[*]}" >&2
  pg_dbs=()
}
pg_name() { echo "zkc_$$_$1"; }
dbof() { local v=DB_$1; echo "${!v}"; }
keysof() { local v=KEYS_$1; echo "${!v}"; }

# nodb NAME: sets DB_NAME and KEYS_NAME for a database that is not there.
# SQLite: the file $TMP/NAME.db, its keys in the default NAME.db.keys
# beside it. PostgreSQL: the database zkc_PID_NAME on the server, its keys
# in $TMP/NAME.keys (a conninfo has no "beside").
nodb() {
  if on_pg; then
    if [ -z "${ZK_TEST_PG:-}" ]; then
      echo "skipped: ZK_TEST_ENGINE=pgsql without ZK_TEST_PG"
      exit 77
    fi
    printf -v "DB_$1" '%s dbname=%s' "$ZK_TEST_PG" "$(pg_name "$1")"
    printf -v "KEYS_$1" '%s' "$TMP/$1.keys"
  else
    printf -v "DB_$1" '%s' "$TMP/$1.db"
    printf -v "KEYS_$1" '%s' "$TMP/$1.db.keys"
  fi
}

# newdb NAME: as nodb; on PostgreSQL the database is made, empty but for
# SQLite's zeroblob(), randomblob() and hex() that the scripts' own SQL
# uses (as tests/support/support.c makes them). On SQLite, init makes it.
newdb() {
  nodb "$1"
  on_pg || return 0
  local n
  n=$(pg_name "$1")
  pg_admin -c "DROP DATABASE IF EXISTS \"$n\" WITH (FORCE)" \
    -c "CREATE DATABASE \"$n\"" || { echo "cannot make database $n" >&2; exit 1; }
  pg_dbs+=("$n")
  psql -X -qAt -v ON_ERROR_STOP=1 -d "$(dbof "$1")" -c "
    CREATE FUNCTION zeroblob(n integer) RETURNS bytea LANGUAGE sql IMMUTABLE
      AS \$\$ SELECT decode(repeat('00', n), 'hex') \$\$;
    CREATE FUNCTION randomblob(n integer) RETURNS bytea LANGUAGE sql
      AS \$\$ SELECT decode(string_agg(lpad(to_hex(floor(random() * 256)::integer),
         2, '0'), ''), 'hex') FROM generate_series(1, n) \$\$;
    CREATE FUNCTION hex(b bytea) RETURNS text LANGUAGE sql IMMUTABLE
      AS \$\$ SELECT upper(encode(b, 'hex')) \$\$;" ||
    { echo "cannot make the test functions in $n" >&2; exit 1; }
}

# copydb FROM TO: database TO (named by newdb) becomes a copy of FROM;
# the key directories are the script's to copy.
copydb() {
  local to
  to=$(dbof "$2")
  if on_pg; then
    pg_admin -c "DROP DATABASE IF EXISTS \"$(pg_name "$2")\" WITH (FORCE)" \
      -c "CREATE DATABASE \"$(pg_name "$2")\" TEMPLATE \"$(pg_name "$1")\"" ||
      bad "copy of database $1 to $2"
  else
    rm -f "$to" "$to-wal" "$to-shm" "$to-zkepoch"
    cp -p "$(dbof "$1")" "$to"
  fi
}

# sql DB STATEMENT: runs STATEMENT on DB (a $DB_x) behind zorgkluis's back
# and prints the rows of its last statement; on PostgreSQL past the
# row-level wall, for every organisation.
sql() {
  if on_pg; then
    psql -X -qAt -v ON_ERROR_STOP=1 -d "$1" -c '\o /dev/null' \
      -c "SELECT set_config('zk.tenant', '*', false)" -c '\o' -c "$2"
  else
    sqlite3 "$1" "$2"
  fi
}

# Nothing names the keys of a server's database but the operator (--keys
# or ZORGKLUIS_KEYS). On PostgreSQL $ZK is therefore a wrapper that sets
# ZORGKLUIS_KEYS to the keys of the database newdb named after --db, as an
# operator would, unless it is set already; $ZKBIN is the binary itself.
ZKBIN=$ZK
if on_pg; then
  mkdir "$TMP/zkbin"
  cat >"$TMP/zkbin/zorgkluis" <<EOF
#!/usr/bin/env bash
prev=
for a in "\$@"; do
  if [ "\$prev" = --db ] && [ -z "\${ZORGKLUIS_KEYS:-}" ]; then
    case \$a in
      *"dbname=zkc_$$_"*)
        n=\${a##*dbname=zkc_$$_}
        export ZORGKLUIS_KEYS="$TMP/\${n%% *}.keys" ;;
    esac
  fi
  prev=\$a
done
exec "$ZKBIN" "\$@"
EOF
  chmod 755 "$TMP/zkbin/zorgkluis"
  ZK=$TMP/zkbin/zorgkluis
fi

# expect CODE DESCRIPTION -- COMMAND...: runs COMMAND, checks its exit code.
expect() {
  local code=$1 what=$2
  shift 3
  "$@" >"$TMP/out" 2>"$TMP/err"
  local rc=$?
  if [ "$rc" -eq "$code" ]; then ok; else
    bad "$what: exit $rc, want $code"; sed 's/^/  | /' "$TMP/out" "$TMP/err"
  fi
}

# contains FILE TEXT DESCRIPTION
contains() {
  if grep -qF -- "$2" "$1"; then ok; else
    bad "$3: no \"$2\" in"; sed 's/^/  | /' "$1"
  fi
}

# lines FILE N DESCRIPTION: FILE has exactly N lines
lines() {
  local n
  n=$(wc -l <"$1")
  if [ "$n" -eq "$2" ]; then ok; else bad "$3: $n lines, want $2"; sed 's/^/  | /' "$1"; fi
}

finish() {
  if on_pg; then
    echo "$passed passed, $failed failed, $skipped skipped on PostgreSQL"
  else
    echo "$passed passed, $failed failed"
  fi
  [ "$failed" -eq 0 ]
}
