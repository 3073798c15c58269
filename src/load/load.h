/*
 * src/load/load.h - turning files and config into records, and writing new
 * revision files.
 *
 * config.c   the [alembic] section of revgraph.ini / alembic.ini (libinih)
 * sqlfile.c  SQL revision files (SPEC §2; statements split by libpg_query)
 * pyfile.c   Alembic .py revision files, read natively (SPEC §3)
 * project.c  listing the versions directories and loading every file
 * write.c    new revision ids, slugs, new revision files, `init`
 * path.c     lexical absolute paths (Python's os.path.abspath)
 *
 * Nothing here prints.  Every function that can fail returns 0 or a
 * negative RG_E* code and fills err; messages never repeat err->path.
 */
#ifndef RG_LOAD_H
#define RG_LOAD_H

#include <stddef.h>

#include "graph/arena.h"
#include "graph/buf.h"
#include "graph/error.h"
#include "graph/graph.h"
#include "graph/script.h"

/* Alembic's version_num is varchar(32). */
#define RG_REVID_MAX 32

/* ---- config.c ---- */

struct rg_config {
	char *path;	       /* config file actually read, or NULL */
	char *here;	       /* its absolute directory (for %(here)s) */
	char *script_location; /* absolute, or NULL */
	char **version_dirs;   /* absolute version locations, in order */
	size_t ndirs;	       /* >= 1 after a successful load */
	char *url;	       /* sqlalchemy.url or NULL */
	char *version_table;   /* NULL = default alembic_version */
	char *version_table_schema;
	char *prepend_sys_path;
	char *file_template;	  /* interpolated; NULL = "%(rev)s_%(slug)s" */
	int truncate_slug_length; /* default 40 */
};

/*
 * Find and read the config: explicit_path if not NULL (RG_ENOTFOUND when
 * it does not exist), else ./revgraph.ini, else ./alembic.ini, else none
 * (not an error: version_dirs is then the absolute ./versions).  Reads the
 * [alembic] section (and [DEFAULT]) with ConfigParser's %(key)s and %%
 * interpolation; %(here)s is the file's absolute directory.  Relative
 * paths are taken relative to the current directory, as Alembic does.
 * Fails with RG_EPARSE (err names the file and line), RG_ENOTFOUND or
 * RG_ENOMEM.  cfg is overwritten; on success and on failure alike release
 * it with rg_config_release().  All strings are malloc'ed and owned by cfg.
 */
int rg_config_load(const char *explicit_path, struct rg_config *cfg,
		   struct rg_error *err);
/* Free cfg's contents and zero it; NULL-safe fields, idempotent. */
void rg_config_release(struct rg_config *cfg);

/* ---- sqlfile.c / pyfile.c ---- */

/*
 * Check a revision id found in a file or given on the command line:
 * not empty, at most RG_REVID_MAX bytes, no whitespace or control
 * character, none of Alembic's '@', '-', '+' (Alembic's message).
 * path/line (path may be NULL) only locate the error.  0 or RG_EPARSE.
 */
int rg_revid_check(const char *id, size_t len, const char *path, int line,
		   struct rg_error *err);

/*
 * Offset of the first byte of text[0..len) that is NUL or not part of
 * well-formed UTF-8 (overlong forms, surrogates and code points above
 * U+10FFFF rejected, as Python's decoder does); len if there is none.
 */
size_t rg_utf8_invalid(const char *text, size_t len);

/*
 * Parse one SQL revision file (SPEC §2).  text[0..len) is the whole file
 * (need not be NUL-terminated).  Fills rec (rec->user = script) and
 * script (kind RG_SCRIPT_SQL; the sections as text, see
 * rg_sqlfile_split()); every string and array is allocated in a and lives
 * as long as it.  path is copied.  Fails with RG_EPARSE (err names path
 * and line) or RG_ENOMEM; rec and script are then unspecified.
 */
int rg_sqlfile_parse(const char *path, const char *text, size_t len,
		     struct rg_arena *a, struct rg_record *rec,
		     struct rg_script *script, struct rg_error *err);

/*
 * Split a SQL script's sections into statements (with libpg_query, each
 * with its file line), once; a no-op for .py scripts and for sections
 * already split.  rg_sqlfile_parse() keeps the sections as text so that
 * commands that only read the graph never load PostgreSQL's scanner.
 * RG_EPARSE (file and line: an unterminated quote or comment), RG_ERROR
 * (libpg_query cannot be loaded) or RG_ENOMEM.
 */
int rg_sqlfile_split(struct rg_script *script, struct rg_error *err);

/*
 * Read an Alembic .py revision file without Python: the module-level
 * assignments of revision, down_revision, branch_labels and depends_on
 * (literals only; the last assignment wins) and the module docstring
 * (rec->longdoc, stripped).  Without a `revision` assignment the id comes
 * from a file name that is all lowercase hex + ".py" (Alembic's legacy
 * rule).  script gets kind RG_SCRIPT_PY, no statements, both sections
 * present.  Allocation and failure as rg_sqlfile_parse().
 */
int rg_pyfile_parse(const char *path, const char *text, size_t len,
		    struct rg_arena *a, struct rg_record *rec,
		    struct rg_script *script, struct rg_error *err);

/* ---- project.c ---- */

struct rg_project {
	struct rg_record *recs; /* discovery order */
	size_t nrecs;
	struct rg_arena arena;	/* owns records, scripts, strings */
	struct rg_arena arena2; /* the same, for the second loading thread */
};

#define RG_PROJECT_INIT                                                        \
	{                                                                      \
		NULL, 0, RG_ARENA_INIT, RG_ARENA_INIT                          \
	}

/*
 * Load every revision file of the ndirs directories, in the given order,
 * names sorted bytewise within each; *.sql and *.py (not ".#*" or
 * "__init__*"), no recursion.  Missing directories are skipped unless
 * none exists (RG_ENOTFOUND).  A file reached twice (same device and
 * inode) is read once.  Two files with one id: RG_EGRAPH naming both.
 * Paths are absolute: realpath(dir) + "/" + name.  out is overwritten;
 * release it with rg_project_release() after success or failure.
 */
int rg_project_load(const char *const *dirs, size_t ndirs,
		    struct rg_project *out, struct rg_error *err);
void rg_project_release(struct rg_project *p);

/* ---- write.c ---- */

/* 12 random lowercase hex chars + NUL (Alembic: uuid4().hex[-12:]). */
int rg_revid_generate(char out[13], struct rg_error *err);

/*
 * Alembic's slug: the runs of \w characters of message (Unicode-aware, as
 * Python's re) joined by '_', lowered (str.lower(), one-to-one mappings),
 * then cut to truncate_len code points at the last '_' plus '_'
 * (truncate_len <= 0 means 40).  message may be NULL.  Appends to out;
 * 0 or RG_ENOMEM.  Invalid UTF-8 bytes count as non-word characters.
 */
int rg_slugify(const char *message, int truncate_len, struct rg_buf *out);

struct rg_newrev {
	const char *dir;	 /* target versions directory */
	const char *rev_id;	 /* checked with rg_revid_check(), no '/' */
	const char *const *down; /* resolved full ids */
	size_t ndown;
	const char *const *labels;
	size_t nlabels;
	const char *const *deps; /* as to be written */
	size_t ndeps;
	const char *message;	   /* NULL = "empty message" */
	const char *file_template; /* NULL = "%(rev)s_%(slug)s" */
	int truncate_slug_length;  /* <= 0: 40 */
	int py;			   /* 1: Alembic .py format, 0: SQL */
	const char *create_date;   /* "YYYY-MM-DD HH:MM:SS[.ffffff]" */
};

/*
 * Write a new revision file into nr->dir, never overwriting (O_EXCL), and
 * append its absolute path to path_out.  The name is file_template
 * (Python %-formatting with rev, slug, epoch, year, month, day, hour,
 * minute, second) + ".py" or ".sql", and may not contain '/'.  Fails with
 * RG_EUSAGE (bad id, bad template or date), RG_ERROR (file exists, I/O;
 * err->path names the file) or RG_ENOMEM.  On failure no file is left.
 */
int rg_newrev_write(const struct rg_newrev *nr, struct rg_buf *path_out,
		    struct rg_error *err);

/*
 * Create dir (if missing), dir/versions and dir/revgraph.ini.  Fails with
 * RG_ERROR if dir exists and is not empty, or on I/O errors.  Appends
 * Alembic-style log lines ("Creating directory <abs> ...  done\n",
 * "Generating <abs> ...  done\n") to log_out.
 */
int rg_init_project(const char *dir, struct rg_buf *log_out,
		    struct rg_error *err);

/* ---- path.c ---- */

/*
 * Python's os.path.abspath: join with the current directory if relative,
 * then normalize "//", "." and ".." lexically (no symlinks resolved).
 * Appends to out.  0, RG_ENOMEM, or RG_ERROR if getcwd() fails.
 */
int rg_path_abs(const char *path, struct rg_buf *out, struct rg_error *err);

#endif
