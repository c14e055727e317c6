/*
 * fuzz_body.c: any bytes as the body of a request.
 *
 * Invariants: a body is parsed as the server parses it, and checked
 * against the shape of a write endpoint. What passes has only the
 * declared fields, each of its type and length, and every required one;
 * what fails gets a 400 with an error code. Nothing in between.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/http_int.h"

static const struct http_field fuzz_spec[] = {
    {"category", HTTP_STRING, 1, 15},	{"purpose", HTTP_STRING, 0, 47},
    {"valid_from", HTTP_DATE, 1, 0},	{"valid_until", HTTP_DATE, 0, 0},
    {"content", HTTP_OBJECT, 0, 0},	{"categories", HTTP_ARRAY, 0, 0},
    {"explicit", HTTP_BOOL, 0, 0},	{"limit", HTTP_INT, 0, 0},
    {"by", HTTP_STRING_OR_NULL, 0, 36}, {NULL, 0, 0, 0}};

static int
fuzz_valid(json_t *v, const struct http_field *f)
{
	size_t max = f->max ? f->max : 4096;
	int32_t day;

	switch (f->type) {
	case HTTP_STRING:
		return json_is_string(v) && json_string_length(v) > 0 &&
		       json_string_length(v) <= max &&
		       zk_utf8_valid(json_string_value(v),
				     json_string_length(v));
	case HTTP_STRING_OR_NULL:
		return json_is_null(v) ||
		       (json_is_string(v) && json_string_length(v) <= max);
	case HTTP_DATE:
		return (json_is_null(v) && !f->required) ||
		       (json_is_string(v) &&
			zk_date_parse(json_string_value(v), &day) == 0);
	case HTTP_OBJECT:
		return json_is_object(v);
	case HTTP_ARRAY:
		return json_is_array(v);
	case HTTP_BOOL:
		return json_is_boolean(v);
	case HTTP_INT:
		return json_is_integer(v);
	default:
		return 0;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http_req rq;
	struct http_resp rs;
	const char *k;
	json_t *v;

	memset(&rq, 0, sizeof rq);
	memset(&rs, 0, sizeof rs);
	rq.body =
	    json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
	if (rq.body == NULL)
		return 0;
	if (http_check_body(&rq, &rs, fuzz_spec) == 0) {
		if (!json_is_object(rq.body) || rs.body != NULL)
			abort();
		json_object_foreach(rq.body, k, v)
		{
			const struct http_field *f = fuzz_spec;

			while (f->name != NULL && strcmp(f->name, k) != 0)
				f++;
			if (f->name == NULL || !fuzz_valid(v, f))
				abort();
		}
		for (const struct http_field *f = fuzz_spec; f->name; f++)
			if (f->required &&
			    json_object_get(rq.body, f->name) == NULL)
				abort();
	} else {
		json_t *e = json_object_get(rs.body, "error");

		if ((rs.status != 400 && rs.status != 413) ||
		    !json_is_string(json_object_get(e, "code")))
			abort();
	}
	http_resp_release(&rs);
	json_decref(rq.body);
	return 0;
}
