#!/usr/bin/env bash
# zorgkluis consent|objection|notice: the consent registry (CON-1 to
# CON-3), who may act (REP-1), objections (OBJ-1) and the information duty
# (INF-1, INF-3) from the command line.
. "$(dirname "$0")/lib.sh"

newdb c
"$ZK" init --db "$DB_c" --profile "$M" --demo >/dev/null || { bad init; finish; exit 1; }
# The demo has two organisations (SCOPE-3): these checks work on the first.
export ZORGKLUIS_TENANT=micare-werkt
# The demo's first client is 9 years old, its second 26.
child=$(sql "$DB_c" "SELECT uid FROM subject WHERE kind='client' ORDER BY id LIMIT 1")
adult=$(sql "$DB_c" "SELECT uid FROM subject WHERE kind='client' ORDER BY id LIMIT 1 OFFSET 1")

expect 0 "consent by an adult" -- "$ZK" consent record --db "$DB_c" --subject "$adult" \
  --form written --evidence "scan 7" --purpose care_delivery --category care --category medical \
  --recipient-kind care_provider --recipient "Huisartsenpraktijk De Linde" \
  --explicit --valid-from 2026-01-01
consent=$(head -1 "$TMP/out")
[ ${#consent} -eq 36 ] && ok || bad "consent id: $consent"
rule CON-2
expect 2 "CON-2: not explicit" -- "$ZK" consent record --db "$DB_c" --subject "$adult" \
  --form written --purpose care_delivery --category care --valid-from 2026-01-01
contains "$TMP/err" "CON-2" "CON-2 named"
rule REP-1
expect 1 "REP-1: a child of nine" -- "$ZK" consent record --db "$DB_c" --subject "$child" \
  --form verbal --evidence "gesprek 3" --purpose care_delivery --category care --explicit --valid-from 2026-01-01
contains "$TMP/err" "REP-1" "REP-1 named"
# REP-1, REP-4, REP-6 from the command line: the parent consents.
expect 0 "representative" -- "$ZK" representative add --db "$DB_c" --subject "$child" \
  --kind parent_with_authority --name "M. Ouder"
parent=$(head -1 "$TMP/out")
expect 0 "parent consents" -- "$ZK" consent record --db "$DB_c" --subject "$child" \
  --given-by "$parent" --form written --evidence "scan 8" --purpose care_delivery --category care --explicit \
  --valid-from 2026-01-01
expect 2 "unknown kind" -- "$ZK" representative add --db "$DB_c" --subject "$child" \
  --kind neighbour --name "B. Buur"
rule CON-1
expect 2 "CON-1: no evidence" -- "$ZK" consent record --db "$DB_c" --subject "$adult" \
  --form written --purpose care_delivery --category care --explicit --valid-from 2026-01-01
contains "$TMP/err" "CON-1" "CON-1 named"
expect 2 "bad form" -- "$ZK" consent record --db "$DB_c" --subject "$adult" \
  --form telepathy --purpose care_delivery --category care --explicit --valid-from 2026-01-01
expect 0 "list" -- "$ZK" consent list --db "$DB_c" --subject "$adult"
contains "$TMP/out" "\"evidence\": \"scan 7\"" "CON-1 evidence kept"
contains "$TMP/out" "\"recipient\": \"Huisartsenpraktijk De Linde\"" "CON-1 recipient kept"
contains "$TMP/out" "\"recipient_kind\": \"care_provider\"" "CON-1 recipient kind kept"
contains "$TMP/out" "\"representative_basis\": \"REP-1 able_adult\"" "REP-6 basis kept"
expect 0 "withdraw" -- "$ZK" consent withdraw --db "$DB_c" --consent "$consent"
expect 1 "withdraw twice" -- "$ZK" consent withdraw --db "$DB_c" --consent "$consent"
expect 0 "objection" -- "$ZK" objection add --db "$DB_c" --subject "$adult" --purpose business_operations
expect 2 "objection to nothing" -- "$ZK" objection add --db "$DB_c" --subject "$adult"
expect 0 "notice" -- "$ZK" notice add --db "$DB_c" --version 2026.1 --published-on 2026-01-01 \
  --summary "Privacyverklaring MiCare Werkt"
expect 0 "inform" -- "$ZK" notice inform --db "$DB_c" --subject "$adult" \
  --version 2026.1 --informed-on 2026-02-01 --how care_agreement
expect 2 "inform how" -- "$ZK" notice inform --db "$DB_c" --subject "$adult" \
  --version 2026.1 --informed-on 2026-02-01 --how pigeon
expect 0 "report" -- "$ZK" notice report --db "$DB_c"
contains "$TMP/out" "\"informing\": \"missing\"" "INF-3 report"
if grep -q "$adult" "$TMP/out"; then bad "INF-2: the informed adult is still reported"; else ok; fi
# INF-2: an exemption is shown as such, not as missing.
grep -A5 "\"$child\"" "$TMP/out" | grep -q '"informing": "missing"' && ok || bad "INF-3: the child is missing"
expect 0 "exempt" -- "$ZK" notice exempt --db "$DB_c" --subject "$child" \
  --ground disproportionate --reason "gegevens van de gemeente, adres onbekend"
expect 2 "exempt ground" -- "$ZK" notice exempt --db "$DB_c" --subject "$child" \
  --ground convenience --reason x
contains "$TMP/err" "INF-2" "INF-2 named"
expect 2 "exempt without reason" -- "$ZK" notice exempt --db "$DB_c" --subject "$child" \
  --ground impossible
expect 0 "report" -- "$ZK" notice report --db "$DB_c"
grep -A5 "\"$child\"" "$TMP/out" | grep -q '"informing": "exempt"' && ok || bad "INF-2: the exempt child is shown as exempt"
expect 2 "unknown subcommand" -- "$ZK" consent give --db "$DB_c"
expect 0 "help" -- "$ZK" consent --help
# REP-4: by whom. The operator records what a staff member assessed.
expect 2 "capacity without assessor" -- "$ZK" capacity add --db "$DB_c" --subject "$adult" \
  --able no --assessed-on 2026-01-05 --matter "medische behandeling"
contains "$TMP/err" "REP-4" "REP-4 named"
expect 2 "capacity by nobody" -- "$ZK" capacity add --db "$DB_c" --subject "$adult" \
  --able no --assessed-on 2026-01-05 --matter "medische behandeling" --assessor niemand
expect 0 "capacity" -- "$ZK" capacity add --db "$DB_c" --subject "$adult" --able no \
  --assessed-on 2026-01-05 --matter "medische behandeling" --assessor professional
by=$(sql "$DB_c" "SELECT assessed_by FROM capacity_assessment")
uid=$(sql "$DB_c" "SELECT uid FROM staff_user WHERE username = 'professional' AND tenant_id = 1")
[ -n "$uid" ] && [ "$by" = "$uid" ] && ok || bad "REP-4: assessed by $by, want $uid"
expect 1 "the adult no longer consents alone" -- "$ZK" consent record --db "$DB_c" \
  --subject "$adult" --form written --evidence "scan 10" --purpose care_delivery --category care --explicit \
  --valid-from 2026-01-01
expect 2 "capacity yes or no" -- "$ZK" capacity add --db "$DB_c" --subject "$adult" \
  --able maybe --assessed-on 2026-01-05 --matter x --assessor professional
n=$(sql "$DB_c" "SELECT count(*) FROM audit_log WHERE event IN ('consent.create','consent.withdraw','objection.create','notice.create','information.exempt')")
[ "$n" -ge 5 ] && ok || bad "logged: $n"
expect 0 "log intact" -- "$ZK" audit verify --db "$DB_c"
finish
