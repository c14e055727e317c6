/*
 * bench_authz.c: the cost of one authorisation decision (make bench).
 *
 *  1. authz_decide() alone, over a mix of requests (roles, categories,
 *     actions, relations) for the given profile.
 *  2. The decision as the one door makes it: the care relations of the
 *     user on the subject looked up in a store holding 1M care relations,
 *     then authz_decide(). First by a SQL statement, then from the
 *     relations in memory as the server keeps them (store/relindex.c):
 *     the time to load them, a lookup inside a transaction, and a lookup
 *     in a transaction of its own, which pays the transaction and the
 *     check that the copy is current.
 *  3. The check that the copy is current, each way: by the counter file
 *     the processes on a SQLite database share (store_epoch.h; one load,
 *     no transaction needed: the whole decision as the goal counts it),
 *     and by reading the table's epoch in every transaction (the strict
 *     path, and PostgreSQL's), with an empty transaction to tell the
 *     transaction's cost from the check's.
 *
 * All report the median and the 99th percentile of batches, per
 * decision. Benchmark code, not product code: it fills the store directly.
 *
 * usage: bench_authz PROFILE SCRATCH_DB [N]
 *
 * N users and N clients (default and at most 1000: 1M relations). The
 * scratch database may be a PostgreSQL conninfo (an empty database); a
 * smaller N keeps filling it short, and the strict path's cost there is a
 * round trip, whatever the number of relations.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "crypto/keys.h"
#include "policy/authz.h"
#include "profile/profile.h"
#include "store/store.h"

#define BATCH 1000
#define BATCHES 2000
#define USERS_MAX 1000

/* bench_n users x bench_n clients: the care relations. */
static int bench_n = USERS_MAX;

static double
bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The resident memory of this process, in bytes (Linux). */
static double
bench_rss(void)
{
	long pages = 0, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (f != NULL) {
		if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
			resident = 0;
		fclose(f);
	}
	return (double)resident * (double)sysconf(_SC_PAGESIZE);
}

static int
bench_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
bench_report(const char *what, double *ns, int n)
{
	qsort(ns, (size_t)n, sizeof *ns, bench_cmp);
	printf("%-44s median %8.1f ns   p99 %8.1f ns\n", what, ns[n / 2],
	       ns[n * 99 / 100]);
}

static void
bench_requests(const struct profile *p, struct authz_request *rq, int n)
{
	unsigned seed = 42;

	for (int i = 0; i < n; i++) {
		memset(&rq[i], 0, sizeof rq[i]);
		seed = seed * 1103515245u + 12345u;
		rq[i].user_id = "u1";
		rq[i].roles = 1u << ((seed >> 8) % (unsigned)p->nroles);
		rq[i].confidentiality = 1;
		rq[i].kind = ZK_KIND_CLIENT;
		rq[i].category = (enum zk_category)((seed >> 12) % 6);
		rq[i].action = (enum zk_action)((seed >> 16) % ZK_ACT_COUNT);
		rq[i].relations = (seed >> 20) % 2 ? ZK_COND_RESPONSIBLE : 0;
		rq[i].entry_author = (seed >> 22) % 2 ? "u1" : "u2";
	}
}

static int
bench_fill(struct store *s, int64_t *tenant, int64_t *users, int64_t *subjects)
{
	struct store_subject x;
	struct store_user u;
	struct store_relation r;
	int rc = store_begin(s);

	if (rc == 0)
		rc = store_tenant_create(s, "bench", "Bench", tenant);
	memset(&x, 0, sizeof x);
	memset(&u, 0, sizeof u);
	zk_buf_init(&x.identity, 0);
	zk_buf_append(&x.identity, "x", 1);
	zk_strlcpy(x.kind, "client", sizeof x.kind);
	zk_strlcpy(x.created_at, "2026-01-01T00:00:00Z", sizeof x.created_at);
	zk_strlcpy(u.confidentiality, "profession", sizeof u.confidentiality);
	zk_strlcpy(u.created_at, x.created_at, sizeof u.created_at);
	for (int i = 0; rc == 0 && i < bench_n; i++) {
		zk_uuid_new(u.uid);
		snprintf(u.username, sizeof u.username, "user%d", i);
		zk_strlcpy(u.display_name, u.username, sizeof u.display_name);
		rc = store_user_create(s, *tenant, &u, &users[i]);
	}
	for (int i = 0; rc == 0 && i < bench_n; i++) {
		zk_uuid_new(x.uid);
		rc = store_subject_create(s, *tenant, &x, &subjects[i]);
	}
	memset(&r, 0, sizeof r);
	zk_strlcpy(r.valid_from, "2020-01-01", sizeof r.valid_from);
	for (int i = 0; rc == 0 && i < bench_n; i++) {
		for (int j = 0; rc == 0 && j < bench_n; j++) {
			zk_uuid_new(r.uid);
			r.user_id = users[i];
			r.subject_id = subjects[j];
			zk_strlcpy(r.relation,
				   (i + j) % 3 == 0   ? "responsible"
				   : (i + j) % 3 == 1 ? "co_treating"
						      : "substitute",
				   sizeof r.relation);
			rc = store_relation_create(s, *tenant, &r, NULL);
		}
	}
	store_subject_release(&x);
	if (rc == 0)
		return store_commit(s);
	store_rollback(s);
	return rc;
}

/*
 * Times relation lookup plus decision over random pairs. tx 1 wraps each
 * in a read transaction of its own, as a request does; tx 2 times an
 * empty read transaction only; tx -1 makes one lookup only (the first,
 * which loads the index).
 */
static void
bench_lookups(const struct profile *p, struct store *s, int64_t tenant,
	      const int64_t *users, const int64_t *subjects,
	      struct authz_request *rq, double *ns, int tx, const char *what)
{
	static unsigned seed = 7;
	struct authz_decision d;
	int batches = tx < 0 ? 1 : BATCHES / 10, n = tx < 0 ? 1 : BATCH;
	volatile int sink = 0;

	for (int b = 0; b < batches; b++) {
		double t0 = bench_now();

		for (int i = 0; i < n; i++) {
			unsigned mask;

			seed = seed * 1103515245u + 12345u;
			if (tx > 0)
				store_begin_read(s);
			if (tx == 2) {
				sink += store_commit(s);
				continue;
			}
			store_relation_active(
			    s, tenant, users[(seed >> 8) % bench_n],
			    subjects[(seed >> 16) % bench_n],
			    zk_date_from_ymd(2026, 11, 23), &mask);
			rq[i].relations =
			    mask ? ZK_COND_OF_RELATION(__builtin_ctz(mask)) : 0;
			authz_decide(p, &rq[i], &d);
			if (tx > 0)
				store_commit(s);
			sink += d.permit;
		}
		ns[b] = (bench_now() - t0) * 1e9 / n;
	}
	(void)sink;
	if (what != NULL)
		bench_report(what, ns, batches);
}

int
main(int argc, char **argv)
{
	static struct authz_request rq[BATCH];
	static double ns[BATCHES];
	static int64_t users[USERS_MAX], subjects[USERS_MAX];
	struct authz_decision d;
	struct profile *p = NULL;
	struct store *s = NULL;
	char *cause = NULL, path[4096];
	int64_t tenant;
	volatile int sink = 0;
	double t0, rss;

	if (argc == 4) {
		long n = strtol(argv[3], NULL, 10);

		if (n > 0 && n < USERS_MAX)
			bench_n = (int)n;
	}
	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: bench_authz PROFILE SCRATCH_DB [N]\n");
		return 2;
	}
	if (profile_load_file(argv[1], &p, &cause) != 0) {
		fprintf(stderr, "bench_authz: %s\n", cause);
		return 1;
	}
	bench_requests(p, rq, BATCH);
	for (int b = 0; b < BATCHES; b++) {
		t0 = bench_now();
		for (int i = 0; i < BATCH; i++) {
			authz_decide(p, &rq[i], &d);
			sink += d.permit;
		}
		ns[b] = (bench_now() - t0) * 1e9 / BATCH;
	}
	bench_report("authz_decide() alone", ns, BATCHES);

	unlink(argv[2]);
	if (store_open(argv[2], STORE_CREATE, &s, &cause) != 0 ||
	    bench_fill(s, &tenant, users, subjects) != 0) {
		fprintf(stderr, "bench_authz: cannot fill the store: %s\n",
			cause ? cause : "");
		return 1;
	}
	if (bench_n != USERS_MAX)
		printf("(%d care relations, not 1M)\n", bench_n * bench_n);
	bench_lookups(p, s, tenant, users, subjects, rq, ns, 0,
		      bench_n == USERS_MAX
			  ? "relation lookup by SQL (1M) + decision"
			  : "relation lookup by SQL + decision");

	/* The server keeps the relations in memory (store_relation_index). */
	if (store_relation_index(s, NULL) != 0)
		return 1;
	rss = bench_rss();
	t0 = bench_now();
	bench_lookups(p, s, tenant, users, subjects, rq, ns, -1, NULL);
	printf("%-44s %8.0f ms\n", "loading 1M relations into memory",
	       (bench_now() - t0) * 1e3);
	printf("%-44s %8.0f MB\n", "memory they take (resident)",
	       (bench_rss() - rss) / 1e6);
	if (store_begin_read(s) != 0)
		return 1;
	bench_lookups(p, s, tenant, users, subjects, rq, ns, 0,
		      "relation lookup in memory (1M) + decision");
	store_commit(s);
	bench_lookups(p, s, tenant, users, subjects, rq, ns, 1,
		      "+ a transaction and its epoch check");
	bench_lookups(p, s, tenant, users, subjects, rq, ns, 2,
		      "  of which an empty read transaction");
	bench_lookups(p, s, tenant, users, subjects, rq, ns, 0,
		      "lookup + decision + counter-file check");
	/* The strict path: the table's epoch read in every transaction. */
	store_relation_bound(s, 0);
	bench_lookups(p, s, tenant, users, subjects, rq, ns, 1,
		      "+ transaction, epoch read from the table");
	store_close(s);
	unlink(argv[2]);
	snprintf(path, sizeof path, "%s-zkepoch", argv[2]);
	unlink(path);
	profile_free(p);
	return sink < 0;
}
