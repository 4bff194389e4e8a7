/*
 * The dial's person, kept per worker (issue 13).  The first hop of
 * every session asks PostgreSQL who the number is (ussd_fetch()'s
 * 'user': the person's language, name and district, or nobody, who is
 * then offered registration).  At 2,000 sessions that query was the
 * hop's whole tail (p50 3 ms, p99 20 ms, the hop's p99 24.64 ms against
 * hello's 7.51 ms): every other hop is served from Redis and the
 * worker's memos.  So each worker keeps the answer by number, with the
 * generation the glue read BEFORE it asked PostgreSQL (ussd_http.c,
 * infra_listen_gen_key(): the triggers in sql/R__ussd_menu.sql NOTIFY
 * ussd_who with the number whenever its person or its seats change), and
 * serves it only while that generation still holds.  A change committed
 * while the question was on its way has already moved the generation on,
 * or will with its NOTIFY, so a kept answer is never older than the last
 * change the worker has heard of.
 *
 * Only an answer of one person or of nobody is kept; a shared number's
 * "who is this?" list is asked every time.  An answer is also dropped
 * after USSD_WHO_MS: the lookup marks the person active (hourly), and a
 * kept answer may delay that mark by that much.  One entry a slot, by
 * the number's hash: a collision is a miss.  Pure: malloc, no Kore.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ussd/ussd.h"

struct who_ent {
	char		phone[16];
	uint64_t	gen;
	uint64_t	until;
	int		nrows;		/* 0 (nobody) or 1 */
	size_t		at[3];		/* a, b, c in data */
	char		data[];
};

static struct who_ent	*who[USSD_WHO_SLOTS];

static struct who_ent **
who_slot(const char *phone)
{
	return (&who[infra_hash(phone) % USSD_WHO_SLOTS]);
}

/*
 * The kept answer for phone under generation gen (0: nothing can be
 * trusted): its number of rows, *row filled when 1, or -1.  The row
 * points into the entry: good until the next ussd_who_put().
 */
int
ussd_who_get(const char *phone, uint64_t gen, uint64_t now,
    struct ussd_row *row)
{
	struct who_ent	*e;

	e = *who_slot(phone);
	if (gen == 0 || e == NULL || e->gen != gen || now >= e->until ||
	    strcmp(e->phone, phone) != 0)
		return (-1);
	if (e->nrows == 1) {
		row->k = "user";
		row->a = e->data + e->at[0];
		row->b = e->data + e->at[1];
		row->c = e->data + e->at[2];
	}
	return (e->nrows);
}

/* Keeps PostgreSQL's answer for phone, asked under generation gen. */
void
ussd_who_put(const char *phone, uint64_t gen, uint64_t now,
    const struct ussd_row *rows, int nrows)
{
	struct who_ent	**slot, *e;
	const char	 *f[3];
	size_t		  len[3], need;
	int		  i;

	if (gen == 0 || strlen(phone) >= sizeof(e->phone) ||
	    !(nrows == 0 || (nrows == 1 && strcmp(rows[0].k, "user") == 0)))
		return;
	need = 0;
	for (i = 0; i < 3; i++) {
		f[i] = nrows == 0 ? "" :
		    (i == 0 ? rows[0].a : i == 1 ? rows[0].b : rows[0].c);
		len[i] = strlen(f[i]) + 1;
		need += len[i];
	}
	slot = who_slot(phone);
	free(*slot);
	if ((e = malloc(sizeof(*e) + need)) == NULL) {
		*slot = NULL;
		return;
	}
	(void)snprintf(e->phone, sizeof(e->phone), "%s", phone);
	e->gen = gen;
	e->until = now + USSD_WHO_MS;
	e->nrows = nrows;
	for (i = 0, need = 0; i < 3; i++) {
		e->at[i] = need;
		memcpy(e->data + need, f[i], len[i]);
		need += len[i];
	}
	*slot = e;
}

/* Forgets every kept answer. */
void
ussd_who_clear(void)
{
	size_t	i;

	for (i = 0; i < USSD_WHO_SLOTS; i++) {
		free(who[i]);
		who[i] = NULL;
	}
}
