/*
 * Moments the workers of one Kore share: "something changed at t", set
 * by one worker and read by the others without a round trip to Redis or
 * PostgreSQL.  The parent maps one page before the workers fork
 * (MAP_SHARED, as the metrics' counters).  A name hashes to one of
 * INFRA_MARKS slots; two names sharing a slot only see each other's
 * changes too (never fewer).  Times are CLOCK_MONOTONIC, the same clock
 * in every process.  Pure: no Kore.
 */
#include <sys/mman.h>

#include <time.h>

#include "infra/infra.h"

#define INFRA_MARKS	64

static volatile int64_t	*infra_marks;	/* microseconds, 0: never */

static int64_t
infra_mark_now(void)
{
	struct timespec	t;

	(void)clock_gettime(CLOCK_MONOTONIC, &t);
	return ((int64_t)t.tv_sec * 1000000 + t.tv_nsec / 1000);
}

static volatile int64_t *
infra_mark_slot(const char *name)
{
	return (&infra_marks[infra_hash(name) % INFRA_MARKS]);
}

/* In the parent, before the workers fork; -1 when mmap() failed. */
int
infra_mark_init(void)
{
	void	*p;

	p = mmap(NULL, INFRA_MARKS * sizeof(int64_t), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return (-1);
	infra_marks = p;
	return (0);
}

/* name changed now (every worker sees it). */
void
infra_mark(const char *name)
{
	volatile int64_t	*s;
	int64_t			 now, old;

	if (infra_marks == NULL)
		return;
	s = infra_mark_slot(name);
	now = infra_mark_now();
	old = __atomic_load_n(s, __ATOMIC_ACQUIRE);
	while (old < now && !__atomic_compare_exchange_n(s, &old, now, 0,
	    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		;
}

/*
 * When name last changed, in CLOCK_MONOTONIC seconds: 0 never, and now
 * when there is no shared page (a change may have happened any time).
 */
double
infra_mark_get(const char *name)
{
	if (infra_marks == NULL)
		return ((double)infra_mark_now() / 1e6);
	return ((double)__atomic_load_n(infra_mark_slot(name),
	    __ATOMIC_ACQUIRE) / 1e6);
}
