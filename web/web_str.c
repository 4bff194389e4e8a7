/*
 * The marketplace's and the site shell's strings in English, Roman Urdu
 * and Urdu script (the page kit's own are in infra/page_str.c).  A string
 * missing in one language falls back to English rather than to nothing;
 * the unit tests make sure none is missing.  Strings with %d/%ld/%s are
 * formats whose arguments the caller supplies.
 */
#include <stddef.h>
#include <string.h>

#include "web/web.h"

static const char *const web_strings[WS_COUNT][HLANG_COUNT] = {
	[WS_NONE] = { "", "", "" },
	[WS_TAGLINE] = { "Skills and work for Pakistan",
	    "Pakistan ke liye hunar aur kaam",
	    "پاکستان کے لیے ہنر اور کام" },
	[WS_NAV_HOME] = { "Home", "Home", "صفحۂ اول" },
	[WS_NAV_GIGS] = { "Gigs", "Kaam", "کام" },
	[WS_NAV_MYAPPS] = { "My applications", "Meri darkhwastain",
	    "میری درخواستیں" },
	[WS_NAV_WORKSPACE] = { "My gigs", "Mere kaam", "میرے کام" },
	/* A trainer's own courses (/trainer/courses). */
	[WS_NAV_MYCOURSES] = { "My courses", "Mere courses",
	    "میرے کورسز" },
	[WS_NAV_PROFILE] = { "Profile", "Profile", "پروفائل" },
	[WS_NAV_SIGNUP] = { "Sign up", "Account banayen", "اکاؤنٹ بنائیں" },
	[WS_NAV_LOGOUT] = { "Log out", "Log out karein", "لاگ آؤٹ" },
	[WS_NAV_COURSES] = { "Courses", "Courses", "کورسز" },
	[WS_HOME_INTRO] = {
	    "Find paid gigs that fit your skills, learn new ones, and hire "
	    "trained people from every district of Pakistan.",
	    "Apne hunar ke mutabiq kaam dhoondein, naya hunar seekhein, aur "
	    "Pakistan ke har zilay se tarbiyat yafta log hire karein.",
	    "اپنے ہنر کے مطابق کام ڈھونڈیں، نیا ہنر سیکھیں، اور پاکستان کے ہر "
	    "ضلع سے تربیت یافتہ لوگ رکھیں۔" },
	[WS_HOME_SMS] = {
	    "No smartphone? Text HELP to %s.",
	    "Smartphone nahin? HELP likh kar %s par bhejein.",
	    "اسمارٹ فون نہیں؟ HELP لکھ کر %s پر بھیجیں۔" },

	[WS_SIGNUP_TITLE] = { "Create your account", "Apna account banayen",
	    "اپنا اکاؤنٹ بنائیں" },
	[WS_LOGIN_TITLE] = { "Log in", "Log in karein", "لاگ ان کریں" },
	[WS_CLAIM_TITLE] = { "Registered by SMS? Get a web login",
	    "SMS se register hain? Web login hasil karein",
	    "ایس ایم ایس سے رجسٹر ہیں؟ ویب لاگ ان حاصل کریں" },
	[WS_RESET_TITLE] = { "Reset your password",
	    "Apna password dobara banayen", "اپنا پاس ورڈ دوبارہ بنائیں" },
	[WS_F_PHONE] = { "Mobile number", "Mobile number", "موبائل نمبر" },
	/* The number isolated left to right (U+2066 ... U+2069): on an
	 * Urdu page it read "1234567 0300", typed so into the field. */
	[WS_F_PHONE_HINT] = { "For example 0300 1234567",
	    "Misal: 0300 1234567",
	    "مثال: \xe2\x81\xa6" "0300 1234567\xe2\x81\xa9" },
	[WS_F_PASSWORD] = { "Password", "Password", "پاس ورڈ" },
	[WS_F_PASSWORD_HINT] = { "At least 8 characters",
	    "Kam az kam 8 huroof", "کم از کم 8 حروف" },
	[WS_F_NAME] = { "Full name", "Poora naam", "پورا نام" },
	[WS_F_ROLE] = { "I want to", "Main chahta/chahti hoon",
	    "میں چاہتا/چاہتی ہوں" },
	[WS_ROLE_TRAINEE] = { "Learn and find work (freelancer)",
	    "Seekhna aur kaam dhoondna (freelancer)",
	    "سیکھنا اور کام ڈھونڈنا (فری لانسر)" },
	[WS_ROLE_TRAINER] = { "Teach courses (trainer)",
	    "Course parhana (trainer)", "کورس پڑھانا (ٹرینر)" },
	[WS_ROLE_EMPLOYER] = { "Hire people (employer)",
	    "Log hire karna (employer)", "لوگ رکھنا (آجر)" },
	[WS_ROLE_ADMIN] = { "Administrator", "Administrator", "منتظم" },
	[WS_F_DISTRICT] = { "District", "Zila", "ضلع" },
	[WS_F_CODE] = { "Code from SMS", "SMS wala code",
	    "ایس ایم ایس والا کوڈ" },
	[WS_F_CODE_HINT] = { "6 digits, valid for 10 minutes",
	    "6 hindsay, 10 minute tak durust", "6 ہندسے، 10 منٹ تک درست" },
	[WS_F_ORG] = { "Organisation (optional)", "Idara (ikhtiyari)",
	    "ادارہ (اختیاری)" },
	[WS_BTN_SIGNUP] = { "Create account", "Account banayen",
	    "اکاؤنٹ بنائیں" },
	[WS_BTN_LOGIN] = { "Log in", "Log in karein", "لاگ ان کریں" },
	[WS_BTN_LOGOUT] = { "Log out", "Log out", "لاگ آؤٹ" },
	[WS_BTN_SEND_CODE] = { "Send me a code", "Mujhe code bhejein",
	    "مجھے کوڈ بھیجیں" },
	[WS_BTN_SET_PASSWORD] = { "Set password", "Password set karein",
	    "پاس ورڈ محفوظ کریں" },
	[WS_RATE_LIMITED] = {
	    "Too many attempts. Wait 15 minutes, then try again.",
	    "Bohat zyada koshishen. 15 minute intezar kar ke dobara "
	    "koshish karein.",
	    "بہت زیادہ کوششیں۔ 15 منٹ انتظار کر کے دوبارہ کوشش کریں۔" },
	[WS_CODE_SENT] = {
	    "If this number is registered, a code is on its way by SMS.",
	    "Agar yeh number register hai to SMS se code aa raha hai.",
	    "اگر یہ نمبر رجسٹر ہے تو ایس ایم ایس سے کوڈ آ رہا ہے۔" },
	[WS_SMS_CODE] = {
	    "Hunar code: %s. Valid 10 minutes. Never share it.",
	    "Hunar code: %s. 10 minute tak durust. Kisi ko na batayen.",
	    "ہنر کوڈ: %s۔ 10 منٹ تک درست۔ کسی کو نہ بتائیں۔" },
	[WS_LOGIN_FAILED] = {
	    "That mobile number and password do not match. Check both and "
	    "try again.",
	    "Mobile number aur password match nahin hue. Dono check kar ke "
	    "dobara koshish karein.",
	    "موبائل نمبر اور پاس ورڈ میل نہیں کھاتے۔ دونوں دیکھ کر دوبارہ "
	    "کوشش کریں۔" },
	[WS_PHONE_TAKEN] = {
	    "This number already has an account: log in, or get a code if "
	    "you registered by SMS.",
	    "Is number ka account pehle se hai: log in karein, ya SMS se "
	    "register hain to code mangwayen.",
	    "اس نمبر کا اکاؤنٹ پہلے سے ہے: لاگ ان کریں، یا ایس ایم ایس سے "
	    "رجسٹر ہیں تو کوڈ منگوائیں۔" },
	[WS_FORGOT_LINK] = { "Forgot your password?",
	    "Password bhool gaye?", "پاس ورڈ بھول گئے؟" },
	[WS_CLAIM_LINK] = { "Registered by SMS? Get a web login",
	    "SMS se register hain? Web login lein",
	    "ایس ایم ایس سے رجسٹر ہیں؟ ویب لاگ ان لیں" },
	[WS_CODE_BAD] = {
	    "That code is wrong or has expired. Ask for a new one.",
	    "Code ghalat hai ya purana ho gaya. Naya code mangwayen.",
	    "کوڈ غلط ہے یا پرانا ہو گیا۔ نیا کوڈ منگوائیں۔" },
	[WS_WELCOME] = { "Welcome, %s.", "Khush amdeed, %s.",
	    "خوش آمدید، %s۔" },
	[WS_LOGIN_WAIT] = {
	    "Too many failed attempts. Try again in %d seconds.",
	    "Bohat si nakaam koshishen. %d second baad dobara koshish "
	    "karein.",
	    "بہت سی ناکام کوششیں۔ %d سیکنڈ بعد دوبارہ کوشش کریں۔" },
	[WS_CODES_DOWN] = {
	    "Codes cannot be sent or checked just now. Try again in a few "
	    "minutes.",
	    "Abhi code na bheja ja sakta hai na check ho sakta hai. Kuch "
	    "minute baad koshish karein.",
	    "ابھی کوڈ نہ بھیجا جا سکتا ہے نہ جانچا جا سکتا ہے۔ کچھ منٹ بعد "
	    "کوشش کریں۔" },
	[WS_SIGNUP_SENT] = {
	    "We sent a 6-digit code by SMS to %s. Enter it here to finish "
	    "signing up.",
	    "Humne %s par SMS se 6 hindson ka code bheja hai. Sign up "
	    "mukammal karne ke liye yahan likhein.",
	    "ہم نے %s پر ایس ایم ایس سے 6 ہندسوں کا کوڈ بھیجا ہے۔ سائن اپ "
	    "مکمل کرنے کے لیے یہاں لکھیں۔" },
	[WS_SMS_SIGNUP_CODE] = {
	    "Hunar sign-up code: %s. Valid 10 minutes. Never share it. "
	    "Not you? Ignore this SMS.",
	    "Hunar sign up code: %s. 10 minute tak durust. Kisi ko na "
	    "batayen. Aap nahin the? Yeh SMS chhor dein.",
	    "ہنر سائن اپ کوڈ: %s۔ 10 منٹ تک درست۔ کسی کو نہ بتائیں۔ آپ "
	    "نہیں تھے؟ یہ ایس ایم ایس چھوڑ دیں۔" },
	[WS_SMS_SIGNUP_TAKEN] = {
	    "Hunar: someone tried to sign up with this number, which "
	    "already has an account. To log in on the web, choose "
	    "'Forgot your password?'. Not you? Ignore this SMS.",
	    "Hunar: kisi ne is number se sign up ki koshish ki, magar is "
	    "ka account pehle se hai. Web par log in ke liye 'Password "
	    "bhool gaye?' chunein. Aap nahin the? Yeh SMS chhor dein.",
	    "ہنر: کسی نے اس نمبر سے سائن اپ کی کوشش کی، مگر اس کا اکاؤنٹ "
	    "پہلے سے ہے۔ ویب پر لاگ ان کے لیے 'پاس ورڈ بھول گئے؟' چنیں۔ "
	    "آپ نہیں تھے؟ یہ ایس ایم ایس چھوڑ دیں۔" },
	[WS_BTN_VERIFY] = { "Finish sign-up", "Sign up mukammal karein",
	    "سائن اپ مکمل کریں" },
	[WS_VERIFY_TITLE] = { "Enter the code from SMS",
	    "SMS wala code likhein", "ایس ایم ایس والا کوڈ لکھیں" },
	[WS_PASSWORD_SET] = { "Your password is set. You are logged in.",
	    "Aap ka password set ho gaya. Aap log in hain.",
	    "آپ کا پاس ورڈ محفوظ ہو گیا۔ آپ لاگ ان ہیں۔" },

	[WS_GIGS_TITLE] = { "Find gigs", "Kaam dhoondein", "کام ڈھونڈیں" },
	[WS_SEARCH] = { "Search", "Talaash", "تلاش" },
	[WS_F_QUERY] = { "Words to look for", "Kya dhoondna hai",
	    "کیا ڈھونڈنا ہے" },
	[WS_F_SKILL] = { "Skill", "Hunar", "ہنر" },
	[WS_F_PROVINCE] = { "Province", "Soobah", "صوبہ" },
	[WS_F_REMOTE] = { "Remote only", "Sirf remote", "صرف گھر بیٹھے" },
	[WS_F_BUDGET_MIN] = { "Budget from (Rs)", "Budget kam az kam (Rs)",
	    "کم از کم بجٹ (روپے)" },
	[WS_F_BUDGET_MAX] = { "Budget up to (Rs)",
	    "Budget zyada se zyada (Rs)", "زیادہ سے زیادہ بجٹ (روپے)" },
	[WS_F_POSTED] = { "Posted within", "Kab se", "کب سے" },
	[WS_ANY] = { "Any", "Koi bhi", "کوئی بھی" },
	[WS_POSTED_1] = { "Last day", "Pichla din", "پچھلا دن" },
	[WS_POSTED_7] = { "Last week", "Pichla hafta", "پچھلا ہفتہ" },
	[WS_POSTED_30] = { "Last month", "Pichla mahina", "پچھلا مہینہ" },
	[WS_F_SORT] = { "Sort by", "Tarteeb", "ترتیب" },
	[WS_SORT_NEW] = { "Newest", "Naye pehle", "نئے پہلے" },
	[WS_SORT_BUDGET] = { "Highest budget", "Zyada budget pehle",
	    "زیادہ بجٹ پہلے" },
	[WS_SORT_DEADLINE] = { "Nearest deadline", "Qareeb deadline pehle",
	    "قریب آخری تاریخ پہلے" },
	[WS_SORT_RELEVANCE] = { "Best match", "Behtareen match",
	    "بہترین مطابقت" },
	[WS_NO_GIGS] = {
	    "No gigs match. Try fewer or shorter words, another district, "
	    "or remote work.",
	    "Koi kaam nahin mila. Kam ya chhote alfaz, koi aur zila, ya "
	    "remote kaam try karein.",
	    "کوئی کام نہیں ملا۔ کم یا چھوٹے الفاظ، کوئی اور ضلع، یا گھر بیٹھے "
	    "کام آزمائیں۔" },
	[WS_REMOTE] = { "Remote", "Remote", "گھر بیٹھے" },
	[WS_BUDGET] = { "Budget", "Budget", "بجٹ" },
	[WS_DEADLINE] = { "Deadline", "Aakhri tareekh", "آخری تاریخ" },
	[WS_SMS_APPLY] = { "Apply by SMS: text APPLY %s to %s.",
	    "SMS se apply: APPLY %s likh kar %s par bhejein.",
	    "ایس ایم ایس سے درخواست: APPLY %s لکھ کر %s پر بھیجیں۔" },
	[WS_GIG_CODE] = { "Gig code", "Kaam code", "کام کوڈ" },
	[WS_F_PROPOSAL] = { "Your proposal", "Aap ki tajweez",
	    "آپ کی تجویز" },
	[WS_F_PROPOSAL_HINT] = {
	    "Say why you fit and when you can start (20-4000 characters).",
	    "Batayen aap kyun munasib hain aur kab shuru kar sakte hain "
	    "(20-4000 huroof).",
	    "بتائیں آپ کیوں موزوں ہیں اور کب شروع کر سکتے ہیں "
	    "(20 سے 4000 حروف)۔" },
	[WS_BTN_APPLY] = { "Apply", "Apply karein", "درخواست دیں" },
	[WS_APPLIED_ALREADY] = { "You have already applied for this gig.",
	    "Aap is kaam ke liye pehle hi apply kar chuke hain.",
	    "آپ اس کام کے لیے پہلے ہی درخواست دے چکے ہیں۔" },
	[WS_APPLIED_OK] = { "Your application is sent.",
	    "Aap ki darkhwast bhej di gayi.",
	    "آپ کی درخواست بھیج دی گئی۔" },
	[WS_GIG_CLOSED] = { "This gig is no longer open.",
	    "Yeh kaam ab khula nahin.", "یہ کام اب کھلا نہیں۔" },
	[WS_MYAPPS_TITLE] = { "My applications", "Meri darkhwastain",
	    "میری درخواستیں" },
	[WS_ST_APPLIED] = { "Applied", "Apply kiya", "درخواست دی" },
	[WS_ST_SHORTLISTED] = { "Shortlisted", "Shortlist", "منتخب فہرست" },
	[WS_ST_OFFERED] = { "Offered", "Offer mili", "پیشکش ملی" },
	[WS_ST_ACCEPTED] = { "Accepted", "Qabool", "قبول" },
	[WS_ST_DECLINED] = { "Declined", "Inkaar", "انکار" },
	[WS_ST_HIRED] = { "Hired", "Hire ho gaye", "منتخب ہو گئے" },
	[WS_ST_REJECTED] = { "Not selected", "Muntakhib nahin",
	    "منتخب نہیں" },
	[WS_ST_DONE] = { "Done", "Mukammal", "مکمل" },
	[WS_ST_OPEN] = { "Open", "Khula", "کھلا" },
	[WS_ST_CLOSED] = { "Closed", "Band", "بند" },
	[WS_POST_GIG] = { "Post a gig", "Kaam post karein",
	    "کام پوسٹ کریں" },
	[WS_EDIT_GIG] = { "Edit gig", "Kaam badlein", "کام میں تبدیلی" },
	[WS_F_TITLE] = { "Title", "Unwaan", "عنوان" },
	[WS_F_DESC] = { "Description", "Tafseel", "تفصیل" },
	[WS_F_SKILLS_REQ] = { "Required skills", "Zaroori hunar",
	    "ضروری ہنر" },
	[WS_F_SKILLS_NICE] = { "Nice-to-have skills", "Izafi hunar",
	    "اضافی ہنر" },
	[WS_F_SKILLS_HINT] = {
	    "Skill names separated by commas, for example: wordpress, seo",
	    "Hunar ke naam comma se alag, misal: wordpress, seo",
	    "ہنر کے نام کاما سے الگ، مثال: wordpress, seo" },
	[WS_F_BUDGET] = { "Budget (Rs)", "Budget (Rs)", "بجٹ (روپے)" },
	[WS_F_DEADLINE] = { "Deadline (optional)",
	    "Aakhri tareekh (ikhtiyari)", "آخری تاریخ (اختیاری)" },
	[WS_BTN_SAVE] = { "Save", "Mehfooz karein", "محفوظ کریں" },
	[WS_BTN_CLOSE_GIG] = { "Close gig", "Kaam band karein",
	    "کام بند کریں" },
	[WS_BTN_DONE_GIG] = { "Mark work done", "Kaam mukammal",
	    "کام مکمل کریں" },
	[WS_SKILLS_REQ] = { "Required", "Zaroori", "ضروری" },
	[WS_SKILLS_NICE] = { "Nice to have", "Izafi", "اضافی" },
	[WS_STATUS] = { "Status", "Status", "کیفیت" },
	[WS_POSTED_BY] = { "Posted by", "Post karne wala",
	    "پوسٹ کرنے والا" },
	[WS_NO_APPS] = { "You have not applied for any gig yet.",
	    "Aap ne abhi kisi kaam ke liye apply nahin kiya.",
	    "آپ نے ابھی کسی کام کے لیے درخواست نہیں دی۔" },
	[WS_LOGIN_TO_APPLY] = { "Log in as a freelancer to apply.",
	    "Apply karne ke liye freelancer ke taur par log in karein.",
	    "درخواست کے لیے فری لانسر کے طور پر لاگ ان کریں۔" },

	[WS_FOUND] = { "%ld gigs found.", "%ld kaam mile.", "%ld کام ملے۔" },
	[WS_FOUND_MORE] = { "More than %ld gigs found: narrow the search.",
	    "%ld se zyada kaam mile: talaash mehdood karein.",
	    "%ld سے زیادہ کام ملے: تلاش محدود کریں۔" },

	[WS_WORKSPACE_TITLE] = { "My gigs and applicants",
	    "Mere kaam aur umeedwar", "میرے کام اور امیدوار" },
	[WS_APPLICANTS] = { "Applicants", "Umeedwar", "امیدوار" },
	[WS_BTN_SHORTLIST] = { "Shortlist", "Shortlist karein",
	    "فہرست میں ڈالیں" },
	[WS_BTN_REJECT] = { "Reject", "Mustarad", "مسترد کریں" },
	[WS_BTN_HIRE] = { "Hire", "Hire karein", "منتخب کریں" },
	[WS_SUGGESTED] = { "Suggested candidates", "Tajweez karda umeedwar",
	    "تجویز کردہ امیدوار" },
	[WS_SUGGESTED_NONE] = { "Ranked suggestions appear here.",
	    "Darja bandi wali tajaweez yahan aayengi.",
	    "درجہ بندی والی تجاویز یہاں آئیں گی۔" },
	[WS_NO_APPLICANTS] = { "No applicants yet.",
	    "Abhi koi umeedwar nahin.", "ابھی کوئی امیدوار نہیں۔" },

	[WS_REVIEW_TITLE] = { "Leave a review", "Review dein",
	    "رائے دیں" },
	[WS_F_RATING] = { "Rating (1-5 stars)", "Rating (1-5 stars)",
	    "درجہ (1 سے 5 ستارے)" },
	[WS_F_REVIEW] = { "Review", "Review", "رائے" },
	[WS_BTN_REVIEW] = { "Send review", "Review bhejein",
	    "رائے بھیجیں" },
	[WS_REVIEWS] = { "Reviews", "Reviews", "آراء" },
	[WS_REVIEW_THANKS] = { "Thank you, your review is saved.",
	    "Shukriya, aap ka review mehfooz ho gaya.",
	    "شکریہ، آپ کی رائے محفوظ ہو گئی۔" },

	[WS_PROFILE_TITLE] = { "Profile", "Profile", "پروفائل" },
	[WS_F_BIO] = { "About me", "Mere baare mein", "میرے بارے میں" },
	[WS_F_LINKS] = { "Links (portfolio)", "Links (portfolio)",
	    "لنکس (پورٹ فولیو)" },
	[WS_F_AVAIL] = { "Availability", "Dastiyabi", "دستیابی" },
	[WS_AVAIL_FULL] = { "Full time", "Full time", "کل وقتی" },
	[WS_AVAIL_PART] = { "Part time", "Part time", "جز وقتی" },
	[WS_AVAIL_WEEKENDS] = { "Weekends", "Chhutti ke din",
	    "چھٹی کے دن" },
	[WS_AVAIL_NONE] = { "Not available", "Dastiyab nahin",
	    "دستیاب نہیں" },
	[WS_F_LANGS] = { "Languages", "Zabanain", "زبانیں" },
	[WS_F_PHONE_PUBLIC] = { "Show my number to employers",
	    "Mera number employers ko dikhayen",
	    "میرا نمبر آجروں کو دکھائیں" },
	[WS_SKILLS] = { "Skills", "Hunar", "ہنر" },
	[WS_LEVEL_1] = { "beginner", "ibtidai", "ابتدائی" },
	[WS_LEVEL_2] = { "intermediate", "darmiyana", "درمیانہ" },
	[WS_LEVEL_3] = { "expert", "mahir", "ماہر" },
	[WS_CERTIFIED] = { "certified", "certified", "سند یافتہ" },
	[WS_RATING] = { "Rating", "Rating", "درجہ" },
	[WS_SAVED] = { "Saved.", "Mehfooz ho gaya.", "محفوظ ہو گیا۔" },
	[WS_EDIT_PROFILE] = { "Edit profile", "Profile badlein",
	    "پروفائل میں تبدیلی" },
	/* SMS to an applicant, who may have applied from a feature phone. */
	[WS_SMS_HIRED] = {
	    "Hunar: you are hired for gig %s. The employer will contact you.",
	    "Hunar: aap ko kaam %s ke liye hire kar liya gaya. Employer "
	    "raabta karega.",
	    "ہنر: آپ کو کام %s کے لیے رکھ لیا گیا۔ آجر رابطہ کرے گا۔" },
	[WS_SMS_REJECTED] = {
	    "Hunar: gig %s chose another applicant. Text GIGS for more work.",
	    "Hunar: kaam %s ke liye kisi aur ko chuna gaya. Aur kaam: GIGS "
	    "likhein.",
	    "ہنر: کام %s کے لیے کسی اور کو چنا گیا۔ مزید کام: GIGS لکھیں۔" },
	[WS_SUGGESTED_LINK] = {
	    "Ranked candidates: why each fits, and what each lacks",
	    "Darja bandi wale umeedwar: kyun munasib, aur kya kami hai",
	    "درجہ بندی والے امیدوار: کیوں موزوں، اور کیا کمی ہے" },
	[WS_COL_NAME] = { "Name", "Naam", "نام" },
	[WS_COL_STATE] = { "Stage", "Marhala", "مرحلہ" },
	[WS_COL_APPLIED] = { "Applied", "Darkhwast", "درخواست" },
	[WS_COL_ACTION] = { "Next step", "Agla qadam", "اگلا قدم" },
	[WS_APP_MORE] = { "Proposal and skills", "Tajweez aur hunar",
	    "تجویز اور ہنر" },
	[WS_COL_SCORE] = { "Score", "Score", "اسکور" },
	[WS_NO_SCORE] = { "no score yet", "abhi score nahi",
	    "ابھی اسکور نہیں" },
	[WS_APP_NO_PROPOSAL] = {
	    "Applied from a phone (SMS or USSD), without a proposal.",
	    "Phone se (SMS ya USSD) darkhast di, tajweez ke baghair.",
	    "فون سے (SMS یا USSD) درخواست دی، تجویز کے بغیر۔" },
	[WS_APP_NO_SKILLS] = { "none listed yet", "abhi koi darj nahi",
	    "ابھی کوئی درج نہیں" },
	/* %s: the gig's code, twice, then the SMS number. */
	[WS_OFFER_HOW] = {
	    "Answer the offer by SMS from your number: YES %s to accept, "
	    "NO %s to decline, to %s.",
	    "Offer ka jawab apne number se SMS karein: qubool ke liye YES %s, "
	    "inkaar ke liye NO %s, %s par bhejein.",
	    "پیشکش کا جواب اپنے نمبر سے SMS کریں: قبول کے لیے YES %s، انکار "
	    "کے لیے NO %s، %s پر بھیجیں۔" },
	[WS_OFFER_SMS] = {
	    "Offer SMS", "Offer SMS", "پیشکش کا SMS" },
	[WS_ANSWERED] = {
	    "Answered", "Jawab diya", "جواب دیا" },
	[WS_SMS_QUEUED] = {
	    "waiting to go (quiet hours or queue)",
	    "bhejne ka intezar (raat ya qatar)",
	    "بھیجنے کا انتظار" },
	[WS_SMS_SENT] = {
	    "sent, not yet confirmed", "bhej diya, tasdeeq baqi",
	    "بھیج دیا، تصدیق باقی" },
	[WS_SMS_DELIVERED] = {
	    "delivered to the phone", "phone tak pohnch gaya",
	    "فون تک پہنچ گیا" },
	[WS_SMS_FAILED] = {
	    "not delivered", "nahi pohncha", "نہیں پہنچا" },
	[WS_SMS_SUPPRESSED] = {
	    "not sent: the number sent STOP", "nahi bheja: number ne STOP "
	    "bheja", "نہیں بھیجا: نمبر نے STOP بھیجا" },
	[WS_NAV_HUBS] = { "Hubs", "Markaz", "مراکز" },
	[WS_NAV_PROGRAMMES] = { "Programmes", "Programme", "پروگرام" },
	[WS_NAV_MYDATA] = { "My data", "Mera data", "میرا ڈیٹا" },
	[WS_NAV_MENTORING] = { "My mentoring", "Meri rahnumai",
	    "میری رہنمائی" },
	[WS_UNAVAILABLE] = {
	    "Signing in is unavailable for a moment. Try again in a minute.",
	    "Sign in abhi mumkin nahin. Ek minute baad koshish karein.",
	    "سائن ان ابھی ممکن نہیں۔ ایک منٹ بعد کوشش کریں۔" },
	[WS_TRY_COURSES] = { "Learn a new skill", "Naya hunar seekhein",
	    "نیا ہنر سیکھیں" },
	[WS_NO_DEADLINE] = { "No deadline", "Koi aakhri tareekh nahin",
	    "کوئی آخری تاریخ نہیں" },
	[WS_NEW_EMPLOYER] = { "New employer, no reviews yet",
	    "Naya employer, abhi koi review nahin",
	    "نیا آجر، ابھی کوئی جائزہ نہیں" },
	[WS_EMP_RATING] = { "Employer rated %s of 5 (%s reviews)",
	    "Employer ki rating 5 mein se %s (%s reviews)",
	    "آجر کا درجہ 5 میں سے %s (%s جائزے)" },
	[WS_GIGS_DONE] = { "%s gigs completed", "%s kaam mukammal",
	    "%s کام مکمل" },
	[WS_STARS] = { "%d of 5 stars", "5 mein se %d sitare",
	    "5 میں سے %d ستارے" },
	[WS_ERR_LANG] = {
	    "We do not know the language \"%s\". Write names such as Urdu, "
	    "English, Punjabi, Balochi.",
	    "Zaban \"%s\" hamein maloom nahin. Aise naam likhein: Urdu, "
	    "Angrezi, Punjabi, Balochi.",
	    "زبان \"%s\" ہمیں معلوم نہیں۔ ایسے نام لکھیں: اردو، انگریزی، "
	    "پنجابی، بلوچی۔" },
	[WS_F_LANGS_HINT] = {
	    "Names separated by commas, for example: Urdu, English, Saraiki",
	    "Naam comma se alag, misal: Urdu, Angrezi, Saraiki",
	    "نام کاما سے الگ، مثال: اردو، انگریزی، سرائیکی" },
	[WS_F_MYSKILLS_HINT] = {
	    "Skill and level, separated by commas, for example: WordPress: "
	    "expert, Canva: beginner",
	    "Hunar aur darja comma se alag, misal: WordPress: mahir, Canva: "
	    "ibtidai",
	    "ہنر اور درجہ کاما سے الگ، مثال: ورڈپریس: ماہر، کینوا: ابتدائی" },
	[WS_CONFIRM_HIRE] = { "Hire this applicant?",
	    "Is umeedwar ko hire karein?", "اس امیدوار کو رکھیں؟" },
	[WS_CONFIRM_REJECT] = { "Reject this applicant?",
	    "Is umeedwar ko mustarad karein?", "اس امیدوار کو مسترد کریں؟" },
	[WS_CONFIRM_SMS] = {
	    "They are told by SMS at once; this cannot be undone.",
	    "Unhein foran SMS se bataya jaye ga; yeh wapas nahin hoga.",
	    "انہیں فوراً ایس ایم ایس سے بتایا جائے گا؛ یہ واپس نہیں ہو گا۔" },
	[WS_CANCEL] = { "Cancel, go back", "Rehne dein, wapas jayen",
	    "رہنے دیں، واپس جائیں" },
};

const char *
web_str(enum web_str id, enum hlang lang)
{
	const char	*s;

	if ((int)id < 0 || id >= WS_COUNT)
		return ("");
	if ((int)lang < 0 || lang >= HLANG_COUNT)
		lang = HLANG_EN;
	if ((s = web_strings[id][lang]) == NULL)
		s = web_strings[id][HLANG_EN];
	return (s != NULL ? s : "");
}

void
web_html_str(struct infra_buf *b, enum web_str id, enum hlang lang)
{
	page_html_text(b, web_str(id, lang));
}

/* " &middot; Label<sep>value": one more fact on a line of them. */
void
web_html_meta(struct infra_buf *b, enum web_str label, enum hlang lang,
    const char *sep, const char *value)
{
	page_html_meta(b, web_str(label, lang), sep, value);
}

const char *
web_status_label(const char *st, enum hlang l)
{
	static const struct {
		const char	*name;
		enum web_str	 id;
	} map[] = {
		{ "applied", WS_ST_APPLIED },
		{ "shortlisted", WS_ST_SHORTLISTED },
		{ "offered", WS_ST_OFFERED }, { "accepted", WS_ST_ACCEPTED },
		{ "declined", WS_ST_DECLINED }, { "hired", WS_ST_HIRED },
		{ "rejected", WS_ST_REJECTED }, { "done", WS_ST_DONE },
		{ "open", WS_ST_OPEN }, { "closed", WS_ST_CLOSED },
		/* an SMS's delivery state (sms_outbox.status) */
		{ "queued", WS_SMS_QUEUED }, { "sending", WS_SMS_QUEUED },
		{ "sent", WS_SMS_SENT }, { "delivered", WS_SMS_DELIVERED },
		{ "failed", WS_SMS_FAILED }, { "suppressed", WS_SMS_SUPPRESSED },
	};
	size_t	i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i].name, st) == 0)
			return (web_str(map[i].id, l));
	return (st);
}
