/*
 * Reply texts, the one mechanism: a table of keys, each with its text in
 * every hlang (UTF-8, positional %1$s.. arguments), ended by a NULL key.
 * ussd/, courses/ and programmes/ keep their own tables and look them up
 * here.
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
