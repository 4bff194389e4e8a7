/*
 * page_kore.h: the Kore half of the page kit (infra/page.h is the pure
 * half).  It includes Kore and the pure half itself, so it declares the
 * same whatever was included before it.
 */
#ifndef HUNAR_PAGE_KORE_H
#define HUNAR_PAGE_KORE_H

#include "infra/infra_kore.h"
#include "infra/page.h"

/* page_session.c: who is asking, sessions, CSRF, page replies. */
struct page_user {
	int64_t		id;		/* 0 when anonymous */
	int		role;		/* one PAGE_ROLE_* bit, 0: anonymous */
	enum hlang	lang;
	char		name[96];
	char		sid[PAGE_SID_LEN + 1];
	char		csrf[PAGE_CSRF_LEN + 1];
	int		sid_new;	/* the response must set the cookie */
	int		bearer;		/* by header, not by cookie */
	int		api;		/* the path is under /api/ */
	int		sess_down;	/* a session was shown, not readable */
};

/*
 * The head of every page handler's state, the one handler context
 * (issue 12: courses, programmes, matching and web each wrote their own).
 * A domain's state starts with PAGE_CTX_HEAD and adds its own slots after
 * it; page_ctx() makes it once per request, zeroed; page_ctx_user() reads
 * who is asking, once.  When the request goes (answered, or the client
 * gone) the query is ended (infra_ctx_free), the page being written is
 * freed and the domain's ctx_done(), when set, frees what it added.  The kit
 * reads any domain's state through struct page_ctx: the same first
 * members.
 */
#define PAGE_CTX_HEAD							\
	struct infra_db		 db;	/* first: infra_db's state */	\
	struct page_user	 u;	/* who asks: page_ctx_user() */	\
	struct infra_buf	 out;	/* the page being written */	\
	int			 started;	/* u has been read */	\
	void			(*ctx_done)(void *)	/* the domain's cleanup */

struct page_ctx {
	PAGE_CTX_HEAD;
};

void		*page_ctx(struct http_request *, size_t);
void		 page_ctx_user(struct http_request *, void *);

int		page_session(struct http_request *, struct page_user *);
int		page_require(struct http_request *, struct page_user *, int);
int		page_db_wait(struct http_request *, struct page_user *, int);
int		page_csrf_ok(struct http_request *, struct page_user *);
int		page_login_start(struct http_request *, struct page_user *,
		    int64_t, int, enum hlang, const char *);
void		page_logout_end(struct http_request *, struct page_user *);
int		page_session_lang(struct page_user *, enum hlang);
void		page_lang_account_set(int64_t, enum hlang);
void		page_sessions_drop(int64_t);
void		page_page_begin(struct infra_buf *, struct http_request *,
		    struct page_user *, const char *, const char *);
int		page_page_end(struct http_request *, struct page_user *,
		    struct infra_buf *, int);
void		page_form_open(struct infra_buf *, struct page_user *,
		    const char *);
void		page_form_button(struct infra_buf *, struct page_user *,
		    const char *, const char *);
int		page_redirect(struct http_request *, struct page_user *,
		    const char *);
int		page_error(struct http_request *, struct page_user *, int,
		    const char *, enum page_str);
int		page_error_text(struct http_request *, struct page_user *, int,
		    const char *, const char *, const char *);
int		page_field(struct http_request *, const char *, char *, size_t);

/*
 * Fields of a form body or of a JSON object, copied once into the
 * handler's state: the one body reader (page_input.c says what each JSON
 * type reads as).
 */
#define PAGE_INPUT_MAX		20	/* a hub's form: 17 */

struct page_input {
	int		 n;
	int		 bodyerr;		/* JSON that does not parse */
	const char	*names[PAGE_INPUT_MAX];
	char		*vals[PAGE_INPUT_MAX];	/* NULL when absent */
	int		 over[PAGE_INPUT_MAX];	/* too big to hold */
	int		 typeerr[PAGE_INPUT_MAX];	/* wrong JSON type */
	char		*items[PAGE_INPUT_MAX];	/* a JSON array's items */
	int		 nitems[PAGE_INPUT_MAX];
	size_t		 used;
	char		 arena[24 * 1024];
};

void		 page_input_load(struct http_request *, struct page_user *,
		    struct page_input *, const char *const *);
int		 page_input_read(struct http_request *, struct page_user *,
		    struct page_input *, const char *const *);
void		 page_input_set(struct page_input *, int, const char *,
		    const char *);
const char	*page_input_get(struct page_input *, const char *);
int		 page_input_copy(struct page_input *, const char *, char *,
		    size_t);
const char	*page_input_item(struct page_input *, const char *, int);
int		 page_input_bad(struct page_input *, const char *);

/* Field errors collected while checking one form (page_forms.c). */
struct page_errs {
	int		 n;
	const char	*name[PAGE_INPUT_MAX];
	char		 msg[PAGE_INPUT_MAX][200];
	char		 code[PAGE_INPUT_MAX][32];
};

void		 page_errs_add(struct page_errs *, struct page_user *,
		    const char *, enum page_str, long, long);
void		 page_errs_set(struct page_errs *, const char *,
		    const char *, const char *);
const char	*page_errs_get(struct page_errs *, const char *);
int		 page_errs_reply(struct http_request *, struct page_user *,
		    struct page_errs *, int);
int		 page_check_text(struct page_errs *, struct page_user *,
		    struct page_input *, const char *, size_t, size_t, int);
int		 page_peer(struct http_request *, char *, size_t);
void		 page_today(char *, size_t);

/* page_forms.c: JSON replies: one member after the first, the whole body */
int		page_json_send(struct http_request *, int, struct kore_buf *);
void		page_json_field(struct kore_buf *, const char *, const char *);
void		page_json_field_null(struct kore_buf *, const char *,
		    const char *);
void		page_json_num(struct kore_buf *, const char *, const char *);
void		page_json_list(struct kore_buf *, const char *, const char *,
		    const char *);

#endif
