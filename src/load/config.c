/*
 * src/load/config.c - the [alembic] section of revgraph.ini / alembic.ini.
 *
 * libinih does the line syntax; we feed it lines through our own reader so
 * that we know the line number of every key (inih is built without
 * INI_HANDLER_LINENO) and can tell a continuation line from a repeated
 * key.  Values then get ConfigParser's BasicInterpolation (%(key)s looked
 * up in [alembic], then [DEFAULT], then the built-in `here`; %% -> %).
 * Alembic: config.py Config.file_config, script/base.py from_config.
 *
 * Known differences from ConfigParser, all from libinih: a " ;" starts an
 * inline comment, and a repeated [alembic] section is merged instead of
 * refused.  Debian's libinih reads lines of at most 200 bytes; a longer
 * `name = value`, continuation or comment line (a long sqlalchemy.url) is
 * handed to it with its value replaced by a marker, and the value, trimmed
 * as inih trims, is put back in the handler (a long section header is an
 * error).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ini.h>

#include "graph/vec.h"
#include "src/load/load.h"

/* ConfigParser: MAX_INTERPOLATION_DEPTH */
#define INTERP_MAX_DEPTH 10

struct cfg_entry {
	int is_default; /* [DEFAULT] rather than [alembic] */
	char *key;	/* lowercased, as ConfigParser's optionxform */
	struct rg_buf value;
	int line;
};

struct cfg_parse {
	FILE *fp;
	const char *path;
	int lineno;		  /* line last handed to inih */
	int continuation;	  /* that line starts with whitespace */
	struct rg_buf line;	  /* the line being read */
	int long_line;		  /* lineno whose value inih got as LONG_MARK */
	struct rg_buf long_value; /* that line's real value */
	struct rg_vec entries;	  /* struct cfg_entry * */
	struct rg_error *err;
	int failed; /* err is set; stop */
};

static void entry_free(struct cfg_entry *e)
{
	if (!e)
		return;
	free(e->key);
	rg_buf_release(&e->value);
	free(e);
}

#define LONG_MARK "\x01"

static int ini_space(char c)
{
	return isspace((unsigned char)c);
}

/*
 * inih's find_chars_or_comment(): the first char of chars (if any) or
 * inline comment (';' after whitespace) in [s, e); e if none.
 */
static const char *find_stop(const char *s, const char *e, const char *chars)
{
	int was_space = 0;

	for (; s < e; s++) {
		if ((chars && strchr(chars, *s)) || (was_space && *s == ';'))
			return s;
		was_space = ini_space(*s);
	}
	return e;
}

/* [s, e) cut at an inline comment and trimmed, as inih does a value. */
static void set_long_value(struct cfg_parse *cp, const char *s, const char *e)
{
	e = find_stop(s, e, NULL);
	while (s < e && ini_space(*s))
		s++;
	while (e > s && ini_space(e[-1]))
		e--;
	rg_buf_reset(&cp->long_value);
	rg_buf_add(&cp->long_value, s, (size_t)(e - s));
	cp->long_line = cp->lineno;
}

/*
 * A line too long for inih's buffer of num bytes, into str: a comment as
 * "#", a continuation line as " " LONG_MARK, `name = value` as the name
 * and delimiter then LONG_MARK, the value kept for the handler.  0, or -1
 * with the error set when the line cannot be shortened.
 */
static int shorten_line(struct cfg_parse *cp, char *str, int num)
{
	const char *s = cp->line.buf, *e = s + cp->line.len, *p = s, *d;

	while (p < e && ini_space(*p))
		p++;
	if (p == e || *p == ';' || *p == '#') {
		snprintf(str, (size_t)num, "#\n");
		return 0;
	}
	if (p > s) {
		set_long_value(cp, p, e);
		snprintf(str, (size_t)num, " %s\n", LONG_MARK);
		return rg_buf_oom(&cp->long_value) ? -1 : 0;
	}
	d = find_stop(p, e, "=:");
	if (*p != '[' && d < e && *d != ';' &&
	    (size_t)(d - s) + 4 <= (size_t)num) {
		set_long_value(cp, d + 1, e);
		snprintf(str, (size_t)num, "%.*s%s\n", (int)(d - s + 1), s,
			 LONG_MARK);
		return rg_buf_oom(&cp->long_value) ? -1 : 0;
	}
	rg_error_set(cp->err, RG_EPARSE, cp->path, cp->lineno,
		     "line longer than %d characters", num - 2);
	return -1;
}

/* inih's reader: one physical line, with our line counting. */
static char *cfg_reader(char *str, int num, void *stream)
{
	struct cfg_parse *cp = stream;
	int c;

	if (cp->failed)
		return NULL;
	rg_buf_reset(&cp->line);
	while ((c = getc(cp->fp)) != EOF) {
		rg_buf_addch(&cp->line, (char)c);
		if (c == '\n')
			break;
	}
	if (cp->line.len == 0)
		return NULL;
	cp->lineno++;
	cp->continuation = cp->line.buf[0] == ' ' || cp->line.buf[0] == '\t';
	if (rg_buf_oom(&cp->line)) {
		rg_error_set(cp->err, RG_ENOMEM, cp->path, cp->lineno,
			     "out of memory");
		cp->failed = 1;
		return NULL;
	}
	if (cp->line.len >= (size_t)num) {
		if (shorten_line(cp, str, num) == 0)
			return str;
		if (rg_buf_oom(&cp->long_value))
			rg_error_set(cp->err, RG_ENOMEM, cp->path, cp->lineno,
				     "out of memory");
		cp->failed = 1;
		return NULL;
	}
	memcpy(str, cp->line.buf, cp->line.len + 1);
	return str;
}

static struct cfg_entry *find_entry(const struct cfg_parse *cp, int is_default,
				    const char *key)
{
	for (size_t i = 0; i < cp->entries.len; i++) {
		struct cfg_entry *e = cp->entries.items[i];

		if (e->is_default == is_default && !strcmp(e->key, key))
			return e;
	}
	return NULL;
}

static int add_entry(struct cfg_parse *cp, int is_default, const char *name,
		     const char *value)
{
	struct cfg_entry *e = calloc(1, sizeof(*e));

	if (!e || !(e->key = strdup(name)))
		goto oom;
	for (char *k = e->key; *k; k++)
		*k = (char)tolower((unsigned char)*k);
	if (find_entry(cp, is_default, e->key)) {
		rg_error_set(cp->err, RG_EPARSE, cp->path, cp->lineno,
			     "option '%s' in section [%s] given twice", e->key,
			     is_default ? "DEFAULT" : "alembic");
		entry_free(e);
		return 0;
	}
	e->is_default = is_default;
	e->line = cp->lineno;
	rg_buf_init(&e->value);
	rg_buf_adds(&e->value, value);
	if (rg_buf_oom(&e->value) || rg_vec_push(&cp->entries, e) < 0)
		goto oom;
	return 1;
oom:
	entry_free(e);
	rg_error_set(cp->err, RG_ENOMEM, cp->path, cp->lineno, "out of memory");
	return 0;
}

static int cfg_handler(void *user, const char *section, const char *name,
		       const char *value)
{
	struct cfg_parse *cp = user;
	int is_default = !strcmp(section, "DEFAULT");
	struct cfg_entry *last;

	if (cp->failed)
		return 0;
	if (!is_default && strcmp(section, "alembic"))
		return 1;
	if (cp->long_line == cp->lineno && !strcmp(value, LONG_MARK))
		value = cp->long_value.buf;
	last = cp->entries.len ? cp->entries.items[cp->entries.len - 1] : NULL;
	if (cp->continuation && last) {
		/* ConfigParser joins continuation lines with "\n" */
		rg_buf_addch(&last->value, '\n');
		rg_buf_adds(&last->value, value);
		if (!rg_buf_oom(&last->value))
			return 1;
		rg_error_set(cp->err, RG_ENOMEM, cp->path, cp->lineno,
			     "out of memory");
		cp->failed = 1;
		return 0;
	}
	if (!add_entry(cp, is_default, name, value)) {
		cp->failed = 1;
		return 0;
	}
	return 1;
}

static const struct cfg_entry *lookup(const struct cfg_parse *cp,
				      const char *key)
{
	const struct cfg_entry *e = find_entry(cp, 0, key);

	return e ? e : find_entry(cp, 1, key);
}

struct interp {
	const struct cfg_parse *cp;
	const char *here;
	const char *option; /* the option being read, for messages */
	int line;
};

/*
 * ConfigParser BasicInterpolation of s into out.  Recursion is bounded by
 * INTERP_MAX_DEPTH, not by the input.
 */
static int interpolate(const struct interp *in, const char *s, int depth,
		       struct rg_buf *out, struct rg_error *err)
{
	const char *path = in->cp->path;

	if (depth > INTERP_MAX_DEPTH)
		return rg_error_set(err, RG_EPARSE, path, in->line,
				    "option '%s': interpolation deeper than "
				    "%d levels",
				    in->option, INTERP_MAX_DEPTH);
	for (const char *p = s; *p; p++) {
		const char *close;
		char key[256];
		size_t n;
		const struct cfg_entry *e;
		int rc;

		if (*p != '%') {
			rg_buf_addch(out, *p);
			continue;
		}
		if (p[1] == '%') {
			rg_buf_addch(out, '%');
			p++;
			continue;
		}
		close = p[1] == '(' ? strchr(p + 2, ')') : NULL;
		if (!close || close[1] != 's' || close == p + 2)
			return rg_error_set(
				err, RG_EPARSE, path, in->line,
				"option '%s': '%%' must be followed "
				"by '%%' or '(name)s'",
				in->option);
		n = (size_t)(close - (p + 2));
		if (n >= sizeof(key))
			n = sizeof(key) - 1;
		memcpy(key, p + 2, n);
		key[n] = '\0';
		for (char *k = key; *k; k++)
			*k = (char)tolower((unsigned char)*k);
		p = close + 1;
		e = lookup(in->cp, key);
		if (e) {
			rc = interpolate(in, e->value.buf, depth + 1, out, err);
			if (rc < 0)
				return rc;
		} else if (!strcmp(key, "here")) {
			rg_buf_adds(out, in->here);
		} else {
			return rg_error_set(err, RG_EPARSE, path, in->line,
					    "option '%s': bad interpolation, "
					    "no option '%s' in [alembic] or "
					    "[DEFAULT]",
					    in->option, key);
		}
	}
	return 0;
}

/* The interpolated value of [alembic] key, or *out = NULL if unset. */
static int get_option(const struct cfg_parse *cp, const char *here,
		      const char *key, char **out, struct rg_error *err)
{
	const struct cfg_entry *e = lookup(cp, key);
	struct interp in = {cp, here, key, 0};
	struct rg_buf b = RG_BUF_INIT;
	int rc;

	*out = NULL;
	if (!e)
		return 0;
	in.line = e->line;
	rc = interpolate(&in, e->value.buf, 1, &b, err);
	if (rc < 0)
		goto out;
	rg_buf_addch(&b, '\0'); /* make sure it is allocated */
	if (rg_buf_oom(&b)) {
		rc = rg_error_set(err, RG_ENOMEM, cp->path, e->line,
				  "out of memory");
		goto out;
	}
	b.len--;
	*out = rg_buf_detach(&b);
out:
	rg_buf_release(&b);
	return rc;
}

static int abs_dup(const char *p, char **out, struct rg_error *err)
{
	struct rg_buf b = RG_BUF_INIT;
	int rc = rg_path_abs(p, &b, err);

	if (rc == 0 && !(*out = rg_buf_detach(&b)))
		rc = rg_error_set(err, RG_ENOMEM, NULL, 0, "out of memory");
	rg_buf_release(&b);
	return rc;
}

static int add_dir(struct rg_config *cfg, const char *p, size_t n,
		   struct rg_error *err)
{
	char *s, **dirs;
	int rc;

	if (n == 0)
		return 0; /* empty pieces: Alembic would use the cwd */
	s = strndup(p, n);
	if (!s)
		return rg_error_set(err, RG_ENOMEM, NULL, 0, "out of memory");
	dirs = realloc(cfg->version_dirs, (cfg->ndirs + 1) * sizeof(*dirs));
	if (!dirs) {
		free(s);
		return rg_error_set(err, RG_ENOMEM, NULL, 0, "out of memory");
	}
	cfg->version_dirs = dirs;
	rc = abs_dup(s, &dirs[cfg->ndirs], err);
	free(s);
	if (rc == 0)
		cfg->ndirs++;
	return rc;
}

/* The separator set for version_path_separator, or NULL if invalid. */
static const char *separator_set(const char *sep)
{
	if (!sep)
		return ", \t\n"; /* legacy: commas and/or runs of spaces */
	if (!strcmp(sep, "space"))
		return " ";
	if (!strcmp(sep, "os") || !strcmp(sep, ":"))
		return ":";
	if (!strcmp(sep, ";"))
		return ";";
	return NULL;
}

/*
 * version_path_separator.  Alembic 1.8's generated alembic.ini has
 * "version_path_separator = os  # Use os.pathsep. ..." and Alembic then
 * crashes once version_locations is set; we drop such a "  # comment".
 */
static void strip_inline_comment(char *s)
{
	char *h = strchr(s, '#');

	if (!h || h == s || (h[-1] != ' ' && h[-1] != '\t'))
		return;
	while (h > s && (h[-1] == ' ' || h[-1] == '\t'))
		h--;
	*h = '\0';
}

static int resolve_dirs(const struct cfg_parse *cp, struct rg_config *cfg,
			struct rg_error *err)
{
	char *locs = NULL, *sep = NULL;
	const char *set;
	struct rg_buf b = RG_BUF_INIT;
	int rc;

	rc = get_option(cp, cfg->here, "version_locations", &locs, err);
	if (rc < 0 || (rc = get_option(cp, cfg->here, "version_path_separator",
				       &sep, err)) < 0)
		goto out;
	if (locs && *locs) {
		if (sep)
			strip_inline_comment(sep);
		set = separator_set(sep);
		if (!set) {
			rc = rg_error_set(
				err, RG_EPARSE, cp->path,
				lookup(cp, "version_path_separator")->line,
				"'%s' is not a valid value for "
				"version_path_separator; expected 'space', "
				"'os', ':', ';'",
				sep);
			goto out;
		}
		for (const char *p = locs; *p;) {
			size_t n = strcspn(p, set);

			if ((rc = add_dir(cfg, p, n, err)) < 0)
				goto out;
			p += n;
			if (*p)
				p++;
		}
	}
	if (cfg->ndirs == 0) {
		/* Alembic: <script_location>/versions */
		rg_buf_adds(&b,
			    cfg->script_location ? cfg->script_location : ".");
		rg_buf_adds(&b, "/versions");
		if (rg_buf_oom(&b)) {
			rc = rg_error_set(err, RG_ENOMEM, NULL, 0,
					  "out of memory");
			goto out;
		}
		rc = add_dir(cfg, b.buf, b.len, err);
	}
out:
	free(locs);
	free(sep);
	rg_buf_release(&b);
	return rc;
}

static int resolve_script_location(const struct cfg_parse *cp,
				   struct rg_config *cfg, struct rg_error *err)
{
	char *loc = NULL;
	int rc = get_option(cp, cfg->here, "script_location", &loc, err);

	if (rc < 0 || !loc || !*loc)
		goto out;
	if (loc[0] != '/' && strchr(loc, ':')) {
		/* Alembic: util.coerce_resource_to_filename (pkg_resources) */
		rc = rg_error_set(err, RG_EPARSE, cp->path,
				  lookup(cp, "script_location")->line,
				  "script_location '%s': package resource "
				  "locations are not supported; use a path",
				  loc);
		goto out;
	}
	rc = abs_dup(loc, &cfg->script_location, err);
out:
	free(loc);
	return rc;
}

static int parse_int_option(const struct cfg_parse *cp, const char *here,
			    const char *key, int *out, struct rg_error *err)
{
	char *s = NULL, *end;
	long v;
	int rc = get_option(cp, here, key, &s, err);

	if (rc < 0 || !s)
		goto out;
	errno = 0;
	v = strtol(s, &end, 10);
	while (*end == ' ' || *end == '\t')
		end++;
	if (errno || end == s || *end || v < 0 || v > 100000) {
		rc = rg_error_set(
			err, RG_EPARSE, cp->path, lookup(cp, key)->line,
			"option '%s': '%s' is not a valid number", key, s);
		goto out;
	}
	/* Alembic: truncate_slug_length or 40 */
	*out = v ? (int)v : 40;
out:
	free(s);
	return rc;
}

static int read_options(const struct cfg_parse *cp, struct rg_config *cfg,
			struct rg_error *err)
{
	int rc;

	if ((rc = resolve_script_location(cp, cfg, err)) < 0 ||
	    (rc = resolve_dirs(cp, cfg, err)) < 0 ||
	    (rc = get_option(cp, cfg->here, "sqlalchemy.url", &cfg->url, err)) <
		    0 ||
	    (rc = get_option(cp, cfg->here, "version_table",
			     &cfg->version_table, err)) < 0 ||
	    (rc = get_option(cp, cfg->here, "version_table_schema",
			     &cfg->version_table_schema, err)) < 0 ||
	    (rc = get_option(cp, cfg->here, "prepend_sys_path",
			     &cfg->prepend_sys_path, err)) < 0 ||
	    (rc = get_option(cp, cfg->here, "file_template",
			     &cfg->file_template, err)) < 0 ||
	    (rc = parse_int_option(cp, cfg->here, "truncate_slug_length",
				   &cfg->truncate_slug_length, err)) < 0)
		return rc;
	return 0;
}

/* Which file to read: explicit, ./revgraph.ini, ./alembic.ini or none. */
static int find_config(const char *explicit_path, const char **out,
		       struct rg_error *err)
{
	*out = NULL;
	if (explicit_path) {
		if (access(explicit_path, F_OK) != 0)
			return rg_error_set(err, RG_ENOTFOUND, explicit_path, 0,
					    "config file '%s' not found",
					    explicit_path);
		*out = explicit_path;
	} else if (access("revgraph.ini", F_OK) == 0) {
		*out = "revgraph.ini";
	} else if (access("alembic.ini", F_OK) == 0) {
		*out = "alembic.ini";
	}
	return 0;
}

/* The directory part of path, made absolute (Alembic's %(here)s). */
static int here_of(const char *path, char **out, struct rg_error *err)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int rc;

	if (!slash)
		return abs_dup(".", out, err);
	dir = strndup(path, slash == path ? 1 : (size_t)(slash - path));
	if (!dir)
		return rg_error_set(err, RG_ENOMEM, NULL, 0, "out of memory");
	rc = abs_dup(dir, out, err);
	free(dir);
	return rc;
}

static int parse_file(struct cfg_parse *cp, struct rg_error *err)
{
	int r;

	cp->fp = fopen(cp->path, "r");
	if (!cp->fp)
		return rg_error_set(err,
				    errno == ENOENT ? RG_ENOTFOUND : RG_ERROR,
				    cp->path, 0, "cannot read config file: %s",
				    strerror(errno));
	r = ini_parse_stream(cfg_reader, cp, cfg_handler, cp);
	if (cp->failed)
		return err->code;
	if (ferror(cp->fp))
		return rg_error_set(err, RG_ERROR, cp->path, 0,
				    "cannot read config file: %s",
				    strerror(errno));
	if (r == -2)
		return rg_error_set(err, RG_ENOMEM, cp->path, 0,
				    "out of memory");
	if (r != 0)
		return rg_error_set(err, RG_EPARSE, cp->path, r,
				    "malformed line: expected '[section]', "
				    "'key = value' or a comment");
	return 0;
}

int rg_config_load(const char *explicit_path, struct rg_config *cfg,
		   struct rg_error *err)
{
	struct rg_error dummy = RG_ERROR_INIT;
	struct cfg_parse cp = {0};
	const char *path;
	int rc;

	if (!err)
		err = &dummy; /* parse_file reads err->code */
	memset(cfg, 0, sizeof(*cfg));
	cfg->truncate_slug_length = 40;
	rg_buf_init(&cp.line);
	rg_buf_init(&cp.long_value);
	cp.err = err;
	if ((rc = find_config(explicit_path, &path, err)) < 0)
		goto out;
	if (!path) {
		rc = add_dir(cfg, "versions", 8, err);
		goto out;
	}
	cp.path = path;
	if (!(cfg->path = strdup(path))) {
		rc = rg_error_set(err, RG_ENOMEM, NULL, 0, "out of memory");
		goto out;
	}
	if ((rc = here_of(path, &cfg->here, err)) < 0 ||
	    (rc = parse_file(&cp, err)) < 0)
		goto out;
	rc = read_options(&cp, cfg, err);
out:
	if (cp.fp)
		fclose(cp.fp);
	for (size_t i = 0; i < cp.entries.len; i++)
		entry_free(cp.entries.items[i]);
	rg_vec_release(&cp.entries);
	rg_buf_release(&cp.line);
	rg_buf_release(&cp.long_value);
	return rc;
}

void rg_config_release(struct rg_config *cfg)
{
	if (!cfg)
		return;
	free(cfg->path);
	free(cfg->here);
	free(cfg->script_location);
	for (size_t i = 0; i < cfg->ndirs; i++)
		free(cfg->version_dirs[i]);
	free(cfg->version_dirs);
	free(cfg->url);
	free(cfg->version_table);
	free(cfg->version_table_schema);
	free(cfg->prepend_sys_path);
	free(cfg->file_template);
	memset(cfg, 0, sizeof(*cfg));
	cfg->truncate_slug_length = 40;
}
