/*
 * The matcher's glue, kept pure so that it is unit-tested: PostgreSQL's
 * text rows (match_profile_rows(), match_gig_row(), matching/sql/) into
 * the structs the scoring reads, every Redis key of the domain and the
 * shard of a user, and the JSON the matcher answers with.  Parsing is
 * strict: a row that does not fit a struct is refused, never truncated
 * into a wrong profile.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infra/infra.h"
#include "matching/matching.h"

/* A decimal number no larger than max, the whole string; or -1. */
static int
match_num(const char *s, uint64_t max, uint64_t *v)
{
	char		*ep;

	if (s == NULL || *s < '0' || *s > '9')
		return (-1);
	*v = strtoull(s, &ep, 10);
	if (*ep != '\0' || *v > max)
		return (-1);
	return (0);
}

/* "a:b:c" at *s, up to ',' or the end; advances *s. */
static int
match_triple(const char **s, uint64_t v[3])
{
	char		*ep;
	int		 i;

	for (i = 0; i < 3; i++) {
		if (**s < '0' || **s > '9')
			return (-1);
		v[i] = strtoull(*s, &ep, 10);
		if (v[i] > 100000)
			return (-1);
		*s = ep;
		if (i < 2) {
			if (**s != ':')
				return (-1);
			(*s)++;
		}
	}
	if (**s == ',') {
		if (*++(*s) == '\0')
			return (-1);		/* "1:1:0," */
	} else if (**s != '\0')
		return (-1);
	return (0);
}

int
match_row_profile(const char *const *c, struct match_profile *p)
{
	uint64_t	 v[MATCH_PROFILE_COLS], t[3];
	const char	*s, *e;
	char		 lang[8];
	int		 bit;
	size_t		 n;

	memset(p, 0, sizeof(*p));
	if (match_num(c[0], INT64_MAX, &v[0]) == -1 ||
	    match_num(c[1], UINT32_MAX, &v[1]) == -1 ||
	    match_num(c[2], UINT16_MAX, &v[2]) == -1 ||
	    match_num(c[5], 100, &v[5]) == -1 ||
	    match_num(c[6], UINT32_MAX, &v[6]) == -1 ||
	    match_num(c[7], 500, &v[7]) == -1 ||
	    match_num(c[8], UINT32_MAX, &v[8]) == -1 ||
	    match_num(c[9], INT64_MAX, &v[9]) == -1 ||
	    match_num(c[10], INT64_MAX, &v[10]) == -1 ||
	    c[3] == NULL || c[4] == NULL || c[11] == NULL)
		return (-1);
	p->user_id = v[0];
	p->district_id = (uint32_t)v[1];
	p->province_id = (uint16_t)v[2];
	if ((bit = match_avail_parse(c[3])) < 0)
		return (-1);
	p->availability = (uint8_t)bit;
	p->quiz_avg = (uint8_t)v[5];
	p->certificates = (uint8_t)(v[6] > 255 ? 255 : v[6]);
	p->rating_x100 = (uint16_t)v[7];
	p->completed_gigs = (uint16_t)(v[8] > 65535 ? 65535 : v[8]);
	p->last_active = (int64_t)v[9];
	p->certified_at = (int64_t)v[10];

	/* Languages we do not score are ignored, not refused. */
	for (s = c[4]; *s != '\0'; s = *e ? e + 1 : e) {
		if ((e = strchr(s, ',')) == NULL)
			e = s + strlen(s);
		n = (size_t)(e - s);
		if (n > 0 && n < sizeof(lang)) {
			memcpy(lang, s, n);
			lang[n] = '\0';
			p->langs |= (uint8_t)match_lang_bit(lang);
		}
	}
	for (s = c[11]; *s != '\0'; ) {
		if (p->nskills == MATCH_PROFILE_SKILLS ||
		    match_triple(&s, t) == -1)
			return (-1);
		p->skills[p->nskills].id = (uint16_t)t[0];
		p->skills[p->nskills].level = (uint8_t)t[1];
		p->skills[p->nskills].certified = (uint8_t)t[2];
		p->nskills++;
	}
	return (match_profile_valid(p) ? 0 : -1);
}

int
match_gig_parse(struct match_gig *g, uint64_t id, uint32_t district,
    uint16_t province, int remote, const char *skills)
{
	uint64_t	t[3];
	const char	*s;

	memset(g, 0, sizeof(*g));
	g->gig_id = id;
	g->district_id = district;
	g->province_id = province;
	g->remote = remote != 0;
	for (s = skills; *s != '\0'; ) {
		if (g->nskills == MATCH_GIG_SKILLS ||
		    match_triple(&s, t) == -1 || t[2] > 1)
			return (-1);
		g->skills[g->nskills].id = (uint16_t)t[0];
		g->skills[g->nskills].min_level = (uint8_t)t[1];
		g->skills[g->nskills].required = (uint8_t)t[2];
		g->nskills++;
	}
	return (match_gig_valid(g) ? 0 : -1);
}

const char *const match_key_legacy[] = {
	"match:p:*", "match:skill:*", "match:district:*", NULL
};

#define MATCH_BUCKET_PREFIX	"match:pb:"

/* The hash holding a user's blob: match:pb:<uid >> 7>. */
int
match_key_bucket(char *buf, size_t len, uint64_t uid)
{
	int		n;

	n = snprintf(buf, len, MATCH_BUCKET_PREFIX "%" PRIu64,
	    uid >> MATCH_BUCKET_SHIFT);
	return (n < 0 || (size_t)n >= len ? -1 : 0);
}

/* The user's field in that hash: 0 .. 127 (stored as a small integer). */
int
match_key_field(char *buf, size_t len, uint64_t uid)
{
	int		n;

	n = snprintf(buf, len, "%u", (unsigned int)(uid &
	    ((1U << MATCH_BUCKET_SHIFT) - 1)));
	return (n < 0 || (size_t)n >= len ? -1 : 0);
}

/* The bucket number of a key "match:pb:<n>"; -1 for any other key. */
int
match_bucket_of(const char *key, uint64_t *bucket)
{
	size_t		n = sizeof(MATCH_BUCKET_PREFIX) - 1;

	if (strncmp(key, MATCH_BUCKET_PREFIX, n) != 0 ||
	    match_num(key + n, UINT64_MAX >> MATCH_BUCKET_SHIFT,
	    bucket) == -1)
		return (-1);
	return (0);
}

/* The user id of a bucket key and a field, or 0 when either is not ours. */
uint64_t
match_key_uid(const char *key, const char *field)
{
	uint64_t	bucket, f;

	if (match_bucket_of(key, &bucket) == -1 ||
	    match_num(field, (1U << MATCH_BUCKET_SHIFT) - 1, &f) == -1)
		return (0);
	return (bucket << MATCH_BUCKET_SHIFT | f);
}

/*
 * The shard (0 .. n-1) of a user: its bucket hashed, so that a shard
 * reads whole buckets from Redis and the shards hold near-equal parts.
 */
int
match_shard_of(uint64_t uid, int n)
{
	uint64_t	x = uid >> MATCH_BUCKET_SHIFT;

	if (n <= 1)
		return (0);
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return ((int)(x % (uint64_t)n));
}

/* "i/n" (0 <= i < n <= MATCH_SHARDS_MAX) into i and n; -1 if not that. */
int
match_shard_parse(const char *s, int *i, int *n)
{
	uint64_t	a, b;
	const char	*sl;
	char		num[24];

	if ((sl = strchr(s, '/')) == NULL || (size_t)(sl - s) >= sizeof(num))
		return (-1);
	memcpy(num, s, sl - s);
	num[sl - s] = '\0';
	if (match_num(num, MATCH_SHARDS_MAX, &a) == -1 ||
	    match_num(sl + 1, MATCH_SHARDS_MAX, &b) == -1 || b == 0 || a >= b)
		return (-1);
	*i = (int)a;
	*n = (int)b;
	return (0);
}

static int
match_json_ids(struct infra_buf *b, const char *name, const uint16_t *ids,
    int n)
{
	int		i;

	if (infra_buf_fmt(b, ",\"%s\":[", name) == -1)
		return (-1);
	for (i = 0; i < n; i++) {
		if (infra_buf_fmt(b, "%s%u", i ? "," : "", ids[i]) == -1)
			return (-1);
	}
	return (infra_buf_add(b, "]", 1));
}

/*
 * One hit as the matcher answers it: its rank, its score as ranked, the
 * parts (0 .. 1), the points they earned (of 100) and the skills it lacks.
 */
int
match_json_hit(struct infra_buf *b, const struct match_index *ix,
    const struct match_gig *g, const struct match_hit *h, size_t rank,
    int first)
{
	struct match_profile	p;
	struct match_explain	e;
	int			j;

	match_index_profile(ix, h->idx, &p);
	match_score_explain(&ix->w, g, &p, ix->now, &e);
	/* score_exact: the integer ranked on, ties and all. */
	if (infra_buf_fmt(b, "%s{\"user_id\":%" PRIu64 ",\"rank\":%zu,"
	    "\"score\":%.2f,\"score_exact\":%u,\"parts\":{",
	    first ? "" : ",", h->user_id, rank,
	    h->score * 100.0 / MATCH_SCORE_MAX, h->score) == -1)
		return (-1);
	for (j = 0; j < MATCH_PART_COUNT; j++) {
		if (infra_buf_fmt(b, "%s\"%s\":%.3f", j ? "," : "",
		    match_part_name(j), e.part[j]) == -1)
			return (-1);
	}
	if (infra_buf_add(b, "},\"points\":{", 12) == -1)
		return (-1);
	for (j = 0; j < MATCH_PART_COUNT; j++) {
		if (infra_buf_fmt(b, "%s\"%s\":%.2f", j ? "," : "",
		    match_part_name(j), e.points[j]) == -1)
			return (-1);
	}
	if (infra_buf_add(b, "}", 1) == -1 ||
	    match_json_ids(b, "missing", e.missing, e.nmissing) == -1 ||
	    infra_buf_fmt(b, ",\"missing_required\":%u",
	    e.missing_required) == -1 ||
	    match_json_ids(b, "below", e.below, e.nbelow) == -1 ||
	    infra_buf_add(b, "}", 1) == -1)
		return (-1);
	return (0);
}

/*
 * The hits of t (sorted, best first) from offset on, ranked from 1; ms
 * the ranking's time, cpu_ms the processor time its threads used (on a
 * busy machine the first waits for a core, the second does not).
 */
int
match_json_hits(struct infra_buf *b, const struct match_index *ix,
    const struct match_gig *g, const struct match_topk *t, size_t offset,
    uint32_t total, double ms, double cpu_ms)
{
	size_t		i;

	if (infra_buf_fmt(b, "{\"gig_id\":%" PRIu64 ",\"total\":%u,"
	    "\"generated_ms\":%.3f,\"cpu_ms\":%.3f,\"results\":[", g->gig_id,
	    total, ms, cpu_ms) == -1)
		return (-1);
	for (i = offset; i < t->n; i++) {
		if (match_json_hit(b, ix, g, &t->heap[i], i + 1,
		    i == offset) == -1)
			return (-1);
	}
	return (infra_buf_add(b, "]}\n", 3));
}

/*
 * A shard's answer to "TOP <gig> <n>": its candidates, then its best n as
 * "<score> <user>" lines, best first -- all a merge needs, 20 bytes a hit.
 */
int
match_top_write(struct infra_buf *b, const struct match_topk *t,
    uint32_t total)
{
	size_t		i;

	if (infra_buf_fmt(b, "T %u\n", total) == -1)
		return (-1);
	for (i = 0; i < t->n; i++) {
		if (infra_buf_fmt(b, "%u %" PRIu64 "\n", t->heap[i].score,
		    t->heap[i].user_id) == -1)
			return (-1);
	}
	return (0);
}

/*
 * The answer above back into hits (idx = shard), at most max of them.
 * -1 when it is not that shape: a partial answer must not merge.
 */
int
match_top_parse(const char *s, size_t len, uint32_t shard, uint32_t *total,
    struct match_hit *out, size_t max, size_t *n)
{
	const char	*e = s + len, *nl;
	char		 line[48], *sp;
	uint64_t	 v, u;

	*n = 0;
	for (*total = UINT32_MAX; s < e; s = nl + 1) {
		if ((nl = memchr(s, '\n', e - s)) == NULL ||
		    (size_t)(nl - s) >= sizeof(line))
			return (-1);
		memcpy(line, s, nl - s);
		line[nl - s] = '\0';
		if (*total == UINT32_MAX) {
			if (line[0] != 'T' || line[1] != ' ' ||
			    match_num(line + 2, UINT32_MAX - 1, &v) == -1)
				return (-1);
			*total = (uint32_t)v;
			continue;
		}
		if ((sp = strchr(line, ' ')) == NULL || *n == max)
			return (-1);
		*sp = '\0';
		if (match_num(line, MATCH_SCORE_MAX, &v) == -1 ||
		    match_num(sp + 1, INT64_MAX, &u) == -1 || u == 0)
			return (-1);
		out[*n].score = (uint32_t)v;
		out[*n].user_id = u;
		out[*n].idx = shard;
		(*n)++;
	}
	return (*total == UINT32_MAX ? -1 : 0);
}

static int
match_hit_cmp2(const void *x, const void *y)
{
	const struct match_hit	*a = x, *b = y;

	if (match_hit_better(a, b))
		return (-1);
	return (match_hit_better(b, a));
}

/* Hits of several shards into one order: score desc, user id asc. */
void
match_hits_sort(struct match_hit *h, size_t n)
{
	qsort(h, n, sizeof(*h), match_hit_cmp2);
}
