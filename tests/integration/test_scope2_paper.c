/*
 * test_scope2_paper.c: manual (paper, filed) processing is in scope, and
 * a record may point to where its paper file is (SCOPE-2), on both
 * engines. Both shipped profiles give the care and medical categories a
 * field "paper_location": an entry may carry it, it is kept sealed with
 * the entry and read back as it was written; it is held to its type and
 * size like every field (PUR-4), and a category that declares none (work
 * notes) takes none.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "integration/api.h"

static char client_a[ZK_UUID_LEN], client_b[ZK_UUID_LEN];
static struct api_session anna, coco;

static int
setup(void **state)
{
	(void)state;
	api_start(0, 0);
	api_user(env.tenant_a, "anna", "professional", 1);
	api_user(env.tenant_b, "coco", "coordinator", 1);
	api_client(env.tenant_a, "Dijkstra", client_a);
	api_client(env.tenant_b, "Mulder", client_b);
	api_relation(env.tenant_a, client_a, "anna", "responsible");
	api_relation(env.tenant_b, client_b, "coco", "responsible");
	api_login_full(env.tenant_a, "a", "anna", &anna);
	api_login_full(env.tenant_b, "b", "coco", &coco);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	api_stop();
	return 0;
}

/*
 * POSTs an entry of category with content (JSON) to client as s; the
 * answer must be status. On 201 its id in id (when not NULL).
 */
static void
scope2_entry(const struct api_session *s, const char *client,
	     const char *category, const char *purpose, const char *content,
	     long status, char id[ZK_UUID_LEN])
{
	struct api_resp r;
	char path[160], *body;
	size_t n = strlen(content) + 256;

	body = malloc(n);
	assert_non_null(body);
	snprintf(body, n,
		 "{\"category\":\"%s\",\"purpose\":\"%s\","
		 "\"legal_basis\":\"contract\",\"content\":%s}",
		 category, purpose, content);
	snprintf(path, sizeof path, "/api/v1/clients/%s/entries", client);
	api_req("POST", path, body, NULL, s, 1, &r);
	if (r.status != status)
		fail_msg("%s %s: want %ld, got %ld %s", category, content,
			 status, r.status, r.raw ? r.raw : "");
	if (status == 201 && id != NULL)
		zk_strlcpy(id, json_string_value(json_object_get(r.json, "id")),
			   ZK_UUID_LEN);
	else if (status != 201)
		api_assert_error(&r, status, NULL);
	api_resp_free(&r);
	free(body);
}

/* The paper_location the entry id shows to s, or "" when it has none. */
static void
scope2_read(const struct api_session *s, const char *id, char *out, size_t n)
{
	struct api_resp r;
	char path[160];
	const char *v;

	snprintf(path, sizeof path, "/api/v1/entries/%s", id);
	api_req("GET", path, NULL, NULL, s, 1, &r);
	if (r.status != 200)
		fail_msg("GET %s: %ld %s", path, r.status, r.raw ? r.raw : "");
	v = json_string_value(json_object_get(
	    json_object_get(r.json, "content"), "paper_location"));
	zk_strlcpy(out, v != NULL ? v : "", n);
	api_resp_free(&r);
}

/* SCOPE-2: an entry of either profile points to its paper file. */
static void
test_scope2_paper_location_permit(void **state)
{
	char id[ZK_UUID_LEN], got[256];

	(void)state;
	ZK_RULE("SCOPE-2");
	/* MiCare Werkt: a care and a medical entry kept on paper too. */
	scope2_entry(&anna, client_a, "care", "care_delivery",
		     "{\"kind\":\"zorgplan\",\"text\":\"Zorgplan op papier "
		     "ondertekend.\",\"paper_location\":\"Archief Zwolle, "
		     "kast 3, map 12\"}",
		     201, id);
	scope2_read(&anna, id, got, sizeof got);
	assert_string_equal(got, "Archief Zwolle, kast 3, map 12");
	/* Sealed with the entry, like the rest of its content. */
	assert_int_equal(api_count("SELECT count(*) FROM entry WHERE "
				   "CAST(content AS TEXT) LIKE '%kast 3%'"),
			 0);
	scope2_entry(&anna, client_a, "medical", "care_delivery",
		     "{\"kind\":\"brief\",\"text\":\"Brief van de "
		     "huisarts.\",\"paper_location\":\"Dossierkast "
		     "verpleegpost B\"}",
		     201, id);
	scope2_read(&anna, id, got, sizeof got);
	assert_string_equal(got, "Dossierkast verpleegpost B");
	/* The pointer is optional: an entry without it has none. */
	scope2_entry(&anna, client_a, "care", "care_delivery",
		     "{\"kind\":\"rapportage\",\"text\":\"Rustige nacht.\"}",
		     201, id);
	scope2_read(&anna, id, got, sizeof got);
	assert_string_equal(got, "");
	/* WoondroomZorg: the same for its residents. */
	scope2_entry(&coco, client_b, "care", "care_guidance",
		     "{\"kind\":\"ondersteuningsplan\",\"text\":\"Plan.\","
		     "\"paper_location\":\"Kantoor, la 2\"}",
		     201, id);
	scope2_read(&coco, id, got, sizeof got);
	assert_string_equal(got, "Kantoor, la 2");
}

/* SCOPE-2: the pointer is a field like any other: its type, one line, its
 * size; and only where the category declares it. */
static void
test_scope2_paper_location_deny(void **state)
{
	char big[300], content[512], sql[160];
	int before;

	(void)state;
	ZK_RULE("SCOPE-2");
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM entry e JOIN subject s ON s.id = "
		 "e.subject_id WHERE s.uid = '%s'",
		 client_a);
	before = api_count(sql);
	scope2_entry(&anna, client_a, "care", "care_delivery",
		     "{\"kind\":\"zorgplan\",\"text\":\"x\","
		     "\"paper_location\":12}",
		     400, NULL);
	scope2_entry(&anna, client_a, "care", "care_delivery",
		     "{\"kind\":\"zorgplan\",\"text\":\"x\","
		     "\"paper_location\":\"kast 3\\nmap 12\"}",
		     400, NULL);
	scope2_entry(&anna, client_a, "care", "care_delivery",
		     "{\"kind\":\"zorgplan\",\"text\":\"x\","
		     "\"paper_location\":null}",
		     400, NULL);
	/* 201 bytes: one more than the profiles allow. */
	memset(big, 'k', 201);
	big[201] = '\0';
	snprintf(content, sizeof content,
		 "{\"kind\":\"zorgplan\",\"text\":\"x\","
		 "\"paper_location\":\"%s\"}",
		 big);
	scope2_entry(&anna, client_a, "care", "care_delivery", content, 413,
		     NULL);
	/* 200 bytes is still a pointer. */
	big[200] = '\0';
	snprintf(content, sizeof content,
		 "{\"kind\":\"zorgplan\",\"text\":\"x\","
		 "\"paper_location\":\"%s\"}",
		 big);
	scope2_entry(&anna, client_a, "care", "care_delivery", content, 201,
		     NULL);
	/* A professional's work notes are not the record (CAT-4): no
	 * paper file to point to. */
	scope2_entry(&anna, client_a, "work_note", "care_delivery",
		     "{\"text\":\"Eigen aantekening.\","
		     "\"paper_location\":\"Bureaula\"}",
		     400, NULL);
	/* Nothing refused was written: the 200 bytes' entry alone. */
	assert_int_equal(api_count(sql), before + 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_scope2_paper_location_permit),
	    cmocka_unit_test(test_scope2_paper_location_deny),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
