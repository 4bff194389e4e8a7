/*
 * web_search.c: the in-memory gig search answers what a plain scan with
 * the SQL's rules answers -- the same gigs, in the same order (class,
 * budget or deadline, newest, id), the same capped count -- over random
 * gigs with ties, changes and deletions; and it hands back what it
 * cannot answer alike.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	char		title[48];
	unsigned	lex;		/* bit i: lexeme "w<i>" */
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
	int				 k;

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
	struct ws_gig_in in;
	int		 k, n = 0;

	for (k = 0; k < TG_VOCAB; k++)
		if (tg[i].lex & (1u << k)) {
			(void)snprintf(names[n], sizeof(names[n]), "w%d", k);
			lex[n] = names[n];
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
	in.skills = tg[i].skills;
	in.nskills = tg[i].nskills;
	(void)ws_put(ix, &in);
}

/* The full-text queries; tg_ft() says what each means over a gig's set. */
static const char *const tg_tsq[] = { "'w1'", "'w1' & 'w2'",
    "'w3' | 'w4'", "!'w5'", "'w1' & !'w2'", "( 'w1' | 'w2' ) & 'w3'",
    "'nothing'", "", "!( 'w0' & 'w1' ) & 'w6'" };

static int
tg_ft(int q, unsigned m)
{
#define B(i)	((m >> (i)) & 1)
	switch (q) {
	case 0: return (B(1));
	case 1: return (B(1) && B(2));
	case 2: return (B(3) || B(4));
	case 3: return (!B(5));
	case 4: return (B(1) && !B(2));
	case 5: return ((B(1) || B(2)) && B(3));
	case 8: return (!(B(0) && B(1)) && B(6));
	}
	return (0);
#undef B
}

static const struct ws_query	*tg_q;
static int			 tg_qi;

static int
tg_class(const struct tg *g)
{
	if (tg_q->like == NULL || tg_q->like[0] == '\0')
		return (0);
	return (tg_ft(tg_qi, g->lex) + (strstr(g->title, tg_q->like) != NULL));
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
	tg_qi = (int)tg_rand(sizeof(tg_tsq) / sizeof(tg_tsq[0]));
	q->tsq = tg_tsq[tg_qi];
	(void)snprintf(like, len, "%s", likes[tg_rand(10)]);
	q->like = like;
	q->skill = tg_rand(3) ? 0 : (uint16_t)tg_rand(7);
	q->province = tg_rand(4) ? 0 : (uint16_t)tg_rand(4);
	q->district = tg_rand(5) ? 0 : tg_rand(6);
	q->remote = tg_rand(4) == 0;
	q->min = tg_rand(4) ? -1 : 1000 * (int32_t)tg_rand(5);
	q->max = tg_rand(4) ? -1 : 1000 * (int32_t)tg_rand(6);
	q->since = tg_rand(5) ? 0 : 1000 + tg_rand(50);
	q->sort = (enum ws_sort)tg_rand(3);
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
	q.tsq = "'design' <-> 'logo'";		/* a phrase */
	CHECK_INT(ws_search(ix, &q, &r), SRCH_ASK_SQL);
	q.tsq = "'design':*";			/* a prefix */
	CHECK_INT(ws_search(ix, &q, &r), SRCH_ASK_SQL);
	q.tsq = "'design'";
	q.like = "des_gn";			/* LIKE's wildcard */
	CHECK_INT(ws_search(ix, &q, &r), SRCH_ASK_SQL);
	q.like = "design";
	q.sort = SRCH_SORT_RELEVANCE;		/* ts_rank */
	CHECK_INT(ws_search(ix, &q, &r), SRCH_ASK_SQL);
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
