/*
 * One string hash for the tables a worker keeps by key (a number's USSD
 * state and its dial's person, a memo page, a NOTIFY payload's
 * generation): 32-bit FNV-1a, fast on short keys and spread well enough
 * for slot = hash % size.  Not for anything an attacker could aim at
 * (a collision here only costs a miss).  Pure.
 */
#include <stdint.h>

#include "infra/infra.h"

uint32_t
infra_hash(const char *s)
{
	uint32_t	hash;

	hash = 2166136261u;
	for (; *s != '\0'; s++)
		hash = (hash ^ (unsigned char)*s) * 16777619u;
	return (hash);
}
