/*
 * For Hunar's plain programs (each domain's hunar_*.c): their PostgreSQL connection,
 * and the wait between rounds, which every daemon spends on its LISTEN
 * connection.
 */
#include <sys/select.h>

#include <libpq-fe.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "infra/infra.h"

static char	pgd_name[64] = "daemon";	/* as infra_pgd_connect() named it */
static volatile sig_atomic_t	*pgd_quit;	/* infra_pgd_signals() */

static void
pgd_signal(int sig)
{
	(void)sig;
	if (pgd_quit != NULL)
		*pgd_quit = 1;
}

/*
 * A plain program's start: stdout line-buffered for the logs, SIGTERM
 * and SIGINT set *quit (the loop ends after its round), SIGPIPE ignored
 * (a peer gone is an error return, not a death).
 */
void
infra_pgd_signals(volatile sig_atomic_t *quit)
{
	pgd_quit = quit;
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGTERM, pgd_signal);
	signal(SIGINT, pgd_signal);
	signal(SIGPIPE, SIG_IGN);
}

/*
 * The daemons' shared options, before their own: -1 runs one round,
 * -i the seconds between rounds at most (1 at least).  1 when ch was
 * one of them (d set), 0 when it is the daemon's own.
 */
int
infra_pgd_option(struct infra_daemon *d, int ch, const char *arg)
{
	switch (ch) {
	case '1':
		d->once = 1;
		return (1);
	case 'i':
		d->interval = atoi(arg);
		if (d->interval < 1)
			d->interval = 1;
		return (1);
	}
	return (0);
}

/*
 * Connects as `app` to the database of the environment (HUNAR_PG_PORT,
 * HUNAR_PG_DB) and listens on `channel` (none when NULL).  NULL, with
 * the reason on stderr, when the server cannot be reached.
 */
struct pg_conn *
infra_pgd_connect(const char *app, const char *channel)
{
	PGconn		*db;
	PGresult	*res;
	char		 dsn[256], sql[96];
	const char	*port, *name;

	if ((name = getenv("HUNAR_PG_DB")) == NULL || *name == '\0')
		name = "hunar";
	if ((port = getenv("HUNAR_PG_PORT")) == NULL || *port == '\0')
		port = "15432";
	(void)snprintf(dsn, sizeof(dsn), "host=127.0.0.1 port=%s user=hunar "
	    "dbname=%s sslmode=disable gssencmode=disable connect_timeout=3 "
	    "application_name=%s", port, name, app);
	(void)snprintf(pgd_name, sizeof(pgd_name), "%s", app);
	infra_pg_password();
	db = PQconnectdb(dsn);
	if (PQstatus(db) != CONNECTION_OK) {
		fprintf(stderr, "%s: postgresql: %s", app, PQerrorMessage(db));
		PQfinish(db);
		return (NULL);
	}
	if (channel != NULL) {
		(void)snprintf(sql, sizeof(sql), "LISTEN %s", channel);
		res = PQexec(db, sql);
		if (PQresultStatus(res) != PGRES_COMMAND_OK)
			fprintf(stderr, "%s: LISTEN %s: %s", app, channel,
			    PQerrorMessage(db));
		PQclear(res);
	}
	return (db);
}

/*
 * Sleeps until a NOTIFY on db, a signal, or `secs` went by; beats first,
 * under the name the daemon connected with.
 */
void
infra_pgd_wait(struct pg_conn *db, int secs)
{
	struct timeval	 tv;
	fd_set		 rfds;
	PGnotify	*nt;
	int		 fd;

	infra_pgd_beat(db, pgd_name);
	fd = PQsocket(db);
	if (fd < 0) {
		sleep((unsigned int)secs);
		return;
	}
	FD_ZERO(&rfds);
	FD_SET(fd, &rfds);
	tv.tv_sec = secs;
	tv.tv_usec = 0;
	if (select(fd + 1, &rfds, NULL, NULL, &tv) > 0) {
		(void)PQconsumeInput(db);
		while ((nt = PQnotifies(db)) != NULL)
			PQfreemem(nt);
	}
}

#define INFRA_BEAT_S	5

/*
 * The daemon's heartbeat (infra/sql/V0014): its row in daemon_heartbeat,
 * at most every INFRA_BEAT_S seconds; /healthz reads the ages.  A failed
 * beat is not an error of the daemon's work: it is only not written.
 */
void
infra_pgd_beat(struct pg_conn *db, const char *name)
{
	static time_t	 last, started;
	PGresult	*res;
	char		 pid[16], since[24];
	const char	*p[3];
	time_t		 now;

	now = time(NULL);
	if (db == NULL || (last != 0 && now - last < INFRA_BEAT_S))
		return;
	if (started == 0)
		started = now;
	last = now;
	(void)snprintf(pid, sizeof(pid), "%d", (int)getpid());
	(void)snprintf(since, sizeof(since), "%lld", (long long)started);
	p[0] = name;
	p[1] = pid;
	p[2] = since;
	res = PQexecParams(db, "INSERT INTO daemon_heartbeat (name, pid, "
	    "started_at, beat_at) VALUES ($1, $2::int, to_timestamp($3::"
	    "bigint), now()) ON CONFLICT (name) DO UPDATE SET pid = "
	    "EXCLUDED.pid, started_at = EXCLUDED.started_at, beat_at = now()",
	    3, NULL, p, NULL, NULL, 0);
	PQclear(res);
}

/*
 * The daemons' one main loop: connect (backing off 1 s to 30 s while
 * PostgreSQL is away), ask the daemon whether it is ready before each
 * round (d->ready, if any: a sender settles what a crash left first;
 * not ready yet: try again in 2 s), run rounds while a round comes back
 * full (d->batch: more may be due), then sleep on the LISTEN connection
 * until a NOTIFY or d->interval seconds; a round's -1 with the link gone
 * starts over on a new connection.  With d->once, one round and back.
 * Returns 0, or -1 when the last round failed or none ran.
 */
int
infra_pgd_run(struct infra_daemon *d)
{
	struct pg_conn	*db;
	int		 backoff, n, ready;

	db = NULL;
	backoff = 1;
	ready = 1;
	n = -1;
	while (!*d->quit) {
		if (db == NULL &&
		    (db = infra_pgd_connect(d->name, d->channel)) == NULL) {
			if (d->once)
				break;
			sleep((unsigned int)backoff);
			backoff = backoff < 30 ? backoff * 2 : 30;
			continue;
		}
		backoff = 1;
		if (d->ready != NULL && !(ready = d->ready(db, d->arg))) {
			if (d->once)
				break;
			if (PQstatus(db) != CONNECTION_OK) {
				PQfinish(db);
				db = NULL;
			} else
				infra_pgd_wait(db, 2);
			continue;
		}
		do {
			n = d->round(db, d->arg);
		} while (n == d->batch && !*d->quit);
		if (n < 0 && PQstatus(db) != CONNECTION_OK) {
			PQfinish(db);
			db = NULL;
			continue;
		}
		if (d->once)
			break;
		infra_pgd_wait(db, d->interval);
	}
	if (db != NULL)
		PQfinish(db);
	return (n < 0 || !ready ? -1 : 0);
}
