/*
 * tests/unit/harness.h - a minimal test harness.
 *
 * Each test file defines RG_TESTS as a list of test functions; harness.c's
 * main() runs them all and prints "N passed, N failed".
 */
#ifndef RG_HARNESS_H
#define RG_HARNESS_H

#include <stdio.h>
#include <string.h>

extern int rg_test_failed_;

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
				__LINE__, #cond);                              \
			rg_test_failed_ = 1;                                   \
		}                                                              \
	} while (0)

#define CHECK_STR(a, b)                                                        \
	do {                                                                   \
		const char *a_ = (a), *b_ = (b);                               \
		if (!a_ || !b_ || strcmp(a_, b_) != 0) {                       \
			fprintf(stderr,                                        \
				"%s:%d: strings differ:\n  got:  [%s]\n  "     \
				"want: "                                       \
				"[%s]\n",                                      \
				__FILE__, __LINE__, a_ ? a_ : "(null)",        \
				b_ ? b_ : "(null)");                           \
			rg_test_failed_ = 1;                                   \
		}                                                              \
	} while (0)

#define CHECK_INT(a, b)                                                        \
	do {                                                                   \
		long long a_ = (a), b_ = (b);                                  \
		if (a_ != b_) {                                                \
			fprintf(stderr, "%s:%d: %s == %lld, want %lld\n",      \
				__FILE__, __LINE__, #a, a_, b_);               \
			rg_test_failed_ = 1;                                   \
		}                                                              \
	} while (0)

/* Remove a test's scratch directory tree (no shell); 0 or -1. */
int rg_test_rm_rf(const char *path);

struct rg_test {
	const char *name;
	void (*fn)(void);
};

/* Defined by each test file. */
extern const struct rg_test rg_tests[];

#define TEST(fn)                                                               \
	{                                                                      \
#fn, fn                                                        \
	}

#endif
