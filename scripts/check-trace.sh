#!/usr/bin/env bash
# The rule trace check: every rule the code names (src/) must be a rule of
# docs/rules.md and must be asserted by at least one test that carries its
# marker (ZK_RULE("X-n"); in a C test function, "rule X-n" in a CLI test;
# see scripts/trace-tests.sh). A rule named only in a comment, a fuzz
# corpus or a README is not tested.
# usage: check-trace.sh [ROOT]
set -u
root=${1:-$(dirname "$0")/..}
cd "$root" || exit 2
ids='\b(SCOPE|CAT|PUR|CON|REP|ACC|LOG|INF|RQ|INZ|POR|COR|ERA|SHD|RST|OBJ|DIS|RES|RET|SEC|PRC|BRE|FG|CMP|REG)-[0-9]+\b'
status=0
known=$(grep -oE '^- \*\*[A-Z]+-[0-9]+\*\*' docs/rules.md | grep -oE '[A-Z]+-[0-9]+' | sort -u)
claimed=$(grep -rhoE "$ids" src | sort -u)
markers=$(bash scripts/trace-tests.sh .) || { echo "check-trace: reading the test markers failed" >&2; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/zkcheck-trace.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
printf '%s\n' "$known" >"$tmp/known"
printf '%s\n' "$markers" >"$tmp/markers"
printf '%s\n' "$claimed" >"$tmp/claimed"
# One pass over the three lists: markers of no rule, and rules named in
# src/ that are no rule or that no marked test asserts.
report=$(awk -F'\t' '
  FILENAME ~ /known$/ { known[$1] = 1; next }
  FILENAME ~ /markers$/ { if ($1 != "" && !($1 in tested)) tested[$1] = $2; next }
  $1 != "" { claimed[$1] = 1 }
  END {
    for (id in tested)
      if (!(id in known))
        printf "a test marks %s, which is no rule of docs/rules.md (%s)\n", id, tested[id]
    for (id in claimed)
      if (!(id in known))
        printf "%s is named in src/ but is no rule of docs/rules.md\n", id
      else if (!(id in tested))
        printf "%s is named in src/ but no test asserts it (no ZK_RULE(\"%s\") or \"rule %s\" marker)\n", id, id, id
  }' "$tmp/known" "$tmp/markers" "$tmp/claimed" | sort)
if [ -n "$report" ]; then
  sed 's/^/check-trace: /' <<<"$report" >&2
  status=1
fi
[ $status -eq 0 ] && echo "check-trace: ok ($(wc -w <<<"$claimed") rules named in src/, each asserted by a marked test)"
exit $status
