/*
 * hunar_spool: the always-up keeper of inbound SMS that Kore cannot take.
 *
 * smsbox acknowledges a message to bearerbox when it *starts* the first
 * callback; its retries then live only in its memory, and a restart of
 * smsbox while Kore is down lost every held message (STACK.md: 10 of
 * 10).  smsbox calls the MO front (infra/mofront.cfg.in, haproxy), which
 * hands each message to Kore and, when Kore refuses the connection,
 * answers 5xx or not in time, the same request to this small program
 * (the loopback cluster calls it directly): each message is appended to
 * the journal (journal/<seq>.seg, ussd/ussd_journal.c) and synced before
 * 200 is answered -- one fdatasync for all the messages that came
 * meanwhile -- and from then on it survives smsbox, Kore and this
 * program.  Then:
 *
 *   1. Kore is asked at once (POST /sms/inbound, the body being the
 *      text, the key added here) on this thread's keep-alive connection.
 *      Its 200 answer is relayed to smsbox as the reply, headers
 *      X-Kannel-* included, and a done mark follows the message in the
 *      journal: one loopback hop, a share of one sync and two appends;
 *   2. Kore down, slow (HUNAR_SPOOL_WAIT_MS) or answering 5xx: the
 *      message is parked in new/<name>, a file of its own (synced with
 *      its folder, dated when it came), and done in the journal; smsbox
 *      gets 200 with an empty body (omit-empty: the phone gets nothing
 *      now, and never Kannel's English "Could not fetch content").  A
 *      retry thread offers the parked files to Kore again, oldest
 *      first, and sends each reply late through Kannel's sendsms; the
 *      file goes once sendsms accepted it.
 *
 * At start, what the journal holds without a done mark (this program
 * died before Kore answered, or before it relayed the answer) is parked
 * in new/ first, and the journal's segments go.
 *
 * Kore keys each message on Kannel's id and answers a retry with the
 * stored reply without acting again, so a message offered twice is
 * acted on once.  A reply can go twice only if this program dies
 * between relaying it and writing its done mark (or the machine dies
 * before that mark reached the disk).  A file Kore refuses for good
 * (4xx other than 403) moves to bad/ and is logged.
 *
 * Logs carry the Kannel id and the masked number, never the text or
 * the key.  Only loopback peers are served.
 *
 *	hunar_spool [-d dir]
 *
 * Environment (infra/hunar.env): HUNAR_SPOOL_PORT, HUNAR_SPOOL_DIR
 * (var/spool), HUNAR_HTTP_PORT, HUNAR_SMS_SECRET, HUNAR_SHORTCODE,
 * HUNAR_KANNEL_SENDSMS_PORT, HUNAR_SENDSMS_USER, HUNAR_SENDSMS_PASSWORD,
 * HUNAR_SPOOL_WAIT_MS (8000), HUNAR_SPOOL_FSYNC (1), HUNAR_SPOOL_WORKERS
 * (16 late senders), HUNAR_SPOOL_CLAIMS (1024 messages offered at once;
 * past that smsbox is answered 503 and retries).
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "infra/infra.h"
#include "ussd/ussd.h"

#define SPOOL_HEAD_MAX		16384
#define SPOOL_BODY_MAX		65536
#define SPOOL_REPLY_MAX		8192
#define SPOOL_NAME_MAX		256
#define SPOOL_IDLE_MS		60000	/* an idle smsbox connection */
#define SPOOL_CLAIMS		1024
#define SPOOL_WORKERS_MAX	64
#define SPOOL_QUEUE_MAX		4096
#define SPOOL_CONNECT_MS	1000
#define SPOOL_IDLE_MAX		1024	/* connections handed to idle threads */

/* A message: the query string smsbox sent, its content type, its body. */
struct spool_msg {
	char		query[SPOOL_HEAD_MAX];
	char		ctype[128];
	char		*body;
	size_t		blen;
	char		name[SPOOL_NAME_MAX];
};

/* What Kore answered. */
struct spool_answer {
	long		status;
	char		body[SPOOL_REPLY_MAX];
	size_t		blen;
	char		xhdr[1024];	/* X-Kannel-* lines, CRLF-ended */
	size_t		xlen;
	int		coding;
};

struct spool_conf {
	int		port;
	char		dir[512];
	int		kore_port;	/* Kore on 127.0.0.1 */
	char		key[256];	/* "&key=..." url-encoded */
	char		sendsms[640];
	char		user[128];
	char		password[128];
	char		from[32];
	long		wait_ms;
	int		fsync;
	int		workers;
	int		claims;		/* at most SPOOL_CLAIMS */
};

static struct spool_conf	conf;
static struct ussd_journal	*journal;
static pthread_mutex_t		claim_mx = PTHREAD_MUTEX_INITIALIZER;
static char			claims[SPOOL_CLAIMS][SPOOL_NAME_MAX];

/* The late senders' queue, filled by the retry thread. */
static pthread_mutex_t		q_mx = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t		q_cv = PTHREAD_COND_INITIALIZER;
static char			(*q_names)[SPOOL_NAME_MAX];
static int			q_head, q_len, q_busy;

/* Connection threads between two connections, and what waits for them. */
static pthread_mutex_t		idle_mx = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t		idle_cv = PTHREAD_COND_INITIALIZER;
static int			idle_fds[SPOOL_IDLE_MAX];
static int			idle_head, idle_len, idle_n;

static int	spool_thread(void *(*)(void *), void *);

static void
spool_log(const char *fmt, ...)
{
	va_list		ap;
	char		line[512];

	va_start(ap, fmt);
	(void)vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* One write per line: threads do not interleave. */
	(void)fprintf(stdout, "hunar_spool: %s\n", line);
	(void)fflush(stdout);
}

static const char *
spool_env(const char *name, const char *def)
{
	const char	*v;

	if ((v = getenv(name)) == NULL || *v == '\0')
		return (def);
	return (v);
}

/*
 * Marks a file as being offered to Kore by one thread.  Returns 1 when
 * claimed, 0 when another thread holds it already, -1 when the table is
 * full (the caller must not take that for "held": nothing may have
 * stored the message yet).
 */
static int
spool_claim(const char *name)
{
	int	i, slot;

	slot = -1;
	pthread_mutex_lock(&claim_mx);
	for (i = 0; i < conf.claims; i++) {
		if (claims[i][0] == '\0') {
			if (slot == -1)
				slot = i;
		} else if (strcmp(claims[i], name) == 0) {
			slot = -2;
			break;
		}
	}
	if (slot >= 0)
		(void)snprintf(claims[slot], SPOOL_NAME_MAX, "%s", name);
	pthread_mutex_unlock(&claim_mx);
	return (slot >= 0 ? 1 : slot == -2 ? 0 : -1);
}

static void
spool_release(const char *name)
{
	int	i;

	pthread_mutex_lock(&claim_mx);
	for (i = 0; i < SPOOL_CLAIMS; i++) {
		if (strcmp(claims[i], name) == 0) {
			claims[i][0] = '\0';
			break;
		}
	}
	pthread_mutex_unlock(&claim_mx);
}

/*
 * The file name of a Kannel id: its safe characters, then a hash of the
 * whole id, so two ids never share a file and no id leaves the folder.
 */
static void
spool_name(const char *id, char *out, size_t len)
{
	uint64_t	h;
	const char	*p;
	char		safe[64];
	size_t		n;

	h = 14695981039346656037ULL;
	for (p = id; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	for (n = 0, p = id; *p != '\0' && n < sizeof(safe) - 1; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-')
			safe[n++] = *p;
	}
	safe[n] = '\0';
	(void)snprintf(out, len, "%s.%016llx", safe, (unsigned long long)h);
}

/* A message as stored: "<query>\n<content type>\n<body>". */
static void
spool_iov(const struct spool_msg *m, struct iovec *iov)
{
	iov[0].iov_base = (void *)(uintptr_t)m->query;
	iov[0].iov_len = strlen(m->query);
	iov[1].iov_base = (void *)(uintptr_t)"\n";
	iov[1].iov_len = 1;
	iov[2].iov_base = (void *)(uintptr_t)m->ctype;
	iov[2].iov_len = strlen(m->ctype);
	iov[3] = iov[1];
	iov[4].iov_base = m->body;
	iov[4].iov_len = m->blen;
}

static int
spool_parked(const char *name)
{
	char	path[1024];

	(void)snprintf(path, sizeof(path), "%s/new/%s", conf.dir, name);
	return (access(path, F_OK) == 0);
}

/*
 * Parks a message in new/<name> for the retry pass: written to tmp/,
 * synced with the folder and renamed (Kore down or slow: the rare path),
 * dated when it came, so that the pass takes it in its turn.  A file
 * already there (smsbox retrying a message parked here) is kept.
 */
static int
spool_park(const char *name, int64_t stamp, const struct iovec *iov, int n)
{
	struct timespec	ts[2];
	char		tmp[1024], dst[1024];

	if (spool_parked(name))
		return (0);
	(void)snprintf(dst, sizeof(dst), "%s/new/%s", conf.dir, name);
	(void)snprintf(tmp, sizeof(tmp), "%s/tmp/%s", conf.dir, name);
	if (infra_file_put(tmp, dst, iov, n,
	    conf.fsync ? INFRA_FILE_SYNC_DIR : 0) == -1)
		return (-1);
	ts[0].tv_sec = (time_t)(stamp / 1000000000);
	ts[0].tv_nsec = (long)(stamp % 1000000000);
	ts[1] = ts[0];
	(void)utimensat(AT_FDCWD, dst, ts, 0);
	return (0);
}

/*
 * A message an earlier run left open in the journal: parked (the rules
 * are ussd/ussd_journal.c's).  Its name comes from its id, as when it
 * came.
 */
static int
spool_replayed(void *arg, int64_t stamp, const uint8_t *p, size_t len)
{
	struct iovec	 iov;
	const uint8_t	*nl;
	char		 id[128], name[SPOOL_NAME_MAX];

	(void)arg;
	if ((nl = memchr(p, '\n', len)) == NULL ||
	    infra_qs_get((const char *)p, (size_t)(nl - p), "id", id,
	    sizeof(id)) < 0 || id[0] == '\0')
		return (0);
	spool_name(id, name, sizeof(name));
	iov.iov_base = (void *)(uintptr_t)p;
	iov.iov_len = len;
	if (spool_park(name, stamp, &iov, 1) == -1) {
		spool_log("cannot park %s from the journal: %s", name,
		    strerror(errno));
		return (-1);
	}
	spool_log("parked from the journal: %s", name);
	return (0);
}

/* Reads new/<name> back; the caller frees m->body. */
static int
spool_load(const char *name, struct spool_msg *m)
{
	char		 path[1024], *buf, *nl1, *nl2;
	struct stat	 st;
	ssize_t		 n;
	int		 fd;

	(void)snprintf(path, sizeof(path), "%s/new/%s", conf.dir, name);
	if ((fd = open(path, O_RDONLY)) == -1)
		return (-1);
	if (fstat(fd, &st) == -1 || st.st_size > SPOOL_HEAD_MAX +
	    SPOOL_BODY_MAX + 256 || (buf = malloc((size_t)st.st_size + 1)) ==
	    NULL) {
		close(fd);
		return (-1);
	}
	n = read(fd, buf, (size_t)st.st_size);
	close(fd);
	if (n != st.st_size) {
		free(buf);
		return (-1);
	}
	buf[n] = '\0';
	if ((nl1 = memchr(buf, '\n', (size_t)n)) == NULL ||
	    (nl2 = memchr(nl1 + 1, '\n', (size_t)(buf + n - nl1 - 1))) ==
	    NULL) {
		free(buf);
		return (-1);
	}
	*nl1 = *nl2 = '\0';
	(void)snprintf(m->query, sizeof(m->query), "%s", buf);
	(void)snprintf(m->ctype, sizeof(m->ctype), "%s", nl1 + 1);
	m->blen = (size_t)(buf + n - nl2 - 1);
	memmove(buf, nl2 + 1, m->blen);
	m->body = buf;
	(void)snprintf(m->name, sizeof(m->name), "%s", name);
	return (0);
}

static void
spool_move(const char *name, const char *to)
{
	char	src[1024], dst[1024];

	(void)snprintf(src, sizeof(src), "%s/new/%s", conf.dir, name);
	if (to == NULL) {
		(void)unlink(src);
		return;
	}
	(void)snprintf(dst, sizeof(dst), "%s/%s/%s", conf.dir, to, name);
	(void)rename(src, dst);
}

static size_t
spool_curl_body(char *p, size_t sz, size_t n, void *arg)
{
	struct spool_answer	*a = arg;
	size_t			 len = sz * n, room;

	room = sizeof(a->body) - 1 - a->blen;
	memcpy(a->body + a->blen, p, len < room ? len : room);
	a->blen += len < room ? len : room;
	a->body[a->blen] = '\0';
	return (len);
}

/*
 * A thread's keep-alive connection to Kore, by hand: libcurl cost a new
 * connection per smsbox connection, a poll before every read and its
 * own bookkeeping, about a fifth of the spool's CPU (issue 13, perf).
 */
struct spool_link {
	int		fd;		/* -1: none */
	int		stale;		/* ended before any byte answered */
	size_t		len;
	char		buf[SPOOL_REPLY_MAX + 4096];
};

static void
spool_link_close(struct spool_link *k)
{
	if (k->fd != -1)
		(void)close(k->fd);
	k->fd = -1;
	k->len = 0;
}

static void
spool_timeout(int fd, int opt, long ms)
{
	struct timeval	tv;

	tv.tv_sec = ms / 1000;
	tv.tv_usec = (ms % 1000) * 1000;
	(void)setsockopt(fd, SOL_SOCKET, opt, &tv, sizeof(tv));
}

static int
spool_link_open(struct spool_link *k)
{
	struct sockaddr_in	sin;
	int			on = 1;

	if ((k->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return (-1);
	/* On Linux the send timeout bounds connect() too. */
	spool_timeout(k->fd, SO_SNDTIMEO, SPOOL_CONNECT_MS);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)conf.kore_port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(k->fd, (struct sockaddr *)&sin, sizeof(sin)) == -1) {
		spool_link_close(k);
		return (-1);
	}
	spool_timeout(k->fd, SO_SNDTIMEO, conf.wait_ms);
	spool_timeout(k->fd, SO_RCVTIMEO, conf.wait_ms);
	(void)setsockopt(k->fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
	k->len = 0;
	return (0);
}

/* All of iov[0..n) to fd, the common case in one writev: 0, or -1. */
static int
spool_writev(int fd, struct iovec *iov, int n)
{
	ssize_t	w;
	size_t	done;
	int	i;

	if ((w = writev(fd, iov, n)) == -1)
		return (-1);
	for (done = (size_t)w, i = 0; i < n; i++) {
		if (done >= iov[i].iov_len) {
			done -= iov[i].iov_len;
			continue;
		}
		if (infra_write_all(fd, (char *)iov[i].iov_base + done,
		    iov[i].iov_len - done) == -1)
			return (-1);
		done = 0;
	}
	return (0);
}

/* One header line of Kore's answer: what the spool keeps of it. */
static void
spool_link_header(const char *line, size_t len, struct spool_answer *a,
    long *clen, int *closing)
{
	if (len > 15 && strncasecmp(line, "Content-Length:", 15) == 0)
		*clen = strtol(line + 15, NULL, 10);
	else if (len > 11 && strncasecmp(line, "Connection:", 11) == 0)
		*closing = memmem(line, len, "close", 5) != NULL;
	else if (len > 18 && strncasecmp(line, "Transfer-Encoding:", 18) == 0)
		*clen = -2;		/* not Kore's way: no reuse */
	else if (len > 9 && strncasecmp(line, "X-Kannel-", 9) == 0 &&
	    a->xlen + len + 2 < sizeof(a->xhdr)) {
		memcpy(a->xhdr + a->xlen, line, len);
		memcpy(a->xhdr + a->xlen + len, "\r\n", 3);
		a->xlen += len + 2;
		if (len > 16 && strncasecmp(line, "X-Kannel-Coding:", 16) == 0)
			a->coding = atoi(line + 16);
	}
}

/* Reads more of Kore's answer into k->buf: 0, or -1 (k->stale set). */
static int
spool_link_fill(struct spool_link *k, int any)
{
	ssize_t	r;

	if (k->len == sizeof(k->buf))
		return (-1);
	r = read(k->fd, k->buf + k->len, sizeof(k->buf) - k->len);
	if (r > 0) {
		k->len += (size_t)r;
		return (0);
	}
	/* Closed (or reset) before answering anything: a keep-alive
	 * connection Kore had let go, worth one new try. */
	k->stale = !any && (r == 0 || errno == ECONNRESET);
	return (-1);
}

/* Kore's answer on the link: its status, or 0. */
static long
spool_link_answer(struct spool_link *k, struct spool_answer *a)
{
	char	*end, *line, *eol, *body;
	long	 st, clen;
	size_t	 hlen, have, want, keep;
	int	 closing;

	k->len = 0;
	while ((end = memmem(k->buf, k->len, "\r\n\r\n", 4)) == NULL)
		if (spool_link_fill(k, k->len > 0) == -1)
			return (0);
	*end = '\0';
	hlen = (size_t)(end - k->buf) + 4;
	if (strncmp(k->buf, "HTTP/1.", 7) != 0 || k->len < 12 ||
	    (st = strtol(k->buf + 9, NULL, 10)) < 200)
		return (0);
	closing = k->buf[7] == '0';
	clen = -1;
	for (line = strstr(k->buf, "\r\n"); line != NULL; line = eol) {
		line += 2;
		eol = strstr(line, "\r\n");
		spool_link_header(line, eol != NULL ? (size_t)(eol - line) :
		    strlen(line), a, &clen, &closing);
	}
	if (clen < 0)
		return (0);
	/* The body: kept up to the answer's room, the rest read past. */
	body = k->buf + hlen;
	have = k->len - hlen;
	for (want = (size_t)clen; ; ) {
		if (have > want)
			return (0);
		keep = sizeof(a->body) - 1 - a->blen;
		keep = have < keep ? have : keep;
		memcpy(a->body + a->blen, body, keep);
		a->blen += keep;
		if ((want -= have) == 0)
			break;
		k->len = 0;
		if (spool_link_fill(k, 1) == -1)
			return (0);
		body = k->buf;
		have = k->len;
	}
	a->body[a->blen] = '\0';
	a->status = st;
	if (closing)
		spool_link_close(k);
	return (st);
}
/* One POST on the link: Kore's status, or 0 (the link then closed). */
static long
spool_link_post(struct spool_link *k, const struct spool_msg *m,
    struct spool_answer *a)
{
	struct iovec	iov[2];
	char		head[SPOOL_HEAD_MAX + 1024];
	long		st;
	int		n;

	n = snprintf(head, sizeof(head), "POST /sms/inbound?%s%s HTTP/1.1\r\n"
	    "Host: 127.0.0.1:%d\r\nContent-Type: %s\r\n"
	    "Content-Length: %zu\r\n\r\n", m->query, conf.key, conf.kore_port,
	    m->ctype[0] != '\0' ? m->ctype : "text/plain; charset=UTF-8",
	    m->blen);
	if (n < 0 || (size_t)n >= sizeof(head))
		return (0);
	iov[0].iov_base = head;
	iov[0].iov_len = (size_t)n;
	iov[1].iov_base = m->body;
	iov[1].iov_len = m->blen;
	k->stale = 0;
	if (spool_writev(k->fd, iov, 2) == -1) {
		k->stale = errno == EPIPE || errno == ECONNRESET;
		st = 0;
	} else
		st = spool_link_answer(k, a);
	if (st == 0)
		spool_link_close(k);
	return (st);
}

/*
 * Offers one message to Kore.  Returns its HTTP status, 0 if none.  A
 * kept connection Kore had closed is tried once more on a new one: Kore
 * keys on Kannel's id, so even a request it did take is not acted twice.
 */
static long
spool_kore(struct spool_link *k, const struct spool_msg *m,
    struct spool_answer *a)
{
	long	st;
	int	fresh;

	a->status = 0;
	a->blen = a->xlen = 0;
	a->body[0] = a->xhdr[0] = '\0';
	a->coding = 0;
	for (;;) {
		fresh = k->fd == -1;
		if (fresh && spool_link_open(k) == -1)
			return (0);
		if ((st = spool_link_post(k, m, a)) != 0 || fresh || !k->stale)
			return (st);
	}
}

/* The argument `name` of the stored query, decoded. */
static void
spool_arg(const struct spool_msg *m, const char *name, char *out,
    size_t len)
{
	if (infra_qs_get(m->query, strlen(m->query), name, out, len) < 0)
		out[0] = '\0';
}

/*
 * Sends Kore's late reply through Kannel's sendsms.  Returns 1 when
 * Kannel accepted it (or there was nothing to send), -1 when it refused
 * it for good, 0 to try again later.
 */
static int
spool_sendsms(CURL *h, const struct spool_msg *m,
    const struct spool_answer *a)
{
	struct spool_answer	 ans;
	char			 to[64], smsc[64], *e, *et, *es;
	char			 url[3 * SPOOL_REPLY_MAX + 1024];
	CURLcode		 rc;
	long			 st;

	if (a->blen == 0)
		return (1);
	spool_arg(m, "from", to, sizeof(to));
	spool_arg(m, "smsc", smsc, sizeof(smsc));
	if (to[0] == '\0')
		return (1);
	e = curl_easy_escape(h, a->body, (int)a->blen);
	et = curl_easy_escape(h, to, 0);
	es = curl_easy_escape(h, smsc, 0);
	(void)snprintf(url, sizeof(url), "%s&to=%s&charset=UTF-8&coding=%d"
	    "&text=%s%s%s", conf.sendsms, et != NULL ? et : "",
	    a->coding == 2 ? 2 : 0, e != NULL ? e : "",
	    smsc[0] != '\0' ? "&smsc=" : "", es != NULL ? es : "");
	curl_free(e);
	curl_free(et);
	curl_free(es);
	memset(&ans, 0, sizeof(ans));
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 10000L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 1000L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, spool_curl_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &ans);
	st = 0;
	if ((rc = curl_easy_perform(h)) == CURLE_OK)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &st);
	if (st == 202 || st == 200)
		return (1);
	spool_log("sendsms answered %ld (%s): %.60s", st,
	    curl_easy_strerror(rc), ans.body);
	/* 400: Kannel refuses this message for good (its number). */
	return (st == 400 ? -1 : 0);
}

/* The masked sender of a message, for the log. */
static void
spool_who(const struct spool_msg *m, char *out, size_t len)
{
	char	from[64];

	spool_arg(m, "from", from, sizeof(from));
	infra_phone_mask(from, out, len);
}

/*
 * One spooled message, late: Kore's answer goes out through sendsms.
 * Returns 0 when Kore could not be reached (the pass stops there).
 */
static int
spool_late(CURL *h, struct spool_link *k, const char *name)
{
	struct spool_msg	 m;
	struct spool_answer	 a;
	char			 who[32];
	long			 st;
	int			 ok;

	/* Held: another thread offers it.  Table full: not now. */
	switch (spool_claim(name)) {
	case 0:
		return (1);
	case -1:
		return (0);
	}
	memset(&m, 0, sizeof(m));
	if (spool_load(name, &m) == -1) {
		spool_release(name);
		return (1);
	}
	spool_who(&m, who, sizeof(who));
	st = spool_kore(k, &m, &a);
	ok = 1;
	if (st == 200) {
		switch (spool_sendsms(h, &m, &a)) {
		case 1:
			spool_move(name, NULL);
			spool_log("late reply sent: %s to %s", name, who);
			break;
		case -1:
			spool_move(name, "bad");
			spool_log("late reply refused by sendsms, kept in "
			    "bad/: %s to %s", name, who);
			break;
		default:
			spool_log("late reply not accepted by sendsms: %s",
			    name);
			break;
		}
	} else if (st >= 400 && st < 500 && st != 403 && st != 408 &&
	    st != 429) {
		spool_move(name, "bad");
		spool_log("refused by kore (%ld), kept in bad/: %s from %s",
		    st, name, who);
	} else
		ok = 0;
	free(m.body);
	spool_release(name);
	return (ok);
}

/* One connection from smsbox: its bytes, read ahead. */
struct spool_conn {
	int		fd;
	size_t		len;
	char		buf[SPOOL_HEAD_MAX + SPOOL_BODY_MAX];
};

/*
 * Reads more into c->buf; 0 on end, timeout or error.  The socket's
 * receive timeout (SPOOL_IDLE_MS) bounds the wait: no poll per read.
 */
static int
spool_fill(struct spool_conn *c)
{
	ssize_t		n;

	if (c->len == sizeof(c->buf))
		return (0);
	n = read(c->fd, c->buf + c->len, sizeof(c->buf) - c->len);
	if (n <= 0)
		return (0);
	c->len += (size_t)n;
	return (1);
}

/* The value of header `name` within head, or NULL; copied into out. */
static const char *
spool_header(const char *head, const char *name, char *out, size_t len)
{
	const char	*p;
	size_t		 nlen = strlen(name), n;

	for (p = strstr(head, "\r\n"); p != NULL; p = strstr(p, "\r\n")) {
		p += 2;
		if (strncasecmp(p, name, nlen) != 0 || p[nlen] != ':')
			continue;
		p += nlen + 1;
		p += strspn(p, " \t");
		n = strcspn(p, "\r\n");
		(void)snprintf(out, len, "%.*s", (int)n, p);
		return (out);
	}
	return (NULL);
}

/*
 * Reads one request.  Returns its total length in c->buf (head and
 * body), 0 when the connection ends, -1 for a request to refuse (*why
 * is its status).  m->query, ctype and body are set.
 */
static ssize_t
spool_read(struct spool_conn *c, struct spool_msg *m, int *why, int *closing)
{
	char		*end, *sp, *q, val[64];
	size_t		 hlen, clen;

	while ((end = memmem(c->buf, c->len, "\r\n\r\n", 4)) == NULL) {
		if (c->len >= SPOOL_HEAD_MAX)
			return (*why = 431, -1);
		if (!spool_fill(c))
			return (0);
	}
	*end = '\0';
	hlen = (size_t)(end - c->buf) + 4;
	*closing = strstr(c->buf, " HTTP/1.0\r\n") != NULL;
	if (spool_header(c->buf, "Connection", val, sizeof(val)) != NULL)
		*closing = strcasecmp(val, "close") == 0;
	if (strncmp(c->buf, "GET /healthz ", 13) == 0)
		return (*why = 1, (ssize_t)hlen);
	if (strncmp(c->buf, "POST /sms/inbound", 17) != 0 ||
	    (sp = strchr(c->buf + 5, ' ')) == NULL)
		return (*why = 404, -1);
	*sp = '\0';
	q = strchr(c->buf + 5, '?');
	(void)snprintf(m->query, sizeof(m->query), "%s", q ? q + 1 : "");
	*sp = ' ';
	if (spool_header(c->buf, "Content-Length", val, sizeof(val)) == NULL)
		return (*why = 411, -1);
	clen = strtoul(val, NULL, 10);
	if (clen > SPOOL_BODY_MAX)
		return (*why = 413, -1);
	if (spool_header(c->buf, "Content-Type", m->ctype,
	    sizeof(m->ctype)) == NULL)
		m->ctype[0] = '\0';
	while (c->len < hlen + clen) {
		if (!spool_fill(c))
			return (0);
	}
	m->body = c->buf + hlen;
	m->blen = clen;
	return ((ssize_t)(hlen + clen));
}

static int
spool_respond(int fd, int status, const char *xhdr, const char *body,
    size_t blen)
{
	struct iovec	iov[2];
	char		head[1536];
	int		n;

	n = snprintf(head, sizeof(head), "HTTP/1.1 %d %s\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "Content-Length: %zu\r\n%s\r\n", status,
	    status == 200 ? "OK" : "Error", blen, xhdr != NULL ? xhdr : "");
	if (n < 0 || (size_t)n >= sizeof(head))
		return (-1);
	iov[0].iov_base = head;
	iov[0].iov_len = (size_t)n;
	iov[1].iov_base = (void *)(uintptr_t)body;
	iov[1].iov_len = blen;
	return (spool_writev(fd, iov, 2));
}

/*
 * The message at pos, not answered through smsbox (Kore down, slow or
 * failing; or smsbox gone before the answer): parked for the retry
 * pass, then done in the journal.  -1 when it could not be parked: it
 * then stays open in the journal (stored: the next start parks it).
 */
static int
spool_defer(const struct spool_msg *m, int64_t stamp,
    const struct ussd_journal_pos *pos)
{
	struct iovec	iov[5];

	if (pos->seg == NULL)
		return (0);
	spool_iov(m, iov);
	if (spool_park(m->name, stamp, iov, 5) == -1) {
		spool_log("cannot park %s: %s (kept in the journal)", m->name,
		    strerror(errno));
		return (-1);
	}
	ussd_journal_done(journal, pos);
	return (0);
}

/*
 * Into the journal (synced later, by ussd_journal_sync()); or parked
 * already (*parked set).
 */
static int
spool_store(const struct spool_msg *m, int64_t stamp, int *parked,
    struct ussd_journal_pos *pos)
{
	struct iovec	iov[5];

	pos->seg = NULL;
	/* smsbox again for a message parked here: the file holds it. */
	if ((*parked = spool_parked(m->name)))
		return (0);
	spool_iov(m, iov);
	return (ussd_journal_add(journal, stamp, iov, 5, pos));
}

/*
 * One message from smsbox: stored, offered to Kore, answered.  Returns
 * -1 when the answer could not be written (the connection is over).
 */
static int
spool_handle(struct spool_link *k, int fd, struct spool_msg *m)
{
	struct ussd_journal_pos	 pos;
	struct spool_answer	 a;
	struct timespec		 now;
	char			 id[128], who[32];
	int64_t			 stamp;
	long			 st;
	int			 rc, parked;

	spool_arg(m, "id", id, sizeof(id));
	if (id[0] == '\0')
		return (spool_respond(fd, 400, NULL, "id required\n", 12));
	spool_name(id, m->name, sizeof(m->name));
	/*
	 * Held by the retry thread (so parked: stored), its reply goes
	 * late.  Held by another connection (smsbox gave up on it): that
	 * one may not be synced yet, so smsbox tries again later.
	 */
	if ((rc = spool_claim(m->name)) == 0) {
		if (spool_parked(m->name))
			return (spool_respond(fd, 200, NULL, "", 0));
		return (spool_respond(fd, 503, NULL, "busy\n", 5));
	}
	/* More in flight than claims: not stored, smsbox tries again. */
	if (rc == -1) {
		spool_log("claims full: %s not taken, smsbox retries",
		    m->name);
		return (spool_respond(fd, 503, NULL, "busy\n", 5));
	}
	(void)clock_gettime(CLOCK_REALTIME, &now);
	stamp = (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
	if (spool_store(m, stamp, &parked, &pos) == -1) {
		spool_release(m->name);
		spool_log("cannot store %s: %s", m->name, strerror(errno));
		return (spool_respond(fd, 503, NULL, "not stored\n", 11));
	}
	/* Kore works while the journal syncs: 200 only once both did. */
	st = spool_kore(k, m, &a);
	if (st == 200 && !parked && ussd_journal_sync(journal, &pos) == -1) {
		spool_log("cannot sync the journal for %s: %s", m->name,
		    strerror(errno));
		rc = spool_respond(fd, 503, NULL, "not stored\n", 11);
		ussd_journal_done(journal, &pos);
	} else if (st == 200) {
		if ((rc = spool_respond(fd, 200, a.xhdr, a.body, a.blen)) == 0) {
			if (parked)
				spool_move(m->name, NULL);
			ussd_journal_done(journal, &pos);
		} else
			(void)spool_defer(m, stamp, &pos);
	} else {
		spool_who(m, who, sizeof(who));
		spool_log("kore answered %ld: %s from %s spooled", st, m->name,
		    who);
		/* Not parked: smsbox takes it back rather than wait for
		 * the next start. */
		if (spool_defer(m, stamp, &pos) == -1) {
			rc = spool_respond(fd, 503, NULL, "not stored\n", 11);
			ussd_journal_done(journal, &pos);
		} else
			rc = spool_respond(fd, 200, NULL, "", 0);
	}
	spool_release(m->name);
	return (rc);
}

/* GET /healthz: up, and how many messages wait for Kore. */
static int
spool_health(int fd)
{
	DIR		*d;
	struct dirent	*de;
	char		 path[1024], body[64];
	int		 n;

	(void)snprintf(path, sizeof(path), "%s/new", conf.dir);
	n = 0;
	if ((d = opendir(path)) != NULL) {
		while ((de = readdir(d)) != NULL)
			n += de->d_name[0] != '.';
		closedir(d);
	}
	(void)snprintf(body, sizeof(body), "ok spooled=%d\n", n);
	return (spool_respond(fd, 200, NULL, body, strlen(body)));
}

static int
spool_loopback(int fd)
{
	struct sockaddr_in	sin;
	socklen_t		len = sizeof(sin);

	if (getpeername(fd, (struct sockaddr *)&sin, &len) == -1 ||
	    sin.sin_family != AF_INET)
		return (0);
	return ((ntohl(sin.sin_addr.s_addr) >> 24) == 127);
}

/* One connection from smsbox, served until it ends; fd closed. */
static void
spool_conn_serve(struct spool_conn *c, struct spool_msg *m,
    struct spool_link *k, int fd)
{
	ssize_t	used;
	int	why, close_after;

	c->fd = fd;
	c->len = 0;
	if (!spool_loopback(fd))
		goto out;
	spool_timeout(fd, SO_RCVTIMEO, SPOOL_IDLE_MS);
	spool_timeout(fd, SO_SNDTIMEO, SPOOL_IDLE_MS);
	for (;;) {
		why = 0;
		close_after = 0;
		if ((used = spool_read(c, m, &why, &close_after)) == 0)
			break;
		if (used < 0) {
			(void)spool_respond(fd, why, "Connection: close\r\n",
			    "refused\n", 8);
			break;
		}
		if (why == 1) {
			if (spool_health(fd) == -1 || close_after)
				break;
		} else if (spool_handle(k, fd, m) == -1 || close_after)
			break;
		c->len -= (size_t)used;
		memmove(c->buf, c->buf + used, c->len);
	}
out:
	(void)close(fd);
}

/*
 * The next connection for a thread whose last one ended: -1 after
 * SPOOL_IDLE_MS without one (the thread then ends).
 */
static int
spool_conn_next(void)
{
	struct timespec	until;
	int		fd;

	(void)clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += SPOOL_IDLE_MS / 1000;
	pthread_mutex_lock(&idle_mx);
	idle_n++;
	while (idle_len == 0)
		if (pthread_cond_timedwait(&idle_cv, &idle_mx, &until) ==
		    ETIMEDOUT && idle_len == 0) {
			idle_n--;
			pthread_mutex_unlock(&idle_mx);
			return (-1);
		}
	fd = idle_fds[idle_head];
	idle_head = (idle_head + 1) % SPOOL_IDLE_MAX;
	idle_len--;
	idle_n--;
	pthread_mutex_unlock(&idle_mx);
	return (fd);
}

/*
 * A connection thread: serves smsbox's connections one after another,
 * keeping its buffers and its connection to Kore (smsbox opens and
 * closes hundreds in a burst: a thread and a Kore connection each cost
 * about a sixth of the spool's CPU, perf).
 */
static void *
spool_conn_main(void *arg)
{
	struct spool_conn	*c;
	struct spool_msg	*m;
	struct spool_link	*k;
	int			 fd = (int)(intptr_t)arg;

	c = calloc(1, sizeof(*c));
	m = calloc(1, sizeof(*m));
	k = calloc(1, sizeof(*k));
	if (c == NULL || m == NULL || k == NULL) {
		(void)close(fd);
		goto out;
	}
	k->fd = -1;
	do
		spool_conn_serve(c, m, k, fd);
	while ((fd = spool_conn_next()) != -1);
	spool_link_close(k);
out:
	free(c);
	free(m);
	free(k);
	return (NULL);
}

/* A new connection to an idle thread, else to a new one. */
static void
spool_conn_start(int fd)
{
	pthread_mutex_lock(&idle_mx);
	if (idle_n > idle_len && idle_len < SPOOL_IDLE_MAX) {
		idle_fds[(idle_head + idle_len) % SPOOL_IDLE_MAX] = fd;
		idle_len++;
		pthread_cond_signal(&idle_cv);
		pthread_mutex_unlock(&idle_mx);
		return;
	}
	pthread_mutex_unlock(&idle_mx);
	if (spool_thread(spool_conn_main, (void *)(intptr_t)fd) != 0)
		(void)close(fd);
}

struct spool_entry {
	char		name[SPOOL_NAME_MAX];
	struct timespec	mtime;
};

static int
spool_entry_cmp(const void *a, const void *b)
{
	const struct spool_entry	*x = a, *y = b;

	/* Nanoseconds: in a burst, whole seconds would order by name. */
	if (x->mtime.tv_sec != y->mtime.tv_sec)
		return (x->mtime.tv_sec < y->mtime.tv_sec ? -1 : 1);
	if (x->mtime.tv_nsec != y->mtime.tv_nsec)
		return (x->mtime.tv_nsec < y->mtime.tv_nsec ? -1 : 1);
	return (strcmp(x->name, y->name));
}

/*
 * The oldest files of new/, at most SPOOL_QUEUE_MAX, oldest first;
 * returns how many.  Every file is looked at: the first SPOOL_QUEUE_MAX
 * that readdir happens to give are not the oldest once more are held
 * (a 10-minute outage at 10 MO/s spools 6,000).
 */
static int
spool_list(struct spool_entry *e)
{
	DIR			*d;
	struct dirent		*de;
	struct stat		 st;
	struct spool_entry	*all, *more;
	char			 path[1024];
	size_t			 n, cap;

	(void)snprintf(path, sizeof(path), "%s/new", conf.dir);
	if ((d = opendir(path)) == NULL)
		return (0);
	n = 0;
	cap = SPOOL_QUEUE_MAX;
	if ((all = calloc(cap, sizeof(*all))) == NULL) {
		closedir(d);
		return (0);
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		(void)snprintf(path, sizeof(path), "%s/new/%s", conf.dir,
		    de->d_name);
		if (stat(path, &st) == -1 || !S_ISREG(st.st_mode))
			continue;
		if (n == cap) {
			if ((more = reallocarray(all, cap * 2,
			    sizeof(*all))) == NULL)
				break;
			all = more;
			cap *= 2;
		}
		(void)snprintf(all[n].name, sizeof(all[n].name), "%s",
		    de->d_name);
		all[n++].mtime = st.st_mtim;
	}
	closedir(d);
	qsort(all, n, sizeof(*all), spool_entry_cmp);
	if (n > SPOOL_QUEUE_MAX)
		n = SPOOL_QUEUE_MAX;
	memcpy(e, all, n * sizeof(*e));
	free(all);
	return ((int)n);
}

/* A late sender: takes names off the queue until there are none. */
static void *
spool_worker_main(void *arg)
{
	struct spool_link	*k;
	char			 name[SPOOL_NAME_MAX];
	CURL			*h;

	(void)arg;
	if ((h = curl_easy_init()) == NULL ||
	    (k = calloc(1, sizeof(*k))) == NULL)
		return (NULL);
	k->fd = -1;
	for (;;) {
		pthread_mutex_lock(&q_mx);
		while (q_len == 0)
			pthread_cond_wait(&q_cv, &q_mx);
		(void)snprintf(name, sizeof(name), "%s", q_names[q_head]);
		q_head = (q_head + 1) % SPOOL_QUEUE_MAX;
		q_len--;
		q_busy++;
		pthread_mutex_unlock(&q_mx);

		(void)spool_late(h, k, name);

		pthread_mutex_lock(&q_mx);
		q_busy--;
		pthread_cond_broadcast(&q_cv);
		pthread_mutex_unlock(&q_mx);
	}
	return (NULL);
}

/*
 * Every second: the oldest spooled file is offered to Kore here; if
 * Kore took it, the rest go to the late senders, and the next pass
 * starts when they are done.  While Kore is down that is one attempt a
 * second, not one per file.
 */
static void *
spool_retry_main(void *arg)
{
	struct spool_entry	*e;
	struct spool_link	*k;
	CURL			*h;
	int			 n, i;

	(void)arg;
	if ((e = calloc(SPOOL_QUEUE_MAX, sizeof(*e))) == NULL ||
	    (k = calloc(1, sizeof(*k))) == NULL ||
	    (h = curl_easy_init()) == NULL)
		return (NULL);
	k->fd = -1;
	for (;;) {
		sleep(1);
		if ((n = spool_list(e)) == 0)
			continue;
		if (!spool_late(h, k, e[0].name))
			continue;
		spool_log("kore answers again: %d spooled message(s) to "
		    "reply to late", n);
		pthread_mutex_lock(&q_mx);
		for (i = 1; i < n; i++) {
			(void)snprintf(q_names[(q_head + q_len) %
			    SPOOL_QUEUE_MAX], SPOOL_NAME_MAX, "%s", e[i].name);
			q_len++;
		}
		pthread_cond_broadcast(&q_cv);
		while (q_len > 0 || q_busy > 0)
			pthread_cond_wait(&q_cv, &q_mx);
		pthread_mutex_unlock(&q_mx);
	}
	return (NULL);
}

static void
spool_configure(void)
{
	char		*e;
	const char	*v;
	CURL		*h;

	conf.port = infra_spool_port();
	if (conf.dir[0] == '\0')
		(void)snprintf(conf.dir, sizeof(conf.dir), "%s",
		    spool_env("HUNAR_SPOOL_DIR", "var/spool"));
	conf.kore_port = atoi(spool_env("HUNAR_HTTP_PORT", "8888"));
	conf.wait_ms = atol(spool_env("HUNAR_SPOOL_WAIT_MS", "8000"));
	conf.fsync = atoi(spool_env("HUNAR_SPOOL_FSYNC", "1"));
	conf.workers = atoi(spool_env("HUNAR_SPOOL_WORKERS", "16"));
	if (conf.workers < 1 || conf.workers > SPOOL_WORKERS_MAX)
		conf.workers = 16;
	/* Smaller only to test a full table (tests/integration). */
	conf.claims = atoi(spool_env("HUNAR_SPOOL_CLAIMS", "1024"));
	if (conf.claims < 1 || conf.claims > SPOOL_CLAIMS)
		conf.claims = SPOOL_CLAIMS;
	h = curl_easy_init();
	v = spool_env("HUNAR_SMS_SECRET", "");
	e = curl_easy_escape(h, v, 0);
	(void)snprintf(conf.key, sizeof(conf.key), "&key=%s", e ? e : "");
	curl_free(e);
	v = spool_env("HUNAR_SENDSMS_USER", "hunar");
	e = curl_easy_escape(h, v, 0);
	(void)snprintf(conf.user, sizeof(conf.user), "%s", e ? e : "");
	curl_free(e);
	v = spool_env("HUNAR_SENDSMS_PASSWORD", "");
	e = curl_easy_escape(h, v, 0);
	(void)snprintf(conf.password, sizeof(conf.password), "%s", e ? e : "");
	curl_free(e);
	v = spool_env("HUNAR_SHORTCODE", "8282");
	e = curl_easy_escape(h, v, 0);
	(void)snprintf(conf.from, sizeof(conf.from), "%s", e ? e : "");
	curl_free(e);
	curl_easy_cleanup(h);
	(void)snprintf(conf.sendsms, sizeof(conf.sendsms),
	    "http://127.0.0.1:%s/cgi-bin/sendsms?username=%s&password=%s"
	    "&from=%s", spool_env("HUNAR_KANNEL_SENDSMS_PORT", "13013"),
	    conf.user, conf.password, conf.from);
}

static int
spool_listen(void)
{
	struct sockaddr_in	sin;
	int			fd, on = 1;

	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return (-1);
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)conf.port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	/* After an outage smsbox's held retries come as one burst. */
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    listen(fd, 2048) == -1) {
		close(fd);
		return (-1);
	}
	return (fd);
}

static void
spool_dirs(void)
{
	char		 path[1024];
	const char	*sub[] = { "", "/tmp", "/new", "/bad" };
	DIR		*d;
	struct dirent	*de;
	size_t		 i;

	for (i = 0; i < sizeof(sub) / sizeof(sub[0]); i++) {
		(void)snprintf(path, sizeof(path), "%s%s", conf.dir, sub[i]);
		(void)mkdir(path, 0700);
	}
	/* Halves of files a killed run was writing: never answered. */
	(void)snprintf(path, sizeof(path), "%s/tmp", conf.dir);
	if ((d = opendir(path)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		(void)snprintf(path, sizeof(path), "%s/tmp/%s", conf.dir,
		    de->d_name);
		(void)unlink(path);
	}
	closedir(d);
}

static int
spool_thread(void *(*fn)(void *), void *arg)
{
	pthread_attr_t	attr;
	pthread_t	t;
	int		rc;

	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, 512 * 1024);
	rc = pthread_create(&t, &attr, fn, arg);
	pthread_attr_destroy(&attr);
	return (rc);
}

int
main(int argc, char **argv)
{
	char	path[1024];
	int	ch, lfd, fd, i, on = 1;

	while ((ch = getopt(argc, argv, "d:")) != -1) {
		if (ch != 'd') {
			fprintf(stderr, "usage: hunar_spool [-d dir]\n");
			return (2);
		}
		(void)snprintf(conf.dir, sizeof(conf.dir), "%s", optarg);
	}
	(void)signal(SIGPIPE, SIG_IGN);
	if (infra_dev_secret() != NULL) {
		fprintf(stderr, "hunar_spool: HUNAR_ENV=production: %s is "
		    "unset, short or a development default\n",
		    infra_dev_secret());
		return (1);
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return (1);
	spool_configure();
	spool_dirs();
	/* What a killed run left open goes to new/ before anything new. */
	(void)snprintf(path, sizeof(path), "%s/journal", conf.dir);
	if ((journal = ussd_journal_open(path, conf.fsync, spool_replayed,
	    NULL)) == NULL) {
		fprintf(stderr, "hunar_spool: cannot replay the journal %s: "
		    "%s\n", path, strerror(errno));
		return (1);
	}
	q_names = calloc(SPOOL_QUEUE_MAX, SPOOL_NAME_MAX);
	if (q_names == NULL || (lfd = spool_listen()) == -1) {
		fprintf(stderr, "hunar_spool: cannot listen on 127.0.0.1:%d: "
		    "%s\n", conf.port, strerror(errno));
		return (1);
	}
	for (i = 0; i < conf.workers; i++)
		(void)spool_thread(spool_worker_main, NULL);
	(void)spool_thread(spool_retry_main, NULL);
	spool_log("listening on 127.0.0.1:%d, spool %s", conf.port, conf.dir);
	for (;;) {
		if ((fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC)) == -1) {
			if (errno != EINTR)
				usleep(10000);
			continue;
		}
		(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on,
		    sizeof(on));
		spool_conn_start(fd);
	}
	return (0);
}
