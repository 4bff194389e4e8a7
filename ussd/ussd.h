/*
 * ussd: Hunar's front door for feature phones -- SMS keywords through
 * Kannel's smsbox, delivery reports, and the USSD menus.
 *
 * The first half is pure (no Kore) and unit-tested: the keyword parser
 * and the SMS reply templates in English, Roman Urdu and Urdu script.
 * The channel acts through SQL functions (sms_cmd() in
 * infra/sql/0200_sms.sql, course_sms(), gig_apply()); it holds no
 * domain rules of its own.
 */
#ifndef HUNAR_USSD_H
#define HUNAR_USSD_H

#include <stddef.h>

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
				   LEAVE, NEXT, REPEAT, PROGRESS, ANSWER */
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
};

/* ussd_keyword.c */
size_t		 ussd_text_norm(const char *, char *, size_t);
int		 ussd_keyword_parse(const char *, struct ussd_cmd *);
const char	*ussd_kw_name(enum ussd_kw);

/* ussd_text.c: a reply from an sms_cmd() row (status, lang, a, b, c) */
int		 ussd_reply(const char *, enum hlang, const char *,
		    const char *, const char *, char *, size_t);
size_t		 ussd_reply_cap(char *, size_t, int *);

#if defined(__H_KORE_H)
/* ussd_inbound.c, ussd_dlr.c: Kannel's callbacks (kore.conf, ussd.conf) */
int		 ussd_sms_inbound(struct http_request *);
int		 ussd_sms_dlr(struct http_request *);
#endif

/* ---- USSD menus (ussd_menu*.c) ---- */

#endif
