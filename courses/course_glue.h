/*
 * courses' private header: what course_web.c and course_trainer.c share
 * (the handler state, input and path helpers).  Include after
 * <kore/kore.h>, web/web.h and courses/courses.h.
 */
#ifndef HUNAR_COURSE_GLUE_H
#define HUNAR_COURSE_GLUE_H

#define CW_ARGS		16
#define CW_TEXTS	10
#define CW_TEXT_MAX	4096

/*
 * The state of every course handler (infra_ctx: the infra_db first).
 * Each handler runs one query per step and writes its page or JSON only
 * at the end, so a client that goes away leaves nothing behind.
 */
struct cw {
	struct infra_db		db;
	struct web_user		u;
	int			started;
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
int		 cw_body_ok(struct http_request *);
int		 cw_field(struct http_request *, const char *, char *, size_t);
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
		    const struct web_option *, size_t);
void		 cw_link_p(struct infra_buf *, const char *, const char *,
		    const char *);
const char	*cw_mode_label(const char *, enum hlang);
const char	*cw_status_label(const char *, enum hlang);

#endif
