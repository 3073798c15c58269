/*
 * graph/arena.h - allocate-many, free-together memory.
 *
 * Used for everything a graph owns (revision structs, ids, labels, paths).
 * Never for growing buffers.  Allocations are 16-byte aligned.
 */
#ifndef RG_ARENA_H
#define RG_ARENA_H

#include <stddef.h>

struct rg_arena_block;

struct rg_arena {
	struct rg_arena_block *head;
	size_t used; /* bytes handed out, for statistics */
};

#define RG_ARENA_INIT                                                          \
	{                                                                      \
		NULL, 0                                                        \
	}

/* NULL on out-of-memory. */
void *rg_arena_alloc(struct rg_arena *a, size_t size);
void *rg_arena_calloc(struct rg_arena *a, size_t n, size_t size);
/* Copies of strings; NULL on out-of-memory.  s may not be NULL. */
char *rg_arena_strdup(struct rg_arena *a, const char *s);
char *rg_arena_strndup(struct rg_arena *a, const char *s, size_t n);
void rg_arena_release(struct rg_arena *a);

#endif
