/*
 * ussd_who.c: the dial's person is served only under the generation it
 * was asked under, only for a while, and a shared number's list never.
 */
#include <stdio.h>
#include <string.h>

#include "tests/unit/unit.h"
#include "ussd/ussd.h"

UNIT_TEST(who_kept_while_its_generation_holds)
{
	struct ussd_row	 r[2], got;
	char		 name[32];

	ussd_who_clear();
	r[0].k = "user";
	r[0].a = "ur";
	r[0].b = "Gul Bibi";
	r[0].c = "7";
	CHECK_INT(ussd_who_get("923001234567", 5, 1000, &got), -1);
	(void)snprintf(name, sizeof(name), "%s", r[0].b);
	r[0].b = name;
	ussd_who_put("923001234567", 5, 1000, r, 1);
	name[0] = 'X';			/* the answer was copied */
	CHECK_INT(ussd_who_get("923001234567", 5, 2000, &got), 1);
	CHECK_STR(got.k, "user");
	CHECK_STR(got.a, "ur");
	CHECK_STR(got.b, "Gul Bibi");
	CHECK_STR(got.c, "7");
	/* The number changed since (or the worker stopped listening). */
	CHECK_INT(ussd_who_get("923001234567", 6, 2000, &got), -1);
	CHECK_INT(ussd_who_get("923001234567", 0, 2000, &got), -1);
	/* Another number, and the same one once USSD_WHO_MS went by. */
	CHECK_INT(ussd_who_get("923001234568", 5, 2000, &got), -1);
	CHECK_INT(ussd_who_get("923001234567", 5, 1000 + USSD_WHO_MS, &got),
	    -1);
	ussd_who_clear();
	CHECK_INT(ussd_who_get("923001234567", 5, 2000, &got), -1);
}

UNIT_TEST(who_nobody_is_kept_a_shared_list_is_not)
{
	struct ussd_row	r[2], got;

	memset(r, 0, sizeof(r));
	ussd_who_clear();
	/* Nobody: the dial offers registration, from memory too. */
	ussd_who_put("923001234567", 9, 0, r, 0);
	CHECK_INT(ussd_who_get("923001234567", 9, 1, &got), 0);
	/* A shared number's "who is this?" list: asked every time. */
	r[0].k = "1";
	r[0].a = "";
	r[0].b = "Ayesha";
	r[0].c = "seat:ur";
	r[1].k = "new";
	r[1].a = r[1].b = "";
	r[1].c = "seat:ur";
	ussd_who_put("923001234569", 9, 0, r, 2);
	CHECK_INT(ussd_who_get("923001234569", 9, 1, &got), -1);
	ussd_who_put("923001234569", 9, 0, r, 1);
	CHECK_INT(ussd_who_get("923001234569", 9, 1, &got), -1);
	/* Nothing is kept without a generation. */
	r[0].k = "user";
	ussd_who_put("923001234570", 0, 0, r, 1);
	CHECK_INT(ussd_who_get("923001234570", 0, 1, &got), -1);
	ussd_who_clear();
}
