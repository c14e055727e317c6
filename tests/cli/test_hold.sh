#!/usr/bin/env bash
# zorgkluis hold add|list|lift: legal holds (RET-3) on a demo database,
# their sealed reasons, the log, the retention facts the triggers keep
# (migration 031), and bad input.
. "$(dirname "$0")/lib.sh"

newdb h
"$ZK" init --db "$DB_h" --profile "$M" --demo >/dev/null || { bad init; finish; exit 1; }
export ZORGKLUIS_TENANT=micare-werkt
client=$(sql "$DB_h" "SELECT uid FROM subject WHERE kind='client' ORDER BY id LIMIT 1")

rule RET-1
# The record's last change is kept for every subject, by trigger.
n=$(sql "$DB_h" "SELECT count(*) FROM subject s LEFT JOIN subject_retention r ON r.subject_id = s.id WHERE r.subject_id IS NULL")
[ "$n" = 0 ] && ok || bad "RET-1: $n subjects without their retention facts"
last=$(sql "$DB_h" "SELECT r.record_changed_on FROM subject_retention r JOIN subject s ON s.id = r.subject_id WHERE s.uid = '$client'")
newest=$(sql "$DB_h" "SELECT max(substr(e.created_at, 1, 10)) FROM entry e JOIN subject s ON s.id = e.subject_id WHERE s.uid = '$client'")
[ -n "$last" ] && [[ ! "$last" < "$newest" ]] && ok || bad "RET-1: record changed $last, newest entry $newest"

rule RET-3
expect 0 "RET-3 hold add" -- "$ZK" hold add --db "$DB_h" --subject "$client" \
  --reason "risicodossier: zorg van een goed hulpverlener" --category care
hold=$(head -1 "$TMP/out")
expect 0 "RET-3 hold list" -- "$ZK" hold list --db "$DB_h" --subject "$client"
contains "$TMP/out" "risicodossier" "RET-3 the reason is shown to whom may read"
contains "$TMP/out" '"active": true' "RET-3 active"
# The reason is sealed: not in the table in plain text, nor in the log.
n=$(sql "$DB_h" "SELECT count(*) FROM retention_hold WHERE CAST(reason AS TEXT) LIKE '%risicodossier%'")
[ "$n" = 0 ] && ok || bad "RET-3: the reason is stored in plain text"
n=$(sql "$DB_h" "SELECT count(*) FROM audit_log WHERE event = 'hold.create' AND rule = 'RET-3'")
[ "$n" = 1 ] && ok || bad "RET-3: hold.create logged $n times"
n=$(sql "$DB_h" "SELECT count(*) FROM audit_log WHERE reason LIKE '%risicodossier%' OR checks LIKE '%risicodossier%'")
[ "$n" = 0 ] && ok || bad "RET-3: the reason is in the log"
expect 0 "RET-3 hold lift" -- "$ZK" hold lift --db "$DB_h" --hold "$hold"
expect 1 "RET-3 lifted twice" -- "$ZK" hold lift --db "$DB_h" --hold "$hold"
contains "$TMP/err" "lifted already" "RET-3 lifted twice named"
expect 0 "RET-3 hold list after lift" -- "$ZK" hold list --db "$DB_h" --subject "$client"
contains "$TMP/out" '"active": false' "RET-3 lifted shown"

# Bad input.
expect 2 "hold without subcommand" -- "$ZK" hold
expect 2 "hold unknown subcommand" -- "$ZK" hold put --db "$DB_h"
expect 2 "hold add without reason" -- "$ZK" hold add --db "$DB_h" --subject "$client"
expect 2 "hold lift without hold" -- "$ZK" hold lift --db "$DB_h"
expect 2 "hold add unknown category" -- "$ZK" hold add --db "$DB_h" --subject "$client" --reason x --category dossier
expect 2 "hold add bad subject id" -- "$ZK" hold add --db "$DB_h" --subject nope --reason x
expect 1 "hold add unknown subject" -- "$ZK" hold add --db "$DB_h" \
  --subject 00000000-0000-4000-8000-000000000000 --reason x
expect 1 "hold lift unknown hold" -- "$ZK" hold lift --db "$DB_h" \
  --hold 00000000-0000-4000-8000-000000000000

finish
