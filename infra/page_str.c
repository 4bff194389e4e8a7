/*
 * The page kit's own strings (layout, validation messages, generic
 * errors) in English, Roman Urdu and Urdu script.  A string
 * missing in one language falls back to English rather than to nothing;
 * the unit tests make sure none is missing.  Strings with %d/%ld/%s are
 * formats whose arguments page_err_fmt() or the caller supply.
 */
#include <stddef.h>

#include "infra/page.h"

static const char *const page_strings[PS_COUNT][HLANG_COUNT] = {
	[PS_NONE] = { "", "", "" },
	[PS_SITE] = { "Hunar", "Hunar", "ہنر" },
	[PS_SKIP] = { "Skip to content", "Mawad par jayen",
	    "مواد پر جائیں" },
	[PS_LANG] = { "Language", "Zaban", "زبان" },
	[PS_NAV_LOGIN] = { "Log in", "Log in karein", "لاگ ان" },
	[PS_CSRF_FAILED] = {
	    "This form has expired. Reload the page and send it again.",
	    "Yeh form purana ho gaya. Safha reload kar ke dobara bhejein.",
	    "یہ فارم پرانا ہو گیا۔ صفحہ دوبارہ کھول کر پھر بھیجیں۔" },
	[PS_NEED_LOGIN] = { "Please log in first.",
	    "Pehle log in karein.", "پہلے لاگ ان کریں۔" },
	[PS_FORBIDDEN] = { "Your account cannot do this.",
	    "Aap ka account yeh nahin kar sakta.",
	    "آپ کا اکاؤنٹ یہ نہیں کر سکتا۔" },
	[PS_NOT_FOUND] = { "Page not found.", "Safha nahin mila.",
	    "صفحہ نہیں ملا۔" },
	[PS_ERR_SUMMARY] = { "Please fix %d field(s) marked below.",
	    "Neeche %d khane theek karein.",
	    "نیچے نشان زدہ %d خانے درست کریں۔" },
	[PS_ERR_REQUIRED] = { "Fill in this field.", "Yeh khana bharein.",
	    "یہ خانہ بھریں۔" },
	[PS_ERR_TOO_SHORT] = { "Use at least %ld characters.",
	    "Kam az kam %ld huroof likhein.",
	    "کم از کم %ld حروف لکھیں۔" },
	[PS_ERR_TOO_LONG] = { "Use at most %ld characters.",
	    "Zyada se zyada %ld huroof likhein.",
	    "زیادہ سے زیادہ %ld حروف لکھیں۔" },
	[PS_ERR_BAD_TEXT] = {
	    "Remove control characters and invalid letters.",
	    "Control characters aur ghalat huroof hata dein.",
	    "کنٹرول کریکٹر اور غلط حروف ہٹا دیں۔" },
	[PS_ERR_NUMBER] = { "Enter a whole number from %ld to %ld.",
	    "%ld se %ld tak poora number likhein.",
	    "%ld سے %ld تک پورا عدد لکھیں۔" },
	[PS_ERR_PKR] = {
	    "Enter rupees in digits only, for example 25000.",
	    "Rupay sirf hindson mein likhein, misal 25000.",
	    "روپے صرف ہندسوں میں لکھیں، مثال 25000۔" },
	[PS_ERR_PKR_RANGE] = { "Enter an amount from Rs %ld to Rs %ld.",
	    "Rs %ld se Rs %ld tak raqam likhein.",
	    "%ld سے %ld روپے تک رقم لکھیں۔" },
	[PS_ERR_DATE] = {
	    "Enter a real date as YYYY-MM-DD, for example 2026-12-31.",
	    "Sahi tareekh YYYY-MM-DD mein likhein, misal 2026-12-31.",
	    "درست تاریخ YYYY-MM-DD میں لکھیں، مثال 2026-12-31۔" },
	[PS_ERR_DATE_PAST] = { "Choose today or a later date.",
	    "Aaj ya baad ki tareekh chunein.",
	    "آج یا بعد کی تاریخ چنیں۔" },
	[PS_ERR_PHONE] = {
	    "Enter a Pakistani mobile number like 03001234567.",
	    "Pakistani mobile number likhein, misal 03001234567.",
	    "پاکستانی موبائل نمبر لکھیں، مثال 03001234567۔" },
	[PS_ERR_CHOICE] = { "Choose one of the options.",
	    "Diye gaye options mein se ek chunein.",
	    "دیے گئے اختیارات میں سے ایک چنیں۔" },
	[PS_ERR_PASSWORD] = {
	    "Use 8 to 128 characters for the password.",
	    "Password 8 se 128 huroof ka rakhein.",
	    "پاس ورڈ 8 سے 128 حروف کا رکھیں۔" },
	[PS_ERR_RATING] = { "Choose a rating from 1 to 5 stars.",
	    "1 se 5 stars tak rating chunein.",
	    "1 سے 5 ستاروں تک درجہ چنیں۔" },
	[PS_ERR_URL] = { "Links must start with https:// or http://.",
	    "Links https:// ya http:// se shuru hon.",
	    "لنک https:// یا http:// سے شروع ہوں۔" },

	[PS_PREV] = { "Previous", "Pichla", "پچھلا" },
	[PS_NEXT] = { "Next", "Agla", "اگلا" },
	[PS_FILTERS] = { "Filters", "Filters", "فلٹر" },
	[PS_CLEAR_FILTERS] = { "Clear all filters", "Sab filters hatayen",
	    "سب فلٹر ہٹائیں" },
	[PS_HOME_LINK] = { "Go to the home page", "Pehle safhe par jayen",
	    "پہلے صفحے پر جائیں" },
	[PS_ERR_PW_COMMON] = {
	    "This password is too common: choose one that is hard to guess, "
	    "for example three words that do not belong together.",
	    "Yeh password bohat aam hai: koi mushkil password chunein, "
	    "maslan teen alag alag alfaaz.",
	    "یہ پاس ورڈ بہت عام ہے: کوئی مشکل پاس ورڈ چنیں، مثلاً تین الگ "
	    "الگ الفاظ۔" },
	[PS_ERR_PW_PHONE] = { "Do not use your mobile number in your password.",
	    "Password mein apna mobile number na likhein.",
	    "پاس ورڈ میں اپنا موبائل نمبر نہ لکھیں۔" },
	[PS_SESSIONS_DOWN] = {
	    "Signing in is unavailable for a moment; you are still signed "
	    "in. Try again in a minute.",
	    "Sign in abhi dastiyab nahin; aap ab bhi sign in hain. Ek "
	    "minute baad koshish karein.",
	    "سائن ان ابھی دستیاب نہیں؛ آپ اب بھی سائن ان ہیں۔ ایک منٹ بعد "
	    "کوشش کریں۔" },
	[PS_DB_DOWN] = {
	    "This is unavailable for a moment. Please try again shortly.",
	    "Yeh abhi thori dair ke liye dastiyab nahin. Thori dair baad "
	    "dobara koshish karein.",
	    "یہ ابھی تھوڑی دیر کے لیے دستیاب نہیں۔ تھوڑی دیر بعد دوبارہ "
	    "کوشش کریں۔" },
};

const char *
page_str(enum page_str id, enum hlang lang)
{
	const char	*s;

	if ((int)id < 0 || id >= PS_COUNT)
		return ("");
	if ((int)lang < 0 || lang >= HLANG_COUNT)
		lang = HLANG_EN;
	if ((s = page_strings[id][lang]) == NULL)
		s = page_strings[id][HLANG_EN];
	return (s != NULL ? s : "");
}
