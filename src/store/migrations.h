/*
 * migrations.h: the numbered SQL migrations, compiled in from
 * src/store/migrations/NNN_name.sql by cmake/embed_migrations.cmake.
 */
#ifndef ZK_MIGRATIONS_H
#define ZK_MIGRATIONS_H

#include <stddef.h>

struct store_migration {
	int version;
	const char *name;
	const char *sql;
};

extern const struct store_migration store_migrations[];
extern const size_t store_migrations_count;
extern const struct store_migration store_migrations_pgsql[];
extern const size_t store_migrations_pgsql_count;

#endif
