/*
 * Shared phones (issue 14): several learners on one number, each with a
 * name and a 4-digit PIN.  Pure: the unit tests link it.
 *
 * The PIN's hash is argon2id (libsodium crypto_pwhash, the cost of the
 * web's passwords: page_auth.c), salted by the phone number rather than
 * by random bytes stored with it.  The SMS path acts on a message inside
 * one SQL batch (sms_inbound_batch()), so the hash must be made before
 * the database says whose PIN it is: with the number as salt it is the
 * same for every seat of that number, and PostgreSQL compares it
 * (sms_seat_pick()).  A per-number salt still makes any precomputation
 * good for one number only; four digits are 10,000 tries whatever the
 * salt, which is why wrong PINs are limited per number (Redis, the
 * callers) and the hash is slow.
 *
 * Also every text of the seat verbs (WHO, PICK, ADD, PIN), in English,
 * Roman Urdu and Urdu script, each one SMS, and "For Ayesha: " before a
 * reply to a shared number and before what the outbox sends them
 * (hunar_sender, through ussd_outbox_text()).
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "ussd/ussd.h"

#define PIN_OPSLIMIT	2
#define PIN_MEMLIMIT	(19U * 1024 * 1024)

static const struct infra_text	seat_tmpls[] = {
	{ "for", {
	    "For {a}: ",
	    "{a} ke liye: ",
	    "{a} کے لیے: " } },
	{ "who", {
	    "Hunar: who is this? {a}. Reply with your number and PIN, e.g. "
	    "1 1234.",
	    "Hunar: aap kaun hain? {a}. Apna number aur PIN bhejein, jaise "
	    "1 1234.",
	    "ہنر: آپ کون ہیں؟ {a}۔ نمبر اور PIN بھیجیں، جیسے 1 1234" } },
	{ "pick_none", {
	    "No such number. Who is this? {a}. Reply with your number and "
	    "PIN, e.g. 1 1234.",
	    "Yeh number nahi. Aap kaun hain? {a}. Number aur PIN bhejein, "
	    "jaise 1 1234.",
	    "یہ نمبر نہیں۔ کون؟ {a}۔ نمبر اور PIN بھیجیں" } },
	{ "pin_wrong", {
	    "Wrong PIN. Try again: your number and PIN, e.g. 1 1234 ({a}). "
	    "After 5 wrong PINs this phone waits 15 minutes.",
	    "Ghalat PIN. Dobara: apna number aur PIN, jaise 1 1234 ({a}). 5 "
	    "ghalat PIN ke baad 15 minute intezar.",
	    "غلط PIN۔ دوبارہ نمبر اور PIN بھیجیں۔ 5 غلط پر 15 منٹ انتظار۔" } },
	{ "pin_locked", {
	    "Too many wrong PINs on this phone. Try again in 15 minutes.",
	    "Is phone se bohat ghalat PIN. 15 minute baad dobara koshish "
	    "karein.",
	    "بہت زیادہ غلط PIN۔ 15 منٹ بعد دوبارہ کوشش کریں۔" } },
	{ "pin_down", {
	    "Hunar cannot check PINs just now. Please try again in a few "
	    "minutes.",
	    "Hunar abhi PIN check nahi kar sakta. Thori dair baad dobara "
	    "koshish karein.",
	    "ہنر ابھی PIN نہیں دیکھ سکتا۔ تھوڑی دیر بعد دوبارہ کوشش کریں۔" } },
	{ "picked", {
	    "Hello {a}: Hunar is yours for 30 minutes. Send NEXT, PROGRESS "
	    "or COURSES. Someone else? Send WHO.",
	    "Salam {a}: Hunar 30 minute aap ke liye. NEXT, PROGRESS ya "
	    "COURSES bhejein. Koi aur? WHO bhejein.",
	    "سلام {a}: ہنر 30 منٹ آپ کا۔ کوئی اور؟ WHO بھیجیں۔" } },
	{ "who_one", {
	    "Only {a} uses Hunar on this phone. To add a person send ADD "
	    "and their name, e.g. ADD Bilal.",
	    "Is phone par sirf {a}. Kisi aur ko jorne ke liye ADD aur naam "
	    "bhejein, jaise ADD Bilal.",
	    "اس فون پر صرف {a}۔ نیا شخص: ADD اور نام بھیجیں۔" } },
	{ "add_usage", {
	    "To add a person on this phone send ADD and their name, e.g. "
	    "ADD Bilal.",
	    "Is phone par kisi aur ko jorne ke liye ADD aur naam bhejein, "
	    "jaise ADD Bilal.",
	    "نیا شخص جوڑنے کے لیے ADD اور نام بھیجیں، جیسے ADD بلال۔" } },
	{ "add_full", {
	    "This phone has 9 people on Hunar already, the most it can "
	    "have.",
	    "Is phone par pehle se 9 log hain, is se zyada nahi ho sakte.",
	    "اس فون پر پہلے سے 9 لوگ ہیں، اس سے زیادہ نہیں۔" } },
	{ "add_same", {
	    "{a} is on this phone already. Send WHO to choose who uses it.",
	    "{a} pehle se is phone par hain. Chunne ke liye WHO bhejein.",
	    "{a} پہلے سے اس فون پر ہیں۔ WHO بھیجیں۔" } },
	{ "add_own_pin", {
	    "{a}, to share this phone with {b} each of you needs a PIN. "
	    "First choose yours: send PIN and 4 digits, e.g. PIN 1234.",
	    "{a}, {b} ke sath phone share karne ke liye har ek ka PIN "
	    "chahiye. Pehle apna: PIN aur 4 hindse, jaise PIN 1234.",
	    "{a}، پہلے اپنا PIN بھیجیں: PIN اور 4 ہندسے، جیسے PIN 1234" } },
	{ "add_new_pin", {
	    "Now {a} chooses a secret PIN: send PIN and 4 digits, e.g. PIN "
	    "4821. Only {a} should know it.",
	    "Ab {a} apna khufia PIN chunein: PIN aur 4 hindse bhejein, "
	    "jaise PIN 4821. Sirf {a} ko pata ho.",
	    "اب {a} خفیہ PIN بھیجیں: PIN اور 4 ہندسے، جیسے PIN 4821" } },
	{ "added", {
	    "{a} is number {b} on this phone ({c}). {a} uses Hunar now: "
	    "send COURSES. Someone else? Send WHO.",
	    "{a} is phone par number {b} hain ({c}). Ab {a}: COURSES "
	    "bhejein. Koi aur? WHO bhejein.",
	    "{a} اس فون پر نمبر {b}۔ اب COURSES بھیجیں۔ کوئی اور؟ WHO" } },
	{ "pin_set", {
	    "Your PIN is set: keep it secret. To add a person on this phone "
	    "send ADD and their name.",
	    "Aap ka PIN set ho gaya, isay khufia rakhein. Kisi aur ko jorne "
	    "ke liye ADD aur naam bhejein.",
	    "آپ کا PIN محفوظ ہو گیا۔ اسے خفیہ رکھیں۔" } },
	{ "pin_has", {
	    "You have a PIN already. To add a person send ADD and their "
	    "name, e.g. ADD Bilal.",
	    "Aap ka PIN pehle se hai. Kisi aur ko jorne ke liye ADD aur naam "
	    "bhejein.",
	    "آپ کا PIN پہلے سے ہے۔ نیا شخص: ADD اور نام بھیجیں۔" } },
	{ "pin_usage", {
	    "A PIN is 4 digits: send PIN and 4 digits, e.g. PIN 1234.",
	    "PIN 4 hindse ka hota hai: PIN aur 4 hindse bhejein, jaise PIN "
	    "1234.",
	    "PIN چار ہندسے ہے: PIN اور 4 ہندسے بھیجیں، جیسے PIN 1234۔" } },
	{ "pin_nothing", {
	    "Nobody is being added on this phone. To add a person send ADD "
	    "and their name, e.g. ADD Bilal.",
	    "Is phone par koi jora nahi ja raha. Kisi ko jorne ke liye ADD "
	    "aur naam bhejein.",
	    "کوئی نیا شخص نہیں جوڑا جا رہا۔ ADD اور نام بھیجیں۔" } },
	{ NULL, { NULL, NULL, NULL } }
};

/* The template of a seat status, or NULL. */
const char *
ussd_seat_text(const char *status, enum hlang lang)
{
	return (infra_text_find(seat_tmpls, status, lang));
}

/*
 * The hash stored for a PIN of this phone: "a2id1$" and 64 hex digits.
 * Returns -1 for anything but 4 ASCII digits (or no room).
 */
int
ussd_pin_hash(const char *phone, const char *pin, char *out, size_t len)
{
	crypto_generichash_state	st;
	unsigned char			salt[crypto_pwhash_SALTBYTES];
	unsigned char			h[32];

	if (len < USSD_PIN_HASH_LEN + 1 || phone == NULL || pin == NULL ||
	    strlen(pin) != 4 || strspn(pin, "0123456789") != 4)
		return (-1);
	crypto_generichash_init(&st, NULL, 0, sizeof(salt));
	crypto_generichash_update(&st, (const unsigned char *)"hunar-pin-v1:",
	    13);
	crypto_generichash_update(&st, (const unsigned char *)phone,
	    strlen(phone));
	crypto_generichash_final(&st, salt, sizeof(salt));
	if (crypto_pwhash(h, sizeof(h), pin, 4, salt, PIN_OPSLIMIT,
	    PIN_MEMLIMIT, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return (-1);
	memcpy(out, "a2id1$", 6);
	sodium_bin2hex(out + 6, len - 6, h, sizeof(h));
	sodium_memzero(h, sizeof(h));
	return (0);
}

/*
 * "For Ayesha: " put before the reply in out (who: the person's name,
 * or NULL/"" for none).  What does not fit is cut from the reply's end.
 */
void
ussd_reply_for(const char *who, enum hlang lang, char *out, size_t outlen)
{
	char	pre[160];
	int	n;
	size_t	bl;

	if (who == NULL || *who == '\0' || outlen == 0)
		return;
	if (ussd_reply("for", lang, who, NULL, NULL, pre, sizeof(pre)) < 0)
		return;
	n = (int)strlen(pre);
	if ((size_t)n >= outlen)
		return;
	bl = strlen(out);
	if (bl > outlen - 1 - (size_t)n)
		bl = outlen - 1 - (size_t)n;
	memmove(out + n, out, bl);
	memcpy(out, pre, (size_t)n);
	out[n + bl] = '\0';
	/* Never end inside a character. */
	while (bl > 0 && !infra_utf8_valid(out, n + bl))
		out[n + --bl] = '\0';
}
