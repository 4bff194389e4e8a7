/* The snapshot file: round trip, and nothing in it trusted. */
#include <stdlib.h>
#include <string.h>

#include "infra/infra.h"
#include "matching/matching.h"
#include "tests/unit/unit.h"

#define TSN_NOW		1764300000LL

static void
tsn_profile(struct match_profile *p, uint64_t uid)
{
	int	i;

	memset(p, 0, sizeof(*p));
	p->user_id = uid;
	p->district_id = uid % 7 ? (uint32_t)(uid % 170) : 70000;
	p->province_id = (uint16_t)(uid % 8);
	p->availability = uid % 4;
	p->langs = MATCH_LANG_UR | (uid % 2 ? MATCH_LANG_EN : 0);
	p->quiz_avg = uid % 101;
	p->certificates = uid % 5;
	p->rating_x100 = uid % 3 ? 0 : 100 + uid % 401;
	p->completed_gigs = (uint16_t)(uid % 3 ? 0 : uid % 40);
	p->last_active = TSN_NOW - (int64_t)(uid % 90) * 86400;
	p->certified_at = uid % 2 ? TSN_NOW - 86400 : 0;
	p->nskills = (uint8_t)(uid % 9 == 0 ? MATCH_PROFILE_SKILLS : uid % 6);
	for (i = 0; i < p->nskills; i++) {
		p->skills[i].id = (uint16_t)(1 + (uid + i * 37) % 511);
		p->skills[i].level = (uint8_t)(1 + (uid + i) % 3);
		p->skills[i].certified = (uid + i) % 2;
	}
	/* Distinct ids: 37 steps over 511 never meet within 48. */
}

/* An index of n trainees (one in ten deleted again) and its file. */
static void
tsn_build(struct match_index *x, uint32_t n, struct infra_buf *b)
{
	struct match_weights	w;
	struct match_profile	p;
	struct match_snap_head	st;
	uint32_t		i;

	match_weights_default(&w);
	(void)match_index_init(x, &w, TSN_NOW);
	for (i = 1; i <= n; i++) {
		tsn_profile(&p, 1000 + i * 13);
		(void)match_index_put(x, &p);
	}
	for (i = 1; i <= n; i += 10)
		(void)match_index_del(x, 1000 + i * 13);
	memset(&st, 0, sizeof(st));
	st.shard_i = 1;
	st.shard_n = 3;
	st.gen = 7;
	st.ver = 123456789012LL;
	infra_buf_init(b);
	(void)match_snap_write(b, x, &st);
}

UNIT_TEST(match_snap_roundtrip)
{
	struct match_index	 x, y;
	struct match_weights	 w;
	struct match_profile	 a, c;
	struct match_snap_head	 h;
	struct infra_buf	 b;
	size_t			 ok, refused;
	uint32_t		 r;
	int			 row;

	tsn_build(&x, 500, &b);
	CHECK_INT(match_snap_check(b.data, b.len, &h), MATCH_OK);
	CHECK_INT(h.count, x.live);
	CHECK_INT(h.count, 450);
	CHECK_INT(h.shard_i, 1);
	CHECK_INT(h.shard_n, 3);
	CHECK_INT(h.gen, 7);
	CHECK_INT(h.ver, 123456789012LL);
	match_weights_default(&w);
	CHECK_INT(match_index_init(&y, &w, TSN_NOW), 0);
	CHECK_INT(match_snap_load(b.data, b.len, &y, &ok, &refused), 0);
	CHECK_INT(ok, 450);
	CHECK_INT(refused, 0);
	CHECK_INT(y.live, x.live);
	for (r = 0; r < x.n; r++) {
		if (!x.alive[r])
			continue;
		match_index_profile(&x, r, &a);
		row = match_index_find(&y, a.user_id);
		CHECK(row >= 0);
		if (row < 0)
			continue;
		match_index_profile(&y, (uint32_t)row, &c);
		CHECK(memcmp(&a, &c, sizeof(a)) == 0);
		CHECK(x.statics[r] == y.statics[row]);
	}
	CHECK_INT(match_index_find(&y, 1000 + 13), -1);
	match_index_free(&x);
	match_index_free(&y);
	infra_buf_free(&b);
}

/* A flipped byte, a cut, another format: the whole file refused. */
UNIT_TEST(match_snap_refused)
{
	struct match_index	 x, y;
	struct match_weights	 w;
	struct match_snap_head	 h;
	struct infra_buf	 b;
	size_t			 ok, refused, i;
	uint32_t		 fmt;

	tsn_build(&x, 200, &b);
	match_weights_default(&w);
	for (i = 0; i < b.len; i += b.len / 37 + 1) {
		b.data[i] ^= 0x20;
		CHECK(match_snap_check(b.data, b.len, &h) != MATCH_OK);
		b.data[i] ^= 0x20;
	}
	CHECK_INT(match_snap_check(b.data, b.len - 1, &h), MATCH_ERR_CORRUPT);
	CHECK_INT(match_snap_check(b.data, 10, &h), MATCH_ERR_CORRUPT);
	CHECK_INT(match_snap_check(b.data, 0, &h), MATCH_ERR_CORRUPT);
	memcpy(&fmt, b.data + 12, sizeof(fmt));
	fmt++;
	memcpy(b.data + 12, &fmt, sizeof(fmt));
	CHECK_INT(match_snap_check(b.data, b.len, &h), MATCH_ERR_VERSION);
	CHECK_INT(match_index_init(&y, &w, TSN_NOW), 0);
	CHECK_INT(match_snap_load(b.data, b.len, &y, &ok, &refused), -1);
	CHECK_INT(ok, 0);
	CHECK_INT(y.live, 0);
	match_index_free(&x);
	match_index_free(&y);
	infra_buf_free(&b);
}

/*
 * A record that is no valid profile under a good checksum (a writer's
 * bug, not a disk's): skipped and counted, the others loaded; a head
 * whose count disagrees fails the load.
 */
UNIT_TEST(match_snap_bad_record)
{
	struct match_index	 x, y;
	struct match_weights	 w;
	struct match_snap_head	 h;
	struct infra_buf	 b;
	size_t			 ok, refused;
	uint8_t			 bad = 9;

	tsn_build(&x, 50, &b);
	memcpy(&h, b.data, sizeof(h));
	/* The first record's availability: head, then 8 + 4 + 2 bytes. */
	memcpy(b.data + sizeof(h) + 14, &bad, 1);
	h.sum = match_snap_sum(b.data + sizeof(h), h.len);
	memcpy(b.data, &h, sizeof(h));
	match_weights_default(&w);
	CHECK_INT(match_index_init(&y, &w, TSN_NOW), 0);
	CHECK_INT(match_snap_load(b.data, b.len, &y, &ok, &refused), 0);
	CHECK_INT(refused, 1);
	CHECK_INT(ok, x.live - 1);
	match_index_free(&y);

	h.count++;
	h.sum = match_snap_sum(b.data + sizeof(h), h.len);
	memcpy(b.data, &h, sizeof(h));
	CHECK_INT(match_index_init(&y, &w, TSN_NOW), 0);
	CHECK_INT(match_snap_load(b.data, b.len, &y, &ok, &refused), -1);
	match_index_free(&y);
	match_index_free(&x);
	infra_buf_free(&b);
}
