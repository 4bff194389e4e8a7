/*
 * One Redis connection per worker.  Redis is on loopback, so a blocking
 * command with a short timeout costs tens of microseconds; when the link
 * dies (a NULL reply) the context is dropped and the next call
 * reconnects, no more often than every RECONNECT_MS, so a Redis outage
 * costs each request one failed attempt at most, never a stall.
 */
#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "infra/infra_kore.h"

#define REDIS_TIMEOUT_MS	250
#define RECONNECT_MS		1000

static redisContext	*redis_ctx;
static u_int64_t	 redis_last_try;

static redisContext *
infra_redis_conn(void)
{
	char		err[128];
	u_int64_t	now;

	if (redis_ctx != NULL)
		return (redis_ctx);
	now = kore_time_ms();
	if (redis_last_try != 0 && now - redis_last_try < RECONNECT_MS)
		return (NULL);
	redis_last_try = now;

	redis_ctx = infra_redis_open(REDIS_TIMEOUT_MS, err, sizeof(err));
	if (redis_ctx == NULL) {
		kore_log(LOG_NOTICE, "redis: %s", err);
		return (NULL);
	}
	redis_last_try = 0;
	return (redis_ctx);
}

/* The link let go; why: the error reply that unfit it, or NULL. */
static void
infra_redis_drop(const char *why)
{
	kore_log(LOG_NOTICE, "redis: %s", why != NULL ? why :
	    redis_ctx->errstr);
	redisFree(redis_ctx);
	redis_ctx = NULL;
	redis_last_try = kore_time_ms();
}

/*
 * An error reply that says this Redis cannot serve now, whatever the
 * command: a replica (READONLY -- behind the cluster's haproxy just
 * restarted, which counts both servers up until its first checks, ~1 s),
 * a restart still loading its data (LOADING), a replica cut from its
 * primary (MASTERDOWN).  The link is dropped and the call fails as if
 * Redis were unreachable: read as "no such key", a session looked up
 * there logged its owner out (issue 13: 401 in the haproxy chaos case).
 */
static int
infra_redis_unfit(const redisReply *r)
{
	static const char *const	 why[] = { "READONLY", "LOADING",
	    "MASTERDOWN" };
	size_t				 i;

	if (r->type != REDIS_REPLY_ERROR || r->str == NULL)
		return (0);
	for (i = 0; i < sizeof(why) / sizeof(why[0]); i++) {
		if (strncmp(r->str, why[i], strlen(why[i])) == 0)
			return (1);
	}
	return (0);
}

static redisReply *
infra_redis_try(const char *fmt, va_list ap)
{
	redisContext	*c;
	redisReply	*r;

	if ((c = infra_redis_conn()) == NULL)
		return (NULL);
	if ((r = redisvCommand(c, fmt, ap)) == NULL)
		infra_redis_drop(NULL);
	else if (infra_redis_unfit(r)) {
		infra_redis_drop(r->str);
		freeReplyObject(r);
		r = NULL;
	}
	return (r);
}

/*
 * A command in hiredis' format (%s, %b); NULL when Redis is unreachable.
 *
 * A link that was up and broke is tried once more at once: behind the
 * cluster's haproxy a Sentinel failover cuts it, and the new primary may
 * be there already.  With HUNAR_REDIS_FAILOVER_MS set (the cluster: the
 * 2-3 s a failover leaves no primary), the calls of the first that many
 * milliseconds of an outage wait for Redis, polling every 100 ms: the
 * worker stalls instead of answering errors, once per outage; later
 * calls fail at once, as without it.
 */
redisReply *
infra_redis(const char *fmt, ...)
{
	static int		 failover_ms = -1;
	static u_int64_t	 down_since;
	redisReply		*r;
	va_list			 ap;
	u_int64_t		 now;
	int			 n, was_up;

	if (failover_ms < 0)
		failover_ms = atoi(infra_env("HUNAR_REDIS_FAILOVER_MS", "0"));
	for (n = 0;; n++) {
		was_up = (redis_ctx != NULL);
		va_start(ap, fmt);
		r = infra_redis_try(fmt, ap);
		va_end(ap);
		if (r != NULL) {
			down_since = 0;
			return (r);
		}
		now = kore_time_ms();
		if (down_since == 0)
			down_since = now;
		if (!(was_up && n == 0)) {
			if (now - down_since >= (u_int64_t)failover_ms)
				return (NULL);
			(void)usleep(100 * 1000);
		}
		redis_last_try = 0;
	}
}

int
infra_redis_ok(void)
{
	redisReply	*r;
	int		 ok;

	if ((r = infra_redis("PING")) == NULL)
		return (0);
	ok = (r->type == REDIS_REPLY_STATUS && strcmp(r->str, "PONG") == 0);
	freeReplyObject(r);
	return (ok);
}

/*
 * A fixed-window limit: at most `max` hits per `window` seconds for key.
 * 1 when the hit is allowed, 0 when over, -1 when Redis cannot be
 * reached (the caller decides: codes fail closed, see below).
 */
int
infra_ratelimit_try(const char *key, int max, int window)
{
	redisContext	*c;
	redisReply	*r;
	long long	 n;

	if ((c = infra_redis_conn()) == NULL)
		return (-1);
	redisAppendCommand(c, "INCR rl:%s", key);
	redisAppendCommand(c, "EXPIRE rl:%s %d NX", key, window);
	if (redisGetReply(c, (void **)&r) != REDIS_OK || r == NULL) {
		infra_redis_drop(NULL);
		return (-1);
	}
	/* An error (a replica: READONLY) counts nothing: not a yes. */
	if (r->type != REDIS_REPLY_INTEGER) {
		freeReplyObject(r);
		if (redisGetReply(c, (void **)&r) == REDIS_OK && r != NULL)
			freeReplyObject(r);
		infra_redis_drop(NULL);
		return (-1);
	}
	n = r->integer;
	freeReplyObject(r);
	if (redisGetReply(c, (void **)&r) != REDIS_OK || r == NULL) {
		infra_redis_drop(NULL);
		return (-1);
	}
	freeReplyObject(r);
	return (n <= max);
}

/* The same, allowing when Redis is down: a cache outage locks nobody out. */
int
infra_ratelimit(const char *key, int max, int window)
{
	return (infra_ratelimit_try(key, max, window) != 0);
}

/*
 * Failures of `key` are the hash bo:<key> {n: how many, t: the last, Unix
 * seconds}.  infra_backoff_get answers the seconds still to wait before
 * the next try (infra_backoff.c), or -1 when Redis cannot be reached:
 * then the caller refuses the try (no guessing while the limiter is
 * blind).
 */
int
infra_backoff_get(const char *key, int free, int cap)
{
	redisReply	*r;
	long long	 n, t;
	int		 wait;

	if ((r = infra_redis("HMGET bo:%s n t", key)) == NULL)
		return (-1);
	n = t = 0;
	if (r->type == REDIS_REPLY_ARRAY && r->elements == 2) {
		if (r->element[0]->type == REDIS_REPLY_STRING)
			n = strtoll(r->element[0]->str, NULL, 10);
		if (r->element[1]->type == REDIS_REPLY_STRING)
			t = strtoll(r->element[1]->str, NULL, 10);
	} else if (r->type == REDIS_REPLY_ERROR) {
		freeReplyObject(r);
		return (-1);
	}
	freeReplyObject(r);
	if (n > 1000)
		n = 1000;
	wait = infra_backoff_wait((int)n, (int64_t)t, (int64_t)time(NULL),
	    free, cap);
	return (wait);
}

/* One more failure of key, forgotten `window` seconds after the last. */
void
infra_backoff_fail(const char *key, int window)
{
	redisReply	*r;

	if ((r = infra_redis("HINCRBY bo:%s n 1", key)) != NULL)
		freeReplyObject(r);
	if ((r = infra_redis("HSET bo:%s t %lld", key,
	    (long long)time(NULL))) != NULL)
		freeReplyObject(r);
	if ((r = infra_redis("EXPIRE bo:%s %d", key, window)) != NULL)
		freeReplyObject(r);
}

/* A success: the key's failures are forgotten. */
void
infra_backoff_clear(const char *key)
{
	redisReply	*r;

	if ((r = infra_redis("DEL bo:%s", key)) != NULL)
		freeReplyObject(r);
}
