/*
 * cli.h: what the subcommands of the zorgkluis command share. Each
 * subcommand group lives in its own cmd_*.c file; main.c only dispatches.
 *
 * Exit codes: 0 success, 1 failure (the operation ran and failed, or the
 * log is not intact), 2 usage error (bad arguments or input).
 */
#ifndef ZK_CLI_H
#define ZK_CLI_H

#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#define CLI_OK 0
#define CLI_FAIL 1
#define CLI_USAGE 2

/* Prints "zorgkluis: message" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints the error and cause of rc, frees cause, returns CLI_FAIL. */
int cli_fail(int rc, char *cause, const char *what);
/*
 * Ends a command that ran with result rc: on failure reports it as
 * cli_fail(); else prints out (indented JSON), or else said ("done" when
 * NULL or empty). Takes out and cause.
 */
int cli_result(int rc, char *cause, const char *what, json_t *out,
	       const char *said);

struct service;

/*
 * SCOPE-3: the organisation a command acts for: --tenant (slug), else
 * $ZORGKLUIS_TENANT, else the one that has the account username (when the
 * command names one), else the only one. Several organisations and none
 * named is ZK_EINVAL with a message that says to name one.
 */
int cli_tenant(struct service *svc, const char *slug, const char *username,
	       int64_t *tenant, char **cause);

/* True when argv holds -h or --help. */
int cli_wants_help(int argc, char **argv);

/*
 * Ends option parsing: an argument left over, or no --db (db NULL), is a
 * usage error told as "CMD: ..." (cmd NULL: without it); CLI_USAGE or 0.
 */
int cli_args_done(const char *cmd, int argc, char **argv, const char *db);

/*
 * An option of a command: --name VALUE (has_arg required_argument) puts
 * VALUE in *val; a flag (no_argument) puts "" there.
 */
struct cli_opt {
	const char *name;
	int has_arg;
	const char **val;
};
#define CLI_OPTS_MAX 32

/*
 * Reads the options of argv (argv[0] the subcommand, as for getopt_long)
 * into the slots of opts, which ends in {NULL, 0, NULL}. --help or -h
 * prints usage and returns -1; an unknown or incomplete option is
 * CLI_USAGE, told as "what: ...; see 'zorgkluis cmd --help'"; then as
 * cli_args_done(what, ..., the value of "db"). 0 when all is read.
 */
int cli_options(const char *cmd, const char *what, const char *usage, int argc,
		char **argv, const struct cli_opt *opts);

int cmd_init(int argc, char **argv);
int cmd_tenant(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_policy(int argc, char **argv);
/* The --profile and the facts of a "policy eval" (cmd_policy.c). */
struct profile;
int policy_facts(int argc, char **argv, struct profile **p, json_t **in);
/*
 * A whole "policy eval" of one kind: help (usage on stdout), the profile
 * and the facts (policy_facts), then eval on them (cmd_policy.c).
 */
int policy_run(int argc, char **argv, const char *usage,
	       int (*eval)(const struct profile *p, json_t *in));
int cmd_policy_retention(int argc, char **argv); /* cmd_policy_retention.c */
int cmd_hold(int argc, char **argv);
int cmd_policy_breach(int argc, char **argv);	/* policy eval breach */
int cmd_policy_research(int argc, char **argv); /* policy eval research */
/* policy eval authz --batch (cmd_policy_batch.c) */
int cmd_policy_batch_wanted(int argc, char **argv);
int cmd_policy_batch(int argc, char **argv);
int cmd_breach(int argc, char **argv);
int cmd_profile(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_consent(int argc, char **argv);
int cmd_request(int argc, char **argv);
int cmd_objection(int argc, char **argv);
int cmd_notice(int argc, char **argv);
int cmd_representative(int argc, char **argv);
int cmd_capacity(int argc, char **argv);
int cmd_client(int argc, char **argv);
int cmd_portal(int argc, char **argv);
int cmd_team(int argc, char **argv);
int cmd_location(int argc, char **argv);
int cmd_relation(int argc, char **argv);
int cmd_break_glass(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_disclosure(int argc, char **argv);
int cmd_register(int argc, char **argv);
int cmd_processor(int argc, char **argv);
int cmd_complaint(int argc, char **argv);
int cmd_transfer(int argc, char **argv);
int cmd_study(int argc, char **argv);
int cmd_restriction(int argc, char **argv);
int cmd_shield(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_keys(int argc, char **argv);
int cmd_retention(int argc, char **argv);
int cmd_log(int argc, char **argv);

#endif
