/*
 * The one Redis connect, for Kore's workers and the daemons alike: where
 * (HUNAR_REDIS_HOST, HUNAR_REDIS_PORT), the password (HUNAR_REDIS_PASSWORD:
 * AUTH when set), one timeout for the connect and for every command.
 * Blocking on purpose: Redis is on loopback and each caller bounds it.
 */
#include <hiredis/hiredis.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infra/infra.h"

static const char *
rds_env(const char *name, const char *def)
{
	const char	*v;

	if ((v = getenv(name)) == NULL || *v == '\0')
		return (def);
	return (v);
}

/*
 * A connected context, or NULL with the reason in err.  The caller owns
 * the context (redisFree); a NULL reply from it later means it is dead.
 */
struct redisContext *
infra_redis_open(int timeout_ms, char *err, size_t errlen)
{
	struct timeval	 tv;
	redisContext	*c;
	redisReply	*r;
	const char	*pw;

	tv.tv_sec = timeout_ms / 1000;
	tv.tv_usec = (timeout_ms % 1000) * 1000;
	c = redisConnectWithTimeout(rds_env("HUNAR_REDIS_HOST", "127.0.0.1"),
	    atoi(rds_env("HUNAR_REDIS_PORT", "16379")), tv);
	if (c == NULL || c->err) {
		(void)snprintf(err, errlen, "connect: %s",
		    c != NULL ? c->errstr : "out of memory");
		if (c != NULL)
			redisFree(c);
		return (NULL);
	}
	if (redisSetTimeout(c, tv) != REDIS_OK) {
		(void)snprintf(err, errlen, "timeout: %s", c->errstr);
		redisFree(c);
		return (NULL);
	}
	if ((pw = getenv("HUNAR_REDIS_PASSWORD")) != NULL && *pw != '\0') {
		r = redisCommand(c, "AUTH %s", pw);
		if (r == NULL || r->type == REDIS_REPLY_ERROR) {
			(void)snprintf(err, errlen, "auth: %s",
			    r != NULL ? r->str : c->errstr);
			if (r != NULL)
				freeReplyObject(r);
			redisFree(c);
			return (NULL);
		}
		freeReplyObject(r);
	}
	return (c);
}
