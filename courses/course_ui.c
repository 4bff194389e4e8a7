/*
 * The course pages' words, in English, Roman Urdu and Urdu script.  The
 * layout, forms and accounts come from web/ (web_str() has the shared
 * ones); these are the course module's own.
 */
#include <stddef.h>

#include "courses/courses.h"

static const char *const course_ui_text[CS_COUNT][HLANG_COUNT] = {
	[CS_CATALOG] = { "Courses", "Courses",
	    "کورسز" },
	[CS_SEARCH] = { "Search", "Talash",
	    "تلاش" },
	[CS_Q] = { "Words", "Alfaaz", "الفاظ" },
	[CS_SKILL] = { "Skill", "Hunar", "ہنر" },
	[CS_PROVINCE] = { "Province", "Soobah",
	    "صوبہ" },
	[CS_DISTRICT] = { "District", "Zila", "ضلع" },
	[CS_MODE] = { "How it is taught", "Parhai ka tareeqa",
	    "پڑھائی کا "
	    "طریقہ" },
	[CS_LANG] = { "Language", "Zaban", "زبان" },
	[CS_ANY] = { "Any", "Koi bhi", "کوئی "
	    "بھی" },
	[CS_MODE_ONLINE] = { "Online", "Online",
	    "آن لائن" },
	[CS_MODE_SMS] = { "By SMS", "SMS se",
	    "ایس ایم "
	    "ایس سے" },
	[CS_MODE_CENTRE] = { "At a centre", "Centre mein",
	    "سنٹر میں" },
	[CS_NONE_FOUND] = { "No course matches.",
	    "Koi course nahin mila.",
	    "کوئی کورس "
	    "نہیں ملا۔" },
	[CS_SEATS] = { "Seats", "Nashistain",
	    "نشستیں" },
	[CS_LESSONS] = { "Lessons", "Sabaq", "سبق" },
	[CS_STARTS] = { "Starts", "Aghaz",
	    "آغاز" },
	[CS_TRAINER] = { "Trainer", "Trainer",
	    "ٹرینر" },
	[CS_SMS_ENROLL] = { "By SMS: send", "SMS se: bhejein",
	    "ایس ایم "
	    "ایس: بھیج"
	    "یں" },
	[CS_ENROLL] = { "Enrol", "Dakhila lein",
	    "داخلہ لیں" },
	[CS_LEAVE] = { "Leave this course", "Course chhorein",
	    "کورس چھوڑ"
	    "یں" },
	[CS_ENROLLED] = { "You are enrolled.", "Aap dakhil hain.",
	    "آپ داخل ہی"
	    "ں۔" },
	[CS_WAITLISTED] = { "The course is full: you are on the waitlist.",
	    "Course bhar gaya: aap waitlist par hain.",
	    "کورس بھر "
	    "گیا: آپ انت"
	    "ظار میں ہی"
	    "ں۔" },
	[CS_ALREADY] = { "You were enrolled already: nothing changed.",
	    "Aap pehle se dakhil thay: kuch nahin badla.",
	    "آپ پہلے سے "
	    "داخل تھے۔" },
	[CS_LEFT] = { "You left the course.", "Aap ne course chhor diya.",
	    "آپ نے کورس "
	    "چھوڑ دیا۔" },
	[CS_PROGRESS] = { "Your progress", "Aap ki taraqqi",
	    "آپ کی پیش "
	    "رفت" },
	[CS_SCORE] = { "Quiz score", "Quiz score",
	    "کوئز اسکو"
	    "ر" },
	[CS_CERTIFICATE] = { "Certificate", "Certificate",
	    "سرٹیفیکی"
	    "ٹ" },
	[CS_QUIZ] = { "Question", "Sawal", "سوال" },
	[CS_ANSWER] = { "Answer", "Jawab dein",
	    "جواب دیں" },
	[CS_NEXT_LESSON] = { "Next lesson", "Agla sabaq",
	    "اگلا سبق" },
	[CS_LOCKED] = { "Finish the lessons before this one first.",
	    "Pehle pichhle sabaq mukammal karein.",
	    "پہلے پچھل"
	    "ے سبق مکمل "
	    "کریں۔" },
	[CS_NOT_ENROLLED] = { "Enrol in the course to open its lessons.",
	    "Sabaq kholne ke liye course mein dakhila lein.",
	    "سبق کے لیے "
	    "داخلہ لیں"
	    "۔" },
	[CS_VERIFY] = { "Certificate check", "Certificate ki tasdeeq",
	    "سرٹیفیکی"
	    "ٹ کی تصدیق" },
	[CS_VALID] = { "This certificate is valid.",
	    "Yeh certificate durust hai.",
	    "یہ سرٹیفی"
	    "کیٹ درست "
	    "ہے۔" },
	[CS_INVALID] = { "No certificate has this code.",
	    "Is code ka koi certificate nahin.",
	    "اس کوڈ کا "
	    "کوئی سرٹی"
	    "فیکیٹ نہی"
	    "ں۔" },
	[CS_MISTYPED] = {
	    "This code looks mistyped: a code has 10 letters and digits.",
	    "Code ghalat likha hai: code mein 10 harf aur hindse hain.",
	    "کوڈ غلط لک"
	    "ھا ہے۔" },
	[CS_LEARNER] = { "Learner", "Talib-e-ilm",
	    "طالب علم" },
	[CS_ISSUED] = { "Issued", "Jari hua",
	    "جاری" },
	[CS_MY_COURSES] = { "My courses (trainer)", "Mere courses (trainer)",
	    "میرے کورس"
	    "ز" },
	[CS_NEW_COURSE] = { "New course", "Naya course",
	    "نیا کورس" },
	[CS_EDIT_COURSE] = { "Edit course", "Course badlein",
	    "کورس میں "
	    "تبدیلی" },
	[CS_TITLE_EN] = { "Title (English)", "Unwan (English)",
	    "عنوان (انگ"
	    "ریزی)" },
	[CS_TITLE_UR] = { "Title (Urdu)", "Unwan (Urdu)",
	    "عنوان (ارد"
	    "و)" },
	[CS_DESC_EN] = { "Description (English)", "Tafseel (English)",
	    "تفصیل (انگ"
	    "ریزی)" },
	[CS_DESC_UR] = { "Description (Urdu)", "Tafseel (Urdu)",
	    "تفصیل (ارد"
	    "و)" },
	[CS_SKILLS_HINT] = { "Skills taught, separated by commas",
	    "Sikhaye jane wale hunar, comma se alag",
	    "سکھائے جا"
	    "نے والے ہن"
	    "ر" },
	[CS_CAPACITY] = { "Capacity (seats)", "Nashistain",
	    "نشستیں" },
	[CS_START] = { "Start date (YYYY-MM-DD)", "Aghaz ki tareekh",
	    "آغاز کی "
	    "تاریخ" },
	[CS_CADENCE] = { "Hours between SMS lessons",
	    "SMS sabaq ke darmiyan ghante",
	    "سبق کے درم"
	    "یان گھنٹے" },
	[CS_PASS_MARK] = { "Pass mark (%)", "Pass mark (%)",
	    "کامیابی (%)" },
	[CS_DISTRICT_HINT] = { "For a centre: the district's name",
	    "Centre ke liye zile ka naam",
	    "سنٹر کے لی"
	    "ے ضلع کا نا"
	    "م" },
	[CS_SAVE] = { "Save", "Mehfooz karein",
	    "محفوظ کری"
	    "ں" },
	[CS_SAVED] = { "Saved.", "Mehfooz ho gaya.",
	    "محفوظ ہو "
	    "گیا۔" },
	[CS_ADD_LESSON] = { "Add a lesson", "Sabaq shamil karein",
	    "سبق شامل "
	    "کریں" },
	[CS_LESSON_TITLE] = { "Lesson title", "Sabaq ka unwan",
	    "سبق کا عنو"
	    "ان" },
	[CS_BODY_WEB] = { "Lesson for the web", "Web ke liye sabaq",
	    "ویب کے لیے "
	    "سبق" },
	[CS_BODY_SMS] = { "Lesson by SMS (2 parts at most)",
	    "SMS sabaq (zyada se zyada 2 hisse)",
	    "ایس ایم ای"
	    "س سبق (زیاد"
	    "ہ سے زیادہ "
	    "2 حصے)" },
	[CS_QUESTION] = { "Quiz question (optional)", "Quiz sawal (ikhtiyari)",
	    "کوئز سوال" },
	[CS_OPTION] = { "Option", "Jawab", "جواب" },
	[CS_CORRECT] = { "Right option (1-4)", "Sahi jawab (1-4)",
	    /* 1-4 isolated: in Urdu script it read "(4-1)". */
	    "درست جواب "
	    "(\u20661-4\u2069)" },
	[CS_PARTS] = { "SMS parts", "SMS hisse",
	    "ایس ایم ای"
	    "س حصے" },
	/*
	 * What the count is in, for a trainer: GSM-7 and UCS-2 are the
	 * operator's words (160 or 70 characters a part).
	 */
	[CS_PLAIN_TEXT] = { "plain letters", "aam huroof",
	    "عام حروف" },
	[CS_WIDE_TEXT] = { "Urdu or special letters", "Urdu ya khaas huroof",
	    "اردو یا خاص "
	    "حروف" },
	[CS_TOO_LONG_SMS] = {
	    "The SMS is longer than 2 parts: shorten it.",
	    "SMS 2 hisson se lamba hai: chhota karein.",
	    "ایس ایم ای"
	    "س 2 حصوں سے "
	    "لمبا ہے۔" },
	[CS_LEARNERS] = { "Learners", "Talaba", "طلبا" },
	[CS_BREAKDOWN] = { "By district and gender",
	    "Zila aur jins ke hisaab se",
	    "ضلع اور جن"
	    "س کے لحاظ "
	    "سے" },
	[CS_GENDER] = { "Gender", "Jins", "جنس" },
	[CS_COMPLETION] = { "Completion", "Takmeel",
	    "تکمیل" },
	[CS_FIX] = { "Please fix:", "Yeh theek karein:",
	    "یہ ٹھیک کر"
	    "یں:" },
	[CS_UNKNOWN_SKILLS] = { "Skills not in the list (left out):",
	    "Yeh hunar list mein nahin (chhor diye):",
	    "یہ ہنر فہر"
	    "ست میں نہی"
	    "ں:" },
	[CS_PUBLISHED] = { "Published", "Shaya shuda",
	    "شائع" },
	[CS_COMPLETED] = { "Completed.", "Mukammal.",
	    "مکمل۔" },
	[CS_STATUS] = { "Status", "Halat", "حالت" },
	[CS_OTHER_LANGS] = { "Other languages", "Doosri zabanein",
	    "دوسری زبانیں" },
	[CS_WRITTEN] = { "written", "likha hua", "لکھا ہوا" },
	[CS_NOT_YET] = { "not yet", "abhi nahin", "ابھی نہیں" },
	[CS_COURSE_TEXT] = { "In the course's language (for reference)",
	    "Course ki zaban mein (dekhne ke liye)",
	    "کورس کی زبان میں (دیکھنے کے لیے)" },
	[CS_SAME_ORDER] = { "Write the options in the same order: the right "
	    "answer stays the same letter.",
	    "Options usi tarteeb mein likhein: sahih jawab wohi harf rahega.",
	    "جوابات اسی ترتیب میں لکھیں: صحیح جواب وہی حرف رہے گا۔" },
	[CS_REMOVE] = { "Remove this language", "Yeh zaban hata dein",
	    "یہ زبان ہٹا دیں" },
	/* {a}: the course-language question's option count. */
	[CS_OPTION_COUNT] = { "Write {a} options, as many as the course's "
	    "question has.",
	    "{a} options likhein, jitne course ke sawal mein hain.",
	    "{a} جوابات لکھیں، جتنے کورس کے سوال میں ہیں۔" },
	[CS_NO_QUIZ] = { "This lesson has no question.",
	    "Is sabaq mein koi sawal nahin.",
	    "اس سبق میں کوئی سوال نہیں۔" },
	/* A lesson's other language written for an earlier course text
	 * (course_text_state() 'stale': still sent; 'held': not sent). */
	[CS_TEXT_STALE] = { "may be out of date", "shayad purana ho",
	    "شاید پرانا ہو" },
	[CS_TEXT_HELD] = { "out of date: not sent until you check it",
	    "purana: check karne tak nahin bheja jata",
	    "پرانا: جانچنے تک نہیں بھیجا جاتا" },
	[CS_STALE_NOTE] = { "This was written before the lesson's text in "
	    "the course's language last changed: it may be out of date. "
	    "Learners still get it. Compare it with the text above, correct "
	    "it if needed and save it again.",
	    "Yeh course ki zaban ka text badalne se pehle likha gaya tha: "
	    "shayad purana ho. Talaba ko abhi bhi yehi milta hai. Upar wale "
	    "text se milayein, zaroorat ho to theek karein aur dobara "
	    "mehfooz karein.",
	    "یہ کورس کی زبان کا متن بدلنے سے پہلے لکھا گیا تھا: شاید پرانا "
	    "ہو۔ طلبا کو اب بھی یہی ملتا ہے۔ اوپر والے متن سے ملائیں، ضرورت "
	    "ہو تو درست کریں اور دوبارہ محفوظ کریں۔" },
	[CS_HELD_NOTE] = { "This was written before the question's options "
	    "changed: the right answer may no longer be the same letter, so "
	    "learners get this lesson in the course's language until you "
	    "check it and save it again.",
	    "Yeh sawal ke options badalne se pehle likha gaya tha: sahih "
	    "jawab shayad ab wohi harf na ho, is liye talaba ko yeh sabaq "
	    "course ki zaban mein milta hai jab tak aap ise check kar ke "
	    "dobara mehfooz na karein.",
	    "یہ سوال کے جوابات بدلنے سے پہلے لکھا گیا تھا: صحیح جواب شاید "
	    "اب وہی حرف نہ ہو، اس لیے طلبا کو یہ سبق کورس کی زبان میں ملتا "
	    "ہے جب تک آپ اسے جانچ کر دوبارہ محفوظ نہ کریں۔" },
	[CS_WRITTEN_FOR] = { "The text it was written for",
	    "Jis text ke liye likha gaya tha",
	    "جس متن کے لیے لکھا گیا تھا" },
	[CS_SAVED_CHECK] = { "Saved. This lesson's other languages below "
	    "were written for the earlier text: they are kept, check them.",
	    "Mehfooz ho gaya. Is sabaq ki doosri zabanein neeche pehle wale "
	    "text ke liye likhi gayi thin: woh rakhi gayi hain, unhein check "
	    "karein.",
	    "محفوظ ہو گیا۔ اس سبق کی دوسری زبانیں نیچے پہلے والے متن کے لیے "
	    "لکھی گئی تھیں: وہ رکھی گئی ہیں، انہیں جانچ لیں۔" },
	[CS_OTHER_LANGS_HINT] = { "Changing the SMS text or the question "
	    "above keeps these, marked \"may be out of date\" until you check "
	    "them.",
	    "Upar SMS text ya sawal badalne se yeh rehti hain, check karne "
	    "tak \"shayad purana ho\" ke nishan ke saath.",
	    "اوپر ایس ایم ایس کا متن یا سوال بدلنے سے یہ رہتی ہیں، جانچنے تک "
	    "\"شاید پرانا ہو\" کے نشان کے ساتھ۔" },
	/* {a}, {b}: characters that fit in 2 SMS, GSM-7 and Urdu script. */
	[CS_SMS_EMPTY] = { "Nothing written yet: up to {a} characters fit in "
	    "2 SMS ({b} in Urdu script).",
	    "Abhi kuch nahin likha: 2 SMS mein {a} harf tak aate hain (Urdu "
	    "script mein {b}).",
	    "ابھی کچھ نہیں لکھا: 2 ایس ایم ایس میں {a} حروف تک آتے ہیں "
	    "(اردو رسم الخط میں {b})۔" },
	/* {a}: the course's language, by name. */
	[CS_ORIGINAL] = { "Original in {a}", "Asal {a} mein",
	    "اصل {a} میں" },
	[CS_IN_YOUR_LANG] = { "In your language", "Apni zaban mein",
	    "اپنی زبان میں" },
	[CS_ORIGINAL_NEWER] = { "(the original changed after this was "
	    "written)", "(asal is ke baad badla gaya)",
	    "(اصل اس کے بعد بدلا گیا)" },
	/* The trainer's walk (issue 11's web): her pages in words. */
	[CS_LESSON] = { "Lesson", "Sabaq", "سبق" },
	[CS_DRAFT] = { "Draft: learners do not see it yet.",
	    "Draft: talaba ko abhi nazar nahin aata.",
	    "مسودہ: طلبا کو ابھی نظر نہیں آتا۔" },
	[CS_IS_PUBLISHED] = { "Published: learners find it and enrol.",
	    "Shaya shuda: talaba ise dhoond kar dakhila le sakte hain.",
	    "شائع شدہ: طلبا اسے ڈھونڈ کر داخلہ لے سکتے ہیں۔" },
	[CS_PUBLISHED_HINT] = { "Tick it when the lessons are ready: only "
	    "then do learners see the course and enrol.",
	    "Sabaq tayyar hon to tick karein: tab hi talaba course dekh kar "
	    "dakhila le sakte hain.",
	    "سبق تیار ہوں تو نشان لگائیں: تب ہی طلبا کورس دیکھ کر داخلہ لے "
	    "سکتے ہیں۔" },
	[CS_FIRST_LESSON] = { "Next: add its first lesson",
	    "Ab: pehla sabaq shamil karein",
	    "اب: پہلا سبق شامل کریں" },
	[CS_SEATS_TAKEN] = { "Seats taken", "Bhari nashistain",
	    "بھری نشستیں" },
	[CS_WAITING] = { "Waiting", "Intezar mein", "انتظار میں" },
	[CS_DONE_COUNT] = { "Completed", "Mukammal", "مکمل" },
	[CS_ACTIVE] = { "Learning now", "Abhi parh rahe",
	    "ابھی پڑھ رہے" },
	[CS_AVG_LESSONS] = { "Lessons done (average)",
	    "Mukammal sabaq (ausat)", "مکمل سبق (اوسط)" },
	[CS_TITLE_EN_HINT] = { "Required: learners who read English or "
	    "Roman Urdu see it.",
	    "Zaroori: English ya Roman Urdu parhne wale talaba ise dekhte "
	    "hain.",
	    "ضروری: انگریزی یا رومن اردو پڑھنے والے طلبا اسے دیکھتے ہیں۔" },
	[CS_TITLE_UR_HINT] = { "Optional: pages in Urdu script show it.",
	    "Ikhtiyari: Urdu script ke safhaat par nazar aata hai.",
	    "اختیاری: اردو رسم الخط کے صفحات پر نظر آتا ہے۔" },
	[CS_TO_CHECK] = { "other languages to check",
	    "check karne wali zabanein", "جانچنے والی زبانیں" },
	[CS_AS_LEARNERS_SEE] = { "The course as learners see it",
	    "Talaba ko course aisa dikhta hai",
	    "طلبا کو کورس ایسا دکھتا ہے" },
	[CS_SKILL_NAMES] = { "Skills you can name", "Yeh hunar likh sakte "
	    "hain", "یہ ہنر لکھ سکتے ہیں" },
	[CS_WOMAN] = { "Woman", "Aurat", "خاتون" },
	[CS_MAN] = { "Man", "Mard", "مرد" },
	/* How a learner takes the course: SMS, USSD or the web. */
	[CS_CHANNEL] = { "Channel", "Zariya", "ذریعہ" },
	[CS_WEB] = { "Web", "Web", "ویب" },
	/* {a}: the course code, {b}: the SMS number. */
	[CS_NO_LEARNERS] = { "No learners yet. Once the course is published, "
	    "learners enrol on the web or by sending ENROLL {a} to {b}.",
	    "Abhi koi talib-e-ilm nahin. Course shaya hone ke baad talaba web "
	    "par ya ENROLL {a} {b} par bhej kar dakhila lete hain.",
	    "ابھی کوئی طالب علم نہیں۔ کورس شائع ہونے کے بعد طلبا ویب پر یا "
	    "ENROLL {a} کو {b} پر بھیج کر داخلہ لیتے ہیں۔" },
};

/* The languages a course or a lesson text is written in, as users know
 * them (each in its own words), in enum hlang's order. */
static const char *const course_lang_names[HLANG_COUNT] = { "English",
    "Roman Urdu", "اردو" };

const char *
course_lang_name(enum hlang lang)
{
	if ((int)lang < 0 || lang >= HLANG_COUNT)
		lang = HLANG_EN;
	return (course_lang_names[lang]);
}

const char *
course_ui(enum course_ui_str id, enum hlang lang)
{
	const char	*s;

	if ((int)id < 0 || id >= CS_COUNT)
		return ("");
	if ((int)lang < 0 || lang >= HLANG_COUNT)
		lang = HLANG_EN;
	if ((s = course_ui_text[id][lang]) == NULL &&
	    (s = course_ui_text[id][HLANG_EN]) == NULL)
		return ("");
	return (s);
}
