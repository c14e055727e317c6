/* Placeholder until the libpq driver lands. */
#include "core/zk.h"
#include "store/db_int.h"
#include "store/migrations.h"

int
db_pgsql_open(const char *conninfo, unsigned flags, struct db **out,
	      char **cause)
{
	(void)conninfo;
	(void)flags;
	*out = NULL;
	return zk_fail(cause, ZK_EIO, "PostgreSQL is not available");
}

const struct store_migration store_migrations_pgsql[1];
const size_t store_migrations_pgsql_count = 0;
