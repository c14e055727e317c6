/*
 * zk.h: what every zorgkluis module shares: the error convention, times
 * and dates, byte buffers and small string helpers.
 *
 * Errors follow one convention throughout: a function returns 0 on success
 * or a negative ZK_E... code, and may describe the failure in more detail
 * through an optional "char **cause" (heap string, owned by the caller, to
 * be released with free()).
 */
#ifndef ZK_H
#define ZK_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
	ZK_OK = 0,
	ZK_ENOMEM = -1,	   /* out of memory */
	ZK_EINVAL = -2,	   /* malformed or invalid input */
	ZK_ENOTFOUND = -3, /* no such object (in this tenant) */
	ZK_EDENIED = -4,   /* refused by policy */
	ZK_EIO = -5,	   /* storage or file system failure */
	ZK_ECORRUPT = -6,  /* stored data is damaged or was tampered with */
	ZK_ETOOBIG = -7,   /* input exceeds a limit */
	ZK_EEXIST = -8,	   /* already exists */
	ZK_ECRYPTO = -9,   /* key or cipher failure */
	ZK_EPROFILE = -10, /* the regulation profile is invalid */
	ZK_EAUDIT = -11,   /* the audit log could not be written */
	ZK_EAUTH = -12,	   /* not authenticated */
	ZK_EBUSY = -13,	   /* resource busy, try again */
	ZK_ECONFLICT = -14 /* state does not allow this now */
};

/* Returns a static English description of code. */
const char *zk_strerror(int code);

/* Returns the stable machine name of code ("invalid", "denied", ...). */
const char *zk_errname(int code);

/* Maps code to the HTTP status the API answers with. */
int zk_http_status(int code);

/*
 * Sets *cause (if cause is not NULL and *cause is NULL) to a formatted
 * message and returns code, so that error paths read
 * "return zk_fail(cause, ZK_EINVAL, "bad date %s", s);".
 */
int zk_fail(char **cause, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Heap-allocated printf; returns NULL on allocation failure. */
char *zk_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Copies src into dst of size n, always NUL-terminated; returns strlen(src). */
size_t zk_strlcpy(char *dst, const char *src, size_t n);

/* Returns true when s (len bytes) is well-formed UTF-8 without NUL bytes. */
bool zk_utf8_valid(const char *s, size_t len);
/*
 * Decodes the character at s (n > 0 bytes left) into *cp and returns its
 * length; a byte that begins no valid character is one character.
 */
size_t zk_utf8_next(const char *s, size_t n, uint32_t *cp);
/* The number of characters of s (UTF-8), not bytes. */
size_t zk_utf8_chars(const char *s);
/*
 * True for a character that shows nothing: a space of any kind, or an
 * invisible format character (zero-width, direction marks, BOM).
 */
bool zk_char_blank(uint32_t cp);
/* True for Unicode White_Space: what pads text at either end. */
bool zk_char_space(uint32_t cp);

/* What is wrong with a text field, by zk_text_check(). */
enum zk_text {
	ZK_TEXT_OK,
	ZK_TEXT_BLANK,	 /* nothing but blank characters */
	ZK_TEXT_CONTROL, /* a control character (a line break in one line) */
	ZK_TEXT_PADDED,	 /* one line beginning or ending with a blank */
};
/*
 * Checks text that people read: one line (a name, a version) or several
 * (a reason, a summary: line breaks and tabs allowed).
 */
enum zk_text zk_text_check(const char *s, bool lines);

/* Times are UTC seconds since the epoch; formatted as 2026-11-23T10:00:00Z. */
#define ZK_TIME_LEN 21 /* including the NUL */
#define ZK_DATE_LEN 11 /* YYYY-MM-DD and the NUL */

int64_t zk_now(void);
/* Milliseconds on the monotonic clock: for timers, never for dates. */
int64_t zk_mono_ms(void);
void zk_time_fmt(int64_t t, char out[ZK_TIME_LEN]);
int zk_time_parse(const char *s, int64_t *out);

/*
 * Calendar dates as days since 1970-01-01. zk_date_parse accepts exactly
 * YYYY-MM-DD with a real calendar day (no 2026-02-30).
 */
int zk_date_parse(const char *s, int32_t *days);
void zk_date_fmt(int32_t days, char out[ZK_DATE_LEN]);
int32_t zk_date_from_ymd(int y, int m, int d);
void zk_date_to_ymd(int32_t days, int *y, int *m, int *d);
int32_t zk_date_of_time(int64_t t);
/*
 * The calendar day in the Netherlands at instant t (Unix seconds): the
 * day on which relations, consents, ages and "today" turn. Central
 * European Time, UTC+1, and summer time, UTC+2, from the last Sunday of
 * March 01:00 UTC to the last Sunday of October 01:00 UTC (EU Directive
 * 2000/84/EC; POSIX TZ "CET-1CEST,M3.5.0,M10.5.0/3").
 */
int32_t zk_day_nl(int64_t t);
/* The number of days in month m of year y. */
int zk_date_to_ymd_last(int y, int m);

/* A growable byte buffer with a hard cap. */
struct zk_buf {
	unsigned char *data;
	size_t len;
	size_t cap;
	size_t limit; /* 0 means no limit */
	int secret;   /* wiped when it grows or is released */
};

void zk_buf_init(struct zk_buf *b, size_t limit);
/* A buffer for plaintext: no copy of it stays behind in freed memory. */
void zk_buf_init_secret(struct zk_buf *b, size_t limit);
void zk_buf_release(struct zk_buf *b);
/* Appends n bytes; ZK_ETOOBIG beyond the limit, ZK_ENOMEM on failure. */
int zk_buf_append(struct zk_buf *b, const void *p, size_t n);
/* Makes room for n bytes past len (plus a NUL) without changing len. */
int zk_buf_reserve(struct zk_buf *b, size_t n);

/*
 * Reads a whole file into a NUL-terminated heap buffer of at most limit
 * bytes. *out is owned by the caller.
 */
int zk_file_read(const char *path, size_t limit, char **out, size_t *len,
		 char **cause);

/*
 * Writes data to path atomically (temporary file, fsync, rename) with the
 * given mode.
 */
int zk_file_write_atomic(const char *path, const void *data, size_t len,
			 unsigned mode, char **cause);

/* A new random UUID (version 4) as 36 characters and a NUL. */
#define ZK_UUID_LEN 37
void zk_uuid_new(char out[ZK_UUID_LEN]);
bool zk_uuid_valid(const char *s);
/* Puts the letters of a UUID (or any hex text) in lower case, in place:
 * UUIDs are read in any case (RFC 9562) and stored in lower case. */
void zk_hex_lower(char *s);

#define ZK_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
