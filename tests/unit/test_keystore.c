/*
 * test_keystore.c: the subject key store (crypto/keystore.c, ERA-5):
 * atomic writes with the right modes, destroying a key and its
 * tombstone, bad files, wrong permissions, and key-store backups that
 * expire (ERA-3) and never bring a destroyed key back.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crypto/keystore.h"
#include "support/support.h"

#define KS_UID "0b7c1f1e-5a6e-4c43-9d58-0e2f0a6b9c11"
#define KS_UID2 "6f1d2c3b-4a59-4e68-8f70-112233445566"

static void
ks_path(char *out, size_t n, const char *dir, const char *uid, int gen,
	const char *suffix)
{
	snprintf(out, n, "%s/subjects/1/%s.%d.%s", dir, uid, gen, suffix);
}

static unsigned
ks_mode(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return (unsigned)(st.st_mode & 0777);
}

/* ERA-5: written atomically, 0600 in 0700, read back as written. */
static void
test_keystore_put_get(void **state)
{
	unsigned char w[72], r[KEYSTORE_MAX_WRAPPED];
	const char *dir = test_tmpdir();
	char p[4300], *cause = NULL;
	size_t len;

	(void)state;
	for (size_t i = 0; i < sizeof w; i++)
		w[i] = (unsigned char)(i * 7 + 1);
	assert_int_equal(keystore_put(dir, 1, KS_UID, 0, w, sizeof w, &cause),
			 0);
	ks_path(p, sizeof p, dir, KS_UID, 0, "key");
	assert_int_equal(ks_mode(p), 0600);
	snprintf(p, sizeof p, "%s/subjects/1", dir);
	assert_int_equal(ks_mode(p), 0700);
	snprintf(p, sizeof p, "%s/subjects", dir);
	assert_int_equal(ks_mode(p), 0700);
	assert_int_equal(keystore_get(dir, 1, KS_UID, 0, r, &len, &cause), 0);
	assert_int_equal(len, sizeof w);
	assert_memory_equal(r, w, sizeof w);
	/* Written again (the move at start is idempotent). */
	assert_int_equal(keystore_put(dir, 1, KS_UID, 0, w, sizeof w, &cause),
			 0);
	assert_true(keystore_exists(dir, 1, KS_UID, 0));
	assert_false(keystore_exists(dir, 1, KS_UID, 1));
	/* No temporary file is left behind. */
	snprintf(p, sizeof p, "%s/subjects/1/%s.0.key.tmp.%ld", dir, KS_UID,
		 (long)getpid());
	assert_int_not_equal(access(p, F_OK), 0);
	/* A missing key is ZK_ENOTFOUND naming the subject. */
	assert_int_equal(keystore_get(dir, 1, KS_UID2, 0, r, &len, &cause),
			 ZK_ENOTFOUND);
	assert_non_null(strstr(cause, KS_UID2));
	free(cause);
	/* A name that is no uid never becomes a path. */
	cause = NULL;
	assert_int_equal(keystore_put(dir, 1, "../../x", 0, w, 8, &cause),
			 ZK_EINVAL);
	free(cause);
	cause = NULL;
	assert_int_equal(keystore_put(dir, 0, KS_UID, 0, w, 8, &cause),
			 ZK_EINVAL);
	free(cause);
}

/* ERA-5: destroyed means gone, with a tombstone that holds no secret. */
static void
test_keystore_destroy(void **state)
{
	unsigned char w[72], r[KEYSTORE_MAX_WRAPPED];
	const char *dir = test_tmpdir();
	char p[4300], *cause = NULL, *text = NULL;
	int32_t day;
	size_t len;

	(void)state;
	memset(w, 0xab, sizeof w);
	assert_int_equal(keystore_put(dir, 1, KS_UID, 0, w, sizeof w, NULL), 0);
	assert_int_equal(keystore_tombstone(dir, 1, KS_UID, 0, &day),
			 ZK_ENOTFOUND);
	assert_int_equal(keystore_destroy(dir, 1, KS_UID, 0, 20000, &cause), 0);
	assert_false(keystore_exists(dir, 1, KS_UID, 0));
	assert_int_equal(keystore_tombstone(dir, 1, KS_UID, 0, &day), 0);
	assert_int_equal(day, 20000);
	ks_path(p, sizeof p, dir, KS_UID, 0, "erased");
	assert_int_equal(ks_mode(p), 0600);
	assert_int_equal(zk_file_read(p, 1024, &text, &len, NULL), 0);
	assert_null(strstr(text, "abab"));
	free(text);
	/* The read says destroyed, with the date. */
	assert_int_equal(keystore_get(dir, 1, KS_UID, 0, r, &len, &cause),
			 ZK_ENOTFOUND);
	assert_non_null(strstr(cause, "destroyed on 2024-10-04"));
	free(cause);
	cause = NULL;
	/* A destroyed key is never written again. */
	assert_int_equal(keystore_put(dir, 1, KS_UID, 0, w, sizeof w, &cause),
			 ZK_ECONFLICT);
	free(cause);
	/* Destroying again, or a key never there, leaves a tombstone. */
	assert_int_equal(keystore_destroy(dir, 1, KS_UID, 0, 20001, NULL), 0);
	assert_int_equal(keystore_tombstone(dir, 1, KS_UID, 0, &day), 0);
	assert_int_equal(day, 20000);
	assert_int_equal(keystore_destroy(dir, 1, KS_UID2, 3, 20001, NULL), 0);
	assert_int_equal(keystore_tombstone(dir, 1, KS_UID2, 3, &day), 0);
}

/* Bad files and wrong permissions are refused, never used. */
static void
test_keystore_bad_files(void **state)
{
	unsigned char w[72], r[KEYSTORE_MAX_WRAPPED];
	const char *dir = test_tmpdir();
	char p[4300], d[4300], *cause = NULL;
	size_t len;
	FILE *f;

	(void)state;
	memset(w, 1, sizeof w);
	assert_int_equal(keystore_put(dir, 1, KS_UID, 0, w, sizeof w, NULL), 0);
	ks_path(p, sizeof p, dir, KS_UID, 0, "key");
	/* SEC-1: readable by others. */
	assert_int_equal(chmod(p, 0644), 0);
	assert_int_equal(keystore_get(dir, 1, KS_UID, 0, r, &len, &cause),
			 ZK_ECRYPTO);
	assert_non_null(strstr(cause, "group or others"));
	free(cause);
	cause = NULL;
	assert_int_equal(chmod(p, 0600), 0);
	snprintf(d, sizeof d, "%s/subjects/1", dir);
	assert_int_equal(chmod(d, 0755), 0);
	assert_int_equal(keystore_get(dir, 1, KS_UID, 0, r, &len, &cause),
			 ZK_ECRYPTO);
	free(cause);
	cause = NULL;
	assert_int_equal(chmod(d, 0700), 0);
	/* Not hex. */
	assert_non_null(f = fopen(p, "w"));
	fputs("not a key\n", f);
	fclose(f);
	assert_int_equal(keystore_get(dir, 1, KS_UID, 0, r, &len, &cause),
			 ZK_ECORRUPT);
	free(cause);
	cause = NULL;
	/* Too long. */
	assert_non_null(f = fopen(p, "w"));
	for (int i = 0; i < 300; i++)
		fputs("ab", f);
	fclose(f);
	assert_int_equal(keystore_get(dir, 1, KS_UID, 0, r, &len, &cause),
			 ZK_ECORRUPT);
	free(cause);
	cause = NULL;
	/* A symbolic link is not a key file. */
	assert_int_equal(unlink(p), 0);
	assert_int_equal(symlink("/etc/passwd", p), 0);
	assert_int_equal(keystore_get(dir, 1, KS_UID, 0, r, &len, &cause),
			 ZK_ECORRUPT);
	free(cause);
}

/* ERA-3, ERA-5: a key-store backup expires and skips destroyed keys. */
static void
test_keystore_backup(void **state)
{
	unsigned char w[72], r[KEYSTORE_MAX_WRAPPED];
	char dir[4096], out[4300], cut[4300], *cause = NULL, *text = NULL;
	int n = 0, restored, skipped;
	size_t len;
	FILE *f;

	(void)state;
	zk_strlcpy(dir, test_tmpdir(), sizeof dir);
	memset(w, 2, sizeof w);
	assert_int_equal(keystore_put(dir, 1, KS_UID, 0, w, sizeof w, NULL), 0);
	assert_int_equal(keystore_put(dir, 1, KS_UID2, 0, w, sizeof w, NULL),
			 0);
	snprintf(out, sizeof out, "%s/ks.backup", dir);
	assert_int_equal(keystore_export(dir, out, 20030, &n, &cause), 0);
	assert_int_equal(n, 2);
	assert_int_equal(ks_mode(out), 0600);
	/* Never over a file. */
	assert_int_equal(keystore_export(dir, out, 20030, &n, &cause),
			 ZK_EEXIST);
	free(cause);
	cause = NULL;
	/* One key destroyed, the other lost. */
	assert_int_equal(keystore_destroy(dir, 1, KS_UID, 0, 20001, NULL), 0);
	ks_path(cut, sizeof cut, dir, KS_UID2, 0, "key");
	assert_int_equal(unlink(cut), 0);
	/* Expired: refused, nothing written. */
	assert_int_equal(
	    keystore_import(dir, out, 20031, &restored, &skipped, &cause),
	    ZK_EDENIED);
	assert_non_null(strstr(cause, "expired"));
	free(cause);
	cause = NULL;
	assert_false(keystore_exists(dir, 1, KS_UID2, 0));
	/* In time: the lost key comes back, the destroyed one never. */
	assert_int_equal(
	    keystore_import(dir, out, 20030, &restored, &skipped, &cause), 0);
	assert_int_equal(restored, 1);
	assert_int_equal(skipped, 1);
	assert_false(keystore_exists(dir, 1, KS_UID, 0));
	assert_int_equal(keystore_get(dir, 1, KS_UID2, 0, r, &len, NULL), 0);
	assert_memory_equal(r, w, sizeof w);
	/* A cut file restores nothing. */
	assert_int_equal(zk_file_read(out, 1 << 20, &text, &len, NULL), 0);
	snprintf(cut, sizeof cut, "%s/cut.backup", dir);
	assert_non_null(f = fopen(cut, "w"));
	fwrite(text, 1, len - 8, f);
	fclose(f);
	free(text);
	assert_int_equal(keystore_import(dir, cut, 20000, NULL, NULL, &cause),
			 ZK_ECORRUPT);
	free(cause);
	cause = NULL;
	assert_int_equal(
	    keystore_import(dir, "/nonexistent/x", 20000, NULL, NULL, &cause),
	    ZK_ENOTFOUND);
	free(cause);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_keystore_put_get),
	    cmocka_unit_test(test_keystore_destroy),
	    cmocka_unit_test(test_keystore_bad_files),
	    cmocka_unit_test(test_keystore_backup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
