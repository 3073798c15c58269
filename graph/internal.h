/*
 * graph/internal.h - what graph.c, target.c and plan.c share.  Not for use
 * outside graph/.
 */
#ifndef RG_INTERNAL_H
#define RG_INTERNAL_H

#include <stdint.h>

#include "graph/arena.h"
#include "graph/buf.h"
#include "graph/graph.h"
#include "graph/hash.h"
#include "graph/vec.h"

/* One key of Alembic's revision map: a revision id or a branch label. */
struct rg_key {
	const char *key;
	struct rg_rev *rev;
	size_t order; /* map order: ids first (discovery), then labels */
	UT_hash_handle hh;
};

enum rg_edges {
	RG_E_VERSIONED, /* down_revision only */
	RG_E_NORM,	/* down_revision + normalized depends_on */
	RG_E_ALL,	/* down_revision + resolved depends_on */
};

enum rg_down_edges {
	RG_D_CHILDREN, /* versioned children */
	RG_D_ALL,      /* children + dependents */
};

struct rg_graph {
	struct rg_arena arena;
	struct rg_rev **revs; /* discovery order */
	size_t n;
	struct rg_key *keys;	/* hash: ids and labels */
	struct rg_key **sorted; /* keys sorted bytewise, for prefixes */
	size_t nkeys;
	struct rg_rev ***alldown; /* per rev: down + resolved deps, deduped */
	size_t *nalldown;
	uint32_t *gen;	 /* 1 + max gen over alldown; roots 1 */
	uint32_t *stamp; /* scratch for is_ancestor */
	uint32_t epoch;
	struct rg_vec scratch;
};

/* Parents of r along the given edge kind. */
void rg_graph_parents_(const struct rg_graph *g, const struct rg_rev *r,
		       enum rg_edges e, struct rg_rev ***out, size_t *n);

/* Mark (set to 1) r's ancestors incl. the starts, along edge kind e. */
int rg_graph_mark_up_(struct rg_graph *g, struct rg_rev *const *starts,
		      size_t n, enum rg_edges e, unsigned char *mark);
/* Mark descendants incl. the starts. */
int rg_graph_mark_down_(struct rg_graph *g, struct rg_rev *const *starts,
			size_t n, enum rg_down_edges e, unsigned char *mark);
/* 1 if anc is an ancestor-or-self of rev along e; <0 on ENOMEM. */
int rg_graph_is_anc_(struct rg_graph *g, const struct rg_rev *anc,
		     const struct rg_rev *rev, enum rg_edges e);

/*
 * Alembic's RevisionMap._topological_sort: emit order of the marked set
 * S (mark[i] != 0; consumed) starting from heads.  out receives rg_rev*.
 */
int rg_graph_emit_order_(struct rg_graph *g, unsigned char *mark,
			 struct rg_rev *const *heads, size_t nheads,
			 struct rg_vec *out);

struct rg_key *rg_graph_key_(const struct rg_graph *g, const char *key);
int rg_graph_sort_keys_(struct rg_graph *g);

#endif
