/*
 * Issue 14, shared phones: the seat verbs as typed (WHO, ADD name,
 * PIN 1234, "2 4821"), the PIN's hash, and every text of theirs in one
 * SMS in each language, "For Ayesha: " included.
 */
#include <sodium.h>

#include "ussd/ussd.h"
#include "tests/unit/unit.h"

UNIT_TEST(ussd_seat_words_in_three_languages)
{
	static const struct {
		const char	*text;
		const char	*verb;
		const char	*arg;
		const char	*pin;
	} t[] = {
		{ "WHO", "WHO", "", "" },
		{ "who?", "WHO", "", "" },
		{ "kaun", "WHO", "", "" },
		{ "کون", "WHO", "", "" },
		{ "ADD Bilal", "ADD", "Bilal", "" },
		{ "add  bilal khan.", "ADD", "bilal khan", "" },
		{ "joro Bilal", "ADD", "Bilal", "" },
		{ "جوڑیں بلال", "ADD", "بلال", "" },
		{ "ADD", "ADD", "", "" },
		{ "PIN 4821", "PIN", "", "4821" },
		{ "pin ۴۸۲۱", "PIN", "", "4821" },
		{ "PIN 12", "PIN", "bad", "" },
		{ "PIN 12345", "PIN", "bad", "" },
		{ "4821", "PIN", "bare", "4821" },
		{ "2 4821", "PICK", "2", "4821" },
		{ "2, Bilal, 4821", "PICK", "2", "4821" },
		{ "۱ ۱۲۳۴", "PICK", "1", "1234" },
	};
	struct ussd_cmd	cmd;
	size_t		i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		CHECK_INT(ussd_keyword_parse(t[i].text, &cmd), USSD_KW_SEAT);
		if (cmd.kw != USSD_KW_SEAT)
			printf("  %s\n", t[i].text);
		CHECK_STR(cmd.verb, t[i].verb);
		CHECK_STR(cmd.arg, t[i].arg);
		CHECK_STR(cmd.pin, t[i].pin);
	}
	/* Quiz answers, a district's number, a check-in stay theirs. */
	CHECK(ussd_keyword_parse("1", &cmd) != USSD_KW_SEAT);
	CHECK(ussd_keyword_parse("2 3", &cmd) != USSD_KW_SEAT);
	CHECK(ussd_keyword_parse("IN 4821", &cmd) == USSD_KW_PROG);
	CHECK(ussd_keyword_parse("0 4821", &cmd) != USSD_KW_SEAT);
	CHECK(ussd_keyword_parse("12345", &cmd) != USSD_KW_SEAT);
}

UNIT_TEST(ussd_seat_pin_hash_is_argon2id_by_number)
{
	char	a[USSD_PIN_HASH_LEN + 1], b[USSD_PIN_HASH_LEN + 1];
	char	c[USSD_PIN_HASH_LEN + 1];

	CHECK(sodium_init() >= 0);
	CHECK_INT(ussd_pin_hash("923001234567", "4821", a, sizeof(a)), 0);
	CHECK_INT(strlen(a), USSD_PIN_HASH_LEN);
	CHECK(strncmp(a, "a2id1$", 6) == 0);
	CHECK_INT(strspn(a + 6, "0123456789abcdef"), 64);
	/* The same PIN and number: the same hash (PostgreSQL compares). */
	CHECK_INT(ussd_pin_hash("923001234567", "4821", b, sizeof(b)), 0);
	CHECK_STR(a, b);
	/* Another number or another PIN: another hash. */
	CHECK_INT(ussd_pin_hash("923001234568", "4821", c, sizeof(c)), 0);
	CHECK(strcmp(a, c) != 0);
	CHECK_INT(ussd_pin_hash("923001234567", "4822", c, sizeof(c)), 0);
	CHECK(strcmp(a, c) != 0);
	/* Only four digits, and room for the hash. */
	CHECK_INT(ussd_pin_hash("923001234567", "482", c, sizeof(c)), -1);
	CHECK_INT(ussd_pin_hash("923001234567", "48a1", c, sizeof(c)), -1);
	CHECK_INT(ussd_pin_hash("923001234567", "4821", c, 20), -1);
}

static int
seat_parts(const char *s, int *coding)
{
	struct infra_sms_count	cnt;

	if (infra_sms_count(s, strlen(s), &cnt) == -1)
		return (-1);
	*coding = cnt.coding;
	return (cnt.parts);
}

UNIT_TEST(ussd_seat_texts_fit_one_sms)
{
	static const char *st[] = { "who", "pick_none", "pin_wrong",
	    "pin_locked", "picked", "who_one", "add_usage", "add_full",
	    "add_same", "add_own_pin", "add_new_pin", "added", "pin_set",
	    "pin_has", "pin_usage", "pin_nothing", NULL };
	static const char *names[] = { "Ayesha", "Bilal Ahmed Khan", NULL };
	/* Urdu-script SMS hold 70 characters: a list of two there. */
	static const char *lists[] = {
	    "1 Ayesha Khan, 2 Bilal Ahmed, 3 Zainab Bibi",
	    "1 Ayesha Khan, 2 Bilal Ahmed, 3 Zainab Bibi",
	    "1 Ayesha, 2 Bilal" };
	const char	*list;
	char		 out[640];
	int		 i, j, l, coding;

	for (l = 0; l < HLANG_COUNT; l++) {
		list = lists[l];
		for (i = 0; st[i] != NULL; i++) {
			for (j = 0; names[j] != NULL; j++) {
				CHECK(ussd_reply(st[i], (enum hlang)l,
				    strcmp(st[i], "who") == 0 ||
				    strncmp(st[i], "pi", 2) == 0 ? list :
				    names[j], "2", list, out,
				    sizeof(out)) > 0);
				CHECK(strstr(out, "{") == NULL);
				if (seat_parts(out, &coding) != 1)
					printf("  %s/%d: %s\n", st[i], l, out);
				CHECK_INT(seat_parts(out, &coding), 1);
				CHECK_INT(coding, l == HLANG_UR ?
				    INFRA_SMS_UCS2 : INFRA_SMS_GSM7);
			}
		}
	}
}

UNIT_TEST(ussd_seat_reply_names_the_person)
{
	char	out[640];

	(void)snprintf(out, sizeof(out), "C101: 3/5 lessons.");
	ussd_reply_for("Ayesha", HLANG_EN, out, sizeof(out));
	CHECK_STR(out, "For Ayesha: C101: 3/5 lessons.");
	(void)snprintf(out, sizeof(out), "C101: 3/5.");
	ussd_reply_for("Bilal", HLANG_RU, out, sizeof(out));
	CHECK_STR(out, "Bilal ke liye: C101: 3/5.");
	(void)snprintf(out, sizeof(out), "سبق");
	ussd_reply_for("عائشہ", HLANG_UR, out, sizeof(out));
	CHECK_STR(out, "عائشہ کے لیے: سبق");
	/* Nobody named: unchanged. */
	(void)snprintf(out, sizeof(out), "HELP");
	ussd_reply_for(NULL, HLANG_EN, out, sizeof(out));
	ussd_reply_for("", HLANG_EN, out, sizeof(out));
	CHECK_STR(out, "HELP");
	/* A small buffer keeps the prefix, cuts the reply, ends whole. */
	(void)snprintf(out, 20, "%s", "سبق سبق");
	ussd_reply_for("Ali", HLANG_UR, out, 20);
	CHECK(infra_utf8_valid(out, strlen(out)));
	CHECK(strncmp(out, "Ali", 3) == 0);
}
