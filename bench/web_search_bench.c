/*
 * web_search_bench: the in-memory gig search index (web/web_search.c)
 * against the SQL it is to replace, over the database the web bench
 * fills (100k gigs) and its 1,000 searches (bench/web_search_queries.py):
 *
 *   - loads every open gig into the index, as a Kore worker would;
 *   - for each search asks PostgreSQL what only it computes
 *     (websearch_to_tsquery(), lower(), the skill's and province's ids),
 *     runs the index and the very statement web/web_gig.c runs
 *     (SQL_SEARCH_*, web/web_search.h), and compares the codes in order
 *     and the capped count;
 *   - prints, weighted as the web bench draws them (Zipf, line r has
 *     weight 1/r), the share the index answers alike (phrases, relevance
 *     order and the typo fallback included: ws_load() sets it up with the
 *     database's ctype and threshold), the share it hands back (LIKE
 *     wildcards, a prefix or weight in the tsquery; typos only when the
 *     ctype is unknown here), and the mean time of each side;
 *   - for each search with words, compares the index's @@ and ts_rank()
 *     with PostgreSQL's, bit for bit, over up to 50 gigs that match and
 *     20 that do not (WB_RANK_SQL).
 *
 * usage: web_search_bench QUERIES [N]   (the first N searches; all)
 * WEB_SEARCH_BENCH_SLOW=k also prints the k slowest index searches.
 * Exit 1 when any answer, match or rank differs.
 */
#include <sys/time.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

#include "infra/infra.h"
#include "web/web_search.h"

#define WB_REPS		20

static const char SQL_CODES[] =
    "SELECT id, code FROM gigs WHERE status = 'open'";

/* What the index cannot compute, asked per search (cheap: no table). */
static const char SQL_WORDS[] =
    "SELECT websearch_to_tsquery('english', $1)::text, lower($1), "
    "CASE WHEN $2 = '' THEN 0 ELSE coalesce((SELECT id FROM skills "
    "WHERE slug = $2), 65535) END, CASE WHEN $3 = '' THEN 0 ELSE "
    "coalesce((SELECT id FROM provinces WHERE code = $3), 65535) END, "
    "(extract(epoch FROM now()) * 1000000)::bigint";

/* Gigs that match the words and gigs that do not, PostgreSQL's view. */
static const char SQL_RANKS[] =
    "WITH q AS (SELECT websearch_to_tsquery('english', $1) q) "
    "(SELECT g.id, (g.search @@ q.q)::int, ts_rank(g.search, q.q), "
    "q.q::text FROM gigs g, q WHERE g.status = 'open' AND g.search @@ q.q "
    "ORDER BY g.id LIMIT 50) UNION ALL (SELECT g.id, (g.search @@ "
    "q.q)::int, ts_rank(g.search, q.q), q.q::text FROM gigs g, q WHERE "
    "g.status = 'open' AND NOT g.search @@ q.q ORDER BY g.id LIMIT 20)";

static const char SQL_SEARCH_WORDS[] = SRCH_SQL_SEARCH_WORDS;
static const char SQL_SEARCH_SKILL[] = SRCH_SQL_SEARCH_SKILL;
static const char SQL_SEARCH_ALL[] = SRCH_SQL_SEARCH_ALL;

struct wb_code {
	int64_t	id;
	char	code[16];
};

static struct wb_code	*codes;
static size_t		 ncodes;

static double
wb_now(void)
{
	struct timespec	t;

	(void)clock_gettime(CLOCK_MONOTONIC, &t);
	return ((double)t.tv_sec + (double)t.tv_nsec / 1e9);
}

static int
wb_code_cmp(const void *a, const void *b)
{
	const struct wb_code	*x = a, *y = b;

	return (x->id < y->id ? -1 : x->id > y->id);
}

static const char *
wb_code(int64_t id)
{
	struct wb_code	k, *c;

	k.id = id;
	c = bsearch(&k, codes, ncodes, sizeof(*codes), wb_code_cmp);
	return (c ? c->code : "?");
}

/* websearch_to_tsquery() of stop words only says so: not our news. */
static void
wb_quiet(void *arg, const char *msg)
{
}

/* The index as a worker loads it (web_search_live.c), and the codes. */
static struct ws_index *
wb_load(PGconn *db)
{
	struct ws_index	*ix;
	PGresult	*r;
	double		 t0;
	int64_t		 ver;
	int		 i, n;

	t0 = wb_now();
	if ((ix = ws_load(db, &ver, NULL)) == NULL)
		exit(1);
	printf("index: %u open gigs loaded in %.2f s (query and build), "
	    "%.1f MB\n", ws_count(ix), wb_now() - t0,
	    (double)ws_bytes(ix) / 1048576);
	r = PQexec(db, SQL_CODES);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		fprintf(stderr, "web_search_bench: %s", PQerrorMessage(db));
		exit(1);
	}
	n = PQntuples(r);
	if ((codes = calloc((size_t)n + 1, sizeof(*codes))) == NULL)
		exit(1);
	for (i = 0; i < n; i++) {
		codes[i].id = strtoll(PQgetvalue(r, i, 0), NULL, 10);
		(void)snprintf(codes[i].code, sizeof(codes[i].code), "%s",
		    PQgetvalue(r, i, 1));
	}
	ncodes = (size_t)n;
	PQclear(r);
	qsort(codes, ncodes, sizeof(*codes), wb_code_cmp);
	return (ix);
}

/* %XX and + decoded in place. */
static void
wb_decode(char *s)
{
	char	*o = s, hex[3] = { 0, 0, 0 };

	for (; *s != '\0'; s++) {
		if (*s == '+')
			*o++ = ' ';
		else if (*s == '%' && s[1] != '\0' && s[2] != '\0') {
			hex[0] = s[1];
			hex[1] = s[2];
			*o++ = (char)strtol(hex, NULL, 16);
			s += 2;
		} else
			*o++ = *s;
	}
	*o = '\0';
}

/* One search's arguments, in web_gig.c's order (gig_qs). */
struct wb_search {
	char		 a[11][128];
	const char	*argv[11];
};

static void
wb_parse(char *line, struct wb_search *s)
{
	static const char *const	names[] = { "q", "skill", "province",
	    "district", "remote", "min", "max", "posted", "sort", "page",
	    "per_page" };
	char				*p, *kv, *v;
	long				 page = 1, per = 10;
	size_t				 i;

	memset(s, 0, sizeof(*s));
	p = strchr(line, '?');
	while (p != NULL && (kv = strsep(&p, "?&\n")) != NULL) {
		if ((v = strchr(kv, '=')) == NULL)
			continue;
		*v++ = '\0';
		wb_decode(v);
		for (i = 0; i < 11; i++)
			if (strcmp(kv, names[i]) == 0)
				(void)snprintf(s->a[i], sizeof(s->a[i]), "%s",
				    v);
	}
	if (s->a[9][0])
		page = strtol(s->a[9], NULL, 10);
	if (s->a[10][0])
		per = strtol(s->a[10], NULL, 10);
	(void)snprintf(s->a[9], sizeof(s->a[9]), "%ld", per);
	(void)snprintf(s->a[10], sizeof(s->a[10]), "%ld", (page - 1) * per);
	for (i = 0; i < 11; i++)
		s->argv[i] = s->a[i];
}

#define WB_SLOW		20

struct wb_tally {
	int	n, same, diff, asked, typo;
	double	slow_t[WB_SLOW];
	char	slow[WB_SLOW][160];
	int	pairs, pairs_diff, pairs_asked;
	double	w, w_same, w_asked, w_typo;
	double	t_sql, t_path, t_ix, t_sqlix, w_ix;
};

/* The index's query from a search and PostgreSQL's answers for it. */
static void
wb_query(struct wb_search *s, PGresult *r, struct ws_query *q, char *tsq,
    char *like, size_t len)
{
	int64_t	now_us;

	memset(q, 0, sizeof(*q));
	(void)snprintf(tsq, len, "%s", PQgetvalue(r, 0, 0));
	(void)snprintf(like, len, "%s", s->a[0][0] ? PQgetvalue(r, 0, 1) : "");
	q->tsq = tsq;
	q->like = like;
	q->skill = (uint16_t)strtoul(PQgetvalue(r, 0, 2), NULL, 10);
	q->province = (uint16_t)strtoul(PQgetvalue(r, 0, 3), NULL, 10);
	now_us = strtoll(PQgetvalue(r, 0, 4), NULL, 10);
	q->district = (uint32_t)strtoul(s->a[3], NULL, 10);
	q->remote = strcmp(s->a[4], "1") == 0;
	q->min = s->a[5][0] ? (int32_t)strtol(s->a[5], NULL, 10) : -1;
	q->max = s->a[6][0] ? (int32_t)strtol(s->a[6], NULL, 10) : -1;
	q->since = s->a[7][0] ? now_us - strtoll(s->a[7], NULL, 10) *
	    86400LL * 1000000LL : 0;
	q->sort = strcmp(s->a[8], "budget") == 0 ? SRCH_SORT_BUDGET :
	    strcmp(s->a[8], "deadline") == 0 ? SRCH_SORT_DEADLINE :
	    strcmp(s->a[8], "relevance") == 0 ? SRCH_SORT_RELEVANCE :
	    SRCH_SORT_NEW;
	q->offset = (int)strtol(s->a[10], NULL, 10);
	q->limit = (int)strtol(s->a[9], NULL, 10);
}

/* Whether the index's page is SQL's: codes in order, capped count. */
static int
wb_same(PGresult *q, const struct ws_result *res)
{
	long	total;
	int	k, n;

	n = PQntuples(q);
	if (n != res->n)
		return (0);
	for (k = 0; k < n; k++)
		if (strcmp(PQgetvalue(q, k, 0), wb_code(res->id[k])) != 0)
			return (0);
	if (n == 0)
		return (1);
	total = strtol(PQgetvalue(q, 0, 9), NULL, 10);
	return ((total > SRCH_COUNT_MAX ? SRCH_COUNT_MAX + 1 : total) ==
	    res->total);
}

static PGresult *
wb_exec(PGconn *db, const char *sql, int n, const char *const *argv)
{
	PGresult	*r;

	r = PQexecParams(db, sql, n, NULL, argv, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		fprintf(stderr, "web_search_bench: %s", PQerrorMessage(db));
		exit(1);
	}
	return (r);
}

/* The slowest index searches, slowest first. */
static void
wb_slow(struct wb_tally *t, double tix, const char *line)
{
	size_t	len;
	int	i, k;

	for (i = 0; i < WB_SLOW && t->slow_t[i] >= tix; i++)
		;
	if (i == WB_SLOW)
		return;
	for (k = WB_SLOW - 1; k > i; k--) {
		t->slow_t[k] = t->slow_t[k - 1];
		memcpy(t->slow[k], t->slow[k - 1], sizeof(t->slow[k]));
	}
	t->slow_t[i] = tix;
	len = strlen(line) < sizeof(t->slow[i]) ? strlen(line) :
	    sizeof(t->slow[i]) - 1;
	memcpy(t->slow[i], line, len);
	t->slow[i][len] = '\0';
}

/* The index's @@ and ts_rank() of the words against PostgreSQL's. */
static void
wb_ranks(PGconn *db, struct ws_index *ix, struct wb_search *s,
    struct wb_tally *t)
{
	PGresult	*r;
	const char	*tsq;
	float		 rank, want;
	int		 i, m, rc;

	r = wb_exec(db, SQL_RANKS, 1, s->argv);
	for (i = 0; i < PQntuples(r); i++) {
		tsq = PQgetvalue(r, i, 3);
		want = strtof(PQgetvalue(r, i, 2), NULL);
		rc = ws_tsq_rank(ix, strtoll(PQgetvalue(r, i, 0), NULL, 10),
		    tsq, &m, &rank);
		t->pairs++;
		if (rc == SRCH_ASK_SQL) {
			t->pairs_asked++;
			continue;
		}
		if (rc == 0 && m == atoi(PQgetvalue(r, i, 1)) &&
		    memcmp(&rank, &want, sizeof(rank)) == 0)
			continue;
		if (t->pairs_diff++ < 5)
			printf("RANK DIFFERS: gig %s, %s: index @@ %d ts_rank "
			    "%.9g, SQL @@ %s ts_rank %s\n", PQgetvalue(r, i, 0),
			    tsq, m, (double)rank, PQgetvalue(r, i, 1),
			    PQgetvalue(r, i, 2));
	}
	PQclear(r);
}

static void
wb_one(PGconn *db, struct ws_index *ix, struct wb_search *s, double w,
    struct wb_tally *t, const char *line)
{
	struct ws_query		 wq;
	struct ws_result	 res;
	PGresult		*r, *q;
	char			 tsq[512], like[512];
	double			 t0, tix, tsql;
	int			 rc = 0, k;

	r = wb_exec(db, SQL_WORDS, 3, s->argv);
	wb_query(s, r, &wq, tsq, like, sizeof(tsq));
	PQclear(r);
	t0 = wb_now();
	for (k = 0; k < WB_REPS; k++)
		rc = ws_search(ix, &wq, &res);
	tix = (wb_now() - t0) / WB_REPS;
	t0 = wb_now();
	q = wb_exec(db, s->a[0][0] ? SQL_SEARCH_WORDS : s->a[1][0] ?
	    SQL_SEARCH_SKILL : SQL_SEARCH_ALL, 11, s->argv);
	tsql = wb_now() - t0;
	t->n++;
	t->w += w;
	t->t_sql += w * tsql;
	if (s->a[0][0])
		wb_ranks(db, ix, s, t);
	if (rc == SRCH_ASK_SQL || rc == SRCH_NO_WORDS) {
		t->asked += rc == SRCH_ASK_SQL;
		t->typo += rc == SRCH_NO_WORDS;
		t->w_asked += rc == SRCH_ASK_SQL ? w : 0;
		t->w_typo += rc == SRCH_NO_WORDS ? w : 0;
		t->t_path += w * tsql;
	} else if (rc == 0 && wb_same(q, &res)) {
		t->same++;
		t->w_same += w;
		t->t_path += w * tix;
		t->t_ix += w * tix;
		wb_slow(t, tix, line);
		t->t_sqlix += w * tsql;
		t->w_ix += w;
	} else {
		if (t->diff++ < 5)
			printf("DIFFERS: %s (index %d gigs of %d, first %s; "
			    "SQL %d, first %s)\n", line, res.n, res.total,
			    res.n ? wb_code(res.id[0]) : "-", PQntuples(q),
			    PQntuples(q) ? PQgetvalue(q, 0, 0) : "-");
		t->t_path += w * tsql;
	}
	PQclear(q);
}

static void
wb_report(const struct wb_tally *t)
{
	printf("searches: %d (weighted 1/r as the web bench draws them)\n",
	    t->n);
	printf("  answered by the index, identical to SQL: %d (%.1f%% of "
	    "the traffic)\n", t->same, 100 * t->w_same / t->w);
	printf("  differing from SQL:                      %d\n", t->diff);
	printf("  handed to SQL (LIKE wildcard, tsquery prefix or weight): "
	    "%d (%.1f%%)\n", t->asked, 100 * t->w_asked / t->w);
	printf("  handed to SQL (no exact match: the typo fallback): %d "
	    "(%.1f%%)\n", t->typo, 100 * t->w_typo / t->w);
	printf("@@ and ts_rank() of the searches with words, against "
	    "PostgreSQL's (float4 bits): %d gig-search pairs, %d differing, "
	    "%d not read alike\n", t->pairs, t->pairs_diff, t->pairs_asked);
	printf("mean per search, weighted:\n");
	printf("  SQL (today)                        %9.3f ms\n",
	    1000 * t->t_sql / t->w);
	printf("  index where it answers, SQL else   %9.3f ms  (%.1fx)\n",
	    1000 * t->t_path / t->w, t->t_path > 0 ? t->t_sql / t->t_path :
	    0);
	printf("  index alone, where it answers      %9.3f ms  (SQL for "
	    "the same searches: %.3f ms, %.0fx)\n", t->w_ix > 0 ? 1000 *
	    t->t_ix / t->w_ix : 0, t->w_ix > 0 ? 1000 * t->t_sqlix /
	    t->w_ix : 0, t->t_ix > 0 ? t->t_sqlix / t->t_ix : 0);
}

int
main(int argc, char *argv[])
{
	struct wb_tally		 t;
	struct wb_search	 s;
	struct ws_index		*ix;
	PGconn			*db;
	FILE			*f;
	char			 line[1024], copy[1024];
	long			 max;
	int			 r = 0;

	if (argc < 2 || (f = fopen(argv[1], "r")) == NULL) {
		fprintf(stderr, "usage: web_search_bench QUERIES [N]\n");
		return (2);
	}
	max = argc > 2 ? strtol(argv[2], NULL, 10) : 1000000;
	if ((db = (PGconn *)infra_pgd_connect("web_search_bench", NULL)) ==
	    NULL) {
		fclose(f);
		return (1);
	}
	(void)PQsetNoticeProcessor(db, wb_quiet, NULL);
	ix = wb_load(db);
	memset(&t, 0, sizeof(t));
	while (r < max && fgets(line, sizeof(line), f) != NULL) {
		r++;
		line[strcspn(line, "\n")] = '\0';
		(void)snprintf(copy, sizeof(copy), "%s", line);
		wb_parse(copy, &s);
		wb_one(db, ix, &s, 1.0 / r, &t, line);
	}
	fclose(f);
	wb_report(&t);
	max = getenv("WEB_SEARCH_BENCH_SLOW") != NULL ?
	    strtol(getenv("WEB_SEARCH_BENCH_SLOW"), NULL, 10) : 0;
	for (r = 0; r < max && r < WB_SLOW && t.slow_t[r] > 0; r++)
		printf("  slow %d: %.3f ms %s\n", r + 1, 1000 * t.slow_t[r],
		    t.slow[r]);
	ws_free(ix);
	PQfinish(db);
	return (t.diff > 0 || t.pairs_diff > 0);
}
