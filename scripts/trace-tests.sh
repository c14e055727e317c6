#!/usr/bin/env bash
# Lists the rules the tests assert, one "RULE<TAB>FILE:TEST" line each.
#
# A rule counts as tested only where a marker stands in a test that
# asserts something:
#   - C (tests/**/*.c): ZK_RULE("ACC-3"); inside a function body whose code
#     (comments removed) calls an assertion (assert_*, fail_msg, fail,
#     api_assert_error, api_login_refused) or a function of the same file
#     that does;
#   - shell (tests/cli/*.sh): a line "rule ACC-3" followed, before the next
#     rule line, by a check (expect, contains, lines, bad, or a function of
#     the same script that calls one).
# A rule named in a comment, a string, a profile copy or a README counts
# for nothing.
# usage: trace-tests.sh ROOT
set -euo pipefail
cd "$1"

find tests -name '*.c' -not -path 'tests/fuzz/corpus/*' | LC_ALL=C sort |
  while IFS= read -r f; do
    awk -v F="$f" '
    # Removes comments (block comments may span lines) and string text
    # other than a ZK_RULE argument is kept: markers are read from code only.
    function strip(s,    out, i) {
      out = ""
      while (s != "") {
        if (incomment) {
          i = index(s, "*/")
          if (i == 0) return out
          s = substr(s, i + 2); incomment = 0; continue
        }
        i = index(s, "/*")
        j = index(s, "//")
        if (j > 0 && (i == 0 || j < i)) return out substr(s, 1, j - 1)
        if (i == 0) return out s
        out = out substr(s, 1, i - 1) " "
        s = substr(s, i + 2); incomment = 1
      }
      return out
    }
    {
      line = strip($0)
      if (!inbody && line ~ /^[A-Za-z_][A-Za-z0-9_]*\(/) {
        name = line; sub(/\(.*/, "", name); pending = name
      }
      if (!inbody && line ~ /^\{/) { inbody = 1; cur = pending; nfn++; fns[nfn] = cur; body[cur] = "" }
      if (inbody) body[cur] = body[cur] "\n" line
      if (inbody && line ~ /^\}/) inbody = 0
    }
    END {
      for (k = 1; k <= nfn; k++) {
        fn = fns[k]
        if (body[fn] ~ /(^|[^A-Za-z0-9_])(assert_[a-z_]+|fail_msg|fail|api_assert_error|api_login_refused)[ \t]*\(/)
          asserts[fn] = 1
      }
      do {
        changed = 0
        for (k = 1; k <= nfn; k++) {
          fn = fns[k]
          if (fn in asserts) continue
          for (g in asserts)
            if (g != fn && match(body[fn], "(^|[^A-Za-z0-9_])" g "[ \t]*\\(")) {
              asserts[fn] = 1; changed = 1; break
            }
        }
      } while (changed)
      for (k = 1; k <= nfn; k++) {
        fn = fns[k]
        if (!(fn in asserts)) continue
        b = body[fn]
        while (match(b, /ZK_RULE\("[A-Z]+-[0-9]+"\)/)) {
          id = substr(b, RSTART + 9, RLENGTH - 11)
          print id "\t" F ":" fn
          b = substr(b, RSTART + RLENGTH)
        }
      }
    }' "$f"
  done

for f in tests/cli/*.sh; do
  [ -e "$f" ] || continue
  awk -v F="$f" '
  {
    line = $0
    sub(/^[ \t]*#.*/, "", line)
    lines[NR] = line
    if (match(line, /^[ \t]*[a-z_][a-z0-9_]*\(\)[ \t]*\{/)) {
      name = line; sub(/^[ \t]*/, "", name); sub(/\(.*/, "", name)
      cur = name; depth = 1
      if (line ~ /\}[ \t]*;?[ \t]*(#.*)?$/ && line !~ /\{[ \t]*$/) depth = 0
      fbody[cur] = line
      next
    }
    if (depth > 0) {
      fbody[cur] = fbody[cur] "\n" line
      if (line ~ /^\}/) depth = 0
      lines[NR] = ""
    }
  }
  END {
    checks = "(^|[^A-Za-z0-9_-])(expect|contains|lines|bad)([ \t]|$)"
    for (g in fbody) if (fbody[g] ~ checks) isck[g] = 1
    do {
      changed = 0
      for (g in fbody) {
        if (g in isck) continue
        for (h in isck)
          if (match(fbody[g], "(^|[^A-Za-z0-9_])" h "([ \t]|$)")) { isck[g] = 1; changed = 1; break }
      }
    } while (changed)
    n = 0
    for (i = 1; i <= NR; i++) {
      l = lines[i]
      if (match(l, /^[ \t]*rule[ \t]+[A-Z]+-[0-9]+[ \t]*$/)) {
        # consecutive rule lines share the checks that follow them
        if (!prev_rule) {
          if (n > 0 && found) for (k = 1; k <= n; k++) print ids[k] "\t" F ":" ln[k]
          n = 0; found = 0
        }
        id = l; sub(/^[ \t]*rule[ \t]+/, "", id); sub(/[ \t]*$/, "", id)
        n++; ids[n] = id; ln[n] = i
        prev_rule = 1
        continue
      }
      if (l ~ /^[ \t]*$/) continue
      prev_rule = 0
      if (n == 0) continue
      if (l ~ checks) { found = 1; continue }
      for (h in isck)
        if (match(l, "(^|[^A-Za-z0-9_])" h "([ \t]|$)")) { found = 1; break }
    }
    if (n > 0 && found) for (k = 1; k <= n; k++) print ids[k] "\t" F ":" ln[k]
  }' "$f"
done | LC_ALL=C sort -u
