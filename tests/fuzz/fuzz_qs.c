/*
 * libFuzzer: query strings and urlencoded bodies (Kannel's callbacks and
 * every form).  Lookups never read past the input, results are always
 * NUL-terminated and within the caller's buffer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "infra/infra.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "text", "from", "id", "meta",
	    "coding", "", "a", "%", "key" };
	const char	*s = (const char *)data;
	char		 out[64], dec[256];
	size_t		 i, n;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		memset(out, 'x', sizeof(out));
		if (infra_qs_get(s, size, names[i], out, sizeof(out)) >= 0 &&
		    memchr(out, '\0', sizeof(out)) == NULL)
			abort();
	}
	/* The length before truncation comes back; the text is cut. */
	memset(dec, 'x', sizeof(dec));
	n = infra_url_decode(s, size, dec, sizeof(dec));
	if (n > size || memchr(dec, '\0', sizeof(dec)) == NULL ||
	    (n < sizeof(dec) && dec[n] != '\0'))
		abort();
	return (0);
}
