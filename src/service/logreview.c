/*
 * logreview.c: the DPO's systematic review of the log (LOG-7, FG-2, M§17).
 *
 * Six reports over a period of Dutch calendar days, each a query over the
 * log by time (store_logreview.h) and, for the two that count, a sliding
 * window over its rows:
 *
 *   no_relation    refused attempts outside a care relation (ACC-2);
 *   bulk           more than N distinct clients read by one user within a
 *                  window of W minutes (default 20 within 60);
 *   colleague      reads of the record of a client who is also a staff
 *                  member, by anyone but that staff member;
 *   public_figure  reads of a client the DPO flagged as a public figure;
 *   denials        more than M refusals of one user within W minutes
 *                  (default 5 within 10);
 *   night          acts on a client's data between 23:00 and 06:00
 *                  Europe/Amsterdam (summer time by the EU rule).
 *
 * Each row names who (the account's id and name), which client (by id),
 * when, what (event and action) and why it is in the report; never care
 * content (LOG-4). Reading the log is itself logged (LOG-6); only the DPO
 * (base role dpo) may. The break-the-glass queue is review.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "service/service_int.h"
#include "service/logreview.h"
#include "store/store_logreview.h"

/* The longest period a report covers, in days. */
#define LR_MAX_DAYS 366
/* The most rows a report answers; more are cut off and said to be. */
#define LR_MAX_ROWS 1000
/* The most log rows a counting report holds at once (ZK_ETOOBIG). */
#define LR_MAX_SCAN 200000

static const char *const lr_kinds[] = {"no_relation",	"bulk",	   "colleague",
				       "public_figure", "denials", "night"};

/* --- Dutch local time ---------------------------------------------------- */

/* The day (since 1970) of the last Sunday of month m of year y. */
static int32_t
lr_last_sunday(int y, int m)
{
	int32_t d = zk_date_from_ymd(y, m, zk_date_to_ymd_last(y, m));

	/* 1970-01-01 was a Thursday: (d + 4) % 7 is 0 on a Sunday. */
	return d - (int32_t)(((d + 4) % 7 + 7) % 7);
}

/*
 * Europe/Amsterdam's offset from UTC at t, in seconds: summer time runs
 * from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last
 * Sunday of October (EU directive 2000/84/EC), as zk_day_nl() counts.
 */
static int64_t
lr_offset(int64_t t)
{
	int y, m, d;
	int64_t start, end;

	zk_date_to_ymd(zk_date_of_time(t), &y, &m, &d);
	start = (int64_t)lr_last_sunday(y, 3) * 86400 + 3600;
	end = (int64_t)lr_last_sunday(y, 10) * 86400 + 3600;
	return t >= start && t < end ? 7200 : 3600;
}

/* The UTC time at which Dutch calendar day starts (local midnight). */
static int64_t
lr_day_start(int32_t day)
{
	int64_t t = (int64_t)day * 86400 - 7200;

	return lr_offset(t) == 7200 ? t : (int64_t)day * 86400 - 3600;
}

int
svc_lr_local_hour(int64_t t, int *minute)
{
	int64_t l = t + lr_offset(t), s = ((l % 86400) + 86400) % 86400;

	if (minute != NULL)
		*minute = (int)(s / 60 % 60);
	return (int)(s / 3600);
}

/* --- who may ------------------------------------------------------------- */

/*
 * Opens the read of the log for a DPO: the tenant, the transaction and ev
 * in the DPO's role (LOG-6, FG-2). Anyone else is refused, and that is
 * logged too.
 */
static int
lr_begin(struct service *svc, const struct actor *a, const char *event,
	 const char *what, struct svc_tenant **t, struct audit_event *ev,
	 char *checks, size_t n, char **cause)
{
	struct authz_decision d = {0};
	int rc;

	if ((rc = svc_tenant(svc, a->tenant, t, cause)) != 0)
		return rc;
	svc_event_init(ev, a, *t, event, 'R');
	ev->object_type = "audit_log";
	ev->object_uid = what;
	if ((rc = svc_begin_read(svc)) != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	d.rule = "LOG-6";
	if (a->system || !svc_event_role(ev, a, *t, 1u << ZK_ROLE_DPO)) {
		d.reason = "dpo_only";
		svc_event_decision(ev, &d, 0, checks, n);
		return svc_refuse(svc, a, ev, &d, cause);
	}
	d.permit = true;
	d.reason = "dpo";
	d.role = ev->user_role;
	svc_event_decision(ev, &d, 0, checks, n);
	ev->rule = "LOG-7";
	return 0;
}

/* --- the reports --------------------------------------------------------- */

/* One row of a report as found, before it is told. */
struct lr_hit {
	const char *kind, *why;
	const struct store_lr_row *r; /* the (first) entry */
	const char *until;	      /* the last entry of a window */
	long count;		      /* entries or clients in the window */
	json_t *clients;	      /* bulk: the clients read (borrowed) */
};

struct lr_run {
	struct service *svc;
	int64_t tenant;
	const struct svc_lr_query *q;
	int (*emit)(struct lr_run *run, const struct lr_hit *h);
	json_t *rows; /* the report's rows, or NULL */
	int truncated;
	int32_t first_day; /* anomalies: the first day counted */
	int ndays;
	long *counts; /* anomalies: [day * nkinds + kind] */
	struct {
		char uid[48], name[64], display[128];
	} names[32]; /* accounts looked up, most recent first */
	int nnames;
};

/*
 * The cached names of the account uid (both "" when it is unknown): the
 * username, and the display name a person reads in the report.
 */
static int
lr_account(struct lr_run *run, const char *uid)
{
	struct store_user u;
	int i;

	for (i = 0; i < run->nnames; i++)
		if (strcmp(run->names[i].uid, uid) == 0)
			return i;
	i = run->nnames < (int)ZK_ARRAY_SIZE(run->names) ? run->nnames++
							 : run->nnames - 1;
	zk_strlcpy(run->names[i].uid, uid, sizeof run->names[i].uid);
	run->names[i].name[0] = '\0';
	run->names[i].display[0] = '\0';
	memset(&u, 0, sizeof u);
	if (store_user_get_uid(run->svc->store, run->tenant, uid, &u) == 0) {
		zk_strlcpy(run->names[i].name, u.username,
			   sizeof run->names[i].name);
		zk_strlcpy(run->names[i].display, u.display_name,
			   sizeof run->names[i].display);
	}
	sodium_memzero(&u, sizeof u);
	return i;
}

/* The username of the account uid, "" when it is unknown. */
static const char *
lr_username(struct lr_run *run, const char *uid)
{
	return uid == NULL ? "" : run->names[lr_account(run, uid)].name;
}

/* The display name of the account uid, "" when it is unknown. */
static const char *
lr_display(struct lr_run *run, const char *uid)
{
	return uid == NULL ? "" : run->names[lr_account(run, uid)].display;
}

/* A hit as a row of the report's JSON. */
static int
lr_emit_row(struct lr_run *run, const struct lr_hit *h)
{
	const struct store_lr_row *r = h->r;
	char local[8];
	int hh, mm;
	json_t *o;

	if (json_array_size(run->rows) >= LR_MAX_ROWS) {
		run->truncated = 1;
		return 0;
	}
	{
		int64_t t = 0;

		(void)zk_time_parse(r->ts, &t);
		hh = svc_lr_local_hour(t, &mm);
		snprintf(local, sizeof local, "%02d:%02d", hh, mm);
	}
	o = json_pack(
	    "{s:s, s:s, s:s, s:s?, s:s, s:s?, s:s?, s:s, s:s, s:s, "
	    "s:s, s:s, s:s, s:s?, s:s?, s:s?}",
	    "kind", h->kind, "why", h->why, "at", r->ts, "until", h->until,
	    "local_time", local, "user", r->user_uid, "role", r->user_role,
	    "username", lr_username(run, r->user_uid), "display_name",
	    lr_display(run, r->user_uid), "event", r->event, "action",
	    r->action, "outcome", r->outcome, "reason", r->reason, "client",
	    h->clients ? NULL : r->subject_uid, "object_type", r->object_type,
	    "break_glass", r->break_glass_ref);
	if (o == NULL)
		return ZK_ENOMEM;
	if (h->count > 0 &&
	    json_object_set_new(o, "count", json_integer(h->count)) != 0)
		goto nomem;
	if (h->clients != NULL &&
	    json_object_set(o, "clients", h->clients) != 0)
		goto nomem;
	if (r->linked_user != NULL &&
	    (json_object_set_new(
		 o, "colleague",
		 json_string(lr_username(run, r->linked_user))) != 0 ||
	     json_object_set_new(
		 o, "colleague_name",
		 json_string(lr_display(run, r->linked_user))) != 0))
		goto nomem;
	if (json_array_append_new(run->rows, o) != 0)
		return ZK_ENOMEM;
	return 0;
nomem:
	json_decref(o);
	return ZK_ENOMEM;
}

/* A hit counted on its Dutch day, for the anomalies chart. */
static int
lr_emit_count(struct lr_run *run, const struct lr_hit *h)
{
	int64_t t;
	int day, k;

	if (zk_time_parse(h->r->ts, &t) != 0)
		return 0;
	day = zk_day_nl(t) - run->first_day;
	for (k = 0; k < (int)ZK_ARRAY_SIZE(lr_kinds); k++)
		if (strcmp(lr_kinds[k], h->kind) == 0)
			break;
	if (day >= 0 && day < run->ndays && k < (int)ZK_ARRAY_SIZE(lr_kinds))
		run->counts[day * (int)ZK_ARRAY_SIZE(lr_kinds) + k]++;
	return 0;
}

/* no_relation, colleague, public_figure, night: one hit per entry. */
static int
lr_each(void *arg, const struct store_lr_row *r)
{
	struct lr_run *run = arg;
	const char *kind = run->q->kind;
	struct lr_hit h = {kind, NULL, r, NULL, 0, NULL};

	if (strcmp(kind, "no_relation") == 0) {
		/* ACC-2: refused for want of (a covering) care relation. */
		if (r->rule == NULL || strcmp(r->rule, "ACC-2") != 0)
			return 0;
		h.why = "outside_care_relation";
	} else if (strcmp(kind, "colleague") == 0) {
		h.why = "colleague_record";
	} else if (strcmp(kind, "public_figure") == 0) {
		h.why = "public_figure";
	} else {
		int64_t t;
		int hour, from = run->q->night_from, to = run->q->night_to;

		if (zk_time_parse(r->ts, &t) != 0)
			return 0;
		hour = svc_lr_local_hour(t, NULL);
		if (from < to ? !(hour >= from && hour < to)
			      : !(hour >= from || hour < to))
			return 0;
		h.why = "unusual_hour";
	}
	return run->emit(run, &h);
}

/* The rows a counting report holds: a copy of what the window needs. */
struct lr_entry {
	int64_t t;
	int64_t seq;
	char user[48];
	char client[ZK_UUID_LEN];
	char ts[ZK_TIME_LEN];
	char event[40];
	char role[48];
	char reason[48];
	char action[2];
	int key; /* the client's number (bulk), or the row's own (denials) */
};

struct lr_held {
	struct lr_entry *e;
	size_t n, cap;
	int bulk;
};

static int
lr_hold(void *arg, const struct store_lr_row *r)
{
	struct lr_held *h = arg;
	struct lr_entry *e;

	if (h->bulk && (r->action == NULL || strcmp(r->action, "R") != 0))
		return 0;
	if (h->n == LR_MAX_SCAN)
		return ZK_ETOOBIG;
	if (h->n == h->cap) {
		size_t nc = h->cap ? h->cap * 2 : 256;
		struct lr_entry *ne = realloc(h->e, nc * sizeof *ne);

		if (ne == NULL)
			return ZK_ENOMEM;
		h->e = ne;
		h->cap = nc;
	}
	e = &h->e[h->n++];
	memset(e, 0, sizeof *e);
	if (zk_time_parse(r->ts, &e->t) != 0)
		e->t = 0;
	e->seq = r->seq;
	zk_strlcpy(e->user, r->user_uid ? r->user_uid : "", sizeof e->user);
	zk_strlcpy(e->client, r->subject_uid ? r->subject_uid : "",
		   sizeof e->client);
	zk_strlcpy(e->ts, r->ts ? r->ts : "", sizeof e->ts);
	zk_strlcpy(e->event, r->event ? r->event : "", sizeof e->event);
	zk_strlcpy(e->role, r->user_role ? r->user_role : "", sizeof e->role);
	zk_strlcpy(e->reason, r->reason ? r->reason : "", sizeof e->reason);
	zk_strlcpy(e->action, r->action ? r->action : "", sizeof e->action);
	return 0;
}

/* By user, then time, then log order. */
static int
lr_entry_cmp(const void *pa, const void *pb)
{
	const struct lr_entry *a = pa, *b = pb;
	int c = strcmp(a->user, b->user);

	if (c != 0)
		return c;
	if (a->t != b->t)
		return a->t < b->t ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* By client, to number the clients. */
static int
lr_client_cmp(const void *pa, const void *pb)
{
	const struct lr_entry *const *a = pa, *const *b = pb;

	return strcmp((*a)->client, (*b)->client);
}

/* Numbers the clients of the held rows (key), so that counting is cheap. */
static int
lr_number_clients(struct lr_held *h, int *nkeys)
{
	struct lr_entry **p;
	int k = -1;

	*nkeys = 0;
	if (h->n == 0)
		return 0;
	if ((p = malloc(h->n * sizeof *p)) == NULL)
		return ZK_ENOMEM;
	for (size_t i = 0; i < h->n; i++)
		p[i] = &h->e[i];
	qsort(p, h->n, sizeof *p, lr_client_cmp);
	for (size_t i = 0; i < h->n; i++) {
		if (i == 0 || strcmp(p[i]->client, p[i - 1]->client) != 0)
			k++;
		p[i]->key = k;
	}
	free(p);
	*nkeys = k + 1;
	return 0;
}

/*
 * Tells one window of one user's entries [lo, hi] that went over the
 * threshold: bulk names the distinct clients read in it.
 */
static int
lr_window_hit(struct lr_run *run, struct lr_held *h, size_t lo, size_t hi,
	      long distinct, int *seen)
{
	struct store_lr_row r = {0};
	struct lr_entry *e = &h->e[lo];
	struct lr_hit hit = {run->q->kind, NULL,     &r,
			     h->e[hi].ts,  distinct, NULL};
	int rc;

	r.seq = e->seq;
	r.ts = e->ts;
	r.event = e->event;
	r.action = e->action;
	r.outcome = h->bulk ? "success" : "refused";
	r.reason = e->reason;
	r.user_uid = e->user;
	r.user_role = e->role;
	r.subject_uid = e->client[0] ? e->client : NULL;
	if (!h->bulk) {
		hit.why = "denial_burst";
		return run->emit(run, &hit);
	}
	hit.why = "bulk_reads";
	if (run->rows != NULL) {
		if ((hit.clients = json_array()) == NULL)
			return ZK_ENOMEM;
		for (size_t i = lo; i <= hi; i++) {
			if (seen[h->e[i].key])
				continue;
			seen[h->e[i].key] = 1;
			if (json_array_append_new(
				hit.clients, json_string(h->e[i].client)) !=
			    0) {
				json_decref(hit.clients);
				return ZK_ENOMEM;
			}
		}
		for (size_t i = lo; i <= hi; i++)
			seen[h->e[i].key] = 0;
	}
	rc = run->emit(run, &hit);
	json_decref(hit.clients);
	return rc;
}

/*
 * bulk and denials: more than threshold (distinct clients, or refusals)
 * by one user within any window of window minutes. A run of windows over
 * the threshold is one row, from its first entry to its last.
 */
static int
lr_windows(struct lr_run *run, struct lr_held *h)
{
	int64_t w = (int64_t)run->q->window * 60;
	long limit = run->q->threshold;
	int nkeys = 0, *count = NULL, *seen = NULL, rc;

	if (h->bulk) {
		if ((rc = lr_number_clients(h, &nkeys)) != 0)
			return rc;
	} else {
		for (size_t i = 0; i < h->n; i++)
			h->e[i].key = (int)i;
		nkeys = (int)h->n;
	}
	if (h->n > 1) /* h->e is NULL while empty */
		qsort(h->e, h->n, sizeof *h->e, lr_entry_cmp);
	count = calloc((size_t)nkeys + 1, sizeof *count);
	seen = calloc((size_t)nkeys + 1, sizeof *seen);
	if (count == NULL || seen == NULL) {
		rc = ZK_ENOMEM;
		goto out;
	}
	rc = 0;
	for (size_t start = 0; start < h->n && rc == 0;) {
		size_t end = start, lo = start, ep_lo = 0, ep_hi = 0;
		long distinct = 0, ep_max = 0;
		int in = 0;

		while (end < h->n &&
		       strcmp(h->e[end].user, h->e[start].user) == 0)
			end++;
		for (size_t i = start; i < end && rc == 0; i++) {
			if (count[h->e[i].key]++ == 0)
				distinct++;
			while (h->e[i].t - h->e[lo].t > w)
				if (--count[h->e[lo++].key] == 0)
					distinct--;
			if (distinct > limit) {
				if (!in) {
					in = 1;
					ep_lo = lo;
					ep_max = 0;
				}
				ep_hi = i;
				if (distinct > ep_max)
					ep_max = distinct;
			} else if (in) {
				in = 0;
				rc = lr_window_hit(run, h, ep_lo, ep_hi, ep_max,
						   seen);
			}
		}
		if (in && rc == 0)
			rc = lr_window_hit(run, h, ep_lo, ep_hi, ep_max, seen);
		for (size_t i = lo; i < end; i++)
			count[h->e[i].key]--;
		start = end;
	}
out:
	free(count);
	free(seen);
	return rc;
}

/* Runs one kind of report over [from, to) into run. */
static int
lr_kind(struct lr_run *run, const char *from, const char *to)
{
	const char *kind = run->q->kind;
	struct lr_held h = {NULL, 0, 0, 0};
	int rc;

	if (strcmp(kind, "no_relation") == 0)
		return store_lr_scan(run->svc->store, run->tenant,
				     STORE_LR_REFUSED, from, to, lr_each, run);
	if (strcmp(kind, "colleague") == 0)
		return store_lr_scan(run->svc->store, run->tenant,
				     STORE_LR_COLLEAGUE, from, to, lr_each,
				     run);
	if (strcmp(kind, "public_figure") == 0)
		return store_lr_scan(run->svc->store, run->tenant,
				     STORE_LR_PUBLIC_FIGURE, from, to, lr_each,
				     run);
	if (strcmp(kind, "night") == 0)
		return store_lr_scan(run->svc->store, run->tenant,
				     STORE_LR_SUBJECT_ACCESS, from, to, lr_each,
				     run);
	h.bulk = strcmp(kind, "bulk") == 0;
	rc = store_lr_scan(run->svc->store, run->tenant,
			   h.bulk ? STORE_LR_SUBJECT_ACCESS : STORE_LR_REFUSED,
			   from, to, lr_hold, &h);
	if (rc == 0)
		rc = lr_windows(run, &h);
	free(h.e);
	return rc;
}

/* The query with its defaults filled in; ZK_EINVAL with a cause if bad. */
static int
lr_query(const struct svc_lr_query *in, int32_t today, struct svc_lr_query *q,
	 char **cause)
{
	int found = 0;

	*q = *in;
	for (size_t k = 0; q->kind != NULL && k < ZK_ARRAY_SIZE(lr_kinds); k++)
		found |= strcmp(q->kind, lr_kinds[k]) == 0;
	if (!found)
		return zk_fail(cause, ZK_EINVAL,
			       "kind must be no_relation, bulk, colleague, "
			       "public_figure, denials or night");
	if (q->to == 0)
		q->to = today;
	if (q->from == 0)
		q->from = q->to - 29;
	if (q->from > q->to)
		return zk_fail(cause, ZK_EINVAL, "from is after to");
	if (q->to - q->from + 1 > LR_MAX_DAYS)
		return zk_fail(cause, ZK_EINVAL,
			       "a report covers at most %d days", LR_MAX_DAYS);
	if (q->threshold == 0)
		q->threshold = strcmp(q->kind, "bulk") == 0
				   ? SVC_LR_BULK_CLIENTS
				   : SVC_LR_DENIALS;
	if (q->window == 0)
		q->window = strcmp(q->kind, "bulk") == 0
				? SVC_LR_BULK_MINUTES
				: SVC_LR_DENIAL_MINUTES;
	if (q->night_from < 0)
		q->night_from = SVC_LR_NIGHT_FROM;
	if (q->night_to < 0)
		q->night_to = SVC_LR_NIGHT_TO;
	if (q->threshold < 1 || q->threshold > 10000)
		return zk_fail(cause, ZK_EINVAL,
			       "threshold must be 1 to 10000");
	if (q->window < 1 || q->window > 1440)
		return zk_fail(cause, ZK_EINVAL,
			       "window must be 1 to 1440 minutes");
	if (q->night_from > 23 || q->night_to > 23 ||
	    q->night_from == q->night_to)
		return zk_fail(cause, ZK_EINVAL,
			       "night_from and night_to must be different "
			       "hours 0 to 23");
	return 0;
}

/* The UTC bounds [from, to) of the Dutch days q->from to q->to. */
static void
lr_bounds(const struct svc_lr_query *q, char from[ZK_TIME_LEN],
	  char to[ZK_TIME_LEN])
{
	zk_time_fmt(lr_day_start(q->from), from);
	zk_time_fmt(lr_day_start(q->to + 1), to);
}

int
svc_log_report(struct service *svc, const struct actor *a,
	       const struct svc_lr_query *in, json_t **out, char **cause)
{
	struct svc_lr_query q;
	struct svc_tenant *t;
	struct audit_event ev;
	struct lr_run *run = NULL;
	char checks[200], from[ZK_TIME_LEN], to[ZK_TIME_LEN];
	char dfrom[ZK_DATE_LEN], dto[ZK_DATE_LEN];
	int rc;

	*out = NULL;
	if ((rc = lr_query(in, svc_today(svc), &q, cause)) != 0)
		return rc;
	if ((rc = lr_begin(svc, a, "log.report", q.kind, &t, &ev, checks,
			   sizeof checks, cause)) != 0)
		return rc;
	if ((run = calloc(1, sizeof *run)) == NULL ||
	    (run->rows = json_array()) == NULL) {
		rc = ZK_ENOMEM;
		goto out;
	}
	run->svc = svc;
	run->tenant = a->tenant;
	run->q = &q;
	run->emit = lr_emit_row;
	lr_bounds(&q, from, to);
	if ((rc = lr_kind(run, from, to)) == ZK_ETOOBIG)
		zk_fail(cause, rc,
			"the period holds more than %d entries to "
			"count; choose a shorter one",
			LR_MAX_SCAN);
	if (rc != 0)
		goto out;
	zk_date_fmt(q.from, dfrom);
	zk_date_fmt(q.to, dto);
	*out = json_pack(
	    "{s:s, s:s, s:s, s:{s:i, s:i, s:i, s:i}, s:O, s:b, s:s}", "kind",
	    q.kind, "from", dfrom, "to", dto, "thresholds", "threshold",
	    q.threshold, "window_minutes", q.window, "night_from", q.night_from,
	    "night_to", q.night_to, "rows", run->rows, "truncated",
	    run->truncated, "rule", "LOG-7");
	if (*out == NULL)
		rc = ZK_ENOMEM;
out:
	if (run != NULL)
		json_decref(run->rows);
	free(run);
	return svc_log_read(svc, a, &ev, rc, out, cause);
}

int
svc_log_anomalies(struct service *svc, const struct actor *a, int days,
		  json_t **out, char **cause)
{
	struct svc_lr_query q;
	struct svc_tenant *t;
	struct audit_event ev;
	struct lr_run *run = NULL;
	char checks[200], from[ZK_TIME_LEN], to[ZK_TIME_LEN];
	char date[ZK_DATE_LEN];
	json_t *dates = NULL, *series = NULL;
	int32_t today = svc_today(svc);
	size_t nk = ZK_ARRAY_SIZE(lr_kinds);
	int rc;

	*out = NULL;
	if (days == 0)
		days = 30;
	if (days < 1 || days > LR_MAX_DAYS)
		return zk_fail(cause, ZK_EINVAL, "days must be 1 to %d",
			       LR_MAX_DAYS);
	if ((rc = lr_begin(svc, a, "log.anomalies", "anomalies", &t, &ev,
			   checks, sizeof checks, cause)) != 0)
		return rc;
	if ((run = calloc(1, sizeof *run)) == NULL ||
	    (run->counts = calloc((size_t)days * nk, sizeof *run->counts)) ==
		NULL) {
		rc = ZK_ENOMEM;
		goto out;
	}
	run->svc = svc;
	run->tenant = a->tenant;
	run->emit = lr_emit_count;
	run->first_day = today - days + 1;
	run->ndays = days;
	for (size_t k = 0; k < nk && rc == 0; k++) {
		struct svc_lr_query in = {
		    lr_kinds[k], run->first_day, today, 0, 0, -1, -1};

		if ((rc = lr_query(&in, today, &q, cause)) != 0)
			break;
		run->q = &q;
		lr_bounds(&q, from, to);
		if ((rc = lr_kind(run, from, to)) == ZK_ETOOBIG)
			zk_fail(cause, rc,
				"the period holds more than %d entries to "
				"count; choose fewer days",
				LR_MAX_SCAN);
	}
	if (rc != 0)
		goto out;
	dates = json_array();
	series = json_object();
	if (dates == NULL || series == NULL) {
		rc = ZK_ENOMEM;
		goto out;
	}
	for (int d = 0; d < days && rc == 0; d++) {
		zk_date_fmt(run->first_day + d, date);
		if (json_array_append_new(dates, json_string(date)) != 0)
			rc = ZK_ENOMEM;
	}
	for (size_t k = 0; k < nk && rc == 0; k++) {
		json_t *arr = json_array();

		if (arr == NULL ||
		    json_object_set_new(series, lr_kinds[k], arr) != 0) {
			rc = ZK_ENOMEM;
			break;
		}
		for (int d = 0; d < days && rc == 0; d++)
			if (json_array_append_new(
				arr, json_integer(
					 run->counts[d * (int)nk + (int)k])) !=
			    0)
				rc = ZK_ENOMEM;
	}
	if (rc != 0)
		goto out;
	*out = json_pack("{s:i, s:O, s:O, s:s}", "days", days, "dates", dates,
			 "counts", series, "rule", "LOG-7");
	if (*out == NULL)
		rc = ZK_ENOMEM;
out:
	json_decref(dates);
	json_decref(series);
	if (run != NULL)
		free(run->counts);
	free(run);
	return svc_log_read(svc, a, &ev, rc, out, cause);
}

/* --- the marks the reports need ------------------------------------------ */

/*
 * Starts an act that sets a mark: the tenant, a write and ev; refuses,
 * logged, anyone whose base roles are not in bases (a bit per
 * enum zk_base_role) with reason and rule FG-2.
 */
static int
lr_mark_begin(struct service *svc, const struct actor *a, const char *event,
	      unsigned bases, const char *reason, struct svc_tenant **t,
	      struct audit_event *ev, char *checks, size_t n, char **cause)
{
	struct authz_decision d = {0};
	int rc;

	if ((rc = svc_tenant(svc, a->tenant, t, cause)) != 0)
		return rc;
	svc_event_init(ev, a, *t, event, 'U');
	if ((rc = svc_begin_write(svc)) != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	d.rule = "FG-2";
	if (a->system || !svc_event_role(ev, a, *t, bases)) {
		d.reason = reason;
		svc_event_decision(ev, &d, 0, checks, n);
		return svc_refuse(svc, a, ev, &d, cause);
	}
	d.permit = true;
	d.reason = "dpo_review";
	d.role = ev->user_role;
	svc_event_decision(ev, &d, 0, checks, n);
	return 0;
}

int
svc_colleague_set(struct service *svc, const struct actor *a,
		  const char *username, const char *client, char **cause)
{
	struct svc_tenant *t;
	struct audit_event ev;
	struct store_user u;
	struct store_subject x;
	char checks[200], now[ZK_TIME_LEN], linked[ZK_UUID_LEN];
	int rc;

	memset(&x, 0, sizeof x);
	zk_buf_init(&x.identity, 0);
	memset(&u, 0, sizeof u);
	if ((rc = lr_mark_begin(svc, a,
				client ? "colleague.set" : "colleague.clear",
				1u << ZK_ROLE_DPO | 1u << ZK_ROLE_ADMINISTRATOR,
				"dpo_or_administrator_only", &t, &ev, checks,
				sizeof checks, cause)) != 0)
		return rc;
	ev.object_type = "user";
	rc = store_user_get(svc->store, a->tenant, username, &u);
	if (rc != 0) {
		rc = svc_refuse_input(svc, a, &ev, rc, ZK_ENOTFOUND,
				      "no_such_user", "FG-2", cause,
				      "no user %s", username);
		goto out;
	}
	ev.object_uid = u.uid;
	if (client == NULL) {
		if ((rc = store_lr_colleague_get(svc->store, a->tenant, u.id,
						 linked)) == 0 &&
		    linked[0] != '\0')
			ev.subject_uid = linked;
		rc = store_lr_colleague_clear(svc->store, a->tenant, u.id);
		if (rc != 0) {
			rc = svc_refuse_input(svc, a, &ev, rc, ZK_ENOTFOUND,
					      "not_a_client", "FG-2", cause,
					      "user %s is linked to no client",
					      username);
			goto out;
		}
		rc = svc_log_commit(svc, a, &ev, cause);
		goto out;
	}
	if ((rc = store_subject_get(svc->store, a->tenant, client, &x)) != 0) {
		rc = svc_refuse_input(svc, a, &ev, rc, ZK_ENOTFOUND,
				      "no_such_subject", "FG-2", cause,
				      "no client %s", client);
		goto out;
	}
	ev.subject_uid = x.uid;
	zk_time_fmt(zk_now(), now);
	rc = store_lr_colleague_set(svc->store, a->tenant, u.id, x.id, now,
				    a->user_uid);
	if (rc == ZK_EEXIST) {
		rc = svc_refuse_input(svc, a, &ev, ZK_ECONFLICT, ZK_ECONFLICT,
				      "already_linked", "FG-2", cause,
				      "the user or the client is already "
				      "linked; clear that link first");
		goto out;
	}
	if (rc != 0) {
		rc = svc_fail_act(svc, a, &ev, rc, cause);
		goto out;
	}
	rc = svc_log_commit(svc, a, &ev, cause);
out:
	sodium_memzero(&u, sizeof u);
	store_subject_release(&x);
	return rc;
}

int
svc_lr_user_clients(struct service *svc, int64_t tenant, json_t *users)
{
	struct store_user u;
	char linked[ZK_UUID_LEN];
	const char *name;
	json_t *o;
	size_t i;
	int rc = 0;

	json_array_foreach(users, i, o)
	{
		linked[0] = '\0';
		name = json_string_value(json_object_get(o, "username"));
		memset(&u, 0, sizeof u);
		if (name != NULL &&
		    (rc = store_user_get(svc->store, tenant, name, &u)) == 0)
			rc = store_lr_colleague_get(svc->store, tenant, u.id,
						    linked);
		sodium_memzero(&u, sizeof u);
		if (rc != 0)
			break;
		if (json_object_set_new(o, "client",
					linked[0] ? json_string(linked)
						  : json_null()) != 0) {
			rc = ZK_ENOMEM;
			break;
		}
	}
	return rc;
}

int
svc_public_figure_set(struct service *svc, const struct actor *a,
		      const char *client, bool flagged, char **cause)
{
	struct svc_tenant *t;
	struct audit_event ev;
	struct store_subject x;
	char checks[200], now[ZK_TIME_LEN];
	int rc;

	memset(&x, 0, sizeof x);
	zk_buf_init(&x.identity, 0);
	if ((rc = lr_mark_begin(
		 svc, a, flagged ? "public_figure.set" : "public_figure.clear",
		 1u << ZK_ROLE_DPO, "dpo_only", &t, &ev, checks, sizeof checks,
		 cause)) != 0)
		return rc;
	ev.object_type = "subject";
	if ((rc = store_subject_get(svc->store, a->tenant, client, &x)) != 0) {
		rc = svc_refuse_input(svc, a, &ev, rc, ZK_ENOTFOUND,
				      "no_such_subject", "FG-2", cause,
				      "no client %s", client);
		goto out;
	}
	ev.subject_uid = x.uid;
	ev.object_uid = x.uid;
	zk_time_fmt(zk_now(), now);
	rc = flagged ? store_lr_public_set(svc->store, a->tenant, x.id, now,
					   a->user_uid)
		     : store_lr_public_clear(svc->store, a->tenant, x.id);
	if (rc == ZK_EEXIST || rc == ZK_ENOTFOUND) {
		rc = svc_refuse_input(
		    svc, a, &ev, ZK_ECONFLICT, ZK_ECONFLICT,
		    flagged ? "already_flagged" : "not_flagged", "FG-2", cause,
		    flagged ? "the client is already flagged"
			    : "the client is not flagged");
		goto out;
	}
	if (rc != 0) {
		rc = svc_fail_act(svc, a, &ev, rc, cause);
		goto out;
	}
	rc = svc_log_commit(svc, a, &ev, cause);
out:
	store_subject_release(&x);
	return rc;
}

int
svc_public_figure_get(struct service *svc, const struct actor *a,
		      const char *client, bool *flagged,
		      struct svc_lr_account *colleague, char **cause)
{
	struct svc_tenant *t;
	struct audit_event ev;
	struct store_subject x;
	char checks[200];
	struct store_user u;
	char linked[ZK_UUID_LEN];
	int rc, on = 0;

	*flagged = false;
	if (colleague != NULL)
		memset(colleague, 0, sizeof *colleague);
	memset(&x, 0, sizeof x);
	zk_buf_init(&x.identity, 0);
	if ((rc = lr_mark_begin(svc, a, "public_figure.read", 1u << ZK_ROLE_DPO,
				"dpo_only", &t, &ev, checks, sizeof checks,
				cause)) != 0)
		return rc;
	ev.action = 'R';
	ev.object_type = "subject";
	if ((rc = store_subject_get(svc->store, a->tenant, client, &x)) != 0) {
		rc = svc_refuse_input(svc, a, &ev, rc, ZK_ENOTFOUND,
				      "no_such_subject", "FG-2", cause,
				      "no client %s", client);
		goto out;
	}
	ev.subject_uid = x.uid;
	ev.object_uid = x.uid;
	if ((rc = store_lr_public_get(svc->store, a->tenant, x.id, &on)) != 0) {
		rc = svc_fail_act(svc, a, &ev, rc, cause);
		goto out;
	}
	if ((rc = store_lr_colleague_of(svc->store, a->tenant, x.id, linked)) !=
	    0) {
		rc = svc_fail_act(svc, a, &ev, rc, cause);
		goto out;
	}
	/* The account as a person reads it: the DPO sees who, not an id. */
	memset(&u, 0, sizeof u);
	if (colleague != NULL && linked[0] != '\0' &&
	    store_user_get_uid(svc->store, a->tenant, linked, &u) == 0) {
		zk_strlcpy(colleague->username, u.username,
			   sizeof colleague->username);
		zk_strlcpy(colleague->display_name, u.display_name,
			   sizeof colleague->display_name);
	}
	sodium_memzero(&u, sizeof u);
	if ((rc = svc_log_commit(svc, a, &ev, cause)) == 0)
		*flagged = on != 0;
out:
	store_subject_release(&x);
	return rc;
}
