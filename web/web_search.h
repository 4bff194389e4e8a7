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
 * -- the SQL ORDER BY.  What it cannot answer the same way (a phrase,
 * LIKE's wildcards in the words, relevance order, the typo fallback when
 * nothing matches) it says so, and the caller asks PostgreSQL.
 */
#ifndef HUNAR_WEB_SEARCH_H
#define HUNAR_WEB_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#define WS_COUNT_MAX	1000		/* counting stops past this */
#define WS_PAGE_MAX	50		/* ids a page holds */
#define WS_NO_DEADLINE	INT32_MAX	/* ASC NULLS LAST */

enum ws_sort {
	WS_SORT_NEW = 0,
	WS_SORT_BUDGET,
	WS_SORT_DEADLINE,
	WS_SORT_RELEVANCE
};

/* One open gig, as PostgreSQL gives it. */
struct ws_gig_in {
	int64_t		  id;
	int64_t		  created;	/* microseconds since the epoch */
	int32_t		  budget;
	int32_t		  deadline;	/* days, or WS_NO_DEADLINE */
	uint32_t	  district;	/* 0: none (remote) */
	uint16_t	  province;	/* the district's, 0: none */
	uint8_t		  remote;
	const char	 *title;	/* lower(title) */
	const char *const *lexemes;	/* tsvector_to_array(search) */
	int		  nlex;
	const uint16_t	 *skills;
	int		  nskills;
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
	int		 total;		/* capped at WS_COUNT_MAX + 1 */
	int		 n;
	int64_t		 id[WS_PAGE_MAX];
};

/* ws_search()'s answers besides 0 */
#define WS_ASK_SQL	(-1)	/* a query this index cannot answer alike */
#define WS_NO_WORDS	(-2)	/* no open gig matches the words: typos */

struct ws_index;

struct ws_index	*ws_new(void);
void		 ws_free(struct ws_index *);
int		 ws_put(struct ws_index *, const struct ws_gig_in *);
void		 ws_del(struct ws_index *, int64_t);
uint32_t	 ws_count(const struct ws_index *);
int		 ws_search(struct ws_index *, const struct ws_query *,
		    struct ws_result *);

#endif
