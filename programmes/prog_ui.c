/*
 * The programmes pages' words, in English, Roman Urdu and Urdu script.
 */
#include <stddef.h>
#include <string.h>

#include "programmes/programmes.h"

static const char	*ui[PU_COUNT][HLANG_COUNT] = {
	[PU_HUBS_TITLE] = { "Hubs", "Markaz", "مراکز" },
	[PU_HUBS_INTRO] = {
	    "Community digital centres: training, mentors, internet and "
	    "government services. By SMS: send HUB and your district.",
	    "Community digital markaz: tarbiyat, rahnuma, internet aur "
	    "sarkari khidmat. SMS se: HUB aur apna zila bhejein.",
	    "کمیونٹی ڈیجیٹل مراکز: تربیت، رہنما، انٹرنیٹ اور سرکاری خدمات۔ "
	    "SMS سے: HUB اور اپنا ضلع بھیجیں۔" },
	[PU_WOMEN_ONLY] = { "Women only", "Sirf khawateen", "صرف خواتین" },
	[PU_WOMEN_HOURS] = { "Women's hours", "Khawateen ke auqaat",
	    "خواتین کے اوقات" },
	[PU_HOURS] = { "Hours", "Auqaat", "اوقات" },
	[PU_PHONE] = { "Phone", "Phone", "فون" },
	[PU_ADDRESS] = { "Address", "Pata", "پتہ" },
	[PU_SERVICES] = { "Services", "Sahulaten", "سہولتیں" },
	[PU_SV_TRAINING] = { "training", "tarbiyat", "تربیت" },
	[PU_SV_MENTORSHIP] = { "mentorship", "rahnumai", "رہنمائی" },
	[PU_SV_INTERNET] = { "internet access", "internet", "انٹرنیٹ" },
	[PU_SV_GOVERNMENT] = { "government services", "sarkari khidmat",
	    "سرکاری خدمات" },
	[PU_PROVINCE] = { "Province", "Soobah", "صوبہ" },
	[PU_DISTRICT] = { "District", "Zila", "ضلع" },
	[PU_ALL] = { "All", "Sab", "سب" },
	[PU_SHOW] = { "Show", "Dikhayein", "دکھائیں" },
	[PU_NO_HUBS] = { "No hub here yet.", "Yahan abhi koi markaz nahin.",
	    "یہاں ابھی کوئی مرکز نہیں۔" },
	[PU_MENTORS] = { "Book a mentor", "Rahnuma book karein",
	    "رہنما بک کریں" },
	[PU_BOOK] = { "Book", "Book karein", "بک کریں" },
	[PU_NO_SLOTS] = { "No free slot this week.",
	    "Is hafte koi slot farigh nahin.", "اس ہفتے کوئی سلاٹ فارغ نہیں۔" },
	[PU_LOGIN_TO_BOOK] = { "Log in to book, or send MENTOR by SMS.",
	    "Book ke liye login karein, ya SMS se MENTOR bhejein.",
	    "بکنگ کے لیے لاگ ان کریں، یا SMS سے MENTOR بھیجیں۔" },
	[PU_BOOKED] = { "Booked. You both get an SMS reminder.",
	    "Book ho gaya. Dono ko SMS yaad-dihani milegi.",
	    "بک ہو گیا۔ دونوں کو SMS یاد دہانی ملے گی۔" },
	[PU_TAKEN] = { "That slot is taken.", "Yeh slot le liya gaya.",
	    "یہ سلاٹ لے لیا گیا۔" },
	[PU_ALREADY] = { "You already have a mentor booking.",
	    "Aap ki booking pehle se hai.", "آپ کی بکنگ پہلے سے ہے۔" },
	[PU_PROGRAMMES] = { "Programmes", "Programme", "پروگرام" },
	[PU_BUDGET] = { "Budget line", "Budget", "بجٹ" },
	[PU_TARGETS] = { "Targets", "Ahdaf", "اہداف" },
	[PU_T_ENROL] = { "enrolments", "dakhle", "داخلے" },
	[PU_T_COMPLETE] = { "completions", "mukammal", "تکمیل" },
	[PU_T_PLACED] = { "placements", "rozgar", "روزگار" },
	[PU_T_WOMEN] = { "women's share", "khawateen ka hissa",
	    "خواتین کا حصہ" },
	[PU_COURSES] = { "Courses", "Courses", "کورس" },
	[PU_DASHBOARD] = { "Dashboard", "Dashboard", "ڈیش بورڈ" },
	[PU_COPIED_FROM] = { "Copied from", "Naqal az", "ماخذ" },
	[PU_ATTENDANCE_COUNTS] = { "attendance counts", "hazri shumar",
	    "حاضری شمار" },
	[PU_SESSIONS] = { "Session codes", "Session code", "سیشن کوڈ" },
	[PU_OPEN_SESSION] = { "Open a session", "Session kholein",
	    "سیشن کھولیں" },
	[PU_COURSE_CODE] = { "Course code", "Course code", "کورس کوڈ" },
	[PU_LESSON] = { "Lesson", "Sabaq", "سبق" },
	[PU_MINUTES] = { "Minutes", "Minute", "منٹ" },
	[PU_CODE_SHOW] = { "Learners text IN and this code until",
	    "Talib-e-ilm IN aur yeh code bhejein, is waqt tak:",
	    "طلبہ IN اور یہ کوڈ بھیجیں، اس وقت تک:" },
	[PU_SLOTS] = { "Mentor slots", "Rahnuma slots", "رہنما سلاٹس" },
	[PU_HELD] = { "Mark held", "Mulaqat hui", "ملاقات ہوئی" },
	[PU_HELD_DONE] = { "held", "hui", "ہوئی" },
	[PU_FREE] = { "free", "farigh", "فارغ" },
	[PU_FUNNEL] = { "Funnel", "Marahil", "مراحل" },
	[PU_BY] = { "by", "ba lihaaz", "بلحاظ" },
	[PU_BY_DISTRICT] = { "district", "zila", "ضلع" },
	[PU_BY_GENDER] = { "gender", "jins", "جنس" },
	[PU_BY_AGE] = { "age band", "umar", "عمر" },
	[PU_BY_CHANNEL] = { "channel", "zariya", "ذریعہ" },
	[PU_BY_MONTH] = { "month", "mahina", "مہینہ" },
	[PU_ST_REGISTERED] = { "registered", "register", "رجسٹرڈ" },
	[PU_ST_ENROLLED] = { "enrolled", "dakhil", "داخل" },
	[PU_ST_COMPLETED] = { "completed", "mukammal", "مکمل" },
	[PU_ST_CERTIFIED] = { "certified", "certificate", "سند یافتہ" },
	[PU_ST_APPLIED] = { "applied", "darkhwast", "درخواست" },
	[PU_ST_SHORTLISTED] = { "shortlisted", "shortlist", "شارٹ لسٹ" },
	[PU_ST_HIRED] = { "hired", "rozgar mila", "روزگار ملا" },
	[PU_WOMEN_SHARE] = { "Women's share against target",
	    "Khawateen ka hissa, hadaf ke muqable mein",
	    "خواتین کا حصہ، ہدف کے مقابلے میں" },
	[PU_GAP] = { "Districts by gap: gig demand against certified supply",
	    "Zile: kaam ki talab aur certified log",
	    "اضلاع: کام کی طلب اور سند یافتہ افراد" },
	[PU_DEMAND] = { "demand", "talab", "طلب" },
	[PU_SUPPLY] = { "certified supply", "certified log",
	    "سند یافتہ افراد" },
	[PU_GAPCOL] = { "gap", "kami", "کمی" },
	[PU_TOP_SKILL] = { "skill most short", "sab se kam hunar",
	    "سب سے کم ہنر" },
	[PU_CSV] = { "CSV", "CSV", "CSV" },
	[PU_SUPPRESSED] = { "<5: fewer than 5 people, not shown.",
	    "<5: 5 se kam log, dikhaye nahin jate.",
	    "<5: پانچ سے کم افراد، دکھائے نہیں جاتے۔" },
	[PU_REFRESHED] = { "Figures as of", "Adad is waqt ke:",
	    "اعداد اس وقت کے:" },
	[PU_G_F] = { "women", "khawateen", "خواتین" },
	[PU_G_M] = { "men", "mard", "مرد" },
	[PU_G_X] = { "other", "deegar", "دیگر" },
	[PU_G_NONE] = { "not given", "nahin bataya", "نہیں بتایا" },
	[PU_TARGET] = { "target", "hadaf", "ہدف" },
	[PU_SHARE] = { "share", "hissa", "حصہ" },
	[PU_WOMEN] = { "women", "khawateen", "خواتین" },
	[PU_KNOWN] = { "gender given", "jins bataya", "جنس بتائی" },
	[PU_STAGE] = { "stage", "marhala", "مرحلہ" },
	[PU_GROUP] = { "group", "giroh", "گروہ" },
	[PU_REPLICATE] = { "Proven courses of other provinces",
	    "Doosre soobon ke kamyab courses",
	    "دوسرے صوبوں کے کامیاب کورس" },
	[PU_COPY] = { "Copy into", "Naqal karein", "نقل کریں" },
	[PU_COMPLETION] = { "completion", "takmeel", "تکمیل" },
	[PU_PLACED] = { "placed", "rozgar", "روزگار" },
	[PU_COPIED] = { "Copied. The new course keeps its source.",
	    "Naqal ho gaya. Naye course mein maakhaz mehfooz hai.",
	    "نقل ہو گیا۔ نئے کورس میں ماخذ محفوظ ہے۔" },
	[PU_LANGUAGE] = { "Language", "Zaban", "زبان" },
	[PU_HUB] = { "Hub", "Markaz", "مرکز" },
	[PU_NONE] = { "none", "koi nahin", "کوئی نہیں" },
	[PU_MYDATA] = { "What Hunar holds about you",
	    "Hunar ke paas aap ka data", "ہنر کے پاس آپ کا ڈیٹا" },
	[PU_MYDATA_PERSON] = { "You", "Aap", "آپ" },
	[PU_MYDATA_OTHER] = { "Also", "Mazeed", "مزید" },
	[PU_DELETE_ALL] = { "Delete all my data", "Mera sab data mitayein",
	    "میرا سارا ڈیٹا مٹائیں" },
	[PU_DELETE_WARN] = {
	    "This erases your account, courses, certificates and "
	    "applications for good.",
	    "Is se aap ka account, courses, certificate aur darkhwastein "
	    "hamesha ke liye mit jayengi.",
	    "اس سے آپ کا اکاؤنٹ، کورس، سرٹیفکیٹ اور درخواستیں ہمیشہ کے لیے "
	    "مٹ جائیں گی۔" },
	[PU_DELETED] = { "Your data was deleted.",
	    "Aap ka data mita diya gaya.", "آپ کا ڈیٹا مٹا دیا گیا۔" },
	[PU_DELETE_STAFF] = {
	    "This account owns courses or gigs: ask Hunar's admin to erase "
	    "it.",
	    "Is account ke courses ya gigs hain: admin se kahein.",
	    "اس اکاؤنٹ کے کورس یا کام ہیں: ایڈمن سے کہیں۔" },
	[PU_MY_SLOTS] = { "My mentoring", "Meri rahnumai", "میری رہنمائی" },
	[PU_LEARNER] = { "Learner", "Talib-e-ilm", "طالب علم" },
	[PU_WHEN] = { "When", "Kab", "کب" },
	[PU_MENTOR] = { "Mentor", "Rahnuma", "رہنما" },
	[PU_PEOPLE] = { "people", "log", "افراد" },
};

const char *
prog_ui(enum prog_ui_str s, enum hlang l)
{
	const char	*t;

	if ((int)s < 0 || s >= PU_COUNT || (int)l < 0 || l >= HLANG_COUNT)
		return ("");
	t = ui[s][l];
	if (t == NULL)
		t = ui[s][HLANG_EN];
	return (t != NULL ? t : "");
}
