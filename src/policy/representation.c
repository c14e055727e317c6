/*
 * representation.c: who acts for a data subject (REP-1 to REP-4).
 *
 * A child under the profile's first age (12) is represented by the
 * parents with authority or the guardian. From that age to the second
 * (16) the child acts beside them when able to assess their interests,
 * and is represented when not. From the second age an able subject acts
 * alone, or through a person they authorised in writing (REP-3). An adult
 * who is not able, or who died, is represented by the first people in the
 * profile's order who neither decline nor are absent.
 *
 * Capacity is the latest recorded assessment on or before the day asked
 * about (REP-4), of the matter asked about and else the latest general
 * one; an assessment that lapsed counts for nothing, and does not bring
 * back the older one it replaced. Without one, capacity is presumed, as
 * the law does.
 */
#include <string.h>

#include "core/zk.h"
#include "policy/representation.h"

static const char *const rep_kinds[REP_KIND_COUNT] = {
    "parent_with_authority",
    "guardian",
    "curator",
    "mentor",
    "authorised_in_writing",
    "spouse_partner",
    "child",
    "sibling",
    "parent",
};

static const char *const rep_matters[REP_MATTER_COUNT] = {
    "general",
    "privacy",
    "treatment",
};

int
rep_matter_parse(const char *s)
{
	for (int i = 0; s != NULL && i < REP_MATTER_COUNT; i++)
		if (strcmp(s, rep_matters[i]) == 0)
			return i;
	return -1;
}

int
rep_kind_parse(const char *s)
{
	for (int i = 0; s != NULL && i < REP_KIND_COUNT; i++)
		if (strcmp(s, rep_kinds[i]) == 0)
			return i;
	return -1;
}

int
rep_age(int32_t birth_date, int32_t on)
{
	int by, bm, bd, y, m, d, age;

	zk_date_to_ymd(birth_date, &by, &bm, &bd);
	zk_date_to_ymd(on, &y, &m, &d);
	age = y - by;
	/* Not yet had this year's birthday (29 February: 1 March). */
	if (m < bm || (m == bm && d < bd))
		age--;
	return age < 0 ? 0 : age;
}

void
rep_rules_wgbo(struct rep_rules *r)
{
	memset(r, 0, sizeof *r);
	r->beside_from = 12;
	r->act_alone_from = 16;
	r->authorise_from = 16;
	r->minors = 1u << REP_PARENT_WITH_AUTHORITY | 1u << REP_GUARDIAN;
	r->nranks = 4;
	r->rank[0] = 1u << REP_CURATOR | 1u << REP_MENTOR;
	r->rank[1] = 1u << REP_AUTHORISED_IN_WRITING;
	r->rank[2] = 1u << REP_SPOUSE_PARTNER;
	r->rank[3] = 1u << REP_PARENT | 1u << REP_CHILD | 1u << REP_SIBLING;
	r->rule = "REP-1";
	r->acts_for_deceased = true;
}

/*
 * The latest assessment of matter m not after day; -1 when none, or when
 * that one lapsed by day (REP-4): a lapsed assessment is ignored, and the
 * older ones it superseded stay superseded.
 */
static int
rep_capacity_of(const struct rep_facts *f, enum rep_matter m, int32_t day)
{
	const struct rep_assessment *best = NULL;

	for (int i = 0; i < f->nassessments; i++) {
		const struct rep_assessment *a = &f->assessments[i];

		if (a->assessed_on > day || a->matter != m)
			continue;
		if (best == NULL || a->assessed_on >= best->assessed_on)
			best = a;
	}
	if (best == NULL || (best->lapses && best->lapses_on <= day))
		return -1;
	return best->able;
}

/* The assessment in force on day for the question's matter; -1: none. */
static int
rep_capacity(const struct rep_facts *f, int32_t day)
{
	int able = -1;

	if (f->matter != REP_MATTER_GENERAL)
		able = rep_capacity_of(f, f->matter, day);
	if (able < 0)
		able = rep_capacity_of(f, REP_MATTER_GENERAL, day);
	return able;
}

/*
 * Adds every available person whose kind is in kinds; returns how many.
 * With consented, someone authorised in writing needs the consent of the
 * curator or mentor (W§4.1).
 */
static int
rep_add_if(const struct rep_facts *f, unsigned kinds, bool consented,
	   struct rep_answer *out)
{
	int n = 0;

	for (int i = 0; i < f->npeople && out->nwho < REP_MAX_PEOPLE + 1; i++) {
		const struct rep_person *p = &f->people[i];

		if (!(kinds & (1u << p->kind)) || p->declines || p->absent)
			continue;
		if (consented && p->kind == REP_AUTHORISED_IN_WRITING &&
		    !p->legal_consent)
			continue;
		out->who[out->nwho++] = p->id;
		n++;
	}
	return n;
}

static int
rep_add(const struct rep_facts *f, unsigned kinds, struct rep_answer *out)
{
	return rep_add_if(f, kinds, false, out);
}

static void
rep_set(struct rep_answer *out, enum rep_acts acts, const char *rule,
	const char *reason)
{
	out->acts = acts;
	out->rule = rule;
	out->reason = reason;
}

void
rep_decide(const struct rep_rules *r, const struct rep_facts *f,
	   struct rep_answer *out)
{
	int32_t day =
	    f->deceased && f->deceased_on < f->on ? f->deceased_on : f->on;
	int age = rep_age(f->birth_date, day);
	int able = rep_capacity(f, f->on);

	memset(out, 0, sizeof *out);
	if (able < 0)
		able = 1; /* presumed (REP-4) */

	/* W§10.4: after death nobody acts in the subject's name. */
	if (f->deceased && !r->acts_for_deceased) {
		rep_set(out, REP_ACTS_REPRESENTATIVE, r->rule,
			"deceased_no_right_of_next_of_kin");
		return;
	}

	/* A child: the parents with authority or the guardian. */
	if (age < r->beside_from || (age < r->act_alone_from && !able) ||
	    (f->deceased && age < r->act_alone_from)) {
		rep_set(out, REP_ACTS_REPRESENTATIVE, "REP-1",
			f->deceased ? "deceased_minor" : "minor");
		rep_add(f, r->minors, out);
		return;
	}
	if (age < r->act_alone_from) {
		rep_set(out, REP_ACTS_BOTH, "REP-1", "minor_beside_parents");
		out->who[out->nwho++] = "subject";
		rep_add(f, r->minors, out);
		return;
	}
	if (!f->deceased && able) {
		/* REP-3: someone the subject authorised in writing. */
		if (age >= r->authorise_from) {
			struct rep_answer tmp;

			memset(&tmp, 0, sizeof tmp);
			if (rep_add(f, 1u << REP_AUTHORISED_IN_WRITING, &tmp) >
			    0) {
				*out = tmp;
				rep_set(out, REP_ACTS_REPRESENTATIVE, "REP-3",
					"authorised_in_writing");
				return;
			}
		}
		rep_set(out, REP_ACTS_SUBJECT, "REP-1", "able_adult");
		out->who[out->nwho++] = "subject";
		return;
	}
	/*
	 * A minor of 16 or 17 who is not able: the parents with authority or
	 * the guardian, as for younger children (WGBO 7:465(2)); curatele and
	 * mentorschap exist only for adults (BW 1:378, 1:450). Without them,
	 * the profile's order below.
	 */
	if (!f->deceased && age < REP_MAJORITY) {
		rep_set(out, REP_ACTS_REPRESENTATIVE, "REP-1",
			"not_able_minor");
		if (rep_add(f, r->minors, out) > 0)
			return;
	}
	/* Not able, or deceased: the first rank with someone available. */
	rep_set(out, REP_ACTS_REPRESENTATIVE, r->rule,
		f->deceased ? "deceased" : "not_able");
	/* M's order names the curator and mentor for the deceased too
	 * (REP-1), and is kept as written. */
	for (int k = 0; k < r->nranks; k++)
		if (rep_add_if(f, r->rank[k], r->authorised_needs_consent,
			       out) > 0)
			return;
	out->reason =
	    f->deceased ? "deceased_no_representative" : "no_representative";
}
