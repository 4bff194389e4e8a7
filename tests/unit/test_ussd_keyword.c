/* ussd_keyword.c: every command in each language, and typing habits. */
#include "courses/courses.h"
#include "ussd/ussd.h"
#include "tests/unit/unit.h"

UNIT_TEST(ussd_keyword_table)
{
	static const struct {
		const char	*text;
		enum ussd_kw	 kw;
		int		 lang;
		const char	*verb;
		const char	*arg;
	} t[] = {
		{ "HELP", USSD_KW_HELP, USSD_LANG_NONE, "HELP", "" },
		{ "  help!! ", USSD_KW_HELP, USSD_LANG_NONE, "HELP", "" },
		{ "?", USSD_KW_HELP, USSD_LANG_NONE, "HELP", "" },
		{ "madad", USSD_KW_HELP, HLANG_RU, "HELP", "" },
		{ "مدد", USSD_KW_HELP, HLANG_UR, "HELP", "" },
		{ "مدد؟", USSD_KW_HELP, HLANG_UR, "HELP", "" },
		{ "JOIN Ali Raza Swat", USSD_KW_JOIN, USSD_LANG_NONE, "JOIN",
		    "Ali Raza Swat" },
		{ "reg  ali   raza,  swat.", USSD_KW_JOIN, USSD_LANG_NONE, "JOIN",
		    "ali raza, swat" },
		{ "JOIN+Ali+Raza+Swat", USSD_KW_JOIN, USSD_LANG_NONE, "JOIN",
		    "Ali Raza Swat" },
		{ "ENROLL+C101", USSD_KW_COURSE, USSD_LANG_NONE, "ENROLL",
		    "C101" },
		{ "Shamil Sana Quetta", USSD_KW_JOIN, HLANG_RU, "JOIN",
		    "Sana Quetta" },
		{ "شامل علی سوات", USSD_KW_JOIN, HLANG_UR, "JOIN", "علی سوات" },
		{ "LANG UR", USSD_KW_LANG, USSD_LANG_NONE, "LANG", "ur" },
		{ "lang roman urdu", USSD_KW_LANG, USSD_LANG_NONE, "LANG", "ru" },
		{ "zaban english", USSD_KW_LANG, HLANG_RU, "LANG", "en" },
		{ "زبان اردو", USSD_KW_LANG, HLANG_UR, "LANG", "ur" },
		{ "LANG klingon", USSD_KW_LANG, USSD_LANG_NONE, "LANG", "" },
		{ "courses", USSD_KW_COURSES, USSD_LANG_NONE, "COURSES", "" },
		{ "COURSES wordpress", USSD_KW_COURSES, USSD_LANG_NONE,
		    "COURSES", "wordpress" },
		{ "kors design", USSD_KW_COURSES, HLANG_RU, "COURSES", "design" },
		{ "کورس", USSD_KW_COURSES, HLANG_UR, "COURSES", "" },
		{ "GIGS", USSD_KW_GIGS, USSD_LANG_NONE, "GIGS", "" },
		{ "kaam data entry", USSD_KW_GIGS, HLANG_RU, "GIGS",
		    "data entry" },
		{ "کام", USSD_KW_GIGS, HLANG_UR, "GIGS", "" },
		{ "APPLY G1001", USSD_KW_APPLY, USSD_LANG_NONE, "APPLY",
		    "G1001" },
		{ "apply g1001.", USSD_KW_APPLY, USSD_LANG_NONE, "APPLY",
		    "G1001" },
		{ "darkhast 1002", USSD_KW_APPLY, HLANG_RU, "APPLY", "G1002" },
		{ "درخواست G۱۰۰۳", USSD_KW_APPLY, HLANG_UR, "APPLY", "G1003" },
		{ "YES", USSD_KW_YES, USSD_LANG_NONE, "YES", "" },
		{ "haan ji", USSD_KW_YES, HLANG_RU, "YES", "" },
		{ "yes g1001", USSD_KW_YES, USSD_LANG_NONE, "YES", "G1001" },
		{ "NAHI 1002", USSD_KW_NO, HLANG_RU, "NO", "G1002" },
		{ "ہاں", USSD_KW_YES, HLANG_UR, "YES", "" },
		{ "جی", USSD_KW_YES, HLANG_UR, "YES", "" },
		{ "no.", USSD_KW_NO, USSD_LANG_NONE, "NO", "" },
		{ "Nahi", USSD_KW_NO, HLANG_RU, "NO", "" },
		{ "نہیں", USSD_KW_NO, HLANG_UR, "NO", "" },
		/* Arabic-keyboard yeh (U+064A) and heh (U+0647). */
		{ "نهيں", USSD_KW_NO, HLANG_UR, "NO", "" },
		{ "status", USSD_KW_STATUS, USSD_LANG_NONE, "STATUS", "" },
		{ "halat", USSD_KW_STATUS, HLANG_RU, "STATUS", "" },
		{ "حالت", USSD_KW_STATUS, HLANG_UR, "STATUS", "" },
		{ "STOP", USSD_KW_STOP, USSD_LANG_NONE, "STOP", "" },
		{ "Band karo", USSD_KW_STOP, HLANG_RU, "STOP", "" },
		{ "بند", USSD_KW_STOP, HLANG_UR, "STOP", "" },
		{ "start", USSD_KW_START, USSD_LANG_NONE, "START", "" },
		{ "shuru", USSD_KW_START, HLANG_RU, "START", "" },
		{ "شروع", USSD_KW_START, HLANG_UR, "START", "" },
		{ "gap G1001", USSD_KW_GAP, USSD_LANG_NONE, "GAP", "G1001" },
		{ "کمی", USSD_KW_GAP, HLANG_UR, "GAP", "" },
		{ "ENROLL C101", USSD_KW_COURSE, USSD_LANG_NONE, "ENROLL",
		    "C101" },
		{ "enroll c-101", USSD_KW_COURSE, USSD_LANG_NONE, "ENROLL",
		    "C101" },
		{ "dakhla c102", USSD_KW_COURSE, HLANG_RU, "ENROLL", "C102" },
		{ "داخلہ C۱۰۳", USSD_KW_COURSE, HLANG_UR, "ENROLL", "C103" },
		{ "NEXT", USSD_KW_COURSE, USSD_LANG_NONE, "NEXT", "" },
		{ "repeat.", USSD_KW_COURSE, USSD_LANG_NONE, "REPEAT", "" },
		{ "leave C101", USSD_KW_COURSE, USSD_LANG_NONE, "LEAVE", "C101" },
		{ "b", USSD_KW_COURSE, USSD_LANG_NONE, "ANSWER", "2" },
		{ "3", USSD_KW_COURSE, USSD_LANG_NONE, "ANSWER", "3" },
		{ "VERIFY", USSD_KW_COURSE, USSD_LANG_NONE, "VERIFY", "" },
		{ "hello there", USSD_KW_UNKNOWN, USSD_LANG_NONE, "", "" },
		/* English keywords spelt in Urdu script, as they sound. */
		{ "جوائن فاطمہ سوات", USSD_KW_JOIN, HLANG_UR, "JOIN",
		    "فاطمہ سوات" },
		{ "ہیلپ", USSD_KW_HELP, HLANG_UR, "HELP", "" },
		{ "اسٹیٹس", USSD_KW_STATUS, HLANG_UR, "STATUS", "" },
		{ "سٹیٹس", USSD_KW_STATUS, HLANG_UR, "STATUS", "" },
		{ "اسٹاپ", USSD_KW_STOP, HLANG_UR, "STOP", "" },
		{ "سٹارٹ", USSD_KW_START, HLANG_UR, "START", "" },
		{ "گگز", USSD_KW_GIGS, HLANG_UR, "GIGS", "" },
		{ "اپلائی G1001", USSD_KW_APPLY, HLANG_UR, "APPLY", "G1001" },
		{ "انرول C101", USSD_KW_COURSE, HLANG_UR, "ENROLL", "C101" },
		/* No command, but Urdu script: answered in Urdu. */
		{ "سلام", USSD_KW_UNKNOWN, HLANG_UR, "", "" },
		{ "", USSD_KW_NONE, USSD_LANG_NONE, "", "" },
		{ " ... ", USSD_KW_NONE, USSD_LANG_NONE, "", "" },
	};
	struct ussd_cmd	cmd;
	size_t		i;
	int		bad;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		(void)ussd_keyword_parse(t[i].text, &cmd);
		bad = cmd.kw != t[i].kw || cmd.lang != t[i].lang ||
		    strcmp(cmd.verb, t[i].verb) != 0 ||
		    strcmp(cmd.arg, t[i].arg) != 0;
		if (bad)
			printf("  case %zu \"%s\": kw %s lang %d verb \"%s\" "
			    "arg \"%s\"\n", i, t[i].text, ussd_kw_name(cmd.kw),
			    cmd.lang, cmd.verb, cmd.arg);
		CHECK(!bad);
	}
}

UNIT_TEST(ussd_keyword_apply_proposal)
{
	struct ussd_cmd	cmd;

	CHECK_INT(ussd_keyword_parse("APPLY G1001  I can   start today!",
	    &cmd), USSD_KW_APPLY);
	CHECK_STR(cmd.arg, "G1001");
	CHECK_STR(cmd.rest, "I can start today");
	CHECK_INT(ussd_keyword_parse("apply", &cmd), USSD_KW_APPLY);
	CHECK_STR(cmd.arg, "");
	CHECK_STR(cmd.rest, "");
}

UNIT_TEST(ussd_keyword_verify_code)
{
	struct ussd_cmd	cmd;
	char		code[16];

	/* A valid code made by the course module, typed with dashes. */
	course_cert_new(code, sizeof(code));
	{
		char	typed[64];

		(void)snprintf(typed, sizeof(typed), "tasdeeq %.5s-%s", code,
		    code + 5);
		CHECK_INT(ussd_keyword_parse(typed, &cmd), USSD_KW_COURSE);
	}
	CHECK_STR(cmd.verb, "VERIFY");
	CHECK_STR(cmd.arg, code);
	CHECK_INT(cmd.lang, HLANG_RU);
}

UNIT_TEST(ussd_keyword_hostile)
{
	struct ussd_cmd	cmd;
	char		big[4096], out[64];
	size_t		i;

	/* Long, invalid UTF-8, control bytes: parsed, bounded, no crash. */
	for (i = 0; i < sizeof(big) - 1; i++)
		big[i] = (char)(i % 3 == 0 ? 0xd8 : 'A' + i % 26);
	big[sizeof(big) - 1] = '\0';
	CHECK_INT(ussd_keyword_parse(big, &cmd), USSD_KW_UNKNOWN);
	CHECK(strlen(cmd.word) < sizeof(cmd.word));
	memcpy(big, "JOIN ", 5);
	CHECK_INT(ussd_keyword_parse(big, &cmd), USSD_KW_JOIN);
	CHECK(strlen(cmd.arg) < sizeof(cmd.arg));
	CHECK(infra_utf8_valid(cmd.arg, strlen(cmd.arg)));
	CHECK_INT(ussd_keyword_parse("\x01\x02HELP\x7f", &cmd), USSD_KW_HELP);
	CHECK_INT(ussd_keyword_parse(NULL, &cmd), USSD_KW_NONE);
	CHECK_INT(ussd_text_norm("  a\xff b\t\tC ", out, sizeof(out)), 5);
	CHECK_STR(out, "A B C");
	CHECK_INT(ussd_text_norm("۱۲٣ يك", out, sizeof(out)), 8);
	CHECK_STR(out, "123 یک");
}

/* ussd_text.c: every reply in every language, within the part cap. */
UNIT_TEST(ussd_text_every_reply_fits)
{
	static const char *st[] = {
		"help", "help_new", "unknown", "stopped", "started", "already",
		"bad_phone", "join_usage", "join_district", "join_which",
		"joined",
		"lang_usage", "lang_set", "unregistered", "courses",
		"courses_none", "gigs", "gigs_none", "status", "apply_usage",
		"apply_applied", "apply_already", "apply_closed",
		"apply_no_gig", "apply_not_allowed", "apply_bad_proposal",
		"text", "error", "opted_out",
		"about_set", "about_usage", "lang_new", "more_none", NULL
	};
	struct infra_sms_count	cnt;
	char			out[640];
	int			i, l, n;

	for (i = 0; st[i] != NULL; i++) {
		for (l = 0; l < HLANG_COUNT; l++) {
			n = ussd_reply(st[i], (enum hlang)l, "G1001",
			    "Logo design, Canva", "C102", out, sizeof(out));
			CHECK(n > 0);
			CHECK(strstr(out, "{") == NULL);
			CHECK_INT(infra_sms_count(out, strlen(out), &cnt), 0);
			if (cnt.parts > USSD_SMS_PARTS_MAX)
				printf("  %s/%d: %d parts\n", st[i], l,
				    cnt.parts);
			CHECK(cnt.parts <= USSD_SMS_PARTS_MAX);
			/* "text" passes another module's words through. */
			if (strcmp(st[i], "text") != 0)
				CHECK_INT(cnt.coding, l == HLANG_UR ?
				    INFRA_SMS_UCS2 : INFRA_SMS_GSM7);
		}
	}
	CHECK_INT(ussd_reply("no_such_status", HLANG_EN, "", "", "", out,
	    sizeof(out)), -1);
}

/*
 * JOIN's question for the longest list it asks (Karachi's 7 districts, as
 * place_choices_text() writes it): one SMS in English and Roman Urdu, two
 * UCS-2 parts at most in Urdu, every district in it.
 */
UNIT_TEST(ussd_text_join_which_karachi)
{
	static const char *lists[HLANG_COUNT] = {
		"1 Karachi Central, 2 Karachi East, 3 Karachi South, "
		"4 Karachi West, 5 Keamari, 6 Korangi, 7 Malir",
		"1 Karachi Central, 2 Karachi East, 3 Karachi South, "
		"4 Karachi West, 5 Keamari, 6 Korangi, 7 Malir",
		"1 کراچی وسطی، 2 کراچی شرقی، 3 کراچی جنوبی، 4 کراچی غربی، "
		"5 کیماڑی، 6 کورنگی، 7 ملیر"
	};
	static const char *place[HLANG_COUNT] = { "Karachi", "karachi",
	    "کراچی" };
	struct infra_sms_count	cnt;
	char			out[640];
	int			l;

	for (l = 0; l < HLANG_COUNT; l++) {
		CHECK(ussd_reply("join_which", (enum hlang)l, place[l],
		    lists[l], NULL, out, sizeof(out)) > 0);
		CHECK(strstr(out, lists[l]) != NULL);
		CHECK_INT(infra_sms_count(out, strlen(out), &cnt), 0);
		CHECK_INT(cnt.parts, l == HLANG_UR ? 2 : 1);
	}
}

UNIT_TEST(ussd_text_values_and_cuts)
{
	char	out[640], small[12], list[1024];
	size_t	len;
	int	coding, i;

	CHECK(ussd_reply("joined", HLANG_EN, "Ali Raza", "Swat", NULL, out,
	    sizeof(out)) > 0);
	CHECK(strncmp(out, "Welcome to Hunar, Ali Raza (Swat)!", 34) == 0);
	/* An empty column reads "-", never "()" with nothing. */
	(void)ussd_reply("status", HLANG_RU, "@nothing", "Ali, Swat", NULL,
	    out, sizeof(out));
	CHECK_STR(out, "Ali, Swat: abhi koi course ya darkhast nahi.");
	/* A small buffer is cut on a character boundary. */
	CHECK(ussd_reply("lang_set", HLANG_UR, NULL, NULL, NULL, small,
	    sizeof(small)) > 0);
	CHECK(infra_utf8_valid(small, strlen(small)));
	CHECK(strlen(small) < sizeof(small));

	/* A long Urdu list: one UCS-2 part, titles cut at a word. */
	list[0] = '\0';
	for (i = 0; i < 3; i++)
		(void)strncat(list, "C101\tکینوا کے ساتھ گرافک ڈیزائن\t\n",
		    sizeof(list) - strlen(list) - 1);
	list[strlen(list) - 1] = '\0';
	(void)ussd_reply("courses", HLANG_UR, list, "C101", NULL, out,
	    sizeof(out));
	len = ussd_reply_cap(out, sizeof(out), &coding);
	CHECK_INT(coding, INFRA_SMS_UCS2);
	CHECK_INT(len, strlen(out));
	CHECK(infra_utf8_valid(out, len));
	{
		struct infra_sms_count	cnt;

		CHECK_INT(infra_sms_count(out, len, &cnt), 0);
		CHECK_INT(cnt.parts, 1);
	}
	CHECK(strstr(out, "ENROLL C101") != NULL);
	CHECK(strstr(out, "…") != NULL);
	(void)snprintf(out, sizeof(out), "plain ascii");
	CHECK_INT(ussd_reply_cap(out, sizeof(out), &coding), 11);
	CHECK_INT(coding, INFRA_SMS_GSM7);
	(void)snprintf(out, sizeof(out), "bad \xff utf8");
	CHECK_INT(ussd_reply_cap(out, sizeof(out), &coding), 1);
	CHECK_STR(out, "?");
}
