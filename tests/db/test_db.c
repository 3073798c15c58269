/*
 * tests/db/test_db.c - src/db against a real PostgreSQL.
 *
 * RG_TEST_URL names a server where we may create databases (tests/db/run.sh
 * starts one).  Without it only the tests that need no server run.  Each
 * database test works in a fresh database of its own.  Plans are built by
 * hand: the executor runs whatever plan it is handed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/wait.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "graph/script.h"
#include "harness.h"
#include "src/db/db.h"

/* ---- helpers ---- */

static const char *test_url(void)
{
	const char *u = getenv("RG_TEST_URL");

	return u && *u ? u : NULL;
}

#define NEED_DB()                                                              \
	do {                                                                   \
		if (!test_url()) {                                             \
			fprintf(stderr, "%s: skipped (no RG_TEST_URL)\n",      \
				__func__);                                     \
			return;                                                \
		}                                                              \
	} while (0)

/* conninfo for database name on the test server: caller frees. */
static char *db_conninfo(const char *name)
{
	PQconninfoOption *opts = PQconninfoParse(test_url(), NULL), *o;
	char buf[1024];
	size_t n = 0;

	buf[0] = '\0';
	for (o = opts; o && o->keyword; o++) {
		if (!o->val || strcmp(o->keyword, "dbname") == 0)
			continue;
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s='%s' ",
				      o->keyword, o->val);
	}
	snprintf(buf + n, sizeof(buf) - n, "dbname='%s'", name);
	PQconninfoFree(opts);
	return strdup(buf);
}

static void quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

static void admin_exec(const char *sql)
{
	PGconn *c = PQconnectdb(test_url());
	PGresult *r;

	PQsetNoticeProcessor(c, quiet, NULL);
	r = PQexec(c, sql);

	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		fprintf(stderr, "admin: %s: %s", sql, PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
}

/* A fresh, empty database; returns its conninfo (caller frees). */
static char *fresh_db(const char *name)
{
	char sql[256];

	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", name);
	admin_exec(sql);
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", name);
	admin_exec(sql);
	return db_conninfo(name);
}

/* First value of sql's first row on ci, or "(error)"/"(none)"; static. */
static const char *q1(const char *ci, const char *sql)
{
	static char out[1024];
	PGconn *c = PQconnectdb(ci);
	PGresult *r = PQexec(c, sql);

	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		snprintf(out, sizeof(out), "(error)");
	else if (PQntuples(r) == 0)
		snprintf(out, sizeof(out), "(none)");
	else
		snprintf(out, sizeof(out), "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	PQfinish(c);
	return out;
}

/* The version rows, sorted, space-joined ("" when none); static. */
static const char *rows_of(struct rg_db *db)
{
	static char out[1024];
	struct rg_error err = RG_ERROR_INIT;
	char **rows = NULL, *t;
	size_t n = 0, i, j, len = 0;

	out[0] = '\0';
	if (rg_vtable_read(db, &rows, &n, &err) < 0)
		return "(error)";
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (strcmp(rows[i], rows[j]) > 0)
				t = rows[i], rows[i] = rows[j], rows[j] = t;
	for (i = 0; i < n; i++)
		len += (size_t)snprintf(out + len, sizeof(out) - len, "%s%s",
					i ? " " : "", rows[i]);
	rg_vtable_rows_free(rows, n);
	return out;
}

static struct rg_db *open_db(const char *ci, const char *vt, const char *schema)
{
	struct rg_db_opts o = RG_DB_OPTS_INIT;
	struct rg_error err = RG_ERROR_INIT;
	struct rg_db *db = NULL;

	o.url = ci;
	o.version_table = vt;
	o.version_table_schema = schema;
	if (rg_db_connect(&o, &db, &err) < 0)
		fprintf(stderr, "connect: %s\n", err.msg);
	CHECK(db != NULL);
	return db;
}

/* ---- hand-made revisions and plans ---- */

#define NSTMT(a) (sizeof(a) / sizeof((a)[0]))

struct fixture {
	struct rg_script sc;
	struct rg_rev rev;
};

static void fx_init(struct fixture *f, const char *id, const char *path,
		    struct rg_stmt *up, size_t nup, struct rg_stmt *down,
		    size_t ndown)
{
	memset(f, 0, sizeof(*f));
	f->sc.kind = RG_SCRIPT_SQL;
	f->sc.path = (char *)path;
	f->sc.up.present = 1;
	f->sc.up.stmts = up;
	f->sc.up.nstmts = nup;
	f->sc.down.present = down != NULL;
	f->sc.down.stmts = down;
	f->sc.down.nstmts = ndown;
	f->rev.id = id;
	f->rev.path = path;
	f->rev.user = &f->sc;
}

static struct rg_step mkstep(enum rg_dir dir, struct fixture *f,
			     const char *from, const char *to,
			     struct rg_vchange *ch, size_t nch, int empty)
{
	struct rg_step s;

	memset(&s, 0, sizeof(s));
	s.dir = dir;
	s.rev = f ? &f->rev : NULL;
	s.from_text = from;
	s.to_text = to;
	s.changes = ch;
	s.nchanges = nch;
	s.rows_empty_before = empty;
	return s;
}

static struct rg_plan mkplan(struct rg_step *steps, size_t n)
{
	struct rg_plan p;

	memset(&p, 0, sizeof(p));
	p.steps = steps;
	p.nsteps = n;
	p.start_empty = n && steps[0].rows_empty_before;
	return p;
}

static struct rg_vchange ins(const char *to)
{
	struct rg_vchange c = {RG_VOP_INSERT, NULL, to};
	return c;
}

static struct rg_vchange upd(const char *from, const char *to)
{
	struct rg_vchange c = {RG_VOP_UPDATE, from, to};
	return c;
}

static struct rg_vchange del(const char *from)
{
	struct rg_vchange c = {RG_VOP_DELETE, from, NULL};
	return c;
}

/* Records on_step calls as "to,to,...". */
static void on_step(void *ud, const struct rg_step *s)
{
	char *log = ud;
	size_t n = strlen(log);

	snprintf(log + n, 256 - n, "%s%s", n ? "," : "", s->to_text);
}

/* ---- no database needed ---- */

static void conv(const char *in, const char *want)
{
	struct rg_buf b = RG_BUF_INIT;
	struct rg_error err = RG_ERROR_INIT;

	CHECK_INT(rg_db_url_to_libpq(in, &b, &err), 0);
	CHECK_STR(b.buf, want);
	rg_buf_release(&b);
}

static void test_db__url_to_libpq(void)
{
	struct rg_buf b = RG_BUF_INIT;
	struct rg_error err = RG_ERROR_INIT;

	conv("postgresql+psycopg2://u:p@h:5432/db?host=/dir",
	     "postgresql://u:p@h:5432/db?host=/dir");
	conv("postgres+asyncpg://u@/db?host=/tmp/x",
	     "postgresql://u@/db?host=/tmp/x");
	conv("postgresql://postgres@/db?host=/tmp/x",
	     "postgresql://postgres@/db?host=/tmp/x");
	conv("postgres://h/db", "postgresql://h/db");
	conv("host=/tmp user=u dbname=d", "host=/tmp user=u dbname=d");
	conv("mydb", "mydb");
	CHECK_INT(rg_db_url_to_libpq("mysql+pymysql://u@h/db", &b, &err),
		  RG_ECONNECT);
	CHECK_STR(err.msg, "unsupported database URL scheme 'mysql+pymysql': "
			   "revgraph works with PostgreSQL only");
	rg_buf_release(&b);
}

static void redacts(const char *in, const char *want)
{
	char *r = rg_db_redact(in);

	CHECK_STR(r, want);
	free(r);
}

static void test_db__redact(void)
{
	redacts("postgresql+psycopg2://scott:tiger@h:5432/db",
		"postgresql+psycopg2://scott:XXXXX@h:5432/db");
	redacts("postgresql://u:p%40ss@h/db?sslmode=require",
		"postgresql://u:XXXXX@h/db?sslmode=require");
	redacts("postgresql://u:pa/ss@w@h/db", "postgresql://u:XXXXX@h/db");
	redacts("postgresql://u@h/db", "postgresql://u@h/db");
	redacts("postgresql://h:5432/db", "postgresql://h:5432/db");
	redacts("postgresql:///db?host=/x&password=hunter2&user=u",
		"postgresql:///db?host=/x&password=XXXXX&user=u");
	redacts("host=h password=hunter2 user=u",
		"host=h password=XXXXX user=u");
	redacts("host=h password = 'hun ter\\'2' user=u",
		"host=h password=XXXXX user=u");
	redacts("dbname=postgresql://u:pw@h/db",
		"dbname=postgresql://u:XXXXX@h/db");
	redacts("dbname='postgresql://u:pw@h/db' user=x",
		"dbname='postgresql://u:XXXXX@h/db' user=x");
	redacts("host=h password 'oops'", "host=h XXXXX");
	redacts("mydb", "mydb");
	redacts(NULL, "(libpq defaults)");
}

static void connect_fails(const char *url, const char *secret,
			  const char *want_prefix)
{
	struct rg_db_opts o = RG_DB_OPTS_INIT;
	struct rg_error err = RG_ERROR_INIT;
	struct rg_db *db = NULL;

	o.url = url;
	o.connect_timeout = 2;
	CHECK_INT(rg_db_connect(&o, &db, &err), RG_ECONNECT);
	CHECK(db == NULL);
	CHECK(strstr(err.msg, secret) == NULL);
	CHECK(strncmp(err.msg, want_prefix, strlen(want_prefix)) == 0);
	CHECK(strchr(err.msg, '\n') == NULL);
	if (strstr(err.msg, secret) ||
	    strncmp(err.msg, want_prefix, strlen(want_prefix)))
		fprintf(stderr, "  message: %s\n", err.msg);
}

static void test_db__connect_fail(void)
{
	connect_fails(
		"postgresql+psycopg2://bob:s3cretpw@/nodb?host=/nonexistent",
		"s3cretpw",
		"cannot connect to postgresql+psycopg2://bob:XXXXX@/nodb?"
		"host=/nonexistent: connection to server on socket "
		"\"/nonexistent/.s.PGSQL.5432\" failed");
	/* libpq quotes pieces of a malformed URL: scrubbed. */
	connect_fails("postgresql://u:p%zzsecret@h/db", "zzsecret",
		      "cannot connect to postgresql://u:XXXXX@h/db: ");
	connect_fails("postgresql://u:secr/et@h/db", "secr",
		      "cannot connect to postgresql://u:XXXXX@h/db: ");
	connect_fails("host=/nonexistent password='top secret' dbname=x",
		      "top secret",
		      "cannot connect to host=/nonexistent password=XXXXX "
		      "dbname=x: ");
	connect_fails("sqlite:///x.db", "x.db",
		      "unsupported database URL scheme 'sqlite'");
}

static const char *render(const struct rg_plan *p, const char *vt,
			  const char *schema, int tps)
{
	static char out[8192];
	struct rg_buf b = RG_BUF_INIT;
	struct rg_error err = RG_ERROR_INIT;

	if (rg_offline_render(p, vt, schema, tps, &b, &err) < 0)
		snprintf(out, sizeof(out), "error %d: %s", err.code, err.msg);
	else
		snprintf(out, sizeof(out), "%s", b.buf);
	rg_buf_release(&b);
	return out;
}

/* Goldens: `alembic upgrade eee005 --sql` etc. on an equivalent project. */
static void test_db__offline(void)
{
	struct rg_stmt a_up[] = {{"CREATE TABLE t1 (id int)", 6}};
	struct rg_stmt a_dn[] = {{"DROP TABLE t1", 9}};
	struct rg_stmt b_up[] = {{"CREATE TABLE t2 (id int)", 6},
				 {"INSERT INTO t2 VALUES (1)", 7}};
	struct rg_stmt d_up[] = {{"  SELECT '%' ,\n\t 2  ", 6}};
	struct rg_stmt e_up[] = {{"SELECT 5", 6}};
	struct rg_stmt f_up[] = {
		{"CREATE INDEX CONCURRENTLY i1 ON t1 (id)", 7}};
	struct fixture a, b, d, e, f;
	struct rg_vchange c1[] = {ins("aaa001")},
			  c2[] = {upd("aaa001", "bbb002")},
			  c3[] = {upd("bbb002", "ddd004")},
			  c5[] = {del("ccc003"), upd("ddd004", "eee005")},
			  c6[] = {upd("eee005", "fff006")},
			  c7[] = {del("aaa001")};
	struct rg_step s[3];
	struct rg_plan p;

	fx_init(&a, "aaa001", "v/aaa001.sql", a_up, 1, a_dn, 1);
	fx_init(&b, "bbb002", "v/bbb002.sql", b_up, 2, NULL, 0);
	fx_init(&d, "ddd004", "v/ddd004.sql", d_up, 1, NULL, 0);
	fx_init(&e, "eee005", "v/eee005.sql", e_up, 1, NULL, 0);
	fx_init(&f, "fff006", "v/fff006.sql", f_up, 1, NULL, 0);
	f.sc.up.no_transaction = 1;

	s[0] = mkstep(RG_UP, &a, "", "aaa001", c1, 1, 1);
	s[1] = mkstep(RG_UP, &b, "aaa001", "bbb002", c2, 1, 0);
	p = mkplan(s, 2);
	CHECK_STR(
		render(&p, NULL, NULL, 0),
		"BEGIN;\n\n"
		"CREATE TABLE alembic_version (\n"
		"    version_num VARCHAR(32) NOT NULL, \n"
		"    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n"
		");\n\n"
		"-- Running upgrade  -> aaa001\n\n"
		"CREATE TABLE t1 (id int);\n\n"
		"INSERT INTO alembic_version (version_num) VALUES ('aaa001') "
		"RETURNING alembic_version.version_num;\n\n"
		"-- Running upgrade aaa001 -> bbb002\n\n"
		"CREATE TABLE t2 (id int);\n\n"
		"INSERT INTO t2 VALUES (1);\n\n"
		"UPDATE alembic_version SET version_num='bbb002' WHERE "
		"alembic_version.version_num = 'aaa001';\n\n"
		"COMMIT;\n\n");
	CHECK_STR(render(&p, "MyVer", "mysch", 1),
		  "BEGIN;\n\n"
		  "CREATE TABLE mysch.\"MyVer\" (\n"
		  "    version_num VARCHAR(32) NOT NULL, \n"
		  "    CONSTRAINT \"MyVer_pkc\" PRIMARY KEY (version_num)\n"
		  ");\n\n"
		  "-- Running upgrade  -> aaa001\n\n"
		  "CREATE TABLE t1 (id int);\n\n"
		  "INSERT INTO mysch.\"MyVer\" (version_num) VALUES ('aaa001') "
		  "RETURNING mysch.\"MyVer\".version_num;\n\n"
		  "COMMIT;\n\n"
		  "BEGIN;\n\n"
		  "-- Running upgrade aaa001 -> bbb002\n\n"
		  "CREATE TABLE t2 (id int);\n\n"
		  "INSERT INTO t2 VALUES (1);\n\n"
		  "UPDATE mysch.\"MyVer\" SET version_num='bbb002' WHERE "
		  "mysch.\"MyVer\".version_num = 'aaa001';\n\n"
		  "COMMIT;\n\n");
	p = mkplan(s, 1);
	CHECK_STR(render(&p, "select", "My-S", 1),
		  "BEGIN;\n\n"
		  "CREATE TABLE \"My-S\".\"select\" (\n"
		  "    version_num VARCHAR(32) NOT NULL, \n"
		  "    CONSTRAINT select_pkc PRIMARY KEY (version_num)\n"
		  ");\n\n"
		  "-- Running upgrade  -> aaa001\n\n"
		  "CREATE TABLE t1 (id int);\n\n"
		  "INSERT INTO \"My-S\".\"select\" (version_num) VALUES "
		  "('aaa001') RETURNING \"My-S\".\"select\".version_num;\n\n"
		  "COMMIT;\n\n");

	/* Strip, tabs to 4 spaces, '%' untouched; merge statements. */
	s[0] = mkstep(RG_UP, &d, "bbb002", "ddd004", c3, 1, 0);
	s[1] = mkstep(RG_UP, &e, "ccc003, ddd004", "eee005", c5, 2, 0);
	p = mkplan(s, 2);
	CHECK_STR(render(&p, NULL, NULL, 0),
		  "BEGIN;\n\n"
		  "-- Running upgrade bbb002 -> ddd004\n\n"
		  "SELECT '%' ,\n     2;\n\n"
		  "UPDATE alembic_version SET version_num='ddd004' WHERE "
		  "alembic_version.version_num = 'bbb002';\n\n"
		  "-- Running upgrade ccc003, ddd004 -> eee005\n\n"
		  "SELECT 5;\n\n"
		  "DELETE FROM alembic_version WHERE "
		  "alembic_version.version_num = 'ccc003';\n\n"
		  "UPDATE alembic_version SET version_num='eee005' WHERE "
		  "alembic_version.version_num = 'ddd004';\n\n"
		  "COMMIT;\n\n");

	/* A no-transaction section, as Alembic prints autocommit_block(). */
	s[0] = mkstep(RG_UP, &f, "eee005", "fff006", c6, 1, 0);
	p = mkplan(s, 1);
	CHECK_STR(render(&p, NULL, NULL, 0),
		  "BEGIN;\n\n"
		  "-- Running upgrade eee005 -> fff006\n\n"
		  "COMMIT;\n\n"
		  "CREATE INDEX CONCURRENTLY i1 ON t1 (id);\n\n"
		  "BEGIN;\n\n"
		  "UPDATE alembic_version SET version_num='fff006' WHERE "
		  "alembic_version.version_num = 'eee005';\n\n"
		  "COMMIT;\n\n");
	CHECK_STR(render(&p, NULL, NULL, 1),
		  "BEGIN;\n\n"
		  "-- Running upgrade eee005 -> fff006\n\n"
		  "COMMIT;\n\n"
		  "CREATE INDEX CONCURRENTLY i1 ON t1 (id);\n\n"
		  "BEGIN;\n\n"
		  "UPDATE alembic_version SET version_num='fff006' WHERE "
		  "alembic_version.version_num = 'eee005';\n\n"
		  "COMMIT;\n\n");

	/* Down to base: a trailing space after "->", and no DROP TABLE. */
	s[0] = mkstep(RG_DOWN, &a, "aaa001", "", c7, 1, 0);
	p = mkplan(s, 1);
	CHECK_STR(render(&p, NULL, NULL, 0),
		  "BEGIN;\n\n"
		  "-- Running downgrade aaa001 -> \n\n"
		  "DROP TABLE t1;\n\n"
		  "DELETE FROM alembic_version WHERE "
		  "alembic_version.version_num = 'aaa001';\n\n"
		  "COMMIT;\n\n");
	/* A stamp from empty. */
	s[0] = mkstep(RG_STAMP, NULL, "", "bbb002", c1, 1, 1);
	c1[0].to = "bbb002";
	p = mkplan(s, 1);
	CHECK_STR(
		render(&p, NULL, NULL, 0),
		"BEGIN;\n\n"
		"CREATE TABLE alembic_version (\n"
		"    version_num VARCHAR(32) NOT NULL, \n"
		"    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n"
		");\n\n"
		"-- Running stamp_revision  -> bbb002\n\n"
		"INSERT INTO alembic_version (version_num) VALUES ('bbb002') "
		"RETURNING alembic_version.version_num;\n\n"
		"COMMIT;\n\n");
	/* Nothing to do. */
	p = mkplan(s, 0);
	CHECK_STR(render(&p, NULL, NULL, 0), "BEGIN;\n\nCOMMIT;\n\n");
	CHECK_STR(render(&p, NULL, NULL, 1), "");
	/* Downgrading past a file without a downgrade section. */
	s[0] = mkstep(RG_DOWN, &b, "bbb002", "aaa001", c2, 1, 0);
	p = mkplan(s, 1);
	CHECK_STR(render(&p, NULL, NULL, 0),
		  "error -1: revision bbb002 (v/bbb002.sql) has no downgrade "
		  "section; cannot downgrade past it");
}

static void quotes(const char *in, const char *want)
{
	struct rg_buf b = RG_BUF_INIT;

	rg_offline_quote_ident(in, &b);
	CHECK_STR(b.buf, want);
	rg_buf_release(&b);
}

static void test_db__quote_ident(void)
{
	static const char *const reserved[] = {
		"all",	 "analyse", "current_timestamp", "isnull", "localtime",
		"order", "select",  "session_user",	 "user",   "with",
		"end"};
	size_t i;

	quotes("alembic_version", "alembic_version");
	quotes("a$1", "a$1");
	quotes("MyVer", "\"MyVer\"");
	quotes("1abc", "\"1abc\"");
	quotes("$x", "\"$x\"");
	quotes("a-b", "\"a-b\"");
	quotes("a\"b", "\"a\"\"b\"");
	quotes("version", "version");
	quotes("tables", "tables");
	quotes("", "\"\"");
	quotes("caf\xc3\xa9", "\"caf\xc3\xa9\"");
	for (i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++) {
		char want[64];

		snprintf(want, sizeof(want), "\"%s\"", reserved[i]);
		quotes(reserved[i], want);
	}
}

/* ---- checks before anything runs (no database needed) ---- */

static void refused(struct rg_stmt *st, int notx, int rc_want, const char *msg)
{
	struct fixture f;
	struct rg_vchange c[] = {ins("x1")};
	struct rg_step s[1];
	struct rg_plan p;
	struct rg_error err = RG_ERROR_INIT;

	fx_init(&f, "x1", "v/x1.sql", st, 1, NULL, 0);
	f.sc.up.no_transaction = notx;
	s[0] = mkstep(RG_UP, &f, "", "x1", c, 1, 1);
	p = mkplan(s, 1);
	CHECK_INT(rg_db_check_plan(&p, 0, &err), rc_want);
	if (rc_want < 0) {
		CHECK_STR(err.msg, msg);
		CHECK_STR(err.path, "v/x1.sql");
		CHECK_INT(err.line, st->line);
	}
}

static void test_db__check_statements(void)
{
	static const char *const no_tx[][2] = {
		{"create index concurrently i on t (a)",
		 "CREATE INDEX CONCURRENTLY"},
		{"DROP INDEX CONCURRENTLY IF EXISTS i",
		 "DROP INDEX CONCURRENTLY"},
		{"REINDEX INDEX CONCURRENTLY i", "REINDEX CONCURRENTLY"},
		{"REINDEX DATABASE d", "REINDEX DATABASE"},
		{"VACUUM (ANALYZE) t", "VACUUM"},
		{"CREATE DATABASE x", "CREATE DATABASE"},
		{"DROP DATABASE x", "DROP DATABASE"},
		{"CREATE TABLESPACE x LOCATION '/x'", "CREATE TABLESPACE"},
		{"ALTER SYSTEM SET work_mem = '1MB'", "ALTER SYSTEM"},
		{"ALTER TABLE p DETACH PARTITION c CONCURRENTLY",
		 "ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY"},
		{"CLUSTER", "CLUSTER"},
		{"DISCARD ALL", "DISCARD ALL"},
	};
	static const char *const fine[] = {
		"CREATE INDEX i ON t (a)",
		"ANALYZE t",
		"CLUSTER t USING i",
		"ALTER TYPE e ADD VALUE 'b'",
		"SAVEPOINT a",
		"SELECT 'create index concurrently'",
		"CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$BEGIN "
		"COMMIT; END$$",
		"this is not SQL at all: the server will say so",
		"COPY t FROM '/tmp/x'"};
	char msg[512];
	size_t i;

	for (i = 0; i < sizeof(no_tx) / sizeof(no_tx[0]); i++) {
		struct rg_stmt st = {(char *)no_tx[i][0], 12};

		snprintf(msg, sizeof(msg),
			 "%s cannot run inside a transaction; put \"-- "
			 "revgraph:no-transaction\" in this section",
			 no_tx[i][1]);
		refused(&st, 0, RG_ERROR, msg);
		refused(&st, 1, 0, NULL);
	}
	for (i = 0; i < sizeof(fine) / sizeof(fine[0]); i++) {
		struct rg_stmt st = {(char *)fine[i], 3};

		refused(&st, 0, 0, NULL);
	}
	{
		struct rg_stmt st = {"COMMIT", 4};

		refused(&st, 0, RG_ERROR,
			"COMMIT would break the transaction revgraph runs this "
			"step in; put \"-- revgraph:no-transaction\" in this "
			"section to manage transactions yourself");
		refused(&st, 1, 0, NULL);
	}
	{
		struct rg_stmt st = {"begin", 4};

		refused(&st, 0, RG_ERROR,
			"BEGIN would break the transaction revgraph runs this "
			"step in; put \"-- revgraph:no-transaction\" in this "
			"section to manage transactions yourself");
	}
	{
		struct rg_stmt st = {"COPY t FROM STDIN", 8};

		refused(&st, 1, RG_ERROR,
			"COPY ... FROM STDIN cannot run from a revision file; "
			"use INSERT, or COPY with a server-side file");
	}
}

static int fake_py(void *ud, struct rg_db *db, PGconn *conn,
		   const struct rg_step *step, struct rg_error *err)
{
	PGresult *r = PQexec(conn, "CREATE TABLE made_by_py (id int)");
	int rc = 0;

	(void)db;
	(void)step;
	(*(int *)ud)++;
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		rc = rg_error_set(err, RG_ERROR, NULL, 0, "py failed");
	PQclear(r);
	return rc;
}

static void test_db__check_py_and_down(void)
{
	struct fixture f;
	struct rg_vchange c[] = {del("p1")};
	struct rg_step s[1];
	struct rg_plan p;
	struct rg_error err = RG_ERROR_INIT;

	fx_init(&f, "p1", "v/p1_x.py", NULL, 0, NULL, 0);
	f.sc.kind = RG_SCRIPT_PY;
	s[0] = mkstep(RG_UP, &f, "", "p1", c, 1, 1);
	p = mkplan(s, 1);
	CHECK_INT(rg_db_check_plan(&p, 0, &err), RG_ENOPY);
	CHECK_STR(err.msg, "revision p1 (v/p1_x.py) is an Alembic .py "
			   "revision; running it needs revgraph built with "
			   "embedded Python");
	CHECK_INT(rg_db_check_plan(&p, 1, &err), 0);
	/* Stamps run nothing: no check. */
	s[0] = mkstep(RG_STAMP, NULL, "", "p1", c, 1, 1);
	CHECK_INT(rg_db_check_plan(&p, 0, &err), 0);
}

/* ---- with a database ---- */

static void test_db__vtable(void)
{
	char *ci;
	struct rg_db *db;
	struct rg_error err = RG_ERROR_INIT;
	struct rg_vchange c1[] = {ins("aaa001")};
	struct rg_step s[1];
	struct rg_plan p;
	char **rows = NULL;
	size_t n = 9;

	NEED_DB();
	ci = fresh_db("rg_vtable");
	db = open_db(ci, NULL, NULL);
	/* Missing: no rows, and reading does not create it. */
	CHECK_INT(rg_vtable_read(db, &rows, &n, &err), 0);
	CHECK_INT(n, 0);
	CHECK(rows == NULL);
	CHECK_INT(rg_vtable_exists(db, &err), 0);
	/* Empty plan from nothing: created, as Alembic does. */
	p = mkplan(s, 0);
	CHECK_INT(rg_db_run_plan(db, &p, 0, NULL, NULL, &err), 0);
	CHECK_INT(rg_vtable_exists(db, &err), 1);
	CHECK_STR(q1(ci, "SELECT pg_get_constraintdef(oid) || ' ' || conname "
			 "FROM pg_constraint WHERE conrelid = "
			 "'alembic_version'::regclass"),
		  "PRIMARY KEY (version_num) alembic_version_pkc");
	CHECK_STR(q1(ci, "SELECT format_type(atttypid, atttypmod) || "
			 "attnotnull FROM pg_attribute WHERE attrelid = "
			 "'alembic_version'::regclass AND attname = "
			 "'version_num'"),
		  "character varying(32)true");
	s[0] = mkstep(RG_STAMP, NULL, "", "aaa001", c1, 1, 1);
	p = mkplan(s, 1);
	CHECK_INT(rg_db_run_plan(db, &p, 0, NULL, NULL, &err), 0);
	CHECK_STR(rows_of(db), "aaa001");
	rg_db_free(db);

	/* A schema and a name that needs quoting. */
	db = open_db(ci, "MyVer", "my sch");
	CHECK_INT(rg_vtable_exists(db, &err), 0);
	CHECK_INT(rg_db_run_plan(db, &p, 0, NULL, NULL, &err), RG_EVTABLE);
	CHECK(strstr(err.msg, "cannot create version table 'MyVer': schema "
			      "\"my sch\" does not exist") != NULL);
	q1(ci, "CREATE SCHEMA \"my sch\"; SELECT 1");
	CHECK_INT(rg_db_run_plan(db, &p, 0, NULL, NULL, &err), 0);
	CHECK_STR(rows_of(db), "aaa001");
	CHECK_STR(q1(ci, "SELECT conname FROM pg_constraint WHERE conrelid = "
			 "'\"my sch\".\"MyVer\"'::regclass"),
		  "MyVer_pkc");
	rg_db_free(db);

	/* Visible through search_path only. */
	q1(ci, "CREATE SCHEMA other; CREATE TABLE other.alembic_version "
	       "(version_num varchar(32) primary key); INSERT INTO "
	       "other.alembic_version VALUES ('zzz'); SELECT 1");
	q1(ci, "DROP TABLE public.alembic_version; SELECT 1");
	db = open_db(ci, NULL, NULL);
	CHECK_INT(rg_vtable_exists(db, &err), 0);
	rg_db_free(db);
	q1(ci, "ALTER DATABASE rg_vtable SET search_path = other, public; "
	       "SELECT 1");
	db = open_db(ci, NULL, NULL);
	CHECK_STR(rows_of(db), "zzz");
	rg_db_free(db);

	/* Unreadable: wrong shape. */
	db = open_db(ci, "badver", NULL);
	q1(ci, "CREATE TABLE public.badver (x int); SELECT 1");
	CHECK_INT(rg_vtable_read(db, &rows, &n, &err), RG_EVTABLE);
	CHECK_STR(err.msg, "cannot read version table 'badver': column "
			   "badver.version_num does not exist");
	rg_db_free(db);
	free(ci);
}

static void test_db__run_updown(void)
{
	struct rg_stmt a_up[] = {{"CREATE TABLE t1 (id int)", 8}};
	struct rg_stmt a_dn[] = {{"DROP TABLE t1", 11}};
	struct rg_stmt b_up[] = {{"CREATE TABLE t2 (id int)", 8},
				 {"-- a comment only", 9},
				 {"INSERT INTO t2 VALUES (1) -- trailing", 10}};
	struct rg_stmt b_dn[] = {{"DROP TABLE t2", 12}};
	struct fixture a, b;
	struct rg_vchange c1[] = {ins("aaa001")},
			  c2[] = {upd("aaa001", "bbb002")},
			  c3[] = {upd("bbb002", "aaa001")},
			  c4[] = {del("aaa001")};
	struct rg_step s[2];
	struct rg_plan p;
	struct rg_error err = RG_ERROR_INIT;
	struct rg_db *db;
	char log[256] = "";
	char *ci;

	NEED_DB();
	ci = fresh_db("rg_updown");
	db = open_db(ci, NULL, NULL);
	fx_init(&a, "aaa001", "v/aaa001.sql", a_up, 1, a_dn, 1);
	fx_init(&b, "bbb002", "v/bbb002.sql", b_up, 3, b_dn, 1);
	s[0] = mkstep(RG_UP, &a, "", "aaa001", c1, 1, 1);
	s[1] = mkstep(RG_UP, &b, "aaa001", "bbb002", c2, 1, 0);
	p = mkplan(s, 2);
	CHECK_INT(rg_db_run_plan(db, &p, 0, on_step, log, &err), 0);
	CHECK_STR(log, "aaa001,bbb002");
	CHECK_STR(rows_of(db), "bbb002");
	CHECK_STR(q1(ci, "SELECT id FROM t2"), "1");

	s[0] = mkstep(RG_DOWN, &b, "bbb002", "aaa001", c3, 1, 0);
	s[1] = mkstep(RG_DOWN, &a, "aaa001", "", c4, 1, 0);
	CHECK_INT(rg_db_run_plan(db, &p, 0, NULL, NULL, &err), 0);
	CHECK_STR(rows_of(db), "");
	/* Online the table stays. */
	CHECK_INT(rg_vtable_exists(db, &err), 1);
	CHECK_STR(q1(ci, "SELECT to_regclass('t1') IS NULL"), "t");
	rg_db_free(db);
	free(ci);
}

static void test_db__merge_unmerge(void)
{
	struct rg_stmt e_up[] = {{"CREATE TABLE merged (id int)", 4}};
	struct rg_stmt e_dn[] = {{"DROP TABLE merged", 6}};
	struct fixture e;
	struct rg_vchange c0[] = {ins("ccc003"), ins("ddd004")},
			  c1[] = {del("ccc003"), upd("ddd004", "eee005")},
			  c2[] = {ins("ccc003"), upd("eee005", "ddd004")};
	struct rg_step s[1];
	struct rg_plan p;
	struct rg_error err = RG_ERROR_INIT;
	struct rg_db *db;
	char *ci;

	NEED_DB();
	ci = fresh_db("rg_merge");
	db = open_db(ci, NULL, NULL);
	fx_init(&e, "eee005", "v/eee005.sql", e_up, 1, e_dn, 1);
	s[0] = mkstep(RG_STAMP, NULL, "", "ccc003, ddd004", c0, 2, 1);
	p = mkplan(s, 1);
	CHECK_INT(rg_db_run_plan(db, &p, 0, NULL, NULL, &err), 0);
	CHECK_STR(rows_of(db), "ccc003 ddd004");
	s[0] = mkstep(RG_UP, &e, "ccc003, ddd004", "eee005", c1, 2, 0);
	CHECK_INT(rg_db_run_plan(db, &p, 0, NULL, NULL, &err), 0);
	CHECK_STR(rows_of(db), "eee005");
	s[0] = mkstep(RG_DOWN, &e, "eee005", "ccc003, ddd004", c2, 2, 0);
	CHECK_INT(rg_db_run_plan(db, &p, 0, NULL, NULL, &err), 0);
	CHECK_STR(rows_of(db), "ccc003 ddd004");
	CHECK_STR(q1(ci, "SELECT to_regclass('merged') IS NULL"), "t");
	/* stamp --purge: every row goes first. */
	c0[0] = ins("zzz");
	s[0] = mkstep(RG_STAMP, NULL, "", "zzz", c0, 1, 1);
	CHECK_INT(rg_db_run_plan(db, &p, RG_DB_PURGE, NULL, NULL, &err), 0);
	CHECK_STR(rows_of(db), "zzz");
	rg_db_free(db);
	free(ci);
}

static void test_db__failing_statement(void)
{
	struct rg_stmt a_up[] = {{"CREATE TABLE t1 (id int primary key)", 8}};
	struct rg_stmt b_up[] = {{"CREATE TABLE t2 (id int)", 8}};
	/* Runtime error: no position; found by counting commands. */
	struct rg_stmt c_up[] = {{"CREATE TABLE t3 (id int)", 8},
				 {"-- nothing", 9},
				 {"SELECT\n  1/0", 10},
				 {"CREATE TABLE t4 (id int)", 12}};
	/* Error with a position, after multibyte text. */
	struct rg_stmt d_up[] = {{"SELECT '\xc3\xa9\xc3\xa9\xc3\xa9'", 3},
				 {"SELECT 1", 4},
				 {"SELECT * FROM\n nope", 5},
				 {"SELECT 2", 7}};
	/* Syntax error: nothing of the string ran. */
	struct rg_stmt e_up[] = {{"CREATE TABLE t5 (id int)", 3},
				 {"SELEC 1", 4}};
	/* Server detail. */
	struct rg_stmt f_up[] = {{"INSERT INTO t1 VALUES (1)", 3},
				 {"INSERT INTO t1 VALUES (1)", 4}};
	struct fixture a, b, c, d, e, f;
	struct rg_vchange c1[] = {ins("aaa001")},
			  c2[] = {upd("aaa001", "bbb002")},
			  c3[] = {upd("bbb002", "ccc003")};
	struct rg_step s[3];
	struct rg_plan p;
	struct rg_error err = RG_ERROR_INIT;
	struct rg_db *db;
	char *ci;

	NEED_DB();
	ci = fresh_db("rg_fail");
	db = open_db(ci, NULL, NULL);
	fx_init(&a, "aaa001", "v/aaa001.sql", a_up, 1, NULL, 0);
	fx_init(&b, "bbb002", "v/bbb002.sql", b_up, 1, NULL, 0);
	fx_init(&c, "ccc003", "v/ccc003.sql", c_up, 4, NULL, 0);
	s[0] = mkstep(RG_UP, &a, "", "aaa001", c1, 1, 1);
	s[1] = mkstep(RG_UP, &b, "aaa001", "bbb002", c2, 1, 0);
	s[2] = mkstep(RG_UP, &c, "bbb002", "ccc003", c3, 1, 0);
	p = mkplan(s, 3);
	CHECK_INT(rg_db_run_plan(db, &p, 0, NULL, NULL, &err), RG_ESQL);
	CHECK_STR(err.msg, "upgrade bbb002 -> ccc003: division by zero (step "
			   "rolled back; 2 earlier steps stay applied)");
	CHECK_STR(err.path, "v/ccc003.sql");
	CHECK_INT(err.line, 10);
	CHECK_STR(rows_of(db), "bbb002");
	CHECK_STR(q1(ci, "SELECT to_regclass('t2') IS NOT NULL AND "
			 "to_regclass('t3') IS NULL"),
		  "t");

	fx_init(&d, "ddd004", "v/ddd004.sql", d_up, 4, NULL, 0);
	s[0] = mkstep(RG_UP, &d, "bbb002", "ddd004", c3, 1, 0);
	c3[0].to = "ddd004";
	p = mkplan(s, 1);
	CHECK_INT(rg_db_run_plan(db, &p, 0, NULL, NULL, &err), RG_ESQL);
	CHECK_STR(err.msg, "upgrade bbb002 -> ddd004: relation \"nope\" does "
			   "not exist (step rolled back; no earlier step "
			   "was applied)");
	CHECK_INT(err.line, 5);

	fx_init(&e, "eee005", "v/eee005.sql", e_up, 2, NULL, 0);
	s[0] = mkstep(RG_UP, &e, "bbb002", "eee005", c3, 1, 0);
	CHECK_INT(rg_db_run_plan(db, &p, 0, NULL, NULL, &err), RG_ESQL);
	CHECK_STR(err.msg,
		  "upgrade bbb002 -> eee005: syntax error at or near "
		  "\"SELEC\" (step rolled back; no earlier step was applied)");
	CHECK_STR(err.path, "v/eee005.sql");
	CHECK_INT(err.line, 4);
	CHECK_STR(rows_of(db), "bbb002");

	fx_init(&f, "fff006", "v/fff006.sql", f_up, 2, NULL, 0);
	s[0] = mkstep(RG_UP, &f, "bbb002", "fff006", c3, 1, 0);
	CHECK_INT(rg_db_run_plan(db, &p, 0, NULL, NULL, &err), RG_ESQL);
	CHECK_INT(err.line, 4);
	CHECK_STR(err.detail, "Key (id)=(1) already exists.");
	CHECK_STR(q1(ci, "SELECT count(*) FROM t1"), "0");
	CHECK_STR(rows_of(db), "bbb002");
	rg_db_free(db);
	free(ci);
}

static void test_db__single_transaction(void)
{
	struct rg_stmt a_up[] = {{"CREATE TABLE t1 (id int)", 8}};
	struct rg_stmt b_up[] = {{"SELECT 1/0", 8}};
	struct fixture a, b;
	struct rg_vchange c1[] = {ins("aaa001")},
			  c2[] = {upd("aaa001", "bbb002")};
	struct rg_step s[2];
	struct rg_plan p;
	struct rg_error err = RG_ERROR_INIT;
	struct rg_db *db;
	char *ci;

	NEED_DB();
	ci = fresh_db("rg_single");
	db = open_db(ci, NULL, NULL);
	fx_init(&a, "aaa001", "v/aaa001.sql", a_up, 1, NULL, 0);
	fx_init(&b, "bbb002", "v/bbb002.sql", b_up, 1, NULL, 0);
	s[0] = mkstep(RG_UP, &a, "", "aaa001", c1, 1, 1);
	s[1] = mkstep(RG_UP, &b, "aaa001", "bbb002", c2, 1, 0);
	p = mkplan(s, 2);
	CHECK_INT(rg_db_run_plan(db, &p, RG_DB_SINGLE_TRANSACTION, NULL, NULL,
				 &err),
		  RG_ESQL);
	CHECK_STR(err.msg, "upgrade aaa001 -> bbb002: division by zero "
			   "(rolled back; no earlier step was applied)");
	/* Not even the version table is left (Alembic §7.1). */
	CHECK_INT(rg_vtable_exists(db, &err), 0);
	CHECK_STR(q1(ci, "SELECT to_regclass('t1') IS NULL"), "t");
	b_up[0].sql = "SELECT 1";
	CHECK_INT(rg_db_run_plan(db, &p, RG_DB_SINGLE_TRANSACTION, NULL, NULL,
				 &err),
		  0);
	CHECK_STR(rows_of(db), "bbb002");
	rg_db_free(db);
	free(ci);
}

/*
 * --single-transaction, a no-transaction section, then a failure: the
 * section's statements were committed, its version change was not, and
 * the message says so.
 */
static void test_db__single_transaction_after_notx(void)
{
	struct rg_stmt a_up[] = {{"CREATE TABLE t1 (id int)", 8}};
	struct rg_stmt b_up[] = {
		{"CREATE INDEX CONCURRENTLY i1 ON t1 (id)", 9}};
	struct rg_stmt c_up[] = {{"INSERT INTO t1 VALUES (1)", 3},
				 {"SELECT 1/0", 4}};
	struct fixture a, b, c;
	struct rg_vchange c1[] = {ins("aaa001")},
			  c2[] = {upd("aaa001", "bbb002")},
			  c3[] = {upd("bbb002", "ccc003")};
	struct rg_step s[3];
	struct rg_plan p;
	struct rg_error err = RG_ERROR_INIT;
	struct rg_db *db;
	char *ci;

	NEED_DB();
	ci = fresh_db("rg_single_notx");
	db = open_db(ci, NULL, NULL);
	fx_init(&a, "aaa001", "v/aaa001.sql", a_up, 1, NULL, 0);
	fx_init(&b, "bbb002", "v/bbb002.sql", b_up, 1, NULL, 0);
	fx_init(&c, "ccc003", "v/ccc003.sql", c_up, 2, NULL, 0);
	b.sc.up.no_transaction = 1;
	s[0] = mkstep(RG_UP, &a, "", "aaa001", c1, 1, 1);
	s[1] = mkstep(RG_UP, &b, "aaa001", "bbb002", c2, 1, 0);
	s[2] = mkstep(RG_UP, &c, "bbb002", "ccc003", c3, 1, 0);
	p = mkplan(s, 3);
	CHECK_INT(rg_db_run_plan(db, &p, RG_DB_SINGLE_TRANSACTION, NULL, NULL,
				 &err),
		  RG_ESQL);
	CHECK_STR(err.msg, "upgrade bbb002 -> ccc003: division by zero "
			   "(rolled back; 1 earlier step stays applied; the "
			   "no-transaction statements of upgrade aaa001 -> "
			   "bbb002 stay applied without its version-table "
			   "change)");
	CHECK_INT(err.line, 4);
	CHECK_STR(rows_of(db), "aaa001");
	CHECK_STR(q1(ci, "SELECT to_regclass('i1') IS NOT NULL"), "t");
	CHECK_STR(q1(ci, "SELECT count(*) FROM t1"), "0");
	rg_db_free(db);
	free(ci);
}

static void test_db__no_transaction(void)
{
	struct rg_stmt a_up[] = {{"CREATE TABLE t1 (id int)", 8}};
	struct rg_stmt b_up[] = {{"CREATE INDEX CONCURRENTLY i1 ON t1 (id)", 9},
				 {"VACUUM t1", 10}};
	struct rg_stmt c_up[] = {
		{"CREATE INDEX CONCURRENTLY i2 ON t1 (id)", 9},
		{"CREATE INDEX CONCURRENTLY i1 ON t1 (id)", 10}};
	struct rg_stmt bad_up[] = {
		{"SELECT 1", 3},
		{"CREATE INDEX CONCURRENTLY ix ON t1 (id)", 4}};
	struct fixture a, b, c, bad;
	struct rg_vchange c1[] = {ins("aaa001")},
			  c2[] = {upd("aaa001", "bbb002")},
			  c3[] = {upd("bbb002", "ccc003")};
	struct rg_step s[2];
	struct rg_plan p;
	struct rg_error err = RG_ERROR_INIT;
	struct rg_db *db;
	char *ci;
	int single;

	NEED_DB();
	for (single = 0; single < 2; single++) {
		ci = fresh_db(single ? "rg_notx1" : "rg_notx0");
		db = open_db(ci, NULL, NULL);
		fx_init(&a, "aaa001", "v/aaa001.sql", a_up, 1, NULL, 0);
		fx_init(&b, "bbb002", "v/bbb002.sql", b_up, 2, NULL, 0);
		b.sc.up.no_transaction = 1;
		s[0] = mkstep(RG_UP, &a, "", "aaa001", c1, 1, 1);
		s[1] = mkstep(RG_UP, &b, "aaa001", "bbb002", c2, 1, 0);
		p = mkplan(s, 2);
		CHECK_INT(rg_db_run_plan(db, &p,
					 single ? RG_DB_SINGLE_TRANSACTION : 0,
					 NULL, NULL, &err),
			  0);
		CHECK_STR(rows_of(db), "bbb002");
		CHECK_STR(q1(ci, "SELECT indisvalid FROM pg_index WHERE "
				 "indexrelid = 'i1'::regclass"),
			  "t");

		/* A failing no-transaction statement: earlier ones stay. */
		fx_init(&c, "ccc003", "v/ccc003.sql", c_up, 2, NULL, 0);
		c.sc.up.no_transaction = 1;
		s[0] = mkstep(RG_UP, &c, "bbb002", "ccc003", c3, 1, 0);
		p = mkplan(s, 1);
		CHECK_INT(rg_db_run_plan(db, &p, 0, NULL, NULL, &err), RG_ESQL);
		CHECK_STR(err.msg,
			  "upgrade bbb002 -> ccc003: relation \"i1\" already "
			  "exists (no-transaction section: 1 earlier statement "
			  "of it stays applied, the version table was not "
			  "changed; no earlier step was applied)");
		CHECK_INT(err.line, 10);
		CHECK_STR(rows_of(db), "bbb002");
		CHECK_STR(q1(ci, "SELECT to_regclass('i2') IS NOT NULL"), "t");
		rg_db_free(db);
		free(ci);
	}

	/* CONCURRENTLY in a transactional section: refused before step 1. */
	ci = fresh_db("rg_notx2");
	db = open_db(ci, NULL, NULL);
	fx_init(&a, "aaa001", "v/aaa001.sql", a_up, 1, NULL, 0);
	fx_init(&bad, "bbb002", "v/bbb002.sql", bad_up, 2, NULL, 0);
	s[0] = mkstep(RG_UP, &a, "", "aaa001", c1, 1, 1);
	s[1] = mkstep(RG_UP, &bad, "aaa001", "bbb002", c2, 1, 0);
	p = mkplan(s, 2);
	CHECK_INT(rg_db_run_plan(db, &p, 0, NULL, NULL, &err), RG_ERROR);
	CHECK_STR(err.msg, "CREATE INDEX CONCURRENTLY cannot run inside a "
			   "transaction; put \"-- revgraph:no-transaction\" in "
			   "this section");
	CHECK_STR(err.path, "v/bbb002.sql");
	CHECK_INT(err.line, 4);
	CHECK_INT(rg_vtable_exists(db, &err), 0);
	CHECK_STR(q1(ci, "SELECT to_regclass('t1') IS NULL"), "t");
	rg_db_free(db);
	free(ci);
}

static void test_db__refusals_before_running(void)
{
	struct rg_stmt a_up[] = {{"CREATE TABLE t1 (id int)", 8}};
	struct fixture a, b;
	struct rg_vchange c1[] = {ins("aaa001")}, c2[] = {upd("aaa001", "p1")},
			  c3[] = {del("aaa001")};
	struct rg_step s[2];
	struct rg_plan p;
	struct rg_error err = RG_ERROR_INIT;
	struct rg_db *db;
	int calls = 0;
	char *ci;

	NEED_DB();
	ci = fresh_db("rg_refuse");
	db = open_db(ci, NULL, NULL);
	fx_init(&a, "aaa001", "v/aaa001.sql", a_up, 1, NULL, 0);
	fx_init(&b, "p1", "v/p1_x.py", NULL, 0, NULL, 0);
	b.sc.kind = RG_SCRIPT_PY;
	s[0] = mkstep(RG_UP, &a, "", "aaa001", c1, 1, 1);
	s[1] = mkstep(RG_UP, &b, "aaa001", "p1", c2, 1, 0);
	p = mkplan(s, 2);
	CHECK_INT(rg_db_run_plan(db, &p, 0, NULL, NULL, &err), RG_ENOPY);
	CHECK_INT(rg_vtable_exists(db, &err), 0);
	/* With a runner it runs inside the step's transaction. */
	rg_db_set_py_runner(db, fake_py, &calls);
	CHECK_INT(rg_db_run_plan(db, &p, 0, NULL, NULL, &err), 0);
	CHECK_INT(calls, 1);
	CHECK_STR(rows_of(db), "p1");
	CHECK_STR(q1(ci, "SELECT to_regclass('made_by_py') IS NOT NULL"), "t");

	/* No downgrade section. */
	s[0] = mkstep(RG_DOWN, &a, "aaa001", "", c3, 1, 0);
	p = mkplan(s, 1);
	CHECK_INT(rg_db_run_plan(db, &p, 0, NULL, NULL, &err), RG_ERROR);
	CHECK_STR(err.msg, "revision aaa001 (v/aaa001.sql) has no downgrade "
			   "section; cannot downgrade past it");
	rg_db_free(db);
	free(ci);
}

static void test_db__row_count(void)
{
	struct rg_stmt a_up[] = {{"CREATE TABLE t1 (id int)", 8}};
	struct fixture a;
	struct rg_vchange c1[] = {upd("f001", "f002")}, c2[] = {del("f001")};
	struct rg_step s[1];
	struct rg_plan p;
	struct rg_error err = RG_ERROR_INIT;
	struct rg_db *db;
	char *ci;

	NEED_DB();
	ci = fresh_db("rg_rowcount");
	db = open_db(ci, NULL, NULL);
	fx_init(&a, "f002", "v/f002.sql", a_up, 1, NULL, 0);
	s[0] = mkstep(RG_UP, &a, "f001", "f002", c1, 1, 0);
	p = mkplan(s, 1);
	CHECK_INT(rg_db_run_plan(db, &p, 0, NULL, NULL, &err), RG_ERROR);
	CHECK_STR(err.msg, "Online migration expected to match one row when "
			   "updating 'f001' to 'f002' in 'alembic_version'; 0 "
			   "found");
	/* The step (and the table creation with it) rolled back. */
	CHECK_STR(q1(ci, "SELECT to_regclass('t1') IS NULL"), "t");
	s[0] = mkstep(RG_STAMP, NULL, "f001", "", c2, 1, 0);
	CHECK_INT(rg_db_run_plan(db, &p, 0, NULL, NULL, &err), RG_ERROR);
	CHECK_STR(err.msg, "Online migration expected to match one row when "
			   "deleting 'f001' in 'alembic_version'; 0 found");
	rg_db_free(db);
	free(ci);
}

static void collect(void *ud, const char *line)
{
	char *buf = ud;
	size_t n = strlen(buf);

	snprintf(buf + n, 512 - n, "%s|", line);
}

/* client_connection_check_interval as db's own session sees it. */
static const char *check_interval(struct rg_db *db)
{
	static char out[64];
	PGresult *r =
		PQexec(rg_db_conn(db), "SHOW client_connection_check_interval");

	snprintf(out, sizeof(out), "%s",
		 PQresultStatus(r) == PGRES_TUPLES_OK ? PQgetvalue(r, 0, 0)
						      : "(error)");
	PQclear(r);
	return out;
}

static void test_db__lock(void)
{
	struct rg_db_opts o = RG_DB_OPTS_INIT;
	struct rg_error err = RG_ERROR_INIT;
	struct rg_db *a = NULL, *b = NULL;
	char lines[512] = "", want[128];
	char *ci;

	NEED_DB();
	ci = fresh_db("rg_lock");
	o.url = ci;
	CHECK_INT(rg_db_connect(&o, &a, &err), 0);
	CHECK_STR(check_interval(a), "0");
	CHECK_INT(rg_db_lock(a, NULL, NULL, &err), 0);
	/* a killed holder is noticed by the server within a second */
	CHECK_STR(check_interval(a), "1s");
	o.lock_timeout = 0.5;
	CHECK_INT(rg_db_connect(&o, &b, &err), 0);
	CHECK_INT(rg_db_lock(b, collect, lines, &err), RG_ELOCK);
	snprintf(want, sizeof(want),
		 "timed out after 0.5 s waiting for the migration lock held "
		 "by pid %d (revgraph)",
		 PQbackendPID(rg_db_conn(a)));
	CHECK_STR(err.msg, want);
	snprintf(want, sizeof(want),
		 "waiting for the migration lock on 'alembic_version' held "
		 "by pid %d (revgraph)|",
		 PQbackendPID(rg_db_conn(a)));
	CHECK_STR(lines, want);
	/* Another version table is another lock. */
	o.version_table = "other_version";
	{
		struct rg_db *c = NULL;

		/* ... unless the user chose an interval */
		setenv("PGOPTIONS", "-c client_connection_check_interval=7s",
		       1);
		CHECK_INT(rg_db_connect(&o, &c, &err), 0);
		unsetenv("PGOPTIONS");
		CHECK_INT(rg_db_lock(c, NULL, NULL, &err), 0);
		CHECK_STR(check_interval(c), "7s");
		rg_db_free(c);
	}
	rg_db_free(a);
	CHECK_INT(rg_db_lock(b, NULL, NULL, &err), 0);
	rg_db_free(b);
	free(ci);
}

/*
 * A waiter must not deadlock the holder's CREATE INDEX CONCURRENTLY (which
 * waits out every transaction that might be older than it): with a
 * blocking pg_advisory_lock() one of them would be cancelled.
 */
static void test_db__lock_vs_concurrently(void)
{
	struct rg_stmt up[] = {{"CREATE INDEX CONCURRENTLY i1 ON t1 (id)", 3}};
	struct rg_stmt setup[] = {{"CREATE TABLE t1 (id int)", 3}};
	struct fixture a, b;
	struct rg_vchange c1[] = {ins("aaa001")},
			  c2[] = {upd("aaa001", "bbb002")};
	struct rg_step s[1];
	struct rg_plan p;
	struct rg_db_opts o = RG_DB_OPTS_INIT;
	struct rg_error err = RG_ERROR_INIT;
	struct rg_db *holder = NULL;
	int status = -1;
	pid_t pid;
	char *ci;

	NEED_DB();
	ci = fresh_db("rg_lockcic");
	o.url = ci;
	CHECK_INT(rg_db_connect(&o, &holder, &err), 0);
	CHECK_INT(rg_db_lock(holder, NULL, NULL, &err), 0);
	fx_init(&a, "aaa001", "v/aaa001.sql", setup, 1, NULL, 0);
	s[0] = mkstep(RG_UP, &a, "", "aaa001", c1, 1, 1);
	p = mkplan(s, 1);
	CHECK_INT(rg_db_run_plan(holder, &p, 0, NULL, NULL, &err), 0);
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		struct rg_db *w = NULL;
		int rc;

		o.lock_timeout = 30;
		rc = rg_db_connect(&o, &w, &err);
		if (rc == 0)
			rc = rg_db_lock(w, NULL, NULL, &err);
		rg_db_free(w);
		free(ci);
		_exit(rc == 0 ? 0 : 1);
	}
	usleep(300000); /* let the child start polling */
	fx_init(&b, "bbb002", "v/bbb002.sql", up, 1, NULL, 0);
	b.sc.up.no_transaction = 1;
	s[0] = mkstep(RG_UP, &b, "aaa001", "bbb002", c2, 1, 0);
	CHECK_INT(rg_db_run_plan(holder, &p, 0, NULL, NULL, &err), 0);
	CHECK_STR(rows_of(holder), "bbb002");
	rg_db_free(holder);
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	free(ci);
}

/* A SQLAlchemy URL with an empty host and the socket in ?host=. */
static void test_db__connect_sqlalchemy_url(void)
{
	PQconninfoOption *opts, *o;
	struct rg_db_opts dbo = RG_DB_OPTS_INIT;
	struct rg_error err = RG_ERROR_INIT;
	struct rg_db *db = NULL;
	const char *host = NULL, *user = "postgres";
	char url[600];
	PGresult *r;

	NEED_DB();
	opts = PQconninfoParse(test_url(), NULL);
	for (o = opts; o && o->keyword; o++) {
		if (strcmp(o->keyword, "host") == 0 && o->val)
			host = o->val;
		if (strcmp(o->keyword, "user") == 0 && o->val)
			user = o->val;
	}
	snprintf(url, sizeof(url),
		 "postgresql+psycopg2://%s:ignored%%40pw@/postgres?host=%s",
		 user, host ? host : "/tmp");
	dbo.url = url;
	CHECK_INT(rg_db_connect(&dbo, &db, &err), 0);
	if (db) {
		r = PQexec(rg_db_conn(db),
			   "SELECT application_name || ' ' || "
			   "current_setting('client_encoding') FROM "
			   "pg_stat_activity WHERE pid = pg_backend_pid()");
		CHECK_STR(PQgetvalue(r, 0, 0), "revgraph UTF8");
		PQclear(r);
	}
	rg_db_free(db);
	PQconninfoFree(opts);
}

static void test_db__notices(void)
{
	struct rg_stmt a_up[] = {{"DO $$BEGIN RAISE NOTICE 'hello'; END$$", 8}};
	struct fixture a;
	struct rg_vchange c1[] = {ins("aaa001")};
	struct rg_step s[1];
	struct rg_plan p;
	struct rg_error err = RG_ERROR_INIT;
	struct rg_db *db;
	char lines[512] = "";
	char *ci;

	NEED_DB();
	ci = fresh_db("rg_notice");
	db = open_db(ci, NULL, NULL);
	rg_db_set_notify(db, collect, lines);
	fx_init(&a, "aaa001", "v/aaa001.sql", a_up, 1, NULL, 0);
	s[0] = mkstep(RG_UP, &a, "", "aaa001", c1, 1, 1);
	p = mkplan(s, 1);
	CHECK_INT(rg_db_run_plan(db, &p, 0, NULL, NULL, &err), 0);
	CHECK_STR(lines, "NOTICE:  hello|");
	rg_db_free(db);
	free(ci);
}

const struct rg_test rg_tests[] = {
	TEST(test_db__url_to_libpq),
	TEST(test_db__redact),
	TEST(test_db__connect_fail),
	TEST(test_db__offline),
	TEST(test_db__quote_ident),
	TEST(test_db__check_statements),
	TEST(test_db__check_py_and_down),
	TEST(test_db__vtable),
	TEST(test_db__run_updown),
	TEST(test_db__merge_unmerge),
	TEST(test_db__failing_statement),
	TEST(test_db__single_transaction),
	TEST(test_db__no_transaction),
	TEST(test_db__single_transaction_after_notx),
	TEST(test_db__refusals_before_running),
	TEST(test_db__row_count),
	TEST(test_db__lock),
	TEST(test_db__lock_vs_concurrently),
	TEST(test_db__connect_sqlalchemy_url),
	TEST(test_db__notices),
	{NULL, NULL},
};
