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
	    "pin_locked", "pin_down", "picked", "who_one", "add_usage",
	    "add_full", "add_same", "add_own_pin", "add_new_pin", "added", "pin_set",
	    "pin_has", "pin_usage", "pin_nothing", NULL };
	static const char *names[] = { "Ayesha", "Bilal Ahmed Khan", NULL };
	/* Urdu-script SMS hold 70 characters: a list of two there. */
	static const char *lists[] = {
	    "1 Ayesha Khan, 2 Bilal Ahmed, 3 Zainab Bibi",
	    "1 Ayesha Khan, 2 Bilal Ahmed, 3 Zainab Bibi",
	    "1 Ayesha, 2 Bilal" };
	const char	*list;
	char		 out[640];
	int		 i, j, l, coding = 0;

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

/*
 * The outbox's words (hunar_sender): "For Ayesha: " as sms_for_text()
 * wrote it in SQL, names as they are (a comma stays Latin); JOIN's
 * question by its key; a body is never a template.
 */
UNIT_TEST(ussd_outbox_text_words_what_sql_queued)
{
	char	out[640];

	CHECK(ussd_outbox_text("Lesson x", "", "en", "Ayesha Khan", out,
	    sizeof(out)) == 25);
	CHECK_STR(out, "For Ayesha Khan: Lesson x");
	(void)ussd_outbox_text("C101 1/5: x", NULL, "ru", "Bilal, Ali", out,
	    sizeof(out));
	CHECK_STR(out, "Bilal, Ali ke liye: C101 1/5: x");
	(void)ussd_outbox_text("سبق", "", "ur", "عائشہ, خان", out,
	    sizeof(out));
	CHECK_STR(out, "عائشہ, خان کے لیے: سبق");
	(void)ussd_outbox_text("Reply {a} 50%", "", "", "", out, sizeof(out));
	CHECK_STR(out, "Reply {a} 50%");
	(void)ussd_outbox_text("", "ask_about", "ru", "", out, sizeof(out));
	CHECK_STR(out, "Hunar: ikhtiyari, sirf program ke shumar ke liye: F "
	    "(aurat) ya M (mard) aur umar bhejein, jaise F 19. Employer kabhi "
	    "nahi dekhte.");
	(void)ussd_outbox_text("", "ask_about", "ur", "", out, sizeof(out));
	CHECK_STR(out, "ہنر: اختیاری، صرف شمار کے لیے: F یا M اور عمر بھیجیں، "
	    "جیسے F 19۔");
	CHECK(ussd_outbox_text("", "no_such_key", "en", "", out,
	    sizeof(out)) == -1);
	/* Cut: whole characters, the length of the whole returned. */
	CHECK(ussd_outbox_text("سبق سبق", "", "ur", "Ali", out, 20) >= 20);
	CHECK(infra_utf8_valid(out, strlen(out)));
}

/* USSD on a shared phone: who is this, the PIN, then the menu. */
UNIT_TEST(ussd_seat_menu_who_pin_main)
{
	static const struct ussd_row seats[] = {
		{ "1", "", "Ayesha", "seat:en" },
		{ "2", "", "Bilal", "seat:en" },
	};
	static const struct ussd_row wrong[] = { { "pin_wrong", "", "", "" } };
	static const struct ussd_row locked[] = {
		{ "pin_locked", "", "", "" } };
	static const struct ussd_row picked[] = {
		{ "picked", "ru", "Bilal", "17" } };
	struct ussd_state	st;
	struct ussd_req		req;
	char			out[USSD_SCREEN_BYTES], recap[USSD_RECAP_MAX];

	ussd_menu_init(&st);
	ussd_menu_input(&st, NULL, 0, &req);
	CHECK_INT(req.need, USSD_NEED_USER);
	CHECK_INT(ussd_menu_render(&st, &req, seats, 2, out, sizeof(out),
	    recap, sizeof(recap)), USSD_CON);
	CHECK_STR(out, "Who is this?\n1 Ayesha\n2 Bilal\n0 Back");
	ussd_menu_input(&st, "2", 1, &req);
	CHECK_INT(st.screen, USSD_S_PIN);
	CHECK_INT(req.need, USSD_NEED_NONE);
	(void)ussd_menu_render(&st, &req, NULL, 0, out, sizeof(out), recap,
	    sizeof(recap));
	CHECK_STR(out, "Your 4-digit PIN?\n0 Back");
	/* Not four digits: asked again. */
	ussd_menu_input(&st, "12", 2, &req);
	CHECK_INT(req.need, USSD_NEED_NONE);
	CHECK_INT(st.hint, USSD_HINT_CHOICE);
	ussd_menu_input(&st, "4821", 4, &req);
	CHECK_INT(req.need, USSD_DO_PICK);
	CHECK_STR(req.arg, "2");
	CHECK_STR(req.arg2, "4821");
	CHECK_STR(ussd_need_kind(req.need), "pick");
	(void)ussd_menu_render(&st, &req, wrong, 1, out, sizeof(out), recap,
	    sizeof(recap));
	CHECK_STR(out, "Wrong PIN, try again.\nYour 4-digit PIN?\n0 Back");
	CHECK_INT(st.screen, USSD_S_PIN);
	/* The PIN is in no saved state. */
	CHECK(ussd_state_save(&st, out, sizeof(out)) > 0);
	CHECK(strstr(out, "4821") == NULL);
	/* "0": back to who is this. */
	ussd_menu_input(&st, "0", 1, &req);
	CHECK_INT(st.screen, USSD_S_WHO);
	CHECK_INT(req.need, USSD_NEED_USER);
	(void)ussd_menu_render(&st, &req, seats, 2, out, sizeof(out), recap,
	    sizeof(recap));
	ussd_menu_input(&st, "2", 1, &req);
	ussd_menu_input(&st, "4821", 4, &req);
	CHECK_INT(ussd_menu_render(&st, &req, picked, 1, out, sizeof(out),
	    recap, sizeof(recap)), USSD_CON);
	CHECK(strncmp(out, "Salam, Bilal!\nHunar\n1 Courses", 29) == 0);
	CHECK_INT(st.screen, USSD_S_MAIN);
	CHECK_INT(st.dist, 17);
	/* Locked: the session ends with why. */
	st.screen = USSD_S_PIN;
	ussd_menu_input(&st, "1234", 4, &req);
	CHECK_INT(ussd_menu_render(&st, &req, locked, 1, out, sizeof(out),
	    recap, sizeof(recap)), USSD_END);
	CHECK(strncmp(out, "Salam", 5) != 0);
	CHECK(strstr(out, "15") != NULL);
	/* "0" on who is this ends the session. */
	ussd_menu_init(&st);
	ussd_menu_input(&st, NULL, 0, &req);
	(void)ussd_menu_render(&st, &req, seats, 2, out, sizeof(out), recap,
	    sizeof(recap));
	ussd_menu_input(&st, "0", 1, &req);
	CHECK_INT(st.screen, USSD_S_END);
}

/* USSD: someone new on a shared phone gives a name and a PIN. */
UNIT_TEST(ussd_seat_menu_someone_new)
{
	static const struct ussd_row seats[] = {
		{ "1", "", "Ayesha", "seat:ur" },
		{ "2", "", "Bilal", "seat:ur" },
		{ "new", "", "", "seat:ur" },
	};
	static const struct ussd_row gone[] = {
		{ "add_failed", "add_same", "", "" } };
	struct ussd_state	st;
	struct ussd_req		req;
	char			out[USSD_SCREEN_BYTES], recap[USSD_RECAP_MAX];

	ussd_menu_init(&st);
	ussd_menu_input(&st, NULL, 0, &req);
	(void)ussd_menu_render(&st, &req, seats, 3, out, sizeof(out), recap,
	    sizeof(recap));
	CHECK_STR(out, "آپ کون ہیں؟\n1 Ayesha\n2 Bilal\n3 کوئی نیا\n0 واپس");
	CHECK(ussd_menu_fits(out, strlen(out)));
	ussd_menu_input(&st, "3", 1, &req);
	CHECK_INT(st.screen, USSD_S_NEW_NAME);
	(void)ussd_menu_render(&st, &req, NULL, 0, out, sizeof(out), recap,
	    sizeof(recap));
	CHECK_STR(out, "نئے شخص کا نام؟\n0 واپس");
	/* A name has letters. */
	ussd_menu_input(&st, "1234", 4, &req);
	CHECK_INT(st.hint, USSD_HINT_NAME);
	CHECK_INT(st.screen, USSD_S_NEW_NAME);
	ussd_menu_input(&st, "Zainab Bibi", 11, &req);
	CHECK_INT(st.screen, USSD_S_PIN);
	ussd_menu_input(&st, "7777", 4, &req);
	CHECK_INT(req.need, USSD_DO_ADD);
	CHECK_STR(req.arg, "7777");
	CHECK_STR(req.arg2, "Zainab Bibi");
	CHECK_STR(ussd_need_kind(req.need), "add");
	/* Not added (the name is there already): the session says so. */
	CHECK_INT(ussd_menu_render(&st, &req, gone, 1, out, sizeof(out),
	    recap, sizeof(recap)), USSD_END);
	CHECK_STR(out, ussd_menu_text(USSD_T_ADD_FAILED, HLANG_UR));
}
