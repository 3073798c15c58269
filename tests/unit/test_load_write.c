/*
 * tests/unit/test_load_write.c - slugs, new revision files (compared with
 * Alembic 1.8's own output), init, and loading a project from disk.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "src/load/load.h"

static char tmpdir[PATH_MAX];

static void make_tmp(void)
{
	char t[] = "/tmp/rg_write_XXXXXX";

	CHECK(mkdtemp(t) != NULL);
	CHECK(realpath(t, tmpdir) != NULL);
}

static void remove_tmp(void)
{
	CHECK_INT(rg_test_rm_rf(tmpdir), 0);
}

static const char *in_tmp(const char *rel)
{
	static char buf[4][PATH_MAX + 64];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s%s", tmpdir, rel);
	return buf[i];
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	CHECK(f != NULL);
	if (!f)
		return;
	fputs(text, f);
	fclose(f);
}

static char *read_file(const char *path)
{
	static char buf[8192];
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void check_slug(const char *msg, int trunc, const char *want)
{
	struct rg_buf b = RG_BUF_INIT;

	CHECK_INT(rg_slugify(msg, trunc, &b), 0);
	CHECK_STR(b.buf, want);
	rg_buf_release(&b);
}

static void test_load_write__slug(void)
{
	/* ALEMBIC-SEMANTICS §1.5, checked against Alembic */
	check_slug("create account table", 40, "create_account_table");
	check_slug("Add a column!  to account (v2): 'quoted' and a very long "
		   "message that goes over forty characters",
		   40, "add_a_column_to_account_v2_quoted_and_a_");
	check_slug(
		"averyveryverylongsinglewordmessagethatexceedsfortycharacters"
		" and more",
		40, "averyveryverylongsinglewordmessagethatex_");
	check_slug("caf\xc3\xa9 \xc3\x9c"
		   "n\xc3\xaf"
		   "code \xe2\x80\x93 "
		   "dash/slash",
		   40,
		   "caf\xc3\xa9_\xc3\xbc"
		   "n\xc3\xaf"
		   "code_dash_slash");
	check_slug("", 40, "");
	check_slug(NULL, 40, "");
	check_slug("!!!", 40, "");
	check_slug("template test with long words here", 10, "template_");
	check_slug("_lead", 3, "_");
	check_slug("\xce\xa3\xce\x91 x\xff y", 0, "\xcf\x83\xce\xb1_x_y");
	/* truncation counts code points, not bytes */
	check_slug("\xc3\x9c\xc3\x9c\xc3\x9c \xc3\x9c", 4,
		   "\xc3\xbc\xc3\xbc\xc3\xbc_");
}

static void test_load_write__revid(void)
{
	char a[13], b[13];

	CHECK_INT(rg_revid_generate(a, NULL), 0);
	CHECK_INT(rg_revid_generate(b, NULL), 0);
	CHECK_INT(strlen(a), 12);
	CHECK_INT(strspn(a, "0123456789abcdef"), 12);
	CHECK(strcmp(a, b) != 0);
}

/* Byte for byte what `alembic revision`/`merge` wrote (see §1.5). */
static const char want_bbb002[] =
	"\"\"\"second\n\nRevision ID: bbb002\nRevises: aaa001\n"
	"Create Date: 2026-11-22 03:26:11.516968\n\n\"\"\"\n"
	"from alembic import op\nimport sqlalchemy as sa\n\n\n"
	"# revision identifiers, used by Alembic.\n"
	"revision = 'bbb002'\ndown_revision = 'aaa001'\n"
	"branch_labels = ('lab',)\ndepends_on = 'aaa001'\n\n\n"
	"def upgrade() -> None:\n    pass\n\n\n"
	"def downgrade() -> None:\n    pass\n";

static const char want_ddd004[] =
	"\"\"\"merge it\n\nRevision ID: ddd004\nRevises: bbb002, ccc003\n"
	"Create Date: 2026-11-22 03:26:11.904027\n\n\"\"\"\n"
	"from alembic import op\nimport sqlalchemy as sa\n\n\n"
	"# revision identifiers, used by Alembic.\n"
	"revision = 'ddd004'\ndown_revision = ('bbb002', 'ccc003')\n"
	"branch_labels = None\ndepends_on = None\n\n\n"
	"def upgrade() -> None:\n    pass\n\n\n"
	"def downgrade() -> None:\n    pass\n";

static const char want_root[] =
	"\"\"\"empty message\n\nRevision ID: ccc003\nRevises: \n"
	"Create Date: 2026-11-22 03:26:11\n\n\"\"\"\n"
	"from alembic import op\nimport sqlalchemy as sa\n\n\n"
	"# revision identifiers, used by Alembic.\n"
	"revision = 'ccc003'\ndown_revision = None\n"
	"branch_labels = None\ndepends_on = ['x1', \"it's\"]\n\n\n"
	"def upgrade() -> None:\n    pass\n\n\n"
	"def downgrade() -> None:\n    pass\n";

static void test_load_write__py(void)
{
	const char *down1[] = {"aaa001"}, *labels[] = {"lab"};
	const char *down2[] = {"bbb002", "ccc003"}, *deps[] = {"x1", "it's"};
	struct rg_newrev nr = {0};
	struct rg_buf path = RG_BUF_INIT;
	struct rg_error err = RG_ERROR_INIT;

	make_tmp();
	nr.dir = tmpdir;
	nr.py = 1;
	nr.rev_id = "bbb002";
	nr.down = down1, nr.ndown = 1;
	nr.labels = labels, nr.nlabels = 1;
	nr.deps = down1, nr.ndeps = 1;
	nr.message = "second";
	nr.create_date = "2026-11-22 03:26:11.516968";
	CHECK_INT(rg_newrev_write(&nr, &path, &err), 0);
	CHECK_STR(path.buf, in_tmp("/bbb002_second.py"));
	CHECK_STR(read_file(path.buf), want_bbb002);

	/* never overwrite */
	rg_buf_reset(&path);
	CHECK_INT(rg_newrev_write(&nr, &path, &err), RG_ERROR);
	CHECK_STR(err.path, in_tmp("/bbb002_second.py"));
	CHECK_STR(err.msg, "cannot create: File exists");
	CHECK_STR(read_file(in_tmp("/bbb002_second.py")), want_bbb002);

	nr.rev_id = "ddd004";
	nr.down = down2, nr.ndown = 2;
	nr.nlabels = nr.ndeps = 0;
	nr.message = "merge it";
	nr.create_date = "2026-11-22 03:26:11.904027";
	rg_buf_reset(&path);
	CHECK_INT(rg_newrev_write(&nr, &path, &err), 0);
	CHECK_STR(path.buf, in_tmp("/ddd004_merge_it.py"));
	CHECK_STR(read_file(path.buf), want_ddd004);

	nr.rev_id = "ccc003";
	nr.ndown = 0;
	nr.deps = deps, nr.ndeps = 2;
	nr.message = NULL;
	nr.create_date = "2026-11-22 03:26:11";
	nr.file_template =
		"%(year)d_%(month).2d_%(day)02d_%(hour).2d%(minute).2d"
		"%%-%(rev)s_%(slug)s_%(epoch)d";
	rg_buf_reset(&path);
	CHECK_INT(rg_newrev_write(&nr, &path, &err), 0);
	{
		char want[PATH_MAX + 128];
		struct tm tm = {.tm_year = 126,
				.tm_mon = 10,
				.tm_mday = 22,
				.tm_hour = 3,
				.tm_min = 26,
				.tm_sec = 11,
				.tm_isdst = -1};

		snprintf(want, sizeof(want),
			 "%s/2026_11_22_0326%%-ccc003__%lld.py", tmpdir,
			 (long long)mktime(&tm));
		CHECK_STR(path.buf, want);
		CHECK_STR(read_file(path.buf), want_root);
	}
	rg_buf_release(&path);
	remove_tmp();
}

static void test_load_write__sql_and_reload(void)
{
	const char *down[] = {"a1", "b2"}, *labels[] = {"acct"};
	struct rg_newrev nr = {0};
	struct rg_buf path = RG_BUF_INIT;
	struct rg_error err = RG_ERROR_INIT;
	struct rg_project p;
	const char *dirs[1];

	make_tmp();
	nr.dir = tmpdir;
	nr.rev_id = "c3";
	nr.down = down, nr.ndown = 2;
	nr.labels = labels, nr.nlabels = 1;
	nr.deps = labels, nr.ndeps = 1;
	nr.message = "two\nlines";
	nr.create_date = "2026-11-22 10:00:00.5";
	CHECK_INT(rg_newrev_write(&nr, &path, &err), 0);
	CHECK_STR(path.buf, in_tmp("/c3_two_lines.sql"));
	CHECK_STR(read_file(path.buf),
		  "-- revision: c3\n-- down_revision: a1, b2\n"
		  "-- branch_labels: acct\n-- depends_on: acct\n"
		  "-- message: two lines\n"
		  "-- create_date: 2026-11-22 10:00:00.5\n\n"
		  "-- revgraph:upgrade\n\n-- revgraph:downgrade\n");
	nr.rev_id = "d4";
	nr.ndown = nr.nlabels = nr.ndeps = 0;
	nr.message = "";
	rg_buf_reset(&path);
	CHECK_INT(rg_newrev_write(&nr, &path, &err), 0);
	CHECK_STR(read_file(path.buf),
		  "-- revision: d4\n-- down_revision: None\n-- message:\n"
		  "-- create_date: 2026-11-22 10:00:00.5\n\n"
		  "-- revgraph:upgrade\n\n-- revgraph:downgrade\n");
	rg_buf_release(&path);

	dirs[0] = tmpdir;
	CHECK_INT(rg_project_load(dirs, 1, &p, &err), 0);
	CHECK_INT(p.nrecs, 2);
	if (p.nrecs == 2) {
		CHECK_STR(p.recs[0].id, "c3");
		CHECK_INT(p.recs[0].ndown, 2);
		CHECK_STR(p.recs[0].longdoc, "two lines");
		CHECK_STR(p.recs[1].id, "d4");
		CHECK_INT(p.recs[1].ndown, 0);
		CHECK_STR(p.recs[1].longdoc, "");
	}
	rg_project_release(&p);
	remove_tmp();
}

static void test_load_write__bad_names(void)
{
	const char *bad_label[] = {"a,b"};
	struct rg_newrev nr = {0};
	struct rg_buf path = RG_BUF_INIT;
	struct rg_error err = RG_ERROR_INIT;

	nr.dir = "/nonexistent";
	nr.create_date = "2026-11-22 10:00:00";
	nr.rev_id = "bad-id";
	CHECK_INT(rg_newrev_write(&nr, &path, &err), RG_EUSAGE);
	CHECK_STR(err.msg, "Character(s) '-' not allowed in revision "
			   "identifier 'bad-id'");
	nr.rev_id = "../x";
	CHECK_INT(rg_newrev_write(&nr, &path, &err), RG_EUSAGE);
	CHECK_STR(err.msg, "revision id '../x' may not contain '/', ',' or "
			   "'..'");
	nr.rev_id = "..";
	CHECK_INT(rg_newrev_write(&nr, &path, &err), RG_EUSAGE);
	nr.rev_id = "ok";
	nr.labels = bad_label, nr.nlabels = 1;
	CHECK_INT(rg_newrev_write(&nr, &path, &err), RG_EUSAGE);
	CHECK_STR(err.msg, "'a,b' cannot be written in a SQL header (empty, "
			   "or has a comma or line break)");
	nr.nlabels = 0;
	nr.file_template = "%(slug)s/%(rev)s";
	CHECK_INT(rg_newrev_write(&nr, &path, &err), RG_EUSAGE);
	CHECK_STR(err.msg, "file name '/ok.sql' is not a plain name");
	nr.file_template = "%(nope)s";
	CHECK_INT(rg_newrev_write(&nr, &path, &err), RG_EUSAGE);
	CHECK_STR(err.msg, "file_template: unknown token 'nope' (known: rev, "
			   "slug, epoch, year, month, day, hour, minute, "
			   "second)");
	nr.file_template = NULL;
	nr.create_date = "yesterday";
	CHECK_INT(rg_newrev_write(&nr, &path, &err), RG_EUSAGE);
	CHECK_STR(err.msg, "bad create date 'yesterday' (want YYYY-MM-DD "
			   "HH:MM:SS[.ffffff])");
	CHECK_INT(path.len, 0);
	rg_buf_release(&path);
}

static void test_load_write__init(void)
{
	struct rg_buf log = RG_BUF_INIT;
	struct rg_error err = RG_ERROR_INIT;
	struct stat st;
	char want[4 * PATH_MAX];

	make_tmp();
	CHECK_INT(rg_init_project(in_tmp("/proj/sub"), &log, &err), 0);
	snprintf(want, sizeof(want),
		 "Creating directory %s/proj/sub ...  done\n"
		 "Creating directory %s/proj/sub/versions ...  done\n"
		 "Generating %s/proj/sub/revgraph.ini ...  done\n",
		 tmpdir, tmpdir, tmpdir);
	CHECK_STR(log.buf, want);
	CHECK_INT(stat(in_tmp("/proj/sub/versions"), &st), 0);
	CHECK(S_ISDIR(st.st_mode));
	CHECK(strstr(read_file(in_tmp("/proj/sub/revgraph.ini")),
		     "\n[alembic]\n") != NULL);
	CHECK(strstr(read_file(in_tmp("/proj/sub/revgraph.ini")),
		     "\nscript_location = %(here)s\n") != NULL);
	CHECK(strstr(read_file(in_tmp("/proj/sub/revgraph.ini")),
		     "\nversion_locations = %(here)s/versions\n") != NULL);
	rg_buf_reset(&log);
	CHECK_INT(rg_init_project(in_tmp("/proj/sub"), &log, &err), RG_ERROR);
	snprintf(want, sizeof(want),
		 "Directory %s/proj/sub already exists and is not empty",
		 tmpdir);
	CHECK_STR(err.msg, want);
	CHECK_INT(log.len, 0);
	/* an existing empty directory is fine */
	CHECK_INT(mkdir(in_tmp("/empty"), 0777), 0);
	CHECK_INT(rg_init_project(in_tmp("/empty"), &log, &err), 0);
	snprintf(want, sizeof(want),
		 "Creating directory %s/empty/versions ...  done\n"
		 "Generating %s/empty/revgraph.ini ...  done\n",
		 tmpdir, tmpdir);
	CHECK_STR(log.buf, want);
	rg_buf_release(&log);
	remove_tmp();
}

static void test_load_write__project(void)
{
	struct rg_project p;
	struct rg_error err = RG_ERROR_INIT;
	const char *dirs[4];
	char msg[4 * PATH_MAX], d[4][PATH_MAX + 32];

	make_tmp();
	CHECK_INT(mkdir(in_tmp("/v1"), 0777), 0);
	CHECK_INT(mkdir(in_tmp("/v2"), 0777), 0);
	CHECK_INT(mkdir(in_tmp("/v1/sub.py"), 0777), 0);
	write_file(in_tmp("/v1/b_x.sql"),
		   "-- revision: b\n-- down_revision: a\n");
	write_file(in_tmp("/v1/a_x.py"),
		   "revision = 'a'\ndown_revision = None\n");
	write_file(in_tmp("/v1/__init__.py"), "junk(\n");
	write_file(in_tmp("/v1/.#lock.py"), "junk(\n");
	write_file(in_tmp("/v1/notes.txt"), "junk(\n");
	write_file(in_tmp("/v1/x.PY"), "junk(\n");
	write_file(in_tmp("/v1/.hidden.py"),
		   "revision = 'h'\ndown_revision = None\n");
	write_file(in_tmp("/v2/c.sql"),
		   "-- revision: c\n-- down_revision: b\n");
	CHECK_INT(symlink(in_tmp("/v1/a_x.py"), in_tmp("/v2/link.py")), 0);

	snprintf(d[0], sizeof(d[0]), "%s/missing", tmpdir);
	snprintf(d[1], sizeof(d[1]), "%s/v2", tmpdir);
	snprintf(d[2], sizeof(d[2]), "%s/v1", tmpdir);
	snprintf(d[3], sizeof(d[3]), "%s/v2/../v2", tmpdir); /* again */
	for (int i = 0; i < 4; i++)
		dirs[i] = d[i];
	CHECK_INT(rg_project_load(dirs, 4, &p, &err), 0);
	CHECK_INT(p.nrecs, 4);
	if (p.nrecs == 4) {
		/* v2: c.sql, link.py (-> a); v1: .hidden.py, a_x.py (dup of
		 * link.py: skipped), b_x.sql */
		CHECK_STR(p.recs[0].id, "c");
		CHECK_STR(p.recs[0].path, in_tmp("/v2/c.sql"));
		CHECK_STR(p.recs[1].id, "a");
		CHECK_STR(p.recs[1].path, in_tmp("/v2/link.py"));
		CHECK_STR(p.recs[2].id, "h");
		CHECK_STR(p.recs[3].id, "b");
		CHECK_STR(p.recs[3].path, in_tmp("/v1/b_x.sql"));
		CHECK_INT(((struct rg_script *)p.recs[3].user)->kind,
			  RG_SCRIPT_SQL);
		CHECK_INT(((struct rg_script *)p.recs[1].user)->kind,
			  RG_SCRIPT_PY);
	}
	rg_project_release(&p);

	/* none exists */
	CHECK_INT(rg_project_load(dirs, 1, &p, &err), RG_ENOTFOUND);
	snprintf(msg, sizeof(msg), "versions directory '%s' does not exist",
		 in_tmp("/missing"));
	CHECK_STR(err.msg, msg);
	rg_project_release(&p);

	/* the same id in two files */
	write_file(in_tmp("/v2/d.sql"), "\n-- revision: b\n");
	CHECK_INT(rg_project_load(dirs + 1, 2, &p, &err), 0);
	{
		struct rg_graph *g = NULL;

		CHECK_INT(rg_graph_build(p.recs, p.nrecs, &g, &err), RG_EGRAPH);
		CHECK(g == NULL);
	}
	snprintf(msg, sizeof(msg), "revision 'b' is defined twice: %s and %s",
		 in_tmp("/v2/d.sql"), in_tmp("/v1/b_x.sql"));
	CHECK_STR(err.msg, msg);
	CHECK_STR(err.path, in_tmp("/v1/b_x.sql"));
	CHECK_INT(err.line, 1);
	rg_project_release(&p);

	/* a file's error comes through with its path and line */
	write_file(in_tmp("/v2/d.sql"), "-- revision: d\n-- bogus: 1\n");
	CHECK_INT(rg_project_load(dirs + 1, 2, &p, &err), RG_EPARSE);
	CHECK_STR(err.path, in_tmp("/v2/d.sql"));
	CHECK_INT(err.line, 2);
	rg_project_release(&p);
	remove_tmp();
}

/* File names sort bytewise, also past their first 8 bytes and above 0x7f. */
static void test_load_write__sort_order(void)
{
	static const char *const want[] = {
		"Z_x.sql",	    "abc_x.sql",       "abcdefgh10_x.sql",
		"abcdefgh10_y.sql", "abcdefgh2_x.sql", "abcdefgh_x.sql",
		"\xc3\xa9_x.sql"};
	static const int order[] = {4, 0, 6, 2, 5, 1, 3};
	struct rg_project p;
	struct rg_error err = RG_ERROR_INIT;
	const char *dirs[1];
	char path[PATH_MAX + 64], text[64];
	size_t n = sizeof(want) / sizeof(want[0]);

	make_tmp();
	CHECK_INT(mkdir(in_tmp("/v"), 0777), 0);
	for (size_t i = 0; i < n; i++) { /* written out of order */
		size_t k = (size_t)order[i];

		snprintf(path, sizeof(path), "%s/v/%s", tmpdir, want[k]);
		snprintf(text, sizeof(text), "-- revision: r%zu\n", k);
		write_file(path, text);
	}
	snprintf(path, sizeof(path), "%s/v", tmpdir);
	dirs[0] = path;
	CHECK_INT(rg_project_load(dirs, 1, &p, &err), 0);
	CHECK_INT(p.nrecs, n);
	for (size_t i = 0; i < n && i < p.nrecs; i++) {
		char id[16];

		snprintf(id, sizeof(id), "r%zu", i);
		CHECK_STR(p.recs[i].id, id);
	}
	rg_project_release(&p);
	remove_tmp();
}

const struct rg_test rg_tests[] = {
	TEST(test_load_write__slug),
	TEST(test_load_write__revid),
	TEST(test_load_write__py),
	TEST(test_load_write__sql_and_reload),
	TEST(test_load_write__bad_names),
	TEST(test_load_write__init),
	TEST(test_load_write__project),
	TEST(test_load_write__sort_order),
	{0},
};
