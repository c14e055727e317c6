/*
 * fuzz_representation.c: any facts about a subject and the people around
 * them, decided under the WGBO's order (REP-1) and the orders of the
 * shipped profiles.
 *
 * The answer is checked against the rules as RULES.md states them,
 * computed here independently: the age in completed years (29 February
 * counting from 1 March), capacity as the latest assessment on or before
 * the day (presumed when there is none, REP-4), and then who acts:
 * under 12 the parents with authority or the guardian; 12 to 15 and able
 * the subject beside them; 16 and able the subject, or whom they
 * authorised in writing (REP-3); otherwise the first rank of the order
 * with anyone available. Nobody who declines or is absent ever acts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/zk.h"
#include "policy/representation.h"
#include "profile/profile.h"

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

static int32_t
fuzz_day(struct fuzz_in *in, int32_t from, int32_t span)
{
	unsigned v = fuzz_byte(in) | fuzz_byte(in) << 8 | fuzz_byte(in) << 16;

	return from + (int32_t)(v % (unsigned)span);
}

/* Completed years, 29 February having its birthday on 1 March. */
static int
fuzz_age(int32_t birth, int32_t on)
{
	int by, bm, bd, y, m, d, age;

	zk_date_to_ymd(birth, &by, &bm, &bd);
	zk_date_to_ymd(on, &y, &m, &d);
	age = y - by;
	if (bm == 2 && bd == 29 && zk_date_to_ymd_last(y, 2) == 28) {
		bm = 3;
		bd = 1;
	}
	if (m < bm || (m == bm && d < bd))
		age--;
	return age < 0 ? 0 : age;
}

static int
fuzz_available_if(const struct rep_facts *f, unsigned kinds, bool consented,
		  const char **who)
{
	int n = 0;

	for (int i = 0; i < f->npeople; i++)
		if ((kinds & (1u << f->people[i].kind)) &&
		    !f->people[i].declines && !f->people[i].absent &&
		    !(consented &&
		      f->people[i].kind == REP_AUTHORISED_IN_WRITING &&
		      !f->people[i].legal_consent))
			who[n++] = f->people[i].id;
	return n;
}

static int
fuzz_available(const struct rep_facts *f, unsigned kinds, const char **who)
{
	return fuzz_available_if(f, kinds, false, who);
}

static void
fuzz_same(const struct rep_answer *a, int from, const char **who, int n)
{
	if (a->nwho != from + n)
		abort();
	for (int i = 0; i < n; i++)
		if (strcmp(a->who[from + i], who[i]) != 0)
			abort();
}

static void
fuzz_check(const struct rep_rules *r, const struct rep_facts *f)
{
	const char *who[REP_MAX_PEOPLE];
	struct rep_answer a;
	int32_t day =
	    f->deceased && f->deceased_on < f->on ? f->deceased_on : f->on;
	int age = fuzz_age(f->birth_date, day), able = -1, n;
	int32_t at = INT32_MIN;

	for (int i = 0; i < f->nassessments; i++)
		if (f->assessments[i].assessed_on <= f->on &&
		    f->assessments[i].assessed_on >= at) {
			at = f->assessments[i].assessed_on;
			able = f->assessments[i].able;
		}
	if (able < 0)
		able = 1;
	if (rep_age(f->birth_date, day) != age)
		abort();
	rep_decide(r, f, &a);
	if (a.rule == NULL || a.reason == NULL || a.nwho > REP_MAX_PEOPLE + 1)
		abort();
	if (age < r->beside_from || (age < r->act_alone_from && !able) ||
	    (f->deceased && age < r->act_alone_from)) {
		n = fuzz_available(f, r->minors, who);
		if (a.acts != REP_ACTS_REPRESENTATIVE)
			abort();
		fuzz_same(&a, 0, who, n);
	} else if (age < r->act_alone_from) {
		n = fuzz_available(f, r->minors, who);
		if (a.acts != REP_ACTS_BOTH || a.nwho < 1 ||
		    strcmp(a.who[0], "subject") != 0)
			abort();
		fuzz_same(&a, 1, who, n);
	} else if (!f->deceased && able) {
		n = age >= r->authorise_from
			? fuzz_available(f, 1u << REP_AUTHORISED_IN_WRITING,
					 who)
			: 0;
		if (n > 0) {
			if (a.acts != REP_ACTS_REPRESENTATIVE)
				abort();
			fuzz_same(&a, 0, who, n);
		} else if (a.acts != REP_ACTS_SUBJECT || a.nwho != 1 ||
			   strcmp(a.who[0], "subject") != 0) {
			abort();
		}
	} else {
		if (a.acts != REP_ACTS_REPRESENTATIVE)
			abort();
		/* A minor not able: parents with authority or guardian
		 * first (WGBO 7:465(2)), then the order for adults. */
		n = !f->deceased && age < 18 ? fuzz_available(f, r->minors, who)
					     : 0;
		/* W§4.1: in the order, an authorisation counts with the
		 * curator's or mentor's consent only. */
		for (int k = 0; k < r->nranks && n == 0; k++)
			n = fuzz_available_if(
			    f,
			    f->deceased && r->authorised_needs_consent
				? r->rank[k] &
				      ~(1u << REP_CURATOR | 1u << REP_MENTOR)
				: r->rank[k],
			    r->authorised_needs_consent, who);
		fuzz_same(&a, 0, who, n);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rep_rules rules[3];
	static int loaded;
	struct rep_assessment as[REP_MAX_ASSESSMENTS];
	struct rep_person people[REP_MAX_PEOPLE];
	static const char *ids[REP_MAX_PEOPLE] = {
	    "p0",  "p1",  "p2",	 "p3",	"p4",  "p5",  "p6",  "p7",
	    "p8",  "p9",  "p10", "p11", "p12", "p13", "p14", "p15",
	    "p16", "p17", "p18", "p19", "p20", "p21", "p22", "p23",
	    "p24", "p25", "p26", "p27", "p28", "p29", "p30", "p31"};
	struct fuzz_in in = {data, size};
	struct rep_facts f;

	if (!loaded) {
		static const char *const names[] = {"micare-werkt",
						    "woondroomzorg"};

		rep_rules_wgbo(&rules[0]);
		for (int i = 0; i < 2; i++) {
			char path[512], *cause = NULL;
			struct profile *p = NULL;

			snprintf(path, sizeof path, "%s/profiles/%s.json",
				 ZK_SOURCE_DIR, names[i]);
			if (profile_load_file(path, &p, &cause) != 0)
				abort();
			rules[i + 1] = p->representation;
			profile_free(p);
		}
		loaded = 1;
	}
	memset(&f, 0, sizeof f);
	/* Days from 1900 to about 2080; births up to 110 years before. */
	f.on = fuzz_day(&in, -25567, 65000);
	f.birth_date = f.on - fuzz_day(&in, 0, 40200);
	f.deceased = fuzz_byte(&in) % 8 == 0;
	f.deceased_on = f.on - fuzz_day(&in, -400, 800);
	f.nassessments = (int)(fuzz_byte(&in) % 5);
	for (int i = 0; i < f.nassessments; i++) {
		as[i].able = fuzz_byte(&in) & 1;
		as[i].assessed_on = f.on - fuzz_day(&in, -30, 4000);
	}
	f.assessments = as;
	f.npeople = (int)(fuzz_byte(&in) % 9);
	for (int i = 0; i < f.npeople; i++) {
		unsigned b = fuzz_byte(&in);

		people[i].id = ids[i];
		people[i].kind = (enum rep_kind)(b % REP_KIND_COUNT);
		people[i].declines = (b >> 4) % 4 == 0;
		people[i].absent = (b >> 6) == 0;
		people[i].legal_consent = (b & 8) != 0;
	}
	f.people = people;
	for (int i = 0; i < 3; i++)
		fuzz_check(&rules[i], &f);
	return 0;
}
