/* tests/unit/test_load_sqlfile.c - SQL revision files (SPEC §2). */
#include <string.h>

#include "harness.h"
#include "src/load/load.h"

struct parsed {
	struct rg_arena a;
	struct rg_record rec;
	struct rg_script script;
	struct rg_error err;
	int rc;
};

/* Read, then split the sections as a plan about to run them does. */
static void parse(struct parsed *p, const char *text)
{
	memset(p, 0, sizeof(*p));
	p->rc = rg_sqlfile_parse("/v/x.sql", text, strlen(text), &p->a, &p->rec,
				 &p->script, &p->err);
	if (p->rc == 0)
		p->rc = rg_sqlfile_split(&p->script, &p->err);
}

static void expect_error(const char *text, int line, const char *msg)
{
	struct parsed p;

	parse(&p, text);
	CHECK_INT(p.rc, RG_EPARSE);
	CHECK_INT(p.err.code, RG_EPARSE);
	CHECK_STR(p.err.path, "/v/x.sql");
	CHECK_INT(p.err.line, line);
	CHECK_STR(p.err.msg, msg);
	rg_arena_release(&p.a);
}

static void test_load_sqlfile__full(void)
{
	struct parsed p;

	parse(&p, "\n-- revision: ae1027a6acf2\n"
		  "-- down_revision: 1975ea83b712\n"
		  "-- branch_labels: accounts, billing\n"
		  "-- depends_on: 55af2cb1c267\n"
		  "-- message: add a column\n"
		  "-- create_date: 2026-11-22 10:00:00\n"
		  "\n"
		  "-- revgraph:upgrade\n"
		  "ALTER TABLE account ADD COLUMN last_transaction_date "
		  "timestamp;\n"
		  "\n"
		  "/* a comment */ -- and another\n"
		  "  CREATE FUNCTION f() RETURNS int AS $$ select 1; $$\n"
		  "  LANGUAGE sql;\n"
		  "-- only a comment\n"
		  "\n"
		  "-- revgraph:downgrade\n"
		  "-- revgraph:no-transaction\n"
		  "DROP INDEX CONCURRENTLY i; SELECT ';'\n");
	CHECK_INT(p.rc, 0);
	CHECK_STR(p.rec.id, "ae1027a6acf2");
	CHECK_INT(p.rec.line, 2);
	CHECK_INT(p.rec.ndown, 1);
	CHECK_STR(p.rec.down[0], "1975ea83b712");
	CHECK_INT(p.rec.nlabels, 2);
	CHECK_STR(p.rec.labels[0], "accounts");
	CHECK_STR(p.rec.labels[1], "billing");
	CHECK_INT(p.rec.ndeps, 1);
	CHECK_STR(p.rec.deps[0], "55af2cb1c267");
	CHECK_STR(p.rec.longdoc, "add a column");
	CHECK_STR(p.rec.path, "/v/x.sql");
	CHECK(p.rec.user == &p.script);
	CHECK_INT(p.script.kind, RG_SCRIPT_SQL);
	CHECK_INT(p.script.up.present, 1);
	CHECK_INT(p.script.up.line, 9);
	CHECK_INT(p.script.up.no_transaction, 0);
	CHECK_INT(p.script.up.nstmts, 2);
	CHECK_STR(p.script.up.stmts[0].sql,
		  "ALTER TABLE account ADD COLUMN last_transaction_date "
		  "timestamp");
	CHECK_INT(p.script.up.stmts[0].line, 10);
	CHECK_STR(p.script.up.stmts[1].sql,
		  "CREATE FUNCTION f() RETURNS int AS $$ select 1; $$\n"
		  "  LANGUAGE sql");
	CHECK_INT(p.script.up.stmts[1].line, 13);
	CHECK_INT(p.script.down.present, 1);
	CHECK_INT(p.script.down.line, 17);
	CHECK_INT(p.script.down.no_transaction, 1);
	CHECK_INT(p.script.down.nstmts, 2);
	CHECK_STR(p.script.down.stmts[0].sql, "DROP INDEX CONCURRENTLY i");
	CHECK_INT(p.script.down.stmts[0].line, 19);
	CHECK_STR(p.script.down.stmts[1].sql, "SELECT ';'");
	CHECK_INT(p.script.down.stmts[1].line, 19);
	rg_arena_release(&p.a);
}

static void test_load_sqlfile__base_merge_minimal(void)
{
	struct parsed p;

	parse(&p, "-- revision: a1\n-- down_revision: None\n");
	CHECK_INT(p.rc, 0);
	CHECK_INT(p.rec.ndown, 0);
	CHECK_STR(p.rec.longdoc, "");
	CHECK_INT(p.script.up.present, 0);
	CHECK_INT(p.script.down.present, 0);
	rg_arena_release(&p.a);

	parse(&p,
	      "\xef\xbb\xbf-- revision: m1\r\n-- down_revision:  a ,b,c \r\n"
	      "-- message:\r\n-- revgraph:downgrade\r\nSELECT 1\r\n");
	CHECK_INT(p.rc, 0);
	CHECK_STR(p.rec.id, "m1");
	CHECK_INT(p.rec.ndown, 3);
	CHECK_STR(p.rec.down[0], "a");
	CHECK_STR(p.rec.down[1], "b");
	CHECK_STR(p.rec.down[2], "c");
	CHECK_INT(p.script.up.present, 0);
	CHECK_INT(p.script.down.nstmts, 1);
	CHECK_STR(p.script.down.stmts[0].sql, "SELECT 1");
	CHECK_INT(p.script.down.stmts[0].line, 5);
	rg_arena_release(&p.a);

	/* absent down_revision, empty sections */
	parse(&p, "-- revision: b1\n\n-- comment\n/* block */\n"
		  "-- revgraph:upgrade\n-- revgraph:downgrade\n");
	CHECK_INT(p.rc, 0);
	CHECK_INT(p.rec.ndown, 0);
	CHECK_INT(p.script.up.present, 1);
	CHECK_INT(p.script.up.nstmts, 0);
	CHECK_INT(p.script.down.present, 1);
	CHECK_INT(p.script.down.nstmts, 0);
	rg_arena_release(&p.a);
}

static void test_load_sqlfile__errors(void)
{
	expect_error("", 0, "empty file");
	expect_error("\n  \n", 0, "empty file");
	expect_error("SELECT 1;\n", 1,
		     "no revision header: the file must start with "
		     "'-- revision: <id>'");
	expect_error("-- down_revision: a\n-- revgraph:upgrade\n", 0,
		     "no 'revision' in the header");
	expect_error("-- revision: a\n-- revison: b\n", 2,
		     "unknown header key 'revison' (valid keys: revision, "
		     "down_revision, branch_labels, depends_on, message, "
		     "create_date)");
	expect_error("-- revision: a\n-- message: x\n-- message: y\n", 3,
		     "header key 'message' given twice (first on line 2)");
	expect_error("-- revision: a\n-- revgraph:upgrade\nSELECT 1;\n"
		     "-- revgraph:upgrade\n",
		     4,
		     "second '-- revgraph:upgrade' marker (first on line 2)");
	expect_error("-- revision: a\n-- revgraph:downgrade\n"
		     "-- revgraph:upgrade\n-- revgraph:downgrade\n",
		     4,
		     "second '-- revgraph:downgrade' marker (first on line 2)");
	expect_error("-- revision: a\n\nCREATE TABLE t ();\n"
		     "-- revgraph:upgrade\n",
		     3,
		     "SQL outside any section: put it after "
		     "'-- revgraph:upgrade' or '-- revgraph:downgrade'");
	expect_error("-- revision: a\n\n/* c */ SELECT 1;\n", 3,
		     "SQL outside any section: put it after "
		     "'-- revgraph:upgrade' or '-- revgraph:downgrade'");
	expect_error("-- revision: a\n-- revgraph:no-transaction\n", 2,
		     "'-- revgraph:no-transaction' outside a section");
	expect_error("-- revision: a\n-- revgraph:upgarde\n", 2,
		     "unknown directive '-- revgraph:upgarde' (valid: "
		     "upgrade, downgrade, no-transaction)");
	expect_error("-- revision: a\n-- message: caf\xe9\n", 2,
		     "invalid UTF-8 byte 0xe9");
	expect_error("-- revision: a\n\n\n-- message: \xed\xa0\x80\n", 4,
		     "invalid UTF-8 byte 0xed");
	expect_error(
		"-- revision: abcdefghijabcdefghijabcdefghijabc\n", 1,
		"revision id 'abcdefghijabcdefghijabcdefghijabc' is longer "
		"than 32 characters (the version table's varchar(32))");
	expect_error("-- revision: a@b-c\n", 1,
		     "Character(s) '-, @' not allowed in revision identifier "
		     "'a@b-c'");
	expect_error("-- message: m\n-- revision: x+y\n", 2,
		     "Character(s) '+' not allowed in revision identifier "
		     "'x+y'");
	expect_error("-- revision: a b\n", 1,
		     "revision id 'a b' contains whitespace or a control "
		     "character");
	expect_error("-- revision:\n", 1, "empty revision id");
	expect_error("-- revision: a\n-- down_revision: b,,c\n", 2,
		     "empty item in 'down_revision'");
	expect_error("-- revision: a\n-- revgraph:upgrade\nSELECT 1;\n"
		     "SELECT 'abc;\n",
		     4, "unterminated quoted string at or near \"'abc; \"");
	expect_error("-- revision: a\n-- revgraph:upgrade\nSELECT 'é';\n"
		     "SELECT 1; /* open\n",
		     4, "unterminated /* comment at or near \"/* open \"");
}

static void test_load_sqlfile__revid_check(void)
{
	struct rg_error err = RG_ERROR_INIT;

	CHECK_INT(rg_revid_check("abc_01", 6, NULL, 0, &err), 0);
	CHECK_INT(rg_revid_check("a+b@c", 5, "p", 3, &err), RG_EPARSE);
	CHECK_STR(err.msg, "Character(s) '+, @' not allowed in revision "
			   "identifier 'a+b@c'");
	CHECK_STR(err.path, "p");
	CHECK_INT(err.line, 3);
	CHECK_INT(rg_revid_check("abcdefghijabcdefghijabcdefghijab", 32, NULL,
				 0, &err),
		  0);
}

/* Reading keeps the sections as text; splitting is separate and once. */
static void test_load_sqlfile__split_later(void)
{
	static const char text[] = "-- revision: a\n\n-- revgraph:upgrade\n"
				   "SELECT 1;\nSELECT 'open;\n"
				   "-- revgraph:downgrade\nSELECT 2;\n";
	struct parsed p;

	memset(&p, 0, sizeof(p));
	p.rc = rg_sqlfile_parse("/v/x.sql", text, strlen(text), &p.a, &p.rec,
				&p.script, &p.err);
	CHECK_INT(p.rc, 0); /* the graph can be read */
	CHECK_INT(p.script.up.nstmts, 0);
	CHECK(p.script.up.body != NULL);
	CHECK_INT(rg_sqlfile_split(&p.script, &p.err), RG_EPARSE);
	CHECK_STR(p.err.path, "/v/x.sql");
	CHECK_INT(p.err.line, 5);
	rg_arena_release(&p.a);

	parse(&p,
	      "-- revision: a\n\n-- revgraph:upgrade\nSELECT 1; SELECT 2;\n");
	CHECK_INT(p.rc, 0);
	CHECK_INT(p.script.up.nstmts, 2);
	CHECK(p.script.up.body == NULL);
	CHECK_INT(rg_sqlfile_split(&p.script, &p.err), 0); /* once */
	CHECK_INT(p.script.up.nstmts, 2);
	rg_arena_release(&p.a);
}

const struct rg_test rg_tests[] = {
	TEST(test_load_sqlfile__full),
	TEST(test_load_sqlfile__base_merge_minimal),
	TEST(test_load_sqlfile__errors),
	TEST(test_load_sqlfile__revid_check),
	TEST(test_load_sqlfile__split_later),
	{0},
};
