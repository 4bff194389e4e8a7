/*
 * SMS encodings: GSM-7 (3GPP TS 23.038 default alphabet and its
 * extension table) against UCS-2, with exact part counts.  One character
 * outside GSM-7 turns the whole message into UCS-2.  Concatenated parts
 * carry 153 septets or 67 UTF-16 units, and a part never splits an
 * escape sequence (extension characters cost 2 septets) or a surrogate
 * pair, so parts are counted by packing, not by dividing.
 */
#include <stdio.h>
#include <string.h>

#include "infra/infra.h"

#define GSM_SINGLE	160
#define GSM_MULTI	153
#define UCS2_SINGLE	70
#define UCS2_MULTI	67

/* Decodes one code point; returns its byte length, or -1 when invalid. */
int
infra_utf8_next(const unsigned char *s, size_t len, uint32_t *cp)
{
	uint32_t	c;
	int		n, i;

	if (len == 0)
		return (-1);
	if (s[0] < 0x80) {
		*cp = s[0];
		return (1);
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		c = s[0] & 0x07;
	} else {
		return (-1);
	}
	if (len < (size_t)n)
		return (-1);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return (-1);
		c = (c << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates, beyond Unicode. */
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return (-1);
	*cp = c;
	return (n);
}

/* Septets a code point costs in GSM-7: 1, 2 (extension), 0 (not GSM). */
static int
gsm_septets(uint32_t c)
{
	/*
	 * Septets of each ASCII character: 1 in the basic table ("@$_ !
	 * ... a-z", newline, return), 2 in the extension ("^{}\\[~]|" and
	 * form feed), 0 for none.  A table, not strchr(): every USSD screen
	 * is measured many times while its labels are cut to fit (issue 13:
	 * strchr was a quarter of a Kore worker's time at 2,000 hops/s).
	 */
	static const unsigned char	ascii[128] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2, 1, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
		1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
		1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
		1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 1,
		0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
		1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 0,
	};
	static const uint32_t	basic_other[] = {
		0xa3, 0xa5, 0xe8, 0xe9, 0xf9, 0xec, 0xf2, 0xc7, 0xd8, 0xf8,
		0xc5, 0xe5, 0x394, 0x3a6, 0x393, 0x39b, 0x3a9, 0x3a0, 0x3a8,
		0x3a3, 0x398, 0x39e, 0xc6, 0xe6, 0xdf, 0xc9, 0xa4, 0xa1, 0xc4,
		0xd6, 0xd1, 0xdc, 0xa7, 0xbf, 0xe4, 0xf6, 0xf1, 0xfc, 0xe0
	};
	size_t			i;

	if (c < 0x80)
		return (ascii[c]);
	if (c == 0x20ac)	/* euro sign, in the extension table */
		return (2);
	for (i = 0; i < sizeof(basic_other) / sizeof(basic_other[0]); i++)
		if (basic_other[i] == c)
			return (1);
	return (0);
}

int
infra_utf8_valid(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	uint32_t		 cp;
	int			 n;

	while (len > 0) {
		if ((n = infra_utf8_next(p, len, &cp)) < 0 || cp == 0)
			return (0);
		p += n;
		len -= n;
	}
	return (1);
}

/*
 * Makes s[0..len) valid UTF-8 in place: every byte that starts no valid
 * sequence (and a NUL) becomes '?'.  Returns how many bytes were
 * replaced; 0 means s was valid.  A poisoned SMS is stored and answered
 * this way, its bytes kept beside it (ussd_inbound.c).
 */
size_t
infra_utf8_scrub(char *s, size_t len)
{
	unsigned char	*p = (unsigned char *)s;
	uint32_t	 cp;
	size_t		 bad;
	int		 n;

	bad = 0;
	while (len > 0) {
		if ((n = infra_utf8_next(p, len, &cp)) < 0 || cp == 0) {
			*p = '?';
			n = 1;
			bad++;
		}
		p += n;
		len -= (size_t)n;
	}
	return (bad);
}

/* The length of s[0..len) cut to at most max bytes on a character. */
size_t
infra_utf8_cut(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return (len);
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	return (max);
}

/*
 * Counts text[0..len) as an SMS.  Returns 0, or -1 for invalid UTF-8.
 */
int
infra_sms_count(const char *text, size_t len, struct infra_sms_count *out)
{
	const unsigned char	*p;
	size_t			 left, units, used, multi;
	uint32_t		 cp;
	int			 n, cost, gsm, parts;

	memset(out, 0, sizeof(*out));
	/* First pass: which alphabet, and the total units. */
	gsm = 1;
	units = 0;
	for (p = (const unsigned char *)text, left = len; left > 0;
	    p += n, left -= n) {
		if ((n = infra_utf8_next(p, left, &cp)) < 0)
			return (-1);
		if (gsm_septets(cp) == 0)
			gsm = 0;
	}
	for (p = (const unsigned char *)text, left = len; left > 0;
	    p += n, left -= n) {
		n = infra_utf8_next(p, left, &cp);
		if (gsm)
			units += gsm_septets(cp);
		else
			units += cp > 0xffff ? 2 : 1;
	}
	out->coding = gsm ? INFRA_SMS_GSM7 : INFRA_SMS_UCS2;
	out->units = units;
	if (units == 0) {
		out->per_part = gsm ? GSM_SINGLE : UCS2_SINGLE;
		out->remaining = out->per_part;
		return (0);
	}
	if (units <= (gsm ? GSM_SINGLE : UCS2_SINGLE)) {
		out->parts = 1;
		out->per_part = gsm ? GSM_SINGLE : UCS2_SINGLE;
		out->remaining = out->per_part - units;
		return (0);
	}

	/* Second pass: pack into parts without splitting a character. */
	multi = gsm ? GSM_MULTI : UCS2_MULTI;
	parts = 1;
	used = 0;
	for (p = (const unsigned char *)text, left = len; left > 0;
	    p += n, left -= n) {
		n = infra_utf8_next(p, left, &cp);
		cost = gsm ? gsm_septets(cp) : (cp > 0xffff ? 2 : 1);
		if (used + cost > multi) {
			parts++;
			used = 0;
		}
		used += cost;
	}
	out->parts = parts;
	out->per_part = multi;
	out->remaining = multi - used;
	return (0);
}

/*
 * The byte length of the longest prefix of text that fits in max_parts,
 * cut on a character boundary, and on a word boundary when one is near
 * enough (in the last fifth).  Invalid UTF-8 fits nothing.
 */
size_t
infra_sms_fit(const char *text, size_t len, int max_parts)
{
	struct infra_sms_count	 cnt;
	const unsigned char	*p;
	size_t			 off, best, space;
	uint32_t		 cp;
	int			 n;

	if (max_parts <= 0)
		return (0);
	if (infra_sms_count(text, len, &cnt) == -1)
		return (0);
	if (cnt.parts <= max_parts)
		return (len);

	best = 0;
	space = 0;
	p = (const unsigned char *)text;
	for (off = 0; off < len; off += n) {
		if ((n = infra_utf8_next(p + off, len - off, &cp)) < 0)
			break;
		if (infra_sms_count(text, off + n, &cnt) == -1 ||
		    cnt.parts > max_parts)
			break;
		best = off + n;
		if (cp == ' ' || cp == '\n')
			space = off;
	}
	if (space > 0 && space >= best - best / 5)
		return (space);
	return (best);
}

/*
 * The units that fit in parts SMS of this coding: 160 or 70 in one, 153
 * or 67 in each of more (the rest carries the concatenation header).
 */
size_t
infra_sms_room(int coding, int parts)
{
	if (parts <= 0)
		return (0);
	if (parts == 1)
		return (coding == INFRA_SMS_UCS2 ? UCS2_SINGLE : GSM_SINGLE);
	return ((size_t)parts * (coding == INFRA_SMS_UCS2 ? UCS2_MULTI :
	    GSM_MULTI));
}

/* UTF-8 to UTF-16BE; returns the bytes written, or -1. */
ssize_t
infra_utf8_to_ucs2be(const char *in, size_t len, uint8_t *out, size_t outlen)
{
	const unsigned char	*p = (const unsigned char *)in;
	size_t			 o;
	uint32_t		 cp, hi, lo;
	int			 n;

	for (o = 0; len > 0; p += n, len -= n) {
		if ((n = infra_utf8_next(p, len, &cp)) < 0)
			return (-1);
		if (cp > 0xffff) {
			if (o + 4 > outlen)
				return (-1);
			cp -= 0x10000;
			hi = 0xd800 | (cp >> 10);
			lo = 0xdc00 | (cp & 0x3ff);
			out[o++] = hi >> 8;
			out[o++] = hi & 0xff;
			out[o++] = lo >> 8;
			out[o++] = lo & 0xff;
		} else {
			if (o + 2 > outlen)
				return (-1);
			out[o++] = cp >> 8;
			out[o++] = cp & 0xff;
		}
	}
	return ((ssize_t)o);
}

/* Encodes one code point; returns its byte length (1-4). */
size_t
infra_utf8_put(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return (1);
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return (2);
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return (3);
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return (4);
}

/*
 * UTF-16BE to UTF-8 (NUL-terminated); a lone surrogate or odd byte
 * becomes U+FFFD.  Returns the bytes written (without the NUL), or -1
 * when out is too small.
 */
ssize_t
infra_ucs2be_to_utf8(const uint8_t *in, size_t len, char *out, size_t outlen)
{
	size_t		i, o;
	uint32_t	u, lo;
	char		tmp[4];
	size_t		n;

	for (i = 0, o = 0; i < len; ) {
		if (i + 1 >= len) {
			u = 0xfffd;
			i++;
		} else {
			u = (uint32_t)in[i] << 8 | in[i + 1];
			i += 2;
			if (u >= 0xd800 && u <= 0xdbff && i + 1 < len) {
				lo = (uint32_t)in[i] << 8 | in[i + 1];
				if (lo >= 0xdc00 && lo <= 0xdfff) {
					u = 0x10000 + ((u - 0xd800) << 10) +
					    (lo - 0xdc00);
					i += 2;
				} else {
					u = 0xfffd;
				}
			} else if (u >= 0xd800 && u <= 0xdfff) {
				u = 0xfffd;
			}
		}
		n = infra_utf8_put(u, tmp);
		if (o + n + 1 > outlen)
			return (-1);
		memcpy(out + o, tmp, n);
		o += n;
	}
	if (outlen == 0)
		return (-1);
	out[o] = '\0';
	return ((ssize_t)o);
}

/*
 * Shortens the UTF-8 text s (a buffer of size bytes) in place to at most
 * max characters, ending
 * at a word with the ellipsis appended (its characters count in max):
 * "Translation of a brochure" to 20 is "Translation of a...".  A first
 * word longer than the room is cut inside.  Unchanged when it fits.
 * Returns the new length in bytes.  The caller picks the ellipsis: "…"
 * where the SMS is UCS-2 anyway, "..." in GSM-7, where one "…" would
 * turn the whole message into UCS-2 and halve its room.
 */
size_t
infra_text_cut(char *s, size_t size, size_t max, const char *ellipsis)
{
	const unsigned char	*p;
	size_t			 len, off, chars, el, room, end, word;
	uint32_t		 cp;
	int			 n;

	len = strlen(s);
	p = (const unsigned char *)ellipsis;
	for (el = 0, off = 0; ellipsis[off] != '\0'; el++, off += n)
		if ((n = infra_utf8_next(p + off, strlen(ellipsis + off),
		    &cp)) < 0)
			return (len);
	p = (const unsigned char *)s;
	for (chars = 0, off = 0; off < len; chars++, off += n)
		if ((n = infra_utf8_next(p + off, len - off, &cp)) < 0)
			return (len);
	if (chars <= max)
		return (len);
	if (max <= el) {
		s[0] = '\0';
		return (0);
	}
	room = max - el;
	/* The byte offset after room characters, and the last word end. */
	end = word = 0;
	for (chars = 0, off = 0; chars < room; chars++, off += n) {
		n = infra_utf8_next(p + off, len - off, &cp);
		if (cp == ' ' && off > 0)
			word = off;
		end = off + n;
	}
	if (end < len && p[end] == ' ')
		word = end;
	if (word > 0)
		end = word;
	/* The buffer must hold the ellipsis: back off whole characters. */
	while (end > 0 && end + strlen(ellipsis) + 1 > size) {
		end--;
		while (end > 0 && (p[end] & 0xc0) == 0x80)
			end--;
	}
	/* No dangling separators before the ellipsis. */
	while (end > 0 && strchr(" ,;:-", s[end - 1]) != NULL)
		end--;
	if (end + strlen(ellipsis) + 1 > size) {
		s[0] = '\0';
		return (0);
	}
	(void)snprintf(s + end, size - end, "%s", ellipsis);
	return (strlen(s));
}

/*
 * A reply in one SMS part, one of its arguments (arg, a buffer of
 * argsize bytes) cut at a word until the whole fits: fill(arg, ctx, out,
 * outlen) writes the reply with arg put in, returning its length (or -1).
 * Each round cuts arg by the units the reply is over, with the ellipsis
 * of lang ("..." keeps GSM-7; Urdu script is UCS-2 anyway, so "…").  With
 * drop, an argument that would keep fewer than 4 characters goes (a
 * course title: the code says it); without, it keeps at least 3 (a
 * person's name).  Returns fill's last answer.
 */
int
infra_sms_fit_arg(char *arg, size_t argsize, enum hlang lang, int drop,
    int (*fill)(const char *, void *, char *, size_t), void *ctx,
    char *out, size_t outlen)
{
	struct infra_sms_count	 cnt;
	size_t			 chars, over;
	int			 n;

	for (chars = 0, n = 0; arg[n] != '\0'; n++)
		chars += ((unsigned char)arg[n] & 0xc0) != 0x80;
	for (;;) {
		n = fill(arg, ctx, out, outlen);
		if (n < 0 || (size_t)n >= outlen ||
		    infra_sms_count(out, (size_t)n, &cnt) == -1 ||
		    cnt.parts <= 1 || (drop ? arg[0] == '\0' : chars < 4))
			return (n);
		over = cnt.units - (cnt.coding == INFRA_SMS_UCS2 ? 70 : 160);
		chars = over < chars ? chars - over : (drop ? 0 : 3);
		if (drop && chars < 4)
			arg[0] = '\0';
		else
			(void)infra_text_cut(arg, argsize, chars,
			    lang == HLANG_UR ? "…" : "...");
	}
}
