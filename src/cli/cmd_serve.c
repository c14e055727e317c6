/*
 * cmd_serve.c: zorgkluis serve. Runs the HTTP server until SIGINT or
 * SIGTERM, then stops it in order (http_server_stop), signs the audit
 * chain heads and exits 0.
 */
#include <getopt.h>
#include <pthread.h>
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
    "                       10 to 86400)\n"
    "  --max-connections N  open connections that may make requests\n"
    "                       (default 512); beyond them requests get 503,\n"
    "                       and 16 more are kept for /api/v1/health\n"
    "  --per-address N      open connections from one address (default "
    "256)\n"
    "  --header-timeout S   seconds for a request line, and again for the\n"
    "                       rest of the header (default 10)\n"
    "  --checkpoint-interval MS\n"
    "                       milliseconds before new log entries are signed\n"
    "                       under a checkpoint: the log's open window\n"
    "                       (default 1000)\n";

/* An integer option in [lo, hi], or -1 after saying what is wrong. */
static int
serve_int(const char *name, const char *arg, long lo, long hi, int *out)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (*end != '\0' || arg[0] == '\0' || v < lo || v > hi) {
		cli_error("serve: --%s must be %ld to %ld", name, lo, hi);
		return -1;
	}
	*out = (int)v;
	return 0;
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
	    {"max-connections", required_argument, NULL, 'm'},
	    {"per-address", required_argument, NULL, 'p'},
	    {"header-timeout", required_argument, NULL, 'H'},
	    {"checkpoint-interval", required_argument, NULL, 'C'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	struct http_options o;
	char *end;
	struct http_server *h = NULL;
	struct service *svc = NULL;
	sigset_t stop;
	char *cause = NULL;
	int c, rc, sig;

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
		case 'm':
			if (serve_int("max-connections", optarg, 1, 100000,
				      &o.max_connections) != 0)
				return CLI_USAGE;
			break;
		case 'p':
			if (serve_int("per-address", optarg, 1, 100000,
				      &o.per_address) != 0)
				return CLI_USAGE;
			break;
		case 'H':
			if (serve_int("header-timeout", optarg, 1, 3600,
				      &o.header_timeout) != 0)
				return CLI_USAGE;
			break;
		case 'C':
			if (serve_int("checkpoint-interval", optarg, 1,
				      3600 * 1000,
				      &o.checkpoint_interval_ms) != 0)
				return CLI_USAGE;
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
	/*
	 * SIGINT and SIGTERM are blocked in every thread (the server's
	 * inherit this mask) and taken here with sigwait(), so the stop
	 * always runs on this thread, in order, whichever thread the
	 * signal was sent to.
	 */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	/* Opened first: a bad database or key directory fails here. */
	if ((rc = svc_open(o.db, o.keys, 0, KEYS_ALL, &svc, &cause)) != 0)
		return cli_fail(rc, cause, "serve");
	if ((rc = http_server_start(&o, &h, &cause)) != 0) {
		svc_close(svc);
		return cli_fail(rc, cause, "serve");
	}
	printf("zorgkluis: serving %s on %s://%s (Ctrl-C stops)\n", o.db,
	       o.tls_cert ? "https" : "http", o.listen);
	fflush(stdout);
	while (sigwait(&stop, &sig) != 0)
		;
	http_server_stop(h);
	rc = svc_checkpoint(svc, &cause);
	svc_close(svc);
	if (rc != 0)
		return cli_fail(rc, cause, "serve: final checkpoint");
	return CLI_OK;
}
