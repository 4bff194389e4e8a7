/* Language codes and the names people type for them. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "infra/infra.h"

static const struct {
	const char	*name;
	enum hlang	 lang;
} lang_names[] = {
	{ "en", HLANG_EN }, { "eng", HLANG_EN }, { "english", HLANG_EN },
	{ "angrezi", HLANG_EN }, { "انگریزی", HLANG_EN }, { "1", HLANG_EN },
	{ "ru", HLANG_RU }, { "roman", HLANG_RU }, { "roman urdu", HLANG_RU },
	{ "romanurdu", HLANG_RU }, { "2", HLANG_RU },
	{ "ur", HLANG_UR }, { "urdu", HLANG_UR }, { "اردو", HLANG_UR },
	{ "3", HLANG_UR },
};

/* Returns 0 and sets *out when s names a language, -1 otherwise. */
int
infra_lang_lookup(const char *s, enum hlang *out)
{
	char		buf[32];
	size_t		i, n;

	if (s == NULL)
		return (-1);
	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	if (n == 0 || n >= sizeof(buf))
		return (-1);
	memcpy(buf, s, n);
	buf[n] = '\0';
	for (i = 0; i < sizeof(lang_names) / sizeof(lang_names[0]); i++) {
		if (strcasecmp(buf, lang_names[i].name) == 0) {
			*out = lang_names[i].lang;
			return (0);
		}
	}
	return (-1);
}

/* Like infra_lang_lookup(), but anything unknown is English. */
enum hlang
infra_lang_parse(const char *s)
{
	enum hlang	l;

	if (infra_lang_lookup(s, &l) == -1)
		return (HLANG_EN);
	return (l);
}

/*
 * A stored code ("en", "ru", "ur": users.lang, a cookie, a session) as a
 * language; anything else, names included, is English.
 */
enum hlang
infra_lang_of_code(const char *s)
{
	int		l;

	for (l = 0; s != NULL && l < HLANG_COUNT; l++)
		if (strcmp(s, infra_lang_code((enum hlang)l)) == 0)
			return ((enum hlang)l);
	return (HLANG_EN);
}

const char *
infra_lang_code(enum hlang l)
{
	switch (l) {
	case HLANG_RU:
		return ("ru");
	case HLANG_UR:
		return ("ur");
	case HLANG_EN:
	default:
		return ("en");
	}
}
