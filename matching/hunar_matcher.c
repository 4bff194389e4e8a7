/*
 * hunar_matcher: ranks trainees for gigs, outside Kore.
 *
 * It holds every trainee's match profile (or, sharded, its part of them)
 * in an in-memory index (matching/match_index.c) and writes each one
 * through to Redis as a versioned msgpack blob in a hash of 128 profiles
 * (the keys: matching/matching.h).  No other Redis structure: the index
 * derives everything else from the blobs.
 *
 *   - Loads run on a loader thread into a new index while the old one
 *     keeps answering; the new one replaces it in one pointer swap, and
 *     the trainees that changed meanwhile are read again into it.
 *   - At start: its snapshot file (under a second at 1M) when Redis
 *     still holds what the file was written from, else the Redis blobs
 *     (a few seconds; the matcher answers "loading" until then), then
 *     PostgreSQL (the truth: changes made while the matcher was down are
 *     then not lost), all loads in the background.  PostgreSQL alone when
 *     Redis holds nothing.
 *   - The snapshot (match_snap.c): the whole index in one file, written
 *     by a forked child (copy-on-write: the parent keeps answering) after
 *     every load and then whenever match:ver moved, at most every
 *     HUNAR_MATCH_SNAP_SECS (30), and at a clean stop; replaced
 *     atomically (infra_file_replace).  Its head carries match:gen and
 *     match:ver: every blob written bumps match:ver, so a file written
 *     before some blob changed is stale and is not read; nor is a file
 *     whose checksum, length or format does not hold.
 *   - LISTEN profile_changed: the payload is a user id; that trainee is
 *     read again through match_profile_rows() and the index and Redis are
 *     updated -- a change reaches the ranking in milliseconds.
 *   - hunar_match_rebuild rewrites Redis from PostgreSQL and bumps
 *     match:gen; seeing that, the matcher reloads from the blobs.  A blob
 *     that is corrupt, truncated or of another version is a cache miss:
 *     read again from PostgreSQL and rewritten.
 *
 * Kore asks over a loopback socket, one request per connection, from a
 * task, so that no ranking ever runs on Kore's event loop:
 *	RANK <gig_id> <limit> <offset>\n	-> one JSON object, then close
 *	TOP <gig_id> <n>\n			-> "T <candidates>" and n lines
 *						   "<score> <user>" (shards)
 *	EXPLAIN <gig_id> <user>:<rank>,...\n	-> RANK's JSON for those users
 *	STATS\n					-> {"profiles":N,...}
 *
 *	hunar_matcher [-p port] [-s i/n] [-t threads]
 * -s (env HUNAR_MATCH_SHARD): hold only shard i of n (match_shard_of());
 * Kore merges the shards' TOP answers exactly (HUNAR_MATCH_SHARDS).
 * -t (env HUNAR_MATCH_THREADS, 2): threads one ranking runs on.
 * Weights: HUNAR_MATCH_WEIGHTS or matching/match_weights.conf (key=value),
 * read again on SIGHUP.  Snapshot: HUNAR_MATCH_SNAP (a path, or "off"),
 * by default $HUNAR_VAR/match-<port>.snap (HUNAR_VAR: var).
 */
#include <sys/random.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <hiredis/hiredis.h>
#include <libpq-fe.h>

#include "infra/infra.h"
#include "matching/matching.h"

#define MATCHER_LIMIT_MAX	100
#define MATCHER_OFFSET_MAX	10000
#define MATCHER_TOP_MAX		(MATCHER_LIMIT_MAX + MATCHER_OFFSET_MAX)
#define MATCHER_RESTAT_SECS	3600
#define MATCHER_SCAN_COUNT	100	/* buckets (of 128) per SCAN page */
#define MATCHER_PIPELINE	2000	/* commands in flight */
#define MATCHER_SNAP_SECS	30	/* match:ver looked at, snapshot again */
/*
 * match:ver starts at a random value above this (and is set again when
 * found below it, e.g. after Redis was emptied): a file stamped before a
 * FLUSHALL can never meet the same counter again by chance.
 */
#define MATCHER_VER_SEED	(1LL << 32)

static const char SQL_PROFILE[] =
    "SELECT * FROM match_profile_rows($1::bigint)";
static const char SQL_GIG[] =
    "SELECT gig_id, district_id, province_id, remote, skills"
    " FROM match_gig_row($1::bigint)";

enum { LOAD_NONE, LOAD_SNAP, LOAD_REDIS, LOAD_PG };

/* One background load: filled by the loader thread, read after join. */
struct matcher_load {
	int			 kind;
	uint32_t		 expect;	/* profiles the last index held */
	long long		 gen;	/* match:gen when it started */
	struct match_weights	 w;
	struct match_index	*nx;	/* the new index; NULL: failed */
	uint64_t		*miss;	/* blobs that did not decode */
	size_t			 nmiss;
	size_t			 capmiss;
	size_t			 ok;
	size_t			 refused;
	size_t			 gone;
	double			 ms;
	double			 cpu_ms;	/* the loader thread's */
	long long		 snap_ver;	/* LOAD_SNAP: the file's */
	char			 why[160];	/* ... or why it was not read */
};

static volatile sig_atomic_t	matcher_quit;
static volatile sig_atomic_t	matcher_hup;
static struct match_index	*ix;		/* answering; NULL at first */
static struct match_weights	weights;
static PGconn			*db;
static redisContext		*rc;
static long long		 loaded_gen = -1;	/* of the answering index */
static long long		 want_gen = -1;		/* the newest seen */
static int			 shard_i, shard_n = 1, rank_threads = 2;
static int			 lfd = -1;

/* The snapshot: its path ("" off), the child writing it, its stamp. */
static char			 snap_path[PATH_MAX];
static int			 snap_secs = MATCHER_SNAP_SECS;
static pid_t			 snap_pid = -1;
static long long		 snap_ver = -1;	/* match:ver of the last */
static long long		 snap_writing;	/* ... of the child's */
static int			 snap_due;
static time_t			 snap_last;

/* The loader: its job, its thread, and what changed while it ran. */
static struct matcher_load	 ld;
static pthread_t		 ld_tid;
static int			 ld_busy, ld_next, ld_pipe[2] = { -1, -1 };
static uint64_t			*pend;
static size_t			 npend, cappend;

static void	matcher_log(const char *, ...)
		    __attribute__((format(printf, 1, 2)));

static void
matcher_log(const char *fmt, ...)
{
	va_list		ap;
	time_t		now;
	char		ts[32], line[512];

	now = time(NULL);
	(void)strftime(ts, sizeof(ts), "%H:%M:%S", gmtime(&now));
	va_start(ap, fmt);
	(void)vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* One write per line: the loader thread logs too. */
	fprintf(stderr, "%s hunar_matcher: %s\n", ts, line);
}

static void
matcher_signal(int sig)
{
	if (sig == SIGHUP)
		matcher_hup = 1;
	else
		matcher_quit = 1;
}

static double
matcher_ms(const struct timespec *a, const struct timespec *b)
{
	return ((b->tv_sec - a->tv_sec) * 1e3 +
	    (b->tv_nsec - a->tv_nsec) / 1e6);
}

/*
 * The clock the static parts (recency, the cold-start boost) are scored
 * at: the start of the hour.  Every matcher -- shards, replicas, the one
 * loading beside the one answering -- then gives a trainee the very same
 * score, so that merged shards are exactly the single ranking.
 */
static time_t
matcher_clock(void)
{
	time_t	now = time(NULL);

	return (now - now % MATCHER_RESTAT_SECS);
}

static int
matcher_mine(uint64_t uid)
{
	return (match_shard_of(uid, shard_n) == shard_i);
}

/* A Redis connection of its own (the main loop's, or the loader's). */
static redisContext *
matcher_redis_open(void)
{
	redisContext	*c;
	char		 err[128];

	if ((c = infra_redis_open(5000, err, sizeof(err))) == NULL)
		matcher_log("redis: %s", err);
	return (c);
}

static int
matcher_redis(void)
{
	if (rc != NULL && rc->err == 0)
		return (0);
	if (rc != NULL)
		redisFree(rc);
	return ((rc = matcher_redis_open()) == NULL ? -1 : 0);
}

/* Reads n queued replies; -1 on a lost connection or an error reply. */
static int
matcher_drain(redisContext *c, long n)
{
	redisReply	*r;
	int		 bad = 0;

	while (n-- > 0) {
		if (redisGetReply(c, (void **)&r) != REDIS_OK) {
			matcher_log("redis: %s", c->errstr);
			return (-1);
		}
		if (r->type == REDIS_REPLY_ERROR)
			bad++;
		freeReplyObject(r);
	}
	return (bad ? -1 : 0);
}

/* Queues the HSET of one profile's blob on c. */
static int
matcher_blob_cmd(redisContext *c, const struct match_profile *p)
{
	struct infra_buf	b;
	char			key[64], field[8];
	int			rv;

	infra_buf_init(&b);
	rv = -1;
	if (match_profile_encode(p, &b) == MATCH_OK &&
	    match_key_bucket(key, sizeof(key), p->user_id) == 0 &&
	    match_key_field(field, sizeof(field), p->user_id) == 0)
		rv = redisAppendCommand(c, "HSET %s %s %b", key, field,
		    b.data, b.len) == REDIS_OK ? 0 : -1;
	infra_buf_free(&b);
	return (rv);
}

/*
 * Queues the bump of match:ver after n blob writes on c: every snapshot
 * stamped before them is stale from then on.  The counter is seeded at
 * random (matcher_ver_stamp), so INCRBY never meets an old file's value.
 */
static int
matcher_ver_cmd(redisContext *c, long n)
{
	return (redisAppendCommand(c, "INCRBY " MATCH_KEY_VER " %ld", n) ==
	    REDIS_OK ? 0 : -1);
}

static void
matcher_cache_put(const struct match_profile *p)
{
	if (matcher_redis() == 0 && matcher_blob_cmd(rc, p) == 0)
		(void)matcher_drain(rc, 1 + (matcher_ver_cmd(rc, 1) == 0));
}

static void
matcher_cache_del(uint64_t uid)
{
	char		key[64], field[8];

	if (matcher_redis() == -1 ||
	    match_key_bucket(key, sizeof(key), uid) == -1 ||
	    match_key_field(field, sizeof(field), uid) == -1)
		return;
	if (redisAppendCommand(rc, "HDEL %s %s", key, field) == REDIS_OK)
		(void)matcher_drain(rc, 1 + (matcher_ver_cmd(rc, 1) == 0));
}

/* One row of match_profile_rows() into a profile; -1 if refused. */
static int
matcher_row(PGresult *res, int row, struct match_profile *p)
{
	const char	*cols[MATCH_PROFILE_COLS];
	int		 i;

	for (i = 0; i < MATCH_PROFILE_COLS; i++)
		cols[i] = PQgetisnull(res, row, i) ? NULL :
		    PQgetvalue(res, row, i);
	if (match_row_profile(cols, p) == -1) {
		matcher_log("trainee %s: row refused (skill id over %d?)",
		    cols[0] ? cols[0] : "?", MATCH_SKILL_BITS - 1);
		return (-1);
	}
	return (0);
}

/* While a load runs, who changed: read again into the new index. */
static void
matcher_pending(uint64_t uid)
{
	uint64_t	*np;
	size_t		 nc;

	if (!ld_busy)
		return;
	if (npend == cappend) {
		nc = cappend ? cappend * 2 : 256;
		if ((np = realloc(pend, nc * sizeof(*pend))) == NULL) {
			matcher_log("pending: no memory; %" PRIu64 " lost",
			    uid);
			return;
		}
		pend = np;
		cappend = nc;
	}
	pend[npend++] = uid;
}

/* One trainee again from PostgreSQL: changed, new, or gone. */
static void
matcher_refresh(uint64_t uid)
{
	struct match_profile	 p;
	PGresult		*res;
	const char		*args[1];
	char			 id[24];

	if (!matcher_mine(uid))
		return;
	matcher_pending(uid);
	(void)snprintf(id, sizeof(id), "%" PRIu64, uid);
	args[0] = id;
	res = PQexecParams(db, SQL_PROFILE, 1, NULL, args, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		matcher_log("refresh %s: %s", id, PQerrorMessage(db));
		PQclear(res);
		return;
	}
	if (PQntuples(res) == 1) {
		if (matcher_row(res, 0, &p) == 0) {
			if (ix != NULL)
				(void)match_index_put(ix, &p);
			matcher_cache_put(&p);
		}
	} else {
		if (ix != NULL)
			(void)match_index_del(ix, uid);
		matcher_cache_del(uid);
	}
	PQclear(res);
}

/* A counter's value on c: 0 when unset, -1 when Redis failed. */
static long long
matcher_counter(redisContext *c, const char *key)
{
	redisReply	*r;
	long long	 v = 0;

	if ((r = redisCommand(c, "GET %s", key)) == NULL)
		return (-1);
	if (r->type == REDIS_REPLY_STRING)
		v = strtoll(r->str, NULL, 10);
	else if (r->type != REDIS_REPLY_NIL)
		v = -1;
	freeReplyObject(r);
	return (v);
}

static long long
matcher_gen(void)
{
	if (matcher_redis() == -1)
		return (-1);
	return (matcher_counter(rc, MATCH_KEY_GEN));
}

/*
 * One SCAN page of the bucket keys from cursor (len bytes), which then
 * holds the next one ("0": the walk is done); NULL on a Redis failure.
 */
static redisReply *
matcher_scan(redisContext *c, char *cursor, size_t len)
{
	redisReply	*s;

	s = redisCommand(c, "SCAN %s MATCH " MATCH_KEY_BUCKETS " COUNT %d",
	    cursor, MATCHER_SCAN_COUNT);
	if (s != NULL && (s->type != REDIS_REPLY_ARRAY || s->elements != 2 ||
	    s->element[0]->type != REDIS_REPLY_STRING ||
	    s->element[1]->type != REDIS_REPLY_ARRAY)) {
		freeReplyObject(s);
		s = NULL;
	}
	if (s != NULL)
		(void)snprintf(cursor, len, "%s", s->element[0]->str);
	return (s);
}

static void
matcher_miss(struct matcher_load *l, uint64_t uid)
{
	uint64_t	*nm;
	size_t		 nc;

	if (l->nmiss == l->capmiss) {
		nc = l->capmiss ? l->capmiss * 2 : 64;
		if ((nm = realloc(l->miss, nc * sizeof(*nm))) == NULL)
			return;
		l->miss = nm;
		l->capmiss = nc;
	}
	l->miss[l->nmiss++] = uid;
}

/*
 * One bucket's HGETALL: every blob that decodes goes into x (when given);
 * one that does not -- corrupt, truncated, another version -- is a miss.
 */
static void
matcher_bucket(const char *key, const redisReply *r, struct matcher_load *l,
    struct match_index *x)
{
	struct match_profile	 p;
	const redisReply	*f, *v;
	uint64_t		 uid;
	size_t			 i;

	if (r->type != REDIS_REPLY_ARRAY)
		return;
	for (i = 0; i + 1 < r->elements; i += 2) {
		f = r->element[i];
		v = r->element[i + 1];
		if (f->type != REDIS_REPLY_STRING ||
		    (uid = match_key_uid(key, f->str)) == 0)
			continue;
		if (v->type == REDIS_REPLY_STRING &&
		    match_profile_decode(v->str, v->len, &p) == MATCH_OK &&
		    p.user_id == uid) {
			if (x != NULL && match_index_put(x, &p) == 0)
				l->ok++;
		} else
			matcher_miss(l, uid);
	}
}

/*
 * One bucket's HVALS, the fast path of a load: every blob decodes and
 * belongs to the bucket -- into x.  -1 at the first that does not: the
 * bucket is then read again with its fields (matcher_bucket) to name the
 * misses.
 */
static int
matcher_vals(const char *key, const redisReply *r, struct matcher_load *l,
    struct match_index *x)
{
	struct match_profile	 p;
	const redisReply	*v;
	uint64_t		 bucket;
	size_t			 i;

	if (r->type != REDIS_REPLY_ARRAY || match_bucket_of(key, &bucket) == -1)
		return (-1);
	for (i = 0; i < r->elements; i++) {
		v = r->element[i];
		if (v->type != REDIS_REPLY_STRING ||
		    match_profile_decode(v->str, v->len, &p) != MATCH_OK ||
		    p.user_id >> MATCH_BUCKET_SHIFT != bucket)
			return (-1);
		if (x != NULL && match_index_put(x, &p) == 0)
			l->ok++;
	}
	return (0);
}

#define MATCHER_CHUNK	256

/*
 * Keys from .. to of a SCAN page: this shard's buckets fetched with
 * pipelined HVALS; a bucket with a bad blob again with HGETALL.
 */
static int
matcher_chunk(redisContext *c, const redisReply *keys, size_t from,
    size_t to, struct matcher_load *l, struct match_index *x)
{
	redisReply	*r;
	uint64_t	 bucket;
	size_t		 i;
	uint8_t		 take[MATCHER_CHUNK], bad[MATCHER_CHUNK];

	/* Both set for every key below; zeroed so cppcheck sees it too. */
	memset(take, 0, sizeof(take));
	memset(bad, 0, sizeof(bad));
	for (i = from; i < to; i++) {
		take[i - from] = keys->element[i]->type ==
		    REDIS_REPLY_STRING && match_bucket_of(
		    keys->element[i]->str, &bucket) == 0 &&
		    matcher_mine(bucket << MATCH_BUCKET_SHIFT) &&
		    redisAppendCommand(c, "HVALS %s",
		    keys->element[i]->str) == REDIS_OK;
		bad[i - from] = 0;
	}
	for (i = from; i < to; i++) {
		if (!take[i - from])
			continue;
		if (redisGetReply(c, (void **)&r) != REDIS_OK)
			return (-1);
		bad[i - from] = matcher_vals(keys->element[i]->str, r, l,
		    x) == -1;
		freeReplyObject(r);
	}
	for (i = from; i < to; i++) {
		if (!bad[i - from])
			continue;
		if ((r = redisCommand(c, "HGETALL %s",
		    keys->element[i]->str)) == NULL)
			return (-1);
		matcher_bucket(keys->element[i]->str, r, l, x);
		freeReplyObject(r);
	}
	return (0);
}

/* One SCAN page, in chunks.  -1 when Redis went away. */
static int
matcher_page(redisContext *c, const redisReply *keys, struct matcher_load *l,
    struct match_index *x)
{
	size_t		i, end;

	for (i = 0; i < keys->elements; i = end) {
		end = keys->elements - i > MATCHER_CHUNK ? i + MATCHER_CHUNK :
		    keys->elements;
		if (matcher_chunk(c, keys, i, end, l, x) == -1)
			return (-1);
	}
	return (0);
}

/* Every bucket through c: into x, or (x NULL) only checked. */
static int
matcher_walk(redisContext *c, struct matcher_load *l, struct match_index *x)
{
	redisReply	*s;
	char		 cursor[32];
	int		 rv;

	(void)strcpy(cursor, "0");
	do {
		if ((s = matcher_scan(c, cursor, sizeof(cursor))) == NULL)
			return (-1);
		rv = matcher_page(c, s->element[1], l, x);
		freeReplyObject(s);
		if (rv == -1 || matcher_quit)
			return (-1);
	} while (strcmp(cursor, "0") != 0);
	return (0);
}

static int
matcher_exec(PGconn *conn, const char *sql)
{
	PGresult	*res;
	int		 ok;

	res = PQexec(conn, sql);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	if (!ok)
		matcher_log("%s: %s", sql, PQerrorMessage(conn));
	PQclear(res);
	return (ok ? 0 : -1);
}

/*
 * A cursor over every trainee.  match_profile_all() (matching/sql/) is
 * set-based: ~10x faster than match_profile_rows(NULL), whose columns are
 * correlated subqueries.  Same rows; the older function is the fallback.
 */
static int
matcher_cursor(PGconn *conn)
{
	if (matcher_exec(conn, "BEGIN READ ONLY") == -1)
		return (-1);
	if (matcher_exec(conn, "DECLARE ld NO SCROLL CURSOR FOR"
	    " SELECT * FROM match_profile_all()") == 0)
		return (0);
	(void)matcher_exec(conn, "ROLLBACK");
	if (matcher_exec(conn, "BEGIN READ ONLY") == -1)
		return (-1);
	if (matcher_exec(conn, "DECLARE ld NO SCROLL CURSOR FOR"
	    " SELECT * FROM match_profile_rows(NULL)") == 0)
		return (0);
	(void)matcher_exec(conn, "ROLLBACK");
	return (-1);
}

/* One FETCH of the cursor into x, its blobs written through c. */
static int
matcher_fetch(PGconn *conn, redisContext *c, struct matcher_load *l,
    struct match_index *x)
{
	struct match_profile	 p;
	PGresult		*res;
	long			 queued = 0;
	int			 i, n;

	res = PQexec(conn, "FETCH 5000 FROM ld");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		matcher_log("load: %s", PQerrorMessage(conn));
		PQclear(res);
		return (-1);
	}
	n = PQntuples(res);
	for (i = 0; i < n; i++) {
		if (matcher_row(res, i, &p) == -1) {
			l->refused++;
			continue;
		}
		if (!matcher_mine(p.user_id))
			continue;
		if (match_index_put(x, &p) == 0)
			l->ok++;
		if (c != NULL && matcher_blob_cmd(c, &p) == 0 &&
		    ++queued == MATCHER_PIPELINE) {
			(void)matcher_drain(c, queued +
			    (matcher_ver_cmd(c, queued) == 0));
			queued = 0;
		}
	}
	PQclear(res);
	if (c != NULL && queued > 0)
		(void)matcher_drain(c, queued +
		    (matcher_ver_cmd(c, queued) == 0));
	return (n);
}

/* The fields of one bucket whose trainee the fresh index x lacks: HDEL. */
static long
matcher_prune_bucket(redisContext *c, const char *key, const redisReply *r,
    const struct match_index *x)
{
	uint64_t	uid;
	size_t		i;
	long		n = 0;

	if (r->type != REDIS_REPLY_ARRAY)
		return (0);
	for (i = 0; i < r->elements; i++) {
		if (r->element[i]->type != REDIS_REPLY_STRING)
			continue;
		uid = match_key_uid(key, r->element[i]->str);
		if (uid != 0 && match_index_find(x, uid) >= 0)
			continue;
		if (redisAppendCommand(c, "HDEL %s %s", key,
		    r->element[i]->str) == REDIS_OK)
			n++;
	}
	return (n);
}

/*
 * After a load from PostgreSQL: the blobs of trainees that are gone
 * (deleted while no matcher listened) leave Redis.  A trainee created
 * since the load's snapshot may go too: it is read again after the swap.
 */
static int
matcher_prune(redisContext *c, struct matcher_load *l,
    const struct match_index *x)
{
	redisReply	*s, *r;
	uint64_t	 bucket;
	char		 cursor[32];
	size_t		 i;
	long		 n;

	(void)strcpy(cursor, "0");
	do {
		if ((s = matcher_scan(c, cursor, sizeof(cursor))) == NULL)
			return (-1);
		for (i = 0; i < s->element[1]->elements; i++) {
			if (match_bucket_of(s->element[1]->element[i]->str,
			    &bucket) == -1 ||
			    !matcher_mine(bucket << MATCH_BUCKET_SHIFT))
				continue;
			r = redisCommand(c, "HKEYS %s",
			    s->element[1]->element[i]->str);
			if (r == NULL)
				break;
			n = matcher_prune_bucket(c,
			    s->element[1]->element[i]->str, r, x);
			freeReplyObject(r);
			l->gone += (size_t)n;
			if (n > 0)
				(void)matcher_drain(c, n +
				    (matcher_ver_cmd(c, n) == 0));
		}
		freeReplyObject(s);
	} while (strcmp(cursor, "0") != 0);
	return (0);
}

/* Version 1's keys (a key per blob, candidate sets): UNLINKed, once. */
static void
matcher_clear_legacy(redisContext *c)
{
	redisReply	*s;
	char		 cursor[32];
	size_t		 i, n;
	int		 k;

	for (k = 0; match_key_legacy[k] != NULL; k++) {
		(void)strcpy(cursor, "0");
		do {
			s = redisCommand(c, "SCAN %s MATCH %s COUNT 1000",
			    cursor, match_key_legacy[k]);
			if (s == NULL || s->type != REDIS_REPLY_ARRAY ||
			    s->elements != 2) {
				if (s != NULL)
					freeReplyObject(s);
				return;
			}
			(void)snprintf(cursor, sizeof(cursor), "%s",
			    s->element[0]->str);
			for (i = n = 0; i < s->element[1]->elements; i++)
				if (redisAppendCommand(c, "UNLINK %s",
				    s->element[1]->element[i]->str) == REDIS_OK)
					n++;
			freeReplyObject(s);
			(void)matcher_drain(c, (long)n);
		} while (strcmp(cursor, "0") != 0);
	}
}

/* A load from PostgreSQL into x, written through to Redis, then pruned. */
static int
matcher_load_pg(struct matcher_load *l, struct match_index *x)
{
	PGconn		*conn;
	redisContext	*c;
	int		 n, rv;

	if ((conn = infra_pgd_connect("hunar_matcher_load", NULL)) == NULL)
		return (-1);
	c = matcher_redis_open();
	rv = matcher_cursor(conn);
	while (rv == 0 && (n = matcher_fetch(conn, c, l, x)) != 0)
		if (n < 0 || matcher_quit)
			rv = -1;
	if (rv == 0) {
		(void)matcher_exec(conn, "COMMIT");
		if (c != NULL) {
			(void)matcher_prune(c, l, x);
			matcher_clear_legacy(c);
		}
	}
	if (c != NULL)
		redisFree(c);
	PQfinish(conn);
	return (rv);
}

/* A new, empty index sized for n trainees (and some growth); NULL. */
static struct match_index *
matcher_index_new(const struct matcher_load *l, uint32_t n)
{
	struct match_index	*x;

	if ((x = calloc(1, sizeof(*x))) == NULL)
		return (NULL);
	if (match_index_init(x, &l->w, matcher_clock()) == -1 ||
	    match_index_reserve(x, n + n / 8) == -1) {
		match_index_free(x);
		free(x);
		return (NULL);
	}
	return (x);
}

static void
matcher_index_drop(struct match_index *x)
{
	if (x != NULL)
		match_index_free(x);
	free(x);
}

/*
 * The snapshot file checked against Redis: whole (format, length,
 * checksum), of this shard, and written at the match:gen and match:ver
 * Redis holds now.  Into a new index; NULL with l->why said otherwise.
 */
static struct match_index *
matcher_snap_read(struct matcher_load *l)
{
	struct match_snap_head	 h;
	struct match_index	*x = NULL;
	struct infra_buf	 b;
	redisContext		*c;
	long long		 gen = -1, ver = -1;
	int			 rv;

	infra_buf_init(&b);
	if (infra_file_read(snap_path, &b, SIZE_MAX / 4) == -1) {
		(void)snprintf(l->why, sizeof(l->why), "%s", strerror(errno));
		goto done;
	}
	if ((rv = match_snap_check(b.data, b.len, &h)) != MATCH_OK) {
		(void)snprintf(l->why, sizeof(l->why), "%s",
		    rv == MATCH_ERR_VERSION ? "another format or byte order" :
		    "corrupt: magic, length or checksum");
		goto done;
	}
	if (h.shard_i != shard_i || h.shard_n != shard_n) {
		(void)snprintf(l->why, sizeof(l->why), "of shard %d/%d",
		    h.shard_i, h.shard_n);
		goto done;
	}
	if ((c = matcher_redis_open()) != NULL) {
		gen = matcher_counter(c, MATCH_KEY_GEN);
		ver = matcher_counter(c, MATCH_KEY_VER);
		redisFree(c);
	}
	if (h.gen != gen || h.ver != ver || ver < MATCHER_VER_SEED) {
		(void)snprintf(l->why, sizeof(l->why), "stale: written at "
		    "match:gen %lld match:ver %lld, Redis holds %lld %lld",
		    (long long)h.gen, (long long)h.ver, gen, ver);
		goto done;
	}
	l->gen = gen;
	l->snap_ver = ver;
	if ((x = matcher_index_new(l, h.count)) == NULL)
		(void)snprintf(l->why, sizeof(l->why), "no memory");
	else if (match_snap_load(b.data, b.len, x, &l->ok,
	    &l->refused) == -1) {
		(void)snprintf(l->why, sizeof(l->why), "its records do not "
		    "match its head");
		matcher_index_drop(x);
		x = NULL;
		l->ok = l->refused = 0;
	}
done:
	infra_buf_free(&b);
	return (x);
}

static void *
matcher_loader(void *arg)
{
	struct matcher_load	*l = arg;
	struct match_index	*x;
	redisContext		*c;
	struct timespec		 t0, t1, c0, c1;
	int			 rv;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
	rv = 0;
	x = NULL;
	if (l->kind == LOAD_SNAP && (x = matcher_snap_read(l)) == NULL)
		l->kind = LOAD_REDIS;	/* refused: the blobs, as before */
	if (x == NULL) {
		rv = -1;
		x = matcher_index_new(l, l->expect);
	}
	if (x != NULL && l->kind == LOAD_PG)
		rv = matcher_load_pg(l, x);
	else if (x != NULL && l->kind == LOAD_REDIS &&
	    (c = matcher_redis_open()) != NULL) {
		rv = matcher_walk(c, l, x);
		redisFree(c);
	}
	if (rv == -1) {
		matcher_index_drop(x);
		x = NULL;
	}
	if (x != NULL)
		x->threads = rank_threads;
	l->nx = x;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1);
	l->ms = matcher_ms(&t0, &t1);
	l->cpu_ms = matcher_ms(&c0, &c1);
	(void)write(ld_pipe[1], "x", 1);
	return (NULL);
}

/* Before the first index: how many trainees this shard will hold. */
static uint32_t
matcher_expect(void)
{
	PGresult	*res;
	uint32_t	 n = 0;

	res = PQexec(db, "SELECT count(*) FROM users WHERE role = 'trainee'");
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
		n = (uint32_t)(strtoul(PQgetvalue(res, 0, 0), NULL, 10) /
		    (unsigned long)shard_n);
	PQclear(res);
	return (n);
}

static const char *
matcher_load_name(int kind)
{
	switch (kind) {
	case LOAD_SNAP:
		return ("snapshot");
	case LOAD_PG:
		return ("postgresql");
	default:
		return ("redis");
	}
}

/* Starts a load, or queues it behind the running one (PG wins). */
static void
matcher_load_start(int kind)
{
	if (ld_busy) {
		if (kind > ld_next)
			ld_next = kind;
		return;
	}
	memset(&ld, 0, sizeof(ld));
	ld.kind = kind;
	/* A snapshot says its count (refused, the blobs grow the index). */
	ld.expect = ix != NULL ? ix->live : kind == LOAD_SNAP ? 0 :
	    matcher_expect();
	ld.gen = want_gen;
	ld.w = weights;
	npend = 0;
	ld_busy = 1;
	if (pthread_create(&ld_tid, NULL, matcher_loader, &ld) != 0) {
		matcher_log("loader thread: %s", strerror(errno));
		ld_busy = 0;
	}
}

/*
 * The loader is done: its index replaces the answering one (one pointer,
 * between two requests), then whoever changed meanwhile and every blob
 * that missed is read again from PostgreSQL, into it and into Redis.
 */
static void
matcher_load_done(void)
{
	struct match_index	*old;
	char			 c;
	size_t			 i;

	(void)read(ld_pipe[0], &c, 1);
	(void)pthread_join(ld_tid, NULL);
	ld_busy = 0;
	if (ld.why[0] != '\0')
		matcher_log("snapshot %s not read (%s): the Redis blobs "
		    "instead", snap_path, ld.why);
	if (ld.nx == NULL)
		matcher_log("load from %s failed; the old index answers",
		    matcher_load_name(ld.kind));
	else {
		old = ix;
		ix = ld.nx;
		loaded_gen = ld.gen;
		/* New weights (SIGHUP) or the hour turned while it loaded. */
		if (memcmp(&ix->w, &weights, sizeof(weights)) != 0 ||
		    ix->now != matcher_clock())
			match_index_restat(ix, &weights, matcher_clock());
		if (old != NULL) {
			match_index_free(old);
			free(old);
		}
		matcher_log("loaded %zu trainees from %s in %.0f ms, %.0f ms "
		    "of CPU (%zu refused, %zu gone, %zu cache misses, %zu "
		    "changed meanwhile)%s", ld.ok, matcher_load_name(ld.kind),
		    ld.ms, ld.cpu_ms, ld.refused, ld.gone, ld.nmiss, npend,
		    shard_n > 1 ? " for this shard" : "");
		/* A file read is already on disk; any other load is due. */
		if (ld.kind == LOAD_SNAP)
			snap_ver = ld.snap_ver;
		else
			snap_due = 1;
	}
	for (i = 0; i < ld.nmiss; i++)
		matcher_refresh(ld.miss[i]);
	for (i = 0; i < npend; i++)
		matcher_refresh(pend[i]);
	npend = 0;
	free(ld.miss);
	ld.miss = NULL;
	/* A first load from Redis found nothing: PostgreSQL at once. */
	if (ld.kind == LOAD_REDIS && (ld.nx == NULL || ld.ok == 0) &&
	    ld_next < LOAD_PG)
		ld_next = LOAD_PG;
	if (ld_next != LOAD_NONE) {
		c = (char)ld_next;
		ld_next = LOAD_NONE;
		matcher_load_start(c);
	}
}

/*
 * match:ver now, seeded at random above MATCHER_VER_SEED when below it
 * (unset, or counted up from 0 after Redis was emptied).  -1: no Redis.
 */
static long long
matcher_ver_stamp(void)
{
	redisReply	*r;
	uint64_t	 seed;
	long long	 v;

	if (matcher_redis() == -1 || (v = matcher_counter(rc,
	    MATCH_KEY_VER)) == -1)
		return (-1);
	if (v >= MATCHER_VER_SEED)
		return (v);
	if (getrandom(&seed, sizeof(seed), 0) != sizeof(seed))
		return (-1);
	v = MATCHER_VER_SEED + (long long)(seed >> 2) % (1LL << 60);
	if ((r = redisCommand(rc, "SET " MATCH_KEY_VER " %lld", v)) == NULL)
		return (-1);
	freeReplyObject(r);
	return (v);
}

/* The answering index into the snapshot file, stamped st.  0 or -1. */
static int
matcher_snap_file(const struct match_snap_head *st)
{
	struct infra_buf	b;
	struct timespec		t0, t1, c0, c1;
	int			rv = -1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
	infra_buf_init(&b);
	if (infra_buf_reserve(&b, sizeof(*st) + (size_t)ix->live * 48) ==
	    -1 || match_snap_write(&b, ix, st) != MATCH_OK)
		matcher_log("snapshot: no memory");
	else if (infra_file_replace(snap_path, b.data, b.len) == -1)
		matcher_log("snapshot %s: %s", snap_path, strerror(errno));
	else {
		clock_gettime(CLOCK_MONOTONIC, &t1);
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
		matcher_log("snapshot: %u trainees, %.1f MB written in %.0f "
		    "ms, %.0f ms of CPU (match:ver %lld)", ix->live,
		    b.len / 1e6, matcher_ms(&t0, &t1), matcher_ms(&c0, &c1),
		    (long long)st->ver);
		rv = 0;
	}
	infra_buf_free(&b);
	return (rv);
}

/*
 * A snapshot when Redis's match:ver moved since the last one (and no
 * reload is due: the index is what match:gen says).  The file is written
 * by a forked child from its copy-on-write view of the index, so the
 * matcher answers meanwhile; only between loads, as a fork while the
 * loader thread holds a lock (malloc's) would hand the child that lock
 * forever.  wait: in this process (at a clean stop).
 */
static void
matcher_snap_save(int wait)
{
	struct match_snap_head	 st;
	long long		 v;
	pid_t			 pid;

	if (snap_path[0] == '\0' || ix == NULL || ld_busy || snap_pid != -1)
		return;
	if (matcher_gen() != loaded_gen || (v = matcher_ver_stamp()) == -1 ||
	    v == snap_ver)
		return;
	memset(&st, 0, sizeof(st));
	st.shard_i = shard_i;
	st.shard_n = shard_n;
	st.gen = loaded_gen;
	st.ver = v;
	if (wait) {
		if (matcher_snap_file(&st) == 0)
			snap_ver = v;
		return;
	}
	if ((pid = fork()) == -1) {
		matcher_log("snapshot: fork: %s", strerror(errno));
		return;
	}
	if (pid == 0) {
		/* Not the port: a restarted matcher must be able to bind. */
		close(lfd);
		(void)signal(SIGTERM, SIG_DFL);
		(void)signal(SIGINT, SIG_DFL);
		_exit(matcher_snap_file(&st) == 0 ? 0 : 1);
	}
	snap_pid = pid;
	snap_writing = v;
}

/* The snapshot child's end; wait: until it ends. */
static void
matcher_snap_reap(int wait)
{
	int	status;

	if (snap_pid == -1 || waitpid(snap_pid, &status,
	    wait ? 0 : WNOHANG) != snap_pid)
		return;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		snap_ver = snap_writing;
	snap_pid = -1;
}

/*
 * A slow, endless sweep over the cached blobs (a SCAN page a second):
 * an entry corrupted in Redis is found and rewritten without a reload.
 */
static void
matcher_sweep(void)
{
	static char		 cursor[32] = "0";
	static time_t		 last;
	struct matcher_load	 l;
	redisReply		*s;
	size_t			 i;

	if (time(NULL) == last)
		return;
	last = time(NULL);
	if (matcher_redis() == -1 ||
	    (s = matcher_scan(rc, cursor, sizeof(cursor))) == NULL)
		return;
	memset(&l, 0, sizeof(l));
	(void)matcher_page(rc, s->element[1], &l, NULL);
	freeReplyObject(s);
	for (i = 0; i < l.nmiss; i++) {
		matcher_log("cache miss for trainee %" PRIu64 " (corrupt, "
		    "truncated or old version): read again", l.miss[i]);
		matcher_refresh(l.miss[i]);
	}
	free(l.miss);
}

static void
matcher_reply(int fd, const char *s, size_t len)
{
	(void)infra_write_all(fd, s, len);
}

static void
matcher_error(int fd, const char *code)
{
	char		buf[64];

	(void)snprintf(buf, sizeof(buf), "{\"error\":\"%s\"}\n", code);
	matcher_reply(fd, buf, strlen(buf));
}

/* The gig from PostgreSQL, or an error answered on fd and -1. */
static int
matcher_gig(int fd, uint64_t gig, struct match_gig *g)
{
	PGresult	*res;
	const char	*args[1];
	char		 id[24];
	int		 rv;

	if (ix == NULL) {
		matcher_error(fd, "loading");
		return (-1);
	}
	(void)snprintf(id, sizeof(id), "%" PRIu64, gig);
	args[0] = id;
	res = PQexecParams(db, SQL_GIG, 1, NULL, args, NULL, NULL, 0);
	rv = -1;
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		matcher_log("gig %s: %s", id, PQerrorMessage(db));
		matcher_error(fd, "database");
	} else if (PQntuples(res) != 1)
		matcher_error(fd, "not_found");
	else if (match_gig_parse(g, gig,
	    (uint32_t)strtoul(PQgetvalue(res, 0, 1), NULL, 10),
	    (uint16_t)strtoul(PQgetvalue(res, 0, 2), NULL, 10),
	    PQgetvalue(res, 0, 3)[0] == 't', PQgetvalue(res, 0, 4)) == -1)
		matcher_error(fd, "bad_gig");
	else
		rv = 0;
	PQclear(res);
	return (rv);
}

/* RANK (JSON from offset, explained) or TOP (score and user lines). */
static void
matcher_rank(int fd, uint64_t gig, unsigned limit, unsigned offset, int top)
{
	struct match_gig	 g;
	struct match_topk	 t;
	struct match_stats	 st;
	struct infra_buf	 b;
	struct timespec		 t0, t1, c0, c1;
	int			 rv;

	if (matcher_gig(fd, gig, &g) == -1)
		return;
	/*
	 * The process's clock: the ranking threads are joined in it (a load
	 * running beside it on the loader thread is counted too).
	 */
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (match_topk_init(&t, (size_t)limit + offset) == -1)
		return;
	memset(&st, 0, sizeof(st));
	(void)match_index_rank(ix, &g, &t, &st);
	match_topk_sorted(&t);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
	infra_buf_init(&b);
	if (top)
		rv = match_top_write(&b, &t, st.candidates);
	else
		rv = match_json_hits(&b, ix, &g, &t, offset, st.candidates,
		    matcher_ms(&t0, &t1), matcher_ms(&c0, &c1));
	if (rv == 0)
		matcher_reply(fd, (const char *)b.data, b.len);
	infra_buf_free(&b);
	match_topk_free(&t);
}

/*
 * EXPLAIN <gig> <user>:<rank>,...: RANK's JSON for those users, ranked as
 * the asker merged them; a user this index does not hold is left out.
 */
static void
matcher_explain(int fd, uint64_t gig, const char *list)
{
	struct match_gig	 g;
	struct match_hit	 h;
	struct match_profile	 p;
	struct infra_buf	 b;
	const char		*s;
	char			*ep;
	unsigned long		 rank;
	int			 row, n;

	if (matcher_gig(fd, gig, &g) == -1)
		return;
	infra_buf_init(&b);
	(void)infra_buf_fmt(&b, "{\"gig_id\":%" PRIu64 ",\"total\":0,"
	    "\"results\":[", gig);
	for (s = list, n = 0; *s != '\0' && n < MATCHER_LIMIT_MAX; n++) {
		h.user_id = strtoull(s, &ep, 10);
		if (*ep != ':')
			break;
		rank = strtoul(ep + 1, &ep, 10);
		if ((row = match_index_find(ix, h.user_id)) >= 0) {
			h.idx = (uint32_t)row;
			match_index_profile(ix, h.idx, &p);
			h.score = match_score(&ix->w, &g, &p, ix->now);
			(void)match_json_hit(&b, ix, &g, &h, rank,
			    b.data[b.len - 1] == '[');
		}
		if (*ep != ',')
			break;
		s = ep + 1;
	}
	(void)infra_buf_add(&b, "]}\n", 3);
	matcher_reply(fd, (const char *)b.data, b.len);
	infra_buf_free(&b);
}

static void
matcher_stats(int fd)
{
	char		line[256];

	(void)snprintf(line, sizeof(line), "{\"profiles\":%u,\"rows\":%u,"
	    "\"gen\":%lld,\"loading\":%d,\"shard\":\"%d/%d\","
	    "\"threads\":%d}\n", ix ? ix->live : 0, ix ? ix->n : 0,
	    loaded_gen, ld_busy, shard_i, shard_n, rank_threads);
	matcher_reply(fd, line, strlen(line));
}

static void
matcher_client(int fd)
{
	struct timeval	 tv = { 2, 0 };
	char		 line[4096], extra[64];
	size_t		 len = 0;
	ssize_t		 r;
	uint64_t	 gig;
	unsigned	 limit, offset;
	int		 n;

	(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	while (len < sizeof(line) - 1) {
		r = read(fd, line + len, sizeof(line) - 1 - len);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
		if (memchr(line, '\n', len) != NULL)
			break;
	}
	line[len] = '\0';
	if (strncmp(line, "STATS", 5) == 0)
		matcher_stats(fd);
	else if (sscanf(line, "RANK %" SCNu64 " %u %u%63s", &gig, &limit,
	    &offset, extra) == 3 && limit >= 1 &&
	    limit <= MATCHER_LIMIT_MAX && offset <= MATCHER_OFFSET_MAX)
		matcher_rank(fd, gig, limit, offset, 0);
	else if (sscanf(line, "TOP %" SCNu64 " %u%63s", &gig, &limit,
	    extra) == 2 && limit >= 1 && limit <= MATCHER_TOP_MAX)
		matcher_rank(fd, gig, limit, 0, 1);
	else if (sscanf(line, "EXPLAIN %" SCNu64 " %n", &gig, &n) == 1 &&
	    n > 0)
		matcher_explain(fd, gig, line + n);
	else
		matcher_error(fd, "bad_request");
}

static void
matcher_notifies(void)
{
	PGnotify	*nt;
	uint64_t	 uid;

	if (!PQconsumeInput(db)) {
		matcher_log("postgresql: %s", PQerrorMessage(db));
		return;
	}
	/* Called every turn of the loop: the heartbeat goes with it. */
	infra_pgd_beat(db, "hunar_matcher");
	while ((nt = PQnotifies(db)) != NULL) {
		uid = strtoull(nt->extra, NULL, 10);
		PQfreemem(nt);
		if (uid > 0)
			matcher_refresh(uid);
	}
}

static int
matcher_listen(int port)
{
	struct sockaddr_in	sin;
	int			fd, on = 1;

	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return (-1);
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    listen(fd, 128) == -1) {
		matcher_log("port %d: %s", port, strerror(errno));
		close(fd);
		return (-1);
	}
	return (fd);
}

/* At start: the file or the defaults; on SIGHUP a bad file changes nothing. */
static void
matcher_weights(int reload)
{
	struct match_weights	 w;
	const char		*path, *keep;
	char			 buf[8192], err[128];
	FILE			*f;
	size_t			 n;

	keep = reload ? "weights unchanged" : "default weights";
	match_weights_default(&w);
	if (!reload)
		weights = w;
	if ((path = getenv("HUNAR_MATCH_WEIGHTS")) == NULL || *path == '\0')
		path = "matching/match_weights.conf";
	if ((f = fopen(path, "r")) == NULL) {
		matcher_log("%s: %s; %s", path, strerror(errno), keep);
		return;
	}
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	if (match_weights_parse(&w, buf, n, err, sizeof(err)) == -1) {
		matcher_log("%s: %s; %s", path, err, keep);
		return;
	}
	weights = w;
	matcher_log("weights from %s", path);
}

/* The snapshot's path (HUNAR_MATCH_SNAP, "off") and period. */
static int
matcher_snap_options(int port)
{
	const char	*env, *var;
	int		 n;

	if ((env = getenv("HUNAR_MATCH_SNAP_SECS")) != NULL && *env != '\0')
		snap_secs = atoi(env);
	if (snap_secs < 1)
		return (-1);
	if ((env = getenv("HUNAR_MATCH_SNAP")) != NULL && *env != '\0') {
		if (strcmp(env, "off") == 0)
			return (0);
		n = snprintf(snap_path, sizeof(snap_path), "%s", env);
	} else {
		if ((var = getenv("HUNAR_VAR")) == NULL || *var == '\0')
			var = "var";
		n = snprintf(snap_path, sizeof(snap_path), "%s/match-%d.snap",
		    var, port);
	}
	return (n > 0 && (size_t)n < sizeof(snap_path) ? 0 : -1);
}

/* Options and environment: port, shard, threads.  -1: usage. */
static int
matcher_options(int argc, char **argv, int *port)
{
	const char	*env;
	int		 ch;

	*port = MATCH_PORT_DEFAULT;
	if ((env = getenv("HUNAR_MATCH_PORT")) != NULL && *env != '\0')
		*port = atoi(env);
	if ((env = getenv("HUNAR_MATCH_THREADS")) != NULL && *env != '\0')
		rank_threads = atoi(env);
	if ((env = getenv("HUNAR_MATCH_SHARD")) != NULL && *env != '\0' &&
	    match_shard_parse(env, &shard_i, &shard_n) == -1)
		return (-1);
	while ((ch = getopt(argc, argv, "p:s:t:")) != -1) {
		switch (ch) {
		case 'p':
			*port = atoi(optarg);
			break;
		case 's':
			if (match_shard_parse(optarg, &shard_i,
			    &shard_n) == -1)
				return (-1);
			break;
		case 't':
			rank_threads = atoi(optarg);
			break;
		default:
			return (-1);
		}
	}
	if (rank_threads < 1 || rank_threads > MATCH_THREADS)
		return (-1);
	return (matcher_snap_options(*port));
}

/* Between two requests: new weights, the hourly restat, a rebuild. */
static void
matcher_tick(void)
{
	long long	g;

	if ((g = matcher_gen()) > want_gen && g != -1) {
		want_gen = g;
		matcher_load_start(LOAD_REDIS);
	}
	/* No index yet and no load running (the last one failed): again. */
	if (ix == NULL && !ld_busy)
		matcher_load_start(LOAD_PG);
	matcher_sweep();
	if (matcher_hup) {
		/* New weights: every static part again, at once. */
		matcher_hup = 0;
		matcher_weights(1);
		if (ix != NULL)
			match_index_restat(ix, &weights, matcher_clock());
	}
	if (ix != NULL && ix->now != matcher_clock())
		match_index_restat(ix, &weights, matcher_clock());
	matcher_snap_reap(0);
	if ((snap_due || time(NULL) - snap_last >= snap_secs) && !ld_busy &&
	    snap_pid == -1) {
		snap_due = 0;
		snap_last = time(NULL);
		matcher_snap_save(0);
	}
}

/* One turn of the loop: requests, notifications, the loader's end. */
static int
matcher_turn(void)
{
	fd_set		 rfds;
	struct timeval	 tv;
	int		 cfd, maxfd, pgfd;

	pgfd = PQsocket(db);
	FD_ZERO(&rfds);
	FD_SET(lfd, &rfds);
	FD_SET(pgfd, &rfds);
	FD_SET(ld_pipe[0], &rfds);
	maxfd = lfd > pgfd ? lfd : pgfd;
	maxfd = ld_pipe[0] > maxfd ? ld_pipe[0] : maxfd;
	tv.tv_sec = 1;
	tv.tv_usec = 0;
	if (select(maxfd + 1, &rfds, NULL, NULL, &tv) == -1) {
		if (errno == EINTR)
			return (0);
		matcher_log("select: %s", strerror(errno));
		return (-1);
	}
	if (FD_ISSET(pgfd, &rfds))
		matcher_notifies();
	if (FD_ISSET(ld_pipe[0], &rfds))
		matcher_load_done();
	if (FD_ISSET(lfd, &rfds)) {
		if ((cfd = accept(lfd, NULL, NULL)) != -1) {
			matcher_client(cfd);
			close(cfd);
		}
	}
	/* Notifications that arrived while answering. */
	matcher_notifies();
	return (0);
}

int
main(int argc, char **argv)
{
	int		 port, tries;

	if (matcher_options(argc, argv, &port) == -1) {
		fprintf(stderr, "usage: hunar_matcher [-p port] [-s i/n] "
		    "[-t threads 1..%d]\n", MATCH_THREADS);
		return (2);
	}
	setvbuf(stderr, NULL, _IOLBF, 0);
	(void)signal(SIGPIPE, SIG_IGN);
	(void)signal(SIGTERM, matcher_signal);
	(void)signal(SIGINT, matcher_signal);
	(void)signal(SIGHUP, matcher_signal);
	matcher_weights(0);
	if (pipe(ld_pipe) == -1)
		return (1);
	while ((db = infra_pgd_connect("hunar_matcher",
	    "profile_changed")) == NULL && !matcher_quit)
		sleep(1);
	while (matcher_redis() == -1 && !matcher_quit)
		sleep(1);
	if (matcher_quit)
		return (0);
	/*
	 * The port is in the kernel's ephemeral range: a client connection
	 * of anything on the machine may hold it for a while.  Wait.
	 */
	for (tries = 0; (lfd = matcher_listen(port)) == -1; tries++) {
		if (matcher_quit || tries == 60)
			return (1);
		sleep(1);
	}
	matcher_log("listening on 127.0.0.1:%d, shard %d/%d, %d threads a "
	    "ranking, snapshot %s", port, shard_i, shard_n, rank_threads,
	    snap_path[0] ? snap_path : "off");
	/* The snapshot or the blobs first (fast), then PostgreSQL (truth). */
	want_gen = matcher_gen();
	matcher_load_start(snap_path[0] ? LOAD_SNAP : LOAD_REDIS);
	ld_next = LOAD_PG;
	while (!matcher_quit) {
		if (PQstatus(db) != CONNECTION_OK) {
			PQfinish(db);
			if ((db = infra_pgd_connect("hunar_matcher",
			    "profile_changed")) == NULL) {
				sleep(1);
				continue;
			}
			/* Notifications were lost meanwhile: all again. */
			matcher_load_start(LOAD_PG);
		}
		if (matcher_turn() == -1)
			break;
		matcher_tick();
	}
	matcher_log("stopping");
	if (ld_busy)
		(void)pthread_join(ld_tid, NULL);
	ld_busy = 0;
	/* A stop after changes: the next start reads them from the file. */
	matcher_snap_reap(1);
	matcher_snap_save(1);
	close(lfd);
	PQfinish(db);
	if (rc != NULL)
		redisFree(rc);
	if (ix != NULL)
		match_index_free(ix);
	free(ix);
	free(pend);
	return (0);
}
