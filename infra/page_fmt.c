/*
 * Small pure helpers the handlers share: route paths, rupee amounts.
 * No Kore, so the unit tests reach them.
 */
#include <stdio.h>
#include <string.h>

#include "infra/page.h"

/*
 * "/gigs/G1001/edit" with prefix "/gigs/" -> code "G1001", action "edit".
 * Returns 0 when the path is not of that form.
 */
int
page_path_parse(const char *path, const char *prefix, char *code,
    size_t clen, char *action, size_t alen)
{
	const char	*p, *slash;
	size_t		 n;

	n = strlen(prefix);
	if (strncmp(path, prefix, n) != 0)
		return (0);
	p = path + n;
	if ((slash = strchr(p, '/')) == NULL)
		slash = p + strlen(p);
	if ((size_t)(slash - p) == 0 || (size_t)(slash - p) >= clen)
		return (0);
	memcpy(code, p, slash - p);
	code[slash - p] = '\0';
	action[0] = '\0';
	if (*slash == '/') {
		if (strlen(slash + 1) >= alen || strchr(slash + 1, '/'))
			return (0);
		(void)snprintf(action, alen, "%s", slash + 1);
	}
	return (1);
}

/* Rs 45,000: thousands grouped the way the amount is read. */
void
page_money(struct infra_buf *b, const char *digits)
{
	size_t	n, i;
	char	c;

	n = strlen(digits);
	page_html_s(b, "Rs ");
	for (i = 0; i < n; i++) {
		c = digits[i];
		if (c < '0' || c > '9')
			continue;
		(void)infra_buf_add(b, &c, 1);
		if (i + 1 < n && (n - i - 1) % 3 == 0)
			(void)infra_buf_add(b, ",", 1);
	}
}
