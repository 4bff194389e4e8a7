/*
 * web_kore.h: the marketplace's Kore half that other modules may call
 * (web/web.h is the pure half).  It includes Kore, the page kit and
 * web/web.h itself, so it declares the same whatever the include order.
 */
#ifndef HUNAR_WEB_KORE_H
#define HUNAR_WEB_KORE_H

#include "infra/page_kore.h"
#include "web/web.h"

/* web_ctx.c: page_error() with a marketplace message */
int		web_error(struct http_request *, struct page_user *, int,
		    const char *, enum web_str);

/*
 * Extension point for the matching module: the employer's applicant page
 * (/workspace/gigs/<code>) calls it inside its <section id="suggested">
 * with the gig's code; it appends HTML to the buffer and must not block.
 * The default links to matching's ranked page,
 * /workspace/gigs/<code>/matches; a module may set the pointer in its
 * init to show more in place.
 */
extern void	(*web_hook_suggested)(struct infra_buf *, struct page_user *,
		    const char *);

#endif
