/*
 * The async-pgsql state machine, written once.  Kore's pgsql example
 * spells INIT -> QUERY -> DB_WAIT -> DB_READ -> DONE/ERROR out per
 * handler; here a handler calls infra_db_run() at each step and returns
 * KORE_RESULT_RETRY until the rows are in.
 */
#include <sys/socket.h>

#include <errno.h>

#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>

#include "infra/infra_kore.h"

#define DB_IDLE		0
#define DB_SETUP	1
#define DB_WAITING	2
#define DB_RESULT	3
#define DB_COMPLETE	4
#define DB_FAILED	5

/*
 * No connection to be had (pgBouncer fails new logins while a failover
 * has no primary yet, ~10-20 s): nothing was sent, so the request sleeps
 * and tries again every DB_RETRY_MS, for DB_RETRY_FOR at most.
 */
#define DB_RETRY_MS	500
#define DB_RETRY_FOR	30000

static void	infra_db_finish(struct infra_db *);
static int	infra_db_later(struct http_request *, struct infra_db *);

/* The handler's state, whose first member is a struct infra_db. */
void *
infra_ctx(struct http_request *req, size_t len)
{
	struct infra_db		*db;

	if (http_state_exists(req))
		return (http_state_get(req));
	db = http_state_create(req, len, infra_ctx_free);
	memset(db, 0, len);
	return (db);
}

/*
 * The state's cleanup when the request goes: its first infra_db
 * released.  page_ctx() calls it too.
 */
void
infra_ctx_free(struct http_request *req)
{
	struct infra_db		*db;

	if ((db = http_state_get(req)) != NULL)
		infra_db_release(db);
}

/*
 * An infra_db's end with its request: the retry timer removed, a Redis
 * wait forgotten, the query read to its end and released.  A state
 * holding a second infra_db (the browser phone's USSD hop) releases it
 * from its ctx_done.
 */
void
infra_db_release(struct infra_db *db)
{
	if (db->retry != NULL) {
		kore_timer_remove(db->retry);
		db->retry = NULL;
	}
	if (db->rwait != NULL) {
		infra_rwait_clear(db->rwait);
		db->rwait = NULL;
	}
	if (db->inited) {
		infra_db_finish(db);
		kore_pgsql_cleanup(&db->sql);
		db->inited = 0;
	}
}

/*
 * Reads a query's end before its connection goes back to the pool:
 * Kore cancels a query not DONE on release, and PQcancel opens a new
 * connection to the server each time (~10 ms a request).
 */
static void
infra_db_finish(struct infra_db *db)
{
	infra_db_drop_dead(&db->sql);
	while (db->sql.state == KORE_PGSQL_STATE_RESULT && db->sql.conn != NULL)
		kore_pgsql_continue(&db->sql);
	infra_db_drop_dead(&db->sql);
}

/*
 * A connection the server ended (pg_terminate_backend, a restart) has
 * its socket closed by libpq.  Kore 4.1.0's release then removes fd -1
 * from epoll and the worker dies (fatal: "kore_platform_disable_read:
 * Bad file descriptor").  Such a connection goes through Kore's own
 * error path instead, which frees it and leaves sql->conn NULL.  Call
 * before every kore_pgsql_continue() or kore_pgsql_cleanup().
 */
void
infra_db_drop_dead(struct kore_pgsql *sql)
{
	if (sql->conn != NULL && sql->conn->db != NULL &&
	    (PQstatus(sql->conn->db) == CONNECTION_BAD ||
	    PQsocket(sql->conn->db) < 0))
		kore_pgsql_handle(sql->conn, 1);
}

/*
 * A pooled connection whose server end went away while it sat idle
 * (pgBouncer or haproxy killed: the kernel closes their sockets) still
 * takes a query: the write succeeds, the answer is an error, and the
 * request a 503 -- 6 of 560 requests in the cluster's pgBouncer case.
 * Its socket already reads end-of-file (or a reset), or, when PostgreSQL
 * itself shut down, the "terminating connection" error it sent first
 * (CI: the first GET /api/v1/courses after a restart answered 503): an
 * idle pooled connection has nothing to read (Kore's pooled connections
 * LISTEN to nothing), so anything there means it is done.  Dropped here,
 * before anything is sent, it goes the way of a dead pooled connection
 * (infra_db: sleep, retry; infra_batch.c: the next connection).  Call
 * right after kore_pgsql_setup(); sql->conn is NULL when it was dropped.
 */
void
infra_db_drop_closed(struct kore_pgsql *sql)
{
	char	c;
	ssize_t	n;
	int	fd;

	if (sql->conn == NULL || sql->conn->db == NULL ||
	    (fd = PQsocket(sql->conn->db)) < 0)
		return;
	n = recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
	if (n >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK &&
	    errno != EINTR))
		kore_pgsql_handle(sql->conn, 1);
}

/* This handler's queries may go to the read-only pool (infra_kore.h). */
void
infra_db_stale(struct infra_db *db)
{
	if (db->state == DB_IDLE)
		db->pool = INFRA_DB_STALE;
}

int
infra_db_run(struct http_request *req, struct infra_db *db, const char *query,
    int nparams, const char **values)
{
	int		i;

	switch (db->state) {
	case DB_IDLE:
		kore_pgsql_init(&db->sql);
		kore_pgsql_bind_request(&db->sql, req);
		db->inited = 1;
		db->state = DB_SETUP;
		/* FALLTHROUGH */
	case DB_SETUP:
		if (!kore_pgsql_setup(&db->sql, db->pool != NULL ? db->pool :
		    "db", KORE_PGSQL_ASYNC)) {
			/* No free connection: Kore wakes us when one is. */
			if (db->sql.state == KORE_PGSQL_STATE_INIT ||
			    infra_db_later(req, db))
				return (INFRA_DB_WAIT);
			kore_pgsql_logerror(&db->sql);
			db->state = DB_FAILED;
			return (INFRA_DB_ERROR);
		}
		{
			int	lengths[16], formats[16];

			if (nparams > 16)
				fatal("infra_db_run: %d parameters", nparams);
			for (i = 0; i < nparams; i++) {
				lengths[i] = values[i] ? (int)strlen(values[i]) : 0;
				formats[i] = 0;
			}
			infra_db_drop_closed(&db->sql);
			if (db->sql.conn == NULL ||
			    !kore_pgsql_query_param_fields(&db->sql, query,
			    0, nparams, values, lengths, formats)) {
				/* A pooled connection found dead: not sent. */
				infra_db_drop_dead(&db->sql);
				if (db->sql.conn == NULL &&
				    infra_db_later(req, db))
					return (INFRA_DB_WAIT);
				kore_pgsql_logerror(&db->sql);
				db->state = DB_FAILED;
				return (INFRA_DB_ERROR);
			}
		}
		db->state = DB_WAITING;
		/* FALLTHROUGH */
	case DB_WAITING:
		for (;;) {
			switch (db->sql.state) {
			case KORE_PGSQL_STATE_WAIT:
				return (INFRA_DB_WAIT);
			case KORE_PGSQL_STATE_RESULT:
				db->state = DB_RESULT;
				return (INFRA_DB_OK);
			case KORE_PGSQL_STATE_COMPLETE:
				db->state = DB_COMPLETE;
				return (INFRA_DB_OK);
			case KORE_PGSQL_STATE_ERROR:
				kore_pgsql_logerror(&db->sql);
				db->state = DB_FAILED;
				return (INFRA_DB_ERROR);
			default:
				infra_db_drop_dead(&db->sql);
				if (db->sql.conn == NULL) {
					db->state = DB_FAILED;
					return (INFRA_DB_ERROR);
				}
				kore_pgsql_continue(&db->sql);
				break;
			}
		}
	case DB_RESULT:
	case DB_COMPLETE:
		return (INFRA_DB_OK);
	case DB_FAILED:
	default:
		return (INFRA_DB_ERROR);
	}
}

static void
infra_db_wake(void *arg, u_int64_t now)
{
	struct infra_db		*db = arg;

	db->retry = NULL;
	http_request_wakeup(db->req);
}

/* 1 when the request was put to sleep to try connecting again. */
static int
infra_db_later(struct http_request *req, struct infra_db *db)
{
	u_int64_t	now;

	now = kore_time_ms();
	if (db->retry_until == 0) {
		db->retry_until = now + DB_RETRY_FOR;
		kore_pgsql_logerror(&db->sql);
	}
	if (now >= db->retry_until || db->retry != NULL)
		return (0);
	kore_pgsql_cleanup(&db->sql);
	kore_pgsql_init(&db->sql);
	kore_pgsql_bind_request(&db->sql, req);
	db->req = req;
	db->retry = kore_timer_add(infra_db_wake, DB_RETRY_MS, db, 1);
	http_request_sleep(req);
	return (1);
}

/* What a handler returns while infra_db_run() did not answer OK. */
int
infra_db_wait(struct http_request *req, int r)
{
	if (r == INFRA_DB_WAIT)
		return (KORE_RESULT_RETRY);
	return (infra_json_error(req, 503, "database",
	    "The database is not available; please try again."));
}

void
infra_db_next(struct infra_db *db)
{
	if (db->inited) {
		infra_db_finish(db);
		kore_pgsql_cleanup(&db->sql);
		db->inited = 0;
	}
	db->state = DB_IDLE;
	db->retry_until = 0;
	db->step++;
}

int
infra_db_rows(struct infra_db *db)
{
	if (db->state != DB_RESULT)
		return (0);
	return (kore_pgsql_ntuples(&db->sql));
}

/* A value as text; "" for NULL or out of range, never NULL. */
const char *
infra_db_get(struct infra_db *db, int row, int col)
{
	if (db->state != DB_RESULT || row >= kore_pgsql_ntuples(&db->sql) ||
	    col >= kore_pgsql_nfields(&db->sql))
		return ("");
	return (kore_pgsql_getvalue(&db->sql, row, col));
}

int
infra_db_isnull(struct infra_db *db, int row, int col)
{
	if (db->state != DB_RESULT || row >= kore_pgsql_ntuples(&db->sql))
		return (1);
	return (PQgetisnull(db->sql.result, row, col));
}

/*
 * Puts the request to sleep for ms, with no query in flight: for a
 * handler that waits on something outside PostgreSQL (the browser
 * phone's reply).  The handler is called again then; the timer goes with
 * the request if the client leaves first (infra_ctx_free).
 */
void
infra_ctx_sleep(struct http_request *req, struct infra_db *db, u_int64_t ms)
{
	if (db->retry != NULL)
		kore_timer_remove(db->retry);
	db->req = req;
	db->retry = kore_timer_add(infra_db_wake, ms, db, 1);
	http_request_sleep(req);
}
