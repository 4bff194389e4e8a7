/*
 * The in-memory index the matcher ranks with: one array per field
 * (columnar, so a ranking touches only what it reads), a 512-bit skill set
 * per trainee, and one posting list per skill holding the rows that list
 * it with their level and certification.
 *
 * Ranking walks the posting lists of the gig's skills only, adds each
 * row's skill credit into an accumulator (stamped, so nothing is cleared
 * between rankings), then adds location and the precomputed static parts
 * in the order match_score() uses: the index and the explanation always
 * agree on a score.  The population ranked is every trainee holding at
 * least one of the gig's skills (everyone, for a gig without skills).
 */
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
	free(ix->sk_off);
	free(ix->sk_n);
	free(ix->alive);
	free(ix->stamp);
	free(ix->acc);
	free(ix->cand);
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
match_index_grow(struct match_index *ix)
{
	uint32_t	nc;

	nc = ix->cap ? ix->cap * 2 : 1024;
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
	MATCH_GROW(sk_off, nc);
	MATCH_GROW(sk_n, nc);
	MATCH_GROW(alive, nc);
	MATCH_GROW(stamp, nc);
	MATCH_GROW(acc, nc);
	MATCH_GROW(cand, nc);
	memset(ix->stamp + ix->cap, 0, (nc - ix->cap) * sizeof(*ix->stamp));
	ix->cap = nc;
	return (0);
}

static int
match_map_rehash(struct match_index *ix)
{
	uint64_t	*ok = ix->map_key, *nk;
	uint32_t	*orow = ix->map_row, *nr;
	size_t		 ocap = ix->map_cap, ncap = ocap * 2, i, h;

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

	if ((ix->map_n + 1) * 10 > ix->map_cap * 7 &&
	    match_map_rehash(ix) == -1)
		return (-1);
	h = match_hash(uid) & (ix->map_cap - 1);
	while (ix->map_key[h] != 0)
		h = (h + 1) & (ix->map_cap - 1);
	ix->map_key[h] = uid;
	ix->map_row[h] = row;
	ix->map_n++;
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

static int
match_post_add(struct match_posting *pp, uint32_t row, uint8_t lv)
{
	uint32_t	 nc;
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
	pp->idx[pp->n] = row;
	pp->lv[pp->n] = lv;
	pp->n++;
	return (0);
}

/* Order inside a posting list does not matter: swap with the last. */
static void
match_post_del(struct match_posting *pp, uint32_t row)
{
	uint32_t	i;

	for (i = 0; i < pp->n; i++) {
		if (pp->idx[i] == row) {
			pp->n--;
			pp->idx[i] = pp->idx[pp->n];
			pp->lv[i] = pp->lv[pp->n];
			return;
		}
	}
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

int
match_index_put(struct match_index *ix, const struct match_profile *p)
{
	int64_t		 r;
	uint32_t	 row, i;
	uint64_t	*bits;
	size_t		 nc;
	void		*na;
	int		 fresh;

	if (!match_profile_valid(p))
		return (-1);
	r = match_map_get(ix, p->user_id);
	fresh = r < 0;
	if (fresh) {
		if (ix->n == ix->cap && match_index_grow(ix) == -1)
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

	/* Skills: in place when they fit, else appended to the arena. */
	if (fresh || p->nskills > ix->sk_n[row]) {
		if (ix->arena_n + p->nskills > ix->arena_cap) {
			nc = ix->arena_cap ? ix->arena_cap * 2 : 4096;
			while (nc < ix->arena_n + p->nskills)
				nc *= 2;
			if ((na = realloc(ix->arena,
			    nc * sizeof(*ix->arena))) == NULL)
				return (-1);
			ix->arena = na;
			ix->arena_cap = nc;
		}
		if (!fresh)
			ix->arena_dead += ix->sk_n[row];
		ix->sk_off[row] = (uint32_t)ix->arena_n;
		ix->arena_n += p->nskills;
	} else
		ix->arena_dead += ix->sk_n[row] - p->nskills;

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
	ix->sk_n[row] = p->nskills;
	ix->user_id[row] = p->user_id;
	ix->district[row] = p->district_id;
	ix->province[row] = p->province_id;
	ix->avail[row] = p->availability;
	ix->langs[row] = p->langs;
	ix->quiz[row] = p->quiz_avg;
	ix->certs[row] = p->certificates;
	ix->rating[row] = p->rating_x100;
	ix->gigs[row] = p->completed_gigs;
	ix->active[row] = p->last_active;
	ix->cert_at[row] = p->certified_at;
	ix->statics[row] = match_static_sum(&ix->w, p, ix->now);
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
		ix->statics[row] = match_static_sum(w, &p, now);
	}
}

int
match_index_rank(struct match_index *ix, const struct match_gig *g,
    struct match_topk *t, struct match_stats *st)
{
	struct match_plan	 pl;
	struct match_hit	 h;
	const struct match_posting *pp;
	uint32_t		 ncand, i, j, r, gen;
	uint8_t			 lv;
	int			 s;
	double			 sum;

	if (!match_gig_valid(g))
		return (-1);
	match_plan_init(&pl, &ix->w, g);
	if (++ix->gen == 0) {
		memset(ix->stamp, 0, ix->cap * sizeof(*ix->stamp));
		ix->gen = 1;
	}
	gen = ix->gen;
	ncand = 0;
	if (g->nskills == 0) {
		for (r = 0; r < ix->n; r++) {
			if (ix->alive[r]) {
				ix->acc[r] = 0;
				ix->cand[ncand++] = r;
			}
		}
	}
	for (s = 0; s < g->nskills; s++) {
		pp = &ix->post[g->skills[s].id];
		for (j = 0; j < pp->n; j++) {
			r = pp->idx[j];
			lv = pp->lv[j];
			if (ix->stamp[r] != gen) {
				ix->stamp[r] = gen;
				ix->acc[r] = 0;
				ix->cand[ncand++] = r;
			}
			ix->acc[r] += pl.credit[s][lv & 3][(lv >> 2) & 1];
		}
	}
	for (i = 0; i < ncand; i++) {
		r = ix->cand[i];
		sum = ix->acc[r] * pl.skill_norm +
		    pl.loc_w[match_loc_kind(g, ix->district[r],
		    ix->province[r])] + ix->statics[r];
		h.score = match_score_quantize(sum);
		h.idx = r;
		h.user_id = ix->user_id[r];
		match_topk_push(t, &h);
	}
	if (st != NULL)
		st->candidates = ncand;
	return (0);
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
