/*
 * server.h: the HTTP JSON API under /api/v1 (docs/api.md).
 */
#ifndef ZK_HTTP_SERVER_H
#define ZK_HTTP_SERVER_H

#include <stdint.h>

struct http_server;

struct http_options {
	const char *db;
	const char *keys;     /* key directory, NULL: the default */
	const char *listen;   /* "ADDR:PORT"; port 0 picks a free one */
	const char *tls_cert; /* PEM files, both or neither */
	const char *tls_key;
	int threads;	      /* worker threads, each with a connection */
	int idle_timeout;     /* seconds a session may be idle */
	int absolute_timeout; /* seconds a session may last at most */
	/*
	 * Limits under stress (SEC-1, docs/api.md "Limits"): open connections
	 * that may make requests (more are answered 503, but for health in
	 * HTTP_RESERVE more), connections from one address, and the seconds
	 * a connection has for its request line and again for the rest of
	 * its header.
	 */
	int max_connections;
	int per_address;
	int header_timeout;
	/* The log's open end (LOG-3): milliseconds before new log entries
	 * are signed under a checkpoint. */
	int checkpoint_interval_ms;
};

/* Fills o with the defaults. */
void http_options_init(struct http_options *o);

/* Opens the database once per worker and starts serving. */
int http_server_start(const struct http_options *o, struct http_server **out,
		      char **cause);
/* The port actually bound. */
uint16_t http_server_port(const struct http_server *h);
/*
 * Stops in order: no new connections or requests (503), the requests
 * under way finish, the log writer commits what is queued and answers
 * the requests that waited for it, the chain heads are signed, then the
 * connections close. Returns nothing; a failed final checkpoint is told
 * on stderr (the caller signs again and reports it).
 */
void http_server_stop(struct http_server *h);

/* Test hook: makes the nth call of a store operation of the log writer fail. */
void http_server_fault_inject(struct http_server *h, const char *op, int nth);

#endif
