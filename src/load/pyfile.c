/*
 * src/load/pyfile.c - reading Alembic .py revision files without Python.
 *
 * A small tokenizer (names, strings with every prefix and quote form,
 * numbers, operators, comments, bracket nesting, backslash continuations)
 * feeds a reader of module-level statements.  A statement counts when its
 * logical line starts in column 0 (so bodies of def/if/class are skipped)
 * and is `NAME = value` or `NAME: annotation = value` for one of
 * revision, down_revision, branch_labels, depends_on.  Values are literal
 * strings (adjacent ones concatenated), None, and tuples or lists of
 * strings; the last assignment wins, as when the module runs.  Anything
 * else assigned to those names is an error naming the line.  The module
 * docstring is the first statement if it is only string literals.
 * Alembic: script/base.py Script._from_filename, revision.py Revision.
 *
 * Not understood (and so errors or ignored, never guessed): computed
 * values, tuple-unpacking targets (ignored), one-line compound statements
 * such as `if x: revision = 'a'` (ignored).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "src/load/load.h"

enum tkind {
	T_NAME,
	T_STRING,
	T_NUMBER,
	T_OP,
	T_NEWLINE,
	T_END
};

struct tok {
	enum tkind kind;
	const char *s; /* token text (a string: the whole literal) */
	size_t n;
	int line;
	/* strings */
	const char *body; /* between the quotes */
	size_t nbody;
	unsigned raw : 1, bytes : 1, fstr : 1;
};

struct pylex {
	const char *p, *end;
	int line;
	int depth;	     /* (), [], {} nesting */
	int bol;	     /* at the beginning of a logical line */
	int indented;	     /* the current logical line is indented */
	int pending_newline; /* a NEWLINE is owed before T_END */
	const char *path;
	struct rg_error *err;
};

static int is_name_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

/* Skip blank and comment-only lines at the beginning of a logical line. */
static void skip_blank_lines(struct pylex *lx)
{
	while (lx->p < lx->end) {
		const char *q = lx->p;

		while (q < lx->end && (*q == ' ' || *q == '\t' || *q == '\f'))
			q++;
		if (q < lx->end && *q == '#')
			while (q < lx->end && *q != '\n')
				q++;
		if (q < lx->end && *q == '\r')
			q++;
		if (q < lx->end && *q == '\n') {
			lx->p = q + 1;
			lx->line++;
			continue;
		}
		if (q >= lx->end) {
			lx->p = q;
			return;
		}
		lx->indented = q != lx->p;
		lx->p = q;
		lx->bol = 0;
		return;
	}
}

/* Newlines in [p, e). */
static int count_lines(const char *p, const char *e)
{
	int n = 0;

	while ((p = memchr(p, '\n', (size_t)(e - p)))) {
		n++;
		p++;
	}
	return n;
}

/*
 * The closing quote of a string body starting at q (after the opening
 * quote or quotes), or NULL if the string is unterminated (for a
 * one-quote string: a newline comes first).  *lines grows by the newlines
 * passed.  memchr() finds the candidates: revision files are mostly
 * string bodies, and a byte-at-a-time loop was half of parsing them.
 */
static const char *string_end(const char *q, const char *end, char quote,
			      int triple, int *lines)
{
	const char *e = NULL;
	int searched = 0;

	for (;;) {
		const char *stop, *bs;

		/* the next quote, searched again only once passed: linear */
		if (!searched || (e && e < q)) {
			e = memchr(q, quote, (size_t)(end - q));
			searched = 1;
		}
		stop = e ? e : end;
		bs = memchr(q, '\\', (size_t)(stop - q));

		if (bs)
			stop = bs;
		if (!triple) {
			if (memchr(q, '\n', (size_t)(stop - q)))
				return NULL;
		} else {
			*lines += count_lines(q, stop);
		}
		if (bs) {
			if (bs + 1 >= end)
				return NULL;
			*lines += bs[1] == '\n';
			q = bs + 2;
			continue;
		}
		if (!e)
			return NULL;
		if (!triple || (end - e >= 3 && e[1] == quote && e[2] == quote))
			return e;
		q = e + 1;
	}
}

/* A string literal at lx->p after a prefix of plen chars. */
static int lex_string(struct pylex *lx, struct tok *t, size_t plen)
{
	const char *q = lx->p + plen;
	char quote = *q;
	int triple = lx->end - q >= 3 && q[1] == quote && q[2] == quote;
	size_t ql = triple ? 3 : 1;

	for (size_t i = 0; i < plen; i++) {
		char c = (char)(lx->p[i] | 0x20);

		t->raw |= c == 'r';
		t->bytes |= c == 'b';
		t->fstr |= c == 'f';
	}
	q += ql;
	t->body = q;
	if (!(q = string_end(q, lx->end, quote, triple, &lx->line)))
		return rg_error_set(lx->err, RG_EPARSE, lx->path, t->line,
				    "unterminated string literal");
	t->nbody = (size_t)(q - t->body);
	t->kind = T_STRING;
	lx->p = q + ql;
	return 0;
}

static int is_prefix_char(char c)
{
	switch (c | 0x20) {
	case 'r':
	case 'b':
	case 'u':
	case 'f':
		return 1;
	default:
		return 0;
	}
}

/* Length of a string prefix (r, b, u, f, rb, br, fr, rf) before a quote. */
static size_t string_prefix(const char *p, const char *end)
{
	for (size_t k = 0; k <= 2 && p + k < end; k++) {
		if (p[k] == '\'' || p[k] == '"')
			return k;
		if (k == 2 || !is_prefix_char(p[k]))
			break;
	}
	return (size_t)-1;
}

static void lex_op(struct pylex *lx, struct tok *t)
{
	char c = *lx->p;

	t->kind = T_OP;
	t->n = 1;
	switch (c) {
	case '(':
	case '[':
	case '{':
		lx->depth++;
		break;
	case ')':
	case ']':
	case '}':
		lx->depth -= lx->depth > 0;
		break;
	default:
		/* c and '=': one operator (==, !=, <=, +=, :=, ...) */
		if (lx->p + 1 < lx->end && lx->p[1] == '=' && c &&
		    memchr("=!<>+-*/%&|^@:", c, 14))
			t->n = 2;
	}
	lx->p += t->n;
}

/* One name, number, string or operator at lx->p. */
static int lex_one(struct pylex *lx, struct tok *t)
{
	const char *p = lx->p;
	size_t plen = string_prefix(p, lx->end);

	if (plen != (size_t)-1) {
		int rc = lex_string(lx, t, plen);

		t->n = (size_t)(lx->p - t->s);
		return rc;
	}
	if (*p >= '0' && *p <= '9') {
		t->kind = T_NUMBER;
		while (p < lx->end &&
		       (is_name_char((unsigned char)*p) || *p == '.' ||
			((*p == '+' || *p == '-') && (p[-1] | 0x20) == 'e')))
			p++;
	} else if (is_name_char((unsigned char)*p)) {
		t->kind = T_NAME;
		while (p < lx->end && is_name_char((unsigned char)*p))
			p++;
	} else {
		lex_op(lx, t);
		return 0;
	}
	t->n = (size_t)(p - lx->p);
	lx->p = p;
	return 0;
}

/* The next token.  Blank lines and comments produce none. */
static int next_tok(struct pylex *lx, struct tok *t)
{
	memset(t, 0, sizeof(*t));
	for (;;) {
		if (lx->bol && lx->depth == 0)
			skip_blank_lines(lx);
		while (lx->p < lx->end && (*lx->p == ' ' || *lx->p == '\t' ||
					   *lx->p == '\f' || *lx->p == '\r'))
			lx->p++;
		t->line = lx->line;
		t->s = lx->p;
		if (lx->p >= lx->end) {
			t->kind = lx->bol ? T_END : T_NEWLINE;
			lx->bol = 1;
			return 0;
		}
		if (*lx->p == '#') {
			while (lx->p < lx->end && *lx->p != '\n')
				lx->p++;
			continue;
		}
		if (*lx->p == '\\' && lx->p + 1 < lx->end &&
		    (lx->p[1] == '\n' ||
		     (lx->p[1] == '\r' && lx->p + 2 < lx->end &&
		      lx->p[2] == '\n'))) {
			lx->p += lx->p[1] == '\n' ? 2 : 3;
			lx->line++;
			continue;
		}
		if (*lx->p == '\n') {
			lx->p++;
			lx->line++;
			if (lx->depth > 0)
				continue;
			lx->bol = 1;
			t->kind = T_NEWLINE;
			return 0;
		}
		break;
	}
	return lex_one(lx, t);
}

/* ---- string literal values ---- */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)(c | 0x20);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* \x, \u, \U with exactly n hex digits at p; -1 if malformed. */
static long hex_escape(const char *p, const char *end, size_t n)
{
	long v = 0;

	if ((size_t)(end - p) < n)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int h = hexval(p[i]);

		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v > 0x10ffff ? -1 : v;
}

/*
 * Append the value of one escape sequence starting after the backslash at
 * *pp; advance *pp.  Unknown escapes stay as written, as in Python.
 */
static void add_escape(struct rg_buf *b, const char **pp, const char *end)
{
	static const char from[] = "\\'\"abfnrtv", to[] = "\\'\"\a\b\f\n\r\t\v";
	const char *p = *pp, *k = strchr(from, *p);
	size_t n = *p == 'x' ? 2 : *p == 'u' ? 4 : *p == 'U' ? 8 : 0;
	long v;

	if (*p && k) {
		rg_buf_addch(b, to[k - from]);
		*pp = p + 1;
	} else if (*p == '\n') {
		*pp = p + 1; /* line continuation inside the string */
	} else if (*p >= '0' && *p <= '7') {
		v = 0;
		for (int i = 0; i < 3 && p < end && *p >= '0' && *p <= '7'; i++)
			v = v * 8 + (*p++ - '0');
		rg_buf_add_utf8(b, (unsigned long)v);
		*pp = p;
	} else if (n && (v = hex_escape(p + 1, end, n)) >= 0) {
		rg_buf_add_utf8(b, (unsigned long)v);
		*pp = p + 1 + n;
	} else {
		rg_buf_addch(b, '\\');
	}
}

/* Append the value of string token t to b. */
static void decode_string(const struct tok *t, struct rg_buf *b)
{
	const char *p = t->body, *end = t->body + t->nbody;

	if (t->raw) {
		rg_buf_add(b, p, t->nbody);
		return;
	}
	while (p < end) {
		const char *bs = memchr(p, '\\', (size_t)(end - p));

		if (!bs) {
			rg_buf_add(b, p, (size_t)(end - p));
			return;
		}
		rg_buf_add(b, p, (size_t)(bs - p));
		p = bs + 1;
		if (p < end)
			add_escape(b, &p, end);
		else
			rg_buf_addch(b, '\\');
	}
}

/* ---- module-level statements ---- */

enum vkey {
	V_REVISION,
	V_DOWN,
	V_LABELS,
	V_DEPS,
	V_COUNT
};

static const char *const vkey_names[V_COUNT] = {"revision", "down_revision",
						"branch_labels", "depends_on"};

enum vkind {
	PV_NONE,
	PV_STR,
	PV_SEQ
};

struct pyval {
	int set;
	enum vkind kind;
	const char *str;    /* PV_STR */
	const char **items; /* PV_SEQ */
	size_t n;
	int line;
};

struct pyparse {
	struct pylex lx;
	struct tok cur;
	struct rg_arena *a;
	struct rg_buf scratch;
	struct rg_vec items; /* strings of the sequence being read */
	struct pyval vals[V_COUNT];
	const char *doc; /* arena; NULL if none */
	const char *path;
	struct rg_error *err;
};

static int advance(struct pyparse *pp)
{
	return next_tok(&pp->lx, &pp->cur);
}

static int is_op(const struct tok *t, char c)
{
	return t->kind == T_OP && t->n == 1 && t->s[0] == c;
}

static int at_stmt_end(const struct pyparse *pp)
{
	return pp->cur.kind == T_NEWLINE || pp->cur.kind == T_END ||
	       (is_op(&pp->cur, ';') && pp->lx.depth == 0);
}

static int skip_stmt(struct pyparse *pp)
{
	int rc = 0;

	while (!at_stmt_end(pp) && (rc = advance(pp)) == 0)
		;
	return rc;
}

static int unreadable(struct pyparse *pp, int key, int line)
{
	return rg_error_set(pp->err, RG_EPARSE, pp->path, line,
			    "cannot read the value of '%s': only string "
			    "literals, None, tuples and lists of strings are "
			    "understood",
			    vkey_names[key]);
}

/*
 * Adjacent string literals at pp->cur, concatenated into the arena.
 * *out = NULL if pp->cur is not a (text) string.
 */
static int read_strings(struct pyparse *pp, const char **out)
{
	int rc;

	*out = NULL;
	if (pp->cur.kind != T_STRING || pp->cur.bytes || pp->cur.fstr)
		return 0;
	rg_buf_reset(&pp->scratch);
	while (pp->cur.kind == T_STRING && !pp->cur.bytes && !pp->cur.fstr) {
		const struct tok *t = &pp->cur;
		size_t bad = rg_utf8_invalid(t->body, t->nbody);

		if (bad < t->nbody) /* Python: SyntaxError (unicode error) */
			return rg_error_set(
				pp->err, RG_EPARSE, pp->path,
				t->line + count_lines(t->body, t->body + bad),
				"invalid UTF-8 byte 0x%02x in a string",
				(unsigned char)t->body[bad]);
		decode_string(&pp->cur, &pp->scratch);
		if ((rc = advance(pp)) < 0)
			return rc;
	}
	if (rg_buf_oom(&pp->scratch) ||
	    !(*out = rg_arena_strndup(pp->a, pp->scratch.buf, pp->scratch.len)))
		return rg_error_set(pp->err, RG_ENOMEM, pp->path, 0,
				    "out of memory");
	return 0;
}

/* pp->items into v as an arena array. */
static int finish_seq(struct pyparse *pp, struct pyval *v)
{
	v->kind = PV_SEQ;
	v->n = pp->items.len;
	v->items = rg_arena_calloc(pp->a, v->n + 1, sizeof(*v->items));
	if (!v->items)
		return rg_error_set(pp->err, RG_ENOMEM, pp->path, 0,
				    "out of memory");
	for (size_t i = 0; i < v->n; i++)
		v->items[i] = pp->items.items[i];
	return 0;
}

/* Strings separated by commas, up to close; pp->cur is after the opener. */
static int read_seq(struct pyparse *pp, int key, char close, struct pyval *v)
{
	int rc, comma = 0;
	const char *s;

	pp->items.len = 0;
	while (!is_op(&pp->cur, close)) {
		if ((rc = read_strings(pp, &s)) < 0)
			return rc;
		if (!s)
			return unreadable(pp, key, v->line);
		if (rg_vec_push(&pp->items, (void *)s) < 0)
			return rg_error_set(pp->err, RG_ENOMEM, pp->path, 0,
					    "out of memory");
		if (is_op(&pp->cur, ',')) {
			comma = 1;
			if ((rc = advance(pp)) < 0)
				return rc;
		} else if (!is_op(&pp->cur, close)) {
			return unreadable(pp, key, v->line);
		}
	}
	if ((rc = advance(pp)) < 0)
		return rc;
	if (close == ')' && pp->items.len == 1 && !comma) {
		v->kind = PV_STR; /* just parentheses */
		v->str = pp->items.items[0];
		return 0;
	}
	return finish_seq(pp, v);
}

static int read_item(struct pyparse *pp, int key, struct pyval *v)
{
	const struct tok *t = &pp->cur;

	if (t->kind == T_NAME && t->n == 4 && !memcmp(t->s, "None", 4)) {
		v->kind = PV_NONE;
		return advance(pp);
	}
	if (t->kind == T_STRING) {
		int rc = read_strings(pp, &v->str);

		if (rc < 0)
			return rc;
		v->kind = PV_STR;
		return v->str ? 0 : unreadable(pp, key, v->line);
	}
	if (is_op(t, '(') || is_op(t, '[')) {
		char close = t->s[0] == '(' ? ')' : ']';
		int rc = advance(pp);

		return rc < 0 ? rc : read_seq(pp, key, close, v);
	}
	return unreadable(pp, key, v->line);
}

/* The value after '='; pp->cur is its first token. */
static int read_value(struct pyparse *pp, int key, struct pyval *v)
{
	const char *s;
	int rc = read_item(pp, key, v);

	if (rc < 0)
		return rc;
	if (is_op(&pp->cur, ',')) {
		/* a bare tuple: 'a', 'b' */
		if (v->kind != PV_STR)
			return unreadable(pp, key, v->line);
		pp->items.len = 0;
		if (rg_vec_push(&pp->items, (void *)v->str) < 0)
			return rg_error_set(pp->err, RG_ENOMEM, pp->path, 0,
					    "out of memory");
		while (is_op(&pp->cur, ',')) {
			if ((rc = advance(pp)) < 0)
				return rc;
			if (at_stmt_end(pp))
				break;
			if ((rc = read_strings(pp, &s)) < 0)
				return rc;
			if (!s)
				return unreadable(pp, key, v->line);
			if (rg_vec_push(&pp->items, (void *)s) < 0)
				return rg_error_set(pp->err, RG_ENOMEM,
						    pp->path, 0,
						    "out of memory");
		}
		if ((rc = finish_seq(pp, v)) < 0)
			return rc;
	}
	if (!at_stmt_end(pp))
		return unreadable(pp, key, v->line);
	return 0;
}

/* `NAME` was one of ours; pp->cur is the token after it. */
static int read_assignment(struct pyparse *pp, int key, int line)
{
	struct pyval v = {0};
	int rc;

	if (is_op(&pp->cur, ':')) {
		/* an annotation: skip it up to '=' */
		while (!at_stmt_end(pp) &&
		       !(is_op(&pp->cur, '=') && pp->lx.depth == 0))
			if ((rc = advance(pp)) < 0)
				return rc;
		if (at_stmt_end(pp))
			return 0; /* `revision: str` assigns nothing */
	} else if (pp->cur.kind == T_OP && pp->cur.n == 2 &&
		   pp->cur.s[1] == '=' && pp->cur.s[0] != '=') {
		return unreadable(pp, key, line); /* revision += ... */
	} else if (!is_op(&pp->cur, '=')) {
		return skip_stmt(pp);
	}
	if ((rc = advance(pp)) < 0)
		return rc;
	v.line = line;
	if ((rc = read_value(pp, key, &v)) < 0)
		return rc;
	v.set = 1;
	pp->vals[key] = v;
	return 0;
}

/* Python's str.isspace() for the ASCII range and U+0085, U+00A0. */
static size_t py_space_len(const char *p, const char *end)
{
	unsigned char c = (unsigned char)*p;

	if (c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f))
		return 1;
	if (c == 0xc2 && end - p >= 2 &&
	    ((unsigned char)p[1] == 0x85 || (unsigned char)p[1] == 0xa0))
		return 2;
	return 0;
}

static int set_doc(struct pyparse *pp)
{
	const char *s = pp->scratch.buf, *e = s + pp->scratch.len;
	size_t k;

	while (s < e && (k = py_space_len(s, e)))
		s += k;
	while (e > s) {
		const char *q = e - 1;

		while (q > s && ((unsigned char)*q & 0xc0) == 0x80)
			q--; /* the start of the last UTF-8 character */
		if (py_space_len(q, e) != (size_t)(e - q))
			break;
		e = q;
	}
	pp->doc = rg_arena_strndup(pp->a, s, (size_t)(e - s));
	if (!pp->doc)
		return rg_error_set(pp->err, RG_ENOMEM, pp->path, 0,
				    "out of memory");
	return 0;
}

/* The first statement: a docstring if it is only string literals. */
static int read_first(struct pyparse *pp)
{
	const char *s;
	int rc, parens = 0;

	/* ("a" "b") is a docstring too */
	while (is_op(&pp->cur, '(')) {
		parens++;
		if ((rc = advance(pp)) < 0)
			return rc;
	}
	if (pp->cur.kind != T_STRING)
		return parens ? skip_stmt(pp) : 0;
	if ((rc = read_strings(pp, &s)) < 0)
		return rc;
	while (s && parens && is_op(&pp->cur, ')')) {
		parens--;
		if ((rc = advance(pp)) < 0)
			return rc;
	}
	if (s && !parens && at_stmt_end(pp))
		return set_doc(pp);
	return skip_stmt(pp);
}

static int find_key(const struct tok *t)
{
	if (t->kind != T_NAME)
		return -1;
	for (int i = 0; i < V_COUNT; i++)
		if (strlen(vkey_names[i]) == t->n &&
		    !memcmp(vkey_names[i], t->s, t->n))
			return i;
	return -1;
}

/*
 * The rest of a statement that cannot assign what we read (an indented
 * line, an import, a def): skipped by a raw scan that only tracks
 * strings, brackets, comments and line continuations.  Tokenizing every
 * upgrade() body cost half of loading a large project.  Stops where
 * skip_stmt() would: at a newline or ';' outside brackets, which the
 * tokenizer then reads as usual.
 */
static const char *skip_string_raw(struct pylex *lx, const char *q)
{
	char quote = *q;
	int triple = lx->end - q >= 3 && q[1] == quote && q[2] == quote;

	q = string_end(q + (triple ? 3 : 1), lx->end, quote, triple, &lx->line);
	return q ? q + (triple ? 3 : 1) : NULL;
}

/* Bytes the raw scan must look at; everything else is skipped in bulk. */
static const unsigned char raw_special[256] = {
	['#'] = 1, ['\''] = 1, ['"'] = 1, ['\\'] = 1, ['('] = 1,  ['['] = 1,
	['{'] = 1, [')'] = 1,  [']'] = 1, ['}'] = 1,  ['\n'] = 1, [';'] = 1,
};

/*
 * At a newline outside brackets: does the next line continue what cannot
 * be a module-level assignment (an indented line, a blank or comment
 * line)?  Then the scan goes on through it.
 */
static int continues_block(const char *q, const char *end)
{
	return q < end && (*q == ' ' || *q == '\t' || *q == '\n' ||
			   *q == '\r' || *q == '\f' || *q == '#');
}

static int fast_skip_stmt(struct pyparse *pp)
{
	struct pylex *lx = &pp->lx;
	const char *q = lx->p;

	if (at_stmt_end(pp))
		return 0;
	while (q < lx->end) {
		char c;

		while (q < lx->end && !raw_special[(unsigned char)*q])
			q++;
		if (q >= lx->end)
			break;
		c = *q;
		if (c == '#') {
			while (q < lx->end && *q != '\n')
				q++;
		} else if (c == '\'' || c == '"') {
			int line = lx->line;
			const char *e = skip_string_raw(lx, q);

			if (!e) { /* the tokenizer reports it, file and line */
				lx->line = line;
				lx->p = q;
				return skip_stmt(pp);
			}
			q = e;
		} else if (c == '\\' && q + 1 < lx->end) {
			if (q[1] == '\n')
				lx->line++;
			q += 2;
		} else if (c == '(' || c == '[' || c == '{') {
			lx->depth++;
			q++;
		} else if (c == ')' || c == ']' || c == '}') {
			if (lx->depth > 0)
				lx->depth--;
			q++;
		} else if (c == ';' && lx->depth == 0) {
			break;
		} else if (c == '\n' && lx->depth == 0 &&
			   !continues_block(q + 1, lx->end)) {
			break;
		} else {
			if (c == '\n')
				lx->line++;
			q++;
		}
	}
	lx->p = q;
	return next_tok(lx, &pp->cur);
}

static int read_module(struct pyparse *pp)
{
	int rc, first = 1, key;

	if ((rc = advance(pp)) < 0)
		return rc;
	while (pp->cur.kind != T_END) {
		int indented = pp->lx.indented, line = pp->cur.line;

		if (first && (rc = read_first(pp)) < 0)
			return rc;
		first = 0;
		key = find_key(&pp->cur);
		if (!indented && key >= 0) {
			if ((rc = advance(pp)) < 0 ||
			    (rc = read_assignment(pp, key, line)) < 0)
				return rc;
			rc = skip_stmt(pp);
		} else {
			rc = fast_skip_stmt(pp);
		}
		if (rc < 0)
			return rc;
		if ((rc = advance(pp)) < 0) /* past NEWLINE or ';' */
			return rc;
	}
	return 0;
}

/* ---- the record ---- */

/* A value as a list: None, '', () and [] are empty; a string is one. */
static int value_list(struct pyparse *pp, int key, const char *const **out,
		      size_t *nout)
{
	struct pyval *v = &pp->vals[key];
	const char **one;

	*out = NULL;
	*nout = 0;
	if (!v->set || v->kind == PV_NONE || (v->kind == PV_STR && !*v->str))
		return 0;
	if (v->kind == PV_SEQ) {
		for (size_t i = 0; i < v->n; i++)
			if (!*v->items[i])
				return rg_error_set(pp->err, RG_EPARSE,
						    pp->path, v->line,
						    "empty string in '%s'",
						    vkey_names[key]);
		*out = v->items;
		*nout = v->n;
		return 0;
	}
	one = rg_arena_alloc(pp->a, sizeof(*one));
	if (!one)
		return rg_error_set(pp->err, RG_ENOMEM, pp->path, 0,
				    "out of memory");
	one[0] = v->str;
	*out = one;
	*nout = 1;
	return 0;
}

/* Alembic's legacy rule: a file named <lowercase hex>.py is its own id. */
static int legacy_id(struct pyparse *pp, struct rg_record *rec)
{
	const char *base = strrchr(pp->path, '/');
	size_t n;

	base = base ? base + 1 : pp->path;
	n = strlen(base);
	if (n > 3 && !strcmp(base + n - 3, ".py") &&
	    strspn(base, "0123456789abcdef") == n - 3) {
		rec->id = rg_arena_strndup(pp->a, base, n - 3);
		if (!rec->id)
			return rg_error_set(pp->err, RG_ENOMEM, pp->path, 0,
					    "out of memory");
		return 0;
	}
	return rg_error_set(pp->err, RG_EPARSE, pp->path, 0,
			    "Could not determine revision id from filename "
			    "%s. Be sure the 'revision' variable is declared "
			    "inside the script (please see 'Upgrading from "
			    "Alembic 0.1 to 0.2' in the documentation).",
			    base);
}

static int fill_record(struct pyparse *pp, struct rg_record *rec)
{
	struct pyval *r = &pp->vals[V_REVISION];
	int rc;

	if (!r->set) {
		rc = legacy_id(pp, rec);
	} else if (r->kind != PV_STR) {
		rc = rg_error_set(pp->err, RG_EPARSE, pp->path, r->line,
				  "'revision' must be a string");
	} else {
		rec->id = r->str;
		rec->line = r->line;
		rc = 0;
	}
	if (rc < 0 || (rc = rg_revid_check(rec->id, strlen(rec->id), pp->path,
					   rec->line, pp->err)) < 0)
		return rc;
	if (!pp->vals[V_DOWN].set)
		return rg_error_set(pp->err, RG_EPARSE, pp->path, 0,
				    "no down_revision");
	if ((rc = value_list(pp, V_DOWN, &rec->down, &rec->ndown)) < 0 ||
	    (rc = value_list(pp, V_LABELS, &rec->labels, &rec->nlabels)) < 0 ||
	    (rc = value_list(pp, V_DEPS, &rec->deps, &rec->ndeps)) < 0)
		return rc;
	rec->path = pp->path;
	rec->longdoc = pp->doc ? pp->doc : "";
	return 0;
}

/*
 * text with "\r\n" and lone "\r" turned into "\n", as Python reads
 * source (universal newlines): a file written on Windows gives the same
 * docstring and lines as on Linux.  A malloc'ed copy; *len is updated.
 */
static char *universal_newlines(const char *text, size_t *len)
{
	char *out = malloc(*len + 1), *o = out;

	if (!out)
		return NULL;
	for (size_t i = 0; i < *len; i++) {
		if (text[i] != '\r') {
			*o++ = text[i];
			continue;
		}
		*o++ = '\n';
		if (i + 1 < *len && text[i + 1] == '\n')
			i++;
	}
	*o = '\0';
	*len = (size_t)(o - out);
	return out;
}

/* The encoding a PEP 263 comment line [p, eol) names; NULL if none. */
static const char *coding_name(const char *p, const char *eol, size_t *n)
{
	for (const char *c = p; (c = memchr(c, 'c', (size_t)(eol - c))); c++) {
		const char *name = c + 7;

		if (eol - c < 7 || memcmp(c, "coding", 6) ||
		    (c[6] != ':' && c[6] != '='))
			continue;
		while (name < eol && (*name == ' ' || *name == '\t'))
			name++;
		*n = 0;
		while (name + *n < eol &&
		       (is_name_char((unsigned char)name[*n]) ||
			name[*n] == '-' || name[*n] == '.'))
			(*n)++;
		return name;
	}
	return NULL;
}

static int is_utf8_name(const char *name, size_t n)
{
	return (n >= 5 && (!strncasecmp(name, "utf-8", 5) ||
			   !strncasecmp(name, "utf_8", 5))) ||
	       (n >= 4 && !strncasecmp(name, "utf8", 4));
}

/*
 * PEP 263: a `coding` comment on line 1 or 2 (line 2 only after a blank
 * or comment line 1) names the file's encoding.  Only UTF-8 is read;
 * another encoding is an error when the file has bytes it would decode
 * differently (any byte above 0x7f).
 */
static int check_coding(const char *path, const char *text, size_t len,
			struct rg_error *err)
{
	const char *p = text, *end = text + len, *name = NULL;
	int line;
	size_t n = 0;

	for (line = 1; line <= 2 && p < end && !name; line++) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));

		if (!eol)
			eol = end;
		while (p < eol && (*p == ' ' || *p == '\t' || *p == '\f'))
			p++;
		if (p < eol && *p != '#')
			return 0; /* code: no declaration from here on */
		name = coding_name(p, eol, &n);
		p = eol + 1;
	}
	if (!name || is_utf8_name(name, n))
		return 0;
	for (p = text; p < end; p++)
		if ((unsigned char)*p > 0x7f)
			return rg_error_set(err, RG_EPARSE, path, line - 1,
					    "coding '%.*s' is not supported: "
					    ".py revision files are read as "
					    "UTF-8",
					    (int)n, name);
	return 0;
}

int rg_pyfile_parse(const char *path, const char *text, size_t len,
		    struct rg_arena *a, struct rg_record *rec,
		    struct rg_script *script, struct rg_error *err)
{
	struct pyparse pp = {0};
	const char *nul;
	char *copy = NULL;
	int rc;

	memset(rec, 0, sizeof(*rec));
	memset(script, 0, sizeof(*script));
	rg_buf_init(&pp.scratch);
	pp.a = a;
	pp.err = err;
	pp.path = rg_arena_strdup(a, path);
	if (!pp.path)
		return rg_error_set(err, RG_ENOMEM, path, 0, "out of memory");
	if (memchr(text, '\r', len)) {
		if (!(copy = universal_newlines(text, &len)))
			return rg_error_set(err, RG_ENOMEM, path, 0,
					    "out of memory");
		text = copy;
	}
	if ((nul = memchr(text, '\0', len))) { /* Python refuses them too */
		rc = rg_error_set(err, RG_EPARSE, pp.path,
				  1 + count_lines(text, nul),
				  "NUL byte in file");
		goto out;
	}
	if ((rc = check_coding(pp.path, text, len, err)) < 0)
		goto out;
	pp.lx.p = text;
	pp.lx.end = text + len;
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		pp.lx.p += 3; /* a UTF-8 byte order mark */
	pp.lx.line = 1;
	pp.lx.bol = 1;
	pp.lx.path = pp.path;
	pp.lx.err = err;
	if ((rc = read_module(&pp)) < 0 || (rc = fill_record(&pp, rec)) < 0)
		goto out;
	script->kind = RG_SCRIPT_PY;
	script->path = (char *)pp.path;
	script->up.present = 1;
	script->down.present = 1;
	rec->user = script;
out:
	free(copy);
	rg_buf_release(&pp.scratch);
	rg_vec_release(&pp.items);
	return rc;
}
