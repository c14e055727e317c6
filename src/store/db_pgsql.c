/*
 * db_pgsql.c: the PostgreSQL driver of db.h, through libpq.
 *
 * Statements are prepared once per connection under generated names
 * ("z1", "z2", ...) and cached by the address of their SQL text, as the
 * SQLite driver caches its sqlite3_stmt. Before a statement is prepared
 * its SQLite-style placeholders are rewritten to PostgreSQL's: "?N"
 * becomes "$N", and a bare "?" takes one more than the largest number
 * given so far (SQLite's rule; "?, ?, ?" is "$1, $2, $3").
 *
 * Parameters travel as text (integers printed in decimal) or, for blobs,
 * in binary format: the server infers each parameter's type from its
 * context when the statement is prepared, so a blob bound where a bytea
 * is expected arrives as its raw bytes. Results come back as text: an
 * integer is parsed, a boolean reads 't' as 1, and a bytea column is
 * decoded from its hex form when it is asked for as a blob.
 *
 * A run fetches all rows of its result at once. That keeps the
 * connection free between steps, so that a caller may run other
 * statements while it walks the rows of one, as SQLite allows.
 *
 * Transactions differ from SQLite's in one way the caller must know: a
 * statement that fails inside a transaction leaves the whole transaction
 * aborted, and every later statement fails until it is rolled back. A
 * caller that wants to go on after a failure (a unique key taken, say)
 * wraps the statement in db_savepoint() and answers the failure with
 * db_rollback_to(), which is what the store does anyway.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "core/zk.h"
#include "store/db_int.h"

/*
 * The advisory lock every writer takes at db_begin(db, 1): writers on one
 * database serialise on it whichever server they run in, as SQLite's
 * BEGIN IMMEDIATE serialises them. The key spells "zk_write".
 */
#define PGSQL_WRITER_LOCK INT64_C(0x7a6b5f7772697465)

/* PostgreSQL's own limit on the parameters of one statement. */
#define PGSQL_MAX_PARAMS 65535

/* The type OIDs of pg_type that the column readers treat specially. */
#define PGSQL_BOOLOID 16
#define PGSQL_BYTEAOID 17
#define PGSQL_INT8OID 20
#define PGSQL_TEXTOID 25

/* No tenant set on the connection (or none known). */
#define PGSQL_TENANT_UNKNOWN INT64_MIN

struct pgsql_param {
	char *data; /* owned copy; NULL binds SQL NULL */
	int len;
	int binary; /* a blob: sent in binary format */
	Oid type;   /* what was bound: int8, text, bytea; 0 for untyped NULL */
};

/* A bytea column of the current row, decoded on first use. */
struct pgsql_blob {
	unsigned char *data; /* from PQunescapeBytea */
	size_t len;
	int done;
};

struct pgsql_stmt {
	struct db_stmt base;
	const char *sql; /* the cache key: its address */
	char name[16];
	int nparams;
	struct pgsql_param *params;
	int oom;      /* a bind failed for memory */
	int fresh;    /* not cached: deallocated by db_finalize() */
	char *text;   /* the SQL with $N placeholders */
	int prepared; /* prepared on the server under name */
	PGresult *res;
	int nrows;
	int row; /* the current row; -1 before the first step */
	struct pgsql_blob *blobs; /* one per column, for the current row */
};

struct pgsql {
	struct db base;
	PGconn *conn;
	struct pgsql_stmt **stmts;
	int nstmts;
	int capstmts;
	int nextname;
	int64_t changes;
	int64_t tenant; /* zk.tenant as last set, or PGSQL_TENANT_UNKNOWN */
	int readonly;	/* opened with DB_READONLY */
	char errmsg[256];
};

static const struct db_ops pgsql_ops;

/* --- errors -------------------------------------------------------------- */

/* Keeps the first line of msg as the connection's last error. */
static void
pgsql_set_errmsg(struct pgsql *p, const char *msg)
{
	size_t n;

	if (msg == NULL || msg[0] == '\0')
		msg = "unknown PostgreSQL error";
	n = strcspn(msg, "\n");
	if (n >= sizeof p->errmsg)
		n = sizeof p->errmsg - 1;
	memcpy(p->errmsg, msg, n);
	p->errmsg[n] = '\0';
}

/*
 * The ZK_ code of a SQLSTATE. Class 23 holds every integrity violation,
 * and the schema's triggers refuse with 23000 too; 40001 and 40P01 end a
 * transaction that may be retried; 55P03 is a lock that could not be had.
 * The server's own lack of memory or disk (class 53) is ZK_EIO, as is
 * everything else.
 */
static int
pgsql_code(const char *state)
{
	if (state == NULL || strlen(state) != 5)
		return ZK_EIO;
	if (strncmp(state, "23", 2) == 0)
		return ZK_EEXIST;
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
	    strcmp(state, "55P03") == 0)
		return ZK_EBUSY;
	if (strncmp(state, "22", 2) == 0)
		return ZK_EINVAL;
	return ZK_EIO;
}

/*
 * Records the error of res (NULL: of the connection) and returns its
 * code. The message is the primary one only: the detail line may quote
 * the values of a row, which are care content.
 */
static int
pgsql_fail(struct pgsql *p, const PGresult *res)
{
	const char *state = NULL, *msg = NULL;
	char buf[sizeof p->errmsg];

	if (res != NULL) {
		state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	}
	if (msg == NULL)
		msg = PQerrorMessage(p->conn);
	if (state != NULL) {
		size_t n = strcspn(msg, "\n");

		/* A data exception quotes the value after a colon
		 * ("invalid input syntax for type bigint: ..."). */
		if (strncmp(state, "22", 2) == 0)
			n = strcspn(msg, "\n:");
		snprintf(buf, sizeof buf, "%.*s (SQLSTATE %s)", (int)n, msg,
			 state);
		pgsql_set_errmsg(p, buf);
	} else {
		pgsql_set_errmsg(p, msg);
	}
	/* No result, or the connection gone: nothing the store could fix. */
	if (res == NULL || PQstatus(p->conn) != CONNECTION_OK)
		return ZK_EIO;
	return pgsql_code(state);
}

/* The notices of the server (a warning, a RAISE NOTICE) are dropped. */
static void
pgsql_notice(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

/* --- running SQL --------------------------------------------------------- */

/*
 * Counts the rows an INSERT, UPDATE, DELETE or MERGE changed. A SELECT
 * leaves the count alone, as sqlite3_changes() does.
 */
static void
pgsql_count(struct pgsql *p, PGresult *res)
{
	const char *cmd = PQcmdStatus(res);
	const char *n = PQcmdTuples(res);

	if (n[0] == '\0')
		return;
	if (strncmp(cmd, "INSERT ", 7) == 0 ||
	    strncmp(cmd, "UPDATE ", 7) == 0 ||
	    strncmp(cmd, "DELETE ", 7) == 0 || strncmp(cmd, "MERGE ", 6) == 0)
		p->changes = strtoll(n, NULL, 10);
}

/* Runs SQL that returns nothing the caller reads; 0 or an error. */
static int
pgsql_run(struct pgsql *p, const char *sql)
{
	PGresult *res;
	int rc = 0;

	res = PQexec(p->conn, sql);
	switch (PQresultStatus(res)) {
	case PGRES_COMMAND_OK:
	case PGRES_TUPLES_OK:
	case PGRES_EMPTY_QUERY:
		pgsql_count(p, res);
		break;
	default:
		rc = pgsql_fail(p, res);
		break;
	}
	PQclear(res);
	return rc;
}

/*
 * Rewrites the placeholders of sql: "?N" to "$N" and "?" to "$k", where k
 * is one more than the largest number so far. Nothing is rewritten inside
 * a '...' literal, a "..." identifier or a comment. *nparams is the
 * largest number. *out is the caller's to free.
 *
 * The shared dialect has no E'...' literals with backslash escapes, no
 * $$...$$ quoting and no operators spelt with "?" (jsonb's ?, ?| and ?&):
 * this scanner knows none of them. They may appear in db_exec() scripts,
 * which are not rewritten.
 */
static int
pgsql_rewrite(const char *sql, char **out, int *nparams)
{
	size_t n = strlen(sql), o = 0;
	char *buf, quote = 0;
	int max = 0;

	*out = NULL;
	*nparams = 0;
	/* "?" is one byte and "$65535" six: at most six times as long. */
	if (n > SIZE_MAX / 6 - 1)
		return ZK_ETOOBIG;
	buf = malloc(n * 6 + 1);
	if (buf == NULL)
		return ZK_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		char c = sql[i];

		if (quote != 0) {
			/* '' and "" inside a quote close and reopen it. */
			if (c == quote)
				quote = 0;
			buf[o++] = c;
		} else if (c == '\'' || c == '"') {
			quote = c;
			buf[o++] = c;
		} else if (c == '-' && sql[i + 1] == '-') {
			size_t e = i + strcspn(sql + i, "\n");

			memcpy(buf + o, sql + i, e - i);
			o += e - i;
			i = e - 1;
		} else if (c == '/' && sql[i + 1] == '*') {
			const char *e = strstr(sql + i + 2, "*/");
			size_t len =
			    e != NULL ? (size_t)(e + 2 - (sql + i)) : n - i;

			memcpy(buf + o, sql + i, len);
			o += len;
			i += len - 1;
		} else if (c == '?') {
			long k;

			if (sql[i + 1] >= '0' && sql[i + 1] <= '9') {
				char *end;

				k = strtol(sql + i + 1, &end, 10);
				i = (size_t)(end - sql) - 1;
			} else {
				k = max + 1;
			}
			if (k < 1 || k > PGSQL_MAX_PARAMS) {
				free(buf);
				return ZK_EINVAL;
			}
			if (k > max)
				max = (int)k;
			o += (size_t)snprintf(buf + o, 7, "$%ld", k);
		} else {
			buf[o++] = c;
		}
	}
	buf[o] = '\0';
	*out = buf;
	*nparams = max;
	return 0;
}

/* --- statements ---------------------------------------------------------- */

/* Forgets the current run: its result and the blobs decoded from it. */
static void
pgsql_stmt_clear(struct pgsql_stmt *s)
{
	if (s->res != NULL) {
		if (s->blobs != NULL) {
			int nf = PQnfields(s->res);

			for (int i = 0; i < nf; i++)
				PQfreemem(s->blobs[i].data);
			free(s->blobs);
			s->blobs = NULL;
		}
		PQclear(s->res);
		s->res = NULL;
	}
	s->nrows = 0;
	s->row = -1;
}

/* Forgets the blobs decoded from the current row. */
static void
pgsql_stmt_clear_blobs(struct pgsql_stmt *s)
{
	if (s->blobs == NULL)
		return;
	for (int i = 0; i < PQnfields(s->res); i++) {
		PQfreemem(s->blobs[i].data);
		s->blobs[i].data = NULL;
		s->blobs[i].len = 0;
		s->blobs[i].done = 0;
	}
}

static void
pgsql_stmt_unbind(struct pgsql_stmt *s)
{
	for (int i = 0; i < s->nparams; i++) {
		free(s->params[i].data);
		s->params[i].data = NULL;
		s->params[i].len = 0;
		s->params[i].binary = 0;
		s->params[i].type = 0;
	}
	s->oom = 0;
}

static void
pgsql_stmt_free(struct pgsql_stmt *s)
{
	if (s == NULL)
		return;
	pgsql_stmt_clear(s);
	pgsql_stmt_unbind(s);
	free(s->params);
	free(s->text);
	free(s);
}

/* Adds s to the connection's cache; 0 or ZK_ENOMEM. */
static int
pgsql_cache_add(struct pgsql *p, struct pgsql_stmt *s)
{
	if (p->nstmts == p->capstmts) {
		int cap = p->capstmts == 0 ? 64 : p->capstmts * 2;
		struct pgsql_stmt **v;

		v = realloc(p->stmts, (size_t)cap * sizeof *v);
		if (v == NULL)
			return ZK_ENOMEM;
		p->stmts = v;
		p->capstmts = cap;
	}
	p->stmts[p->nstmts++] = s;
	return 0;
}

static int pgsql_stmt_ready(struct pgsql_stmt *s);
static int pgsql_in_transaction(struct db *db);

/*
 * A new statement for sql under a name of its own, not yet cached. It is
 * prepared on the server when it first runs (pgsql_stmt_ready()).
 */
static int
pgsql_stmt_new(struct pgsql *p, const char *sql, struct pgsql_stmt **out)
{
	struct pgsql_stmt *s = NULL;
	char *text = NULL;
	int rc, nparams;

	*out = NULL;
	rc = pgsql_rewrite(sql, &text, &nparams);
	if (rc != 0) {
		pgsql_set_errmsg(p, rc == ZK_EINVAL ? "bad placeholder number"
						    : "out of memory");
		if (rc == ZK_EINVAL)
			rc = ZK_EIO;
		goto out;
	}
	s = calloc(1, sizeof *s);
	if (s == NULL ||
	    (nparams > 0 && (s->params = calloc((size_t)nparams,
						sizeof *s->params)) == NULL)) {
		rc = ZK_ENOMEM;
		pgsql_set_errmsg(p, "out of memory");
		goto out;
	}
	s->base.db = &p->base;
	s->sql = sql;
	s->nparams = nparams;
	s->row = -1;
	snprintf(s->name, sizeof s->name, "z%d", ++p->nextname);
	s->text = text;
	text = NULL;
	/* Without parameters there is nothing to wait for. */
	if (nparams == 0 && (rc = pgsql_stmt_ready(s)) != 0)
		goto out;
	*out = s;
	s = NULL;
out:
	free(text);
	pgsql_stmt_free(s);
	return rc;
}

/*
 * Prepares s on the server, on its first run. The parameters' types are
 * those of the first values bound: SQLite's dialect lets a parameter
 * stand where PostgreSQL cannot infer its type ("?2 IS NULL", the SELECT
 * list of an INSERT ... SELECT), and what the store binds says it. A
 * NULL bound with db_bind_null() leaves the type to the server. A
 * statement the server refuses is tried again on its next run.
 */
static int
pgsql_stmt_ready(struct pgsql_stmt *s)
{
	struct pgsql *p = (struct pgsql *)s->base.db;
	Oid *types = NULL;
	PGresult *res;
	int rc = 0;

	if (s->prepared)
		return 0;
	if (s->nparams > 0 &&
	    (types = calloc((size_t)s->nparams, sizeof *types)) == NULL) {
		pgsql_set_errmsg(p, "out of memory");
		return ZK_ENOMEM;
	}
	for (int i = 0; i < s->nparams; i++)
		types[i] = s->params[i].type;
	res = PQprepare(p->conn, s->name, s->text, s->nparams, types);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		rc = pgsql_fail(p, res);
		/* A statement the server refuses is an error of the store. */
		if (rc != ZK_EBUSY)
			rc = ZK_EIO;
	} else {
		s->prepared = 1;
	}
	PQclear(res);
	free(types);
	return rc;
}

static int
pgsql_prepare(struct db *db, const char *sql, struct db_stmt **out)
{
	struct pgsql *p = (struct pgsql *)db;
	struct pgsql_stmt *s;
	int rc;

	*out = NULL;
	for (int i = 0; i < p->nstmts; i++) {
		if (p->stmts[i]->sql == sql) {
			s = p->stmts[i];
			pgsql_stmt_clear(s);
			pgsql_stmt_unbind(s);
			*out = &s->base;
			return 0;
		}
	}
	rc = pgsql_stmt_new(p, sql, &s);
	if (rc != 0)
		return rc;
	/* On failure the server keeps the statement until the session
	 * ends; nothing refers to it. */
	rc = pgsql_cache_add(p, s);
	if (rc != 0) {
		pgsql_set_errmsg(p, "out of memory");
		pgsql_stmt_free(s);
		return rc;
	}
	*out = &s->base;
	return 0;
}

static int
pgsql_prepare_fresh(struct db *db, const char *sql, struct db_stmt **out)
{
	struct pgsql_stmt *s;
	int rc;

	*out = NULL;
	if ((rc = pgsql_stmt_new((struct pgsql *)db, sql, &s)) != 0)
		return rc;
	s->fresh = 1;
	*out = &s->base;
	return 0;
}

/*
 * A fresh statement is dropped on the server too. Inside a failed
 * transaction the server refuses that; the statement then lives, unused,
 * until the connection ends.
 */
static void
pgsql_finalize(struct db_stmt *st)
{
	struct pgsql_stmt *s = (struct pgsql_stmt *)st;
	struct pgsql *p = (struct pgsql *)st->db;
	char sql[32];

	if (!s->fresh) {
		pgsql_stmt_clear(s);
		return;
	}
	if (s->prepared) {
		snprintf(sql, sizeof sql, "DEALLOCATE %s", s->name);
		PQclear(PQexec(p->conn, sql));
	}
	pgsql_stmt_free(s);
}

/* The parameter i (1-based) of st, emptied; NULL when out of range. */
static struct pgsql_param *
pgsql_param(struct db_stmt *st, int i)
{
	struct pgsql_stmt *s = (struct pgsql_stmt *)st;
	struct pgsql_param *pa;

	if (i < 1 || i > s->nparams)
		return NULL;
	pa = &s->params[i - 1];
	free(pa->data);
	pa->data = NULL;
	pa->len = 0;
	pa->binary = 0;
	pa->type = 0;
	return pa;
}

/* Copies n bytes of a value of type into parameter i. */
static void
pgsql_bind(struct db_stmt *st, int i, const void *v, size_t n, int binary,
	   Oid type)
{
	struct pgsql_stmt *s = (struct pgsql_stmt *)st;
	struct pgsql_param *pa = pgsql_param(st, i);

	if (pa == NULL)
		return;
	pa->type = type;
	if (n > INT32_MAX || (pa->data = malloc(n + 1)) == NULL) {
		s->oom = 1;
		return;
	}
	memcpy(pa->data, v, n);
	pa->data[n] = '\0';
	pa->len = (int)n;
	pa->binary = binary;
}

static void
pgsql_bind_null(struct db_stmt *st, int i)
{
	pgsql_param(st, i);
}

static void
pgsql_bind_int64(struct db_stmt *st, int i, int64_t v)
{
	char buf[24];
	int n;

	n = snprintf(buf, sizeof buf, "%" PRId64, v);
	pgsql_bind(st, i, buf, (size_t)n, 0, PGSQL_INT8OID);
}

/* A typed NULL: the parameter keeps its type for the server. */
static void
pgsql_bind_null_of(struct db_stmt *st, int i, Oid type)
{
	struct pgsql_param *pa = pgsql_param(st, i);

	if (pa != NULL)
		pa->type = type;
}

static void
pgsql_bind_null_int(struct db_stmt *st, int i)
{
	pgsql_bind_null_of(st, i, PGSQL_INT8OID);
}

static void
pgsql_bind_text(struct db_stmt *st, int i, const char *v)
{
	if (v == NULL)
		pgsql_bind_null_of(st, i, PGSQL_TEXTOID);
	else
		pgsql_bind(st, i, v, strlen(v), 0, PGSQL_TEXTOID);
}

static void
pgsql_bind_blob(struct db_stmt *st, int i, const void *v, size_t n)
{
	if (v == NULL)
		pgsql_bind_null_of(st, i, PGSQL_BYTEAOID);
	else
		pgsql_bind(st, i, v, n, 1, PGSQL_BYTEAOID);
}

/* Runs the statement with its parameters: DB_ROW, DB_DONE or an error. */
static int
pgsql_exec_stmt(struct pgsql_stmt *s)
{
	struct pgsql *p = (struct pgsql *)s->base.db;
	const char **values = NULL;
	int *lengths = NULL, *formats = NULL, rc;
	size_t n = (size_t)s->nparams;

	if (s->oom) {
		pgsql_set_errmsg(p, "out of memory binding a parameter");
		return ZK_ENOMEM;
	}
	if ((rc = pgsql_stmt_ready(s)) != 0)
		return rc;
	if (n > 0) {
		values = calloc(n, sizeof *values);
		lengths = calloc(n, sizeof *lengths);
		formats = calloc(n, sizeof *formats);
		if (values == NULL || lengths == NULL || formats == NULL) {
			pgsql_set_errmsg(p, "out of memory");
			rc = ZK_ENOMEM;
			goto out;
		}
		for (size_t i = 0; i < n; i++) {
			values[i] = s->params[i].data;
			lengths[i] = s->params[i].len;
			formats[i] = s->params[i].binary;
		}
	}
	s->res = PQexecPrepared(p->conn, s->name, s->nparams, values, lengths,
				formats, 0);
	switch (PQresultStatus(s->res)) {
	case PGRES_TUPLES_OK:
		pgsql_count(p, s->res);
		s->nrows = PQntuples(s->res);
		if (s->nrows > 0 && PQnfields(s->res) > 0) {
			s->blobs =
			    calloc((size_t)PQnfields(s->res), sizeof *s->blobs);
			if (s->blobs == NULL) {
				pgsql_stmt_clear(s);
				pgsql_set_errmsg(p, "out of memory");
				rc = ZK_ENOMEM;
				goto out;
			}
		}
		break;
	case PGRES_COMMAND_OK:
		pgsql_count(p, s->res);
		s->nrows = 0;
		break;
	default:
		rc = pgsql_fail(p, s->res);
		pgsql_stmt_clear(s);
		goto out;
	}
	s->row = 0;
	if (s->nrows > 0) {
		rc = DB_ROW;
	} else {
		pgsql_stmt_clear(s);
		rc = DB_DONE;
	}
out:
	free(values);
	free(lengths);
	free(formats);
	return rc;
}

/*
 * The first step runs the statement; the next ones walk its rows. After
 * DB_DONE or an error, a step runs it again (as sqlite3_step() resets a
 * finished statement by itself).
 */
static int
pgsql_step(struct db_stmt *st)
{
	struct pgsql_stmt *s = (struct pgsql_stmt *)st;

	if (s->res == NULL)
		return pgsql_exec_stmt(s);
	pgsql_stmt_clear_blobs(s);
	if (++s->row < s->nrows)
		return DB_ROW;
	pgsql_stmt_clear(s);
	return DB_DONE;
}

/* True when column i of the current row exists. */
static int
pgsql_has(struct pgsql_stmt *s, int i)
{
	return s->res != NULL && s->row >= 0 && s->row < s->nrows && i >= 0 &&
	       i < PQnfields(s->res);
}

static int
pgsql_column_null(struct db_stmt *st, int i)
{
	struct pgsql_stmt *s = (struct pgsql_stmt *)st;

	return !pgsql_has(s, i) || PQgetisnull(s->res, s->row, i);
}

static int64_t
pgsql_column_int64(struct db_stmt *st, int i)
{
	struct pgsql_stmt *s = (struct pgsql_stmt *)st;
	const char *v;

	if (pgsql_column_null(st, i))
		return 0;
	v = PQgetvalue(s->res, s->row, i);
	if (PQftype(s->res, i) == PGSQL_BOOLOID)
		return v[0] == 't';
	return strtoll(v, NULL, 10);
}

static const char *
pgsql_column_text(struct db_stmt *st, int i)
{
	struct pgsql_stmt *s = (struct pgsql_stmt *)st;

	if (pgsql_column_null(st, i))
		return NULL;
	return PQgetvalue(s->res, s->row, i);
}

/* Column i as bytes: a bytea decoded from its hex text, else the text. */
static const struct pgsql_blob *
pgsql_column(struct pgsql_stmt *s, int i)
{
	struct pgsql_blob *b;

	if (pgsql_column_null(&s->base, i))
		return NULL;
	b = &s->blobs[i];
	if (!b->done) {
		const char *v = PQgetvalue(s->res, s->row, i);

		if (PQftype(s->res, i) == PGSQL_BYTEAOID) {
			b->data =
			    PQunescapeBytea((const unsigned char *)v, &b->len);
			if (b->data == NULL)
				return NULL; /* out of memory */
		} else {
			b->len = (size_t)PQgetlength(s->res, s->row, i);
		}
		b->done = 1;
	}
	return b;
}

static const void *
pgsql_column_blob(struct db_stmt *st, int i)
{
	struct pgsql_stmt *s = (struct pgsql_stmt *)st;
	const struct pgsql_blob *b = pgsql_column(s, i);

	if (b == NULL)
		return NULL;
	if (b->data != NULL)
		return b->data;
	return PQgetvalue(s->res, s->row, i);
}

static size_t
pgsql_column_bytes(struct db_stmt *st, int i)
{
	const struct pgsql_blob *b = pgsql_column((struct pgsql_stmt *)st, i);

	return b != NULL ? b->len : 0;
}

static void
pgsql_reset(struct db_stmt *st)
{
	pgsql_stmt_clear((struct pgsql_stmt *)st);
}

/* --- the connection ------------------------------------------------------ */

static void
pgsql_close(struct db *db)
{
	struct pgsql *p = (struct pgsql *)db;

	for (int i = 0; i < p->nstmts; i++)
		pgsql_stmt_free(p->stmts[i]);
	free(p->stmts);
	/* The server drops the prepared statements with the session. */
	PQfinish(p->conn);
	free(p);
}

static const char *
pgsql_errmsg(struct db *db)
{
	return ((struct pgsql *)db)->errmsg;
}

static int
pgsql_exec(struct db *db, const char *sql)
{
	struct pgsql *p = (struct pgsql *)db;

	/* A script may end or roll back a transaction (or set zk.tenant)
	 * behind the driver's back. */
	p->tenant = PGSQL_TENANT_UNKNOWN;
	return pgsql_run(p, sql);
}

static int64_t
pgsql_changes(struct db *db)
{
	return ((struct pgsql *)db)->changes;
}

/*
 * A write transaction reads committed rows and takes the writer lock at
 * once; holding it, each statement sees every write committed before,
 * as under SQLite's BEGIN IMMEDIATE. A read transaction sees one
 * snapshot throughout.
 */
/*
 * A connection the server dropped (a restart, a fail-over to a standby)
 * is opened again before the next transaction: its prepared statements
 * and its zk.tenant are gone with it. What was in flight failed already.
 */
static int
pgsql_alive(struct pgsql *p)
{
	if (PQstatus(p->conn) == CONNECTION_OK)
		return 0;
	PQreset(p->conn);
	if (PQstatus(p->conn) != CONNECTION_OK) {
		pgsql_set_errmsg(p, PQerrorMessage(p->conn));
		return ZK_EIO;
	}
	for (int i = 0; i < p->nstmts; i++)
		p->stmts[i]->prepared = 0;
	p->tenant = PGSQL_TENANT_UNKNOWN;
	if (p->readonly)
		return pgsql_run(p, "SET default_transaction_read_only = on");
	return 0;
}

static int
pgsql_begin(struct db *db, int write)
{
	struct pgsql *p = (struct pgsql *)db;
	char lock[120];
	int rc;

	if ((rc = pgsql_alive(p)) != 0)
		return rc;
	if (!write)
		return pgsql_run(p, "BEGIN ISOLATION LEVEL REPEATABLE READ");
	/* One round trip: the transaction and its lock. */
	snprintf(lock, sizeof lock,
		 "BEGIN ISOLATION LEVEL READ COMMITTED;"
		 " SELECT pg_advisory_xact_lock(%" PRId64 ")",
		 PGSQL_WRITER_LOCK);
	rc = pgsql_run(p, lock);
	if (rc != 0 && pgsql_in_transaction(db)) {
		char msg[sizeof p->errmsg];

		memcpy(msg, p->errmsg, sizeof msg);
		pgsql_run(p, "ROLLBACK");
		memcpy(p->errmsg, msg, sizeof msg);
	}
	return rc;
}

/*
 * COMMIT of a transaction that a failed statement aborted succeeds on
 * the wire and answers "ROLLBACK": that is a failure to the caller.
 */
static int
pgsql_commit(struct db *db)
{
	struct pgsql *p = (struct pgsql *)db;
	PGresult *res;
	int rc = 0;

	res = PQexec(p->conn, "COMMIT");
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		rc = pgsql_fail(p, res);
		p->tenant = PGSQL_TENANT_UNKNOWN;
	} else if (strcmp(PQcmdStatus(res), "ROLLBACK") == 0) {
		pgsql_set_errmsg(p, "the transaction was aborted by an "
				    "earlier error and has been rolled back");
		rc = ZK_EIO;
		p->tenant = PGSQL_TENANT_UNKNOWN;
	}
	PQclear(res);
	return rc;
}

/* A rollback undoes the set_config() of db_tenant() too: forget it. */
static int
pgsql_rollback(struct db *db)
{
	struct pgsql *p = (struct pgsql *)db;

	p->tenant = PGSQL_TENANT_UNKNOWN;
	return pgsql_run(p, "ROLLBACK");
}

/*
 * Savepoints all share one name: PostgreSQL, like SQLite, releases or
 * rolls back to the innermost of several with the same name.
 */
static int
pgsql_savepoint(struct db *db)
{
	return pgsql_run((struct pgsql *)db, "SAVEPOINT op");
}

static int
pgsql_release(struct db *db)
{
	return pgsql_run((struct pgsql *)db, "RELEASE SAVEPOINT op");
}

/* The savepoint stays, as in SQLite, until it is released. */
static int
pgsql_rollback_to(struct db *db)
{
	struct pgsql *p = (struct pgsql *)db;

	p->tenant = PGSQL_TENANT_UNKNOWN;
	return pgsql_run(p, "ROLLBACK TO SAVEPOINT op");
}

static int
pgsql_in_transaction(struct db *db)
{
	switch (PQtransactionStatus(((struct pgsql *)db)->conn)) {
	case PQTRANS_INTRANS:
	case PQTRANS_INERROR:
	case PQTRANS_ACTIVE:
		return 1;
	default:
		return 0;
	}
}

/*
 * Sets zk.tenant, which the row-level security policies of the schema
 * read, unless the connection has it already. The setting is for the
 * session (is_local false) so that it outlives a commit.
 */
static int
pgsql_tenant(struct db *db, int64_t tenant)
{
	struct pgsql *p = (struct pgsql *)db;
	const char *values[1];
	char id[24];
	PGresult *res;
	int rc = 0;

	if (tenant == p->tenant)
		return 0;
	if (tenant == DB_ALL_TENANTS)
		zk_strlcpy(id, "*", sizeof id);
	else
		snprintf(id, sizeof id, "%" PRId64, tenant);
	values[0] = id;
	res = PQexecParams(p->conn, "SELECT set_config('zk.tenant', $1, false)",
			   1, NULL, values, NULL, NULL, 0);
	if (PQresultStatus(res) == PGRES_TUPLES_OK)
		p->tenant = tenant;
	else
		rc = pgsql_fail(p, res);
	PQclear(res);
	return rc;
}

/*
 * The first line of libpq's message about conn, with the password of
 * opts blotted out wherever it appears.
 */
static char *
pgsql_open_cause(PGconn *conn, const PQconninfoOption *opts)
{
	const char *msg = conn != NULL ? PQerrorMessage(conn) : "out of memory";
	const char *pw = NULL;
	char *line, *at;
	size_t n;

	for (const PQconninfoOption *o = opts; o != NULL && o->keyword != NULL;
	     o++) {
		if (strcmp(o->keyword, "password") == 0 && o->val != NULL &&
		    o->val[0] != '\0')
			pw = o->val;
	}
	n = strcspn(msg, "\n");
	line = zk_asprintf("PostgreSQL: %.*s", (int)n, msg);
	if (line == NULL || pw == NULL)
		return line;
	while ((at = strstr(line, pw)) != NULL)
		memset(at, '*', strlen(pw));
	return line;
}

int
db_pgsql_open(const char *conninfo, unsigned flags, struct db **out,
	      char **cause)
{
	/*
	 * conninfo comes after the fallback name (so that it may name the
	 * application itself) and before the encoding (so that it may not
	 * change it: the store reads and writes UTF-8).
	 */
	static const char *const keys[] = {"fallback_application_name",
					   "dbname", "client_encoding", NULL};
	const char *values[] = {"zorgkluis", conninfo, "UTF8", NULL};
	PQconninfoOption *opts;
	struct pgsql *p = NULL;
	PGconn *conn = NULL;
	char *err = NULL;
	int rc = 0;

	*out = NULL;
	/* libpq's complaint about a malformed string may quote a piece of
	 * it, the password perhaps: it is not repeated. */
	opts = PQconninfoParse(conninfo, &err);
	if (opts == NULL) {
		PQfreemem(err);
		return zk_fail(cause, err != NULL ? ZK_EINVAL : ZK_ENOMEM,
			       "PostgreSQL: the connection string is not "
			       "valid");
	}
	conn = PQconnectdbParams(keys, values, 1);
	if (conn == NULL || PQstatus(conn) != CONNECTION_OK) {
		if (cause != NULL && *cause == NULL)
			*cause = pgsql_open_cause(conn, opts);
		rc = conn == NULL ? ZK_ENOMEM : ZK_EIO;
		goto out;
	}
	PQsetNoticeProcessor(conn, pgsql_notice, NULL);
	p = calloc(1, sizeof *p);
	if (p == NULL) {
		rc = zk_fail(cause, ZK_ENOMEM, "out of memory");
		goto out;
	}
	p->base.ops = &pgsql_ops;
	p->base.engine = DB_PGSQL;
	p->conn = conn;
	p->tenant = PGSQL_TENANT_UNKNOWN;
	conn = NULL;
	/* DB_CREATE means nothing here: the database must exist. */
	if (flags & DB_READONLY) {
		p->readonly = 1;
		rc = pgsql_run(p, "SET default_transaction_read_only = on");
		if (rc != 0) {
			rc = zk_fail(cause, rc, "PostgreSQL: %s", p->errmsg);
			goto out;
		}
	}
	*out = &p->base;
	p = NULL;
out:
	if (p != NULL)
		pgsql_close(&p->base);
	PQfinish(conn);
	PQconninfoFree(opts);
	return rc;
}

static const struct db_ops pgsql_ops = {
    .close = pgsql_close,
    .errmsg = pgsql_errmsg,
    .exec = pgsql_exec,
    .prepare = pgsql_prepare,
    .bind_null = pgsql_bind_null,
    .bind_null_int = pgsql_bind_null_int,
    .bind_int64 = pgsql_bind_int64,
    .bind_text = pgsql_bind_text,
    .bind_blob = pgsql_bind_blob,
    .prepare_fresh = pgsql_prepare_fresh,
    .finalize = pgsql_finalize,
    .step = pgsql_step,
    .column_null = pgsql_column_null,
    .column_int64 = pgsql_column_int64,
    .column_text = pgsql_column_text,
    .column_blob = pgsql_column_blob,
    .column_bytes = pgsql_column_bytes,
    .reset = pgsql_reset,
    .changes = pgsql_changes,
    .begin = pgsql_begin,
    .commit = pgsql_commit,
    .rollback = pgsql_rollback,
    .savepoint = pgsql_savepoint,
    .release = pgsql_release,
    .rollback_to = pgsql_rollback_to,
    .in_transaction = pgsql_in_transaction,
    .tenant = pgsql_tenant,
};
