/*
 * The hubs' pages (public directory, a hub with its free mentor slots
 * and booking) and the pages of those who run programmes: an officer's
 * programmes, a programme, a hub's session codes and mentor slots.
 * Every right is checked in SQL (prog_can() inside each function): a
 * viewer of another province gets 403 whatever the path.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>

#include "infra/infra_kore.h"
#include "programmes/prog_glue.h"

#define SQL_HUBS	"SELECT * FROM prog_hub_list($1, $2)"
#define SQL_HUB		"SELECT * FROM prog_hub_page($1, $2::int, $3::bigint)"
#define SQL_BOOK	"SELECT * FROM prog_mentor_book($1::bigint, " \
			    "$2::bigint, 'web')"
#define SQL_LIST	"SELECT * FROM prog_list($1::bigint, $2)"
#define SQL_PROG	"SELECT * FROM prog_programme_page($1::bigint, $2, $3)"

static const struct {
	const char	*code;
	const char	*name[HLANG_COUNT];
} pw_provinces[] = {
	{ "PB", { "Punjab", "Punjab", "پنجاب" } },
	{ "SD", { "Sindh", "Sindh", "سندھ" } },
	{ "KP", { "Khyber Pakhtunkhwa", "Khyber Pakhtunkhwa",
	    "خیبر پختونخوا" } },
	{ "BA", { "Balochistan", "Balochistan", "بلوچستان" } },
	{ "IS", { "Islamabad", "Islamabad", "اسلام آباد" } },
	{ "GB", { "Gilgit-Baltistan", "Gilgit-Baltistan", "گلگت بلتستان" } },
	{ "AJ", { "Azad Jammu & Kashmir", "Azad Jammu & Kashmir",
	    "آزاد جموں و کشمیر" } },
};
#define PW_NPROV	(sizeof(pw_provinces) / sizeof(pw_provinces[0]))

struct pw *
pw_ctx(struct http_request *req)
{
	struct pw	*c;
	int		 i;

	c = page_ctx(req, sizeof(*c));
	if (!c->started) {
		page_ctx_user(req, c);
		for (i = 0; i < PW_ARGS; i++)
			c->p[i] = c->a[i];
	}
	return (c);
}

int
pw_fail(struct http_request *req, struct pw *c, int r)
{
	return (page_db_wait(req, &c->u, r));
}

/*
 * Whether the viewer holds one of roles (page_require() has answered
 * when not); their id goes in a[0], the first argument of every
 * officer's query.
 */
int
pw_require(struct http_request *req, struct pw *c, int roles)
{
	if (!page_require(req, &c->u, roles))
		return (0);
	(void)snprintf(c->a[0], sizeof(c->a[0]), "%lld", (long long)c->u.id);
	return (1);
}

/* A "denied" row: 404 for not_found, 403 for the rest. */
int
pw_denied(struct http_request *req, struct pw *c, const char *why)
{
	if (strcmp(why, "not_found") == 0)
		return (page_error(req, &c->u, 404, "not_found", PS_NOT_FOUND));
	return (page_error(req, &c->u, 403, "forbidden", PS_FORBIDDEN));
}

/* The path segment after prefix, up to the next '/', into out. */
int
pw_path_id(const char *path, const char *prefix, char *out, size_t len)
{
	size_t	n, k;

	n = strlen(prefix);
	if (strncmp(path, prefix, n) != 0)
		return (0);
	k = strcspn(path + n, "/");
	if (k == 0 || k >= len)
		return (0);
	memcpy(out, path + n, k);
	out[k] = '\0';
	return (1);
}

/* The page's end: the query's rows let go, the page sent (200). */
int
pw_page_end(struct http_request *req, struct pw *c, struct infra_buf *b)
{
	infra_db_next(&c->db);
	return (page_page_end(req, &c->u, b, 200));
}

/* One paragraph of text (class cls when set). */
void
pw_para(struct infra_buf *b, const char *cls, const char *text)
{
	if (cls != NULL)
		(void)infra_buf_fmt(b, "<p class=\"%s\">", cls);
	else
		S(b, "<p>");
	T(b, text);
	S(b, "</p>");
}

const char *
pw_lang(struct pw *c)
{
	return (infra_lang_code(c->u.lang));
}

void
pw_dt(struct infra_buf *b, const char *dt, const char *dd)
{
	S(b, "<dt>");
	T(b, dt);
	S(b, "</dt><dd>");
	T(b, dd);
	S(b, "</dd>");
}

/* A scrolling table with its caption (the page kit's). */
void
pw_table_open(struct infra_buf *b, const char *caption)
{
	page_html_table(b, caption, NULL);
}

/*
 * A mentor slot's card, opened: its id, time and mentor (columns 1-3 of
 * row i); the caller adds what its page says of it and closes the div.
 */
void
pw_slot_card(struct infra_buf *b, struct infra_db *d, int i)
{
	(void)infra_buf_fmt(b, "<div class=\"card\" id=\"slot-%s\">",
	    infra_db_get(d, i, 1));
	T(b, infra_db_get(d, i, 2));
	S(b, " &middot; ");
	T(b, infra_db_get(d, i, 3));
}

/* One button posting a mentor slot's id (book it, or mark it held). */
void
pw_slot_button(struct infra_buf *b, struct pw *c, const char *action,
    const char *slot, const char *label)
{
	page_form_open(b, &c->u, action);
	S(b, "<input type=\"hidden\" name=\"slot\" value=\"");
	page_html_attr(b, slot);
	S(b, "\">");
	page_form_submit(b, label);
	S(b, "</form>");
}

/*
 * A slot's card closed, after its button (book it, or mark it held)
 * when label is set.
 */
void
pw_slot_end(struct infra_buf *b, struct pw *c, const char *action,
    const char *slot, const char *label)
{
	if (label != NULL)
		pw_slot_button(b, c, action, slot, label);
	S(b, "</div>");
}

static const char *
pw_province(const char *code, enum hlang l)
{
	size_t	i;

	for (i = 0; i < PW_NPROV; i++)
		if (strcmp(pw_provinces[i].code, code) == 0)
			return (pw_provinces[i].name[l]);
	return (code);
}

static void
pw_services(struct infra_buf *b, struct pw *c, const char *list)
{
	static const struct {
		const char		*key;
		enum prog_ui_str	 s;
	} sv[] = {
		{ "training", PU_SV_TRAINING },
		{ "mentorship", PU_SV_MENTORSHIP },
		{ "internet", PU_SV_INTERNET },
		{ "government", PU_SV_GOVERNMENT },
	};
	size_t	i;
	int	first;

	first = 1;
	for (i = 0; i < sizeof(sv) / sizeof(sv[0]); i++) {
		if (strstr(list, sv[i].key) == NULL)
			continue;
		if (!first)
			S(b, infra_comma(c->u.lang));
		T(b, U(c, sv[i].s));
		first = 0;
	}
}

/*
 * One hub from a row of prog_hub_list() (or prog_hub_page(), whose
 * columns are the same from off).
 */
static void
pw_hub_card(struct infra_buf *b, struct pw *c, int row, int off, int link)
{
	struct infra_db	*d = &c->db;
	char		 h[160];

	(void)infra_buf_fmt(b, "<article class=\"card\" id=\"hub-%s\"><h2>",
	    infra_db_get(d, row, off));
	if (link)
		(void)infra_buf_fmt(b, "<a href=\"/hubs/%s\">",
		    infra_db_get(d, row, off));
	T(b, infra_db_get(d, row, off + 1));
	S(b, link ? "</a></h2>" : "</h2>");
	S(b, "<p class=\"meta\">");
	T(b, infra_db_get(d, row, off + 2));
	S(b, infra_comma(c->u.lang));
	T(b, pw_province(infra_db_get(d, row, off + 3), c->u.lang));
	if (strcmp(infra_db_get(d, row, off + 8), "t") == 0) {
		S(b, " &middot; <strong class=\"women\">");
		T(b, U(c, PU_WOMEN_ONLY));
		S(b, "</strong>");
	}
	S(b, "</p><dl>");
	pw_dt(b, U(c, PU_ADDRESS), infra_db_get(d, row, off + 4));
	infra_hours(infra_db_get(d, row, off + 5), c->u.lang, h, sizeof(h));
	pw_dt(b, U(c, PU_HOURS), h);
	if (infra_db_get(d, row, off + 9)[0] != '\0') {
		infra_hours(infra_db_get(d, row, off + 9), c->u.lang, h,
		    sizeof(h));
		pw_dt(b, U(c, PU_WOMEN_HOURS), h);
	}
	S(b, "<dt>");
	T(b, U(c, PU_PHONE));
	S(b, "</dt><dd><a href=\"tel:");
	page_html_attr(b, infra_db_get(d, row, off + 6));
	S(b, "\">");
	T(b, infra_db_get(d, row, off + 6));
	S(b, "</a></dd><dt>");
	T(b, U(c, PU_SERVICES));
	S(b, "</dt><dd>");
	pw_services(b, c, infra_db_get(d, row, off + 7));
	S(b, "</dd></dl></article>");
}

static void
pw_province_form(struct infra_buf *b, struct pw *c, const char *sel)
{
	size_t	i;

	S(b, "<form method=\"get\" action=\"/hubs\" class=\"row\"><label>");
	T(b, U(c, PU_PROVINCE));
	S(b, " <select name=\"province\"><option value=\"\">");
	T(b, U(c, PU_ALL));
	S(b, "</option>");
	for (i = 0; i < PW_NPROV; i++) {
		(void)infra_buf_fmt(b, "<option value=\"%s\"%s>",
		    pw_provinces[i].code, strcmp(sel, pw_provinces[i].code) ==
		    0 ? " selected" : "");
		T(b, pw_provinces[i].name[c->u.lang]);
		S(b, "</option>");
	}
	S(b, "</select></label><button type=\"submit\">");
	T(b, U(c, PU_SHOW));
	S(b, "</button></form>");
}

/* GET /hubs?province=KP: the public directory. */
int
prog_hubs(struct http_request *req)
{
	struct infra_buf	 b;
	struct pw		*c;
	int			 r, i, n;

	c = pw_ctx(req);
	if (req->method != HTTP_METHOD_GET)
		return (page_error(req, &c->u, 405, "method", PS_NOT_FOUND));
	if (c->done == 0) {
		c->done = 1;
		(void)kore_strlcpy(c->a[0], pw_lang(c), sizeof(c->a[0]));
		if (infra_arg(req, "province", c->a[1], sizeof(c->a[1])) != 2 ||
		    strspn(c->a[1], "ABDGJKPSI") != 2)
			c->a[1][0] = '\0';
	}
	if ((r = infra_db_run(req, &c->db, SQL_HUBS, 2, c->p)) != INFRA_DB_OK)
		return (pw_fail(req, c, r));
	page_page_begin(&b, req, &c->u, U(c, PU_HUBS_TITLE), NULL);
	pw_para(&b, NULL, U(c, PU_HUBS_INTRO));
	pw_province_form(&b, c, c->a[1]);
	n = infra_db_rows(&c->db);
	for (i = 0; i < n; i++)
		pw_hub_card(&b, c, i, 0, 1);
	if (n == 0)
		pw_para(&b, NULL, U(c, PU_NO_HUBS));
	return (pw_page_end(req, c, &b));
}

/* POST /hubs/<id>/book: a logged-in learner books a slot. */
static int
pw_book(struct http_request *req, struct pw *c)
{
	const char	*res;
	int		 r;

	if (c->done == 0) {
		if (!page_require(req, &c->u, PAGE_ROLE_ANY) ||
		    !page_csrf_ok(req, &c->u))
			return (KORE_RESULT_OK);
		if (infra_form(req, "slot", c->a[3], sizeof(c->a[3])) <= 0 ||
		    strspn(c->a[3], "0123456789") != strlen(c->a[3]) ||
		    strlen(c->a[3]) > 12)
			return (page_error(req, &c->u, 400, "slot",
			    PS_NOT_FOUND));
		(void)snprintf(c->a[2], sizeof(c->a[2]), "%lld",
		    (long long)c->u.id);
		c->done = 1;
	}
	if ((r = infra_db_run(req, &c->db, SQL_BOOK, 2, c->p + 2)) !=
	    INFRA_DB_OK)
		return (pw_fail(req, c, r));
	res = infra_db_get(&c->db, 0, 0);
	if (strcmp(res, "booked") == 0)
		(void)snprintf(c->flash, sizeof(c->flash), "%s %s%s%s%s%s",
		    U(c, PU_BOOKED), infra_db_get(&c->db, 0, 1),
		    infra_comma(c->u.lang), infra_db_get(&c->db, 0, 2),
		    infra_comma(c->u.lang), infra_db_get(&c->db, 0, 3));
	else
		(void)snprintf(c->flash, sizeof(c->flash), "%s",
		    U(c, strcmp(res, "taken") == 0 ? PU_TAKEN : PU_ALREADY));
	infra_db_next(&c->db);
	c->done = 2;
	return (KORE_RESULT_OK);
}

static void
pw_slots(struct infra_buf *b, struct pw *c, const char *hub, int from)
{
	struct infra_db	*d = &c->db;
	char		 action[192];
	int		 i, n;

	S(b, "<section id=\"mentors\"><h2>");
	T(b, U(c, PU_MENTORS));
	S(b, "</h2>");
	n = infra_db_rows(d);
	if (n <= from)
		pw_para(b, NULL, U(c, PU_NO_SLOTS));
	if (c->u.id == 0 && n > from) {
		S(b, "<p><a href=\"/login\">");
		T(b, U(c, PU_LOGIN_TO_BOOK));
		S(b, "</a></p>");
	}
	(void)snprintf(action, sizeof(action), "/hubs/%s/book", hub);
	for (i = from; i < n; i++) {
		pw_slot_card(b, d, i);
		/* Column 11: the viewer is this slot's mentor. */
		pw_slot_end(b, c, action, infra_db_get(d, i, 1),
		    c->u.id != 0 && strcmp(infra_db_get(d, i, 11), "t") != 0 ?
		    U(c, PU_BOOK) : NULL);
	}
	S(b, "</section>");
}

/* GET /hubs/<id>, POST /hubs/<id>/book. */
int
prog_hub_page(struct http_request *req)
{
	struct infra_buf	 b;
	struct pw		*c;
	int			 r;

	c = pw_ctx(req);
	if (c->a[1][0] == '\0') {
		if (!pw_path_id(req->path, "/hubs/", c->a[1],
		    sizeof(c->a[1])) || strlen(c->a[1]) > 9)
			return (page_error(req, &c->u, 404, "not_found",
			    PS_NOT_FOUND));
		(void)kore_strlcpy(c->a[0], pw_lang(c), sizeof(c->a[0]));
		(void)snprintf(c->a[2], sizeof(c->a[2]), "%lld",
		    (long long)c->u.id);
	}
	if (req->method == HTTP_METHOD_POST && c->done < 2) {
		if ((r = pw_book(req, c)) != KORE_RESULT_OK || c->done < 2)
			return (r);
	}
	if ((r = infra_db_run(req, &c->db, SQL_HUB, 3, c->p)) != INFRA_DB_OK)
		return (pw_fail(req, c, r));
	if (infra_db_rows(&c->db) == 0 ||
	    strcmp(infra_db_get(&c->db, 0, 0), "hub") != 0)
		return (page_error(req, &c->u, 404, "not_found", PS_NOT_FOUND));
	page_page_begin(&b, req, &c->u, infra_db_get(&c->db, 0, 2),
	    c->flash[0] != '\0' ? c->flash : NULL);
	S(&b, "<p><a href=\"/hubs\">");
	T(&b, U(c, PU_HUBS_TITLE));
	S(&b, "</a></p>");
	pw_hub_card(&b, c, 0, 1, 0);
	/* Column 11: the viewer runs this hub (mentor, officer, admin). */
	if (strcmp(infra_db_get(&c->db, 0, 11), "t") == 0) {
		(void)infra_buf_fmt(&b, "<p class=\"manage\"><a href=\""
		    "/officer/hubs/%s\">", c->a[1]);
		T(&b, U(c, PU_MANAGE_HUB));
		S(&b, "</a></p>");
	}
	if (strstr(infra_db_get(&c->db, 0, 8), "mentorship") != NULL)
		pw_slots(&b, c, c->a[1], 1);
	return (pw_page_end(req, c, &b));
}

/* GET /officer: the programmes this officer (or admin) runs. */
int
prog_officer(struct http_request *req)
{
	struct infra_buf	 b;
	struct infra_db		*d;
	struct pw		*c;
	int			 r, i;

	c = pw_ctx(req);
	d = &c->db;
	if (c->done == 0) {
		if (!pw_require(req, c, PAGE_ROLE_OFFICER | PAGE_ROLE_ADMIN))
			return (KORE_RESULT_OK);
		(void)kore_strlcpy(c->a[1], pw_lang(c), sizeof(c->a[1]));
		c->done = 1;
	}
	if ((r = infra_db_run(req, d, SQL_LIST, 2, c->p)) != INFRA_DB_OK)
		return (pw_fail(req, c, r));
	page_page_begin(&b, req, &c->u, U(c, PU_PROGRAMMES), NULL);
	for (i = 0; i < infra_db_rows(d); i++) {
		(void)infra_buf_fmt(&b, "<article class=\"card\" id=\"%s\"><h2>"
		    "<a href=\"/officer/programmes/%s\">",
		    infra_db_get(d, i, 0), infra_db_get(d, i, 0));
		T(&b, infra_db_get(d, i, 1));
		S(&b, "</a></h2><p class=\"meta\">");
		T(&b, infra_db_get(d, i, 3));
		/* "Courses: 1", not "1 Courses": a label reads in any count. */
		S(&b, " &middot; ");
		T(&b, U(c, PU_COURSES));
		S(&b, ": ");
		T(&b, infra_db_get(d, i, 4));
		S(&b, " &middot; ");
		T(&b, U(c, PU_HUBS_TITLE));
		S(&b, ": ");
		T(&b, infra_db_get(d, i, 5));
		(void)infra_buf_fmt(&b, "</p><p><a href=\"/dash/prog/%s\">",
		    infra_db_get(d, i, 0));
		T(&b, U(c, PU_DASHBOARD));
		S(&b, "</a></p></article>");
	}
	S(&b, "<p><a href=\"/officer/programmes/new\">");
	T(&b, U(c, PU_NEW_PROGRAMME));
	S(&b, "</a> &middot; <a href=\"/officer/replicate\">");
	T(&b, U(c, PU_REPLICATE));
	S(&b, "</a></p>");
	infra_db_next(d);
	return (page_page_end(req, &c->u, &b, 200));
}

static void
pw_prog_head(struct infra_buf *b, struct pw *c)
{
	struct infra_db	*d = &c->db;
	char		 t[4][16];
	const char	*g;
	int		 k;

	S(b, "<p class=\"meta\">");
	T(b, infra_db_get(d, 0, 1));
	S(b, " &middot; ");
	T(b, infra_db_get(d, 0, 4));
	S(b, "</p><dl>");
	pw_dt(b, U(c, PU_BUDGET), infra_db_get(d, 0, 5));
	S(b, "<dt>");
	T(b, U(c, PU_F_BUDGET_PKR));
	S(b, "</dt><dd>");
	page_money(b, infra_db_get(d, 0, 6));
	S(b, "</dd><dt>");
	T(b, U(c, PU_TARGETS));
	S(b, "</dt><dd id=\"targets\">");
	memset(t, 0, sizeof(t));
	g = infra_db_get(d, 0, 7);
	for (k = 0; k < 4 && *g != '\0'; k++) {
		(void)snprintf(t[k], sizeof(t[k]), "%.*s",
		    (int)strcspn(g, "|"), g);
		g += strcspn(g, "|");
		g += *g == '|';
	}
	(void)infra_buf_fmt(b, "%s ", t[0]);
	T(b, U(c, PU_T_ENROL));
	(void)infra_buf_fmt(b, "%s%s ", infra_comma(c->u.lang), t[1]);
	T(b, U(c, PU_T_COMPLETE));
	(void)infra_buf_fmt(b, "%s%s ", infra_comma(c->u.lang), t[2]);
	T(b, U(c, PU_T_PLACED));
	(void)infra_buf_fmt(b, "%s%s%% ", infra_comma(c->u.lang), t[3]);
	T(b, U(c, PU_T_WOMEN));
	(void)infra_buf_fmt(b, "</dd></dl><p><a href=\"/dash/prog/%s\">",
	    infra_db_get(d, 0, 1));
	T(b, U(c, PU_DASHBOARD));
	(void)infra_buf_fmt(b, "</a> &middot; <a href=\"/officer/programmes/"
	    "%s/edit\">", infra_db_get(d, 0, 1));
	T(b, U(c, PU_EDIT_PROGRAMME));
	(void)infra_buf_fmt(b, "</a> &middot; <a href=\"/officer/hubs/new?"
	    "programme=%s\">", infra_db_get(d, 0, 1));
	T(b, U(c, PU_NEW_HUB));
	S(b, "</a></p>");
}

static void
pw_prog_rows(struct infra_buf *b, struct pw *c)
{
	struct infra_db	*d = &c->db;
	const char	*sec;
	int		 i;

	S(b, "<section id=\"courses\"><h2>");
	T(b, U(c, PU_COURSES));
	S(b, "</h2><ul>");
	for (i = 1; i < infra_db_rows(d); i++) {
		if (strcmp(infra_db_get(d, i, 0), "course") != 0)
			continue;
		(void)infra_buf_fmt(b, "<li><a href=\"/courses/%s\">%s</a> ",
		    infra_db_get(d, i, 1), infra_db_get(d, i, 1));
		T(b, infra_db_get(d, i, 2));
		if (strcmp(infra_db_get(d, i, 4), "t") == 0) {
			S(b, " &middot; ");
			T(b, U(c, PU_ATTENDANCE_COUNTS));
		}
		if (infra_db_get(d, i, 5)[0] != '\0') {
			S(b, " <span class=\"attribution\">&middot; ");
			T(b, U(c, PU_COPIED_FROM));
			S(b, ": ");
			T(b, infra_db_get(d, i, 5));
			S(b, "</span>");
		}
		S(b, "</li>");
	}
	S(b, "</ul></section><section id=\"hubs\"><h2>");
	T(b, U(c, PU_HUBS_TITLE));
	S(b, "</h2><ul>");
	for (i = 1; i < infra_db_rows(d); i++) {
		sec = infra_db_get(d, i, 0);
		if (strcmp(sec, "hub") != 0)
			continue;
		(void)infra_buf_fmt(b, "<li><a href=\"/officer/hubs/%s\">",
		    infra_db_get(d, i, 1));
		T(b, infra_db_get(d, i, 2));
		S(b, "</a>");
		S(b, infra_comma(c->u.lang));
		T(b, infra_db_get(d, i, 3));
		if (strcmp(infra_db_get(d, i, 4), "t") == 0) {
			S(b, " &middot; ");
			T(b, U(c, PU_WOMEN_ONLY));
		}
		S(b, "</li>");
	}
	S(b, "</ul></section>");
}

/* GET /officer/programmes/<code>. */
int
prog_programme(struct http_request *req)
{
	struct infra_buf	 b;
	struct pw		*c;
	int			 r;

	c = pw_ctx(req);
	if (c->done == 0) {
		if (!pw_require(req, c, PAGE_ROLE_OFFICER | PAGE_ROLE_ADMIN))
			return (KORE_RESULT_OK);
		if (!pw_path_id(req->path, "/officer/programmes/", c->a[1],
		    sizeof(c->a[1])) || strlen(c->a[1]) > 8)
			return (page_error(req, &c->u, 404, "not_found",
			    PS_NOT_FOUND));
		(void)kore_strlcpy(c->a[2], pw_lang(c), sizeof(c->a[2]));
		c->done = 1;
	}
	if ((r = infra_db_run(req, &c->db, SQL_PROG, 3, c->p)) != INFRA_DB_OK)
		return (pw_fail(req, c, r));
	if (strcmp(infra_db_get(&c->db, 0, 0), "denied") == 0)
		return (pw_denied(req, c, infra_db_get(&c->db, 0, 1)));
	page_page_begin(&b, req, &c->u, infra_db_get(&c->db, 0, 2), NULL);
	pw_prog_head(&b, c);
	pw_prog_rows(&b, c);
	return (pw_page_end(req, c, &b));
}
