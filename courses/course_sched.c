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

/* Hunar's defaults: quiet 21:00-08:00 Pakistan time (UTC+5, no DST). */
void
course_sched_defaults(struct course_sched_conf *conf, int64_t cadence)
{
	memset(conf, 0, sizeof(*conf));
	conf->cadence = cadence > 0 ? cadence : SCHED_DAY;
	conf->quiz_delay = 60;
	conf->quiet_from = 21 * 60;
	conf->quiet_to = 8 * 60;
	conf->tz_offset = 5 * 3600;
}

/* Seconds into the local day of t (floored for times before 1970). */
static int64_t
sched_local_sec(const struct course_sched_conf *conf, int64_t t)
{
	int64_t		s;

	s = (t + conf->tz_offset) % SCHED_DAY;
	if (s < 0)
		s += SCHED_DAY;
	return (s);
}

/* Whether t falls in quiet hours (the window may wrap midnight). */
int
course_quiet(const struct course_sched_conf *conf, int64_t t)
{
	int64_t		s, from, to;

	if (conf->quiet_from == conf->quiet_to)
		return (0);
	s = sched_local_sec(conf, t);
	from = (int64_t)conf->quiet_from * 60;
	to = (int64_t)conf->quiet_to * 60;
	if (from < to)
		return (s >= from && s < to);
	return (s >= from || s < to);
}

/* t itself, or the end of the quiet hours t falls in. */
int64_t
course_quiet_hold(const struct course_sched_conf *conf, int64_t t)
{
	int64_t		s, to, wait;

	if (!course_quiet(conf, t))
		return (t);
	s = sched_local_sec(conf, t);
	to = (int64_t)conf->quiet_to * 60;
	wait = to - s;
	if (wait <= 0)
		wait += SCHED_DAY;
	return (t + wait);
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
		d->at = course_quiet_hold(conf, base);
		d->why = COURSE_WHY_CADENCE;
		return;
	}
	at = course_quiet_hold(conf, now);
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
