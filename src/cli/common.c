/*
 * common.c: error printing and the choice of organisation, shared by the
 * subcommands.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/zk.h"
#include "service/service.h"

void
cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("zorgkluis: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
cli_fail(int rc, char *cause, const char *what)
{
	if (cause != NULL)
		cli_error("%s: %s", what, cause);
	else
		cli_error("%s: %s", what, zk_strerror(rc));
	free(cause);
	return rc == ZK_EINVAL ? CLI_USAGE : CLI_FAIL;
}

int
cli_result(int rc, char *cause, const char *what, json_t *out, const char *said)
{
	if (rc != 0) {
		json_decref(out);
		return cli_fail(rc, cause, what);
	}
	free(cause);
	if (out != NULL) {
		char *s = json_dumps(out, JSON_INDENT(2));

		if (s != NULL)
			puts(s);
		free(s);
		json_decref(out);
	} else {
		printf("%s\n", said != NULL && said[0] != '\0' ? said : "done");
	}
	return CLI_OK;
}

int
cli_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return 0;
		if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0)
			return 1;
	}
	return 0;
}

int
cli_tenant(struct service *svc, const char *slug, const char *username,
	   int64_t *tenant, char **cause)
{
	const char *env = getenv("ZORGKLUIS_TENANT");
	int rc;

	if (slug == NULL && env != NULL && env[0] != '\0')
		slug = env;
	if (slug != NULL)
		return svc_tenant_find(svc, slug, tenant, cause);
	/* SCOPE-3: a user belongs to one organisation. */
	if (username != NULL) {
		rc = svc_tenant_of_user(svc, username, tenant, cause);
		if (rc == ZK_ECONFLICT) {
			free(*cause);
			*cause = NULL;
			return zk_fail(cause, ZK_EINVAL,
				       "user \"%s\" exists in several "
				       "organisations; name the organisation "
				       "with --tenant",
				       username);
		}
		if (rc != ZK_ENOTFOUND)
			return rc;
		free(*cause);
		*cause = NULL;
	}
	return svc_tenant_default(svc, tenant, cause);
}

int
cli_args_done(const char *cmd, int argc, char **argv, const char *db)
{
	if (optind < argc) {
		if (cmd != NULL)
			cli_error("%s: unexpected argument \"%s\"", cmd,
				  argv[optind]);
		else
			cli_error("unexpected argument \"%s\"", argv[optind]);
		return CLI_USAGE;
	}
	if (db == NULL) {
		if (cmd != NULL)
			cli_error("%s: --db is required", cmd);
		else
			cli_error("--db is required");
		return CLI_USAGE;
	}
	return 0;
}

int
cli_options(const char *cmd, const char *what, const char *usage, int argc,
	    char **argv, const struct cli_opt *opts)
{
	/* getopt_long's values: 256 and up name opts, clear of '?'. */
	struct option lo[CLI_OPTS_MAX + 2];
	const char *const *db = NULL;
	int n, c;

	for (n = 0; opts[n].name != NULL; n++) {
		if (n == CLI_OPTS_MAX) {
			cli_error("%s: too many options", what);
			return CLI_FAIL;
		}
		lo[n] = (struct option){opts[n].name, opts[n].has_arg, NULL,
					256 + n};
		if (strcmp(opts[n].name, "db") == 0)
			db = opts[n].val;
	}
	lo[n] = (struct option){"help", no_argument, NULL, 'h'};
	lo[n + 1] = (struct option){NULL, 0, NULL, 0};
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage, stdout);
			return -1;
		}
		if (c < 256 || c >= 256 + n) {
			cli_error(
			    "%s: unknown or incomplete option \"%s\"; see "
			    "'zorgkluis %s --help'",
			    what, argv[optind - 1], cmd);
			return CLI_USAGE;
		}
		*opts[c - 256].val = optarg != NULL ? optarg : "";
	}
	return cli_args_done(what, argc, argv, db != NULL ? *db : NULL);
}
