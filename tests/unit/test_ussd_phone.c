/*
 * The browser phone's wire (ussd/ussd_phoneline.c): MO lines as
 * bearerbox's fake SMSC reads them, MT lines as it writes them (whole,
 * concatenated, UCS-2 without a word of its coding), the log's entries
 * and the reserved number range.
 */
#include <string.h>

#include "tests/unit/unit.h"
#include "ussd/ussd.h"

UNIT_TEST(ussd_phone_mo_text_and_ucs2)
{
	char	line[256];

	CHECK_INT(ussd_phone_mo_line("923991234567", "8282", "JOIN Ali Swat",
	    line, sizeof(line)), 37);
	CHECK_STR(line, "923991234567 8282 text JOIN Ali Swat\n");
	/* Urdu and any newline go as UTF-16BE, URL-encoded. */
	CHECK(ussd_phone_mo_line("923991234567", "8282", "مدد", line,
	    sizeof(line)) > 0);
	CHECK_STR(line, "923991234567 8282 ucs2 %06%45%06%2F%06%2F\n");
	CHECK(ussd_phone_mo_line("923991234567", "8282", "a\nb", line,
	    sizeof(line)) > 0);
	CHECK_STR(line, "923991234567 8282 ucs2 %00%61%00%0A%00%62\n");
	/* An emoji is a surrogate pair. */
	CHECK(ussd_phone_mo_line("9", "8", "\xf0\x9f\x98\x80", line,
	    sizeof(line)) > 0);
	CHECK_STR(line, "9 8 ucs2 %D8%3D%DE%00\n");
	/* Not UTF-8, or too long for the buffer: refused. */
	CHECK_INT(ussd_phone_mo_line("9", "8", "\xff", line, sizeof(line)),
	    -1);
	CHECK_INT(ussd_phone_mo_line("923991234567", "8282", "HELP", line,
	    20), -1);
}

UNIT_TEST(ussd_phone_mt_whole)
{
	struct ussd_phone_part	pt;
	struct ussd_phone_asm	a;
	char			out[256], to[24];
	const char		*l;

	memset(&a, 0, sizeof(a));
	l = "8282 923991234567 text Hunar: text JOIN";
	CHECK_INT(ussd_phone_mt_parse(l, strlen(l), &pt), 0);
	CHECK_STR(pt.from, "8282");
	CHECK_STR(pt.to, "923991234567");
	CHECK_INT(pt.plain, 1);
	CHECK_INT(ussd_phone_asm_add(&a, &pt, 100, out, sizeof(out), to,
	    sizeof(to)), 1);
	CHECK_STR(out, "Hunar: text JOIN");
	CHECK_STR(to, "923991234567");
	/* ucs-2: "مدد" with a '+' for a space ("م د"). */
	l = "8282 923991234567 ucs-2 %06E%00+%06%2F";
	CHECK_INT(ussd_phone_mt_parse(l, strlen(l), &pt), 0);
	CHECK_INT(ussd_phone_asm_add(&a, &pt, 100, out, sizeof(out), to,
	    sizeof(to)), 1);
	CHECK_STR(out, "م د");
	/* Not a message. */
	l = "A) Yes B) No";
	CHECK_INT(ussd_phone_mt_parse(l, strlen(l), &pt), -1);
	l = "8282 923991234567 telex x";
	CHECK_INT(ussd_phone_mt_parse(l, strlen(l), &pt), -1);
}

UNIT_TEST(ussd_phone_mt_parts)
{
	struct ussd_phone_part	pt;
	struct ussd_phone_asm	a;
	char			out[256], to[24];
	const char		*p1, *p2, *g1, *g2;

	memset(&a, 0, sizeof(a));
	/* UCS-2 in two parts ("data" after the UDH), the second first. */
	p1 = "8282 923991234567 udh %05%00%03%2A%02%01 data %06E%06%2F";
	p2 = "8282 923991234567 udh %05%00%03%2A%02%02 data %06%2F";
	CHECK_INT(ussd_phone_mt_parse(p2, strlen(p2), &pt), 0);
	CHECK_INT(pt.ref, 0x2a);
	CHECK_INT(pt.seq, 2);
	CHECK_INT(ussd_phone_asm_add(&a, &pt, 100, out, sizeof(out), to,
	    sizeof(to)), 0);
	CHECK_INT(ussd_phone_mt_parse(p1, strlen(p1), &pt), 0);
	CHECK_INT(ussd_phone_asm_add(&a, &pt, 101, out, sizeof(out), to,
	    sizeof(to)), 1);
	CHECK_STR(out, "مدد");
	/* GSM-7 text in two parts, 16-bit reference, with a newline. */
	g1 = "8282 923991234567 udh %06%08%04%01%02%02%01 data Quiz%3A+A";
	g2 = "8282 923991234567 udh %06%08%04%01%02%02%02 data %0AB+ok";
	CHECK_INT(ussd_phone_mt_parse(g1, strlen(g1), &pt), 0);
	CHECK_INT(pt.ref, 0x0102);
	CHECK_INT(ussd_phone_asm_add(&a, &pt, 100, out, sizeof(out), to,
	    sizeof(to)), 0);
	CHECK_INT(ussd_phone_mt_parse(g2, strlen(g2), &pt), 0);
	CHECK_INT(ussd_phone_asm_add(&a, &pt, 100, out, sizeof(out), to,
	    sizeof(to)), 1);
	CHECK_STR(out, "Quiz: A\nB ok");
	/* A part whose other half never came is dropped after a minute. */
	CHECK_INT(ussd_phone_mt_parse(p1, strlen(p1), &pt), 0);
	CHECK_INT(ussd_phone_asm_add(&a, &pt, 200, out, sizeof(out), to,
	    sizeof(to)), 0);
	CHECK_INT(ussd_phone_mt_parse(p2, strlen(p2), &pt), 0);
	CHECK_INT(ussd_phone_asm_add(&a, &pt, 200 + USSD_PHONE_ASM_TTL + 1,
	    out, sizeof(out), to, sizeof(to)), 0);
}

UNIT_TEST(ussd_phone_log_and_range)
{
	const char	*text;
	size_t		 tl;
	long long	 ms;
	int		 dir;
	char		 num[16];

	CHECK_INT(ussd_phone_log_parse("<1700000000123 Hi there", 23, &dir,
	    &ms, &text, &tl), 0);
	CHECK_INT(dir, '<');
	CHECK_INT(ms, 1700000000123LL);
	CHECK_INT(tl, 8);
	CHECK_INT(ussd_phone_log_parse("x1 a", 4, &dir, &ms, &text, &tl), -1);
	CHECK_INT(ussd_phone_log_parse(">12a b", 6, &dir, &ms, &text, &tl),
	    -1);
	CHECK_INT(ussd_phone_range("0399 1234567", "92399", num,
	    sizeof(num)), 0);
	CHECK_STR(num, "923991234567");
	CHECK_INT(ussd_phone_range("+92 399 1234567", "92399", num,
	    sizeof(num)), 0);
	/* A real operator's number is never the browser phone's. */
	CHECK_INT(ussd_phone_range("0300 1234567", "92399", num,
	    sizeof(num)), -1);
	CHECK_INT(ussd_phone_range("0399 123", "92399", num, sizeof(num)),
	    -1);
}
