/*
 * migrations.h: the numbered SQL migrations, compiled in by
 * cmake/embed_migrations.cmake: those of SQLite from
 * src/store/migrations/NNN_name.sql, those of PostgreSQL from
 * src/store/migrations/pgsql/NNN_name.sql. The build fails unless both
 * lists hold the same versions and names, in the same order, so that a
 * database reaches the same schema in the same steps on either engine
 * (scripts/check-schema-parity.sh compares the schemas themselves).
 */
#ifndef ZK_MIGRATIONS_H
#define ZK_MIGRATIONS_H

#include <stddef.h>

struct store_migration {
	int version;
	const char *name;
	const char *sql;
};

/* SQLite. */
extern const struct store_migration store_migrations[];
extern const size_t store_migrations_count;
/* PostgreSQL: entry i has the version and name of store_migrations[i]. */
extern const struct store_migration store_migrations_pgsql[];
extern const size_t store_migrations_pgsql_count;

#endif
