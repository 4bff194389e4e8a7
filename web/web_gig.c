/*
 * Gigs: search (PostgreSQL full text, filters, sort, pages), the gig
 * page with its SMS short code, posting, editing, closing, finishing, and
 * applying once with a proposal (gig_apply(), shared with SMS/USSD).
 * Every handler answers a page or, under /api/v1, JSON.
 */
#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "web/web.h"
#include "web/web_glue.h"
#include "web/web_search.h"

#define GIG_PER_PAGE	10
#define GIG_PAGE_MAX	1000

/*
 * Search answers are cached in Redis for GIG_CACHE_TTL seconds under a
 * hash of the search, tagged with the "gigs:ver" counter that every gig
 * change made here bumps: a change shows at once, and one made behind
 * the web's back (SQL, another channel) within the TTL.  Only the first
 * pages are cached, and briefly, to bound what odd queries can store.
 */
#define GIG_CACHE_TTL	10
#define GIG_CACHE_PAGES	5	/* deeper pages are rare: not cached */

/*
 * In front of Redis, each worker keeps the last answers it served for up
 * to GIG_MEMO_MS: a change made through this worker empties it at once,
 * one made through the other worker shows within GIG_MEMO_MS.  With
 * 1,000 distinct searches drawn Zipf-like (bench/web_bench.sh), 64 slots
 * sent most answers to Redis (22% of hello); 1,024 (a few MB a worker)
 * keep the popular ones here.
 */
#define GIG_MEMO_SLOTS	1024
#define GIG_MEMO_MS	1000

struct gig_memo {
	char		 key[48];
	u_int64_t	 at;
	char		*body;
	size_t		 len;
};

static struct gig_memo	gig_memo[GIG_MEMO_SLOTS];

/*
 * The filters' choices by name, each with its group (a skill's category,
 * a district's province): kind, value, English, Urdu, group English,
 * group Urdu, Roman Urdu.
 */
static const char SQL_FILTERS[] =
    "SELECT 's', s.slug, s.name_en, s.name_ur, c.name_en, c.name_ur, "
    "s.name_ru FROM skills s JOIN skill_categories c ON "
    "c.id = s.category_id UNION ALL "
    "SELECT 'p', code, name_en, name_ur, '', '', name_en FROM provinces "
    "UNION ALL SELECT 'd', d.id::text, d.name_en, d.name_ur, p.name_en, "
    "p.name_ur, d.name_en FROM districts d JOIN provinces p ON "
    "p.id = d.province_id ORDER BY 1, 5, 3";

/*
 * The three search statements (words, a skill alone, filters alone) are
 * in web/web_search.h, beside the in-memory index that answers alike, so
 * that bench/web_search_bench.c runs the very same ones.
 */
#define GIG_COUNT_MAX	SRCH_COUNT_MAX

static const char SQL_SEARCH_WORDS[] = SRCH_SQL_SEARCH_WORDS;
static const char SQL_SEARCH_SKILL[] = SRCH_SQL_SEARCH_SKILL;
static const char SQL_SEARCH_ALL[] = SRCH_SQL_SEARCH_ALL;
static const char SQL_WORDS[] = SRCH_SQL_WORDS;
static const char SQL_CARDS[] = SRCH_SQL_CARDS;

/*
 * Each worker's in-memory index (web_search_live.c), started by its first
 * search, ranks every match instead of PostgreSQL.  An API search it
 * answers alike (a miss of the memo and of Redis) needs no query at all
 * when the index is fresh: it read the change log less than GIG_FRESH_S
 * ago, and after the last gig change a worker of this Kore made
 * (infra_mark("gigs"), shared): so the one who made a change sees it at
 * once on either worker, and a change made elsewhere (SQL, another
 * channel or node) shows within GIG_FRESH_S (the log's NOTIFY brings it
 * in milliseconds).  Otherwise, and for the pages (whose cards show the
 * employer's standing), the cards are asked of PostgreSQL with the log's
 * version: behind it, the search is asked again of SQL.
 * HUNAR_SEARCH_INDEX=0 leaves it off; outside production a request with
 * "x-hunar-search: sql" asks PostgreSQL (the bench compares).
 */
#define GIG_FRESH_S	1.0

static struct ws_live	*gig_live;
static struct ws_cards	 gig_cards;	/* the page the index answered */

/*
 * The words' tsquery and lower() (SQL_WORDS), kept per worker: both are
 * functions of the words alone (the 'english' configuration and the
 * database's collation do not change under a running worker), so a
 * search asked again needs no query for them.  Direct-mapped, ~0.8 MB.
 */
#define GIG_WORDS_SLOTS	1024

struct gig_words {
	char	q[48];
	char	tsq[512];
	char	like[256];
};

static struct gig_words	gig_words[GIG_WORDS_SLOTS];

/* web_gigs()'s steps after the filters' query (c->phase). */
#define GIG_PH_FILTERS	0
#define GIG_PH_START	1
#define GIG_PH_WORDS	2
#define GIG_PH_CARDS	3
#define GIG_PH_SQL	4
#define GIG_PH_MEMORY	5	/* answered by the index, cards and all */
#define GIG_PH_CACHE	6	/* an API search: Redis first */

static const char SQL_GIG[] =
    "SELECT g.id, g.code, g.title, g.description, g.budget_pkr, g.remote, "
    "coalesce(d.name_en, ''), coalesce(d.name_ur, ''), "
    "coalesce(g.deadline::text, ''), g.status, g.employer_id, u.name, "
    "coalesce(u.org_name, ''), g.created_at::date, "
    "coalesce((SELECT string_agg(s.slug, ',' ORDER BY s.slug) FROM "
    "gig_skills gs JOIN skills s ON s.id = gs.skill_id WHERE "
    "gs.gig_id = g.id AND gs.required), ''), "
    "coalesce((SELECT string_agg(s.slug, ',' ORDER BY s.slug) FROM "
    "gig_skills gs JOIN skills s ON s.id = gs.skill_id WHERE "
    "gs.gig_id = g.id AND NOT gs.required), ''), "
    "coalesce((SELECT a.status FROM applications a WHERE a.gig_id = g.id "
    "AND a.user_id = NULLIF($2, '')::bigint), ''), "
    "coalesce(g.district_id::text, ''), "
    "(SELECT count(*) FROM applications a WHERE a.gig_id = g.id), "
    "coalesce((SELECT string_agg(CASE $3 WHEN 'ur' THEN s.name_ur "
    "WHEN 'ru' THEN s.name_ru ELSE s.name_en END || CASE WHEN "
    "gs.required THEN '' ELSE '*' END, ';' ORDER BY s.name_en) FROM "
    "gig_skills gs JOIN skills s ON s.id = gs.skill_id WHERE "
    "gs.gig_id = g.id), '') "
    "FROM gigs g JOIN users u ON u.id = g.employer_id "
    "LEFT JOIN districts d ON d.id = g.district_id WHERE g.code = $1";

static const char SQL_SAVE[] =
    "SELECT result, coalesce(code, ''), coalesce(unknown, '') FROM "
    "gig_save($1, NULLIF($2, ''), $3, $4, $5::int, $6::boolean, "
    "NULLIF($7, '')::int, NULLIF($8, '')::date, $9, $10)";

static const char SQL_SET_STATUS[] =
    "SELECT gig_set_status($1, $2, $3)";

static const char SQL_APPLY[] =
    "SELECT result, coalesce(application_id::text, '') "
    "FROM gig_apply($1, $2, $3, $4)";

static const char SQL_MY_APPS[] =
    "SELECT g.code, g.title, a.status, a.created_at::date, g.status, "
    "g.employer_id, coalesce(u.org_name, u.name), a.id, "
    "EXISTS (SELECT 1 FROM reviews r WHERE r.gig_id = g.id AND "
    "r.author_id = a.user_id) "
    "FROM applications a JOIN gigs g ON g.id = a.gig_id "
    "JOIN users u ON u.id = g.employer_id "
    "WHERE a.user_id = $1 ORDER BY a.created_at DESC LIMIT 100";

/* Search parameters: names in the query string and the JSON reply. */
static const char *const gig_qs[] = { "q", "skill", "province", "district",
    "remote", "min", "max", "posted", "sort", "page", "per_page", NULL };

static int
gig_slug_ok(const char *s)
{
	size_t	n;

	n = strlen(s);
	if (n == 0 || n > 40)
		return (0);
	for (; *s != '\0'; s++)
		if (!islower((unsigned char)*s) &&
		    !isdigit((unsigned char)*s) && *s != '-')
			return (0);
	return (1);
}

/* What to fix in each search field (gig_qs order) when it is refused. */
static const struct {
	enum page_str	err;
	long		a, b;		/* page_errs_add()'s limits */
} gig_qs_err[] = {
	{ PS_ERR_TOO_LONG, 40, 0 },		/* q */
	{ PS_ERR_CHOICE, 0, 0 },		/* skill */
	{ PS_ERR_CHOICE, 0, 0 },		/* province */
	{ PS_ERR_CHOICE, 0, 0 },		/* district */
	{ PS_ERR_CHOICE, 0, 0 },		/* remote */
	{ PS_ERR_PKR_RANGE, 0, 100000000 },	/* min */
	{ PS_ERR_PKR_RANGE, 0, 100000000 },	/* max */
	{ PS_ERR_CHOICE, 0, 0 },		/* posted */
	{ PS_ERR_CHOICE, 0, 0 }			/* sort */
};

/*
 * Whether search field i (gig_qs) holds a value it may have; a budget is
 * rewritten in place as plain digits for SQL_SEARCH.
 */
static int
gig_search_ok(int i, char *v, size_t len)
{
	static const char *const	sorts[] = { "new", "budget",
	    "deadline", "relevance", NULL };
	static const char *const	posted[] = { "1", "7", "30", NULL };
	long				 n;

	switch (i) {
	case 0:
		return (page_valid_text(v, 0, 40, PAGE_TEXT_LINE) == PS_NONE);
	case 1:
		return (gig_slug_ok(v));
	case 2:
		return (strlen(v) <= 4 &&
		    strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == strlen(v));
	case 3:
		return (page_valid_long(v, 1, 100000, &n) == PS_NONE);
	case 4:
		return (strcmp(v, "1") == 0 || strcmp(v, "0") == 0);
	case 5:
	case 6:
		if (page_valid_pkr(v, 0, 100000000, &n) != PS_NONE)
			return (0);
		(void)snprintf(v, len, "%ld", n);
		return (1);
	case 7:
		return (page_valid_choice(v, posted) == PS_NONE);
	case 8:
		return (page_valid_choice(v, sorts) == PS_NONE);
	}
	fatal("gig_search_ok: no field %d", i);
}

/*
 * The query string into c->a[0..10] as SQL_SEARCH wants them; field
 * errors into c->err.
 */
static void
gig_search_args(struct http_request *req, struct wctx *c)
{
	char				 v[256];
	long				 page, per;
	int				 i;

	for (i = 0; i < 11; i++) {
		c->a[i][0] = '\0';
		c->argv[i] = c->a[i];
	}
	for (i = 0; i < 9; i++) {
		if (infra_arg(req, gig_qs[i], v, sizeof(v)) <= 0)
			continue;
		if (strlen(v) >= sizeof(c->a[i]) && i != 0) {
			page_errs_add(&c->err, &c->u, gig_qs[i],
			    PS_ERR_TOO_LONG, (long)sizeof(c->a[i]) - 1, 0);
			continue;
		}
		if (!gig_search_ok(i, v, sizeof(v))) {
			page_errs_add(&c->err, &c->u, gig_qs[i],
			    gig_qs_err[i].err, gig_qs_err[i].a,
			    gig_qs_err[i].b);
			continue;
		}
		if (i == 0 && strlen(v) >= sizeof(c->a[0]))
			continue;
		(void)kore_strlcpy(c->a[i], v, sizeof(c->a[i]));
	}
	page = 1;
	if (infra_arg(req, "page", v, sizeof(v)) > 0 &&
	    page_valid_long(v, 1, GIG_PAGE_MAX, &page) != PS_NONE) {
		page_errs_add(&c->err, &c->u, "page", PS_ERR_NUMBER, 1,
		    GIG_PAGE_MAX);
		page = 1;
	}
	per = GIG_PER_PAGE;
	if (infra_arg(req, "per_page", v, sizeof(v)) > 0 &&
	    page_valid_long(v, 1, 50, &per) != PS_NONE) {
		page_errs_add(&c->err, &c->u, "per_page", PS_ERR_NUMBER, 1, 50);
		per = GIG_PER_PAGE;
	}
	c->id = page;
	(void)snprintf(c->a[9], sizeof(c->a[9]), "%ld", per);
	(void)snprintf(c->a[10], sizeof(c->a[10]), "%ld", (page - 1) * per);
}

/* The cache key of a search: a hash of its 11 arguments. */
static void
gig_cache_key(struct wctx *c, char *out, size_t len)
{
	crypto_generichash_state	st;
	unsigned char			h[16];
	char				hex[33];
	int				i;

	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	for (i = 0; i < 11; i++)
		crypto_generichash_update(&st, (const unsigned char *)c->a[i],
		    strlen(c->a[i]) + 1);
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	(void)snprintf(out, len, "gs:%s", hex);
}

static struct gig_memo *
gig_memo_slot(const char *key)
{
	/* The key is hex of a hash: its last digits spread well. */
	return (&gig_memo[strtoul(key + strlen(key) - 4, NULL, 16) %
	    GIG_MEMO_SLOTS]);
}

static void
gig_memo_put(const char *key, const void *body, size_t len)
{
	struct gig_memo	*m;

	m = gig_memo_slot(key);
	kore_free(m->body);
	m->body = kore_malloc(len);
	memcpy(m->body, body, len);
	m->len = len;
	m->at = kore_time_ms();
	(void)kore_strlcpy(m->key, key, sizeof(m->key));
}

static void
gig_memo_clear(void)
{
	int	i;

	for (i = 0; i < GIG_MEMO_SLOTS; i++)
		gig_memo[i].key[0] = '\0';
}

static void
gig_json_send(struct http_request *req, const void *body, size_t len)
{
	http_response_header(req, "content-type",
	    "application/json; charset=utf-8");
	http_response_header(req, "cache-control", "no-store");
	http_response(req, 200, body, len);
}

/* Answers from the worker's memo; 0 on a miss. */
static int
gig_memo_get(struct http_request *req, const char *key)
{
	struct gig_memo	*m;

	m = gig_memo_slot(key);
	if (strcmp(m->key, key) == 0 && kore_time_ms() - m->at < GIG_MEMO_MS) {
		gig_json_send(req, m->body, m->len);
		return (1);
	}
	return (0);
}

/*
 * The cached answer of key and gigs:ver in one reply, so that one
 * round trip (asked without blocking the worker) does: the answer
 * ("ver\nbody") when it is of the current version, else the version.
 */
static const char GIG_CACHE_LUA[] =
    "local v = redis.call('GET', KEYS[1]) or '0' "
    "local c = redis.call('GET', KEYS[2]) "
    "if c and string.sub(c, 1, #v + 1) == v .. '\\n' then return c end "
    "return v";

/* The cache's reply in c->rw: 1 when it answered; else c->a[11] holds
 * the version. */
static int
gig_cache_reply(struct http_request *req, struct wctx *c, const char *key)
{
	const char	*nl;
	size_t		 len;

	(void)kore_strlcpy(c->a[11], "0", sizeof(c->a[11]));
	if (c->rw.type != REDIS_REPLY_STRING || c->rw.str == NULL)
		return (0);
	if ((nl = memchr(c->rw.str, '\n', c->rw.len)) == NULL) {
		if (c->rw.len < sizeof(c->a[11]))
			(void)kore_strlcpy(c->a[11], c->rw.str,
			    sizeof(c->a[11]));
		return (0);
	}
	len = c->rw.len - (size_t)(nl + 1 - c->rw.str);
	gig_json_send(req, nl + 1, len);
	gig_memo_put(key, nl + 1, len);
	return (1);
}

/* Every change to a gig made through the web empties the search cache. */
static void
gig_cache_bump(void)
{
	redisReply	*r;

	gig_memo_clear();
	infra_mark("gigs");
	if ((r = infra_redis("INCR gigs:ver")) != NULL)
		freeReplyObject(r);
}

/* Column col of the answer's gig i: the index's card, or c->db's row. */
static const char *
gig_cell(struct wctx *c, int i, int col)
{
	if (c->phase == GIG_PH_MEMORY)
		return (gig_cards.text + gig_cards.col[i][col]);
	return (infra_db_get(&c->db, i, col));
}

/* The n gigs of the answer as JSON, cached. */
static void
gig_search_json(struct http_request *req, struct wctx *c, int n)
{
	struct kore_buf		b;
	redisReply		*r;
	char			 key[48];
	long			 total;
	int			 i;

	kore_buf_init(&b, 1024);
	kore_buf_appendf(&b, "%s\n", c->a[11]);
	kore_buf_appendf(&b, "{\"gigs\":[");
	for (i = 0; i < n; i++) {
		kore_buf_appendf(&b, "%s{\"code\":", i ? "," : "");
		infra_json_str(&b, gig_cell(c, i, 0));
		page_json_field(&b, "title", gig_cell(c, i, 1));
		page_json_field_null(&b, "summary", gig_cell(c, i, 2));
		kore_buf_appendf(&b, ",\"budget_pkr\":%s,\"remote\":%s",
		    gig_cell(c, i, 3),
		    gig_cell(c, i, 4)[0] == 't' ? "true" : "false");
		page_json_field_null(&b, "district", gig_cell(c, i, 5));
		page_json_field_null(&b, "deadline", gig_cell(c, i, 7));
		page_json_field(&b, "posted", gig_cell(c, i, 8));
		kore_buf_appendf(&b, "}");
	}
	if (c->phase == GIG_PH_MEMORY)
		total = n > 0 ? c->ix.total : 0;
	else
		total = n > 0 ? strtol(infra_db_get(&c->db, 0, 9), NULL, 10) :
		    0;
	kore_buf_appendf(&b, "],\"total\":%ld,\"total_more\":%s,"
	    "\"page\":%lld,\"per_page\":%s}\n",
	    total > GIG_COUNT_MAX ? (long)GIG_COUNT_MAX : total,
	    total > GIG_COUNT_MAX ? "true" : "false", (long long)c->id,
	    c->a[9]);
	gig_cache_key(c, key, sizeof(key));
	/* Sent without waiting for Redis' reply (a wait is a worker idle). */
	if (c->id <= GIG_CACHE_PAGES && infra_redis_send("SET %s %b EX %d",
	    key, b.data, b.offset, GIG_CACHE_TTL) == -1 &&
	    (r = infra_redis("SET %s %b EX %d", key, b.data, b.offset,
	    GIG_CACHE_TTL)) != NULL)
		freeReplyObject(r);
	/* The body without the version line. */
	i = (int)(strchr((const char *)b.data, '\n') - (const char *)b.data);
	gig_json_send(req, b.data + i + 1, b.offset - (size_t)i - 1);
	if (c->id <= GIG_CACHE_PAGES)
		gig_memo_put(key, b.data + i + 1, b.offset - (size_t)i - 1);
	kore_buf_cleanup(&b);
}

/* A labelled <select> of the search form, up to its first option. */
static void
gig_select_open(struct infra_buf *b, struct wctx *c, const char *name,
    enum web_str label)
{
	page_html_s(b, "<p><label for=\"f-");
	page_html_s(b, name);
	page_html_s(b, "\">");
	web_html_str(b, label, c->u.lang);
	page_html_s(b, "</label><select id=\"f-");
	page_html_s(b, name);
	page_html_s(b, "\" name=\"");
	page_html_s(b, name);
	page_html_s(b, "\">");
}

/*
 * A filter chosen by name, in <optgroup>s by the row's group (a skill's
 * category, a district's province) when it has one.
 */
static void
gig_filter_select(struct infra_buf *b, struct wctx *c, const char *name,
    enum web_str label, char kind, const char *cur)
{
	const char	*group, *last;
	int		 i, n, ur;

	ur = c->u.lang == HLANG_UR;
	gig_select_open(b, c, name, label);
	page_html_s(b, "<option value=\"\">");
	web_html_str(b, WS_ANY, c->u.lang);
	page_html_s(b, "</option>");
	n = infra_db_rows(&c->db);
	last = "";
	for (i = 0; i < n; i++) {
		if (infra_db_get(&c->db, i, 0)[0] != kind)
			continue;
		group = infra_db_get(&c->db, i, ur ? 5 : 4);
		if (strcmp(group, last) != 0) {
			if (last[0] != '\0')
				page_html_s(b, "</optgroup>");
			page_html_s(b, "<optgroup label=\"");
			page_html_attr(b, group);
			page_html_s(b, "\">");
			last = group;
		}
		page_html_s(b, "<option value=\"");
		page_html_attr(b, infra_db_get(&c->db, i, 1));
		page_html_s(b, "\"");
		if (strcmp(cur, infra_db_get(&c->db, i, 1)) == 0)
			page_html_s(b, " selected");
		page_html_s(b, ">");
		page_html_text(b, infra_db_get(&c->db, i, ur ? 3 :
		    c->u.lang == HLANG_RU ? 6 : 2));
		page_html_s(b, "</option>");
	}
	if (last[0] != '\0')
		page_html_s(b, "</optgroup>");
	page_html_s(b, "</select></p>");
}

static void
gig_choice(struct infra_buf *b, struct wctx *c, const char *name,
    enum web_str label, const char *const *vals, const enum web_str *labels,
    const char *cur)
{
	int	i;

	gig_select_open(b, c, name, label);
	for (i = 0; vals[i] != NULL; i++) {
		page_html_s(b, "<option value=\"");
		page_html_s(b, vals[i]);
		page_html_s(b, "\"");
		if (strcmp(cur, vals[i]) == 0)
			page_html_s(b, " selected");
		page_html_s(b, ">");
		web_html_str(b, labels[i], c->u.lang);
		page_html_s(b, "</option>");
	}
	page_html_s(b, "</select></p>");
}

/* How many filters beyond the words are set (sort: when not newest). */
static int
gig_filters_set(struct wctx *c)
{
	int	i, n;

	n = 0;
	for (i = 1; i < 8; i++)
		if (c->a[i][0] != '\0')
			n++;
	if (c->a[8][0] != '\0' && strcmp(c->a[8], "new") != 0)
		n++;
	return (n);
}

/* The budget bounds, the age and the order of the results. */
static void
gig_search_more(struct infra_buf *b, struct wctx *c)
{
	static const char *const	pv[] = { "", "1", "7", "30", NULL };
	static const enum web_str	pl[] = { WS_ANY, WS_POSTED_1,
	    WS_POSTED_7, WS_POSTED_30 };
	static const char *const	sv[] = { "new", "relevance", "budget",
	    "deadline", NULL };
	static const enum web_str	sl[] = { WS_SORT_NEW,
	    WS_SORT_RELEVANCE, WS_SORT_BUDGET, WS_SORT_DEADLINE };
	struct page_field		f;

	memset(&f, 0, sizeof(f));
	page_html_s(b, "</div><div class=\"row\">");
	f.type = PAGE_FIELD_NUMBER;
	f.name = "min";
	f.label = web_str(WS_F_BUDGET_MIN, c->u.lang);
	f.value = c->a[5];
	f.maxlength = 12;
	f.error = page_errs_get(&c->err, "min");
	page_form_field(b, &f);
	f.name = "max";
	f.label = web_str(WS_F_BUDGET_MAX, c->u.lang);
	f.value = c->a[6];
	f.error = page_errs_get(&c->err, "max");
	page_form_field(b, &f);
	page_html_s(b, "</div><div class=\"row\">");
	gig_choice(b, c, "posted", WS_F_POSTED, pv, pl, c->a[7]);
	gig_choice(b, c, "sort", WS_F_SORT, sv, sl,
	    c->a[8][0] ? c->a[8] : "new");
	page_html_s(b, "</div>");
	f.type = PAGE_FIELD_CHECKBOX;
	f.name = "remote";
	f.label = web_str(WS_F_REMOTE, c->u.lang);
	f.value = c->a[4];
	f.error = NULL;
	page_form_field(b, &f);
}

/*
 * The words and a button on one line, the filters folded into a
 * <details> (open when one is set or wrong): results come first on a
 * phone, and the whole search lives in the URL.
 */
static void
gig_search_form(struct infra_buf *b, struct wctx *c)
{
	const char	*err;
	int		 nset;

	page_form_errors(b, c->u.lang, c->err.n);
	page_html_s(b, "<form method=\"get\" action=\"/gigs\" role=\"search\">"
	    "<p class=\"qrow\"><label for=\"f-q\">");
	web_html_str(b, WS_F_QUERY, c->u.lang);
	page_html_s(b, "</label>");
	if ((err = page_errs_get(&c->err, "q")) != NULL) {
		page_html_s(b, "<span class=\"err\" id=\"e-q\">");
		page_html_text(b, err);
		page_html_s(b, "</span>");
	}
	page_html_s(b, "<span class=\"qbox\"><input type=\"search\" "
	    "id=\"f-q\" name=\"q\" maxlength=\"40\" dir=\"auto\" value=\"");
	page_html_attr(b, c->a[0]);
	page_html_s(b, "\"");
	if (err != NULL)
		page_html_s(b, " aria-invalid=\"true\" aria-describedby=\"e-q\"");
	page_html_s(b, "><button type=\"submit\">");
	web_html_str(b, WS_SEARCH, c->u.lang);
	page_html_s(b, "</button></span></p>");
	nset = gig_filters_set(c);
	page_html_s(b, nset > 0 || c->err.n > 0 ? "<details open>" :
	    "<details>");
	page_html_s(b, "<summary>");
	page_html_str(b, PS_FILTERS, c->u.lang);
	if (nset > 0)
		(void)infra_buf_fmt(b, " (%d)", nset);
	page_html_s(b, "</summary><div class=\"row\">");
	gig_filter_select(b, c, "skill", WS_F_SKILL, 's', c->a[1]);
	gig_filter_select(b, c, "province", WS_F_PROVINCE, 'p', c->a[2]);
	gig_filter_select(b, c, "district", WS_F_DISTRICT, 'd', c->a[3]);
	gig_search_more(b, c);
	page_form_submit(b, web_str(WS_SEARCH, c->u.lang));
	if (nset > 0) {
		page_html_s(b, " <a href=\"/gigs\">");
		page_html_str(b, PS_CLEAR_FILTERS, c->u.lang);
		page_html_s(b, "</a>");
	}
	page_html_s(b, "</details></form>");
}

/* The current search as a query string, with another page number. */
static void
gig_page_link(struct infra_buf *b, struct wctx *c, long page, enum page_str l)
{
	int	i;

	page_html_s(b, "<a href=\"/gigs?");
	for (i = 0; i < 9; i++) {
		if (c->a[i][0] == '\0')
			continue;
		page_html_s(b, gig_qs[i]);
		page_html_s(b, "=");
		page_html_url(b, c->a[i]);
		page_html_s(b, "&amp;");
	}
	(void)infra_buf_fmt(b, "page=%ld\" rel=\"%s\">", page,
	    l == PS_NEXT ? "next" : "prev");
	page_html_str(b, l, c->u.lang);
	page_html_s(b, "</a> ");
}

/* The gig's skills by name, required first: "en;ur;ru|en;ur;ru". */
static void
gig_card_skills(struct infra_buf *b, struct wctx *c, const char *row)
{
	const char	*p, *e, *f, *q;
	int		 k, want;

	if (row[0] == '\0')
		return;
	want = c->u.lang == HLANG_UR ? 1 : c->u.lang == HLANG_RU ? 2 : 0;
	page_html_s(b, "<ul class=\"tags\">");
	for (p = row; *p != '\0'; p = *e == '|' ? e + 1 : e) {
		if ((e = strchr(p, '|')) == NULL)
			e = p + strlen(p);
		for (k = 0, f = p; k < want && f < e; f++)
			if (*f == ';')
				k++;
		if ((q = memchr(f, ';', (size_t)(e - f))) == NULL)
			q = e;
		page_html_s(b, "<li>");
		page_html_textn(b, f, (size_t)(q - f));
		page_html_s(b, "</li>");
	}
	page_html_s(b, "</ul>");
}

/* The employer's standing: rating and reviews, completed gigs. */
static void
gig_card_employer(struct infra_buf *b, struct wctx *c, int i)
{
	char	line[160];

	page_html_s(b, "<p class=\"meta\">");
	if (infra_db_get(&c->db, i, 10)[0] == '\0')
		web_html_str(b, WS_NEW_EMPLOYER, c->u.lang);
	else {
		(void)snprintf(line, sizeof(line),
		    web_str(WS_EMP_RATING, c->u.lang),
		    infra_db_get(&c->db, i, 10), infra_db_get(&c->db, i, 11));
		page_html_s(b, "<span aria-hidden=\"true\">&#9733; </span>");
		page_html_text(b, line);
	}
	if (strcmp(infra_db_get(&c->db, i, 12), "0") != 0) {
		(void)snprintf(line, sizeof(line),
		    web_str(WS_GIGS_DONE, c->u.lang),
		    infra_db_get(&c->db, i, 12));
		page_html_s(b, " &middot; ");
		page_html_text(b, line);
	}
	page_html_s(b, "</p>");
}

/* One result: title, then budget, place and deadline at a glance. */
static void
gig_card(struct infra_buf *b, struct wctx *c, int i)
{
	const char	*deadline;

	page_html_card(b, "/gigs/", infra_db_get(&c->db, i, 0),
	    infra_db_get(&c->db, i, 1));
	page_html_s(b, "<p class=\"facts\"><strong>");
	page_money(b, infra_db_get(&c->db, i, 3));
	page_html_s(b, "</strong> &middot; ");
	if (infra_db_get(&c->db, i, 4)[0] == 't')
		web_html_str(b, WS_REMOTE, c->u.lang);
	else
		page_html_text(b, infra_db_get(&c->db, i,
		    c->u.lang == HLANG_UR ? 6 : 5));
	page_html_s(b, " &middot; ");
	deadline = infra_db_get(&c->db, i, 7);
	if (deadline[0] == '\0')
		web_html_str(b, WS_NO_DEADLINE, c->u.lang);
	else {
		web_html_str(b, WS_DEADLINE, c->u.lang);
		page_html_s(b, ": <time>");
		page_html_text(b, deadline);
		page_html_s(b, "</time>");
	}
	page_html_s(b, "</p>");
	gig_card_employer(b, c, i);
	gig_card_skills(b, c, infra_db_get(&c->db, i, 13));
	page_html_s(b, "<p dir=\"auto\">");
	page_html_text(b, infra_db_get(&c->db, i, 2));
	page_html_s(b, "</p></article>");
}

/* Nothing found: what to try next. */
static void
gig_results_none(struct infra_buf *b, struct wctx *c)
{
	page_html_s(b, "<p role=\"status\">");
	web_html_str(b, WS_NO_GIGS, c->u.lang);
	page_html_s(b, "</p><p>");
	if (gig_filters_set(c) > 0 || c->a[0][0] != '\0') {
		page_html_s(b, "<a href=\"/gigs\">");
		page_html_str(b, PS_CLEAR_FILTERS, c->u.lang);
		page_html_s(b, "</a> &middot; ");
	}
	page_html_s(b, "<a href=\"/courses\">");
	web_html_str(b, WS_TRY_COURSES, c->u.lang);
	page_html_s(b, "</a></p>");
}

static void
gig_results(struct infra_buf *b, struct wctx *c, int n)
{
	char	found[96];
	int	i;
	long	total, per;

	if (n == 0) {
		gig_results_none(b, c);
		return;
	}
	total = strtol(infra_db_get(&c->db, 0, 9), NULL, 10);
	per = strtol(c->a[9], NULL, 10);
	if (total > GIG_COUNT_MAX)
		(void)snprintf(found, sizeof(found), web_str(WS_FOUND_MORE,
		    c->u.lang), (long)GIG_COUNT_MAX);
	else
		(void)snprintf(found, sizeof(found), web_str(WS_FOUND,
		    c->u.lang), total);
	page_html_s(b, "<p class=\"meta\" role=\"status\">");
	page_html_text(b, found);
	page_html_s(b, "</p>");
	for (i = 0; i < n; i++)
		gig_card(b, c, i);
	page_html_s(b, "<nav aria-label=\"pages\"><p>");
	if (c->id > 1)
		gig_page_link(b, c, c->id - 1, PS_PREV);
	if (c->id * per < total && c->id < GIG_PAGE_MAX)
		gig_page_link(b, c, c->id + 1, PS_NEXT);
	page_html_s(b, "</p></nav>");
}

/* The index's thread must end before the code it runs is unloaded. */
static void
gig_index_stop(void)
{
	ws_live_stop(gig_live);
}

/* Whether this search may ask the index (starting it the first time). */
static int
gig_index_usable(struct http_request *req)
{
	static int	 prod = -1;
	const char	*v;

	if (prod == -1) {
		prod = strcmp(infra_env("HUNAR_ENV", ""), "production") == 0;
		if (strcmp(infra_env("HUNAR_SEARCH_INDEX", "1"), "0") != 0 &&
		    (gig_live = ws_live_start(infra_conf.pg_dsn)) == NULL)
			kore_log(LOG_ERR, "search index: cannot start");
		if (gig_live != NULL)
			infra_worker_teardown(gig_index_stop);
	}
	if (gig_live == NULL)
		return (0);
	if (!prod && http_request_header(req, "x-hunar-search", &v) &&
	    strcmp(v, "sql") == 0)
		return (0);
	return (1);
}

static struct gig_words *
gig_words_slot(const char *q)
{
	return (&gig_words[ws_fnv(q, strlen(q)) % GIG_WORDS_SLOTS]);
}

/* The words' tsquery and lower() kept by this worker: 1, or 0 (ask). */
static int
gig_words_get(struct wctx *c)
{
	struct gig_words	*w;

	w = gig_words_slot(c->a[0]);
	if (strcmp(w->q, c->a[0]) != 0 || w->q[0] == '\0')
		return (0);
	(void)kore_strlcpy(c->tsq, w->tsq, sizeof(c->tsq));
	(void)kore_strlcpy(c->like, w->like, sizeof(c->like));
	return (1);
}

static void
gig_words_put(struct wctx *c)
{
	struct gig_words	*w;

	w = gig_words_slot(c->a[0]);
	(void)kore_strlcpy(w->q, c->a[0], sizeof(w->q));
	(void)kore_strlcpy(w->tsq, c->tsq, sizeof(w->tsq));
	(void)kore_strlcpy(w->like, c->like, sizeof(w->like));
}

/*
 * The search of c->a in the index (the words' tsquery and lower() in
 * c->tsq, c->like): GIG_PH_MEMORY with the page's cards in gig_cards (an
 * API search, the index fresh), GIG_PH_CARDS with the page's ids in
 * c->ixids, c->ixtotal, or GIG_PH_SQL when PostgreSQL is to answer.
 */
static int
gig_index_search(struct wctx *c)
{
	struct ws_query	q;
	struct timespec	ts;
	size_t		len;
	double		synced;
	int		i;

	memset(&q, 0, sizeof(q));
	q.tsq = c->tsq;
	q.like = c->a[0][0] != '\0' ? c->like : "";
	q.district = (uint32_t)strtoul(c->a[3], NULL, 10);
	q.remote = strcmp(c->a[4], "1") == 0;
	q.min = c->a[5][0] != '\0' ? (int32_t)strtol(c->a[5], NULL, 10) : -1;
	q.max = c->a[6][0] != '\0' ? (int32_t)strtol(c->a[6], NULL, 10) : -1;
	if (c->a[7][0] != '\0') {
		(void)clock_gettime(CLOCK_REALTIME, &ts);
		q.since = (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000 -
		    strtoll(c->a[7], NULL, 10) * 86400LL * 1000000LL;
	}
	q.sort = strcmp(c->a[8], "budget") == 0 ? SRCH_SORT_BUDGET :
	    strcmp(c->a[8], "deadline") == 0 ? SRCH_SORT_DEADLINE :
	    strcmp(c->a[8], "relevance") == 0 ? SRCH_SORT_RELEVANCE :
	    SRCH_SORT_NEW;
	q.limit = (int)strtol(c->a[9], NULL, 10);
	q.offset = (int)strtol(c->a[10], NULL, 10);
	if (ws_live_search(gig_live, &q, c->a[1], c->a[2], &c->ix,
	    &c->ixver, c->u.api ? &gig_cards : NULL, &synced) != 0)
		return (GIG_PH_SQL);
	if (c->u.api && synced > infra_mark_get("gigs") &&
	    ws_live_clock() - synced < GIG_FRESH_S)
		return (GIG_PH_MEMORY);
	len = 0;
	c->ixids[len++] = '{';
	for (i = 0; i < c->ix.n; i++)
		len += (size_t)snprintf(c->ixids + len, sizeof(c->ixids) - len,
		    "%s%lld", i ? "," : "", (long long)c->ix.id[i]);
	(void)snprintf(c->ixids + len, sizeof(c->ixids) - len, "}");
	(void)snprintf(c->ixtotal, sizeof(c->ixtotal), "%d", c->ix.total);
	return (GIG_PH_CARDS);
}

/*
 * The index's steps (GIG_PH_START, _WORDS, _CARDS): 0 with the answer in
 * c->db (or gig_cards: GIG_PH_MEMORY) and its number of gigs in *n, or
 * c->phase GIG_PH_SQL when PostgreSQL is to search; 1 when the handler
 * returns *ret (waiting).
 */
static int
gig_index(struct http_request *req, struct wctx *c, int *n, int *ret)
{
	const char	*argv[2];
	int		 r, fits;

	if (c->phase == GIG_PH_START)
		c->phase = !gig_index_usable(req) ? GIG_PH_SQL :
		    c->a[0][0] == '\0' || gig_words_get(c) ?
		    gig_index_search(c) : GIG_PH_WORDS;
	if (c->phase == GIG_PH_WORDS) {
		argv[0] = c->a[0];
		if ((r = infra_db_run(req, &c->db, SQL_WORDS, 1, argv)) !=
		    INFRA_DB_OK) {
			*ret = page_db_wait(req, &c->u, r);
			return (1);
		}
		fits = kore_strlcpy(c->tsq, infra_db_get(&c->db, 0, 0),
		    sizeof(c->tsq)) < sizeof(c->tsq) &&
		    kore_strlcpy(c->like, infra_db_get(&c->db, 0, 1),
		    sizeof(c->like)) < sizeof(c->like);
		infra_db_next(&c->db);
		if (fits)
			gig_words_put(c);
		c->phase = fits ? gig_index_search(c) : GIG_PH_SQL;
	}
	if (c->phase == GIG_PH_MEMORY) {
		*n = c->ix.n;
		return (0);
	}
	if (c->phase != GIG_PH_CARDS)
		return (0);
	argv[0] = c->ixids;
	argv[1] = c->ixtotal;
	if ((r = infra_db_run(req, &c->db, SQL_CARDS, 2, argv)) !=
	    INFRA_DB_OK) {
		*ret = page_db_wait(req, &c->u, r);
		return (1);
	}
	/* Changed since the index's version: PostgreSQL answers. */
	if (strtoll(infra_db_get(&c->db, 0, 14), NULL, 10) > c->ixver) {
		infra_db_next(&c->db);
		c->phase = GIG_PH_SQL;
		return (0);
	}
	*n = infra_db_isnull(&c->db, 0, 0) ? 0 : infra_db_rows(&c->db);
	return (0);
}

/* The search statement for what drives it: words, a skill, filters. */
static const char *
gig_search_sql(struct wctx *c)
{
	if (c->a[0][0] != '\0')
		return (SQL_SEARCH_WORDS);
	if (c->a[1][0] != '\0')
		return (SQL_SEARCH_SKILL);
	return (SQL_SEARCH_ALL);
}

/*
 * GIG_PH_CACHE: an API search's cached answer, asked of Redis without
 * blocking the worker: 1 when the handler returns *ret (answered, or
 * waiting for the reply); 0 on a miss, c->phase then GIG_PH_START.
 */
static int
gig_cache(struct http_request *req, struct wctx *c, int *ret)
{
	char	key[48];
	int	r;

	gig_cache_key(c, key, sizeof(key));
	if ((r = infra_redis_async(req, &c->db, &c->rw,
	    "EVAL %s 2 gigs:ver %s", GIG_CACHE_LUA, key)) != INFRA_DB_OK) {
		*ret = page_db_wait(req, &c->u, r);
		return (1);
	}
	r = gig_cache_reply(req, c, key);
	infra_rwait_clear(&c->rw);
	c->db.rwait = NULL;
	c->phase = GIG_PH_START;
	*ret = KORE_RESULT_OK;
	return (r);
}

/* GET /gigs, GET /api/v1/gigs (search); POST /api/v1/gigs (post). */
int
web_gigs(struct http_request *req)
{
	struct wctx	*c;
	char		 key[48];
	int		 r, n;

	/*
	 * An API search the worker's memo holds is answered before any
	 * per-request state is made: the worker's scratch state parses the
	 * query (one worker is one thread), and a miss goes on the usual
	 * way: Redis (GIG_PH_CACHE), the index, PostgreSQL.
	 */
	if (!http_state_exists(req) && req->method == HTTP_METHOD_GET &&
	    strncmp(req->path, "/api/", 5) == 0) {
		static struct wctx	scratch;

		scratch.err.n = 0;
		scratch.u.api = 1;
		scratch.u.lang = HLANG_EN;
		gig_search_args(req, &scratch);
		if (scratch.err.n == 0) {
			gig_cache_key(&scratch, key, sizeof(key));
			if (gig_memo_get(req, key))
				return (KORE_RESULT_OK);
		}
	}
	c = web_wctx(req);
	if (c->delegate != NULL)
		return (c->delegate(req));
	if (!c->started) {
		page_ctx_user(req, c);
		if (req->method == HTTP_METHOD_POST && c->u.api) {
			c->delegate = web_gig_new;
			return (web_gig_new(req));
		}
		if (req->method != HTTP_METHOD_GET)
			return (page_error(req, &c->u, 405, "method",
			    PS_NOT_FOUND));
		gig_search_args(req, c);
		if (c->u.api && c->err.n > 0)
			return (page_errs_reply(req, &c->u, &c->err, 400));
		c->phase = c->u.api ? GIG_PH_CACHE : GIG_PH_FILTERS;
		/* Search reads only: the replica, a second behind, will do. */
		infra_db_stale(&c->db);
	}
	if (c->phase == GIG_PH_CACHE && gig_cache(req, c, &r))
		return (r);
	if (c->phase == GIG_PH_FILTERS) {
		if ((r = infra_db_run(req, &c->db, SQL_FILTERS, 0, NULL)) !=
		    INFRA_DB_OK)
			return (page_db_wait(req, &c->u, r));
		page_page_begin(&c->out, req, &c->u,
		    web_str(WS_GIGS_TITLE, c->u.lang), NULL);
		gig_search_form(&c->out, c);
		infra_db_next(&c->db);
		c->phase = GIG_PH_START;
	}
	n = 0;
	if (c->phase != GIG_PH_SQL && gig_index(req, c, &n, &r))
		return (r);
	if (c->phase == GIG_PH_SQL) {
		if ((r = infra_db_run(req, &c->db, gig_search_sql(c), 11,
		    c->argv)) != INFRA_DB_OK)
			return (page_db_wait(req, &c->u, r));
		n = infra_db_rows(&c->db);
	}
	http_response_header(req, "x-hunar-search",
	    c->phase == GIG_PH_CARDS || c->phase == GIG_PH_MEMORY ? "index" :
	    "sql");
	if (c->u.api) {
		gig_search_json(req, c, n);
		return (KORE_RESULT_OK);
	}
	gig_results(&c->out, c, n);
	return (web_wctx_end(req, c, c->err.n > 0 ? 400 : 200));
}

/*
 * The gig's required or nice-to-have skills under their heading, from
 * the row's names "a;b*;c": the starred ones are nice to have.
 */
static void
gig_skill_section(struct infra_buf *b, struct wctx *c, enum web_str label,
    int required)
{
	const char	*p, *e;
	int		 star;

	page_html_s(b, "<h2>");
	web_html_str(b, label, c->u.lang);
	page_html_s(b, "</h2><ul>");
	for (p = infra_db_get(&c->db, 0, 19); *p != '\0'; p = *e ? e + 1 : e) {
		if ((e = strchr(p, ';')) == NULL)
			e = p + strlen(p);
		star = e > p && e[-1] == '*';
		if (star == required)
			continue;
		page_html_s(b, "<li>");
		page_html_textn(b, p, (size_t)(e - p) - (star ? 1 : 0));
		page_html_s(b, "</li>");
	}
	page_html_s(b, "</ul>");
}

static int
gig_json(struct http_request *req, struct wctx *c)
{
	struct kore_buf		b;
	struct infra_db		*d = &c->db;

	kore_buf_init(&b, 1024);
	kore_buf_appendf(&b, "{\"code\":");
	infra_json_str(&b, infra_db_get(d, 0, 1));
	page_json_field(&b, "title", infra_db_get(d, 0, 2));
	page_json_field_null(&b, "description", infra_db_get(d, 0, 3));
	kore_buf_appendf(&b, ",\"budget_pkr\":%s,\"remote\":%s",
	    infra_db_get(d, 0, 4), infra_db_get(d, 0, 5)[0] == 't' ?
	    "true" : "false");
	page_json_field_null(&b, "district", infra_db_get(d, 0, 6));
	kore_buf_appendf(&b, ",\"district_id\":%s",
	    infra_db_get(d, 0, 17)[0] ? infra_db_get(d, 0, 17) : "null");
	page_json_field_null(&b, "deadline", infra_db_get(d, 0, 8));
	page_json_field(&b, "status", infra_db_get(d, 0, 9));
	kore_buf_appendf(&b, ",\"employer\":{\"id\":%s,\"name\":",
	    infra_db_get(d, 0, 10));
	infra_json_str(&b, infra_db_get(d, 0, 11));
	page_json_field_null(&b, "org", infra_db_get(d, 0, 12));
	kore_buf_appendf(&b, "},\"posted\":");
	infra_json_str(&b, infra_db_get(d, 0, 13));
	page_json_list(&b, "skills_required", infra_db_get(d, 0, 14), ",");
	page_json_list(&b, "skills_nice", infra_db_get(d, 0, 15), ",");
	page_json_field_null(&b, "my_application", infra_db_get(d, 0, 16));
	kore_buf_appendf(&b, ",\"applications\":%s,\"sms\":",
	    infra_db_get(d, 0, 18));
	{
		char	sms[128];

		(void)snprintf(sms, sizeof(sms), "APPLY %s",
		    infra_db_get(d, 0, 1));
		infra_json_str(&b, sms);
	}
	kore_buf_appendf(&b, "}\n");
	return (page_json_send(req, 200, &b));
}

/*
 * An offer waits for the freelancer's answer: how to give it (the web
 * showed "Offered" and nothing to do; the answer is the SMS's, YES/NO).
 */
static void
gig_offer_how(struct infra_buf *b, const char *code, enum hlang lang)
{
	char	how[400];

	(void)snprintf(how, sizeof(how), web_str(WS_OFFER_HOW, lang), code,
	    code, infra_conf.shortcode);
	page_html_s(b, "<p class=\"flash\">");
	page_html_text(b, how);
	page_html_s(b, "</p>");
}

static void
gig_post_button(struct infra_buf *b, struct wctx *c, const char *code,
    const char *action, enum web_str label)
{
	char	path[64];

	(void)snprintf(path, sizeof(path), "/gigs/%s/%s", code, action);
	page_form_button(b, &c->u, path, web_str(label, c->u.lang));
}

/* The gig's owner (or an admin) sees its applicants, edit and buttons. */
static void
gig_owner_links(struct infra_buf *b, struct wctx *c, const char *code,
    const char *status)
{
	struct infra_db	*d = &c->db;

	page_html_s(b, "<p><a href=\"/workspace/gigs/");
	page_html_attr(b, code);
	page_html_s(b, "\">");
	web_html_str(b, WS_APPLICANTS, c->u.lang);
	(void)infra_buf_fmt(b, " (%s)</a>", infra_db_get(d, 0, 18));
	if (strcmp(status, "open") == 0) {
		page_html_s(b, " | <a href=\"/gigs/");
		page_html_attr(b, code);
		page_html_s(b, "/edit\">");
		web_html_str(b, WS_EDIT_GIG, c->u.lang);
		page_html_s(b, "</a>");
	}
	page_html_s(b, "</p>");
	if (strcmp(status, "open") == 0)
		gig_post_button(b, c, code, "close", WS_BTN_CLOSE_GIG);
	if (strcmp(status, "done") != 0)
		gig_post_button(b, c, code, "done", WS_BTN_DONE_GIG);
}

/* A trainee who has not applied to an open gig gets the apply form. */
static void
gig_apply_form(struct infra_buf *b, struct wctx *c, const char *code)
{
	struct page_field	 f;
	char			 path[64];

	page_html_s(b, "<h2>");
	web_html_str(b, WS_BTN_APPLY, c->u.lang);
	page_html_s(b, "</h2>");
	page_form_errors(b, c->u.lang, c->err.n);
	(void)snprintf(path, sizeof(path), "/gigs/%s/apply", code);
	page_form_open(b, &c->u, path);
	memset(&f, 0, sizeof(f));
	f.type = PAGE_FIELD_TEXTAREA;
	f.name = "proposal";
	f.label = web_str(WS_F_PROPOSAL, c->u.lang);
	f.hint = web_str(WS_F_PROPOSAL_HINT, c->u.lang);
	f.error = page_errs_get(&c->err, "proposal");
	f.value = page_input_get(&c->in, "proposal");
	f.required = 1;
	f.maxlength = 4000;
	page_form_field(b, &f);
	page_form_submit(b, web_str(WS_BTN_APPLY, c->u.lang));
	page_html_s(b, "</form>");
}

static int
gig_page(struct http_request *req, struct wctx *c, const char *flash)
{
	struct infra_db		*d = &c->db;
	struct infra_buf	*b = &c->out;
	const char		*code, *status, *mine;
	char			 sms[200];
	int			 owner;

	code = infra_db_get(d, 0, 1);
	status = infra_db_get(d, 0, 9);
	mine = infra_db_get(d, 0, 16);
	owner = c->u.id != 0 && (c->u.id == strtoll(infra_db_get(d, 0, 10),
	    NULL, 10) || (c->u.role & PAGE_ROLE_ANY) == PAGE_ROLE_ADMIN);

	page_page_begin(b, req, &c->u, infra_db_get(d, 0, 2), flash);
	page_html_s(b, "<p class=\"meta\">");
	page_money(b, infra_db_get(d, 0, 4));
	page_html_s(b, " &middot; ");
	if (infra_db_get(d, 0, 5)[0] == 't')
		web_html_str(b, WS_REMOTE, c->u.lang);
	else
		page_html_text(b, infra_db_get(d, 0,
		    c->u.lang == HLANG_UR ? 7 : 6));
	if (infra_db_get(d, 0, 8)[0] != '\0') {
		web_html_meta(b, WS_DEADLINE, c->u.lang, " ",
		    infra_db_get(d, 0, 8));
	}
	web_html_meta(b, WS_STATUS, c->u.lang, ": ",
	    web_status_label(status, c->u.lang));
	page_html_s(b, "</p><p class=\"meta\">");
	web_html_str(b, WS_POSTED_BY, c->u.lang);
	page_html_s(b, " <a href=\"/users/");
	page_html_attr(b, infra_db_get(d, 0, 10));
	page_html_s(b, "\">");
	page_html_text(b, infra_db_get(d, 0, 12)[0] ? infra_db_get(d, 0, 12) :
	    infra_db_get(d, 0, 11));
	page_html_s(b, "</a> &middot; ");
	page_html_text(b, infra_db_get(d, 0, 13));
	page_html_s(b, "</p><div>");
	page_html_text(b, infra_db_get(d, 0, 3));
	page_html_s(b, "</div>");
	if (infra_db_get(d, 0, 14)[0] != '\0')
		gig_skill_section(b, c, WS_SKILLS_REQ, 1);
	if (infra_db_get(d, 0, 15)[0] != '\0')
		gig_skill_section(b, c, WS_SKILLS_NICE, 0);
	/* How to apply by SMS, but not to whoever has applied already. */
	if (mine[0] == '\0') {
		(void)snprintf(sms, sizeof(sms), web_str(WS_SMS_APPLY,
		    c->u.lang), code, infra_conf.shortcode);
		page_html_s(b, "<p class=\"card\">");
		page_html_text(b, sms);
		page_html_s(b, "</p>");
	}

	if (owner) {
		gig_owner_links(b, c, code, status);
	} else if (mine[0] != '\0') {
		page_html_s(b, "<p class=\"flash\">");
		web_html_str(b, WS_APPLIED_ALREADY, c->u.lang);
		page_html_s(b, " ");
		web_html_str(b, WS_STATUS, c->u.lang);
		page_html_s(b, ": ");
		page_html_text(b, web_status_label(mine, c->u.lang));
		page_html_s(b, "</p>");
		if (strcmp(mine, "offered") == 0)
			gig_offer_how(b, code, c->u.lang);
	} else if (strcmp(status, "open") != 0) {
		page_html_s(b, "<p>");
		web_html_str(b, WS_GIG_CLOSED, c->u.lang);
		page_html_s(b, "</p>");
	} else if ((c->u.role & PAGE_ROLE_ANY) == PAGE_ROLE_TRAINEE) {
		gig_apply_form(b, c, code);
	} else if (c->u.id == 0) {
		page_html_s(b, "<p><a href=\"/login?next=/gigs/");
		page_html_attr(b, code);
		page_html_s(b, "\">");
		web_html_str(b, WS_LOGIN_TO_APPLY, c->u.lang);
		page_html_s(b, "</a></p>");
	}
	return (web_wctx_end(req, c, c->status ? c->status : 200));
}

/* The gig form for posting (code NULL) and editing. */
static void
gig_form(struct infra_buf *b, struct wctx *c, const char *code)
{
	static const struct {
		int		 type;
		const char	*name;
		enum web_str	 label, hint;
		int		 max, req;
	} fields[] = {
		{ PAGE_FIELD_TEXT, "title", WS_F_TITLE, WS_NONE, 120, 1 },
		{ PAGE_FIELD_TEXTAREA, "description", WS_F_DESC, WS_NONE, 5000,
		  1 },
		{ PAGE_FIELD_TEXT, "skills_required", WS_F_SKILLS_REQ,
		  WS_F_SKILLS_HINT, 400, 0 },
		{ PAGE_FIELD_TEXT, "skills_nice", WS_F_SKILLS_NICE,
		  WS_F_SKILLS_HINT, 400, 0 },
		{ PAGE_FIELD_TEXT, "budget_pkr", WS_F_BUDGET, WS_NONE, 14, 1 },
		{ PAGE_FIELD_NUMBER, "district_id", WS_F_DISTRICT, WS_NONE, 6,
		  0 },
		{ PAGE_FIELD_DATE, "deadline", WS_F_DEADLINE, WS_NONE, 10, 0 },
		{ PAGE_FIELD_CHECKBOX, "remote", WS_REMOTE, WS_NONE, 0, 0 },
	};
	struct page_field	f;
	char			path[64];
	size_t			i;

	page_form_errors(b, c->u.lang, c->err.n);
	if (code != NULL)
		(void)snprintf(path, sizeof(path), "/gigs/%s/edit", code);
	else
		(void)kore_strlcpy(path, "/gigs/new", sizeof(path));
	page_form_open(b, &c->u, path);
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		memset(&f, 0, sizeof(f));
		f.type = fields[i].type;
		f.name = fields[i].name;
		f.label = web_str(fields[i].label, c->u.lang);
		f.hint = fields[i].hint != WS_NONE ?
		    web_str(fields[i].hint, c->u.lang) : NULL;
		f.error = page_errs_get(&c->err, fields[i].name);
		f.value = page_input_get(&c->in, fields[i].name);
		if (f.value == NULL && f.type == PAGE_FIELD_CHECKBOX &&
		    code == NULL && c->err.n == 0)
			f.value = "1";
		f.required = fields[i].req;
		f.maxlength = fields[i].max;
		page_form_field(b, &f);
	}
	page_form_submit(b, web_str(WS_BTN_SAVE, c->u.lang));
	page_html_s(b, "</form>");
}

static const char *const gig_fields[] = { "title", "description",
    "skills_required", "skills_nice", "budget_pkr", "district_id",
    "deadline", "remote", NULL };

/* Checks a posted gig; on success fills c->argv for SQL_SAVE. */
static void
gig_check(struct wctx *c)
{
	enum page_str	r;
	const char	*v;
	char		today[16];
	long		n;

	(void)page_check_text(&c->err, &c->u, &c->in, "title", 3, 120,
	    PAGE_TEXT_LINE);
	(void)page_check_text(&c->err, &c->u, &c->in, "description", 10, 5000,
	    PAGE_TEXT_MULTI);
	(void)page_check_text(&c->err, &c->u, &c->in, "skills_required", 0,
	    400, PAGE_TEXT_LINE);
	(void)page_check_text(&c->err, &c->u, &c->in, "skills_nice", 0, 400,
	    PAGE_TEXT_LINE);
	if (page_input_bad(&c->in, "budget_pkr"))
		page_errs_add(&c->err, &c->u, "budget_pkr", PS_ERR_PKR, 0, 0);
	else if ((r = page_valid_pkr(page_input_get(&c->in, "budget_pkr"), 0,
	    100000000, &n)) != PS_NONE)
		page_errs_add(&c->err, &c->u, "budget_pkr", r, 0, 100000000);
	else
		(void)snprintf(c->a[4], sizeof(c->a[4]), "%ld", n);
	v = page_input_get(&c->in, "district_id");
	c->a[6][0] = '\0';
	if (page_input_bad(&c->in, "district_id") || (v != NULL &&
	    v[0] != '\0' && page_valid_long(v, 1, 100000, &n) != PS_NONE))
		page_errs_add(&c->err, &c->u, "district_id", PS_ERR_CHOICE, 0,
		    0);
	else if (v != NULL)
		(void)kore_strlcpy(c->a[6], v, sizeof(c->a[6]));
	v = page_input_get(&c->in, "deadline");
	page_today(today, sizeof(today));
	c->a[7][0] = '\0';
	if (page_input_bad(&c->in, "deadline"))
		page_errs_add(&c->err, &c->u, "deadline", PS_ERR_DATE, 0, 0);
	else if (v != NULL && v[0] != '\0') {
		if ((r = page_valid_date(v, today)) != PS_NONE)
			page_errs_add(&c->err, &c->u, "deadline", r, 0, 0);
		else
			(void)kore_strlcpy(c->a[7], v, sizeof(c->a[7]));
	}
	v = page_input_get(&c->in, "remote");
	(void)kore_strlcpy(c->a[5], v != NULL && (strcmp(v, "1") == 0 ||
	    strcmp(v, "true") == 0 || strcmp(v, "on") == 0) ? "true" : "false",
	    sizeof(c->a[5]));
	if (strcmp(c->a[5], "false") == 0 && c->a[6][0] == '\0' &&
	    c->err.n == 0)
		page_errs_add(&c->err, &c->u, "district_id", PS_ERR_REQUIRED,
		    0, 0);
}

static void
gig_save_args(struct wctx *c)
{
	const char	*v;

	(void)snprintf(c->a[0], sizeof(c->a[0]), "%lld", (long long)c->u.id);
	(void)kore_strlcpy(c->a[1], c->code, sizeof(c->a[1]));
	c->argv[0] = c->a[0];
	c->argv[1] = c->a[1];
	c->argv[2] = page_input_get(&c->in, "title");
	v = page_input_get(&c->in, "description");
	c->argv[3] = v != NULL ? v : "";
	c->argv[4] = c->a[4];
	c->argv[5] = c->a[5];
	c->argv[6] = c->a[6];
	c->argv[7] = c->a[7];
	v = page_input_get(&c->in, "skills_required");
	c->argv[8] = v != NULL ? v : "";
	v = page_input_get(&c->in, "skills_nice");
	c->argv[9] = v != NULL ? v : "";
}

/* Answers gig_save()/gig_set_status()/gig_apply() results that failed. */
static int
gig_result_error(struct http_request *req, struct wctx *c, const char *res)
{
	if (strcmp(res, "not_found") == 0 || strcmp(res, "no_gig") == 0)
		return (page_error(req, &c->u, 404, "not_found", PS_NOT_FOUND));
	if (strcmp(res, "forbidden") == 0 || strcmp(res, "not_employer") == 0
	    || strcmp(res, "not_allowed") == 0)
		return (page_error(req, &c->u, 403, "forbidden", PS_FORBIDDEN));
	if (strcmp(res, "already") == 0)
		return (web_error(req, &c->u, 409, "already_applied",
		    WS_APPLIED_ALREADY));
	if (strcmp(res, "closed") == 0 || strcmp(res, "bad_status") == 0)
		return (web_error(req, &c->u, 409, "gig_closed",
		    WS_GIG_CLOSED));
	return (page_error(req, &c->u, 400, "invalid", PS_ERR_CHOICE));
}

/*
 * Runs gig_save()/gig_set_status()/gig_apply() with c->argv: 0 when its
 * word is ok (the row in c->db), else 1 with *rv the handler's result
 * (waiting, or the refusal answered).
 */
static int
gig_call(struct http_request *req, struct wctx *c, const char *sql, int n,
    const char *ok, int *rv)
{
	const char	*res;
	int		 r;

	if ((r = infra_db_run(req, &c->db, sql, n, c->argv)) != INFRA_DB_OK) {
		*rv = page_db_wait(req, &c->u, r);
		return (1);
	}
	res = infra_db_get(&c->db, 0, 0);
	if (strcmp(res, ok) != 0) {
		*rv = gig_result_error(req, c, res);
		return (1);
	}
	return (0);
}

/*
 * Phase 3 of web_gig_new(): the edit form, filled from the gig, for its
 * owner or an admin.
 */
static int
gig_edit_form(struct http_request *req, struct wctx *c)
{
	static const int	cols[] = { 2, 3, 14, 15, 4, 17, 8, 5 };
	const char		*v;
	int			 i, r;

	c->argv[0] = c->code;
	c->argv[1] = "";
	c->argv[2] = "en";
	if ((r = infra_db_run(req, &c->db, SQL_GIG, 3, c->argv)) !=
	    INFRA_DB_OK)
		return (page_db_wait(req, &c->u, r));
	if (infra_db_rows(&c->db) != 1)
		return (page_error(req, &c->u, 404, "not_found", PS_NOT_FOUND));
	if (strtoll(infra_db_get(&c->db, 0, 10), NULL, 10) != c->u.id &&
	    (c->u.role & PAGE_ROLE_ANY) != PAGE_ROLE_ADMIN)
		return (page_error(req, &c->u, 403, "forbidden", PS_FORBIDDEN));
	memset(&c->in, 0, sizeof(c->in));
	for (i = 0; gig_fields[i] != NULL; i++) {
		v = infra_db_get(&c->db, 0, cols[i]);
		if (i == 7)
			v = v[0] == 't' ? "1" : "";
		page_input_set(&c->in, i, gig_fields[i], v);
	}
	c->in.n = i;
	page_page_begin(&c->out, req, &c->u, web_str(WS_EDIT_GIG, c->u.lang),
	    NULL);
	gig_form(&c->out, c, c->code);
	return (web_wctx_end(req, c, 200));
}

/*
 * GET/POST /gigs/new; POST /api/v1/gigs; GET/POST /gigs/<code>/edit and
 * PUT /api/v1/gigs/<code> (c->code set by web_gig()).
 */
int
web_gig_new(struct http_request *req)
{
	struct wctx	*c;
	char		 loc[80], flash[300];
	int		 r;

	c = web_wctx(req);
	if (c->phase == 0) {
		if (!web_wctx_require(req, c, PAGE_ROLE_EMPLOYER |
		    PAGE_ROLE_ADMIN))
			return (KORE_RESULT_OK);
		if (req->method == HTTP_METHOD_GET) {
			if (c->u.api)
				return (page_error(req, &c->u, 405, "method",
				    PS_NOT_FOUND));
			if (c->code[0] != '\0') {
				c->phase = 3;	/* load the gig to edit */
			} else {
				page_page_begin(&c->out, req, &c->u,
				    web_str(WS_POST_GIG, c->u.lang), NULL);
				gig_form(&c->out, c, NULL);
				return (web_wctx_end(req, c, 200));
			}
		} else {
			if (!page_csrf_ok(req, &c->u))
				return (KORE_RESULT_OK);
			if (!page_input_read(req, &c->u, &c->in, gig_fields))
				return (KORE_RESULT_OK);
			gig_check(c);
			if (c->err.n > 0) {
				if (c->u.api)
					return (page_errs_reply(req, &c->u,
					    &c->err, 422));
				page_page_begin(&c->out, req, &c->u,
				    web_str(c->code[0] ? WS_EDIT_GIG :
				    WS_POST_GIG, c->u.lang), NULL);
				gig_form(&c->out, c, c->code[0] ? c->code :
				    NULL);
				return (web_wctx_end(req, c, 422));
			}
			gig_save_args(c);
			c->phase = 1;
		}
	}
	if (c->phase == 1) {
		if (gig_call(req, c, SQL_SAVE, 10, "ok", &r))
			return (r);
		gig_cache_bump();
		if (c->u.api) {
			struct kore_buf	b;

			kore_buf_init(&b, 128);
			kore_buf_appendf(&b, "{\"code\":");
			infra_json_str(&b, infra_db_get(&c->db, 0, 1));
			page_json_list(&b, "unknown_skills",
			    infra_db_get(&c->db, 0, 2), ",");
			kore_buf_appendf(&b, "}\n");
			return (page_json_send(req, c->code[0] ? 200 : 201,
			    &b));
		}
		(void)snprintf(loc, sizeof(loc), "/gigs/%s?saved=1",
		    infra_db_get(&c->db, 0, 1));
		(void)flash;
		return (page_redirect(req, &c->u, loc));
	}
	return (gig_edit_form(req, c));
}

/*
 * POST /gigs/<code>/apply (or the API's applications): the proposal, read
 * and checked.  Returns -1 to go on (c->phase set), or the answer sent.
 */
static int
gig_apply_read(struct http_request *req, struct wctx *c)
{
	static const char *const	apply_fields[] = { "proposal", NULL };

	if (req->method != HTTP_METHOD_POST)
		return (page_error(req, &c->u, 405, "method",
		    PS_NOT_FOUND));
	if (!page_require(req, &c->u, PAGE_ROLE_TRAINEE) ||
	    !page_csrf_ok(req, &c->u))
		return (KORE_RESULT_OK);
	if (!page_input_read(req, &c->u, &c->in, apply_fields))
		return (KORE_RESULT_OK);
	if (!page_check_text(&c->err, &c->u, &c->in,
	    "proposal", 20, 4000, PAGE_TEXT_MULTI)) {
		if (c->u.api)
			return (page_errs_reply(req, &c->u,
			    &c->err, 422));
		c->phase = 0;	/* the gig page, with errors */
		c->status = 422;
	} else
		c->phase = 2;
	return (-1);
}

/* The gig's page or JSON, with a flash after a save or an application. */
static int
gig_show(struct http_request *req, struct wctx *c, char *uid)
{
	char	loc[96];
	int	r;

	c->argv[0] = c->code;
	c->argv[1] = c->u.id ? uid : "";
	c->argv[2] = infra_lang_code(c->u.lang);
	if ((r = infra_db_run(req, &c->db, SQL_GIG, 3, c->argv)) !=
	    INFRA_DB_OK)
		return (page_db_wait(req, &c->u, r));
	if (infra_db_rows(&c->db) != 1)
		return (page_error(req, &c->u, 404, "not_found",
		    PS_NOT_FOUND));
	if (c->u.api)
		return (gig_json(req, c));
	return (gig_page(req, c, infra_arg(req, "saved", loc,
	    sizeof(loc)) >= 0 ? web_str(WS_SAVED, c->u.lang) :
	    infra_arg(req, "applied", loc, sizeof(loc)) >= 0 ?
	    web_str(WS_APPLIED_OK, c->u.lang) : NULL));
}

/* POST /gigs/<code>/close or /done by the owner or an admin. */
static int
gig_set_status(struct http_request *req, struct wctx *c, char *uid)
{
	char		 loc[96];
	int		 r;

	c->argv[0] = uid;
	c->argv[1] = c->code;
	c->argv[2] = strcmp(c->action, "done") == 0 ? "done" :
	    "closed";
	if (gig_call(req, c, SQL_SET_STATUS, 3, "ok", &r))
		return (r);
	gig_cache_bump();
	if (c->u.api) {
		http_response_header(req, "content-type",
		    "application/json; charset=utf-8");
		http_response(req, 200, "{\"ok\":true}\n", 12);
		return (KORE_RESULT_OK);
	}
	(void)snprintf(loc, sizeof(loc), "/workspace/gigs/%s", c->code);
	return (page_redirect(req, &c->u, loc));
}

/* An application stored: JSON, or back to the gig's page. */
static int
gig_apply(struct http_request *req, struct wctx *c, char *uid)
{
	struct kore_buf	b;
	char		 loc[96];
	int		 r;

	c->argv[0] = uid;
	c->argv[1] = c->code;
	c->argv[2] = page_input_get(&c->in, "proposal");
	c->argv[3] = "web";
	if (gig_call(req, c, SQL_APPLY, 4, "applied", &r))
		return (r);
	if (c->u.api) {
		kore_buf_init(&b, 64);
		kore_buf_appendf(&b, "{\"application_id\":%s,"
		    "\"status\":\"applied\"}\n",
		    infra_db_get(&c->db, 0, 1));
		return (page_json_send(req, 201, &b));
	}
	(void)snprintf(loc, sizeof(loc), "/gigs/%s?applied=1", c->code);
	return (page_redirect(req, &c->u, loc));
}

/*
 * /gigs/<code>[/edit|/close|/done|/apply|/reviews] and the same under
 * /api/v1/gigs/<code> (/applications for apply).
 */
int
web_gig(struct http_request *req)
{
	struct wctx			*c;
	const char			*prefix;
	char				 code[16], uid[24];
	int				 r;

	c = web_wctx(req);
	if (c->delegate != NULL)
		return (c->delegate(req));
	if (!c->started) {
		page_ctx_user(req, c);
		prefix = c->u.api ? "/api/v1/gigs/" : "/gigs/";
		if (!page_path_parse(req->path, prefix, code, sizeof(code),
		    c->action, sizeof(c->action)) ||
		    page_valid_code(code, 'G', c->code, sizeof(c->code)) !=
		    PS_NONE)
			return (page_error(req, &c->u, 404, "not_found",
			    PS_NOT_FOUND));
		if (strcmp(c->action, "edit") == 0 ||
		    (c->u.api && c->action[0] == '\0' &&
		    req->method == HTTP_METHOD_PUT)) {
			c->phase = 0;
			c->delegate = web_gig_new;
			return (web_gig_new(req));
		}
		if (strcmp(c->action, "reviews") == 0) {
			c->delegate = web_review;
			return (web_review(req));
		}
		if (c->u.api && strcmp(c->action, "applications") == 0 &&
		    req->method == HTTP_METHOD_GET) {
			c->delegate = web_applicants;
			return (web_applicants(req));
		}
		if (c->action[0] == '\0') {
			if (req->method != HTTP_METHOD_GET)
				return (page_error(req, &c->u, 405, "method",
				    PS_NOT_FOUND));
			c->phase = 0;
		} else if (strcmp(c->action, "close") == 0 ||
		    strcmp(c->action, "done") == 0) {
			if (req->method != HTTP_METHOD_POST)
				return (page_error(req, &c->u, 405, "method",
				    PS_NOT_FOUND));
			if (!page_require(req, &c->u, PAGE_ROLE_EMPLOYER |
			    PAGE_ROLE_ADMIN) || !page_csrf_ok(req, &c->u))
				return (KORE_RESULT_OK);
			c->phase = 1;
		} else if (strcmp(c->action, c->u.api ? "applications" :
		    "apply") == 0) {
			if ((r = gig_apply_read(req, c)) != -1)
				return (r);
		} else
			return (page_error(req, &c->u, 404, "not_found",
			    PS_NOT_FOUND));
	}

	(void)snprintf(uid, sizeof(uid), "%lld", (long long)c->u.id);
	switch (c->phase) {
	case 0:
		return (gig_show(req, c, uid));
	case 1:
		return (gig_set_status(req, c, uid));
	case 2:
		return (gig_apply(req, c, uid));
	}
	return (page_error(req, &c->u, 404, "not_found", PS_NOT_FOUND));
}

/* GET /me/applications, GET /api/v1/me/applications */
int
web_my_apps(struct http_request *req)
{
	struct wctx		*c;
	struct infra_buf	*b;
	struct kore_buf		 j;
	int			 r, i, n;

	c = web_wctx(req);
	if (!c->started && !web_wctx_self(req, c, PAGE_ROLE_TRAINEE))
		return (KORE_RESULT_OK);
	if ((r = infra_db_run(req, &c->db, SQL_MY_APPS, 1, c->argv)) !=
	    INFRA_DB_OK)
		return (page_db_wait(req, &c->u, r));
	n = infra_db_rows(&c->db);
	if (c->u.api) {
		kore_buf_init(&j, 512);
		kore_buf_appendf(&j, "{\"applications\":[");
		for (i = 0; i < n; i++) {
			kore_buf_appendf(&j, "%s{\"id\":%s,\"gig\":", i ? "," :
			    "", infra_db_get(&c->db, i, 7));
			infra_json_str(&j, infra_db_get(&c->db, i, 0));
			page_json_field(&j, "title",
			    infra_db_get(&c->db, i, 1));
			page_json_field(&j, "status",
			    infra_db_get(&c->db, i, 2));
			page_json_field(&j, "applied",
			    infra_db_get(&c->db, i, 3));
			page_json_field(&j, "gig_status",
			    infra_db_get(&c->db, i, 4));
			kore_buf_appendf(&j, ",\"employer_id\":%s}",
			    infra_db_get(&c->db, i, 5));
		}
		kore_buf_appendf(&j, "]}\n");
		return (page_json_send(req, 200, &j));
	}
	b = &c->out;
	page_page_begin(b, req, &c->u, web_str(WS_MYAPPS_TITLE, c->u.lang),
	    NULL);
	if (n == 0) {
		page_html_s(b, "<p>");
		web_html_str(b, WS_NO_APPS, c->u.lang);
		page_html_s(b, " <a href=\"/gigs\">");
		web_html_str(b, WS_GIGS_TITLE, c->u.lang);
		page_html_s(b, "</a></p>");
	}
	for (i = 0; i < n; i++) {
		page_html_card(b, "/gigs/", infra_db_get(&c->db, i, 0),
		    infra_db_get(&c->db, i, 1));
		page_html_s(b, "<p>");
		web_html_str(b, WS_STATUS, c->u.lang);
		page_html_s(b, ": <strong class=\"status\">");
		page_html_text(b, web_status_label(infra_db_get(&c->db, i, 2),
		    c->u.lang));
		page_html_s(b, "</strong> &middot; ");
		page_html_text(b, infra_db_get(&c->db, i, 3));
		page_html_s(b, "</p>");
		if (strcmp(infra_db_get(&c->db, i, 2), "offered") == 0)
			gig_offer_how(b, infra_db_get(&c->db, i, 0), c->u.lang);
		/* The work is done: the freelancer reviews the employer. */
		if (strcmp(infra_db_get(&c->db, i, 2), "done") == 0 &&
		    infra_db_get(&c->db, i, 8)[0] == 'f') {
			char	path[64];

			(void)snprintf(path, sizeof(path), "/gigs/%s/reviews",
			    infra_db_get(&c->db, i, 0));
			page_html_s(b, "<h3>");
			web_html_str(b, WS_REVIEW_TITLE, c->u.lang);
			page_html_s(b, ": ");
			page_html_text(b, infra_db_get(&c->db, i, 6));
			page_html_s(b, "</h3>");
			page_form_open(b, &c->u, path);
			web_review_fields(b, c, infra_db_get(&c->db, i, 5),
			    infra_db_get(&c->db, i, 0));
			page_html_s(b, "</form>");
		}
		page_html_s(b, "</article>");
	}
	return (web_wctx_end(req, c, 200));
}
