/*
 * hunar_rollup: keeps the programmes' dashboards fresh and sends the
 * mentor reminders.
 *
 *	hunar_rollup [-1] [-r refresh-seconds] [-i reminder-seconds]
 *
 * Every -r seconds (30) it runs prog_rollup_refresh(), which recomputes
 * the people who changed since the last refresh (a full rebuild only
 * after a change that moves many: a programme's courses, a district's
 * province) in one transaction (readers see the previous rollup until
 * it commits), so a dashboard is at most a refresh plus its run time
 * old.  Every -i seconds (5), or at once when
 * a booking NOTIFYs prog_due, it renders the reminders that are due
 * (prog_reminder(), in each person's language) and queues them with
 * prog_reminder_queue(), which writes both outbox rows and marks the
 * slot in one transaction: killed anywhere, it sends nothing twice.
 * In the same rounds it removes from Redis every key that holds a
 * person erased by prog_forget() (their number, their user id: web
 * sessions, the USSD session, rate limits, login codes): the rows of
 * prog_forget_traces, each removed once Redis has done it.
 */
#include <hiredis/hiredis.h>
#include <libpq-fe.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "infra/infra.h"
#include "programmes/programmes.h"

static volatile sig_atomic_t	rollup_quit;
static redisContext		*rollup_rds;

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

	/*
	 * slot, when, hub (the learner's words), l phone, l lang, l name,
	 * m phone, m lang, m name, hub (the mentor's words)
	 */
	(void)prog_reminder(0, PQgetvalue(due, i, 4), PQgetvalue(due, i, 8),
	    PQgetvalue(due, i, 2), PQgetvalue(due, i, 1), learner,
	    sizeof(learner));
	(void)prog_reminder(1, PQgetvalue(due, i, 7), PQgetvalue(due, i, 5),
	    PQgetvalue(due, i, 9), PQgetvalue(due, i, 1), mentor,
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

/* One Redis command; NULL (the context dropped) when Redis is gone. */
static redisReply *
rollup_redis(const char *fmt, const char *arg, const char *arg2)
{
	redisReply	*r;
	char		 err[128];

	if (rollup_rds == NULL && (rollup_rds = infra_redis_open(1000, err,
	    sizeof(err))) == NULL) {
		fprintf(stderr, "hunar_rollup: redis: %s\n", err);
		return (NULL);
	}
	if ((r = redisCommand(rollup_rds, fmt, arg, arg2)) == NULL) {
		redisFree(rollup_rds);
		rollup_rds = NULL;
	}
	return (r);
}

/* Unlinks every key of an array reply; -1 when Redis is gone. */
static int
rollup_unlink(const char *prefix, redisReply *keys)
{
	redisReply	*r;
	size_t		 i;

	for (i = 0; i < keys->elements; i++) {
		if (keys->element[i]->type != REDIS_REPLY_STRING)
			continue;
		if ((r = rollup_redis("UNLINK %s%s", prefix,
		    keys->element[i]->str)) == NULL)
			return (-1);
		freeReplyObject(r);
	}
	return (0);
}

/*
 * A forgotten person's keys: the web sessions listed under their id, and
 * every key named by the number in any of its forms (923001234567,
 * 03001234567, +923001234567 all hold its last 10 digits).
 */
static int
rollup_forget_keys(const char *phone, const char *uid)
{
	redisReply	*r;
	char		 pat[32], cursor[32];
	size_t		 n;
	int		 rc;

	if ((r = rollup_redis("SMEMBERS usess:%s%s", uid, "")) == NULL)
		return (-1);
	rc = r->type == REDIS_REPLY_ARRAY ? rollup_unlink("sess:", r) : 0;
	freeReplyObject(r);
	if (rc == -1 || (r = rollup_redis("UNLINK usess:%s%s", uid, "")) ==
	    NULL)
		return (-1);
	freeReplyObject(r);
	n = strlen(phone);
	if (n < 10 || strspn(phone, "0123456789") != n)
		return (0);
	(void)snprintf(pat, sizeof(pat), "*%s*", phone + n - 10);
	(void)snprintf(cursor, sizeof(cursor), "0");
	do {
		if ((r = rollup_redis("SCAN %s MATCH %s COUNT 1000", cursor,
		    pat)) == NULL)
			return (-1);
		if (r->type != REDIS_REPLY_ARRAY || r->elements != 2 ||
		    r->element[0]->type != REDIS_REPLY_STRING) {
			freeReplyObject(r);
			return (-1);
		}
		(void)snprintf(cursor, sizeof(cursor), "%s",
		    r->element[0]->str);
		rc = rollup_unlink("", r->element[1]);
		freeReplyObject(r);
		if (rc == -1)
			return (-1);
	} while (strcmp(cursor, "0") != 0);
	return (0);
}

/* The erasures whose Redis keys are still there; -1 on a database error. */
static int
rollup_forget(PGconn *db)
{
	PGresult	*res, *del;
	const char	*id;
	int		 i, n, done;

	res = PQexec(db, "SELECT id, phone, user_id FROM prog_forget_traces "
	    "ORDER BY id LIMIT 100");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		fprintf(stderr, "hunar_rollup: forget: %s", PQerrorMessage(db));
		PQclear(res);
		return (-1);
	}
	n = PQntuples(res);
	done = 0;
	for (i = 0; i < n; i++) {
		if (rollup_forget_keys(PQgetvalue(res, i, 1),
		    PQgetvalue(res, i, 2)) == -1)
			break;		/* Redis is gone: the next round */
		id = PQgetvalue(res, i, 0);
		del = PQexecParams(db, "DELETE FROM prog_forget_traces WHERE "
		    "id = $1::bigint", 1, NULL, &id, NULL, NULL, 0);
		if (PQresultStatus(del) == PGRES_COMMAND_OK)
			done++;
		PQclear(del);
	}
	if (done > 0)
		printf("hunar_rollup: %d erasure(s) removed from redis\n", done);
	PQclear(res);
	return (done);
}

static int
rollup_usage(void)
{
	fprintf(stderr, "usage: hunar_rollup [-1] [-r refresh-seconds] "
	    "[-i reminder-seconds]\n");
	return (2);
}

/*
 * One round for infra_pgd_run(): the reminders that are due, the traces
 * of erased people, and the refresh once every -r seconds.
 */
static int
rollup_round(struct pg_conn *db, void *arg)
{
	static time_t	 last;
	const int	*every = arg;

	if (rollup_remind(db) < 0 || rollup_forget(db) < 0)
		return (-1);
	if (time(NULL) - last >= *every) {
		last = time(NULL);
		return (rollup_refresh(db));
	}
	return (0);
}

int
main(int argc, char **argv)
{
	struct infra_daemon	 d;
	int			 ch, every, rc;

	every = 30;
	memset(&d, 0, sizeof(d));
	d.name = "hunar_rollup";
	d.channel = "prog_due";
	d.interval = 5;
	d.batch = -2;			/* a round never asks to go again */
	d.quit = &rollup_quit;
	d.round = rollup_round;
	d.arg = &every;
	while ((ch = getopt(argc, argv, "1r:i:")) != -1) {
		if (infra_pgd_option(&d, ch, optarg))
			continue;
		if (ch != 'r')
			return (rollup_usage());
		every = atoi(optarg) > 0 ? atoi(optarg) : 1;
	}
	infra_pgd_signals(&rollup_quit);
	rc = infra_pgd_run(&d);
	if (rollup_rds != NULL)
		redisFree(rollup_rds);
	return (rc == -1 ? 1 : 0);
}
