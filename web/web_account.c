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
#define VERIFY_MAX_PEER		30	/* code tries per address per window */

/* Column 5: the person mentors a hub (programmes' prog_is_mentor()). */
static const char SQL_LOGIN[] =
    "SELECT id, role, lang, name, coalesce(password_hash, ''), "
    "prog_is_mentor(id) FROM users WHERE phone = $1";

static const char SQL_CODE_USER[] =
    "SELECT id, lang FROM users WHERE phone = $1";

/* The code's SMS, through the outbox's one door (ussd's sms_enqueue). */
static const char SQL_OUTBOX[] =
    "SELECT sms_enqueue($1, $2, 'otp', true, NULL, NULL)";

static const char SQL_SET_PASSWORD[] =
    "UPDATE users SET password_hash = $2, last_active = now() "
    "WHERE phone = $1 RETURNING id, role, lang, name, prog_is_mentor(id)";


struct acct *
web_acct(struct http_request *req)
{
	return (page_ctx(req, sizeof(struct acct)));
}

/*
 * The limiter in front of every one-time code, sent or checked: per
 * number (`pkey`:<phone>, when pkey is set) and per client address
 * (`akey`:<address>).  1 when the try may go on; else the answer is sent:
 * 429, or 503 when Redis cannot be reached -- no code is sent or
 * accepted without the limiter (with Redis down it once sent 6 of 6).
 */
int
web_code_gate(struct http_request *req, struct acct *c, const char *pkey,
    int pmax, const char *akey, int amax, int window)
{
	char	key[128], peer[64];
	int	a;

	a = 1;
	if (pkey != NULL) {
		(void)snprintf(key, sizeof(key), "%s:%s", pkey, c->phone);
		a = infra_ratelimit_try(key, pmax, window);
	}
	if (a == 1) {
		(void)page_peer(req, peer, sizeof(peer));
		(void)snprintf(key, sizeof(key), "%s:%s", akey, peer);
		a = infra_ratelimit_try(key, amax, window);
	}
	if (a < 0)
		(void)web_error(req, &c->u, 503, "codes_unavailable",
		    WS_CODES_DOWN);
	else if (a == 0)
		(void)web_error(req, &c->u, 429, "rate_limited",
		    WS_RATE_LIMITED);
	return (a == 1);
}

/* A user row's role bits: its role, and whether it mentors a hub. */
static int
acct_role(struct infra_db *db, int role, int mentor)
{
	return (page_role_bit(infra_db_get(db, 0, role)) |
	    (strcmp(infra_db_get(db, 0, mentor), "t") == 0 ?
	    PAGE_ROLE_MENTOR : 0));
}

/* Where a freshly logged-in user lands. */
const char *
web_acct_home(int role)
{
	/* An admin sees every programme there (they post no gigs). */
	if (role & (PAGE_ROLE_OFFICER | PAGE_ROLE_ADMIN))
		return ("/officer");
	if (role & PAGE_ROLE_EMPLOYER)
		return ("/workspace");
	if (role & PAGE_ROLE_MENTOR)
		return ("/me/mentoring");
	/* Their own courses, to edit and to follow their learners. */
	if (role & PAGE_ROLE_TRAINER)
		return ("/trainer/courses");
	return ("/gigs");
}

/* The API's answer to a new session: the token and the user. */
int
web_acct_session(struct http_request *req, struct page_user *u, int status)
{
	struct kore_buf		b;

	kore_buf_init(&b, 256);
	kore_buf_appendf(&b, "{\"token\":\"%s\",\"csrf\":\"%s\",\"user\":",
	    u->sid, u->csrf);
	web_json_user(&b, u->id, u->name, u->role, u->lang);
	kore_buf_appendf(&b, "}\n");
	return (page_json_send(req, status, &b));
}

void
web_acct_field(struct infra_buf *b, struct acct *c, int type, const char *name,
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
	if (!c->started) {
		page_ctx_user(req, c);
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
			return (page_db_wait(req, &c->u, r));
		(void)page_session_lang(&c->u, infra_lang_of_code(c->a[1]));
	}
	(void)page_cookie_fmt(cookie, sizeof(cookie), "lang", c->a[1],
	    31536000, 0, infra_conf.cookie_secure);
	http_response_header(req, "set-cookie", cookie);
	return (page_redirect(req, &c->u, c->in.arena));
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
	web_acct_field(b, c, PAGE_FIELD_TEL, "phone", WS_F_PHONE, WS_F_PHONE_HINT,
	    20, "tel");
	web_acct_field(b, c, PAGE_FIELD_PASSWORD, "password", WS_F_PASSWORD,
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

	c = web_acct(req);
	if (!c->started) {
		page_ctx_user(req, c);
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
		return (page_db_wait(req, &c->u, r));
	if (!acct_login_verify(c)) {
		acct_login_failed(c);
		return (acct_login_fail(req, c, WS_LOGIN_FAILED, 401, 0));
	}
	(void)snprintf(key, sizeof(key), "login:%s", c->phone);
	infra_backoff_clear(key);
	role = acct_role(&c->db, 1, 5);
	if (!page_login_start(req, &c->u, kore_strtonum64(infra_db_get(&c->db,
	    0, 0), 0, &r), role, infra_lang_of_code(infra_db_get(&c->db, 0, 2)),
	    infra_db_get(&c->db, 0, 3)))
		return (web_error(req, &c->u, 503, "unavailable",
		    WS_UNAVAILABLE));
	if (c->u.api)
		return (web_acct_session(req, &c->u, 200));
	next = page_input_get(&c->in, "next");
	return (page_redirect(req, &c->u, next != NULL && page_next_ok(next) ?
	    next : web_acct_home(role)));
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
 * /claim, /reset and the API's password: the number, and with a code the
 * new password, read and checked.  Sets c->phase (1 send a code, 3 check
 * it, 8/9 the form again); returns -1 to go on, or the answer sent.
 */
static int
code_read(struct http_request *req, struct acct *c, const char *path)
{
	static const char *const	names[] = { "phone", "code",
	    "password", NULL };
	const char			*code;
	int				 r;

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
			if ((r = page_valid_password_for(
			    page_input_get(&c->in, "password"),
			    c->phone)) != PS_NONE)
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
	return (-1);
}

/*
 * Phase 3: the code against the one stored (hashed) for the number, under
 * the tries gate; a right code is spent and the new password hashed.
 * Returns -1 to go on (c->phase 8 when the code was wrong), or the answer.
 */
static int
code_check(struct http_request *req, struct acct *c)
{
	char		 dig[65];
	redisReply	*rr;
	int		 ok;

	if (!web_code_gate(req, c, "otpfail", CODE_MAX_TRIES,
	    "verifyip", VERIFY_MAX_PEER, CODE_TTL))
		return (KORE_RESULT_OK);
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
	return (-1);
}

/* A new code for a known number: stored hashed, its SMS text in c->hash. */
static void
code_queue(struct acct *c)
{
	char		 dig[65], sms[200], otp[8];
	redisReply	*rr;

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
	    infra_lang_of_code(infra_db_get(&c->db, 0, 1))),
	    otp);
	(void)kore_strlcpy(c->hash, sms, sizeof(c->hash));
	infra_db_next(&c->db);
	c->phase = 2;
}

/* The code was right: set the password, drop old sessions, log in. */
static int
code_login(struct http_request *req, struct acct *c)
{
	const char	*args[2];
	int		 r;

	args[0] = c->phone;
	args[1] = c->hash;
	if ((r = infra_db_run(req, &c->db, SQL_SET_PASSWORD, 2,
	    args)) != INFRA_DB_OK)
		return (page_db_wait(req, &c->u, r));
	if (infra_db_rows(&c->db) != 1)
		return (web_error(req, &c->u, 422, "code_bad",
		    WS_CODE_BAD));
	page_sessions_drop(kore_strtonum64(infra_db_get(&c->db, 0, 0),
	    0, &r));
	if (!page_login_start(req, &c->u, kore_strtonum64(
	    infra_db_get(&c->db, 0, 0), 0, &r), acct_role(&c->db, 1, 4),
	    infra_lang_of_code(infra_db_get(&c->db, 0, 2)),
	    infra_db_get(&c->db, 0, 3)))
		return (web_error(req, &c->u, 503, "unavailable",
		    WS_UNAVAILABLE));
	if (c->u.api)
		return (web_acct_session(req, &c->u, 200));
	return (page_redirect(req, &c->u, web_acct_home(c->u.role)));
}

/* The pages: phase 9 asks for the number, 8 for code + password. */
static int
code_form(struct http_request *req, struct acct *c, int reset)
{
	struct infra_buf	b;

	page_page_begin(&b, req, &c->u, web_str(reset ? WS_RESET_TITLE :
	    WS_CLAIM_TITLE, c->u.lang), c->phase == 8 && c->err.n == 0 ?
	    web_str(WS_CODE_SENT, c->u.lang) : NULL);
	page_form_errors(&b, c->u.lang, c->err.n);
	page_form_open(&b, &c->u, reset ? "/reset" : "/claim");
	web_acct_field(&b, c, PAGE_FIELD_TEL, "phone", WS_F_PHONE, WS_F_PHONE_HINT,
	    20, "tel");
	if (c->phase == 8) {
		web_acct_field(&b, c, PAGE_FIELD_TEXT, "code", WS_F_CODE,
		    WS_F_CODE_HINT, 6, "one-time-code");
		web_acct_field(&b, c, PAGE_FIELD_PASSWORD, "password",
		    WS_F_PASSWORD, WS_F_PASSWORD_HINT, 128, "new-password");
		page_form_submit(&b, web_str(WS_BTN_SET_PASSWORD, c->u.lang));
	} else
		page_form_submit(&b, web_str(WS_BTN_SEND_CODE, c->u.lang));
	page_html_s(&b, "</form>");
	return (page_page_end(req, &c->u, &b, c->err.n > 0 ? 422 : 200));
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
	struct acct	*c;
	const char	*args[2], *path;
	int		 r, reset;

	c = web_acct(req);
	path = req->path;
	reset = strcmp(path, "/reset") == 0;
	if (!c->started) {
		page_ctx_user(req, c);
		if ((r = code_read(req, c, path)) != -1)
			return (r);
		if (c->phase == 1 && !web_code_gate(req, c, "code",
		    CODE_MAX_PHONE, "codeip", CODE_MAX_PEER, LOGIN_WINDOW))
			return (KORE_RESULT_OK);
		if (c->phase == 3 && (r = code_check(req, c)) != -1)
			return (r);
	}

	/* Step one: look the number up, queue the code. */
	if (c->phase == 1) {
		args[0] = c->phone;
		if ((r = infra_db_run(req, &c->db, SQL_CODE_USER, 1, args)) !=
		    INFRA_DB_OK)
			return (page_db_wait(req, &c->u, r));
		if (infra_db_rows(&c->db) != 1)
			c->phase = 8;
		else
			code_queue(c);
	}
	if (c->phase == 2) {
		args[0] = c->phone;
		args[1] = c->hash;
		if ((r = infra_db_run(req, &c->db, SQL_OUTBOX, 2, args)) !=
		    INFRA_DB_OK)
			return (page_db_wait(req, &c->u, r));
		c->phase = 8;
	}
	if (c->phase == 8 && c->u.api && c->err.n == 0) {
		http_response_header(req, "content-type",
		    "application/json; charset=utf-8");
		http_response(req, 202, "{\"sent\":true}\n", 14);
		return (KORE_RESULT_OK);
	}

	/* Step two: the code was right; set the password, log in. */
	if (c->phase == 3)
		return (code_login(req, c));
	return (code_form(req, c, reset));
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
