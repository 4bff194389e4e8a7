/* infra_qs.c and the infra_buf helpers. */
#include <msgpack.h>

#include "infra/infra.h"
#include "tests/unit/unit.h"

UNIT_TEST(infra_qs_finds_and_decodes)
{
	const char	*qs = "a=1&text=HELP+me%0Anow&empty=&flag&x=%zz";
	char		 out[64];

	CHECK_INT(infra_qs_get(qs, strlen(qs), "a", out, sizeof(out)), 1);
	CHECK_STR(out, "1");
	CHECK_INT(infra_qs_get(qs, strlen(qs), "text", out, sizeof(out)), 11);
	CHECK_STR(out, "HELP me\nnow");
	CHECK_INT(infra_qs_get(qs, strlen(qs), "empty", out, sizeof(out)), 0);
	CHECK_INT(infra_qs_get(qs, strlen(qs), "flag", out, sizeof(out)), 0);
	CHECK_INT(infra_qs_get(qs, strlen(qs), "x", out, sizeof(out)), 3);
	CHECK_STR(out, "%zz");
	CHECK_INT(infra_qs_get(qs, strlen(qs), "missing", out, sizeof(out)), -1);
	CHECK_INT(infra_qs_get(qs, strlen(qs), "tex", out, sizeof(out)), -1);
}

UNIT_TEST(infra_qs_truncates_but_reports_length)
{
	const char	*qs = "t=abcdefghij";
	char		 out[4];

	CHECK_INT(infra_qs_get(qs, strlen(qs), "t", out, sizeof(out)), 10);
	CHECK_STR(out, "abc");
}

UNIT_TEST(infra_qs_percent_at_end_is_literal)
{
	char	out[8];

	CHECK_INT(infra_url_decode("a%4", 3, out, sizeof(out)), 3);
	CHECK_STR(out, "a%4");
	CHECK_INT(infra_url_decode("%41%", 4, out, sizeof(out)), 2);
	CHECK_STR(out, "A%");
}

UNIT_TEST(infra_buf_grows_and_formats)
{
	struct infra_buf	b;
	int			i;

	infra_buf_init(&b);
	for (i = 0; i < 1000; i++)
		CHECK_INT(infra_buf_fmt(&b, "%d,", i), 0);
	CHECK(b.len > 2000);
	CHECK(strncmp((char *)b.data, "0,1,2,", 6) == 0);
	CHECK_INT(b.data[b.len], 0);
	infra_buf_free(&b);
	CHECK(b.data == NULL);
}

UNIT_TEST(infra_msgpack_round_trip_string)
{
	struct infra_buf	b;
	msgpack_packer		pk;
	msgpack_unpacked	u;
	char			out[8];

	infra_buf_init(&b);
	msgpack_packer_init(&pk, &b, infra_msgpack_write);
	msgpack_pack_str(&pk, 5);
	msgpack_pack_str_body(&pk, "hunar", 5);
	msgpack_unpacked_init(&u);
	CHECK(msgpack_unpack_next(&u, (const char *)b.data, b.len, NULL) ==
	    MSGPACK_UNPACK_SUCCESS);
	CHECK_INT(infra_msgpack_str(&u.data, out, sizeof(out)), 0);
	CHECK_STR(out, "hunar");
	CHECK_INT(infra_msgpack_str(&u.data, out, 5), -1);
	msgpack_unpacked_destroy(&u);
	infra_buf_free(&b);
}

UNIT_TEST(infra_json_unescape_u_writes_utf8)
{
	char	s[128];
	size_t	n;

	(void)snprintf(s, sizeof(s), "%s",
	    "{\"l\":\"\\u0627\\u0631\\u062f\\u0648\\u060c "
	    "\\ud83d\\ude00 \\u0022q\\u005c \\\\u0041 \\u0001 \\ud800x\"}");
	n = infra_json_unescape_u(s, strlen(s));
	s[n] = '\0';
	CHECK_STR(s, "{\"l\":\"اردو، 😀 \\\"q\\\\ \\\\u0041 \\u0001 �x\"}");
}
