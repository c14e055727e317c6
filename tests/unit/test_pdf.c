/*
 * test_pdf.c: the copy and the letters as PDF (export_copy_pdf(),
 * export_letter_pdf()), read back with poppler's pdftotext, pdfinfo and
 * pdffonts: the copy of INZ-1 to INZ-6 with its withheld entries (INZ-2),
 * scheme and log (INZ-3) and never a work note (CAT-4); the letters of
 * RQ-2 to RQ-6 to the representative (REP-5) with the complaint routes
 * and the AP (RQ-5, CMP-1); fees only where set (RQ-4, INZ-6); A4,
 * embedded fonts, metadata and /Lang; long input paginated with repeated
 * table headers; bad input refused with a cause.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <jansson.h>
#include <pango/pangocairo.h>

#include "export/export.h"
#include "support/support.h"

/* What a rendered PDF reads as. */
struct pdf_read {
	char path[512];
	char *text;  /* pdftotext, whitespace collapsed; pages split by \f */
	char *info;  /* pdfinfo */
	char *fonts; /* pdffonts */
	int pages;
};

static json_t *
pdf_fixture(const char *name)
{
	char path[512];
	json_error_t err;
	json_t *j;

	snprintf(path, sizeof path, "%s/tests/fixtures/%s", ZK_SOURCE_DIR,
		 name);
	j = json_load_file(path, 0, &err);
	if (j == NULL)
		fail_msg("fixture %s: %s", path, err.text);
	return j;
}

/* Runs a command and returns its output (heap); fails unless it exits 0. */
static char *
pdf_run(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	char chunk[4096];

	assert_non_null(p);
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0) {
		if (len + n + 1 > cap) {
			cap = (len + n + 1) * 2;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		memcpy(buf + len, chunk, n);
		len += n;
	}
	if (buf == NULL)
		buf = calloc(1, 1);
	else
		buf[len] = '\0';
	if (pclose(p) != 0)
		fail_msg("command failed: %s", cmd);
	return buf;
}

/* Collapses each run of blanks and line breaks to one space, keeping \f. */
static void
pdf_squeeze(char *s)
{
	char *w = s;
	int space = 0;

	for (char *r = s; *r != '\0'; r++) {
		if (*r == ' ' || *r == '\n' || *r == '\t' || *r == '\r') {
			space = 1;
			continue;
		}
		if (space && w != s && *r != '\f' && w[-1] != '\f')
			*w++ = ' ';
		space = 0;
		*w++ = *r;
	}
	*w = '\0';
}

static void
pdf_tools(void)
{
	if (system("command -v pdftotext >/dev/null 2>&1 && "
		   "command -v pdfinfo >/dev/null 2>&1 && "
		   "command -v pdffonts >/dev/null 2>&1") != 0)
		fail_msg("pdftotext, pdfinfo and pdffonts are needed: install "
			 "poppler-utils (scripts/install-deps.sh)");
}

/* Writes the PDF into the test's temporary directory and reads it back. */
static void
pdf_read(const struct zk_buf *b, const char *name, struct pdf_read *r)
{
	char cmd[1100];
	const char *p;
	FILE *f;

	pdf_tools();
	memset(r, 0, sizeof *r);
	snprintf(r->path, sizeof r->path, "%s/%s.pdf", test_tmpdir(), name);
	f = fopen(r->path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(b->data, 1, b->len, f), b->len);
	assert_int_equal(fclose(f), 0);
	snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' -", r->path);
	r->text = pdf_run(cmd);
	pdf_squeeze(r->text);
	snprintf(cmd, sizeof cmd, "pdfinfo '%s'", r->path);
	r->info = pdf_run(cmd);
	snprintf(cmd, sizeof cmd, "pdffonts '%s'", r->path);
	r->fonts = pdf_run(cmd);
	p = strstr(r->info, "\nPages:");
	assert_non_null(p);
	r->pages = (int)strtol(p + 7, NULL, 10);
}

static void
pdf_read_release(struct pdf_read *r)
{
	remove(r->path);
	free(r->text);
	free(r->info);
	free(r->fonts);
}

static bool
pdf_has(const struct pdf_read *r, const char *s)
{
	return strstr(r->text, s) != NULL;
}

#define assert_text(r, s)                                                      \
	do {                                                                   \
		if (!pdf_has(r, s))                                            \
			fail_msg("\"%s\" is not in %s", s, (r)->path);         \
	} while (0)
#define assert_no_text(r, s)                                                   \
	do {                                                                   \
		if (pdf_has(r, s))                                             \
			fail_msg("\"%s\" is in %s", s, (r)->path);             \
	} while (0)

/* The last n-byte needle in the PDF's bytes (which hold NULs), or NULL. */
static const char *
pdf_bytes_last(const struct zk_buf *b, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = b->len >= k ? b->len - k + 1 : 0; i > 0; i--)
		if (memcmp(b->data + i - 1, needle, k) == 0)
			return (const char *)b->data + i - 1;
	return NULL;
}

/* Page i (from 1) of the text, copied (heap). */
static char *
pdf_page(const struct pdf_read *r, int i)
{
	const char *s = r->text, *e;

	while (--i > 0 && s != NULL)
		if ((s = strchr(s, '\f')) != NULL)
			s++;
	assert_non_null(s);
	e = strchr(s, '\f');
	return strndup(s, e != NULL ? (size_t)(e - s) : strlen(s));
}

/*
 * What every PDF must be: A4, its title set, created by zorgkluis, every
 * font embedded, /Lang in the catalog the last trailer names, the running
 * header and "pagina N van M" on every page.
 */
static void
pdf_check_common(const struct zk_buf *b, const struct pdf_read *r,
		 const char *lang, const char *org, const char *subject)
{
	char want[64], *line, *save = NULL, *fonts;
	const char *tr, *root, *obj, *end;
	long n;
	int nfonts = 0, past = 0;
	bool nl = strcmp(lang, "nl") == 0;

	assert_true(r->pages >= 1);
	assert_non_null(strstr(r->info, "Page size:       595.276 x 841.89 pts"
					" (A4)"));
	assert_non_null(strstr(r->info, "Creator:         zorgkluis\n"));
	assert_non_null(strstr(r->info, "Author:          WoondroomZorg\n"));
	assert_null(strstr(r->info, "Title:           \n"));
	assert_non_null(strstr(r->info, "Title:"));
	/* pdffonts: after two heading lines, one line per font. */
	fonts = strdup(r->fonts);
	for (line = strtok_r(fonts, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		char *tok[16];
		int nt = 0;
		char *s2 = NULL;

		if (strncmp(line, "----", 4) == 0) {
			past = 1;
			continue;
		}
		if (!past)
			continue;
		for (char *t = strtok_r(line, " ", &s2); t != NULL && nt < 16;
		     t = strtok_r(NULL, " ", &s2))
			tok[nt++] = t;
		/* ... emb sub uni object ID: emb is fifth from the end. */
		assert_true(nt >= 6);
		if (strcmp(tok[nt - 5], "yes") != 0)
			fail_msg("a font is not embedded: %s", tok[0]);
		nfonts++;
	}
	free(fonts);
	assert_true(nfonts >= 1);
	/* /Lang in the catalog that the last trailer's /Root names. */
	tr = pdf_bytes_last(b, "trailer");
	assert_non_null(tr);
	root = strstr(tr, "/Root ");
	assert_non_null(root);
	n = strtol(root + 6, NULL, 10);
	snprintf(want, sizeof want, "\n%ld 0 obj", n);
	obj = pdf_bytes_last(b, want);
	assert_non_null(obj);
	end = strstr(obj, "endobj");
	assert_non_null(end);
	snprintf(want, sizeof want, "/Lang (%s)", nl ? "nl-NL" : "en-GB");
	{
		char *cat = strndup(obj, (size_t)(end - obj));

		if (strstr(cat, want) == NULL)
			fail_msg("the catalog has no %s", want);
		assert_non_null(strstr(cat, "/Type /Catalog"));
		free(cat);
	}
	if (system("command -v qpdf >/dev/null 2>&1") == 0) {
		char cmd[700], *out;

		snprintf(cmd, sizeof cmd, "qpdf --check '%s' 2>&1", r->path);
		out = pdf_run(cmd);
		assert_non_null(strstr(out, "No syntax or stream encoding "
					    "errors"));
		free(out);
	}
	for (int i = 1; i <= r->pages; i++) {
		char *page = pdf_page(r, i);

		snprintf(want, sizeof want,
			 nl ? "pagina %d van %d" : "page %d of %d", i,
			 r->pages);
		if (strstr(page, want) == NULL || strstr(page, org) == NULL ||
		    strstr(page, subject) == NULL)
			fail_msg("page %d lacks the header or \"%s\"", i, want);
		free(page);
	}
}

static void
pdf_copy(const json_t *a, const char *lang, const char *name, struct zk_buf *b,
	 struct pdf_read *r)
{
	char *cause = NULL;
	int rc;

	zk_buf_init(b, 64u << 20);
	rc = export_copy_pdf(a, lang, b, &cause);
	if (rc != 0)
		fail_msg("export_copy_pdf: %s", cause);
	assert_memory_equal(b->data, "%PDF-", 5);
	pdf_read(b, name, r);
	pdf_check_common(b, r, lang, "WoondroomZorg", "Anaïs Çelik");
}

static void
test_copy_nl(void **state)
{
	json_t *a = pdf_fixture("assembly.json");
	struct zk_buf b;
	struct pdf_read r;
	const char *p10, *p5;

	ZK_RULE("INZ-1");
	ZK_RULE("INZ-2");
	ZK_RULE("INZ-3");
	ZK_RULE("INZ-4");
	ZK_RULE("INZ-6");
	ZK_RULE("REP-5");
	pdf_copy(a, "nl", "copy-nl", &b, &r);
	assert_non_null(strstr(r.info, "Title:           Afschrift: Anaïs "
				       "Çelik\n"));
	/* The names with their diacritics, as text (not as glyph soup). */
	assert_text(&r, "Anaïs");
	assert_text(&r, "Çelik");
	assert_text(&r, "Joost Vrée");
	assert_text(&r, "Bram Ruïne");
	assert_text(&r, "cliënt");
	assert_text(&r, "pagina 1 van");
	/* INZ-1: the sections of the copy. */
	assert_text(&r, "Afschrift van uw gegevens");
	assert_text(&r, "Uw identiteit");
	assert_text(&r, "Uw gegevens");
	assert_text(&r, "Toestemmingen");
	assert_text(&r, "Vertegenwoordigers");
	assert_text(&r, "Bezwaren");
	assert_text(&r, "Informatie die u kreeg");
	assert_text(&r, "Over de verwerking (art. 15 AVG)");
	assert_text(&r, "Bewaartermijnen");
	assert_text(&r, "15 jaar");
	assert_text(&r, "Autoriteit Persoonsgegevens");
	/* Each correction stands right below its original. */
	p10 = strstr(r.text, "Rustige nacht, 10 mg gegeven.");
	p5 = strstr(r.text, "Rustige nacht, 5 mg gegeven.");
	assert_non_null(p10);
	assert_non_null(p5);
	assert_true(p10 < p5);
	assert_text(&r, "verkeerde dosis genoteerd");
	/* INZ-2: what was withheld, with its reason. */
	assert_text(&r, "Niet verstrekte gegevens");
	assert_text(&r, "bevat gegevens over een medebewoner");
	/* INZ-3: the scheme and the log, a row of it. */
	assert_text(&r, "Wie toegang heeft tot uw gegevens");
	assert_text(&r, "Wie uw gegevens heeft gebruikt");
	assert_text(&r, "Anna de Vries");
	assert_text(&r, "Beroepsbeoefenaar");
	assert_text(&r, "ingezien");
	assert_text(&r, "ingezien: zorggegevens");
	assert_text(&r, "zorgrelatie");
	/* INZ-4: an offer, INZ-6: free, REP-5: to the representative. */
	assert_text(&r, "Dat is een aanbod");
	assert_text(&r, "het eerste afschrift is kosteloos");
	assert_text(&r,
		    "verstrekt aan Joost Vrée (curator), namens Anaïs Çelik");
	/* Nothing English in the Dutch copy. */
	assert_no_text(&r, "Your data");
	assert_no_text(&r, "page 1 of");
	pdf_read_release(&r);
	zk_buf_release(&b);
	json_decref(a);
}

static void
test_copy_en(void **state)
{
	json_t *a = pdf_fixture("assembly.json");
	struct zk_buf b;
	struct pdf_read r;

	ZK_RULE("INZ-1");
	ZK_RULE("INZ-3");
	pdf_copy(a, "en", "copy-en", &b, &r);
	assert_non_null(strstr(r.info, "Title:           Copy: Anaïs Çelik\n"));
	assert_text(&r, "Copy of your data");
	assert_text(&r, "page 1 of");
	assert_text(&r, "Your identity");
	assert_text(&r, "Your data");
	assert_text(&r, "Data withheld");
	assert_text(&r, "About the processing (GDPR art. 15)");
	assert_text(&r, "Who has access to your data");
	assert_text(&r, "Who used your data");
	assert_text(&r, "Care delivery and support of client care");
	assert_text(&r, "on behalf of Anaïs Çelik");
	assert_text(&r, "the first copy is free of charge");
	assert_no_text(&r, "Uw gegevens");
	assert_no_text(&r, "pagina 1 van");
	pdf_read_release(&r);
	zk_buf_release(&b);
	json_decref(a);
}

/* The language of the assembly when none is asked; appended to out. */
static void
test_copy_lang_default_and_append(void **state)
{
	json_t *a = pdf_fixture("assembly.json");
	struct zk_buf b;
	char *cause = NULL;

	zk_buf_init(&b, 0);
	assert_int_equal(zk_buf_append(&b, "XYZ", 3), 0);
	assert_int_equal(export_copy_pdf(a, NULL, &b, &cause), 0);
	assert_memory_equal(b.data, "XYZ%PDF-", 8);
	assert_non_null(pdf_bytes_last(&b, "/Lang (nl-NL)"));
	zk_buf_release(&b);
	/* Too small a limit is ZK_ETOOBIG, not a truncated PDF. */
	zk_buf_init(&b, 2000);
	assert_int_equal(export_copy_pdf(a, "nl", &b, &cause), ZK_ETOOBIG);
	assert_non_null(cause);
	free(cause);
	zk_buf_release(&b);
	json_decref(a);
}

/* CAT-4: a work note never reaches the copy, wherever it stands. */
static void
test_copy_no_work_notes(void **state)
{
	json_t *a = pdf_fixture("assembly.json");
	json_t *cats = json_object_get(a, "categories");
	json_t *care = json_object_get(json_array_get(cats, 0), "entries");
	struct zk_buf b;
	struct pdf_read r;

	ZK_RULE("CAT-4");
	json_array_append_new(
	    care, json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:s}}", "id",
			    "9b9e0a11-0000-4000-8000-0000000000aa", "category",
			    "work_note", "author_name", "Anna de Vries",
			    "created_at", "2026-11-25T10:00:00Z", "content",
			    "kind", "werkaantekening", "text",
			    "Eigen notitie xyzzy over de moeder"));
	json_array_append_new(
	    cats,
	    json_pack("{s:s, s:s, s:s, s:[{s:s, s:s, s:{s:s}}]}", "category",
		      "work_note", "name_nl", "Werkaantekeningen plugh",
		      "name_en", "Work notes plugh", "entries", "id",
		      "9b9e0a11-0000-4000-8000-0000000000ab", "category",
		      "work_note", "content", "text", "Tweede notitie plugh"));
	pdf_copy(a, "nl", "copy-worknote", &b, &r);
	assert_no_text(&r, "xyzzy");
	assert_no_text(&r, "plugh");
	assert_no_text(&r, "werkaantekening");
	/* The rest of the copy is still there. */
	assert_text(&r, "Rustige nacht, 5 mg gegeven.");
	assert_text(&r, "Telefoon 06-12345678");
	pdf_read_release(&r);
	zk_buf_release(&b);
	json_decref(a);
}

/*
 * A long copy: 300 log lines and an entry of many pages paginate, with
 * the log's header row on every page it runs onto, "van M" right on
 * every page, and no line lost.
 */
static void
test_copy_long(void **state)
{
	json_t *a = pdf_fixture("assembly.json");
	json_t *log = json_object_get(a, "log"), *row0 = json_array_get(log, 0);
	json_t *entry = json_array_get(
	    json_object_get(json_array_get(json_object_get(a, "categories"), 1),
			    "entries"),
	    0);
	struct zk_buf b, text;
	struct pdf_read r;
	char who[32];
	int first_log = 0;

	ZK_RULE("INZ-3");
	zk_buf_init(&text, 0);
	for (int i = 0; i < 2500; i++) {
		char w[32];

		snprintf(w, sizeof w, "woord%d ", i);
		assert_int_equal(zk_buf_append(&text, w, strlen(w)), 0);
		if (i % 120 == 119)
			assert_int_equal(zk_buf_append(&text, "\n", 1), 0);
	}
	assert_int_equal(zk_buf_append(&text, "SLOTWOORD", 9), 0);
	json_object_set_new(json_object_get(entry, "content"), "text",
			    json_string((char *)text.data));
	zk_buf_release(&text);
	for (int i = 1; i <= 300; i++) {
		json_t *row = json_deep_copy(row0);

		snprintf(who, sizeof who, "Medewerker%03d", i);
		json_object_set_new(row, "who", json_string(who));
		json_array_append_new(log, row);
	}
	pdf_copy(a, "nl", "copy-long", &b, &r);
	assert_true(r.pages >= 8);
	assert_text(&r, "woord0 woord1");
	assert_text(&r, "woord2499 SLOTWOORD");
	for (int i = 1; i <= 300; i++) {
		snprintf(who, sizeof who, "Medewerker%03d", i);
		assert_text(&r, who);
	}
	/* From the log's first page on, each page has its header row. */
	for (int i = 1; i <= r.pages; i++) {
		char *page = pdf_page(&r, i);

		if (strstr(page, "Wie uw gegevens heeft gebruikt") != NULL)
			first_log = i;
		if (first_log > 0 && i > first_log &&
		    strstr(page, "Medewerker") != NULL &&
		    (strstr(page, "Datum") == NULL ||
		     strstr(page, "Aantal") == NULL))
			fail_msg("page %d of the log lacks the header row", i);
		free(page);
	}
	assert_true(first_log > 0 && first_log < r.pages);
	pdf_read_release(&r);
	zk_buf_release(&b);
	json_decref(a);
}

/*
 * Text far longer than pango can lay out in one piece: a paragraph of
 * 90,000 words (wider, unbroken, than pango's int units reach) and a
 * 30,000-character word in a table cell come out whole.
 */
static void
test_copy_huge_text(void **state)
{
	json_t *a = pdf_fixture("assembly.json");
	json_t *entry = json_array_get(
	    json_object_get(json_array_get(json_object_get(a, "categories"), 1),
			    "entries"),
	    0);
	json_t *withheld = json_array_get(json_object_get(a, "withheld"), 0);
	struct zk_buf b, text;
	struct pdf_read r;
	const char *p;
	int words = 0;

	ZK_RULE("INZ-1");
	zk_buf_init(&text, 0);
	for (int i = 0; i < 90000; i++)
		assert_int_equal(zk_buf_append(&text, "kwak ", 5), 0);
	assert_int_equal(zk_buf_append(&text, "EINDE", 5), 0);
	json_object_set_new(json_object_get(entry, "content"), "text",
			    json_string((char *)text.data));
	zk_buf_release(&text);
	zk_buf_init(&text, 0);
	for (int i = 0; i < 30000; i++)
		assert_int_equal(zk_buf_append(&text, "Q", 1), 0);
	json_object_set_new(withheld, "reason", json_string((char *)text.data));
	zk_buf_release(&text);
	pdf_copy(a, "nl", "copy-huge", &b, &r);
	for (p = r.text; (p = strstr(p, "kwak")) != NULL; p += 4)
		words++;
	assert_int_equal(words, 90000);
	assert_text(&r, "kwak EINDE");
	words = 0;
	for (p = r.text; *p != '\0'; p++)
		words += *p == 'Q';
	assert_int_equal(words, 30000);
	pdf_read_release(&r);
	zk_buf_release(&b);
	json_decref(a);
}

/* Renders a letter; NULL fields of the fixture changed by the caller. */
static void
pdf_letter(const json_t *l, const char *name, struct zk_buf *b,
	   struct pdf_read *r)
{
	const char *lang = json_string_value(json_object_get(l, "lang"));
	char *cause = NULL;
	int rc;

	zk_buf_init(b, 16u << 20);
	rc = export_letter_pdf(l, b, &cause);
	if (rc != 0)
		fail_msg("export_letter_pdf: %s", cause);
	pdf_read(b, name, r);
	pdf_check_common(b, r, lang, "WoondroomZorg", "Anaïs Çelik");
	assert_int_equal(r->pages, 1);
}

static json_t *
pdf_letter_of(const char *kind, const char *lang)
{
	json_t *l = pdf_fixture("letter.json");
	json_t *req = json_object_get(l, "request");

	json_object_set_new(l, "letter", json_string(kind));
	json_object_set_new(l, "lang", json_string(lang));
	json_object_set_new(req, "extended_due", json_string("2027-02-22"));
	return l;
}

static void
test_letter_acknowledgement(void **state)
{
	json_t *l = pdf_letter_of("acknowledgement", "nl");
	struct zk_buf b;
	struct pdf_read r;

	ZK_RULE("RQ-6");
	ZK_RULE("REP-5");
	ZK_RULE("INZ-6");
	ZK_RULE("RQ-4");
	pdf_letter(l, "ack", &b, &r);
	assert_non_null(
	    strstr(r.info, "Title:           Ontvangstbevestiging"));
	assert_text(&r, "Joost Vrée namens Anaïs Çelik, geboren 30 april 2009");
	assert_text(&r, "Geachte Joost Vrée,");
	assert_text(&r, "Op 20 november 2026 hebben wij uw verzoek om een "
			"afschrift ontvangen");
	assert_text(&r, "uiterlijk op 21 december 2026");
	assert_text(&r, "het eerste afschrift is kosteloos");
	assert_no_text(&r, "in rekening");
	pdf_read_release(&r);
	zk_buf_release(&b);
	/* RQ-4: a fee appears only when the request carries one. */
	json_object_set_new(json_object_get(l, "request"), "fee",
			    json_string("EUR 5,00"));
	pdf_letter(l, "ack-fee", &b, &r);
	assert_text(&r, "EUR 5,00 in rekening");
	assert_no_text(&r, "kosteloos");
	pdf_read_release(&r);
	zk_buf_release(&b);
	json_decref(l);
}

/*
 * REP-5: a letter to a representative says in what capacity they receive
 * it and that the subject's rights are exercised by them; INZ-5: a
 * relative receives it as next of kin, without a right of their own.
 */
static void
test_letter_capacity(void **state)
{
	json_t *l = pdf_letter_of("acknowledgement", "nl");
	json_t *to = json_object_get(l, "addressee");
	struct zk_buf b;
	struct pdf_read r;

	(void)state;
	ZK_RULE("REP-5");
	ZK_RULE("INZ-5");
	pdf_letter(l, "capacity", &b, &r);
	assert_text(&r, "als curator van");
	assert_text(&r, "oefent");
	assert_text(&r, "verschuldigd");
	pdf_read_release(&r);
	zk_buf_release(&b);
	json_object_set_new(to, "basis", json_string("parent_with_authority"));
	json_object_set_new(l, "lang", json_string("en"));
	pdf_letter(l, "capacity-en", &b, &r);
	assert_text(&r, "as the parent with authority of");
	assert_text(&r, "exercise the rights");
	pdf_read_release(&r);
	zk_buf_release(&b);
	json_object_set_new(to, "kind", json_string("next_of_kin"));
	json_object_set_new(to, "basis", json_string("parent"));
	json_object_set_new(l, "lang", json_string("nl"));
	pdf_letter(l, "kin", &b, &r);
	assert_text(&r, "inzake wijlen");
	assert_text(&r, "als ouder van");
	assert_text(&r, "geen eigen recht");
	assert_no_text(&r, "oefent");
	pdf_read_release(&r);
	zk_buf_release(&b);
	json_decref(l);
}

static void
test_letter_identity(void **state)
{
	json_t *l = pdf_letter_of("identity", "nl");
	struct zk_buf b;
	struct pdf_read r;

	ZK_RULE("RQ-3");
	pdf_letter(l, "identity", &b, &r);
	assert_text(&r, "Verzoek om bewijs van uw identiteit");
	assert_text(&r, "staat stil totdat wij het bewijs van uw identiteit "
			"hebben ontvangen");
	pdf_read_release(&r);
	zk_buf_release(&b);
	json_decref(l);
	l = pdf_letter_of("identity", "en");
	pdf_letter(l, "identity-en", &b, &r);
	assert_text(&r, "is suspended until we have received the proof");
	assert_text(&r, "page 1 of 1");
	pdf_read_release(&r);
	zk_buf_release(&b);
	json_decref(l);
}

static void
test_letter_extension(void **state)
{
	json_t *l = pdf_letter_of("extension", "nl");
	struct zk_buf b;
	struct pdf_read r;
	char *cause = NULL;

	ZK_RULE("RQ-2");
	pdf_letter(l, "extension", &b, &r);
	assert_text(&r, "Verlenging van de termijn");
	assert_text(&r, "met twee maanden");
	assert_text(&r, "uiterlijk op 21 december 2026");
	assert_text(&r, "uiterlijk op 22 februari 2027");
	pdf_read_release(&r);
	zk_buf_release(&b);
	/* No extended due date, no extension letter. */
	json_object_set_new(json_object_get(l, "request"), "extended_due",
			    json_null());
	zk_buf_init(&b, 0);
	assert_int_equal(export_letter_pdf(l, &b, &cause), ZK_EINVAL);
	assert_non_null(strstr(cause, "request.extended_due"));
	free(cause);
	zk_buf_release(&b);
	json_decref(l);
}

static void
test_letter_decision(void **state)
{
	json_t *l = pdf_fixture("letter.json");
	json_t *req = json_object_get(l, "request");
	struct zk_buf b;
	struct pdf_read r;
	char *cause = NULL;

	ZK_RULE("RQ-5");
	ZK_RULE("RQ-6");
	ZK_RULE("INZ-2");
	ZK_RULE("CMP-1");
	ZK_RULE("REP-5");
	/* The fixture: partly granted, to the curator. */
	pdf_letter(l, "decision-partly", &b, &r);
	assert_non_null(strstr(r.info, "Title:           Besluit op uw "
				       "verzoek\n"));
	assert_text(&r, "namens Anaïs Çelik");
	assert_text(&r, "U ontvangt deze brief als curator van Anaïs");
	assert_text(&r, "gedeeltelijk ingewilligd");
	assert_text(&r, "Onze redenen");
	assert_text(&r, "persoonlijke levenssfeer van die cliënt");
	assert_text(&r, "9b9e0a11-0000-4000-8000-");
	assert_text(&r, "bevat gegevens over een medebewoner");
	assert_text(&r, "het bestuur van het ouderinitiatief");
	assert_text(&r, "de directie van WoondroomZorg");
	assert_text(&r, "Autoriteit Persoonsgegevens");
	assert_text(&r, "het eerste afschrift is kosteloos");
	pdf_read_release(&r);
	zk_buf_release(&b);

	/* Refused, in English, to the subject, no routes of its own: the
	 * AP is still named. */
	json_object_set_new(l, "lang", json_string("en"));
	json_object_set_new(
	    l, "addressee",
	    json_pack("{s:s, s:s}", "kind", "subject", "name", "Anaïs Çelik"));
	json_object_set_new(req, "decision", json_string("refused"));
	json_object_set_new(req, "withheld", json_array());
	json_object_del(json_object_get(l, "organisation"), "complaints");
	json_object_del(json_object_get(l, "organisation"), "authority");
	pdf_letter(l, "decision-refused", &b, &r);
	assert_text(&r, "Decision on your request");
	assert_text(&r, "We have refused it.");
	assert_text(&r, "Our reasons");
	assert_text(&r, "Autoriteit Persoonsgegevens");
	assert_text(&r, "autoriteitpersoonsgegevens.nl");
	assert_text(&r, "Dear Anaïs Çelik,");
	assert_no_text(&r, "on behalf of");
	assert_no_text(&r, "Data withheld");
	pdf_read_release(&r);
	zk_buf_release(&b);

	/* Granted: no reasons needed. */
	json_object_set_new(req, "decision", json_string("granted"));
	json_object_set_new(req, "reasons", json_null());
	pdf_letter(l, "decision-granted", &b, &r);
	assert_text(&r, "We have granted it.");
	assert_text(&r, "the first copy is free");
	pdf_read_release(&r);
	zk_buf_release(&b);

	/* RQ-5: a refusal without reasons is not written. */
	json_object_set_new(req, "decision", json_string("refused"));
	zk_buf_init(&b, 0);
	assert_int_equal(export_letter_pdf(l, &b, &cause), ZK_EINVAL);
	assert_non_null(strstr(cause, "RQ-5"));
	assert_int_equal(b.len, 0);
	free(cause);
	zk_buf_release(&b);
	json_decref(l);
}

/* Bad input: ZK_EINVAL with a cause naming the field, never a crash. */
struct pdf_bad {
	const char *doc;  /* "copy" or "letter" */
	const char *path; /* "a.b": set the field; "-a.b": delete it */
	const char *json; /* the new value */
	const char *cause;
};

static const struct pdf_bad pdf_bads[] = {
    {"copy", "organisation", "\"WoondroomZorg\"", "organisation"},
    {"copy", "-organisation", NULL, "organisation.name"},
    {"copy", "subject.identity", "[1]", "subject.identity"},
    {"copy", "-subject", NULL, "subject.identity"},
    {"copy", "categories", "{}", "assembly.categories"},
    {"copy", "categories", "[3]", "categories"},
    {"copy", "log", "[{\"date\": 5}]", "log[].date"},
    {"copy", "log", "[{\"times\": \"3\"}]", "log[].times"},
    {"copy", "consents", "[{\"categories\": \"care\"}]", "categories"},
    {"copy", "lang", "\"fr\"", "fr"},
    {"copy", "art15.purposes", "7", "art15.purposes"},
    {"copy", "representatives", "[{\"declines\": \"no\"}]", "declines"},
    {"letter", "letter", "\"threat\"", "letter.letter"},
    {"letter", "letter", "4", "letter.letter"},
    {"letter", "lang", "\"de\"", "letter.lang"},
    {"letter", "date", "\"2026-02-30\"", "letter.date"},
    {"letter", "-request", NULL, "request"},
    {"letter", "-addressee", NULL, "addressee"},
    {"letter", "addressee.kind", "\"neighbour\"", "addressee.kind"},
    {"letter", "-subject.name", NULL, "subject.name"},
    {"letter", "request.received", "\"gisteren\"", "request.received"},
    {"letter", "request.decision", "\"maybe\"", "request.decision"},
    {"letter", "request.withheld", "[{\"entry\": \"x\"}]",
     "request.withheld[].reason"},
    {"letter", "organisation.complaints", "{}", "organisation.complaints"},
};

static void
test_bad_input(void **state)
{
	struct zk_buf b;
	char *cause = NULL;

	ZK_RULE("RQ-5");
	for (size_t i = 0; i < ZK_ARRAY_SIZE(pdf_bads); i++) {
		const struct pdf_bad *t = &pdf_bads[i];
		bool copy = strcmp(t->doc, "copy") == 0;
		json_t *doc =
		    pdf_fixture(copy ? "assembly.json" : "letter.json");
		json_t *parent = doc;
		char path[64], *dot, *key;
		int rc;

		zk_strlcpy(path, t->path[0] == '-' ? t->path + 1 : t->path,
			   sizeof path);
		key = path;
		while ((dot = strchr(key, '.')) != NULL) {
			*dot = '\0';
			parent = json_object_get(parent, key);
			key = dot + 1;
		}
		if (t->path[0] == '-')
			json_object_del(parent, key);
		else
			json_object_set_new(
			    parent, key,
			    json_loads(t->json, JSON_DECODE_ANY, NULL));
		zk_buf_init(&b, 0);
		rc = copy ? export_copy_pdf(doc, NULL, &b, &cause)
			  : export_letter_pdf(doc, &b, &cause);
		if (rc != ZK_EINVAL || cause == NULL ||
		    strstr(cause, t->cause) == NULL)
			fail_msg("%s %s: rc %d, cause %s", t->doc, t->path, rc,
				 cause != NULL ? cause : "(none)");
		assert_int_equal(b.len, 0);
		free(cause);
		cause = NULL;
		/* And without a cause to fill. */
		assert_int_equal(copy ? export_copy_pdf(doc, NULL, &b, NULL)
				      : export_letter_pdf(doc, &b, NULL),
				 ZK_EINVAL);
		zk_buf_release(&b);
		json_decref(doc);
	}
	zk_buf_init(&b, 0);
	assert_int_equal(export_copy_pdf(NULL, "nl", &b, &cause), ZK_EINVAL);
	free(cause);
	cause = NULL;
	assert_int_equal(export_letter_pdf(NULL, &b, &cause), ZK_EINVAL);
	free(cause);
	zk_buf_release(&b);
}

/* Optional fields missing: the copy is made with what there is. */
static void
test_copy_minimal(void **state)
{
	json_t *a = json_pack("{s:{s:s}, s:{s:{s:s}}}", "organisation", "name",
			      "WoondroomZorg", "subject", "identity",
			      "family_name", "Anaïs Çelik");
	struct zk_buf b;
	struct pdf_read r;

	ZK_RULE("INZ-1");
	pdf_copy(a, "nl", "copy-minimal", &b, &r);
	assert_text(&r, "Afschrift van uw gegevens");
	assert_no_text(&r, "Niet verstrekte gegevens");
	pdf_read_release(&r);
	zk_buf_release(&b);
	json_decref(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_copy_nl),
	    cmocka_unit_test(test_copy_en),
	    cmocka_unit_test(test_copy_lang_default_and_append),
	    cmocka_unit_test(test_copy_no_work_notes),
	    cmocka_unit_test(test_copy_long),
	    cmocka_unit_test(test_copy_huge_text),
	    cmocka_unit_test(test_copy_minimal),
	    cmocka_unit_test(test_letter_acknowledgement),
	    cmocka_unit_test(test_letter_identity),
	    cmocka_unit_test(test_letter_capacity),
	    cmocka_unit_test(test_letter_extension),
	    cmocka_unit_test(test_letter_decision),
	    cmocka_unit_test(test_bad_input),
	};

	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	/* Pango's font map and cairo's font caches live for the process;
	 * freed here so that LeakSanitizer sees only our own memory. */
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	return rc;
}
