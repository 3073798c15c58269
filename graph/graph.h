/*
 * graph/graph.h - the revision map (Alembic: script/revision.py RevisionMap).
 *
 * Built once from loader records; immutable afterwards.  Every string and
 * struct a graph hands out is borrowed and valid until rg_graph_free().
 * Discovery order (the order of the records) breaks every tie, as Alembic's
 * ordered collections do.
 */
#ifndef RG_GRAPH_H
#define RG_GRAPH_H

#include <stddef.h>
#include "graph/error.h"
#include "graph/vec.h"

/*
 * One revision as a loader read it.  The graph keeps the strings and
 * arrays it points to (ids, lists, path, longdoc) without copying them:
 * they must outlive the graph.  The struct itself need not.
 */
struct rg_record {
	const char *id;
	const char *const *down; /* down_revision, declared order */
	size_t ndown;
	const char *const *labels; /* branch_labels as declared */
	size_t nlabels;
	const char *const *deps; /* depends_on strings as declared */
	size_t ndeps;
	const char *path;    /* file, for messages and `Path:` */
	int line;	     /* line of the `revision` declaration, or 0 */
	const char *longdoc; /* docstring / message, stripped; may be NULL */
	void *user;	     /* the loader's data, handed back in rg_rev */
};

struct rg_rev {
	const char *id;
	size_t index; /* discovery order, 0-based */
	const char *path;
	int line;
	const char *longdoc; /* "" when none */
	const char *doc;     /* longdoc up to the first "\n\n" */
	void *user;

	const char *const *down_ids; /* declared down_revision strings */
	size_t ndown;
	const char *const *dep_strs; /* declared depends_on strings */
	size_t ndeps;
	const char *const *labels; /* declared branch labels */
	size_t nlabels;

	struct rg_rev **parents; /* down edges, declared order */
	struct rg_rev **deps;	 /* resolved depends_on, declared order */
	size_t nresdeps;
	struct rg_rev **norm; /* normalized parents: down + normalized deps */
	size_t nnorm;
	struct rg_rev **children; /* versioned children, discovery order */
	size_t nchildren;
	struct rg_rev **dependents; /* discovery order */
	size_t ndependents;

	const char **spread; /* propagated label set, sorted */
	size_t nspread;

	unsigned is_head : 1;	   /* no versioned child */
	unsigned is_real_head : 1; /* no child and no dependent */
	unsigned is_base : 1;	   /* no down_revision */
	unsigned is_branch_point : 1;
	unsigned is_merge_point : 1;
};

struct rg_graph;

/*
 * Build the map from n records in discovery order.  Fails with RG_EGRAPH
 * (duplicate id, missing parent or dependency, label clash, bad id
 * characters), RG_ECYCLE, or RG_ENOMEM; err names the file involved.
 * *out is the caller's, freed with rg_graph_free(), before the records'
 * strings (see struct rg_record).
 */
int rg_graph_build(const struct rg_record *recs, size_t n,
		   struct rg_graph **out, struct rg_error *err);
void rg_graph_free(struct rg_graph *g);

size_t rg_graph_count(const struct rg_graph *g);
/* i-th revision in discovery order. */
const struct rg_rev *rg_graph_at(const struct rg_graph *g, size_t i);
/* Exact id lookup (no labels, no prefixes); NULL when absent. */
const struct rg_rev *rg_graph_get(const struct rg_graph *g, const char *id);

/* Heads in discovery order: versioned heads, or real heads if real. */
int rg_graph_heads(const struct rg_graph *g, int real, struct rg_vec *out);
/* Bases (no down_revision) in discovery order. */
int rg_graph_bases(const struct rg_graph *g, struct rg_vec *out);

/*
 * 1 if anc is an ancestor of (or equal to) rev.  versioned: follow only
 * down edges; otherwise normalized parents.  Uses a per-graph scratch
 * area; not thread-safe.
 */
int rg_graph_is_ancestor(struct rg_graph *g, const struct rg_rev *anc,
			 const struct rg_rev *rev, int versioned);

#endif
