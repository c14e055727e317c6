/*
 * trace.h: the rule trace compiled in by scripts/gen-trace.sh: each rule
 * of docs/rules.md with where the code names it and which tests do.
 */
#ifndef ZK_TRACE_H
#define ZK_TRACE_H

#include <stddef.h>

struct trace_rule {
	const char *id;
	const char *text;
	const char *where; /* "src/x.c:12 src/y.c:40", or "" */
	const char *tests; /* "tests/unit/test_x.c ...", or "" */
};

extern const struct trace_rule trace_rules[];
extern const size_t trace_nrules;

#endif
