/*
 * USSD hop latency: N concurrent sessions against POST /ussd, each a
 * keep-alive connection walking the menu as a caller does (dial, gigs,
 * next page, a gig, back, back, main, exit; then a new dial), one hop at
 * a time: it reads, it never enrols or applies.  Every hop's latency -- request written to response read -- is
 * recorded; p50/p99 are printed.  "-m hello" does the same with GET
 * /api/v1/hello, the baseline of the same run.
 *
 *	ussd_hop_bench -m ussd|hello [-c 200] [-d 5] [-p 8888] [-k key]
 *	    [-b 923990000000]
 *
 * Session i dials from number base + i (bench/ussd_hop_bench.sh makes
 * them registered trainees).  A response other than 200 "CON"/"END"
 * counts as an error.
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

static double	*bench_lat;
static size_t	 bench_nlat, bench_caplat;
static long	 bench_errors;
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
	len = snprintf(body, sizeof(body), "sessionId=bench%d_%ld&serviceCode="
	    "%%2A123%%23&phoneNumber=%%2B%lld&networkCode=41001&text=%s",
	    c->fd, c->session, c->phone, text);
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
bench_record(double ms)
{
	double		*p;

	if (bench_nlat == bench_caplat) {
		bench_caplat = bench_caplat ? bench_caplat * 2 : 65536;
		if ((p = realloc(bench_lat, bench_caplat * sizeof(double))) ==
		    NULL)
			exit(1);
		bench_lat = p;
	}
	bench_lat[bench_nlat++] = ms;
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
	*ok = strncmp(c->buf, "HTTP/1.1 200", 12) == 0 && (bench_hello ||
	    strncmp(c->buf + hlen, "CON ", 4) == 0 ||
	    strncmp(c->buf + hlen, "END ", 4) == 0);
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
		/* Sessions start spread over one think time. */
		c->next = bench_now() + bench_think * i / nconn;
	}
	return (conns);
}

/* A broken connection counts an error, opens again and resends. */
static int
bench_reconnect(int ep, struct bench_conn *c)
{
	struct epoll_event	ev;

	bench_errors++;
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
		if (ok)
			bench_record((now - c->t0) * 1000.0);
		else
			bench_errors++;
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

int
main(int argc, char **argv)
{
	struct epoll_event	 evs[256];
	struct bench_conn	*conns, *c;
	double			 end, warm, now;
	long long		 base = 923990000000LL;
	int			 ep, i, k, nconn = 200, dur = 5, ch;

	while ((ch = getopt(argc, argv, "m:c:d:p:k:b:t:")) != -1) {
		switch (ch) {
		case 'm':
			bench_hello = strcmp(optarg, "hello") == 0;
			break;
		case 'c':
			nconn = atoi(optarg);
			break;
		case 'd':
			dur = atoi(optarg);
			break;
		case 'p':
			bench_port = atoi(optarg);
			break;
		case 'k':
			bench_key = optarg;
			break;
		case 'b':
			base = atoll(optarg);
			break;
		case 't':
			bench_think = atoi(optarg) / 1000.0;
			break;
		default:
			fprintf(stderr, "usage: ussd_hop_bench -m ussd|hello "
			    "[-c n] [-d s] [-p port] [-k key] [-b phone] "
			    "[-t ms]\n");
			return (2);
		}
	}
	if (nconn < 1 || nconn > BENCH_CONN_MAX)
		return (2);
	if ((conns = bench_open(nconn, base, &ep)) == NULL)
		return (1);
	warm = bench_now() + 1.0 + bench_think;
	end = warm + dur;
	while ((now = bench_now()) < end) {
		for (i = 0; i < nconn; i++) {
			c = &conns[i];
			if (c->next != 0 && c->next <= now) {
				c->next = 0;
				c->t0 = bench_now();
				if (bench_send(c) == -1)
					bench_errors++;
			}
		}
		k = epoll_wait(ep, evs, 256, 1);
		for (i = 0; i < k; i++)
			if (bench_readable(ep, evs[i].data.ptr, warm) == -1)
				return (1);
	}
	if (bench_nlat == 0) {
		printf("no responses (%ld errors)\n", bench_errors);
		return (1);
	}
	qsort(bench_lat, bench_nlat, sizeof(double), bench_cmp);
	printf("%s %zu %.3f %.3f %.3f %ld %.0f\n",
	    bench_hello ? "hello" : "ussd", bench_nlat,
	    bench_lat[bench_nlat / 2], bench_lat[(bench_nlat * 99) / 100],
	    bench_lat[bench_nlat - 1], bench_errors, bench_nlat / (double)dur);
	free(conns);
	free(bench_lat);
	return (bench_errors > 0 ? 3 : 0);
}
