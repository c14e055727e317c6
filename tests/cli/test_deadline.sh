#!/usr/bin/env bash
# zorgkluis policy eval deadline: the deadlines of a request as one JSON
# line for facts on stdin, for both profiles (RQ-2, RQ-3); clear errors
# for malformed input. No database.
. "$(dirname "$0")/lib.sh"

eval_deadline() { # PROFILE JSON -> $TMP/out, $TMP/err
  printf '%s' "$2" | "$ZK" policy eval deadline --profile "$1" >"$TMP/out" 2>"$TMP/err"
}
# due DESC PROFILE EXPECTED-LINE JSON: exit 0 and exactly that one line.
due() {
  eval_deadline "$2" "$4"
  local rc=$?
  [ "$rc" -eq 0 ] && ok || bad "$1: exit $rc, want 0"
  if [ "$(cat "$TMP/out")" = "$3" ]; then ok; else
    bad "$1: want $3"; sed 's/^/  | /' "$TMP/out" "$TMP/err"
  fi
  lines "$TMP/out" 1 "$1: one line"
}

rule RQ-2
# W§14.3: 2026-03-27 + one month = 27 April; the 3 days of the suspension
# [30 March, 2 April) (RQ-3, W§14.6) make it Thursday 30 April.
due "RQ-2 W access, suspended 3 days" "$W" \
  '{"due":"2026-04-30","carry_out_by":null,"extension":null,"rule":"RQ-2"}' \
  '{"kind":"access","received":"2026-03-27","suspensions":[["2026-03-30","2026-04-02"]],"extended_on":null}'
rule RQ-2
# Without it: 27 April 2026 is King's Day (a Monday), so Tuesday 28 April.
due "RQ-2 King's Day" "$W" \
  '{"due":"2026-04-28","carry_out_by":null,"extension":null,"rule":"RQ-2"}' \
  '{"kind":"access","received":"2026-03-27"}'
rule RQ-2
# M§9.1: four weeks, "uiterlijk": 24 April, a Friday; it is also the day
# the copy is given (carry_out), and M allows no extension.
due "RQ-2 M access four weeks, no extension" "$M" \
  '{"due":"2026-04-24","carry_out_by":"2026-04-24","extension":"not_allowed","rule":"RQ-2"}' \
  '{"kind":"access","received":"2026-03-27","extended_on":"2026-04-01"}'
rule RQ-2
# W§14.5: told on first due day (28 April): valid, two months from 27
# April = Saturday 27 June, so Monday 29 June.
due "RQ-2 W extension valid" "$W" \
  '{"due":"2026-06-29","carry_out_by":null,"extension":"valid","rule":"RQ-2"}' \
  '{"kind":"access","received":"2026-03-27","extended_on":"2026-04-28"}'
rule RQ-2
due "RQ-2 W extension too late" "$W" \
  '{"due":"2026-04-28","carry_out_by":null,"extension":"too_late","rule":"RQ-2"}' \
  '{"kind":"access","received":"2026-03-27","extended_on":"2026-04-29"}'
rule RQ-2
# W§11.6-11.7: decision in four weeks (30 March 2026), carried out in
# three months (2 June).
due "RQ-2 W correction carried out" "$W" \
  '{"due":"2026-03-30","carry_out_by":"2026-06-02","extension":null,"rule":"RQ-2"}' \
  '{"kind":"rectification","received":"2026-03-02","suspensions":[]}'
rule RQ-2
# M§11.3: destroyed within three months: 27 February + P3M = 27 May.
due "RQ-2 M erasure" "$M" \
  '{"due":"2026-03-27","carry_out_by":"2026-05-27","extension":null,"rule":"RQ-2"}' \
  '{"kind":"erasure","received":"2026-02-27"}'
rule RQ-3
# W§14.6: proof of identity asked and not yet given: no due date.
due "RQ-3 open suspension" "$W" \
  '{"due":null,"suspended":true,"carry_out_by":null,"extension":null,"rule":"RQ-3"}' \
  '{"kind":"access","received":"2026-03-27","suspensions":[["2026-03-30",null]]}'
due "RQ-3 closed then open" "$M" \
  '{"due":null,"suspended":true,"carry_out_by":null,"extension":null,"rule":"RQ-3"}' \
  '{"kind":"erasure","received":"2026-03-27","suspensions":[["2026-03-28","2026-03-30"],["2026-04-01",null]]}'

# A kind outside the vocabulary: exit 2, a JSON error on stdout, one line
# on stderr, no deadline.
rule RQ-2
eval_deadline "$W" '{"kind":"acces","received":"2026-03-27"}'
rc=$?
[ "$rc" -eq 2 ] && ok || bad "unknown kind: exit $rc, want 2"
contains "$TMP/out" '{"error":{"code":"unknown_kind"' "unknown kind: JSON error"
contains "$TMP/out" '"rule":"RQ-2"' "unknown kind: rule"
contains "$TMP/out" 'acces' "unknown kind: names the typo"
lines "$TMP/out" 1 "unknown kind: one JSON line"
lines "$TMP/err" 1 "unknown kind: one line on stderr"
if grep -q '"due"' "$TMP/out"; then bad "unknown kind: answered"; else ok; fi
# "correction" is the profile's section, not a kind of request.
eval_deadline "$W" '{"kind":"correction","received":"2026-03-27"}'
contains "$TMP/out" '"code":"unknown_kind"' "section name as kind"

# Malformed input and impossible facts: exit 2, one line on stderr,
# nothing on stdout.
bad_input() { # DESC JSON [TEXT-ON-STDERR]
  eval_deadline "$W" "$2"
  local rc=$?
  [ "$rc" -eq 2 ] && ok || bad "$1: exit $rc, want 2"
  lines "$TMP/err" 1 "$1: one-line error"
  [ ! -s "$TMP/out" ] && ok || { bad "$1: printed"; sed 's/^/  | /' "$TMP/out"; }
  [ -z "${3:-}" ] || contains "$TMP/err" "$3" "$1: message"
}
bad_input "not json" '{"kind":' 'stdin:'
bad_input "empty" ''
bad_input "array" '[1,2]' 'one JSON object'
bad_input "kind missing" '{"received":"2026-03-27"}' '"kind" is required'
bad_input "kind number" '{"kind":1,"received":"2026-03-27"}' '"kind"'
bad_input "received missing" '{"kind":"access"}' '"received" is required'
bad_input "received 30 February" '{"kind":"access","received":"2026-02-30"}' 'must be a date'
bad_input "received a number" '{"kind":"access","received":20260327}' 'must be a date'
bad_input "received with a time" '{"kind":"access","received":"2026-03-27T10:00:00Z"}' 'must be a date'
bad_input "extended_on true" '{"kind":"access","received":"2026-03-27","extended_on":true}' '"extended_on"'
bad_input "misspelt field" '{"kind":"access","received":"2026-03-27","extended":"2026-04-01"}' 'unknown field "extended"'
bad_input "suspensions a string" '{"kind":"access","received":"2026-03-27","suspensions":"2026-03-30"}' '"suspensions"'
bad_input "suspension of one date" '{"kind":"access","received":"2026-03-27","suspensions":[["2026-03-30"]]}' '[from, to]'
bad_input "suspension without start" '{"kind":"access","received":"2026-03-27","suspensions":[[null,"2026-03-30"]]}' '"from"'
rule RQ-3
bad_input "RQ-3 suspension ends before it begins" '{"kind":"access","received":"2026-03-27","suspensions":[["2026-03-30","2026-03-29"]]}' 'before it begins'
rule RQ-3
bad_input "RQ-3 suspension before receipt" '{"kind":"access","received":"2026-03-27","suspensions":[["2026-03-20","2026-03-29"]]}' 'before the request came in'
rule RQ-3
bad_input "RQ-3 suspensions overlap" '{"kind":"access","received":"2026-03-27","suspensions":[["2026-03-30","2026-04-05"],["2026-04-01",null]]}' 'overlap'
rule RQ-2
bad_input "RQ-2 extension before receipt" '{"kind":"access","received":"2026-03-27","extended_on":"2026-03-26"}' 'before the request came in'
bad_input "past 9999" '{"kind":"access","received":"9999-12-27"}' '9999'
many=$(for _ in $(seq 65); do printf '["2026-04-01","2026-04-01"],'; done)
bad_input "too many suspensions" "{\"kind\":\"access\",\"received\":\"2026-03-27\",\"suspensions\":[${many%,}]}" 'at most 64'
expect 2 "deadline without a profile" -- "$ZK" policy eval deadline
"$ZK" policy --help >"$TMP/out" 2>&1
contains "$TMP/out" "policy eval deadline" "usage names deadline"

finish
