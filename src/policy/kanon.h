/*
 * kanon.h: the proof of non-identifiability of a research export (RES-2,
 * W§9.5, M§13.4(ii)) as k-anonymity over declared quasi-identifiers.
 *
 * kanon_solve() is a pure function like authz_decide(): it reads a table
 * of rows of quasi-identifier values, a generalisation ladder per column,
 * k and the largest share of rows that may be suppressed, and nothing
 * else. It generalises step by step along the ladders, each time taking
 * the step that leaves fewest rows in classes smaller than k, until every
 * equivalence class holds at least k rows or every ladder has ended; then
 * it suppresses the rows of the remaining small classes if they are no
 * more than the allowed share, and otherwise refuses.
 */
#ifndef ZK_KANON_H
#define ZK_KANON_H

#include <stddef.h>

#define KANON_MAX_QI 8	  /* quasi-identifiers per table */
#define KANON_MAX_STEPS 6 /* rungs of one ladder, "keep" included */
#define KANON_VALUE_MAX 64

/* One rung of a generalisation ladder. */
enum kanon_step {
	KANON_KEEP,	/* the value as it is */
	KANON_YEAR,	/* a date YYYY-MM-DD: its year */
	KANON_YEAR5,	/* a date: a band of five years, "1980-1984" */
	KANON_YEAR10,	/* a date: a band of ten years, "1980-1989" */
	KANON_DIGITS4,	/* a Dutch postcode: its four digits */
	KANON_DIGITS2,	/* a Dutch postcode: its first two digits */
	KANON_SUPPRESS, /* nothing: "*" */
	KANON_STEP_COUNT
};

/* "keep", "year", "year5", "year10", "digits4", "digits2", "suppress";
 * "?" outside the enum. Static. */
const char *kanon_step_name(enum kanon_step s);
/* The step named s, or -1 (also for NULL). */
int kanon_step_parse(const char *s);

/* A ladder: steps[0] is the level a column starts at (usually keep). */
struct kanon_ladder {
	int nsteps;
	enum kanon_step steps[KANON_MAX_STEPS];
};

/*
 * Writes value in generalised by step s into out (size n, at least
 * KANON_VALUE_MAX). An empty (unknown) value stays "" on every step but
 * suppress; a value a step cannot read (a postcode without four digits, a
 * date without a year) becomes "*", so nothing unreadable leaks through.
 */
void kanon_generalise(enum kanon_step s, const char *in, char *out, size_t n);

/*
 * The table: nrows rows of nqi values, row-major in cells (cells[r * nqi
 * + q]); NULL cells count as "". The caller owns everything.
 */
struct kanon_table {
	size_t nrows;
	int nqi;
	const char *const *cells;
};

struct kanon_result {
	int released;		 /* 1: every kept class >= k */
	int level[KANON_MAX_QI]; /* the rung used per column */
	size_t smallest_before;	 /* the smallest class at level 0 */
	size_t smallest;	 /* the smallest class released, 0 if none */
	size_t suppressed;	 /* rows left out as too rare */
	const char *reason;	 /* when refused, why (static English) */
};

/*
 * The smallest equivalence class of t with each column q generalised to
 * ladders[q].steps[level[q]]; with small (may be NULL) set, also the rows
 * in classes smaller than k: small[r] = 1. 0 for an empty table. Returns
 * (size_t)-1 when memory runs out.
 */
size_t kanon_smallest(const struct kanon_table *t,
		      const struct kanon_ladder *ladders, const int *level,
		      size_t k, unsigned char *small);

/*
 * RES-2: decides whether t can be released k-anonymous. suppressed (nrows
 * bytes, the caller's; may be NULL when nrows is 0) gets 1 for every row
 * to leave out. max_suppress_permille is the largest share of rows that
 * may be left out, in thousandths. Returns 0 with r filled (released or
 * refused with a reason), ZK_EINVAL for a bad table (k < 1, more than
 * KANON_MAX_QI columns, an empty ladder) or ZK_ENOMEM.
 */
int kanon_solve(const struct kanon_table *t, const struct kanon_ladder *ladders,
		size_t k, int max_suppress_permille, unsigned char *suppressed,
		struct kanon_result *r);

#endif
