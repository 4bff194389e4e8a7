/*
 * Scheduling decisions for SMS learners.  A decision derives from what
 * the database holds (last lesson sent, when, its quiz) and the clock
 * only, so the lesson daemon can die at any point and decide the same
 * again after a restart: nothing is skipped, and the outbox's dedup key
 * keeps anything from going out twice.
 */
#include <string.h>

#include "courses/courses.h"

#define SCHED_DAY	86400

/* Hunar's defaults: quiet hours of infra_quiet.c, a lesson a day. */
void
course_sched_defaults(struct course_sched_conf *conf, int64_t cadence)
{
	memset(conf, 0, sizeof(*conf));
	conf->cadence = cadence > 0 ? cadence : SCHED_DAY;
	conf->quiz_delay = 60;
	infra_quiet_defaults(&conf->quiet);
}

static void
sched_set(struct course_decision *d, int what, int pos, int64_t at, int why)
{
	d->what = what;
	d->pos = pos;
	d->at = at;
	d->why = why;
}

/*
 * Due at `base`: send now, hold for quiet hours, or wait.  A learner who
 * asked (NEXT) is answered at once, quiet hours or not.
 */
static void
sched_due(const struct course_sched_conf *conf, int64_t base, int64_t now,
    int asap, struct course_decision *d)
{
	int64_t		at;

	if (asap) {
		d->at = now;
		d->why = COURSE_WHY_DUE;
		return;
	}
	if (base > now) {
		d->at = infra_quiet_end(&conf->quiet, base);
		d->why = COURSE_WHY_CADENCE;
		return;
	}
	at = infra_quiet_end(&conf->quiet, now);
	d->at = at;
	d->why = at > now ? COURSE_WHY_QUIET : COURSE_WHY_DUE;
}

void
course_sched_next(const struct course_sched_conf *conf,
    const struct course_progress *p, int64_t now, struct course_decision *d)
{
	int64_t		base;

	sched_set(d, COURSE_SEND_NONE, p->sent_pos, 0, COURSE_WHY_DONE);
	if (!p->active) {
		d->why = COURSE_WHY_INACTIVE;
		return;
	}
	if (p->opted_out) {
		d->why = COURSE_WHY_STOPPED;
		return;
	}
	if (p->lessons <= 0) {
		d->why = COURSE_WHY_EMPTY;
		return;
	}

	/* The quiz of the lesson just sent follows it. */
	if (p->sent_pos > 0 && p->has_quiz && !p->quiz_sent &&
	    !p->quiz_answered) {
		d->what = COURSE_SEND_QUIZ;
		sched_due(conf, p->sent_at + conf->quiz_delay, now, p->asap,
		    d);
		return;
	}
	if (p->sent_pos >= p->lessons) {
		/* Everything went out; only the last answer may be missing. */
		if (p->has_quiz && !p->quiz_answered)
			d->why = COURSE_WHY_ANSWER;
		return;
	}
	/* An unanswered quiz holds the next lesson, unless NEXT skips it. */
	if (p->sent_pos > 0 && p->has_quiz && !p->quiz_answered &&
	    !p->asap) {
		d->why = COURSE_WHY_ANSWER;
		return;
	}

	d->what = COURSE_SEND_LESSON;
	d->pos = p->sent_pos + 1;
	if (p->sent_pos == 0) {
		base = p->start_at;
		sched_due(conf, base, now, 0, d);
		if (d->why == COURSE_WHY_CADENCE)
			d->why = COURSE_WHY_START;
		else if (p->asap)
			sched_due(conf, base, now, 1, d);
		return;
	}
	sched_due(conf, p->sent_at + conf->cadence, now, p->asap, d);
}

const char *
course_why_name(int why)
{
	static const char	*names[] = {
		"due", "cadence", "quiet", "start", "answer", "done",
		"stopped", "inactive", "empty"
	};

	if (why < 0 || (size_t)why >= sizeof(names) / sizeof(names[0]))
		return ("unknown");
	return (names[why]);
}
