#!/usr/bin/env bash
# zorgkluis policy eval retention: when one datum may be destroyed and by
# when it must be (RET-1 to RET-4), for both profiles and every kind of
# subject: the day before and the day of, leap days, month ends, the
# WGBO's floor under W's fifteen years, legal holds, a relationship that
# still runs, and every kind of bad input. No database. Every expected
# date was worked out by hand; the comment says how.
. "$(dirname "$0")/lib.sh"

eval_ret() { # PROFILE JSON -> $TMP/out, $TMP/err
  printf '%s' "$2" | "$ZK" policy eval retention --profile "$1" >"$TMP/out" 2>"$TMP/err"
}
# decide DESC PROFILE EXPECTED-PREFIX JSON: exit 0, one line that starts
# with the four fields of the issue, in that order.
decide() {
  eval_ret "$2" "$4"
  local rc=$?
  [ "$rc" -eq 0 ] && ok || bad "$1: exit $rc, want 0"
  case "$(cat "$TMP/out")" in
    "${3%\}},"*) ok ;;
    *) bad "$1: want $3"; sed 's/^/  | /' "$TMP/out" "$TMP/err" ;;
  esac
  lines "$TMP/out" 1 "$1: one line"
}
# field DESC TEXT: the last answer holds TEXT (a later field).
field() { contains "$TMP/out" "$2" "$1"; }
N='"destroy_from":null,"destroy_by":null,"due":false'

# --- RET-3: holds --------------------------------------------------------
rule RET-3
# The issue's example: a hold in force gives null dates, in both profiles.
for P in "$M" "$W"; do
  decide "RET-3 hold ($(basename "$P"))" "$P" "{$N,\"rule\":\"RET-3\"}" \
    '{"category":"care","entry_created":"2005-01-10","record_last_change":"2012-06-01","care_ended":null,"holds":[{"reason":"risicodossier","since":"2020-01-01"}],"on":"2026-12-02"}'
done
rule RET-3
# A hold lifted before the day, or set after it, does not hold: the
# financial period (7 years from 2016-01-04) decides, due.
decide "RET-3 lifted hold" "$M" \
  '{"destroy_from":"2023-01-04","destroy_by":"2023-04-04","due":true,"rule":"RET-2"}' \
  '{"category":"financial","entry_created":"2016-01-04","record_last_change":"2016-01-04","holds":[{"reason":"PGB-controle","since":"2020-01-01","lifted":"2024-01-01"},{"reason":"later","since":"2024-06-02"}],"on":"2024-06-01"}'
rule RET-3
# The same hold, not lifted yet on the day: kept.
decide "RET-3 hold lifted later" "$M" "{$N,\"rule\":\"RET-3\"}" \
  '{"category":"financial","entry_created":"2016-01-04","record_last_change":"2016-01-04","holds":[{"reason":"PGB-controle","since":"2020-01-01","lifted":"2024-06-02"}],"on":"2024-06-01"}'

# --- RET-1: the client record -------------------------------------------
rule RET-1
# W says 15 years from creation (2005-01-10 -> 2020-01-10); the law's 20
# from the record's last change (2012-06-01 -> 2032-06-01) wins; +3 months.
decide "RET-1 W floor, not due" "$W" \
  '{"destroy_from":"2032-06-01","destroy_by":"2032-09-01","due":false,"rule":"RET-1"}' \
  '{"category":"care","entry_created":"2005-01-10","record_last_change":"2012-06-01","care_ended":null,"holds":[],"on":"2026-12-02"}'
field "RET-1 W floor named" '"floor":true'
field "RET-1 W floor start" '"start":"last_change","start_date":"2012-06-01","period":"P20Y"'
rule RET-1
# Leap day: last change 2004-02-29 + 20 years = 2024-02-29 (a leap year).
decide "RET-1 M leap day, day before" "$M" \
  '{"destroy_from":"2024-02-29","destroy_by":"2024-05-29","due":false,"rule":"RET-1"}' \
  '{"category":"medical","entry_created":"2001-05-01","record_last_change":"2004-02-29","holds":[],"on":"2024-02-28"}'
decide "RET-1 M leap day, the day" "$M" \
  '{"destroy_from":"2024-02-29","destroy_by":"2024-05-29","due":true,"rule":"RET-1"}' \
  '{"category":"medical","entry_created":"2001-05-01","record_last_change":"2004-02-29","holds":[],"on":"2024-02-29"}'
field "RET-1 M follows the law itself" '"floor":false'
rule RET-1
# W, one entry never changed: 2000-03-01 + 15 = 2015-03-01, the law's
# 2020-03-01 wins; 29 February 2020 is the day before.
decide "RET-1 W special, day before" "$W" \
  '{"destroy_from":"2020-03-01","destroy_by":"2020-06-01","due":false,"rule":"RET-1"}' \
  '{"category":"special","entry_created":"2000-03-01","record_last_change":"2000-03-01","holds":[],"on":"2020-02-29"}'
decide "RET-1 W special, the day" "$W" \
  '{"destroy_from":"2020-03-01","destroy_by":"2020-06-01","due":true,"rule":"RET-1"}' \
  '{"category":"special","entry_created":"2000-03-01","record_last_change":"2000-03-01","holds":[],"on":"2020-03-01"}'
rule RET-1
# The record's last change counts, not the entry's: a care entry of 2001
# in a record changed in 2019 stays until 2039.
decide "RET-1 record, not entry" "$M" \
  '{"destroy_from":"2039-10-31","destroy_by":"2040-01-31","due":false,"rule":"RET-1"}' \
  '{"category":"care","entry_created":"2001-01-01","record_last_change":"2019-10-31","holds":[],"on":"2026-12-02"}'
rule RET-1
# A client's identity stays with the record under W too (W: 15 from
# creation 2001-01-01 = 2016; law: 2010-05-05 + 20 = 2030-05-05).
decide "RET-1 W identity of a client" "$W" \
  '{"destroy_from":"2030-05-05","destroy_by":"2030-08-05","due":false,"rule":"RET-1"}' \
  '{"category":"identity","entry_created":"2001-01-01","record_last_change":"2010-05-05","holds":[],"on":"2026-12-02"}'
rule RET-1
# A null record_last_change counts from the entry: 2006-08-31 + 20.
decide "RET-1 no record date" "$W" \
  '{"destroy_from":"2026-08-31","destroy_by":"2026-11-30","due":true,"rule":"RET-1"}' \
  '{"category":"bsn","entry_created":"2006-08-31","record_last_change":null,"holds":[],"on":"2026-12-02"}'

# --- RET-2: other data, per kind ----------------------------------------
rule RET-2
# Work notes are not the WGBO record: W's 15 years from creation decide.
decide "RET-2 W work note" "$W" \
  '{"destroy_from":"2016-01-01","destroy_by":"2016-04-01","due":true,"rule":"RET-2"}' \
  '{"category":"work_note","entry_created":"2001-01-01","record_last_change":"2010-05-05","holds":[],"on":"2026-12-02"}'
rule RET-2
# Both profiles: financial 7 years from creation; 2016-02-29 + 7 years =
# 2023-02-28 (no 29th), + 3 months = 2023-05-28.
for P in "$M" "$W"; do
  decide "RET-2 financial leap day, day before ($(basename "$P"))" "$P" \
    '{"destroy_from":"2023-02-28","destroy_by":"2023-05-28","due":false,"rule":"RET-2"}' \
    '{"category":"financial","entry_created":"2016-02-29","record_last_change":"2020-01-01","holds":[],"on":"2023-02-27"}'
  decide "RET-2 financial leap day, the day ($(basename "$P"))" "$P" \
    '{"destroy_from":"2023-02-28","destroy_by":"2023-05-28","due":true,"rule":"RET-2"}' \
    '{"category":"financial","entry_created":"2016-02-29","record_last_change":"2020-01-01","holds":[],"on":"2023-02-28"}'
done
rule RET-4
# Month end: 2016-11-30 + 7 years = 2023-11-30; + 3 months = 29 February
# 2024 (the last day of a leap February).
decide "RET-4 month end" "$M" \
  '{"destroy_from":"2023-11-30","destroy_by":"2024-02-29","due":true,"rule":"RET-2"}' \
  '{"category":"financial","entry_created":"2016-11-30","record_last_change":"2016-11-30","holds":[],"on":"2024-01-01"}'
rule RET-2
# An applicant's identity: four weeks after the application ended
# (2024-01-31 + 28 days = 2024-02-28), not the client's 20 years.
decide "RET-2 applicant, day before" "$M" \
  '{"destroy_from":"2024-02-28","destroy_by":"2024-05-28","due":false,"rule":"RET-2"}' \
  '{"category":"identity","kind":"applicant","entry_created":"2024-01-10","record_last_change":"2024-01-31","application_ended":"2024-01-31","holds":[],"on":"2024-02-27"}'
field "RET-2 applicant cites the procedure" 'application procedure'
decide "RET-2 applicant, the day" "$M" \
  '{"destroy_from":"2024-02-28","destroy_by":"2024-05-28","due":true,"rule":"RET-2"}' \
  '{"category":"application","kind":"applicant","entry_created":"2024-01-10","record_last_change":"2024-01-31","relationship_ended":"2024-01-31","holds":[],"on":"2024-02-28"}'
rule RET-2
# The application still runs: no dates.
decide "RET-2 applicant running" "$M" "{$N,\"rule\":\"RET-2\"}" \
  '{"category":"application","kind":"applicant","entry_created":"2024-01-10","record_last_change":"2024-01-31","application_ended":null,"holds":[],"on":"2030-01-01"}'
rule RET-3
# A year with the applicant's consent is a hold the applicant asked for.
decide "RET-3 applicant consents to a year" "$M" "{$N,\"rule\":\"RET-3\"}" \
  '{"category":"application","kind":"applicant","entry_created":"2024-01-10","record_last_change":"2024-01-31","application_ended":"2024-01-31","holds":[{"reason":"toestemming: een jaar bewaren","since":"2024-02-01"}],"on":"2024-06-01"}'
rule RET-2
# An employee's ID copy: 5 years after employment ended on a leap day
# (2020-02-29 + 5 years = 2025-02-28).
decide "RET-2 employee ID copy" "$M" \
  '{"destroy_from":"2025-02-28","destroy_by":"2025-05-28","due":false,"rule":"RET-2"}' \
  '{"category":"identity","kind":"employee","entry_created":"2015-03-01","record_last_change":"2019-12-01","employment_ended":"2020-02-29","holds":[],"on":"2025-02-27"}'
field "RET-2 employee cites the wage tax" 'loonbelasting'
rule RET-2
# Employee BSN: the payroll's 7 years from the end (AWR art. 52).
decide "RET-2 employee BSN" "$M" \
  '{"destroy_from":"2026-06-30","destroy_by":"2026-09-30","due":true,"rule":"RET-2"}' \
  '{"category":"bsn","kind":"employee","entry_created":"2015-03-01","record_last_change":"2019-06-30","employment_ended":"2019-06-30","holds":[],"on":"2026-06-30"}'
rule RET-2
# HR: two years after employment; 2022-08-31 + 2 years, + 3 months =
# 30 November (no 31st).
decide "RET-2 employee HR" "$M" \
  '{"destroy_from":"2024-08-31","destroy_by":"2024-11-30","due":true,"rule":"RET-2"}' \
  '{"category":"hr","kind":"employee","entry_created":"2018-01-15","record_last_change":"2022-08-31","employment_ended":"2022-08-31","holds":[],"on":"2024-09-01"}'
decide "RET-2 employee HR, employed" "$M" "{$N,\"rule\":\"RET-2\"}" \
  '{"category":"hr","kind":"employee","entry_created":"2018-01-15","record_last_change":"2022-08-31","employment_ended":null,"holds":[],"on":"2040-09-01"}'
rule RET-2
# Payroll: 7 years from creation, employed or not.
decide "RET-2 employee payroll" "$M" \
  '{"destroy_from":"2025-01-15","destroy_by":"2025-04-15","due":false,"rule":"RET-2"}' \
  '{"category":"financial","kind":"employee","entry_created":"2018-01-15","record_last_change":"2024-01-01","employment_ended":null,"holds":[],"on":"2025-01-14"}'
rule RET-2
# An intern's ID copy 5 years, a volunteer's 2 (no wage tax).
decide "RET-2 intern" "$M" \
  '{"destroy_from":"2028-05-31","destroy_by":"2028-08-31","due":false,"rule":"RET-2"}' \
  '{"category":"identity","kind":"intern","entry_created":"2023-02-01","record_last_change":"2023-05-31","employment_ended":"2023-05-31","holds":[],"on":"2026-12-02"}'
decide "RET-2 volunteer" "$M" \
  '{"destroy_from":"2025-05-31","destroy_by":"2025-08-31","due":true,"rule":"RET-2"}' \
  '{"category":"identity","kind":"volunteer","entry_created":"2023-02-01","record_last_change":"2023-05-31","relationship_ended":"2023-05-31","holds":[],"on":"2026-12-02"}'
rule RET-1
# A client's identity under M: 20 years from the record's last change,
# never the applicant's four weeks.
decide "RET-1 M client identity" "$M" \
  '{"destroy_from":"2044-01-31","destroy_by":"2044-04-30","due":false,"rule":"RET-1"}' \
  '{"category":"identity","entry_created":"2024-01-10","record_last_change":"2024-01-31","care_ended":"2024-01-31","holds":[],"on":"2024-02-28"}'

# --- bad input: exit 2, one line on stderr, nothing decided --------------
bad_input() { # DESC JSON [TEXT-ON-STDERR] [PROFILE]
  eval_ret "${4:-$M}" "$2"
  local rc=$?
  [ "$rc" -eq 2 ] && ok || bad "$1: exit $rc, want 2"
  lines "$TMP/err" 1 "$1: one-line error"
  [ ! -s "$TMP/out" ] && ok || { bad "$1: printed"; sed 's/^/  | /' "$TMP/out"; }
  [ -z "${3:-}" ] || contains "$TMP/err" "$3" "$1: message"
}
OKF='"entry_created":"2020-01-01","record_last_change":"2020-01-01","holds":[],"on":"2026-01-01"'
bad_input "not json" '{"category":' 'stdin:'
bad_input "empty" ''
bad_input "array" '[1]' 'one JSON object'
bad_input "category missing" "{$OKF}" '"category" is required'
bad_input "category number" "{\"category\":3,$OKF}" '"category"'
bad_input "kind number" "{\"category\":\"care\",\"kind\":1,$OKF}" '"kind"'
bad_input "misspelt member" "{\"category\":\"care\",\"care_end\":null,$OKF}" 'unknown member "care_end"'
bad_input "entry_created missing" '{"category":"care","record_last_change":"2020-01-01","holds":[],"on":"2026-01-01"}' '"entry_created" is required'
bad_input "entry_created null" '{"category":"care","entry_created":null,"record_last_change":"2020-01-01","holds":[],"on":"2026-01-01"}' 'not null'
bad_input "record_last_change missing" '{"category":"care","entry_created":"2020-01-01","holds":[],"on":"2026-01-01"}' '"record_last_change" is required'
bad_input "on missing" '{"category":"care","entry_created":"2020-01-01","record_last_change":"2020-01-01","holds":[]}' '"on" is required'
bad_input "30 February" '{"category":"care","entry_created":"2023-02-30","record_last_change":"2020-01-01","holds":[],"on":"2026-01-01"}' 'must be a date'
bad_input "29 February of 2023" '{"category":"care","entry_created":"2020-01-01","record_last_change":"2023-02-29","holds":[],"on":"2026-01-01"}' 'must be a date'
bad_input "date a number" '{"category":"care","entry_created":20200101,"record_last_change":"2020-01-01","holds":[],"on":"2026-01-01"}' 'must be a date'
bad_input "date with a time" '{"category":"care","entry_created":"2020-01-01","record_last_change":"2020-01-01","holds":[],"on":"2026-01-01T10:00:00Z"}' 'must be a date'
bad_input "care_ended true" "{\"category\":\"care\",\"care_ended\":true,$OKF}" '"care_ended"'
bad_input "holds missing" '{"category":"care","entry_created":"2020-01-01","record_last_change":"2020-01-01","on":"2026-01-01"}' '"holds" is required'
bad_input "holds an object" '{"category":"care","entry_created":"2020-01-01","record_last_change":"2020-01-01","holds":{},"on":"2026-01-01"}' 'must be an array'
bad_input "hold a string" '{"category":"care","entry_created":"2020-01-01","record_last_change":"2020-01-01","holds":["x"],"on":"2026-01-01"}' 'objects'
rule RET-3
bad_input "RET-3 hold without reason" '{"category":"care","entry_created":"2020-01-01","record_last_change":"2020-01-01","holds":[{"since":"2021-01-01"}],"on":"2026-01-01"}' '"reason"'
rule RET-3
bad_input "RET-3 hold with empty reason" '{"category":"care","entry_created":"2020-01-01","record_last_change":"2020-01-01","holds":[{"reason":"","since":"2021-01-01"}],"on":"2026-01-01"}' '"reason"'
bad_input "hold without since" '{"category":"care","entry_created":"2020-01-01","record_last_change":"2020-01-01","holds":[{"reason":"x"}],"on":"2026-01-01"}' '"since" is required'
bad_input "hold lifted before set" '{"category":"care","entry_created":"2020-01-01","record_last_change":"2020-01-01","holds":[{"reason":"x","since":"2021-01-01","lifted":"2020-12-31"}],"on":"2026-01-01"}' 'before'
rule RET-1
bad_input "RET-1 record older than its entry" '{"category":"care","entry_created":"2020-01-02","record_last_change":"2020-01-01","holds":[],"on":"2026-01-01"}' 'before "entry_created"'
bad_input "care_ended for an employee" "{\"category\":\"hr\",\"kind\":\"employee\",\"care_ended\":\"2020-01-01\",$OKF}" 'does not apply to kind "employee"'
bad_input "two ends disagree" "{\"category\":\"hr\",\"kind\":\"employee\",\"employment_ended\":\"2020-01-01\",\"relationship_ended\":\"2020-01-02\",$OKF}" 'disagrees'
bad_input "W has no employees" "{\"category\":\"identity\",\"kind\":\"employee\",$OKF}" 'subject_kinds' "$W"
bad_input "past 9999" '{"category":"care","entry_created":"9990-01-01","record_last_change":"9990-01-01","holds":[],"on":"2026-01-01"}' '9999'
rule CAT-1
# An unknown word: the API's error shape on stdout, exit 2.
eval_ret "$M" "{\"category\":\"dossier\",$OKF}"
[ $? -eq 2 ] && ok || bad "unknown category: want exit 2"
contains "$TMP/out" '"code":"unknown_category"' "unknown category on stdout"
eval_ret "$M" "{\"category\":\"care\",\"kind\":\"patient\",$OKF}"
[ $? -eq 2 ] && ok || bad "unknown kind: want exit 2"
contains "$TMP/out" '"code":"unknown_subject_kind"' "unknown kind on stdout"
expect 2 "retention without a profile" -- "$ZK" policy eval retention
expect 2 "retention with a stray argument" -- "$ZK" policy eval retention --profile "$M" --now
"$ZK" policy eval retention --help >"$TMP/out" 2>&1
contains "$TMP/out" "policy eval retention" "usage"

finish
