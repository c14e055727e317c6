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
#include "policy/retention.h"
#include "store/store_retention.h"
#include "store/store_sweep.h"

/* --- the data that is due (RET-1 to RET-4) ------------------------------ */

/* The subjects the candidate queries found, sorted and unique. */
struct sweep_ids {
	int64_t *id;
	size_t n, cap;
};

static int
sweep_id_add(void *arg, int64_t subject)
{
	struct sweep_ids *l = arg;

	if (l->n > 0 && l->id[l->n - 1] == subject)
		return 0; /* rows come grouped by subject */
	if (l->n == l->cap) {
		size_t nc = l->cap ? 2 * l->cap : 64;
		int64_t *p = realloc(l->id, nc * sizeof *p);

		if (p == NULL)
			return ZK_ENOMEM;
		l->id = p;
		l->cap = nc;
	}
	l->id[l->n++] = subject;
	return 0;
}

static int
sweep_id_day(void *arg, int64_t subject, const char *day)
{
	(void)day;
	return sweep_id_add(arg, subject);
}

static int
sweep_id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * The last day d whose period p has ended by on (profile_period_add(d, p)
 * <= on): data from before d + 1 may be due. Found by bisection, as
 * periods in months and years have no fixed length.
 */
static int32_t
sweep_bound(int32_t on, const struct profile_period *p)
{
	int32_t lo = on - 400 * 366, hi = on;

	if (profile_period_add(lo, p) > on)
		return lo - 1;
	while (lo < hi) {
		int32_t mid = lo + (hi - lo + 1) / 2;

		if (profile_period_add(mid, p) <= on)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

static void
sweep_ts(int32_t day, char out[ZK_TIME_LEN])
{
	char d[ZK_DATE_LEN];

	zk_date_fmt(day, d);
	snprintf(out, ZK_TIME_LEN, "%sT00:00:00Z", d);
}

/*
 * RET-4: the candidates, by index only: entries made before the latest
 * bound of a period counted from creation (per category), subjects whose
 * record last changed before the latest bound of a period counted from
 * the last change, and subjects whose relationship ended before the
 * latest bound of one counted from its end. Each is a superset of what
 * is due; retention_decide() decides.
 */
static int
sweep_candidates(struct service *svc, const struct profile *p, int64_t tenant,
		 int32_t on, struct sweep_ids *l)
{
	int32_t changed = INT32_MIN, ended = INT32_MIN;
	char ts[ZK_TIME_LEN], day[ZK_DATE_LEN];
	int rc = 0;

	for (int c = 0; rc == 0 && c < ZK_CAT_COUNT; c++) {
		int32_t created = INT32_MIN;

		for (int k = 0; k < ZK_KIND_COUNT; k++) {
			struct profile_retention_rule r;
			int32_t b;

			if (!profile_retention_rule(p, (enum zk_category)c,
						    (enum zk_kind)k, &r))
				continue;
			b = sweep_bound(on, &r.period);
			if (r.from == PROFILE_FROM_CREATION && b > created)
				created = b;
			else if (r.from == PROFILE_FROM_LAST_CHANGE &&
				 b > changed)
				changed = b;
			else if (r.from == PROFILE_FROM_END_OF_RELATIONSHIP &&
				 b > ended)
				ended = b;
		}
		if (created == INT32_MIN)
			continue;
		sweep_ts(created + 1, ts);
		rc = store_sweep_created_before(
		    svc->store, tenant,
		    vocab_category_name((enum zk_category)c), ts, sweep_id_add,
		    l);
	}
	if (rc == 0 && changed != INT32_MIN) {
		zk_date_fmt(changed + 1, day);
		rc = store_retention_changed_before(svc->store, tenant, day,
						    sweep_id_day, l);
	}
	if (rc == 0 && ended != INT32_MIN) {
		zk_date_fmt(ended + 1, day);
		rc = store_retention_ended_before(svc->store, tenant, day,
						  sweep_id_day, l);
	}
	if (rc == 0 && l->n > 1) {
		size_t w = 1;

		qsort(l->id, l->n, sizeof *l->id, sweep_id_cmp);
		for (size_t i = 1; i < l->n; i++)
			if (l->id[i] != l->id[w - 1])
				l->id[w++] = l->id[i];
		l->n = w;
	}
	return rc;
}

/* One subject's entries and what the decision says of each. */
struct sweep_subject {
	struct service *svc;
	const struct profile *p;
	int64_t tenant, subject;
	struct retention_facts f; /* category and entry_created per entry */
	int holds[ZK_CAT_COUNT];  /* active holds per category (RET-3) */
	int64_t due_cat[ZK_CAT_COUNT]; /* due entries per category */
	int n, ndue, cap;
	char (*uid)[ZK_UUID_LEN]; /* the due entries */
	const char *rule;	  /* of the first due datum */
	int64_t held, floor;
};

static void
sweep_decide(struct sweep_subject *w, enum zk_category c, int32_t created,
	     struct retention_answer *ans)
{
	w->f.category = c;
	w->f.entry_created = created;
	w->f.holds = w->holds[c];
	retention_decide(w->p, &w->f, ans);
	if (!ans->due && strcmp(ans->rule, "RET-3") == 0)
		w->held++;
	else if (!ans->due && ans->floor)
		w->floor++;
	if (ans->due && w->rule == NULL)
		w->rule = ans->rule;
}

static int
sweep_entry_cb(void *arg, const char *uid, const char *category,
	       const char *created_at)
{
	struct sweep_subject *w = arg;
	struct retention_answer ans;
	char d[ZK_DATE_LEN];
	int32_t created;
	int c = vocab_category(category);

	w->n++;
	if (c < 0 || strlen(created_at) < ZK_DATE_LEN - 1)
		return 0; /* unknown: kept */
	memcpy(d, created_at, ZK_DATE_LEN - 1);
	d[ZK_DATE_LEN - 1] = '\0';
	if (zk_date_parse(d, &created) != 0)
		return 0;
	sweep_decide(w, (enum zk_category)c, created, &ans);
	if (!ans.due)
		return 0;
	if (w->ndue == w->cap) {
		int nc = w->cap ? 2 * w->cap : 16;
		void *p = realloc(w->uid, (size_t)nc * sizeof *w->uid);

		if (p == NULL)
			return ZK_ENOMEM;
		w->uid = p;
		w->cap = nc;
	}
	zk_strlcpy(w->uid[w->ndue++], uid, ZK_UUID_LEN);
	w->due_cat[c]++;
	return 0;
}

/* RET-3: a hold on one category, or (NULL) on every one. */
static int
sweep_hold_cb(void *arg, const char *category, int n)
{
	struct sweep_subject *w = arg;
	int c;

	if (category == NULL) {
		for (c = 0; c < ZK_CAT_COUNT; c++)
			w->holds[c] += n;
	} else if ((c = vocab_category(category)) >= 0)
		w->holds[c] += n;
	return 0;
}

static int32_t
sweep_day(const char *s)
{
	int32_t d;

	return s[0] != '\0' && zk_date_parse(s, &d) == 0 ? d
							 : RETENTION_NO_DATE;
}

/*
 * Decides and destroys what is due of one subject (RET-4): the whole
 * record when every entry and the identity are due (its key is
 * destroyed), else the entries that are due (a new key generation), both
 * through erasure's own path, svc_erase(), in one transaction with its
 * destruction record and log entry. The identity alone is never destroyed
 * while entries of the record stay.
 */
static int
sweep_subject(struct service *svc, const struct actor *a,
	      const struct profile *p, int64_t subject,
	      const struct svc_retention_opts *o,
	      struct svc_retention_summary *sum, char **cause)
{
	struct store_retention_facts facts;
	struct retention_answer id_ans;
	struct sweep_subject w;
	struct svc_erase_input in;
	char uid[ZK_UUID_LEN], on[ZK_DATE_LEN];
	const char **uids = NULL;
	json_t *record = NULL;
	int kind, whole, rc;

	memset(&w, 0, sizeof w);
	w.svc = svc;
	w.p = p;
	w.tenant = a->tenant;
	w.subject = subject;
	zk_date_fmt(o->on, on);
	if ((rc = svc_begin_read(svc)) != 0)
		return zk_fail(cause, rc, "cannot read: %s", zk_strerror(rc));
	rc = store_subject_uid(svc->store, a->tenant, subject, uid);
	if (rc == 0)
		rc = store_retention_facts(svc->store, a->tenant, subject, on,
					   &facts);
	if (rc == 0 && (kind = vocab_kind(facts.kind)) < 0)
		rc = ZK_ECORRUPT;
	/* RET-3: the holds first, so that no statement runs inside the
	 * entries' scan; one statement for every category. */
	if (rc == 0)
		rc = store_sweep_holds(svc->store, a->tenant, subject,
				       sweep_hold_cb, &w);
	if (rc == 0) {
		w.f.kind = (enum zk_kind)kind;
		w.f.record_last_change = sweep_day(facts.record_changed_on);
		w.f.relationship_ended = sweep_day(facts.ended_on);
		w.f.on = o->on;
		sweep_decide(&w, ZK_CAT_IDENTITY, w.f.record_last_change,
			     &id_ans);
	}
	if (rc == 0)
		rc = store_sweep_entries(svc->store, a->tenant, subject,
					 sweep_entry_cb, &w);
	store_rollback(svc->store);
	if (rc == ZK_ENOTFOUND) { /* gone meanwhile (erased) */
		free(w.uid);
		return 0;
	}
	if (rc != 0) {
		free(w.uid);
		return zk_fail(cause, rc, "cannot read subject %lld: %s",
			       (long long)subject, zk_strerror(rc));
	}
	sum->held += w.held;
	sum->floor += w.floor;
	whole = id_ans.due && w.ndue == w.n;
	if (!whole && w.ndue == 0) {
		free(w.uid);
		return 0;
	}
	if (whole) {
		sum->subjects++;
		sum->by_kind[kind]++;
	}
	sum->entries += w.ndue;
	for (int c = 0; c < ZK_CAT_COUNT; c++)
		sum->by_cat[c][kind] += w.due_cat[c];
	if (o->dry_run) {
		free(w.uid);
		return 0;
	}
	memset(&in, 0, sizeof in);
	in.subject_uid = uid;
	in.ground = "no_longer_needed";
	in.retention_rule = w.rule;
	if (!whole) {
		if ((uids = calloc((size_t)w.ndue, sizeof *uids)) == NULL) {
			free(w.uid);
			return ZK_ENOMEM;
		}
		for (int i = 0; i < w.ndue; i++)
			uids[i] = w.uid[i];
		in.entry_uids = uids;
		in.nentries = w.ndue;
	}
	rc = svc_erase(svc, a, &in, &record, cause);
	json_decref(record);
	free(uids);
	free(w.uid);
	return rc;
}

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
	struct sweep_ids ids = {0};
	char checks[200], on[ZK_DATE_LEN];
	int rc;

	memset(&sum, 0, sizeof sum);
	sum.tenant = row->id;
	snprintf(sum.slug, sizeof sum.slug, "%s", row->slug);
	a.tenant = row->id;
	zk_date_fmt(o->on, on);
	if ((rc = svc_tenant(svc, row->id, &t, cause)) != 0)
		return rc;
	if ((rc = svc_begin_read(svc)) != 0)
		return zk_fail(cause, rc, "cannot read: %s", zk_strerror(rc));
	rc = sweep_candidates(svc, t->profile, row->id, o->on, &ids);
	store_rollback(svc->store);
	if (rc != 0) {
		free(ids.id);
		return zk_fail(cause, rc, "cannot find what is due: %s",
			       zk_strerror(rc));
	}
	sum.candidates = (int64_t)ids.n;
	for (size_t i = 0; rc == 0 && i < ids.n; i++) {
		if (o->progress != NULL)
			o->progress(o->arg, sum.slug, (int64_t)i,
				    (int64_t)ids.n + 1);
		rc = sweep_subject(svc, &a, t->profile, ids.id[i], o, &sum,
				   cause);
	}
	free(ids.id);
	if (rc != 0)
		return rc;
	if (o->progress != NULL)
		o->progress(o->arg, sum.slug, (int64_t)ids.n,
			    (int64_t)ids.n + 1);
	if ((rc = sweep_log(svc, &a, t, o, &sum, cause)) != 0)
		return rc;
	/* LOG-1: the run, or the look at what is due, is logged with its
	 * counts; each destruction has its own entry (svc_erase). A quiet
	 * look is logged by its caller, as the one who looked. */
	if (o->dry_run && o->quiet)
		goto done;
	if ((rc = svc_begin_read(svc)) != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	svc_event_init(&ev, &a, t,
		       o->dry_run ? "retention.due" : "retention.run",
		       o->dry_run ? 'R' : 'D');
	snprintf(checks, sizeof checks,
		 "authz=system;on=%s;records=%lld;entries=%lld;held=%lld;"
		 "floor=%lld;log_pruned=%lld",
		 on, (long long)sum.subjects, (long long)sum.entries,
		 (long long)sum.held, (long long)sum.floor,
		 (long long)sum.log_pruned);
	ev.object_type = "retention";
	ev.checks = checks;
	ev.rule = "RET-4";
	ev.reason = o->dry_run ? "dry_run" : "retention";
	if ((rc = svc_log_commit(svc, &a, &ev, cause)) != 0)
		return rc;
done:
	if (o->progress != NULL)
		o->progress(o->arg, sum.slug, (int64_t)ids.n + 1,
			    (int64_t)ids.n + 1);
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

/* --- what is due, for the DPO (RET-4, FG-1) ------------------------------ */

static void
due_summary(void *arg, const struct svc_retention_summary *s)
{
	*(struct svc_retention_summary *)arg = *s;
}

/*
 * Starts a read for the DPO's look or run and lets only the DPO on:
 * deny by default, and never the system through this door (the system's
 * run is svc_retention_run). 0 with the read open, or the refusal, logged.
 */
static int
retention_dpo_only(struct service *svc, const struct actor *a,
		   const struct svc_tenant *t, struct audit_event *ev,
		   struct authz_decision *d, char *checks, size_t n,
		   char **cause)
{
	int rc;

	if ((rc = svc_begin_read(svc)) != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	d->rule = "RET-4";
	if (a->system || !svc_event_role(ev, a, t, 1u << ZK_ROLE_DPO)) {
		d->reason = "dpo_only";
		svc_event_decision(ev, d, 0, checks, n);
		return svc_refuse(svc, a, ev, d, cause);
	}
	return 0;
}

int
svc_retention_due(struct service *svc, const struct actor *a, int32_t on,
		  json_t **out, char **cause)
{
	struct authz_decision d = {0};
	struct svc_retention_summary sum;
	struct svc_retention_opts o;
	struct store_tenant row;
	struct svc_tenant *t;
	struct audit_event ev;
	struct actor sys;
	char checks[240], day[ZK_DATE_LEN];
	int rc;

	*out = NULL;
	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0)
		return rc;
	svc_event_init(&ev, a, t, "retention.due", 'R');
	ev.object_type = "retention";
	if ((rc = retention_dpo_only(svc, a, t, &ev, &d, checks, sizeof checks,
				     cause)) != 0)
		return rc;
	store_rollback(svc->store);
	/*
	 * The look is the sweep's own dry run, for this organisation only,
	 * so that what the DPO sees is what a run would do. Its cost
	 * follows what is due: the candidates come by index (the sweep's
	 * own queries), and each is decided from its entries' category and
	 * date, without their content. It is quiet: the one log entry of
	 * the look is the DPO's, below, not a second write as the system.
	 */
	memset(&o, 0, sizeof o);
	memset(&sum, 0, sizeof sum);
	memset(&row, 0, sizeof row);
	o.on = on;
	o.dry_run = 1;
	o.quiet = 1;
	o.tenant = a->tenant;
	o.summary = due_summary;
	o.arg = &sum;
	row.id = a->tenant;
	svc_actor_system(&sys, a->tenant, "retention", a->access_point);
	if ((rc = sweep_tenant(svc, &sys, &row, &o, cause)) != 0)
		return rc;
	zk_date_fmt(on, day);
	if ((rc = svc_begin_read(svc)) != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	d.permit = true;
	d.reason = "dpo";
	d.role = ev.user_role;
	svc_event_decision(&ev, &d, 0, checks, sizeof checks);
	snprintf(checks + strlen(checks), sizeof checks - strlen(checks),
		 ";on=%s;records=%lld;entries=%lld;held=%lld;floor=%lld", day,
		 (long long)sum.subjects, (long long)sum.entries,
		 (long long)sum.held, (long long)sum.floor);
	ev.checks = checks;
	if ((rc = svc_log_commit(svc, a, &ev, cause)) != 0)
		return rc;
	*out = json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:s, s:s}", "on",
			 day, "candidates", (json_int_t)sum.candidates,
			 "records", (json_int_t)sum.subjects, "entries",
			 (json_int_t)sum.entries, "held", (json_int_t)sum.held,
			 "floor", (json_int_t)sum.floor, "log_entries",
			 (json_int_t)sum.log_pruned, "log_before",
			 sum.log_before, "rule", "RET-4");
	return *out != NULL ? 0 : ZK_ENOMEM;
}

/* --- the DPO starts the sweep (RET-4) ------------------------------------ */

/* The summary as the API gives it: counts, never who. */
static json_t *
dpo_summary_json(const struct svc_retention_summary *s, const char *day,
		 int dry_run)
{
	json_t *o, *kinds = json_object(), *by = json_array();

	if (kinds == NULL || by == NULL)
		goto fail;
	for (int k = 0; k < ZK_KIND_COUNT; k++) {
		if (s->by_kind[k] > 0 &&
		    json_object_set_new(kinds, vocab_kind_name((enum zk_kind)k),
					json_integer(s->by_kind[k])) != 0)
			goto fail;
		for (int c = 0; c < ZK_CAT_COUNT; c++)
			if (s->by_cat[c][k] > 0 &&
			    json_array_append_new(
				by,
				json_pack(
				    "{s:s, s:s, s:I}", "kind",
				    vocab_kind_name((enum zk_kind)k),
				    "category",
				    vocab_category_name((enum zk_category)c),
				    "entries", (json_int_t)s->by_cat[c][k])) !=
				0)
				goto fail;
	}
	o = json_pack(
	    "{s:s, s:b, s:I, s:I, s:I, s:I, s:I, s:I, s:s, s:o, "
	    "s:o, s:s}",
	    "on", day, "dry_run", dry_run, "candidates",
	    (json_int_t)s->candidates, "records", (json_int_t)s->subjects,
	    "entries", (json_int_t)s->entries, "held", (json_int_t)s->held,
	    "floor", (json_int_t)s->floor, "log_entries",
	    (json_int_t)s->log_pruned, "log_before", s->log_before,
	    "records_by_kind", kinds, "entries_by", by, "rule", "RET-4");
	return o;
fail:
	json_decref(kinds);
	json_decref(by);
	return NULL;
}

int
svc_retention_dpo_run(struct service *svc, const struct actor *a, int32_t on,
		      int dry_run, int confirm, json_t **out, char **cause)
{
	struct authz_decision d = {0};
	struct svc_retention_summary sum;
	struct svc_retention_opts o;
	struct store_tenant row;
	struct svc_tenant *t;
	struct audit_event ev;
	struct actor sys;
	char checks[240], day[ZK_DATE_LEN], today[ZK_DATE_LEN];
	int rc;

	*out = NULL;
	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0)
		return rc;
	svc_event_init(&ev, a, t, dry_run ? "retention.due" : "retention.run",
		       dry_run ? 'R' : 'D');
	ev.object_type = "retention";
	ev.rule = "RET-4";
	if ((rc = retention_dpo_only(svc, a, t, &ev, &d, checks, sizeof checks,
				     cause)) != 0)
		return rc;
	zk_date_fmt(on, day);
	zk_date_fmt(svc_today(svc), today);
	/* A run is today's: a day in the future would destroy what is not
	 * yet due, one in the past would say less than is due. */
	if (on != svc_today(svc)) {
		store_rollback(svc->store);
		return zk_fail(cause, ZK_EINVAL,
			       "a retention run counts from today (%s), not "
			       "from %s",
			       today, day);
	}
	if (!dry_run && !confirm) {
		store_rollback(svc->store);
		return zk_fail(cause, ZK_EINVAL,
			       "a run that destroys needs \"confirm\": true");
	}
	/* LOG-1: the DPO's start is logged before the run, so that it stays
	 * logged whatever the run does. */
	d.permit = true;
	d.reason = "dpo";
	d.role = ev.user_role;
	svc_event_decision(&ev, &d, 0, checks, sizeof checks);
	snprintf(checks + strlen(checks), sizeof checks - strlen(checks),
		 ";on=%s;dry_run=%d", day, dry_run ? 1 : 0);
	ev.checks = checks;
	ev.reason = dry_run ? "dry_run" : "retention";
	if ((rc = svc_log_commit(svc, a, &ev, cause)) != 0)
		return rc;
	/* The run itself is the system's sweep of this organisation, with
	 * the DPO named as responsible in each of its log entries. */
	memset(&o, 0, sizeof o);
	memset(&sum, 0, sizeof sum);
	memset(&row, 0, sizeof row);
	o.on = on;
	o.dry_run = dry_run;
	o.tenant = a->tenant;
	o.summary = due_summary;
	o.arg = &sum;
	row.id = a->tenant;
	svc_actor_system(&sys, a->tenant, "retention", a->access_point);
	zk_strlcpy(sys.on_behalf_of, a->user_uid, sizeof sys.on_behalf_of);
	if ((rc = sweep_tenant(svc, &sys, &row, &o, cause)) != 0)
		return rc;
	*out = dpo_summary_json(&sum, day, dry_run);
	return *out != NULL ? 0 : ZK_ENOMEM;
}
