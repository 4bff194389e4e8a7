/*
 * GET /sms/dlr: Kannel's delivery reports for what hunar_sender handed
 * over (dlr-url with the outbox id, and %d as `status` or `d`).
 * Loopback only, with the shared secret.  Every report is recorded in
 * sms_dlr; the outbox row's status follows a moment later.
 *
 * Reports come in bursts (a lesson drip is one report a message, as
 * fast as the SMSC takes them), so they are taken in batches
 * (infra/infra_batch.c): each worker sends the reports that arrived
 * while its previous batches were at the database as one
 * sms_dlr_take() call, up to DLR_BATCH_MAX of them, which records them
 * and touches no outbox row; the answers go, and then the worker runs
 * sms_dlr_apply() (the batcher's follow-up query), which moves the
 * outbox rows, one applier at a time (sql/R__sms_outbox.sql).  Applied
 * in the answer's transaction, a report waited on the locks of the
 * senders' outcome batches, ~170 ms each in the drip, while smsbox held
 * its callbacks and its sendsms slowed (issue 15, bench/drip_bench.sh).
 * A report is answered only once its batch committed: 200 (recorded)
 * or 503 (the batch failed: smsbox tries again later), so a Kore that
 * dies with reports in hand loses none that smsbox was told were taken,
 * and one that dies before applying them leaves them recorded for the
 * next sms_dlr_apply() (any worker's, within INFRA_BATCH_THEN_MS).
 *
 * A report for an outbox row that does not exist (deleted since, or an
 * id never sent) is answered 200 too, logged once here and counted by
 * sms_dlr_take() (hunar_sms_dlr_unknown_total): smsbox takes any other
 * answer as a failure and tries again, http-request-retry (1000) times
 * each http-queue-delay.  Answered 404, the reports of ~19,000 deleted
 * rows came back ~60,000 times a minute (issue 13).  A wrong key (403)
 * or a malformed request (400) still fails: those are not reports.
 */
#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>

#include "infra/infra_kore.h"
#include "ussd/ussd_kore.h"

#define DLR_BATCH_MAX		256
#define DLR_INFLIGHT_MAX	2	/* batches at the database, per worker */
#define DLR_TRIES		3
#define DLR_APPLY_MAX		"1024"	/* reports applied a transaction */

struct dlr_ctx {
	struct infra_batch_item	item;		/* first: infra_batch.c */
	char			id[24];
	char			status[8];
	int			found;
};

static void	dlr_params(struct infra_batch *, struct infra_batch_item *);
static void	dlr_row(struct infra_batch_item *, struct kore_pgsql *, int);

static struct infra_batcher dlr_batcher = {
	.name = "dlr",
	.sql = "SELECT ord, found FROM sms_dlr_take($1::bigint[],"
	    " $2::int[])",
	.then = "SELECT sms_dlr_apply(" DLR_APPLY_MAX ")",
	.nparams = 2,
	.max = DLR_BATCH_MAX,
	.inflight_max = DLR_INFLIGHT_MAX,
	.tries = DLR_TRIES,
	.params = dlr_params,
	.row = dlr_row,
};

static void
dlr_params(struct infra_batch *b, struct infra_batch_item *it)
{
	struct dlr_ctx	*c = (struct dlr_ctx *)it;

	infra_batch_arg(b, 0, c->id);
	infra_batch_arg(b, 1, c->status);
}

static void
dlr_row(struct infra_batch_item *it, struct kore_pgsql *sql, int row)
{
	struct dlr_ctx	*c = (struct dlr_ctx *)it;

	c->found = strcmp(kore_pgsql_getvalue(sql, row, 1), "t") == 0;
}

static int
dlr_digits(const char *s, size_t max)
{
	size_t	n;

	n = strlen(s);
	return (n > 0 && n <= max && strspn(s, "0123456789") == n);
}

int
ussd_sms_dlr(struct http_request *req)
{
	struct dlr_ctx	*c;
	char		 id[24], status[8];

	switch (infra_batch_state(req)) {
	case 0:
		break;
	case INFRA_BATCH_DONE:
		c = http_state_get(req);
		if (!c->found) {
			kore_log(LOG_NOTICE, "dlr: no outbox row %s (state %s),"
			    " dropped", c->id, c->status);
			return (infra_text_reply(req, 200, "dropped\n"));
		}
		return (infra_text_reply(req, 200, "ok\n"));
	case INFRA_BATCH_FAILED:
		return (infra_text_reply(req, 503, "try again\n"));
	default:
		http_request_sleep(req);
		return (KORE_RESULT_RETRY);
	}

	if (!infra_kannel_caller(req))
		return (infra_text_reply(req, 403, "forbidden\n"));
	if (infra_arg(req, "id", id, sizeof(id)) <= 0 ||
	    !dlr_digits(id, 18) ||
	    (infra_arg(req, "status", status, sizeof(status)) <= 0 &&
	    infra_arg(req, "d", status, sizeof(status)) <= 0) ||
	    !dlr_digits(status, 3))
		return (infra_text_reply(req, 400, "id and status required\n"));

	c = http_state_create(req, sizeof(*c), infra_batch_free);
	memset(c, 0, sizeof(*c));
	kore_strlcpy(c->id, id, sizeof(c->id));
	kore_strlcpy(c->status, status, sizeof(c->status));
	return (infra_batch_queue(&dlr_batcher, req, &c->item));
}
