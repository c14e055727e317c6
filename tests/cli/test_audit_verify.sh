#!/usr/bin/env bash
# zorgkluis audit verify (LOG-3): 0 on an intact log; non-zero naming the
# first bad entry after any tampering through SQL; a clear error for a
# missing or corrupt database or missing keys.
. "$(dirname "$0")/lib.sh"

"$ZK" init --db "$TMP/base.db" --profile "$M" --demo >/dev/null || { bad "init"; finish; exit 1; }
# The demo has two organisations (SCOPE-3): these checks work on the first.
export ZORGKLUIS_TENANT=micare-werkt
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
tamper "inserted" "INSERT INTO audit_log SELECT 999999, tenant_id, 50, ts, event, action, outcome, checks, reason, rule, user_uid, user_role, on_behalf_of, access_point, subject_uid, object_type, object_uid, category, purpose, protocol, consent_ref, break_glass_ref, source, prev_hash, hash, role_code FROM audit_log WHERE seq=49 AND tenant_id=1" 50
tamper "reordered" "UPDATE audit_log SET seq=-1 WHERE seq=60; UPDATE audit_log SET seq=60 WHERE seq=61; UPDATE audit_log SET seq=61 WHERE seq=-1" 60
tamper "checkpoint forged" "UPDATE audit_checkpoint SET hash=randomblob(32)" ""
tamper "everything deleted" "DELETE FROM audit_log; DELETE FROM audit_checkpoint" 1

# LOG-3: a checkpoint the witness names may not be deleted.
tamper "witnessed checkpoint deleted" "DELETE FROM audit_checkpoint WHERE seq = (SELECT max(seq) FROM audit_checkpoint)" ""
contains "$TMP/out" "checkpoints were deleted" "names the deleted checkpoint"
# A trigger on the log could drop or change entries as they are written.
tamper "trigger on the log" "CREATE TRIGGER zz BEFORE INSERT ON audit_log WHEN new.event = 'totp.code' BEGIN SELECT raise(ignore); END" ""
contains "$TMP/out" "trigger" "names the trigger"
expect 1 "a swallowed entry fails the act" -- "$ZK" user totp-code --db "$TMP/t.db" --username professional
[ ! -s "$TMP/out" ] && ok || bad "the code was shown without its log entry"
# An index on the log that no longer holds every entry (the client's view).
tamper "partial subject index" "DROP INDEX audit_log_subject; CREATE INDEX audit_log_subject ON audit_log(tenant_id, subject_uid, seq) WHERE event <> 'entry.create'; PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = 'CREATE INDEX audit_log_subject ON audit_log(tenant_id, subject_uid, seq)' WHERE name = 'audit_log_subject'" ""

# The witness: cut off the last entry with its checkpoint; the next act
# must not sign over the cut, and verify keeps failing.
fresh
sqlite3 "$TMP/t.db" "DELETE FROM audit_log WHERE seq = $last; DELETE FROM audit_checkpoint WHERE seq = $last"
expect 1 "cut tail" -- "$ZK" audit verify --db "$TMP/t.db"
"$ZK" user list --db "$TMP/t.db" >/dev/null 2>"$TMP/err2"
contains "$TMP/err2" "witness" "the next act refuses to sign over the cut"
expect 1 "cut tail after another act" -- "$ZK" audit verify --db "$TMP/t.db"
contains "$TMP/out" "FAILED" "still reported"
# A signed log without its witness fails, unless the auditor says so.
fresh; rm "$TMP/t.db.keys/audit.head"
expect 1 "witness removed" -- "$ZK" audit verify --db "$TMP/t.db"
contains "$TMP/out" "audit.head" "names the witness"
expect 0 "auditor without the witness" -- "$ZK" audit verify --db "$TMP/t.db" --no-witness
fresh; sed -i '/^[0-9]/d' "$TMP/t.db.keys/audit.head"
expect 1 "witness line removed" -- "$ZK" audit verify --db "$TMP/t.db"
# A key file that is a pipe is an error, not a hang.
fresh; rm "$TMP/t.db.keys/audit.key"; mkfifo "$TMP/t.db.keys/audit.key"
timeout 10 "$ZK" audit verify --db "$TMP/t.db" >"$TMP/out" 2>"$TMP/err"
[ $? -eq 1 ] && ok || bad "a FIFO key file: exit 1, not a hang"
lines "$TMP/err" 1 "one line for a FIFO key"

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
