/*
 * Reply texts, the one mechanism: a table of keys, each with its text in
 * every hlang (UTF-8), ended by a NULL key.  ussd/, courses/, matching/
 * and programmes/ keep their own tables and look them up here.  A
 * template names its values {a}, {b}, ... (infra_text_fill()), the one
 * template syntax (tests/arch/check fails on a printf format in a table).
 */
#include <string.h>

#include "infra/infra.h"

/* The text of key in lang, or NULL when the table has no such key. */
const char *
infra_text_find(const struct infra_text *t, const char *key, enum hlang lang)
{
	return (infra_text_findn(t, key, strlen(key), lang));
}

/* The same for a key of len bytes that need not end in a NUL. */
const char *
infra_text_findn(const struct infra_text *t, const char *key, size_t len,
    enum hlang lang)
{
	if ((int)lang < 0 || lang >= HLANG_COUNT)
		lang = HLANG_EN;
	for (; t->key != NULL; t++)
		if (strlen(t->key) == len && strncmp(t->key, key, len) == 0)
			return (t->text[lang]);
	return (NULL);
}

/* The value {x} at t stands for, or NULL when t is no placeholder. */
static const char *
text_value(const char *t, const char *const *v, size_t nv)
{
	size_t		 i;

	if (t[0] != '{' || t[1] < 'a' || t[1] > 'z' || t[2] != '}')
		return (NULL);
	i = (size_t)(t[1] - 'a');
	return (i < nv ? v[i] : NULL);
}

/* The length of t filled, whatever room there is. */
static size_t
text_fill_len(const char *t, const char *const *v, size_t nv)
{
	const char	*x;
	size_t		 n;

	for (n = 0; *t != '\0'; ) {
		if ((x = text_value(t, v, nv)) != NULL) {
			n += strlen(x);
			t += 3;
		} else {
			n++;
			t++;
		}
	}
	return (n);
}

/*
 * The template t with {a} .. {z} replaced by v[0] .. v[25] (a value
 * NULL, or beyond nv, leaves its placeholder as written), into out of
 * outlen bytes.  Plain substitution rather than printf formats: a
 * template can use any value in any order, and text from a phone is
 * never a format.  What would not fit is cut, never inside a character.
 * Returns the length of the whole, as snprintf() does: outlen or more
 * says it was cut.
 */
int
infra_text_fill(const char *t, const char *const *v, size_t nv, char *out,
    size_t outlen)
{
	const char	*x, *t0 = t;
	size_t		 o, n, whole;

	if (outlen == 0)
		return ((int)text_fill_len(t, v, nv));
	for (o = 0; *t != '\0' && o + 1 < outlen; ) {
		if ((x = text_value(t, v, nv)) != NULL) {
			n = strlen(x);
			if (o + n >= outlen)
				n = outlen - 1 - o;
			memcpy(out + o, x, n);
			o += n;
			t += 3;
			continue;
		}
		out[o++] = *t++;
	}
	/* Never end inside a character. */
	whole = o;
	if (*t != '\0' || o + 1 >= outlen) {
		whole = text_fill_len(t0, v, nv);
		while (o > 0 && ((unsigned char)out[o - 1] & 0x80) != 0) {
			n = o - 1;
			while (n > 0 && ((unsigned char)out[n] & 0xc0) == 0x80)
				n--;
			if (infra_utf8_valid(out + n, o - n))
				break;
			o = n;
		}
	}
	out[o] = '\0';
	return ((int)whole);
}

/*
 * The separators a list is written with: Urdu script has its own comma
 * (U+060C) and semicolon (U+061B); English and Roman Urdu the Latin ones.
 */
const char *
infra_comma(enum hlang lang)
{
	return (lang == HLANG_UR ? "، " : ", ");
}

const char *
infra_semicolon(enum hlang lang)
{
	return (lang == HLANG_UR ? "؛ " : "; ");
}

/*
 * A list some SQL joined with ", " and "; " (sms_who_list(), the free
 * mentor slots) written with lang's separators, in place within size
 * bytes.  Only the separators change: a comma not followed by a space
 * (1,500) stays.  What would not fit is cut at a whole character.
 * Returns the new length.
 */
size_t
infra_list_local(char *s, size_t size, enum hlang lang)
{
	char		 tmp[1024];
	const char	*p, *sep;
	size_t		 o, n;

	if (size == 0)
		return (0);
	if (lang != HLANG_UR)
		return (strlen(s));
	o = 0;
	for (p = s; *p != '\0' && o + 1 < sizeof(tmp); p++) {
		sep = NULL;
		if (p[0] == ',' && p[1] == ' ')
			sep = infra_comma(lang);
		else if (p[0] == ';' && p[1] == ' ')
			sep = infra_semicolon(lang);
		if (sep == NULL) {
			tmp[o++] = *p;
			continue;
		}
		n = strlen(sep);
		if (o + n >= sizeof(tmp))
			break;
		memcpy(tmp + o, sep, n);
		o += n;
		p++;
	}
	tmp[o] = '\0';
	n = infra_utf8_cut(tmp, o, size - 1);
	memcpy(s, tmp, n);
	s[n] = '\0';
	return (n);
}
