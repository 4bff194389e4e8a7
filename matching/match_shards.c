/*
 * Asking the matchers, from a thread that may block (a Kore task, a
 * bench): one matcher answers RANK itself; several shards (each holding
 * the trainees of match_shard_of() == i) are merged exactly here.
 *
 *   1. "TOP <gig> <offset+limit>" to every shard at once: its best, as
 *      score and user lines (~20 bytes a hit, no explanation).
 *   2. All of them sorted in the top-k order (score desc, user asc): the
 *      page is positions offset .. offset+limit of that order -- exact,
 *      since the global best n are among the shards' best n each.
 *   3. "EXPLAIN <gig> <user>:<rank>,..." to each shard holding a winner,
 *      at once again; the explained hits of every shard go into one
 *      answer shaped like RANK's: {"gig_id", "total", "results": [...]}
 *      (results grouped by shard; each carries its rank).
 *
 * The shards are asked in parallel (issue 15: one after another, the
 * merge cost the sum of the shards' times, 1.7-1.9x the single index):
 * non-blocking sockets, one poll() over all of them, one deadline a step.
 * A shard that has not answered by then (stopped, overloaded, gone) is
 * left out and named: the answer is the exact ranking over the shards
 * that answered, marked "partial":true with "missing_shards":
 * [{"shard":i,"port":p}] (i: its place in HUNAR_MATCH_SHARDS, from 0):
 * an employer is better served by most of the ranking now, marked, than
 * by none until the shard is back.  No shard answering is no answer.
 *
 * The ports: HUNAR_MATCH_SHARDS ("18090,18091"), else HUNAR_MATCH_PORT.
 * No Kore.
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
#include <time.h>
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

/* One exchange with one matcher: a request line out, the answer in. */
struct match_call {
	int			 port;
	const char		*req;	/* NULL: nothing to ask this one */
	size_t			 sent;
	int			 fd;
	int			 state;
	struct infra_buf	 in;	/* the answer, NUL-terminated */
};

#define MC_SEND		0	/* connecting, then writing req */
#define MC_READ		1	/* reading until the matcher closes */
#define MC_DONE		2
#define MC_FAILED	3

static int64_t
match_now_ms(void)
{
	struct timespec	ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

static void
match_call_end(struct match_call *c, int state)
{
	if (c->fd != -1)
		(void)close(c->fd);
	c->fd = -1;
	c->state = state;
}

static void
match_call_open(struct match_call *c)
{
	struct sockaddr_in	sin;

	c->sent = 0;
	c->in.len = 0;
	c->state = MC_SEND;
	if ((c->fd = socket(AF_INET, SOCK_STREAM, 0)) == -1) {
		match_call_end(c, MC_FAILED);
		return;
	}
	(void)fcntl(c->fd, F_SETFL, O_NONBLOCK);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)c->port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(c->fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 &&
	    errno != EINPROGRESS)
		match_call_end(c, MC_FAILED);
}

/* One readiness event of c's socket: writes the rest, or reads more. */
static void
match_call_step(struct match_call *c, short revents, size_t max)
{
	char		chunk[16384];
	socklen_t	elen;
	ssize_t		n;
	size_t		len;
	int		err;

	if (c->state == MC_SEND) {
		elen = sizeof(err);
		if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err,
		    &elen) == -1 || err != 0) {
			match_call_end(c, MC_FAILED);
			return;
		}
		len = strlen(c->req);
		n = send(c->fd, c->req + c->sent, len - c->sent,
		    MSG_NOSIGNAL);
		if (n == -1 && (errno == EAGAIN || errno == EINTR))
			return;
		if (n <= 0) {
			match_call_end(c, MC_FAILED);
			return;
		}
		if ((c->sent += (size_t)n) == len)
			c->state = MC_READ;
		return;
	}
	if ((revents & (POLLIN | POLLHUP | POLLERR)) == 0)
		return;
	n = read(c->fd, chunk, sizeof(chunk));
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n == -1 || c->in.len + (size_t)n >= max ||
	    infra_buf_add(&c->in, chunk, (size_t)n) == -1) {
		match_call_end(c, MC_FAILED);
		return;
	}
	if (n == 0)	/* the matcher closed: the whole answer is in */
		match_call_end(c, infra_buf_add(&c->in, "", 1) == -1 ?
		    MC_FAILED : MC_DONE);
}

/*
 * Every call with a request at once, each answer at most max - 1 bytes:
 * connect, write, read until the matcher closes, one poll() over all
 * the sockets until ms have passed.  A call not done by then failed
 * (state MC_FAILED); the others are MC_DONE with their answer in in.
 */
static void
match_calls_run(struct match_call *calls, int n, size_t max, int ms)
{
	struct pollfd	 pfd[MATCH_SHARDS_MAX];
	int		 who[MATCH_SHARDS_MAX];
	int64_t		 until, left;
	int		 i, np;

	for (i = 0; i < n; i++) {
		calls[i].fd = -1;
		if (calls[i].req != NULL)
			match_call_open(&calls[i]);
		else
			calls[i].state = MC_DONE;
	}
	until = match_now_ms() + ms;
	for (;;) {
		for (i = np = 0; i < n; i++) {
			if (calls[i].state != MC_SEND &&
			    calls[i].state != MC_READ)
				continue;
			pfd[np].fd = calls[i].fd;
			pfd[np].events = calls[i].state == MC_SEND ? POLLOUT :
			    POLLIN;
			pfd[np].revents = 0;
			who[np++] = i;
		}
		if (np == 0 || (left = until - match_now_ms()) <= 0)
			break;
		if (poll(pfd, (nfds_t)np, (int)left) == -1 && errno != EINTR)
			break;
		for (i = 0; i < np; i++) {
			if (pfd[i].revents != 0)
				match_call_step(&calls[who[i]], pfd[i].revents,
				    max);
		}
	}
	for (i = 0; i < n; i++) {
		if (calls[i].state == MC_SEND || calls[i].state == MC_READ)
			match_call_end(&calls[i], MC_FAILED);
	}
}

/*
 * One request line to the matcher on port, its whole answer (it closes)
 * into buf (NUL-terminated).  The length, or -1 (no answer in ms, or
 * more than max - 1 bytes).
 */
ssize_t
match_ask(int port, const char *req, char *buf, size_t max, int ms)
{
	struct match_call	c;
	ssize_t			len = -1;

	if (max == 0)
		return (-1);
	memset(&c, 0, sizeof(c));
	c.port = port;
	c.req = req;
	infra_buf_init(&c.in);
	match_calls_run(&c, 1, max, ms);
	if (c.state == MC_DONE) {
		len = (ssize_t)c.in.len - 1;
		memcpy(buf, c.in.data, c.in.len);
	}
	infra_buf_free(&c.in);
	return (len);
}

/*
 * Step 1: every shard's best k into all (idx = shard), asked at once; a
 * shard that did not answer, or answered no TOP ({"error":...}, cut
 * short), is marked in missing.  The number of shards that answered.
 */
static int
match_shards_top(struct match_call *calls, int n, uint64_t gig, size_t k,
    size_t max, int ms, struct match_hit *all, size_t *nall, uint32_t *sum,
    int *missing)
{
	char		 req[64];
	size_t		 got;
	uint32_t	 total;
	int		 s, ok;

	(void)snprintf(req, sizeof(req), "TOP %" PRIu64 " %zu\n", gig, k);
	for (s = 0; s < n; s++)
		calls[s].req = req;
	match_calls_run(calls, n, max, ms);
	*nall = 0;
	*sum = 0;
	for (s = ok = 0; s < n; s++) {
		if (calls[s].state != MC_DONE || match_top_parse(
		    (const char *)calls[s].in.data, calls[s].in.len - 1,
		    (uint32_t)s, &total, all + *nall, k, &got) == -1) {
			missing[s] = 1;
			continue;
		}
		*nall += got;
		*sum += total;
		ok++;
	}
	return (ok);
}

/* Step 3's request to one shard: its winners, or NULL when it has none. */
static char *
match_explain_req(uint64_t gig, const struct match_hit *win, size_t nwin,
    uint32_t shard, struct infra_buf *req)
{
	size_t	i;
	int	n;

	if (infra_buf_fmt(req, "EXPLAIN %" PRIu64 " ", gig) == -1)
		return (NULL);
	for (i = n = 0; i < nwin; i++) {
		if (win[i].idx == shard && infra_buf_fmt(req, "%s%" PRIu64
		    ":%zu", n++ ? "," : "", win[i].user_id,
		    (size_t)win[i].score) == -1)
			return (NULL);
	}
	if (n == 0 || infra_buf_add(req, "\n", 2) == -1)
		return (NULL);
	return ((char *)req->data);
}

/* One shard's EXPLAIN answer: its results spliced into res. */
static int
match_explain_splice(const struct match_call *c, struct infra_buf *res)
{
	const char	*a, *e;

	if (c->state != MC_DONE ||
	    (a = strstr((const char *)c->in.data, "\"results\":[")) == NULL ||
	    (e = strrchr((const char *)c->in.data, ']')) == NULL ||
	    e < a + 11)
		return (-1);
	a += 11;
	if (e > a && ((res->len > 0 && infra_buf_add(res, ",", 1) == -1) ||
	    infra_buf_add(res, a, (size_t)(e - a)) == -1))
		return (-1);
	return (0);
}

/* Step 3: the winners explained by their shards, asked at once. */
static void
match_shards_explain(struct match_call *calls, int n, uint64_t gig,
    const struct match_hit *win, size_t nwin, size_t max, int ms,
    int *missing, struct infra_buf *res)
{
	struct infra_buf	req[MATCH_SHARDS_MAX];
	int			s;

	for (s = 0; s < n; s++) {
		infra_buf_init(&req[s]);
		calls[s].req = missing[s] ? NULL : match_explain_req(gig, win,
		    nwin, (uint32_t)s, &req[s]);
	}
	match_calls_run(calls, n, max, ms);
	for (s = 0; s < n; s++) {
		if (calls[s].req != NULL &&
		    match_explain_splice(&calls[s], res) == -1)
			missing[s] = 1;
		infra_buf_free(&req[s]);
	}
}

/*
 * The page offset .. offset+limit of a gig's ranking over the shards on
 * ports, as one RANK-shaped JSON answer in out; each step waits ms at
 * most, an answer at most max bytes.  0: every shard answered, the exact
 * ranking; 1: partial (the shards in "missing_shards" did not answer: the
 * exact ranking over the others); -1: no shard answered.
 */
int
match_shards_rank(const int *ports, int nports, uint64_t gig, size_t limit,
    size_t offset, int ms, size_t max, struct infra_buf *out)
{
	struct match_call	 calls[MATCH_SHARDS_MAX];
	struct match_hit	*all;
	struct infra_buf	 res;
	size_t			 nall, i, end;
	uint32_t		 sum;
	int			 missing[MATCH_SHARDS_MAX];
	int			 s, n, rv = -1;

	if (nports < 1 || nports > MATCH_SHARDS_MAX || limit == 0 ||
	    (all = calloc((size_t)nports * (limit + offset),
	    sizeof(*all))) == NULL)
		return (-1);
	infra_buf_init(&res);
	memset(calls, 0, sizeof(calls));
	memset(missing, 0, sizeof(missing));
	for (s = 0; s < nports; s++) {
		calls[s].port = ports[s];
		infra_buf_init(&calls[s].in);
	}
	if (match_shards_top(calls, nports, gig, limit + offset, max, ms,
	    all, &nall, &sum, missing) == 0)
		goto out;
	match_hits_sort(all, nall);
	end = offset + limit < nall ? offset + limit : nall;
	/* The winners carry their rank in score, for EXPLAIN. */
	for (i = offset; i < end; i++)
		all[i].score = (uint32_t)(i + 1);
	if (offset < end)
		match_shards_explain(calls, nports, gig, all + offset,
		    end - offset, max, ms, missing, &res);
	for (s = n = 0; s < nports; s++)
		n += missing[s];
	if (n == nports)
		goto out;
	if (infra_buf_fmt(out, "{\"gig_id\":%" PRIu64 ",\"total\":%u,",
	    gig, sum) == -1 || (n > 0 &&
	    infra_buf_fmt(out, "\"partial\":true,\"missing_shards\":[") == -1))
		goto out;
	for (s = 0; s < nports && n > 0; s++) {
		if (missing[s] && infra_buf_fmt(out, "%s{\"shard\":%d,"
		    "\"port\":%d}", out->data[out->len - 1] == '[' ? "" : ",",
		    s, ports[s]) == -1)
			goto out;
	}
	if ((n > 0 && infra_buf_add(out, "],", 2) == -1) ||
	    infra_buf_fmt(out, "\"results\":[") == -1 ||
	    (res.len > 0 && infra_buf_add(out, res.data, res.len) == -1) ||
	    infra_buf_add(out, "]}\n", 3) == -1)
		goto out;
	rv = n > 0 ? 1 : 0;
out:
	for (s = 0; s < nports; s++)
		infra_buf_free(&calls[s].in);
	infra_buf_free(&res);
	free(all);
	return (rv);
}
