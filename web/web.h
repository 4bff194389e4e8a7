/*
 * web: Hunar's front door for browsers and API clients.
 *
 * The first half is pure (no Kore) and unit-tested: HTML escaping and the
 * page layout written into a struct infra_buf, the UI strings in English,
 * Roman Urdu and Urdu script, form validation, CSRF and session tokens,
 * password hashing, phone masking.
 *
 * The second half (only where <kore/kore.h> was included first) is the
 * auth API the other modules call from their own handlers:
 *
 *	struct web_user	u;
 *
 *	web_session(req, &u);			 who is asking (or anonymous)
 *	if (!web_require(req, &u, WEB_ROLE_TRAINER))
 *		return (KORE_RESULT_OK);	 answered 401/403 already
 *	if (req->method == HTTP_METHOD_POST && !web_csrf_ok(req, &u))
 *		return (KORE_RESULT_OK);	 answered 403 already
 *	web_page_begin(&b, &u, WS_..., "Title");
 *	web_form_open(&b, &u, "/courses/new");	 carries the CSRF token
 *	...
 *	return (web_page_end(req, &u, &b, 200));
 *
 * Sessions live in Redis (key "sess:<sid>", sliding 14 days); the cookie
 * "hunar_sid" is HttpOnly, SameSite=Lax, Secure when HUNAR_COOKIE_SECURE=1.
 * API clients may send "Authorization: Bearer <sid>" instead of the cookie
 * (and then need no CSRF token); cookie-authenticated API calls send the
 * token in the "X-CSRF-Token" header.  Every anonymous visitor to a form
 * gets a sid too, unbound in Redis, so that sign-up and log-in forms carry a
 * CSRF token as well.
 */
#ifndef HUNAR_WEB_H
#define HUNAR_WEB_H

#include <stddef.h>
#include <stdint.h>

#include "infra/infra.h"

/* Roles as a bit mask for web_require(); user_role in SQL. */
#define WEB_ROLE_TRAINEE	0x01	/* trainee / freelancer */
#define WEB_ROLE_TRAINER	0x02
#define WEB_ROLE_EMPLOYER	0x04
#define WEB_ROLE_ADMIN		0x08
#define WEB_ROLE_ANY		0x0f

/* Sizes of the tokens, hex-encoded, without the NUL. */
#define WEB_SID_LEN		64	/* 32 random bytes */
#define WEB_CSRF_LEN		64	/* HMAC-SHA512-256 of the sid */
#define WEB_PWHASH_LEN		128	/* crypto_pwhash_STRBYTES */

/* Pages stay under this (issue 5): the bench and the tests check it. */
#define WEB_PAGE_MAX		(30 * 1024)

/* UI strings, one id each, in every hlang (web_str.c). */
enum web_str {
	WS_NONE = 0,
	WS_SITE, WS_TAGLINE, WS_SKIP, WS_LANG, WS_NAV_HOME, WS_NAV_GIGS,
	WS_NAV_MYAPPS, WS_NAV_WORKSPACE, WS_NAV_PROFILE, WS_NAV_LOGIN,
	WS_NAV_SIGNUP, WS_NAV_LOGOUT, WS_NAV_COURSES, WS_HOME_INTRO,
	WS_HOME_SMS,
	/* accounts */
	WS_SIGNUP_TITLE, WS_LOGIN_TITLE, WS_CLAIM_TITLE, WS_RESET_TITLE,
	WS_F_PHONE, WS_F_PHONE_HINT, WS_F_PASSWORD, WS_F_PASSWORD_HINT,
	WS_F_NAME, WS_F_ROLE, WS_ROLE_TRAINEE, WS_ROLE_TRAINER,
	WS_ROLE_EMPLOYER, WS_ROLE_ADMIN, WS_F_DISTRICT, WS_F_CODE,
	WS_F_CODE_HINT, WS_F_ORG, WS_BTN_SIGNUP, WS_BTN_LOGIN, WS_BTN_LOGOUT,
	WS_BTN_SEND_CODE, WS_BTN_SET_PASSWORD, WS_CODE_SENT, WS_SMS_CODE,
	WS_LOGIN_FAILED, WS_PHONE_TAKEN, WS_RATE_LIMITED, WS_CSRF_FAILED,
	WS_NEED_LOGIN, WS_FORBIDDEN, WS_NOT_FOUND, WS_FORGOT_LINK,
	WS_CLAIM_LINK, WS_CODE_BAD, WS_WELCOME, WS_PASSWORD_SET,
	/* validation: what to fix */
	WS_ERR_SUMMARY, WS_ERR_REQUIRED, WS_ERR_TOO_SHORT, WS_ERR_TOO_LONG,
	WS_ERR_BAD_TEXT, WS_ERR_NUMBER, WS_ERR_PKR, WS_ERR_PKR_RANGE,
	WS_ERR_DATE, WS_ERR_DATE_PAST, WS_ERR_PHONE, WS_ERR_CHOICE,
	WS_ERR_PASSWORD, WS_ERR_RATING, WS_ERR_URL,
	/* gigs */
	WS_GIGS_TITLE, WS_SEARCH, WS_F_QUERY, WS_F_SKILL, WS_F_PROVINCE,
	WS_F_REMOTE, WS_F_BUDGET_MIN, WS_F_BUDGET_MAX, WS_F_POSTED, WS_ANY,
	WS_POSTED_1, WS_POSTED_7, WS_POSTED_30, WS_F_SORT, WS_SORT_NEW,
	WS_SORT_BUDGET, WS_SORT_DEADLINE, WS_SORT_RELEVANCE, WS_NO_GIGS,
	WS_PREV, WS_NEXT, WS_REMOTE, WS_BUDGET, WS_DEADLINE, WS_SMS_APPLY,
	WS_GIG_CODE, WS_F_PROPOSAL, WS_F_PROPOSAL_HINT, WS_BTN_APPLY,
	WS_APPLIED_ALREADY, WS_APPLIED_OK, WS_GIG_CLOSED, WS_MYAPPS_TITLE,
	WS_ST_APPLIED, WS_ST_SHORTLISTED, WS_ST_OFFERED, WS_ST_ACCEPTED,
	WS_ST_DECLINED, WS_ST_HIRED, WS_ST_REJECTED, WS_ST_DONE, WS_ST_OPEN,
	WS_ST_CLOSED, WS_POST_GIG, WS_EDIT_GIG, WS_F_TITLE, WS_F_DESC,
	WS_F_SKILLS_REQ, WS_F_SKILLS_NICE, WS_F_SKILLS_HINT, WS_F_BUDGET,
	WS_F_DEADLINE, WS_BTN_SAVE, WS_BTN_CLOSE_GIG, WS_BTN_DONE_GIG,
	WS_SKILLS_REQ, WS_SKILLS_NICE, WS_STATUS, WS_POSTED_BY,
	WS_NO_APPS, WS_LOGIN_TO_APPLY, WS_FOUND,
	/* employer workspace */
	WS_WORKSPACE_TITLE, WS_APPLICANTS, WS_BTN_SHORTLIST, WS_BTN_REJECT,
	WS_BTN_HIRE, WS_SUGGESTED, WS_SUGGESTED_NONE, WS_NO_APPLICANTS,
	/* reviews */
	WS_REVIEW_TITLE, WS_F_RATING, WS_F_REVIEW, WS_BTN_REVIEW, WS_REVIEWS,
	WS_REVIEW_THANKS,
	/* profiles */
	WS_PROFILE_TITLE, WS_F_BIO, WS_F_LINKS, WS_F_AVAIL, WS_AVAIL_FULL,
	WS_AVAIL_PART, WS_AVAIL_WEEKENDS, WS_AVAIL_NONE, WS_F_LANGS,
	WS_F_PHONE_PUBLIC, WS_SKILLS, WS_LEVEL_1, WS_LEVEL_2, WS_LEVEL_3,
	WS_CERTIFIED, WS_RATING, WS_SAVED, WS_EDIT_PROFILE,
	/* late additions */
	WS_UNAVAILABLE, WS_SMS_HIRED, WS_SMS_REJECTED, WS_SUGGESTED_LINK,
	WS_COUNT
};

const char	*web_str(enum web_str, enum hlang);

/* web_html.c: escaping and the page layout, into an infra_buf (pure) */
void		 web_html_text(struct infra_buf *, const char *);
void		 web_html_textn(struct infra_buf *, const char *, size_t);
void		 web_html_attr(struct infra_buf *, const char *);
void		 web_html_s(struct infra_buf *, const char *);
void		 web_html_url(struct infra_buf *, const char *);
void		 web_html_str(struct infra_buf *, enum web_str, enum hlang);
void		 web_html_card(struct infra_buf *, const char *,
		    const char *, const char *);
void		 web_html_meta(struct infra_buf *, enum web_str, enum hlang,
		    const char *, const char *);

/* What the layout needs to know about the request and the viewer. */
struct web_layout {
	enum hlang	 lang;
	const char	*title;		/* page title (text, escaped) */
	const char	*path;		/* this page, for the language switch */
	const char	*csrf;		/* the log-out form's token, or NULL */
	const char	*user_name;	/* NULL when anonymous */
	int		 role;		/* the viewer's WEB_ROLE_*, or 0 */
	const char	*flash;		/* one message at the top, or NULL */
	const char	*shortcode;	/* SMS short code for the footer */
};

void		 web_layout_open(struct infra_buf *, const struct web_layout *);
void		 web_layout_close(struct infra_buf *,
		    const struct web_layout *);

/* One accessible form field: label, hint and error tied to the input. */
#define WEB_FIELD_TEXT		0
#define WEB_FIELD_PASSWORD	1
#define WEB_FIELD_TEL		2
#define WEB_FIELD_NUMBER	3
#define WEB_FIELD_DATE		4
#define WEB_FIELD_TEXTAREA	5
#define WEB_FIELD_SELECT	6
#define WEB_FIELD_HIDDEN	7
#define WEB_FIELD_CHECKBOX	8

struct web_option {
	const char	*value;
	const char	*label;		/* text, escaped */
};

struct web_field {
	int			 type;
	const char		*name;
	const char		*label;		/* text, escaped */
	const char		*value;		/* current value, or NULL */
	const char		*hint;		/* under the label, or NULL */
	const char		*error;		/* what to fix, or NULL */
	int			 required;
	int			 maxlength;	/* characters, 0 = none */
	const char		*autocomplete;
	const struct web_option	*options;	/* WEB_FIELD_SELECT */
	size_t			 noptions;
};

void		 web_form_field(struct infra_buf *, const struct web_field *);
void		 web_form_errors(struct infra_buf *, enum hlang, int);
void		 web_form_csrf_input(struct infra_buf *, const char *);
void		 web_form_submit(struct infra_buf *, const char *);

/* web_valid.c: checks of form and JSON fields (pure).  Each returns
 * WS_NONE when the value is fine, else the id of the message that says
 * what to fix.  Text lengths count characters (UTF-8 code points). */
#define WEB_TEXT_LINE		0	/* one line: no control characters */
#define WEB_TEXT_MULTI		1	/* newlines and tabs allowed */

enum web_str	 web_valid_text(const char *, size_t, size_t, int);
enum web_str	 web_valid_long(const char *, long, long, long *);
enum web_str	 web_valid_pkr(const char *, long, long, long *);
enum web_str	 web_valid_date(const char *, const char *);
enum web_str	 web_valid_phone(const char *, char *, size_t);
enum web_str	 web_valid_password(const char *);
enum web_str	 web_valid_choice(const char *, const char *const *);
enum web_str	 web_valid_code(const char *, char, char *, size_t);
size_t		 web_utf8_len(const char *);
int		 web_err_fmt(char *, size_t, enum web_str, enum hlang, long,
		    long);
void		 web_phone_mask(const char *, char *, size_t);
void		 web_phone_local(const char *, char *, size_t);
int		 web_role_bit(const char *);
const char	*web_role_name(int);
int		 web_next_ok(const char *);
int		 web_cookie_get(const char *, const char *, char *, size_t);
int		 web_cookie_fmt(char *, size_t, const char *, const char *,
		    int, int, int);

/* web_fmt.c: route paths, status labels, rupees (pure) */
int		 web_path_parse(const char *, const char *, char *, size_t,
		    char *, size_t);
const char	*web_status_label(const char *, enum hlang);
void		 web_money(struct infra_buf *, const char *);

/* web_auth.c: tokens and passwords (pure, libsodium) */
int		 web_token_new(char *, size_t);
int		 web_token_valid(const char *);
void		 web_csrf_make(const char *, const char *, char *, size_t);
int		 web_csrf_verify(const char *, const char *, const char *);
int		 web_password_hash(const char *, char *, size_t);
int		 web_password_verify(const char *, const char *);
void		 web_code_new(char *, size_t);
void		 web_code_digest(const char *, const char *, const char *,
		    char *, size_t);

#if defined(__H_KORE_H)
/* web_session.c: who is asking, sessions, CSRF, page replies. */
struct web_user {
	int64_t		id;		/* 0 when anonymous */
	int		role;		/* one WEB_ROLE_* bit, 0: anonymous */
	enum hlang	lang;
	char		name[96];
	char		sid[WEB_SID_LEN + 1];
	char		csrf[WEB_CSRF_LEN + 1];
	int		sid_new;	/* the response must set the cookie */
	int		bearer;		/* by header, not by cookie */
	int		api;		/* the path is under /api/ */
};

int		web_session(struct http_request *, struct web_user *);
int		web_require(struct http_request *, struct web_user *, int);
int		web_csrf_ok(struct http_request *, struct web_user *);
int		web_login_start(struct http_request *, struct web_user *,
		    int64_t, int, enum hlang, const char *);
void		web_logout_end(struct http_request *, struct web_user *);
void		web_page_begin(struct infra_buf *, struct http_request *,
		    struct web_user *, const char *, const char *);
int		web_page_end(struct http_request *, struct web_user *,
		    struct infra_buf *, int);
void		web_form_open(struct infra_buf *, struct web_user *,
		    const char *);
void		web_form_button(struct infra_buf *, struct web_user *,
		    const char *, const char *);
int		web_redirect(struct http_request *, struct web_user *,
		    const char *);
int		web_error(struct http_request *, struct web_user *, int,
		    const char *, enum web_str);
int		web_field(struct http_request *, const char *, char *, size_t);

/* web_forms.c: JSON replies: one member after the first, the whole body */
int		web_json_send(struct http_request *, int, struct kore_buf *);
void		web_json_field(struct kore_buf *, const char *, const char *);
void		web_json_field_null(struct kore_buf *, const char *,
		    const char *);

/*
 * Extension point for the matching module: the employer's applicant page
 * (/workspace/gigs/<code>) calls it inside its <section id="suggested">
 * with the gig's id; it appends HTML to the buffer and must not block.
 * The default links to matching's ranked page, /workspace/gigs/<id>/matches;
 * a module may set the pointer in its init to show more in place.
 */
extern void	(*web_hook_suggested)(struct infra_buf *, struct web_user *,
		    int64_t);
#endif

#endif
