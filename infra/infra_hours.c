/*
 * Opening hours as typed in English abbreviations ("Mon-Sat 09-17"),
 * said in the reader's language.  Pure: no Kore, no database.
 */

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "infra/infra.h"

/*
 * Days in opening hours as stored (the officer's English abbreviations,
 * "Mon-Sat 09-17", "Tue,Thu 09-13"), Monday first, and what goes between
 * two days: a range and a list.
 */
static const char	*text_days[HLANG_COUNT][7] = {
	{ "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" },
	{ "Peer", "Mangal", "Budh", "Jumeraat", "Juma", "Hafta", "Itwaar" },
	{ "پیر", "منگل", "بدھ", "جمعرات", "جمعہ", "ہفتہ", "اتوار" },
};
static const char	*text_day_to[HLANG_COUNT] = { "-", "-", " تا " };
static const char	*text_day_and[HLANG_COUNT] = { ",", ",", "، " };

/* The day whose abbreviation is the whole word at p, or -1. */
static int
text_day(const char *p)
{
	int	i;

	for (i = 0; i < 7; i++)
		if (strncasecmp(p, text_days[HLANG_EN][i], 3) == 0 &&
		    !isalpha((unsigned char)p[3]))
			return (i);
	return (-1);
}

/*
 * Opening hours in the reader's language (web page, SMS and USSD): each day
 * abbreviation named, a range or list of days joined as the language
 * does; anything else (times, words typed otherwise) is kept.  Cut on a
 * character boundary when out is too short.
 */
void
infra_hours(const char *in, enum hlang lang, char *out, size_t outlen)
{
	const char	*w;
	size_t		 o, n, wl;
	int		 d, day, word;

	if (outlen == 0)
		return;
	if ((unsigned int)lang >= HLANG_COUNT)
		lang = HLANG_EN;
	o = 0;
	day = word = 0;
	while (*in != '\0') {
		w = NULL;
		n = 1;
		if (!word && (d = text_day(in)) >= 0) {
			w = text_days[lang][d];
			n = 3;
		} else if (day && (*in == '-' || *in == ',') &&
		    text_day(in + 1) >= 0)
			w = *in == '-' ? text_day_to[lang] : text_day_and[lang];
		wl = w != NULL ? strlen(w) : 1;
		if (o + wl >= outlen) {
			while (o > 0 && ((unsigned char)out[o - 1] & 0x80))
				o--;
			break;
		}
		memcpy(out + o, w != NULL ? w : in, wl);
		o += wl;
		day = w != NULL && n == 3;
		word = isalpha((unsigned char)in[n - 1]);
		in += n;
	}
	out[o] = '\0';
}
