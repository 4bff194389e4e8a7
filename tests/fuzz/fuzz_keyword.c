/*
 * libFuzzer: the SMS keyword parser on any bytes (an operator passes
 * whatever a phone sends).  It must not crash, must NUL-terminate what it
 * fills, and must be deterministic.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ussd/ussd.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ussd_cmd	 a, b;
	char		*s, norm[512];
	int		 ra, rb;

	if ((s = malloc(size + 1)) == NULL)
		return (0);
	memcpy(s, data, size);
	s[size] = '\0';
	(void)ussd_text_norm(s, norm, sizeof(norm));
	if (strlen(norm) >= sizeof(norm))
		abort();
	ra = ussd_keyword_parse(s, &a);
	rb = ussd_keyword_parse(s, &b);
	if (ra != rb || a.kw != b.kw || strcmp(a.arg, b.arg) != 0 ||
	    strlen(a.verb) >= sizeof(a.verb) || strlen(a.arg) >= sizeof(a.arg) ||
	    strlen(a.rest) >= sizeof(a.rest) || strlen(a.word) >= sizeof(a.word))
		abort();
	(void)ussd_kw_name(a.kw);
	free(s);
	return (0);
}
