/*
 * web's private header: what the web_*.c glue files share among
 * themselves and no other module needs (Kannel's gw/dlr_p.h idea).
 * It includes what it needs itself.
 */
#ifndef HUNAR_WEB_GLUE_H
#define HUNAR_WEB_GLUE_H

#include "web/web_kore.h"
#include "web/web_search.h"

struct match_scores;

/*
 * The state of every marketplace handler (infra_ctx: the infra_db first).
 * Pages are written into `out` as each query answers; `out` is freed by
 * page_page_end() or by the state's cleanup if the client goes away.
 */
struct wctx {
	PAGE_CTX_HEAD;
	struct page_input	in;
	struct page_errs	err;
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
	/* A search: the cache's reply, what the worker's index answered
	 * (web_gig.c). */
	struct infra_rwait	rw;
	struct ws_result	ix;
	int64_t			ixver;
	char			ixids[SRCH_PAGE_MAX * 21 + 3];
	char			ixtotal[16];
	char			tsq[512];
	char			like[256];
	/* The applicants' match scores (matching_kore.h), when asked. */
	struct match_scores	*scores;
};

/* The accounts' handler state (web_account.c, web_signup.c). */
struct acct {
	PAGE_CTX_HEAD;
	struct page_input	in;
	struct page_errs	err;
	int			phase;
	int			flash;
	char			phone[16];
	char			peer[64];
	char			hash[PAGE_PWHASH_LEN];
	char			claim[PAGE_SID_LEN + 1];
	char			dclaim[65];
	char			dcode[65];
	char			sms[512];
	char			lang[4];
	char			ttl[12];
	const char		*argv[12];
};

/* web_account.c: what the accounts' handlers share */
struct acct	*web_acct(struct http_request *);
const char	*web_acct_home(int);
int		 web_acct_session(struct http_request *, struct page_user *,
		    int);
void		 web_acct_field(struct infra_buf *, struct acct *, int,
		    const char *, enum web_str, enum web_str, int,
		    const char *);
int		 web_code_gate(struct http_request *, struct acct *,
		    const char *, int, const char *, int, int);

/* web_ctx.c: the handler state, the account as JSON, field errors */
struct wctx	*web_wctx(struct http_request *);
int		 web_wctx_require(struct http_request *, struct wctx *, int);
int		 web_wctx_self(struct http_request *, struct wctx *, int);
int		 web_wctx_end(struct http_request *, struct wctx *, int);
void		 web_json_user(struct kore_buf *, int64_t, const char *, int,
		    enum hlang);
void		 web_errs_add(struct page_errs *, struct page_user *,
		    const char *, enum web_str);

/* handlers, by file (routes in web/web.conf) */
int		web_home(struct http_request *);
int		web_lang(struct http_request *);
int		web_signup(struct http_request *);
int		web_signup_verify(struct http_request *);
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
void		web_skills_inline(struct infra_buf *, const char *, enum hlang);
int		web_profile_edit(struct http_request *);

#endif
