/*
 * keystore.h: the subject key store (ERA-5, docs/keys.md). Each subject's
 * key lives in the key directory, not in the database, one small file per
 * subject and key generation:
 *
 *   <keydir>/subjects/<tenant>/<subject-uid>.<gen>.key
 *
 * holding the key wrapped by the tenant's key (derived from master.key),
 * in hex, exactly as the database held it before migration 025. The key
 * store alone therefore reveals nothing; a database copy alone neither.
 * Destroying a key overwrites and unlinks its file and leaves a tombstone
 * beside it, <subject-uid>.<gen>.erased, holding only the date: no secret.
 * A tombstone is never removed, so that no key-store backup brings the key
 * back (keystore_import) and a restored database knows the subject was
 * erased (docs/keys.md).
 *
 * Files are written atomically (temporary file, fsync, rename, fsync of
 * the directory), mode 0600 in 0700 directories. A key file or directory
 * that group or others may access is refused, like the other keys.
 */
#ifndef ZK_KEYSTORE_H
#define ZK_KEYSTORE_H

#include <stddef.h>
#include <stdint.h>

/* The longest wrapped key the store holds. */
#define KEYSTORE_MAX_WRAPPED 96

/*
 * Writes the wrapped key of (tenant, uid, gen), replacing a file of the
 * same name (the move at start is idempotent). ZK_ECONFLICT when the key
 * has a tombstone: a destroyed key is never written again.
 */
int keystore_put(const char *dir, int64_t tenant, const char *uid, int gen,
		 const unsigned char *wrapped, size_t len, char **cause);

/*
 * Reads the wrapped key into wrapped (KEYSTORE_MAX_WRAPPED bytes), its
 * length into *len. ZK_ENOTFOUND when there is no file (*cause says
 * whether a tombstone is there), ZK_ECRYPTO for a file group or others may
 * access, ZK_ECORRUPT for a file that holds no key.
 */
int keystore_get(const char *dir, int64_t tenant, const char *uid, int gen,
		 unsigned char *wrapped, size_t *len, char **cause);

/* 1 when the key file of (tenant, uid, gen) exists, else 0. */
int keystore_exists(const char *dir, int64_t tenant, const char *uid, int gen);

/*
 * Destroys a key: writes the tombstone (dated day), overwrites the key
 * file with zeros, syncs it, unlinks it and syncs the directory. A key
 * already gone gets its tombstone all the same. 0 or an error.
 */
int keystore_destroy(const char *dir, int64_t tenant, const char *uid, int gen,
		     int32_t day, char **cause);

/*
 * The tombstone of (tenant, uid, gen): its date in *day. ZK_ENOTFOUND when
 * there is none.
 */
int keystore_tombstone(const char *dir, int64_t tenant, const char *uid,
		       int gen, int32_t *day);

/*
 * Key-store backups (docs/keys.md). keystore_export writes every key file
 * of dir (not the tombstones) into one file at out, mode 0600, refusing an
 * existing file; it expires on day expires. keystore_import reads such a
 * file back into dir: refused after its expiry (today is the day to
 * compare with), and a key that has a tombstone in dir is skipped, never
 * restored; a key file that exists is left alone. *restored and *skipped
 * count them (either may be NULL).
 */
int keystore_export(const char *dir, const char *out, int32_t expires,
		    int *nkeys, char **cause);
int keystore_import(const char *dir, const char *from, int32_t today,
		    int *restored, int *skipped, char **cause);

#endif
