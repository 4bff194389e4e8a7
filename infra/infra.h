/*
 * infra: what every Hunar module stands on.
 *
 * This header is pure (no Kore): language codes, phone numbers, SMS
 * encodings.  infra/infra_kore.h is the Kore glue (config, the async-pgsql
 * helper, the per-worker Redis connection, JSON responses, logging); it
 * includes Kore itself, so neither header depends on include order.
 * infra/page.h and infra/page_kore.h are the page kit.
 */
#ifndef HUNAR_INFRA_H
#define HUNAR_INFRA_H

#include <sys/types.h>

#include <signal.h>

#include <stddef.h>
#include <stdint.h>

/* Languages a user can choose; stored as "en", "ru", "ur". */
enum hlang {
	HLANG_EN = 0,		/* English */
	HLANG_RU = 1,		/* Roman Urdu */
	HLANG_UR = 2		/* Urdu script */
};
#define HLANG_COUNT	3

/* infra_mark.c: "name changed at t", shared by one Kore's workers */
int		infra_mark_init(void);
void		infra_mark(const char *);
double		infra_mark_get(const char *);

/* infra_lang.c */
enum hlang	infra_lang_parse(const char *);
int		infra_lang_lookup(const char *, enum hlang *);
const char	*infra_lang_code(enum hlang);
enum hlang	infra_lang_of_code(const char *);

/* infra_text.c: reply texts, one table per module, one lookup */
struct infra_text {
	const char	*key;
	const char	*text[HLANG_COUNT];
};

const char	*infra_text_find(const struct infra_text *, const char *,
		    enum hlang);
const char	*infra_text_findn(const struct infra_text *, const char *,
		    size_t, enum hlang);
int		infra_text_fill(const char *, const char *const *, size_t,
		    char *, size_t);
const char	*infra_comma(enum hlang);
const char	*infra_semicolon(enum hlang);
size_t		infra_list_local(char *, size_t, enum hlang);

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
size_t		infra_sms_room(int, int);
size_t		infra_sms_fit(const char *, size_t, int);
void		infra_hours(const char *, enum hlang, char *, size_t);
size_t		infra_text_cut(char *, size_t, size_t, const char *);
int		infra_sms_fit_arg(char *, size_t, enum hlang, int,
		    int (*)(const char *, void *, char *, size_t), void *,
		    char *, size_t);
ssize_t		infra_utf8_to_ucs2be(const char *, size_t, uint8_t *, size_t);
ssize_t		infra_ucs2be_to_utf8(const uint8_t *, size_t, char *, size_t);
int		infra_utf8_valid(const char *, size_t);
size_t		infra_utf8_scrub(char *, size_t);
size_t		infra_utf8_cut(const char *, size_t, size_t);
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
int		infra_buf_reserve(struct infra_buf *, size_t);
int		infra_buf_add(struct infra_buf *, const void *, size_t);
int		infra_buf_fmt(struct infra_buf *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
int		infra_msgpack_write(void *, const char *, size_t);
int		infra_msgpack_str(const void *, char *, size_t);

/* infra_file.c: a whole file in and out (the daemons) */
int		infra_read_all(int, void *, size_t);
int		infra_write_all(int, const void *, size_t);
int		infra_file_replace(const char *, const void *, size_t);
struct iovec;
#define INFRA_FILE_SYNC		1	/* infra_file_put(): the data */
#define INFRA_FILE_SYNC_DIR	2	/* ... and the folder's rename */
int		infra_file_put(const char *, const char *,
		    const struct iovec *, int, int);
int		infra_file_read(const char *, struct infra_buf *, size_t);

/* infra_env.c: HUNAR_ENV=production refuses development secrets */
int		infra_secret_fit(const char *);
int		infra_proxy_fit(const char *);
const char	*infra_dev_secret(void);
void		infra_pg_password(void);
int		infra_spool_port(void);
int		infra_mo_port(void);

/* infra_pgd.c: the plain programs' connection, the daemons' wait */
struct pg_conn;
struct pg_conn	*infra_pgd_connect(const char *, const char *);
void		infra_pgd_wait(struct pg_conn *, int);
void		infra_pgd_beat(struct pg_conn *, const char *);

struct infra_daemon {
	const char	*name;		/* application_name, log prefix */
	const char	*channel;	/* LISTEN on it, or NULL */
	int		 interval;	/* seconds between rounds at most */
	int		 once;		/* one round, then return */
	int		 batch;		/* a round this full goes again */
	volatile sig_atomic_t *quit;	/* set by the daemon's signals */
	int		(*ready)(struct pg_conn *, void *);	/* or NULL */
	int		(*round)(struct pg_conn *, void *);	/* n, -1 */
	void		*arg;
};

int		infra_pgd_run(struct infra_daemon *);
void		infra_pgd_signals(volatile sig_atomic_t *);
int		infra_pgd_option(struct infra_daemon *, int, const char *);

/* infra_quiet.c: quiet hours, the one rule (PKT, minutes of the day) */
struct infra_quiet {
	int		from;		/* minute of the local day, 21:00 */
	int		to;		/* ... 08:00; from == to: none */
	int		tz_offset;	/* seconds east of UTC: PKT +5:00 */
};

void		infra_quiet_defaults(struct infra_quiet *);
int		infra_quiet_parse(const char *, struct infra_quiet *);
int		infra_quiet_at(const struct infra_quiet *, int64_t);
int64_t		infra_quiet_end(const struct infra_quiet *, int64_t);

/* infra_prom.c: Prometheus' text format (pure half of /metrics) */
#define INFRA_PROM_STATUSES	22	/* 21 statuses and "other" */
#define INFRA_PROM_BUCKETS	12	/* bounds; one more slot: +Inf */

extern const int infra_prom_buckets[INFRA_PROM_BUCKETS];
int		infra_prom_status_slot(int);
int		infra_prom_slot_status(int);
int		infra_prom_bucket(uint64_t);
void		infra_prom_label(struct infra_buf *, const char *);
void		infra_prom_head(struct infra_buf *, const char *, const char *,
		    const char *);
void		infra_prom_histogram(struct infra_buf *, const char *,
		    const char *, const uint64_t *, uint64_t);

/* infra_rds.c: the one Redis connect (host, port, password, timeout) */
struct redisContext;
struct redisContext *infra_redis_open(int, char *, size_t);

/* infra_qs.c: query strings and form bodies, parsed by hand (pure) */
int		infra_qs_get(const char *, size_t, const char *, char *, size_t);
int		infra_hexval(int);
size_t		infra_url_decode(const char *, size_t, char *, size_t);
size_t		infra_json_unescape_u(char *, size_t);

/* infra_proxy.c: the client behind a trusted proxy (pure) */
int		infra_proxy_pick(const char *, const char *, const char *,
		    char *, size_t);

/* infra_backoff.c: a wait that grows with failures, never a lock (pure) */
int		infra_backoff_delay(int, int, int);
int		infra_backoff_wait(int, int64_t, int64_t, int, int);

/* infra_hash.c: FNV-1a of a string, for slots of per-worker tables (pure) */
uint32_t	infra_hash(const char *);

/* infra_memo.c: rendered bytes kept per worker while a stamp holds (pure) */
#define INFRA_MEMO_N		64

struct infra_memo_ent {
	char		 key[96];
	char		 stamp[64];
	char		*data;		/* NULL: a free slot */
	size_t		 len;
	uint64_t	 used;		/* the tick of the last use */
};

struct infra_memo {
	struct infra_memo_ent	ent[INFRA_MEMO_N];
	size_t			bytes;
	size_t			max_bytes;
	uint64_t		tick;
	uint64_t		hits;
	uint64_t		misses;
};

void		infra_memo_init(struct infra_memo *, size_t);
void		infra_memo_clear(struct infra_memo *);
const char	*infra_memo_get(struct infra_memo *, const char *,
		    const char *, size_t *);
int		infra_memo_put(struct infra_memo *, const char *, const char *,
		    const void *, size_t);

#endif
