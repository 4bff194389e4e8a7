/*
 * infra_kore.h: infra's Kore glue (infra/infra.h is the pure half).  It
 * includes Kore and the pure half itself, so it declares the same
 * whatever was included before it.
 */
#ifndef HUNAR_INFRA_KORE_H
#define HUNAR_INFRA_KORE_H

#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>

#include <hiredis/hiredis.h>

#include "infra/infra.h"

/* infra_config.c: ports and secrets from the environment (infra/hunar.env) */
struct infra_config {
	char		pg_dsn[256];
	char		pg_ro_dsn[256];	/* the read-only pool */
	int		redis_port;
	int		kannel_admin_port;
	char		kannel_admin_password[128];
	char		sms_secret[128];
	char		secret[128];
	int		cookie_secure;
	char		shortcode[32];
	char		trusted_proxy[128];	/* HUNAR_TRUSTED_PROXY */
	int		callback_port;		/* HUNAR_CALLBACK_PORT */
	int		mo_linger_ms;		/* HUNAR_MO_LINGER_MS */
};

extern struct infra_config	infra_conf;

void		infra_config_load(void);
const char	*infra_env(const char *, const char *);

/*
 * infra_db.c: Kore's async pgsql as one helper every handler uses.
 *
 * A handler keeps a struct infra_db as the FIRST member of its state
 * (infra_ctx() allocates it once per request and cleans it up when the
 * request goes away, even on a client disconnect).  Each call drives one
 * query; the handler returns KORE_RESULT_RETRY while it answers
 * INFRA_DB_WAIT and is called again when PostgreSQL answers.  On
 * INFRA_DB_OK the rows are in db->sql (kore_pgsql_ntuples/getvalue) until
 * infra_db_next(), which moves to the handler's next step.
 *
 *	c = infra_ctx(req, sizeof(*c));
 *	if (c->db.step == 0) {
 *		if ((r = infra_db_run(req, &c->db, SQL_X, 1, args)) != INFRA_DB_OK)
 *			return (infra_db_wait(req, r));
 *		... read rows ...
 *		infra_db_next(&c->db);
 *	}
 */
#define INFRA_DB_OK		0
#define INFRA_DB_WAIT		1
#define INFRA_DB_ERROR		2

struct infra_db {
	struct kore_pgsql	sql;
	int			state;
	int			step;
	int			inited;
	u_int64_t		retry_until;	/* no connection: wait until */
	struct kore_timer	*retry;		/* ... asleep until this fires */
	struct http_request	*req;
	const char		*pool;		/* NULL: "db" */
	struct infra_rwait	*rwait;		/* a Redis reply awaited */
};

/*
 * The read-only pool (HUNAR_PG_RO_PORT, HUNAR_PG_RO_DB): in the cluster a
 * streaming replica, up to a second behind the primary; elsewhere the
 * same database.  A handler says its page may read from it by calling
 * infra_db_stale() before its first query: only pages that write
 * nothing and that may show what was true a second ago.
 */
#define INFRA_DB_STALE		"db_stale"
void		infra_db_stale(struct infra_db *);

void		*infra_ctx(struct http_request *, size_t);
void		 infra_ctx_free(struct http_request *);
void		 infra_db_release(struct infra_db *);
int		infra_db_run(struct http_request *, struct infra_db *,
		    const char *, int, const char **);
int		infra_db_wait(struct http_request *, int);
void		infra_db_next(struct infra_db *);
void		infra_db_drop_dead(struct kore_pgsql *);
void		infra_db_drop_closed(struct kore_pgsql *);
int		infra_db_rows(struct infra_db *);
const char	*infra_db_get(struct infra_db *, int, int);
int		infra_db_isnull(struct infra_db *, int, int);
void		infra_ctx_sleep(struct http_request *, struct infra_db *,
		    u_int64_t);

/*
 * infra_batch.c: requests of one kind answered together by one query
 * (the file says how).  A batcher is a static of its handler's file:
 *
 *	static struct infra_batcher my_batcher = { .name = "dlr",
 *	    .sql = "SELECT ord, ... FROM f($1, $2)", .nparams = 2,
 *	    .max = 256, .inflight_max = 2, .tries = 3,
 *	    .params = my_params, .row = my_row };
 *
 * params() adds the item's element to each array (infra_batch_arg());
 * row() reads the result row that names the item (column 0: its place
 * in the batch, from 1).  The item is the FIRST member of the request's
 * http_state, created with infra_batch_free as its cleanup.
 *
 * then (optional): a query with no parameters run after batches have
 * committed, its requests already answered -- work the answer need not
 * wait for (.then = "SELECT f_apply(512)").  One at a time per worker;
 * it answers one integer: > 0 runs it again at once, -1 (busy) again at
 * the next tick (250 ms), 0 not until the next batch.  It also runs
 * every INFRA_BATCH_THEN_MS once the worker has batched (for what a
 * worker that died left behind, and after a run that failed).
 *
 * linger_ms (optional): under load -- the batch that just answered held
 * several requests and fewer than max / 4 wait -- the next batch waits
 * that long for more before it goes, so a burst shares fewer commits and
 * calls; a lone request still goes at once.
 */
#define INFRA_BATCH_PARAMS	16
#define INFRA_BATCH_QUEUED	1
#define INFRA_BATCH_SENT	2
#define INFRA_BATCH_DONE	3
#define INFRA_BATCH_FAILED	4
#define INFRA_BATCH_THEN_MS	5000

struct infra_batch;
struct infra_batcher;

struct infra_batch_item {
	struct http_request		*req;
	struct infra_batcher		*bt;
	struct infra_batch		*batch;
	int				 slot;
	int				 state;
	TAILQ_ENTRY(infra_batch_item)	 list;
};

struct infra_batcher {
	const char	*name;
	const char	*sql;
	const char	*then;
	int		 nparams;
	int		 max;
	int		 inflight_max;
	int		 tries;
	int		 linger_ms;
	void		(*params)(struct infra_batch *,
			    struct infra_batch_item *);
	void		(*row)(struct infra_batch_item *, struct kore_pgsql *,
			    int);
	/* the kit's own, per worker */
	int		 ready;
	int		 ticking;
	int		 lingering;
	int		 inflight;
	int		 then_due;
	int		 then_running;
	int		 then_more;
	u_int64_t	 then_at;
	TAILQ_HEAD(infra_batch_queue, infra_batch_item) queue;
	TAILQ_HEAD(infra_batch_active, infra_batch) active;
	TAILQ_HEAD(infra_batch_ended, infra_batch) ended;
};

int		infra_batch_queue(struct infra_batcher *, struct http_request *,
		    struct infra_batch_item *);
int		infra_batch_state(struct http_request *);
void		infra_batch_free(struct http_request *);
void		infra_batch_arg(struct infra_batch *, int, const char *);

/*
 * infra_listen.c: a worker's LISTEN connection.  The channel's generation
 * (grows on each of its notifications and each reconnection), or 0 while
 * the worker is not listening: keep an answer with the generation read
 * before asking for it, and trust it only while the generation holds.
 */
u_int64_t	infra_listen_gen(const char *);
/* ... of one key: its notifications (payload = key) and the channel's */
u_int64_t	infra_listen_gen_key(const char *, const char *);

/* infra_redis.c: one Redis connection per worker, timeouts, reconnect */
redisReply	*infra_redis(const char *, ...);
redisReply	*infra_redis_argv(int, const char **, const size_t *);
int		infra_redis_ok(void);
int		infra_ratelimit(const char *, int, int);
int		infra_ratelimit_try(const char *, int, int);
int		infra_backoff_get(const char *, int, int);
void		infra_backoff_fail(const char *, int);
void		infra_backoff_clear(const char *);

/*
 * infra_ards.c: Redis without blocking the worker.  The handler's state
 * (infra_ctx) holds a struct infra_rwait; infra_redis_async() answers
 * INFRA_DB_WAIT (return KORE_RESULT_RETRY) until the reply is in it.
 */
#define INFRA_RW_IDLE		0
#define INFRA_RW_SENT		1
#define INFRA_RW_DONE		2
#define INFRA_RW_DOWN		(-1)	/* type: Redis could not answer */

struct infra_rpend;
struct infra_rwait {
	int			 state;
	int			 type;		/* REDIS_REPLY_*, INFRA_RW_DOWN */
	char			*str;		/* string, status or error */
	size_t			 len;
	long long		 integer;
	struct infra_rpend	*pend;
};

int		infra_redis_async(struct http_request *, struct infra_db *,
		    struct infra_rwait *, const char *, ...);
void		infra_rwait_clear(struct infra_rwait *);
int		infra_redis_send(const char *, ...);

/* infra_json.c: JSON replies; every error has one body:
 *   {"error": {"code": "<machine code>", "message": "<human text>"}}
 */
void		infra_json_reply(struct http_request *, int, struct kore_buf *);
int		infra_json_error(struct http_request *, int, const char *,
		    const char *);
void		infra_json_str(struct kore_buf *, const char *);
void		infra_json_strn(struct kore_buf *, const char *, size_t);
int		infra_json_body(struct http_request *, struct kore_json *);

/* infra_http.c: request helpers */
int		infra_is_loopback(struct http_request *);
int		infra_kannel_caller(struct http_request *);
int		infra_client_addr(struct http_request *, char *, size_t);
int		infra_arg(struct http_request *, const char *, char *, size_t);
int		infra_form(struct http_request *, const char *, char *, size_t);
int		infra_text_reply(struct http_request *, int, const char *);
int		infra_secret_eq(const char *, const char *);

/* infra_init.c: a worker's last words (threads a handler started) */
void		infra_worker_teardown(void (*)(void));

/* infra_health.c */
int		infra_healthz(struct http_request *);

/* infra_metrics.c: GET /metrics (Prometheus), counters around handlers */
void		infra_metrics_init(void);
void		infra_metrics_worker(void);
int		infra_metrics(struct http_request *);
int		infra_kannel_status(char *, size_t);
#endif
