/*
 * Profiles: the public view (phone masked unless the owner agreed) and
 * the owner's editor.  GET /users/<id>, GET/POST /me/profile and their
 * /api/v1 twins.
 */
#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>

#include <stdio.h>
#include <string.h>

#include "web/web.h"
#include "web/web_glue.h"

static const char SQL_PROFILE[] =
    "SELECT u.id, u.name, u.role, coalesce(sms_user_phone(u.id), ''), "
    "u.phone_public, "
    "coalesce(u.org_name, ''), coalesce(d.name_en, ''), "
    "coalesce(d.name_ur, ''), coalesce(p.bio, ''), coalesce(p.links, ''), "
    "coalesce(p.availability, 'part_time'), "
    "coalesce((SELECT string_agg(lang, ',' ORDER BY lang) FROM "
    "user_languages l WHERE l.user_id = u.id), ''), "
    "coalesce((SELECT string_agg(s.slug || ':' || us.level || CASE WHEN "
    "us.certified THEN '*' ELSE '' END, ',' ORDER BY s.slug) FROM "
    "user_skills us JOIN skills s ON s.id = us.skill_id WHERE "
    "us.user_id = u.id), ''), "
    "coalesce((SELECT round(avg(r.rating), 1)::text FROM reviews r WHERE "
    "r.subject_id = u.id), ''), "
    "(SELECT count(*) FROM reviews r WHERE r.subject_id = u.id), "
    "coalesce((SELECT string_agg(r.rating || chr(31) || r.body, chr(30) "
    "ORDER BY r.created_at DESC) FROM (SELECT * FROM reviews r "
    "WHERE r.subject_id = u.id ORDER BY r.created_at DESC LIMIT 5) r), ''), "
    "coalesce(u.district_id::text, ''), "
    "profile_skills_named(u.id, $2) "
    "FROM users u LEFT JOIN districts d ON d.id = u.district_id "
    "LEFT JOIN profiles p ON p.user_id = u.id WHERE u.id = $1";

/* The districts by name, grouped by province (the editor's choice). */
static const char SQL_DISTRICTS[] =
    "SELECT d.id::text, d.name_en, d.name_ur, p.name_en, p.name_ur "
    "FROM districts d JOIN provinces p ON p.id = d.province_id "
    "ORDER BY p.name_en, d.name_en";

static const char SQL_PROFILE_SAVE[] =
    "SELECT profile_save($1, $2, NULLIF($3, '')::int, $4, $5, $6, "
    "$7::boolean, $8, $9)";

static const char *const prof_fields[] = { "name", "district_id", "bio",
    "links", "availability", "phone_public", "languages", "skills", NULL };

static enum web_str
prof_avail(const char *a)
{
	if (strcmp(a, "full_time") == 0)
		return (WS_AVAIL_FULL);
	if (strcmp(a, "weekends") == 0)
		return (WS_AVAIL_WEEKENDS);
	if (strcmp(a, "unavailable") == 0)
		return (WS_AVAIL_NONE);
	return (WS_AVAIL_PART);
}

static enum web_str
prof_role(const char *role)
{
	switch (page_role_bit(role)) {
	case PAGE_ROLE_TRAINER:
		return (WS_ROLE_TRAINER);
	case PAGE_ROLE_EMPLOYER:
		return (WS_ROLE_EMPLOYER);
	case PAGE_ROLE_ADMIN:
		return (WS_ROLE_ADMIN);
	default:
		return (WS_ROLE_TRAINEE);
	}
}

static int
prof_json(struct http_request *req, struct wctx *c, const char *phone)
{
	struct infra_db		*d = &c->db;
	struct kore_buf		 b;
	const char		*p, *e;
	int			 first;

	kore_buf_init(&b, 1024);
	kore_buf_appendf(&b, "{\"id\":%s,\"name\":", infra_db_get(d, 0, 0));
	infra_json_str(&b, infra_db_get(d, 0, 1));
	page_json_field(&b, "role", infra_db_get(d, 0, 2));
	page_json_field(&b, "phone", phone);
	page_json_field_null(&b, "org", infra_db_get(d, 0, 5));
	page_json_field_null(&b, "district", infra_db_get(d, 0, 6));
	page_json_field_null(&b, "bio", infra_db_get(d, 0, 8));
	page_json_list(&b, "links", infra_db_get(d, 0, 9), " \t\r\n,");
	page_json_field(&b, "availability", infra_db_get(d, 0, 10));
	page_json_list(&b, "languages", infra_db_get(d, 0, 11), ",");
	kore_buf_appendf(&b, ",\"skills\":[");
	first = 1;
	for (p = infra_db_get(d, 0, 12); *p != '\0'; p = *e ? e + 1 : e) {
		const char	*colon;

		if ((e = strchr(p, ',')) == NULL)
			e = p + strlen(p);
		if ((colon = memchr(p, ':', (size_t)(e - p))) == NULL)
			continue;
		kore_buf_appendf(&b, "%s{\"skill\":", first ? "" : ",");
		first = 0;
		infra_json_strn(&b, p, (size_t)(colon - p));
		kore_buf_appendf(&b, ",\"level\":%c,\"certified\":%s}",
		    colon[1], e[-1] == '*' ? "true" : "false");
	}
	kore_buf_appendf(&b, "],\"rating\":%s,\"reviews\":%s}\n",
	    infra_db_get(d, 0, 13)[0] ? infra_db_get(d, 0, 13) : "null",
	    infra_db_get(d, 0, 14));
	return (page_json_send(req, 200, &b));
}

/* "en,ur,bal" as names in the reader's language, joined by sep. */
static void
prof_langs(struct infra_buf *b, const char *codes, enum hlang l,
    const char *sep, int html)
{
	const char	*p, *e, *name;
	int		 first;

	first = 1;
	for (p = codes; *p != '\0'; p = *e ? e + 1 : e) {
		if ((e = strchr(p, ',')) == NULL)
			e = p + strlen(p);
		if ((name = web_lang_name(p, (size_t)(e - p), l)) == NULL)
			continue;
		if (!first)
			(void)infra_buf_add(b, sep, strlen(sep));
		first = 0;
		if (html)
			page_html_text(b, name);
		else
			(void)infra_buf_add(b, name, strlen(name));
	}
}

/* Each http(s) address of the links field as a link; the rest as text. */
static void
prof_links(struct infra_buf *b, const char *links)
{
	const char	*p, *e;
	char		 url[512];
	size_t		 n;

	page_html_s(b, "<ul class=\"links\">");
	for (p = links; *p != '\0'; p = e) {
		p += strspn(p, " \t\r\n,");
		if (*p == '\0')
			break;
		n = strcspn(p, " \t\r\n,");
		e = p + n;
		if (n >= sizeof(url))
			continue;
		memcpy(url, p, n);
		url[n] = '\0';
		page_html_s(b, "<li dir=\"ltr\">");
		if (strncmp(url, "https://", 8) == 0 ||
		    strncmp(url, "http://", 7) == 0) {
			page_html_s(b, "<a rel=\"nofollow ugc noopener\" href=\"");
			page_html_attr(b, url);
			page_html_s(b, "\">");
			page_html_text(b, url);
			page_html_s(b, "</a>");
		} else
			page_html_text(b, url);
		page_html_s(b, "</li>");
	}
	page_html_s(b, "</ul>");
}

/*
 * The next record of a row "a US b RS c US d": its start, its end (*e)
 * and its unit separator (*us, NULL when it has none); NULL at the row's
 * end.  Skills and reviews come from PostgreSQL so.
 */
static const char *
prof_record(const char **row, const char **e, const char **us)
{
	const char	*p = *row;

	if (*p == '\0')
		return (NULL);
	if ((*e = strchr(p, '\x1e')) == NULL)
		*e = p + strlen(p);
	*us = memchr(p, '\x1f', (size_t)(*e - p));
	*row = **e != '\0' ? *e + 1 : *e;
	return (p);
}

/* One skill record (name US level[*]): "Canva</bdi> -- intermediate". */
static void
prof_skill(struct infra_buf *b, const char *p, const char *us,
    const char *e, const char *dash, enum hlang lang)
{
	static const enum web_str lv[] = { WS_LEVEL_1, WS_LEVEL_2, WS_LEVEL_3 };

	page_html_s(b, "<bdi>");
	page_html_textn(b, p, (size_t)(us - p));
	page_html_s(b, "</bdi>");
	page_html_s(b, dash);
	web_html_str(b, lv[us[1] - '1'], lang);
	if (e[-1] == '*') {
		page_html_s(b, infra_comma(lang));
		page_html_s(b, "<strong>");
		web_html_str(b, WS_CERTIFIED, lang);
		page_html_s(b, "</strong>");
	}
}

/* Skills by name: "Canva -- intermediate, certified" (name US level). */
static void
prof_skills(struct infra_buf *b, struct wctx *c, const char *row)
{
	const char	*p, *e, *us;

	page_html_s(b, "<h2>");
	web_html_str(b, WS_SKILLS, c->u.lang);
	page_html_s(b, "</h2><ul>");
	while ((p = prof_record(&row, &e, &us)) != NULL) {
		if (us == NULL || us[1] < '1' || us[1] > '3')
			continue;
		page_html_s(b, "<li>");
		prof_skill(b, p, us, e, " &mdash; ", c->u.lang);
		page_html_s(b, "</li>");
	}
	page_html_s(b, "</ul>");
}

/*
 * The same on one line, for a row of a table: "Canva (intermediate,
 * certified), Graphic design (beginner)".
 */
void
web_skills_inline(struct infra_buf *b, const char *row, enum hlang lang)
{
	const char	*p, *e, *us;
	int		 n;

	for (n = 0; (p = prof_record(&row, &e, &us)) != NULL; ) {
		if (us == NULL || us[1] < '1' || us[1] > '3')
			continue;
		if (n++ > 0)
			page_html_s(b, infra_comma(lang));
		prof_skill(b, p, us, e, " (", lang);
		page_html_s(b, ")");
	}
}

/* Reviews as text under their stars: "rating US body", RS between. */
static void
prof_reviews(struct infra_buf *b, struct wctx *c, const char *row)
{
	const char	*p, *e, *us;
	char		 label[64];
	int		 k, stars;

	page_html_s(b, "<h2>");
	web_html_str(b, WS_REVIEWS, c->u.lang);
	page_html_s(b, "</h2>");
	while ((p = prof_record(&row, &e, &us)) != NULL) {
		if (us == NULL || p[0] < '1' || p[0] > '5')
			continue;
		stars = p[0] - '0';
		(void)snprintf(label, sizeof(label),
		    web_str(WS_STARS, c->u.lang), stars);
		page_html_s(b, "<figure class=\"review\"><p class=\"stars\" "
		    "role=\"img\" aria-label=\"");
		page_html_attr(b, label);
		page_html_s(b, "\">");
		for (k = 1; k <= 5; k++)
			page_html_s(b, k <= stars ? "&#9733;" : "&#9734;");
		page_html_s(b, "</p><blockquote dir=\"auto\">");
		page_html_textn(b, us + 1, (size_t)(e - us - 1));
		page_html_s(b, "</blockquote></figure>");
	}
}

static void
prof_view(struct infra_buf *b, struct wctx *c, const char *phone)
{
	struct infra_db	*d = &c->db;

	page_html_s(b, "<p class=\"meta\"><bdi>");
	page_html_text(b, infra_db_get(d, 0, 5)[0] ? infra_db_get(d, 0, 5) :
	    web_str(prof_role(infra_db_get(d, 0, 2)), c->u.lang));
	page_html_s(b, "</bdi> &middot; ");
	page_html_text(b, infra_db_get(d, 0, c->u.lang == HLANG_UR ? 7 : 6));
	page_html_s(b, " &middot; <span class=\"phone\" dir=\"ltr\">");
	page_html_text(b, phone);
	page_html_s(b, "</span></p>");
	if (infra_db_get(d, 0, 13)[0] != '\0') {
		page_html_s(b, "<p>");
		web_html_str(b, WS_RATING, c->u.lang);
		(void)infra_buf_fmt(b, ": %s / 5 (%s)</p>",
		    infra_db_get(d, 0, 13), infra_db_get(d, 0, 14));
	}
	page_html_s(b, "<p dir=\"auto\">");
	page_html_text(b, infra_db_get(d, 0, 8));
	page_html_s(b, "</p><p>");
	web_html_str(b, WS_F_AVAIL, c->u.lang);
	page_html_s(b, ": ");
	web_html_str(b, prof_avail(infra_db_get(d, 0, 10)), c->u.lang);
	if (infra_db_get(d, 0, 11)[0] != '\0') {
		page_html_s(b, " &middot; ");
		web_html_str(b, WS_F_LANGS, c->u.lang);
		page_html_s(b, ": ");
		prof_langs(b, infra_db_get(d, 0, 11), c->u.lang,
		    infra_comma(c->u.lang), 1);
	}
	page_html_s(b, "</p>");
	if (infra_db_get(d, 0, 9)[0] != '\0') {
		page_html_s(b, "<h2>");
		web_html_str(b, WS_F_LINKS, c->u.lang);
		page_html_s(b, "</h2>");
		prof_links(b, infra_db_get(d, 0, 9));
	}
	if (infra_db_get(d, 0, 17)[0] != '\0')
		prof_skills(b, c, infra_db_get(d, 0, 17));
	if (infra_db_get(d, 0, 15)[0] != '\0')
		prof_reviews(b, c, infra_db_get(d, 0, 15));
}

/* GET /users/<id>, GET /api/v1/users/<id>, GET /api/v1/me/profile */
int
web_profile_page(struct http_request *req)
{
	struct wctx	*c;
	char		 id[24], action[8], phone[32];
	long		 n;
	int		 r, owner;

	c = web_wctx(req);
	if (!c->started) {
		page_ctx_user(req, c);
		if (strcmp(req->path, "/api/v1/me/profile") == 0) {
			if (!page_require(req, &c->u, PAGE_ROLE_ANY))
				return (KORE_RESULT_OK);
			if (req->method == HTTP_METHOD_PUT ||
			    req->method == HTTP_METHOD_POST) {
				c->delegate = web_profile_edit;
				return (web_profile_edit(req));
			}
			n = (long)c->u.id;
		} else if (!page_path_parse(req->path, c->u.api ?
		    "/api/v1/users/" : "/users/", id, sizeof(id), action,
		    sizeof(action)) || action[0] != '\0' ||
		    page_valid_long(id, 1, 0x7fffffffffffffffL, &n) != PS_NONE)
			return (page_error(req, &c->u, 404, "not_found",
			    PS_NOT_FOUND));
		if (req->method != HTTP_METHOD_GET)
			return (page_error(req, &c->u, 405, "method",
			    PS_NOT_FOUND));
		(void)snprintf(c->a[0], sizeof(c->a[0]), "%ld", n);
		c->argv[0] = c->a[0];
		c->argv[1] = infra_lang_code(c->u.lang);
	}
	if (c->delegate != NULL)
		return (c->delegate(req));
	if ((r = infra_db_run(req, &c->db, SQL_PROFILE, 2, c->argv)) !=
	    INFRA_DB_OK)
		return (page_db_wait(req, &c->u, r));
	if (infra_db_rows(&c->db) != 1)
		return (page_error(req, &c->u, 404, "not_found", PS_NOT_FOUND));
	owner = c->u.id != 0 && c->u.id == strtoll(infra_db_get(&c->db, 0, 0),
	    NULL, 10);
	if (owner || infra_db_get(&c->db, 0, 4)[0] == 't')
		page_phone_local(infra_db_get(&c->db, 0, 3), phone,
		    sizeof(phone));
	else
		page_phone_mask(infra_db_get(&c->db, 0, 3), phone,
		    sizeof(phone));
	if (c->u.api)
		return (prof_json(req, c, phone));
	page_page_begin(&c->out, req, &c->u, infra_db_get(&c->db, 0, 1), NULL);
	prof_view(&c->out, c, phone);
	if (owner) {
		page_html_s(&c->out, "<p><a href=\"/me/profile\">");
		web_html_str(&c->out, WS_EDIT_PROFILE, c->u.lang);
		page_html_s(&c->out, "</a></p>");
	}
	return (web_wctx_end(req, c, 200));
}

static void
prof_form(struct infra_buf *b, struct wctx *c)
{
	static const struct page_option	av[] = {
	    { "full_time", NULL, NULL }, { "part_time", NULL, NULL },
	    { "weekends", NULL, NULL }, { "unavailable", NULL, NULL } };
	struct page_option		opts[4] = { 0 }, *dopts;
	struct page_field		f;
	size_t				i;
	int				ur;

	for (i = 0; i < 4; i++) {
		opts[i].value = av[i].value;
		opts[i].label = web_str(prof_avail(av[i].value), c->u.lang);
	}
	/* The districts by name under their province (SQL_DISTRICTS). */
	ur = c->u.lang == HLANG_UR;
	dopts = kore_calloc((size_t)infra_db_rows(&c->db) + 1, sizeof(*dopts));
	dopts[0].value = "";
	dopts[0].label = web_str(WS_ANY, c->u.lang);
	for (i = 0; i < (size_t)infra_db_rows(&c->db); i++) {
		dopts[i + 1].value = infra_db_get(&c->db, (int)i, 0);
		dopts[i + 1].label = infra_db_get(&c->db, (int)i, ur ? 2 : 1);
		dopts[i + 1].group = infra_db_get(&c->db, (int)i, ur ? 4 : 3);
	}
	page_form_errors(b, c->u.lang, c->err.n);
	page_form_open(b, &c->u, "/me/profile");
	memset(&f, 0, sizeof(f));
#define PF(t, n, l, h, m) do {						\
	f.type = (t); f.name = (n); f.label = web_str((l), c->u.lang);	\
	f.hint = (h) != WS_NONE ? web_str((h), c->u.lang) : NULL;	\
	f.error = page_errs_get(&c->err, (n));				\
	f.value = page_input_get(&c->in, (n)); f.maxlength = (m);	\
	page_form_field(b, &f);						\
} while (0)
	f.required = 1;
	PF(PAGE_FIELD_TEXT, "name", WS_F_NAME, WS_NONE, 80);
	f.required = 0;
	f.options = dopts;
	f.noptions = (size_t)infra_db_rows(&c->db) + 1;
	PF(PAGE_FIELD_SELECT, "district_id", WS_F_DISTRICT, WS_NONE, 0);
	f.options = NULL;
	f.noptions = 0;
	PF(PAGE_FIELD_TEXTAREA, "bio", WS_F_BIO, WS_NONE, 2000);
	PF(PAGE_FIELD_TEXT, "links", WS_F_LINKS, WS_NONE, 1000);
	f.options = opts;
	f.noptions = 4;
	PF(PAGE_FIELD_SELECT, "availability", WS_F_AVAIL, WS_NONE, 0);
	f.options = NULL;
	f.noptions = 0;
	PF(PAGE_FIELD_TEXT, "languages", WS_F_LANGS, WS_F_LANGS_HINT, 200);
	PF(PAGE_FIELD_TEXT, "skills", WS_SKILLS, WS_F_MYSKILLS_HINT, 600);
	PF(PAGE_FIELD_CHECKBOX, "phone_public", WS_F_PHONE_PUBLIC, WS_NONE, 0);
#undef PF
	page_form_submit(b, web_str(WS_BTN_SAVE, c->u.lang));
	page_html_s(b, "</form>");
	kore_free(dopts);
}

/* The skills as the editor shows them: "Canva: intermediate, ...". */
static void
prof_fill_skills(struct infra_buf *t, struct wctx *c, const char *row)
{
	static const enum web_str lv[] = { WS_LEVEL_1, WS_LEVEL_2, WS_LEVEL_3 };
	const char	*p, *e, *us, *w;

	while ((p = prof_record(&row, &e, &us)) != NULL) {
		if (us == NULL || us[1] < '1' || us[1] > '3')
			continue;
		if (t->len > 0)
			(void)infra_buf_fmt(t, "%s", infra_comma(c->u.lang));
		(void)infra_buf_add(t, p, (size_t)(us - p));
		w = web_str(lv[us[1] - '1'], c->u.lang);
		(void)infra_buf_add(t, ": ", 2);
		(void)infra_buf_add(t, w, strlen(w));
	}
	(void)infra_buf_add(t, "", 1);
}

/*
 * Fills c->in from the profile row (the editor's first view): languages
 * and skills by name, levels in words, in the reader's language.
 */
static void
prof_fill(struct wctx *c)
{
	static const int	cols[] = { 1, 16, 8, 9, 10, 4, 11, 17 };
	struct infra_buf	t;
	const char		*v;
	int			 i;

	memset(&c->in, 0, sizeof(c->in));
	for (i = 0; prof_fields[i] != NULL; i++) {
		v = infra_db_get(&c->db, 0, cols[i]);
		infra_buf_init(&t);
		if (i == 5)
			v = v[0] == 't' ? "1" : "";
		if (i == 6) {
			prof_langs(&t, v, c->u.lang, infra_comma(c->u.lang),
			    0);
			(void)infra_buf_add(&t, "", 1);
			v = (const char *)t.data;
		}
		if (i == 7) {
			prof_fill_skills(&t, c, v);
			v = (const char *)t.data;
		}
		page_input_set(&c->in, i, prof_fields[i], v != NULL ? v : "");
		infra_buf_free(&t);
	}
	c->in.n = i;
}

/*
 * Checks a posted profile into c->err; on success fills c->argv for
 * SQL_PROFILE_SAVE, languages turned from names into codes (c->a[2]).
 */
static void
prof_check(struct wctx *c)
{
	static const char *const	avail[] = { "full_time", "part_time",
	    "weekends", "unavailable", NULL };
	const char			*v;
	char				 bad[40], msg[200];
	long				 n;
	int				 i;

	(void)page_check_text(&c->err, &c->u, &c->in, "name", 2, 80,
	    PAGE_TEXT_LINE);
	(void)page_check_text(&c->err, &c->u, &c->in, "bio", 0, 2000,
	    PAGE_TEXT_MULTI);
	(void)page_check_text(&c->err, &c->u, &c->in, "links", 0, 1000,
	    PAGE_TEXT_LINE);
	if (page_check_text(&c->err, &c->u, &c->in, "languages", 0, 200,
	    PAGE_TEXT_LINE) && !web_langs_parse(page_input_get(&c->in,
	    "languages") != NULL ? page_input_get(&c->in, "languages") : "",
	    c->a[2], sizeof(c->a[2]), bad, sizeof(bad))) {
		(void)snprintf(msg, sizeof(msg), web_str(WS_ERR_LANG,
		    c->u.api ? HLANG_EN : c->u.lang), bad);
		page_errs_set(&c->err, "languages", "language", msg);
	}
	(void)page_check_text(&c->err, &c->u, &c->in, "skills", 0, 600,
	    PAGE_TEXT_LINE);
	v = page_input_get(&c->in, "district_id");
	if (page_input_bad(&c->in, "district_id") || (v != NULL &&
	    v[0] != '\0' && page_valid_long(v, 1, 100000, &n) != PS_NONE))
		page_errs_add(&c->err, &c->u, "district_id", PS_ERR_CHOICE, 0,
		    0);
	v = page_input_get(&c->in, "availability");
	if (page_valid_choice(v != NULL ? v : "part_time", avail) != PS_NONE)
		page_errs_add(&c->err, &c->u, "availability", PS_ERR_CHOICE,
		    0, 0);
	for (i = 0; i < 8; i++) {
		v = page_input_get(&c->in, prof_fields[i]);
		c->argv[i + 1] = v != NULL ? v : "";
	}
	v = page_input_get(&c->in, "availability");
	c->argv[5] = v != NULL ? v : "part_time";
	v = page_input_get(&c->in, "phone_public");
	c->argv[6] = v != NULL && (strcmp(v, "1") == 0 ||
	    strcmp(v, "true") == 0 || strcmp(v, "on") == 0) ? "true" : "false";
	c->argv[7] = c->a[2];
}

static int
prof_saved(struct http_request *req, struct wctx *c)
{
	struct kore_buf	b;

	if (c->u.api) {
		kore_buf_init(&b, 128);
		kore_buf_appendf(&b, "{\"ok\":true");
		page_json_list(&b, "unknown_skills", infra_db_get(&c->db, 0, 0),
		    ",");
		kore_buf_appendf(&b, "}\n");
		return (page_json_send(req, 200, &b));
	}
	(void)snprintf(c->a[1], sizeof(c->a[1]), "/users/%lld",
	    (long long)c->u.id);
	return (page_redirect(req, &c->u, c->a[1]));
}

/*
 * GET/POST /me/profile, PUT /api/v1/me/profile.  Phases: 1 reads the
 * profile, 3 the districts and writes the form (c->status), 2 saves.
 */
int
web_profile_edit(struct http_request *req)
{
	struct wctx	*c;
	int		 r;

	c = web_wctx(req);
	if (c->phase == 0) {
		if (!web_wctx_self(req, c, PAGE_ROLE_ANY))
			return (KORE_RESULT_OK);
		c->a[1][0] = '\0';
		c->argv[1] = infra_lang_code(c->u.lang);
		c->status = 200;
		c->phase = 1;
		if (req->method != HTTP_METHOD_GET) {
			if (!page_csrf_ok(req, &c->u) ||
			    !page_input_read(req, &c->u, &c->in, prof_fields))
				return (KORE_RESULT_OK);
			prof_check(c);
			if (c->err.n > 0 && c->u.api)
				return (page_errs_reply(req, &c->u, &c->err,
				    422));
			c->status = 422;
			c->phase = c->err.n > 0 ? 3 : 2;
		}
	}
	if (c->phase == 1) {
		if ((r = infra_db_run(req, &c->db, SQL_PROFILE, 2, c->argv)) !=
		    INFRA_DB_OK)
			return (page_db_wait(req, &c->u, r));
		prof_fill(c);
		infra_db_next(&c->db);
		c->phase = 3;
	}
	if (c->phase == 3) {
		if ((r = infra_db_run(req, &c->db, SQL_DISTRICTS, 0, NULL)) !=
		    INFRA_DB_OK)
			return (page_db_wait(req, &c->u, r));
		page_page_begin(&c->out, req, &c->u,
		    web_str(WS_EDIT_PROFILE, c->u.lang), NULL);
		prof_form(&c->out, c);
		return (web_wctx_end(req, c, c->status));
	}
	if ((r = infra_db_run(req, &c->db, SQL_PROFILE_SAVE, 9, c->argv)) !=
	    INFRA_DB_OK)
		return (page_db_wait(req, &c->u, r));
	return (prof_saved(req, c));
}
