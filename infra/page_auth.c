/*
 * Tokens and passwords, on libsodium.  Pure: the unit tests and the
 * plain programs link it; the caller has run sodium_init().
 *
 * - A session id is 32 random bytes, hex: unguessable, and safe in a
 *   cookie and a Redis key.
 * - A CSRF token is HMAC-SHA512/256 (crypto_auth) of the session id under
 *   a key derived from the server secret: nothing to store, and a token
 *   from one session is worthless in another.
 * - Passwords are argon2id strings (crypto_pwhash_str), which carry their
 *   own salt and cost, so old hashes (the seed's) keep verifying when the
 *   cost changes.
 * - One-time codes are 6 digits; only their keyed digest is stored.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "infra/page.h"

/*
 * OWASP's argon2id floor (19 MiB, t=2): a hash costs a worker ~30 ms,
 * not the ~200 ms of libsodium's "interactive" 64 MiB, and login is rate
 * limited besides.
 */
#define PAGE_PW_OPSLIMIT		2
#define PAGE_PW_MEMLIMIT		(19U * 1024 * 1024)

int
page_token_new(char *out, size_t len)
{
	unsigned char	raw[PAGE_SID_LEN / 2];

	if (len < PAGE_SID_LEN + 1)
		return (-1);
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(out, len, raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
	return (0);
}

/* 64 lower-case hex digits: what page_token_new() makes. */
int
page_token_valid(const char *s)
{
	size_t	i;

	if (s == NULL || strlen(s) != PAGE_SID_LEN)
		return (0);
	for (i = 0; i < PAGE_SID_LEN; i++) {
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return (0);
	}
	return (1);
}

static void
page_csrf_key(const char *secret, unsigned char *key)
{
	/* A separate key per purpose, from the one configured secret. */
	crypto_generichash(key, crypto_auth_KEYBYTES,
	    (const unsigned char *)secret, strlen(secret),
	    (const unsigned char *)"hunar-csrf-v1", 13);
}

void
page_csrf_make(const char *secret, const char *sid, char *out, size_t len)
{
	unsigned char	key[crypto_auth_KEYBYTES];
	unsigned char	mac[crypto_auth_BYTES];

	out[0] = '\0';
	if (secret == NULL || secret[0] == '\0' || sid == NULL ||
	    len < PAGE_CSRF_LEN + 1)
		return;
	page_csrf_key(secret, key);
	crypto_auth(mac, (const unsigned char *)sid, strlen(sid), key);
	sodium_bin2hex(out, len, mac, sizeof(mac));
	sodium_memzero(key, sizeof(key));
}

/* 1 when `token` is the CSRF token of `sid`; constant time. */
int
page_csrf_verify(const char *secret, const char *sid, const char *token)
{
	unsigned char	key[crypto_auth_KEYBYTES];
	unsigned char	mac[crypto_auth_BYTES];
	size_t		binlen;
	int		ok;

	if (secret == NULL || secret[0] == '\0' || sid == NULL ||
	    sid[0] == '\0' || token == NULL ||
	    strlen(token) != PAGE_CSRF_LEN)
		return (0);
	if (sodium_hex2bin(mac, sizeof(mac), token, PAGE_CSRF_LEN, NULL,
	    &binlen, NULL) != 0 || binlen != sizeof(mac))
		return (0);
	page_csrf_key(secret, key);
	ok = crypto_auth_verify(mac, (const unsigned char *)sid, strlen(sid),
	    key) == 0;
	sodium_memzero(key, sizeof(key));
	return (ok);
}

int
page_password_hash(const char *pw, char *out, size_t len)
{
	if (len < crypto_pwhash_STRBYTES || pw == NULL)
		return (-1);
	if (crypto_pwhash_str(out, pw, strlen(pw), PAGE_PW_OPSLIMIT,
	    PAGE_PW_MEMLIMIT) != 0)
		return (-1);
	return (0);
}

/* 1 when pw matches the stored argon2id string; 0 for anything else. */
int
page_password_verify(const char *hash, const char *pw)
{
	if (hash == NULL || pw == NULL || strncmp(hash, "$argon2id$", 10) != 0)
		return (0);
	return (crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0);
}

/* Six digits, uniform (randombytes_uniform has no modulo bias). */
void
page_code_new(char *out, size_t len)
{
	(void)snprintf(out, len, "%06u",
	    (unsigned int)randombytes_uniform(1000000));
}

/*
 * What is stored for a one-time code: keyed BLAKE2b of purpose, phone
 * and code, so a leaked Redis does not give the codes away.
 */
void
page_code_digest(const char *secret, const char *phone, const char *code,
    char *out, size_t len)
{
	crypto_generichash_state	st;
	unsigned char			key[32], h[32];

	crypto_generichash(key, sizeof(key), (const unsigned char *)secret,
	    strlen(secret), (const unsigned char *)"hunar-otp-v1", 12);
	crypto_generichash_init(&st, key, sizeof(key), sizeof(h));
	crypto_generichash_update(&st, (const unsigned char *)phone,
	    strlen(phone));
	crypto_generichash_update(&st, (const unsigned char *)":", 1);
	crypto_generichash_update(&st, (const unsigned char *)code,
	    strlen(code));
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(out, len, h, sizeof(h));
	sodium_memzero(key, sizeof(key));
}
