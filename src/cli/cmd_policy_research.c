/*
 * cmd_policy_research.c: zorgkluis policy eval research, the proof of
 * non-identifiability of a research export (RES-2, W§9.5, M§13.4(ii))
 * from rows given as JSON on stdin, without a database or a server. The
 * profile's research section gives k, the largest share that may be
 * suppressed and the quasi-identifiers with their ladders; the decision
 * is kanon_solve() (policy/kanon.c), the same the study export makes.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "core/zk.h"
#include "policy/kanon.h"
#include "profile/profile.h"

/* The most rows one evaluation takes (the input is at most 1 MiB). */
#define PR_MAX_ROWS 100000

static const char pr_usage[] =
    "usage: zorgkluis policy eval research --profile FILE < rows.json\n"
    "\n"
    "Whether rows of quasi-identifiers can be released k-anonymous\n"
    "(RES-2): reads\n"
    "  {\"rows\":[{\"birth_date\":\"1950-03-01\",\"postal_code\":\"3512 AB\",\n"
    "            \"gender\":\"female\",\"city\":\"Utrecht\"}, ...],\n"
    "   \"generalise\":true}\n"
    "prints\n"
    "  {\"released\":true,\"k\":5,\"rows\":12,\"smallest_before\":1,\n"
    "   \"smallest\":5,\"suppressed\":0,\"steps\":{\"birth_date\":\"year5\",\n"
    "   ...},\"reason\":null,\"rule\":\"RES-2\"}\n"
    "The fields are the profile's research.quasi_identifiers; a missing\n"
    "or null field is unknown. With \"generalise\":false (default true)\n"
    "every value is kept as it is and only suppression may help. A\n"
    "profile without a research section, an unknown field or a value\n"
    "that is not a string is an error with exit status 2.\n";

static int pr_bad(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Bad facts: one line on stderr; returns the exit status of bad input. */
static int
pr_bad(const char *fmt, ...)
{
	va_list ap;

	fputs("zorgkluis: policy eval research: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return CLI_USAGE;
}

/* The column of field name in the profile's quasi-identifiers, or -1. */
static int
pr_column(const struct profile_research *r, const char *name)
{
	for (int q = 0; q < r->nqi; q++)
		if (strcmp(r->qi[q].field, name) == 0)
			return q;
	return -1;
}

/* Reads rows into cells (row-major, NULL for unknown); CLI_OK or exit. */
static int
pr_rows(const struct profile_research *r, json_t *rows, const char **cells)
{
	const char *key;
	json_t *row, *v;
	size_t i;
	int q;

	json_array_foreach(rows, i, row)
	{
		if (!json_is_object(row))
			return pr_bad("\"rows\" must hold objects");
		json_object_foreach(row, key, v)
		{
			if ((q = pr_column(r, key)) < 0)
				return pr_bad("unknown field \"%.100s\" (not "
					      "one of the profile's "
					      "quasi-identifiers)",
					      key);
			if (json_is_null(v))
				continue;
			if (!json_is_string(v) ||
			    json_string_length(v) >= KANON_VALUE_MAX)
				return pr_bad("field \"%.100s\" must be a "
					      "string of at most 63 bytes or "
					      "null",
					      key);
			cells[i * (size_t)r->nqi + (size_t)q] =
			    json_string_value(v);
		}
	}
	return CLI_OK;
}

static int
pr_print(const struct profile_research *r, size_t nrows,
	 const struct kanon_ladder *ladders, const struct kanon_result *res)
{
	json_t *o, *steps;
	char *text = NULL;

	if ((steps = json_object()) == NULL)
		return CLI_FAIL;
	for (int q = 0; q < r->nqi; q++)
		json_object_set_new(steps, r->qi[q].field,
				    json_string(kanon_step_name(
					ladders[q].steps[res->level[q]])));
	o = json_pack("{s:b, s:i, s:I, s:I, s:I, s:I, s:o, s:s?, s:s}",
		      "released", res->released, "k", r->k, "rows",
		      (json_int_t)nrows, "smallest_before",
		      (json_int_t)res->smallest_before, "smallest",
		      (json_int_t)res->smallest, "suppressed",
		      (json_int_t)res->suppressed, "steps", steps, "reason",
		      res->released ? NULL : res->reason, "rule", "RES-2");
	if (o != NULL)
		text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (text != NULL)
		puts(text);
	free(text);
	json_decref(o);
	return text != NULL ? CLI_OK : CLI_FAIL;
}

static int
pr_eval(const struct profile *p, json_t *in)
{
	const struct profile_research *r = &p->research;
	struct kanon_ladder ladders[KANON_MAX_QI];
	struct kanon_result res;
	struct kanon_table t;
	const char **cells = NULL;
	unsigned char *sup = NULL;
	json_t *rows, *g, *v;
	const char *key;
	size_t nrows;
	int generalise = 1, rc;

	if (!r->set)
		return pr_bad("the profile has no research section (RES-1)");
	json_object_foreach(in, key, v)
	{
		if (strcmp(key, "rows") != 0 && strcmp(key, "generalise") != 0)
			return pr_bad("unknown member \"%.100s\" (rows, "
				      "generalise)",
				      key);
	}
	rows = json_object_get(in, "rows");
	if (rows == NULL)
		return pr_bad("\"rows\" is required");
	if (!json_is_array(rows))
		return pr_bad("\"rows\" must be an array");
	if ((nrows = json_array_size(rows)) > PR_MAX_ROWS)
		return pr_bad("\"rows\" has more than 100000 items");
	if ((g = json_object_get(in, "generalise")) != NULL) {
		if (!json_is_boolean(g))
			return pr_bad("\"generalise\" must be true or false");
		generalise = json_is_true(g);
	}
	cells = calloc(nrows * (size_t)r->nqi + 1, sizeof *cells);
	sup = calloc(nrows + 1, 1);
	if (cells == NULL || sup == NULL) {
		rc = CLI_FAIL;
		goto out;
	}
	if ((rc = pr_rows(r, rows, cells)) != CLI_OK)
		goto out;
	for (int q = 0; q < r->nqi; q++) {
		ladders[q] = r->qi[q].ladder;
		if (!generalise)
			ladders[q].nsteps = 1;
	}
	t.nrows = nrows;
	t.nqi = r->nqi;
	t.cells = cells;
	if (kanon_solve(&t, ladders, (size_t)r->k, r->max_suppress_permille,
			sup, &res) != 0) {
		rc = pr_bad("the rows cannot be evaluated");
		goto out;
	}
	/* No rows: nothing to release, as the study export says. */
	if (nrows == 0) {
		res.released = 0;
		res.reason = "there are no rows";
	}
	rc = pr_print(r, nrows, ladders, &res);
out:
	free(cells);
	free(sup);
	return rc;
}

int
cmd_policy_research(int argc, char **argv)
{
	return policy_run(argc, argv, pr_usage, pr_eval);
}
