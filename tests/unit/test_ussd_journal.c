/*
 * ussd_journal.c: hunar_spool's journal gives back, after a crash,
 * exactly the messages that have no done mark, oldest first; a torn
 * tail (a record cut or corrupt) ends its segment; replayed segments go.
 */
#include <sys/stat.h>
#include <sys/uio.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/unit/unit.h"
#include "ussd/ussd.h"

struct got {
	int	n;
	int64_t	stamp[8];
	char	text[8][32];
	int	fail;		/* the replay callback fails */
};

static int
got_one(void *arg, int64_t stamp, const uint8_t *p, size_t len)
{
	struct got	*g = arg;

	if (g->fail)
		return (-1);
	if (g->n < 8) {
		g->stamp[g->n] = stamp;
		(void)snprintf(g->text[g->n], sizeof(g->text[0]), "%.*s",
		    (int)len, (const char *)p);
	}
	g->n++;
	return (0);
}

/* The journal in dir, what it replays in *g; no journal ends the run. */
static struct ussd_journal *
journal_at(const char *dir, struct got *g)
{
	struct ussd_journal	*j;

	memset(g, 0, sizeof(*g));
	if ((j = ussd_journal_open(dir, 1, got_one, g)) == NULL) {
		perror(dir);
		abort();
	}
	return (j);
}

static void
journal_add(struct ussd_journal *j, int64_t stamp, const char *text,
    struct ussd_journal_pos *pos)
{
	struct iovec	iov;

	iov.iov_base = (void *)(uintptr_t)text;
	iov.iov_len = strlen(text);
	if (ussd_journal_add(j, stamp, &iov, 1, pos) == -1 ||
	    ussd_journal_sync(j, pos) == -1)
		pos->seg = NULL;
}

/* The one segment file in dir ("" if none), and how many there are. */
static int
journal_segs(const char *dir, char *path, size_t len)
{
	DIR		*d;
	struct dirent	*de;
	int		 n = 0;

	path[0] = '\0';
	if ((d = opendir(dir)) == NULL)
		return (0);
	while ((de = readdir(d)) != NULL) {
		if (strstr(de->d_name, ".seg") == NULL)
			continue;
		(void)snprintf(path, len, "%s/%s", dir, de->d_name);
		n++;
	}
	closedir(d);
	return (n);
}

/* len bytes written into dir's one segment at off (-1: at its end). */
static int
journal_poke(const char *dir, off_t off, const char *bytes, size_t len)
{
	char	seg[600];
	int	fd, ok;

	if (journal_segs(dir, seg, sizeof(seg)) != 1 ||
	    (fd = open(seg, O_WRONLY | (off == -1 ? O_APPEND : 0))) == -1)
		return (0);
	ok = (off == -1 ? write(fd, bytes, len) :
	    pwrite(fd, bytes, len, off)) == (ssize_t)len;
	(void)close(fd);
	return (ok);
}

/* How many messages a start on dir gives back; -1 if the first is not
 * `first` (NULL: any). */
static int
journal_gives(const char *dir, const char *first)
{
	struct ussd_journal	*j;
	struct got		 g;

	j = journal_at(dir, &g);
	ussd_journal_close(j);
	if (first != NULL && (g.n == 0 || strcmp(g.text[0], first) != 0))
		return (-1);
	return (g.n);
}

static void
journal_rmdir(const char *dir)
{
	char	path[600];

	while (journal_segs(dir, path, sizeof(path)) > 0)
		(void)unlink(path);
	(void)rmdir(dir);
}

UNIT_TEST(ussd_journal_replays_open_messages_oldest_first)
{
	struct ussd_journal	*j;
	struct ussd_journal_pos	 p1, p2, p3;
	struct got		 g;
	char			 dir[] = "/tmp/hunar_journal_XXXXXX", seg[600];

	CHECK(mkdtemp(dir) != NULL);
	j = journal_at(dir, &g);
	CHECK_INT(g.n, 0);
	journal_add(j, 100, "id=a\ntext/plain\nHELP", &p1);
	journal_add(j, 200, "id=b\ntext/plain\nSTATUS", &p2);
	journal_add(j, 300, "id=c\ntext/plain\nJOIN", &p3);
	CHECK(p1.seg != NULL && p2.seg != NULL && p3.seg != NULL);
	/* b answered; a and c were in flight when the spool died. */
	ussd_journal_done(j, &p2);
	ussd_journal_close(j);
	CHECK_INT(journal_segs(dir, seg, sizeof(seg)), 1);
	j = journal_at(dir, &g);
	CHECK_INT(g.n, 2);
	CHECK_STR(g.text[0], "id=a\ntext/plain\nHELP");
	CHECK_STR(g.text[1], "id=c\ntext/plain\nJOIN");
	CHECK_INT(g.stamp[0], 100);
	CHECK_INT(g.stamp[1], 300);
	/* Replayed segments go: a second start gives nothing again. */
	ussd_journal_close(j);
	CHECK_INT(journal_segs(dir, seg, sizeof(seg)), 0);
	CHECK_INT(journal_gives(dir, NULL), 0);
	journal_rmdir(dir);
}

UNIT_TEST(ussd_journal_torn_tail_ends_the_segment)
{
	struct ussd_journal	*j;
	struct ussd_journal_pos	 p1, p2, p3;
	struct got		 g;
	struct stat		 st;
	char			 dir[] = "/tmp/hunar_journal_XXXXXX", seg[600];

	CHECK(mkdtemp(dir) != NULL);
	j = journal_at(dir, &g);
	journal_add(j, 1, "id=a\n\nfirst", &p1);
	journal_add(j, 2, "id=b\n\nsecond", &p2);
	ussd_journal_close(j);
	/* The second record cut in its payload: a write the crash tore. */
	CHECK_INT(journal_segs(dir, seg, sizeof(seg)), 1);
	CHECK_INT(stat(seg, &st), 0);
	CHECK_INT(truncate(seg, st.st_size - 3), 0);
	CHECK_INT(journal_gives(dir, "id=a\n\nfirst"), 1);

	/* Whole records, then garbage (a head never finished): ignored. */
	j = journal_at(dir, &g);
	journal_add(j, 3, "id=c\n\nthird", &p3);
	ussd_journal_close(j);
	CHECK(journal_poke(dir, -1, "HSJ1\001\000\000", 7));
	CHECK_INT(journal_gives(dir, "id=c\n\nthird"), 1);
	journal_rmdir(dir);
}

UNIT_TEST(ussd_journal_corrupt_record_ends_the_segment)
{
	struct ussd_journal	*j;
	struct ussd_journal_pos	 p1, p2, p3;
	struct got		 g;
	char			 dir[] = "/tmp/hunar_journal_XXXXXX";

	CHECK(mkdtemp(dir) != NULL);
	j = journal_at(dir, &g);
	journal_add(j, 1, "id=a\n\nfirst", &p1);
	journal_add(j, 2, "id=b\n\nsecond", &p2);
	journal_add(j, 3, "id=c\n\nthird", &p3);
	ussd_journal_close(j);
	/* A byte of b's payload changed: its sum no longer holds. */
	CHECK(journal_poke(dir, 32 + 11 + 32 + 6, "X", 1));
	CHECK_INT(journal_gives(dir, "id=a\n\nfirst"), 1);
	journal_rmdir(dir);
}

UNIT_TEST(ussd_journal_failed_replay_keeps_the_segment)
{
	struct ussd_journal	*j;
	struct ussd_journal_pos	 p1;
	struct got		 g;
	char			 dir[] = "/tmp/hunar_journal_XXXXXX", seg[600];

	CHECK(mkdtemp(dir) != NULL);
	j = journal_at(dir, &g);
	journal_add(j, 1, "id=a\n\nfirst", &p1);
	ussd_journal_close(j);
	/* Parking failed (a full disk): no start, nothing lost. */
	memset(&g, 0, sizeof(g));
	g.fail = 1;
	CHECK(ussd_journal_open(dir, 1, got_one, &g) == NULL);
	CHECK_INT(journal_segs(dir, seg, sizeof(seg)), 1);
	CHECK_INT(journal_gives(dir, "id=a\n\nfirst"), 1);
	journal_rmdir(dir);
}

UNIT_TEST(ussd_journal_full_segment_goes_with_its_last_message)
{
	struct ussd_journal	*j;
	struct ussd_journal_pos	*pos;
	struct iovec		 iov;
	struct got		 g;
	char			 dir[] = "/tmp/hunar_journal_XXXXXX", seg[600];
	char			*big;
	int			 i, k, n;

	/* Enough 64 KB messages to fill a segment and start a second. */
	n = USSD_JOURNAL_SEG_MAX / 65536 + 2;
	pos = calloc((size_t)n, sizeof(*pos));
	big = malloc(65536);
	if (pos == NULL || big == NULL)
		abort();
	memset(big, 'x', 65536);
	memcpy(big, "id=big\n\n", 8);
	CHECK(mkdtemp(dir) != NULL);
	j = journal_at(dir, &g);
	iov.iov_base = big;
	iov.iov_len = 65536;
	for (i = 0; i < n; i++)
		CHECK_INT(ussd_journal_add(j, i, &iov, 1, &pos[i]), 0);
	CHECK_INT(journal_segs(dir, seg, sizeof(seg)), 2);
	CHECK(pos[0].seg != pos[n - 1].seg);
	/* Every message of the full segment done: it goes. */
	for (k = 0; k < n && pos[k].seg == pos[0].seg; k++)
		;
	for (i = 0; i < k; i++)
		ussd_journal_done(j, &pos[i]);
	CHECK_INT(journal_segs(dir, seg, sizeof(seg)), 1);
	ussd_journal_close(j);
	/* What was left open in the second is all a start gives. */
	j = journal_at(dir, &g);
	CHECK_INT(g.n, n - i);
	ussd_journal_close(j);
	journal_rmdir(dir);
	free(big);
	free(pos);
}
