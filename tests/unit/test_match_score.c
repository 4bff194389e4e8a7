/* Scoring, explanations, top-k and the index, against each other. */
#include <stdlib.h>
#include <string.h>

#include "infra/infra.h"
#include "matching/matching.h"
#include "tests/unit/unit.h"

#define TS_NOW		1764300000LL
#define TS_DAY		86400LL

/* A gig in Lahore (district 1, province 1), on site, 2 required + 1 nice. */
static void
ts_gig(struct match_gig *g)
{
	memset(g, 0, sizeof(*g));
	g->gig_id = 9;
	g->district_id = 1;
	g->province_id = 1;
	g->remote = 0;
	g->nskills = 3;
	g->skills[0] = (struct match_gig_skill){ 10, 2, 1 };
	g->skills[1] = (struct match_gig_skill){ 11, 1, 1 };
	g->skills[2] = (struct match_gig_skill){ 12, 1, 0 };
}

static void
ts_person(struct match_profile *p, uint64_t uid)
{
	memset(p, 0, sizeof(*p));
	p->user_id = uid;
	p->district_id = 1;
	p->province_id = 1;
	p->availability = MATCH_AVAIL_FULL;
	p->langs = MATCH_LANG_UR;
	p->quiz_avg = 70;
	p->certificates = 1;
	p->last_active = TS_NOW - TS_DAY;
	p->nskills = 3;
	p->skills[0] = (struct match_skill){ 10, 2, 1 };
	p->skills[1] = (struct match_skill){ 11, 1, 1 };
	p->skills[2] = (struct match_skill){ 12, 1, 1 };
}

UNIT_TEST(match_score_orderings)
{
	struct match_weights	w;
	struct match_gig	g;
	struct match_profile	base, p;
	uint32_t		s0, s;
	size_t			i;
	/* Each change must lower the score of the base trainee. */
	static const char	*what[] = {
		"uncertified", "under level", "missing required",
		"missing nice", "same province", "other province",
		"part time", "unavailable", "no quizzes", "inactive 90 days",
		"unknown district"
	};

	match_weights_default(&w);
	ts_gig(&g);
	ts_person(&base, 1);
	s0 = match_score(&w, &g, &base, TS_NOW);
	CHECK(s0 > 0 && s0 <= MATCH_SCORE_MAX);
	for (i = 0; i < sizeof(what) / sizeof(what[0]); i++) {
		p = base;
		switch (i) {
		case 0: p.skills[0].certified = 0; break;
		case 1: p.skills[0].level = 1; break;
		case 2: p.skills[0] = p.skills[2]; p.nskills = 2; break;
		case 3: p.nskills = 2; break;
		case 4: p.district_id = 2; break;
		case 5: p.district_id = 20; p.province_id = 2; break;
		case 6: p.availability = MATCH_AVAIL_PART; break;
		case 7: p.availability = MATCH_AVAIL_NONE; break;
		case 8: p.quiz_avg = 0; break;
		case 9: p.last_active = TS_NOW - 90 * TS_DAY; break;
		case 10: p.district_id = 0; p.province_id = 0; break;
		}
		s = match_score(&w, &g, &p, TS_NOW);
		if (!(s < s0))
			printf("  not lower: %s (%u >= %u)\n", what[i], s, s0);
		CHECK(s < s0);
	}
	/* Missing a required skill costs more than a nice-to-have one. */
	p = base;
	p.skills[1] = p.skills[2];
	p.nskills = 2;
	s = match_score(&w, &g, &p, TS_NOW);
	p = base;
	p.nskills = 2;
	CHECK(s < match_score(&w, &g, &p, TS_NOW));
	/* Level above the minimum counts a little more. */
	p = base;
	p.skills[0].level = 3;
	CHECK(match_score(&w, &g, &p, TS_NOW) > s0);
}

UNIT_TEST(match_score_location_remote)
{
	struct match_weights	w;
	struct match_gig	g;
	struct match_profile	p;
	uint32_t		far_onsite, far_remote, province, district;

	match_weights_default(&w);
	ts_gig(&g);
	ts_person(&p, 1);
	district = match_score(&w, &g, &p, TS_NOW);
	p.district_id = 2;
	province = match_score(&w, &g, &p, TS_NOW);
	p.district_id = 30;
	p.province_id = 4;
	far_onsite = match_score(&w, &g, &p, TS_NOW);
	g.remote = 1;
	far_remote = match_score(&w, &g, &p, TS_NOW);
	CHECK(district > province);
	CHECK(province > far_remote);
	CHECK(far_remote > far_onsite);
}

UNIT_TEST(match_score_cold_start)
{
	struct match_weights	w;
	struct match_gig	g;
	struct match_profile	p;
	uint32_t		none, fresh, old;

	match_weights_default(&w);
	ts_gig(&g);
	ts_person(&p, 1);
	none = match_score(&w, &g, &p, TS_NOW);
	p.certified_at = TS_NOW - 2 * TS_DAY;
	fresh = match_score(&w, &g, &p, TS_NOW);
	p.certified_at = TS_NOW - 400 * TS_DAY;
	old = match_score(&w, &g, &p, TS_NOW);
	CHECK(fresh > none);
	CHECK_INT(old, none);
	/* A trainee with reviews does not need the head start. */
	p.certified_at = TS_NOW - 2 * TS_DAY;
	p.completed_gigs = 4;
	p.rating_x100 = 480;
	CHECK(match_score(&w, &g, &p, TS_NOW) > none);
}

UNIT_TEST(match_score_explained)
{
	struct match_weights	w;
	struct match_gig	g;
	struct match_profile	p;
	struct match_explain	e;
	double			sum;
	int			i;

	match_weights_default(&w);
	ts_gig(&g);
	ts_person(&p, 77);
	p.nskills = 1;			/* has 10 only, at level 2 */
	p.skills[0].level = 1;		/* ... and below the minimum */
	match_score_explain(&w, &g, &p, TS_NOW, &e);
	CHECK_INT(e.user_id, 77);
	CHECK_INT(e.score, match_score(&w, &g, &p, TS_NOW));
	CHECK_INT(e.nmissing, 2);
	CHECK_INT(e.missing[0], 11);	/* required first */
	CHECK_INT(e.missing[1], 12);
	CHECK_INT(e.missing_required, 1);
	CHECK_INT(e.nbelow, 1);
	CHECK_INT(e.below[0], 10);
	for (sum = 0, i = 0; i < MATCH_PART_COUNT; i++) {
		CHECK(e.part[i] >= 0 && e.part[i] <= 1);
		sum += e.points[i];
	}
	/* The points add up to the score (to rounding). */
	CHECK(sum * 10000 - e.score < 1 && e.score - sum * 10000 < 1);
	CHECK_STR(match_part_name(MATCH_PART_LOCATION), "location");
}

UNIT_TEST(match_score_no_skills)
{
	struct match_weights	w;
	struct match_gig	g;
	struct match_profile	p;
	struct match_explain	e;

	match_weights_default(&w);
	ts_gig(&g);
	ts_person(&p, 5);
	p.nskills = 0;
	match_score_explain(&w, &g, &p, TS_NOW, &e);
	CHECK_INT(e.part[MATCH_PART_SKILL] * 1000, 0);
	CHECK_INT(e.nmissing, 3);
	CHECK(e.score > 0);		/* location etc. still count */
	/* A gig that asks for nothing: skills score 0 for everyone. */
	g.nskills = 0;
	ts_person(&p, 5);
	match_score_explain(&w, &g, &p, TS_NOW, &e);
	CHECK_INT(e.nmissing, 0);
	CHECK_INT(e.part[MATCH_PART_SKILL] * 1000, 0);
}

UNIT_TEST(match_weights_config)
{
	struct match_weights	w, d;
	char			err[128];
	static const char	ok[] =
	    "# tuned for Punjab\n"
	    "skills = 60\n"
	    "  location=5   # far less\n"
	    "\n"
	    "uncertified = 0.5\n";
	static const char	*bad[] = {
		"skills 60\n", "colour = 3\n", "skills = -1\n",
		"skills = 6x\n", "uncertified = 2\n", "skills =\n",
		"skills=0\nlocation=0\navailability=0\nlearning=0\n"
		"reputation=0\nrecency=0\n", "recency = nan\n"
	};
	size_t			i;

	match_weights_default(&w);
	d = w;
	CHECK_INT(match_weights_parse(&w, ok, sizeof(ok) - 1, err,
	    sizeof(err)), 0);
	CHECK_INT(w.part[MATCH_PART_SKILL], 60);
	CHECK_INT(w.part[MATCH_PART_LOCATION], 5);
	CHECK_INT(w.uncertified * 10, 5);
	CHECK_INT(w.part[MATCH_PART_RECENCY], d.part[MATCH_PART_RECENCY]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		w = d;
		err[0] = '\0';
		CHECK_INT(match_weights_parse(&w, bad[i], strlen(bad[i]), err,
		    sizeof(err)), -1);
		CHECK(err[0] != '\0');
		CHECK(memcmp(&w, &d, sizeof(w)) == 0);
	}
	/* A weight changes the ranking: location alone decides. */
	{
		struct match_gig	g;
		struct match_profile	near, skilled;
		static const char	loc[] = "skills=0\nlocation=1\n"
		    "availability=0\nlearning=0\nreputation=0\nrecency=0\n";

		ts_gig(&g);
		ts_person(&skilled, 1);
		skilled.district_id = 2;
		ts_person(&near, 2);
		near.nskills = 1;
		w = d;
		CHECK(match_score(&w, &g, &skilled, TS_NOW) >
		    match_score(&w, &g, &near, TS_NOW));
		CHECK_INT(match_weights_parse(&w, loc, sizeof(loc) - 1, err,
		    sizeof(err)), 0);
		CHECK(match_score(&w, &g, &skilled, TS_NOW) <
		    match_score(&w, &g, &near, TS_NOW));
	}
}

UNIT_TEST(match_topk_ties)
{
	struct match_topk	t;
	struct match_hit	h;
	static const struct { uint32_t score; uint64_t uid; } in[] = {
		{ 50, 9 }, { 70, 4 }, { 50, 3 }, { 70, 8 }, { 10, 1 },
		{ 50, 5 }, { 90, 7 }, { 50, 2 }
	};
	static const uint64_t	want[] = { 7, 4, 8, 2, 3 };
	size_t			i, n;

	CHECK_INT(match_topk_init(&t, 5), 0);
	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		h.score = in[i].score;
		h.user_id = in[i].uid;
		h.idx = (uint32_t)i;
		match_topk_push(&t, &h);
	}
	n = match_topk_sorted(&t);
	CHECK_INT(n, 5);
	for (i = 0; i < n && i < 5; i++)
		CHECK_INT(t.heap[i].user_id, want[i]);
	match_topk_free(&t);

	/* k = 0 keeps nothing; fewer hits than k keeps them all. */
	CHECK_INT(match_topk_init(&t, 0), 0);
	match_topk_push(&t, &h);
	CHECK_INT(match_topk_sorted(&t), 0);
	match_topk_free(&t);
}

static unsigned int ts_seed = 12345;

static unsigned int
ts_rand(void)
{
	ts_seed = ts_seed * 1103515245 + 12345;
	return (ts_seed >> 8);
}

static void
ts_random(struct match_profile *p, uint64_t uid)
{
	int		i, j, n;
	uint16_t	id;

	memset(p, 0, sizeof(*p));
	p->user_id = uid;
	p->district_id = ts_rand() % 6;		/* 0: unknown */
	p->province_id = p->district_id ? (uint16_t)(1 +
	    p->district_id / 3) : 0;
	p->availability = ts_rand() % 4;
	p->quiz_avg = ts_rand() % 101;
	p->certificates = ts_rand() % 4;
	p->rating_x100 = ts_rand() % 3 ? 0 : 100 + ts_rand() % 401;
	p->completed_gigs = p->rating_x100 ? 1 + ts_rand() % 9 : 0;
	p->last_active = TS_NOW - (ts_rand() % 60) * TS_DAY;
	p->certified_at = ts_rand() % 2 ? TS_NOW - (ts_rand() % 90) *
	    TS_DAY : 0;
	n = ts_rand() % 6;
	for (i = 0; i < n; i++) {
		id = (uint16_t)(1 + ts_rand() % 12);
		for (j = 0; j < p->nskills; j++)
			if (p->skills[j].id == id)
				break;
		if (j < p->nskills)
			continue;
		p->skills[p->nskills].id = id;
		p->skills[p->nskills].level = (uint8_t)(1 + ts_rand() % 3);
		p->skills[p->nskills].certified = ts_rand() % 2;
		p->nskills++;
	}
}

static int
ts_has_any(const struct match_profile *p, const struct match_gig *g)
{
	int		i, j;

	for (i = 0; i < p->nskills; i++)
		for (j = 0; j < g->nskills; j++)
			if (p->skills[i].id == g->skills[j].id)
				return (1);
	return (0);
}

/*
 * The index agrees with brute force over every profile, after updates,
 * with one thread or several and blocks small enough that the rows span
 * many of them (the bound that skips rows must never skip a winner).
 */
UNIT_TEST(match_index_exact)
{
	struct match_weights	 w;
	struct match_index	 x;
	struct match_gig	 g;
	struct match_profile	*all, q;
	struct match_topk	 t, b;
	struct match_hit	 h;
	struct match_stats	 st;
	uint32_t		 i, n = 3000, round, ncand;
	int			 r;
	size_t			 k;

	match_weights_default(&w);
	CHECK_INT(match_index_init(&x, &w, TS_NOW), 0);
	/* Room for a third of them: the rest grows the usual way. */
	CHECK_INT(match_index_reserve(&x, n / 3), 0);
	CHECK(x.cap >= n / 3 && x.map_cap >= 2 * (n / 3));
	all = calloc(n, sizeof(*all));
	for (i = 0; i < n; i++) {
		ts_random(&all[i], 1000 + (i * 7919) % n);
		CHECK_INT(match_index_put(&x, &all[i]), 0);
	}
	CHECK_INT(x.live, n);
	for (round = 0; round < 4; round++) {
		/* Rewrite a third of them, delete a few. */
		if (round > 0) {
			for (i = 0; i < n; i += 3) {
				ts_random(&q, all[i].user_id);
				all[i] = q;
				CHECK_INT(match_index_put(&x, &q), 0);
			}
			for (i = round; i < n; i += 97) {
				if (all[i].user_id == 0)
					continue;
				CHECK_INT(match_index_del(&x, all[i].user_id),
				    0);
				all[i].nskills = 0;	/* no longer a candidate */
			}
		}
		memset(&g, 0, sizeof(g));
		g.district_id = 1 + round;
		g.province_id = 1;
		g.remote = round % 2;
		g.nskills = (uint8_t)(2 + round);
		for (i = 0; i < g.nskills; i++)
			g.skills[i] = (struct match_gig_skill){
			    (uint16_t)(1 + i * 3), (uint8_t)(1 + i % 3),
			    (uint8_t)(i % 2 == 0) };
		CHECK_INT(match_topk_init(&t, 50), 0);
		CHECK_INT(match_topk_init(&b, 50), 0);
		x.threads = 1 + round % 3;
		x.block = round ? 64 : MATCH_BLOCK;
		CHECK_INT(match_index_rank(&x, &g, &t, &st), 0);
		for (ncand = 0, i = 0; i < n; i++) {
			if (!ts_has_any(&all[i], &g))
				continue;
			ncand++;
			h.score = match_score(&w, &g, &all[i], TS_NOW);
			h.user_id = all[i].user_id;
			h.idx = 0;
			match_topk_push(&b, &h);
		}
		CHECK_INT(match_topk_sorted(&t), match_topk_sorted(&b));
		CHECK_INT(st.candidates, ncand);
		CHECK(st.scored >= t.n && st.scored <= st.candidates);
		for (k = 0; k < t.n; k++) {
			CHECK_INT(t.heap[k].user_id, b.heap[k].user_id);
			CHECK_INT(t.heap[k].score, b.heap[k].score);
			/* A row rebuilt from the columns scores the same. */
			match_index_profile(&x, t.heap[k].idx, &q);
			CHECK_INT(match_score(&w, &g, &q, TS_NOW),
			    t.heap[k].score);
		}
		match_topk_free(&t);
		match_topk_free(&b);
	}
	r = match_index_find(&x, all[0].user_id);
	CHECK(r >= 0);
	CHECK_INT(match_index_find(&x, 999999), -1);
	CHECK_INT(match_index_del(&x, 999999), -1);
	free(all);
	match_index_free(&x);
}

/* One gig ranked by the index and by brute force: the same top-k. */
static void
ts_index_vs_brute(int *unit_failed, struct match_index *x,
    const struct match_profile *all, uint32_t n, const struct match_gig *g,
    size_t k)
{
	struct match_topk	 t, b;
	struct match_hit	 h;
	struct match_stats	 st;
	uint32_t		 i, ncand;
	size_t			 j;

	CHECK_INT(match_topk_init(&t, k), 0);
	CHECK_INT(match_topk_init(&b, k), 0);
	CHECK_INT(match_index_rank(x, g, &t, &st), 0);
	for (ncand = 0, i = 0; i < n; i++) {
		if (g->nskills > 0 && !ts_has_any(&all[i], g))
			continue;
		ncand++;
		h.score = match_score(&x->w, g, &all[i], TS_NOW);
		h.user_id = all[i].user_id;
		h.idx = 0;
		match_topk_push(&b, &h);
	}
	CHECK_INT(match_topk_sorted(&t), match_topk_sorted(&b));
	CHECK_INT(st.candidates, ncand);
	for (j = 0; j < t.n && j < b.n; j++) {
		CHECK_INT(t.heap[j].user_id, b.heap[j].user_id);
		CHECK_INT(t.heap[j].score, b.heap[j].score);
	}
	match_topk_free(&t);
	match_topk_free(&b);
}

/*
 * The 16-bit bound that passes rows over must hold whatever the weights
 * (credits of 0, all on skills, all on the static parts, no location),
 * for a gig without skills, a district past 16 bits, k of 0 and 1.
 */
UNIT_TEST(match_index_bound_any_weights)
{
	static const char *const confs[] = {
		"",
		"nice = 0\nuncertified = 0\nunder_level = 0\n",
		"skills = 1\nlocation = 0\navailability = 0\nlearning = 0\n"
		    "reputation = 0\nrecency = 0\nlevel_step = 0\n",
		"skills = 0.01\nlocation = 0\nrequired = 0\nnice = 1\n",
		"location = 1000\nloc_none = 1\nloc_remote = 1\n",
		"skills = 1000\nrecency = 1000\nlevel_step = 0.5\n",
	};
	static const size_t	 ks[] = { 0, 1, 7, 50 };
	struct match_weights	 w;
	struct match_index	 x;
	struct match_gig	 g;
	struct match_profile	*all;
	uint32_t		 i, n = 2000;
	size_t			 c, r;
	char			 err[128];

	all = calloc(n, sizeof(*all));
	for (c = 0; c < sizeof(confs) / sizeof(confs[0]); c++) {
		match_weights_default(&w);
		CHECK_INT(match_weights_parse(&w, confs[c], strlen(confs[c]),
		    err, sizeof(err)), 0);
		CHECK_INT(match_index_init(&x, &w, TS_NOW), 0);
		for (i = 0; i < n; i++) {
			ts_random(&all[i], 1 + i);
			if (i % 5 == 0)
				all[i].district_id = 70000 + i % 2;
			CHECK_INT(match_index_put(&x, &all[i]), 0);
		}
		for (r = 0; r < 8; r++) {
			memset(&g, 0, sizeof(g));
			g.district_id = r % 4 == 3 ? 70000 : (uint32_t)(r % 5);
			g.province_id = (uint16_t)(r % 3);
			g.remote = r % 2;
			g.nskills = (uint8_t)(r % 4 == 0 ? 0 : 1 + r % 4);
			for (i = 0; i < g.nskills; i++)
				g.skills[i] = (struct match_gig_skill){
				    (uint16_t)(2 + i * 4), (uint8_t)(1 + r % 3),
				    (uint8_t)(i % 2) };
			x.threads = 1 + (int)(r % 2);
			x.block = r % 3 ? 64 : MATCH_BLOCK;
			ts_index_vs_brute(unit_failed, &x, all, n, &g,
			    ks[(r + c) % 4]);
		}
		match_index_free(&x);
	}
	free(all);
}

/* A certificate earned moves the trainee up; a deleted one drops out. */
UNIT_TEST(match_index_update_moves)
{
	struct match_weights	w;
	struct match_index	x;
	struct match_gig	g;
	struct match_profile	a, b;
	struct match_topk	t;

	match_weights_default(&w);
	ts_gig(&g);
	CHECK_INT(match_index_init(&x, &w, TS_NOW), 0);
	ts_person(&a, 2);
	ts_person(&b, 1);
	a.skills[0].certified = 0;
	CHECK_INT(match_index_put(&x, &a), 0);
	CHECK_INT(match_index_put(&x, &b), 0);
	CHECK_INT(match_topk_init(&t, 10), 0);
	CHECK_INT(match_index_rank(&x, &g, &t, NULL), 0);
	CHECK_INT(match_topk_sorted(&t), 2);
	CHECK_INT(t.heap[0].user_id, 1);
	match_topk_free(&t);

	a.skills[0].certified = 1;
	a.skills[0].level = 3;
	CHECK_INT(match_index_put(&x, &a), 0);
	CHECK_INT(match_topk_init(&t, 10), 0);
	CHECK_INT(match_index_rank(&x, &g, &t, NULL), 0);
	CHECK_INT(match_topk_sorted(&t), 2);
	CHECK_INT(t.heap[0].user_id, 2);
	match_topk_free(&t);

	/* Skills dropped, then the trainee deleted. */
	b.nskills = 0;
	CHECK_INT(match_index_put(&x, &b), 0);
	CHECK_INT(match_index_del(&x, 2), 0);
	CHECK_INT(match_topk_init(&t, 10), 0);
	CHECK_INT(match_index_rank(&x, &g, &t, NULL), 0);
	CHECK_INT(match_topk_sorted(&t), 0);
	match_topk_free(&t);
	/* The plain scan sees the same empty world. */
	CHECK_INT(match_topk_init(&t, 10), 0);
	CHECK_INT(match_index_scan(&x, &g, &t), 0);
	CHECK_INT(match_topk_sorted(&t), 0);
	match_topk_free(&t);
	/* A bad gig is refused, not ranked. */
	g.skills[1].id = g.skills[0].id;
	CHECK_INT(match_topk_init(&t, 10), 0);
	CHECK_INT(match_index_rank(&x, &g, &t, NULL), -1);
	match_topk_free(&t);
	match_index_free(&x);
}
