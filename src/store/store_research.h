/*
 * store_research.h: the study register (RES-1), the exports released for
 * a study (RES-2) and the notes in the records an export drew on
 * (M§6.6(v)). The service (service/research.c) decides; the store keeps
 * the rows. Nothing here is sealed: a study is about no one, an export is
 * kept as its proof (k, generalisation, digest) without its data, and a
 * note says that a record was used, not what it holds.
 */
#ifndef ZK_STORE_RESEARCH_H
#define ZK_STORE_RESEARCH_H

#include <stdint.h>

#include "core/zk.h"
#include "store/store.h"

struct store_study {
	int64_t id;
	char uid[ZK_UUID_LEN];
	char name[160];
	char purpose[400];
	char requester[160];
	char basis[12]; /* consent, conditions */
	char created_at[ZK_TIME_LEN];
	char created_by[48];
};

int store_study_create(struct store *s, int64_t tenant,
		       const struct store_study *x, int64_t *id);
/* ZK_ENOTFOUND when tenant has no study uid. */
int store_study_get(struct store *s, int64_t tenant, const char *uid,
		    struct store_study *out);
/* The studies of tenant, newest first. */
int store_study_list(struct store *s, int64_t tenant,
		     int (*cb)(void *arg, const struct store_study *x),
		     void *arg);

/* RES-1: a condition confirmed. */
struct store_study_condition {
	char condition[32];
	char role[48];
	char confirmed_by[48];
	char confirmed_at[ZK_TIME_LEN];
};

/* ZK_ECONFLICT when the condition was confirmed before. */
int store_study_confirm(struct store *s, int64_t tenant, int64_t study,
			const struct store_study_condition *c);
int store_study_conditions(struct store *s, int64_t tenant, int64_t study,
			   int (*cb)(void *arg,
				     const struct store_study_condition *c),
			   void *arg);

/* RES-2: the proof of an export released. */
struct store_study_export {
	int64_t id;
	char uid[ZK_UUID_LEN];
	int64_t study_id;
	int k;
	char generalisation[400]; /* "birth_date:year5,postal_code:digits4" */
	int64_t smallest_class;
	int64_t rows_released;
	int64_t suppressed;
	int64_t objected;	 /* OBJ-1: subjects left out */
	int64_t without_consent; /* basis consent: subjects left out */
	char digest[65];	 /* SHA-256 of the JSON released, hex */
	char made_at[ZK_TIME_LEN];
	char made_by[48];
};

int store_study_export_create(struct store *s, int64_t tenant,
			      const struct store_study_export *e, int64_t *id);
/* The exports of study, oldest first. */
int store_study_exports(struct store *s, int64_t tenant, int64_t study,
			int (*cb)(void *arg,
				  const struct store_study_export *e),
			void *arg);

/* M§6.6(v): a note in subject's record that export of study drew on it. */
int store_study_note_create(struct store *s, int64_t tenant, int64_t subject,
			    int64_t study, int64_t export_id, const char *at);

struct store_study_note {
	char study_uid[ZK_UUID_LEN];
	char study_name[160];
	char export_uid[ZK_UUID_LEN];
	char noted_at[ZK_TIME_LEN];
};

/* The notes in subject's record, oldest first. */
int store_study_notes(struct store *s, int64_t tenant, int64_t subject,
		      int (*cb)(void *arg, const struct store_study_note *n),
		      void *arg);

#endif
