/*
 * vocab.h: the fixed vocabulary that every profile shares. A profile may
 * add roles of its own, but each of them extends one of the base roles
 * here, and categories, actions, subject kinds and relation kinds keep
 * these names in every profile (docs/profiles.md).
 */
#ifndef ZK_VOCAB_H
#define ZK_VOCAB_H

#include <stdbool.h>

/* CAT-1: every stored datum carries one of these categories. */
enum zk_category {
	ZK_CAT_IDENTITY,
	ZK_CAT_BSN,
	ZK_CAT_CARE,
	ZK_CAT_MEDICAL,
	ZK_CAT_WORK_NOTE,
	ZK_CAT_SPECIAL,
	ZK_CAT_FINANCIAL,
	ZK_CAT_HR,
	ZK_CAT_APPLICATION,
	ZK_CAT_COUNT
};

/* ACC-1: the actions of the authorisation scheme. */
enum zk_action {
	ZK_ACT_READ,
	ZK_ACT_CREATE,
	ZK_ACT_CORRECT,
	ZK_ACT_EXPORT,
	ZK_ACT_DISCLOSE,
	ZK_ACT_DESTROY,
	ZK_ACT_COUNT
};

/* SCOPE-1: the kinds of data subject. */
enum zk_kind {
	ZK_KIND_CLIENT,
	ZK_KIND_EMPLOYEE,
	ZK_KIND_INTERN,
	ZK_KIND_VOLUNTEER,
	ZK_KIND_APPLICANT,
	ZK_KIND_COUNT
};

/* ACC-2: the kinds of care relation between a professional and a client. */
enum zk_relation {
	ZK_REL_RESPONSIBLE,
	ZK_REL_CO_TREATING,
	ZK_REL_SUBSTITUTE,
	ZK_REL_COUNT
};

/* The base roles whose meaning every profile keeps. */
enum zk_base_role {
	ZK_ROLE_PROFESSIONAL,
	ZK_ROLE_ADMINISTRATOR,
	ZK_ROLE_DPO,
	ZK_ROLE_BOARD,
	ZK_ROLE_OFFICE,
	ZK_ROLE_HR,
	/*
	 * INZ-6, LOG-2: the portal's roles, held by a client's own account
	 * and by a representative's. A profile may leave them out (then it
	 * has no portal); no account holds one beside a staff role.
	 */
	ZK_ROLE_SUBJECT,
	ZK_ROLE_REPRESENTATIVE,
	ZK_ROLE_COUNT
};

/* The base roles every profile must define: the staff roles. */
#define ZK_ROLE_STAFF_COUNT ZK_ROLE_SUBJECT

/* Whether base is one of the portal's roles (subject, representative). */
bool vocab_base_role_portal(enum zk_base_role base);

/* PUR-3: the legal bases of GDPR art. 6(1). */
enum zk_basis {
	ZK_BASIS_CONSENT,
	ZK_BASIS_CONTRACT,
	ZK_BASIS_LEGAL_OBLIGATION,
	ZK_BASIS_VITAL_INTEREST,
	ZK_BASIS_PUBLIC_TASK,
	ZK_BASIS_LEGITIMATE_INTEREST,
	ZK_BASIS_COUNT
};

/* Each lookup returns the enum value, or -1 for an unknown name. */
int vocab_category(const char *name);
int vocab_action(const char *name);
int vocab_kind(const char *name);
int vocab_relation(const char *name);
int vocab_base_role(const char *name);
int vocab_basis(const char *name);
/*
 * ACC-4: the basis of a duty of confidentiality (profession, office, law,
 * agreement), as an account records it; -1 for anything else.
 */
int vocab_confidentiality(const char *name);

const char *vocab_category_name(enum zk_category c);
const char *vocab_action_name(enum zk_action a);
const char *vocab_kind_name(enum zk_kind k);
const char *vocab_relation_name(enum zk_relation r);
const char *vocab_base_role_name(enum zk_base_role r);
const char *vocab_basis_name(enum zk_basis b);

/*
 * LOG-5: the ISO 21298 functional role (the codes of ISO 13606-3) in which
 * a user of base role acted: a care professional is the client's personal
 * healthcare professional when responsible for the client, a privileged
 * one when breaking the glass, else a healthcare professional; every other
 * base role supports the care as an administrator.
 */
const char *vocab_iso_role(enum zk_base_role base, bool responsible,
			   bool emergency);

/* CAT-2: care, medical and special-category data are health/special data. */
bool vocab_category_is_health(enum zk_category c);

/*
 * NEN 7513 action code for an action: C(reate), R(ead), U(pdate),
 * D(elete), E(xecute: export and disclosure).
 */
char vocab_action_code(enum zk_action a);

#endif
