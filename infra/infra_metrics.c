/*
 * GET /metrics in Prometheus' text format, for an admin session or the
 * scraper's token (Authorization: Bearer HUNAR_METRICS_TOKEN).
 *
 * Every route's requests by status and its latency (from the first call
 * of its handler to the last: a request that sleeps on PostgreSQL counts
 * its wait) are counted around each handler.  Kore 4.1 has no hook per
 * request, but every route calls its handler through a struct
 * kore_runtime; each worker points its routes at a copy whose
 * http_request wraps the native one (infra_metrics_worker()).  The
 * counters live in memory the parent maps before the workers fork, so
 * one scrape sees them all (atomic adds).  What the domains count (SMS in
 * and out, the outbox, delivery reports) comes from PostgreSQL at scrape
 * time, through metrics_rows(), which calls every <domain>_metrics().
 */
#include <sys/mman.h>

#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>

#include "infra/infra_kore.h"
#include "infra/page_kore.h"

#define METRICS_ROUTES		256
#define METRICS_PATH		96
#define METRICS_FLIGHT		4096	/* requests in flight per worker */
#define METRICS_STALE_MS	120000

struct metrics_route {
	char		path[METRICS_PATH];
	uint64_t	status[INFRA_PROM_STATUSES];
	uint64_t	bucket[INFRA_PROM_BUCKETS + 1];
	uint64_t	sum_ms;
};

struct metrics_shm {
	int			nroutes;
	struct metrics_route	route[METRICS_ROUTES];
};

/* A request between its first handler call and its last, in a worker. */
struct metrics_flight {
	struct http_request	*req;
	u_int64_t		 start;
	int			 route;
	void			(*onfree)(struct http_request *);
};

struct metrics_ctx {
	struct infra_db		db;
};

static struct metrics_shm	*metrics;
static struct kore_runtime	 metrics_runtime;
static struct kore_module_handle *metrics_hdlr[METRICS_ROUTES];
static struct metrics_flight	 flight[METRICS_FLIGHT];

static const char SQL_ROWS[] =
	"SELECT name, type, help, labels, value FROM metrics_rows()";

static int	metrics_http_request(void *, struct http_request *);
static void	metrics_onfree(struct http_request *);

/* In the parent, before the workers fork. */
void
infra_metrics_init(void)
{
	void	*p;

	p = mmap(NULL, sizeof(*metrics), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		kore_log(LOG_ERR, "metrics: mmap: %s", errno_s);
		return;
	}
	metrics = p;
}

/* In each worker: every route's handler goes through the counter. */
void
infra_metrics_worker(void)
{
	struct kore_server		*srv;
	struct kore_domain		*dom;
	struct kore_module_handle	*hdlr;
	int				 n;

	if (metrics == NULL)
		return;
	metrics_runtime = kore_native_runtime;
	metrics_runtime.http_request = metrics_http_request;
	n = 0;
	LIST_FOREACH(srv, &kore_servers, list) {
		TAILQ_FOREACH(dom, &srv->domains, list) {
			TAILQ_FOREACH(hdlr, &dom->handlers, list) {
				if (n == METRICS_ROUTES ||
				    hdlr->rcall->runtime != &kore_native_runtime)
					continue;
				metrics_hdlr[n] = hdlr;
				/* Same order in every worker: same slot. */
				(void)kore_strlcpy(metrics->route[n].path,
				    hdlr->path, METRICS_PATH);
				hdlr->rcall->runtime = &metrics_runtime;
				n++;
			}
		}
	}
	metrics->nroutes = n;
}

static int
metrics_route(const struct http_request *req)
{
	int	i;

	for (i = 0; i < METRICS_ROUTES && metrics_hdlr[i] != NULL; i++)
		if (metrics_hdlr[i] == req->hdlr)
			return (i);
	return (-1);
}

static struct metrics_flight *
metrics_flight_get(struct http_request *req, int add)
{
	size_t	i, k;

	i = ((uintptr_t)req >> 4) % METRICS_FLIGHT;
	for (k = 0; k < 16; k++, i = (i + 1) % METRICS_FLIGHT) {
		if (flight[i].req == req)
			return (&flight[i]);
		if (add && (flight[i].req == NULL ||
		    req->start - flight[i].start > METRICS_STALE_MS)) {
			flight[i].req = req;
			flight[i].start = req->start;
			flight[i].onfree = NULL;
			return (&flight[i]);
		}
	}
	return (NULL);
}

static void
metrics_count(int route, int status, u_int64_t ms)
{
	struct metrics_route	*r = &metrics->route[route];

	__atomic_fetch_add(&r->status[infra_prom_status_slot(status)], 1,
	    __ATOMIC_RELAXED);
	__atomic_fetch_add(&r->bucket[infra_prom_bucket(ms)], 1,
	    __ATOMIC_RELAXED);
	__atomic_fetch_add(&r->sum_ms, ms, __ATOMIC_RELAXED);
}

static int
metrics_http_request(void *addr, struct http_request *req)
{
	struct metrics_flight	*f;
	int			(*handler)(struct http_request *) = addr;
	int			 r, route;

	f = metrics_flight_get(req, 1);
	r = handler(req);
	if (f == NULL || f->req != req || (route = metrics_route(req)) == -1)
		return (r);
	if (r == KORE_RESULT_RETRY) {
		/* Asleep: if it is freed before it ends, forget it then. */
		if (req->onfree != metrics_onfree) {
			f->onfree = req->onfree;
			req->onfree = metrics_onfree;
		}
		return (r);
	}
	metrics_count(route, req->status, kore_time_ms() - f->start);
	if (req->onfree == metrics_onfree)
		req->onfree = f->onfree;
	f->req = NULL;
	return (r);
}

static void
metrics_onfree(struct http_request *req)
{
	struct metrics_flight	*f;
	void			(*next)(struct http_request *) = NULL;

	if ((f = metrics_flight_get(req, 0)) != NULL) {
		next = f->onfree;
		f->req = NULL;
	}
	req->onfree = next;
	if (next != NULL)
		next(req);
}

/* Routes' requests by status, then their latency histograms. */
static void
metrics_http(struct infra_buf *b)
{
	struct metrics_route	*r;
	uint64_t		 n;
	int			 i, s, st;

	infra_prom_head(b, "hunar_http_requests_total", "counter",
	    "HTTP requests answered, by route and status.");
	for (i = 0; i < metrics->nroutes; i++) {
		r = &metrics->route[i];
		for (s = 0; s < INFRA_PROM_STATUSES; s++) {
			n = __atomic_load_n(&r->status[s], __ATOMIC_RELAXED);
			if (n == 0)
				continue;
			(void)infra_buf_fmt(b,
			    "hunar_http_requests_total{route=\"");
			infra_prom_label(b, r->path);
			st = infra_prom_slot_status(s);
			if (st != 0)
				(void)infra_buf_fmt(b, "\",status=\"%d\"} %llu\n",
				    st, (unsigned long long)n);
			else
				(void)infra_buf_fmt(b, "\",status=\"other\"} "
				    "%llu\n", (unsigned long long)n);
		}
	}
	infra_prom_head(b, "hunar_http_request_duration_seconds", "histogram",
	    "From a request's first handler call to its answer.");
	for (i = 0; i < metrics->nroutes; i++) {
		r = &metrics->route[i];
		if (r->sum_ms == 0 && r->bucket[0] == 0 &&
		    r->bucket[INFRA_PROM_BUCKETS] == 0 &&
		    r->status[INFRA_PROM_STATUSES - 1] == 0 &&
		    r->status[0] == 0)
			continue;
		infra_prom_histogram(b, "hunar_http_request_duration_seconds",
		    r->path, r->bucket, r->sum_ms);
	}
}

/* The domains' rows: name, type, help, labels, value; grouped by name. */
static void
metrics_rows(struct infra_buf *b, struct infra_db *db)
{
	const char	*name, *last;
	int		 i;

	last = "";
	for (i = 0; i < infra_db_rows(db); i++) {
		name = infra_db_get(db, i, 0);
		if (strcmp(name, last) != 0)
			infra_prom_head(b, name, infra_db_get(db, i, 1),
			    infra_db_get(db, i, 2));
		last = name;
		(void)infra_buf_fmt(b, "%s%s%s%s %s\n", name,
		    *infra_db_get(db, i, 3) ? "{" : "", infra_db_get(db, i, 3),
		    *infra_db_get(db, i, 3) ? "}" : "", infra_db_get(db, i, 4));
	}
}

static int
metrics_allowed(struct http_request *req)
{
	struct page_user	 u;
	const char		*auth;

	if (http_request_header(req, "authorization", &auth) &&
	    strncmp(auth, "Bearer ", 7) == 0 &&
	    infra_secret_eq(auth + 7, infra_env("HUNAR_METRICS_TOKEN", "")))
		return (1);
	page_session(req, &u);
	return (page_require(req, &u, PAGE_ROLE_ADMIN));
}

int
infra_metrics(struct http_request *req)
{
	struct metrics_ctx	*c;
	struct infra_buf	 b;
	int			 r, ok;

	c = infra_ctx(req, sizeof(*c));
	if (c->db.step == 0) {
		if (metrics == NULL)
			return (infra_text_reply(req, 503, "no metrics\n"));
		if (!metrics_allowed(req))
			return (KORE_RESULT_OK);
		c->db.step = 1;
	}
	r = infra_db_run(req, &c->db, SQL_ROWS, 0, NULL);
	if (r == INFRA_DB_WAIT)
		return (KORE_RESULT_RETRY);
	ok = r == INFRA_DB_OK;
	infra_buf_init(&b);
	metrics_http(&b);
	if (ok)
		metrics_rows(&b, &c->db);
	infra_prom_head(&b, "hunar_metrics_database_up", "gauge",
	    "1 when the domains' figures could be read from PostgreSQL.");
	(void)infra_buf_fmt(&b, "hunar_metrics_database_up %d\n", ok);
	http_response_header(req, "content-type",
	    "text/plain; version=0.0.4; charset=utf-8");
	http_response(req, 200, b.data, b.len);
	infra_buf_free(&b);
	return (KORE_RESULT_OK);
}
