/*
 * The gig search index (web_search.h): pure, no Kore.  Rows are appended;
 * a changed gig's old row is marked dead and a new one appended, so every
 * list stays sorted by row.  Lexemes map to term ids with a posting list
 * each; titles are indexed by their byte trigrams, hashed into buckets
 * (a collision only adds a candidate, which the substring test drops).
 * Once ws_typos() has set it up, titles are also indexed by pg_trgm's
 * trigrams (web_search_trgm.c), for the typo fallback.  Each row's
 * lexeme positions and weights are kept byte-coded (a count, then each
 * position's step from the last << 2 | its weight, as varints): phrases
 * and ts_rank() read them, for the rows they look at.
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "web/web_search.h"

#define SRCH_TRI_BUCKETS	(1 << 18)
#define SRCH_NODES	64
#define SRCH_DEAD		UINT32_MAX
#define SRCH_LEXBUF	2048		/* a query's lexemes, NUL-ended */
#define SRCH_SCRATCH	(1 << 16)	/* positions one row's test holds */
#define SRCH_MAXPOS	16384		/* PostgreSQL's MAXENTRYPOS */
#define SRCH_NPOS_MAX	1024		/* positions of a lexeme (PG: 256) */
#define WEP_POS(p)	((int)((p) & 0x3fff))
#define WEP_WEIGHT(p)	((p) >> 14)

struct ws_list {
	uint32_t	*v;
	uint32_t	 n;
	uint32_t	 cap;
};

struct ws_row {
	int64_t		id;
	int64_t		created;
	int32_t		budget;
	int32_t		deadline;
	uint32_t	district;
	uint16_t	province;
	uint8_t		remote;
	uint8_t		alive;
	uint32_t	title;		/* offset in text */
	uint32_t	terms;		/* offset in ids: sorted term ids */
	uint16_t	nterms;
	uint16_t	nskills;	/* after the terms in ids */
	uint32_t	card;		/* offset in text, SRCH_DEAD: none */
	uint32_t	pos;		/* offset in pb: the terms' positions */
};

/* Open addressing: slot = 0 free, else row + 1 or term + 1. */
struct ws_hash {
	uint32_t	*slot;
	uint32_t	 cap;		/* a power of two */
	uint32_t	 used;
};

struct ws_index {
	struct ws_row	*rows;
	uint32_t	 n;
	uint32_t	 cap;
	uint32_t	 live;
	char		*text;		/* titles and lexemes, NUL-ended */
	size_t		 tlen;
	size_t		 tcap;
	uint32_t	*ids;
	size_t		 ilen;
	size_t		 icap;
	struct ws_hash	 byid;		/* gig id -> row */
	struct ws_hash	 dict;		/* lexeme -> term */
	uint32_t	*lexoff;	/* term -> offset of its lexeme */
	struct ws_list	*post;		/* term -> rows */
	uint32_t	 nterms;
	uint32_t	 tcapterms;
	struct ws_list	*tri;		/* trigram bucket -> rows */
	struct ws_list	*ptri;		/* pg_trgm trigram bucket -> rows */
	struct ws_list	*skill;		/* skill id -> rows */
	uint32_t	 nskill;
	uint8_t		*klass;		/* row -> class, set by each search */
	struct ws_trgm	 trgm;		/* ready: typos are answered here */
	uint32_t	*mark;		/* row -> search stamp */
	uint32_t	 stamp;
	uint8_t		*pb;		/* positions, byte-coded, by row */
	size_t		 pblen;
	size_t		 pbcap;
	float		*rank;		/* row -> ts_rank(), set by a search */
	uint16_t	*scratch;	/* SRCH_SCRATCH: positions being read */
	float		 wdist[101];	/* word_distance() of 0..100 */
};

/* A parsed tsquery: nodes in an array, the root last. */
enum ws_op { SRCH_TERM, SRCH_NOT, SRCH_AND, SRCH_OR, SRCH_PHRASE };

struct ws_node {
	enum ws_op	op;
	int32_t		term;		/* SRCH_TERM: -1 when no gig has it */
	int		l, r;
	int		dist;		/* SRCH_PHRASE: <N> */
	uint32_t	lex;		/* SRCH_TERM: its lexeme in lexbuf */
};

struct ws_expr {
	struct ws_node	node[SRCH_NODES];
	int		n;
	int		bad;
	char		lexbuf[SRCH_LEXBUF];
	size_t		lexlen;
	/* ts_rank()'s operands: distinct lexemes, in byte order */
	int32_t		op[SRCH_NODES];
	int		nop;
};

static int
ws_grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t	 c;
	void	*np;

	if (need <= *cap)
		return (0);
	c = *cap ? *cap : 64;
	while (c < need)
		c *= 2;
	if ((np = realloc(*p, c * size)) == NULL)
		return (-1);
	*p = np;
	*cap = c;
	return (0);
}

static int
ws_list_add(struct ws_list *l, uint32_t row)
{
	size_t	cap = l->cap;

	if (l->n > 0 && l->v[l->n - 1] == row)
		return (0);
	if (ws_grow((void **)&l->v, &cap, (size_t)l->n + 1,
	    sizeof(*l->v)) == -1)
		return (-1);
	l->cap = (uint32_t)cap;
	l->v[l->n++] = row;
	return (0);
}

/* FNV-1a: the index's hash (web_gig.c's words memo uses it too). */
uint32_t
ws_fnv(const void *p, size_t len)
{
	const unsigned char	*s = p;
	uint32_t		 h = 2166136261u;

	while (len-- > 0)
		h = (h ^ *s++) * 16777619u;
	return (h);
}

static uint32_t
ws_id_hash(int64_t id)
{
	return (ws_fnv(&id, sizeof(id)));
}

static int
ws_hash_init(struct ws_hash *h, uint32_t cap)
{
	h->slot = calloc(cap, sizeof(*h->slot));
	h->cap = cap;
	h->used = 0;
	return (h->slot == NULL ? -1 : 0);
}

/*
 * PostgreSQL's word_distance() (tsrank.c): the weight of two lexemes w
 * apart, in float4 as it computes it.
 */
static float
ws_word_distance(int w)
{
	if (w > 100)
		return (1e-30f);
	return (1.0 / (1.005 + 0.05 * exp(((float)w) / 1.5 - 2)));
}

struct ws_index *
ws_new(void)
{
	struct ws_index	*ix;
	int		 i;

	if ((ix = calloc(1, sizeof(*ix))) == NULL)
		return (NULL);
	if (ws_hash_init(&ix->byid, 1024) == -1 ||
	    ws_hash_init(&ix->dict, 1024) == -1 ||
	    (ix->tri = calloc(SRCH_TRI_BUCKETS, sizeof(*ix->tri))) == NULL ||
	    (ix->scratch = malloc(SRCH_SCRATCH * sizeof(*ix->scratch))) ==
	    NULL) {
		ws_free(ix);
		return (NULL);
	}
	for (i = 0; i <= 100; i++)
		ix->wdist[i] = ws_word_distance(i);
	return (ix);
}

void
ws_free(struct ws_index *ix)
{
	uint32_t	i;

	if (ix == NULL)
		return;
	for (i = 0; i < ix->nterms; i++)
		free(ix->post[i].v);
	if (ix->tri != NULL)
		for (i = 0; i < SRCH_TRI_BUCKETS; i++)
			free(ix->tri[i].v);
	if (ix->ptri != NULL)
		for (i = 0; i < SRCH_TRI_BUCKETS; i++)
			free(ix->ptri[i].v);
	free(ix->tri);
	free(ix->ptri);
	for (i = 0; i < ix->nskill; i++)
		free(ix->skill[i].v);
	free(ix->skill);
	free(ix->klass);
	ws_trgm_cleanup(&ix->trgm);
	free(ix->post);
	free(ix->lexoff);
	free(ix->byid.slot);
	free(ix->dict.slot);
	free(ix->rows);
	free(ix->text);
	free(ix->ids);
	free(ix->mark);
	free(ix->pb);
	free(ix->rank);
	free(ix->scratch);
	free(ix);
}

uint32_t
ws_count(const struct ws_index *ix)
{
	return (ix->live);
}

/* Rows held, the dead ones (replaced or closed gigs) included. */
uint32_t
ws_rows(const struct ws_index *ix)
{
	return (ix->n);
}

/* Bytes the index has allocated. */
size_t
ws_bytes(const struct ws_index *ix)
{
	size_t		b;
	uint32_t	i;

	b = sizeof(*ix) + (size_t)ix->cap * (sizeof(*ix->rows) +
	    sizeof(*ix->mark)) + ix->tcap + ix->icap * sizeof(*ix->ids) +
	    ((size_t)ix->byid.cap + ix->dict.cap) * sizeof(uint32_t) +
	    (size_t)ix->tcapterms * (sizeof(*ix->lexoff) + sizeof(*ix->post)) +
	    SRCH_TRI_BUCKETS * sizeof(*ix->tri);
	for (i = 0; i < ix->nterms; i++)
		b += ix->post[i].cap * sizeof(uint32_t);
	for (i = 0; i < SRCH_TRI_BUCKETS; i++)
		b += ix->tri[i].cap * sizeof(uint32_t);
	for (i = 0; ix->ptri != NULL && i < SRCH_TRI_BUCKETS; i++)
		b += ix->ptri[i].cap * sizeof(uint32_t) + sizeof(*ix->ptri);
	for (i = 0; i < ix->nskill; i++)
		b += ix->skill[i].cap * sizeof(uint32_t) + sizeof(*ix->skill);
	b += ix->cap * (1 + sizeof(*ix->rank));	/* klass, rank */
	b += ix->pbcap + SRCH_SCRATCH * sizeof(*ix->scratch);
	return (b);
}

/* The slot of gig id: its row, or the free slot it would take. */
static uint32_t *
ws_byid_slot(struct ws_index *ix, int64_t id)
{
	uint32_t	i, *s;

	i = ws_id_hash(id) & (ix->byid.cap - 1);
	for (;; i = (i + 1) & (ix->byid.cap - 1)) {
		s = &ix->byid.slot[i];
		if (*s == 0 || ix->rows[*s - 1].id == id)
			return (s);
	}
}

/* Doubles a table at half full (rehashing through key()). */
static int
ws_hash_grow(struct ws_index *ix, struct ws_hash *h, int bylex)
{
	struct ws_hash	 n;
	uint32_t	 i, j, k;
	const char	*lex;

	if (h->used * 2 < h->cap)
		return (0);
	if (ws_hash_init(&n, h->cap * 2) == -1)
		return (-1);
	for (i = 0; i < h->cap; i++) {
		if ((k = h->slot[i]) == 0)
			continue;
		if (bylex) {
			lex = ix->text + ix->lexoff[k - 1];
			j = ws_fnv(lex, strlen(lex));
		} else
			j = ws_id_hash(ix->rows[k - 1].id);
		for (j &= n.cap - 1; n.slot[j] != 0; j = (j + 1) & (n.cap - 1))
			;
		n.slot[j] = k;
	}
	n.used = h->used;
	free(h->slot);
	*h = n;
	return (0);
}

static int64_t
ws_text_add(struct ws_index *ix, const char *s)
{
	size_t	len = strlen(s) + 1, off = ix->tlen;

	if (ws_grow((void **)&ix->text, &ix->tcap, ix->tlen + len, 1) == -1 ||
	    off > UINT32_MAX - len)
		return (-1);
	memcpy(ix->text + off, s, len);
	ix->tlen += len;
	return ((int64_t)off);
}

/* A lexeme's term id; -1 if unknown and !add (or out of memory). */
static int32_t
ws_term(struct ws_index *ix, const char *lex, size_t len, int add)
{
	uint32_t	 i, *s;
	int64_t		 off;
	size_t		 cap;
	const char	*t;

	i = ws_fnv(lex, len) & (ix->dict.cap - 1);
	for (;; i = (i + 1) & (ix->dict.cap - 1)) {
		s = &ix->dict.slot[i];
		if (*s == 0)
			break;
		t = ix->text + ix->lexoff[*s - 1];
		if (strncmp(t, lex, len) == 0 && t[len] == '\0')
			return ((int32_t)(*s - 1));
	}
	if (!add)
		return (-1);
	cap = ix->tcapterms;
	if (ws_grow((void **)&ix->lexoff, &cap, ix->nterms + 1,
	    sizeof(*ix->lexoff)) == -1)
		return (-1);
	cap = ix->tcapterms;
	if (ws_grow((void **)&ix->post, &cap, ix->nterms + 1,
	    sizeof(*ix->post)) == -1)
		return (-1);
	if (cap > ix->tcapterms)
		memset(ix->post + ix->tcapterms, 0,
		    (cap - ix->tcapterms) * sizeof(*ix->post));
	ix->tcapterms = (uint32_t)cap;
	if ((off = ws_text_add(ix, lex)) == -1)
		return (-1);
	ix->lexoff[ix->nterms] = (uint32_t)off;
	*s = ++ix->nterms;
	ix->dict.used++;
	if (ws_hash_grow(ix, &ix->dict, 1) == -1)
		return (-1);
	return ((int32_t)(ix->nterms - 1));
}

/* The bucket of the trigram at s. */
static uint32_t
ws_tri(const char *s)
{
	return (ws_fnv(s, 3) & (SRCH_TRI_BUCKETS - 1));
}

/* Row r under skill id sk (lists grown to the largest id seen). */
static int
ws_skill_add(struct ws_index *ix, uint16_t sk, uint32_t r)
{
	size_t	cap = ix->nskill;

	if (sk >= ix->nskill) {
		if (ws_grow((void **)&ix->skill, &cap, (size_t)sk + 1,
		    sizeof(*ix->skill)) == -1)
			return (-1);
		memset(ix->skill + ix->nskill, 0, (cap - ix->nskill) *
		    sizeof(*ix->skill));
		ix->nskill = (uint32_t)cap;
	}
	return (ws_list_add(&ix->skill[sk], r));
}

/* The bucket of a pg_trgm trigram. */
static uint32_t
ws_ptri(uint32_t trgm)
{
	return (ws_fnv(&trgm, sizeof(trgm)) & (SRCH_TRI_BUCKETS - 1));
}

/* Row r under its title's pg_trgm trigrams (when typos are set up). */
static int
ws_row_trgm(struct ws_index *ix, uint32_t r)
{
	uint32_t	 tg[WS_TRGM_MAX];
	const char	*t;
	int		 i, n;

	if (!ix->trgm.ready)
		return (0);
	t = ix->text + ix->rows[r].title;
	if ((n = ws_trgm_make(&ix->trgm, t, strlen(t), tg, WS_TRGM_MAX)) < 0)
		return (-1);
	for (i = 0; i < n; i++)
		if (ws_list_add(&ix->ptri[ws_ptri(tg[i])], r) == -1)
			return (-1);
	return (0);
}

/* v as a varint at the end of pb. */
static int
ws_pb_put(struct ws_index *ix, uint32_t v)
{
	if (ws_grow((void **)&ix->pb, &ix->pbcap, ix->pblen + 5, 1) == -1)
		return (-1);
	for (; v >= 0x80; v >>= 7)
		ix->pb[ix->pblen++] = (uint8_t)(v | 0x80);
	ix->pb[ix->pblen++] = (uint8_t)v;
	return (0);
}

static uint32_t
ws_pb_get(const uint8_t **p)
{
	uint32_t	v = 0;
	int		sh = 0;

	for (; **p & 0x80; (*p)++, sh += 7)
		v |= (uint32_t)(**p & 0x7f) << sh;
	v |= (uint32_t)*(*p)++ << sh;
	return (v);
}

/* Lexeme i's positions (sorted by position, as the tsvector has them). */
static int
ws_pb_lexeme(struct ws_index *ix, const struct ws_gig_in *g, int i)
{
	uint16_t	 p[SRCH_NPOS_MAX], v;
	int		 n, k, j, prev = 0;

	n = g->pos != NULL && g->npos != NULL ? g->npos[i] : 0;
	if (n < 0 || n > SRCH_NPOS_MAX)
		return (-1);
	for (k = 0; k < n; k++) {
		v = g->pos[i][k];
		for (j = k; j > 0 && WEP_POS(p[j - 1]) > WEP_POS(v); j--)
			p[j] = p[j - 1];
		p[j] = v;
	}
	if (ws_pb_put(ix, (uint32_t)n) == -1)
		return (-1);
	for (k = 0; k < n; k++) {
		if (ws_pb_put(ix, (uint32_t)(WEP_POS(p[k]) - prev) << 2 |
		    WEP_WEIGHT(p[k])) == -1)
			return (-1);
		prev = WEP_POS(p[k]);
	}
	return (0);
}

struct ws_lexterm {
	uint32_t	term;
	int		i;
};

static int
ws_cmp_lexterm(const void *a, const void *b)
{
	const struct ws_lexterm	*x = a, *y = b;

	return (x->term < y->term ? -1 : x->term > y->term);
}

/* Terms (with their positions), skills and title trigrams of row r. */
static int
ws_row_index(struct ws_index *ix, uint32_t r, const struct ws_gig_in *g)
{
	struct ws_lexterm	 lt[WS_TSV_MAXLEX];
	struct ws_row		*w = &ix->rows[r];
	const char		*t;
	int32_t			 term;
	int			 i;

	w->terms = (uint32_t)ix->ilen;
	if (ws_grow((void **)&ix->ids, &ix->icap, ix->ilen + (size_t)g->nlex +
	    (size_t)g->nskills, sizeof(*ix->ids)) == -1 ||
	    ix->pblen > UINT32_MAX - 65536)
		return (-1);
	for (i = 0; i < g->nlex; i++) {
		if ((term = ws_term(ix, g->lexemes[i], strlen(g->lexemes[i]),
		    1)) == -1)
			return (-1);
		lt[i].term = (uint32_t)term;
		lt[i].i = i;
		if (ws_list_add(&ix->post[term], r) == -1)
			return (-1);
	}
	w->nterms = (uint16_t)g->nlex;
	qsort(lt, (size_t)g->nlex, sizeof(*lt), ws_cmp_lexterm);
	w->pos = (uint32_t)ix->pblen;
	for (i = 0; i < g->nlex; i++) {
		ix->ids[ix->ilen++] = lt[i].term;
		if (ws_pb_lexeme(ix, g, lt[i].i) == -1)
			return (-1);
	}
	for (i = 0; i < g->nskills; i++) {
		ix->ids[ix->ilen++] = g->skills[i];
		if (ws_skill_add(ix, g->skills[i], r) == -1)
			return (-1);
	}
	w->nskills = (uint16_t)g->nskills;
	for (t = ix->text + w->title; t[0] && t[1] && t[2]; t++)
		if (ws_list_add(&ix->tri[ws_tri(t)], r) == -1)
			return (-1);
	return (ws_row_trgm(ix, r));
}

/* The card's columns, one after the other in text; row r's card. */
static int
ws_card_add(struct ws_index *ix, uint32_t r, const struct ws_gig_in *g)
{
	int64_t	off, first = -1;
	int	i;

	ix->rows[r].card = SRCH_DEAD;
	if (g->card[0] == NULL)
		return (0);
	for (i = 0; i < SRCH_CARD_COLS; i++) {
		if ((off = ws_text_add(ix, g->card[i] ? g->card[i] : "")) ==
		    -1)
			return (-1);
		if (first == -1)
			first = off;
	}
	ix->rows[r].card = (uint32_t)first;
	return (0);
}

/* Gig id's row (its last, dead or alive), or SRCH_DEAD: never held. */
static uint32_t
ws_row_of(const struct ws_index *ix, int64_t id)
{
	uint32_t	i, s;

	i = ws_id_hash(id) & (ix->byid.cap - 1);
	for (;; i = (i + 1) & (ix->byid.cap - 1)) {
		if ((s = ix->byid.slot[i]) == 0)
			return (SRCH_DEAD);
		if (ix->rows[s - 1].id == id)
			return (s - 1);
	}
}

/*
 * Gig id's card appended to out as its page's card i: 0, or -1 when the
 * index holds no card for it (or out of memory).
 */
int
ws_card(const struct ws_index *ix, int64_t id, struct ws_cards *out, int i)
{
	const struct ws_row	*w;
	const char		*p;
	size_t			 len;
	uint32_t		 r;
	int			 k;

	if ((r = ws_row_of(ix, id)) == SRCH_DEAD)
		return (-1);
	w = &ix->rows[r];
	if (w->card == SRCH_DEAD || i < 0 || i >= SRCH_PAGE_MAX)
		return (-1);
	p = ix->text + w->card;
	for (k = 0; k < SRCH_CARD_COLS; k++) {
		len = strlen(p) + 1;
		if (ws_grow((void **)&out->text, &out->cap, out->len + len, 1)
		    == -1)
			return (-1);
		memcpy(out->text + out->len, p, len);
		out->col[i][k] = out->len;
		out->len += len;
		p += len;
	}
	return (0);
}

/*
 * Sets up the typo fallback before the first ws_put(): the database's
 * pg_trgm.word_similarity_threshold; then ws_typo_char() for every
 * character a title or a search may hold (what PostgreSQL says of it).
 */
int
ws_typos(struct ws_index *ix, double threshold)
{
	if (ix->n > 0 || ix->ptri != NULL)
		return (-1);
	if ((ix->ptri = calloc(SRCH_TRI_BUCKETS, sizeof(*ix->ptri))) == NULL)
		return (-1);
	ws_trgm_setup(&ix->trgm, threshold);
	return (0);
}

/* Character c (UTF-8): a word character, \s, as PostgreSQL says. */
int
ws_typo_char(struct ws_index *ix, const char *c, int word, int space)
{
	if (!ix->trgm.ready)
		return (-1);
	return (ws_trgm_char(&ix->trgm, c, word, space));
}

/* Adds a gig, or replaces the one with its id; -1: out of memory. */
int
ws_put(struct ws_index *ix, const struct ws_gig_in *g)
{
	struct ws_row	*w;
	uint32_t	*s, r, card;
	size_t		 cap = ix->cap;
	int64_t		 off;

	if (g->nlex < 0 || g->nlex > WS_TSV_MAXLEX || g->nskills < 0 ||
	    g->nskills > 64)
		return (-1);
	ws_del(ix, g->id);
	if (ws_grow((void **)&ix->rows, &cap, ix->n + 1, sizeof(*ix->rows))
	    == -1)
		return (-1);
	cap = ix->cap;
	if (ws_grow((void **)&ix->mark, &cap, ix->n + 1, sizeof(*ix->mark))
	    == -1)
		return (-1);
	if (cap > ix->cap)
		memset(ix->mark + ix->cap, 0, (cap - ix->cap) *
		    sizeof(*ix->mark));
	cap = ix->cap;
	if (ws_grow((void **)&ix->rank, &cap, ix->n + 1, sizeof(*ix->rank))
	    == -1)
		return (-1);
	cap = ix->cap;
	if (ws_grow((void **)&ix->klass, &cap, ix->n + 1, 1) == -1)
		return (-1);
	ix->cap = (uint32_t)cap;
	if ((off = ws_text_add(ix, g->title ? g->title : "")) == -1)
		return (-1);
	r = ix->n;
	if (ws_card_add(ix, r, g) == -1)
		return (-1);
	w = &ix->rows[r];
	card = w->card;
	memset(w, 0, sizeof(*w));
	w->card = card;
	w->id = g->id;
	w->created = g->created;
	w->budget = g->budget;
	w->deadline = g->deadline;
	w->district = g->district;
	w->province = g->province;
	w->remote = g->remote;
	w->title = (uint32_t)off;
	if (ws_row_index(ix, r, g) == -1)
		return (-1);
	ix->n++;
	w->alive = 1;
	ix->live++;
	s = ws_byid_slot(ix, g->id);
	if (*s == 0)
		ix->byid.used++;
	*s = r + 1;
	return (ws_hash_grow(ix, &ix->byid, 0));
}

/* A gig gone (closed, done, deleted): its row is dead. */
void
ws_del(struct ws_index *ix, int64_t id)
{
	uint32_t	*s;

	s = ws_byid_slot(ix, id);
	if (*s == 0 || !ix->rows[*s - 1].alive)
		return;
	ix->rows[*s - 1].alive = 0;
	ix->live--;
}

/*
 * tsquery text as PostgreSQL writes it: "'a' & ( 'b' | !'c' )", phrases
 * "'a' <-> 'b' <2> 'c'" (left to right; by priority ! then <-> then &
 * then |); a prefix or a weight (':') is bad.
 */
static int	ws_parse_or(struct ws_index *, struct ws_expr *,
		    const char **);

static int
ws_node(struct ws_expr *e, enum ws_op op, int32_t term, int l, int r)
{
	if (e->n == SRCH_NODES) {
		e->bad = 1;
		return (0);
	}
	memset(&e->node[e->n], 0, sizeof(e->node[e->n]));
	e->node[e->n].op = op;
	e->node[e->n].term = term;
	e->node[e->n].l = l;
	e->node[e->n].r = r;
	return (e->n++);
}

static int
ws_parse_lexeme(struct ws_index *ix, struct ws_expr *e, const char **p)
{
	char		*lex = e->lexbuf + e->lexlen;
	size_t		 n = 0, room = sizeof(e->lexbuf) - e->lexlen;
	const char	*s = *p + 1;
	int		 i;

	for (;; s++) {
		if (*s == '\0' || n + 1 >= room) {
			e->bad = 1;
			return (0);
		}
		if ((*s == '\'' && s[1] == '\'') || (*s == '\\' && s[1]))
			s++;
		else if (*s == '\'')
			break;
		lex[n++] = *s;
	}
	lex[n] = '\0';
	*p = s + 1;
	if (**p == ':')
		e->bad = 1;
	i = ws_node(e, SRCH_TERM, ws_term(ix, lex, n, 0), -1, -1);
	e->node[i].lex = (uint32_t)e->lexlen;
	e->lexlen += n + 1;
	return (i);
}

static void
ws_space(const char **p)
{
	while (**p == ' ')
		(*p)++;
}

static int
ws_parse_unary(struct ws_index *ix, struct ws_expr *e, const char **p)
{
	int	n;

	ws_space(p);
	if (**p == '!') {
		(*p)++;
		n = ws_parse_unary(ix, e, p);
		return (ws_node(e, SRCH_NOT, 0, n, -1));
	}
	if (**p == '(') {
		(*p)++;
		n = ws_parse_or(ix, e, p);
		ws_space(p);
		if (**p != ')')
			e->bad = 1;
		else
			(*p)++;
		return (n);
	}
	if (**p == '\'')
		return (ws_parse_lexeme(ix, e, p));
	e->bad = 1;
	return (0);
}

/* "<->" (1) or "<N>": the distance, -1 when neither. */
static int
ws_parse_dist(const char **p)
{
	const char	*s = *p + 1;
	long		 d = 0;

	if (strncmp(s, "->", 2) == 0) {
		*p = s + 2;
		return (1);
	}
	if (*s < '0' || *s > '9')
		return (-1);
	for (; *s >= '0' && *s <= '9'; s++)
		if ((d = d * 10 + (*s - '0')) > SRCH_MAXPOS)
			return (-1);
	if (*s != '>')
		return (-1);
	*p = s + 1;
	return ((int)d);
}

static int
ws_parse_phrase(struct ws_index *ix, struct ws_expr *e, const char **p)
{
	int	l, d;

	l = ws_parse_unary(ix, e, p);
	for (;;) {
		ws_space(p);
		if (**p != '<' || e->bad)
			return (l);
		if ((d = ws_parse_dist(p)) < 0) {
			e->bad = 1;
			return (l);
		}
		l = ws_node(e, SRCH_PHRASE, 0, l, ws_parse_unary(ix, e, p));
		e->node[l].dist = d;
	}
}

static int
ws_parse_and(struct ws_index *ix, struct ws_expr *e, const char **p)
{
	int	l;

	l = ws_parse_phrase(ix, e, p);
	for (;;) {
		ws_space(p);
		if (**p != '&' || e->bad)
			return (l);
		(*p)++;
		l = ws_node(e, SRCH_AND, 0, l, ws_parse_phrase(ix, e, p));
	}
}

static int
ws_parse_or(struct ws_index *ix, struct ws_expr *e, const char **p)
{
	int	l;

	l = ws_parse_and(ix, e, p);
	for (;;) {
		ws_space(p);
		if (**p != '|' || e->bad)
			return (l);
		(*p)++;
		l = ws_node(e, SRCH_OR, 0, l, ws_parse_and(ix, e, p));
	}
}

/*
 * ts_rank()'s operands (tsrank.c, SortAndUniqItems()): the distinct
 * lexemes in byte order (tsCompareString()).
 */
static void
ws_expr_ops(struct ws_expr *e)
{
	const char	*a, *b;
	int		 i, k, j;

	e->nop = 0;
	for (i = 0; i < e->n; i++) {
		if (e->node[i].op != SRCH_TERM)
			continue;
		a = e->lexbuf + e->node[i].lex;
		for (k = 0; k < e->nop; k++)
			if (strcmp(a, e->lexbuf + e->node[e->op[k]].lex) <= 0)
				break;
		b = k < e->nop ? e->lexbuf + e->node[e->op[k]].lex : NULL;
		if (b != NULL && strcmp(a, b) == 0)
			continue;
		for (j = e->nop; j > k; j--)
			e->op[j] = e->op[j - 1];
		e->op[k] = i;
		e->nop++;
	}
}

/*
 * The tsquery text parsed into e with its root in *root (-1 when it has
 * no operand: stop words only); -1 when it cannot be read alike.
 */
static int
ws_parse(struct ws_index *ix, struct ws_expr *e, const char *tsq, int *root)
{
	const char	*p = tsq;

	e->n = 0;
	e->bad = 0;
	e->lexlen = 0;
	e->nop = 0;
	*root = -1;
	ws_space(&p);
	if (*p == '\0')
		return (0);
	*root = ws_parse_or(ix, e, &p);
	ws_space(&p);
	if (e->bad || *p != '\0')
		return (-1);
	ws_expr_ops(e);
	return (0);
}

/*
 * One row under test: its sorted terms, their positions, and the
 * scratch its positions are read into (full: the query is asked of SQL).
 */
struct ws_ctx {
	struct ws_index		*ix;
	const struct ws_expr	*e;
	const uint32_t		*terms;
	size_t			 n;
	const uint8_t		*pb;
	size_t			 used;
	int			 full;
};

static void
ws_ctx_row(struct ws_ctx *c, uint32_t r)
{
	const struct ws_row	*w = &c->ix->rows[r];

	c->terms = c->ix->ids + w->terms;
	c->n = w->nterms;
	c->pb = c->ix->pb + w->pos;
	c->used = 0;
}

/* n positions of scratch; NULL (and full) when it has no room. */
static uint16_t *
ws_scratch(struct ws_ctx *c, size_t n)
{
	uint16_t	*p;

	if (n > SRCH_SCRATCH - c->used) {
		c->full = 1;
		return (NULL);
	}
	p = c->ix->scratch + c->used;
	c->used += n;
	return (p);
}

/* The row's index of term, or -1. */
static int
ws_row_term(const struct ws_ctx *c, int32_t term)
{
	size_t		lo = 0, hi = c->n, mid;
	uint32_t	t = (uint32_t)term;

	if (term < 0)
		return (-1);
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (c->terms[mid] < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (lo < c->n && c->terms[lo] == t ? (int)lo : -1);
}

/*
 * The positions of the row's j-th term into the scratch (WordEntryPos:
 * weight << 14 | position): their number, 0 when it has none, -1 when
 * the scratch is full.
 */
static int
ws_row_pos(struct ws_ctx *c, int j, const uint16_t **out)
{
	const uint8_t	*p = c->pb;
	uint16_t	*o;
	uint32_t	 n, k, v;
	int		 pos = 0;

	for (; j > 0; j--)
		for (n = ws_pb_get(&p); n > 0; n--)
			(void)ws_pb_get(&p);
	if ((n = ws_pb_get(&p)) == 0)
		return (0);
	if ((o = ws_scratch(c, n)) == NULL)
		return (-1);
	for (k = 0; k < n; k++) {
		v = ws_pb_get(&p);
		pos += (int)(v >> 2);
		o[k] = (uint16_t)((v & 3) << 14 | (uint32_t)pos);
	}
	*out = o;
	return ((int)n);
}

/*
 * PostgreSQL's phrase search (tsvector_op.c, TS_phrase_execute() and
 * TS_phrase_output(), PostgreSQL 13 to 18): a match's positions (its
 * last lexeme's), its width, whether they are the positions it does not
 * match at (negate); NO, YES, or MAYBE for a lexeme kept without
 * positions.
 */
enum ws_tv { WS_NO, WS_YES, WS_MAYBE };

struct ws_pd {
	const uint16_t	*pos;
	int		 npos;
	int		 width;
	int		 negate;
};

#define WS_L_ONLY	0x01
#define WS_R_ONLY	0x02
#define WS_BOTH		0x04

static enum ws_tv
ws_pout(struct ws_ctx *c, struct ws_pd *d, const struct ws_pd *l,
    const struct ws_pd *r, int emit, int loff, int roff, int max)
{
	uint16_t	*out = NULL;
	int		 li = 0, ri = 0, lp, rp, o;

	while (li < l->npos || ri < r->npos) {
		o = 0;
		if (li < l->npos)
			lp = WEP_POS(l->pos[li]) + loff;
		else if (!(emit & WS_R_ONLY))
			break;
		else
			lp = INT_MAX;
		if (ri < r->npos)
			rp = WEP_POS(r->pos[ri]) + roff;
		else if (!(emit & WS_L_ONLY))
			break;
		else
			rp = INT_MAX;
		if (lp < rp) {
			if (emit & WS_L_ONLY)
				o = lp;
			li++;
		} else if (lp == rp) {
			if (emit & WS_BOTH)
				o = rp;
			li++;
			ri++;
		} else {
			if (emit & WS_R_ONLY)
				o = rp;
			ri++;
		}
		if (o <= 0)
			continue;
		if (d == NULL)
			return (WS_YES);
		if (out == NULL && (out = ws_scratch(c, (size_t)max)) == NULL)
			return (WS_NO);
		out[d->npos++] = (uint16_t)o;	/* a WordEntryPos, as in PG */
	}
	if (d != NULL && d->npos > 0) {
		d->pos = out;
		return (WS_YES);
	}
	return (WS_NO);
}

static enum ws_tv	ws_px(struct ws_ctx *, int, struct ws_pd *);

/* An OR under a phrase: the union, its ends aligned; d is never NULL. */
static enum ws_tv
ws_px_or(struct ws_ctx *c, const struct ws_node *nd, struct ws_pd *d)
{
	struct ws_pd	L, R;
	enum ws_tv	lm, rm;
	int		loff, roff, maxw;

	memset(&L, 0, sizeof(L));
	memset(&R, 0, sizeof(R));
	lm = ws_px(c, nd->l, &L);
	rm = ws_px(c, nd->r, &R);
	if (lm == WS_NO && rm == WS_NO)
		return (WS_NO);
	if (lm == WS_MAYBE || rm == WS_MAYBE)
		return (WS_MAYBE);
	if (lm == WS_NO)
		L.width = 0;
	if (rm == WS_NO)
		R.width = 0;
	maxw = L.width > R.width ? L.width : R.width;
	loff = maxw - L.width;
	roff = maxw - R.width;
	d->width = maxw;
	if (!L.negate && !R.negate)
		return (ws_pout(c, d, &L, &R, WS_BOTH | WS_L_ONLY |
		    WS_R_ONLY, loff, roff, L.npos + R.npos));
	if (L.negate && R.negate)
		(void)ws_pout(c, d, &L, &R, WS_BOTH, loff, roff,
		    L.npos < R.npos ? L.npos : R.npos);
	else if (L.negate)
		(void)ws_pout(c, d, &L, &R, WS_L_ONLY, loff, roff,
		    L.npos);
	else
		(void)ws_pout(c, d, &L, &R, WS_R_ONLY, loff, roff,
		    R.npos);
	d->negate = 1;
	return (WS_YES);
}

static enum ws_tv
ws_px(struct ws_ctx *c, int i, struct ws_pd *d)
{
	const struct ws_node	*nd = &c->e->node[i];
	struct ws_pd		 L, R;
	enum ws_tv		 lm, rm;
	int			 j, loff, roff, maxw;

	switch (nd->op) {
	case SRCH_TERM:
		if ((j = ws_row_term(c, nd->term)) < 0)
			return (WS_NO);
		if ((d->npos = ws_row_pos(c, j, &d->pos)) < 0) {
			d->npos = 0;
			return (WS_NO);
		}
		return (d->npos > 0 ? WS_YES : WS_MAYBE);
	case SRCH_NOT:
		switch (ws_px(c, nd->l, d)) {
		case WS_NO:
			d->negate = 1;
			return (WS_YES);
		case WS_YES:
			if (d->npos > 0) {
				d->negate = !d->negate;
				return (WS_YES);
			}
			d->negate = 0;
			return (WS_NO);
		case WS_MAYBE:
			return (WS_MAYBE);
		}
		return (WS_NO);
	case SRCH_PHRASE:
	case SRCH_AND:
		memset(&L, 0, sizeof(L));
		memset(&R, 0, sizeof(R));
		if ((lm = ws_px(c, nd->l, &L)) == WS_NO ||
		    (rm = ws_px(c, nd->r, &R)) == WS_NO)
			return (WS_NO);
		if (lm == WS_MAYBE || rm == WS_MAYBE)
			return (WS_MAYBE);
		if (nd->op == SRCH_PHRASE) {
			loff = nd->dist + R.width;
			roff = 0;
			if (d != NULL)
				d->width = nd->dist + L.width + R.width;
		} else {
			maxw = L.width > R.width ? L.width : R.width;
			loff = maxw - L.width;
			roff = maxw - R.width;
			if (d != NULL)
				d->width = maxw;
		}
		if (L.negate && R.negate) {
			(void)ws_pout(c, d, &L, &R, WS_BOTH | WS_L_ONLY |
			    WS_R_ONLY, loff, roff, L.npos + R.npos);
			if (d != NULL)
				d->negate = 1;
			return (WS_YES);
		}
		if (L.negate)
			return (ws_pout(c, d, &L, &R, WS_R_ONLY, loff, roff,
			    R.npos));
		if (R.negate)
			return (ws_pout(c, d, &L, &R, WS_L_ONLY, loff, roff,
			    L.npos));
		return (ws_pout(c, d, &L, &R, WS_BOTH, loff, roff,
		    L.npos < R.npos ? L.npos : R.npos));
	case SRCH_OR:
		return (ws_px_or(c, nd, d));
	}
	return (WS_NO);
}

/*
 * Whether node i holds for the row (tsvector @@ tsquery): above the
 * phrases by the terms alone, a phrase by its positions (a MAYBE is no
 * match, as for @@).
 */
static int
ws_eval(struct ws_ctx *c, int i)
{
	const struct ws_node	*d = &c->e->node[i];

	switch (d->op) {
	case SRCH_TERM:
		return (ws_row_term(c, d->term) >= 0);
	case SRCH_NOT:
		return (!ws_eval(c, d->l));
	case SRCH_AND:
		return (ws_eval(c, d->l) && ws_eval(c, d->r));
	case SRCH_OR:
		return (ws_eval(c, d->l) || ws_eval(c, d->r));
	case SRCH_PHRASE:
		return (ws_px(c, i, NULL) == WS_YES);
	}
	return (0);
}

/*
 * ts_rank(search, tsquery) as PostgreSQL computes it (tsrank.c:
 * calc_rank() with the default weights and normalization 0), in float4
 * step by step as its C does: a top & or <-> ranks every pair of the
 * operands' positions by their distance (calc_rank_and()), anything else
 * each operand's positions by weight (calc_rank_or()).
 */
static const float	ws_weights[4] = { 0.1f, 0.2f, 0.4f, 1.0f };

/* Operand k's positions in the row: 1 found (n 0: none kept), 0 not. */
static int
ws_op_pos(struct ws_ctx *c, int k, const uint16_t **p, int *n)
{
	int	j;

	if ((j = ws_row_term(c, c->e->node[c->e->op[k]].term)) < 0)
		return (0);
	if ((*n = ws_row_pos(c, j, p)) < 0) {
		*n = 0;
		return (0);
	}
	return (1);
}

static float
ws_rank_or(struct ws_ctx *c)
{
	static const uint16_t	 posnull[1] = { 0 };
	const uint16_t		*p;
	float			 res = 0.0, resj, wjm, wj;
	int			 i, j, jm, n;

	for (i = 0; i < c->e->nop; i++) {
		if (!ws_op_pos(c, i, &p, &n))
			continue;
		if (n == 0) {
			p = posnull;
			n = 1;
		}
		resj = 0.0;
		wjm = -1.0;
		jm = 0;
		for (j = 0; j < n; j++) {
			wj = ws_weights[WEP_WEIGHT(p[j])];
			resj = resj + wj / ((j + 1) * (j + 1));
			if (wj > wjm) {
				wjm = wj;
				jm = j;
			}
		}
		res = res + (wjm + resj - wjm / ((jm + 1) * (jm + 1))) /
		    1.64493406685;
	}
	if (c->e->nop > 0)
		res = res / c->e->nop;
	return (res);
}

static float
ws_rank_and(struct ws_ctx *c)
{
	static const uint16_t	 posnull[1] = { SRCH_MAXPOS - 1 };
	const uint16_t		*pp[SRCH_NODES];
	int			 pn[SRCH_NODES], has[SRCH_NODES];
	int			 isnull[SRCH_NODES];
	float			 res = -1.0, curw;
	int			 i, k, l, p, dist;

	if (c->e->nop < 2)
		return (ws_rank_or(c));
	for (i = 0; i < c->e->nop; i++) {
		if (!(has[i] = ws_op_pos(c, i, &pp[i], &pn[i])))
			continue;
		if ((isnull[i] = pn[i] == 0)) {
			pp[i] = posnull;
			pn[i] = 1;
		}
		for (k = 0; k < i; k++) {
			if (!has[k])
				continue;
			for (l = 0; l < pn[i]; l++)
				for (p = 0; p < pn[k]; p++) {
					dist = abs(WEP_POS(pp[i][l]) -
					    WEP_POS(pp[k][p]));
					if (!dist && !isnull[i] && !isnull[k])
						continue;
					if (!dist)
						dist = SRCH_MAXPOS;
					curw = sqrt(ws_weights[WEP_WEIGHT(
					    pp[i][l])] * ws_weights[WEP_WEIGHT(
					    pp[k][p])] * (dist > 100 ? 1e-30f :
					    c->ix->wdist[dist]));
					res = (res < 0) ? curw : 1.0 - (1.0 -
					    res) * (1.0 - curw);
				}
		}
	}
	return (res);
}

/* ts_rank() of the row for the query rooted at root (-1: none). */
static float
ws_rank(struct ws_ctx *c, int root)
{
	enum ws_op	op;
	float		res;

	if (root < 0 || c->e->nop == 0 || c->n == 0)
		return (0.0);
	op = c->e->node[root].op;
	res = op == SRCH_AND || op == SRCH_PHRASE ? ws_rank_and(c) :
	    ws_rank_or(c);
	if (res < 0)
		res = 1e-20f;
	return (res);
}

/*
 * The kept rows: a binary heap whose top is the worst of the best k; the
 * words' tsquery parsed (root -1: none) and the row under test.
 */
struct ws_top {
	struct ws_index		*ix;
	const struct ws_query	*q;
	uint8_t			*klass;		/* row -> class */
	float			*rank;		/* row -> ts_rank() */
	int			 relevance;	/* ORDER BY ts_rank() */
	uint32_t		*heap;
	size_t			 n;
	size_t			 k;
	int			 total;
	int			 any;
	int			 root;
	struct ws_ctx		 c;
};

/* Whether row a comes before row b in the SQL ORDER BY. */
static int
ws_before(const struct ws_top *t, uint32_t a, uint32_t b)
{
	const struct ws_row	*x = &t->ix->rows[a], *y = &t->ix->rows[b];

	if (t->klass[a] != t->klass[b])
		return (t->klass[a] > t->klass[b]);
	if (t->q->sort == SRCH_SORT_BUDGET && x->budget != y->budget)
		return (x->budget > y->budget);
	if (t->q->sort == SRCH_SORT_DEADLINE && x->deadline != y->deadline)
		return (x->deadline < y->deadline);
	if (t->relevance && t->rank[a] != t->rank[b])
		return (t->rank[a] > t->rank[b]);
	if (x->created != y->created)
		return (x->created > y->created);
	return (x->id > y->id);
}

static void
ws_sift_down(struct ws_top *t, size_t i)
{
	size_t		c;
	uint32_t	v;

	for (;;) {
		c = 2 * i + 1;
		if (c >= t->n)
			return;
		/* The worst child: the one that comes later. */
		if (c + 1 < t->n && ws_before(t, t->heap[c], t->heap[c + 1]))
			c++;
		if (!ws_before(t, t->heap[i], t->heap[c]))
			return;
		v = t->heap[i];
		t->heap[i] = t->heap[c];
		t->heap[c] = v;
		i = c;
	}
}

static void
ws_keep(struct ws_top *t, uint32_t r)
{
	size_t		i, p;
	uint32_t	v;

	t->total++;
	if (t->k == 0)
		return;
	if (t->n == t->k) {
		if (!ws_before(t, r, t->heap[0]))
			return;
		t->heap[0] = r;
		ws_sift_down(t, 0);
		return;
	}
	i = t->n++;
	t->heap[i] = r;
	while (i > 0) {
		p = (i - 1) / 2;
		if (!ws_before(t, t->heap[p], t->heap[i]))
			return;
		v = t->heap[p];
		t->heap[p] = t->heap[i];
		t->heap[i] = v;
		i = p;
	}
}

/* Whether a row passes the query's filters (GIG_SQL_SKILL/FILTERS). */
static int
ws_filters(const struct ws_index *ix, const struct ws_row *w,
    const struct ws_query *q)
{
	const uint32_t	*sk;
	int		 i;

	if (q->province != 0 && w->province != q->province)
		return (0);
	if (q->district != 0 && w->district != q->district)
		return (0);
	if (q->remote && !w->remote)
		return (0);
	if ((q->min >= 0 && w->budget < q->min) ||
	    (q->max >= 0 && w->budget > q->max))
		return (0);
	if (q->since != 0 && w->created < q->since)
		return (0);
	if (q->skill == 0)
		return (1);
	sk = ix->ids + w->terms + w->nterms;
	for (i = 0; i < w->nskills; i++)
		if (sk[i] == q->skill)
			return (1);
	return (0);
}

/* Row r for the words: 0 when neither the full text nor the title has them. */
static int
ws_class(struct ws_top *t, uint32_t r)
{
	int	c = 0;

	ws_ctx_row(&t->c, r);
	if (t->root >= 0 && ws_eval(&t->c, t->root))
		c++;
	if (strstr(t->ix->text + t->ix->rows[r].title, t->q->like) != NULL)
		c++;
	return (c);
}

/* Row r's ts_rank(), when the order asks for it. */
static void
ws_rank_row(struct ws_top *t, uint32_t r)
{
	if (!t->relevance)
		return;
	ws_ctx_row(&t->c, r);
	t->rank[r] = ws_rank(&t->c, t->root);
}

/*
 * Past the count's cap (SRCH_COUNT_MAX) with the page full, when the
 * order needs no ts_rank(): a row that comes after the page's last by
 * the keys after the class enters only as a whole match (class 2) over a
 * last of class 1.  1: row r changes nothing (or was kept as such a
 * match), the full text read first and the title only then; 0: it needs
 * its class.
 */
static int
ws_past_cap(struct ws_top *t, uint32_t r)
{
	const struct ws_row	*x = &t->ix->rows[r], *y;
	int			 later;

	if (t->total <= SRCH_COUNT_MAX || t->n < t->k || t->relevance)
		return (0);
	y = &t->ix->rows[t->heap[0]];
	if (t->q->sort == SRCH_SORT_BUDGET && x->budget != y->budget)
		later = x->budget < y->budget;
	else if (t->q->sort == SRCH_SORT_DEADLINE &&
	    x->deadline != y->deadline)
		later = x->deadline > y->deadline;
	else if (x->created != y->created)
		later = x->created < y->created;
	else
		later = x->id < y->id;
	if (!later)
		return (0);
	if (t->klass[t->heap[0]] < 2 && t->root >= 0) {
		ws_ctx_row(&t->c, r);
		if (ws_eval(&t->c, t->root) && strstr(t->ix->text + x->title,
		    t->q->like) != NULL) {
			t->klass[r] = 2;
			ws_keep(t, r);
		}
	}
	return (1);
}

static void
ws_visit(struct ws_top *t, uint32_t r)
{
	struct ws_index	*ix = t->ix;
	int		 c, pass;

	if (ix->mark[r] == ix->stamp || !ix->rows[r].alive)
		return;
	ix->mark[r] = ix->stamp;
	/* Once a match is known, a row the filters drop needs no class. */
	pass = ws_filters(ix, &ix->rows[r], t->q);
	if ((!pass && t->any) || (pass && ws_past_cap(t, r)))
		return;
	if ((c = ws_class(t, r)) == 0)
		return;
	t->any = 1;
	t->klass[r] = (uint8_t)c;
	if (!pass)
		return;
	/* A lower class than the full page's last: counted, no rank. */
	if (t->n == t->k && t->klass[r] < t->klass[t->heap[0]]) {
		t->total++;
		return;
	}
	ws_rank_row(t, r);
	ws_keep(t, r);
}

/*
 * Lists whose rows hold every row node i matches (an AND or a phrase
 * needs only its smaller side's); their total length, or SIZE_MAX: every
 * row (a NOT).
 */
struct ws_plan {
	const struct ws_list	*l[SRCH_NODES];
	int			 n;
};

static size_t
ws_plan(const struct ws_index *ix, const struct ws_expr *e, int i,
    struct ws_plan *p)
{
	const struct ws_node	*d = &e->node[i];
	struct ws_plan		 a, b;
	size_t			 na, nb;
	int			 k;

	p->n = 0;
	switch (d->op) {
	case SRCH_TERM:
		if (d->term < 0)
			return (0);
		p->l[p->n++] = &ix->post[d->term];
		return (ix->post[d->term].n);
	case SRCH_NOT:
		return (SIZE_MAX);
	case SRCH_AND:
	case SRCH_PHRASE:
		na = ws_plan(ix, e, d->l, &a);
		nb = ws_plan(ix, e, d->r, &b);
		*p = na <= nb ? a : b;
		return (na <= nb ? na : nb);
	case SRCH_OR:
		na = ws_plan(ix, e, d->l, &a);
		nb = ws_plan(ix, e, d->r, &b);
		if (na == SIZE_MAX || nb == SIZE_MAX)
			return (SIZE_MAX);
		*p = a;
		for (k = 0; k < b.n && p->n < SRCH_NODES; k++)
			p->l[p->n++] = b.l[k];
		return (na + nb);
	}
	return (SIZE_MAX);
}

/*
 * The rows the words may match: every row when the full text could
 * match a gig with none of its terms ("!'a'") or the words are shorter
 * than a trigram; else the terms' lists (ws_plan()) and the title's
 * rarest trigram.
 */
static void
ws_words_scan(struct ws_top *t)
{
	struct ws_index		*ix = t->ix;
	const struct ws_list	*l, *best;
	const char		*like = t->q->like;
	struct ws_plan		 plan;
	uint32_t		 r;
	int			 i, none;

	if (++ix->stamp == 0) {
		memset(ix->mark, 0, ix->cap * sizeof(*ix->mark));
		ix->stamp = 1;
	}
	/* Whether a row with no terms at all would match ("!'a'"). */
	t->c.n = 0;
	none = t->root >= 0 && ws_eval(&t->c, t->root);
	if (none || strlen(like) < 3) {
		for (r = 0; r < ix->n; r++)
			ws_visit(t, r);
		return;
	}
	if (t->root >= 0 && ws_plan(ix, t->c.e, t->root, &plan) ==
	    SIZE_MAX) {
		for (r = 0; r < ix->n; r++)
			ws_visit(t, r);
		return;
	}
	for (i = 0; t->root >= 0 && i < plan.n; i++)
		for (r = 0; r < plan.l[i]->n; r++)
			ws_visit(t, plan.l[i]->v[r]);
	best = NULL;
	for (i = 0; like[i + 2] != '\0'; i++) {
		l = &ix->tri[ws_tri(like + i)];
		if (best == NULL || l->n < best->n)
			best = l;
	}
	for (r = 0; best != NULL && r < best->n; r++)
		ws_visit(t, best->v[r]);
}

/*
 * The typo fallback (GIG_SQL_TYPOS), when no open gig has the words: the
 * open gigs whose title, "ph" read as "f", has each word of the words
 * (the same reading, split at \s) as a part or by pg_trgm's
 * "lower(title) %> word".  The first word finds the candidates: the
 * rows under its trigrams with enough of them in common (a similarity
 * is at most common / the word's trigrams), and those whose title has a
 * three-byte part of it without an "f" (else every row).
 */
struct ws_typo {
	char		 buf[512];
	const char	*word[32];
	int		 nword;
	uint32_t	 tg[32][WS_TRGM_MAX];
	int		 ntg[32];
	int		 need;		/* common trigrams a candidate needs */
	uint8_t		*common;	/* row -> first word's trigrams held */
	uint32_t	*cand;		/* rows the filters pass, in order */
	size_t		 ncand;
	size_t		 capcand;
};

/* "ph" read as "f", as replace(s, 'ph', 'f'); -1 when it does not fit. */
static int
ws_typo_f(const char *s, char *out, size_t len)
{
	size_t	n = 0;

	for (; *s != '\0'; s++) {
		if (n + 1 >= len)
			return (-1);
		if (s[0] == 'p' && s[1] == 'h') {
			out[n++] = 'f';
			s++;
		} else
			out[n++] = s[0];
	}
	out[n] = '\0';
	return (0);
}

/* The words and their trigrams; -1 when they cannot be answered alike. */
static int
ws_typo_words(struct ws_index *ix, const char *like, struct ws_typo *ty)
{
	char	*p;
	size_t	 cl;
	int	 i, k, u, sp;

	if (ws_typo_f(like, ty->buf, sizeof(ty->buf)) == -1)
		return (-1);
	ty->nword = 0;
	for (p = ty->buf; *p != '\0';) {
		if ((sp = ws_trgm_space(&ix->trgm, p, &cl)) == -1)
			return (-1);
		if (sp) {
			memset(p, '\0', cl);
			p += cl;
			continue;
		}
		if (p == ty->buf || p[-1] == '\0') {
			if (ty->nword == 32)
				return (-1);
			ty->word[ty->nword++] = p;
		}
		p += cl;
	}
	for (i = 0; i < ty->nword; i++)
		if ((ty->ntg[i] = ws_trgm_make(&ix->trgm, ty->word[i],
		    strlen(ty->word[i]), ty->tg[i], WS_TRGM_MAX)) < 0)
			return (-1);
	/* Distinct trigrams of the first word: ulen1. */
	for (i = u = 0; ty->nword > 0 && i < ty->ntg[0]; i++) {
		for (k = 0; k < i && ty->tg[0][k] != ty->tg[0][i]; k++)
			;
		u += k == i;
	}
	ty->need = 0;
	while (u > 0 && (double)ty->need < (ix->trgm.threshold - 1e-4) *
	    (double)u)
		ty->need++;
	if (u == 0)
		ty->need = 256;		/* no trigram: never similar */
	return (0);
}

/* Whether row r's title passes every word: 1, 0, or -1 (ask SQL). */
static int
ws_typo_row(struct ws_index *ix, const struct ws_typo *ty, uint32_t r)
{
	uint32_t	 tg[WS_TRGM_MAX];
	char		 tf[1024];
	const char	*title = ix->text + ix->rows[r].title;
	int		 i, n = -2;

	if (ws_typo_f(title, tf, sizeof(tf)) == -1)
		return (-1);
	for (i = 0; i < ty->nword; i++) {
		if (strstr(tf, ty->word[i]) != NULL)
			continue;
		if (i == 0 && ty->common[r] < ty->need)
			return (0);
		if (n == -2 && (n = ws_trgm_make(&ix->trgm, title,
		    strlen(title), tg, WS_TRGM_MAX)) < 0)
			return (-1);
		if (!ws_trgm_similar(&ix->trgm, ty->tg[i], ty->ntg[i], tg, n))
			return (0);
	}
	return (1);
}

/* Row r a candidate: alive, through the filters, not seen yet. */
static int
ws_typo_add(struct ws_top *t, struct ws_typo *ty, uint32_t r)
{
	struct ws_index	*ix = t->ix;

	if (ix->mark[r] == ix->stamp || !ix->rows[r].alive)
		return (0);
	ix->mark[r] = ix->stamp;
	if (!ws_filters(ix, &ix->rows[r], t->q))
		return (0);
	if (ws_grow((void **)&ty->cand, &ty->capcand, ty->ncand + 1,
	    sizeof(*ty->cand)) == -1)
		return (-1);
	ix->klass[r] = 0;
	ws_rank_row(t, r);
	ty->cand[ty->ncand++] = r;
	return (0);
}

/* Candidate i of a heap (the first comes first) sifted down. */
static void
ws_cand_down(const struct ws_top *t, uint32_t *c, size_t n, size_t i)
{
	size_t		k;
	uint32_t	v;

	for (;;) {
		k = 2 * i + 1;
		if (k >= n)
			return;
		if (k + 1 < n && ws_before(t, c[k + 1], c[k]))
			k++;
		if (!ws_before(t, c[k], c[i]))
			return;
		v = c[i];
		c[i] = c[k];
		c[k] = v;
		i = k;
	}
}

/*
 * The candidates checked in the answer's order, taken one by one off a
 * heap: past the page and the count's cap (SRCH_COUNT_MAX + 1), the rest
 * cannot change the answer ("shopfy" is similar to ~10k titles with a
 * word "shop...", of which the first ~1,000 are ordered).
 */
static int
ws_typo_check(struct ws_top *t, struct ws_typo *ty)
{
	uint32_t	*c = ty->cand, r;
	size_t		 i, n = ty->ncand;
	int		 rc;

	for (i = n / 2; i-- > 0;)
		ws_cand_down(t, c, n, i);
	while (n > 0) {
		if (t->total > SRCH_COUNT_MAX && (size_t)t->total >= t->k)
			break;
		r = c[0];
		c[0] = c[--n];
		ws_cand_down(t, c, n, 0);
		if ((rc = ws_typo_row(t->ix, ty, r)) == -1)
			return (-1);
		if (rc == 1)
			ws_keep(t, r);
	}
	return (0);
}

/* The candidates of the first word (see struct ws_typo); -1: ask SQL. */
static int
ws_typo_scan(struct ws_top *t, struct ws_typo *ty)
{
	struct ws_index		*ix = t->ix;
	const struct ws_list	*l, *best = NULL;
	const char		*w;
	uint32_t		 r, b;
	int			 i, k, all;

	if (ws_typo_words(ix, t->q->like, ty) == -1)
		return (-1);
	if (ty->nword == 0)
		return (0);
	if ((ty->common = calloc(ix->n + 1, 1)) == NULL)
		return (-1);
	for (i = 0; i < ty->ntg[0]; i++) {
		for (k = 0; k < i && ty->tg[0][k] != ty->tg[0][i]; k++)
			;
		if (k < i)
			continue;
		b = ws_ptri(ty->tg[0][i]);
		for (r = 0; r < ix->ptri[b].n; r++)
			if (ty->common[ix->ptri[b].v[r]] < 255)
				ty->common[ix->ptri[b].v[r]]++;
	}
	if (++ix->stamp == 0) {
		memset(ix->mark, 0, ix->cap * sizeof(*ix->mark));
		ix->stamp = 1;
	}
	w = ty->word[0];
	for (i = 0; w[i] != '\0' && w[i + 1] != '\0' && w[i + 2] != '\0';
	    i++) {
		if (memchr(w + i, 'f', 3) != NULL)
			continue;
		l = &ix->tri[ws_tri(w + i)];
		if (best == NULL || l->n < best->n)
			best = l;
	}
	all = best == NULL;
	for (r = 0; !all && r < best->n; r++)
		if (ws_typo_add(t, ty, best->v[r]) == -1)
			return (-1);
	for (r = 0; r < ix->n; r++)
		if ((all || ty->common[r] >= ty->need) &&
		    ws_typo_add(t, ty, r) == -1)
			return (-1);
	return (ws_typo_check(t, ty));
}

/* No words: every row, or only the skill's when one is asked. */
static void
ws_filters_scan(struct ws_top *t)
{
	struct ws_index		*ix = t->ix;
	const struct ws_list	*l;
	uint32_t		 i, r, n;

	l = t->q->skill != 0 && t->q->skill < ix->nskill ?
	    &ix->skill[t->q->skill] : NULL;
	if (t->q->skill != 0 && l == NULL)
		return;
	n = l != NULL ? l->n : ix->n;
	for (i = 0; i < n; i++) {
		r = l != NULL ? l->v[i] : i;
		if (ix->rows[r].alive && ws_filters(ix, &ix->rows[r], t->q)) {
			ix->klass[r] = 0;
			ws_keep(t, r);
		}
	}
}

/* The kept rows in order into res, from the query's offset. */
static void
ws_page(struct ws_top *t, struct ws_result *res)
{
	size_t		n, i;
	uint32_t	v;

	/* Heap sort: the worst kept goes last each time. */
	for (n = t->n; n > 1; n--) {
		v = t->heap[0];
		t->heap[0] = t->heap[n - 1];
		t->heap[n - 1] = v;
		t->n = n - 1;
		ws_sift_down(t, 0);
	}
	res->n = 0;
	for (i = (size_t)t->q->offset; i < t->k && i < (size_t)t->total &&
	    res->n < t->q->limit; i++)
		res->id[res->n++] = t->ix->rows[t->heap[i]].id;
	res->total = t->total > SRCH_COUNT_MAX ? SRCH_COUNT_MAX + 1 : t->total;
}

/*
 * Searches: 0 with res filled, SRCH_ASK_SQL for what only PostgreSQL
 * answers alike, SRCH_NO_WORDS when words match no open gig (the caller's
 * typo fallback), -1 out of memory.
 */
int
ws_search(struct ws_index *ix, const struct ws_query *q, struct ws_result *res)
{
	struct ws_top	 t;
	struct ws_expr	 e;
	struct ws_typo	*ty = NULL;
	int		 words, rc;

	memset(res, 0, sizeof(*res));
	words = q->like != NULL && q->like[0] != '\0';
	if (q->offset < 0 || q->limit < 1 || q->limit > SRCH_PAGE_MAX ||
	    q->offset > 100000 || (words && strpbrk(q->like, "%_\\") != NULL))
		return (SRCH_ASK_SQL);
	memset(&t, 0, sizeof(t));
	e.n = e.nop = 0;
	t.root = -1;
	if (words && q->tsq != NULL && ws_parse(ix, &e, q->tsq, &t.root) == -1)
		return (SRCH_ASK_SQL);
	t.ix = ix;
	t.q = q;
	t.c.ix = ix;
	t.c.e = &e;
	t.k = (size_t)q->offset + (size_t)q->limit;
	t.heap = malloc(t.k * sizeof(*t.heap));
	t.klass = ix->klass;
	t.rank = ix->rank;
	t.relevance = words && q->sort == SRCH_SORT_RELEVANCE;
	rc = -1;
	if (t.heap != NULL && (ix->n == 0 || t.klass != NULL)) {
		if (words)
			ws_words_scan(&t);
		else
			ws_filters_scan(&t);
		rc = words && !t.any ? SRCH_NO_WORDS : 0;
		if (rc == SRCH_NO_WORDS && ix->trgm.ready) {
			if ((ty = calloc(1, sizeof(*ty))) == NULL ||
			    ws_typo_scan(&t, ty) == -1)
				rc = SRCH_ASK_SQL;
			else
				rc = 0;
		}
		ws_page(&t, res);
		if (t.c.full)
			rc = SRCH_ASK_SQL;
	}
	if (ty != NULL) {
		free(ty->common);
		free(ty->cand);
	}
	free(ty);
	free(t.heap);
	return (rc);
}

/*
 * What PostgreSQL answers of gig id for the tsquery text: search @@ it
 * (*match) and ts_rank(search, it) (*rank); 0, -1 when the index has no
 * such gig, SRCH_ASK_SQL when the tsquery cannot be read alike.  The
 * tests and the bench compare it with PostgreSQL's own.
 */
int
ws_tsq_rank(struct ws_index *ix, int64_t id, const char *tsq, int *match,
    float *rank)
{
	struct ws_expr	e;
	struct ws_ctx	c;
	uint32_t	r;
	int		root;

	if ((r = ws_row_of(ix, id)) == SRCH_DEAD)
		return (-1);
	if (ws_parse(ix, &e, tsq, &root) == -1)
		return (SRCH_ASK_SQL);
	memset(&c, 0, sizeof(c));
	c.ix = ix;
	c.e = &e;
	ws_ctx_row(&c, r);
	*match = root >= 0 && ws_eval(&c, root);
	ws_ctx_row(&c, r);
	*rank = ws_rank(&c, root);
	return (c.full ? SRCH_ASK_SQL : 0);
}

/* A tsvector's text (tsvectorout()): see web_search.h. */
int
ws_tsv_parse(char *s, const char **lex, const uint16_t **pos, int *npos,
    uint16_t *buf, size_t cap)
{
	char		*o, *end;
	unsigned long	 v;
	size_t		 used = 0;
	int		 n = 0, w;

	while (*s == ' ')
		s++;
	while (*s != '\0') {
		if (*s != '\'' || n == WS_TSV_MAXLEX)
			return (-1);
		lex[n] = o = ++s;
		for (;; *o++ = *s++) {
			if (*s == '\0')
				return (-1);
			if ((*s == '\'' && s[1] == '\'') ||
			    (*s == '\\' && s[1] != '\0'))
				s++;
			else if (*s == '\'')
				break;
		}
		s++;
		*o = '\0';
		pos[n] = buf + used;
		npos[n] = 0;
		while (*s == ':' || (npos[n] > 0 && *s == ',')) {
			s++;
			if (*s < '0' || *s > '9')
				return (-1);
			v = strtoul(s, &end, 10);
			s = end;
			w = *s == 'A' ? 3 : *s == 'B' ? 2 : *s == 'C' ? 1 : 0;
			s += *s == 'A' || *s == 'B' || *s == 'C' || *s == 'D';
			if (v == 0 || v >= SRCH_MAXPOS || used == cap)
				return (-1);
			buf[used++] = (uint16_t)((unsigned)w << 14 | v);
			npos[n]++;
		}
		n++;
		if (*s == ' ')
			s++;
		else if (*s != '\0')
			return (-1);
	}
	return (n);
}
