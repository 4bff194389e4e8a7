/*
 * GET /healthz: the state of PostgreSQL, Redis, Kannel (bearerbox's
 * status page), hunar_spool (its own /healthz: how many messages it
 * holds), the MO front (haproxy's monitor-uri, answered by haproxy
 * itself, never relayed to Kore, which would ask itself), each daemon's heartbeat age (infra/sql/V0014) and the outbox
 * (rows queued, age of the oldest one due).  200 when all are up, 503
 * naming what is down.
 */
#include <sys/socket.h>
#include <sys/time.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <poll.h>
#include <unistd.h>

#include "infra/infra_kore.h"

#define HEALTH_TIMEOUT_MS	500

struct health_ctx {
	struct infra_db		db;
};

/*
 * Sends `request` to 127.0.0.1:port and reads the answer for at most
 * HEALTH_TIMEOUT_MS.  Returns 1 when it answered 200; the first line of
 * its body goes into out.
 */
static int
health_probe(int port, const char *request, char *out, size_t outlen)
{
	struct sockaddr_in	sin;
	struct pollfd		pfd;
	char			buf[2048], *eol;
	ssize_t			n;
	size_t			got;
	int			fd, ok, flags;

	out[0] = '\0';
	if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
		return (0);
	flags = fcntl(fd, F_GETFL, 0);
	(void)fcntl(fd, F_SETFL, flags | O_NONBLOCK);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ok = 0;
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 &&
	    errno != EINPROGRESS)
		goto out;
	pfd.fd = fd;
	pfd.events = POLLOUT;
	if (poll(&pfd, 1, HEALTH_TIMEOUT_MS) != 1 || (pfd.revents & POLLERR))
		goto out;
	if (write(fd, request, strlen(request)) != (ssize_t)strlen(request))
		goto out;
	got = 0;
	for (;;) {
		pfd.events = POLLIN;
		if (poll(&pfd, 1, HEALTH_TIMEOUT_MS) != 1)
			break;
		n = read(fd, buf + got, sizeof(buf) - 1 - got);
		if (n <= 0)
			break;
		got += n;
		if (got == sizeof(buf) - 1)
			break;
	}
	buf[got] = '\0';
	if (strncmp(buf, "HTTP/1.", 7) == 0 && strncmp(buf + 8, " 200", 4) == 0) {
		ok = 1;
		if ((eol = strstr(buf, "\r\n\r\n")) != NULL) {
			kore_strlcpy(out, eol + 4, outlen);
			if ((eol = strchr(out, '\n')) != NULL)
				*eol = '\0';
		}
	}
out:
	close(fd);
	return (ok);
}

/* bearerbox's /status.txt (it needs the admin password). */
int
infra_kannel_status(char *out, size_t outlen)
{
	char	req[256];

	(void)snprintf(req, sizeof(req), "GET /status.txt?password=%s "
	    "HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n",
	    infra_conf.kannel_admin_password);
	return (health_probe(infra_conf.kannel_admin_port, req, out, outlen));
}

/* Appends "name" to the list of what is down. */
static void
health_down(struct kore_buf *down, const char *name)
{
	kore_buf_appendf(down, "%s\"%s\"", down->offset ? "," : "", name);
}

/*
 * The daemons' heartbeats (a name and its age in seconds, "d" rows) and
 * the domains' facts ("f" rows of the view health_facts, e.g. the
 * outbox's depth and oldest age): a daemon whose beat is older than
 * HUNAR_HEARTBEAT_STALE_S is down.
 */
static void
health_rows(struct infra_db *db, struct kore_buf *b, struct kore_buf *down)
{
	const char	*kind, *name, *val;
	int		 i, n, age, err, stale;

	stale = atoi(infra_env("HUNAR_HEARTBEAT_STALE_S", "30"));
	kore_buf_appendf(b, ",\"daemons\":{");
	for (i = 0, n = 0; i < infra_db_rows(db); i++) {
		kind = infra_db_get(db, i, 0);
		name = infra_db_get(db, i, 1);
		val = infra_db_get(db, i, 2);
		if (strcmp(kind, "d") != 0)
			continue;
		age = (int)kore_strtonum(val, 10, INT_MIN, INT_MAX, &err);
		kore_buf_appendf(b, "%s", n++ ? "," : "");
		infra_json_str(b, name);
		kore_buf_appendf(b, ":{\"heartbeat_age_s\":%d,\"state\":\"%s\"}",
		    age, age > stale ? "down" : "up");
		if (age > stale)
			health_down(down, name);
	}
	kore_buf_appendf(b, "},\"facts\":{");
	for (i = 0, n = 0; i < infra_db_rows(db); i++) {
		if (strcmp(infra_db_get(db, i, 0), "f") != 0)
			continue;
		kore_buf_appendf(b, "%s", n++ ? "," : "");
		infra_json_str(b, infra_db_get(db, i, 1));
		kore_buf_appendf(b, ":%lld", (long long)kore_strtonum64(
		    infra_db_get(db, i, 2), 1, &err));
	}
	kore_buf_appendf(b, "}");
}

static const char SQL_HEALTH[] =
	"SELECT 'd', name, extract(epoch FROM now() - beat_at)::int::text"
	" FROM daemon_heartbeat"
	" UNION ALL SELECT 'f', name, value::text FROM health_facts";

int
infra_healthz(struct http_request *req)
{
	struct health_ctx	*c;
	struct kore_buf		 b, down;
	char			 kannel[256], spool[128], sreq[64], mo[64];
	int			 r, pg_ok, redis_ok, kannel_ok, spool_ok, mo_ok;

	c = infra_ctx(req, sizeof(*c));
	r = infra_db_run(req, &c->db, SQL_HEALTH, 0, NULL);
	if (r == INFRA_DB_WAIT)
		return (KORE_RESULT_RETRY);
	pg_ok = (r == INFRA_DB_OK && infra_db_rows(&c->db) >= 1);
	redis_ok = infra_redis_ok();
	kannel_ok = infra_kannel_status(kannel, sizeof(kannel));
	(void)snprintf(sreq, sizeof(sreq), "GET /healthz HTTP/1.0\r\n\r\n");
	spool_ok = health_probe(infra_spool_port(),
	    sreq, spool, sizeof(spool));
	/* HUNAR_MO_PORT=0: smsbox calls hunar_spool directly (the cluster). */
	mo_ok = infra_mo_port() <= 0 ? -1 : health_probe(infra_mo_port(),
	    "GET /mofront-health HTTP/1.0\r\n\r\n", mo, sizeof(mo));

	kore_buf_init(&b, 512);
	kore_buf_init(&down, 128);
	if (!pg_ok)
		health_down(&down, "postgresql");
	if (!redis_ok)
		health_down(&down, "redis");
	if (!kannel_ok)
		health_down(&down, "kannel");
	if (!spool_ok)
		health_down(&down, "hunar_spool");
	if (mo_ok == 0)
		health_down(&down, "mofront");
	kore_buf_appendf(&b, "{\"postgresql\":\"%s\",\"redis\":\"%s\","
	    "\"kannel\":\"%s\",\"hunar_spool\":\"%s\","
	    "\"mofront\":\"%s\"",
	    pg_ok ? "up" : "down", redis_ok ? "up" : "down",
	    kannel_ok ? "up" : "down", spool_ok ? "up" : "down",
	    mo_ok == 1 ? "up" : mo_ok == 0 ? "down" : "off");
	if (kannel_ok) {
		kore_buf_appendf(&b, ",\"kannel_status\":");
		infra_json_str(&b, kannel);
	}
	if (spool_ok) {
		kore_buf_appendf(&b, ",\"spool_status\":");
		infra_json_str(&b, spool);
	}
	if (pg_ok)
		health_rows(&c->db, &b, &down);
	kore_buf_appendf(&b, ",\"status\":\"%s\"", down.offset ? "degraded" :
	    "ok");
	if (down.offset)
		kore_buf_appendf(&b, ",\"down\":[%.*s]", (int)down.offset,
		    (const char *)down.data);
	kore_buf_appendf(&b, "}\n");
	infra_json_reply(req, down.offset ? 503 : 200, &b);
	kore_buf_cleanup(&b);
	kore_buf_cleanup(&down);
	return (KORE_RESULT_OK);
}
