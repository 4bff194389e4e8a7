/*
 * The site's shell: what every page shows around its content -- the
 * tagline and the navigation in the header, the SMS hint in the footer.
 * The page kit's layout (infra/page_html.c) calls it through page_shell.
 * Pure: unit-tested with the layout.
 */
#include <stdio.h>

#include "web/web.h"

#define S(b, s)		page_html_s((b), (s))

static void	web_shell_header(struct infra_buf *, const struct page_layout *);
static void	web_shell_footer(struct infra_buf *, const struct page_layout *);

const struct page_shell	page_shell = {
	web_shell_header, web_shell_footer
};

static void
web_shell_link(struct infra_buf *b, const char *href, const char *label)
{
	S(b, "<a href=\"");
	page_html_attr(b, href);
	S(b, "\">");
	page_html_text(b, label);
	S(b, "</a>");
}

static void
web_shell_header(struct infra_buf *b, const struct page_layout *l)
{
	enum hlang	lang = l->lang;

	S(b, "<span>");
	web_html_str(b, WS_TAGLINE, lang);
	S(b, "</span><nav>");
	web_shell_link(b, "/gigs", web_str(WS_NAV_GIGS, lang));
	web_shell_link(b, "/courses", web_str(WS_NAV_COURSES, lang));
	web_shell_link(b, "/hubs", web_str(WS_NAV_HUBS, lang));
	if (l->user_name != NULL) {
		if (l->role & (PAGE_ROLE_OFFICER | PAGE_ROLE_ADMIN))
			web_shell_link(b, "/officer",
			    web_str(WS_NAV_PROGRAMMES, lang));
		if (l->role & PAGE_ROLE_MENTOR)
			web_shell_link(b, "/me/mentoring",
			    web_str(WS_NAV_MENTORING, lang));
		if (l->role & PAGE_ROLE_TRAINER)
			web_shell_link(b, "/trainer/courses",
			    web_str(WS_NAV_MYCOURSES, lang));
		if (l->role & PAGE_ROLE_TRAINEE)
			web_shell_link(b, "/me/applications",
			    web_str(WS_NAV_MYAPPS, lang));
		if (l->role & (PAGE_ROLE_EMPLOYER | PAGE_ROLE_ADMIN))
			web_shell_link(b, "/workspace",
			    web_str(WS_NAV_WORKSPACE, lang));
		web_shell_link(b, "/me/profile", web_str(WS_NAV_PROFILE, lang));
		web_shell_link(b, "/me/data", web_str(WS_NAV_MYDATA, lang));
		S(b, "<form method=\"post\" action=\"/logout\">");
		page_form_csrf_input(b, l->csrf);
		S(b, "<button type=\"submit\">");
		web_html_str(b, WS_NAV_LOGOUT, lang);
		S(b, "</button></form>");
	} else {
		web_shell_link(b, "/login", page_str(PS_NAV_LOGIN, lang));
		web_shell_link(b, "/signup", web_str(WS_NAV_SIGNUP, lang));
	}
	S(b, "</nav>");
}

static void
web_shell_footer(struct infra_buf *b, const struct page_layout *l)
{
	char	sms[256];

	(void)snprintf(sms, sizeof(sms), web_str(WS_HOME_SMS, l->lang),
	    l->shortcode != NULL ? l->shortcode : "8282");
	page_html_text(b, sms);
}
