/*
 * cmd_serve.c: zorgkluis serve. Runs the HTTP server until SIGINT or
 * SIGTERM, then signs the audit chain heads and exits.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "http/server.h"
#include "service/service.h"

static const char serve_usage[] =
    "usage: zorgkluis serve --db PATH [--listen ADDR:PORT] [--keys DIR]\n"
    "\n"
    "Serves the database over HTTP until interrupted (Ctrl-C).\n"
    "\n"
    "  --db PATH            the database (made with 'zorgkluis init')\n"
    "  --listen ADDR:PORT   where to listen (default 127.0.0.1:8080)\n"
    "  --keys DIR           key directory (default: PATH.keys)\n"
    "  --tls-cert FILE      serve HTTPS with this PEM certificate\n"
    "  --tls-key FILE       and this PEM private key (both or neither)\n"
    "  --threads N          worker threads, 1 to 256\n"
    "  --idle-timeout SEC   end a session idle this long (default 900;\n"
    "                       10 to 86400)\n";

static volatile sig_atomic_t serve_stop;

static void
serve_on_signal(int sig)
{
	(void)sig;
	serve_stop = 1;
}

int
cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"listen", required_argument, NULL, 'l'},
	    {"keys", required_argument, NULL, 'k'},
	    {"tls-cert", required_argument, NULL, 'c'},
	    {"tls-key", required_argument, NULL, 'K'},
	    {"threads", required_argument, NULL, 't'},
	    {"idle-timeout", required_argument, NULL, 'i'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	struct http_options o;
	char *end;
	struct http_server *h = NULL;
	struct service *svc = NULL;
	struct sigaction sa;
	char *cause = NULL;
	int c, rc;

	http_options_init(&o);
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			o.db = optarg;
			break;
		case 'l':
			o.listen = optarg;
			break;
		case 'k':
			o.keys = optarg;
			break;
		case 'c':
			o.tls_cert = optarg;
			break;
		case 'K':
			o.tls_key = optarg;
			break;
		case 't':
			o.threads = (int)strtol(optarg, &end, 10);
			if (*end != '\0' || o.threads < 1 || o.threads > 256) {
				cli_error("serve: --threads must be 1 to 256");
				return CLI_USAGE;
			}
			break;
		case 'i':
			o.idle_timeout = (int)strtol(optarg, &end, 10);
			if (*end != '\0' || o.idle_timeout < 10 ||
			    o.idle_timeout > 86400) {
				cli_error("serve: --idle-timeout must be 10 to "
					  "86400 seconds");
				return CLI_USAGE;
			}
			break;
		case 'h':
			fputs(serve_usage, stdout);
			return CLI_OK;
		default:
			cli_error("serve: unknown or incomplete option \"%s\"; "
				  "see 'zorgkluis serve --help'",
				  argv[optind - 1]);
			return CLI_USAGE;
		}
	}
	if (o.db == NULL || optind < argc) {
		cli_error("serve: --db PATH is required");
		return CLI_USAGE;
	}
	/* Opened first: a bad database or key directory fails here. */
	if ((rc = svc_open(o.db, o.keys, 0, KEYS_ALL, &svc, &cause)) != 0)
		return cli_fail(rc, cause, "serve");
	if ((rc = http_server_start(&o, &h, &cause)) != 0) {
		svc_close(svc);
		return cli_fail(rc, cause, "serve");
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = serve_on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	printf("zorgkluis: serving %s on %s://%s (Ctrl-C stops)\n", o.db,
	       o.tls_cert ? "https" : "http", o.listen);
	fflush(stdout);
	while (!serve_stop)
		pause();
	http_server_stop(h);
	rc = svc_checkpoint(svc, &cause);
	svc_close(svc);
	if (rc != 0)
		return cli_fail(rc, cause, "serve: final checkpoint");
	return CLI_OK;
}
