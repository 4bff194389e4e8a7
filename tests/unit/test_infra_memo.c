/* infra_memo.c: a hit only under the same stamp, bounded, LRU out first. */
#include <stdio.h>

#include "tests/unit/unit.h"
#include "infra/infra.h"

UNIT_TEST(memo_hit_only_with_same_stamp)
{
	struct infra_memo	 m;
	const char		*v;
	size_t			 n;

	infra_memo_init(&m, 1024);
	CHECK(infra_memo_get(&m, "prov/KP/district/en", "1", &n) == NULL);
	CHECK_INT(infra_memo_put(&m, "prov/KP/district/en", "1", "page", 4), 1);
	v = infra_memo_get(&m, "prov/KP/district/en", "1", &n);
	CHECK(v != NULL && n == 4 && memcmp(v, "page", 4) == 0);
	/* A new refresh: the old bytes are never served. */
	CHECK(infra_memo_get(&m, "prov/KP/district/en", "2", &n) == NULL);
	CHECK(infra_memo_get(&m, "prov/KP/district/ur", "1", &n) == NULL);
	CHECK_INT(infra_memo_put(&m, "prov/KP/district/en", "2", "new!", 4), 1);
	v = infra_memo_get(&m, "prov/KP/district/en", "2", &n);
	CHECK(v != NULL && memcmp(v, "new!", 4) == 0);
	CHECK_INT(m.bytes, 4);
	CHECK_INT(m.hits, 2);
	infra_memo_clear(&m);
	CHECK_INT(m.bytes, 0);
	CHECK(infra_memo_get(&m, "prov/KP/district/en", "2", &n) == NULL);
}

UNIT_TEST(memo_bounded_lru_goes_first)
{
	struct infra_memo	 m;
	char			 key[32];
	size_t			 n;
	int			 i;

	infra_memo_init(&m, 100);
	CHECK_INT(infra_memo_put(&m, "a", "1", "0123456789012345678901234"
	    "5678901234567890123456789", 50), 1);
	CHECK_INT(infra_memo_put(&m, "b", "1", "0123456789012345678901234"
	    "5678901234567890123456789", 50), 1);
	(void)infra_memo_get(&m, "a", "1", &n);		/* a is fresher */
	CHECK_INT(infra_memo_put(&m, "c", "1", "xx", 2), 1);
	CHECK(infra_memo_get(&m, "b", "1", &n) == NULL);
	CHECK(infra_memo_get(&m, "a", "1", &n) != NULL);
	CHECK(m.bytes <= 100);
	/* Too big, an empty value, a key too long: not kept. */
	CHECK_INT(infra_memo_put(&m, "d", "1", "x", 0), 0);
	CHECK_INT(infra_memo_put(&m, "d", "1", key, 101), 0);
	memset(key, 'k', sizeof(key));
	key[sizeof(key) - 1] = '\0';
	CHECK_INT(infra_memo_put(&m, "e", "0123456789012345678901234567890123"
	    "45678901234567890123456789012345", "x", 1), 0);
	/* More keys than slots: the count stays bounded, nothing leaks. */
	for (i = 0; i < INFRA_MEMO_N * 3; i++) {
		(void)snprintf(key, sizeof(key), "k%d", i);
		CHECK_INT(infra_memo_put(&m, key, "1", "y", 1), 1);
	}
	CHECK(m.bytes <= INFRA_MEMO_N);
	CHECK(infra_memo_get(&m, "k0", "1", &n) == NULL);
	CHECK(infra_memo_get(&m, key, "1", &n) != NULL);
	infra_memo_clear(&m);
}
