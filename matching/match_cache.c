/*
 * The matcher's glue, kept pure so that it is unit-tested: PostgreSQL's
 * text rows (match_profile_rows(), match_gig_row() of migration 0401)
 * into the structs the scoring reads, the Redis key of a cached profile,
 * and the JSON the matcher answers with.  Parsing is strict: a row that
 * does not fit a struct is refused, never truncated into a wrong profile.
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

int
match_key_profile(char *buf, size_t len, uint64_t uid)
{
	int		n;

	n = snprintf(buf, len, "match:p:%" PRIu64, uid);
	return (n < 0 || (size_t)n >= len ? -1 : 0);
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
 * The hits of t (sorted, best first) from offset on, each with its score
 * as ranked, the parts (0 .. 1), the points they earned (of 100) and the
 * skills it lacks.
 */
int
match_json_hits(struct infra_buf *b, const struct match_index *ix,
    const struct match_gig *g, const struct match_topk *t, size_t offset,
    uint32_t total, double ms)
{
	struct match_profile	p;
	struct match_explain	e;
	size_t			i;
	int			j;

	if (infra_buf_fmt(b, "{\"gig_id\":%" PRIu64 ",\"total\":%u,"
	    "\"generated_ms\":%.3f,\"results\":[", g->gig_id, total, ms) == -1)
		return (-1);
	for (i = offset; i < t->n; i++) {
		match_index_profile(ix, t->heap[i].idx, &p);
		match_score_explain(&ix->w, g, &p, ix->now, &e);
		/* score_exact: the integer ranked on, ties and all. */
		if (infra_buf_fmt(b, "%s{\"user_id\":%" PRIu64 ",\"rank\":%zu,"
		    "\"score\":%.2f,\"score_exact\":%u,\"parts\":{",
		    i > offset ? "," : "", t->heap[i].user_id, i + 1,
		    t->heap[i].score * 100.0 / MATCH_SCORE_MAX,
		    t->heap[i].score) == -1)
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
		    match_json_ids(b, "missing", e.missing,
		    e.nmissing) == -1 ||
		    infra_buf_fmt(b, ",\"missing_required\":%u",
		    e.missing_required) == -1 ||
		    match_json_ids(b, "below", e.below, e.nbelow) == -1 ||
		    infra_buf_add(b, "}", 1) == -1)
			return (-1);
	}
	return (infra_buf_add(b, "]}\n", 3));
}
