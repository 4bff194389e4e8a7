/*
 * How long a key (a phone number, a client address) waits before its
 * next try after failures (pure: no Kore).
 *
 * A hard lock-out after N attempts lets anyone lock anyone out and
 * punishes success too (issue 11: the 11th good login in 15 minutes was
 * refused).  Instead only failures count, the first few cost nothing,
 * then each one doubles the wait: 0, 0, 0, 1, 2, 4, 8 ... seconds up to
 * a cap.  A guesser gets a handful of tries an hour; the owner who
 * mistyped three times waits a second.
 */
#include <stdint.h>

#include "infra/infra.h"

/* Seconds to wait after n failures: none for the first `free`. */
int
infra_backoff_delay(int n, int free, int cap)
{
	int	d, k;

	if (n < free || cap <= 0)
		return (0);
	d = 1;
	for (k = n - free; k > 0 && d < cap; k--)
		d *= 2;
	return (d < cap ? d : cap);
}

/*
 * Seconds still to wait at `now` after n failures, the last at `last`
 * (both Unix seconds); 0 when the next try may go ahead.
 */
int
infra_backoff_wait(int n, int64_t last, int64_t now, int free, int cap)
{
	int64_t	until;

	until = last + infra_backoff_delay(n, free, cap);
	if (now >= until)
		return (0);
	/* A clock that went back never asks for more than the cap. */
	return (until - now > cap ? cap : (int)(until - now));
}
