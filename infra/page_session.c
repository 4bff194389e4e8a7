/*
 * The auth API every module's handlers use (see infra/page.h): who is
 * asking, sessions in Redis, CSRF, role checks, page and error replies,
 * and reading a request's fields from a form or a JSON body alike.
 */
#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>

#include <stdio.h>
#include <string.h>

#include "infra/page_kore.h"

#define PAGE_SESSION_TTL		(14 * 24 * 3600)
#define PAGE_COOKIE		"hunar_sid"

/* "uid role lang name" as stored under sess:<sid>. */
static int
page_session_parse(const char *v, struct page_user *u)
{
	long long	id;
	int		role, lang, n;

	if (sscanf(v, "%lld %d %d %n", &id, &role, &lang, &n) != 3 || id <= 0)
		return (0);
	u->id = id;
	u->role = role;
	u->lang = (lang >= 0 && lang < HLANG_COUNT) ? (enum hlang)lang :
	    HLANG_EN;
	(void)kore_strlcpy(u->name, v + n, sizeof(u->name));
	return (1);
}

/*
 * One language per person (issue 11): the account's language is mirrored
 * in Redis under ulang:<uid> by whatever changes it through Kore -- /lang,
 * a log-in, SMS LANG (ussd_inbound.c) -- so that a signed-in person's
 * pages follow it from the next request, not the next log-in.
 */
void
page_lang_account_set(int64_t uid, enum hlang lang)
{
	redisReply	*r;

	if (uid <= 0 || (int)lang < 0 || lang >= HLANG_COUNT)
		return;
	if ((r = infra_redis("SET ulang:%lld %d EX %d", (long long)uid,
	    (int)lang, PAGE_SESSION_TTL)) != NULL)
		freeReplyObject(r);
}

/*
 * A signed-in viewer reads in their account's language, whatever the lang
 * cookie says (it is set again to match); a change made on another
 * channel reaches the session here.
 */
static void
page_session_account_lang(struct http_request *req, struct page_user *u,
    int have_cookie, const char *cookie)
{
	redisReply	*r;
	char		 c[96];
	int		 l;

	if ((r = infra_redis("GET ulang:%lld", (long long)u->id)) != NULL) {
		if (r->type == REDIS_REPLY_STRING &&
		    sscanf(r->str, "%d", &l) == 1 && l >= 0 &&
		    l < HLANG_COUNT && l != (int)u->lang)
			(void)page_session_lang(u, (enum hlang)l);
		freeReplyObject(r);
	}
	if (u->api || (have_cookie && infra_lang_of_code(cookie) == u->lang))
		return;
	(void)page_cookie_fmt(c, sizeof(c), "lang", infra_lang_code(u->lang),
	    31536000, 0, infra_conf.cookie_secure);
	http_response_header(req, "set-cookie", c);
}

int
page_session(struct http_request *req, struct page_user *u)
{
	const char	*hdr;
	char		 cookie[PAGE_SID_LEN + 8], lang[8];
	redisReply	*r;
	int		 have_lang;

	memset(u, 0, sizeof(*u));
	u->api = strncmp(req->path, "/api/", 5) == 0;
	u->lang = HLANG_EN;
	hdr = NULL;
	(void)http_request_header(req, "cookie", &hdr);
	have_lang = page_cookie_get(hdr, "lang", lang, sizeof(lang)) > 0;

	cookie[0] = '\0';
	{
		const char	*auth = NULL;

		if (http_request_header(req, "authorization", &auth) &&
		    strncasecmp(auth, "Bearer ", 7) == 0) {
			(void)kore_strlcpy(cookie, auth + 7, sizeof(cookie));
			u->bearer = 1;
		} else
			(void)page_cookie_get(hdr, PAGE_COOKIE, cookie,
			    sizeof(cookie));
	}

	if (page_token_valid(cookie)) {
		(void)kore_strlcpy(u->sid, cookie, sizeof(u->sid));
		r = infra_redis("GETEX sess:%s EX %d", u->sid,
		    PAGE_SESSION_TTL);
		if (r != NULL && r->type == REDIS_REPLY_STRING)
			(void)page_session_parse(r->str, u);
		/*
		 * Only Redis saying "no such key" ends a session: no answer,
		 * a timeout or an error is a lookup that failed, and its
		 * owner is told so (503), never logged out (issue 13).
		 */
		if (r == NULL || (r->type != REDIS_REPLY_STRING &&
		    r->type != REDIS_REPLY_NIL))
			u->sess_down = 1;
		if (r != NULL)
			freeReplyObject(r);
	}
	if (u->id == 0 && u->bearer) {
		/* A stale bearer token is no session at all. */
		u->sid[0] = '\0';
		u->bearer = 0;
	}
	if (u->sid[0] == '\0' && !u->api) {
		/* A fresh anonymous sid, so forms carry a CSRF token. */
		(void)page_token_new(u->sid, sizeof(u->sid));
		u->sid_new = 1;
	}
	if (u->id != 0)
		page_session_account_lang(req, u, have_lang, lang);
	else if (have_lang)
		u->lang = infra_lang_of_code(lang);
	if (u->sid[0] != '\0')
		page_csrf_make(infra_conf.secret, u->sid, u->csrf,
		    sizeof(u->csrf));
	return (u->id != 0);
}

static void
page_cookie_send(struct http_request *req, struct page_user *u)
{
	char	c[256];

	if (!u->sid_new || u->bearer || u->api)
		return;
	(void)page_cookie_fmt(c, sizeof(c), PAGE_COOKIE, u->sid,
	    PAGE_SESSION_TTL, 1, infra_conf.cookie_secure);
	http_response_header(req, "set-cookie", c);
	u->sid_new = 0;
}

int
page_require(struct http_request *req, struct page_user *u, int roles)
{
	char	loc[300];

	/*
	 * Redis is down: the session is kept there (AOF) but cannot be read.
	 * Say so (503) rather than ask for a log-in that cannot work either.
	 */
	if (u->id == 0 && u->sess_down) {
		http_response_header(req, "retry-after", "30");
		(void)page_error(req, u, 503, "sessions_unavailable",
		    PS_SESSIONS_DOWN);
		return (0);
	}
	if (u->id == 0) {
		if (u->api) {
			(void)infra_json_error(req, 401, "auth_required",
			    page_str(PS_NEED_LOGIN, HLANG_EN));
			return (0);
		}
		if (req->method == HTTP_METHOD_GET &&
		    page_next_ok(req->path)) {
			(void)snprintf(loc, sizeof(loc), "/login?next=%s",
			    req->path);
			(void)page_redirect(req, u, loc);
		} else
			(void)page_error(req, u, 401, "auth_required",
			    PS_NEED_LOGIN);
		return (0);
	}
	if ((u->role & roles) == 0) {
		(void)page_error(req, u, 403, "forbidden", PS_FORBIDDEN);
		return (0);
	}
	return (1);
}

/*
 * Forms send the token as the field "csrf", cookie-authenticated API
 * calls as the header X-CSRF-Token.  A bearer token is no ambient
 * credential, so it needs none.
 */
int
page_csrf_ok(struct http_request *req, struct page_user *u)
{
	const char	*h;
	char		 tok[PAGE_CSRF_LEN + 8];

	/* An API call without a cookie session carries no ambient right. */
	if (u->bearer || (u->api && u->id == 0))
		return (1);
	tok[0] = '\0';
	if (http_request_header(req, "x-csrf-token", &h))
		(void)kore_strlcpy(tok, h, sizeof(tok));
	else if (!u->api)
		(void)infra_form(req, "csrf", tok, sizeof(tok));
	if (!u->sid_new && page_csrf_verify(infra_conf.secret, u->sid, tok))
		return (1);
	(void)page_error(req, u, 403, "csrf", PS_CSRF_FAILED);
	return (0);
}

/* A new session for a user who proved who they are (new sid: no fixation). */
int
page_login_start(struct http_request *req, struct page_user *u, int64_t id,
    int role, enum hlang lang, const char *name)
{
	redisReply	*r;
	char		 old[PAGE_SID_LEN + 1], val[160];

	(void)kore_strlcpy(old, u->sid, sizeof(old));
	if (page_token_new(u->sid, sizeof(u->sid)) == -1)
		return (0);
	/* One value: hiredis keeps an interpolated %s as one argument. */
	(void)snprintf(val, sizeof(val), "%lld %d %d %s", (long long)id, role,
	    (int)lang, name);
	r = infra_redis("SET sess:%s %s EX %d", u->sid, val,
	    PAGE_SESSION_TTL);
	if (r == NULL || r->type == REDIS_REPLY_ERROR) {
		if (r != NULL)
			freeReplyObject(r);
		return (0);
	}
	freeReplyObject(r);
	if ((r = infra_redis("SADD usess:%lld %s", (long long)id,
	    u->sid)) != NULL)
		freeReplyObject(r);
	if (old[0] != '\0' && u->id != 0 &&
	    (r = infra_redis("DEL sess:%s", old)) != NULL)
		freeReplyObject(r);
	u->id = id;
	u->role = role;
	u->lang = lang;
	(void)kore_strlcpy(u->name, name, sizeof(u->name));
	u->sid_new = 1;
	/* The pages follow the account's language (the one SMS uses). */
	page_lang_account_set(id, lang);
	(void)page_cookie_fmt(val, sizeof(val), "lang", infra_lang_code(lang),
	    31536000, 0, infra_conf.cookie_secure);
	http_response_header(req, "set-cookie", val);
	page_csrf_make(infra_conf.secret, u->sid, u->csrf, sizeof(u->csrf));
	return (1);
}

/*
 * The signed-in viewer chose another language: their session says so from
 * now on (the caller stores it on the account).  Returns 0 when Redis
 * does not answer.
 */
int
page_session_lang(struct page_user *u, enum hlang lang)
{
	redisReply	*r;
	char		 val[160];
	int		 ok;

	u->lang = lang;
	if (u->id == 0 || u->sid[0] == '\0')
		return (1);
	page_lang_account_set(u->id, lang);
	(void)snprintf(val, sizeof(val), "%lld %d %d %s", (long long)u->id,
	    u->role, (int)lang, u->name);
	if ((r = infra_redis("SET sess:%s %s KEEPTTL", u->sid, val)) == NULL)
		return (0);
	ok = r->type != REDIS_REPLY_ERROR;
	freeReplyObject(r);
	return (ok);
}

void
page_logout_end(struct http_request *req, struct page_user *u)
{
	redisReply	*r;

	if (u->sid[0] != '\0' && (r = infra_redis("DEL sess:%s",
	    u->sid)) != NULL)
		freeReplyObject(r);
	if (u->id != 0 && (r = infra_redis("SREM usess:%lld %s",
	    (long long)u->id, u->sid)) != NULL)
		freeReplyObject(r);
	u->id = 0;
	u->role = 0;
	u->name[0] = '\0';
	if (!u->bearer) {
		(void)page_token_new(u->sid, sizeof(u->sid));
		u->sid_new = 1;
		page_csrf_make(infra_conf.secret, u->sid, u->csrf,
		    sizeof(u->csrf));
	}
}

/* Ends every session of a user (after a password change). */
void
page_sessions_drop(int64_t id)
{
	redisReply	*r;
	size_t		 i;

	if ((r = infra_redis("SMEMBERS usess:%lld", (long long)id)) == NULL)
		return;
	if (r->type == REDIS_REPLY_ARRAY) {
		for (i = 0; i < r->elements; i++) {
			redisReply	*d;

			if (r->element[i]->type != REDIS_REPLY_STRING)
				continue;
			if ((d = infra_redis("DEL sess:%s",
			    r->element[i]->str)) != NULL)
				freeReplyObject(d);
		}
	}
	freeReplyObject(r);
	if ((r = infra_redis("DEL usess:%lld", (long long)id)) != NULL)
		freeReplyObject(r);
}

void
page_page_begin(struct infra_buf *b, struct http_request *req,
    struct page_user *u, const char *title, const char *flash)
{
	struct page_layout	l;
	char			path[512];

	infra_buf_init(b);
	if (req->query_string != NULL && req->query_string[0] != '\0')
		(void)snprintf(path, sizeof(path), "%s?%s", req->path,
		    req->query_string);
	else
		(void)kore_strlcpy(path, req->path, sizeof(path));
	memset(&l, 0, sizeof(l));
	l.lang = u->lang;
	l.title = title;
	l.path = page_next_ok(path) ? path : "/";
	l.csrf = u->csrf;
	l.user_name = u->id != 0 ? u->name : NULL;
	l.role = u->role;
	/* A session that could not be read: its owner still has it. */
	l.flash = flash != NULL || !u->sess_down || u->id != 0 ? flash :
	    page_str(PS_SESSIONS_DOWN, u->lang);
	l.shortcode = infra_conf.shortcode;
	l.shell = &page_shell;
	page_layout_open(b, &l);
}

static void
page_headers(struct http_request *req)
{
	http_response_header(req, "x-content-type-options", "nosniff");
	http_response_header(req, "referrer-policy", "same-origin");
	http_response_header(req, "x-frame-options", "DENY");
	/* No script at all: the pages work without it, so forbid it. */
	http_response_header(req, "content-security-policy",
	    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
	    "font-src 'self'; "
	    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
}

int
page_page_end(struct http_request *req, struct page_user *u,
    struct infra_buf *b, int status)
{
	struct page_layout	l;

	memset(&l, 0, sizeof(l));
	l.lang = u->lang;
	l.shortcode = infra_conf.shortcode;
	l.shell = &page_shell;
	page_layout_close(b, &l);
	page_cookie_send(req, u);
	page_headers(req);
	http_response_header(req, "content-type", "text/html; charset=utf-8");
	http_response_header(req, "cache-control", "private, no-cache");
	http_response(req, status, b->data, b->len);
	infra_buf_free(b);
	return (KORE_RESULT_OK);
}

void
page_form_open(struct infra_buf *b, struct page_user *u, const char *action)
{
	page_html_s(b, "<form method=\"post\" action=\"");
	page_html_attr(b, action);
	page_html_s(b, "\" novalidate>");
	page_form_csrf_input(b, u->csrf);
}

/* A form that is one button: a POST to action. */
void
page_form_button(struct infra_buf *b, struct page_user *u, const char *action,
    const char *label)
{
	page_form_open(b, u, action);
	page_form_submit(b, label);
	page_html_s(b, "</form>");
}

int
page_redirect(struct http_request *req, struct page_user *u, const char *to)
{
	page_cookie_send(req, u);
	page_headers(req);
	http_response_header(req, "location", to);
	http_response(req, 303, NULL, 0);
	return (KORE_RESULT_OK);
}

/*
 * What a handler returns while infra_db_run() did not answer OK: Kore's
 * retry while it waits; else the database did not answer (down, a
 * failover, no connection within infra_db's 30 s) -- 503 with
 * Retry-After, as JSON for the API and as a page in the viewer's
 * language that says to try again shortly.  Never a 401/403 or a log-in
 * page: nothing is known about the viewer's rights (issue 13).
 */
int
page_db_wait(struct http_request *req, struct page_user *u, int r)
{
	if (r == INFRA_DB_WAIT)
		return (KORE_RESULT_RETRY);
	http_response_header(req, "retry-after", "10");
	if (u->api)
		return (infra_db_wait(req, r));
	return (page_error(req, u, 503, "database", PS_DB_DOWN));
}

/* An error as JSON (API, in English) or as a page (browser, text). */
int
page_error_text(struct http_request *req, struct page_user *u, int status,
    const char *code, const char *en, const char *text)
{
	struct infra_buf	b;

	if (u->api)
		return (infra_json_error(req, status, code, en));
	page_page_begin(&b, req, u, text, NULL);
	if (status == 401) {
		page_html_s(&b, "<p><a href=\"/login\">");
		page_html_str(&b, PS_NAV_LOGIN, u->lang);
		page_html_s(&b, "</a></p>");
	} else if (status == 404) {
		page_html_s(&b, "<p><a href=\"/\">");
		page_html_str(&b, PS_HOME_LINK, u->lang);
		page_html_s(&b, "</a></p>");
	}
	return (page_page_end(req, u, &b, status));
}

int
page_error(struct http_request *req, struct page_user *u, int status,
    const char *code, enum page_str msg)
{
	return (page_error_text(req, u, status, code, page_str(msg, HLANG_EN),
	    page_str(msg, u->lang)));
}

static void
page_ctx_free(struct http_request *req)
{
	struct page_ctx	*c;

	if ((c = http_state_get(req)) == NULL)
		return;
	infra_ctx_free(req);
	infra_buf_free(&c->out);
	if (c->ctx_done != NULL)
		c->ctx_done(c);
}

/* A handler's state (PAGE_CTX_HEAD first), len bytes, once per request. */
void *
page_ctx(struct http_request *req, size_t len)
{
	struct page_ctx	*c;

	if (http_state_exists(req))
		return (http_state_get(req));
	c = http_state_create(req, len, page_ctx_free);
	memset(c, 0, len);
	return (c);
}

/* Who is asking, read into the state's u once per request. */
void
page_ctx_user(struct http_request *req, void *state)
{
	struct page_ctx	*c = state;

	if (c->started)
		return;
	c->started = 1;
	(void)page_session(req, &c->u);
}

int
page_field(struct http_request *req, const char *name, char *out, size_t len)
{
	out[0] = '\0';
	return (infra_form(req, name, out, len));
}
