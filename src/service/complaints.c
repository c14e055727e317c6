/*
 * complaints.c: the register of complaints (CMP-1, M§18, W§18), through
 * the door.
 *
 * A complaint is received on a day through a channel (M§18: by e-mail;
 * W§18: to the board of the initiative or to the management; by post,
 * phone, in person, the portal or otherwise too: a complaint is
 * registered however it came), from a subject, a representative or
 * someone else, and may be linked to the subject it concerns. What it is
 * about, how it is handled and the answer given may hold care content:
 * they are sealed together, as one JSON object, with the subject's key
 * when a subject is linked (so that erasing the subject erases them,
 * ERA-5), else with a key of the complaint's own, wrapped by the
 * organisation's key. Only the DPO reads them; the board sees that a
 * complaint exists, how it came in, its state and outcome.
 *
 * CMP-1: every answer about a complaint names the route to the
 * Autoriteit Persoonsgegevens. Its text lives here, once, in Dutch and
 * English (svc_complaint_ap_route()), and every complaint the API gives
 * carries it.
 */
#include <stdlib.h>
#include <string.h>

#include "service/registers_int.h"
#include "store/store_registers.h"

static const char complaints_ap_nl[] =
    "U kunt altijd een klacht indienen bij de Autoriteit "
    "Persoonsgegevens (AP), de toezichthouder op de bescherming van "
    "persoonsgegevens, ook als u het niet eens bent met de afhandeling "
    "van uw klacht door ons (AVG artikel 77): "
    "https://autoriteitpersoonsgegevens.nl.";
static const char complaints_ap_en[] =
    "You can always lodge a complaint with the Dutch Data Protection "
    "Authority (Autoriteit Persoonsgegevens, AP), also when you disagree "
    "with how we handled your complaint (GDPR article 77): "
    "https://autoriteitpersoonsgegevens.nl.";

const char *
svc_complaint_ap_route(const char *lang)
{
	return lang != NULL && strcmp(lang, "en") == 0 ? complaints_ap_en
						       : complaints_ap_nl;
}

static const char *const complaints_channels[] = {
    "email", "board",	  "management", "dpo",	 "post",
    "phone", "in_person", "portal",	"other", NULL};
static const char *const complaints_outcomes[] = {
    "upheld", "partly_upheld", "not_upheld", "withdrawn", NULL};

static bool
complaints_in(const char *s, const char *const *list)
{
	for (int i = 0; s != NULL && list[i] != NULL; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

/*
 * The key of complaint c: the subject's, or its own unwrapped (made and
 * wrapped into c->wrapped_key when make is set). *subject_uid is the uid
 * the associated data names ("" without a subject).
 */
static int
complaints_key(struct service *svc, int64_t tenant, struct store_complaint *c,
	       bool make, unsigned char key[SEAL_KEY_BYTES],
	       char subject_uid[ZK_UUID_LEN])
{
	unsigned char kek[SEAL_KEY_BYTES], wrapped[SEAL_WRAPPED_BYTES];
	char ad[200];
	int rc;

	subject_uid[0] = '\0';
	if (c->subject_id != 0) {
		struct store_subject x;

		memset(&x, 0, sizeof x);
		rc = store_subject_get(svc->store, tenant, c->subject_uid, &x);
		if (rc == 0)
			rc = svc_subject_key(svc, tenant, &x, key);
		store_subject_release(&x);
		zk_strlcpy(subject_uid, c->subject_uid, ZK_UUID_LEN);
		return rc;
	}
	if ((rc = seal_tenant_kek(svc->keys, tenant, kek)) != 0)
		return rc;
	svc_seal_ad(ad, sizeof ad, tenant, "", c->uid, "complaint_key");
	if (make) {
		rc = seal_key_new(kek, ad, key, wrapped);
		c->wrapped_key.len = 0;
		if (rc == 0)
			rc = zk_buf_append(&c->wrapped_key, wrapped,
					   sizeof wrapped);
	} else {
		rc = seal_key_unwrap(kek, ad, c->wrapped_key.data,
				     c->wrapped_key.len, key);
	}
	seal_wipe(kek, sizeof kek);
	return rc;
}

/* Seals content (a JSON object) into c->content. */
static int
complaints_seal(struct service *svc, int64_t tenant, struct store_complaint *c,
		bool make, const json_t *content)
{
	unsigned char key[SEAL_KEY_BYTES];
	char ad[200], subject[ZK_UUID_LEN], *text;
	int rc;

	if ((text = json_dumps(content, JSON_COMPACT | JSON_SORT_KEYS)) == NULL)
		return ZK_ENOMEM;
	rc = complaints_key(svc, tenant, c, make, key, subject);
	if (rc == 0) {
		svc_seal_ad(ad, sizeof ad, tenant, subject, c->uid,
			    "complaint");
		c->content.len = 0;
		rc = seal_encrypt(key, ad, text, strlen(text), &c->content);
	}
	seal_wipe(key, sizeof key);
	seal_wipe(text, strlen(text));
	free(text);
	return rc;
}

/* The sealed content of c as a new object; ZK_ENOTFOUND when its
 * subject was erased. */
static int
complaints_open(struct service *svc, int64_t tenant, struct store_complaint *c,
		json_t **out)
{
	unsigned char key[SEAL_KEY_BYTES];
	char ad[200], subject[ZK_UUID_LEN];
	struct zk_buf plain;
	int rc;

	*out = NULL;
	if ((rc = complaints_key(svc, tenant, c, false, key, subject)) != 0)
		return rc;
	zk_buf_init_secret(&plain, 0);
	svc_seal_ad(ad, sizeof ad, tenant, subject, c->uid, "complaint");
	rc = seal_decrypt(key, ad, c->content.data, c->content.len, &plain);
	seal_wipe(key, sizeof key);
	if (rc == 0 && (*out = json_loadb((const char *)plain.data, plain.len,
					  0, NULL)) == NULL)
		rc = ZK_ECORRUPT;
	zk_buf_release(&plain);
	return rc;
}

/* The complaint as the API gives it; content only when with_content. */
static json_t *
complaints_json(struct service *svc, int64_t tenant, struct store_complaint *c,
		bool with_content)
{
	json_t *o = json_pack(
	    "{s:s, s:s, s:s, s:s, s:s?, s:s, s:s?, s:s?, s:s, s:s, s:s?,"
	    " s:{s:s, s:s}}",
	    "id", c->uid, "received_on", c->received_on, "channel", c->channel,
	    "complainant", c->complainant, "subject",
	    c->subject_uid[0] ? c->subject_uid : NULL, "status", c->status,
	    "outcome", c->outcome[0] ? c->outcome : NULL, "closed_on",
	    c->closed_on[0] ? c->closed_on : NULL, "created_at", c->created_at,
	    "created_by", c->created_by, "updated_at",
	    c->updated_at[0] ? c->updated_at : NULL, "ap_route", "nl",
	    complaints_ap_nl, "en", complaints_ap_en);
	json_t *content = NULL;

	if (o == NULL || !with_content)
		return o;
	/* ERA-5: an erased subject's complaint keeps its facts only. */
	if (complaints_open(svc, tenant, c, &content) == 0)
		json_object_update(o, content);
	else
		json_object_set_new(o, "content_erased", json_true());
	json_decref(content);
	return o;
}

int
svc_complaint_add(struct service *svc, const struct actor *a, const json_t *in,
		  char uid[ZK_UUID_LEN], char **cause)
{
	static const char *const names[] = {
	    "received_on", "channel",  "complainant", "subject",
	    "matter",	   "handling", NULL};
	const char *channel, *complainant, *subject, *matter, *handling;
	struct store_complaint c;
	struct svc_tenant *t;
	struct audit_event ev;
	json_t *content;
	int rc;

	store_complaint_init(&c);
	if ((rc = registers_only(in, names, cause)) != 0 ||
	    (rc = registers_date(in, "received_on", true, c.received_on,
				 cause)) != 0 ||
	    (rc = registers_str(in, "channel", sizeof c.channel, false, true,
				&channel, cause)) != 0 ||
	    (rc = registers_str(in, "complainant", sizeof c.complainant, false,
				true, &complainant, cause)) != 0 ||
	    (rc = registers_str(in, "subject", ZK_UUID_LEN, false, false,
				&subject, cause)) != 0 ||
	    (rc = registers_str(in, "matter", 8000, true, true, &matter,
				cause)) != 0 ||
	    (rc = registers_str(in, "handling", 8000, true, false, &handling,
				cause)) != 0)
		goto out;
	if (!complaints_in(channel, complaints_channels)) {
		rc = zk_fail(cause, ZK_EINVAL,
			     "channel must be email, board, management, dpo, "
			     "post, phone, in_person, portal or other");
		goto out;
	}
	if (strcmp(complainant, "subject") != 0 &&
	    strcmp(complainant, "representative") != 0 &&
	    strcmp(complainant, "other") != 0) {
		rc = zk_fail(cause, ZK_EINVAL,
			     "complainant must be subject, representative or "
			     "other");
		goto out;
	}
	if (subject != NULL && !zk_uuid_valid(subject)) {
		rc = zk_fail(cause, ZK_EINVAL, "subject must be an id");
		goto out;
	}
	if (strcmp(c.received_on, "") != 0) {
		char today[ZK_DATE_LEN];

		zk_date_fmt(svc_today(svc), today);
		if (strcmp(c.received_on, today) > 0) {
			rc = zk_fail(cause, ZK_EINVAL,
				     "received_on is in the future");
			goto out;
		}
	}
	zk_uuid_new(c.uid);
	zk_strlcpy(c.channel, channel, sizeof c.channel);
	zk_strlcpy(c.complainant, complainant, sizeof c.complainant);
	zk_strlcpy(c.status, "open", sizeof c.status);
	zk_time_fmt(zk_now(), c.created_at);
	zk_strlcpy(c.created_by, a->user_uid, sizeof c.created_by);
	if ((rc = registers_begin(svc, a, &ev, "complaint.create", 'C',
				  "complaint", c.uid, REGISTERS_CONTENT,
				  "CMP-1", &t, cause)) != 0)
		goto out;
	if (subject != NULL) {
		struct store_subject x;

		memset(&x, 0, sizeof x);
		rc = store_subject_get(svc->store, a->tenant, subject, &x);
		c.subject_id = x.id;
		store_subject_release(&x);
		if (rc != 0) {
			rc = svc_refuse_input(svc, a, &ev, rc, ZK_ENOTFOUND,
					      "no_such_subject", "CMP-1", cause,
					      "no subject %s", subject);
			goto out;
		}
		zk_strlcpy(c.subject_uid, subject, sizeof c.subject_uid);
		ev.subject_uid = c.subject_uid;
	}
	content =
	    json_pack("{s:s, s:s?}", "matter", matter, "handling", handling);
	rc = content == NULL
		 ? ZK_ENOMEM
		 : complaints_seal(svc, a->tenant, &c, true, content);
	json_decref(content);
	if (rc == 0)
		rc = store_complaint_create(svc->store, a->tenant, &c);
	rc = svc_log_created(svc, a, &ev, rc, c.uid, uid, cause);
out:
	store_complaint_release(&c);
	return rc;
}

/*
 * Changes complaint uid: the members of in named in names go into its
 * sealed content; close sets outcome and closed_on as well.
 */
static int
complaints_change(struct service *svc, const struct actor *a, const char *uid,
		  const json_t *in, bool close, char **cause)
{
	static const char *const edit[] = {"matter", "handling", NULL};
	static const char *const shut[] = {"outcome", "closed_on", "answer",
					   "handling", NULL};
	const char *outcome = NULL, *answer = NULL, *matter = NULL,
		   *handling = NULL;
	char closed_on[ZK_DATE_LEN] = "";
	struct store_complaint c;
	struct svc_tenant *t;
	struct audit_event ev;
	json_t *content = NULL;
	int rc;

	store_complaint_init(&c);
	if ((rc = registers_only(in, close ? shut : edit, cause)) != 0 ||
	    (rc = registers_str(in, "handling", 8000, true, false, &handling,
				cause)) != 0)
		goto out;
	if (close) {
		if ((rc = registers_str(in, "outcome", 16, false, true,
					&outcome, cause)) != 0 ||
		    (rc = registers_date(in, "closed_on", true, closed_on,
					 cause)) != 0 ||
		    (rc = registers_str(in, "answer", 8000, true, true, &answer,
					cause)) != 0)
			goto out;
		if (!complaints_in(outcome, complaints_outcomes)) {
			rc = zk_fail(cause, ZK_EINVAL,
				     "outcome must be upheld, partly_upheld, "
				     "not_upheld or withdrawn");
			goto out;
		}
	} else {
		if ((rc = registers_str(in, "matter", 8000, true, false,
					&matter, cause)) != 0)
			goto out;
		if (matter == NULL && handling == NULL) {
			rc = zk_fail(cause, ZK_EINVAL, "nothing to change");
			goto out;
		}
	}
	if ((rc = registers_begin(
		 svc, a, &ev, close ? "complaint.close" : "complaint.update",
		 'U', "complaint", uid, REGISTERS_CONTENT, "CMP-1", &t,
		 cause)) != 0)
		goto out;
	rc = store_complaint_get(svc->store, a->tenant, uid, &c);
	if (rc != 0) {
		rc = svc_refuse_input(svc, a, &ev, rc, ZK_ENOTFOUND,
				      "no_such_complaint", "CMP-1", cause,
				      "no complaint %s", uid);
		goto out;
	}
	if (c.subject_uid[0] != '\0')
		ev.subject_uid = c.subject_uid;
	if (strcmp(c.status, "closed") == 0) {
		rc = svc_refuse_input(svc, a, &ev, ZK_ECONFLICT, ZK_ECONFLICT,
				      "closed", "CMP-1", cause,
				      "complaint %s is closed", uid);
		goto out;
	}
	if (close && strcmp(closed_on, c.received_on) < 0) {
		rc = svc_refuse_input(svc, a, &ev, ZK_EINVAL, ZK_EINVAL,
				      "bad_input", "CMP-1", cause,
				      "closed_on is before received_on");
		goto out;
	}
	if ((rc = complaints_open(svc, a->tenant, &c, &content)) != 0) {
		rc = svc_refuse_input(svc, a, &ev, ZK_ECONFLICT, ZK_ECONFLICT,
				      "erased", "ERA-5", cause,
				      "the subject of complaint %s was "
				      "erased",
				      uid);
		goto out;
	}
	if (matter != NULL)
		json_object_set_new(content, "matter", json_string(matter));
	if (handling != NULL)
		json_object_set_new(content, "handling", json_string(handling));
	if (answer != NULL)
		json_object_set_new(content, "answer", json_string(answer));
	if (close) {
		zk_strlcpy(c.status, "closed", sizeof c.status);
		zk_strlcpy(c.outcome, outcome, sizeof c.outcome);
		zk_strlcpy(c.closed_on, closed_on, sizeof c.closed_on);
	}
	zk_time_fmt(zk_now(), c.updated_at);
	zk_strlcpy(c.updated_by, a->user_uid, sizeof c.updated_by);
	rc = complaints_seal(svc, a->tenant, &c, false, content);
	if (rc == 0)
		rc = store_complaint_update(svc->store, a->tenant, &c);
	if (rc != 0)
		rc = svc_fail_act(svc, a, &ev, rc, cause);
	else
		rc = svc_log_commit(svc, a, &ev, cause);
out:
	json_decref(content);
	store_complaint_release(&c);
	return rc;
}

int
svc_complaint_edit(struct service *svc, const struct actor *a, const char *uid,
		   const json_t *in, char **cause)
{
	return complaints_change(svc, a, uid, in, false, cause);
}

int
svc_complaint_close(struct service *svc, const struct actor *a, const char *uid,
		    const json_t *in, char **cause)
{
	return complaints_change(svc, a, uid, in, true, cause);
}

struct complaints_list {
	struct service *svc;
	int64_t tenant;
	bool content;
	json_t *out;
};

static int
complaints_add(void *arg, const struct store_complaint *c)
{
	struct complaints_list *l = arg;
	json_t *o = complaints_json(l->svc, l->tenant,
				    (struct store_complaint *)c, l->content);

	return o == NULL || json_array_append_new(l->out, o) != 0 ? ZK_ENOMEM
								  : 0;
}

int
svc_complaint_list(struct service *svc, const struct actor *a, json_t **out,
		   char **cause)
{
	struct complaints_list l;
	struct svc_tenant *t;
	struct audit_event ev;
	int rc;

	*out = NULL;
	if ((rc = registers_begin(svc, a, &ev, "complaint.list", 'R',
				  "complaint", NULL, REGISTERS_READ, "CMP-1",
				  &t, cause)) != 0)
		return rc;
	l.svc = svc;
	l.tenant = a->tenant;
	l.content = registers_content(a, t);
	if ((*out = l.out = json_array()) == NULL)
		rc = ZK_ENOMEM;
	else
		rc = store_complaint_list(svc->store, a->tenant, complaints_add,
					  &l);
	return svc_log_read(svc, a, &ev, rc, out, cause);
}

int
svc_complaint_get(struct service *svc, const struct actor *a, const char *uid,
		  json_t **out, char **cause)
{
	struct store_complaint c;
	struct svc_tenant *t;
	struct audit_event ev;
	int rc;

	*out = NULL;
	if ((rc = registers_begin(svc, a, &ev, "complaint.read", 'R',
				  "complaint", uid, REGISTERS_READ, "CMP-1", &t,
				  cause)) != 0)
		return rc;
	store_complaint_init(&c);
	rc = store_complaint_get(svc->store, a->tenant, uid, &c);
	if (rc != 0) {
		store_complaint_release(&c);
		return svc_refuse_input(svc, a, &ev, rc, ZK_ENOTFOUND,
					"no_such_complaint", "CMP-1", cause,
					"no complaint %s", uid);
	}
	if (c.subject_uid[0] != '\0')
		ev.subject_uid = c.subject_uid;
	*out = complaints_json(svc, a->tenant, &c, registers_content(a, t));
	rc = *out == NULL ? ZK_ENOMEM : 0;
	store_complaint_release(&c);
	return svc_log_read(svc, a, &ev, rc, out, cause);
}
