/*
 * The browser phone's wire (issue 11, deliverable 7), pure: what
 * ussd/hunar_phone.c says to bearerbox's fake SMSC, what it hears back,
 * and the phone's log entries that ussd/ussd_phone.c shows.
 *
 * bearerbox's fake SMSC (Kannel 1.4.5, gw/smsc/smsc_fake.c) speaks one
 * message a line, "<from> <to> <kind> <payload>":
 *	text	the payload as it is (printable ASCII, no newline)
 *	data	URL-encoded bytes (8-bit, or 7-bit text that is not ASCII)
 *	ucs2	URL-encoded UTF-16BE (what we send; bearerbox answers
 *		"ucs-2")
 * and a concatenated part as "<from> <to> udh <udh> <kind> <payload>",
 * the UDH URL-encoded too ('+' stands for a space, as Kannel's
 * octstr_url_encode writes it).  Anything but printable ASCII goes as
 * UCS-2, as a phone sends Urdu: with mo-recode smsbox hands it to Hunar
 * as UTF-8.
 */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ussd/ussd.h"

static const char	hexd[] = "0123456789ABCDEF";

/* Whether text can go as "text": printable ASCII, not empty. */
static int
pl_plain(const char *text)
{
	const unsigned char	*p;

	if (*text == '\0')
		return (0);
	for (p = (const unsigned char *)text; *p != '\0'; p++)
		if (*p < 0x20 || *p > 0x7e)
			return (0);
	return (1);
}

/*
 * The MO line for one message from the browser phone (newline
 * included).  Returns its length, or -1 when the text is not UTF-8 or
 * the line would not fit in out.
 */
int
ussd_phone_mo_line(const char *from, const char *to, const char *text,
    char *out, size_t outlen)
{
	const unsigned char	*p;
	uint32_t		 cp, u[2];
	size_t			 len, o;
	int			 n, i, k, nu;

	n = snprintf(out, outlen, "%s %s %s ", from, to,
	    pl_plain(text) ? "text" : "ucs2");
	if (n < 0 || (size_t)n >= outlen)
		return (-1);
	o = (size_t)n;
	if (pl_plain(text)) {
		len = strlen(text);
		if (o + len + 2 > outlen)
			return (-1);
		memcpy(out + o, text, len);
		o += len;
	} else {
		p = (const unsigned char *)text;
		len = strlen(text);
		while (len > 0) {
			if ((n = infra_utf8_next(p, len, &cp)) <= 0)
				return (-1);
			p += n;
			len -= (size_t)n;
			nu = 1;
			u[0] = cp;
			if (cp > 0xffff) {
				cp -= 0x10000;
				u[0] = 0xd800 | (cp >> 10);
				u[1] = 0xdc00 | (cp & 0x3ff);
				nu = 2;
			}
			if (o + (size_t)nu * 6 + 2 > outlen)
				return (-1);
			for (i = 0; i < nu; i++) {
				for (k = 8; k >= 0; k -= 8) {
					out[o++] = '%';
					out[o++] = hexd[(u[i] >> (k + 4)) & 0xf];
					out[o++] = hexd[(u[i] >> k) & 0xf];
				}
			}
		}
	}
	out[o++] = '\n';
	out[o] = '\0';
	return ((int)o);
}

/* URL-decodes s[0..len) into out ('+' is a space); the byte count. */
static size_t
pl_unurl(const char *s, size_t len, unsigned char *out, size_t outlen)
{
	size_t	i, o;
	int	h, l;

	for (i = o = 0; i < len && o < outlen; i++) {
		if (s[i] == '+') {
			out[o++] = ' ';
		} else if (s[i] == '%' && i + 2 < len &&
		    (h = infra_hexval(s[i + 1])) >= 0 &&
		    (l = infra_hexval(s[i + 2])) >= 0) {
			out[o++] = (unsigned char)(h << 4 | l);
			i += 2;
		} else {
			out[o++] = (unsigned char)s[i];
		}
	}
	return (o);
}

/* The next space-separated word of [*p, end): its start and length. */
static int
pl_word(const char **p, const char *end, const char **w, size_t *wl)
{
	const char	*s;

	s = *p;
	while (s < end && *s != ' ')
		s++;
	if (s == end)
		return (-1);
	*w = *p;
	*wl = (size_t)(s - *p);
	*p = s + 1;
	return (0);
}

/* The concatenation header: 8-bit (IE 0) or 16-bit (IE 8) reference. */
static void
pl_udh(const unsigned char *u, size_t n, struct ussd_phone_part *pt)
{
	size_t	i, end;

	if (n < 1)
		return;
	end = 1 + (size_t)u[0] < n ? 1 + (size_t)u[0] : n;
	for (i = 1; i + 1 < end; i += 2 + u[i + 1]) {
		if (u[i] == 0x00 && u[i + 1] == 3 && i + 4 < end) {
			pt->ref = u[i + 2];
			pt->total = u[i + 3];
			pt->seq = u[i + 4];
			return;
		}
		if (u[i] == 0x08 && u[i + 1] == 4 && i + 5 < end) {
			pt->ref = u[i + 2] << 8 | u[i + 3];
			pt->total = u[i + 4];
			pt->seq = u[i + 5];
			return;
		}
	}
}

/*
 * One MT line from bearerbox (without its newline) into pt.  Returns
 * 0, or -1 for a line that is not a message.
 */
int
ussd_phone_mt_parse(const char *line, size_t len, struct ussd_phone_part *pt)
{
	unsigned char	 udh[64];
	const char	*p, *end, *w;
	size_t		 wl, n;

	memset(pt, 0, sizeof(*pt));
	p = line;
	end = line + len;
	if (pl_word(&p, end, &w, &wl) == -1 || wl == 0 ||
	    wl >= sizeof(pt->from))
		return (-1);
	memcpy(pt->from, w, wl);
	if (pl_word(&p, end, &w, &wl) == -1 || wl == 0 ||
	    wl >= sizeof(pt->to))
		return (-1);
	memcpy(pt->to, w, wl);
	if (pl_word(&p, end, &w, &wl) == -1)
		return (-1);
	if (wl == 3 && memcmp(w, "udh", 3) == 0) {
		if (pl_word(&p, end, &w, &wl) == -1)
			return (-1);
		n = pl_unurl(w, wl, udh, sizeof(udh));
		pl_udh(udh, n, pt);
		if (pl_word(&p, end, &w, &wl) == -1)
			return (-1);
		/* With a UDH bearerbox says "data" whatever the coding. */
		if (wl == 4 && memcmp(w, "data", 4) == 0) {
			pt->kind = USSD_PHONE_GUESS;
			pt->rawlen = pl_unurl(p, (size_t)(end - p), pt->raw,
			    sizeof(pt->raw));
			return (0);
		}
	}
	if (wl == 4 && memcmp(w, "text", 4) == 0) {
		pt->kind = USSD_PHONE_8BIT;
		pt->plain = 1;
		n = (size_t)(end - p);
		if (n > sizeof(pt->raw))
			return (-1);
		memcpy(pt->raw, p, n);
		pt->rawlen = n;
		return (0);
	}
	if (wl == 4 && memcmp(w, "data", 4) == 0)
		pt->kind = USSD_PHONE_8BIT;
	else if ((wl == 5 && memcmp(w, "ucs-2", 5) == 0) ||
	    (wl == 4 && memcmp(w, "ucs2", 4) == 0))
		pt->kind = USSD_PHONE_UCS2;
	else
		return (-1);
	pt->rawlen = pl_unurl(p, (size_t)(end - p), pt->raw,
	    sizeof(pt->raw));
	return (0);
}

/*
 * Whether the bytes of a concatenated message (whose coding bearerbox
 * does not say) are UTF-16BE: an even length and a high byte 0x00 (any
 * ASCII letter or space) or 0x06 (Arabic script) -- bytes no 7-bit text
 * ever holds.
 */
static int
pl_ucs2_like(const unsigned char *raw, size_t len)
{
	size_t	i;

	if (len == 0 || len % 2 != 0)
		return (0);
	for (i = 0; i < len; i += 2)
		if (raw[i] == 0x00 || raw[i] == 0x06)
			return (1);
	return (0);
}

/*
 * Bytes as the phone shows them, in UTF-8: UCS-2 (UTF-16BE, surrogate
 * pairs joined) or 8-bit; 8-bit bytes that are not UTF-8 are taken as
 * Latin-1.  Returns the length written (out is NUL-terminated).
 */
size_t
ussd_phone_decode(int kind, const unsigned char *raw, size_t len, char *out,
    size_t outlen)
{
	uint32_t	 cp, lo;
	size_t		 i, o;
	char		 tmp[4];
	size_t		 n;

	if (outlen == 0)
		return (0);
	if (kind == USSD_PHONE_GUESS)
		kind = pl_ucs2_like(raw, len) ? USSD_PHONE_UCS2 :
		    USSD_PHONE_8BIT;
	o = 0;
	if (kind == USSD_PHONE_8BIT && infra_utf8_valid((const char *)raw,
	    len)) {
		n = len < outlen - 1 ? len : outlen - 1;
		n = infra_utf8_cut((const char *)raw, n, n);
		memcpy(out, raw, n);
		out[n] = '\0';
		return (n);
	}
	for (i = 0; i < len; ) {
		if (kind == USSD_PHONE_UCS2) {
			if (i + 1 >= len)
				break;
			cp = (uint32_t)raw[i] << 8 | raw[i + 1];
			i += 2;
			if (cp >= 0xd800 && cp < 0xdc00 && i + 1 < len) {
				lo = (uint32_t)raw[i] << 8 | raw[i + 1];
				if (lo >= 0xdc00 && lo < 0xe000) {
					cp = 0x10000 + ((cp - 0xd800) << 10) +
					    (lo - 0xdc00);
					i += 2;
				}
			}
			if (cp >= 0xd800 && cp < 0xe000)
				cp = 0xfffd;
		} else {
			cp = raw[i++];
		}
		if (cp == 0)
			continue;
		n = infra_utf8_put(cp, tmp);
		if (o + n >= outlen)
			break;
		memcpy(out + o, tmp, n);
		o += n;
	}
	out[o] = '\0';
	return (o);
}

/*
 * Adds a part; when it completes a message (or is one), the whole text
 * goes to out (UTF-8) and its receiver to `to`, and 1 is returned.
 * 0: waiting for more parts.  A message whose parts stop coming is
 * dropped after USSD_PHONE_ASM_TTL seconds, or when its slot is needed.
 */
int
ussd_phone_asm_add(struct ussd_phone_asm *a, const struct ussd_phone_part *pt,
    long long now, char *out, size_t outlen, char *to, size_t tolen)
{
	struct ussd_phone_slot	*s, *old;
	unsigned char		 raw[USSD_PHONE_PARTS * USSD_PHONE_RAW];
	size_t			 n;
	int			 i;

	(void)snprintf(to, tolen, "%s", pt->to);
	if (pt->total <= 1 || pt->total > USSD_PHONE_PARTS || pt->seq < 1 ||
	    pt->seq > pt->total) {
		(void)ussd_phone_decode(pt->kind, pt->raw, pt->rawlen, out,
		    outlen);
		return (1);
	}
	s = old = NULL;
	for (i = 0; i < USSD_PHONE_SLOTS; i++) {
		if (a->slot[i].total != 0 &&
		    now - a->slot[i].at > USSD_PHONE_ASM_TTL)
			a->slot[i].total = 0;
		if (a->slot[i].total != 0 && a->slot[i].ref == pt->ref &&
		    a->slot[i].total == pt->total &&
		    strcmp(a->slot[i].to, pt->to) == 0)
			s = &a->slot[i];
		if (old == NULL || a->slot[i].total == 0 ||
		    (old->total != 0 && a->slot[i].at < old->at))
			old = &a->slot[i];
	}
	if (s == NULL) {
		s = old;
		memset(s, 0, sizeof(*s));
		s->ref = pt->ref;
		s->total = pt->total;
		s->kind = pt->kind;
		s->at = now;
		(void)snprintf(s->to, sizeof(s->to), "%s", pt->to);
	}
	memcpy(s->raw[pt->seq - 1], pt->raw, pt->rawlen);
	s->len[pt->seq - 1] = pt->rawlen;
	s->got |= 1u << (pt->seq - 1);
	if (s->got != (1u << s->total) - 1)
		return (0);
	for (i = 0, n = 0; i < s->total; i++) {
		memcpy(raw + n, s->raw[i], s->len[i]);
		n += s->len[i];
	}
	(void)ussd_phone_decode(s->kind, raw, n, out, outlen);
	s->total = 0;
	return (1);
}

/*
 * The phone's log, one Redis list per number: each entry
 * "<dir><unix ms> <text>", dir '>' sent by the phone, '<' received.
 * Returns 0 and the parts, or -1.
 */
int
ussd_phone_log_parse(const char *e, size_t len, int *dir, long long *ms,
    const char **text, size_t *textlen)
{
	const char	*sp;
	char		 num[24];
	size_t		 n;

	if (len < 3 || (e[0] != '>' && e[0] != '<'))
		return (-1);
	if ((sp = memchr(e, ' ', len)) == NULL)
		return (-1);
	n = (size_t)(sp - e) - 1;
	if (n == 0 || n >= sizeof(num))
		return (-1);
	memcpy(num, e + 1, n);
	num[n] = '\0';
	if (strspn(num, "0123456789") != n)
		return (-1);
	*dir = e[0];
	*ms = strtoll(num, NULL, 10);
	*text = sp + 1;
	*textlen = len - (size_t)(sp + 1 - e);
	return (0);
}

/*
 * A browser phone's number: as typed (0399 1234567, +92 399 ...) into
 * the stored form, and only inside the reserved prefix (92399...): the
 * browser can never speak for a real person's phone.  0 or -1.
 */
int
ussd_phone_range(const char *in, const char *prefix, char *out,
    size_t outlen)
{
	if (infra_phone_normalize(in, out, outlen) == -1)
		return (-1);
	if (strncmp(out, prefix, strlen(prefix)) != 0)
		return (-1);
	return (0);
}
