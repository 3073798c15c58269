/*
 * graph/tgt_internal.h - resolution helpers shared by target.c and plan.c.
 */
#ifndef RG_TGT_INTERNAL_H
#define RG_TGT_INTERNAL_H

#include "graph/internal.h"

/* Alembic's _resolve_revision_number result: ids (revs[i] set when the
 * symbol already named a revision) and the branch label before '@'. */
struct rg_tgt_num {
	char *label;
	const char **ids; /* borrowed from the spec or the graph */
	const struct rg_rev **revs;
	size_t n, cap;
};
#define RG_TGT_NUM_INIT                                                        \
	{                                                                      \
		NULL, NULL, NULL, 0, 0                                         \
	}

/* A matched relative form: [label@][symbol](+|-)digits. */
struct rg_tgt_rel {
	const char *label; /* NULL when absent */
	size_t label_len;
	const char *symbol; /* symbol_len == 0 when absent */
	size_t symbol_len;
	long long steps;
	const char *rel_text; /* "+3" / "-1" as typed */
	size_t rel_len;
};

int rg_tgt_not_found_(struct rg_error *err, const char *arg, const char *why);
int rg_tgt_multi_heads_(struct rg_error *err, const char *arg);
int rg_tgt_shares_(struct rg_graph *g, const struct rg_rev *a,
		   const struct rg_rev *b, int with_deps);
int rg_tgt_lineage_refs_(struct rg_graph *g, const char *check,
			 struct rg_vec *refs, struct rg_error *err);
int rg_tgt_filter_(struct rg_graph *g, struct rg_vec *list, const char *check,
		   int with_deps, struct rg_error *err);
int rg_tgt_ident_(struct rg_graph *g, const char *ident, const char *branch,
		  const struct rg_rev **out, struct rg_error *err);
int rg_tgt_number_(struct rg_graph *g, const char *spec, struct rg_tgt_num *num,
		   struct rg_error *err);
void rg_tgt_num_release_(struct rg_tgt_num *num);
int rg_tgt_relative_(const char *s, struct rg_tgt_rel *rel);
int rg_tgt_walk_(struct rg_graph *g, const struct rg_rev *start,
		 long long steps, const char *label, int no_overwalk,
		 const struct rg_rev **out, struct rg_error *err);

#endif
