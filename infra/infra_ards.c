/*
 * Redis without blocking the worker (issue 13).  infra_redis() waits for
 * each reply: the worker stops until Redis has been scheduled, has
 * answered, and the worker has been scheduled again.  On a busy machine
 * (2 cores, load 10-20) that is a millisecond or more a command, and one
 * worker serving 2,000 USSD hops a second with two such waits a hop fell
 * behind by seconds (p99 4-9 s, ~500 hops/s, the worker mostly idle).
 *
 * Here a request's command is written at once on the worker's one
 * hiredis async connection and the request sleeps until its reply wakes
 * it; the worker serves other requests meanwhile, and the replies that
 * arrived by the next pass of Kore's event loop are read in one go.  The
 * connection sits in Kore's own epoll set, level-triggered (hiredis reads
 * at most 16 KB a call), as ../shared/STACK.md describes.
 *
 * A reply is copied into the caller's struct infra_rwait (hiredis frees
 * its own after the callback).  A request that goes away first is
 * detached (infra_ctx_free), and its reply is dropped.  Redis silent for
 * ARDS_TIMEOUT_MS, unreachable, or the link broken: the command answers
 * type INFRA_RW_DOWN, and the caller decides (the USSD hop falls back to
 * infra_redis(), with its reconnect and failover wait).
 */
#include <sys/epoll.h>

#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>

#include <hiredis/hiredis.h>
#include <hiredis/async.h>
#include <stdarg.h>
#include <stdlib.h>

#include "infra/infra_kore.h"

#define ARDS_TIMEOUT_MS	250	/* as infra_redis.c's blocking calls */
#define ARDS_RETRY_MS	1000	/* reconnects no more often */
#define ARDS_TICK_MS	50	/* how often replies are checked overdue */
#define ARDS_EVENT	0x41	/* our struct kore_event's type */

/* A command whose reply is awaited; replies come in order. */
struct infra_rpend {
	struct infra_rwait		*w;	/* NULL: the request went */
	struct http_request		*req;
	u_int64_t			 sent;
	TAILQ_ENTRY(infra_rpend)	 list;
};

struct ards {
	struct kore_event		 evt;	/* first: the loop's handle */
	redisAsyncContext		*ac;
	int				 fd;
	int				 want;	/* EPOLLIN | EPOLLOUT */
	int				 watched;	/* ... in Kore's set */
	int				 issuing;
	u_int64_t			 last_try;
	struct kore_timer		*tick;
	TAILQ_HEAD(infra_rpends, infra_rpend)	 pending;
};

static struct ards	ards;

/*
 * The epoll set watches what hiredis asks for, or nothing, changed only
 * when that differs from what it watches.  While a command is being
 * queued and written (ards.issuing) hiredis asks for the write event and
 * drops it again once the socket took the command: nothing is changed
 * then, and ards_issued() settles what is left.  Two epoll_ctl() calls
 * each time (Kore's ADD, then MOD) for every command were a tenth of a
 * worker's time at 2,000 USSD hops a second (issue 13).
 */
static void
ards_events(void)
{
	if (ards.issuing || ards.want == ards.watched)
		return;
	if (ards.want == 0)
		kore_platform_disable_read(ards.fd);
	else
		kore_platform_event_schedule(ards.fd, ards.want | EPOLLRDHUP,
		    0, &ards);
	ards.watched = ards.want;
}

/* hiredis' four wishes, one way. */
static void
ards_want(int bit, int on)
{
	if (on)
		ards.want |= bit;
	else
		ards.want &= ~bit;
	ards_events();
}

static void
ards_add_read(void *arg)
{
	ards_want(EPOLLIN, 1);
}

static void
ards_del_read(void *arg)
{
	ards_want(EPOLLIN, 0);
}

static void
ards_add_write(void *arg)
{
	ards_want(EPOLLOUT, 1);
}

static void
ards_del_write(void *arg)
{
	ards_want(EPOLLOUT, 0);
}

/* Now, whatever is under way: hiredis closes the socket next. */
static void
ards_cleanup(void *arg)
{
	if (ards.watched != 0)
		kore_platform_disable_read(ards.fd);
	ards.want = ards.watched = 0;
}

/*
 * A command queued: written now (before the caller answers anyone), the
 * write event watched only if the socket could not take it all.
 */
static void
ards_issued(redisAsyncContext *ac)
{
	if (ards.ac == ac)
		redisAsyncHandleWrite(ac);
	ards.issuing = 0;
	if (ards.ac == ac)
		ards_events();
}

static void
ards_handle(void *arg, int err)
{
	redisAsyncContext	*ac = ards.ac;
	int			 flags = ards.evt.flags;

	ards.evt.flags &= ~(KORE_EVENT_READ | KORE_EVENT_WRITE);
	if (ac == NULL)
		return;
	/* A hang-up reads as the end of the stream: hiredis drops it. */
	if (err || (flags & KORE_EVENT_READ))
		redisAsyncHandleRead(ac);
	if (ards.ac == ac && (flags & KORE_EVENT_WRITE))
		redisAsyncHandleWrite(ac);
}

static void
ards_disconnected(const redisAsyncContext *ac, int status)
{
	if (ards.ac == ac) {
		kore_log(LOG_NOTICE, "redis (async): %s", status == REDIS_OK ?
		    "closed" : ac->errstr);
		ards.ac = NULL;
	}
}

/*
 * A connection that failed before it was up (Redis down: the connect
 * was still in progress when it returned).  hiredis 0.14 frees it
 * without calling the disconnect callback -- only a connected context
 * gets that -- so it is let go here, or ards.ac points at freed memory
 * and a later command crashes the worker (seen in a sanitised run: SEGV
 * in redisvAsyncCommand from hop_save, two test runs after Redis had
 * been stopped once).
 */
static void
ards_connected(const redisAsyncContext *ac, int status)
{
	if (status != REDIS_OK && ards.ac == ac) {
		kore_log(LOG_NOTICE, "redis (async): connect failed: %s",
		    ac->errstr);
		ards.ac = NULL;
	}
}

static void
ards_auth(redisAsyncContext *ac, void *r, void *arg)
{
	redisReply	*reply = r;

	if (reply != NULL && reply->type == REDIS_REPLY_ERROR)
		kore_log(LOG_NOTICE, "redis (async): auth: %s", reply->str);
}

/* Drops the link: every awaited reply answers INFRA_RW_DOWN. */
static void
ards_drop(const char *why)
{
	redisAsyncContext	*ac = ards.ac;

	if (ac == NULL)
		return;
	kore_log(LOG_NOTICE, "redis (async): %s", why);
	ards.ac = NULL;
	ards.last_try = kore_time_ms();
	redisAsyncFree(ac);
}

static void
ards_tick(void *arg, u_int64_t now)
{
	struct infra_rpend	*p;

	if ((p = TAILQ_FIRST(&ards.pending)) != NULL &&
	    now - p->sent > ARDS_TIMEOUT_MS)
		ards_drop("no reply in time");
}

/* The worker's connection, opened (and AUTH queued) when needed. */
static redisAsyncContext *
ards_conn(void)
{
	redisAsyncContext	*ac;
	const char		*pw;
	u_int64_t		 now;

	if (ards.ac != NULL)
		return (ards.ac);
	now = kore_time_ms();
	if (ards.last_try != 0 && now - ards.last_try < ARDS_RETRY_MS)
		return (NULL);
	ards.last_try = now;
	if (ards.tick == NULL) {
		TAILQ_INIT(&ards.pending);
		ards.tick = kore_timer_add(ards_tick, ARDS_TICK_MS, NULL, 0);
	}
	ac = redisAsyncConnect(infra_env("HUNAR_REDIS_HOST", "127.0.0.1"),
	    atoi(infra_env("HUNAR_REDIS_PORT", "16379")));
	if (ac == NULL || ac->err) {
		kore_log(LOG_NOTICE, "redis (async): connect: %s",
		    ac != NULL ? ac->errstr : "out of memory");
		if (ac != NULL)
			redisAsyncFree(ac);
		return (NULL);
	}
	ards.ac = ac;
	ards.fd = ac->c.fd;
	ards.want = ards.watched = ards.issuing = 0;
	ards.evt.type = ARDS_EVENT;
	ards.evt.flags = 0;
	ards.evt.handle = ards_handle;
	ac->ev.data = &ards;
	ac->ev.addRead = ards_add_read;
	ac->ev.delRead = ards_del_read;
	ac->ev.addWrite = ards_add_write;
	ac->ev.delWrite = ards_del_write;
	ac->ev.cleanup = ards_cleanup;
	(void)redisAsyncSetConnectCallback(ac, ards_connected);
	(void)redisAsyncSetDisconnectCallback(ac, ards_disconnected);
	if ((pw = getenv("HUNAR_REDIS_PASSWORD")) != NULL && *pw != '\0')
		(void)redisAsyncCommand(ac, ards_auth, NULL, "AUTH %s", pw);
	return (ac);
}

/* A command nobody waits for: only an error is worth a line. */
static void
ards_sent(redisAsyncContext *ac, void *r, void *arg)
{
	struct infra_rpend	*p = arg;
	redisReply		*reply = r;

	TAILQ_REMOVE(&ards.pending, p, list);
	if (reply != NULL && reply->type == REDIS_REPLY_ERROR)
		kore_log(LOG_NOTICE, "redis (async): %s", reply->str);
	kore_free(p);
}

/*
 * Queues p's command (p freed when hiredis will not take it: -1) and
 * writes it at once.
 */
static int
ards_issue(redisAsyncContext *ac, redisCallbackFn *cb, struct infra_rpend *p,
    const char *fmt, va_list ap)
{
	p->sent = kore_time_ms();
	TAILQ_INSERT_TAIL(&ards.pending, p, list);
	ards.issuing = 1;
	if (redisvAsyncCommand(ac, cb, p, fmt, ap) != REDIS_OK) {
		TAILQ_REMOVE(&ards.pending, p, list);
		kore_free(p);
		ards.issuing = 0;
		ards_events();
		return (-1);
	}
	ards_issued(ac);
	return (0);
}

/*
 * A command whose reply nobody waits for, written to Redis's socket now
 * (before the caller answers its client).  -1 when the link is down: the
 * caller writes it another way.
 */
int
infra_redis_send(const char *fmt, ...)
{
	struct infra_rpend	*p;
	redisAsyncContext	*ac;
	va_list			 ap;
	int			 r;

	if ((ac = ards_conn()) == NULL)
		return (-1);
	p = kore_calloc(1, sizeof(*p));
	va_start(ap, fmt);
	r = ards_issue(ac, ards_sent, p, fmt, ap);
	va_end(ap);
	return (r);
}

/* A reply (NULL: the link went): copied for its request, woken. */
static void
ards_reply(redisAsyncContext *ac, void *r, void *arg)
{
	struct infra_rpend	*p = arg;
	struct infra_rwait	*w;
	redisReply		*reply = r;

	TAILQ_REMOVE(&ards.pending, p, list);
	if ((w = p->w) != NULL) {
		w->pend = NULL;
		w->state = INFRA_RW_DONE;
		w->type = reply != NULL ? reply->type : INFRA_RW_DOWN;
		if (reply != NULL && (reply->type == REDIS_REPLY_STRING ||
		    reply->type == REDIS_REPLY_STATUS ||
		    reply->type == REDIS_REPLY_ERROR)) {
			w->str = kore_malloc(reply->len + 1);
			memcpy(w->str, reply->str, reply->len);
			w->str[reply->len] = '\0';
			w->len = reply->len;
		}
		if (reply != NULL && reply->type == REDIS_REPLY_INTEGER)
			w->integer = reply->integer;
		if (p->req != NULL)
			http_request_wakeup(p->req);
	}
	kore_free(p);
}

/*
 * A command in hiredis' format for req, whose state starts with db.
 * INFRA_DB_WAIT: the request sleeps until the reply (return
 * KORE_RESULT_RETRY); INFRA_DB_OK: the reply is in w (w->type
 * INFRA_RW_DOWN when Redis could not answer).  infra_rwait_clear() makes
 * w ready for the next command.
 */
int
infra_redis_async(struct http_request *req, struct infra_db *db,
    struct infra_rwait *w, const char *fmt, ...)
{
	struct infra_rpend	*p;
	redisAsyncContext	*ac;
	va_list			 ap;
	int			 r;

	if (w->state == INFRA_RW_DONE)
		return (INFRA_DB_OK);
	if (w->state == INFRA_RW_SENT)
		return (INFRA_DB_WAIT);
	w->state = INFRA_RW_DONE;
	w->type = INFRA_RW_DOWN;
	if ((ac = ards_conn()) == NULL)
		return (INFRA_DB_OK);
	p = kore_calloc(1, sizeof(*p));
	p->w = w;
	p->req = req;
	w->pend = p;
	w->state = INFRA_RW_SENT;
	db->rwait = w;
	va_start(ap, fmt);
	r = ards_issue(ac, ards_reply, p, fmt, ap);
	va_end(ap);
	if (r == -1) {
		memset(w, 0, sizeof(*w));
		w->state = INFRA_RW_DONE;
		w->type = INFRA_RW_DOWN;
		db->rwait = NULL;
	}
	/* A link that broke on the write answered already (ards_reply). */
	if (w->state == INFRA_RW_DONE)
		return (INFRA_DB_OK);
	http_request_sleep(req);
	return (INFRA_DB_WAIT);
}

/* The reply forgotten; a command still out is detached from w. */
void
infra_rwait_clear(struct infra_rwait *w)
{
	if (w->pend != NULL) {
		w->pend->w = NULL;
		w->pend->req = NULL;
		w->pend = NULL;
	}
	kore_free(w->str);
	memset(w, 0, sizeof(*w));
}
