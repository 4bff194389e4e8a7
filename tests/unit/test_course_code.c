/* course_code.c and course_rules.c: codes people type, and completion. */
#include <sodium.h>

#include "courses/courses.h"
#include "tests/unit/unit.h"

UNIT_TEST(course_code_parses_what_people_type)
{
	static const struct {
		const char	*in;
		const char	*want;		/* NULL: refused */
	} cases[] = {
		{ "C104", "C104" }, { "c104", "C104" }, { " C 104 ", "C104" },
		{ "c-104", "C104" }, { "C104.", "C104" }, { "C123456", "C123456" },
		{ "C۱۰۴", "C104" },	/* C۱۰۴ */
		{ "C١٠٤", "C104" },	/* C١٠٤ */
		{ "C10", NULL }, { "C1234567", NULL }, { "104", NULL },
		{ "G1001", NULL }, { "C104X", NULL }, { "C 10 4", NULL },
		{ "", NULL }, { "C", NULL }, { "CC104", NULL },
	};
	char	out[16];
	size_t	i;
	int	r;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		r = course_code_parse(cases[i].in, out, sizeof(out));
		if (cases[i].want == NULL) {
			if (r != -1)
				printf("  \"%s\" accepted as %s\n", cases[i].in,
				    out);
			CHECK_INT(r, -1);
		} else {
			CHECK_INT(r, 0);
			CHECK_STR(out, cases[i].want);
		}
	}
	CHECK_INT(course_code_parse("C104", out, 4), -1);
	CHECK_INT(course_code_format(104, out, sizeof(out)), 0);
	CHECK_STR(out, "C104");
	CHECK_INT(course_code_format(7, out, sizeof(out)), 0);
	CHECK_STR(out, "C007");
	CHECK_INT(course_code_format(1000000, out, sizeof(out)), -1);
	CHECK_INT(course_code_format(104, out, 4), -1);
}

UNIT_TEST(course_cert_codes_are_random_and_self_checking)
{
	char		code[COURSE_CERT_LEN + 1], norm[16], seen[64][16];
	int		i, j, dup;

	CHECK(sodium_init() >= 0);
	dup = 0;
	for (i = 0; i < 64; i++) {
		course_cert_new(code, sizeof(code));
		CHECK_INT(strlen(code), COURSE_CERT_LEN);
		CHECK(strspn(code, "0123456789ABCDEFGHJKMNPQRSTVWXYZ") ==
		    COURSE_CERT_LEN);
		CHECK_INT(course_cert_normalize(code, norm, sizeof(norm)),
		    COURSE_CERT_OK);
		CHECK_STR(norm, code);
		for (j = 0; j < i; j++)
			dup += strcmp(seen[j], code) == 0;
		memcpy(seen[i], code, sizeof(code));
	}
	CHECK_INT(dup, 0);
}

UNIT_TEST(course_cert_mistypes_are_caught_early)
{
	static const char	alpha[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	char			code[COURSE_CERT_LEN + 1], typo[16], norm[16];
	char			lower[16], dashed[24];
	int			i, k, missed_swaps, swaps;
	size_t			a;

	CHECK(sodium_init() >= 0);
	missed_swaps = swaps = 0;
	for (k = 0; k < 50; k++) {
		course_cert_new(code, sizeof(code));
		/* Every single substitution, in every position. */
		for (i = 0; i < COURSE_CERT_LEN; i++) {
			for (a = 0; a < 32; a++) {
				if (alpha[a] == code[i])
					continue;
				memcpy(typo, code, sizeof(code));
				typo[i] = alpha[a];
				CHECK_INT(course_cert_normalize(typo, norm,
				    sizeof(norm)), COURSE_CERT_CHECK);
			}
		}
		/* Neighbours swapped. */
		for (i = 0; i + 1 < COURSE_CERT_LEN; i++) {
			if (code[i] == code[i + 1])
				continue;
			memcpy(typo, code, sizeof(code));
			typo[i] = code[i + 1];
			typo[i + 1] = code[i];
			swaps++;
			if (course_cert_normalize(typo, norm, sizeof(norm)) !=
			    COURSE_CERT_CHECK)
				missed_swaps++;
		}
		/* Lower case, dashes, O for 0 and I/L for 1 all read back. */
		for (i = 0; code[i] != '\0'; i++) {
			lower[i] = (char)(code[i] >= 'A' && code[i] <= 'Z' ?
			    code[i] - 'A' + 'a' : code[i]);
			if (lower[i] == '0')
				lower[i] = 'o';
			if (lower[i] == '1')
				lower[i] = (k % 2) ? 'l' : 'I';
		}
		lower[i] = '\0';
		CHECK_INT(course_cert_normalize(lower, norm, sizeof(norm)),
		    COURSE_CERT_OK);
		CHECK_STR(norm, code);
		(void)snprintf(dashed, sizeof(dashed), "%.5s-%.5s", code,
		    code + 5);
		CHECK_INT(course_cert_normalize(dashed, norm, sizeof(norm)),
		    COURSE_CERT_OK);
	}
	/* Luhn mod 32 misses only swaps of one pair of symbols (0 and V). */
	CHECK(missed_swaps * 100 <= swaps * 2);

	CHECK_INT(course_cert_normalize("", norm, sizeof(norm)),
	    COURSE_CERT_SHAPE);
	CHECK_INT(course_cert_normalize("ABCDEFGHJ", norm, sizeof(norm)),
	    COURSE_CERT_SHAPE);
	CHECK_INT(course_cert_normalize("ABCDEFGHJKM", norm, sizeof(norm)),
	    COURSE_CERT_SHAPE);
	CHECK_INT(course_cert_normalize("ABCDEFGHJU", norm, sizeof(norm)),
	    COURSE_CERT_SHAPE);
	CHECK_INT(course_cert_normalize("ABCD'FGHJK", norm, sizeof(norm)),
	    COURSE_CERT_SHAPE);
	CHECK_INT(course_cert_normalize("ABCDEFGHJK", norm, 4),
	    COURSE_CERT_SHAPE);
}
