/*
 * pg_trgm's word similarity, as PostgreSQL 15 computes it (contrib/pg_trgm
 * trgm_op.c), for the search index's typo fallback (web_search.h): pure,
 * no Kore, no PostgreSQL.  The fallback must find exactly the gigs SQL's
 * "lower(title) %> word" finds, so every step is PostgreSQL's own: words
 * are runs of the characters PostgreSQL calls word characters (its
 * ctype's iswalpha/iswdigit, asked of it: ws_trgm_char(); a locale loaded
 * in a worker hung or was killed under Kore's seccomp in the sanitised
 * build), each padded "  word ", three characters a trigram, a trigram of
 * more than three bytes the first three bytes of its legacy CRC-32; then
 * the best extent of the title's trigrams, float4 arithmetic,
 * ">= threshold" in double.  Only equality of trigrams matters, never
 * their order.
 */
#include <stdlib.h>
#include <string.h>

#include "web/web_search.h"

static uint32_t	ws_crc_table[256];

/* PostgreSQL's pg_crc32_table: CRC-32's reflected table (0xEDB88320). */
static void
ws_crc_init(void)
{
	uint32_t	c;
	int		i, k;

	if (ws_crc_table[1] != 0)
		return;
	for (i = 0; i < 256; i++) {
		c = (uint32_t)i;
		for (k = 0; k < 8; k++)
			c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
		ws_crc_table[i] = c;
	}
}

/*
 * The trigram of n bytes at s: the bytes themselves when three, else
 * the legacy CRC-32 (the table used MSB first), its first three bytes in
 * memory (x86: the low ones), as compact_trigram() does.
 */
static uint32_t
ws_trgm_pack(const unsigned char *s, size_t n)
{
	uint32_t	crc = 0xFFFFFFFFu;
	size_t		i;

	if (n == 3)
		return ((uint32_t)s[0] << 16 | (uint32_t)s[1] << 8 | s[2]);
	for (i = 0; i < n; i++)
		crc = ws_crc_table[((crc >> 24) ^ s[i]) & 0xFF] ^ (crc << 8);
	crc ^= 0xFFFFFFFFu;
	return ((crc & 0xFF) << 16 | ((crc >> 8) & 0xFF) << 8 |
	    ((crc >> 16) & 0xFF));
}

/* pg_mblen() for UTF-8. */
static size_t
ws_mblen(const unsigned char *s)
{
	if (*s < 0x80)
		return (1);
	if ((*s & 0xE0) == 0xC0)
		return (2);
	if ((*s & 0xF0) == 0xE0)
		return (3);
	if ((*s & 0xF8) == 0xF0)
		return (4);
	return (1);
}

static uint32_t
ws_wchar(const unsigned char *s, size_t n)
{
	uint32_t	c;
	size_t		i;

	if (n == 1)
		return (*s);
	c = n == 2 ? (*s & 0x1F) : n == 3 ? (*s & 0x0F) : (*s & 0x07);
	for (i = 1; i < n; i++)
		c = (c << 6) | (s[i] & 0x3F);
	return (c);
}

void
ws_trgm_setup(struct ws_trgm *t, double threshold)
{
	ws_crc_init();
	memset(t, 0, sizeof(*t));
	t->threshold = threshold;
	t->ready = 1;
}

void
ws_trgm_cleanup(struct ws_trgm *t)
{
	free(t->ch);
	memset(t, 0, sizeof(*t));
}

static int
ws_tchar_cmp(const void *a, const void *b)
{
	uint32_t	x = ((const struct ws_tchar *)a)->cp;
	uint32_t	y = ((const struct ws_tchar *)b)->cp;

	return (x < y ? -1 : x > y);
}

/* The character at c (UTF-8) as PostgreSQL classed it; -1: no memory. */
int
ws_trgm_char(struct ws_trgm *t, const char *c, int word, int space)
{
	const unsigned char	*s = (const unsigned char *)c;
	struct ws_tchar		 k;
	void			*p;
	size_t			 i, cap;

	k.cp = ws_wchar(s, ws_mblen(s));
	k.word = (uint8_t)(word != 0);
	k.space = (uint8_t)(space != 0);
	if (t->nch == t->capch) {
		cap = t->capch ? t->capch * 2 : 256;
		if ((p = realloc(t->ch, cap * sizeof(*t->ch))) == NULL)
			return (-1);
		t->ch = p;
		t->capch = cap;
	}
	/* Kept sorted: a load adds a few hundred. */
	for (i = t->nch; i > 0 && t->ch[i - 1].cp > k.cp; i--)
		t->ch[i] = t->ch[i - 1];
	t->ch[i] = k;
	t->nch++;
	/* ASCII, the most of every title, without a search. */
	memset(t->ascii, 0, sizeof(t->ascii));
	for (i = 0; i < t->nch && t->ch[i].cp < 128; i++)
		t->ascii[t->ch[i].cp] = (uint32_t)i + 1;
	return (0);
}

static const struct ws_tchar *
ws_trgm_find(const struct ws_trgm *t, const unsigned char *s, size_t n)
{
	struct ws_tchar	k;

	memset(&k, 0, sizeof(k));
	k.cp = ws_wchar(s, n);
	if (k.cp < 128)
		return (t->ascii[k.cp] ? &t->ch[t->ascii[k.cp] - 1] : NULL);
	return (t->nch == 0 ? NULL : bsearch(&k, t->ch, t->nch,
	    sizeof(*t->ch), ws_tchar_cmp));
}

/* ISWORDCHR() of the character at s: 1, 0, or -1 when not known. */
static int
ws_trgm_wordchr(const struct ws_trgm *t, const unsigned char *s, size_t n)
{
	const struct ws_tchar	*c;

	if ((c = ws_trgm_find(t, s, n)) == NULL)
		return (-1);
	return (c->word);
}

/* The regex class \s of the character at p: 1, 0, or -1 (not known). */
int
ws_trgm_space(const struct ws_trgm *t, const char *p, size_t *len)
{
	const struct ws_tchar	*c;

	*len = ws_mblen((const unsigned char *)p);
	if ((c = ws_trgm_find(t, (const unsigned char *)p, *len)) == NULL)
		return (-1);
	return (c->space);
}

/*
 * generate_trgm_only(): the trigrams of s, in order, duplicates kept,
 * into out (at most max); their number, or -1 when more than max or a
 * character is not known.
 */
int
ws_trgm_make(const struct ws_trgm *t, const char *str, size_t slen,
    uint32_t *out, int max)
{
	const unsigned char	*s = (const unsigned char *)str, *w, *e;
	unsigned char		 buf[1024];
	size_t			 cl[3], n, k, off;
	int			 cnt = 0, wc = 0;

	e = s + slen;
	while (s < e) {
		while (s < e && (wc = ws_trgm_wordchr(t, s, ws_mblen(s))) == 0)
			s += ws_mblen(s);
		if (wc == -1)
			return (-1);
		if (s >= e)
			break;
		for (w = s; s < e && (wc = ws_trgm_wordchr(t, s,
		    ws_mblen(s))) == 1;)
			s += ws_mblen(s);
		if (wc == -1)
			return (-1);
		n = (size_t)(s - w);
		if (n + 3 > sizeof(buf))
			return (-1);
		buf[0] = buf[1] = ' ';
		memcpy(buf + 2, w, n);
		buf[n + 2] = ' ';
		n += 3;
		/* Three characters at a time, a character at a step. */
		cl[0] = 1;
		cl[1] = 1;
		cl[2] = ws_mblen(buf + 2);
		for (off = 0; off + cl[0] + cl[1] + cl[2] <= n;) {
			if (cnt == max)
				return (-1);
			out[cnt++] = ws_trgm_pack(buf + off,
			    cl[0] + cl[1] + cl[2]);
			off += cl[0];
			cl[0] = cl[1];
			cl[1] = cl[2];
			k = off + cl[0] + cl[1];
			cl[2] = k < n ? ws_mblen(buf + k) : 1;
		}
	}
	return (cnt);
}

/*
 * Whether word_similarity(word, text) >= the threshold: the word's
 * trigrams w (nw, any order, duplicates kept), the text's x (nx, in
 * order).  calc_word_similarity() and iterate_word_similarity() with
 * WORD_SIMILARITY_CHECK_ONLY: each trigram of x gets the id of its
 * distinct value, found[] whether the word has it.  (Trigrams are at
 * most 24 bits: value + 1 marks a used slot.)
 */
int
ws_trgm_similar(const struct ws_trgm *t, const uint32_t *w, int nw,
    const uint32_t *x, int nx)
{
	uint32_t	 slot[WS_TRGM_MAX * 4];		/* value + 1, 0: free */
	int		 sid[WS_TRGM_MAX * 4];
	int		 id[WS_TRGM_MAX], last[WS_TRGM_MAX * 2];
	unsigned char	 found[WS_TRGM_MAX * 2];
	int		 nu = 0, ulen1 = 0, ulen2 = 0, count = 0, lower = -1;
	int		 i, j, upper, prev, tl, tu, tc, ti;
	uint32_t	 mask, h;
	float		 cur, tmp, best = 0.0f;

	if (nw > WS_TRGM_MAX || nx > WS_TRGM_MAX)
		return (0);
	/* Distinct values get ids: an open-addressed table at most half full. */
	for (mask = 64; mask < (uint32_t)(nw + nx) * 2; mask *= 2)
		;
	memset(slot, 0, mask * sizeof(slot[0]));
	mask--;
	for (i = 0; i < nw + nx; i++) {
		j = i < nw ? (int)w[i] : (int)x[i - nw];
		for (h = ((uint32_t)j * 2654435761u) & mask;
		    slot[h] != 0 && slot[h] != (uint32_t)j + 1;
		    h = (h + 1) & mask)
			;
		if (slot[h] == 0) {
			slot[h] = (uint32_t)j + 1;
			sid[h] = nu;
			found[nu++] = i < nw;
			ulen1 += i < nw;
		}
		if (i >= nw)
			id[i - nw] = sid[h];
	}
	for (j = 0; j < nu; j++)
		last[j] = -1;
	for (i = 0; i < nx; i++) {
		ti = id[i];
		if (lower >= 0 || found[ti]) {
			if (last[ti] < 0) {
				ulen2++;
				if (found[ti])
					count++;
			}
			last[ti] = i;
		}
		if (!found[ti])
			continue;
		upper = i;
		if (lower == -1) {
			lower = i;
			ulen2 = 1;
		}
		cur = (float)count / (float)(ulen1 + ulen2 - count);
		tc = count;
		tu = ulen2;
		prev = lower;
		for (tl = lower; tl <= upper; tl++) {
			tmp = (float)tc / (float)(ulen1 + tu - tc);
			if (tmp > cur) {
				cur = tmp;
				ulen2 = tu;
				lower = tl;
				count = tc;
			}
			if ((double)cur >= t->threshold)
				break;
			if (last[id[tl]] == tl) {
				tu--;
				if (found[id[tl]])
					tc--;
			}
		}
		if (cur > best)
			best = cur;
		if ((double)best >= t->threshold)
			return (1);
		for (tl = prev; tl < lower; tl++)
			if (last[id[tl]] == tl)
				last[id[tl]] = -1;
	}
	return ((double)best >= t->threshold);
}
