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
	    "درست جواب "
	    "(1-4)" },
	[CS_PARTS] = { "SMS parts", "SMS hisse",
	    "ایس ایم ای"
	    "س حصے" },
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
};

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
