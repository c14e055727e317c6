/*
 * bench_floor.c: what a durable answer costs on this machine before any of
 * zorgkluis's own work is done (docs/performance.md, "The floor").
 *
 * A libmicrohttpd server set up the way `zorgkluis serve` is (internal
 * thread pool of 4, epoll, suspend and resume, 32 KiB per connection) with
 * two endpoints and nothing behind them:
 *
 *   GET /health   answers at once, as zorgkluis's health endpoint does;
 *   GET /durable  suspends the connection and hands a 300-byte record to a
 *                 writer thread, which writes every waiting record into
 *                 a file written in advance, with one write and one
 *                 fdatasync (group commit), and then resumes the connections, which answer 795 bytes,
 *                 the size of the audited read's answer.
 *
 * No authentication, no decision, no database, no MAC, no encryption: the
 * ratio of the two is the best an audited read whose log entry is durable
 * before the answer can reach with this HTTP server, on this machine.
 *
 * usage: bench_floor PORT DIR   (runs until killed)
 */
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FLOOR_RECORD 300
#define FLOOR_ANSWER 795
#define FLOOR_RING (64 << 20)

struct waiter {
	struct MHD_Connection *c;
	struct waiter *next;
	char record[FLOOR_RECORD];
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t work = PTHREAD_COND_INITIALIZER;
static struct waiter *queue;
static int logfd = -1;
static char answer[FLOOR_ANSWER + 1];
static const char health[] = "{\"status\":\"ok\",\"version\":\"0.1.0\"}";
static int mark_new, mark_queued, mark_done;

/*
 * Writes len bytes at offset at of the ring, wrapping to its start, and
 * returns the offset after them.
 */
static off_t
floor_write(const char *buf, size_t len, off_t at)
{
	if (at + (off_t)len > FLOOR_RING)
		at = 0;
	if (pwrite(logfd, buf, len, at) != (ssize_t)len)
		abort();
	return at + (off_t)len;
}

/* The writer: one write and one fdatasync for every waiting record. */
static void *
writer_main(void *arg)
{
	static char buf[FLOOR_RECORD * 256];
	off_t at = 0;

	(void)arg;
	for (;;) {
		struct waiter *batch, *w;
		size_t len = 0;

		pthread_mutex_lock(&lock);
		while (queue == NULL)
			pthread_cond_wait(&work, &lock);
		batch = queue;
		queue = NULL;
		pthread_mutex_unlock(&lock);
		for (w = batch; w != NULL; w = w->next) {
			if (len + FLOOR_RECORD > sizeof buf) {
				at = floor_write(buf, len, at);
				len = 0;
			}
			memcpy(buf + len, w->record, FLOOR_RECORD);
			len += FLOOR_RECORD;
		}
		at = floor_write(buf, len, at);
		if (fdatasync(logfd) != 0)
			abort();
		while ((w = batch) != NULL) {
			batch = w->next;
			MHD_resume_connection(w->c);
			free(w);
		}
	}
	return NULL;
}

static enum MHD_Result
send_text(struct MHD_Connection *c, const char *text, size_t len)
{
	static const char *const headers[][2] = {
	    {"Content-Type", "application/json; charset=utf-8"},
	    {"Cache-Control", "no-store"},
	    {"X-Content-Type-Options", "nosniff"},
	    {"X-Frame-Options", "DENY"},
	    {"Referrer-Policy", "no-referrer"},
	    {"Content-Security-Policy",
	     "default-src 'none'; frame-ancestors 'none'"},
	};
	struct MHD_Response *r;
	enum MHD_Result ret;

	r = MHD_create_response_from_buffer(len, (void *)text,
					    MHD_RESPMEM_PERSISTENT);
	if (r == NULL)
		return MHD_NO;
	for (size_t i = 0; i < sizeof headers / sizeof headers[0]; i++)
		MHD_add_response_header(r, headers[i][0], headers[i][1]);
	ret = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url,
       const char *method, const char *version, const char *upload,
       size_t *upload_size, void **state)
{
	struct waiter *w;

	(void)cls;
	(void)method;
	(void)version;
	(void)upload;
	if (*state == NULL) {
		*state = &mark_new;
		return MHD_YES;
	}
	if (*upload_size != 0) {
		*upload_size = 0;
		return MHD_YES;
	}
	if (strcmp(url, "/health") == 0)
		return send_text(c, health, sizeof health - 1);
	if (strcmp(url, "/durable") != 0)
		return MHD_NO;
	if (*state == &mark_queued) {
		*state = &mark_done;
		return send_text(c, answer, FLOOR_ANSWER);
	}
	if ((w = calloc(1, sizeof *w)) == NULL)
		return MHD_NO;
	memset(w->record, 'x', sizeof w->record);
	w->c = c;
	*state = &mark_queued;
	MHD_suspend_connection(c);
	pthread_mutex_lock(&lock);
	w->next = queue;
	queue = w;
	pthread_cond_signal(&work);
	pthread_mutex_unlock(&lock);
	return MHD_YES;
}

int
main(int argc, char **argv)
{
	struct MHD_Daemon *d;
	pthread_t writer;
	char path[4096];
	sigset_t set;
	int sig;

	if (argc != 3) {
		fprintf(stderr, "usage: bench_floor PORT DIR\n");
		return 2;
	}
	snprintf(path, sizeof path, "%s/floor.log", argv[2]);
	/*
	 * Written once and synced before the measurement, so that a batch's
	 * fdatasync flushes its data and not the file's growing size: the
	 * way SQLite reuses its WAL file after a checkpoint.
	 */
	logfd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (logfd < 0 || ftruncate(logfd, 0) != 0) {
		fprintf(stderr, "bench_floor: %s: %s\n", path, strerror(errno));
		return 1;
	}
	for (size_t at = 0; at < FLOOR_RING; at += sizeof answer)
		if (write(logfd, answer, sizeof answer) != sizeof answer)
			return 1;
	if (fsync(logfd) != 0)
		return 1;
	memset(answer, 'x', FLOOR_ANSWER);
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	if (pthread_create(&writer, NULL, writer_main, NULL) != 0)
		return 1;
	d = MHD_start_daemon(
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
		MHD_ALLOW_SUSPEND_RESUME,
	    (uint16_t)atoi(argv[1]), NULL, NULL, handle, NULL,
	    MHD_OPTION_THREAD_POOL_SIZE, 4u, MHD_OPTION_CONNECTION_TIMEOUT, 30u,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)32 * 1024,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, 256u, MHD_OPTION_END);
	if (d == NULL) {
		fprintf(stderr, "bench_floor: cannot listen on port %s\n",
			argv[1]);
		return 1;
	}
	sigwait(&set, &sig);
	MHD_stop_daemon(d);
	return 0;
}
