/* course_grade.c: answers typed on phones, graded with feedback. */
#include "courses/courses.h"
#include "tests/unit/unit.h"

struct grade_case {
	const char	*text;
	int		 noptions;
	int		 want;
};

static const struct grade_case	grade_cases[] = {
	{ "A", 3, 1 }, { "b", 3, 2 }, { " c ", 3, 3 }, { "D", 4, 4 },
	{ "1", 3, 1 }, { "2", 3, 2 }, { "3", 3, 3 }, { "4", 4, 4 },
	{ "B.", 3, 2 }, { "(c)", 3, 3 }, { "b)", 3, 2 }, { "  2!  ", 3, 2 },
	{ "'a'", 2, 1 }, { "\"B\"", 2, 2 }, { "b\n", 3, 2 }, { "B\r\n", 3, 2 },
	{ "ans b", 3, 2 }, { "Answer: C", 3, 3 }, { "jawab 2", 3, 2 },
	{ "JWB a", 3, 1 }, { "option 3", 3, 3 },
	/* Urdu (Eastern Arabic) and Arabic-Indic digits */
	{ "۱", 3, 1 }, { "۲", 3, 2 }, { "۳", 3, 3 },
	{ "٢", 3, 2 }, { " ۲۔", 3, 2 },
	/* Urdu option letters: alif / alif-lam-fe, be, jeem, dal */
	{ "ا", 3, 1 }, { "الف", 3, 1 },
	{ "ب", 3, 2 }, { "ج", 3, 3 }, { "د", 4, 4 },
	{ "جواب ب", 3, 2 },
	/* options the question does not have */
	{ "D", 3, COURSE_ANSWER_RANGE }, { "4", 3, COURSE_ANSWER_RANGE },
	{ "0", 3, COURSE_ANSWER_RANGE }, { "9", 4, COURSE_ANSWER_RANGE },
	{ "e", 4, COURSE_ANSWER_RANGE }, { "۵", 4, COURSE_ANSWER_RANGE },
	{ "د", 3, COURSE_ANSWER_RANGE }, { "ans 7", 3, COURSE_ANSWER_RANGE },
	/* not answers at all */
	{ "", 3, COURSE_ANSWER_NONE }, { "   ", 3, COURSE_ANSWER_NONE },
	{ "?!", 3, COURSE_ANSWER_NONE }, { "hello", 3, COURSE_ANSWER_NONE },
	{ "A B", 3, COURSE_ANSWER_NONE }, { "AB", 3, COURSE_ANSWER_NONE },
	{ "12", 3, COURSE_ANSWER_NONE }, { "NEXT", 3, COURSE_ANSWER_NONE },
	{ "ENROLL C104", 3, COURSE_ANSWER_NONE },
	{ "I think b", 3, COURSE_ANSWER_NONE },
	{ "ans", 3, COURSE_ANSWER_NONE }, { "b ans", 3, COURSE_ANSWER_NONE },
	{ "شیر", 3, COURSE_ANSWER_NONE },
	{ "\xff\xfe", 3, COURSE_ANSWER_NONE },
	{ "a b c d e", 3, COURSE_ANSWER_NONE },
	{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 3, COURSE_ANSWER_NONE },
};

UNIT_TEST(course_grade_parses_the_forms_phones_send)
{
	size_t	i;
	int	got;

	for (i = 0; i < sizeof(grade_cases) / sizeof(grade_cases[0]); i++) {
		got = course_answer_parse(grade_cases[i].text,
		    strlen(grade_cases[i].text), grade_cases[i].noptions);
		if (got != grade_cases[i].want)
			printf("  case %zu \"%s\": got %d, want %d\n", i,
			    grade_cases[i].text, got, grade_cases[i].want);
		CHECK_INT(got, grade_cases[i].want);
	}
}

UNIT_TEST(course_grade_reads_only_the_given_length)
{
	CHECK_INT(course_answer_parse("B hello", 1, 3), 2);
	CHECK_INT(course_answer_parse("۲", 1, 3), COURSE_ANSWER_NONE);
}

UNIT_TEST(course_grade_marks_right_and_wrong)
{
	struct course_grade	g;

	CHECK_INT(course_grade("b", 1, 3, 2, &g), 2);
	CHECK(g.correct);
	CHECK_INT(course_grade("3", 1, 3, 2, &g), 3);
	CHECK(!g.correct);
	CHECK_INT(g.right, 2);
	CHECK_INT(course_grade("x", 1, 3, 2, &g), COURSE_ANSWER_RANGE);
	CHECK(!g.correct);
	CHECK_INT(course_grade("hi there", 8, 3, 2, &g), COURSE_ANSWER_NONE);
	CHECK(!g.correct);
}

UNIT_TEST(course_grade_feedback_in_three_languages)
{
	struct course_grade	g = { 2, 2, 1 };
	char			out[256];

	course_feedback(&g, 3, HLANG_EN, out, sizeof(out));
	CHECK_STR(out, "Correct! B is right.");
	course_feedback(&g, 3, HLANG_RU, out, sizeof(out));
	CHECK_STR(out, "Shabash! B sahi jawab hai.");
	course_feedback(&g, 3, HLANG_UR, out, sizeof(out));
	CHECK(strstr(out, "شاباش") != NULL);
	CHECK(strstr(out, " B ") != NULL);

	g.choice = 1;
	g.correct = 0;
	course_feedback(&g, 3, HLANG_EN, out, sizeof(out));
	CHECK_STR(out, "Not quite: you chose A, the right answer is B.");
	course_feedback(&g, 3, HLANG_RU, out, sizeof(out));
	CHECK_STR(out, "Ghalat: aap ne A chuna, sahi jawab B hai.");
	course_feedback(&g, 3, HLANG_UR, out, sizeof(out));
	CHECK(strstr(out, "غلط") != NULL);

	g.choice = COURSE_ANSWER_RANGE;
	course_feedback(&g, 3, HLANG_EN, out, sizeof(out));
	CHECK_STR(out, "Please answer A, B or C (1, 2 or 3).");
	course_feedback(&g, 4, HLANG_RU, out, sizeof(out));
	CHECK_STR(out, "Jawab mein sirf A, B, C ya D (1, 2, 3 ya 4) bhejein.");
	course_feedback(&g, 2, HLANG_UR, out, sizeof(out));
	CHECK(strstr(out, "A یا B (1 یا 2)") !=
	    NULL);
}

UNIT_TEST(course_grade_feedback_truncates_safely)
{
	struct course_grade	g = { 1, 2, 0 };
	char			out[8];

	CHECK(course_feedback(&g, 3, HLANG_UR, out, sizeof(out)) > 8);
	CHECK_INT(strlen(out), 7);
	CHECK_INT(course_option_letter(0), '?');
	CHECK_INT(course_option_letter(5), '?');
}
