/*
 * For Hunar's plain daemons (infra/cmd/): the wait between rounds, which
 * every one of them spends on its LISTEN connection.
 */
#include <sys/select.h>

#include <libpq-fe.h>
#include <unistd.h>

#include "infra/infra.h"

/* Sleeps until a NOTIFY on db, a signal, or `secs` went by. */
void
infra_pgd_wait(struct pg_conn *db, int secs)
{
	struct timeval	 tv;
	fd_set		 rfds;
	PGnotify	*nt;
	int		 fd;

	fd = PQsocket(db);
	if (fd < 0) {
		sleep((unsigned int)secs);
		return;
	}
	FD_ZERO(&rfds);
	FD_SET(fd, &rfds);
	tv.tv_sec = secs;
	tv.tv_usec = 0;
	if (select(fd + 1, &rfds, NULL, NULL, &tv) > 0) {
		(void)PQconsumeInput(db);
		while ((nt = PQnotifies(db)) != NULL)
			PQfreemem(nt);
	}
}
