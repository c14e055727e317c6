#!/usr/bin/env bash
# zorgkluis profile check: a valid profile, warnings where it falls below
# the law (RET-1, REP-2, RQ-2, REG-1), and errors with line and column.
. "$(dirname "$0")/lib.sh"

expect 0 "M is valid" -- "$ZK" profile check "$M"
contains "$TMP/out" "warning (REP-2)" "M: its order leaves out the parents of WGBO 7:465(3)"
contains "$TMP/out" "1 warning" "M counts its warning"
expect 0 "W is valid" -- "$ZK" profile check "$W"
contains "$TMP/out" 'warning (RET-1): retention of "care" (P15Y from creation)' "W: 15 years is below WGBO 7:454"
contains "$TMP/out" "warning (REP-2)" "W: its order is not WGBO 7:465"
contains "$TMP/out" "4 warnings" "W counts its warnings"

sed 's/"access": {"answer": "P4W"/"access": {"answer": "P2M"/' "$M" >"$TMP/late.json"
expect 0 "late answer" -- "$ZK" profile check "$TMP/late.json"
contains "$TMP/out" "warning (RQ-2): the answer to an access request (P2M)" "RQ-2 answer"
sed 's/"copy": {"answer": "P1M", "extension": "P2M"/"copy": {"answer": "P1M", "extension": "P3M"/' "$W" >"$TMP/ext.json"
expect 0 "long extension" -- "$ZK" profile check "$TMP/ext.json"
contains "$TMP/out" "warning (RQ-2): the extension of a copy request (P3M)" "RQ-2 extension"
sed 's/"effective_on": "2018-06-22"/"effective_on": "2018-06-01"/' "$M" >"$TMP/soon.json"
expect 0 "effective too soon" -- "$ZK" profile check "$TMP/soon.json"
contains "$TMP/out" "warning (REG-1)" "REG-1 four weeks"
sed 's/"care": {"period": "P20Y", "from": "last_change"/"care": {"period": "P20Y", "from": "creation"/' "$M" >"$TMP/from.json"
expect 0 "counted from creation" -- "$ZK" profile check "$TMP/from.json"
contains "$TMP/out" 'warning (RET-1): retention of "care" (P20Y from creation)' "RET-1 starting point"

# Errors name file, line and column.
sed 's/"period": "P7Y"/"period": "seven years"/' "$M" >"$TMP/bad1.json"
expect 1 "bad period" -- "$ZK" profile check "$TMP/bad1.json"
contains "$TMP/err" "bad1.json:" "bad period names the file"
contains "$TMP/err" "must be a period" "bad period message"
lines "$TMP/err" 1 "one-line error"
sed 's/"insurer": {/"neighbour": {/' "$M" >"$TMP/bad2.json"
expect 1 "unknown recipient" -- "$ZK" profile check "$TMP/bad2.json"
contains "$TMP/err" 'unknown recipient kind "neighbour"' "unknown recipient message"
sed 's/"from": "last_change"/"from": "yesterday"/' "$M" >"$TMP/bad3.json"
expect 1 "unknown starting point" -- "$ZK" profile check "$TMP/bad3.json"
sed 's/\["child", "sibling"\]/["child", "cousin"]/' "$M" >"$TMP/bad4.json"
expect 1 "unknown representative" -- "$ZK" profile check "$TMP/bad4.json"
contains "$TMP/err" "unknown representative kind" "representative message"
printf '{"format": "zorgkluis-profile/1",\n  "id": \n' >"$TMP/bad5.json"
expect 1 "truncated" -- "$ZK" profile check "$TMP/bad5.json"
contains "$TMP/err" "bad5.json:3:" "syntax error line"
expect 1 "missing file" -- "$ZK" profile check "$TMP/none.json"
expect 2 "no file" -- "$ZK" profile check
expect 0 "help" -- "$ZK" profile --help

# zorgkluis profile install (REG-1): a new version, in force four weeks on.
newdb i
"$ZK" init --db "$DB_i" --profile "$W" >/dev/null || bad "init for install"
sed -e 's/"version": "2018.1"/"version": "2026.2"/' \
    -e 's/"published_on": "2018-04-27"/"published_on": "2026-11-01"/' \
    -e 's/"effective_on": "2018-05-25"/"effective_on": "2026-11-29"/' "$W" >"$TMP/w2.json"
expect 0 "install a new version" -- "$ZK" profile install --db "$DB_i" "$TMP/w2.json"
contains "$TMP/out" "in force from 2026-11-29" "install says when"
expect 1 "install it twice" -- "$ZK" profile install --db "$DB_i" "$TMP/w2.json"
sed -e 's/"version": "2018.1"/"version": "2026.3"/' \
    -e 's/"published_on": "2018-04-27"/"published_on": "2026-11-20"/' \
    -e 's/"effective_on": "2018-05-25"/"effective_on": "2026-11-27"/' "$W" >"$TMP/w3.json"
rule REG-1
expect 2 "REG-1: too soon" -- "$ZK" profile install --db "$DB_i" "$TMP/w3.json"
contains "$TMP/err" "REG-1" "REG-1 named"
expect 1 "another regulation" -- "$ZK" profile install --db "$DB_i" "$M"
n=$(sql "$DB_i" "SELECT count(*) FROM profile_version")
[ "$n" -eq 2 ] && ok || bad "profile versions: $n, want 2"
expect 0 "log intact" -- "$ZK" audit verify --db "$DB_i"

# zorgkluis rules: the trace from rules to code and tests.
expect 0 "rules" -- "$ZK" rules
contains "$TMP/out" "ACC-2" "rules lists ACC-2"
contains "$TMP/out" "tests/unit/test_authz.c" "ACC-2 traced to its tests"
contains "$TMP/out" "not yet" "rules not yet built are listed"
expect 0 "rules json" -- "$ZK" rules --json LOG-3
contains "$TMP/out" '"rule": "LOG-3"' "json trace"
contains "$TMP/out" '"enforced": true' "LOG-3 is enforced"
expect 2 "unknown rule" -- "$ZK" rules "$(printf "%s-%s" XYZ 1)"
lines "$TMP/err" 1 "one-line error"
finish
