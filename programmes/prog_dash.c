/*
 * The outcome dashboards: /dash/prov/<province> and /dash/prog/<code>,
 * with ?by=district|gender|age|channel|month, and each table as CSV
 * (/dash/prov/KP/by.csv?by=gender, funnel.csv, women.csv, gap.csv).
 *
 * One call of prog_dash() reads the rollups (never the raw rows) and
 * checks the viewer's right; each table is first laid out as a grid of
 * cells, and the page's table, its chart and its CSV are all written
 * from that grid, so they cannot disagree.  A NULL cell is a count of
 * fewer than 5 people, suppressed in SQL.
 *
 * What a dashboard shows changes only when the rollup is refreshed
 * (every 30 s) or its programme is edited, and is the same for every
 * viewer allowed to see it.  So every request first asks
 * prog_dash_gate() -- the viewer's right and the stamp of that refresh
 * and edit -- and a worker keeps the rendered body (page or CSV) per
 * (scope, key, by, language, table) under that stamp (infra_memo): only
 * the first request after a refresh reads the rollup and renders (bench:
 * 29 KB of escaping per request was what cost).  The gate's answer is
 * kept too, per viewer, under the generation of the worker's LISTEN on
 * prog_dash (infra_listen_gen()), which every change of an officer's
 * province, a role, a programme, a province or a refresh notifies: a
 * request between two changes touches no database, and an officer
 * moved to another province is refused at the next request.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>

#include "infra/infra_kore.h"
#include "programmes/prog_glue.h"

#define SQL_GATE	"SELECT * FROM prog_dash_gate($1::bigint, $2, $3)"
#define SQL_DASH	"SELECT * FROM prog_dash($1::bigint, $2, $3, $4, $5)"

/* A worker's rendered dashboards: 64 at most, 4 MB at most. */
#define DASH_MEMO_BYTES	(4 * 1024 * 1024)

static struct infra_memo	dash_memo;
static struct infra_memo	gate_memo;	/* rights and stamps */
static int			dash_memo_ready;

/* What every change a gate answer depends on notifies (R__prog_rollup.sql). */
#define DASH_CHANNEL	"prog_dash"
#define DASH_GATE_TTL	5	/* seconds a kept right is trusted at most */

#define GRID_ROWS	200
#define GRID_COLS	8

struct grid {
	int		 nrow;
	int		 ncol;
	const char	*head[GRID_COLS];
	const char	*cell[GRID_ROWS][GRID_COLS];	/* NULL: suppressed */
	char		 own[GRID_ROWS][12];		/* computed cells */
};

static const enum prog_ui_str	stages[7] = {
	PU_ST_REGISTERED, PU_ST_ENROLLED, PU_ST_COMPLETED, PU_ST_CERTIFIED,
	PU_ST_APPLIED, PU_ST_SHORTLISTED, PU_ST_HIRED
};

static const struct {
	const char		*by;
	enum prog_ui_str	 word;
} bys[] = {
	{ "district", PU_BY_DISTRICT }, { "gender", PU_BY_GENDER },
	{ "age", PU_BY_AGE }, { "channel", PU_BY_CHANNEL },
	{ "month", PU_BY_MONTH },
};
#define NBYS	(sizeof(bys) / sizeof(bys[0]))

static const char *
dash_val(struct infra_db *d, int row, int col)
{
	return (infra_db_isnull(d, row, col) ? NULL : infra_db_get(d, row, col));
}

/* A group's words: gender codes and channels read as words. */
static const char *
dash_group(struct pw *c, const char *by, const char *label)
{
	if (strcmp(by, "gender") == 0) {
		if (strcmp(label, "f") == 0)
			return (U(c, PU_G_F));
		if (strcmp(label, "m") == 0)
			return (U(c, PU_G_M));
		if (strcmp(label, "x") == 0)
			return (U(c, PU_G_X));
		return (U(c, PU_G_NONE));
	}
	if (strcmp(label, "?") == 0)
		return (U(c, PU_G_NONE));
	if (strcmp(by, "channel") == 0) {
		if (strcmp(label, "sms") == 0)
			return ("SMS");
		if (strcmp(label, "ussd") == 0)
			return ("USSD");
	}
	return (label);
}

static int
dash_find(struct infra_db *d, const char *section)
{
	int	i;

	for (i = 0; i < infra_db_rows(d); i++)
		if (strcmp(infra_db_get(d, i, 0), section) == 0)
			return (i);
	return (-1);
}

static void
grid_funnel(struct pw *c, struct grid *g)
{
	struct infra_db	*d = &c->db;
	int		 i, t;

	g->ncol = 2;
	g->head[0] = U(c, PU_STAGE);
	g->head[1] = U(c, PU_PEOPLE);
	t = dash_find(d, "total");
	for (i = 0; i < 7; i++) {
		g->cell[i][0] = U(c, stages[i]);
		g->cell[i][1] = t < 0 ? "0" : dash_val(d, t, 2 + i);
	}
	g->nrow = 7;
}

static void
grid_by(struct pw *c, struct grid *g, const char *by, enum prog_ui_str w)
{
	struct infra_db	*d = &c->db;
	int		 i, k;

	g->ncol = 8;
	g->head[0] = U(c, w);
	for (k = 0; k < 7; k++)
		g->head[k + 1] = U(c, stages[k]);
	for (i = 0; i < infra_db_rows(d) && g->nrow < GRID_ROWS; i++) {
		if (strcmp(infra_db_get(d, i, 0), "by") != 0)
			continue;
		g->cell[g->nrow][0] = dash_group(c, by, infra_db_get(d, i, 1));
		for (k = 0; k < 7; k++)
			g->cell[g->nrow][k + 1] = dash_val(d, i, 2 + k);
		g->nrow++;
	}
}

static void
grid_women(struct pw *c, struct grid *g)
{
	struct infra_db	*d = &c->db;
	const char	*st;
	int		 i, h;

	g->ncol = 5;
	g->head[0] = U(c, PU_STAGE);
	g->head[1] = U(c, PU_WOMEN);
	g->head[2] = U(c, PU_KNOWN);
	g->head[3] = U(c, PU_SHARE);
	g->head[4] = U(c, PU_TARGET);
	h = dash_find(d, "head");
	for (i = 0; i < infra_db_rows(d) && g->nrow < GRID_ROWS; i++) {
		if (strcmp(infra_db_get(d, i, 0), "women") != 0)
			continue;
		st = infra_db_get(d, i, 1);
		g->cell[g->nrow][0] = U(c, strcmp(st, "enrolled") == 0 ?
		    PU_ST_ENROLLED : strcmp(st, "completed") == 0 ?
		    PU_ST_COMPLETED : strcmp(st, "certified") == 0 ?
		    PU_ST_CERTIFIED : PU_ST_HIRED);
		g->cell[g->nrow][1] = dash_val(d, i, 2);
		g->cell[g->nrow][2] = dash_val(d, i, 3);
		g->cell[g->nrow][3] = dash_val(d, i, 4);
		g->cell[g->nrow][4] = h < 0 ? "" : infra_db_get(d, h, 2);
		g->nrow++;
	}
}

static void
grid_gap(struct pw *c, struct grid *g)
{
	struct infra_db	*d = &c->db;
	int		 i;

	g->ncol = 5;
	g->head[0] = U(c, PU_BY_DISTRICT);
	g->head[1] = U(c, PU_DEMAND);
	g->head[2] = U(c, PU_SUPPLY);
	g->head[3] = U(c, PU_GAPCOL);
	g->head[4] = U(c, PU_TOP_SKILL);
	for (i = 0; i < infra_db_rows(d) && g->nrow < GRID_ROWS; i++) {
		if (strcmp(infra_db_get(d, i, 0), "gap") != 0)
			continue;
		g->cell[g->nrow][0] = infra_db_get(d, i, 1);
		g->cell[g->nrow][1] = dash_val(d, i, 2);
		g->cell[g->nrow][2] = dash_val(d, i, 3);
		g->cell[g->nrow][3] = dash_val(d, i, 4);
		g->cell[g->nrow][4] = infra_db_get(d, i, 9);
		g->nrow++;
	}
}

/* Which table: "funnel", "by", "women" or "gap". */
static void
grid_build(struct pw *c, struct grid *g, const char *which, const char *by,
    enum prog_ui_str byword)
{
	memset(g, 0, sizeof(*g));
	if (strcmp(which, "funnel") == 0)
		grid_funnel(c, g);
	else if (strcmp(which, "by") == 0)
		grid_by(c, g, by, byword);
	else if (strcmp(which, "women") == 0)
		grid_women(c, g);
	else
		grid_gap(c, g);
}

static void
grid_html(struct infra_buf *b, const struct grid *g, const char *id,
    const char *caption)
{
	int	i, k;

	pw_table_open(b, caption);
	(void)infra_buf_fmt(b, "<thead><tr>");
	for (k = 0; k < g->ncol; k++) {
		S(b, "<th scope=\"col\">");
		T(b, g->head[k]);
		S(b, "</th>");
	}
	(void)infra_buf_fmt(b, "</tr></thead><tbody id=\"t-%s\">", id);
	for (i = 0; i < g->nrow; i++) {
		S(b, "<tr><th scope=\"row\">");
		T(b, prog_cell(g->cell[i][0]));
		S(b, "</th>");
		for (k = 1; k < g->ncol; k++) {
			S(b, "<td>");
			T(b, prog_cell(g->cell[i][k]));
			S(b, "</td>");
		}
		S(b, "</tr>");
	}
	S(b, "</tbody></table></div>");
}

static void
grid_csv(struct infra_buf *b, const struct grid *g)
{
	int	i, k;

	for (k = 0; k < g->ncol; k++)
		prog_csv_field(b, g->head[k], k == 0);
	(void)infra_buf_add(b, "\r\n", 2);
	for (i = 0; i < g->nrow; i++) {
		for (k = 0; k < g->ncol; k++)
			prog_csv_field(b, g->cell[i][k], k == 0);
		(void)infra_buf_add(b, "\r\n", 2);
	}
}

/* A chart of one column of the grid (mark: a column of targets). */
static void
grid_svg(struct infra_buf *b, const struct grid *g, int col, int mark,
    int pct, const char *title)
{
	struct prog_bar	 bars[40];
	int		 i, n;

	n = g->nrow < 40 ? g->nrow : 40;
	for (i = 0; i < n; i++) {
		bars[i].label = prog_cell(g->cell[i][0]);
		bars[i].value = g->cell[i][col] == NULL ? -1 :
		    strtol(g->cell[i][col], NULL, 10);
		bars[i].mark = mark < 0 || g->cell[i][mark] == NULL ||
		    g->cell[i][mark][0] == '\0' ? -1 :
		    strtol(g->cell[i][mark], NULL, 10);
	}
	prog_svg_bars(b, title, bars, (size_t)n, pct);
}

static void
dash_section(struct infra_buf *b, struct pw *c, const char *which,
    const char *title, const char *by, enum prog_ui_str byword)
{
	struct grid	*g;

	g = kore_malloc(sizeof(*g));
	grid_build(c, g, which, by, byword);
	(void)infra_buf_fmt(b, "<section id=\"%s\"><h2>", which);
	T(b, title);
	S(b, "</h2>");
	if (strcmp(which, "funnel") == 0)
		grid_svg(b, g, 1, -1, 0, title);
	else if (strcmp(which, "by") == 0)
		grid_svg(b, g, 2, -1, 0, title);
	else if (strcmp(which, "women") == 0)
		grid_svg(b, g, 3, 4, 1, title);
	else
		grid_svg(b, g, 3, -1, 0, title);
	grid_html(b, g, which, title);
	(void)infra_buf_fmt(b, "<p><a href=\"%s/%s.csv?by=%s\" download>",
	    c->a[6], which, by);
	T(b, U(c, PU_CSV));
	S(b, "</a></p></section>");
	kore_free(g);
}

static void
dash_by_nav(struct infra_buf *b, struct pw *c, const char *by)
{
	size_t	i;

	S(b, "<nav class=\"row\" aria-label=\"by\"><span>");
	T(b, U(c, PU_BY));
	S(b, ":</span>");
	for (i = 0; i < NBYS; i++) {
		if (strcmp(bys[i].by, by) == 0) {
			S(b, "<strong>");
			T(b, U(c, bys[i].word));
			S(b, "</strong>");
			continue;
		}
		(void)infra_buf_fmt(b, "<a href=\"%s?by=%s\">", c->a[6],
		    bys[i].by);
		T(b, U(c, bys[i].word));
		S(b, "</a>");
	}
	S(b, "</nav>");
}

/* The page's own part, inside the layout. */
static void
dash_body(struct infra_buf *b, struct pw *c, size_t byi)
{
	char	sub[256];
	int	h;

	h = dash_find(&c->db, "head");
	/*
	 * Figures stay on one line; column heads and district names wrap,
	 * and a phone's cells are closer: the tables fit 360 px (a new
	 * user's walk found the women's share and the gap tables scrolling).
	 */
	S(b, "<style>td,th{padding:.2rem .5rem;border-bottom:1px solid #ddd;"
	    "text-align:end}td{white-space:nowrap}th[scope=col]{"
	    "vertical-align:bottom}th[scope=row]{text-align:start}"
	    "@media(max-width:30rem){td,th{padding:.2rem .3rem;"
	    "font-size:.9rem}}caption{text-align:start;font-weight:600}"
	    "svg{max-width:100%;height:auto}</style>"
	    "<p class=\"meta\" id=\"refreshed\">");
	T(b, U(c, PU_REFRESHED));
	S(b, " ");
	T(b, infra_db_get(&c->db, h, 9));
	S(b, " PKT</p>");
	dash_by_nav(b, c, bys[byi].by);
	dash_section(b, c, "funnel", U(c, PU_FUNNEL), bys[byi].by,
	    bys[byi].word);
	(void)snprintf(sub, sizeof(sub), "%s%s%s %s", U(c, PU_FUNNEL),
	    infra_comma(c->u.lang), U(c, PU_BY), U(c, bys[byi].word));
	dash_section(b, c, "by", sub, bys[byi].by, bys[byi].word);
	dash_section(b, c, "women", U(c, PU_WOMEN_SHARE), bys[byi].by,
	    bys[byi].word);
	dash_section(b, c, "gap", U(c, PU_GAP), bys[byi].by, bys[byi].word);
	S(b, "<p class=\"meta\">");
	T(b, U(c, PU_SUPPRESSED));
	S(b, "</p>");
}

/*
 * The reply from a memo entry: a CSV as it is; a page as its title, a
 * NUL, and its part inside the layout (the layout is the viewer's own:
 * name, CSRF token).
 */
static int
dash_send(struct http_request *req, struct pw *c, size_t byi,
    const char *which, const char *data, size_t len, int hit)
{
	struct infra_buf	 b;
	char			 disp[224];
	size_t			 tl;

	http_response_header(req, "x-hunar-cache", hit ? "hit" : "miss");
	if (which[0] == '\0') {
		tl = strnlen(data, len);
		if (tl == len)
			return (page_error(req, &c->u, 500, "memo",
			    PS_NOT_FOUND));
		page_page_begin(&b, req, &c->u, data, NULL);
		(void)infra_buf_add(&b, data + tl + 1, len - tl - 1);
		return (page_page_end(req, &c->u, &b, 200));
	}
	(void)snprintf(disp, sizeof(disp), "attachment; filename=\"%s-%s-%s"
	    ".csv\"", c->a[2], which, bys[byi].by);
	http_response_header(req, "content-type", "text/csv; charset=utf-8");
	http_response_header(req, "content-disposition", disp);
	http_response_header(req, "cache-control", "private, max-age=30");
	http_response(req, 200, data, len);
	return (KORE_RESULT_OK);
}

/* Renders prog_dash()'s rows, keeps them under the stamp, sends them. */
static int
dash_render(struct http_request *req, struct pw *c, size_t byi,
    const char *which, const char *key)
{
	struct infra_buf	 b;
	struct grid		*g;
	int			 h, r;

	infra_buf_init(&b);
	if (which[0] == '\0') {
		h = dash_find(&c->db, "head");
		(void)infra_buf_fmt(&b, "%s: %s", infra_db_get(&c->db, h, 1),
		    U(c, PU_DASHBOARD));
		(void)infra_buf_add(&b, "", 1);
		dash_body(&b, c, byi);
	} else {
		g = kore_malloc(sizeof(*g));
		grid_build(c, g, which, bys[byi].by, bys[byi].word);
		grid_csv(&b, g);
		kore_free(g);
	}
	infra_db_next(&c->db);
	if (c->a[5][0] != '\0')
		(void)infra_memo_put(&dash_memo, key, c->a[5], b.data, b.len);
	r = dash_send(req, c, byi, which, (const char *)b.data, b.len, 0);
	infra_buf_free(&b);
	return (r);
}

/*
 * The path's parts: kind (prov|prog) into a[1], key into a[2], the
 * table of a CSV into which ("" for the page), the page's own path
 * into a[6].
 */
static int
dash_path(struct http_request *req, struct pw *c, char *which, size_t wlen)
{
	const char	*p, *e;

	p = req->path + strlen("/dash/");
	if (strncmp(p, "prov/", 5) != 0 && strncmp(p, "prog/", 5) != 0)
		return (0);
	(void)snprintf(c->a[1], sizeof(c->a[1]), "%.4s", p);
	p += 5;
	e = p + strcspn(p, "/");
	if (e == p || e - p > 8)
		return (0);
	(void)snprintf(c->a[2], sizeof(c->a[2]), "%.*s", (int)(e - p), p);
	(void)snprintf(c->a[6], sizeof(c->a[6]), "%.*s",
	    (int)(e - req->path), req->path);
	which[0] = '\0';
	if (*e == '/')
		(void)snprintf(which, wlen, "%.*s", (int)strcspn(e + 1, "."),
		    e + 1);
	return (1);
}

/*
 * The viewer's right and the stamp, kept per worker (viewer, kind, key)
 * under the generation of the prog_dash channel, whose notification
 * every change of a right, a programme, a province or a refresh sends
 * (R__prog_rollup.sql), and for DASH_GATE_TTL seconds at most: a kept
 * answer is read before anything is asked, and only while the worker
 * listens (infra_listen_gen() 0: asked every time, as before).
 */
static int
gate_kept(struct pw *c, const char *gkey, const char **status)
{
	const char	*data;
	size_t		 len, sl;
	u_int64_t	 gen;

	gen = infra_listen_gen(DASH_CHANNEL);
	(void)snprintf(c->gstamp, sizeof(c->gstamp), "%llu:%lld",
	    (unsigned long long)gen, (long long)(time(NULL) / DASH_GATE_TTL));
	if (gen == 0) {
		c->gstamp[0] = '\0';
		return (0);
	}
	if ((data = infra_memo_get(&gate_memo, gkey, c->gstamp, &len)) == NULL)
		return (0);
	sl = strnlen(data, len);
	if (sl == len)
		return (0);
	*status = data;
	(void)snprintf(c->a[5], sizeof(c->a[5]), "%.*s", (int)(len - sl - 1),
	    data + sl + 1);
	return (1);
}

/* The gate's answer kept under the generation read before asking. */
static void
gate_keep(struct pw *c, const char *gkey, const char *status)
{
	char	data[192];
	int	n;

	if (c->gstamp[0] == '\0')
		return;
	n = snprintf(data, sizeof(data), "%s%c%s", status, '\0', c->a[5]);
	if (n > 0 && (size_t)n < sizeof(data))
		(void)infra_memo_put(&gate_memo, gkey, c->gstamp, data,
		    (size_t)n);
}

/* The right and the stamp (into a[5]): kept, or asked of the primary. */
static int
gate_ask(struct http_request *req, struct pw *c, char *status, size_t slen,
    int *r)
{
	const char	*st;
	char		 gkey[64];

	(void)snprintf(gkey, sizeof(gkey), "%.20s/%.4s/%.8s", c->a[0], c->a[1],
	    c->a[2]);
	if (c->gate == 0) {
		c->gate = 1;
		if (gate_kept(c, gkey, &st)) {
			(void)kore_strlcpy(status, st, slen);
			http_response_header(req, "x-hunar-gate", "kept");
			return (1);
		}
	}
	if ((*r = infra_db_run(req, &c->db, SQL_GATE, 3, c->p)) !=
	    INFRA_DB_OK) {
		*r = pw_fail(req, c, *r);
		return (0);
	}
	(void)kore_strlcpy(status, infra_db_get(&c->db, 0, 0), slen);
	(void)kore_strlcpy(c->a[5], infra_db_get(&c->db, 0, 1),
	    sizeof(c->a[5]));
	infra_db_next(&c->db);
	gate_keep(c, gkey, status);
	http_response_header(req, "x-hunar-gate", "asked");
	return (1);
}

/*
 * The gate: the viewer's right (403/404 otherwise) and the stamp, into
 * a[5]; the memo's key into a[7].  1: ask prog_dash() and render.
 */
static int
dash_gate(struct http_request *req, struct pw *c, size_t byi,
    const char *which, int *r)
{
	const char	*data;
	char		 status[16];
	size_t		 len;

	if (!dash_memo_ready) {
		infra_memo_init(&dash_memo, DASH_MEMO_BYTES);
		infra_memo_init(&gate_memo, DASH_MEMO_BYTES / 64);
		dash_memo_ready = 1;
	}
	if (!gate_ask(req, c, status, sizeof(status), r))
		return (0);
	if (strcmp(status, "ok") != 0) {
		*r = pw_denied(req, c, status);
		return (0);
	}
	(void)snprintf(c->a[7], sizeof(c->a[7]), "%.4s/%.8s/%s/%.2s/%.6s",
	    c->a[1], c->a[2], bys[byi].by, c->a[4], which);
	if ((data = infra_memo_get(&dash_memo, c->a[7], c->a[5], &len)) !=
	    NULL) {
		*r = dash_send(req, c, byi, which, data, len, 1);
		return (0);
	}
	return (1);
}

int
prog_dash(struct http_request *req)
{
	struct pw	*c;
	char		 which[16];
	size_t		 byi;
	int		 r;

	c = pw_ctx(req);
	if (!dash_path(req, c, which, sizeof(which)))
		return (page_error(req, &c->u, 404, "not_found", PS_NOT_FOUND));
	if (c->done == 0) {
		if (!pw_require(req, c, PAGE_ROLE_OFFICER | PAGE_ROLE_ADMIN))
			return (KORE_RESULT_OK);
		if (infra_arg(req, "by", c->a[3], sizeof(c->a[3])) <= 0)
			(void)kore_strlcpy(c->a[3], "district",
			    sizeof(c->a[3]));
		(void)kore_strlcpy(c->a[4], pw_lang(c), sizeof(c->a[4]));
		c->done = 1;
	}
	for (byi = 0; byi < NBYS; byi++)
		if (strcmp(bys[byi].by, c->a[3]) == 0)
			break;
	if (byi == NBYS)
		return (page_error(req, &c->u, 400, "by", PS_NOT_FOUND));
	if (which[0] != '\0' && strcmp(which, "funnel") != 0 &&
	    strcmp(which, "by") != 0 && strcmp(which, "women") != 0 &&
	    strcmp(which, "gap") != 0)
		return (page_error(req, &c->u, 404, "not_found", PS_NOT_FOUND));
	if (c->done == 1) {
		/* The right from the primary: a revoked officer is refused
		   at once. */
		if (!dash_gate(req, c, byi, which, &r))
			return (r);
		c->done = 2;
		/* prog_dash() reads rollups made every 30 s: the replica
		   will do (a lagging one renders the previous refresh under
		   this stamp, for at most one more refresh). */
		infra_db_stale(&c->db);
	}
	if ((r = infra_db_run(req, &c->db, SQL_DASH, 5, c->p)) != INFRA_DB_OK)
		return (pw_fail(req, c, r));
	if (strcmp(infra_db_get(&c->db, 0, 0), "denied") == 0)
		return (pw_denied(req, c, infra_db_get(&c->db, 0, 1)));
	return (dash_render(req, c, byi, which, c->a[7]));
}
