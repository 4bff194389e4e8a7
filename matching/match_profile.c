/*
 * The trainee match profile as it is cached in Redis: one version byte,
 * then one msgpack array.  An array rather than a map, every integer in
 * its smallest msgpack form and the skills as one bin of two bytes each
 * keep a typical profile near 35 bytes, which matters at millions of
 * trainees; the version byte lets a new layout coexist with old entries,
 * which then read as cache misses (version 1 had the skills as an array
 * of integers, three bytes each).
 *
 *	[user_id, district, province, availability, langs, quiz_avg,
 *	 certificates, rating_x100, completed_gigs, last_active,
 *	 certified_at, bin(skill, ...)]
 *	skill = big-endian uint16: id << 3 | certified << 2 | level
 *
 * Decoding trusts nothing: every type, range and count is checked, the
 * whole buffer must be consumed, and any doubt answers MATCH_ERR_CORRUPT.
 */
#include <msgpack.h>
#include <string.h>

#include "infra/infra.h"
#include "matching/matching.h"

#define MATCH_PROFILE_FIELDS	12

static const char *match_avail_codes[] = {
	"full_time", "part_time", "weekends", "unavailable"
};

static const char *match_lang_codes[] = {
	"en", "ur", "pa", "ps", "sd", "bal"
};

int
match_avail_parse(const char *s)
{
	int		i;

	for (i = 0; i < 4; i++) {
		if (strcmp(s, match_avail_codes[i]) == 0)
			return (i);
	}
	return (-1);
}

const char *
match_avail_code(int a)
{
	if (a < 0 || a > MATCH_AVAIL_NONE)
		return ("unavailable");
	return (match_avail_codes[a]);
}

int
match_lang_bit(const char *s)
{
	int		i;

	for (i = 0; i < 6; i++) {
		if (strcmp(s, match_lang_codes[i]) == 0)
			return (1 << i);
	}
	return (0);
}

/* What the encoder refuses and the decoder rejects: one rule for both. */
int
match_profile_valid(const struct match_profile *p)
{
	uint64_t	seen[MATCH_SKILL_WORDS];
	int		i;
	uint16_t	id;

	if (p->user_id == 0 || p->availability > MATCH_AVAIL_NONE ||
	    (p->langs & ~MATCH_LANG_ALL) != 0 || p->quiz_avg > 100 ||
	    (p->rating_x100 != 0 &&
	    (p->rating_x100 < 100 || p->rating_x100 > 500)) ||
	    p->last_active < 0 || p->certified_at < 0 ||
	    p->nskills > MATCH_PROFILE_SKILLS)
		return (0);
	memset(seen, 0, sizeof(seen));
	for (i = 0; i < p->nskills; i++) {
		id = p->skills[i].id;
		if (id == 0 || id >= MATCH_SKILL_BITS ||
		    p->skills[i].level < 1 ||
		    p->skills[i].level > MATCH_LEVEL_MAX ||
		    p->skills[i].certified > 1)
			return (0);
		if (seen[id / 64] & (1ULL << (id % 64)))
			return (0);
		seen[id / 64] |= 1ULL << (id % 64);
	}
	return (1);
}

int
match_profile_encode(const struct match_profile *p, struct infra_buf *out)
{
	msgpack_packer	pk;
	uint8_t		ver, sk[MATCH_PROFILE_SKILLS * 2];
	int		i;
	unsigned int	v;

	if (!match_profile_valid(p))
		return (MATCH_ERR_CORRUPT);
	ver = MATCH_PROFILE_VERSION;
	if (infra_buf_add(out, &ver, 1) == -1)
		return (MATCH_ERR_NOMEM);
	msgpack_packer_init(&pk, out, infra_msgpack_write);
	if (msgpack_pack_array(&pk, MATCH_PROFILE_FIELDS) != 0 ||
	    msgpack_pack_uint64(&pk, p->user_id) != 0 ||
	    msgpack_pack_uint32(&pk, p->district_id) != 0 ||
	    msgpack_pack_uint16(&pk, p->province_id) != 0 ||
	    msgpack_pack_uint8(&pk, p->availability) != 0 ||
	    msgpack_pack_uint8(&pk, p->langs) != 0 ||
	    msgpack_pack_uint8(&pk, p->quiz_avg) != 0 ||
	    msgpack_pack_uint8(&pk, p->certificates) != 0 ||
	    msgpack_pack_uint16(&pk, p->rating_x100) != 0 ||
	    msgpack_pack_uint16(&pk, p->completed_gigs) != 0 ||
	    msgpack_pack_int64(&pk, p->last_active) != 0 ||
	    msgpack_pack_int64(&pk, p->certified_at) != 0)
		return (MATCH_ERR_NOMEM);
	for (i = 0; i < p->nskills; i++) {
		v = (unsigned int)p->skills[i].id << 3 |
		    (unsigned int)p->skills[i].certified << 2 |
		    p->skills[i].level;
		sk[2 * i] = (uint8_t)(v >> 8);
		sk[2 * i + 1] = (uint8_t)v;
	}
	if (msgpack_pack_bin(&pk, (size_t)p->nskills * 2) != 0 ||
	    msgpack_pack_bin_body(&pk, sk, (size_t)p->nskills * 2) != 0)
		return (MATCH_ERR_NOMEM);
	return (MATCH_OK);
}

/* An unsigned integer no larger than max, or -1. */
static int
match_obj_uint(const msgpack_object *o, uint64_t max, uint64_t *v)
{
	if (o->type != MSGPACK_OBJECT_POSITIVE_INTEGER ||
	    o->via.u64 > max)
		return (-1);
	*v = o->via.u64;
	return (0);
}

static int
match_profile_fields(const msgpack_object *root, struct match_profile *p)
{
	const msgpack_object	*f, *sk;
	const uint8_t		*b;
	uint64_t		 v[MATCH_PROFILE_FIELDS - 1];
	uint16_t		 s;
	static const uint64_t	 max[MATCH_PROFILE_FIELDS - 1] = {
		UINT64_MAX, UINT32_MAX, UINT16_MAX, MATCH_AVAIL_NONE,
		MATCH_LANG_ALL, 100, UINT8_MAX, 500, UINT16_MAX,
		INT64_MAX, INT64_MAX
	};
	uint32_t		 i;

	if (root->type != MSGPACK_OBJECT_ARRAY ||
	    root->via.array.size != MATCH_PROFILE_FIELDS)
		return (MATCH_ERR_CORRUPT);
	f = root->via.array.ptr;
	for (i = 0; i < MATCH_PROFILE_FIELDS - 1; i++) {
		if (match_obj_uint(&f[i], max[i], &v[i]) == -1)
			return (MATCH_ERR_CORRUPT);
	}
	memset(p, 0, sizeof(*p));
	p->user_id = v[0];
	p->district_id = (uint32_t)v[1];
	p->province_id = (uint16_t)v[2];
	p->availability = (uint8_t)v[3];
	p->langs = (uint8_t)v[4];
	p->quiz_avg = (uint8_t)v[5];
	p->certificates = (uint8_t)v[6];
	p->rating_x100 = (uint16_t)v[7];
	p->completed_gigs = (uint16_t)v[8];
	p->last_active = (int64_t)v[9];
	p->certified_at = (int64_t)v[10];

	sk = &f[MATCH_PROFILE_FIELDS - 1];
	if (sk->type != MSGPACK_OBJECT_BIN || sk->via.bin.size % 2 != 0 ||
	    sk->via.bin.size > MATCH_PROFILE_SKILLS * 2)
		return (MATCH_ERR_CORRUPT);
	b = (const uint8_t *)sk->via.bin.ptr;
	p->nskills = (uint8_t)(sk->via.bin.size / 2);
	for (i = 0; i < p->nskills; i++) {
		s = (uint16_t)(b[2 * i] << 8 | b[2 * i + 1]);
		p->skills[i].id = (uint16_t)(s >> 3);
		p->skills[i].certified = (uint8_t)((s >> 2) & 1);
		p->skills[i].level = (uint8_t)(s & 3);
	}
	return (match_profile_valid(p) ? MATCH_OK : MATCH_ERR_CORRUPT);
}

static uint64_t
match_be(const uint8_t *p, int n)
{
	uint64_t	v;
	int		i;

	for (v = 0, i = 0; i < n; i++)
		v = v << 8 | p[i];
	return (v);
}

/*
 * msgpack-c allocates an array's elements from the count in its header
 * before it looks at them: a flipped bit there asks for gigabytes.  This
 * walk checks every length against the bytes that are really left, so
 * that only a plausible buffer reaches the unpacker.  Returns the end of
 * the object at p, or NULL.
 */
/*
 * The header of a msgpack object of type c past its first byte (*pp):
 * the bytes (*n) or, for an array or map (*h), the objects it holds;
 * *pp moves past the length.  -1 when the header is cut short or c is
 * never used.
 */
static int
match_mp_head(uint8_t c, const uint8_t **pp, const uint8_t *end, uint64_t *n,
    int *h, int *maplike)
{
	if (c >= 0xa0 && c <= 0xbf) {
		*n = c & 0x1f;
		return (0);
	}
	if (c >= 0x80 && c <= 0x9f) {
		*h = 1;
		*maplike = c <= 0x8f;
		*n = c & 0x0f;
		return (0);
	}
	switch (c) {
	case 0xcc: case 0xd0: *n = 1; break;
	case 0xcd: case 0xd1: *n = 2; break;
	case 0xca: case 0xce: case 0xd2: *n = 4; break;
	case 0xcb: case 0xcf: case 0xd3: *n = 8; break;
	case 0xd4: *n = 2; break;
	case 0xd5: *n = 3; break;
	case 0xd6: *n = 5; break;
	case 0xd7: *n = 9; break;
	case 0xd8: *n = 17; break;
	case 0xc4: case 0xd9: case 0xc7:
		if (end - *pp < 1)
			return (-1);
		*n = match_be(*pp, 1) + (c == 0xc7);
		*pp += 1;
		break;
	case 0xc5: case 0xda: case 0xc8:
		if (end - *pp < 2)
			return (-1);
		*n = match_be(*pp, 2) + (c == 0xc8);
		*pp += 2;
		break;
	case 0xc6: case 0xdb: case 0xc9:
		if (end - *pp < 4)
			return (-1);
		*n = match_be(*pp, 4) + (c == 0xc9);
		*pp += 4;
		break;
	case 0xdc: case 0xde:
		if (end - *pp < 2)
			return (-1);
		*n = match_be(*pp, 2);
		*pp += 2;
		*h = 1;
		*maplike = c == 0xde;
		break;
	case 0xdd: case 0xdf:
		if (end - *pp < 4)
			return (-1);
		*n = match_be(*pp, 4);
		*pp += 4;
		*h = 1;
		*maplike = c == 0xdf;
		break;
	default:
		return (-1);		/* 0xc1: never used */
	}
	return (0);
}

static const uint8_t *
match_mp_skip(const uint8_t *p, const uint8_t *end, int depth)
{
	uint64_t	n, i;
	int		h, maplike;
	uint8_t		c;

	if (p >= end || depth > 4)
		return (NULL);
	c = *p++;
	n = 0;
	h = 0;
	maplike = 0;
	if (c <= 0x7f || c >= 0xe0 || c == 0xc0 || c == 0xc2 || c == 0xc3)
		return (p);
	if (match_mp_head(c, &p, end, &n, &h, &maplike) == -1)
		return (NULL);
	if (!h)
		return ((uint64_t)(end - p) < n ? NULL : p + n);
	if (maplike)
		n *= 2;
	if (n > (uint64_t)(end - p))
		return (NULL);
	for (i = 0; i < n; i++) {
		if ((p = match_mp_skip(p, end, depth + 1)) == NULL)
			return (NULL);
	}
	return (p);
}

int
match_profile_decode(const void *data, size_t len, struct match_profile *p)
{
	msgpack_unpacked	 up;
	msgpack_unpack_return	 r;
	const uint8_t		*b = data;
	size_t			 off;
	int			 rc;

	if (len < 2)
		return (MATCH_ERR_CORRUPT);
	if (b[0] != MATCH_PROFILE_VERSION)
		return (MATCH_ERR_VERSION);
	/* Far beyond the largest valid profile: refuse before unpacking. */
	if (len > 64 + MATCH_PROFILE_SKILLS * 2)
		return (MATCH_ERR_CORRUPT);
	if (match_mp_skip(b + 1, b + len, 0) != b + len)
		return (MATCH_ERR_CORRUPT);
	msgpack_unpacked_init(&up);
	off = 0;
	r = msgpack_unpack_next(&up, (const char *)b + 1, len - 1, &off);
	if (r != MSGPACK_UNPACK_SUCCESS || off != len - 1)
		rc = MATCH_ERR_CORRUPT;
	else
		rc = match_profile_fields(&up.data, p);
	msgpack_unpacked_destroy(&up);
	return (rc);
}
