/*
 * fuzz_deadline.c: any day as a possible holiday, and any request (kind,
 * day of receipt, suspensions, extension) under both shipped profiles and
 * under the law alone (RQ-2, RQ-3).
 *
 * Invariants: the holidays agree with an independent computation (Easter
 * by Oudin's algorithm, not the anonymous one deadline.c uses); the next
 * working day is one, and no later than four days on; a deadline lands on
 * a working day, within one month and four days of receipt plus the
 * suspended days; an extension is valid only when told by the first due
 * date and adds two months at most, and otherwise leaves the date alone;
 * an open suspension gives no date; impossible facts fail with a cause.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/zk.h"
#include "policy/deadline.h"
#include "profile/profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fuzz_in {
	const uint8_t *p;
	size_t n;
};

static unsigned
fuzz_byte(struct fuzz_in *in)
{
	if (in->n == 0)
		return 0;
	in->n--;
	return *in->p++;
}

static int
fuzz_weekday(int32_t day)
{
	int wd = (int)(((int64_t)day + 3) % 7);

	return wd < 0 ? wd + 7 : wd; /* Monday 0 */
}

/* Easter Sunday by Oudin's algorithm (1940). */
static int32_t
fuzz_easter(int y)
{
	int g = y % 19, c = y / 100;
	int h = (c - c / 4 - (8 * c + 13) / 25 + 19 * g + 15) % 30;
	int i = h - (h / 28) * (1 - (29 / (h + 1)) * ((21 - g) / 11));
	int j = (y + y / 4 + i + 2 - c + c / 4) % 7;
	int l = i - j;
	int month = 3 + (l + 40) / 44;

	return zk_date_from_ymd(y, month, l + 28 - 31 * (month / 4));
}

static int
fuzz_holiday(int32_t day)
{
	int y, m, d;
	int32_t e, king;

	zk_date_to_ymd(day, &y, &m, &d);
	e = fuzz_easter(y);
	king = zk_date_from_ymd(y, 4, y >= 2014 ? 27 : 30);
	if (fuzz_weekday(king) == 6)
		king--;
	return (m == 1 && d == 1) || (m == 5 && d == 5) ||
	       (m == 12 && d >= 25 && d <= 26) || day == king || day == e + 1 ||
	       day == e + 39 || day == e + 50;
}

static int
fuzz_working(int32_t day)
{
	return fuzz_weekday(day) < 5 && !fuzz_holiday(day);
}

static struct profile *fuzz_profiles[2];

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct profile_period month = {1, 'M'};
	struct fuzz_in in = {data, size};
	struct deadline_suspension s[3];
	struct deadline_in din;
	struct deadline_out out;
	const struct profile *p;
	char *cause = NULL;
	int32_t lo = zk_date_from_ymd(1800, 1, 1), days = 0, day, n;
	unsigned v;
	int rc, open = 0, which;

	if (fuzz_profiles[0] == NULL) {
		static const char *const names[] = {"micare-werkt",
						    "woondroomzorg"};

		for (int i = 0; i < 2; i++) {
			char path[512];

			snprintf(path, sizeof path, "%s/profiles/%s.json",
				 ZK_SOURCE_DIR, names[i]);
			if (profile_load_file(path, &fuzz_profiles[i],
					      &cause) != 0)
				abort();
		}
	}
	/* Any day from 1800 to about 3000 as a holiday. */
	v = fuzz_byte(&in) | fuzz_byte(&in) << 8 | fuzz_byte(&in) << 16;
	day = lo + (int32_t)(v % 438000u);
	if (zk_nl_holiday(day) != (bool)fuzz_holiday(day))
		abort();
	n = zk_next_working_day(day);
	if (n < day || n - day > 4 || !fuzz_working(n))
		abort();
	for (int32_t x = day; x < n; x++)
		if (fuzz_working(x))
			abort();

	/* A request received on that day. */
	which = (int)(fuzz_byte(&in) % 3);
	p = which < 2 ? fuzz_profiles[which] : NULL;
	memset(&din, 0, sizeof din);
	memset(s, 0, sizeof s);
	din.kind = (enum rq_kind)(fuzz_byte(&in) % (RQ_KIND_COUNT + 1));
	din.received = day;
	din.nsusp = (int)(fuzz_byte(&in) % 4);
	for (int i = 0; i < din.nsusp; i++) {
		unsigned b = fuzz_byte(&in);

		s[i].from = day + (int32_t)(fuzz_byte(&in) % 80) - 5;
		s[i].to = s[i].from + (int32_t)(b % 40) - 3;
		s[i].open = (b & 0xc0) == 0xc0;
	}
	din.susp = s;
	din.extended = fuzz_byte(&in) & 1;
	din.extended_on = day + (int32_t)(fuzz_byte(&in) % 70) - 3;
	rc = deadline_eval(p, &din, &out, &cause);
	if (rc != 0) {
		if (rc != ZK_EINVAL || cause == NULL)
			abort();
		free(cause);
		return 0;
	}
	if ((unsigned)din.kind >= RQ_KIND_COUNT)
		abort();
	for (int i = 0; i < din.nsusp; i++) {
		if (s[i].from < day || (!s[i].open && s[i].to < s[i].from))
			abort();
		if (s[i].open)
			open = 1;
		else
			days += s[i].to - s[i].from;
	}
	if (out.suspended != open ||
	    strcmp(out.rule, open ? "RQ-3" : "RQ-2") != 0)
		abort();
	if (open)
		return 0;
	/* At least four weeks, at most one month, moved to a working day. */
	if (!fuzz_working(out.first_due) || !fuzz_working(out.due) ||
	    out.first_due < day + 28 + days ||
	    out.first_due > profile_period_add(day, &month) + days + 4)
		abort();
	switch (out.extension) {
	case DEADLINE_EXT_NONE:
		if (din.extended || out.due != out.first_due)
			abort();
		break;
	case DEADLINE_EXT_VALID:
		/* Two months from the first end: 59 to 62 days, and up to
		 * four moved on either side. */
		if (p == fuzz_profiles[0] || din.extended_on > out.first_due ||
		    out.due - out.first_due < 55 ||
		    out.due - out.first_due > 66)
			abort();
		break;
	case DEADLINE_EXT_TOO_LATE:
		if (din.extended_on <= out.first_due ||
		    out.due != out.first_due)
			abort();
		break;
	case DEADLINE_EXT_NOT_ALLOWED:
		/* Only M names no extension. */
		if (p != fuzz_profiles[0] || out.due != out.first_due)
			abort();
		break;
	default:
		abort();
	}
	if (out.has_carry_out &&
	    (!fuzz_working(out.carry_out_by) || out.carry_out_by < day + 28))
		abort();
	return 0;
}
