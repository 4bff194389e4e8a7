/*
 * hunar_phone: the browser phone's line to Kannel (issue 11, deliverable
 * 7).  It plays the operator's side of a second fake SMSC connection
 * (smsc-id "phone", infra/kannel.conf.in), so that what someone types on
 * /phone travels the real path: this program -> bearerbox -> smsbox ->
 * hunar_spool -> Kore, and the reply (or any message Hunar sends to the
 * phone's number later) comes back through bearerbox to here.
 *
 *	Kore (/phone)  --RPUSH phone:mo "<number>\t<text>"-->  Redis
 *	hunar_phone    --LPOP phone:mo--> "<number> 8282 text|ucs2 ..." --> bearerbox
 *	bearerbox      --"8282 <number> [udh ..] text|data|ucs-2 ..."--> hunar_phone
 *	hunar_phone    --RPUSH phone:log:<number> "<<ms> <text>"-->  Redis (the page)
 *
 * Why Redis between Kore and this program, not a socket of its own:
 * every Kore worker already speaks Redis (with its password, when one is
 * set), so the page needs no new listener, secret or blocking call; a
 * message typed while this program or Kannel is down waits in the list
 * and goes when the line is back, as a phone's outbox would.
 *
 * Only numbers in the browser phone's range (HUNAR_PHONE_PREFIX, 92399)
 * are routed here: Kannel sends every message for them, replies and
 * outbox alike, to this connection and never to an operator.
 *
 * Heartbeat: daemon_heartbeat (/healthz) every 5 s, and "phone:up" in
 * Redis while bearerbox holds the line (the page shows "no signal"
 * without it).  Runs only when HUNAR_PHONE=1 (infra/stack leaves it out
 * otherwise).
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <errno.h>
#include <hiredis/hiredis.h>
#include <libpq-fe.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "infra/infra.h"
#include "ussd/ussd.h"

#define PHONE_LOG_KEEP	40	/* entries kept per number */
#define PHONE_LOG_TTL	86400	/* a number's log lives a day */
#define PHONE_UP_TTL	10	/* phone:up outlives a beat by this */
#define PHONE_MO_BATCH	32	/* MO popped per round */
#define PHONE_LINE_MAX	8192	/* bytes of one line from bearerbox */

static volatile sig_atomic_t	phone_quit;

struct phone;
static void	phone_flush(struct phone *);

struct phone {
	int			 bb;		/* bearerbox, or -1 */
	int			 port;
	char			 shortcode[32];
	redisContext		*rds;
	struct pg_conn		*db;
	time_t			 db_try;
	time_t			 up_at;
	char			 in[PHONE_LINE_MAX];
	size_t			 inlen;
	struct ussd_phone_asm	 as;
	char			 text[USSD_PHONE_TEXT_MAX];
	char			 entry[USSD_PHONE_TEXT_MAX + 32];
	/* A "text" message, until its continuation lines are in. */
	int			 pending;
	char			 pend_to[24];
	char			 pend[USSD_PHONE_TEXT_MAX];
	size_t			 pendlen;
};

static const char *
phone_env(const char *name, const char *def)
{
	const char	*v;

	if ((v = getenv(name)) == NULL || *v == '\0')
		return (def);
	return (v);
}

static long long
phone_ms(void)
{
	struct timeval	tv;

	(void)gettimeofday(&tv, NULL);
	return ((long long)tv.tv_sec * 1000 + tv.tv_usec / 1000);
}

/* One Redis command; NULL (and the context dropped) on any trouble. */
static redisReply *
phone_redis(struct phone *ph, const char *fmt, ...)
{
	redisReply	*r;
	char		 err[128];
	va_list		 ap;

	if (ph->rds == NULL &&
	    (ph->rds = infra_redis_open(1000, err, sizeof(err))) == NULL) {
		fprintf(stderr, "hunar_phone: redis: %s\n", err);
		return (NULL);
	}
	va_start(ap, fmt);
	r = redisvCommand(ph->rds, fmt, ap);
	va_end(ap);
	if (r == NULL) {
		redisFree(ph->rds);
		ph->rds = NULL;
		return (NULL);
	}
	if (r->type == REDIS_REPLY_ERROR) {
		fprintf(stderr, "hunar_phone: redis: %s\n", r->str);
		freeReplyObject(r);
		return (NULL);
	}
	return (r);
}

static void
phone_bb_close(struct phone *ph, const char *why)
{
	if (ph->bb == -1)
		return;
	phone_flush(ph);
	fprintf(stderr, "hunar_phone: bearerbox: %s\n", why);
	(void)close(ph->bb);
	ph->bb = -1;
	ph->inlen = 0;
}

/* Connects to bearerbox's fake SMSC for the phone; 0 or -1. */
static int
phone_bb_open(struct phone *ph)
{
	struct sockaddr_in	sin;
	int			fd;

	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return (-1);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((unsigned short)ph->port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1) {
		(void)close(fd);
		return (-1);
	}
	ph->bb = fd;
	ph->inlen = 0;
	printf("hunar_phone: connected to bearerbox on 127.0.0.1:%d\n",
	    ph->port);
	return (0);
}

/* Writes all of buf to bearerbox; -1 (and the line closed) on error. */
static int
phone_bb_write(struct phone *ph, const char *buf, size_t len)
{
	ssize_t	n;

	while (len > 0) {
		n = write(ph->bb, buf, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			phone_bb_close(ph, "write failed");
			return (-1);
		}
		buf += n;
		len -= (size_t)n;
	}
	return (0);
}

/* A whole message for `to`: onto its log, newest last. */
static void
phone_deliver(struct phone *ph, const char *to, const char *text)
{
	redisReply	*r;
	char		 num[16], head[32];
	size_t		 hl, tl;

	/* Only the phone's numbers are routed here; anything else is odd. */
	if (infra_phone_normalize(to, num, sizeof(num)) == -1) {
		fprintf(stderr, "hunar_phone: message for %s dropped\n", to);
		return;
	}
	/* One argument: hiredis splits a format at its spaces. */
	hl = (size_t)snprintf(head, sizeof(head), "<%lld ", phone_ms());
	tl = strlen(text);
	if (hl + tl >= sizeof(ph->entry))
		tl = infra_utf8_cut(text, tl, sizeof(ph->entry) - hl - 1);
	memcpy(ph->entry, head, hl);
	memcpy(ph->entry + hl, text, tl);
	if ((r = phone_redis(ph, "RPUSH phone:log:%s %b", num, ph->entry,
	    hl + tl)) == NULL) {
		fprintf(stderr, "hunar_phone: message for %s lost (redis)\n",
		    num);
		return;
	}
	freeReplyObject(r);
	if ((r = phone_redis(ph, "LTRIM phone:log:%s %d -1", num,
	    -PHONE_LOG_KEEP)) != NULL)
		freeReplyObject(r);
	if ((r = phone_redis(ph, "EXPIRE phone:log:%s %d", num,
	    PHONE_LOG_TTL)) != NULL)
		freeReplyObject(r);
}

static void
phone_flush(struct phone *ph)
{
	if (!ph->pending)
		return;
	ph->pend[ph->pendlen] = '\0';
	phone_deliver(ph, ph->pend_to, ph->pend);
	ph->pending = 0;
}

/*
 * A line that is no message: the rest of a "text" message, whose
 * newline bearerbox wrote as it is (a quiz's answer lines).
 */
static void
phone_more(struct phone *ph, const char *line, size_t len)
{
	if (!ph->pending || ph->pendlen + 1 + len >= sizeof(ph->pend)) {
		fprintf(stderr, "hunar_phone: a line that is not a message "
		    "(%zu bytes)\n", len);
		return;
	}
	ph->pend[ph->pendlen++] = '\n';
	memcpy(ph->pend + ph->pendlen, line, len);
	ph->pendlen += len;
}

/* Every whole line read from bearerbox, parsed and put together. */
static void
phone_bb_lines(struct phone *ph)
{
	struct ussd_phone_part	 pt;
	char			 to[24], *nl, *line;
	size_t			 len, used;

	used = 0;
	while ((nl = memchr(ph->in + used, '\n', ph->inlen - used)) != NULL) {
		line = ph->in + used;
		len = (size_t)(nl - line);
		used += len + 1;
		if (len > 0 && line[len - 1] == '\r')
			len--;
		if (ussd_phone_mt_parse(line, len, &pt) == -1) {
			phone_more(ph, line, len);
			continue;
		}
		phone_flush(ph);
		if (ussd_phone_asm_add(&ph->as, &pt, (long long)time(NULL),
		    ph->text, sizeof(ph->text), to, sizeof(to)) != 1)
			continue;
		if (pt.plain && pt.total <= 1) {
			ph->pending = 1;
			(void)snprintf(ph->pend_to, sizeof(ph->pend_to), "%s",
			    to);
			ph->pendlen = strlen(ph->text);
			memcpy(ph->pend, ph->text, ph->pendlen);
		} else
			phone_deliver(ph, to, ph->text);
	}
	memmove(ph->in, ph->in + used, ph->inlen - used);
	ph->inlen -= used;
}

static void
phone_bb_read(struct phone *ph)
{
	ssize_t	n;

	n = read(ph->bb, ph->in + ph->inlen, sizeof(ph->in) - ph->inlen);
	if (n == -1 && errno == EINTR)
		return;
	if (n <= 0) {
		phone_bb_close(ph, n == 0 ? "closed the line" : "read failed");
		return;
	}
	ph->inlen += (size_t)n;
	phone_bb_lines(ph);
	/* A line longer than the buffer is no message of ours. */
	if (ph->inlen == sizeof(ph->in)) {
		fprintf(stderr, "hunar_phone: overlong line dropped\n");
		ph->inlen = 0;
	}
}

/*
 * MO messages Kore queued, to bearerbox; each is popped only while the
 * line is up, so nothing is popped to be lost.
 */
static void
phone_mo(struct phone *ph)
{
	redisReply	*r, *rr;
	char		 line[USSD_PHONE_TEXT_MAX * 3], *tab;
	int		 i, n;

	for (i = 0; i < PHONE_MO_BATCH && ph->bb != -1; i++) {
		if ((r = phone_redis(ph, "LPOP phone:mo")) == NULL)
			return;
		if (r->type != REDIS_REPLY_STRING) {
			freeReplyObject(r);
			return;
		}
		tab = memchr(r->str, '\t', r->len);
		n = -1;
		if (tab != NULL && strlen(r->str) == r->len) {
			*tab = '\0';
			n = ussd_phone_mo_line(r->str, ph->shortcode, tab + 1,
			    line, sizeof(line));
		}
		if (n == -1)
			fprintf(stderr, "hunar_phone: a queued message that "
			    "cannot be sent (%zu bytes)\n", r->len);
		else if (phone_bb_write(ph, line, (size_t)n) == -1) {
			/* Back to the head of the queue for the next line. */
			*tab = '\t';
			rr = phone_redis(ph, "LPUSH phone:mo %b", r->str,
			    r->len);
			if (rr != NULL)
				freeReplyObject(rr);
			freeReplyObject(r);
			return;
		}
		freeReplyObject(r);
	}
}

/* The heartbeats: daemon_heartbeat, and phone:up while the line is up. */
static void
phone_beat(struct phone *ph)
{
	redisReply	*r;
	time_t		 now;

	now = time(NULL);
	if (ph->db != NULL && PQstatus(ph->db) != CONNECTION_OK) {
		PQfinish(ph->db);
		ph->db = NULL;
	}
	if (ph->db == NULL && now - ph->db_try >= 5) {
		ph->db_try = now;
		ph->db = infra_pgd_connect("hunar_phone", NULL);
	}
	infra_pgd_beat(ph->db, "hunar_phone");
	if (ph->bb != -1 && now - ph->up_at >= 2) {
		ph->up_at = now;
		if ((r = phone_redis(ph, "SET phone:up %lld EX %d",
		    (long long)now, PHONE_UP_TTL)) != NULL)
			freeReplyObject(r);
	}
}

static void
phone_loop(struct phone *ph)
{
	struct pollfd	pfd;
	time_t		last_try;
	int		backoff;

	last_try = 0;
	backoff = 1;
	while (!phone_quit) {
		if (ph->bb == -1 && time(NULL) - last_try >= backoff) {
			last_try = time(NULL);
			if (phone_bb_open(ph) == -1)
				backoff = backoff < 8 ? backoff * 2 : 8;
			else
				backoff = 1;
		}
		phone_beat(ph);
		if (ph->bb == -1) {
			(void)usleep(200 * 1000);
			continue;
		}
		pfd.fd = ph->bb;
		pfd.events = POLLIN;
		pfd.revents = 0;
		/* Kore's messages are polled from Redis every round. */
		if (poll(&pfd, 1, 150) > 0)
			phone_bb_read(ph);
		else
			phone_flush(ph);
		phone_mo(ph);
	}
}

int
main(void)
{
	struct phone	*ph;

	infra_pgd_signals(&phone_quit);
	if (strcmp(phone_env("HUNAR_PHONE", "0"), "1") != 0) {
		fprintf(stderr, "hunar_phone: HUNAR_PHONE is not 1: the "
		    "browser phone is off\n");
		return (0);
	}
	if ((ph = calloc(1, sizeof(*ph))) == NULL)
		return (1);
	ph->bb = -1;
	ph->port = atoi(phone_env("HUNAR_PHONE_SMSC_PORT", "10050"));
	(void)snprintf(ph->shortcode, sizeof(ph->shortcode), "%s",
	    phone_env("HUNAR_SHORTCODE", "8282"));
	printf("hunar_phone: up (bearerbox's phone SMSC on 127.0.0.1:%d, "
	    "short code %s)\n", ph->port, ph->shortcode);
	phone_loop(ph);
	phone_bb_close(ph, "shutting down");
	/* Stopped on purpose (or turned off): /healthz forgets it. */
	if (ph->db != NULL) {
		PQclear(PQexec(ph->db, "DELETE FROM daemon_heartbeat WHERE "
		    "name = 'hunar_phone'"));
		PQfinish(ph->db);
	}
	if (ph->rds != NULL)
		redisFree(ph->rds);
	free(ph);
	printf("hunar_phone: down\n");
	return (0);
}
