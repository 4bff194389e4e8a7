/*
 * The SMS keyword parser: what a text from a phone asks for.
 *
 * People type on keypads, in three scripts: case, extra spaces and
 * punctuation do not matter, Roman Urdu and Urdu-script words mean the
 * same as the English ones (so do English ones spelt in Urdu script as
 * they sound: جوائن, اسٹیٹس), Arabic-keyboard letters (ي ك ه) count as
 * their Urdu forms, harakat and joiners are ignored and Urdu or Arabic
 * digits are digits.  Course verbs (NEXT, REPEAT, LEAVE, answers, and the
 * codes of ENROLL and VERIFY) are the course module's: its own
 * course_sms_verb() reads them, so the two never disagree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "courses/courses.h"
#include "programmes/programmes.h"
#include "ussd/ussd.h"

#define KW_WORDS_MAX	64

struct kw_word {
	const char	*word;		/* normalised: upper case, folded */
	enum ussd_kw	 kw;
	int		 lang;		/* USSD_LANG_NONE for English */
	const char	*verb;		/* a course or seat word's verb */
};

#define RU	HLANG_RU
#define UR	HLANG_UR
#define EN	USSD_LANG_NONE
#define K(w, k, l)	{ (w), (k), (l), NULL }
#define KV(w, k, l, v)	{ (w), (k), (l), (v) }

static const struct kw_word	kw_words[] = {
	K("HELP", USSD_KW_HELP, EN), K("INFO", USSD_KW_HELP, EN),
	K("MENU", USSD_KW_HELP, EN), K("MADAD", USSD_KW_HELP, RU),
	K("مدد", USSD_KW_HELP, UR), K("ہیلپ", USSD_KW_HELP, UR),
	K("JOIN", USSD_KW_JOIN, EN), K("REG", USSD_KW_JOIN, EN),
	K("REGISTER", USSD_KW_JOIN, EN), K("SHAMIL", USSD_KW_JOIN, RU),
	K("SHAMEL", USSD_KW_JOIN, RU), K("شامل", USSD_KW_JOIN, UR),
	K("رجسٹر", USSD_KW_JOIN, UR), K("جوائن", USSD_KW_JOIN, UR),
	K("LANG", USSD_KW_LANG, EN), K("LANGUAGE", USSD_KW_LANG, EN),
	K("ZABAN", USSD_KW_LANG, RU), K("ZUBAN", USSD_KW_LANG, RU),
	K("ZUBAAN", USSD_KW_LANG, RU), K("زبان", USSD_KW_LANG, UR),
	K("COURSES", USSD_KW_COURSES, EN), K("COURSE", USSD_KW_COURSES, EN),
	K("KORS", USSD_KW_COURSES, RU), K("KORSES", USSD_KW_COURSES, RU),
	K("KORSEZ", USSD_KW_COURSES, RU), K("کورس", USSD_KW_COURSES, UR),
	K("کورسز", USSD_KW_COURSES, UR),
	K("GIGS", USSD_KW_GIGS, EN), K("GIG", USSD_KW_GIGS, EN),
	K("JOBS", USSD_KW_GIGS, EN), K("KAAM", USSD_KW_GIGS, RU),
	K("NAUKRI", USSD_KW_GIGS, RU), K("NOKRI", USSD_KW_GIGS, RU),
	K("کام", USSD_KW_GIGS, UR), K("نوکری", USSD_KW_GIGS, UR),
	K("گگز", USSD_KW_GIGS, UR),
	K("APPLY", USSD_KW_APPLY, EN), K("DARKHAST", USSD_KW_APPLY, RU),
	K("DARKHWAST", USSD_KW_APPLY, RU), K("درخواست", USSD_KW_APPLY, UR),
	K("اپلائی", USSD_KW_APPLY, UR),
	K("YES", USSD_KW_YES, EN), K("Y", USSD_KW_YES, EN),
	K("OK", USSD_KW_YES, EN), K("HAAN", USSD_KW_YES, RU),
	K("HAN", USSD_KW_YES, RU), K("HA", USSD_KW_YES, RU),
	K("JI", USSD_KW_YES, RU), K("JEE", USSD_KW_YES, RU),
	K("ہاں", USSD_KW_YES, UR), K("ہان", USSD_KW_YES, UR),
	K("ھاں", USSD_KW_YES, UR), K("جی", USSD_KW_YES, UR),
	K("NO", USSD_KW_NO, EN), K("N", USSD_KW_NO, EN),
	K("NAHI", USSD_KW_NO, RU), K("NAHIN", USSD_KW_NO, RU),
	K("NAI", USSD_KW_NO, RU), K("NA", USSD_KW_NO, RU),
	K("نہیں", USSD_KW_NO, UR), K("نہی", USSD_KW_NO, UR),
	K("نا", USSD_KW_NO, UR),
	K("STATUS", USSD_KW_STATUS, EN), K("HALAT", USSD_KW_STATUS, RU),
	K("HAALAT", USSD_KW_STATUS, RU), K("حالت", USSD_KW_STATUS, UR),
	K("اسٹیٹس", USSD_KW_STATUS, UR), K("سٹیٹس", USSD_KW_STATUS, UR),
	K("STOP", USSD_KW_STOP, EN), K("UNSUBSCRIBE", USSD_KW_STOP, EN),
	K("BAND", USSD_KW_STOP, RU), K("BUND", USSD_KW_STOP, RU),
	K("بند", USSD_KW_STOP, UR), K("اسٹاپ", USSD_KW_STOP, UR),
	K("سٹاپ", USSD_KW_STOP, UR),
	K("START", USSD_KW_START, EN), K("SUBSCRIBE", USSD_KW_START, EN),
	K("SHURU", USSD_KW_START, RU), K("SHUROO", USSD_KW_START, RU),
	K("SHURO", USSD_KW_START, RU), K("شروع", USSD_KW_START, UR),
	K("اسٹارٹ", USSD_KW_START, UR), K("سٹارٹ", USSD_KW_START, UR),
	K("GAP", USSD_KW_GAP, EN), K("KAMI", USSD_KW_GAP, RU),
	K("کمی", USSD_KW_GAP, UR),
	/* Course verbs with an argument: the code is read by courses. */
	KV("ENROLL", USSD_KW_COURSE, EN, "ENROLL"),
	KV("ENROL", USSD_KW_COURSE, EN, "ENROLL"),
	KV("DAKHLA", USSD_KW_COURSE, RU, "ENROLL"),
	KV("DAKHILA", USSD_KW_COURSE, RU, "ENROLL"),
	KV("داخلہ", USSD_KW_COURSE, UR, "ENROLL"),
	KV("انرول", USSD_KW_COURSE, UR, "ENROLL"),
	KV("VERIFY", USSD_KW_COURSE, EN, "VERIFY"),
	KV("TASDEEQ", USSD_KW_COURSE, RU, "VERIFY"),
	KV("TASDIQ", USSD_KW_COURSE, RU, "VERIFY"),
	KV("تصدیق", USSD_KW_COURSE, UR, "VERIFY"),
	K("MORE", USSD_KW_MORE, EN), K("NEXTPAGE", USSD_KW_MORE, EN),
	K("MAZEED", USSD_KW_MORE, RU), K("MAZID", USSD_KW_MORE, RU),
	K("AUR", USSD_KW_MORE, RU), K("مزید", USSD_KW_MORE, UR),
	K("اور", USSD_KW_MORE, UR),
	/* Gender and age, optional, for programme statistics only. */
	K("F", USSD_KW_ABOUT, EN), K("M", USSD_KW_ABOUT, EN),
	K("FEMALE", USSD_KW_ABOUT, EN), K("MALE", USSD_KW_ABOUT, EN),
	K("WOMAN", USSD_KW_ABOUT, EN), K("MAN", USSD_KW_ABOUT, EN),
	K("GIRL", USSD_KW_ABOUT, EN), K("BOY", USSD_KW_ABOUT, EN),
	K("AGE", USSD_KW_ABOUT, EN), K("ABOUT", USSD_KW_ABOUT, EN),
	K("AURAT", USSD_KW_ABOUT, RU), K("MARD", USSD_KW_ABOUT, RU),
	K("LARKI", USSD_KW_ABOUT, RU), K("LARKA", USSD_KW_ABOUT, RU),
	K("UMAR", USSD_KW_ABOUT, RU), K("UMER", USSD_KW_ABOUT, RU),
	K("عورت", USSD_KW_ABOUT, UR), K("مرد", USSD_KW_ABOUT, UR),
	K("لڑکی", USSD_KW_ABOUT, UR), K("لڑکا", USSD_KW_ABOUT, UR),
	K("عمر", USSD_KW_ABOUT, UR),
	/* Shared phones: who is this, add a person, a PIN (kw_seat()). */
	KV("WHO", USSD_KW_SEAT, EN, "WHO"),
	KV("SWITCH", USSD_KW_SEAT, EN, "WHO"),
	KV("KAUN", USSD_KW_SEAT, RU, "WHO"),
	KV("KON", USSD_KW_SEAT, RU, "WHO"), KV("کون", USSD_KW_SEAT, UR, "WHO"),
	KV("ADD", USSD_KW_SEAT, EN, "ADD"),
	KV("JORO", USSD_KW_SEAT, RU, "ADD"),
	KV("JOREIN", USSD_KW_SEAT, RU, "ADD"),
	KV("JORAIN", USSD_KW_SEAT, RU, "ADD"),
	KV("IZAFA", USSD_KW_SEAT, RU, "ADD"),
	KV("جوڑو", USSD_KW_SEAT, UR, "ADD"),
	KV("جوڑیں", USSD_KW_SEAT, UR, "ADD"),
	KV("اضافہ", USSD_KW_SEAT, UR, "ADD"),
	KV("PIN", USSD_KW_SEAT, EN, "PIN"), KV("پن", USSD_KW_SEAT, UR, "PIN"),
	{ NULL, USSD_KW_NONE, EN, NULL }
};

#undef RU
#undef UR
#undef EN
#undef K
#undef KV

static const char *kw_names[USSD_KW_COUNT] = {
	"NONE", "UNKNOWN", "HELP", "JOIN", "LANG", "COURSES", "GIGS",
	"APPLY", "YES", "NO", "STATUS", "STOP", "START", "GAP", "COURSE",
	"MORE", "ABOUT", "PROG", "SEAT"
};

const char *
ussd_kw_name(enum ussd_kw kw)
{
	if (kw < 0 || kw >= USSD_KW_COUNT)
		return ("?");
	return (kw_names[kw]);
}

/*
 * One code point as the parser sees it: 0 to drop it, ' ' for a word
 * break, otherwise the folded character.
 */
static unsigned int
kw_fold(unsigned int c)
{
	if (c >= 'a' && c <= 'z')
		return (c - 'a' + 'A');
	if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return (c);
	/* '+' too: a gateway that form-encodes spaces sends "JOIN+Ali". */
	if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xa0 ||
	    c == ',' || c == ';' || c == '+' || c == 0x060c || c == 0x061b)
		return (' ');
	if (c < 0x80)
		return (0);			/* other ASCII punctuation */
	if (c >= 0x06f0 && c <= 0x06f9)		/* Urdu digits */
		return ('0' + c - 0x06f0);
	if (c >= 0x0660 && c <= 0x0669)		/* Arabic-Indic digits */
		return ('0' + c - 0x0660);
	if (c == 0x064a || c == 0x0649)		/* Arabic yeh, alef maksura */
		return (0x06cc);
	if (c == 0x0643)			/* Arabic kaf */
		return (0x06a9);
	if (c == 0x0647)			/* Arabic heh */
		return (0x06c1);
	if ((c >= 0x064b && c <= 0x065f) || c == 0x0670 || c == 0x0640 ||
	    (c >= 0x200b && c <= 0x200f) || c == 0xfeff)
		return (0);			/* harakat, tatweel, joiners */
	if (c == 0x061f || c == 0x06d4 || (c >= 0x066a && c <= 0x066d) ||
	    c == 0x00bf || c == 0x00a1)
		return (0);			/* ؟ ۔ ٪ and friends */
	return (c);
}

/*
 * Normalises text into out: folded words joined by one space.  Invalid
 * UTF-8 bytes are dropped.  Returns the length written.
 */
size_t
ussd_text_norm(const char *text, char *out, size_t outlen)
{
	const unsigned char	*p;
	size_t			 len, o, w;
	uint32_t		 c;
	int			 n, space;
	char			 enc[4];

	if (outlen == 0)
		return (0);
	p = (const unsigned char *)text;
	len = strlen(text);
	o = 0;
	space = 0;
	while (len > 0) {
		if ((n = infra_utf8_next(p, len, &c)) < 0) {
			p++;
			len--;
			continue;
		}
		p += n;
		len -= n;
		if ((c = kw_fold(c)) == 0)
			continue;
		if (c == ' ') {
			space = o > 0;
			continue;
		}
		w = infra_utf8_put(c, enc);
		if (o + space + w >= outlen)
			break;
		if (space)
			out[o++] = ' ';
		space = 0;
		memcpy(out + o, enc, w);
		o += w;
	}
	out[o] = '\0';
	return (o);
}

/* Whether s holds a letter of the Arabic script. */
static int
kw_urdu_script(const char *s)
{
	const unsigned char	*p;

	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (*p == 0xd8 || *p == 0xd9 || *p == 0xda || *p == 0xdb)
			return (1);
	return (0);
}

/* The words after the first n of a normalised text, or "". */
static const char *
kw_after(const char *norm, int n)
{
	const char	*p;

	for (p = norm; n > 0 && *p != '\0'; n--) {
		p += strcspn(p, " ");
		if (*p == ' ')
			p++;
	}
	return (p);
}

/*
 * The text after the first word of the original text, trimmed, spaces
 * collapsed, trailing punctuation gone: a name, a district, a proposal
 * keep their case and their commas.
 */
static void
kw_tail(const char *text, int skip, char *out, size_t outlen)
{
	const char	*p;
	size_t		 o, n;
	uint32_t	 c;
	int		 space, r;

	if (outlen == 0)
		return;
	p = text;
	for (; skip > 0; skip--) {
		p += strspn(p, " \t\r\n,;+");
		p += strcspn(p, " \t\r\n,;+");
	}
	p += strspn(p, " \t\r\n,;+");
	o = 0;
	space = 0;
	while (*p != '\0') {
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' ||
		    *p == '+') {
			space = 1;
			p++;
			continue;
		}
		/* Whole, valid characters only: a cut never splits one. */
		if ((r = infra_utf8_next((const unsigned char *)p, strnlen(p, 4),
		    &c)) < 0 || c < 0x20 || c == 0x7f) {
			p++;
			continue;
		}
		n = (size_t)r;
		if (o + (space && o > 0) + n >= outlen)
			break;
		if (space && o > 0)
			out[o++] = ' ';
		space = 0;
		memcpy(out + o, p, n);
		o += n;
		p += n;
	}
	while (o > 0 && strchr(".!?", out[o - 1]) != NULL)
		o--;
	out[o] = '\0';
}

/* A gig code from a typed word: "g1001", "1001", "G-1001" -> "G1001". */
static void
kw_gig_code(const char *word, char *out, size_t outlen)
{
	size_t	n;

	n = strcspn(word, " ");
	if (n > 0 && word[0] >= '0' && word[0] <= '9')
		(void)snprintf(out, outlen, "G%.*s", (int)n, word);
	else
		(void)snprintf(out, outlen, "%.*s", (int)n, word);
}

/*
 * ABOUT's argument from its words: "f:19", "m:", ":19" or ":" -- the
 * gender a word names (f, m) and the first number, each or neither.
 */
static void
kw_about(const char *norm, char *out, size_t outlen)
{
	static const char	*female[] = { "F", "FEMALE", "WOMAN", "GIRL",
	    "AURAT", "LARKI", "عورت", "لڑکی", NULL };
	static const char	*male[] = { "M", "MALE", "MAN", "BOY", "MARD",
	    "LARKA", "مرد", "لڑکا", NULL };
	const char		*p;
	char			 w[32];
	size_t			 n;
	int			 i, g, age;

	g = 0;
	age = -1;
	for (p = norm; *p != '\0'; p += n + (p[n] == ' ')) {
		n = strcspn(p, " ");
		(void)snprintf(w, sizeof(w), "%.*s", (int)n, p);
		for (i = 0; female[i] != NULL && g == 0; i++)
			if (strcmp(w, female[i]) == 0)
				g = 'f';
		for (i = 0; male[i] != NULL && g == 0; i++)
			if (strcmp(w, male[i]) == 0)
				g = 'm';
		if (age < 0 && n > 0 && n <= 3 && strspn(w, "0123456789") == n)
			age = atoi(w);
	}
	if (age >= 0)
		(void)snprintf(out, outlen, "%s:%d", g == 'f' ? "f" :
		    g == 'm' ? "m" : "", age);
	else
		(void)snprintf(out, outlen, "%s:", g == 'f' ? "f" :
		    g == 'm' ? "m" : "");
}

/* Whether the word at w (to a space or the end) is four digits. */
static int
kw_four(const char *w)
{
	return (strcspn(w, " ") == 4 && strspn(w, "0123456789") == 4);
}

/* WHO, ADD name, PIN 1234: the verb, the name or the PIN. */
static int
kw_seat(struct ussd_cmd *cmd, const char *text, const char *verb,
    const char *after)
{
	(void)snprintf(cmd->verb, sizeof(cmd->verb), "%s", verb);
	if (strcmp(cmd->verb, "ADD") == 0) {
		kw_tail(text, 1, cmd->arg, sizeof(cmd->arg));
	} else if (strcmp(cmd->verb, "PIN") == 0) {
		if (kw_four(after) && after[4] == '\0')
			memcpy(cmd->pin, after, 5);
		else
			(void)snprintf(cmd->arg, sizeof(cmd->arg), "bad");
	}
	return (cmd->kw);
}

/*
 * The answer to "who is this?": "2 4821" (or "2 Bilal 4821"), a seat
 * and its PIN; and "4821" alone, a PIN while a person is being added.
 * Returns 1 when norm is either.
 */
static int
kw_seat_pick(const char *norm, struct ussd_cmd *cmd)
{
	const char	*last;

	if (kw_four(norm) && norm[4] == '\0') {
		(void)snprintf(cmd->verb, sizeof(cmd->verb), "PIN");
		(void)snprintf(cmd->arg, sizeof(cmd->arg), "bare");
		memcpy(cmd->pin, norm, 5);
		cmd->kw = USSD_KW_SEAT;
		return (1);
	}
	if (norm[0] < '1' || norm[0] > '9' || norm[1] != ' ')
		return (0);
	last = strrchr(norm, ' ') + 1;
	if (!kw_four(last) || last[4] != '\0' || strlen(norm) > 48)
		return (0);
	(void)snprintf(cmd->verb, sizeof(cmd->verb), "PICK");
	(void)snprintf(cmd->arg, sizeof(cmd->arg), "%c", norm[0]);
	memcpy(cmd->pin, last, 5);
	cmd->kw = USSD_KW_SEAT;
	return (1);
}

/* Course verbs without an argument, for the typo check below. */
static const char	*kw_course_plain[] = {
	"NEXT", "AGLA", "REPEAT", "DOBARA", "LEAVE", "PROGRESS", "SKIP", NULL
};

/* A word's code points (at most max); returns how many. */
static size_t
kw_points(const char *s, uint32_t *out, size_t max)
{
	const unsigned char	*p;
	size_t			 len, n;
	int			 r;

	p = (const unsigned char *)s;
	len = strlen(s);
	for (n = 0; len > 0 && n < max; n++) {
		if ((r = infra_utf8_next(p, len, &out[n])) < 0)
			return (0);
		p += r;
		len -= (size_t)r;
	}
	return (len > 0 ? 0 : n);
}

/*
 * Whether a and b are at most one edit apart: one letter more or less,
 * one changed, or two neighbours swapped (HELO, GIGZ, ENRLL, JION).
 */
static int
kw_one_edit(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	const uint32_t	*t;
	size_t		 i, tn;

	if (na > nb) {
		t = a, a = b, b = t;
		tn = na, na = nb, nb = tn;
	}
	if (nb - na > 1)
		return (0);
	for (i = 0; i < na && a[i] == b[i]; i++)
		;
	if (i == na)
		return (1);
	if (na < nb)
		return (memcmp(a + i, b + i + 1, (na - i) * sizeof(*a)) == 0);
	if (memcmp(a + i + 1, b + i + 1, (na - i - 1) * sizeof(*a)) == 0)
		return (1);
	return (i + 1 < na && a[i] == b[i + 1] && a[i + 1] == b[i] &&
	    memcmp(a + i + 2, b + i + 2, (na - i - 2) * sizeof(*a)) == 0);
}

/* The verb a keyword word stands for: "HELP", "ENROLL", "NEXT". */
static const char *
kw_word_verb(size_t i)
{
	if (kw_words[i].kw != USSD_KW_COURSE)
		return (ussd_kw_name(kw_words[i].kw));
	return (kw_words[i].verb);
}

/* One candidate: 0 when w is no match, 1 when it is, -1: ambiguous. */
static int
kw_fuzzy_try(const uint32_t *a, size_t na, const char *w, const char *id,
    const char **best, const char **bestid)
{
	uint32_t	b[32];
	size_t		nb;

	if ((nb = kw_points(w, b, 32)) < 4 || !kw_one_edit(a, na, b, nb))
		return (0);
	if (*bestid != NULL && strcmp(*bestid, id) != 0)
		return (-1);
	if (*best == NULL)
		*best = w;
	*bestid = id;
	return (1);
}

/*
 * The keyword a mistyped first word means, when exactly one verb is one
 * edit away (words of 4 letters or more: shorter ones are too close to
 * each other and to answers); NULL when none is or it is ambiguous.
 * Gender words are never guessed.
 */
static const char *
kw_fuzzy(const char *first)
{
	uint32_t	 a[32];
	const char	*best, *bestid, *id;
	size_t		 na, i;

	if ((na = kw_points(first, a, 32)) < 3)
		return (NULL);
	best = bestid = NULL;
	for (i = 0; kw_words[i].word != NULL; i++) {
		if (kw_words[i].kw == USSD_KW_ABOUT)
			continue;
		if (kw_fuzzy_try(a, na, kw_words[i].word, kw_word_verb(i),
		    &best, &bestid) < 0)
			return (NULL);
	}
	for (i = 0; kw_course_plain[i] != NULL; i++) {
		id = kw_course_plain[i];
		if (strcmp(id, "AGLA") == 0)
			id = "NEXT";
		else if (strcmp(id, "DOBARA") == 0)
			id = "REPEAT";
		if (kw_fuzzy_try(a, na, kw_course_plain[i], id, &best,
		    &bestid) < 0)
			return (NULL);
	}
	return (best);
}

static int	kw_parse(const char *, struct ussd_cmd *, int);

/*
 * Reads one SMS.  Returns cmd->kw (USSD_KW_NONE for an empty text,
 * USSD_KW_UNKNOWN when it is no command).  A first word one edit away
 * from exactly one verb is read as that verb.
 */
int
ussd_keyword_parse(const char *text, struct ussd_cmd *cmd)
{
	return (kw_parse(text, cmd, 1));
}

/* The text with its first word replaced by word. */
static void
kw_replace_first(const char *text, const char *word, char *out,
    size_t outlen)
{
	const char	*p;

	p = text + strspn(text, " \t\r\n,;+");
	p += strcspn(p, " \t\r\n,;+");
	(void)snprintf(out, outlen, "%s%s", word, p);
}

/* A keyword's argument, from the text after it. */
static int
kw_args(struct ussd_cmd *cmd, const char *text, const char *norm,
    const char *verb, const char *after)
{
	char		 buf[512];
	enum hlang	 l;

	switch (cmd->kw) {
	case USSD_KW_JOIN:
	case USSD_KW_COURSES:
	case USSD_KW_GIGS:
		kw_tail(text, 1, cmd->arg, sizeof(cmd->arg));
		break;
	case USSD_KW_LANG:
		if (infra_lang_lookup(after, &l) == 0)
			(void)snprintf(cmd->arg, sizeof(cmd->arg), "%s",
			    infra_lang_code(l));
		break;
	case USSD_KW_YES:
	case USSD_KW_NO:
		/* "YES G1001" answers that gig's offer; "haan ji" any. */
		kw_gig_code(after, cmd->arg, sizeof(cmd->arg));
		if (cmd->arg[0] != 'G' || cmd->arg[1] < '0' ||
		    cmd->arg[1] > '9')
			cmd->arg[0] = '\0';
		break;
	case USSD_KW_APPLY:
	case USSD_KW_GAP:
		kw_gig_code(after, cmd->arg, sizeof(cmd->arg));
		if (cmd->kw == USSD_KW_APPLY && cmd->arg[0] != '\0')
			kw_tail(text, 2, cmd->rest, sizeof(cmd->rest));
		break;
	case USSD_KW_ABOUT:
		kw_about(norm, cmd->arg, sizeof(cmd->arg));
		break;
	case USSD_KW_SEAT:
		return (kw_seat(cmd, text, verb, after));
	case USSD_KW_COURSE:
		(void)snprintf(buf, sizeof(buf), "%s %.*s", verb,
		    (int)(sizeof(buf) - 16), after);
		if (!course_sms_verb(buf, cmd->verb, sizeof(cmd->verb),
		    cmd->arg, sizeof(cmd->arg)))
			return (cmd->kw = USSD_KW_UNKNOWN);
		break;
	default:
		break;
	}
	return (cmd->kw);
}

static int
kw_parse(const char *text, struct ussd_cmd *cmd, int fuzzy)
{
	char		 norm[512], first[64], buf[512];
	const char	*after, *fix;
	size_t		 i, n;

	memset(cmd, 0, sizeof(*cmd));
	cmd->lang = USSD_LANG_NONE;
	if (text == NULL)
		return (cmd->kw = USSD_KW_NONE);
	(void)ussd_text_norm(text, norm, sizeof(norm));
	if (norm[0] == '\0') {
		/* A lone "?" asks for help. */
		cmd->kw = strchr(text, '?') != NULL ? USSD_KW_HELP :
		    USSD_KW_NONE;
		if (cmd->kw == USSD_KW_HELP)
			(void)snprintf(cmd->verb, sizeof(cmd->verb), "HELP");
		return (cmd->kw);
	}
	/* The first word, cut on a character boundary where it is long. */
	n = strcspn(norm, " ");
	if (n >= sizeof(cmd->word)) {
		n = sizeof(cmd->word) - 1;
		while (n > 0 && ((unsigned char)norm[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(cmd->word, norm, n);
	cmd->word[n] = '\0';
	(void)snprintf(first, sizeof(first), "%s", cmd->word);
	after = kw_after(norm, 1);

	for (i = 0; kw_words[i].word != NULL; i++)
		if (strcmp(first, kw_words[i].word) == 0)
			break;
	if (kw_words[i].word == NULL) {
		/* "2 4821": who is this (shared phones); */
		/* HUB, IN 4821, MENTOR, MYDATA, DELETE: the programmes'; */
		/* NEXT, REPEAT, LEAVE C101, an answer "b": the course's. */
		if (kw_seat_pick(norm, cmd))
			return (cmd->kw);
		if (prog_sms_verb(norm, cmd->verb, sizeof(cmd->verb),
		    cmd->arg, sizeof(cmd->arg)))
			cmd->kw = USSD_KW_PROG;
		else if (course_sms_verb(norm, cmd->verb, sizeof(cmd->verb),
		    cmd->arg, sizeof(cmd->arg)))
			cmd->kw = USSD_KW_COURSE;
		if (cmd->kw != USSD_KW_NONE) {
			if (kw_urdu_script(first))
				cmd->lang = HLANG_UR;
			return (cmd->kw);
		}
		if (fuzzy && (fix = kw_fuzzy(first)) != NULL) {
			kw_replace_first(text, fix, buf, sizeof(buf));
			if (kw_parse(buf, cmd, 0) != USSD_KW_UNKNOWN)
				return (cmd->kw);
			/* The unknown reply quotes what was typed. */
			memcpy(cmd->word, first, sizeof(cmd->word));
			cmd->word[sizeof(cmd->word) - 1] = '\0';
			cmd->lang = USSD_LANG_NONE;
		}
		/* A number not yet known is answered in the script it wrote. */
		if (kw_urdu_script(first))
			cmd->lang = HLANG_UR;
		cmd->verb[0] = '\0';
		cmd->arg[0] = '\0';
		return (cmd->kw = USSD_KW_UNKNOWN);
	}

	cmd->kw = kw_words[i].kw;
	cmd->lang = kw_words[i].lang;
	(void)snprintf(cmd->verb, sizeof(cmd->verb), "%s",
	    ussd_kw_name(cmd->kw));
	return (kw_args(cmd, text, norm, kw_words[i].verb, after));
}
