/*
 * h_web.c: the web application at / (docs/ui.md). Its files are compiled
 * into the binary (web_assets.h); this answers a GET or HEAD for them
 * with headers that keep the page to its own code: a Content-Security-
 * Policy without inline script, no framing, no sniffing, no referrer.
 * The application reaches data only through /api/v1, the one door.
 */
#include <string.h>

#include "http/http_int.h"
#include "http/web_assets.h"

/*
 * The page may run only its own script and style, draw images of its own
 * or the QR code's data: URL, preview a letter it fetched (blob:), and
 * talk only to its own server.
 */
#define H_WEB_CSP                                                              \
	"default-src 'none'; script-src 'self'; style-src 'self'; "            \
	"img-src 'self' data: blob:; connect-src 'self'; "                     \
	"frame-src 'self' blob:; object-src 'none'; base-uri 'none'; "         \
	"form-action 'self'; frame-ancestors 'none'"

static const struct web_asset *
h_web_find(const char *path)
{
	for (size_t i = 0; i < web_nassets; i++)
		if (strcmp(web_assets[i].path, path) == 0)
			return &web_assets[i];
	return NULL;
}

int
h_web_serve(const char *url, const char *method, struct http_resp *rs)
{
	const struct web_asset *a;

	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return 0;
	if (strncmp(url, "/api/", 5) == 0 || rs->fhir)
		return 0;
	/* The staff application and the client portal are one page. */
	if (strcmp(url, "/") == 0 || strcmp(url, "/portal") == 0 ||
	    strcmp(url, "/portal/") == 0)
		a = h_web_find("/index.html");
	else
		a = h_web_find(url);
	if (a == NULL)
		return 0;
	rs->status = 200;
	rs->asset = a;
	return 1;
}

const char *
h_web_csp(void)
{
	return H_WEB_CSP;
}
