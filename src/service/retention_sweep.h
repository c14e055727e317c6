/*
 * retention_sweep.h: the retention sweep (RET-1 to RET-4, LOG-6): what a
 * run destroys and prunes, per organisation.
 */
#ifndef ZK_RETENTION_SWEEP_H
#define ZK_RETENTION_SWEEP_H

#include <stdint.h>

#include <jansson.h>

#include "policy/vocab.h"
#include "service/service.h"

/* What one organisation's run did, or would do with dry_run. */
struct svc_retention_summary {
	int64_t tenant;
	char slug[64];
	int64_t candidates; /* subjects and entries looked at */
	int64_t subjects;   /* whole records destroyed */
	int64_t entries;    /* entries destroyed (whole records too) */
	int64_t held;	    /* kept by a legal hold (RET-3) */
	int64_t floor;	    /* kept by the WGBO floor (RET-1) */
	int64_t log_pruned; /* log entries pruned (LOG-6) */
	char log_before[ZK_DATE_LEN]; /* entries written before it were due */
	/* entries destroyed per category and subject kind, whole records
	 * per kind (RET-1: the profile sets periods per both) */
	int64_t by_cat[ZK_CAT_COUNT][ZK_KIND_COUNT];
	int64_t by_kind[ZK_KIND_COUNT];
};

struct svc_retention_opts {
	int32_t on;	/* the day the run counts from (svc_today()) */
	int dry_run;	/* change nothing; say what would go */
	int64_t tenant; /* 0: every organisation */
	int quiet;	/* dry_run only: the caller logs the look */
	/* Called as candidates are done (may be NULL): done of total. */
	void (*progress)(void *arg, const char *slug, int64_t done,
			 int64_t total);
	/* Called once per organisation when it is done (may be NULL). */
	void (*summary)(void *arg, const struct svc_retention_summary *s);
	void *arg;
};

/*
 * RET-4, LOG-6: runs the sweep as the system actor a (refused to anyone
 * else, ZK_EDENIED). For each organisation: destroys what is due through
 * the key-store destruction of erasure, one subject per transaction, and
 * leaves a content-free destruction record; then signs a checkpoint and
 * prunes the log's front older than AUDIT_KEEP_YEARS. Every act is
 * logged without content. With dry_run nothing changes and one
 * "retention.due" entry per organisation logs the look.
 */
int svc_retention_run(struct service *svc, const struct actor *a,
		      const struct svc_retention_opts *o, char **cause);

/*
 * RET-4, FG-1: what a run on day on would do in a's organisation, for the
 * DPO only (others ZK_EDENIED, logged): the sweep's own dry run, as
 * {"on", "candidates", "records", "entries", "held", "floor",
 * "log_entries", "log_before", "rule"}. Counts, never who.
 */
int svc_retention_due(struct service *svc, const struct actor *a, int32_t on,
		      json_t **out, char **cause);

/*
 * RET-4: the DPO starts the sweep for the DPO's own organisation, today
 * (on must be svc_today(); else ZK_EINVAL), as over POST
 * /api/v1/retention/run. Anyone else is ZK_EDENIED (logged). A run that
 * destroys needs confirm; with dry_run nothing changes. The DPO's start
 * is logged before the run, and every entry of the run names the DPO as
 * on_behalf_of. *out: {"on", "dry_run", "candidates", "records",
 * "entries", "held", "floor", "log_entries", "log_before",
 * "records_by_kind": {kind: n}, "entries_by": [{"kind", "category",
 * "entries"}], "rule"}. Counts, never who.
 */
int svc_retention_dpo_run(struct service *svc, const struct actor *a,
			  int32_t on, int dry_run, int confirm, json_t **out,
			  char **cause);

#endif
