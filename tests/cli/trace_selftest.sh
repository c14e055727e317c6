#!/usr/bin/env bash
# Proves the trace check can fail: a rule named in src/ with no test, a
# rule named in tests only by a comment, by a marker in a function that
# asserts nothing or by a marker with no check after it, and an ID that is
# no rule, are each reported; a marker in a test that asserts passes.
set -u
root=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/zktrace.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
passed=0
check() { bash "$tmp/scripts/check-trace.sh" "$tmp" >"$tmp/log" 2>&1; }
cp -r "$root/src" "$root/tests" "$root/docs" "$root/scripts" "$root/profiles" "$tmp/"
check || { cat "$tmp/log"; fail "clean tree rejected"; }
passed=$((passed + 1))
# The rule is planted in the copy's catalogue, so that no real test of a
# real rule can make it tested; the IDs are put together here, so this
# file itself names none of them.
id=$(printf '%s-%s' FG 90)
printf -- '- **%s** A rule the self-test plants: named in src/, asserted by no test.\n' "$id" >>"$tmp/docs/rules.md"
printf '/* %s: notified within 72 hours. */\n' "$id" >"$tmp/src/policy/planted.c"
check && fail "untested rule not caught"
grep -q "$id" "$tmp/log" || fail "the untested rule is not named"
passed=$((passed + 1))

# A comment in a test, even one above an asserting test, is no test.
t=$tmp/tests/unit/test_planted.c
printf '/* %s: the notification is sent. */\nstatic void\ntest_planted(void **state)\n{\n\t(void)state;\n\tassert_true(1);\n}\n' "$id" >"$t"
check && fail "a rule named in a test comment counted as tested"
passed=$((passed + 1))
# A marker in a comment inside the function does not count either.
printf 'static void\ntest_planted(void **state)\n{\n\t(void)state;\n\t/* ZK_RULE("%s"); */\n\tassert_true(1);\n}\n' "$id" >"$t"
check && fail "a marker in a comment counted"
passed=$((passed + 1))
# A marker in a function that asserts nothing does not count.
printf 'static void\ntest_planted(void **state)\n{\n\t(void)state;\n\tZK_RULE("%s");\n}\n' "$id" >"$t"
check && fail "a marker in a test without assertions counted"
passed=$((passed + 1))
# A marker in a function that asserts, directly or through a helper, does.
printf 'static void\nhelper(int x)\n{\n\tassert_int_equal(x, 1);\n}\n\nstatic void\ntest_planted(void **state)\n{\n\t(void)state;\n\tZK_RULE("%s");\n\thelper(1);\n}\n' "$id" >"$t"
check || { cat "$tmp/log"; fail "a marked asserting test did not count"; }
passed=$((passed + 1))
rm -f "$t"

# Shell tests: a comment, and a rule line with no check after it, are no
# test; a rule line followed by a check is.
s=$tmp/tests/cli/test_planted.sh
printf '# %s: the notice is sent\nexpect 0 "x" -- true\n' "$id" >"$s"
check && fail "a rule named in a shell comment counted as tested"
passed=$((passed + 1))
printf 'expect 0 "x" -- true\nrule %s\necho done\n' "$id" >"$s"
check && fail "a rule line with no check after it counted"
passed=$((passed + 1))
printf 'rule %s\nexpect 0 "notified" -- true\n' "$id" >"$s"
check || { cat "$tmp/log"; fail "a rule line before a check did not count"; }
passed=$((passed + 1))
rm -f "$s"

# The trace compiled into `zorgkluis rules` says what holds: named in the
# code but asserted by no test is "partly", never "enforced".
bash "$tmp/scripts/gen-trace.sh" "$tmp" "$tmp/trace.c" || fail "gen-trace failed"
line=$(grep "{\"$id\"," "$tmp/trace.c")
[[ $line == *'src/policy/planted.c:1", "", ""}'* ]] || fail "trace of $id: $line"
passed=$((passed + 1))

printf '/* %s-%s: no such rule. */\n' ACC 99 >"$tmp/src/policy/planted.c"
check && fail "unknown rule not caught"
passed=$((passed + 1))
echo "$passed passed, 0 failed"
