#!/usr/bin/env bash
# zorgkluis audit verify (LOG-3): 0 on an intact log; non-zero naming the
# first bad entry after any tampering through SQL; a clear error for a
# missing or corrupt database or missing keys.
. "$(dirname "$0")/lib.sh"

newdb base
newdb t
nodb none
"$ZK" init --db "$DB_base" --profile "$M" --demo >/dev/null || { bad "init"; finish; exit 1; }
# The demo has two organisations (SCOPE-3): these checks work on the first.
export ZORGKLUIS_TENANT=micare-werkt
expect 0 "intact" -- "$ZK" audit verify --db "$DB_base"
contains "$TMP/out" "OK" "intact says OK"

fresh() { copydb base t; rm -rf "$KEYS_t"; cp -r "$KEYS_base" "$KEYS_t"; }
tamper() {
  local what=$1 sql=$2 entry=$3
  fresh
  sql "$DB_t" "$sql" || { bad "$what: sql failed"; return; }
  expect 1 "$what" -- "$ZK" audit verify --db "$DB_t"
  contains "$TMP/out" "FAILED" "$what reported"
  [ -n "$entry" ] && contains "$TMP/out" "entry $entry" "$what names entry $entry"
}
last=$(sql "$DB_base" "SELECT max(seq) FROM audit_log")
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
tamper "inserted" "INSERT INTO audit_log SELECT 999999, tenant_id, 50, ts, event, action, outcome, checks, reason, rule, user_uid, user_role, on_behalf_of, access_point, subject_uid, object_type, object_uid, category, purpose, protocol, consent_ref, break_glass_ref, source, prev_hash, hash, role_code FROM audit_log WHERE seq=49 AND tenant_id=1" 50
tamper "reordered" "UPDATE audit_log SET seq=-1 WHERE seq=60; UPDATE audit_log SET seq=60 WHERE seq=61; UPDATE audit_log SET seq=61 WHERE seq=-1" 60
tamper "checkpoint forged" "UPDATE audit_checkpoint SET hash=randomblob(32)" ""
tamper "everything deleted" "DELETE FROM audit_log; DELETE FROM audit_checkpoint" 1

# LOG-3: a checkpoint the witness names may not be deleted.
tamper "witnessed checkpoint deleted" "DELETE FROM audit_checkpoint WHERE seq = (SELECT max(seq) FROM audit_checkpoint)" ""
contains "$TMP/out" "checkpoints were deleted" "names the deleted checkpoint"
# A trigger on the log could drop or change entries as they are written.
if on_pg; then
  trigger="CREATE FUNCTION zz() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN IF new.event = 'totp.code' THEN RETURN NULL; END IF; RETURN new; END \$\$; CREATE TRIGGER zz BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION zz()"
else
  trigger="CREATE TRIGGER zz BEFORE INSERT ON audit_log WHEN new.event = 'totp.code' BEGIN SELECT raise(ignore); END"
fi
tamper "trigger on the log" "$trigger" ""
contains "$TMP/out" "trigger" "names the trigger"
expect 1 "a swallowed entry fails the act" -- "$ZK" user totp-code --db "$DB_t" --username professional
[ ! -s "$TMP/out" ] && ok || bad "the code was shown without its log entry"
if on_pg; then
  # On a server a rule can swallow the entry as a trigger can.
  tamper "rule on the log" "CREATE RULE zz AS ON INSERT TO audit_log WHERE new.event = 'totp.code' DO INSTEAD NOTHING" ""
  contains "$TMP/out" "rule" "names the rule"
  expect 1 "an entry a rule swallowed fails the act" -- "$ZK" user totp-code --db "$DB_t" --username professional
  [ ! -s "$TMP/out" ] && ok || bad "the code was shown without its log entry (rule)"
fi
# An index on the log that no longer holds every entry (the client's view).
if sqlite_only "the index is changed through sqlite_master; PostgreSQL uses a partial index only where its predicate holds"; then
  tamper "partial subject index" "DROP INDEX audit_log_subject; CREATE INDEX audit_log_subject ON audit_log(tenant_id, subject_uid, seq) WHERE event <> 'entry.create'; PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = 'CREATE INDEX audit_log_subject ON audit_log(tenant_id, subject_uid, seq)' WHERE name = 'audit_log_subject'" ""
fi

# The witness: cut off the last entry with its checkpoint; the next act
# must not sign over the cut, and verify keeps failing.
fresh
sql "$DB_t" "DELETE FROM audit_log WHERE seq = $last; DELETE FROM audit_checkpoint WHERE seq = $last"
expect 1 "cut tail" -- "$ZK" audit verify --db "$DB_t"
"$ZK" user list --db "$DB_t" >/dev/null 2>"$TMP/err2"
contains "$TMP/err2" "witness" "the next act refuses to sign over the cut"
expect 1 "cut tail after another act" -- "$ZK" audit verify --db "$DB_t"
contains "$TMP/out" "FAILED" "still reported"
# A signed log without its witness fails, unless the auditor says so.
fresh; rm "$KEYS_t/audit.head"
expect 1 "witness removed" -- "$ZK" audit verify --db "$DB_t"
contains "$TMP/out" "audit.head" "names the witness"
expect 0 "auditor without the witness" -- "$ZK" audit verify --db "$DB_t" --no-witness
fresh; sed -i '/^[0-9]/d' "$KEYS_t/audit.head"
expect 1 "witness line removed" -- "$ZK" audit verify --db "$DB_t"
# A key file that is a pipe is an error, not a hang.
fresh; rm "$KEYS_t/audit.key"; mkfifo "$KEYS_t/audit.key"
timeout 10 "$ZK" audit verify --db "$DB_t" >"$TMP/out" 2>"$TMP/err"
[ $? -eq 1 ] && ok || bad "a FIFO key file: exit 1, not a hang"
lines "$TMP/err" 1 "one line for a FIFO key"

# Errors: a missing database, a corrupt one, missing keys.
expect 1 "missing db" -- "$ZK" audit verify --db "$DB_none"
lines "$TMP/err" 1 "one line for a missing db"
if on_pg; then
  # A server's database cannot be filled with noise; one with other
  # tables in it is not zorgkluis's either.
  newdb junk
  sql "$DB_junk" "CREATE TABLE t (x integer); INSERT INTO t VALUES (1)"
  expect 1 "another database" -- "$ZK" audit verify --db "$DB_junk" --keys "$KEYS_base"
  lines "$TMP/err" 1 "one line for another database"
else
  head -c 8192 /dev/urandom >"$TMP/junk.db"
  expect 1 "corrupt db" -- "$ZK" audit verify --db "$TMP/junk.db" --keys "$KEYS_base"
  lines "$TMP/err" 1 "one line for a corrupt db"
fi
fresh; rm "$KEYS_t/audit.key"
expect 1 "missing audit key" -- "$ZK" audit verify --db "$DB_t"
contains "$TMP/err" "audit.key" "names the missing key"
expect 2 "no --db" -- "$ZK" audit verify
expect 2 "unknown subcommand" -- "$ZK" audit check --db "$DB_base"
finish
