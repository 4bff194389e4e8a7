/*
 * matching: who fits a gig, and why.
 *
 * The pure core (no Kore) holds the trainee match profile and its msgpack
 * codec (match_profile.c), the scoring with its weights and explanations
 * (match_score.c) and an in-memory columnar index that ranks a million
 * trainees in a few milliseconds (match_index.c).  The matcher daemon
 * (matching/hunar_matcher.c) keeps that index in step with PostgreSQL
 * through the Redis profile cache and answers ranking requests on a
 * loopback socket, so that Kore's event loop never ranks anything itself.
 */
#ifndef HUNAR_MATCHING_H
#define HUNAR_MATCHING_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>

/* Skill ids index bitsets: ids 1 .. MATCH_SKILL_BITS-1 are allowed. */
#define MATCH_SKILL_BITS	512
#define MATCH_SKILL_WORDS	(MATCH_SKILL_BITS / 64)
#define MATCH_PROFILE_SKILLS	48	/* skills one trainee may list */
#define MATCH_GIG_SKILLS	24	/* skills one gig may ask for */
#define MATCH_PROFILE_VERSION	2	/* first byte of every cached blob */
#define MATCH_LEVEL_MAX		3

/* profiles.availability */
#define MATCH_AVAIL_FULL	0
#define MATCH_AVAIL_PART	1
#define MATCH_AVAIL_WEEKENDS	2
#define MATCH_AVAIL_NONE	3

/* user_languages.lang as bits */
#define MATCH_LANG_EN		0x01
#define MATCH_LANG_UR		0x02
#define MATCH_LANG_PA		0x04
#define MATCH_LANG_PS		0x08
#define MATCH_LANG_SD		0x10
#define MATCH_LANG_BAL		0x20
#define MATCH_LANG_ALL		0x3f

struct match_skill {
	uint16_t	id;
	uint8_t		level;		/* 1 .. 3 */
	uint8_t		certified;	/* 0 or 1 */
};

struct match_profile {
	uint64_t		user_id;
	uint32_t		district_id;	/* 0: unknown */
	uint16_t		province_id;	/* 0: unknown */
	uint8_t			availability;	/* MATCH_AVAIL_* */
	uint8_t			langs;		/* MATCH_LANG_* bits */
	uint8_t			quiz_avg;	/* 0 .. 100 */
	uint8_t			certificates;	/* count, capped at 255 */
	uint16_t		rating_x100;	/* 0 (none) or 100 .. 500 */
	uint16_t		completed_gigs;
	int64_t			last_active;	/* unix seconds */
	int64_t			certified_at;	/* newest certificate, 0: none */
	uint8_t			nskills;
	struct match_skill	skills[MATCH_PROFILE_SKILLS];
};

/* match_profile.c: the cached form, one version byte then msgpack */
#define MATCH_OK		0
#define MATCH_ERR_VERSION	-1	/* another version: a cache miss */
#define MATCH_ERR_CORRUPT	-2	/* malformed, truncated, out of range */
#define MATCH_ERR_NOMEM		-3

struct infra_buf;

int		match_profile_encode(const struct match_profile *,
		    struct infra_buf *);
int		match_profile_decode(const void *, size_t,
		    struct match_profile *);
int		match_profile_valid(const struct match_profile *);
int		match_avail_parse(const char *);
const char	*match_avail_code(int);
int		match_lang_bit(const char *);

/* match_score.c: weights, the score of one trainee, its explanation */
enum match_part {
	MATCH_PART_SKILL = 0,
	MATCH_PART_LOCATION,
	MATCH_PART_AVAILABILITY,
	MATCH_PART_LEARNING,
	MATCH_PART_REPUTATION,
	MATCH_PART_RECENCY,
	MATCH_PART_COUNT
};

struct match_weights {
	double	part[MATCH_PART_COUNT];	/* relative weight of each part */
	double	required;		/* a required skill's weight */
	double	nice;			/* a nice-to-have skill's weight */
	double	uncertified;		/* credit of a listed, uncertified skill */
	double	under_level;		/* credit per level when below min */
	double	level_step;		/* extra credit per level above min */
	double	loc_district;		/* same district */
	double	loc_province;		/* same province */
	double	loc_remote;		/* elsewhere, remote allowed */
	double	loc_none;		/* elsewhere, on site */
	double	avail[4];		/* by MATCH_AVAIL_* */
	double	quiz_share;		/* learning: quiz part, rest certs */
	double	cert_full;		/* certificates that count as full */
	double	rating_prior;		/* Bayesian prior rating (1 .. 5) */
	double	rating_prior_n;		/* ... worth this many reviews */
	double	gigs_half;		/* completed gigs for half the credit */
	double	cold_days;		/* newly certified: within these days */
	double	cold_boost;		/* ... reputation at least this */
	double	recency_half_days;	/* last active: half credit after */
};

struct match_gig_skill {
	uint16_t	id;
	uint8_t		min_level;	/* 1 .. 3 */
	uint8_t		required;	/* 1 required, 0 nice to have */
};

struct match_gig {
	uint64_t		gig_id;
	uint32_t		district_id;	/* 0: none given */
	uint16_t		province_id;
	uint8_t			remote;
	uint8_t			nskills;
	struct match_gig_skill	skills[MATCH_GIG_SKILLS];
};

/* A score is an integer 0 .. MATCH_SCORE_MAX so ties are exact. */
#define MATCH_SCORE_MAX		1000000

struct match_explain {
	uint64_t	user_id;
	uint32_t	score;
	double		part[MATCH_PART_COUNT];	  /* each 0 .. 1 */
	double		points[MATCH_PART_COUNT]; /* share of 100 points */
	uint8_t		nmissing;
	uint16_t	missing[MATCH_GIG_SKILLS]; /* required first */
	uint8_t		missing_required;
	uint8_t		nbelow;		/* listed, level under min */
	uint16_t	below[MATCH_GIG_SKILLS];
};

void		match_weights_default(struct match_weights *);
int		match_weights_parse(struct match_weights *, const char *,
		    size_t, char *, size_t);
int		match_gig_valid(const struct match_gig *);
const char	*match_part_name(int);

/*
 * Gig-dependent parts (skill, location) and the rest ("static" parts that
 * depend only on the trainee and the clock) are split so that the index
 * can keep the static sum per trainee and rank with two lookups.
 */
struct match_plan {
	double		wsum;		/* sum of all part weights */
	double		skill_norm;	/* part[SKILL] / wsum / skill wsum */
	double		loc_w[4];	/* district, province, remote, none */
	int16_t		slot[MATCH_SKILL_BITS]; /* skill -> gig slot, -1 */
	double		credit[MATCH_GIG_SKILLS][MATCH_LEVEL_MAX + 1][2];
	const struct match_gig *gig;
};

void		match_plan_init(struct match_plan *,
		    const struct match_weights *, const struct match_gig *);
double		match_static_part(const struct match_weights *,
		    const struct match_profile *, int64_t, int);
double		match_static_sum(const struct match_weights *,
		    const struct match_profile *, int64_t);
/* Inline: the index calls both for every candidate it bounds. */

/* 0 same district, 1 same province, 2 remote allowed, 3 none of these. */
static inline int
match_loc_kind(const struct match_gig *g, uint32_t district,
    uint16_t province)
{
	if (g->district_id != 0 && district == g->district_id)
		return (0);
	if (g->province_id != 0 && province == g->province_id)
		return (1);
	return (g->remote ? 2 : 3);
}

static inline uint32_t
match_score_quantize(double s)
{
	if (!(s > 0))
		return (0);
	if (s >= 1)
		return (MATCH_SCORE_MAX);
	return ((uint32_t)(s * MATCH_SCORE_MAX + 0.5));
}

uint32_t	match_score(const struct match_weights *,
		    const struct match_gig *, const struct match_profile *,
		    int64_t);
void		match_score_explain(const struct match_weights *,
		    const struct match_gig *, const struct match_profile *,
		    int64_t, struct match_explain *);

/* Top-k: score descending, then user id ascending.  Exact. */
struct match_hit {
	uint32_t	score;
	uint32_t	idx;		/* trainee's row in the index */
	uint64_t	user_id;
};

struct match_topk {
	struct match_hit	*heap;	/* a min-heap on (score, -user_id) */
	size_t			 n;
	size_t			 k;
};

int		match_hit_better(const struct match_hit *,
		    const struct match_hit *);
int		match_topk_init(struct match_topk *, size_t);
void		match_topk_free(struct match_topk *);
void		match_topk_push(struct match_topk *, const struct match_hit *);
size_t		match_topk_sorted(struct match_topk *);

/* match_index.c: columnar arrays, skill bitsets and posting lists */
#define MATCH_THREADS		8
#define MATCH_BLOCK		4096	/* rows a ranking block holds */
#define MATCH_BOUND_ONE		16384	/* a score of 1 in bound units */

/* Sorted by row, so that a ranking walks each list once, block by block. */
struct match_posting {
	uint32_t	*idx;
	uint8_t		*lv;		/* certified << 2 | level */
	uint32_t	 n;
	uint32_t	 cap;
};

struct match_index {
	uint32_t	 n;		/* rows used (live and dead) */
	uint32_t	 cap;
	uint32_t	 live;
	int64_t		 now;		/* clock the static parts were made at */
	struct match_weights w;

	uint64_t	*user_id;
	uint64_t	*bits;		/* MATCH_SKILL_WORDS per row */
	uint32_t	*district;
	uint16_t	*dist_q;	/* district, UINT16_MAX: past 16 bits */
	uint16_t	*province;
	uint8_t		*avail;
	uint8_t		*langs;
	uint8_t		*quiz;
	uint8_t		*certs;
	uint16_t	*rating;
	uint16_t	*gigs;
	int64_t		*active;
	int64_t		*cert_at;
	double		*statics;	/* weighted static parts, per row */
	float		*ub;		/* statics rounded up: the bound */
	uint16_t	*stat_q;	/* ... in MATCH_BOUND_ONE units */
	uint32_t	*sk_off;	/* into arena */
	uint8_t		*sk_n;
	uint8_t		*alive;
	int		 threads;	/* ranking threads, 1 .. MATCH_THREADS */
	uint32_t	 block;		/* rows per block, 64 .. MATCH_BLOCK */

	uint16_t	*arena;		/* id << 3 | certified << 2 | level */
	size_t		 arena_n;
	size_t		 arena_cap;
	size_t		 arena_dead;

	struct match_posting post[MATCH_SKILL_BITS];

	/* user id -> row, open addressing */
	uint64_t	*map_key;
	uint32_t	*map_row;
	size_t		 map_cap;
	size_t		 map_n;
};

struct match_stats {
	uint32_t	candidates;	/* rows holding one of the gig's skills */
	uint32_t	scored;		/* ... whose bound reached the top-k */
};

int		match_index_init(struct match_index *,
		    const struct match_weights *, int64_t);
void		match_index_free(struct match_index *);
int		match_index_reserve(struct match_index *, uint32_t);
int		match_index_put(struct match_index *,
		    const struct match_profile *);
int		match_index_del(struct match_index *, uint64_t);
int		match_index_find(const struct match_index *, uint64_t);
void		match_index_profile(const struct match_index *, uint32_t,
		    struct match_profile *);
void		match_index_restat(struct match_index *,
		    const struct match_weights *, int64_t);
int		match_index_rank(struct match_index *,
		    const struct match_gig *, struct match_topk *,
		    struct match_stats *);
int		match_index_scan(const struct match_index *,
		    const struct match_gig *, struct match_topk *);
uint32_t	match_index_score_row(const struct match_index *,
		    const struct match_plan *, uint32_t);

/*
 * match_snap.c: the index as one file (a restart reads it instead of the
 * Redis blobs when the Redis stamp it was written at still holds).
 */
#define MATCH_SNAP_FORMAT	1

struct match_snap_head {
	char		magic[8];
	uint32_t	order;		/* 0x01020304 in the writer's order */
	uint32_t	format;		/* MATCH_SNAP_FORMAT */
	int32_t		shard_i;
	int32_t		shard_n;
	uint32_t	count;		/* records */
	uint32_t	pad;
	int64_t		gen;		/* match:gen when written */
	int64_t		ver;		/* match:ver when written */
	uint64_t	len;		/* bytes after the head */
	uint64_t	sum;		/* match_snap_sum() of them */
};

uint64_t	match_snap_sum(const void *, size_t);
int		match_snap_write(struct infra_buf *, const struct match_index *,
		    const struct match_snap_head *);
int		match_snap_check(const void *, size_t,
		    struct match_snap_head *);
int		match_snap_next(const uint8_t **, const uint8_t *,
		    struct match_profile *);
int		match_snap_load(const void *, size_t, struct match_index *,
		    size_t *, size_t *);

/*
 * match_cache.c: the matcher's glue, pure.  Rows of match_profile_rows()
 * and match_gig_row() (text columns) into structs; the Redis key names;
 * the JSON answer to "RANK <gig> <limit> <offset>".
 */
#define MATCH_PROFILE_COLS	12
#define MATCH_PORT_DEFAULT	18090

int		match_row_profile(const char *const *, struct match_profile *);
int		match_gig_parse(struct match_gig *, uint64_t, uint32_t,
		    uint16_t, int, const char *);

/*
 * Every Redis key of the matching domain, here and nowhere else:
 *	match:pb:<user_id >> 7>	a hash of up to 128 profiles: field
 *				<user_id & 127>, value the profile blob
 *				(Redis keeps it a listpack: ~45 bytes a
 *				profile against ~110 for a key of its own)
 *	match:gen		bumped by hunar_match_rebuild; a matcher
 *				that sees it change reloads from the blobs
 *	match:ver		bumped with every blob the matchers write:
 *				a snapshot file written at another value
 *				is not what Redis holds
 * Version 1's keys (match:p:*, match:skill:*, match:district:*) are in
 * match_key_legacy[]: the rebuild clears them.
 */
#define MATCH_KEY_GEN		"match:gen"
#define MATCH_KEY_VER		"match:ver"	/* +1 a blob written */
#define MATCH_KEY_BUCKETS	"match:pb:*"	/* SCAN pattern */
#define MATCH_BUCKET_SHIFT	7
#define MATCH_SHARDS_MAX	64

extern const char *const match_key_legacy[];

int		match_key_bucket(char *, size_t, uint64_t);
int		match_key_field(char *, size_t, uint64_t);
uint64_t	match_key_uid(const char *, const char *);
int		match_bucket_of(const char *, uint64_t *);
int		match_shard_of(uint64_t, int);
int		match_shard_parse(const char *, int *, int *);
int		match_json_hit(struct infra_buf *, const struct match_index *,
		    const struct match_gig *, const struct match_hit *, size_t,
		    int);
int		match_json_hits(struct infra_buf *, const struct match_index *,
		    const struct match_gig *, const struct match_topk *,
		    size_t, uint32_t, double, double);

/*
 * Sharded ranking: each matcher answers "TOP <gig> <n>" with its best n
 * (match_top_write); the asker parses every shard's (match_top_parse),
 * sorts them all (match_hits_sort: the top-k order) and asks each shard
 * to explain its winners ("EXPLAIN <gig> <user>:<rank>,...").  Exact:
 * the global best n are among the shards' best n.
 */
int		match_top_write(struct infra_buf *, const struct match_topk *,
		    uint32_t);
int		match_top_parse(const char *, size_t, uint32_t, uint32_t *,
		    struct match_hit *, size_t, size_t *);
void		match_hits_sort(struct match_hit *, size_t);

/* match_shards.c: asking the matcher(s) from a thread that may block */
#define MATCH_ASK_MS		3000

int		match_ports(int *, int);
ssize_t		match_ask(int, const char *, char *, size_t, int);
int		match_shards_rank(const int *, int, uint64_t, size_t, size_t,
		    int, size_t, struct infra_buf *);

/*
 * match_text.c: what matching says (the offer SMS, the answers to YES and
 * NO, skill-gap advice) in the three languages; SQL gives the data.
 *	n = match_reply(status, lang, a, b, c, out, sizeof(out));
 * renders a match_sms() row (-1: a status that is not matching's).
 */
int		match_reply(const char *, const char *, const char *,
		    const char *, const char *, char *, size_t);
int		match_offer_sms(const char *, const char *, const char *,
		    const char *, const char *, int, const char *, char *,
		    size_t);
int		match_gap_advice(const char *, const char *, const char *,
		    const char *, const char *, char *, size_t);

#endif
