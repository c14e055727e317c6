/*
 * breach.c: the clock of a personal data breach (BRE-1 to BRE-3).
 *
 * GDPR art. 33(1) gives the controller 72 hours from becoming aware of a
 * breach to tell the AP. Unlike the request deadlines (deadline.c), these
 * are hours by the clock: Regulation 1182/71 art. 3(3) counts weekends
 * and holidays in a period of hours, and the EDPB guidelines 9/2022 read
 * art. 33 so. The clock runs in UTC, so that the changes to and from
 * summer time neither add nor take an hour: 72 hours are 259200 seconds.
 *
 * The seeds are laxer than the law on when the AP is told (M§15.1 only
 * for a considerable chance of serious consequences; W§17.1 follows the
 * law), so both profiles follow art. 33: every breach with a risk. On the
 * subjects, M§15.2 names no exemption to disproportionate effort, so a
 * profile may refuse the public notice (profile "breaches".public_notice)
 * and the subjects are then told one by one.
 */
#include <stdio.h>
#include <string.h>

#include "core/zk.h"
#include "policy/breach.h"

static const char *const breach_risks[BREACH_RISK_COUNT] = {"none", "risk",
							    "high"};
static const char *const breach_exemptions[BREACH_EXEMPT_COUNT] = {
    NULL, "encrypted", "risk_removed", "disproportionate"};

/* 0001-01-01 to 9999-12-31 23:59:59; instants before 1970 are refused. */
#define BREACH_TIME_MAX INT64_C(253402300799)

const char *
breach_risk_name(enum breach_risk r)
{
	if ((int)r < 0 || r >= BREACH_RISK_COUNT)
		return "?";
	return breach_risks[r];
}

int
breach_risk_parse(const char *s)
{
	if (s == NULL)
		return -1;
	for (int i = 0; i < BREACH_RISK_COUNT; i++)
		if (strcmp(s, breach_risks[i]) == 0)
			return i;
	return -1;
}

const char *
breach_exemption_name(enum breach_exemption e)
{
	if ((int)e < 0 || e >= BREACH_EXEMPT_COUNT)
		return NULL;
	return breach_exemptions[e];
}

int
breach_clock(const struct profile *p, const struct breach_facts *f,
	     struct breach_answer *a, char **cause)
{
	bool public_notice = p == NULL || p->breach.public_notice;

	memset(a, 0, sizeof *a);
	if ((int)f->risk < 0 || f->risk >= BREACH_RISK_COUNT)
		return zk_fail(cause, ZK_EINVAL, "unknown risk (BRE-2)");
	if (f->aware_at < 0 ||
	    f->aware_at > BREACH_TIME_MAX - BREACH_AP_HOURS * 3600)
		return zk_fail(cause, ZK_EINVAL,
			       "aware_at is out of range (1970 to 9999)");
	/* BRE-1: registered whatever the risk; nobody is told. */
	a->rule = "BRE-1";
	if (f->risk == BREACH_RISK_NONE)
		return 0;
	/* BRE-2, art. 33(1): the AP within 72 hours, by the clock. */
	a->notify_ap = true;
	a->ap_due = f->aware_at + (int64_t)BREACH_AP_HOURS * 3600;
	a->rule = "BRE-2";
	if (f->risk != BREACH_RISK_HIGH)
		return 0;
	/*
	 * BRE-3, art. 34(3): one exemption is enough; the first that holds
	 * is named, in the order of the article, as encryption or removed
	 * risk need not even a public notice.
	 */
	a->notify_subjects = true;
	if (f->encrypted)
		a->exemption = BREACH_EXEMPT_ENCRYPTED;
	else if (f->risk_removed)
		a->exemption = BREACH_EXEMPT_RISK_REMOVED;
	else if (f->disproportionate && public_notice)
		a->exemption = BREACH_EXEMPT_DISPROPORTIONATE;
	else if (f->disproportionate)
		a->refused = BREACH_EXEMPT_DISPROPORTIONATE;
	if (a->exemption != BREACH_EXEMPT_NONE) {
		a->notify_subjects = false;
		a->public_notice =
		    a->exemption == BREACH_EXEMPT_DISPROPORTIONATE;
	}
	if (a->exemption != BREACH_EXEMPT_NONE ||
	    a->refused != BREACH_EXEMPT_NONE)
		a->rule = "BRE-3";
	return 0;
}

int64_t
breach_hours_left(int64_t due, int64_t now)
{
	int64_t s = due - now;

	/* Rounded towards minus infinity: one second late is -1 hour. */
	return s >= 0 ? s / 3600 : -((-s + 3599) / 3600);
}

static int
breach_digits(const char *s, int n, int *out)
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
breach_time_parse(const char *s, int64_t *out)
{
	char date[ZK_DATE_LEN];
	int32_t days;
	int hh, mm, ss = 0, oh = 0, om = 0, sign = 0;
	size_t n, i;
	int64_t t;

	if (s == NULL || (n = strlen(s)) < 17 || s[10] != 'T' || s[13] != ':')
		return ZK_EINVAL;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (zk_date_parse(date, &days) != 0 || breach_digits(s + 11, 2, &hh) ||
	    breach_digits(s + 14, 2, &mm) || hh > 23 || mm > 59)
		return ZK_EINVAL;
	i = 16;
	if (s[i] == ':') {
		if (n < 19 || breach_digits(s + 17, 2, &ss) || ss > 59)
			return ZK_EINVAL;
		i = 19;
	}
	if (s[i] == 'Z' && i + 1 == n) {
		sign = 0;
	} else if ((s[i] == '+' || s[i] == '-') && i + 6 == n &&
		   s[i + 3] == ':' && breach_digits(s + i + 1, 2, &oh) == 0 &&
		   breach_digits(s + i + 4, 2, &om) == 0 && oh <= 14 &&
		   om <= 59) {
		sign = s[i] == '+' ? 1 : -1;
	} else {
		return ZK_EINVAL; /* no zone: a local time is ambiguous */
	}
	/* 17:30+01:00 is 16:30Z: the offset is taken away. */
	t = (int64_t)days * 86400 + hh * 3600 + mm * 60 + ss -
	    sign * (oh * 3600 + om * 60);
	if (t < 0 || t > BREACH_TIME_MAX)
		return ZK_EINVAL;
	*out = t;
	return 0;
}
