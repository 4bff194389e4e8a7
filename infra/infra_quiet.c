/*
 * Quiet hours, the one rule: when a non-urgent SMS may not go out, and
 * when it may again.  Pakistan Standard Time is UTC+5 all year (no DST
 * since 2009), so a fixed offset is exact and needs no tz database.  The
 * window is in minutes of the local day and may wrap midnight (21:00 ->
 * 08:00); from == to means none.  HUNAR_QUIET_HOURS ("21-8", "21:30-7",
 * "off") is read by infra_quiet_parse() and nothing else.
 */
#include <stdlib.h>
#include <string.h>

#include "infra/infra.h"

#define QUIET_DAY	86400
#define QUIET_PKT	(5 * 3600)

void
infra_quiet_defaults(struct infra_quiet *q)
{
	q->from = 21 * 60;
	q->to = 8 * 60;
	q->tz_offset = QUIET_PKT;
}

/* "H" or "H:MM" -> minutes of the day; -1 when it is not. */
static int
quiet_clock(const char *s, const char **end)
{
	char	*e;
	long	 h, m;

	h = strtol(s, &e, 10);
	if (e == s || h < 0 || h > 23)
		return (-1);
	m = 0;
	if (*e == ':') {
		s = e + 1;
		m = strtol(s, &e, 10);
		if (e != s + 2 || m < 0 || m > 59)
			return (-1);
	}
	*end = e;
	return ((int)(h * 60 + m));
}

/* 0 and q set (PKT) when s is "off" or "from-to"; -1 otherwise. */
int
infra_quiet_parse(const char *s, struct infra_quiet *q)
{
	const char	*e;
	int		 from, to;

	infra_quiet_defaults(q);
	if (s == NULL || *s == '\0')
		return (0);
	if (strcmp(s, "off") == 0) {
		q->from = q->to = 0;
		return (0);
	}
	if ((from = quiet_clock(s, &e)) == -1 || *e != '-')
		return (-1);
	if ((to = quiet_clock(e + 1, &e)) == -1 || *e != '\0')
		return (-1);
	q->from = from;
	q->to = to;
	return (0);
}

/* Seconds into the local day of t (floored for times before 1970). */
static int64_t
quiet_local_sec(const struct infra_quiet *q, int64_t t)
{
	int64_t		s;

	s = (t + q->tz_offset) % QUIET_DAY;
	if (s < 0)
		s += QUIET_DAY;
	return (s);
}

/* Whether t (unix seconds) falls in quiet hours. */
int
infra_quiet_at(const struct infra_quiet *q, int64_t t)
{
	int64_t		s, from, to;

	if (q->from == q->to)
		return (0);
	s = quiet_local_sec(q, t);
	from = (int64_t)q->from * 60;
	to = (int64_t)q->to * 60;
	if (from < to)
		return (s >= from && s < to);
	return (s >= from || s < to);
}

/* t itself, or the end of the quiet spell t falls in. */
int64_t
infra_quiet_end(const struct infra_quiet *q, int64_t t)
{
	int64_t		wait;

	if (!infra_quiet_at(q, t))
		return (t);
	wait = (int64_t)q->to * 60 - quiet_local_sec(q, t);
	if (wait <= 0)
		wait += QUIET_DAY;
	return (t + wait);
}
