/*
 * Courses for trainers, on the web and under /api/v1: their courses,
 * the course editor (fields, skills from the taxonomy, ordered lessons
 * with a web body and an SMS body whose part count and encoding the
 * editor shows, refusing more than two parts, and a multiple-choice
 * question per lesson), a lesson's SMS and question in the learners'
 * other languages (lesson_texts), and the learners view broken down by
 * district and gender.  Only the course's trainer (or an admin) edits or
 * sees it.
 */
#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>

#include <stdio.h>
#include <string.h>

#include "infra/infra_kore.h"
#include "infra/page_kore.h"
#include "courses/courses.h"
#include "courses/course_glue.h"

#define S(b, s)		page_html_s((b), (s))
#define T(b, s)		page_html_text((b), (s))

static const char SQL_MINE[] =
    "SELECT c.code, c.title_en, c.mode::text, c.published, "
    "count(*) FILTER (WHERE e.status = 'active'), "
    "count(*) FILTER (WHERE e.status = 'waitlisted'), "
    "count(*) FILTER (WHERE e.status = 'completed'), "
    "(SELECT count(*) FROM lessons l WHERE l.course_id = c.id), c.capacity, "
    "coalesce(NULLIF(c.title_ur, ''), c.title_en) "
    "FROM courses c LEFT JOIN enrolments e ON e.course_id = c.id "
    "WHERE c.trainer_id = $1 OR $2 = 'admin' "
    "GROUP BY c.id ORDER BY c.code LIMIT 500";

/* Every skill a course may teach, named in the trainer's language arg. */
#define CT_ALL_SKILLS(arg) \
    "(SELECT coalesce(string_agg(n, ', ' ORDER BY n), '') FROM (SELECT " \
    "course_skill_name(" arg ", name_en, name_ru, name_ur) AS n FROM " \
    "skills) x)"

static const char SQL_EDIT[] =
    "SELECT c.code, c.title_en, c.title_ur, c.desc_en, c.desc_ur, "
    "c.mode::text, c.lang, coalesce(d.name_en, ''), c.capacity, "
    "c.start_date, c.cadence_hours, c.pass_mark, "
    "coalesce((SELECT string_agg(course_skill_name($4, s.name_en, "
    "s.name_ru, s.name_ur), ', ' ORDER BY s.slug) FROM "
    "course_skills cs JOIN skills s ON s.id = cs.skill_id WHERE "
    "cs.course_id = c.id), ''), c.published, "
    "(c.trainer_id = $2 OR $3 = 'admin'), "
    "coalesce((SELECT string_agg(l.position || chr(31) || l.title || "
    "chr(31) || l.body_sms || chr(31) || (q.id IS NOT NULL)::text || "
    "chr(31) || (SELECT count(*) FROM lesson_texts t WHERE "
    "t.lesson_id = l.id AND course_text_state(t.written_sms, "
    "t.written_question, t.written_options, l.body_sms, q.question, "
    "q.options) <> 'current'), chr(30) "
    "ORDER BY l.position) FROM lessons l LEFT JOIN quiz_questions q ON "
    "q.lesson_id = l.id WHERE l.course_id = c.id), ''), "
    CT_ALL_SKILLS("$4") " FROM courses c LEFT JOIN districts d ON d.id = c.district_id "
    "WHERE c.code = $1";

static const char SQL_SKILL_NAMES[] = "SELECT " CT_ALL_SKILLS("$1");

/* The district a typed place names (places/sql/R__places.sql), or none. */
static const char SQL_DISTRICT[] =
    "SELECT unnest(place_match($1, true))";

static const char SQL_SAVE[] =
    "SELECT result, coalesce(code, ''), coalesce(unknown, '') FROM "
    "course_save($1, NULLIF($2, ''), $3, $4, $5, $6, $7, "
    "NULLIF($8, '')::int, $9, $10::int, NULLIF($11, '')::date, $12::int, "
    "$13::int, $14, NULLIF($15, '')::boolean)";

static const char SQL_LESSON_GET[] =
    "SELECT (c.trainer_id = $2 OR $3 = 'admin'), "
    "(SELECT count(*) FROM lessons x WHERE x.course_id = c.id), "
    "coalesce(l.title, ''), coalesce(l.body_web, ''), "
    "coalesce(l.body_sms, ''), coalesce(q.question, ''), "
    "coalesce(q.options[1], ''), coalesce(q.options[2], ''), "
    "coalesce(q.options[3], ''), coalesce(q.options[4], ''), "
    "coalesce(q.correct::text, ''), l.id IS NOT NULL, c.lang, "
    "coalesce((SELECT string_agg(t.lang || ':' || course_text_state("
    "t.written_sms, t.written_question, t.written_options, l.body_sms, "
    "q.question, q.options), ',') FROM lesson_texts t "
    "WHERE t.lesson_id = l.id), '') "
    "FROM courses c LEFT JOIN lessons l ON l.course_id = c.id AND "
    "l.position = NULLIF($4, '0')::int "
    "LEFT JOIN quiz_questions q ON q.lesson_id = l.id WHERE c.code = $1";

static const char SQL_LESSON_SAVE[] =
    "SELECT result, coalesce(pos, 0), coalesce(to_check, 0) FROM "
    "course_lesson_save($1, $2, "
    "NULLIF($3, '0')::int, $4, $5, $6, $7, ARRAY[$8, $9, $10, $11], "
    "NULLIF($12, '')::int)";

/* $4 the position, $5 the language: the lesson, its quiz, that text. */
static const char SQL_TEXT_GET[] =
    "SELECT (c.trainer_id = $2 OR $3 = 'admin'), c.lang, "
    "(SELECT count(*) FROM lessons x WHERE x.course_id = c.id), "
    "l.body_sms, coalesce(q.question, ''), "
    "coalesce(array_to_string(q.options, chr(31)), ''), "
    "coalesce(cardinality(q.options), 0), coalesce(t.body_sms, ''), "
    "coalesce(t.question, ''), coalesce(t.options[1], ''), "
    "coalesce(t.options[2], ''), coalesce(t.options[3], ''), "
    "coalesce(t.options[4], ''), l.title, t.lang IS NOT NULL, "
    "coalesce(array_to_string(t.options, chr(31)), ''), "
    "CASE WHEN t.lang IS NOT NULL THEN course_text_state(t.written_sms, "
    "t.written_question, t.written_options, l.body_sms, q.question, "
    "q.options) ELSE '' END, coalesce(t.written_sms, ''), "
    "coalesce(t.written_question, ''), "
    "coalesce(array_to_string(t.written_options, chr(31)), '') "
    "FROM courses c JOIN lessons l ON l.course_id = c.id AND "
    "l.position = $4::int LEFT JOIN quiz_questions q ON "
    "q.lesson_id = l.id LEFT JOIN lesson_texts t ON t.lesson_id = l.id "
    "AND t.lang = $5 WHERE c.code = $1";

static const char SQL_TEXT_SAVE[] =
    "SELECT course_lesson_text_save($1, $2, $3::int, $4, NULLIF($5, ''), "
    "NULLIF($6, ''), ARRAY[$7, $8, $9, $10])";

static const char SQL_LEARNERS[] =
    "SELECT 'o', (c.trainer_id = $2 OR $3 = 'admin')::text, c.title_en, "
    "c.capacity::text, '', '', '', '', '' FROM courses c "
    "WHERE c.code = $1 "
    "UNION ALL SELECT 'b', b.district, b.gender, b.enrolled::text, "
    "b.active::text, b.waitlisted::text, b.completed::text, "
    "b.avg_lessons::text, b.completion_pct::text "
    "FROM courses c, course_breakdown(c.id) b WHERE c.code = $1 "
    "UNION ALL (SELECT 'l', u.name, coalesce(d.name_en, ''), "
    "coalesce(u.gender, ''), v.status, v.lessons_done || '/' || v.lessons, "
    "v.correct || '/' || v.questions, v.channel, coalesce(ce.code, '') "
    "FROM courses c JOIN course_progress_v v ON v.course_id = c.id "
    "JOIN users u ON u.id = v.user_id "
    "LEFT JOIN districts d ON d.id = u.district_id "
    "LEFT JOIN certificates ce ON ce.user_id = v.user_id AND "
    "ce.course_id = c.id WHERE c.code = $1 AND v.status <> 'withdrawn' "
    "ORDER BY 3, 2 LIMIT 500)";

/* Course fields: the name in forms and JSON, and the slot in c->t. */
enum {
	CF_TITLE_EN, CF_TITLE_UR, CF_DESC_EN, CF_DESC_UR, CF_SKILLS,
	CF_NAMES = 7	/* every skill's name (5: lessons, 6: unknown) */
};
enum {
	CA_UID, CA_CODE, CA_MODE, CA_LANG, CA_DISTRICT, CA_CAPACITY,
	CA_START, CA_CADENCE, CA_PASS, CA_DISTRICT_ID, CA_PUBLISHED,
	CA_ROLE, CA_PUBFIELD
};

/* The viewer as the queries take it: the user id and "admin" or "". */
static void
ct_viewer(struct cw *c, int uid, int role)
{
	(void)snprintf(c->a[uid], sizeof(c->a[uid]), "%lld",
	    (long long)c->u.id);
	(void)kore_strlcpy(c->a[role], (c->u.role & PAGE_ROLE_ADMIN) ?
	    "admin" : "", sizeof(c->a[role]));
}

/* $1 the course, $2 the viewer, $3 the role: whose course it is. */
static void
ct_owner_args(struct cw *c, int uid, int role)
{
	ct_viewer(c, uid, role);
	c->p[0] = c->code;
	c->p[1] = c->a[uid];
	c->p[2] = c->a[role];
}

/* The fields each editor reads (page_input.c: how). */
static const char *const ct_none[] = { NULL };
static const char *const ct_course_names[] = { "title_en", "title_ur",
    "desc_en", "desc_ur", "skills", "mode", "lang", "district", "capacity",
    "cadence_hours", "pass_mark", "start_date", "published", NULL };
static const char *const ct_lesson_names[] = { "title", "body_web",
    "body_sms", "question", "options", "option1", "option2", "option3",
    "option4", "correct", NULL };
static const char *const ct_text_names[] = { "body_sms", "question",
    "options", "option1", "option2", "option3", "option4", "remove", NULL };

/* The languages a course or a lesson text is written in, in enum
 * hlang's order (course_lang_name(): as users know them). */
static const char *const ct_lang_codes[] = { "en", "ru", "ur", NULL };

/*
 * Trainers and admins only; a POST also needs its CSRF token, and its
 * fields are read once.
 */
static int
ct_require(struct http_request *req, struct cw *c, const char *const *names)
{
	if (!page_require(req, &c->u, PAGE_ROLE_TRAINER | PAGE_ROLE_ADMIN))
		return (0);
	if (req->method != HTTP_METHOD_GET && !page_csrf_ok(req, &c->u))
		return (0);
	if (req->method != HTTP_METHOD_GET &&
	    !page_input_read(req, &c->u, &c->in, names))
		return (0);
	return (1);
}

/* A trainer handler's state, or NULL when its first call was refused. */
static struct cw *
ct_start(struct http_request *req, const char *const *names)
{
	struct cw	*c;

	c = cw_ctx(req);
	if (c->p[0] == NULL && !ct_require(req, c, names))
		return (NULL);
	return (c);
}

/*
 * After a save's redirect: "Saved." above the page (?m=saved), or that and
 * the lesson's other languages to check (?m=check: course_lesson_save()).
 */
static void
ct_flash_saved(struct http_request *req, struct cw *c)
{
	char	m[16];

	if (infra_arg(req, "m", m, sizeof(m)) <= 0)
		return;
	if (strcmp(m, "saved") == 0)
		(void)kore_strlcpy(c->flash, course_ui(CS_SAVED, c->u.lang),
		    sizeof(c->flash));
	else if (strcmp(m, "check") == 0)
		(void)kore_strlcpy(c->flash, course_ui(CS_SAVED_CHECK,
		    c->u.lang), sizeof(c->flash));
}

/* ---- /trainer/courses ---- */

/* " · Label: n" (or "n/of"), in the viewer's words. */
static void
ct_count(struct infra_buf *b, struct cw *c, enum course_ui_str label,
    const char *n, const char *of)
{
	S(b, " &middot; ");
	T(b, course_ui(label, c->u.lang));
	S(b, ": ");
	T(b, n);
	if (of != NULL) {
		S(b, "/");
		T(b, of);
	}
}

int
course_trainer_list(struct http_request *req)
{
	struct infra_buf	 b;
	struct kore_buf		 jb;
	struct cw		*c;
	int			 i, r, rows;

	if ((c = ct_start(req, ct_none)) == NULL)
		return (KORE_RESULT_OK);
	if (c->p[0] == NULL) {
		ct_viewer(c, 0, 1);
		c->p[0] = c->a[0];
		c->p[1] = c->a[1];
	}
	if ((r = infra_db_run(req, &c->db, SQL_MINE, 2, c->p)) != INFRA_DB_OK)
		return (cw_db_fail(req, c, r));
	rows = infra_db_rows(&c->db);
	if (c->u.api) {
		kore_buf_init(&jb, 512);
		kore_buf_appendf(&jb, "{\"courses\":[");
		for (i = 0; i < rows; i++) {
			kore_buf_appendf(&jb, "%s{", i ? "," : "");
			cw_json_kv(&jb, "code", infra_db_get(&c->db, i, 0), 1);
			cw_json_kv(&jb, "title_en", infra_db_get(&c->db, i, 1),
			    0);
			cw_json_kv(&jb, "mode", infra_db_get(&c->db, i, 2), 0);
			kore_buf_appendf(&jb, ",\"published\":%s,\"active\":%s,"
			    "\"waitlisted\":%s,\"completed\":%s,\"lessons\":%s}",
			    strcmp(infra_db_get(&c->db, i, 3), "t") == 0 ?
			    "true" : "false", infra_db_get(&c->db, i, 4),
			    infra_db_get(&c->db, i, 5),
			    infra_db_get(&c->db, i, 6),
			    infra_db_get(&c->db, i, 7));
		}
		kore_buf_appendf(&jb, "]}\n");
		infra_db_next(&c->db);
		return (page_json_send(req, 200, &jb));
	}
	page_page_begin(&b, req, &c->u, course_ui(CS_MY_COURSES, c->u.lang),
	    NULL);
	S(&b, "<p><a id=\"new-course\" href=\"/trainer/courses/new\">");
	T(&b, course_ui(CS_NEW_COURSE, c->u.lang));
	S(&b, "</a></p>");
	for (i = 0; i < rows; i++) {
		S(&b, "<article class=\"card\"><h2><a href=\"/trainer/courses/");
		page_html_attr(&b, infra_db_get(&c->db, i, 0));
		S(&b, "\">");
		T(&b, infra_db_get(&c->db, i, 0));
		S(&b, " <bdi>");
		T(&b, infra_db_get(&c->db, i, c->u.lang == HLANG_UR ? 9 : 1));
		S(&b, "</bdi></a></h2>");
		/* A draft says so: a new course is one until it is ticked. */
		if (strcmp(infra_db_get(&c->db, i, 3), "t") != 0) {
			S(&b, "<p class=\"hint\">");
			T(&b, course_ui(CS_DRAFT, c->u.lang));
			S(&b, "</p>");
		}
		S(&b, "<p class=\"meta\">");
		T(&b, cw_mode_label(infra_db_get(&c->db, i, 2), c->u.lang));
		ct_count(&b, c, CS_LESSONS, infra_db_get(&c->db, i, 7), NULL);
		ct_count(&b, c, CS_SEATS_TAKEN, infra_db_get(&c->db, i, 4),
		    infra_db_get(&c->db, i, 8));
		ct_count(&b, c, CS_WAITING, infra_db_get(&c->db, i, 5), NULL);
		ct_count(&b, c, CS_DONE_COUNT, infra_db_get(&c->db, i, 6),
		    NULL);
		S(&b, " &middot; <a href=\"/trainer/courses/");
		page_html_attr(&b, infra_db_get(&c->db, i, 0));
		S(&b, "/learners\">");
		T(&b, course_ui(CS_LEARNERS, c->u.lang));
		S(&b, "</a></p></article>");
	}
	infra_db_next(&c->db);
	return (page_page_end(req, &c->u, &b, 200));
}

/* ---- the course editor ---- */

static void
ct_field(struct infra_buf *b, struct cw *c, int type, const char *name,
    enum course_ui_str label, const char *value, const char *hint,
    int maxlength)
{
	struct page_field	 f;
	char			*line, *tab, *save, copy[sizeof(c->err)];

	memset(&f, 0, sizeof(f));
	f.type = type;
	f.name = name;
	f.label = course_ui(label, c->u.lang);
	f.value = value;
	f.hint = hint;
	f.maxlength = maxlength;
	/* The message of this field, if the last save refused it. */
	(void)kore_strlcpy(copy, c->err, sizeof(copy));
	for (line = strtok_r(copy, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if ((tab = strchr(line, '\t')) == NULL)
			continue;
		*tab++ = '\0';
		if (strcmp(line, name) == 0) {
			f.error = tab;
			break;
		}
	}
	page_form_field(b, &f);
}

/* What a count is in: plain letters (GSM-7) or not (UCS-2). */
static const char *
ct_coding(const struct infra_sms_count *sc, enum hlang lang)
{
	return (course_ui(sc->coding == INFRA_SMS_UCS2 ? CS_WIDE_TEXT :
	    CS_PLAIN_TEXT, lang));
}

/*
 * "SMS parts: 2 (plain letters, 200/306)" for the lesson list and the
 * editor; on an Urdu-script page all of it is Urdu, so the brackets stay
 * where the bidi algorithm puts them.
 */
static void
ct_parts(char *out, size_t len, const struct infra_sms_count *sc,
    enum hlang lang)
{
	(void)snprintf(out, len, "%s: %d (%s%s%zu/%zu)",
	    course_ui(CS_PARTS, lang), sc->parts, ct_coding(sc, lang),
	    infra_comma(lang), sc->units, sc->parts <= 1 ? sc->per_part :
	    (size_t)sc->parts * sc->per_part);
}

/*
 * The hint under a lesson's SMS field (lesson pos of n): its count as it
 * goes out, or, while empty, how much fits (the prefix it would carry
 * counted "1 part, 11/160" for nothing written).
 */
static void
ct_sms_meter(char *out, size_t len, struct cw *c, int pos, int n,
    const char *body)
{
	struct infra_sms_count	 sc;
	size_t			 gsm, ucs2;
	char			 a[16], b[16];
	const char		*v[2] = { a, b };

	out[0] = '\0';
	if (body[0] == '\0') {
		course_sms_room(c->code, pos, n, &gsm, &ucs2);
		(void)snprintf(a, sizeof(a), "%zu", gsm);
		(void)snprintf(b, sizeof(b), "%zu", ucs2);
		(void)infra_text_fill(course_ui(CS_SMS_EMPTY, c->u.lang), v, 2,
		    out, len);
	} else if (course_sms_check(c->code, pos, n, body, &sc) >= 0) {
		ct_parts(out, len, &sc, c->u.lang);
	}
}

/* The course form's fields, with their values and messages. */
static void
ct_course_fields(struct infra_buf *b, struct cw *c)
{
	struct page_option	 modes[3] = { 0 }, langs[3] = { 0 };
	int			 i;

	ct_field(b, c, PAGE_FIELD_TEXT, "title_en", CS_TITLE_EN,
	    c->t[CF_TITLE_EN], course_ui(CS_TITLE_EN_HINT, c->u.lang), 120);
	ct_field(b, c, PAGE_FIELD_TEXT, "title_ur", CS_TITLE_UR,
	    c->t[CF_TITLE_UR], course_ui(CS_TITLE_UR_HINT, c->u.lang), 120);
	ct_field(b, c, PAGE_FIELD_TEXTAREA, "desc_en", CS_DESC_EN,
	    c->t[CF_DESC_EN], NULL, 2000);
	ct_field(b, c, PAGE_FIELD_TEXTAREA, "desc_ur", CS_DESC_UR,
	    c->t[CF_DESC_UR], NULL, 2000);
	ct_field(b, c, PAGE_FIELD_TEXT, "skills", CS_SKILL, c->t[CF_SKILLS],
	    course_ui(CS_SKILLS_HINT, c->u.lang), 500);
	/* The names it takes (a new trainer could not guess them). */
	if (c->t[CF_NAMES][0] != '\0') {
		S(b, "<details id=\"skill-names\"><summary>");
		T(b, course_ui(CS_SKILL_NAMES, c->u.lang));
		S(b, "</summary><p dir=\"auto\">");
		T(b, c->t[CF_NAMES]);
		S(b, "</p></details>");
	}
	modes[0].value = "online";
	modes[1].value = "sms";
	modes[2].value = "centre";
	for (i = 0; i < 3; i++)
		modes[i].label = cw_mode_label(modes[i].value, c->u.lang);
	cw_select_field(b, c, "mode", CS_MODE, c->a[CA_MODE], modes, 3);
	ct_field(b, c, PAGE_FIELD_TEXT, "district", CS_DISTRICT,
	    c->a[CA_DISTRICT], course_ui(CS_DISTRICT_HINT, c->u.lang), 60);
	for (i = 0; i < 3; i++) {
		langs[i].value = ct_lang_codes[i];
		langs[i].label = course_lang_name((enum hlang)i);
	}
	cw_select_field(b, c, "lang", CS_LANG, c->a[CA_LANG], langs, 3);
	S(b, "<div class=\"row\">");
	ct_field(b, c, PAGE_FIELD_NUMBER, "capacity", CS_CAPACITY,
	    c->a[CA_CAPACITY], NULL, 6);
	ct_field(b, c, PAGE_FIELD_DATE, "start_date", CS_START,
	    c->a[CA_START], NULL, 10);
	ct_field(b, c, PAGE_FIELD_NUMBER, "cadence_hours", CS_CADENCE,
	    c->a[CA_CADENCE], NULL, 3);
	ct_field(b, c, PAGE_FIELD_NUMBER, "pass_mark", CS_PASS_MARK,
	    c->a[CA_PASS], NULL, 3);
	S(b, "</div>");
	ct_field(b, c, PAGE_FIELD_CHECKBOX, "published", CS_PUBLISHED,
	    c->a[CA_PUBLISHED], course_ui(CS_PUBLISHED_HINT, c->u.lang), 0);
}

/* Under a stored course's form: its lessons, with their SMS parts. */
static void
ct_course_lessons(struct infra_buf *b, struct cw *c)
{
	struct infra_sms_count	 sc;
	const char		*les;
	char			 line[160], *copy, *item, *save;
	char			*f[5];
	int			 k, n;

	S(b, "<h2 id=\"lessons-h\">");
	T(b, course_ui(CS_LESSONS, c->u.lang));
	S(b, "</h2><ol id=\"lessons\">");
	les = c->t[5];
	n = 0;
	for (k = 0; les[k] != '\0'; k++)
		n += les[k] == '\x1e';
	copy = kore_strdup(les);
	n = les[0] ? n + 1 : 0;
	for (item = strtok_r(copy, "\x1e", &save); item != NULL;
	    item = strtok_r(NULL, "\x1e", &save)) {
		f[0] = item;
		for (k = 1; k < 5; k++) {
			if ((f[k] = strchr(f[k - 1], '\x1f')) == NULL)
				break;
			*f[k]++ = '\0';
		}
		if (k < 5)
			continue;
		S(b, "<li><a href=\"/trainer/courses/");
		page_html_attr(b, c->code);
		S(b, "/lessons/");
		page_html_attr(b, f[0]);
		S(b, "\">");
		T(b, f[1]);
		S(b, "</a> <span class=\"meta\">");
		if (course_sms_check(c->code, atoi(f[0]), n, f[2], &sc) >= 0) {
			ct_parts(line, sizeof(line), &sc, c->u.lang);
			T(b, line);
		}
		if (strcmp(f[3], "true") == 0) {
			S(b, " &middot; ");
			T(b, course_ui(CS_QUIZ, c->u.lang));
		}
		S(b, "</span>");
		/* Other languages written for an earlier text. */
		if (atoi(f[4]) > 0) {
			S(b, " <span class=\"alert\">");
			T(b, course_ui(CS_TO_CHECK, c->u.lang));
			S(b, ": ");
			T(b, f[4]);
			S(b, "</span>");
		}
		S(b, "</li>");
	}
	kore_free(copy);
	S(b, "</ol><p><a id=\"add-lesson\" href=\"/trainer/courses/");
	page_html_attr(b, c->code);
	S(b, "/lessons/new\">");
	T(b, course_ui(CS_ADD_LESSON, c->u.lang));
	S(b, "</a> &middot; <a href=\"/trainer/courses/");
	page_html_attr(b, c->code);
	S(b, "/learners\">");
	T(b, course_ui(CS_LEARNERS, c->u.lang));
	S(b, "</a> &middot; <a href=\"/courses/");
	page_html_attr(b, c->code);
	S(b, "\">");
	T(b, course_ui(CS_AS_LEARNERS_SEE, c->u.lang));
	S(b, "</a></p>");
}

/*
 * Above a stored course's form: draft or published, and the next step
 * (a course without lessons: its first; the lessons are below the long
 * form, out of sight on a phone).
 */
static void
ct_course_status(struct infra_buf *b, struct cw *c)
{
	char	href[96];

	S(b, "<p id=\"course-status\" class=\"");
	S(b, strcmp(c->a[CA_PUBLISHED], "1") == 0 ? "meta" : "hint");
	S(b, "\">");
	T(b, course_ui(strcmp(c->a[CA_PUBLISHED], "1") == 0 ?
	    CS_IS_PUBLISHED : CS_DRAFT, c->u.lang));
	S(b, " <a href=\"#lessons-h\">");
	T(b, course_ui(CS_LESSONS, c->u.lang));
	S(b, "</a>");
	if (c->t[5][0] == '\0') {
		(void)snprintf(href, sizeof(href),
		    "/trainer/courses/%s/lessons/new", c->code);
		S(b, " &middot; <a id=\"first-lesson\" href=\"");
		page_html_attr(b, href);
		S(b, "\">");
		T(b, course_ui(CS_FIRST_LESSON, c->u.lang));
		S(b, "</a>");
	}
	S(b, "</p>");
}

static int
ct_course_form(struct http_request *req, struct cw *c, int status)
{
	struct infra_buf	 b;
	char			 action[64], line[160];

	if (c->u.api)
		return (cw_errors_json(req, c));
	(void)snprintf(line, sizeof(line), "%s %s",
	    course_ui(c->code[0] ? CS_EDIT_COURSE : CS_NEW_COURSE, c->u.lang),
	    c->code);
	page_page_begin(&b, req, &c->u, line,
	    c->flash[0] ? c->flash : NULL);
	cw_errors_html(&b, c);
	if (c->code[0] != '\0' && status == 200)
		ct_course_status(&b, c);
	(void)snprintf(action, sizeof(action), "/trainer/courses/%s",
	    c->code[0] ? c->code : "new");
	page_form_open(&b, &c->u, action);
	ct_course_fields(&b, c);
	page_form_submit(&b, course_ui(CS_SAVE, c->u.lang));
	S(&b, "</form>");
	if (c->code[0] != '\0')
		ct_course_lessons(&b, c);
	return (page_page_end(req, &c->u, &b, status));
}

/* Reads and checks the course's texts (titles, descriptions, skills). */
static void
ct_course_texts(struct http_request *req, struct cw *c)
{
	static const char *const	 tnames[] = { "title_en", "title_ur",
	    "desc_en", "desc_ur", "skills" };
	static const size_t		 tmax[] = { 120, 120, 2000, 2000,
	    500 };
	enum hlang			 l = c->u.lang;
	char				 msg[200];
	size_t				 i;

	for (i = 0; i < 5; i++) {
		/* A JSON array of skills reads joined by commas. */
		if (page_input_bad(&c->in, tnames[i]) == 2)
			cw_err(c, tnames[i], page_str(PS_ERR_BAD_TEXT, l));
		else if (page_input_copy(&c->in, tnames[i], c->t[i],
		    CW_TEXT_MAX) >= CW_TEXT_MAX - 1 ||
		    page_input_bad(&c->in, tnames[i]) || !cw_text_ok(c->t[i], i == 0 ? 3 : 0, tmax[i],
		    i == 2 || i == 3)) {
			(void)page_err_fmt(msg, sizeof(msg), i == 0 &&
			    page_utf8_len(c->t[i]) < 3 ? PS_ERR_TOO_SHORT :
			    PS_ERR_TOO_LONG, l, i == 0 && page_utf8_len(c->t[i])
			    < 3 ? 3 : (long)tmax[i], 0);
			cw_err(c, tnames[i], msg);
		}
	}
}

/* Reads and checks a whole number field; blank is dflt when dflt is set. */
static void
ct_course_number(struct http_request *req, struct cw *c, const char *name,
    int slot, const char *dflt, long min, long max)
{
	char		msg[200];
	long		v;

	(void)page_input_copy(&c->in, name, c->a[slot], sizeof(c->a[slot]));
	if (dflt != NULL && c->a[slot][0] == '\0')
		(void)kore_strlcpy(c->a[slot], dflt, sizeof(c->a[slot]));
	if (page_input_bad(&c->in, name) ||
	    page_valid_long(c->a[slot], min, max, &v) != PS_NONE) {
		(void)page_err_fmt(msg, sizeof(msg), PS_ERR_NUMBER, c->u.lang,
		    min, max);
		cw_err(c, name, msg);
	}
}

/* Reads and checks the course fields; errors go to c->err. */
static void
ct_course_read(struct http_request *req, struct cw *c)
{
	static const char *const	 modes[] = { "online", "sms",
	    "centre", NULL };
	enum hlang			 l = c->u.lang;

	ct_course_texts(req, c);
	(void)page_input_copy(&c->in, "mode", c->a[CA_MODE], sizeof(c->a[CA_MODE]));
	if (page_valid_choice(c->a[CA_MODE], modes) != PS_NONE)
		cw_err(c, "mode", page_str(PS_ERR_CHOICE, l));
	(void)page_input_copy(&c->in, "lang", c->a[CA_LANG], sizeof(c->a[CA_LANG]));
	if (page_valid_choice(c->a[CA_LANG], ct_lang_codes) != PS_NONE)
		cw_err(c, "lang", page_str(PS_ERR_CHOICE, l));
	(void)page_input_copy(&c->in, "district", c->a[CA_DISTRICT],
	    sizeof(c->a[CA_DISTRICT]));
	if (!cw_text_ok(c->a[CA_DISTRICT], 0, 60, 0))
		cw_err(c, "district", page_str(PS_ERR_BAD_TEXT, l));
	else if (strcmp(c->a[CA_MODE], "centre") == 0 &&
	    c->a[CA_DISTRICT][0] == '\0')
		cw_err(c, "district", page_str(PS_ERR_REQUIRED, l));

	ct_course_number(req, c, "capacity", CA_CAPACITY, NULL, 1, 100000);
	ct_course_number(req, c, "cadence_hours", CA_CADENCE, "24", 1, 720);
	ct_course_number(req, c, "pass_mark", CA_PASS, "60", 0, 100);
	(void)page_input_copy(&c->in, "start_date", c->a[CA_START],
	    sizeof(c->a[CA_START]));
	if (c->a[CA_START][0] != '\0' &&
	    page_valid_date(c->a[CA_START], NULL) != PS_NONE)
		cw_err(c, "start_date", page_str(PS_ERR_DATE, l));
	/*
	 * Published: the page's checkbox is absent when unticked; an API
	 * call without the field keeps what the course had ('' -> NULL).
	 */
	c->a[CA_PUBLISHED][0] = '\0';
	if (page_input_copy(&c->in, "published", c->a[CA_PUBFIELD],
	    sizeof(c->a[CA_PUBFIELD])) >= 0)
		(void)kore_strlcpy(c->a[CA_PUBLISHED],
		    strcmp(c->a[CA_PUBFIELD], "false") == 0 ||
		    strcmp(c->a[CA_PUBFIELD], "0") == 0 ? "0" : "1",
		    sizeof(c->a[CA_PUBLISHED]));
	else if (!c->u.api)
		(void)kore_strlcpy(c->a[CA_PUBLISHED], "0",
		    sizeof(c->a[CA_PUBLISHED]));
}

/* The stored course into the form's slots. */
static void
ct_course_load(struct cw *c)
{
	struct infra_db	*db = &c->db;
	int		 i;

	for (i = 0; i < 4; i++)
		(void)kore_strlcpy(c->t[i], infra_db_get(db, 0, 1 + i),
		    CW_TEXT_MAX);
	(void)kore_strlcpy(c->t[CF_SKILLS], infra_db_get(db, 0, 12),
	    CW_TEXT_MAX);
	(void)kore_strlcpy(c->t[5], infra_db_get(db, 0, 15), CW_TEXT_MAX);
	(void)kore_strlcpy(c->a[CA_MODE], infra_db_get(db, 0, 5),
	    sizeof(c->a[0]));
	(void)kore_strlcpy(c->a[CA_LANG], infra_db_get(db, 0, 6),
	    sizeof(c->a[0]));
	(void)kore_strlcpy(c->a[CA_DISTRICT], infra_db_get(db, 0, 7),
	    sizeof(c->a[0]));
	(void)kore_strlcpy(c->a[CA_CAPACITY], infra_db_get(db, 0, 8),
	    sizeof(c->a[0]));
	(void)kore_strlcpy(c->a[CA_START], infra_db_get(db, 0, 9),
	    sizeof(c->a[0]));
	(void)kore_strlcpy(c->a[CA_CADENCE], infra_db_get(db, 0, 10),
	    sizeof(c->a[0]));
	(void)kore_strlcpy(c->a[CA_PASS], infra_db_get(db, 0, 11),
	    sizeof(c->a[0]));
	(void)kore_strlcpy(c->a[CA_PUBLISHED], strcmp(infra_db_get(db, 0, 13),
	    "t") == 0 ? "1" : "0", sizeof(c->a[0]));
}

static int
ct_course_json(struct http_request *req, struct cw *c, int status,
    const char *unknown)
{
	struct kore_buf	jb;

	kore_buf_init(&jb, 256);
	kore_buf_append(&jb, "{", 1);
	cw_json_kv(&jb, "code", c->code, 1);
	page_json_list(&jb, "unknown_skills", unknown, ",");
	kore_buf_appendf(&jb, "}\n");
	return (page_json_send(req, status, &jb));
}

/* The new-course form's first view; a new course starts as a draft. */
static void
ct_course_defaults(struct cw *c)
{
	(void)kore_strlcpy(c->a[CA_MODE], "sms", sizeof(c->a[0]));
	/* Written in the trainer's own language, until she picks another. */
	(void)kore_strlcpy(c->a[CA_LANG], infra_lang_code(c->u.lang),
	    sizeof(c->a[0]));
	(void)kore_strlcpy(c->a[CA_CAPACITY], "100", sizeof(c->a[0]));
	(void)kore_strlcpy(c->a[CA_CADENCE], "24", sizeof(c->a[0]));
	(void)kore_strlcpy(c->a[CA_PASS], "60", sizeof(c->a[0]));
	(void)kore_strlcpy(c->a[CA_PUBLISHED], "0", sizeof(c->a[0]));
}

#define CT_GO_ON	(-1)	/* ct_edit_*(): nothing answered yet */
#define CT_STEP_NAMES	3	/* a new course's form: the skills' names */

/* The first call: the path, the posted fields, the step to start at. */
static int
ct_edit_begin(struct http_request *req, struct cw *c, int get)
{
	int		isnew;

	isnew = strstr(req->path, "/courses/") == NULL ||
	    strcmp(req->path, "/trainer/courses/new") == 0;
	if (!isnew && cw_path(req->path, c) == -1)
		return (page_error(req, &c->u, 404, "not_found",
		    PS_NOT_FOUND));
	if (isnew)
		c->code[0] = '\0';
	ct_owner_args(c, CA_UID, CA_ROLE);
	c->p[3] = infra_lang_code(c->u.lang);
	if (!get)
		ct_course_read(req, c);
	if (isnew && get) {
		ct_course_defaults(c);
		c->db.step = CT_STEP_NAMES;
		return (CT_GO_ON);
	}
	if (!get && c->nerr > 0 && isnew)
		return (ct_course_form(req, c, 422));
	c->status = isnew ? 1 : 0;
	c->db.step = isnew ? 1 : 0;
	return (CT_GO_ON);
}

/* A new course's first view: the form, with the skills' names. */
static int
ct_edit_names(struct http_request *req, struct cw *c)
{
	struct infra_db	*db = &c->db;
	int		 r;

	if ((r = infra_db_run(req, db, SQL_SKILL_NAMES, 1, c->p + 3)) !=
	    INFRA_DB_OK)
		return (cw_db_fail(req, c, r));
	(void)kore_strlcpy(c->t[CF_NAMES], infra_db_get(db, 0, 0),
	    CW_TEXT_MAX);
	infra_db_next(db);
	return (ct_course_form(req, c, 200));
}

/* Step 0: the stored course -- ownership, and the form for a GET. */
static int
ct_edit_stored(struct http_request *req, struct cw *c, int get)
{
	struct infra_db	*db = &c->db;
	int		 r;

	if ((r = infra_db_run(req, db, SQL_EDIT, 4, c->p)) != INFRA_DB_OK)
		return (cw_db_fail(req, c, r));
	if (infra_db_rows(db) != 1)
		return (cw_refuse(req, c, 404));
	if (strcmp(infra_db_get(db, 0, 14), "t") != 0)
		return (cw_refuse(req, c, 403));
	(void)kore_strlcpy(c->t[5], infra_db_get(db, 0, 15), CW_TEXT_MAX);
	(void)kore_strlcpy(c->t[CF_NAMES], infra_db_get(db, 0, 16),
	    CW_TEXT_MAX);
	if (get) {
		ct_course_load(c);
		infra_db_next(db);
		ct_flash_saved(req, c);
		return (ct_course_form(req, c, 200));
	}
	infra_db_next(db);
	if (c->nerr > 0)
		return (ct_course_form(req, c, 422));
	return (CT_GO_ON);
}

/* Step 1: the district a typed place names, if one was typed. */
static int
ct_edit_district(struct http_request *req, struct cw *c)
{
	struct infra_db	*db = &c->db;
	int		 r;

	c->a[CA_DISTRICT_ID][0] = '\0';
	if (c->a[CA_DISTRICT][0] != '\0') {
		c->p[0] = c->a[CA_DISTRICT];
		if ((r = infra_db_run(req, db, SQL_DISTRICT, 1, c->p)) !=
		    INFRA_DB_OK)
			return (cw_db_fail(req, c, r));
		if (infra_db_rows(db) == 1)
			(void)kore_strlcpy(c->a[CA_DISTRICT_ID],
			    infra_db_get(db, 0, 0), sizeof(c->a[0]));
		else
			cw_err(c, "district", page_str(PS_ERR_CHOICE,
			    c->u.lang));
	}
	infra_db_next(db);
	if (c->nerr > 0)
		return (ct_course_form(req, c, 422));
	return (CT_GO_ON);
}

/* The last step: course_save(), then the page again or the JSON. */
static int
ct_edit_save(struct http_request *req, struct cw *c)
{
	struct infra_db	*db = &c->db;
	char		 loc[96];
	int		 r;

	c->p[0] = c->a[CA_UID];
	c->p[1] = c->code;
	c->p[2] = c->t[CF_TITLE_EN];
	c->p[3] = c->t[CF_TITLE_UR];
	c->p[4] = c->t[CF_DESC_EN];
	c->p[5] = c->t[CF_DESC_UR];
	c->p[6] = c->a[CA_MODE];
	c->p[7] = c->a[CA_DISTRICT_ID];
	c->p[8] = c->a[CA_LANG];
	c->p[9] = c->a[CA_CAPACITY];
	c->p[10] = c->a[CA_START];
	c->p[11] = c->a[CA_CADENCE];
	c->p[12] = c->a[CA_PASS];
	c->p[13] = c->t[CF_SKILLS];
	c->p[14] = c->a[CA_PUBLISHED];
	if ((r = infra_db_run(req, db, SQL_SAVE, 15, c->p)) != INFRA_DB_OK)
		return (cw_db_fail(req, c, r));
	if (strcmp(infra_db_get(db, 0, 0), "ok") != 0)
		return (cw_refuse(req, c, strcmp(infra_db_get(db, 0, 0),
		    "not_found") == 0 ? 404 : 403));
	(void)kore_strlcpy(c->code, infra_db_get(db, 0, 1), sizeof(c->code));
	(void)kore_strlcpy(c->t[6], infra_db_get(db, 0, 2), CW_TEXT_MAX);
	infra_db_next(db);
	if (c->u.api)
		return (ct_course_json(req, c, c->status ? 201 : 200,
		    c->t[6]));
	(void)snprintf(loc, sizeof(loc), "/trainer/courses/%s?m=saved",
	    c->code);
	return (page_redirect(req, &c->u, loc));
}

/*
 * GET  /trainer/courses/new, /trainer/courses/<code>: the form.
 * POST the same, POST /api/v1/courses, PUT /api/v1/courses/<code>: save.
 */
int
course_edit(struct http_request *req)
{
	struct cw	*c;
	int		 r, get;

	if ((c = ct_start(req, ct_course_names)) == NULL)
		return (KORE_RESULT_OK);
	get = req->method == HTTP_METHOD_GET;
	if (c->p[0] == NULL && (r = ct_edit_begin(req, c, get)) != CT_GO_ON)
		return (r);
	if (c->db.step == CT_STEP_NAMES)
		return (ct_edit_names(req, c));
	if (c->db.step == 0 && (r = ct_edit_stored(req, c, get)) != CT_GO_ON)
		return (r);
	if (c->db.step == 1 && (r = ct_edit_district(req, c)) != CT_GO_ON)
		return (r);
	return (ct_edit_save(req, c));
}

/* ---- the lesson editor ---- */

enum {
	LF_TITLE, LF_WEB, LF_SMS, LF_QUESTION, LF_OPT1, LF_OPT2, LF_OPT3,
	LF_OPT4
};

/* The hint under each option: its letter and number in the quiz SMS. */
static const char *const ct_opt_hint[COURSE_OPTIONS_MAX] = { "A / 1",
    "B / 2", "C / 3", "D / 4" };

/* An editor's refusal under /api/v1: the fields to fix, or the status. */
static int
ct_form_json(struct http_request *req, struct cw *c, int status)
{
	if (c->nerr > 0)
		return (cw_errors_json(req, c));
	return (infra_json_error(req, status, "error", ""));
}

/* A text's state (course_text_state()) in words, for the trainer. */
static enum course_ui_str
ct_state_word(const char *state)
{
	if (strcmp(state, "stale") == 0)
		return (CS_TEXT_STALE);
	if (strcmp(state, "held") == 0)
		return (CS_TEXT_HELD);
	if (strcmp(state, "current") == 0)
		return (CS_WRITTEN);
	return (CS_NOT_YET);
}

/*
 * Under a saved lesson: the two languages other than the course's (in
 * c->a[7]), each written, written for an earlier text or not yet (the
 * list "ru:current,ur:stale" in c->a[8]), each a link to its editor.
 */
static void
ct_lesson_langs(struct infra_buf *b, struct cw *c)
{
	const char	*at;
	char		 href[96], state[16];
	size_t		 k;
	int		 i;

	S(b, "<section id=\"other-langs\"><h2>");
	T(b, course_ui(CS_OTHER_LANGS, c->u.lang));
	S(b, "</h2><p class=\"hint\">");
	T(b, course_ui(CS_OTHER_LANGS_HINT, c->u.lang));
	S(b, "</p><ul>");
	for (i = 0; i < HLANG_COUNT; i++) {
		if (strcmp(ct_lang_codes[i], c->a[7]) == 0)
			continue;
		(void)snprintf(href, sizeof(href),
		    "/trainer/courses/%s/lessons/%d/text/%s", c->code, c->pos,
		    ct_lang_codes[i]);
		S(b, "<li><a id=\"text-");
		S(b, ct_lang_codes[i]);
		S(b, "\" href=\"");
		page_html_attr(b, href);
		S(b, "\">");
		T(b, course_lang_name((enum hlang)i));
		state[0] = '\0';
		if ((at = strstr(c->a[8], ct_lang_codes[i])) != NULL &&
		    at[2] == ':') {
			k = strcspn(at + 3, ",");
			(void)snprintf(state, sizeof(state), "%.*s", (int)k,
			    at + 3);
		}
		S(b, "</a> &middot; <span class=\"");
		S(b, state[0] == '\0' || strcmp(state, "current") == 0 ?
		    "meta" : "alert");
		S(b, "\" id=\"state-");
		S(b, ct_lang_codes[i]);
		S(b, "\">");
		T(b, course_ui(ct_state_word(state), c->u.lang));
		S(b, "</span></li>");
	}
	S(b, "</ul></section>");
}

static int
ct_lesson_form(struct http_request *req, struct cw *c, int status)
{
	struct infra_buf	 b;
	char			 action[96], line[256], name[16];
	int			 i, n;

	if (c->u.api)
		return (ct_form_json(req, c, status));
	if (c->pos > 0)
		(void)snprintf(line, sizeof(line), "%s · %s %d", c->code,
		    course_ui(CS_LESSON, c->u.lang), c->pos);
	else
		(void)snprintf(line, sizeof(line), "%s · %s", c->code,
		    course_ui(CS_ADD_LESSON, c->u.lang));
	page_page_begin(&b, req, &c->u, line,
	    c->flash[0] ? c->flash : NULL);
	cw_errors_html(&b, c);
	if (c->pos > 0)
		(void)snprintf(action, sizeof(action),
		    "/trainer/courses/%s/lessons/%d", c->code, c->pos);
	else
		(void)snprintf(action, sizeof(action),
		    "/trainer/courses/%s/lessons/new", c->code);
	page_form_open(&b, &c->u, action);
	ct_field(&b, c, PAGE_FIELD_TEXT, "title", CS_LESSON_TITLE,
	    c->t[LF_TITLE], NULL, 120);
	ct_field(&b, c, PAGE_FIELD_TEXTAREA, "body_web", CS_BODY_WEB,
	    c->t[LF_WEB], NULL, 4000);
	n = c->nlessons + (c->pos == 0 ? 1 : 0);
	ct_sms_meter(line, sizeof(line), c, c->pos > 0 ? c->pos : n, n,
	    c->t[LF_SMS]);
	ct_field(&b, c, PAGE_FIELD_TEXTAREA, "body_sms", CS_BODY_SMS,
	    c->t[LF_SMS], line, 320);
	ct_field(&b, c, PAGE_FIELD_TEXT, "question", CS_QUESTION,
	    c->t[LF_QUESTION], NULL, 300);
	for (i = 0; i < COURSE_OPTIONS_MAX; i++) {
		(void)snprintf(name, sizeof(name), "option%d", i + 1);
		ct_field(&b, c, PAGE_FIELD_TEXT, name, CS_OPTION,
		    c->t[LF_OPT1 + i], ct_opt_hint[i], 100);
	}
	ct_field(&b, c, PAGE_FIELD_NUMBER, "correct", CS_CORRECT, c->a[4],
	    NULL, 1);
	page_form_submit(&b, course_ui(CS_SAVE, c->u.lang));
	S(&b, "</form>");
	if (c->pos > 0)
		ct_lesson_langs(&b, c);
	cw_link_p(&b, "/trainer/courses/", c->code,
	    course_ui(CS_EDIT_COURSE, c->u.lang));
	return (page_page_end(req, &c->u, &b, status));
}

/*
 * A quiz's options: a JSON array "options" item by item (an option may
 * hold a comma), or "options" as lines, or option1..4.
 */
static void
ct_lesson_options(struct cw *c)
{
	const char	*v;
	char		 name[16], quiz[1024];
	char		*p, *nl;
	int		 i;

	if (page_input_bad(&c->in, "options") == 2)
		cw_err(c, "options", page_str(PS_ERR_BAD_TEXT, c->u.lang));
	if (page_input_item(&c->in, "options", 0) != NULL) {
		for (i = 0; i < COURSE_OPTIONS_MAX &&
		    (v = page_input_item(&c->in, "options", i)) != NULL; i++)
			(void)kore_strlcpy(c->t[LF_OPT1 + i], v, CW_TEXT_MAX);
	} else if (page_input_copy(&c->in, "options", quiz,
	    sizeof(quiz)) > 0) {
		p = quiz;
		for (i = 0; i < COURSE_OPTIONS_MAX && p != NULL; i++) {
			if ((nl = strchr(p, '\n')) != NULL)
				*nl++ = '\0';
			(void)kore_strlcpy(c->t[LF_OPT1 + i], p, CW_TEXT_MAX);
			p = nl;
		}
	} else {
		for (i = 0; i < COURSE_OPTIONS_MAX; i++) {
			(void)snprintf(name, sizeof(name), "option%d", i + 1);
			(void)page_input_copy(&c->in, name, c->t[LF_OPT1 + i],
			    CW_TEXT_MAX);
		}
	}
}

/* Field name holds more than max characters: says so, with the limit. */
static void
ct_err_long(struct cw *c, const char *name, long max)
{
	char	msg[200];

	(void)page_err_fmt(msg, sizeof(msg), PS_ERR_TOO_LONG, c->u.lang, max,
	    0);
	cw_err(c, name, msg);
}

/*
 * The SMS body (slot LF_SMS) of lesson pos of n: 1-320 characters, and
 * COURSE_SMS_PARTS_MAX parts at most as it goes out, prefix included.
 */
static void
ct_sms_read(struct cw *c, int pos, int n)
{
	struct infra_sms_count	 sc;
	enum hlang		 l = c->u.lang;
	char			 msg[200];

	(void)page_input_copy(&c->in, "body_sms", c->t[LF_SMS], CW_TEXT_MAX);
	if (c->t[LF_SMS][0] == '\0') {
		cw_err(c, "body_sms", page_str(PS_ERR_REQUIRED, l));
	} else if (!cw_text_ok(c->t[LF_SMS], 1, 320, 1)) {
		ct_err_long(c, "body_sms", 320);
	} else if (course_sms_check(c->code, pos, n, c->t[LF_SMS],
	    &sc) != 1) {
		(void)snprintf(msg, sizeof(msg), "%s (%d%s%s)",
		    course_ui(CS_TOO_LONG_SMS, l), sc.parts, infra_comma(l),
		    ct_coding(&sc, l));
		cw_err(c, "body_sms", msg);
	}
}

/* The question and its options (slots LF_QUESTION, LF_OPT1..): their
 * lengths checked, the options given kept in opts; returns how many. */
static int
ct_quiz_read(struct cw *c, const char **opts)
{
	char	name[16];
	int	i, nopts;

	(void)page_input_copy(&c->in, "question", c->t[LF_QUESTION],
	    CW_TEXT_MAX);
	if (!cw_text_ok(c->t[LF_QUESTION], 0, 300, 0))
		ct_err_long(c, "question", 300);
	ct_lesson_options(c);
	nopts = 0;
	for (i = 0; i < COURSE_OPTIONS_MAX; i++) {
		(void)snprintf(name, sizeof(name), "option%d", i + 1);
		if (!cw_text_ok(c->t[LF_OPT1 + i], 0, 100, 0))
			ct_err_long(c, name, 100);
		else if (c->t[LF_OPT1 + i][0] != '\0')
			opts[nopts++] = c->t[LF_OPT1 + i];
	}
	return (nopts);
}

/* The question goes out as its own SMS, framed in ql: it must fit too. */
static void
ct_quiz_fits(struct cw *c, int pos, const char **opts, int nopts,
    enum hlang ql)
{
	struct infra_sms_count	 sc;
	char			 quiz[1024];

	(void)course_quiz_sms(pos, c->t[LF_QUESTION], opts, nopts, ql, quiz,
	    sizeof(quiz));
	if (course_sms_count(quiz, strlen(quiz), &sc) == 0 &&
	    sc.parts > COURSE_SMS_PARTS_MAX)
		cw_err(c, "question", course_ui(CS_TOO_LONG_SMS, c->u.lang));
}

/* Reads and checks a lesson; the SMS body and the quiz are counted. */
static void
ct_lesson_read(struct http_request *req, struct cw *c)
{
	const char		*opts[COURSE_OPTIONS_MAX];
	enum hlang		 l = c->u.lang;
	char			 msg[200];
	long			 v;
	int			 n, nopts;

	if (page_input_copy(&c->in, "title", c->t[LF_TITLE], CW_TEXT_MAX) >=
	    CW_TEXT_MAX || !cw_text_ok(c->t[LF_TITLE], 1, 120, 0)) {
		if (c->t[LF_TITLE][0] == '\0')
			cw_err(c, "title", page_str(PS_ERR_REQUIRED, l));
		else
			ct_err_long(c, "title", 120);
	}
	if (page_input_copy(&c->in, "body_web", c->t[LF_WEB], CW_TEXT_MAX) >=
	    CW_TEXT_MAX || !cw_text_ok(c->t[LF_WEB], 0, 4000, 1))
		ct_err_long(c, "body_web", 4000);
	n = c->nlessons + (c->pos == 0 ? 1 : 0);
	ct_sms_read(c, c->pos > 0 ? c->pos : n, n);
	nopts = ct_quiz_read(c, opts);
	(void)page_input_copy(&c->in, "correct", c->a[4], sizeof(c->a[4]));
	if (c->t[LF_QUESTION][0] == '\0')
		return;
	if (nopts < 2)
		cw_err(c, "option1", page_str(PS_ERR_REQUIRED, l));
	if (page_valid_long(c->a[4], 1, nopts < 2 ? 2 : nopts, &v) != PS_NONE) {
		(void)page_err_fmt(msg, sizeof(msg), PS_ERR_NUMBER, l, 1,
		    nopts < 2 ? 2 : nopts);
		cw_err(c, "correct", msg);
	}
	/* Framed in Urdu script, the longest frame: it fits every learner. */
	ct_quiz_fits(c, c->pos > 0 ? c->pos : n, opts, nopts, HLANG_UR);
}

/*
 * course_lesson_save() answered: the form again, the JSON, or on to the
 * course -- or to the lesson when its other languages were written for
 * an earlier text (listed and marked there).
 */
static int
ct_lesson_saved(struct http_request *req, struct cw *c)
{
	struct infra_db	*db = &c->db;
	struct kore_buf	 jb;
	char		 loc[96];

	(void)kore_strlcpy(c->a[5], infra_db_get(db, 0, 0), sizeof(c->a[5]));
	(void)kore_strlcpy(c->a[6], infra_db_get(db, 0, 1), sizeof(c->a[6]));
	(void)kore_strlcpy(c->a[9], infra_db_get(db, 0, 2), sizeof(c->a[9]));
	infra_db_next(db);
	if (strcmp(c->a[5], "ok") != 0) {
		cw_err(c, strcmp(c->a[5], "bad_quiz") == 0 ? "correct" :
		    "title", c->a[5]);
		return (ct_lesson_form(req, c, 422));
	}
	if (c->u.api) {
		kore_buf_init(&jb, 128);
		kore_buf_appendf(&jb, "{\"code\":\"%s\",\"position\":%d,"
		    "\"texts_to_check\":%d}\n", c->code, atoi(c->a[6]),
		    atoi(c->a[9]));
		return (page_json_send(req, c->pos == 0 ? 201 : 200,
		    &jb));
	}
	if (atoi(c->a[9]) > 0)
		(void)snprintf(loc, sizeof(loc),
		    "/trainer/courses/%s/lessons/%d?m=check", c->code,
		    atoi(c->a[6]));
	else
		(void)snprintf(loc, sizeof(loc), "/trainer/courses/%s?m=saved",
		    c->code);
	return (page_redirect(req, &c->u, loc));
}

/*
 * GET/POST /trainer/courses/<code>/lessons/(new|<n>);
 * POST /api/v1/courses/<code>/lessons, PUT .../lessons/<n>.
 */
int
course_lesson_edit(struct http_request *req)
{
	struct infra_db	*db;
	struct cw	*c;
	int		 r, i, get;

	if ((c = ct_start(req, ct_lesson_names)) == NULL)
		return (KORE_RESULT_OK);
	db = &c->db;
	get = req->method == HTTP_METHOD_GET;
	if (c->p[0] == NULL) {
		if (cw_path(req->path, c) == -1 ||
		    (c->verb[0] != '\0' && strcmp(c->verb, "lessons") != 0))
			return (page_error(req, &c->u, 404, "not_found",
			    PS_NOT_FOUND));
		ct_owner_args(c, 0, 1);
		(void)snprintf(c->a[2], sizeof(c->a[2]), "%d", c->pos);
		c->p[3] = c->a[2];
	}
	if (db->step == 0) {
		if ((r = infra_db_run(req, db, SQL_LESSON_GET, 4, c->p)) !=
		    INFRA_DB_OK)
			return (cw_db_fail(req, c, r));
		if (infra_db_rows(db) != 1 ||
		    (c->pos > 0 && strcmp(infra_db_get(db, 0, 11), "t") != 0))
			return (cw_refuse(req, c, 404));
		if (strcmp(infra_db_get(db, 0, 0), "t") != 0)
			return (cw_refuse(req, c, 403));
		c->nlessons = atoi(infra_db_get(db, 0, 1));
		(void)kore_strlcpy(c->a[7], infra_db_get(db, 0, 12),
		    sizeof(c->a[7]));
		(void)kore_strlcpy(c->a[8], infra_db_get(db, 0, 13),
		    sizeof(c->a[8]));
		if (get) {
			for (i = 0; i < 8; i++)
				(void)kore_strlcpy(c->t[i],
				    infra_db_get(db, 0, 2 + i), CW_TEXT_MAX);
			(void)kore_strlcpy(c->a[4], infra_db_get(db, 0, 10),
			    sizeof(c->a[4]));
			infra_db_next(db);
			ct_flash_saved(req, c);
			return (ct_lesson_form(req, c, 200));
		}
		infra_db_next(db);
		ct_lesson_read(req, c);
		if (c->nerr > 0)
			return (ct_lesson_form(req, c, 422));
		c->p[0] = c->a[0];
		c->p[1] = c->code;
		c->p[2] = c->a[2];
		c->p[3] = c->t[LF_TITLE];
		c->p[4] = c->t[LF_WEB];
		c->p[5] = c->t[LF_SMS];
		c->p[6] = c->t[LF_QUESTION];
		for (i = 0; i < 4; i++)
			c->p[7 + i] = c->t[LF_OPT1 + i];
		c->p[11] = c->a[4];
	}
	if ((r = infra_db_run(req, db, SQL_LESSON_SAVE, 12, c->p)) !=
	    INFRA_DB_OK)
		return (cw_db_fail(req, c, r));
	return (ct_lesson_saved(req, c));
}

/* ---- a lesson in the learners' other languages (lesson_texts) ---- */

/*
 * The slots: the lesson's own SMS, question and options (joined by
 * chr(31)) in LF_TITLE, LF_WEB and TF_REF_OPTS for reference; what the
 * trainer writes in LF_SMS, LF_QUESTION, LF_OPT1.. as the lesson editor
 * does, so that its readers serve both; what the stored text was written
 * for in TF_FOR_SMS, TF_FOR_Q, TF_FOR_OPTS.  c->a[]: TA_POS, TA_LANG (the
 * text's), TA_CLANG (the course's), TA_NQ (the quiz's option count),
 * TA_WRITTEN ("t" when the text is stored: it can be removed), TA_STATE
 * (course_text_state(), "" when not written).
 */
#define TF_REF_SMS	LF_TITLE
#define TF_REF_Q	LF_WEB
#define TF_REF_OPTS	8
#define TF_TITLE	9
#define TF_FOR_SMS	10
#define TF_FOR_Q	11
#define TF_FOR_OPTS	12
enum {
	TA_POS = 2, TA_LANG, TA_CLANG, TA_NQ, TA_RESULT, TA_REMOVE, TA_WRITTEN,
	TA_STATE
};

/*
 * A course-language text, read-only: the SMS, and the question with its
 * options (joined by chr(31)) when it has one; dir="auto": an English
 * lesson reads left to right on an Urdu-script page.
 */
static void
ct_text_lesson(struct infra_buf *b, const char *sms, const char *q,
    const char *opts)
{
	char	*copy, *item, *save;

	S(b, "<p dir=\"auto\">");
	T(b, sms);
	S(b, "</p>");
	if (q[0] == '\0')
		return;
	S(b, "<p dir=\"auto\">");
	T(b, q);
	S(b, "</p><ol type=\"A\" dir=\"auto\">");
	copy = kore_strdup(opts);
	for (item = strtok_r(copy, "\x1f", &save); item != NULL;
	    item = strtok_r(NULL, "\x1f", &save)) {
		S(b, "<li>");
		T(b, item);
		S(b, "</li>");
	}
	kore_free(copy);
	S(b, "</ol>");
}

/*
 * The course-language text above the form; a text written for an
 * earlier one says so (still sent, or held back until saved again:
 * course_text_state()) and shows what it was written for.
 */
static void
ct_text_reference(struct infra_buf *b, struct cw *c)
{
	const char	*st = c->a[TA_STATE];

	if (strcmp(st, "stale") == 0 || strcmp(st, "held") == 0) {
		S(b, "<p class=\"alert\" role=\"status\" id=\"text-state\">");
		T(b, course_ui(strcmp(st, "held") == 0 ? CS_HELD_NOTE :
		    CS_STALE_NOTE, c->u.lang));
		S(b, "</p>");
	}
	S(b, "<section class=\"card\" id=\"course-text\"><h2>");
	T(b, course_ui(CS_COURSE_TEXT, c->u.lang));
	S(b, "</h2>");
	ct_text_lesson(b, c->t[TF_REF_SMS], c->t[TF_REF_Q],
	    c->t[TF_REF_OPTS]);
	if (strcmp(st, "stale") == 0 || strcmp(st, "held") == 0) {
		S(b, "<details id=\"written-for\"><summary>");
		T(b, course_ui(CS_WRITTEN_FOR, c->u.lang));
		S(b, "</summary>");
		ct_text_lesson(b, c->t[TF_FOR_SMS], c->t[TF_FOR_Q],
		    c->t[TF_FOR_OPTS]);
		S(b, "</details>");
	}
	S(b, "</section>");
}

static int
ct_text_form(struct http_request *req, struct cw *c, int status)
{
	struct infra_buf	 b;
	char			 action[160], line[256], name[16];
	int			 i, nq;

	if (c->u.api)
		return (ct_form_json(req, c, status));
	(void)snprintf(line, sizeof(line), "%s · %s %d · %s", c->code,
	    course_ui(CS_LESSON, c->u.lang), c->pos,
	    course_lang_name(infra_lang_of_code(c->a[TA_LANG])));
	page_page_begin(&b, req, &c->u, line, NULL);
	cw_errors_html(&b, c);
	S(&b, "<p class=\"meta\">");
	T(&b, c->t[TF_TITLE]);
	S(&b, "</p>");
	ct_text_reference(&b, c);
	(void)snprintf(action, sizeof(action),
	    "/trainer/courses/%s/lessons/%d/text/%s", c->code, c->pos,
	    c->a[TA_LANG]);
	page_form_open(&b, &c->u, action);
	ct_sms_meter(line, sizeof(line), c, c->pos, c->nlessons,
	    c->t[LF_SMS]);
	ct_field(&b, c, PAGE_FIELD_TEXTAREA, "body_sms", CS_BODY_SMS,
	    c->t[LF_SMS], line, 320);
	nq = atoi(c->a[TA_NQ]);
	if (nq > 0) {
		/* Not "optional" here: the lesson has a question. */
		ct_field(&b, c, PAGE_FIELD_TEXT, "question", CS_QUIZ,
		    c->t[LF_QUESTION], NULL, 300);
		S(&b, "<p class=\"hint\" id=\"same-order\">");
		T(&b, course_ui(CS_SAME_ORDER, c->u.lang));
		S(&b, "</p>");
	}
	for (i = 0; i < nq && i < COURSE_OPTIONS_MAX; i++) {
		(void)snprintf(name, sizeof(name), "option%d", i + 1);
		ct_field(&b, c, PAGE_FIELD_TEXT, name, CS_OPTION,
		    c->t[LF_OPT1 + i], ct_opt_hint[i], 100);
	}
	page_form_submit(&b, course_ui(CS_SAVE, c->u.lang));
	if (strcmp(c->a[TA_WRITTEN], "t") == 0) {
		S(&b, " <span class=\"danger\"><button type=\"submit\" "
		    "name=\"remove\" value=\"1\" formnovalidate>");
		T(&b, course_ui(CS_REMOVE, c->u.lang));
		S(&b, "</button></span>");
	}
	S(&b, "</form>");
	(void)snprintf(action, sizeof(action), "/lessons/%d", c->pos);
	S(&b, "<p><a href=\"/trainer/courses/");
	page_html_attr(&b, c->code);
	page_html_attr(&b, action);
	S(&b, "\">");
	T(&b, course_ui(CS_LESSON, c->u.lang));
	(void)snprintf(line, sizeof(line), " %d", c->pos);
	T(&b, line);
	S(&b, "</a></p>");
	return (page_page_end(req, &c->u, &b, status));
}

/*
 * Reads and checks a text: the SMS as the lesson editor counts it, the
 * question when the lesson has one, and exactly as many options as its
 * question, in the text's own quiz frame.  "remove", or nothing written
 * at all, removes the language.
 */
static void
ct_text_read(struct cw *c)
{
	const char	*opts[COURSE_OPTIONS_MAX];
	enum hlang	 l = c->u.lang;
	char		 msg[200], count[8];
	const char	*v[1] = { count };
	int		 nq, nopts;

	if (page_input_copy(&c->in, "remove", c->a[TA_REMOVE],
	    sizeof(c->a[TA_REMOVE])) > 0)
		return;
	nopts = ct_quiz_read(c, opts);
	(void)page_input_copy(&c->in, "body_sms", c->t[LF_SMS], CW_TEXT_MAX);
	if (c->nerr == 0 && nopts == 0 && c->t[LF_SMS][0] == '\0' &&
	    c->t[LF_QUESTION][0] == '\0') {
		(void)kore_strlcpy(c->a[TA_REMOVE], "1",
		    sizeof(c->a[TA_REMOVE]));
		return;
	}
	ct_sms_read(c, c->pos, c->nlessons);
	nq = atoi(c->a[TA_NQ]);
	if (nq == 0) {
		if (c->t[LF_QUESTION][0] != '\0' || nopts > 0)
			cw_err(c, "question", course_ui(CS_NO_QUIZ, l));
		return;
	}
	if (c->t[LF_QUESTION][0] == '\0')
		cw_err(c, "question", page_str(PS_ERR_REQUIRED, l));
	if (nopts != nq) {
		(void)snprintf(count, sizeof(count), "%d", nq);
		(void)infra_text_fill(course_ui(CS_OPTION_COUNT, l), v, 1, msg,
		    sizeof(msg));
		cw_err(c, "option1", msg);
	}
	ct_quiz_fits(c, c->pos, opts, nopts,
	    infra_lang_of_code(c->a[TA_LANG]));
}

/* GET under /api/v1: the text as stored, the course's beside it. */
static int
ct_text_json(struct http_request *req, struct cw *c)
{
	struct infra_db	*db = &c->db;
	struct kore_buf	 jb;

	kore_buf_init(&jb, 512);
	kore_buf_appendf(&jb, "{\"code\":\"%s\",\"position\":%d,"
	    "\"lang\":\"%s\",\"written\":%s", c->code, c->pos,
	    c->a[TA_LANG], strcmp(c->a[TA_WRITTEN], "t") == 0 ? "true" :
	    "false");
	page_json_field_null(&jb, "state", c->a[TA_STATE]);
	page_json_field_null(&jb, "body_sms", infra_db_get(db, 0, 7));
	page_json_field_null(&jb, "question", infra_db_get(db, 0, 8));
	page_json_list(&jb, "options", infra_db_get(db, 0, 15), "\x1f");
	kore_buf_appendf(&jb, ",\"course\":{");
	cw_json_kv(&jb, "lang", c->a[TA_CLANG], 1);
	cw_json_kv(&jb, "body_sms", c->t[TF_REF_SMS], 0);
	page_json_field_null(&jb, "question", c->t[TF_REF_Q]);
	page_json_list(&jb, "options", c->t[TF_REF_OPTS], "\x1f");
	kore_buf_appendf(&jb, "}}\n");
	infra_db_next(db);
	return (page_json_send(req, 200, &jb));
}

/* Step 0: the lesson, its quiz and this language's text; the form. */
static int
ct_text_stored(struct http_request *req, struct cw *c, int get)
{
	struct infra_db	*db = &c->db;
	int		 i, r;

	if ((r = infra_db_run(req, db, SQL_TEXT_GET, 5, c->p)) != INFRA_DB_OK)
		return (cw_db_fail(req, c, r));
	if (infra_db_rows(db) != 1)
		return (cw_refuse(req, c, 404));
	if (strcmp(infra_db_get(db, 0, 0), "t") != 0)
		return (cw_refuse(req, c, 403));
	/* The course's own language is the lesson editor's. */
	if (strcmp(infra_db_get(db, 0, 1), c->a[TA_LANG]) == 0)
		return (cw_refuse(req, c, 404));
	(void)kore_strlcpy(c->a[TA_CLANG], infra_db_get(db, 0, 1),
	    sizeof(c->a[0]));
	c->nlessons = atoi(infra_db_get(db, 0, 2));
	(void)kore_strlcpy(c->t[TF_REF_SMS], infra_db_get(db, 0, 3),
	    CW_TEXT_MAX);
	(void)kore_strlcpy(c->t[TF_REF_Q], infra_db_get(db, 0, 4),
	    CW_TEXT_MAX);
	(void)kore_strlcpy(c->t[TF_REF_OPTS], infra_db_get(db, 0, 5),
	    CW_TEXT_MAX);
	(void)kore_strlcpy(c->a[TA_NQ], infra_db_get(db, 0, 6),
	    sizeof(c->a[0]));
	(void)kore_strlcpy(c->t[TF_TITLE], infra_db_get(db, 0, 13),
	    CW_TEXT_MAX);
	(void)kore_strlcpy(c->a[TA_WRITTEN], infra_db_get(db, 0, 14),
	    sizeof(c->a[0]));
	(void)kore_strlcpy(c->a[TA_STATE], infra_db_get(db, 0, 16),
	    sizeof(c->a[0]));
	for (i = 0; i < 3; i++)
		(void)kore_strlcpy(c->t[TF_FOR_SMS + i],
		    infra_db_get(db, 0, 17 + i), CW_TEXT_MAX);
	if (get && c->u.api)
		return (ct_text_json(req, c));
	if (get) {
		(void)kore_strlcpy(c->t[LF_SMS], infra_db_get(db, 0, 7),
		    CW_TEXT_MAX);
		for (i = 0; i < 1 + COURSE_OPTIONS_MAX; i++)
			(void)kore_strlcpy(c->t[LF_QUESTION + i],
			    infra_db_get(db, 0, 8 + i), CW_TEXT_MAX);
		infra_db_next(db);
		return (ct_text_form(req, c, 200));
	}
	infra_db_next(db);
	ct_text_read(c);
	if (c->nerr > 0)
		return (ct_text_form(req, c, 422));
	return (CT_GO_ON);
}

/*
 * GET/POST /trainer/courses/<code>/lessons/<n>/text/(en|ru|ur);
 * PUT /api/v1/courses/<code>/lessons/<n>/text/(en|ru|ur).
 */
int
course_lesson_text(struct http_request *req)
{
	struct infra_db	*db;
	struct cw	*c;
	struct kore_buf	 jb;
	char		 loc[96];
	int		 i, r, remove;

	if ((c = ct_start(req, ct_text_names)) == NULL)
		return (KORE_RESULT_OK);
	db = &c->db;
	if (c->p[0] == NULL) {
		if (cw_path(req->path, c) == -1 || c->pos < 1 ||
		    strncmp(c->verb, "text/", 5) != 0 ||
		    page_valid_choice(c->verb + 5, ct_lang_codes) != PS_NONE)
			return (page_error(req, &c->u, 404, "not_found",
			    PS_NOT_FOUND));
		ct_owner_args(c, 0, 1);
		(void)snprintf(c->a[TA_POS], sizeof(c->a[0]), "%d", c->pos);
		(void)kore_strlcpy(c->a[TA_LANG], c->verb + 5,
		    sizeof(c->a[0]));
		c->p[3] = c->a[TA_POS];
		c->p[4] = c->a[TA_LANG];
	}
	if (db->step == 0) {
		if ((r = ct_text_stored(req, c,
		    req->method == HTTP_METHOD_GET)) != CT_GO_ON)
			return (r);
		remove = c->a[TA_REMOVE][0] != '\0';
		c->p[0] = c->a[0];
		c->p[1] = c->code;
		c->p[2] = c->a[TA_POS];
		c->p[3] = c->a[TA_LANG];
		c->p[4] = remove ? "" : c->t[LF_SMS];
		c->p[5] = remove ? "" : c->t[LF_QUESTION];
		for (i = 0; i < COURSE_OPTIONS_MAX; i++)
			c->p[6 + i] = remove ? "" : c->t[LF_OPT1 + i];
	}
	if ((r = infra_db_run(req, db, SQL_TEXT_SAVE, 10, c->p)) !=
	    INFRA_DB_OK)
		return (cw_db_fail(req, c, r));
	(void)kore_strlcpy(c->a[TA_RESULT], infra_db_get(db, 0, 0),
	    sizeof(c->a[0]));
	infra_db_next(db);
	if (strcmp(c->a[TA_RESULT], "forbidden") == 0)
		return (page_error(req, &c->u, 403, "forbidden", PS_FORBIDDEN));
	if (strcmp(c->a[TA_RESULT], "bad_quiz") == 0) {
		/* The quiz changed since the page was read. */
		cw_err(c, "option1", course_ui(CS_SAME_ORDER, c->u.lang));
		return (ct_text_form(req, c, 422));
	}
	if (strcmp(c->a[TA_RESULT], "ok") != 0)
		return (page_error(req, &c->u, 404, "not_found",
		    PS_NOT_FOUND));
	if (c->u.api) {
		kore_buf_init(&jb, 128);
		kore_buf_appendf(&jb, "{\"code\":\"%s\",\"position\":%d,"
		    "\"lang\":\"%s\",\"written\":%s}\n", c->code, c->pos,
		    c->a[TA_LANG], c->a[TA_REMOVE][0] ? "false" : "true");
		return (page_json_send(req, 200, &jb));
	}
	(void)snprintf(loc, sizeof(loc), "/trainer/courses/%s/lessons/%d"
	    "?m=saved", c->code, c->pos);
	return (page_redirect(req, &c->u, loc));
}

/* ---- learners, by district and gender ---- */

/*
 * The learners page's two tables, each the eight columns of the rows of
 * one kind in SQL_LEARNERS.  A column is named in words, or by a sign
 * written as it is.
 */
struct ct_table {
	const char		*kind;
	enum course_ui_str	 title;
	const char		*id;
	enum course_ui_str	 cols[8];
	int			 status_col;	/* shown in words, or 0 */
	int			 gender_col;	/* shown in words, or 0 */
	int			 pct_col;	/* a percentage, or 0 */
	int			 channel_col;	/* sms, ussd, web in words, or 0 */
};

/* An enrolment's status as its trainer counts it (not the learner's
 * "You are enrolled."). */
static enum course_ui_str
ct_status_word(const char *st)
{
	if (strcmp(st, "waitlisted") == 0)
		return (CS_WAITING);
	if (strcmp(st, "completed") == 0)
		return (CS_DONE_COUNT);
	return (CS_ACTIVE);
}

/* users.gender ('f', 'm', 'x' not said) in words; "" when unknown. */
static const char *
ct_gender_word(const char *g, enum hlang lang)
{
	if (strcmp(g, "f") == 0)
		return (course_ui(CS_WOMAN, lang));
	if (strcmp(g, "m") == 0)
		return (course_ui(CS_MAN, lang));
	return ("");
}

/* users.channel: SMS and USSD are their own names; the web in words. */
static const char *
ct_channel_word(const char *ch, enum hlang lang)
{
	if (strcmp(ch, "sms") == 0)
		return ("SMS");
	if (strcmp(ch, "ussd") == 0)
		return ("USSD");
	if (strcmp(ch, "web") == 0)
		return (course_ui(CS_WEB, lang));
	return (ch);
}

static const struct ct_table ct_breakdown = {
	"b", CS_BREAKDOWN, "breakdown",
	{ CS_DISTRICT, CS_GENDER, CS_LEARNERS, CS_ACTIVE, CS_WAITING,
	    CS_DONE_COUNT, CS_AVG_LESSONS, CS_COMPLETION },
	0, 2, 8, 0
};

static const struct ct_table ct_learners = {
	"l", CS_LEARNERS, "learners",
	{ CS_LEARNER, CS_DISTRICT, CS_GENDER, CS_STATUS, CS_LESSONS,
	    CS_SCORE, CS_CHANNEL, CS_CERTIFICATE },
	4, 3, 0, 7
};

static void
ct_table(struct infra_buf *b, struct cw *c, const struct ct_table *t)
{
	struct infra_db	*db = &c->db;
	const char	*v;
	int		 i, k, rows;

	page_html_table(b, course_ui(t->title, c->u.lang), t->id);
	S(b, "<thead><tr>");
	for (k = 0; k < 8; k++) {
		S(b, "<th>");
		T(b, course_ui(t->cols[k], c->u.lang));
		S(b, "</th>");
	}
	S(b, "</tr></thead><tbody>");
	rows = infra_db_rows(db);
	for (i = 1; i < rows; i++) {
		if (strcmp(infra_db_get(db, i, 0), t->kind) != 0)
			continue;
		S(b, "<tr>");
		for (k = 1; k <= 8; k++) {
			v = infra_db_get(db, i, k);
			S(b, "<td>");
			if (k == t->status_col)
				v = course_ui(ct_status_word(v), c->u.lang);
			else if (k == t->gender_col)
				v = ct_gender_word(v, c->u.lang);
			else if (k == t->channel_col)
				v = ct_channel_word(v, c->u.lang);
			T(b, v[0] != '\0' && strcmp(v, "-") != 0 ? v : "—");
			if (k == t->pct_col)
				S(b, "%");
			S(b, "</td>");
		}
		S(b, "</tr>");
	}
	S(b, "</tbody></table></div>");
}

/*
 * The learners page under its title: the two tables, or (none yet) how
 * learners come, and the way back to the course.
 */
static void
ct_learners_body(struct infra_buf *b, struct cw *c, int rows)
{
	char		 msg[400];
	const char	*v[2];

	if (rows > 1) {
		ct_table(b, c, &ct_breakdown);
		ct_table(b, c, &ct_learners);
	} else {
		v[0] = c->code;
		v[1] = infra_conf.shortcode;
		(void)infra_text_fill(course_ui(CS_NO_LEARNERS, c->u.lang), v, 2,
		    msg, sizeof(msg));
		S(b, "<p id=\"no-learners\">");
		T(b, msg);
		S(b, "</p>");
	}
	cw_link_p(b, "/trainer/courses/", c->code,
	    course_ui(CS_EDIT_COURSE, c->u.lang));
}

int
course_learners(struct http_request *req)
{
	struct infra_buf	 b;
	struct kore_buf		 jb;
	struct infra_db		*db;
	struct cw		*c;
	int			 i, r, rows, first;

	if ((c = ct_start(req, ct_none)) == NULL)
		return (KORE_RESULT_OK);
	db = &c->db;
	if (c->p[0] == NULL) {
		if (cw_path(req->path, c) == -1 ||
		    strcmp(c->verb, "learners") != 0)
			return (page_error(req, &c->u, 404, "not_found",
			    PS_NOT_FOUND));
		ct_owner_args(c, 0, 1);
	}
	if ((r = infra_db_run(req, db, SQL_LEARNERS, 3, c->p)) != INFRA_DB_OK)
		return (cw_db_fail(req, c, r));
	rows = infra_db_rows(db);
	if (rows == 0 || strcmp(infra_db_get(db, 0, 0), "o") != 0)
		return (cw_refuse(req, c, 404));
	if (strcmp(infra_db_get(db, 0, 1), "true") != 0)
		return (cw_refuse(req, c, 403));
	if (c->u.api) {
		kore_buf_init(&jb, 1024);
		kore_buf_appendf(&jb, "{\"code\":\"%s\",\"breakdown\":[",
		    c->code);
		first = 1;
		for (i = 1; i < rows; i++) {
			if (strcmp(infra_db_get(db, i, 0), "b") != 0)
				continue;
			kore_buf_appendf(&jb, "%s{", first ? "" : ",");
			first = 0;
			kore_buf_appendf(&jb, "\"enrolled\":%s,\"active\":%s,"
			    "\"waitlisted\":%s,\"completed\":%s",
			    infra_db_get(db, i, 3), infra_db_get(db, i, 4),
			    infra_db_get(db, i, 5), infra_db_get(db, i, 6));
			page_json_num(&jb, "avg_lessons",
			    infra_db_get(db, i, 7));
			page_json_num(&jb, "completion_pct",
			    infra_db_get(db, i, 8));
			page_json_field_null(&jb, "district",
			    infra_db_get(db, i, 1));
			page_json_field_null(&jb, "gender",
			    infra_db_get(db, i, 2));
			kore_buf_append(&jb, "}", 1);
		}
		kore_buf_appendf(&jb, "],\"learners\":[");
		first = 1;
		for (i = 1; i < rows; i++) {
			if (strcmp(infra_db_get(db, i, 0), "l") != 0)
				continue;
			kore_buf_appendf(&jb, "%s{", first ? "" : ",");
			first = 0;
			cw_json_kv(&jb, "name", infra_db_get(db, i, 1), 1);
			page_json_field_null(&jb, "district",
			    infra_db_get(db, i, 2));
			page_json_field_null(&jb, "gender",
			    infra_db_get(db, i, 3));
			cw_json_kv(&jb, "status", infra_db_get(db, i, 4), 0);
			page_json_num(&jb, "lessons", infra_db_get(db, i, 5));
			page_json_num(&jb, "score", infra_db_get(db, i, 6));
			cw_json_kv(&jb, "channel", infra_db_get(db, i, 7), 0);
			page_json_field_null(&jb, "certificate",
			    infra_db_get(db, i, 8));
			kore_buf_append(&jb, "}", 1);
		}
		kore_buf_appendf(&jb, "]}\n");
		infra_db_next(db);
		return (page_json_send(req, 200, &jb));
	}
	(void)snprintf(c->flash, sizeof(c->flash), "%s %s · %s",
	    c->code, infra_db_get(db, 0, 2), course_ui(CS_LEARNERS, c->u.lang));
	page_page_begin(&b, req, &c->u, c->flash, NULL);
	ct_learners_body(&b, c, rows);
	infra_db_next(db);
	return (page_page_end(req, &c->u, &b, 200));
}
