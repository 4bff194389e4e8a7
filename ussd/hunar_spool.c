/*
 * hunar_spool: the always-up keeper of inbound SMS that Kore cannot take.
 *
 * smsbox acknowledges a message to bearerbox when it *starts* the first
 * callback; its retries then live only in its memory, and a restart of
 * smsbox while Kore is down lost every held message (STACK.md: 10 of
 * 10).  smsbox calls the MO front (infra/mofront.cfg.in, haproxy), which
 * hands each message to Kore and, when Kore refuses the connection,
 * answers 5xx or not in time, the same request to this small program
 * (the loopback cluster calls it directly): each message is written to a
 * file (fsync, rename) before anything is answered, and from then on it
 * survives smsbox, Kore and this program.  Then:
 *
 *   1. Kore is asked at once (POST /sms/inbound, the body being the
 *      text, the key added here).  Its 200 answer is relayed to smsbox
 *      as the reply, headers X-Kannel-* included, and the file goes;
 *   2. Kore down, slow (HUNAR_SPOOL_WAIT_MS) or answering 5xx: smsbox
 *      gets 200 with an empty body (omit-empty: the phone gets nothing
 *      now, and never Kannel's English "Could not fetch content"), and
 *      the file stays.  A retry thread offers the spooled files to Kore
 *      again, oldest first, and sends each reply late through Kannel's
 *      sendsms; the file goes once sendsms accepted it.
 *
 * Kore keys each message on Kannel's id and answers a retry with the
 * stored reply without acting again, so a message offered twice is
 * acted on once.  A reply can go twice only if this program dies
 * between relaying it and removing the file.  A file Kore refuses for
 * good (4xx other than 403) moves to bad/ and is logged.
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
#include <poll.h>
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

#define SPOOL_HEAD_MAX		16384
#define SPOOL_BODY_MAX		65536
#define SPOOL_REPLY_MAX		8192
#define SPOOL_NAME_MAX		256
#define SPOOL_IDLE_MS		60000	/* an idle smsbox connection */
#define SPOOL_CLAIMS		1024
#define SPOOL_WORKERS_MAX	64
#define SPOOL_QUEUE_MAX		4096

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
	char		kore[256];	/* http://127.0.0.1:8888/sms/inbound */
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
static pthread_mutex_t		claim_mx = PTHREAD_MUTEX_INITIALIZER;
static char			claims[SPOOL_CLAIMS][SPOOL_NAME_MAX];

/* The late senders' queue, filled by the retry thread. */
static pthread_mutex_t		q_mx = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t		q_cv = PTHREAD_COND_INITIALIZER;
static char			(*q_names)[SPOOL_NAME_MAX];
static int			q_head, q_len, q_busy;

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

/*
 * Stores a message as new/<name>: "<query>\n<content type>\n<body>",
 * written to tmp/, synced and renamed, so a file in new/ is whole.  A
 * file already there (smsbox retrying a message held here) is kept.
 */
static int
spool_store(const struct spool_msg *m)
{
	struct iovec	iov[5];
	char		tmp[1024], dst[1024];

	(void)snprintf(dst, sizeof(dst), "%s/new/%s", conf.dir, m->name);
	if (access(dst, F_OK) == 0)
		return (0);
	(void)snprintf(tmp, sizeof(tmp), "%s/tmp/%s", conf.dir, m->name);
	iov[0].iov_base = (void *)(uintptr_t)m->query;
	iov[0].iov_len = strlen(m->query);
	iov[1].iov_base = (void *)(uintptr_t)"\n";
	iov[1].iov_len = 1;
	iov[2].iov_base = (void *)(uintptr_t)m->ctype;
	iov[2].iov_len = strlen(m->ctype);
	iov[3] = iov[1];
	iov[4].iov_base = m->body;
	iov[4].iov_len = m->blen;
	/*
	 * The bytes are synced, the folder is not: the spool outlives a
	 * process's death (Kore, smsbox, itself), and a second fsync per
	 * message would be a second wait on the disk for every MO.
	 */
	return (infra_file_put(tmp, dst, iov, 5,
	    conf.fsync ? INFRA_FILE_SYNC : 0));
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

/* Keeps Kore's X-Kannel-* headers for smsbox, and the coding. */
static size_t
spool_curl_head(char *p, size_t sz, size_t n, void *arg)
{
	struct spool_answer	*a = arg;
	size_t			 len = sz * n;

	if (len > 9 && strncasecmp(p, "X-Kannel-", 9) == 0 &&
	    a->xlen + len < sizeof(a->xhdr)) {
		memcpy(a->xhdr + a->xlen, p, len);
		a->xlen += len;
		a->xhdr[a->xlen] = '\0';
		if (len > 17 && strncasecmp(p, "X-Kannel-Coding:", 16) == 0)
			a->coding = atoi(p + 16);
	}
	return (len);
}

/* Offers one message to Kore.  Returns its HTTP status, 0 if none. */
static long
spool_kore(CURL *h, const struct spool_msg *m, struct spool_answer *a)
{
	struct curl_slist	*hdr;
	char			 url[SPOOL_HEAD_MAX + 512], ct[160];

	memset(a, 0, sizeof(*a));
	(void)snprintf(url, sizeof(url), "%s?%s%s", conf.kore, m->query,
	    conf.key);
	(void)snprintf(ct, sizeof(ct), "Content-Type: %s",
	    m->ctype[0] != '\0' ? m->ctype : "text/plain; charset=UTF-8");
	hdr = curl_slist_append(NULL, ct);
	hdr = curl_slist_append(hdr, "Expect:");
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(h, CURLOPT_POST, 1L);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, m->body);
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)m->blen);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, conf.wait_ms);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 1000L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, spool_curl_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, a);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, spool_curl_head);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, a);
	if (curl_easy_perform(h) == CURLE_OK)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &a->status);
	curl_slist_free_all(hdr);
	return (a->status);
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
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 10000L);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &ans);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, &ans);
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
spool_late(CURL *h, const char *name)
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
	st = spool_kore(h, &m, &a);
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

/* Reads more into c->buf; 0 on end, timeout or error. */
static int
spool_fill(struct spool_conn *c)
{
	struct pollfd	pfd;
	ssize_t		n;

	if (c->len == sizeof(c->buf))
		return (0);
	pfd.fd = c->fd;
	pfd.events = POLLIN;
	if (poll(&pfd, 1, SPOOL_IDLE_MS) != 1)
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
	char	head[1536];
	int	n;

	n = snprintf(head, sizeof(head), "HTTP/1.1 %d %s\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "Content-Length: %zu\r\n%s\r\n", status,
	    status == 200 ? "OK" : "Error", blen, xhdr != NULL ? xhdr : "");
	if (n < 0 || (size_t)n >= sizeof(head))
		return (-1);
	if (infra_write_all(fd, head, (size_t)n) == -1)
		return (-1);
	return (infra_write_all(fd, body, blen));
}

/*
 * One message from smsbox: stored, offered to Kore, answered.  Returns
 * -1 when the answer could not be written (the connection is over).
 */
static int
spool_handle(CURL *h, int fd, struct spool_msg *m)
{
	struct spool_answer	 a;
	char			 id[128], who[32];
	long			 st;
	int			 rc;

	spool_arg(m, "id", id, sizeof(id));
	if (id[0] == '\0')
		return (spool_respond(fd, 400, NULL, "id required\n", 12));
	spool_name(id, m->name, sizeof(m->name));
	/* Held by the retry thread (so stored): its reply goes late. */
	if ((rc = spool_claim(m->name)) == 0)
		return (spool_respond(fd, 200, NULL, "", 0));
	/* More in flight than claims: not stored, smsbox tries again. */
	if (rc == -1) {
		spool_log("claims full: %s not taken, smsbox retries",
		    m->name);
		return (spool_respond(fd, 503, NULL, "busy\n", 5));
	}
	if (spool_store(m) == -1) {
		spool_release(m->name);
		spool_log("cannot store %s: %s", m->name, strerror(errno));
		return (spool_respond(fd, 503, NULL, "not stored\n", 11));
	}
	st = spool_kore(h, m, &a);
	if (st == 200) {
		rc = spool_respond(fd, 200, a.xhdr, a.body, a.blen);
		if (rc == 0)
			spool_move(m->name, NULL);
	} else {
		spool_who(m, who, sizeof(who));
		spool_log("kore answered %ld: %s from %s spooled", st, m->name,
		    who);
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

static void *
spool_conn_main(void *arg)
{
	struct spool_conn	*c;
	struct spool_msg	*m;
	CURL			*h;
	ssize_t			 used;
	int			 why, close_after;

	c = calloc(1, sizeof(*c));
	m = calloc(1, sizeof(*m));
	h = curl_easy_init();
	if (c == NULL || m == NULL || h == NULL ||
	    !spool_loopback((int)(intptr_t)arg))
		goto out;
	c->fd = (int)(intptr_t)arg;
	for (;;) {
		why = 0;
		close_after = 0;
		if ((used = spool_read(c, m, &why, &close_after)) == 0)
			break;
		if (used < 0) {
			(void)spool_respond(c->fd, why, "Connection: close\r\n",
			    "refused\n", 8);
			break;
		}
		if (why == 1) {
			if (spool_health(c->fd) == -1 || close_after)
				break;
		} else if (spool_handle(h, c->fd, m) == -1 || close_after)
			break;
		c->len -= (size_t)used;
		memmove(c->buf, c->buf + used, c->len);
	}
out:
	if (h != NULL)
		curl_easy_cleanup(h);
	close((int)(intptr_t)arg);
	free(c);
	free(m);
	return (NULL);
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
	char	name[SPOOL_NAME_MAX];
	CURL	*h;

	(void)arg;
	if ((h = curl_easy_init()) == NULL)
		return (NULL);
	for (;;) {
		pthread_mutex_lock(&q_mx);
		while (q_len == 0)
			pthread_cond_wait(&q_cv, &q_mx);
		(void)snprintf(name, sizeof(name), "%s", q_names[q_head]);
		q_head = (q_head + 1) % SPOOL_QUEUE_MAX;
		q_len--;
		q_busy++;
		pthread_mutex_unlock(&q_mx);

		(void)spool_late(h, name);

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
	CURL			*h;
	int			 n, i;

	(void)arg;
	if ((e = calloc(SPOOL_QUEUE_MAX, sizeof(*e))) == NULL ||
	    (h = curl_easy_init()) == NULL)
		return (NULL);
	for (;;) {
		sleep(1);
		if ((n = spool_list(e)) == 0)
			continue;
		if (!spool_late(h, e[0].name))
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
	(void)snprintf(conf.kore, sizeof(conf.kore),
	    "http://127.0.0.1:%s/sms/inbound",
	    spool_env("HUNAR_HTTP_PORT", "8888"));
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
		if (spool_thread(spool_conn_main, (void *)(intptr_t)fd) != 0)
			close(fd);
	}
	return (0);
}
