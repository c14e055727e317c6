/*
 * entries.c: record entries through the door. Each entry has one category
 * (CAT-1), names its purpose and legal basis (PUR-1, PUR-3), holds only
 * the fields its category declares (PUR-4), and is sealed with the
 * subject's key. Corrections are new entries beside the original (COR-2).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "service/service_int.h"

/*
 * The subject's say at the moment of use. CON-4: processing that rests on
 * consent needs a consent in force at this moment, covering the purpose
 * and the category; explicit for health data (CON-2). A withdrawn consent
 * no longer counts (CON-3). Writes the consent's uid into uid. OBJ-1: an
 * objection to the purpose stops processing on a legitimate interest or a
 * public task.
 */
static int
entries_check_consent(struct service *svc, const struct actor *a,
		      const struct svc_facts *f, const char *purpose,
		      const char *basis, const char *category,
		      char uid[ZK_UUID_LEN], struct authz_decision *d)
{
	char day[ZK_DATE_LEN];
	int c = vocab_category(category), rc;

	uid[0] = '\0';
	if (a->system)
		return 0;
	/*
	 * PUR-2: data used for another purpose than it was collected for
	 * needs that purpose to be compatible, or the subject's consent to it
	 * (M§8.4).
	 */
	if (a->use_purpose[0] != '\0' && strcmp(a->use_purpose, purpose) != 0) {
		const struct profile *p = NULL;
		const struct profile_purpose *from, *to;
		char objection[ZK_UUID_LEN];

		/*
		 * OBJ-1: an objection to the further purpose (research,
		 * business operations) stops that use, whatever makes it
		 * lawful otherwise (M§13.4).
		 */
		rc = store_objection_active(svc->store, a->tenant, f->x.id,
					    a->use_purpose, NULL, objection);
		if (rc == 0) {
			d->permit = false;
			d->reason = "objection";
			d->rule = "OBJ-1";
			d->break_glass = d->review = false;
			return ZK_EDENIED;
		}
		if (rc != ZK_ENOTFOUND)
			return rc;

		if (svc_profile(svc, a->tenant, &p, NULL) != 0)
			return ZK_EPROFILE;
		from = profile_purpose(p, purpose);
		to = profile_purpose(p, a->use_purpose);
		if (from == NULL || to == NULL ||
		    !(from->compatible &
		      (1u << (unsigned)(to - p->purposes)))) {
			zk_date_fmt(svc_today(svc), day);
			rc = store_consent_active(
			    svc->store, a->tenant, f->x.id, a->use_purpose,
			    category, day,
			    c >= 0 &&
				vocab_category_is_health((enum zk_category)c),
			    uid);
			if (rc == ZK_ENOTFOUND) {
				d->permit = false;
				d->reason = "purpose_not_compatible";
				d->rule = "PUR-2";
				d->break_glass = d->review = false;
				return ZK_EDENIED;
			}
			return rc;
		}
		/*
		 * A compatible further use reaches no further than the data's
		 * own basis: a withdrawn consent (CON-3) or an objection
		 * (OBJ-1) stops it as it stops the first use. Checked below.
		 */
	}
	/*
	 * OBJ-1: processing that rests on a legitimate interest or a public
	 * task stops when the subject objected to its purpose (GDPR art. 21).
	 */
	if (strcmp(basis, "legitimate_interest") == 0 ||
	    strcmp(basis, "public_task") == 0) {
		char objection[ZK_UUID_LEN];

		rc = store_objection_active(svc->store, a->tenant, f->x.id,
					    purpose, NULL, objection);
		if (rc == ZK_ENOTFOUND)
			return 0;
		if (rc != 0)
			return rc;
		d->permit = false;
		d->reason = "objection";
		d->rule = "OBJ-1";
		d->break_glass = d->review = false;
		return ZK_EDENIED;
	}
	if (strcmp(basis, "consent") != 0)
		return 0;
	zk_date_fmt(svc_today(svc), day);
	rc = store_consent_active(
	    svc->store, a->tenant, f->x.id, purpose, category, day,
	    c >= 0 && vocab_category_is_health((enum zk_category)c), uid);
	if (rc == ZK_ENOTFOUND) {
		d->permit = false;
		d->reason = "no_consent_in_force";
		d->rule = "CON-4";
		d->break_glass = d->review = false;
		return ZK_EDENIED;
	}
	return rc;
}

/*
 * PUR-1, PUR-3: the purpose is the profile's and the basis fits it.
 * CAT-3: special-category data (religion, ethnicity, politics, sexual
 * life) only beside the care itself, or else on (explicit) consent.
 */
static int
entries_check_purpose(const struct profile *p, enum zk_category c,
		      const char *purpose, const char *basis,
		      struct authz_decision *d)
{
	const struct profile_purpose *u = profile_purpose(p, purpose);
	int b = vocab_basis(basis);
	const char *reason = NULL, *rule = NULL;

	if (u == NULL) {
		reason = "purpose_not_in_profile";
		rule = "PUR-1";
	} else if (b < 0 || !(u->bases & (1u << b))) {
		reason = "legal_basis_not_for_purpose";
		rule = "PUR-3";
	} else if (c == ZK_CAT_SPECIAL && !u->care && b != ZK_BASIS_CONSENT) {
		reason = "special_data_beyond_care";
		rule = "CAT-3";
	}
	/* A permit keeps what it rests on: under break-the-glass, the act
	 * is flagged for review (ACC-6, LOG-7). */
	if (reason == NULL)
		return 0;
	d->permit = false;
	d->reason = reason;
	d->rule = rule;
	d->break_glass = d->review = false;
	return ZK_EDENIED;
}

/*
 * LOG-3: the MAC that binds an entry's metadata to it: every field that
 * gives the entry its meaning (whose, what kind, by whom, why, when, what
 * it corrects, whether it stands) and its sealed content, keyed with the
 * subject's key. A row changed through SQL no longer matches it.
 */
int
svc_entry_mac(const unsigned char key[SEAL_KEY_BYTES], int64_t tenant,
	      const struct store_entry *e, unsigned char out[SEAL_MAC_BYTES])
{
	char t[24];
	const char *fields[11];

	snprintf(t, sizeof t, "%lld", (long long)tenant);
	fields[0] = "entry";
	fields[1] = t;
	fields[2] = e->uid;
	fields[3] = e->subject_uid;
	fields[4] = e->category;
	fields[5] = e->author_uid;
	fields[6] = e->purpose;
	fields[7] = e->legal_basis;
	fields[8] = e->created_at;
	fields[9] = e->corrects_uid;
	fields[10] = e->status;
	return seal_mac(key, fields, sizeof fields / sizeof fields[0],
			e->content.data, e->content.len, out);
}

/* The subject key of the facts, unwrapped once. */
static int
entries_key(struct service *svc, const struct actor *a, struct svc_facts *f)
{
	int rc;

	if (f->key_loaded)
		return 0;
	if ((rc = svc_subject_key(svc, a->tenant, &f->x, f->key)) != 0)
		return rc;
	f->key_loaded = 1;
	return 0;
}

/*
 * LOG-3: checks that entry e is as zorgkluis wrote it. ZK_ECORRUPT, with
 * *cause naming the entry, when its metadata or content was changed.
 */
static int
entries_verify(struct service *svc, const struct actor *a, struct svc_facts *f,
	       const struct store_entry *e, char **cause)
{
	unsigned char mac[SEAL_MAC_BYTES];
	int rc;

	if ((rc = entries_key(svc, a, f)) != 0 ||
	    (rc = svc_entry_mac(f->key, a->tenant, e, mac)) != 0)
		return rc;
	if (e->meta_mac_len == SEAL_MAC_BYTES &&
	    sodium_memcmp(mac, e->meta_mac, SEAL_MAC_BYTES) == 0)
		return 0;
	return zk_fail(cause, ZK_ECORRUPT,
		       "entry %s was changed outside zorgkluis: its metadata "
		       "does not match its seal (LOG-3)",
		       e->uid);
}

static int
entries_seal(struct service *svc, const struct actor *a,
	     const struct store_subject *x, struct store_entry *e,
	     json_t *content)
{
	unsigned char key[SEAL_KEY_BYTES];
	char ad[200], *text;
	int rc;

	text = json_dumps(content, JSON_COMPACT | JSON_SORT_KEYS);
	if (text == NULL)
		return ZK_ENOMEM;
	if ((rc = svc_subject_key(svc, a->tenant, x, key)) == 0) {
		svc_seal_ad(ad, sizeof ad, a->tenant, x->uid, e->uid,
			    e->category);
		rc = seal_encrypt(key, ad, text, strlen(text), &e->content);
		if (rc == 0)
			rc = svc_entry_mac(key, a->tenant, e, e->meta_mac);
		e->meta_mac_len = SEAL_MAC_BYTES;
		seal_wipe(key, sizeof key);
	}
	seal_wipe(text, strlen(text));
	free(text);
	return rc;
}

/*
 * Decrypts an entry's content into plain: the JSON text it was sealed as
 * (the caller wipes it). The subject key is unwrapped once per facts.
 */
static int
entries_decrypt(struct service *svc, const struct actor *a, struct svc_facts *f,
		const struct store_entry *e, struct zk_buf *plain)
{
	char ad[200];
	int rc;

	if ((rc = entries_key(svc, a, f)) != 0)
		return rc;
	svc_seal_ad(ad, sizeof ad, a->tenant, f->x.uid, e->uid, e->category);
	return seal_decrypt(f->key, ad, e->content.data, e->content.len, plain);
}

/*
 * Appends "key":"value" to out, or "key":null when s is NULL or empty.
 * Text that needs no escaping (ids, names, times) goes in as it is;
 * anything else is written by jansson.
 */
static int
entries_put(struct zk_buf *out, const char *key, const char *s)
{
	size_t n = s ? strlen(s) : 0, i;
	json_t *str;
	char *text;
	int rc;

	if (zk_buf_append(out, "\"", 1) != 0 ||
	    zk_buf_append(out, key, strlen(key)) != 0 ||
	    zk_buf_append(out, "\":", 2) != 0)
		return ZK_ENOMEM;
	if (n == 0)
		return zk_buf_append(out, "null", 4);
	for (i = 0; i < n; i++)
		if (s[i] < 0x20 || s[i] > 0x7e || s[i] == '"' || s[i] == '\\')
			break;
	if (i == n) {
		if (zk_buf_append(out, "\"", 1) != 0 ||
		    zk_buf_append(out, s, n) != 0)
			return ZK_ENOMEM;
		return zk_buf_append(out, "\"", 1);
	}
	/* Not valid UTF-8 (a damaged row) gives NULL here: no answer. */
	if ((str = json_string(s)) == NULL)
		return ZK_ECORRUPT;
	text = json_dumps(str, JSON_ENCODE_ANY);
	json_decref(str);
	rc = text ? zk_buf_append(out, text, strlen(text)) : ZK_ENOMEM;
	free(text);
	return rc;
}

/*
 * Appends an entry as a JSON object to out: its fields, then its content
 * as the JSON text it was sealed as (plain). Only zorgkluis sealed that
 * text, from json_dumps(), and opening it checked that it is unchanged
 * (seal.h), so it goes in without being parsed and written again.
 */
static int
entries_text(const struct store_entry *e, const char *subject_uid,
	     const struct zk_buf *plain, bool break_glass, struct zk_buf *out)
{
	int rc;

	if ((rc = zk_buf_append(out, "{", 1)) != 0 ||
	    (rc = entries_put(out, "id", e->uid)) != 0 ||
	    (rc = zk_buf_append(out, ",", 1)) != 0 ||
	    (rc = entries_put(out, "subject", subject_uid)) != 0 ||
	    (rc = zk_buf_append(out, ",", 1)) != 0 ||
	    (rc = entries_put(out, "category", e->category)) != 0 ||
	    (rc = zk_buf_append(out, ",", 1)) != 0 ||
	    (rc = entries_put(out, "author", e->author_uid)) != 0 ||
	    (rc = zk_buf_append(out, ",", 1)) != 0 ||
	    (rc = entries_put(out, "purpose", e->purpose)) != 0 ||
	    (rc = zk_buf_append(out, ",", 1)) != 0 ||
	    (rc = entries_put(out, "legal_basis", e->legal_basis)) != 0 ||
	    (rc = zk_buf_append(out, ",", 1)) != 0 ||
	    (rc = entries_put(out, "created_at", e->created_at)) != 0 ||
	    (rc = zk_buf_append(out, ",", 1)) != 0 ||
	    (rc = entries_put(out, "corrects", e->corrects_uid)) != 0 ||
	    (rc = zk_buf_append(out, ",", 1)) != 0 ||
	    (rc = entries_put(out, "status", e->status)) != 0 ||
	    /* ACC-6: read through broken glass, in every view alike. */
	    (rc = zk_buf_append(out,
				break_glass ? ",\"break_glass\":true"
					    : ",\"break_glass\":false",
				break_glass ? 19 : 20)) != 0 ||
	    (rc = zk_buf_append(out, ",\"content\":", 11)) != 0 ||
	    (rc = zk_buf_append(out, plain->data, plain->len)) != 0)
		return rc;
	return zk_buf_append(out, "}", 1);
}

/*
 * Opens an entry and appends it to out as JSON text (entries_text),
 * marked as read through broken glass when it was (d).
 */
static int
entries_open(struct service *svc, const struct actor *a, struct svc_facts *f,
	     const struct store_entry *e, const struct authz_decision *d,
	     struct zk_buf *out)
{
	struct zk_buf plain;
	int rc;

	zk_buf_init_secret(&plain, 0);
	if ((rc = entries_decrypt(svc, a, f, e, &plain)) == 0)
		rc = entries_text(e, f->x.uid, &plain, d->break_glass, out);
	seal_wipe(plain.data, plain.len);
	zk_buf_release(&plain);
	return rc;
}

/*
 * The shared body of create and correct: validates, decides, seals and
 * stores a new entry. For a correction, orig is the corrected entry.
 */
/*
 * An entry states what was observed or done: a field it has no value for
 * is left out, not sent as null (an entry is never changed field by field;
 * a correction is a whole new entry, COR-2).
 */
static int
entries_no_nulls(json_t *content, char **cause)
{
	const char *key;
	json_t *v;

	json_object_foreach(content, key, v)
	{
		if (json_is_null(v))
			return zk_fail(cause, ZK_EINVAL,
				       "field \"%.64s\" is null; leave it out "
				       "instead (PUR-4)",
				       key);
	}
	return 0;
}

/*
 * COR-2: seals a correction's reason with the subject's key (it may
 * describe the client) and stores it beside the correction e.
 */
static int
entries_reason_put(struct service *svc, const struct actor *a,
		   const struct store_subject *x, const struct store_entry *e,
		   const char *reason)
{
	struct zk_buf sealed;
	int rc;

	zk_buf_init(&sealed, 0);
	rc = svc_seal_text(svc, a->tenant, x, e->uid, "correction_reason",
			   reason, &sealed);
	if (rc == 0)
		rc = store_entry_reason_put(svc->store, a->tenant, e->id,
					    sealed.data, sealed.len);
	zk_buf_release(&sealed);
	return rc;
}

/*
 * COR-2: the links between an original and its correction, added to the
 * entry read as out: the original names its correction ("corrected_by"),
 * a correction shows the reason it was made with, if any ("reason").
 */
static int
entries_correction_links(struct service *svc, const struct actor *a,
			 struct svc_facts *f, const struct store_entry *e,
			 json_t *out)
{
	char by[ZK_UUID_LEN], *reason = NULL;
	struct zk_buf sealed;
	int rc = 0;

	if (strcmp(e->status, "corrected") == 0) {
		if ((rc = store_entry_corrected_by(svc->store, a->tenant, e->id,
						   by)) != 0)
			return rc == ZK_ENOTFOUND ? ZK_ECORRUPT : rc;
		if (json_object_set_new(out, "corrected_by", json_string(by)) !=
		    0)
			return ZK_ENOMEM;
	}
	if (e->corrects_id == 0)
		return 0;
	zk_buf_init(&sealed, 0);
	rc = store_entry_reason_get(svc->store, a->tenant, e->id, &sealed);
	if (rc == 0)
		rc = svc_open_text(svc, a->tenant, &f->x, e->uid,
				   "correction_reason", sealed.data, sealed.len,
				   &reason);
	zk_buf_release(&sealed);
	if (rc == ZK_ENOTFOUND)
		return 0;
	if (rc == 0 &&
	    json_object_set_new(out, "reason", json_string(reason)) != 0)
		rc = ZK_ENOMEM;
	if (reason != NULL)
		seal_wipe(reason, strlen(reason));
	free(reason);
	return rc;
}

static int
entries_write(struct service *svc, const struct actor *a,
	      const struct svc_entry_input *in, const struct store_entry *orig,
	      char uid[ZK_UUID_LEN], struct svc_decision *d, char **cause)
{
	struct svc_facts f;
	struct store_entry e, o;
	struct svc_tenant *t;
	struct audit_event ev;
	char checks[200], consent[ZK_UUID_LEN] = "";
	int64_t now = zk_now();
	int c, rc;

	memset(&e, 0, sizeof e);
	memset(&o, 0, sizeof o);
	memset(&f, 0, sizeof f);
	zk_buf_init(&e.content, 0);
	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0)
		return rc;
	if (!zk_uuid_valid(in->subject_uid))
		return zk_fail(cause, ZK_EINVAL, "not a subject id");
	zk_uuid_new(e.uid);
	svc_event_init(&ev, a, t, orig ? "entry.correct" : "entry.create",
		       orig ? 'U' : 'C');
	ev.subject_uid = in->subject_uid;
	ev.object_type = "entry";
	/* LOG-1: a correction changes the original; it is what is named. */
	ev.object_uid = orig != NULL ? orig->uid : e.uid;
	e.author_id = a->user_id;
	zk_time_fmt(now, e.created_at);
	if ((rc = svc_begin_write(svc)) != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	rc = svc_facts_load(svc, a, in->subject_uid, now, &f);
	if (rc == 0 && orig != NULL)
		/* Re-read the original inside this transaction. */
		rc = store_entry_get(svc->store, a->tenant, orig->uid, &o);
	if (rc != 0) {
		svc_facts_release(&f);
		store_entry_release(&o);
		store_rollback(svc->store);
		svc_erased_cause(svc, a->tenant, in->subject_uid, cause);
		return zk_fail(cause, rc,
			       rc == ZK_ENOTFOUND ? "no subject %s"
						  : "cannot read subject %s",
			       in->subject_uid);
	}
	/* SHD-1: a shielded entry cannot be corrected by whom it is hidden
	 * from: it is not there for them. */
	if (orig != NULL) {
		bool hidden = false;

		if ((rc = svc_facts_hidden(svc, a, &f, &o, &hidden)) != 0 ||
		    hidden) {
			svc_facts_release(&f);
			store_entry_release(&o);
			if (rc != 0)
				return svc_fail_act(svc, a, &ev, rc, cause);
			ev.checks = "shield=hidden";
			return svc_refuse_input(
			    svc, a, &ev, ZK_ENOTFOUND, ZK_ENOTFOUND, "shielded",
			    "SHD-1", cause, "no entry %s", orig->uid);
		}
	}
	/*
	 * The client exists: an attempt without a known category, purpose
	 * or legal basis is still an attempt on them (LOG-1); what was sent
	 * instead stays out of the log (LOG-4).
	 */
	if ((c = vocab_category(in->category)) < 0) {
		svc_facts_release(&f);
		store_entry_release(&o);
		return svc_refuse_input(svc, a, &ev, ZK_EINVAL, ZK_EINVAL,
					"unknown_category", "CAT-1", cause,
					"unknown category \"%.64s\" (CAT-1)",
					in->category ? in->category : "");
	}
	ev.category = vocab_category_name((enum zk_category)c);
	if (in->purpose == NULL || in->legal_basis == NULL ||
	    strlen(in->purpose) >= sizeof e.purpose ||
	    strlen(in->legal_basis) >= sizeof e.legal_basis) {
		svc_facts_release(&f);
		store_entry_release(&o);
		return svc_refuse_input(svc, a, &ev, ZK_EINVAL, ZK_EINVAL,
					"purpose_or_basis_missing", "PUR-1",
					cause,
					"an entry needs a purpose (PUR-1) and "
					"a legal basis (PUR-3)");
	}
	zk_strlcpy(e.category, in->category, sizeof e.category);
	zk_strlcpy(e.purpose, in->purpose, sizeof e.purpose);
	zk_strlcpy(e.legal_basis, in->legal_basis, sizeof e.legal_basis);
	/* LOG-4: a purpose the profile does not know is text the user sent,
	 * which could be anything; the refusal says why, the log keeps none
	 * of it. */
	ev.purpose =
	    profile_purpose(t->profile, e.purpose) != NULL ? e.purpose : NULL;
	e.subject_id = f.x.id;
	e.corrects_id = o.id;
	svc_facts_decide(svc, a, t, &f, (enum zk_category)c,
			 orig ? ZK_ACT_CORRECT : ZK_ACT_CREATE,
			 orig ? o.author_uid : NULL, &d->authz);
	svc_facts_event(a, &ev, &d->authz, &f, checks, sizeof checks);
	/* PUR-1, PUR-3 and PUR-4 refuse what the scheme would allow. */
	if (d->authz.permit &&
	    entries_check_purpose(t->profile, (enum zk_category)c, e.purpose,
				  e.legal_basis, &d->authz) != 0)
		svc_facts_event(a, &ev, &d->authz, &f, checks, sizeof checks);
	if (d->authz.permit &&
	    (rc = entries_check_consent(svc, a, &f, e.purpose, e.legal_basis,
					e.category, consent, &d->authz)) != 0 &&
	    rc != ZK_EDENIED) {
		svc_facts_release(&f);
		store_entry_release(&o);
		return svc_fail_act(svc, a, &ev, rc, cause);
	}
	if (consent[0] != '\0')
		ev.consent_ref = consent;
	svc_facts_event(a, &ev, &d->authz, &f, checks, sizeof checks);
	if (d->authz.permit &&
	    ((rc = entries_no_nulls(in->content, cause)) != 0 ||
	     (rc = svc_validate_fields(t->profile, (enum zk_category)c,
				       in->content, svc_today(svc), cause)) !=
		 0)) {
		static const struct authz_decision undeclared = {
		    .reason = "undeclared_or_invalid_field", .rule = "PUR-4"};

		d->authz = undeclared;
		svc_facts_event(a, &ev, &d->authz, &f, checks, sizeof checks);
		svc_facts_release(&f);
		store_entry_release(&o);
		if (svc_log_commit(svc, a, &ev, NULL) != 0)
			return ZK_EAUDIT;
		return rc;
	}
	if (!d->authz.permit) {
		svc_facts_release(&f);
		store_entry_release(&o);
		return svc_refuse(svc, a, &ev, &d->authz, cause);
	}
	/* LOG-3: an original changed outside zorgkluis is not corrected. */
	if (orig != NULL && (rc = entries_verify(svc, a, &f, &o, cause)) != 0) {
		d->tampered = rc == ZK_ECORRUPT;
		ev.reason = d->tampered ? "entry_tampered" : ev.reason;
		ev.rule = d->tampered ? "LOG-3" : ev.rule;
		svc_facts_release(&f);
		store_entry_release(&o);
		return svc_fail_act(svc, a, &ev, rc, cause);
	}
	/* COR-2: an original is corrected once; then its correction is. Told
	 * only to whom may correct it, so nobody else learns it exists. */
	if (orig != NULL && strcmp(o.status, "active") != 0) {
		svc_facts_release(&f);
		store_entry_release(&o);
		return svc_refuse_input(svc, a, &ev, ZK_ECONFLICT, ZK_ECONFLICT,
					"already_corrected", "COR-2", cause,
					"entry %s was already corrected; "
					"correct its correction instead",
					orig->uid);
	}
	/* The metadata as the row will hold it, bound by the seal (LOG-3). */
	zk_strlcpy(e.subject_uid, f.x.uid, sizeof e.subject_uid);
	zk_strlcpy(e.author_uid, a->user_id != 0 ? a->user_uid : "",
		   sizeof e.author_uid);
	zk_strlcpy(e.corrects_uid, o.uid, sizeof e.corrects_uid);
	zk_strlcpy(e.status, "active", sizeof e.status);
	rc = entries_seal(svc, a, &f.x, &e, in->content);
	if (rc == 0)
		rc = store_entry_create(svc->store, a->tenant, &e, &e.id);
	if (rc == 0)
		rc = store_entry_set_mac(svc->store, a->tenant, e.uid,
					 e.meta_mac);
	if (rc == 0 && orig != NULL)
		rc = store_entry_mark_corrected(svc->store, a->tenant, o.id);
	if (rc == 0 && orig != NULL) {
		zk_strlcpy(o.status, "corrected", sizeof o.status);
		rc = svc_entry_mac(f.key, a->tenant, &o, o.meta_mac);
		if (rc == 0)
			rc = store_entry_set_mac(svc->store, a->tenant, o.uid,
						 o.meta_mac);
	}
	if (rc == 0 && orig != NULL && in->reason != NULL)
		rc = entries_reason_put(svc, a, &f.x, &e, in->reason);
	svc_facts_release(&f);
	store_entry_release(&o);
	store_entry_release(&e);
	return svc_log_created(svc, a, &ev, rc, e.uid, uid, cause);
}

int
svc_entry_create(struct service *svc, const struct actor *a,
		 const struct svc_entry_input *in, char uid[ZK_UUID_LEN],
		 struct svc_decision *dout, char **cause)
{
	struct svc_decision dd, *d = dout ? dout : &dd;

	memset(d, 0, sizeof *d);
	return entries_write(svc, a, in, NULL, uid, d, cause);
}

int
svc_entry_read(struct service *svc, const struct actor *a,
	       const char *entry_uid, json_t **out, struct svc_decision *dout,
	       char **cause)
{
	struct svc_decision dd, *d = dout ? dout : &dd;
	struct svc_facts f;
	struct store_entry e;
	struct svc_tenant *t;
	struct audit_event ev;
	char checks[200], consent[ZK_UUID_LEN] = "";
	struct zk_buf text;
	int64_t now = zk_now();
	int c = -1, rc;

	*out = NULL;
	memset(d, 0, sizeof *d);
	memset(&e, 0, sizeof e);
	memset(&f, 0, sizeof f);
	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0)
		return rc;
	if (!zk_uuid_valid(entry_uid))
		return zk_fail(cause, ZK_EINVAL, "not an entry id");
	svc_event_init(&ev, a, t, "entry.read", 'R');
	ev.object_type = "entry";
	ev.object_uid = entry_uid;
	if ((rc = svc_begin_read(svc)) != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	rc = store_entry_get(svc->store, a->tenant, entry_uid, &e);
	if (rc == 0)
		rc = svc_facts_load(svc, a, e.subject_uid, now, &f);
	if (rc != 0) {
		svc_facts_release(&f);
		store_rollback(svc->store);
		if (e.subject_uid[0] != '\0')
			svc_erased_cause(svc, a->tenant, e.subject_uid, cause);
		store_entry_release(&e);
		return zk_fail(cause, rc,
			       rc == ZK_ENOTFOUND ? "no entry %s"
						  : "cannot read entry %s",
			       entry_uid);
	}
	ev.subject_uid = e.subject_uid;
	/* SHD-1: a shielded entry is not there for anyone but the
	 * professional responsible for the subject; the refusal is logged. */
	{
		bool hidden = false;

		if ((rc = svc_facts_hidden(svc, a, &f, &e, &hidden)) != 0 ||
		    hidden) {
			svc_facts_release(&f);
			store_entry_release(&e);
			if (rc != 0)
				return svc_fail_act(svc, a, &ev, rc, cause);
			ev.checks = "shield=hidden";
			return svc_refuse_input(
			    svc, a, &ev, ZK_ENOTFOUND, ZK_ENOTFOUND, "shielded",
			    "SHD-1", cause, "no entry %s", entry_uid);
		}
	}
	/* LOG-3: nothing is decided on metadata changed outside zorgkluis;
	 * the attempt is logged as the error it is. */
	if ((rc = entries_verify(svc, a, &f, &e, cause)) != 0) {
		d->tampered = rc == ZK_ECORRUPT;
		if (d->tampered) {
			ev.reason = "entry_tampered";
			ev.rule = "LOG-3";
		}
		svc_facts_release(&f);
		store_entry_release(&e);
		return svc_fail_act(svc, a, &ev, rc, cause);
	}
	if ((c = vocab_category(e.category)) < 0) {
		svc_facts_release(&f);
		store_entry_release(&e);
		return svc_fail_act(svc, a, &ev, ZK_ECORRUPT, cause);
	}
	ev.category = e.category;
	ev.purpose = a->use_purpose[0] ? a->use_purpose : e.purpose;
	svc_facts_decide(svc, a, t, &f, (enum zk_category)c, ZK_ACT_READ,
			 e.author_uid, &d->authz);
	if (d->authz.permit &&
	    (rc = entries_check_consent(svc, a, &f, e.purpose, e.legal_basis,
					e.category, consent, &d->authz)) != 0 &&
	    rc != ZK_EDENIED) {
		svc_facts_release(&f);
		store_entry_release(&e);
		return svc_fail_act(svc, a, &ev, rc, cause);
	}
	if (consent[0] != '\0')
		ev.consent_ref = consent;
	svc_facts_event(a, &ev, &d->authz, &f, checks, sizeof checks);
	if (!d->authz.permit) {
		svc_facts_release(&f);
		store_entry_release(&e);
		return svc_refuse(svc, a, &ev, &d->authz, cause);
	}
	zk_buf_init_secret(&text, 0);
	rc = entries_open(svc, a, &f, &e, &d->authz, &text);
	if (rc == 0 && (*out = json_loadb((const char *)text.data, text.len, 0,
					  NULL)) == NULL)
		rc = ZK_ECORRUPT;
	seal_wipe(text.data, text.len);
	zk_buf_release(&text);
	if (rc == 0)
		rc = entries_correction_links(svc, a, &f, &e, *out);
	svc_facts_release(&f);
	store_entry_release(&e);
	return svc_log_read(svc, a, &ev, rc, out, cause);
}

struct entries_list {
	struct service *svc;
	const struct actor *a;
	const struct svc_tenant *t;
	struct svc_facts *f;
	struct zk_buf *out; /* the JSON array's text */
	int n;
	/* Per category: 0 none seen, 1 read, 2 refused, 3 both. */
	int seen[ZK_CAT_COUNT];
	struct authz_decision refused[ZK_CAT_COUNT];
	/* The line of a category shown: a read through broken glass wins. */
	struct authz_decision permitted[ZK_CAT_COUNT];
	char consent[ZK_CAT_COUNT][ZK_UUID_LEN];
	/* LOG-3: the entries found changed outside zorgkluis, each uid
	 * ZK_UUID_LEN bytes, to be logged. */
	struct zk_buf tampered;
	size_t shielded; /* SHD-1: entries left out as shielded */
	/* The consent and objection checks made, by purpose, basis and
	 * category: the same answer holds for every entry of the listing. */
	struct entries_checked {
		char key[96];
		int denied; /* 1: refused with d; 2: could not be checked */
		struct authz_decision d;
		char consent[ZK_UUID_LEN];
	} checked[16];
	int nchecked;
};

/*
 * entries_check_consent() for an entry of a listing, asked once per
 * purpose, basis and category. A storage failure while checking is no
 * permit either (CON-4).
 */
static void
entries_list_consent(struct entries_list *l, const struct store_entry *e,
		     struct authz_decision *d, char consent[ZK_UUID_LEN])
{
	struct entries_checked *k = NULL, tmp;
	char key[96];
	int i, rc;

	/* A key too long to hold (a damaged row) is checked every time. */
	if (snprintf(key, sizeof key, "%s|%s|%s", e->purpose, e->legal_basis,
		     e->category) >= (int)sizeof key)
		key[0] = '\0';
	for (i = 0; key[0] != '\0' && i < l->nchecked; i++)
		if (strcmp(l->checked[i].key, key) == 0)
			k = &l->checked[i];
	if (k == NULL) {
		k = key[0] != '\0' && l->nchecked < (int)(sizeof l->checked /
							  sizeof l->checked[0])
			? &l->checked[l->nchecked++]
			: &tmp;
		memset(k, 0, sizeof *k);
		zk_strlcpy(k->key, key, sizeof k->key);
		k->d = *d;
		rc = entries_check_consent(l->svc, l->a, l->f, e->purpose,
					   e->legal_basis, e->category,
					   k->consent, &k->d);
		k->denied = rc == 0 ? 0 : !k->d.permit ? 1 : 2;
	}
	zk_strlcpy(consent, k->consent, ZK_UUID_LEN);
	if (k->denied == 1) {
		*d = k->d;
	} else if (k->denied == 2) {
		d->permit = false;
		d->reason = "consent_unavailable";
		d->rule = "CON-4";
	}
}

static int
entries_list_tampered(struct entries_list *l, const struct store_entry *e)
{
	static const char zero[ZK_UUID_LEN];
	const char *uid = zk_uuid_valid(e->uid) ? e->uid : NULL;
	char msg[160];
	int rc;

	snprintf(msg, sizeof msg,
		 "entry %s was changed outside zorgkluis: its metadata does "
		 "not match its seal",
		 uid ? uid : "(with a damaged id)");
	if ((l->n > 0 && (rc = zk_buf_append(l->out, ",", 1)) != 0) ||
	    (rc = zk_buf_append(l->out, "{", 1)) != 0 ||
	    (rc = entries_put(l->out, "id", uid)) != 0 ||
	    (rc = zk_buf_append(l->out, ",", 1)) != 0 ||
	    (rc = entries_put(l->out, "error", "tampered")) != 0 ||
	    (rc = zk_buf_append(l->out, ",", 1)) != 0 ||
	    (rc = entries_put(l->out, "message", msg)) != 0 ||
	    (rc = zk_buf_append(l->out, ",", 1)) != 0 ||
	    (rc = entries_put(l->out, "rule", "LOG-3")) != 0 ||
	    (rc = zk_buf_append(l->out, "}", 1)) != 0 ||
	    (rc = zk_buf_append(&l->tampered, uid ? uid : zero, ZK_UUID_LEN)) !=
		0)
		return rc;
	l->n++;
	return 0;
}

static int
entries_list_one(void *arg, const struct store_entry *e)
{
	char consent[ZK_UUID_LEN] = "";
	struct entries_list *l = arg;
	struct authz_decision d = {0};
	bool hidden = false;
	int c, rc;

	/* SHD-1: a shielded entry is not listed, as if it were not there. */
	if ((rc = svc_facts_hidden(l->svc, l->a, l->f, e, &hidden)) != 0)
		return rc;
	if (hidden) {
		l->shielded++;
		return 0;
	}
	/*
	 * LOG-3: an entry changed outside zorgkluis is shown as what it is,
	 * an error item naming it, without anything it claims; the others
	 * are listed as usual. Checked before deciding, so that a changed
	 * category or author neither grants nor hides it.
	 */
	rc = entries_verify(l->svc, l->a, l->f, e, NULL);
	if (rc == ZK_ECORRUPT)
		return entries_list_tampered(l, e);
	if (rc != 0)
		return rc;
	if ((c = vocab_category(e->category)) < 0)
		return ZK_ECORRUPT;
	svc_facts_decide(l->svc, l->a, l->t, l->f, (enum zk_category)c,
			 ZK_ACT_READ, e->author_uid, &d);
	if (d.permit)
		entries_list_consent(l, e, &d, consent);
	if (!d.permit) {
		l->seen[c] |= 2;
		l->refused[c] = d;
		return 0;
	}
	if (l->n++ > 0 && (rc = zk_buf_append(l->out, ",", 1)) != 0)
		return rc;
	if ((rc = entries_open(l->svc, l->a, l->f, e, &d, l->out)) != 0)
		return rc;
	if (!(l->seen[c] & 1) || d.break_glass)
		l->permitted[c] = d;
	if (consent[0] != '\0')
		zk_strlcpy(l->consent[c], consent, ZK_UUID_LEN);
	l->seen[c] |= 1;
	return 0;
}

/* Nothing of a listing that is not given out stays readable. */
static void
entries_list_wipe(struct zk_buf *out)
{
	seal_wipe(out->data, out->len);
	out->len = 0;
}

int
svc_entry_list(struct service *svc, const struct actor *a,
	       const char *subject_uid, const char *category,
	       struct zk_buf *out, char **cause)
{
	struct authz_decision deny = {.reason = "no_grant", .rule = "ACC-1"};
	struct entries_list l;
	struct svc_facts f;
	struct svc_tenant *t;
	struct audit_event ev;
	char checks[200];
	int64_t now = zk_now();
	int rc, any = 0;

	out->len = 0;
	memset(&l, 0, sizeof l);
	memset(&f, 0, sizeof f);
	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0)
		return rc;
	if (category != NULL && vocab_category(category) < 0)
		return zk_fail(cause, ZK_EINVAL,
			       "unknown category \"%s\" (CAT-1)", category);
	if (!zk_uuid_valid(subject_uid))
		return zk_fail(cause, ZK_EINVAL, "not a subject id");
	svc_event_init(&ev, a, t, "entry.list", 'R');
	ev.subject_uid = subject_uid;
	ev.object_type = "entries";
	/* PUR-2: the purpose the entries are used for, when it is another. */
	ev.purpose = a->use_purpose[0] != '\0' &&
			     profile_purpose(t->profile, a->use_purpose)
			 ? a->use_purpose
			 : NULL;
	if ((rc = svc_begin_read(svc)) != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	if ((rc = svc_facts_load(svc, a, subject_uid, now, &f)) != 0) {
		svc_facts_release(&f);
		store_rollback(svc->store);
		svc_erased_cause(svc, a->tenant, subject_uid, cause);
		return zk_fail(cause, rc,
			       rc == ZK_ENOTFOUND ? "no subject %s"
						  : "cannot read subject %s",
			       subject_uid);
	}
	l.svc = svc;
	l.a = a;
	l.t = t;
	l.f = &f;
	l.out = out;
	zk_buf_init(&l.tampered, 0);
	if ((rc = zk_buf_append(out, "[", 1)) == 0)
		rc = store_entry_list(svc->store, a->tenant, f.x.id, category,
				      entries_list_one, &l);
	if (rc == 0)
		rc = zk_buf_append(out, "]", 1);
	if (rc != 0) {
		svc_facts_release(&f);
		zk_buf_release(&l.tampered);
		entries_list_wipe(out);
		return svc_fail_act(svc, a, &ev, rc, cause);
	}
	/* LOG-3: each entry found changed outside zorgkluis, as an error. */
	for (size_t i = 0; rc == 0 && i < l.tampered.len; i += ZK_UUID_LEN) {
		struct audit_event tev = ev;
		const char *uid = (const char *)l.tampered.data + i;

		tev.object_type = "entry";
		tev.object_uid = uid[0] != '\0' ? uid : NULL;
		tev.outcome = "error";
		tev.reason = "entry_tampered";
		tev.rule = "LOG-3";
		tev.checks = "integrity=tampered";
		rc = svc_log_one(svc, a, &tev, now, cause);
	}
	zk_buf_release(&l.tampered);
	/* SHD-1: what was left out as shielded is a refusal of its own. */
	if (rc == 0 && l.shielded > 0) {
		struct audit_event sev = ev;

		sev.outcome = "refused";
		sev.reason = "shielded";
		sev.rule = "SHD-1";
		sev.checks = "shield=hidden";
		rc = svc_log_one(svc, a, &sev, now, cause);
	}
	/*
	 * One log entry per category shown and one per category refused. A
	 * listing that matched nothing is decided as a read of the category
	 * asked for (care when none was), so that it is refused or permitted
	 * like a read would be.
	 */
	for (int c = 0; rc == 0 && c < ZK_CAT_COUNT; c++) {
		for (int bit = 1; rc == 0 && bit <= 2; bit <<= 1) {
			const struct authz_decision *d =
			    bit == 1 ? &l.permitted[c] : &l.refused[c];

			if (!(l.seen[c] & bit))
				continue;
			ev.category = vocab_category_name((enum zk_category)c);
			ev.consent_ref = bit == 1 && l.consent[c][0] != '\0'
					     ? l.consent[c]
					     : NULL;
			svc_facts_event(a, &ev, d, &f, checks, sizeof checks);
			rc = svc_log_one(svc, a, &ev, now, cause);
			any |= bit;
		}
	}
	if (rc == 0 && any == 0) {
		enum zk_category c =
		    category ? (enum zk_category)vocab_category(category)
			     : ZK_CAT_CARE;

		svc_facts_decide(svc, a, t, &f, c, ZK_ACT_READ, NULL,
				 &l.refused[c]);
		ev.category = vocab_category_name(c);
		svc_facts_event(a, &ev, &l.refused[c], &f, checks,
				sizeof checks);
		rc = svc_log_one(svc, a, &ev, now, cause);
		any = l.refused[c].permit ? 1 : 2;
		deny = l.refused[c];
	} else if (any == 2) {
		/* The refusal named is the one the actor can act on: a
		 * missing care relation (ACC-2) before a category the scheme
		 * never grants (ACC-1), as reading the client says. */
		for (int c = 0; c < ZK_CAT_COUNT; c++)
			if ((l.seen[c] & 2) &&
			    (strcmp(deny.rule, "ACC-2") != 0 ||
			     strcmp(l.refused[c].rule, "ACC-2") == 0))
				deny = l.refused[c];
	}
	svc_facts_release(&f);
	if (rc == 0)
		rc = svc_log_finish(svc, cause);
	if (rc != 0) {
		entries_list_wipe(out);
		return ZK_EAUDIT;
	}
	if (any == 2) {
		/* Nothing the actor may read: a refusal, not an empty list. */
		entries_list_wipe(out);
		return zk_fail(cause, ZK_EDENIED, "refused: %s (%s)",
			       deny.reason, deny.rule);
	}
	return 0;
}

int
svc_entry_correct(struct service *svc, const struct actor *a,
		  const char *entry_uid, json_t *content, char uid[ZK_UUID_LEN],
		  struct svc_decision *dout, char **cause)
{
	return svc_entry_correct_why(svc, a, entry_uid, content, NULL, uid,
				     dout, cause);
}

int
svc_entry_correct_why(struct service *svc, const struct actor *a,
		      const char *entry_uid, json_t *content,
		      const char *reason, char uid[ZK_UUID_LEN],
		      struct svc_decision *dout, char **cause)
{
	struct svc_decision dd, *d = dout ? dout : &dd;
	struct svc_entry_input in;
	struct store_entry orig;
	int rc;

	memset(d, 0, sizeof *d);
	memset(&orig, 0, sizeof orig);
	if (!zk_uuid_valid(entry_uid))
		return zk_fail(cause, ZK_EINVAL, "not an entry id");
	if (reason != NULL &&
	    (strlen(reason) > 1000 || !zk_utf8_valid(reason, strlen(reason)) ||
	     zk_text_check(reason, true) != ZK_TEXT_OK))
		return zk_fail(cause, ZK_EINVAL,
			       "the reason for a correction must be UTF-8 "
			       "text of 1 to 1000 bytes (COR-2)");
	/* Metadata only; the door re-reads it inside its transaction. */
	rc = store_entry_get(svc->store, a->tenant, entry_uid, &orig);
	if (rc != 0) {
		store_entry_release(&orig);
		return zk_fail(cause, rc,
			       rc == ZK_ENOTFOUND ? "no entry %s"
						  : "cannot read entry %s",
			       entry_uid);
	}
	in.subject_uid = orig.subject_uid;
	in.category = orig.category;
	in.purpose = orig.purpose;
	in.legal_basis = orig.legal_basis;
	in.content = content;
	in.reason = reason;
	rc = entries_write(svc, a, &in, &orig, uid, d, cause);
	store_entry_release(&orig);
	return rc;
}
