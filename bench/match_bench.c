/*
 * match_bench: how fast the matcher ranks, against the physical limit.
 *
 * A synthetic population (N trainees, MB_SKILLS skills with Zipf
 * popularity, 3-8 skills each, every district of the seed) goes into the
 * in-memory index; random gigs of 3-6 skills (drawn with the same
 * popularity, so the busy skills are asked for most) are ranked top-50.
 * For each N it prints p50/p99 of the ranking and of a plain scan of all
 * skill bitsets (AND + popcount + top-k, no scoring), and their ratio.
 *
 *	match_bench [-n 10000,100000,1000000] [-q queries] [-k 50]
 *	    [-d dir] [-r redis-port] [-R redis-profiles] [-S shards] [-P]
 *	    [-W redis-port]
 *	  -d	write the largest population and its gigs as TSV into dir,
 *		with the C top-k of every gig, for the SQL comparison
 *		(bench/match_bench.sh loads them into PostgreSQL)
 *	  -r	store the profiles in the Redis on that (scratch!) port as
 *		the matcher does (and as version 1 did), and report Redis
 *		memory per profile of both layouts
 *	  -S	split the largest population in that many shards and rank
 *		them in parallel, merged, against the single index
 *	  -P	then also with every shard in a process of its own, asked
 *		over a socket as Kore asks the matchers: per-shard and
 *		merged latency
 *	  -W	only write the largest population into the Redis on that
 *		(scratch, empty) port in the matcher's layout, and the gigs
 *		as TSV into -d dir (bench/match_shards.sh: real matchers,
 *		real shards, over the same data)
 */
#include <sys/socket.h>
#include <sys/wait.h>
#include <sys/stat.h>

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <pthread.h>

#include <hiredis/hiredis.h>

#include "infra/infra.h"
#include "matching/matching.h"

#define MB_SKILLS	300
#define MB_NOW		1764300000LL
#define MB_DAY		86400LL
#define MB_CHECK	20	/* gigs checked against brute force */

/* The 41 seeded districts: how many in each of the 7 provinces. */
static const int mb_prov_districts[7] = { 12, 8, 8, 6, 1, 3, 3 };

static uint64_t		mb_rng = 0x9e3779b97f4a7c15ULL;
static double		mb_cdf[MB_SKILLS];
static uint32_t		mb_dist_prov[42];

static uint64_t
mb_rand(void)
{
	mb_rng ^= mb_rng >> 12;
	mb_rng ^= mb_rng << 25;
	mb_rng ^= mb_rng >> 27;
	return (mb_rng * 0x2545f4914f6cdd1dULL);
}

static double
mb_unit(void)
{
	return ((mb_rand() >> 11) * (1.0 / 9007199254740992.0));
}

static void
mb_setup(void)
{
	double		sum;
	int		i, p, d, k;

	for (sum = 0, i = 0; i < MB_SKILLS; i++)
		sum += 1.0 / (i + 1);
	for (i = 0; i < MB_SKILLS; i++)
		mb_cdf[i] = (i ? mb_cdf[i - 1] : 0) + 1.0 / (i + 1) / sum;
	for (d = 1, p = 0; p < 7; p++)
		for (k = 0; k < mb_prov_districts[p]; k++)
			mb_dist_prov[d++] = (uint32_t)(p + 1);
}

/* A skill id 1 .. MB_SKILLS, Zipf (s = 1) by popularity. */
static uint16_t
mb_skill(void)
{
	double		u;
	int		lo, hi, mid;

	u = mb_unit();
	lo = 0;
	hi = MB_SKILLS - 1;
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (mb_cdf[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return ((uint16_t)(lo + 1));
}

static int
mb_has(const uint16_t *ids, int n, uint16_t id)
{
	int		i;

	for (i = 0; i < n; i++)
		if (ids[i] == id)
			return (1);
	return (0);
}

static void
mb_profile(struct match_profile *p, uint64_t uid)
{
	uint16_t	ids[8];
	int		i, n;

	memset(p, 0, sizeof(*p));
	p->user_id = uid;
	p->district_id = (uint32_t)(1 + mb_rand() % 41);
	p->province_id = (uint16_t)mb_dist_prov[p->district_id];
	p->availability = (uint8_t)(mb_rand() % 4);
	p->langs = (uint8_t)(MATCH_LANG_UR | (mb_rand() % 2 ? MATCH_LANG_EN :
	    0));
	p->quiz_avg = (uint8_t)(mb_rand() % 101);
	p->certificates = (uint8_t)(mb_rand() % 5);
	if (mb_rand() % 3 == 0) {
		p->completed_gigs = (uint16_t)(1 + mb_rand() % 30);
		p->rating_x100 = (uint16_t)(100 + mb_rand() % 401);
	}
	p->last_active = MB_NOW - (int64_t)(mb_rand() % (365 * MB_DAY));
	if (p->certificates > 0)
		p->certified_at = MB_NOW - (int64_t)(mb_rand() %
		    (365 * MB_DAY));
	n = 3 + (int)(mb_rand() % 6);
	for (i = 0; i < n; ) {
		ids[i] = mb_skill();
		if (mb_has(ids, i, ids[i]))
			continue;
		p->skills[i].id = ids[i];
		p->skills[i].level = (uint8_t)(1 + mb_rand() % 3);
		p->skills[i].certified = mb_rand() % 10 < 3;
		i++;
	}
	p->nskills = (uint8_t)n;
}

static void
mb_gig(struct match_gig *g, uint64_t id)
{
	uint16_t	ids[6];
	int		i, n;

	memset(g, 0, sizeof(*g));
	g->gig_id = id;
	g->district_id = (uint32_t)(1 + mb_rand() % 41);
	g->province_id = (uint16_t)mb_dist_prov[g->district_id];
	g->remote = mb_rand() % 2;
	n = 3 + (int)(mb_rand() % 4);
	for (i = 0; i < n; ) {
		ids[i] = mb_skill();
		if (mb_has(ids, i, ids[i]))
			continue;
		g->skills[i].id = ids[i];
		g->skills[i].min_level = (uint8_t)(1 + mb_rand() % 2);
		g->skills[i].required = i < 2 || mb_rand() % 2;
		i++;
	}
	g->nskills = (uint8_t)n;
}

static double
mb_ms(const struct timespec *a, const struct timespec *b)
{
	return ((b->tv_sec - a->tv_sec) * 1e3 +
	    (b->tv_nsec - a->tv_nsec) / 1e6);
}

/* One ranking with the given threads; its milliseconds.  top: kept. */
static double
mb_rank(struct match_index *ix, const struct match_gig *g, int k,
    int threads, struct match_stats *st, struct match_topk *top)
{
	struct match_topk	 tk;
	struct timespec		 t0, t1;

	if (match_topk_init(&tk, k) == -1)
		exit(1);
	ix->threads = threads;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	(void)match_index_rank(ix, g, &tk, st);
	match_topk_sorted(&tk);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (top != NULL)
		*top = tk;
	else
		match_topk_free(&tk);
	return (mb_ms(&t0, &t1));
}

/*
 * The top-k of the index (1 and 2 threads) against brute force:
 * match_score() of every trainee holding one of the gig's skills.
 * Returns the gigs on which all three agree, user and score.
 */
static int
mb_exact(struct match_index *ix, const struct match_profile *all,
    uint32_t n, const struct match_gig *gigs, int ngigs, int k)
{
	struct match_topk	 a, b, bf;
	struct match_hit	 h;
	uint32_t		 i;
	int			 q, j, l, ok, agree = 0;

	for (q = 0; q < ngigs; q++) {
		(void)mb_rank(ix, &gigs[q], k, 1, NULL, &a);
		(void)mb_rank(ix, &gigs[q], k, 2, NULL, &b);
		if (match_topk_init(&bf, k) == -1)
			exit(1);
		for (i = 0; i < n; i++) {
			for (j = 0, ok = 0; j < all[i].nskills && !ok; j++)
				for (l = 0; l < gigs[q].nskills; l++)
					ok |= all[i].skills[j].id ==
					    gigs[q].skills[l].id;
			if (!ok)
				continue;
			h.score = match_score(&ix->w, &gigs[q], &all[i],
			    ix->now);
			h.user_id = all[i].user_id;
			h.idx = i;
			match_topk_push(&bf, &h);
		}
		match_topk_sorted(&bf);
		ok = a.n == bf.n && b.n == bf.n;
		for (i = 0; ok && i < bf.n; i++)
			ok = a.heap[i].user_id == bf.heap[i].user_id &&
			    b.heap[i].user_id == bf.heap[i].user_id &&
			    a.heap[i].score == bf.heap[i].score &&
			    b.heap[i].score == bf.heap[i].score;
		agree += ok;
		match_topk_free(&a);
		match_topk_free(&b);
		match_topk_free(&bf);
	}
	return (agree);
}

static int
mb_dcmp(const void *x, const void *y)
{
	double	a = *(const double *)x, b = *(const double *)y;

	return (a < b ? -1 : a > b);
}

static double
mb_pct(double *v, int n, double p)
{
	int		i;

	qsort(v, n, sizeof(*v), mb_dcmp);
	i = (int)ceil(p / 100.0 * n) - 1;
	if (i < 0)
		i = 0;
	return (v[i]);
}

static void
mb_progress(const char *what, uint32_t i, uint32_t n)
{
	if (n >= 100 && i % (n / 20) != 0 && i + 1 != n)
		return;
	fprintf(stderr, "\r  %s %u/%u (%u%%)", what, i + 1, n,
	    (unsigned)((uint64_t)(i + 1) * 100 / n));
	if (i + 1 == n)
		fputc('\n', stderr);
}

static FILE *
mb_open(const char *dir, const char *name)
{
	char		path[1024];
	FILE		*f;

	(void)snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "w")) == NULL) {
		fprintf(stderr, "match_bench: %s: %s\n", path,
		    strerror(errno));
		exit(1);
	}
	return (f);
}

/* The gigs as TSV (gigs.tsv, gig_skills.tsv in dir) for PostgreSQL. */
static void
mb_dump_gigs(const char *dir, const struct match_gig *gigs, int ngigs)
{
	FILE		*g, *gs;
	int		 j, q;

	(void)mkdir(dir, 0755);
	g = mb_open(dir, "gigs.tsv");
	gs = mb_open(dir, "gig_skills.tsv");
	for (q = 0; q < ngigs; q++) {
		fprintf(g, "%" PRIu64 "\t%u\t%u\t%s\n", gigs[q].gig_id,
		    gigs[q].district_id, gigs[q].province_id,
		    gigs[q].remote ? "t" : "f");
		for (j = 0; j < gigs[q].nskills; j++)
			fprintf(gs, "%" PRIu64 "\t%u\t%u\t%s\n",
			    gigs[q].gig_id, gigs[q].skills[j].id,
			    gigs[q].skills[j].min_level,
			    gigs[q].skills[j].required ? "t" : "f");
	}
	fclose(g);
	fclose(gs);
}

static void
mb_dump(const char *dir, const struct match_profile *all, uint32_t n,
    const struct match_gig *gigs, int ngigs, struct match_index *ix, int k)
{
	FILE			*t, *s, *top;
	struct match_topk	 tk;
	uint32_t		 i;
	int			 j, q;
	size_t			 r;

	(void)mkdir(dir, 0755);
	t = mb_open(dir, "trainees.tsv");
	s = mb_open(dir, "skills.tsv");
	for (i = 0; i < n; i++) {
		fprintf(t, "%" PRIu64 "\t%u\t%u\t%u\t%u\t%u\t%u\t%u\t%" PRId64
		    "\t%" PRId64 "\n", all[i].user_id, all[i].district_id,
		    all[i].province_id, all[i].availability, all[i].quiz_avg,
		    all[i].certificates, all[i].rating_x100,
		    all[i].completed_gigs, all[i].last_active,
		    all[i].certified_at);
		for (j = 0; j < all[i].nskills; j++)
			fprintf(s, "%" PRIu64 "\t%u\t%u\t%s\n",
			    all[i].user_id, all[i].skills[j].id,
			    all[i].skills[j].level,
			    all[i].skills[j].certified ? "t" : "f");
		mb_progress("dump", i, n);
	}
	mb_dump_gigs(dir, gigs, ngigs);
	top = mb_open(dir, "c_top.tsv");
	for (q = 0; q < ngigs; q++) {
		if (match_topk_init(&tk, k) == -1)
			exit(1);
		(void)match_index_rank(ix, &gigs[q], &tk, NULL);
		match_topk_sorted(&tk);
		for (r = 0; r < tk.n; r++)
			fprintf(top, "%" PRIu64 "\t%zu\t%" PRIu64 "\t%u\n",
			    gigs[q].gig_id, r + 1, tk.heap[r].user_id,
			    tk.heap[r].score);
		match_topk_free(&tk);
	}
	fclose(t);
	fclose(s);
	fclose(top);
	fprintf(stderr, "  wrote %s/{trainees,skills,gigs,gig_skills,c_top}"
	    ".tsv\n", dir);
}

static long long
mb_redis_used(redisContext *c)
{
	redisReply	*r;
	const char	*p;
	long long	 v = -1;

	if ((r = redisCommand(c, "INFO memory")) == NULL)
		return (-1);
	if (r->type == REDIS_REPLY_STRING &&
	    (p = strstr(r->str, "used_memory:")) != NULL)
		v = strtoll(p + 12, NULL, 10);
	freeReplyObject(r);
	return (v);
}

/* Reads the replies of the commands pipelined so far; -1 on an error. */
static int
mb_redis_drain(redisContext *c, uint32_t *pending)
{
	redisReply	*r;

	for (; *pending > 0; (*pending)--) {
		if (redisGetReply(c, (void **)&r) != REDIS_OK)
			return (-1);
		freeReplyObject(r);
	}
	return (0);
}

static void
mb_flush(redisContext *c)
{
	redisReply	*r;

	if ((r = redisCommand(c, "FLUSHALL")) != NULL)
		freeReplyObject(r);
}

/*
 * Redis bytes per profile of one layout: version 1's (a key per blob and
 * a set per skill and district; sets != 0) or the matcher's (the blobs in
 * hashes of 128, nothing else).  used_memory before and after, so the
 * scratch Redis must be empty.  -1 on a Redis error.
 */
static double
mb_redis_layout(redisContext *c, const struct match_profile *all, uint32_t n,
    int sets, double *blob)
{
	struct infra_buf	 b;
	long long		 m0, m1;
	uint32_t		 i, pending;
	int			 j;
	char			 key[64], field[8];

	mb_flush(c);
	m0 = mb_redis_used(c);
	infra_buf_init(&b);
	for (*blob = 0, pending = 0, i = 0; i < n; i++) {
		b.len = 0;
		if (match_profile_encode(&all[i], &b) != MATCH_OK)
			continue;
		*blob += b.len;
		if (sets) {
			redisAppendCommand(c, "SET match:p:%" PRIu64 " %b",
			    all[i].user_id, b.data, b.len);
			for (j = 0; j < all[i].nskills; j++, pending++)
				redisAppendCommand(c, "SADD match:skill:%u %"
				    PRIu64, all[i].skills[j].id,
				    all[i].user_id);
			redisAppendCommand(c, "SADD match:district:%u %" PRIu64,
			    all[i].district_id, all[i].user_id);
			pending++;
		} else {
			(void)match_key_bucket(key, sizeof(key),
			    all[i].user_id);
			(void)match_key_field(field, sizeof(field),
			    all[i].user_id);
			redisAppendCommand(c, "HSET %s %s %b", key, field,
			    b.data, b.len);
		}
		if ((++pending >= 1000 || i + 1 == n) &&
		    mb_redis_drain(c, &pending) == -1) {
			infra_buf_free(&b);
			return (-1);
		}
		mb_progress(sets ? "redis, version 1 layout" :
		    "redis, buckets", i, n);
	}
	infra_buf_free(&b);
	m1 = mb_redis_used(c);
	*blob /= n;
	return ((double)(m1 - m0) / n);
}

/* Redis memory per profile: the matcher's layout against version 1's. */
static void
mb_redis(int port, const struct match_profile *all, uint32_t n)
{
	redisContext		*c;
	struct timeval		 tv = { 5, 0 };
	double			 old, now, blob;

	if ((c = redisConnectWithTimeout("127.0.0.1", port, tv)) == NULL ||
	    c->err) {
		fprintf(stderr, "match_bench: redis on %d: %s\n", port,
		    c ? c->errstr : "no memory");
		return;
	}
	if ((old = mb_redis_layout(c, all, n, 1, &blob)) >= 0 &&
	    (now = mb_redis_layout(c, all, n, 0, &blob)) >= 0)
		printf("redis: %u profiles, blob %.1f bytes; used_memory per "
		    "profile: %.0f bytes in hashes of 128 (the matcher's "
		    "layout) against %.0f bytes with a key per blob and "
		    "skill/district sets (version 1): %.2fx\n", n, blob, now,
		    old, now / old);
	mb_flush(c);
	redisFree(c);
}

/*
 * -W: the population of -n (its largest size) written into the Redis on
 * port exactly as the matcher writes it (match_key_bucket(), one field a
 * trainee, match_profile_encode()), one HSET of up to 128 fields a bucket,
 * pipelined; nothing is kept in memory.  The Redis must be empty.  -1 on
 * a Redis error.
 */
#define MB_WRITE_DEPTH	256	/* HSETs in flight */
static int
mb_write(int port, uint32_t n)
{
	struct match_profile	 p;
	struct infra_buf	 b;
	struct timespec		 t0, t1;
	struct timeval		 tv = { 30, 0 };
	redisContext		*c;
	const char		*argv[2 + 2 * (1 << MATCH_BUCKET_SHIFT)];
	size_t			 lens[2 + 2 * (1 << MATCH_BUCKET_SHIFT)];
	size_t			 offs[1 << MATCH_BUCKET_SHIFT];
	char			 key[64], fields[1 << MATCH_BUCKET_SHIFT][8];
	long long		 m0;
	uint64_t		 bucket, uid;
	uint32_t		 i, pending, nf, j;

	if ((c = redisConnectWithTimeout("127.0.0.1", port, tv)) == NULL ||
	    c->err) {
		fprintf(stderr, "match_bench: redis on %d: %s\n", port,
		    c ? c->errstr : "no memory");
		return (-1);
	}
	m0 = mb_redis_used(c);
	infra_buf_init(&b);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	argv[0] = "HSET";
	lens[0] = 4;
	for (pending = nf = 0, i = 0; i < n; i++) {
		uid = 1000 + (uint64_t)i;
		mb_profile(&p, uid);
		bucket = uid >> MATCH_BUCKET_SHIFT;
		if (nf == 0) {
			b.len = 0;
			(void)match_key_bucket(key, sizeof(key), uid);
		}
		(void)match_key_field(fields[nf], sizeof(fields[nf]), uid);
		offs[nf] = b.len;
		if (match_profile_encode(&p, &b) != MATCH_OK)
			return (-1);
		nf++;
		if (i + 1 < n && ((uid + 1) >> MATCH_BUCKET_SHIFT) == bucket)
			continue;
		argv[1] = key;
		lens[1] = strlen(key);
		for (j = 0; j < nf; j++) {
			argv[2 + 2 * j] = fields[j];
			lens[2 + 2 * j] = strlen(fields[j]);
			argv[3 + 2 * j] = (const char *)b.data + offs[j];
			lens[3 + 2 * j] = (j + 1 < nf ? offs[j + 1] : b.len) -
			    offs[j];
		}
		if (redisAppendCommandArgv(c, (int)(2 + 2 * nf), argv,
		    lens) != REDIS_OK)
			return (-1);
		nf = 0;
		if ((++pending >= MB_WRITE_DEPTH || i + 1 == n) &&
		    mb_redis_drain(c, &pending) == -1) {
			fprintf(stderr, "match_bench: redis: %s\n", c->errstr);
			return (-1);
		}
		mb_progress("redis, buckets", i, n);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("redis: %u profiles written in the matcher's layout in %.1f s "
	    "(%.0f a second, one pipelined HSET a bucket of 128); used_memory "
	    "per profile %.1f bytes\n", n, mb_ms(&t0, &t1) / 1e3,
	    n / (mb_ms(&t0, &t1) / 1e3),
	    (double)(mb_redis_used(c) - m0) / n);
	infra_buf_free(&b);
	redisFree(c);
	return (0);
}

/*
 * Every gig ranked with 1 and 2 threads and scanned plainly; p50/p99 of
 * each as ratios to the scan, and the top-k against brute force.
 */
static int
mb_measure(struct match_index *ix, const struct match_profile *all,
    uint32_t n, const struct match_gig *gigs, int nq, int k, double build_ms)
{
	struct match_topk	 tk;
	struct match_stats	 st;
	struct timespec		 t0, t1;
	double			*lat, *lat2, *scan, cands, scored;
	int			 q, agree, nchk;

	lat = calloc(nq, sizeof(*lat));
	lat2 = calloc(nq, sizeof(*lat2));
	scan = calloc(nq, sizeof(*scan));
	if (lat == NULL || lat2 == NULL || scan == NULL)
		return (-1);
	cands = scored = 0;
	for (q = 0; q < nq; q++) {
		lat[q] = mb_rank(ix, &gigs[q], k, 1, &st, NULL);
		cands += st.candidates;
		scored += st.scored;
		lat2[q] = mb_rank(ix, &gigs[q], k, 2, NULL, NULL);
		if (match_topk_init(&tk, k) == -1)
			return (-1);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		(void)match_index_scan(ix, &gigs[q], &tk);
		match_topk_sorted(&tk);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		scan[q] = mb_ms(&t0, &t1);
		match_topk_free(&tk);
		mb_progress("rank", (uint32_t)q, (uint32_t)nq);
	}
	/* Brute force costs ~0.3 us a trainee and gig: fewer at 10M. */
	nchk = n >= 5000000 ? 5 : MB_CHECK;
	nchk = nq < nchk ? nq : nchk;
	agree = mb_exact(ix, all, n, gigs, nchk, k);
	printf("N=%-8u build %.0f ms; candidates/gig %.0f (%.1f%%), "
	    "scored after the bound %.0f (%.1f%%)\n", n, build_ms,
	    cands / nq, 100.0 * cands / nq / n, scored / nq,
	    100.0 * scored / nq / n);
	printf("  plain scan p50 %.2f ms p99 %.2f ms (baseline 1.00x)\n"
	    "  rank, 1 thread   p50 %.2f ms p99 %.2f ms: %.2fx / %.2fx "
	    "the scan\n"
	    "  rank, 2 threads  p50 %.2f ms p99 %.2f ms: %.2fx / %.2fx "
	    "the scan\n"
	    "  top-%d identical to brute force (match_score() of every "
	    "trainee): %d of %d gigs, 1 and 2 threads\n",
	    mb_pct(scan, nq, 50), mb_pct(scan, nq, 99),
	    mb_pct(lat, nq, 50), mb_pct(lat, nq, 99),
	    mb_pct(scan, nq, 50) / mb_pct(lat, nq, 50),
	    mb_pct(scan, nq, 99) / mb_pct(lat, nq, 99),
	    mb_pct(lat2, nq, 50), mb_pct(lat2, nq, 99),
	    mb_pct(scan, nq, 50) / mb_pct(lat2, nq, 50),
	    mb_pct(scan, nq, 99) / mb_pct(lat2, nq, 99), k, agree, nchk);
	free(lat);
	free(lat2);
	free(scan);
	return (0);
}

/* Resident memory of this process, in GB (from /proc). */
static double
mb_rss_gb(void)
{
	FILE		*f;
	char		 line[256];
	double		 kb = 0;

	if ((f = fopen("/proc/self/status", "r")) == NULL)
		return (0);
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, "VmRSS:", 6) == 0)
			kb = strtod(line + 6, NULL);
	fclose(f);
	return (kb / 1048576.0);
}

struct mb_shard {
	struct match_index	 ix;
	const struct match_gig	*g;
	struct match_topk	 top;
	pthread_t		 tid;
};

static void *
mb_shard_rank(void *arg)
{
	struct mb_shard	*sh = arg;

	(void)match_index_rank(&sh->ix, sh->g, &sh->top, NULL);
	return (NULL);
}

/*
 * One sharded ranking: every shard on its own thread (as S matchers on S
 * cores would), then their top-k sorted together, as Kore merges them.
 * The merged top-k is left in out (k hits).  Returns the milliseconds.
 */
static double
mb_shard_once(struct mb_shard *sh, int ns, const struct match_gig *g, int k,
    struct match_hit *out, size_t *nout)
{
	struct timespec	 t0, t1;
	size_t		 n, j;
	int		 s;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (s = 0; s < ns; s++) {
		sh[s].g = g;
		if (match_topk_init(&sh[s].top, k) == -1)
			exit(1);
		if (pthread_create(&sh[s].tid, NULL, mb_shard_rank,
		    &sh[s]) != 0)
			exit(1);
	}
	for (n = 0, s = 0; s < ns; s++) {
		(void)pthread_join(sh[s].tid, NULL);
		for (j = 0; j < sh[s].top.n; j++)
			out[n++] = sh[s].top.heap[j];
		match_topk_free(&sh[s].top);
	}
	match_hits_sort(out, n);
	*nout = n < (size_t)k ? n : (size_t)k;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (mb_ms(&t0, &t1));
}

/* What a shard process answers a gig with, before its hits. */
struct mb_answer {
	double		ms;		/* its own ranking */
	uint32_t	n;
};

/* A shard process: a gig's number in, its top-k out, until -1 or EOF. */
static void
mb_shard_serve(int fd, struct match_index *x, const struct match_gig *gigs,
    int k)
{
	struct match_topk	t;
	struct mb_answer	a;
	struct timespec		t0, t1;
	int			q;

	while (infra_read_all(fd, &q, sizeof(q)) == 0 && q >= 0) {
		if (match_topk_init(&t, k) == -1)
			_exit(1);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		(void)match_index_rank(x, &gigs[q], &t, NULL);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		a.ms = mb_ms(&t0, &t1);
		a.n = (uint32_t)t.n;
		if (infra_write_all(fd, &a, sizeof(a)) == -1 ||
		    infra_write_all(fd, t.heap, t.n * sizeof(*t.heap)) == -1)
			_exit(1);
		match_topk_free(&t);
	}
	_exit(0);
}

/*
 * The shards as processes, as ns matchers on one machine: forked after
 * the shards were built (each child keeps its own, shared copy-on-write),
 * asked over socketpairs for every gig at once, their answers merged.
 * Per-shard p50/p99 (a child's own ranking) and merged (ask, rank, read,
 * sort); the merged top-k against the single index's.
 */
static int
mb_sharded_procs(struct mb_shard *sh, int ns, struct match_index *one,
    const struct match_gig *gigs, int nq, int k)
{
	struct match_topk	 tk;
	struct mb_answer	 a;
	struct match_hit	*m;
	struct timespec		 t0, t1;
	double			*lat, *per;
	pid_t			*pid;
	size_t			 n, j;
	int			*fd, sv[2], q, s, same = 0, ok, stop = -1;

	m = calloc((size_t)ns * k, sizeof(*m));
	lat = calloc(nq, sizeof(*lat));
	per = calloc((size_t)ns * nq, sizeof(*per));
	pid = calloc(ns, sizeof(*pid));
	fd = calloc(ns, sizeof(*fd));
	if (m == NULL || lat == NULL || per == NULL || pid == NULL ||
	    fd == NULL)
		return (-1);
	fflush(stdout);
	for (s = 0; s < ns; s++) {
		if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1 ||
		    (pid[s] = fork()) == -1)
			return (-1);
		if (pid[s] == 0) {
			close(sv[0]);
			mb_shard_serve(sv[1], &sh[s].ix, gigs, k);
		}
		close(sv[1]);
		fd[s] = sv[0];
	}
	for (q = 0; q < nq; q++) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (s = 0; s < ns; s++)
			if (infra_write_all(fd[s], &q, sizeof(q)) == -1)
				return (-1);
		for (n = 0, s = 0; s < ns; s++) {
			if (infra_read_all(fd[s], &a, sizeof(a)) == -1 ||
			    a.n > (uint32_t)k || infra_read_all(fd[s], m + n,
			    a.n * sizeof(*m)) == -1)
				return (-1);
			per[(size_t)s * nq + q] = a.ms;
			n += a.n;
		}
		match_hits_sort(m, n);
		n = n < (size_t)k ? n : (size_t)k;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		lat[q] = mb_ms(&t0, &t1);
		(void)mb_rank(one, &gigs[q], k, 1, NULL, &tk);
		ok = n == tk.n;
		for (j = 0; ok && j < n; j++)
			ok = m[j].user_id == tk.heap[j].user_id &&
			    m[j].score == tk.heap[j].score;
		same += ok;
		match_topk_free(&tk);
		mb_progress("shard processes", (uint32_t)q, (uint32_t)nq);
	}
	for (s = 0; s < ns; s++) {
		(void)infra_write_all(fd[s], &stop, sizeof(stop));
		close(fd[s]);
		(void)waitpid(pid[s], NULL, 0);
	}
	printf("  sharded in %d processes (one a shard, asked over a socket, "
	    "merged): merged p50 %.2f ms p99 %.2f ms; per shard p50/p99",
	    ns, mb_pct(lat, nq, 50), mb_pct(lat, nq, 99));
	for (s = 0; s < ns; s++)
		printf("%s %.2f/%.2f", s ? "," : "",
		    mb_pct(per + (size_t)s * nq, nq, 50),
		    mb_pct(per + (size_t)s * nq, nq, 99));
	printf(" ms; top-%d identical to the single index for %d of %d "
	    "gigs\n", k, same, nq);
	free(m);
	free(lat);
	free(per);
	free(pid);
	free(fd);
	return (0);
}

/*
 * The same population split in ns shards by match_shard_of(): p50/p99 of
 * a sharded ranking against the single index (1 and 2 threads) and the
 * plain scan, and whether every merged top-k is the single one.
 */
static int
mb_sharded(struct match_index *one, const struct match_profile *all,
    uint32_t n, const struct match_gig *gigs, int nq, int k, int ns,
    int procs)
{
	struct mb_shard		*sh;
	struct match_topk	 tk;
	struct match_hit	*m;
	double			*lat, *one1;
	size_t			 nm, j;
	uint32_t		 i;
	int			 q, s, same = 0, ok;

	sh = calloc(ns, sizeof(*sh));
	m = calloc((size_t)ns * k, sizeof(*m));
	lat = calloc(nq, sizeof(*lat));
	one1 = calloc(nq, sizeof(*one1));
	if (sh == NULL || m == NULL || lat == NULL || one1 == NULL)
		return (-1);
	for (s = 0; s < ns; s++)
		if (match_index_init(&sh[s].ix, &one->w, one->now) == -1)
			return (-1);
	for (i = 0; i < n; i++) {
		if (match_index_put(&sh[match_shard_of(all[i].user_id, ns)].ix,
		    &all[i]) == -1)
			return (-1);
		mb_progress("shards", i, n);
	}
	for (q = 0; q < nq; q++) {
		one1[q] = mb_rank(one, &gigs[q], k, 1, NULL, &tk);
		lat[q] = mb_shard_once(sh, ns, &gigs[q], k, m, &nm);
		ok = nm == tk.n;
		for (j = 0; ok && j < nm; j++)
			ok = m[j].user_id == tk.heap[j].user_id &&
			    m[j].score == tk.heap[j].score;
		same += ok;
		match_topk_free(&tk);
		mb_progress("sharded rank", (uint32_t)q, (uint32_t)nq);
	}
	printf("  sharded, %d shards of ~%u (one thread each, in parallel, "
	    "merged): p50 %.2f ms p99 %.2f ms; single index, 1 thread, same "
	    "gigs: p50 %.2f ms p99 %.2f ms: sharded/single %.2fx / %.2fx; "
	    "top-%d identical to the single index for %d of %d gigs; "
	    "resident %.1f GB (single + shards + profiles)\n", ns, n / ns,
	    mb_pct(lat, nq, 50), mb_pct(lat, nq, 99), mb_pct(one1, nq, 50),
	    mb_pct(one1, nq, 99), mb_pct(lat, nq, 50) / mb_pct(one1, nq, 50),
	    mb_pct(lat, nq, 99) / mb_pct(one1, nq, 99), k, same, nq,
	    mb_rss_gb());
	if (procs && mb_sharded_procs(sh, ns, one, gigs, nq, k) == -1)
		return (-1);
	for (s = 0; s < ns; s++)
		match_index_free(&sh[s].ix);
	free(sh);
	free(m);
	free(lat);
	free(one1);
	return (0);
}

static void
mb_usage(void)
{
	fprintf(stderr, "usage: match_bench [-n N,N,...] [-q queries] "
	    "[-k top] [-d dir] [-r redis-port] [-R redis-profiles] "
	    "[-S shards] [-P] [-W redis-port]\n");
	exit(2);
}

/* The command line: -n sizes, -q gigs, -k top, -d dump, -r/-R Redis, -S. */
struct mb_opts {
	char		*sizes, *dir;
	uint32_t	 ns[8], redis_n;
	int		 nq, k, nn, redis_port, shards, procs, write_port;
};

static void
mb_options(int argc, char **argv, struct mb_opts *o)
{
	char	*tok;
	int	 ch;

	o->sizes = strdup("10000,100000,1000000");
	o->nq = 300;
	o->k = 50;
	o->dir = NULL;
	o->redis_port = 0;
	o->redis_n = 200000;
	o->shards = 0;
	o->procs = 0;
	o->write_port = 0;
	while ((ch = getopt(argc, argv, "n:q:k:d:r:R:S:PW:")) != -1) {
		switch (ch) {
		case 'W':
			o->write_port = atoi(optarg);
			break;
		case 'P':
			o->procs = 1;
			break;
		case 'S':
			o->shards = atoi(optarg);
			break;
		case 'n':
			free(o->sizes);
			o->sizes = strdup(optarg);
			break;
		case 'q':
			o->nq = atoi(optarg);
			break;
		case 'k':
			o->k = atoi(optarg);
			break;
		case 'd':
			o->dir = optarg;
			break;
		case 'r':
			o->redis_port = atoi(optarg);
			break;
		case 'R':
			o->redis_n = (uint32_t)strtoul(optarg, NULL, 10);
			break;
		default:
			mb_usage();
		}
	}
	if (o->nq < 1 || o->k < 1)
		mb_usage();
	for (o->nn = 0, tok = strtok(o->sizes, ",");
	    tok != NULL && o->nn < 8; tok = strtok(NULL, ","))
		if ((o->ns[o->nn] = (uint32_t)strtoul(tok, NULL, 10)) > 0)
			o->nn++;
	if (o->nn == 0)
		mb_usage();
}

int
main(int argc, char **argv)
{
	struct mb_opts		 o;
	struct match_weights	 w;
	struct match_index	 ix;
	struct match_profile	*all;
	struct match_gig	*gigs;
	struct timespec		 t0, t1;
	double			 build_ms;
	uint32_t		 n, i;
	int			 q, si;

	mb_options(argc, argv, &o);
	mb_setup();
	match_weights_default(&w);
	gigs = calloc(o.nq, sizeof(*gigs));
	if (gigs == NULL)
		return (1);
	printf("match_bench: %d skills (Zipf), 3-8 skills per trainee, 41 "
	    "districts, %d gigs of 3-6 skills, top-%d; ratios: the plain "
	    "scan's time / the ranking's (over 1 = faster than the scan)\n",
	    MB_SKILLS, o.nq, o.k);
	if (o.write_port > 0) {
		/* The same profiles, then the same gigs, as the last size. */
		for (n = 0, si = 0; si < o.nn; si++)
			n = o.ns[si] > n ? o.ns[si] : n;
		if (mb_write(o.write_port, n) == -1)
			return (1);
		for (q = 0; q < o.nq; q++)
			mb_gig(&gigs[q], 1 + (uint64_t)q);
		if (o.dir != NULL)
			mb_dump_gigs(o.dir, gigs, o.nq);
		return (0);
	}
	for (si = 0; si < o.nn; si++) {
		n = o.ns[si];
		fprintf(stderr, "N = %u\n", n);
		if ((all = calloc(n, sizeof(*all))) == NULL ||
		    match_index_init(&ix, &w, MB_NOW) == -1)
			return (1);
		for (i = 0; i < n; i++) {
			mb_profile(&all[i], 1000 + (uint64_t)i);
			mb_progress("generate", i, n);
		}
		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (i = 0; i < n; i++) {
			if (match_index_put(&ix, &all[i]) == -1)
				return (1);
			mb_progress("index", i, n);
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		build_ms = mb_ms(&t0, &t1);
		for (q = 0; q < o.nq; q++)
			mb_gig(&gigs[q], 1 + (uint64_t)q);

		if (mb_measure(&ix, all, n, gigs, o.nq, o.k, build_ms) == -1)
			return (1);
		fflush(stdout);
		if (si == o.nn - 1) {
			if (o.shards > 1 && mb_sharded(&ix, all, n, gigs, o.nq,
			    o.k, o.shards, o.procs) == -1)
				return (1);
			if (o.dir != NULL)
				mb_dump(o.dir, all, n, gigs,
				    o.nq < 20 ? o.nq : 20, &ix, o.k);
			if (o.redis_port > 0)
				mb_redis(o.redis_port, all,
				    n < o.redis_n ? n : o.redis_n);
		}
		match_index_free(&ix);
		free(all);
	}
	free(gigs);
	free(o.sizes);
	return (0);
}
