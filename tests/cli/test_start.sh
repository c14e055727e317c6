#!/usr/bin/env bash
# What zorgkluis trusts at start (SEC-1, LOG-3): only an initialised
# database, created 0600 with its -wal and -shm; only the keys that belong
# to it (their check values), readable by the service account alone; and
# a whole witness, which is never overwritten when damaged. Every refusal
# is one line that names what is wrong, and serve refuses like the rest.
. "$(dirname "$0")/lib.sh"

umask 022
"$ZK" init --db "$TMP/base.db" --profile "$M" --demo >/dev/null || { bad "init"; finish; exit 1; }
# The demo has two organisations (SCOPE-3): these checks work on the first.
export ZORGKLUIS_TENANT=micare-werkt
"$ZK" init --db "$TMP/other.db" --profile "$M" >/dev/null || { bad "init other"; finish; exit 1; }

fresh() { rm -rf "$TMP/t.db"* ; cp -p "$TMP/base.db" "$TMP/t.db"; cp -rp "$TMP/base.db.keys" "$TMP/t.db.keys"; }
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
  refused "serve: $1" "$2" -- timeout 20 "$ZK" serve --db "${3:-$TMP/t.db}" --listen "127.0.0.1:$(port)"
}

rule SEC-1
# Only an initialised zorgkluis database is opened; nothing is written
# into anything else.
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

rule SEC-1
# The database and its -wal and -shm are the service account's alone,
# whatever the umask.
mode() { stat -c %a "$1"; }
[ "$(mode "$TMP/base.db")" = 600 ] && ok || bad "database mode $(mode "$TMP/base.db"), want 600"
fresh
p=$(port)
"$ZK" serve --db "$TMP/t.db" --listen "127.0.0.1:$p" >"$TMP/serve.out" 2>&1 &
pid=$!
for _ in $(seq 50); do
  curl -fsS "http://127.0.0.1:$p/api/v1/health" >/dev/null 2>&1 && break
  sleep 0.1
done
for f in "$TMP/t.db-wal" "$TMP/t.db-shm"; do
  if [ -e "$f" ]; then
    [ "$(mode "$f")" = 600 ] && ok || bad "$f mode $(mode "$f"), want 600"
  else bad "$f not there while serving"; fi
done
kill -TERM "$pid"; wait "$pid"
expect 0 "the right keys start" -- "$ZK" user list --db "$TMP/t.db"

rule SEC-1
# Like ssh: secret keys that group or others may read are refused, and so
# is a key directory others may write into.
for k in master.key audit.key signing.key; do
  fresh
  chmod 640 "$TMP/t.db.keys/$k"
  refused "$k readable by group" "$k is accessible by group or others" -- "$ZK" user list --db "$TMP/t.db"
  chmod 604 "$TMP/t.db.keys/$k"
  refused "$k readable by others" "$k is accessible by group or others" -- "$ZK" user list --db "$TMP/t.db"
done
fresh
chmod 604 "$TMP/t.db.keys/master.key"
serve_refused "master.key readable by others" "master.key is accessible by group or others"
fresh
chmod 777 "$TMP/t.db.keys"
refused "key directory writable by others" "key directory $TMP/t.db.keys is writable" -- "$ZK" user list --db "$TMP/t.db"
chmod 700 "$TMP/t.db.keys"
chmod 644 "$TMP/t.db.keys/signing.pub"
expect 0 "a public key readable by others" -- "$ZK" user list --db "$TMP/t.db"

rule SEC-1
# Keys of another database are refused by name at every start, before
# anything is read or logged with them.
for k in master.key audit.key; do
  fresh
  cp "$TMP/other.db.keys/$k" "$TMP/t.db.keys/$k"
  before=$(sqlite3 "$TMP/t.db" "SELECT count(*) FROM audit_log")
  refused "wrong $k" "$k in $TMP/t.db.keys does not belong to this database" -- "$ZK" user list --db "$TMP/t.db"
  serve_refused "wrong $k" "$k in $TMP/t.db.keys does not belong to this database"
  [ "$(sqlite3 "$TMP/t.db" "SELECT count(*) FROM audit_log")" = "$before" ] && ok || bad "wrong $k: the log was written"
done
fresh
cp "$TMP/other.db.keys/signing.key" "$TMP/other.db.keys/signing.pub" "$TMP/t.db.keys/"
refused "wrong signing key" "signing.key in $TMP/t.db.keys does not belong" -- "$ZK" user list --db "$TMP/t.db"
fresh
cp "$TMP/other.db.keys/audit.key" "$TMP/t.db.keys/audit.key"
refused "verify with a wrong audit.key" "audit.key in $TMP/t.db.keys does not belong" -- "$ZK" audit verify --db "$TMP/t.db"
fresh
sqlite3 "$TMP/t.db" "DELETE FROM key_check WHERE name = 'audit.key'"
refused "a check value removed" "no check value for audit.key" -- "$ZK" user list --db "$TMP/t.db"
sqlite3 "$TMP/t.db" "DELETE FROM key_check"
refused "every check value removed" "audit bind" -- "$ZK" user list --db "$TMP/t.db"
serve_refused "every check value removed" "no key check values"
# A database that had check values is not bound again: its entries could
# have been forged in the meantime.
refused "bind after removal" "were removed outside zorgkluis" -- "$ZK" audit bind --db "$TMP/t.db"
fresh
refused "bind a bound database" "it is bound" -- "$ZK" audit bind --db "$TMP/t.db"

rule LOG-3
# A damaged witness stops the start and is never rewritten; verify keeps
# failing until it is restored.
damage() {
  local what=$1 text=$2
  fresh
  "$ZK" user list --db "$TMP/t.db" >/dev/null || bad "$what: start before damage"
  cp "$TMP/t.db.keys/audit.head" "$TMP/head.good"
  case $what in
    signature) python3 - "$TMP/t.db.keys/audit.head" <<'EOF'
import sys
p = sys.argv[1]
lines = open(p).read().split("\n")
f = lines[1].split(" ")
f[4] = ("1" if f[4][0] != "1" else "2") + f[4][1:]
lines[1] = " ".join(f)
open(p, "w").write("\n".join(lines))
EOF
               ;;
    emptied) : >"$TMP/t.db.keys/audit.head" ;;
    removed) rm "$TMP/t.db.keys/audit.head" ;;
    line) head -1 "$TMP/head.good" >"$TMP/t.db.keys/audit.head" ;;
  esac
  [ -e "$TMP/t.db.keys/audit.head" ] && cp "$TMP/t.db.keys/audit.head" "$TMP/head.bad" || rm -f "$TMP/head.bad"
  refused "witness $what" "$text" -- "$ZK" user list --db "$TMP/t.db"
  serve_refused "witness $what" "$text"
  if [ -e "$TMP/head.bad" ]; then
    cmp -s "$TMP/head.bad" "$TMP/t.db.keys/audit.head" && ok || bad "witness $what: rewritten"
  else
    [ ! -e "$TMP/t.db.keys/audit.head" ] && ok || bad "witness $what: written anew"
  fi
  expect 1 "witness $what: verify fails" -- "$ZK" audit verify --db "$TMP/t.db"
  cp "$TMP/head.good" "$TMP/t.db.keys/audit.head"
  expect 0 "witness $what: restored, it starts" -- "$ZK" user list --db "$TMP/t.db"
  expect 0 "witness $what: restored, verify passes" -- "$ZK" audit verify --db "$TMP/t.db"
}
damage signature "audit.head has no valid signature"
damage emptied "audit.head has no line for tenant 1"
damage line "audit.head has no line for tenant 1"
damage removed "audit.head is missing"

finish
