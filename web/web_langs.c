/*
 * The languages people in Pakistan write and speak, as a profile lists
 * them: stored as a code (ISO 639), shown and typed as a name in any of
 * the site's three languages.  Pure: unit-tested.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "web/web.h"

static const struct {
	const char	*code;
	const char	*name[HLANG_COUNT];	/* English, Roman Urdu, Urdu */
} web_langs[] = {
	{ "ur", { "Urdu", "Urdu", "اردو" } },
	{ "en", { "English", "Angrezi", "انگریزی" } },
	{ "pa", { "Punjabi", "Punjabi", "پنجابی" } },
	{ "sd", { "Sindhi", "Sindhi", "سندھی" } },
	{ "ps", { "Pashto", "Pashto", "پشتو" } },
	{ "bal", { "Balochi", "Balochi", "بلوچی" } },
	{ "skr", { "Saraiki", "Saraiki", "سرائیکی" } },
	{ "hno", { "Hindko", "Hindko", "ہندکو" } },
	{ "brh", { "Brahui", "Brahui", "براہوی" } },
	{ "scl", { "Shina", "Shina", "شینا" } },
	{ "bft", { "Balti", "Balti", "بلتی" } },
};

#define WEB_NLANGS	(sizeof(web_langs) / sizeof(web_langs[0]))

/* The name of a language code in the reader's language, or NULL. */
const char *
web_lang_name(const char *code, size_t len, enum hlang l)
{
	size_t	i;

	if ((int)l < 0 || l >= HLANG_COUNT)
		l = HLANG_EN;
	for (i = 0; i < WEB_NLANGS; i++)
		if (strlen(web_langs[i].code) == len &&
		    strncmp(web_langs[i].code, code, len) == 0)
			return (web_langs[i].name[l]);
	return (NULL);
}

/*
 * The code of a language typed as a code or as a name in any of the
 * three languages (case ignored), or NULL.
 */
const char *
web_lang_find(const char *word, size_t len)
{
	size_t	i, k;

	for (i = 0; i < WEB_NLANGS; i++) {
		if (strlen(web_langs[i].code) == len &&
		    strncasecmp(web_langs[i].code, word, len) == 0)
			return (web_langs[i].code);
		for (k = 0; k < HLANG_COUNT; k++)
			if (strlen(web_langs[i].name[k]) == len &&
			    strncasecmp(web_langs[i].name[k], word, len) == 0)
				return (web_langs[i].code);
	}
	return (NULL);
}

/* Whether the list "a,b,c" holds code. */
static int
web_langs_has(const char *list, const char *code)
{
	const char	*p, *e;
	size_t		 n;

	n = strlen(code);
	for (p = list; *p != '\0'; p = *e ? e + 1 : e) {
		if ((e = strchr(p, ',')) == NULL)
			e = p + strlen(p);
		if ((size_t)(e - p) == n && strncmp(p, code, n) == 0)
			return (1);
	}
	return (0);
}

/*
 * "Balochi, urdu ،English" -> "bal,ur,en" in out.  Returns 1, or 0 with
 * the first word no language matched in bad.
 */
int
web_langs_parse(const char *in, char *out, size_t olen, char *bad,
    size_t blen)
{
	const char	*p, *e, *code;
	size_t		 n, used;

	used = 0;
	out[0] = '\0';
	bad[0] = '\0';
	for (p = in; *p != '\0'; p = e) {
		p += strspn(p, " \t,;/");
		if (strncmp(p, "،", strlen("،")) == 0) {	/* Urdu comma */
			e = p + strlen("،");
			continue;
		}
		for (e = p; *e != '\0' && strchr(",;/", *e) == NULL &&
		    strncmp(e, "،", strlen("،")) != 0; e++)
			;
		for (n = (size_t)(e - p); n > 0 && (p[n - 1] == ' ' ||
		    p[n - 1] == '\t'); n--)
			;
		if (n == 0)
			continue;
		if ((code = web_lang_find(p, n)) == NULL) {
			if (n >= blen)
				n = blen - 1;
			memcpy(bad, p, n);
			bad[n] = '\0';
			return (0);
		}
		if (web_langs_has(out, code))
			continue;
		if (used + strlen(code) + 2 > olen)
			break;
		used += (size_t)snprintf(out + used, olen - used, "%s%s",
		    used ? "," : "", code);
	}
	return (1);
}
