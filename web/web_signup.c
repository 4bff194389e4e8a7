/*
 * Sign-up proven by SMS (issue 13, deliverable 4).
 *
 * Step one takes the form, checks it (the password against the common
 * ones and the person's own number) and answers "a code is on its way"
 * whether or not the number has an account: web_signup_start() keeps the
 * sign-up pending and sends the number its code -- or, when the number
 * has an account already, a notice that someone tried.  Step two takes
 * the code with the claim token the first answer carried and makes the
 * account (web_signup_confirm(); web/sql/R__web_signup.sql).  An SMS
 * JOIN from the number voids every pending claim on it.  Both steps
 * need Redis's limiter: without it nothing is sent or accepted.
 */
#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>

#include <stdio.h>
#include <string.h>

#include "web/web.h"
#include "web/web_glue.h"

#define SIGNUP_TTL		600	/* a claim and its code live 10 min */
#define SIGNUP_MAX_TRIES	5	/* wrong codes per claim */
#define SIGNUP_MAX_PHONE	3	/* codes per number per window */
#define SIGNUP_MAX_PEER		30	/* codes per address per window */
#define VERIFY_MAX_PEER		30	/* code tries per address per window */
#define SIGNUP_WINDOW		900

static const char SQL_DISTRICTS[] =
    "SELECT d.id, d.name_en, d.name_ur, p.name_en FROM districts d "
    "JOIN provinces p ON p.id = d.province_id ORDER BY p.id, d.name_en";

static const char SQL_START[] =
    "SELECT web_signup_start($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
    "$12::int)";

static const char SQL_CONFIRM[] =
    "SELECT status, coalesce(user_id, 0), role, lang, name "
    "FROM web_signup_confirm($1, $2, $3, $4::int)";

static void
signup_form(struct infra_buf *b, struct acct *c)
{
	static const enum web_str	roles[] = { WS_ROLE_TRAINEE,
	    WS_ROLE_EMPLOYER, WS_ROLE_TRAINER };
	static const char *const	rname[] = { "trainee", "employer",
	    "trainer" };
	const char			*cur, *prov, *last;
	int				 i, n;

	page_form_errors(b, c->u.lang, c->err.n);
	page_form_open(b, &c->u, "/signup");
	web_acct_field(b, c, PAGE_FIELD_TEXT, "name", WS_F_NAME, WS_NONE, 80,
	    "name");
	web_acct_field(b, c, PAGE_FIELD_TEL, "phone", WS_F_PHONE, WS_F_PHONE_HINT,
	    20, "tel");
	web_acct_field(b, c, PAGE_FIELD_PASSWORD, "password", WS_F_PASSWORD,
	    WS_F_PASSWORD_HINT, 128, "new-password");

	/* Radio buttons in a fieldset: the legend names the group. */
	cur = page_input_get(&c->in, "role");
	page_html_s(b, "<fieldset><legend>");
	web_html_str(b, WS_F_ROLE, c->u.lang);
	page_html_s(b, "</legend>");
	if (page_errs_get(&c->err, "role") != NULL) {
		page_html_s(b, "<p class=\"err\" id=\"e-role\">");
		page_html_text(b, page_errs_get(&c->err, "role"));
		page_html_s(b, "</p>");
	}
	for (i = 0; i < 3; i++) {
		(void)infra_buf_fmt(b, "<label><input type=\"radio\" "
		    "name=\"role\" value=\"%s\"%s> ", rname[i],
		    (cur == NULL ? i == 0 : strcmp(cur, rname[i]) == 0) ?
		    " checked" : "");
		web_html_str(b, roles[i], c->u.lang);
		page_html_s(b, "</label>");
	}
	page_html_s(b, "</fieldset>");

	/* Districts grouped by province. */
	cur = page_input_get(&c->in, "district");
	page_html_s(b, "<p><label for=\"f-district\">");
	web_html_str(b, WS_F_DISTRICT, c->u.lang);
	page_html_s(b, "</label><select id=\"f-district\" name=\"district\">"
	    "<option value=\"\">-</option>");
	n = infra_db_rows(&c->db);
	last = "";
	for (i = 0; i < n; i++) {
		prov = infra_db_get(&c->db, i, 3);
		if (strcmp(prov, last) != 0) {
			if (i > 0)
				page_html_s(b, "</optgroup>");
			page_html_s(b, "<optgroup label=\"");
			page_html_attr(b, prov);
			page_html_s(b, "\">");
			last = prov;
		}
		page_html_s(b, "<option value=\"");
		page_html_attr(b, infra_db_get(&c->db, i, 0));
		page_html_s(b, "\"");
		if (cur != NULL && strcmp(cur, infra_db_get(&c->db, i, 0)) == 0)
			page_html_s(b, " selected");
		page_html_s(b, ">");
		page_html_text(b, infra_db_get(&c->db, i,
		    c->u.lang == HLANG_UR ? 2 : 1));
		page_html_s(b, "</option>");
	}
	if (n > 0)
		page_html_s(b, "</optgroup>");
	page_html_s(b, "</select></p>");
	web_acct_field(b, c, PAGE_FIELD_TEXT, "org", WS_F_ORG, WS_NONE, 120,
	    "organization");
	page_form_submit(b, web_str(WS_BTN_SIGNUP, c->u.lang));
	page_html_s(b, "</form><p><a href=\"/login\">");
	page_html_str(b, PS_NAV_LOGIN, c->u.lang);
	page_html_s(b, "</a> | <a href=\"/claim\">");
	web_html_str(b, WS_CLAIM_LINK, c->u.lang);
	page_html_s(b, "</a></p>");
}

static void
signup_check(struct acct *c)
{
	static const char *const	roles[] = { "trainee", "employer",
	    "trainer", NULL };
	enum page_str			r;
	const char			*v;
	long				d;

	(void)page_check_text(&c->err, &c->u, &c->in, "name", 2, 80,
	    PAGE_TEXT_LINE);
	r = page_valid_phone(page_input_get(&c->in, "phone"), c->phone,
	    sizeof(c->phone));
	if (r != PS_NONE)
		page_errs_add(&c->err, &c->u, "phone", r, 0, 0);
	r = page_valid_password_for(page_input_get(&c->in, "password"),
	    r == PS_NONE ? c->phone : NULL);
	if (r != PS_NONE)
		page_errs_add(&c->err, &c->u, "password", r, 0, 0);
	v = page_input_get(&c->in, "role");
	if ((r = page_valid_choice(v != NULL ? v : "trainee", roles)) !=
	    PS_NONE)
		page_errs_add(&c->err, &c->u, "role", r, 0, 0);
	v = page_input_get(&c->in, "district");
	if (page_input_bad(&c->in, "district") || (v != NULL && v[0] != '\0' &&
	    page_valid_long(v, 1, 100000, &d) != PS_NONE))
		page_errs_add(&c->err, &c->u, "district", PS_ERR_CHOICE, 0, 0);
	(void)page_check_text(&c->err, &c->u, &c->in, "org", 0, 120,
	    PAGE_TEXT_LINE);
}

/*
 * Everything step one stores, before the query: the password's hash, a
 * code and a claim token with their keyed digests, the SMS texts in the
 * language chosen.  -1 when the hash or the token cannot be made.
 */
static int
signup_prepare(struct acct *c)
{
	const char	*v;
	char		 code[8];
	enum hlang	 l;

	v = page_input_get(&c->in, "lang");
	if (v != NULL && (strcmp(v, "ur") == 0 || strcmp(v, "ru") == 0))
		(void)kore_strlcpy(c->lang, v, sizeof(c->lang));
	else
		(void)kore_strlcpy(c->lang, infra_lang_code(c->u.lang),
		    sizeof(c->lang));
	l = infra_lang_of_code(c->lang);
	if (page_password_hash(page_input_get(&c->in, "password"), c->hash,
	    sizeof(c->hash)) == -1 || page_token_new(c->claim,
	    sizeof(c->claim)) == -1)
		return (-1);
	page_code_new(code, sizeof(code));
	page_code_digest(infra_conf.secret, c->phone, code, c->dcode,
	    sizeof(c->dcode));
	page_code_digest(infra_conf.secret, c->phone, c->claim, c->dclaim,
	    sizeof(c->dclaim));
	(void)snprintf(c->sms, sizeof(c->sms), web_str(WS_SMS_SIGNUP_CODE, l),
	    code);
	(void)snprintf(c->ttl, sizeof(c->ttl), "%d", SIGNUP_TTL);
	v = page_input_get(&c->in, "role");
	c->argv[0] = c->phone;
	c->argv[1] = page_input_get(&c->in, "name");
	c->argv[2] = v != NULL ? v : "trainee";
	c->argv[3] = c->lang;
	v = page_input_get(&c->in, "district");
	c->argv[4] = v != NULL ? v : "";
	v = page_input_get(&c->in, "org");
	c->argv[5] = v != NULL ? v : "";
	c->argv[6] = c->hash;
	c->argv[7] = c->dclaim;
	c->argv[8] = c->dcode;
	c->argv[9] = c->sms;
	c->argv[10] = web_str(WS_SMS_SIGNUP_TAKEN, l);
	c->argv[11] = c->ttl;
	return (0);
}

/* The form of step two: the code, with the number and the claim hidden. */
static void
signup_verify_form(struct infra_buf *b, struct acct *c)
{
	struct page_field	f;
	char			local[24];

	page_form_errors(b, c->u.lang, c->err.n);
	page_form_open(b, &c->u, "/signup/verify");
	page_phone_local(c->phone, local, sizeof(local));
	memset(&f, 0, sizeof(f));
	f.type = PAGE_FIELD_HIDDEN;
	f.name = "phone";
	f.value = local;
	page_form_field(b, &f);
	f.name = "claim";
	f.value = c->claim;
	page_form_field(b, &f);
	web_acct_field(b, c, PAGE_FIELD_TEXT, "code", WS_F_CODE,
	    WS_F_CODE_HINT, 6, "one-time-code");
	page_form_submit(b, web_str(WS_BTN_VERIFY, c->u.lang));
	page_html_s(b, "</form><p><a href=\"/signup\">");
	web_html_str(b, WS_NAV_SIGNUP, c->u.lang);
	page_html_s(b, "</a></p>");
}

/* Step one's answer: the same whether or not the number has an account. */
static int
signup_sent(struct http_request *req, struct acct *c, int status)
{
	struct infra_buf	b;
	struct kore_buf		j;
	char			local[24], flash[400];

	if (c->u.api) {
		kore_buf_init(&j, 160);
		kore_buf_appendf(&j, "{\"pending\":true,\"claim\":\"%s\"}\n",
		    c->claim);
		return (page_json_send(req, 202, &j));
	}
	page_phone_local(c->phone, local, sizeof(local));
	(void)snprintf(flash, sizeof(flash), web_str(WS_SIGNUP_SENT,
	    c->u.lang), local);
	page_page_begin(&b, req, &c->u, web_str(WS_VERIFY_TITLE, c->u.lang),
	    c->err.n == 0 ? flash : NULL);
	signup_verify_form(&b, c);
	return (page_page_end(req, &c->u, &b, status));
}

/* GET/POST /signup, POST /api/v1/accounts: step one. */
int
web_signup(struct http_request *req)
{
	static const char *const	names[] = { "name", "phone",
	    "password", "role", "district", "org", "lang", NULL };
	struct acct			*c;
	struct infra_buf		 b;
	int				 r;

	c = web_acct(req);
	if (!c->started) {
		page_ctx_user(req, c);
		if (c->u.api && req->method != HTTP_METHOD_POST)
			return (infra_json_error(req, 405, "method",
			    "Use POST."));
		c->phase = 2;
		if (req->method == HTTP_METHOD_POST) {
			if (!page_csrf_ok(req, &c->u) ||
			    !page_input_read(req, &c->u, &c->in, names))
				return (KORE_RESULT_OK);
			signup_check(c);
			if (c->err.n > 0 && c->u.api)
				return (page_errs_reply(req, &c->u, &c->err,
				    422));
			if (c->err.n == 0) {
				if (!web_code_gate(req, c, "code",
				    SIGNUP_MAX_PHONE, "codeip",
				    SIGNUP_MAX_PEER, SIGNUP_WINDOW))
					return (KORE_RESULT_OK);
				if (signup_prepare(c) == -1)
					return (page_error(req, &c->u, 500,
					    "internal", PS_NOT_FOUND));
				c->phase = 1;
			}
		}
	}
	if (c->phase == 1) {
		if ((r = infra_db_run(req, &c->db, SQL_START, 12, c->argv)) !=
		    INFRA_DB_OK)
			return (page_db_wait(req, &c->u, r));
		return (signup_sent(req, c, 200));
	}
	if ((r = infra_db_run(req, &c->db, SQL_DISTRICTS, 0, NULL)) !=
	    INFRA_DB_OK)
		return (page_db_wait(req, &c->u, r));
	page_page_begin(&b, req, &c->u, web_str(WS_SIGNUP_TITLE, c->u.lang),
	    NULL);
	signup_form(&b, c);
	return (page_page_end(req, &c->u, &b, c->err.n > 0 ? 422 : 200));
}

/* Step two's fields; 0 when one is malformed (answered as a bad code). */
static int
signup_verify_read(struct acct *c)
{
	const char	*code, *claim;

	claim = page_input_get(&c->in, "claim");
	if (claim != NULL && page_token_valid(claim))
		(void)kore_strlcpy(c->claim, claim, sizeof(c->claim));
	code = page_input_get(&c->in, "code");
	if (page_valid_phone(page_input_get(&c->in, "phone"), c->phone,
	    sizeof(c->phone)) != PS_NONE || c->claim[0] == '\0' ||
	    code == NULL || strlen(code) != 6 ||
	    strspn(code, "0123456789") != 6)
		return (0);
	page_code_digest(infra_conf.secret, c->phone, code, c->dcode,
	    sizeof(c->dcode));
	page_code_digest(infra_conf.secret, c->phone, c->claim, c->dclaim,
	    sizeof(c->dclaim));
	(void)snprintf(c->ttl, sizeof(c->ttl), "%d", SIGNUP_MAX_TRIES);
	c->argv[0] = c->phone;
	c->argv[1] = c->dclaim;
	c->argv[2] = c->dcode;
	c->argv[3] = c->ttl;
	return (1);
}

static int
signup_verify_bad(struct http_request *req, struct acct *c)
{
	web_errs_add(&c->err, &c->u, "code", WS_CODE_BAD);
	if (c->u.api)
		return (page_errs_reply(req, &c->u, &c->err, 422));
	return (signup_sent(req, c, 422));
}

/* POST /signup/verify, /api/v1/accounts/verify: step two. */
int
web_signup_verify(struct http_request *req)
{
	static const char *const	names[] = { "phone", "claim", "code",
	    NULL };
	struct acct			*c;
	int				 r;

	c = web_acct(req);
	if (!c->started) {
		page_ctx_user(req, c);
		if (req->method != HTTP_METHOD_POST)
			return (c->u.api ? infra_json_error(req, 405,
			    "method", "Use POST.") :
			    page_redirect(req, &c->u, "/signup"));
		if (!page_csrf_ok(req, &c->u) ||
		    !page_input_read(req, &c->u, &c->in, names))
			return (KORE_RESULT_OK);
		if (!signup_verify_read(c))
			return (signup_verify_bad(req, c));
		if (!web_code_gate(req, c, NULL, 0, "verifyip",
		    VERIFY_MAX_PEER, SIGNUP_WINDOW))
			return (KORE_RESULT_OK);
	}
	if ((r = infra_db_run(req, &c->db, SQL_CONFIRM, 4, c->argv)) !=
	    INFRA_DB_OK)
		return (page_db_wait(req, &c->u, r));
	if (infra_db_rows(&c->db) != 1 ||
	    strcmp(infra_db_get(&c->db, 0, 0), "ok") != 0)
		return (signup_verify_bad(req, c));
	if (!page_login_start(req, &c->u, kore_strtonum64(infra_db_get(&c->db,
	    0, 1), 0, &r), page_role_bit(infra_db_get(&c->db, 0, 2)),
	    infra_lang_of_code(infra_db_get(&c->db, 0, 3)),
	    infra_db_get(&c->db, 0, 4)))
		return (web_error(req, &c->u, 503, "unavailable",
		    WS_UNAVAILABLE));
	if (c->u.api)
		return (web_acct_session(req, &c->u, 201));
	return (page_redirect(req, &c->u, web_acct_home(c->u.role)));
}
