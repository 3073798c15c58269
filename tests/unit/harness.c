/* tests/unit/harness.c - runs rg_tests[] and reports "N passed, N failed". */
#include <ftw.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"

int rg_test_failed_;

static int rm_one(const char *path, const struct stat *st, int type,
		  struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path);
}

int rg_test_rm_rf(const char *path)
{
	return nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

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
