/*
 * kanon.c: k-anonymity of a research export (RES-2), by generalising the
 * quasi-identifiers along the profile's ladders and suppressing what is
 * left too rare (kanon.h).
 *
 * The classes are found by sorting: each row becomes one key, its
 * generalised values joined by a unit separator, and equal keys are
 * neighbours after qsort. A step is chosen greedily: of the columns whose
 * ladder has a next rung, the one after whose step the fewest rows sit in
 * classes smaller than k; on a tie the column that has climbed the
 * smallest share of its ladder, so that no column is coarsened further
 * than another without need. This is not the optimal (NP-hard) search;
 * it is the predictable one a DPO can retrace from the logged levels.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/zk.h"
#include "policy/kanon.h"

static const char *const kanon_names[KANON_STEP_COUNT] = {
    "keep", "year", "year5", "year10", "digits4", "digits2", "suppress"};

const char *
kanon_step_name(enum kanon_step s)
{
	if ((int)s < 0 || s >= KANON_STEP_COUNT)
		return "?";
	return kanon_names[s];
}

int
kanon_step_parse(const char *s)
{
	if (s == NULL)
		return -1;
	for (int i = 0; i < KANON_STEP_COUNT; i++)
		if (strcmp(s, kanon_names[i]) == 0)
			return i;
	return -1;
}

/* The year of a date "YYYY-...", or -1. */
static int
kanon_year(const char *in)
{
	int y = 0;

	for (int i = 0; i < 4; i++) {
		if (!isdigit((unsigned char)in[i]))
			return -1;
		y = y * 10 + (in[i] - '0');
	}
	if (in[4] != '\0' && in[4] != '-')
		return -1;
	return y;
}

/* The first want digits of a postcode ("1234 AB"), or 0 if it has fewer
 * than four in front. */
static int
kanon_digits(const char *in, int want, char *out, size_t n)
{
	int i;

	for (i = 0; i < 4; i++)
		if (!isdigit((unsigned char)in[i]))
			return 0;
	snprintf(out, n, "%.*s", want, in);
	return 1;
}

void
kanon_generalise(enum kanon_step s, const char *in, char *out, size_t n)
{
	int y;

	if (in == NULL)
		in = "";
	if (s == KANON_SUPPRESS) {
		snprintf(out, n, "*");
		return;
	}
	if (in[0] == '\0' || s == KANON_KEEP) {
		snprintf(out, n, "%.*s", KANON_VALUE_MAX - 1, in);
		return;
	}
	switch (s) {
	case KANON_YEAR:
	case KANON_YEAR5:
	case KANON_YEAR10:
		if ((y = kanon_year(in)) < 0)
			break;
		if (s == KANON_YEAR)
			snprintf(out, n, "%04d", y);
		else {
			int w = s == KANON_YEAR5 ? 5 : 10;

			snprintf(out, n, "%04d-%04d", y - y % w,
				 y - y % w + w - 1);
		}
		return;
	case KANON_DIGITS4:
	case KANON_DIGITS2:
		if (kanon_digits(in, s == KANON_DIGITS4 ? 4 : 2, out, n))
			return;
		break;
	default:
		break;
	}
	snprintf(out, n, "*");
}

struct kanon_key {
	const char *key;
	size_t row;
};

static int
kanon_key_cmp(const void *a, const void *b)
{
	const struct kanon_key *x = a, *y = b;

	return strcmp(x->key, y->key);
}

size_t
kanon_smallest(const struct kanon_table *t, const struct kanon_ladder *ladders,
	       const int *level, size_t k, unsigned char *small)
{
	size_t width = (size_t)t->nqi * (KANON_VALUE_MAX + 1) + 1;
	struct kanon_key *keys = NULL;
	char *buf = NULL;
	size_t best = (size_t)-1;

	if (small != NULL && t->nrows > 0)
		memset(small, 0, t->nrows);
	if (t->nrows == 0)
		return 0;
	keys = calloc(t->nrows, sizeof *keys);
	buf = calloc(t->nrows, width);
	if (keys == NULL || buf == NULL)
		goto out;
	for (size_t r = 0; r < t->nrows; r++) {
		char *p = buf + r * width;
		size_t used = 0;

		for (int q = 0; q < t->nqi; q++) {
			char v[KANON_VALUE_MAX];

			kanon_generalise(
			    ladders[q].steps[level[q]],
			    t->cells[r * (size_t)t->nqi + (size_t)q], v,
			    sizeof v);
			used += (size_t)snprintf(p + used, width - used,
						 "%s\x1f", v);
		}
		keys[r].key = p;
		keys[r].row = r;
	}
	if (t->nrows > 1)
		qsort(keys, t->nrows, sizeof *keys, kanon_key_cmp);
	for (size_t i = 0; i < t->nrows;) {
		size_t j = i;

		while (j < t->nrows && strcmp(keys[j].key, keys[i].key) == 0)
			j++;
		if (j - i < best)
			best = j - i;
		if (small != NULL && j - i < k)
			for (size_t m = i; m < j; m++)
				small[keys[m].row] = 1;
		i = j;
	}
out:
	free(keys);
	free(buf);
	return best;
}

/* The number of rows in classes smaller than k at level; -1 on ENOMEM. */
static long
kanon_rare(const struct kanon_table *t, const struct kanon_ladder *ladders,
	   const int *level, size_t k, unsigned char *small)
{
	long n = 0;

	if (kanon_smallest(t, ladders, level, k, small) == (size_t)-1)
		return -1;
	for (size_t r = 0; r < t->nrows; r++)
		n += small[r];
	return n;
}

int
kanon_solve(const struct kanon_table *t, const struct kanon_ladder *ladders,
	    size_t k, int max_suppress_permille, unsigned char *suppressed,
	    struct kanon_result *r)
{
	unsigned char *small = NULL;
	int rc = 0;
	long rare;

	memset(r, 0, sizeof *r);
	if (k < 1 || t->nqi < 0 || t->nqi > KANON_MAX_QI ||
	    max_suppress_permille < 0 || max_suppress_permille > 1000 ||
	    (t->nrows > 0 && (t->cells == NULL || suppressed == NULL)))
		return ZK_EINVAL;
	for (int q = 0; q < t->nqi; q++)
		if (ladders[q].nsteps < 1 ||
		    ladders[q].nsteps > KANON_MAX_STEPS)
			return ZK_EINVAL;
	if (t->nrows == 0) {
		r->released = 1;
		return 0;
	}
	small = malloc(t->nrows);
	if (small == NULL)
		return ZK_ENOMEM;
	if ((rare = kanon_rare(t, ladders, r->level, k, small)) < 0)
		goto nomem;
	r->smallest_before = kanon_smallest(t, ladders, r->level, k, NULL);
	while (rare > 0) {
		long best = -1;
		double best_share = 2.0;
		int best_q = -1;

		for (int q = 0; q < t->nqi; q++) {
			double share;
			long n;

			if (r->level[q] + 1 >= ladders[q].nsteps)
				continue;
			r->level[q]++;
			n = kanon_rare(t, ladders, r->level, k, small);
			r->level[q]--;
			if (n < 0)
				goto nomem;
			share = (double)(r->level[q] + 1) /
				(double)(ladders[q].nsteps - 1);
			if (best < 0 || n < best ||
			    (n == best && share < best_share)) {
				best = n;
				best_share = share;
				best_q = q;
			}
		}
		if (best_q < 0)
			break; /* every ladder has ended */
		r->level[best_q]++;
		rare = best;
	}
	if ((rare = kanon_rare(t, ladders, r->level, k, small)) < 0)
		goto nomem;
	/* Suppression: the rare rows, if they are few enough. */
	if ((size_t)rare * 1000 > (size_t)max_suppress_permille * t->nrows) {
		r->reason = "the rows in classes smaller than k exceed the "
			    "share that may be suppressed";
		r->suppressed = (size_t)rare;
		goto out;
	}
	if (t->nrows > 0) /* both may be NULL for an empty table */
		memcpy(suppressed, small, t->nrows);
	r->suppressed = (size_t)rare;
	if ((size_t)rare == t->nrows) {
		r->reason = "every row would be suppressed";
		goto out;
	}
	r->released = 1;
	/* The smallest class among the rows kept. */
	{
		struct kanon_table kept = *t;
		const char **cells =
		    malloc(t->nrows * (size_t)t->nqi * sizeof *cells);
		size_t m = 0;

		if (cells == NULL)
			goto nomem;
		for (size_t i = 0; i < t->nrows; i++) {
			if (small[i])
				continue;
			for (int q = 0; q < t->nqi; q++)
				cells[m * (size_t)t->nqi + (size_t)q] =
				    t->cells[i * (size_t)t->nqi + (size_t)q];
			m++;
		}
		kept.nrows = m;
		kept.cells = cells;
		r->smallest = kanon_smallest(&kept, ladders, r->level, k, NULL);
		free(cells);
		if (r->smallest == (size_t)-1)
			goto nomem;
	}
	goto out;
nomem:
	rc = ZK_ENOMEM;
out:
	free(small);
	return rc;
}
