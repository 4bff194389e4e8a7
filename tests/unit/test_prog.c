/* programmes: the SMS verbs, their replies, charts and CSV. */
#include <stdlib.h>
#include <string.h>

#include "programmes/programmes.h"
#include "ussd/ussd.h"
#include "tests/unit/unit.h"

UNIT_TEST(prog_verbs)
{
	static const struct {
		const char	*in, *verb, *arg;
	} cases[] = {
		{ "HUB", "HUB", "" }, { "hub peshawar", "HUB", "PESHAWAR" },
		{ "Markaz  Swat.", "HUB", "SWAT" }, { "مرکز", "HUB", "" },
		{ "IN 4821", "IN", "4821" }, { "in 4821", "IN", "4821" },
		{ "hazri ۴۸۲۱", "IN", "4821" }, { "حاضری 4821", "IN", "4821" },
		{ "IN", "IN", "" }, { "IN abc", "IN", "?" },
		{ "IN 12345678", "IN", "?" },
		{ "MENTOR", "MENTOR", "" }, { "mentor 27", "MENTOR", "27" },
		{ "MENTOR M27", "MENTOR", "27" }, { "rahnuma x", "MENTOR", "?" },
		{ "mydata", "MYDATA", "" }, { "my data", "MYDATA", "" },
		{ "mera data", "MYDATA", "" }, { "میرا ڈیٹا", "MYDATA", "" },
		{ "DELETE", "DELETE", "" }, { "delete yes", "DELETE", "YES" },
		{ "mitao haan", "DELETE", "YES" }, { "حذف ہاں", "DELETE", "YES" },
		{ "delete no", "DELETE", "" },
	};
	static const char	*nots[] = {
		"my", "mera", "HUBBLE", "INFO", "b", "NEXT", "", "JOIN Ali Swat"
	};
	char	norm[256], verb[16], arg[64];
	size_t	i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		(void)ussd_text_norm(cases[i].in, norm, sizeof(norm));
		if (!prog_sms_verb(norm, verb, sizeof(verb), arg,
		    sizeof(arg))) {
			printf("  \"%s\" not taken\n", cases[i].in);
			CHECK(0);
			continue;
		}
		CHECK_STR(verb, cases[i].verb);
		CHECK_STR(arg, cases[i].arg);
	}
	for (i = 0; i < sizeof(nots) / sizeof(nots[0]); i++) {
		(void)ussd_text_norm(nots[i], norm, sizeof(norm));
		CHECK(!prog_sms_verb(norm, verb, sizeof(verb), arg,
		    sizeof(arg)));
	}
}

/* Every reply, in every language, fits two SMS parts with long fields. */
UNIT_TEST(prog_replies_fit)
{
	static const char	*st[] = {
		"hubs", "hubs_none", "hub_usage", "in_ok", "in_recorded",
		"in_passed", "in_already", "in_not_enrolled", "in_bad_code",
		"in_usage", "in_limited", "mentor_slots", "mentor_none",
		"mentor_booked", "mentor_taken", "mentor_already", "mydata",
		"delete_confirm", "deleted", "delete_staff", "unregistered", "nothing_held"
	};
	static const char	*langs[] = { "en", "ru", "ur" };
	const char		*hubs = "Durshal Peshawar|University Rd|"
	    "Mon-Sat 09-17|0915550101|W:Tue,Thu 09-13\n"
	    "Women's IT Centre Mardan|Bank Rd|Mon-Fri 10-16|0937550102|W";
	struct infra_sms_count	 cnt;
	char			 out[480];
	size_t			 i, j;
	int			 n;

	for (i = 0; i < sizeof(st) / sizeof(st[0]); i++) {
		for (j = 0; j < 3; j++) {
			n = prog_reply(st[i], langs[j],
			    strcmp(st[i], "hubs") == 0 ? hubs : "C104",
			    "Sadia Afridi", "1A2B3C4D5E", out, sizeof(out));
			CHECK(n > 0);
			CHECK(infra_sms_count(out, strlen(out), &cnt) == 0);
			if (cnt.parts > 2)
				printf("  %s/%s: %d parts\n", st[i], langs[j],
				    cnt.parts);
			CHECK(cnt.parts <= 2);
		}
	}
	CHECK_INT(prog_reply("nope", "en", NULL, NULL, NULL, out,
	    sizeof(out)), -1);
}

/*
 * The new user's walk: MENTOR with no free slot came as two UCS-2 parts
 * in Urdu (73 characters) -- a learner paid twice to hear "none".
 */
UNIT_TEST(prog_reply_mentor_none_one_sms)
{
	static const char	*langs[] = { "en", "ru", "ur" };
	struct infra_sms_count	 cnt;
	char			 out[480];
	size_t			 j;

	for (j = 0; j < 3; j++) {
		CHECK(prog_reply("mentor_none", langs[j], NULL, NULL, NULL,
		    out, sizeof(out)) > 0);
		CHECK(infra_sms_count(out, strlen(out), &cnt) == 0);
		if (cnt.parts != 1)
			printf("  mentor_none/%s: %s\n", langs[j], out);
		CHECK_INT(cnt.parts, 1);
	}
}

UNIT_TEST(prog_reply_hubs)
{
	char	out[480];

	(void)prog_reply("hubs", "en", "Durshal Peshawar|University Rd|"
	    "09-17|0915550101|W:Tue 09-13\nWIT Mardan|Bank Rd|10-16|0937|W\n"
	    "Hub Swat|Main Bazar|10-18|0946|", "Peshawar", "district", out,
	    sizeof(out));
	CHECK_STR(out, "Hubs near Peshawar: Durshal Peshawar, University Rd, "
	    "09-17, 0915550101 (women Tue 09-13); WIT Mardan, Bank Rd, 10-16, "
	    "0937 (women only); Hub Swat, Main Bazar, 10-18, 0946");
	(void)prog_reply("hubs", "ur", "WIT Mardan|Bank Rd|10-16|0937|W",
	    "مردان", "", out, sizeof(out));
	CHECK(strstr(out, "صرف خواتین") != NULL);
	CHECK(strstr(out, "مردان") != NULL);
}

/*
 * SMS MENTOR in Urdu: three slots with English hub names passed two
 * UCS-2 parts, and the reply was cut mid-name without saying how to book
 * (found on a new user's walk).  Slots give way, the nearest stays.
 */
UNIT_TEST(prog_reply_mentor_slots_fit)
{
	static const char	*langs[] = { "en", "ru", "ur" };
	static const char	*book[] = { "Reply MENTOR and the number",
	    "MENTOR aur number bhejein", "MENTOR اور نمبر بھیجیں" };
	const char		*three = "41: 06/12 11:00 Sadia Afridi, "
	    "Peshawar Women's Digital Centre; 42: 06/12 15:00 Sadia Afridi, "
	    "Peshawar Women's Digital Centre; 43: 07/12 11:00 Sadia Afridi, "
	    "Peshawar Women's Digital Centre";
	struct infra_sms_count	 cnt;
	char			 out[480];
	size_t			 j;

	for (j = 0; j < 3; j++) {
		CHECK(prog_reply("mentor_slots", langs[j], three, "", "", out,
		    sizeof(out)) > 0);
		CHECK(infra_sms_count(out, strlen(out), &cnt) == 0);
		CHECK(cnt.parts <= 2);
		CHECK(strstr(out, book[j]) != NULL);
		CHECK(strstr(out, "41: 06/12 11:00 Sadia Afridi") != NULL);
	}
	/* English and Roman Urdu keep all three; Urdu what fits. */
	(void)prog_reply("mentor_slots", "en", three, "", "", out, sizeof(out));
	CHECK(strstr(out, "43: 07/12") != NULL);
	(void)prog_reply("mentor_slots", "ur", three, "", "", out, sizeof(out));
	CHECK(strstr(out, "43: 07/12") == NULL);
	CHECK(strstr(out, "Centre؛") == NULL && strstr(out, "Centre۔") != NULL);
}

/* A hub's hours name the days in the reader's language (web and SMS). */
UNIT_TEST(infra_hours_days)
{
	char	out[160];

	infra_hours("Mon-Sat 09-17", HLANG_EN, out, sizeof(out));
	CHECK_STR(out, "Mon-Sat 09-17");
	infra_hours("Mon-Sat 09-17", HLANG_RU, out, sizeof(out));
	CHECK_STR(out, "Peer-Hafta 09-17");
	infra_hours("Mon-Sat 09-17", HLANG_UR, out, sizeof(out));
	CHECK_STR(out, "پیر تا ہفتہ 09-17");
	infra_hours("Tue,Thu 09-13", HLANG_UR, out, sizeof(out));
	CHECK_STR(out, "منگل، جمعرات 09-13");
	infra_hours("sun 10-14, Monday off", HLANG_RU, out, sizeof(out));
	CHECK_STR(out, "Itwaar 10-14, Monday off");
	infra_hours("Mon-Fri 09-16", HLANG_UR, out, 8);
	CHECK(strlen(out) < 8);
	(void)prog_reply("hubs", "ur", "WIT Mardan|Bank Rd|Mon-Sat 10-16|0937|"
	    "W:Tue 09-13", "مردان", "", out, sizeof(out));
	CHECK(strstr(out, "پیر تا ہفتہ 10-16") != NULL);
	CHECK(strstr(out, "منگل 09-13") != NULL);
	CHECK(strstr(out, "Mon") == NULL && strstr(out, "Tue") == NULL);
}

UNIT_TEST(prog_svg)
{
	struct prog_bar		 bars[] = {
		{ "Peshawar <&>", 40, -1 }, { "Swat", -1, -1 },
		{ "Women", 30, 50 }
	};
	struct infra_buf	 b;

	infra_buf_init(&b);
	prog_svg_bars(&b, "Funnel \"KP\"", bars, 3, 0);
	(void)infra_buf_add(&b, "", 1);
	CHECK(strncmp((char *)b.data, "<svg ", 5) == 0);
	CHECK(strstr((char *)b.data, "Peshawar &lt;&amp;&gt;") != NULL);
	CHECK(strstr((char *)b.data, "&lt;5</text>") != NULL);
	/* 40 of 50 (the mark is the scale's top) is 320 of 400 pixels. */
	CHECK(strstr((char *)b.data, "width=\"320\"") != NULL);
	CHECK(strstr((char *)b.data, "stroke=\"#b00020\"") != NULL);
	CHECK(strstr((char *)b.data, "<script") == NULL);
	CHECK(strstr((char *)b.data, "</svg>") != NULL);
	infra_buf_free(&b);
}

UNIT_TEST(prog_csv)
{
	struct infra_buf	b;

	infra_buf_init(&b);
	prog_csv_field(&b, "Peshawar", 1);
	prog_csv_field(&b, "a,b", 0);
	prog_csv_field(&b, "say \"hi\"", 0);
	prog_csv_field(&b, NULL, 0);
	prog_csv_field(&b, "-12", 0);
	prog_csv_field(&b, "=HYPERLINK(1)", 0);
	prog_csv_field(&b, "ڈیرہ", 0);
	(void)infra_buf_add(&b, "", 1);
	CHECK_STR((char *)b.data, "Peshawar,\"a,b\",\"say \"\"hi\"\"\",<5,"
	    "-12,\"'=HYPERLINK(1)\",ڈیرہ");
	infra_buf_free(&b);
}

/*
 * MYDATA: prog_mydata_sms()'s plain fields said in the reader's words
 * (before: "Iqra Malik, Swat, ur, F, sms 2026-12-05" built in SQL, in
 * every language), whole within two parts however many courses.
 */
UNIT_TEST(prog_mydata_words)
{
	const char		*a = "Iqra Malik|Swat|سوات|ur|f||sms|2026-12-05";
	const char		*b = "C101|3|5|f\nC1403|2|2|t";
	struct infra_sms_count	 cnt;
	char			 out[640], many[1024];
	size_t			 o;
	int			 i;

	(void)prog_reply("mydata", "en", a, b, "1|0|2|0|4", out, sizeof(out));
	CHECK_STR(out, "Hunar holds: Iqra Malik, Swat, Urdu, woman, joined by "
	    "SMS, 5 Dec 2026. Courses: C101 3/5, C1403 done. Also: 1 "
	    "certificate, 2 check-ins, 4 skills. Send DELETE to erase it.");
	(void)prog_reply("mydata", "ru", a, b, "0|0|0|0|0", out, sizeof(out));
	CHECK_STR(out, "Hunar ke paas: Iqra Malik, Swat, Urdu, khatoon, SMS se "
	    "shamil, 5 Dec 2026. Courses: C101 3/5, C1403 mukammal. Mazeed: aur "
	    "kuch nahin. Mitane ke liye DELETE bhejein.");
	(void)prog_reply("mydata", "ur", a, b, "1|2|0|0|1", out, sizeof(out));
	CHECK(strstr(out, "Iqra Malik، سوات، اردو، خاتون") != NULL);
	CHECK(strstr(out, "C101 3/5 +1") != NULL);
	CHECK(strstr(out, "2 درخواستیں") != NULL);
	CHECK(strstr(out, ", ") == NULL && strstr(out, "Swat") == NULL);
	CHECK(strstr(out, "|ur|") == NULL && strstr(out, " F") == NULL);
	CHECK(infra_sms_count(out, strlen(out), &cnt) == 0 && cnt.parts <= 2);
	CHECK(strstr(out, "DELETE بھیجیں۔") != NULL);

	/* Twelve courses: as many as fit, "+N" for the rest, still whole. */
	for (i = 0, o = 0; i < 12; i++)
		o += (size_t)snprintf(many + o, sizeof(many) - o,
		    "%sC%d|1|4|f", i ? "\n" : "", 1401 + i);
	(void)prog_reply("mydata", "ur", "Muhammad Abdullah Khan Yousafzai|"
	    "Dera Ismail Khan|ڈیرہ اسماعیل خان|ur|m|18-24|ussd|2026-01-31",
	    many, "3|12|40|2|9", out, sizeof(out));
	CHECK(infra_sms_count(out, strlen(out), &cnt) == 0 && cnt.parts <= 2);
	CHECK(strstr(out, "DELETE بھیجیں۔") != NULL);
	CHECK(strstr(out, "+") != NULL);
	(void)prog_reply("mydata", "en", "Sana|Quetta||en|||seed|2026-12-04",
	    many, "0|1|0|0|0", out, sizeof(out));
	CHECK(infra_sms_count(out, strlen(out), &cnt) == 0 && cnt.parts <= 2);
	CHECK(strstr(out, "Sana, Quetta, English, not given, demo account, 4 "
	    "Dec 2026") != NULL);
	CHECK(strstr(out, "1 application.") != NULL);
}
