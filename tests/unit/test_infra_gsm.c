/* infra_gsm.c, infra_lang.c, infra_phone.c: table-driven boundaries. */
#include <stdlib.h>
#include <string.h>

#include "infra/infra.h"
#include "tests/unit/unit.h"

static char *
repeat(const char *unit, size_t n)
{
	size_t	 ul = strlen(unit), i;
	char	*s = malloc(ul * n + 1);

	for (i = 0; i < n; i++)
		memcpy(s + i * ul, unit, ul);
	s[ul * n] = '\0';
	return (s);
}

UNIT_TEST(infra_gsm_part_boundaries)
{
	static const struct {
		const char	*unit;
		size_t		 n;
		int		 coding, parts;
		size_t		 units;
	} t[] = {
		{ "a", 0, INFRA_SMS_GSM7, 0, 0 },
		{ "a", 1, INFRA_SMS_GSM7, 1, 1 },
		{ "a", 160, INFRA_SMS_GSM7, 1, 160 },
		{ "a", 161, INFRA_SMS_GSM7, 2, 161 },
		{ "a", 306, INFRA_SMS_GSM7, 2, 306 },
		{ "a", 307, INFRA_SMS_GSM7, 3, 307 },
		{ "{", 80, INFRA_SMS_GSM7, 1, 160 },	/* ext costs 2 */
		{ "{", 81, INFRA_SMS_GSM7, 2, 162 },
		{ "€", 80, INFRA_SMS_GSM7, 1, 160 },
		{ "é", 160, INFRA_SMS_GSM7, 1, 160 },	/* in the basic table */
		{ "ب", 70, INFRA_SMS_UCS2, 1, 70 },
		{ "ب", 71, INFRA_SMS_UCS2, 2, 71 },
		{ "ب", 134, INFRA_SMS_UCS2, 2, 134 },
		{ "ب", 135, INFRA_SMS_UCS2, 3, 135 },
		{ "`", 1, INFRA_SMS_UCS2, 1, 1 },	/* backtick is not GSM */
		{ "😀", 35, INFRA_SMS_UCS2, 1, 70 },	/* surrogate pairs */
		{ "😀", 36, INFRA_SMS_UCS2, 2, 72 },
	};
	struct infra_sms_count	c;
	size_t			i;
	char			*s;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		s = repeat(t[i].unit, t[i].n);
		CHECK_INT(infra_sms_count(s, strlen(s), &c), 0);
		CHECK_INT(c.coding, t[i].coding);
		CHECK_INT(c.parts, t[i].parts);
		CHECK_INT(c.units, t[i].units);
		free(s);
	}
}

UNIT_TEST(infra_gsm_one_urdu_letter_makes_ucs2)
{
	struct infra_sms_count	c;
	char			*s = repeat("a", 100);
	char			 buf[256];

	(void)snprintf(buf, sizeof(buf), "%sہ", s);
	CHECK_INT(infra_sms_count(buf, strlen(buf), &c), 0);
	CHECK_INT(c.coding, INFRA_SMS_UCS2);
	CHECK_INT(c.parts, 2);
	free(s);
}

UNIT_TEST(infra_gsm_escape_never_split)
{
	struct infra_sms_count	c;
	char			*a = repeat("a", 152), buf[400];

	/* 152 + "{" would straddle the first 153-septet part. */
	(void)snprintf(buf, sizeof(buf), "%s{%s", a, a);
	CHECK_INT(infra_sms_count(buf, strlen(buf), &c), 0);
	CHECK_INT(c.units, 306);
	CHECK_INT(c.parts, 3);
	free(a);
}

UNIT_TEST(infra_gsm_invalid_utf8)
{
	struct infra_sms_count	c;

	CHECK_INT(infra_sms_count("\xc0\xaf", 2, &c), -1);
	CHECK_INT(infra_sms_count("\xed\xa0\x80", 3, &c), -1);
	CHECK_INT(infra_sms_count("ab\xe2\x82", 4, &c), -1);
	CHECK_INT(infra_utf8_valid("ok ہنر", strlen("ok ہنر")), 1);
	CHECK_INT(infra_utf8_valid("\xff", 1), 0);
	CHECK_INT(infra_utf8_valid("a\0b", 3), 0);
}

UNIT_TEST(infra_gsm_fit)
{
	char	*s = repeat("word ", 100);		/* 500 chars */
	char	*u = repeat("ب", 200);
	size_t	 n;

	CHECK_INT(infra_sms_fit("hello", 5, 1), 5);
	n = infra_sms_fit(s, strlen(s), 1);
	CHECK(n <= 160 && n >= 150);
	CHECK(s[n] == ' ');
	n = infra_sms_fit(s, strlen(s), 2);
	CHECK(n <= 306 && n > 290);
	n = infra_sms_fit(u, strlen(u), 2);
	CHECK_INT(n, 134 * 2);			/* 2 bytes per letter */
	CHECK_INT(infra_sms_fit(s, strlen(s), 0), 0);
	free(s);
	free(u);
}

UNIT_TEST(infra_gsm_ucs2_round_trip)
{
	const char	*t = "ہنر skill 😀";
	uint8_t		 b[64];
	char		 back[64];
	ssize_t		 n;

	n = infra_utf8_to_ucs2be(t, strlen(t), b, sizeof(b));
	CHECK_INT(n, (3 + 7 + 2) * 2);
	CHECK_INT(b[0], 0x06);
	CHECK_INT(b[1], 0xc1);
	CHECK_INT(infra_ucs2be_to_utf8(b, n, back, sizeof(back)),
	    (ssize_t)strlen(t));
	CHECK_STR(back, t);
	CHECK_INT(infra_utf8_to_ucs2be(t, strlen(t), b, 4), -1);
	/* A lone surrogate and an odd byte become U+FFFD. */
	b[0] = 0xd8; b[1] = 0x00; b[2] = 0x00;
	CHECK(infra_ucs2be_to_utf8(b, 3, back, sizeof(back)) == 6);
	CHECK_STR(back, "��");
}

UNIT_TEST(infra_lang_names)
{
	enum hlang	l;

	CHECK_INT(infra_lang_parse("UR"), HLANG_UR);
	CHECK_INT(infra_lang_parse(" roman urdu "), HLANG_RU);
	CHECK_INT(infra_lang_parse("اردو"), HLANG_UR);
	CHECK_INT(infra_lang_parse("klingon"), HLANG_EN);
	CHECK_INT(infra_lang_lookup("klingon", &l), -1);
	CHECK_INT(infra_lang_lookup("English", &l), 0);
	CHECK_INT(l, HLANG_EN);
	CHECK_STR(infra_lang_code(HLANG_RU), "ru");
	/* A stored code is only a code: a name or a digit is English. */
	CHECK_INT(infra_lang_of_code("ur"), HLANG_UR);
	CHECK_INT(infra_lang_of_code("ru"), HLANG_RU);
	CHECK_INT(infra_lang_of_code("en"), HLANG_EN);
	CHECK_INT(infra_lang_of_code("urdu"), HLANG_EN);
	CHECK_INT(infra_lang_of_code("3"), HLANG_EN);
	CHECK_INT(infra_lang_of_code(NULL), HLANG_EN);
}

UNIT_TEST(infra_phone_forms)
{
	static const struct {
		const char	*in;
		const char	*out;
	} t[] = {
		{ "03001234567", "923001234567" },
		{ "+92 300 1234567", "923001234567" },
		{ "0092-300-1234567", "923001234567" },
		{ "923001234567", "923001234567" },
		{ "3001234567", "923001234567" },
		{ "0300123456", NULL },
		{ "04235761234", NULL },	/* a Lahore landline */
		{ "0300-123456a", NULL },
		{ "", NULL },
		{ "+923001234567890", NULL },
	};
	char	out[16], m[16];
	size_t	i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		if (t[i].out == NULL) {
			CHECK_INT(infra_phone_normalize(t[i].in, out,
			    sizeof(out)), -1);
		} else {
			CHECK_INT(infra_phone_normalize(t[i].in, out,
			    sizeof(out)), 0);
			CHECK_STR(out, t[i].out);
		}
	}
	infra_phone_mask("923001234567", m, sizeof(m));
	CHECK_STR(m, "92300****567");
	infra_phone_mask("1234", m, sizeof(m));
	CHECK_STR(m, "****");
}

/* Issue 13: a poisoned SMS is made valid in place, byte for byte. */
UNIT_TEST(infra_utf8_scrub_and_cut)
{
	static const struct {
		const char	*in;
		size_t		 len;
		const char	*out;
		size_t		 bad;
	} t[] = {
		{ "HELP", 4, "HELP", 0 },
		{ "\xff\xfe", 2, "??", 2 },
		{ "J\xc3OIN", 5, "J?OIN", 1 },		/* cut sequence */
		{ "\xe2\x82", 2, "??", 2 },		/* truncated at end */
		{ "a\0b", 3, "a?b", 1 },		/* NUL */
		{ "\xed\xa0\x80", 3, "???", 3 },	/* surrogate */
		{ "مدد", 6, "مدد", 0 },
	};
	char	buf[16];
	size_t	i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		memcpy(buf, t[i].in, t[i].len);
		buf[t[i].len] = '\0';
		CHECK_INT(infra_utf8_scrub(buf, t[i].len), t[i].bad);
		CHECK_STR(buf, t[i].out);
		CHECK(infra_utf8_valid(buf, t[i].len));
	}
	/* "مدد" is 6 bytes: a cut at 5 or 4 keeps two letters whole. */
	CHECK_INT(infra_utf8_cut("مدد", 6, 5), 4);
	CHECK_INT(infra_utf8_cut("مدد", 6, 4), 4);
	CHECK_INT(infra_utf8_cut("abc", 3, 10), 3);
}

/* Issue 13: HUNAR_ENV=production refuses public development secrets. */
UNIT_TEST(infra_secret_fit_for_production)
{
	CHECK(!infra_secret_fit(NULL));
	CHECK(!infra_secret_fit(""));
	CHECK(!infra_secret_fit("short-secret"));
	CHECK(!infra_secret_fit("dev-kannel-callback-secret"));
	CHECK(infra_secret_fit("k3JQ9-p0Wz_8sLmN2vXc"));
	/* The development stack's trusted proxy is no production one. */
	CHECK(!infra_proxy_fit("127.0.0.9"));
	CHECK(infra_proxy_fit(NULL));
	CHECK(infra_proxy_fit(""));
	CHECK(infra_proxy_fit("10.0.0.5"));
}

/* /healthz and hunar_spool find the spool of this stack, not another's. */
UNIT_TEST(infra_spool_port_follows_the_http_port)
{
	char	*sp, *hp;

	sp = getenv("HUNAR_SPOOL_PORT") ? strdup(getenv("HUNAR_SPOOL_PORT")) :
	    NULL;
	hp = getenv("HUNAR_HTTP_PORT") ? strdup(getenv("HUNAR_HTTP_PORT")) :
	    NULL;
	(void)setenv("HUNAR_SPOOL_PORT", "29555", 1);
	(void)setenv("HUNAR_HTTP_PORT", "9088", 1);
	CHECK_INT(infra_spool_port(), 29555);
	(void)unsetenv("HUNAR_SPOOL_PORT");
	CHECK_INT(infra_spool_port(), 29088);
	if (getenv("HUNAR_MO_PORT") == NULL)
		CHECK_INT(infra_mo_port(), 29138);
	(void)unsetenv("HUNAR_HTTP_PORT");
	CHECK_INT(infra_spool_port(), 28888);
	if (sp != NULL)
		(void)setenv("HUNAR_SPOOL_PORT", sp, 1);
	if (hp != NULL)
		(void)setenv("HUNAR_HTTP_PORT", hp, 1);
	free(sp);
	free(hp);
}
