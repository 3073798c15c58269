/*
 * graph/target.h - resolving revision identifiers and targets.
 *
 * Alembic's grammar (SPEC §1, ALEMBIC-SEMANTICS §3): full ids, unique
 * prefixes of keys longer than 3 characters, branch labels, head, heads,
 * base, L@X, relative steps.  Lists hold borrowed struct rg_rev pointers;
 * in walks RG_TARGET_BASE stands for the empty state "base".
 */
#ifndef RG_TARGET_H
#define RG_TARGET_H

#include "graph/error.h"
#include "graph/graph.h"
#include "graph/vec.h"

extern struct rg_rev rg_target_base_;
#define RG_TARGET_BASE (&rg_target_base_)

/*
 * Resolve spec as `show`, `stamp`, `merge` and `revision --head` do
 * (Alembic: RevisionMap.get_revisions): appends revisions to out.  "base"
 * appends nothing; "-N" walks N down from every real head.  Errors:
 * RG_ENOTFOUND, RG_EAMBIGUOUS, RG_EMULTIHEAD (argument quoted as typed).
 */
int rg_target_revisions(struct rg_graph *g, const char *spec,
			struct rg_vec *out, struct rg_error *err);

/* One revision (or NULL for base/none); several -> RG_EMULTIHEAD. */
int rg_target_revision(struct rg_graph *g, const char *spec,
		       const struct rg_rev **out, struct rg_error *err);

/*
 * The revisions the version table's rows name, in row order.  An unknown
 * row is RG_ENOTFOUND with a message that says the database is newer than
 * the files.
 */
int rg_target_rows(struct rg_graph *g, const char *const *rows, size_t nrows,
		   struct rg_vec *out, struct rg_error *err);

/* `current`: tips of rows plus all their ancestors (deps included). */
int rg_target_current(struct rg_graph *g, const char *const *rows, size_t nrows,
		      struct rg_vec *out, struct rg_error *err);

/*
 * `history -r RANGE` (NULL = everything): the selected revisions, newest
 * first.  rows: the version table (for "current"), may be NULL.
 */
int rg_target_history(struct rg_graph *g, const char *range,
		      const char *const *rows, size_t nrows, int have_rows,
		      struct rg_vec *out, struct rg_error *err);

#endif
