/*
 * A small unit-test harness: every test file registers its cases with
 * UNIT_TEST(); tests/unit/unit_main.c runs them all and prints one last
 * line "N passed, N failed".  No Kore, no server: pure modules only.
 */
#ifndef HUNAR_UNIT_H
#define HUNAR_UNIT_H

#include <stdio.h>
#include <string.h>

struct unit_case {
	const char		*name;
	const char		*file;
	void			(*fn)(int *);
	struct unit_case	*next;
};

void	unit_register(struct unit_case *);

#define UNIT_TEST(n)							\
	static void unit_fn_##n(int *);					\
	static struct unit_case unit_case_##n =				\
	    { #n, __FILE__, unit_fn_##n, NULL };			\
	__attribute__((constructor)) static void			\
	unit_reg_##n(void) { unit_register(&unit_case_##n); }		\
	static void unit_fn_##n(int *unit_failed)

/* A failed check reports where and what, marks the case failed, goes on. */
#define CHECK(c) do {							\
	if (!(c)) {							\
		printf("  FAIL %s:%d: %s\n", __FILE__, __LINE__, #c);	\
		*unit_failed = 1;					\
	}								\
} while (0)

#define CHECK_INT(a, b) do {						\
	long long unit_a = (long long)(a), unit_b = (long long)(b);	\
	if (unit_a != unit_b) {						\
		printf("  FAIL %s:%d: %s == %lld, expected %lld\n",	\
		    __FILE__, __LINE__, #a, unit_a, unit_b);		\
		*unit_failed = 1;					\
	}								\
} while (0)

#define CHECK_STR(a, b) do {						\
	const char *unit_a = (a), *unit_b = (b);			\
	if (unit_a == NULL || unit_b == NULL ||				\
	    strcmp(unit_a, unit_b) != 0) {				\
		printf("  FAIL %s:%d: %s == \"%s\", expected \"%s\"\n",	\
		    __FILE__, __LINE__, #a, unit_a ? unit_a : "(null)",	\
		    unit_b ? unit_b : "(null)");			\
		*unit_failed = 1;					\
	}								\
} while (0)

#endif
