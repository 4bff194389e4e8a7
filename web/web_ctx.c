/*
 * The marketplace handlers' state (struct wctx), the extension point the
 * matching module fills on the workspace page, and page_error() with a
 * marketplace message.
 */
#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>

#include <stdio.h>
#include <string.h>

#include "matching/matching_kore.h"
#include "web/web_glue.h"

static void	web_hook_suggested_default(struct infra_buf *,
		    struct page_user *, const char *);

void	(*web_hook_suggested)(struct infra_buf *, struct page_user *,
	    const char *) = web_hook_suggested_default;

int
web_error(struct http_request *req, struct page_user *u, int status,
    const char *code, enum web_str msg)
{
	return (page_error_text(req, u, status, code, web_str(msg, HLANG_EN),
	    web_str(msg, u->lang)));
}

/* The ranked page by the gig's code, as every other link names a gig. */
static void
web_hook_suggested_default(struct infra_buf *b, struct page_user *u,
    const char *code)
{
	page_html_s(b, "<p><a href=\"/workspace/gigs/");
	page_html_attr(b, code);
	page_html_s(b, "/matches\">");
	web_html_str(b, WS_SUGGESTED_LINK, u->lang);
	page_html_s(b, "</a></p>");
}

/* What the applicants' page added to the state: its match scores. */
static void
web_wctx_done(void *state)
{
	struct wctx	*c = state;

	if (c->scores != NULL) {
		match_scores_free(c->scores);
		kore_free(c->scores);
		c->scores = NULL;
	}
}

/* The marketplace's handler state (page_ctx), and its own cleanup. */
struct wctx *
web_wctx(struct http_request *req)
{
	struct wctx	*c;

	c = page_ctx(req, sizeof(*c));
	c->ctx_done = web_wctx_done;
	return (c);
}

/*
 * Who is asking, read once per request, and whether they have one of
 * roles; 0 when page_require() has answered already.
 */
int
web_wctx_require(struct http_request *req, struct wctx *c, int roles)
{
	page_ctx_user(req, c);
	return (page_require(req, &c->u, roles));
}

/* The same, for a query about the viewer's own rows: their id in a[0]. */
int
web_wctx_self(struct http_request *req, struct wctx *c, int roles)
{
	if (!web_wctx_require(req, c, roles))
		return (0);
	(void)snprintf(c->a[0], sizeof(c->a[0]), "%lld", (long long)c->u.id);
	c->argv[0] = c->a[0];
	return (1);
}

int
web_wctx_end(struct http_request *req, struct wctx *c, int status)
{
	struct infra_buf	b;

	/* page_page_end() frees what it sends: hand it over. */
	b = c->out;
	infra_buf_init(&c->out);
	return (page_page_end(req, &c->u, &b, status));
}

void
web_json_user(struct kore_buf *b, int64_t id, const char *name, int role,
    enum hlang lang)
{
	kore_buf_appendf(b, "{\"id\":%lld,\"name\":", (long long)id);
	infra_json_str(b, name);
	kore_buf_appendf(b, ",\"role\":\"%s\",\"lang\":\"%s\"}",
	    page_role_name(role), infra_lang_code(lang));
}

/* A marketplace field error (a taken phone, a wrong code). */
void
web_errs_add(struct page_errs *e, struct page_user *u, const char *name,
    enum web_str id)
{
	page_errs_set(e, name, id == WS_PHONE_TAKEN ? "phone_taken" :
	    id == WS_CODE_BAD ? "code_bad" : "invalid",
	    web_str(id, u->api ? HLANG_EN : u->lang));
}
