/* course_sched.c: what an SMS learner gets next, and when. */
#include "courses/courses.h"
#include "tests/unit/unit.h"

/* 2026-11-28 00:00 UTC; PKT is UTC+5 all year. */
#define DAY0		1795824000LL
#define H		3600LL
#define PKT(d, h, m)	(DAY0 + (d) * 86400LL + (h) * H + (m) * 60LL - 5 * H)

UNIT_TEST(infra_quiet_hours_pakistan)
{
	struct infra_quiet	q;

	infra_quiet_defaults(&q);
	CHECK(!infra_quiet_at(&q, PKT(0, 8, 0)));
	CHECK(!infra_quiet_at(&q, PKT(0, 20, 59)));
	CHECK(infra_quiet_at(&q, PKT(0, 21, 0)));
	CHECK(infra_quiet_at(&q, PKT(0, 23, 59)));
	CHECK(infra_quiet_at(&q, PKT(1, 0, 0)));
	CHECK(infra_quiet_at(&q, PKT(1, 7, 59)));
	CHECK(!infra_quiet_at(&q, PKT(1, 12, 0)));
	/* 16:00 UTC is 21:00 in Karachi. */
	CHECK(infra_quiet_at(&q, DAY0 + 16 * H));
	CHECK(!infra_quiet_at(&q, DAY0 + 15 * H));

	CHECK_INT(infra_quiet_end(&q, PKT(0, 12, 0)), PKT(0, 12, 0));
	CHECK_INT(infra_quiet_end(&q, PKT(0, 21, 0)), PKT(1, 8, 0));
	CHECK_INT(infra_quiet_end(&q, PKT(0, 23, 30)), PKT(1, 8, 0));
	CHECK_INT(infra_quiet_end(&q, PKT(1, 2, 0)), PKT(1, 8, 0));
	CHECK_INT(infra_quiet_end(&q, PKT(1, 7, 59)), PKT(1, 8, 0));
	CHECK_INT(infra_quiet_end(&q, PKT(1, 8, 0)), PKT(1, 8, 0));

	/* A window that does not wrap, and none at all. */
	q.from = 13 * 60;
	q.to = 14 * 60;
	CHECK(infra_quiet_at(&q, PKT(0, 13, 30)));
	CHECK(!infra_quiet_at(&q, PKT(0, 14, 0)));
	CHECK_INT(infra_quiet_end(&q, PKT(0, 13, 30)), PKT(0, 14, 0));
	q.to = q.from;
	CHECK(!infra_quiet_at(&q, PKT(0, 23, 0)));
}

UNIT_TEST(infra_quiet_hours_parse)
{
	struct infra_quiet	q;

	CHECK_INT(infra_quiet_parse(NULL, &q), 0);
	CHECK_INT(q.from, 21 * 60);
	CHECK_INT(q.to, 8 * 60);
	CHECK_INT(infra_quiet_parse("off", &q), 0);
	CHECK_INT(q.from, q.to);
	CHECK_INT(infra_quiet_parse("22-7", &q), 0);
	CHECK_INT(q.from, 22 * 60);
	CHECK_INT(q.to, 7 * 60);
	CHECK_INT(infra_quiet_parse("21:30-07:45", &q), 0);
	CHECK_INT(q.from, 21 * 60 + 30);
	CHECK_INT(q.to, 7 * 60 + 45);
	CHECK_INT(infra_quiet_parse("24-8", &q), -1);
	CHECK_INT(infra_quiet_parse("21-", &q), -1);
	CHECK_INT(infra_quiet_parse("21:3-8", &q), -1);
	CHECK_INT(infra_quiet_parse("21-8x", &q), -1);
	CHECK_INT(infra_quiet_parse("nine", &q), -1);
}

struct sched_case {
	const char		*name;
	struct course_progress	 p;
	int64_t			 now;
	int			 what, pos, why;
	int64_t			 at;
};

/* Lessons every 24 h, quiz 60 s after its lesson, quiet 21:00-08:00. */
static const struct sched_case	sched_cases[] = {
	{ "first lesson at once", { 5, 0, 0, 0, 0, 0, 1, 0, 0, PKT(0, 9, 0) },
	    PKT(0, 10, 0), COURSE_SEND_LESSON, 1, COURSE_WHY_DUE,
	    PKT(0, 10, 0) },
	{ "first lesson waits for the start",
	    { 5, 0, 0, 0, 0, 0, 1, 0, 0, PKT(2, 0, 0) },
	    PKT(0, 10, 0), COURSE_SEND_LESSON, 1, COURSE_WHY_START,
	    PKT(2, 8, 0) },
	{ "NEXT does not jump the start",
	    { 5, 0, 0, 0, 0, 0, 1, 0, 1, PKT(2, 0, 0) },
	    PKT(0, 10, 0), COURSE_SEND_LESSON, 1, COURSE_WHY_START,
	    PKT(2, 8, 0) },
	{ "enrolled at night: 08:00",
	    { 5, 0, 0, 0, 0, 0, 1, 0, 0, PKT(0, 9, 0) },
	    PKT(0, 22, 15), COURSE_SEND_LESSON, 1, COURSE_WHY_QUIET,
	    PKT(1, 8, 0) },
	{ "quiz follows its lesson",
	    { 5, 1, PKT(0, 10, 0), 1, 0, 0, 1, 0, 0, 0 },
	    PKT(0, 10, 0) + 30, COURSE_SEND_QUIZ, 1, COURSE_WHY_CADENCE,
	    PKT(0, 10, 1) },
	{ "quiz due",
	    { 5, 1, PKT(0, 10, 0), 1, 0, 0, 1, 0, 0, 0 },
	    PKT(0, 10, 5), COURSE_SEND_QUIZ, 1, COURSE_WHY_DUE, PKT(0, 10, 5) },
	{ "quiz of a 20:59:30 lesson waits for morning",
	    { 5, 1, PKT(0, 20, 59) + 30, 1, 0, 0, 1, 0, 0, 0 },
	    PKT(0, 20, 59) + 40, COURSE_SEND_QUIZ, 1, COURSE_WHY_CADENCE,
	    PKT(1, 8, 0) },
	{ "waiting for the answer",
	    { 5, 1, PKT(0, 10, 0), 1, 1, 0, 1, 0, 0, 0 },
	    PKT(3, 10, 0), COURSE_SEND_NONE, 1, COURSE_WHY_ANSWER, 0 },
	{ "answered: next lesson on the cadence",
	    { 5, 1, PKT(0, 10, 0), 1, 1, 1, 1, 0, 0, 0 },
	    PKT(0, 12, 0), COURSE_SEND_LESSON, 2, COURSE_WHY_CADENCE,
	    PKT(1, 10, 0) },
	{ "answered: next lesson due",
	    { 5, 1, PKT(0, 10, 0), 1, 1, 1, 1, 0, 0, 0 },
	    PKT(1, 10, 0), COURSE_SEND_LESSON, 2, COURSE_WHY_DUE,
	    PKT(1, 10, 0) },
	{ "lesson without quiz: next on the cadence",
	    { 5, 2, PKT(0, 10, 0), 0, 0, 0, 1, 0, 0, 0 },
	    PKT(1, 11, 0), COURSE_SEND_LESSON, 3, COURSE_WHY_DUE,
	    PKT(1, 11, 0) },
	{ "cadence ends in quiet hours",
	    { 5, 2, PKT(0, 20, 30), 0, 0, 0, 1, 0, 0, 0 },
	    PKT(0, 22, 0), COURSE_SEND_LESSON, 3, COURSE_WHY_CADENCE,
	    PKT(1, 20, 30) },
	{ "overdue after downtime, now quiet",
	    { 5, 2, PKT(0, 10, 0), 0, 0, 0, 1, 0, 0, 0 },
	    PKT(2, 23, 0), COURSE_SEND_LESSON, 3, COURSE_WHY_QUIET,
	    PKT(3, 8, 0) },
	{ "NEXT: at once, even at night",
	    { 5, 2, PKT(0, 20, 0), 1, 1, 1, 1, 0, 1, 0 },
	    PKT(0, 22, 0), COURSE_SEND_LESSON, 3, COURSE_WHY_DUE,
	    PKT(0, 22, 0) },
	{ "NEXT skips an unanswered quiz",
	    { 5, 2, PKT(0, 10, 0), 1, 1, 0, 1, 0, 1, 0 },
	    PKT(0, 11, 0), COURSE_SEND_LESSON, 3, COURSE_WHY_DUE,
	    PKT(0, 11, 0) },
	{ "NEXT before the quiz went out sends the quiz",
	    { 5, 2, PKT(0, 10, 0), 1, 0, 0, 1, 0, 1, 0 },
	    PKT(0, 10, 0) + 5, COURSE_SEND_QUIZ, 2, COURSE_WHY_DUE,
	    PKT(0, 10, 0) + 5 },
	{ "last quiz still to go out",
	    { 5, 5, PKT(0, 10, 0), 1, 0, 0, 1, 0, 0, 0 },
	    PKT(0, 10, 2), COURSE_SEND_QUIZ, 5, COURSE_WHY_DUE,
	    PKT(0, 10, 2) },
	{ "last answer missing",
	    { 5, 5, PKT(0, 10, 0), 1, 1, 0, 1, 0, 0, 0 },
	    PKT(4, 10, 0), COURSE_SEND_NONE, 5, COURSE_WHY_ANSWER, 0 },
	{ "all done", { 5, 5, PKT(0, 10, 0), 1, 1, 1, 1, 0, 1, 0 },
	    PKT(4, 10, 0), COURSE_SEND_NONE, 5, COURSE_WHY_DONE, 0 },
	{ "STOP", { 5, 1, PKT(0, 10, 0), 0, 0, 0, 1, 1, 0, 0 },
	    PKT(4, 10, 0), COURSE_SEND_NONE, 1, COURSE_WHY_STOPPED, 0 },
	{ "STOP holds even the quiz", { 5, 1, PKT(0, 10, 0), 1, 0, 0, 1, 1, 1,
	    0 }, PKT(0, 10, 5), COURSE_SEND_NONE, 1, COURSE_WHY_STOPPED, 0 },
	{ "waitlisted", { 5, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	    PKT(0, 10, 0), COURSE_SEND_NONE, 0, COURSE_WHY_INACTIVE, 0 },
	{ "no lessons", { 0, 0, 0, 0, 0, 0, 1, 0, 0, 0 },
	    PKT(0, 10, 0), COURSE_SEND_NONE, 0, COURSE_WHY_EMPTY, 0 },
};

UNIT_TEST(course_sched_decides_from_stored_state)
{
	struct course_sched_conf	c;
	struct course_decision		d;
	size_t				i;

	course_sched_defaults(&c, 24 * H);
	for (i = 0; i < sizeof(sched_cases) / sizeof(sched_cases[0]); i++) {
		const struct sched_case *t = &sched_cases[i];

		course_sched_next(&c, &t->p, t->now, &d);
		if (d.what != t->what || d.pos != t->pos || d.why != t->why ||
		    (t->at != 0 && d.at != t->at))
			printf("  case \"%s\": what %d pos %d why %s at %lld\n",
			    t->name, d.what, d.pos, course_why_name(d.why),
			    (long long)d.at);
		CHECK_INT(d.what, t->what);
		CHECK_INT(d.pos, t->pos);
		CHECK_INT(d.why, t->why);
		if (t->at != 0)
			CHECK_INT(d.at, t->at);
	}
}

/*
 * Restart safety: deciding again from the same stored state gives the
 * same answer, and walking a whole course (answering every quiz at once)
 * sends each lesson and each quiz exactly once, in order, never in quiet
 * hours, with at least the cadence between lessons.
 */
UNIT_TEST(course_sched_walks_a_course_once)
{
	struct course_sched_conf	c;
	struct course_progress		p;
	struct course_decision		d, d2;
	int64_t				now, last_lesson;
	int				lessons_sent, quizzes_sent, steps;

	course_sched_defaults(&c, 6 * H);
	memset(&p, 0, sizeof(p));
	/* Compared with memcmp below: zero the padding once. */
	memset(&d, 0, sizeof(d));
	memset(&d2, 0, sizeof(d2));
	p.lessons = 6;
	p.active = 1;
	p.start_at = PKT(0, 19, 0);
	now = PKT(0, 17, 0);
	lessons_sent = quizzes_sent = 0;
	last_lesson = 0;
	for (steps = 0; steps < 2000; steps++, now += 600) {
		course_sched_next(&c, &p, now, &d);
		course_sched_next(&c, &p, now, &d2);
		CHECK(memcmp(&d, &d2, sizeof(d)) == 0);
		if (d.what == COURSE_SEND_NONE || d.at > now)
			continue;
		CHECK(!infra_quiet_at(&c.quiet, now));
		if (d.what == COURSE_SEND_LESSON) {
			CHECK_INT(d.pos, p.sent_pos + 1);
			if (last_lesson != 0)
				CHECK(now - last_lesson >= c.cadence);
			last_lesson = now;
			p.sent_pos = d.pos;
			p.sent_at = now;
			p.has_quiz = d.pos % 2;		/* every other lesson */
			p.quiz_sent = p.quiz_answered = 0;
			lessons_sent++;
		} else {
			CHECK_INT(d.pos, p.sent_pos);
			p.quiz_sent = p.quiz_answered = 1;
			quizzes_sent++;
		}
	}
	CHECK_INT(lessons_sent, 6);
	CHECK_INT(quizzes_sent, 3);
	course_sched_next(&c, &p, now, &d);
	CHECK_INT(d.why, COURSE_WHY_DONE);
	CHECK_STR(course_why_name(COURSE_WHY_QUIET), "quiet");
	CHECK_STR(course_why_name(99), "unknown");
}
