/*
 * hunar_sender: hands the durable outbox (table sms_outbox) to Kannel's
 * sendsms, each message at most once.
 *
 * Other modules enqueue by INSERTing a row; a trigger NOTIFYs
 * sms_outbox and this daemon wakes.  Each pass claims due rows with
 * sms_outbox_claim() (ussd/sql/R__sms_outbox.sql), which decides STOP
 * (suppressed, except the STOP confirmation) and quiet hours (non-urgent
 * rows wait for the morning) in the same transaction that marks the rest
 * 'sending'.  STOP is asked again for each chunk of 64 rows right before
 * they go.  For every claimed row:
 *
 *   1. the text is cut to the parts cap on a character boundary and
 *      encoded: GSM-7 as coding=0, anything else as coding=2 UTF-16BE;
 *   2. one Redis pipeline: the hand-over mark sms:handed:<id> is SET NX
 *      *before* sendsms is called, and the per-number rate window
 *      counts it.  A mark already there means an earlier run handed this
 *      row over and died before recording it: it counts as sent and is
 *      not handed over again.  Over the rate, the mark goes and the row
 *      waits for the window without spending an attempt;
 *   3. up to HUNAR_SMS_PARALLEL requests run at once (curl multi), never
 *      two for one number, so a lesson and its quiz keep their order;
 *   4. sendsms with dlr-mask=31 and a dlr-url carrying the row's id.
 *      Kannel refused or unreachable (nothing was handed over): the mark
 *      goes, and the row is retried with exponential backoff up to
 *      HUNAR_SMS_BACKOFF_MAX (60 s, so Kannel's return is seen within a
 *      minute) until it expires.  Expiry is a policy by kind,
 *      HUNAR_SMS_EXPIRE ("otp=600,default=86400": a login code is useless
 *      after 10 minutes, a lesson is still worth sending the next
 *      morning); an expired row fails with the policy as its reason, in
 *      the log and in last_error.  A Kannel outage of an hour loses
 *      nothing.  Accepted, or an answer lost after
 *      the request went out: sent -- a lost answer might have been
 *      accepted, and a message is never sent twice.  Outcomes are
 *      written 64 rows to a transaction.
 *
 * At start-up, rows left in 'sending' by a sender that died are given to
 * sms_outbox_recover() with the ids that carry a hand-over mark.
 *
 *	hunar_sender [-1] [-i seconds] [-q HH-HH|off] [-b batch]
 *	  -1	one pass over what is due, then exit (tests)
 *	  -i	seconds between passes when idle (default 5)
 *	  -q	quiet hours, Pakistan time (default 21-8, HUNAR_QUIET_HOURS)
 *	  -b	rows claimed per pass (default 100)
 *
 * Environment (infra/hunar.env): HUNAR_PG_PORT, HUNAR_REDIS_PORT,
 * HUNAR_KANNEL_SENDSMS_PORT, HUNAR_SENDSMS_USER, HUNAR_SENDSMS_PASSWORD,
 * HUNAR_SHORTCODE, HUNAR_CALLBACK_PORT (delivery reports), and
 * HUNAR_SMS_PARTS_MAX (3), HUNAR_SMS_RATE ("10/60": messages per number
 * per window of seconds), HUNAR_SMS_EXPIRE (above), HUNAR_SMS_BACKOFF_MAX
 * (60), HUNAR_SMS_ATTEMPTS (0: no cap but expiry), HUNAR_DLR_PATH
 * ("/sms/dlr"), HUNAR_SMS_PARALLEL (16 sendsms requests in flight).
 */
#include <sys/select.h>

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <hiredis/hiredis.h>
#include <libpq-fe.h>

#include "infra/infra.h"

#define SENDER_TEXT_MAX		2048	/* bytes of a body we hand over */
#define SENDER_URL_MAX		8192
#define SENDER_ANSWER_MAX	256
#define SENDER_MARK_TTL		604800	/* a week: longer than any retry */
#define SENDER_BACKOFF_BASE	5
#define SENDER_EXPIRE_MAX	8	/* kinds with an expiry of their own */
#define SENDER_DONE_MAX		64	/* outcomes written per transaction */
#define SENDER_PAR_MAX		64	/* sendsms requests in flight, at most */

/* sender_gate() */
#define SENDER_GATE_OPEN	0	/* marked, within the rate: send */
#define SENDER_GATE_RATE	1	/* the number had its share */
#define SENDER_GATE_EARLIER	2	/* an earlier run handed it over */
#define SENDER_GATE_DOWN	3	/* Redis cannot tell */

/* What one hand-over came to (sms_outbox_done's p_result). */
enum sender_result {
	SENDER_SENT,
	SENDER_RETRY,
	SENDER_FAILED
};

struct sender_conf {
	char		sendsms[256];	/* http://127.0.0.1:13013/cgi-bin/sendsms */
	char		user[128];
	char		password[128];
	char		from[32];
	char		dlr_base[512];	/* dlr-url up to the id */
	int		parts_max;
	int		rate_n;
	int		rate_window;
	int		attempts_max;	/* 0: none */
	int		backoff_max;
	int		nexpire;
	char		expire_kind[SENDER_EXPIRE_MAX][32];
	int		expire_secs[SENDER_EXPIRE_MAX];
	int		expire_default;
	struct infra_quiet quiet;	/* infra_quiet.c */
	int		batch;
};

struct sender_outcome {
	char		id[24];
	char		result[8];
	char		err[SENDER_ANSWER_MAX + 192];
	int		delay;
};

struct sender_answer {
	char		buf[SENDER_ANSWER_MAX];
	size_t		len;
};

/*
 * One sendsms request in flight.  Kannel takes ~25 ms to answer a
 * message with a DLR request, so several go at once (curl multi); two
 * messages to one number never do, so a lesson and its quiz keep their
 * order.
 */
struct sender_job {
	CURL			*h;
	int			 busy;
	char			 id[24];
	char			 phone[32];
	char			 masked[32];
	int			 attempts;
	int			 age;		/* seconds since queued */
	int			 expire;	/* its kind's expiry */
	char			 kind[32];
	int			 parts;
	int			 coding;
	char			 url[SENDER_URL_MAX];
	struct sender_answer	 ans;
};

static volatile sig_atomic_t	sender_quit;
static struct sender_conf	conf;
static redisContext		*rds;
static CURL			*curl;
static CURLM			*multi;
static struct sender_job	 jobs[SENDER_PAR_MAX];
static int			 njobs;
static struct sender_outcome	 pending[SENDER_DONE_MAX];
static int			 npending;
static int			 recovered;

static int	sender_flush(PGconn *);
static void	sender_expire_conf(const char *);
static struct sender_job	*sender_slot(const char *);
static void	sender_drain(PGconn *, int);
static void	sender_unmark(const char *);

static const char SQL_CLAIM[] =
	"SELECT c.id, c.phone, c.body, c.kind, c.urgent, c.attempts,"
	" extract(epoch FROM now() - o.created_at)::int"
	" FROM sms_outbox_claim($1::int, to_timestamp($2::bigint)) c"
	" JOIN sms_outbox o ON o.id = c.id";

static const char SQL_DONE_MANY[] =
	"SELECT sms_outbox_done(x.id, x.res, x.err, x.delay)"
	" FROM unnest($1::bigint[], $2::text[], $3::text[], $4::int[])"
	"   AS x(id, res, err, delay)";

/* A STOP since the claim (the STOP confirmation itself always goes). */
static const char SQL_STOPPED[] =
	"UPDATE sms_outbox SET status = 'suppressed', last_error = 'STOP',"
	" updated_at = now()"
	" WHERE id = ANY ($1::bigint[]) AND status = 'sending'"
	" AND kind <> 'stop_confirm' AND sms_opted_out(phone)"
	" RETURNING id";

static const char SQL_STUCK[] =
	"SELECT id FROM sms_outbox WHERE status = 'sending'";

static const char SQL_RECOVER[] =
	"SELECT sms_outbox_recover($1::bigint[])";

static void
sender_signal(int sig)
{
	(void)sig;
	sender_quit = 1;
}

static const char *
sender_env(const char *name, const char *def)
{
	const char	*v;

	if ((v = getenv(name)) == NULL || *v == '\0')
		return (def);
	return (v);
}

static void
sender_conf_load(void)
{
	const char	*rate;
	char		*end;
	long		 n, w;

	(void)snprintf(conf.sendsms, sizeof(conf.sendsms),
	    "http://127.0.0.1:%s/cgi-bin/sendsms",
	    sender_env("HUNAR_KANNEL_SENDSMS_PORT", "13013"));
	(void)snprintf(conf.user, sizeof(conf.user), "%s",
	    sender_env("HUNAR_SENDSMS_USER", "hunar"));
	(void)snprintf(conf.password, sizeof(conf.password), "%s",
	    sender_env("HUNAR_SENDSMS_PASSWORD", ""));
	(void)snprintf(conf.from, sizeof(conf.from), "%s",
	    sender_env("HUNAR_SHORTCODE", "8282"));
	/*
	 * Kore's callback listener: the dlr-url carries no key, for Kannel
	 * keeps the URL (and logs it whole when the report cannot be
	 * delivered).
	 */
	(void)snprintf(conf.dlr_base, sizeof(conf.dlr_base),
	    "http://127.0.0.1:%s%s?id=",
	    sender_env("HUNAR_CALLBACK_PORT", "18888"),
	    sender_env("HUNAR_DLR_PATH", "/sms/dlr"));

	conf.parts_max = atoi(sender_env("HUNAR_SMS_PARTS_MAX", "3"));
	if (conf.parts_max < 1 || conf.parts_max > 8)
		conf.parts_max = 3;
	conf.attempts_max = atoi(sender_env("HUNAR_SMS_ATTEMPTS", "0"));
	if (conf.attempts_max < 0)
		conf.attempts_max = 0;
	conf.backoff_max = atoi(sender_env("HUNAR_SMS_BACKOFF_MAX", "60"));
	if (conf.backoff_max < SENDER_BACKOFF_BASE)
		conf.backoff_max = 60;
	sender_expire_conf(sender_env("HUNAR_SMS_EXPIRE",
	    "otp=600,default=86400"));
	conf.rate_n = 10;
	conf.rate_window = 60;
	rate = sender_env("HUNAR_SMS_RATE", "10/60");
	n = strtol(rate, &end, 10);
	if (end != rate && *end == '/') {
		w = strtol(end + 1, &end, 10);
		if (*end == '\0' && n > 0 && w > 0 && w <= 86400) {
			conf.rate_n = (int)n;
			conf.rate_window = (int)w;
		}
	}
	conf.batch = 100;
}

/* One Redis command; NULL (and the context dropped) when Redis is gone. */
static redisReply *
sender_redis(const char *fmt, ...)
{
	char		 err[128];
	redisReply	*r;
	va_list		 ap;

	if (rds == NULL &&
	    (rds = infra_redis_open(1000, err, sizeof(err))) == NULL)
		return (NULL);
	va_start(ap, fmt);
	r = redisvCommand(rds, fmt, ap);
	va_end(ap);
	if (r == NULL) {
		redisFree(rds);
		rds = NULL;
		return (NULL);
	}
	if (r->type == REDIS_REPLY_ERROR) {
		fprintf(stderr, "hunar_sender: redis: %s\n", r->str);
		freeReplyObject(r);
		return (NULL);
	}
	return (r);
}

/*
 * The per-number rate window and the hand-over mark, one Redis round
 * trip (a pipeline): SET sms:handed:<id> NX, INCR sms:rate:<phone> with
 * its window.  Over the rate, the mark is taken back.
 */
static int
sender_gate(const char *id, const char *phone, int *wait)
{
	redisReply	*r[4];
	long long	 n, ttl;
	int		 i, ok, own;

	if ((r[0] = sender_redis("PING")) == NULL)	/* (re)connects */
		return (SENDER_GATE_DOWN);
	freeReplyObject(r[0]);
	(void)redisAppendCommand(rds, "SET sms:handed:%s %lld EX %d NX", id,
	    (long long)time(NULL), SENDER_MARK_TTL);
	(void)redisAppendCommand(rds, "INCR sms:rate:%s", phone);
	(void)redisAppendCommand(rds, "EXPIRE sms:rate:%s %d NX", phone,
	    conf.rate_window);
	(void)redisAppendCommand(rds, "TTL sms:rate:%s", phone);
	ok = 1;
	for (i = 0; i < 4; i++) {
		r[i] = NULL;
		if (ok && (redisGetReply(rds, (void **)&r[i]) != REDIS_OK ||
		    r[i] == NULL || r[i]->type == REDIS_REPLY_ERROR))
			ok = 0;
	}
	if (!ok) {
		for (i = 0; i < 4; i++)
			if (r[i] != NULL)
				freeReplyObject(r[i]);
		redisFree(rds);
		rds = NULL;
		return (SENDER_GATE_DOWN);
	}
	own = r[0]->type == REDIS_REPLY_STATUS;
	n = r[1]->integer;
	ttl = r[3]->integer;
	for (i = 0; i < 4; i++)
		freeReplyObject(r[i]);
	if (!own)
		return (SENDER_GATE_EARLIER);
	if (n <= conf.rate_n)
		return (SENDER_GATE_OPEN);
	sender_unmark(id);
	*wait = ttl > 0 && ttl <= conf.rate_window ? (int)ttl :
	    conf.rate_window;
	return (SENDER_GATE_RATE);
}

static void
sender_unmark(const char *id)
{
	redisReply	*r;

	if ((r = sender_redis("DEL sms:handed:%s", id)) != NULL)
		freeReplyObject(r);
}

static size_t
sender_curl_write(char *ptr, size_t size, size_t nmemb, void *arg)
{
	struct sender_answer	*a = arg;
	size_t			 n, room;

	n = size * nmemb;
	room = sizeof(a->buf) - 1 - a->len;
	memcpy(a->buf + a->len, ptr, n < room ? n : room);
	a->len += n < room ? n : room;
	a->buf[a->len] = '\0';
	return (n);
}

/* Appends name=<escaped value> to url; 0 when it does not fit. */
static int
sender_url_add(char *url, size_t len, const char *name, const char *val,
    size_t vlen)
{
	char	*esc;
	size_t	 used;
	int	 n;

	if ((esc = curl_easy_escape(curl, val, (int)vlen)) == NULL)
		return (0);
	used = strlen(url);
	n = snprintf(url + used, len - used, "%s%s=%s",
	    strchr(url, '?') == NULL ? "?" : "&", name, esc);
	curl_free(esc);
	return (n > 0 && (size_t)n < len - used);
}

/* The sendsms URL of one message into j->url; 0 (and *err) on trouble. */
static int
sender_url_build(struct sender_job *j, const char *phone, const char *text,
    size_t tlen, int coding, char *err, size_t errlen)
{
	uint8_t		 ucs2[SENDER_TEXT_MAX * 2];
	char		 dlr[640], num[8];
	ssize_t		 ulen;

	(void)snprintf(j->url, sizeof(j->url), "%s", conf.sendsms);
	(void)snprintf(dlr, sizeof(dlr), "%s%s&status=%%d", conf.dlr_base,
	    j->id);
	(void)snprintf(num, sizeof(num), "%d", coding);
	if (!sender_url_add(j->url, sizeof(j->url), "username", conf.user,
	    strlen(conf.user)) ||
	    !sender_url_add(j->url, sizeof(j->url), "password", conf.password,
	    strlen(conf.password)) ||
	    !sender_url_add(j->url, sizeof(j->url), "from", conf.from,
	    strlen(conf.from)) ||
	    !sender_url_add(j->url, sizeof(j->url), "to", phone,
	    strlen(phone)) ||
	    !sender_url_add(j->url, sizeof(j->url), "dlr-mask", "31", 2) ||
	    !sender_url_add(j->url, sizeof(j->url), "dlr-url", dlr,
	    strlen(dlr)) ||
	    !sender_url_add(j->url, sizeof(j->url), "coding", num,
	    strlen(num))) {
		(void)snprintf(err, errlen, "url too long");
		return (0);
	}
	if (coding == INFRA_SMS_UCS2) {
		/* Kannel takes UCS-2 as UTF-16BE bytes with that charset. */
		ulen = infra_utf8_to_ucs2be(text, tlen, ucs2, sizeof(ucs2));
		if (ulen < 0 ||
		    !sender_url_add(j->url, sizeof(j->url), "charset",
		    "UTF-16BE", 8) ||
		    !sender_url_add(j->url, sizeof(j->url), "text",
		    (const char *)ucs2, (size_t)ulen)) {
			(void)snprintf(err, errlen, "ucs-2 encoding");
			return (0);
		}
	} else if (!sender_url_add(j->url, sizeof(j->url), "charset",
	    "UTF-8", 5) ||
	    !sender_url_add(j->url, sizeof(j->url), "text", text, tlen)) {
		(void)snprintf(err, errlen, "url too long");
		return (0);
	}
	return (1);
}

/*
 * What one hand-over came to.  *err gets a short reason for the row.
 */
static enum sender_result
sender_classify(struct sender_job *j, CURLcode rc, char *err, size_t errlen)
{
	long	status;

	if (rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST) {
		/* Nothing left this process: safe to try again later. */
		(void)snprintf(err, errlen, "kannel unreachable: %s",
		    curl_easy_strerror(rc));
		return (SENDER_RETRY);
	}
	if (rc != CURLE_OK) {
		/* The request went out; Kannel may have queued it. */
		(void)snprintf(err, errlen, "answer lost (%s), counted sent",
		    curl_easy_strerror(rc));
		return (SENDER_SENT);
	}
	status = 0;
	curl_easy_getinfo(j->h, CURLINFO_RESPONSE_CODE, &status);
	j->ans.len = strcspn(j->ans.buf, "\r\n");
	j->ans.buf[j->ans.len] = '\0';
	(void)snprintf(err, errlen, "%ld %s", status, j->ans.buf);
	/* "0: Accepted for delivery", "3: Queued for later delivery" */
	if (status >= 200 && status < 300)
		return (SENDER_SENT);
	if (status >= 500)
		return (SENDER_RETRY);
	return (SENDER_FAILED);
}

/*
 * The outcome of each hand-over is written in batches, one transaction
 * (one WAL flush) for up to SENDER_DONE_MAX rows: a commit per message
 * held the sender to ~30 messages a second.  Until its batch is written
 * a row stays 'sending', and the hand-over mark in Redis tells a
 * restarted sender what a lost batch had done.
 */
static void
sender_done(PGconn *db, const char *id, const char *result,
    const char *err, int delay)
{
	struct sender_outcome	*o;

	if (npending == SENDER_DONE_MAX)
		sender_flush(db);
	o = &pending[npending++];
	(void)snprintf(o->id, sizeof(o->id), "%s", id);
	(void)snprintf(o->result, sizeof(o->result), "%s", result);
	(void)snprintf(o->err, sizeof(o->err), "%s", err);
	o->delay = delay;
}

/* Appends one element to a PostgreSQL array literal, quoted. */
static int
sender_arr_add(struct infra_buf *b, const char *v)
{
	const unsigned char	*p;
	char			 c;

	if (infra_buf_add(b, b->len > 1 ? ",\"" : "\"", b->len > 1 ? 2 : 1)
	    == -1)
		return (-1);
	for (p = (const unsigned char *)v; *p != '\0'; p++) {
		c = (char)*p;
		if (c == '"' || c == '\\') {
			if (infra_buf_add(b, "\\", 1) == -1)
				return (-1);
		} else if (*p < 0x20) {
			c = ' ';
		}
		if (infra_buf_add(b, &c, 1) == -1)
			return (-1);
	}
	return (infra_buf_add(b, "\"", 1));
}

static int
sender_flush(PGconn *db)
{
	struct infra_buf	 a[4];
	PGresult		*res;
	const char		*p[4];
	char			 d[16];
	int			 i, k, ok;

	if (npending == 0)
		return (1);
	ok = 1;
	for (k = 0; k < 4; k++) {
		infra_buf_init(&a[k]);
		if (infra_buf_add(&a[k], "{", 1) == -1)
			ok = 0;
	}
	for (i = 0; i < npending && ok; i++) {
		(void)snprintf(d, sizeof(d), "%d", pending[i].delay);
		if (sender_arr_add(&a[0], pending[i].id) == -1 ||
		    sender_arr_add(&a[1], pending[i].result) == -1 ||
		    sender_arr_add(&a[2], pending[i].err) == -1 ||
		    sender_arr_add(&a[3], d) == -1)
			ok = 0;
	}
	for (k = 0; k < 4 && ok; k++) {
		if (infra_buf_add(&a[k], "}", 1) == -1)
			ok = 0;
		p[k] = (const char *)a[k].data;
	}
	if (ok) {
		res = PQexecParams(db, SQL_DONE_MANY, 4, NULL, p, NULL, NULL,
		    0);
		ok = PQresultStatus(res) == PGRES_TUPLES_OK;
		if (!ok)
			fprintf(stderr, "hunar_sender: done: %s",
			    PQerrorMessage(db));
		PQclear(res);
	}
	for (k = 0; k < 4; k++)
		infra_buf_free(&a[k]);
	/*
	 * Not written: the rows stay 'sending'; the next start-up's
	 * recovery settles them from the hand-over marks.
	 */
	if (!ok)
		recovered = 0;
	npending = 0;
	return (ok);
}

static int
sender_backoff(int attempts)
{
	int	d, i;

	d = SENDER_BACKOFF_BASE;
	for (i = 1; i < attempts && d < conf.backoff_max; i++)
		d *= 2;
	return (d < conf.backoff_max ? d : conf.backoff_max);
}

/*
 * HUNAR_SMS_EXPIRE: "kind=seconds,...,default=seconds".  A part that
 * does not parse is logged and left out.
 */
static void
sender_expire_conf(const char *spec)
{
	char		 buf[512], *p, *tok, *eq, *end;
	long		 v;

	conf.nexpire = 0;
	conf.expire_default = 86400;
	(void)snprintf(buf, sizeof(buf), "%s", spec);
	for (p = buf; (tok = strsep(&p, ",")) != NULL;) {
		if ((eq = strchr(tok, '=')) == NULL)
			goto bad;
		*eq = '\0';
		v = strtol(eq + 1, &end, 10);
		if (*end != '\0' || v < 1 || v > 30 * 86400)
			goto bad;
		if (strcmp(tok, "default") == 0)
			conf.expire_default = (int)v;
		else if (conf.nexpire < SENDER_EXPIRE_MAX) {
			(void)snprintf(conf.expire_kind[conf.nexpire],
			    sizeof(conf.expire_kind[0]), "%s", tok);
			conf.expire_secs[conf.nexpire++] = (int)v;
		}
		continue;
bad:
		fprintf(stderr, "hunar_sender: HUNAR_SMS_EXPIRE: '%s' left "
		    "out\n", tok);
	}
	printf("expiry policy: default=%d s", conf.expire_default);
	for (v = 0; v < conf.nexpire; v++)
		printf(", %s=%d s", conf.expire_kind[v], conf.expire_secs[v]);
	printf("\n");
}

/* The name of the policy that applies to a kind: itself or "default". */
static const char *
sender_policy(const char *kind)
{
	int	i;

	for (i = 0; i < conf.nexpire; i++) {
		if (strcmp(conf.expire_kind[i], kind) == 0)
			return (kind);
	}
	return ("default");
}

/* The expiry of a kind of message, in seconds. */
static int
sender_expire(const char *kind)
{
	int	i;

	for (i = 0; i < conf.nexpire; i++) {
		if (strcmp(conf.expire_kind[i], kind) == 0)
			return (conf.expire_secs[i]);
	}
	return (conf.expire_default);
}

/*
 * A row that will not be sent any more, and why: its kind's expiry
 * passed (or the optional attempts cap).  Writes the reason into err.
 */
static int
sender_expired(const struct sender_job *j, int next, char *err,
    size_t errlen, const char *why)
{
	if (j->age + next > j->expire) {
		(void)snprintf(err, errlen, "expired: queued %d s, policy %s="
		    "%d s (HUNAR_SMS_EXPIRE); last error: %s", j->age,
		    sender_policy(j->kind), j->expire, why);
		return (1);
	}
	if (conf.attempts_max > 0 && j->attempts >= conf.attempts_max) {
		(void)snprintf(err, errlen, "%d attempts (HUNAR_SMS_ATTEMPTS);"
		    " last error: %s", j->attempts, why);
		return (1);
	}
	return (0);
}

/*
 * STOP can come between the claim and the hand-over: asked again for
 * each chunk of rows right before they go.  skip[m] is set for the rows
 * suppressed now.
 */
static void
sender_stopped(PGconn *db, PGresult *rows, int from, int k, char *skip)
{
	struct infra_buf	 ids;
	PGresult		*res;
	const char		*p[1];
	int			 m, x;

	memset(skip, 0, (size_t)k);
	infra_buf_init(&ids);
	(void)infra_buf_add(&ids, "{", 1);
	for (m = 0; m < k; m++)
		(void)infra_buf_fmt(&ids, "%s%s", m ? "," : "",
		    PQgetvalue(rows, from + m, 0));
	if (infra_buf_add(&ids, "}", 1) == -1) {
		infra_buf_free(&ids);
		return;
	}
	p[0] = (const char *)ids.data;
	res = PQexecParams(db, SQL_STOPPED, 1, NULL, p, NULL, NULL, 0);
	if (PQresultStatus(res) == PGRES_TUPLES_OK) {
		for (x = 0; x < PQntuples(res); x++) {
			for (m = 0; m < k; m++) {
				if (strcmp(PQgetvalue(res, x, 0),
				    PQgetvalue(rows, from + m, 0)) == 0) {
					skip[m] = 1;
					printf("suppressed id=%s: STOP\n",
					    PQgetvalue(res, x, 0));
				}
			}
		}
	}
	PQclear(res);
	infra_buf_free(&ids);
}

/* Held through an outage past its use (a login code): not sent. */
static int
sender_stale(PGconn *db, const char *id, const char *masked,
    const char *kind, int age)
{
	char	err[SENDER_ANSWER_MAX + 64];

	if (age <= sender_expire(kind))
		return (0);
	(void)snprintf(err, sizeof(err), "expired before sending: queued %d "
	    "s, policy %s=%d s (HUNAR_SMS_EXPIRE)", age, sender_policy(kind),
	    sender_expire(kind));
	sender_done(db, id, "failed", err, 0);
	printf("failed id=%s to=%s: %s\n", id, masked, err);
	return (1);
}

/* One claimed row through rate limit, cap, mark and hand-over. */
static void
sender_one(PGconn *db, PGresult *rows, int i)
{
	struct infra_sms_count	 cnt;
	struct sender_job	*j;
	const char		*id, *phone, *body, *kind;
	char			 err[SENDER_ANSWER_MAX + 64], masked[32];
	size_t			 len;
	int			 attempts, wait, age;

	id = PQgetvalue(rows, i, 0);
	phone = PQgetvalue(rows, i, 1);
	body = PQgetvalue(rows, i, 2);
	attempts = atoi(PQgetvalue(rows, i, 5));
	infra_phone_mask(phone, masked, sizeof(masked));
	age = atoi(PQgetvalue(rows, i, 6));
	kind = PQgetvalue(rows, i, 3);
	if (sender_stale(db, id, masked, kind, age))
		return;

	len = strlen(body);
	if (len > SENDER_TEXT_MAX)
		len = SENDER_TEXT_MAX;
	if (!infra_utf8_valid(body, len) ||
	    infra_sms_count(body, len, &cnt) == -1 || cnt.parts == 0) {
		sender_done(db, id, "failed", "empty or not UTF-8", 0);
		return;
	}
	if (cnt.parts > conf.parts_max) {
		len = infra_sms_fit(body, len, conf.parts_max);
		(void)infra_sms_count(body, len, &cnt);
	}

	switch (sender_gate(id, phone, &wait)) {
	case SENDER_GATE_OPEN:
		break;
	case SENDER_GATE_RATE:
		sender_done(db, id, "retry", "rate", wait);
		printf("rate id=%s to=%s wait=%ds\n", id, masked, wait);
		return;
	case SENDER_GATE_EARLIER:
		sender_done(db, id, "sent", "handed over by an earlier run", 0);
		return;
	default:
		/* No mark, no guarantee: hand nothing over. */
		sender_done(db, id, "retry", "redis down", 5);
		return;
	}

	/* One request per number at a time; a free slot. */
	while ((j = sender_slot(phone)) == NULL)
		sender_drain(db, 0);
	(void)snprintf(j->id, sizeof(j->id), "%s", id);
	(void)snprintf(j->phone, sizeof(j->phone), "%s", phone);
	(void)snprintf(j->masked, sizeof(j->masked), "%s", masked);
	j->attempts = attempts;
	j->age = age;
	j->expire = sender_expire(kind);
	(void)snprintf(j->kind, sizeof(j->kind), "%s", kind);
	j->parts = cnt.parts;
	j->coding = cnt.coding;
	if (!sender_url_build(j, phone, body, len, cnt.coding, err,
	    sizeof(err))) {
		/* Nothing was sent; the mark keeps it from going later. */
		sender_done(db, id, "failed", err, 0);
		printf("failed id=%s to=%s: %s\n", id, masked, err);
		return;
	}
	memset(&j->ans, 0, sizeof(j->ans));
	curl_easy_setopt(j->h, CURLOPT_URL, j->url);
	curl_easy_setopt(j->h, CURLOPT_WRITEDATA, &j->ans);
	if (curl_multi_add_handle(multi, j->h) != CURLM_OK) {
		sender_unmark(id);
		sender_done(db, id, "retry", "curl", 5);
		return;
	}
	j->busy = 1;
}

/* A free slot, or NULL when none is or the number has one in flight. */
static struct sender_job *
sender_slot(const char *phone)
{
	struct sender_job	*free_slot;
	int			 i;

	free_slot = NULL;
	for (i = 0; i < njobs; i++) {
		if (jobs[i].busy) {
			if (strcmp(jobs[i].phone, phone) == 0)
				return (NULL);
		} else if (free_slot == NULL)
			free_slot = &jobs[i];
	}
	return (free_slot);
}

/* A finished request: its row's outcome. */
static void
sender_finish(PGconn *db, struct sender_job *j, CURLcode rc)
{
	char		err[SENDER_ANSWER_MAX + 64];
	char		why[SENDER_ANSWER_MAX + 192];

	j->busy = 0;
	switch (sender_classify(j, rc, err, sizeof(err))) {
	case SENDER_SENT:
		sender_done(db, j->id, "sent", err, 0);
		printf("sent id=%s to=%s parts=%d coding=%d\n", j->id,
		    j->masked, j->parts, j->coding);
		break;
	case SENDER_RETRY:
		sender_unmark(j->id);
		if (sender_expired(j, sender_backoff(j->attempts), why,
		    sizeof(why), err)) {
			sender_done(db, j->id, "failed", why, 0);
			printf("failed id=%s to=%s after %d: %s\n", j->id,
			    j->masked, j->attempts, why);
		} else {
			sender_done(db, j->id, "retry", err,
			    sender_backoff(j->attempts));
			printf("retry id=%s to=%s in %ds: %s\n", j->id,
			    j->masked, sender_backoff(j->attempts), err);
		}
		break;
	case SENDER_FAILED:
		/* Kannel said no for good; the mark stays, nothing was sent. */
		sender_done(db, j->id, "failed", err, 0);
		printf("failed id=%s to=%s: %s\n", j->id, j->masked, err);
		break;
	}
}

/* Runs the requests in flight until one (all == 0) or all finished. */
static void
sender_drain(PGconn *db, int all)
{
	struct sender_job	*j;
	CURLMsg			*m;
	CURLcode		 rc;
	char			*priv;
	int			 running, left, done;

	done = 0;
	for (;;) {
		running = 0;
		(void)curl_multi_perform(multi, &running);
		while ((m = curl_multi_info_read(multi, &left)) != NULL) {
			if (m->msg != CURLMSG_DONE)
				continue;
			priv = NULL;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE,
			    &priv);
			j = (struct sender_job *)(void *)priv;
			rc = m->data.result;
			(void)curl_multi_remove_handle(multi, j->h);
			sender_finish(db, j, rc);
			done++;
		}
		if (running == 0 || (!all && done > 0))
			break;
		(void)curl_multi_poll(multi, NULL, 0, 1000, NULL);
	}
}

/* Rows a dead sender left in 'sending' go back or count as sent. */
static int
sender_recover(PGconn *db)
{
	PGresult	*res, *rec;
	redisReply	*r;
	const char	*p[1];
	char		*arr;
	size_t		 cap, used;
	int		 i, n, ok;

	res = PQexec(db, SQL_STUCK);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		PQclear(res);
		return (0);
	}
	n = PQntuples(res);
	if (n == 0) {
		PQclear(res);
		return (1);
	}
	cap = (size_t)n * 24 + 3;
	if ((arr = malloc(cap)) == NULL) {
		PQclear(res);
		return (0);
	}
	used = 0;
	arr[used++] = '{';
	for (i = 0; i < n; i++) {
		r = sender_redis("EXISTS sms:handed:%s", PQgetvalue(res, i, 0));
		if (r == NULL) {
			/* Without Redis nothing can be told: wait for it. */
			free(arr);
			PQclear(res);
			return (0);
		}
		if (r->integer == 1)
			used += (size_t)snprintf(arr + used, cap - used, "%s%s",
			    arr[used - 1] == '{' ? "" : ",",
			    PQgetvalue(res, i, 0));
		freeReplyObject(r);
	}
	arr[used++] = '}';
	arr[used] = '\0';
	p[0] = arr;
	rec = PQexecParams(db, SQL_RECOVER, 1, NULL, p, NULL, NULL, 0);
	ok = PQresultStatus(rec) == PGRES_TUPLES_OK;
	if (ok)
		printf("recovered %d row(s) left in sending, %s requeued\n",
		    n, PQgetvalue(rec, 0, 0));
	else
		fprintf(stderr, "hunar_sender: recover: %s",
		    PQerrorMessage(db));
	PQclear(rec);
	PQclear(res);
	free(arr);
	return (ok);
}

/* One claim and its hand-overs; the number claimed, -1 on a DB error. */
static int
sender_pass(PGconn *db)
{
	PGresult	*rows;
	const char	*p[2];
	char		 lim[16], until[24], skip[SENDER_DONE_MAX];
	int64_t		 now, end;
	int		 i, k, m, n;

	/* Non-urgent rows wait until the quiet spell ends (NULL: none). */
	now = (int64_t)time(NULL);
	end = infra_quiet_end(&conf.quiet, now);
	(void)snprintf(lim, sizeof(lim), "%d", conf.batch);
	(void)snprintf(until, sizeof(until), "%lld", (long long)end);
	p[0] = lim;
	p[1] = end == now ? NULL : until;
	rows = PQexecParams(db, SQL_CLAIM, 2, NULL, p, NULL, NULL, 0);
	if (PQresultStatus(rows) != PGRES_TUPLES_OK) {
		fprintf(stderr, "hunar_sender: claim: %s", PQerrorMessage(db));
		PQclear(rows);
		return (-1);
	}
	n = PQntuples(rows);
	for (i = 0; i < n; i += SENDER_DONE_MAX) {
		k = n - i < SENDER_DONE_MAX ? n - i : SENDER_DONE_MAX;
		sender_stopped(db, rows, i, k, skip);
		for (m = 0; m < k; m++)
			if (!skip[m])
				sender_one(db, rows, i + m);
	}
	PQclear(rows);
	sender_drain(db, 1);
	if (!sender_flush(db))
		return (-1);
	return (n);
}

/*
 * For infra_pgd_run(), before each round: what a sender that stopped
 * mid-send left is settled first (again after a flush that failed).
 */
static int
sender_ready(struct pg_conn *db, void *arg)
{
	(void)arg;
	if (!recovered)
		recovered = sender_recover(db);
	return (recovered);
}

static int
sender_round(struct pg_conn *db, void *arg)
{
	(void)arg;
	return (sender_pass(db));
}

int
main(int argc, char **argv)
{
	struct infra_daemon	 d;
	const char		*quiet;
	int			 ch, once, interval, i, rc;

	sender_conf_load();
	once = 0;
	interval = 5;
	quiet = getenv("HUNAR_QUIET_HOURS");
	while ((ch = getopt(argc, argv, "1b:i:q:")) != -1) {
		switch (ch) {
		case '1':
			once = 1;
			break;
		case 'b':
			conf.batch = atoi(optarg);
			if (conf.batch < 1 || conf.batch > 10000)
				conf.batch = 100;
			break;
		case 'i':
			interval = atoi(optarg);
			if (interval < 1)
				interval = 1;
			break;
		case 'q':
			quiet = optarg;
			break;
		default:
			goto usage;
		}
	}
	if (infra_quiet_parse(quiet, &conf.quiet) == -1)
		goto usage;

	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGTERM, sender_signal);
	signal(SIGINT, sender_signal);
	signal(SIGPIPE, SIG_IGN);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK ||
	    (curl = curl_easy_init()) == NULL) {
		fprintf(stderr, "hunar_sender: libcurl failed\n");
		return (1);
	}
	/* `curl` only escapes; the jobs' handles talk to Kannel. */
	if ((multi = curl_multi_init()) == NULL) {
		fprintf(stderr, "hunar_sender: libcurl multi failed\n");
		return (1);
	}
	njobs = atoi(sender_env("HUNAR_SMS_PARALLEL", "16"));
	if (njobs < 1 || njobs > SENDER_PAR_MAX)
		njobs = 16;
	for (i = 0; i < njobs; i++) {
		if ((jobs[i].h = curl_easy_init()) == NULL) {
			fprintf(stderr, "hunar_sender: libcurl failed\n");
			return (1);
		}
		curl_easy_setopt(jobs[i].h, CURLOPT_WRITEFUNCTION,
		    sender_curl_write);
		curl_easy_setopt(jobs[i].h, CURLOPT_CONNECTTIMEOUT_MS, 2000L);
		curl_easy_setopt(jobs[i].h, CURLOPT_TIMEOUT_MS, 10000L);
		curl_easy_setopt(jobs[i].h, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(jobs[i].h, CURLOPT_PROTOCOLS_STR, "http");
		curl_easy_setopt(jobs[i].h, CURLOPT_PRIVATE,
		    (char *)&jobs[i]);
	}

	d.name = "hunar_sender";
	d.channel = "sms_outbox";
	d.interval = interval;
	d.once = once;
	d.batch = conf.batch;
	d.quit = &sender_quit;
	d.ready = sender_ready;
	d.round = sender_round;
	d.arg = NULL;
	rc = infra_pgd_run(&d);
	if (rds != NULL)
		redisFree(rds);
	for (i = 0; i < njobs; i++)
		curl_easy_cleanup(jobs[i].h);
	curl_multi_cleanup(multi);
	curl_easy_cleanup(curl);
	curl_global_cleanup();
	return (rc == -1 ? 1 : 0);

usage:
	fprintf(stderr, "usage: hunar_sender [-1] [-b batch] [-i seconds] "
	    "[-q HH-HH|off]\n");
	return (2);
}
