/*
 * error.c: the one table of error codes, their names, messages and HTTP
 * statuses. Every layer reports failures with these codes, so the HTTP
 * server and the CLI turn them into answers in one place.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/zk.h"

static const struct {
	int code;
	const char *name;
	const char *message;
	int http;
} error_table[] = {
    {ZK_OK, "ok", "success", 200},
    {ZK_ENOMEM, "no_memory", "out of memory", 503},
    {ZK_EINVAL, "invalid", "invalid input", 400},
    {ZK_ENOTFOUND, "not_found", "not found", 404},
    {ZK_EDENIED, "denied", "refused by the authorisation policy", 403},
    {ZK_EIO, "storage", "storage failure", 503},
    {ZK_ECORRUPT, "corrupt", "stored data is damaged", 503},
    {ZK_ETOOBIG, "too_big", "input too large", 413},
    {ZK_EEXIST, "exists", "already exists", 409},
    {ZK_ECRYPTO, "crypto", "key or cipher failure", 503},
    {ZK_EPROFILE, "profile", "invalid regulation profile", 503},
    {ZK_EAUDIT, "audit", "the audit log could not be written", 503},
    {ZK_EAUTH, "unauthenticated", "not authenticated", 401},
    {ZK_EBUSY, "busy", "busy, try again", 503},
    {ZK_ECONFLICT, "conflict", "not allowed in the current state", 409},
};

static int
error_index(int code)
{
	for (size_t i = 0; i < ZK_ARRAY_SIZE(error_table); i++)
		if (error_table[i].code == code)
			return (int)i;
	return -1;
}

const char *
zk_strerror(int code)
{
	int i = error_index(code);
	return i < 0 ? "unknown error" : error_table[i].message;
}

const char *
zk_errname(int code)
{
	int i = error_index(code);
	return i < 0 ? "error" : error_table[i].name;
}

int
zk_http_status(int code)
{
	int i = error_index(code);
	return i < 0 ? 503 : error_table[i].http;
}

int
zk_fail(char **cause, int code, const char *fmt, ...)
{
	va_list ap;
	char *msg;
	int n;

	if (cause == NULL || *cause != NULL)
		return code;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return code;
	msg = malloc((size_t)n + 1);
	if (msg == NULL)
		return code;
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)n + 1, fmt, ap);
	va_end(ap);
	*cause = msg;
	return code;
}

char *
zk_asprintf(const char *fmt, ...)
{
	va_list ap;
	char *msg;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	msg = malloc((size_t)n + 1);
	if (msg == NULL)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return msg;
}
