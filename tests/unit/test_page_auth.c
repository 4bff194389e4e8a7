/* page_auth.c: session ids, CSRF tokens, argon2id, one-time codes. */
#include <string.h>

#include <sodium.h>

#include "infra/page.h"
#include "tests/unit/unit.h"

UNIT_TEST(web_auth_tokens_are_random_hex)
{
	char	a[PAGE_SID_LEN + 1], b[PAGE_SID_LEN + 1];

	CHECK(sodium_init() >= 0);
	CHECK_INT(page_token_new(a, sizeof(a)), 0);
	CHECK_INT(page_token_new(b, sizeof(b)), 0);
	CHECK_INT(strlen(a), PAGE_SID_LEN);
	CHECK(strcmp(a, b) != 0);
	CHECK(page_token_valid(a));
	CHECK_INT(page_token_new(a, 10), -1);
	CHECK(!page_token_valid("abc"));
	b[5] = 'G';
	CHECK(!page_token_valid(b));
}

UNIT_TEST(web_auth_csrf_binds_session_and_secret)
{
	char	sid[PAGE_SID_LEN + 1], other[PAGE_SID_LEN + 1];
	char	tok[PAGE_CSRF_LEN + 1], tok2[PAGE_CSRF_LEN + 1];

	CHECK(sodium_init() >= 0);
	(void)page_token_new(sid, sizeof(sid));
	(void)page_token_new(other, sizeof(other));
	page_csrf_make("s3cret", sid, tok, sizeof(tok));
	CHECK_INT(strlen(tok), PAGE_CSRF_LEN);
	CHECK(page_csrf_verify("s3cret", sid, tok));
	CHECK(!page_csrf_verify("s3cret", other, tok));
	CHECK(!page_csrf_verify("other", sid, tok));
	CHECK(!page_csrf_verify("s3cret", sid, ""));
	CHECK(!page_csrf_verify("s3cret", sid, NULL));
	CHECK(!page_csrf_verify("", sid, tok));
	memcpy(tok2, tok, sizeof(tok));
	tok2[0] = tok2[0] == 'a' ? 'b' : 'a';
	CHECK(!page_csrf_verify("s3cret", sid, tok2));
	tok2[0] = 'z';
	CHECK(!page_csrf_verify("s3cret", sid, tok2));
	/* Same inputs, same token: nothing stored per form. */
	page_csrf_make("s3cret", sid, tok2, sizeof(tok2));
	CHECK_STR(tok2, tok);
}

UNIT_TEST(web_auth_password_argon2id)
{
	char	h[PAGE_PWHASH_LEN];
	/* The seed's hash of "hunar-demo" (64 MiB, t=2) still verifies. */
	const char	*seed = "$argon2id$v=19$m=65536,t=2,p=1$"
	    "C69jzmJJ5ED0LwlxBsVhPw$OKNMP2snfUSKyaSWnVvfTh2b6bp17WT8Hlt7Wk1I6Cw";

	CHECK(sodium_init() >= 0);
	CHECK_INT(page_password_hash("correct horse", h, sizeof(h)), 0);
	CHECK(strncmp(h, "$argon2id$", 10) == 0);
	CHECK(page_password_verify(h, "correct horse"));
	CHECK(!page_password_verify(h, "correct horsf"));
	CHECK(!page_password_verify(NULL, "x"));
	CHECK(!page_password_verify("", "x"));
	CHECK(!page_password_verify("$2y$10$notargon", "x"));
	CHECK(page_password_verify(seed, "hunar-demo"));
	CHECK(!page_password_verify(seed, "hunar-dem0"));
}

UNIT_TEST(web_auth_codes_and_digests)
{
	char	c[8], d1[65], d2[65];
	int	i, ok;

	CHECK(sodium_init() >= 0);
	ok = 1;
	for (i = 0; i < 50; i++) {
		page_code_new(c, sizeof(c));
		if (strlen(c) != 6 || strspn(c, "0123456789") != 6)
			ok = 0;
	}
	CHECK(ok);
	page_code_digest("k", "923001234567", "123456", d1, sizeof(d1));
	page_code_digest("k", "923001234567", "123457", d2, sizeof(d2));
	CHECK(strcmp(d1, d2) != 0);
	page_code_digest("k", "923001234568", "123456", d2, sizeof(d2));
	CHECK(strcmp(d1, d2) != 0);
	page_code_digest("k", "923001234567", "123456", d2, sizeof(d2));
	CHECK_STR(d1, d2);
	CHECK_INT(strlen(d1), 64);
}
