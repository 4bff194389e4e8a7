/*
 * Scoring: six parts, each between 0 and 1, weighted into 0 .. 100 points
 * and kept as an integer (MATCH_SCORE_MAX) so that ties are exact and the
 * order (score desc, user id asc) never depends on float noise.
 *
 * The parts that depend on the gig (skills, location) and the rest
 * ("static": availability, learning, reputation, recency) are added in
 * one fixed order by match_score(), the index and the explanation alike,
 * so that the number an employer reads is the number the ranking used.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "matching/matching.h"

#define MATCH_DAY	86400.0

static const char *match_part_names[MATCH_PART_COUNT] = {
	"skills", "location", "availability", "learning", "reputation",
	"recency"
};

const char *
match_part_name(int i)
{
	if (i < 0 || i >= MATCH_PART_COUNT)
		return ("");
	return (match_part_names[i]);
}

void
match_weights_default(struct match_weights *w)
{
	memset(w, 0, sizeof(*w));
	w->part[MATCH_PART_SKILL] = 45;
	w->part[MATCH_PART_LOCATION] = 15;
	w->part[MATCH_PART_AVAILABILITY] = 8;
	w->part[MATCH_PART_LEARNING] = 12;
	w->part[MATCH_PART_REPUTATION] = 12;
	w->part[MATCH_PART_RECENCY] = 8;
	w->required = 2.0;
	w->nice = 1.0;
	w->uncertified = 0.7;
	w->under_level = 0.4;
	w->level_step = 0.1;
	w->loc_district = 1.0;
	w->loc_province = 0.6;
	w->loc_remote = 0.3;
	w->loc_none = 0.0;
	w->avail[MATCH_AVAIL_FULL] = 1.0;
	w->avail[MATCH_AVAIL_PART] = 0.7;
	w->avail[MATCH_AVAIL_WEEKENDS] = 0.4;
	w->avail[MATCH_AVAIL_NONE] = 0.0;
	w->quiz_share = 0.5;
	w->cert_full = 3;
	w->rating_prior = 3.5;
	w->rating_prior_n = 2;
	w->gigs_half = 5;
	w->cold_days = 60;
	w->cold_boost = 0.6;
	w->recency_half_days = 30;
}

struct match_wkey {
	const char	*name;
	size_t		 off;
	double		 min;
	double		 max;
};

#define WOFF(f)	offsetof(struct match_weights, f)

static const struct match_wkey match_wkeys[] = {
	{ "skills", WOFF(part[MATCH_PART_SKILL]), 0, 1000 },
	{ "location", WOFF(part[MATCH_PART_LOCATION]), 0, 1000 },
	{ "availability", WOFF(part[MATCH_PART_AVAILABILITY]), 0, 1000 },
	{ "learning", WOFF(part[MATCH_PART_LEARNING]), 0, 1000 },
	{ "reputation", WOFF(part[MATCH_PART_REPUTATION]), 0, 1000 },
	{ "recency", WOFF(part[MATCH_PART_RECENCY]), 0, 1000 },
	{ "required", WOFF(required), 0, 100 },
	{ "nice", WOFF(nice), 0, 100 },
	{ "uncertified", WOFF(uncertified), 0, 1 },
	{ "under_level", WOFF(under_level), 0, 1 },
	{ "level_step", WOFF(level_step), 0, 0.5 },
	{ "loc_district", WOFF(loc_district), 0, 1 },
	{ "loc_province", WOFF(loc_province), 0, 1 },
	{ "loc_remote", WOFF(loc_remote), 0, 1 },
	{ "loc_none", WOFF(loc_none), 0, 1 },
	{ "avail_full", WOFF(avail[MATCH_AVAIL_FULL]), 0, 1 },
	{ "avail_part", WOFF(avail[MATCH_AVAIL_PART]), 0, 1 },
	{ "avail_weekends", WOFF(avail[MATCH_AVAIL_WEEKENDS]), 0, 1 },
	{ "avail_none", WOFF(avail[MATCH_AVAIL_NONE]), 0, 1 },
	{ "quiz_share", WOFF(quiz_share), 0, 1 },
	{ "cert_full", WOFF(cert_full), 1, 100 },
	{ "rating_prior", WOFF(rating_prior), 1, 5 },
	{ "rating_prior_n", WOFF(rating_prior_n), 0, 1000 },
	{ "gigs_half", WOFF(gigs_half), 0.1, 10000 },
	{ "cold_days", WOFF(cold_days), 0, 3650 },
	{ "cold_boost", WOFF(cold_boost), 0, 1 },
	{ "recency_half_days", WOFF(recency_half_days), 0.1, 3650 },
	{ NULL, 0, 0, 0 }
};

static void
match_trim(const char **s, const char **e)
{
	while (*s < *e && isspace((unsigned char)**s))
		(*s)++;
	while (*e > *s && isspace((unsigned char)(*e)[-1]))
		(*e)--;
}

/*
 * "key = value" lines, '#' starts a comment.  Keys not given keep what w
 * held (call match_weights_default first).  On error w is unchanged and
 * err names the line.
 */
int
match_weights_parse(struct match_weights *w, const char *text, size_t len,
    char *err, size_t errlen)
{
	struct match_weights	 nw;
	const char		*p, *end, *eol, *eq, *ks, *ke, *vs, *ve;
	const struct match_wkey	*k;
	char			 num[64], *ep;
	double			 v, sum;
	int			 line, i;

	nw = *w;
	p = text;
	end = text + len;
	for (line = 1; p < end; line++, p = eol + 1) {
		if ((eol = memchr(p, '\n', end - p)) == NULL)
			eol = end;
		ks = p;
		ke = eol;
		if ((eq = memchr(p, '#', eol - p)) != NULL)
			ke = eq;
		match_trim(&ks, &ke);
		if (ks == ke)
			continue;
		if ((eq = memchr(ks, '=', ke - ks)) == NULL) {
			(void)snprintf(err, errlen, "line %d: no '='", line);
			return (-1);
		}
		vs = eq + 1;
		ve = ke;
		ke = eq;
		match_trim(&ks, &ke);
		match_trim(&vs, &ve);
		for (k = match_wkeys; k->name != NULL; k++) {
			if (strlen(k->name) == (size_t)(ke - ks) &&
			    memcmp(k->name, ks, ke - ks) == 0)
				break;
		}
		if (k->name == NULL) {
			(void)snprintf(err, errlen, "line %d: unknown key",
			    line);
			return (-1);
		}
		if (ve - vs <= 0 || (size_t)(ve - vs) >= sizeof(num)) {
			(void)snprintf(err, errlen, "line %d: bad value",
			    line);
			return (-1);
		}
		memcpy(num, vs, ve - vs);
		num[ve - vs] = '\0';
		v = strtod(num, &ep);
		if (*ep != '\0' || !isfinite(v) || v < k->min || v > k->max) {
			(void)snprintf(err, errlen,
			    "line %d: %s must be a number in %g .. %g", line,
			    k->name, k->min, k->max);
			return (-1);
		}
		memcpy((char *)&nw + k->off, &v, sizeof(v));
	}
	for (sum = 0, i = 0; i < MATCH_PART_COUNT; i++)
		sum += nw.part[i];
	if (sum <= 0 || nw.required + nw.nice <= 0) {
		(void)snprintf(err, errlen, "all weights are zero");
		return (-1);
	}
	*w = nw;
	return (0);
}

int
match_gig_valid(const struct match_gig *g)
{
	uint64_t	seen[MATCH_SKILL_WORDS];
	int		i;
	uint16_t	id;

	if (g->nskills > MATCH_GIG_SKILLS)
		return (0);
	memset(seen, 0, sizeof(seen));
	for (i = 0; i < g->nskills; i++) {
		id = g->skills[i].id;
		if (id == 0 || id >= MATCH_SKILL_BITS ||
		    g->skills[i].min_level < 1 ||
		    g->skills[i].min_level > MATCH_LEVEL_MAX ||
		    (seen[id / 64] & (1ULL << (id % 64))))
			return (0);
		seen[id / 64] |= 1ULL << (id % 64);
	}
	return (1);
}

static double
match_credit(const struct match_weights *w, int level, int certified,
    int min_level)
{
	double		c;

	if (level >= min_level)
		c = 1.0 - w->level_step * (MATCH_LEVEL_MAX - level);
	else
		c = w->under_level * level / min_level;
	return (certified ? c : c * w->uncertified);
}

void
match_plan_init(struct match_plan *pl, const struct match_weights *w,
    const struct match_gig *g)
{
	double		skw, ws;
	int		i, l;

	memset(pl, 0, sizeof(*pl));
	pl->gig = g;
	for (i = 0; i < MATCH_PART_COUNT; i++)
		pl->wsum += w->part[i];
	for (i = 0; i < MATCH_SKILL_BITS; i++)
		pl->slot[i] = -1;
	skw = 0;
	for (i = 0; i < g->nskills && i < MATCH_GIG_SKILLS; i++) {
		ws = g->skills[i].required ? w->required : w->nice;
		skw += ws;
		pl->slot[g->skills[i].id % MATCH_SKILL_BITS] = (int16_t)i;
		for (l = 1; l <= MATCH_LEVEL_MAX; l++) {
			pl->credit[i][l][0] = ws * match_credit(w, l, 0,
			    g->skills[i].min_level);
			pl->credit[i][l][1] = ws * match_credit(w, l, 1,
			    g->skills[i].min_level);
		}
	}
	pl->skill_norm = skw > 0 ?
	    w->part[MATCH_PART_SKILL] / pl->wsum / skw : 0;
	pl->loc_w[0] = w->part[MATCH_PART_LOCATION] * w->loc_district /
	    pl->wsum;
	pl->loc_w[1] = w->part[MATCH_PART_LOCATION] * w->loc_province /
	    pl->wsum;
	pl->loc_w[2] = w->part[MATCH_PART_LOCATION] * w->loc_remote /
	    pl->wsum;
	pl->loc_w[3] = w->part[MATCH_PART_LOCATION] * w->loc_none /
	    pl->wsum;
}

/* One static part, 0 .. 1, for the clock now. */
double
match_static_part(const struct match_weights *w,
    const struct match_profile *p, int64_t now, int part)
{
	double		r, n, bayes, rating, gigs, age, days;

	switch (part) {
	case MATCH_PART_AVAILABILITY:
		return (w->avail[p->availability & 3]);
	case MATCH_PART_LEARNING:
		r = p->certificates / w->cert_full;
		if (r > 1)
			r = 1;
		return (w->quiz_share * p->quiz_avg / 100.0 +
		    (1 - w->quiz_share) * r);
	case MATCH_PART_REPUTATION:
		n = p->completed_gigs;
		if (p->rating_x100 == 0) {
			bayes = w->rating_prior;
		} else {
			if (n < 1)
				n = 1;
			bayes = (p->rating_x100 / 100.0 * n +
			    w->rating_prior * w->rating_prior_n) /
			    (n + w->rating_prior_n);
		}
		rating = (bayes - 1) / 4;
		gigs = p->completed_gigs /
		    (p->completed_gigs + w->gigs_half);
		r = 0.7 * rating + 0.3 * gigs;
		/* Newly certified, no gigs yet: a fading head start. */
		if (p->completed_gigs == 0 && p->certified_at > 0 &&
		    w->cold_days > 0) {
			age = (now - p->certified_at) / MATCH_DAY;
			if (age < 0)
				age = 0;
			if (age < w->cold_days && r <
			    w->cold_boost * (1 - age / w->cold_days))
				r = w->cold_boost * (1 - age / w->cold_days);
		}
		return (r);
	case MATCH_PART_RECENCY:
		days = (now - p->last_active) / MATCH_DAY;
		if (days < 0)
			days = 0;
		return (pow(0.5, days / w->recency_half_days));
	default:
		return (0);
	}
}

/* The static parts, weighted and normalised, added in a fixed order. */
double
match_static_sum(const struct match_weights *w,
    const struct match_profile *p, int64_t now)
{
	double		wsum, s;
	int		i;

	for (wsum = 0, i = 0; i < MATCH_PART_COUNT; i++)
		wsum += w->part[i];
	s = 0;
	for (i = MATCH_PART_AVAILABILITY; i < MATCH_PART_COUNT; i++)
		s += w->part[i] * match_static_part(w, p, now, i) / wsum;
	return (s);
}

/*
 * Credits are added in the gig's skill order, the order the index adds
 * them in too, so that both arrive at the very same double.
 */
static double
match_skill_sum(const struct match_plan *pl, const struct match_profile *p)
{
	const struct match_gig	*g = pl->gig;
	double			 s;
	int			 i, j;

	s = 0;
	for (i = 0; i < g->nskills; i++) {
		for (j = 0; j < p->nskills; j++) {
			if (p->skills[j].id != g->skills[i].id)
				continue;
			s += pl->credit[i][p->skills[j].level & 3]
			    [p->skills[j].certified & 1];
			break;
		}
	}
	return (s);
}

uint32_t
match_score(const struct match_weights *w, const struct match_gig *g,
    const struct match_profile *p, int64_t now)
{
	struct match_plan	pl;

	match_plan_init(&pl, w, g);
	return (match_score_quantize(match_skill_sum(&pl, p) * pl.skill_norm +
	    pl.loc_w[match_loc_kind(g, p->district_id, p->province_id)] +
	    match_static_sum(w, p, now)));
}

void
match_score_explain(const struct match_weights *w, const struct match_gig *g,
    const struct match_profile *p, int64_t now, struct match_explain *e)
{
	struct match_plan	pl;
	double			locs[4], skw;
	int			i, j, kind, pass;
	const struct match_skill *have;

	memset(e, 0, sizeof(*e));
	match_plan_init(&pl, w, g);
	e->user_id = p->user_id;
	e->score = match_score(w, g, p, now);

	skw = 0;
	for (i = 0; i < g->nskills; i++)
		skw += g->skills[i].required ? w->required : w->nice;
	e->part[MATCH_PART_SKILL] = skw > 0 ?
	    match_skill_sum(&pl, p) / skw : 0;
	locs[0] = w->loc_district;
	locs[1] = w->loc_province;
	locs[2] = w->loc_remote;
	locs[3] = w->loc_none;
	kind = match_loc_kind(g, p->district_id, p->province_id);
	e->part[MATCH_PART_LOCATION] = locs[kind];
	for (i = MATCH_PART_AVAILABILITY; i < MATCH_PART_COUNT; i++)
		e->part[i] = match_static_part(w, p, now, i);
	for (i = 0; i < MATCH_PART_COUNT; i++)
		e->points[i] = 100.0 * w->part[i] * e->part[i] / pl.wsum;

	/* Missing skills, required ones first; and those under level. */
	for (pass = 1; pass >= 0; pass--) {
		for (i = 0; i < g->nskills; i++) {
			if (g->skills[i].required != pass)
				continue;
			have = NULL;
			for (j = 0; j < p->nskills; j++) {
				if (p->skills[j].id == g->skills[i].id)
					have = &p->skills[j];
			}
			if (have == NULL) {
				e->missing[e->nmissing++] = g->skills[i].id;
				if (pass)
					e->missing_required++;
			} else if (have->level < g->skills[i].min_level)
				e->below[e->nbelow++] = g->skills[i].id;
		}
	}
}

int
match_hit_better(const struct match_hit *a, const struct match_hit *b)
{
	if (a->score != b->score)
		return (a->score > b->score);
	return (a->user_id < b->user_id);
}

int
match_topk_init(struct match_topk *t, size_t k)
{
	t->n = 0;
	t->k = k;
	if ((t->heap = calloc(k ? k : 1, sizeof(*t->heap))) == NULL)
		return (-1);
	return (0);
}

void
match_topk_free(struct match_topk *t)
{
	free(t->heap);
	t->heap = NULL;
	t->n = t->k = 0;
}

/* The root is the worst hit kept; a better newcomer replaces it. */
void
match_topk_push(struct match_topk *t, const struct match_hit *h)
{
	struct match_hit	*a = t->heap, tmp;
	size_t			 i, c, p;

	if (t->k == 0)
		return;
	if (t->n < t->k) {
		i = t->n++;
		a[i] = *h;
		while (i > 0) {
			p = (i - 1) / 2;
			if (!match_hit_better(&a[p], &a[i]))
				break;
			tmp = a[p];
			a[p] = a[i];
			a[i] = tmp;
			i = p;
		}
		return;
	}
	if (!match_hit_better(h, &a[0]))
		return;
	a[0] = *h;
	i = 0;
	for (;;) {
		c = 2 * i + 1;
		if (c >= t->n)
			break;
		if (c + 1 < t->n && match_hit_better(&a[c], &a[c + 1]))
			c++;
		if (!match_hit_better(&a[i], &a[c]))
			break;
		tmp = a[c];
		a[c] = a[i];
		a[i] = tmp;
		i = c;
	}
}

static int
match_hit_cmp(const void *x, const void *y)
{
	const struct match_hit	*a = x, *b = y;

	if (match_hit_better(a, b))
		return (-1);
	if (match_hit_better(b, a))
		return (1);
	return (0);
}

/* Best first; the heap is consumed (it stays a sorted array). */
size_t
match_topk_sorted(struct match_topk *t)
{
	qsort(t->heap, t->n, sizeof(*t->heap), match_hit_cmp);
	return (t->n);
}
