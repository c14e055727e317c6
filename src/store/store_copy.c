/*
 * store_copy.c: copying a whole installation from one store to another,
 * on any pair of engines (zorgkluis migrate; issue 12).
 *
 * The copy is written once over the SQL driver (db.h). What it copies is
 * the list of tables below, parents before children, each with its
 * columns and their types: the driver has no portable way to ask for a
 * table's columns, and an explicit list means a column is never moved
 * under the wrong type. store_copy_check() compares the list with the
 * schema of a live database, through each engine's catalogue (the one
 * dialect difference here, next to the identity sequences), so a table
 * or column a later migration adds stops the copy with a message naming
 * it instead of being left behind. Both sides are checked before a row
 * moves, and tests/unit/test_store_copy.c runs the check on every engine.
 *
 * Rows move as they are: ids, hashes, sealed content and NULLs exactly,
 * inside the target's one write transaction, with both connections
 * acting for every organisation (DB_ALL_TENANTS), so that PostgreSQL's
 * row-level security shows and accepts all rows. Nothing is decrypted.
 *
 * schema_migration is not copied: the target's own migrations filled it,
 * and store_copy() refuses unless both are at the same version.
 *
 * Two tables are touched by triggers as rows arrive (010_relation_epoch):
 * inserting a care relation raises its tenant's relation epoch and
 * stamps the row. The stamp is set back to the source's value after each
 * insert, and relation_epoch, copied after care_relation, moves each row
 * forward to the source's value rather than inserting it twice.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/migrations.h"
#include "store/store_int.h"

/* Column types, in SQLite's spelling; PostgreSQL's are mapped to them. */
#define COPY_INT 'i'  /* INTEGER, bigint */
#define COPY_TEXT 't' /* TEXT, text */
#define COPY_BLOB 'b' /* BLOB, bytea */
/*
 * A sealed column SQLite declares TEXT but that always holds a blob:
 * PostgreSQL, which checks types, has it bytea (as the parity check
 * knows). Copied as a blob.
 */
#define COPY_SEALED_TEXT 'B'

#define COPY_MAX_COLS 32

struct copy_table {
	const char *name;
	const char *order; /* ORDER BY: the primary key */
	const char *cols;  /* "name:type ...", type one of COPY_* */
	int identity;	   /* id is an identity column on PostgreSQL */
	const char *stamp; /* a column a trigger sets on insert, or NULL */
	/*
	 * For a table whose rows triggers may have made already: an UPDATE
	 * taking the columns as ?1..?n; the INSERT runs only when it
	 * changed no row.
	 */
	const char *merge;
};

/*
 * Every table of the schema but schema_migration, parents before
 * children (store_copy_check() holds the foreign keys to this order).
 */
static const struct copy_table copy_tables[] = {
    {"tenant", "id", "id:i slug:t name:t created_at:t", 1, NULL, NULL},
    {"key_check", "name", "name:t value:b", 0, NULL, NULL},
    {"login_throttle", "key_hash", "key_hash:b failures:i last:i until:i", 0,
     NULL, NULL},
    {"profile_version", "id",
     "id:i tenant_id:i profile_id:t version:t published_on:t "
     "effective_on:t body:t installed_at:t",
     1, NULL, NULL},
    {"location", "id", "id:i tenant_id:i name:t address:t", 1, NULL, NULL},
    {"team", "id", "id:i tenant_id:i location_id:i name:t", 1, NULL, NULL},
    {"staff_user", "id",
     "id:i tenant_id:i uid:t username:t display_name:t password_hash:t "
     "confidentiality:t team_id:i totp_secret:b created_at:t "
     "disabled_at:t totp_confirmed_at:t totp_last_step:i "
     "password_change:i awaiting_approval:i",
     1, NULL, NULL},
    {"staff_role", "user_id, role", "user_id:i tenant_id:i role:t", 0, NULL,
     NULL},
    {"subject", "id",
     "id:i tenant_id:i uid:t kind:t team_id:i wrapped_key:b identity:b "
     "created_at:t updated_at:t key_destroyed_at:t key_gen:i",
     1, NULL, NULL},
    {"subject_identity_version", "id",
     "id:i tenant_id:i subject_id:i identity:b replaced_at:t "
     "replaced_by:t",
     1, NULL, NULL},
    {"representative", "id",
     "id:i tenant_id:i uid:t subject_id:i kind:t name:b declines:i "
     "absent:i created_at:t ended_at:t legal_consent:i ended_by:t "
     "changed_at:t",
     1, NULL, NULL},
    {"capacity_assessment", "id",
     "id:i tenant_id:i uid:t subject_id:i able:i assessed_on:t "
     "assessed_by:t matter:B created_at:t scope:t lapses_on:t",
     1, NULL, NULL},
    {"consent", "id",
     "id:i tenant_id:i uid:t subject_id:i representative_id:i "
     "representative_basis:t form:t evidence:t explicit:i purpose:t "
     "categories:t recipient_kind:t valid_from:t valid_until:t "
     "given_at:t recorded_by:t withdrawn_at:t withdrawn_by:t recipient:t "
     "withdrawn_basis:t",
     1, NULL, NULL},
    {"objection", "id",
     "id:i tenant_id:i uid:t subject_id:i purpose:t recipient_kind:t "
     "representative_id:i registered_at:t registered_by:t lifted_at:t "
     "representative_basis:t",
     1, NULL, NULL},
    {"privacy_notice", "id",
     "id:i tenant_id:i version:t published_on:t summary:t created_at:t", 1,
     NULL, NULL},
    {"information", "id",
     "id:i tenant_id:i uid:t subject_id:i notice_id:i informed_on:t how:t "
     "source:t recorded_by:t created_at:t",
     1, NULL, NULL},
    {"information_exemption", "id",
     "id:i tenant_id:i uid:t subject_id:i ground:t reason:B recorded_by:t "
     "created_at:t",
     1, NULL, NULL},
    {"care_relation", "id",
     "id:i tenant_id:i uid:t user_id:i subject_id:i relation:t "
     "valid_from:t valid_until:t created_at:t epoch:i",
     1, "epoch", NULL},
    /* After care_relation, whose inserts made or raised these rows. An
     * epoch only moves forward (a trigger refuses less): should the
     * source hold fewer than its relations raised here, as a database
     * older than 010 may, the higher one stays. */
    {"relation_epoch", "tenant_id", "tenant_id:i epoch:i reset:i", 0, NULL,
     "UPDATE relation_epoch"
     " SET epoch = CASE WHEN epoch > ?2 THEN epoch ELSE ?2 END,"
     " reset = CASE WHEN reset > ?3 THEN reset ELSE ?3 END"
     " WHERE tenant_id = ?1"},
    {"entry", "id",
     "id:i tenant_id:i uid:t subject_id:i category:t author_id:i "
     "purpose:t legal_basis:t content:b created_at:t corrects_id:i "
     "status:t meta_mac:b",
     1, NULL, NULL},
    {"entry_correction", "entry_id", "entry_id:i tenant_id:i reason:b", 0, NULL,
     NULL},
    {"break_glass", "id",
     "id:i tenant_id:i uid:t user_id:i subject_id:i reason:b "
     "granted_at:t expires_at:t reviewed_at:t reviewed_by:i verdict:t "
     "measure:b",
     1, NULL, NULL},
    {"subject_origin", "subject_id",
     "subject_id:i tenant_id:i source:b obtained_at:t", 0, NULL, NULL},
    {"request", "id",
     "id:i tenant_id:i uid:t subject_id:i kind:t received_on:t channel:t "
     "answer_channel:t representative_id:i basis:t id_document:t id_last:t "
     "state:t decision:t reasons:b excessive:i fee_cents:i extended_on:t "
     "explanation:t assignee_id:i details:b created_at:t decided_at:t "
     "carried_out_at:t closed_at:t refusal_ground:t",
     1, NULL, NULL},
    {"destruction", "id",
     "id:i tenant_id:i uid:t subject_id:i scope:t ground:t rule:t "
     "request_id:i categories:t entries:i key_gen:i destroyed_at:t "
     "destroyed_by:t",
     1, NULL, NULL},
    {"request_suspension", "id",
     "id:i tenant_id:i request_id:i from_on:t to_on:t", 1, NULL, NULL},
    {"request_withheld", "id",
     "id:i tenant_id:i request_id:i entry_id:i reason:b", 1, NULL, NULL},
    {"request_event", "id",
     "id:i tenant_id:i request_id:i at:t by_user:t what:t state:t", 1, NULL,
     NULL},
    {"request_change", "id",
     "id:i tenant_id:i uid:t request_id:i op:t entry_uid:t category:t "
     "content:b reason:b ground:t created_at:t created_by:t done_at:t "
     "result_uid:t",
     1, NULL, NULL},
    {"shield", "id",
     "id:i tenant_id:i uid:t subject_id:i entry_id:i category:t by_user:t "
     "request_id:i created_at:t lifted_at:t lifted_by:t",
     1, NULL, NULL},
    {"restriction", "id",
     "id:i tenant_id:i uid:t subject_id:i ground:t request_id:i by_user:t "
     "started_at:t notice_at:t notice_channel:t notice_by:t lifted_at:t "
     "lifted_by:t",
     1, NULL, NULL},
    {"recipient", "id",
     "id:i tenant_id:i uid:t name:t kind:t country:t certified:i "
     "confidentiality:t created_at:t created_by:t",
     1, NULL, NULL},
    {"disclosure", "id",
     "id:i tenant_id:i uid:t subject_id:i recipient_id:i ground:t "
     "consent_id:i statute:t exception_code:t purpose:t identifiable:i "
     "rule:t disclosed_on:t disclosed_at:t disclosed_by:t request_id:i",
     1, NULL, NULL},
    {"disclosure_item", "id",
     "id:i tenant_id:i disclosure_id:i category:t entry_id:i entry_uid:t", 1,
     NULL, NULL},
    {"recipient_notice", "id",
     "id:i tenant_id:i uid:t subject_id:i recipient_id:i change:t "
     "request_id:i entry_id:i state:t channel:t sent_on:t reason:b "
     "opened_at:t recorded_at:t recorded_by:t",
     1, NULL, NULL},
    {"processing_activity", "id",
     "id:i tenant_id:i uid:t purpose_id:t name:t purpose:t legal_basis:t "
     "subjects:t data_categories:t recipients:t transfers:t retention:t "
     "security:t created_at:t edited_at:t edited_by:t",
     1, NULL, NULL},
    {"processor", "id",
     "id:i tenant_id:i uid:t name:t processes:t country:t certified:i "
     "signed_on:t valid_until:t instruction:i security:i audit:i secrecy:i "
     "subprocessors:i breach:i created_at:t created_by:t updated_at:t "
     "updated_by:t",
     1, NULL, NULL},
    {"complaint", "id",
     "id:i tenant_id:i uid:t received_on:t channel:t complainant:t "
     "subject_id:i content:b wrapped_key:b status:t outcome:t closed_on:t "
     "created_at:t created_by:t updated_at:t updated_by:t",
     1, NULL, NULL},
    {"transfer", "id",
     "id:i tenant_id:i uid:t recipient:t processor_id:i country:t "
     "certified:i what:t basis:t basis_ref:t created_at:t created_by:t",
     1, NULL, NULL},
    {"subject_direct_address", "subject_id",
     "subject_id:i tenant_id:i reason:b recorded_by:t recorded_at:t", 0, NULL,
     NULL},
    {"kin_request", "request_id",
     "request_id:i tenant_id:i name:b relation:t ground:t decided_by:t "
     "decided_at:t categories:t entries:t",
     0, NULL, NULL},
    {"session", "token_hash",
     "token_hash:b tenant_id:i username:t bearer:i two_factor_required:i "
     "two_factor_ok:i created:i last_seen:i idle:i expires:i",
     0, NULL, NULL},
    {"portal_link", "id",
     "id:i tenant_id:i user_id:i subject_id:i representative_id:i "
     "created_at:t created_by:t",
     1, NULL, NULL},
    {"study", "id",
     "id:i tenant_id:i uid:t name:t purpose:t requester:t basis:t "
     "created_at:t created_by:t",
     1, NULL, NULL},
    {"study_condition", "id",
     "id:i tenant_id:i study_id:i res_condition:t role:t confirmed_by:t "
     "confirmed_at:t",
     1, NULL, NULL},
    {"study_export", "id",
     "id:i tenant_id:i uid:t study_id:i k:i generalisation:t "
     "smallest_class:i rows_released:i suppressed:i objected:i "
     "without_consent:i digest:t made_at:t made_by:t",
     1, NULL, NULL},
    {"study_note", "id",
     "id:i tenant_id:i subject_id:i study_id:i export_id:i noted_at:t", 1, NULL,
     NULL},
    {"staff_subject", "id",
     "id:i tenant_id:i user_id:i subject_id:i created_at:t created_by:t", 1,
     NULL, NULL},
    {"subject_public_figure", "id",
     "id:i tenant_id:i subject_id:i set_at:t set_by:t", 1, NULL, NULL},
    {"account_request", "id",
     "id:i tenant_id:i uid:t user_id:i kind:t roles:t requested_by:t "
     "requested_at:t status:t decided_by:t decided_at:t",
     1, NULL, NULL},
    {"invitation", "id",
     "id:i tenant_id:i user_id:i token_hash:b created_by:t created_at:t "
     "expires_at:i used_at:t",
     1, NULL, NULL},
    {"breach", "id",
     "id:i tenant_id:i uid:t aware_at:t categories:t people_approx:i "
     "records_approx:i details:b reported_at:t reported_by:t risk:t "
     "risk_reasons:b encrypted:i risk_removed:i disproportionate:i "
     "assessed_at:t assessed_by:t updated_at:t closed_at:t closed_by:t "
     "close_reason:b",
     1, NULL, NULL},
    {"breach_ap_notice", "id",
     "id:i tenant_id:i breach_id:i phase:i sent_at:t reference:t "
     "addition:b recorded_at:t recorded_by:t",
     1, NULL, NULL},
    {"breach_notified", "id",
     "id:i tenant_id:i breach_id:i who:b people:i how:t notified_at:t "
     "recorded_at:t recorded_by:t",
     1, NULL, NULL},
    {"audit_log", "id",
     "id:i tenant_id:i seq:i ts:t event:t action:t outcome:t checks:t "
     "reason:t rule:t user_uid:t user_role:t on_behalf_of:t "
     "access_point:t subject_uid:t object_type:t object_uid:t category:t "
     "purpose:t protocol:t consent_ref:t break_glass_ref:t source:t "
     "prev_hash:b hash:b role_code:t",
     1, NULL, NULL},
    {"audit_checkpoint", "id",
     "id:i tenant_id:i seq:i hash:b signed_at:t public_key:b signature:b", 1,
     NULL, NULL},
    {"audit_prune", "id",
     "id:i tenant_id:i first_seq:i prev_hash:b before_day:t pruned:i "
     "signed_at:t public_key:b signature:b",
     1, NULL, NULL},
    /* 031: after subject and entry, whose inserts made these rows by
     * trigger; the source's row replaces what the triggers made. */
    {"subject_retention", "subject_id",
     "subject_id:i tenant_id:i record_changed_on:t relationship_ended_on:t "
     "ended_by:t ended_at:t",
     0, NULL,
     "UPDATE subject_retention SET tenant_id = ?2, record_changed_on = ?3,"
     " relationship_ended_on = ?4, ended_by = ?5, ended_at = ?6"
     " WHERE subject_id = ?1"},
    {"retention_hold", "id",
     "id:i tenant_id:i uid:t subject_id:i category:t reason:b set_by:t "
     "since:t lifted_at:t lifted_by:t",
     1, NULL, NULL},
};

#define COPY_NTABLES (sizeof copy_tables / sizeof copy_tables[0])
_Static_assert(COPY_NTABLES <= STORE_COPY_MAX_TABLES,
	       "struct store_copy_result holds every table");

/* One table's columns, parsed from its cols string. */
struct copy_cols {
	int n;
	char names[COPY_MAX_COLS][48];
	char types[COPY_MAX_COLS];
};

static void
copy_cols_parse(const struct copy_table *t, struct copy_cols *c)
{
	const char *p = t->cols;

	c->n = 0;
	while (*p != '\0' && c->n < COPY_MAX_COLS) {
		size_t len = strcspn(p, ":");

		snprintf(c->names[c->n], sizeof c->names[c->n], "%.*s",
			 (int)len, p);
		p += len;
		c->types[c->n] = p[0] == ':' ? p[1] : '?';
		c->n++;
		p += strcspn(p, " ");
		p += strspn(p, " ");
	}
}

static const struct copy_table *
copy_table_find(const char *name, size_t *index)
{
	for (size_t i = 0; i < COPY_NTABLES; i++) {
		if (strcmp(copy_tables[i].name, name) == 0) {
			if (index != NULL)
				*index = i;
			return &copy_tables[i];
		}
	}
	return NULL;
}

/* --- dialect: the catalogue and the identity sequences --------------- */

/* Every column of every table: table, column, type. */
static const char copy_sql_columns_sqlite[] =
    "SELECT m.name, p.name, upper(p.type) FROM sqlite_master m"
    " JOIN pragma_table_info(m.name) p"
    " WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite!_%' ESCAPE '!'"
    " ORDER BY m.name, p.cid";
static const char copy_sql_columns_pgsql[] =
    "SELECT c.relname::text, a.attname::text,"
    " CASE format_type(a.atttypid, a.atttypmod)"
    "  WHEN 'bigint' THEN 'INTEGER' WHEN 'text' THEN 'TEXT'"
    "  WHEN 'bytea' THEN 'BLOB'"
    "  ELSE format_type(a.atttypid, a.atttypmod) END"
    " FROM pg_catalog.pg_class c"
    " JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid"
    " WHERE c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped"
    "  AND c.relnamespace = pg_catalog.current_schema()::regnamespace"
    " ORDER BY c.relname, a.attnum";

/* Every foreign key: the child table and its parent. */
static const char copy_sql_fkeys_sqlite[] =
    "SELECT m.name, f.\"table\" FROM sqlite_master m"
    " JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table'";
static const char copy_sql_fkeys_pgsql[] =
    "SELECT c.relname::text, p.relname::text"
    " FROM pg_catalog.pg_constraint k"
    " JOIN pg_catalog.pg_class c ON c.oid = k.conrelid"
    " JOIN pg_catalog.pg_class p ON p.oid = k.confrelid"
    " WHERE k.contype = 'f'"
    "  AND c.relnamespace = pg_catalog.current_schema()::regnamespace";

static int
copy_type_of(const char *sqltype)
{
	if (strcmp(sqltype, "INTEGER") == 0)
		return COPY_INT;
	if (strcmp(sqltype, "TEXT") == 0)
		return COPY_TEXT;
	if (strcmp(sqltype, "BLOB") == 0)
		return COPY_BLOB;
	return '?';
}

/*
 * PostgreSQL: an identity column accepts the ids given (GENERATED BY
 * DEFAULT) but its sequence does not see them; set it past the highest,
 * or the next row the store inserts collides with a copied one. SQLite
 * takes the next rowid from the table itself.
 */
static int
copy_identity_restart(struct db *db, const struct copy_table *t, char **cause)
{
	struct db_stmt *st;
	char *sql;
	int rc;

	if (db_engine(db) != DB_PGSQL || !t->identity)
		return 0;
	sql = zk_asprintf("SELECT pg_catalog.setval("
			  "pg_catalog.pg_get_serial_sequence('%s', 'id'),"
			  " max(id)) FROM %s",
			  t->name, t->name);
	if (sql == NULL)
		return ZK_ENOMEM;
	if ((rc = db_prepare_fresh(db, sql, &st)) == 0) {
		rc = store_code(db_step(st));
		db_finalize(st);
	}
	if (rc != 0)
		zk_fail(cause, rc, "cannot move the id sequence of %s: %s",
			t->name, db_errmsg(db));
	free(sql);
	return rc;
}

/* --- the schema check ------------------------------------------------- */

/* Compares the columns the catalogue shows with the list. */
static int
copy_check_columns(struct db *db, const char *side, char **cause)
{
	int counts[COPY_NTABLES];
	struct copy_cols cols;
	struct db_stmt *st;
	int rc;

	memset(counts, 0, sizeof counts);
	rc = db_prepare_fresh(db,
			      db_engine(db) == DB_PGSQL
				  ? copy_sql_columns_pgsql
				  : copy_sql_columns_sqlite,
			      &st);
	if (rc != 0)
		return zk_fail(cause, rc,
			       "cannot read the schema of the %s: %s", side,
			       db_errmsg(db));
	while ((rc = db_step(st)) == DB_ROW) {
		const char *table = db_column_text(st, 0);
		const char *col = db_column_text(st, 1);
		const char *type = db_column_text(st, 2);
		const struct copy_table *t;
		size_t ti;
		int found = 0;

		if (table == NULL || col == NULL || type == NULL)
			continue;
		if (strcmp(table, "schema_migration") == 0)
			continue;
		if ((t = copy_table_find(table, &ti)) == NULL) {
			rc = zk_fail(cause, ZK_ECORRUPT,
				     "the %s has a table %s that migrate does "
				     "not know (src/store/store_copy.c)",
				     side, table);
			goto out;
		}
		copy_cols_parse(t, &cols);
		for (int i = 0; i < cols.n; i++) {
			if (strcmp(cols.names[i], col) != 0)
				continue;
			found = 1;
			if (cols.types[i] != copy_type_of(type) &&
			    !(cols.types[i] == COPY_SEALED_TEXT &&
			      copy_type_of(type) == (db_engine(db) == DB_PGSQL
							 ? COPY_BLOB
							 : COPY_TEXT))) {
				rc = zk_fail(cause, ZK_ECORRUPT,
					     "the %s's column %s.%s is %s, "
					     "not what migrate copies "
					     "(src/store/store_copy.c)",
					     side, table, col, type);
				goto out;
			}
		}
		if (!found) {
			rc = zk_fail(cause, ZK_ECORRUPT,
				     "the %s has a column %s.%s that migrate "
				     "does not know (src/store/store_copy.c)",
				     side, table, col);
			goto out;
		}
		counts[ti]++;
	}
	if (rc != DB_DONE) {
		rc = zk_fail(cause, rc, "cannot read the schema of the %s: %s",
			     side, db_errmsg(db));
		goto out;
	}
	rc = 0;
	for (size_t i = 0; i < COPY_NTABLES; i++) {
		copy_cols_parse(&copy_tables[i], &cols);
		if (counts[i] != cols.n) {
			rc = zk_fail(cause, ZK_ECORRUPT,
				     "the %s's table %s lacks columns migrate "
				     "copies (src/store/store_copy.c)",
				     side, copy_tables[i].name);
			break;
		}
	}
out:
	db_finalize(st);
	return rc;
}

/* Every foreign key must point at a table copied before its own. */
static int
copy_check_order(struct db *db, const char *side, char **cause)
{
	struct db_stmt *st;
	int rc;

	rc = db_prepare_fresh(db,
			      db_engine(db) == DB_PGSQL ? copy_sql_fkeys_pgsql
							: copy_sql_fkeys_sqlite,
			      &st);
	if (rc != 0)
		return zk_fail(cause, rc,
			       "cannot read the schema of the %s: %s", side,
			       db_errmsg(db));
	while ((rc = db_step(st)) == DB_ROW) {
		const char *child = db_column_text(st, 0);
		const char *parent = db_column_text(st, 1);
		size_t ci, pi;

		if (child == NULL || parent == NULL ||
		    copy_table_find(child, &ci) == NULL)
			continue; /* an unknown table: copy_check_columns */
		if (copy_table_find(parent, &pi) == NULL || pi > ci) {
			rc = zk_fail(cause, ZK_ECORRUPT,
				     "migrate would copy %s before %s, which "
				     "it refers to (src/store/store_copy.c)",
				     child, parent);
			break;
		}
	}
	if (rc == DB_DONE)
		rc = 0;
	else if (rc == DB_ROW || rc > 0)
		rc = ZK_ECORRUPT;
	else if (cause != NULL && *cause == NULL)
		zk_fail(cause, rc, "cannot read the schema of the %s: %s", side,
			db_errmsg(db));
	db_finalize(st);
	return rc;
}

static int
copy_check(struct store *s, const char *side, char **cause)
{
	int rc;

	if ((rc = db_tenant(s->db, DB_ALL_TENANTS)) != 0)
		return zk_fail(cause, rc,
			       "cannot act for every organisation "
			       "on the %s: %s",
			       side, db_errmsg(s->db));
	if ((rc = copy_check_columns(s->db, side, cause)) != 0)
		return rc;
	return copy_check_order(s->db, side, cause);
}

int
store_copy_check(struct store *s, char **cause)
{
	return copy_check(s, "database", cause);
}

int
store_copy_ready(struct store *from, char **cause)
{
	size_t n = store_migrations_count;
	int newest = n > 0 ? store_migrations[n - 1].version : 0;

	if (from->version != newest)
		return zk_fail(cause, ZK_EINVAL,
			       "the source's schema is version %d and this "
			       "zorgkluis's %d; migrate copies only between "
			       "databases of the same version (let this "
			       "zorgkluis open the source once, e.g. with "
			       "serve, to bring it up to date)",
			       from->version, newest);
	return copy_check(from, "source", cause);
}

/* ZK_EEXIST, naming the table, when the store holds any row. */
static int
copy_check_empty(struct store *s, char **cause)
{
	for (size_t i = 0; i < COPY_NTABLES; i++) {
		struct db_stmt *st;
		char *sql;
		int rc;

		sql = zk_asprintf("SELECT 1 FROM %s LIMIT 1",
				  copy_tables[i].name);
		if (sql == NULL)
			return ZK_ENOMEM;
		if ((rc = db_prepare_fresh(s->db, sql, &st)) == 0) {
			rc = db_step(st);
			db_finalize(st);
		}
		free(sql);
		if (rc == DB_ROW)
			return zk_fail(cause, ZK_EEXIST,
				       "the target is not empty (table %s "
				       "holds rows); migrate copies only into "
				       "an empty database",
				       copy_tables[i].name);
		if (rc != DB_DONE)
			return zk_fail(cause, rc,
				       "cannot read the target's table %s: %s",
				       copy_tables[i].name, db_errmsg(s->db));
	}
	return 0;
}

/* --- copying ----------------------------------------------------------- */

/* Binds column i of the source row to parameter i + 1 of ins. */
static void
copy_bind(struct db_stmt *ins, struct db_stmt *row, int i, char type)
{
	if (db_column_null(row, i)) {
		if (type == COPY_INT)
			db_bind_null_int(ins, i + 1);
		else if (type == COPY_BLOB || type == COPY_SEALED_TEXT)
			db_bind_blob(ins, i + 1, NULL, 0);
		else
			db_bind_text(ins, i + 1, NULL);
		return;
	}
	switch (type) {
	case COPY_INT:
		db_bind_int64(ins, i + 1, db_column_int64(row, i));
		break;
	case COPY_BLOB:
	case COPY_SEALED_TEXT: {
		const void *v = db_column_blob(row, i);

		/* An empty blob is not NULL: bind it as such. */
		db_bind_blob(ins, i + 1, v != NULL ? v : "",
			     db_column_bytes(row, i));
		break;
	}
	default:
		db_bind_text(ins, i + 1, db_column_text(row, i));
		break;
	}
}

/* The text of "SELECT cols", "INSERT ... VALUES (?1..?n)" and the stamp. */
struct copy_sql {
	char *select, *insert, *stamp;
};

static void
copy_sql_free(struct copy_sql *q)
{
	free(q->select);
	free(q->insert);
	free(q->stamp);
}

static int
copy_sql_make(const struct copy_table *t, const struct copy_cols *c,
	      struct copy_sql *q)
{
	char list[1024], params[256];
	size_t ln = 0, pn = 0;

	memset(q, 0, sizeof *q);
	list[0] = params[0] = '\0';
	for (int i = 0; i < c->n; i++) {
		ln += (size_t)snprintf(list + ln, sizeof list - ln, "%s%s",
				       i ? ", " : "", c->names[i]);
		pn += (size_t)snprintf(params + pn, sizeof params - pn, "%s?%d",
				       i ? ", " : "", i + 1);
		if (ln >= sizeof list || pn >= sizeof params)
			return ZK_ETOOBIG;
	}
	q->select = zk_asprintf("SELECT %s FROM %s ORDER BY %s", list, t->name,
				t->order);
	q->insert = zk_asprintf("INSERT INTO %s (%s) VALUES (%s)", t->name,
				list, params);
	if (t->stamp != NULL) {
		int at = -1;

		for (int i = 0; i < c->n; i++)
			if (strcmp(c->names[i], t->stamp) == 0)
				at = i;
		if (at < 0 || strcmp(c->names[0], "id") != 0)
			return ZK_EINVAL;
		q->stamp = zk_asprintf("UPDATE %s SET %s = ?%d WHERE id = ?1",
				       t->name, t->stamp, at + 1);
		if (q->stamp == NULL)
			return ZK_ENOMEM;
	}
	if (q->select == NULL || q->insert == NULL)
		return ZK_ENOMEM;
	return 0;
}

/* Runs st with the row's columns bound; 0 or an error. */
static int
copy_run(struct db_stmt *st, struct db_stmt *row, const struct copy_cols *c)
{
	int rc;

	for (int i = 0; i < c->n; i++)
		copy_bind(st, row, i, c->types[i]);
	rc = store_code(db_step(st));
	db_reset(st);
	return rc;
}

static int
copy_table(struct store *from, struct store *to, const struct copy_table *t,
	   int64_t *rows, char **cause)
{
	struct db_stmt *sel = NULL, *ins = NULL, *stamp = NULL, *merge = NULL;
	struct copy_cols c;
	struct copy_sql q;
	int rc, writing = 0;

	*rows = 0;
	copy_cols_parse(t, &c);
	if ((rc = copy_sql_make(t, &c, &q)) != 0) {
		zk_fail(cause, rc, "cannot build the statements for %s",
			t->name);
		goto out;
	}
	if ((rc = db_tenant(from->db, DB_ALL_TENANTS)) != 0 ||
	    (rc = db_prepare_fresh(from->db, q.select, &sel)) != 0) {
		zk_fail(cause, rc, "cannot read the source's table %s: %s",
			t->name, db_errmsg(from->db));
		goto out;
	}
	if ((rc = db_tenant(to->db, DB_ALL_TENANTS)) != 0 ||
	    (rc = db_prepare_fresh(to->db, q.insert, &ins)) != 0 ||
	    (q.stamp != NULL &&
	     (rc = db_prepare_fresh(to->db, q.stamp, &stamp)) != 0) ||
	    (t->merge != NULL &&
	     (rc = db_prepare_fresh(to->db, t->merge, &merge)) != 0)) {
		zk_fail(cause, rc, "cannot write the target's table %s: %s",
			t->name, db_errmsg(to->db));
		goto out;
	}
	while ((rc = db_step(sel)) == DB_ROW) {
		int merged = 0;

		writing = 1;
		if (merge != NULL) {
			if ((rc = copy_run(merge, sel, &c)) != 0)
				break;
			merged = db_changes(to->db) > 0;
		}
		if ((!merged && (rc = copy_run(ins, sel, &c)) != 0) ||
		    (stamp != NULL && (rc = copy_run(stamp, sel, &c)) != 0))
			break;
		writing = 0;
		(*rows)++;
	}
	if (rc == DB_DONE)
		rc = copy_identity_restart(to->db, t, cause);
	else if (writing)
		zk_fail(cause, rc, "cannot copy row %lld of %s: %s",
			(long long)*rows + 1, t->name, db_errmsg(to->db));
	else
		zk_fail(cause, rc, "cannot read the source's table %s: %s",
			t->name, db_errmsg(from->db));
out:
	if (sel != NULL)
		db_finalize(sel);
	if (ins != NULL)
		db_finalize(ins);
	if (stamp != NULL)
		db_finalize(stamp);
	if (merge != NULL)
		db_finalize(merge);
	copy_sql_free(&q);
	return rc;
}

int
store_copy(struct store *from, struct store *to, struct store_copy_result *res,
	   char **cause)
{
	int rc;

	memset(res, 0, sizeof *res);
	if (!to->batch || to->depth != 0)
		return zk_fail(cause, ZK_EINVAL,
			       "the copy needs the target's batch "
			       "transaction (store_batch_begin)");
	if (from->version != to->version)
		return zk_fail(cause, ZK_EINVAL,
			       "the source's schema is version %d and the "
			       "target's %d; migrate copies only between "
			       "databases of the same zorgkluis version",
			       from->version, to->version);
	if ((rc = copy_check(from, "source", cause)) != 0 ||
	    (rc = copy_check(to, "target", cause)) != 0 ||
	    (rc = copy_check_empty(to, cause)) != 0)
		return rc;
	/* One snapshot of the source, whatever writes it meanwhile. */
	if ((rc = db_begin(from->db, 0)) != 0)
		return zk_fail(cause, rc, "cannot read the source: %s",
			       db_errmsg(from->db));
	for (size_t i = 0; i < COPY_NTABLES; i++) {
		struct store_copy_count *n = &res->tables[res->ntables];
		const struct copy_table *t = &copy_tables[i];

		if ((rc = copy_table(from, to, t, &n->rows, cause)) != 0)
			break;
		n->table = t->name;
		res->ntables++;
		res->rows += n->rows;
		if (strcmp(t->name, "tenant") == 0)
			res->tenants = n->rows;
		else if (strcmp(t->name, "audit_log") == 0)
			res->log_entries = n->rows;
	}
	db_rollback(from->db);
	/* A statement that failed inside the target's transaction leaves it
	 * to the caller's store_batch_rollback(). */
	return rc;
}
