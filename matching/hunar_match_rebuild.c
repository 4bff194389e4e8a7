/*
 * hunar_match_rebuild: the whole Redis profile cache again from
 * PostgreSQL, with progress.
 *
 * It clears the profile buckets (and version 1's keys, match_key_legacy),
 * streams every trainee through a cursor over match_profile_all(), writes
 * each profile (version byte + msgpack) into its bucket in pipelined
 * batches, then bumps match:gen: hunar_matcher sees that and reloads its
 * index from the fresh blobs.  The matcher keeps ranking from memory
 * while this runs.  Key names: matching/matching.h.
 *
 *	hunar_match_rebuild [-q]	(-q: no progress line)
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <hiredis/hiredis.h>
#include <libpq-fe.h>

#include "infra/infra.h"
#include "matching/matching.h"

#define REBUILD_BATCH	2000

static int
rebuild_drain(redisContext *c, long n)
{
	redisReply	*r;

	while (n-- > 0) {
		if (redisGetReply(c, (void **)&r) != REDIS_OK) {
			fprintf(stderr, "hunar_match_rebuild: redis: %s\n",
			    c->errstr);
			return (-1);
		}
		freeReplyObject(r);
	}
	return (0);
}

/* UNLINK every key of a pattern, a SCAN page at a time. */
static long
rebuild_clear(redisContext *c, const char *pattern)
{
	redisReply	*s;
	char		 cursor[32];
	long		 n = 0;
	size_t		 i;

	(void)strcpy(cursor, "0");
	do {
		s = redisCommand(c, "SCAN %s MATCH %s COUNT 5000", cursor,
		    pattern);
		if (s == NULL || s->type != REDIS_REPLY_ARRAY ||
		    s->elements != 2) {
			if (s != NULL)
				freeReplyObject(s);
			return (-1);
		}
		(void)snprintf(cursor, sizeof(cursor), "%s",
		    s->element[0]->str);
		for (i = 0; i < s->element[1]->elements; i++) {
			redisAppendCommand(c, "UNLINK %s",
			    s->element[1]->element[i]->str);
			n++;
		}
		if (rebuild_drain(c, (long)s->element[1]->elements) == -1) {
			freeReplyObject(s);
			return (-1);
		}
		freeReplyObject(s);
	} while (strcmp(cursor, "0") != 0);
	return (n);
}

static PGresult *
rebuild_exec(PGconn *db, const char *sql)
{
	PGresult	*res;

	res = PQexec(db, sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK &&
	    PQresultStatus(res) != PGRES_TUPLES_OK) {
		fprintf(stderr, "hunar_match_rebuild: %s: %s", sql,
		    PQerrorMessage(db));
		PQclear(res);
		return (NULL);
	}
	return (res);
}

/* Every row of one FETCH into its bucket; the HSETs pipelined. */
static int
rebuild_rows(redisContext *c, PGresult *res, struct infra_buf *b,
    long *done, long *bad, size_t *bytes)
{
	struct match_profile	 p;
	const char		*cols[MATCH_PROFILE_COLS];
	char			 key[64], field[8];
	long			 pending = 0;
	int			 i, j;

	for (i = 0; i < PQntuples(res); i++) {
		for (j = 0; j < MATCH_PROFILE_COLS; j++)
			cols[j] = PQgetisnull(res, i, j) ? NULL :
			    PQgetvalue(res, i, j);
		b->len = 0;
		if (match_row_profile(cols, &p) == -1 ||
		    match_profile_encode(&p, b) != MATCH_OK ||
		    match_key_bucket(key, sizeof(key), p.user_id) == -1 ||
		    match_key_field(field, sizeof(field), p.user_id) == -1) {
			fprintf(stderr, "\ntrainee %s refused\n",
			    cols[0] ? cols[0] : "?");
			(*bad)++;
			continue;
		}
		*bytes += b->len;
		redisAppendCommand(c, "HSET %s %s %b", key, field, b->data,
		    b->len);
		pending++;
		(*done)++;
	}
	return (rebuild_drain(c, pending));
}

static redisContext *
rebuild_redis(void)
{
	redisContext	*c;
	char		 err[128];

	if ((c = infra_redis_open(5000, err, sizeof(err))) == NULL)
		fprintf(stderr, "hunar_match_rebuild: redis: %s\n", err);
	return (c);
}

/* The buckets and every key of version 1's layout. */
static long
rebuild_clear_all(redisContext *c)
{
	long	n, all;
	int	i;

	if ((all = rebuild_clear(c, MATCH_KEY_BUCKETS)) < 0)
		return (-1);
	for (i = 0; match_key_legacy[i] != NULL; i++) {
		if ((n = rebuild_clear(c, match_key_legacy[i])) < 0)
			return (-1);
		all += n;
	}
	return (all);
}

/* The cursor over every trainee: match_profile_all(), else the old one. */
static int
rebuild_cursor(PGconn *db)
{
	PGresult	*res;

	if ((res = rebuild_exec(db, "BEGIN READ ONLY")) == NULL)
		return (-1);
	PQclear(res);
	if ((res = rebuild_exec(db, "DECLARE rb NO SCROLL CURSOR FOR"
	    " SELECT * FROM match_profile_all()")) == NULL) {
		if ((res = rebuild_exec(db, "ROLLBACK")) != NULL)
			PQclear(res);
		if ((res = rebuild_exec(db, "BEGIN READ ONLY")) == NULL)
			return (-1);
		PQclear(res);
		if ((res = rebuild_exec(db, "DECLARE rb NO SCROLL CURSOR FOR"
		    " SELECT * FROM match_profile_rows(NULL)")) == NULL)
			return (-1);
	}
	PQclear(res);
	return (0);
}

static double
rebuild_secs(const struct timespec *t0)
{
	struct timespec	t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return ((t1.tv_sec - t0->tv_sec) + (t1.tv_nsec - t0->tv_nsec) / 1e9);
}

int
main(int argc, char **argv)
{
	struct timespec		 t0;
	struct infra_buf	 b;
	PGconn			*db;
	PGresult		*res;
	redisContext		*c;
	redisReply		*r;
	long			 total, done, bad, cleared;
	int			 ch, quiet;
	double			 secs;
	size_t			 bytes;

	quiet = 0;
	while ((ch = getopt(argc, argv, "q")) != -1) {
		if (ch != 'q') {
			fprintf(stderr, "usage: hunar_match_rebuild [-q]\n");
			return (2);
		}
		quiet = 1;
	}
	if ((db = infra_pgd_connect("hunar_match_rebuild", NULL)) == NULL ||
	    (c = rebuild_redis()) == NULL)
		return (1);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((res = rebuild_exec(db, "SELECT count(*) FROM users"
	    " WHERE role = 'trainee'")) == NULL)
		return (1);
	total = atol(PQgetvalue(res, 0, 0));
	PQclear(res);
	if ((cleared = rebuild_clear_all(c)) < 0 || rebuild_cursor(db) == -1)
		return (1);
	if (!quiet)
		fprintf(stderr, "cleared %ld keys; rebuilding %ld trainees\n",
		    cleared, total);
	infra_buf_init(&b);
	done = bad = 0;
	bytes = 0;
	while ((res = rebuild_exec(db, "FETCH 2000 FROM rb")) != NULL &&
	    PQntuples(res) > 0) {
		if (rebuild_rows(c, res, &b, &done, &bad, &bytes) == -1)
			return (1);
		PQclear(res);
		secs = rebuild_secs(&t0);
		if (!quiet)
			fprintf(stderr, "\r  %ld/%ld trainees (%ld%%), %.0f/s",
			    done + bad, total, total ? (done + bad) * 100 /
			    total : 100, secs > 0 ? done / secs : 0.0);
	}
	if (res == NULL)
		return (1);
	PQclear(res);
	if ((res = rebuild_exec(db, "COMMIT")) != NULL)
		PQclear(res);
	r = redisCommand(c, "INCR " MATCH_KEY_GEN);
	printf("%shunar_match_rebuild: %ld profiles (%ld refused), %.1f "
	    "bytes per blob, %.2f s, match:gen %lld\n", quiet ? "" : "\n",
	    done, bad, done ? (double)bytes / done : 0.0, rebuild_secs(&t0),
	    r != NULL && r->type == REDIS_REPLY_INTEGER ? r->integer : -1);
	if (r != NULL)
		freeReplyObject(r);
	infra_buf_free(&b);
	redisFree(c);
	PQfinish(db);
	return (bad ? 3 : 0);
}
