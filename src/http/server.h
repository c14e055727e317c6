/*
 * server.h: the HTTP server (libmicrohttpd). This first version answers
 * the health endpoint and a JSON 404 for everything else; the API under
 * /api/v1 grows on the same server.
 */
#ifndef ZK_HTTP_SERVER_H
#define ZK_HTTP_SERVER_H

#include <stdint.h>

#include "service/service.h"

struct http_server;

/*
 * Starts serving svc on listen ("ADDR:PORT"; port 0 picks a free one).
 * The service must outlive the server.
 */
int http_server_start(struct service *svc, const char *listen,
		      struct http_server **out, char **cause);
/* The port actually bound. */
uint16_t http_server_port(const struct http_server *h);
void http_server_stop(struct http_server *h);

#endif
