/*
 * libFuzzer: the USSD menu machine.  The input is a saved session state
 * (what Redis holds, possibly corrupt), a NUL, then the aggregator's
 * "text" (every input so far joined by '*'), then a NUL, then rows the
 * database would answer, separated by newlines with fields by '|'.
 * Nothing may crash, every screen must fit a USSD screen, and the state
 * must save and load again.  Row keys are what ussd_fetch() gives (ids
 * and codes: letters and digits) and their text is valid UTF-8 (the
 * database's encoding), so the harness keeps them so.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "infra/infra.h"
#include "ussd/ussd.h"

#define ROWS_MAX	24

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* A key as the database writes them: 1 to 15 letters or digits. */
static const char *
fuzz_key(char *k)
{
	size_t	i, j;

	if (k == NULL)
		return ("1");
	for (i = j = 0; k[i] != '\0' && j < USSD_KEY_MAX - 1; i++)
		if (isalnum((unsigned char)k[i]))
			k[j++] = k[i];
	k[j] = '\0';
	return (j > 0 ? k : "1");
}

/* Text as PostgreSQL gives it: valid UTF-8, else a stand-in. */
static const char *
fuzz_text(const char *s)
{
	if (s == NULL)
		return ("");
	return (infra_utf8_valid(s, strlen(s)) ? s : "?");
}

static int
fuzz_rows(char *p, struct ussd_row *rows)
{
	char	*line, *f[4];
	int	 n, i;

	n = 0;
	while (p != NULL && n < ROWS_MAX) {
		line = strsep(&p, "\n");
		for (i = 0; i < 4; i++)
			f[i] = line != NULL ? strsep(&line, "|") : NULL;
		rows[n].k = fuzz_key(f[0]);
		rows[n].a = fuzz_text(f[1]);
		rows[n].b = fuzz_text(f[2]);
		rows[n].c = fuzz_text(f[3]);
		n++;
	}
	return (n);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ussd_state	 st;
	struct ussd_req		 req;
	struct ussd_row		 rows[ROWS_MAX];
	char			*buf, *state, *text, *rowtext;
	char			 out[1024], recap[1024], saved[USSD_STATE_MAX];
	const char		*last;
	size_t			 seglen;
	int			 n, rc;

	if ((buf = calloc(1, size + 3)) == NULL)
		return (0);
	memcpy(buf, data, size);
	state = buf;
	text = state + strlen(state) + 1;
	rowtext = text <= buf + size ? text + strlen(text) + 1 : NULL;
	if (text > buf + size)
		text = NULL;
	if (rowtext != NULL && rowtext > buf + size + 1)
		rowtext = NULL;
	if (ussd_state_load(&st, state, strlen(state)) == -1)
		ussd_menu_init(&st);
	memset(&req, 0, sizeof(req));
	if (text == NULL || *text == '\0')
		ussd_menu_input(&st, NULL, 0, &req);
	else {
		seglen = ussd_menu_segment(text, strlen(text), &last);
		ussd_menu_input(&st, last, seglen, &req);
	}
	n = fuzz_rows(rowtext, rows);
	rc = ussd_menu_render(&st, &req, rows, n, out, sizeof(out), recap,
	    sizeof(recap));
	if (rc != USSD_CON && rc != USSD_END)
		abort();
	if (!ussd_menu_fits(out, strlen(out)))
		abort();
	if (ussd_state_save(&st, saved, sizeof(saved)) <= 0)
		abort();
	if (ussd_state_load(&st, saved, strlen(saved)) == -1)
		abort();
	free(buf);
	return (0);
}
