/*
 * retention.c: the retention decision (RET-1 to RET-4); the order of the
 * rules is in retention.h. Pure: no store, no clock, no allocation.
 */
#include <string.h>

#include "policy/retention.h"

/* WGBO 7:454(3): twenty years from the last change of the record. */
static const struct profile_period retention_law = {20, 'Y'};
/* RET-4, W§15.2: destroyed within three months of the end of the period. */
static const struct profile_period retention_grace = {3, 'M'};

static const char retention_law_cite[] =
    "WGBO 7:454(3): 20 years from the last change of the record";

bool
retention_floor_applies(enum zk_category c, enum zk_kind k)
{
	if (vocab_category_is_health(c))
		return true;
	/* A client's record without the client's identity serves neither
	   care nor the client's access: it stays as long as the record. */
	return k == ZK_KIND_CLIENT && (c == ZK_CAT_IDENTITY || c == ZK_CAT_BSN);
}

const char *
retention_start_name(enum retention_start s)
{
	switch (s) {
	case RETENTION_START_CREATION:
		return "creation";
	case RETENTION_START_LAST_CHANGE:
		return "last_change";
	case RETENTION_START_END_OF_RELATIONSHIP:
		return "end_of_relationship";
	default:
		return "none";
	}
}

/* The rule of category c for kind k in p, or NULL; its cite in *cite. */
static const struct profile_retention_rule *
retention_rule(const struct profile *p, enum zk_category c, enum zk_kind k,
	       struct profile_retention_rule *buf)
{
	const struct profile_retention *r;

	if ((unsigned)c >= ZK_CAT_COUNT || (unsigned)k >= ZK_KIND_COUNT)
		return NULL;
	r = &p->retention[c];
	if (r->kinds[k].set)
		return &r->kinds[k];
	if (!r->set)
		return NULL;
	buf->set = 1;
	buf->period = r->period;
	buf->from = r->from;
	buf->cite[0] = '\0';
	return buf;
}

void
retention_decide(const struct profile *p, const struct retention_facts *f,
		 struct retention_answer *out)
{
	const struct profile_retention_rule *rule;
	struct profile_retention_rule buf;
	int32_t last, start = RETENTION_NO_DATE, from = RETENTION_NO_DATE;
	bool health;

	memset(out, 0, sizeof *out);
	out->destroy_from = RETENTION_NO_DATE;
	out->destroy_by = RETENTION_NO_DATE;
	out->start_date = RETENTION_NO_DATE;
	out->cite = "";
	health = (unsigned)f->category < ZK_CAT_COUNT &&
		 vocab_category_is_health(f->category);
	out->rule = health ? "RET-1" : "RET-2";

	/* RET-3: a legal hold keeps the datum, whatever the periods say. */
	if (f->holds > 0) {
		out->rule = "RET-3";
		out->cite = "M§12.2, W§15.3: a legal hold";
		return;
	}
	/* The record changed no earlier than this datum was made. */
	last = f->record_last_change;
	if (last == RETENTION_NO_DATE ||
	    (f->entry_created != RETENTION_NO_DATE && last < f->entry_created))
		last = f->entry_created;

	rule = retention_rule(p, f->category, f->kind, &buf);
	if (rule != NULL) {
		switch (rule->from) {
		case PROFILE_FROM_CREATION:
			out->start = RETENTION_START_CREATION;
			start = f->entry_created;
			break;
		case PROFILE_FROM_LAST_CHANGE:
			out->start = RETENTION_START_LAST_CHANGE;
			start = last;
			break;
		case PROFILE_FROM_END_OF_RELATIONSHIP:
			out->start = RETENTION_START_END_OF_RELATIONSHIP;
			start = f->relationship_ended;
			break;
		}
		out->period = rule->period;
		out->start_date = start;
		out->cite = rule->cite[0] != '\0' ? rule->cite
			    : p->retention[f->category].cite[0] != '\0'
				? p->retention[f->category].cite
				: "";
		if (start == RETENTION_NO_DATE)
			out->unknown = true;
		else
			from = profile_period_add(start, &rule->period);
	}

	/* RET-1: the law is a floor under the client record. */
	if ((unsigned)f->category < ZK_CAT_COUNT &&
	    (unsigned)f->kind < ZK_KIND_COUNT &&
	    retention_floor_applies(f->category, f->kind) &&
	    last != RETENTION_NO_DATE) {
		int32_t law = profile_period_add(last, &retention_law);

		out->rule = "RET-1";
		if (rule == NULL || (!out->unknown && law > from)) {
			from = law;
			out->floor = true;
			out->unknown = false;
			out->start = RETENTION_START_LAST_CHANGE;
			out->start_date = last;
			out->period = retention_law;
			out->cite = retention_law_cite;
		}
	}
	/* A period whose start is still unknown ends at an unknown day. */
	if (out->unknown || from == RETENTION_NO_DATE)
		return;
	out->destroy_from = from;
	out->destroy_by = profile_period_add(from, &retention_grace);
	out->due = f->on >= from;
}
