/*
 * courses' private header: what course_web.c and course_trainer.c share
 * (the handler state, input and path helpers) and the handlers kore.conf
 * names.  It includes Kore, the page kit and courses/courses.h itself.
 */
#ifndef HUNAR_COURSE_GLUE_H
#define HUNAR_COURSE_GLUE_H

#include "infra/page_kore.h"
#include "courses/courses.h"

/* course_web.c, course_trainer.c: pages and /api/v1 (courses.conf) */
int		course_catalog(struct http_request *);
int		course_page(struct http_request *);
int		course_action(struct http_request *);
int		course_lesson(struct http_request *);
int		course_verify_page(struct http_request *);
int		course_trainer_list(struct http_request *);
int		course_edit(struct http_request *);
int		course_lesson_edit(struct http_request *);
int		course_lesson_text(struct http_request *);
int		course_learners(struct http_request *);

#define CW_ARGS		16
#define CW_TEXTS	13
#define CW_TEXT_MAX	4096

/*
 * The state of every course handler (infra_ctx: the infra_db first).
 * Each handler runs one query per step and writes its page or JSON only
 * at the end, so a client that goes away leaves nothing behind.
 */
struct cw {
	PAGE_CTX_HEAD;
	struct page_input	in;		/* the body's fields */
	int			status;
	int			pos;		/* lesson position, 0: new */
	int			nlessons;
	char			code[16];	/* course code from the path */
	char			verb[16];	/* last path segment */
	char			a[CW_ARGS][96];	/* short values, query args */
	const char		*p[CW_ARGS];
	char			t[CW_TEXTS][CW_TEXT_MAX];	/* long fields */
	char			err[1024];	/* what to fix, one per line */
	int			nerr;
	char			flash[512];
};

/* course_web.c */
struct cw	*cw_ctx(struct http_request *);
int		 cw_path(const char *, struct cw *);
int		 cw_db_fail(struct http_request *, struct cw *, int);
int		 cw_refuse(struct http_request *, struct cw *, int);
void		 cw_err(struct cw *, const char *, const char *);
void		 cw_errors_html(struct infra_buf *, struct cw *);
int		 cw_errors_json(struct http_request *, struct cw *);
int		 cw_text_ok(const char *, size_t, size_t, int);
void		 cw_json_kv(struct kore_buf *, const char *, const char *,
		    int);
void		 cw_select_field(struct infra_buf *, struct cw *,
		    const char *, enum course_ui_str, const char *,
		    const struct page_option *, size_t);
void		 cw_link_p(struct infra_buf *, const char *, const char *,
		    const char *);
const char	*cw_mode_label(const char *, enum hlang);
const char	*cw_status_label(const char *, enum hlang);

#endif
