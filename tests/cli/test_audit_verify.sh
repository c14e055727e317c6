#!/usr/bin/env bash
# zorgkluis audit verify (LOG-3): 0 on an intact log; non-zero naming the
# first bad entry after any tampering through SQL; a clear error for a
# missing or corrupt database or missing keys.
. "$(dirname "$0")/lib.sh"

"$ZK" init --db "$TMP/base.db" --profile "$M" --demo >/dev/null || { bad "init"; finish; exit 1; }
expect 0 "intact" -- "$ZK" audit verify --db "$TMP/base.db"
contains "$TMP/out" "OK" "intact says OK"

fresh() { rm -rf "$TMP/t.db"* ; cp "$TMP/base.db" "$TMP/t.db"; cp -r "$TMP/base.db.keys" "$TMP/t.db.keys"; }
tamper() {
  local what=$1 sql=$2 entry=$3
  fresh
  sqlite3 "$TMP/t.db" "$sql" || { bad "$what: sql failed"; return; }
  expect 1 "$what" -- "$ZK" audit verify --db "$TMP/t.db"
  contains "$TMP/out" "FAILED" "$what reported"
  [ -n "$entry" ] && contains "$TMP/out" "entry $entry" "$what names entry $entry"
}
last=$(sqlite3 "$TMP/base.db" "SELECT max(seq) FROM audit_log")
tamper "changed outcome" "UPDATE audit_log SET outcome='refused' WHERE seq=12" 12
tamper "changed user" "UPDATE audit_log SET user_uid='x' WHERE seq=40" 40
tamper "changed time" "UPDATE audit_log SET ts='2019-01-01T00:00:00Z' WHERE seq=2" 2
# LOG-5: the ISO 21298 role is covered too, and cannot be dropped.
tamper "changed role code" "UPDATE audit_log SET role_code='PrivilegedHealthcareProfessional' WHERE seq=33" 33
tamper "removed role code" "UPDATE audit_log SET role_code=NULL WHERE seq=34" 34
tamper "recomputed hash" "UPDATE audit_log SET reason='x', hash=randomblob(32) WHERE seq=30" 30
tamper "deleted" "DELETE FROM audit_log WHERE seq=25" 25
tamper "deleted first" "DELETE FROM audit_log WHERE seq=1" 1
tamper "deleted last" "DELETE FROM audit_log WHERE seq=$last" "$last"
tamper "truncated with checkpoints" "DELETE FROM audit_log WHERE seq>100; DELETE FROM audit_checkpoint" 101
tamper "inserted" "INSERT INTO audit_log SELECT 999999, tenant_id, 50, ts, event, action, outcome, checks, reason, rule, user_uid, user_role, on_behalf_of, access_point, subject_uid, object_type, object_uid, category, purpose, protocol, consent_ref, break_glass_ref, source, prev_hash, hash, role_code FROM audit_log WHERE seq=49" 50
tamper "reordered" "UPDATE audit_log SET seq=-1 WHERE seq=60; UPDATE audit_log SET seq=60 WHERE seq=61; UPDATE audit_log SET seq=61 WHERE seq=-1" 60
tamper "checkpoint forged" "UPDATE audit_checkpoint SET hash=randomblob(32)" ""
tamper "everything deleted" "DELETE FROM audit_log; DELETE FROM audit_checkpoint" 1

# Errors: a missing database, a corrupt one, missing keys.
expect 1 "missing db" -- "$ZK" audit verify --db "$TMP/none.db"
lines "$TMP/err" 1 "one line for a missing db"
head -c 8192 /dev/urandom >"$TMP/junk.db"
expect 1 "corrupt db" -- "$ZK" audit verify --db "$TMP/junk.db" --keys "$TMP/base.db.keys"
lines "$TMP/err" 1 "one line for a corrupt db"
fresh; rm "$TMP/t.db.keys/audit.key"
expect 1 "missing audit key" -- "$ZK" audit verify --db "$TMP/t.db"
contains "$TMP/err" "audit.key" "names the missing key"
expect 2 "no --db" -- "$ZK" audit verify
expect 2 "unknown subcommand" -- "$ZK" audit check --db "$TMP/base.db"
finish
