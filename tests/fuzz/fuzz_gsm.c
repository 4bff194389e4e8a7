/*
 * libFuzzer: GSM-7 / UCS-2 / UTF-8.  Counting never crashes; a part count
 * agrees with its own figures; valid UTF-8 survives UCS-2 and back
 * byte for byte (outside the Basic Multilingual Plane too, as pairs).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "infra/infra.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct infra_sms_count	 c;
	const char		*s = (const char *)data;
	uint8_t			 ucs[4096];
	char			 back[4096];
	ssize_t			 n, m;
	size_t			 fit;

	if (size > 1000)
		return (0);
	if (infra_sms_count(s, size, &c) == 0 && c.parts > 0 &&
	    c.per_part == 0)
		abort();
	fit = infra_sms_fit(s, size, 1);
	if (fit > size)
		abort();
	if (!infra_utf8_valid(s, size))
		return (0);
	n = infra_utf8_to_ucs2be(s, size, ucs, sizeof(ucs));
	if (n < 0)
		return (0);
	m = infra_ucs2be_to_utf8(ucs, (size_t)n, back, sizeof(back));
	if (m != (ssize_t)size || memcmp(back, s, size) != 0)
		abort();
	return (0);
}
