#!/usr/bin/env bash
# What zorgkluis trusts at start (SEC-1, LOG-3): only an initialised
# database, created 0600 with its -wal and -shm; only the keys that belong
# to it (their check values), readable by the service account alone; and
# a whole witness, which is never overwritten when damaged. Every refusal
# is one line that names what is wrong, and serve refuses like the rest.
. "$(dirname "$0")/lib.sh"

umask 022
newdb base
newdb other
newdb t
"$ZK" init --db "$DB_base" --profile "$M" --demo >/dev/null || { bad "init"; finish; exit 1; }
# The demo has two organisations (SCOPE-3): these checks work on the first.
export ZORGKLUIS_TENANT=micare-werkt
"$ZK" init --db "$DB_other" --profile "$M" >/dev/null || { bad "init other"; finish; exit 1; }

fresh() { copydb base t; rm -rf "$KEYS_t"; cp -rp "$KEYS_base" "$KEYS_t"; }
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# refused DESCRIPTION TEXT -- COMMAND...: exit 1 with one line holding TEXT
refused() {
  local what=$1 text=$2
  shift 3
  expect 1 "$what" -- "$@"
  lines "$TMP/err" 1 "$what: one line"
  contains "$TMP/err" "$text" "$what: says why"
}
# serve_refused DESCRIPTION TEXT [DB]: serve does not start
serve_refused() {
  refused "serve: $1" "$2" -- timeout 20 "$ZK" serve --db "${3:-$DB_t}" --listen "127.0.0.1:$(port)"
}

rule SEC-1
# Only an initialised zorgkluis database is opened; nothing is written
# into anything else.
if sqlite_only "an empty file, a text file and init over a file: a server's database is no file"; then
  : >"$TMP/empty.db"
  refused "empty file" "not a zorgkluis database" -- "$ZK" user list --db "$TMP/empty.db" --keys "$TMP/base.db.keys"
  serve_refused "empty file" "not a zorgkluis database" "$TMP/empty.db"
  [ ! -s "$TMP/empty.db" ] && ok || bad "empty file: schema written into it"
  [ ! -e "$TMP/empty.db-wal" ] && ok || bad "empty file: a WAL was made"
  sqlite3 "$TMP/foreign.db" "CREATE TABLE t (x); INSERT INTO t VALUES (1);"
  refused "another database" "not a zorgkluis database" -- "$ZK" user list --db "$TMP/foreign.db" --keys "$TMP/base.db.keys"
  [ "$(sqlite3 "$TMP/foreign.db" "SELECT count(*) FROM sqlite_master")" = 1 ] && ok || bad "another database: schema added"
  printf 'not a database at all\n' >"$TMP/text.db"
  refused "a text file" "not a zorgkluis database" -- "$ZK" user list --db "$TMP/text.db" --keys "$TMP/base.db.keys"
  expect 1 "init over an existing file" -- "$ZK" init --db "$TMP/empty.db" --profile "$M" --keys "$TMP/new.keys"
else
  # The server's analogues: an empty database, and one with other tables.
  tables() { sql "$(dbof "$1")" "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"; }
  newdb empty
  refused "empty database" "not a zorgkluis database" -- "$ZK" user list --db "$DB_empty" --keys "$KEYS_base"
  serve_refused "empty database" "not a zorgkluis database" "$DB_empty"
  [ "$(tables empty)" = 0 ] && ok || bad "empty database: schema written into it"
  newdb foreign
  sql "$DB_foreign" "CREATE TABLE t (x integer); INSERT INTO t VALUES (1);"
  refused "another database" "not a zorgkluis database" -- "$ZK" user list --db "$DB_foreign" --keys "$KEYS_base"
  serve_refused "another database" "not a zorgkluis database" "$DB_foreign"
  [ "$(tables foreign)" = 1 ] && ok || bad "another database: schema added"
  # Nothing can be derived from a conninfo: keys not named are refused.
  # (A usage error, as a missing --db is.)
  expect 2 "keys not named" -- env -u ZORGKLUIS_KEYS "$ZKBIN" user list --db "$DB_base"
  lines "$TMP/err" 1 "keys not named: one line"
  contains "$TMP/err" "ZORGKLUIS_KEYS" "keys not named: says how to name them"
fi

rule SEC-1
# The database and its -wal and -shm are the service account's alone,
# whatever the umask.
mode() { stat -c %a "$1"; }
if sqlite_only "the modes of the database file and its -wal and -shm: the server keeps its own files"; then
  [ "$(mode "$TMP/base.db")" = 600 ] && ok || bad "database mode $(mode "$TMP/base.db"), want 600"
fi
fresh
p=$(port)
"$ZK" serve --db "$DB_t" --listen "127.0.0.1:$p" >"$TMP/serve.out" 2>&1 &
pid=$!
for _ in $(seq 50); do
  curl -fsS "http://127.0.0.1:$p/api/v1/health" >/dev/null 2>&1 && break
  sleep 0.1
done
if ! on_pg; then
  for f in "$TMP/t.db-wal" "$TMP/t.db-shm"; do
    if [ -e "$f" ]; then
      [ "$(mode "$f")" = 600 ] && ok || bad "$f mode $(mode "$f"), want 600"
    else bad "$f not there while serving"; fi
  done
fi
kill -TERM "$pid"; wait "$pid"
expect 0 "the right keys start" -- "$ZK" user list --db "$DB_t"

rule SEC-1
# Like ssh: secret keys that group or others may read are refused, and so
# is a key directory others may write into.
for k in master.key audit.key signing.key; do
  fresh
  chmod 640 "$KEYS_t/$k"
  refused "$k readable by group" "$k is accessible by group or others" -- "$ZK" user list --db "$DB_t"
  chmod 604 "$KEYS_t/$k"
  refused "$k readable by others" "$k is accessible by group or others" -- "$ZK" user list --db "$DB_t"
done
fresh
chmod 604 "$KEYS_t/master.key"
serve_refused "master.key readable by others" "master.key is accessible by group or others"
fresh
chmod 777 "$KEYS_t"
refused "key directory writable by others" "key directory $KEYS_t is writable" -- "$ZK" user list --db "$DB_t"
chmod 700 "$KEYS_t"
chmod 644 "$KEYS_t/signing.pub"
expect 0 "a public key readable by others" -- "$ZK" user list --db "$DB_t"

rule SEC-1
# Keys of another database are refused by name at every start, before
# anything is read or logged with them.
for k in master.key audit.key; do
  fresh
  cp "$KEYS_other/$k" "$KEYS_t/$k"
  before=$(sql "$DB_t" "SELECT count(*) FROM audit_log")
  refused "wrong $k" "$k in $KEYS_t does not belong to this database" -- "$ZK" user list --db "$DB_t"
  serve_refused "wrong $k" "$k in $KEYS_t does not belong to this database"
  [ "$(sql "$DB_t" "SELECT count(*) FROM audit_log")" = "$before" ] && ok || bad "wrong $k: the log was written"
done
# The key directory of another database, or none, named outright.
fresh
refused "--keys of another database" "does not belong to this database" -- "$ZK" user list --db "$DB_t" --keys "$KEYS_other"
refused "--keys that are not there" "$TMP/nowhere" -- "$ZK" user list --db "$DB_t" --keys "$TMP/nowhere"
[ ! -e "$TMP/nowhere" ] && ok || bad "--keys that are not there: made"
fresh
cp "$KEYS_other/signing.key" "$KEYS_other/signing.pub" "$KEYS_t/"
refused "wrong signing key" "signing.key in $KEYS_t does not belong" -- "$ZK" user list --db "$DB_t"
fresh
cp "$KEYS_other/audit.key" "$KEYS_t/audit.key"
refused "verify with a wrong audit.key" "audit.key in $KEYS_t does not belong" -- "$ZK" audit verify --db "$DB_t"
fresh
sql "$DB_t" "DELETE FROM key_check WHERE name = 'audit.key'"
refused "a check value removed" "no check value for audit.key" -- "$ZK" user list --db "$DB_t"
sql "$DB_t" "DELETE FROM key_check"
refused "every check value removed" "audit bind" -- "$ZK" user list --db "$DB_t"
serve_refused "every check value removed" "no key check values"
# A database that had check values is not bound again: its entries could
# have been forged in the meantime.
refused "bind after removal" "were removed outside zorgkluis" -- "$ZK" audit bind --db "$DB_t"
fresh
refused "bind a bound database" "it is bound" -- "$ZK" audit bind --db "$DB_t"

rule LOG-3
# A damaged witness stops the start and is never rewritten; verify keeps
# failing until it is restored.
damage() {
  local what=$1 text=$2
  fresh
  "$ZK" user list --db "$DB_t" >/dev/null || bad "$what: start before damage"
  cp "$KEYS_t/audit.head" "$TMP/head.good"
  case $what in
    signature) python3 - "$KEYS_t/audit.head" <<'EOF'
import sys
p = sys.argv[1]
lines = open(p).read().split("\n")
f = lines[1].split(" ")
f[4] = ("1" if f[4][0] != "1" else "2") + f[4][1:]
lines[1] = " ".join(f)
open(p, "w").write("\n".join(lines))
EOF
               ;;
    emptied) : >"$KEYS_t/audit.head" ;;
    removed) rm "$KEYS_t/audit.head" ;;
    line) head -1 "$TMP/head.good" >"$KEYS_t/audit.head" ;;
  esac
  [ -e "$KEYS_t/audit.head" ] && cp "$KEYS_t/audit.head" "$TMP/head.bad" || rm -f "$TMP/head.bad"
  refused "witness $what" "$text" -- "$ZK" user list --db "$DB_t"
  serve_refused "witness $what" "$text"
  if [ -e "$TMP/head.bad" ]; then
    cmp -s "$TMP/head.bad" "$KEYS_t/audit.head" && ok || bad "witness $what: rewritten"
  else
    [ ! -e "$KEYS_t/audit.head" ] && ok || bad "witness $what: written anew"
  fi
  expect 1 "witness $what: verify fails" -- "$ZK" audit verify --db "$DB_t"
  cp "$TMP/head.good" "$KEYS_t/audit.head"
  expect 0 "witness $what: restored, it starts" -- "$ZK" user list --db "$DB_t"
  expect 0 "witness $what: restored, verify passes" -- "$ZK" audit verify --db "$DB_t"
}
damage signature "audit.head has no valid signature"
damage emptied "audit.head has no line for tenant 1"
damage line "audit.head has no line for tenant 1"
damage removed "audit.head is missing"

finish
