/*
 * pdf.h: a small document renderer on cairo and pango, for the copy and
 * the letters of export.h. A document is built as a list of blocks
 * (headings, paragraphs, definition rows, tables) and rendered to an A4
 * PDF with margins, a running header (organisation, subject, date) and a
 * "pagina N van M" footer on every page.
 *
 * The builder functions keep the first error: after a failure every later
 * call does nothing and pdf_doc_render() returns that error, so a caller
 * can build a whole document and check once. Each returns the document's
 * error so far (0 or a negative ZK_E...). Text is UTF-8 and copied; NULL
 * text means "nothing here" and the block is skipped.
 */
#ifndef ZK_EXPORT_PDF_H
#define ZK_EXPORT_PDF_H

#include "core/zk.h"

#define PDF_MAXCOLS 8

struct pdf_doc;

/*
 * A new empty document in lang ("nl" or "en": the footer's words and the
 * catalog's /Lang, nl-NL or en-GB). NULL when out of memory or lang is
 * neither.
 */
struct pdf_doc *pdf_doc_new(const char *lang);
void pdf_doc_free(struct pdf_doc *d);

/*
 * The document information: title, author (the organisation) and the
 * creation time as "YYYY-MM-DDTHH:MM:SSZ" or "YYYY-MM-DD" (NULL: none).
 * The creator is always "zorgkluis".
 */
int pdf_doc_meta(struct pdf_doc *d, const char *title, const char *author,
		 const char *created);

/* The running header of every page; any of the three may be NULL. */
int pdf_doc_header(struct pdf_doc *d, const char *org, const char *subject,
		   const char *date);

/* A heading of level 1 (title), 2 (section) or 3 (subsection). */
int pdf_heading(struct pdf_doc *d, int level, const char *text);

/* A paragraph; line breaks in text are kept. */
int pdf_para(struct pdf_doc *d, const char *text);

/* A row of a definition list: term and value side by side. */
int pdf_def(struct pdf_doc *d, const char *term, const char *value);

/*
 * Starts a table of ncols (1 to PDF_MAXCOLS) columns; widths are the
 * columns' shares of the text width (summing to about 1) and head their
 * titles, repeated at the top of each page the table runs onto.
 */
int pdf_table(struct pdf_doc *d, int ncols, const double *widths,
	      const char *const *head);

/* A row of the table last started: ncols cells, NULL ones empty. */
int pdf_row(struct pdf_doc *d, const char *const *cells);

/* Vertical space in points. */
int pdf_space(struct pdf_doc *d, double pt);

/*
 * Renders the document and appends the PDF to out (ZK_ETOOBIG beyond its
 * limit). Returns the first error of the builder calls, if any, with its
 * cause. The document can be rendered again.
 */
int pdf_doc_render(struct pdf_doc *d, struct zk_buf *out, char **cause);

/*
 * Writes the calendar date iso ("YYYY-MM-DD", or the date part of a
 * time) in words in lang: "2 december 2026", "2 December 2026". Returns
 * ZK_EINVAL for anything else.
 */
int pdf_date_words(const char *iso, const char *lang, char *out, size_t n);

#endif
