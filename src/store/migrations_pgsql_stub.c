/* Placeholder until the PostgreSQL migrations land. */
#include "store/migrations.h"

const struct store_migration store_migrations_pgsql[1];
const size_t store_migrations_pgsql_count = 0;
