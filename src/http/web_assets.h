/*
 * web_assets.h: the web application, built from web/ by web/build.mjs and
 * compiled into the binary (generated/web_assets.c), so that zorgkluis
 * serves it with no files beside it and no CDN.
 */
#ifndef ZK_WEB_ASSETS_H
#define ZK_WEB_ASSETS_H

#include <stddef.h>

struct web_asset {
	const char *path; /* "/index.html", "/app.<hash>.js", ... */
	const char *type; /* its Content-Type */
	const unsigned char *data;
	size_t len;
	int immutable; /* named by its content: a browser may keep it */
};

extern const struct web_asset web_assets[];
extern const size_t web_nassets;

#endif
