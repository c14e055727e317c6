#!/usr/bin/env bash
# Proves the trace check can fail: a rule named in src/ with no test, and
# an ID that is no rule, are each reported.
set -u
root=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cp -r "$root/src" "$root/tests" "$root/docs" "$root/scripts" "$tmp/"
bash "$tmp/scripts/check-trace.sh" "$tmp" >/dev/null 2>&1 || fail "clean tree rejected"
# The IDs are put together here, so this file itself names neither.
printf '/* %s-%s: notified within 72 hours. */\n' BRE 2 >"$tmp/src/policy/planted.c"
bash "$tmp/scripts/check-trace.sh" "$tmp" >/dev/null 2>&1 && fail "untested rule not caught"
printf '/* %s-%s: no such rule. */\n' ACC 99 >"$tmp/src/policy/planted.c"
bash "$tmp/scripts/check-trace.sh" "$tmp" >/dev/null 2>&1 && fail "unknown rule not caught"
echo "1 passed, 0 failed"
