/* infra_backoff.c: only failures wait, the wait doubles up to a cap. */
#include "tests/unit/unit.h"
#include "infra/infra.h"

UNIT_TEST(backoff_delay_grows_after_the_free_tries)
{
	static const int	want[] = { 0, 0, 0, 1, 2, 4, 8, 16, 32, 64,
	    128, 256, 300, 300 };
	int			n;

	for (n = 0; n < (int)(sizeof(want) / sizeof(want[0])); n++)
		CHECK_INT(infra_backoff_delay(n, 3, 300), want[n]);
	CHECK_INT(infra_backoff_delay(1000, 3, 300), 300);
	CHECK_INT(infra_backoff_delay(1000, 3, 0), 0);
	CHECK_INT(infra_backoff_delay(29, 30, 60), 0);
	CHECK_INT(infra_backoff_delay(30, 30, 60), 1);
	CHECK_INT(infra_backoff_delay(40, 30, 60), 60);
}

UNIT_TEST(backoff_wait_counts_from_the_last_failure)
{
	CHECK_INT(infra_backoff_wait(0, 0, 1000, 3, 300), 0);
	CHECK_INT(infra_backoff_wait(2, 999, 1000, 3, 300), 0);
	CHECK_INT(infra_backoff_wait(3, 1000, 1000, 3, 300), 1);
	CHECK_INT(infra_backoff_wait(3, 999, 1000, 3, 300), 0);
	CHECK_INT(infra_backoff_wait(6, 1000, 1003, 3, 300), 5);
	CHECK_INT(infra_backoff_wait(6, 1000, 1008, 3, 300), 0);
	/* A last failure in the future (clock moved back) waits the cap. */
	CHECK_INT(infra_backoff_wait(20, 5000, 1000, 3, 300), 300);
}
