/*
 * src/db/pq.c - loading libpq on first use (see pq.h for why).
 */
#define RG_PQ_IMPL 1
#include <dlfcn.h>
#include <stddef.h>

#include "src/db/pq.h"

struct rg_pq_api rg_pq_;
static int loaded;

int rg_pq_load(struct rg_error *err)
{
	void *h;

	if (loaded)
		return 0;
	h = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return rg_error_set(err, RG_ECONNECT, NULL, 0,
				    "cannot load libpq (%s); install the "
				    "Debian package libpq5",
				    dlerror());
#define RG_PQ_SYM(f)                                                           \
	if (!(*(void **)&rg_pq_.f = dlsym(h, #f)))                             \
		return rg_error_set(err, RG_ECONNECT, NULL, 0,                 \
				    "libpq has no %s; a newer libpq5 is "      \
				    "needed",                                  \
				    #f);
	RG_PQ_FUNCS(RG_PQ_SYM)
#undef RG_PQ_SYM
	loaded = 1;
	return 0;
}
