/* The cached match profile: round trips and every way a blob can be bad. */
#include <stdlib.h>
#include <string.h>

#include "infra/infra.h"
#include "matching/matching.h"
#include "tests/unit/unit.h"

static void
tmp_profile(struct match_profile *p, int nskills)
{
	int		i;

	memset(p, 0, sizeof(*p));
	p->user_id = 4242424242ULL;
	p->district_id = 13;
	p->province_id = 2;
	p->availability = MATCH_AVAIL_PART;
	p->langs = MATCH_LANG_EN | MATCH_LANG_UR | MATCH_LANG_SD;
	p->quiz_avg = 87;
	p->certificates = 3;
	p->rating_x100 = 460;
	p->completed_gigs = 12;
	p->last_active = 1764300000;
	p->certified_at = 1764000000;
	p->nskills = (uint8_t)nskills;
	for (i = 0; i < nskills; i++) {
		p->skills[i].id = (uint16_t)(1 + i * 6);
		p->skills[i].level = (uint8_t)(1 + i % 3);
		p->skills[i].certified = (uint8_t)(i % 2);
	}
}

UNIT_TEST(match_profile_roundtrip)
{
	static const int	 counts[] = { 0, 1, 5, MATCH_PROFILE_SKILLS };
	struct match_profile	 p, q;
	struct infra_buf	 b;
	size_t			 i;

	for (i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		tmp_profile(&p, counts[i]);
		infra_buf_init(&b);
		CHECK_INT(match_profile_encode(&p, &b), MATCH_OK);
		CHECK_INT(b.data[0], MATCH_PROFILE_VERSION);
		CHECK_INT(match_profile_decode(b.data, b.len, &q), MATCH_OK);
		CHECK(memcmp(&p, &q, sizeof(p)) == 0);
		infra_buf_free(&b);
	}
}

UNIT_TEST(match_profile_small)
{
	struct match_profile	p;
	struct infra_buf	b;

	/* What Redis holds per trainee: a typical 5-skill profile. */
	tmp_profile(&p, 5);
	infra_buf_init(&b);
	CHECK_INT(match_profile_encode(&p, &b), MATCH_OK);
	CHECK(b.len <= 40);
	/* Under Redis' listpack limit (64 bytes) up to 12 skills. */
	tmp_profile(&p, 12);
	b.len = 0;
	CHECK_INT(match_profile_encode(&p, &b), MATCH_OK);
	CHECK(b.len <= 64);
	infra_buf_free(&b);
}

UNIT_TEST(match_profile_truncated)
{
	struct match_profile	p, q;
	struct infra_buf	b;
	size_t			n;

	tmp_profile(&p, 7);
	infra_buf_init(&b);
	CHECK_INT(match_profile_encode(&p, &b), MATCH_OK);
	for (n = 0; n < b.len; n++)
		CHECK(match_profile_decode(b.data, n, &q) != MATCH_OK);
	/* One byte too many is as bad as one too few. */
	CHECK_INT(infra_buf_add(&b, "\x00", 1), 0);
	CHECK_INT(match_profile_decode(b.data, b.len, &q), MATCH_ERR_CORRUPT);
	infra_buf_free(&b);
}

UNIT_TEST(match_profile_old_version)
{
	struct match_profile	p, q;
	struct infra_buf	b;

	tmp_profile(&p, 3);
	infra_buf_init(&b);
	CHECK_INT(match_profile_encode(&p, &b), MATCH_OK);
	b.data[0] = 0;
	CHECK_INT(match_profile_decode(b.data, b.len, &q), MATCH_ERR_VERSION);
	b.data[0] = MATCH_PROFILE_VERSION + 1;
	CHECK_INT(match_profile_decode(b.data, b.len, &q), MATCH_ERR_VERSION);
	infra_buf_free(&b);
}

UNIT_TEST(match_profile_flips)
{
	struct match_profile	p, q;
	struct infra_buf	b;
	uint8_t			copy[256];
	size_t			i, bit;
	unsigned int		seed;
	int			rc, ok;

	/* Every single-bit flip: an error, or a profile that is valid. */
	tmp_profile(&p, 6);
	infra_buf_init(&b);
	CHECK_INT(match_profile_encode(&p, &b), MATCH_OK);
	CHECK(b.len <= sizeof(copy));
	ok = 1;
	for (i = 0; i < b.len; i++) {
		for (bit = 0; bit < 8; bit++) {
			memcpy(copy, b.data, b.len);
			copy[i] ^= (uint8_t)(1 << bit);
			rc = match_profile_decode(copy, b.len, &q);
			if (rc == MATCH_OK && !match_profile_valid(&q))
				ok = 0;
		}
	}
	CHECK(ok);
	/* And random garbage of every length up to the buffer. */
	seed = 7;
	for (i = 0; i < 20000; i++) {
		memcpy(copy, b.data, b.len);
		for (bit = 0; bit < 4; bit++) {
			seed = seed * 1103515245 + 12345;
			copy[(seed >> 8) % b.len] = (uint8_t)(seed >> 16);
		}
		rc = match_profile_decode(copy, (seed >> 4) % (b.len + 1), &q);
		if (rc == MATCH_OK && !match_profile_valid(&q))
			ok = 0;
	}
	CHECK(ok);
	infra_buf_free(&b);
}

UNIT_TEST(match_profile_refused)
{
	struct match_profile	p, q;
	struct infra_buf	b;
	size_t			i;
	static const struct {
		const char	*blob;
		size_t		 len;
	} bad[] = {
		/* quiz_avg 101 */
		{ "\x02\x9c\x01\x01\x01\x00\x01\x65\x00\x00\x00\x00\x00"
		    "\xc4\x00", 15 },
		/* rating 50: below one star */
		{ "\x02\x9c\x01\x01\x01\x00\x01\x10\x00\x32\x00\x00\x00"
		    "\xc4\x00", 15 },
		/* a map where the array belongs */
		{ "\x02\x81\x01\x02", 4 },
		/* user id 0 */
		{ "\x02\x9c\x00\x01\x01\x00\x01\x10\x00\x00\x00\x00\x00"
		    "\xc4\x00", 15 },
		/* skill with level 0 (id 1: 1 << 3) */
		{ "\x02\x9c\x01\x01\x01\x00\x01\x10\x00\x00\x00\x00\x00"
		    "\xc4\x02\x00\x08", 17 },
		/* the same skill twice */
		{ "\x02\x9c\x01\x01\x01\x00\x01\x10\x00\x00\x00\x00\x00"
		    "\xc4\x04\x00\x09\x00\x09", 19 },
		/* half a skill: an odd bin */
		{ "\x02\x9c\x01\x01\x01\x00\x01\x10\x00\x00\x00\x00\x00"
		    "\xc4\x03\x00\x09\x00", 18 },
		/* skill id 513, past the bitsets */
		{ "\x02\x9c\x01\x01\x01\x00\x01\x10\x00\x00\x00\x00\x00"
		    "\xc4\x02\x10\x09", 17 },
		/* the skills as version 1's array of integers */
		{ "\x02\x9c\x01\x01\x01\x00\x01\x10\x00\x00\x00\x00\x00"
		    "\x91\x09", 15 },
		/* a string instead of the district */
		{ "\x02\x9c\x01\xa1x\x01\x00\x01\x10\x00\x00\x00\x00\x00"
		    "\xc4\x00", 16 },
		/* negative last_active */
		{ "\x02\x9c\x01\x01\x01\x00\x01\x10\x00\x00\x00\xff\x00"
		    "\xc4\x00", 15 },
	};

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK_INT(match_profile_decode(bad[i].blob, bad[i].len, &q),
		    MATCH_ERR_CORRUPT);
	/* The well-formed sibling of the cases above decodes. */
	CHECK_INT(match_profile_decode(
	    "\x02\x9c\x01\x01\x01\x00\x01\x10\x00\x00\x00\x00\x00"
	    "\xc4\x02\x00\x09", 17, &q), MATCH_OK);
	CHECK_INT(q.nskills, 1);
	CHECK_INT(q.skills[0].id, 1);
	CHECK_INT(q.skills[0].level, 1);
	/* A well-formed version 1 blob is another version: a cache miss. */
	CHECK_INT(match_profile_decode(
	    "\x01\x9c\x01\x01\x01\x00\x01\x10\x00\x00\x00\x00\x00\x91\x09",
	    15, &q), MATCH_ERR_VERSION);

	/* The encoder refuses what the decoder would reject. */
	tmp_profile(&p, 2);
	p.skills[1].id = MATCH_SKILL_BITS;
	infra_buf_init(&b);
	CHECK_INT(match_profile_encode(&p, &b), MATCH_ERR_CORRUPT);
	tmp_profile(&p, 2);
	p.availability = 9;
	CHECK_INT(match_profile_encode(&p, &b), MATCH_ERR_CORRUPT);
	infra_buf_free(&b);
}

UNIT_TEST(match_profile_codes)
{
	CHECK_INT(match_avail_parse("full_time"), MATCH_AVAIL_FULL);
	CHECK_INT(match_avail_parse("weekends"), MATCH_AVAIL_WEEKENDS);
	CHECK_INT(match_avail_parse("sometimes"), -1);
	CHECK_STR(match_avail_code(MATCH_AVAIL_PART), "part_time");
	CHECK_INT(match_lang_bit("bal"), MATCH_LANG_BAL);
	CHECK_INT(match_lang_bit("fr"), 0);
}
