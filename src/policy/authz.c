/*
 * authz.c: decides whether a user may perform an action on a category of a
 * subject's data. Deny by default: a request is permitted only by a grant
 * in the profile's authorisation scheme (ACC-1) whose condition is met,
 * or by breaking the glass where the profile allows it (ACC-6).
 *
 * The order of the checks is the order of the reasons a reviewer wants to
 * read: who the user is (ACC-4), whether the subject is in scope at all
 * (SCOPE-1, CAT-1), personal work notes (CAT-4), the scheme (ACC-1, ACC-3),
 * and last the care relation (ACC-2), the team (ACC-5) or the emergency
 * (ACC-6).
 */
#include <string.h>

#include "core/zk.h"
#include "policy/authz.h"

static void
authz_set(struct authz_decision *d, bool permit, const char *reason,
	  const char *rule)
{
	d->permit = permit;
	d->reason = reason;
	d->rule = rule;
	d->break_glass = false;
	d->review = false;
	d->role = NULL;
	d->role_code = NULL;
}

/*
 * Permits d through the first of the user's roles whose grant for rq has
 * one of the conditions in mask (LOG-1: the role the access was made in).
 */
static void
authz_permit(const struct profile *p, const struct authz_request *rq,
	     unsigned mask, const char *reason, const char *rule,
	     struct authz_decision *d)
{
	authz_set(d, true, reason, rule);
	for (int r = 0; r < p->nroles; r++) {
		if ((rq->roles & (1u << r)) &&
		    (p->grants[r][rq->category][rq->action][rq->kind] & mask)) {
			d->role = p->roles[r].id;
			d->role_code = vocab_iso_role(
			    p->roles[r].base,
			    (rq->relations & ZK_COND_RESPONSIBLE) != 0, false);
			return;
		}
	}
}

/*
 * The number of characters of s that show (ACC-6: a reason of at least
 * so many characters): not bytes, and none of those that show nothing
 * (zk_char_blank), wherever they stand.
 */
static size_t
authz_shown_len(const char *s)
{
	size_t n = strlen(s), i = 0, shown = 0;

	while (i < n) {
		uint32_t cp;

		i += zk_utf8_next(s + i, n - i, &cp);
		shown += !zk_char_blank(cp);
	}
	return shown;
}

/* True when every role of the user is a management role (ACC-3). */
static bool
authz_management_only(const struct profile *p, uint32_t roles)
{
	for (int r = 0; r < p->nroles; r++) {
		if (!(roles & (1u << r)))
			continue;
		if (p->roles[r].base != ZK_ROLE_ADMINISTRATOR &&
		    p->roles[r].base != ZK_ROLE_BOARD)
			return false;
	}
	return true;
}

void
authz_decide(const struct profile *p, const struct authz_request *rq,
	     struct authz_decision *d)
{
	unsigned cond = 0, have;
	bool author;

	authz_set(d, false, "no_grant", "ACC-1");

	if ((unsigned)rq->category >= ZK_CAT_COUNT ||
	    (unsigned)rq->action >= ZK_ACT_COUNT ||
	    (unsigned)rq->kind >= ZK_KIND_COUNT)
		return authz_set(d, false, "unknown_term", "ACC-1");
	if (p->nroles < 32)
		if (rq->roles == 0 || (rq->roles >> p->nroles) != 0)
			return authz_set(d, false, "unknown_role", "ACC-1");
	if (!rq->confidentiality)
		return authz_set(d, false, "no_confidentiality_duty", "ACC-4");
	if (!(p->kinds & (1u << rq->kind)))
		return authz_set(d, false, "subject_kind_out_of_scope",
				 "SCOPE-1");
	if (!p->categories[rq->category].used ||
	    !(p->categories[rq->category].kinds & (1u << rq->kind)))
		return authz_set(d, false, "category_not_for_subject_kind",
				 "CAT-1");

	author = rq->entry_author != NULL && rq->user_id != NULL &&
		 strcmp(rq->entry_author, rq->user_id) == 0;

	/* CAT-4: personal work notes are their author's alone. */
	if (rq->category == ZK_CAT_WORK_NOTE) {
		if (rq->action == ZK_ACT_EXPORT ||
		    rq->action == ZK_ACT_DISCLOSE)
			return authz_set(d, false, "work_note_not_shared",
					 "CAT-4");
		if (rq->action != ZK_ACT_CREATE && !author)
			return authz_set(d, false, "work_note_author_only",
					 "CAT-4");
	}

	for (int r = 0; r < p->nroles; r++)
		if (rq->roles & (1u << r))
			cond |=
			    p->grants[r][rq->category][rq->action][rq->kind];

	if (cond == 0) {
		if (authz_management_only(p, rq->roles))
			return authz_set(d, false, "management_role_no_access",
					 "ACC-3");
		return authz_set(d, false, "not_in_scheme", "ACC-1");
	}
	if (cond & ZK_COND_ANY)
		return authz_permit(p, rq, ZK_COND_ANY, "scheme", "ACC-1", d);

	if (rq->category == ZK_CAT_WORK_NOTE && author &&
	    (cond & ZK_COND_AUTHOR))
		return authz_permit(p, rq, ZK_COND_AUTHOR, "work_note_author",
				    "CAT-4", d);

	/*
	 * INZ-6, REP-6: the portal's conditions: the account is the
	 * subject's own, or linked to a representative who may act for the
	 * subject today. Only the portal's roles have grants that need them
	 * (profile.c), so a staff account never gets in this way.
	 */
	if (cond & rq->relations & ZK_COND_SELF)
		return authz_permit(p, rq, ZK_COND_SELF, "portal_self", "INZ-6",
				    d);
	if (cond & rq->relations & ZK_COND_REPRESENTS)
		return authz_permit(p, rq, ZK_COND_REPRESENTS,
				    "portal_representative", "REP-6", d);
	if (cond & ZK_COND_PORTAL)
		return authz_set(d, false, "not_own_record", "INZ-6");

	have = rq->relations & (ZK_COND_RESPONSIBLE | ZK_COND_CO_TREATING |
				ZK_COND_SUBSTITUTE | ZK_COND_TEAM);
	if (author)
		have |= ZK_COND_AUTHOR;
	if (cond & have) {
		if ((cond & have) == ZK_COND_AUTHOR)
			return authz_permit(p, rq, have, "entry_author",
					    "ACC-2", d);
		/* ACC-5: a grant to the team's clients, not a relation. */
		if ((cond & have) == ZK_COND_TEAM)
			return authz_permit(p, rq, have, "team_client", "ACC-5",
					    d);
		return authz_permit(p, rq, have, "care_relation", "ACC-2", d);
	}

	/* ACC-6: outside a care relation only by breaking the glass. */
	if (rq->break_glass_reason != NULL &&
	    rq->category != ZK_CAT_WORK_NOTE) {
		const struct profile_break_glass *bg = &p->break_glass;

		if (!(bg->roles & rq->roles) ||
		    !(bg->categories & (1u << rq->category)) ||
		    !(bg->actions & (1u << rq->action)))
			return authz_set(d, false, "break_glass_not_allowed",
					 "ACC-6");
		if (authz_shown_len(rq->break_glass_reason) < bg->min_reason)
			return authz_set(d, false, "break_glass_reason_missing",
					 "ACC-6");
		authz_set(d, true, "break_glass", "ACC-6");
		d->break_glass = true;
		d->review = true;
		for (int r = 0; r < p->nroles; r++) {
			if (rq->roles & bg->roles & (1u << r)) {
				d->role = p->roles[r].id;
				d->role_code = vocab_iso_role(p->roles[r].base,
							      false, true);
				break;
			}
		}
		return;
	}
	if (rq->category == ZK_CAT_WORK_NOTE && rq->action != ZK_ACT_CREATE)
		return authz_set(d, false, "work_note_author_only", "CAT-4");
	if (rq->relations & ~(ZK_COND_TEAM | ZK_COND_PORTAL))
		return authz_set(d, false, "relation_does_not_cover", "ACC-2");
	authz_set(d, false, "no_care_relation", "ACC-2");
}
