/*
 * src/db/lock.c - the migration lock (SPEC §4): a session-level advisory
 * lock held from rg_db_lock() until the connection closes.
 *
 * The key is hashtextextended() of the quoted, dot-joined (database,
 * schema, table), computed by the server, so every revgraph agrees on it.
 * With no configured schema it is the schema the table resolves to on
 * search_path, or current_schema() where CREATE TABLE would put it: a run
 * with --version-table-schema public and one without then share a lock.
 *
 * We poll pg_try_advisory_lock() and never block in pg_advisory_lock(): a
 * waiter blocked inside that statement holds a transaction and snapshot
 * that the holder's CREATE INDEX CONCURRENTLY waits out, while the waiter
 * waits for the holder.  Between polls the waiter is idle outside any
 * transaction, which CREATE INDEX CONCURRENTLY does not wait for.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "src/db/db.h"
#include "src/db/db_int.h"

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_seconds(double s)
{
	struct timespec ts;

	if (s <= 0)
		return;
	ts.tv_sec = (time_t)s;
	ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/*
 * The lock key as decimal text, into key (caller's buffer).  The same
 * round trip sets client_connection_check_interval (PostgreSQL 14+) to
 * one second unless the user set it: if revgraph is killed mid-statement,
 * the server then notices within a second, rolls the step back and frees
 * the lock, instead of running the statement to its end first.
 */
static int lock_key(struct rg_db *db, char *key, size_t cap,
		    struct rg_error *err)
{
	static const char sql[] =
		"SELECT hashtextextended(quote_ident(current_database()) || "
		"'.' || quote_ident(coalesce($1, (SELECT n.nspname FROM "
		"pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
		"WHERE pg_catalog.pg_table_is_visible(c.oid) AND c.relname = "
		"$2 LIMIT 1), current_schema(), '')) || '.' || "
		"quote_ident($2), "
		"0), CASE WHEN current_setting("
		"'client_connection_check_interval', true) = '0' THEN "
		"set_config('client_connection_check_interval', '1s', false) "
		"END";
	const char *params[2] = {db->schema, db->vt};
	PGresult *res;
	int rc = 0;

	res = PQexecParams(db->conn, sql, 2, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
		rc = rg_db_server_error(err, RG_ERROR, db->conn, res,
					"cannot compute the migration lock "
					"key: ");
	else
		snprintf(key, cap, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	return rc;
}

/* 1 if we got the lock, 0 if someone else holds it, or an error. */
static int try_lock(struct rg_db *db, const char *key, struct rg_error *err)
{
	const char *params[1] = {key};
	PGresult *res;
	int rc;

	res = PQexecParams(db->conn, "SELECT pg_try_advisory_lock($1::bigint)",
			   1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
		/* a lost connection is "unreachable" (exit 3), not a refusal */
		rc = rg_db_server_error(
			err,
			PQstatus(db->conn) == CONNECTION_BAD ? RG_ECONNECT
							     : RG_ERROR,
			db->conn, res, "cannot take the migration lock: ");
	else
		rc = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	return rc;
}

/*
 * Who holds it: "pid P (application_name)" into who, or "" when that
 * cannot be seen (released meanwhile, or no privilege).  A bigint key k is
 * shown in pg_locks as classid = k >> 32, objid = k & 0xffffffff,
 * objsubid = 1.
 */
static void lock_holder(struct rg_db *db, const char *key, char *who,
			size_t cap)
{
	static const char sql[] =
		"SELECT l.pid, coalesce(a.application_name, '') FROM pg_locks "
		"l LEFT JOIN pg_stat_activity a ON a.pid = l.pid WHERE "
		"l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND "
		"l.database = (SELECT oid FROM pg_database WHERE datname = "
		"current_database()) AND l.classid::bigint = (($1::bigint >> "
		"32) & 4294967295) AND l.objid::bigint = ($1::bigint & "
		"4294967295) AND l.pid <> pg_backend_pid() LIMIT 1";
	const char *params[1] = {key};
	PGresult *res;

	who[0] = '\0';
	res = PQexecParams(db->conn, sql, 1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
		snprintf(who, cap, "pid %s (%s)", PQgetvalue(res, 0, 0),
			 PQgetvalue(res, 0, 1));
	PQclear(res);
}

int rg_db_lock(struct rg_db *db, rg_db_notify_fn notify, void *ud,
	       struct rg_error *err)
{
	char key[64], who[256], line[512];
	double start = now_seconds(), delay = 0.1, left;
	int rc, told = 0;

	if ((rc = lock_key(db, key, sizeof(key), err)) < 0)
		return rc;
	for (;;) {
		if ((rc = try_lock(db, key, err)) != 0)
			return rc < 0 ? rc : 0;
		lock_holder(db, key, who, sizeof(who));
		if (!told && notify) {
			snprintf(line, sizeof(line),
				 "waiting for the migration lock on '%s'%s%s",
				 db->vt, who[0] ? " held by " : "", who);
			notify(ud, line);
			told = 1;
		}
		left = db->lock_timeout - (now_seconds() - start);
		if (db->lock_timeout >= 0 && left <= 0)
			break;
		sleep_seconds(db->lock_timeout >= 0 && left < delay ? left
								    : delay);
		delay = delay * 2 > 1.0 ? 1.0 : delay * 2;
	}
	return rg_error_set(err, RG_ELOCK, NULL, 0,
			    "timed out after %g s waiting for the migration "
			    "lock%s%s",
			    db->lock_timeout, who[0] ? " held by " : "", who);
}
