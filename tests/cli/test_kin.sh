#!/usr/bin/env bash
# zorgkluis representative change|end|direct-address and capacity lapse:
# representation over time from the command line (REP-1, REP-4, REP-5,
# REP-6), on both engines.
. "$(dirname "$0")/lib.sh"

newdb k
"$ZK" init --db "$DB_k" --profile "$M" --demo >/dev/null || { bad init; finish; exit 1; }
export ZORGKLUIS_TENANT=micare-werkt
# The demo's second client is an adult.
adult=$(sql "$DB_k" "SELECT uid FROM subject WHERE kind='client' ORDER BY id LIMIT 1 OFFSET 1")

rule REP-4
# A treatment assessment does not decide who acts for the adult's data.
expect 0 "treatment assessment" -- "$ZK" capacity add --db "$DB_k" --subject "$adult" --able no \
  --assessed-on 2026-01-05 --matter "operatie" --scope treatment --assessor professional
expect 0 "representative" -- "$ZK" representative add --db "$DB_k" --subject "$adult" \
  --kind curator --name "C. Urator"
cur=$(head -1 "$TMP/out")
expect 1 "REP-4: a treatment assessment decides no objection" -- "$ZK" objection add --db "$DB_k" \
  --subject "$adult" --purpose business_operations --by "$cur"
expect 0 "privacy assessment" -- "$ZK" capacity add --db "$DB_k" --subject "$adult" --able no \
  --assessed-on 2026-01-06 --matter "privacyzaken" --scope privacy --assessor professional
cap=$(head -1 "$TMP/out")
expect 2 "bad scope" -- "$ZK" capacity add --db "$DB_k" --subject "$adult" --able no \
  --assessed-on 2026-01-06 --matter x --scope astrology --assessor professional
rule REP-6
expect 0 "the curator objects" -- "$ZK" objection add --db "$DB_k" \
  --subject "$adult" --purpose business_operations --by "$cur"
n=$(sql "$DB_k" "SELECT count(*) FROM audit_log WHERE event = 'objection.create' AND on_behalf_of = 'representative:$cur'")
[ "$n" -ge 1 ] && ok || bad "REP-6: on_behalf_of not logged ($n)"
rule REP-4
expect 0 "lapse" -- "$ZK" capacity lapse --db "$DB_k" --assessment "$cap"
expect 1 "lapse twice" -- "$ZK" capacity lapse --db "$DB_k" --assessment "$cap"
expect 1 "REP-4: a lapsed assessment is ignored" -- "$ZK" objection add --db "$DB_k" \
  --subject "$adult" --purpose business_operations --by "$cur"
expect 0 "general assessment" -- "$ZK" capacity add --db "$DB_k" --subject "$adult" --able no \
  --assessed-on 2026-01-07 --matter "algemeen" --assessor professional
rule REP-1
expect 0 "change" -- "$ZK" representative change --db "$DB_k" --representative "$cur" --absent
expect 1 "REP-1: an absent curator does not act" -- "$ZK" objection add --db "$DB_k" \
  --subject "$adult" --purpose business_operations --by "$cur"
expect 0 "change back" -- "$ZK" representative change --db "$DB_k" --representative "$cur" --no-absent
expect 0 "the curator acts again" -- "$ZK" objection add --db "$DB_k" \
  --subject "$adult" --purpose business_operations --by "$cur"
expect 2 "nothing to change" -- "$ZK" representative change --db "$DB_k" --representative "$cur"
expect 0 "end" -- "$ZK" representative end --db "$DB_k" --representative "$cur"
expect 1 "end twice" -- "$ZK" representative end --db "$DB_k" --representative "$cur"
expect 1 "REP-1: an ended representation no longer acts" -- "$ZK" objection add --db "$DB_k" \
  --subject "$adult" --purpose business_operations --by "$cur"
rule REP-5
expect 0 "direct address" -- "$ZK" representative direct-address --db "$DB_k" --subject "$adult" \
  --reason "de vertegenwoordiger is onbereikbaar"
n=$(sql "$DB_k" "SELECT count(*) FROM subject_direct_address")
[ "$n" = 1 ] && ok || bad "REP-5: exception not kept ($n)"
expect 2 "direct address needs a reason" -- "$ZK" representative direct-address --db "$DB_k" \
  --subject "$adult"
expect 0 "lift" -- "$ZK" representative direct-address --db "$DB_k" --subject "$adult" --lift
expect 1 "lift twice" -- "$ZK" representative direct-address --db "$DB_k" --subject "$adult" --lift
expect 0 "help" -- "$ZK" representative --help
contains "$TMP/out" "representative end" "usage names end"
expect 0 "log intact" -- "$ZK" audit verify --db "$DB_k"
rule INZ-5
# Next of kin ask about a deceased client only; the professional decides.
expect 1 "INZ-5: no next of kin's request about a living client" -- "$ZK" request add-kin \
  --db "$DB_k" --subject "$adult" --kind copy --received 2026-11-02 \
  --name "J. de Vries" --relation child
contains "$TMP/err" "died" "INZ-5: says why"
expect 2 "INZ-5: a relation the law knows" -- "$ZK" request add-kin --db "$DB_k" \
  --subject "$adult" --kind copy --received 2026-11-02 --name "J. de Vries" --relation neighbour
expect 2 "INZ-5: the decision is someone's" -- "$ZK" request kin-decide --db "$DB_k" \
  --request 00000000-0000-4000-8000-000000000000 --grant
contains "$TMP/err" "--as" "names the option"
finish
