/*
 * src/load/sqlfile.c - SQL revision files (SPEC §2).
 *
 *   [blank lines]
 *   -- key: value          the header: the leading run of such lines
 *   ...
 *   [blank lines, comments]
 *   -- revgraph:upgrade    opens a section (either order, each at most once)
 *   [-- revgraph:no-transaction]
 *   statements
 *   -- revgraph:downgrade
 *   statements
 *
 * Any line whose text is "-- revgraph:<word>" is a directive, wherever it
 * is (even inside a dollar-quoted body): directives are found line by line
 * before the SQL is split.  SQL between the header and the first section
 * marker is an error, as is an unknown directive.  A file without section
 * markers is valid: nothing to run, and no downgrade.  Statements are split
 * by libpg_query's scanner, which knows quoting, dollar quotes and comments
 * but not the grammar: syntax errors surface when the server runs them,
 * with this file's line.  Every string lives in the caller's arena.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/load/load.h"
#include "src/load/pgq.h"

enum hkey {
	HK_REVISION,
	HK_DOWN,
	HK_LABELS,
	HK_DEPS,
	HK_MESSAGE,
	HK_DATE,
	HK_COUNT
};

static const char *const hkey_names[HK_COUNT] = {
	"revision",   "down_revision", "branch_labels",
	"depends_on", "message",       "create_date",
};

#define HKEY_LIST                                                              \
	"revision, down_revision, branch_labels, depends_on, message, "        \
	"create_date"

struct span {
	const char *s;
	size_t n;
};

struct sqlparse {
	const char *path; /* arena copy */
	const char *text, *end;
	struct rg_arena *a;
	struct span val[HK_COUNT];
	int vline[HK_COUNT]; /* 0: key absent */
	struct rg_error *err;
};

/* One physical line: [s, e) without "\n" or a final "\r"; next is after. */
struct line {
	const char *s, *e, *next;
	int no;
};

static int next_line(const char *end, struct line *ln)
{
	const char *p = ln->next;

	if (p >= end)
		return 0;
	ln->s = p;
	p = memchr(p, '\n', (size_t)(end - p));
	ln->next = p ? p + 1 : end;
	ln->e = p ? p : end;
	if (ln->e > ln->s && ln->e[-1] == '\r')
		ln->e--;
	ln->no++;
	return 1;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
	       c == '\v';
}

static int is_ident(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

static struct span trim(const char *s, const char *e)
{
	struct span sp;

	while (s < e && is_blank(*s))
		s++;
	while (e > s && is_blank(e[-1]))
		e--;
	sp.s = s;
	sp.n = (size_t)(e - s);
	return sp;
}

/* The text after "--" and blanks if the line is a comment line, else NULL. */
static const char *comment_body(const struct line *ln)
{
	const char *p = ln->s;

	while (p < ln->e && is_blank(*p))
		p++;
	if (ln->e - p < 2 || p[0] != '-' || p[1] != '-')
		return NULL;
	p += 2;
	while (p < ln->e && is_blank(*p))
		p++;
	return p;
}

/* Line number of byte offset off, counting from (base_off, base_line). */
static int line_at(const char *text, size_t base_off, int base_line, size_t off)
{
	for (size_t i = base_off; i < off; i++)
		if (text[i] == '\n')
			base_line++;
	return base_line;
}

/* Check text is UTF-8 without NUL bytes. */
static int check_utf8(struct sqlparse *sp)
{
	size_t len = (size_t)(sp->end - sp->text);
	size_t at = rg_utf8_invalid(sp->text, len);
	int line;

	if (at == len)
		return 0;
	line = line_at(sp->text, 0, 1, at);
	if (!sp->text[at])
		return rg_error_set(sp->err, RG_EPARSE, sp->path, line,
				    "NUL byte in file");
	return rg_error_set(sp->err, RG_EPARSE, sp->path, line,
			    "invalid UTF-8 byte 0x%02x",
			    (unsigned char)sp->text[at]);
}

int rg_revid_check(const char *id, size_t len, const char *path, int line,
		   struct rg_error *err)
{
	char bad[8];
	size_t nbad = 0;

	if (len == 0)
		return rg_error_set(err, RG_EPARSE, path, line,
				    "empty revision id");
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)id[i];

		if (c <= ' ' || c == 0x7f)
			return rg_error_set(err, RG_EPARSE, path, line,
					    "revision id '%.*s' contains "
					    "whitespace or a control character",
					    (int)len, id);
	}
	/* Alembic: Revision.verify_rev_id, chars sorted: '+' < '-' < '@' */
	if (memchr(id, '+', len))
		nbad += (size_t)snprintf(bad + nbad, sizeof(bad) - nbad, "%s+",
					 nbad ? ", " : "");
	if (memchr(id, '-', len))
		nbad += (size_t)snprintf(bad + nbad, sizeof(bad) - nbad, "%s-",
					 nbad ? ", " : "");
	if (memchr(id, '@', len))
		nbad += (size_t)snprintf(bad + nbad, sizeof(bad) - nbad, "%s@",
					 nbad ? ", " : "");
	if (nbad)
		return rg_error_set(err, RG_EPARSE, path, line,
				    "Character(s) '%s' not allowed in revision "
				    "identifier '%.*s'",
				    bad, (int)len, id);
	if (len > RG_REVID_MAX)
		return rg_error_set(err, RG_EPARSE, path, line,
				    "revision id '%.*s' is longer than %d "
				    "characters (the version table's "
				    "varchar(%d))",
				    (int)len, id, RG_REVID_MAX, RG_REVID_MAX);
	return 0;
}

enum lkind {
	LK_OTHER,     /* not a header line */
	LK_HEADER,    /* -- key: value */
	LK_DIRECTIVE, /* -- revgraph:word */
};

enum directive {
	DIR_UPGRADE,
	DIR_DOWNGRADE,
	DIR_NOTX
};

/* Classify a line; for LK_HEADER/LK_DIRECTIVE fill key and val. */
static enum lkind classify(const struct line *ln, struct span *key,
			   struct span *val)
{
	const char *p = comment_body(ln), *k;

	if (!p)
		return LK_OTHER;
	k = p;
	while (p < ln->e && is_ident(*p))
		p++;
	key->s = k;
	key->n = (size_t)(p - k);
	if (p < ln->e && *p == ':' && key->n == 8 &&
	    !memcmp(k, "revgraph", 8)) {
		*val = trim(p + 1, ln->e);
		return LK_DIRECTIVE;
	}
	while (p < ln->e && (*p == ' ' || *p == '\t'))
		p++;
	if (!key->n || p >= ln->e || *p != ':')
		return LK_OTHER;
	*val = trim(p + 1, ln->e);
	return LK_HEADER;
}

static int header_key(struct sqlparse *sp, const struct line *ln,
		      struct span key, struct span val)
{
	for (int i = 0; i < HK_COUNT; i++) {
		if (strlen(hkey_names[i]) != key.n ||
		    memcmp(hkey_names[i], key.s, key.n))
			continue;
		if (sp->vline[i])
			return rg_error_set(sp->err, RG_EPARSE, sp->path,
					    ln->no,
					    "header key '%s' given twice "
					    "(first on line %d)",
					    hkey_names[i], sp->vline[i]);
		sp->vline[i] = ln->no;
		sp->val[i] = val;
		return 0;
	}
	return rg_error_set(sp->err, RG_EPARSE, sp->path, ln->no,
			    "unknown header key '%.*s' (valid keys: %s)",
			    (int)key.n, key.s, HKEY_LIST);
}

/*
 * Read the header starting at *ln's next line; leave *ln on the last line
 * read that is not part of it (ln->s == NULL at end of file).
 */
static int parse_header(struct sqlparse *sp, struct line *ln)
{
	struct span key, val;
	int seen = 0, rc, more;

	while ((more = next_line(sp->end, ln))) {
		enum lkind k = classify(ln, &key, &val);

		if (k == LK_HEADER) {
			if ((rc = header_key(sp, ln, key, val)) < 0)
				return rc;
			seen = 1;
		} else if (seen || trim(ln->s, ln->e).n) {
			break;
		}
	}
	if (!more)
		ln->s = NULL;
	if (!seen) {
		if (!ln->s)
			return rg_error_set(sp->err, RG_EPARSE, sp->path, 0,
					    "empty file");
		return rg_error_set(sp->err, RG_EPARSE, sp->path, ln->no,
				    "no revision header: the file must start "
				    "with '-- revision: <id>'");
	}
	if (!sp->vline[HK_REVISION])
		return rg_error_set(sp->err, RG_EPARSE, sp->path, 0,
				    "no 'revision' in the header");
	return 0;
}

/*
 * Split a comma-separated header value into an arena array.  Empty or
 * "None" means none; an empty item is an error.
 */
static int split_list(struct sqlparse *sp, int key, const char *const **out,
		      size_t *nout)
{
	struct span v = sp->val[key];
	const char *p = v.s, *e = v.s + v.n;
	const char **arr;
	size_t n = 1, i = 0;

	*out = NULL;
	*nout = 0;
	if (!sp->vline[key] || v.n == 0 || (v.n == 4 && !memcmp(p, "None", 4)))
		return 0;
	for (const char *q = p; q < e; q++)
		n += *q == ',';
	arr = rg_arena_calloc(sp->a, n, sizeof(*arr));
	if (!arr)
		return rg_error_set(sp->err, RG_ENOMEM, sp->path, 0,
				    "out of memory");
	while (i < n) {
		const char *c = memchr(p, ',', (size_t)(e - p));
		struct span it = trim(p, c ? c : e);

		if (!it.n)
			return rg_error_set(
				sp->err, RG_EPARSE, sp->path, sp->vline[key],
				"empty item in '%s'", hkey_names[key]);
		if (!(arr[i++] = rg_arena_strndup(sp->a, it.s, it.n)))
			return rg_error_set(sp->err, RG_ENOMEM, sp->path, 0,
					    "out of memory");
		p = c ? c + 1 : e;
	}
	*out = arr;
	*nout = n;
	return 0;
}

static int fill_record(struct sqlparse *sp, struct rg_record *rec)
{
	struct span id = sp->val[HK_REVISION];
	struct span msg = sp->val[HK_MESSAGE];
	int rc;

	if ((rc = rg_revid_check(id.s, id.n, sp->path, sp->vline[HK_REVISION],
				 sp->err)) < 0)
		return rc;
	rec->id = rg_arena_strndup(sp->a, id.s, id.n);
	rec->longdoc = rg_arena_strndup(sp->a, msg.s ? msg.s : "", msg.n);
	if (!rec->id || !rec->longdoc)
		return rg_error_set(sp->err, RG_ENOMEM, sp->path, 0,
				    "out of memory");
	rec->path = sp->path;
	rec->line = sp->vline[HK_REVISION];
	if ((rc = split_list(sp, HK_DOWN, &rec->down, &rec->ndown)) < 0 ||
	    (rc = split_list(sp, HK_LABELS, &rec->labels, &rec->nlabels)) < 0 ||
	    (rc = split_list(sp, HK_DEPS, &rec->deps, &rec->ndeps)) < 0)
		return rc;
	return 0;
}

/* First byte in [p, end) that is not blank or inside a comment. */
static const char *skip_blank_comments(const char *p, const char *end)
{
	while (p < end) {
		if (is_blank(*p)) {
			p++;
		} else if (end - p >= 2 && p[0] == '-' && p[1] == '-') {
			const char *nl = memchr(p, '\n', (size_t)(end - p));

			p = nl ? nl + 1 : end;
		} else if (end - p >= 2 && p[0] == '/' && p[1] == '*') {
			size_t depth = 1; /* PostgreSQL comments nest */

			p += 2;
			while (p < end && depth) {
				if (end - p >= 2 && p[0] == '/' && p[1] == '*')
					depth++, p += 2;
				else if (end - p >= 2 && p[0] == '*' &&
					 p[1] == '/')
					depth--, p += 2;
				else
					p++;
			}
		} else {
			break;
		}
	}
	return p;
}

struct sect {
	struct rg_section *sec;
	size_t start, end; /* byte offsets in the file */
	int line;	   /* line of start */
};

/* Byte offset of 1-based character position pos in s (PostgreSQL's). */
static size_t char_to_byte(const char *s, size_t n, int pos)
{
	size_t i = 0;

	for (int c = 1; c < pos && i < n; c++) {
		i++;
		while (i < n && ((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
	}
	return i;
}

static int add_stmts(struct sqlparse *sp, const struct sect *st,
		     const char *buf, const PgQuerySplitResult *r)
{
	struct rg_section *sec = st->sec;
	size_t done = 0;
	int line = st->line;

	sec->stmts = rg_arena_calloc(sp->a, (size_t)r->n_stmts + 1,
				     sizeof(*sec->stmts));
	if (!sec->stmts)
		return rg_error_set(sp->err, RG_ENOMEM, sp->path, 0,
				    "out of memory");
	for (int i = 0; i < r->n_stmts; i++) {
		const char *s = buf + r->stmts[i]->stmt_location;
		const char *e = s + r->stmts[i]->stmt_len;
		struct rg_stmt *stmt;

		s = skip_blank_comments(s, e);
		while (e > s && (is_blank(e[-1]) || e[-1] == ';'))
			e--;
		if (s == e)
			continue;
		line = line_at(buf, done, line, (size_t)(s - buf));
		done = (size_t)(s - buf);
		stmt = &sec->stmts[sec->nstmts];
		stmt->sql = rg_arena_strndup(sp->a, s, (size_t)(e - s));
		if (!stmt->sql)
			return rg_error_set(sp->err, RG_ENOMEM, sp->path, 0,
					    "out of memory");
		stmt->line = line;
		sec->nstmts++;
	}
	return 0;
}

/* Split sec's kept text into statements. */
static int split_section(struct sqlparse *sp, struct rg_section *sec)
{
	const char *buf = sec->body;
	size_t n = strlen(buf);
	struct sect st = {sec, 0, n, sec->line + 1};
	PgQuerySplitResult r;
	int rc;

	if ((rc = rg_pgq_load(sp->err)) < 0)
		return rc;
	sec->stmts = NULL; /* a failed earlier try left nothing to keep */
	sec->nstmts = 0;
	r = pg_query_split_with_scanner(buf);
	if (r.error) {
		size_t off = char_to_byte(buf, n, r.error->cursorpos);

		/* one line: the message quotes the rest of the input */
		for (char *m = r.error->message; *m; m++)
			if ((unsigned char)*m < ' ')
				*m = ' ';
		rc = rg_error_set(sp->err, RG_EPARSE, sp->path,
				  line_at(buf, 0, st.line, off), "%s",
				  r.error->message);
	} else {
		rc = add_stmts(sp, &st, buf, &r);
	}
	pg_query_free_split_result(r);
	if (rc == 0)
		sec->body = NULL;
	return rc;
}

/* Keep the text of a section for rg_sqlfile_split(). */
static int keep_section(struct sqlparse *sp, const struct sect *st)
{
	size_t n = st->end - st->start;

	st->sec->body = rg_arena_strndup(sp->a, sp->text + st->start, n);
	if (!st->sec->body)
		return rg_error_set(sp->err, RG_ENOMEM, sp->path, 0,
				    "out of memory");
	return 0;
}

int rg_sqlfile_split(struct rg_script *script, struct rg_error *err)
{
	struct sqlparse sp = {0};
	int rc;

	if (script->kind != RG_SCRIPT_SQL)
		return 0;
	sp.a = script->arena;
	sp.err = err;
	sp.path = script->path;
	if (script->up.body && (rc = split_section(&sp, &script->up)) < 0)
		return rc;
	if (script->down.body && (rc = split_section(&sp, &script->down)) < 0)
		return rc;
	return 0;
}

/* Handle one directive line; *cur is the open section or NULL. */
static int directive(struct sqlparse *sp, const struct line *ln,
		     struct span word, struct rg_script *script,
		     struct sect *sects, struct sect **cur)
{
	struct sect *next;

	if (word.n == 14 && !memcmp(word.s, "no-transaction", 14)) {
		if (!*cur)
			return rg_error_set(sp->err, RG_EPARSE, sp->path,
					    ln->no,
					    "'-- revgraph:no-transaction' "
					    "outside a section");
		(*cur)->sec->no_transaction = 1;
		return 0;
	}
	if (word.n == 7 && !memcmp(word.s, "upgrade", 7))
		next = &sects[0];
	else if (word.n == 9 && !memcmp(word.s, "downgrade", 9))
		next = &sects[1];
	else
		return rg_error_set(sp->err, RG_EPARSE, sp->path, ln->no,
				    "unknown directive '-- revgraph:%.*s' "
				    "(valid: upgrade, downgrade, "
				    "no-transaction)",
				    (int)word.n, word.s);
	next->sec = next == sects ? &script->up : &script->down;
	if (next->sec->present)
		return rg_error_set(sp->err, RG_EPARSE, sp->path, ln->no,
				    "second '-- revgraph:%s' marker (first on "
				    "line %d)",
				    next == sects ? "upgrade" : "downgrade",
				    next->sec->line);
	if (*cur)
		(*cur)->end = (size_t)(ln->s - sp->text);
	next->sec->present = 1;
	next->sec->line = ln->no;
	next->start = (size_t)(ln->next - sp->text);
	next->line = ln->no + 1;
	*cur = next;
	return 0;
}

/* SQL between the header and the first section marker is an error. */
static int check_preamble(struct sqlparse *sp, size_t from, size_t to, int line)
{
	const char *s = sp->text + from, *e = sp->text + to;
	const char *p = skip_blank_comments(s, e);

	if (p == e)
		return 0;
	return rg_error_set(
		sp->err, RG_EPARSE, sp->path,
		line_at(sp->text, from, line, (size_t)(p - sp->text)),
		"SQL outside any section: put it after "
		"'-- revgraph:upgrade' or '-- revgraph:downgrade'");
}

/* Everything after the header; ln holds its first line (or s == NULL). */
static int parse_body(struct sqlparse *sp, struct line *ln,
		      struct rg_script *script)
{
	struct sect sects[2] = {{0}}, *cur = NULL;
	size_t pre = ln->s ? (size_t)(ln->s - sp->text) : 0;
	int pre_line = ln->no, rc, more = ln->s != NULL, has_body = more;
	struct span key, val;

	for (; more; more = next_line(sp->end, ln)) {
		if (classify(ln, &key, &val) != LK_DIRECTIVE)
			continue;
		if (!cur && !script->up.present && !script->down.present &&
		    (rc = check_preamble(sp, pre, (size_t)(ln->s - sp->text),
					 pre_line)) < 0)
			return rc;
		if ((rc = directive(sp, ln, val, script, sects, &cur)) < 0)
			return rc;
	}
	if (!cur)
		return has_body ? check_preamble(sp, pre,
						 (size_t)(sp->end - sp->text),
						 pre_line)
				: 0;
	cur->end = (size_t)(sp->end - sp->text);
	for (int i = 0; i < 2; i++)
		if (sects[i].sec && (rc = keep_section(sp, &sects[i])) < 0)
			return rc;
	return 0;
}

int rg_sqlfile_parse(const char *path, const char *text, size_t len,
		     struct rg_arena *a, struct rg_record *rec,
		     struct rg_script *script, struct rg_error *err)
{
	struct sqlparse sp = {0};
	struct line ln = {0};
	int rc;

	memset(rec, 0, sizeof(*rec));
	memset(script, 0, sizeof(*script));
	sp.a = a;
	sp.err = err;
	sp.text = text;
	sp.end = text + len;
	sp.path = rg_arena_strdup(a, path);
	if (!sp.path)
		return rg_error_set(err, RG_ENOMEM, path, 0, "out of memory");
	if ((rc = check_utf8(&sp)) < 0)
		return rc;
	ln.next = text;
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		ln.next += 3; /* a UTF-8 byte order mark */
	if ((rc = parse_header(&sp, &ln)) < 0 ||
	    (rc = fill_record(&sp, rec)) < 0)
		return rc;
	script->kind = RG_SCRIPT_SQL;
	script->path = (char *)sp.path;
	script->arena = a;
	rec->user = script;
	return parse_body(&sp, &ln, script);
}
