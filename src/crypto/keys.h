/*
 * keys.h: the installation's secret keys, kept in a key directory outside
 * the database (docs/keys.md):
 *
 *   master.key    wraps each tenant's subject keys (sealed content)
 *   audit.key     keys the hash chain of the audit log (LOG-3)
 *   signing.key   Ed25519 key that signs audit checkpoints
 *   signing.pub   its public half, enough to check the signatures
 *   audit.head    the latest signed checkpoint of each tenant (witness)
 *
 * Key files hold hex text and are created with mode 0600 in a 0700
 * directory. By default the directory is "<database>.keys"; the
 * environment variable ZORGKLUIS_KEYS or a --keys option points elsewhere,
 * for instance to a separate volume.
 */
#ifndef ZK_KEYS_H
#define ZK_KEYS_H

#include <stddef.h>
#include <stdint.h>

#define KEYS_MASTER 0x01u
#define KEYS_AUDIT 0x02u
#define KEYS_SIGN 0x04u	  /* the secret signing key */
#define KEYS_VERIFY 0x08u /* the public signing key only */
#define KEYS_ALL (KEYS_MASTER | KEYS_AUDIT | KEYS_SIGN | KEYS_VERIFY)

struct keyring {
	unsigned have; /* KEYS_ bits loaded */
	unsigned char master[32];
	unsigned char audit[32];
	unsigned char sign_sk[64];
	unsigned char sign_pk[32];
	char dir[4096];
};

/* Initialises libsodium; call once before any other crypto function. */
int crypto_init(void);

/*
 * Chooses the key directory: explicit (if not NULL), else $ZORGKLUIS_KEYS,
 * else "<db>.keys" for a SQLite file. Writes it into out (size n).
 * ZK_ENOTFOUND for a PostgreSQL database without either: its keys must
 * be named, as they are kept apart from the database server.
 */
int keys_dir_choose(const char *explicit_dir, const char *db, char *out,
		    size_t n);

/* Creates a new key directory with fresh keys; fails if keys exist. */
int keys_create(const char *dir, char **cause);

/* Loads the keys named by the KEYS_ bits in what. */
int keys_open(const char *dir, unsigned what, struct keyring **out,
	      char **cause);

/* Wipes and frees; NULL is a no-op. */
void keys_free(struct keyring *k);

/*
 * SEC-1: the check value of one loaded key (which: KEYS_MASTER,
 * KEYS_AUDIT, or KEYS_SIGN/KEYS_VERIFY for the signing key pair), kept in
 * the database to recognise the keys that belong to it (docs/keys.md).
 * ZK_ECRYPTO when that key is not loaded.
 */
#define KEYS_CHECK_BYTES 32
int keys_check_value(const struct keyring *k, unsigned which,
		     unsigned char out[KEYS_CHECK_BYTES]);

/* Path of a file in the key directory, into out (size n). */
int keys_path(const struct keyring *k, const char *file, char *out, size_t n);

#endif
