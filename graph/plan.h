/*
 * graph/plan.h - upgrade, downgrade and stamp plans.
 *
 * A plan is the ordered list of steps Alembic would run, each with the
 * version-table row changes it makes (Alembic: runtime/migration.py
 * HeadMaintainer).  The executor in src/db runs any plan it is handed.
 */
#ifndef RG_PLAN_H
#define RG_PLAN_H

#include <stddef.h>
#include "graph/arena.h"
#include "graph/error.h"
#include "graph/buf.h"
#include "graph/graph.h"
#include "graph/vec.h"

enum rg_vop {
	RG_VOP_INSERT, /* INSERT to */
	RG_VOP_UPDATE, /* UPDATE from -> to */
	RG_VOP_DELETE, /* DELETE from */
};

struct rg_vchange {
	enum rg_vop op;
	const char *from; /* NULL for INSERT */
	const char *to;	  /* NULL for DELETE */
};

enum rg_dir {
	RG_UP,
	RG_DOWN,
	RG_STAMP,
};

struct rg_step {
	enum rg_dir dir;
	const struct rg_rev *rev; /* the migration; NULL for a stamp step */
	/* For the log line "Running upgrade <from> -> <to>": ids joined ", ".
	 */
	const char *from_text;
	const char *to_text;
	struct rg_vchange *changes;
	size_t nchanges;
	int rows_empty_before; /* version table had no rows before this step */
};

struct rg_plan {
	struct rg_step *steps;
	size_t nsteps;
	/* Rows after the whole plan, in table order as simulated. */
	const char **final_rows;
	size_t nfinal;
	int start_empty;       /* no rows before the plan */
	int purge;	       /* stamp --purge: empty the table first */
	struct rg_arena arena; /* owns everything above */
};

void rg_plan_free(struct rg_plan *p);

/*
 * The word for a step in messages: "upgrade", "downgrade", "stamp"; with
 * log, Alembic's migration function names as its "Running ..." lines and
 * --sql comments print them ("stamp_revision" for a stamp).
 */
const char *rg_step_word(enum rg_dir d, int log);

/*
 * rows: the version table's rows in the order SELECT returned them (they
 * matter for `downgrade -N` with several rows).  target as typed by the
 * user.  On success *out is the caller's (rg_plan_free()); an empty plan
 * has nsteps == 0.  Errors carry Alembic's message texts; a row that names
 * no known revision is RG_ENOTFOUND.  warn (may be NULL) receives
 * warnings such as Alembic's "downgrade -1 from multiple heads is
 * ambiguous", one per line.
 */
int rg_plan_upgrade(struct rg_graph *g, const char *const *rows, size_t nrows,
		    const char *target, struct rg_plan **out,
		    struct rg_error *err);
/*
 * Offline `--sql START:END`: the starting rows are START resolved (NULL or
 * "base" = empty).  The plan is computed exactly as online from them.
 */
int rg_plan_sql_start(struct rg_graph *g, const char *start,
		      struct rg_vec *rows_out, struct rg_error *err);
int rg_plan_downgrade(struct rg_graph *g, const char *const *rows, size_t nrows,
		      const char *target, struct rg_buf *warn,
		      struct rg_plan **out, struct rg_error *err);
/* targets: ntargets >= 0 (0 means base).  purge: start from no rows. */
int rg_plan_stamp(struct rg_graph *g, const char *const *rows, size_t nrows,
		  const char *const *targets, size_t ntargets, int purge,
		  struct rg_plan **out, struct rg_error *err);

#endif
