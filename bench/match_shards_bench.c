/*
 * match_shards_bench: the sharded ranking against the single index, both
 * asked over their sockets the way Kore asks them (match_shards.c): the
 * shards in HUNAR_MATCH_SHARDS through match_shards_rank() (TOP from every
 * shard at once, the exact merge, EXPLAIN of the winners), the single
 * matcher on -1 port through match_ask() ("RANK <gig> <k> 0").  For gigs
 * 1..-g it times both (which goes first alternates) and compares their
 * top-k: the same trainees, in the same order, with the same exact
 * scores.  Prints p50/p99 of each, how many gigs agree and how many
 * sharded answers were partial; exit 1 on a difference.
 *
 *	HUNAR_MATCH_SHARDS=p,p,... match_shards_bench -1 port [-g 100] [-k 50]
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "infra/infra.h"
#include "matching/matching.h"

#define SB_REPLY_MAX	(1024 * 1024)
#define SB_TOP_MAX	100

struct sb_row {
	unsigned	rank;
	unsigned	score;
	uint64_t	user_id;
};

static double
sb_ms(const struct timespec *a, const struct timespec *b)
{
	return ((b->tv_sec - a->tv_sec) * 1e3 +
	    (b->tv_nsec - a->tv_nsec) / 1e6);
}

static int
sb_cmp(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return (x < y ? -1 : x > y);
}

static double
sb_pct(double *v, int n, int p)
{
	int	i;

	qsort(v, (size_t)n, sizeof(*v), sb_cmp);
	i = (n * p + 99) / 100 - 1;
	return (v[i < 0 ? 0 : i]);
}

static int
sb_by_rank(const void *a, const void *b)
{
	const struct sb_row	*x = a, *y = b;

	return (x->rank < y->rank ? -1 : x->rank > y->rank);
}

/*
 * The rank, user id and exact score of every hit of a RANK-shaped answer,
 * in rank order (the merged answer groups its hits by shard, each with
 * its rank, as Kore reads them).
 */
static int
sb_rows(const char *json, struct sb_row *rows, int max)
{
	const char	*p, *q;
	int		 n;

	if ((p = strstr(json, "\"results\":[")) == NULL)
		return (-1);
	for (n = 0; n < max && (p = strstr(p, "{\"user_id\":")) != NULL;
	    n++) {
		rows[n].user_id = strtoull(p + 11, NULL, 10);
		if ((q = strstr(p, "\"rank\":")) == NULL)
			return (-1);
		rows[n].rank = (unsigned)strtoul(q + 7, NULL, 10);
		if ((q = strstr(p, "\"score_exact\":")) == NULL)
			return (-1);
		rows[n].score = (unsigned)strtoul(q + 14, NULL, 10);
		p = q;
	}
	qsort(rows, (size_t)n, sizeof(*rows), sb_by_rank);
	return (n);
}

/* One ranking each way; its milliseconds in *ms, the rows in rows. */
static int
sb_sharded(const int *ports, int n, uint64_t gig, int k,
    struct infra_buf *out, double *ms, struct sb_row *rows)
{
	struct timespec	t0, t1;
	int		rv;

	out->len = 0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rv = match_shards_rank(ports, n, gig, (size_t)k, 0, MATCH_ASK_MS,
	    SB_REPLY_MAX, out);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	*ms = sb_ms(&t0, &t1);
	if (rv == 1)
		return (-2);	/* partial: a shard did not answer in time */
	if (rv != 0 || infra_buf_fmt(out, "%c", '\0') == -1)
		return (-1);
	return (sb_rows((const char *)out->data, rows, SB_TOP_MAX));
}

static int
sb_single(int port, uint64_t gig, int k, char *buf, double *ms,
    struct sb_row *rows)
{
	struct timespec	t0, t1;
	char		req[96];
	ssize_t		len;

	(void)snprintf(req, sizeof(req), "RANK %" PRIu64 " %d 0\n", gig, k);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	len = match_ask(port, req, buf, SB_REPLY_MAX - 1, MATCH_ASK_MS);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	*ms = sb_ms(&t0, &t1);
	if (len <= 0)
		return (-1);
	buf[len] = '\0';
	return (sb_rows(buf, rows, SB_TOP_MAX));
}

int
main(int argc, char **argv)
{
	struct sb_row		 a[SB_TOP_MAX], b[SB_TOP_MAX];
	struct infra_buf	 out;
	double			*ls, *l1;
	char			*buf;
	int			 ports[MATCH_SHARDS_MAX], n, single, gigs, k;
	int			 ch, g, na, nb, same, failed, partial;

	single = 0;
	gigs = 100;
	k = 50;
	while ((ch = getopt(argc, argv, "1:g:k:")) != -1) {
		switch (ch) {
		case '1':
			single = atoi(optarg);
			break;
		case 'g':
			gigs = atoi(optarg);
			break;
		case 'k':
			k = atoi(optarg);
			break;
		default:
			single = 0;
			break;
		}
	}
	n = match_ports(ports, MATCH_SHARDS_MAX);
	if (single < 1 || gigs < 1 || k < 1 || k > SB_TOP_MAX || n < 2) {
		fprintf(stderr, "usage: HUNAR_MATCH_SHARDS=p,p,... "
		    "match_shards_bench -1 port [-g gigs] [-k 1..%d]\n",
		    SB_TOP_MAX);
		return (2);
	}
	if ((buf = malloc(SB_REPLY_MAX)) == NULL ||
	    (ls = calloc((size_t)gigs, sizeof(*ls))) == NULL ||
	    (l1 = calloc((size_t)gigs, sizeof(*l1))) == NULL)
		return (1);
	infra_buf_init(&out);
	for (same = failed = partial = 0, g = 0; g < gigs; g++) {
		if (g % 2 == 0) {
			na = sb_sharded(ports, n, (uint64_t)g + 1, k, &out,
			    &ls[g], a);
			nb = sb_single(single, (uint64_t)g + 1, k, buf,
			    &l1[g], b);
		} else {
			nb = sb_single(single, (uint64_t)g + 1, k, buf,
			    &l1[g], b);
			na = sb_sharded(ports, n, (uint64_t)g + 1, k, &out,
			    &ls[g], a);
		}
		if (na < 0 || nb < 0) {
			fprintf(stderr, "gig %d: %s (sharded %d, single %d)\n",
			    g + 1, na == -2 ? "partial" : "no answer", na, nb);
			partial += na == -2;
			failed += na != -2;
		} else if (na == nb && na > 0 &&
		    memcmp(a, b, (size_t)na * sizeof(a[0])) == 0)
			same++;
		else
			fprintf(stderr, "gig %d: top-%d differs (sharded %d "
			    "rows, first user %" PRIu64 "; single %d rows, "
			    "first user %" PRIu64 ")\n", g + 1, k, na,
			    na > 0 ? a[0].user_id : 0, nb,
			    nb > 0 ? b[0].user_id : 0);
	}
	printf("sharded, %d hunar_matcher shards merged by "
	    "match_shards_rank(): p50 %.1f ms p99 %.1f ms; single "
	    "hunar_matcher, full index, RANK: p50 %.1f ms p99 %.1f ms "
	    "(sharded/single p50 %.2fx); top-%d identical (trainees, order, "
	    "exact scores) for %d of %d gigs, %d unanswered, %d partial\n", n,
	    sb_pct(ls, gigs, 50), sb_pct(ls, gigs, 99), sb_pct(l1, gigs, 50),
	    sb_pct(l1, gigs, 99), sb_pct(ls, gigs, 50) / sb_pct(l1, gigs, 50),
	    k, same, gigs, failed, partial);
	infra_buf_free(&out);
	free(buf);
	free(ls);
	free(l1);
	return (same == gigs ? 0 : 1);
}
