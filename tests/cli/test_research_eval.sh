#!/usr/bin/env bash
# zorgkluis policy eval research: whether rows of quasi-identifiers can be
# released k-anonymous (RES-2, W§9.5, M§13.4(ii)), for both profiles, with
# the profile's k, ladders and suppression limit; clear errors for
# malformed input. No database.
. "$(dirname "$0")/lib.sh"

eval_res() { # PROFILE JSON -> $TMP/out, $TMP/err
  printf '%s' "$2" | "$ZK" policy eval research --profile "$1" >"$TMP/out" 2>"$TMP/err"
}
# answer DESC PROFILE EXPECTED-LINE JSON: exit 0 and exactly that one line.
answer() {
  eval_res "$2" "$4"
  local rc=$?
  [ "$rc" -eq 0 ] && ok || bad "$1: exit $rc, want 0"
  if [ "$(cat "$TMP/out")" = "$3" ]; then ok; else
    bad "$1: want $3"; sed 's/^/  | /' "$TMP/out" "$TMP/err"
  fi
}
# both DESC EXPECTED JSON: the same answer under both profiles (both
# declare k = 5, 5% suppression and the same ladders).
both() { answer "$1 (M)" "$M" "$2" "$3"; answer "$1 (W)" "$W" "$2" "$3"; }

# row BIRTH POSTCODE GENDER CITY: one row as JSON.
row() { printf '{"birth_date":"%s","postal_code":"%s","gender":"%s","city":"%s"}' "$@"; }
# rep N ROW: N copies of ROW, comma-separated.
rep() { local i out=""; for ((i = 0; i < $1; i++)); do out+="${out:+,}$2"; done; printf '%s' "$out"; }

A=$(row 1950-03-01 "3512 AB" female Utrecht)
LOW='"birth_date":"year","postal_code":"digits4","gender":"keep","city":"keep"'
TOP='"birth_date":"suppress","postal_code":"suppress","gender":"suppress","city":"suppress"'

rule RES-2
# k rows alike: released as they are (the day of birth and the postcode's
# letters never leave: the ladders start at the year and four digits).
both "RES-2 five alike are 5-anonymous" \
  "{\"released\":true,\"k\":5,\"rows\":5,\"smallest_before\":5,\"smallest\":5,\"suppressed\":0,\"steps\":{$LOW},\"reason\":null,\"rule\":\"RES-2\"}" \
  "{\"rows\":[$(rep 5 "$A")]}"
rule RES-2
# k - 1 rows: no generalisation makes a class of five out of four.
eval_res "$M" "{\"rows\":[$(rep 4 "$A")]}"
contains "$TMP/out" '"released":false,"k":5,"rows":4' "RES-2 four rows are refused (M)"
if grep -q '"reason":null' "$TMP/out"; then bad "RES-2 a refusal says why"; else ok; fi
eval_res "$W" "{\"rows\":[$(rep 4 "$A")]}"
contains "$TMP/out" '"released":false' "RES-2 four rows are refused (W)"

rule RES-2
# Five birth years in one five-year band: refused by year, released in
# the band 1950-1954.
five="$(row 1950-01-10 "3512 AB" female Utrecht),$(row 1951-05-02 "3512 CD" female Utrecht),$(row 1952-07-07 "3512 EF" female Utrecht),$(row 1953-12-31 "3512 GH" female Utrecht),$(row 1954-02-28 "3512 JK" female Utrecht)"
both "RES-2 generalised to five-year bands" \
  '{"released":true,"k":5,"rows":5,"smallest_before":1,"smallest":5,"suppressed":0,"steps":{"birth_date":"year5","postal_code":"digits4","gender":"keep","city":"keep"},"reason":null,"rule":"RES-2"}' \
  "{\"rows\":[$five],\"generalise\":true}"
rule RES-2
# 1955 falls in the next band: the ten-year band 1950-1959 is needed.
ten="$(row 1950-01-10 "3512 AB" female Utrecht),$(row 1951-05-02 "3512 CD" female Utrecht),$(row 1952-07-07 "3512 EF" female Utrecht),$(row 1953-12-31 "3512 GH" female Utrecht),$(row 1955-02-28 "3512 JK" female Utrecht)"
eval_res "$M" "{\"rows\":[$ten]}"
contains "$TMP/out" '"released":true' "RES-2 a year across the band is released further up"
if grep -q '"birth_date":"year5"' "$TMP/out"; then bad "RES-2 1955 is not in the band 1950-1954"; else ok; fi
rule RES-2
# Without generalisation the same rows are refused: each is alone.
eval_res "$W" "{\"rows\":[$five],\"generalise\":false}"
contains "$TMP/out" '"released":false,"k":5,"rows":5,"smallest_before":1' "RES-2 without generalisation five single rows are refused"

rule RES-2
# Without generalisation, rare rows may be suppressed up to 5%: 95 alike
# and 5 alone is 5% (released), 94 and 6 is 6% (refused).
alone() { local i out=""; for ((i = 0; i < $1; i++)); do out+=",$(row 1990-01-01 "9${i}00 ZZ" male Groningen)"; done; printf '%s' "$out"; }
both "RES-2 5% suppressed is allowed" \
  "{\"released\":true,\"k\":5,\"rows\":100,\"smallest_before\":1,\"smallest\":95,\"suppressed\":5,\"steps\":{$LOW},\"reason\":null,\"rule\":\"RES-2\"}" \
  "{\"rows\":[$(rep 95 "$A")$(alone 5)],\"generalise\":false}"
rule RES-2
eval_res "$M" "{\"rows\":[$(rep 94 "$A")$(alone 6)],\"generalise\":false}"
contains "$TMP/out" '"released":false,"k":5,"rows":100' "RES-2 6% to suppress is refused"

rule RES-2
# An unknown value (null or missing) is a value of its own.
both "RES-2 unknown values form a class" \
  "{\"released\":true,\"k\":5,\"rows\":5,\"smallest_before\":5,\"smallest\":5,\"suppressed\":0,\"steps\":{$LOW},\"reason\":null,\"rule\":\"RES-2\"}" \
  "{\"rows\":[$(rep 5 '{"birth_date":null,"postal_code":"3512 AB"}')]}"
rule RES-2
# No rows: nothing is released.
eval_res "$M" '{"rows":[]}'
contains "$TMP/out" '"released":false,"k":5,"rows":0' "RES-2 no rows, nothing released"

# --- bad input: exit 2, one line on stderr, nothing decided --------------
bad_input() { # DESC JSON [TEXT-ON-STDERR] [PROFILE]
  eval_res "${4:-$M}" "$2"
  local rc=$?
  [ "$rc" -eq 2 ] && ok || bad "$1: exit $rc, want 2"
  lines "$TMP/err" 1 "$1: one-line error"
  [ ! -s "$TMP/out" ] && ok || { bad "$1: printed"; sed 's/^/  | /' "$TMP/out"; }
  [ -z "${3:-}" ] || contains "$TMP/err" "$3" "$1: message"
}
bad_input "not json" '{"rows":' 'stdin:'
bad_input "empty" ''
bad_input "array" '[1]' 'one JSON object'
bad_input "rows missing" '{"generalise":true}' '"rows" is required'
bad_input "rows an object" '{"rows":{}}' 'must be an array'
bad_input "row a string" '{"rows":["x"]}' 'must hold objects'
bad_input "unknown field" '{"rows":[{"name":"Jansen"}]}' 'unknown field "name"'
bad_input "bsn is no quasi-identifier" '{"rows":[{"bsn":"123456782"}]}' 'unknown field "bsn"' "$W"
bad_input "value a number" '{"rows":[{"birth_date":1950}]}' '"birth_date" must be a string'
bad_input "value too long" "{\"rows\":[{\"city\":\"$(printf 'x%.0s' {1..64})\"}]}" 'at most 63 bytes'
bad_input "generalise a string" '{"rows":[],"generalise":"yes"}' '"generalise" must be true or false'
bad_input "unknown member" '{"rows":[],"k":2}' 'unknown member "k"'
rule RES-1
# A profile without a research section makes no study: an error, not a
# release.
python3 -c 'import json,sys; p=json.load(open(sys.argv[1])); p.pop("research"); json.dump(p, open(sys.argv[2], "w"))' "$M" "$TMP/nores.json"
bad_input "RES-1 profile without research" '{"rows":[]}' 'no research section' "$TMP/nores.json"
expect 2 "research without a profile" -- "$ZK" policy eval research
contains "$TMP/err" "--profile FILE is required" "research without a profile: message"
expect 0 "research help" -- "$ZK" policy eval research --help
contains "$TMP/out" "policy eval research" "the help names the command"

finish
