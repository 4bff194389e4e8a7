/*
 * hunar_matcher: ranks trainees for gigs, outside Kore.
 *
 * It holds every trainee's match profile in an in-memory index
 * (matching/match_index.c) and writes each one through to Redis: the
 * profile as a versioned msgpack blob under match:p:<id>, and the id in
 * the candidate sets match:skill:<skill> and match:district:<district>.
 *
 *   - At start it loads every trainee from PostgreSQL (the truth; changes
 *     made while it was down are then not lost) and writes Redis.
 *   - LISTEN profile_changed: the payload is a user id; that trainee is
 *     read again through match_profile_rows() and the index and Redis are
 *     updated -- a change reaches the ranking in milliseconds.
 *   - hunar_match_rebuild rewrites Redis from PostgreSQL and bumps
 *     match:gen; seeing that, the matcher reloads its index from the Redis
 *     blobs.  A blob that is corrupt, truncated or of another version is a
 *     cache miss: read again from PostgreSQL and rewritten.
 *
 * Kore asks over a loopback socket, one request per connection, from a
 * task, so that no ranking ever runs on Kore's event loop:
 *	RANK <gig_id> <limit> <offset>\n	-> one JSON object, then close
 *	STATS\n					-> {"profiles":N,...}
 *
 *	hunar_matcher [-p port]		(env HUNAR_MATCH_PORT, 18090)
 * Weights: HUNAR_MATCH_WEIGHTS or matching/match_weights.conf (key=value),
 * read again on SIGHUP.
 */
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <errno.h>
#include <inttypes.h>
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
#define MATCHER_RESTAT_SECS	3600

static const char SQL_PROFILE[] =
    "SELECT * FROM match_profile_rows($1::bigint)";
static const char SQL_GIG[] =
    "SELECT gig_id, district_id, province_id, remote, skills"
    " FROM match_gig_row($1::bigint)";

static volatile sig_atomic_t	matcher_quit;
static volatile sig_atomic_t	matcher_hup;
static struct match_index	ix;
static struct match_weights	weights;
static PGconn			*db;
static redisContext		*rc;
static long long		 loaded_gen = -1;
static int			 rc_pending;	/* appended, not yet read */

static void	matcher_log(const char *, ...)
		    __attribute__((format(printf, 1, 2)));

static void
matcher_log(const char *fmt, ...)
{
	va_list		ap;
	time_t		now;
	char		ts[32];

	now = time(NULL);
	(void)strftime(ts, sizeof(ts), "%H:%M:%S", gmtime(&now));
	fprintf(stderr, "%s hunar_matcher: ", ts);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
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

static int
matcher_redis(void)
{
	char		 err[128];

	if (rc != NULL && rc->err == 0)
		return (0);
	if (rc != NULL)
		redisFree(rc);
	rc_pending = 0;
	if ((rc = infra_redis_open(2000, err, sizeof(err))) == NULL) {
		matcher_log("redis: %s", err);
		return (-1);
	}
	return (0);
}

/* Runs the queued Redis commands; -1 (and a new connection later) on loss. */
static int
matcher_redis_drain(int n)
{
	redisReply	*r;
	int		 bad = 0;

	while (n-- > 0) {
		if (redisGetReply(rc, (void **)&r) != REDIS_OK) {
			matcher_log("redis: %s", rc->errstr);
			return (-1);
		}
		if (r->type == REDIS_REPLY_ERROR)
			bad++;
		freeReplyObject(r);
	}
	return (bad ? -1 : 0);
}

/*
 * Writes one trainee to Redis (blob and candidate sets), taking the old
 * skills and district out of the sets.  old may be NULL (not cached yet).
 * Without flush the commands stay queued (a bulk load pipelines them).
 */
static int
matcher_cache_put(const struct match_profile *old,
    const struct match_profile *p, int flush)
{
	struct infra_buf	b;
	char			key[64], id[24];
	int			i, n;

	if (matcher_redis() == -1)
		return (-1);
	infra_buf_init(&b);
	if (match_profile_encode(p, &b) != MATCH_OK) {
		infra_buf_free(&b);
		return (-1);
	}
	(void)match_key_profile(key, sizeof(key), p->user_id);
	(void)snprintf(id, sizeof(id), "%" PRIu64, p->user_id);
	n = 0;
	if (old != NULL) {
		for (i = 0; i < old->nskills; i++, n++)
			redisAppendCommand(rc, "SREM match:skill:%u %s",
			    old->skills[i].id, id);
		redisAppendCommand(rc, "SREM match:district:%u %s",
		    old->district_id, id);
		n++;
	}
	redisAppendCommand(rc, "SET %s %b", key, b.data, b.len);
	n++;
	for (i = 0; i < p->nskills; i++, n++)
		redisAppendCommand(rc, "SADD match:skill:%u %s",
		    p->skills[i].id, id);
	redisAppendCommand(rc, "SADD match:district:%u %s", p->district_id,
	    id);
	n++;
	infra_buf_free(&b);
	rc_pending += n;
	if (!flush)
		return (0);
	n = rc_pending;
	rc_pending = 0;
	return (matcher_redis_drain(n));
}

static void
matcher_cache_del(const struct match_profile *old, uint64_t uid)
{
	char		key[64], id[24];
	int		i, n;

	if (matcher_redis() == -1)
		return;
	(void)match_key_profile(key, sizeof(key), uid);
	(void)snprintf(id, sizeof(id), "%" PRIu64, uid);
	redisAppendCommand(rc, "DEL %s", key);
	n = 1;
	if (old != NULL) {
		for (i = 0; i < old->nskills; i++, n++)
			redisAppendCommand(rc, "SREM match:skill:%u %s",
			    old->skills[i].id, id);
		redisAppendCommand(rc, "SREM match:district:%u %s",
		    old->district_id, id);
		n++;
	}
	(void)matcher_redis_drain(n);
}

/* One row of match_profile_rows() into the index and the cache. */
static int
matcher_take_row(PGresult *res, int row, int write_cache)
{
	struct match_profile	 p, old;
	const char		*cols[MATCH_PROFILE_COLS];
	int			 i, r, had;

	for (i = 0; i < MATCH_PROFILE_COLS; i++)
		cols[i] = PQgetisnull(res, row, i) ? NULL :
		    PQgetvalue(res, row, i);
	if (match_row_profile(cols, &p) == -1) {
		matcher_log("trainee %s: row refused (skill id over %d?)",
		    cols[0] ? cols[0] : "?", MATCH_SKILL_BITS - 1);
		return (-1);
	}
	had = 0;
	if ((r = match_index_find(&ix, p.user_id)) >= 0 && ix.alive[r]) {
		match_index_profile(&ix, (uint32_t)r, &old);
		had = 1;
	}
	if (match_index_put(&ix, &p) == -1)
		return (-1);
	if (write_cache)
		(void)matcher_cache_put(had ? &old : NULL, &p,
		    write_cache == 1);
	return (0);
}

/* One trainee again from PostgreSQL: changed, new, or gone. */
static void
matcher_refresh(uint64_t uid)
{
	struct match_profile	 old;
	PGresult		*res;
	const char		*args[1];
	char			 id[24];
	int			 r, had;

	(void)snprintf(id, sizeof(id), "%" PRIu64, uid);
	args[0] = id;
	res = PQexecParams(db, SQL_PROFILE, 1, NULL, args, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		matcher_log("refresh %s: %s", id, PQerrorMessage(db));
		PQclear(res);
		return;
	}
	if (PQntuples(res) == 1) {
		(void)matcher_take_row(res, 0, 1);
	} else {
		had = 0;
		if ((r = match_index_find(&ix, uid)) >= 0 && ix.alive[r]) {
			match_index_profile(&ix, (uint32_t)r, &old);
			had = 1;
		}
		(void)match_index_del(&ix, uid);
		matcher_cache_del(had ? &old : NULL, uid);
	}
	PQclear(res);
}

static long long
matcher_gen(void)
{
	redisReply	*r;
	long long	 g = 0;

	if (matcher_redis() == -1)
		return (-1);
	if ((r = redisCommand(rc, "GET match:gen")) == NULL)
		return (-1);
	if (r->type == REDIS_REPLY_STRING)
		g = strtoll(r->str, NULL, 10);
	freeReplyObject(r);
	return (g);
}

static int
matcher_exec(const char *sql)
{
	PGresult	*res;
	int		 ok;

	res = PQexec(db, sql);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	if (!ok)
		matcher_log("%s: %s", sql, PQerrorMessage(db));
	PQclear(res);
	return (ok ? 0 : -1);
}

/*
 * Everyone from PostgreSQL through a cursor, written through to Redis in
 * pipelined batches.  Rows of trainees that are gone (deleted while the
 * matcher was away) leave the index and the cache afterwards.
 */
static int
matcher_load_pg(void)
{
	struct match_profile	 old;
	PGresult		*res;
	uint8_t			*seen;
	uint32_t		 r, before;
	int			 i, n, bad, total, gone, f, row;
	struct timespec		 t0, t1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	before = ix.n;
	/*
	 * match_profile_all() (migration 0402) is set-based: ~10x faster
	 * than match_profile_rows(NULL), whose columns are correlated
	 * subqueries.  Same rows; the older function is the fallback.
	 */
	if (matcher_exec("BEGIN READ ONLY") == -1)
		return (-1);
	if (matcher_exec("DECLARE ld NO SCROLL CURSOR FOR"
	    " SELECT * FROM match_profile_all()") == -1) {
		(void)matcher_exec("ROLLBACK");
		if (matcher_exec("BEGIN READ ONLY") == -1)
			return (-1);
		if (matcher_exec("DECLARE ld NO SCROLL CURSOR FOR"
		    " SELECT * FROM match_profile_rows(NULL)") == -1) {
			(void)matcher_exec("ROLLBACK");
			return (-1);
		}
	}
	total = bad = 0;
	for (;;) {
		res = PQexec(db, "FETCH 5000 FROM ld");
		if (PQresultStatus(res) != PGRES_TUPLES_OK) {
			matcher_log("load: %s", PQerrorMessage(db));
			PQclear(res);
			(void)matcher_exec("ROLLBACK");
			return (-1);
		}
		if ((n = PQntuples(res)) == 0) {
			PQclear(res);
			break;
		}
		for (i = 0; i < n; i++) {
			if (matcher_take_row(res, i, 2) == -1)
				bad++;
			if (rc_pending >= 4000) {
				(void)matcher_redis_drain(rc_pending);
				rc_pending = 0;
			}
		}
		total += n;
		PQclear(res);
	}
	(void)matcher_redis_drain(rc_pending);
	rc_pending = 0;
	(void)matcher_exec("COMMIT");

	/* Who was in the index before but not in this load is gone. */
	gone = 0;
	if (before > 0 && (seen = calloc(ix.n, 1)) != NULL) {
		res = PQexec(db, "SELECT id FROM users WHERE role = 'trainee'");
		f = PQresultStatus(res) == PGRES_TUPLES_OK;
		for (i = 0; f && i < PQntuples(res); i++) {
			row = match_index_find(&ix,
			    strtoull(PQgetvalue(res, i, 0), NULL, 10));
			if (row >= 0)
				seen[row] = 1;
		}
		PQclear(res);
		for (r = 0; f && r < before; r++) {
			if (!ix.alive[r] || seen[r])
				continue;
			match_index_profile(&ix, r, &old);
			(void)match_index_del(&ix, old.user_id);
			matcher_cache_del(&old, old.user_id);
			gone++;
		}
		free(seen);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	matcher_log("loaded %d trainees from postgresql (%d refused, %d gone) "
	    "in %.0f ms", total, bad, gone, matcher_ms(&t0, &t1));
	return (0);
}

/*
 * One SCAN page of profile keys, fetched with one MGET.  A blob that
 * decodes goes into target (when given); one that does not -- corrupt,
 * truncated, another version, gone -- is a miss: that trainee is read
 * again from PostgreSQL and rewritten.  Returns the misses, or -1.
 */
static long
matcher_check_page(const redisReply *keys, struct match_index *target,
    size_t *ok)
{
	struct match_profile	 p;
	redisReply		*m;
	const char		**argv;
	size_t			*argl, i, n;
	uint64_t		*miss;
	long			 nmiss = 0;

	if ((n = keys->elements) == 0)
		return (0);
	argv = calloc(n + 1, sizeof(*argv));
	argl = calloc(n + 1, sizeof(*argl));
	miss = calloc(n, sizeof(*miss));
	if (argv == NULL || argl == NULL || miss == NULL) {
		free(argv);
		free(argl);
		free(miss);
		return (-1);
	}
	argv[0] = "MGET";
	argl[0] = 4;
	for (i = 0; i < n; i++) {
		argv[i + 1] = keys->element[i]->str;
		argl[i + 1] = keys->element[i]->len;
	}
	m = redisCommandArgv(rc, (int)n + 1, argv, argl);
	if (m == NULL || m->type != REDIS_REPLY_ARRAY || m->elements != n) {
		if (m != NULL)
			freeReplyObject(m);
		free(argv);
		free(argl);
		free(miss);
		return (-1);
	}
	for (i = 0; i < n; i++) {
		if (m->element[i]->type == REDIS_REPLY_STRING &&
		    match_profile_decode(m->element[i]->str,
		    m->element[i]->len, &p) == MATCH_OK) {
			if (target != NULL)
				(void)match_index_put(target, &p);
			(*ok)++;
		} else
			miss[nmiss++] = strtoull(keys->element[i]->str + 8,
			    NULL, 10);
	}
	freeReplyObject(m);
	free(argv);
	free(argl);
	for (i = 0; i < (size_t)nmiss; i++) {
		matcher_log("cache miss for trainee %" PRIu64 " (corrupt, "
		    "truncated or old version): read again", miss[i]);
		matcher_refresh(miss[i]);
	}
	free(miss);
	return (nmiss);
}

static redisReply *
matcher_scan(const char *cursor, int count)
{
	redisReply	*s;

	s = redisCommand(rc, "SCAN %s MATCH match:p:* COUNT %d", cursor,
	    count);
	if (s != NULL && (s->type != REDIS_REPLY_ARRAY || s->elements != 2 ||
	    s->element[0]->type != REDIS_REPLY_STRING ||
	    s->element[1]->type != REDIS_REPLY_ARRAY)) {
		freeReplyObject(s);
		s = NULL;
	}
	return (s);
}

/*
 * The index again from the Redis blobs (after hunar_match_rebuild).  The
 * loop ranks nothing meanwhile, so the new index is filled in place;
 * misses are read from PostgreSQL straight into it.
 */
static int
matcher_load_redis(void)
{
	struct match_index	 old;
	redisReply		*s;
	char			 cursor[32];
	size_t			 n = 0;
	long			 miss = 0, m;

	if (matcher_redis() == -1)
		return (-1);
	old = ix;
	if (match_index_init(&ix, &weights, time(NULL)) == -1) {
		ix = old;
		return (-1);
	}
	(void)strcpy(cursor, "0");
	do {
		if ((s = matcher_scan(cursor, 2000)) == NULL)
			goto fail;
		(void)snprintf(cursor, sizeof(cursor), "%s",
		    s->element[0]->str);
		m = matcher_check_page(s->element[1], &ix, &n);
		freeReplyObject(s);
		if (m < 0)
			goto fail;
		miss += m;
	} while (strcmp(cursor, "0") != 0);
	match_index_free(&old);
	matcher_log("loaded %zu trainees from redis; %ld cache misses "
	    "read again from postgresql", n, miss);
	return (0);
fail:
	match_index_free(&ix);
	ix = old;
	return (-1);
}

/*
 * A slow, endless sweep over the cached blobs (a SCAN page a second):
 * an entry corrupted in Redis is found and rewritten without a reload.
 */
static void
matcher_sweep(void)
{
	static char	 cursor[32] = "0";
	static time_t	 last;
	redisReply	*s;
	size_t		 n = 0;

	if (time(NULL) == last)
		return;
	last = time(NULL);
	if (matcher_redis() == -1 || (s = matcher_scan(cursor, 2000)) == NULL)
		return;
	(void)snprintf(cursor, sizeof(cursor), "%s", s->element[0]->str);
	(void)matcher_check_page(s->element[1], NULL, &n);
	freeReplyObject(s);
}

static void
matcher_reply(int fd, const char *s, size_t len)
{
	ssize_t		w;

	while (len > 0) {
		w = write(fd, s, len);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		s += w;
		len -= (size_t)w;
	}
}

static void
matcher_rank(int fd, uint64_t gig, unsigned limit, unsigned offset)
{
	struct match_gig	 g;
	struct match_topk	 t;
	struct match_stats	 st;
	struct infra_buf	 b;
	struct timespec		 t0, t1;
	PGresult		*res;
	const char		*args[1];
	char			 id[24];

	(void)snprintf(id, sizeof(id), "%" PRIu64, gig);
	args[0] = id;
	res = PQexecParams(db, SQL_GIG, 1, NULL, args, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		matcher_log("gig %s: %s", id, PQerrorMessage(db));
		PQclear(res);
		matcher_reply(fd, "{\"error\":\"database\"}\n", 21);
		return;
	}
	if (PQntuples(res) != 1) {
		PQclear(res);
		matcher_reply(fd, "{\"error\":\"not_found\"}\n", 22);
		return;
	}
	if (match_gig_parse(&g, gig,
	    (uint32_t)strtoul(PQgetvalue(res, 0, 1), NULL, 10),
	    (uint16_t)strtoul(PQgetvalue(res, 0, 2), NULL, 10),
	    PQgetvalue(res, 0, 3)[0] == 't', PQgetvalue(res, 0, 4)) == -1) {
		PQclear(res);
		matcher_reply(fd, "{\"error\":\"bad_gig\"}\n", 20);
		return;
	}
	PQclear(res);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (match_topk_init(&t, (size_t)limit + offset) == -1)
		return;
	memset(&st, 0, sizeof(st));
	(void)match_index_rank(&ix, &g, &t, &st);
	match_topk_sorted(&t);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	infra_buf_init(&b);
	if (match_json_hits(&b, &ix, &g, &t, offset, st.candidates,
	    matcher_ms(&t0, &t1)) == 0)
		matcher_reply(fd, (const char *)b.data, b.len);
	infra_buf_free(&b);
	match_topk_free(&t);
}

static void
matcher_client(int fd)
{
	struct timeval	 tv = { 2, 0 };
	char		 line[128], extra[64];
	size_t		 len = 0;
	ssize_t		 r;
	uint64_t	 gig;
	unsigned	 limit, offset;

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
	if (strncmp(line, "STATS", 5) == 0) {
		(void)snprintf(line, sizeof(line), "{\"profiles\":%u,"
		    "\"rows\":%u,\"gen\":%lld}\n", ix.live, ix.n, loaded_gen);
		matcher_reply(fd, line, strlen(line));
		return;
	}
	if (sscanf(line, "RANK %" SCNu64 " %u %u%63s", &gig, &limit, &offset,
	    extra) != 3 || limit < 1 || limit > MATCHER_LIMIT_MAX ||
	    offset > MATCHER_OFFSET_MAX) {
		matcher_reply(fd, "{\"error\":\"bad_request\"}\n", 24);
		return;
	}
	matcher_rank(fd, gig, limit, offset);
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

int
main(int argc, char **argv)
{
	fd_set		 rfds;
	struct timeval	 tv;
	time_t		 restat;
	const char	*env;
	long long	 g;
	int		 lfd, cfd, port, ch, maxfd, pgfd;

	port = MATCH_PORT_DEFAULT;
	if ((env = getenv("HUNAR_MATCH_PORT")) != NULL && *env != '\0')
		port = atoi(env);
	while ((ch = getopt(argc, argv, "p:")) != -1) {
		switch (ch) {
		case 'p':
			port = atoi(optarg);
			break;
		default:
			fprintf(stderr, "usage: hunar_matcher [-p port]\n");
			return (2);
		}
	}
	setvbuf(stderr, NULL, _IOLBF, 0);
	(void)signal(SIGPIPE, SIG_IGN);
	(void)signal(SIGTERM, matcher_signal);
	(void)signal(SIGINT, matcher_signal);
	(void)signal(SIGHUP, matcher_signal);
	matcher_weights(0);
	if (match_index_init(&ix, &weights, time(NULL)) == -1)
		return (1);
	while ((db = infra_pgd_connect("hunar_matcher", "profile_changed")) == NULL && !matcher_quit)
		sleep(1);
	while (matcher_redis() == -1 && !matcher_quit)
		sleep(1);
	if (matcher_quit)
		return (0);
	loaded_gen = matcher_gen();
	if (matcher_load_pg() == -1)
		return (1);
	if ((lfd = matcher_listen(port)) == -1)
		return (1);
	matcher_log("listening on 127.0.0.1:%d", port);
	restat = time(NULL);

	while (!matcher_quit) {
		if (PQstatus(db) != CONNECTION_OK) {
			PQfinish(db);
			if ((db = infra_pgd_connect("hunar_matcher", "profile_changed")) == NULL) {
				sleep(1);
				continue;
			}
			/* Notifications were lost meanwhile: all again. */
			(void)matcher_load_pg();
		}
		pgfd = PQsocket(db);
		FD_ZERO(&rfds);
		FD_SET(lfd, &rfds);
		FD_SET(pgfd, &rfds);
		maxfd = lfd > pgfd ? lfd : pgfd;
		tv.tv_sec = 1;
		tv.tv_usec = 0;
		if (select(maxfd + 1, &rfds, NULL, NULL, &tv) == -1) {
			if (errno == EINTR)
				continue;
			matcher_log("select: %s", strerror(errno));
			break;
		}
		if (FD_ISSET(pgfd, &rfds))
			matcher_notifies();
		if (FD_ISSET(lfd, &rfds)) {
			if ((cfd = accept(lfd, NULL, NULL)) != -1) {
				matcher_client(cfd);
				close(cfd);
			}
		}
		/* Notifications that arrived while answering. */
		matcher_notifies();
		if ((g = matcher_gen()) > loaded_gen && g != -1) {
			if (matcher_load_redis() == 0)
				loaded_gen = g;
		}
		matcher_sweep();
		if (matcher_hup) {
			/* New weights: every static part again, at once. */
			matcher_hup = 0;
			matcher_weights(1);
			restat = 0;
		}
		if (time(NULL) - restat >= MATCHER_RESTAT_SECS) {
			restat = time(NULL);
			match_index_restat(&ix, &weights, restat);
		}
	}
	matcher_log("stopping");
	close(lfd);
	PQfinish(db);
	if (rc != NULL)
		redisFree(rc);
	match_index_free(&ix);
	return (0);
}
