/* Runs every registered unit case; the last line is "N passed, N failed". */
#include <stdio.h>
#include <string.h>

#include "unit.h"

static struct unit_case	*unit_cases;

void
unit_register(struct unit_case *c)
{
	c->next = unit_cases;
	unit_cases = c;
}

int
main(int argc, char **argv)
{
	struct unit_case	*c;
	int			 failed, npass, nfail;

	npass = nfail = 0;
	for (c = unit_cases; c != NULL; c = c->next) {
		if (argc > 1 && strstr(c->file, argv[1]) == NULL &&
		    strstr(c->name, argv[1]) == NULL)
			continue;
		failed = 0;
		c->fn(&failed);
		if (failed) {
			printf("not ok %s (%s)\n", c->name, c->file);
			nfail++;
		} else {
			printf("ok %s\n", c->name);
			npass++;
		}
	}
	printf("%d passed, %d failed\n", npass, nfail);
	return (nfail == 0 ? 0 : 1);
}
