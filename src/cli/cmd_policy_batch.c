/*
 * cmd_policy_batch.c: zorgkluis policy eval authz --batch, many
 * authorisation decisions (ACC-1 to ACC-7, CAT-4) from JSON lines of facts
 * on stdin, one decision printed per line, and the time each decision
 * took. It is what bench/peers/ feeds the request mix that Casbin and
 * Cedar are timed on (docs/performance.md), so that the three engines
 * decide the same requests in the same run.
 *
 * Two times are taken per line: around authz_decide() alone, after the
 * line is parsed into a request, and around the whole line, parse
 * included. The first is the cost of the decision an engine is compared
 * on; the second is what a caller that holds its facts as JSON pays. A
 * line that is not valid is reported with its number and decided on no
 * further; it does not end the run.
 *
 * With --relations FILE the care relation is not a fact of the line but
 * looked up, as the server does, in the in-memory index the store keeps
 * (relindex.c), inside the timed decision: the peers' timed calls look it
 * up too. The file holds one "USER SUBJECT RELATION" per line; the ids
 * are the strings the lines use, numbered on loading.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "cli/cli.h"
#include "core/zk.h"
#include "policy/authz.h"
#include "profile/profile.h"
#include "store/relindex.h"

/* One line of facts; a longer one is an error for that line. */
#define BATCH_MAX_LINE (64 * 1024)
/* Two timings are kept per line, so the number of lines is capped. */
#define BATCH_MAX_LINES (50 * 1000 * 1000)

static const char batch_usage[] =
    "usage: zorgkluis policy eval authz --batch --profile FILE < "
    "facts.jsonl\n"
    "\n"
    "Reads one JSON object of facts per line (the shape of policy eval\n"
    "authz, plus an optional \"expect\":\"permit\" or \"deny\") and prints\n"
    "one decision per line on stdout, in the same shape; a decision that\n"
    "differs from \"expect\" adds \"expected\". A line that is not valid\n"
    "prints {\"line\":N,\"error\":{\"code\":\"bad_line\",\"message\":...}}\n"
    "and one line on stderr; blank lines are skipped. At the end one\n"
    "summary line goes to stderr:\n"
    "  batch: lines=N decided=N errors=N expected=N mismatches=N relations=N\n"
    "    decide_median_ns=N decide_p99_ns=N line_median_ns=N "
    "line_p99_ns=N\n"
    "    timer_ns=N\n"
    "decide_* is the time of the decision alone, after the line is\n"
    "parsed; line_* includes parsing the line; timer_ns is the median\n"
    "cost of reading the clock, included in both. Exit status 2 when a\n"
    "line was not valid, else 1 when a decision differed from its\n"
    "\"expect\", else 0.\n"
    "\n"
    "--relations FILE: the care relations, one \"USER SUBJECT RELATION\"\n"
    "per line (ids as in the facts' user.id and subject.id). The relation\n"
    "is then looked up in memory inside the timed decision, and a line's\n"
    "\"relation\" fact is ignored.\n";

/* The facts of one line, or why it is not valid. */
struct batch_line {
	struct authz_request rq;
	int expect;		/* -1 none, 0 deny, 1 permit */
	const char *subject_id; /* subject.id, or NULL */
	char err[256];
};

static int64_t
batch_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int batch_fail(struct batch_line *bl, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
batch_fail(struct batch_line *bl, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(bl->err, sizeof bl->err, fmt, ap);
	va_end(ap);
	return -1;
}

/* A string member, required or string-or-null. */
static int
batch_string(struct batch_line *bl, json_t *obj, const char *key, bool required,
	     const char **out)
{
	json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (!required && (v == NULL || json_is_null(v)))
		return 0;
	if (!json_is_string(v))
		return required
			   ? batch_fail(bl,
					"\"%s\" is required and "
					"must be a string",
					key)
			   : batch_fail(bl, "\"%s\" must be a string or null",
					key);
	*out = json_string_value(v);
	return 0;
}

/*
 * The request of one line, read the way policy eval authz reads its one
 * object (cmd_policy.c): the same fields, the same defaults (ACC-4: no
 * "confidentiality" means the account records a basis). Strings point
 * into in. 0, or -1 with bl->err set.
 */
static int
batch_facts(const struct profile *p, json_t *in, struct batch_line *bl)
{
	struct authz_request *rq = &bl->rq;
	const char *uid, *kind, *rel, *cat, *act, *author, *reason, *exp;
	json_t *user, *subject, *roles, *r, *conf, *team;
	size_t i;
	int k, c, a;

	memset(rq, 0, sizeof *rq);
	bl->expect = -1;
	bl->subject_id = NULL;
	if (!json_is_object(in))
		return batch_fail(bl, "the facts must be one JSON object");
	user = json_object_get(in, "user");
	subject = json_object_get(in, "subject");
	if (!json_is_object(user) || !json_is_object(subject))
		return batch_fail(bl, "\"user\" and \"subject\" must be "
				      "objects");
	roles = json_object_get(user, "roles");
	if (!json_is_array(roles))
		return batch_fail(bl, "\"user.roles\" must be an array");
	if (batch_string(bl, user, "id", true, &uid) != 0 ||
	    batch_string(bl, subject, "id", false, &bl->subject_id) != 0 ||
	    batch_string(bl, subject, "kind", true, &kind) != 0 ||
	    batch_string(bl, in, "category", true, &cat) != 0 ||
	    batch_string(bl, in, "action", true, &act) != 0 ||
	    batch_string(bl, in, "relation", false, &rel) != 0 ||
	    batch_string(bl, in, "entry_author", false, &author) != 0 ||
	    batch_string(bl, in, "break_glass_reason", false, &reason) != 0 ||
	    batch_string(bl, in, "expect", false, &exp) != 0)
		return -1;
	json_array_foreach(roles, i, r)
	{
		int x;

		if (!json_is_string(r))
			return batch_fail(bl, "\"user.roles\" must hold "
					      "strings");
		if ((x = profile_role_index(p, json_string_value(r))) < 0)
			return batch_fail(bl, "unknown role \"%.100s\" (ACC-1)",
					  json_string_value(r));
		rq->roles |= 1u << x;
	}
	conf = json_object_get(user, "confidentiality");
	if (conf != NULL && !json_is_null(conf) &&
	    (!json_is_string(conf) ||
	     vocab_confidentiality(json_string_value(conf)) < 0))
		return batch_fail(bl, "\"user.confidentiality\" must be a "
				      "basis (profession, office, law, "
				      "agreement) or null (ACC-4)");
	rq->confidentiality = conf == NULL || json_is_string(conf);
	if ((k = vocab_kind(kind)) < 0)
		return batch_fail(bl, "unknown subject kind \"%.100s\"", kind);
	if ((c = vocab_category(cat)) < 0)
		return batch_fail(bl, "unknown category \"%.100s\"", cat);
	if ((a = vocab_action(act)) < 0)
		return batch_fail(bl, "unknown action \"%.100s\"", act);
	if (rel != NULL) {
		int x = vocab_relation(rel);

		if (x < 0)
			return batch_fail(bl, "unknown relation \"%.100s\"",
					  rel);
		rq->relations = ZK_COND_OF_RELATION(x);
	}
	team = json_object_get(in, "same_team");
	if (team != NULL && !json_is_null(team) && !json_is_boolean(team))
		return batch_fail(bl, "\"same_team\" must be true or false");
	if (json_is_true(team))
		rq->relations |= ZK_COND_TEAM;
	if (exp != NULL) {
		if (strcmp(exp, "permit") != 0 && strcmp(exp, "deny") != 0)
			return batch_fail(bl,
					  "\"expect\" must be permit, deny "
					  "or null, not \"%.100s\"",
					  exp);
		bl->expect = strcmp(exp, "permit") == 0;
	}
	rq->user_id = uid;
	rq->kind = (enum zk_kind)k;
	rq->category = (enum zk_category)c;
	rq->action = (enum zk_action)a;
	rq->entry_author = author;
	rq->break_glass_reason = reason;
	return 0;
}

/*
 * The ids of --relations, numbered in the order first seen: an open
 * addressing table of strings, so a line's user and subject id become the
 * integers the relation index keys on. Numbering happens when a line is
 * parsed, outside the timed decision, as the service knows its account's
 * and subject's numbers before it asks.
 */
struct batch_ids {
	char **key;
	size_t cap, n;
};

static uint64_t
batch_hash(const char *k)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */

	for (; *k != '\0'; k++)
		h = (h ^ (unsigned char)*k) * 1099511628211ull;
	return h;
}

/* The number of k (1-based), added when add; 0 when absent or no memory. */
static int64_t
batch_id(struct batch_ids *ids, const char *k, int add)
{
	size_t i;

	if (add && (ids->n + 1) * 2 > ids->cap) {
		size_t ncap = ids->cap ? ids->cap * 2 : 1024;
		char **nk = calloc(ncap, sizeof *nk);

		if (nk == NULL)
			return 0;
		for (size_t j = 0; j < ids->cap; j++) {
			if (ids->key[j] == NULL)
				continue;
			i = batch_hash(ids->key[j] + sizeof(int64_t)) &
			    (ncap - 1);
			while (nk[i] != NULL)
				i = (i + 1) & (ncap - 1);
			nk[i] = ids->key[j];
		}
		free(ids->key);
		ids->key = nk;
		ids->cap = ncap;
	}
	if (ids->cap == 0)
		return 0;
	/* The number is kept in the bytes before the string. */
	for (i = batch_hash(k) & (ids->cap - 1); ids->key[i] != NULL;
	     i = (i + 1) & (ids->cap - 1))
		if (strcmp(ids->key[i] + sizeof(int64_t), k) == 0) {
			int64_t v;

			memcpy(&v, ids->key[i], sizeof v);
			return v;
		}
	if (!add)
		return 0;
	{
		size_t len = strlen(k);
		char *e = malloc(sizeof(int64_t) + len + 1);
		int64_t v = (int64_t)++ids->n;

		if (e == NULL)
			return 0;
		memcpy(e, &v, sizeof v);
		memcpy(e + sizeof v, k, len + 1);
		ids->key[i] = e;
		return v;
	}
}

static void
batch_ids_free(struct batch_ids *ids)
{
	for (size_t i = 0; i < ids->cap; i++)
		free(ids->key[i]);
	free(ids->key);
}

/* Loads --relations FILE into ix (tenant 1), open from day 0 onwards. */
static int
batch_relations(const char *file, struct batch_ids *ids, struct relindex *ix,
		size_t *count)
{
	char user[256], subject[256], rel[64], lbuf[1024];
	FILE *f = fopen(file, "r");
	long line = 0;
	int rc;

	if (f == NULL) {
		cli_error("policy eval authz --batch: cannot read %s", file);
		return ZK_EIO;
	}
	relindex_lock(ix);
	rc = relindex_begin(ix, 1, 1);
	while (rc == 0 && fgets(lbuf, sizeof lbuf, f) != NULL) {
		struct relindex_row r;
		int k;

		line++;
		if (strspn(lbuf, " \t\r\n") == strlen(lbuf))
			continue;
		if (sscanf(lbuf, "%255s %255s %63s", user, subject, rel) != 3 ||
		    (k = vocab_relation(rel)) < 0) {
			cli_error("policy eval authz --batch: %s line %ld: "
				  "expected USER SUBJECT RELATION with a "
				  "relation of the vocabulary",
				  file, line);
			rc = ZK_EINVAL;
			break;
		}
		memset(&r, 0, sizeof r);
		r.id = (int64_t)*count + 1;
		r.user = batch_id(ids, user, 1);
		r.subject = batch_id(ids, subject, 1);
		r.from = 0;
		r.until = INT32_MAX;
		r.kind = (unsigned)k;
		if (r.user == 0 || r.subject == 0)
			rc = ZK_ENOMEM;
		else
			rc = relindex_put(ix, &r);
		(*count)++;
	}
	if (rc == 0 && ferror(f))
		rc = ZK_EIO;
	relindex_done(ix, rc, 1);
	relindex_unlock(ix);
	fclose(f);
	return rc;
}

static int
batch_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* The nearest-rank percentile q (0 < q <= 1) of v; sorts v. */
static int64_t
batch_percentile(int64_t *v, size_t n, double q)
{
	size_t rank;

	if (n == 0)
		return 0;
	qsort(v, n, sizeof *v, batch_cmp);
	rank = (size_t)(q * (double)n + 0.999999);
	if (rank < 1)
		rank = 1;
	return v[(rank > n ? n : rank) - 1];
}

/* The median cost of one clock reading: what every timing includes. */
static int64_t
batch_timer_cost(void)
{
	int64_t v[1001];

	for (size_t i = 0; i < ZK_ARRAY_SIZE(v); i++) {
		int64_t t0 = batch_ns();

		v[i] = batch_ns() - t0;
	}
	return batch_percentile(v, ZK_ARRAY_SIZE(v), 0.5);
}

static void
batch_print(const struct authz_decision *d, int expect)
{
	printf("{\"decision\":\"%s\",\"reason\":\"%s\",\"rule\":\"%s\","
	       "\"break_glass\":%s,\"review\":%s",
	       d->permit ? "permit" : "deny", d->reason, d->rule,
	       d->break_glass ? "true" : "false", d->review ? "true" : "false");
	if (expect >= 0 && expect != (int)d->permit)
		printf(",\"expected\":\"%s\"", expect ? "permit" : "deny");
	fputs("}\n", stdout);
}

/* The error of one line: JSON on stdout, so one line out per line in. */
static void
batch_print_error(long line, const char *msg)
{
	json_t *o = json_pack("{s:i, s:{s:s, s:s}}", "line", (json_int_t)line,
			      "error", "code", "bad_line", "message", msg);
	char *s = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;

	if (s != NULL)
		puts(s);
	free(s);
	json_decref(o);
	cli_error("policy eval authz --batch: line %ld: %s", line, msg);
}

/* Grows the two arrays of timings to hold at least n. */
static int
batch_grow(int64_t **dec, int64_t **all, size_t *cap, size_t n)
{
	size_t ncap = *cap ? *cap * 2 : 4096;
	int64_t *d, *a;

	if (n <= *cap)
		return 0;
	if (n > BATCH_MAX_LINES)
		return ZK_ETOOBIG;
	if ((d = realloc(*dec, ncap * sizeof *d)) == NULL)
		return ZK_ENOMEM;
	*dec = d;
	if ((a = realloc(*all, ncap * sizeof *a)) == NULL)
		return ZK_ENOMEM;
	*all = a;
	*cap = ncap;
	return 0;
}

/* True when argv asks for policy eval authz --batch. */
int
cmd_policy_batch_wanted(int argc, char **argv)
{
	if (argc < 3 || strcmp(argv[1], "eval") != 0 ||
	    strcmp(argv[2], "authz") != 0)
		return 0;
	for (int i = 3; i < argc; i++)
		if (strcmp(argv[i], "--batch") == 0)
			return 1;
	return 0;
}

int
cmd_policy_batch(int argc, char **argv)
{
	struct profile *p = NULL;
	const char *pfile = NULL, *rfile = NULL;
	char *buf = NULL, *cause = NULL;
	struct batch_ids ids = {NULL, 0, 0};
	struct relindex *ix = NULL;
	size_t nrel = 0;
	int32_t today = zk_day_nl(zk_now());
	int64_t *dec = NULL, *all = NULL;
	size_t cap = 0, ndec = 0;
	long line = 0, errors = 0, expected = 0, mismatches = 0;
	int rc = CLI_OK;

	if (cli_wants_help(argc, argv)) {
		fputs(batch_usage, stdout);
		return CLI_OK;
	}
	for (int i = 3; i < argc; i++) {
		if (strcmp(argv[i], "--batch") == 0)
			continue;
		if (strcmp(argv[i], "--profile") == 0 && i + 1 < argc) {
			pfile = argv[++i];
		} else if (strncmp(argv[i], "--profile=", 10) == 0) {
			pfile = argv[i] + 10;
		} else if (strcmp(argv[i], "--relations") == 0 &&
			   i + 1 < argc) {
			rfile = argv[++i];
		} else {
			cli_error("policy eval: unexpected argument \"%s\"",
				  argv[i]);
			return CLI_USAGE;
		}
	}
	if (pfile == NULL) {
		cli_error("policy eval: --profile FILE is required");
		return CLI_USAGE;
	}
	if ((rc = profile_load_file(pfile, &p, &cause)) != 0)
		return cli_fail(rc, cause, "policy eval: bad profile");
	if (rfile != NULL) {
		if ((ix = relindex_new()) == NULL) {
			rc = cli_fail(ZK_ENOMEM, NULL, "policy eval");
			goto out;
		}
		if ((rc = batch_relations(rfile, &ids, ix, &nrel)) != 0) {
			rc = rc == ZK_EINVAL ? CLI_USAGE
					     : cli_fail(rc, NULL,
							"policy eval authz "
							"--batch: --relations");
			goto out;
		}
	}
	if ((buf = malloc(BATCH_MAX_LINE + 2)) == NULL) {
		rc = cli_fail(ZK_ENOMEM, NULL, "policy eval");
		goto out;
	}
	while (fgets(buf, BATCH_MAX_LINE + 2, stdin) != NULL) {
		struct batch_line bl;
		struct authz_decision d;
		json_error_t jerr;
		size_t len = strlen(buf);
		int64_t t0, t1, t2;
		json_t *in;
		int c;

		line++;
		if (len > 0 && buf[len - 1] == '\n') {
			buf[--len] = '\0';
		} else if (len > BATCH_MAX_LINE) {
			/* The rest of the long line is skipped, not read. */
			while ((c = getchar()) != EOF && c != '\n')
				;
			errors++;
			batch_print_error(line, "line longer than 64 KiB");
			continue;
		}
		if (len > 0 && buf[len - 1] == '\r')
			buf[--len] = '\0';
		if (strspn(buf, " \t") == len)
			continue; /* blank: skipped, still counted */
		t0 = batch_ns();
		in = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
		if (in == NULL) {
			snprintf(bl.err, sizeof bl.err, "column %d: %s",
				 jerr.column, jerr.text);
			errors++;
			batch_print_error(line, bl.err);
			continue;
		}
		if (batch_facts(p, in, &bl) != 0) {
			json_decref(in);
			errors++;
			batch_print_error(line, bl.err);
			continue;
		}
		if (ix != NULL) {
			int64_t u = batch_id(&ids, bl.rq.user_id, 0);
			int64_t sj = bl.subject_id == NULL
					 ? 0
					 : batch_id(&ids, bl.subject_id, 0);
			unsigned mask = 0;

			/* ACC-2: the relation is looked up, not given. */
			bl.rq.relations &= ZK_COND_TEAM;
			t1 = batch_ns();
			relindex_lock(ix);
			relindex_active(ix, 1, u, sj, today, &mask);
			relindex_unlock(ix);
			for (int r = 0; r < ZK_REL_COUNT; r++)
				if (mask & (1u << r))
					bl.rq.relations |=
					    ZK_COND_OF_RELATION(r);
			authz_decide(p, &bl.rq, &d);
			t2 = batch_ns();
		} else {
			t1 = batch_ns();
			authz_decide(p, &bl.rq, &d);
			t2 = batch_ns();
		}
		if ((rc = batch_grow(&dec, &all, &cap, ndec + 1)) != 0) {
			json_decref(in);
			rc = cli_fail(rc, NULL, "policy eval authz --batch");
			goto out;
		}
		dec[ndec] = t2 - t1;
		all[ndec] = t2 - t0;
		ndec++;
		if (bl.expect >= 0) {
			expected++;
			if (bl.expect != (int)d.permit) {
				mismatches++;
				cli_error(
				    "policy eval authz --batch: line %ld: "
				    "expected %s, decided %s (%s, %s)",
				    line, bl.expect ? "permit" : "deny",
				    d.permit ? "permit" : "deny", d.reason,
				    d.rule);
			}
		}
		batch_print(&d, bl.expect);
		json_decref(in);
	}
	if (ferror(stdin)) {
		rc = cli_fail(ZK_EIO, NULL, "policy eval authz --batch: stdin");
		goto out;
	}
	fflush(stdout);
	fprintf(stderr,
		"batch: lines=%ld decided=%zu errors=%ld expected=%ld "
		"mismatches=%ld relations=%zu decide_median_ns=%lld "
		"decide_p99_ns=%lld "
		"line_median_ns=%lld line_p99_ns=%lld timer_ns=%lld\n",
		line, ndec, errors, expected, mismatches, nrel,
		(long long)batch_percentile(dec, ndec, 0.5),
		(long long)batch_percentile(dec, ndec, 0.99),
		(long long)batch_percentile(all, ndec, 0.5),
		(long long)batch_percentile(all, ndec, 0.99),
		(long long)batch_timer_cost());
	rc = errors ? CLI_USAGE : mismatches ? CLI_FAIL : CLI_OK;
out:
	relindex_free(ix);
	batch_ids_free(&ids);
	free(buf);
	free(dec);
	free(all);
	profile_free(p);
	return rc;
}
