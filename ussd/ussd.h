/*
 * ussd: Hunar's front door for feature phones -- SMS keywords through
 * Kannel's smsbox, delivery reports, and the USSD menus.
 *
 * This header is pure (no Kore) and unit-tested: the keyword parser and
 * the SMS reply templates in English, Roman Urdu and Urdu script.
 * ussd/ussd_kore.h is the Kore half.
 * The channel acts through SQL functions (sms_cmd() in
 * ussd/sql/R__sms_outbox.sql, course_sms(), gig_apply()); it holds no
 * domain rules of its own.
 */
#ifndef HUNAR_USSD_H
#define HUNAR_USSD_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>

#include "infra/infra.h"

/* ---- SMS keywords and replies (ussd_keyword.c, ussd_text.c) ---- */

/* Parts an SMS reply may cost at most; longer ones are cut to fit. */
#define USSD_SMS_PARTS_MAX	2

enum ussd_kw {
	USSD_KW_NONE = 0,	/* empty text */
	USSD_KW_UNKNOWN,	/* text, but no command */
	USSD_KW_HELP,
	USSD_KW_JOIN,		/* arg: "name district" as typed */
	USSD_KW_LANG,		/* arg: en | ru | ur, or "" */
	USSD_KW_COURSES,	/* arg: skill words, or "" */
	USSD_KW_GIGS,		/* arg: skill words, or "" */
	USSD_KW_APPLY,		/* arg: gig code; rest: proposal */
	USSD_KW_YES,
	USSD_KW_NO,
	USSD_KW_STATUS,
	USSD_KW_STOP,
	USSD_KW_START,
	USSD_KW_GAP,		/* arg: gig code, or "" */
	USSD_KW_COURSE,		/* verb/arg for course_sms(): ENROLL, VERIFY,
				   LEAVE, NEXT, REPEAT, PROGRESS, SKIP,
				   ANSWER */
	USSD_KW_MORE,		/* the next page of the last list */
	USSD_KW_ABOUT,		/* arg: "f 19", "m", "19": gender, age */
	USSD_KW_PROG,		/* verb/arg for prog_sms(): HUB, IN, MENTOR,
				   MYDATA, DELETE */
	USSD_KW_SEAT,		/* shared phones, verb for sms_seat(): WHO;
				   PICK (arg: the seat, pin); ADD (arg: the
				   name); PIN (pin; arg "bare" for 4 digits
				   alone, "bad" for no 4 digits) */
	USSD_KW_COUNT
};

/* No language could be told from the words alone. */
#define USSD_LANG_NONE		(-1)

struct ussd_cmd {
	enum ussd_kw	kw;
	int		lang;		/* hlang of the keyword, or
					   USSD_LANG_NONE (English words
					   say nothing: everyone uses them) */
	char		verb[16];	/* the canonical verb, e.g. "JOIN" */
	char		arg[96];
	char		rest[320];	/* APPLY's proposal */
	char		word[32];	/* the first word, for the unknown reply */
	char		pin[8];		/* USSD_KW_SEAT: 4 digits, or "" */
};

/* ussd_keyword.c */
size_t		 ussd_text_norm(const char *, char *, size_t);
int		 ussd_keyword_parse(const char *, struct ussd_cmd *);
const char	*ussd_kw_name(enum ussd_kw);

/* ussd_text.c: a reply from an sms_cmd() row (status, lang, a, b, c) */
int		 ussd_reply(const char *, enum hlang, const char *,
		    const char *, const char *, char *, size_t);
size_t		 ussd_reply_cap(char *, size_t, int *);
int		 ussd_outbox_text(const char *, const char *, const char *,
		    const char *, char *, size_t);

/* ussd_seat.c: shared phones -- PIN hashes, the seat verbs' texts */
#define USSD_PIN_HASH_LEN	70	/* "a2id1$" + 64 hex digits */
#define USSD_PIN_TRIES		5	/* wrong PINs a number may send ... */
#define USSD_PIN_WINDOW		900	/* ... in this many seconds */
int		 ussd_pin_hash(const char *, const char *, char *, size_t);
const char	*ussd_seat_text(const char *, enum hlang);
void		 ussd_reply_for(const char *, enum hlang, char *, size_t);

/* ---- USSD menus (ussd_menu*.c) ---- */

/*
 * A pure state machine, one call pair per hop.  The glue (ussd_http.c,
 * ussd_smpp.c) loads the session's state from Redis, hands the latest
 * input to ussd_menu_input(), which moves the state and says what the
 * next screen needs (struct ussd_req: data to fetch or an action to do,
 * both one call of the SQL function ussd_fetch()); the rows come back
 * to ussd_menu_render(), which writes the screen and answers CON or END.
 */
#define USSD_SCREEN_GSM7	182	/* one USSD screen, GSM-7 characters */
#define USSD_SCREEN_UCS2	80	/* ... when it needs UCS-2 */
#define USSD_SCREEN_BYTES	800	/* a screen's UTF-8 bytes, at most */
#define USSD_INPUT_MAX		64	/* bytes of one input segment */
#define USSD_STATE_MAX		400	/* a serialised state, in bytes */
#define USSD_PAGE_MAX		9	/* items on a page, numbered 1-9 */
#define USSD_KEY_MAX		12	/* an item key: C101, G1001, 17 */
#define USSD_NAME_MAX		41	/* a registration name, bytes + NUL */
#define USSD_BACK_MAX		8	/* pages remembered for "0 Back" */
#define USSD_RECAP_MAX		480	/* the SMS recap after an action */

#define USSD_MORE		98	/* "98 More" */
#define USSD_END		0	/* ussd_menu_render(): END ... */
#define USSD_CON		1	/* CON ... */

enum ussd_screen {
	USSD_S_START = 0,	/* nothing shown yet */
	USSD_S_REG_LANG,	/* new number: language */
	USSD_S_REG_NAME,	/* ... name */
	USSD_S_REG_PROV,	/* ... province */
	USSD_S_REG_DIST,	/* ... district */
	USSD_S_MAIN,
	USSD_S_COURSES,
	USSD_S_COURSE,
	USSD_S_GIGS,
	USSD_S_GIG,
	USSD_S_OFFERS,
	USSD_S_OFFER,
	USSD_S_LANG,
	USSD_S_END,		/* the session is over */
	USSD_S_DONE,		/* an action's result or help, "0 Back" */
	USSD_S_REG_GENDER,	/* new number: gender (optional) */
	USSD_S_REG_AGE,		/* ... age band (optional) */
	USSD_S_WHO,		/* a shared phone: who is this? (seats) */
	USSD_S_PIN,		/* ... their PIN (pick: the seat, or "new") */
	USSD_S_NEW_NAME,	/* ... someone new: their name */
	USSD_S_COUNT
};

/* What the next screen needs from the database (ussd_fetch() kinds). */
enum ussd_need {
	USSD_NEED_NONE = 0,
	USSD_NEED_USER,		/* who is this number */
	USSD_NEED_PROVINCES,
	USSD_NEED_DISTRICTS,	/* arg: province id */
	USSD_NEED_COURSES,
	USSD_NEED_COURSE,	/* arg: course code */
	USSD_NEED_GIGS,		/* arg: the caller's district id, or "" */
	USSD_NEED_GIG,		/* arg: gig code */
	USSD_NEED_OFFERS,
	USSD_NEED_OFFER,	/* arg: application id */
	USSD_NEED_STATUS,
	USSD_DO_REGISTER,	/* arg: district id, then the gender (f, m,
				   s: skipped) and the age band (1-4, 0:
				   skipped) when asked ("17f2"); arg2: name */
	USSD_DO_LANG,
	USSD_DO_ENROLL,		/* arg: course code */
	USSD_DO_APPLY,		/* arg: gig code */
	USSD_DO_ANSWER,		/* arg: application id, arg2: yes | no */
	USSD_DO_PICK,		/* arg: the seat, arg2: the PIN typed (the
				   glue sends its hash, ussd_pin_hash()) */
	USSD_DO_ADD,		/* someone new on a shared phone: arg the
				   PIN typed (sent as its hash), arg2 name */
	USSD_NEED_HUBS,		/* the hubs nearest the caller (programmes'
				   prog_hubs_near(), as SMS HUB) */
	USSD_NEED_COUNT
};

struct ussd_req {
	enum ussd_need	need;
	char		arg[USSD_KEY_MAX];
	char		arg2[USSD_NAME_MAX];
	int		off;		/* list offset */
	int		lim;		/* rows wanted: a page and one more */
};

/* One row of ussd_fetch(): k, a, b, c as text ("" for NULL). */
struct ussd_row {
	const char	*k;
	const char	*a;
	const char	*b;
	const char	*c;
};

/* Hints shown above a re-prompted screen. */
#define USSD_HINT_NONE		0
#define USSD_HINT_CHOICE	1	/* no such choice */
#define USSD_HINT_NAME		2	/* a name, 2-40 letters */
#define USSD_HINT_LONG		3	/* the input was too long */
#define USSD_HINT_RESUMED	4	/* a dropped session, resumed */
#define USSD_HINT_FAILED	5	/* the database did not answer */
#define USSD_HINT_PIN		6	/* a wrong PIN */

struct ussd_state {
	int		screen;		/* enum ussd_screen */
	int		lang;		/* enum hlang */
	int		registered;
	int		prov;		/* chosen province id */
	int		dist;		/* the caller's district, 0: unknown */
	int		off;		/* offset of the page shown */
	int		nback;		/* earlier pages' offsets */
	int		back[USSD_BACK_MAX];
	int		nkeys;		/* the page's items, 1..nkeys */
	char		keys[USSD_PAGE_MAX][USSD_KEY_MAX];
	int		more;		/* the list goes on: "98 More" */
	char		pick[USSD_KEY_MAX];	/* the item chosen */
	char		name[USSD_NAME_MAX];	/* registration name */
	int		say;		/* an END screen's text (ussd_txt) */
	int		hint;		/* transient: USSD_HINT_* */
	int		small;		/* not saved: screens of 160 GSM-7 / 70
					   UCS-2 (Kannel's SMPP path) */
	int		quiet;		/* not saved: quiet hours now, an SMS
					   recap waits for the morning */
};

/* ussd_menu.c */
void		 ussd_menu_init(struct ussd_state *);
size_t		 ussd_menu_segment(const char *, size_t, const char **);
void		 ussd_menu_input(struct ussd_state *, const char *, size_t,
		    struct ussd_req *);
void		 ussd_menu_resume(struct ussd_state *, struct ussd_req *);
int		 ussd_menu_render(struct ussd_state *, const struct ussd_req *,
		    const struct ussd_row *, int, char *, size_t, char *,
		    size_t);
int		 ussd_menu_fits(const char *, size_t);
int		 ussd_menu_fits_in(const char *, size_t, size_t, size_t);
const char	*ussd_need_kind(enum ussd_need);
int		 ussd_state_save(const struct ussd_state *, char *, size_t);
int		 ussd_state_load(struct ussd_state *, const char *, size_t);
int		 ussd_smpp_op(const char *, size_t, int *, char *, size_t);

/*
 * ussd_who.c: the dial's person (ussd_fetch()'s 'user' answer: one row
 * or none), kept per worker while the caller's generation holds
 */
#define USSD_WHO_SLOTS		8192
#define USSD_WHO_MS		300000	/* then asked again (last_active) */
int		 ussd_who_get(const char *, uint64_t, uint64_t,
		    struct ussd_row *);
void		 ussd_who_put(const char *, uint64_t, uint64_t,
		    const struct ussd_row *, int);
void		 ussd_who_clear(void);

/* ussd_menu_text.c: every screen's words, in each hlang */
enum ussd_txt {
	USSD_T_WELCOME_LANG,	/* new number: choose a language */
	USSD_T_ASK_NAME,
	USSD_T_ASK_PROV,
	USSD_T_ASK_DIST,
	USSD_T_REGISTERED,	/* %s name */
	USSD_T_MAIN,
	USSD_T_COURSES,
	USSD_T_NO_COURSES,
	USSD_T_COURSE,		/* %s code %s title %s mode %s start */
	USSD_T_ENROLL_OPT,
	USSD_T_GIGS,
	USSD_T_NO_GIGS,
	USSD_T_GIG,		/* %s code %s title %s budget %s place */
	USSD_T_APPLY_OPT,
	USSD_T_OFFERS,
	USSD_T_NO_OFFERS,
	USSD_T_OFFER,		/* %s code %s title %s budget */
	USSD_T_OFFER_OPT,
	USSD_T_LANG,
	USSD_T_LANG_SET,
	USSD_T_HELP,
	USSD_T_BYE,
	USSD_T_MORE,
	USSD_T_BACK,
	USSD_T_GONE,		/* the item is no longer there */
	USSD_T_STATUS_HEAD,
	USSD_T_STATUS_NONE,
	USSD_T_ENR_OK,		/* %s code %s title */
	USSD_T_ENR_WEB,		/* %s code %s title: an online course */
	USSD_T_ENR_CENTRE,	/* %s code %s title %s place */
	USSD_T_ENR_WAIT,	/* %s code %s title %s place */
	USSD_T_ENR_ALREADY,	/* %s code %s title */
	USSD_T_ENR_NO,		/* %s code */
	USSD_T_ENR_NOT_ALLOWED,
	USSD_T_APP_OK,		/* %s code %s title */
	USSD_T_APP_ALREADY,
	USSD_T_APP_CLOSED,
	USSD_T_APP_NOT_ALLOWED,
	USSD_T_ANS_YES,		/* %s code %s title %s contact */
	USSD_T_ANS_NO,
	USSD_T_ANS_GONE,
	USSD_T_RECAP_ENR,	/* SMS: %s code %s title */
	USSD_T_RECAP_WAIT,	/* SMS: %s code %s title %s place */
	USSD_T_RECAP_APP,	/* SMS: %s code %s title */
	USSD_T_HINT_CHOICE,
	USSD_T_HINT_NAME,
	USSD_T_HINT_LONG,
	USSD_T_HINT_RESUMED,
	USSD_T_HINT_FAILED,
	USSD_T_ENDED,
	USSD_T_ASK_GENDER,	/* optional, for statistics only */
	USSD_T_ASK_AGE,
	USSD_T_RECAP_NOW,	/* "A recap SMS follows." */
	USSD_T_RECAP_LATER,	/* "... comes by 8 am." */
	USSD_T_WHO,		/* shared phones: "Who is this?" */
	USSD_T_ASK_PIN,
	USSD_T_HELLO,		/* %s name: picked */
	USSD_T_HINT_PIN,	/* a wrong PIN */
	USSD_T_PIN_LOCKED,	/* too many wrong PINs: END */
	USSD_T_ASK_NEW_NAME,	/* someone new: their name */
	USSD_T_ADD_FAILED,	/* ... not added: END */
	USSD_T_HUBS_HEAD,	/* the nearest hubs: head line */
	USSD_T_HUBS_NONE,
	USSD_T_HUBS_WOMEN,	/* a women-only hub's mark */
	USSD_T_COUNT
};

const char	*ussd_menu_text(enum ussd_txt, int);
const char	*ussd_menu_word(const char *, int);

/* ---- end of USSD menus ---- */

/* ---- the browser phone's wire (ussd_phoneline.c; issue 11) ---- */

#define USSD_PHONE_8BIT		0	/* "text" or "data" */
#define USSD_PHONE_UCS2		2	/* "ucs2" / "ucs-2": UTF-16BE */
#define USSD_PHONE_GUESS	3	/* a part's "data": either of them */
#define USSD_PHONE_RAW		400	/* bytes of one part's payload */
#define USSD_PHONE_PARTS	8	/* parts of one message, at most */
#define USSD_PHONE_SLOTS	16	/* messages being put together */
#define USSD_PHONE_ASM_TTL	60	/* seconds a part waits for the rest */
#define USSD_PHONE_TEXT_MAX	(USSD_PHONE_PARTS * USSD_PHONE_RAW * 2)

/* One line from bearerbox's fake SMSC: a message, or a part of one. */
struct ussd_phone_part {
	char		from[24];
	char		to[24];
	int		kind;		/* USSD_PHONE_8BIT, _UCS2, _GUESS */
	int		plain;		/* came as "text": raw, one line */
	int		ref;		/* concatenation: 0 when whole */
	int		total;
	int		seq;
	unsigned char	raw[USSD_PHONE_RAW];
	size_t		rawlen;
};

struct ussd_phone_slot {
	char		to[24];
	int		ref;
	int		total;		/* 0: free */
	int		kind;
	unsigned int	got;		/* bit per part */
	long long	at;
	size_t		len[USSD_PHONE_PARTS];
	unsigned char	raw[USSD_PHONE_PARTS][USSD_PHONE_RAW];
};

struct ussd_phone_asm {
	struct ussd_phone_slot	slot[USSD_PHONE_SLOTS];
};

int		 ussd_phone_mo_line(const char *, const char *, const char *,
		    char *, size_t);
int		 ussd_phone_mt_parse(const char *, size_t,
		    struct ussd_phone_part *);
size_t		 ussd_phone_decode(int, const unsigned char *, size_t, char *,
		    size_t);
int		 ussd_phone_asm_add(struct ussd_phone_asm *,
		    const struct ussd_phone_part *, long long, char *, size_t,
		    char *, size_t);
int		 ussd_phone_log_parse(const char *, size_t, int *, long long *,
		    const char **, size_t *);
int		 ussd_phone_range(const char *, const char *, char *, size_t);

/* ---- hunar_spool's journal (ussd_journal.c) ---- */

/* A segment this long is synced and left for a new one. */
#define USSD_JOURNAL_SEG_MAX	(4 * 1024 * 1024)

struct iovec;
struct ussd_journal;
struct ussd_journal_seg;

/* Where a message sits, for its done mark. */
struct ussd_journal_pos {
	struct ussd_journal_seg	*seg;
	uint64_t		 off;	/* in its segment */
	uint64_t		 end;	/* in the journal's life */
};

/* A message an earlier run left open: its stamp and payload; 0 or -1. */
typedef int	(*ussd_journal_fn)(void *, int64_t, const uint8_t *, size_t);

ssize_t		 ussd_journal_scan(const uint8_t *, size_t, ussd_journal_fn,
		    void *);
struct ussd_journal	*ussd_journal_open(const char *, int, ussd_journal_fn,
		    void *);
int		 ussd_journal_add(struct ussd_journal *, int64_t,
		    const struct iovec *, int, struct ussd_journal_pos *);
int		 ussd_journal_sync(struct ussd_journal *,
		    const struct ussd_journal_pos *);
void		 ussd_journal_done(struct ussd_journal *,
		    const struct ussd_journal_pos *);
void		 ussd_journal_close(struct ussd_journal *);

#endif
