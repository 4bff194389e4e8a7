/*
 * Field checks for forms and JSON bodies.  Each check answers PS_NONE or
 * the id of a message that says what to fix, so the same check serves a
 * page (in the reader's language) and the API (its English text and the
 * id as the machine code).  Also: phone masking, cookie parsing, the
 * "next" redirect check.  Pure.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infra/page.h"

/*
 * infra_phone.c comes from another part of the tree; until it is linked,
 * this file carries the same rules so the module never loads with an
 * unresolved symbol.
 */
#pragma weak infra_phone_normalize

/* Code points of valid UTF-8, or (size_t)-1 when it is not UTF-8. */
size_t
page_utf8_len(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 n, need, i;
	unsigned int		 cp, min;

	n = 0;
	while (*p != '\0') {
		if (*p < 0x80) {
			p++;
			n++;
			continue;
		}
		if ((*p & 0xe0) == 0xc0) {
			need = 1;
			cp = *p & 0x1f;
			min = 0x80;
		} else if ((*p & 0xf0) == 0xe0) {
			need = 2;
			cp = *p & 0x0f;
			min = 0x800;
		} else if ((*p & 0xf8) == 0xf0) {
			need = 3;
			cp = *p & 0x07;
			min = 0x10000;
		} else
			return ((size_t)-1);
		for (i = 1; i <= need; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return ((size_t)-1);
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return ((size_t)-1);
		p += need + 1;
		n++;
	}
	return (n);
}

enum page_str
page_valid_text(const char *s, size_t min, size_t max, int mode)
{
	const unsigned char	*p;
	size_t			 n;

	if (s == NULL || s[0] == '\0')
		return (min > 0 ? PS_ERR_REQUIRED : PS_NONE);
	if ((n = page_utf8_len(s)) == (size_t)-1)
		return (PS_ERR_BAD_TEXT);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p >= 0x20 && *p != 0x7f)
			continue;
		if (mode == PAGE_TEXT_MULTI &&
		    (*p == '\n' || *p == '\r' || *p == '\t'))
			continue;
		return (PS_ERR_BAD_TEXT);
	}
	/* Only blanks counts as empty. */
	for (p = (const unsigned char *)s; *p == ' ' || *p == '\n' ||
	    *p == '\r' || *p == '\t'; p++)
		;
	if (*p == '\0' && min > 0)
		return (PS_ERR_REQUIRED);
	if (n < min)
		return (PS_ERR_TOO_SHORT);
	if (n > max)
		return (PS_ERR_TOO_LONG);
	return (PS_NONE);
}

static int
page_parse_long(const char *s, long *out)
{
	char		*end;
	long		 v;

	while (*s == ' ')
		s++;
	if (*s == '\0' || (!isdigit((unsigned char)*s) && *s != '-'))
		return (-1);
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s)
		return (-1);
	while (*end == ' ')
		end++;
	if (*end != '\0')
		return (-1);
	*out = v;
	return (0);
}

enum page_str
page_valid_long(const char *s, long min, long max, long *out)
{
	long	v;

	if (s == NULL || s[0] == '\0')
		return (PS_ERR_REQUIRED);
	if (page_parse_long(s, &v) == -1 || v < min || v > max)
		return (PS_ERR_NUMBER);
	if (out != NULL)
		*out = v;
	return (PS_NONE);
}

/*
 * Rupees as people write them: "25000", "25,000", "Rs 25,000", "PKR 1500".
 * Whole rupees only: paisa are not used for gig budgets.
 */
enum page_str
page_valid_pkr(const char *s, long min, long max, long *out)
{
	const char	*p;
	long		 v;
	int		 digits, group;

	if (s == NULL)
		return (PS_ERR_REQUIRED);
	p = s;
	while (*p == ' ')
		p++;
	if (*p == '\0')
		return (PS_ERR_REQUIRED);
	if (strncasecmp(p, "pkr", 3) == 0)
		p += 3;
	else if (strncasecmp(p, "rs", 2) == 0)
		p += 2;
	if (*p == '.')
		p++;
	while (*p == ' ')
		p++;

	v = 0;
	digits = 0;
	group = -1;		/* digits since the last comma, -1: none yet */
	for (; *p != '\0' && *p != ' '; p++) {
		if (*p == ',') {
			if (digits == 0 || (group != -1 && group != 3))
				return (PS_ERR_PKR);
			group = 0;
			continue;
		}
		if (!isdigit((unsigned char)*p))
			return (PS_ERR_PKR);
		if (v > (LONG_MAX - 9) / 10)
			return (PS_ERR_PKR_RANGE);
		v = v * 10 + (*p - '0');
		digits++;
		if (group != -1)
			group++;
	}
	while (*p == ' ')
		p++;
	if (*p != '\0' || digits == 0 || (group != -1 && group != 3))
		return (PS_ERR_PKR);
	if (v < min || v > max)
		return (PS_ERR_PKR_RANGE);
	if (out != NULL)
		*out = v;
	return (PS_NONE);
}

/* YYYY-MM-DD, a real day; not before `today` (same form) when given. */
enum page_str
page_valid_date(const char *s, const char *today)
{
	static const int	mdays[12] =
	    { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int			y, m, d, i;

	if (s == NULL || s[0] == '\0')
		return (PS_ERR_REQUIRED);
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return (PS_ERR_DATE);
	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7)
			continue;
		if (!isdigit((unsigned char)s[i]))
			return (PS_ERR_DATE);
	}
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (y < 2000 || y > 2100 || m < 1 || m > 12 || d < 1 ||
	    d > mdays[m - 1])
		return (PS_ERR_DATE);
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) ||
	    y % 400 == 0))
		return (PS_ERR_DATE);
	if (today != NULL && strcmp(s, today) < 0)
		return (PS_ERR_DATE_PAST);
	return (PS_NONE);
}

static int
page_phone_ok(const char *p)
{
	int	i;

	if (strlen(p) != 12 || p[0] != '9' || p[1] != '2' || p[2] != '3')
		return (0);
	for (i = 0; i < 12; i++)
		if (!isdigit((unsigned char)p[i]))
			return (0);
	return (1);
}

/* The same rules as infra_phone_normalize(): a Pakistani mobile number. */
static int
page_phone_fallback(const char *s, char *out, size_t len)
{
	char	d[32];
	size_t	n;

	n = 0;
	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '-' || *s == '(' || *s == ')' ||
		    (*s == '+' && n == 0))
			continue;
		if (!isdigit((unsigned char)*s) || n + 1 >= sizeof(d))
			return (-1);
		d[n++] = *s;
	}
	d[n] = '\0';
	if (n == 14 && strncmp(d, "0092", 4) == 0)
		(void)snprintf(out, len, "%s", d + 2);
	else if (n == 12 && strncmp(d, "92", 2) == 0)
		(void)snprintf(out, len, "%s", d);
	else if (n == 11 && d[0] == '0')
		(void)snprintf(out, len, "92%s", d + 1);
	else if (n == 10 && d[0] == '3')
		(void)snprintf(out, len, "92%s", d);
	else
		return (-1);
	return (page_phone_ok(out) ? 0 : -1);
}

/* A phone number typed by a person, normalised to 92XXXXXXXXXX. */
enum page_str
page_valid_phone(const char *s, char *out, size_t len)
{
	if (len < 13)
		return (PS_ERR_PHONE);
	out[0] = '\0';
	if (s == NULL || s[0] == '\0')
		return (PS_ERR_REQUIRED);
	if (strlen(s) > 32)
		return (PS_ERR_PHONE);
	if (infra_phone_normalize != NULL) {
		if (infra_phone_normalize(s, out, len) >= 0 &&
		    page_phone_ok(out))
			return (PS_NONE);
		out[0] = '\0';
		return (PS_ERR_PHONE);
	}
	if (page_phone_fallback(s, out, len) == -1) {
		out[0] = '\0';
		return (PS_ERR_PHONE);
	}
	return (PS_NONE);
}

enum page_str
page_valid_password(const char *s)
{
	size_t	n;

	if (s == NULL || s[0] == '\0')
		return (PS_ERR_REQUIRED);
	if ((n = page_utf8_len(s)) == (size_t)-1)
		return (PS_ERR_BAD_TEXT);
	if (n < 8 || strlen(s) > 128)
		return (PS_ERR_PASSWORD);
	return (PS_NONE);
}

enum page_str
page_valid_choice(const char *s, const char *const *allowed)
{
	if (s == NULL || s[0] == '\0')
		return (PS_ERR_REQUIRED);
	for (; *allowed != NULL; allowed++)
		if (strcmp(s, *allowed) == 0)
			return (PS_NONE);
	return (PS_ERR_CHOICE);
}

/* A short code like G1001 or C104: prefix, 3-7 digits; upper-cased. */
enum page_str
page_valid_code(const char *s, char prefix, char *out, size_t len)
{
	size_t	n, i;

	if (s == NULL || s[0] == '\0')
		return (PS_ERR_REQUIRED);
	n = strlen(s);
	if (n < 4 || n > 8 || n + 1 > len ||
	    toupper((unsigned char)s[0]) != prefix)
		return (PS_ERR_CHOICE);
	for (i = 1; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return (PS_ERR_CHOICE);
	out[0] = prefix;
	memcpy(out + 1, s + 1, n);
	return (PS_NONE);
}

/* A message in `lang` with its numbers filled in; returns its length. */
int
page_err_fmt(char *out, size_t len, enum page_str id, enum hlang lang,
    long a, long b)
{
	const char	*fmt;

	fmt = page_str(id, lang);
	switch (id) {
	case PS_ERR_SUMMARY:
		return (snprintf(out, len, fmt, (int)a));
	case PS_ERR_TOO_SHORT:
	case PS_ERR_TOO_LONG:
		return (snprintf(out, len, fmt, a));
	case PS_ERR_NUMBER:
	case PS_ERR_PKR_RANGE:
		return (snprintf(out, len, fmt, a, b));
	default:
		return (snprintf(out, len, "%s", fmt));
	}
}

/* 923001234567 -> 0300 1234567, how Pakistanis write their number. */
void
page_phone_local(const char *phone, char *out, size_t len)
{
	if (phone == NULL || strlen(phone) != 12) {
		(void)snprintf(out, len, "%s", phone ? phone : "");
		return;
	}
	(void)snprintf(out, len, "0%.3s %.7s", phone + 2, phone + 5);
}

/* 923001234567 -> 0300 ****567: the operator prefix and three digits. */
void
page_phone_mask(const char *phone, char *out, size_t len)
{
	size_t	n;

	n = phone != NULL ? strlen(phone) : 0;
	if (n != 12) {
		(void)snprintf(out, len, "****");
		return;
	}
	(void)snprintf(out, len, "0%.3s ****%.3s", phone + 2, phone + 9);
}

int
page_role_bit(const char *role)
{
	if (role == NULL)
		return (0);
	if (strcmp(role, "trainee") == 0)
		return (PAGE_ROLE_TRAINEE);
	if (strcmp(role, "trainer") == 0)
		return (PAGE_ROLE_TRAINER);
	if (strcmp(role, "employer") == 0)
		return (PAGE_ROLE_EMPLOYER);
	if (strcmp(role, "admin") == 0)
		return (PAGE_ROLE_ADMIN);
	if (strcmp(role, "officer") == 0)
		return (PAGE_ROLE_OFFICER);
	return (0);
}

const char *
page_role_name(int bit)
{
	switch (bit & PAGE_ROLE_ANY) {
	case PAGE_ROLE_TRAINEE:
		return ("trainee");
	case PAGE_ROLE_TRAINER:
		return ("trainer");
	case PAGE_ROLE_EMPLOYER:
		return ("employer");
	case PAGE_ROLE_ADMIN:
		return ("admin");
	case PAGE_ROLE_OFFICER:
		return ("officer");
	default:
		return ("");
	}
}

/* A redirect target after log-in: a local path only, never "//host". */
int
page_next_ok(const char *next)
{
	const unsigned char	*p;

	if (next == NULL || next[0] != '/' || next[1] == '/' ||
	    next[1] == '\\' || strlen(next) > 200)
		return (0);
	for (p = (const unsigned char *)next; *p != '\0'; p++)
		if (*p <= 0x20 || *p == 0x7f || *p == '\\')
			return (0);
	return (1);
}

/*
 * A Set-Cookie value: always SameSite=Lax (sent on top-level links, not
 * on cross-site posts), HttpOnly when no script needs it (the session),
 * Secure when the site is served over TLS (HUNAR_COOKIE_SECURE=1).
 */
int
page_cookie_fmt(char *out, size_t len, const char *name, const char *value,
    int maxage, int httponly, int secure)
{
	return (snprintf(out, len,
	    "%s=%s; Path=/; Max-Age=%d;%s SameSite=Lax%s",
	    name, value, maxage, httponly ? " HttpOnly;" : "",
	    secure ? "; Secure" : ""));
}

/* One cookie from a Cookie: header; its length, or -1 when absent. */
int
page_cookie_get(const char *header, const char *name, char *out, size_t len)
{
	const char	*p, *v, *end;
	size_t		 nlen, vlen;

	if (header == NULL || len == 0)
		return (-1);
	nlen = strlen(name);
	p = header;
	while (*p != '\0') {
		while (*p == ' ' || *p == ';')
			p++;
		if (strncmp(p, name, nlen) == 0 && p[nlen] == '=') {
			v = p + nlen + 1;
			if ((end = strchr(v, ';')) == NULL)
				end = v + strlen(v);
			while (end > v && end[-1] == ' ')
				end--;
			vlen = (size_t)(end - v);
			if (vlen >= len)
				return (-1);
			memcpy(out, v, vlen);
			out[vlen] = '\0';
			return ((int)vlen);
		}
		if ((p = strchr(p, ';')) == NULL)
			break;
	}
	return (-1);
}
