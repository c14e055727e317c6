/*
 * store_disclosure.h: the disclosure register (DIS-1, DIS-4, SEC-2): the
 * recipients, the disclosures with their ground and what went, and the
 * notices that tell recipients of a later change (COR-3). The service
 * (service/disclosures.c) decides; the store keeps the rows. The reason
 * of a notice is sealed by the service with the subject's key.
 */
#ifndef ZK_STORE_DISCLOSURE_H
#define ZK_STORE_DISCLOSURE_H

#include <stdint.h>

#include "core/zk.h"
#include "store/store.h"

struct store_recipient {
	int64_t id;
	char uid[ZK_UUID_LEN];
	char name[160];
	char kind[32];
	char country[3];
	int certified;
	char confidentiality[16]; /* DIS-4: profession, office, law, ... */
	char created_at[ZK_TIME_LEN];
	char created_by[48];
};

int store_recipient_create(struct store *s, int64_t tenant,
			   const struct store_recipient *r, int64_t *id);
/* ZK_ENOTFOUND when tenant has no recipient uid. */
int store_recipient_get(struct store *s, int64_t tenant, const char *uid,
			struct store_recipient *out);
/* The recipients of tenant, by name. */
int store_recipient_list(struct store *s, int64_t tenant,
			 int (*cb)(void *arg, const struct store_recipient *r),
			 void *arg);

struct store_disclosure {
	int64_t id;
	char uid[ZK_UUID_LEN];
	int64_t subject_id;
	int64_t recipient_id;
	char ground[20]; /* consent, legal_obligation, exception */
	int64_t consent_id;
	char statute[200];
	char exception_code[32];
	char purpose[24];
	int identifiable;
	char rule[12];
	char disclosed_on[ZK_DATE_LEN];
	char disclosed_at[ZK_TIME_LEN];
	char disclosed_by[48];
	int64_t request_id;
	/* Filled in by the reads: */
	char consent_uid[ZK_UUID_LEN];
	char request_uid[ZK_UUID_LEN];
	struct store_recipient recipient;
};

int store_disclosure_create(struct store *s, int64_t tenant,
			    const struct store_disclosure *d, int64_t *id);
/* One thing disclosed: a category, or an entry (entry_id > 0) of it. */
int store_disclosure_item_add(struct store *s, int64_t tenant,
			      int64_t disclosure, const char *category,
			      int64_t entry_id, const char *entry_uid);
/* The disclosures of subject, oldest first. */
int store_disclosure_list(struct store *s, int64_t tenant, int64_t subject,
			  int (*cb)(void *arg,
				    const struct store_disclosure *d),
			  void *arg);
/* What disclosure d sent: entry_uid "" for a whole category. */
int store_disclosure_items(struct store *s, int64_t tenant, int64_t d,
			   int (*cb)(void *arg, const char *category,
				     const char *entry_uid),
			   void *arg);
/*
 * COR-3: the recipients (row ids) who received data of subject at or
 * before time before: with entry > 0, that entry itself or its category
 * as a whole after the entry was made; with entry 0, anything.
 */
int store_disclosure_recipients(struct store *s, int64_t tenant,
				int64_t subject, int64_t entry,
				const char *before,
				int (*cb)(void *arg, int64_t recipient),
				void *arg);

/* COR-3: the notice of a change to one recipient. */
struct store_rnotice {
	int64_t id;
	char uid[ZK_UUID_LEN];
	int64_t subject_id;
	int64_t recipient_id;
	char change[16];    /* rectification, completion, erasure, shielding */
	int64_t request_id; /* 0: none */
	int64_t entry_id;   /* 0: none */
	char state[20];	    /* pending, sent, impossible, disproportionate */
	char channel[16];
	char sent_on[ZK_DATE_LEN];
	struct zk_buf reason; /* sealed, or empty */
	char opened_at[ZK_TIME_LEN];
	char recorded_at[ZK_TIME_LEN];
	char recorded_by[48];
	/* Filled in by the reads: */
	char subject_uid[ZK_UUID_LEN];
	char recipient_uid[ZK_UUID_LEN];
	char recipient_name[160];
	char request_uid[ZK_UUID_LEN];
	char entry_uid[ZK_UUID_LEN];
};

/* Zeroes n and readies its buffer; release with store_rnotice_release. */
void store_rnotice_init(struct store_rnotice *n);
void store_rnotice_release(struct store_rnotice *n);
/*
 * Opens a pending notice unless the recipient has one of this change for
 * the same request (or, without one, the same entry): ZK_ECONFLICT then.
 */
int store_rnotice_open(struct store *s, int64_t tenant,
		       const struct store_rnotice *n);
int store_rnotice_get(struct store *s, int64_t tenant, const char *uid,
		      struct store_rnotice *out);
/* Records the outcome of a pending notice; ZK_ECONFLICT when not pending. */
int store_rnotice_record(struct store *s, int64_t tenant,
			 const struct store_rnotice *n);
/* The notices of subject, oldest first. */
int store_rnotice_list(struct store *s, int64_t tenant, int64_t subject,
		       int (*cb)(void *arg, const struct store_rnotice *n),
		       void *arg);

#endif
