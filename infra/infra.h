/*
 * infra: what every Hunar module stands on.
 *
 * The first half is pure (no Kore): language codes, phone numbers, SMS
 * encodings.  The second half, compiled only where <kore/kore.h> was
 * included first, is the Kore glue: config, the async-pgsql helper, the
 * per-worker Redis connection, JSON responses, sessions, logging.
 */
#ifndef HUNAR_INFRA_H
#define HUNAR_INFRA_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>

/* Languages a user can choose; stored as "en", "ru", "ur". */
enum hlang {
	HLANG_EN = 0,		/* English */
	HLANG_RU = 1,		/* Roman Urdu */
	HLANG_UR = 2		/* Urdu script */
};
#define HLANG_COUNT	3

/* infra_lang.c */
enum hlang	infra_lang_parse(const char *);
int		infra_lang_lookup(const char *, enum hlang *);
const char	*infra_lang_code(enum hlang);

/* infra_phone.c */
int		infra_phone_normalize(const char *, char *, size_t);
void		infra_phone_mask(const char *, char *, size_t);

/* infra_gsm.c: GSM-7 against UCS-2, exact part counts */
#define INFRA_SMS_GSM7		0	/* Kannel coding=0 */
#define INFRA_SMS_UCS2		2	/* Kannel coding=2, UTF-16BE */

struct infra_sms_count {
	int		coding;		/* INFRA_SMS_GSM7 or INFRA_SMS_UCS2 */
	size_t		units;		/* septets (ext = 2) or UTF-16 units */
	int		parts;		/* 0 for an empty text */
	size_t		per_part;	/* 160/153 or 70/67 for this length */
	size_t		remaining;	/* units left in the last part */
};

int		infra_sms_count(const char *, size_t, struct infra_sms_count *);
size_t		infra_sms_fit(const char *, size_t, int);
ssize_t		infra_utf8_to_ucs2be(const char *, size_t, uint8_t *, size_t);
ssize_t		infra_ucs2be_to_utf8(const uint8_t *, size_t, char *, size_t);
int		infra_utf8_valid(const char *, size_t);
int		infra_utf8_next(const unsigned char *, size_t, uint32_t *);
size_t		infra_utf8_put(uint32_t, char *);

/* infra_msgpack.c: msgpack-c helpers (pure) */
struct infra_buf {
	uint8_t		*data;
	size_t		len;
	size_t		cap;
};

void		infra_buf_init(struct infra_buf *);
void		infra_buf_free(struct infra_buf *);
int		infra_buf_add(struct infra_buf *, const void *, size_t);
int		infra_buf_fmt(struct infra_buf *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
int		infra_msgpack_write(void *, const char *, size_t);
int		infra_msgpack_str(const void *, char *, size_t);

/* infra_pgd.c: the plain programs' connection, the daemons' wait */
struct pg_conn;
struct pg_conn	*infra_pgd_connect(const char *, const char *);
void		infra_pgd_wait(struct pg_conn *, int);

/* infra_rds.c: the one Redis connect (host, port, password, timeout) */
struct redisContext;
struct redisContext *infra_redis_open(int, char *, size_t);

/* infra_qs.c: query strings and form bodies, parsed by hand (pure) */
int		infra_qs_get(const char *, size_t, const char *, char *, size_t);
size_t		infra_url_decode(const char *, size_t, char *, size_t);

#if defined(__H_KORE_H)
#include <hiredis/hiredis.h>

/* infra_config.c: ports and secrets from the environment (infra/hunar.env) */
struct infra_config {
	char		pg_dsn[256];
	int		redis_port;
	int		kannel_admin_port;
	char		kannel_admin_password[128];
	char		sms_secret[128];
	char		secret[128];
	int		cookie_secure;
	char		shortcode[32];
};

extern struct infra_config	infra_conf;

void		infra_config_load(void);
const char	*infra_env(const char *, const char *);

/*
 * infra_db.c: Kore's async pgsql as one helper every handler uses.
 *
 * A handler keeps a struct infra_db as the FIRST member of its state
 * (infra_ctx() allocates it once per request and cleans it up when the
 * request goes away, even on a client disconnect).  Each call drives one
 * query; the handler returns KORE_RESULT_RETRY while it answers
 * INFRA_DB_WAIT and is called again when PostgreSQL answers.  On
 * INFRA_DB_OK the rows are in db->sql (kore_pgsql_ntuples/getvalue) until
 * infra_db_next(), which moves to the handler's next step.
 *
 *	c = infra_ctx(req, sizeof(*c));
 *	if (c->db.step == 0) {
 *		if ((r = infra_db_run(req, &c->db, SQL_X, 1, args)) != INFRA_DB_OK)
 *			return (infra_db_wait(req, r));
 *		... read rows ...
 *		infra_db_next(&c->db);
 *	}
 */
#define INFRA_DB_OK		0
#define INFRA_DB_WAIT		1
#define INFRA_DB_ERROR		2

struct infra_db {
	struct kore_pgsql	sql;
	int			state;
	int			step;
	int			inited;
};

void		*infra_ctx(struct http_request *, size_t);
int		infra_db_run(struct http_request *, struct infra_db *,
		    const char *, int, const char **);
int		infra_db_wait(struct http_request *, int);
void		infra_db_next(struct infra_db *);
void		infra_db_drop_dead(struct kore_pgsql *);
int		infra_db_rows(struct infra_db *);
const char	*infra_db_get(struct infra_db *, int, int);
int		infra_db_isnull(struct infra_db *, int, int);

/* infra_redis.c: one Redis connection per worker, timeouts, reconnect */
redisReply	*infra_redis(const char *, ...);
redisReply	*infra_redis_argv(int, const char **, const size_t *);
int		infra_redis_ok(void);
int		infra_ratelimit(const char *, int, int);

/* infra_json.c: JSON replies; every error has one body:
 *   {"error": {"code": "<machine code>", "message": "<human text>"}}
 */
void		infra_json_reply(struct http_request *, int, struct kore_buf *);
int		infra_json_error(struct http_request *, int, const char *,
		    const char *);
void		infra_json_str(struct kore_buf *, const char *);
void		infra_json_strn(struct kore_buf *, const char *, size_t);
int		infra_json_body(struct http_request *, struct kore_json *);

/* infra_http.c: request helpers */
int		infra_is_loopback(struct http_request *);
int		infra_arg(struct http_request *, const char *, char *, size_t);
int		infra_form(struct http_request *, const char *, char *, size_t);
int		infra_text_reply(struct http_request *, int, const char *);
int		infra_secret_eq(const char *, const char *);

/* infra_health.c */
int		infra_healthz(struct http_request *);
int		infra_kannel_status(char *, size_t);
#endif

#endif
