/*
 * tests/unit/test_fault.c - out-of-memory on every allocation of graph/.
 *
 * The test binary is linked with --wrap=malloc,calloc,realloc, so every
 * allocation graph/ makes goes through the counters below.  Each scenario
 * runs with the Nth allocation failing, for N = 1, 2, ... until it
 * succeeds: before that it must return RG_ENOMEM (never crash, never
 * another code), and it must free everything either way -- in the
 * sanitizer build LeakSanitizer checks that at exit.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "graphspec.h"
#include "graph/buf.h"
#include "graph/plan.h"
#include "graph/target.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t m);
void *__wrap_realloc(void *p, size_t n);

static long fail_at; /* 0: never */
static long count;

static int should_fail(void)
{
	return fail_at && ++count == fail_at;
}

void *__wrap_malloc(size_t n)
{
	return should_fail() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t m)
{
	return should_fail() ? NULL : __real_calloc(n, m);
}

void *__wrap_realloc(void *p, size_t n)
{
	return should_fail() ? NULL : __real_realloc(p, n);
}

static const char *const mrg[] = {
	"eee005|bbb002",	"ggg007|fff006",	 "aaa001||base_label",
	"ccc003|bbb002",	"ddd004|ccc003||aaa001", "bbb002|aaa001",
	"fff006|ddd004,eee005",
};

/* Everything graph/ offers, once; returns the first failure code. */
static int scenario(void)
{
	static const char *const rows[] = {"ddd004", "eee005"};
	static const char *const targets[] = {"ccc003", "heads"};
	struct rg_error err = RG_ERROR_INIT;
	struct rg_graph *g = NULL;
	struct rg_plan *p = NULL;
	struct rg_vec v = RG_VEC_INIT;
	struct rg_buf warn = RG_BUF_INIT;
	const struct rg_rev *r = NULL;
	int rc;

	if ((rc = gs_build(mrg, sizeof(mrg) / sizeof(mrg[0]), &g, &err)) < 0)
		goto out;
	if ((rc = rg_plan_upgrade(g, NULL, 0, "heads", &p, &err)) < 0)
		goto out;
	rg_plan_free(p);
	p = NULL;
	if ((rc = rg_plan_downgrade(g, rows, 2, "-1", &warn, &p, &err)) < 0)
		goto out;
	rg_plan_free(p);
	p = NULL;
	if ((rc = rg_plan_stamp(g, rows, 2, targets, 2, 0, &p, &err)) < 0)
		goto out;
	if ((rc = rg_target_history(g, "base:heads", NULL, 0, 0, &v, &err)) < 0)
		goto out;
	v.len = 0;
	if ((rc = rg_target_current(g, rows, 2, &v, &err)) < 0)
		goto out;
	if ((rc = rg_target_revision(g, "base_label@head", &r, &err)) < 0)
		goto out;
	rc = rg_buf_oom(&warn) ? RG_ENOMEM : 0;
out:
	rg_plan_free(p);
	rg_vec_release(&v);
	rg_buf_release(&warn);
	rg_graph_free(g);
	return rc;
}

static void test_fault__every_allocation(void)
{
	long n;
	int rc = RG_ENOMEM;

	for (n = 1; n < 100000 && rc == RG_ENOMEM; n++) {
		fail_at = n;
		count = 0;
		rc = scenario();
		if (rc < 0 && rc != RG_ENOMEM) {
			fprintf(stderr, "allocation %ld failing gave code %d\n",
				n, rc);
			break;
		}
	}
	fail_at = 0;
	CHECK_INT(rc, 0);
	/* the scenario allocates: some runs must have failed */
	CHECK(n > 10);
}

const struct rg_test rg_tests[] = {
	TEST(test_fault__every_allocation),
	{NULL, NULL},
};
