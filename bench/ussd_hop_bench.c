/*
 * USSD hop latency: N concurrent sessions against POST /ussd, each a
 * keep-alive connection walking the menu as a caller does (dial, gigs,
 * next page, a gig, back, back, main, exit; then a new dial), one hop at
 * a time: it reads, it never enrols or applies.  Every hop's latency -- request written to response read -- is
 * recorded; p50/p99 are printed.  "-m hello" does the same with GET
 * /api/v1/hello, the baseline of the same run.
 *
 *	ussd_hop_bench -m ussd|hello [-c 200] [-d 5] [-p 8888] [-k key]
 *	    [-b 923990000000] [-t think_ms] [-s spread_ms] [-v]
 *
 * Session i dials from number base + i (bench/ussd_hop_bench.sh makes
 * them registered trainees).  A response other than 200 "CON"/"END"
 * counts as an error.  The sessions' first dials are spread over
 * spread_ms (default: one think time) and timing starts a second after
 * the last: a steady state of nconn live sessions, not the crowd of
 * first dials.  -v prints each step of the walk's p50/p99/max and the
 * errors by kind to stderr: where a tail comes from.
 */
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define BENCH_CONN_MAX	2000
#define BENCH_BUF	8192

/*
 * Only 2, 98 and 0 are typed: whatever screen a hop lands on, no input
 * can enrol, apply or answer an offer (those take a 1 on a record, or
 * the offers menu, 4).  Gigs are the caller's own list (PostgreSQL each
 * time); a gig's record is a page every worker keeps a moment.
 */
static const char *const bench_walk[] = {
	"", "2", "2*98", "2*98*2", "2*98*2*0", "2*98*2*0*0", "2*98*2*0*0*0",
	"2*98*2*0*0*0*0",
};
#define BENCH_WALK	(sizeof(bench_walk) / sizeof(bench_walk[0]))

struct bench_conn {
	int		fd;
	int		step;		/* index in bench_walk */
	long		session;	/* a new id per dial */
	long long	phone;
	char		req[1024];
	size_t		reqlen, sent;
	char		buf[BENCH_BUF];
	size_t		got;
	double		t0;
	double		next;		/* when to send; 0: in flight */
};

struct bench_lat {
	double		*v;
	size_t		 n, cap;
};

static struct bench_lat	 bench_all;
static struct bench_lat	 bench_step[BENCH_WALK];
#define BENCH_SECONDS	64
static struct bench_lat	 bench_sec[BENCH_SECONDS];	/* by second answered */
static long	 bench_errors;
static long	 bench_err_broken, bench_err_answer, bench_err_send;
static int	 bench_verbose;
static double	 bench_spread = -1;	/* seconds over which sessions start */
static int	 bench_hello;
static int	 bench_port = 8888;
static double	 bench_think = 1.0;	/* mean seconds between hops */
static const char *bench_key = "";

static double
bench_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec + ts.tv_nsec / 1e9);
}

static int
bench_connect(void)
{
	struct sockaddr_in	sin;
	int			fd, one = 1;

	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return (-1);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(bench_port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1) {
		close(fd);
		return (-1);
	}
	(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	(void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	return (fd);
}

/* '*' as %2A: the aggregator form-encodes the text. */
static void
bench_build(struct bench_conn *c)
{
	char		body[512], text[128];
	const char	*s;
	size_t		n;
	int		len;

	if (bench_hello) {
		len = snprintf(c->req, sizeof(c->req),
		    "GET /api/v1/hello HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
		c->reqlen = (size_t)len;
		c->sent = 0;
		return;
	}
	n = 0;
	for (s = bench_walk[c->step]; *s != '\0' && n + 4 < sizeof(text);
	    s++) {
		if (*s == '*') {
			memcpy(text + n, "%2A", 3);
			n += 3;
		} else {
			text[n++] = *s;
		}
	}
	text[n] = '\0';
	/* An aggregator's session ids are never reused: the run's pid too. */
	len = snprintf(body, sizeof(body), "sessionId=bench%ld.%d_%ld&"
	    "serviceCode=%%2A123%%23&phoneNumber=%%2B%lld&networkCode=41001"
	    "&text=%s", (long)getpid(), c->fd, c->session, c->phone, text);
	len = snprintf(c->req, sizeof(c->req), "POST /ussd?key=%s HTTP/1.1\r\n"
	    "Host: 127.0.0.1\r\n"
	    "Content-Type: application/x-www-form-urlencoded"
	    "\r\nContent-Length: %d\r\n\r\n%s", bench_key, len, body);
	c->reqlen = (size_t)len;
	c->sent = 0;
}

/* A request is small: one write, the socket buffer takes it whole. */
static int
bench_send(struct bench_conn *c)
{
	ssize_t		n;

	n = write(c->fd, c->req, c->reqlen);
	if (n < 0 || (size_t)n != c->reqlen)
		return (-1);
	c->sent = n;
	return (0);
}

static void
bench_record(struct bench_lat *l, double ms)
{
	double		*p;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 65536;
		if ((p = realloc(l->v, l->cap * sizeof(double))) == NULL)
			exit(1);
		l->v = p;
	}
	l->v[l->n++] = ms;
}

/* 1: a whole response is in; 0: not yet; -1: broken. */
static int
bench_response(struct bench_conn *c, int *ok)
{
	char		*hdr_end, *cl;
	size_t		 hlen, blen;

	c->buf[c->got] = '\0';
	if ((hdr_end = strstr(c->buf, "\r\n\r\n")) == NULL)
		return (c->got >= BENCH_BUF - 1 ? -1 : 0);
	hlen = hdr_end + 4 - c->buf;
	if ((cl = strcasestr(c->buf, "\r\ncontent-length:")) == NULL ||
	    cl > hdr_end)
		return (-1);
	blen = strtoul(cl + 17, NULL, 10);
	if (c->got < hlen + blen)
		return (0);
	/* The walk's last hop ends the session, every other goes on. */
	*ok = strncmp(c->buf, "HTTP/1.1 200", 12) == 0 && (bench_hello ||
	    strncmp(c->buf + hlen, (size_t)c->step + 1 == BENCH_WALK ?
	    "END " : "CON ", 4) == 0);
	return (1);
}

static int
bench_cmp(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return (x < y ? -1 : x > y);
}

/*
 * nconn connections to Kore, each a caller of its own number from base,
 * watched by the epoll instance put in *ep.  NULL when one fails.
 */
static struct bench_conn *
bench_open(int nconn, long long base, int *ep)
{
	struct epoll_event	 ev;
	struct bench_conn	*conns, *c;
	int			 i;

	if ((conns = calloc(nconn, sizeof(*conns))) == NULL ||
	    (*ep = epoll_create1(0)) == -1)
		return (NULL);
	for (i = 0; i < nconn; i++) {
		c = &conns[i];
		if ((c->fd = bench_connect()) == -1) {
			perror("connect");
			return (NULL);
		}
		c->phone = base + i;
		c->session = 1;
		bench_build(c);
		ev.events = EPOLLIN;
		ev.data.ptr = c;
		(void)epoll_ctl(*ep, EPOLL_CTL_ADD, c->fd, &ev);
		/* Sessions start spread over bench_spread. */
		c->next = bench_now() + bench_spread * i / nconn;
	}
	return (conns);
}

/* A broken connection counts an error, opens again and resends. */
static int
bench_reconnect(int ep, struct bench_conn *c)
{
	struct epoll_event	ev;

	bench_errors++;
	bench_err_broken++;
	(void)epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	if ((c->fd = bench_connect()) == -1)
		return (-1);
	c->got = 0;
	bench_build(c);
	ev.events = EPOLLIN;
	ev.data.ptr = c;
	(void)epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
	c->t0 = bench_now();
	if (bench_send(c) == -1)
		return (-1);
	return (0);
}

/*
 * c can be read: a whole answer is timed (after warm-up) and the caller
 * thinks before the next step.  -1 when the bench cannot go on.
 */
static int
bench_readable(int ep, struct bench_conn *c, double warm)
{
	double	now;
	ssize_t	n;
	int	r, ok;

	n = read(c->fd, c->buf + c->got,
	    BENCH_BUF - 1 - c->got);
	if (n == 0 || (n == -1 && errno != EAGAIN))
		return (bench_reconnect(ep, c));
	if (n < 0)
		return (0);
	c->got += n;
	ok = 0;
	if ((r = bench_response(c, &ok)) == 0)
		return (0);
	if (r == -1)
		return (bench_reconnect(ep, c));
	now = bench_now();
	if (now >= warm) {
		if (ok) {
			bench_record(&bench_all, (now - c->t0) * 1000.0);
			bench_record(&bench_step[c->step],
			    (now - c->t0) * 1000.0);
			if (now - warm < BENCH_SECONDS)
				bench_record(&bench_sec[(int)(now - warm)],
				    (now - c->t0) * 1000.0);
		} else {
			bench_errors++;
			if (bench_err_answer++ < 3 && bench_verbose)
				fprintf(stderr, "answer: %.60s\n", c->buf);
		}
	}
	c->got = 0;
	if (++c->step == BENCH_WALK) {
		c->step = 0;
		c->session++;
	}
	bench_build(c);
	/* The caller reads and types: 0.5-1.5 thinks. */
	c->next = bench_now() + bench_think *
	    (0.5 + (double)random() / RAND_MAX);
	if (bench_think == 0) {
		c->next = 0;
		c->t0 = bench_now();
		if (bench_send(c) == -1)
			return (bench_reconnect(ep, c));
	}
	return (0);
}

/* p50, p99 and max of l, sorted in place. */
static void
bench_pcts(struct bench_lat *l, double *p50, double *p99, double *max)
{
	qsort(l->v, l->n, sizeof(double), bench_cmp);
	*p50 = l->v[l->n / 2];
	*p99 = l->v[(l->n * 99) / 100];
	*max = l->v[l->n - 1];
}

/* -v: each step of the walk, and the errors by kind. */
static void
bench_detail(void)
{
	double	p50, p99, max;
	size_t	i;

	for (i = 0; i < BENCH_WALK; i++) {
		if (bench_step[i].n == 0)
			continue;
		bench_pcts(&bench_step[i], &p50, &p99, &max);
		fprintf(stderr, "  step %zu %-16s %6zu hops  p50 %7.3f  p99 "
		    "%8.3f  max %8.3f ms\n", i, bench_hello ? "hello" :
		    bench_walk[i][0] ? bench_walk[i] : "(dial)",
		    bench_step[i].n, p50, p99, max);
	}
	for (i = 0; i < BENCH_SECONDS; i++) {
		if (bench_sec[i].n == 0)
			continue;
		bench_pcts(&bench_sec[i], &p50, &p99, &max);
		fprintf(stderr, "  second %2zu %6zu hops  p50 %7.3f  p99 %8.3f  "
		    "max %8.3f ms\n", i, bench_sec[i].n, p50, p99, max);
	}
	fprintf(stderr, "  errors: %ld broken connections, %ld wrong answers, "
	    "%ld failed sends\n", bench_err_broken, bench_err_answer,
	    bench_err_send);
}

static int
bench_options(int argc, char **argv, int *nconn, int *dur, long long *base)
{
	int	ch;

	while ((ch = getopt(argc, argv, "m:c:d:p:k:b:t:s:v")) != -1) {
		switch (ch) {
		case 'm':
			bench_hello = strcmp(optarg, "hello") == 0;
			break;
		case 'c':
			*nconn = atoi(optarg);
			break;
		case 'd':
			*dur = atoi(optarg);
			break;
		case 'p':
			bench_port = atoi(optarg);
			break;
		case 'k':
			bench_key = optarg;
			break;
		case 'b':
			*base = atoll(optarg);
			break;
		case 't':
			bench_think = atoi(optarg) / 1000.0;
			break;
		case 's':
			bench_spread = atoi(optarg) / 1000.0;
			break;
		case 'v':
			bench_verbose = 1;
			break;
		default:
			fprintf(stderr, "usage: ussd_hop_bench -m ussd|hello "
			    "[-c n] [-d s] [-p port] [-k key] [-b phone] "
			    "[-t ms] [-s ms] [-v]\n");
			return (-1);
		}
	}
	if (bench_spread < 0)
		bench_spread = bench_think;
	if (*nconn < 1 || *nconn > BENCH_CONN_MAX)
		return (-1);
	return (0);
}

int
main(int argc, char **argv)
{
	struct epoll_event	 evs[256];
	struct bench_conn	*conns, *c;
	double			 end, warm, now, p50, p99, max;
	long long		 base = 923990000000LL;
	int			 ep, i, k, nconn = 200, dur = 5;

	if (bench_options(argc, argv, &nconn, &dur, &base) == -1)
		return (2);
	if ((conns = bench_open(nconn, base, &ep)) == NULL)
		return (1);
	warm = bench_now() + 1.0 + bench_spread;
	end = warm + dur;
	while ((now = bench_now()) < end) {
		for (i = 0; i < nconn; i++) {
			c = &conns[i];
			if (c->next != 0 && c->next <= now) {
				c->next = 0;
				c->t0 = bench_now();
				if (bench_send(c) == -1) {
					bench_errors++;
					bench_err_send++;
				}
			}
		}
		k = epoll_wait(ep, evs, 256, 1);
		for (i = 0; i < k; i++)
			if (bench_readable(ep, evs[i].data.ptr, warm) == -1)
				return (1);
	}
	if (bench_all.n == 0) {
		printf("no responses (%ld errors)\n", bench_errors);
		return (1);
	}
	bench_pcts(&bench_all, &p50, &p99, &max);
	printf("%s %zu %.3f %.3f %.3f %ld %.0f\n",
	    bench_hello ? "hello" : "ussd", bench_all.n, p50, p99, max,
	    bench_errors, bench_all.n / (double)dur);
	if (bench_verbose)
		bench_detail();
	free(conns);
	return (bench_errors > 0 ? 3 : 0);
}
