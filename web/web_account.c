/*
 * Accounts: sign up and log in with a phone number and a password,
 * log out, a one-time code by SMS to claim a web login (registered by
 * SMS) or to reset a password.  Each handler serves its page and its
 * /api/v1 twin: the fields come from a form or a JSON body alike.
 */
#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>

#include <stdio.h>
#include <string.h>

#include "web/web.h"
#include "web/web_glue.h"

/*
 * Log-in failures (only failures) make the next try wait: per number
 * after 3, per client address after 30 (a mobile carrier's NAT puts many
 * people behind one address, hence the higher bar and the lower cap),
 * doubling from 1 s (infra/infra_backoff.c).  Failures are forgotten
 * LOGIN_WINDOW seconds after the last one; a success forgets the
 * number's.
 */
#define LOGIN_FREE_PHONE	3
#define LOGIN_CAP_PHONE		300
#define LOGIN_FREE_PEER		30
#define LOGIN_CAP_PEER		60
#define LOGIN_WINDOW		900
#define CODE_MAX_PHONE		3	/* codes per number per window */
#define CODE_MAX_PEER		30
#define CODE_TTL		600
#define CODE_MAX_TRIES		5

static const char SQL_DISTRICTS[] =
    "SELECT d.id, d.name_en, d.name_ur, p.name_en FROM districts d "
    "JOIN provinces p ON p.id = d.province_id ORDER BY p.id, d.name_en";

static const char SQL_SIGNUP[] =
    "WITH u AS (INSERT INTO users (phone, name, role, lang, district_id, "
    "org_name, password_hash, channel) VALUES ($1, $2, $3::user_role, $4, "
    "(SELECT id FROM districts WHERE id = NULLIF($5, '')::int), "
    "NULLIF($6, ''), $7, 'web') ON CONFLICT (phone) DO NOTHING "
    "RETURNING id), p AS (INSERT INTO profiles (user_id) SELECT id FROM u) "
    "SELECT id FROM u";

static const char SQL_LOGIN[] =
    "SELECT id, role, lang, name, coalesce(password_hash, '') "
    "FROM users WHERE phone = $1";

static const char SQL_CODE_USER[] =
    "SELECT id, lang FROM users WHERE phone = $1";

static const char SQL_OUTBOX[] =
    "INSERT INTO sms_outbox (phone, body, kind, urgent) "
    "VALUES ($1, $2, 'otp', true)";

static const char SQL_SET_PASSWORD[] =
    "UPDATE users SET password_hash = $2, last_active = now() "
    "WHERE phone = $1 RETURNING id, role, lang, name";

struct acct {
	struct infra_db		db;
	struct page_user		u;
	struct page_input	in;
	struct page_errs		err;
	int			loaded;
	int			phase;
	int			flash;
	char			phone[16];
	char			peer[64];
	char			hash[PAGE_PWHASH_LEN];
};

static enum hlang
acct_lang(const char *s)
{
	if (strcmp(s, "ur") == 0)
		return (HLANG_UR);
	if (strcmp(s, "ru") == 0)
		return (HLANG_RU);
	return (HLANG_EN);
}

/* Where a freshly logged-in user lands. */
static const char *
acct_home(int role)
{
	if (role & PAGE_ROLE_OFFICER)
		return ("/officer");
	if (role & (PAGE_ROLE_EMPLOYER | PAGE_ROLE_ADMIN))
		return ("/workspace");
	if (role & PAGE_ROLE_TRAINER)
		return ("/courses");
	return ("/gigs");
}

/* The API's answer to a new session: the token and the user. */
static int
acct_session_reply(struct http_request *req, struct page_user *u, int status)
{
	struct kore_buf		b;

	kore_buf_init(&b, 256);
	kore_buf_appendf(&b, "{\"token\":\"%s\",\"csrf\":\"%s\",\"user\":",
	    u->sid, u->csrf);
	web_json_user(&b, u->id, u->name, u->role, u->lang);
	kore_buf_appendf(&b, "}\n");
	return (page_json_send(req, status, &b));
}

static void
acct_field(struct infra_buf *b, struct acct *c, int type, const char *name,
    enum web_str label, enum web_str hint, int maxlen, const char *ac)
{
	struct page_field	f;

	memset(&f, 0, sizeof(f));
	f.type = type;
	f.name = name;
	f.label = web_str(label, c->u.lang);
	f.hint = hint != WS_NONE ? web_str(hint, c->u.lang) : NULL;
	f.error = page_errs_get(&c->err, name);
	f.value = page_input_get(&c->in, name);
	f.required = 1;
	f.maxlength = maxlen;
	f.autocomplete = ac;
	page_form_field(b, &f);
}

int
web_home(struct http_request *req)
{
	struct page_user		u;
	struct infra_buf	b;

	page_session(req, &u);
	if (strcmp(req->path, "/") != 0)
		return (page_error(req, &u, 404, "not_found", PS_NOT_FOUND));
	page_page_begin(&b, req, &u, web_str(WS_TAGLINE, u.lang), NULL);
	page_html_s(&b, "<p>");
	web_html_str(&b, WS_HOME_INTRO, u.lang);
	page_html_s(&b, "</p><form method=\"get\" action=\"/gigs\" "
	    "role=\"search\"><label for=\"f-q\">");
	web_html_str(&b, WS_F_QUERY, u.lang);
	page_html_s(&b, "</label><input id=\"f-q\" name=\"q\" type=\"search\" "
	    "maxlength=\"100\">");
	page_form_submit(&b, web_str(WS_SEARCH, u.lang));
	page_html_s(&b, "</form>");
	if (u.id == 0) {
		page_html_s(&b, "<p><a href=\"/signup\">");
		web_html_str(&b, WS_NAV_SIGNUP, u.lang);
		page_html_s(&b, "</a> | <a href=\"/claim\">");
		web_html_str(&b, WS_CLAIM_LINK, u.lang);
		page_html_s(&b, "</a></p>");
	}
	return (page_page_end(req, &u, &b, 200));
}

static const char SQL_LANG[] =
    "UPDATE users SET lang = $2 WHERE id = $1::bigint";

/*
 * GET /lang?l=ur&next=/gigs: a cookie, so the switch needs no script; for
 * a signed-in person also their account's language, the one SMS and USSD
 * answer in (users.lang), and their session's.
 */
int
web_lang(struct http_request *req)
{
	struct wctx	*c;
	char		 cookie[64];
	int		 r;

	c = web_wctx(req);
	if (!c->loaded) {
		c->loaded = 1;
		page_session(req, &c->u);
		if (infra_arg(req, "l", c->a[1], sizeof(c->a[1])) < 0 ||
		    (strcmp(c->a[1], "en") != 0 && strcmp(c->a[1], "ru") != 0 &&
		    strcmp(c->a[1], "ur") != 0))
			(void)kore_strlcpy(c->a[1], "en", sizeof(c->a[1]));
		if (infra_arg(req, "next", c->in.arena, 256) < 0 ||
		    !page_next_ok(c->in.arena))
			(void)kore_strlcpy(c->in.arena, "/", 256);
		(void)snprintf(c->a[0], sizeof(c->a[0]), "%lld",
		    (long long)c->u.id);
		c->argv[0] = c->a[0];
		c->argv[1] = c->a[1];
	}
	if (c->u.id != 0) {
		if ((r = infra_db_run(req, &c->db, SQL_LANG, 2, c->argv)) !=
		    INFRA_DB_OK && r != INFRA_DB_ERROR)
			return (infra_db_wait(req, r));
		(void)page_session_lang(&c->u, acct_lang(c->a[1]));
	}
	(void)page_cookie_fmt(cookie, sizeof(cookie), "lang", c->a[1],
	    31536000, 0, infra_conf.cookie_secure);
	http_response_header(req, "set-cookie", cookie);
	return (page_redirect(req, &c->u, c->in.arena));
}

static void
acct_signup_form(struct infra_buf *b, struct acct *c)
{
	static const enum web_str	roles[] = { WS_ROLE_TRAINEE,
	    WS_ROLE_EMPLOYER, WS_ROLE_TRAINER };
	static const char *const	rname[] = { "trainee", "employer",
	    "trainer" };
	const char			*cur, *prov, *last;
	int				 i, n;

	page_form_errors(b, c->u.lang, c->err.n);
	page_form_open(b, &c->u, "/signup");
	acct_field(b, c, PAGE_FIELD_TEXT, "name", WS_F_NAME, WS_NONE, 80,
	    "name");
	acct_field(b, c, PAGE_FIELD_TEL, "phone", WS_F_PHONE, WS_F_PHONE_HINT,
	    20, "tel");
	acct_field(b, c, PAGE_FIELD_PASSWORD, "password", WS_F_PASSWORD,
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
	acct_field(b, c, PAGE_FIELD_TEXT, "org", WS_F_ORG, WS_NONE, 120,
	    "organization");
	page_form_submit(b, web_str(WS_BTN_SIGNUP, c->u.lang));
	page_html_s(b, "</form><p><a href=\"/login\">");
	page_html_str(b, PS_NAV_LOGIN, c->u.lang);
	page_html_s(b, "</a> | <a href=\"/claim\">");
	web_html_str(b, WS_CLAIM_LINK, c->u.lang);
	page_html_s(b, "</a></p>");
}

static void
acct_signup_check(struct acct *c)
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
	r = page_valid_password(page_input_get(&c->in, "password"));
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

/* GET/POST /signup, POST /api/v1/accounts */
int
web_signup(struct http_request *req)
{
	static const char *const	names[] = { "name", "phone",
	    "password", "role", "district", "org", "lang", NULL };
	struct acct			*c;
	struct infra_buf		 b;
	const char			*args[7], *role, *lang;
	int				 r;

	c = infra_ctx(req, sizeof(*c));
	if (!c->loaded) {
		c->loaded = 1;
		page_session(req, &c->u);
		if (c->u.api && req->method != HTTP_METHOD_POST)
			return (infra_json_error(req, 405, "method",
			    "Use POST."));
		if (req->method == HTTP_METHOD_POST) {
			if (!page_csrf_ok(req, &c->u))
				return (KORE_RESULT_OK);
			if (!page_input_read(req, &c->u, &c->in, names))
				return (KORE_RESULT_OK);
			acct_signup_check(c);
			c->phase = c->err.n == 0 ? 1 : 2;
			if (c->err.n > 0 && c->u.api)
				return (page_errs_reply(req, &c->u, &c->err,
				    422));
		} else
			c->phase = 2;
	}

	if (c->phase == 1) {
		if (c->hash[0] == '\0' && page_password_hash(page_input_get(
		    &c->in, "password"), c->hash, sizeof(c->hash)) == -1)
			return (page_error(req, &c->u, 500, "internal",
			    PS_NOT_FOUND));
		role = page_input_get(&c->in, "role");
		lang = page_input_get(&c->in, "lang");
		args[0] = c->phone;
		args[1] = page_input_get(&c->in, "name");
		args[2] = role != NULL ? role : "trainee";
		args[3] = lang != NULL && (strcmp(lang, "ur") == 0 ||
		    strcmp(lang, "ru") == 0) ? lang : page_lang_code(c->u.lang);
		args[4] = page_input_get(&c->in, "district");
		if (args[4] == NULL)
			args[4] = "";
		args[5] = page_input_get(&c->in, "org");
		if (args[5] == NULL)
			args[5] = "";
		args[6] = c->hash;
		if ((r = infra_db_run(req, &c->db, SQL_SIGNUP, 7, args)) !=
		    INFRA_DB_OK)
			return (infra_db_wait(req, r));
		if (infra_db_rows(&c->db) == 1) {
			if (!page_login_start(req, &c->u, kore_strtonum64(
			    infra_db_get(&c->db, 0, 0), 0, &r),
			    page_role_bit(args[2]), acct_lang(args[3]),
			    args[1]))
				return (web_error(req, &c->u, 503,
				    "unavailable", WS_UNAVAILABLE));
			if (c->u.api)
				return (acct_session_reply(req, &c->u, 201));
			return (page_redirect(req, &c->u,
			    acct_home(c->u.role)));
		}
		web_errs_add(&c->err, &c->u, "phone", WS_PHONE_TAKEN);
		if (c->u.api)
			return (page_errs_reply(req, &c->u, &c->err, 409));
		infra_db_next(&c->db);
		c->phase = 2;
	}

	if ((r = infra_db_run(req, &c->db, SQL_DISTRICTS, 0, NULL)) !=
	    INFRA_DB_OK)
		return (infra_db_wait(req, r));
	page_page_begin(&b, req, &c->u, web_str(WS_SIGNUP_TITLE, c->u.lang),
	    NULL);
	acct_signup_form(&b, c);
	return (page_page_end(req, &c->u, &b, c->err.n > 0 ?
	    (page_errs_get(&c->err, "phone") != NULL &&
	    c->err.n == 1 && strcmp(c->err.code[0], "phone_taken") == 0 ?
	    409 : 422) : 200));
}

static void
acct_login_form(struct infra_buf *b, struct acct *c, const char *next)
{
	page_form_errors(b, c->u.lang, c->err.n);
	page_form_open(b, &c->u, "/login");
	if (next != NULL && page_next_ok(next)) {
		struct page_field	f;

		memset(&f, 0, sizeof(f));
		f.type = PAGE_FIELD_HIDDEN;
		f.name = "next";
		f.value = next;
		page_form_field(b, &f);
	}
	acct_field(b, c, PAGE_FIELD_TEL, "phone", WS_F_PHONE, WS_F_PHONE_HINT,
	    20, "tel");
	acct_field(b, c, PAGE_FIELD_PASSWORD, "password", WS_F_PASSWORD,
	    WS_NONE, 128, "current-password");
	page_form_submit(b, web_str(WS_BTN_LOGIN, c->u.lang));
	page_html_s(b, "</form><p><a href=\"/reset\">");
	web_html_str(b, WS_FORGOT_LINK, c->u.lang);
	page_html_s(b, "</a> | <a href=\"/claim\">");
	web_html_str(b, WS_CLAIM_LINK, c->u.lang);
	page_html_s(b, "</a> | <a href=\"/signup\">");
	web_html_str(b, WS_NAV_SIGNUP, c->u.lang);
	page_html_s(b, "</a></p>");
}

/*
 * The answer to a failed or refused log-in; `wait` > 0 is a try that
 * came before the failures' delay ran out (429 with Retry-After).
 */
static int
acct_login_fail(struct http_request *req, struct acct *c, enum web_str why,
    int status, int wait)
{
	struct infra_buf	b;
	char			msg[256], ra[16];

	(void)snprintf(msg, sizeof(msg), "%s", web_str(why, HLANG_EN));
	if (why == WS_LOGIN_WAIT) {
		(void)snprintf(ra, sizeof(ra), "%d", wait);
		http_response_header(req, "retry-after", ra);
		(void)snprintf(msg, sizeof(msg), web_str(why, c->u.api ?
		    HLANG_EN : c->u.lang), wait);
	}
	if (c->u.api)
		return (infra_json_error(req, status,
		    why == WS_LOGIN_WAIT ? "rate_limited" :
		    why == WS_UNAVAILABLE ? "unavailable" : "login_failed",
		    msg));
	if (why == WS_LOGIN_WAIT)
		page_errs_set(&c->err, "password", "rate_limited", msg);
	else
		web_errs_add(&c->err, &c->u, "password", why);
	page_page_begin(&b, req, &c->u, web_str(WS_LOGIN_TITLE, c->u.lang),
	    NULL);
	acct_login_form(&b, c, page_input_get(&c->in, "next"));
	return (page_page_end(req, &c->u, &b, status));
}

/*
 * The wait the number's and the address's failures ask for; -1 when
 * Redis cannot be reached (no session could be made either).
 */
static int
acct_login_wait(struct acct *c)
{
	char	key[96];
	int	a, b;

	(void)snprintf(key, sizeof(key), "login:%s", c->phone);
	a = infra_backoff_get(key, LOGIN_FREE_PHONE, LOGIN_CAP_PHONE);
	(void)snprintf(key, sizeof(key), "loginip:%s", c->peer);
	b = infra_backoff_get(key, LOGIN_FREE_PEER, LOGIN_CAP_PEER);
	if (a < 0 || b < 0)
		return (-1);
	return (a > b ? a : b);
}

/*
 * Whether the password is right.  A number with no account costs the
 * same argon2 check (against a hash of nothing anyone knows), so the
 * answer's time does not tell registered numbers apart.
 */
static int
acct_login_verify(struct acct *c)
{
	static char	dummy[PAGE_PWHASH_LEN];
	const char	*pw, *hash;

	pw = page_input_get(&c->in, "password");
	if (infra_db_rows(&c->db) == 1 &&
	    (hash = infra_db_get(&c->db, 0, 4))[0] != '\0')
		return (page_password_verify(hash, pw));
	if (dummy[0] == '\0' && page_password_hash("hunar-no-account",
	    dummy, sizeof(dummy)) == -1)
		return (0);
	(void)page_password_verify(dummy, pw);
	return (0);
}

static void
acct_login_failed(struct acct *c)
{
	char	key[96];

	(void)snprintf(key, sizeof(key), "login:%s", c->phone);
	infra_backoff_fail(key, LOGIN_WINDOW);
	(void)snprintf(key, sizeof(key), "loginip:%s", c->peer);
	infra_backoff_fail(key, LOGIN_WINDOW);
}

/* GET/POST /login, POST/DELETE /api/v1/session */
int
web_login(struct http_request *req)
{
	static const char *const	names[] = { "phone", "password",
	    "next", NULL };
	struct acct			*c;
	struct infra_buf		 b;
	const char			*args[1], *next;
	char				 key[96], qnext[256];
	int				 r, role, wait;

	c = infra_ctx(req, sizeof(*c));
	if (!c->loaded) {
		c->loaded = 1;
		page_session(req, &c->u);
		if (c->u.api && req->method == HTTP_METHOD_DELETE)
			return (web_logout(req));
		if (c->u.api && req->method != HTTP_METHOD_POST)
			return (infra_json_error(req, 405, "method",
			    "Use POST to log in, DELETE to log out."));
		if (req->method != HTTP_METHOD_POST) {
			page_page_begin(&b, req, &c->u,
			    web_str(WS_LOGIN_TITLE, c->u.lang), NULL);
			if (infra_arg(req, "next", qnext, sizeof(qnext)) < 0)
				qnext[0] = '\0';
			acct_login_form(&b, c, qnext);
			return (page_page_end(req, &c->u, &b, 200));
		}
		if (!page_csrf_ok(req, &c->u))
			return (KORE_RESULT_OK);
		if (!page_input_read(req, &c->u, &c->in, names))
			return (KORE_RESULT_OK);
		if (page_valid_phone(page_input_get(&c->in, "phone"), c->phone,
		    sizeof(c->phone)) != PS_NONE ||
		    page_input_get(&c->in, "password") == NULL)
			return (acct_login_fail(req, c, WS_LOGIN_FAILED,
			    c->u.api ? 401 : 422, 0));
		(void)page_peer(req, c->peer, sizeof(c->peer));
		if ((wait = acct_login_wait(c)) < 0)
			return (acct_login_fail(req, c, WS_UNAVAILABLE, 503,
			    0));
		if (wait > 0)
			return (acct_login_fail(req, c, WS_LOGIN_WAIT, 429,
			    wait));
	}

	args[0] = c->phone;
	if ((r = infra_db_run(req, &c->db, SQL_LOGIN, 1, args)) != INFRA_DB_OK)
		return (infra_db_wait(req, r));
	if (!acct_login_verify(c)) {
		acct_login_failed(c);
		return (acct_login_fail(req, c, WS_LOGIN_FAILED, 401, 0));
	}
	(void)snprintf(key, sizeof(key), "login:%s", c->phone);
	infra_backoff_clear(key);
	role = page_role_bit(infra_db_get(&c->db, 0, 1));
	if (!page_login_start(req, &c->u, kore_strtonum64(infra_db_get(&c->db,
	    0, 0), 0, &r), role, acct_lang(infra_db_get(&c->db, 0, 2)),
	    infra_db_get(&c->db, 0, 3)))
		return (web_error(req, &c->u, 503, "unavailable",
		    WS_UNAVAILABLE));
	if (c->u.api)
		return (acct_session_reply(req, &c->u, 200));
	next = page_input_get(&c->in, "next");
	return (page_redirect(req, &c->u, next != NULL && page_next_ok(next) ?
	    next : acct_home(role)));
}

/* POST /logout, DELETE /api/v1/session */
int
web_logout(struct http_request *req)
{
	struct page_user		u;

	page_session(req, &u);
	if (req->method != HTTP_METHOD_POST &&
	    !(u.api && req->method == HTTP_METHOD_DELETE))
		return (page_error(req, &u, 405, "method", PS_NOT_FOUND));
	if (!page_csrf_ok(req, &u))
		return (KORE_RESULT_OK);
	page_logout_end(req, &u);
	if (u.api) {
		http_response(req, 204, NULL, 0);
		return (KORE_RESULT_OK);
	}
	return (page_redirect(req, &u, "/"));
}

/*
 * POST /claim, /reset (pages) and /api/v1/codes, /api/v1/password.
 * Step one sends a code when the number is registered and answers the
 * same either way (no account discovery); step two checks the code and
 * sets the password.
 */
int
web_code(struct http_request *req)
{
	static const char *const	names[] = { "phone", "code",
	    "password", NULL };
	struct acct			*c;
	struct infra_buf		 b;
	const char			*args[2], *code, *path;
	char				 key[96], peer[64], dig[65], sms[200];
	char				 otp[8];
	redisReply			*rr;
	int				 r, ok, reset;

	c = infra_ctx(req, sizeof(*c));
	path = req->path;
	reset = strcmp(path, "/reset") == 0;
	if (!c->loaded) {
		c->loaded = 1;
		page_session(req, &c->u);
		if (req->method != HTTP_METHOD_POST) {
			if (c->u.api)
				return (infra_json_error(req, 405, "method",
				    "Use POST."));
			c->phase = 9;
		} else {
			if (!page_csrf_ok(req, &c->u))
				return (KORE_RESULT_OK);
			if (!page_input_read(req, &c->u, &c->in, names))
				return (KORE_RESULT_OK);
			r = page_valid_phone(page_input_get(&c->in, "phone"),
			    c->phone, sizeof(c->phone));
			if (r != PS_NONE)
				page_errs_add(&c->err, &c->u, "phone", r, 0, 0);
			code = page_input_get(&c->in, "code");
			if (strcmp(path, "/api/v1/password") == 0 ||
			    (code != NULL && code[0] != '\0')) {
				c->phase = 3;
				if (code == NULL || strlen(code) != 6 ||
				    strspn(code, "0123456789") != 6)
					web_errs_add(&c->err, &c->u, "code",
					    WS_CODE_BAD);
				if ((r = page_valid_password(page_input_get(
				    &c->in, "password"))) != PS_NONE)
					page_errs_add(&c->err, &c->u,
					    "password", r, 0, 0);
			} else
				c->phase = 1;
			if (c->err.n > 0) {
				if (c->u.api)
					return (page_errs_reply(req, &c->u,
					    &c->err, 422));
				c->phase = c->phase == 3 ? 8 : 9;
			}
		}
		if (c->phase == 1) {
			(void)page_peer(req, peer, sizeof(peer));
			(void)snprintf(key, sizeof(key), "code:%s", c->phone);
			ok = infra_ratelimit(key, CODE_MAX_PHONE, LOGIN_WINDOW);
			(void)snprintf(key, sizeof(key), "codeip:%s", peer);
			if (!ok || !infra_ratelimit(key, CODE_MAX_PEER,
			    LOGIN_WINDOW))
				return (web_error(req, &c->u, 429,
				    "rate_limited", WS_RATE_LIMITED));
		}
		if (c->phase == 3) {
			(void)snprintf(key, sizeof(key), "otpfail:%s",
			    c->phone);
			if (!infra_ratelimit(key, CODE_MAX_TRIES, CODE_TTL))
				return (web_error(req, &c->u, 429,
				    "rate_limited", WS_RATE_LIMITED));
			page_code_digest(infra_conf.secret, c->phone,
			    page_input_get(&c->in, "code"), dig, sizeof(dig));
			ok = 0;
			if ((rr = infra_redis("GET otp:%s", c->phone)) !=
			    NULL) {
				ok = rr->type == REDIS_REPLY_STRING &&
				    infra_secret_eq(dig, rr->str);
				freeReplyObject(rr);
			}
			if (!ok) {
				web_errs_add(&c->err, &c->u, "code",
				    WS_CODE_BAD);
				if (c->u.api)
					return (page_errs_reply(req, &c->u,
					    &c->err, 422));
				c->phase = 8;
			} else {
				if ((rr = infra_redis("DEL otp:%s",
				    c->phone)) != NULL)
					freeReplyObject(rr);
				if (page_password_hash(page_input_get(&c->in,
				    "password"), c->hash, sizeof(c->hash))
				    == -1)
					return (page_error(req, &c->u, 500,
					    "internal", PS_NOT_FOUND));
			}
		}
	}

	/* Step one: look the number up, queue the code. */
	if (c->phase == 1) {
		args[0] = c->phone;
		if ((r = infra_db_run(req, &c->db, SQL_CODE_USER, 1, args)) !=
		    INFRA_DB_OK)
			return (infra_db_wait(req, r));
		if (infra_db_rows(&c->db) != 1) {
			c->phase = 8;
		} else {
			page_code_new(otp, sizeof(otp));
			page_code_digest(infra_conf.secret, c->phone, otp, dig,
			    sizeof(dig));
			if ((rr = infra_redis("SET otp:%s %s EX %d", c->phone,
			    dig, CODE_TTL)) != NULL)
				freeReplyObject(rr);
			if ((rr = infra_redis("DEL rl:otpfail:%s",
			    c->phone)) != NULL)
				freeReplyObject(rr);
			(void)snprintf(sms, sizeof(sms), web_str(WS_SMS_CODE,
			    acct_lang(infra_db_get(&c->db, 0, 1))), otp);
			(void)kore_strlcpy(c->hash, sms, sizeof(c->hash));
			infra_db_next(&c->db);
			c->phase = 2;
		}
	}
	if (c->phase == 2) {
		args[0] = c->phone;
		args[1] = c->hash;
		if ((r = infra_db_run(req, &c->db, SQL_OUTBOX, 2, args)) !=
		    INFRA_DB_OK)
			return (infra_db_wait(req, r));
		c->phase = 8;
	}
	if (c->phase == 8 && c->u.api && c->err.n == 0) {
		http_response_header(req, "content-type",
		    "application/json; charset=utf-8");
		http_response(req, 202, "{\"sent\":true}\n", 14);
		return (KORE_RESULT_OK);
	}

	/* Step two: the code was right; set the password, log in. */
	if (c->phase == 3) {
		args[0] = c->phone;
		args[1] = c->hash;
		if ((r = infra_db_run(req, &c->db, SQL_SET_PASSWORD, 2,
		    args)) != INFRA_DB_OK)
			return (infra_db_wait(req, r));
		if (infra_db_rows(&c->db) != 1)
			return (web_error(req, &c->u, 422, "code_bad",
			    WS_CODE_BAD));
		page_sessions_drop(kore_strtonum64(infra_db_get(&c->db, 0, 0),
		    0, &r));
		if (!page_login_start(req, &c->u, kore_strtonum64(
		    infra_db_get(&c->db, 0, 0), 0, &r),
		    page_role_bit(infra_db_get(&c->db, 0, 1)),
		    acct_lang(infra_db_get(&c->db, 0, 2)),
		    infra_db_get(&c->db, 0, 3)))
			return (web_error(req, &c->u, 503, "unavailable",
			    WS_UNAVAILABLE));
		if (c->u.api)
			return (acct_session_reply(req, &c->u, 200));
		return (page_redirect(req, &c->u, acct_home(c->u.role)));
	}

	/* The pages: phase 9 asks for the number, 8 for code + password. */
	page_page_begin(&b, req, &c->u, web_str(reset ? WS_RESET_TITLE :
	    WS_CLAIM_TITLE, c->u.lang), c->phase == 8 && c->err.n == 0 ?
	    web_str(WS_CODE_SENT, c->u.lang) : NULL);
	page_form_errors(&b, c->u.lang, c->err.n);
	page_form_open(&b, &c->u, reset ? "/reset" : "/claim");
	acct_field(&b, c, PAGE_FIELD_TEL, "phone", WS_F_PHONE, WS_F_PHONE_HINT,
	    20, "tel");
	if (c->phase == 8) {
		acct_field(&b, c, PAGE_FIELD_TEXT, "code", WS_F_CODE,
		    WS_F_CODE_HINT, 6, "one-time-code");
		acct_field(&b, c, PAGE_FIELD_PASSWORD, "password",
		    WS_F_PASSWORD, WS_F_PASSWORD_HINT, 128, "new-password");
		page_form_submit(&b, web_str(WS_BTN_SET_PASSWORD, c->u.lang));
	} else
		page_form_submit(&b, web_str(WS_BTN_SEND_CODE, c->u.lang));
	page_html_s(&b, "</form>");
	return (page_page_end(req, &c->u, &b, c->err.n > 0 ? 422 : 200));
}

/* GET /api/v1/me */
int
web_api_me(struct http_request *req)
{
	struct page_user		u;
	struct kore_buf		b;

	page_session(req, &u);
	if (!page_require(req, &u, PAGE_ROLE_ANY))
		return (KORE_RESULT_OK);
	kore_buf_init(&b, 256);
	kore_buf_appendf(&b, "{\"user\":");
	web_json_user(&b, u.id, u.name, u.role, u.lang);
	kore_buf_appendf(&b, ",\"csrf\":\"%s\"}\n", u.csrf);
	return (page_json_send(req, 200, &b));
}

/* GET /api/v1/hello: the bench's baseline, in the same build and run. */
int
web_api_hello(struct http_request *req)
{
	http_response_header(req, "content-type",
	    "application/json; charset=utf-8");
	http_response(req, 200, "{\"hello\":\"world\"}\n", 18);
	return (KORE_RESULT_OK);
}
