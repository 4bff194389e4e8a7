/*
 * The pages of the people who run hubs and programmes: a hub's session
 * codes and mentor slots (open a session, mark a meeting held), the
 * proven courses of other provinces to copy, and a person's own data
 * (see it, delete it).  Rights are checked in the SQL functions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>

#include "infra/infra_kore.h"
#include "programmes/prog_glue.h"

#define SQL_HUB_ADMIN	"SELECT * FROM prog_hub_admin($1::bigint, " \
			    "$2::int, $3)"
#define SQL_SESSION	"SELECT * FROM prog_session_open($1::bigint, " \
			    "$2::int, $3, nullif($4, '')::int, $5::int)"
#define SQL_HELD	"SELECT prog_slot_held($1::bigint, $2::bigint)"
#define SQL_REPL_LIST	"SELECT * FROM prog_replicate_list($1::bigint, $2)"
#define SQL_MY_PROGS	"SELECT code, name FROM prog_list($1::bigint, $2)"
#define SQL_REPLICATE	"SELECT * FROM prog_replicate($1::bigint, $2, $3, " \
			    "$4, nullif($5, '')::int)"
#define SQL_MYDATA	"SELECT * FROM prog_mydata($1::bigint, 'web')"
#define SQL_FORGET	"SELECT prog_forget($1::bigint, 'web')"
#define SQL_MENTORING	"SELECT * FROM prog_mentoring($1::bigint, $2)"

static int
pw_digits(const char *s, size_t max)
{
	size_t	n;

	n = strlen(s);
	return (n > 0 && n <= max && strspn(s, "0123456789") == n);
}

/* The hub page's POST: open a session or mark a slot held. */
static int
pw_hub_action(struct http_request *req, struct pw *c)
{
	const char	*sql, *res;
	int		 r, held;

	if (c->done == 1) {
		if (!page_csrf_ok(req, &c->u))
			return (KORE_RESULT_OK);
		c->done = 2;
		(void)infra_form(req, "lesson", c->a[4], sizeof(c->a[4]));
		(void)infra_form(req, "minutes", c->a[5], sizeof(c->a[5]));
		(void)infra_form(req, "slot", c->a[3], sizeof(c->a[3]));
		if (!pw_digits(c->a[5], 3))
			(void)kore_strlcpy(c->a[5], "120", sizeof(c->a[5]));
		if (c->a[4][0] != '\0' && !pw_digits(c->a[4], 3))
			c->a[4][0] = '\0';
	}
	held = strstr(req->path, "/held") != NULL;
	sql = held ? SQL_HELD : SQL_SESSION;
	if (held && !pw_digits(c->a[3], 12))
		return (page_error(req, &c->u, 400, "slot", PS_NOT_FOUND));
	c->q[0] = c->a[0];
	c->q[1] = held ? c->a[3] : c->a[1];
	c->q[2] = c->a[6];
	c->q[3] = c->a[4];
	c->q[4] = c->a[5];
	if ((r = infra_db_run(req, &c->db, sql, held ? 2 : 5,
	    c->q)) != INFRA_DB_OK)
		return (pw_fail(req, c, r));
	res = infra_db_get(&c->db, 0, 0);
	if (strcmp(res, "forbidden") == 0)
		return (pw_denied(req, c, res));
	if (!held && strcmp(res, "ok") == 0)
		(void)snprintf(c->flash, sizeof(c->flash), "IN %s -- %s %s",
		    infra_db_get(&c->db, 0, 1), U(c, PU_CODE_SHOW),
		    infra_db_get(&c->db, 0, 2));
	else
		(void)kore_strlcpy(c->flash, res, sizeof(c->flash));
	infra_db_next(&c->db);
	c->done = 3;
	return (KORE_RESULT_OK);
}

static void
pw_session_form(struct infra_buf *b, struct pw *c)
{
	char	action[192];

	(void)snprintf(action, sizeof(action), "/officer/hubs/%s/session",
	    c->a[1]);
	S(b, "<h3>");
	T(b, U(c, PU_OPEN_SESSION));
	S(b, "</h3>");
	page_form_open(b, &c->u, action);
	S(b, "<div class=\"row\"><label>");
	T(b, U(c, PU_COURSE_CODE));
	S(b, "<input name=\"course\" required maxlength=\"8\"></label><label>");
	T(b, U(c, PU_LESSON));
	S(b, "<input name=\"lesson\" inputmode=\"numeric\" maxlength=\"3\">"
	    "</label><label>");
	T(b, U(c, PU_MINUTES));
	S(b, "<input name=\"minutes\" inputmode=\"numeric\" value=\"120\" "
	    "maxlength=\"3\"></label></div>");
	page_form_submit(b, U(c, PU_OPEN_SESSION));
	S(b, "</form>");
}

/*
 * A mentor slot's learner (or "free") and whether it was held; a booked
 * slot not held yet gets its "Mark held" button, posting to `action`.
 */
static void
pw_slot_state(struct infra_buf *b, struct pw *c, const char *action,
    const char *slot, const char *learner, const char *held)
{
	S(b, " &middot; ");
	T(b, learner[0] != '\0' ? learner : U(c, PU_FREE));
	if (strcmp(held, "t") == 0) {
		S(b, " &middot; <strong>");
		T(b, U(c, PU_HELD_DONE));
		S(b, "</strong>");
	} else if (learner[0] != '\0')
		pw_slot_button(b, c, action, slot, U(c, PU_HELD));
}

static void
pw_hub_rows(struct infra_buf *b, struct pw *c)
{
	struct infra_db	*d = &c->db;
	char		 action[192];
	int		 i;

	S(b, "<section id=\"sessions\"><h2>");
	T(b, U(c, PU_SESSIONS));
	S(b, "</h2><ul>");
	for (i = 1; i < infra_db_rows(d); i++) {
		if (strcmp(infra_db_get(d, i, 0), "session") != 0)
			continue;
		(void)infra_buf_fmt(b, "<li class=\"%s\"><strong>%s</strong> ",
		    strcmp(infra_db_get(d, i, 6), "t") == 0 ? "open" : "closed",
		    infra_db_get(d, i, 1));
		T(b, infra_db_get(d, i, 2));
		S(b, " ");
		T(b, infra_db_get(d, i, 3));
		S(b, " &middot; ");
		T(b, infra_db_get(d, i, 4));
		S(b, " &middot; IN ");
		T(b, infra_db_get(d, i, 5));
		S(b, "</li>");
	}
	S(b, "</ul>");
	pw_session_form(b, c);
	S(b, "</section><section id=\"slots\"><h2>");
	T(b, U(c, PU_SLOTS));
	S(b, "</h2>");
	(void)snprintf(action, sizeof(action), "/officer/hubs/%s/held",
	    c->a[1]);
	for (i = 1; i < infra_db_rows(d); i++) {
		if (strcmp(infra_db_get(d, i, 0), "slot") != 0)
			continue;
		pw_slot_card(b, d, i);
		pw_slot_state(b, c, action, infra_db_get(d, i, 1),
		    infra_db_get(d, i, 4), infra_db_get(d, i, 5));
		S(b, "</div>");
	}
	S(b, "</section>");
}

/*
 * GET /officer/hubs/<id>; POST .../session (course, lesson, minutes)
 * and .../held (slot).  Officers of the hub's province, admins, its
 * mentors and trainers.
 */
int
prog_officer_hub(struct http_request *req)
{
	struct infra_buf	 b;
	struct pw		*c;
	int			 r;

	c = pw_ctx(req);
	if (c->done == 0) {
		if (!pw_require(req, c, PAGE_ROLE_OFFICER | PAGE_ROLE_ADMIN |
		    PAGE_ROLE_TRAINER))
			return (KORE_RESULT_OK);
		if (!pw_path_id(req->path, "/officer/hubs/", c->a[1],
		    sizeof(c->a[1])) || !pw_digits(c->a[1], 9))
			return (page_error(req, &c->u, 404, "not_found",
			    PS_NOT_FOUND));
		(void)kore_strlcpy(c->a[2], pw_lang(c), sizeof(c->a[2]));
		/* The session's course code goes in as $4 (a[3]). */
		if (req->method == HTTP_METHOD_POST)
			(void)infra_form(req, "course", c->a[6],
			    sizeof(c->a[6]));
		c->done = req->method == HTTP_METHOD_POST ? 1 : 3;
	}
	if (c->done < 3) {
		if ((r = pw_hub_action(req, c)) != KORE_RESULT_OK ||
		    c->done < 3)
			return (r);
	}
	if ((r = infra_db_run(req, &c->db, SQL_HUB_ADMIN, 3, c->p)) !=
	    INFRA_DB_OK)
		return (pw_fail(req, c, r));
	if (strcmp(infra_db_get(&c->db, 0, 0), "denied") == 0)
		return (pw_denied(req, c, infra_db_get(&c->db, 0, 1)));
	page_page_begin(&b, req, &c->u, infra_db_get(&c->db, 0, 2),
	    c->flash[0] != '\0' ? c->flash : NULL);
	S(&b, "<p class=\"meta\">");
	T(&b, infra_db_get(&c->db, 0, 3));
	if (c->u.role & (PAGE_ROLE_OFFICER | PAGE_ROLE_ADMIN)) {
		(void)infra_buf_fmt(&b, " &middot; <a href=\"/officer/hubs/%s"
		    "/edit\">", c->a[1]);
		T(&b, U(c, PU_EDIT_HUB));
		S(&b, "</a>");
	}
	S(&b, "</p>");
	pw_hub_rows(&b, c);
	return (pw_page_end(req, c, &b));
}

static void
pw_repl_form(struct infra_buf *b, struct pw *c, int row)
{
	struct infra_db	*d = &c->db;
	const char	*progs;
	char		 code[16];
	size_t		 n;

	page_form_open(b, &c->u, "/officer/replicate");
	(void)infra_buf_fmt(b, "<input type=\"hidden\" name=\"course\" "
	    "value=\"%s\"><div class=\"row\"><label>", infra_db_get(d, row, 0));
	T(b, U(c, PU_PROGRAMMES));
	S(b, "<select name=\"programme\">");
	/* c->a[7]: "P03 name\n..." of the viewer's programmes. */
	for (progs = c->a[7]; *progs != '\0'; progs += n + (progs[n] != 0)) {
		n = strcspn(progs, "\n");
		(void)snprintf(code, sizeof(code), "%.*s",
		    (int)strcspn(progs, " "), progs);
		(void)infra_buf_fmt(b, "<option value=\"%s\">", code);
		page_html_textn(b, progs, n);
		S(b, "</option>");
	}
	S(b, "</select></label><label>");
	T(b, U(c, PU_LANGUAGE));
	S(b, "<select name=\"lang\"><option value=\"ru\">Roman Urdu</option>"
	    "<option value=\"ur\">اردو</option><option value=\"en\">English"
	    "</option></select></label><label>");
	T(b, U(c, PU_HUB));
	S(b, "<input name=\"hub\" inputmode=\"numeric\" maxlength=\"9\">"
	    "</label></div>");
	page_form_submit(b, U(c, PU_COPY));
	S(b, "</form>");
}

static void
pw_repl_rows(struct infra_buf *b, struct pw *c)
{
	struct infra_db	*d = &c->db;
	int		 i, k;

	for (i = 0; i < infra_db_rows(d); i++) {
		(void)infra_buf_fmt(b, "<article class=\"card\" id=\"%s\"><h2>"
		    "<a href=\"/courses/%s\">%s</a> ", infra_db_get(d, i, 0),
		    infra_db_get(d, i, 0), infra_db_get(d, i, 0));
		T(b, infra_db_get(d, i, 1));
		S(b, "</h2><p class=\"meta\">");
		T(b, infra_db_get(d, i, 2));
		S(b, " &middot; ");
		T(b, infra_db_get(d, i, 3));
		S(b, "</p><dl>");
		for (k = 4; k < 8; k++) {
			S(b, "<dt>");
			T(b, U(c, k == 4 ? PU_ST_ENROLLED : k == 5 ?
			    PU_COMPLETION : k == 6 ? PU_ST_CERTIFIED :
			    PU_PLACED));
			S(b, "</dt><dd>");
			T(b, prog_cell(infra_db_isnull(d, i, k) ? NULL :
			    infra_db_get(d, i, k)));
			S(b, k == 5 && !infra_db_isnull(d, i, k) ?
			    "%</dd>" : "</dd>");
		}
		S(b, "</dl>");
		pw_repl_form(b, c, i);
		S(b, "</article>");
	}
}

/* The replicate page's steps before the list: copy, the programmes. */
static int
pw_repl_steps(struct http_request *req, struct pw *c)
{
	struct infra_db	*d = &c->db;
	size_t		 o;
	int		 r, i;

	if (c->done == 1) {
		c->q[0] = c->a[0];
		c->q[1] = c->a[3];
		c->q[2] = c->a[4];
		c->q[3] = c->a[5];
		c->q[4] = c->a[6];
		if ((r = infra_db_run(req, d, SQL_REPLICATE, 5, c->q)) !=
		    INFRA_DB_OK)
			return (pw_fail(req, c, r));
		if (strcmp(infra_db_get(d, 0, 0), "forbidden") == 0)
			return (pw_denied(req, c, "forbidden"));
		(void)snprintf(c->flash, sizeof(c->flash), "%s %s",
		    strcmp(infra_db_get(d, 0, 0), "ok") == 0 ?
		    U(c, PU_COPIED) : infra_db_get(d, 0, 0),
		    infra_db_get(d, 0, 1));
		infra_db_next(d);
		c->done = 2;
	}
	if (c->done == 2) {
		if ((r = infra_db_run(req, d, SQL_MY_PROGS, 2, c->p)) !=
		    INFRA_DB_OK)
			return (pw_fail(req, c, r));
		o = 0;
		for (i = 0; i < infra_db_rows(d) &&
		    o + 1 < sizeof(c->a[7]); i++)
			o += (size_t)snprintf(c->a[7] + o, sizeof(c->a[7]) - o,
			    "%s%s %s", i ? "\n" : "", infra_db_get(d, i, 0),
			    infra_db_get(d, i, 1));
		infra_db_next(d);
		c->done = 3;
	}
	return (KORE_RESULT_OK);
}

/* GET/POST /officer/replicate: proven courses of other provinces. */
int
prog_replicate_page(struct http_request *req)
{
	struct infra_buf	 b;
	struct pw		*c;
	int			 r;

	c = pw_ctx(req);
	if (c->done == 0) {
		if (!pw_require(req, c, PAGE_ROLE_OFFICER | PAGE_ROLE_ADMIN))
			return (KORE_RESULT_OK);
		if (req->method == HTTP_METHOD_POST && !page_csrf_ok(req, &c->u))
			return (KORE_RESULT_OK);
		(void)kore_strlcpy(c->a[1], pw_lang(c), sizeof(c->a[1]));
		(void)infra_form(req, "course", c->a[3], sizeof(c->a[3]));
		(void)infra_form(req, "programme", c->a[4], sizeof(c->a[4]));
		(void)infra_form(req, "lang", c->a[5], sizeof(c->a[5]));
		(void)infra_form(req, "hub", c->a[6], sizeof(c->a[6]));
		if (c->a[6][0] != '\0' && !pw_digits(c->a[6], 9))
			c->a[6][0] = '\0';
		c->done = req->method == HTTP_METHOD_POST ? 1 : 2;
	}
	if (c->done < 3) {
		if ((r = pw_repl_steps(req, c)) != KORE_RESULT_OK ||
		    c->done < 3)
			return (r);
	}
	if ((r = infra_db_run(req, &c->db, SQL_REPL_LIST, 2, c->p)) !=
	    INFRA_DB_OK)
		return (pw_fail(req, c, r));
	page_page_begin(&b, req, &c->u, U(c, PU_REPLICATE),
	    c->flash[0] != '\0' ? c->flash : NULL);
	pw_repl_rows(&b, c);
	pw_para(&b, "meta", U(c, PU_SUPPRESSED));
	return (pw_page_end(req, c, &b));
}

/*
 * prog_mydata()'s rows (the person on each, a course per row) as a list
 * in the reader's words: no stored code ("ur", "f", "seed") shows.
 */
static void
pw_mydata_dl(struct infra_buf *b, struct pw *c)
{
	struct infra_db		*d = &c->db;
	struct infra_buf	 lines;
	struct prog_mydata	 p;
	const char		*ph;
	char			 v[512];
	long			 n[PROG_MYDATA_COUNTS];
	int			 i;

	memset(&p, 0, sizeof(p));
	p.name = infra_db_get(d, 0, 0);
	p.district_en = infra_db_get(d, 0, 2);
	p.district_ur = infra_db_get(d, 0, 3);
	S(b, "<dl id=\"mydata\">");
	pw_dt(b, U(c, PU_F_HUB_NAME), p.name);
	ph = infra_db_get(d, 0, 1);
	(void)snprintf(v, sizeof(v), "%s%s", strncmp(ph, "92", 2) == 0 ?
	    "0" : "", strncmp(ph, "92", 2) == 0 ? ph + 2 : ph);
	pw_dt(b, U(c, PU_PHONE), v);
	pw_dt(b, U(c, PU_DISTRICT), c->u.lang == HLANG_UR && *p.district_ur ?
	    p.district_ur : p.district_en);
	pw_dt(b, U(c, PU_LANGUAGE), prog_mydata_word("lang",
	    infra_db_get(d, 0, 4), c->u.lang));
	pw_dt(b, U(c, PU_MD_GENDER), prog_mydata_word("gender",
	    infra_db_get(d, 0, 5), c->u.lang));
	pw_dt(b, U(c, PU_MD_AGE), prog_mydata_word("age",
	    infra_db_get(d, 0, 6), c->u.lang));
	prog_mydata_date(infra_db_get(d, 0, 8), c->u.lang, v, sizeof(v));
	S(b, "<dt>");
	T(b, U(c, PU_MD_JOINED));
	S(b, "</dt><dd>");
	T(b, prog_mydata_word("channel", infra_db_get(d, 0, 7), c->u.lang));
	S(b, infra_comma(c->u.lang));
	T(b, v);
	S(b, "</dd>");
	prog_mydata_date(infra_db_get(d, 0, 9), c->u.lang, v, sizeof(v));
	pw_dt(b, U(c, PU_MD_ACTIVE), v);
	infra_buf_init(&lines);
	for (i = 0; i < infra_db_rows(d); i++)
		if (!infra_db_isnull(d, i, 15))
			(void)infra_buf_fmt(&lines, "%s%s|%s|%s|%s",
			    lines.len ? "\n" : "", infra_db_get(d, i, 15),
			    infra_db_get(d, i, 16), infra_db_get(d, i, 17),
			    infra_db_get(d, i, 18));
	(void)infra_buf_add(&lines, "", 1);
	(void)prog_mydata_courses((const char *)lines.data, c->u.lang, 200,
	    v, sizeof(v));
	infra_buf_free(&lines);
	pw_dt(b, U(c, PU_COURSES), v);
	for (i = 0; i < PROG_MYDATA_COUNTS; i++)
		n[i] = strtol(infra_db_get(d, 0, 10 + i), NULL, 10);
	(void)prog_mydata_counts(n, c->u.lang, v, sizeof(v));
	pw_dt(b, U(c, PU_MYDATA_OTHER), v);
	S(b, "</dl>");
}

/* GET /me/data: what Hunar holds; POST: delete it all (CSRF). */
int
prog_me_data(struct http_request *req)
{
	struct infra_buf	 b;
	struct pw		*c;
	int			 r, post;

	c = pw_ctx(req);
	post = req->method == HTTP_METHOD_POST;
	if (c->done == 0) {
		if (!pw_require(req, c, PAGE_ROLE_ANY))
			return (KORE_RESULT_OK);
		if (post && !page_csrf_ok(req, &c->u))
			return (KORE_RESULT_OK);
		c->done = 1;
	}
	if ((r = infra_db_run(req, &c->db, post ? SQL_FORGET : SQL_MYDATA, 1,
	    c->p)) != INFRA_DB_OK)
		return (pw_fail(req, c, r));
	if (post && strcmp(infra_db_get(&c->db, 0, 0), "deleted") == 0) {
		page_logout_end(req, &c->u);
		page_page_begin(&b, req, &c->u, U(c, PU_DELETED),
		    U(c, PU_DELETED));
	} else if (post) {
		page_page_begin(&b, req, &c->u, U(c, PU_MYDATA),
		    U(c, PU_DELETE_STAFF));
	} else {
		page_page_begin(&b, req, &c->u, U(c, PU_MYDATA), NULL);
		if (infra_db_rows(&c->db) > 0)
			pw_mydata_dl(&b, c);
		pw_para(&b, NULL, U(c, PU_DELETE_WARN));
		page_form_button(&b, &c->u, "/me/data", U(c, PU_DELETE_ALL));
	}
	return (pw_page_end(req, c, &b));
}

/* One hub of a mentor's page: its name (to its slots page), then theirs. */
static int
pw_mentoring_hub(struct infra_buf *b, struct pw *c, int i)
{
	struct infra_db	*d = &c->db;
	const char	*hub = infra_db_get(d, i, 0);
	char		 action[192];

	(void)snprintf(action, sizeof(action), "/officer/hubs/%s/held", hub);
	(void)infra_buf_fmt(b, "<article class=\"card\" id=\"hub-%s\"><h2>"
	    "<a href=\"/officer/hubs/%s\">", hub, hub);
	T(b, infra_db_get(d, i, 1));
	S(b, "</a></h2><p class=\"meta\">");
	T(b, infra_db_get(d, i, 2));
	S(b, "</p><ul>");
	for (; i < infra_db_rows(d) && strcmp(infra_db_get(d, i, 0), hub) == 0;
	    i++) {
		if (infra_db_get(d, i, 3)[0] == '\0')
			continue;
		S(b, "<li>");
		T(b, infra_db_get(d, i, 4));
		pw_slot_state(b, c, action, infra_db_get(d, i, 3),
		    infra_db_get(d, i, 5), infra_db_get(d, i, 6));
		S(b, "</li>");
	}
	S(b, "</ul></article>");
	return (i);
}

/* GET /me/mentoring: the hubs the viewer mentors and their slots. */
int
prog_me_mentoring(struct http_request *req)
{
	struct infra_buf	 b;
	struct pw		*c;
	int			 r, i;

	c = pw_ctx(req);
	if (c->done == 0) {
		if (!page_require(req, &c->u, PAGE_ROLE_ANY))
			return (KORE_RESULT_OK);
		(void)snprintf(c->a[0], sizeof(c->a[0]), "%lld",
		    (long long)c->u.id);
		(void)kore_strlcpy(c->a[1], pw_lang(c), sizeof(c->a[1]));
		c->done = 1;
	}
	if ((r = infra_db_run(req, &c->db, SQL_MENTORING, 2, c->p)) !=
	    INFRA_DB_OK)
		return (pw_fail(req, c, r));
	page_page_begin(&b, req, &c->u, U(c, PU_MY_SLOTS), NULL);
	if (infra_db_rows(&c->db) == 0) {
		S(&b, "<p>");
		T(&b, U(c, PU_NO_MENTORING));
		S(&b, "</p>");
	}
	for (i = 0; i < infra_db_rows(&c->db);)
		i = pw_mentoring_hub(&b, c, i);
	infra_db_next(&c->db);
	return (page_page_end(req, &c->u, &b, 200));
}
