/*
 * web's private header: what the web_*.c glue files share among
 * themselves and no other module needs (Kannel's gw/dlr_p.h idea).
 * Include after <kore/kore.h> and web/web.h.
 */
#ifndef HUNAR_WEB_GLUE_H
#define HUNAR_WEB_GLUE_H

#define WEB_INPUT_MAX		16

struct web_input {
	int		 n;
	int		 bodyerr;		/* JSON that does not parse */
	const char	*names[WEB_INPUT_MAX];
	char		*vals[WEB_INPUT_MAX];	/* NULL when absent */
	int		 over[WEB_INPUT_MAX];	/* too big to hold */
	int		 typeerr[WEB_INPUT_MAX];	/* wrong JSON type */
	size_t		 used;
	char		 arena[24 * 1024];
};

/* Field errors collected while checking one form. */
struct web_errs {
	int		 n;
	const char	*name[WEB_INPUT_MAX];
	char		 msg[WEB_INPUT_MAX][200];
	char		 code[WEB_INPUT_MAX][32];
};

/*
 * The state of every marketplace handler (infra_ctx: the infra_db first).
 * Pages are written into `out` as each query answers; `out` is freed by
 * web_page_end() or by the state's cleanup if the client goes away.
 */
struct wctx {
	struct infra_db		db;
	struct web_user		u;
	struct web_input	in;
	struct web_errs		err;
	struct infra_buf	out;
	int			loaded;
	int			phase;
	int			status;
	int64_t			id;
	char			code[16];
	char			action[16];
	char			a[12][48];	/* small query arguments */
	const char		*argv[12];
	/* A handler that hands the request to another one: Kore calls the
	 * route's handler again after each RETRY, and it must pass it on. */
	int			(*delegate)(struct http_request *);
};

/* web_session.c */
const char	*web_lang_code(enum hlang);
void		 web_sessions_drop(int64_t);
void		 web_input_load(struct http_request *, struct web_user *,
		    struct web_input *, const char *const *);
int		 web_input_read(struct http_request *, struct web_user *,
		    struct web_input *, const char *const *);
void		 web_input_set(struct web_input *, int, const char *,
		    const char *);
const char	*web_input_get(struct web_input *, const char *);
int		 web_input_bad(struct web_input *, const char *);

struct wctx	*web_wctx(struct http_request *);
int		 web_wctx_require(struct http_request *, struct wctx *, int);
int		 web_wctx_self(struct http_request *, struct wctx *, int);
int		 web_wctx_end(struct http_request *, struct wctx *, int);

/* web_forms.c */
void		 web_errs_add(struct web_errs *, struct web_user *,
		    const char *, enum web_str, long, long);
const char	*web_errs_get(struct web_errs *, const char *);
int		 web_errs_reply(struct http_request *, struct web_user *,
		    struct web_errs *, int);
int		 web_check_text(struct web_errs *, struct web_user *,
		    struct web_input *, const char *, size_t, size_t, int);
void		 web_json_user(struct kore_buf *, int64_t, const char *, int,
		    enum hlang);
int		 web_peer(struct http_request *, char *, size_t);
void		 web_today(char *, size_t);

/* handlers, by file (routes in web/web.conf) */
int		web_home(struct http_request *);
int		web_lang(struct http_request *);
int		web_signup(struct http_request *);
int		web_login(struct http_request *);
int		web_logout(struct http_request *);
int		web_code(struct http_request *);
int		web_api_me(struct http_request *);
int		web_api_hello(struct http_request *);
int		web_gigs(struct http_request *);
int		web_gig(struct http_request *);
int		web_gig_new(struct http_request *);
int		web_my_apps(struct http_request *);
int		web_workspace(struct http_request *);
int		web_applicants(struct http_request *);
int		web_decide(struct http_request *);
int		web_review(struct http_request *);
void		web_review_fields(struct infra_buf *, struct wctx *,
		    const char *, const char *);
int		web_profile_page(struct http_request *);
int		web_profile_edit(struct http_request *);

#endif
