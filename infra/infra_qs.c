/*
 * Query strings and urlencoded bodies, parsed by hand.  Kore's own
 * decoder drops an argument that decodes to a control byte, and an SMS
 * can hold a newline; Kannel's callbacks therefore come through here.
 */
#include <string.h>

#include "infra/infra.h"

static int
infra_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return (c - '0');
	if (c >= 'a' && c <= 'f')
		return (c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (c - 'A' + 10);
	return (-1);
}

/*
 * Decodes %XX and '+' from in[0..len) into out (NUL-terminated, truncated
 * to outlen - 1).  Returns the decoded length before truncation.
 */
size_t
infra_url_decode(const char *in, size_t len, char *out, size_t outlen)
{
	size_t		i, n;
	int		hi, lo, c;

	for (i = 0, n = 0; i < len; i++) {
		c = (unsigned char)in[i];
		if (c == '+') {
			c = ' ';
		} else if (c == '%' && i + 2 < len &&
		    (hi = infra_hexval(in[i + 1])) >= 0 &&
		    (lo = infra_hexval(in[i + 2])) >= 0) {
			c = hi << 4 | lo;
			i += 2;
		}
		if (outlen > 0 && n < outlen - 1)
			out[n] = (char)c;
		n++;
	}
	if (outlen > 0)
		out[n < outlen ? n : outlen - 1] = '\0';
	return (n);
}

/*
 * Finds name in a "a=1&b=2" string and decodes its value into out.
 * Returns the decoded length, or -1 when the name is absent.  A value
 * longer than out is reported by its real length (caller checks).
 */
int
infra_qs_get(const char *qs, size_t len, const char *name, char *out,
    size_t outlen)
{
	const char	*p, *end, *amp, *eq;
	size_t		 nlen;

	if (qs == NULL)
		return (-1);
	nlen = strlen(name);
	p = qs;
	end = qs + len;
	while (p < end) {
		if ((amp = memchr(p, '&', end - p)) == NULL)
			amp = end;
		eq = memchr(p, '=', amp - p);
		if (eq != NULL && (size_t)(eq - p) == nlen &&
		    memcmp(p, name, nlen) == 0)
			return ((int)infra_url_decode(eq + 1, amp - eq - 1,
			    out, outlen));
		if (eq == NULL && (size_t)(amp - p) == nlen &&
		    memcmp(p, name, nlen) == 0) {
			if (outlen > 0)
				out[0] = '\0';
			return (0);
		}
		p = amp + 1;
	}
	return (-1);
}
