/* Pakistani mobile numbers: one stored form, one masked form. */
#include <ctype.h>
#include <string.h>

#include "infra/infra.h"

/*
 * Normalises 0300 1234567, +92-300-1234567, 0092..., 92..., 300... into
 * "923001234567".  Returns 0, or -1 when it is not a Pakistani mobile.
 */
int
infra_phone_normalize(const char *in, char *out, size_t outlen)
{
	char		d[24], *p;
	size_t		n;

	n = 0;
	for (; *in != '\0'; in++) {
		if (isdigit((unsigned char)*in)) {
			if (n == sizeof(d) - 1)
				return (-1);
			d[n++] = *in;
		} else if (*in == '+' && n == 0) {
			continue;
		} else if (*in != ' ' && *in != '-' && *in != '(' &&
		    *in != ')' && *in != '.') {
			return (-1);
		}
	}
	d[n] = '\0';
	p = d;
	if (strncmp(p, "0092", 4) == 0)
		p += 4;
	else if (strncmp(p, "92", 2) == 0 && strlen(p) == 12)
		p += 2;
	else if (p[0] == '0')
		p += 1;
	/* What is left: the 10-digit mobile number, 3xx xxxxxxx. */
	if (strlen(p) != 10 || p[0] != '3')
		return (-1);
	if (outlen < 13)
		return (-1);
	memcpy(out, "92", 2);
	memcpy(out + 2, p, 11);
	return (0);
}

/* "923001234567" -> "92300****567"; anything shorter is all stars. */
void
infra_phone_mask(const char *in, char *out, size_t outlen)
{
	size_t		n, i;

	if (outlen == 0)
		return;
	n = strlen(in);
	for (i = 0; i < n && i < outlen - 1; i++) {
		if (n >= 9 && (i < 5 || i >= n - 3))
			out[i] = in[i];
		else
			out[i] = '*';
	}
	out[i] = '\0';
}
