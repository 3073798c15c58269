/*
 * src/db/vtable.c - the version table: existence, reading, creation and
 * the per-step row changes (Alembic: runtime/migration.py MigrationContext
 * and HeadMaintainer).
 *
 * The table's shape is Alembic's and never anything else.  Rows are read
 * with no ORDER BY, as Alembic reads them: `downgrade -N` with several rows
 * depends on heap order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph/buf.h"
#include "src/db/db.h"
#include "src/db/db_int.h"

/*
 * Alembic (SQLAlchemy's PGDialect.has_table): with no schema, a table
 * counts if its name is visible on search_path; otherwise it must be in
 * that schema.  Any relkind counts, as there.
 */
int rg_vtable_exists(struct rg_db *db, struct rg_error *err)
{
	static const char by_path[] =
		"select relname from pg_class c join pg_namespace n on "
		"n.oid=c.relnamespace where "
		"pg_catalog.pg_table_is_visible(c.oid) and relname=$1";
	static const char by_schema[] =
		"select relname from pg_class c join pg_namespace n on "
		"n.oid=c.relnamespace where n.nspname=$2 and relname=$1";
	const char *params[2] = {db->vt, db->schema};
	PGresult *res;
	int rc;

	res = PQexecParams(db->conn, db->schema ? by_schema : by_path,
			   db->schema ? 2 : 1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		char prefix[700];

		snprintf(prefix, sizeof(prefix),
			 "cannot look up version table '%s': ", db->vt);
		rc = rg_db_server_error(err, RG_EVTABLE, db->conn, res, prefix);
	} else {
		rc = PQntuples(res) > 0;
	}
	PQclear(res);
	return rc;
}

void rg_vtable_rows_free(char **rows, size_t nrows)
{
	size_t i;

	if (!rows)
		return;
	for (i = 0; i < nrows; i++)
		free(rows[i]);
	free(rows);
}

static int read_rows(struct rg_db *db, char ***rows, size_t *nrows,
		     struct rg_error *err)
{
	struct rg_buf sql = RG_BUF_INIT;
	PGresult *res = NULL;
	char **v = NULL;
	size_t i, n = 0;
	int rc = RG_ENOMEM;

	rg_buf_addf(&sql, "SELECT %s.version_num FROM %s", db->qname,
		    db->qname);
	if (rg_buf_oom(&sql))
		goto oom;
	res = PQexec(db->conn, sql.buf);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		char prefix[700];

		snprintf(prefix, sizeof(prefix),
			 "cannot read version table '%s': ", db->vt);
		rc = rg_db_server_error(err, RG_EVTABLE, db->conn, res, prefix);
		goto out;
	}
	n = (size_t)PQntuples(res);
	if (n && !(v = calloc(n, sizeof(*v))))
		goto oom;
	for (i = 0; i < n; i++)
		if (!(v[i] = strdup(PQgetvalue(res, (int)i, 0))))
			goto oom;
	*rows = v;
	*nrows = n;
	v = NULL;
	rc = 0;
	goto out;
oom:
	rc = rg_error_set(err, RG_ENOMEM, NULL, 0, "out of memory");
out:
	rg_vtable_rows_free(v, n);
	PQclear(res);
	rg_buf_release(&sql);
	return rc;
}

int rg_vtable_read(struct rg_db *db, char ***rows, size_t *nrows,
		   struct rg_error *err)
{
	int rc;

	*rows = NULL;
	*nrows = 0;
	if ((rc = rg_vtable_exists(db, err)) <= 0)
		return rc;
	return read_rows(db, rows, nrows, err);
}

/* Alembic's DDL; the constraint is <table>_pkc in the table's schema. */
int rg_vtable_create_(struct rg_db *db, struct rg_error *err)
{
	struct rg_buf sql = RG_BUF_INIT, pkc = RG_BUF_INIT;
	char *qpkc = NULL;
	int rc;

	rg_buf_addf(&pkc, "%s_pkc", db->vt);
	if (!rg_buf_oom(&pkc))
		qpkc = PQescapeIdentifier(db->conn, pkc.buf, pkc.len);
	if (!qpkc) {
		rc = rg_error_set(err, RG_ENOMEM, NULL, 0, "out of memory");
		goto out;
	}
	rg_buf_addf(&sql,
		    "CREATE TABLE %s (version_num VARCHAR(32) NOT NULL, "
		    "CONSTRAINT %s PRIMARY KEY (version_num))",
		    db->qname, qpkc);
	if (rg_buf_oom(&sql)) {
		rc = rg_error_set(err, RG_ENOMEM, NULL, 0, "out of memory");
		goto out;
	}
	if ((rc = rg_db_command(db, sql.buf, err)) < 0) {
		char prefix[700];

		snprintf(prefix, sizeof(prefix),
			 "cannot create version table '%s': ", db->vt);
		rg_db_prefix_msg(err, prefix);
		err->code = rc = RG_EVTABLE;
	}
out:
	PQfreemem(qpkc);
	rg_buf_release(&pkc);
	rg_buf_release(&sql);
	return rc;
}

/* stamp --purge (Alembic: `DELETE FROM alembic_version`). */
int rg_vtable_purge_(struct rg_db *db, struct rg_error *err)
{
	struct rg_buf sql = RG_BUF_INIT;
	int rc;

	rg_buf_addf(&sql, "DELETE FROM %s", db->qname);
	if (rg_buf_oom(&sql))
		rc = rg_error_set(err, RG_ENOMEM, NULL, 0, "out of memory");
	else
		rc = rg_db_command(db, sql.buf, err);
	rg_buf_release(&sql);
	return rc;
}

/*
 * One row change as SQL text, the ids as quoted literals (they are
 * checked ids, but quoting costs nothing), so that it can travel in the
 * same round trip as the step's own statements.
 */
int rg_vtable_change_sql_(struct rg_db *db, const struct rg_vchange *c,
			  struct rg_buf *out, struct rg_error *err)
{
	const char *vals[2] = {c->op == RG_VOP_DELETE ? c->from : c->to,
			       c->op == RG_VOP_UPDATE ? c->from : NULL};
	char *lit[2] = {NULL, NULL};
	int rc = 0;

	for (int i = 0; i < 2 && vals[i]; i++)
		if (!(lit[i] = PQescapeLiteral(db->conn, vals[i],
					       strlen(vals[i])))) {
			rc = rg_error_set(err, RG_ENOMEM, NULL, 0,
					  "out of memory");
			goto out;
		}
	switch (c->op) {
	case RG_VOP_INSERT:
		rg_buf_addf(out, "INSERT INTO %s (version_num) VALUES (%s)",
			    db->qname, lit[0]);
		break;
	case RG_VOP_UPDATE:
		rg_buf_addf(out,
			    "UPDATE %s SET version_num=%s WHERE "
			    "%s.version_num = %s",
			    db->qname, lit[0], db->qname, lit[1]);
		break;
	case RG_VOP_DELETE:
		rg_buf_addf(out, "DELETE FROM %s WHERE %s.version_num = %s",
			    db->qname, db->qname, lit[0]);
		break;
	}
	if (rg_buf_oom(out))
		rc = rg_error_set(err, RG_ENOMEM, NULL, 0, "out of memory");
out:
	for (int i = 0; i < 2; i++)
		if (lit[i])
			PQfreemem(lit[i]);
	return rc;
}

/*
 * UPDATE and DELETE must match exactly one row, else Alembic's error text
 * (runtime/migration.py _update_version, _delete_version); INSERTs are
 * checked only by the primary key.  res is the change's result.
 */
int rg_vtable_check_(struct rg_db *db, const struct rg_vchange *c,
		     PGresult *res, struct rg_error *err)
{
	long found;

	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		char prefix[700];

		snprintf(prefix, sizeof(prefix),
			 "cannot change version table '%s': ", db->vt);
		return rg_db_server_error(err, RG_ESQL, db->conn, res, prefix);
	}
	found = strtol(PQcmdTuples(res), NULL, 10);
	if (c->op == RG_VOP_UPDATE && found != 1)
		return rg_error_set(err, RG_ERROR, NULL, 0,
				    "Online migration expected to match one "
				    "row when updating '%s' to '%s' in '%s'; "
				    "%ld found",
				    c->from, c->to, db->vt, found);
	if (c->op == RG_VOP_DELETE && found != 1)
		return rg_error_set(err, RG_ERROR, NULL, 0,
				    "Online migration expected to match one "
				    "row when deleting '%s' in '%s'; %ld found",
				    c->from, db->vt, found);
	return 0;
}

/* One row change in a round trip of its own. */
int rg_vtable_apply_(struct rg_db *db, const struct rg_vchange *c,
		     struct rg_error *err)
{
	struct rg_buf sql = RG_BUF_INIT;
	PGresult *res;
	int rc;

	if ((rc = rg_vtable_change_sql_(db, c, &sql, err)) < 0)
		goto out;
	res = PQexec(db->conn, sql.buf);
	rc = rg_vtable_check_(db, c, res, err);
	PQclear(res);
out:
	rg_buf_release(&sql);
	return rc;
}
