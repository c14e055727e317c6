/*
 * retention_sweep.c: the retention sweep (RET-1 to RET-4, LOG-6).
 *
 * For each organisation the sweep first destroys the data whose period
 * has ended, then prunes the log. Destruction goes through erasure's
 * key-store path (svc_erase): a whole record that is due loses its key,
 * some entries that are due go with a new key generation. Each subject
 * is one transaction, so a crash leaves every subject either as it was or
 * destroyed with its record and log entry. The log is pruned last, from
 * its front, after a checkpoint over its head: LOG-6 keeps entries at
 * least AUDIT_KEEP_YEARS from writing, and a signed prune record marks
 * the new start so that the chain still verifies (audit_prune.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit_prune.h"
#include "service/retention_sweep.h"
#include "service/service_int.h"
#include "store/store_sweep.h"

struct sweep_tenants {
	int n;
	struct store_tenant t[SVC_MAX_TENANTS];
};

static int
sweep_tenant_row(void *arg, const struct store_tenant *t)
{
	struct sweep_tenants *l = arg;

	if (l->n == SVC_MAX_TENANTS)
		return ZK_ETOOBIG;
	l->t[l->n++] = *t;
	return 0;
}

/*
 * LOG-6: prunes tenant's log front that is due, after a checkpoint over
 * its head (the witness must keep naming an entry that stays), and logs
 * the pruning in the same transaction. With dry_run only counts.
 */
static int
sweep_log(struct service *svc, const struct actor *a, struct svc_tenant *t,
	  const struct svc_retention_opts *o, struct svc_retention_summary *sum,
	  char **cause)
{
	struct audit_prune_result pr;
	struct audit_event ev;
	char before_ts[ZK_TIME_LEN], what[64], checks[96];
	int32_t before = audit_keep_from(o->on);
	int64_t first, last;
	int rc;

	zk_date_fmt(before, sum->log_before);
	if (o->dry_run) {
		snprintf(before_ts, sizeof before_ts, "%sT00:00:00Z",
			 sum->log_before);
		if ((rc = svc_begin_read(svc)) != 0)
			return zk_fail(cause, rc, "cannot read: %s",
				       zk_strerror(rc));
		rc = store_audit_due(svc->store, sum->tenant, before_ts, &first,
				     &last);
		store_rollback(svc->store);
		if (rc != 0)
			return zk_fail(cause, rc, "cannot read the log: %s",
				       zk_strerror(rc));
		sum->log_pruned = last >= first ? last - first + 1 : 0;
		return 0;
	}
	if ((rc = audit_checkpoint(svc->store, svc->keys, sum->tenant, zk_now(),
				   cause)) != 0)
		return rc;
	if ((rc = svc_begin_write(svc)) != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	rc = audit_prune(svc->store, svc->keys, sum->tenant, before, zk_now(),
			 &pr, cause);
	if (rc != 0 || pr.pruned == 0) {
		store_rollback(svc->store);
		return rc;
	}
	sum->log_pruned = pr.pruned;
	/* LOG-1: the pruning is itself logged: how many, up to which entry
	 * and the day before which they were written; no content. */
	svc_event_init(&ev, a, t, "audit.prune", 'D');
	snprintf(what, sizeof what, "%lld", (long long)pr.first_seq - 1);
	ev.object_type = "audit_log";
	ev.object_uid = what;
	snprintf(checks, sizeof checks,
		 "authz=system;log_before=%s;pruned=%lld", pr.before_day,
		 (long long)pr.pruned);
	ev.checks = checks;
	ev.reason = "log_retention";
	ev.rule = "LOG-6";
	return svc_log_commit(svc, a, &ev, cause);
}

static int
sweep_tenant(struct service *svc, const struct actor *sys,
	     const struct store_tenant *row, const struct svc_retention_opts *o,
	     char **cause)
{
	struct svc_retention_summary sum;
	struct svc_tenant *t;
	struct audit_event ev;
	struct actor a = *sys;
	int rc;

	memset(&sum, 0, sizeof sum);
	sum.tenant = row->id;
	snprintf(sum.slug, sizeof sum.slug, "%s", row->slug);
	a.tenant = row->id;
	if ((rc = svc_tenant(svc, row->id, &t, cause)) != 0)
		return rc;
	if (o->progress != NULL)
		o->progress(o->arg, sum.slug, 0, 1);
	if ((rc = sweep_log(svc, &a, t, o, &sum, cause)) != 0)
		return rc;
	if (o->dry_run) {
		/* LOG-1: the look at what is due is logged; no content. */
		if ((rc = svc_begin_read(svc)) != 0)
			return zk_fail(cause, rc, "cannot start: %s",
				       zk_strerror(rc));
		svc_event_init(&ev, &a, t, "retention.due", 'R');
		ev.object_type = "retention";
		ev.rule = "RET-4";
		ev.reason = "dry_run";
		if ((rc = svc_log_commit(svc, &a, &ev, cause)) != 0)
			return rc;
	}
	if (o->progress != NULL)
		o->progress(o->arg, sum.slug, 1, 1);
	if (o->summary != NULL)
		o->summary(o->arg, &sum);
	return 0;
}

int
svc_retention_run(struct service *svc, const struct actor *a,
		  const struct svc_retention_opts *o, char **cause)
{
	struct sweep_tenants *l;
	int rc;

	/* Deny by default: the sweep is a system job, run on the server. */
	if (!a->system)
		return zk_fail(cause, ZK_EDENIED,
			       "the retention sweep is run by the system "
			       "(zorgkluis retention run)");
	if ((l = calloc(1, sizeof *l)) == NULL)
		return ZK_ENOMEM;
	if ((rc = svc_begin_read(svc)) != 0) {
		free(l);
		return zk_fail(cause, rc, "cannot read: %s", zk_strerror(rc));
	}
	rc = store_tenant_list(svc->store, sweep_tenant_row, l);
	store_rollback(svc->store);
	for (int i = 0; rc == 0 && i < l->n; i++)
		if (o->tenant == 0 || l->t[i].id == o->tenant)
			rc = sweep_tenant(svc, a, &l->t[i], o, cause);
	free(l);
	if (rc != 0 && cause != NULL && *cause == NULL)
		zk_fail(cause, rc, "%s", zk_strerror(rc));
	return rc;
}
