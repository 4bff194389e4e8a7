/*
 * Asking the matchers, from a thread that may block (a Kore task, a
 * bench): one matcher answers RANK itself; several shards (each holding
 * the trainees of match_shard_of() == i) are merged exactly here.
 *
 *   1. "TOP <gig> <offset+limit>" to every shard: its best, as score and
 *      user lines (~20 bytes a hit, no explanation).
 *   2. All of them sorted in the top-k order (score desc, user asc): the
 *      page is positions offset .. offset+limit of that order -- exact,
 *      since the global best n are among the shards' best n each.
 *   3. "EXPLAIN <gig> <user>:<rank>,..." to each shard holding a winner;
 *      the explained hits of every shard go into one answer shaped like
 *      RANK's: {"gig_id", "total", "results": [...]} (results grouped by
 *      shard; each carries its rank).
 *
 * The ports: HUNAR_MATCH_SHARDS ("18090,18091"), else HUNAR_MATCH_PORT.
 * Plain blocking sockets with poll() timeouts; no Kore.
 */
#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "infra/infra.h"
#include "matching/matching.h"

/* The matchers' ports, at most max; 0 when none is configured right. */
int
match_ports(int *ports, int max)
{
	const char	*s;
	char		*ep;
	long		 p;
	int		 n;

	if ((s = getenv("HUNAR_MATCH_SHARDS")) == NULL || *s == '\0') {
		if ((s = getenv("HUNAR_MATCH_PORT")) == NULL || *s == '\0')
			s = "18090";
	}
	for (n = 0; n < max; s = ep + 1) {
		p = strtol(s, &ep, 10);
		if (ep == s || p < 1 || p > 65535 || (*ep != ',' &&
		    *ep != '\0'))
			return (0);
		ports[n++] = (int)p;
		if (*ep == '\0')
			break;
	}
	return (n);
}

static int
match_connect(int port, int ms)
{
	struct sockaddr_in	 sin;
	struct pollfd		 pfd;
	socklen_t		 elen;
	int			 fd, err;

	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return (-1);
	(void)fcntl(fd, F_SETFL, O_NONBLOCK);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0)
		return (fd);
	if (errno == EINPROGRESS) {
		pfd.fd = fd;
		pfd.events = POLLOUT;
		elen = sizeof(err);
		if (poll(&pfd, 1, ms) == 1 &&
		    getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) == 0 &&
		    err == 0)
			return (fd);
	}
	(void)close(fd);
	return (-1);
}

/*
 * One request line to the matcher on port, its whole answer (it closes)
 * into buf (NUL-terminated).  The length, or -1 (no answer in ms, or
 * more than max - 1 bytes).
 */
ssize_t
match_ask(int port, const char *req, char *buf, size_t max, int ms)
{
	struct pollfd	 pfd;
	size_t		 len = 0;
	ssize_t		 n;
	int		 fd;

	if (max == 0 || (fd = match_connect(port, ms)) == -1)
		return (-1);
	if (write(fd, req, strlen(req)) != (ssize_t)strlen(req))
		goto fail;
	for (;;) {
		pfd.fd = fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, ms) != 1)
			goto fail;
		n = read(fd, buf + len, max - 1 - len);
		if (n == -1 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
		if (len >= max - 1)
			goto fail;
	}
	(void)close(fd);
	buf[len] = '\0';
	return ((ssize_t)len);
fail:
	(void)close(fd);
	return (-1);
}

/* Step 1: every shard's best k into all (idx = shard); -1 if one fails. */
static int
match_shards_top(const int *ports, int nports, uint64_t gig, size_t k,
    char *buf, size_t max, struct match_hit *all, size_t *nall,
    uint32_t *sum)
{
	char		 req[64];
	ssize_t		 len;
	size_t		 got;
	uint32_t	 total;
	int		 s;

	(void)snprintf(req, sizeof(req), "TOP %" PRIu64 " %zu\n", gig, k);
	*nall = 0;
	*sum = 0;
	for (s = 0; s < nports; s++) {
		if ((len = match_ask(ports[s], req, buf, max,
		    MATCH_ASK_MS)) <= 0)
			return (-1);
		if (match_top_parse(buf, (size_t)len, (uint32_t)s, &total,
		    all + *nall, k, &got) == -1)
			return (-1);	/* {"error":...} or cut short */
		*nall += got;
		*sum += total;
	}
	return (0);
}

/* Step 3 for one shard: its winners explained, spliced into out. */
static int
match_shards_explain(int port, uint64_t gig, const struct match_hit *win,
    size_t nwin, uint32_t shard, char *buf, size_t max,
    struct infra_buf *out)
{
	struct infra_buf	 req;
	const char		*a, *e;
	size_t			 i;
	ssize_t			 len;
	int			 n, rv = -1;

	infra_buf_init(&req);
	(void)infra_buf_fmt(&req, "EXPLAIN %" PRIu64 " ", gig);
	for (i = n = 0; i < nwin; i++) {
		if (win[i].idx == shard && infra_buf_fmt(&req, "%s%" PRIu64
		    ":%zu", n++ ? "," : "", win[i].user_id,
		    (size_t)win[i].score) == -1)
			goto out;
	}
	if (n == 0) {
		rv = 0;
		goto out;
	}
	if (infra_buf_add(&req, "\n", 2) == -1 ||
	    (len = match_ask(port, (const char *)req.data, buf, max,
	    MATCH_ASK_MS)) <= 0 ||
	    (a = strstr(buf, "\"results\":[")) == NULL ||
	    (e = strrchr(buf, ']')) == NULL || e < a + 11)
		goto out;
	a += 11;
	if (e > a && ((out->data[out->len - 1] != '[' &&
	    infra_buf_add(out, ",", 1) == -1) ||
	    infra_buf_add(out, a, (size_t)(e - a)) == -1))
		goto out;
	rv = 0;
out:
	infra_buf_free(&req);
	return (rv);
}

/*
 * The page offset .. offset+limit of a gig's ranking over the shards on
 * ports, as one RANK-shaped JSON answer in out.  buf (max bytes) is the
 * scratch each answer is read into.  -1 when any shard fails: a page
 * with a shard missing would not be the exact ranking.
 */
int
match_shards_rank(const int *ports, int nports, uint64_t gig, size_t limit,
    size_t offset, char *buf, size_t max, struct infra_buf *out)
{
	struct match_hit	*all;
	size_t			 nall, i, end;
	uint32_t		 sum;
	int			 s, rv = -1;

	if (nports < 1 || limit == 0 ||
	    (all = calloc((size_t)nports * (limit + offset),
	    sizeof(*all))) == NULL)
		return (-1);
	if (match_shards_top(ports, nports, gig, limit + offset, buf, max,
	    all, &nall, &sum) == -1)
		goto out;
	match_hits_sort(all, nall);
	end = offset + limit < nall ? offset + limit : nall;
	/* The winners carry their rank in score, for EXPLAIN. */
	for (i = offset; i < end; i++)
		all[i].score = (uint32_t)(i + 1);
	if (infra_buf_fmt(out, "{\"gig_id\":%" PRIu64 ",\"total\":%u,"
	    "\"results\":[", gig, sum) == -1)
		goto out;
	for (s = 0; s < nports; s++) {
		if (offset < end && match_shards_explain(ports[s], gig,
		    all + offset, end - offset, (uint32_t)s, buf, max,
		    out) == -1)
			goto out;
	}
	rv = infra_buf_add(out, "]}\n", 3);
out:
	free(all);
	return (rv);
}
