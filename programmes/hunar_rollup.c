/*
 * hunar_rollup: keeps the programmes' dashboards fresh and sends the
 * mentor reminders.
 *
 *	hunar_rollup [-1] [-r refresh-seconds] [-i reminder-seconds]
 *
 * Every -r seconds (30) it runs prog_rollup_refresh(), which rebuilds
 * the rollup tables from the raw rows in one transaction (readers see
 * the previous rollup until it commits), so a dashboard is at most a
 * refresh plus its run time old.  Every -i seconds (5), or at once when
 * a booking NOTIFYs prog_due, it renders the reminders that are due
 * (prog_reminder(), in each person's language) and queues them with
 * prog_reminder_queue(), which writes both outbox rows and marks the
 * slot in one transaction: killed anywhere, it sends nothing twice.
 */
#include <libpq-fe.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "infra/infra.h"
#include "programmes/programmes.h"

static volatile sig_atomic_t	rollup_quit;

/* One refresh; -1 on a database error. */
static int
rollup_refresh(PGconn *db)
{
	PGresult	*res;
	int		 rc;

	res = PQexec(db, "SELECT * FROM prog_rollup_refresh()");
	rc = PQresultStatus(res) == PGRES_TUPLES_OK ? 0 : -1;
	if (rc == 0)
		printf("hunar_rollup: refreshed %s learners in %s ms\n",
		    PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 0));
	else
		fprintf(stderr, "hunar_rollup: refresh: %s",
		    PQerrorMessage(db));
	PQclear(res);
	return (rc);
}

/* Queues one slot's two reminders. */
static int
rollup_remind_one(PGconn *db, PGresult *due, int i)
{
	PGresult	*res;
	const char	*args[3];
	char		 learner[480], mentor[480];
	int		 rc;

	/* slot, when, hub, l phone, l lang, l name, m phone, m lang, m name */
	(void)prog_reminder(0, PQgetvalue(due, i, 4), PQgetvalue(due, i, 8),
	    PQgetvalue(due, i, 2), PQgetvalue(due, i, 1), learner,
	    sizeof(learner));
	(void)prog_reminder(1, PQgetvalue(due, i, 7), PQgetvalue(due, i, 5),
	    PQgetvalue(due, i, 2), PQgetvalue(due, i, 1), mentor,
	    sizeof(mentor));
	args[0] = PQgetvalue(due, i, 0);
	args[1] = learner;
	args[2] = mentor;
	res = PQexecParams(db, "SELECT prog_reminder_queue($1::bigint, $2, $3)",
	    3, NULL, args, NULL, NULL, 0);
	rc = PQresultStatus(res) == PGRES_TUPLES_OK ? 0 : -1;
	if (rc != 0)
		fprintf(stderr, "hunar_rollup: reminder %s: %s", args[0],
		    PQerrorMessage(db));
	PQclear(res);
	return (rc);
}

/* The reminders due; the number queued, or -1 on a database error. */
static int
rollup_remind(PGconn *db)
{
	PGresult	*due;
	int		 i, n;

	due = PQexec(db, "SELECT * FROM prog_reminders_due(50)");
	if (PQresultStatus(due) != PGRES_TUPLES_OK) {
		fprintf(stderr, "hunar_rollup: reminders: %s",
		    PQerrorMessage(db));
		PQclear(due);
		return (-1);
	}
	n = PQntuples(due);
	for (i = 0; i < n; i++)
		if (rollup_remind_one(db, due, i) == -1) {
			PQclear(due);
			return (-1);
		}
	if (n > 0)
		printf("hunar_rollup: %d reminder pair(s) queued\n", n);
	PQclear(due);
	return (n);
}

static int
rollup_usage(void)
{
	fprintf(stderr, "usage: hunar_rollup [-1] [-r refresh-seconds] "
	    "[-i reminder-seconds]\n");
	return (2);
}

int
main(int argc, char **argv)
{
	PGconn		*db;
	time_t		 last;
	int		 ch, once, every, poll, bad;

	once = 0;
	bad = 0;
	every = 30;
	poll = 5;
	while ((ch = getopt(argc, argv, "1r:i:")) != -1) {
		switch (ch) {
		case '1':
			once = 1;
			break;
		case 'r':
			every = atoi(optarg) > 0 ? atoi(optarg) : 1;
			break;
		case 'i':
			poll = atoi(optarg) > 0 ? atoi(optarg) : 1;
			break;
		default:
			return (rollup_usage());
		}
	}
	infra_pgd_signals(&rollup_quit);
	db = NULL;
	last = 0;
	while (!rollup_quit) {
		if (db == NULL &&
		    (db = infra_pgd_connect("hunar_rollup", "prog_due")) == NULL) {
			if (once)
				return (1);
			sleep(2);
			continue;
		}
		bad = rollup_remind(db) < 0;
		if (!bad && time(NULL) - last >= every) {
			bad = rollup_refresh(db) < 0;
			last = time(NULL);
		}
		if (bad && PQstatus(db) != CONNECTION_OK) {
			PQfinish(db);
			db = NULL;
			continue;
		}
		if (once)
			break;
		infra_pgd_wait(db, poll);
	}
	if (db != NULL)
		PQfinish(db);
	return (bad ? 1 : 0);
}
