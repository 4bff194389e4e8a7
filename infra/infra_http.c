/* Request helpers shared by every front door. */
#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <kore/kore.h>
#include <kore/http.h>
#include <kore/pgsql.h>

#include <sodium.h>

#include "infra/infra_kore.h"

/* The TCP peer's address as text ("local" for a unix socket). */
static void
infra_peer(struct http_request *req, char *out, size_t len)
{
	struct connection	*c = req->owner;

	out[0] = '\0';
	if (c->family == AF_INET)
		(void)inet_ntop(AF_INET, &c->addr.ipv4.sin_addr, out, len);
	else if (c->family == AF_INET6)
		(void)inet_ntop(AF_INET6, &c->addr.ipv6.sin6_addr, out, len);
	else
		(void)kore_strlcpy(out, "local", len);
}

/*
 * The client's address: the peer, or behind a proxy listed in
 * HUNAR_TRUSTED_PROXY the address that proxy put in X-Forwarded-For
 * (infra_proxy.c).  1 when it came from the header.
 */
int
infra_client_addr(struct http_request *req, char *out, size_t len)
{
	const char	*xff;
	char		 peer[INET6_ADDRSTRLEN];

	infra_peer(req, peer, sizeof(peer));
	if (infra_conf.trusted_proxy[0] == '\0' ||
	    !http_request_header(req, "x-forwarded-for", &xff))
		xff = NULL;
	return (infra_proxy_pick(peer, infra_conf.trusted_proxy, xff, out,
	    len));
}

/*
 * Kannel's callbacks are served to loopback clients only; behind a
 * trusted proxy, the client is the one it names.
 */
int
infra_is_loopback(struct http_request *req)
{
	struct connection	*c = req->owner;
	const u_int8_t		*a6;
	char			 addr[INET6_ADDRSTRLEN];

	if (infra_client_addr(req, addr, sizeof(addr)))
		return (strncmp(addr, "127.", 4) == 0 ||
		    strcmp(addr, "::1") == 0);
	if (c->family == AF_INET)
		return ((ntohl(c->addr.ipv4.sin_addr.s_addr) >> 24) == 127);
	if (c->family == AF_INET6) {
		a6 = c->addr.ipv6.sin6_addr.s6_addr;
		return (IN6_IS_ADDR_LOOPBACK(&c->addr.ipv6.sin6_addr) ||
		    (IN6_IS_ADDR_V4MAPPED(&c->addr.ipv6.sin6_addr) &&
		    a6[12] == 127));
	}
	return (c->family == AF_UNIX);
}

/*
 * Who may call Kannel's callbacks (MO, USSD hops, delivery reports): a
 * loopback client (infra_is_loopback) that either came in on Kore's
 * callback listener -- HUNAR_CALLBACK_PORT, which no front proxy
 * forwards, so Kannel's URLs carry no key for smsbox to write into its
 * log when a callback fails -- or shows the key (hunar_spool's relay,
 * the tests).
 */
int
infra_kannel_caller(struct http_request *req)
{
	struct sockaddr_storage	 ss;
	socklen_t		 slen = sizeof(ss);
	char			 key[160];
	int			 port = -1;

	if (!infra_is_loopback(req))
		return (0);
	if (infra_conf.callback_port > 0 && getsockname(req->owner->fd,
	    (struct sockaddr *)&ss, &slen) == 0) {
		if (ss.ss_family == AF_INET)
			port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
		else if (ss.ss_family == AF_INET6)
			port = ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
		if (port == infra_conf.callback_port)
			return (1);
	}
	return (infra_arg(req, "key", key, sizeof(key)) >= 0 &&
	    infra_secret_eq(key, infra_conf.sms_secret));
}

/* A query-string argument, raw-decoded (control bytes kept). */
int
infra_arg(struct http_request *req, const char *name, char *out, size_t len)
{
	if (req->query_string == NULL)
		return (-1);
	return (infra_qs_get(req->query_string, strlen(req->query_string),
	    name, out, len));
}

/* A field of an application/x-www-form-urlencoded body. */
int
infra_form(struct http_request *req, const char *name, char *out, size_t len)
{
	if (req->http_body == NULL)
		return (-1);
	return (infra_qs_get((const char *)req->http_body->data,
	    req->http_body_length, name, out, len));
}

int
infra_text_reply(struct http_request *req, int status, const char *text)
{
	http_response_header(req, "content-type", "text/plain; charset=utf-8");
	http_response(req, status, text, strlen(text));
	return (KORE_RESULT_OK);
}

/* Constant-time comparison of a presented secret with the configured one. */
int
infra_secret_eq(const char *given, const char *want)
{
	unsigned char	a[crypto_generichash_BYTES];
	unsigned char	b[crypto_generichash_BYTES];

	if (given == NULL || want == NULL || want[0] == '\0')
		return (0);
	/* Hash both so the comparison does not leak the length. */
	crypto_generichash(a, sizeof(a), (const unsigned char *)given,
	    strlen(given), NULL, 0);
	crypto_generichash(b, sizeof(b), (const unsigned char *)want,
	    strlen(want), NULL, 0);
	return (sodium_memcmp(a, b, sizeof(a)) == 0);
}
