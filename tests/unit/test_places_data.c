/*
 * places/districts.tsv, the checked-in list of Pakistan's districts:
 * counted per province (the figures its header and places/README.md
 * state), and checked for what the loader relies on -- five columns,
 * unique ids and names, an Urdu-script name, a source named.
 * Run from the repository's root, like the rest of the unit tests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infra/infra.h"
#include "tests/unit/unit.h"

#define PLACES_FILE	"places/districts.tsv"
#define PLACES_MAX	400

struct places_row {
	int	id;
	char	prov[4];
	char	name_en[64];
	int	urdu;		/* name_ur holds Arabic-script letters */
	int	aliases;
};

/* The Arabic-script letters in a UTF-8 string (U+0600..U+06FF). */
static int
places_urdu_letters(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 len = strlen(s);
	uint32_t		 c;
	int			 n, k = 0;

	while (len > 0) {
		if ((n = infra_utf8_next(p, len, &c)) < 0)
			return (-1);
		if (c >= 0x0600 && c <= 0x06ff)
			k++;
		p += n;
		len -= (size_t)n;
	}
	return (k);
}

/* Reads the file; returns the rows, -1 when it cannot be read. */
static int
places_read(struct places_row *rows, int max, int *source, int *bad)
{
	FILE	*f;
	char	 line[2048], *fld[6], *p;
	int	 n, k;

	if ((f = fopen(PLACES_FILE, "r")) == NULL)
		return (-1);
	n = 0;
	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#') {
			if (strstr(line, "Source:") != NULL)
				*source = 1;
			continue;
		}
		for (k = 0, p = line; k < 6 && p != NULL; k++)
			fld[k] = strsep(&p, "\t");
		if (k != 5 || p != NULL || n == max || fld[1][0] == '\0' ||
		    strlen(fld[1]) >= sizeof(rows[n].prov) ||
		    strlen(fld[2]) >= sizeof(rows[n].name_en) ||
		    places_urdu_letters(fld[4]) < 0) {
			(*bad)++;
			continue;
		}
		rows[n].id = atoi(fld[0]);
		(void)snprintf(rows[n].prov, sizeof(rows[n].prov), "%s",
		    fld[1]);
		(void)snprintf(rows[n].name_en, sizeof(rows[n].name_en), "%s",
		    fld[2]);
		rows[n].urdu = places_urdu_letters(fld[3]) > 0;
		rows[n].aliases = fld[4][0] != '\0';
		n++;
	}
	(void)fclose(f);
	return (n);
}

static int
places_count(const struct places_row *rows, int n, const char *prov)
{
	int	i, k = 0;

	for (i = 0; i < n; i++)
		k += strcmp(rows[i].prov, prov) == 0;
	return (k);
}

UNIT_TEST(places_districts_per_province)
{
	static struct places_row	rows[PLACES_MAX];
	int				n, source = 0, bad = 0;

	n = places_read(rows, PLACES_MAX, &source, &bad);
	CHECK(n > 0);
	CHECK_INT(bad, 0);
	CHECK(source);
	CHECK_INT(places_count(rows, n, "PB"), 41);	/* Punjab */
	CHECK_INT(places_count(rows, n, "SD"), 30);	/* Sindh */
	CHECK_INT(places_count(rows, n, "KP"), 37);	/* Khyber Pakhtunkhwa */
	CHECK_INT(places_count(rows, n, "BA"), 37);	/* Balochistan */
	CHECK_INT(places_count(rows, n, "IS"), 1);	/* Islamabad */
	CHECK_INT(places_count(rows, n, "GB"), 14);	/* Gilgit-Baltistan */
	CHECK_INT(places_count(rows, n, "AJ"), 10);	/* Azad Kashmir */
	CHECK_INT(n, 170);
}

UNIT_TEST(places_districts_unique_and_whole)
{
	static struct places_row	rows[PLACES_MAX];
	int				n, i, j, source = 0, bad = 0;
	int				dup_id = 0, dup_name = 0, no_ur = 0;

	n = places_read(rows, PLACES_MAX, &source, &bad);
	CHECK(n > 0);
	for (i = 0; i < n; i++) {
		if (!rows[i].urdu) {
			printf("  no Urdu name: %s\n", rows[i].name_en);
			no_ur++;
		}
		CHECK(rows[i].id > 0);
		for (j = i + 1; j < n; j++) {
			dup_id += rows[i].id == rows[j].id;
			dup_name += strcmp(rows[i].name_en,
			    rows[j].name_en) == 0;
		}
	}
	CHECK_INT(dup_id, 0);
	CHECK_INT(dup_name, 0);
	CHECK_INT(no_ur, 0);
	/* The 41 districts of the first seed keep ids 1..41. */
	for (i = 0; i < n && i < 41; i++)
		CHECK_INT(rows[i].id, i + 1);
}
