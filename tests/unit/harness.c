/* tests/unit/harness.c - runs rg_tests[] and reports "N passed, N failed". */
#include <stdio.h>
#include <string.h>

#include "harness.h"

int rg_test_failed_;

int main(int argc, char **argv)
{
	int passed = 0, failed = 0;

	for (const struct rg_test *t = rg_tests; t->name; t++) {
		if (argc > 1 && !strstr(t->name, argv[1]))
			continue;
		rg_test_failed_ = 0;
		t->fn();
		if (rg_test_failed_) {
			fprintf(stderr, "FAIL %s\n", t->name);
			failed++;
		} else {
			passed++;
		}
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
