/*
 * src/db/db.h - everything revgraph does with PostgreSQL: connecting, the
 * version table, the migration lock, running a plan, and rendering a plan
 * as the offline (--sql) script.
 *
 * Invariants:
 * - No function here prints.  Progress goes through callbacks, failures
 *   through the caller's struct rg_error.
 * - A connection string is only ever shown through rg_db_redact(): no
 *   message set here contains a password.
 * - SQL revgraph writes itself passes values through PQexecParams and quotes
 *   identifiers with PQescapeIdentifier (online) or SQLAlchemy's
 *   quote-when-needed rule (offline text, to match Alembic byte for byte).
 * - Online, each step's statements and its version-table change commit
 *   together (or, with RG_DB_SINGLE_TRANSACTION, the whole plan does), so a
 *   crash at any point leaves the database at a completed step.
 */
#ifndef RG_DB_H
#define RG_DB_H

#include <stddef.h>
#include <libpq-fe.h>

#include "graph/buf.h"
#include "graph/error.h"
#include "graph/plan.h"

struct rg_db_opts {
	/* libpq URI, key=value conninfo, or SQLAlchemy URL
	 * (postgresql+psycopg2://...); NULL or "" = libpq's PG* variables.
	 * Values given in it win over connect_timeout and
	 * application_name=revgraph. */
	const char *url;
	const char *version_table;	  /* NULL = "alembic_version" */
	const char *version_table_schema; /* NULL = first on search_path */
	int connect_timeout;		  /* seconds; <= 0 = 10 */
	double lock_timeout; /* seconds to wait for the lock; < 0 = forever */
};

#define RG_DB_OPTS_INIT                                                        \
	{                                                                      \
		NULL, NULL, NULL, 10, -1.0                                     \
	}

struct rg_db;

/* A line of progress: a server NOTICE, or "waiting for the lock". */
typedef void (*rg_db_notify_fn)(void *ud, const char *line);

/*
 * Connect.  On success *out is the caller's, freed with rg_db_free().
 * Fails with RG_ECONNECT and the one-line message
 * "cannot connect to <redacted url>: <libpq's first line>" (any password
 * scrubbed from libpq's text too), or RG_ENOMEM.  The session uses
 * client_encoding UTF8 unless the URL says otherwise.  Server NOTICEs are
 * dropped unless rg_db_set_notify() asks for them.
 */
int rg_db_connect(const struct rg_db_opts *o, struct rg_db **out,
		  struct rg_error *err);
/* Close the connection (which releases the lock) and free db.  NULL-safe. */
void rg_db_free(struct rg_db *db);

/* Borrowed; valid until rg_db_free().  For the Python runner. */
PGconn *rg_db_conn(struct rg_db *db);

/* fn (may be NULL) receives each server NOTICE/WARNING, without its final
 * newline, and the lock-wait line. */
void rg_db_set_notify(struct rg_db *db, rg_db_notify_fn fn, void *ud);

/*
 * Runs one .py migration step (src/py).  Called inside the step's
 * transaction (BEGIN already sent) for RG_UP/RG_DOWN steps whose script is
 * RG_SCRIPT_PY; it runs upgrade()/downgrade() only.  The executor then
 * makes the version-table change and commits.  Returns 0 or an RG_E* code
 * with err set; the executor then rolls the step back.
 */
typedef int (*rg_db_py_fn)(void *ud, struct rg_db *db, PGconn *conn,
			   const struct rg_step *step, struct rg_error *err);
/* Without a runner, plans with .py steps are refused (RG_ENOPY) before
 * anything runs. */
void rg_db_set_py_runner(struct rg_db *db, rg_db_py_fn fn, void *ud);
/*
 * Called by a runner whose step ended the transaction it was given (an
 * autocommit_block() committed): what ran of the step so far stays, so
 * error messages can say so.
 */
void rg_db_py_committed(struct rg_db *db);

/*
 * Copy of url with every password replaced by XXXXX: URI userinfo
 * (user:pw@), ?password=..., and conninfo password=... (quoted or not).
 * NULL url gives "(libpq defaults)".  Caller frees with free(); NULL on
 * out-of-memory.
 */
char *rg_db_redact(const char *url);

/*
 * Convert url to something libpq accepts, appended to out: a SQLAlchemy
 * URL loses its "+driver" (postgresql+psycopg2://... -> postgresql://...;
 * an empty host "postgresql://u@/db?host=/dir" is fine for libpq); libpq
 * URIs and conninfo strings pass unchanged.  Another dialect
 * (mysql://, sqlite://) is RG_ECONNECT.  RG_ENOMEM on out-of-memory.
 */
int rg_db_url_to_libpq(const char *url, struct rg_buf *out,
		       struct rg_error *err);

/*
 * Take the migration lock: a session-level advisory lock keyed by
 * hashtextextended() of (current_database(), the version table's schema,
 * the version table), polled with pg_try_advisory_lock (a blocked waiter
 * would deadlock the holder's CREATE INDEX CONCURRENTLY), backing off from
 * 100 ms to 1 s.  While waiting, notify (may be NULL) receives one line
 * naming the holder's pid and application_name.  The lock lasts until
 * rg_db_free().  RG_ELOCK when lock_timeout passes:
 * "timed out after N s waiting for the migration lock held by pid P (app)";
 * RG_ERROR when a query fails.
 */
int rg_db_lock(struct rg_db *db, rg_db_notify_fn notify, void *ud,
	       struct rg_error *err);

/*
 * 1 if the version table exists (visible on search_path, or in the
 * configured schema), else 0; RG_EVTABLE on a failed query.
 */
int rg_vtable_exists(struct rg_db *db, struct rg_error *err);

/*
 * The version table's rows in the order SELECT returns them (no ORDER BY,
 * as Alembic).  A missing table is 0 rows and is not created.  On success
 * *rows (NULL when *nrows == 0) is the caller's, freed with
 * rg_vtable_rows_free().  RG_EVTABLE if the table cannot be read.
 */
int rg_vtable_read(struct rg_db *db, char ***rows, size_t *nrows,
		   struct rg_error *err);
void rg_vtable_rows_free(char **rows, size_t nrows);

/* Flags for rg_db_run_plan(). */
#define RG_DB_SINGLE_TRANSACTION 0x1u /* one transaction around the plan */
#define RG_DB_PURGE 0x2u /* stamp --purge: DELETE every row first */

typedef void (*rg_db_step_fn)(void *ud, const struct rg_step *step);

/*
 * Check, before anything runs, that every step of plan can run:
 * RG_ERROR for a downgrade past a revision without a downgrade section,
 * for a statement that cannot run inside a transaction block (CREATE INDEX
 * CONCURRENTLY, VACUUM, ...) in a transactional section, and for
 * BEGIN/COMMIT/ROLLBACK in a transactional section or COPY FROM STDIN /
 * TO STDOUT anywhere; RG_ENOPY for a .py step when allow_py is 0.  err
 * names the file and line.  Used by rg_db_run_plan() and
 * rg_offline_render(); callers need not call it themselves.
 */
int rg_db_check_plan(const struct rg_plan *plan, int allow_py,
		     struct rg_error *err);

/*
 * Run plan: create the version table if it is missing (in the first
 * transaction), then for each step call on_step (may be NULL), run the
 * revision's section for the step's direction (none for stamps), make the
 * step's row changes with the row-count check, and commit -- per step, or
 * once with RG_DB_SINGLE_TRANSACTION.  A no-transaction section runs its
 * statements one by one in autocommit, then the row changes in their own
 * transaction (in single-transaction mode the open transaction is
 * committed first and a new one begun after, as Alembic's
 * autocommit_block()).
 *
 * Errors: rg_db_check_plan()'s, before anything runs; RG_ESQL for a failed
 * statement: err->path/line name the statement, err->msg is
 * "<upgrade|downgrade|stamp> <from> -> <to>: <server message> (<what was
 * rolled back and what stays>)", err->detail/hint are the server's; the
 * failed step is rolled back, earlier steps stay committed.  RG_ERROR with
 * Alembic's "Online migration expected to match one row ..." text when an
 * UPDATE/DELETE of the version table does not match exactly one row.
 */
int rg_db_run_plan(struct rg_db *db, const struct rg_plan *plan, unsigned flags,
		   rg_db_step_fn on_step, void *ud, struct rg_error *err);

/*
 * Append to out the whole script Alembic's --sql prints for plan
 * (ALEMBIC-SEMANTICS §5.5), byte for byte: one BEGIN;/COMMIT; around
 * everything (transaction_per_step == 0, Alembic's default env.py) or one
 * pair per step (transaction_per_migration=True).  CREATE TABLE comes
 * before the first step that starts from no rows; DROP TABLE is never
 * printed (Alembic 1.19).  A no-transaction section is printed between
 * COMMIT; and BEGIN; as Alembic prints autocommit_block().  version_table
 * NULL = "alembic_version"; schema may be NULL.  Fails as
 * rg_db_check_plan() with allow_py = 0, or RG_ENOMEM.
 */
int rg_offline_render(const struct rg_plan *plan, const char *version_table,
		      const char *schema, int transaction_per_step,
		      struct rg_buf *out, struct rg_error *err);

/*
 * Appends to out the SQL a .py step prints under Alembic's --sql (its
 * statements only; src/py's rg_py_offline_step()).
 */
typedef int (*rg_offline_py_fn)(void *ud, const struct rg_step *step,
				struct rg_buf *out, struct rg_error *err);
/* rg_offline_render() with .py steps rendered by py (NULL: refused with
 * RG_ENOPY as rg_offline_render()). */
int rg_offline_render_py(const struct rg_plan *plan, const char *version_table,
			 const char *schema, int transaction_per_step,
			 rg_offline_py_fn py, void *py_ud, struct rg_buf *out,
			 struct rg_error *err);

/*
 * Append name to out quoted as SQLAlchemy's PostgreSQL dialect would:
 * unchanged when it is all [a-z0-9_$], starts with neither a digit nor
 * '$', and is not a reserved word; otherwise in double quotes with '"'
 * doubled.
 */
void rg_offline_quote_ident(const char *name, struct rg_buf *out);

#endif
