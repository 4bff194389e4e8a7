/*
 * infra_batch.c: many small requests answered by one query.
 *
 * A handler whose every request is one small write (a delivery report)
 * spends a round trip and a commit on each; under a burst the requests
 * then wait for connections, the caller's connections pile up and time
 * out, and its retries add to the burst.  Here each worker queues the
 * requests of one kind (a struct infra_batcher) and, while fewer than
 * bt->inflight of its batches are at the database, sends what is queued
 * (at most bt->max) as one parameterised query whose parameters are
 * arrays, one element per request.  A lone request goes at once, and
 * under load the queue fills while the previous batch is at the
 * database; a batcher with linger_ms then lets it fill a moment longer
 * when a batch answers and few wait (MO: fewer commits a message).
 *
 * A request sleeps until its batch answers: bt->row() reads the row
 * whose first column is the request's 1-based place in the batch, and
 * the request is woken DONE; a request no row names is DONE too (the
 * handler's state says what it found).  A batch that fails is sent again
 * up to bt->tries times (a pooled connection found dead after a restart
 * of PostgreSQL, a deadlock), then its requests are woken FAILED: the
 * handler answers 5xx and the caller retries.  Nothing is answered
 * before the batch committed, so a worker that dies loses nothing the
 * caller was told was done.  A request that goes away meanwhile leaves
 * its slot empty.
 *
 *	struct my_ctx { struct infra_batch_item item; ...; };
 *	if (http_state_exists(req)) switch (infra_batch_state(req)) ...
 *	c = http_state_create(req, sizeof(*c), infra_batch_free);
 *	memset(c, 0, sizeof(*c)); ... fill c ...
 *	return (infra_batch_queue(&my_batcher, req, &c->item));
 *
 * A batcher may name a follow-up query (bt->then) for work its answers
 * need not wait for; it runs as a batch with no requests, one at a time
 * per worker, after batches committed (infra_kore.h says when).
 *
 * Users: ussd/ussd_inbound.c (MO messages, sms_inbound_batch()) and
 * ussd/ussd_dlr.c's /sms/dlr (delivery reports: sms_dlr_take(), then
 * sms_dlr_apply()).
 */
#include <limits.h>

#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>

#include "infra/infra_kore.h"

#define BATCH_TICK_MS		250
#define BATCH_STUCK_MS		30000
#define BATCH_RETRY_MS		10	/* times the try */
#define BATCH_CLOSED_MAX	64	/* closed pooled connections skipped */

struct infra_batch {
	struct infra_batcher		*bt;
	struct kore_pgsql		 sql;
	struct infra_batch_item		**slot;
	int				 then;		/* bt->then's run */
	int				 n;
	int				 sent;
	int				 failed;
	int				 errors;
	int				 tries;
	u_int64_t			 start;
	struct kore_buf			 param[INFRA_BATCH_PARAMS];
	TAILQ_ENTRY(infra_batch)	 list;
};

static void	batch_kick(struct infra_batcher *);
static void	batch_linger(struct infra_batcher *, int);
static void	batch_then(struct infra_batcher *);
static void	batch_send(struct infra_batch *);
static void	batch_cb(struct kore_pgsql *, void *);

static void
batch_init(struct infra_batcher *bt)
{
	if (bt->ready)
		return;
	TAILQ_INIT(&bt->queue);
	TAILQ_INIT(&bt->active);
	TAILQ_INIT(&bt->ended);
	bt->ready = 1;
}

/* Appends one element to parameter i's array literal: "..." escaped. */
void
infra_batch_arg(struct infra_batch *b, int i, const char *s)
{
	struct kore_buf	*buf = &b->param[i];
	size_t		 n;

	kore_buf_append(buf, buf->offset == 0 ? "{\"" : ",\"", 2);
	for (;;) {
		n = strcspn(s, "\\\"");
		kore_buf_append(buf, s, n);
		s += n;
		if (*s == '\0')
			break;
		kore_buf_append(buf, "\\", 1);
		kore_buf_append(buf, s, 1);
		s++;
	}
	kore_buf_append(buf, "\"", 1);
}

/* Frees the batches that ended; never from inside a pgsql callback. */
static void
batch_reap(struct infra_batcher *bt)
{
	struct infra_batch	*b;
	int			 i;

	while ((b = TAILQ_FIRST(&bt->ended)) != NULL) {
		TAILQ_REMOVE(&bt->ended, b, list);
		infra_db_drop_dead(&b->sql);
		kore_pgsql_cleanup(&b->sql);
		for (i = 0; i < bt->nparams; i++)
			kore_buf_cleanup(&b->param[i]);
		kore_free(b->slot);
		kore_free(b);
	}
}

static void
batch_wake(struct infra_batch_item *it, int state)
{
	it->batch = NULL;
	it->state = state;
	http_request_wakeup(it->req);
}

static void
batch_retry(void *arg, u_int64_t now)
{
	struct infra_batch	*b = arg;

	kore_pgsql_cleanup(&b->sql);
	kore_pgsql_init(&b->sql);
	kore_pgsql_bind_callback(&b->sql, batch_cb, b);
	b->start = now;
	batch_send(b);
}

/*
 * The batch is over.  One that failed is sent again a few times while a
 * request still waits on it; then what it did not answer is woken
 * FAILED.  The batch is freed later: the pgsql code that called us
 * still holds it.
 */
static void
batch_end(struct infra_batch *b)
{
	struct infra_batcher	*bt = b->bt;
	int			 i, waiting, lost;

	if (b->then) {
		/* Failed: again with the next batch, or in THEN_MS. */
		if (b->failed)
			bt->then_more = 0;
		bt->then_running = 0;
		bt->then_due |= bt->then_more != 0;
		TAILQ_REMOVE(&bt->active, b, list);
		TAILQ_INSERT_TAIL(&bt->ended, b, list);
		if (bt->then_more > 0)
			batch_then(bt);
		return;
	}
	for (i = 0, waiting = 0; i < b->n; i++)
		waiting += b->slot[i] != NULL;
	if (b->failed && waiting > 0 && b->tries < bt->tries) {
		b->tries++;
		b->failed = b->errors = b->sent = 0;
		(void)kore_timer_add(batch_retry,
		    (u_int64_t)(BATCH_RETRY_MS * b->tries), b,
		    KORE_TIMER_ONESHOT);
		return;
	}
	for (i = 0, lost = 0; i < b->n; i++) {
		if (b->slot[i] == NULL)
			continue;
		batch_wake(b->slot[i], b->failed ? INFRA_BATCH_FAILED :
		    INFRA_BATCH_DONE);
		b->slot[i] = NULL;
		lost += b->failed;
	}
	if (b->failed)
		kore_log(LOG_NOTICE, "%s: batch of %d failed (%d answered "
		    "503)", bt->name, b->n, lost);
	TAILQ_REMOVE(&bt->active, b, list);
	TAILQ_INSERT_TAIL(&bt->ended, b, list);
	bt->inflight--;
	bt->then_due |= !b->failed;
	batch_linger(bt, b->n);
	batch_kick(bt);
	batch_then(bt);
}

/* The next step, unless the connection died under the query. */
static void
batch_continue(struct infra_batch *b)
{
	infra_db_drop_dead(&b->sql);
	if (b->sql.conn == NULL) {
		b->failed = 1;
		kore_pgsql_cleanup(&b->sql);
		batch_end(b);
		return;
	}
	kore_pgsql_continue(&b->sql);
}

/* Each row answers the request at its place (column 0, from 1). */
static void
batch_rows(struct infra_batch *b)
{
	struct infra_batch_item	*it;
	int			 i, ord, err;

	if (b->then) {
		b->bt->then_more = kore_pgsql_ntuples(&b->sql) < 1 ? 0 :
		    (int)kore_strtonum(kore_pgsql_getvalue(&b->sql, 0, 0), 10,
		    -1, INT_MAX, &err);
		if (kore_pgsql_ntuples(&b->sql) > 0 && err != KORE_RESULT_OK)
			b->bt->then_more = 0;
		return;
	}
	for (i = 0; i < kore_pgsql_ntuples(&b->sql); i++) {
		ord = (int)kore_strtonum(kore_pgsql_getvalue(&b->sql, i, 0),
		    10, 1, b->n, &err);
		if (err != KORE_RESULT_OK || (it = b->slot[ord - 1]) == NULL)
			continue;
		b->slot[ord - 1] = NULL;
		b->bt->row(it, &b->sql, i);
		batch_wake(it, INFRA_BATCH_DONE);
	}
}

static void
batch_send_later(void *arg, u_int64_t now)
{
	(void)now;
	batch_send(arg);
}

/* Every step of a batch's query; COMPLETE comes last, whatever happened. */
static void
batch_cb(struct kore_pgsql *sql, void *arg)
{
	struct infra_batch	*b = arg;

	switch (sql->state) {
	case KORE_PGSQL_STATE_INIT:
		/* A connection is free now; Kore still holds the queue. */
		(void)kore_timer_add(batch_send_later, 0, b,
		    KORE_TIMER_ONESHOT);
		break;
	case KORE_PGSQL_STATE_WAIT:
	case KORE_PGSQL_STATE_NOTIFY:
		break;
	case KORE_PGSQL_STATE_RESULT:
		batch_rows(b);
		batch_continue(b);
		break;
	case KORE_PGSQL_STATE_ERROR:
		kore_pgsql_logerror(sql);
		b->failed = 1;
		if (b->errors++ == 0) {
			batch_continue(b);
		} else {
			infra_db_drop_dead(sql);
			kore_pgsql_cleanup(sql);
			if (sql->state != KORE_PGSQL_STATE_COMPLETE)
				batch_end(b);
		}
		break;
	case KORE_PGSQL_STATE_DONE:
		batch_continue(b);
		break;
	case KORE_PGSQL_STATE_COMPLETE:
		batch_end(b);
		break;
	default:
		kore_log(LOG_ERR, "%s: batch in state %d", b->bt->name,
		    sql->state);
		break;
	}
}

static void
batch_send(struct infra_batch *b)
{
	const char	*v[INFRA_BATCH_PARAMS];
	int		 len[INFRA_BATCH_PARAMS], fmt[INFRA_BATCH_PARAMS], i, np;

	for (i = 0;; i++) {
		if (!kore_pgsql_setup(&b->sql, "db", KORE_PGSQL_ASYNC)) {
			/* No free connection: Kore calls back in state INIT. */
			if (b->sql.state == KORE_PGSQL_STATE_INIT &&
			    b->sql.error == NULL)
				return;
			kore_pgsql_logerror(&b->sql);
			b->failed = 1;
			batch_end(b);
			return;
		}
		/*
		 * A pooled connection whose server end closed while it sat
		 * idle (pgBouncer or haproxy killed) would take the query
		 * and fail it: dropped before anything is sent, and the
		 * next one taken, without spending one of the batch's tries.
		 */
		infra_db_drop_closed(&b->sql);
		if (b->sql.conn != NULL)
			break;
		kore_log(LOG_NOTICE, "%s: a pooled connection closed while "
		    "idle, dropped", b->bt->name);
		kore_pgsql_cleanup(&b->sql);
		kore_pgsql_init(&b->sql);
		kore_pgsql_bind_callback(&b->sql, batch_cb, b);
		if (i == BATCH_CLOSED_MAX) {
			b->failed = 1;
			batch_end(b);
			return;
		}
	}
	np = b->then ? 0 : b->bt->nparams;
	for (i = 0; i < np; i++) {
		v[i] = (const char *)b->param[i].data;
		len[i] = (int)b->param[i].offset - 1;
		fmt[i] = 0;
	}
	b->sent = 1;
	if (!kore_pgsql_query_param_fields(&b->sql, b->then ? b->bt->then :
	    b->bt->sql, 0, np, v, len, fmt)) {
		kore_pgsql_logerror(&b->sql);
		b->failed = 1;
		/* Releases the connection: COMPLETE ends the batch. */
		infra_db_drop_dead(&b->sql);
		kore_pgsql_cleanup(&b->sql);
		if (b->sql.state != KORE_PGSQL_STATE_COMPLETE)
			batch_end(b);
	}
}

static struct infra_batch *
batch_new(struct infra_batcher *bt)
{
	struct infra_batch	*b;
	int			 i;

	b = kore_calloc(1, sizeof(*b));
	b->bt = bt;
	b->slot = kore_calloc((size_t)bt->max, sizeof(*b->slot));
	for (i = 0; i < bt->nparams; i++)
		kore_buf_init(&b->param[i], 256);
	return (b);
}

/* The batch goes to the database (kore_calloc()ed, parameters filled). */
static void
batch_start(struct infra_batch *b)
{
	kore_pgsql_init(&b->sql);
	kore_pgsql_bind_callback(&b->sql, batch_cb, b);
	b->start = kore_time_ms();
	TAILQ_INSERT_TAIL(&b->bt->active, b, list);
	batch_send(b);
}

/* bt->then, when due and not running (infra_kore.h). */
static void
batch_then(struct infra_batcher *bt)
{
	struct infra_batch	*b;

	if (bt->then == NULL || !bt->then_due || bt->then_running)
		return;
	b = batch_new(bt);
	b->then = 1;
	bt->then_due = 0;
	bt->then_more = 0;
	bt->then_running = 1;
	bt->then_at = kore_time_ms();
	batch_start(b);
}

static void
batch_linger_end(void *arg, u_int64_t now)
{
	struct infra_batcher	*bt = arg;

	(void)now;
	bt->lingering = 0;
	batch_kick(bt);
}

/*
 * After a batch of n answered: under load (n > 1) with few requests
 * queued, the next batch waits bt->linger_ms for more (infra_kore.h).
 */
static void
batch_linger(struct infra_batcher *bt, int n)
{
	struct infra_batch_item	*it;
	int			 queued;

	if (bt->linger_ms <= 0 || bt->lingering || n < 2)
		return;
	queued = 0;
	TAILQ_FOREACH(it, &bt->queue, list) {
		if (++queued >= bt->max / 4)
			return;
	}
	bt->lingering = 1;
	(void)kore_timer_add(batch_linger_end, (u_int64_t)bt->linger_ms, bt,
	    KORE_TIMER_ONESHOT);
}

/* Sends what is queued while the worker has room for another batch. */
static void
batch_kick(struct infra_batcher *bt)
{
	struct infra_batch	*b;
	struct infra_batch_item	*it;
	int			 i;

	if (bt->lingering)
		return;
	while (bt->inflight < bt->inflight_max && !TAILQ_EMPTY(&bt->queue)) {
		b = batch_new(bt);
		while (b->n < bt->max &&
		    (it = TAILQ_FIRST(&bt->queue)) != NULL) {
			TAILQ_REMOVE(&bt->queue, it, list);
			it->state = INFRA_BATCH_SENT;
			it->batch = b;
			it->slot = b->n;
			b->slot[b->n++] = it;
			bt->params(b, it);
		}
		for (i = 0; i < bt->nparams; i++) {
			if (b->param[i].offset == 0)
				kore_buf_append(&b->param[i], "{", 1);
			kore_buf_append(&b->param[i], "}", 2);
		}
		bt->inflight++;
		batch_start(b);
	}
}

/*
 * Every tick: free what ended, and end a batch whose connection died
 * under it (Kore does not call back then) or that is stuck.
 */
static void
batch_tick(void *arg, u_int64_t now)
{
	struct infra_batcher	*bt = arg;
	struct infra_batch	*b;

	batch_reap(bt);
again:
	TAILQ_FOREACH(b, &bt->active, list) {
		/* b is kore_calloc()ed, which cppcheck does not know. */
		/* cppcheck-suppress uninitvar */
		if (!b->sent)
			continue;
		if (b->sql.conn == NULL) {
			kore_log(LOG_NOTICE, "%s: batch lost its connection",
			    bt->name);
			b->failed = 1;
			batch_end(b);
			goto again;
		}
		if (now - b->start > BATCH_STUCK_MS) {
			kore_log(LOG_NOTICE, "%s: batch stuck, cancelled",
			    bt->name);
			b->failed = 1;
			kore_pgsql_cleanup(&b->sql);
			goto again;
		}
	}
	batch_kick(bt);
	if (bt->then != NULL && now - bt->then_at >= INFRA_BATCH_THEN_MS)
		bt->then_due = 1;
	batch_then(bt);
}

/* Queues the request's item and puts the request to sleep. */
int
infra_batch_queue(struct infra_batcher *bt, struct http_request *req,
    struct infra_batch_item *it)
{
	batch_init(bt);
	if (!bt->ticking) {
		bt->ticking = 1;
		(void)kore_timer_add(batch_tick, BATCH_TICK_MS, bt, 0);
	}
	batch_reap(bt);
	it->req = req;
	it->bt = bt;
	it->state = INFRA_BATCH_QUEUED;
	TAILQ_INSERT_TAIL(&bt->queue, it, list);
	http_request_sleep(req);
	batch_kick(bt);
	return (KORE_RESULT_RETRY);
}

/* Where the request's item stands; 0 before infra_batch_queue(). */
int
infra_batch_state(struct http_request *req)
{
	struct infra_batch_item	*it;

	if (!http_state_exists(req) || (it = http_state_get(req)) == NULL)
		return (0);
	return (it->state);
}

/* http_state_create()'s cleanup: the request went away or ended. */
void
infra_batch_free(struct http_request *req)
{
	struct infra_batch_item	*it;

	if ((it = http_state_get(req)) == NULL || it->bt == NULL)
		return;
	if (it->state == INFRA_BATCH_QUEUED)
		TAILQ_REMOVE(&it->bt->queue, it, list);
	else if (it->state == INFRA_BATCH_SENT && it->batch != NULL)
		it->batch->slot[it->slot] = NULL;
	it->batch = NULL;
	it->state = 0;
}
