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
};

/* Fills o with the defaults. */
void http_options_init(struct http_options *o);

/* Opens the database once per worker and starts serving. */
int http_server_start(const struct http_options *o, struct http_server **out,
		      char **cause);
/* The port actually bound. */
uint16_t http_server_port(const struct http_server *h);
void http_server_stop(struct http_server *h);

/* Test hook: makes the nth call of a store operation of the log writer fail. */
void http_server_fault_inject(struct http_server *h, const char *op, int nth);

#endif
