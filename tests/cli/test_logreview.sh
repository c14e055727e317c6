#!/usr/bin/env bash
# zorgkluis log report: the DPO's reports over the log (LOG-7, FG-2) on a
# real database. Only the DPO's account reads them (LOG-6), each read and
# each refusal is logged, bad input is a usage error, and the log still
# verifies.
. "$(dirname "$0")/lib.sh"

newdb l
DB=$DB_l
"$ZK" init --db "$DB" --profile "$M" --demo >/dev/null 2>&1 || { bad init; finish; exit 1; }
export ZORGKLUIS_TENANT=micare-werkt

for k in no_relation bulk colleague public_figure denials night; do
  expect 0 "the DPO's $k report" -- "$ZK" log report --db "$DB" --as dpo --kind $k
  contains "$TMP/out" "\"kind\": \"$k\"" "$k: the report names its kind"
  contains "$TMP/out" '"rule": "LOG-7"' "$k: the report names LOG-7"
done
expect 0 "a period and thresholds" -- "$ZK" log report --db "$DB" --as dpo --kind bulk --from 2026-01-01 --to 2026-01-31 --threshold 3 --window 30
contains "$TMP/out" '"threshold": 3' "the threshold asked for is used"
contains "$TMP/out" '"from": "2026-01-01"' "the period asked for is used"
expect 1 "a professional is refused" -- "$ZK" log report --db "$DB" --as professional --kind night
contains "$TMP/err" "LOG-6" "the refusal names LOG-6"
expect 2 "an unknown kind" -- "$ZK" log report --db "$DB" --as dpo --kind everything
expect 2 "a bad date" -- "$ZK" log report --db "$DB" --as dpo --kind night --from 2026-02-30
expect 2 "no --as" -- "$ZK" log report --db "$DB" --kind night
expect 2 "no subcommand" -- "$ZK" log --db "$DB"
expect 2 "from after to" -- "$ZK" log report --db "$DB" --as dpo --kind night --from 2026-02-02 --to 2026-02-01
contains "$TMP/err" "after" "from after to: says so"
expect 0 "log intact" -- "$ZK" audit verify --db "$DB"
finish
