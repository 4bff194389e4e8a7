/*
 * The gig search index kept live in a Kore worker (web_search.h): pure,
 * libpq and one thread, no Kore.  The thread owns a plain connection:
 * it loads every open gig (4-6 s for 100k: the event loop must not wait
 * on that, and a Kore task is bound to a request), then LISTENs on
 * gig_search and, on each NOTIFY and at least every second, reads the
 * change log past its version (web/sql/V0027__gig_search_log.sql) and
 * applies it.  Each gig's card (GIG_SQL_COLS' first columns) is kept with
 * it, so that an API search needs no query at all while the index is
 * known fresh (ws_live_search()'s *synced).  The worker searches under the same mutex; while the index
 * is not loaded, or its connection is down, it says SRCH_ASK_SQL.
 */
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "web/web_search.h"

#define LIVE_BATCH	5000	/* gigs a FETCH of the first load reads */
#define LIVE_POLL_MS	250	/* the log is read at least this often */
#define LIVE_SKILLS	1024
#define LIVE_PROVINCES	64
#define LIVE_POS	16384	/* positions of a gig (5,000 characters) */

/* The columns SRCH_SQL_LOAD and the change log's query share, in order. */
#define LIVE_COLS							\
    "g.id, (extract(epoch FROM g.created_at) * 1000000)::bigint, "	\
    "g.budget_pkr, coalesce(g.deadline - date '1970-01-01', "		\
    "2147483647), coalesce(g.district_id, 0), "			\
    "coalesce(d.province_id, 0), g.remote::int, lower(g.title), "	\
    "g.search::text, coalesce((SELECT array_agg("			\
    "s.skill_id) FROM gig_skills s WHERE s.gig_id = g.id), '{}'), "	\
    "g.code, g.title, left(g.description, 160), g.budget_pkr, "	\
    "g.remote, coalesce(d.name_en, ''), coalesce(d.name_ur, ''), "	\
    "coalesce(g.deadline::text, ''), g.created_at::date "
#define LIVE_CARD	10	/* the card's first column in LIVE_COLS */
#define LIVE_NCOLS	(LIVE_CARD + SRCH_CARD_COLS)

static const char SQL_LOAD[] = "DECLARE ws NO SCROLL CURSOR FOR SELECT "
    LIVE_COLS "FROM gigs g LEFT JOIN districts d ON "
    "d.id = g.district_id WHERE g.status = 'open'";

/*
 * What the typo fallback's "lower(title) %> word" depends on: the
 * threshold (web/sql/V0018; pg_trgm's default when not set, or not
 * loaded yet), and which characters are word characters (show_trgm() of
 * one has trigrams) and \s, for every character of an open gig's title
 * and ASCII (a search's other characters are asked of SQL).
 */
static const char SQL_TYPOS[] = "SELECT coalesce(current_setting("
    "'pg_trgm.word_similarity_threshold', true), '0.6')";
static const char SQL_CHARS[] = "SELECT c, show_trgm(c) <> '{}', "
    "c ~ '\\s' FROM (SELECT DISTINCT string_to_table(lower(title), NULL) c "
    "FROM gigs WHERE status = 'open' UNION SELECT chr(i) FROM "
    "generate_series(1, 127) i) x WHERE c <> ''";

/*
 * What changed past version $1: each logged gig as it is now (NULL
 * columns when it is no longer open), its version and id (NULL: every
 * gig), and the oldest version the log still holds.
 */
static const char SQL_CHANGES[] = "SELECT " LIVE_COLS ", l.ver, "
    "l.gig_id, (SELECT min(ver) FROM gig_search_log) "
    "FROM gig_search_log l LEFT JOIN gigs g ON g.id = l.gig_id AND "
    "g.status = 'open' LEFT JOIN districts d ON d.id = g.district_id "
    "WHERE l.ver > $1::bigint ORDER BY l.ver";

struct ws_code {
	uint16_t	id;
	char		code[48];
};

/* A gig's lexemes and their positions, as ws_tsv_parse() reads them. */
struct ws_live_tsv {
	const char	*lex[WS_TSV_MAXLEX];
	const uint16_t	*pos[WS_TSV_MAXLEX];
	int		 npos[WS_TSV_MAXLEX];
	uint16_t	 buf[LIVE_POS];
};

struct ws_live {
	pthread_mutex_t	 lock;
	pthread_t	 tid;
	int		 wake[2];	/* ws_live_stop() writes: leave */
	volatile int	 stop;
	struct ws_live	*owner;		/* a load's scratch: whose stop */
	char		 dsn[512];
	struct ws_index	*ix;		/* NULL until loaded */
	int64_t		 ver;		/* every change up to it applied */
	double		 synced;	/* every change committed before it, too */
	int		 up;		/* the connection reads the log */
	struct ws_code	 skill[LIVE_SKILLS];
	int		 nskill;
	struct ws_code	 prov[LIVE_PROVINCES];
	int		 nprov;
	struct ws_live_tsv *tsv;	/* the log's gigs are read through it */
	uint64_t	 loads;
	uint64_t	 changes;
	double		 load_s;
};

/* "{a,b,\"c d\"}" (a text[] or int[] as text) into its elements, in place. */
static int
ws_pg_array(char *s, char **out, int max)
{
	char	*p = s + 1, *w;
	int	 n = 0;

	while (*p != '\0' && *p != '}' && n < max) {
		if (*p == '"') {
			w = ++p;
			while (*p != '\0' && *p != '"') {
				if (*p == '\\' && p[1] != '\0')
					memmove(p, p + 1, strlen(p));
				p++;
			}
		} else {
			w = p;
			while (*p != '\0' && *p != ',' && *p != '}')
				p++;
		}
		if (*p == '"')
			*p++ = '\0';
		if (*p == ',' || *p == '}')
			*p++ = '\0';
		out[n++] = w;
	}
	return (n);
}

/* Row i of r (LIVE_COLS) into ix; -1: out of memory or a bad row. */
static int
ws_live_put(struct ws_index *ix, PGresult *r, int i, struct ws_live_tsv *t)
{
	struct ws_gig_in	 g;
	char			*sk[64];
	uint16_t		 skills[64];
	int			 k;

	memset(&g, 0, sizeof(g));
	g.id = strtoll(PQgetvalue(r, i, 0), NULL, 10);
	g.created = strtoll(PQgetvalue(r, i, 1), NULL, 10);
	g.budget = (int32_t)strtol(PQgetvalue(r, i, 2), NULL, 10);
	g.deadline = (int32_t)strtol(PQgetvalue(r, i, 3), NULL, 10);
	g.district = (uint32_t)strtoul(PQgetvalue(r, i, 4), NULL, 10);
	g.province = (uint16_t)strtoul(PQgetvalue(r, i, 5), NULL, 10);
	g.remote = PQgetvalue(r, i, 6)[0] == '1';
	g.title = PQgetvalue(r, i, 7);
	if ((g.nlex = ws_tsv_parse(PQgetvalue(r, i, 8), t->lex, t->pos,
	    t->npos, t->buf, LIVE_POS)) < 0)
		return (-1);
	g.lexemes = t->lex;
	g.pos = t->pos;
	g.npos = t->npos;
	g.nskills = ws_pg_array(PQgetvalue(r, i, 9), sk, 64);
	for (k = 0; k < g.nskills; k++)
		skills[k] = (uint16_t)strtoul(sk[k], NULL, 10);
	g.skills = skills;
	for (k = 0; k < SRCH_CARD_COLS; k++)
		g.card[k] = PQgetvalue(r, i, LIVE_CARD + k);
	return (ws_put(ix, &g));
}

static int
ws_live_ok(PGconn *db, PGresult *r, ExecStatusType want, const char *what)
{
	if (PQresultStatus(r) == want)
		return (1);
	fprintf(stderr, "web search index: %s: %s", what, PQerrorMessage(db));
	PQclear(r);
	return (0);
}

/* Rows "id, code" of sql into t (at most max); their number, or -1. */
static int
ws_live_codes(PGconn *db, const char *sql, struct ws_code *t, int max)
{
	PGresult	*r;
	int		 i, n;

	r = PQexec(db, sql);
	if (!ws_live_ok(db, r, PGRES_TUPLES_OK, "codes"))
		return (-1);
	n = PQntuples(r) < max ? PQntuples(r) : max;
	for (i = 0; i < n; i++) {
		t[i].id = (uint16_t)strtoul(PQgetvalue(r, i, 0), NULL, 10);
		(void)snprintf(t[i].code, sizeof(t[i].code), "%s",
		    PQgetvalue(r, i, 1));
	}
	PQclear(r);
	return (n);
}

/* Each FETCH of the load's cursor into ix; -1 on failure or a stop. */
static int
ws_live_fetch(PGconn *db, struct ws_index *ix, struct ws_live *lv)
{
	struct ws_live_tsv	*t;
	PGresult		*r;
	char			 sql[64];
	int			 i, n, rc = -1;

	if ((t = malloc(sizeof(*t))) == NULL)
		return (-1);
	(void)snprintf(sql, sizeof(sql), "FETCH %d FROM ws", LIVE_BATCH);
	do {
		if (lv != NULL && lv->owner != NULL && lv->owner->stop)
			goto out;
		r = PQexec(db, sql);
		if (!ws_live_ok(db, r, PGRES_TUPLES_OK, "load"))
			goto out;
		n = PQntuples(r);
		for (i = 0; i < n; i++)
			if (ws_live_put(ix, r, i, t) == -1) {
				PQclear(r);
				goto out;
			}
		PQclear(r);
	} while (n == LIVE_BATCH);
	rc = 0;
out:
	free(t);
	return (rc);
}

/* The typo fallback's threshold and characters into ix; -1 on failure. */
static int
ws_live_typos(PGconn *db, struct ws_index *ix)
{
	PGresult	*r;
	int		 i;

	r = PQexec(db, SQL_TYPOS);
	if (!ws_live_ok(db, r, PGRES_TUPLES_OK, "typos"))
		return (-1);
	i = PQntuples(r) == 1 && ws_typos(ix, strtod(PQgetvalue(r, 0, 0),
	    NULL)) == 0;
	PQclear(r);
	if (!i)
		return (-1);
	r = PQexec(db, SQL_CHARS);
	if (!ws_live_ok(db, r, PGRES_TUPLES_OK, "characters"))
		return (-1);
	for (i = 0; i < PQntuples(r); i++)
		if (ws_typo_char(ix, PQgetvalue(r, i, 0),
		    PQgetvalue(r, i, 1)[0] == 't',
		    PQgetvalue(r, i, 2)[0] == 't') == -1) {
			PQclear(r);
			return (-1);
		}
	PQclear(r);
	return (0);
}

/*
 * Every open gig into a new index, with the version it is at (one
 * snapshot: what commits later has a later version), and the skills'
 * and provinces' ids.  NULL on failure.  The bench loads this way too.
 */
struct ws_index *
ws_load(struct pg_conn *db, int64_t *ver, struct ws_live *lv)
{
	struct ws_index	*ix;
	PGresult	*r;
	int		 ok;

	r = PQexec(db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
	if (!ws_live_ok(db, r, PGRES_COMMAND_OK, "begin"))
		return (NULL);
	PQclear(r);
	r = PQexec(db, "SELECT v FROM gig_search_ver");
	if (!ws_live_ok(db, r, PGRES_TUPLES_OK, "version"))
		return (NULL);
	*ver = PQntuples(r) ? strtoll(PQgetvalue(r, 0, 0), NULL, 10) : 0;
	PQclear(r);
	r = PQexec(db, SQL_LOAD);
	if (!ws_live_ok(db, r, PGRES_COMMAND_OK, "cursor"))
		return (NULL);
	PQclear(r);
	if ((ix = ws_new()) == NULL)
		return (NULL);
	if (ws_live_typos(db, ix) == -1) {
		ws_free(ix);
		return (NULL);
	}
	ok = ws_live_fetch(db, ix, lv) == 0;
	if (ok && lv != NULL) {
		/* Read under the lock's owner only: see ws_live_reload(). */
		ok = (lv->nskill = ws_live_codes(db, "SELECT id, slug FROM "
		    "skills", lv->skill, LIVE_SKILLS)) >= 0 &&
		    (lv->nprov = ws_live_codes(db, "SELECT id, code FROM "
		    "provinces", lv->prov, LIVE_PROVINCES)) >= 0;
	}
	r = PQexec(db, "COMMIT");
	ok = ok && ws_live_ok(db, r, PGRES_COMMAND_OK, "commit");
	if (ok)
		PQclear(r);
	if (!ok) {
		ws_free(ix);
		return (NULL);
	}
	return (ix);
}

static double
ws_live_now(void)
{
	struct timespec	t;

	(void)clock_gettime(CLOCK_MONOTONIC, &t);
	return ((double)t.tv_sec + (double)t.tv_nsec / 1e9);
}

/* A new index from scratch, swapped in whole; -1 on failure. */
static int
ws_live_reload(struct ws_live *lv, PGconn *db)
{
	struct ws_live	 tmp;
	struct ws_index	*ix, *old;
	int64_t		 ver;
	double		 t0;

	t0 = ws_live_now();
	memset(&tmp, 0, sizeof(tmp));
	tmp.owner = lv;
	if ((ix = ws_load(db, &ver, &tmp)) == NULL)
		return (-1);
	(void)pthread_mutex_lock(&lv->lock);
	old = lv->ix;
	lv->ix = ix;
	lv->ver = ver;
	lv->synced = t0;
	lv->up = 1;
	memcpy(lv->skill, tmp.skill, sizeof(lv->skill));
	lv->nskill = tmp.nskill;
	memcpy(lv->prov, tmp.prov, sizeof(lv->prov));
	lv->nprov = tmp.nprov;
	lv->loads++;
	lv->load_s = ws_live_now() - t0;
	(void)pthread_mutex_unlock(&lv->lock);
	ws_free(old);
	return (0);
}

static void
ws_live_synced(struct ws_live *lv, double t)
{
	(void)pthread_mutex_lock(&lv->lock);
	lv->synced = t;
	(void)pthread_mutex_unlock(&lv->lock);
}

/*
 * Applies the log past the index's version: 0 done, 1 a reload is due
 * (asked for, the log pruned past us, or dead rows outnumber the live),
 * -1 the connection failed.
 */
static int
ws_live_changes(struct ws_live *lv, PGconn *db)
{
	PGresult	*r;
	const char	*arg[1];
	char		 ver[24];
	double		 t0;
	int		 i, n, rc = 0;

	(void)pthread_mutex_lock(&lv->lock);
	(void)snprintf(ver, sizeof(ver), "%lld", (long long)lv->ver);
	(void)pthread_mutex_unlock(&lv->lock);
	arg[0] = ver;
	/* What committed before the query was sent, the query sees. */
	t0 = ws_live_now();
	r = PQexecParams(db, SQL_CHANGES, 1, NULL, arg, NULL, NULL, 0);
	if (!ws_live_ok(db, r, PGRES_TUPLES_OK, "changes"))
		return (-1);
	if ((n = PQntuples(r)) == 0 || strtoll(PQgetvalue(r, 0,
	    LIVE_NCOLS + 2), NULL, 10) > strtoll(ver, NULL, 10) + 1) {
		PQclear(r);
		if (n == 0)
			ws_live_synced(lv, t0);
		return (n == 0 ? 0 : 1);
	}
	(void)pthread_mutex_lock(&lv->lock);
	for (i = 0; i < n && rc == 0; i++) {
		if (PQgetisnull(r, i, LIVE_NCOLS + 1))
			rc = 1;
		else if (PQgetisnull(r, i, 0))
			ws_del(lv->ix, strtoll(PQgetvalue(r, i, LIVE_NCOLS + 1),
			    NULL, 10));
		else if (ws_live_put(lv->ix, r, i, lv->tsv) == -1)
			rc = 1;
	}
	if (rc == 0) {
		lv->ver = strtoll(PQgetvalue(r, n - 1, LIVE_NCOLS), NULL, 10);
		lv->synced = t0;
		lv->changes += (uint64_t)n;
		if (ws_rows(lv->ix) > 2 * ws_count(lv->ix) + 10000)
			rc = 1;
	}
	(void)pthread_mutex_unlock(&lv->lock);
	PQclear(r);
	return (rc);
}

/*
 * Until a NOTIFY (db NULL: none), ms, or a stop; -1 when the connection
 * broke or the thread is to end.
 */
static int
ws_live_wait(struct ws_live *lv, PGconn *db, int ms)
{
	struct pollfd	 p[2];
	PGnotify	*nt;

	p[0].fd = lv->wake[0];
	p[0].events = POLLIN;
	p[1].fd = db != NULL ? PQsocket(db) : -1;
	p[1].events = POLLIN;
	if ((db != NULL && p[1].fd < 0) || poll(p, 2, ms) < 0 || lv->stop)
		return (-1);
	if (db == NULL)
		return (0);
	if (PQconsumeInput(db) == 0)
		return (-1);
	while ((nt = PQnotifies(db)) != NULL)
		PQfreemem(nt);
	return (0);
}

static void
ws_live_down(struct ws_live *lv)
{
	(void)pthread_mutex_lock(&lv->lock);
	lv->up = 0;
	(void)pthread_mutex_unlock(&lv->lock);
}

/* The thread: connect, load, follow the log; on trouble start over. */
static void *
ws_live_main(void *arg)
{
	struct ws_live	*lv = arg;
	PGconn		*db;
	PGresult	*r;
	unsigned int	 pause = 1;
	int		 rc;

	for (; !lv->stop; pause = pause < 8 ? pause * 2 : 8) {
		db = PQconnectdb(lv->dsn);
		r = PQstatus(db) == CONNECTION_OK ? PQexec(db,
		    "LISTEN gig_search") : NULL;
		if (r == NULL || !ws_live_ok(db, r, PGRES_COMMAND_OK,
		    "listen") || ws_live_reload(lv, db) == -1) {
			PQfinish(db);
			(void)ws_live_wait(lv, NULL, (int)pause * 1000);
			continue;
		}
		PQclear(r);
		pause = 1;
		while ((rc = ws_live_changes(lv, db)) != -1 &&
		    (rc == 0 || ws_live_reload(lv, db) == 0))
			if (ws_live_wait(lv, db, LIVE_POLL_MS) == -1)
				break;
		/* Changes made meanwhile are not seen: SQL answers. */
		ws_live_down(lv);
		PQfinish(db);
	}
	return (NULL);
}

/* Starts the thread (dsn: a libpq connection string); NULL on failure. */
struct ws_live *
ws_live_start(const char *dsn)
{
	struct ws_live	*lv;

	if ((lv = calloc(1, sizeof(*lv))) == NULL)
		return (NULL);
	(void)snprintf(lv->dsn, sizeof(lv->dsn), "%s application_name="
	    "hunar_search_index", dsn);
	if ((lv->tsv = malloc(sizeof(*lv->tsv))) == NULL ||
	    pipe(lv->wake) == -1) {
		free(lv->tsv);
		free(lv);
		return (NULL);
	}
	if (pthread_mutex_init(&lv->lock, NULL) != 0 ||
	    pthread_create(&lv->tid, NULL, ws_live_main, lv) != 0) {
		(void)close(lv->wake[0]);
		(void)close(lv->wake[1]);
		free(lv->tsv);
		free(lv);
		return (NULL);
	}
	return (lv);
}

/*
 * Ends the thread before the code it runs goes away (a Kore worker
 * unloads its module on the way out): its waits wake on the pipe, a
 * first load stops between FETCHes.  (pthread_cancel() would do it in
 * libpq's reads, but leaves the connection half-read and trips ASan.)
 */
void
ws_live_stop(struct ws_live *lv)
{
	lv->stop = 1;
	(void)write(lv->wake[1], "x", 1);
	(void)pthread_join(lv->tid, NULL);
}

static uint16_t
ws_live_code(const struct ws_code *t, int n, const char *code)
{
	int	i;

	for (i = 0; i < n; i++)
		if (strcmp(t[i].code, code) == 0)
			return (t[i].id);
	return (0);
}

/*
 * Searches the live index: as ws_search(), and SRCH_ASK_SQL while it is
 * not loaded or not following the log, or for a skill or province it
 * does not know (q's skill and province are set here from the slug and
 * code, "" for none).  *ver: the version the answer is at; *synced: the
 * monotonic time (ws_live_clock()) before which every committed change is
 * in it.  With cards, the page's cards are copied out too.
 */
int
ws_live_search(struct ws_live *lv, struct ws_query *q, const char *skill,
    const char *province, struct ws_result *res, int64_t *ver,
    struct ws_cards *cards, double *synced)
{
	int	i, rc = SRCH_ASK_SQL;

	memset(res, 0, sizeof(*res));
	(void)pthread_mutex_lock(&lv->lock);
	if (lv->ix != NULL && lv->up) {
		q->skill = skill[0] ? ws_live_code(lv->skill, lv->nskill,
		    skill) : 0;
		q->province = province[0] ? ws_live_code(lv->prov, lv->nprov,
		    province) : 0;
		if ((skill[0] == '\0' || q->skill != 0) &&
		    (province[0] == '\0' || q->province != 0)) {
			rc = ws_search(lv->ix, q, res);
			*ver = lv->ver;
			*synced = lv->synced;
		}
		if (rc == 0 && cards != NULL) {
			cards->len = 0;
			for (i = 0; i < res->n && rc == 0; i++)
				if (ws_card(lv->ix, res->id[i], cards, i) == -1)
					rc = SRCH_ASK_SQL;
		}
	}
	(void)pthread_mutex_unlock(&lv->lock);
	return (rc);
}

/* The clock of ws_live_search()'s *synced (monotonic seconds). */
double
ws_live_clock(void)
{
	return (ws_live_now());
}

/* What the live index holds, for /metrics and the bench. */
void
ws_live_stats(struct ws_live *lv, struct ws_live_stats *st)
{
	memset(st, 0, sizeof(*st));
	(void)pthread_mutex_lock(&lv->lock);
	st->ready = lv->ix != NULL && lv->up;
	st->ver = lv->ver;
	st->loads = lv->loads;
	st->changes = lv->changes;
	st->load_s = lv->load_s;
	if (lv->ix != NULL) {
		st->gigs = ws_count(lv->ix);
		st->rows = ws_rows(lv->ix);
		st->bytes = ws_bytes(lv->ix);
	}
	(void)pthread_mutex_unlock(&lv->lock);
}
