/* page_valid.c: field checks, masking, cookies, redirects. */
#include <string.h>

#include "infra/page.h"
#include "web/web.h"
#include "tests/unit/unit.h"

UNIT_TEST(web_valid_text_lengths_in_characters)
{
	char	big[300];

	CHECK_INT(page_valid_text("", 1, 10, PAGE_TEXT_LINE), PS_ERR_REQUIRED);
	CHECK_INT(page_valid_text("   ", 1, 10, PAGE_TEXT_LINE), PS_ERR_REQUIRED);
	CHECK_INT(page_valid_text(NULL, 0, 10, PAGE_TEXT_LINE), PS_NONE);
	CHECK_INT(page_valid_text("ab", 3, 10, PAGE_TEXT_LINE), PS_ERR_TOO_SHORT);
	CHECK_INT(page_valid_text("abc", 3, 3, PAGE_TEXT_LINE), PS_NONE);
	CHECK_INT(page_valid_text("abcd", 3, 3, PAGE_TEXT_LINE), PS_ERR_TOO_LONG);
	/* 3 Urdu letters are 6 bytes but 3 characters. */
	CHECK_INT(page_valid_text("ہنر", 3, 3, PAGE_TEXT_LINE), PS_NONE);
	CHECK_INT(page_valid_text("a\nb", 1, 10, PAGE_TEXT_LINE), PS_ERR_BAD_TEXT);
	CHECK_INT(page_valid_text("a\nb", 1, 10, PAGE_TEXT_MULTI), PS_NONE);
	CHECK_INT(page_valid_text("a\x01", 1, 10, PAGE_TEXT_MULTI),
	    PS_ERR_BAD_TEXT);
	CHECK_INT(page_valid_text("\xc3\x28", 1, 10, PAGE_TEXT_LINE),
	    PS_ERR_BAD_TEXT);
	/* Overlong encoding and a UTF-16 surrogate are not UTF-8. */
	CHECK_INT(page_valid_text("\xc0\xaf", 1, 10, PAGE_TEXT_LINE),
	    PS_ERR_BAD_TEXT);
	CHECK_INT(page_valid_text("\xed\xa0\x80", 1, 10, PAGE_TEXT_LINE),
	    PS_ERR_BAD_TEXT);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	CHECK_INT(page_valid_text(big, 3, 120, PAGE_TEXT_LINE), PS_ERR_TOO_LONG);
	CHECK_INT(page_utf8_len("aہ"), 2);
}

UNIT_TEST(page_valid_numbers)
{
	long	v;

	CHECK_INT(page_valid_long("42", 1, 100, &v), PS_NONE);
	CHECK_INT(v, 42);
	CHECK_INT(page_valid_long("0", 1, 100, &v), PS_ERR_NUMBER);
	CHECK_INT(page_valid_long("4x", 1, 100, &v), PS_ERR_NUMBER);
	CHECK_INT(page_valid_long("1e3", 1, 10000, &v), PS_ERR_NUMBER);
	CHECK_INT(page_valid_long("99999999999999999999999", 1, 100, &v),
	    PS_ERR_NUMBER);
	CHECK_INT(page_valid_long("", 1, 100, &v), PS_ERR_REQUIRED);
	CHECK_INT(page_valid_long("1; DROP TABLE gigs", 1, 100, &v),
	    PS_ERR_NUMBER);
}

UNIT_TEST(web_valid_pkr_as_people_write_it)
{
	long	v;

	CHECK_INT(page_valid_pkr("25000", 0, 100000000, &v), PS_NONE);
	CHECK_INT(v, 25000);
	CHECK_INT(page_valid_pkr("25,000", 0, 100000000, &v), PS_NONE);
	CHECK_INT(v, 25000);
	CHECK_INT(page_valid_pkr("Rs 1,500", 0, 100000000, &v), PS_NONE);
	CHECK_INT(v, 1500);
	CHECK_INT(page_valid_pkr("Rs. 1500", 0, 100000000, &v), PS_NONE);
	CHECK_INT(page_valid_pkr("PKR 2,50,000", 0, 100000000, &v), PS_ERR_PKR);
	CHECK_INT(page_valid_pkr("1,00", 0, 100000000, &v), PS_ERR_PKR);
	CHECK_INT(page_valid_pkr("-5", 0, 100000000, &v), PS_ERR_PKR);
	CHECK_INT(page_valid_pkr("12.50", 0, 100000000, &v), PS_ERR_PKR);
	CHECK_INT(page_valid_pkr("abc", 0, 100000000, &v), PS_ERR_PKR);
	CHECK_INT(page_valid_pkr("", 0, 100000000, &v), PS_ERR_REQUIRED);
	CHECK_INT(page_valid_pkr("100000001", 0, 100000000, &v),
	    PS_ERR_PKR_RANGE);
	CHECK_INT(page_valid_pkr("99999999999999999999999", 0, 100000000, &v),
	    PS_ERR_PKR_RANGE);
}

UNIT_TEST(page_valid_dates)
{
	CHECK_INT(page_valid_date("2026-12-31", NULL), PS_NONE);
	CHECK_INT(page_valid_date("2028-02-29", NULL), PS_NONE);
	CHECK_INT(page_valid_date("2027-02-29", NULL), PS_ERR_DATE);
	CHECK_INT(page_valid_date("2100-02-29", NULL), PS_ERR_DATE);
	CHECK_INT(page_valid_date("2026-04-31", NULL), PS_ERR_DATE);
	CHECK_INT(page_valid_date("2026-13-01", NULL), PS_ERR_DATE);
	CHECK_INT(page_valid_date("31/12/2026", NULL), PS_ERR_DATE);
	CHECK_INT(page_valid_date("2026-1-1", NULL), PS_ERR_DATE);
	CHECK_INT(page_valid_date("2026-11-27", "2026-11-28"), PS_ERR_DATE_PAST);
	CHECK_INT(page_valid_date("2026-11-28", "2026-11-28"), PS_NONE);
}

UNIT_TEST(web_valid_phone_normalises)
{
	char	out[16];

	CHECK_INT(page_valid_phone("0300 1234567", out, sizeof(out)), PS_NONE);
	CHECK_STR(out, "923001234567");
	CHECK_INT(page_valid_phone("+92-300-1234567", out, sizeof(out)), PS_NONE);
	CHECK_STR(out, "923001234567");
	CHECK_INT(page_valid_phone("00923001234567", out, sizeof(out)), PS_NONE);
	CHECK_STR(out, "923001234567");
	CHECK_INT(page_valid_phone("12345", out, sizeof(out)), PS_ERR_PHONE);
	CHECK_STR(out, "");
	CHECK_INT(page_valid_phone("0421234567", out, sizeof(out)), PS_ERR_PHONE);
	CHECK_INT(page_valid_phone("0300123456x", out, sizeof(out)),
	    PS_ERR_PHONE);
	CHECK_INT(page_valid_phone("", out, sizeof(out)), PS_ERR_REQUIRED);
}

UNIT_TEST(web_valid_password_choice_code)
{
	static const char *const	roles[] = { "trainee", "employer", NULL };
	char				code[16];

	CHECK_INT(page_valid_password("short"), PS_ERR_PASSWORD);
	CHECK_INT(page_valid_password("long enough"), PS_NONE);
	CHECK_INT(page_valid_password(""), PS_ERR_REQUIRED);
	CHECK_INT(page_valid_choice("employer", roles), PS_NONE);
	CHECK_INT(page_valid_choice("admin", roles), PS_ERR_CHOICE);
	CHECK_INT(page_valid_code("g1001", 'G', code, sizeof(code)), PS_NONE);
	CHECK_STR(code, "G1001");
	CHECK_INT(page_valid_code("G10", 'G', code, sizeof(code)), PS_ERR_CHOICE);
	CHECK_INT(page_valid_code("G10x1", 'G', code, sizeof(code)),
	    PS_ERR_CHOICE);
	CHECK_INT(page_valid_code("C104", 'G', code, sizeof(code)),
	    PS_ERR_CHOICE);
}

UNIT_TEST(web_err_fmt_fills_numbers)
{
	char	m[128];

	(void)page_err_fmt(m, sizeof(m), PS_ERR_TOO_LONG, HLANG_EN, 120, 0);
	CHECK_STR(m, "Use at most 120 characters.");
	(void)page_err_fmt(m, sizeof(m), PS_ERR_NUMBER, HLANG_RU, 1, 5);
	CHECK_STR(m, "1 se 5 tak poora number likhein.");
	(void)page_err_fmt(m, sizeof(m), PS_ERR_SUMMARY, HLANG_EN, 2, 0);
	CHECK_STR(m, "Please fix 2 field(s) marked below.");
}

UNIT_TEST(web_phone_mask_hides_the_middle)
{
	char	m[32];

	page_phone_mask("923001234567", m, sizeof(m));
	CHECK_STR(m, "0300 ****567");
	CHECK(strstr(m, "1234") == NULL);
	page_phone_mask("92300", m, sizeof(m));
	CHECK_STR(m, "****");
	page_phone_mask(NULL, m, sizeof(m));
	CHECK_STR(m, "****");
	page_phone_local("923001234567", m, sizeof(m));
	CHECK_STR(m, "0300 1234567");
}

UNIT_TEST(web_roles_and_redirects)
{
	CHECK_INT(page_role_bit("employer"), PAGE_ROLE_EMPLOYER);
	CHECK_INT(page_role_bit("root"), 0);
	CHECK_STR(page_role_name(PAGE_ROLE_TRAINER), "trainer");
	CHECK(page_next_ok("/gigs?q=x"));
	CHECK(!page_next_ok("//evil.example/"));
	CHECK(!page_next_ok("/\\evil.example/"));
	CHECK(!page_next_ok("https://evil.example/"));
	CHECK(!page_next_ok("/a\r\nSet-Cookie: x"));
	CHECK(!page_next_ok(NULL));
}

UNIT_TEST(web_cookie_get_finds_by_exact_name)
{
	char	v[80];

	CHECK_INT(page_cookie_get("a=1; hunar_sid=abc; lang=ur", "hunar_sid",
	    v, sizeof(v)), 3);
	CHECK_STR(v, "abc");
	CHECK_INT(page_cookie_get("xhunar_sid=zz; lang=ur", "hunar_sid",
	    v, sizeof(v)), -1);
	CHECK_INT(page_cookie_get("lang=ur", "lang", v, sizeof(v)), 2);
	CHECK_STR(v, "ur");
	CHECK_INT(page_cookie_get(NULL, "lang", v, sizeof(v)), -1);
	CHECK_INT(page_cookie_get("lang=toolongvalue", "lang", v, 4), -1);
}

UNIT_TEST(web_fmt_path_parse)
{
	char	code[16], act[16];

	CHECK(page_path_parse("/gigs/G1001/edit", "/gigs/", code, sizeof(code),
	    act, sizeof(act)));
	CHECK_STR(code, "G1001");
	CHECK_STR(act, "edit");
	CHECK(page_path_parse("/gigs/G1001", "/gigs/", code, sizeof(code), act,
	    sizeof(act)));
	CHECK_STR(act, "");
	CHECK(!page_path_parse("/gigs/", "/gigs/", code, sizeof(code), act,
	    sizeof(act)));
	CHECK(!page_path_parse("/gigs/G1/a/b", "/gigs/", code, sizeof(code),
	    act, sizeof(act)));
	CHECK(!page_path_parse("/gigs/G12345678901234567", "/gigs/", code,
	    sizeof(code), act, sizeof(act)));
	CHECK(!page_path_parse("/users/1", "/gigs/", code, sizeof(code), act,
	    sizeof(act)));
}

UNIT_TEST(web_fmt_money_and_status)
{
	struct infra_buf	b;

	infra_buf_init(&b);
	page_money(&b, "45000");
	CHECK_STR((char *)b.data, "Rs 45,000");
	infra_buf_free(&b);
	infra_buf_init(&b);
	page_money(&b, "100000000");
	CHECK_STR((char *)b.data, "Rs 100,000,000");
	infra_buf_free(&b);
	infra_buf_init(&b);
	page_money(&b, "0");
	CHECK_STR((char *)b.data, "Rs 0");
	infra_buf_free(&b);
	CHECK_STR(web_status_label("shortlisted", HLANG_EN), "Shortlisted");
	CHECK_STR(web_status_label("hired", HLANG_UR), "منتخب ہو گئے");
	CHECK_STR(web_status_label("weird", HLANG_EN), "weird");
}

UNIT_TEST(web_cookie_fmt_flags)
{
	char	c[200];

	(void)page_cookie_fmt(c, sizeof(c), "hunar_sid", "ab", 60, 1, 0);
	CHECK_STR(c, "hunar_sid=ab; Path=/; Max-Age=60; HttpOnly; "
	    "SameSite=Lax");
	(void)page_cookie_fmt(c, sizeof(c), "hunar_sid", "ab", 60, 1, 1);
	CHECK_STR(c, "hunar_sid=ab; Path=/; Max-Age=60; HttpOnly; "
	    "SameSite=Lax; Secure");
	(void)page_cookie_fmt(c, sizeof(c), "lang", "ur", 9, 0, 0);
	CHECK_STR(c, "lang=ur; Path=/; Max-Age=9; SameSite=Lax");
}

UNIT_TEST(web_langs_by_name_in_three_languages)
{
	char	out[64], bad[32];

	CHECK_INT(web_langs_parse("Balochi, urdu ،English;ur", out,
	    sizeof(out), bad, sizeof(bad)), 1);
	CHECK_STR(out, "bal,ur,en");
	CHECK_INT(web_langs_parse("پشتو، Saraiki / hno, Brahui, Shina, bft, "
	    "Punjabi, Sindhi", out, sizeof(out), bad, sizeof(bad)), 1);
	CHECK_STR(out, "ps,skr,hno,brh,scl,bft,pa,sd");
	CHECK_INT(web_langs_parse("Urdu, Klingon", out, sizeof(out), bad,
	    sizeof(bad)), 0);
	CHECK_STR(bad, "Klingon");
	CHECK_STR(web_lang_name("bal", 3, HLANG_UR), "بلوچی");
	CHECK_STR(web_lang_name("en", 2, HLANG_RU), "Angrezi");
	CHECK(web_lang_name("xx", 2, HLANG_EN) == NULL);
}
