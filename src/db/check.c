/*
 * src/db/check.c - refuse a plan that cannot run, before any of it runs.
 *
 * Statements are parsed with libpg_query (its JSON tree: the protobuf one
 * needs protobuf-c headers we do not otherwise need).  A statement that
 * libpg_query cannot parse is let through: the server decides, and may be
 * newer than libpg_query's grammar.  Only statements containing one of a
 * few keywords are parsed at all, so a large plan costs little.
 */
#include <stdlib.h>
#include <string.h>

#include "graph/script.h"
#include "src/db/db.h"
#include "src/db/db_int.h"
#include "src/load/pgq.h"

/* One element of the "stmts" array: its node type and its JSON text. */
struct raw_stmt {
	const char *type;
	size_t tlen;
	const char *json;
	size_t len;
};

typedef int (*raw_fn)(void *ud, const struct raw_stmt *rs);

/*
 * Walk the elements of libpg_query's {"version":N,"stmts":[{"stmt":
 * {"Type":{...}}, ...}, ...]}: objects at depth 3.  Returns how many.
 */
static size_t each_raw(const char *json, raw_fn fn, void *ud)
{
	static const char head[] = "{\"stmt\":{\"";
	const char *p, *start = NULL;
	int depth = 0, in_str = 0;
	size_t n = 0;

	for (p = json; *p; p++) {
		if (in_str) {
			if (*p == '\\' && p[1])
				p++;
			else if (*p == '"')
				in_str = 0;
			continue;
		}
		if (*p == '"') {
			in_str = 1;
		} else if (*p == '{' || *p == '[') {
			if (++depth == 3 && *p == '{')
				start = p;
		} else if (*p == '}' || *p == ']') {
			if (depth-- == 3 && start) {
				struct raw_stmt rs = {"", 0, start,
						      (size_t)(p + 1 - start)};

				if (strncmp(start, head, sizeof(head) - 1) ==
				    0) {
					rs.type = start + sizeof(head) - 1;
					rs.tlen = strcspn(rs.type, "\"");
				}
				n++;
				if (fn && fn(ud, &rs))
					break;
				start = NULL;
			}
		}
	}
	return n;
}

size_t rg_db_count_raw_(const char *sql)
{
	struct rg_error ignored = RG_ERROR_INIT;
	PgQueryParseResult r;
	size_t n = 1;

	if (rg_pgq_load(&ignored) < 0)
		return n;
	r = pg_query_parse(sql);
	if (!r.error && r.parse_tree)
		n = each_raw(r.parse_tree, NULL, NULL);
	pg_query_free_parse_result(r);
	return n;
}

static int is_type(const struct raw_stmt *rs, const char *t)
{
	return rs->tlen == strlen(t) && memcmp(rs->type, t, rs->tlen) == 0;
}

static int has(const struct raw_stmt *rs, const char *s)
{
	return memmem(rs->json, rs->len, s, strlen(s)) != NULL;
}

/* What of rs cannot run inside a transaction block, or NULL. */
static const char *needs_no_tx(const struct raw_stmt *rs)
{
	static const struct {
		const char *type, *needle, *name;
	} rules[] = {
		{"IndexStmt", "\"concurrent\":true",
		 "CREATE INDEX CONCURRENTLY"},
		{"DropStmt", "\"concurrent\":true", "DROP INDEX CONCURRENTLY"},
		{"ReindexStmt", "\"defname\":\"concurrently\"",
		 "REINDEX CONCURRENTLY"},
		{"ReindexStmt", "REINDEX_OBJECT_SCHEMA", "REINDEX SCHEMA"},
		{"ReindexStmt", "REINDEX_OBJECT_DATABASE", "REINDEX DATABASE"},
		{"ReindexStmt", "REINDEX_OBJECT_SYSTEM", "REINDEX SYSTEM"},
		{"AlterTableStmt", "\"concurrent\":true",
		 "ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY"},
		{"CreatedbStmt", NULL, "CREATE DATABASE"},
		{"DropdbStmt", NULL, "DROP DATABASE"},
		{"AlterDatabaseStmt", "\"defname\":\"tablespace\"",
		 "ALTER DATABASE ... SET TABLESPACE"},
		{"CreateTableSpaceStmt", NULL, "CREATE TABLESPACE"},
		{"DropTableSpaceStmt", NULL, "DROP TABLESPACE"},
		{"VacuumStmt", "\"is_vacuumcmd\":true", "VACUUM"},
		{"AlterSystemStmt", NULL, "ALTER SYSTEM"},
		{"DiscardStmt", "DISCARD_ALL", "DISCARD ALL"},
		{"TransactionStmt", "TRANS_STMT_COMMIT_PREPARED",
		 "COMMIT PREPARED"},
		{"TransactionStmt", "TRANS_STMT_ROLLBACK_PREPARED",
		 "ROLLBACK PREPARED"},
	};
	size_t i;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (is_type(rs, rules[i].type) &&
		    (!rules[i].needle || has(rs, rules[i].needle)))
			return rules[i].name;
	/* CLUSTER with no table reclusters the whole database. */
	if (is_type(rs, "ClusterStmt") && !has(rs, "\"relation\""))
		return "CLUSTER";
	/* It creates a replication slot unless told not to (or not to
	 * connect at all). */
	if (is_type(rs, "CreateSubscriptionStmt") &&
	    !has(rs, "\"defname\":\"create_slot\"") &&
	    !has(rs, "\"defname\":\"connect\""))
		return "CREATE SUBSCRIPTION";
	return NULL;
}

/* Transaction control that would break the step's own transaction. */
static const char *tx_control(const struct raw_stmt *rs)
{
	static const struct {
		const char *kind, *name;
	} kinds[] = {
		{"\"TRANS_STMT_BEGIN\"", "BEGIN"},
		{"\"TRANS_STMT_START\"", "START TRANSACTION"},
		{"\"TRANS_STMT_COMMIT\"", "COMMIT"},
		{"\"TRANS_STMT_ROLLBACK\"", "ROLLBACK"},
		{"\"TRANS_STMT_PREPARE\"", "PREPARE TRANSACTION"},
	};
	size_t i;

	if (!is_type(rs, "TransactionStmt"))
		return NULL;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (has(rs, kinds[i].kind))
			return kinds[i].name;
	return NULL;
}

struct stmt_check {
	const char *path;
	int line;
	int in_tx; /* the section is transactional */
	int rc;
	struct rg_error *err;
};

static int check_raw(void *ud, const struct raw_stmt *rs)
{
	struct stmt_check *c = ud;
	const char *what;

	if (is_type(rs, "CopyStmt") && !has(rs, "\"filename\"")) {
		c->rc = rg_error_set(
			c->err, RG_ERROR, c->path, c->line,
			"COPY ... %s cannot run from a revision file; use "
			"INSERT, or COPY with a server-side file",
			has(rs, "\"is_from\":true") ? "FROM STDIN"
						    : "TO STDOUT");
		return 1;
	}
	if (!c->in_tx)
		return 0;
	if ((what = needs_no_tx(rs)) != NULL) {
		c->rc = rg_error_set(c->err, RG_ERROR, c->path, c->line,
				     "%s cannot run inside a transaction; put "
				     "\"-- revgraph:no-transaction\" in this "
				     "section",
				     what);
		return 1;
	}
	if ((what = tx_control(rs)) != NULL) {
		c->rc = rg_error_set(c->err, RG_ERROR, c->path, c->line,
				     "%s would break the transaction revgraph "
				     "runs this step in; put \"-- "
				     "revgraph:no-transaction\" in this "
				     "section to manage transactions yourself",
				     what);
		return 1;
	}
	return 0;
}

/* Cheap filter: could sql hold any statement check_raw() refuses? */
static int worth_parsing(const char *sql)
{
	static const char *const words[] = {
		"concurrently", "reindex", "database", "tablespace",   "vacuum",
		"system",	"cluster", "discard",  "subscription", "begin",
		"start",	"commit",  "rollback", "end",	       "abort",
		"prepare",	"copy",
	};
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcasestr(sql, words[i]))
			return 1;
	return 0;
}

static int check_section(const char *path, const struct rg_section *sec,
			 struct rg_error *err)
{
	size_t i;

	for (i = 0; i < sec->nstmts; i++) {
		const struct rg_stmt *st = &sec->stmts[i];
		struct stmt_check c = {path, st->line, !sec->no_transaction, 0,
				       err};
		PgQueryParseResult r;

		if (!worth_parsing(st->sql))
			continue;
		if ((c.rc = rg_pgq_load(err)) < 0)
			return c.rc;
		r = pg_query_parse(st->sql);
		if (!r.error && r.parse_tree)
			each_raw(r.parse_tree, check_raw, &c);
		pg_query_free_parse_result(r);
		if (c.rc < 0)
			return c.rc;
	}
	return 0;
}

static int check_step(const struct rg_step *step, int allow_py,
		      struct rg_error *err)
{
	const struct rg_rev *rev = step->rev;
	const struct rg_script *sc;

	switch (step->dir) {
	case RG_STAMP:
		return 0;
	case RG_UP:
	case RG_DOWN:
		break;
	}
	if (!rev || !(sc = rev->user))
		return rg_error_set(err, RG_ERROR, NULL, 0,
				    "revision '%s' has no script to run",
				    rev ? rev->id : "?");
	if (sc->kind == RG_SCRIPT_PY) {
		if (allow_py)
			return 0;
		return rg_error_set(err, RG_ENOPY, NULL, 0,
				    "revision %s (%s) is an Alembic .py "
				    "revision; running it needs revgraph "
				    "built with embedded Python",
				    rev->id, rev->path);
	}
	if (step->dir == RG_DOWN && !sc->down.present)
		return rg_error_set(err, RG_ERROR, NULL, 0,
				    "revision %s (%s) has no downgrade "
				    "section; cannot downgrade past it",
				    rev->id, rev->path);
	return check_section(sc->path ? sc->path : rev->path,
			     step->dir == RG_UP ? &sc->up : &sc->down, err);
}

int rg_db_check_plan(const struct rg_plan *plan, int allow_py,
		     struct rg_error *err)
{
	size_t i;
	int rc;

	for (i = 0; i < plan->nsteps; i++)
		if ((rc = check_step(&plan->steps[i], allow_py, err)) < 0)
			return rc;
	return 0;
}
