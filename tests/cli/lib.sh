# Helpers for the command-line tests: each test script sources this file
# with the zorgkluis binary and the source tree as $1 and $2.
set -u
ZK=$1
SRC=$2
M=$SRC/profiles/micare-werkt.json
W=$SRC/profiles/woondroomzorg.json
TMP=$(mktemp -d "${TMPDIR:-/tmp}/zkcli.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
passed=0
failed=0

# rule ACC-3: the checks that follow in this block assert rule ACC-3.
# scripts/check-trace.sh counts a rule as tested from these lines only.
rule() { :; }

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }

# expect CODE DESCRIPTION -- COMMAND...: runs COMMAND, checks its exit code.
expect() {
  local code=$1 what=$2
  shift 3
  "$@" >"$TMP/out" 2>"$TMP/err"
  local rc=$?
  if [ "$rc" -eq "$code" ]; then ok; else
    bad "$what: exit $rc, want $code"; sed 's/^/  | /' "$TMP/out" "$TMP/err"
  fi
}

# contains FILE TEXT DESCRIPTION
contains() {
  if grep -qF -- "$2" "$1"; then ok; else
    bad "$3: no \"$2\" in"; sed 's/^/  | /' "$1"
  fi
}

# lines FILE N DESCRIPTION: FILE has exactly N lines
lines() {
  local n
  n=$(wc -l <"$1")
  if [ "$n" -eq "$2" ]; then ok; else bad "$3: $n lines, want $2"; sed 's/^/  | /' "$1"; fi
}

finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
