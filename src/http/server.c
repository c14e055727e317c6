/*
 * server.c: the HTTP server on libmicrohttpd. Every answer is JSON; errors
 * have the shape {"error":{"code":...,"message":...,"rule":...}}.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <jansson.h>
#include <microhttpd.h>

#include "http/server.h"

struct http_server {
	struct MHD_Daemon *daemon;
	struct service *svc;
	uint16_t port;
};

static enum MHD_Result
http_send_json(struct MHD_Connection *c, unsigned status, json_t *body)
{
	char *text = json_dumps(body, JSON_COMPACT);
	struct MHD_Response *r;
	enum MHD_Result ret;

	json_decref(body);
	if (text == NULL)
		return MHD_NO;
	r = MHD_create_response_from_buffer(strlen(text), text,
					    MHD_RESPMEM_MUST_FREE);
	if (r == NULL) {
		free(text);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type",
				"application/json; charset=utf-8");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result
http_error(struct MHD_Connection *c, unsigned status, const char *code,
	   const char *message)
{
	return http_send_json(c, status,
			      json_pack("{s:{s:s, s:s, s:n}}", "error", "code",
					code, "message", message, "rule"));
}

static enum MHD_Result
http_handle(void *cls, struct MHD_Connection *c, const char *url,
	    const char *method, const char *version, const char *upload,
	    size_t *upload_size, void **state)
{
	static int first;

	(void)cls;
	(void)version;
	(void)upload;
	if (*state == NULL) {
		*state = &first;
		return MHD_YES;
	}
	if (*upload_size != 0) {
		*upload_size = 0;
		return MHD_YES;
	}
	if (strcmp(url, "/api/v1/health") == 0) {
		if (strcmp(method, "GET") != 0)
			return http_error(c, 405, "method_not_allowed",
					  "use GET");
		return http_send_json(c, 200,
				      json_pack("{s:s}", "status", "ok"));
	}
	return http_error(c, 404, "not_found", "no such endpoint");
}

static int
http_parse_listen(const char *listen, struct sockaddr_in *sa)
{
	char host[64];
	const char *colon = strrchr(listen, ':');
	char *end;
	long port;

	if (colon == NULL || (size_t)(colon - listen) >= sizeof host)
		return -1;
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	port = strtol(colon + 1, &end, 10);
	if (*end != '\0' || colon[1] == '\0' || port < 0 || port > 65535)
		return -1;
	memset(sa, 0, sizeof *sa);
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	if (strcmp(host, "localhost") == 0)
		zk_strlcpy(host, "127.0.0.1", sizeof host);
	return inet_pton(AF_INET, host, &sa->sin_addr) == 1 ? 0 : -1;
}

int
http_server_start(struct service *svc, const char *listen,
		  struct http_server **out, char **cause)
{
	struct http_server *h;
	struct sockaddr_in sa;
	const union MHD_DaemonInfo *info;

	*out = NULL;
	if (listen == NULL || http_parse_listen(listen, &sa) != 0)
		return zk_fail(cause, ZK_EINVAL,
			       "listen address must be IPv4ADDR:PORT, e.g. "
			       "127.0.0.1:8080");
	h = calloc(1, sizeof *h);
	if (h == NULL)
		return ZK_ENOMEM;
	h->svc = svc;
	h->daemon = MHD_start_daemon(
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL_LINUX_ONLY, 0, NULL,
	    NULL, http_handle, h, MHD_OPTION_SOCK_ADDR, &sa,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(256 * 1024),
	    MHD_OPTION_END);
	if (h->daemon == NULL) {
		free(h);
		return zk_fail(cause, ZK_EIO,
			       "cannot listen on %s (in use, or not an "
			       "address of this machine)",
			       listen);
	}
	info = MHD_get_daemon_info(h->daemon, MHD_DAEMON_INFO_BIND_PORT);
	h->port = info ? info->port : ntohs(sa.sin_port);
	*out = h;
	return 0;
}

uint16_t
http_server_port(const struct http_server *h)
{
	return h->port;
}

void
http_server_stop(struct http_server *h)
{
	if (h == NULL)
		return;
	MHD_stop_daemon(h->daemon);
	free(h);
}
