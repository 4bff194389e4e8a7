/*
 * hunar_match_rebuild: the whole Redis profile cache again from
 * PostgreSQL, with progress.
 *
 * It clears match:p:*, match:skill:* and match:district:*, streams every
 * trainee through a cursor over match_profile_all(), writes each
 * profile (version byte + msgpack) and its candidate-set entries in
 * pipelined batches, then bumps match:gen: hunar_matcher sees that and
 * reloads its index from the fresh blobs.  The matcher keeps ranking from
 * memory while this runs.
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

int
main(int argc, char **argv)
{
	struct timeval		 tv = { 5, 0 };
	struct timespec		 t0, t1;
	struct match_profile	 p;
	struct infra_buf	 b;
	PGconn			*db;
	PGresult		*res;
	redisContext		*c;
	redisReply		*r;
	const char		*cols[MATCH_PROFILE_COLS], *port;
	char			 key[64], id[24];
	long			 total, done, bad, cleared, pending;
	int			 i, j, n, ch, quiet;
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
	if ((db = infra_pgd_connect("hunar_match_rebuild", NULL)) == NULL)
		return (1);
	if ((port = getenv("HUNAR_REDIS_PORT")) == NULL || *port == '\0')
		port = "16379";
	c = redisConnectWithTimeout("127.0.0.1", atoi(port), tv);
	if (c == NULL || c->err) {
		fprintf(stderr, "hunar_match_rebuild: redis: %s\n",
		    c ? c->errstr : "no memory");
		return (1);
	}
	(void)redisSetTimeout(c, tv);
	clock_gettime(CLOCK_MONOTONIC, &t0);

	if ((res = rebuild_exec(db, "SELECT count(*) FROM users"
	    " WHERE role = 'trainee'")) == NULL)
		return (1);
	total = atol(PQgetvalue(res, 0, 0));
	PQclear(res);

	cleared = 0;
	if ((n = (int)rebuild_clear(c, "match:p:*")) < 0 ||
	    (cleared += n, n = (int)rebuild_clear(c, "match:skill:*")) < 0 ||
	    (cleared += n, n = (int)rebuild_clear(c, "match:district:*")) < 0)
		return (1);
	cleared += n;
	if (!quiet)
		fprintf(stderr, "cleared %ld keys; rebuilding %ld trainees\n",
		    cleared, total);

	/* match_profile_all() (0402) is set-based; the older one is slow. */
	if ((res = rebuild_exec(db, "BEGIN READ ONLY")) == NULL)
		return (1);
	PQclear(res);
	if ((res = rebuild_exec(db, "DECLARE rb NO SCROLL CURSOR FOR"
	    " SELECT * FROM match_profile_all()")) == NULL) {
		if ((res = rebuild_exec(db, "ROLLBACK")) != NULL)
			PQclear(res);
		if ((res = rebuild_exec(db, "BEGIN READ ONLY")) == NULL)
			return (1);
		PQclear(res);
		if ((res = rebuild_exec(db, "DECLARE rb NO SCROLL CURSOR FOR"
		    " SELECT * FROM match_profile_rows(NULL)")) == NULL)
			return (1);
	}
	PQclear(res);

	infra_buf_init(&b);
	done = bad = 0;
	bytes = 0;
	for (;;) {
		if ((res = rebuild_exec(db, "FETCH 2000 FROM rb")) == NULL)
			return (1);
		if ((n = PQntuples(res)) == 0) {
			PQclear(res);
			break;
		}
		pending = 0;
		for (i = 0; i < n; i++) {
			for (j = 0; j < MATCH_PROFILE_COLS; j++)
				cols[j] = PQgetisnull(res, i, j) ? NULL :
				    PQgetvalue(res, i, j);
			b.len = 0;
			if (match_row_profile(cols, &p) == -1 ||
			    match_profile_encode(&p, &b) != MATCH_OK) {
				fprintf(stderr, "\ntrainee %s refused\n",
				    cols[0] ? cols[0] : "?");
				bad++;
				continue;
			}
			bytes += b.len;
			(void)match_key_profile(key, sizeof(key), p.user_id);
			(void)snprintf(id, sizeof(id), "%" PRIu64, p.user_id);
			redisAppendCommand(c, "SET %s %b", key, b.data, b.len);
			pending++;
			for (j = 0; j < p.nskills; j++, pending++)
				redisAppendCommand(c, "SADD match:skill:%u %s",
				    p.skills[j].id, id);
			redisAppendCommand(c, "SADD match:district:%u %s",
			    p.district_id, id);
			pending++;
			done++;
		}
		PQclear(res);
		if (rebuild_drain(c, pending) == -1)
			return (1);
		if (!quiet) {
			clock_gettime(CLOCK_MONOTONIC, &t1);
			secs = (t1.tv_sec - t0.tv_sec) +
			    (t1.tv_nsec - t0.tv_nsec) / 1e9;
			fprintf(stderr, "\r  %ld/%ld trainees (%ld%%), "
			    "%.0f/s", done + bad, total, total ?
			    (done + bad) * 100 / total : 100,
			    secs > 0 ? done / secs : 0.0);
		}
	}
	if ((res = rebuild_exec(db, "COMMIT")) != NULL)
		PQclear(res);
	r = redisCommand(c, "INCR match:gen");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("%shunar_match_rebuild: %ld profiles (%ld refused), %.1f "
	    "bytes per blob, %.2f s, match:gen %lld\n", quiet ? "" : "\n",
	    done, bad, done ? (double)bytes / done : 0.0, secs,
	    r != NULL && r->type == REDIS_REPLY_INTEGER ? r->integer : -1);
	if (r != NULL)
		freeReplyObject(r);
	infra_buf_free(&b);
	redisFree(c);
	PQfinish(db);
	return (bad ? 3 : 0);
}
