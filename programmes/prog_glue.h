/*
 * programmes' private header: the handlers kore.conf names, and the
 * handler state and helpers its page files share.  It includes Kore, the
 * page kit and programmes/programmes.h itself.
 */
#ifndef HUNAR_PROG_GLUE_H
#define HUNAR_PROG_GLUE_H

#include "infra/page_kore.h"
#include "programmes/programmes.h"

/* prog_web.c: the hub directory and pages, an officer's programmes */
int		 prog_hubs(struct http_request *);
int		 prog_hub_page(struct http_request *);
int		 prog_officer(struct http_request *);
int		 prog_programme(struct http_request *);

/*
 * prog_office.c: a hub's codes and slots, copying courses, own data, a
 * mentor's hubs
 */
int		 prog_officer_hub(struct http_request *);
int		 prog_replicate_page(struct http_request *);
int		 prog_me_data(struct http_request *);
int		 prog_me_mentoring(struct http_request *);

/* prog_forms.c: creating and editing programmes and hubs */
int		 prog_programme_form(struct http_request *);
int		 prog_hub_form(struct http_request *);

/* prog_dash.c: the dashboards and their CSV */
int		 prog_dash(struct http_request *);

#define PW_ARGS		8

/* Every programmes handler's state (infra_ctx: the infra_db first). */
struct pw {
	PAGE_CTX_HEAD;
	int			 done;		/* the action step ran */
	char			 a[PW_ARGS][128];
	const char		*p[PW_ARGS];
	const char		*q[PW_ARGS];	/* one query's own order */
	char			 flash[256];
	int			 gate;		/* prog_dash.c: the right's step */
	char			 gstamp[48];	/* ... the generation it is kept under */
};

#define S(b, s)		page_html_s((b), (s))
#define T(b, s)		page_html_text((b), (s))
#define U(c, s)		prog_ui((s), (c)->u.lang)

/* prog_web.c */
struct pw	*pw_ctx(struct http_request *);
int		 pw_fail(struct http_request *, struct pw *, int);
int		 pw_require(struct http_request *, struct pw *, int);
int		 pw_denied(struct http_request *, struct pw *, const char *);
int		 pw_path_id(const char *, const char *, char *, size_t);
const char	*pw_lang(struct pw *);
int		 pw_page_end(struct http_request *, struct pw *,
		    struct infra_buf *);
void		 pw_para(struct infra_buf *, const char *, const char *);
void		 pw_dt(struct infra_buf *, const char *, const char *);
void		 pw_table_open(struct infra_buf *, const char *);
void		 pw_slot_card(struct infra_buf *, struct infra_db *, int);
void		 pw_slot_button(struct infra_buf *, struct pw *, const char *,
		    const char *, const char *);
void		 pw_slot_end(struct infra_buf *, struct pw *, const char *,
		    const char *, const char *);

#endif
