/*
 * What makes a password too easy to guess (pure: no Kore).
 *
 * The length rule alone let `12345678`, `password`, eight spaces and the
 * person's own number through (issue 13).  A password is refused when,
 * lower-cased, it is in the list of common passwords
 * (infra/common-passwords.txt, its source in its header), when it has
 * fewer than three different characters, or when it holds the person's
 * mobile number in any of the ways people write it (03001234567,
 * 923001234567, +92 300 1234567, 300-1234567, the last seven digits alone).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infra/page.h"

/* The worst few, should the list file be missing. */
static const char *const pw_builtin[] = {
	"12345678", "123456789", "1234567890", "password", "password1",
	"11111111", "qwertyuiop", "iloveyou", "pakistan", "87654321",
	"abcd1234", "qwerty123", "00000000", "12341234", "bismillah",
};

static char		**pw_list;
static size_t		  pw_n;

static int
pw_cmp(const void *a, const void *b)
{
	return (strcmp(*(const char *const *)a, *(const char *const *)b));
}

/*
 * Loads the list (one password a line, '#' starts a comment line).
 * Returns how many were loaded, -1 when the file cannot be read (the
 * built-in few still hold).  Called once, before the workers fork.
 */
long
page_pw_load(const char *path)
{
	FILE	*f;
	char	 line[160], **nl;
	size_t	 len, cap;

	if ((f = fopen(path, "r")) == NULL)
		return (-1);
	cap = 0;
	while (fgets(line, sizeof(line), f) != NULL) {
		len = strcspn(line, "\r\n");
		line[len] = '\0';
		if (len == 0 || line[0] == '#')
			continue;
		if (pw_n == cap) {
			cap = cap == 0 ? 16384 : cap * 2;
			if ((nl = realloc(pw_list, cap * sizeof(*nl))) == NULL)
				break;
			pw_list = nl;
		}
		if ((pw_list[pw_n] = strdup(line)) == NULL)
			break;
		pw_n++;
	}
	(void)fclose(f);
	if (pw_n > 0)
		qsort(pw_list, pw_n, sizeof(*pw_list), pw_cmp);
	return ((long)pw_n);
}

static int
pw_common(const char *lower)
{
	size_t	i;

	for (i = 0; i < sizeof(pw_builtin) / sizeof(pw_builtin[0]); i++)
		if (strcmp(lower, pw_builtin[i]) == 0)
			return (1);
	return (pw_n > 0 && bsearch(&lower, pw_list, pw_n, sizeof(*pw_list),
	    pw_cmp) != NULL);
}

/* Fewer than three different bytes: "        ", "aaaaaaaa", "12121212". */
static int
pw_monotonous(const char *s)
{
	unsigned char	a, b;

	a = (unsigned char)s[0];
	b = a;
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s == a || (unsigned char)*s == b)
			continue;
		if (a == b) {
			b = (unsigned char)*s;
			continue;
		}
		return (0);
	}
	return (1);
}

/*
 * Whether the password holds the number: its digits contain the ten of
 * the national number (3001234567), or it is only digits and separators
 * and those digits are seven or more of the number as written at home or
 * abroad.  `phone` is E.164 digits ("923001234567") or NULL.
 */
static int
pw_has_phone(const char *pw, const char *phone)
{
	char		 d[160], home[16];
	const char	*p;
	size_t		 n;
	int		 only;

	if (phone == NULL || strlen(phone) != 12)
		return (0);
	n = 0;
	only = 1;
	for (p = pw; *p != '\0' && n + 1 < sizeof(d); p++) {
		if (isdigit((unsigned char)*p))
			d[n++] = *p;
		else if (strchr(" -+.()/", *p) == NULL)
			only = 0;
	}
	d[n] = '\0';
	if (strstr(d, phone + 2) != NULL)
		return (1);
	(void)snprintf(home, sizeof(home), "0%s", phone + 2);
	return (only && n >= 7 && (strstr(phone, d) != NULL ||
	    strstr(home, d) != NULL));
}

/*
 * page_valid_password() and then the guessability rules: PS_NONE, or
 * PS_ERR_PW_COMMON, PS_ERR_PW_PHONE.
 */
enum page_str
page_valid_password_for(const char *pw, const char *phone)
{
	enum page_str	r;
	char		lower[160];
	size_t		i;

	if ((r = page_valid_password(pw)) != PS_NONE)
		return (r);
	for (i = 0; pw[i] != '\0' && i + 1 < sizeof(lower); i++)
		lower[i] = (char)tolower((unsigned char)pw[i]);
	lower[i] = '\0';
	if (pw_has_phone(pw, phone))
		return (PS_ERR_PW_PHONE);
	if (pw_monotonous(pw) || pw_common(lower))
		return (PS_ERR_PW_COMMON);
	return (PS_NONE);
}
