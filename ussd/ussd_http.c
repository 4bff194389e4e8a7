/*
 * POST /ussd: the USSD aggregator contract (Africa's Talking and the
 * like).  Form fields sessionId, serviceCode, phoneNumber, networkCode
 * and text (every input so far joined by '*'); the answer is text/plain
 * "CON <screen>" to go on or "END <screen>" to finish.  Any non-200
 * ends the session at the aggregator, so trouble inside (Redis or
 * PostgreSQL down) still answers 200 with an END screen that says so.
 *
 * The callback URL carries the shared secret (?key=...).  The form body
 * is parsed here (infra_form): Kore's decoder drops control bytes.
 *
 * Also the hop itself, shared with ussd_smpp.c: the session's state
 * lives in Redis under the phone number for HOP_TTL seconds after the
 * last hop, as "<sessionId>\n#<inputs> <textsum> <rc> <statelen>\n"
 * followed by the state and the last screen.  A hop with the same
 * sessionId goes on from it; a new dial within that time resumes the
 * last screen.  An aggregator that sends a hop again (its own retry: the
 * same text, every input so far) gets the same screen again, and the
 * input is not applied twice.
 */
#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>

#include "infra/infra_kore.h"
#include "infra/page_kore.h"
#include "ussd/ussd_kore.h"

#define HOP_TTL		300	/* resume window, seconds */
#define HOP_END_TTL	60	/* an ended session's last screen, seconds */
#define HOP_TEXT_MAX	4096	/* the aggregator's text field, bytes */
#define HOP_STALE_MS	2	/* a state a hop behind: read again after */
#define HOP_STALE_TRIES	3
#define LOCAL_SLOTS	8192	/* per worker: the last state of each number */
#define HOP_ROWS	16
#define MEMO_SLOTS	64	/* per worker */
#define MEMO_MS		2000	/* how long a page is served as is */
#define MEMO_STALE_MS	10000	/* ... and while one hop refreshes it */
#define MEMO_REFRESH_MS	1000	/* a refresh not back by then is retried */
#define MEMO_BYTES	2048
#define WHO_CHANNEL	"ussd_who"	/* sql/R__ussd_menu.sql's NOTIFY */

#define PHASE_PARSE	0	/* the handler's own (ussd_smpp.c too) */
#define PHASE_LOAD	1	/* ... which then sets this */
#define PHASE_FETCH	2
#define PHASE_RECAP	3
#define PHASE_SAVE	4
#define PHASE_DONE	5

static const char SQL_USSD_FETCH[] =
	"SELECT k, a, b, c FROM ussd_fetch($1, $2, $3, $4, $5, $6::int, "
	"$7::int)";

/*
 * One recap per session and item, whatever retries happen; on a shared
 * phone it names the person picked (sms_user()).
 */
static const char SQL_USSD_RECAP[] =
	"SELECT sms_enqueue($1, $2, 'ussd_recap', false, $3, sms_user($1))";

/*
 * Course and place lists, a course's or a gig's record, the gigs of a
 * district: the same for every caller (of that district), so each
 * worker keeps them MEMO_MS (an enrolment or application itself always
 * goes to PostgreSQL and answers from there).  Lists of the caller's
 * own (offers, status) are never kept.  When a page is older, the one
 * hop that finds it so asks PostgreSQL again while the others are
 * still shown the old page (up to MEMO_STALE_MS old): an expired page
 * costs one query, not one per hop that arrives before the answer --
 * at 2,000 sessions those queued behind each other and held every
 * pooled connection (issue 13).  A change shows at most MEMO_MS plus
 * one query late.
 */
struct hop_memo {
	char		key[64];
	u_int64_t	until;		/* fresh until */
	u_int64_t	refresh;	/* a hop went to PostgreSQL at */
	int		nrows;
	u_int16_t	at[HOP_ROWS][4];
	char		data[MEMO_BYTES];
};

static struct hop_memo	*hop_memo;

/* Quiet hours (HUNAR_QUIET_HOURS), read once a worker. */
static struct infra_quiet	quiet;
static int			quiet_read;

static struct hop_memo *
hop_memo_slot(struct ussd_hop *h, char *key, size_t keylen)
{
	switch (h->req.need) {
	case USSD_NEED_PROVINCES:
	case USSD_NEED_DISTRICTS:
	case USSD_NEED_COURSES:
	case USSD_NEED_COURSE:
	case USSD_NEED_GIGS:		/* per district: arg */
	case USSD_NEED_GIG:
		break;
	default:
		return (NULL);
	}
	if (hop_memo == NULL)
		hop_memo = kore_calloc(MEMO_SLOTS, sizeof(*hop_memo));
	(void)snprintf(key, keylen, "%d|%s|%d|%d|%d", h->req.need, h->req.arg,
	    h->st.lang, h->req.off, h->req.lim);
	return (&hop_memo[infra_hash(key) % MEMO_SLOTS]);
}

/* The page's rows, or -1: this hop asks PostgreSQL (and refreshes). */
static int
hop_memo_get(struct hop_memo *m, const char *key, struct ussd_row *rows)
{
	u_int64_t	now;
	int		i;

	if (m == NULL || m->until == 0 || strcmp(m->key, key))
		return (-1);
	now = kore_time_ms();
	if (now > m->until + MEMO_STALE_MS - MEMO_MS)
		return (-1);
	if (now > m->until && (m->refresh == 0 ||
	    now - m->refresh > MEMO_REFRESH_MS)) {
		m->refresh = now;
		return (-1);
	}
	for (i = 0; i < m->nrows; i++) {
		rows[i].k = m->data + m->at[i][0];
		rows[i].a = m->data + m->at[i][1];
		rows[i].b = m->data + m->at[i][2];
		rows[i].c = m->data + m->at[i][3];
	}
	return (m->nrows);
}

static void
hop_memo_put(struct hop_memo *m, const char *key, const struct ussd_row *rows,
    int n)
{
	const char	*f[4];
	size_t		 used, len;
	int		 i, j;

	if (m == NULL || n < 0)
		return;
	m->until = 0;
	used = 0;
	for (i = 0; i < n; i++) {
		f[0] = rows[i].k;
		f[1] = rows[i].a;
		f[2] = rows[i].b;
		f[3] = rows[i].c;
		for (j = 0; j < 4; j++) {
			len = strlen(f[j]) + 1;
			if (used + len > sizeof(m->data))
				return;
			memcpy(m->data + used, f[j], len);
			m->at[i][j] = (u_int16_t)used;
			used += len;
		}
	}
	(void)snprintf(m->key, sizeof(m->key), "%s", key);
	m->nrows = n;
	m->until = kore_time_ms() + MEMO_MS;
	m->refresh = 0;
}

/*
 * The state each of this worker's hops left, by number: the value its
 * SET wrote to Redis.  A hop that continues exactly that state (the same
 * session, one input more: the text before its last input has the saved
 * hop's count and sum) and only moves through the menu needs no GET.
 * Should another worker (or Kore) have taken that very hop already --
 * the aggregator sent it again elsewhere -- the same input on the same
 * state gives the same state again, and nothing was acted on.  A hop
 * that acts (registers, enrols, applies, answers, picks, sets the
 * language) reads Redis, where a hop sent again is recognised and not
 * acted on twice, as does anything else (a dial, a resend to this
 * worker, a hop another worker saw last, an entry lost to a collision).
 * Kore 4.1's accept lock gives one worker every keep-alive connection
 * until it is busy, so a session's hops mostly meet their worker again.
 */
struct hop_local {
	char		phone[16];
	char		sid[80];
	int		hops;
	u_int32_t	sum;
	u_int64_t	until;
	size_t		len;
	char		val[];
};

static struct hop_local	*hop_local[LOCAL_SLOTS];

static struct hop_local **
hop_local_slot(const char *phone)
{
	return (&hop_local[infra_hash(phone) % LOCAL_SLOTS]);
}

/* The value this worker saved for the hop before h, or NULL. */
static const struct hop_local *
hop_local_get(const struct ussd_hop *h)
{
	const struct hop_local	*e;

	if (!h->history || h->dial || h->hops < 1)
		return (NULL);
	e = *hop_local_slot(h->phone);
	if (e == NULL || strcmp(e->phone, h->phone) || strcmp(e->sid, h->sid) ||
	    e->hops != h->hops - 1 || e->sum != h->prevsum ||
	    e->until < kore_time_ms())
		return (NULL);
	return (e);
}

/* What h saved (val NULL: the session ended). */
static void
hop_local_put(const struct ussd_hop *h, const char *val, size_t len)
{
	struct hop_local	**slot, *e;

	slot = hop_local_slot(h->phone);
	kore_free(*slot);
	*slot = NULL;
	if (val == NULL)
		return;
	e = kore_malloc(sizeof(*e) + len);
	(void)snprintf(e->phone, sizeof(e->phone), "%s", h->phone);
	(void)snprintf(e->sid, sizeof(e->sid), "%s", h->sid);
	e->hops = h->hops;
	e->sum = h->textsum;
	e->until = kore_time_ms() + HOP_TTL * 1000;
	e->len = len;
	memcpy(e->val, val, len);
	*slot = e;
}

/*
 * A PIN typed on a shared phone (USSD_DO_PICK): its hash goes to
 * ussd_fetch() instead of the digits (ussd/ussd_seat.c), or "locked"
 * once the number sent USSD_PIN_TRIES wrong PINs in USSD_PIN_WINDOW
 * (counted in Redis with the SMS path's, by hop_rows()), or "down" when
 * Redis cannot count (no try then).
 */
static void
hop_pin(struct ussd_hop *h)
{
	redisReply	*r;
	long long	 n;

	h->pinhash[0] = '\0';
	if (h->req.need == USSD_DO_ADD) {
		/* Someone new chooses a PIN: nothing to guess, no limit. */
		if (ussd_pin_hash(h->phone, h->req.arg, h->pinhash,
		    sizeof(h->pinhash)) == -1)
			h->pinhash[0] = '\0';
		return;
	}
	if (h->req.need != USSD_DO_PICK)
		return;
	if ((r = infra_redis("GET rl:pin:%s", h->phone)) == NULL) {
		(void)snprintf(h->pinhash, sizeof(h->pinhash), "down");
		return;
	}
	n = r->type == REDIS_REPLY_STRING ? strtoll(r->str, NULL, 10) : 0;
	freeReplyObject(r);
	if (n >= USSD_PIN_TRIES)
		(void)snprintf(h->pinhash, sizeof(h->pinhash), "locked");
	else if (ussd_pin_hash(h->phone, h->req.arg2, h->pinhash,
	    sizeof(h->pinhash)) == -1)
		(void)snprintf(h->pinhash, sizeof(h->pinhash), "none");
}

/*
 * ussd_fetch()'s arg and arg2: a PIN's hash where the menu holds the
 * digits (arg2 of a pick, arg of someone new), else the menu's own.
 */
static const char *
hop_arg(struct ussd_hop *h, int which)
{
	if (which == 1)
		return (h->req.need == USSD_DO_ADD ? h->pinhash : h->req.arg);
	return (h->req.need == USSD_DO_PICK ? h->pinhash : h->req.arg2);
}

/*
 * The rows this worker kept for the hop, or -1: it asks PostgreSQL.
 * The dial's person (ussd_who.c) is kept under the number's generation,
 * read here, before the question, and kept in h for the answer.
 */
static int
hop_kept(struct ussd_hop *h, struct hop_memo *memo, const char *mkey,
    struct ussd_row *rows)
{
	if (h->req.need != USSD_NEED_USER)
		return (hop_memo_get(memo, mkey, rows));
	h->whogen = infra_listen_gen_key(WHO_CHANNEL, h->phone);
	return (ussd_who_get(h->phone, h->whogen, kore_time_ms(), rows));
}

/*
 * The rows came: kept (lists a moment, the dial's person while its
 * generation holds), a wrong PIN counted.
 */
static void
hop_rows(struct ussd_hop *h, struct hop_memo *memo, const char *mkey,
    const struct ussd_row *rows, int n)
{
	char	key[32];

	hop_memo_put(memo, mkey, rows, n);
	if (h->req.need == USSD_NEED_USER)
		ussd_who_put(h->phone, h->whogen, kore_time_ms(), rows, n);
	/* A language chosen here: the person's web pages follow at once. */
	if (h->req.need == USSD_DO_LANG && n > 0 &&
	    strcmp(rows[0].k, "ok") == 0 && rows[0].b[0] != '\0')
		page_lang_account_set(strtoll(rows[0].b, NULL, 10),
		    infra_lang_parse(rows[0].a));
	if (h->req.need == USSD_DO_PICK && n > 0 &&
	    strcmp(rows[0].k, "pin_wrong") == 0) {
		(void)snprintf(key, sizeof(key), "pin:%s", h->phone);
		(void)infra_ratelimit(key, USSD_PIN_TRIES, USSD_PIN_WINDOW);
	}
}

/*
 * The session's value in Redis (str NULL: none), or this worker's copy
 * (local), and the input applied to it.  1, and nothing applied, when
 * the value is behind this hop (see hop_save): the GET is tried again.
 * 2 when the copy would lead to an action: Redis is asked (hop_local).
 */
static int
hop_load(struct ussd_hop *h, const char *str, size_t len, int local)
{
	const char	*nl, *p, *end;
	unsigned int	 hops, sum, rc;
	size_t		 slen, outlen;
	int		 have, same, n;

	have = same = 0;
	ussd_menu_init(&h->st);
	if (str != NULL && (nl = memchr(str, '\n', len)) != NULL) {
		end = str + len;
		same = (size_t)(nl - str) == strlen(h->sid) &&
		    memcmp(str, h->sid, nl - str) == 0;
		p = nl + 1;
		hops = sum = rc = 0;
		slen = (size_t)(end - p);
		outlen = 0;
		/* The header; a value without one is all state. */
		if (p < end && *p == '#' &&
		    (nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
			n = sscanf(p, "#%u %u %u %zu\n", &hops, &sum, &rc,
			    &slen);
			p = nl + 1;
			if (n != 4 || slen > (size_t)(end - p))
				slen = 0;
			outlen = (size_t)(end - p) - slen;
		}
		have = slen > 0 && ussd_state_load(&h->st, p, slen) == 0;
		if (have && same && h->history && !h->dial &&
		    hops + 1 < (unsigned int)h->hops &&
		    h->stale < HOP_STALE_TRIES)
			return (1);
		if (have && same && !h->dial && h->hops > 0 &&
		    hops == (unsigned int)h->hops && sum == h->textsum &&
		    outlen > 0 && outlen < sizeof(h->out)) {
			memcpy(h->out, p + slen, outlen);
			h->out[outlen] = '\0';
			h->rc = rc == USSD_END ? USSD_END : USSD_CON;
			h->resend = 1;
			return (0);
		}
		/* A hop after the session ended: it stays ended, at once. */
		if (have && same && !h->dial && rc == USSD_END) {
			(void)snprintf(h->out, sizeof(h->out), "%s",
			    ussd_menu_text(USSD_T_ENDED, h->st.lang));
			h->rc = USSD_END;
			h->resend = 1;
			return (0);
		}
	}
	/* A reply with no session: its dial's state may be on its way. */
	if (!same && h->history && !h->dial && h->hops > 0 &&
	    h->stale < HOP_STALE_TRIES)
		return (1);

	if (have && same && !h->dial) {
		ussd_menu_input(&h->st, h->input, h->inlen, &h->req);
		if (local && h->req.need >= USSD_DO_REGISTER &&
		    h->req.need <= USSD_DO_ADD)
			return (2);
	} else if (have && h->dial && h->st.screen != USSD_S_START &&
	    h->st.screen != USSD_S_END) {
		ussd_menu_resume(&h->st, &h->req);
	} else {
		ussd_menu_init(&h->st);
		ussd_menu_input(&h->st, NULL, 0, &h->req);
	}
	hop_pin(h);
	/* A recap goes through the outbox: the screen says when it comes. */
	if (!quiet_read) {
		if (infra_quiet_parse(infra_env("HUNAR_QUIET_HOURS", ""),
		    &quiet) == -1)
			infra_quiet_defaults(&quiet);
		quiet_read = 1;
	}
	h->st.quiet = infra_quiet_at(&quiet, (int64_t)time(NULL));
	return (0);
}

/*
 * The session's state: one GET that does not block the worker
 * (infra_ards.c), or, when that link is down, infra_redis()'s own with
 * its reconnect.  -1 when Redis cannot be reached: without it no session
 * can go on.
 */
static int
hop_get(struct http_request *req, struct ussd_hop *h)
{
	const struct hop_local	*e;
	redisReply		*r;
	int			 n;

	if (h->rw.state == INFRA_RW_IDLE && (e = hop_local_get(h)) != NULL &&
	    hop_load(h, e->val, e->len, 1) == 0)
		return (KORE_RESULT_OK);
	if (infra_redis_async(req, &h->db, &h->rw, "GET ussd:%s",
	    h->phone) == INFRA_DB_WAIT)
		return (KORE_RESULT_RETRY);
	if (h->rw.type != INFRA_RW_DOWN) {
		n = hop_load(h, h->rw.type == REDIS_REPLY_STRING ? h->rw.str :
		    NULL, h->rw.len, 0);
		infra_rwait_clear(&h->rw);
		if (n == 1) {
			/* Behind: the last hop's SET is still on its way. */
			h->stale++;
			infra_ctx_sleep(req, &h->db, HOP_STALE_MS);
			return (KORE_RESULT_RETRY);
		}
		return (KORE_RESULT_OK);
	}
	infra_rwait_clear(&h->rw);
	if ((r = infra_redis("GET ussd:%s", h->phone)) == NULL)
		return (KORE_RESULT_ERROR);
	h->stale = HOP_STALE_TRIES;
	(void)hop_load(h, r->type == REDIS_REPLY_STRING ? r->str : NULL,
	    r->type == REDIS_REPLY_STRING ? r->len : 0, 0);
	freeReplyObject(r);
	return (KORE_RESULT_OK);
}

/*
 * The state for the next hop.  An ended session with history leaves its
 * last screen for HOP_END_TTL: the aggregator sending that hop again gets
 * it again, a later hop of that session is told at once that it ended
 * (hop_load), a dial starts afresh.  Without history (SMPP, whose
 * session numbers repeat) an ended session leaves nothing.
 *
 * On the aggregator's contract (h->history: the text holds every input
 * so far, so a hop knows how many came before it) the command is only
 * written to Redis's socket, and the answer goes without waiting for
 * Redis's: one wait on Redis a hop instead of two (issue 13).  The next
 * hop's GET is sent after the caller has this answer, so after the SET:
 * on the same worker it follows it on the same connection; from another
 * worker Redis reads the SET's socket first, as it became readable
 * first.  Should a GET still find the state a hop behind (or no session
 * for a reply), hop_load() says so and it is read again, HOP_STALE_MS
 * later, up to HOP_STALE_TRIES times.  Kannel's SMPP hops and the
 * browser phone carry no history: their answer waits for Redis's.
 */
static int
hop_save(struct http_request *req, struct ussd_hop *h)
{
	redisReply	*r;
	char		 line[USSD_STATE_MAX];
	char		 val[USSD_STATE_MAX + USSD_SCREEN_BYTES + 160];
	int		 n, len, w, del, ttl;

	n = 0;
	if (h->rc != USSD_END || h->history) {
		if ((len = ussd_state_save(&h->st, line, sizeof(line))) == -1)
			return (KORE_RESULT_OK);
		n = snprintf(val, sizeof(val), "%s\n#%d %u %d %d\n%s%s",
		    h->sid, h->hops, h->textsum, h->rc, len, line, h->out);
		if (n < 0 || (size_t)n >= sizeof(val))
			return (KORE_RESULT_OK);
	}
	del = h->rc == USSD_END && !h->history;
	ttl = h->rc == USSD_END ? HOP_END_TTL : HOP_TTL;
	if (h->history)
		hop_local_put(h, h->rc == USSD_END ? NULL : val, (size_t)n);
	if (h->history && infra_redis_send("SET ussd:%s %b EX %d", h->phone,
	    val, (size_t)n, ttl) == 0)
		return (KORE_RESULT_OK);
	if (del)
		w = infra_redis_async(req, &h->db, &h->rw, "DEL ussd:%s",
		    h->phone);
	else
		w = infra_redis_async(req, &h->db, &h->rw, "SET ussd:%s %b "
		    "EX %d", h->phone, val, (size_t)n, ttl);
	if (w == INFRA_DB_WAIT)
		return (KORE_RESULT_RETRY);
	if (h->rw.type == INFRA_RW_DOWN) {
		if (del)
			r = infra_redis("DEL ussd:%s", h->phone);
		else
			r = infra_redis("SET ussd:%s %b EX %d", h->phone, val,
			    (size_t)n, ttl);
		if (r != NULL)
			freeReplyObject(r);
	}
	infra_rwait_clear(&h->rw);
	return (KORE_RESULT_OK);
}

static void
hop_failed(struct ussd_hop *h)
{
	(void)snprintf(h->out, sizeof(h->out), "%s",
	    ussd_menu_text(USSD_T_HINT_FAILED, h->st.lang));
	h->rc = USSD_END;
	h->recap[0] = '\0';
}

/* The menu's rows for this hop: from the memo, or one ussd_fetch(). */
static int
hop_fetch(struct http_request *req, struct ussd_hop *h)
{
	struct ussd_row	 rows[HOP_ROWS];
	struct hop_memo	*memo;
	const char	*args[7];
	char		 mkey[64];
	int		 r, n, i, q;

	n = 0;
	q = 0;
	memo = hop_memo_slot(h, mkey, sizeof(mkey));
	/* A query under way (db.state) is waited for, never redone. */
	if (h->req.need != USSD_NEED_NONE && (h->db.state != 0 ||
	    (n = hop_kept(h, memo, mkey, rows)) < 0)) {
		q = 1;
		(void)snprintf(h->off, sizeof(h->off), "%d", h->req.off);
		(void)snprintf(h->lim, sizeof(h->lim), "%d", h->req.lim);
		args[0] = h->phone;
		args[1] = ussd_need_kind(h->req.need);
		args[2] = hop_arg(h, 1);
		args[3] = hop_arg(h, 2);
		args[4] = infra_lang_code(h->st.lang);
		args[5] = h->off;
		args[6] = h->lim;
		r = infra_db_run(req, &h->db, SQL_USSD_FETCH, 7, args);
		if (r == INFRA_DB_WAIT)
			return (KORE_RESULT_RETRY);
		n = -1;
		if (r == INFRA_DB_OK) {
			n = infra_db_rows(&h->db);
			if (n > HOP_ROWS)
				n = HOP_ROWS;
			for (i = 0; i < n; i++) {
				rows[i].k = infra_db_get(&h->db, i, 0);
				rows[i].a = infra_db_get(&h->db, i, 1);
				rows[i].b = infra_db_get(&h->db, i, 2);
				rows[i].c = infra_db_get(&h->db, i, 3);
			}
			hop_rows(h, memo, mkey, rows, n);
		}
	}
	h->st.small = h->small;
	h->rc = ussd_menu_render(&h->st, &h->req, rows, n, h->out,
	    sizeof(h->out), h->recap, sizeof(h->recap));
	if (q)
		infra_db_next(&h->db);
	h->phase = PHASE_RECAP;
	return (KORE_RESULT_OK);
}

/* After an enrolment or application: its recap SMS, queued once. */
static int
hop_recap(struct http_request *req, struct ussd_hop *h)
{
	const char	*args[3];
	char		 dedup[160];
	int		 r;

	if (h->recap[0] != '\0') {
		/* SMPP session numbers repeat: the phone too. */
		(void)snprintf(dedup, sizeof(dedup), "ussd:%s:%s:%s:%s",
		    h->phone, h->sid, ussd_need_kind(h->req.need),
		    h->req.arg);
		args[0] = h->phone;
		args[1] = h->recap;
		args[2] = dedup;
		r = infra_db_run(req, &h->db, SQL_USSD_RECAP, 3, args);
		if (r == INFRA_DB_WAIT)
			return (KORE_RESULT_RETRY);
		if (r != INFRA_DB_OK)
			kore_log(LOG_NOTICE, "ussd: recap for %s lost",
			    h->sid);
		infra_db_next(&h->db);
	}
	h->phase = PHASE_SAVE;
	return (KORE_RESULT_OK);
}

int
ussd_hop_run(struct http_request *req, struct ussd_hop *h)
{
	int	r;

	if (h->phase == PHASE_LOAD) {
		if ((r = hop_get(req, h)) == KORE_RESULT_RETRY)
			return (r);
		if (r == KORE_RESULT_ERROR) {
			hop_failed(h);
			h->phase = PHASE_DONE;
			return (KORE_RESULT_OK);
		}
		if (h->resend) {
			h->phase = PHASE_DONE;
			return (KORE_RESULT_OK);
		}
		h->phase = PHASE_FETCH;
	}
	if (h->phase == PHASE_FETCH &&
	    hop_fetch(req, h) == KORE_RESULT_RETRY)
		return (KORE_RESULT_RETRY);
	if (h->phase == PHASE_RECAP &&
	    hop_recap(req, h) == KORE_RESULT_RETRY)
		return (KORE_RESULT_RETRY);
	if (h->phase == PHASE_SAVE) {
		if (hop_save(req, h) == KORE_RESULT_RETRY)
			return (KORE_RESULT_RETRY);
		h->phase = PHASE_DONE;
	}
	return (KORE_RESULT_OK);
}

/* A session id as aggregators make them: 1-64 of [A-Za-z0-9_.:-]. */
static int
hop_sid_ok(const char *s, int n)
{
	int	i;

	if (n < 1 || n > 64)
		return (0);
	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    s[i] == '_' || s[i] == '.' || s[i] == ':' || s[i] == '-'))
			return (0);
	return (1);
}

static int
ussd_http_reply(struct http_request *req, int status, int rc, const char *s)
{
	struct kore_buf	buf;

	kore_buf_init(&buf, 1024);
	kore_buf_appendf(&buf, "%s %s", rc == USSD_CON ? "CON" : "END", s);
	http_response_header(req, "content-type", "text/plain; charset=utf-8");
	http_response(req, status, buf.data, buf.offset);
	kore_buf_cleanup(&buf);
	return (KORE_RESULT_OK);
}

int
ussd_http(struct http_request *req)
{
	struct ussd_hop	*h;
	char		 key[160], num[64], *text;
	const char	*seg;
	size_t		 seglen;
	int		 i, n, r;

	h = infra_ctx(req, sizeof(*h));
	if (h->phase == PHASE_PARSE) {
		if (req->method != HTTP_METHOD_POST) {
			http_response_header(req, "allow", "POST");
			return (ussd_http_reply(req, 405, USSD_END,
			    "POST only"));
		}
		if (infra_arg(req, "key", key, sizeof(key)) == -1 ||
		    !infra_secret_eq(key, infra_conf.sms_secret))
			return (ussd_http_reply(req, 403, USSD_END,
			    "forbidden"));
		n = infra_form(req, "sessionId", h->sid, sizeof(h->sid));
		if (!hop_sid_ok(h->sid, n))
			return (ussd_http_reply(req, 400, USSD_END,
			    "bad sessionId"));
		n = infra_form(req, "phoneNumber", num, sizeof(num));
		if (n < 1 || (size_t)n >= sizeof(num) ||
		    infra_phone_normalize(num, h->phone,
		    sizeof(h->phone)) == -1)
			return (ussd_http_reply(req, 200, USSD_END,
			    ussd_menu_text(USSD_T_HINT_FAILED, HLANG_EN)));

		text = kore_malloc(HOP_TEXT_MAX);
		n = infra_form(req, "text", text, HOP_TEXT_MAX);
		if (n >= HOP_TEXT_MAX) {
			/* Too long to find its last segment: a hint. */
			h->dial = 0;
			h->inlen = USSD_INPUT_MAX + 1;
		} else if (n <= 0) {
			h->dial = 1;
		} else {
			h->hops = 1;
			h->textsum = 2166136261u;
			for (i = 0; i < n; i++) {
				if (text[i] == '*')
					h->prevsum = h->textsum;
				h->hops += text[i] == '*';
				h->textsum = (h->textsum ^
				    (unsigned char)text[i]) * 16777619u;
			}
			seglen = ussd_menu_segment(text, n, &seg);
			h->inlen = seglen;
			if (seglen > USSD_INPUT_MAX)
				seglen = USSD_INPUT_MAX;
			memcpy(h->input, seg, seglen);
			h->input[seglen] = '\0';
		}
		kore_free(text);
		h->history = 1;
		h->phase = PHASE_LOAD;
	}
	if ((r = ussd_hop_run(req, h)) == KORE_RESULT_RETRY)
		return (r);
	return (ussd_http_reply(req, 200, h->rc, h->out));
}
