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
