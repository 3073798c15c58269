/*
 * src/load/pgq.c - loading libpg_query on first use (see pgq.h for why).
 */
#define RG_PGQ_IMPL 1
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

#include "src/load/pgq.h"

/* The SONAME of the libpg_query the build found (CMake finds it). */
#ifndef RG_PGQ_SONAME
#define RG_PGQ_SONAME "libpg_query.so"
#endif

struct rg_pgq_api rg_pgq_;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char load_error[512]; /* empty when loaded */

static void load(void)
{
	void *h = dlopen(RG_PGQ_SONAME, RTLD_NOW | RTLD_LOCAL);

	if (!h) {
		snprintf(load_error, sizeof(load_error),
			 "cannot load libpg_query (%s); install the Debian "
			 "package that provides %s (libpg-query-dev pulls it "
			 "in)",
			 dlerror(), RG_PGQ_SONAME);
		return;
	}
#define RG_PGQ_SYM(f)                                                          \
	if (!(*(void **)&rg_pgq_.f = dlsym(h, #f))) {                          \
		snprintf(load_error, sizeof(load_error),                       \
			 "%s has no %s; the libpg_query revgraph was built "   \
			 "with is needed",                                     \
			 RG_PGQ_SONAME, #f);                                   \
		return;                                                        \
	}
	RG_PGQ_FUNCS(RG_PGQ_SYM)
#undef RG_PGQ_SYM
}

int rg_pgq_load(struct rg_error *err)
{
	pthread_once(&once, load);
	if (load_error[0])
		return rg_error_set(err, RG_ERROR, NULL, 0, "%s", load_error);
	return 0;
}
