#!/usr/bin/env bash
# zorgkluis study add|confirm|export|list|show: the study register and its
# anonymised exports on the demo database (RES-1, RES-2, M§6.6(v)): who
# registers, who confirms which condition, an export refused while a
# condition is missing and released k-anonymous once all are confirmed,
# with a note in each record drawn on; every act logged.
. "$(dirname "$0")/lib.sh"

newdb s
DB=$DB_s
"$ZK" init --db "$DB" --profile "$M" --demo >/dev/null 2>&1 || { bad init; finish; exit 1; }
export ZORGKLUIS_TENANT=micare-werkt

rule RES-1
expect 2 "study needs --as" -- "$ZK" study list --db "$DB"
expect 2 "add needs --basis" -- "$ZK" study add --db "$DB" --as dpo --name X --purpose Y --requester Z
expect 2 "unknown subcommand" -- "$ZK" study remove --db "$DB" --as dpo
expect 1 "a professional registers no study" -- "$ZK" study add --db "$DB" --as professional \
  --name X --purpose Y --requester Z --basis consent
contains "$TMP/err" "RES-1" "refusal names its rule"
expect 2 "bad basis" -- "$ZK" study add --db "$DB" --as dpo --name X --purpose Y --requester Z --basis maybe
expect 0 "the DPO registers a study" -- "$ZK" study add --db "$DB" --as dpo \
  --name Valpreventie --purpose "Vallen bij ouderen" --requester "UMC Utrecht" --basis conditions
S=$(cat "$TMP/out")
expect 1 "export before the conditions" -- "$ZK" study export --db "$DB" --as dpo --study "$S"
contains "$TMP/err" "public_interest is not confirmed" "the missing condition is named"
expect 1 "the DPO does not confirm the public interest" -- "$ZK" study confirm --db "$DB" --as dpo \
  --study "$S" --condition public_interest
expect 0 "the board does" -- "$ZK" study confirm --db "$DB" --as board --study "$S" --condition public_interest
expect 1 "once" -- "$ZK" study confirm --db "$DB" --as board --study "$S" --condition public_interest
for c in necessary consent_impracticable; do
  expect 0 "the DPO confirms $c" -- "$ZK" study confirm --db "$DB" --as dpo --study "$S" --condition "$c"
done
expect 1 "still one missing" -- "$ZK" study export --db "$DB" --as dpo --study "$S"
contains "$TMP/err" "safeguards" "the last condition is named"
expect 0 "safeguards" -- "$ZK" study confirm --db "$DB" --as dpo --study "$S" --condition safeguards
expect 0 "show" -- "$ZK" study show --db "$DB" --as board --study "$S"
contains "$TMP/out" '"missing": []' "nothing missing"

rule RES-2
expect 1 "the board exports nothing" -- "$ZK" study export --db "$DB" --as board --study "$S"
expect 0 "export" -- "$ZK" study export --db "$DB" --as dpo --study "$S"
contains "$TMP/out" '"k": 5' "k from the profile"
contains "$TMP/out" '"generalisation"' "the generalisation is shown"
n=$(sql "$DB" "SELECT count(*) FROM study_note")
r=$(sql "$DB" "SELECT rows_released FROM study_export")
[ "$n" -gt 0 ] && [ "$n" -eq "$r" ] && ok || bad "a note per row released ($n notes, $r rows)"
n=$(sql "$DB" "SELECT count(*) FROM audit_log WHERE event = 'study.note' AND subject_uid IS NOT NULL")
[ "$n" -eq "$r" ] && ok || bad "each note logged on its subject ($n)"
expect 0 "csv" -- "$ZK" study export --db "$DB" --as dpo --study "$S" --csv
head -1 "$TMP/out" | grep -q '^birth_date,postal_code,gender,city,care.kind,medical.kind' && ok ||
  bad "csv header"
n=$(sql "$DB" "SELECT count(*) FROM audit_log WHERE event LIKE 'study.%' AND outcome = 'refused'")
[ "$n" -ge 5 ] && ok || bad "refusals logged ($n)"
expect 0 "list" -- "$ZK" study list --db "$DB" --as dpo
contains "$TMP/out" "Valpreventie" "list shows the study"
finish
