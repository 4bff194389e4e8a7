/*
 * The employer's workspace: their gigs, the applicants of each with
 * shortlist / reject / hire, the matching module's suggestions (through
 * web_hook_suggested), and reviews once the work is done -- by either
 * side.  Pages and /api/v1 alike.
 */
#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>

#include <stdio.h>
#include <string.h>

#include "matching/matching_kore.h"
#include "web/web.h"
#include "web/web_glue.h"

static const char SQL_WORKSPACE[] =
    "SELECT g.code, g.title, g.status, g.created_at::date, count(a.id), "
    "count(a.id) FILTER (WHERE a.status = 'applied'), "
    "count(a.id) FILTER (WHERE a.status = 'shortlisted'), "
    "count(a.id) FILTER (WHERE a.status IN ('hired', 'done')) "
    "FROM gigs g LEFT JOIN applications a ON a.gig_id = g.id "
    "WHERE g.employer_id = $1 GROUP BY g.id "
    "ORDER BY g.created_at DESC, g.id DESC LIMIT 100";

static const char SQL_GIG_OWNER[] =
    "SELECT id, employer_id, title, status FROM gigs WHERE code = $1";

static const char SQL_APPLICANTS[] =
    "SELECT a.id, u.id, u.name, a.status, a.proposal, a.created_at::date, "
    "coalesce(sms_user_phone(u.id), ''), u.phone_public, "
    "coalesce(d.name_en, ''), "
    "coalesce(d.name_ur, ''), coalesce((SELECT round(avg(r.rating), 1)::text "
    "FROM reviews r WHERE r.subject_id = u.id), ''), "
    "profile_skills_named(u.id, $3), "
    "EXISTS (SELECT 1 FROM reviews r WHERE r.gig_id = a.gig_id AND "
    "r.author_id = $2 AND r.subject_id = u.id), a.channel, "
    "(match_offer_state(a.gig_id, a.user_id)).sms, "
    "coalesce(to_char(a.answered_at AT TIME ZONE 'Asia/Karachi', "
    "'YYYY-MM-DD HH24:MI'), '') "
    "FROM applications a JOIN users u ON u.id = a.user_id "
    "LEFT JOIN districts d ON d.id = u.district_id "
    "WHERE a.gig_id = $1 ORDER BY (a.status IN ('hired', 'done')) DESC, "
    "(a.status = 'shortlisted') DESC, a.created_at, a.id LIMIT 200";

static const char SQL_DECIDE[] =
    "SELECT application_decide($1, $2, $3), coalesce((SELECT g.code FROM "
    "applications a JOIN gigs g ON g.id = a.gig_id WHERE a.id = $2), '')";

/*
 * The applicant hears of a hire or a rejection by SMS, in their language,
 * once per decision, through the outbox's door (sms_enqueue).
 */
static const char SQL_DECIDE_SMS[] =
    "SELECT sms_enqueue(NULL, CASE u.lang WHEN 'ur' THEN $4 WHEN 'ru' "
    "THEN $3 ELSE $2 END, 'notice', false, 'web-decide:' || a.id || ':' "
    "|| $5, u.id) FROM applications a JOIN users u ON u.id = a.user_id "
    "WHERE a.id = $1";

static const char SQL_REVIEW[] =
    "SELECT review_add($1, $2, $3, $4, $5)";

/* GET /workspace, GET /api/v1/workspace/gigs */
int
web_workspace(struct http_request *req)
{
	struct wctx		*c;
	struct infra_buf	*b;
	struct kore_buf		 j;
	int			 r, i, n;

	c = web_wctx(req);
	if (!c->started && !web_wctx_self(req, c, PAGE_ROLE_EMPLOYER |
	    PAGE_ROLE_ADMIN))
		return (KORE_RESULT_OK);
	if ((r = infra_db_run(req, &c->db, SQL_WORKSPACE, 1, c->argv)) !=
	    INFRA_DB_OK)
		return (page_db_wait(req, &c->u, r));
	n = infra_db_rows(&c->db);
	if (c->u.api) {
		kore_buf_init(&j, 512);
		kore_buf_appendf(&j, "{\"gigs\":[");
		for (i = 0; i < n; i++) {
			kore_buf_appendf(&j, "%s{\"code\":", i ? "," : "");
			infra_json_str(&j, infra_db_get(&c->db, i, 0));
			page_json_field(&j, "title",
			    infra_db_get(&c->db, i, 1));
			page_json_field(&j, "status",
			    infra_db_get(&c->db, i, 2));
			page_json_field(&j, "posted",
			    infra_db_get(&c->db, i, 3));
			kore_buf_appendf(&j, ",\"applications\":%s,"
			    "\"applied\":%s,\"shortlisted\":%s,\"hired\":%s}",
			    infra_db_get(&c->db, i, 4),
			    infra_db_get(&c->db, i, 5),
			    infra_db_get(&c->db, i, 6),
			    infra_db_get(&c->db, i, 7));
		}
		kore_buf_appendf(&j, "]}\n");
		return (page_json_send(req, 200, &j));
	}
	b = &c->out;
	page_page_begin(b, req, &c->u, web_str(WS_WORKSPACE_TITLE, c->u.lang),
	    NULL);
	page_html_s(b, "<p><a href=\"/gigs/new\">");
	web_html_str(b, WS_POST_GIG, c->u.lang);
	page_html_s(b, "</a></p>");
	for (i = 0; i < n; i++) {
		page_html_card(b, "/workspace/gigs/",
		    infra_db_get(&c->db, i, 0), infra_db_get(&c->db, i, 1));
		page_html_s(b, "<p class=\"meta\">");
		page_html_text(b, infra_db_get(&c->db, i, 0));
		page_html_s(b, " &middot; ");
		page_html_text(b, web_status_label(infra_db_get(&c->db, i, 2),
		    c->u.lang));
		page_html_s(b, " &middot; ");
		web_html_str(b, WS_APPLICANTS, c->u.lang);
		(void)infra_buf_fmt(b, ": %s (%s %s%s%s %s)</p></article>",
		    infra_db_get(&c->db, i, 4), infra_db_get(&c->db, i, 6),
		    web_str(WS_ST_SHORTLISTED, c->u.lang),
		    infra_comma(c->u.lang),
		    infra_db_get(&c->db, i, 7),
		    web_str(WS_ST_HIRED, c->u.lang));
	}
	return (web_wctx_end(req, c, 200));
}

static void
work_button(struct infra_buf *b, struct wctx *c, const char *app,
    const char *action, enum web_str label)
{
	char	path[64];

	(void)snprintf(path, sizeof(path), "/applications/%s/%s", app, action);
	/* Reject does not look like hire: outlined in red. */
	if (strcmp(action, "reject") == 0)
		page_html_s(b, "<span class=\"danger\">");
	page_form_button(b, &c->u, path, web_str(label, c->u.lang));
	page_html_s(b, strcmp(action, "reject") == 0 ? "</span> " : " ");
}

/* The status a page action asks for, or NULL. */
static const char *
work_action_status(const char *action)
{
	if (strcmp(action, "shortlist") == 0)
		return ("shortlisted");
	if (strcmp(action, "reject") == 0)
		return ("rejected");
	if (strcmp(action, "hire") == 0)
		return ("hired");
	return (NULL);
}

/*
 * Hire and reject change someone's day (an SMS goes out): the page asks
 * once more, a form that repeats the POST with confirm=1.  No script.
 */
static int
work_confirm(struct http_request *req, struct wctx *c, const char *id,
    const char *action)
{
	char	path[64], v[8];
	int	hire;

	if (page_field(req, "confirm", v, sizeof(v)) > 0 &&
	    strcmp(v, "1") == 0)
		return (0);
	hire = strcmp(action, "hire") == 0;
	page_page_begin(&c->out, req, &c->u, web_str(hire ? WS_CONFIRM_HIRE :
	    WS_CONFIRM_REJECT, c->u.lang), NULL);
	page_html_s(&c->out, "<p>");
	web_html_str(&c->out, WS_CONFIRM_SMS, c->u.lang);
	page_html_s(&c->out, "</p>");
	(void)snprintf(path, sizeof(path), "/applications/%s/%s", id, action);
	page_form_open(&c->out, &c->u, path);
	page_html_s(&c->out, "<input type=\"hidden\" name=\"confirm\" "
	    "value=\"1\">");
	page_html_s(&c->out, hire ? "" : "<span class=\"danger\">");
	page_form_submit(&c->out, web_str(hire ? WS_BTN_HIRE : WS_BTN_REJECT,
	    c->u.lang));
	page_html_s(&c->out, hire ? "</form>" : "</span></form>");
	page_html_s(&c->out, "<p><a href=\"/workspace\">");
	web_html_str(&c->out, WS_CANCEL, c->u.lang);
	page_html_s(&c->out, "</a></p>");
	(void)web_wctx_end(req, c, 200);
	return (1);
}

/*
 * The rating and review fields; ids carry the gig and the subject so
 * that several forms on one page keep their labels apart.
 */
void
web_review_fields(struct infra_buf *b, struct wctx *c, const char *subject,
    const char *code)
{
	char	id[64];
	int	i;

	(void)snprintf(id, sizeof(id), "r-%s-%s", code, subject);
	page_html_s(b, "<input type=\"hidden\" name=\"subject_id\" value=\"");
	page_html_attr(b, subject);
	page_html_s(b, "\"><label for=\"");
	page_html_attr(b, id);
	page_html_s(b, "-rating\">");
	web_html_str(b, WS_F_RATING, c->u.lang);
	page_html_s(b, "</label><select name=\"rating\" id=\"");
	page_html_attr(b, id);
	page_html_s(b, "-rating\">");
	for (i = 5; i >= 1; i--)
		(void)infra_buf_fmt(b, "<option value=\"%d\">%d</option>",
		    i, i);
	page_html_s(b, "</select><label for=\"");
	page_html_attr(b, id);
	page_html_s(b, "-body\">");
	web_html_str(b, WS_F_REVIEW, c->u.lang);
	page_html_s(b, "</label><textarea name=\"body\" rows=\"3\" "
	    "maxlength=\"2000\" id=\"");
	page_html_attr(b, id);
	page_html_s(b, "-body\"></textarea>");
	page_form_submit(b, web_str(WS_BTN_REVIEW, c->u.lang));
}

/* An offer's SMS (delivered or not, from the DLR) and its answer. */
static void
work_offer_state(struct infra_buf *b, struct wctx *c, int i)
{
	struct infra_db	*d = &c->db;

	if (infra_db_get(d, i, 14)[0] != '\0')
		web_html_meta(b, WS_OFFER_SMS, c->u.lang, ": ",
		    web_status_label(infra_db_get(d, i, 14), c->u.lang));
	if (infra_db_get(d, i, 15)[0] != '\0')
		web_html_meta(b, WS_ANSWERED, c->u.lang, " ",
		    infra_db_get(d, i, 15));
}

/* Whether the applicant said yes: an accepted offer, hired, done. */
static int
work_engaged(const char *st)
{
	return (strcmp(st, "accepted") == 0 || strcmp(st, "hired") == 0 ||
	    strcmp(st, "done") == 0);
}

/* Whether the applicant's number may show: consent, or an accepted offer. */
static int
work_reveal(struct infra_db *d, int i)
{
	return (infra_db_get(d, i, 7)[0] == 't' ||
	    work_engaged(infra_db_get(d, i, 3)));
}

/*
 * Once the offer is accepted (or the person hired) the employer's next
 * step is to call: the number on the row, a tel: link, where it had been
 * folded away under "Proposal and skills".
 */
static void
work_call(struct infra_buf *b, struct infra_db *d, int i, const char *st)
{
	char	phone[32];

	if (!work_engaged(st) || infra_db_get(d, i, 6)[0] == '\0')
		return;
	page_phone_local(infra_db_get(d, i, 6), phone, sizeof(phone));
	page_html_s(b, "<a class=\"phone\" dir=\"ltr\" href=\"tel:+");
	page_html_attr(b, infra_db_get(d, i, 6));
	page_html_s(b, "\">");
	page_html_text(b, phone);
	page_html_s(b, "</a><br>");
}

/* The buttons an applicant's stage allows (hire and reject ask again). */
static void
work_actions(struct infra_buf *b, struct wctx *c, const char *app,
    const char *st, int gig_done)
{
	if (gig_done)
		return;
	if (strcmp(st, "applied") == 0)
		work_button(b, c, app, "shortlist", WS_BTN_SHORTLIST);
	if (strcmp(st, "applied") == 0 || strcmp(st, "shortlisted") == 0 ||
	    strcmp(st, "offered") == 0 || strcmp(st, "accepted") == 0)
		work_button(b, c, app, "hire", WS_BTN_HIRE);
	if (strcmp(st, "rejected") != 0 && strcmp(st, "done") != 0)
		work_button(b, c, app, "reject", WS_BTN_REJECT);
}

/* What is folded under a row: the proposal, skills, rating, offer SMS. */
static void
work_applicant_more(struct infra_buf *b, struct wctx *c, int i)
{
	struct infra_db	*d = &c->db;
	char		 phone[32];

	page_html_s(b, "<details><summary>");
	web_html_str(b, WS_APP_MORE, c->u.lang);
	/* SMS and USSD applications may come without a proposal. */
	if (infra_db_get(d, i, 4)[0] != '\0') {
		page_html_s(b, "</summary><p dir=\"auto\">");
		page_html_text(b, infra_db_get(d, i, 4));
	} else {
		page_html_s(b, "</summary><p class=\"meta\">");
		web_html_str(b, WS_APP_NO_PROPOSAL, c->u.lang);
	}
	page_html_s(b, "</p><p class=\"meta\">");
	web_html_str(b, WS_SKILLS, c->u.lang);
	page_html_s(b, ": ");
	if (infra_db_get(d, i, 11)[0] != '\0')
		web_skills_inline(b, infra_db_get(d, i, 11), c->u.lang);
	else
		web_html_str(b, WS_APP_NO_SKILLS, c->u.lang);
	page_html_s(b, "</p><p class=\"meta\"><span class=\"phone\" "
	    "dir=\"ltr\">");
	/* The number shows only with the applicant's consent or once hired. */
	if (work_reveal(d, i))
		page_phone_local(infra_db_get(d, i, 6), phone, sizeof(phone));
	else
		page_phone_mask(infra_db_get(d, i, 6), phone, sizeof(phone));
	page_html_text(b, phone);
	page_html_s(b, "</span>");
	if (infra_db_get(d, i, 10)[0] != '\0')
		web_html_meta(b, WS_RATING, c->u.lang, " ",
		    infra_db_get(d, i, 10));
	work_offer_state(b, c, i);
	page_html_s(b, "</p></details>");
}

/* The review form under a finished gig's row, once per person. */
static void
work_review_row(struct infra_buf *b, struct wctx *c, int i)
{
	char	path[64];

	(void)snprintf(path, sizeof(path), "/gigs/%s/reviews", c->code);
	page_html_s(b, "<h3>");
	web_html_str(b, WS_REVIEW_TITLE, c->u.lang);
	page_html_s(b, "</h3>");
	page_form_open(b, &c->u, path);
	web_review_fields(b, c, infra_db_get(&c->db, i, 1), c->code);
	page_html_s(b, "</form>");
}

/* Applicant i's match score for the gig, or -1 (none, or not asked). */
static double
work_score(struct wctx *c, int i)
{
	if (c->scores == NULL || i >= c->scores->n)
		return (-1);
	return (c->scores->score[i]);
}

/* The score cell: the matcher's 0..100, as the ranked candidates show. */
static void
work_score_cell(struct infra_buf *b, struct wctx *c, int i)
{
	double	s;

	s = work_score(c, i);
	if (s < 0) {
		page_html_s(b, "<td class=\"num\"><abbr title=\"");
		page_html_attr(b, web_str(WS_NO_SCORE, c->u.lang));
		page_html_s(b, "\">&ndash;</abbr></td>");
		return;
	}
	(void)infra_buf_fmt(b, "<td class=\"num\">%.0f</td>", s);
}

/*
 * The applicants' scores asked of the matcher (matching_kore.h) once
 * their rows are in; 0 while it answers (the request sleeps).  A
 * matcher that is down leaves every score out, never the page.
 */
static int
work_scores(struct http_request *req, struct wctx *c)
{
	int	i, n;

	if (c->scores == NULL) {
		c->scores = kore_calloc(1, sizeof(*c->scores));
		n = infra_db_rows(&c->db);
		c->scores->n = n < MATCH_SCORES_MAX ? n : MATCH_SCORES_MAX;
		c->scores->gig = (uint64_t)c->id;
		for (i = 0; i < c->scores->n; i++)
			c->scores->user[i] = strtoull(infra_db_get(&c->db, i,
			    1), NULL, 10);
	}
	return (match_scores_run(req, c->scores));
}

/*
 * One applicant: a row of the compact table (name, district, match
 * score, stage and day applied), the rest folded under it.
 */
static void
work_applicant(struct infra_buf *b, struct wctx *c, int i, int gig_done)
{
	struct infra_db	*d = &c->db;
	const char	*st;

	st = infra_db_get(d, i, 3);
	page_html_s(b, "<tr><th scope=\"row\"><a href=\"/users/");
	page_html_attr(b, infra_db_get(d, i, 1));
	page_html_s(b, "\"><bdi>");
	page_html_text(b, infra_db_get(d, i, 2));
	page_html_s(b, "</bdi></a></th><td>");
	page_html_text(b, infra_db_get(d, i, c->u.lang == HLANG_UR &&
	    infra_db_get(d, i, 9)[0] != '\0' ? 9 : 8));
	page_html_s(b, "</td>");
	work_score_cell(b, c, i);
	/* The day applied under the stage: five columns overflow 360 px. */
	page_html_s(b, "<td><strong class=\"status\">");
	page_html_text(b, web_status_label(st, c->u.lang));
	page_html_s(b, "</strong><br>");
	work_call(b, d, i, st);
	page_html_s(b, "<span class=\"meta\">");
	web_html_str(b, WS_COL_APPLIED, c->u.lang);
	page_html_s(b, " <time dir=\"ltr\">");
	page_html_text(b, infra_db_get(d, i, 5));
	page_html_s(b, "</time></span></td></tr><tr class=\"sub\">"
	    "<td colspan=\"4\">");
	work_applicant_more(b, c, i);
	page_html_s(b, "<div class=\"offer\">");
	work_actions(b, c, infra_db_get(d, i, 0), st, gig_done);
	page_html_s(b, "</div>");
	if (gig_done && strcmp(st, "done") == 0 &&
	    infra_db_get(d, i, 12)[0] == 'f')
		work_review_row(b, c, i);
	page_html_s(b, "</td></tr>");
}

/* The table's head: a column each, read by screen readers. */
static void
work_applicants_head(struct infra_buf *b, struct wctx *c)
{
	static const enum web_str	cols[] = { WS_COL_NAME, WS_F_DISTRICT,
	    WS_COL_SCORE, WS_COL_STATE };
	size_t				i;

	page_html_s(b, "<table class=\"rank\" id=\"applicants\"><caption>");
	web_html_str(b, WS_APPLICANTS, c->u.lang);
	page_html_s(b, "</caption><thead><tr>");
	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		page_html_s(b, "<th scope=\"col\">");
		web_html_str(b, cols[i], c->u.lang);
		page_html_s(b, "</th>");
	}
	page_html_s(b, "</tr></thead><tbody>");
}

static void
work_applicants_json(struct kore_buf *j, struct wctx *c)
{
	struct infra_db	*d = &c->db;
	const char	*st;
	char		 phone[32];
	int		 i, n;

	n = infra_db_rows(d);
	kore_buf_appendf(j, "{\"gig\":\"%s\",\"applications\":[", c->code);
	for (i = 0; i < n; i++) {
		st = infra_db_get(d, i, 3);
		if (infra_db_get(d, i, 7)[0] == 't' ||
		    strcmp(st, "accepted") == 0 || strcmp(st, "hired") == 0 ||
		    strcmp(st, "done") == 0)
			page_phone_local(infra_db_get(d, i, 6), phone,
			    sizeof(phone));
		else
			page_phone_mask(infra_db_get(d, i, 6), phone,
			    sizeof(phone));
		kore_buf_appendf(j, "%s{\"id\":%s,\"user\":{\"id\":%s,"
		    "\"name\":", i ? "," : "", infra_db_get(d, i, 0),
		    infra_db_get(d, i, 1));
		infra_json_str(j, infra_db_get(d, i, 2));
		page_json_field(j, "phone", phone);
		page_json_field_null(j, "district", infra_db_get(d, i, 8));
		kore_buf_appendf(j, ",\"rating\":%s},", infra_db_get(d, i,
		    10)[0] ? infra_db_get(d, i, 10) : "null");
		if (work_score(c, i) < 0)
			kore_buf_appendf(j, "\"score\":null,\"status\":");
		else
			kore_buf_appendf(j, "\"score\":%.2f,\"status\":",
			    work_score(c, i));
		infra_json_str(j, st);
		page_json_field_null(j, "proposal", infra_db_get(d, i, 4));
		page_json_field(j, "channel", infra_db_get(d, i, 13));
		/* The offer SMS's delivery state, when the trainee answered. */
		page_json_field_null(j, "offer_sms", infra_db_get(d, i, 14));
		page_json_field_null(j, "answered", infra_db_get(d, i, 15));
		page_json_field(j, "applied", infra_db_get(d, i, 5));
		kore_buf_appendf(j, "}");
	}
	kore_buf_appendf(j, "]}\n");
}

/* The applicants' table, or that there are none yet. */
static void
work_applicants_list(struct infra_buf *b, struct wctx *c)
{
	int	i, n, done;

	n = infra_db_rows(&c->db);
	done = strcmp(c->a[3], "done") == 0;
	if (n == 0) {
		page_html_s(b, "<h2>");
		web_html_str(b, WS_APPLICANTS, c->u.lang);
		page_html_s(b, "</h2><p>");
		web_html_str(b, WS_NO_APPLICANTS, c->u.lang);
		page_html_s(b, "</p>");
		return;
	}
	work_applicants_head(b, c);
	for (i = 0; i < n; i++)
		work_applicant(b, c, i, done);
	page_html_s(b, "</tbody></table>");
}

/* GET /workspace/gigs/<code>, GET /api/v1/gigs/<code>/applications */
int
web_applicants(struct http_request *req)
{
	struct wctx		*c;
	struct infra_buf	*b;
	struct kore_buf		 j;
	char			 code[16], action[16];
	int			 r;

	c = web_wctx(req);
	if (c->phase == 0) {
		if (!web_wctx_require(req, c, PAGE_ROLE_EMPLOYER |
		    PAGE_ROLE_ADMIN))
			return (KORE_RESULT_OK);
		if (!c->u.api && (!page_path_parse(req->path,
		    "/workspace/gigs/", code, sizeof(code), action,
		    sizeof(action)) || action[0] != '\0' ||
		    page_valid_code(code, 'G', c->code, sizeof(c->code)) !=
		    PS_NONE))
			return (page_error(req, &c->u, 404, "not_found",
			    PS_NOT_FOUND));
		c->argv[0] = c->code;
		c->phase = 1;
	}
	if (c->phase == 1) {
		if ((r = infra_db_run(req, &c->db, SQL_GIG_OWNER, 1,
		    c->argv)) != INFRA_DB_OK)
			return (page_db_wait(req, &c->u, r));
		if (infra_db_rows(&c->db) != 1)
			return (page_error(req, &c->u, 404, "not_found",
			    PS_NOT_FOUND));
		if (strtoll(infra_db_get(&c->db, 0, 1), NULL, 10) != c->u.id &&
		    (c->u.role & PAGE_ROLE_ANY) != PAGE_ROLE_ADMIN)
			return (page_error(req, &c->u, 403, "forbidden",
			    PS_FORBIDDEN));
		c->id = strtoll(infra_db_get(&c->db, 0, 0), NULL, 10);
		(void)kore_strlcpy(c->a[2], infra_db_get(&c->db, 0, 2),
		    sizeof(c->a[2]));
		(void)kore_strlcpy(c->a[3], infra_db_get(&c->db, 0, 3),
		    sizeof(c->a[3]));
		(void)snprintf(c->a[0], sizeof(c->a[0]), "%lld",
		    (long long)c->id);
		(void)snprintf(c->a[1], sizeof(c->a[1]), "%lld",
		    (long long)c->u.id);
		c->argv[0] = c->a[0];
		c->argv[1] = c->a[1];
		c->argv[2] = infra_lang_code(c->u.lang);
		infra_db_next(&c->db);
		c->phase = 2;
	}
	if ((r = infra_db_run(req, &c->db, SQL_APPLICANTS, 3, c->argv)) !=
	    INFRA_DB_OK)
		return (page_db_wait(req, &c->u, r));
	if (!work_scores(req, c))
		return (KORE_RESULT_RETRY);
	if (c->u.api) {
		kore_buf_init(&j, 1024);
		work_applicants_json(&j, c);
		return (page_json_send(req, 200, &j));
	}
	b = &c->out;
	page_page_begin(b, req, &c->u, c->a[2], infra_arg(req, "ok", code,
	    sizeof(code)) >= 0 ? web_str(WS_SAVED, c->u.lang) : NULL);
	page_html_s(b, "<p class=\"meta\"><a href=\"/gigs/");
	page_html_attr(b, c->code);
	page_html_s(b, "\">");
	page_html_text(b, c->code);
	page_html_s(b, "</a> &middot; ");
	page_html_text(b, web_status_label(c->a[3], c->u.lang));
	page_html_s(b, "</p>");
	work_applicants_list(b, c);

	/* The matching module's section (issue 6): web_hook_suggested. */
	page_html_s(b, "<section id=\"suggested\" aria-labelledby=\"sg\">"
	    "<h2 id=\"sg\">");
	web_html_str(b, WS_SUGGESTED, c->u.lang);
	page_html_s(b, "</h2>");
	web_hook_suggested(b, &c->u, c->code);
	page_html_s(b, "</section>");
	return (web_wctx_end(req, c, 200));
}

/*
 * The status a decision asks for, into c->a[2]: the JSON body's "status"
 * for the API, the path's action for the web.  Returns -1, or the answer
 * already sent when there is none.
 */
static int
work_decide_status(struct http_request *req, struct wctx *c,
    const char *action)
{
	static const char *const	fields[] = { "status", NULL };
	const char			*st;

	if (c->u.api) {
		if (strcmp(action, "status") != 0)
			return (page_error(req, &c->u, 404, "not_found",
			    PS_NOT_FOUND));
		page_input_load(req, &c->u, &c->in, fields);
		st = page_input_get(&c->in, "status");
		if (c->in.bodyerr || st == NULL ||
		    strlen(st) >= sizeof(c->a[2]))
			return (infra_json_error(req, 400, "status",
			    "Send {\"status\": \"shortlisted\"|"
			    "\"rejected\"|\"hired\"}."));
	} else if ((st = work_action_status(action)) == NULL)
		return (page_error(req, &c->u, 404, "not_found",
		    PS_NOT_FOUND));
	(void)kore_strlcpy(c->a[2], st, sizeof(c->a[2]));
	return (-1);
}

/*
 * A hire or a rejection tells the applicant by SMS: the form fields are
 * spent, so their arena holds the three texts (argv[1..3]) beside the
 * application id (argv[0]) and the status (argv[4]).
 */
static void
work_sms_args(struct wctx *c)
{
	enum web_str	msg;
	int		l;

	msg = c->a[2][0] == 'h' ? WS_SMS_HIRED : WS_SMS_REJECTED;
	for (l = 0; l < HLANG_COUNT; l++) {
		(void)snprintf(c->in.arena + l * 512, 512, web_str(msg, l),
		    c->code);
		c->argv[1 + l] = c->in.arena + l * 512;
	}
	c->argv[0] = c->a[1];
	c->argv[4] = c->a[2];
}

/* The answer once a decision is stored: JSON, or back to the gig's page. */
static int
work_decided(struct http_request *req, struct wctx *c)
{
	struct kore_buf	b;
	char		loc[80];

	if (c->u.api) {
		kore_buf_init(&b, 64);
		kore_buf_appendf(&b, "{\"id\":%s,\"status\":", c->a[1]);
		infra_json_str(&b, c->a[2]);
		kore_buf_appendf(&b, "}\n");
		return (page_json_send(req, 200, &b));
	}
	(void)snprintf(loc, sizeof(loc), "/workspace/gigs/%s?ok=1", c->code);
	return (page_redirect(req, &c->u, loc));
}

/*
 * POST /applications/<id>/(shortlist|reject|hire) and
 * POST /api/v1/applications/<id>/status {"status": "shortlisted"}.
 */
int
web_decide(struct http_request *req)
{
	struct wctx			*c;
	const char			*res;
	char				 id[24], action[16];
	long				 n;
	int				 r;

	c = web_wctx(req);
	if (!c->started) {
		page_ctx_user(req, c);
		if (req->method != HTTP_METHOD_POST)
			return (page_error(req, &c->u, 405, "method",
			    PS_NOT_FOUND));
		if (!page_path_parse(req->path, c->u.api ?
		    "/api/v1/applications/" : "/applications/", id,
		    sizeof(id), action, sizeof(action)) ||
		    page_valid_long(id, 1, 0x7fffffffffffffffL, &n) != PS_NONE)
			return (page_error(req, &c->u, 404, "not_found",
			    PS_NOT_FOUND));
		if (!page_require(req, &c->u, PAGE_ROLE_EMPLOYER |
		    PAGE_ROLE_ADMIN) || !page_csrf_ok(req, &c->u))
			return (KORE_RESULT_OK);
		if ((r = work_decide_status(req, c, action)) != -1)
			return (r);
		if (!c->u.api && c->a[2][0] != 's' &&
		    work_confirm(req, c, id, action))
			return (KORE_RESULT_OK);
		(void)snprintf(c->a[0], sizeof(c->a[0]), "%lld",
		    (long long)c->u.id);
		(void)snprintf(c->a[1], sizeof(c->a[1]), "%ld", n);
		c->argv[0] = c->a[0];
		c->argv[1] = c->a[1];
		c->argv[2] = c->a[2];
	}
	if (c->phase == 0) {
		if ((r = infra_db_run(req, &c->db, SQL_DECIDE, 3, c->argv)) !=
		    INFRA_DB_OK)
			return (page_db_wait(req, &c->u, r));
		res = infra_db_get(&c->db, 0, 0);
		if (strcmp(res, "not_found") == 0)
			return (page_error(req, &c->u, 404, "not_found",
			    PS_NOT_FOUND));
		if (strcmp(res, "forbidden") == 0)
			return (page_error(req, &c->u, 403, "forbidden",
			    PS_FORBIDDEN));
		if (strcmp(res, "ok") != 0)
			return (page_error(req, &c->u, 409, "bad_status",
			    PS_ERR_CHOICE));
		(void)kore_strlcpy(c->code, infra_db_get(&c->db, 0, 1),
		    sizeof(c->code));
		infra_db_next(&c->db);
		c->phase = 1;
		if (strcmp(c->a[2], "hired") == 0 ||
		    strcmp(c->a[2], "rejected") == 0) {
			work_sms_args(c);
			c->phase = 2;
		}
	}
	if (c->phase == 2) {
		if ((r = infra_db_run(req, &c->db, SQL_DECIDE_SMS, 5,
		    c->argv)) != INFRA_DB_OK)
			return (page_db_wait(req, &c->u, r));
	}
	return (work_decided(req, c));
}

/*
 * The answer to a review once PostgreSQL has ruled on it (res is its word).
 */
static int
web_review_reply(struct http_request *req, struct wctx *c, const char *res)
{
	struct infra_buf	b;

	if (strcmp(res, "not_found") == 0)
		return (page_error(req, &c->u, 404, "not_found", PS_NOT_FOUND));
	if (strcmp(res, "forbidden") == 0)
		return (page_error(req, &c->u, 403, "forbidden", PS_FORBIDDEN));
	if (strcmp(res, "already") == 0)
		return (web_error(req, &c->u, 409, "already_reviewed",
		    WS_REVIEW_THANKS));
	if (strcmp(res, "ok") != 0)
		return (web_error(req, &c->u, 409, "not_done",
		    WS_GIG_CLOSED));
	if (c->u.api) {
		http_response_header(req, "content-type",
		    "application/json; charset=utf-8");
		http_response(req, 201, "{\"ok\":true}\n", 12);
		return (KORE_RESULT_OK);
	}
	page_page_begin(&b, req, &c->u, web_str(WS_REVIEW_THANKS, c->u.lang),
	    NULL);
	page_html_s(&b, "<p><a href=\"");
	page_html_s(&b, (c->u.role & PAGE_ROLE_ANY) == PAGE_ROLE_TRAINEE ?
	    "/me/applications" : "/workspace");
	page_html_s(&b, "\">");
	web_html_str(&b, (c->u.role & PAGE_ROLE_ANY) == PAGE_ROLE_TRAINEE ?
	    WS_NAV_MYAPPS : WS_NAV_WORKSPACE, c->u.lang);
	page_html_s(&b, "</a></p>");
	return (page_page_end(req, &c->u, &b, 200));
}

/* POST /gigs/<code>/reviews, POST /api/v1/gigs/<code>/reviews */
int
web_review(struct http_request *req)
{
	static const char *const	fields[] = { "subject_id", "rating",
	    "body", NULL };
	struct wctx			*c;
	long				 subj, rating;
	int				 r;

	c = web_wctx(req);
	if (c->phase == 0) {
		c->phase = 1;
		if (req->method != HTTP_METHOD_POST)
			return (page_error(req, &c->u, 405, "method",
			    PS_NOT_FOUND));
		if (!page_require(req, &c->u, PAGE_ROLE_EMPLOYER |
		    PAGE_ROLE_TRAINEE | PAGE_ROLE_ADMIN) ||
		    !page_csrf_ok(req, &c->u))
			return (KORE_RESULT_OK);
		if (!page_input_read(req, &c->u, &c->in, fields))
			return (KORE_RESULT_OK);
		if (page_input_bad(&c->in, "subject_id") ||
		    page_valid_long(page_input_get(&c->in, "subject_id"), 1,
		    0x7fffffffffffffffL, &subj) != PS_NONE)
			page_errs_add(&c->err, &c->u, "subject_id",
			    PS_ERR_CHOICE, 0, 0);
		if (page_input_bad(&c->in, "rating") ||
		    page_valid_long(page_input_get(&c->in, "rating"), 1, 5,
		    &rating) != PS_NONE)
			page_errs_add(&c->err, &c->u, "rating", PS_ERR_RATING,
			    0, 0);
		(void)page_check_text(&c->err, &c->u, &c->in, "body", 0, 2000,
		    PAGE_TEXT_MULTI);
		if (c->err.n > 0) {
			if (c->u.api)
				return (page_errs_reply(req, &c->u, &c->err,
				    422));
			return (page_error(req, &c->u, 422, "invalid",
			    PS_ERR_RATING));
		}
		(void)snprintf(c->a[0], sizeof(c->a[0]), "%lld",
		    (long long)c->u.id);
		(void)snprintf(c->a[2], sizeof(c->a[2]), "%ld", subj);
		(void)snprintf(c->a[3], sizeof(c->a[3]), "%ld", rating);
		c->argv[0] = c->a[0];
		c->argv[1] = c->code;
		c->argv[2] = c->a[2];
		c->argv[3] = c->a[3];
		c->argv[4] = page_input_get(&c->in, "body");
		if (c->argv[4] == NULL)
			c->argv[4] = "";
	}
	if ((r = infra_db_run(req, &c->db, SQL_REVIEW, 5, c->argv)) !=
	    INFRA_DB_OK)
		return (page_db_wait(req, &c->u, r));
	return (web_review_reply(req, c, infra_db_get(&c->db, 0, 0)));
}
