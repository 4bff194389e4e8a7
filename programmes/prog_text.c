/*
 * What the programmes domain says by SMS, in English, Roman Urdu and
 * Urdu script: the verbs it reads (HUB, IN, MENTOR, MYDATA, DELETE) and
 * the replies to prog_sms() rows.  Replies stay within two SMS parts
 * (the unit tests count them).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "programmes/programmes.h"

struct text_verb {
	const char	*word;		/* as ussd_text_norm() writes it */
	const char	*next;		/* a second word it needs, or NULL */
	const char	*verb;
};

static const struct text_verb	text_verbs[] = {
	{ "HUB", NULL, "HUB" }, { "HUBS", NULL, "HUB" },
	{ "MARKAZ", NULL, "HUB" }, { "MERKAZ", NULL, "HUB" },
	{ "CENTRE", NULL, "HUB" }, { "CENTER", NULL, "HUB" },
	{ "مرکز", NULL, "HUB" }, { "ہب", NULL, "HUB" },
	{ "IN", NULL, "IN" }, { "HAZIR", NULL, "IN" },
	{ "HAZRI", NULL, "IN" }, { "HAAZRI", NULL, "IN" },
	{ "حاضر", NULL, "IN" }, { "حاضری", NULL, "IN" },
	{ "MENTOR", NULL, "MENTOR" }, { "RAHNUMA", NULL, "MENTOR" },
	{ "RAHNUMAI", NULL, "MENTOR" }, { "رہنما", NULL, "MENTOR" },
	{ "رہنمائی", NULL, "MENTOR" },
	{ "MYDATA", NULL, "MYDATA" }, { "MY", "DATA", "MYDATA" },
	{ "MERA", "DATA", "MYDATA" }, { "میرا", "ڈیٹا", "MYDATA" },
	{ "DELETE", NULL, "DELETE" }, { "MITAO", NULL, "DELETE" },
	{ "MITAYEN", NULL, "DELETE" }, { "مٹائیں", NULL, "DELETE" },
	{ "مٹاؤ", NULL, "DELETE" }, { "حذف", NULL, "DELETE" },
	{ NULL, NULL, NULL }
};

/* Words that confirm DELETE. */
static const char	*text_yes[] = {
	"YES", "Y", "HAAN", "HAN", "JI", "JEE", "OK", "ہاں", "جی", NULL
};

/* The n-th word (from 0) of a normalised text into out; 0 when none. */
static int
text_word(const char *norm, int n, char *out, size_t outlen)
{
	const char	*p;
	size_t		 len;

	for (p = norm; n > 0 && *p != '\0'; n--) {
		p += strcspn(p, " ");
		p += strspn(p, " ");
	}
	len = strcspn(p, " ");
	if (len == 0 || len >= outlen)
		return (0);
	memcpy(out, p, len);
	out[len] = '\0';
	return (1);
}

/* The words after the first n, or "". */
static const char *
text_after(const char *norm, int n)
{
	const char	*p;

	for (p = norm; n > 0 && *p != '\0'; n--) {
		p += strcspn(p, " ");
		p += strspn(p, " ");
	}
	return (p);
}

/* A number of 1..maxlen digits, optionally after a letter (M27). */
static int
text_digits(const char *w, const char *skip, size_t maxlen)
{
	size_t	n;

	if (skip != NULL && *w != '\0' && strchr(skip, *w) != NULL)
		w++;
	n = strspn(w, "0123456789");
	return (n > 0 && n <= maxlen && w[n] == '\0');
}

/* The argument of each verb: what follows, checked. */
static void
text_arg(const char *verb, const char *norm, int used, char *arg,
    size_t alen)
{
	char	w[48];
	size_t	i;

	if (!text_word(norm, used, w, sizeof(w)))
		return;
	if (strcmp(verb, "HUB") == 0) {
		(void)snprintf(arg, alen, "%s", text_after(norm, used));
	} else if (strcmp(verb, "IN") == 0) {
		/* Anything else is kept as "?": the reply says the form. */
		(void)snprintf(arg, alen, "%s",
		    text_digits(w, NULL, 6) ? w : "?");
	} else if (strcmp(verb, "MENTOR") == 0) {
		(void)snprintf(arg, alen, "%s",
		    text_digits(w, "M", 9) ? w + (w[0] == 'M') : "?");
	} else if (strcmp(verb, "DELETE") == 0) {
		for (i = 0; text_yes[i] != NULL; i++)
			if (strcmp(w, text_yes[i]) == 0)
				(void)snprintf(arg, alen, "YES");
	}
}

/*
 * Whether a normalised SMS (ussd_text_norm()) is one of this domain's
 * verbs: HUB [district words], IN <code>, MENTOR [slot], MYDATA or
 * DELETE [YES].  arg: the district words, the digits, "?" for a code
 * that is no number, "YES" for a confirmed DELETE, else "".
 */
int
prog_sms_verb(const char *norm, char *verb, size_t vlen, char *arg,
    size_t alen)
{
	char	w0[48], w1[48];
	size_t	i;
	int	used;

	if (vlen > 0)
		verb[0] = '\0';
	if (alen > 0)
		arg[0] = '\0';
	if (!text_word(norm, 0, w0, sizeof(w0)))
		return (0);
	if (!text_word(norm, 1, w1, sizeof(w1)))
		w1[0] = '\0';
	for (i = 0; text_verbs[i].word != NULL; i++) {
		if (strcmp(w0, text_verbs[i].word) != 0)
			continue;
		if (text_verbs[i].next != NULL &&
		    strcmp(w1, text_verbs[i].next) != 0)
			continue;
		break;
	}
	if (text_verbs[i].word == NULL)
		return (0);
	used = text_verbs[i].next != NULL ? 2 : 1;
	(void)snprintf(verb, vlen, "%s", text_verbs[i].verb);
	text_arg(verb, norm, used, arg, alen);
	return (1);
}

/* Replies: {a}, {b}, {c} are the row's a, b, c. */
static const struct infra_text	text_replies[] = {
	{ "hubs", {
	    "Hubs near {b}: {a}",
	    "{b} ke qareeb markaz: {a}",
	    "{b} کے قریب مراکز: {a}" } },
	{ "hubs_none", {
	    "No hub near {a} yet. Send HUB and a district, e.g. HUB Swat.",
	    "{a} ke qareeb abhi koi markaz nahin. HUB aur zila bhejein, "
	    "maslan HUB Swat.",
	    "{a} کے قریب ابھی کوئی مرکز نہیں۔ HUB اور ضلع بھیجیں، مثلاً "
	    "HUB Swat" } },
	{ "hub_usage", {
	    "Send HUB and your district, e.g. HUB Peshawar.",
	    "HUB aur apna zila bhejein, maslan HUB Peshawar.",
	    "HUB اور اپنا ضلع بھیجیں، مثلاً HUB Peshawar" } },
	{ "in_ok", {
	    "Checked in at {b} for {a}. Lessons done: {c}.",
	    "{b} mein {a} ki hazri lag gayi. Sabaq mukammal: {c}.",
	    "{b} میں {a} کی حاضری لگ گئی۔ مکمل اسباق: {c}" } },
	{ "in_recorded", {
	    "Checked in at {b} for {a}.",
	    "{b} mein {a} ki hazri lag gayi.",
	    "{b} میں {a} کی حاضری لگ گئی۔" } },
	{ "in_passed", {
	    "Checked in at {b}. {a} complete! Certificate {c}, verify: "
	    "VERIFY {c}",
	    "{b} mein hazri lag gayi. {a} mukammal! Certificate {c}, "
	    "tasdeeq: VERIFY {c}",
	    "{b} میں حاضری لگ گئی۔ {a} مکمل! سرٹیفکیٹ {c}، VERIFY {c}" } },
	{ "in_already", {
	    "You are already checked in for {a} today.",
	    "Aaj {a} ki hazri pehle hi lag chuki hai.",
	    "آج {a} کی حاضری پہلے ہی لگ چکی ہے۔" } },
	{ "in_not_enrolled", {
	    "Checked in at {b}. To count it toward {a}, send ENROLL {a}.",
	    "{b} mein hazri lag gayi. {a} mein shumar ke liye ENROLL {a} "
	    "bhejein.",
	    "{b} میں حاضری لگ گئی۔ {a} میں شمار کے لیے ENROLL {a} "
	    "بھیجیں۔" } },
	{ "in_bad_code", {
	    "Code {a} is not open now. Check the code your trainer shows.",
	    "Code {a} abhi khula nahin. Trainer ka dikhaya code dekhein.",
	    "کوڈ {a} ابھی کھلا نہیں۔ ٹرینر کا دکھایا کوڈ دیکھیں۔" } },
	{ "in_usage", {
	    "Send IN and the code your trainer shows, e.g. IN 4821.",
	    "IN aur trainer ka dikhaya code bhejein, maslan IN 4821.",
	    "IN اور ٹرینر کا دکھایا کوڈ بھیجیں، مثلاً IN 4821" } },
	{ "in_limited", {
	    "Too many wrong codes. Try again in an hour.",
	    "Bohat ghalat code. Aik ghante baad koshish karein.",
	    "بہت غلط کوڈ۔ ایک گھنٹے بعد کوشش کریں۔" } },
	{ "mentor_slots", {
	    "Mentors free: {a}. Reply MENTOR and the number to book.",
	    "Rahnuma farigh: {a}. Book ke liye MENTOR aur number bhejein.",
	    "رہنما فارغ: {a}۔ بکنگ کے لیے MENTOR اور نمبر بھیجیں۔" } },
	{ "mentor_none", {
	    "No mentor slot is free near you this week. Try again later or "
	    "send HUB.",
	    "Is hafte aap ke qareeb koi rahnuma farigh nahin. Baad mein "
	    "koshish karein ya HUB bhejein.",
	    "اس ہفتے قریب کوئی رہنما فارغ نہیں۔ بعد میں کوشش کریں یا HUB "
	    "بھیجیں۔" } },
	{ "mentor_booked", {
	    "Booked: {b} at {c} on {a}. You both get a reminder by SMS.",
	    "Book ho gaya: {b}, {c}, {a}. Dono ko SMS yaad-dihani milegi.",
	    "بک ہو گیا: {b}، {c}، {a}۔ دونوں کو SMS یاد دہانی ملے گی۔" } },
	{ "mentor_taken", {
	    "Slot {a} is taken or gone. Send MENTOR for free slots.",
	    "Slot {a} le liya gaya. Farigh slots ke liye MENTOR bhejein.",
	    "سلاٹ {a} لے لیا گیا۔ فارغ سلاٹس کے لیے MENTOR بھیجیں۔" } },
	{ "mentor_already", {
	    "You already have a mentor booking on {a} with {b}.",
	    "Aap ki {a} ko {b} ke saath booking pehle se hai.",
	    "آپ کی {a} کو {b} کے ساتھ بکنگ پہلے سے ہے۔" } },
	{ "mydata", {
	    "Hunar holds: {a}. Courses: {b}. Also: {c}. Send DELETE to "
	    "erase it.",
	    "Hunar ke paas: {a}. Courses: {b}. Mazeed: {c}. Mitane ke "
	    "liye DELETE bhejein.",
	    "ہنر کے پاس: {a}۔ کورس: {b}۔ مزید: {c}۔ مٹانے کے لیے DELETE "
	    "بھیجیں۔" } },
	{ "delete_confirm", {
	    "This erases your name, courses, certificates and applications "
	    "for good. Reply DELETE YES to go ahead.",
	    "Is se aap ka naam, courses, certificate aur darkhwastein hamesha "
	    "ke liye mit jayengi. Jari rakhne ke liye DELETE YES bhejein.",
	    "اس سے آپ کا نام، کورس، سرٹیفکیٹ اور درخواستیں ہمیشہ کے لیے مٹ "
	    "جائیں گی۔ جاری رکھنے کے لیے DELETE YES بھیجیں۔" } },
	{ "deleted", {
	    "Done: Hunar no longer holds your data. Send JOIN to start again.",
	    "Ho gaya: Hunar ke paas ab aap ka data nahin. Dobara: JOIN.",
	    "ہو گیا: ہنر کے پاس اب آپ کا ڈیٹا نہیں۔ دوبارہ: JOIN" } },
	{ "delete_staff", {
	    "This number owns courses or gigs: ask Hunar's admin to erase it.",
	    "Is number ke courses ya gigs hain: mitane ke liye Hunar admin se "
	    "kahein.",
	    "اس نمبر کے کورس یا کام ہیں: مٹانے کے لیے ہنر ایڈمن سے کہیں۔" } },
	{ "unregistered", {
	    "Please register first: send JOIN your name and district.",
	    "Pehle register karein: JOIN naam zila bhejein.",
	    "پہلے رجسٹر کریں: JOIN نام ضلع بھیجیں۔" } },
	{ "nothing_held", {
	    "Hunar holds nothing about this number.",
	    "Hunar ke paas is number ka koi data nahin.",
	    "ہنر کے پاس اس نمبر کا کوئی ڈیٹا نہیں۔" } },
	{ NULL, { NULL, NULL, NULL } }
};


/* Words inside a hub line, per language. */
static const char	*text_women_only[HLANG_COUNT] = {
	"women only", "sirf khawateen", "صرف خواتین"
};
static const char	*text_women_hours[HLANG_COUNT] = {
	"women", "khawateen", "خواتین"
};

/*
 * The hub lines prog_sms() gives ("name|address|hours|phone|W" per hub,
 * one a line; W is "", "W" for women only or "W:<hours>") as one
 * readable list.
 */
static void
text_hubs(const char *a, enum hlang lang, int max, char *out, size_t outlen)
{
	const char	*p, *e, *cm;
	char		 line[256], *f[5], *s, hours[128];
	char		 women[128] = "W:";
	size_t		 o, n;
	int		 i, w;

	o = 0;
	out[0] = '\0';
	for (p = a; *p != '\0' && o + 1 < outlen && max > 0;
	    p = *e ? e + 1 : e) {
		e = p + strcspn(p, "\n");
		n = (size_t)(e - p) < sizeof(line) ? (size_t)(e - p) :
		    sizeof(line) - 1;
		memcpy(line, p, n);
		line[n] = '\0';
		s = line;
		for (i = 0; i < 5; i++)
			f[i] = strsep(&s, "|");
		if (f[0] == NULL || f[0][0] == '\0')
			continue;
		for (i = 1; i < 5; i++)
			if (f[i] == NULL)
				f[i] = (char *)"";
		infra_hours(f[2], lang, hours, sizeof(hours));
		f[2] = hours;
		if (f[4][0] == 'W' && f[4][1] == ':') {
			infra_hours(f[4] + 2, lang, women + 2,
			    sizeof(women) - 2);
			f[4] = women;
		}
		cm = infra_comma(lang);
		if (f[4][0] != 'W')
			w = snprintf(out + o, outlen - o, "%s%s%s%s%s%s%s%s",
			    o ? infra_semicolon(lang) : "", f[0], cm, f[1], cm,
			    f[2], cm, f[3]);
		else
			w = snprintf(out + o, outlen - o,
			    "%s%s%s%s%s%s%s%s (%s%s%s)",
			    o ? infra_semicolon(lang) : "", f[0], cm, f[1], cm,
			    f[2], cm, f[3], f[4][1] == ':' ?
			    text_women_hours[lang] : text_women_only[lang],
			    f[4][1] == ':' ? " " : "",
			    f[4][1] == ':' ? f[4] + 2 : "");
		if (w < 0 || (size_t)w >= outlen - o) {
			out[o] = '\0';
			break;
		}
		o += (size_t)w;
		max--;
	}
}

/* Where sep last occurs in s, or NULL. */
static char *
text_last(char *s, const char *sep)
{
	char	*p, *last = NULL;

	for (p = s; (p = strstr(p, sep)) != NULL; p++)
		last = p;
	return (last);
}

/*
 * Free mentor slots, as many as fit two parts with the words that say
 * how to book (the first one always).  In Urdu three slots with their
 * English hub names came to ~200 UCS-2 characters: the reply was cut at
 * two parts, mid-name, and the learner never read how to book.
 */
static int
prog_reply_slots(const char *fmt, enum hlang lang, const char *a,
    char *out, size_t outlen)
{
	struct infra_sms_count	 cnt;
	char			 slots[480], *cut;
	const char		*v[1] = { slots };
	int			 n;

	/* SQL joins the slots with ", " and "; ": lang's own. */
	(void)snprintf(slots, sizeof(slots), "%s", a);
	(void)infra_list_local(slots, sizeof(slots), lang);
	for (;;) {
		n = infra_text_fill(fmt, v, 1, out, outlen);
		if (n < 0 || (infra_sms_count(out, strlen(out), &cnt) == 0 &&
		    cnt.parts <= 2))
			break;
		if ((cut = text_last(slots, infra_semicolon(lang))) == NULL)
			break;
		*cut = '\0';
	}
	return (n);
}

/*
 * The SMS reply to one prog_sms() row.  Returns the length, or -1 for a
 * status this domain does not know.
 */
int
prog_reply(const char *status, const char *lang_code, const char *a,
    const char *b, const char *c, char *out, size_t outlen)
{
	struct infra_sms_count	 cnt;
	enum hlang		 lang;
	const char		*fmt, *v[3];
	char			 hubs[480];
	int			 max, n;

	lang = infra_lang_parse(lang_code != NULL ? lang_code : "en");
	v[0] = a = a != NULL ? a : "";
	v[1] = b = b != NULL ? b : "";
	v[2] = c = c != NULL ? c : "";
	if (outlen > 0)
		out[0] = '\0';
	if ((fmt = infra_text_find(text_replies, status, lang)) == NULL)
		return (-1);
	if (strcmp(status, "mydata") == 0)
		return (prog_mydata_reply(fmt, lang, a, b, c, out, outlen));
	if (strcmp(status, "mentor_slots") == 0)
		return (prog_reply_slots(fmt, lang, a, out, outlen));
	if (strcmp(status, "hubs") != 0)
		return (infra_text_fill(fmt, v, 3, out, outlen));
	/* As many hubs as fit two parts, the nearest first; at least one. */
	for (max = 3; max > 0; max--) {
		text_hubs(a, lang, max, hubs, sizeof(hubs));
		v[0] = hubs;
		n = infra_text_fill(fmt, v, 3, out, outlen);
		if (max == 1 || (infra_sms_count(out, strlen(out), &cnt) == 0 &&
		    cnt.parts <= 2))
			break;
	}
	return (n);
}

/* The mentor reminder each side gets: {a} the other, {b} hub, {c} when. */
static const char	*text_remind[2][HLANG_COUNT] = {
	{ "Hunar reminder: mentor {a} meets you at {b} on {c}.",
	  "Hunar yaad-dihani: rahnuma {a} aap se {b} mein {c} ko milenge.",
	  "ہنر یاد دہانی: رہنما {a} آپ سے {b} میں {c} کو ملیں گے۔" },
	{ "Hunar reminder: {a} booked you at {b} on {c}. Mark it held "
	  "on the hub page.",
	  "Hunar yaad-dihani: {a} ne aap ko {b} mein {c} ke liye book kiya.",
	  "ہنر یاد دہانی: {a} نے آپ کو {b} میں {c} کے لیے بک کیا۔" }
};

/*
 * A mentor booking's reminder, for the learner (mentor = 0) or the
 * mentor (1), in lang_code.  Returns the length.
 */
int
prog_reminder(int mentor, const char *lang_code, const char *other,
    const char *hub, const char *when, char *out, size_t outlen)
{
	enum hlang	 lang;
	const char	*v[3];

	lang = infra_lang_parse(lang_code != NULL ? lang_code : "en");
	v[0] = other != NULL ? other : "";
	v[1] = hub != NULL ? hub : "";
	v[2] = when != NULL ? when : "";
	return (infra_text_fill(text_remind[mentor != 0][lang], v, 3, out,
	    outlen));
}
