/*
 * web_search.c: the in-memory gig search answers what a plain scan with
 * the SQL's rules answers -- the same gigs, in the same order (class,
 * budget or deadline, newest, id), the same capped count -- over random
 * gigs with ties, changes and deletions; and it hands back what it
 * cannot answer alike.
 */
#include <ctype.h>
#include <locale.h>
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
	char	 w[64], tf[64], *p, *s, *save = NULL;
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
