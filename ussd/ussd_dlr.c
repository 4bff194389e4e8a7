/*
 * GET /sms/dlr: Kannel's delivery reports for what hunar_sender handed
 * over (dlr-url with the outbox id, and %d as `status` or `d`).
 * Loopback only, with the shared secret.  Every report is recorded in
 * sms_dlr; the outbox row's status follows (sms_dlr_record() in
 * sql/R__sms_outbox.sql).
 */
#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>

#include "infra/infra_kore.h"
#include "ussd/ussd_kore.h"

struct dlr_ctx {
	struct infra_db		db;
	char			id[24];
	char			status[8];
};

static const char SQL_DLR[] = "SELECT sms_dlr_record($1::bigint, $2::int)";

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
	const char	*p[2];
	int		 r;

	c = infra_ctx(req, sizeof(*c));
	if (c->db.step == 0) {
		if (!infra_kannel_caller(req))
			return (infra_text_reply(req, 403, "forbidden\n"));
		if (infra_arg(req, "id", c->id, sizeof(c->id)) <= 0 ||
		    !dlr_digits(c->id, 18) ||
		    (infra_arg(req, "status", c->status,
		    sizeof(c->status)) <= 0 &&
		    infra_arg(req, "d", c->status, sizeof(c->status)) <= 0) ||
		    !dlr_digits(c->status, 3))
			return (infra_text_reply(req, 400,
			    "id and status required\n"));
		p[0] = c->id;
		p[1] = c->status;
		if ((r = infra_db_run(req, &c->db, SQL_DLR, 2, p)) !=
		    INFRA_DB_OK) {
			if (r == INFRA_DB_WAIT)
				return (KORE_RESULT_RETRY);
			return (infra_text_reply(req, 503, "try again\n"));
		}
		r = infra_db_rows(&c->db) == 1 &&
		    strcmp(infra_db_get(&c->db, 0, 0), "ok") == 0;
		infra_db_next(&c->db);
		if (!r)
			return (infra_text_reply(req, 404,
			    "no such message\n"));
	}
	return (infra_text_reply(req, 200, "ok\n"));
}
