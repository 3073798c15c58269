/* tests/unit/test_load_config.c - revgraph.ini / alembic.ini reading. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "graph/buf.h"
#include "src/load/load.h"

static char tmpdir[PATH_MAX];
static char oldcwd[PATH_MAX];

/* A fresh scratch directory, made the current one. */
static void enter(void)
{
	char t[] = "/tmp/rg_cfg_XXXXXX";
	char *d = mkdtemp(t);

	CHECK(d != NULL);
	CHECK(realpath(d, tmpdir) != NULL);
	CHECK(getcwd(oldcwd, sizeof(oldcwd)) != NULL);
	CHECK_INT(chdir(tmpdir), 0);
}

static void leave(void)
{
	CHECK_INT(chdir(oldcwd), 0);
	CHECK_INT(rg_test_rm_rf(tmpdir), 0);
}

static void write_file(const char *name, const char *text)
{
	FILE *f = fopen(name, "w");

	CHECK(f != NULL);
	if (!f)
		return;
	fputs(text, f);
	fclose(f);
}

static const char *in_tmp(const char *rel)
{
	static char buf[4][PATH_MAX + 64];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s%s", tmpdir, rel);
	return buf[i];
}

static void test_load_config__none(void)
{
	struct rg_config cfg;
	struct rg_error err = RG_ERROR_INIT;

	enter();
	CHECK_INT(rg_config_load(NULL, &cfg, &err), 0);
	CHECK(cfg.path == NULL);
	CHECK_INT(cfg.ndirs, 1);
	CHECK_STR(cfg.version_dirs[0], in_tmp("/versions"));
	CHECK_INT(cfg.truncate_slug_length, 40);
	CHECK(cfg.url == NULL);
	rg_config_release(&cfg);

	CHECK_INT(rg_config_load("nope.ini", &cfg, &err), RG_ENOTFOUND);
	CHECK_STR(err.msg, "config file 'nope.ini' not found");
	CHECK_STR(err.path, "nope.ini");
	rg_config_release(&cfg);
	leave();
}

static void test_load_config__alembic_ini(void)
{
	struct rg_config cfg;
	struct rg_error err = RG_ERROR_INIT;

	enter();
	/* as Alembic 1.8 generates it, with the version_path_separator
	 * inline comment that makes Alembic itself crash */
	write_file("alembic.ini",
		   "# A generic, single database configuration.\n\n"
		   "[alembic]\n"
		   "script_location = mig\n"
		   "prepend_sys_path = .\n"
		   "# truncate_slug_length = 40\n"
		   "version_locations = %(here)s/bar:%(here)s/bat "
		   "mig/versions\n"
		   "version_path_separator = os  # Use os.pathsep. Default "
		   "configuration used for new projects.\n"
		   "sqlalchemy.url = driver://user:pass@localhost/dbname\n"
		   "file_template = %%(year)d_%%(rev)s_%%(slug)s\n"
		   "truncate_slug_length = 0\n"
		   "\n[post_write_hooks]\n"
		   "# x = y\n"
		   "[logger_root]\nlevel = WARN\n"
		   "[formatter_generic]\n"
		   "format = %(levelname)-5.5s [%(name)s] %(message)s\n");
	CHECK_INT(rg_config_load(NULL, &cfg, &err), 0);
	CHECK_STR(cfg.path, "alembic.ini");
	CHECK_STR(cfg.here, tmpdir);
	CHECK_STR(cfg.script_location, in_tmp("/mig"));
	CHECK_INT(cfg.ndirs, 2);
	CHECK_STR(cfg.version_dirs[0], in_tmp("/bar"));
	CHECK_STR(cfg.version_dirs[1], in_tmp("/bat mig/versions"));
	CHECK_STR(cfg.url, "driver://user:pass@localhost/dbname");
	CHECK_STR(cfg.prepend_sys_path, ".");
	CHECK_STR(cfg.file_template, "%(year)d_%(rev)s_%(slug)s");
	CHECK_INT(cfg.truncate_slug_length, 40);
	rg_config_release(&cfg);

	/* revgraph.ini wins; legacy splitting; DEFAULT and interpolation */
	write_file("revgraph.ini",
		   "[DEFAULT]\nbase = %(here)s/b\n"
		   "[alembic]\n"
		   "version_locations = %(base)s/v1, v2  ../v3\n"
		   "version_table = my_version\n"
		   "version_table_schema = s\n"
		   "truncate_slug_length = 12\n"
		   "sqlalchemy.url = postgresql://u:p%%40ss@h/db\n");
	CHECK_INT(rg_config_load(NULL, &cfg, &err), 0);
	CHECK_STR(cfg.path, "revgraph.ini");
	CHECK(cfg.script_location == NULL);
	CHECK_INT(cfg.ndirs, 3);
	CHECK_STR(cfg.version_dirs[0], in_tmp("/b/v1"));
	CHECK_STR(cfg.version_dirs[1], in_tmp("/v2"));
	{
		char up[PATH_MAX + 8];
		int n = (int)(strrchr(tmpdir, '/') - tmpdir);

		snprintf(up, sizeof(up), "%.*s/v3", n, tmpdir);
		CHECK_STR(cfg.version_dirs[2], up);
	}
	CHECK_STR(cfg.url, "postgresql://u:p%40ss@h/db");
	CHECK_STR(cfg.version_table, "my_version");
	CHECK_STR(cfg.version_table_schema, "s");
	CHECK_INT(cfg.truncate_slug_length, 12);
	rg_config_release(&cfg);

	/* explicit path in a subdirectory: %(here)s is its directory;
	 * script_location without version_locations */
	CHECK_INT(mkdir("sub", 0755), 0);
	write_file("sub/x.ini", "[alembic]\nscript_location = %(here)s\n");
	CHECK_INT(rg_config_load("sub/x.ini", &cfg, &err), 0);
	CHECK_STR(cfg.here, in_tmp("/sub"));
	CHECK_STR(cfg.script_location, in_tmp("/sub"));
	CHECK_INT(cfg.ndirs, 1);
	CHECK_STR(cfg.version_dirs[0], in_tmp("/sub/versions"));
	rg_config_release(&cfg);
	leave();
}

static void expect_error(const char *text, int code, int line, const char *msg)
{
	struct rg_config cfg;
	struct rg_error err = RG_ERROR_INIT;

	write_file("bad.ini", text);
	CHECK_INT(rg_config_load("bad.ini", &cfg, &err), code);
	CHECK_INT(err.code, code);
	CHECK_STR(err.path, "bad.ini");
	CHECK_INT(err.line, line);
	CHECK_STR(err.msg, msg);
	rg_config_release(&cfg);
}

/*
 * Lines longer than Debian's libinih reads (200 bytes): values, comments
 * and continuations come through whole, trimmed as shorter ones are.
 */
static void test_load_config__long_lines(void)
{
	struct rg_config cfg;
	struct rg_error err = RG_ERROR_INIT;
	struct rg_buf text = RG_BUF_INIT, url = RG_BUF_INIT;
	struct rg_buf dir = RG_BUF_INIT, want = RG_BUF_INIT;

	enter();
	rg_buf_adds(&url, "postgresql://u:p@h/db?sslmode=verify-full&"
			  "sslrootcert=");
	for (int i = 0; i < 40; i++)
		rg_buf_adds(&url, "/very/long");
	rg_buf_adds(&url, "/root.crt");
	for (int i = 0; i < 30; i++)
		rg_buf_adds(&dir, "/deep/er");
	rg_buf_adds(&text, "[alembic]\n# ");
	for (int i = 0; i < 50; i++)
		rg_buf_adds(&text, "a long comment ");
	rg_buf_addf(&text, "\nsqlalchemy.url =   %s   ; inline comment\n",
		    url.buf);
	rg_buf_addf(&text, "version_locations = %%(here)s/v1\n  %%(here)s%s\n",
		    dir.buf);
	rg_buf_adds(&text, "version_table = after_the_long_lines\n");
	CHECK(!rg_buf_oom(&text));
	write_file("revgraph.ini", text.buf);
	CHECK_INT(rg_config_load(NULL, &cfg, &err), 0);
	CHECK_STR(cfg.url, url.buf);
	CHECK_INT(cfg.ndirs, 2);
	CHECK_STR(cfg.version_dirs[0], in_tmp("/v1"));
	rg_buf_addf(&want, "%s%s", tmpdir, dir.buf);
	CHECK_STR(cfg.version_dirs[1], want.buf);
	CHECK_STR(cfg.version_table, "after_the_long_lines");
	rg_config_release(&cfg);
	rg_buf_release(&text);
	rg_buf_release(&url);
	rg_buf_release(&dir);
	rg_buf_release(&want);
	leave();
}

static void test_load_config__errors(void)
{
	char longline[400];

	enter();
	expect_error("[alembic]\nscript_location = x\nthis is junk\n",
		     RG_EPARSE, 3,
		     "malformed line: expected '[section]', 'key = value' or "
		     "a comment");
	expect_error("[alembic]\nscript_location = a\nSCRIPT_LOCATION = b\n",
		     RG_EPARSE, 3,
		     "option 'script_location' in section [alembic] given "
		     "twice");
	expect_error("[alembic]\nversion_locations = a\n"
		     "version_path_separator = comma\n",
		     RG_EPARSE, 3,
		     "'comma' is not a valid value for version_path_separator; "
		     "expected 'space', 'os', ':', ';'");
	expect_error("[alembic]\n\nscript_location = %(nope)s/x\n", RG_EPARSE,
		     3,
		     "option 'script_location': bad interpolation, no option "
		     "'nope' in [alembic] or [DEFAULT]");
	expect_error("[alembic]\nsqlalchemy.url = a%b\n", RG_EPARSE, 2,
		     "option 'sqlalchemy.url': '%' must be followed by '%' or "
		     "'(name)s'");
	expect_error("[alembic]\na = %(b)s\nb = %(a)s\nscript_location = "
		     "%(a)s\n",
		     RG_EPARSE, 4,
		     "option 'script_location': interpolation deeper than 10 "
		     "levels");
	expect_error("[alembic]\ntruncate_slug_length = ten\n", RG_EPARSE, 2,
		     "option 'truncate_slug_length': 'ten' is not a valid "
		     "number");
	expect_error("[alembic]\nscript_location = myapp:migrations\n",
		     RG_EPARSE, 2,
		     "script_location 'myapp:migrations': package resource "
		     "locations are not supported; use a path");
	memset(longline, 'x', sizeof(longline));
	memcpy(longline, "[alembic]\n[", 11);
	longline[sizeof(longline) - 1] = '\0';
	expect_error(longline, RG_EPARSE, 2, "line longer than 198 characters");
	memcpy(longline, "[alembic]\nnamewithoutdelimiter", 30);
	expect_error(longline, RG_EPARSE, 2, "line longer than 198 characters");
	leave();
}

const struct rg_test rg_tests[] = {
	TEST(test_load_config__none),
	TEST(test_load_config__alembic_ini),
	TEST(test_load_config__errors),
	TEST(test_load_config__long_lines),
	{0},
};
