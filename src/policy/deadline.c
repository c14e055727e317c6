/*
 * deadline.c: the deadlines of a data subject's request (RQ-2, RQ-3) and
 * the Dutch working days they fall on.
 *
 * The profile gives the periods per kind of request (M§9.1, M§10.2,
 * M§11.3; W§11.6-11.7, W§14.3-14.6, W§15.2); the law is their ceiling:
 * GDPR art. 12(3) gives one month to answer, extendable by two more. A
 * period is counted as Regulation (EEC, Euratom) 1182/71 art. 3 counts it:
 * a month ends on the same day number of the target month, or on that
 * month's last day (profile_period_add), and a period ending on a
 * Saturday, Sunday or public holiday ends on the next working day. The
 * public holidays are those of the Algemene termijnenwet art. 3, which the
 * Netherlands names for Regulation 1182/71 as well.
 *
 * The decisions, in the order deadline_eval() takes them:
 *
 *  1. The profile section of the kind gives the periods (rq_kind_section).
 *     A profile without that section (or no profile) has the law's: answer
 *     in one month, extension two months, no carry-out period.
 *  2. The answer period is the shorter of the profile's and one month,
 *     compared by the dates they give from the day of receipt: the law is
 *     a ceiling a regulation cannot raise (profile_warnings() says so
 *     when the profile is loaded).
 *  3. RQ-3: every closed suspension [from, to) moves the dates by its
 *     length, to - from days, wherever it falls after receipt (also when
 *     it begins after the period would have ended: the request service
 *     records no suspension after the answer). A suspension that begins
 *     before receipt, ends before it begins, or overlaps another is
 *     impossible and an error, not a guess. An open suspension (no proof
 *     given yet) leaves no due date: suspended, rule RQ-3.
 *  4. first_due is receipt + answer period + suspension days, moved to a
 *     working day.
 *  5. An extension (W§14.5, GDPR art. 12(3)) is valid only when the
 *     requester is told of it on or before first_due; it then runs from
 *     the end of the first period before the working-day move, for the
 *     profile's extension but at most two months, and the result moves to
 *     a working day. Told later, it is too late and first_due stands. A
 *     profile section without an extension allows none (M: "uiterlijk
 *     binnen vier weken" is a hard promise), so an extension is not
 *     allowed and first_due stands: the stricter of regulation and law.
 *  6. carry_out_by is receipt + the section's carry_out period + the same
 *     suspension days, moved to a working day; none without the period.
 *     An extension does not move it (W§11.7, W§15.2 and M§11.3 name no
 *     extension), and the law sets no ceiling on it.
 *  7. The move to a working day comes last, once, on the final date: a
 *     period never runs on from a shifted date.
 */
#include <stdio.h>
#include <string.h>

#include "core/zk.h"
#include "policy/deadline.h"

static const char *const deadline_kinds[RQ_KIND_COUNT] = {
    "access",	  "copy",    "portability", "rectification",
    "completion", "erasure", "shielding",   "restriction",
    "objection",  "log",     "scheme",
};

const char *
rq_kind_name(enum rq_kind k)
{
	return (unsigned)k < RQ_KIND_COUNT ? deadline_kinds[k] : "?";
}

int
rq_kind_parse(const char *s)
{
	if (s == NULL)
		return -1;
	for (int k = 0; k < RQ_KIND_COUNT; k++)
		if (strcmp(deadline_kinds[k], s) == 0)
			return k;
	return -1;
}

enum profile_request
rq_kind_section(enum rq_kind k)
{
	switch (k) {
	case RQ_COPY:
		return PROFILE_RQ_COPY;
	case RQ_PORTABILITY:
		return PROFILE_RQ_PORTABILITY;
	/* COR-1: one request to correct, complete, delete or shield. */
	case RQ_RECTIFICATION:
	case RQ_COMPLETION:
	case RQ_SHIELDING:
		return PROFILE_RQ_CORRECTION;
	case RQ_ERASURE:
		return PROFILE_RQ_ERASURE;
	case RQ_RESTRICTION:
		return PROFILE_RQ_RESTRICTION;
	case RQ_OBJECTION:
		return PROFILE_RQ_OBJECTION;
	/* INZ-3, M§9.4-9.5: the log and the scheme are part of access. */
	case RQ_ACCESS:
	case RQ_LOG:
	case RQ_SCHEME:
	default:
		return PROFILE_RQ_ACCESS;
	}
}

const char *
deadline_extension_name(enum deadline_extension e)
{
	switch (e) {
	case DEADLINE_EXT_VALID:
		return "valid";
	case DEADLINE_EXT_TOO_LATE:
		return "too_late";
	case DEADLINE_EXT_NOT_ALLOWED:
		return "not_allowed";
	case DEADLINE_EXT_NONE:
	default:
		return NULL;
	}
}

/* Monday 0 ... Sunday 6; 1970-01-01, day 0, was a Thursday. */
static int
deadline_weekday(int32_t day)
{
	int wd = (int)(((int64_t)day + 3) % 7);

	return wd < 0 ? wd + 7 : wd;
}

/*
 * Easter Sunday of year y in the Gregorian calendar: the anonymous
 * algorithm (Meeus/Jones/Butcher), valid for every Gregorian year.
 */
static int32_t
deadline_easter(int y)
{
	int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
	int f = (b + 8) / 25, g = (b - f + 1) / 3;
	int h = (19 * a + b - d - g + 15) % 30;
	int i = c / 4, k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;
	int month = (h + l - 7 * m + 114) / 31;
	int dd = (h + l - 7 * m + 114) % 31 + 1;

	return zk_date_from_ymd(y, month, dd);
}

bool
zk_nl_holiday(int32_t day)
{
	int y, m, d;
	int32_t easter;

	zk_date_to_ymd(day, &y, &m, &d);
	/* New Year's Day, 5 May (every year: the Algemene termijnenwet
	 * names it without the lustrum condition of the civil service),
	 * Christmas and Boxing Day. */
	if ((m == 1 && d == 1) || (m == 5 && d == 5) ||
	    (m == 12 && (d == 25 || d == 26)))
		return true;
	/*
	 * The day the King's birthday is celebrated: 27 April since 2014, 26
	 * April when the 27th is a Sunday. Before, Queen's Day: 30 April, 29
	 * April when the 30th was a Sunday. A new monarch changes this rule.
	 */
	if (m == 4) {
		int at = y >= 2014 ? 27 : 30;
		int32_t on = zk_date_from_ymd(y, 4, at);

		if (deadline_weekday(on) == 6)
			on--;
		if (day == on)
			return true;
	}
	/* Easter Monday, Ascension Day (Easter + 39) and Whit Monday (Easter
	 * + 50); not Good Friday. Easter and Whit Sunday are Sundays. */
	if (m >= 3 && m <= 6) {
		easter = deadline_easter(y);
		if (day == easter + 1 || day == easter + 39 ||
		    day == easter + 50)
			return true;
	}
	return false;
}

int32_t
zk_next_working_day(int32_t day)
{
	/* At most four days in a row are off (Christmas on a Friday to
	 * the Sunday after), so this ends quickly. */
	while (deadline_weekday(day) >= 5 || zk_nl_holiday(day))
		day++;
	return day;
}

/* The earlier of day + p and day + limit: the law as a ceiling. */
static int32_t
deadline_add_capped(int32_t day, const struct profile_period *p,
		    const struct profile_period *limit)
{
	int32_t a = profile_period_add(day, p);
	int32_t b = profile_period_add(day, limit);

	return a < b ? a : b;
}

/* Checks one date of the facts: the years zk_date_parse accepts. */
static int
deadline_date_ok(int32_t day)
{
	return day >= zk_date_from_ymd(1800, 1, 1) &&
	       day <= zk_date_from_ymd(9999, 12, 31);
}

/*
 * RQ-3: checks the suspensions and sums the days of the closed ones into
 * *days; *open is set when one has no end yet.
 */
static int
deadline_suspensions(const struct deadline_in *in, int32_t *days, bool *open,
		     char **cause)
{
	char a[ZK_DATE_LEN], b[ZK_DATE_LEN];

	*days = 0;
	*open = false;
	if (in->nsusp < 0 || (in->nsusp > 0 && in->susp == NULL))
		return zk_fail(cause, ZK_EINVAL, "no suspensions given");
	for (int i = 0; i < in->nsusp; i++) {
		const struct deadline_suspension *s = &in->susp[i];

		zk_date_fmt(s->from, a);
		if (!deadline_date_ok(s->from) ||
		    (!s->open && !deadline_date_ok(s->to)))
			return zk_fail(cause, ZK_EINVAL,
				       "suspension %d: a date outside the "
				       "years 1800 to 9999",
				       i + 1);
		if (s->from < in->received)
			return zk_fail(cause, ZK_EINVAL,
				       "suspension %d begins on %s, before the "
				       "request came in (RQ-3)",
				       i + 1, a);
		if (!s->open && s->to < s->from) {
			zk_date_fmt(s->to, b);
			return zk_fail(cause, ZK_EINVAL,
				       "suspension %d ends on %s, before it "
				       "begins on %s (RQ-3)",
				       i + 1, b, a);
		}
		/* Overlapping suspensions would count their common days
		 * twice: the facts are wrong, not to be guessed at. */
		for (int j = 0; j < i; j++) {
			const struct deadline_suspension *t = &in->susp[j];
			bool before = !s->open && s->to <= t->from;
			bool after = !t->open && t->to <= s->from;

			bool empty = (!s->open && s->from == s->to) ||
				     (!t->open && t->from == t->to);

			if (!before && !after && !empty)
				return zk_fail(cause, ZK_EINVAL,
					       "suspensions %d and %d overlap "
					       "(RQ-3)",
					       j + 1, i + 1);
		}
		if (s->open)
			*open = true;
		else
			*days += s->to - s->from;
	}
	return 0;
}

int
deadline_eval(const struct profile *p, const struct deadline_in *in,
	      struct deadline_out *out, char **cause)
{
	static const struct profile_period month = {1, 'M'};
	static const struct profile_period two_months = {2, 'M'};
	const struct profile_deadline *d = NULL;
	struct profile_period answer = month, extension = two_months;
	struct profile_period carry = {0, 0};
	int32_t days, end, last = zk_date_from_ymd(9999, 12, 31);
	bool open;
	int rc;

	memset(out, 0, sizeof *out);
	out->rule = "RQ-2";
	if ((unsigned)in->kind >= RQ_KIND_COUNT)
		return zk_fail(cause, ZK_EINVAL, "unknown kind of request %d",
			       (int)in->kind);
	if (!deadline_date_ok(in->received) ||
	    (in->extended && !deadline_date_ok(in->extended_on)))
		return zk_fail(cause, ZK_EINVAL,
			       "a date outside the years 1800 to 9999");
	if (in->extended && in->extended_on < in->received)
		return zk_fail(cause, ZK_EINVAL,
			       "the extension was told before the request "
			       "came in");
	if ((rc = deadline_suspensions(in, &days, &open, cause)) != 0)
		return rc;

	/* 1. The section of the kind, else the law alone. */
	if (p != NULL)
		d = &p->deadlines[rq_kind_section(in->kind)];
	if (d != NULL && d->set) {
		answer = d->answer;
		extension = d->extension; /* n == 0: none allowed */
		carry = d->carry_out;
	}

	/* 3. RQ-3: an open suspension stops the clock; no dates yet. */
	if (open) {
		out->suspended = true;
		out->rule = "RQ-3";
		return 0;
	}

	/* 2, 4. The answer period, at most one month, plus suspensions. */
	end = deadline_add_capped(in->received, &answer, &month) + days;
	out->first_due = zk_next_working_day(end);
	out->due = out->first_due;

	/* 5. The extension, told within the first period. */
	if (in->extended) {
		if (extension.n == 0) {
			out->extension = DEADLINE_EXT_NOT_ALLOWED;
		} else if (in->extended_on > out->first_due) {
			out->extension = DEADLINE_EXT_TOO_LATE;
		} else {
			out->extension = DEADLINE_EXT_VALID;
			out->due = zk_next_working_day(
			    deadline_add_capped(end, &extension, &two_months));
		}
	}

	/* 6. Carrying out, moved by the same suspensions. */
	if (carry.n > 0) {
		out->has_carry_out = true;
		out->carry_out_by = zk_next_working_day(
		    profile_period_add(in->received, &carry) + days);
	}
	if (out->due > last || out->carry_out_by > last)
		return zk_fail(cause, ZK_EINVAL,
			       "the deadline falls after the year 9999");
	return 0;
}
