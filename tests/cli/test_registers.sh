#!/usr/bin/env bash
# zorgkluis representative|capacity|objection|notice list and client
# list|show: the registers read back from the command line, each read
# logged (LOG-1), with the ids consents name representatives by (REP-6),
# and the exemptions in the report (INF-2, INF-3).
. "$(dirname "$0")/lib.sh"

newdb r
"$ZK" init --db "$DB_r" --profile "$M" --demo >/dev/null || { bad init; finish; exit 1; }
# The demo has two organisations (SCOPE-3): these checks work on the first.
export ZORGKLUIS_TENANT=micare-werkt
# The demo's first client is a child, its second an adult.
child=$(sql "$DB_r" "SELECT uid FROM subject WHERE kind='client' ORDER BY id LIMIT 1")
adult=$(sql "$DB_r" "SELECT uid FROM subject WHERE kind='client' ORDER BY id LIMIT 1 OFFSET 1")
logged() { sql "$DB_r" "SELECT count(*) FROM audit_log WHERE event = '$1' AND subject_uid = '$2'"; }

rule REP-6
expect 0 "representative" -- "$ZK" representative add --db "$DB_r" --subject "$child" \
  --kind parent_with_authority --name "M. Ouder"
parent=$(head -1 "$TMP/out")
expect 0 "representative list" -- "$ZK" representative list --db "$DB_r" --subject "$child"
contains "$TMP/out" "\"id\": \"$parent\"" "REP-6: the list gives the representative's id"
contains "$TMP/out" "\"name\": \"M. Ouder\"" "the name, opened"
expect 0 "parent consents" -- "$ZK" consent record --db "$DB_r" --subject "$child" \
  --given-by "$parent" --form written --evidence "scan 8" --purpose care_delivery --category care \
  --explicit --valid-from 2026-01-01
expect 0 "objection by the parent" -- "$ZK" objection add --db "$DB_r" --subject "$child" \
  --purpose business_operations --by "$parent"
expect 0 "objection list" -- "$ZK" objection list --db "$DB_r" --subject "$child"
contains "$TMP/out" "\"by\": \"$parent\"" "REP-6: the objection names the representative"
contains "$TMP/out" "\"representative_basis\": \"REP-1 minor\"" "REP-6: and the basis"
rule LOG-1
[ "$(logged representative.list "$child")" = 1 ] && ok || bad "LOG-1: representative list logged"
[ "$(logged objection.list "$child")" = 1 ] && ok || bad "LOG-1: objection list logged"
expect 2 "representative list without a subject id" -- "$ZK" representative list --db "$DB_r" --subject nope
expect 1 "representative list of nobody" -- "$ZK" representative list --db "$DB_r" \
  --subject 00000000-0000-4000-8000-000000000000

rule REP-4
expect 0 "capacity" -- "$ZK" capacity add --db "$DB_r" --subject "$adult" --able no \
  --assessed-on 2026-01-05 --matter "medische behandeling" --assessor professional
expect 0 "capacity list" -- "$ZK" capacity list --db "$DB_r" --subject "$adult"
contains "$TMP/out" "\"matter\": \"medische behandeling\"" "REP-4: the matter, opened"
contains "$TMP/out" "\"assessor\": \"professional\"" "REP-4: by whom"
[ "$(logged capacity.list "$adult")" = 1 ] && ok || bad "LOG-1: capacity list logged"

rule INF-1
rule INF-2
rule INF-3
expect 0 "notice" -- "$ZK" notice add --db "$DB_r" --version 2026.1 --published-on 2026-01-01 \
  --summary "Privacyverklaring"
expect 0 "notice list" -- "$ZK" notice list --db "$DB_r"
contains "$TMP/out" "\"version\": \"2026.1\"" "the notice versions"
expect 0 "inform" -- "$ZK" notice inform --db "$DB_r" --subject "$adult" \
  --version 2026.1 --informed-on 2026-02-01 --how care_agreement --source subject
expect 2 "INF-1: no exemption for data from the subject" -- "$ZK" notice exempt --db "$DB_r" \
  --subject "$adult" --ground impossible --reason "adres onbekend"
contains "$TMP/err" "INF-1" "INF-1 named"
expect 2 "INF-1: nor when said so" -- "$ZK" notice exempt --db "$DB_r" \
  --subject "$child" --ground impossible --reason "adres onbekend" --source subject
expect 0 "exempt" -- "$ZK" notice exempt --db "$DB_r" --subject "$child" \
  --ground disproportionate --reason "gegevens van de gemeente" --source elsewhere
expect 0 "notice list of a subject" -- "$ZK" notice list --db "$DB_r" --subject "$adult"
contains "$TMP/out" "\"type\": \"informed\"" "INF-1: what the subject was told"
contains "$TMP/out" "\"source\": \"subject\"" "INF-1: and from whom the data came"
expect 0 "report" -- "$ZK" notice report --db "$DB_r"
grep -A20 "\"id\": \"$child\"" "$TMP/out" | grep -q '"ground": "disproportionate"' && ok \
  || bad "INF-2: the exemption's ground in the report"
contains "$TMP/out" "\"reason\": \"gegevens van de gemeente\"" "INF-2: the reason, for the DPO"

rule LOG-1
expect 0 "client list" -- "$ZK" client list --db "$DB_r" --limit 2
contains "$TMP/out" "\"id\": \"$child\"" "the first client"
contains "$TMP/out" "\"next\": \"$adult\"" "and where to go on"
[ "$(logged subject.list "$child")" = 1 ] && ok || bad "LOG-1: client list logged"
expect 0 "client list search" -- "$ZK" client list --db "$DB_r" --query zzzzzz
contains "$TMP/out" "\"clients\": []" "nothing found"
expect 0 "client show" -- "$ZK" client show --db "$DB_r" --id "$adult"
contains "$TMP/out" "\"birth_date\"" "the identity"
[ "$(logged subject.read "$adult")" = 1 ] && ok || bad "LOG-1: client show logged"
expect 2 "client show without id" -- "$ZK" client show --db "$DB_r"
expect 2 "client show bad id" -- "$ZK" client show --db "$DB_r" --id nope
expect 1 "client show of nobody" -- "$ZK" client show --db "$DB_r" \
  --id 00000000-0000-4000-8000-000000000000
expect 2 "client list limit" -- "$ZK" client list --db "$DB_r" --limit 0
expect 2 "client unknown" -- "$ZK" client remove --db "$DB_r"
expect 0 "client help" -- "$ZK" client --help
contains "$TMP/out" "--query" "help names the options"
employee=$(sql "$DB_r" "SELECT uid FROM subject WHERE kind='employee' LIMIT 1")
if [ -n "$employee" ]; then
  rule SCOPE-1
  expect 1 "client show of an employee" -- "$ZK" client show --db "$DB_r" --id "$employee"
fi
expect 0 "log intact" -- "$ZK" audit verify --db "$DB_r"
finish
