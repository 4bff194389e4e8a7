/*
 * Reply texts, the one mechanism: a table of keys, each with its text in
 * every hlang (UTF-8, positional %1$s.. arguments), ended by a NULL key.
 * ussd/, courses/ and programmes/ keep their own tables and look them up
 * here.
 */
#include <string.h>

#include "infra/infra.h"

/* The text of key in lang, or NULL when the table has no such key. */
const char *
infra_text_find(const struct infra_text *t, const char *key, enum hlang lang)
{
	return (infra_text_findn(t, key, strlen(key), lang));
}

/* The same for a key of len bytes that need not end in a NUL. */
const char *
infra_text_findn(const struct infra_text *t, const char *key, size_t len,
    enum hlang lang)
{
	if ((int)lang < 0 || lang >= HLANG_COUNT)
		lang = HLANG_EN;
	for (; t->key != NULL; t++)
		if (strlen(t->key) == len && strncmp(t->key, key, len) == 0)
			return (t->text[lang]);
	return (NULL);
}
