/*
 * group.c: group commit of the log (DESIGN performance budget).
 *
 * A read's log entry must be durable before the reply leaves. Syncing the
 * disk once per read would cap a server at a few thousand reads a second,
 * so one writer thread collects the log entries (and the writing
 * operations) of all requests that arrive while it syncs, and commits them
 * together: one transaction, one sync, however many requests.
 *
 * Readers run their operation in a read snapshot on their own connection
 * (deciding and reading as usual), queue the operation's log entries here
 * and wait. Writing operations run inside the batch, each in a savepoint
 * of its own, so one failing operation leaves the others alone. Nobody is
 * answered before the batch holding their log entries has committed; when
 * the commit fails, every request of the batch fails with ZK_EAUDIT.
 *
 * The writer also signs a checkpoint of the chain heads every
 * GROUP_CP_ENTRIES entries, and at the latest one checkpoint interval
 * (svc_group_set_checkpoint_interval, one second unless set) after the
 * first entry it has not yet signed, also when no further request comes:
 * entries not yet under a signed checkpoint are the log's open end, which
 * a cut or an older copy of the database can remove unnoticed (LOG-3,
 * docs/audit.md). svc_group_drain() signs the last ones at a stop.
 */
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "service/service_int.h"

#define GROUP_CP_ENTRIES 10000
#define GROUP_CP_INTERVAL_MS 1000 /* the default window */
#define GROUP_CP_RETRY_MS 30000	  /* after a failed checkpoint */
#define GROUP_FIELDS 18

enum group_kind { GROUP_LOG, GROUP_EXEC };

/* A deep copy of an audit event, with its tenant and time. */
struct group_event {
	int64_t tenant;
	int64_t ts;
	char action;
	char *f[GROUP_FIELDS];
	struct group_event *next;
};

struct group_job {
	enum group_kind kind;
	struct group_event *events;
	int (*fn)(struct service *svc, void *arg);
	void *arg;
	int rc;
	int done;
	int async; /* nobody waits on cond: see svc_ticket_watch() */
	struct svc_group *group;
	void (*notify)(void *arg, int rc);
	void *notify_arg;
	pthread_cond_t cond;
	struct group_job *next;
};

struct svc_group {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct group_job *head, *tail;
	int stop;
	int started;
	struct service *writer;
	struct audit_cache cache; /* valid within one batch */
	int64_t since_cp;
	int64_t last_cp; /* monotonic milliseconds */
	int64_t cp_interval_ms;
	bool cp_failing; /* the last checkpoint failed: try every 30 s */
	int drained;	 /* svc_group_drain() has run */
};

/* Whether the entries written since the last checkpoint are due. Locked
 * or on the writer thread. */
static int
group_cp_due(const struct svc_group *g, int64_t now_ms)
{
	if (g->since_cp == 0)
		return 0;
	if (g->since_cp >= GROUP_CP_ENTRIES && !g->cp_failing)
		return 1;
	return now_ms - g->last_cp >=
	       (g->cp_failing ? GROUP_CP_RETRY_MS : g->cp_interval_ms);
}

/* Signs the chain heads; a failure is said once per try. */
static void
group_cp_sign(struct svc_group *g)
{
	char *cause = NULL;

	g->cp_failing = svc_checkpoint(g->writer, &cause) != 0;
	if (!g->cp_failing) {
		g->since_cp = 0;
	} else {
		fprintf(stderr, "zorgkluis: audit checkpoint: %s\n",
			cause ? cause : "failed");
		free(cause);
	}
	g->last_cp = zk_mono_ms();
}

/* The fields of struct audit_event, in one order. */
static const size_t group_fields[GROUP_FIELDS] = {
    offsetof(struct audit_event, event),
    offsetof(struct audit_event, outcome),
    offsetof(struct audit_event, checks),
    offsetof(struct audit_event, reason),
    offsetof(struct audit_event, rule),
    offsetof(struct audit_event, user_uid),
    offsetof(struct audit_event, user_role),
    offsetof(struct audit_event, role_code),
    offsetof(struct audit_event, on_behalf_of),
    offsetof(struct audit_event, access_point),
    offsetof(struct audit_event, subject_uid),
    offsetof(struct audit_event, object_type),
    offsetof(struct audit_event, object_uid),
    offsetof(struct audit_event, category),
    offsetof(struct audit_event, purpose),
    offsetof(struct audit_event, protocol),
    offsetof(struct audit_event, consent_ref),
    offsetof(struct audit_event, break_glass_ref),
};

static const char **
group_field(struct audit_event *ev, int i)
{
	return (const char **)(void *)((char *)ev + group_fields[i]);
}

static void
group_event_free(struct group_event *e)
{
	while (e != NULL) {
		struct group_event *next = e->next;

		free(e); /* the strings live in the same allocation */
		e = next;
	}
}

int
svc_group_queue(struct service *svc, const struct actor *a,
		const struct audit_event *ev, int64_t now)
{
	struct audit_event copy = *ev;
	struct group_event *e, **tail;
	size_t len[GROUP_FIELDS], total = sizeof *e;
	char *p;

	/* One allocation: the event, then its strings. */
	for (int i = 0; i < GROUP_FIELDS; i++) {
		const char *v = *group_field(&copy, i);

		len[i] = v != NULL ? strlen(v) + 1 : 0;
		total += len[i];
	}
	if ((e = calloc(1, total)) == NULL)
		return ZK_ENOMEM;
	e->tenant = a->tenant;
	e->ts = now;
	e->action = ev->action;
	p = (char *)(e + 1);
	for (int i = 0; i < GROUP_FIELDS; i++) {
		if (len[i] == 0)
			continue;
		memcpy(p, *group_field(&copy, i), len[i]);
		e->f[i] = p;
		p += len[i];
	}
	tail = svc->pending_tail ? svc->pending_tail : &svc->pending;
	*tail = e;
	svc->pending_tail = &e->next;
	return 0;
}

void
svc_group_discard(struct service *svc)
{
	group_event_free(svc->pending);
	svc->pending = NULL;
	svc->pending_tail = NULL;
}

/* Queues job; the caller waits on job->cond unless it is async. Locked. */
static int
group_enqueue(struct svc_group *g, struct group_job *job)
{
	job->done = 0;
	job->next = NULL;
	if (g->stop)
		return ZK_EBUSY;
	if (g->tail != NULL)
		g->tail->next = job;
	else
		g->head = job;
	g->tail = job;
	pthread_cond_signal(&g->wake);
	return 0;
}

/* Queues job and waits until its batch has committed. */
static int
group_submit(struct svc_group *g, struct group_job *job)
{
	int rc;

	pthread_cond_init(&job->cond, NULL);
	pthread_mutex_lock(&g->lock);
	rc = group_enqueue(g, job);
	while (rc == 0 && !job->done)
		pthread_cond_wait(&job->cond, &g->lock);
	pthread_mutex_unlock(&g->lock);
	pthread_cond_destroy(&job->cond);
	return rc != 0 ? rc : job->rc;
}

int
svc_group_flush(struct service *svc, char **cause)
{
	struct group_job job, *t;
	int rc;

	/* One ticket per request: an earlier one is waited for first. */
	if (svc->ticket != NULL) {
		rc = svc_ticket_wait(svc->ticket);
		svc_ticket_free(svc->ticket);
		svc->ticket = NULL;
		if (rc != 0) {
			svc_group_discard(svc);
			return zk_fail(cause, ZK_EAUDIT,
				       "the log entry could not be made "
				       "durable");
		}
	}
	if (svc->async) {
		if ((t = calloc(1, sizeof *t)) == NULL) {
			svc_group_discard(svc);
			return zk_fail(cause, ZK_EAUDIT, "out of memory");
		}
		t->kind = GROUP_LOG;
		t->async = 1;
		t->events = svc->pending;
		svc->pending = NULL;
		svc->pending_tail = NULL;
		pthread_cond_init(&t->cond, NULL);
		t->group = svc->group;
		pthread_mutex_lock(&svc->group->lock);
		rc = group_enqueue(svc->group, t);
		pthread_mutex_unlock(&svc->group->lock);
		if (rc != 0) {
			group_event_free(t->events);
			pthread_cond_destroy(&t->cond);
			free(t);
			return zk_fail(cause, ZK_EAUDIT, "the log is closed");
		}
		svc->ticket = t;
		return 0;
	}
	memset(&job, 0, sizeof job);
	job.kind = GROUP_LOG;
	job.events = svc->pending;
	svc->pending = NULL;
	svc->pending_tail = NULL;
	rc = group_submit(svc->group, &job);
	group_event_free(job.events);
	if (rc != 0)
		return zk_fail(cause, ZK_EAUDIT,
			       "the log entry could not be made durable");
	return 0;
}

struct group_job *
svc_take_ticket(struct service *svc)
{
	struct group_job *t = svc->ticket;

	svc->ticket = NULL;
	return t;
}

int
svc_ticket_watch(struct group_job *t, void (*notify)(void *arg, int rc),
		 void *arg, int *rc)
{
	struct svc_group *g = t->group;
	int done;

	pthread_mutex_lock(&g->lock);
	done = t->done;
	if (done) {
		*rc = t->rc;
	} else {
		t->notify = notify;
		t->notify_arg = arg;
	}
	pthread_mutex_unlock(&g->lock);
	return done;
}

int
svc_ticket_wait(struct group_job *t)
{
	struct svc_group *g = t->group;
	int rc;

	pthread_mutex_lock(&g->lock);
	while (!t->done)
		pthread_cond_wait(&t->cond, &g->lock);
	rc = t->rc;
	pthread_mutex_unlock(&g->lock);
	return rc;
}

void
svc_ticket_free(struct group_job *t)
{
	if (t == NULL)
		return;
	group_event_free(t->events);
	pthread_cond_destroy(&t->cond);
	free(t);
}

void
svc_set_async(struct service *svc, int on)
{
	svc->async = on;
}

int
svc_group_exec(struct svc_group *g, int (*fn)(struct service *, void *),
	       void *arg)
{
	struct group_job job;

	memset(&job, 0, sizeof job);
	job.kind = GROUP_EXEC;
	job.fn = fn;
	job.arg = arg;
	return group_submit(g, &job);
}

/* Appends a LOG job's events inside its own savepoint. */
static int
group_run_log(struct svc_group *g, struct group_job *job)
{
	struct store *s = svc_store(g->writer);
	int single = job->events != NULL && job->events->next == NULL;
	int rc;

	/*
	 * A failed single append leaves nothing behind (SQLite undoes the
	 * statement), so only several events need a savepoint of their own.
	 */
	if (!single && (rc = store_begin(s)) != 0)
		return rc;
	for (struct group_event *e = job->events; e != NULL; e = e->next) {
		struct audit_event ev;

		memset(&ev, 0, sizeof ev);
		for (int i = 0; i < GROUP_FIELDS; i++)
			*group_field(&ev, i) = e->f[i];
		ev.action = e->action;
		rc = audit_append_cached(s, svc_keys(g->writer), e->tenant,
					 e->ts, &ev, &g->cache, NULL);
		if (rc != 0) {
			if (!single)
				store_rollback(s);
			audit_cache_reset(&g->cache);
			return ZK_EAUDIT;
		}
		g->since_cp++;
	}
	if (single)
		return 0;
	if (store_commit(s) != 0) {
		audit_cache_reset(&g->cache);
		return ZK_EAUDIT;
	}
	return 0;
}

static void *
group_main(void *arg)
{
	struct svc_group *g = arg;
	struct store *s = svc_store(g->writer);

	for (;;) {
		struct group_job *jobs, *j, *next;
		int rc;

		pthread_mutex_lock(&g->lock);
		while (g->head == NULL && !g->stop) {
			int64_t now = zk_mono_ms(), due;
			struct timespec until;

			if (g->since_cp == 0) {
				pthread_cond_wait(&g->wake, &g->lock);
				continue;
			}
			/* Entries wait for their checkpoint: sign them in
			 * time even when no further request comes. */
			if (group_cp_due(g, now))
				break;
			due = g->last_cp + (g->cp_failing ? GROUP_CP_RETRY_MS
							  : g->cp_interval_ms);
			until.tv_sec = (time_t)(due / 1000);
			until.tv_nsec = (long)(due % 1000) * 1000000;
			pthread_cond_timedwait(&g->wake, &g->lock, &until);
		}
		jobs = g->head;
		g->head = g->tail = NULL;
		if (jobs == NULL && g->stop) {
			pthread_mutex_unlock(&g->lock);
			break;
		}
		pthread_mutex_unlock(&g->lock);
		if (jobs == NULL) {
			/* Woken by the timer: only the checkpoint is due. */
			group_cp_sign(g);
			continue;
		}

		/* Others may have written since the last batch. */
		audit_cache_reset(&g->cache);
		rc = store_batch_begin(s);
		for (j = jobs; j != NULL; j = j->next) {
			if (rc != 0) {
				j->rc = ZK_EAUDIT;
			} else if (j->kind == GROUP_LOG) {
				j->rc = group_run_log(g, j);
			} else {
				j->rc = j->fn(g->writer, j->arg);
				/* It logged without the cache, and its entries
				 * need their checkpoint too. */
				audit_cache_reset(&g->cache);
				g->since_cp++;
			}
		}
		if (rc == 0)
			rc = store_batch_commit(s);
		else
			store_batch_rollback(s);

		for (j = jobs; j != NULL; j = next) {
			void (*notify)(void *, int) = NULL;
			void *narg = NULL;
			int jrc;

			pthread_mutex_lock(&g->lock);
			next = j->next;
			if (rc != 0 && (j->kind == GROUP_LOG || j->rc == 0))
				j->rc = ZK_EAUDIT;
			j->done = 1;
			jrc = j->rc;
			if (j->async) {
				/* The events are no longer needed. */
				group_event_free(j->events);
				j->events = NULL;
				notify = j->notify;
				narg = j->notify_arg;
			}
			pthread_cond_signal(&j->cond);
			pthread_mutex_unlock(&g->lock);
			/* After this, j belongs to its owner again. */
			if (notify != NULL)
				notify(narg, jrc);
		}

		if (group_cp_due(g, zk_mono_ms()))
			group_cp_sign(g);
	}
	return NULL;
}

int
svc_group_start(const char *db, const char *keys, struct svc_group **out,
		char **cause)
{
	struct svc_group *g = calloc(1, sizeof *g);
	pthread_condattr_t ca;
	int rc;

	*out = NULL;
	if (g == NULL)
		return ZK_ENOMEM;
	pthread_mutex_init(&g->lock, NULL);
	/* The checkpoint timer waits on the monotonic clock. */
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&g->wake, &ca);
	pthread_condattr_destroy(&ca);
	g->last_cp = zk_mono_ms();
	g->cp_interval_ms = GROUP_CP_INTERVAL_MS;
	if ((rc = svc_open(db, keys, 0, KEYS_ALL, &g->writer, cause)) != 0)
		goto fail;
	/* A server asks about care relations all the time (ACC-2); with a
	 * million of them, loading takes a second, done before serving. */
	if ((rc = store_relation_index(g->writer->store, NULL)) != 0 ||
	    (rc = store_relation_preload(g->writer->store)) != 0)
		goto fail;
	if (pthread_create(&g->thread, NULL, group_main, g) != 0) {
		rc = zk_fail(cause, ZK_ENOMEM, "cannot start the log writer");
		goto fail;
	}
	g->started = 1;
	*out = g;
	return 0;
fail:
	svc_group_stop(g);
	return rc;
}

void
svc_group_set_checkpoint_interval(struct svc_group *g, int ms)
{
	pthread_mutex_lock(&g->lock);
	g->cp_interval_ms = ms > 0 ? ms : GROUP_CP_INTERVAL_MS;
	pthread_cond_signal(&g->wake);
	pthread_mutex_unlock(&g->lock);
}

int
svc_group_drain(struct svc_group *g, char **cause)
{
	int rc = 0;

	if (g == NULL || g->drained)
		return 0;
	if (g->started) {
		/* The writer runs what is queued, then ends; anything
		 * queued after this is refused (group_enqueue). */
		pthread_mutex_lock(&g->lock);
		g->stop = 1;
		pthread_cond_signal(&g->wake);
		pthread_mutex_unlock(&g->lock);
		pthread_join(g->thread, NULL);
		g->started = 0;
	}
	if (g->writer != NULL)
		rc = svc_checkpoint(g->writer, cause);
	g->drained = 1;
	return rc;
}

void
svc_group_stop(struct svc_group *g)
{
	if (g == NULL)
		return;
	svc_group_drain(g, NULL);
	svc_close(g->writer);
	pthread_mutex_destroy(&g->lock);
	pthread_cond_destroy(&g->wake);
	free(g);
}

int
svc_group_attach(struct service *svc, struct svc_group *g)
{
	svc->group = g;
	return store_relation_index(svc->store, g->writer->store);
}

void
svc_group_fault_inject(struct svc_group *g, const char *op, int nth)
{
	pthread_mutex_lock(&g->lock);
	svc_fault_inject(g->writer, op, nth);
	pthread_mutex_unlock(&g->lock);
}
