/*
 * A growable byte buffer for the pure modules (Kore's kore_buf exists
 * only inside a running Kore) and the msgpack-c glue that writes into it.
 */
#include <msgpack.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infra/infra.h"

void
infra_buf_init(struct infra_buf *b)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

void
infra_buf_free(struct infra_buf *b)
{
	free(b->data);
	infra_buf_init(b);
}

/*
 * Room for len more bytes (and the NUL after them): 0, or -1 when memory
 * ran out (the buffer is left as it was).
 */
int
infra_buf_reserve(struct infra_buf *b, size_t len)
{
	uint8_t		*n;
	size_t		 cap;

	if (len > SIZE_MAX / 2 - b->len)
		return (-1);
	if (b->len + len + 1 > b->cap) {
		cap = b->cap ? b->cap : 256;
		while (cap < b->len + len + 1)
			cap *= 2;
		if ((n = realloc(b->data, cap)) == NULL)
			return (-1);
		b->data = n;
		b->cap = cap;
	}
	return (0);
}

/* Returns 0, or -1 when memory ran out (the buffer is left as it was). */
int
infra_buf_add(struct infra_buf *b, const void *p, size_t len)
{
	if (infra_buf_reserve(b, len) == -1)
		return (-1);
	if (len > 0)
		memcpy(b->data + b->len, p, len);
	b->len += len;
	b->data[b->len] = '\0';		/* text users may read it as a string */
	return (0);
}

int
infra_buf_fmt(struct infra_buf *b, const char *fmt, ...)
{
	va_list		ap;
	char		small[256], *big;
	int		n, r;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return (-1);
	if ((size_t)n < sizeof(small))
		return (infra_buf_add(b, small, n));
	if ((big = malloc((size_t)n + 1)) == NULL)
		return (-1);
	va_start(ap, fmt);
	(void)vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	r = infra_buf_add(b, big, n);
	free(big);
	return (r);
}

/* msgpack_packer_init(&pk, &buf, infra_msgpack_write) */
int
infra_msgpack_write(void *data, const char *p, size_t len)
{
	return (infra_buf_add(data, p, len));
}

/*
 * Copies a msgpack string object (not NUL-terminated in msgpack-c) into
 * out.  Returns 0, or -1 when obj is not a string or does not fit.
 */
int
infra_msgpack_str(const void *objp, char *out, size_t outlen)
{
	const msgpack_object	*obj = objp;

	if (obj->type != MSGPACK_OBJECT_STR || outlen == 0 ||
	    obj->via.str.size >= outlen)
		return (-1);
	memcpy(out, obj->via.str.ptr, obj->via.str.size);
	out[obj->via.str.size] = '\0';
	return (0);
}
