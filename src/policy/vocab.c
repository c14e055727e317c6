/*
 * vocab.c: names of the shared vocabulary, in one table per enum.
 */
#include <string.h>

#include "core/zk.h"
#include "policy/vocab.h"

static const char *const vocab_categories[ZK_CAT_COUNT] = {
    "identity", "bsn",	     "care", "medical",	    "work_note",
    "special",	"financial", "hr",   "application",
};

static const char *const vocab_actions[ZK_ACT_COUNT] = {
    "read", "create", "correct", "export", "disclose", "destroy",
};

static const char *const vocab_kinds[ZK_KIND_COUNT] = {
    "client", "employee", "intern", "volunteer", "applicant",
};

static const char *const vocab_relations[ZK_REL_COUNT] = {
    "responsible",
    "co_treating",
    "substitute",
};

static const char *const vocab_roles[ZK_ROLE_COUNT] = {
    "professional", "administrator",  "dpo", "board", "office", "hr",
    "subject",	    "representative",
};

static const char *const vocab_bases[ZK_BASIS_COUNT] = {
    "consent",	      "contract",    "legal_obligation",
    "vital_interest", "public_task", "legitimate_interest",
};

/* ACC-4: the bases of a duty of confidentiality an account records. */
static const char *const vocab_duties[] = {
    "profession",
    "office",
    "law",
    "agreement",
};

static int
vocab_find(const char *const *names, int n, const char *name)
{
	if (name == NULL)
		return -1;
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

int
vocab_category(const char *name)
{
	return vocab_find(vocab_categories, ZK_CAT_COUNT, name);
}

int
vocab_action(const char *name)
{
	return vocab_find(vocab_actions, ZK_ACT_COUNT, name);
}

int
vocab_kind(const char *name)
{
	return vocab_find(vocab_kinds, ZK_KIND_COUNT, name);
}

int
vocab_relation(const char *name)
{
	return vocab_find(vocab_relations, ZK_REL_COUNT, name);
}

int
vocab_base_role(const char *name)
{
	return vocab_find(vocab_roles, ZK_ROLE_COUNT, name);
}

int
vocab_basis(const char *name)
{
	return vocab_find(vocab_bases, ZK_BASIS_COUNT, name);
}

const char *
vocab_category_name(enum zk_category c)
{
	return (unsigned)c < ZK_CAT_COUNT ? vocab_categories[c] : "?";
}

const char *
vocab_action_name(enum zk_action a)
{
	return (unsigned)a < ZK_ACT_COUNT ? vocab_actions[a] : "?";
}

const char *
vocab_kind_name(enum zk_kind k)
{
	return (unsigned)k < ZK_KIND_COUNT ? vocab_kinds[k] : "?";
}

const char *
vocab_relation_name(enum zk_relation r)
{
	return (unsigned)r < ZK_REL_COUNT ? vocab_relations[r] : "?";
}

const char *
vocab_base_role_name(enum zk_base_role r)
{
	return (unsigned)r < ZK_ROLE_COUNT ? vocab_roles[r] : "?";
}

bool
vocab_base_role_portal(enum zk_base_role base)
{
	return base == ZK_ROLE_SUBJECT || base == ZK_ROLE_REPRESENTATIVE;
}

const char *
vocab_iso_role(enum zk_base_role base, bool responsible, bool emergency)
{
	/* LOG-5: the client, or who acts for them, is no staff member. */
	if (base == ZK_ROLE_SUBJECT)
		return "SubjectOfCare";
	if (base == ZK_ROLE_REPRESENTATIVE)
		return "SubjectOfCareAgent";
	if (base != ZK_ROLE_PROFESSIONAL)
		return "Administrator";
	if (emergency)
		return "PrivilegedHealthcareProfessional";
	return responsible ? "PersonalHealthcareProfessional"
			   : "HealthcareProfessional";
}

const char *
vocab_basis_name(enum zk_basis b)
{
	return (unsigned)b < ZK_BASIS_COUNT ? vocab_bases[b] : "?";
}

bool
vocab_category_is_health(enum zk_category c)
{
	return c == ZK_CAT_CARE || c == ZK_CAT_MEDICAL || c == ZK_CAT_SPECIAL;
}

char
vocab_action_code(enum zk_action a)
{
	switch (a) {
	case ZK_ACT_READ:
		return 'R';
	case ZK_ACT_CREATE:
		return 'C';
	case ZK_ACT_CORRECT:
		return 'U';
	case ZK_ACT_DESTROY:
		return 'D';
	case ZK_ACT_EXPORT:
	case ZK_ACT_DISCLOSE:
	case ZK_ACT_COUNT:
		break;
	}
	return 'E';
}

int
vocab_confidentiality(const char *name)
{
	return vocab_find(vocab_duties, (int)ZK_ARRAY_SIZE(vocab_duties), name);
}
