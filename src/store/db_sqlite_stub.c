/*
 * db_sqlite_stub.c: stands in for db_sqlite.c, which is being written
 * beside the PostgreSQL driver, so that db.c links. Delete it when
 * db_sqlite.c lands.
 */
#include "core/zk.h"
#include "store/db_int.h"

int
db_sqlite_open(const char *path, unsigned flags, struct db **out, char **cause)
{
	(void)path;
	(void)flags;
	*out = NULL;
	return zk_fail(cause, ZK_EIO, "the SQLite driver is not built yet");
}
