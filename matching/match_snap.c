/*
 * The matcher's index as one file and back: what a restart reads instead
 * of a million Redis blobs.
 *
 * A 64-byte head -- magic, byte order, format, shard, the count of
 * profiles, the Redis stamp it was written at (match:gen and match:ver)
 * and a checksum of the body -- then one record a live trainee: the
 * profile's fields in fixed widths, host order, then its skills as the
 * index keeps them (id << 3 | certified << 2 | level, 2 bytes each).
 * Nothing is trusted: a wrong magic, order, format, length or checksum
 * refuses the whole file (the matcher then reads Redis), and a record
 * that does not make a valid profile is refused on its own and counted.
 */
#include <stdlib.h>
#include <string.h>

#include "infra/infra.h"
#include "matching/matching.h"

#define MATCH_SNAP_ORDER	0x01020304U
#define MATCH_SNAP_FIXED	39	/* a record without its skills */

static const char match_snap_magic[8] = { 'H', 'U', 'N', 'A', 'R', 'M',
    'X', '1' };

/* A 64-bit checksum, eight bytes at a time (the tail zero-padded). */
uint64_t
match_snap_sum(const void *data, size_t len)
{
	const uint8_t	*p = data;
	uint64_t	 h = 0x9e3779b97f4a7c15ULL ^ len, w;
	size_t		 i;

	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&w, p + i, 8);
		h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
		h ^= h >> 29;
	}
	w = 0;
	memcpy(&w, p + i, len - i);
	h = (h ^ w) * 0x94d049bb133111ebULL;
	return (h ^ (h >> 31));
}

#define SNAP_PUT(b, v)	infra_buf_add((b), &(v), sizeof(v))

static int
match_snap_record(struct infra_buf *b, const struct match_index *ix,
    uint32_t r)
{
	uint8_t		u8[5];

	u8[0] = ix->avail[r];
	u8[1] = ix->langs[r];
	u8[2] = ix->quiz[r];
	u8[3] = ix->certs[r];
	u8[4] = ix->sk_n[r];
	if (SNAP_PUT(b, ix->user_id[r]) == -1 ||
	    SNAP_PUT(b, ix->district[r]) == -1 ||
	    SNAP_PUT(b, ix->province[r]) == -1 ||
	    infra_buf_add(b, u8, 4) == -1 ||
	    SNAP_PUT(b, ix->rating[r]) == -1 ||
	    SNAP_PUT(b, ix->gigs[r]) == -1 ||
	    SNAP_PUT(b, ix->active[r]) == -1 ||
	    SNAP_PUT(b, ix->cert_at[r]) == -1 ||
	    infra_buf_add(b, &u8[4], 1) == -1 ||
	    infra_buf_add(b, ix->arena + ix->sk_off[r],
	    ix->sk_n[r] * sizeof(*ix->arena)) == -1)
		return (-1);
	return (0);
}

/*
 * The whole file into out: head (with st's shard and stamp) and every
 * live row.  MATCH_OK or MATCH_ERR_NOMEM.
 */
int
match_snap_write(struct infra_buf *out, const struct match_index *ix,
    const struct match_snap_head *st)
{
	struct match_snap_head	 h;
	size_t			 at;
	uint32_t		 r;

	memset(&h, 0, sizeof(h));
	memcpy(h.magic, match_snap_magic, sizeof(h.magic));
	h.order = MATCH_SNAP_ORDER;
	h.format = MATCH_SNAP_FORMAT;
	h.shard_i = st->shard_i;
	h.shard_n = st->shard_n;
	h.gen = st->gen;
	h.ver = st->ver;
	h.count = ix->live;
	at = out->len;
	if (infra_buf_add(out, &h, sizeof(h)) == -1)
		return (MATCH_ERR_NOMEM);
	for (r = 0; r < ix->n; r++)
		if (ix->alive[r] && match_snap_record(out, ix, r) == -1)
			return (MATCH_ERR_NOMEM);
	h.len = out->len - at - sizeof(h);
	h.sum = match_snap_sum(out->data + at + sizeof(h), h.len);
	memcpy(out->data + at, &h, sizeof(h));
	return (MATCH_OK);
}

/*
 * The head of a file of len bytes, checked with its body: MATCH_OK,
 * MATCH_ERR_VERSION (another format or byte order) or MATCH_ERR_CORRUPT.
 */
int
match_snap_check(const void *data, size_t len, struct match_snap_head *h)
{
	if (len < sizeof(*h))
		return (MATCH_ERR_CORRUPT);
	memcpy(h, data, sizeof(*h));
	if (memcmp(h->magic, match_snap_magic, sizeof(h->magic)) != 0)
		return (MATCH_ERR_CORRUPT);
	if (h->order != MATCH_SNAP_ORDER || h->format != MATCH_SNAP_FORMAT)
		return (MATCH_ERR_VERSION);
	if (h->len != len - sizeof(*h) ||
	    h->sum != match_snap_sum((const uint8_t *)data + sizeof(*h),
	    h->len))
		return (MATCH_ERR_CORRUPT);
	return (MATCH_OK);
}

#define SNAP_GET(p, v)	do { memcpy(&(v), (p), sizeof(v)); \
	(p) += sizeof(v); } while (0)

/*
 * The record at *at (not past end) into p, *at moved past it: MATCH_OK,
 * MATCH_ERR_CORRUPT for a record that is not a valid profile (skipped:
 * the next one can still be read), or 1 when the body ends inside it.
 */
int
match_snap_next(const uint8_t **at, const uint8_t *end,
    struct match_profile *p)
{
	const uint8_t	*q = *at;
	uint16_t	 e;
	int		 i;

	if (end - q < MATCH_SNAP_FIXED)
		return (1);
	memset(p, 0, sizeof(*p));
	SNAP_GET(q, p->user_id);
	SNAP_GET(q, p->district_id);
	SNAP_GET(q, p->province_id);
	SNAP_GET(q, p->availability);
	SNAP_GET(q, p->langs);
	SNAP_GET(q, p->quiz_avg);
	SNAP_GET(q, p->certificates);
	SNAP_GET(q, p->rating_x100);
	SNAP_GET(q, p->completed_gigs);
	SNAP_GET(q, p->last_active);
	SNAP_GET(q, p->certified_at);
	SNAP_GET(q, p->nskills);
	if (p->nskills > MATCH_PROFILE_SKILLS ||
	    end - q < (ptrdiff_t)(p->nskills * sizeof(e)))
		return (1);
	for (i = 0; i < p->nskills; i++) {
		SNAP_GET(q, e);
		p->skills[i].id = e >> 3;
		p->skills[i].certified = (e >> 2) & 1;
		p->skills[i].level = e & 3;
	}
	*at = q;
	return (match_profile_valid(p) ? MATCH_OK : MATCH_ERR_CORRUPT);
}

/*
 * A checked file's records into x: *ok put, *refused records that were
 * no valid profile.  -1 when the body does not end with a whole record
 * or holds another count than its head says (x then holds a part).
 */
int
match_snap_load(const void *data, size_t len, struct match_index *x,
    size_t *ok, size_t *refused)
{
	struct match_snap_head	 h;
	struct match_profile	 p;
	const uint8_t		*at, *end;
	size_t			 n = 0;
	int			 rv;

	*ok = *refused = 0;
	if (match_snap_check(data, len, &h) != MATCH_OK)
		return (-1);
	at = (const uint8_t *)data + sizeof(h);
	end = at + h.len;
	while (at < end) {
		if ((rv = match_snap_next(&at, end, &p)) == 1)
			return (-1);
		n++;
		if (rv == MATCH_OK && match_index_put(x, &p) == 0)
			(*ok)++;
		else
			(*refused)++;
	}
	return (n == h.count ? 0 : -1);
}
