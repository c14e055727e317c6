/*
 * keystore.c: the subject key store in the key directory (keystore.h,
 * docs/keys.md, ERA-5). Nothing here decrypts: the files hold keys
 * wrapped by a tenant key, and the service unwraps them (svc_subject_key).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "core/zk.h"
#include "crypto/keystore.h"

#define KEYSTORE_MAGIC "zorgkluis-keystore-backup 1"
/* A key-store backup holds at most this many bytes (about 1.5 million
 * keys); larger is not one of ours. */
#define KEYSTORE_BACKUP_LIMIT (256u << 20)

/* The directory of tenant's keys, made (0700) when make is set. */
static int
keystore_tenant_dir(const char *dir, int64_t tenant, int make, char *out,
		    size_t n, char **cause)
{
	char sub[4200];
	int w;

	if (tenant <= 0)
		return zk_fail(cause, ZK_EINVAL, "bad tenant %lld",
			       (long long)tenant);
	snprintf(sub, sizeof sub, "%s/subjects", dir);
	w = snprintf(out, n, "%s/%lld", sub, (long long)tenant);
	if (w < 0 || (size_t)w >= n)
		return zk_fail(cause, ZK_EINVAL, "key directory path too long");
	if (!make)
		return 0;
	if ((mkdir(sub, 0700) != 0 && errno != EEXIST) ||
	    (mkdir(out, 0700) != 0 && errno != EEXIST))
		return zk_fail(cause, ZK_EIO, "cannot create %s: %s", out,
			       strerror(errno));
	return 0;
}

/* The path of uid's file of generation gen with suffix ("key", "erased"). */
static int
keystore_path(const char *dir, int64_t tenant, const char *uid, int gen,
	      const char *suffix, int make, char *out, size_t n, char **cause)
{
	char tdir[4200];
	int rc, w;

	/* The uid names a file: only a well-formed one, never "../x". */
	if (uid == NULL || !zk_uuid_valid(uid) || gen < 0)
		return zk_fail(cause, ZK_EINVAL, "bad subject key name %s.%d",
			       uid ? uid : "(null)", gen);
	if ((rc = keystore_tenant_dir(dir, tenant, make, tdir, sizeof tdir,
				      cause)) != 0)
		return rc;
	w = snprintf(out, n, "%s/%s.%d.%s", tdir, uid, gen, suffix);
	if (w < 0 || (size_t)w >= n)
		return zk_fail(cause, ZK_EINVAL, "key directory path too long");
	return 0;
}

/* Makes a rename in dir durable. */
static int
keystore_sync_dir(const char *path, char **cause)
{
	char d[4200], *slash;
	int fd, rc = 0;

	zk_strlcpy(d, path, sizeof d);
	if ((slash = strrchr(d, '/')) == NULL)
		return 0;
	*slash = '\0';
	if ((fd = open(d, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return zk_fail(cause, ZK_EIO, "cannot open %s: %s", d,
			       strerror(errno));
	if (fsync(fd) != 0)
		rc = zk_fail(cause, ZK_EIO, "cannot sync %s: %s", d,
			     strerror(errno));
	close(fd);
	return rc;
}

/* SEC-1: a key file or directory others may reach is not used. */
static int
keystore_check_mode(const char *path, mode_t want_type, char **cause)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return errno == ENOENT
			   ? ZK_ENOTFOUND
			   : zk_fail(cause, ZK_EIO, "cannot read %s: %s", path,
				     strerror(errno));
	if ((st.st_mode & S_IFMT) != want_type)
		return zk_fail(cause, ZK_ECORRUPT,
			       "%s is not a regular %s; refusing to use it",
			       path,
			       want_type == S_IFDIR ? "directory" : "file");
	if ((st.st_mode & 077) != 0)
		return zk_fail(cause, ZK_ECRYPTO,
			       "%s is accessible by group or others (mode "
			       "%04o); refusing to use it (chmod %s %s)",
			       path, (unsigned)(st.st_mode & 07777),
			       want_type == S_IFDIR ? "700" : "600", path);
	return 0;
}

int
keystore_put(const char *dir, int64_t tenant, const char *uid, int gen,
	     const unsigned char *wrapped, size_t len, char **cause)
{
	char path[4300], hex[2 * KEYSTORE_MAX_WRAPPED + 2];
	int32_t day;
	int rc;

	if (len == 0 || len > KEYSTORE_MAX_WRAPPED)
		return zk_fail(cause, ZK_EINVAL, "bad wrapped key length %zu",
			       len);
	if (keystore_tombstone(dir, tenant, uid, gen, &day) == 0)
		return zk_fail(cause, ZK_ECONFLICT,
			       "the key of subject %s (generation %d) was "
			       "destroyed; it is not written again (ERA-5)",
			       uid, gen);
	if ((rc = keystore_path(dir, tenant, uid, gen, "key", 1, path,
				sizeof path, cause)) != 0)
		return rc;
	sodium_bin2hex(hex, sizeof hex, wrapped, len);
	hex[2 * len] = '\n';
	rc = zk_file_write_atomic(path, hex, 2 * len + 1, 0600, cause);
	sodium_memzero(hex, sizeof hex);
	if (rc == 0)
		rc = keystore_sync_dir(path, cause);
	return rc;
}

int
keystore_get(const char *dir, int64_t tenant, const char *uid, int gen,
	     unsigned char *wrapped, size_t *len, char **cause)
{
	char path[4300], tdir[4200], *text = NULL;
	size_t tlen = 0, got = 0;
	int32_t day;
	int rc;

	*len = 0;
	if ((rc = keystore_path(dir, tenant, uid, gen, "key", 0, path,
				sizeof path, cause)) != 0)
		return rc;
	keystore_tenant_dir(dir, tenant, 0, tdir, sizeof tdir, NULL);
	rc = keystore_check_mode(tdir, S_IFDIR, cause);
	if (rc == 0)
		rc = keystore_check_mode(path, S_IFREG, cause);
	if (rc == ZK_ENOTFOUND) {
		if (keystore_tombstone(dir, tenant, uid, gen, &day) == 0) {
			char d[ZK_DATE_LEN];

			zk_date_fmt(day, d);
			return zk_fail(cause, ZK_ENOTFOUND,
				       "the key of subject %s was destroyed "
				       "on %s (ERA-5)",
				       uid, d);
		}
		return zk_fail(cause, ZK_ENOTFOUND,
			       "the key of subject %s (generation %d) is "
			       "missing from the key store %s/subjects",
			       uid, gen, dir);
	}
	if (rc != 0)
		return rc;
	if ((rc = zk_file_read(path, 1024, &text, &tlen, cause)) != 0) {
		free(text);
		return rc == ZK_ENOTFOUND ? ZK_ENOTFOUND : ZK_EIO;
	}
	if (sodium_hex2bin(wrapped, KEYSTORE_MAX_WRAPPED, text, tlen, "\r\n",
			   &got, NULL) != 0 ||
	    got < 16)
		rc = zk_fail(cause, ZK_ECORRUPT,
			     "%s does not hold a wrapped key", path);
	else
		*len = got;
	sodium_memzero(text, tlen);
	free(text);
	return rc;
}

int
keystore_exists(const char *dir, int64_t tenant, const char *uid, int gen)
{
	char path[4300];
	struct stat st;

	if (keystore_path(dir, tenant, uid, gen, "key", 0, path, sizeof path,
			  NULL) != 0)
		return 0;
	return lstat(path, &st) == 0;
}

/* Overwrites a key file with zeros before it is unlinked. */
static int
keystore_overwrite(const char *path, char **cause)
{
	unsigned char zero[256];
	struct stat st;
	off_t left;
	int fd, rc = 0;

	if ((fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
		return errno == ENOENT
			   ? 0
			   : zk_fail(cause, ZK_EIO, "cannot open %s: %s", path,
				     strerror(errno));
	memset(zero, 0, sizeof zero);
	if (fstat(fd, &st) != 0)
		rc = ZK_EIO;
	for (left = st.st_size; rc == 0 && left > 0;) {
		size_t n =
		    left < (off_t)sizeof zero ? (size_t)left : sizeof zero;
		ssize_t w = write(fd, zero, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			rc = ZK_EIO;
		else
			left -= w;
	}
	if (rc == 0 && fsync(fd) != 0)
		rc = ZK_EIO;
	close(fd);
	return rc != 0 ? zk_fail(cause, rc, "cannot overwrite %s: %s", path,
				 strerror(errno))
		       : 0;
}

int
keystore_destroy(const char *dir, int64_t tenant, const char *uid, int gen,
		 int32_t day, char **cause)
{
	char path[4300], tomb[4300], line[32];
	int32_t had;
	int rc, n;

	if ((rc = keystore_path(dir, tenant, uid, gen, "key", 1, path,
				sizeof path, cause)) != 0 ||
	    (rc = keystore_path(dir, tenant, uid, gen, "erased", 1, tomb,
				sizeof tomb, cause)) != 0)
		return rc;
	/* The tombstone first: a crash after it leaves a key the start's
	 * sweep destroys, never a key without its tombstone. */
	if (keystore_tombstone(dir, tenant, uid, gen, &had) != 0) {
		char d[ZK_DATE_LEN];

		zk_date_fmt(day, d);
		n = snprintf(line, sizeof line, "erased %s\n", d);
		if ((rc = zk_file_write_atomic(tomb, line, (size_t)n, 0600,
					       cause)) != 0)
			return rc;
	}
	if ((rc = keystore_overwrite(path, cause)) != 0)
		return rc;
	if (unlink(path) != 0 && errno != ENOENT)
		return zk_fail(cause, ZK_EIO, "cannot remove %s: %s", path,
			       strerror(errno));
	return keystore_sync_dir(path, cause);
}

int
keystore_tombstone(const char *dir, int64_t tenant, const char *uid, int gen,
		   int32_t *day)
{
	char path[4300], *text = NULL, d[ZK_DATE_LEN];
	size_t len;
	int rc;

	*day = 0;
	if ((rc = keystore_path(dir, tenant, uid, gen, "erased", 0, path,
				sizeof path, NULL)) != 0)
		return rc;
	if ((rc = zk_file_read(path, 256, &text, &len, NULL)) != 0) {
		free(text);
		return rc == ZK_ENOTFOUND ? ZK_ENOTFOUND : rc;
	}
	/* A tombstone that does not parse still says erased: its date is
	 * then unknown (0, 1970-01-01). */
	if (sscanf(text, "erased %10s", d) != 1 || zk_date_parse(d, day) != 0)
		*day = 0;
	free(text);
	return 0;
}

/* --- key-store backups -------------------------------------------------- */

/* Appends every key file of one tenant's directory to out. */
static int
keystore_export_tenant(const char *tdir, long long tenant, struct zk_buf *out,
		       int *nkeys, char **cause)
{
	DIR *d = opendir(tdir);
	struct dirent *de;
	int rc = 0;

	if (d == NULL)
		return zk_fail(cause, ZK_EIO, "cannot read %s: %s", tdir,
			       strerror(errno));
	while (rc == 0 && (de = readdir(d)) != NULL) {
		char uid[ZK_UUID_LEN], path[4900], *text = NULL, line[400];
		size_t len;
		int gen, n, end = 0;

		if (sscanf(de->d_name, "%36[0-9a-f-].%d.key%n", uid, &gen,
			   &end) != 2 ||
		    de->d_name[end] != '\0' || !zk_uuid_valid(uid))
			continue;
		snprintf(path, sizeof path, "%s/%s", tdir, de->d_name);
		if ((rc = keystore_check_mode(path, S_IFREG, cause)) != 0 ||
		    (rc = zk_file_read(path, 1024, &text, &len, cause)) != 0) {
			free(text);
			break;
		}
		text[strcspn(text, "\r\n")] = '\0';
		n = snprintf(line, sizeof line, "key %lld %s %d %s\n", tenant,
			     uid, gen, text);
		sodium_memzero(text, len);
		free(text);
		if (n < 0 || (size_t)n >= sizeof line)
			rc =
			    zk_fail(cause, ZK_ECORRUPT, "%s is too long", path);
		else
			rc = zk_buf_append(out, line, (size_t)n);
		sodium_memzero(line, sizeof line);
		if (rc == 0)
			(*nkeys)++;
	}
	closedir(d);
	return rc;
}

int
keystore_export(const char *dir, const char *out, int32_t expires, int *nkeys,
		char **cause)
{
	char sub[4200], d[ZK_DATE_LEN], head[128];
	struct zk_buf b;
	struct dirent *de;
	struct stat st;
	DIR *dp;
	int fd, rc = 0, n;

	*nkeys = 0;
	if (lstat(out, &st) == 0)
		return zk_fail(cause, ZK_EEXIST,
			       "%s exists; refusing to overwrite it", out);
	zk_buf_init_secret(&b, 0);
	zk_date_fmt(expires, d);
	n = snprintf(head, sizeof head, "%s\nexpires %s\n", KEYSTORE_MAGIC, d);
	if ((rc = zk_buf_append(&b, head, (size_t)n)) != 0)
		goto out;
	snprintf(sub, sizeof sub, "%s/subjects", dir);
	if ((dp = opendir(sub)) != NULL) {
		while (rc == 0 && (de = readdir(dp)) != NULL) {
			char tdir[4600];
			long long tenant;
			int end = 0;

			if (sscanf(de->d_name, "%lld%n", &tenant, &end) != 1 ||
			    de->d_name[end] != '\0' || tenant <= 0)
				continue;
			snprintf(tdir, sizeof tdir, "%s/%s", sub, de->d_name);
			if ((rc = keystore_check_mode(tdir, S_IFDIR, cause)) ==
			    0)
				rc = keystore_export_tenant(tdir, tenant, &b,
							    nkeys, cause);
		}
		closedir(dp);
	} else if (errno != ENOENT) {
		rc = zk_fail(cause, ZK_EIO, "cannot read %s: %s", sub,
			     strerror(errno));
	}
	if (rc != 0)
		goto out;
	n = snprintf(head, sizeof head, "end %d\n", *nkeys);
	if ((rc = zk_buf_append(&b, head, (size_t)n)) != 0)
		goto out;
	/* O_EXCL: never over a file that appeared meanwhile. */
	fd = open(out, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		rc = zk_fail(cause, ZK_EIO, "cannot create %s: %s", out,
			     strerror(errno));
		goto out;
	}
	if (write(fd, b.data, b.len) != (ssize_t)b.len || fsync(fd) != 0) {
		rc = zk_fail(cause, ZK_EIO, "cannot write %s: %s", out,
			     strerror(errno));
		close(fd);
		unlink(out);
		goto out;
	}
	close(fd);
out:
	zk_buf_release(&b);
	return rc;
}

int
keystore_import(const char *dir, const char *from, int32_t today, int *restored,
		int *skipped, char **cause)
{
	char *text = NULL, *line, *save = NULL, d[ZK_DATE_LEN];
	int32_t expires = 0, day;
	size_t len = 0;
	int rc, nr = 0, ns = 0, count = -1, seen = 0, lineno = 0;

	if (restored != NULL)
		*restored = 0;
	if (skipped != NULL)
		*skipped = 0;
	if ((rc = zk_file_read(from, KEYSTORE_BACKUP_LIMIT, &text, &len,
			       cause)) != 0) {
		free(text);
		return rc;
	}
	if (strncmp(text, KEYSTORE_MAGIC "\n", sizeof KEYSTORE_MAGIC) != 0 ||
	    sscanf(text + sizeof KEYSTORE_MAGIC, "expires %10s", d) != 1 ||
	    zk_date_parse(d, &expires) != 0) {
		rc = zk_fail(cause, ZK_EINVAL,
			     "%s is not a zorgkluis key-store backup", from);
		goto out;
	}
	/* ERA-3, ERA-5: an expired backup may hold keys erased since. */
	if (today > expires) {
		rc = zk_fail(cause, ZK_EDENIED,
			     "%s expired on %s; an expired key-store backup "
			     "is not restored (ERA-5, docs/keys.md)",
			     from, d);
		goto out;
	}
	/* The whole file must be there before any key is written. */
	for (char *p = text; (p = strstr(p, "\nend ")) != NULL; p++)
		if (sscanf(p, "\nend %d", &count) != 1)
			count = -1;
	if (count < 0) {
		rc = zk_fail(cause, ZK_ECORRUPT,
			     "%s is cut short (no end line); nothing restored",
			     from);
		goto out;
	}
	for (line = strtok_r(text, "\n", &save); rc == 0 && line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		unsigned char w[KEYSTORE_MAX_WRAPPED];
		char uid[ZK_UUID_LEN], hex[2 * KEYSTORE_MAX_WRAPPED + 1];
		long long tenant;
		size_t got = 0;
		int gen;

		lineno++;
		if (strncmp(line, "key ", 4) != 0)
			continue;
		if (sscanf(line, "key %lld %36s %d %192s", &tenant, uid, &gen,
			   hex) != 4 ||
		    sodium_hex2bin(w, sizeof w, hex, strlen(hex), NULL, &got,
				   NULL) != 0 ||
		    got == 0) {
			rc = zk_fail(cause, ZK_ECORRUPT,
				     "%s line %d is not a key", from, lineno);
			break;
		}
		seen++;
		if (keystore_tombstone(dir, tenant, uid, gen, &day) == 0) {
			ns++; /* ERA-5: erased since; never brought back */
		} else if (!keystore_exists(dir, tenant, uid, gen)) {
			if ((rc = keystore_put(dir, tenant, uid, gen, w, got,
					       cause)) == 0)
				nr++;
		}
		sodium_memzero(w, sizeof w);
		sodium_memzero(hex, sizeof hex);
	}
	if (rc == 0 && seen != count)
		rc = zk_fail(cause, ZK_ECORRUPT, "%s holds %d keys but says %d",
			     from, seen, count);
	if (restored != NULL)
		*restored = nr;
	if (skipped != NULL)
		*skipped = ns;
out:
	sodium_memzero(text, len);
	free(text);
	return rc;
}
