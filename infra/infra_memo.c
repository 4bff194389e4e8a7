/*
 * A small bounded cache of rendered bytes, one per worker process: an
 * entry is found by its key and is good only while its stamp matches
 * the one the caller read this request (a rollup's refresh time, say).
 * So a hit costs a string compare, and a stale entry is never served:
 * the caller reads the fresh stamp on every request (with its
 * authorisation), and a changed stamp is a miss that renders anew.
 * Full, it drops the entry used least recently.  Pure (malloc, no
 * Kore): the unit tests link it as it is.
 */
#include <stdlib.h>
#include <string.h>

#include "infra/infra.h"

void
infra_memo_init(struct infra_memo *m, size_t max_bytes)
{
	memset(m, 0, sizeof(*m));
	m->max_bytes = max_bytes;
}

static void
infra_memo_drop(struct infra_memo *m, struct infra_memo_ent *e)
{
	m->bytes -= e->len;
	free(e->data);
	memset(e, 0, sizeof(*e));
}

void
infra_memo_clear(struct infra_memo *m)
{
	size_t	i;

	for (i = 0; i < INFRA_MEMO_N; i++)
		if (m->ent[i].data != NULL)
			infra_memo_drop(m, &m->ent[i]);
	m->bytes = 0;
}

static struct infra_memo_ent *
infra_memo_find(struct infra_memo *m, const char *key)
{
	size_t	i;

	for (i = 0; i < INFRA_MEMO_N; i++)
		if (m->ent[i].data != NULL &&
		    strcmp(m->ent[i].key, key) == 0)
			return (&m->ent[i]);
	return (NULL);
}

/* The bytes under key if they were stored with this stamp, else NULL. */
const char *
infra_memo_get(struct infra_memo *m, const char *key, const char *stamp,
    size_t *len)
{
	struct infra_memo_ent	*e;

	if ((e = infra_memo_find(m, key)) == NULL ||
	    strcmp(e->stamp, stamp) != 0) {
		m->misses++;
		return (NULL);
	}
	e->used = ++m->tick;
	m->hits++;
	*len = e->len;
	return (e->data);
}

/* The slot for a new key: an empty one, else the least recently used. */
static struct infra_memo_ent *
infra_memo_slot(struct infra_memo *m)
{
	struct infra_memo_ent	*old;
	size_t			 i;

	old = &m->ent[0];
	for (i = 0; i < INFRA_MEMO_N; i++) {
		if (m->ent[i].data == NULL)
			return (&m->ent[i]);
		if (m->ent[i].used < old->used)
			old = &m->ent[i];
	}
	infra_memo_drop(m, old);
	return (old);
}

/* Keeps a copy; 0 when the key, stamp or bytes do not fit (not kept). */
int
infra_memo_put(struct infra_memo *m, const char *key, const char *stamp,
    const void *data, size_t len)
{
	struct infra_memo_ent	*e;
	char			*copy;
	size_t			 i;

	if (strlen(key) >= sizeof(e->key) || strlen(stamp) >=
	    sizeof(e->stamp) || len == 0 || len > m->max_bytes)
		return (0);
	if ((copy = malloc(len)) == NULL)
		return (0);
	memcpy(copy, data, len);
	if ((e = infra_memo_find(m, key)) != NULL)
		infra_memo_drop(m, e);
	/* Room under the byte budget: the least recently used go first. */
	while (m->bytes + len > m->max_bytes) {
		e = NULL;
		for (i = 0; i < INFRA_MEMO_N; i++)
			if (m->ent[i].data != NULL && (e == NULL ||
			    m->ent[i].used < e->used))
				e = &m->ent[i];
		if (e == NULL)
			break;
		infra_memo_drop(m, e);
	}
	e = infra_memo_slot(m);
	(void)strncpy(e->key, key, sizeof(e->key) - 1);
	(void)strncpy(e->stamp, stamp, sizeof(e->stamp) - 1);
	e->data = copy;
	e->len = len;
	e->used = ++m->tick;
	m->bytes += len;
	return (1);
}
