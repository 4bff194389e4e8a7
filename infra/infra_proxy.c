/*
 * The client's address behind a trusted proxy (pure: no Kore).
 *
 * haproxy, in front of every Kore of the cluster, drops whatever
 * X-Forwarded-For a client sent and sets its own with the address it saw.
 * Kore believes that header only from a peer named in HUNAR_TRUSTED_PROXY
 * (addresses separated by commas or spaces); from anyone else the header
 * is ignored and the peer is the client.
 */
#include <arpa/inet.h>

#include <stdio.h>
#include <string.h>

#include "infra/infra.h"

/* Whether `addr` is one of the addresses listed in `list`. */
static int
proxy_listed(const char *list, const char *addr)
{
	size_t		n, alen;

	alen = strlen(addr);
	while (list != NULL && *list != '\0') {
		list += strspn(list, ", ");
		n = strcspn(list, ", ");
		if (n > 0 && n == alen && strncmp(list, addr, n) == 0)
			return (1);
		list += n;
	}
	return (0);
}

/*
 * Writes the client's address into out: the last X-Forwarded-For entry
 * (the one the proxy added) when `peer` is a trusted proxy and that entry
 * is an IPv4 or IPv6 address, else the peer.  1 when the forwarded
 * address was taken, 0 when the peer was.
 */
int
infra_proxy_pick(const char *peer, const char *trusted, const char *xff,
    char *out, size_t len)
{
	const char	*last;
	char		 cand[64];
	unsigned char	 bin[16];
	size_t		 n;

	(void)snprintf(out, len, "%s", peer);
	if (xff == NULL || trusted == NULL || !proxy_listed(trusted, peer))
		return (0);
	last = strrchr(xff, ',');
	last = last == NULL ? xff : last + 1;
	last += strspn(last, " \t");
	n = strcspn(last, " \t");
	if (n == 0 || n >= sizeof(cand))
		return (0);
	memcpy(cand, last, n);
	cand[n] = '\0';
	if (inet_pton(AF_INET, cand, bin) != 1 &&
	    inet_pton(AF_INET6, cand, bin) != 1)
		return (0);
	(void)snprintf(out, len, "%s", cand);
	return (1);
}
