/*
 * common.c: error printing shared by the subcommands.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/zk.h"

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
