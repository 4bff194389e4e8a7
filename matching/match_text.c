/*
 * What matching says, in English, Roman Urdu and Urdu script: the offer
 * SMS, the answers to YES and NO, and skill-gap advice (SMS GAP and the
 * /gap pages).  SQL gives the data (match_offer_card(), match_sms(),
 * skill_gap()); the words are here, in the one text mechanism
 * (infra_text_find(), infra_text_fill()).
 */
#include <stdio.h>
#include <string.h>

#include "infra/infra.h"
#include "matching/matching.h"

static const struct infra_text	match_texts[] = {
	/*
	 * The offer: what the work is ({a}, {b} its code), what it pays
	 * ({c}), where ({d}), who offers it ({e}) and how to answer -- a
	 * decision the person can make from the SMS alone.
	 */
	{ "offer", {
	    "Hunar offer: {a} ({b}), Rs {c}, {d}, from {e}. Reply YES {b} "
	    "to accept or NO {b}. Your number is shared only after YES.",
	    "Hunar offer: {a} ({b}), Rs {c}, {d}, {e} ki taraf se. Qubool: "
	    "YES {b}, inkaar: NO {b}. Number sirf YES ke baad diya jaye ga.",
	    "ہنر پیشکش: {a} ({b})، {c} روپے، {d}، {e}۔ قبول: YES {b}، "
	    "انکار: NO {b}۔" } },
	{ "remote", { "remote", "remote", "ریموٹ" } },
	/* YES and NO: {a} who offered, {b} the gig. */
	{ "offer_yes", {
	    "Hunar: you accepted gig {b}. {a} can now see your number and "
	    "will contact you.",
	    "Hunar: aap ne gig {b} qubool kar liya. {a} ab aap ka number "
	    "dekh sakta hai aur rabta kare ga.",
	    "ہنر: آپ نے گِگ {b} قبول کر لیا۔ {a} اب آپ کا نمبر دیکھ سکتا "
	    "ہے اور رابطہ کرے گا۔" } },
	{ "offer_no", {
	    "Hunar: you declined gig {b}. Your number stays private.",
	    "Hunar: aap ne gig {b} se inkaar kar diya. Aap ka number raaz "
	    "rahe ga.",
	    "ہنر: آپ نے گِگ {b} سے انکار کر دیا۔ آپ کا نمبر پوشیدہ رہے "
	    "گا۔" } },
	{ "offer_none", {
	    "Hunar: you have no open offer.",
	    "Hunar: aap ke liye koi khuli offer nahi.",
	    "ہنر: آپ کے لیے کوئی کھلی پیشکش نہیں۔" } },
	{ "offer_none_for", {
	    "Hunar: you have no open offer for {b}.",
	    "Hunar: aap ke liye koi khuli offer nahi ({b}).",
	    "ہنر: آپ کے لیے کوئی کھلی پیشکش نہیں ({b})۔" } },
	/* GAP: {a} the skill (and its course), {b} the gig. */
	{ "gap_advice", {
	    "Hunar: learn {a} to rise most.",
	    "Hunar: {a} seekhein, is se sab se zyada faida.",
	    "ہنر: {a} سیکھیں، اس سے سب سے زیادہ فائدہ۔" } },
	{ "gap_advice_for", {
	    "Hunar: learn {a} to rise most for {b}.",
	    "Hunar: {a} seekhein, is se {b} ke liye sab se zyada faida.",
	    "ہنر: {a} سیکھیں، اس سے {b} کے لیے سب سے زیادہ فائدہ۔" } },
	/* Nothing missing: {a} the gig. */
	{ "gap_none", {
	    "You have every skill {a} asks for. Send APPLY {a}.",
	    "{a} ke liye aap ke paas sab hunar hain. APPLY {a} bhejein.",
	    "{a} کے لیے آپ کے پاس سب ہنر ہیں۔ APPLY {a} بھیجیں۔" } },
	{ "gap_near_none", {
	    "You have the skills open gigs near you ask for. Send GIGS.",
	    "Qareeb ke kaam ke sab hunar aap ke paas hain. GIGS bhejein.",
	    "قریب کے کام کے سب ہنر آپ کے پاس ہیں۔ GIGS بھیجیں۔" } },
	{ NULL, { NULL, NULL, NULL } }
};

/* Whether the code point is one PostgreSQL's \s matches (C.UTF-8). */
static int
text_space(uint32_t cp)
{
	return ((cp >= 0x09 && cp <= 0x0d) || cp == 0x20 || cp == 0x1680 ||
	    (cp >= 0x2000 && cp <= 0x200a && cp != 0x2007) || cp == 0x2028 ||
	    cp == 0x2029 || cp == 0x205f || cp == 0x3000);
}

/*
 * A title or a name cut to at most max characters, the ellipsis
 * included ("…" in Urdu script, "..." in GSM-7 texts, where "…" would
 * make the SMS UCS-2): its white space made single spaces, then, when it
 * is too long, its first max - ellipsis characters without their last
 * word (even a whole one) and the separators before it.
 */
static void
text_cut(const char *in, size_t max, enum hlang lang, char *out,
    size_t outlen)
{
	const char	*ell = lang == HLANG_UR ? "…" : "...";
	size_t		 el = lang == HLANG_UR ? 1 : 3;
	size_t		 len, o, off, chars, keep, k, end;
	uint32_t	 cp;
	int		 n, sp;

	if (outlen == 0)
		return;
	len = strlen(in);
	/* White space to single spaces, none at either end. */
	for (o = 0, off = 0, sp = 0, chars = 0; off < len; off += (size_t)n) {
		if ((n = infra_utf8_next((const unsigned char *)in + off,
		    len - off, &cp)) <= 0)
			break;
		if (text_space(cp)) {
			sp = o > 0;
			continue;
		}
		if (o + (size_t)n + (sp ? 1 : 0) + 1 > outlen)
			break;
		if (sp) {
			out[o++] = ' ';
			chars++;
			sp = 0;
		}
		memcpy(out + o, in + off, (size_t)n);
		o += (size_t)n;
		chars++;
	}
	out[o] = '\0';
	if (chars <= max)
		return;
	keep = max > el ? max - el : 0;
	/* The byte offset after keep characters. */
	for (end = 0, chars = 0; chars < keep && end < o; chars++)
		end += (size_t)infra_utf8_next((const unsigned char *)out + end,
		    o - end, &cp);
	/* Without its last word and the separators before it. */
	for (k = end; k > 0 && out[k - 1] != ' '; k--)
		;
	if (k > 0) {
		while (k > 0 && strchr(" ,;:-", out[k - 1]) != NULL)
			k--;
		if (k > 0)
			end = k;
	}
	if (end + strlen(ell) + 1 > outlen)
		end = infra_utf8_cut(out, end, outlen - strlen(ell) - 1);
	memcpy(out + end, ell, strlen(ell) + 1);
}

/* The text of key in lang with a .. e put in. */
static int
text_put(const char *key, enum hlang lang, const char *a, const char *b,
    const char *c, const char *d, const char *e, char *out, size_t outlen)
{
	const char	*v[5] = { a, b, c, d, e };
	const char	*t;

	if ((t = infra_text_find(match_texts, key, lang)) == NULL) {
		if (outlen > 0)
			out[0] = '\0';
		return (-1);
	}
	return (infra_text_fill(t, v, 5, out, outlen));
}

/*
 * The offer SMS of a match_offer_card() row, in the trainee's language
 * (lang_code): the title cut to 60 characters and the employer to 40
 * (30 and 24 in Urdu script, whose SMS holds 70 characters, not 160).
 * Returns the length.
 */
int
match_offer_sms(const char *lang_code, const char *org, const char *code,
    const char *title, const char *pay, int remote, const char *place,
    char *out, size_t outlen)
{
	enum hlang	 lang;
	char		 t[512], o[512];

	lang = infra_lang_of_code(lang_code);
	text_cut(title, lang == HLANG_UR ? 30 : 60, lang, t, sizeof(t));
	text_cut(org, lang == HLANG_UR ? 24 : 40, lang, o, sizeof(o));
	if (remote)
		place = infra_text_find(match_texts, "remote", lang);
	return (text_put("offer", lang, t, code, pay, place, o, out, outlen));
}

/*
 * Skill-gap advice from the first skill_gap() row: the skill (in the
 * row's language: skill_ur in Urdu script), the course teaching most of
 * what is missing ("" for none) and the gig ("" for the open gigs near
 * the person).  Returns the length.
 */
int
match_gap_advice(const char *lang_code, const char *skill,
    const char *skill_ur, const char *course, const char *gig, char *out,
    size_t outlen)
{
	enum hlang	 lang;
	char		 a[320];

	lang = infra_lang_of_code(lang_code);
	(void)snprintf(a, sizeof(a), "%s%s%s%s", lang == HLANG_UR ?
	    skill_ur : skill, *course != '\0' ? " (" : "", course,
	    *course != '\0' ? ")" : "");
	return (text_put(*gig != '\0' ? "gap_advice_for" : "gap_advice", lang,
	    a, gig, NULL, NULL, NULL, out, outlen));
}

/*
 * The SMS reply to a match_sms() row (status, lang, a, b, c).  Returns
 * the length, or -1 for a status this module does not word (the
 * channel's own, such as apply_no_gig).
 */
int
match_reply(const char *status, const char *lang_code, const char *a,
    const char *b, const char *c, char *out, size_t outlen)
{
	enum hlang	 lang;

	if (status == NULL || outlen == 0)
		return (-1);
	lang = infra_lang_of_code(lang_code);
	a = a != NULL ? a : "";
	b = b != NULL ? b : "";
	c = c != NULL ? c : "";
	if (strcmp(status, "gap_advice") == 0)
		return (match_gap_advice(lang_code, a, a, b, c, out, outlen));
	if (strcmp(status, "offer_none") == 0 && *b != '\0')
		status = "offer_none_for";
	return (text_put(status, lang, a, b, c, NULL, NULL, out, outlen));
}
