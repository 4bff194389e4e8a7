/* course_text.c: the verbs the course module takes by SMS, its replies. */
#include "courses/courses.h"
#include "tests/unit/unit.h"

UNIT_TEST(course_text_verbs)
{
	static const struct {
		const char	*in, *verb, *arg;
	} cases[] = {
		{ "ENROLL C104", "ENROLL", "C104" },
		{ "enroll c104", "ENROLL", "C104" },
		{ "  Enrol  C-104 ", "ENROLL", "C104" },
		{ "dakhla c 104", "ENROLL", "C104" },
		{ "داخلہ C۱۰"
		    "۴", "ENROLL", "C104" },
		{ "ENROLL", "ENROLL", "" },
		{ "ENROLL XYZ", "ENROLL", "XYZ" },
		{ "LEAVE C101", "LEAVE", "C101" },
		{ "unenroll c101", "LEAVE", "C101" },
		{ "leave", "LEAVE", "" },
		{ "NEXT", "NEXT", "" }, { "next.", "NEXT", "" },
		{ "agla", "NEXT", "" }, { "اگلا", "NEXT",
		    "" },
		{ "REPEAT", "REPEAT", "" }, { "dobara", "REPEAT", "" },
		{ "VERIFY 0A1B2C3D4E", "VERIFY", "?" },
		{ "verify", "VERIFY", "" },
		{ "ترقی", "PROGRESS", "" }, { "skip", "SKIP", "" },
		{ "b", "ANSWER", "2" }, { "Ans C", "ANSWER", "3" },
		{ "۲", "ANSWER", "2" }, { "e", "ANSWER", "0" },
		{ "progress", "PROGRESS", "" },
	};
	char	verb[16], arg[32];
	size_t	i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (!course_sms_verb(cases[i].in, verb, sizeof(verb), arg,
		    sizeof(arg))) {
			printf("  \"%s\" not taken\n", cases[i].in);
			CHECK(0);
			continue;
		}
		CHECK_STR(verb, cases[i].verb);
		CHECK_STR(arg, cases[i].arg);
	}
	CHECK(!course_sms_verb("HELP", verb, sizeof(verb), arg, sizeof(arg)));
	CHECK_STR(verb, "");
	CHECK(!course_sms_verb("JOIN Ali Swat", verb, sizeof(verb), arg,
	    sizeof(arg)));
	CHECK(!course_sms_verb("STOP", verb, sizeof(verb), arg, sizeof(arg)));
	CHECK(!course_sms_verb("", verb, sizeof(verb), arg, sizeof(arg)));
	CHECK(!course_sms_verb("NEXTT", verb, sizeof(verb), arg, sizeof(arg)));
}

UNIT_TEST(course_text_verify_takes_a_real_code)
{
	char	code[COURSE_CERT_LEN + 1], msg[64], verb[16], arg[32];

	course_cert_new(code, sizeof(code));
	(void)snprintf(msg, sizeof(msg), "verify %.4s-%s", code, code + 4);
	CHECK(course_sms_verb(msg, verb, sizeof(verb), arg, sizeof(arg)));
	CHECK_STR(verb, "VERIFY");
	CHECK_STR(arg, code);
}

/* Code points: UTF-16 units for the Urdu replies (all in the BMP). */
static size_t
text_units(const char *s)
{
	size_t	n;

	for (n = 0; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return (n);
}

/* Every reply, in every language, fits 2 SMS parts with long fields. */
UNIT_TEST(course_text_replies_fit_two_parts)
{
	static const char *statuses[] = {
		"enrolled", "enrolled_web", "enrolled_centre", "already",
		"waitlisted",
		"no_course", "unregistered", "left", "not_enrolled", "next",
		"all_sent", "no_lesson", "no_quiz", "valid", "invalid",
		"mistyped", "progress", "no_courses", "correct", "wrong",
		"correct+passed", "wrong+passed", "wrong+failed", "bad_answer",
	};
	static const char *langs[] = { "en", "ru", "ur" };
	char	out[640];
	size_t	i, l;
	int	n;

	for (i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++) {
		for (l = 0; l < 3; l++) {
			n = course_reply(statuses[i], langs[l], "C104",
			    "Freelancing basics by SMS", "HX7K2M9QP4", out,
			    sizeof(out));
			if (n <= 0 || (size_t)n >= sizeof(out))
				printf("  %s/%s: %d\n", statuses[i], langs[l],
				    n);
			CHECK(n > 0 && (size_t)n < sizeof(out));
			CHECK(strstr(out, "%") == NULL ||
			    strstr(statuses[i], "failed") != NULL);
			/* Latin-script replies stay GSM-7 (no Urdu letter). */
			if (l < 2)
				CHECK(strspn(out, " !\"#%&'()*+,-./0123456789:;"
				    "<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				    "abcdefghijklmnopqrstuvwxyz\n") ==
				    strlen(out));
			/* UCS-2 at 67 units a part: 134; GSM-7 2 x 153. */
			CHECK(text_units(out) <= (l == 2 ? 134u : 306u));
		}
	}
	CHECK_INT(course_reply("nonsense", "en", "", "", "", out,
	    sizeof(out)), -1);
	CHECK_INT(course_reply("correct+nonsense", "en", "1", "1", "", out,
	    sizeof(out)), -1);
}

UNIT_TEST(course_text_reply_contents)
{
	char	out[640];

	course_reply("correct+passed", "en", "2", "2", "HX7K2M9QP4", out,
	    sizeof(out));
	CHECK_STR(out, "Correct! B is right. Course complete! Certificate "
	    "HX7K2M9QP4, verify: VERIFY HX7K2M9QP4");
	course_reply("wrong", "ru", "1", "3", "", out, sizeof(out));
	CHECK_STR(out, "Ghalat: aap ne A chuna, sahi jawab C hai.");
	course_reply("wrong+failed", "en", "1", "3", "40|C104", out,
	    sizeof(out));
	CHECK_STR(out, "Not quite: you chose A, the right answer is C. "
	    "Course finished with 40%, below the pass mark. Try again: "
	    "ENROLL C104");
	course_reply("waitlisted", "en", "C103", "Data entry", "2", out,
	    sizeof(out));
	CHECK_STR(out, "C103 Data entry is full. You are number 2 on the "
	    "waitlist; we will SMS you when a seat opens.");
	course_reply("repeat", "ur", "C104 1/5: lesson", NULL, NULL, out,
	    sizeof(out));
	CHECK_STR(out, "C104 1/5: lesson");
	course_reply("bad_answer", "en", "3", "", "", out, sizeof(out));
	CHECK_STR(out, "Please answer A, B or C (1, 2 or 3).");
	course_reply("enrolled", NULL, "C101", "X", "", out, sizeof(out));
	CHECK(strncmp(out, "Enrolled in C101 X.", 19) == 0);
	/* A waitlist place reads in the learner's words, not "#2". */
	course_reply("already", "ru", "C103", "Data", "waitlisted #2", out,
	    sizeof(out));
	CHECK_STR(out, "Aap pehle se C103 Data mein hain (waitlist par number "
	    "2). NEXT ya PROGRESS bhejein.");
	course_reply("already", "ur", "C103", "Data", "waitlisted #2", out,
	    sizeof(out));
	CHECK_STR(out, "آپ پہلے سے C103 Data میں ہیں (انتظار میں نمبر 2)۔ "
	    "NEXT بھیجیں۔");
	course_reply("already", "en", "C103", "Data", "waitlisted #2", out,
	    sizeof(out));
	CHECK_STR(out, "You are already in C103 Data (number 2 on the "
	    "waitlist). Send NEXT or PROGRESS.");
	CHECK(course_reply("already", "ur", "C101", "X", "active", out, 10) >
	    10);
	CHECK(strlen(out) < 10);
}

UNIT_TEST(course_text_lesson_and_quiz_messages)
{
	static const char *const opts[] = { "Upwork", "Fiverr", "Both" };
	char	out[400];
	int	n;

	n = course_lesson_sms("C101", 2, 5, "Price your work.", out,
	    sizeof(out));
	CHECK_STR(out, "C101 2/5: Price your work.");
	CHECK_INT(n, (int)strlen(out));
	n = course_quiz_sms(2, "Where do you find clients?", opts, 3,
	    HLANG_EN, out, sizeof(out));
	CHECK_STR(out, "Q2: Where do you find clients?\nA) Upwork\n"
	    "B) Fiverr\nC) Both\nReply A-C");
	CHECK_INT(n, (int)strlen(out));
	course_quiz_sms(1, "Q?", opts, 2, HLANG_RU, out, sizeof(out));
	CHECK_STR(out, "Q1: Q?\nA) Upwork\nB) Fiverr\nJawab A-B");
	n = course_quiz_sms(1, "Where do you find clients?", opts, 3,
	    HLANG_UR, out, 20);
	CHECK(n >= 20);
	CHECK_INT(strlen(out), 19);
}

UNIT_TEST(course_ui_every_string_in_every_language)
{
	int	i, l;

	for (i = 0; i < CS_COUNT; i++)
		for (l = 0; l < HLANG_COUNT; l++) {
			const char *s = course_ui((enum course_ui_str)i,
			    (enum hlang)l);

			if (s[0] == '\0')
				printf("  string %d lang %d missing\n", i, l);
			CHECK(s[0] != '\0');
		}
	CHECK_STR(course_ui(CS_COUNT, HLANG_EN), "");
}
