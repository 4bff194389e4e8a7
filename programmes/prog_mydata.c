/*
 * What Hunar holds about a person (MYDATA by SMS, /me/data on the web),
 * said in the reader's language: prog_mydata() in SQL answers plain
 * columns (stored codes such as "ur", "f", "seed", ISO dates), and the
 * words for them live here, once, for both channels.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "programmes/programmes.h"

/* Stored codes in words: "<column>:<code>". */
static const struct infra_text	mydata_words[] = {
	{ "lang:en", { "English", "Angrezi", "انگریزی" } },
	{ "lang:ru", { "Roman Urdu", "Roman Urdu", "رومن اردو" } },
	{ "lang:ur", { "Urdu", "Urdu", "اردو" } },
	{ "gender:f", { "woman", "khatoon", "خاتون" } },
	{ "gender:m", { "man", "mard", "مرد" } },
	{ "gender:x", { "other", "deegar", "دیگر" } },
	{ "gender:", { "not given", "nahin bataya", "نہیں بتایا" } },
	{ "age:u18", { "under 18", "18 se kam", "18 سے کم" } },
	{ "age:", { "not given", "nahin bataya", "نہیں بتایا" } },
	{ "channel:sms", { "joined by SMS", "SMS se shamil",
	    "SMS سے شامل" } },
	{ "channel:ussd", { "joined by USSD", "USSD se shamil",
	    "USSD سے شامل" } },
	{ "channel:web", { "joined on the web", "web par shamil",
	    "ویب پر شامل" } },
	{ "channel:seed", { "demo account", "demo account",
	    "ڈیمو اکاؤنٹ" } },
	{ "course:done", { "done", "mukammal", "مکمل" } },
	{ "course:none", { "none", "koi nahin", "کوئی نہیں" } },
	{ "count:none", { "nothing else", "aur kuch nahin",
	    "اور کچھ نہیں" } },
	{ "count:records", { "records", "records", "ریکارڈ" } },
	{ NULL, { NULL, NULL, NULL } }
};

/* The counts' words, one and many, in the order of prog_mydata(). */
static const char	*mydata_counts[PROG_MYDATA_COUNTS][2][HLANG_COUNT] = {
	{ { "certificate", "certificate", "سرٹیفکیٹ" },
	  { "certificates", "certificate", "سرٹیفکیٹ" } },
	{ { "application", "darkhwast", "درخواست" },
	  { "applications", "darkhwastein", "درخواستیں" } },
	{ { "check-in", "hazri", "حاضری" },
	  { "check-ins", "hazriyan", "حاضریاں" } },
	{ { "mentor booking", "rahnuma booking", "رہنما بکنگ" },
	  { "mentor bookings", "rahnuma bookings", "رہنما بکنگز" } },
	{ { "skill", "hunar", "مہارت" },
	  { "skills", "hunar", "مہارتیں" } }
};

static const char	*mydata_months[HLANG_COUNT][12] = {
	{ "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
	  "Oct", "Nov", "Dec" },
	{ "Jan", "Feb", "March", "April", "May", "June", "July", "Aug",
	  "Sep", "Oct", "Nov", "Dec" },
	{ "جنوری", "فروری", "مارچ", "اپریل", "مئی", "جون", "جولائی", "اگست",
	  "ستمبر", "اکتوبر", "نومبر", "دسمبر" }
};

/*
 * A stored code in words: column "lang", "gender", "age", "channel",
 * "course" or "count".  An age band without words ("18-24") is said as
 * it is; anything unknown is the code itself.
 */
const char *
prog_mydata_word(const char *column, const char *code, enum hlang lang)
{
	const char	*w;
	char		 key[48];

	code = code != NULL ? code : "";
	(void)snprintf(key, sizeof(key), "%s:%s", column, code);
	if ((w = infra_text_find(mydata_words, key, lang)) != NULL)
		return (w);
	return (code);
}

/* "2026-12-05" as "5 Dec 2026" (English, Roman Urdu), "5 دسمبر 2026". */
void
prog_mydata_date(const char *iso, enum hlang lang, char *out, size_t outlen)
{
	int	y, m, d;

	if ((int)lang < 0 || lang >= HLANG_COUNT)
		lang = HLANG_EN;
	if (iso == NULL || sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
	    m < 1 || m > 12 || d < 1 || d > 31) {
		(void)snprintf(out, outlen, "%s", iso != NULL ? iso : "");
		return;
	}
	(void)snprintf(out, outlen, "%d %s %d", d, mydata_months[lang][m - 1],
	    y);
}

/* "1 certificate, 2 skills": the counts that are not 0, or "nothing else". */
int
prog_mydata_counts(const long *n, enum hlang lang, char *out, size_t outlen)
{
	size_t	o;
	int	i, w;

	if ((int)lang < 0 || lang >= HLANG_COUNT)
		lang = HLANG_EN;
	o = 0;
	out[0] = '\0';
	for (i = 0; i < PROG_MYDATA_COUNTS && o < outlen; i++) {
		if (n[i] <= 0)
			continue;
		w = snprintf(out + o, outlen - o, "%s%ld %s",
		    o ? infra_comma(lang) : "", n[i],
		    mydata_counts[i][n[i] != 1][lang]);
		if (w < 0)
			break;
		o += (size_t)w;
	}
	if (o == 0)
		return (snprintf(out, outlen, "%s",
		    prog_mydata_word("count", "none", lang)));
	return ((int)(o < outlen ? o : outlen - 1));
}

/*
 * The person in one line: "Iqra Malik, Swat, English, woman, joined by
 * SMS, 5 Dec 2026" (the age band when given).  For a short SMS, full = 1
 * leaves out the date and how they joined, 0 the age band too.
 */
int
prog_mydata_person(const struct prog_mydata *p, enum hlang lang, int full,
    char *out, size_t outlen)
{
	const char	*cm, *dist;
	char		 date[48], age[64];
	int		 n;

	cm = infra_comma(lang);
	dist = lang == HLANG_UR && p->district_ur != NULL &&
	    p->district_ur[0] != '\0' ? p->district_ur : p->district_en;
	age[0] = '\0';
	if (full > 0 && p->age != NULL && p->age[0] != '\0')
		(void)snprintf(age, sizeof(age), "%s%s", cm,
		    prog_mydata_word("age", p->age, lang));
	prog_mydata_date(p->joined, lang, date, sizeof(date));
	n = snprintf(out, outlen, "%s%s%s%s%s%s%s%s",
	    p->name != NULL ? p->name : "",
	    dist != NULL && dist[0] != '\0' ? cm : "",
	    dist != NULL ? dist : "", cm,
	    prog_mydata_word("lang", p->lang, lang), cm,
	    prog_mydata_word("gender", p->gender, lang), age);
	if (full > 1 && n >= 0 && (size_t)n < outlen)
		n += snprintf(out + n, outlen - (size_t)n, "%s%s%s%s", cm,
		    prog_mydata_word("channel", p->channel, lang), cm, date);
	return (n);
}

/*
 * The courses of prog_mydata_sms() ("code|done|lessons|t/f" lines), the
 * first max of them: "C101 3/5, C102 done", "+2" for those left out.
 */
int
prog_mydata_courses(const char *lines, enum hlang lang, int max, char *out,
    size_t outlen)
{
	const char	*p, *e;
	char		 code[16], done[8], all[8], ok[4];
	size_t		 o;
	int		 n, left, w;

	o = 0;
	out[0] = '\0';
	n = left = 0;
	for (p = lines; p != NULL && *p != '\0'; p = *e ? e + 1 : e) {
		e = p + strcspn(p, "\n");
		if (sscanf(p, "%15[^|\n]|%7[^|\n]|%7[^|\n]|%3[^|\n]", code,
		    done, all, ok) != 4)
			continue;
		if (n++ >= max) {
			left++;
			continue;
		}
		if (ok[0] == 't')
			w = snprintf(out + o, outlen - o, "%s%s %s",
			    o ? infra_comma(lang) : "", code,
			    prog_mydata_word("course", "done", lang));
		else
			w = snprintf(out + o, outlen - o, "%s%s %s/%s",
			    o ? infra_comma(lang) : "", code, done, all);
		if (w < 0 || (size_t)w >= outlen - o)
			break;
		o += (size_t)w;
	}
	if (left > 0 && o + 8 < outlen)
		o += (size_t)snprintf(out + o, outlen - o, "%s+%d",
		    o ? " " : "", left);
	if (o == 0)
		return (snprintf(out, outlen, "%s",
		    prog_mydata_word("course", "none", lang)));
	return ((int)o);
}

/* prog_mydata_sms()'s a ("name|district en|...") as the struct. */
static void
mydata_split(char *a, struct prog_mydata *p)
{
	const char	**f[] = { &p->name, &p->district_en, &p->district_ur,
	    &p->lang, &p->gender, &p->age, &p->channel, &p->joined };
	char		*s;
	size_t		 i;

	memset(p, 0, sizeof(*p));
	s = a;
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		*f[i] = (s != NULL ? strsep(&s, "|") : "");
}

/*
 * The MYDATA SMS from prog_mydata_sms()'s fields into the template fmt
 * ({a} person, {b} courses, {c} counts), within two parts: as many
 * courses as fit, then the person without how and when they joined, then
 * without the age band and the counts as one number (the web page has
 * them all).
 */
int
prog_mydata_reply(const char *fmt, enum hlang lang, const char *a,
    const char *b, const char *c, char *out, size_t outlen)
{
	struct prog_mydata	 p;
	struct infra_sms_count	 cnt;
	char			 pa[256], person[320], courses[256], counts[256];
	const char		*v[3] = { person, courses, counts };
	long			 n[PROG_MYDATA_COUNTS], sum;
	int			 i, level, max, len;

	(void)snprintf(pa, sizeof(pa), "%s", a);
	mydata_split(pa, &p);
	memset(n, 0, sizeof(n));
	for (i = 0; i < PROG_MYDATA_COUNTS && c != NULL && *c != '\0'; i++) {
		n[i] = strtol(c, NULL, 10);
		c += strcspn(c, "|");
		c += *c == '|';
	}
	len = 0;
	for (level = 0; level < 3; level++) {
		if (level < 2)
			(void)prog_mydata_counts(n, lang, counts,
			    sizeof(counts));
		else {
			/* The last resort: how many, not of what. */
			for (i = 0, sum = 0; i < PROG_MYDATA_COUNTS; i++)
				sum += n[i];
			(void)snprintf(counts, sizeof(counts), "%ld %s", sum,
			    prog_mydata_word("count", "records", lang));
		}
		(void)prog_mydata_person(&p, lang, 2 - level, person,
		    sizeof(person));
		for (max = 20; max >= 0; max--) {
			(void)prog_mydata_courses(b, lang, max, courses,
			    sizeof(courses));
			len = infra_text_fill(fmt, v, 3, out, outlen);
			if (infra_sms_count(out, strlen(out), &cnt) == 0 &&
			    cnt.parts <= 2)
				return (len);
		}
	}
	return (len);
}
