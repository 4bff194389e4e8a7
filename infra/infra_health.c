/*
 * GET /healthz: the state of PostgreSQL, Redis and Kannel (bearerbox's
 * status page).  200 when all are up, 503 naming what is down.
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
#include <poll.h>
#include <unistd.h>

#include "infra/infra_kore.h"

#define HEALTH_TIMEOUT_MS	500

struct health_ctx {
	struct infra_db		db;
};

/*
 * Asks bearerbox's admin port for /status.txt.  Returns 1 when it
 * answered 200; the first line of its text goes into out.
 */
int
infra_kannel_status(char *out, size_t outlen)
{
	struct sockaddr_in	sin;
	struct pollfd		pfd;
	char			req[256], buf[2048], *eol;
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
	sin.sin_port = htons(infra_conf.kannel_admin_port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ok = 0;
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 &&
	    errno != EINPROGRESS)
		goto out;
	pfd.fd = fd;
	pfd.events = POLLOUT;
	if (poll(&pfd, 1, HEALTH_TIMEOUT_MS) != 1 || (pfd.revents & POLLERR))
		goto out;
	(void)snprintf(req, sizeof(req), "GET /status.txt?password=%s "
	    "HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n",
	    infra_conf.kannel_admin_password);
	if (write(fd, req, strlen(req)) != (ssize_t)strlen(req))
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

int
infra_healthz(struct http_request *req)
{
	struct health_ctx	*c;
	struct kore_buf		 b;
	char			 kannel[256];
	int			 r, pg_ok, redis_ok, kannel_ok;

	c = infra_ctx(req, sizeof(*c));
	r = infra_db_run(req, &c->db, "SELECT 1", 0, NULL);
	if (r == INFRA_DB_WAIT)
		return (KORE_RESULT_RETRY);
	pg_ok = (r == INFRA_DB_OK && infra_db_rows(&c->db) == 1);
	redis_ok = infra_redis_ok();
	kannel_ok = infra_kannel_status(kannel, sizeof(kannel));

	kore_buf_init(&b, 256);
	kore_buf_appendf(&b, "{\"status\":\"%s\",\"postgresql\":\"%s\","
	    "\"redis\":\"%s\",\"kannel\":\"%s\"",
	    pg_ok && redis_ok && kannel_ok ? "ok" : "degraded",
	    pg_ok ? "up" : "down", redis_ok ? "up" : "down",
	    kannel_ok ? "up" : "down");
	if (kannel_ok) {
		kore_buf_appendf(&b, ",\"kannel_status\":");
		infra_json_str(&b, kannel);
	}
	if (!(pg_ok && redis_ok && kannel_ok)) {
		kore_buf_appendf(&b, ",\"down\":[%s%s%s%s%s]",
		    pg_ok ? "" : "\"postgresql\"",
		    !pg_ok && (!redis_ok || !kannel_ok) ? "," : "",
		    redis_ok ? "" : "\"redis\"",
		    !redis_ok && !kannel_ok ? "," : "",
		    kannel_ok ? "" : "\"kannel\"");
	}
	kore_buf_appendf(&b, "}\n");
	infra_json_reply(req, pg_ok && redis_ok && kannel_ok ? 200 : 503, &b);
	kore_buf_cleanup(&b);
	return (KORE_RESULT_OK);
}
