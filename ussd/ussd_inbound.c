/*
 * GET /sms/inbound: smsbox's sms-service callback, one per mobile
 * originated message.  Loopback only, with the shared secret.  The
 * message is stored, keyed by Kannel's message id (%I), before Hunar acts
 * on it; a retried callback with the same id gets the reply it got the
 * first time and nothing is done twice.  The body answered is the SMS
 * reply that smsbox sends back.
 *
 * Then the keyword parser (ussd_keyword.c) says what the text asks, and
 * one SQL call does it: course verbs through the course module's
 * course_sms(), everything else through sms_cmd() (0200_sms.sql, which
 * applies through gig_apply()).  The reply is written in the user's
 * language (or the language the keyword was typed in), cut to
 * USSD_SMS_PARTS_MAX parts, and marked UCS-2 for smsbox when it needs it.
 */
#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>

#include "infra/infra.h"
#include "courses/courses.h"
#include "ussd/ussd.h"

#define SMS_BODY_MAX	2048
#define SMS_REPLY_MAX	1024

struct inbound_ctx {
	struct infra_db		db;
	char			id[128];
	char			from[32];
	char			to[32];
	char			text[SMS_BODY_MAX];
	char			coding[8];
	char			meta[512];
	char			lang[4];
	char			phone[16];
	char			cert[COURSE_CERT_LEN + 1];
	struct ussd_cmd		cmd;
	char			reply[SMS_REPLY_MAX];
};

/*
 * Stores the message and acts on it, one transaction (0202_sms_inbound.sql);
 * a retried callback gets the reply stored the first time.
 */
static const char SQL_INBOUND[] =
	"SELECT fresh, stored_reply, status, lang, a, b, c FROM sms_inbound("
	"$1, $2, $3, $4, $5::smallint, $6, $7, $8, $9, $10, $11, $12, $13)";

/*
 * The reply is kept so that a retried callback gets it again.  Its commit
 * need not wait for the disk (the message and its action already did):
 * a crash in that fraction of a second costs at most one repeated,
 * idempotent action, and every message saves one fsync.
 */
static const char SQL_INBOX_REPLIED[] =
	"WITH s AS (SELECT set_config('synchronous_commit', 'off', true))"
	" UPDATE sms_inbox SET reply = $2, handled_at = now() FROM s"
	" WHERE kannel_id = $1";

static int
inbound_reply(struct http_request *req, char *text)
{
	int	coding;

	/* smsbox reads the coding from this header: Urdu goes as UCS-2. */
	(void)ussd_reply_cap(text, SMS_REPLY_MAX, &coding);
	if (coding == INFRA_SMS_UCS2)
		http_response_header(req, "X-Kannel-Coding", "2");
	return (infra_text_reply(req, 200, text));
}

/* The row of sms_cmd() or course_sms() as the reply text. */
static void
inbound_compose(struct inbound_ctx *c)
{
	const char	*st, *lc, *a, *b, *cc;
	enum hlang	 lang;
	int		 n;

	st = infra_db_get(&c->db, 0, 2);
	lc = infra_db_get(&c->db, 0, 3);
	a = infra_db_isnull(&c->db, 0, 4) ? NULL : infra_db_get(&c->db, 0, 4);
	b = infra_db_isnull(&c->db, 0, 5) ? NULL : infra_db_get(&c->db, 0, 5);
	cc = infra_db_isnull(&c->db, 0, 6) ? NULL : infra_db_get(&c->db, 0, 6);
	lang = infra_lang_parse(lc);
	n = -1;
	if (c->cmd.kw == USSD_KW_COURSE)
		n = course_reply(st, lc, a, b, cc, c->reply, sizeof(c->reply));
	if (n < 0)
		n = ussd_reply(st, lang, a, b, cc, c->reply, sizeof(c->reply));
	if (n < 0) {
		kore_log(LOG_NOTICE, "sms: no reply text for status %s", st);
		(void)ussd_reply("help", lang, NULL, NULL, NULL, c->reply,
		    sizeof(c->reply));
	}
}

/*
 * Reads Kannel's arguments and parses the text, once per request.
 * Returns 0 when it answered the request already (refused it).
 */
static int
inbound_read(struct http_request *req, struct inbound_ctx *c)
{
	char	key[160];

	if (!infra_is_loopback(req)) {
		(void)infra_text_reply(req, 403, "forbidden\n");
		return (0);
	}
	if (infra_arg(req, "key", key, sizeof(key)) < 0 ||
	    !infra_secret_eq(key, infra_conf.sms_secret)) {
		(void)infra_text_reply(req, 403, "forbidden\n");
		return (0);
	}
	if (infra_arg(req, "id", c->id, sizeof(c->id)) <= 0 ||
	    (size_t)infra_arg(req, "from", c->from, sizeof(c->from)) >=
	    sizeof(c->from) || c->from[0] == '\0') {
		(void)infra_text_reply(req, 400, "id and from required\n");
		return (0);
	}
	(void)infra_arg(req, "to", c->to, sizeof(c->to));
	/* An oversized text is kept, cut to what the buffer takes. */
	(void)infra_arg(req, "text", c->text, sizeof(c->text));
	if (!infra_utf8_valid(c->text, strlen(c->text)))
		kore_strlcpy(c->text, "?", sizeof(c->text));
	if (infra_arg(req, "coding", c->coding, sizeof(c->coding)) <= 0 ||
	    strspn(c->coding, "0123456789") != strlen(c->coding))
		kore_strlcpy(c->coding, "0", sizeof(c->coding));
	(void)infra_arg(req, "meta", c->meta, sizeof(c->meta));
	if (!infra_utf8_valid(c->meta, strlen(c->meta)))
		c->meta[0] = '\0';

	/* Users are keyed by the international form, 923001234567. */
	if (infra_phone_normalize(c->from, c->phone, sizeof(c->phone)) == -1)
		kore_strlcpy(c->phone, c->from, sizeof(c->phone));
	(void)ussd_keyword_parse(c->text, &c->cmd);
	if (c->cmd.kw == USSD_KW_COURSE)
		course_cert_new(c->cert, sizeof(c->cert));
	return (1);
}

int
ussd_sms_inbound(struct http_request *req)
{
	struct inbound_ctx	*c;
	const char		*p[13];
	int			 r, coding;

	c = infra_ctx(req, sizeof(*c));
	if (c->db.step == 0) {
		if (c->db.state == 0 && !inbound_read(req, c))
			return (KORE_RESULT_OK);
		p[0] = c->id; p[1] = c->from; p[2] = c->to;
		p[3] = c->text; p[4] = c->coding; p[5] = c->meta;
		p[6] = c->phone;
		p[7] = c->cmd.kw == USSD_KW_COURSE ? "course" : "cmd";
		switch (c->cmd.kw) {
		case USSD_KW_NONE:
			p[8] = "HELP";
			break;
		case USSD_KW_UNKNOWN:
			p[8] = "UNKNOWN";
			break;
		default:
			p[8] = c->cmd.verb;
			break;
		}
		p[9] = c->cmd.kw == USSD_KW_UNKNOWN ? c->cmd.word : c->cmd.arg;
		p[10] = c->cmd.rest;
		p[11] = c->cmd.lang == USSD_LANG_NONE ? "" :
		    infra_lang_code((enum hlang)c->cmd.lang);
		p[12] = c->cert;
		if ((r = infra_db_run(req, &c->db, SQL_INBOUND, 13, p)) !=
		    INFRA_DB_OK) {
			if (r == INFRA_DB_WAIT)
				return (KORE_RESULT_RETRY);
			/* Not stored: a 5xx makes smsbox retry the callback. */
			return (infra_text_reply(req, 503, "try again\n"));
		}
		if (infra_db_rows(&c->db) != 1) {
			infra_db_next(&c->db);
			return (infra_text_reply(req, 503, "try again\n"));
		}
		if (strcmp(infra_db_get(&c->db, 0, 0), "f") == 0) {
			/* A retry of a message already answered. */
			kore_strlcpy(c->reply, infra_db_get(&c->db, 0, 1),
			    sizeof(c->reply));
			infra_db_next(&c->db);
			return (inbound_reply(req, c->reply));
		}
		inbound_compose(c);
		infra_db_next(&c->db);
		/* Stored as it is sent: a retried callback gets the same. */
		(void)ussd_reply_cap(c->reply, sizeof(c->reply), &coding);
	}

	if (c->db.step == 1) {
		p[0] = c->id; p[1] = c->reply;
		if ((r = infra_db_run(req, &c->db, SQL_INBOX_REPLIED, 2, p)) !=
		    INFRA_DB_OK) {
			if (r == INFRA_DB_WAIT)
				return (KORE_RESULT_RETRY);
			return (infra_text_reply(req, 503, "try again\n"));
		}
		infra_db_next(&c->db);
	}
	return (inbound_reply(req, c->reply));
}
