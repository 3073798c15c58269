/*
 * src/fmt/fmt.h - the text and JSON output of the read commands (heads,
 * branches, history, current, show).
 *
 * Pure functions: each appends to a caller-owned struct rg_buf and never
 * prints, reads a file or fails on its own.  Out-of-memory (the buffer's,
 * or the small scratch array used for sorting) leaves the buffer in its
 * error state; check once with rg_buf_oom().  Every struct rg_rev passed in
 * is borrowed.
 *
 * Text output is Alembic 1.8's, byte for byte (Alembic: script/base.py
 * Script.log_entry, Script._head_only, Script._format_down_revision;
 * command.py heads, branches, current, history, show).  Where Alembic's
 * order comes from a Python set (children of a branch point, the lines of
 * `current`), revgraph sorts bytewise by id; label lists are printed in
 * the order of rg_rev.spread, which the graph keeps sorted.
 *
 * Newlines: rg_fmt_short() appends a fragment without a newline.  Every
 * other function appends complete output, exactly as Alembic's
 * print_stdout() writes it, final newline included.
 *
 * JSON output (--json)
 * --------------------
 * Every read command prints one JSON array followed by a newline: "[]" when
 * empty, otherwise "[", one revision object per line (two spaces of
 * indent, objects separated by ","), "]".  The array holds the revisions the
 * text form would show, in the same order:
 *
 *   heads    versioned heads in discovery order; with
 *            --resolve-dependencies only the real heads
 *   branches the branch points in history order
 *   history  the selected revisions in history order (newest first)
 *   current  the current tips, sorted by id
 *   show     the revisions REV resolves to
 *
 * A revision object always has these keys, in this order:
 *
 *   "revision"               string  the id
 *   "down_revisions"         array   declared down_revision ids, declared
 *                                    order; [] for a base
 *   "depends_on"             array   declared depends_on strings (labels
 *                                    as written), declared order
 *   "branch_labels"          array   the propagated label set (what the
 *                                    text form shows), sorted
 *   "declared_branch_labels" array   the labels this file declares, as
 *                                    declared
 *   "children"               array   versioned children, sorted
 *   "is_head"                bool    no versioned child
 *   "is_real_head"           bool    no child and no dependent
 *   "is_effective_head"      bool    is_head and not is_real_head
 *   "is_base"                bool    no down_revision
 *   "is_branch_point"        bool    two or more versioned children
 *   "is_merge_point"         bool    two or more down_revisions
 *   "doc"                    string  the docstring up to the first blank
 *                                    line
 *   "longdoc"                string  the whole docstring, stripped
 *   "path"                   string  the revision file
 *
 * and, for `history -i --json` only, a last key
 *
 *   "is_current"             bool    the id is a row of the version table
 *
 * Example (`heads --json` on a graph with one head):
 *
 *   [
 *     {"revision": "b003", "down_revisions": ["b002"], "depends_on": ...}
 *   ]
 *
 * Strings are escaped as Python's json.dumps(ensure_ascii=False) does:
 * \" \\ \b \f \n \r \t, other control characters as \u00XX (lowercase
 * hex), everything else, UTF-8 included, passed through.  Each byte of a
 * sequence that is not valid UTF-8 (overlong, surrogate, past U+10FFFF,
 * truncated) becomes \ufffd, so the output is always valid JSON.  Keys are
 * separated by ", " and ": ".
 */
#ifndef RG_FMT_H
#define RG_FMT_H

#include <stddef.h>

#include "graph/buf.h"
#include "graph/graph.h"

/*
 * The parts of the short form (Alembic: Script._head_only's arguments):
 *
 *   [<parents>[ (<deps>)] -> ]<id>[ (<labels>)][ (head) | (effective head)]
 *   [ (current)][ (branchpoint)][ (mergepoint)][, <doc>]
 *
 * (head) is a real head, (effective head) a versioned head that something
 * depends on; those two are always considered.
 */
enum rg_fmt_flags {
	/* " (<labels>)"; Alembic's include_branches */
	RG_FMT_LABELS = 1 << 0,
	/* " (branchpoint)", " (mergepoint)"; tree_indicators */
	RG_FMT_TREE = 1 << 1,
	/* "<parents>[ (<deps>)] -> " before the id; include_parents */
	RG_FMT_PARENTS = 1 << 2,
	/* ", <doc>" at the end; include_doc */
	RG_FMT_DOC = 1 << 3,
	/* " (current)": the id is a version-table row (history -i) */
	RG_FMT_CURRENT = 1 << 4,
};

/* The history line: what `history` prints for one revision. */
#define RG_FMT_HISTORY                                                         \
	(RG_FMT_PARENTS | RG_FMT_LABELS | RG_FMT_TREE | RG_FMT_DOC)

/*
 * Append r's short form as selected by flags (a set of enum rg_fmt_flags),
 * without a newline.  A multi-line doc is appended as it is.
 */
void rg_fmt_short(struct rg_buf *b, const struct rg_rev *r, unsigned flags);

/*
 * Append r's log entry as Alembic prints it (-v forms and `show`): the
 * "Rev:" line through the indented longdoc, then an empty line.  A
 * revision without a docstring ends in three empty lines.  is_current adds
 * the " (current)" marker (`history -i -v`).  "Branches into:" lists the
 * children sorted by id.
 */
void rg_fmt_log_entry(struct rg_buf *b, const struct rg_rev *r, int is_current);

/*
 * `heads`: every versioned head of g in discovery order, or only the real
 * heads if resolve_deps (--resolve-dependencies).  One short form with
 * labels per line, or log entries if verbose.
 */
void rg_fmt_heads(struct rg_buf *b, const struct rg_graph *g, int verbose,
		  int resolve_deps);

/*
 * `branches`: for each branch point among order[0..n) (the history order,
 * as `history` would list the whole graph), its short form (or log entry if
 * verbose) and one "-> <child>" line per child, sorted by id, indented by
 * the id's length; children get ", <doc>" if verbose.  Revisions in order
 * that are not branch points are skipped.
 */
void rg_fmt_branches(struct rg_buf *b, const struct rg_rev *const *order,
		     size_t n, int verbose);

/*
 * `history`: one history line (or log entry if verbose) per revision of
 * order[0..n), in that order.  current_rows[0..nrows) are the version
 * table's rows for `history -i` (a revision whose id equals one of them is
 * marked current); NULL when -i was not given.
 */
void rg_fmt_history(struct rg_buf *b, const struct rg_rev *const *order,
		    size_t n, int verbose, const char *const *current_rows,
		    size_t nrows);

/*
 * `current`: the tips[0..n) sorted by id, one short form without labels
 * per line, or log entries if verbose.  The "Current revision(s) for
 * <url>:" header of -v is the caller's.
 */
void rg_fmt_current(struct rg_buf *b, const struct rg_rev *const *tips,
		    size_t n, int verbose);

/* `show`: the log entry of each of revs[0..n), in that order. */
void rg_fmt_show(struct rg_buf *b, const struct rg_rev *const *revs, size_t n);

/* --json variants; the shapes are described at the top of this file. */
void rg_fmt_heads_json(struct rg_buf *b, const struct rg_graph *g,
		       int resolve_deps);
void rg_fmt_branches_json(struct rg_buf *b, const struct rg_rev *const *order,
			  size_t n);
void rg_fmt_history_json(struct rg_buf *b, const struct rg_rev *const *order,
			 size_t n, const char *const *current_rows,
			 size_t nrows);
void rg_fmt_current_json(struct rg_buf *b, const struct rg_rev *const *tips,
			 size_t n);
void rg_fmt_show_json(struct rg_buf *b, const struct rg_rev *const *revs,
		      size_t n);

/* Append s (NULL counts as "") as a quoted, escaped JSON string. */
void rg_fmt_json_string(struct rg_buf *b, const char *s);

#endif
