/*
 * web's private header for the gig search index (web_search.c, pure):
 * every open gig in memory, so that a search whose words match
 * thousands of gigs ranks them without reading them from PostgreSQL
 * (issue 11: 100k gigs, "design" matches 7,345).
 *
 * It answers exactly what SQL_SEARCH_* in web_gig.c answer, given what
 * PostgreSQL alone knows how to compute: each gig's lexemes (its stored
 * tsvector), its lower(title), and for a search websearch_to_tsquery()'s
 * text and lower(q).  Order: the words' class (full text + title part,
 * 0..2) first, then budget or deadline when asked, then newest, then id
 * -- the SQL ORDER BY; sort=relevance orders by ts_rank() before the
 * newest, computed as PostgreSQL 15 computes it (float4, weights {0.1,
 * 0.2, 0.4, 1.0}, normalization 0) from each lexeme's positions and
 * weights, which also answer phrases ('a' <-> 'b', <N>) as PostgreSQL's
 * phrase search does.  When nothing matches, the typo fallback
 * (GIG_SQL_TYPOS) with pg_trgm's word similarity as PostgreSQL computes it
 * (web_search_trgm.c), once ws_typos() has the database's threshold and
 * ws_typo_char() its characters.  What it cannot answer the same way
 * (LIKE's wildcards in the words, a prefix or weight in the tsquery) it
 * says so, and the caller asks PostgreSQL.  It also keeps each gig's card
 * (the API's columns), so that an answer needs no query at all (web_gig.c
 * says when).
 */
#ifndef HUNAR_WEB_SEARCH_H
#define HUNAR_WEB_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#define SRCH_COUNT_MAX	1000		/* counting stops past this */
#define SRCH_PAGE_MAX	50		/* ids a page holds */
#define SRCH_NO_DEADLINE	INT32_MAX	/* ASC NULLS LAST */
#define SRCH_CARD_COLS	9		/* a card: GIG_SQL_COLS' first 9 */

enum ws_sort {
	SRCH_SORT_NEW = 0,
	SRCH_SORT_BUDGET,
	SRCH_SORT_DEADLINE,
	SRCH_SORT_RELEVANCE
};

/* One open gig, as PostgreSQL gives it. */
struct ws_gig_in {
	int64_t		  id;
	int64_t		  created;	/* microseconds since the epoch */
	int32_t		  budget;
	int32_t		  deadline;	/* days, or SRCH_NO_DEADLINE */
	uint32_t	  district;	/* 0: none (remote) */
	uint16_t	  province;	/* the district's, 0: none */
	uint8_t		  remote;
	const char	 *title;	/* lower(title) */
	const char *const *lexemes;	/* the lexemes of search */
	int		  nlex;
	/*
	 * Each lexeme's positions as the tsvector holds them (WordEntryPos:
	 * weight << 14 | position, ascending): npos[i] of pos[i]; 0 (or pos
	 * NULL) for a lexeme stored without positions.
	 */
	const uint16_t *const *pos;
	const int	 *npos;
	const uint16_t	 *skills;
	int		  nskills;
	/* The card as GIG_SQL_COLS' first columns give it (NULL: none). */
	const char	 *card[SRCH_CARD_COLS];
};

/* A search; a filter at 0 (or -1 for the budgets) is no filter. */
struct ws_query {
	const char	*tsq;		/* websearch_to_tsquery()'s text */
	const char	*like;		/* lower(q); NULL or "": no words */
	uint16_t	 skill;
	uint16_t	 province;
	uint32_t	 district;
	int		 remote;
	int32_t		 min;
	int32_t		 max;
	int64_t		 since;		/* created at or after, microseconds */
	enum ws_sort	 sort;
	int		 offset;
	int		 limit;
};

struct ws_result {
	int		 total;		/* capped at SRCH_COUNT_MAX + 1 */
	int		 n;
	int64_t		 id[SRCH_PAGE_MAX];
};

/* A page's cards copied out of the index: each column NUL-ended. */
struct ws_cards {
	char		*text;
	size_t		 len;
	size_t		 cap;
	size_t		 col[SRCH_PAGE_MAX][SRCH_CARD_COLS];	/* in text */
};

/*
 * web_search_trgm.c: pg_trgm's "title %> word" as PostgreSQL computes it,
 * with pg_trgm.word_similarity_threshold and the characters PostgreSQL
 * itself called word characters and \s (ws_trgm_char()): a character
 * it was not asked about makes a text unknown (-1), never a guess.
 */
#define WS_TRGM_MAX	512		/* trigrams of one text */

struct ws_tchar {
	uint32_t	 cp;		/* code point */
	uint8_t		 word;		/* ISWORDCHR() */
	uint8_t		 space;		/* the regex class \s */
};

struct ws_trgm {
	struct ws_tchar	*ch;		/* sorted by cp */
	size_t		 nch;
	size_t		 capch;
	uint32_t	 ascii[128];	/* ASCII cp -> its ch + 1, 0: none */
	int		 ready;
	double		 threshold;
};

void		 ws_trgm_setup(struct ws_trgm *, double);
int		 ws_trgm_char(struct ws_trgm *, const char *, int, int);
void		 ws_trgm_cleanup(struct ws_trgm *);
int		 ws_trgm_space(const struct ws_trgm *, const char *, size_t *);
int		 ws_trgm_make(const struct ws_trgm *, const char *, size_t,
		    uint32_t *, int);
int		 ws_trgm_similar(const struct ws_trgm *, const uint32_t *, int,
		    const uint32_t *, int);

/* ws_search()'s answers besides 0 */
#define SRCH_ASK_SQL	(-1)	/* a query this index cannot answer alike */
#define SRCH_NO_WORDS	(-2)	/* no open gig matches the words: typos
				   (only when ws_typos() was not set up) */

struct ws_index;

struct ws_index	*ws_new(void);
void		 ws_free(struct ws_index *);
int		 ws_put(struct ws_index *, const struct ws_gig_in *);
void		 ws_del(struct ws_index *, int64_t);
uint32_t	 ws_count(const struct ws_index *);
uint32_t	 ws_rows(const struct ws_index *);
size_t		 ws_bytes(const struct ws_index *);
int		 ws_search(struct ws_index *, const struct ws_query *,
		    struct ws_result *);
int		 ws_typos(struct ws_index *, double);
int		 ws_typo_char(struct ws_index *, const char *, int, int);
uint32_t	 ws_fnv(const void *, size_t);
int		 ws_card(const struct ws_index *, int64_t, struct ws_cards *,
		    int);
int		 ws_tsq_rank(struct ws_index *, int64_t, const char *, int *,
		    float *);

/*
 * A tsvector as PostgreSQL writes it ("'a':1A,3 'b''c':2"), parsed in
 * place: its lexemes into lex, each one's positions into pos (out of
 * buf, cap positions); the number of lexemes, or -1 when it does not fit
 * or is not a tsvector.
 */
#define WS_TSV_MAXLEX	4096
int		 ws_tsv_parse(char *, const char **, const uint16_t **, int *,
		    uint16_t *, size_t);

/*
 * web_search_live.c: the index kept live in a worker by a thread of its
 * own with a plain connection (PostgreSQL's change log, V0027).
 */
struct pg_conn;
struct ws_live;

struct ws_live_stats {
	int		 ready;
	uint32_t	 gigs;
	uint32_t	 rows;
	size_t		 bytes;
	int64_t		 ver;
	uint64_t	 loads;
	uint64_t	 changes;
	double		 load_s;
};

struct ws_index	*ws_load(struct pg_conn *, int64_t *, struct ws_live *);
struct ws_live	*ws_live_start(const char *);
void		 ws_live_stop(struct ws_live *);
int		 ws_live_search(struct ws_live *, struct ws_query *,
		    const char *, const char *, struct ws_result *, int64_t *,
		    struct ws_cards *, double *);
double		 ws_live_clock(void);
void		 ws_live_stats(struct ws_live *, struct ws_live_stats *);

/*
 * Three statements by what drives the search, no SQL built from input:
 * words, a skill alone, or filters alone; they share the columns, the
 * filters and the order (macros).  Words match the full text (stemmed)
 * or a part of the title (a prefix, Urdu script), each through its
 * index; only when nothing does, the words may match title words with a
 * typo ("ph" read as "f": grafic, graphic; pg_trgm, web/sql/V0018 and
 * V0019), so exact matches are never crowded out.  Every match is
 * ranked, but counting stops past SRCH_COUNT_MAX ("LIMIT 1001" below; the
 * page says "more than 1000", the API "total_more"): a window count kept
 * every matching row (7k for "design" in 100k gigs) and spilled to disk.
 * Measured with bench/web_bench.sh over 100k gigs (README there).
 */
#define GIG_SQL_COLS(total)						\
    "SELECT g.code, g.title, left(g.description, 160), g.budget_pkr, "	\
    "g.remote, coalesce(d.name_en, ''), coalesce(d.name_ur, ''), "	\
    "coalesce(g.deadline::text, ''), g.created_at::date, " total ", "	\
    "coalesce((SELECT round(avg(r.rating), 1)::text FROM reviews r "	\
    "WHERE r.subject_id = g.employer_id), ''), "			\
    "(SELECT count(*) FROM reviews r WHERE r.subject_id = "		\
    "g.employer_id), (SELECT count(*) FROM gigs e WHERE "		\
    "e.employer_id = g.employer_id AND e.status = 'done'), "		\
    "coalesce((SELECT string_agg(s.name_en || ';' || s.name_ur || ';' "	\
    "|| s.name_ru, '|' ORDER BY NOT gs.required, s.name_en) FROM "	\
    "gig_skills gs JOIN skills s ON s.id = gs.skill_id WHERE "		\
    "gs.gig_id = g.id), '') "

#define GIG_SQL_SKILL							\
    "AND ($2 = '' OR EXISTS (SELECT 1 FROM gig_skills gs JOIN skills s "\
    "ON s.id = gs.skill_id WHERE gs.gig_id = g.id AND s.slug = $2)) "

#define GIG_SQL_FILTERS							\
    "AND ($3 = '' OR d.province_id = (SELECT id FROM provinces "	\
    "WHERE code = $3)) "						\
    "AND ($4 = '' OR g.district_id = NULLIF($4, '')::int) "		\
    "AND ($5 <> '1' OR g.remote) "					\
    "AND ($6 = '' OR g.budget_pkr >= NULLIF($6, '')::int) "		\
    "AND ($7 = '' OR g.budget_pkr <= NULLIF($7, '')::int) "		\
    "AND ($8 = '' OR g.created_at >= now() - "				\
    "make_interval(days => NULLIF($8, '')::int)) "

#define GIG_SQL_ORDER							\
    "ORDER BY CASE WHEN $1 <> '' THEN (g.search @@ "			\
    "websearch_to_tsquery('english', $1))::int + (lower(g.title) LIKE "\
    "'%' || lower($1) || '%')::int END DESC NULLS LAST, "		\
    "CASE WHEN $9 = 'budget' THEN g.budget_pkr END DESC NULLS LAST, "	\
    "CASE WHEN $9 = 'deadline' THEN g.deadline END ASC NULLS LAST, "	\
    "CASE WHEN $9 = 'relevance' AND $1 <> '' THEN ts_rank(g.search, "	\
    "websearch_to_tsquery('english', $1)) END DESC NULLS LAST, "	\
    "g.created_at DESC, g.id DESC "					\
    "LIMIT NULLIF($10, '')::int OFFSET NULLIF($11, '')::int"

/* Whether any open gig's text matches the words (each by its index). */
#define GIG_SQL_ANY_WORDS						\
    "(EXISTS (SELECT 1 FROM gigs WHERE status = 'open' AND search @@ "	\
    "websearch_to_tsquery('english', $1)) OR EXISTS (SELECT 1 FROM "	\
    "gigs WHERE status = 'open' AND lower(title) LIKE '%' || lower($1) "\
    "|| '%'))"

/* "ph" read as "f" in the title and the words (the V0019 index). */
#define GIG_SQL_TF	"replace(lower(x.title), 'ph', 'f')"
#define GIG_SQL_QWORDS							\
    "regexp_split_to_table(replace(lower($1), 'ph', 'f'), '\\s+')"

/*
 * Only when no title matches exactly: the gigs whose title has every
 * word, typo forgiven; the first word finds the candidates by index.
 */
#define GIG_SQL_TYPOS							\
    "ARRAY(SELECT x.id FROM gigs x, (SELECT w FROM " GIG_SQL_QWORDS	\
    " w WHERE w <> '' LIMIT 1) w1 WHERE x.status = 'open' AND NOT "	\
    GIG_SQL_ANY_WORDS " AND (" GIG_SQL_TF " LIKE '%' || w1.w || '%' "	\
    "OR lower(x.title) %> w1.w) AND NOT EXISTS (SELECT 1 FROM "		\
    GIG_SQL_QWORDS " w WHERE w <> '' AND NOT (" GIG_SQL_TF " LIKE "	\
    "'%' || w || '%' OR lower(x.title) %> w)))"

/* One bitmap over three indexes: full text, title part, typo ids. */
#define GIG_SQL_FROM_WORDS						\
    "FROM gigs g LEFT JOIN districts d ON d.id = g.district_id "	\
    "WHERE g.status = 'open' AND (g.search @@ "			\
    "websearch_to_tsquery('english', $1) OR lower(g.title) LIKE '%' || "\
    "lower($1) || '%' OR g.id = ANY (" GIG_SQL_TYPOS ")) "

#define SRCH_SQL_SEARCH_WORDS						\
    GIG_SQL_COLS("(SELECT count(*) FROM (SELECT 1 " GIG_SQL_FROM_WORDS	\
    GIG_SQL_SKILL GIG_SQL_FILTERS "LIMIT 1001) n)")			\
    GIG_SQL_FROM_WORDS GIG_SQL_SKILL GIG_SQL_FILTERS GIG_SQL_ORDER

/* A skill and no words: from the skill's gigs. */
#define GIG_SQL_FROM_SKILL						\
    "FROM gig_skills gs0 JOIN skills s0 ON s0.id = gs0.skill_id AND "	\
    "s0.slug = $2 JOIN gigs g ON g.id = gs0.gig_id "			\
    "LEFT JOIN districts d ON d.id = g.district_id "			\
    "WHERE g.status = 'open' "

#define SRCH_SQL_SEARCH_SKILL						\
    GIG_SQL_COLS("(SELECT count(*) FROM (SELECT 1 " GIG_SQL_FROM_SKILL	\
    GIG_SQL_FILTERS "LIMIT 1001) n)")				\
    GIG_SQL_FROM_SKILL GIG_SQL_FILTERS GIG_SQL_ORDER

/* Filters alone (or nothing): every open gig. */
#define GIG_SQL_FROM_ALL						\
    "FROM gigs g LEFT JOIN districts d ON d.id = g.district_id "	\
    "WHERE g.status = 'open' "

#define SRCH_SQL_SEARCH_ALL						\
    GIG_SQL_COLS("(SELECT count(*) FROM (SELECT 1 " GIG_SQL_FROM_ALL	\
    GIG_SQL_SKILL GIG_SQL_FILTERS "LIMIT 1001) n)")			\
    GIG_SQL_FROM_ALL GIG_SQL_SKILL GIG_SQL_FILTERS GIG_SQL_ORDER

/*
 * A page the index answered: the cards of its gigs ($1, ids in order)
 * with GIG_SQL_COLS and the count it found ($2), and the log's version
 * now (the last column): when the index was behind it, the search is
 * asked again of SQL, so that a gig changed a moment ago is never
 * missed.  No ids: one row of NULLs with the version.
 */
#define SRCH_SQL_CARDS							\
    GIG_SQL_COLS("$2::bigint") ", (SELECT v FROM gig_search_ver) "	\
    "FROM (VALUES (1)) one LEFT JOIN "					\
    "(unnest($1::bigint[]) WITH ORDINALITY x(id, n) JOIN gigs g ON "	\
    "g.id = x.id LEFT JOIN districts d ON d.id = g.district_id) ON true "\
    "ORDER BY x.n"

/* What only PostgreSQL computes of the words. */
#define SRCH_SQL_WORDS							\
    "SELECT websearch_to_tsquery('english', $1)::text, lower($1)"

#endif
