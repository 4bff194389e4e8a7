/*
 * Grading a quiz answer sent from a phone.  People answer "b", "B.",
 * "(2)", "ans c", "jawab 3", "۲" or "ب": the parser takes one option out
 * of such a text, or says that the text is no answer at all (so that the
 * channel can treat it as something else).
 */
#include <stdio.h>
#include <string.h>

#include "courses/courses.h"

#define GRADE_TOKENS	4
#define GRADE_TOKLEN	16

/* Words that may stand before the option: "ans b", "jawab 2", "جواب ب". */
static const char *grade_prefix[] = {
	"ans", "answer", "jawab", "jwb", "jawaab", "option", "opt",
	"جواب",	/* جواب */
	NULL
};

/* One UTF-8 code point; 0xfffd for a broken sequence. */
static uint32_t
grade_utf8_next(const unsigned char **pp, const unsigned char *end)
{
	const unsigned char	*p = *pp;
	uint32_t		 c;
	int			 n, i;

	if (*p < 0x80) {
		*pp = p + 1;
		return (*p);
	}
	if (*p >= 0xc2 && *p <= 0xdf) {
		c = *p & 0x1f;
		n = 1;
	} else if (*p >= 0xe0 && *p <= 0xef) {
		c = *p & 0x0f;
		n = 2;
	} else if (*p >= 0xf0 && *p <= 0xf4) {
		c = *p & 0x07;
		n = 3;
	} else {
		*pp = p + 1;
		return (0xfffd);
	}
	for (i = 1; i <= n; i++) {
		if (p + i >= end || (p[i] & 0xc0) != 0x80) {
			*pp = p + 1;
			return (0xfffd);
		}
		c = (c << 6) | (p[i] & 0x3f);
	}
	*pp = p + n + 1;
	return (c);
}

/* Letters and digits of any script we read make words; the rest splits. */
static int
grade_is_word(uint32_t c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return (1);
	if (c >= 0x0660 && c <= 0x0669)		/* Arabic-Indic */
		return (1);
	if (c >= 0x06f0 && c <= 0x06f9)		/* Urdu digits */
		return (1);
	if ((c >= 0x0621 && c <= 0x064a) || (c >= 0x0671 && c <= 0x06d3))
		return (1);			/* Arabic-script letters */
	return (0);
}

/*
 * One word as an option number: a-d, 1-4 in three digit sets, and the
 * letters Urdu quizzes label options with (الف/ا, ب, ج, د).
 */
static int
grade_option(const char *w)
{
	size_t	len = strlen(w);

	if (len == 1) {
		if (*w >= 'a' && *w <= 'z')
			return (*w - 'a' + 1);
		if (*w >= '0' && *w <= '9')
			return (*w - '0');
		return (COURSE_ANSWER_NONE);
	}
	if (len == 2 && (unsigned char)w[0] == 0xdb &&
	    (unsigned char)w[1] >= 0xb0 && (unsigned char)w[1] <= 0xb9)
		return ((unsigned char)w[1] - 0xb0);	/* ۰-۹ */
	if (len == 2 && (unsigned char)w[0] == 0xd9 &&
	    (unsigned char)w[1] >= 0xa0 && (unsigned char)w[1] <= 0xa9)
		return ((unsigned char)w[1] - 0xa0);	/* ٠-٩ */
	if (strcmp(w, "ا") == 0 ||			/* ا */
	    strcmp(w, "الف") == 0)	/* الف */
		return (1);
	if (strcmp(w, "ب") == 0)				/* ب */
		return (2);
	if (strcmp(w, "ج") == 0)				/* ج */
		return (3);
	if (strcmp(w, "د") == 0)				/* د */
		return (4);
	return (COURSE_ANSWER_NONE);
}

/*
 * The option a text answers, 1..noptions; COURSE_ANSWER_RANGE for an
 * option the question does not have ("D" with three options, "0", "5");
 * COURSE_ANSWER_NONE when the text is not an answer ("hello", "A B").
 */
int
course_answer_parse(const char *text, size_t len, int noptions)
{
	const unsigned char	*p, *end, *start, *at;
	char			 words[GRADE_TOKENS][GRADE_TOKLEN];
	size_t			 wl, i;
	int			 nwords, opt, j;
	uint32_t		 c;

	p = (const unsigned char *)text;
	end = p + len;
	nwords = 0;
	start = NULL;
	for (;;) {
		at = p;
		c = p < end ? grade_utf8_next(&p, end) : 0;
		if (c != 0 && grade_is_word(c)) {
			if (start == NULL)
				start = at;
			continue;
		}
		if (start != NULL) {
			/* A word ends at `at`: keep it, lower-cased. */
			wl = (size_t)(at - start);
			if (nwords == GRADE_TOKENS || wl >= GRADE_TOKLEN)
				return (COURSE_ANSWER_NONE);
			for (i = 0; i < wl; i++)
				words[nwords][i] = (start[i] >= 'A' &&
				    start[i] <= 'Z') ? start[i] - 'A' + 'a' :
				    (char)start[i];
			words[nwords++][wl] = '\0';
			start = NULL;
		}
		if (p >= end)
			break;
	}

	i = 0;
	if (nwords == 2) {
		for (j = 0; grade_prefix[j] != NULL; j++)
			if (strcmp(words[0], grade_prefix[j]) == 0)
				break;
		if (grade_prefix[j] == NULL)
			return (COURSE_ANSWER_NONE);
		i = 1;
	} else if (nwords != 1) {
		return (COURSE_ANSWER_NONE);
	}
	if ((opt = grade_option(words[i])) == COURSE_ANSWER_NONE) {
		/* "e", "z", "9": one symbol, clearly meant as an answer. */
		if (strlen(words[i]) == 1 ||
		    (strlen(words[i]) == 2 &&
		    ((unsigned char)words[i][0] == 0xdb ||
		    (unsigned char)words[i][0] == 0xd9)))
			return (COURSE_ANSWER_RANGE);
		return (COURSE_ANSWER_NONE);
	}
	if (opt < 1 || opt > noptions)
		return (COURSE_ANSWER_RANGE);
	return (opt);
}

/* Grades a text against the right option; returns the choice. */
int
course_grade(const char *text, size_t len, int noptions, int right,
    struct course_grade *g)
{
	g->choice = course_answer_parse(text, len, noptions);
	g->right = right;
	g->correct = g->choice > 0 && g->choice == right;
	return (g->choice);
}

char
course_option_letter(int opt)
{
	if (opt < 1 || opt > COURSE_OPTIONS_MAX)
		return ('?');
	return ((char)('A' + opt - 1));
}

/* "A, B or C (1, 2 or 3)" in each language, for the re-prompt. */
static int
grade_choices(int noptions, enum hlang lang, char *out, size_t outlen)
{
	static const char	*or[HLANG_COUNT] = {
		" or ", " ya ", " یا "		/* یا */
	};
	const char		*sep;
	char			 l[32], d[32];
	size_t			 ll, dl;
	int			 i, n;

	if (noptions < 2)
		noptions = 2;
	if (noptions > COURSE_OPTIONS_MAX)
		noptions = COURSE_OPTIONS_MAX;
	ll = dl = 0;
	for (i = 1; i <= noptions; i++) {
		sep = i == 1 ? "" : (i == noptions ? or[lang] :
		    infra_comma(lang));
		n = snprintf(l + ll, sizeof(l) - ll, "%s%c", sep,
		    course_option_letter(i));
		ll += (size_t)n;
		n = snprintf(d + dl, sizeof(d) - dl, "%s%d", sep, i);
		dl += (size_t)n;
	}
	return (snprintf(out, outlen, "%s (%s)", l, d));
}

/*
 * Feedback for a graded answer in the learner's language; the re-prompt
 * for a text that named no option.  Returns the snprintf() length.
 */
int
course_feedback(const struct course_grade *g, int noptions, enum hlang lang,
    char *out, size_t outlen)
{
	char	ch[96];

	if ((int)lang < 0 || lang >= HLANG_COUNT)
		lang = HLANG_EN;
	if (g->choice <= 0) {
		(void)grade_choices(noptions, lang, ch, sizeof(ch));
		switch (lang) {
		case HLANG_RU:
			return (snprintf(out, outlen,
			    "Jawab mein sirf %s bhejein.", ch));
		case HLANG_UR:
			return (snprintf(out, outlen,
			    /* جواب میں صرف ... بھیجیں۔ */
			    "جواب "
			    "میں "
			    "صرف %s "
			    "بھیجیں"
			    "۔", ch));
		default:
			return (snprintf(out, outlen,
			    "Please answer %s.", ch));
		}
	}
	if (g->correct) {
		switch (lang) {
		case HLANG_RU:
			return (snprintf(out, outlen,
			    "Shabash! %c sahi jawab hai.",
			    course_option_letter(g->choice)));
		case HLANG_UR:
			return (snprintf(out, outlen,
			    "شاباش! "
			    "%c درست "
			    "جواب ہے"
			    "۔",		/* شاباش! X درست جواب ہے۔ */
			    course_option_letter(g->choice)));
		default:
			return (snprintf(out, outlen,
			    "Correct! %c is right.",
			    course_option_letter(g->choice)));
		}
	}
	switch (lang) {
	case HLANG_RU:
		return (snprintf(out, outlen,
		    "Ghalat: aap ne %c chuna, sahi jawab %c hai.",
		    course_option_letter(g->choice),
		    course_option_letter(g->right)));
	case HLANG_UR:
		/* غلط: آپ نے X چنا، درست جواب Y ہے۔ */
		return (snprintf(out, outlen,
		    "غلط: آپ "
		    "نے %c چنا، "
		    "درست "
		    "جواب %c ہے"
		    "۔",
		    course_option_letter(g->choice),
		    course_option_letter(g->right)));
	default:
		return (snprintf(out, outlen,
		    "Not quite: you chose %c, the right answer is %c.",
		    course_option_letter(g->choice),
		    course_option_letter(g->right)));
	}
}
