#!/usr/bin/env bash
# zorgkluis team add|list, location add, relation end and break-glass
# list|show|review: teams on a real database (ACC-5), a care relation
# ended and never lengthened (ACC-2), and the review of emergency access
# by the DPO only (ACC-6, FG-2), every act logged.
. "$(dirname "$0")/lib.sh"

newdb t
DB=$DB_t
"$ZK" init --db "$DB" --profile "$M" --demo >/dev/null 2>&1 || { bad init; finish; exit 1; }
# The demo has two organisations (SCOPE-3): these checks work on the first.
export ZORGKLUIS_TENANT=micare-werkt

# Teams and locations.
expect 0 "location add" -- "$ZK" location add --db "$DB" --name "Het Anker" --address "Havenweg 2"
expect 1 "location twice" -- "$ZK" location add --db "$DB" --name "Het Anker"
contains "$TMP/err" "exists already" "location twice: says so"
lines "$TMP/err" 1 "location twice: one line"
expect 0 "team add" -- "$ZK" team add --db "$DB" --name "Team Oost" --location "Het Anker"
expect 1 "team at no location" -- "$ZK" team add --db "$DB" --name "Team West" --location "Nergens"
contains "$TMP/err" "no location" "unknown location named"
expect 2 "team without name" -- "$ZK" team add --db "$DB"
expect 2 "team bad subcommand" -- "$ZK" team remove --db "$DB"
expect 2 "team blank name" -- "$ZK" team add --db "$DB" --name " "
expect 0 "team list" -- "$ZK" team list --db "$DB"
contains "$TMP/out" "Team Oost" "list shows the new team"
contains "$TMP/out" "Het Anker" "list shows its location"
contains "$TMP/out" "Team Noord" "list shows the demo teams"
expect 0 "team list json" -- "$ZK" team list --db "$DB" --json
contains "$TMP/out" '"name": "Team Oost"' "json list"
n=$(sql "$DB" "SELECT count(*) FROM audit_log WHERE event IN ('team.create', 'location.create') AND object_uid IN ('Team Oost', 'Het Anker')")
[ "$n" -eq 2 ] && ok || bad "team and location logged ($n)"

# ACC-2: ending a care relation.
rule ACC-2
rel=$(sql "$DB" "SELECT uid FROM care_relation WHERE valid_until IS NULL ORDER BY id LIMIT 1")
# Yesterday in the Netherlands, where relations turn (zk_day_nl): near
# midnight UTC that is another day than yesterday in UTC.
yesterday=$(TZ=Europe/Amsterdam date -d yesterday +%F)
expect 2 "end without date" -- "$ZK" relation end --db "$DB" --id "$rel"
expect 2 "end bad date" -- "$ZK" relation end --db "$DB" --id "$rel" --until 2026-02-30
expect 2 "end in the past" -- "$ZK" relation end --db "$DB" --id "$rel" --until 2001-01-01
contains "$TMP/err" "yesterday or later" "end in the past: says why"
expect 1 "end unknown" -- "$ZK" relation end --db "$DB" --id 00000000-0000-4000-8000-000000000000 --until "$yesterday"
expect 0 "end" -- "$ZK" relation end --db "$DB" --id "$rel" --until "$yesterday"
contains "$TMP/out" "\"valid_until\": \"$yesterday\"" "end prints the relation"
v=$(sql "$DB" "SELECT valid_until FROM care_relation WHERE uid = '$rel'")
[ "$v" = "$yesterday" ] && ok || bad "relation not ended: '$v'"
expect 2 "lengthen" -- "$ZK" relation end --db "$DB" --id "$rel" --until 2099-12-31
contains "$TMP/err" "a longer one is a new relation" "lengthen: says why"
n=$(sql "$DB" "SELECT count(*) FROM audit_log WHERE event = 'relation.end' AND object_uid = '$rel' AND outcome = 'success'")
[ "$n" -eq 1 ] && ok || bad "relation end logged ($n)"
n=$(sql "$DB" "SELECT count(*) FROM audit_log WHERE event = 'relation.end' AND reason = 'relation_lengthened' AND outcome = 'refused'")
[ "$n" -eq 1 ] && ok || bad "lengthening logged as refused ($n)"

# ACC-6, FG-2: only the DPO reviews emergency access; others are refused
# and that is logged.
rule FG-2
expect 2 "review needs --as" -- "$ZK" break-glass list --db "$DB"
expect 1 "a professional is refused" -- "$ZK" break-glass list --db "$DB" --as professional
contains "$TMP/err" "reviewer_only (FG-2)" "refusal names the rule"
n=$(sql "$DB" "SELECT count(*) FROM audit_log WHERE event = 'break_glass.list' AND outcome = 'refused' AND rule = 'FG-2'")
[ "$n" -eq 1 ] && ok || bad "refusal logged ($n)"
expect 1 "the office is refused" -- "$ZK" break-glass review --db "$DB" --as office --id 00000000-0000-4000-8000-000000000000 --decision justified
expect 0 "the DPO lists" -- "$ZK" break-glass list --db "$DB" --as dpo
contains "$TMP/out" "[]" "nothing pending"
expect 1 "the DPO reviews an unknown one" -- "$ZK" break-glass review --db "$DB" --as dpo --id 00000000-0000-4000-8000-000000000000 --decision justified
rule ACC-6
expect 2 "review without decision" -- "$ZK" break-glass review --db "$DB" --as dpo --id 00000000-0000-4000-8000-000000000000
expect 2 "not justified needs a measure" -- "$ZK" break-glass review --db "$DB" --as dpo --id 00000000-0000-4000-8000-000000000000 --decision not_justified
contains "$TMP/err" "measure" "the measure is asked for"
expect 2 "unknown decision" -- "$ZK" break-glass review --db "$DB" --as dpo --id 00000000-0000-4000-8000-000000000000 --decision maybe
expect 0 "log intact" -- "$ZK" audit verify --db "$DB"
finish
