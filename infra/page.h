/*
 * page: the page kit every module's HTML and JSON handlers stand on (no
 * domain word in it).  Files infra/page_*.c, prefix page_.
 *
 * This header is the pure half (no Kore), unit-tested: HTML escaping and
 * the page layout written into a struct infra_buf, the kit's own strings
 * (layout, validation messages, generic errors) in English, Roman Urdu
 * and Urdu script, form validation, CSRF and session tokens, password
 * hashing, phone masking.  infra/page_kore.h is the Kore half (sessions,
 * CSRF checks, page and JSON replies, form input); it includes Kore
 * itself, so what each header declares never depends on include order.
 *
 * The layout writes the document around a page; what the site puts in
 * its header and footer (brand, navigation, footer text) is the site's
 * shell, a struct page_shell the site defines as page_shell
 * (web/web_shell.c).
 *
 *	struct page_user	u;
 *
 *	page_session(req, &u);			 who is asking (or anonymous)
 *	if (!page_require(req, &u, PAGE_ROLE_TRAINER))
 *		return (KORE_RESULT_OK);	 answered 401/403 already
 *	if (req->method == HTTP_METHOD_POST && !page_csrf_ok(req, &u))
 *		return (KORE_RESULT_OK);	 answered 403 already
 *	page_page_begin(&b, req, &u, "Title", NULL);
 *	page_form_open(&b, &u, "/courses/new");	 carries the CSRF token
 *	...
 *	return (page_page_end(req, &u, &b, 200));
 *
 * Sessions live in Redis (key "sess:<sid>", sliding 14 days); the cookie
 * "hunar_sid" is HttpOnly, SameSite=Lax, Secure when HUNAR_COOKIE_SECURE=1.
 * API clients may send "Authorization: Bearer <sid>" instead of the cookie
 * (and then need no CSRF token); cookie-authenticated API calls send the
 * token in the "X-CSRF-Token" header.  Every anonymous visitor to a form
 * gets a sid too, unbound in Redis, so that sign-up and log-in forms carry a
 * CSRF token as well.
 */
#ifndef HUNAR_PAGE_H
#define HUNAR_PAGE_H

#include <stddef.h>
#include <stdint.h>

#include "infra/infra.h"

/* Roles as a bit mask for page_require(); user_role in SQL. */
#define PAGE_ROLE_TRAINEE	0x01	/* trainee / freelancer */
#define PAGE_ROLE_TRAINER	0x02
#define PAGE_ROLE_EMPLOYER	0x04
#define PAGE_ROLE_ADMIN		0x08
#define PAGE_ROLE_OFFICER	0x10	/* a province's programme officer */
#define PAGE_ROLE_ANY		0x1f	/* every role; the bits below are not */
/*
 * A duty on top of the role, set at log-in from the domain's answer
 * (mentoring a hub: the landing page and a navigation link).  Compare a
 * role with (role & PAGE_ROLE_ANY).
 */
#define PAGE_ROLE_MENTOR	0x20

/* Sizes of the tokens, hex-encoded, without the NUL. */
#define PAGE_SID_LEN		64	/* 32 random bytes */
#define PAGE_CSRF_LEN		64	/* HMAC-SHA512-256 of the sid */
#define PAGE_PWHASH_LEN		128	/* crypto_pwhash_STRBYTES */

/* Pages stay under this (issue 5): the bench and the tests check it. */
#define PAGE_MAX_BYTES		(30 * 1024)

/* The kit's own strings, one id each, in every hlang (page_str.c). */
enum page_str {
	PS_NONE = 0,
	PS_SITE, PS_SKIP, PS_LANG, PS_NAV_LOGIN,
	PS_CSRF_FAILED, PS_NEED_LOGIN, PS_FORBIDDEN,
	PS_NOT_FOUND,
	/* validation: what to fix */
	PS_ERR_SUMMARY, PS_ERR_REQUIRED, PS_ERR_TOO_SHORT, PS_ERR_TOO_LONG,
	PS_ERR_BAD_TEXT, PS_ERR_NUMBER, PS_ERR_PKR, PS_ERR_PKR_RANGE,
	PS_ERR_DATE, PS_ERR_DATE_PAST, PS_ERR_PHONE, PS_ERR_CHOICE,
	PS_ERR_PASSWORD, PS_ERR_RATING, PS_ERR_URL,
	/* paging */
	PS_PREV, PS_NEXT,
	PS_HOME_LINK, PS_FILTERS, PS_CLEAR_FILTERS,
	/* identity (issue 13) */
	PS_ERR_PW_COMMON, PS_ERR_PW_PHONE, PS_SESSIONS_DOWN, PS_DB_DOWN,
	PS_COUNT
};

const char	*page_str(enum page_str, enum hlang);

/* page_html.c: escaping and the page layout, into an infra_buf (pure) */
void		 page_html_text(struct infra_buf *, const char *);
void		 page_html_textn(struct infra_buf *, const char *, size_t);
void		 page_html_attr(struct infra_buf *, const char *);
void		 page_html_s(struct infra_buf *, const char *);
void		 page_html_url(struct infra_buf *, const char *);
void		 page_html_str(struct infra_buf *, enum page_str, enum hlang);
void		 page_html_card(struct infra_buf *, const char *,
		    const char *, const char *);
void		 page_html_meta(struct infra_buf *, const char *, const char *,
		    const char *);
void		 page_html_table(struct infra_buf *, const char *, const char *);

/* What the layout needs to know about the request and the viewer. */
struct page_layout {
	enum hlang	 lang;
	const char	*title;		/* page title (text, escaped) */
	const char	*path;		/* this page, for the language switch */
	const char	*csrf;		/* the log-out form's token, or NULL */
	const char	*user_name;	/* NULL when anonymous */
	int		 role;		/* the viewer's PAGE_ROLE_*, or 0 */
	const char	*flash;		/* one message at the top, or NULL */
	const char	*shortcode;	/* SMS short code for the footer */
	const struct page_shell	*shell;	/* the site's header and footer */
};

/*
 * The site's shell: what it writes inside <header> after the kit's skip
 * link (brand, navigation) and inside <footer>.  The kit has none of its
 * own; page_page_begin() uses the site's page_shell.
 */
struct page_shell {
	void	(*header)(struct infra_buf *, const struct page_layout *);
	void	(*footer)(struct infra_buf *, const struct page_layout *);
};

extern const struct page_shell	page_shell;

void		 page_layout_open(struct infra_buf *, const struct page_layout *);
void		 page_layout_close(struct infra_buf *,
		    const struct page_layout *);

/* One accessible form field: label, hint and error tied to the input. */
#define PAGE_FIELD_TEXT		0
#define PAGE_FIELD_PASSWORD	1
#define PAGE_FIELD_TEL		2
#define PAGE_FIELD_NUMBER	3
#define PAGE_FIELD_DATE		4
#define PAGE_FIELD_TEXTAREA	5
#define PAGE_FIELD_SELECT	6
#define PAGE_FIELD_HIDDEN	7
#define PAGE_FIELD_CHECKBOX	8

struct page_option {
	const char	*value;
	const char	*label;		/* text, escaped */
	const char	*group;		/* an <optgroup> label, or NULL */
};

struct page_field {
	int			 type;
	const char		*name;
	const char		*label;		/* text, escaped */
	const char		*value;		/* current value, or NULL */
	const char		*hint;		/* under the label, or NULL */
	const char		*error;		/* what to fix, or NULL */
	int			 required;
	int			 maxlength;	/* characters, 0 = none */
	const char		*autocomplete;
	const struct page_option	*options;	/* PAGE_FIELD_SELECT */
	size_t			 noptions;
};

void		 page_form_field(struct infra_buf *, const struct page_field *);
void		 page_form_errors(struct infra_buf *, enum hlang, int);
void		 page_form_csrf_input(struct infra_buf *, const char *);
void		 page_form_submit(struct infra_buf *, const char *);

/* page_valid.c: checks of form and JSON fields (pure).  Each returns
 * PS_NONE when the value is fine, else the id of the message that says
 * what to fix.  Text lengths count characters (UTF-8 code points). */
#define PAGE_TEXT_LINE		0	/* one line: no control characters */
#define PAGE_TEXT_MULTI		1	/* newlines and tabs allowed */

enum page_str	 page_valid_text(const char *, size_t, size_t, int);
enum page_str	 page_valid_long(const char *, long, long, long *);
enum page_str	 page_valid_pkr(const char *, long, long, long *);
enum page_str	 page_valid_date(const char *, const char *);
enum page_str	 page_valid_phone(const char *, char *, size_t);
enum page_str	 page_valid_password(const char *);
/* page_pw.c: the common-password list and the phone-number rule (pure) */
long		 page_pw_load(const char *);
enum page_str	 page_valid_password_for(const char *, const char *);
enum page_str	 page_valid_choice(const char *, const char *const *);
enum page_str	 page_valid_code(const char *, char, char *, size_t);
size_t		 page_utf8_len(const char *);
int		 page_err_fmt(char *, size_t, enum page_str, enum hlang, long,
		    long);
void		 page_phone_mask(const char *, char *, size_t);
void		 page_phone_local(const char *, char *, size_t);
int		 page_role_bit(const char *);
const char	*page_role_name(int);
int		 page_next_ok(const char *);
int		 page_cookie_get(const char *, const char *, char *, size_t);
int		 page_cookie_fmt(char *, size_t, const char *, const char *,
		    int, int, int);

/* page_fmt.c: route paths, rupees (pure) */
int		 page_path_parse(const char *, const char *, char *, size_t,
		    char *, size_t);
void		 page_money(struct infra_buf *, const char *);

/* page_auth.c: tokens and passwords (pure, libsodium) */
int		 page_token_new(char *, size_t);
int		 page_token_valid(const char *);
void		 page_csrf_make(const char *, const char *, char *, size_t);
int		 page_csrf_verify(const char *, const char *, const char *);
int		 page_password_hash(const char *, char *, size_t);
int		 page_password_verify(const char *, const char *);
void		 page_code_new(char *, size_t);
void		 page_code_digest(const char *, const char *, const char *,
		    char *, size_t);

#endif
