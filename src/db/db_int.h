/*
 * src/db/db_int.h - what the src/db files share and nobody else sees.
 */
#ifndef RG_DB_INT_H
#define RG_DB_INT_H

#include "src/db/pq.h"

#include "graph/error.h"
#include "src/db/db.h"

struct rg_db {
	PGconn *conn;
	char *vt;     /* version table name, malloc'd */
	char *schema; /* its schema, malloc'd, or NULL = search_path */
	char *qname;  /* [schema.]table quoted by PQescapeIdentifier */
	double lock_timeout;
	rg_db_py_fn py;
	void *py_ud;
	int py_committed; /* rg_db_py_committed() during the current step */
	rg_db_notify_fn notify;
	void *notify_ud;
};

/*
 * Fill err with code and "<prefix><server's primary message>" from res (or
 * from the connection when res is NULL), plus the server's detail and
 * hint.  prefix may be "".  Returns code.
 */
int rg_db_server_error(struct rg_error *err, int code, PGconn *conn,
		       const PGresult *res, const char *prefix);

/* Put prefix before err->msg (truncating the end if need be). */
void rg_db_prefix_msg(struct rg_error *err, const char *prefix);

/* Run a command that returns no rows; RG_ERROR (server text) on failure. */
int rg_db_command(struct rg_db *db, const char *sql, struct rg_error *err);

/* vtable.c: CREATE TABLE with Alembic's DDL (RG_EVTABLE on failure),
 * stamp --purge, and one row change with Alembic's row-count check. */
int rg_vtable_create_(struct rg_db *db, struct rg_error *err);
int rg_vtable_purge_(struct rg_db *db, struct rg_error *err);
int rg_vtable_change_sql_(struct rg_db *db, const struct rg_vchange *c,
			  struct rg_buf *out, struct rg_error *err);
int rg_vtable_check_(struct rg_db *db, const struct rg_vchange *c,
		     PGresult *res, struct rg_error *err);
int rg_vtable_apply_(struct rg_db *db, const struct rg_vchange *c,
		     struct rg_error *err);

/* check.c: how many raw statements sql holds (libpg_query), or 1 when it
 * does not parse.  For mapping a server error back to a statement. */
size_t rg_db_count_raw_(const char *sql);

#endif
