/*
 * pdf.c: the document renderer of pdf.h.
 *
 * The document is rendered twice: the first pass lays it out on a PDF
 * surface whose bytes are thrown away, only to count the pages, so that
 * the second can write "pagina N van M". Both passes run the same code on
 * the same kind of surface with hinting off, so they break pages alike.
 *
 * Text goes through pango (shaping, diacritics, line breaking) and cairo
 * embeds a subset of each font it uses. Cells, paragraphs and definition
 * rows flow line by line over page breaks, so that no text is lost to a
 * page end however long it is; a table repeats its header row at the top
 * of every page it runs onto.
 *
 * cairo 1.16 cannot set the catalog's /Lang, which a reader (and PDF/A,
 * and a screen reader) needs to know the language of the text, so it is
 * added afterwards as a PDF incremental update: a new catalog object that
 * copies the old catalog's dictionary and adds /Lang, a cross-reference
 * section for it, and a trailer whose /Root names it and whose /Prev
 * points back to cairo's section (ISO 32000-1, 7.5.6).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "export/pdf.h"

/* A4 in points, and the page's furniture. */
#define PDF_W 595.2756
#define PDF_H 841.8898
#define PDF_MARGIN 56.7 /* 20 mm */
#define PDF_TOP 72.0	/* the body starts below the running header */
#define PDF_BOTTOM (PDF_H - 62.0)
#define PDF_TEXTW (PDF_W - 2 * PDF_MARGIN)
#define PDF_FONT "DejaVu Sans"

/*
 * Pango shapes a paragraph as one line before it breaks it, in int pango
 * units: a paragraph wider than INT_MAX / PANGO_SCALE points (some 50,000
 * words) overflows and comes out as one line, and a word thousands of
 * characters long takes time quadratic in its length to break. Text is
 * therefore cut into paragraphs of at most PDF_PARA_MAX bytes (at a
 * space) and words of at most PDF_WORD_MAX bytes before layout.
 */
#define PDF_PARA_MAX 16384
#define PDF_WORD_MAX 2048

/* Caps on what input can make the document grow to. */
#define PDF_MAXBLOCKS 200000

enum pdf_kind {
	PDF_HEADING,
	PDF_PARA,
	PDF_DEF,
	PDF_TABLE,
	PDF_ROW,
	PDF_SPACE,
};

struct pdf_block {
	enum pdf_kind kind;
	int level; /* a heading's */
	int ncols; /* a table's or a row's */
	double pt; /* a space's */
	int table; /* a row's table: the index of its PDF_TABLE block */
	double widths[PDF_MAXCOLS];
	char *text[PDF_MAXCOLS];
};

struct pdf_doc {
	char lang[3];
	char *title, *author, *created;
	char *hdr[3]; /* organisation, subject, date */
	struct pdf_block *blocks;
	size_t nblocks, cap;
	int rc;
	char *cause;
};

/* The fonts of the document. */
enum pdf_font {
	PDF_F_BODY,
	PDF_F_BOLD,
	PDF_F_H1,
	PDF_F_H2,
	PDF_F_H3,
	PDF_F_SMALL,
	PDF_F_CELL,
	PDF_F_CELLB,
	PDF_F_COUNT
};

/* Sizes in points: the pango context is set to 72 dpi. */
static const char *const pdf_fonts[PDF_F_COUNT] = {
    PDF_FONT " 10.5",	   PDF_FONT " Bold 10.5", PDF_FONT " Bold 17",
    PDF_FONT " Bold 13.5", PDF_FONT " Bold 11",	  PDF_FONT " 8",
    PDF_FONT " 8.5",	   PDF_FONT " Bold 8.5",
};

/* One pass of rendering. */
struct pdf_pass {
	struct pdf_doc *d;
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoContext *pc;
	PangoFontDescription *font[PDF_F_COUNT];
	int page;  /* the current page, from 1 */
	int pages; /* the total from the first pass; 0 in the first */
	double y;
	int table;	    /* the table being drawn, or -1 */
	enum pdf_kind prev; /* the kind of the block drawn last */
};

/* A cell of a row being drawn: its layout and the lines still to draw. */
struct pdf_cell {
	PangoLayout *l;
	double x;
	int nlines, next;
	double *top, *bottom, *base; /* per line, points from layout top */
};

static int
pdf_set(struct pdf_doc *d, int rc, const char *what)
{
	if (d->rc == 0) {
		d->rc = rc;
		free(d->cause);
		d->cause = zk_asprintf("%s", what);
	}
	return d->rc;
}

static char *
pdf_strdup(struct pdf_doc *d, const char *s)
{
	char *p;

	if (s == NULL)
		return NULL;
	if (!zk_utf8_valid(s, strlen(s))) {
		pdf_set(d, ZK_EINVAL, "text that is not UTF-8");
		return NULL;
	}
	if ((p = strdup(s)) == NULL)
		pdf_set(d, ZK_ENOMEM, "out of memory");
	return p;
}

struct pdf_doc *
pdf_doc_new(const char *lang)
{
	struct pdf_doc *d;

	if (lang == NULL ||
	    (strcmp(lang, "nl") != 0 && strcmp(lang, "en") != 0))
		return NULL;
	if ((d = calloc(1, sizeof *d)) == NULL)
		return NULL;
	zk_strlcpy(d->lang, lang, sizeof d->lang);
	return d;
}

static void
pdf_block_release(struct pdf_block *b)
{
	for (int i = 0; i < PDF_MAXCOLS; i++)
		free(b->text[i]);
}

void
pdf_doc_free(struct pdf_doc *d)
{
	if (d == NULL)
		return;
	for (size_t i = 0; i < d->nblocks; i++)
		pdf_block_release(&d->blocks[i]);
	free(d->blocks);
	free(d->title);
	free(d->author);
	free(d->created);
	for (int i = 0; i < 3; i++)
		free(d->hdr[i]);
	free(d->cause);
	free(d);
}

/* A new zeroed block at the end, or NULL (the error is kept). */
static struct pdf_block *
pdf_push(struct pdf_doc *d, enum pdf_kind kind)
{
	struct pdf_block *b;

	if (d->rc != 0)
		return NULL;
	if (d->nblocks == PDF_MAXBLOCKS) {
		pdf_set(d, ZK_ETOOBIG, "the document is too long");
		return NULL;
	}
	if (d->nblocks == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 64;
		struct pdf_block *nb = realloc(d->blocks, cap * sizeof *nb);

		if (nb == NULL) {
			pdf_set(d, ZK_ENOMEM, "out of memory");
			return NULL;
		}
		d->blocks = nb;
		d->cap = cap;
	}
	b = &d->blocks[d->nblocks++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	b->table = -1;
	return b;
}

int
pdf_doc_meta(struct pdf_doc *d, const char *title, const char *author,
	     const char *created)
{
	free(d->title);
	free(d->author);
	free(d->created);
	d->title = pdf_strdup(d, title);
	d->author = pdf_strdup(d, author);
	d->created = pdf_strdup(d, created);
	return d->rc;
}

int
pdf_doc_header(struct pdf_doc *d, const char *org, const char *subject,
	       const char *date)
{
	const char *t[3] = {org, subject, date};

	for (int i = 0; i < 3; i++) {
		free(d->hdr[i]);
		d->hdr[i] = pdf_strdup(d, t[i]);
	}
	return d->rc;
}

int
pdf_heading(struct pdf_doc *d, int level, const char *text)
{
	struct pdf_block *b;

	if (text == NULL)
		return d->rc;
	if ((b = pdf_push(d, PDF_HEADING)) == NULL)
		return d->rc;
	b->level = level < 1 ? 1 : level > 3 ? 3 : level;
	b->text[0] = pdf_strdup(d, text);
	return d->rc;
}

int
pdf_para(struct pdf_doc *d, const char *text)
{
	struct pdf_block *b;

	if (text == NULL)
		return d->rc;
	if ((b = pdf_push(d, PDF_PARA)) == NULL)
		return d->rc;
	b->text[0] = pdf_strdup(d, text);
	return d->rc;
}

int
pdf_def(struct pdf_doc *d, const char *term, const char *value)
{
	struct pdf_block *b;

	if (term == NULL || value == NULL)
		return d->rc;
	if ((b = pdf_push(d, PDF_DEF)) == NULL)
		return d->rc;
	b->text[0] = pdf_strdup(d, term);
	b->text[1] = pdf_strdup(d, value);
	return d->rc;
}

/* The index of the last table block, or -1. */
static int
pdf_last_table(const struct pdf_doc *d)
{
	for (size_t i = d->nblocks; i > 0; i--)
		if (d->blocks[i - 1].kind == PDF_TABLE)
			return (int)(i - 1);
	return -1;
}

int
pdf_table(struct pdf_doc *d, int ncols, const double *widths,
	  const char *const *head)
{
	struct pdf_block *b;

	if (ncols < 1 || ncols > PDF_MAXCOLS)
		return pdf_set(d, ZK_EINVAL, "a table of too many columns");
	if ((b = pdf_push(d, PDF_TABLE)) == NULL)
		return d->rc;
	b->ncols = ncols;
	for (int i = 0; i < ncols; i++) {
		b->widths[i] = widths[i];
		b->text[i] = pdf_strdup(d, head[i]);
	}
	return d->rc;
}

int
pdf_row(struct pdf_doc *d, const char *const *cells)
{
	struct pdf_block *b;
	int t = pdf_last_table(d);

	if (t < 0)
		return pdf_set(d, ZK_EINVAL, "a table row without a table");
	if ((b = pdf_push(d, PDF_ROW)) == NULL)
		return d->rc;
	b->table = t;
	b->ncols = d->blocks[t].ncols;
	for (int i = 0; i < b->ncols; i++)
		b->text[i] = pdf_strdup(d, cells[i]);
	return d->rc;
}

int
pdf_space(struct pdf_doc *d, double pt)
{
	struct pdf_block *b;

	if ((b = pdf_push(d, PDF_SPACE)) != NULL)
		b->pt = pt;
	return d->rc;
}

static const char *const pdf_months[2][12] = {
    {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
     "september", "oktober", "november", "december"},
    {"January", "February", "March", "April", "May", "June", "July", "August",
     "September", "October", "November", "December"},
};

int
pdf_date_words(const char *iso, const char *lang, char *out, size_t n)
{
	char date[ZK_DATE_LEN];
	int32_t days;
	int y, m, dd;

	if (iso == NULL || strlen(iso) < 10)
		return ZK_EINVAL;
	memcpy(date, iso, 10);
	date[10] = '\0';
	if (zk_date_parse(date, &days) != 0)
		return ZK_EINVAL;
	zk_date_to_ymd(days, &y, &m, &dd);
	snprintf(out, n, "%d %s %d", dd,
		 pdf_months[strcmp(lang, "en") == 0][m - 1], y);
	return 0;
}

/* Rendering. */

static cairo_status_t
pdf_write_buf(void *closure, const unsigned char *data, unsigned int len)
{
	return zk_buf_append(closure, data, len) == 0
		   ? CAIRO_STATUS_SUCCESS
		   : CAIRO_STATUS_WRITE_ERROR;
}

static cairo_status_t
pdf_write_none(void *closure, const unsigned char *data, unsigned int len)
{
	return CAIRO_STATUS_SUCCESS;
}

static PangoLayout *
pdf_layout(struct pdf_pass *p, enum pdf_font f, double width,
	   PangoAlignment align, const char *text)
{
	PangoLayout *l = pango_layout_new(p->pc);

	pango_layout_set_font_description(l, p->font[f]);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(l, align);
	pango_layout_set_text(l, text != NULL ? text : "", -1);
	return l;
}

/* Draws a whole layout with its top left corner at x, y. */
static void
pdf_show(struct pdf_pass *p, PangoLayout *l, double x, double y)
{
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, l);
}

static void
pdf_page_header(struct pdf_pass *p)
{
	static const PangoAlignment align[3] = {
	    PANGO_ALIGN_LEFT, PANGO_ALIGN_CENTER, PANGO_ALIGN_RIGHT};

	cairo_set_source_rgb(p->cr, 0.3, 0.3, 0.3);
	for (int i = 0; i < 3; i++) {
		PangoLayout *l;

		if (p->d->hdr[i] == NULL)
			continue;
		/* Each a third wide, so that the three never overlap. */
		l = pdf_layout(p, PDF_F_SMALL, PDF_TEXTW / 3, PANGO_ALIGN_LEFT,
			       p->d->hdr[i]);
		pango_layout_set_alignment(l, align[i]);
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
		pdf_show(p, l, PDF_MARGIN + i * PDF_TEXTW / 3, 34);
		g_object_unref(l);
	}
	cairo_set_line_width(p->cr, 0.5);
	cairo_move_to(p->cr, PDF_MARGIN, 50);
	cairo_line_to(p->cr, PDF_W - PDF_MARGIN, 50);
	cairo_stroke(p->cr);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
}

static void
pdf_page_footer(struct pdf_pass *p)
{
	char text[64];
	PangoLayout *l;
	bool nl = strcmp(p->d->lang, "nl") == 0;

	/* The first pass does not know M yet: its width does not matter,
	 * the footer sits outside the body. */
	snprintf(text, sizeof text, nl ? "pagina %d van %d" : "page %d of %d",
		 p->page, p->pages);
	l = pdf_layout(p, PDF_F_SMALL, PDF_TEXTW, PANGO_ALIGN_CENTER, text);
	cairo_set_source_rgb(p->cr, 0.3, 0.3, 0.3);
	pdf_show(p, l, PDF_MARGIN, PDF_H - 44);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	g_object_unref(l);
}

static void
pdf_page_begin(struct pdf_pass *p)
{
	p->page++;
	p->y = PDF_TOP;
	pdf_page_header(p);
}

static void
pdf_page_end(struct pdf_pass *p)
{
	pdf_page_footer(p);
	cairo_show_page(p->cr);
}

static int pdf_cells(struct pdf_pass *p, const struct pdf_block *b, int head);

/* A page break, repeating the header row of the table being drawn. */
static void
pdf_break(struct pdf_pass *p)
{
	pdf_page_end(p);
	pdf_page_begin(p);
	if (p->table >= 0)
		pdf_cells(p, &p->d->blocks[p->table], 1);
}

/* Breaks the page unless h more points fit or the page is still empty. */
static void
pdf_need(struct pdf_pass *p, double h)
{
	if (p->y + h > PDF_BOTTOM && p->y > PDF_TOP)
		pdf_break(p);
}

static void
pdf_cell_release(struct pdf_cell *c)
{
	if (c->l != NULL)
		g_object_unref(c->l);
	free(c->top);
	free(c->bottom);
	free(c->base);
}

/* text with line breaks put in where pango needs them (heap, or NULL). */
static char *
pdf_text_cut(const char *text)
{
	struct zk_buf b;
	size_t n = strlen(text), line = 0, word = 0, k;
	long space = -1;
	uint32_t cp;

	zk_buf_init(&b, 0);
	if (zk_buf_reserve(&b, n + n / PDF_WORD_MAX + 1) != 0)
		return NULL;
	for (size_t i = 0; i < n; i += k) {
		k = zk_utf8_next(text + i, n - i, &cp);
		if (line >= PDF_PARA_MAX && space >= 0) {
			b.data[space] = '\n';
			line = b.len - (size_t)space - 1;
			space = -1;
		}
		if (word >= PDF_WORD_MAX) {
			if (zk_buf_append(&b, "\n", 1) != 0)
				break;
			line = word = 0;
			space = -1;
		}
		if (zk_buf_append(&b, text + i, k) != 0) {
			zk_buf_release(&b);
			return NULL;
		}
		if (cp == '\n') {
			line = word = 0;
			space = -1;
		} else if (cp == ' ') {
			space = (long)b.len - 1;
			word = 0;
			line += k;
		} else {
			word += k;
			line += k;
		}
	}
	if (b.data == NULL)
		return strdup("");
	b.data[b.len] = '\0'; /* reserved: empty text appended nothing */
	return (char *)b.data;
}

/* Lays out text in a cell and records where its lines are. */
static int
pdf_cell_init(struct pdf_pass *p, struct pdf_cell *c, enum pdf_font f, double x,
	      double w, const char *text)
{
	PangoLayoutIter *it;
	int i = 0;

	char *cut = pdf_text_cut(text != NULL ? text : "");

	memset(c, 0, sizeof *c);
	c->x = x;
	if (cut == NULL)
		return ZK_ENOMEM;
	c->l = pdf_layout(p, f, w, PANGO_ALIGN_LEFT, cut);
	free(cut);
	c->nlines = pango_layout_get_line_count(c->l);
	c->top = calloc(c->nlines + 1, sizeof *c->top);
	c->bottom = calloc(c->nlines + 1, sizeof *c->bottom);
	c->base = calloc(c->nlines + 1, sizeof *c->base);
	if (c->top == NULL || c->bottom == NULL || c->base == NULL)
		return ZK_ENOMEM;
	it = pango_layout_get_iter(c->l);
	do {
		int y0, y1;

		if (i >= c->nlines)
			break;
		pango_layout_iter_get_line_yrange(it, &y0, &y1);
		c->top[i] = (double)y0 / PANGO_SCALE;
		c->bottom[i] = (double)y1 / PANGO_SCALE;
		c->base[i] =
		    (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
		i++;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	c->nlines = i;
	return 0;
}

/* The height the cell's remaining lines take. */
static double
pdf_cell_left(const struct pdf_cell *c)
{
	if (c->next >= c->nlines)
		return 0;
	return c->bottom[c->nlines - 1] - c->top[c->next];
}

/*
 * Draws a row of cells: a table row (head: the table's header row, on a
 * grey ground), a definition row or a paragraph. A row that does not fit
 * on what is left of the page but fits on a page of its own starts a new
 * page; a longer one flows over pages line by line.
 */
static int
pdf_cells(struct pdf_pass *p, const struct pdf_block *b, int head)
{
	struct pdf_cell cell[PDF_MAXCOLS];
	const struct pdf_block *t = b->table >= 0 ? &p->d->blocks[b->table] : b;
	int n = b->kind == PDF_PARA ? 1 : b->kind == PDF_DEF ? 2 : b->ncols;
	double pad = b->kind == PDF_PARA ? 0 : b->kind == PDF_DEF ? 1.5 : 3;
	double gap = b->kind == PDF_PARA ? 0 : 6, x = PDF_MARGIN, h = 0;
	int rc = 0;

	memset(cell, 0, sizeof cell);
	for (int i = 0; i < n && rc == 0; i++) {
		double w;
		enum pdf_font f = head ? PDF_F_CELLB : PDF_F_CELL;

		if (b->kind == PDF_PARA)
			w = PDF_TEXTW;
		else if (b->kind == PDF_DEF)
			w = PDF_TEXTW * (i == 0 ? 0.32 : 0.68);
		else
			w = PDF_TEXTW * t->widths[i];
		if (b->kind == PDF_PARA || b->kind == PDF_DEF)
			f = i == 0 && b->kind == PDF_DEF ? PDF_F_BOLD
							 : PDF_F_BODY;
		rc = pdf_cell_init(p, &cell[i], f, x + gap / 2,
				   w > gap ? w - gap : w, b->text[i]);
		x += w;
		if (rc == 0 && pdf_cell_left(&cell[i]) > h)
			h = pdf_cell_left(&cell[i]);
	}
	if (rc != 0)
		goto out;
	if (!head && p->y + h + 2 * pad > PDF_BOTTOM &&
	    h + 2 * pad <= PDF_BOTTOM - PDF_TOP - 40)
		pdf_need(p, h + 2 * pad);
	for (;;) {
		double avail = PDF_BOTTOM - p->y - 2 * pad, used = 0;
		int last[PDF_MAXCOLS], more = 0;

		/* Which lines of each cell fit; at least one on a new page. */
		for (int i = 0; i < n; i++) {
			struct pdf_cell *c = &cell[i];
			int j = c->next;

			while (j < c->nlines &&
			       c->bottom[j] - c->top[c->next] <= avail)
				j++;
			if (j == c->next && j < c->nlines && p->y <= PDF_TOP)
				j++;
			last[i] = j;
			if (j > c->next &&
			    c->bottom[j - 1] - c->top[c->next] > used)
				used = c->bottom[j - 1] - c->top[c->next];
		}
		if (head) {
			cairo_set_source_rgb(p->cr, 0.9, 0.9, 0.9);
			cairo_rectangle(p->cr, PDF_MARGIN, p->y, PDF_TEXTW,
					used + 2 * pad);
			cairo_fill(p->cr);
			cairo_set_source_rgb(p->cr, 0, 0, 0);
		}
		for (int i = 0; i < n; i++) {
			struct pdf_cell *c = &cell[i];
			double y0 = c->next < c->nlines ? c->top[c->next] : 0;

			for (int k = c->next; k < last[i]; k++) {
				cairo_move_to(p->cr, c->x,
					      p->y + pad + c->base[k] - y0);
				pango_cairo_show_layout_line(
				    p->cr,
				    pango_layout_get_line_readonly(c->l, k));
			}
			c->next = last[i];
			if (c->next < c->nlines)
				more = 1;
		}
		p->y += used + 2 * pad;
		if (b->kind == PDF_ROW || b->kind == PDF_TABLE) {
			cairo_set_line_width(p->cr, 0.3);
			cairo_set_source_rgb(p->cr, 0.6, 0.6, 0.6);
			cairo_move_to(p->cr, PDF_MARGIN, p->y);
			cairo_line_to(p->cr, PDF_W - PDF_MARGIN, p->y);
			cairo_stroke(p->cr);
			cairo_set_source_rgb(p->cr, 0, 0, 0);
		}
		if (!more)
			break;
		pdf_break(p);
	}
out:
	for (int i = 0; i < n; i++)
		pdf_cell_release(&cell[i]);
	return rc;
}

static int
pdf_heading_draw(struct pdf_pass *p, const struct pdf_block *b)
{
	static const enum pdf_font f[4] = {PDF_F_H1, PDF_F_H1, PDF_F_H2,
					   PDF_F_H3};
	static const double before[4] = {0, 4, 14, 8};
	PangoLayout *l;
	int w, h;

	l = pdf_layout(p, f[b->level], PDF_TEXTW, PANGO_ALIGN_LEFT, b->text[0]);
	pango_layout_get_size(l, &w, &h);
	if (p->y > PDF_TOP)
		p->y += before[b->level];
	/* Keeps the heading with a few lines of what follows it. */
	pdf_need(p, (double)h / PANGO_SCALE + 70);
	pdf_show(p, l, PDF_MARGIN, p->y);
	p->y += (double)h / PANGO_SCALE + 4;
	g_object_unref(l);
	return 0;
}

static int
pdf_block_draw(struct pdf_pass *p, size_t i)
{
	const struct pdf_block *b = &p->d->blocks[i];

	if (b->kind != PDF_ROW && p->table >= 0) {
		p->table = -1;
		p->y += 6;
	}
	if (b->kind != PDF_DEF && p->prev == PDF_DEF)
		p->y += 4;
	p->prev = b->kind;
	switch (b->kind) {
	case PDF_HEADING:
		return pdf_heading_draw(p, b);
	case PDF_PARA: {
		int rc = pdf_cells(p, b, 0);

		p->y += 5;
		return rc;
	}
	case PDF_DEF:
		return pdf_cells(p, b, 0);
	case PDF_TABLE:
		p->y += 4;
		pdf_need(p, 50);
		p->table = (int)i;
		return pdf_cells(p, b, 1);
	case PDF_ROW:
		if (p->table != b->table) {
			/* Rows whose table header is somewhere else. */
			p->table = b->table;
			pdf_cells(p, &p->d->blocks[b->table], 1);
		}
		return pdf_cells(p, b, 0);
	case PDF_SPACE:
		p->y += b->pt;
		return 0;
	}
	return 0;
}

/* cairo wants a time as "YYYY-MM-DDTHH:MM:SS" (and a zone). */
static void
pdf_metadata(struct pdf_pass *p)
{
	cairo_surface_t *s = p->surface;

	if (p->d->title != NULL)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE,
					       p->d->title);
	if (p->d->author != NULL)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR,
					       p->d->author);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR,
				       "zorgkluis");
	if (p->d->created != NULL) {
		char t[32];

		if (strlen(p->d->created) == 10)
			snprintf(t, sizeof t, "%sT00:00:00Z", p->d->created);
		else
			zk_strlcpy(t, p->d->created, sizeof t);
		cairo_pdf_surface_set_metadata(
		    s, CAIRO_PDF_METADATA_CREATE_DATE, t);
	}
}

/* One pass: into out, or nowhere when out is NULL. Sets p->page. */
static int
pdf_pass_run(struct pdf_pass *p, struct zk_buf *out, char **cause)
{
	cairo_font_options_t *fo = NULL;
	cairo_status_t st;
	int rc = 0;

	p->surface = cairo_pdf_surface_create_for_stream(
	    out != NULL ? pdf_write_buf : pdf_write_none, out, PDF_W, PDF_H);
	cairo_pdf_surface_restrict_to_version(p->surface,
					      CAIRO_PDF_VERSION_1_5);
	pdf_metadata(p);
	p->cr = cairo_create(p->surface);
	p->pc = pango_cairo_create_context(p->cr);
	/* No hinting: the same metrics in both passes and on any host. */
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(p->pc, fo);
	/* Pango's default is 96 dpi; a PDF's unit is the point. */
	pango_cairo_context_set_resolution(p->pc, 72);
	for (int i = 0; i < PDF_F_COUNT; i++)
		p->font[i] = pango_font_description_from_string(pdf_fonts[i]);
	p->page = 0;
	p->table = -1;
	p->prev = PDF_SPACE;
	pdf_page_begin(p);
	for (size_t i = 0; i < p->d->nblocks && rc == 0; i++)
		rc = pdf_block_draw(p, i);
	pdf_page_end(p);
	for (int i = 0; i < PDF_F_COUNT; i++)
		pango_font_description_free(p->font[i]);
	cairo_font_options_destroy(fo);
	g_object_unref(p->pc);
	cairo_destroy(p->cr);
	cairo_surface_finish(p->surface);
	st = cairo_surface_status(p->surface);
	cairo_surface_destroy(p->surface);
	if (rc != 0)
		return zk_fail(cause, rc, "out of memory laying out the PDF");
	if (st == CAIRO_STATUS_WRITE_ERROR && out != NULL && out->limit != 0 &&
	    out->len + 4096 > out->limit)
		return zk_fail(cause, ZK_ETOOBIG, "the PDF exceeds its limit");
	if (st != CAIRO_STATUS_SUCCESS)
		return zk_fail(
		    cause, st == CAIRO_STATUS_NO_MEMORY ? ZK_ENOMEM : ZK_EIO,
		    "cairo: %s", cairo_status_to_string(st));
	return 0;
}

/* The incremental update that adds /Lang. */

/* The last occurrence of needle in the n bytes of hay, or NULL. */
static const char *
pdf_rfind(const char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = n >= k ? n - k + 1 : 0; i > 0; i--)
		if (memcmp(hay + i - 1, needle, k) == 0)
			return hay + i - 1;
	return NULL;
}

/*
 * The end of the dictionary that starts at s (at "<<"), just past its
 * ">>", skipping strings; NULL if it does not end before e.
 */
static const char *
pdf_dict_end(const char *s, const char *e)
{
	int depth = 0;

	while (s < e) {
		if (s + 1 < e && s[0] == '<' && s[1] == '<') {
			depth++;
			s += 2;
		} else if (s + 1 < e && s[0] == '>' && s[1] == '>') {
			s += 2;
			if (--depth == 0)
				return s;
		} else if (*s == '(') {
			int nest = 0;

			for (; s < e; s++) {
				if (*s == '\\')
					s++;
				else if (*s == '(')
					nest++;
				else if (*s == ')' && --nest == 0)
					break;
			}
			s++;
		} else if (*s == '<') {
			while (s < e && *s != '>')
				s++;
			s++;
		} else {
			s++;
		}
	}
	return NULL;
}

/* The integer after key in [s, e) ("/Root 12 0 R" gives 12), or -1. */
static long
pdf_key_int(const char *s, const char *e, const char *key)
{
	const char *k = pdf_rfind(s, (size_t)(e - s), key);
	char *end;
	long v;

	if (k == NULL)
		return -1;
	k += strlen(key);
	v = strtol(k, &end, 10);
	return end == k || end > e ? -1 : v;
}

/*
 * Appends to the PDF in pdf (from byte 0) a revision whose catalog has
 * /Lang tag. cairo writes a classic cross-reference table with one
 * subsection; the catalog's offset is read from it.
 */
static int
pdf_add_lang(struct zk_buf *pdf, const char *tag, char **cause)
{
	const char *s = (const char *)pdf->data, *e = s + pdf->len;
	const char *sx, *tr, *tre, *xref, *obj, *de, *id;
	long prev, root, size, info, first, count, off;
	char head[64], infos[32] = "", ids[160] = "", *upd = NULL;
	size_t objoff;
	int rc;

	if ((sx = pdf_rfind(s, pdf->len, "startxref")) == NULL ||
	    (prev = strtol(sx + 9, NULL, 10)) <= 0 || prev >= sx - s ||
	    (tr = pdf_rfind(s, (size_t)(sx - s), "trailer")) == NULL ||
	    (tre = pdf_dict_end(strstr(tr, "<<"), sx)) == NULL)
		return zk_fail(cause, ZK_EIO, "the PDF has no trailer");
	root = pdf_key_int(tr, tre, "/Root");
	size = pdf_key_int(tr, tre, "/Size");
	info = pdf_key_int(tr, tre, "/Info");
	xref = s + prev;
	if (root <= 0 || size <= root || strncmp(xref, "xref", 4) != 0 ||
	    sscanf(xref + 4, "%ld %ld", &first, &count) != 2 || first != 0 ||
	    root >= count)
		return zk_fail(cause, ZK_EIO, "the PDF has no usable xref");
	/* The entries are 20 bytes each after the subsection line. */
	xref = strchr(xref + 5, '\n');
	if (xref == NULL || xref + 1 + 20 * (root + 1) > e)
		return zk_fail(cause, ZK_EIO, "the PDF's xref is short");
	off = strtol(xref + 1 + 20 * root, NULL, 10);
	snprintf(head, sizeof head, "%ld 0 obj", root);
	obj = s + off;
	if (off <= 0 || off >= sx - s ||
	    strncmp(obj, head, strlen(head)) != 0 ||
	    (obj = strstr(obj, "<<")) == NULL ||
	    (de = pdf_dict_end(obj, sx)) == NULL)
		return zk_fail(cause, ZK_EIO,
			       "the PDF's catalog is unreadable");
	if (pdf_rfind(obj, (size_t)(de - obj), "/Lang") != NULL)
		return 0;
	id = pdf_rfind(tr, (size_t)(tre - tr), "/ID");
	objoff = pdf->len;
	upd = zk_asprintf("%ld 0 obj\n%.*s /Lang (%s) >>\nendobj\n", size,
			  (int)(de - obj - 2), obj, tag);
	if (upd == NULL)
		return ZK_ENOMEM;
	rc = zk_buf_append(pdf, upd, strlen(upd));
	free(upd);
	if (rc != 0)
		return zk_fail(cause, rc, "the PDF exceeds its limit");
	/* The /ID of the first revision is kept (7.5.6: the trailer holds
	 * all the keys of the previous one). */
	if (info > 0)
		snprintf(infos, sizeof infos, " /Info %ld 0 R", info);
	if (id != NULL) {
		const char *ie = memchr(id, ']', (size_t)(tre - id));

		if (ie != NULL && ie - id < 150)
			snprintf(ids, sizeof ids, " %.*s", (int)(ie - id + 1),
				 id);
	}
	upd = zk_asprintf("xref\n%ld 1\n%010zu 00000 n \ntrailer\n"
			  "<< /Size %ld /Root %ld 0 R /Prev %ld%s%s >>\n"
			  "startxref\n%zu\n%%%%EOF\n",
			  size, objoff, size + 1, size, prev, infos, ids,
			  pdf->len);
	if (upd == NULL)
		return ZK_ENOMEM;
	rc = zk_buf_append(pdf, upd, strlen(upd));
	free(upd);
	if (rc != 0)
		return zk_fail(cause, rc, "the PDF exceeds its limit");
	return 0;
}

int
pdf_doc_render(struct pdf_doc *d, struct zk_buf *out, char **cause)
{
	struct pdf_pass p;
	struct zk_buf pdf;
	int rc;

	if (d->rc != 0)
		return zk_fail(cause, d->rc, "%s",
			       d->cause != NULL ? d->cause : "bad document");
	/* The PDF holds care data: its buffer is wiped when freed. */
	zk_buf_init_secret(&pdf, out->limit);
	memset(&p, 0, sizeof p);
	p.d = d;
	if ((rc = pdf_pass_run(&p, NULL, cause)) != 0)
		goto out;
	p.pages = p.page;
	if ((rc = pdf_pass_run(&p, &pdf, cause)) != 0)
		goto out;
	if ((rc = pdf_add_lang(&pdf,
			       strcmp(d->lang, "nl") == 0 ? "nl-NL" : "en-GB",
			       cause)) != 0)
		goto out;
	if ((rc = zk_buf_append(out, pdf.data, pdf.len)) != 0)
		rc = zk_fail(cause, rc, "the PDF does not fit");
out:
	zk_buf_release(&pdf);
	return rc;
}

/*
 * fontconfig, which pango uses to find fonts, keeps its configuration for
 * the life of the process and frees it only in FcFini(), which is not a
 * library user's to call while a server may still render. LeakSanitizer
 * (the sanitizer pass of make check) is told so, for fontconfig only; in
 * a build without it this function is never called.
 */
const char *__lsan_default_suppressions(void);

const char *
__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}
