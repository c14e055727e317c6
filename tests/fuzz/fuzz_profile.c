/*
 * fuzz_profile.c: any text as an organisation's profile.
 *
 * Invariants: a text that does not load says why, naming where; one that
 * loads decides every request with a reason and a rule, denies a user
 * without roles (ACC-1: deny by default), and lists its warnings with a
 * rule each.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy/authz.h"
#include "profile/profile.h"

static void
fuzz_warning(void *arg, const char *rule, const char *msg)
{
	(void)arg;
	if (rule == NULL || msg == NULL || rule[0] == '\0')
		abort();
}

static void
fuzz_decide(const struct profile *p, struct authz_request *rq)
{
	struct authz_decision d;

	authz_decide(p, rq, &d);
	if (d.reason == NULL || d.rule == NULL || d.rule[0] == '\0')
		abort();
	if (rq->roles == 0 && d.permit)
		abort(); /* ACC-1 */
	if (d.break_glass && rq->break_glass_reason == NULL)
		abort(); /* ACC-6: no emergency access without a reason */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct profile *p = NULL;
	struct authz_request rq;
	char *cause = NULL;
	int rc;

	rc = profile_load_text((const char *)data, size, "fuzz", &p, &cause);
	if (rc != 0) {
		if (p != NULL || cause == NULL || strncmp(cause, "fuzz", 4))
			abort();
		free(cause);
		return 0;
	}
	if (p == NULL || p->nroles < 1 || p->nroles > 32)
		abort();
	profile_warnings(p, fuzz_warning, NULL);
	memset(&rq, 0, sizeof rq);
	rq.user_id = "u1";
	for (int r = -1; r < p->nroles; r++) {
		rq.roles = r < 0 ? 0 : 1u << r;
		for (int c = 0; c < ZK_CAT_COUNT; c++) {
			for (int a = 0; a < ZK_ACT_COUNT; a++) {
				rq.category = (enum zk_category)c;
				rq.action = (enum zk_action)a;
				rq.kind = (enum zk_kind)((r + c + a) % 2);
				rq.relations =
				    (c + a) % 2 ? ZK_COND_RESPONSIBLE : 0;
				rq.confidentiality = (a % 3) != 0;
				rq.entry_author = (c % 2) ? "u1" : NULL;
				rq.break_glass_reason = NULL;
				fuzz_decide(p, &rq);
				rq.break_glass_reason =
				    "Cliënt onwel, geen begeleider bereikbaar";
				fuzz_decide(p, &rq);
			}
		}
	}
	profile_free(p);
	return 0;
}
