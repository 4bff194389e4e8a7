/*
 * hunar_sender: hands the durable outbox (table sms_outbox) to Kannel's
 * sendsms, each message at most once.
 *
 * Other modules enqueue by INSERTing a row; a trigger NOTIFYs
 * sms_outbox and this daemon wakes.  Each pass claims due rows with
 * sms_outbox_claim() (ussd/sql/R__sms_outbox.sql), which decides STOP
 * (suppressed, except the STOP confirmation) and quiet hours (non-urgent
 * rows wait for the morning) in the same statement that marks the rest
 * 'sending' under this sender's name (claimed_by).  Several senders run
 * at once: SKIP LOCKED gives each row to one.  STOP is asked again for
 * each chunk of 128 rows right before they go.  For every claimed row:
 *
 *   1. the text is worded -- a row queued by its key (JOIN's question)
 *      gets ussd_text.c's words in its language, a row for a person on
 *      a shared number "For Ayesha: " before it (ussd_outbox_text()) --
 *      then cut to the parts cap on a character boundary and
 *      encoded: GSM-7 as coding=0, anything else as coding=2 UTF-16BE;
 *   2. one Redis pipeline for the rows about to start (as many as free
 *      request slots): the hand-over mark sms:handed:<id> is SET NX
 *      *before* sendsms is called, and the per-number rate window
 *      counts it.  A mark already there means an earlier run handed this
 *      row over and died before recording it: it counts as sent and is
 *      not handed over again.  Over the rate, the mark goes and the row
 *      waits for the window without spending an attempt;
 *   3. up to HUNAR_SMS_PARALLEL requests run at once (curl multi), never
 *      two for one number, so a lesson and its quiz keep their order;
 *   4. sendsms with a dlr-url carrying the row's id and the dlr-mask of
 *      its kind (HUNAR_SMS_DLR: a lesson asks only for the report that
 *      it failed -- it stays 'sent' when it arrived -- the rest for
 *      every report).
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
 *      written 128 rows to a transaction.
 *
 * The claims and the outcome batches also go on a second connection
 * while requests are in flight: the next batch is claimed as soon as a
 * full one starts, so the requests never all stop for a claim.  A pass
 * goes on while its claims come back full (10 s at most) and ends
 * holding nothing, before recovery runs.
 *
 * Each sender beats in sms_senders.  At start-up, and every 10 s, rows
 * left in 'sending' by a sender whose beat stopped (HUNAR_SENDER_DEAD_S,
 * 30 s; or this sender's own previous run, by HUNAR_SENDER_ID) are given
 * to sms_outbox_recover() with the ids that carry a hand-over mark.
 * Rows a live sender holds are never touched.
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
 * ("/sms/dlr"), HUNAR_SMS_PARALLEL (32 sendsms requests in flight),
 * HUNAR_SMS_DLR ("lesson=failed,default=all"; all, final, failed, none
 * or a dlr-mask), HUNAR_SENDER_ID (host:pid), HUNAR_SENDER_DEAD_S (30).
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
#include "ussd/ussd.h"

#define SENDER_TEXT_MAX		2048	/* bytes of a body we hand over */
#define SENDER_URL_MAX		8192
#define SENDER_ANSWER_MAX	256
#define SENDER_MARK_TTL		604800	/* a week: longer than any retry */
#define SENDER_BACKOFF_BASE	5
#define SENDER_EXPIRE_MAX	8	/* kinds with an expiry of their own */
#define SENDER_DONE_MAX		128	/* outcomes written per transaction */
#define SENDER_PAR_MAX		64	/* sendsms requests in flight, at most */
/*
 * Kannel's dlr-mask: 1 delivered, 2 failed at the phone, 4 buffered,
 * 8 taken by the SMSC, 16 refused by the SMSC.  "final" asks only for
 * the reports that end a message's story, "failed" only for those that
 * say it did not arrive.  Every report asked for costs Kannel a message
 * from bearerbox to smsbox and an HTTP callback: on this machine raw
 * sendsms asking for the final report to a receiver that answers at
 * once went 1,100-2,700 msg/s against 4,700-6,900 without, and asking
 * only for failures (none from a healthy SMSC) as fast as without
 * (issue 15, docs/SCALING.md).
 */
#define SENDER_DLR_ALL		31
#define SENDER_DLR_FINAL	19
#define SENDER_DLR_FAILED	18
#define SENDER_RECOVER_S	10	/* orphans looked for, seconds */
#define SENDER_PIPE_MAX		512	/* Redis commands per pipeline */

/* sender_gate() */
#define SENDER_GATE_OPEN	0	/* marked, within the rate: send */
#define SENDER_GATE_RATE	1	/* the number had its share */
#define SENDER_GATE_EARLIER	2	/* an earlier run handed it over */
#define SENDER_GATE_DOWN	3	/* Redis cannot tell */

/* sender_job.busy */
#define SENDER_JOB_FREE		0
#define SENDER_JOB_BUSY		1	/* its request is in flight */
#define SENDER_JOB_READY	2	/* in the group, waiting for its gate */

/* What one hand-over came to (sms_outbox_done's p_result). */
enum sender_result {
	SENDER_SENT,
	SENDER_RETRY,
	SENDER_FAILED
};

/* A value by kind of message: "kind=value,...,default=value". */
struct sender_policy {
	int		n;
	char		kind[SENDER_EXPIRE_MAX][32];
	int		val[SENDER_EXPIRE_MAX];
	int		def;
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
	struct sender_policy expire;	/* seconds, HUNAR_SMS_EXPIRE */
	struct sender_policy dlr;	/* dlr-mask, HUNAR_SMS_DLR */
	struct infra_quiet quiet;	/* infra_quiet.c */
	int		batch;
	char		id[96];		/* claimed_by: HUNAR_SENDER_ID */
	char		pid[16];
	int		dead_s;		/* a sender silent this long is dead */
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
static struct sender_job	*group[SENDER_PAR_MAX];	/* ready, to gate */
static int			 ngroup;
static struct sender_outcome	 pending[SENDER_DONE_MAX];
static int			 npending;
static int			 recovered;
static int			 sender_once;	/* -1: one claim */

/*
 * The second connection: the next batch's claim and the outcomes go on
 * it while this batch's requests are in flight (sender_aq_*).
 */
#define SENDER_AQ_IDLE		0
#define SENDER_AQ_CLAIM		1
#define SENDER_AQ_DONE		2

static PGconn			*aq;
static int			 aq_op;		/* what is in flight on it */
static int			 aq_claim_wanted;
static PGresult			*aq_rows;	/* a claim's answer, kept */
static int			 aq_claim_done;	/* aq_rows is this claim's */

static int	sender_flush(PGconn *, int);
static void	sender_aq_poll(int);
static int	sender_beat(PGconn *, int);
static void	sender_policy_conf(struct sender_policy *, const char *,
		    const char *, int (*)(const char *, int *));
static int	sender_secs(const char *, int *);
static int	sender_mask(const char *, int *);
static int	sender_policy_get(const struct sender_policy *, const char *,
		    const char **);
static struct sender_job	*sender_slot(const char *);
static void	sender_gate_ask(int *, int *);
static void	sender_drain(PGconn *, int);
static void	sender_unmark(const char *);

static const char SQL_CLAIM[] =
	"SELECT id, phone, body, kind, urgent, attempts, age, status,"
	" text_key, text_lang, for_name FROM sms_outbox_claim($1::int, to_timestamp($2::bigint), $3)";

static const char SQL_DONE_MANY[] =
	"SELECT sms_outbox_done($1, $2::bigint[], $3::text[], $4::text[],"
	" $5::int[])";

static const char SQL_BEAT[] = "SELECT sms_sender_beat($1, $2::int)";

/* A STOP since the claim (the STOP confirmation itself always goes). */
static const char SQL_STOPPED[] =
	"UPDATE sms_outbox SET status = 'suppressed', last_error = 'STOP',"
	" updated_at = now()"
	" WHERE id = ANY ($1::bigint[]) AND status = 'sending'"
	" AND kind <> 'stop_confirm' AND sms_opted_out(phone)"
	" RETURNING id";

/* Rows in 'sending' that no live sender holds (a dead one's, or ours). */
static const char SQL_ORPHANS[] = "SELECT sms_outbox_orphans($1, $2::int)";

static const char SQL_RECOVER[] =
	"SELECT sms_outbox_recover($1, $2::int, $3::bigint[], $4::bigint[])";

static const char *
sender_env(const char *name, const char *def)
{
	const char	*v;

	if ((v = getenv(name)) == NULL || *v == '\0')
		return (def);
	return (v);
}

/*
 * The sender's name in claimed_by and sms_senders: HUNAR_SENDER_ID (a
 * supervisor gives each of its senders a stable one, so a restarted
 * sender takes its own rows back at once), else host:pid (unique, so
 * its rows wait HUNAR_SENDER_DEAD_S after it dies before another
 * sender frees them).
 */
static void
sender_id_load(void)
{
	char	host[64];

	(void)snprintf(conf.pid, sizeof(conf.pid), "%d", (int)getpid());
	if (gethostname(host, sizeof(host)) == -1)
		(void)snprintf(host, sizeof(host), "localhost");
	host[sizeof(host) - 1] = '\0';
	if (getenv("HUNAR_SENDER_ID") != NULL &&
	    *getenv("HUNAR_SENDER_ID") != '\0')
		(void)snprintf(conf.id, sizeof(conf.id), "%s",
		    getenv("HUNAR_SENDER_ID"));
	else
		(void)snprintf(conf.id, sizeof(conf.id), "%s:%s", host,
		    conf.pid);
	conf.dead_s = atoi(sender_env("HUNAR_SENDER_DEAD_S", "30"));
	if (conf.dead_s < 2 || conf.dead_s > 3600)
		conf.dead_s = 30;
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
	conf.expire.def = 86400;
	sender_policy_conf(&conf.expire, "HUNAR_SMS_EXPIRE",
	    sender_env("HUNAR_SMS_EXPIRE", "otp=600,default=86400"),
	    sender_secs);
	conf.dlr.def = SENDER_DLR_ALL;
	sender_policy_conf(&conf.dlr, "HUNAR_SMS_DLR",
	    sender_env("HUNAR_SMS_DLR", "lesson=failed,default=all"),
	    sender_mask);
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
	sender_id_load();
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
 * What Redis said of one row's gate (four replies: SET NX, INCR,
 * EXPIRE NX, TTL).  *own says the mark is this run's.
 */
static int
sender_gate_read(redisReply **r, int *own, int *wait)
{
	int	i;

	*own = r[0] != NULL && r[0]->type == REDIS_REPLY_STATUS;
	for (i = 1; i < 4; i++)
		if (r[i] == NULL || r[i]->type != REDIS_REPLY_INTEGER)
			return (SENDER_GATE_DOWN);
	if (r[0] == NULL || r[0]->type == REDIS_REPLY_ERROR)
		return (SENDER_GATE_DOWN);
	if (!*own)
		return (SENDER_GATE_EARLIER);
	if (r[1]->integer <= conf.rate_n)
		return (SENDER_GATE_OPEN);
	*wait = r[3]->integer > 0 && r[3]->integer <= conf.rate_window ?
	    (int)r[3]->integer : conf.rate_window;
	return (SENDER_GATE_RATE);
}

/*
 * The per-number rate window and the hand-over mark of every job in the
 * group, one Redis round trip for them all (a pipeline of SET
 * sms:handed:<id> NX, INCR sms:rate:<phone> with its window): one round
 * trip per message was 70% of a sender's time.  The group is only as
 * large as the requests that start right after, so a sender that dies
 * leaves no more marked-but-unsent rows than it had slots.  A mark
 * taken for a row that will not go (over the rate, an error) is taken
 * back.  res[g] and wait[g] get each job's answer.
 */
static void
sender_gate_ask(int *res, int *wait)
{
	redisReply	*r[4];
	char		 err[128], back[SENDER_PAR_MAX];
	int		 g, i, own, dead;

	for (g = 0; g < ngroup; g++) {
		res[g] = SENDER_GATE_DOWN;
		back[g] = 0;
	}
	if (rds == NULL &&
	    (rds = infra_redis_open(1000, err, sizeof(err))) == NULL)
		return;
	for (g = 0; g < ngroup; g++) {
		(void)redisAppendCommand(rds, "SET sms:handed:%s %lld EX %d NX",
		    group[g]->id, (long long)time(NULL), SENDER_MARK_TTL);
		(void)redisAppendCommand(rds, "INCR sms:rate:%s",
		    group[g]->phone);
		(void)redisAppendCommand(rds, "EXPIRE sms:rate:%s %d NX",
		    group[g]->phone, conf.rate_window);
		(void)redisAppendCommand(rds, "TTL sms:rate:%s",
		    group[g]->phone);
	}
	for (g = 0, dead = 0; g < ngroup && !dead; g++) {
		for (i = 0; i < 4; i++) {
			r[i] = NULL;
			if (!dead && redisGetReply(rds, (void **)&r[i]) !=
			    REDIS_OK)
				dead = 1;
		}
		if (!dead) {
			res[g] = sender_gate_read(r, &own, &wait[g]);
			back[g] = own && res[g] != SENDER_GATE_OPEN;
		}
		for (i = 0; i < 4; i++)
			if (r[i] != NULL)
				freeReplyObject(r[i]);
	}
	if (dead) {
		/* Nothing can be told of the rest: none of them goes. */
		redisFree(rds);
		rds = NULL;
	}
	for (g = 0; g < ngroup; g++)	/* rare: after the replies */
		if (back[g])
			sender_unmark(group[g]->id);
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
	char		 dlr[640], num[8], mask[8];
	const char	*which;
	ssize_t		 ulen;
	int		 m;

	(void)snprintf(j->url, sizeof(j->url), "%s", conf.sendsms);
	(void)snprintf(dlr, sizeof(dlr), "%s%s&status=%%d", conf.dlr_base,
	    j->id);
	(void)snprintf(num, sizeof(num), "%d", coding);
	m = sender_policy_get(&conf.dlr, j->kind, &which);
	(void)snprintf(mask, sizeof(mask), "%d", m);
	if (!sender_url_add(j->url, sizeof(j->url), "username", conf.user,
	    strlen(conf.user)) ||
	    !sender_url_add(j->url, sizeof(j->url), "password", conf.password,
	    strlen(conf.password)) ||
	    !sender_url_add(j->url, sizeof(j->url), "from", conf.from,
	    strlen(conf.from)) ||
	    !sender_url_add(j->url, sizeof(j->url), "to", phone,
	    strlen(phone)) ||
	    (m != 0 && (!sender_url_add(j->url, sizeof(j->url), "dlr-mask",
	    mask, strlen(mask)) ||
	    !sender_url_add(j->url, sizeof(j->url), "dlr-url", dlr,
	    strlen(dlr)))) ||
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
 * held the sender to ~30 messages a second.  A full batch goes on the
 * second connection while the requests run on (sender_flush); until
 * its batch is written a row stays 'sending', and the hand-over mark in
 * Redis tells a restarted sender what a lost batch had done.
 */
static void
sender_done(PGconn *db, const char *id, const char *result,
    const char *err, int delay)
{
	struct sender_outcome	*o;

	if (npending == SENDER_DONE_MAX)
		sender_flush(db, 1);
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

/* The pending outcomes as sms_outbox_done()'s five parameters. */
static int
sender_done_params(struct infra_buf *a, const char **p)
{
	char	d[16];
	int	i, k, ok;

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
		p[k + 1] = (const char *)a[k].data;
	}
	p[0] = conf.id;
	return (ok);
}

/*
 * The pending outcomes written: with `async`, sent on the second
 * connection when it is free (its answer is read by sender_aq_poll()),
 * else here on db.  0 when they could not be written: the rows stay
 * 'sending', and the next start-up's recovery settles them from the
 * hand-over marks.
 */
static int
sender_flush(PGconn *db, int async)
{
	struct infra_buf	 a[4];
	PGresult		*res;
	const char		*p[5];
	int			 k, ok;

	if (npending == 0)
		return (1);
	ok = sender_done_params(a, p);
	if (ok && async && aq != NULL && aq_op == SENDER_AQ_IDLE &&
	    PQsendQueryParams(aq, SQL_DONE_MANY, 5, NULL, p, NULL, NULL, 0))
		aq_op = SENDER_AQ_DONE;
	else if (ok) {
		res = PQexecParams(db, SQL_DONE_MANY, 5, NULL, p, NULL, NULL,
		    0);
		ok = PQresultStatus(res) == PGRES_TUPLES_OK;
		if (!ok)
			fprintf(stderr, "hunar_sender: done: %s",
			    PQerrorMessage(db));
		PQclear(res);
	}
	for (k = 0; k < 4; k++)
		infra_buf_free(&a[k]);
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

/* A policy's value: seconds of expiry (1 s to 30 days). */
static int
sender_secs(const char *s, int *v)
{
	char	*end;
	long	 n;

	n = strtol(s, &end, 10);
	if (end == s || *end != '\0' || n < 1 || n > 30 * 86400)
		return (0);
	*v = (int)n;
	return (1);
}

/* A policy's value: Kannel's dlr-mask, by name or number. */
static int
sender_mask(const char *s, int *v)
{
	char	*end;
	long	 n;

	if (strcmp(s, "all") == 0)
		*v = SENDER_DLR_ALL;
	else if (strcmp(s, "final") == 0)
		*v = SENDER_DLR_FINAL;
	else if (strcmp(s, "failed") == 0)
		*v = SENDER_DLR_FAILED;
	else if (strcmp(s, "none") == 0)
		*v = 0;
	else {
		n = strtol(s, &end, 10);
		if (end == s || *end != '\0' || n < 0 || n > SENDER_DLR_ALL)
			return (0);
		*v = (int)n;
	}
	return (1);
}

/*
 * A policy by kind of message, "kind=value,...,default=value"
 * (HUNAR_SMS_EXPIRE, HUNAR_SMS_DLR).  A part that does not parse is
 * logged and left out; the policy is printed as it stands.
 */
static void
sender_policy_conf(struct sender_policy *pol, const char *name,
    const char *spec, int (*value)(const char *, int *))
{
	char		 buf[512], *p, *tok, *eq;
	int		 i, v;

	pol->n = 0;
	(void)snprintf(buf, sizeof(buf), "%s", spec);
	for (p = buf; (tok = strsep(&p, ",")) != NULL;) {
		if ((eq = strchr(tok, '=')) == NULL || !value(eq + 1, &v)) {
			fprintf(stderr, "hunar_sender: %s: '%s' left out\n",
			    name, tok);
			continue;
		}
		*eq = '\0';
		if (strcmp(tok, "default") == 0)
			pol->def = v;
		else if (pol->n < SENDER_EXPIRE_MAX) {
			(void)snprintf(pol->kind[pol->n], sizeof(pol->kind[0]),
			    "%s", tok);
			pol->val[pol->n++] = v;
		}
	}
	printf("%s: default=%d", name, pol->def);
	for (i = 0; i < pol->n; i++)
		printf(", %s=%d", pol->kind[i], pol->val[i]);
	printf("\n");
}

/*
 * A kind's value in a policy; *which names the entry that applied (the
 * kind itself or "default").
 */
static int
sender_policy_get(const struct sender_policy *pol, const char *kind,
    const char **which)
{
	int	i;

	for (i = 0; i < pol->n; i++) {
		if (strcmp(pol->kind[i], kind) == 0) {
			*which = kind;
			return (pol->val[i]);
		}
	}
	*which = "default";
	return (pol->def);
}

/* The name of the expiry policy that applies to a kind. */
static const char *
sender_policy(const char *kind)
{
	const char	*which;

	(void)sender_policy_get(&conf.expire, kind, &which);
	return (which);
}

/* The expiry of a kind of message, in seconds. */
static int
sender_expire(const char *kind)
{
	const char	*which;

	return (sender_policy_get(&conf.expire, kind, &which));
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
 * suppressed now, and for those the claim did not make 'sending'
 * (suppressed or held for quiet hours there).
 */
static void
sender_stopped(PGconn *db, PGresult *rows, int from, int k, char *skip)
{
	struct infra_buf	 ids;
	PGresult		*res;
	const char		*p[1];
	int			 m, x, n;

	infra_buf_init(&ids);
	(void)infra_buf_add(&ids, "{", 1);
	for (m = n = 0; m < k; m++) {
		skip[m] = strcmp(PQgetvalue(rows, from + m, 7), "sending") != 0;
		if (!skip[m])
			(void)infra_buf_fmt(&ids, "%s%s", n++ ? "," : "",
			    PQgetvalue(rows, from + m, 0));
	}
	if (n == 0 || infra_buf_add(&ids, "}", 1) == -1) {
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

/*
 * One claimed row made ready in job j: expiry, text checked, cut to the
 * parts cap and encoded into its sendsms URL.  0 when the row's outcome
 * is already decided (written to pending) and j stays free.
 */
static int
sender_prep(PGconn *db, PGresult *rows, int i, struct sender_job *j)
{
	struct infra_sms_count	 cnt;
	const char		*id, *phone, *kind;
	char			 err[SENDER_ANSWER_MAX + 64];
	char			 body[SENDER_TEXT_MAX + 1];
	size_t			 len;

	id = PQgetvalue(rows, i, 0);
	phone = PQgetvalue(rows, i, 1);
	kind = PQgetvalue(rows, i, 3);
	(void)snprintf(j->id, sizeof(j->id), "%s", id);
	(void)snprintf(j->phone, sizeof(j->phone), "%s", phone);
	infra_phone_mask(phone, j->masked, sizeof(j->masked));
	(void)snprintf(j->kind, sizeof(j->kind), "%s", kind);
	j->attempts = atoi(PQgetvalue(rows, i, 5));
	j->age = atoi(PQgetvalue(rows, i, 6));
	j->expire = sender_expire(kind);
	if (sender_stale(db, id, j->masked, kind, j->age))
		return (0);

	/* Worded here: a key's text, "For Ayesha: " (ussd_outbox_text()). */
	if (ussd_outbox_text(PQgetvalue(rows, i, 2), PQgetvalue(rows, i, 8),
	    PQgetvalue(rows, i, 9), PQgetvalue(rows, i, 10), body,
	    sizeof(body)) < 0) {
		sender_done(db, id, "failed", "no text for its key", 0);
		return (0);
	}
	len = strlen(body);
	if (!infra_utf8_valid(body, len) ||
	    infra_sms_count(body, len, &cnt) == -1 || cnt.parts == 0) {
		sender_done(db, id, "failed", "empty or not UTF-8", 0);
		return (0);
	}
	if (cnt.parts > conf.parts_max) {
		len = infra_sms_fit(body, len, conf.parts_max);
		(void)infra_sms_count(body, len, &cnt);
	}
	j->parts = cnt.parts;
	j->coding = cnt.coding;
	if (!sender_url_build(j, phone, body, len, cnt.coding, err,
	    sizeof(err))) {
		/* Nothing was marked nor sent. */
		sender_done(db, id, "failed", err, 0);
		printf("failed id=%s to=%s: %s\n", id, j->masked, err);
		return (0);
	}
	return (1);
}

/* A job whose gate opened: its request starts. */
static void
sender_start(PGconn *db, struct sender_job *j)
{
	memset(&j->ans, 0, sizeof(j->ans));
	curl_easy_setopt(j->h, CURLOPT_URL, j->url);
	curl_easy_setopt(j->h, CURLOPT_WRITEDATA, &j->ans);
	if (curl_multi_add_handle(multi, j->h) != CURLM_OK) {
		j->busy = SENDER_JOB_FREE;
		sender_unmark(j->id);
		sender_done(db, j->id, "retry", "curl", 5);
		return;
	}
	j->busy = SENDER_JOB_BUSY;
}

/*
 * The group of ready jobs through the gate (one Redis round trip), then
 * each started or settled: over the rate it waits for its window
 * without spending an attempt; marked by an earlier run, it counts as
 * sent; with Redis down nothing is handed over.
 */
static void
sender_go(PGconn *db)
{
	struct sender_job	*j;
	int			 res[SENDER_PAR_MAX], wait[SENDER_PAR_MAX];
	int			 g;

	if (ngroup == 0)
		return;
	sender_gate_ask(res, wait);
	for (g = 0; g < ngroup; g++) {
		j = group[g];
		j->busy = SENDER_JOB_FREE;
		switch (res[g]) {
		case SENDER_GATE_OPEN:
			sender_start(db, j);
			break;
		case SENDER_GATE_RATE:
			sender_done(db, j->id, "retry", "rate", wait[g]);
			printf("rate id=%s to=%s wait=%ds\n", j->id, j->masked,
			    wait[g]);
			break;
		case SENDER_GATE_EARLIER:
			sender_done(db, j->id, "sent",
			    "handed over by an earlier run", 0);
			break;
		default:
			/* No mark, no guarantee: hand nothing over. */
			sender_done(db, j->id, "retry", "redis down", 5);
			break;
		}
	}
	ngroup = 0;
}

/*
 * One claimed row into the group.  One request per number at a time
 * (a lesson and its quiz keep their order): while the number has a job,
 * or no slot is free, the group goes and the requests in flight run
 * until a quarter of the slots are free again.  A full group goes.
 */
static void
sender_one(PGconn *db, PGresult *rows, int i)
{
	struct sender_job	*j;
	int			 k, nfree;

	while ((j = sender_slot(PQgetvalue(rows, i, 1))) == NULL) {
		sender_go(db);
		for (k = nfree = 0; k < njobs; k++)
			nfree += jobs[k].busy == SENDER_JOB_FREE;
		/* At least one more, so a busy number's job ends too. */
		sender_drain(db, nfree + 1 > njobs / 4 ? nfree + 1 : njobs / 4);
	}
	if (sender_prep(db, rows, i, j)) {
		j->busy = SENDER_JOB_READY;
		group[ngroup++] = j;
	}
	if (sender_slot("") == NULL)
		sender_go(db);
}

/* A free slot, or NULL when none is or the number has a job. */
static struct sender_job *
sender_slot(const char *phone)
{
	struct sender_job	*free_slot;
	int			 i;

	free_slot = NULL;
	for (i = 0; i < njobs; i++) {
		if (jobs[i].busy != SENDER_JOB_FREE) {
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

	j->busy = SENDER_JOB_FREE;
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

/*
 * One turn of the loop: the requests that finished are settled, then
 * it waits up to `ms` for Kannel or for the second connection, whose
 * answer is read.  The number of requests still running.
 */
static int
sender_step(PGconn *db, int ms)
{
	struct curl_waitfd	 wfd;
	struct sender_job	*j;
	CURLMsg			*m;
	CURLcode		 rc;
	char			*priv;
	int			 running, left, nw;

	running = 0;
	(void)curl_multi_perform(multi, &running);
	while ((m = curl_multi_info_read(multi, &left)) != NULL) {
		if (m->msg != CURLMSG_DONE)
			continue;
		priv = NULL;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &priv);
		j = (struct sender_job *)(void *)priv;
		rc = m->data.result;
		(void)curl_multi_remove_handle(multi, j->h);
		sender_finish(db, j, rc);
	}
	if (ms == 0)
		return (running);
	nw = 0;
	if (aq_op != SENDER_AQ_IDLE && PQsocket(aq) >= 0) {
		wfd.fd = PQsocket(aq);
		wfd.events = CURL_WAIT_POLLIN;
		wfd.revents = 0;
		nw = 1;
	}
	if (running > 0 || nw > 0)
		(void)curl_multi_poll(multi, &wfd, (unsigned int)nw, ms, NULL);
	sender_aq_poll(0);
	return (running);
}

/* Runs the requests in flight until `want` slots are free, or none runs. */
static void
sender_drain(PGconn *db, int want)
{
	int	running, i, nfree;

	for (;;) {
		running = sender_step(db, 0);
		for (i = nfree = 0; i < njobs; i++)
			nfree += jobs[i].busy == SENDER_JOB_FREE;
		if (running == 0 || nfree >= want)
			break;
		/* A slow Kannel must not make this sender look dead. */
		(void)sender_beat(db, 0);
		(void)sender_step(db, 1000);
	}
}

/* The claim's parameters: quiet hours end (NULL: none), batch, sender. */
static void
sender_claim_params(const char **p, char *lim, size_t llen, char *until,
    size_t ulen)
{
	int64_t		 now, end;

	/* Non-urgent rows wait until the quiet spell ends (NULL: none). */
	now = (int64_t)time(NULL);
	end = infra_quiet_end(&conf.quiet, now);
	(void)snprintf(lim, llen, "%d", conf.batch);
	(void)snprintf(until, ulen, "%lld", (long long)end);
	p[0] = lim;
	p[1] = end == now ? NULL : until;
	p[2] = conf.id;
}

/*
 * The second connection (claims and outcomes while requests are in
 * flight), opened when missing; NULL when it cannot be: then the sender
 * works as before, one thing after another on its first connection.
 */
static PGconn *
sender_aq_open(void)
{
	if (aq != NULL && PQstatus(aq) != CONNECTION_OK) {
		PQfinish(aq);
		aq = NULL;
		aq_op = SENDER_AQ_IDLE;
	}
	if (aq == NULL)
		aq = (PGconn *)infra_pgd_connect("hunar_sender", NULL);
	return (aq);
}

/*
 * The next batch's claim goes on the second connection as soon as it is
 * free (an outcome batch may be on it); 0 when it cannot go at all.
 */
static int
sender_claim_ask(void)
{
	const char	*p[3];
	char		 lim[16], until[24];

	aq_claim_wanted = 0;
	aq_claim_done = 0;
	if (sender_aq_open() == NULL)
		return (0);
	if (aq_op != SENDER_AQ_IDLE) {
		aq_claim_wanted = 1;
		return (1);
	}
	sender_claim_params(p, lim, sizeof(lim), until, sizeof(until));
	if (!PQsendQueryParams(aq, SQL_CLAIM, 3, NULL, p, NULL, NULL, 0)) {
		fprintf(stderr, "hunar_sender: claim: %s", PQerrorMessage(aq));
		return (0);
	}
	aq_op = SENDER_AQ_CLAIM;
	return (1);
}

/*
 * Reads what the second connection answered (with `block`, waits for
 * all of it).  An outcome batch that failed is left to recovery, as on
 * the first connection; a claim's rows are kept in aq_rows.  A claim
 * whose answer was lost may still have claimed rows under this
 * sender's name: recovery takes them back.
 */
static void
sender_aq_poll(int block)
{
	PGresult	*res;
	int		 op;

	while (aq_op != SENDER_AQ_IDLE) {
		if (!block && (!PQconsumeInput(aq) || PQisBusy(aq))) {
			if (PQstatus(aq) == CONNECTION_OK)
				return;
		}
		op = aq_op;
		while ((res = PQgetResult(aq)) != NULL) {
			if (op == SENDER_AQ_CLAIM &&
			    PQresultStatus(res) == PGRES_TUPLES_OK &&
			    aq_rows == NULL) {
				aq_rows = res;
				continue;
			}
			if (PQresultStatus(res) != PGRES_TUPLES_OK) {
				fprintf(stderr, "hunar_sender: %s: %s",
				    op == SENDER_AQ_CLAIM ? "claim" : "done",
				    PQerrorMessage(aq));
				recovered = 0;
			}
			PQclear(res);
		}
		aq_op = SENDER_AQ_IDLE;
		if (op == SENDER_AQ_CLAIM)
			aq_claim_done = 1;
		if (PQstatus(aq) != CONNECTION_OK) {
			recovered = 0;
			aq_claim_wanted = 0;
			aq_claim_done = 1;
			return;
		}
		if (aq_claim_wanted && !sender_claim_ask())
			aq_claim_done = 1;
	}
}

/*
 * The batch claimed on the second connection, the requests in flight
 * running meanwhile; NULL when the claim failed (the connection is then
 * dropped and opened again for the next one).
 */
static PGresult *
sender_claim_take(PGconn *db)
{
	PGresult	*rows;

	while (!aq_claim_done && aq_op != SENDER_AQ_IDLE) {
		(void)sender_beat(db, 0);
		(void)sender_step(db, 1000);
	}
	rows = aq_rows;
	aq_rows = NULL;
	aq_claim_done = 0;
	return (rows);
}

/*
 * The heartbeat in sms_senders, six times within HUNAR_SENDER_DEAD_S
 * (every 5 s by default; force: now).  Its
 * first beat must be written before this sender claims anything: a
 * claimer with no row counts as dead to the others' recovery.
 */
static int
sender_beat(PGconn *db, int force)
{
	static time_t	 last;
	PGresult	*res;
	const char	*p[2];
	time_t		 now;
	int		 ok;

	now = time(NULL);
	if (!force && now - last < (conf.dead_s >= 6 ? conf.dead_s / 6 : 1))
		return (1);
	p[0] = conf.id;
	p[1] = conf.pid;
	res = PQexecParams(db, SQL_BEAT, 2, NULL, p, NULL, NULL, 0);
	if ((ok = PQresultStatus(res) == PGRES_TUPLES_OK))
		last = now;
	else
		fprintf(stderr, "hunar_sender: beat: %s", PQerrorMessage(db));
	PQclear(res);
	return (ok);
}

/*
 * Which of the rows (column 0 of res) carry a hand-over mark: one Redis
 * pipeline per SENDER_PIPE_MAX rows.  ids gets them all, handed the
 * marked, as array literals.  0 when Redis cannot tell.
 */
static int
sender_marked(PGresult *res, struct infra_buf *ids, struct infra_buf *handed)
{
	redisReply	*r;
	char		 err[128];
	int		 i, j, n, to, ok;

	if (rds == NULL &&
	    (rds = infra_redis_open(1000, err, sizeof(err))) == NULL)
		return (0);
	n = PQntuples(res);
	ok = 1;
	for (i = 0; i < n && ok; i = to) {
		to = n - i > SENDER_PIPE_MAX ? i + SENDER_PIPE_MAX : n;
		for (j = i; j < to; j++)
			(void)redisAppendCommand(rds, "EXISTS sms:handed:%s",
			    PQgetvalue(res, j, 0));
		for (j = i; j < to; j++) {
			r = NULL;
			if (redisGetReply(rds, (void **)&r) != REDIS_OK ||
			    r == NULL) {
				/* The context is dead: drop it, tell nothing. */
				redisFree(rds);
				rds = NULL;
				return (0);
			}
			if (r->type != REDIS_REPLY_INTEGER)
				ok = 0;
			else if (r->integer == 1)
				(void)infra_buf_fmt(handed, "%s%s",
				    handed->len > 1 ? "," : "",
				    PQgetvalue(res, j, 0));
			(void)infra_buf_fmt(ids, "%s%s", ids->len > 1 ? "," : "",
			    PQgetvalue(res, j, 0));
			freeReplyObject(r);
		}
	}
	return (ok);
}

/*
 * Rows a dead sender (or this one's previous run) left in 'sending' go
 * back, or count as sent when their hand-over mark says they went.  A
 * live sender's rows are never touched.
 */
static int
sender_recover(PGconn *db)
{
	struct infra_buf	 ids, handed;
	PGresult		*res, *rec;
	const char		*p[4];
	char			 dead[16];
	int			 n, ok;

	(void)snprintf(dead, sizeof(dead), "%d", conf.dead_s);
	p[0] = conf.id;
	p[1] = dead;
	res = PQexecParams(db, SQL_ORPHANS, 2, NULL, p, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		fprintf(stderr, "hunar_sender: orphans: %s",
		    PQerrorMessage(db));
		PQclear(res);
		return (0);
	}
	if ((n = PQntuples(res)) == 0) {
		PQclear(res);
		return (1);
	}
	infra_buf_init(&ids);
	infra_buf_init(&handed);
	(void)infra_buf_add(&ids, "{", 1);
	(void)infra_buf_add(&handed, "{", 1);
	/* Without Redis nothing can be told: wait for it. */
	ok = sender_marked(res, &ids, &handed) &&
	    infra_buf_add(&ids, "}", 1) != -1 &&
	    infra_buf_add(&handed, "}", 1) != -1;
	if (ok) {
		p[2] = (const char *)ids.data;
		p[3] = (const char *)handed.data;
		rec = PQexecParams(db, SQL_RECOVER, 4, NULL, p, NULL, NULL, 0);
		if ((ok = PQresultStatus(rec) == PGRES_TUPLES_OK))
			printf("recovered %d row(s) no live sender held, %s "
			    "requeued\n", n, PQgetvalue(rec, 0, 0));
		else
			fprintf(stderr, "hunar_sender: recover: %s",
			    PQerrorMessage(db));
		PQclear(rec);
	}
	infra_buf_free(&ids);
	infra_buf_free(&handed);
	PQclear(res);
	return (ok);
}

/* One claimed batch handed over, STOP asked again per chunk. */
static void
sender_batch(PGconn *db, PGresult *rows)
{
	char	skip[SENDER_DONE_MAX];
	int	i, k, m, n;

	n = PQntuples(rows);
	for (i = 0; i < n; i += SENDER_DONE_MAX) {
		k = n - i < SENDER_DONE_MAX ? n - i : SENDER_DONE_MAX;
		sender_stopped(db, rows, i, k, skip);
		for (m = 0; m < k; m++)
			if (!skip[m])
				sender_one(db, rows, i + m);
	}
}

/*
 * Claims and their hand-overs; the number the last claim decided, -1 on
 * a DB error.  While a batch goes, the next one is claimed on the second
 * connection (its answer read between Kannel's), so the requests never
 * all stop for a claim.  A pass that waited for its last request, its
 * outcomes and the next claim before starting a request sent 459
 * lessons a second; this one 583 (one sender, 20,000 lessons, the
 * loopback cluster, the same minute).  A pass goes on
 * while its claims come back full, for SENDER_RECOVER_S at most, and
 * ends holding nothing: every request answered, every outcome written,
 * no claim in flight -- recovery (sender_round) counts on it.
 */
static int
sender_pass(PGconn *db)
{
	PGresult	*rows;
	const char	*p[3];
	char		 lim[16], until[24];
	time_t		 start;
	int		 n, more;

	start = time(NULL);
	sender_claim_params(p, lim, sizeof(lim), until, sizeof(until));
	rows = PQexecParams(db, SQL_CLAIM, 3, NULL, p, NULL, NULL, 0);
	if (PQresultStatus(rows) != PGRES_TUPLES_OK) {
		fprintf(stderr, "hunar_sender: claim: %s", PQerrorMessage(db));
		PQclear(rows);
		return (-1);
	}
	for (;;) {
		n = PQntuples(rows);
		more = n == conf.batch && !sender_once && !sender_quit &&
		    time(NULL) - start < SENDER_RECOVER_S && sender_claim_ask();
		sender_batch(db, rows);
		PQclear(rows);
		if (!more || (rows = sender_claim_take(db)) == NULL)
			break;
	}
	sender_go(db);
	sender_drain(db, njobs);
	sender_aq_poll(1);
	if (!sender_flush(db, 0))
		return (-1);
	return (n);
}

/*
 * For infra_pgd_run(), before each round: the first heartbeat, then
 * what a sender that stopped mid-send left is settled (again after a
 * flush that failed).
 */
static int
sender_ready(struct pg_conn *db, void *arg)
{
	(void)arg;
	if (!recovered)
		recovered = sender_beat(db, 1) && sender_recover(db);
	return (recovered);
}

/*
 * A round: the heartbeat, every SENDER_RECOVER_S the rows of senders
 * that died meanwhile (rounds run back to back while a drip lasts),
 * then one pass.
 */
static int
sender_round(struct pg_conn *db, void *arg)
{
	static time_t	last;
	time_t		now;

	(void)arg;
	(void)sender_beat(db, 0);
	now = time(NULL);
	if (now - last >= SENDER_RECOVER_S) {
		last = now;
		(void)sender_recover(db);
	}
	return (sender_pass(db));
}

/* libcurl: `curl` only escapes; the jobs' handles talk to Kannel. */
static int
sender_curl_init(void)
{
	int		i;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK ||
	    (curl = curl_easy_init()) == NULL ||
	    (multi = curl_multi_init()) == NULL)
		return (-1);
	njobs = atoi(sender_env("HUNAR_SMS_PARALLEL", "32"));
	if (njobs < 1 || njobs > SENDER_PAR_MAX)
		njobs = 32;
	for (i = 0; i < njobs; i++) {
		if ((jobs[i].h = curl_easy_init()) == NULL)
			return (-1);
		curl_easy_setopt(jobs[i].h, CURLOPT_WRITEFUNCTION,
		    sender_curl_write);
		curl_easy_setopt(jobs[i].h, CURLOPT_CONNECTTIMEOUT_MS, 2000L);
		curl_easy_setopt(jobs[i].h, CURLOPT_TIMEOUT_MS, 10000L);
		curl_easy_setopt(jobs[i].h, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(jobs[i].h, CURLOPT_PROTOCOLS_STR, "http");
		curl_easy_setopt(jobs[i].h, CURLOPT_PRIVATE,
		    (char *)&jobs[i]);
	}
	return (0);
}

int
main(int argc, char **argv)
{
	struct infra_daemon	 d;
	const char		*quiet;
	int			 ch, i, rc;

	sender_conf_load();
	memset(&d, 0, sizeof(d));
	d.interval = 5;
	quiet = getenv("HUNAR_QUIET_HOURS");
	while ((ch = getopt(argc, argv, "1b:i:q:")) != -1) {
		if (infra_pgd_option(&d, ch, optarg))
			continue;
		switch (ch) {
		case 'b':
			conf.batch = atoi(optarg);
			if (conf.batch < 1 || conf.batch > 10000)
				conf.batch = 100;
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

	infra_pgd_signals(&sender_quit);
	if (sender_curl_init() == -1) {
		fprintf(stderr, "hunar_sender: libcurl failed\n");
		return (1);
	}
	d.name = "hunar_sender";
	d.channel = "sms_outbox";
	d.batch = conf.batch;
	d.quit = &sender_quit;
	sender_once = d.once;
	d.ready = sender_ready;
	d.round = sender_round;
	rc = infra_pgd_run(&d);
	if (rds != NULL)
		redisFree(rds);
	if (aq != NULL)
		PQfinish(aq);
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
