/*
 * src/py/py.h - running Alembic .py revisions through embedded Python.
 *
 * The only part of revgraph that includes Python.h (in py.c, and only when
 * CMake found libpython: RG_HAVE_PYTHON).  Without it every rg_py_*
 * function that could run something fails with RG_ENOPY before anything
 * changes, naming the revision and what to install.
 *
 * How it works: the interpreter is started once per process and imports
 * the bridge (src/py/bridge.py, embedded as a string).  Each revision of
 * the plan is imported as Alembic imports it (importlib, module name from
 * the file name, the config's prepend_sys_path in front of sys.path), and
 * its revision/down_revision/branch_labels/depends_on are checked against
 * what revgraph's native reader saw.  upgrade()/downgrade() then run with
 * alembic.op and alembic.context bound as a default env.py with
 * transaction_per_migration=True binds them, on a SQLAlchemy connection
 * whose DBAPI connection sends every statement through revgraph's own
 * PGconn: inside the step's transaction, in order, before the
 * version-table change that revgraph makes and commits after.
 *
 * Invariants:
 * - No function here prints; a revision's own print() goes to stdout,
 *   flushed after each step.
 * - The PGconn is borrowed only for the duration of rg_py_run_step().
 * - After a successful rg_py_run_step() the connection is inside a
 *   transaction (a revision whose autocommit_block() ended the step's
 *   transaction gets a new one, as Alembic begins one), so the executor's
 *   version-table change and COMMIT follow as for a SQL step.
 * - The interpreter is never finalized (extension modules such as
 *   psycopg2 cannot be re-initialized); rg_py_free() drops our objects and
 *   flushes Python's stdout/stderr.  Python's allocations are reported as
 *   leaks by LeakSanitizer: run .py tests with ASAN_OPTIONS=detect_leaks=0.
 */
#ifndef RG_PY_H
#define RG_PY_H

#include <stddef.h>
#include <libpq-fe.h>

#include "graph/buf.h"
#include "graph/error.h"
#include "graph/plan.h"

struct rg_db;

struct rg_py_opts {
	/* The config file read (context.config reads its [alembic]
	 * section), or NULL for an empty config. */
	const char *config_path;
	/* The config's prepend_sys_path, unsplit; NULL or "" = none. */
	const char *prepend_sys_path;
	/* The URL in effect, set as context.config's sqlalchemy.url; NULL
	 * leaves the config's own.  Never used to connect. */
	const char *url;
	const char *version_table;	  /* NULL = "alembic_version" */
	const char *version_table_schema; /* NULL = none */
	const char *const *xargs;	  /* -x values for get_x_argument() */
	size_t nxargs;
	int as_sql;  /* offline (--sql): Alembic's as_sql MigrationContext */
	int verbose; /* -v: full tracebacks in err->detail */
};

#define RG_PY_OPTS_INIT                                                        \
	{                                                                      \
		NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, 0                    \
	}

struct rg_py;

/* 1 if some RG_UP/RG_DOWN step of plan runs a .py revision, else 0. */
int rg_py_plan_needs(const struct rg_plan *plan);

/*
 * Start Python (once per process), import Alembic, SQLAlchemy and
 * psycopg2, and import every .py revision that plan runs, checking its
 * metadata.  Nothing touches the database.  On success *out is the
 * caller's, freed with rg_py_free(); plan (and its graph) must outlive it.
 *
 * Errors, all before anything runs:
 *   RG_ENOPY: built without Python, or alembic/sqlalchemy/psycopg2 not
 *     importable; the message names the first .py revision of the plan,
 *     err->hint says what to install.
 *   RG_ERROR: a revision fails to import (err->path/line: the revision's
 *     file and line; message "<ExceptionType>: <text>"), or its Python
 *     metadata disagrees with the file as revgraph read it.
 *   RG_ENOMEM.
 */
int rg_py_new(const struct rg_py_opts *o, const struct rg_plan *plan,
	      struct rg_py **out, struct rg_error *err);

/*
 * An rg_db_py_fn: ud is the struct rg_py.  Run step's upgrade() or
 * downgrade() on conn, which must be inside the step's transaction.  On
 * failure the revision's statements are not committed (except what an
 * autocommit_block() committed, exactly as under Alembic) and the caller
 * rolls back: RG_ESQL, err->msg "<upgrade|downgrade> <from> -> <to>:
 * <ExceptionType>: <text>" (for a failed statement, the server's message
 * in psycopg2's form), err->path/line the innermost frame in the revision
 * file, err->detail/hint the server's (with -v, the traceback follows in
 * detail, truncated from the front).  RG_ENOPY without Python.
 */
int rg_py_run_step(void *ud, struct rg_db *db, PGconn *conn,
		   const struct rg_step *step, struct rg_error *err);

/*
 * Offline: append to out what step's upgrade()/downgrade() prints under
 * Alembic's --sql (each statement then a blank line; an
 * autocommit_block() as "COMMIT;" ... "BEGIN;"), for the renderer to put
 * between the step's "-- Running ..." line and its version-table
 * statements.  ud is a struct rg_py made with as_sql = 1.  Errors as
 * rg_py_run_step(), but RG_ERROR (nothing ran); RG_ENOMEM.
 */
int rg_py_offline_step(void *ud, const struct rg_step *step, struct rg_buf *out,
		       struct rg_error *err);

/* Release the revisions' modules and the bridge; flush Python's output.
 * NULL-safe. */
void rg_py_free(struct rg_py *py);

#endif
