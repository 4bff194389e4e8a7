/*
 * libFuzzer: the match profile decoder on a Redis value that may be
 * corrupt, truncated or of another version.  A decode either fails with
 * a MATCH_ERR_* or yields a valid profile that encodes and decodes to
 * the same bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "infra/infra.h"
#include "matching/matching.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct match_profile	 p, q;
	struct infra_buf	 a, b;
	int			 rc;

	rc = match_profile_decode(data, size, &p);
	if (rc != MATCH_OK) {
		if (rc != MATCH_ERR_VERSION && rc != MATCH_ERR_CORRUPT &&
		    rc != MATCH_ERR_NOMEM)
			abort();
		return (0);
	}
	if (!match_profile_valid(&p))
		abort();
	infra_buf_init(&a);
	infra_buf_init(&b);
	if (match_profile_encode(&p, &a) != MATCH_OK ||
	    match_profile_decode(a.data, a.len, &q) != MATCH_OK ||
	    match_profile_encode(&q, &b) != MATCH_OK ||
	    a.len != b.len || memcmp(a.data, b.data, a.len) != 0)
		abort();
	infra_buf_free(&a);
	infra_buf_free(&b);
	return (0);
}
