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

#if defined(__H_KORE_H)
/* Kore glue: declared in the second half of this file (foundation). */
#endif

#endif
