/*
 * information.c: the information duty (INF-1 to INF-3). The privacy notice
 * is versioned; for each subject the system records which version they
 * were given, when, how, and whether the data came from them or from
 * elsewhere; and it reports the subjects whose informing is missing,
 * which would make their processing unlawful (INF-3).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "service/service_int.h"

/* The longest reason for not informing a subject (INF-2), in bytes. */
#define INFO_REASON_MAX 399

static const char *const info_how[] = {"in_person", "letter", "email",
				       "brochure", "care_agreement"};

/*
 * The DPO and administrators keep the notices; the DPO reads the report.
 * Logs ev in the role that allows it.
 */
static int
info_role(struct audit_event *ev, const struct svc_tenant *t,
	  const struct actor *a, int admin_too)
{
	unsigned bases = 1u << ZK_ROLE_DPO;

	if (admin_too)
		bases |= 1u << ZK_ROLE_ADMINISTRATOR;
	return a->system || svc_event_role(ev, a, t, bases);
}

int
svc_notice_add(struct service *svc, const struct actor *a, const char *version,
	       const char *published_on, const char *summary, char **cause)
{
	static const struct authz_decision deny = {
	    .reason = "dpo_or_administrator_only", .rule = "INF-1"};
	struct store_notice n;
	struct svc_tenant *t;
	struct audit_event ev;
	char checks[200];
	int32_t day;
	int rc;

	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0)
		return rc;
	if (version == NULL || version[0] == '\0' || strlen(version) > 31 ||
	    published_on == NULL || zk_date_parse(published_on, &day) != 0 ||
	    summary == NULL || summary[0] == '\0' || strlen(summary) > 399)
		return zk_fail(cause, ZK_EINVAL,
			       "a notice needs a version (at most 31 bytes), "
			       "published_on (a date) and a summary (at most "
			       "399 bytes)");
	memset(&n, 0, sizeof n);
	zk_strlcpy(n.version, version, sizeof n.version);
	zk_strlcpy(n.published_on, published_on, sizeof n.published_on);
	zk_strlcpy(n.summary, summary, sizeof n.summary);
	svc_event_init(&ev, a, t, "notice.create", 'C');
	ev.object_type = "privacy_notice";
	ev.object_uid = version;
	if ((rc = svc_begin_write(svc)) != 0)
		return zk_fail(cause, rc, "cannot start");
	if (!info_role(&ev, t, a, 1)) {
		svc_event_decision(&ev, &deny, 0, checks, sizeof checks);
		return svc_refuse(svc, a, &ev, &deny, cause);
	}
	ev.rule = "INF-1";
	rc = store_notice_create(svc->store, a->tenant, &n);
	if (rc == ZK_EEXIST) {
		store_rollback(svc->store);
		return zk_fail(cause, rc, "notice version %s exists", version);
	}
	if (rc != 0)
		return svc_fail_act(svc, a, &ev, rc, cause);
	return svc_log_commit(svc, a, &ev, cause);
}

static int
info_notice_json(void *arg, const struct store_notice *n)
{
	json_t *o =
	    json_pack("{s:s, s:s, s:s}", "version", n->version, "published_on",
		      n->published_on, "summary", n->summary);

	if (o == NULL || json_array_append_new(arg, o) != 0)
		return ZK_ENOMEM;
	return 0;
}

int
svc_notice_list(struct service *svc, const struct actor *a, json_t **out,
		char **cause)
{
	json_t *arr = json_array();
	int rc;

	*out = NULL;
	if (arr == NULL)
		return ZK_ENOMEM;
	/* The notice is public (INF-1); reading it processes nobody's data. */
	rc = store_notice_list(svc->store, a->tenant, info_notice_json, arr);
	if (rc != 0) {
		json_decref(arr);
		return zk_fail(cause, rc, "cannot read the notices");
	}
	*out = arr;
	return 0;
}

int
svc_information_record(struct service *svc, const struct actor *a,
		       const char *subject_uid, const char *version,
		       const char *informed_on, const char *how,
		       const char *source, char uid[ZK_UUID_LEN], char **cause)
{
	struct store_information info;
	struct store_notice n;
	struct authz_decision d = {0};
	struct svc_tenant *t;
	struct audit_event ev;
	struct svc_facts f;
	char checks[200];
	int32_t day;
	int ok = 0, rc;

	memset(&info, 0, sizeof info);
	memset(&f, 0, sizeof f);
	for (size_t i = 0; how != NULL && i < ZK_ARRAY_SIZE(info_how); i++)
		ok |= strcmp(how, info_how[i]) == 0;
	if (!ok)
		return zk_fail(cause, ZK_EINVAL,
			       "how must be in_person, letter, email, "
			       "brochure or care_agreement");
	if (source == NULL)
		source = "subject";
	if (strcmp(source, "subject") != 0 && strcmp(source, "elsewhere") != 0)
		return zk_fail(cause, ZK_EINVAL,
			       "source must be subject or elsewhere (INF-2)");
	if (informed_on == NULL || zk_date_parse(informed_on, &day) != 0 ||
	    day > svc_today(svc))
		return zk_fail(cause, ZK_EINVAL,
			       "informed_on must be a date, not in the future");
	zk_uuid_new(info.uid);
	if ((rc = svc_subject_begin(
		 svc, a, subject_uid,
		 &(struct svc_on_subject){"information.create", 'C',
					  ZK_CAT_IDENTITY, ZK_ACT_CORRECT,
					  "information", info.uid},
		 &t, &f, &ev, &d, checks, sizeof checks, cause)) != 0)
		return rc;
	info.subject_id = f.x.id;
	svc_facts_release(&f);
	if ((rc = store_notice_get(svc->store, a->tenant, version, &n)) != 0)
		return svc_refuse_input(
		    svc, a, &ev, rc, rc, "unknown_notice", "INF-1", cause,
		    "no notice version \"%s\"", version ? version : "");
	{
		int32_t pub;

		/* INF-1: nobody is informed of a notice not yet published. */
		if (zk_date_parse(n.published_on, &pub) == 0 && day < pub)
			return svc_refuse_input(
			    svc, a, &ev, ZK_EINVAL, ZK_EINVAL,
			    "informed_before_published", "INF-1", cause,
			    "informed_on lies before notice version \"%s\" "
			    "was published (%s)",
			    n.version, n.published_on);
	}
	info.notice_id = n.id;
	zk_strlcpy(info.informed_on, informed_on, sizeof info.informed_on);
	zk_strlcpy(info.how, how, sizeof info.how);
	zk_strlcpy(info.source, source, sizeof info.source);
	zk_strlcpy(info.recorded_by, a->user_uid, sizeof info.recorded_by);
	rc = store_information_create(svc->store, a->tenant, &info);
	return svc_log_created(svc, a, &ev, rc, info.uid, uid, cause);
}

/*
 * INF-2: informing is exempt when the data came from elsewhere and
 * informing is impossible, would take a disproportionate effort, or the
 * recording is required by law (W§8.5-8.6); the subject is informed on
 * request. Recorded like informing itself, by who may correct the
 * subject's identity; the DPO's report lists it as "exempt".
 */
int
svc_information_exempt(struct service *svc, const struct actor *a,
		       const char *subject_uid, const char *ground,
		       const char *reason, char uid[ZK_UUID_LEN], char **cause)
{
	return svc_information_exempt_from(svc, a, subject_uid, ground, reason,
					   NULL, uid, cause);
}

/* Counts the records of a subject informed of data collected from them. */
static int
info_count_from_subject(void *arg, const struct store_information *i)
{
	if (strcmp(i->source, "subject") == 0)
		++*(int *)arg;
	return 0;
}

int
svc_information_exempt_from(struct service *svc, const struct actor *a,
			    const char *subject_uid, const char *ground,
			    const char *reason, const char *source,
			    char uid[ZK_UUID_LEN], char **cause)
{
	static const char *const grounds[] = {"impossible", "disproportionate",
					      "required_by_law"};
	struct store_information_exemption e;
	struct authz_decision d = {0};
	struct zk_buf sealed;
	struct svc_tenant *t;
	struct audit_event ev;
	struct svc_facts f;
	char checks[200];
	int ok = 0, collected = 0, rc;

	memset(&e, 0, sizeof e);
	memset(&f, 0, sizeof f);
	if (source == NULL)
		source = "elsewhere";
	if (strcmp(source, "subject") != 0 && strcmp(source, "elsewhere") != 0)
		return zk_fail(cause, ZK_EINVAL,
			       "source must be subject or elsewhere (INF-2)");
	for (size_t i = 0; ground != NULL && i < ZK_ARRAY_SIZE(grounds); i++)
		ok |= strcmp(ground, grounds[i]) == 0;
	if (!ok)
		return zk_fail(cause, ZK_EINVAL,
			       "ground must be impossible, disproportionate or "
			       "required_by_law (INF-2)");
	if (reason == NULL || reason[0] == '\0' ||
	    strlen(reason) > INFO_REASON_MAX ||
	    !zk_utf8_valid(reason, strlen(reason)))
		return zk_fail(cause, ZK_EINVAL,
			       "reason must say why in UTF-8 text (at most "
			       "%d bytes)",
			       INFO_REASON_MAX);
	zk_uuid_new(e.uid);
	if ((rc = svc_subject_begin(
		 svc, a, subject_uid,
		 &(struct svc_on_subject){"information.exempt", 'C',
					  ZK_CAT_IDENTITY, ZK_ACT_CORRECT,
					  "information_exemption", e.uid},
		 &t, &f, &ev, &d, checks, sizeof checks, cause)) != 0)
		return rc;
	e.subject_id = f.x.id;
	ev.rule = "INF-2";
	/*
	 * INF-1: data collected from the subject is told at collection; the
	 * exemptions of INF-2 are for data obtained elsewhere only. Known
	 * from the request, or from an earlier record of informing.
	 */
	if (strcmp(source, "subject") == 0)
		collected = -1;
	else
		rc =
		    store_information_list(svc->store, a->tenant, f.x.id,
					   info_count_from_subject, &collected);
	if (rc != 0) {
		svc_facts_release(&f);
		return svc_fail_act(svc, a, &ev, rc, cause);
	}
	if (collected != 0) {
		svc_facts_release(&f);
		return svc_refuse_input(
		    svc, a, &ev, ZK_EINVAL, ZK_EINVAL, "data_from_subject",
		    "INF-1", cause,
		    "the subject's data %s collected from them: they are "
		    "informed at collection (INF-1); an exemption applies "
		    "only to data obtained elsewhere (INF-2)",
		    collected > 0 ? "was recorded as" : "is");
	}
	zk_strlcpy(e.ground, ground, sizeof e.ground);
	zk_strlcpy(e.recorded_by, a->user_uid, sizeof e.recorded_by);
	/* Why a subject is not informed may tell of their condition. */
	zk_buf_init(&sealed, 0);
	rc = svc_seal_text(svc, a->tenant, &f.x, e.uid, "reason", reason,
			   &sealed);
	svc_facts_release(&f);
	e.reason = sealed.data;
	e.reason_len = sealed.len;
	if (rc == 0)
		rc = store_information_exemption_create(svc->store, a->tenant,
							&e);
	zk_buf_release(&sealed);
	return svc_log_created(svc, a, &ev, rc, e.uid, uid, cause);
}

struct info_fill {
	struct service *svc;
	const struct actor *a;
	const struct store_subject *x;
	json_t *arr;
};

static int
info_exemption_json(void *arg, const struct store_information_exemption *e)
{
	struct info_fill *c = arg;
	char *reason = NULL;
	json_t *o;
	int rc;

	if ((rc = svc_open_text(c->svc, c->a->tenant, c->x, e->uid, "reason",
				e->reason, e->reason_len, &reason)) != 0)
		return rc;
	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "type", "exemption",
		      "id", e->uid, "ground", e->ground, "reason", reason,
		      "recorded_by", e->recorded_by, "recorded_at",
		      e->created_at);
	seal_wipe(reason, strlen(reason));
	free(reason);
	if (o == NULL || json_array_append_new(c->arr, o) != 0)
		return ZK_ENOMEM;
	return 0;
}

/* INF-2: the exemptions of subject x into arr, their reasons opened. */
static int
info_exemptions(struct service *svc, const struct actor *a,
		const struct store_subject *x, json_t *arr)
{
	struct info_fill c = {svc, a, x, arr};

	return store_information_exemption_list(svc->store, a->tenant, x->id,
						info_exemption_json, &c);
}

static int
info_record_json(void *arg, const struct store_information *i)
{
	struct info_fill *c = arg;
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
			      "type", "informed", "id", i->uid, "version",
			      i->version, "informed_on", i->informed_on, "how",
			      i->how, "source", i->source, "recorded_by",
			      i->recorded_by, "recorded_at", i->created_at);

	if (o == NULL || json_array_append_new(c->arr, o) != 0)
		return ZK_ENOMEM;
	return 0;
}

static int
info_list_fill(struct service *svc, const struct actor *a,
	       const struct store_subject *x, json_t *arr, void *arg)
{
	struct info_fill c = {svc, a, x, arr};
	int rc;

	(void)arg;
	rc = store_information_list(svc->store, a->tenant, x->id,
				    info_record_json, &c);
	return rc != 0 ? rc : info_exemptions(svc, a, x, arr);
}

int
svc_information_list(struct service *svc, const struct actor *a,
		     const char *subject_uid, json_t **out, char **cause)
{
	const struct svc_things what = {"information.list", "information",
					ZK_CAT_IDENTITY, info_list_fill, NULL};

	return svc_subject_read_things(svc, a, subject_uid, &what, out, cause);
}

struct info_report {
	struct service *svc;
	const struct actor *a;
	json_t *arr;
	char (*shown)[ZK_UUID_LEN];
	int nshown, cap;
};

/*
 * INF-2: for a subject whose data another controller sent, where it came
 * from and when, as "obtained_elsewhere" of o.
 */
static int
info_origin(struct service *svc, int64_t tenant, const struct store_subject *x,
	    json_t *o)
{
	char at[ZK_TIME_LEN], *text = NULL;
	struct zk_buf src;
	int rc;

	zk_buf_init(&src, 0);
	rc = store_information_origin_get(svc->store, tenant, x->id, &src, at);
	if (rc == ZK_ENOTFOUND) {
		zk_buf_release(&src);
		return 0;
	}
	if (rc == 0)
		rc = svc_open_text(svc, tenant, x, x->uid, "origin", src.data,
				   src.len, &text);
	zk_buf_release(&src);
	if (rc == 0 &&
	    json_object_set_new(o, "obtained_elsewhere",
				json_pack("{s:s, s:s}", "source", text,
					  "obtained_at", at)) != 0)
		rc = ZK_ENOMEM;
	if (text != NULL) {
		seal_wipe(text, strlen(text));
		free(text);
	}
	return rc;
}

static int
info_missing_one(void *arg, const struct store_subject *x, int status)
{
	static const char *const state[] = {"missing", "outdated", "exempt"};
	struct info_report *r = arg;
	json_t *identity = NULL, *o;
	int rc;

	if (r->nshown == r->cap) {
		int cap = r->cap ? r->cap * 2 : 64;
		char(*n)[ZK_UUID_LEN] =
		    realloc(r->shown, (size_t)cap * sizeof *n);
		if (n == NULL)
			return ZK_ENOMEM;
		r->shown = n;
		r->cap = cap;
	}
	if ((rc = svc_subject_identity(r->svc, r->a->tenant, x, &identity)) !=
	    0)
		return rc;
	o = json_pack("{s:s, s:s, s:O?, s:O?, s:s}", "id", x->uid, "kind",
		      x->kind, "family_name",
		      json_object_get(identity, "family_name"), "given_names",
		      json_object_get(identity, "given_names"), "informing",
		      state[status < 0 || status > 2 ? 0 : status]);
	json_decref(identity);
	if (o == NULL || json_array_append_new(r->arr, o) != 0)
		return ZK_ENOMEM;
	if ((rc = info_origin(r->svc, r->a->tenant, x, o)) != 0)
		return rc;
	/* INF-2: an exemption is shown with its ground and reason, for the
	 * DPO to review. */
	if (status == 2) {
		json_t *ex = json_array();

		if (ex == NULL || json_object_set_new(o, "exemptions", ex) != 0)
			return ZK_ENOMEM;
		if ((rc = info_exemptions(r->svc, r->a, x, ex)) != 0)
			return rc;
	}
	zk_strlcpy(r->shown[r->nshown++], x->uid, ZK_UUID_LEN);
	return 0;
}

int
svc_information_missing(struct service *svc, const struct actor *a,
			json_t **out, char **cause)
{
	static const struct authz_decision deny = {.reason = "dpo_only",
						   .rule = "INF-3"};
	struct info_report r;
	struct svc_tenant *t;
	struct audit_event ev;
	char checks[200];
	int64_t now = zk_now();
	int rc;

	*out = NULL;
	memset(&r, 0, sizeof r);
	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0)
		return rc;
	svc_event_init(&ev, a, t, "information.report", 'R');
	ev.object_type = "subject";
	ev.category = "identity";
	if ((rc = svc_begin_read(svc)) != 0)
		return zk_fail(cause, rc, "cannot start");
	if (!info_role(&ev, t, a, 0)) {
		svc_event_decision(&ev, &deny, 0, checks, sizeof checks);
		return svc_refuse(svc, a, &ev, &deny, cause);
	}
	r.svc = svc;
	r.a = a;
	if ((r.arr = json_array()) == NULL)
		rc = ZK_ENOMEM;
	else
		rc = store_information_missing(svc->store, a->tenant, NULL,
					       info_missing_one, &r);
	if (rc != 0) {
		json_decref(r.arr);
		free(r.shown);
		return svc_fail_act(svc, a, &ev, rc, cause);
	}
	/* LOG-1: every subject named in the report. */
	if (!a->system) {
		ev.reason = "dpo";
		ev.rule = "INF-3";
		ev.checks = "authz=permit;role=dpo";
	}
	for (int i = 0; rc == 0 && i < r.nshown; i++) {
		ev.subject_uid = r.shown[i];
		ev.object_uid = r.shown[i];
		rc = svc_log_one(svc, a, &ev, now, cause);
	}
	if (rc == 0 && r.nshown == 0)
		rc = svc_log_one(svc, a, &ev, now, cause);
	free(r.shown);
	if (rc == 0)
		rc = svc_log_finish(svc, cause);
	if (rc != 0) {
		json_decref(r.arr);
		return rc;
	}
	*out = r.arr;
	return 0;
}
