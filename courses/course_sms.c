/*
 * What a lesson or quiz costs by SMS, for the course editor: encoding
 * and part count of the message as it goes out (with its "C104 2/5: "
 * prefix), refused above COURSE_SMS_PARTS_MAX.
 *
 * The count is infra_sms_count() (infra/infra_gsm.c).  It is referenced
 * weakly, so that the module still loads in a tree where that file has not
 * landed; there a plain count stands in (GSM-7 basic set and its
 * extension table, else UCS-2), which the unit tests hold to the same
 * boundaries.
 */
#include <stdio.h>
#include <string.h>

#include "courses/courses.h"

extern int	infra_sms_count(const char *, size_t, struct infra_sms_count *)
		    __attribute__((weak));

/* GSM 03.38 basic set beyond ASCII letters and digits, as UTF-8. */
static const char *const sms_gsm_extra[] = {
	"@", "\xc2\xa3", "$", "\xc2\xa5", "\xc3\xa8", "\xc3\xa9", "\xc3\xb9",
	"\xc3\xac", "\xc3\xb2", "\xc3\x87", "\n", "\xc3\x98", "\xc3\xb8", "\r",
	"\xc3\x85", "\xc3\xa5", "\xce\x94", "_", "\xce\xa6", "\xce\x93",
	"\xce\x9b", "\xce\xa9", "\xce\xa0", "\xce\xa8", "\xce\xa3", "\xce\x98",
	"\xce\x9e", "\xc3\x86", "\xc3\xa6", "\xc3\x9f", "\xc3\x89", " ", "!",
	"\"", "#", "\xc2\xa4", "%", "&", "'", "(", ")", "*", "+", ",", "-",
	".", "/", ":", ";", "<", "=", ">", "?", "\xc2\xa1", "\xc3\x84",
	"\xc3\x96", "\xc3\x91", "\xc3\x9c", "\xc2\xa7", "\xc2\xbf", "\xc3\xa4",
	"\xc3\xb6", "\xc3\xb1", "\xc3\xbc", "\xc3\xa0", NULL
};

/* The extension table: two septets each. */
static const char *const sms_gsm_ext[] = {
	"^", "{", "}", "\\", "[", "~", "]", "|", "\xe2\x82\xac", "\x0c", NULL
};

/* Septets of the character at s (its byte length in *len), 0 if none. */
static int
sms_gsm_septets(const char *s, size_t *len)
{
	size_t	i, l;

	if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
	    (*s >= '0' && *s <= '9')) {
		*len = 1;
		return (1);
	}
	for (i = 0; sms_gsm_extra[i] != NULL; i++) {
		l = strlen(sms_gsm_extra[i]);
		if (strncmp(s, sms_gsm_extra[i], l) == 0) {
			*len = l;
			return (1);
		}
	}
	for (i = 0; sms_gsm_ext[i] != NULL; i++) {
		l = strlen(sms_gsm_ext[i]);
		if (strncmp(s, sms_gsm_ext[i], l) == 0) {
			*len = l;
			return (2);
		}
	}
	return (0);
}

/* The stand-in count (see above). */
static int
sms_count_plain(const char *s, size_t n, struct infra_sms_count *c)
{
	const unsigned char	*p;
	size_t			 i, l, units;
	int			 sept;

	memset(c, 0, sizeof(*c));
	units = 0;
	c->coding = INFRA_SMS_GSM7;
	for (i = 0; i < n; i += l) {
		if ((sept = sms_gsm_septets(s + i, &l)) == 0)
			break;
		units += (size_t)sept;
	}
	if (i < n) {
		c->coding = INFRA_SMS_UCS2;
		units = 0;
		p = (const unsigned char *)s;
		for (i = 0; i < n; i++) {
			if ((p[i] & 0xc0) == 0x80)
				continue;
			units += (p[i] >= 0xf0) ? 2 : 1;
		}
	}
	c->units = units;
	if (c->coding == INFRA_SMS_GSM7)
		c->per_part = units <= 160 ? 160 : 153;
	else
		c->per_part = units <= 70 ? 70 : 67;
	c->parts = units == 0 ? 0 : (int)((units + c->per_part - 1) /
	    c->per_part);
	c->remaining = c->parts == 0 ? c->per_part :
	    (size_t)c->parts * c->per_part - units;
	return (0);
}

/* Counts a whole message; -1 when the text is no valid UTF-8. */
int
course_sms_count(const char *s, size_t n, struct infra_sms_count *c)
{
	if (infra_sms_count != NULL)
		return (infra_sms_count(s, n, c));
	return (sms_count_plain(s, n, c));
}

/*
 * A lesson's SMS body as it will go out, counted.  Returns 1 when it fits
 * COURSE_SMS_PARTS_MAX, 0 when it does not, -1 on a bad text.
 */
int
course_sms_check(const char *code, int pos, int lessons, const char *body,
    struct infra_sms_count *c)
{
	char	msg[2048];
	int	n;

	n = course_lesson_sms(code, pos, lessons, body, msg, sizeof(msg));
	if (n < 0 || (size_t)n >= sizeof(msg))
		return (0);
	if (course_sms_count(msg, (size_t)n, c) == -1)
		return (-1);
	return (c->parts <= COURSE_SMS_PARTS_MAX);
}
