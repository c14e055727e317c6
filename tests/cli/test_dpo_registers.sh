#!/usr/bin/env bash
# zorgkluis register processing, processor, complaint and transfer: the
# DPO's registers from the command line (FG-1, PRC-1, CMP-1, SEC-2), on
# both engines. Bad input is a clear error (exit 2), not a crash.
. "$(dirname "$0")/lib.sh"

newdb g
"$ZK" init --db "$DB_g" --profile "$M" --demo >/dev/null || { bad init; finish; exit 1; }
export ZORGKLUIS_TENANT=micare-werkt

rule FG-1
expect 0 "seed" -- "$ZK" register processing seed --db "$DB_g"
contains "$TMP/out" "activities changed" "seed says how many"
expect 0 "list" -- "$ZK" register processing list --db "$DB_g"
contains "$TMP/out" '"purpose_id"' "seeded from the profile's purposes"
id=$(grep -m1 '"id"' "$TMP/out" | sed 's/.*"id": *"\([^"]*\)".*/\1/')
expect 0 "edit" -- "$ZK" register processing edit --db "$DB_g" --id "$id" --retention "7 jaar, fiscaal"
expect 0 "seed again" -- "$ZK" register processing seed --db "$DB_g"
contains "$TMP/out" "0 activities changed" "an edit survives seeding"
expect 0 "csv" -- "$ZK" register processing export --db "$DB_g" --format csv
contains "$TMP/out" '"7 jaar, fiscaal"' "the CSV quotes a comma (RFC 4180)"
expect 0 "pdf" -- "$ZK" register processing export --db "$DB_g" --format pdf --out "$TMP/r.pdf"
if head -c 4 "$TMP/r.pdf" | grep -q '%PDF'; then ok; else bad "no PDF written"; fi
expect 2 "bad format" -- "$ZK" register processing export --db "$DB_g" --format xls
expect 2 "unknown subcommand" -- "$ZK" register processing drop --db "$DB_g"

rule PRC-1
expect 0 "processor add" -- "$ZK" processor add --db "$DB_g" --name "Mailhuis" --processes e-mail --country NL
expect 2 "bad date" -- "$ZK" processor add --db "$DB_g" --name X --processes x --country NL --signed-on 2024-02-30
contains "$TMP/err" "signed_on" "the error names the field"
expect 0 "report" -- "$ZK" processor report --db "$DB_g"
contains "$TMP/out" "no_agreement" "a processor without agreement is flagged"

rule CMP-1
expect 0 "complaint add" -- "$ZK" complaint add --db "$DB_g" --received-on 2026-11-02 --channel email --complainant other --matter "Te laat antwoord"
cid=$(cat "$TMP/out")
expect 0 "complaint list" -- "$ZK" complaint list --db "$DB_g"
contains "$TMP/out" "autoriteitpersoonsgegevens.nl" "the AP route is named"
expect 2 "close without outcome" -- "$ZK" complaint close --db "$DB_g" --id "$cid" --closed-on 2026-11-20 --answer x
expect 0 "close" -- "$ZK" complaint close --db "$DB_g" --id "$cid" --outcome not_upheld --closed-on 2026-11-20 --answer "Toegelicht"
expect 1 "close twice" -- "$ZK" complaint close --db "$DB_g" --id "$cid" --outcome upheld --closed-on 2026-11-20 --answer x

rule SEC-2
expect 1 "no adequacy" -- "$ZK" transfer add --db "$DB_g" --recipient "Cloud" --country CN --what back-ups --basis adequacy
contains "$TMP/err" "SEC-2" "the refusal names its rule"
expect 0 "art. 46" -- "$ZK" transfer add --db "$DB_g" --recipient "Cloud" --country CN --what back-ups --basis scc --basis-ref "SCC 2021/914"
expect 0 "transfer list" -- "$ZK" transfer list --db "$DB_g"
contains "$TMP/out" '"scc"' "the transfer is registered"
finish
