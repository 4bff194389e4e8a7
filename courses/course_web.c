/*
 * Courses for learners, on the web and under /api/v1: the catalog with
 * search and filters, the course page, enrolling and leaving, lessons
 * with their quiz, and the public certificate check /verify/<code>.
 * Each handler runs its query through infra_db and calls the same SQL
 * functions as the SMS/USSD channel (courses/sql/).
 */
#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "infra/infra_kore.h"
#include "infra/page_kore.h"
#include "courses/courses.h"
#include "courses/course_glue.h"

#define S(b, s)		page_html_s((b), (s))
#define T(b, s)		page_html_text((b), (s))

/*
 * The catalog and, for the page, its filter choices ('s' skills, 'p'
 * provinces, 'd' districts), in one statement: no SQL is built.
 */
static const char SQL_CATALOG[] =
    "(SELECT 'c', c.code, c.title_en, c.title_ur, left(c.desc_en, 200), "
    "c.mode::text, c.lang, coalesce(d.name_en, ''), c.capacity::text, "
    "(SELECT count(*) FROM enrolments e WHERE e.course_id = c.id AND "
    "e.status = 'active')::text, "
    "coalesce((SELECT string_agg(s.name_en, ', ' ORDER BY s.name_en) "
    "FROM course_skills cs JOIN skills s ON s.id = cs.skill_id "
    "WHERE cs.course_id = c.id), ''), c.start_date::text, "
    "(SELECT count(*) FROM lessons l WHERE l.course_id = c.id)::text, "
    "(count(*) OVER ())::text "
    "FROM courses c LEFT JOIN districts d ON d.id = c.district_id "
    "WHERE c.published "
    "AND ($1 = '' OR c.search @@ websearch_to_tsquery('simple', $1) "
    "OR c.title_en ILIKE '%' || $1 || '%') "
    "AND ($2 = '' OR EXISTS (SELECT 1 FROM course_skills cs JOIN skills s "
    "ON s.id = cs.skill_id WHERE cs.course_id = c.id AND s.slug = $2)) "
    "AND ($3 = '' OR d.province_id = (SELECT id FROM provinces "
    "WHERE code = $3)) "
    "AND ($4 = '' OR c.district_id = NULLIF($4, '')::int) "
    "AND ($5 = '' OR c.mode::text = $5) "
    "AND ($6 = '' OR c.lang = $6) "
    "ORDER BY c.id LIMIT 20 OFFSET $8::int) "
    "UNION ALL (SELECT 's', s.slug, s.name_en, s.name_ur, k.name_en, "
    "k.name_ur, s.name_ru, '', '', '', '', '', '', '' FROM skills s JOIN "
    "skill_categories k ON k.id = s.category_id WHERE $7 = 'page' "
    "ORDER BY k.name_en, s.name_en) "
    "UNION ALL (SELECT 'p', code, name_en, name_ur, '', '', '', '', '', '', "
    "'', '', '', '' FROM provinces WHERE $7 = 'page' ORDER BY name_en) "
    "UNION ALL (SELECT 'd', d.id::text, d.name_en, d.name_ur, p.name_en, "
    "p.name_ur, '', '', '', '', '', '', '', '' FROM districts d JOIN "
    "provinces p ON p.id = d.province_id WHERE $7 = 'page' "
    "ORDER BY p.name_en, d.name_en)";

#define CW_PER_PAGE	20

/* One course with the viewer's enrolment ($2, '' when anonymous). */
static const char SQL_COURSE[] =
    "SELECT c.code, c.title_en, c.title_ur, c.desc_en, c.desc_ur, "
    "c.mode::text, c.lang, coalesce(d.name_en, ''), c.capacity, "
    "c.start_date, c.cadence_hours, c.pass_mark, u.name, "
    "coalesce(u.org_name, ''), "
    "coalesce((SELECT string_agg(l.position || chr(31) || l.title, chr(30) "
    "ORDER BY l.position) FROM lessons l WHERE l.course_id = c.id), ''), "
    "coalesce((SELECT string_agg(s.name_en, ', ' ORDER BY s.name_en) "
    "FROM course_skills cs JOIN skills s ON s.id = cs.skill_id "
    "WHERE cs.course_id = c.id), ''), "
    "coalesce(e.status, ''), coalesce(v.lessons_done, 0), "
    "(SELECT count(*) FROM lessons l WHERE l.course_id = c.id), "
    "coalesce(v.answered, 0), coalesce(v.correct, 0), "
    "(SELECT count(*) FROM quiz_questions q JOIN lessons l ON "
    "l.id = q.lesson_id WHERE l.course_id = c.id), coalesce(ce.code, ''), "
    "(SELECT count(*) FROM enrolments x WHERE x.course_id = c.id AND "
    "x.status = 'active'), c.published, "
    "(c.trainer_id = NULLIF($2, '')::bigint) "
    "FROM courses c JOIN users u ON u.id = c.trainer_id "
    "LEFT JOIN districts d ON d.id = c.district_id "
    "LEFT JOIN enrolments e ON e.course_id = c.id AND "
    "e.user_id = NULLIF($2, '')::bigint "
    "LEFT JOIN course_progress_v v ON v.enrolment_id = e.id "
    "LEFT JOIN certificates ce ON ce.course_id = c.id AND "
    "ce.user_id = e.user_id WHERE c.code = $1";

static const char SQL_ENROLL[] =
    "SELECT status, coalesce(info, '') FROM course_enroll($1, $2, 'web')";

static const char SQL_LEAVE[] =
    "SELECT status FROM course_unenroll($1, $2)";

/* Opening a lesson marks it done (in order) for an enrolled learner. */
#define CW_LESSON_COLS \
    "SELECT course_web_lesson($1, $2, $3::int), l.title, l.body_web, " \
    "coalesce(q.question, ''), coalesce(array_to_string(q.options, chr(31))," \
    " ''), coalesce(a.choice, 0), coalesce(q.correct, 0), c.title_en, " \
    "(SELECT count(*) FROM lessons x WHERE x.course_id = c.id) "
#define CW_LESSON_JOINS \
    "FROM courses c JOIN lessons l ON l.course_id = c.id AND " \
    "l.position = $3::int LEFT JOIN quiz_questions q ON q.lesson_id = l.id " \
    "LEFT JOIN enrolments e ON e.course_id = c.id AND e.user_id = $1 " \
    "LEFT JOIN course_answers a ON a.enrolment_id = e.id AND " \
    "a.question_id = q.id "

static const char SQL_LESSON[] =
    CW_LESSON_COLS CW_LESSON_JOINS "WHERE c.code = $2";

/*
 * The page also has the lesson in the learner's language $4 when it is
 * written there and sent (course_lesson_text()), with its state
 * (course_text_state(): 'stale' when the original changed since).
 */
static const char SQL_LESSON_PAGE[] =
    CW_LESSON_COLS ", c.lang, l.body_sms, coalesce(tl.lang, ''), "
    "coalesce(tl.body_sms, ''), coalesce(tl.question, ''), "
    "coalesce(array_to_string(tl.options, chr(31)), ''), "
    "coalesce(tl.state, '') " CW_LESSON_JOINS
    "LEFT JOIN LATERAL (SELECT x.lang, x.body_sms, x.question, x.options, "
    "(SELECT course_text_state(t.written_sms, t.written_question, "
    "t.written_options, l.body_sms, q.question, q.options) FROM "
    "lesson_texts t WHERE t.lesson_id = l.id AND t.lang = x.lang) AS state "
    "FROM course_lesson_text(l.id, $4) x WHERE x.lang <> c.lang) tl "
    "ON true WHERE c.code = $2";

static const char SQL_ANSWER[] =
    "SELECT status, coalesce(a, ''), coalesce(b, ''), coalesce(c, '') "
    "FROM course_web_answer($1, $2, $3::int, $4::int, $5)";

static const char SQL_VERIFY[] =
    "SELECT status, code, coalesce(learner, ''), coalesce(course_code, ''), "
    "coalesce(course_title, ''), coalesce(issued::text, ''), "
    "coalesce(score, 0), coalesce(district, '') FROM course_verify($1)";

/* ---- shared glue (course_glue.h) ---- */

struct cw *
cw_ctx(struct http_request *req)
{
	struct cw	*c;

	c = page_ctx(req, sizeof(*c));
	page_ctx_user(req, c);
	return (c);
}

/*
 * ".../courses/<code>[/lessons/<n>|new][/<verb>]": the canonical code,
 * the lesson position (0 for "new" or none) and the last word, into
 * c->code, c->pos and c->verb.
 */
int
cw_path(const char *path, struct cw *c)
{
	const char	*p, *e;
	char		 seg[24];
	size_t		 n;

	c->pos = 0;
	c->verb[0] = '\0';
	if ((p = strstr(path, "/courses/")) == NULL)
		return (-1);
	p += 9;
	e = strchr(p, '/');
	n = e ? (size_t)(e - p) : strlen(p);
	if (n == 0 || n >= sizeof(seg))
		return (-1);
	memcpy(seg, p, n);
	seg[n] = '\0';
	if (course_code_parse(seg, c->code, sizeof(c->code)) == -1)
		return (-1);
	if (e == NULL)
		return (0);
	p = e + 1;
	if (strncmp(p, "lessons/", 8) == 0) {
		p += 8;
		if (strncmp(p, "new", 3) == 0) {
			p += 3;
		} else {
			while (isdigit((unsigned char)*p) && c->pos < 10000)
				c->pos = c->pos * 10 + (*p++ - '0');
			if (c->pos < 1)
				return (-1);
		}
		if (*p == '\0')
			return (0);
		if (*p++ != '/')
			return (-1);
	}
	/* One verb, or "text/<lang>" (a lesson in another language). */
	if (strlen(p) >= sizeof(c->verb) || (strchr(p, '/') != NULL &&
	    (strncmp(p, "text/", 5) != 0 || strchr(p + 5, '/') != NULL)))
		return (-1);
	(void)kore_strlcpy(c->verb, p, sizeof(c->verb));
	return (0);
}

/* The row said no (no such course, not its trainer): 404 or 403. */
int
cw_refuse(struct http_request *req, struct cw *c, int status)
{
	infra_db_next(&c->db);
	if (status == 404)
		return (page_error(req, &c->u, 404, "not_found", PS_NOT_FOUND));
	return (page_error(req, &c->u, 403, "forbidden", PS_FORBIDDEN));
}

int
cw_db_fail(struct http_request *req, struct cw *c, int r)
{
	return (page_db_wait(req, &c->u, r));
}

/* Collects "field: what to fix" for the page and the API. */
void
cw_err(struct cw *c, const char *field, const char *msg)
{
	size_t	n;

	n = strlen(c->err);
	(void)snprintf(c->err + n, sizeof(c->err) - n, "%s%s\t%s",
	    n > 0 ? "\n" : "", field, msg);
	c->nerr++;
}

void
cw_errors_html(struct infra_buf *b, struct cw *c)
{
	char	*line, *tab, *save, copy[sizeof(c->err)];

	if (c->nerr == 0)
		return;
	(void)kore_strlcpy(copy, c->err, sizeof(copy));
	S(b, "<div class=\"alert\" role=\"alert\" id=\"form-errors\"><p>");
	T(b, course_ui(CS_FIX, c->u.lang));
	S(b, "</p><ul>");
	for (line = strtok_r(copy, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if ((tab = strchr(line, '\t')) != NULL)
			*tab++ = '\0';
		S(b, "<li><a href=\"#f-");
		page_html_attr(b, line);
		S(b, "\">");
		T(b, tab != NULL ? tab : line);
		S(b, "</a></li>");
	}
	S(b, "</ul></div>");
}

/* 422 {"error": {"code": "invalid", "message": ..., "fields": {...}}} */
int
cw_errors_json(struct http_request *req, struct cw *c)
{
	struct kore_buf	 b;
	char		*line, *tab, *save, copy[sizeof(c->err)];
	int		 first;

	(void)kore_strlcpy(copy, c->err, sizeof(copy));
	kore_buf_init(&b, 256);
	kore_buf_appendf(&b, "{\"error\":{\"code\":\"invalid\",\"message\":"
	    "\"Some fields need fixing.\",\"fields\":{");
	first = 1;
	for (line = strtok_r(copy, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if ((tab = strchr(line, '\t')) == NULL)
			continue;
		*tab++ = '\0';
		if (!first)
			kore_buf_append(&b, ",", 1);
		first = 0;
		infra_json_str(&b, line);
		kore_buf_append(&b, ":", 1);
		infra_json_str(&b, tab);
	}
	kore_buf_appendf(&b, "}}}\n");
	return (page_json_send(req, 422, &b));
}

/* Valid UTF-8 of min..max characters; newlines only when multi. */
int
cw_text_ok(const char *s, size_t min, size_t max, int multi)
{
	return (page_valid_text(s, min, max, multi ? PAGE_TEXT_MULTI :
	    PAGE_TEXT_LINE) == PS_NONE);
}

void
cw_json_kv(struct kore_buf *b, const char *k, const char *v, int first)
{
	if (!first)
		kore_buf_append(b, ",", 1);
	infra_json_str(b, k);
	kore_buf_append(b, ":", 1);
	infra_json_str(b, v);
}

const char *
cw_status_label(const char *st, enum hlang lang)
{
	if (strcmp(st, "active") == 0)
		return (course_ui(CS_ENROLLED, lang));
	if (strcmp(st, "waitlisted") == 0)
		return (course_ui(CS_WAITLISTED, lang));
	if (strcmp(st, "completed") == 0)
		return (course_ui(CS_COMPLETED, lang));
	return (st);
}

/* A <select> of the course forms: the catalog's filters, the editor. */
void
cw_select_field(struct infra_buf *b, struct cw *c, const char *name,
    enum course_ui_str label, const char *value,
    const struct page_option *opts, size_t n)
{
	struct page_field	f;

	memset(&f, 0, sizeof(f));
	f.type = PAGE_FIELD_SELECT;
	f.name = name;
	f.label = course_ui(label, c->u.lang);
	f.value = value;
	f.options = opts;
	f.noptions = n;
	page_form_field(b, &f);
}

/* <p><a href="<prefix><code>">text</a></p>: a page's way on or back. */
void
cw_link_p(struct infra_buf *b, const char *prefix, const char *code,
    const char *text)
{
	S(b, "<p><a href=\"");
	S(b, prefix);
	page_html_attr(b, code);
	S(b, "\">");
	T(b, text);
	S(b, "</a></p>");
}

const char *
cw_mode_label(const char *mode, enum hlang lang)
{
	if (strcmp(mode, "sms") == 0)
		return (course_ui(CS_MODE_SMS, lang));
	if (strcmp(mode, "centre") == 0)
		return (course_ui(CS_MODE_CENTRE, lang));
	return (course_ui(CS_MODE_ONLINE, lang));
}

/* ---- the catalog ---- */

static int
cw_slug_ok(const char *s, size_t max, const char *set)
{
	size_t	n = strlen(s);

	return (n <= max && strspn(s, set) == n);
}

/* One <select> whose options come from rows of one kind. */
static void
cw_select(struct infra_buf *b, struct cw *c, const char *name,
    enum course_ui_str label, const char *kind, const char *cur)
{
	struct page_option	*opts;
	int			 i, n, rows;

	rows = infra_db_rows(&c->db);
	opts = kore_calloc((size_t)rows + 1, sizeof(*opts));
	opts[0].value = "";
	opts[0].label = course_ui(CS_ANY, c->u.lang);
	n = 1;
	for (i = 0; i < rows; i++) {
		if (strcmp(infra_db_get(&c->db, i, 0), kind) != 0)
			continue;
		opts[n].value = infra_db_get(&c->db, i, 1);
		opts[n].label = infra_db_get(&c->db, i,
		    c->u.lang == HLANG_UR ? 3 : c->u.lang == HLANG_RU &&
		    infra_db_get(&c->db, i, 6)[0] != '\0' ? 6 : 2);
		/* Skills by category, districts by province. */
		if (infra_db_get(&c->db, i, 4)[0] != '\0')
			opts[n].group = infra_db_get(&c->db, i,
			    c->u.lang == HLANG_UR ? 5 : 4);
		n++;
	}
	cw_select_field(b, c, name, label, cur, opts, (size_t)n);
	kore_free(opts);
}

static void
cw_select_fixed(struct infra_buf *b, struct cw *c, const char *name,
    enum course_ui_str label, const char *cur, const char *const *vals,
    const char *const *labels)
{
	struct page_option	opts[5] = { 0 };
	size_t			n;

	opts[0].value = "";
	opts[0].label = course_ui(CS_ANY, c->u.lang);
	for (n = 1; vals[n - 1] != NULL && n < 5; n++) {
		opts[n].value = vals[n - 1];
		opts[n].label = labels[n - 1];
	}
	cw_select_field(b, c, name, label, cur, opts, n);
}

/* Courses matching the filters, on every page. */
static int
cw_total(struct cw *c)
{
	int	i, rows;

	rows = infra_db_rows(&c->db);
	for (i = 0; i < rows; i++)
		if (strcmp(infra_db_get(&c->db, i, 0), "c") == 0)
			return (atoi(infra_db_get(&c->db, i, 13)));
	return (0);
}

/* " · Label value": one more fact on a course's line of them. */
static void
cw_meta(struct infra_buf *b, struct cw *c, enum course_ui_str label,
    const char *value)
{
	S(b, " &middot; ");
	T(b, course_ui(label, c->u.lang));
	S(b, " ");
	T(b, value);
}

/* "C104 · By SMS · Lahore": the facts a course's line starts with. */
static void
cw_facts(struct infra_buf *b, struct cw *c, const char *code,
    const char *mode, const char *district)
{
	T(b, code);
	S(b, " &middot; ");
	T(b, cw_mode_label(mode, c->u.lang));
	if (district[0] != '\0') {
		S(b, " &middot; ");
		T(b, district);
	}
}

static void
cw_seats(struct infra_buf *b, struct cw *c, const char *taken,
    const char *capacity)
{
	cw_meta(b, c, CS_SEATS, taken);
	S(b, "/");
	T(b, capacity);
}

/* The skills, then how to enrol by SMS: "ENROLL C104". */
static void
cw_sms_enroll(struct infra_buf *b, struct cw *c, const char *skills,
    const char *code)
{
	S(b, "<br>");
	T(b, skills);
	S(b, "<br>");
	T(b, course_ui(CS_SMS_ENROLL, c->u.lang));
	S(b, " <strong>ENROLL ");
	T(b, code);
	S(b, "</strong>");
}

/* One course of the catalog: title, summary, facts, how to enrol. */
static void
cw_catalog_card(struct infra_buf *b, struct cw *c, int i)
{
	page_html_card(b, "/courses/", infra_db_get(&c->db, i, 1),
	    infra_db_get(&c->db, i, c->u.lang == HLANG_UR &&
	    infra_db_get(&c->db, i, 3)[0] != '\0' ? 3 : 2));
	S(b, "<p dir=\"auto\">");
	T(b, infra_db_get(&c->db, i, 4));
	S(b, "</p><p class=\"meta\">");
	cw_facts(b, c, infra_db_get(&c->db, i, 1),
	    infra_db_get(&c->db, i, 5), infra_db_get(&c->db, i, 7));
	cw_seats(b, c, infra_db_get(&c->db, i, 9),
	    infra_db_get(&c->db, i, 8));
	cw_meta(b, c, CS_LESSONS, infra_db_get(&c->db, i, 12));
	cw_sms_enroll(b, c, infra_db_get(&c->db, i, 10),
	    infra_db_get(&c->db, i, 1));
	S(b, "</p></article>");
}

/*
 * The search button beside the words, then the filters folded into a
 * <details>, open when one is set: the results come first on a phone.
 */
static void
cw_filters_open(struct infra_buf *b, struct cw *c)
{
	int	i, n;

	page_form_submit(b, course_ui(CS_SEARCH, c->u.lang));
	for (i = 1, n = 0; i <= 5; i++)
		if (c->a[i][0] != '\0')
			n++;
	S(b, n > 0 ? "<details open><summary>" : "<details><summary>");
	page_html_str(b, PS_FILTERS, c->u.lang);
	if (n > 0)
		(void)infra_buf_fmt(b, " (%d)", n);
	S(b, "</summary>");
}

/* A link to another page of the same search. */
static void
cw_page_link(struct infra_buf *b, struct cw *c, int page,
    enum page_str label, const char *id)
{
	static const char *const	names[] = { "q", "skill", "province",
	    "district", "mode", "lang" };
	char				num[24];
	int				i;

	S(b, "<a id=\"");
	S(b, id);
	S(b, "\" href=\"/courses?");
	for (i = 0; i < 6; i++) {
		if (c->a[i][0] == '\0')
			continue;
		S(b, names[i]);
		S(b, "=");
		page_html_url(b, c->a[i]);
		S(b, "&amp;");
	}
	(void)snprintf(num, sizeof(num), "page=%d", page);
	S(b, num);
	S(b, "\">");
	T(b, page_str(label, c->u.lang));
	S(b, "</a> ");
}

static int
cw_catalog_json(struct http_request *req, struct cw *c)
{
	struct kore_buf	 b;
	int		 i, rows, first;

	kore_buf_init(&b, 1024);
	rows = infra_db_rows(&c->db);
	kore_buf_appendf(&b, "{\"page\":%d,\"per_page\":%d,\"total\":%d,"
	    "\"courses\":[", c->pos, CW_PER_PAGE, cw_total(c));
	first = 1;
	for (i = 0; i < rows; i++) {
		if (strcmp(infra_db_get(&c->db, i, 0), "c") != 0)
			continue;
		kore_buf_appendf(&b, "%s{", first ? "" : ",");
		first = 0;
		cw_json_kv(&b, "code", infra_db_get(&c->db, i, 1), 1);
		cw_json_kv(&b, "title_en", infra_db_get(&c->db, i, 2), 0);
		page_json_field_null(&b, "title_ur",
		    infra_db_get(&c->db, i, 3));
		page_json_field_null(&b, "summary", infra_db_get(&c->db, i, 4));
		cw_json_kv(&b, "mode", infra_db_get(&c->db, i, 5), 0);
		cw_json_kv(&b, "lang", infra_db_get(&c->db, i, 6), 0);
		page_json_field_null(&b, "district",
		    infra_db_get(&c->db, i, 7));
		kore_buf_appendf(&b, ",\"capacity\":%s,\"enrolled\":%s",
		    infra_db_get(&c->db, i, 8), infra_db_get(&c->db, i, 9));
		page_json_list(&b, "skills", infra_db_get(&c->db, i, 10), ",");
		page_json_field_null(&b, "start_date",
		    infra_db_get(&c->db, i, 11));
		kore_buf_appendf(&b, ",\"lessons\":%s}",
		    infra_db_get(&c->db, i, 12));
	}
	kore_buf_appendf(&b, "]}\n");
	infra_db_next(&c->db);
	return (page_json_send(req, 200, &b));
}

static const char *const	 cw_cat_modes[] = { "online", "sms", "centre",
    NULL };
static const char *const	 cw_cat_langs[] = { "en", "ru", "ur", NULL };

/* The first call: the filters from the query string, checked. */
static int
cw_catalog_args(struct http_request *req, struct cw *c)
{
	static const char *const	 names[] = { "q", "skill", "province",
	    "district", "mode", "lang", NULL };
	long				 pg;
	int				 i;

	for (i = 0; names[i] != NULL; i++) {
		if (infra_arg(req, names[i], c->a[i], sizeof(c->a[i])) >=
		    (int)sizeof(c->a[i]))
			c->a[i][0] = '\1';
		c->p[i] = c->a[i];
	}
	(void)kore_strlcpy(c->a[6], c->u.api ? "api" : "page",
	    sizeof(c->a[6]));
	c->p[6] = c->a[6];
	/* ?page=N, 1..1000: twenty courses a page. */
	c->pos = 1;
	if (infra_arg(req, "page", c->a[8], sizeof(c->a[8])) > 0) {
		if (page_valid_long(c->a[8], 1, 1000, &pg) != PS_NONE)
			return (-1);
		c->pos = (int)pg;
	}
	(void)snprintf(c->a[7], sizeof(c->a[7]), "%d",
	    (c->pos - 1) * CW_PER_PAGE);
	c->p[7] = c->a[7];
	if (!cw_text_ok(c->a[0], 0, 60, 0) ||
	    !cw_slug_ok(c->a[1], 40, "abcdefghijklmnopqrstuvwxyz0123456789-") ||
	    !cw_slug_ok(c->a[2], 4, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") ||
	    !cw_slug_ok(c->a[3], 6, "0123456789") ||
	    (c->a[4][0] != '\0' &&
	    page_valid_choice(c->a[4], cw_cat_modes) != PS_NONE) ||
	    (c->a[5][0] != '\0' &&
	    page_valid_choice(c->a[5], cw_cat_langs) != PS_NONE))
		return (-1);
	return (0);
}

/* The search box, and the filters folded under it. */
static void
cw_catalog_form(struct infra_buf *b, struct cw *c)
{
	const char			*lang_labels[HLANG_COUNT];
	const char			*mode_labels[3];
	struct page_field		 f;
	int				 i;

	S(b, "<form method=\"get\" action=\"/courses\" role=\"search\">");
	memset(&f, 0, sizeof(f));
	f.type = PAGE_FIELD_TEXT;
	f.name = "q";
	f.label = course_ui(CS_Q, c->u.lang);
	f.value = c->a[0];
	f.maxlength = 60;
	page_form_field(b, &f);
	cw_filters_open(b, c);
	S(b, "<div class=\"row\">");
	cw_select(b, c, "skill", CS_SKILL, "s", c->a[1]);
	cw_select(b, c, "province", CS_PROVINCE, "p", c->a[2]);
	cw_select(b, c, "district", CS_DISTRICT, "d", c->a[3]);
	for (i = 0; i < 3; i++)
		mode_labels[i] = cw_mode_label(cw_cat_modes[i], c->u.lang);
	cw_select_fixed(b, c, "mode", CS_MODE, c->a[4], cw_cat_modes,
	    mode_labels);
	for (i = 0; i < HLANG_COUNT; i++)
		lang_labels[i] = course_lang_name((enum hlang)i);
	cw_select_fixed(b, c, "lang", CS_LANG, c->a[5], cw_cat_langs,
	    lang_labels);
	S(b, "</div>");
	page_form_submit(b, course_ui(CS_SEARCH, c->u.lang));
	S(b, "</details></form>");
}

/* The page of results, what to try when there is none, the page links. */
static void
cw_catalog_results(struct infra_buf *b, struct cw *c)
{
	int		i, rows, shown;

	S(b, "<section aria-live=\"polite\" id=\"results\">");
	rows = infra_db_rows(&c->db);
	shown = 0;
	for (i = 0; i < rows; i++) {
		if (strcmp(infra_db_get(&c->db, i, 0), "c") != 0)
			continue;
		shown++;
		cw_catalog_card(b, c, i);
	}
	if (shown == 0) {
		S(b, "<p role=\"status\">");
		T(b, course_ui(CS_NONE_FOUND, c->u.lang));
		S(b, " <a href=\"/courses\">");
		page_html_str(b, PS_CLEAR_FILTERS, c->u.lang);
		S(b, "</a></p>");
	}
	S(b, "</section><nav aria-label=\"pages\"><p>");
	if (c->pos > 1)
		cw_page_link(b, c, c->pos - 1, PS_PREV, "prev");
	if (c->pos * CW_PER_PAGE < cw_total(c))
		cw_page_link(b, c, c->pos + 1, PS_NEXT, "next");
	S(b, "</p></nav>");
}

int
course_catalog(struct http_request *req)
{
	struct infra_buf	 b;
	struct cw		*c;
	int			 r;

	if (req->method == HTTP_METHOD_POST)
		return (course_edit(req));
	c = cw_ctx(req);
	if (req->method != HTTP_METHOD_GET)
		return (page_error(req, &c->u, 405, "method", PS_NOT_FOUND));
	/* The catalog reads only: the replica, a second behind, will do. */
	infra_db_stale(&c->db);
	if (c->p[0] == NULL && cw_catalog_args(req, c) == -1)
		return (page_error(req, &c->u, 400, "bad_filter",
		    PS_ERR_CHOICE));
	if ((r = infra_db_run(req, &c->db, SQL_CATALOG, 8, c->p)) !=
	    INFRA_DB_OK)
		return (cw_db_fail(req, c, r));
	if (c->u.api)
		return (cw_catalog_json(req, c));
	page_page_begin(&b, req, &c->u, course_ui(CS_CATALOG, c->u.lang), NULL);
	if (c->u.role & (PAGE_ROLE_TRAINER | PAGE_ROLE_ADMIN)) {
		/* A trainer comes here for their own courses first. */
		S(&b, "<p class=\"flash\"><a href=\"/trainer/courses\">");
		T(&b, course_ui(CS_MY_COURSES, c->u.lang));
		S(&b, "</a></p>");
	}
	cw_catalog_form(&b, c);
	cw_catalog_results(&b, c);
	infra_db_next(&c->db);
	return (page_page_end(req, &c->u, &b, 200));
}

/* ---- one course ---- */

static int
cw_course_json(struct http_request *req, struct cw *c)
{
	struct kore_buf	 b;
	struct infra_db	*db = &c->db;
	char		*les, *item, *sep, *save;

	kore_buf_init(&b, 1024);
	kore_buf_append(&b, "{", 1);
	cw_json_kv(&b, "code", infra_db_get(db, 0, 0), 1);
	cw_json_kv(&b, "title_en", infra_db_get(db, 0, 1), 0);
	page_json_field_null(&b, "title_ur", infra_db_get(db, 0, 2));
	page_json_field_null(&b, "desc_en", infra_db_get(db, 0, 3));
	page_json_field_null(&b, "desc_ur", infra_db_get(db, 0, 4));
	cw_json_kv(&b, "mode", infra_db_get(db, 0, 5), 0);
	cw_json_kv(&b, "lang", infra_db_get(db, 0, 6), 0);
	page_json_field_null(&b, "district", infra_db_get(db, 0, 7));
	kore_buf_appendf(&b, ",\"capacity\":%s,\"enrolled\":%s,"
	    "\"cadence_hours\":%s,\"pass_mark\":%s",
	    infra_db_get(db, 0, 8), infra_db_get(db, 0, 23),
	    infra_db_get(db, 0, 10), infra_db_get(db, 0, 11));
	page_json_field_null(&b, "start_date", infra_db_get(db, 0, 9));
	cw_json_kv(&b, "trainer", infra_db_get(db, 0, 12), 0);
	page_json_list(&b, "skills", infra_db_get(db, 0, 15), ",");
	kore_buf_appendf(&b, ",\"lessons\":[");
	les = kore_strdup(infra_db_get(db, 0, 14));
	for (item = strtok_r(les, "\x1e", &save); item != NULL;
	    item = strtok_r(NULL, "\x1e", &save)) {
		if ((sep = strchr(item, '\x1f')) == NULL)
			continue;
		*sep++ = '\0';
		kore_buf_appendf(&b, "%s{\"position\":%d,\"title\":",
		    item == les ? "" : ",", atoi(item));
		infra_json_str(&b, sep);
		kore_buf_append(&b, "}", 1);
	}
	kore_free(les);
	kore_buf_appendf(&b, "],\"enrolment\":");
	if (infra_db_get(db, 0, 16)[0] == '\0') {
		kore_buf_appendf(&b, "null");
	} else {
		kore_buf_append(&b, "{", 1);
		cw_json_kv(&b, "status", infra_db_get(db, 0, 16), 1);
		kore_buf_appendf(&b, ",\"lessons_done\":%s,\"lessons\":%s,"
		    "\"answered\":%s,\"correct\":%s,\"questions\":%s",
		    infra_db_get(db, 0, 17), infra_db_get(db, 0, 18),
		    infra_db_get(db, 0, 19), infra_db_get(db, 0, 20),
		    infra_db_get(db, 0, 21));
		page_json_field_null(&b, "certificate",
		    infra_db_get(db, 0, 22));
		kore_buf_append(&b, "}", 1);
	}
	kore_buf_appendf(&b, "}\n");
	infra_db_next(db);
	return (page_json_send(req, 200, &b));
}

/* The message a redirect back to the course page asked for (?m=...). */
static const char *
cw_flash(struct http_request *req, struct cw *c)
{
	static const struct {
		const char	*m;
		int		 id;
	} flashes[] = {
		{ "enrolled", CS_ENROLLED }, { "waitlisted", CS_WAITLISTED },
		{ "already", CS_ALREADY }, { "left", CS_LEFT },
	};
	size_t		i;

	if (infra_arg(req, "m", c->a[2], sizeof(c->a[2])) <= 0)
		return (NULL);
	for (i = 0; i < sizeof(flashes) / sizeof(flashes[0]); i++)
		if (strcmp(c->a[2], flashes[i].m) == 0)
			return (course_ui(flashes[i].id, c->u.lang));
	return (NULL);
}

/* The course's description, facts, seats, trainer and SMS code. */
static void
cw_course_head(struct infra_buf *b, struct cw *c, struct infra_db *db)
{
	if (infra_db_get(db, 0, 2)[0] != '\0') {
		S(b, "<p lang=\"ur\" dir=\"rtl\">");
		T(b, infra_db_get(db, 0, 2));
		S(b, "</p>");
	}
	S(b, "<p>");
	T(b, infra_db_get(db, 0, c->u.lang == HLANG_UR &&
	    infra_db_get(db, 0, 4)[0] != '\0' ? 4 : 3));
	S(b, "</p><p class=\"meta\">");
	cw_facts(b, c, infra_db_get(db, 0, 0), infra_db_get(db, 0, 5),
	    infra_db_get(db, 0, 7));
	cw_meta(b, c, CS_STARTS, infra_db_get(db, 0, 9));
	cw_seats(b, c, infra_db_get(db, 0, 23), infra_db_get(db, 0, 8));
	S(b, "<br>");
	T(b, course_ui(CS_TRAINER, c->u.lang));
	S(b, ": ");
	T(b, infra_db_get(db, 0, 12));
	if (infra_db_get(db, 0, 13)[0] != '\0') {
		S(b, infra_comma(c->u.lang));
		T(b, infra_db_get(db, 0, 13));
	}
	cw_sms_enroll(b, c, infra_db_get(db, 0, 15), infra_db_get(db, 0, 0));
	S(b, " &rarr; ");
	T(b, infra_conf.shortcode);
	S(b, "</p>");
}

/* The learner's progress and certificate, when enrolled. */
static void
cw_progress_card(struct infra_buf *b, struct cw *c, struct infra_db *db,
    const char *st)
{
	char		num[96];

	if (st[0] == '\0' || strcmp(st, "withdrawn") == 0)
		return;
	S(b, "<section class=\"card\" id=\"progress\"><h2>");
	T(b, course_ui(CS_PROGRESS, c->u.lang));
	S(b, "</h2><p>");
	T(b, cw_status_label(st, c->u.lang));
	S(b, " &middot; ");
	T(b, course_ui(CS_LESSONS, c->u.lang));
	(void)snprintf(num, sizeof(num), " %d/%d &middot; ",
	    atoi(infra_db_get(db, 0, 17)), atoi(infra_db_get(db, 0, 18)));
	S(b, num);
	T(b, course_ui(CS_SCORE, c->u.lang));
	(void)snprintf(num, sizeof(num), " %s/%s",
	    infra_db_get(db, 0, 20), infra_db_get(db, 0, 21));
	T(b, num);
	S(b, "</p>");
	if (infra_db_get(db, 0, 22)[0] != '\0') {
		S(b, "<p>");
		T(b, course_ui(CS_CERTIFICATE, c->u.lang));
		S(b, ": <a id=\"cert\" href=\"/verify/");
		page_html_attr(b, infra_db_get(db, 0, 22));
		S(b, "\">");
		T(b, infra_db_get(db, 0, 22));
		S(b, "</a></p>");
	}
	S(b, "</section>");
}

/* The lessons' titles, linked once the learner may read them. */
static void
cw_lesson_list(struct infra_buf *b, struct cw *c, struct infra_db *db,
    const char *st)
{
	char		*les, *item, *sep, *save, url[96];
	int		 open;

	open = strcmp(st, "active") == 0 || strcmp(st, "completed") == 0;
	S(b, "<h2>");
	T(b, course_ui(CS_LESSONS, c->u.lang));
	S(b, "</h2><ol>");
	les = kore_strdup(infra_db_get(db, 0, 14));
	for (item = strtok_r(les, "\x1e", &save); item != NULL;
	    item = strtok_r(NULL, "\x1e", &save)) {
		if ((sep = strchr(item, '\x1f')) == NULL)
			continue;
		*sep++ = '\0';
		S(b, "<li>");
		if (open) {
			(void)snprintf(url, sizeof(url), "/courses/%s/lessons/%d",
			    c->code, atoi(item));
			S(b, "<a href=\"");
			page_html_attr(b, url);
			S(b, "\">");
			T(b, sep);
			S(b, "</a>");
		} else {
			T(b, sep);
		}
		S(b, "</li>");
	}
	kore_free(les);
	S(b, "</ol>");
}

/* Log in, enrol or leave, by the viewer's state; edit for the owner. */
static void
cw_course_actions(struct infra_buf *b, struct cw *c, const char *st,
    int owner)
{
	char		url[96];

	if (c->u.id == 0) {
		cw_link_p(b, "/login?next=/courses/", c->code,
		    page_str(PS_NAV_LOGIN, c->u.lang));
	} else if (st[0] == '\0' || strcmp(st, "withdrawn") == 0) {
		(void)snprintf(url, sizeof(url), "/courses/%s/enroll", c->code);
		page_form_button(b, &c->u, url,
		    course_ui(CS_ENROLL, c->u.lang));
	} else if (strcmp(st, "active") == 0 ||
	    strcmp(st, "waitlisted") == 0) {
		(void)snprintf(url, sizeof(url), "/courses/%s/leave", c->code);
		page_form_button(b, &c->u, url,
		    course_ui(CS_LEAVE, c->u.lang));
	}
	if (owner)
		cw_link_p(b, "/trainer/courses/", c->code,
		    course_ui(CS_EDIT_COURSE, c->u.lang));
}

int
course_page(struct http_request *req)
{
	struct infra_buf	 b;
	struct infra_db		*db;
	struct cw		*c;
	char			 uid[24];
	const char		*st;
	int			 r, owner;

	if (req->method != HTTP_METHOD_GET)
		return (course_edit(req));
	c = cw_ctx(req);
	db = &c->db;
	if (c->p[0] == NULL) {
		if (cw_path(req->path, c) == -1 || c->verb[0] != '\0')
			return (page_error(req, &c->u, 404, "not_found",
			    PS_NOT_FOUND));
		(void)snprintf(uid, sizeof(uid), "%lld", (long long)c->u.id);
		(void)kore_strlcpy(c->a[1], c->u.id ? uid : "",
		    sizeof(c->a[1]));
		c->p[0] = c->code;
		c->p[1] = c->a[1];
	}
	if ((r = infra_db_run(req, db, SQL_COURSE, 2, c->p)) != INFRA_DB_OK)
		return (cw_db_fail(req, c, r));
	owner = strcmp(infra_db_get(db, 0, 25), "t") == 0 ||
	    (c->u.role & PAGE_ROLE_ADMIN);
	if (infra_db_rows(db) != 1 ||
	    (strcmp(infra_db_get(db, 0, 24), "t") != 0 && !owner))
		return (cw_refuse(req, c, 404));
	if (c->u.api)
		return (cw_course_json(req, c));
	page_page_begin(&b, req, &c->u, infra_db_get(db, 0, 1),
	    cw_flash(req, c));
	st = infra_db_get(db, 0, 16);
	cw_course_head(&b, c, db);
	cw_progress_card(&b, c, db, st);
	cw_lesson_list(&b, c, db, st);
	cw_course_actions(&b, c, st, owner);
	infra_db_next(db);
	return (page_page_end(req, &c->u, &b, 200));
}

/* ---- enrol and leave (POST) ---- */

int
course_action(struct http_request *req)
{
	struct kore_buf	 jb;
	struct cw	*c;
	char		 uid[24], loc[160];
	const char	*st;
	int		 r, leave;

	c = cw_ctx(req);
	if (c->p[0] == NULL) {
		if (req->method != HTTP_METHOD_POST)
			return (page_error(req, &c->u, 405, "method",
			    PS_NOT_FOUND));
		if (cw_path(req->path, c) == -1 || c->pos != 0 ||
		    (strcmp(c->verb, "enroll") != 0 &&
		    strcmp(c->verb, "leave") != 0))
			return (page_error(req, &c->u, 404, "not_found",
			    PS_NOT_FOUND));
		if (!page_require(req, &c->u, PAGE_ROLE_ANY))
			return (KORE_RESULT_OK);
		if (!page_csrf_ok(req, &c->u))
			return (KORE_RESULT_OK);
		(void)snprintf(uid, sizeof(uid), "%lld", (long long)c->u.id);
		(void)kore_strlcpy(c->a[0], uid, sizeof(c->a[0]));
		c->p[0] = c->a[0];
		c->p[1] = c->code;
	}
	leave = strcmp(c->verb, "leave") == 0;
	if ((r = infra_db_run(req, &c->db, leave ? SQL_LEAVE : SQL_ENROLL, 2,
	    c->p)) != INFRA_DB_OK)
		return (cw_db_fail(req, c, r));
	(void)kore_strlcpy(c->a[1], infra_db_get(&c->db, 0, 0),
	    sizeof(c->a[1]));
	(void)kore_strlcpy(c->a[2], leave ? "" : infra_db_get(&c->db, 0, 1),
	    sizeof(c->a[2]));
	infra_db_next(&c->db);
	st = c->a[1];

	if (strcmp(st, "no_course") == 0)
		return (page_error(req, &c->u, 404, "not_found", PS_NOT_FOUND));
	if (strcmp(st, "not_allowed") == 0)
		return (page_error(req, &c->u, 403, "forbidden", PS_FORBIDDEN));
	if (c->u.api) {
		kore_buf_init(&jb, 128);
		kore_buf_append(&jb, "{", 1);
		cw_json_kv(&jb, "status", st, 1);
		cw_json_kv(&jb, "code", c->code, 0);
		page_json_field_null(&jb, "info", c->a[2]);
		kore_buf_appendf(&jb, "}\n");
		return (page_json_send(req, strcmp(st, "enrolled") == 0 ||
		    strcmp(st, "waitlisted") == 0 ? 201 : 200, &jb));
	}
	(void)snprintf(loc, sizeof(loc), "/courses/%s?m=%s", c->code,
	    strcmp(st, "not_enrolled") == 0 ? "left" : st);
	return (page_redirect(req, &c->u, loc));
}

/* ---- a lesson and its quiz ---- */

static void
cw_quiz_form(struct infra_buf *b, struct cw *c, const char *question,
    const char *options)
{
	char	*copy, *o, *save, url[96], val[16];
	int	 i;

	S(b, "<section class=\"card\" id=\"quiz\"><h2>");
	T(b, course_ui(CS_QUIZ, c->u.lang));
	S(b, "</h2>");
	(void)snprintf(url, sizeof(url), "/courses/%s/lessons/%d", c->code,
	    c->pos);
	page_form_open(b, &c->u, url);
	S(b, "<fieldset><legend><bdi>");
	T(b, question);
	S(b, "</bdi></legend>");
	copy = kore_strdup(options);
	i = 0;
	for (o = strtok_r(copy, "\x1f", &save); o != NULL;
	    o = strtok_r(NULL, "\x1f", &save)) {
		i++;
		(void)snprintf(val, sizeof(val), "%d", i);
		S(b, "<label class=\"choice\"><input type=\"radio\" "
		    "name=\"answer\" value=\"");
		S(b, val);
		S(b, "\" required> ");
		(void)snprintf(val, sizeof(val), "%c) ",
		    course_option_letter(i));
		T(b, val);
		S(b, "<bdi>");
		T(b, o);
		S(b, "</bdi></label>");
	}
	kore_free(copy);
	S(b, "</fieldset>");
	page_form_submit(b, course_ui(CS_ANSWER, c->u.lang));
	S(b, "</form></section>");
}

/* After lesson c->pos, the link to the next one if the course has more. */
static void
cw_next_link(struct infra_buf *b, struct cw *c, int lessons)
{
	char	url[96];

	if (c->pos >= lessons)
		return;
	(void)snprintf(url, sizeof(url), "/courses/%s/lessons/%d", c->code,
	    c->pos + 1);
	S(b, "<p><a id=\"next\" href=\"");
	page_html_attr(b, url);
	S(b, "\">");
	T(b, course_ui(CS_NEXT_LESSON, c->u.lang));
	S(b, "</a></p>");
}

/* The answer's feedback (and certificate) as a page or JSON. */
static int
cw_answer_reply(struct http_request *req, struct cw *c)
{
	struct infra_buf	 b;
	struct kore_buf		 jb;
	char			 msg[640];
	const char		*st = c->a[4];

	if (strcmp(st, "not_enrolled") == 0 || strcmp(st, "no_quiz") == 0)
		return (page_error(req, &c->u, 409, st, PS_NOT_FOUND));
	if (strcmp(st, "answered") == 0)
		(void)kore_strlcpy(msg, course_ui(CS_ALREADY, c->u.lang),
		    sizeof(msg));
	else if (course_reply(st, infra_lang_code(c->u.lang), c->a[5],
	    c->a[6], c->a[7], msg, sizeof(msg)) < 0)
		msg[0] = '\0';
	if (c->u.api) {
		kore_buf_init(&jb, 256);
		kore_buf_append(&jb, "{", 1);
		cw_json_kv(&jb, "status", st, 1);
		page_json_num(&jb, "choice", c->a[5]);
		page_json_num(&jb, "right", c->a[6]);
		page_json_field_null(&jb, "certificate",
		    strstr(st, "+passed") ? c->a[7] : "");
		cw_json_kv(&jb, "feedback", msg, 0);
		kore_buf_appendf(&jb, "}\n");
		return (page_json_send(req, strcmp(st, "bad_answer") == 0 ?
		    422 : 200, &jb));
	}
	page_page_begin(&b, req, &c->u, course_ui(CS_QUIZ, c->u.lang), NULL);
	S(&b, "<p class=\"flash\" role=\"status\" id=\"feedback\">");
	T(&b, msg);
	S(&b, "</p>");
	if (strstr(st, "+passed") != NULL) {
		S(&b, "<p><a id=\"cert\" href=\"/verify/");
		page_html_attr(&b, c->a[7]);
		S(&b, "\">");
		T(&b, course_ui(CS_CERTIFICATE, c->u.lang));
		S(&b, " ");
		T(&b, c->a[7]);
		S(&b, "</a></p>");
	}
	cw_next_link(&b, c, c->nlessons);
	cw_link_p(&b, "/courses/", c->code, course_ui(CS_PROGRESS, c->u.lang));
	return (page_page_end(req, &c->u, &b, strcmp(st, "bad_answer") == 0 ?
	    422 : 200));
}

/*
 * The first call: the path, who may, and the parameters (with the
 * answer and a certificate code for a POST).  0 when the handler goes
 * on; else the request was answered already.
 */
static const char *const cw_answer_fields[] = { "answer", NULL };

static int
cw_lesson_start(struct http_request *req, struct cw *c, int post)
{
	char		cert[COURSE_CERT_LEN + 1];
	int		choice;

	if (cw_path(req->path, c) == -1 || c->pos < 1 ||
	    (c->verb[0] != '\0' && strcmp(c->verb, "answer") != 0)) {
		(void)page_error(req, &c->u, 404, "not_found", PS_NOT_FOUND);
		return (1);
	}
	if (!post && req->method != HTTP_METHOD_GET) {
		(void)page_error(req, &c->u, 405, "method", PS_NOT_FOUND);
		return (1);
	}
	if (!page_require(req, &c->u, PAGE_ROLE_ANY) ||
	    (post && !page_csrf_ok(req, &c->u)) ||
	    (post && !page_input_read(req, &c->u, &c->in, cw_answer_fields)))
		return (1);
	(void)snprintf(c->a[0], sizeof(c->a[0]), "%lld", (long long)c->u.id);
	(void)snprintf(c->a[2], sizeof(c->a[2]), "%d", c->pos);
	c->p[0] = c->a[0];
	c->p[1] = c->code;
	c->p[2] = c->a[2];
	if (post) {
		choice = 0;
		if (page_input_copy(&c->in, "answer", c->a[8],
		    sizeof(c->a[8])) > 0)
			choice = course_answer_parse(c->a[8],
			    strlen(c->a[8]), COURSE_OPTIONS_MAX);
		(void)snprintf(c->a[3], sizeof(c->a[3]), "%d",
		    choice > 0 ? choice : 0);
		course_cert_new(cert, sizeof(cert));
		(void)kore_strlcpy(c->a[9], cert, sizeof(c->a[9]));
		c->p[3] = c->a[3];
		c->p[4] = c->a[9];
	}
	return (0);
}

/* A quiz answer: the lesson count (for the next link), then the grade. */
static int
cw_lesson_answer(struct http_request *req, struct cw *c)
{
	struct infra_db	*db = &c->db;
	int		 r;

	if (db->step == 0) {
		if ((r = infra_db_run(req, db, SQL_LESSON, 3, c->p)) !=
		    INFRA_DB_OK)
			return (cw_db_fail(req, c, r));
		c->nlessons = infra_db_rows(db) == 1 ?
		    atoi(infra_db_get(db, 0, 8)) : 0;
		infra_db_next(db);
	}
	if ((r = infra_db_run(req, db, SQL_ANSWER, 5, c->p)) != INFRA_DB_OK)
		return (cw_db_fail(req, c, r));
	for (r = 0; r < 4; r++)
		(void)kore_strlcpy(c->a[4 + r], infra_db_get(db, 0, r),
		    sizeof(c->a[4]));
	infra_db_next(db);
	return (cw_answer_reply(req, c));
}

/* Not enrolled (403) or not reached yet (409). */
static int
cw_lesson_refused(struct http_request *req, struct cw *c, const char *st)
{
	struct infra_buf	b;
	int			r;

	r = strcmp(st, "locked") == 0 ? 409 : 403;
	infra_db_next(&c->db);
	if (c->u.api)
		return (infra_json_error(req, r, r == 409 ? "locked" :
		    "not_enrolled", course_ui(r == 409 ? CS_LOCKED :
		    CS_NOT_ENROLLED, HLANG_EN)));
	page_page_begin(&b, req, &c->u, course_ui(CS_LESSONS, c->u.lang),
	    NULL);
	S(&b, "<p class=\"alert\" role=\"alert\">");
	T(&b, course_ui(r == 409 ? CS_LOCKED : CS_NOT_ENROLLED, c->u.lang));
	S(&b, "</p>");
	cw_link_p(&b, "/courses/", c->code, c->code);
	return (page_page_end(req, &c->u, &b, r));
}

static int
cw_lesson_json(struct http_request *req, struct cw *c)
{
	struct infra_db	*db = &c->db;
	struct kore_buf	 jb;

	kore_buf_init(&jb, 1024);
	kore_buf_appendf(&jb, "{\"position\":%d", c->pos);
	cw_json_kv(&jb, "title", infra_db_get(db, 0, 1), 0);
	cw_json_kv(&jb, "body", infra_db_get(db, 0, 2), 0);
	page_json_field_null(&jb, "question", infra_db_get(db, 0, 3));
	page_json_list(&jb, "options", infra_db_get(db, 0, 4), "\x1f");
	kore_buf_appendf(&jb, ",\"answered\":%s,\"lessons\":%s}\n",
	    infra_db_get(db, 0, 5), infra_db_get(db, 0, 8));
	infra_db_next(db);
	return (page_json_send(req, 200, &jb));
}

/*
 * Under the lesson: a link to the course-language original when the
 * learner reads their own language (and whether the original changed
 * since), or back to their language from the original.
 */
static void
cw_lesson_langs(struct infra_buf *b, struct cw *c, int own,
    const char *clang, const char *state)
{
	char		 url[96], msg[160];
	const char	*v[1];

	(void)snprintf(url, sizeof(url), "/courses/%s/lessons/%d%s", c->code,
	    c->pos, own ? "?original=1" : "");
	S(b, "<p class=\"meta\" id=\"lesson-langs\"><a id=\"");
	S(b, own ? "original" : "own-lang");
	S(b, "\" href=\"");
	page_html_attr(b, url);
	S(b, "\">");
	if (own) {
		v[0] = course_lang_name(infra_lang_of_code(clang));
		(void)infra_text_fill(course_ui(CS_ORIGINAL, c->u.lang), v, 1,
		    msg, sizeof(msg));
		T(b, msg);
	} else {
		T(b, course_ui(CS_IN_YOUR_LANG, c->u.lang));
	}
	S(b, "</a>");
	if (own && strcmp(state, "stale") == 0) {
		S(b, " ");
		T(b, course_ui(CS_ORIGINAL_NEWER, c->u.lang));
	}
	S(b, "</p>");
}

int
course_lesson(struct http_request *req)
{
	struct infra_buf	 b;
	struct infra_db		*db;
	struct cw		*c;
	const char		*body, *q, *opts;
	char			 orig[4];
	int			 r, post, own;

	if (req->method == HTTP_METHOD_PUT)
		return (course_lesson_edit(req));
	c = cw_ctx(req);
	db = &c->db;
	post = req->method == HTTP_METHOD_POST;
	if (c->p[0] == NULL) {
		if (cw_lesson_start(req, c, post) != 0)
			return (KORE_RESULT_OK);
		if (!post)
			c->p[3] = infra_lang_code(c->u.lang);
	}
	if (post)
		return (cw_lesson_answer(req, c));
	if ((r = infra_db_run(req, db, SQL_LESSON_PAGE, 4, c->p)) !=
	    INFRA_DB_OK)
		return (cw_db_fail(req, c, r));
	if (infra_db_rows(db) != 1)
		return (cw_refuse(req, c, 404));
	if (strcmp(infra_db_get(db, 0, 0), "ok") != 0)
		return (cw_lesson_refused(req, c, infra_db_get(db, 0, 0)));
	if (c->u.api)
		return (cw_lesson_json(req, c));
	/* The learner's language when the lesson is written in it (its SMS
	 * text and question), unless they asked for the original. */
	own = infra_db_get(db, 0, 11)[0] != '\0' &&
	    !(infra_arg(req, "original", orig, sizeof(orig)) > 0 &&
	    strcmp(orig, "1") == 0);
	body = own ? infra_db_get(db, 0, 12) : infra_db_get(db, 0, 2);
	/* An SMS course may have no web text: its SMS is the lesson. */
	if (body[0] == '\0')
		body = infra_db_get(db, 0, 10);
	q = own ? infra_db_get(db, 0, 13) : infra_db_get(db, 0, 3);
	opts = own ? infra_db_get(db, 0, 14) : infra_db_get(db, 0, 4);
	page_page_begin(&b, req, &c->u, infra_db_get(db, 0, 1), NULL);
	S(&b, "<p class=\"meta\"><a href=\"/courses/");
	page_html_attr(&b, c->code);
	S(&b, "\">");
	T(&b, infra_db_get(db, 0, 7));
	/* A trainer's words read in their own direction (English in Urdu). */
	S(&b, "</a></p><div id=\"lesson\" dir=\"auto\">");
	T(&b, body);
	S(&b, "</div>");
	if (infra_db_get(db, 0, 11)[0] != '\0')
		cw_lesson_langs(&b, c, own, infra_db_get(db, 0, 9),
		    infra_db_get(db, 0, 15));
	if (q[0] != '\0') {
		if (atoi(infra_db_get(db, 0, 5)) == 0) {
			cw_quiz_form(&b, c, q, opts);
		} else {
			S(&b, "<p class=\"flash\">");
			T(&b, course_ui(CS_ALREADY, c->u.lang));
			S(&b, "</p>");
		}
	}
	cw_next_link(&b, c, atoi(infra_db_get(db, 0, 8)));
	infra_db_next(db);
	return (page_page_end(req, &c->u, &b, 200));
}

/* ---- /verify/<code>: anyone ---- */

/* <dt>label</dt><dd>value[join more]</dd>: one fact of a certificate. */
static void
cw_dl_item(struct infra_buf *b, struct cw *c, enum course_ui_str label,
    const char *id, const char *value, const char *join, const char *more)
{
	S(b, "<dt>");
	T(b, course_ui(label, c->u.lang));
	S(b, "</dt><dd");
	if (id != NULL) {
		S(b, " id=\"");
		S(b, id);
		S(b, "\"");
	}
	S(b, ">");
	T(b, value);
	if (more != NULL) {
		S(b, join);
		T(b, more);
	}
	S(b, "</dd>");
}

int
course_verify_page(struct http_request *req)
{
	struct infra_buf	 b;
	struct kore_buf		 jb;
	struct infra_db		*db;
	struct cw		*c;
	const char		*p, *st;
	int			 r, status;

	c = cw_ctx(req);
	db = &c->db;
	if (c->p[0] == NULL) {
		if (req->method != HTTP_METHOD_GET)
			return (page_error(req, &c->u, 405, "method",
			    PS_NOT_FOUND));
		p = strstr(req->path, "/verify/");
		if (p == NULL || strlen(p + 8) >= sizeof(c->a[0]))
			return (page_error(req, &c->u, 404, "not_found",
			    PS_NOT_FOUND));
		(void)kore_strlcpy(c->a[0], p + 8, sizeof(c->a[0]));
		c->p[0] = c->a[0];
	}
	if ((r = infra_db_run(req, db, SQL_VERIFY, 1, c->p)) != INFRA_DB_OK)
		return (cw_db_fail(req, c, r));
	st = infra_db_get(db, 0, 0);
	status = strcmp(st, "valid") == 0 ? 200 :
	    strcmp(st, "mistyped") == 0 ? 400 : 404;
	if (c->u.api) {
		kore_buf_init(&jb, 256);
		kore_buf_append(&jb, "{", 1);
		cw_json_kv(&jb, "status", st, 1);
		cw_json_kv(&jb, "code", infra_db_get(db, 0, 1), 0);
		if (status == 200) {
			cw_json_kv(&jb, "learner", infra_db_get(db, 0, 2), 0);
			cw_json_kv(&jb, "course_code", infra_db_get(db, 0, 3),
			    0);
			cw_json_kv(&jb, "course_title", infra_db_get(db, 0, 4),
			    0);
			page_json_field_null(&jb, "issued",
			    infra_db_get(db, 0, 5));
			kore_buf_appendf(&jb, ",\"score\":%s",
			    infra_db_get(db, 0, 6));
			page_json_field_null(&jb, "district",
			    infra_db_get(db, 0, 7));
		}
		kore_buf_appendf(&jb, "}\n");
		infra_db_next(db);
		return (page_json_send(req, status, &jb));
	}
	page_page_begin(&b, req, &c->u, course_ui(CS_VERIFY, c->u.lang), NULL);
	if (status == 200) {
		S(&b, "<section class=\"card\" id=\"certificate\"><p "
		    "class=\"flash\" role=\"status\">");
		T(&b, course_ui(CS_VALID, c->u.lang));
		S(&b, "</p><dl>");
		cw_dl_item(&b, c, CS_CERTIFICATE, "code",
		    infra_db_get(db, 0, 1), NULL, NULL);
		cw_dl_item(&b, c, CS_LEARNER, "learner",
		    infra_db_get(db, 0, 2), infra_comma(c->u.lang),
		    infra_db_get(db, 0, 7)[0] != '\0' ?
		    infra_db_get(db, 0, 7) : NULL);
		cw_dl_item(&b, c, CS_CATALOG, "course",
		    infra_db_get(db, 0, 3), " ", infra_db_get(db, 0, 4));
		cw_dl_item(&b, c, CS_ISSUED, NULL, infra_db_get(db, 0, 5),
		    NULL, NULL);
		cw_dl_item(&b, c, CS_SCORE, NULL, infra_db_get(db, 0, 6),
		    "%", "");
		S(&b, "</dl></section>");
	} else {
		S(&b, "<p class=\"alert\" role=\"alert\">");
		T(&b, course_ui(status == 400 ? CS_MISTYPED : CS_INVALID,
		    c->u.lang));
		S(&b, "</p>");
	}
	S(&b, "<p>VERIFY ");
	T(&b, infra_db_get(db, 0, 1));
	S(&b, " &rarr; ");
	T(&b, infra_conf.shortcode);
	S(&b, "</p>");
	infra_db_next(db);
	return (page_page_end(req, &c->u, &b, status));
}
