/*
 * A worker's ear on PostgreSQL's NOTIFY, so that something a worker
 * keeps in memory can be trusted without asking the database on every
 * request: one connection per worker (libpq, never blocking: the connect
 * and the LISTEN advance a step at a time, each time the generation is
 * asked for and on a one-second timer), LISTENing on the channels the
 * callers name.
 *
 * infra_listen_gen(channel) drains what has arrived (a recv that would
 * block returns at once) and answers the channel's generation: a number
 * that grows on every notification of the channel and on every
 * (re)connection, or 0 while the worker is not listening -- then nothing
 * kept may be trusted, and the caller asks the database as before.  So a
 * caller keeps an answer together with the generation it read BEFORE it
 * asked the database, and uses it only while infra_listen_gen() still
 * answers that number: a change committed meanwhile has already bumped
 * it, or will on its notification.
 *
 * infra_listen_gen_key(channel, key) is the same for one key of the
 * channel: a notification whose payload is that key moves it on, and so
 * does one with an empty payload, or a (re)connection, which move every
 * key of the channel.  A thing kept per key (ussd/ussd_who.c: the
 * dial's person, by number) then survives the changes of the others.
 * Keys share LISTEN_KEYS generations by their hash: a collision only
 * makes a key move on more often than it must.
 *
 * The connection goes straight to the primary (HUNAR_PG_LISTEN_PORT,
 * default HUNAR_PG_PORT): pgBouncer's transaction pool would lose a
 * LISTEN.  A lost connection is 0 until it is back (retried every
 * second), and every generation moves on then: what was missed while
 * deaf is not trusted.
 */
#include <poll.h>
#include <stdio.h>
#include <string.h>

#include <kore/kore.h>

#include <libpq-fe.h>

#include "infra/infra_kore.h"

#define LISTEN_MAX		8
#define LISTEN_RETRY_MS		1000
#define LISTEN_KEYS		4096	/* generations of payloads, hashed */

#define L_IDLE		0	/* no connection; another try after `retry` */
#define L_CONNECTING	1	/* PQconnectPoll() under way */
#define L_ASKING	2	/* LISTEN sent, its answers not all in */
#define L_READY		3	/* listening: generations can be trusted */

static struct {
	PGconn			*conn;
	int			 state;
	int			 poll_for;	/* PGRES_POLLING_READING/WRITING */
	u_int64_t		 retry;		/* kore_time_ms() of the next try */
	u_int64_t		 gen;		/* the last generation handed out */
	int			 n;
	char			 chan[LISTEN_MAX][64];
	u_int64_t		 chan_gen[LISTEN_MAX];
	u_int64_t		 chan_all[LISTEN_MAX];	/* every key's too */
	u_int64_t		 key_gen[LISTEN_KEYS];
	struct kore_timer	*timer;
} ls;

static u_int32_t
listen_key(int chan, const char *key)
{
	return ((infra_hash(key) + (u_int32_t)chan) % LISTEN_KEYS);
}

static void
listen_drop(const char *why)
{
	if (ls.conn != NULL) {
		if (why != NULL)
			kore_log(LOG_NOTICE, "listen: %s: %s", why,
			    PQerrorMessage(ls.conn));
		PQfinish(ls.conn);
	}
	ls.conn = NULL;
	ls.state = L_IDLE;
	ls.retry = kore_time_ms() + LISTEN_RETRY_MS;
}

static void
listen_start(void)
{
	char	dsn[320];

	/* Kore's own database (infra_config.c), on the primary. */
	(void)snprintf(dsn, sizeof(dsn), "host=127.0.0.1 port=%s user=hunar "
	    "dbname=hunar sslmode=disable gssencmode=disable "
	    "application_name=hunar_kore_listen keepalives_idle=30",
	    infra_env("HUNAR_PG_LISTEN_PORT", infra_env("HUNAR_PG_PORT",
	    "15432")));
	if ((ls.conn = PQconnectStart(dsn)) == NULL ||
	    PQstatus(ls.conn) == CONNECTION_BAD) {
		listen_drop("connect");
		return;
	}
	ls.state = L_CONNECTING;
	ls.poll_for = PGRES_POLLING_WRITING;
}

/* 1 when the socket is ready for what libpq waits for (no waiting). */
static int
listen_ready(int events)
{
	struct pollfd	pfd;

	pfd.fd = PQsocket(ls.conn);
	pfd.events = (short)events;
	pfd.revents = 0;
	return (pfd.fd >= 0 && poll(&pfd, 1, 0) > 0);
}

/* Connected: LISTEN on every channel, in one round trip. */
static void
listen_ask(void)
{
	char	sql[LISTEN_MAX * 80];
	size_t	off;
	int	i;

	sql[0] = '\0';
	for (i = 0, off = 0; i < ls.n && off < sizeof(sql); i++)
		off += (size_t)snprintf(sql + off, sizeof(sql) - off,
		    "LISTEN %s;", ls.chan[i]);
	if (PQsetnonblocking(ls.conn, 1) != 0 ||
	    !PQsendQuery(ls.conn, sql)) {
		listen_drop("LISTEN");
		return;
	}
	ls.state = L_ASKING;
}

static void
listen_connect_step(void)
{
	PostgresPollingStatusType	r;

	if (!listen_ready(ls.poll_for == PGRES_POLLING_READING ? POLLIN :
	    POLLOUT))
		return;
	r = PQconnectPoll(ls.conn);
	if (r == PGRES_POLLING_FAILED)
		listen_drop("connect");
	else if (r == PGRES_POLLING_OK)
		listen_ask();
	else
		ls.poll_for = r;
}

/* The LISTENs' answers; all in: every generation moves on. */
static void
listen_ask_step(void)
{
	PGresult	*res;
	int		 i;

	if (!PQconsumeInput(ls.conn)) {
		listen_drop("LISTEN");
		return;
	}
	while (!PQisBusy(ls.conn)) {
		if ((res = PQgetResult(ls.conn)) == NULL) {
			for (i = 0; i < ls.n; i++)
				ls.chan_gen[i] = ls.chan_all[i] = ++ls.gen;
			ls.state = L_READY;
			return;
		}
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			PQclear(res);
			listen_drop("LISTEN");
			return;
		}
		PQclear(res);
	}
}

static void
listen_drain(void)
{
	PGnotify	*n;
	int		 i;

	if (!PQconsumeInput(ls.conn) || PQstatus(ls.conn) != CONNECTION_OK) {
		listen_drop("lost");
		return;
	}
	while ((n = PQnotifies(ls.conn)) != NULL) {
		for (i = 0; i < ls.n; i++) {
			if (strcmp(ls.chan[i], n->relname) != 0)
				continue;
			ls.chan_gen[i] = ++ls.gen;
			if (n->extra == NULL || n->extra[0] == '\0')
				ls.chan_all[i] = ls.gen;
			else
				ls.key_gen[listen_key(i, n->extra)] = ls.gen;
		}
		PQfreemem(n);
	}
}

/* One step of whatever is under way; never waits. */
static void
listen_step(void)
{
	switch (ls.state) {
	case L_IDLE:
		if (ls.n > 0 && kore_time_ms() >= ls.retry)
			listen_start();
		break;
	case L_CONNECTING:
		listen_connect_step();
		break;
	case L_ASKING:
		listen_ask_step();
		break;
	default:
		listen_drain();
		break;
	}
}

static void
listen_tick(void *arg, u_int64_t now)
{
	(void)arg;
	(void)now;
	listen_step();
}

/* A new channel: (re)connect to LISTEN on it too. */
static int
listen_add(const char *channel)
{
	size_t	i;

	if (ls.n == LISTEN_MAX || strlen(channel) >= sizeof(ls.chan[0]))
		return (-1);
	for (i = 0; channel[i] != '\0'; i++)
		if (!((channel[i] >= 'a' && channel[i] <= 'z') ||
		    channel[i] == '_' || (i > 0 && channel[i] >= '0' &&
		    channel[i] <= '9')))
			return (-1);
	(void)kore_strlcpy(ls.chan[ls.n], channel, sizeof(ls.chan[0]));
	ls.chan_gen[ls.n] = ls.chan_all[ls.n] = 0;
	if (ls.timer == NULL)
		ls.timer = kore_timer_add(listen_tick, LISTEN_RETRY_MS, NULL,
		    0);
	listen_drop(NULL);
	ls.retry = 0;
	return (ls.n++);
}

/* The channel's index, listening on it (-1: no room), after a step. */
static int
listen_chan(const char *channel)
{
	int	i;

	for (i = 0; i < ls.n; i++)
		if (strcmp(ls.chan[i], channel) == 0)
			break;
	if (i == ls.n && (i = listen_add(channel)) < 0)
		return (-1);
	listen_step();
	if (ls.state == L_CONNECTING)
		listen_step();
	if (ls.state == L_ASKING)
		listen_step();
	return (i);
}

u_int64_t
infra_listen_gen(const char *channel)
{
	int	i;

	if ((i = listen_chan(channel)) < 0)
		return (0);
	return (ls.state == L_READY ? ls.chan_gen[i] : 0);
}

u_int64_t
infra_listen_gen_key(const char *channel, const char *key)
{
	u_int64_t	g;
	int		i;

	if ((i = listen_chan(channel)) < 0 || ls.state != L_READY)
		return (0);
	g = ls.key_gen[listen_key(i, key)];
	return (g > ls.chan_all[i] ? g : ls.chan_all[i]);
}
