/*
 * matching/match_text.c: the offer SMS, YES/NO answers and skill-gap
 * advice, each the bytes PostgreSQL's match_text()/match_offer_text()
 * wrote before they moved to C (V0038), the cuts' quirks included.
 */
#include <stdio.h>
#include <string.h>

#include "infra/infra.h"
#include "matching/matching.h"
#include "tests/unit/unit.h"

UNIT_TEST(match_text_offer_sms)
{
	char	out[640];

	CHECK(match_offer_sms("en", "Indus Digital", "G2001",
	    "Logo for a honey shop in Mingora bazaar", "3000", 0, "Swat",
	    out, sizeof(out)) > 0);
	CHECK_STR(out, "Hunar offer: Logo for a honey shop in Mingora bazaar "
	    "(G2001), Rs 3000, Swat, from Indus Digital. Reply YES G2001 to "
	    "accept or NO G2001. Your number is shared only after YES.");
	/* Cut at a word: the last word goes even when it is whole. */
	(void)match_offer_sms("ru", "Khyber Pakhtunkhwa Women's Digital Skills "
	    "Cooperative Ltd", "G2010", "Design and print a full set of "
	    "bilingual menu cards for a busy family restaurant in Saddar",
	    "12000", 1, "", out, sizeof(out));
	CHECK_STR(out, "Hunar offer: Design and print a full set of bilingual "
	    "menu cards for... (G2010), Rs 12000, remote, Khyber Pakhtunkhwa "
	    "Women's Digital... ki taraf se. Qubool: YES G2010, inkaar: NO "
	    "G2010. Number sirf YES ke baad diya jaye ga.");
	(void)match_offer_sms("en", "Khyber Pakhtunkhwa Women's Digital Skills "
	    "Cooperative Ltd", "G2", "x", "1", 1, "", out, sizeof(out));
	CHECK(strstr(out, "from Khyber Pakhtunkhwa Women's Digital.... ") !=
	    NULL);
	/* White space made single; one long word is cut inside it. */
	(void)match_offer_sms("ur", "انڈس ڈیجیٹل", "G2019",
	    "  Data   entry\tfor a\n shop  ", "1500", 0, "لاہور", out,
	    sizeof(out));
	CHECK_STR(out, "ہنر پیشکش: Data entry for a shop (G2019)، 1500 روپے، "
	    "لاہور، انڈس ڈیجیٹل۔ قبول: YES G2019، انکار: NO G2019۔");
	(void)match_offer_sms("ur", "Indus Digital", "G2020",
	    "SupercalifragilisticexpialidociousSupercalifragilisticexpiali",
	    "999999", 0, "ایبٹ آباد", out, sizeof(out));
	CHECK_STR(out, "ہنر پیشکش: Supercalifragilisticexpialido… (G2020)، "
	    "999999 روپے، ایبٹ آباد، Indus Digital۔ قبول: YES G2020، انکار: "
	    "NO G2020۔");
	(void)match_offer_sms("ur", "Indus Digital", "G2021", "Alpha beta "
	    "gamma delta epsilon zeta eta theta iota kappa lam", "500", 1, "",
	    out, sizeof(out));
	CHECK(strncmp(out, "ہنر پیشکش: Alpha beta gamma delta… (G2021)، 500 "
	    "روپے، ریموٹ،", strlen("ہنر پیشکش: Alpha beta gamma delta… "
	    "(G2021)، 500 روپے، ریموٹ،")) == 0);
	/* Separators before the word that goes, go with it. */
	(void)match_offer_sms("en", "Org", "G1", "Shop, cafe; - and more "
	    "words here to pass sixty characters in all of it", "1", 1, "",
	    out, sizeof(out));
	CHECK(strncmp(out, "Hunar offer: Shop, cafe; - and more words here to "
	    "pass sixty... (G1)", 67) == 0);
	/* A language that is no code reads English. */
	(void)match_offer_sms("", "Org", "G1", "T", "1", 0, "Swat", out,
	    sizeof(out));
	CHECK(strncmp(out, "Hunar offer: T (G1), Rs 1, Swat, from Org.", 42) ==
	    0);
}

UNIT_TEST(match_text_replies)
{
	char	out[640], small[20];

	CHECK(match_reply("offer_none", "en", NULL, NULL, NULL, out,
	    sizeof(out)) > 0);
	CHECK_STR(out, "Hunar: you have no open offer.");
	(void)match_reply("offer_none", "ru", NULL, "G9999", NULL, out,
	    sizeof(out));
	CHECK_STR(out, "Hunar: aap ke liye koi khuli offer nahi (G9999).");
	(void)match_reply("offer_none", "ur", "", "G9999", "", out,
	    sizeof(out));
	CHECK_STR(out, "ہنر: آپ کے لیے کوئی کھلی پیشکش نہیں (G9999)۔");
	(void)match_reply("offer_yes", "en", "Indus Digital", "G2001", NULL,
	    out, sizeof(out));
	CHECK_STR(out, "Hunar: you accepted gig G2001. Indus Digital can now "
	    "see your number and will contact you.");
	(void)match_reply("offer_no", "ur", NULL, "G2018", NULL, out,
	    sizeof(out));
	CHECK_STR(out, "ہنر: آپ نے گِگ G2018 سے انکار کر دیا۔ آپ کا نمبر "
	    "پوشیدہ رہے گا۔");
	(void)match_reply("gap_advice", "en", "MS Excel", "C103", "G2006", out,
	    sizeof(out));
	CHECK_STR(out, "Hunar: learn MS Excel (C103) to rise most for G2006.");
	(void)match_reply("gap_advice", "ru", "Figma", NULL, "G2015", out,
	    sizeof(out));
	CHECK_STR(out, "Hunar: Figma seekhein, is se G2015 ke liye sab se "
	    "zyada faida.");
	(void)match_reply("gap_advice", "ur", "فری لانسنگ کے لیے انگریزی",
	    "C106", NULL, out, sizeof(out));
	CHECK_STR(out, "ہنر: فری لانسنگ کے لیے انگریزی (C106) سیکھیں، اس سے "
	    "سب سے زیادہ فائدہ۔");
	(void)match_gap_advice("ur", "Data entry", "ڈیٹا انٹری", "C103", "",
	    out, sizeof(out));
	CHECK_STR(out, "ہنر: ڈیٹا انٹری (C103) سیکھیں، اس سے سب سے زیادہ "
	    "فائدہ۔");
	(void)match_reply("gap_none", "en", "G2006", NULL, NULL, out,
	    sizeof(out));
	CHECK_STR(out, "You have every skill G2006 asks for. Send APPLY G2006.");
	/* The channel's statuses are the channel's to word. */
	CHECK_INT(match_reply("apply_no_gig", "en", "G1", NULL, NULL, out,
	    sizeof(out)), -1);
	CHECK_INT(match_reply(NULL, "en", NULL, NULL, NULL, out, sizeof(out)),
	    -1);
	/* A small buffer is cut on a character boundary. */
	CHECK(match_reply("offer_none", "ur", NULL, NULL, NULL, small,
	    sizeof(small)) > 0);
	CHECK(infra_utf8_valid(small, strlen(small)));
}

/* Every reply fits the channel's two parts, GSM-7 outside Urdu script. */
UNIT_TEST(match_text_every_reply_fits)
{
	static const char *st[] = { "offer_yes", "offer_no", "offer_none",
	    "gap_advice", "gap_none", "gap_near_none", NULL };
	static const char *lc[] = { "en", "ru", "ur" };
	struct infra_sms_count	cnt;
	char			out[640];
	int			i, l;

	for (i = 0; st[i] != NULL; i++)
		for (l = 0; l < 3; l++) {
			CHECK(match_reply(st[i], lc[l], "Khyber Pakhtunkhwa "
			    "Women's Digital Skills", "G1001", "C102", out,
			    sizeof(out)) > 0);
			CHECK(strchr(out, '{') == NULL);
			CHECK_INT(infra_sms_count(out, strlen(out), &cnt), 0);
			CHECK(cnt.parts <= 2);
		}
	for (l = 0; l < 3; l++) {
		CHECK(match_offer_sms(lc[l], "Khyber Pakhtunkhwa Women's "
		    "Digital Skills Cooperative Ltd", "G1001", "Design and "
		    "print a full set of bilingual menu cards for a busy "
		    "family restaurant", "120000", 0, "Dera Ismail Khan", out,
		    sizeof(out)) > 0);
		CHECK(strchr(out, '{') == NULL);
		CHECK_INT(infra_sms_count(out, strlen(out), &cnt), 0);
		CHECK(cnt.parts <= 2);
	}
}

/* Titles cut as PostgreSQL's match_cut() cut them (60, 30 in Urdu). */
static const struct {
	const char	*lang, *title, *cut;
} cut_cases[] = {
	{ "en",
	    "Shop, cafe; - and more words here to pass si"
	    "xty characters in all of it",
	    "Shop, cafe; - and more words here to pass si"
	    "xty..." },
	{ "en",
	    "a,b cxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxxxxxxxxxx",
	    "a,b..." },
	{ "en",
	    "word  -, next   yyyyyyyyyyyyyyyyyyyyyyyyyyyy"
	    "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy",
	    "word -, next..." },
	{ "en",
	    "   ",
	    "" },
	{ "en",
	    "",
	    "" },
	{ "en",
	    "ab cdab cdab cdab cdab cdab cdab cdab cdab c"
	    "dab cdab cdab cdab cdab cdab cdab cdab cdab "
	    "cdab cdab cd",
	    "ab cdab cdab cdab cdab cdab cdab cdab cdab c"
	    "dab cdab..." },
	{ "en",
	    "a\xe3\x80\x80""b\xc2\xa0""c a\xe3\x80\x80""b"
	    "\xc2\xa0""c a\xe3\x80\x80""b\xc2\xa0""c a\xe3\x80\x80"""
	    "b\xc2\xa0""c a\xe3\x80\x80""b\xc2\xa0""c a\xe3\x80\x80"""
	    "b\xc2\xa0""c a\xe3\x80\x80""b\xc2\xa0""c a\xe3\x80\x80"""
	    "b\xc2\xa0""c a\xe3\x80\x80""b\xc2\xa0""c a\xe3\x80\x80"""
	    "b\xc2\xa0""c a\xe3\x80\x80""b\xc2\xa0""c a\xe3\x80\x80"""
	    "b\xc2\xa0""c a\xe3\x80\x80""b\xc2\xa0""c a\xe3\x80\x80"""
	    "b\xc2\xa0""c a\xe3\x80\x80""b\xc2\xa0""c a\xe3\x80\x80"""
	    "b\xc2\xa0""c a\xe3\x80\x80""b\xc2\xa0""c a\xe3\x80\x80"""
	    "b\xc2\xa0""c a\xe3\x80\x80""b\xc2\xa0""c a\xe3\x80\x80"""
	    "b\xc2\xa0""c a\xe3\x80\x80""b\xc2\xa0""c a\xe3\x80\x80"""
	    "b\xc2\xa0""c a\xe3\x80\x80""b\xc2\xa0""c a\xe3\x80\x80"""
	    "b\xc2\xa0""c a\xe3\x80\x80""b\xc2\xa0""c a\xe3\x80\x80"""
	    "b\xc2\xa0""c a\xe3\x80\x80""b\xc2\xa0""c a\xe3\x80\x80"""
	    "b\xc2\xa0""c a\xe3\x80\x80""b\xc2\xa0""c a\xe3\x80\x80"""
	    "b\xc2\xa0""c ",
	    "a b\xc2\xa0""c a b\xc2\xa0""c a b\xc2\xa0""c"
	    " a b\xc2\xa0""c a b\xc2\xa0""c a b\xc2\xa0"""
	    "c a b\xc2\xa0""c a b\xc2\xa0""c a b\xc2\xa0"""
	    "c a..." },
	{ "en",
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxx yy",
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxx yy" },
	{ "en",
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxx yyy",
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxx yyy" },
	{ "en",
	    " -leadzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"
	    "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
	    "-leadzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"
	    "zzzzzzzzzzzzz..." },
	{ "en",
	    "کینوا کے ساتھ گرافک ڈیزائن اور لوگو بنانا سی"
	    "کھیں اور پیسے کمائیں",
	    "کینوا کے ساتھ گرافک ڈیزائن اور لوگو بنانا سی"
	    "کھیں اور..." },
	{ "en",
	    "tab\there\nand\r\nthere tab\there\nand\r\nth"
	    "ere tab\there\nand\r\nthere tab\there\nand\r"
	    "\nthere tab\there\nand\r\nthere tab\there\na"
	    "nd\r\nthere ",
	    "tab here and there tab here and there tab he"
	    "re and there..." },
	{ "ur",
	    "Shop, cafe; - and more words here to pass si"
	    "xty characters in all of it",
	    "Shop, cafe; - and more words…" },
	{ "ur",
	    "a,b cxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxxxxxxxxxx",
	    "a,b…" },
	{ "ur",
	    "word  -, next   yyyyyyyyyyyyyyyyyyyyyyyyyyyy"
	    "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy",
	    "word -, next…" },
	{ "ur",
	    "   ",
	    "" },
	{ "ur",
	    "",
	    "" },
	{ "ur",
	    "ab cdab cdab cdab cdab cdab cdab cdab cdab c"
	    "dab cdab cdab cdab cdab cdab cdab cdab cdab "
	    "cdab cdab cd",
	    "ab cdab cdab cdab cdab cdab…" },
	{ "ur",
	    "a\xe3\x80\x80""b\xc2\xa0""c a\xe3\x80\x80""b"
	    "\xc2\xa0""c a\xe3\x80\x80""b\xc2\xa0""c a\xe3\x80\x80"""
	    "b\xc2\xa0""c a\xe3\x80\x80""b\xc2\xa0""c a\xe3\x80\x80"""
	    "b\xc2\xa0""c a\xe3\x80\x80""b\xc2\xa0""c a\xe3\x80\x80"""
	    "b\xc2\xa0""c a\xe3\x80\x80""b\xc2\xa0""c a\xe3\x80\x80"""
	    "b\xc2\xa0""c a\xe3\x80\x80""b\xc2\xa0""c a\xe3\x80\x80"""
	    "b\xc2\xa0""c a\xe3\x80\x80""b\xc2\xa0""c a\xe3\x80\x80"""
	    "b\xc2\xa0""c a\xe3\x80\x80""b\xc2\xa0""c a\xe3\x80\x80"""
	    "b\xc2\xa0""c a\xe3\x80\x80""b\xc2\xa0""c a\xe3\x80\x80"""
	    "b\xc2\xa0""c a\xe3\x80\x80""b\xc2\xa0""c a\xe3\x80\x80"""
	    "b\xc2\xa0""c a\xe3\x80\x80""b\xc2\xa0""c a\xe3\x80\x80"""
	    "b\xc2\xa0""c a\xe3\x80\x80""b\xc2\xa0""c a\xe3\x80\x80"""
	    "b\xc2\xa0""c a\xe3\x80\x80""b\xc2\xa0""c a\xe3\x80\x80"""
	    "b\xc2\xa0""c a\xe3\x80\x80""b\xc2\xa0""c a\xe3\x80\x80"""
	    "b\xc2\xa0""c a\xe3\x80\x80""b\xc2\xa0""c a\xe3\x80\x80"""
	    "b\xc2\xa0""c ",
	    "a b\xc2\xa0""c a b\xc2\xa0""c a b\xc2\xa0""c"
	    " a b\xc2\xa0""c a…" },
	{ "ur",
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxx yy",
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxx…" },
	{ "ur",
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxx yyy",
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxx…" },
	{ "ur",
	    " -leadzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"
	    "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
	    "-leadzzzzzzzzzzzzzzzzzzzzzzzz…" },
	{ "ur",
	    "کینوا کے ساتھ گرافک ڈیزائن اور لوگو بنانا سی"
	    "کھیں اور پیسے کمائیں",
	    "کینوا کے ساتھ گرافک ڈیزائن…" },
	{ "ur",
	    "tab\there\nand\r\nthere tab\there\nand\r\nth"
	    "ere tab\there\nand\r\nthere tab\there\nand\r"
	    "\nthere tab\there\nand\r\nthere tab\there\na"
	    "nd\r\nthere ",
	    "tab here and there tab here…" },
};

UNIT_TEST(match_text_cut_as_sql_did)
{
	char	out[640], want[640];
	size_t	i;

	for (i = 0; i < sizeof(cut_cases) / sizeof(cut_cases[0]); i++) {
		(void)match_offer_sms(cut_cases[i].lang, "O", "G1",
		    cut_cases[i].title, "1", 1, "", out, sizeof(out));
		(void)snprintf(want, sizeof(want), "%s%s (G1)",
		    strcmp(cut_cases[i].lang, "ur") == 0 ? "ہنر پیشکش: " :
		    "Hunar offer: ", cut_cases[i].cut);
		if (strncmp(out, want, strlen(want)) != 0)
			printf("  cut %zu: %s\n", i, out);
		CHECK(strncmp(out, want, strlen(want)) == 0);
	}
}
