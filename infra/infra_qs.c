/*
 * Query strings and urlencoded bodies, parsed by hand.  Kore's own
 * decoder drops an argument that decodes to a control byte, and an SMS
 * can hold a newline; Kannel's callbacks therefore come through here.
 */
#include <string.h>

#include "infra/infra.h"

/* A hex digit's value, either case; -1 for anything else. */
int
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

static int
infra_hex4(const char *s, uint32_t *out)
{
	uint32_t	v;
	int		i, d;

	v = 0;
	for (i = 0; i < 4; i++) {
		if ((d = infra_hexval(s[i])) < 0)
			return (0);
		v = v << 4 | (uint32_t)d;
	}
	*out = v;
	return (1);
}

/*
 * Kore 4.1.0's JSON parser refuses "\uXXXX" (json.c: "not supported"),
 * which most JSON writers use for every non-ASCII letter (Python's
 * json.dumps, JSON.stringify of some clients): an Urdu name was a 400.
 * This rewrites each such escape of a printable character, in place, as
 * its UTF-8 bytes (a surrogate pair as one character; '"' and '\' stay
 * escaped); control characters and broken escapes are left for the
 * parser to refuse.  UTF-8 is never longer than the escape.  Returns the
 * new length.
 */
size_t
infra_json_unescape_u(char *s, size_t len)
{
	size_t		 i, o;
	uint32_t	 c, lo;

	for (i = o = 0; i < len; ) {
		if (s[i] != '\\' || i + 1 >= len) {
			s[o++] = s[i++];
			continue;
		}
		if (s[i + 1] != 'u' || i + 6 > len || !infra_hex4(s + i + 2, &c) ||
		    c < 0x20 || (c >= 0xdc00 && c <= 0xdfff)) {
			s[o++] = s[i++];
			s[o++] = s[i++];
			continue;
		}
		i += 6;
		if (c >= 0xd800 && c <= 0xdbff) {
			if (i + 6 > len || s[i] != '\\' || s[i + 1] != 'u' ||
			    !infra_hex4(s + i + 2, &lo) || lo < 0xdc00 ||
			    lo > 0xdfff)
				c = 0xfffd;	/* a lone half: the mark for it */
			else {
				c = 0x10000 + ((c - 0xd800) << 10) +
				    (lo - 0xdc00);
				i += 6;
			}
		}
		if (c == '"' || c == '\\') {
			s[o++] = '\\';
			s[o++] = (char)c;
			continue;
		}
		o += infra_utf8_put(c, s + o);
	}
	return (o);
}
