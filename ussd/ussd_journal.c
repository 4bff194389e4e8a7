/*
 * The spool's journal: hunar_spool's messages in flight, appended to one
 * file by every thread, one fdatasync for all that came meanwhile.
 *
 * Before, each MO was a file of its own (create, fdatasync, rename,
 * unlink): two thirds of the spool's CPU went to ext4 allocating and
 * freeing inodes (perf, issue 13).  Now a message is one record appended
 * to the current segment, journal/<seq>.seg, and before its sender
 * answers 200 it waits until a sync covers it (group commit: the first
 * waiter syncs, those who wrote meanwhile ride on it).  The sender asks
 * Kore in between, so the sync usually ends while Kore works: a message
 * Kore took but the disk did not is answered 503 and smsbox sends it
 * again, which Kore answers from what it stored.  When its message is answered, a done mark (a
 * record naming the message's offset) follows in the same segment,
 * unsynced: the next sync of that segment, if any, takes it along.  A
 * segment past USSD_JOURNAL_SEG_MAX is synced and left for a new one; it
 * is deleted when its last message is done.
 *
 * The rules on disk, all of them:
 *   - a record is a 32-byte head (magic "HSJ1", type, payload length,
 *     a stamp, FNV-1a 64 over the head and the payload) then the
 *     payload; native byte order: the files never leave the machine;
 *   - type 1, a message: the payload is what hunar_spool stores, the
 *     stamp when it came (ns since the epoch); type 2, done: no
 *     payload, the stamp is the offset of the message it closes;
 *   - reading a segment stops at the first record that is not whole
 *     (short, wrong magic or sum): a torn tail.  Nothing in it was
 *     answered, since an answer waits for a sync that covers every byte
 *     before its own record's end;
 *   - at start every segment, oldest first, gives its messages with no
 *     done mark, in order, to the caller (hunar_spool parks them in
 *     new/, where the retry pass takes them, oldest first), and is then
 *     deleted.  Dying half-way through that leaves the segment: the next
 *     start gives the same messages again, and parking one twice keeps
 *     the first.
 * A done mark lost with the machine (not with the process: it is in the
 * page cache once written) only makes a message go to Kore again, which
 * answers it from what it stored, without acting twice.
 */
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ussd/ussd.h"

#define JOURNAL_HEAD		32
#define JOURNAL_MSG		1
#define JOURNAL_DONE		2
#define JOURNAL_IOV_MAX		8
#define JOURNAL_PAYLOAD_MAX	(1024 * 1024)

struct ussd_journal_seg {
	int		fd;
	uint64_t	size;		/* bytes written */
	int		live;		/* messages not yet done */
	char		path[600];
};

struct ussd_journal {
	pthread_mutex_t		 mx;
	pthread_cond_t		 cv;
	char			 dir[512];
	int			 sync;
	uint64_t		 seq;		/* of the next segment */
	struct ussd_journal_seg	*cur;
	uint64_t		 written;	/* bytes ever appended */
	uint64_t		 synced;	/* of those, known on disk
						   (read without mx) */
	int			 syncing;
};

static uint64_t
journal_sum(uint64_t h, const void *data, size_t len)
{
	const uint8_t	*p = data;

	while (len-- > 0)
		h = (h ^ *p++) * 1099511628211ULL;
	return (h);
}

/* The head of a record whose payload is iov[0..n). */
static void
journal_head(uint8_t *head, uint32_t type, int64_t stamp,
    const struct iovec *iov, int n)
{
	uint64_t	sum;
	uint32_t	len, zero = 0;
	int		i;

	for (len = 0, i = 0; i < n; i++)
		len += (uint32_t)iov[i].iov_len;
	memcpy(head, "HSJ1", 4);
	memcpy(head + 4, &type, 4);
	memcpy(head + 8, &len, 4);
	memcpy(head + 12, &zero, 4);
	memcpy(head + 16, &stamp, 8);
	sum = journal_sum(14695981039346656037ULL, head, 24);
	for (i = 0; i < n; i++)
		sum = journal_sum(sum, iov[i].iov_base, iov[i].iov_len);
	memcpy(head + 24, &sum, 8);
}

/*
 * The record at b[off..len) if it is whole: its type, stamp and payload
 * length; 0 when it is not (the tail from off on is torn).
 */
static int
journal_rec(const uint8_t *b, size_t len, size_t off, uint32_t *type,
    int64_t *stamp, uint32_t *plen)
{
	uint64_t	sum, want;

	if (len - off < JOURNAL_HEAD || memcmp(b + off, "HSJ1", 4) != 0)
		return (0);
	memcpy(type, b + off + 4, 4);
	memcpy(plen, b + off + 8, 4);
	memcpy(stamp, b + off + 16, 8);
	memcpy(&want, b + off + 24, 8);
	if ((*type != JOURNAL_MSG && *type != JOURNAL_DONE) ||
	    *plen > JOURNAL_PAYLOAD_MAX ||
	    len - off - JOURNAL_HEAD < *plen)
		return (0);
	sum = journal_sum(14695981039346656037ULL, b + off, 24);
	sum = journal_sum(sum, b + off + JOURNAL_HEAD, *plen);
	return (sum == want);
}

static int
journal_off_cmp(const void *a, const void *b)
{
	const int64_t	*x = a, *y = b;

	return (*x < *y ? -1 : *x > *y);
}

/*
 * Gives fn every message of b[0..len) that has no done mark, in order;
 * returns the length of the whole records (the rest is a torn tail), or
 * -1 when fn or memory failed.
 */
ssize_t
ussd_journal_scan(const uint8_t *b, size_t len, ussd_journal_fn fn,
    void *arg)
{
	int64_t		*done, *more, stamp;
	size_t		 off, ndone, cap;
	uint32_t	 type, plen;

	ndone = 0;
	cap = 64;
	if ((done = calloc(cap, sizeof(*done))) == NULL)
		return (-1);
	for (off = 0; journal_rec(b, len, off, &type, &stamp, &plen);
	    off += JOURNAL_HEAD + plen) {
		if (type != JOURNAL_DONE)
			continue;
		if (ndone == cap) {
			if ((more = reallocarray(done, cap * 2,
			    sizeof(*done))) == NULL) {
				free(done);
				return (-1);
			}
			done = more;
			cap *= 2;
		}
		done[ndone++] = stamp;
	}
	len = off;
	qsort(done, ndone, sizeof(*done), journal_off_cmp);
	for (off = 0; off < len; off += JOURNAL_HEAD + plen) {
		(void)journal_rec(b, len, off, &type, &stamp, &plen);
		if (type != JOURNAL_MSG)
			continue;
		if (bsearch(&(int64_t){ (int64_t)off }, done, ndone,
		    sizeof(*done), journal_off_cmp) != NULL)
			continue;
		if (fn(arg, stamp, b + off + JOURNAL_HEAD, plen) == -1) {
			free(done);
			return (-1);
		}
	}
	free(done);
	return ((ssize_t)len);
}

/* One segment left by an earlier run: its open messages to fn, then gone. */
static int
journal_replay(const char *path, ussd_journal_fn fn, void *arg)
{
	struct infra_buf	b;
	ssize_t			whole;

	infra_buf_init(&b);
	if (infra_file_read(path, &b, (size_t)USSD_JOURNAL_SEG_MAX * 4) ==
	    -1) {
		infra_buf_free(&b);
		return (-1);
	}
	whole = ussd_journal_scan(b.data, b.len, fn, arg);
	infra_buf_free(&b);
	if (whole == -1)
		return (-1);
	return (unlink(path));
}

static int
journal_name_cmp(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/*
 * The segments an earlier run left, oldest first, replayed; j->seq set
 * past the last.  0, or -1 with errno set (a segment is then kept).
 */
static int
journal_recover(struct ussd_journal *j, ussd_journal_fn fn, void *arg)
{
	DIR		*d;
	struct dirent	*de;
	char		**names, **more, path[600];
	size_t		 n, cap, i, len;
	int		 rc;

	n = 0;
	cap = 16;
	if ((names = calloc(cap, sizeof(*names))) == NULL)
		return (-1);
	if ((d = opendir(j->dir)) == NULL) {
		free(names);
		return (-1);
	}
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len != 20 || strcmp(de->d_name + 16, ".seg") != 0)
			continue;
		if (n == cap) {
			if ((more = reallocarray(names, cap * 2,
			    sizeof(*names))) == NULL)
				break;
			names = more;
			cap *= 2;
		}
		if ((names[n] = strdup(de->d_name)) != NULL)
			n++;
	}
	closedir(d);
	qsort(names, n, sizeof(*names), journal_name_cmp);
	for (rc = 0, i = 0; i < n; i++) {
		j->seq = strtoull(names[i], NULL, 16) + 1;
		(void)snprintf(path, sizeof(path), "%s/%s", j->dir, names[i]);
		if (rc == 0)
			rc = journal_replay(path, fn, arg);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return (rc);
}

/*
 * The journal in dir (made if missing): what an earlier run left open
 * goes to fn first (see the rules above).  sync 0 writes without
 * fdatasync (HUNAR_SPOOL_FSYNC=0).  NULL with errno set on failure.
 */
struct ussd_journal *
ussd_journal_open(const char *dir, int sync, ussd_journal_fn fn, void *arg)
{
	struct ussd_journal	*j;
	int			 saved;

	if ((j = calloc(1, sizeof(*j))) == NULL)
		return (NULL);
	(void)snprintf(j->dir, sizeof(j->dir), "%s", dir);
	j->sync = sync;
	j->seq = 1;
	(void)mkdir(dir, 0700);
	if (journal_recover(j, fn, arg) == -1) {
		saved = errno;
		free(j);
		errno = saved;
		return (NULL);
	}
	pthread_mutex_init(&j->mx, NULL);
	pthread_cond_init(&j->cv, NULL);
	return (j);
}

static void
journal_seg_drop(struct ussd_journal_seg *s)
{
	(void)close(s->fd);
	(void)unlink(s->path);
	free(s);
}

/*
 * A new current segment (j->mx held): the old one synced first, so that
 * every byte written so far is on disk, and the new name synced into the
 * folder before anything written to it is counted as stored.
 */
static int
journal_rotate(struct ussd_journal *j)
{
	struct ussd_journal_seg	*s, *old = j->cur;
	int			 dfd;

	if (old != NULL && j->sync && fdatasync(old->fd) == -1)
		return (-1);
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return (-1);
	(void)snprintf(s->path, sizeof(s->path), "%s/%016llx.seg", j->dir,
	    (unsigned long long)j->seq++);
	if ((s->fd = open(s->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) == -1) {
		free(s);
		return (-1);
	}
	if (j->sync) {
		if ((dfd = open(j->dir, O_RDONLY | O_DIRECTORY)) == -1 ||
		    fsync(dfd) == -1) {
			if (dfd != -1)
				(void)close(dfd);
			journal_seg_drop(s);
			return (-1);
		}
		(void)close(dfd);
	}
	__atomic_store_n(&j->synced, j->written, __ATOMIC_RELEASE);
	j->cur = s;
	if (old != NULL && old->live == 0)
		journal_seg_drop(old);
	return (0);
}

/*
 * Waits (j->mx held) until a sync covers the journal's first `upto`
 * bytes: the first waiter syncs, the others wait for it and usually find
 * themselves covered.  0, or -1 when the sync failed.
 */
static int
journal_wait(struct ussd_journal *j, uint64_t upto)
{
	uint64_t	target;
	int		fd, rc;

	while (j->synced < upto) {
		if (j->syncing) {
			pthread_cond_wait(&j->cv, &j->mx);
			continue;
		}
		/*
		 * Every byte before `written` is in cur or in a segment
		 * that rotation synced; cur holds our own record (not
		 * done before this returns), so it cannot go while we sync
		 * it unlocked.
		 */
		j->syncing = 1;
		target = j->written;
		fd = j->cur->fd;
		pthread_mutex_unlock(&j->mx);
		rc = fdatasync(fd);
		pthread_mutex_lock(&j->mx);
		j->syncing = 0;
		if (rc == 0 && target > j->synced)
			__atomic_store_n(&j->synced, target, __ATOMIC_RELEASE);
		pthread_cond_broadcast(&j->cv);
		if (rc == -1)
			return (-1);
	}
	return (0);
}

/*
 * Appends a message (payload iov[0..n), n <= 8, stamped), its place in
 * *pos for ussd_journal_sync() and ussd_journal_done().  0, or -1 when
 * it could not be written (pos->seg NULL).
 */
int
ussd_journal_add(struct ussd_journal *j, int64_t stamp,
    const struct iovec *iov, int n, struct ussd_journal_pos *pos)
{
	struct iovec		 v[JOURNAL_IOV_MAX + 1];
	struct ussd_journal_seg	*s;
	uint8_t			 head[JOURNAL_HEAD];
	size_t			 total;
	ssize_t			 w;
	int			 i;

	pos->seg = NULL;
	if (n > JOURNAL_IOV_MAX)
		return (-1);
	journal_head(head, JOURNAL_MSG, stamp, iov, n);
	v[0].iov_base = head;
	v[0].iov_len = JOURNAL_HEAD;
	for (total = JOURNAL_HEAD, i = 0; i < n; i++) {
		v[i + 1] = iov[i];
		total += iov[i].iov_len;
	}
	pthread_mutex_lock(&j->mx);
	if ((j->cur == NULL || j->cur->size >= USSD_JOURNAL_SEG_MAX) &&
	    journal_rotate(j) == -1) {
		pthread_mutex_unlock(&j->mx);
		return (-1);
	}
	s = j->cur;
	if ((w = pwritev(s->fd, v, n + 1, (off_t)s->size)) != (ssize_t)total) {
		/* A part written (the disk full): cut it, or leave the
		 * segment, so nothing follows a torn record. */
		if (w > 0 && ftruncate(s->fd, (off_t)s->size) == -1)
			s->size = USSD_JOURNAL_SEG_MAX;
		pthread_mutex_unlock(&j->mx);
		return (-1);
	}
	pos->seg = s;
	pos->off = s->size;
	s->size += total;
	s->live++;
	j->written += total;
	pos->end = j->written;
	pthread_mutex_unlock(&j->mx);
	return (0);
}

/*
 * Returns once the message at pos is on disk (at once when a sync took
 * it along already): 0, or -1 when the sync failed.
 */
int
ussd_journal_sync(struct ussd_journal *j, const struct ussd_journal_pos *pos)
{
	int	rc;

	if (pos->seg == NULL)
		return (-1);
	if (!j->sync ||
	    __atomic_load_n(&j->synced, __ATOMIC_ACQUIRE) >= pos->end)
		return (0);
	pthread_mutex_lock(&j->mx);
	rc = journal_wait(j, pos->end);
	pthread_mutex_unlock(&j->mx);
	return (rc);
}

/*
 * The message at pos is answered (or is someone else's again): a done
 * mark follows it, unsynced; a full segment whose last message this was
 * goes.
 */
void
ussd_journal_done(struct ussd_journal *j, const struct ussd_journal_pos *pos)
{
	struct ussd_journal_seg	*s = pos->seg;
	struct iovec		 none;
	uint8_t			 head[JOURNAL_HEAD];

	if (s == NULL)
		return;
	none.iov_base = NULL;
	none.iov_len = 0;
	journal_head(head, JOURNAL_DONE, (int64_t)pos->off, &none, 0);
	pthread_mutex_lock(&j->mx);
	if (--s->live == 0 && s != j->cur) {
		journal_seg_drop(s);
	} else if (pwrite(s->fd, head, JOURNAL_HEAD, (off_t)s->size) ==
	    JOURNAL_HEAD) {
		s->size += JOURNAL_HEAD;
		if (s == j->cur)
			j->written += JOURNAL_HEAD;
	}
	pthread_mutex_unlock(&j->mx);
}

/*
 * Lets the journal go as a crash would: the current segment stays on
 * disk, as written, for the next ussd_journal_open() (tests; the spool
 * itself never stops but by a signal).
 */
void
ussd_journal_close(struct ussd_journal *j)
{
	if (j->cur != NULL) {
		(void)close(j->cur->fd);
		free(j->cur);
	}
	pthread_mutex_destroy(&j->mx);
	pthread_cond_destroy(&j->cv);
	free(j);
}
