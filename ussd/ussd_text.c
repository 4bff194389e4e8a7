/*
 * What the SMS channel says, in English, Roman Urdu and Urdu script: one
 * template per sms_cmd() status, with {a} {b} {c} standing for the row's
 * columns.  Plain substitution rather than printf formats: a template can
 * use any column in any order, and text from a phone is never a format.
 * Replies are cut to USSD_SMS_PARTS_MAX parts (the unit tests check that
 * every template fits with typical values).
 */
#include <stdio.h>
#include <string.h>

#include "ussd/ussd.h"

static const struct infra_text	text_tmpls[] = {
	/* JOIN's optional question, queued by sms_about_ask(). */
	{ "ask_about", {
	    "Hunar: optional, for programme statistics only: send F (woman) "
	    "or M (man) and your age, e.g. F 19. Employers never see it.",
	    "Hunar: ikhtiyari, sirf program ke shumar ke liye: F (aurat) ya M "
	    "(mard) aur umar bhejein, jaise F 19. Employer kabhi nahi dekhte.",
	    "ہنر: اختیاری، صرف شمار کے لیے: F یا M اور عمر بھیجیں، جیسے "
	    "F 19۔" } },
	{ "help", {
	    "Hunar: COURSES, ENROLL code, GIGS, APPLY code, STATUS, GAP, "
	    "VERIFY code, LANG EN/RU/UR, STOP. Lessons: NEXT, REPEAT, "
	    "answer A-D.",
	    "Hunar: COURSES, ENROLL code, GIGS, APPLY code, STATUS, GAP, "
	    "VERIFY code, LANG EN/RU/UR, STOP. Sabaq: NEXT, REPEAT, "
	    "jawab A-D.",
	    "ہنر: COURSES، ENROLL کوڈ، GIGS، APPLY کوڈ، STATUS، GAP، "
	    "VERIFY کوڈ، LANG، STOP۔ سبق: NEXT، REPEAT، جواب A-D۔" } },
	{ "help_new", {
	    "Hunar: skills and work by SMS. Register: JOIN your name and "
	    "district, e.g. JOIN Ali Raza Swat. Then COURSES, GIGS, HELP. "
	    "STOP ends messages.",
	    "Hunar: SMS par hunar aur kaam. Register: JOIN naam aur zila, "
	    "jaise JOIN Ali Raza Swat. Phir COURSES, GIGS, HELP. STOP se SMS "
	    "band.",
	    "ہنر: ایس ایم ایس پر ہنر اور کام۔ رجسٹر: JOIN نام اور ضلع، جیسے "
	    "JOIN علی رضا سوات۔ پھر COURSES، GIGS، HELP۔" } },
	{ "unknown", {
	    "Sorry, \"{a}\" is not a command. Send HELP for the list, e.g. "
	    "COURSES or STATUS.",
	    "Maaf kijiye, \"{a}\" samajh nahi aya. Fehrist ke liye HELP "
	    "bhejein, jaise COURSES ya STATUS.",
	    "معاف کیجیے، \"{a}\" سمجھ نہیں آیا۔ فہرست کے لیے HELP بھیجیں، "
	    "جیسے COURSES یا STATUS۔" } },
	/* Confirmations (stopped, started, joined, lang_set): one SMS in
	   each language, checked by the unit tests. */
	{ "stopped", {
	    "Hunar: you will get no more messages. Send START to turn them "
	    "back on.",
	    "Hunar: ab aap ko koi SMS nahi ayega. Dobara shuru karne ke liye "
	    "START bhejein.",
	    "ہنر: اب کوئی پیغام نہیں آئے گا۔ دوبارہ: START بھیجیں۔" } },
	/* A STOP'd number asked for something: nothing will come. */
	{ "opted_out", {
	    "Hunar messages are off for this number (you sent STOP). Send "
	    "START to turn them on.",
	    "Is number ke liye Hunar SMS band hain (aap ne STOP bheja). "
	    "Chalu karne ke liye START bhejein.",
	    "اس نمبر پر ہنر کے پیغام بند ہیں (STOP)۔ چالو کرنے کے لیے START "
	    "بھیجیں۔" } },
	{ "started", {
	    "Hunar: messages are on again. Send STOP at any time to end "
	    "them.",
	    "Hunar: SMS dobara shuru. Band karne ke liye kabhi bhi STOP "
	    "bhejein.",
	    "ہنر: پیغامات دوبارہ شروع۔ بند کرنے کے لیے STOP بھیجیں۔" } },
	{ "already", {
	    "You are already registered as {a} ({b}). Send HELP for what "
	    "you can do.",
	    "Aap pehle se {a} ({b}) ke naam se registered hain. HELP "
	    "bhejein.",
	    "آپ پہلے سے {a} ({b}) کے نام سے رجسٹر ہیں۔ HELP بھیجیں۔" } },
	{ "bad_phone", {
	    "Sorry, only Pakistani mobile numbers can register.",
	    "Maaf kijiye, sirf Pakistani mobile number register ho sakte "
	    "hain.",
	    "معاف کیجیے، صرف پاکستانی موبائل نمبر رجسٹر ہو سکتے ہیں۔" } },
	{ "join_usage", {
	    "To register send JOIN, your name and district, e.g. JOIN Ali "
	    "Raza Swat.",
	    "Register ke liye JOIN, naam aur zila bhejein, jaise JOIN Ali "
	    "Raza Swat.",
	    "رجسٹر کے لیے JOIN، نام اور ضلع بھیجیں، جیسے JOIN علی رضا "
	    "سوات۔" } },
	{ "join_district", {
	    "No district found in \"{a}\". Send JOIN name, district, e.g. "
	    "JOIN Ali Raza, Swat.",
	    "\"{a}\" mein zila nahi mila. JOIN naam, zila bhejein, jaise "
	    "JOIN Ali Raza, Swat.",
	    "\"{a}\" میں ضلع نہیں ملا۔ JOIN نام، ضلع بھیجیں، جیسے JOIN علی "
	    "رضا، سوات۔" } },
	{ "join_which", {
	    "Which district is \"{a}\"? {b}. Send its number.",
	    "\"{a}\" kaunsa zila? {b}. Us ka number bhejein.",
	    "\"{a}\" کون سا ضلع؟ {b}۔ اس کا نمبر بھیجیں۔" } },
	{ "joined", {
	    "Welcome to Hunar, {a} ({b})! Send COURSES to learn, GIGS for "
	    "work, LANG RU or LANG UR for Urdu, HELP for more.",
	    "Hunar mein khush amdeed, {a} ({b})! Seekhne ke liye COURSES, "
	    "kaam ke liye GIGS, mazeed ke liye HELP.",
	    "خوش آمدید، {a} ({b})! COURSES یا GIGS بھیجیں۔" } },
	/* Gender and age: optional, for programme statistics only. */
	{ "about_set", {
	    "Thank you. This is for programme statistics only; employers "
	    "never see it.",
	    "Shukriya. Yeh sirf program ke a'dad o shumar ke liye hai; "
	    "employer kabhi nahi dekhte.",
	    "شکریہ۔ یہ صرف اعداد و شمار کے لیے ہے، آجر کبھی نہیں دیکھتے۔" } },
	{ "about_usage", {
	    "Optional, for statistics only: send F or M and your age, e.g. "
	    "F 19. Skip it if you like.",
	    "Ikhtiyari, sirf shumar ke liye: F ya M aur umar bhejein, jaise "
	    "F 19. Chhor bhi sakte hain.",
	    "اختیاری: F یا M اور عمر بھیجیں، جیسے F 19۔" } },
	{ "lang_new", {
	    "Hunar will write to you in English. To register send JOIN your "
	    "name and district.",
	    "Hunar ab Roman Urdu mein likhega. Register: JOIN naam aur zila "
	    "bhejein.",
	    "ہنر اب اردو میں لکھے گا۔ رجسٹر: JOIN نام اور ضلع بھیجیں۔" } },
	{ "lang_usage", {
	    "Send LANG EN for English, LANG RU for Roman Urdu, LANG UR for "
	    "Urdu.",
	    "English ke liye LANG EN, Roman Urdu ke liye LANG RU, Urdu ke "
	    "liye LANG UR bhejein.",
	    "انگریزی: LANG EN، رومن اردو: LANG RU، اردو: LANG UR بھیجیں۔" } },
	{ "lang_set", {
	    "Hunar will write to you in English.",
	    "Hunar ab aap ko Roman Urdu mein likhega.",
	    "ہنر اب آپ کو اردو میں لکھے گا۔" } },
	{ "unregistered", {
	    "Please register first: send JOIN your name and district, e.g. "
	    "JOIN Ali Raza Swat.",
	    "Pehle register karein: JOIN naam aur zila bhejein, jaise JOIN "
	    "Ali Raza Swat.",
	    "پہلے رجسٹر کریں: JOIN نام اور ضلع بھیجیں، جیسے JOIN علی رضا "
	    "سوات۔" } },
	/* Lists: {a} the page (text_list()), {m} "MORE" when it goes on. */
	{ "courses", {
	    "Courses: {a}. Join: ENROLL {b}.{m}",
	    "Courses: {a}. Dakhla: ENROLL {b}.{m}",
	    "کورس: {a}۔ ENROLL {b}{m}" } },
	{ "courses_none", {
	    "No course found for \"{a}\". Send COURSES for all courses.",
	    "\"{a}\" ka koi course nahi mila. Sab courses ke liye COURSES "
	    "bhejein.",
	    "\"{a}\" کا کوئی کورس نہیں ملا۔ تمام کورس کے لیے COURSES "
	    "بھیجیں۔" } },
	{ "gigs", {
	    "Gigs: {a}. Apply: APPLY {b}.{m}",
	    "Kaam: {a}. Darkhast: APPLY {b}.{m}",
	    "کام: {a}۔ APPLY {b}{m}" } },
	{ "more_none", {
	    "Nothing more to show. Send COURSES, GIGS or STATUS.",
	    "Aur kuch nahi. COURSES, GIGS ya STATUS bhejein.",
	    "مزید کچھ نہیں۔ COURSES، GIGS یا STATUS بھیجیں۔" } },
	{ "gigs_none", {
	    "No open gig found for \"{a}\". Send GIGS for all open gigs.",
	    "\"{a}\" ka koi kaam nahi mila. Sab kaam ke liye GIGS bhejein.",
	    "\"{a}\" کا کوئی کام نہیں ملا۔ تمام کام کے لیے GIGS "
	    "بھیجیں۔" } },
	{ "status", {
	    "{b}: {a}.{m}",
	    "{b}: {a}.{m}",
	    "{b}: {a}۔{m}" } },
	{ "apply_usage", {
	    "Send APPLY and the gig code, e.g. APPLY G1001. Send GIGS to "
	    "find one.",
	    "APPLY aur kaam ka code bhejein, jaise APPLY G1001. Kaam "
	    "dhoondne ke liye GIGS.",
	    "APPLY اور کام کا کوڈ بھیجیں، جیسے APPLY G1001۔ کام کے لیے "
	    "GIGS۔" } },
	{ "apply_applied", {
	    "Applied for {a} {b}. The employer will answer by SMS. Send "
	    "STATUS to follow it.",
	    "{a} {b} ke liye darkhast ho gayi. Jawab SMS par ayega. STATUS "
	    "se dekhein.",
	    "{a} {b} کے لیے درخواست ہو گئی۔ جواب ایس ایم ایس پر آئے گا۔ "
	    "STATUS سے دیکھیں۔" } },
	{ "apply_already", {
	    "You already applied for {a}. Send STATUS to see where it "
	    "stands.",
	    "Aap {a} ke liye pehle hi darkhast de chuke hain. STATUS "
	    "bhejein.",
	    "آپ {a} کے لیے پہلے ہی درخواست دے چکے ہیں۔ STATUS "
	    "بھیجیں۔" } },
	{ "apply_closed", {
	    "Gig {a} is closed. Send GIGS for open gigs.",
	    "Kaam {a} band ho chuka hai. Khule kaam ke liye GIGS bhejein.",
	    "کام {a} بند ہو چکا ہے۔ کھلے کام کے لیے GIGS بھیجیں۔" } },
	{ "apply_no_gig", {
	    "There is no gig {a}. Check the code, or send GIGS.",
	    "{a} naam ka koi kaam nahi. Code dekhein ya GIGS bhejein.",
	    "{a} نام کا کوئی کام نہیں۔ کوڈ دیکھیں یا GIGS بھیجیں۔" } },
	{ "apply_not_allowed", {
	    "Only trainee accounts can apply for gigs.",
	    "Sirf trainee account kaam ke liye darkhast de sakte hain.",
	    "صرف ٹرینی اکاؤنٹ کام کے لیے درخواست دے سکتے ہیں۔" } },
	{ "apply_bad_proposal", {
	    "Your note is too long. Send APPLY {a} with a shorter one.",
	    "Note bohat lamba hai. APPLY {a} chhote note ke sath bhejein.",
	    "نوٹ بہت لمبا ہے۔ APPLY {a} مختصر نوٹ کے ساتھ بھیجیں۔" } },
	{ "error", {
	    "Sorry, Hunar could not do that just now. Please try again in "
	    "a few minutes.",
	    "Maaf kijiye, Hunar abhi yeh nahi kar saka. Thori dair baad "
	    "dobara koshish karein.",
	    "معاف کیجیے، ہنر ابھی یہ نہیں کر سکا۔ تھوڑی دیر بعد دوبارہ "
	    "کوشش کریں۔" } },
	/*
	 * Another module's reply, already in the user's language: what
	 * sms_inbox rows stored before matching's replies rendered in C
	 * (matching/match_text.c) hold, answered again to a retried
	 * callback.
	 */
	{ "text", { "{a}", "{a}", "{a}" } },
	{ NULL, { NULL, NULL, NULL } }
};

/* Words a list item names by key ("@online"), in each language. */
static const struct infra_text	text_words[] = {
	{ "online", { "(online)", "(online)", "(آن لائن)" } },
	{ "centre", { "(centre)", "(centre)", "(سینٹر)" } },
	{ "remote", { "remote", "remote", "ریموٹ" } },
	{ "applied", { "applied", "darkhast di", "درخواست دی" } },
	{ "shortlisted", { "shortlisted", "shortlist", "شارٹ لسٹ" } },
	{ "offered", { "offer: YES/NO", "offer: YES/NO", "پیشکش: YES/NO" } },
	{ "accepted", { "accepted", "qabool", "قبول" } },
	{ "declined", { "declined", "inkaar", "انکار" } },
	{ "hired", { "hired", "hired", "منتخب" } },
	{ "rejected", { "not chosen", "muntakhib nahi", "منتخب نہیں" } },
	{ "done", { "done", "mukammal", "مکمل" } },
	{ "waitlisted", { "waitlist", "waitlist", "انتظار" } },
	{ "failed", { "retake: ENROLL", "dobara: ENROLL", "دوبارہ: ENROLL" } },
	{ "lessons", { "lessons", "sabaq", "سبق" } },
	{ "nothing", { "no course or application yet", "abhi koi course ya "
	    "darkhast nahi", "ابھی کچھ نہیں" } },
	{ "more", { " MORE for more.", " Mazeed: MORE.", " مزید: MORE" } },
	{ NULL, { NULL, NULL, NULL } }
};


#define TEXT_LIST_MAX	9	/* items on one page */

/* Appends s to out (size outlen, o used); returns the new length. */
static size_t
text_put(char *out, size_t outlen, size_t o, const char *s, size_t n)
{
	if (o + n >= outlen)
		n = o + 1 < outlen ? outlen - 1 - o : 0;
	memcpy(out + o, s, n);
	out[o + n] = '\0';
	return (o + n);
}

/* Whether s needs UCS-2 to travel by SMS. */
static int
text_ucs2(const char *s)
{
	struct infra_sms_count	c;

	return (infra_sms_count(s, strlen(s), &c) == 0 &&
	    c.coding == INFRA_SMS_UCS2);
}

/* An item's extra words: "@key" is a word of text_words, the rest kept. */
static size_t
text_extra(char *out, size_t outlen, size_t o, const char *x, size_t xl,
    enum hlang lang)
{
	const char	*w;
	size_t		 n;

	while (xl > 0) {
		n = 0;
		while (n < xl && x[n] != ' ')
			n++;
		if (x[0] == '@' && (w = infra_text_findn(text_words, x + 1,
		    n - 1, lang)) != NULL)
			o = text_put(out, outlen, o, w, strlen(w));
		else
			o = text_put(out, outlen, o, x, n);
		if (n < xl)
			o = text_put(out, outlen, o, " ", 1);
		x += n + (n < xl);
		xl -= n + (n < xl);
	}
	return (o);
}

/*
 * One page of a list, its titles cut to at most tmax characters each:
 * items are "code<TAB>title<TAB>extra" lines.
 */
static void
text_items(const char *items, size_t tmax, enum hlang lang, char *out,
    size_t outlen)
{
	const char	*p, *t, *x, *e;
	char		 title[256];
	size_t		 o, n;

	o = 0;
	out[0] = '\0';
	for (p = items; *p != '\0'; p = *e == '\n' ? e + 1 : e) {
		e = p + strcspn(p, "\n");
		t = memchr(p, '\t', (size_t)(e - p));
		x = t != NULL ? memchr(t + 1, '\t', (size_t)(e - t - 1)) : NULL;
		if (o > 0)
			o = text_put(out, outlen, o, infra_comma(lang),
			    strlen(infra_comma(lang)));
		o = text_put(out, outlen, o, p, (size_t)((t ? t : e) - p));
		if (t == NULL)
			continue;
		n = (size_t)((x ? x : e) - t - 1);
		(void)snprintf(title, sizeof(title), "%.*s", (int)n, t + 1);
		/*
		 * In English and Roman Urdu one Urdu-script title would
		 * turn the whole SMS into UCS-2 (70 characters, not 160)
		 * and cut every other title to nothing: that item shows
		 * its code alone.
		 */
		if (lang != HLANG_UR && text_ucs2(title))
			title[0] = '\0';
		(void)infra_text_cut(title, sizeof(title), tmax,
		    lang == HLANG_UR ? "…" : "...");
		if (title[0] != '\0') {
			o = text_put(out, outlen, o, " ", 1);
			o = text_put(out, outlen, o, title, strlen(title));
		}
		if (x != NULL && x + 1 < e) {
			o = text_put(out, outlen, o, " ", 1);
			o = text_extra(out, outlen, o, x + 1,
			    (size_t)(e - x - 1), lang);
		}
	}
}

static int	text_fill(const char *, enum hlang, const char *,
		    const char *, const char *, const char *, char *, size_t);
static int	text_fit_name(const char *, enum hlang, const char *,
		    const char *, const char *, char *, size_t);

/*
 * A list reply (courses, gigs, status) in one SMS: a holds the page's
 * items, b the first code (or the person, for status), c is "more" when
 * the list goes on.  Titles are cut at a word, all to the same length,
 * until the SMS fits in one part.
 */
static int
text_list(const char *t, enum hlang lang, const char *a, const char *b,
    const char *c, char *out, size_t outlen)
{
	struct infra_sms_count	 cnt;
	char			 page[1024];
	const char		*more;
	size_t			 tmax, items, over;
	int			 n;

	more = strcmp(c, "more") == 0 ?
	    infra_text_find(text_words, "more", lang) : "";
	if (*a == '\0')
		a = "-";
	for (items = 1, n = 0; a[n] != '\0'; n++)
		items += a[n] == '\n';
	if (strcmp(a, "@nothing") == 0)
		a = infra_text_find(text_words, "nothing", lang);
	for (tmax = 80;;) {
		text_items(a, tmax, lang, page, sizeof(page));
		n = text_fill(t, lang, page, b, c, more, out, outlen);
		if (n < 0 || infra_sms_count(out, (size_t)n, &cnt) == -1 ||
		    cnt.parts <= 1 || tmax == 0)
			return (n);
		over = cnt.units - (cnt.coding == INFRA_SMS_UCS2 ? 70 : 160);
		over = (over + items - 1) / items;
		tmax = over < tmax ? tmax - over : 0;
	}
}

/*
 * The reply to an sms_cmd() row.  Returns the length written (cut to
 * outlen - 1 on a character boundary), or -1 for an unknown status.
 */
int
ussd_reply(const char *status, enum hlang lang, const char *a,
    const char *b, const char *c, char *out, size_t outlen)
{
	const char	*t;
	char		 la[320], lc[320];

	if (outlen == 0 || status == NULL)
		return (-1);
	if (lang < HLANG_EN || lang >= HLANG_COUNT)
		lang = HLANG_EN;
	a = a != NULL ? a : "";
	b = b != NULL ? b : "";
	c = c != NULL ? c : "";
	if ((t = infra_text_find(text_tmpls, status, lang)) == NULL) {
		if ((t = ussd_seat_text(status, lang)) == NULL) {
			out[0] = '\0';
			return (-1);
		}
		/* The people of a shared phone, as SQL lists them. */
		(void)snprintf(la, sizeof(la), "%s", a);
		(void)snprintf(lc, sizeof(lc), "%s", c);
		(void)infra_list_local(la, sizeof(la), lang);
		(void)infra_list_local(lc, sizeof(lc), lang);
		a = la;
		c = lc;
	}
	if (strcmp(status, "status") == 0) {
		/* b: "name, district" as sms_status_page() joins them. */
		(void)snprintf(lc, sizeof(lc), "%s", b);
		(void)infra_list_local(lc, sizeof(lc), lang);
		b = lc;
	}
	if (strcmp(status, "courses") == 0 || strcmp(status, "gigs") == 0 ||
	    strcmp(status, "status") == 0)
		return (text_list(t, lang, a, b, c, out, outlen));
	if (strcmp(status, "joined") == 0 || strcmp(status, "already") == 0 ||
	    strcmp(status, "picked") == 0 || strcmp(status, "added") == 0)
		return (text_fit_name(t, lang, a, b, c, out, outlen));
	return (text_fill(t, lang, a, b, c, "", out, outlen));
}

/* A confirmation's template and its arguments but the name. */
struct text_named {
	const char	*t, *b, *c;
	enum hlang	 lang;
};

static int
text_fill_named(const char *name, void *arg, char *out, size_t outlen)
{
	const struct text_named	*v = arg;

	return (text_fill(v->t, v->lang, name, v->b, v->c, "", out, outlen));
}

/*
 * A confirmation that names the person in one SMS: a long name is cut
 * at a word until it fits.
 */
static int
text_fit_name(const char *t, enum hlang lang, const char *a, const char *b,
    const char *c, char *out, size_t outlen)
{
	struct text_named	 v = { t, b, c, lang };
	char			 name[128];
	size_t			 n;

	n = infra_utf8_cut(a, strlen(a), sizeof(name) - 1);
	memcpy(name, a, n);
	name[n] = '\0';
	return (infra_sms_fit_arg(name, sizeof(name), lang, 0,
	    text_fill_named, &v, out, outlen));
}

/*
 * The template t with {a} {b} {c} {m} put in (infra_text_fill()); an
 * empty a, b or c reads "-".
 */
static int
text_fill(const char *t, enum hlang lang, const char *a, const char *b,
    const char *c, const char *m, char *out, size_t outlen)
{
	const char	*v[13] = { NULL };

	(void)lang;
	v[0] = *a != '\0' ? a : "-";
	v[1] = *b != '\0' ? b : "-";
	v[2] = *c != '\0' ? c : "-";
	v[12] = m;
	return (infra_text_fill(t, v, 13, out, outlen));
}

/*
 * Cuts a reply to USSD_SMS_PARTS_MAX parts, on a word boundary where one
 * is near; sets *coding (INFRA_SMS_GSM7 or INFRA_SMS_UCS2).  Invalid
 * UTF-8 becomes "?".  Returns the new length.
 */
size_t
ussd_reply_cap(char *text, size_t size, int *coding)
{
	struct infra_sms_count	cnt;
	size_t			len;

	len = strlen(text);
	if (!infra_utf8_valid(text, len)) {
		(void)snprintf(text, size, "?");
		len = strlen(text);
	}
	len = infra_sms_fit(text, len, USSD_SMS_PARTS_MAX);
	text[len] = '\0';
	if (infra_sms_count(text, len, &cnt) == -1)
		cnt.coding = INFRA_SMS_GSM7;
	*coding = cnt.coding;
	return (len);
}

/*
 * An outbox row as it goes (hunar_sender): its body, or the words of
 * key in lang_code when SQL queued a key (sms_outbox.text_key,
 * sms_about_ask()), after "For Ayesha: " in that language when it was
 * queued for a person on a shared number (for_name, sms_outbox_for()).
 * The body is never a template.  Returns the length of the whole, as
 * infra_text_fill() does, or -1 for a key this table does not have.
 */
int
ussd_outbox_text(const char *body, const char *key, const char *lang_code,
    const char *for_name, char *out, size_t outlen)
{
	enum hlang	 lang;
	const char	*t, *v[1];
	size_t		 o;
	int		 n;

	if (outlen == 0)
		return (-1);
	out[0] = '\0';
	lang = infra_lang_of_code(lang_code);
	if (key != NULL && *key != '\0') {
		if ((body = infra_text_find(text_tmpls, key, lang)) == NULL)
			return (-1);
	}
	o = 0;
	if (for_name != NULL && *for_name != '\0' &&
	    (t = ussd_seat_text("for", lang)) != NULL) {
		v[0] = for_name;
		n = infra_text_fill(t, v, 1, out, outlen);
		if ((size_t)n >= outlen)
			return (n);
		o = (size_t)n;
	}
	n = infra_text_fill(body != NULL ? body : "", NULL, 0, out + o,
	    outlen - o);
	return ((int)o + n);
}
