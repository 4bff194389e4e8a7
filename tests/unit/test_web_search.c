/*
 * web_search.c: the in-memory gig search answers what a plain scan with
 * the SQL's rules answers -- the same gigs, in the same order (class,
 * budget or deadline, ts_rank() for relevance, newest, id), the same
 * capped count -- over random gigs with ties, changes and deletions,
 * phrases among the queries; its @@ and ts_rank() are PostgreSQL 15's
 * (answers PostgreSQL gave, bit for bit); and it hands back what it
 * cannot answer alike.
 */
#include <ctype.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "tests/unit/unit.h"
#include "web/web_search.h"

#define TG_N		1500
#define TG_VOCAB	12

struct tg {
	int64_t		id;
	int64_t		created;
	int32_t		budget;
	int32_t		deadline;
	uint32_t	district;
	uint16_t	province;
	uint8_t		remote;
	uint8_t		alive;
	char		title[64];
	unsigned	lex;		/* bit i: lexeme "w<i>" */
	uint16_t	pos[TG_VOCAB][3];	/* its positions (WordEntryPos) */
	int		npos[TG_VOCAB];
	uint16_t	skills[3];
	int		nskills;
};

static struct tg	tg[TG_N];
static unsigned		tg_seed = 11;

static unsigned
tg_rand(unsigned n)
{
	tg_seed = tg_seed * 1103515245u + 12345u;
	return ((tg_seed >> 8) % n);
}

/* A random gig i (ids repeat on purpose: a change replaces). */
static void
tg_make(int i, int64_t id)
{
	static const char *const	parts[] = { "logo ", "design ",
	    "ڈیزائن ", "لوگو ", "wordpress ", "shop ", "ab", "bakery ",
	    "دکان " };
	struct tg			*g = &tg[i];
	int				 k, p, need;

	memset(g, 0, sizeof(*g));
	g->id = id;
	g->created = 1000 + tg_rand(50);		/* ties */
	g->budget = 1000 * (1 + (int32_t)tg_rand(5));
	g->deadline = tg_rand(3) == 0 ? SRCH_NO_DEADLINE :
	    (int32_t)tg_rand(10);
	g->district = tg_rand(6);
	g->province = g->district ? (uint16_t)(1 + g->district % 3) : 0;
	g->remote = g->district == 0 || tg_rand(3) == 0;
	for (k = 0; k < 3; k++)
		(void)strcat(g->title, parts[tg_rand(9)]);
	g->lex = tg_rand(1u << TG_VOCAB) & tg_rand(1u << TG_VOCAB);
	for (k = 0; k < TG_VOCAB; k++) {	/* 1-3 of 1..8, weights D-A */
		need = (g->lex >> k & 1) ? 1 + (int)tg_rand(3) : 0;
		for (p = 1; p <= 8; p++)
			if ((int)tg_rand((unsigned)(9 - p)) < need - g->npos[k])
				g->pos[k][g->npos[k]++] = (uint16_t)(tg_rand(4)
				    << 14 | (unsigned)p);
	}
	g->nskills = (int)tg_rand(4);
	for (k = 0; k < g->nskills; k++)
		g->skills[k] = (uint16_t)(1 + tg_rand(6));
	g->alive = 1;
}

static void
tg_put(struct ws_index *ix, int i)
{
	char		 names[TG_VOCAB][8];
	const char	*lex[TG_VOCAB];
	const uint16_t	*pos[TG_VOCAB];
	int		 npos[TG_VOCAB];
	struct ws_gig_in in;
	int		 k, n = 0;

	for (k = 0; k < TG_VOCAB; k++)
		if (tg[i].lex & (1u << k)) {
			(void)snprintf(names[n], sizeof(names[n]), "w%d", k);
			lex[n] = names[n];
			pos[n] = tg[i].pos[k];
			npos[n] = tg[i].npos[k];
			n++;
		}
	memset(&in, 0, sizeof(in));
	in.id = tg[i].id;
	in.created = tg[i].created;
	in.budget = tg[i].budget;
	in.deadline = tg[i].deadline;
	in.district = tg[i].district;
	in.province = tg[i].province;
	in.remote = tg[i].remote;
	in.title = tg[i].title;
	in.lexemes = lex;
	in.nlex = n;
	in.pos = pos;
	in.npos = npos;
	in.skills = tg[i].skills;
	in.nskills = tg[i].nskills;
	(void)ws_put(ix, &in);
}

/*
 * The full-text queries; tg_ft() says what each means over a gig, a
 * phrase by its lexemes at offsets from one start (tg_at()); and ts_rank()'s
 * view of each: its distinct lexemes (w<i>, in byte order) and whether
 * the top operator is & or <-> (calc_rank_and()).
 */
static const struct {
	const char	*tsq;
	int		 ops[4];	/* -1 ends; 99: "nothing" */
	int		 and;
} tg_tsq[] = {
	{ "'w1'", { 1, -1 }, 0 },
	{ "'w1' & 'w2'", { 1, 2, -1 }, 1 },
	{ "'w3' | 'w4'", { 3, 4, -1 }, 0 },
	{ "!'w5'", { 5, -1 }, 0 },
	{ "'w1' & !'w2'", { 1, 2, -1 }, 1 },
	{ "( 'w1' | 'w2' ) & 'w3'", { 1, 2, 3, -1 }, 1 },
	{ "'nothing'", { 99, -1 }, 0 },
	{ "", { -1 }, 0 },
	{ "!( 'w0' & 'w1' ) & 'w6'", { 0, 1, 6, -1 }, 1 },
	{ "'w1' <-> 'w2'", { 1, 2, -1 }, 1 },
	{ "'w2' <2> 'w3' | 'w4'", { 2, 3, 4, -1 }, 0 },
	{ "!( 'w1' <-> 'w2' ) & 'w3'", { 1, 2, 3, -1 }, 1 },
	{ "'w1' <-> 'w2' <-> 'w3'", { 1, 2, 3, -1 }, 1 },
	{ "'w2' <-> ( 'w3' <-> 'w4' )", { 2, 3, 4, -1 }, 1 },
	{ "'w1' <-> 'w1'", { 1, -1 }, 1 },
	{ "'w0' <3> 'w5' & 'w6'", { 0, 5, 6, -1 }, 1 },
};
#define TG_NTSQ	((int)(sizeof(tg_tsq) / sizeof(tg_tsq[0])))

/* Whether lexemes w<k[i]> sit at start + off[i] for one start. */
static int
tg_at(const struct tg *g, const int *k, const int *off, int n)
{
	int	a, i, j, s, hit;

	if (!(g->lex >> k[0] & 1))
		return (0);
	for (a = 0; a < g->npos[k[0]]; a++) {
		s = (g->pos[k[0]][a] & 0x3fff) - off[0];
		for (i = 1, hit = 1; i < n && hit; i++)
			for (j = 0, hit = 0; j < g->npos[k[i]]; j++)
				hit |= (g->lex >> k[i] & 1) &&
				    (g->pos[k[i]][j] & 0x3fff) == s + off[i];
		if (hit)
			return (1);
	}
	return (0);
}

static int
tg_ft(int q, const struct tg *g)
{
	static const int	k12[] = { 1, 2 }, k23[] = { 2, 3 },
	    k123[] = { 1, 2, 3 }, k234[] = { 2, 3, 4 }, k11[] = { 1, 1 },
	    k05[] = { 0, 5 }, o01[] = { 0, 1 }, o02[] = { 0, 2 },
	    o012[] = { 0, 1, 2 }, o03[] = { 0, 3 };
	unsigned		m = g->lex;
#define B(i)	((m >> (i)) & 1)
	switch (q) {
	case 0: return (B(1));
	case 1: return (B(1) && B(2));
	case 2: return (B(3) || B(4));
	case 3: return (!B(5));
	case 4: return (B(1) && !B(2));
	case 5: return ((B(1) || B(2)) && B(3));
	case 8: return (!(B(0) && B(1)) && B(6));
	case 9: return (tg_at(g, k12, o01, 2));
	case 10: return (tg_at(g, k23, o02, 2) || B(4));
	case 11: return (!tg_at(g, k12, o01, 2) && B(3));
	case 12: return (tg_at(g, k123, o012, 3));
	case 13: return (tg_at(g, k234, o012, 3));
	case 14: return (tg_at(g, k11, o01, 2));
	case 15: return (tg_at(g, k05, o03, 2) && B(6));
	}
	return (0);
#undef B
}

/*
 * ts_rank() as tsrank.c writes it, over a test gig: calc_rank_and()
 * (every pair of two operands' positions, by their distance) or
 * calc_rank_or() (each operand's positions by weight), in float4.
 */
static const float	tg_w[4] = { 0.1f, 0.2f, 0.4f, 1.0f };

static float
tg_rank_or(const struct tg *g, const int *ops, int n)
{
	float	res = 0.0, resj, wjm;
	int	i, j, jm, k;

	for (i = 0; i < n; i++) {
		if ((k = ops[i]) >= TG_VOCAB || !(g->lex >> k & 1))
			continue;
		resj = 0.0;
		wjm = -1.0;
		jm = 0;
		for (j = 0; j < g->npos[k]; j++) {
			resj = resj + tg_w[g->pos[k][j] >> 14] /
			    ((j + 1) * (j + 1));
			if (tg_w[g->pos[k][j] >> 14] > wjm) {
				wjm = tg_w[g->pos[k][j] >> 14];
				jm = j;
			}
		}
		res = res + (wjm + resj - wjm / ((jm + 1) * (jm + 1))) /
		    1.64493406685;
	}
	return (n > 0 ? res / n : res);
}

static float
tg_rank(int q, const struct tg *g)
{
	const int	*ops = tg_tsq[q].ops;
	float		 res = -1.0, curw, wd;
	int		 n, i, k, l, p, a, b, d;

	for (n = 0; ops[n] >= 0; n++)
		;
	if (n == 0 || g->lex == 0)
		return (0.0);
	if (!tg_tsq[q].and || n < 2)
		res = tg_rank_or(g, ops, n);
	else
		for (i = 0; i < n; i++)
			for (k = 0; k < i; k++) {
				a = ops[i];
				b = ops[k];
				if (a >= TG_VOCAB || b >= TG_VOCAB ||
				    !(g->lex >> a & 1) || !(g->lex >> b & 1))
					continue;
				for (l = 0; l < g->npos[a]; l++)
					for (p = 0; p < g->npos[b]; p++) {
						d = abs((g->pos[a][l] & 0x3fff) -
						    (g->pos[b][p] & 0x3fff));
						if (d == 0)
							continue;
						wd = d > 100 ? 1e-30f : 1.0 /
						    (1.005 + 0.05 * exp(((float)d)
						    / 1.5 - 2));
						curw = sqrt(tg_w[g->pos[a][l] >>
						    14] * tg_w[g->pos[b][p] >>
						    14] * wd);
						res = res < 0 ? curw : 1.0 -
						    (1.0 - res) * (1.0 - curw);
					}
			}
	return (res < 0 ? 1e-20f : res);
}

static const struct ws_query	*tg_q;
static int			 tg_qi;
static float			 tg_r[TG_N];	/* each gig's ts_rank() */

static int
tg_class(const struct tg *g)
{
	if (tg_q->like == NULL || tg_q->like[0] == '\0')
		return (0);
	return (tg_ft(tg_qi, g) + (strstr(g->title, tg_q->like) != NULL));
}

static int
tg_pass(const struct tg *g)
{
	const struct ws_query	*q = tg_q;
	int			 k, sk = q->skill == 0;

	for (k = 0; k < g->nskills; k++)
		sk |= g->skills[k] == q->skill;
	return (g->alive && sk &&
	    (q->province == 0 || g->province == q->province) &&
	    (q->district == 0 || g->district == q->district) &&
	    (!q->remote || g->remote) && (q->min < 0 || g->budget >= q->min) &&
	    (q->max < 0 || g->budget <= q->max) &&
	    (q->since == 0 || g->created >= q->since));
}

static int
tg_cmp(const void *a, const void *b)
{
	const struct tg	*x = *(const struct tg *const *)a;
	const struct tg	*y = *(const struct tg *const *)b;

	if (tg_class(x) != tg_class(y))
		return (tg_class(y) - tg_class(x));
	if (tg_q->sort == SRCH_SORT_BUDGET && x->budget != y->budget)
		return (x->budget > y->budget ? -1 : 1);
	if (tg_q->sort == SRCH_SORT_DEADLINE && x->deadline != y->deadline)
		return (x->deadline < y->deadline ? -1 : 1);
	if (tg_q->sort == SRCH_SORT_RELEVANCE && tg_q->like[0] != '\0' &&
	    tg_r[x - tg] != tg_r[y - tg])
		return (tg_r[x - tg] > tg_r[y - tg] ? -1 : 1);
	if (x->created != y->created)
		return (x->created > y->created ? -1 : 1);
	return (x->id > y->id ? -1 : x->id < y->id);
}

/* The plain scan: what the SQL statements answer. */
static int
tg_scan(struct ws_result *res)
{
	static const struct tg	*m[TG_N];
	int			 i, n = 0, any = 0, words;

	words = tg_q->like != NULL && tg_q->like[0] != '\0';
	for (i = 0; i < TG_N; i++) {
		tg_r[i] = tg_rank(tg_qi, &tg[i]);
		if (words && tg[i].alive && tg_class(&tg[i]) > 0)
			any = 1;
		if (tg_pass(&tg[i]) && (!words || tg_class(&tg[i]) > 0))
			m[n++] = &tg[i];
	}
	qsort(m, (size_t)n, sizeof(m[0]), tg_cmp);
	memset(res, 0, sizeof(*res));
	for (i = tg_q->offset; i < n && res->n < tg_q->limit; i++)
		res->id[res->n++] = m[i]->id;
	res->total = n > SRCH_COUNT_MAX ? SRCH_COUNT_MAX + 1 : n;
	return (words && !any ? SRCH_NO_WORDS : 0);
}

static void
tg_query(struct ws_query *q, char *like, size_t len)
{
	static const char *const	likes[] = { "", "logo", "ign", "ab",
	    "ڈیزائن", "گو", "bakery d", "zz", "o", "shop shop" };

	memset(q, 0, sizeof(*q));
	tg_qi = (int)tg_rand(TG_NTSQ);
	q->tsq = tg_tsq[tg_qi].tsq;
	(void)snprintf(like, len, "%s", likes[tg_rand(10)]);
	q->like = like;
	q->skill = tg_rand(3) ? 0 : (uint16_t)tg_rand(7);
	q->province = tg_rand(4) ? 0 : (uint16_t)tg_rand(4);
	q->district = tg_rand(5) ? 0 : tg_rand(6);
	q->remote = tg_rand(4) == 0;
	q->min = tg_rand(4) ? -1 : 1000 * (int32_t)tg_rand(5);
	q->max = tg_rand(4) ? -1 : 1000 * (int32_t)tg_rand(6);
	q->since = tg_rand(5) ? 0 : 1000 + tg_rand(50);
	q->sort = (enum ws_sort)tg_rand(4);
	q->offset = tg_rand(3) ? 0 : (int)tg_rand(40);
	q->limit = 1 + (int)tg_rand(SRCH_PAGE_MAX);
	tg_q = q;
}

UNIT_TEST(web_search_answers_as_the_plain_scan)
{
	struct ws_index		*ix;
	struct ws_query		 q;
	struct ws_result	 a, b;
	char			 like[32];
	int			 i, j, ra, rb, bad = 0, words = 0, none = 0;

	if ((ix = ws_new()) == NULL) {
		CHECK(ix != NULL);
		return;
	}
	for (i = 0; i < TG_N; i++) {
		tg_make(i, 100 + i);
		tg_put(ix, i);
	}
	for (j = 0; j < 3000; j++) {
		if (j % 10 == 0) {		/* a change, a closing */
			i = (int)tg_rand(TG_N);
			tg_make(i, tg[i].id);
			tg_put(ix, i);
			i = (int)tg_rand(TG_N);
			tg[i].alive = 0;
			ws_del(ix, tg[i].id);
		}
		tg_query(&q, like, sizeof(like));
		ra = ws_search(ix, &q, &a);
		rb = tg_scan(&b);
		words += q.like[0] != '\0';
		none += rb == SRCH_NO_WORDS;
		if (ra != rb || a.total != b.total || a.n != b.n ||
		    memcmp(a.id, b.id, sizeof(a.id[0]) * (size_t)a.n) != 0) {
			if (bad++ < 3)
				printf("  query %d: tsq \"%s\" like \"%s\" sort %d"
				    " off %d: %d/%d total %d/%d n %d/%d\n", j,
				    q.tsq, q.like, q.sort, q.offset, ra, rb,
				    a.total, b.total, a.n, b.n);
		}
	}
	CHECK_INT(bad, 0);
	CHECK(words > 1000 && none > 10);
	ws_free(ix);
}

UNIT_TEST(web_search_hands_back_what_sql_answers)
{
	struct ws_index		*ix;
	struct ws_query		 q;
	struct ws_result	 r;

	if ((ix = ws_new()) == NULL) {
		CHECK(ix != NULL);
		return;
	}
	tg_make(0, 1);
	tg_put(ix, 0);
	memset(&q, 0, sizeof(q));
	q.min = q.max = -1;
	q.limit = 10;
	q.like = "design logo";
	q.tsq = "'design' <-> 'logo'";		/* a phrase: answered */
	CHECK(ws_search(ix, &q, &r) != SRCH_ASK_SQL);
	q.tsq = "'design' <2> !'logo'";
	CHECK(ws_search(ix, &q, &r) != SRCH_ASK_SQL);
	q.tsq = "'design' <x> 'logo'";		/* not a tsquery */
	CHECK_INT(ws_search(ix, &q, &r), SRCH_ASK_SQL);
	q.tsq = "'design':*";			/* a prefix */
	CHECK_INT(ws_search(ix, &q, &r), SRCH_ASK_SQL);
	q.tsq = "'design':A";			/* a weight */
	CHECK_INT(ws_search(ix, &q, &r), SRCH_ASK_SQL);
	q.tsq = "'design'";
	q.like = "des_gn";			/* LIKE's wildcard */
	CHECK_INT(ws_search(ix, &q, &r), SRCH_ASK_SQL);
	q.like = "design";
	q.sort = SRCH_SORT_RELEVANCE;		/* ts_rank: answered */
	CHECK(ws_search(ix, &q, &r) != SRCH_ASK_SQL);
	/* Without words relevance is the newest first, as in SQL. */
	q.like = "";
	CHECK_INT(ws_search(ix, &q, &r), 0);
	CHECK_INT(r.n, 1);
	CHECK_INT(ws_count(ix), 1);
	ws_del(ix, 1);
	CHECK_INT(ws_count(ix), 0);
	CHECK_INT(ws_search(ix, &q, &r), 0);
	CHECK_INT(r.n, 0);
	ws_free(ix);
}

/*
 * What PostgreSQL 15 answered (tsvector::text, tsquery::text, @@,
 * ts_rank() as float4 text): random vectors and queries with phrases,
 * negations inside them, distances past 100 and positions near 16383,
 * lexemes without positions, quoting; and two bench gigs.
 */
static const struct {
	const char	*tsv, *tsq;
	int		 match;
	const char	*rank;
} tg_pg[] = {
	{ "'b':7 'd':2B 'e':2,5C,10 'o''k':5C,10C,11 'qr':5B 'x y':11B,12C",
	    "!!( ( 'e' & 'd' | 'd' <16384> 'x y' ) <0> !( 'd' & 'o''k' ) )", 1, "0.21615186" },
	{ "'a':1C 'ab':6B 'ba':5C,10B 'c':6,9,10A,13A 'd':6C,8B,12B",
	    "!( !( 'd' <3> 'e' ) <-> ( 'e' <0> 'a' <2> ( 'ba' <2> 'c' ) ) )", 1, "0.32000607" },
	{ "'a':4,8B",
	    "!( 'b' <3> 'b' <-> ( 'a' & 'ba' ) ) | ( 'a' & 'c' | 'd' <3> 'd' ) <3> 'a'", 1, "0.060792707" },
	{ "'a':2A,3A,6 'ab':7A 'ba':9A 'c':5C,8C,11A 'd':6B,11B,12C 'e':1C 'o''k':1C 'qr':3A 'x y':8",
	    "'c' <2> !'zz'", 1, "1e-20" },
	{ "'a':2B,5,8C,10A 'e':8A,9B,10A,14B 'o''k':6A,10B",
	    "!( 'o''k' <2> ( 'o''k' <150> 'b' ) <2> 'b' & 'zz' <-> 'c' )", 1, "0.16717994" },
	{ "'a':7A,12C 'b':9B 'e':1B,11A",
	    "!( !!'qr' <101> 'zz' <101> ( 'c' <16384> ( 'b' <-> 'e' ) <3> ( 'b' <3> 'a' <16384> ( 'x y' <0> 'ab' ) ) ) )", 1, "0.21657403" },
	{ "'d':2B,7C,10C,13",
	    "!( 'a' <-> ( !'c' & !'c' ) )", 1, "0" },
	{ "'a':1A,6B,7A 'ab':9C 'b':6C,7B,13 'ba':2A,5A,10B 'c':10A 'd' 'e':1B,8C,10A",
	    "!( !!'ab' <0> 'e' )", 1, "0.5015399" },
	{ "'a':5A 'ab':1B,8A,10C,11A 'b':5 'ba':8B,10A,12B 'c':13 'd':5C,7 'e':3C",
	    "'a' <3> 'ab'", 1, "0.9990876" },
	{ "'b':1665,7574C,9556A,10974C,16215B,16259C,16308 'x y':3001C,7398,7735,11042C,16203B,16222B,16300A,16306C,16353B",
	    "!( 'a' <-> !'x y' )", 1, "0.390224" },
	{ "'c':2C,12C",
	    "!( 'zz' <3> ( !'c' | 'ab' | 'a' ) )", 1, "0.037995443" },
	{ "'ab':4A,6B,11C,12B 'b':3B,6,8C 'd':1,6C,11B",
	    "'ba' | !( 'ab' <-> 'c' <-> ( 'a' <2> 'c' ) )", 1, "0.17435688" },
	{ "'a':2C,6C,8B,11 'b' 'ba':5,6,11C 'd':4B,5A,6A",
	    "!'d' <2> ( 'c' <0> !'a' <-> ( 'b' & 'zz' ) )", 0, "0.9962945" },
	{ "'a':2B 'ab':9B,11,13A 'b':7B 'ba':12A 'c':6,7B 'd':2,4 'e':7B",
	    "( 'b' <3> 'ab' <2> ( 'ab' <-> 'ba' ) | !( 'zz' <0> 'e' ) ) <3> 'zz'", 0, "0.99997854" },
	{ "'a':13B,14A 'ba':2B,4B,8C,10C 'c':5A,9C 'e':11A,14B 'o''k':1B,4A,5,11B,14A 'qr':5,8B",
	    "'o''k' <101> 'b' <-> ( !( 'e' <3> 'ba' ) & 'a' )", 0, "1" },
	{ "'a':6B,12A 'ba':3A,4A 'c':2B 'd':6C,13",
	    "!'zz' <-> 'a' & 'a' <3> 'c' <3> ( 'b' | 'zz' ) <3> ( 'zz' <3> 'ab' <0> ( 'c' & 'e' ) )", 0, "0.5366791" },
	{ "'a':6 'ab':2B,3C,9C 'ba':6C,7B 'c':1B,12C 'd':1,8A,13B 'e':8A",
	    "( 'zz' & 'b' ) <0> ( 'b' | 'b' ) <0> ( !'a' <3> ( 'b' & 'zz' ) ) <-> 'e'", 0, "0.31148705" },
	{ "'c':107C,112 'o''k':12A,13B,39A,63,84,89A,109",
	    "'o''k' <150> !'d' <101> 'c' <-> ( 'zz' <2> ( 'zz' <3> 'c' <-> !'b' ) <-> !!( 'e' <-> 'ba' ) )", 0, "0.23564023" },
	{ "'a':1A 'ab':1,2C,3C 'b':1,3C,10C,13B 'ba':4,5B,7A 'c':13C 'e':10A,11",
	    "'e' <3> ( 'zz' <3> ( 'e' <0> 'c' | 'zz' & 'c' ) )", 0, "0.51404977" },
	{ "'a':3,5A,7A,14A 'ab':5B,7 'ba':4B,7,11B,12C 'o''k':6C,7B,13",
	    "( !'c' | 'ba' ) <-> ( 'd' & 'zz' <-> !( 'x y' <150> 'ab' ) )", 0, "0.8578083" },
	{ "'a':3A 'ab' 'b':3C,8,9C 'c' 'd' 'e':2,6B,11,12A",
	    "!( ( 'c' & 'b' ) <-> ( 'c' <0> 'e' ) ) | ( 'e' | 'e' ) <-> ( 'd' <0> 'zz' <-> ( 'b' <0> 'c' ) )", 1, "0.20162916" },
	{ "'c':1C,3,11",
	    "!'e' <-> ( !'zz' | 'e' <2> 'e' | 'c' <-> ( 'd' <3> 'b' ) )", 1, "1e-20" },
	{ "'ab':10A 'b':3C,13B 'ba':1,4,7,8C 'c':4 'e':1A",
	    "!( 'ba' <0> ( 'd' <-> 'zz' ) <2> !( 'c' <-> 'c' ) )", 1, "0.066280946" },
	{ "'a':4,6,8B,13C 'ab':2B,10C 'b':1C 'ba':5 'c':1A,2A,9C 'd':2A,3,9C,10C 'e':6C,10",
	    "'ab' <2> !( 'b' <2> 'ba' <2> ( 'ab' <0> 'ab' ) )", 1, "0.6085759" },
	{ "'a':6A,9 'ab':5C,10B,12,13B 'ba':2C,12A 'c':7A,9A,13A 'd':5C,6,8A,10C 'e':3,9",
	    "!( 'zz' <-> 'c' & !'b' ) <2> !( 'e' <3> 'e' | 'a' & 'ba' )", 1, "1" },
	{ "'a':5 'ab':6A,10A 'ba':2C,6B,8B,12 'd':1B,2A 'e':13",
	    "'a' <-> ( ( 'b' | !'c' ) <-> ( 'b' | !'e' ) )", 1, "0.0644614" },
	{ "'a':1,4A,7B 'ab':1C,2B,4,13C 'c':5C,10C,13B 'd':4A,5A,6,7B 'e':1B,3B,5C,11",
	    "!( ( 'c' & 'ba' ) <-> ( 'e' | 'd' ) ) <3> !( 'a' & 'd' <-> 'e' )", 1, "1" },
	{ "'a':7C,9,10,13C 'ab':1,2B,6C,9A 'b':2A,4C,7C,13C 'ba':6A 'c' 'd':9B,13 'e':5B,6B,7,11",
	    "!!( 'd' <0> 'd' | 'ba' <2> 'e' )", 1, "0.39360467" },
	{ "'o''k':1895B,3706,4206C,5034A,5334,5720,8990C,9270,9993C,10218C,14788,16192,16212,16230,16252A,16255B,16271B,16313A",
	    "!'d'", 1, "0" },
	{ "'c':1B,5,6A,11,13B", "'e'", 0, "0" },
	{ "'a':12A,13A 'e':5A", "'ba' & 'ba'", 0, "0" },
	{ "'a':1C,2,3B,12B 'ab':6,10A 'b':1B,2,13 'ba':2,13C 'c':2B,10A 'd':4C,5C,7A",
	    "!!!'c'", 0, "0.85109794" },
	{ "", "'ab' & 'qr'", 0, "0" },
	{ "'b':4C,9A,12C 'e':1B,3C,4C,8C", "!'c'", 1, "0" },
	{ "'a' 'ab':5B,6C 'b':3C,5,7A,9A 'ba':1A,4,10C 'c':7A,8C,13C 'd':2A,4B 'e':5C",
	    "'ba' & !( 'd' <-> 'd' ) <-> ( !'d' <3> 'ba' )", 1, "0.9987188" },
	{ "'a':9B,11B,12C,13A 'c' 'd':7C", "'ab' <-> 'ab' | 'a'", 1, "0.4627001" },
	{ "'a':2A,5A,7B,10B 'ab':6,13A 'b':1C,5,8C,11C 'ba':3A,7C,10,12C 'c' 'd':4,7 'e':1,3A,8A,12",
	    "!( ( 'b' | 'c' | 'e' ) <2> ( 'd' <-> 'b' | 'zz' ) )", 1, "0.20694852" },
	{ "'it''s':1,3 'q\\\\r':2A 'x':4", "'q\\\\r' <-> 'it''s'", 1, "0.5285693" },
	{ "'bakeri':6A,12B 'bank':35B 'earlier':26B 'help':17B 'jazzcash':33B "
	    "'matiari':8A,14B 'need':16B 'payment':31B 'price':30B 'sampl':24B "
	    "'send':22B 'two':23B 'voic':2A,20B 'voice-ov':1A,19B 'work':27B",
	    "'voice-ov' <-> 'voic' & 'urdu'", 0, "0.99480295" },
	{ "'10':2A 'brand':13B 'canva':6B 'cloth':12B 'design':1A 'english':16B "
	    "'media':4A 'photoshop':8B 'post':5A,9B 'social':3A 'text':17B "
	    "'urdu':14B", "'help' & !'bakeri'", 0, "1e-20" },
};

/* ts_rank('a:1A b:<1+d>A', 'a & b') for d = 1..102: word_distance(). */
static const char *const tg_pg_dist[] = { "0.9910322", "0.98500854",
    "0.9735848", "0.9524299", "0.9148999", "0.85297257", "0.7614762",
    "0.64461404", "0.5174401", "0.39771152", "0.29667762", "0.2173069",
    "0.15753677", "0.11357131", "0.08163527", "0.05858977", "0.04201669",
    "0.030119276", "0.021586193", "0.015468946", "0.011084632",
    "0.007942725", "0.0056912987", "0.004078026", "0.0029220453",
    "0.0020937412", "0.0015002327", "0.0010749644", "0.0007702458",
    "0.0005519053", "0.0003954575", "0.0002833577", "0.00020303465",
    "0.00014548069", "0.000104241466", "7.4692274e-05", "5.3519354e-05",
    "3.8348295e-05", "2.7477754e-05", "1.968867e-05", "1.4107549e-05",
    "1.0108501e-05", "7.243057e-06", "5.189877e-06", "3.7187094e-06",
    "2.6645716e-06", "1.909249e-06", "1.3680368e-06", "9.802412e-07",
    "7.023735e-07", "5.032726e-07", "3.6061056e-07", "2.5838878e-07",
    "1.8514365e-07", "1.3266121e-07", "9.505592e-08", "6.811054e-08",
    "4.8803333e-08", "3.4969116e-08", "2.5056467e-08", "1.7953743e-08",
    "1.2864419e-08", "9.217759e-09", "6.604813e-09", "4.7325552e-09",
    "3.3910241e-09", "2.429775e-09", "1.7410099e-09", "1.2474881e-09",
    "8.9386426e-10", "6.404817e-10", "4.589252e-10", "3.288343e-10",
    "2.3562005e-10", "1.6882915e-10", "1.2097137e-10", "8.6679774e-11",
    "6.2108776e-11", "4.450288e-11", "3.1887708e-11", "2.284854e-11",
    "1.6371696e-11", "1.1730832e-11", "8.405508e-12", "6.02281e-12",
    "4.315532e-12", "3.0922138e-12", "2.215668e-12", "1.5875954e-12",
    "1.1375618e-12", "8.150987e-13", "5.840437e-13", "4.184856e-13",
    "2.9985807e-13", "2.1485769e-13", "1.5395225e-13", "1.10311615e-13",
    "7.9041727e-14", "5.663587e-14", "4.0581372e-14", "1e-15", "1e-15" };

/* tsv (PostgreSQL's text) as gig id of ix; 0, -1 when it is not read. */
static int
tg_pg_put(struct ws_index *ix, int64_t id, const char *tsv)
{
	static uint16_t		 buf[4096];
	const char		*lex[WS_TSV_MAXLEX];
	const uint16_t		*pos[WS_TSV_MAXLEX];
	int			 npos[WS_TSV_MAXLEX];
	char			 copy[1024];
	struct ws_gig_in	 in;

	(void)snprintf(copy, sizeof(copy), "%s", tsv);
	memset(&in, 0, sizeof(in));
	if ((in.nlex = ws_tsv_parse(copy, lex, pos, npos, buf, 4096)) < 0)
		return (-1);
	in.id = id;
	in.title = "";
	in.lexemes = lex;
	in.pos = pos;
	in.npos = npos;
	return (ws_put(ix, &in));
}

/* Whether gig id's @@ and ts_rank() of tsq are match and rank's bits. */
static int
tg_pg_same(struct ws_index *ix, int64_t id, const char *tsq, int match,
    const char *rank)
{
	float	r, want = strtof(rank, NULL);
	int	m;

	if (ws_tsq_rank(ix, id, tsq, &m, &r) != 0)
		return (0);
	if (m == match && memcmp(&r, &want, sizeof(r)) == 0)
		return (1);
	printf("  %s: @@ %d (PostgreSQL %d), ts_rank %.9g (PostgreSQL %s)\n",
	    tsq, m, match, (double)r, rank);
	return (0);
}

UNIT_TEST(web_search_phrases_and_ts_rank_are_postgresql)
{
	struct ws_index	*ix;
	const char	*lex[4];
	const uint16_t	*pos[4];
	uint16_t	 buf[16];
	int		 npos[4];
	char		 tsv[64];
	float		 r;
	size_t		 i;

	if ((ix = ws_new()) == NULL) {
		CHECK(ix != NULL);
		return;
	}
	for (i = 0; i < sizeof(tg_pg) / sizeof(tg_pg[0]); i++) {
		CHECK_INT(tg_pg_put(ix, (int64_t)i + 1, tg_pg[i].tsv), 0);
		CHECK(tg_pg_same(ix, (int64_t)i + 1, tg_pg[i].tsq,
		    tg_pg[i].match, tg_pg[i].rank));
	}
	for (i = 0; i < sizeof(tg_pg_dist) / sizeof(tg_pg_dist[0]); i++) {
		(void)snprintf(tsv, sizeof(tsv), "'a':1A 'b':%zuA", i + 2);
		CHECK_INT(tg_pg_put(ix, 1000, tsv), 0);
		CHECK(tg_pg_same(ix, 1000, "'a' & 'b'", 1, tg_pg_dist[i]));
	}
	/* The text read as PostgreSQL wrote it: quotes, weights, none. */
	(void)snprintf(tsv, sizeof(tsv), "'it''s':1,3 'q\\\\r':2A 'x y' 'z':9D");
	CHECK_INT(ws_tsv_parse(tsv, lex, pos, npos, buf, 16), 4);
	CHECK(strcmp(lex[0], "it's") == 0 && strcmp(lex[1], "q\\r") == 0 &&
	    strcmp(lex[2], "x y") == 0);
	CHECK(npos[0] == 2 && pos[0][1] == 3 && npos[1] == 1 &&
	    pos[1][0] == (3 << 14 | 2) && npos[2] == 0 && pos[3][0] == 9);
	(void)snprintf(tsv, sizeof(tsv), "'a':1,");
	CHECK_INT(ws_tsv_parse(tsv, lex, pos, npos, buf, 16), -1);
	CHECK_INT(ws_tsq_rank(ix, 999999, "'a'", &npos[0], &r), -1);
	ws_free(ix);
}

/*
 * web_search_trgm.c: "title %> word" as PostgreSQL 15 answered it
 * (word_similarity() shown; C.UTF-8, threshold 0.5 as V0018 sets it).
 */
static const struct {
	const char	*word, *title;
	int		 similar;	/* word_similarity(word, title) */
} tg_trgm[] = {
	{ "grafic", "graphic design for a bakery", 0 },		/* 0.43 */
	{ "grafic", "grafik", 1 },				/* 0.71 */
	{ "wordpres", "wordpress website", 1 },			/* 0.89 */
	{ "desing", "logo design", 1 },				/* 0.57 */
	{ "logo", "a b c", 0 },
	{ "لوگ", "لوگو ڈیزائن", 1 },				/* 0.75 */
	{ "ڈیزاین", "لوگو ڈیزائن اور بینر", 1 },		/* 0.57 */
	{ "dukan", "dukaan ka logo", 1 },			/* 0.67 */
	{ "c++", "c++ developer", 1 },
	{ "sql2", "sql 2 database", 1 },			/* 0.6 */
	{ "phone", "fone repair", 0 },				/* 0.33 */
	{ "aaa", "aaaa aaa", 1 },
	{ "ab", "abc", 1 },					/* 0.67 */
	{ "façade", "facade façade", 1 },
	{ "ڈیزائنر", "ڈیزائن", 1 },				/* 0.75 */
	{ "webdev", "web development", 0 },			/* 0.43 */
};

/*
 * What PostgreSQL says of each character (SQL_CHARS in web_search_live.c)
 * in C.UTF-8: ASCII, and every character of s, classed by glibc's own
 * C.UTF-8 (the locale PostgreSQL's ctype is).  0: no such locale.
 */
static int
tg_chars(struct ws_trgm *t, struct ws_index *ix, const char *s)
{
	locale_t	loc;
	wint_t		wc;
	char		c[8];
	size_t		n, k;
	int		i, word, space;

	if ((loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0)) ==
	    (locale_t)0)
		return (0);
	for (i = 1; i < 128; i++) {
		c[0] = (char)i;
		c[1] = '\0';
		word = isalnum(i);
		space = i == ' ' || (i >= '\t' && i <= '\r');
		if (t != NULL)
			(void)ws_trgm_char(t, c, word, space);
		if (ix != NULL)
			(void)ws_typo_char(ix, c, word, space);
	}
	for (; *s != '\0'; s += n) {
		n = (size_t)(*(const unsigned char *)s < 0x80 ? 1 :
		    (*s & 0xE0) == 0xC0 ? 2 : (*s & 0xF0) == 0xE0 ? 3 : 4);
		if (n == 1)
			continue;
		memcpy(c, s, n);
		c[n] = '\0';
		wc = (wint_t)(*(const unsigned char *)s & (n == 2 ? 0x1F :
		    n == 3 ? 0x0F : 0x07));
		for (k = 1; k < n; k++)
			wc = (wc << 6) | (wint_t)(s[k] & 0x3F);
		word = iswalpha_l(wc, loc) || iswdigit_l(wc, loc);
		space = iswspace_l(wc, loc);
		if (t != NULL)
			(void)ws_trgm_char(t, c, word, space);
		if (ix != NULL)
			(void)ws_typo_char(ix, c, word, space);
	}
	freelocale(loc);
	return (1);
}

static int
tg_similar(const struct ws_trgm *t, const char *word, const char *title)
{
	uint32_t	a[WS_TRGM_MAX], b[WS_TRGM_MAX];
	int		na, nb;

	na = ws_trgm_make(t, word, strlen(word), a, WS_TRGM_MAX);
	nb = ws_trgm_make(t, title, strlen(title), b, WS_TRGM_MAX);
	return (ws_trgm_similar(t, a, na, b, nb));
}

static int
tg_u32_cmp(const void *a, const void *b)
{
	uint32_t	x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x < y ? -1 : x > y);
}

UNIT_TEST(web_search_trgm_is_postgresql_word_similarity)
{
	/* show_trgm('لوگو'), sorted: multibyte trigrams are CRC-hashed. */
	static const uint32_t	urdu[] = { 0x32337e, 0x3f99ff, 0x5f6644,
	    0x876744, 0xaf75af };
	struct ws_trgm		t;
	uint32_t		tg3[WS_TRGM_MAX];
	size_t			i;
	int			n;

	ws_trgm_setup(&t, 0.5);
	for (i = 0; i < sizeof(tg_trgm) / sizeof(tg_trgm[0]); i++)
		if (!tg_chars(&t, NULL, tg_trgm[i].word) ||
		    !tg_chars(&t, NULL, tg_trgm[i].title)) {
			printf("  skipped: no C.UTF-8 locale\n");
			ws_trgm_cleanup(&t);
			return;
		}
	/* A character PostgreSQL was not asked about: not known. */
	CHECK_INT(ws_trgm_make(&t, "\xe2\x82\xac", 3, tg3, WS_TRGM_MAX), -1);
	for (i = 0; i < sizeof(tg_trgm) / sizeof(tg_trgm[0]); i++)
		if (tg_similar(&t, tg_trgm[i].word, tg_trgm[i].title) !=
		    tg_trgm[i].similar) {
			printf("  %s %%> %s\n", tg_trgm[i].title,
			    tg_trgm[i].word);
			CHECK(0);
		}
	n = ws_trgm_make(&t, "لوگو", strlen("لوگو"), tg3, WS_TRGM_MAX);
	CHECK_INT(n, 5);
	qsort(tg3, (size_t)n, sizeof(tg3[0]), tg_u32_cmp);
	CHECK(n == 5 && memcmp(tg3, urdu, sizeof(urdu)) == 0);
	/* 3 of 5 is 0.6 in float4, >= 0.6 in double: similar. */
	t.threshold = 0.6;
	CHECK(tg_similar(&t, "sql2", "sql 2 database"));
	CHECK(!tg_similar(&t, "desing", "logo design"));
	ws_trgm_cleanup(&t);
}

/*
 * The typo fallback finds what a check of every open gig finds: each
 * word of the words ("ph" read as "f") a part of the title so read, or
 * similar to it.
 */
static int
tg_typo_pass(const struct ws_trgm *t, const struct tg *g, const char *like)
{
	char	 w[64], tf[96], *p, *s, *save = NULL;
	int	 i, n = 0;

	for (i = 0, s = w; like[i] != '\0'; i++)
		*s++ = like[i] == 'p' && like[i + 1] == 'h' ? (i++, 'f') :
		    like[i];
	*s = '\0';
	for (i = 0, s = tf; g->title[i] != '\0'; i++)
		*s++ = g->title[i] == 'p' && g->title[i + 1] == 'h' ?
		    (i++, 'f') : g->title[i];
	*s = '\0';
	for (p = strtok_r(w, " ", &save); p != NULL;
	    p = strtok_r(NULL, " ", &save), n++)
		if (strstr(tf, p) == NULL && !tg_similar(t, p, g->title))
			return (0);
	return (n > 0);
}

UNIT_TEST(web_search_typos_as_every_gig_checked)
{
	static const char *const	likes[] = { "grafic", "desing logo",
	    "wordpres", "dukan", "ڈیزاین", "lgo desgn", "bakry", "fone",
	    "shp", "xyzzy", "logo shp", "ab grafic" };
	struct ws_index		*ix;
	struct ws_query		 q;
	struct ws_result	 a, b;
	struct ws_trgm		 t;
	const struct tg		*m[TG_N];
	char			 buf[32];
	int			 i, j, n, rc, bad = 0, found = 0, skip;

	if ((ix = ws_new()) == NULL) {
		CHECK(ix != NULL);
		return;
	}
	ws_trgm_setup(&t, 0.5);
	CHECK_INT(ws_typos(ix, 0.5), 0);
	for (j = 0; j < 12; j++)
		if (!tg_chars(&t, ix, likes[j])) {
			printf("  skipped: no C.UTF-8 locale\n");
			ws_free(ix);
			ws_trgm_cleanup(&t);
			return;
		}
	(void)tg_chars(&t, ix, "logo design ڈیزائن لوگو wordpress shop ab "
	    "bakery دکان grafik phone graphic");
	for (i = 0; i < TG_N; i++) {
		tg_make(i, 100 + i);
		if (i % 3 == 0)
			(void)strcat(tg[i].title, i % 2 ? "graphic " :
			    "grafik phone");
		tg_put(ix, i);
	}
	for (i = 0; i < TG_N; i += 7) {
		tg[i].alive = 0;
		ws_del(ix, tg[i].id);
	}
	for (j = 0; j < 200; j++) {
		tg_query(&q, buf, sizeof(buf));
		q.tsq = "'nothing'";
		q.like = likes[j % 12];
		tg_q = &q;
		tg_qi = 6;
		for (i = 0; i < TG_N; i++)
			tg_r[i] = tg_rank(tg_qi, &tg[i]);
		for (i = skip = 0; i < TG_N; i++)
			skip |= tg[i].alive && strstr(tg[i].title, q.like);
		if (skip)		/* a part of a title: not a typo */
			continue;
		rc = ws_search(ix, &q, &a);
		for (i = n = 0; i < TG_N; i++)
			if (tg[i].alive && tg_pass(&tg[i]) &&
			    tg_typo_pass(&t, &tg[i], q.like))
				m[n++] = &tg[i];
		qsort(m, (size_t)n, sizeof(m[0]), tg_cmp);
		memset(&b, 0, sizeof(b));
		for (i = q.offset; i < n && b.n < q.limit; i++)
			b.id[b.n++] = m[i]->id;
		b.total = n > SRCH_COUNT_MAX ? SRCH_COUNT_MAX + 1 : n;
		found += n > 0;
		if (rc != 0 || a.total != b.total || a.n != b.n ||
		    memcmp(a.id, b.id, sizeof(a.id[0]) * (size_t)a.n) != 0) {
			if (bad++ < 3)
				printf("  typo \"%s\": rc %d total %d/%d n "
				    "%d/%d\n", q.like, rc, a.total, b.total,
				    a.n, b.n);
		}
	}
	CHECK_INT(bad, 0);
	CHECK(found > 50);
	ws_free(ix);
	ws_trgm_cleanup(&t);
}
