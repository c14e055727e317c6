/*
 * store_epoch.c: the relation counter beside a SQLite database (see
 * store_epoch.h), one page mapped shared by every process on the file.
 *
 * The order that makes it safe. A writer takes a shared flock on the
 * file, raises "begun", commits its transaction, raises "ended" and lets
 * the lock go. A reader that wants to compare its copy with the table
 * first loads "ended" (n), then "begun" (b). Since begun is raised before
 * ended and both only grow, b >= n; and b == n means that every change
 * begun by then had also ended, that is, had committed (or rolled back)
 * before the reader looked. A comparison with the table in a snapshot
 * taken after that sees all of those changes, so the copy it leaves is
 * good for "every change counted in b". Later, one load of "begun" equal
 * to b proves that no change has begun since; any change that committed
 * before the question was begun before it, so it would have moved begun.
 * A change that begun after b may already be in the copy: the next
 * comparison costs a statement, never a stale answer.
 *
 * A writer that dies between its two raises leaves begun > ended for
 * good. Its flock went with it, though: a reader that finds the counters
 * apart and can take the lock exclusively (without waiting) knows no
 * change is in flight, and sets ended to begun. Until then every question
 * asks the table, as before this file existed.
 *
 * A file whose first word is not the format's is set up again under the
 * exclusive lock with counters from a new random base, so that a copy
 * compared under the old counters never matches the new ones. A file that
 * was removed or replaced while mapped is noticed by a writer and by a
 * reader's comparison with the table: each marks the old mapping damaged,
 * so that every reader still on it asks the table, then maps the new
 * file. A process that has to make the file anew cannot reach the
 * readers of a removed one; epoch_map() says how their bound covers it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/zk.h"
#include "store/relindex.h"
#include "store/store_epoch.h"

#define EPOCH_MAGIC 0x3168636f70656b7aull /* "zkepoch1", little-endian */
#define EPOCH_SIZE 4096

struct store_epoch_page {
	_Atomic uint64_t magic;
	_Atomic int64_t begun;
	_Atomic int64_t ended;
	_Atomic int64_t young_until; /* CLOCK_REALTIME ms, see epoch_map */
};

struct store_epoch {
	char *path;
	int fd;
	struct store_epoch_page *page;
	int begun; /* this handle raised begun and holds the shared lock */
};

/* Sets the counters up from a new random base; under LOCK_EX. */
static void
epoch_format(struct store_epoch_page *p)
{
	uint64_t base = 0;

	if (getrandom(&base, sizeof base, 0) != sizeof base)
		base = (uint64_t)time(NULL) << 20;
	base &= (uint64_t)INT64_MAX >> 2;
	atomic_store(&p->magic, 0);
	atomic_store(&p->begun, (int64_t)base);
	atomic_store(&p->ended, (int64_t)base);
	atomic_store(&p->magic, EPOCH_MAGIC);
}

static void
epoch_unmap(struct store_epoch *e)
{
	if (e->page != NULL)
		munmap(e->page, EPOCH_SIZE);
	if (e->fd >= 0)
		close(e->fd);
	e->page = NULL;
	e->fd = -1;
}

/*
 * Takes the exclusive lock, waiting up to 200 ms for writers in flight:
 * 0, or ZK_EBUSY (never forever, in case the holder is this thread
 * through another handle).
 */
static int
epoch_lock(struct store_epoch *e)
{
	struct timespec ms = {0, 1000000};

	for (int i = 0; i < 200; i++) {
		if (flock(e->fd, LOCK_EX | LOCK_NB) == 0)
			return 0;
		if (errno != EWOULDBLOCK && errno != EINTR)
			return ZK_EIO;
		nanosleep(&ms, NULL);
	}
	return ZK_EBUSY;
}

static int64_t
epoch_wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Opens and maps e->path, creating it with mode; formats a bad one (and
 * any, for a database that is being created).
 *
 * A file made here because none was there may be the successor of one
 * that was removed while other processes still map it. They cannot be
 * told, but each of them compares its copy with the table at least every
 * RELINDEX_BOUND_MS. So for that long the file stays "young": a change
 * made in it does not return before the old mappings' readers have all
 * compared again (store_epoch_end waits), and the next question anywhere
 * still sees it.
 */
static int
epoch_map(struct store_epoch *e, mode_t mode, int fresh_db)
{
	struct stat st;
	int made = 1;
	void *p;

	e->fd = open(e->path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (e->fd < 0 && errno == EEXIST) {
		made = 0;
		e->fd = open(e->path, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
	}
	if (e->fd < 0)
		return ZK_EIO;
	/* Extending to the same size twice at once is harmless. */
	if (fstat(e->fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (st.st_size < EPOCH_SIZE && ftruncate(e->fd, EPOCH_SIZE) != 0)) {
		epoch_unmap(e);
		return ZK_EIO;
	}
	p = mmap(NULL, EPOCH_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, e->fd,
		 0);
	if (p == MAP_FAILED) {
		epoch_unmap(e);
		return ZK_EIO;
	}
	e->page = p;
	if ((fresh_db || atomic_load(&e->page->magic) != EPOCH_MAGIC) &&
	    epoch_lock(e) == 0) {
		if (fresh_db || atomic_load(&e->page->magic) != EPOCH_MAGIC)
			epoch_format(e->page);
		flock(e->fd, LOCK_UN);
	}
	if (fresh_db)
		atomic_store(&e->page->young_until, 0);
	else if (made)
		atomic_store(&e->page->young_until,
			     epoch_wall_ms() + RELINDEX_BOUND_MS + 20);
	return 0;
}

int
store_epoch_open(const char *db, int fresh_db, struct store_epoch **out)
{
	struct store_epoch *e;
	struct stat st;
	mode_t mode = 0600;
	int rc;

	*out = NULL;
	/* A URI or an in-memory database has no file to sit beside. */
	if (db == NULL || db[0] == '\0' || strncmp(db, "file:", 5) == 0 ||
	    db[0] == ':')
		return ZK_EINVAL;
	if ((e = calloc(1, sizeof *e)) == NULL ||
	    (e->path = zk_asprintf("%s-zkepoch", db)) == NULL) {
		free(e);
		return ZK_ENOMEM;
	}
	e->fd = -1;
	/* The database's own mode, as SQLite gives its -wal and -shm. */
	if (stat(db, &st) == 0)
		mode = st.st_mode & 0666;
	if ((rc = epoch_map(e, mode, fresh_db)) != 0) {
		store_epoch_free(e);
		return rc;
	}
	*out = e;
	return 0;
}

void
store_epoch_free(struct store_epoch *e)
{
	if (e == NULL)
		return;
	if (e->begun)
		store_epoch_end(e);
	epoch_unmap(e);
	free(e->path);
	free(e);
}

int64_t
store_epoch_now(const struct store_epoch *e)
{
	if (atomic_load_explicit(&e->page->magic, memory_order_acquire) !=
	    EPOCH_MAGIC)
		return -1;
	return atomic_load(&e->page->begun);
}

/*
 * Whether the file mapped is still the one at the path: 0 when it is, 1
 * when it was removed or replaced, and then it is marked damaged (so
 * that the readers still mapping it ask the table) and the one at the
 * path is mapped instead.
 */
static int
epoch_renew(struct store_epoch *e)
{
	struct stat held, now;
	mode_t mode = 0600;

	if (e->fd >= 0 && fstat(e->fd, &held) == 0) {
		if (held.st_nlink > 0 && stat(e->path, &now) == 0 &&
		    now.st_ino == held.st_ino && now.st_dev == held.st_dev)
			return 0;
		mode = held.st_mode & 0666;
	}
	if (e->page != NULL)
		atomic_store(&e->page->magic, 0);
	epoch_unmap(e);
	epoch_map(e, mode, 0);
	return 1;
}

int64_t
store_epoch_settled(const struct store_epoch *e)
{
	int64_t n, b;

	if (e->page == NULL)
		return -1;
	n = atomic_load(&e->page->ended);
	b = atomic_load(&e->page->begun);
	if (atomic_load(&e->page->magic) != EPOCH_MAGIC || b != n)
		return -1;
	return b;
}

int64_t
store_epoch_quiet(struct store_epoch *e)
{
	struct store_epoch_page *p;
	int64_t n, b;

	epoch_renew(e);
	if ((p = e->page) == NULL)
		return -1;
	n = atomic_load(&p->ended);
	b = atomic_load(&p->begun);
	if (atomic_load(&p->magic) == EPOCH_MAGIC && b == n)
		return b;
	/* Apart or damaged: mended only when no writer holds the lock. */
	if (flock(e->fd, LOCK_EX | LOCK_NB) != 0)
		return -1;
	if (atomic_load(&p->magic) != EPOCH_MAGIC)
		epoch_format(p);
	b = atomic_load(&p->begun);
	atomic_store(&p->ended, b);
	flock(e->fd, LOCK_UN);
	return b;
}

int
store_epoch_begin(struct store_epoch *e)
{
	if (e->begun)
		return 0;
	epoch_renew(e);
	if (e->page == NULL)
		return ZK_EIO;
	if (atomic_load(&e->page->magic) != EPOCH_MAGIC) {
		/* Damaged: set up again before counting on it. */
		if (epoch_lock(e) != 0)
			return ZK_EIO;
		if (atomic_load(&e->page->magic) != EPOCH_MAGIC)
			epoch_format(e->page);
		flock(e->fd, LOCK_UN);
	}
	if (flock(e->fd, LOCK_SH) != 0)
		return ZK_EIO;
	atomic_fetch_add(&e->page->begun, 1);
	e->begun = 1;
	return 0;
}

void
store_epoch_end(struct store_epoch *e)
{
	int64_t wait;

	if (!e->begun)
		return;
	atomic_fetch_add(&e->page->ended, 1);
	flock(e->fd, LOCK_UN);
	e->begun = 0;
	/* A young file (epoch_map): the old mappings' readers compare. */
	wait = atomic_load(&e->page->young_until) - epoch_wall_ms();
	if (wait > 0 && wait <= RELINDEX_BOUND_MS + 20) {
		struct timespec ts = {wait / 1000, wait % 1000 * 1000000};

		while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
			;
	}
}
