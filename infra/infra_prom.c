/*
 * Prometheus' text exposition format (0.0.4), the pure half of /metrics:
 * which status slot and latency bucket a request falls in, and the lines
 * of a family.  Label values are escaped (\\, \", \n) as the format says.
 */
#include <stdio.h>
#include <string.h>

#include "infra/infra.h"

/* Statuses counted one by one; the rest fall into "other". */
static const int prom_statuses[INFRA_PROM_STATUSES - 1] = {
	200, 201, 202, 204, 301, 302, 303, 304, 400, 401, 403, 404, 405,
	409, 413, 414, 422, 429, 500, 502, 503
};

/* Latency buckets, in milliseconds ("le" upper bounds). */
const int infra_prom_buckets[INFRA_PROM_BUCKETS] = {
	1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 10000
};

int
infra_prom_status_slot(int status)
{
	int	i;

	for (i = 0; i < INFRA_PROM_STATUSES - 1; i++)
		if (prom_statuses[i] == status)
			return (i);
	return (INFRA_PROM_STATUSES - 1);
}

/* The status of a slot; 0 for "other". */
int
infra_prom_slot_status(int slot)
{
	if (slot < 0 || slot >= INFRA_PROM_STATUSES - 1)
		return (0);
	return (prom_statuses[slot]);
}

/* The first bucket whose bound holds ms; INFRA_PROM_BUCKETS: +Inf. */
int
infra_prom_bucket(uint64_t ms)
{
	int	i;

	for (i = 0; i < INFRA_PROM_BUCKETS; i++)
		if (ms <= (uint64_t)infra_prom_buckets[i])
			return (i);
	return (INFRA_PROM_BUCKETS);
}

/* A label value, escaped. */
void
infra_prom_label(struct infra_buf *b, const char *v)
{
	for (; *v != '\0'; v++) {
		if (*v == '\\' || *v == '"')
			(void)infra_buf_fmt(b, "\\%c", *v);
		else if (*v == '\n')
			(void)infra_buf_add(b, "\\n", 2);
		else
			(void)infra_buf_add(b, v, 1);
	}
}

void
infra_prom_head(struct infra_buf *b, const char *name, const char *type,
    const char *help)
{
	(void)infra_buf_fmt(b, "# HELP %s %s\n# TYPE %s %s\n", name, help,
	    name, type);
}

/*
 * One route's histogram: counts[] per bucket (the last is +Inf), made
 * cumulative here; sum in milliseconds, written in seconds.
 */
void
infra_prom_histogram(struct infra_buf *b, const char *name,
    const char *route, const uint64_t *counts, uint64_t sum_ms)
{
	uint64_t	cum;
	int		i;

	cum = 0;
	for (i = 0; i <= INFRA_PROM_BUCKETS; i++) {
		cum += counts[i];
		(void)infra_buf_fmt(b, "%s_bucket{route=\"", name);
		infra_prom_label(b, route);
		if (i < INFRA_PROM_BUCKETS)
			(void)infra_buf_fmt(b, "\",le=\"%g\"} %llu\n",
			    infra_prom_buckets[i] / 1000.0,
			    (unsigned long long)cum);
		else
			(void)infra_buf_fmt(b, "\",le=\"+Inf\"} %llu\n",
			    (unsigned long long)cum);
	}
	(void)infra_buf_fmt(b, "%s_sum{route=\"", name);
	infra_prom_label(b, route);
	(void)infra_buf_fmt(b, "\"} %.3f\n%s_count{route=\"", sum_ms / 1000.0,
	    name);
	infra_prom_label(b, route);
	(void)infra_buf_fmt(b, "\"} %llu\n", (unsigned long long)cum);
}
