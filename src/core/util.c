/*
 * util.c: times and calendar dates, byte buffers, whole-file I/O, UUIDs and
 * UTF-8 validation. Dates use the proleptic Gregorian calendar as days since
 * 1970-01-01, which makes date arithmetic in the policy layer exact.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <uuid/uuid.h>

#include "core/zk.h"

size_t
zk_strlcpy(char *dst, const char *src, size_t n)
{
	size_t len = strlen(src);

	if (n > 0) {
		size_t k = len < n - 1 ? len : n - 1;
		memcpy(dst, src, k);
		dst[k] = '\0';
	}
	return len;
}

bool
zk_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		unsigned char c = p[i];
		size_t n;
		uint32_t cp;

		if (c == 0)
			return false;
		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xe0) == 0xc0) {
			n = 1;
			cp = c & 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			n = 2;
			cp = c & 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			n = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (i + n >= len)
			return false;
		for (size_t k = 1; k <= n; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		/* Overlong forms, surrogates and values past U+10FFFF. */
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) ||
		    (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += n + 1;
	}
	return true;
}

size_t
zk_utf8_next(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t k = p[0] < 0x80 ? 1 : p[0] >= 0xf0 ? 4 : p[0] >= 0xe0 ? 3 : 2;

	*cp = p[0];
	if (k == 1 || k > n || !zk_utf8_valid(s, k))
		return 1;
	*cp = p[0] & (0x7f >> k);
	for (size_t i = 1; i < k; i++)
		*cp = *cp << 6 | (p[i] & 0x3f);
	return k;
}

size_t
zk_utf8_chars(const char *s)
{
	size_t n = strlen(s), i = 0, count = 0;
	uint32_t cp;

	while (i < n) {
		i += zk_utf8_next(s + i, n - i, &cp);
		count++;
	}
	return count;
}

/*
 * The characters that show nothing, by the Unicode Character Database
 * (Unicode 15.1): White_Space (PropList.txt) and
 * Default_Ignorable_Code_Point (DerivedCoreProperties.txt), as ranges.
 */
static const uint32_t zk_blank_ranges[][2] = {
    {0x0009, 0x000d},	{0x0020, 0x0020},   {0x0085, 0x0085},
    {0x00a0, 0x00a0},	{0x00ad, 0x00ad},   {0x034f, 0x034f},
    {0x061c, 0x061c},	{0x115f, 0x1160},   {0x1680, 0x1680},
    {0x17b4, 0x17b5},	{0x180b, 0x180f},   {0x2000, 0x200f},
    {0x2028, 0x202f},	{0x205f, 0x206f},   {0x3000, 0x3000},
    {0x3164, 0x3164},	{0xfe00, 0xfe0f},   {0xfeff, 0xfeff},
    {0xffa0, 0xffa0},	{0xfff0, 0xfff8},   {0x1bca0, 0x1bca3},
    {0x1d173, 0x1d17a}, {0xe0000, 0xe0fff},
};

bool
zk_char_space(uint32_t cp)
{
	/* White_Space: the first ranges of the table below, and these. */
	return (cp >= 0x09 && cp <= 0x0d) || cp == 0x20 || cp == 0x85 ||
	       cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) ||
	       cp == 0x2028 || cp == 0x2029 || cp == 0x202f || cp == 0x205f ||
	       cp == 0x3000;
}

bool
zk_char_blank(uint32_t cp)
{
	for (size_t i = 0; i < ZK_ARRAY_SIZE(zk_blank_ranges); i++)
		if (cp >= zk_blank_ranges[i][0] && cp <= zk_blank_ranges[i][1])
			return true;
	return false;
}

/*
 * Characters that show nothing themselves but belong to the one before:
 * variation selectors, the zero-width joiner and the tags of emoji
 * sequences. Ending a text with one is no padding.
 */
static bool
zk_char_attaches(uint32_t cp)
{
	return (cp >= 0xfe00 && cp <= 0xfe0f) ||
	       (cp >= 0xe0100 && cp <= 0xe01ef) ||
	       (cp >= 0x180b && cp <= 0x180d) || cp == 0x180f || cp == 0x200d ||
	       (cp >= 0xe0020 && cp <= 0xe007f);
}

/* Bidirectional embeddings, overrides and isolates: they can make a line
 * read otherwise than it is stored. */
static bool
zk_char_bidi_control(uint32_t cp)
{
	return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

enum zk_text
zk_text_check(const char *s, bool lines)
{
	size_t n = strlen(s), i = 0;
	bool shown = false, first_blank = false, last_blank = false;
	uint32_t last_shown = 0;

	while (i < n) {
		uint32_t cp;
		bool blank;

		i += zk_utf8_next(s + i, n - i, &cp);
		/* Controls, and in one line the Unicode line and paragraph
		 * separators and the bidirectional controls too. */
		if ((cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
		     cp == 0x2028 || cp == 0x2029) &&
		    !(lines && (cp == '\n' || cp == '\r' || cp == '\t' ||
				cp == 0x2028 || cp == 0x2029)))
			return ZK_TEXT_CONTROL;
		if (!lines && zk_char_bidi_control(cp))
			return ZK_TEXT_CONTROL;
		blank = zk_char_blank(cp);
		/* Padding is anything that shows nothing, before the first
		 * character that shows or after the last; a variation
		 * selector or joiner belongs to the character before it. */
		if (!shown && blank)
			first_blank = true;
		shown |= !blank;
		if (!blank) {
			last_blank = false;
			last_shown = cp;
		} else if (!zk_char_attaches(cp) || last_shown < 0x2000) {
			/* Only symbols, emoji and ideographs take a selector
			 * or joiner after them; after a letter it hides. */
			last_blank = true;
		}
	}
	if (!shown)
		return ZK_TEXT_BLANK;
	if (!lines && (first_blank || last_blank))
		return ZK_TEXT_PADDED;
	return ZK_TEXT_OK;
}

int64_t
zk_now(void)
{
	return (int64_t)time(NULL);
}

int64_t
zk_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Days from civil, after Howard Hinnant's public-domain algorithm. */
int32_t
zk_date_from_ymd(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int32_t)(era * 146097 + doe - 719468);
}

void
zk_date_to_ymd(int32_t days, int *y, int *m, int *d)
{
	int z = days + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

static int
date_days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30,
				   31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

static int
date_digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int
zk_date_parse(const char *s, int32_t *days)
{
	int y, m, d;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return ZK_EINVAL;
	if (date_digits(s, 4, &y) || date_digits(s + 5, 2, &m) ||
	    date_digits(s + 8, 2, &d))
		return ZK_EINVAL;
	if (y < 1800 || m < 1 || m > 12 || d < 1 ||
	    d > date_days_in_month(y, m))
		return ZK_EINVAL;
	*days = zk_date_from_ymd(y, m, d);
	return 0;
}

void
zk_date_fmt(int32_t days, char out[ZK_DATE_LEN])
{
	char buf[48];
	int y, m, d;

	zk_date_to_ymd(days, &y, &m, &d);
	snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
	zk_strlcpy(out, buf, ZK_DATE_LEN);
}

int
zk_date_to_ymd_last(int y, int m)
{
	return date_days_in_month(y, m);
}

int32_t
zk_date_of_time(int64_t t)
{
	int64_t d = t / 86400;

	if (t < 0 && t % 86400 != 0)
		d--;
	return (int32_t)d;
}

/* The last Sunday of month m of year y, as a day number. */
static int32_t
date_last_sunday(int y, int m)
{
	int32_t last = zk_date_from_ymd(y, m, date_days_in_month(y, m));
	/* 1970-01-01, day 0, was a Thursday: (day + 4) % 7 == 0 on Sundays. */
	int32_t wd = (int32_t)(((int64_t)last + 4) % 7);

	if (wd < 0)
		wd += 7;
	return last - wd;
}

int32_t
zk_day_nl(int64_t t)
{
	int y, m, d;
	int64_t start, end;

	zk_date_to_ymd(zk_date_of_time(t), &y, &m, &d);
	/* Summer time begins and ends at 01:00 UTC on those Sundays. */
	start = (int64_t)date_last_sunday(y, 3) * 86400 + 3600;
	end = (int64_t)date_last_sunday(y, 10) * 86400 + 3600;
	return zk_date_of_time(t + (t >= start && t < end ? 7200 : 3600));
}

void
zk_time_fmt(int64_t t, char out[ZK_TIME_LEN])
{
	int32_t days = zk_date_of_time(t);
	int64_t secs = t - (int64_t)days * 86400;
	char buf[64];
	int y, m, d;

	zk_date_to_ymd(days, &y, &m, &d);
	snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d,
		 (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
	zk_strlcpy(out, buf, ZK_TIME_LEN);
}

int
zk_time_parse(const char *s, int64_t *out)
{
	char date[ZK_DATE_LEN];
	int32_t days;
	int hh, mm, ss;

	if (s == NULL || strlen(s) != 20 || s[10] != 'T' || s[13] != ':' ||
	    s[16] != ':' || s[19] != 'Z')
		return ZK_EINVAL;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (zk_date_parse(date, &days) != 0)
		return ZK_EINVAL;
	if (date_digits(s + 11, 2, &hh) || date_digits(s + 14, 2, &mm) ||
	    date_digits(s + 17, 2, &ss) || hh > 23 || mm > 59 || ss > 59)
		return ZK_EINVAL;
	*out = (int64_t)days * 86400 + hh * 3600 + mm * 60 + ss;
	return 0;
}

void
zk_buf_init(struct zk_buf *b, size_t limit)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->limit = limit;
	b->secret = 0;
}

void
zk_buf_init_secret(struct zk_buf *b, size_t limit)
{
	zk_buf_init(b, limit);
	b->secret = 1;
}

void
zk_buf_release(struct zk_buf *b)
{
	if (b == NULL)
		return;
	if (b->secret && b->data != NULL)
		explicit_bzero(b->data, b->cap);
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

int
zk_buf_reserve(struct zk_buf *b, size_t n)
{
	if (b->limit != 0 && (n > b->limit || b->len > b->limit - n))
		return ZK_ETOOBIG;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		unsigned char *np;

		while (cap < b->len + n + 1)
			cap *= 2;
		if (b->secret) {
			/* Moved by hand, so that no copy is left behind. */
			if ((np = malloc(cap)) == NULL)
				return ZK_ENOMEM;
			if (b->data != NULL) {
				memcpy(np, b->data, b->len);
				explicit_bzero(b->data, b->cap);
				free(b->data);
			}
		} else if ((np = realloc(b->data, cap)) == NULL) {
			return ZK_ENOMEM;
		}
		b->data = np;
		b->cap = cap;
	}
	return 0;
}

int
zk_buf_append(struct zk_buf *b, const void *p, size_t n)
{
	int rc = zk_buf_reserve(b, n);

	if (rc != 0)
		return rc;
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int
zk_file_read(const char *path, size_t limit, char **out, size_t *len,
	     char **cause)
{
	struct zk_buf b;
	struct stat sb;
	char chunk[8192];
	FILE *f;
	size_t n;
	int fd, rc = 0;

	*out = NULL;
	/*
	 * Not blocking on open, and refused when it is a pipe: a key or
	 * profile path that names a FIFO would otherwise hang the program.
	 */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return zk_fail(cause, errno == ENOENT ? ZK_ENOTFOUND : ZK_EIO,
			       "cannot open %s: %s", path, strerror(errno));
	if (fstat(fd, &sb) != 0 || S_ISFIFO(sb.st_mode) ||
	    S_ISSOCK(sb.st_mode) || S_ISDIR(sb.st_mode)) {
		close(fd);
		return zk_fail(cause, ZK_EIO, "cannot read %s: not a file",
			       path);
	}
	if ((f = fdopen(fd, "rb")) == NULL) {
		close(fd);
		return zk_fail(cause, ZK_EIO, "cannot open %s: %s", path,
			       strerror(errno));
	}
	zk_buf_init(&b, limit);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		rc = zk_buf_append(&b, chunk, n);
		if (rc != 0) {
			zk_fail(cause, rc, "%s: %s", path,
				rc == ZK_ETOOBIG ? "file too large"
						 : zk_strerror(rc));
			goto out;
		}
	}
	if (ferror(f)) {
		rc = zk_fail(cause, ZK_EIO, "cannot read %s", path);
		goto out;
	}
	if (b.data == NULL && (rc = zk_buf_append(&b, "", 0)) != 0)
		goto out;
	*out = (char *)b.data;
	if (len != NULL)
		*len = b.len;
	b.data = NULL;
out:
	zk_buf_release(&b);
	fclose(f);
	return rc;
}

int
zk_file_write_atomic(const char *path, const void *data, size_t len,
		     unsigned mode, char **cause)
{
	char *tmp = zk_asprintf("%s.tmp.%ld", path, (long)getpid());
	int fd = -1, rc = 0;
	const char *p = data;

	if (tmp == NULL)
		return ZK_ENOMEM;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, (mode_t)mode);
	if (fd < 0) {
		rc = zk_fail(cause, ZK_EIO, "cannot create %s: %s", tmp,
			     strerror(errno));
		goto out;
	}
	while (len > 0) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			rc = zk_fail(cause, ZK_EIO, "cannot write %s: %s", tmp,
				     strerror(errno));
			goto out;
		}
		p += w;
		len -= (size_t)w;
	}
	if (fsync(fd) != 0 || close(fd) != 0) {
		fd = -1;
		rc = zk_fail(cause, ZK_EIO, "cannot sync %s", tmp);
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) != 0)
		rc = zk_fail(cause, ZK_EIO, "cannot rename %s: %s", tmp,
			     strerror(errno));
out:
	if (fd >= 0)
		close(fd);
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	return rc;
}

void
zk_uuid_new(char out[ZK_UUID_LEN])
{
	uuid_t u;

	uuid_generate_random(u);
	uuid_unparse_lower(u, out);
}

bool
zk_uuid_valid(const char *s)
{
	/* What uuid_parse() accepts, without converting: 8-4-4-4-12 hex
	 * digits of either case. Every request checks an id or two. */
	if (s == NULL)
		return 0;
	for (int i = 0; i < 36; i++) {
		unsigned char c = (unsigned char)s[i];

		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (c != '-')
				return 0;
		} else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
			     (c >= 'A' && c <= 'F'))) {
			return 0;
		}
	}
	return s[36] == '\0';
}

void
zk_hex_lower(char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= 'A' && *s <= 'F')
			*s = (char)(*s - 'A' + 'a');
}
