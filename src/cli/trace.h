/*
 * trace.h: the rule trace compiled in by scripts/gen-trace.sh: each rule
 * of docs/rules.md with where the code names it, where the profiles do,
 * and which tests assert it. A test asserts a rule only where it carries
 * the rule's marker (see scripts/trace-tests.sh); a mention in a comment
 * does not count.
 */
#ifndef ZK_TRACE_H
#define ZK_TRACE_H

#include <stddef.h>

struct trace_rule {
	const char *id;
	const char *text;
	const char *where;   /* "src/x.c:12 src/y.c:40", or "" */
	const char *profile; /* "profiles/x.json:12 ...", or "" */
	const char *tests;   /* "tests/unit/test_x.c:test_fn ...", or "" */
};

/*
 * How far a rule is carried: enforced when src/ names it and a marked test
 * asserts it; partly when only one of the two holds; not yet when neither.
 */
enum trace_status {
	TRACE_NOT_YET,
	TRACE_PARTLY,
	TRACE_ENFORCED,
};

extern const struct trace_rule trace_rules[];
extern const size_t trace_nrules;

#endif
