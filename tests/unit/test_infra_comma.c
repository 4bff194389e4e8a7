/*
 * Lists in Urdu script are joined with the Arabic comma "،" (U+060C)
 * and semicolon "؛" (U+061B), in every renderer that joins one: the
 * kit's separators, SQL-joined lists (a shared phone's people, free
 * mentor slots), SMS HUB, the quiz's re-prompt, SMS course lists.
 */
#include <stdlib.h>
#include <string.h>

#include "courses/courses.h"
#include "programmes/programmes.h"
#include "ussd/ussd.h"
#include "tests/unit/unit.h"

/* No Latin list separator in Urdu text: ", " or "; " after a letter. */
static int
comma_latin(const char *s)
{
	return (strstr(s, ", ") != NULL || strstr(s, "; ") != NULL);
}

UNIT_TEST(infra_comma_separators)
{
	char	s[64];

	CHECK_STR(infra_comma(HLANG_EN), ", ");
	CHECK_STR(infra_comma(HLANG_RU), ", ");
	CHECK_STR(infra_comma(HLANG_UR), "، ");
	CHECK_STR(infra_semicolon(HLANG_RU), "; ");
	CHECK_STR(infra_semicolon(HLANG_UR), "؛ ");

	(void)snprintf(s, sizeof(s), "1 Ayesha, 2 Bilal; 3 Rs 1,500");
	CHECK_INT(infra_list_local(s, sizeof(s), HLANG_RU), strlen(s));
	CHECK_STR(s, "1 Ayesha, 2 Bilal; 3 Rs 1,500");
	(void)infra_list_local(s, sizeof(s), HLANG_UR);
	CHECK_STR(s, "1 Ayesha، 2 Bilal؛ 3 Rs 1,500");
	/* What does not fit is cut on a whole character. */
	(void)snprintf(s, sizeof(s), "a, b, c");
	CHECK_INT(infra_list_local(s, 5, HLANG_UR), 4);
	CHECK_STR(s, "a، ");
	(void)snprintf(s, sizeof(s), "a, b, c");
	CHECK_INT(infra_list_local(s, 3, HLANG_UR), 1);
	CHECK_STR(s, "a");
}

UNIT_TEST(infra_comma_replies)
{
	struct course_grade	g;
	char			out[512];

	/* SMS HUB: fields with "،", hubs with "؛". */
	(void)prog_reply("hubs", "ur", "ہب ایک|پتہ ایک|Mon-Sat 09-17|0915|\n"
	    "ہب دو|پتہ دو|10-16|0937|W", "پشاور", "", out, sizeof(out));
	CHECK(!comma_latin(out));
	CHECK(strstr(out, "ہب ایک، پتہ ایک، پیر تا ہفتہ 09-17، 0915؛ ہب دو") !=
	    NULL);
	(void)prog_reply("hubs", "en", "Hub one|Addr one|09-17|0915|\n"
	    "Hub two|Addr two|10-16|0937|", "Peshawar", "", out, sizeof(out));
	CHECK(strstr(out, "Hub one, Addr one, 09-17, 0915; Hub two") != NULL);

	/* Free mentor slots, as SQL joins them. */
	(void)prog_reply("mentor_slots", "ur", "12: 05/12 14:00 Sadia, Hub A; "
	    "13: 06/12 10:00 Sadia, Hub B", NULL, NULL, out, sizeof(out));
	CHECK(!comma_latin(out));
	CHECK(strstr(out, "Sadia، Hub A؛ 13") != NULL);

	/* A shared phone's people (sms_who_list()). */
	CHECK(ussd_reply("who", HLANG_UR, "1 Ayesha, 2 Bilal", NULL, NULL,
	    out, sizeof(out)) > 0);
	CHECK(strstr(out, "1 Ayesha، 2 Bilal") != NULL);
	CHECK(!comma_latin(out));
	CHECK(ussd_reply("who", HLANG_RU, "1 Ayesha, 2 Bilal", NULL, NULL,
	    out, sizeof(out)) > 0);
	CHECK(strstr(out, "1 Ayesha, 2 Bilal") != NULL);

	/* STATUS: the person and their district. */
	CHECK(ussd_reply("status", HLANG_UR, "C101\t\t1/3 @lessons",
	    "علی رضا, سوات", "", out, sizeof(out)) > 0);
	CHECK(strstr(out, "علی رضا، سوات: C101") != NULL);
	CHECK(!comma_latin(out));

	/* SMS COURSES in Urdu. */
	CHECK(ussd_reply("courses", HLANG_UR, "C101\tکینوا\t\nC102\tایس ای او\t",
	    "C101", "", out, sizeof(out)) > 0);
	CHECK(strstr(out, "کینوا، C102") != NULL);

	/* The quiz's "A, B or C" re-prompt. */
	memset(&g, 0, sizeof(g));
	g.choice = 0;
	(void)course_feedback(&g, 3, HLANG_UR, out, sizeof(out));
	CHECK(strstr(out, "A، B") != NULL && strstr(out, "1، 2") != NULL);
	CHECK(!comma_latin(out));
	(void)course_feedback(&g, 3, HLANG_EN, out, sizeof(out));
	CHECK(strstr(out, "A, B or C") != NULL);
}
