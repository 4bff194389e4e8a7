/*
 * GET /sms/inbound: smsbox's sms-service callback, one per mobile
 * originated message.  Loopback only, with the shared secret.  The
 * message is stored, keyed by Kannel's message id (%I), before Hunar acts
 * on it; a retried callback with the same id gets the reply it got the
 * first time and nothing is done twice.  The body answered is the SMS
 * reply that smsbox sends back.
 */
#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>

#include "infra/infra.h"

#define SMS_BODY_MAX	2048

int	ussd_sms_inbound(struct http_request *);

struct inbound_ctx {
	struct infra_db		db;
	char			id[128];
	char			from[32];
	char			to[32];
	char			text[SMS_BODY_MAX];
	char			coding[8];
	char			meta[512];
	char			lang[4];
	char			reply[512];
};

/* Stores the message once; returns the stored reply of a retried one. */
static const char SQL_INBOX_STORE[] =
	"WITH ins AS ("
	"  INSERT INTO sms_inbox (kannel_id, sender, receiver, body, coding, meta)"
	"  VALUES ($1, $2, $3, $4, $5::smallint, $6)"
	"  ON CONFLICT (kannel_id) DO NOTHING RETURNING id)"
	" SELECT (SELECT id FROM ins),"
	"  (SELECT reply FROM sms_inbox WHERE kannel_id = $1),"
	"  coalesce((SELECT lang FROM users WHERE phone = $2), 'en')";

static const char SQL_INBOX_REPLIED[] =
	"UPDATE sms_inbox SET reply = $2, handled_at = now() WHERE kannel_id = $1";

static const char *help_text[HLANG_COUNT] = {
	"Hunar: text JOIN name district to register. COURSES, ENROLL code, "
	"GIGS, APPLY code, STATUS, VERIFY code, LANG EN/RU/UR, STOP.",
	"Hunar: register ke liye JOIN naam zila bhejein. COURSES, ENROLL code, "
	"GIGS, APPLY code, STATUS, VERIFY code, LANG EN/RU/UR, STOP.",
	"ہنر: رجسٹر کے لیے JOIN نام ضلع بھیجیں۔ COURSES، ENROLL کوڈ، GIGS، "
	"APPLY کوڈ، STATUS، VERIFY کوڈ، LANG، STOP۔",
};

/* Structural UTF-8 check: lead bytes, continuation bytes, no overlongs. */
static int
inbound_utf8_ok(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	int			 n;

	while (*p != '\0') {
		if (*p < 0x80) {
			p++;
			continue;
		}
		if (*p >= 0xc2 && *p <= 0xdf)
			n = 1;
		else if (*p >= 0xe0 && *p <= 0xef)
			n = 2;
		else if (*p >= 0xf0 && *p <= 0xf4)
			n = 3;
		else
			return (0);
		for (p++; n > 0; n--, p++)
			if ((*p & 0xc0) != 0x80)
				return (0);
	}
	return (1);
}

static int
inbound_reply(struct http_request *req, const char *text)
{
	const unsigned char	*p;

	/*
	 * Urdu goes out as UCS-2: smsbox reads the coding from this header.
	 * Any non-ASCII byte is taken as UCS-2 here; the replies written in
	 * Latin script are plain ASCII.
	 */
	for (p = (const unsigned char *)text; *p != '\0'; p++) {
		if (*p >= 0x80) {
			http_response_header(req, "X-Kannel-Coding", "2");
			break;
		}
	}
	return (infra_text_reply(req, 200, text));
}

static int
inbound_lang(const char *code)
{
	if (strcmp(code, "ru") == 0)
		return (HLANG_RU);
	if (strcmp(code, "ur") == 0)
		return (HLANG_UR);
	return (HLANG_EN);
}

int
ussd_sms_inbound(struct http_request *req)
{
	struct inbound_ctx	*c;
	const char		*p[6];
	char			 key[160];
	int			 r;

	c = infra_ctx(req, sizeof(*c));
	if (c->db.step == 0) {
		if (!infra_is_loopback(req))
			return (infra_text_reply(req, 403, "forbidden\n"));
		if (infra_arg(req, "key", key, sizeof(key)) < 0 ||
		    !infra_secret_eq(key, infra_conf.sms_secret))
			return (infra_text_reply(req, 403, "forbidden\n"));
		if (infra_arg(req, "id", c->id, sizeof(c->id)) <= 0 ||
		    (size_t)infra_arg(req, "from", c->from, sizeof(c->from)) >=
		    sizeof(c->from) || c->from[0] == '\0')
			return (infra_text_reply(req, 400, "id and from required\n"));
		(void)infra_arg(req, "to", c->to, sizeof(c->to));
		/* An oversized text is kept, cut to what the table takes. */
		(void)infra_arg(req, "text", c->text, sizeof(c->text));
		if (!inbound_utf8_ok(c->text))
			kore_strlcpy(c->text, "?", sizeof(c->text));
		if (infra_arg(req, "coding", c->coding, sizeof(c->coding)) <= 0 ||
		    strspn(c->coding, "0123456789") != strlen(c->coding))
			kore_strlcpy(c->coding, "0", sizeof(c->coding));
		(void)infra_arg(req, "meta", c->meta, sizeof(c->meta));
		if (!inbound_utf8_ok(c->meta))
			c->meta[0] = '\0';

		p[0] = c->id; p[1] = c->from; p[2] = c->to;
		p[3] = c->text; p[4] = c->coding; p[5] = c->meta;
		if ((r = infra_db_run(req, &c->db, SQL_INBOX_STORE, 6, p)) !=
		    INFRA_DB_OK) {
			if (r == INFRA_DB_WAIT)
				return (KORE_RESULT_RETRY);
			/* Not stored: a 5xx makes smsbox retry the callback. */
			return (infra_text_reply(req, 503, "try again\n"));
		}
		if (infra_db_isnull(&c->db, 0, 0) &&
		    !infra_db_isnull(&c->db, 0, 1)) {
			/* A retry of a message already answered. */
			kore_strlcpy(c->reply, infra_db_get(&c->db, 0, 1),
			    sizeof(c->reply));
			infra_db_next(&c->db);
			return (inbound_reply(req, c->reply));
		}
		kore_strlcpy(c->lang, infra_db_get(&c->db, 0, 2), sizeof(c->lang));
		infra_db_next(&c->db);
		kore_strlcpy(c->reply, help_text[inbound_lang(c->lang)],
		    sizeof(c->reply));
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
