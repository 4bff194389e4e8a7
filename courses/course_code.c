/*
 * Codes people type on a keypad: course short codes ("C104") and
 * certificate verification codes.  A certificate code is 9 random
 * symbols of Crockford's base32 (45 bits from libsodium's randombytes)
 * and one Luhn mod 32 check symbol, which catches every single mistyped
 * symbol and nearly every swap of two neighbours before the database is
 * asked.  Crockford's alphabet has no I, L, O or U; read back, I and L
 * mean 1 and O means 0, case and dashes do not matter.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "courses/courses.h"

#define CODE_N		32

static const char	code_alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* The value of one typed symbol, or -1. */
static int
code_value(char ch)
{
	const char	*p;

	if (ch >= 'a' && ch <= 'z')
		ch = (char)(ch - 'a' + 'A');
	if (ch == 'O')
		ch = '0';
	else if (ch == 'I' || ch == 'L')
		ch = '1';
	if (ch == '\0' || (p = strchr(code_alphabet, ch)) == NULL)
		return (-1);
	return ((int)(p - code_alphabet));
}

/* Luhn mod 32 over canonical symbols: the symbol that completes them. */
char
course_cert_check(const char *s, size_t len)
{
	size_t		i;
	int		factor, sum, v, addend;

	factor = 2;
	sum = 0;
	for (i = len; i > 0; i--) {
		if ((v = code_value(s[i - 1])) < 0)
			return ('\0');
		addend = factor * v;
		factor = factor == 2 ? 1 : 2;
		sum += addend / CODE_N + addend % CODE_N;
	}
	return (code_alphabet[(CODE_N - sum % CODE_N) % CODE_N]);
}

/* A new certificate code, COURSE_CERT_LEN symbols and a NUL. */
void
course_cert_new(char *out, size_t outlen)
{
	int	i;

	if (outlen < COURSE_CERT_LEN + 1)
		return;
	for (i = 0; i < COURSE_CERT_LEN - 1; i++)
		out[i] = code_alphabet[randombytes_uniform(CODE_N)];
	out[i] = course_cert_check(out, (size_t)i);
	out[COURSE_CERT_LEN] = '\0';
}

/*
 * A typed code ("hx7k-2m9q-p4", "HX7K 2M9Q P4") in canonical form.
 * Returns COURSE_CERT_OK, COURSE_CERT_SHAPE or COURSE_CERT_CHECK.
 */
int
course_cert_normalize(const char *in, char *out, size_t outlen)
{
	size_t	n;
	int	v;

	if (outlen < COURSE_CERT_LEN + 1)
		return (COURSE_CERT_SHAPE);
	for (n = 0; *in != '\0'; in++) {
		if (*in == '-' || *in == ' ' || *in == '.')
			continue;
		if ((v = code_value(*in)) < 0 || n == COURSE_CERT_LEN)
			return (COURSE_CERT_SHAPE);
		out[n++] = code_alphabet[v];
	}
	out[n] = '\0';
	if (n != COURSE_CERT_LEN)
		return (COURSE_CERT_SHAPE);
	if (course_cert_check(out, n - 1) != out[n - 1])
		return (COURSE_CERT_CHECK);
	return (COURSE_CERT_OK);
}

/*
 * A typed course code ("c104", "C-104", "C 104", "ک۱۰۴" is not one, but
 * "C۱۰۴" is) as "C104".  Returns 0, or -1 when it is no course code.
 */
int
course_code_parse(const char *in, char *out, size_t outlen)
{
	const unsigned char	*p = (const unsigned char *)in;
	char			 digits[8];
	size_t			 n;

	while (*p == ' ')
		p++;
	if (*p != 'C' && *p != 'c')
		return (-1);
	p++;
	while (*p == ' ' || *p == '-' || *p == '.')
		p++;
	for (n = 0; *p != '\0'; ) {
		if (n == 6)
			return (-1);
		if (*p >= '0' && *p <= '9') {
			digits[n++] = (char)*p++;
		} else if (p[0] == 0xdb && p[1] >= 0xb0 && p[1] <= 0xb9) {
			digits[n++] = (char)('0' + p[1] - 0xb0);	/* ۰-۹ */
			p += 2;
		} else if (p[0] == 0xd9 && p[1] >= 0xa0 && p[1] <= 0xa9) {
			digits[n++] = (char)('0' + p[1] - 0xa0);	/* ٠-٩ */
			p += 2;
		} else {
			break;
		}
	}
	while (*p == ' ' || *p == '.')
		p++;
	if (*p != '\0' || n < 3 || outlen < n + 2)
		return (-1);
	out[0] = 'C';
	memcpy(out + 1, digits, n);
	out[n + 1] = '\0';
	return (0);
}

/* The code of a course numbered n: "C101" .. "C999999". */
int
course_code_format(long n, char *out, size_t outlen)
{
	int	len;

	if (n < 0 || n > 999999)
		return (-1);
	len = snprintf(out, outlen, "C%03ld", n);
	if (len < 0 || (size_t)len >= outlen)
		return (-1);
	return (0);
}
