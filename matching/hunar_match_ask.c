/*
 * hunar_match_ask: one ranking asked the way Kore asks it (match_shards.c),
 * printed as the JSON Kore reads -- from one matcher (HUNAR_MATCH_PORT) or
 * merged from the shards in HUNAR_MATCH_SHARDS ("18090,18091"): a shard
 * that does not answer within MATCH_ASK_MS is named in the answer's
 * "missing_shards" ("partial":true).  For operators and for the tests
 * that the merged ranking is the single one.
 *
 *	hunar_match_ask <gig_id> [limit [offset]]
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infra/infra.h"
#include "matching/matching.h"

#define ASK_REPLY_MAX	(192 * 1024)

int
main(int argc, char **argv)
{
	struct infra_buf	 out;
	char			*buf, req[96];
	int			 ports[MATCH_SHARDS_MAX], n, rv;
	unsigned long		 limit, offset;
	uint64_t		 gig;
	ssize_t			 len;

	if (argc < 2 || argc > 4) {
		fprintf(stderr, "usage: hunar_match_ask gig [limit [offset]]\n");
		return (2);
	}
	gig = strtoull(argv[1], NULL, 10);
	limit = argc > 2 ? strtoul(argv[2], NULL, 10) : 10;
	offset = argc > 3 ? strtoul(argv[3], NULL, 10) : 0;
	if ((n = match_ports(ports, MATCH_SHARDS_MAX)) == 0 ||
	    (buf = malloc(ASK_REPLY_MAX)) == NULL) {
		fprintf(stderr, "hunar_match_ask: no matcher port\n");
		return (1);
	}
	infra_buf_init(&out);
	rv = 1;
	if (n == 1) {
		(void)snprintf(req, sizeof(req), "RANK %" PRIu64 " %lu %lu\n",
		    gig, limit, offset);
		if ((len = match_ask(ports[0], req, buf, ASK_REPLY_MAX,
		    MATCH_ASK_MS)) > 0) {
			fwrite(buf, 1, (size_t)len, stdout);
			rv = 0;
		}
	} else if (match_shards_rank(ports, n, gig, limit, offset,
	    MATCH_ASK_MS, ASK_REPLY_MAX, &out) >= 0) {
		fwrite(out.data, 1, out.len, stdout);
		rv = 0;
	}
	if (rv != 0)
		fprintf(stderr, "hunar_match_ask: no answer from %d "
		    "matcher(s)\n", n);
	infra_buf_free(&out);
	free(buf);
	return (rv);
}
