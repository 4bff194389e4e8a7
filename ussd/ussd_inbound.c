/*
 * POST (or GET) /sms/inbound: smsbox's sms-service callback, one per
 * mobile originated message, relayed by hunar_spool (ussd/README.md:
 * why a spool).  Loopback only, with the shared secret.  The
 * message is stored, keyed by Kannel's message id (%I), in the same
 * transaction as what it asks for, and answered only once that has
 * committed; a retried callback with the same id gets the reply it got
 * the first time and nothing is done twice.  The body answered is the
 * SMS reply that smsbox sends back.
 *
 * The keyword parser (ussd_keyword.c) says what the text asks, and the
 * database does it: course verbs through the course module's
 * course_sms(), everything else through sms_cmd() (sql/R__sms_cmd.sql,
 * which applies through gig_apply()).  The reply is written in the user's
 * language (or the language the keyword was typed in), cut to
 * USSD_SMS_PARTS_MAX parts, and marked UCS-2 for smsbox when it needs it.
 *
 * Callbacks are stored and acted on in batches: smsbox keeps hundreds in
 * flight, and one transaction (one commit, one round trip) per message
 * was what bounded the channel.  The batching is the infra kit's
 * (infra/infra_batch.c): each worker queues the callbacks it has read
 * and, while none of its batches is at the database, sends what is
 * queued (at most INBOUND_BATCH_MAX) as one sms_inbound_batch() call
 * (sql/R__sms_inbound.sql); under load it first waits HUNAR_MO_LINGER_MS
 * for a fuller batch (2 ms: 7 messages a batch in the MO bench became
 * 19).  A request sleeps until its batch answers;
 * one that goes away meanwhile (smsbox gave up) leaves its slot empty,
 * and its message, stored or not, is settled when smsbox retries.  A
 * failed batch (a connection gone stale after a restart of PostgreSQL,
 * a deadlock) is sent again: nothing of it was committed, or, if its
 * commit was lost on the way back, its messages come back as stored and
 * are not acted on again; after INBOUND_TRIES, what it did not answer
 * gets a 503 and smsbox retries.
 *
 * The row keeps what the reply is made of (its status, language and
 * fields), and the text is rendered here from them, the first time and
 * again for a retry.
 */
#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>

#include "infra/infra_kore.h"
#include "infra/page_kore.h"
#include "courses/courses.h"
#include "matching/matching.h"
#include "programmes/programmes.h"
#include "ussd/ussd_kore.h"

#define SMS_BODY_MAX		2048
#define SMS_REPLY_MAX		1024

#define INBOUND_BATCH_MAX	32	/* < 64, PostgreSQL's cached subxids */
#define INBOUND_INFLIGHT_MAX	1	/* batches at the database, per worker */
#define INBOUND_NPARAMS		16
#define INBOUND_RAW_MAX		8192	/* bytes of a poisoned callback kept */
/*
 * A failed batch is sent again, at most once more than a worker has
 * PostgreSQL connections (kore.conf pgsql_conn_max): after a restart of
 * the server every pooled one is dead, and each is found out by a try.
 */
#define INBOUND_TRIES		9

struct inbound_ctx {
	struct infra_batch_item		 item;		/* first */
	char				 id[128];
	char				 from[32];
	char				 to[32];
	char				 text[SMS_BODY_MAX];
	char				 coding[8];
	char				 meta[512];
	char				 phone[16];
	char				 cert[COURSE_CERT_LEN + 1];
	char				 pinhash[USSD_PIN_HASH_LEN + 1];
	struct ussd_cmd			 cmd;
	char				 reply[SMS_REPLY_MAX];
	char				 flags[128];
	char				*raw;		/* hex, when flagged */
};

static const char SQL_INBOUND_BATCH[] =
	"SELECT ord, fresh, stored_reply, status, lang, a, b, c, who"
	" FROM sms_inbound_batch($1, $2, $3, $4, $5::smallint[], $6, $7,"
	" $8, $9, $10, $11, $12, $13, $14, $15, $16)";

static void	inbound_params(struct infra_batch *,
		    struct infra_batch_item *);
static void	inbound_row(struct infra_batch_item *, struct kore_pgsql *,
		    int);

/* Per worker: Kore's workers are single-threaded processes. */
static struct infra_batcher inbound_batcher = {
	.name = "sms: inbound", .sql = SQL_INBOUND_BATCH,
	.nparams = INBOUND_NPARAMS, .max = INBOUND_BATCH_MAX,
	.inflight_max = INBOUND_INFLIGHT_MAX, .tries = INBOUND_TRIES,
	.params = inbound_params, .row = inbound_row,
};

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

/*
 * The fields the verb's owner gave (sms_act()) as the reply text, worded
 * by the owner's C (course_reply(), prog_reply(), match_reply()) or the
 * channel's (ussd_reply(): its own statuses, and those the others leave
 * to it); on a shared phone it says whom it is for (who: the person's
 * name).
 */
static void
inbound_compose(struct inbound_ctx *c, const char *st, const char *lc,
    const char *a, const char *b, const char *cc, const char *who)
{
	enum hlang	 lang;
	int		 n;

	lang = infra_lang_parse(lc);
	/* LANG by SMS: the person's web pages follow from the next request. */
	if (strcmp(st, "lang_set") == 0 && a != NULL && *a != '\0')
		page_lang_account_set(strtoll(a, NULL, 10), lang);
	n = -1;
	if (c->cmd.kw == USSD_KW_COURSE)
		n = course_reply(st, lc, a, b, cc, c->reply, sizeof(c->reply));
	else if (c->cmd.kw == USSD_KW_PROG)
		n = prog_reply(st, lc, a, b, cc, c->reply, sizeof(c->reply));
	else if (c->cmd.kw == USSD_KW_YES || c->cmd.kw == USSD_KW_NO ||
	    c->cmd.kw == USSD_KW_GAP)
		n = match_reply(st, lc, a, b, cc, c->reply, sizeof(c->reply));
	if (n < 0)
		n = ussd_reply(st, lang, a, b, cc, c->reply, sizeof(c->reply));
	if (n < 0) {
		kore_log(LOG_NOTICE, "sms: no reply text for status %s", st);
		(void)ussd_reply("help", lang, NULL, NULL, NULL, c->reply,
		    sizeof(c->reply));
	}
	ussd_reply_for(who, lang, c->reply, sizeof(c->reply));
}

/*
 * A PIN in the message (shared phones): its hash for sms_seat(), made
 * here because PostgreSQL cannot (ussd/ussd_seat.c says why).  A number
 * that sent USSD_PIN_TRIES wrong PINs within USSD_PIN_WINDOW gets no
 * more tries: its pick is sent as "locked" and nothing is hashed.
 * Without Redis no try is counted, so none is made: the pick is sent as
 * "down" (as the web's log-in refuses then, guessing must not go
 * unlimited while Redis is away).
 */
static void
inbound_seat(struct inbound_ctx *c)
{
	redisReply	*r;
	long long	 n;

	if (c->cmd.kw != USSD_KW_SEAT || c->cmd.pin[0] == '\0')
		return;
	if (strcmp(c->cmd.verb, "PICK") == 0) {
		if ((r = infra_redis("GET rl:pin:%s", c->phone)) == NULL) {
			(void)snprintf(c->cmd.arg, sizeof(c->cmd.arg), "down");
			return;
		}
		n = r->type == REDIS_REPLY_STRING ? strtoll(r->str, NULL, 10) :
		    0;
		freeReplyObject(r);
		if (n >= USSD_PIN_TRIES) {
			(void)snprintf(c->cmd.arg, sizeof(c->cmd.arg),
			    "locked");
			return;
		}
	}
	if (ussd_pin_hash(c->phone, c->cmd.pin, c->pinhash,
	    sizeof(c->pinhash)) == -1)
		c->pinhash[0] = '\0';
}

/* A repair made to a field of this message (V0010's sms_inbox.flags). */
static void
inbound_flag(struct inbound_ctx *c, const char *flag)
{
	size_t	l = strlen(c->flags);

	(void)snprintf(c->flags + l, sizeof(c->flags) - l, "%s%s",
	    l > 0 ? "," : "", flag);
}

/*
 * A field of n bytes (as decoded, maybe more than its buffer) made fit
 * and valid: cut on a character to its buffer, every byte that is not
 * UTF-8 (a NUL too) turned into '?'.  Each repair is flagged.
 */
static void
inbound_fix(struct inbound_ctx *c, char *s, size_t cap, ssize_t n,
    const char *name)
{
	char	flag[32];

	if (n < 0) {
		s[0] = '\0';
		return;
	}
	if ((size_t)n > cap - 1) {
		(void)snprintf(flag, sizeof(flag), "%s_long", name);
		inbound_flag(c, flag);
		n = (ssize_t)infra_utf8_cut(s, cap - 1, cap - 1);
	}
	s[n] = '\0';
	if (infra_utf8_scrub(s, (size_t)n) > 0) {
		(void)snprintf(flag, sizeof(flag), "%s_utf8", name);
		inbound_flag(c, flag);
	}
}

/*
 * The text: the body of a POST (Kannel's post-url, relayed by
 * hunar_spool), or the text argument of a GET.  In a URL an Urdu text of
 * 320 characters passed Kore's ~2,000-byte limit and was refused with
 * 414 and lost; a body has no such limit.
 */
static void
inbound_text(struct http_request *req, struct inbound_ctx *c)
{
	ssize_t	n;

	if (req->method != HTTP_METHOD_POST) {
		n = infra_arg(req, "text", c->text, sizeof(c->text));
	} else if (req->http_body == NULL) {
		n = 0;
	} else {
		n = (ssize_t)req->http_body_length;
		memcpy(c->text, req->http_body->data,
		    MIN((size_t)n, sizeof(c->text) - 1));
	}
	inbound_fix(c, c->text, sizeof(c->text), n, "text");
}

/*
 * A poisoned message keeps what it was: the query string and the body as
 * received, hex for the bytea column, up to INBOUND_RAW_MAX bytes.
 */
static void
inbound_keep_raw(struct http_request *req, struct inbound_ctx *c)
{
	static const char	 hex[] = "0123456789abcdef";
	const u_int8_t		*parts[2];
	size_t			 lens[2], i, k, o, left;

	parts[0] = (const u_int8_t *)(req->query_string ?
	    req->query_string : "");
	lens[0] = strlen((const char *)parts[0]);
	parts[1] = req->http_body ? req->http_body->data : NULL;
	lens[1] = req->http_body ? req->http_body_length : 0;
	c->raw = kore_malloc(2 * INBOUND_RAW_MAX + 3);
	o = 0;
	left = INBOUND_RAW_MAX;
	for (k = 0; k < 2; k++) {
		if (k == 1 && left > 0) {
			c->raw[o++] = '0';
			c->raw[o++] = 'a';
			left--;
		}
		for (i = 0; i < lens[k] && left > 0; i++, left--) {
			c->raw[o++] = hex[parts[k][i] >> 4];
			c->raw[o++] = hex[parts[k][i] & 0xf];
		}
	}
	c->raw[o] = '\0';
}

/* The coding Kannel gave (0, 1 or 2); anything else is flagged, 0. */
static void
inbound_coding(struct http_request *req, struct inbound_ctx *c)
{
	ssize_t	n;

	n = infra_arg(req, "coding", c->coding, sizeof(c->coding));
	if (n <= 0) {
		kore_strlcpy(c->coding, "0", sizeof(c->coding));
		return;
	}
	if (n > 1 || c->coding[0] < '0' || c->coding[0] > '2') {
		inbound_flag(c, "coding");
		kore_strlcpy(c->coding, "0", sizeof(c->coding));
	}
}

/*
 * Reads Kannel's arguments and parses the text, once per request.
 * Returns 0 when it answered the request already (refused it).  Any
 * field that is too long or not UTF-8 is repaired and flagged, and the
 * message is stored with its bytes as received: one bad message never
 * fails the batch it shares with others (issue 13).
 */
static int
inbound_read(struct http_request *req, struct inbound_ctx *c)
{
	ssize_t	n;

	if (!infra_kannel_caller(req)) {
		(void)infra_text_reply(req, 403, "forbidden\n");
		return (0);
	}
	n = infra_arg(req, "id", c->id, sizeof(c->id));
	inbound_fix(c, c->id, sizeof(c->id), n, "id");
	n = infra_arg(req, "from", c->from, sizeof(c->from));
	inbound_fix(c, c->from, sizeof(c->from), n, "from");
	if (c->id[0] == '\0' || c->from[0] == '\0') {
		(void)infra_text_reply(req, 400, "id and from required\n");
		return (0);
	}
	n = infra_arg(req, "to", c->to, sizeof(c->to));
	inbound_fix(c, c->to, sizeof(c->to), n, "to");
	inbound_text(req, c);
	inbound_coding(req, c);
	n = infra_arg(req, "meta", c->meta, sizeof(c->meta));
	if (n >= (ssize_t)sizeof(c->meta)) {
		inbound_flag(c, "meta_long");
		n = 0;
	}
	inbound_fix(c, c->meta, sizeof(c->meta), n, "meta");
	if (c->flags[0] != '\0') {
		inbound_keep_raw(req, c);
		kore_log(LOG_NOTICE, "sms: message %s stored flagged (%s)",
		    c->id, c->flags);
	}

	/* Users are keyed by the international form, 923001234567. */
	if (infra_phone_normalize(c->from, c->phone, sizeof(c->phone)) == -1)
		kore_strlcpy(c->phone, c->from, sizeof(c->phone));
	(void)ussd_keyword_parse(c->text, &c->cmd);
	if (c->cmd.kw == USSD_KW_COURSE || c->cmd.kw == USSD_KW_PROG)
		course_cert_new(c->cert, sizeof(c->cert));
	inbound_seat(c);
	return (1);
}

/* One message's arguments, appended to the batch's arrays. */
static void
inbound_params(struct infra_batch *b, struct infra_batch_item *it)
{
	struct inbound_ctx	*c = (struct inbound_ctx *)it;
	const char		*verb, *arg;

	switch (c->cmd.kw) {
	case USSD_KW_NONE:
		verb = "HELP";
		break;
	case USSD_KW_UNKNOWN:
		verb = "UNKNOWN";
		break;
	default:
		verb = c->cmd.verb;
		break;
	}
	arg = c->cmd.kw == USSD_KW_UNKNOWN ? c->cmd.word : c->cmd.arg;

	infra_batch_arg(b, 0, c->id);
	infra_batch_arg(b, 1, c->from);
	infra_batch_arg(b, 2, c->to);
	infra_batch_arg(b, 3, c->text);
	infra_batch_arg(b, 4, c->coding);
	infra_batch_arg(b, 5, c->meta);
	infra_batch_arg(b, 6, c->phone);
	infra_batch_arg(b, 7, c->cmd.kw == USSD_KW_COURSE ?
	    "course" : c->cmd.kw == USSD_KW_PROG ? "prog" :
	    c->cmd.kw == USSD_KW_SEAT ? "seat" : "cmd");
	infra_batch_arg(b, 8, verb);
	infra_batch_arg(b, 9, arg);
	/*
	 * The whole text where a verb has no rest: an answer to JOIN's
	 * "which district?" ("2", "Karachi East") reads as a quiz answer or
	 * as no command, and sms_act() gives it to sms_join_pick() first.
	 */
	infra_batch_arg(b, 10, c->cmd.rest[0] != '\0' ?
	    c->cmd.rest : c->cmd.kw == USSD_KW_UNKNOWN ||
	    c->cmd.kw == USSD_KW_COURSE ? c->text : "");
	infra_batch_arg(b, 11, c->cmd.lang == USSD_LANG_NONE ? "" :
	    infra_lang_code((enum hlang)c->cmd.lang));
	infra_batch_arg(b, 12, c->cert);
	infra_batch_arg(b, 13, c->flags);
	infra_batch_arg(b, 14, c->raw != NULL ? c->raw : "");
	infra_batch_arg(b, 15, c->pinhash);
}

/* The wrong-PIN counter's key (infra_ratelimit() puts "rl:" before). */
static const char *
inbound_pin_key(struct inbound_ctx *c)
{
	static char	key[32];

	(void)snprintf(key, sizeof(key), "pin:%s", c->phone);
	return (key);
}

/* The row that answers this callback (column 0: its place in the batch). */
static void
inbound_row(struct infra_batch_item *it, struct kore_pgsql *sql, int i)
{
	struct inbound_ctx	*c = (struct inbound_ctx *)it;
	const char		*f[6];
	int			 k;

	if (!PQgetisnull(sql->result, i, 2)) {
		/* Answered before this table kept the fields. */
		kore_strlcpy(c->reply, kore_pgsql_getvalue(sql, i, 2),
		    sizeof(c->reply));
		return;
	}
	for (k = 0; k < 6; k++) {
		f[k] = PQgetisnull(sql->result, i, 3 + k) ?
		    NULL : kore_pgsql_getvalue(sql, i, 3 + k);
	}
	if (f[0] == NULL)
		f[0] = "error";
	if (f[1] == NULL)
		f[1] = "en";
	inbound_compose(c, f[0], f[1], f[2], f[3], f[4], f[5]);
	/* A wrong PIN counts once, not again on a retry. */
	if (strcmp(f[0], "pin_wrong") == 0 &&
	    strcmp(kore_pgsql_getvalue(sql, i, 1), "t") == 0)
		(void)infra_ratelimit(inbound_pin_key(c), USSD_PIN_TRIES,
		    USSD_PIN_WINDOW);
}

static void
inbound_free(struct http_request *req)
{
	struct inbound_ctx	*c;

	if ((c = http_state_get(req)) == NULL)
		return;
	kore_free(c->raw);
	c->raw = NULL;
	infra_batch_free(req);
}

int
ussd_sms_inbound(struct http_request *req)
{
	struct inbound_ctx	*c;

	switch (infra_batch_state(req)) {
	case 0:
		break;
	case INFRA_BATCH_DONE:
		c = http_state_get(req);
		return (inbound_reply(req, c->reply));
	case INFRA_BATCH_FAILED:
		/* Not settled: a 5xx makes smsbox retry. */
		return (infra_text_reply(req, 503, "try again\n"));
	default:
		http_request_sleep(req);
		return (KORE_RESULT_RETRY);
	}

	c = http_state_create(req, sizeof(*c), inbound_free);
	memset(c, 0, sizeof(*c));
	if (!inbound_read(req, c))
		return (KORE_RESULT_OK);
	/* Under load, a fuller batch (HUNAR_MO_LINGER_MS, infra/hunar.env). */
	inbound_batcher.linger_ms = infra_conf.mo_linger_ms;
	return (infra_batch_queue(&inbound_batcher, req, &c->item));
}
