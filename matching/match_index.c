/*
 * The in-memory index the matcher ranks with: one array per field
 * (columnar, so a ranking touches only what it reads), a 512-bit skill set
 * per trainee, and one posting list per skill holding the rows that list
 * it with their level and certification, sorted by row.
 *
 * Ranking walks the rows in blocks of ix->block (4096).  For each block
 * it walks the part of every gig skill's posting list that falls in the
 * block, adding each row's credit -- rounded up to 16-bit bound units --
 * into the block's sums (8 KB: they stay in the first-level cache).  Then
 * eight rows at a time in SSE2 registers: a sum that is not 0 is a
 * candidate; its sum, its static parts and its place (district, province
 * or elsewhere, from 16-bit copies of the columns), all rounded up, make a
 * bound, and a bound under the worst score kept in the top-k cannot enter
 * it, so the row is passed over without being read.  At 1M trainees about
 * one candidate in a thousand goes on: its skill credit is then added the
 * exact way from its own skills, in the order match_score() uses, so the
 * index and the explanation agree on a score; the bounds only ever skip
 * rows that the exact score would have refused (unit tests check against
 * brute force, with weights that put everything on one part).
 *
 * With ix->threads > 1 the blocks are shared out between threads, each
 * with its own top-k, merged at the end: the top-k is the same exact one.
 * The population ranked is every trainee holding at least one of the
 * gig's skills (everyone, for a gig without skills).
 */
#include <pthread.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "matching/matching.h"

#define MATCH_ARENA_ENC(s)	((uint16_t)((s)->id << 3 | \
				    (s)->certified << 2 | (s)->level))

static uint64_t
match_hash(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return (x ^ (x >> 31));
}

static void *
match_grow(void *p, size_t n, size_t size)
{
	return (realloc(p, n * size));
}

int
match_index_init(struct match_index *ix, const struct match_weights *w,
    int64_t now)
{
	memset(ix, 0, sizeof(*ix));
	ix->w = *w;
	ix->now = now;
	ix->threads = 1;
	ix->block = MATCH_BLOCK;
	ix->map_cap = 1024;
	ix->map_key = calloc(ix->map_cap, sizeof(*ix->map_key));
	ix->map_row = calloc(ix->map_cap, sizeof(*ix->map_row));
	if (ix->map_key == NULL || ix->map_row == NULL) {
		match_index_free(ix);
		return (-1);
	}
	return (0);
}

void
match_index_free(struct match_index *ix)
{
	int		i;

	free(ix->user_id);
	free(ix->bits);
	free(ix->district);
	free(ix->province);
	free(ix->avail);
	free(ix->langs);
	free(ix->quiz);
	free(ix->certs);
	free(ix->rating);
	free(ix->gigs);
	free(ix->active);
	free(ix->cert_at);
	free(ix->statics);
	free(ix->ub);
	free(ix->stat_q);
	free(ix->dist_q);
	free(ix->sk_off);
	free(ix->sk_n);
	free(ix->alive);
	free(ix->arena);
	for (i = 0; i < MATCH_SKILL_BITS; i++) {
		free(ix->post[i].idx);
		free(ix->post[i].lv);
	}
	free(ix->map_key);
	free(ix->map_row);
	memset(ix, 0, sizeof(*ix));
}

#define MATCH_GROW(f, n)	do {					\
	void *np_ = match_grow(ix->f, (n), sizeof(*ix->f));		\
	if (np_ == NULL)						\
		return (-1);						\
	ix->f = np_;							\
} while (0)

static int
match_index_grow(struct match_index *ix, uint32_t want)
{
	uint32_t	nc;

	nc = ix->cap ? ix->cap * 2 : 1024;
	if (nc < want)
		nc = want;
	/* Whole 8-row registers: the ranking reads stat_q eight at a time. */
	nc = (nc + 7) & ~7U;
	MATCH_GROW(user_id, nc);
	MATCH_GROW(bits, (size_t)nc * MATCH_SKILL_WORDS);
	MATCH_GROW(district, nc);
	MATCH_GROW(province, nc);
	MATCH_GROW(avail, nc);
	MATCH_GROW(langs, nc);
	MATCH_GROW(quiz, nc);
	MATCH_GROW(certs, nc);
	MATCH_GROW(rating, nc);
	MATCH_GROW(gigs, nc);
	MATCH_GROW(active, nc);
	MATCH_GROW(cert_at, nc);
	MATCH_GROW(statics, nc);
	MATCH_GROW(ub, nc);
	MATCH_GROW(stat_q, nc);
	MATCH_GROW(dist_q, nc);
	MATCH_GROW(sk_off, nc);
	MATCH_GROW(sk_n, nc);
	MATCH_GROW(alive, nc);
	ix->cap = nc;
	return (0);
}

static int
match_map_rehash(struct match_index *ix, size_t ncap)
{
	uint64_t	*ok = ix->map_key, *nk;
	uint32_t	*orow = ix->map_row, *nr;
	size_t		 ocap = ix->map_cap, i, h;

	nk = calloc(ncap, sizeof(*nk));
	nr = calloc(ncap, sizeof(*nr));
	if (nk == NULL || nr == NULL) {
		free(nk);
		free(nr);
		return (-1);
	}
	for (i = 0; i < ocap; i++) {
		if (ok[i] == 0)
			continue;
		h = match_hash(ok[i]) & (ncap - 1);
		while (nk[h] != 0)
			h = (h + 1) & (ncap - 1);
		nk[h] = ok[i];
		nr[h] = orow[i];
	}
	free(ok);
	free(orow);
	ix->map_key = nk;
	ix->map_row = nr;
	ix->map_cap = ncap;
	return (0);
}

/* The row of a user ever put (live or not), or -1. */
static int64_t
match_map_get(const struct match_index *ix, uint64_t uid)
{
	size_t		h;

	h = match_hash(uid) & (ix->map_cap - 1);
	while (ix->map_key[h] != 0) {
		if (ix->map_key[h] == uid)
			return (ix->map_row[h]);
		h = (h + 1) & (ix->map_cap - 1);
	}
	return (-1);
}

static int
match_map_put(struct match_index *ix, uint64_t uid, uint32_t row)
{
	size_t		h;

	/* At most half full: a miss (every new row) probes ~2.5 slots. */
	if ((ix->map_n + 1) * 2 > ix->map_cap &&
	    match_map_rehash(ix, ix->map_cap * 2) == -1)
		return (-1);
	h = match_hash(uid) & (ix->map_cap - 1);
	while (ix->map_key[h] != 0)
		h = (h + 1) & (ix->map_cap - 1);
	ix->map_key[h] = uid;
	ix->map_row[h] = row;
	ix->map_n++;
	return (0);
}

/*
 * Room for n rows at once (a load that knows how many are coming): no
 * doubling of every column and no rehash on the way.
 */
int
match_index_reserve(struct match_index *ix, uint32_t n)
{
	size_t		cap;

	if (n > ix->cap && match_index_grow(ix, n) == -1)
		return (-1);
	for (cap = ix->map_cap; cap < (size_t)n * 2 + 2; cap *= 2)
		;
	if (cap > ix->map_cap && match_map_rehash(ix, cap) == -1)
		return (-1);
	return (0);
}

int
match_index_find(const struct match_index *ix, uint64_t uid)
{
	int64_t		row;

	if (uid == 0 || (row = match_map_get(ix, uid)) < 0 ||
	    !ix->alive[row])
		return (-1);
	return ((int)row);
}

/* The first position in pp whose row is not below row. */
static uint32_t
match_post_lower(const struct match_posting *pp, uint32_t row)
{
	uint32_t	lo = 0, hi = pp->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (pp->idx[mid] < row)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (lo);
}

/*
 * A load appends rows in order (the common case, O(1)); a changed row
 * goes to its place, moving the tail of the list (a few hundred
 * microseconds for the busiest skill at 1M).
 */
static int
match_post_add(struct match_posting *pp, uint32_t row, uint8_t lv)
{
	uint32_t	 nc, at;
	void		*a, *b;

	if (pp->n == pp->cap) {
		nc = pp->cap ? pp->cap * 2 : 16;
		if ((a = realloc(pp->idx, nc * sizeof(*pp->idx))) == NULL)
			return (-1);
		pp->idx = a;
		if ((b = realloc(pp->lv, nc * sizeof(*pp->lv))) == NULL)
			return (-1);
		pp->lv = b;
		pp->cap = nc;
	}
	at = pp->n;
	if (pp->n > 0 && pp->idx[pp->n - 1] > row) {
		at = match_post_lower(pp, row);
		memmove(pp->idx + at + 1, pp->idx + at,
		    (pp->n - at) * sizeof(*pp->idx));
		memmove(pp->lv + at + 1, pp->lv + at, pp->n - at);
	}
	pp->idx[at] = row;
	pp->lv[at] = lv;
	pp->n++;
	return (0);
}

static void
match_post_del(struct match_posting *pp, uint32_t row)
{
	uint32_t	at;

	at = match_post_lower(pp, row);
	if (at == pp->n || pp->idx[at] != row)
		return;
	pp->n--;
	memmove(pp->idx + at, pp->idx + at + 1,
	    (pp->n - at) * sizeof(*pp->idx));
	memmove(pp->lv + at, pp->lv + at + 1, pp->n - at);
}

static void
match_index_unlink(struct match_index *ix, uint32_t row)
{
	uint32_t	i;
	uint16_t	v;

	for (i = 0; i < ix->sk_n[row]; i++) {
		v = ix->arena[ix->sk_off[row] + i];
		match_post_del(&ix->post[v >> 3], row);
	}
}

static int32_t	match_bound_units(double);

/* The static sum of a row, its float bound and its bound units. */
static void
match_index_statics(struct match_index *ix, uint32_t row, double s)
{
	float	f;

	f = (float)s;
	if ((double)f < s)
		f = nextafterf(f, HUGE_VALF);
	ix->statics[row] = s;
	ix->ub[row] = f;
	ix->stat_q[row] = (uint16_t)match_bound_units(s);
}

/* A row's skills: in place when they fit, else appended to the arena. */
static int
match_index_room(struct match_index *ix, uint32_t row, int fresh,
    uint8_t nskills)
{
	size_t		 nc;
	void		*na;

	if (!fresh && nskills <= ix->sk_n[row]) {
		ix->arena_dead += ix->sk_n[row] - nskills;
		return (0);
	}
	if (ix->arena_n + nskills > ix->arena_cap) {
		nc = ix->arena_cap ? ix->arena_cap * 2 : 4096;
		while (nc < ix->arena_n + nskills)
			nc *= 2;
		if ((na = realloc(ix->arena, nc * sizeof(*ix->arena))) == NULL)
			return (-1);
		ix->arena = na;
		ix->arena_cap = nc;
	}
	if (!fresh)
		ix->arena_dead += ix->sk_n[row];
	ix->sk_off[row] = (uint32_t)ix->arena_n;
	ix->arena_n += nskills;
	return (0);
}

/* The profile's other fields into the row's columns. */
static void
match_index_fields(struct match_index *ix, uint32_t row,
    const struct match_profile *p)
{
	ix->sk_n[row] = p->nskills;
	ix->user_id[row] = p->user_id;
	ix->district[row] = p->district_id;
	ix->dist_q[row] = (uint16_t)(p->district_id < UINT16_MAX ?
	    p->district_id : UINT16_MAX);
	ix->province[row] = p->province_id;
	ix->avail[row] = p->availability;
	ix->langs[row] = p->langs;
	ix->quiz[row] = p->quiz_avg;
	ix->certs[row] = p->certificates;
	ix->rating[row] = p->rating_x100;
	ix->gigs[row] = p->completed_gigs;
	ix->active[row] = p->last_active;
	ix->cert_at[row] = p->certified_at;
}

int
match_index_put(struct match_index *ix, const struct match_profile *p)
{
	int64_t		 r;
	uint32_t	 row, i;
	uint64_t	*bits;
	int		 fresh;

	if (!match_profile_valid(p))
		return (-1);
	r = match_map_get(ix, p->user_id);
	fresh = r < 0;
	if (fresh) {
		if (ix->n == ix->cap && match_index_grow(ix, 0) == -1)
			return (-1);
		row = ix->n;
		ix->sk_n[row] = 0;
		ix->sk_off[row] = 0;
		ix->alive[row] = 0;
	} else {
		row = (uint32_t)r;
		if (ix->alive[row])
			match_index_unlink(ix, row);
	}

	if (match_index_room(ix, row, fresh, p->nskills) == -1)
		return (-1);

	bits = ix->bits + (size_t)row * MATCH_SKILL_WORDS;
	memset(bits, 0, MATCH_SKILL_WORDS * sizeof(*bits));
	for (i = 0; i < p->nskills; i++) {
		ix->arena[ix->sk_off[row] + i] = MATCH_ARENA_ENC(&p->skills[i]);
		bits[p->skills[i].id / 64] |= 1ULL << (p->skills[i].id % 64);
		if (match_post_add(&ix->post[p->skills[i].id], row,
		    (uint8_t)(p->skills[i].certified << 2 |
		    p->skills[i].level)) == -1) {
			ix->sk_n[row] = (uint8_t)i;
			ix->alive[row] = 0;
			match_index_unlink(ix, row);
			return (-1);
		}
	}
	match_index_fields(ix, row, p);
	match_index_statics(ix, row, match_static_sum(&ix->w, p, ix->now));
	if (!ix->alive[row])
		ix->live++;
	ix->alive[row] = 1;
	if (fresh) {
		if (match_map_put(ix, p->user_id, row) == -1) {
			match_index_unlink(ix, row);
			ix->alive[row] = 0;
			ix->live--;
			return (-1);
		}
		ix->n++;
	}
	return (0);
}

int
match_index_del(struct match_index *ix, uint64_t uid)
{
	int		row;

	if ((row = match_index_find(ix, uid)) < 0)
		return (-1);
	match_index_unlink(ix, (uint32_t)row);
	ix->alive[row] = 0;
	ix->live--;
	return (0);
}

void
match_index_profile(const struct match_index *ix, uint32_t row,
    struct match_profile *p)
{
	uint32_t	i;
	uint16_t	v;

	memset(p, 0, sizeof(*p));
	p->user_id = ix->user_id[row];
	p->district_id = ix->district[row];
	p->province_id = ix->province[row];
	p->availability = ix->avail[row];
	p->langs = ix->langs[row];
	p->quiz_avg = ix->quiz[row];
	p->certificates = ix->certs[row];
	p->rating_x100 = ix->rating[row];
	p->completed_gigs = ix->gigs[row];
	p->last_active = ix->active[row];
	p->certified_at = ix->cert_at[row];
	p->nskills = ix->sk_n[row];
	for (i = 0; i < p->nskills; i++) {
		v = ix->arena[ix->sk_off[row] + i];
		p->skills[i].id = v >> 3;
		p->skills[i].certified = (v >> 2) & 1;
		p->skills[i].level = v & 3;
	}
}

/* New weights or a new clock: the static parts of every row again. */
void
match_index_restat(struct match_index *ix, const struct match_weights *w,
    int64_t now)
{
	struct match_profile	p;
	uint32_t		row;

	ix->w = *w;
	ix->now = now;
	for (row = 0; row < ix->n; row++) {
		if (!ix->alive[row])
			continue;
		match_index_profile(ix, row, &p);
		match_index_statics(ix, row, match_static_sum(w, &p, now));
	}
}

/*
 * The first filter works in bound units (MATCH_BOUND_ONE to a score of
 * 1) on 16-bit integers, eight rows to an SSE2 register: every credit,
 * the location and a row's static parts rounded up and one unit added,
 * so that the sum is never below the exact score and a row holding one
 * of the gig's skills never sums to 0.  Every part is 0 .. 1 of its
 * weight and the weights share 1, so a sum stays under 16,434: the
 * signed 16-bit lanes never overflow (match_bound_plan() checks).
 */
typedef int16_t match_v16 __attribute__((vector_size(16)));

struct match_bound {
	uint16_t	cr[MATCH_GIG_SKILLS][8];  /* by certified << 2 | level */
	int32_t		loc[4];
	int32_t		best;		/* the best of loc */
	int		on;		/* 0: sums could overflow, no filter */
	match_v16	dist, prov;	/* the gig's district and province */
	match_v16	on_dist, on_prov; /* all ones: compare with them */
	match_v16	loc_v[3];	/* district, province, elsewhere */
	int		exact;		/* 0: a district past 16 bits */
};

static int32_t
match_bound_units(double v)
{
	double	u;

	u = ceil(v * MATCH_BOUND_ONE) + 1;
	return (u < 0 ? 0 : u > INT16_MAX ? INT16_MAX : (int32_t)u);
}

/*
 * The gig's place as registers: a row's location units are those of its
 * district, else of its province, else remote or none -- match_loc_kind()
 * eight rows at a time, on the districts' 16-bit copy.  A gig whose
 * district does not fit 16 bits gives every row the best place instead.
 */
static void
match_bound_place(struct match_bound *bd, const struct match_gig *g)
{
	int	i;

	bd->exact = g->district_id < UINT16_MAX;
	for (i = 0; i < 8; i++) {
		bd->dist[i] = (int16_t)(uint16_t)g->district_id;
		bd->prov[i] = (int16_t)g->province_id;
		bd->on_dist[i] = g->district_id != 0 && bd->exact ? -1 : 0;
		bd->on_prov[i] = g->province_id != 0 ? -1 : 0;
		bd->loc_v[0][i] = (int16_t)(bd->exact ? bd->loc[0] : bd->best);
		bd->loc_v[1][i] = (int16_t)(bd->exact ? bd->loc[1] : bd->best);
		bd->loc_v[2][i] = (int16_t)(!bd->exact ? bd->best :
		    g->remote ? bd->loc[2] : bd->loc[3]);
	}
}

static void
match_bound_plan(struct match_bound *bd, const struct match_plan *pl)
{
	const struct match_gig	*g = pl->gig;
	int32_t			 sum, top;
	int			 s, lv;

	memset(bd, 0, sizeof(*bd));
	for (sum = 0, s = 0; s < g->nskills; s++) {
		for (top = 0, lv = 0; lv < 8; lv++) {
			bd->cr[s][lv] = (uint16_t)match_bound_units(
			    pl->credit[s][lv & 3][(lv >> 2) & 1] *
			    pl->skill_norm);
			top = bd->cr[s][lv] > top ? bd->cr[s][lv] : top;
		}
		sum += top;
	}
	for (s = 0; s < 4; s++) {
		bd->loc[s] = match_bound_units(pl->loc_w[s]);
		bd->best = bd->loc[s] > bd->best ? bd->loc[s] : bd->best;
	}
	bd->on = sum + bd->best + MATCH_BOUND_ONE + 2 < INT16_MAX;
	match_bound_place(bd, g);
}

/* Under this many units a row's bound cannot quantize to the score s. */
static int32_t
match_bound_floor(uint32_t s)
{
	return ((int32_t)floor(((s - 0.5) / MATCH_SCORE_MAX - 1e-9) *
	    MATCH_BOUND_ONE));
}

/* One thread's share of a ranking: the blocks of rows [r0, r1). */
struct match_share {
	const struct match_index	*ix;
	const struct match_plan		*pl;
	const struct match_bound	*bd;
	uint32_t			 r0;
	uint32_t			 r1;
	int32_t				 lim;	/* bound units to reach */
	struct match_topk		 top;
	struct match_stats		 st;
	pthread_t			 tid;
	int				 started;
};

/* The bound units a row must reach, from the worst score kept. */
static void
match_share_limit(struct match_share *pt)
{
	const struct match_topk	*t = &pt->top;

	if (t->k == 0)
		pt->lim = INT16_MAX;
	else if (t->n < t->k || !pt->bd->on)
		pt->lim = INT16_MIN;
	else
		pt->lim = match_bound_floor(t->heap[0].score);
}

/*
 * A row's skill credit the exact way: its skills looked up in the gig,
 * then added in the gig's order (a skill it lacks adds 0.0, which changes
 * nothing), the very double match_score() arrives at.
 */
static double
match_share_skills(const struct match_index *ix, const struct match_plan *pl,
    uint32_t r)
{
	double		v[MATCH_GIG_SKILLS], s;
	uint32_t	i;
	uint16_t	e;
	int		slot;

	memset(v, 0, pl->gig->nskills * sizeof(*v));
	for (i = 0; i < ix->sk_n[r]; i++) {
		e = ix->arena[ix->sk_off[r] + i];
		if ((slot = pl->slot[e >> 3]) >= 0)
			v[slot] = pl->credit[slot][e & 3][(e >> 2) & 1];
	}
	for (s = 0, i = 0; i < pl->gig->nskills; i++)
		s += v[i];
	return (s * pl->skill_norm);
}

/*
 * A row the filter let through: its exact skill credit and place with its
 * static parts rounded up, and only then its exact score.
 */
static void
match_share_row(struct match_share *pt, uint32_t r, int kind)
{
	const struct match_index	*ix = pt->ix;
	const struct match_plan		*pl = pt->pl;
	struct match_topk		*t = &pt->top;
	struct match_hit		 h;
	double				 part;

	if (!pt->bd->exact)
		kind = match_loc_kind(pl->gig, ix->district[r],
		    ix->province[r]);
	part = match_share_skills(ix, pl, r) + pl->loc_w[kind];
	if (t->n == t->k && (t->k == 0 ||
	    match_score_quantize(part + (double)ix->ub[r]) <
	    t->heap[0].score))
		return;
	pt->st.scored++;
	h.score = match_score_quantize(part + ix->statics[r]);
	h.idx = r;
	h.user_id = ix->user_id[r];
	match_topk_push(t, &h);
	match_share_limit(pt);
}

/* The limit in every lane, clamped to 16 bits. */
static match_v16
match_share_lim(const struct match_share *pt)
{
	match_v16	v = { 0 };
	int		i;

	for (i = 0; i < 8; i++)
		v[i] = (int16_t)(pt->lim < INT16_MIN ? INT16_MIN : pt->lim);
	return (v);
}

/*
 * A block's rows, eight at a time: a row is a candidate when it holds one
 * of the gig's skills (its sum is not 0), and goes on when its sum, its
 * static parts and its place reach the limit -- at 1M trainees about one
 * candidate in a thousand.
 */
static void
match_share_score(struct match_share *pt, uint32_t b0, uint32_t len,
    const int16_t *acc)
{
	const struct match_bound	*bd = pt->bd;
	const int16_t			*sq, *dq, *pq;
	match_v16			 a, s, d, p, m0, m1, nz, hit, cnt, lim;
	uint64_t			 m[2];
	uint32_t			 o, l;
	int				 i, rest;

	sq = (const int16_t *)pt->ix->stat_q + b0;
	dq = (const int16_t *)pt->ix->dist_q + b0;
	pq = (const int16_t *)pt->ix->province + b0;
	rest = pt->pl->gig->remote ? 2 : 3;
	memset(&cnt, 0, sizeof(cnt));
	lim = match_share_lim(pt);
	for (o = 0; o < len; o += 8) {
		memcpy(&a, acc + o, sizeof(a));
		memcpy(&s, sq + o, sizeof(s));
		memcpy(&d, dq + o, sizeof(d));
		memcpy(&p, pq + o, sizeof(p));
		nz = (match_v16)(a != 0);
		cnt -= nz;
		m0 = (match_v16)(d == bd->dist) & bd->on_dist;
		m1 = (match_v16)(p == bd->prov) & bd->on_prov & ~m0;
		s += a + ((m0 & bd->loc_v[0]) | (m1 & bd->loc_v[1]) |
		    (~(m0 | m1) & bd->loc_v[2]));
		hit = nz & (match_v16)(s >= lim);
		memcpy(m, &hit, sizeof(m));
		if ((m[0] | m[1]) == 0)
			continue;
		for (l = 0; l < 8; l++) {
			if (hit[l] == 0 || s[l] < pt->lim)
				continue;
			match_share_row(pt, b0 + o + l,
			    m0[l] ? 0 : m1[l] ? 1 : rest);
		}
		lim = match_share_lim(pt);
	}
	for (i = 0; i < 8; i++)
		pt->st.candidates += (uint16_t)cnt[i];
}

/*
 * One gig skill's postings in the block [b0, b1): their credit in bound
 * units added to the block's sums.
 */
static uint32_t
match_share_list(const struct match_posting *pp, uint32_t j, uint32_t b0,
    uint32_t b1, const uint16_t *cr, int16_t *acc)
{
	const uint32_t	*idx = pp->idx;
	const uint8_t	*lv = pp->lv;

	for (; j < pp->n && idx[j] < b1; j++)
		acc[idx[j] - b0] += (int16_t)cr[lv[j] & 7];
	return (j);
}

static void *
match_share_run(void *arg)
{
	struct match_share		*pt = arg;
	const struct match_index	*ix = pt->ix;
	const struct match_gig		*g = pt->pl->gig;
	int16_t				 acc[MATCH_BLOCK];
	uint32_t			 pos[MATCH_GIG_SKILLS], b0, b1, o;
	uint32_t			 len;
	int				 s;

	for (s = 0; s < g->nskills; s++)
		pos[s] = match_post_lower(&ix->post[g->skills[s].id], pt->r0);
	match_share_limit(pt);
	for (b0 = pt->r0; b0 < pt->r1; b0 = b1) {
		b1 = pt->r1 - b0 > ix->block ? b0 + ix->block : pt->r1;
		/* Whole registers: the columns' room is a multiple of 8. */
		len = (b1 - b0 + 7) & ~7U;
		memset(acc, 0, len * sizeof(*acc));
		for (o = 0; g->nskills == 0 && o < b1 - b0; o++)
			acc[o] = ix->alive[b0 + o];
		for (s = 0; s < g->nskills; s++)
			pos[s] = match_share_list(&ix->post[g->skills[s].id],
			    pos[s], b0, b1, pt->bd->cr[s], acc);
		match_share_score(pt, b0, len, acc);
	}
	return (NULL);
}

int
match_index_rank(struct match_index *ix, const struct match_gig *g,
    struct match_topk *t, struct match_stats *st)
{
	struct match_plan	 pl;
	struct match_bound	 bd;
	struct match_share	 pt[MATCH_THREADS];
	uint32_t		 nb, i;
	size_t			 k;
	int			 n, rc;

	if (!match_gig_valid(g))
		return (-1);
	match_plan_init(&pl, &ix->w, g);
	match_bound_plan(&bd, &pl);
	if (ix->block < 64 || ix->block > MATCH_BLOCK)
		ix->block = MATCH_BLOCK;
	ix->block &= ~63U;
	nb = (ix->n + ix->block - 1) / ix->block;
	n = ix->threads < 1 ? 1 : ix->threads > MATCH_THREADS ?
	    MATCH_THREADS : ix->threads;
	if ((uint32_t)n > nb)
		n = nb ? (int)nb : 1;
	rc = 0;
	for (i = 0; i < (uint32_t)n; i++) {
		memset(&pt[i], 0, sizeof(pt[i]));
		pt[i].ix = ix;
		pt[i].pl = &pl;
		pt[i].bd = &bd;
		pt[i].r0 = (uint32_t)((uint64_t)nb * i / n) * ix->block;
		pt[i].r1 = (uint32_t)((uint64_t)nb * (i + 1) / n) * ix->block;
		if (pt[i].r1 > ix->n)
			pt[i].r1 = ix->n;
		if (match_topk_init(&pt[i].top, t->k) == -1)
			rc = -1;
	}
	/* The others on threads, the first here; one that fails runs here. */
	for (i = 1; rc == 0 && i < (uint32_t)n; i++)
		pt[i].started = pthread_create(&pt[i].tid, NULL,
		    match_share_run, &pt[i]) == 0;
	if (rc == 0)
		(void)match_share_run(&pt[0]);
	for (i = 1; rc == 0 && i < (uint32_t)n; i++) {
		if (pt[i].started)
			(void)pthread_join(pt[i].tid, NULL);
		else
			(void)match_share_run(&pt[i]);
	}
	if (st != NULL)
		memset(st, 0, sizeof(*st));
	for (i = 0; i < (uint32_t)n; i++) {
		for (k = 0; k < pt[i].top.n; k++)
			match_topk_push(t, &pt[i].top.heap[k]);
		if (st != NULL) {
			st->candidates += pt[i].st.candidates;
			st->scored += pt[i].st.scored;
		}
		match_topk_free(&pt[i].top);
	}
	return (rc);
}

/*
 * The physical limit the benchmark compares against: every row's skill
 * set ANDed with the gig's and counted, nothing else.
 */
int
match_index_scan(const struct match_index *ix, const struct match_gig *g,
    struct match_topk *t)
{
	uint64_t		 q[MATCH_SKILL_WORDS];
	const uint64_t		*b;
	struct match_hit	 h;
	uint32_t		 r, c;
	int			 i;

	memset(q, 0, sizeof(q));
	for (i = 0; i < g->nskills; i++)
		q[g->skills[i].id / 64] |= 1ULL << (g->skills[i].id % 64);
	for (r = 0; r < ix->n; r++) {
		b = ix->bits + (size_t)r * MATCH_SKILL_WORDS;
		c = 0;
		for (i = 0; i < MATCH_SKILL_WORDS; i++)
			c += (uint32_t)__builtin_popcountll(b[i] & q[i]);
		if (c == 0 || !ix->alive[r])
			continue;
		h.score = c;
		h.idx = r;
		h.user_id = ix->user_id[r];
		match_topk_push(t, &h);
	}
	return (0);
}

/* One row scored the slow way, through its profile: for the tests. */
uint32_t
match_index_score_row(const struct match_index *ix,
    const struct match_plan *pl, uint32_t row)
{
	struct match_profile	p;

	match_index_profile(ix, row, &p);
	return (match_score(&ix->w, pl->gig, &p, ix->now));
}
