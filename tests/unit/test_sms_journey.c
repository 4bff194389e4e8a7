/*
 * Issue 10: what a new user meets by SMS -- mistyped keywords, keywords
 * without their argument, confirmations in one SMS, lists that fit one
 * SMS with titles cut at a word.
 */
#include "courses/courses.h"
#include "ussd/ussd.h"
#include "tests/unit/unit.h"

static int
parts(const char *s)
{
	struct infra_sms_count	cnt;

	if (infra_sms_count(s, strlen(s), &cnt) == -1)
		return (-1);
	return (cnt.parts);
}

/* Within one edit of a keyword, and unambiguous: taken as it. */
UNIT_TEST(sms_keyword_one_edit_forgiven)
{
	static const struct {
		const char	*text;
		enum ussd_kw	 kw;
		const char	*verb;
		const char	*arg;
	} t[] = {
		{ "helo", USSD_KW_HELP, "HELP", "" },
		{ "HLEP", USSD_KW_HELP, "HELP", "" },
		{ "gigz", USSD_KW_GIGS, "GIGS", "" },
		{ "gigz logo", USSD_KW_GIGS, "GIGS", "logo" },
		{ "ENRLL C101", USSD_KW_COURSE, "ENROLL", "C101" },
		{ "enrol c101", USSD_KW_COURSE, "ENROLL", "C101" },
		{ "jion Gul Swat", USSD_KW_JOIN, "JOIN", "Gul Swat" },
		{ "corses", USSD_KW_COURSES, "COURSES", "" },
		{ "nxet", USSD_KW_COURSE, "NEXT", "" },
		{ "repaet", USSD_KW_COURSE, "REPEAT", "" },
		{ "stauts", USSD_KW_STATUS, "STATUS", "" },
		{ "aplly G1001", USSD_KW_APPLY, "APPLY", "G1001" },
		{ "verfy", USSD_KW_COURSE, "VERIFY", "" },
		{ "moer", USSD_KW_MORE, "MORE", "" },
		{ "progres", USSD_KW_COURSE, "PROGRESS", "" },
		{ "strat", USSD_KW_START, "START", "" },
		/* Too far, too short, or near two verbs: not guessed. */
		{ "hello world", USSD_KW_UNKNOWN, "", "" },
		{ "xyz", USSD_KW_UNKNOWN, "", "" },
		{ "kaai", USSD_KW_UNKNOWN, "", "" },	/* KAAM, KAMI */
		{ "mail", USSD_KW_UNKNOWN, "", "" },	/* never "MALE" */
	};
	struct ussd_cmd	cmd;
	size_t		i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ussd_keyword_parse(t[i].text, &cmd);
		if ((int)cmd.kw != (int)t[i].kw ||
		    strcmp(cmd.verb, t[i].verb) != 0 ||
		    strcmp(cmd.arg, t[i].arg) != 0)
			printf("  \"%s\": kw %d verb \"%s\" arg \"%s\"\n",
			    t[i].text, cmd.kw, cmd.verb, cmd.arg);
		CHECK_INT(cmd.kw, t[i].kw);
		CHECK_STR(cmd.verb, t[i].verb);
		CHECK_STR(cmd.arg, t[i].arg);
	}
	/* The unknown reply quotes the word as typed. */
	ussd_keyword_parse("kaai", &cmd);
	CHECK_STR(cmd.word, "KAAI");
}

UNIT_TEST(sms_keyword_more_and_about)
{
	static const struct {
		const char	*text;
		enum ussd_kw	 kw;
		const char	*arg;
	} t[] = {
		{ "MORE", USSD_KW_MORE, "" }, { "mazeed", USSD_KW_MORE, "" },
		{ "مزید", USSD_KW_MORE, "" },
		{ "F 19", USSD_KW_ABOUT, "f:19" }, { "m", USSD_KW_ABOUT, "m:" },
		{ "aurat 17", USSD_KW_ABOUT, "f:17" },
		{ "عورت ۱۷", USSD_KW_ABOUT, "f:17" },
		{ "لڑکا 22", USSD_KW_ABOUT, "m:22" },
		{ "age 30", USSD_KW_ABOUT, ":30" },
		{ "female", USSD_KW_ABOUT, "f:" },
	};
	struct ussd_cmd	cmd;
	size_t		i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ussd_keyword_parse(t[i].text, &cmd);
		CHECK_INT(cmd.kw, t[i].kw);
		CHECK_STR(cmd.arg, t[i].arg);
	}
}

/* A verb without its argument gets an example, not an error. */
UNIT_TEST(sms_keyword_without_argument_gets_example)
{
	struct ussd_cmd	cmd;
	char		out[640];
	int		l;

	ussd_keyword_parse("VERIFY", &cmd);
	CHECK_STR(cmd.verb, "VERIFY");
	CHECK_STR(cmd.arg, "");
	for (l = 0; l < HLANG_COUNT; l++) {
		/* course_verify('') answers mistyped with an empty code. */
		course_reply("mistyped", infra_lang_code((enum hlang)l), "",
		    NULL, NULL, out, sizeof(out));
		CHECK(strstr(out, "VERIFY 7K3M9QX2PA") != NULL);
		CHECK(strstr(out, "10 letters") == NULL);
		course_reply("no_course", infra_lang_code((enum hlang)l), "",
		    NULL, NULL, out, sizeof(out));
		CHECK(strstr(out, "ENROLL C101") != NULL);
	}
	course_reply("mistyped", "en", "ABC", NULL, NULL, out, sizeof(out));
	CHECK(strstr(out, "mistyped") != NULL);
}

/*
 * Every confirmation (STOP, START, LANG, JOIN, ENROLL) in one SMS, in
 * each language, with long values: names and titles are cut to fit.
 */
UNIT_TEST(sms_confirmations_fit_one_sms)
{
	/* The usages were 71 and 77 UCS-2 characters in Urdu: two SMS. */
	static const char *plain[] = { "stopped", "started", "lang_set",
	    "lang_new", "opted_out", "about_set", "lang_usage",
	    "apply_usage", NULL };
	static const char *named[][3] = {
		{ "Gul Bibi", "Kohistan", NULL },
		{ "Muhammad Abdul Rehman Khan Yousafzai", "Dera Ismail Khan",
		    NULL },
		{ "گل بی بی", "کوہستان", NULL },
		{ "محمد عبدالرحمان خان یوسفزئی", "ڈیرہ اسماعیل خان", NULL },
	};
	static const char *course[] = { "enrolled", "retake", "enrolled_web",
	    "enrolled_centre", "already", "left", "waitlisted", NULL };
	static const char *titles[] = { "Freelancing basics by SMS",
	    "Translation of a brochure into Urdu and English for clients",
	    "ایس ایم ایس پر فری لانسنگ کی بنیاد اور کلائنٹ تلاش کرنا", NULL };
	char	out[640];
	int	i, j, l;

	for (l = 0; l < HLANG_COUNT; l++) {
		for (i = 0; plain[i] != NULL; i++) {
			CHECK(ussd_reply(plain[i], (enum hlang)l, NULL, NULL,
			    NULL, out, sizeof(out)) > 0);
			if (parts(out) != 1)
				printf("  %s/%d: %s\n", plain[i], l, out);
			CHECK_INT(parts(out), 1);
		}
		/* Urdu-script names with Urdu replies (JOIN in Urdu script
		   answers in Urdu), Latin ones with every language. */
		for (i = 0; i < (l == HLANG_UR ? 4 : 2); i++) {
			CHECK(ussd_reply("joined", (enum hlang)l, named[i][0],
			    named[i][1], NULL, out, sizeof(out)) > 0);
			if (parts(out) != 1)
				printf("  joined/%d: %s\n", l, out);
			CHECK_INT(parts(out), 1);
			CHECK(infra_utf8_valid(out, strlen(out)));
		}
		for (i = 0; course[i] != NULL; i++) {
			for (j = 0; titles[j] != NULL; j++) {
				CHECK(course_reply(course[i],
				    infra_lang_code((enum hlang)l), "C101",
				    titles[j], "3", out, sizeof(out)) > 0);
				if (parts(out) != 1)
					printf("  %s/%d: %s\n", course[i], l,
					    out);
				CHECK_INT(parts(out), 1);
				CHECK(strstr(out, "C101") != NULL);
			}
		}
	}
	/* The Urdu STOP of the issue was 75 UCS-2 characters. */
	(void)ussd_reply("stopped", HLANG_UR, NULL, NULL, NULL, out,
	    sizeof(out));
	CHECK(strstr(out, "START") != NULL);
	/* A short title stays whole. */
	course_reply("enrolled", "en", "C101", "Freelancing basics by SMS",
	    NULL, out, sizeof(out));
	CHECK(strstr(out, "C101 Freelancing basics by SMS.") != NULL);
}

/* Lists: one SMS, titles cut at a word with an ellipsis, MORE offered. */
UNIT_TEST(sms_lists_fit_one_sms)
{
	static const char *en =
	    "G1007\tTranslation of a brochure for a travel agency in Swat"
	    "\tRs5000 Swat\n"
	    "G1003\tWordPress site for a school\tRs12000 @remote\n"
	    "G1001\tLogo design for a shop\tRs3000 Lahore";
	static const char *ur =
	    "C103\tڈیٹا انٹری اور ایکسل کے ساتھ دفتر کا کام\t\n"
	    "C102\tکینوا کے ساتھ گرافک ڈیزائن\t@online";
	/*
	 * Urdu GIGS pages hold one gig (sms_page_size()), the others
	 * two (three here: the renderer cuts at a word whatever it is
	 * given): a title is cut at a word, never dropped.
	 */
	static const char *ur_gigs =
	    "G1007\tTranslation of a brochure for a travel agency in Swat"
	    "\tRs5000 سوات";
	char	out[640];
	int	l;

	for (l = 0; l < HLANG_COUNT; l++) {
		CHECK(ussd_reply("gigs", (enum hlang)l, l == HLANG_UR ?
		    ur_gigs : en, "G1007", "more", out, sizeof(out)) > 0);
		if (parts(out) != 1)
			printf("  gigs/%d: %s\n", l, out);
		CHECK_INT(parts(out), 1);
		CHECK(strstr(out, "MORE") != NULL);
		CHECK(strstr(out, "brochur ") == NULL);
		CHECK(strstr(out, "G1007 Translation of") != NULL);
		CHECK(strstr(out, l == HLANG_UR ? "سوات" : "G1001") != NULL);
		CHECK(ussd_reply("courses", (enum hlang)l, ur, "C103", "",
		    out, sizeof(out)) > 0);
		CHECK_INT(parts(out), 1);
		CHECK(strstr(out, "MORE") == NULL);
	}
	(void)ussd_reply("gigs", HLANG_EN, en, "G1007", "more", out,
	    sizeof(out));
	CHECK(strstr(out, "...") != NULL);
	CHECK(strstr(out, "remote") != NULL);
	CHECK(strncmp(out, "Gigs: G1007 Translation", 23) == 0);
	(void)ussd_reply("courses", HLANG_UR, ur, "C103", "", out,
	    sizeof(out));
	CHECK(strstr(out, "(آن لائن)") != NULL);
	CHECK(strstr(out, "C103 ڈیٹا") != NULL);
	/* The cut never ends inside a word: what precedes "…" is a word. */
	CHECK(strstr(out, "ا…") == NULL || strstr(out, "اور…") != NULL ||
	    strstr(out, "ایکسل…") != NULL);
}

/*
 * Seen in CI: one gig with an Urdu title on a Roman Urdu GIGS page made
 * the SMS UCS-2 and cut every title to nothing ("Kaam: G2032 Rs3000
 * Swat, ...").  The Urdu title gives way; the others keep theirs.
 */
UNIT_TEST(sms_list_one_urdu_title_among_latin)
{
	static const char *mixed =
	    "G2032\tLogo for a honey shop in Mingora bazaar\tRs3000 Swat\n"
	    "G2031\tلوگو ڈیزائن\tRs12000 @remote\n"
	    "G2030\tWordPress site for a school\tRs12000 @remote";
	struct infra_sms_count	c;
	char			out[640];

	CHECK(ussd_reply("gigs", HLANG_RU, mixed, "G2032", "more", out,
	    sizeof(out)) > 0);
	CHECK(infra_sms_count(out, strlen(out), &c) == 0);
	CHECK_INT(c.coding, INFRA_SMS_GSM7);
	CHECK_INT(c.parts, 1);
	CHECK(strstr(out, "G2032 Logo for a") != NULL);
	CHECK(strstr(out, "G2031 Rs12000") != NULL);
}

UNIT_TEST(infra_text_cut_at_a_word)
{
	char	s[64];

	(void)snprintf(s, sizeof(s), "translation of a brochure");
	CHECK_INT(infra_text_cut(s, sizeof(s), 100, "..."), 25);
	CHECK_INT(infra_text_cut(s, sizeof(s), 22, "..."), 19);
	CHECK_STR(s, "translation of a...");
	(void)snprintf(s, sizeof(s), "C103 ڈیٹا انٹری اور ایکسل");
	(void)infra_text_cut(s, sizeof(s), 16, "…");
	CHECK_STR(s, "C103 ڈیٹا انٹری…");
	(void)snprintf(s, sizeof(s), "Supercalifragilistic");
	(void)infra_text_cut(s, sizeof(s), 8, "...");
	CHECK_STR(s, "Super...");
	(void)snprintf(s, sizeof(s), "abc def");
	(void)infra_text_cut(s, sizeof(s), 2, "...");
	CHECK_STR(s, "");
	/* A buffer too small for the ellipsis after the cut. */
	(void)snprintf(s, 8, "abcdefg");
	(void)infra_text_cut(s, 8, 6, "…");
	CHECK(infra_utf8_valid(s, strlen(s)));
	CHECK(strlen(s) < 8);
}
