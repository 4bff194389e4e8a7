/* page_pw.c: common passwords and the person's own number are refused. */
#include "tests/unit/unit.h"
#include "infra/page.h"

UNIT_TEST(pw_common_and_monotonous_are_refused)
{
	/* Run from the repository's root, as tests/run does. */
	CHECK(page_pw_load("infra/common-passwords.txt") >= 10000);
	CHECK_INT(page_valid_password_for("12345678", NULL), PS_ERR_PW_COMMON);
	CHECK_INT(page_valid_password_for("PassWord", NULL), PS_ERR_PW_COMMON);
	CHECK_INT(page_valid_password_for("        ", NULL), PS_ERR_PW_COMMON);
	CHECK_INT(page_valid_password_for("12121212", NULL), PS_ERR_PW_COMMON);
	CHECK_INT(page_valid_password_for("Pakistan786", NULL),
	    PS_ERR_PW_COMMON);
	/* Deep in the list: the file, not the built-in few, refuses it. */
	CHECK_INT(page_valid_password_for("casper12", NULL), PS_ERR_PW_COMMON);
	CHECK_INT(page_valid_password_for("short", NULL), PS_ERR_PASSWORD);
	CHECK_INT(page_valid_password_for("tea kettle monsoon", NULL), PS_NONE);
	CHECK_INT(page_valid_password_for("pass-word-1", NULL), PS_NONE);
	CHECK_INT(page_valid_password_for("ہنر سیکھو روزی کماؤ", NULL), PS_NONE);
}

UNIT_TEST(pw_own_number_in_any_form_is_refused)
{
	static const char *const	bad[] = { "03001234567", "923001234567",
	    "+92 300 1234567", "0300-1234567", "3001234567", "001234567",
	    "0300 123 4567", "sana3001234567", "3001234567abc", NULL };
	int				i;

	for (i = 0; bad[i] != NULL; i++)
		CHECK_INT(page_valid_password_for(bad[i], "923001234567"),
		    PS_ERR_PW_PHONE);
	/* Someone else's number, or digits that are not the number. */
	CHECK_INT(page_valid_password_for("03451234567", "923001234567"),
	    PS_NONE);
	CHECK_INT(page_valid_password_for("kite 4567 lamp", "923001234567"),
	    PS_NONE);
}
