/*
 * The USSD screens' words in English, Roman Urdu and Urdu script.
 *
 * A screen is 182 GSM-7 characters, or 80 once one Urdu letter makes it
 * UCS-2: the Urdu-script texts are therefore terse, and lists page by
 * what fits (ussd_menu.c), not by a fixed count.  Formats take their
 * arguments by position ({a}) so a language may reorder them.
 */
#include <stddef.h>
#include <string.h>

#include "ussd/ussd.h"

static const char *const menu_text[USSD_T_COUNT][HLANG_COUNT] = {
	[USSD_T_WELCOME_LANG] = {
	    "Hunar: choose language\n1 English\n2 Roman Urdu\n"
	    "3 اردو",
	    "Hunar: zaban chunein\n1 English\n2 Roman Urdu\n"
	    "3 اردو",
	    "ہنر: زبان چنیں\n1 English\n2 Roman Urdu\n3 اردو" },
	[USSD_T_ASK_NAME] = {
	    "Your name?",
	    "Apna naam likhein?",
	    "اپنا نام لکھیں؟" },
	[USSD_T_ASK_PROV] = {
	    "Your province?",
	    "Apna sooba?",
	    "آپ کا صوبہ؟" },
	[USSD_T_ASK_DIST] = {
	    "Your district?",
	    "Apna zila?",
	    "آپ کا ضلع؟" },
	[USSD_T_REGISTERED] = {
	    "Registered, {a}!",
	    "Register ho gaye, {a}!",
	    "رجسٹر ہو گئے، {a}!" },
	[USSD_T_MAIN] = {
	    "Hunar\n1 Courses\n2 Gigs\n3 My status\n4 Offers\n5 Language\n"
	    "6 Help\n7 Hubs near me\n0 Exit",
	    "Hunar\n1 Courses\n2 Kaam (gigs)\n3 Meri halat\n4 Offers\n"
	    "5 Zaban\n6 Madad\n7 Qareebi markaz\n0 Khatam",
	    "ہنر\n1 کورس\n2 کام\n3 حالت\n4 پیشکش\n5 زبان\n6 مدد\n7 مرکز\n"
	    "0 ختم" },
	[USSD_T_COURSES] = {
	    "Courses:",
	    "Courses:",
	    "کورس:" },
	[USSD_T_NO_COURSES] = {
	    "No courses open now.",
	    "Abhi koi course nahin.",
	    "ابھی کوئی کورس نہیں۔" },
	[USSD_T_COURSE] = {
	    "{a} {b}\n{c}, starts {d}",
	    "{a} {b}\n{c}, shuru {d}",
	    "{a} {b}\n{c}، آغاز {d}" },
	[USSD_T_ENROLL_OPT] = {
	    "1 Enroll",
	    "1 Dakhla lein",
	    "1 داخلہ لیں" },
	[USSD_T_GIGS] = {
	    "Gigs:",
	    "Kaam:",
	    "کام:" },
	[USSD_T_NO_GIGS] = {
	    "No open gigs now.",
	    "Abhi koi kaam nahin.",
	    "ابھی کوئی کام نہیں۔" },
	[USSD_T_GIG] = {
	    "{a} {b}\nPKR {c}, {d}",
	    "{a} {b}\nRs {c}, {d}",
	    "{a} {b}\nروپے {c}، {d}" },
	[USSD_T_APPLY_OPT] = {
	    "1 Apply",
	    "1 Apply karein",
	    "1 درخواست دیں" },
	[USSD_T_OFFERS] = {
	    "Offers:",
	    "Offers:",
	    "پیشکش:" },
	[USSD_T_NO_OFFERS] = {
	    "No offers for you now.",
	    "Abhi aap ke liye koi offer nahin.",
	    "ابھی کوئی پیشکش نہیں۔" },
	[USSD_T_OFFER] = {
	    "Offer: {a} {b}\nPKR {c}",
	    "Offer: {a} {b}\nRs {c}",
	    "پیشکش: {a} {b}\nروپے {c}" },
	[USSD_T_OFFER_OPT] = {
	    "1 YES, accept\n2 NO, decline",
	    "1 HAAN, qabool\n2 NAHIN",
	    "1 ہاں، قبول\n2 نہیں" },
	[USSD_T_LANG] = {
	    "Language\n1 English\n2 Roman Urdu\n"
	    "3 اردو",
	    "Zaban\n1 English\n2 Roman Urdu\n3 اردو",
	    "زبان\n1 English\n2 Roman Urdu\n3 اردو" },
	[USSD_T_LANG_SET] = {
	    "Language: English.",
	    "Zaban: Roman Urdu.",
	    "زبان: اردو۔" },
	[USSD_T_HELP] = {
	    "Hunar helps you learn skills and find work. Dial again for "
	    "this menu, or SMS HELP to 8282 for commands (JOIN, COURSES, "
	    "ENROLL, GIGS, APPLY, STATUS).",
	    "Hunar se hunar seekhein aur kaam dhoondein. Menu ke liye "
	    "dobara dial karein, ya HELP likh kar 8282 par SMS karein.",
	    "ہنر: مینو کے لیے دوبارہ ڈائل کریں، یا HELP لکھ کر 8282 پر "
	    "SMS کریں۔" },
	[USSD_T_BYE] = {
	    "Thank you for using Hunar. Goodbye!",
	    "Hunar istemal karne ka shukriya. Khuda hafiz!",
	    "ہنر استعمال کرنے کا شکریہ۔ خدا حافظ!" },
	[USSD_T_MORE] = {
	    "98 More",
	    "98 Aur",
	    "98 مزید" },
	[USSD_T_BACK] = {
	    "0 Back",
	    "0 Wapas",
	    "0 واپس" },
	[USSD_T_GONE] = {
	    "That is no longer available.",
	    "Yeh ab dastiyab nahin.",
	    "یہ اب دستیاب نہیں۔" },
	[USSD_T_STATUS_HEAD] = {
	    "Your status:",
	    "Aap ki halat:",
	    "آپ کی حالت:" },
	[USSD_T_STATUS_NONE] = {
	    "No courses or applications yet: enroll or apply from the "
	    "menu.",
	    "Abhi koi course ya application nahin: menu se dakhla lein ya "
	    "apply karein.",
	    "ابھی کوئی کورس یا درخواست نہیں۔" },
	[USSD_T_ENR_OK] = {
	    "Enrolled in {a} {b}. Lessons come by SMS.",
	    "{a} {b} mein dakhla ho gaya. Sabaq SMS se aayenge.",
	    "{a} {b} میں داخلہ ہو گیا۔" },
	[USSD_T_ENR_WEB] = {
	    "Enrolled in {a} {b}. This course runs online: open hunar.pk.",
	    "{a} {b} mein dakhla ho gaya. Yeh course online hai: hunar.pk "
	    "kholein.",
	    "{a} {b} میں داخلہ ہو گیا۔ یہ کورس آن لائن ہے: hunar.pk" },
	[USSD_T_ENR_CENTRE] = {
	    "Enrolled in {a} {b}. Classes are at a centre in {c}, not by "
	    "SMS.",
	    "{a} {b} mein dakhla ho gaya. Classes {c} ke markaz mein "
	    "hongi, SMS par nahi.",
	    "{a} {b} میں داخلہ ہو گیا۔ کلاسیں {c} کے مرکز میں، SMS پر "
	    "نہیں۔" },
	[USSD_T_ENR_WAIT] = {
	    "{a} {b} is full: you are on the waitlist, place {c}.",
	    "{a} {b} bhar gaya: aap waitlist par {c} number par hain.",
	    "{a} {b} بھر گیا: انتظار فہرست میں نمبر {c}۔" },
	[USSD_T_ENR_ALREADY] = {
	    "You are already enrolled in {a} {b}. Nothing changed.",
	    "Aap pehle se {a} {b} mein hain. Kuch nahin badla.",
	    "آپ پہلے سے {a} میں ہیں۔ کچھ نہیں بدلا۔" },
	[USSD_T_ENR_NO] = {
	    "Course {a} is not open. Nothing changed.",
	    "Course {a} khula nahin. Kuch nahin badla.",
	    "کورس {a} کھلا نہیں۔ کچھ نہیں بدلا۔" },
	[USSD_T_ENR_NOT_ALLOWED] = {
	    "Only trainees can enroll or apply. Nothing changed.",
	    "Sirf trainee dakhla ya apply kar sakte hain. Kuch nahin "
	    "badla.",
	    "صرف طالب علم داخلہ یا درخواست دے سکتے ہیں۔" },
	[USSD_T_APP_OK] = {
	    "Applied for {a} {b}. The employer will see it.",
	    "{a} {b} ke liye apply ho gaya.",
	    "{a} {b} کے لیے درخواست ہو گئی۔" },
	[USSD_T_APP_ALREADY] = {
	    "You already applied for {a} {b}. Nothing changed.",
	    "Aap {a} {b} ke liye pehle apply kar chuke. Kuch nahin "
	    "badla.",
	    "آپ {a} کے لیے پہلے درخواست دے چکے۔" },
	[USSD_T_APP_CLOSED] = {
	    "Gig {a} is closed. Nothing changed.",
	    "Kaam {a} band ho chuka. Kuch nahin badla.",
	    "کام {a} بند ہے۔ کچھ نہیں بدلا۔" },
	[USSD_T_APP_NOT_ALLOWED] = {
	    "Only trainees can apply. Nothing changed.",
	    "Sirf trainee apply kar sakte hain. Kuch nahin badla.",
	    "صرف طالب علم درخواست دے سکتے ہیں۔" },
	[USSD_T_ANS_YES] = {
	    "You accepted {a} {b}. Employer: {c}. They will call you.",
	    "Aap ne {a} {b} qabool kiya. Employer: {c}.",
	    "آپ نے {a} قبول کیا۔ رابطہ: {c}" },
	[USSD_T_ANS_NO] = {
	    "You declined {a} {b}. The employer is told.",
	    "Aap ne {a} {b} se inkar kiya. Employer ko bata diya.",
	    "آپ نے {a} سے انکار کیا۔" },
	[USSD_T_ANS_GONE] = {
	    "That offer is no longer open. Nothing changed.",
	    "Yeh offer ab khula nahin. Kuch nahin badla.",
	    "یہ پیشکش اب کھلی نہیں۔ کچھ نہیں بدلا۔" },
	[USSD_T_RECAP_ENR] = {
	    "Hunar: you enrolled in {a} {b} by USSD. Lessons come by "
	    "SMS. Reply NEXT for the next lesson, LEAVE {a} to leave.",
	    "Hunar: aap ne USSD se {a} {b} mein dakhla liya. Sabaq SMS "
	    "se aayenge. Agla sabaq: NEXT. Chhorna: LEAVE {a}.",
	    "ہنر: آپ نے USSD سے {a} {b} میں داخلہ لیا۔ اسباق SMS سے "
	    "آئیں گے۔ چھوڑنے کے لیے LEAVE {a}" },
	[USSD_T_RECAP_WAIT] = {
	    "Hunar: {a} {b} is full; by USSD you joined its waitlist, "
	    "place {c}. We will SMS you when a seat opens.",
	    "Hunar: {a} {b} bhar gaya; aap waitlist par {c} number par "
	    "hain. Seat khulne par SMS aayega.",
	    "ہنر: {a} {b} بھر گیا؛ آپ انتظار فہرست میں نمبر {c} پر ہیں۔" },
	[USSD_T_RECAP_APP] = {
	    "Hunar: you applied by USSD for {a} {b}. The employer "
	    "decides; an offer comes by SMS. Reply STATUS to check.",
	    "Hunar: aap ne USSD se {a} {b} ke liye apply kiya. Offer SMS "
	    "se aayega. Halat: STATUS.",
	    "ہنر: آپ نے USSD سے {a} {b} کے لیے درخواست دی۔ پیشکش SMS "
	    "سے آئے گی۔" },
	[USSD_T_HINT_CHOICE] = {
	    "Wrong choice, try again.",
	    "Ghalat number, dobara.",
	    "غلط انتخاب، دوبارہ۔" },
	[USSD_T_HINT_NAME] = {
	    "Name: 2-40 letters, please.",
	    "Naam: 2-40 huroof likhein.",
	    "نام: 2 سے 40 حروف۔" },
	[USSD_T_HINT_LONG] = {
	    "Too long, try again.",
	    "Bohat lamba, dobara.",
	    "بہت لمبا، دوبارہ۔" },
	[USSD_T_HINT_RESUMED] = {
	    "Welcome back.",
	    "Wapsi mubarak.",
	    "دوبارہ خوش آمدید۔" },
	[USSD_T_HINT_FAILED] = {
	    "Sorry, please try again.",
	    "Maazrat, dobara koshish karein.",
	    "معذرت، دوبارہ کوشش کریں۔" },
	[USSD_T_ENDED] = {
	    "This session has ended. Dial again to start.",
	    "Yeh session khatam. Dobara dial karein.",
	    "سیشن ختم۔ دوبارہ ڈائل کریں۔" },
	[USSD_T_ASK_GENDER] = {
	    "Optional, for statistics only:\n1 Woman\n2 Man\n3 Skip",
	    "Ikhtiyari, sirf shumar ke liye:\n1 Aurat\n2 Mard\n3 Chhorein",
	    "اختیاری، صرف شمار کے لیے:\n1 عورت\n2 مرد\n3 چھوڑیں" },
	[USSD_T_ASK_AGE] = {
	    "Your age (optional):\n1 Under 18\n2 18-24\n3 25-34\n4 35 or "
	    "more\n5 Skip",
	    "Umar (ikhtiyari):\n1 18 se kam\n2 18-24\n3 25-34\n4 35 ya "
	    "zyada\n5 Chhorein",
	    "عمر (اختیاری):\n1 18 سے کم\n2 18-24\n3 25-34\n4 35+\n5 "
	    "چھوڑیں" },
	[USSD_T_RECAP_NOW] = {
	    "A recap SMS follows.",
	    "Tafseel SMS mein.",
	    "تفصیل SMS میں۔" },
	[USSD_T_RECAP_LATER] = {
	    "A recap SMS comes by 8 am.",
	    "Tafseel SMS subah 8 baje tak.",
	    "تفصیل SMS صبح 8 بجے تک۔" },
	/* Shared phones (issue 14): who is this, then their PIN. */
	[USSD_T_WHO] = {
	    "Who is this?",
	    "Aap kaun hain?",
	    "آپ کون ہیں؟" },
	[USSD_T_ASK_PIN] = {
	    "Your 4-digit PIN?\n0 Back",
	    "Apna 4 hindson ka PIN?\n0 Wapas",
	    "اپنا 4 ہندسوں کا PIN؟\n0 واپس" },
	[USSD_T_HELLO] = {
	    "Hello, {a}!",
	    "Salam, {a}!",
	    "سلام، {a}!" },
	[USSD_T_HINT_PIN] = {
	    "Wrong PIN, try again.",
	    "Ghalat PIN, dobara.",
	    "غلط PIN، دوبارہ۔" },
	[USSD_T_PIN_LOCKED] = {
	    "Too many wrong PINs on this phone. Try again in 15 minutes.",
	    "Is phone se bohat ghalat PIN. 15 minute baad dobara.",
	    "بہت زیادہ غلط PIN۔ 15 منٹ بعد دوبارہ کوشش کریں۔" },
	[USSD_T_ASK_NEW_NAME] = {
	    "Name of the new person?\n0 Back",
	    "Naye shakhs ka naam?\n0 Wapas",
	    "نئے شخص کا نام؟\n0 واپس" },
	[USSD_T_ADD_FAILED] = {
	    "Not added: that name is on this phone already, or it has 9 "
	    "people.",
	    "Nahi jora: yeh naam pehle se hai, ya phone par 9 log hain.",
	    "نہیں جوڑا: یہ نام پہلے سے ہے یا فون پر 9 لوگ ہیں۔" },
	[USSD_T_HUBS_HEAD] = {
	    "Hubs near you:",
	    "Aap ke qareeb markaz:",
	    "آپ کے قریب مرکز:" },
	[USSD_T_HUBS_NONE] = {
	    "No hub near you yet. SMS HUB and a district to 8282.",
	    "Abhi qareeb koi markaz nahin. HUB aur zila 8282 par SMS karein.",
	    "ابھی قریب کوئی مرکز نہیں۔ HUB اور ضلع 8282 پر بھیجیں۔" },
	[USSD_T_HUBS_WOMEN] = {
	    "women only",
	    "sirf khawateen",
	    "صرف خواتین" },
};

const char *
ussd_menu_text(enum ussd_txt t, int lang)
{
	if ((int)t < 0 || t >= USSD_T_COUNT)
		return ("");
	if (lang < 0 || lang >= HLANG_COUNT)
		lang = HLANG_EN;
	return (menu_text[t][lang] != NULL ? menu_text[t][lang] : "");
}

/* Words the database hands over as codes: course modes, statuses. */
static const struct {
	const char	*code;
	const char	*word[HLANG_COUNT];
} menu_words[] = {
	{ "sms", { "by SMS", "SMS se", "SMS سے" } },
	{ "online", { "online", "online", "آن لائن" } },
	{ "centre", { "at a centre", "centre mein", "سینٹر میں" } },
	{ "remote", { "remote", "ghar se", "گھر سے" } },
	{ "active", { "active", "jari", "جاری" } },
	{ "waitlisted", { "waitlist", "waitlist", "انتظار" } },
	{ "completed", { "completed", "mukammal", "مکمل" } },
	{ "withdrawn", { "left", "chhor diya", "چھوڑ دیا" } },
	{ "applied", { "applied", "apply kiya", "درخواست" } },
	{ "shortlisted", { "shortlisted", "shortlist", "شارٹ لسٹ" } },
	{ "offered", { "OFFER", "OFFER", "پیشکش" } },
	{ "accepted", { "accepted", "qabool", "قبول" } },
	{ "declined", { "declined", "inkar", "انکار" } },
	{ "hired", { "hired", "hire", "منتخب" } },
	{ "rejected", { "not chosen", "nahin chuna", "نامنظور" } },
	{ "done", { "done", "mukammal", "مکمل" } },
	{ "new", { "Someone new", "Koi naya", "کوئی نیا" } },
};

/* The word for a code in lang; the code itself when it is unknown. */
const char *
ussd_menu_word(const char *code, int lang)
{
	size_t		i;

	if (lang < 0 || lang >= HLANG_COUNT)
		lang = HLANG_EN;
	for (i = 0; i < sizeof(menu_words) / sizeof(menu_words[0]); i++)
		if (strcmp(code, menu_words[i].code) == 0)
			return (menu_words[i].word[lang]);
	return (code);
}
