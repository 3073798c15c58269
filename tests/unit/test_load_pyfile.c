/* tests/unit/test_load_pyfile.c - reading Alembic .py revision files. */
#include <stdio.h>
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

static void parse_as(struct parsed *p, const char *path, const char *text)
{
	memset(p, 0, sizeof(*p));
	p->rc = rg_pyfile_parse(path, text, strlen(text), &p->a, &p->rec,
				&p->script, &p->err);
}

static void parse(struct parsed *p, const char *text)
{
	parse_as(p, "/v/x_slug.py", text);
}

/* Alembic 1.8's generic template, as `alembic merge` wrote it. */
static const char alembic18[] = "\"\"\"merge it\n"
				"\n"
				"Revision ID: ddd004\n"
				"Revises: bbb002, ccc003\n"
				"Create Date: 2026-11-22 03:26:11.904027\n"
				"\n"
				"\"\"\"\n"
				"from alembic import op\n"
				"import sqlalchemy as sa\n"
				"\n"
				"\n"
				"# revision identifiers, used by Alembic.\n"
				"revision = 'ddd004'\n"
				"down_revision = ('bbb002', 'ccc003')\n"
				"branch_labels = ('lab',)\n"
				"depends_on = ['aaa001', 'lab2']\n"
				"\n"
				"\n"
				"def upgrade() -> None:\n"
				"    pass\n"
				"\n"
				"\n"
				"def downgrade() -> None:\n"
				"    pass\n";

/* A later Alembic template: annotations, double quotes. */
static const char typed[] =
	"\"\"\"add table\n"
	"\n"
	"Revision ID: 27c6a30d7c24\n"
	"Revises: ae10f5e7b2c1\n"
	"Create Date: 2024-01-02 03:04:05.000006\n"
	"\n"
	"\"\"\"\n"
	"from typing import Sequence, Union\n"
	"\n"
	"from alembic import op\n"
	"import sqlalchemy as sa\n"
	"\n"
	"\n"
	"# revision identifiers, used by Alembic.\n"
	"revision: str = \"27c6a30d7c24\"\n"
	"down_revision: Union[str, None] = \"ae10f5e7b2c1\"\n"
	"branch_labels: Union[str, Sequence[str], None] = None\n"
	"depends_on: Union[str, Sequence[str], None] = None\n"
	"\n"
	"\n"
	"def upgrade() -> None:\n"
	"    op.execute(\"\"\"\n"
	"revision = 'not this one'\n"
	"\"\"\")\n"
	"    revision = 'nor this'\n"
	"\n"
	"\n"
	"def downgrade() -> None:\n"
	"    pass\n";

static void test_load_pyfile__alembic18(void)
{
	struct parsed p;

	parse(&p, alembic18);
	CHECK_INT(p.rc, 0);
	CHECK_STR(p.rec.id, "ddd004");
	CHECK_INT(p.rec.line, 13);
	CHECK_INT(p.rec.ndown, 2);
	CHECK_STR(p.rec.down[0], "bbb002");
	CHECK_STR(p.rec.down[1], "ccc003");
	CHECK_INT(p.rec.nlabels, 1);
	CHECK_STR(p.rec.labels[0], "lab");
	CHECK_INT(p.rec.ndeps, 2);
	CHECK_STR(p.rec.deps[0], "aaa001");
	CHECK_STR(p.rec.deps[1], "lab2");
	CHECK_STR(p.rec.longdoc, "merge it\n\nRevision ID: ddd004\n"
				 "Revises: bbb002, ccc003\n"
				 "Create Date: 2026-11-22 03:26:11.904027");
	CHECK_STR(p.rec.path, "/v/x_slug.py");
	CHECK(p.rec.user == &p.script);
	CHECK_INT(p.script.kind, RG_SCRIPT_PY);
	CHECK_INT(p.script.up.present, 1);
	CHECK_INT(p.script.down.present, 1);
	CHECK_INT(p.script.up.nstmts, 0);
	rg_arena_release(&p.a);
}

static void test_load_pyfile__typed(void)
{
	struct parsed p;

	parse(&p, typed);
	CHECK_INT(p.rc, 0);
	CHECK_STR(p.rec.id, "27c6a30d7c24");
	CHECK_INT(p.rec.line, 15);
	CHECK_INT(p.rec.ndown, 1);
	CHECK_STR(p.rec.down[0], "ae10f5e7b2c1");
	CHECK_INT(p.rec.nlabels, 0);
	CHECK_INT(p.rec.ndeps, 0);
	CHECK_STR(p.rec.longdoc, "add table\n\nRevision ID: 27c6a30d7c24\n"
				 "Revises: ae10f5e7b2c1\n"
				 "Create Date: 2024-01-02 03:04:05.000006");
	rg_arena_release(&p.a);
}

static void test_load_pyfile__value_forms(void)
{
	struct parsed p;

	parse(&p, "# -*- coding: utf-8 -*-\n"
		  "r'''  Raw \\n doc\n  '''\n"
		  "revision = 'first'\n"
		  "revision = (\"a1\")  # last one wins\n"
		  "down_revision = (\n"
		  "    'x1',  # comment\n"
		  "    \"x2\",\n"
		  ")\n"
		  "branch_labels = 'only'\n"
		  "depends_on = ['d1']\n"
		  "revision: str\n");
	CHECK_INT(p.rc, 0);
	CHECK_STR(p.rec.id, "a1");
	CHECK_INT(p.rec.line, 5);
	CHECK_INT(p.rec.ndown, 2);
	CHECK_STR(p.rec.down[0], "x1");
	CHECK_STR(p.rec.down[1], "x2");
	CHECK_INT(p.rec.nlabels, 1);
	CHECK_STR(p.rec.labels[0], "only");
	CHECK_INT(p.rec.ndeps, 1);
	CHECK_STR(p.rec.deps[0], "d1");
	CHECK_STR(p.rec.longdoc, "Raw \\n doc");
	rg_arena_release(&p.a);

	/* empty forms, 1-tuples, bare tuples, escapes, ';', continuation */
	parse(&p, "u\"Doc \\u00fc\\x41\\t\\101 \" 'more'\n"
		  "revision = 'r' 'v'; down_revision = ()\n"
		  "branch_labels = []\n"
		  "depends_on = \\\n  'a', 'b',\n");
	CHECK_INT(p.rc, 0);
	CHECK_STR(p.rec.id, "rv");
	CHECK_INT(p.rec.ndown, 0);
	CHECK_INT(p.rec.nlabels, 0);
	CHECK_INT(p.rec.ndeps, 2);
	CHECK_STR(p.rec.deps[1], "b");
	CHECK_STR(p.rec.longdoc, "Doc \xc3\xbc"
				 "A\tA more");
	rg_arena_release(&p.a);

	parse(&p, "import x\n\"\"\"not a docstring\"\"\"\n"
		  "revision = 'r'\ndown_revision = ('p',)\n"
		  "depends_on = ''\nbranch_labels = None\n"
		  "if True:\n    down_revision = 'ignored'\n");
	CHECK_INT(p.rc, 0);
	CHECK_STR(p.rec.longdoc, "");
	CHECK_INT(p.rec.ndown, 1);
	CHECK_STR(p.rec.down[0], "p");
	CHECK_INT(p.rec.ndeps, 0);
	rg_arena_release(&p.a);

	parse(&p, "revision = 'r'\ndown_revision = None\n");
	CHECK_INT(p.rc, 0);
	CHECK_INT(p.rec.ndown, 0);
	CHECK_STR(p.rec.longdoc, "");
	rg_arena_release(&p.a);

	parse(&p, "revision = 'r'\ndown_revision = ''\n");
	CHECK_INT(p.rc, 0);
	CHECK_INT(p.rec.ndown, 0);
	rg_arena_release(&p.a);
}

static void test_load_pyfile__legacy_id(void)
{
	struct parsed p;

	parse_as(&p, "/v/beef01.py", "down_revision = None\n");
	CHECK_INT(p.rc, 0);
	CHECK_STR(p.rec.id, "beef01");
	CHECK_INT(p.rec.line, 0);
	rg_arena_release(&p.a);

	parse_as(&p, "/v/beef01_slug.py", "down_revision = None\n");
	CHECK_INT(p.rc, RG_EPARSE);
	CHECK_STR(p.err.path, "/v/beef01_slug.py");
	CHECK_STR(p.err.msg,
		  "Could not determine revision id from filename "
		  "beef01_slug.py. Be sure the 'revision' variable is "
		  "declared inside the script (please see 'Upgrading from "
		  "Alembic 0.1 to 0.2' in the documentation).");
	rg_arena_release(&p.a);
}

static void expect_error(const char *text, int line, const char *msg)
{
	struct parsed p;

	parse(&p, text);
	CHECK_INT(p.rc, RG_EPARSE);
	CHECK_STR(p.err.path, "/v/x_slug.py");
	CHECK_INT(p.err.line, line);
	CHECK_STR(p.err.msg, msg);
	rg_arena_release(&p.a);
}

static void test_load_pyfile__errors(void)
{
	expect_error("revision = 'a'\n", 0, "no down_revision");
	expect_error("revision = 'a'\ndown_revision = get_it()\n", 2,
		     "cannot read the value of 'down_revision': only string "
		     "literals, None, tuples and lists of strings are "
		     "understood");
	expect_error("revision = 'a' + 'b'\ndown_revision = None\n", 1,
		     "cannot read the value of 'revision': only string "
		     "literals, None, tuples and lists of strings are "
		     "understood");
	expect_error("revision = 'a'\ndown_revision = None\n"
		     "depends_on = ('a', ('b',))\n",
		     3,
		     "cannot read the value of 'depends_on': only string "
		     "literals, None, tuples and lists of strings are "
		     "understood");
	expect_error("revision = None\ndown_revision = None\n", 1,
		     "'revision' must be a string");
	expect_error("revision = 'bad-id'\ndown_revision = None\n", 1,
		     "Character(s) '-' not allowed in revision identifier "
		     "'bad-id'");
	expect_error("\n\nrevision = 'a\ndown_revision = None\n", 3,
		     "unterminated string literal");
	expect_error("x = '''never closed\n", 1, "unterminated string literal");
	expect_error("revision = 'a'\ndown_revision = ('x', '')\n", 2,
		     "empty string in 'down_revision'");
}

static void expect_error_len(const char *text, size_t len, int line,
			     const char *msg)
{
	struct parsed p;

	memset(&p, 0, sizeof(p));
	p.rc = rg_pyfile_parse("/v/x_slug.py", text, len, &p.a, &p.rec,
			       &p.script, &p.err);
	CHECK_INT(p.rc, RG_EPARSE);
	CHECK_INT(p.err.line, line);
	CHECK_STR(p.err.msg, msg);
	rg_arena_release(&p.a);
}

static void expect_ok(const char *text, const char *id, const char *doc)
{
	struct parsed p;

	parse(&p, text);
	CHECK_INT(p.rc, 0);
	if (p.rc == 0) {
		CHECK_STR(p.rec.id, id);
		CHECK_STR(p.rec.longdoc, doc);
	} else {
		fprintf(stderr, "  %s\n", p.err.msg);
	}
	rg_arena_release(&p.a);
}

/* What Python refuses to compile, revgraph refuses to read. */
static void test_load_pyfile__encoding(void)
{
	static const char nul[] = "revision = 'a'\ndown_revision = None\n"
				  "# a \0 byte\n";

	expect_error_len(nul, sizeof(nul) - 1, 3, "NUL byte in file");
	expect_error("\"\"\"caf\xe9\"\"\"\nrevision = 'a'\n", 1,
		     "invalid UTF-8 byte 0xe9 in a string");
	expect_error("'''one\ntwo\n\xff'''\nrevision = 'a'\n", 3,
		     "invalid UTF-8 byte 0xff in a string");
	expect_error("revision = 'a\xed\xa0\x80'\ndown_revision = None\n", 1,
		     "invalid UTF-8 byte 0xed in a string");
	/* Python 3.11 does not decode comments: neither does revgraph */
	expect_ok("revision = 'a'\ndown_revision = None\n# caf\xe9\n", "a", "");
	expect_ok("\"\"\"caf\xc3\xa9\"\"\"\nrevision = 'a'\n"
		  "down_revision = None\n",
		  "a", "caf\xc3\xa9");
	/* PEP 263 */
	expect_error("# -*- coding: latin-1 -*-\n\"\"\"caf\xe9\"\"\"\n"
		     "revision = 'a'\ndown_revision = None\n",
		     1,
		     "coding 'latin-1' is not supported: .py revision files "
		     "are read as UTF-8");
	expect_error("#!/usr/bin/env python\n# vim: fileencoding=cp1252\n"
		     "revision = 'a\x80'\ndown_revision = None\n",
		     2,
		     "coding 'cp1252' is not supported: .py revision files "
		     "are read as UTF-8");
	expect_ok("# -*- coding: latin-1 -*-\n\"\"\"cafe\"\"\"\n"
		  "revision = 'a'\ndown_revision = None\n",
		  "a", "cafe");
	expect_ok("# coding=utf-8\n\"\"\"caf\xc3\xa9\"\"\"\n"
		  "revision = 'a'\ndown_revision = None\n",
		  "a", "caf\xc3\xa9");
	/* line 2 counts only after a comment or blank line 1 */
	expect_ok("import os\n# coding: latin-1\nrevision = 'ab\xc3\xa9'\n"
		  "down_revision = None\n",
		  "ab\xc3\xa9", "");
}

/* Strings the raw scan skips: escapes, quotes inside, line counting. */
static void test_load_pyfile__string_bodies(void)
{
	expect_ok("\"\"\"it's \\\"quoted\\\" \\\\\"\"\"\n"
		  "revision = 'a'\ndown_revision = None\n"
		  "def upgrade():\n"
		  "    op.execute('it\\'s; (not) [a] {stmt}\\\\')\n"
		  "    op.execute(\"\"\"\n"
		  "revision = 'no'\n"
		  "    \"\" ' \\\"\"\" \"\"\")\n"
		  "    x = 'cont\\\nued'\n"
		  "    y = '\\\nrevision = \"no\"'\n",
		  "a", "it's \"quoted\" \\");
	/* the line of an error counts the lines inside strings before it */
	expect_error("'''doc\n\n'''\n"
		     "def f():\n"
		     "    return '''x\n"
		     "y''', 'a\\\n"
		     "b'\n"
		     "revision = f()\ndown_revision = None\n",
		     8,
		     "cannot read the value of 'revision': only string "
		     "literals, None, tuples and lists of strings are "
		     "understood");
	/* Windows line ends read as Python reads them */
	expect_ok("\"\"\"one\r\ntwo\rthree\"\"\"\r\nrevision = 'a'\r\n"
		  "down_revision = None\r\n",
		  "a", "one\ntwo\nthree");
	expect_error("'''x\r\n'''\r\nrevision = f()\r\n", 3,
		     "cannot read the value of 'revision': only string "
		     "literals, None, tuples and lists of strings are "
		     "understood");
	/* a docstring in parentheses */
	expect_ok("(\"one\"\n  'two')\nrevision = 'a'\ndown_revision = None\n",
		  "a", "onetwo");
	expect_ok("((\"one\")).strip()\nrevision = 'a'\ndown_revision = None\n",
		  "a", "");
	expect_error("def f():\n    return 'abc\\", 2,
		     "unterminated string literal");
	expect_error("revision = 'abc\\", 1, "unterminated string literal");
	expect_error("revision = '''a''\n", 1, "unterminated string literal");
}

const struct rg_test rg_tests[] = {
	TEST(test_load_pyfile__alembic18),
	TEST(test_load_pyfile__typed),
	TEST(test_load_pyfile__value_forms),
	TEST(test_load_pyfile__legacy_id),
	TEST(test_load_pyfile__errors),
	TEST(test_load_pyfile__encoding),
	TEST(test_load_pyfile__string_bodies),
	{0},
};
