/* course_sms.c: what a lesson costs by SMS (160/153 GSM-7, 70/67 UCS-2). */
#include "courses/courses.h"
#include "tests/unit/unit.h"

static void
sms_fill(char *buf, const char *unit, int n)
{
	buf[0] = '\0';
	while (n-- > 0)
		strcat(buf, unit);
}

UNIT_TEST(course_sms_counts_parts_at_the_boundaries)
{
	static const struct {
		const char	*unit;
		int		 n, coding, parts;
	} cases[] = {
		{ "a", 0, INFRA_SMS_GSM7, 0 },
		{ "a", 160, INFRA_SMS_GSM7, 1 },
		{ "a", 161, INFRA_SMS_GSM7, 2 },
		{ "a", 306, INFRA_SMS_GSM7, 2 },
		{ "a", 307, INFRA_SMS_GSM7, 3 },
		{ "{", 80, INFRA_SMS_GSM7, 1 },		/* ext = 2 septets */
		{ "{", 81, INFRA_SMS_GSM7, 2 },
		{ "€", 80, INFRA_SMS_GSM7, 1 },	/* euro */
		{ "é", 160, INFRA_SMS_GSM7, 1 },	/* e-acute: basic */
		{ "ب", 70, INFRA_SMS_UCS2, 1 },	/* Urdu letter */
		{ "ب", 71, INFRA_SMS_UCS2, 2 },
		{ "ب", 134, INFRA_SMS_UCS2, 2 },
		{ "ب", 135, INFRA_SMS_UCS2, 3 },
		{ "`", 10, INFRA_SMS_UCS2, 1 },		/* not in GSM-7 */
	};
	struct infra_sms_count	c;
	char			buf[1024];
	size_t			i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sms_fill(buf, cases[i].unit, cases[i].n);
		CHECK_INT(course_sms_count(buf, strlen(buf), &c), 0);
		if (c.parts != cases[i].parts || c.coding != cases[i].coding)
			printf("  case %zu: parts %d coding %d\n", i, c.parts,
			    c.coding);
		CHECK_INT(c.coding, cases[i].coding);
		CHECK_INT(c.parts, cases[i].parts);
	}
	/* One Urdu letter turns a Latin text into UCS-2. */
	sms_fill(buf, "a", 100);
	strcat(buf, "ب");
	CHECK_INT(course_sms_count(buf, strlen(buf), &c), 0);
	CHECK_INT(c.coding, INFRA_SMS_UCS2);
	CHECK_INT(c.parts, 2);
}

UNIT_TEST(course_sms_check_counts_the_prefix_and_refuses_three_parts)
{
	struct infra_sms_count	c;
	char			body[1024];

	/* "C101 1/3: " is 10 characters: 296 + 10 = 306 still fits. */
	sms_fill(body, "x", 296);
	CHECK_INT(course_sms_check("C101", 1, 3, body, &c), 1);
	CHECK_INT(c.parts, 2);
	sms_fill(body, "x", 297);
	CHECK_INT(course_sms_check("C101", 1, 3, body, &c), 0);
	CHECK_INT(c.parts, 3);
	sms_fill(body, "ب", 124);
	CHECK_INT(course_sms_check("C101", 1, 3, body, &c), 1);
	CHECK_INT(c.coding, INFRA_SMS_UCS2);
	sms_fill(body, "ب", 125);
	CHECK_INT(course_sms_check("C101", 1, 3, body, &c), 0);
}

UNIT_TEST(course_sms_check_counts_urdu_at_70_and_67)
{
	struct infra_sms_count	c;
	char			body[1024];

	/* "C101 1/3: " + 60 Urdu letters: 70 UTF-16 units, one SMS. */
	sms_fill(body, "ب", 60);
	CHECK_INT(course_sms_check("C101", 1, 3, body, &c), 1);
	CHECK_INT(c.coding, INFRA_SMS_UCS2);
	CHECK_INT(c.parts, 1);
	CHECK_INT((int)c.units, 70);
	CHECK_INT((int)c.per_part, 70);
	/* One more: two parts of 67 (the header takes 3). */
	sms_fill(body, "ب", 61);
	CHECK_INT(course_sms_check("C101", 1, 3, body, &c), 1);
	CHECK_INT(c.parts, 2);
	CHECK_INT((int)c.units, 71);
	CHECK_INT((int)c.per_part, 67);
	/* An empty body still counts its prefix: 1 part, 10 units -- which
	 * the editor must not show as the lesson's cost. */
	CHECK_INT(course_sms_check("C101", 1, 3, "", &c), 1);
	CHECK_INT(c.parts, 1);
	CHECK_INT((int)c.units, 10);
}

UNIT_TEST(course_sms_room_is_what_an_empty_lesson_leaves)
{
	struct infra_sms_count	c;
	char			body[1024];
	size_t			gsm, ucs2;

	CHECK_INT((int)infra_sms_room(INFRA_SMS_GSM7, 1), 160);
	CHECK_INT((int)infra_sms_room(INFRA_SMS_GSM7, 2), 306);
	CHECK_INT((int)infra_sms_room(INFRA_SMS_UCS2, 1), 70);
	CHECK_INT((int)infra_sms_room(INFRA_SMS_UCS2, 2), 134);
	CHECK_INT((int)infra_sms_room(INFRA_SMS_UCS2, 0), 0);
	/* "C101 1/3: " is 10: 296 GSM-7, 124 Urdu script. */
	course_sms_room("C101", 1, 3, &gsm, &ucs2);
	CHECK_INT((int)gsm, 296);
	CHECK_INT((int)ucs2, 124);
	/* "C1001 10/12: " is 13; the room is exactly what still fits. */
	course_sms_room("C1001", 10, 12, &gsm, &ucs2);
	CHECK_INT((int)gsm, 293);
	CHECK_INT((int)ucs2, 121);
	sms_fill(body, "x", (int)gsm);
	CHECK_INT(course_sms_check("C1001", 10, 12, body, &c), 1);
	strcat(body, "x");
	CHECK_INT(course_sms_check("C1001", 10, 12, body, &c), 0);
	sms_fill(body, "ب", (int)ucs2);
	CHECK_INT(course_sms_check("C1001", 10, 12, body, &c), 1);
	strcat(body, "ب");
	CHECK_INT(course_sms_check("C1001", 10, 12, body, &c), 0);
}
