/*
 * hunar_lessons: sends each SMS learner the next lesson on the course's
 * cadence, and each lesson's quiz after it, through the outbox.
 *
 * Every pass reads the enrolments that may be due, decides with the pure
 * course_sched_next() from what the database holds, and writes each send
 * as one transaction (course_lesson_sent() / course_quiz_sent(): outbox
 * row with a dedup key, plus the new state, guarded by the old state).
 * So the daemon can be killed anywhere: after a restart it decides the
 * same again, and nothing is skipped or sent twice.  Quiet hours
 * (21:00-08:00 Pakistan time) and STOP are respected here as well as by
 * the outbox sender.  NEXT from a learner wakes it (LISTEN course_due).
 *
 *	hunar_lessons [-1e] [-i seconds] [-q HH-HH|off]
 *	  -1	one pass, then exit (tests, cron)
 *	  -e	print the due-lesson query's plan, as run (EXPLAIN ANALYZE),
 *		and exit: sends nothing (bench/prog_dash_bench.sh)
 *	  -i	seconds between passes (default 5)
 *	  -q	quiet hours, PKT (default 21-8, env HUNAR_QUIET_HOURS)
 */
#include <sys/select.h>

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <sodium.h>

#include "courses/courses.h"

#define LESSONS_BATCH	500
#define LESSONS_MSG	640

static volatile sig_atomic_t	lessons_quit;

/*
 * The enrolments worth a look: active SMS learners of SMS courses whose
 * cached next_at has come (or was cleared by NEXT, an answer, a change).
 * Read per SMS course, each part a range of enrolments_due_course (unset
 * next_at first, then those come, by id) that stops at the batch: the
 * work grows with what is due, never with all the enrolments (V0028).
 * Each lesson and question comes in the learner's language when the
 * lesson has it (course_lesson_text(), V0032), else in the course's.
 */
#define SQL_DUE_PART(cond)						\
	" (SELECT * FROM enrolments x WHERE x.course_id = co.id"	\
	"   AND x.status = 'active' AND x.channel IN ('sms', 'ussd')"	\
	"   AND " cond " ORDER BY x.next_at NULLS FIRST, x.id LIMIT 500)"

static const char SQL_DUE[] =
	"SELECT e.id, u.lang, co.code, coalesce(ct.lang, co.lang),"
	"  co.cadence_hours,"
	"  extract(epoch FROM co.start_date::timestamp"
	"    AT TIME ZONE 'Asia/Karachi')::bigint,"
	"  (SELECT count(*) FROM lessons x WHERE x.course_id = co.id),"
	"  e.sent_pos, coalesce(extract(epoch FROM e.sent_at)::bigint, 0),"
	"  e.quiz_state, e.asap, u.sms_opt_out, e.promoted, co.title_en,"
	"  nt.body_sms, nq.id IS NOT NULL,"
	"  ct.question, cardinality(ct.options), ct.options[1],"
	"  ct.options[2], ct.options[3], ct.options[4]"
	" FROM courses co"
	" CROSS JOIN LATERAL ("
	SQL_DUE_PART("x.next_at IS NULL") " UNION ALL"
	SQL_DUE_PART("x.next_at <= now()") ") e"
	" JOIN users u ON u.id = e.user_id"
	" LEFT JOIN lessons nl ON nl.course_id = co.id"
	"   AND nl.position = e.sent_pos + 1"
	" LEFT JOIN quiz_questions nq ON nq.lesson_id = nl.id"
	" LEFT JOIN LATERAL course_lesson_text(nl.id, u.lang) nt ON true"
	" LEFT JOIN lessons cl ON cl.course_id = co.id"
	"   AND cl.position = e.sent_pos"
	" LEFT JOIN LATERAL course_lesson_text(cl.id, u.lang) ct ON true"
	" WHERE co.mode = 'sms'"
	" ORDER BY e.next_at NULLS FIRST, e.id LIMIT 500";

enum {
	F_ID, F_ULANG, F_CODE, F_CLANG, F_CADENCE, F_START, F_LESSONS,
	F_SENT_POS, F_SENT_AT, F_QUIZ, F_ASAP, F_OPTOUT, F_PROMOTED, F_TITLE,
	F_NEXT_BODY, F_NEXT_QUIZ, F_QUESTION, F_NOPTS, F_OPT1
};

/* Look again at `at`, unless the state moved on meanwhile. */
static const char SQL_LATER[] =
	"UPDATE enrolments SET next_at = to_timestamp($2)"
	" WHERE id = $1 AND sent_pos = $3 AND quiz_state = $4 AND NOT asap";

/* The welcome of a learner moved up from the waiting list, once. */
static const char SQL_PROMOTED[] =
	"SELECT course_promoted_sent($1::bigint, $2)";

static const char SQL_COMPLETE[] =
	"SELECT outcome, cert, score FROM course_complete_check($1, $2)";

static const char SQL_DONE_SMS[] =
	"SELECT course_done_sent($1::bigint, $2)";

/* Runs one statement with text parameters; 1 when it worked. */
static int
lessons_exec(PGconn *db, const char *sql, int n, const char **p,
    PGresult **out)
{
	PGresult	*res;
	int		 st;

	res = PQexecParams(db, sql, n, NULL, p, NULL, NULL, 0);
	st = PQresultStatus(res);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		fprintf(stderr, "hunar_lessons: %s", PQerrorMessage(db));
		PQclear(res);
		return (0);
	}
	if (out != NULL)
		*out = res;
	else
		PQclear(res);
	return (1);
}

/* After the last lesson without a quiz, the course may be complete. */
static void
lessons_complete(PGconn *db, const char *eid, enum hlang lang)
{
	PGresult	*res;
	const char	*p[2];
	char		 cert[COURSE_CERT_LEN + 1], msg[LESSONS_MSG];

	course_cert_new(cert, sizeof(cert));
	p[0] = eid;
	p[1] = cert;
	if (!lessons_exec(db, SQL_COMPLETE, 2, p, &res))
		return;
	if (PQntuples(res) == 1 &&
	    strcmp(PQgetvalue(res, 0, 0), "passed") == 0) {
		(void)course_reply("passed", infra_lang_code(lang), "", "",
		    PQgetvalue(res, 0, 1), msg, sizeof(msg));
		p[1] = msg;
		(void)lessons_exec(db, SQL_DONE_SMS, 2, p, NULL);
		printf("enrolment %s: course complete, certificate %s\n",
		    eid, PQgetvalue(res, 0, 1));
	}
	PQclear(res);
}

/* A waitlisted learner who got a seat is told so, in their language. */
static void
lessons_promoted(PGconn *db, PGresult *r, int i, const char *eid,
    enum hlang ulang)
{
	const char	*args[2];
	char		 msg[LESSONS_MSG];

	(void)course_reply("enrolled", infra_lang_code(ulang),
	    PQgetvalue(r, i, F_CODE), PQgetvalue(r, i, F_TITLE), "",
	    msg, sizeof(msg));
	args[0] = eid;
	args[1] = msg;
	(void)lessons_exec(db, SQL_PROMOTED, 2, args, NULL);
}

/* The row's progress, as the scheduler reads it. */
static void
lessons_progress(PGresult *r, int i, struct course_progress *p)
{
	const char	*quiz = PQgetvalue(r, i, F_QUIZ);

	memset(p, 0, sizeof(*p));
	p->lessons = atoi(PQgetvalue(r, i, F_LESSONS));
	p->sent_pos = atoi(PQgetvalue(r, i, F_SENT_POS));
	p->sent_at = strtoll(PQgetvalue(r, i, F_SENT_AT), NULL, 10);
	p->has_quiz = strcmp(quiz, "none") != 0;
	p->quiz_sent = strcmp(quiz, "sent") == 0 ||
	    strcmp(quiz, "answered") == 0;
	p->quiz_answered = strcmp(quiz, "answered") == 0;
	p->active = 1;
	p->opted_out = strcmp(PQgetvalue(r, i, F_OPTOUT), "t") == 0;
	p->asap = strcmp(PQgetvalue(r, i, F_ASAP), "t") == 0;
	p->start_at = strtoll(PQgetvalue(r, i, F_START), NULL, 10);
}

/* Nothing to send now: note when to look again (an answer clears it). */
static void
lessons_later(PGconn *db, PGresult *r, int i, const struct course_decision *d,
    int sent_pos, int64_t now)
{
	const char	*args[4];
	char		 at[32], from[16];

	if (d->what == COURSE_SEND_NONE && d->why != COURSE_WHY_STOPPED)
		(void)snprintf(at, sizeof(at), "infinity");
	else if (d->what == COURSE_SEND_NONE)
		(void)snprintf(at, sizeof(at), "%" PRId64, now + 600);
	else
		(void)snprintf(at, sizeof(at), "%" PRId64, d->at);
	(void)snprintf(from, sizeof(from), "%d", sent_pos);
	args[0] = PQgetvalue(r, i, F_ID);
	args[1] = at;
	args[2] = from;
	args[3] = PQgetvalue(r, i, F_QUIZ);
	(void)lessons_exec(db, SQL_LATER, 4, args, NULL);
}

/* The next lesson goes out; a course without a last quiz may end here. */
static void
lessons_lesson(PGconn *db, PGresult *r, int i, const struct course_decision *d,
    const struct course_progress *p, enum hlang ulang)
{
	const char	*eid, *args[6];
	char		 msg[LESSONS_MSG], pos[16], from[16];

	eid = PQgetvalue(r, i, F_ID);
	(void)snprintf(pos, sizeof(pos), "%d", d->pos);
	(void)snprintf(from, sizeof(from), "%d", p->sent_pos);
	(void)course_lesson_sms(PQgetvalue(r, i, F_CODE), d->pos,
	    p->lessons, PQgetvalue(r, i, F_NEXT_BODY), msg, sizeof(msg));
	args[0] = eid;
	args[1] = pos;
	args[2] = from;
	args[3] = msg;
	args[4] = p->asap ? "t" : "f";
	args[5] = PQgetvalue(r, i, F_NEXT_QUIZ);
	if (!lessons_exec(db, "SELECT course_lesson_sent($1, $2, $3,"
	    " $4, $5, $6)", 6, args, NULL))
		return;
	printf("enrolment %s: lesson %d/%d (%s)\n", eid, d->pos,
	    p->lessons, course_why_name(d->why));
	if (d->pos == p->lessons && args[5][0] != 't')
		lessons_complete(db, eid, ulang);
}

/*
 * The lesson's quiz goes out, framed in the language its question is
 * written in (the learner's when the lesson has it, course_lesson_text()).
 */
static void
lessons_quiz(PGconn *db, PGresult *r, int i, const struct course_decision *d,
    const struct course_progress *p, enum hlang clang)
{
	const char	*args[4], *opts[COURSE_OPTIONS_MAX];
	char		 msg[LESSONS_MSG], pos[16];
	int		 n, k;

	n = atoi(PQgetvalue(r, i, F_NOPTS));
	if (n > COURSE_OPTIONS_MAX)
		n = COURSE_OPTIONS_MAX;
	for (k = 0; k < n; k++)
		opts[k] = PQgetvalue(r, i, F_OPT1 + k);
	(void)course_quiz_sms(d->pos, PQgetvalue(r, i, F_QUESTION), opts, n,
	    clang, msg, sizeof(msg));
	(void)snprintf(pos, sizeof(pos), "%d", d->pos);
	args[0] = PQgetvalue(r, i, F_ID);
	args[1] = pos;
	args[2] = msg;
	args[3] = p->asap ? "t" : "f";
	if (lessons_exec(db, "SELECT course_quiz_sent($1, $2, $3, $4)", 4,
	    args, NULL))
		printf("enrolment %s: quiz %d\n", args[0], d->pos);
}

/* One enrolment: decide, then send or note when to look again. */
static void
lessons_one(PGconn *db, PGresult *r, int i,
    const struct infra_quiet *quiet, int64_t now)
{
	struct course_sched_conf	 conf;
	struct course_progress		 p;
	struct course_decision		 d;
	enum hlang			 ulang;

	ulang = infra_lang_parse(PQgetvalue(r, i, F_ULANG));
	if (strcmp(PQgetvalue(r, i, F_PROMOTED), "t") == 0)
		lessons_promoted(db, r, i, PQgetvalue(r, i, F_ID), ulang);
	course_sched_defaults(&conf,
	    (int64_t)atoi(PQgetvalue(r, i, F_CADENCE)) * 3600);
	conf.quiet = *quiet;
	lessons_progress(r, i, &p);
	course_sched_next(&conf, &p, now, &d);
	if (d.what == COURSE_SEND_NONE || d.at > now)
		lessons_later(db, r, i, &d, p.sent_pos, now);
	else if (d.what == COURSE_SEND_LESSON)
		lessons_lesson(db, r, i, &d, &p, ulang);
	else
		lessons_quiz(db, r, i, &d, &p,
		    infra_lang_parse(PQgetvalue(r, i, F_CLANG)));
}

/* One pass over what may be due; the number of enrolments looked at. */
static int
lessons_pass(PGconn *db, const struct infra_quiet *quiet)
{
	PGresult	*r;
	int		 i, n;
	int64_t		 now;

	if (!lessons_exec(db, SQL_DUE, 0, NULL, &r))
		return (-1);
	n = PQntuples(r);
	for (i = 0; i < n && !lessons_quit; i++) {
		now = (int64_t)time(NULL);
		lessons_one(db, r, i, quiet, now);
	}
	PQclear(r);
	return (n);
}

/*
 * -e: the plan of SQL_DUE at this database's size, as run (a SELECT:
 * nothing is sent or changed), so that a bench shows which index it
 * reads and how long it takes without a copy of the query.
 */
static int
lessons_explain(void)
{
	PGconn		*db;
	PGresult	*r;
	char		 sql[sizeof(SQL_DUE) + 64];
	int		 i, ok;

	if ((db = infra_pgd_connect("hunar_lessons_explain", NULL)) == NULL)
		return (1);
	(void)snprintf(sql, sizeof(sql), "EXPLAIN (ANALYZE, BUFFERS) %s",
	    SQL_DUE);
	if ((ok = lessons_exec(db, sql, 0, NULL, &r))) {
		for (i = 0; i < PQntuples(r); i++)
			printf("%s\n", PQgetvalue(r, i, 0));
		PQclear(r);
	}
	PQfinish(db);
	return (ok ? 0 : 1);
}

/* One round for infra_pgd_run(). */
static int
lessons_round(struct pg_conn *db, void *arg)
{
	return (lessons_pass(db, arg));
}

int
main(int argc, char **argv)
{
	struct infra_daemon	 d;
	struct infra_quiet	 quiet;
	const char		*qs;
	int			 ch, explain;

	memset(&d, 0, sizeof(d));
	d.interval = 5;
	qs = getenv("HUNAR_QUIET_HOURS");
	explain = 0;
	while ((ch = getopt(argc, argv, "1ei:q:")) != -1) {
		if (infra_pgd_option(&d, ch, optarg))
			continue;
		switch (ch) {
		case 'e':
			explain = 1;
			break;
		case 'q':
			qs = optarg;
			break;
		default:
			fprintf(stderr, "usage: hunar_lessons [-1e] "
			    "[-i seconds] [-q HH-HH|off]\n");
			return (2);
		}
	}
	if (explain)
		return (lessons_explain());
	if (infra_quiet_parse(qs, &quiet) == -1) {
		fprintf(stderr, "hunar_lessons: quiet hours \"%s\": want "
		    "HH-HH, HH:MM-HH:MM or off\n", qs);
		return (2);
	}
	if (sodium_init() < 0) {
		fprintf(stderr, "hunar_lessons: libsodium failed\n");
		return (1);
	}
	infra_pgd_signals(&lessons_quit);
	d.name = "hunar_lessons";
	d.channel = "course_due";
	d.batch = LESSONS_BATCH;
	d.quit = &lessons_quit;
	d.ready = NULL;
	d.round = lessons_round;
	d.arg = &quiet;
	return (infra_pgd_run(&d) == -1 ? 1 : 0);
}
