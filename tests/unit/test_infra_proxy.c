/* infra_proxy.c: X-Forwarded-For believed from a trusted proxy only. */
#include "tests/unit/unit.h"
#include "infra/infra.h"

UNIT_TEST(proxy_trusted_takes_forwarded)
{
	char	out[64];

	CHECK_INT(infra_proxy_pick("127.0.0.1", "127.0.0.1", "203.0.113.7",
	    out, sizeof(out)), 1);
	CHECK_STR(out, "203.0.113.7");
	/* The proxy's own entry is the last one; a client's comes first. */
	CHECK_INT(infra_proxy_pick("10.0.0.5", "10.0.0.4, 10.0.0.5",
	    "1.2.3.4, 198.51.100.9", out, sizeof(out)), 1);
	CHECK_STR(out, "198.51.100.9");
	CHECK_INT(infra_proxy_pick("127.0.0.1", "127.0.0.1", "2001:db8::1",
	    out, sizeof(out)), 1);
	CHECK_STR(out, "2001:db8::1");
}

UNIT_TEST(proxy_untrusted_or_bad_keeps_peer)
{
	char	out[64];

	CHECK_INT(infra_proxy_pick("192.0.2.1", "127.0.0.1", "127.0.0.1",
	    out, sizeof(out)), 0);
	CHECK_STR(out, "192.0.2.1");
	CHECK_INT(infra_proxy_pick("127.0.0.1", "", "203.0.113.7",
	    out, sizeof(out)), 0);
	CHECK_STR(out, "127.0.0.1");
	CHECK_INT(infra_proxy_pick("127.0.0.1", "127.0.0.10", "203.0.113.7",
	    out, sizeof(out)), 0);
	CHECK_INT(infra_proxy_pick("127.0.0.1", "127.0.0.1", "not-an-ip",
	    out, sizeof(out)), 0);
	CHECK_STR(out, "127.0.0.1");
	CHECK_INT(infra_proxy_pick("127.0.0.1", "127.0.0.1", NULL,
	    out, sizeof(out)), 0);
	CHECK_INT(infra_proxy_pick("127.0.0.1", "127.0.0.1", "",
	    out, sizeof(out)), 0);
}
