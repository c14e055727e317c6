/*
 * store_registers.h: the DPO's registers (FG-1, PRC-1, CMP-1, SEC-2):
 * the processing activities of GDPR art. 30, the processors and their
 * agreements, the complaints and the transfers outside the EEA. The
 * service (service/registers.c, processors.c, complaints.c) decides and
 * seals; the store keeps the rows. Every query names its tenant.
 */
#ifndef ZK_STORE_REGISTERS_H
#define ZK_STORE_REGISTERS_H

#include <stdint.h>

#include "core/zk.h"
#include "store/store.h"

/* The texts of an activity, in the order of STORE_ACTIVITY_TEXTS. */
#define STORE_ACTIVITY_NTEXTS 9
#define STORE_ACTIVITY_TEXT_MAX 2000
extern const char *const store_activity_fields[STORE_ACTIVITY_NTEXTS];

struct store_activity {
	int64_t id;
	char uid[ZK_UUID_LEN];
	char purpose_id[48]; /* "" for one added by hand */
	/* name, purpose, legal_basis, subjects, data_categories,
	 * recipients, transfers, retention, security */
	char text[STORE_ACTIVITY_NTEXTS][STORE_ACTIVITY_TEXT_MAX];
	char created_at[ZK_TIME_LEN];
	char edited_at[ZK_TIME_LEN]; /* "" while nobody edited it */
	char edited_by[48];
};

/*
 * FG-1: inserts a's row, or, for a seeded activity (purpose_id set) that
 * exists and nobody edited, refreshes its texts. An edited activity is
 * left as it is. *changed is 1 when a row was written.
 */
int store_activity_seed(struct store *s, int64_t tenant,
			const struct store_activity *a, int *changed);
int store_activity_create(struct store *s, int64_t tenant,
			  const struct store_activity *a);
/* Writes texts, edited_at and edited_by; ZK_ENOTFOUND for no such uid. */
int store_activity_update(struct store *s, int64_t tenant,
			  const struct store_activity *a);
int store_activity_get(struct store *s, int64_t tenant, const char *uid,
		       struct store_activity *out);
/* The activities of tenant, by name. */
int store_activity_list(struct store *s, int64_t tenant,
			int (*cb)(void *arg, const struct store_activity *a),
			void *arg);

/* PRC-1: the bindings of an agreement (GDPR art. 28(3)). */
#define STORE_PROCESSOR_NBINDS 6
extern const char *const store_processor_binds[STORE_PROCESSOR_NBINDS];

struct store_processor {
	int64_t id;
	char uid[ZK_UUID_LEN];
	char name[160];
	char processes[1000];
	char country[3];
	int certified;
	char signed_on[ZK_DATE_LEN];   /* "" without an agreement */
	char valid_until[ZK_DATE_LEN]; /* "" open-ended */
	int binds[STORE_PROCESSOR_NBINDS];
	char created_at[ZK_TIME_LEN];
	char created_by[48];
	char updated_at[ZK_TIME_LEN];
	char updated_by[48];
	int transfers; /* filled by the reads: transfers registered for it */
};

int store_processor_create(struct store *s, int64_t tenant,
			   const struct store_processor *p, int64_t *id);
int store_processor_update(struct store *s, int64_t tenant,
			   const struct store_processor *p);
int store_processor_get(struct store *s, int64_t tenant, const char *uid,
			struct store_processor *out);
int store_processor_list(struct store *s, int64_t tenant,
			 int (*cb)(void *arg, const struct store_processor *p),
			 void *arg);

struct store_complaint {
	int64_t id;
	char uid[ZK_UUID_LEN];
	char received_on[ZK_DATE_LEN];
	char channel[24];
	char complainant[16];	       /* subject, representative, other */
	int64_t subject_id;	       /* 0: none */
	char subject_uid[ZK_UUID_LEN]; /* filled by the reads */
	struct zk_buf content;	       /* sealed */
	struct zk_buf wrapped_key;     /* empty when subject_id is set */
	char status[8];		       /* open, closed */
	char outcome[16];	       /* "" while open */
	char closed_on[ZK_DATE_LEN];
	char created_at[ZK_TIME_LEN];
	char created_by[48];
	char updated_at[ZK_TIME_LEN];
	char updated_by[48];
};

/* The caller initialises and releases the two buffers of c. */
void store_complaint_init(struct store_complaint *c);
void store_complaint_release(struct store_complaint *c);
int store_complaint_create(struct store *s, int64_t tenant,
			   const struct store_complaint *c);
/* Writes content, status, outcome, closed_on, updated_at and _by. */
int store_complaint_update(struct store *s, int64_t tenant,
			   const struct store_complaint *c);
int store_complaint_get(struct store *s, int64_t tenant, const char *uid,
			struct store_complaint *out);
/* The complaints of tenant, newest first; content is read too. */
int store_complaint_list(struct store *s, int64_t tenant,
			 int (*cb)(void *arg, const struct store_complaint *c),
			 void *arg);

struct store_transfer {
	int64_t id;
	char uid[ZK_UUID_LEN];
	char recipient[160];
	int64_t processor_id;		 /* 0: none */
	char processor_uid[ZK_UUID_LEN]; /* filled by the reads */
	char country[3];
	int certified;
	char what[1000];
	char basis[24];
	char basis_ref[200];
	char created_at[ZK_TIME_LEN];
	char created_by[48];
};

int store_transfer_create(struct store *s, int64_t tenant,
			  const struct store_transfer *t, int64_t *id);
int store_transfer_get(struct store *s, int64_t tenant, const char *uid,
		       struct store_transfer *out);
int store_transfer_list(struct store *s, int64_t tenant,
			int (*cb)(void *arg, const struct store_transfer *t),
			void *arg);

#endif
