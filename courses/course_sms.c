/*
 * What a lesson or quiz costs by SMS, for the course editor: encoding
 * and part count of the message as it goes out (with its "C104 2/5: "
 * prefix), refused above COURSE_SMS_PARTS_MAX.  The count itself is
 * infra_sms_count() (infra/infra_gsm.c: 160/153 GSM-7 with extension
 * characters as 2, 70/67 UCS-2).
 */
#include <stdio.h>
#include <string.h>

#include "courses/courses.h"

/* Counts a whole message; -1 when the text is no valid UTF-8. */
int
course_sms_count(const char *s, size_t n, struct infra_sms_count *c)
{
	return (infra_sms_count(s, n, c));
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

/*
 * What an empty lesson SMS leaves for its text: the units that fit in
 * COURSE_SMS_PARTS_MAX parts after its "C104 2/5: " prefix, in GSM-7 and
 * in UCS-2 (Urdu script).  The prefix is ASCII: a unit per character in
 * both.
 */
void
course_sms_room(const char *code, int pos, int lessons, size_t *gsm,
    size_t *ucs2)
{
	char	prefix[64];
	size_t	n, g, u;
	int	r;

	r = course_lesson_sms(code, pos, lessons, "", prefix, sizeof(prefix));
	n = r < 0 ? 0 : (size_t)r;
	g = infra_sms_room(INFRA_SMS_GSM7, COURSE_SMS_PARTS_MAX);
	u = infra_sms_room(INFRA_SMS_UCS2, COURSE_SMS_PARTS_MAX);
	*gsm = g > n ? g - n : 0;
	*ucs2 = u > n ? u - n : 0;
}
