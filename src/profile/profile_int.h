/*
 * profile_int.h: what the parts of the profile loader share. profile.c
 * reads the document and most sections; a section with rules of its own
 * is read in a file of its own (profile_retention.c), with these helpers,
 * so that its errors name the file, line and column like every other.
 * Not for use outside src/profile.
 */
#ifndef ZK_PROFILE_INT_H
#define ZK_PROFILE_INT_H

#include <jansson.h>

#include "profile/profile.h"

#define PROFILE_PATH_MAX 8

/* The position of the value being validated, as keys and array indexes. */
struct profile_path {
	int depth;
	const char *key[PROFILE_PATH_MAX]; /* NULL for an array index */
	size_t index[PROFILE_PATH_MAX];
};

struct profile_ctx {
	const char *name; /* file name for messages */
	const char *text;
	size_t len;
	struct profile_path path;
	char **cause;
};

/* Fails with ZK_EPROFILE and "FILE:LINE:COLUMN: message" at the path. */
int profile_error(struct profile_ctx *cx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void profile_push_key(struct profile_ctx *cx, const char *key);
void profile_pop(struct profile_ctx *cx);

/* Checks that obj has only the listed keys (plus cite, note, assumption). */
int profile_known_keys(struct profile_ctx *cx, json_t *obj,
		       const char *const *keys);

/*
 * Gets obj[key] as a string into out (size n). A missing key is an error
 * when required, else leaves out unchanged.
 */
int profile_get_string(struct profile_ctx *cx, json_t *obj, const char *key,
		       int required, char *out, size_t n);

/* A period setting ("P4W"); absent leaves out unset (n = 0). */
int profile_get_period(struct profile_ctx *cx, json_t *obj, const char *key,
		       int required, struct profile_period *out);

/* The index of s in names[0..n), or -1. */
int profile_find(const char *const *names, int n, const char *s);

/*
 * An object of named sections root[key]: calls fn for each section with
 * the index of its name in names.
 */
int profile_sections(struct profile_ctx *cx, json_t *root, const char *key,
		     const char *const *names, int n, struct profile *p,
		     int (*fn)(struct profile_ctx *, json_t *, int,
			       struct profile *));

/* RET-1, RET-2: reads "retention" (profile_retention.c). */
int profile_retention_read(struct profile_ctx *cx, json_t *root,
			   struct profile *p);

#endif
