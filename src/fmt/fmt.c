/*
 * src/fmt/fmt.c - Alembic's text output and revgraph's JSON output for the
 * read commands.  See fmt.h for the formats.
 *
 * Invariant: nothing here prints or fails; every byte goes into the
 * caller's rg_buf, and an allocation failure puts that buffer into its
 * error state (rg_buf_oom()).
 */
#include <stdlib.h>
#include <string.h>

#include "src/fmt/fmt.h"
#include "graph/banned.h"

static const char *str_or_empty(const char *s)
{
	return s ? s : "";
}

/* Alembic: util.format_as_comma() on a list. */
static void add_comma_list(struct rg_buf *b, const char *const *items, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			rg_buf_adds(b, ", ");
		rg_buf_adds(b, items[i]);
	}
}

/* Alembic: Script._format_down_revision. */
static void add_down(struct rg_buf *b, const struct rg_rev *r)
{
	if (!r->ndown)
		rg_buf_adds(b, "<base>");
	else
		add_comma_list(b, r->down_ids, r->ndown);
}

static int cmp_rev_id(const void *a, const void *b)
{
	const struct rg_rev *ra = *(const struct rg_rev *const *)a;
	const struct rg_rev *rb = *(const struct rg_rev *const *)b;

	return strcmp(ra->id, rb->id);
}

/*
 * A copy of revs[0..n) sorted by id, which the caller frees; revgraph's
 * stand-in for the Python sets Alembic iterates.  NULL (and b in its error
 * state) when out of memory, or when n is 0.
 */
static const struct rg_rev **
sorted_copy(struct rg_buf *b, const struct rg_rev *const *revs, size_t n)
{
	const struct rg_rev **v;

	if (!n)
		return NULL;
	v = calloc(n, sizeof(*v));
	if (!v) {
		b->oom = 1;
		return NULL;
	}
	memcpy(v, revs, n * sizeof(*v));
	qsort(v, n, sizeof(*v), cmp_rev_id);
	return v;
}

void rg_fmt_short(struct rg_buf *b, const struct rg_rev *r, unsigned flags)
{
	if (flags & RG_FMT_PARENTS) {
		add_down(b, r);
		if (r->ndeps) {
			rg_buf_adds(b, " (");
			add_comma_list(b, r->dep_strs, r->ndeps);
			rg_buf_addch(b, ')');
		}
		rg_buf_adds(b, " -> ");
	}
	rg_buf_adds(b, r->id);
	if ((flags & RG_FMT_LABELS) && r->nspread) {
		rg_buf_adds(b, " (");
		add_comma_list(b, r->spread, r->nspread);
		rg_buf_addch(b, ')');
	}
	if (r->is_real_head)
		rg_buf_adds(b, " (head)");
	else if (r->is_head)
		rg_buf_adds(b, " (effective head)");
	if (flags & RG_FMT_CURRENT)
		rg_buf_adds(b, " (current)");
	if (flags & RG_FMT_TREE) {
		if (r->is_branch_point)
			rg_buf_adds(b, " (branchpoint)");
		if (r->is_merge_point)
			rg_buf_adds(b, " (mergepoint)");
	}
	if (flags & RG_FMT_DOC) {
		rg_buf_adds(b, ", ");
		rg_buf_adds(b, str_or_empty(r->doc));
	}
}

/*
 * Length of the line break at s, or 0.  Python's str.splitlines() breaks
 * at \n, \r, \r\n, \v, \f, \x1c, \x1d, \x1e, U+0085, U+2028 and U+2029
 * (the last three in UTF-8 here).
 */
static size_t line_break_len(const unsigned char *s)
{
	switch (s[0]) {
	case '\r':
		return s[1] == '\n' ? 2 : 1;
	case '\n':
	case '\v':
	case '\f':
	case 0x1c:
	case 0x1d:
	case 0x1e:
		return 1;
	case 0xc2:
		return s[1] == 0x85 ? 2 : 0;
	case 0xe2:
		return s[1] == 0x80 && (s[2] == 0xa8 || s[2] == 0xa9) ? 3 : 0;
	}
	return 0;
}

/*
 * "\n".join("    %s" % line for line in longdoc.splitlines()), as
 * Script.log_entry writes the docstring.
 */
static void add_indented_doc(struct rg_buf *b, const char *longdoc)
{
	const unsigned char *s = (const unsigned char *)longdoc;
	const unsigned char *start = s;
	size_t brk;
	int first = 1;

	while (*s) {
		brk = line_break_len(s);
		if (!brk) {
			s++;
			continue;
		}
		if (!first)
			rg_buf_addch(b, '\n');
		rg_buf_adds(b, "    ");
		rg_buf_add(b, start, (size_t)(s - start));
		first = 0;
		s += brk;
		start = s;
	}
	if (s > start) { /* a last line without a terminator */
		if (!first)
			rg_buf_addch(b, '\n');
		rg_buf_adds(b, "    ");
		rg_buf_add(b, start, (size_t)(s - start));
	}
}

/* Alembic: Script.log_entry, the string itself (print adds one "\n"). */
static void add_log_entry(struct rg_buf *b, const struct rg_rev *r,
			  int is_current)
{
	const struct rg_rev **kids;
	size_t i;

	rg_buf_addf(b, "Rev: %s%s%s%s%s\n", r->id, r->is_head ? " (head)" : "",
		    r->is_branch_point ? " (branchpoint)" : "",
		    r->is_merge_point ? " (mergepoint)" : "",
		    is_current ? " (current)" : "");
	rg_buf_adds(b, r->is_merge_point ? "Merges: " : "Parent: ");
	add_down(b, r);
	rg_buf_addch(b, '\n');
	if (r->ndeps) {
		rg_buf_adds(b, "Also depends on: ");
		add_comma_list(b, r->dep_strs, r->ndeps);
		rg_buf_addch(b, '\n');
	}
	if (r->is_branch_point) {
		kids = sorted_copy(b, (const struct rg_rev *const *)r->children,
				   r->nchildren);
		rg_buf_adds(b, "Branches into: ");
		for (i = 0; kids && i < r->nchildren; i++) {
			if (i)
				rg_buf_adds(b, ", ");
			rg_buf_adds(b, kids[i]->id);
		}
		rg_buf_addch(b, '\n');
		free(kids);
	}
	if (r->nspread) {
		rg_buf_adds(b, "Branch names: ");
		add_comma_list(b, r->spread, r->nspread);
		rg_buf_addch(b, '\n');
	}
	rg_buf_addf(b, "Path: %s\n\n", str_or_empty(r->path));
	add_indented_doc(b, str_or_empty(r->longdoc));
	rg_buf_addch(b, '\n');
}

void rg_fmt_log_entry(struct rg_buf *b, const struct rg_rev *r, int is_current)
{
	add_log_entry(b, r, is_current);
	rg_buf_addch(b, '\n');
}

/* Alembic: Script.cmd_format, then print_stdout's newline. */
static void add_cmd_format(struct rg_buf *b, const struct rg_rev *r,
			   int verbose, unsigned flags)
{
	if (verbose) {
		rg_fmt_log_entry(b, r, (flags & RG_FMT_CURRENT) != 0);
	} else {
		rg_fmt_short(b, r, flags);
		rg_buf_addch(b, '\n');
	}
}

/* Alembic: command.heads. */
void rg_fmt_heads(struct rg_buf *b, const struct rg_graph *g, int verbose,
		  int resolve_deps)
{
	const struct rg_rev *r;
	size_t i, n = rg_graph_count(g);

	for (i = 0; i < n; i++) {
		r = rg_graph_at(g, i);
		if (resolve_deps ? r->is_real_head : r->is_head)
			add_cmd_format(b, r, verbose, RG_FMT_LABELS);
	}
}

/* Number of code points in a UTF-8 string: Python's len(). */
static size_t utf8_len(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/*
 * Alembic: command.branches, which prints
 * "%s\n%s\n" % (cmd_format(...), "\n".join(child lines)) and a newline.
 */
static void add_branch_point(struct rg_buf *b, const struct rg_rev *r,
			     int verbose)
{
	const struct rg_rev **kids;
	size_t i, j, pad = utf8_len(r->id);

	if (verbose)
		add_log_entry(b, r, 0);
	else
		rg_fmt_short(b, r, RG_FMT_LABELS | RG_FMT_TREE);
	rg_buf_addch(b, '\n');
	kids = sorted_copy(b, (const struct rg_rev *const *)r->children,
			   r->nchildren);
	for (i = 0; kids && i < r->nchildren; i++) {
		if (i)
			rg_buf_addch(b, '\n');
		for (j = 0; j < pad; j++)
			rg_buf_addch(b, ' ');
		rg_buf_adds(b, " -> ");
		rg_fmt_short(b, kids[i],
			     RG_FMT_LABELS | RG_FMT_TREE |
				     (verbose ? RG_FMT_DOC : 0));
	}
	free(kids);
	rg_buf_adds(b, "\n\n");
}

void rg_fmt_branches(struct rg_buf *b, const struct rg_rev *const *order,
		     size_t n, int verbose)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (order[i]->is_branch_point)
			add_branch_point(b, order[i], verbose);
}

/* Alembic: `sc.revision in currents` in command.history. */
static int is_row(const struct rg_rev *r, const char *const *rows, size_t nrows)
{
	size_t i;

	for (i = 0; rows && i < nrows; i++)
		if (strcmp(r->id, rows[i]) == 0)
			return 1;
	return 0;
}

void rg_fmt_history(struct rg_buf *b, const struct rg_rev *const *order,
		    size_t n, int verbose, const char *const *current_rows,
		    size_t nrows)
{
	unsigned flags;
	size_t i;

	for (i = 0; i < n; i++) {
		flags = RG_FMT_HISTORY;
		if (is_row(order[i], current_rows, nrows))
			flags |= RG_FMT_CURRENT;
		add_cmd_format(b, order[i], verbose, flags);
	}
}

void rg_fmt_current(struct rg_buf *b, const struct rg_rev *const *tips,
		    size_t n, int verbose)
{
	const struct rg_rev **v = sorted_copy(b, tips, n);
	size_t i;

	for (i = 0; v && i < n; i++)
		add_cmd_format(b, v[i], verbose, RG_FMT_TREE);
	free(v);
}

void rg_fmt_show(struct rg_buf *b, const struct rg_rev *const *revs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		rg_fmt_log_entry(b, revs[i], 0);
}

/* ---- JSON ---- */

/*
 * Length of the valid UTF-8 sequence of 2 to 4 bytes at s, or 0 (an
 * overlong form, a surrogate, a value past U+10FFFF, a bad or missing
 * continuation byte).
 */
static size_t utf8_seq_len(const unsigned char *s)
{
	size_t n, i;
	unsigned long cp;

	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) /* also stops at the NUL */
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

void rg_fmt_json_string(struct rg_buf *b, const char *str)
{
	const unsigned char *s = (const unsigned char *)str_or_empty(str);
	size_t n;

	rg_buf_addch(b, '"');
	while (*s) {
		if (*s >= 0x80) {
			n = utf8_seq_len(s);
			if (n)
				rg_buf_add(b, s, n);
			else
				rg_buf_adds(b, "\\ufffd");
			s += n ? n : 1;
			continue;
		}
		switch (*s) {
		case '"':
			rg_buf_adds(b, "\\\"");
			break;
		case '\\':
			rg_buf_adds(b, "\\\\");
			break;
		case '\b':
			rg_buf_adds(b, "\\b");
			break;
		case '\f':
			rg_buf_adds(b, "\\f");
			break;
		case '\n':
			rg_buf_adds(b, "\\n");
			break;
		case '\r':
			rg_buf_adds(b, "\\r");
			break;
		case '\t':
			rg_buf_adds(b, "\\t");
			break;
		default:
			if (*s < 0x20)
				rg_buf_addf(b, "\\u%04x", *s);
			else
				rg_buf_addch(b, (char)*s);
		}
		s++;
	}
	rg_buf_addch(b, '"');
}

static void json_key(struct rg_buf *b, const char *key)
{
	rg_buf_adds(b, ", ");
	rg_fmt_json_string(b, key);
	rg_buf_adds(b, ": ");
}

static void json_strs(struct rg_buf *b, const char *key, const char *const *v,
		      size_t n)
{
	size_t i;

	json_key(b, key);
	rg_buf_addch(b, '[');
	for (i = 0; i < n; i++) {
		if (i)
			rg_buf_adds(b, ", ");
		rg_fmt_json_string(b, v[i]);
	}
	rg_buf_addch(b, ']');
}

static void json_bool(struct rg_buf *b, const char *key, int v)
{
	json_key(b, key);
	rg_buf_adds(b, v ? "true" : "false");
}

static void json_str(struct rg_buf *b, const char *key, const char *v)
{
	json_key(b, key);
	rg_fmt_json_string(b, v);
}

static void json_children(struct rg_buf *b, const struct rg_rev *r)
{
	const struct rg_rev **kids;
	size_t i;

	kids = sorted_copy(b, (const struct rg_rev *const *)r->children,
			   r->nchildren);
	json_key(b, "children");
	rg_buf_addch(b, '[');
	for (i = 0; kids && i < r->nchildren; i++) {
		if (i)
			rg_buf_adds(b, ", ");
		rg_fmt_json_string(b, kids[i]->id);
	}
	rg_buf_addch(b, ']');
	free(kids);
}

/* One revision object; is_current < 0 leaves out "is_current". */
static void json_rev(struct rg_buf *b, const struct rg_rev *r, int is_current)
{
	rg_buf_adds(b, "{\"revision\": ");
	rg_fmt_json_string(b, r->id);
	json_strs(b, "down_revisions", r->down_ids, r->ndown);
	json_strs(b, "depends_on", r->dep_strs, r->ndeps);
	json_strs(b, "branch_labels", r->spread, r->nspread);
	json_strs(b, "declared_branch_labels", r->labels, r->nlabels);
	json_children(b, r);
	json_bool(b, "is_head", r->is_head);
	json_bool(b, "is_real_head", r->is_real_head);
	json_bool(b, "is_effective_head", r->is_head && !r->is_real_head);
	json_bool(b, "is_base", r->is_base);
	json_bool(b, "is_branch_point", r->is_branch_point);
	json_bool(b, "is_merge_point", r->is_merge_point);
	json_str(b, "doc", r->doc);
	json_str(b, "longdoc", r->longdoc);
	json_str(b, "path", r->path);
	if (is_current >= 0)
		json_bool(b, "is_current", is_current);
	rg_buf_addch(b, '}');
}

/* Array framing: "[]\n", or "[\n  {..},\n  {..}\n]\n". */
static void json_item(struct rg_buf *b, size_t *count)
{
	rg_buf_adds(b, *count ? ",\n  " : "[\n  ");
	(*count)++;
}

static void json_end(struct rg_buf *b, size_t count)
{
	rg_buf_adds(b, count ? "\n]\n" : "[]\n");
}

void rg_fmt_heads_json(struct rg_buf *b, const struct rg_graph *g,
		       int resolve_deps)
{
	const struct rg_rev *r;
	size_t i, count = 0, n = rg_graph_count(g);

	for (i = 0; i < n; i++) {
		r = rg_graph_at(g, i);
		if (resolve_deps ? r->is_real_head : r->is_head) {
			json_item(b, &count);
			json_rev(b, r, -1);
		}
	}
	json_end(b, count);
}

void rg_fmt_branches_json(struct rg_buf *b, const struct rg_rev *const *order,
			  size_t n)
{
	size_t i, count = 0;

	for (i = 0; i < n; i++) {
		if (order[i]->is_branch_point) {
			json_item(b, &count);
			json_rev(b, order[i], -1);
		}
	}
	json_end(b, count);
}

void rg_fmt_history_json(struct rg_buf *b, const struct rg_rev *const *order,
			 size_t n, const char *const *current_rows,
			 size_t nrows)
{
	size_t i, count = 0;

	for (i = 0; i < n; i++) {
		json_item(b, &count);
		json_rev(b, order[i],
			 current_rows ? is_row(order[i], current_rows, nrows)
				      : -1);
	}
	json_end(b, count);
}

void rg_fmt_current_json(struct rg_buf *b, const struct rg_rev *const *tips,
			 size_t n)
{
	const struct rg_rev **v = sorted_copy(b, tips, n);
	size_t i, count = 0;

	for (i = 0; v && i < n; i++) {
		json_item(b, &count);
		json_rev(b, v[i], -1);
	}
	free(v);
	json_end(b, count);
}

void rg_fmt_show_json(struct rg_buf *b, const struct rg_rev *const *revs,
		      size_t n)
{
	size_t i, count = 0;

	for (i = 0; i < n; i++) {
		json_item(b, &count);
		json_rev(b, revs[i], -1);
	}
	json_end(b, count);
}
