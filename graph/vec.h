/*
 * graph/vec.h - a growable array of pointers.
 *
 * RG_VEC_INIT allocates nothing.  Push returns RG_ENOMEM (negative) on
 * failure and leaves the vector as it was.
 */
#ifndef RG_VEC_H
#define RG_VEC_H

#include <stddef.h>

struct rg_vec {
	void **items;
	size_t len;
	size_t alloc;
};

#define RG_VEC_INIT                                                            \
	{                                                                      \
		NULL, 0, 0                                                     \
	}

int rg_vec_push(struct rg_vec *v, void *item);
int rg_vec_reserve(struct rg_vec *v, size_t n);
void *rg_vec_pop(struct rg_vec *v);
void rg_vec_release(struct rg_vec *v); /* frees the array, not the items */

#endif
