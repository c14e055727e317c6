/*
 * keys.c: creates and loads the key directory described in keys.h.
 */
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>
#include <sodium.h>

#include "core/zk.h"
#include "crypto/keys.h"
#include "store/db.h"

/*
 * Decrypted content passes through jansson (parsed bodies, an opened
 * identity, an answer being written): whatever jansson frees is wiped
 * first, so no plaintext stays behind in freed memory.
 */
static void
crypto_json_free(void *p)
{
	if (p == NULL)
		return;
	sodium_memzero(p, malloc_usable_size(p));
	free(p);
}

static void
crypto_setup(void)
{
	json_set_alloc_funcs(malloc, crypto_json_free);
}

int
crypto_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, crypto_setup);
	return sodium_init() < 0 ? ZK_ECRYPTO : 0;
}

int
keys_dir_choose(const char *explicit_dir, const char *db, char *out, size_t n)
{
	const char *env = getenv("ZORGKLUIS_KEYS");
	int w;

	if (explicit_dir != NULL && explicit_dir[0] != '\0')
		w = snprintf(out, n, "%s", explicit_dir);
	else if (env != NULL && env[0] != '\0')
		w = snprintf(out, n, "%s", env);
	else if (db_engine_of(db) == DB_PGSQL)
		return ZK_ENOTFOUND; /* a server keeps no directory beside it */
	else
		w = snprintf(out, n, "%s.keys", db);
	return w < 0 || (size_t)w >= n ? ZK_EINVAL : 0;
}

int
keys_path(const struct keyring *k, const char *file, char *out, size_t n)
{
	int w = snprintf(out, n, "%s/%s", k->dir, file);

	return w < 0 || (size_t)w >= n ? ZK_EINVAL : 0;
}

static int
keys_write(const char *dir, const char *file, const unsigned char *key,
	   size_t len, char **cause)
{
	char path[4200], hex[2 * 64 + 2];
	struct stat st;
	int rc;

	snprintf(path, sizeof path, "%s/%s", dir, file);
	if (stat(path, &st) == 0)
		return zk_fail(cause, ZK_EEXIST,
			       "%s exists; refusing to replace a key", path);
	sodium_bin2hex(hex, sizeof hex, key, len);
	hex[2 * len] = '\n';
	rc = zk_file_write_atomic(path, hex, 2 * len + 1, 0600, cause);
	sodium_memzero(hex, sizeof hex);
	return rc;
}

int
keys_create(const char *dir, char **cause)
{
	unsigned char master[32], audit[32], sk[64], pk[32];
	int rc;

	if ((rc = crypto_init()) != 0)
		return zk_fail(cause, rc, "cannot initialise libsodium");
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return zk_fail(cause, ZK_EIO,
			       "cannot create key directory %s: %s", dir,
			       strerror(errno));
	randombytes_buf(master, sizeof master);
	randombytes_buf(audit, sizeof audit);
	crypto_sign_keypair(pk, sk);
	if ((rc = keys_write(dir, "master.key", master, 32, cause)) == 0 &&
	    (rc = keys_write(dir, "audit.key", audit, 32, cause)) == 0 &&
	    (rc = keys_write(dir, "signing.key", sk, 64, cause)) == 0)
		rc = keys_write(dir, "signing.pub", pk, 32, cause);
	sodium_memzero(master, sizeof master);
	sodium_memzero(audit, sizeof audit);
	sodium_memzero(sk, sizeof sk);
	return rc;
}

/*
 * SEC-1: like ssh, a secret key that group or others may read (or
 * write) is refused rather than used: whoever else can read it can read
 * every record, or forge the log.
 */
static int
keys_check_mode(const char *path, int secret, char **cause)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return 0; /* reading it says what is wrong */
	if (secret && (st.st_mode & 077) != 0)
		return zk_fail(cause, ZK_ECRYPTO,
			       "%s is accessible by group or others (mode "
			       "%04o); refusing to use it (chmod 600 %s)",
			       path, (unsigned)(st.st_mode & 07777), path);
	if (!secret && (st.st_mode & 022) != 0)
		return zk_fail(cause, ZK_ECRYPTO,
			       "%s is writable by group or others (mode "
			       "%04o); refusing to use it (chmod 644 %s)",
			       path, (unsigned)(st.st_mode & 07777), path);
	return 0;
}

static int
keys_read(const char *dir, const char *file, int secret, unsigned char *key,
	  size_t len, char **cause)
{
	char path[4200], *text = NULL;
	size_t tlen = 0, got = 0;
	int rc;

	snprintf(path, sizeof path, "%s/%s", dir, file);
	if ((rc = keys_check_mode(path, secret, cause)) != 0)
		return rc;
	rc = zk_file_read(path, 1024, &text, &tlen, cause);
	if (rc != 0) {
		free(text);
		return rc == ZK_ENOMEM ? rc : ZK_ECRYPTO;
	}
	if (sodium_hex2bin(key, len, text, tlen, " \r\n", &got, NULL) != 0 ||
	    got != len)
		rc = zk_fail(cause, ZK_ECRYPTO,
			     "%s: not a key of %zu bytes in hex", path, len);
	sodium_memzero(text, tlen);
	free(text);
	return rc;
}

int
keys_open(const char *dir, unsigned what, struct keyring **out, char **cause)
{
	struct keyring *k;
	struct stat st;
	int rc = 0;

	*out = NULL;
	if ((rc = crypto_init()) != 0)
		return zk_fail(cause, rc, "cannot initialise libsodium");
	k = sodium_malloc(sizeof *k);
	if (k == NULL)
		return ZK_ENOMEM;
	memset(k, 0, sizeof *k);
	if (strlen(dir) >= sizeof k->dir) {
		rc = zk_fail(cause, ZK_EINVAL, "key directory path too long");
		goto out;
	}
	zk_strlcpy(k->dir, dir, sizeof k->dir);
	/* SEC-1: nobody else may put keys or a witness into the directory. */
	if (stat(dir, &st) == 0 && (st.st_mode & 022) != 0) {
		rc = zk_fail(cause, ZK_ECRYPTO,
			     "key directory %s is writable by group or others "
			     "(mode %04o); refusing to use it (chmod 700 %s)",
			     dir, (unsigned)(st.st_mode & 07777), dir);
		goto out;
	}
	if ((what & KEYS_MASTER) &&
	    (rc = keys_read(dir, "master.key", 1, k->master, 32, cause)) != 0)
		goto out;
	if ((what & KEYS_AUDIT) &&
	    (rc = keys_read(dir, "audit.key", 1, k->audit, 32, cause)) != 0)
		goto out;
	if (what & KEYS_SIGN) {
		if ((rc = keys_read(dir, "signing.key", 1, k->sign_sk, 64,
				    cause)) != 0)
			goto out;
		crypto_sign_ed25519_sk_to_pk(k->sign_pk, k->sign_sk);
	}
	if (what & KEYS_VERIFY) {
		unsigned char pk[32];

		if ((rc = keys_read(dir, "signing.pub", 0, pk, 32, cause)) != 0)
			goto out;
		if ((what & KEYS_SIGN) && sodium_memcmp(pk, k->sign_pk, 32)) {
			rc = zk_fail(cause, ZK_ECRYPTO,
				     "%s: signing.pub does not match "
				     "signing.key",
				     dir);
			goto out;
		}
		memcpy(k->sign_pk, pk, 32);
	}
	k->have = what;
	*out = k;
	k = NULL;
out:
	keys_free(k);
	return rc;
}

void
keys_free(struct keyring *k)
{
	if (k == NULL)
		return;
	sodium_free(k); /* wipes the memory before releasing it */
}

/*
 * SEC-1: the check value of a key: BLAKE2b-256 keyed with the key, over a
 * fixed label, personalised so that it is no MAC the key makes elsewhere.
 * It confirms a key and tells nothing about it. For the signing key it is
 * a hash of the public key.
 */
int
keys_check_value(const struct keyring *k, unsigned which,
		 unsigned char out[KEYS_CHECK_BYTES])
{
	static const unsigned char personal[16] = "zk-keycheck-v1";
	static const unsigned char salt[16] = {0};
	const unsigned char *key;
	const char *label;
	size_t klen;

	switch (which) {
	case KEYS_MASTER:
		key = k->master, klen = 32, label = "zorgkluis master.key";
		break;
	case KEYS_AUDIT:
		key = k->audit, klen = 32, label = "zorgkluis audit.key";
		break;
	case KEYS_SIGN:
	case KEYS_VERIFY:
		key = NULL, klen = 0, label = "zorgkluis signing key";
		break;
	default:
		return ZK_EINVAL;
	}
	if (!(k->have & which))
		return ZK_ECRYPTO;
	if (key == NULL) {
		unsigned char msg[64];
		size_t n = strlen(label);

		memcpy(msg, label, n);
		memcpy(msg + n, k->sign_pk, 32);
		return crypto_generichash_blake2b_salt_personal(
			   out, KEYS_CHECK_BYTES, msg, n + 32, NULL, 0, salt,
			   personal) == 0
			   ? 0
			   : ZK_ECRYPTO;
	}
	return crypto_generichash_blake2b_salt_personal(
		   out, KEYS_CHECK_BYTES, (const unsigned char *)label,
		   strlen(label), key, klen, salt, personal) == 0
		   ? 0
		   : ZK_ECRYPTO;
}
