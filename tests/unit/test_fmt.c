/*
 * tests/unit/test_fmt.c - rg_fmt_*: Alembic's text output byte for byte, and
 * the --json shapes.
 *
 * Every expected text below was captured from Alembic 1.8
 * (/work/shared/tools/alembic-sorted, i.e. sorted directory reads) and
 * pasted in by a script, never written by hand or copied from our own
 * output.  Where Alembic iterates a Python set (label lists, children,
 * the lines of `current`) the command was rerun under PYTHONHASHSEED=0,
 * 1, ... until every such list came out sorted, which is revgraph's
 * order.  The directory part of every path was replaced by "/v/".  The
 * JSON expectations were produced by Python's json.dumps(ensure_ascii=
 * False) from Alembic's own Script objects.
 *
 * Project KS (alembic init, then):
 *   revision --rev-id d001 -m "dep root" --head base --branch-label dl
 *   revision --rev-id d002 -m "dep two" --head dl@head
 *   revision --rev-id r001 -m "first" --head base --branch-label zeta
 *     (then edited: branch_labels = ('zeta', 'alpha'))
 *   revision --rev-id r002 -m "" --head r001        (a three-line doc)
 *   revision --rev-id r003 -m "nodoc" --head r002   (docstring deleted)
 *   revision --rev-id r004 -m "multi" --head r003   (docstring rewritten:
 *     a two-line first paragraph, a tab, a whitespace-only line)
 *   revision --rev-id r005 -m "deps; 100% café — ünï" --head r004
 *     (then edited: depends_on = ('d002', 'dl'), making d002 an effective
 *     head)
 *   revision --rev-id r06a -m "side a" --head r005
 *   revision --rev-id r06b -m "side b" --head r005 --splice
 *   merge --rev-id r007 -m "merge and branch" r06a r06b
 *   revision --rev-id r08a -m "after a" --head r007
 *   revision --rev-id r08b -m "after b" --head r007 --splice \
 *     --branch-label bee
 *   revision --rev-id r009 -m "ctl" --head r08a     (docstring rewritten
 *     with \f \x1d \r\n \x85 \u2028 \v \r line breaks, which Python's
 *     splitlines() honours)
 * with version-table rows r007 and d002 for `current` and `history -i`.
 *
 * Project MRG: ALEMBIC-SEMANTICS.md's BR and MRG samples
 * (aaa001 ... ggg007).
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "graph/graph.h"
#include "src/fmt/fmt.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- captured data (generated) ---- */

/* ks: records in discovery order (sorted file names). */
static const char *const ks_d001_lab[] = {"dl"};
static const char *const ks_d002_down[] = {"d001"};
static const char *const ks_r001_lab[] = {"zeta", "alpha"};
static const char *const ks_r002_down[] = {"r001"};
static const char *const ks_r003_down[] = {"r002"};
static const char *const ks_r004_down[] = {"r003"};
static const char *const ks_r005_down[] = {"r004"};
static const char *const ks_r005_dep[] = {"d002", "dl"};
static const char *const ks_r007_down[] = {"r06a", "r06b"};
static const char *const ks_r009_down[] = {"r08a"};
static const char *const ks_r06a_down[] = {"r005"};
static const char *const ks_r06b_down[] = {"r005"};
static const char *const ks_r08a_down[] = {"r007"};
static const char *const ks_r08b_down[] = {"r007"};
static const char *const ks_r08b_lab[] = {"bee"};
static const struct rg_record ks_recs[] = {
	{"d001", NULL, 0, ks_d001_lab, 1, NULL, 0, "/v/d001_dep_root.py", 0,
	 "dep root\n"
	 "\n"
	 "Revision ID: d001\n"
	 "Revises: \n"
	 "Create Date: 2026-11-22 03:27:22.054162",
	 NULL},
	{"d002", ks_d002_down, 1, NULL, 0, NULL, 0, "/v/d002_dep_two.py", 0,
	 "dep two\n"
	 "\n"
	 "Revision ID: d002\n"
	 "Revises: d001\n"
	 "Create Date: 2026-11-22 03:27:22.230706",
	 NULL},
	{"r001", NULL, 0, ks_r001_lab, 2, NULL, 0, "/v/r001_first.py", 0,
	 "first\n"
	 "\n"
	 "Revision ID: r001\n"
	 "Revises: \n"
	 "Create Date: 2026-11-22 03:27:22.415066",
	 NULL},
	{"r002", ks_r002_down, 1, NULL, 0, NULL, 0, "/v/r002_.py", 0,
	 "Revision ID: r002\n"
	 "Revises: r001\n"
	 "Create Date: 2026-11-22 03:27:22.598027",
	 NULL},
	{"r003", ks_r003_down, 1, NULL, 0, NULL, 0, "/v/r003_nodoc.py", 0, "",
	 NULL},
	{"r004", ks_r004_down, 1, NULL, 0, NULL, 0, "/v/r004_multi.py", 0,
	 "multi line one\n"
	 "multi line two\n"
	 "  indented\t tab\n"
	 "\n"
	 "   \n"
	 "\n"
	 "para three\n"
	 "\n"
	 "\n"
	 "\n"
	 "end",
	 NULL},
	{"r005", ks_r005_down, 1, NULL, 0, ks_r005_dep, 2,
	 "/v/r005_deps_100_caf\xc3\xa9_\xc3\xbcn\xc3\xaf.py", 0,
	 "deps; 100% caf\xc3\xa9 \xe2\x80\x94 \xc3\xbcn\xc3\xaf\n"
	 "\n"
	 "Revision ID: r005\n"
	 "Revises: r004\n"
	 "Create Date: 2026-11-22 03:27:23.135221",
	 NULL},
	{"r007", ks_r007_down, 2, NULL, 0, NULL, 0,
	 "/v/r007_merge_and_branch.py", 0,
	 "merge and branch\n"
	 "\n"
	 "Revision ID: r007\n"
	 "Revises: r06a, r06b\n"
	 "Create Date: 2026-11-22 03:27:23.690118",
	 NULL},
	{"r009", ks_r009_down, 1, NULL, 0, NULL, 0, "/v/r009_ctl.py", 0,
	 "ctl\x0c"
	 "feed\x1dgs\x0d\n"
	 "crlf\xc2\x85nel\xe2\x80\xa8ls\x0bvt\x0d"
	 "cr\n"
	 "\n"
	 "rest",
	 NULL},
	{"r06a", ks_r06a_down, 1, NULL, 0, NULL, 0, "/v/r06a_side_a.py", 0,
	 "side a\n"
	 "\n"
	 "Revision ID: r06a\n"
	 "Revises: r005\n"
	 "Create Date: 2026-11-22 03:27:23.318545",
	 NULL},
	{"r06b", ks_r06b_down, 1, NULL, 0, NULL, 0, "/v/r06b_side_b.py", 0,
	 "side b\n"
	 "\n"
	 "Revision ID: r06b\n"
	 "Revises: r005\n"
	 "Create Date: 2026-11-22 03:27:23.504459",
	 NULL},
	{"r08a", ks_r08a_down, 1, NULL, 0, NULL, 0, "/v/r08a_after_a.py", 0,
	 "after a\n"
	 "\n"
	 "Revision ID: r08a\n"
	 "Revises: r007\n"
	 "Create Date: 2026-11-22 03:27:23.871720",
	 NULL},
	{"r08b", ks_r08b_down, 1, ks_r08b_lab, 1, NULL, 0, "/v/r08b_after_b.py",
	 0,
	 "after b\n"
	 "\n"
	 "Revision ID: r08b\n"
	 "Revises: r007\n"
	 "Create Date: 2026-11-22 03:27:24.052731",
	 NULL},
};
static const char ks_heads[] = "d002 (dl) (effective head)\n"
			       "r009 (alpha, zeta) (head)\n"
			       "r08b (alpha, bee, zeta) (head)\n";
static const char ks_heads_v[] = "Rev: d002 (head)\n"
				 "Parent: d001\n"
				 "Branch names: dl\n"
				 "Path: /v/d002_dep_two.py\n"
				 "\n"
				 "    dep two\n"
				 "    \n"
				 "    Revision ID: d002\n"
				 "    Revises: d001\n"
				 "    Create Date: 2026-11-22 03:27:22.230706\n"
				 "\n"
				 "Rev: r009 (head)\n"
				 "Parent: r08a\n"
				 "Branch names: alpha, zeta\n"
				 "Path: /v/r009_ctl.py\n"
				 "\n"
				 "    ctl\n"
				 "    feed\n"
				 "    gs\n"
				 "    crlf\n"
				 "    nel\n"
				 "    ls\n"
				 "    vt\n"
				 "    cr\n"
				 "    \n"
				 "    rest\n"
				 "\n"
				 "Rev: r08b (head)\n"
				 "Parent: r007\n"
				 "Branch names: alpha, bee, zeta\n"
				 "Path: /v/r08b_after_b.py\n"
				 "\n"
				 "    after b\n"
				 "    \n"
				 "    Revision ID: r08b\n"
				 "    Revises: r007\n"
				 "    Create Date: 2026-11-22 03:27:24.052731\n"
				 "\n";
static const char ks_heads_r[] = "r009 (alpha, zeta) (head)\n"
				 "r08b (alpha, bee, zeta) (head)\n";
static const char ks_branches[] =
	"r007 (alpha, zeta) (branchpoint) (mergepoint)\n"
	"     -> r08a (alpha, zeta)\n"
	"     -> r08b (alpha, bee, zeta) (head)\n"
	"\n"
	"r005 (alpha, zeta) (branchpoint)\n"
	"     -> r06a (alpha, zeta)\n"
	"     -> r06b (alpha, zeta)\n"
	"\n";
static const char ks_branches_v[] =
	"Rev: r007 (branchpoint) (mergepoint)\n"
	"Merges: r06a, r06b\n"
	"Branches into: r08a, r08b\n"
	"Branch names: alpha, zeta\n"
	"Path: /v/r007_merge_and_branch.py\n"
	"\n"
	"    merge and branch\n"
	"    \n"
	"    Revision ID: r007\n"
	"    Revises: r06a, r06b\n"
	"    Create Date: 2026-11-22 03:27:23.690118\n"
	"\n"
	"     -> r08a (alpha, zeta), after a\n"
	"     -> r08b (alpha, bee, zeta) (head), after b\n"
	"\n"
	"Rev: r005 (branchpoint)\n"
	"Parent: r004\n"
	"Also depends on: d002, dl\n"
	"Branches into: r06a, r06b\n"
	"Branch names: alpha, zeta\n"
	"Path: /v/r005_deps_100_caf\xc3\xa9_\xc3\xbcn\xc3\xaf.py\n"
	"\n"
	"    deps; 100% caf\xc3\xa9 \xe2\x80\x94 \xc3\xbcn\xc3\xaf\n"
	"    \n"
	"    Revision ID: r005\n"
	"    Revises: r004\n"
	"    Create Date: 2026-11-22 03:27:23.135221\n"
	"\n"
	"     -> r06a (alpha, zeta), side a\n"
	"     -> r06b (alpha, zeta), side b\n"
	"\n";
static const char ks_history[] =
	"r08a -> r009 (alpha, zeta) (head), ctl\x0c"
	"feed\x1dgs\x0d\n"
	"crlf\xc2\x85nel\xe2\x80\xa8ls\x0bvt\x0d"
	"cr\n"
	"r007 -> r08a (alpha, zeta), after a\n"
	"r007 -> r08b (alpha, bee, zeta) (head), after b\n"
	"r06a, r06b -> r007 (alpha, zeta) (branchpoint) (mergepoint), merge"
	" and branch\n"
	"r005 -> r06a (alpha, zeta), side a\n"
	"r005 -> r06b (alpha, zeta), side b\n"
	"r004 (d002, dl) -> r005 (alpha, zeta) (branchpoint), deps; 100% ca"
	"f\xc3\xa9 \xe2\x80\x94 \xc3\xbcn\xc3\xaf\n"
	"r003 -> r004 (alpha, zeta), multi line one\n"
	"multi line two\n"
	"  indented\t tab\n"
	"r002 -> r003 (alpha, zeta), \n"
	"r001 -> r002 (alpha, zeta), Revision ID: r002\n"
	"Revises: r001\n"
	"Create Date: 2026-11-22 03:27:22.598027\n"
	"<base> -> r001 (alpha, zeta), first\n"
	"d001 -> d002 (dl) (effective head), dep two\n"
	"<base> -> d001 (dl), dep root\n";
static const char ks_history_v[] =
	"Rev: r009 (head)\n"
	"Parent: r08a\n"
	"Branch names: alpha, zeta\n"
	"Path: /v/r009_ctl.py\n"
	"\n"
	"    ctl\n"
	"    feed\n"
	"    gs\n"
	"    crlf\n"
	"    nel\n"
	"    ls\n"
	"    vt\n"
	"    cr\n"
	"    \n"
	"    rest\n"
	"\n"
	"Rev: r08a\n"
	"Parent: r007\n"
	"Branch names: alpha, zeta\n"
	"Path: /v/r08a_after_a.py\n"
	"\n"
	"    after a\n"
	"    \n"
	"    Revision ID: r08a\n"
	"    Revises: r007\n"
	"    Create Date: 2026-11-22 03:27:23.871720\n"
	"\n"
	"Rev: r08b (head)\n"
	"Parent: r007\n"
	"Branch names: alpha, bee, zeta\n"
	"Path: /v/r08b_after_b.py\n"
	"\n"
	"    after b\n"
	"    \n"
	"    Revision ID: r08b\n"
	"    Revises: r007\n"
	"    Create Date: 2026-11-22 03:27:24.052731\n"
	"\n"
	"Rev: r007 (branchpoint) (mergepoint)\n"
	"Merges: r06a, r06b\n"
	"Branches into: r08a, r08b\n"
	"Branch names: alpha, zeta\n"
	"Path: /v/r007_merge_and_branch.py\n"
	"\n"
	"    merge and branch\n"
	"    \n"
	"    Revision ID: r007\n"
	"    Revises: r06a, r06b\n"
	"    Create Date: 2026-11-22 03:27:23.690118\n"
	"\n"
	"Rev: r06a\n"
	"Parent: r005\n"
	"Branch names: alpha, zeta\n"
	"Path: /v/r06a_side_a.py\n"
	"\n"
	"    side a\n"
	"    \n"
	"    Revision ID: r06a\n"
	"    Revises: r005\n"
	"    Create Date: 2026-11-22 03:27:23.318545\n"
	"\n"
	"Rev: r06b\n"
	"Parent: r005\n"
	"Branch names: alpha, zeta\n"
	"Path: /v/r06b_side_b.py\n"
	"\n"
	"    side b\n"
	"    \n"
	"    Revision ID: r06b\n"
	"    Revises: r005\n"
	"    Create Date: 2026-11-22 03:27:23.504459\n"
	"\n"
	"Rev: r005 (branchpoint)\n"
	"Parent: r004\n"
	"Also depends on: d002, dl\n"
	"Branches into: r06a, r06b\n"
	"Branch names: alpha, zeta\n"
	"Path: /v/r005_deps_100_caf\xc3\xa9_\xc3\xbcn\xc3\xaf.py\n"
	"\n"
	"    deps; 100% caf\xc3\xa9 \xe2\x80\x94 \xc3\xbcn\xc3\xaf\n"
	"    \n"
	"    Revision ID: r005\n"
	"    Revises: r004\n"
	"    Create Date: 2026-11-22 03:27:23.135221\n"
	"\n"
	"Rev: r004\n"
	"Parent: r003\n"
	"Branch names: alpha, zeta\n"
	"Path: /v/r004_multi.py\n"
	"\n"
	"    multi line one\n"
	"    multi line two\n"
	"      indented\t tab\n"
	"    \n"
	"       \n"
	"    \n"
	"    para three\n"
	"    \n"
	"    \n"
	"    \n"
	"    end\n"
	"\n"
	"Rev: r003\n"
	"Parent: r002\n"
	"Branch names: alpha, zeta\n"
	"Path: /v/r003_nodoc.py\n"
	"\n"
	"\n"
	"\n"
	"Rev: r002\n"
	"Parent: r001\n"
	"Branch names: alpha, zeta\n"
	"Path: /v/r002_.py\n"
	"\n"
	"    Revision ID: r002\n"
	"    Revises: r001\n"
	"    Create Date: 2026-11-22 03:27:22.598027\n"
	"\n"
	"Rev: r001\n"
	"Parent: <base>\n"
	"Branch names: alpha, zeta\n"
	"Path: /v/r001_first.py\n"
	"\n"
	"    first\n"
	"    \n"
	"    Revision ID: r001\n"
	"    Revises: \n"
	"    Create Date: 2026-11-22 03:27:22.415066\n"
	"\n"
	"Rev: d002 (head)\n"
	"Parent: d001\n"
	"Branch names: dl\n"
	"Path: /v/d002_dep_two.py\n"
	"\n"
	"    dep two\n"
	"    \n"
	"    Revision ID: d002\n"
	"    Revises: d001\n"
	"    Create Date: 2026-11-22 03:27:22.230706\n"
	"\n"
	"Rev: d001\n"
	"Parent: <base>\n"
	"Branch names: dl\n"
	"Path: /v/d001_dep_root.py\n"
	"\n"
	"    dep root\n"
	"    \n"
	"    Revision ID: d001\n"
	"    Revises: \n"
	"    Create Date: 2026-11-22 03:27:22.054162\n"
	"\n";
static const char ks_history_i[] =
	"r08a -> r009 (alpha, zeta) (head), ctl\x0c"
	"feed\x1dgs\x0d\n"
	"crlf\xc2\x85nel\xe2\x80\xa8ls\x0bvt\x0d"
	"cr\n"
	"r007 -> r08a (alpha, zeta), after a\n"
	"r007 -> r08b (alpha, bee, zeta) (head), after b\n"
	"r06a, r06b -> r007 (alpha, zeta) (current) (branchpoint) (mergepoi"
	"nt), merge and branch\n"
	"r005 -> r06a (alpha, zeta), side a\n"
	"r005 -> r06b (alpha, zeta), side b\n"
	"r004 (d002, dl) -> r005 (alpha, zeta) (branchpoint), deps; 100% ca"
	"f\xc3\xa9 \xe2\x80\x94 \xc3\xbcn\xc3\xaf\n"
	"r003 -> r004 (alpha, zeta), multi line one\n"
	"multi line two\n"
	"  indented\t tab\n"
	"r002 -> r003 (alpha, zeta), \n"
	"r001 -> r002 (alpha, zeta), Revision ID: r002\n"
	"Revises: r001\n"
	"Create Date: 2026-11-22 03:27:22.598027\n"
	"<base> -> r001 (alpha, zeta), first\n"
	"d001 -> d002 (dl) (effective head) (current), dep two\n"
	"<base> -> d001 (dl), dep root\n";
static const char ks_history_iv[] =
	"Rev: r009 (head)\n"
	"Parent: r08a\n"
	"Branch names: alpha, zeta\n"
	"Path: /v/r009_ctl.py\n"
	"\n"
	"    ctl\n"
	"    feed\n"
	"    gs\n"
	"    crlf\n"
	"    nel\n"
	"    ls\n"
	"    vt\n"
	"    cr\n"
	"    \n"
	"    rest\n"
	"\n"
	"Rev: r08a\n"
	"Parent: r007\n"
	"Branch names: alpha, zeta\n"
	"Path: /v/r08a_after_a.py\n"
	"\n"
	"    after a\n"
	"    \n"
	"    Revision ID: r08a\n"
	"    Revises: r007\n"
	"    Create Date: 2026-11-22 03:27:23.871720\n"
	"\n"
	"Rev: r08b (head)\n"
	"Parent: r007\n"
	"Branch names: alpha, bee, zeta\n"
	"Path: /v/r08b_after_b.py\n"
	"\n"
	"    after b\n"
	"    \n"
	"    Revision ID: r08b\n"
	"    Revises: r007\n"
	"    Create Date: 2026-11-22 03:27:24.052731\n"
	"\n"
	"Rev: r007 (branchpoint) (mergepoint) (current)\n"
	"Merges: r06a, r06b\n"
	"Branches into: r08a, r08b\n"
	"Branch names: alpha, zeta\n"
	"Path: /v/r007_merge_and_branch.py\n"
	"\n"
	"    merge and branch\n"
	"    \n"
	"    Revision ID: r007\n"
	"    Revises: r06a, r06b\n"
	"    Create Date: 2026-11-22 03:27:23.690118\n"
	"\n"
	"Rev: r06a\n"
	"Parent: r005\n"
	"Branch names: alpha, zeta\n"
	"Path: /v/r06a_side_a.py\n"
	"\n"
	"    side a\n"
	"    \n"
	"    Revision ID: r06a\n"
	"    Revises: r005\n"
	"    Create Date: 2026-11-22 03:27:23.318545\n"
	"\n"
	"Rev: r06b\n"
	"Parent: r005\n"
	"Branch names: alpha, zeta\n"
	"Path: /v/r06b_side_b.py\n"
	"\n"
	"    side b\n"
	"    \n"
	"    Revision ID: r06b\n"
	"    Revises: r005\n"
	"    Create Date: 2026-11-22 03:27:23.504459\n"
	"\n"
	"Rev: r005 (branchpoint)\n"
	"Parent: r004\n"
	"Also depends on: d002, dl\n"
	"Branches into: r06a, r06b\n"
	"Branch names: alpha, zeta\n"
	"Path: /v/r005_deps_100_caf\xc3\xa9_\xc3\xbcn\xc3\xaf.py\n"
	"\n"
	"    deps; 100% caf\xc3\xa9 \xe2\x80\x94 \xc3\xbcn\xc3\xaf\n"
	"    \n"
	"    Revision ID: r005\n"
	"    Revises: r004\n"
	"    Create Date: 2026-11-22 03:27:23.135221\n"
	"\n"
	"Rev: r004\n"
	"Parent: r003\n"
	"Branch names: alpha, zeta\n"
	"Path: /v/r004_multi.py\n"
	"\n"
	"    multi line one\n"
	"    multi line two\n"
	"      indented\t tab\n"
	"    \n"
	"       \n"
	"    \n"
	"    para three\n"
	"    \n"
	"    \n"
	"    \n"
	"    end\n"
	"\n"
	"Rev: r003\n"
	"Parent: r002\n"
	"Branch names: alpha, zeta\n"
	"Path: /v/r003_nodoc.py\n"
	"\n"
	"\n"
	"\n"
	"Rev: r002\n"
	"Parent: r001\n"
	"Branch names: alpha, zeta\n"
	"Path: /v/r002_.py\n"
	"\n"
	"    Revision ID: r002\n"
	"    Revises: r001\n"
	"    Create Date: 2026-11-22 03:27:22.598027\n"
	"\n"
	"Rev: r001\n"
	"Parent: <base>\n"
	"Branch names: alpha, zeta\n"
	"Path: /v/r001_first.py\n"
	"\n"
	"    first\n"
	"    \n"
	"    Revision ID: r001\n"
	"    Revises: \n"
	"    Create Date: 2026-11-22 03:27:22.415066\n"
	"\n"
	"Rev: d002 (head) (current)\n"
	"Parent: d001\n"
	"Branch names: dl\n"
	"Path: /v/d002_dep_two.py\n"
	"\n"
	"    dep two\n"
	"    \n"
	"    Revision ID: d002\n"
	"    Revises: d001\n"
	"    Create Date: 2026-11-22 03:27:22.230706\n"
	"\n"
	"Rev: d001\n"
	"Parent: <base>\n"
	"Branch names: dl\n"
	"Path: /v/d001_dep_root.py\n"
	"\n"
	"    dep root\n"
	"    \n"
	"    Revision ID: d001\n"
	"    Revises: \n"
	"    Create Date: 2026-11-22 03:27:22.054162\n"
	"\n";
static const char ks_current[] = "d002 (effective head)\n"
				 "r007 (branchpoint) (mergepoint)\n";
static const char ks_current_v[] =
	"Current revision(s) for sqlite:////tmp/fmtw/ks.db:\n"
	"Rev: d002 (head)\n"
	"Parent: d001\n"
	"Branch names: dl\n"
	"Path: /v/d002_dep_two.py\n"
	"\n"
	"    dep two\n"
	"    \n"
	"    Revision ID: d002\n"
	"    Revises: d001\n"
	"    Create Date: 2026-11-22 03:27:22.230706\n"
	"\n"
	"Rev: r007 (branchpoint) (mergepoint)\n"
	"Merges: r06a, r06b\n"
	"Branches into: r08a, r08b\n"
	"Branch names: alpha, zeta\n"
	"Path: /v/r007_merge_and_branch.py\n"
	"\n"
	"    merge and branch\n"
	"    \n"
	"    Revision ID: r007\n"
	"    Revises: r06a, r06b\n"
	"    Create Date: 2026-11-22 03:27:23.690118\n"
	"\n";
static const char *const ks_order[] = {"r009", "r08a", "r08b", "r007", "r06a",
				       "r06b", "r005", "r004", "r003", "r002",
				       "r001", "d002", "d001"};
static const char ks_heads_json[] =
	"[\n"
	"  {\"revision\": \"d002\", \"down_revisions\": [\"d001\"], \"depen"
	"ds_on\": [], \"branch_labels\": [\"dl\"], \"declared_branch_labels"
	"\": [], \"children\": [], \"is_head\": true, \"is_real_head\": fal"
	"se, \"is_effective_head\": true, \"is_base\": false, \"is_branch_p"
	"oint\": false, \"is_merge_point\": false, \"doc\": \"dep two\", \""
	"longdoc\": \"dep two\\n\\nRevision ID: d002\\nRevises: d001\\nCrea"
	"te Date: 2026-11-22 03:27:22.230706\", \"path\": \"/v/d002_dep_two"
	".py\"},\n"
	"  {\"revision\": \"r009\", \"down_revisions\": [\"r08a\"], \"depen"
	"ds_on\": [], \"branch_labels\": [\"alpha\", \"zeta\"], \"declared_"
	"branch_labels\": [], \"children\": [], \"is_head\": true, \"is_rea"
	"l_head\": true, \"is_effective_head\": false, \"is_base\": false, "
	"\"is_branch_point\": false, \"is_merge_point\": false, \"doc\": \""
	"ctl\\ffeed\\u001dgs\\r\\ncrlf\xc2\x85nel\xe2\x80\xa8ls\\u000bvt\\r"
	"cr\", \"longdoc\": \"ctl\\ffeed\\u001dgs\\r\\ncrlf\xc2\x85nel\xe2"
	"\x80\xa8ls\\u000bvt\\rcr\\n\\nrest\", \"path\": \"/v/r009_ctl.py\""
	"},\n"
	"  {\"revision\": \"r08b\", \"down_revisions\": [\"r007\"], \"depen"
	"ds_on\": [], \"branch_labels\": [\"alpha\", \"bee\", \"zeta\"], \""
	"declared_branch_labels\": [\"bee\"], \"children\": [], \"is_head\""
	": true, \"is_real_head\": true, \"is_effective_head\": false, \"is"
	"_base\": false, \"is_branch_point\": false, \"is_merge_point\": fa"
	"lse, \"doc\": \"after b\", \"longdoc\": \"after b\\n\\nRevision ID"
	": r08b\\nRevises: r007\\nCreate Date: 2026-11-22 03:27:24.052731\""
	", \"path\": \"/v/r08b_after_b.py\"}\n"
	"]\n";
static const char ks_heads_r_json[] =
	"[\n"
	"  {\"revision\": \"r009\", \"down_revisions\": [\"r08a\"], \"depen"
	"ds_on\": [], \"branch_labels\": [\"alpha\", \"zeta\"], \"declared_"
	"branch_labels\": [], \"children\": [], \"is_head\": true, \"is_rea"
	"l_head\": true, \"is_effective_head\": false, \"is_base\": false, "
	"\"is_branch_point\": false, \"is_merge_point\": false, \"doc\": \""
	"ctl\\ffeed\\u001dgs\\r\\ncrlf\xc2\x85nel\xe2\x80\xa8ls\\u000bvt\\r"
	"cr\", \"longdoc\": \"ctl\\ffeed\\u001dgs\\r\\ncrlf\xc2\x85nel\xe2"
	"\x80\xa8ls\\u000bvt\\rcr\\n\\nrest\", \"path\": \"/v/r009_ctl.py\""
	"},\n"
	"  {\"revision\": \"r08b\", \"down_revisions\": [\"r007\"], \"depen"
	"ds_on\": [], \"branch_labels\": [\"alpha\", \"bee\", \"zeta\"], \""
	"declared_branch_labels\": [\"bee\"], \"children\": [], \"is_head\""
	": true, \"is_real_head\": true, \"is_effective_head\": false, \"is"
	"_base\": false, \"is_branch_point\": false, \"is_merge_point\": fa"
	"lse, \"doc\": \"after b\", \"longdoc\": \"after b\\n\\nRevision ID"
	": r08b\\nRevises: r007\\nCreate Date: 2026-11-22 03:27:24.052731\""
	", \"path\": \"/v/r08b_after_b.py\"}\n"
	"]\n";
static const char ks_history_json[] =
	"[\n"
	"  {\"revision\": \"r009\", \"down_revisions\": [\"r08a\"], \"depen"
	"ds_on\": [], \"branch_labels\": [\"alpha\", \"zeta\"], \"declared_"
	"branch_labels\": [], \"children\": [], \"is_head\": true, \"is_rea"
	"l_head\": true, \"is_effective_head\": false, \"is_base\": false, "
	"\"is_branch_point\": false, \"is_merge_point\": false, \"doc\": \""
	"ctl\\ffeed\\u001dgs\\r\\ncrlf\xc2\x85nel\xe2\x80\xa8ls\\u000bvt\\r"
	"cr\", \"longdoc\": \"ctl\\ffeed\\u001dgs\\r\\ncrlf\xc2\x85nel\xe2"
	"\x80\xa8ls\\u000bvt\\rcr\\n\\nrest\", \"path\": \"/v/r009_ctl.py\""
	"},\n"
	"  {\"revision\": \"r08a\", \"down_revisions\": [\"r007\"], \"depen"
	"ds_on\": [], \"branch_labels\": [\"alpha\", \"zeta\"], \"declared_"
	"branch_labels\": [], \"children\": [\"r009\"], \"is_head\": false,"
	" \"is_real_head\": false, \"is_effective_head\": false, \"is_base"
	"\": false, \"is_branch_point\": false, \"is_merge_point\": false, "
	"\"doc\": \"after a\", \"longdoc\": \"after a\\n\\nRevision ID: r08"
	"a\\nRevises: r007\\nCreate Date: 2026-11-22 03:27:23.871720\", \"p"
	"ath\": \"/v/r08a_after_a.py\"},\n"
	"  {\"revision\": \"r08b\", \"down_revisions\": [\"r007\"], \"depen"
	"ds_on\": [], \"branch_labels\": [\"alpha\", \"bee\", \"zeta\"], \""
	"declared_branch_labels\": [\"bee\"], \"children\": [], \"is_head\""
	": true, \"is_real_head\": true, \"is_effective_head\": false, \"is"
	"_base\": false, \"is_branch_point\": false, \"is_merge_point\": fa"
	"lse, \"doc\": \"after b\", \"longdoc\": \"after b\\n\\nRevision ID"
	": r08b\\nRevises: r007\\nCreate Date: 2026-11-22 03:27:24.052731\""
	", \"path\": \"/v/r08b_after_b.py\"},\n"
	"  {\"revision\": \"r007\", \"down_revisions\": [\"r06a\", \"r06b\""
	"], \"depends_on\": [], \"branch_labels\": [\"alpha\", \"zeta\"], "
	"\"declared_branch_labels\": [], \"children\": [\"r08a\", \"r08b\"]"
	", \"is_head\": false, \"is_real_head\": false, \"is_effective_head"
	"\": false, \"is_base\": false, \"is_branch_point\": true, \"is_mer"
	"ge_point\": true, \"doc\": \"merge and branch\", \"longdoc\": \"me"
	"rge and branch\\n\\nRevision ID: r007\\nRevises: r06a, r06b\\nCrea"
	"te Date: 2026-11-22 03:27:23.690118\", \"path\": \"/v/r007_merge_a"
	"nd_branch.py\"},\n"
	"  {\"revision\": \"r06a\", \"down_revisions\": [\"r005\"], \"depen"
	"ds_on\": [], \"branch_labels\": [\"alpha\", \"zeta\"], \"declared_"
	"branch_labels\": [], \"children\": [\"r007\"], \"is_head\": false,"
	" \"is_real_head\": false, \"is_effective_head\": false, \"is_base"
	"\": false, \"is_branch_point\": false, \"is_merge_point\": false, "
	"\"doc\": \"side a\", \"longdoc\": \"side a\\n\\nRevision ID: r06a"
	"\\nRevises: r005\\nCreate Date: 2026-11-22 03:27:23.318545\", \"pa"
	"th\": \"/v/r06a_side_a.py\"},\n"
	"  {\"revision\": \"r06b\", \"down_revisions\": [\"r005\"], \"depen"
	"ds_on\": [], \"branch_labels\": [\"alpha\", \"zeta\"], \"declared_"
	"branch_labels\": [], \"children\": [\"r007\"], \"is_head\": false,"
	" \"is_real_head\": false, \"is_effective_head\": false, \"is_base"
	"\": false, \"is_branch_point\": false, \"is_merge_point\": false, "
	"\"doc\": \"side b\", \"longdoc\": \"side b\\n\\nRevision ID: r06b"
	"\\nRevises: r005\\nCreate Date: 2026-11-22 03:27:23.504459\", \"pa"
	"th\": \"/v/r06b_side_b.py\"},\n"
	"  {\"revision\": \"r005\", \"down_revisions\": [\"r004\"], \"depen"
	"ds_on\": [\"d002\", \"dl\"], \"branch_labels\": [\"alpha\", \"zeta"
	"\"], \"declared_branch_labels\": [], \"children\": [\"r06a\", \"r0"
	"6b\"], \"is_head\": false, \"is_real_head\": false, \"is_effective"
	"_head\": false, \"is_base\": false, \"is_branch_point\": true, \"i"
	"s_merge_point\": false, \"doc\": \"deps; 100% caf\xc3\xa9 \xe2\x80"
	"\x94 \xc3\xbcn\xc3\xaf\", \"longdoc\": \"deps; 100% caf\xc3\xa9 "
	"\xe2\x80\x94 \xc3\xbcn\xc3\xaf\\n\\nRevision ID: r005\\nRevises: r"
	"004\\nCreate Date: 2026-11-22 03:27:23.135221\", \"path\": \"/v/r0"
	"05_deps_100_caf\xc3\xa9_\xc3\xbcn\xc3\xaf.py\"},\n"
	"  {\"revision\": \"r004\", \"down_revisions\": [\"r003\"], \"depen"
	"ds_on\": [], \"branch_labels\": [\"alpha\", \"zeta\"], \"declared_"
	"branch_labels\": [], \"children\": [\"r005\"], \"is_head\": false,"
	" \"is_real_head\": false, \"is_effective_head\": false, \"is_base"
	"\": false, \"is_branch_point\": false, \"is_merge_point\": false, "
	"\"doc\": \"multi line one\\nmulti line two\\n  indented\\t tab\", "
	"\"longdoc\": \"multi line one\\nmulti line two\\n  indented\\t tab"
	"\\n\\n   \\n\\npara three\\n\\n\\n\\nend\", \"path\": \"/v/r004_mu"
	"lti.py\"},\n"
	"  {\"revision\": \"r003\", \"down_revisions\": [\"r002\"], \"depen"
	"ds_on\": [], \"branch_labels\": [\"alpha\", \"zeta\"], \"declared_"
	"branch_labels\": [], \"children\": [\"r004\"], \"is_head\": false,"
	" \"is_real_head\": false, \"is_effective_head\": false, \"is_base"
	"\": false, \"is_branch_point\": false, \"is_merge_point\": false, "
	"\"doc\": \"\", \"longdoc\": \"\", \"path\": \"/v/r003_nodoc.py\"},\n"
	"  {\"revision\": \"r002\", \"down_revisions\": [\"r001\"], \"depen"
	"ds_on\": [], \"branch_labels\": [\"alpha\", \"zeta\"], \"declared_"
	"branch_labels\": [], \"children\": [\"r003\"], \"is_head\": false,"
	" \"is_real_head\": false, \"is_effective_head\": false, \"is_base"
	"\": false, \"is_branch_point\": false, \"is_merge_point\": false, "
	"\"doc\": \"Revision ID: r002\\nRevises: r001\\nCreate Date: 2026-1"
	"1-22 03:27:22.598027\", \"longdoc\": \"Revision ID: r002\\nRevises"
	": r001\\nCreate Date: 2026-11-22 03:27:22.598027\", \"path\": \"/v"
	"/r002_.py\"},\n"
	"  {\"revision\": \"r001\", \"down_revisions\": [], \"depends_on\":"
	" [], \"branch_labels\": [\"alpha\", \"zeta\"], \"declared_branch_l"
	"abels\": [\"zeta\", \"alpha\"], \"children\": [\"r002\"], \"is_hea"
	"d\": false, \"is_real_head\": false, \"is_effective_head\": false,"
	" \"is_base\": true, \"is_branch_point\": false, \"is_merge_point\""
	": false, \"doc\": \"first\", \"longdoc\": \"first\\n\\nRevision ID"
	": r001\\nRevises: \\nCreate Date: 2026-11-22 03:27:22.415066\", \""
	"path\": \"/v/r001_first.py\"},\n"
	"  {\"revision\": \"d002\", \"down_revisions\": [\"d001\"], \"depen"
	"ds_on\": [], \"branch_labels\": [\"dl\"], \"declared_branch_labels"
	"\": [], \"children\": [], \"is_head\": true, \"is_real_head\": fal"
	"se, \"is_effective_head\": true, \"is_base\": false, \"is_branch_p"
	"oint\": false, \"is_merge_point\": false, \"doc\": \"dep two\", \""
	"longdoc\": \"dep two\\n\\nRevision ID: d002\\nRevises: d001\\nCrea"
	"te Date: 2026-11-22 03:27:22.230706\", \"path\": \"/v/d002_dep_two"
	".py\"},\n"
	"  {\"revision\": \"d001\", \"down_revisions\": [], \"depends_on\":"
	" [], \"branch_labels\": [\"dl\"], \"declared_branch_labels\": [\"d"
	"l\"], \"children\": [\"d002\"], \"is_head\": false, \"is_real_head"
	"\": false, \"is_effective_head\": false, \"is_base\": true, \"is_b"
	"ranch_point\": false, \"is_merge_point\": false, \"doc\": \"dep ro"
	"ot\", \"longdoc\": \"dep root\\n\\nRevision ID: d001\\nRevises: \\"
	"nCreate Date: 2026-11-22 03:27:22.054162\", \"path\": \"/v/d001_de"
	"p_root.py\"}\n"
	"]\n";
static const char ks_branches_json[] =
	"[\n"
	"  {\"revision\": \"r007\", \"down_revisions\": [\"r06a\", \"r06b\""
	"], \"depends_on\": [], \"branch_labels\": [\"alpha\", \"zeta\"], "
	"\"declared_branch_labels\": [], \"children\": [\"r08a\", \"r08b\"]"
	", \"is_head\": false, \"is_real_head\": false, \"is_effective_head"
	"\": false, \"is_base\": false, \"is_branch_point\": true, \"is_mer"
	"ge_point\": true, \"doc\": \"merge and branch\", \"longdoc\": \"me"
	"rge and branch\\n\\nRevision ID: r007\\nRevises: r06a, r06b\\nCrea"
	"te Date: 2026-11-22 03:27:23.690118\", \"path\": \"/v/r007_merge_a"
	"nd_branch.py\"},\n"
	"  {\"revision\": \"r005\", \"down_revisions\": [\"r004\"], \"depen"
	"ds_on\": [\"d002\", \"dl\"], \"branch_labels\": [\"alpha\", \"zeta"
	"\"], \"declared_branch_labels\": [], \"children\": [\"r06a\", \"r0"
	"6b\"], \"is_head\": false, \"is_real_head\": false, \"is_effective"
	"_head\": false, \"is_base\": false, \"is_branch_point\": true, \"i"
	"s_merge_point\": false, \"doc\": \"deps; 100% caf\xc3\xa9 \xe2\x80"
	"\x94 \xc3\xbcn\xc3\xaf\", \"longdoc\": \"deps; 100% caf\xc3\xa9 "
	"\xe2\x80\x94 \xc3\xbcn\xc3\xaf\\n\\nRevision ID: r005\\nRevises: r"
	"004\\nCreate Date: 2026-11-22 03:27:23.135221\", \"path\": \"/v/r0"
	"05_deps_100_caf\xc3\xa9_\xc3\xbcn\xc3\xaf.py\"}\n"
	"]\n";
static const char ks_history_i_json[] =
	"[\n"
	"  {\"revision\": \"r009\", \"down_revisions\": [\"r08a\"], \"depen"
	"ds_on\": [], \"branch_labels\": [\"alpha\", \"zeta\"], \"declared_"
	"branch_labels\": [], \"children\": [], \"is_head\": true, \"is_rea"
	"l_head\": true, \"is_effective_head\": false, \"is_base\": false, "
	"\"is_branch_point\": false, \"is_merge_point\": false, \"doc\": \""
	"ctl\\ffeed\\u001dgs\\r\\ncrlf\xc2\x85nel\xe2\x80\xa8ls\\u000bvt\\r"
	"cr\", \"longdoc\": \"ctl\\ffeed\\u001dgs\\r\\ncrlf\xc2\x85nel\xe2"
	"\x80\xa8ls\\u000bvt\\rcr\\n\\nrest\", \"path\": \"/v/r009_ctl.py\""
	", \"is_current\": false},\n"
	"  {\"revision\": \"r08a\", \"down_revisions\": [\"r007\"], \"depen"
	"ds_on\": [], \"branch_labels\": [\"alpha\", \"zeta\"], \"declared_"
	"branch_labels\": [], \"children\": [\"r009\"], \"is_head\": false,"
	" \"is_real_head\": false, \"is_effective_head\": false, \"is_base"
	"\": false, \"is_branch_point\": false, \"is_merge_point\": false, "
	"\"doc\": \"after a\", \"longdoc\": \"after a\\n\\nRevision ID: r08"
	"a\\nRevises: r007\\nCreate Date: 2026-11-22 03:27:23.871720\", \"p"
	"ath\": \"/v/r08a_after_a.py\", \"is_current\": false},\n"
	"  {\"revision\": \"r08b\", \"down_revisions\": [\"r007\"], \"depen"
	"ds_on\": [], \"branch_labels\": [\"alpha\", \"bee\", \"zeta\"], \""
	"declared_branch_labels\": [\"bee\"], \"children\": [], \"is_head\""
	": true, \"is_real_head\": true, \"is_effective_head\": false, \"is"
	"_base\": false, \"is_branch_point\": false, \"is_merge_point\": fa"
	"lse, \"doc\": \"after b\", \"longdoc\": \"after b\\n\\nRevision ID"
	": r08b\\nRevises: r007\\nCreate Date: 2026-11-22 03:27:24.052731\""
	", \"path\": \"/v/r08b_after_b.py\", \"is_current\": false},\n"
	"  {\"revision\": \"r007\", \"down_revisions\": [\"r06a\", \"r06b\""
	"], \"depends_on\": [], \"branch_labels\": [\"alpha\", \"zeta\"], "
	"\"declared_branch_labels\": [], \"children\": [\"r08a\", \"r08b\"]"
	", \"is_head\": false, \"is_real_head\": false, \"is_effective_head"
	"\": false, \"is_base\": false, \"is_branch_point\": true, \"is_mer"
	"ge_point\": true, \"doc\": \"merge and branch\", \"longdoc\": \"me"
	"rge and branch\\n\\nRevision ID: r007\\nRevises: r06a, r06b\\nCrea"
	"te Date: 2026-11-22 03:27:23.690118\", \"path\": \"/v/r007_merge_a"
	"nd_branch.py\", \"is_current\": true},\n"
	"  {\"revision\": \"r06a\", \"down_revisions\": [\"r005\"], \"depen"
	"ds_on\": [], \"branch_labels\": [\"alpha\", \"zeta\"], \"declared_"
	"branch_labels\": [], \"children\": [\"r007\"], \"is_head\": false,"
	" \"is_real_head\": false, \"is_effective_head\": false, \"is_base"
	"\": false, \"is_branch_point\": false, \"is_merge_point\": false, "
	"\"doc\": \"side a\", \"longdoc\": \"side a\\n\\nRevision ID: r06a"
	"\\nRevises: r005\\nCreate Date: 2026-11-22 03:27:23.318545\", \"pa"
	"th\": \"/v/r06a_side_a.py\", \"is_current\": false},\n"
	"  {\"revision\": \"r06b\", \"down_revisions\": [\"r005\"], \"depen"
	"ds_on\": [], \"branch_labels\": [\"alpha\", \"zeta\"], \"declared_"
	"branch_labels\": [], \"children\": [\"r007\"], \"is_head\": false,"
	" \"is_real_head\": false, \"is_effective_head\": false, \"is_base"
	"\": false, \"is_branch_point\": false, \"is_merge_point\": false, "
	"\"doc\": \"side b\", \"longdoc\": \"side b\\n\\nRevision ID: r06b"
	"\\nRevises: r005\\nCreate Date: 2026-11-22 03:27:23.504459\", \"pa"
	"th\": \"/v/r06b_side_b.py\", \"is_current\": false},\n"
	"  {\"revision\": \"r005\", \"down_revisions\": [\"r004\"], \"depen"
	"ds_on\": [\"d002\", \"dl\"], \"branch_labels\": [\"alpha\", \"zeta"
	"\"], \"declared_branch_labels\": [], \"children\": [\"r06a\", \"r0"
	"6b\"], \"is_head\": false, \"is_real_head\": false, \"is_effective"
	"_head\": false, \"is_base\": false, \"is_branch_point\": true, \"i"
	"s_merge_point\": false, \"doc\": \"deps; 100% caf\xc3\xa9 \xe2\x80"
	"\x94 \xc3\xbcn\xc3\xaf\", \"longdoc\": \"deps; 100% caf\xc3\xa9 "
	"\xe2\x80\x94 \xc3\xbcn\xc3\xaf\\n\\nRevision ID: r005\\nRevises: r"
	"004\\nCreate Date: 2026-11-22 03:27:23.135221\", \"path\": \"/v/r0"
	"05_deps_100_caf\xc3\xa9_\xc3\xbcn\xc3\xaf.py\", \"is_current\": fa"
	"lse},\n"
	"  {\"revision\": \"r004\", \"down_revisions\": [\"r003\"], \"depen"
	"ds_on\": [], \"branch_labels\": [\"alpha\", \"zeta\"], \"declared_"
	"branch_labels\": [], \"children\": [\"r005\"], \"is_head\": false,"
	" \"is_real_head\": false, \"is_effective_head\": false, \"is_base"
	"\": false, \"is_branch_point\": false, \"is_merge_point\": false, "
	"\"doc\": \"multi line one\\nmulti line two\\n  indented\\t tab\", "
	"\"longdoc\": \"multi line one\\nmulti line two\\n  indented\\t tab"
	"\\n\\n   \\n\\npara three\\n\\n\\n\\nend\", \"path\": \"/v/r004_mu"
	"lti.py\", \"is_current\": false},\n"
	"  {\"revision\": \"r003\", \"down_revisions\": [\"r002\"], \"depen"
	"ds_on\": [], \"branch_labels\": [\"alpha\", \"zeta\"], \"declared_"
	"branch_labels\": [], \"children\": [\"r004\"], \"is_head\": false,"
	" \"is_real_head\": false, \"is_effective_head\": false, \"is_base"
	"\": false, \"is_branch_point\": false, \"is_merge_point\": false, "
	"\"doc\": \"\", \"longdoc\": \"\", \"path\": \"/v/r003_nodoc.py\", "
	"\"is_current\": false},\n"
	"  {\"revision\": \"r002\", \"down_revisions\": [\"r001\"], \"depen"
	"ds_on\": [], \"branch_labels\": [\"alpha\", \"zeta\"], \"declared_"
	"branch_labels\": [], \"children\": [\"r003\"], \"is_head\": false,"
	" \"is_real_head\": false, \"is_effective_head\": false, \"is_base"
	"\": false, \"is_branch_point\": false, \"is_merge_point\": false, "
	"\"doc\": \"Revision ID: r002\\nRevises: r001\\nCreate Date: 2026-1"
	"1-22 03:27:22.598027\", \"longdoc\": \"Revision ID: r002\\nRevises"
	": r001\\nCreate Date: 2026-11-22 03:27:22.598027\", \"path\": \"/v"
	"/r002_.py\", \"is_current\": false},\n"
	"  {\"revision\": \"r001\", \"down_revisions\": [], \"depends_on\":"
	" [], \"branch_labels\": [\"alpha\", \"zeta\"], \"declared_branch_l"
	"abels\": [\"zeta\", \"alpha\"], \"children\": [\"r002\"], \"is_hea"
	"d\": false, \"is_real_head\": false, \"is_effective_head\": false,"
	" \"is_base\": true, \"is_branch_point\": false, \"is_merge_point\""
	": false, \"doc\": \"first\", \"longdoc\": \"first\\n\\nRevision ID"
	": r001\\nRevises: \\nCreate Date: 2026-11-22 03:27:22.415066\", \""
	"path\": \"/v/r001_first.py\", \"is_current\": false},\n"
	"  {\"revision\": \"d002\", \"down_revisions\": [\"d001\"], \"depen"
	"ds_on\": [], \"branch_labels\": [\"dl\"], \"declared_branch_labels"
	"\": [], \"children\": [], \"is_head\": true, \"is_real_head\": fal"
	"se, \"is_effective_head\": true, \"is_base\": false, \"is_branch_p"
	"oint\": false, \"is_merge_point\": false, \"doc\": \"dep two\", \""
	"longdoc\": \"dep two\\n\\nRevision ID: d002\\nRevises: d001\\nCrea"
	"te Date: 2026-11-22 03:27:22.230706\", \"path\": \"/v/d002_dep_two"
	".py\", \"is_current\": true},\n"
	"  {\"revision\": \"d001\", \"down_revisions\": [], \"depends_on\":"
	" [], \"branch_labels\": [\"dl\"], \"declared_branch_labels\": [\"d"
	"l\"], \"children\": [\"d002\"], \"is_head\": false, \"is_real_head"
	"\": false, \"is_effective_head\": false, \"is_base\": true, \"is_b"
	"ranch_point\": false, \"is_merge_point\": false, \"doc\": \"dep ro"
	"ot\", \"longdoc\": \"dep root\\n\\nRevision ID: d001\\nRevises: \\"
	"nCreate Date: 2026-11-22 03:27:22.054162\", \"path\": \"/v/d001_de"
	"p_root.py\", \"is_current\": false}\n"
	"]\n";
static const char ks_current_json[] =
	"[\n"
	"  {\"revision\": \"d002\", \"down_revisions\": [\"d001\"], \"depen"
	"ds_on\": [], \"branch_labels\": [\"dl\"], \"declared_branch_labels"
	"\": [], \"children\": [], \"is_head\": true, \"is_real_head\": fal"
	"se, \"is_effective_head\": true, \"is_base\": false, \"is_branch_p"
	"oint\": false, \"is_merge_point\": false, \"doc\": \"dep two\", \""
	"longdoc\": \"dep two\\n\\nRevision ID: d002\\nRevises: d001\\nCrea"
	"te Date: 2026-11-22 03:27:22.230706\", \"path\": \"/v/d002_dep_two"
	".py\"},\n"
	"  {\"revision\": \"r007\", \"down_revisions\": [\"r06a\", \"r06b\""
	"], \"depends_on\": [], \"branch_labels\": [\"alpha\", \"zeta\"], "
	"\"declared_branch_labels\": [], \"children\": [\"r08a\", \"r08b\"]"
	", \"is_head\": false, \"is_real_head\": false, \"is_effective_head"
	"\": false, \"is_base\": false, \"is_branch_point\": true, \"is_mer"
	"ge_point\": true, \"doc\": \"merge and branch\", \"longdoc\": \"me"
	"rge and branch\\n\\nRevision ID: r007\\nRevises: r06a, r06b\\nCrea"
	"te Date: 2026-11-22 03:27:23.690118\", \"path\": \"/v/r007_merge_a"
	"nd_branch.py\"}\n"
	"]\n";
/* mrg: records in discovery order (sorted file names). */
static const char *const mrg_bbb002_down[] = {"aaa001"};
static const char *const mrg_ccc003_down[] = {"bbb002"};
static const char *const mrg_ddd004_down[] = {"ccc003"};
static const char *const mrg_eee005_down[] = {"bbb002"};
static const char *const mrg_fff006_down[] = {"ddd004", "eee005"};
static const char *const mrg_ggg007_down[] = {"fff006"};
static const struct rg_record mrg_recs[] = {
	{"aaa001", NULL, 0, NULL, 0, NULL, 0, "/v/aaa001_a_base.py", 0,
	 "A base\n"
	 "\n"
	 "Revision ID: aaa001\n"
	 "Revises: \n"
	 "Create Date: 2026-11-22 03:27:05.273175",
	 NULL},
	{"bbb002", mrg_bbb002_down, 1, NULL, 0, NULL, 0,
	 "/v/bbb002_b_branchpoint.py", 0,
	 "B branchpoint\n"
	 "\n"
	 "Revision ID: bbb002\n"
	 "Revises: aaa001\n"
	 "Create Date: 2026-11-22 03:27:05.454771",
	 NULL},
	{"ccc003", mrg_ccc003_down, 1, NULL, 0, NULL, 0,
	 "/v/ccc003_c1_on_branch_one.py", 0,
	 "C1 on branch one\n"
	 "\n"
	 "Revision ID: ccc003\n"
	 "Revises: bbb002\n"
	 "Create Date: 2026-11-22 03:27:05.636275",
	 NULL},
	{"ddd004", mrg_ddd004_down, 1, NULL, 0, NULL, 0,
	 "/v/ddd004_d1_on_branch_one.py", 0,
	 "D1 on branch one\n"
	 "\n"
	 "Revision ID: ddd004\n"
	 "Revises: ccc003\n"
	 "Create Date: 2026-11-22 03:27:05.822720",
	 NULL},
	{"eee005", mrg_eee005_down, 1, NULL, 0, NULL, 0,
	 "/v/eee005_c2_on_branch_two.py", 0,
	 "C2 on branch two\n"
	 "\n"
	 "Revision ID: eee005\n"
	 "Revises: bbb002\n"
	 "Create Date: 2026-11-22 03:27:06.016662",
	 NULL},
	{"fff006", mrg_fff006_down, 2, NULL, 0, NULL, 0,
	 "/v/fff006_merge_branches.py", 0,
	 "merge branches\n"
	 "\n"
	 "Revision ID: fff006\n"
	 "Revises: ddd004, eee005\n"
	 "Create Date: 2026-11-22 03:27:11.228038",
	 NULL},
	{"ggg007", mrg_ggg007_down, 1, NULL, 0, NULL, 0,
	 "/v/ggg007_after_merge.py", 0,
	 "after merge\n"
	 "\n"
	 "Revision ID: ggg007\n"
	 "Revises: fff006\n"
	 "Create Date: 2026-11-22 03:27:11.443350",
	 NULL},
};
static const char mrg_history[] =
	"fff006 -> ggg007 (head), after merge\n"
	"ddd004, eee005 -> fff006 (mergepoint), merge branches\n"
	"ccc003 -> ddd004, D1 on branch one\n"
	"bbb002 -> ccc003, C1 on branch one\n"
	"bbb002 -> eee005, C2 on branch two\n"
	"aaa001 -> bbb002 (branchpoint), B branchpoint\n"
	"<base> -> aaa001, A base\n";
static const char mrg_history_v[] =
	"Rev: ggg007 (head)\n"
	"Parent: fff006\n"
	"Path: /v/ggg007_after_merge.py\n"
	"\n"
	"    after merge\n"
	"    \n"
	"    Revision ID: ggg007\n"
	"    Revises: fff006\n"
	"    Create Date: 2026-11-22 03:27:11.443350\n"
	"\n"
	"Rev: fff006 (mergepoint)\n"
	"Merges: ddd004, eee005\n"
	"Path: /v/fff006_merge_branches.py\n"
	"\n"
	"    merge branches\n"
	"    \n"
	"    Revision ID: fff006\n"
	"    Revises: ddd004, eee005\n"
	"    Create Date: 2026-11-22 03:27:11.228038\n"
	"\n"
	"Rev: ddd004\n"
	"Parent: ccc003\n"
	"Path: /v/ddd004_d1_on_branch_one.py\n"
	"\n"
	"    D1 on branch one\n"
	"    \n"
	"    Revision ID: ddd004\n"
	"    Revises: ccc003\n"
	"    Create Date: 2026-11-22 03:27:05.822720\n"
	"\n"
	"Rev: ccc003\n"
	"Parent: bbb002\n"
	"Path: /v/ccc003_c1_on_branch_one.py\n"
	"\n"
	"    C1 on branch one\n"
	"    \n"
	"    Revision ID: ccc003\n"
	"    Revises: bbb002\n"
	"    Create Date: 2026-11-22 03:27:05.636275\n"
	"\n"
	"Rev: eee005\n"
	"Parent: bbb002\n"
	"Path: /v/eee005_c2_on_branch_two.py\n"
	"\n"
	"    C2 on branch two\n"
	"    \n"
	"    Revision ID: eee005\n"
	"    Revises: bbb002\n"
	"    Create Date: 2026-11-22 03:27:06.016662\n"
	"\n"
	"Rev: bbb002 (branchpoint)\n"
	"Parent: aaa001\n"
	"Branches into: ccc003, eee005\n"
	"Path: /v/bbb002_b_branchpoint.py\n"
	"\n"
	"    B branchpoint\n"
	"    \n"
	"    Revision ID: bbb002\n"
	"    Revises: aaa001\n"
	"    Create Date: 2026-11-22 03:27:05.454771\n"
	"\n"
	"Rev: aaa001\n"
	"Parent: <base>\n"
	"Path: /v/aaa001_a_base.py\n"
	"\n"
	"    A base\n"
	"    \n"
	"    Revision ID: aaa001\n"
	"    Revises: \n"
	"    Create Date: 2026-11-22 03:27:05.273175\n"
	"\n";
static const char mrg_branches_v[] =
	"Rev: bbb002 (branchpoint)\n"
	"Parent: aaa001\n"
	"Branches into: ccc003, eee005\n"
	"Path: /v/bbb002_b_branchpoint.py\n"
	"\n"
	"    B branchpoint\n"
	"    \n"
	"    Revision ID: bbb002\n"
	"    Revises: aaa001\n"
	"    Create Date: 2026-11-22 03:27:05.454771\n"
	"\n"
	"       -> ccc003, C1 on branch one\n"
	"       -> eee005, C2 on branch two\n"
	"\n";
static const char mrg_show[] = "Rev: fff006 (mergepoint)\n"
			       "Merges: ddd004, eee005\n"
			       "Path: /v/fff006_merge_branches.py\n"
			       "\n"
			       "    merge branches\n"
			       "    \n"
			       "    Revision ID: fff006\n"
			       "    Revises: ddd004, eee005\n"
			       "    Create Date: 2026-11-22 03:27:11.228038\n"
			       "\n";
static const char *const mrg_order[] = {"ggg007", "fff006", "ddd004", "ccc003",
					"eee005", "bbb002", "aaa001"};
static const char mrg_heads_json[] =
	"[\n"
	"  {\"revision\": \"ggg007\", \"down_revisions\": [\"fff006\"], \"d"
	"epends_on\": [], \"branch_labels\": [], \"declared_branch_labels\""
	": [], \"children\": [], \"is_head\": true, \"is_real_head\": true,"
	" \"is_effective_head\": false, \"is_base\": false, \"is_branch_poi"
	"nt\": false, \"is_merge_point\": false, \"doc\": \"after merge\", "
	"\"longdoc\": \"after merge\\n\\nRevision ID: ggg007\\nRevises: fff"
	"006\\nCreate Date: 2026-11-22 03:27:11.443350\", \"path\": \"/v/gg"
	"g007_after_merge.py\"}\n"
	"]\n";
static const char mrg_heads_r_json[] =
	"[\n"
	"  {\"revision\": \"ggg007\", \"down_revisions\": [\"fff006\"], \"d"
	"epends_on\": [], \"branch_labels\": [], \"declared_branch_labels\""
	": [], \"children\": [], \"is_head\": true, \"is_real_head\": true,"
	" \"is_effective_head\": false, \"is_base\": false, \"is_branch_poi"
	"nt\": false, \"is_merge_point\": false, \"doc\": \"after merge\", "
	"\"longdoc\": \"after merge\\n\\nRevision ID: ggg007\\nRevises: fff"
	"006\\nCreate Date: 2026-11-22 03:27:11.443350\", \"path\": \"/v/gg"
	"g007_after_merge.py\"}\n"
	"]\n";
static const char mrg_history_json[] =
	"[\n"
	"  {\"revision\": \"ggg007\", \"down_revisions\": [\"fff006\"], \"d"
	"epends_on\": [], \"branch_labels\": [], \"declared_branch_labels\""
	": [], \"children\": [], \"is_head\": true, \"is_real_head\": true,"
	" \"is_effective_head\": false, \"is_base\": false, \"is_branch_poi"
	"nt\": false, \"is_merge_point\": false, \"doc\": \"after merge\", "
	"\"longdoc\": \"after merge\\n\\nRevision ID: ggg007\\nRevises: fff"
	"006\\nCreate Date: 2026-11-22 03:27:11.443350\", \"path\": \"/v/gg"
	"g007_after_merge.py\"},\n"
	"  {\"revision\": \"fff006\", \"down_revisions\": [\"ddd004\", \"ee"
	"e005\"], \"depends_on\": [], \"branch_labels\": [], \"declared_bra"
	"nch_labels\": [], \"children\": [\"ggg007\"], \"is_head\": false, "
	"\"is_real_head\": false, \"is_effective_head\": false, \"is_base\""
	": false, \"is_branch_point\": false, \"is_merge_point\": true, \"d"
	"oc\": \"merge branches\", \"longdoc\": \"merge branches\\n\\nRevis"
	"ion ID: fff006\\nRevises: ddd004, eee005\\nCreate Date: 2026-11-22"
	" 03:27:11.228038\", \"path\": \"/v/fff006_merge_branches.py\"},\n"
	"  {\"revision\": \"ddd004\", \"down_revisions\": [\"ccc003\"], \"d"
	"epends_on\": [], \"branch_labels\": [], \"declared_branch_labels\""
	": [], \"children\": [\"fff006\"], \"is_head\": false, \"is_real_he"
	"ad\": false, \"is_effective_head\": false, \"is_base\": false, \"i"
	"s_branch_point\": false, \"is_merge_point\": false, \"doc\": \"D1 "
	"on branch one\", \"longdoc\": \"D1 on branch one\\n\\nRevision ID:"
	" ddd004\\nRevises: ccc003\\nCreate Date: 2026-11-22 03:27:05.82272"
	"0\", \"path\": \"/v/ddd004_d1_on_branch_one.py\"},\n"
	"  {\"revision\": \"ccc003\", \"down_revisions\": [\"bbb002\"], \"d"
	"epends_on\": [], \"branch_labels\": [], \"declared_branch_labels\""
	": [], \"children\": [\"ddd004\"], \"is_head\": false, \"is_real_he"
	"ad\": false, \"is_effective_head\": false, \"is_base\": false, \"i"
	"s_branch_point\": false, \"is_merge_point\": false, \"doc\": \"C1 "
	"on branch one\", \"longdoc\": \"C1 on branch one\\n\\nRevision ID:"
	" ccc003\\nRevises: bbb002\\nCreate Date: 2026-11-22 03:27:05.63627"
	"5\", \"path\": \"/v/ccc003_c1_on_branch_one.py\"},\n"
	"  {\"revision\": \"eee005\", \"down_revisions\": [\"bbb002\"], \"d"
	"epends_on\": [], \"branch_labels\": [], \"declared_branch_labels\""
	": [], \"children\": [\"fff006\"], \"is_head\": false, \"is_real_he"
	"ad\": false, \"is_effective_head\": false, \"is_base\": false, \"i"
	"s_branch_point\": false, \"is_merge_point\": false, \"doc\": \"C2 "
	"on branch two\", \"longdoc\": \"C2 on branch two\\n\\nRevision ID:"
	" eee005\\nRevises: bbb002\\nCreate Date: 2026-11-22 03:27:06.01666"
	"2\", \"path\": \"/v/eee005_c2_on_branch_two.py\"},\n"
	"  {\"revision\": \"bbb002\", \"down_revisions\": [\"aaa001\"], \"d"
	"epends_on\": [], \"branch_labels\": [], \"declared_branch_labels\""
	": [], \"children\": [\"ccc003\", \"eee005\"], \"is_head\": false, "
	"\"is_real_head\": false, \"is_effective_head\": false, \"is_base\""
	": false, \"is_branch_point\": true, \"is_merge_point\": false, \"d"
	"oc\": \"B branchpoint\", \"longdoc\": \"B branchpoint\\n\\nRevisio"
	"n ID: bbb002\\nRevises: aaa001\\nCreate Date: 2026-11-22 03:27:05."
	"454771\", \"path\": \"/v/bbb002_b_branchpoint.py\"},\n"
	"  {\"revision\": \"aaa001\", \"down_revisions\": [], \"depends_on"
	"\": [], \"branch_labels\": [], \"declared_branch_labels\": [], \"c"
	"hildren\": [\"bbb002\"], \"is_head\": false, \"is_real_head\": fal"
	"se, \"is_effective_head\": false, \"is_base\": true, \"is_branch_p"
	"oint\": false, \"is_merge_point\": false, \"doc\": \"A base\", \"l"
	"ongdoc\": \"A base\\n\\nRevision ID: aaa001\\nRevises: \\nCreate D"
	"ate: 2026-11-22 03:27:05.273175\", \"path\": \"/v/aaa001_a_base.py"
	"\"}\n"
	"]\n";
static const char mrg_branches_json[] =
	"[\n"
	"  {\"revision\": \"bbb002\", \"down_revisions\": [\"aaa001\"], \"d"
	"epends_on\": [], \"branch_labels\": [], \"declared_branch_labels\""
	": [], \"children\": [\"ccc003\", \"eee005\"], \"is_head\": false, "
	"\"is_real_head\": false, \"is_effective_head\": false, \"is_base\""
	": false, \"is_branch_point\": true, \"is_merge_point\": false, \"d"
	"oc\": \"B branchpoint\", \"longdoc\": \"B branchpoint\\n\\nRevisio"
	"n ID: bbb002\\nRevises: aaa001\\nCreate Date: 2026-11-22 03:27:05."
	"454771\", \"path\": \"/v/bbb002_b_branchpoint.py\"}\n"
	"]\n";

/* ---- helpers ---- */

static struct rg_graph *build(const struct rg_record *recs, size_t n)
{
	struct rg_error err = RG_ERROR_INIT;
	struct rg_graph *g = NULL;
	int rc = rg_graph_build(recs, n, &g, &err);

	if (rc < 0)
		fprintf(stderr, "rg_graph_build: %d %s\n", rc, err.msg);
	CHECK_INT(rc, 0);
	return g;
}

/* Look up ids[0..n) in g; out must hold n pointers.  0 if one is missing. */
static int lookup(const struct rg_graph *g, const char *const *ids, size_t n,
		  const struct rg_rev **out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		out[i] = rg_graph_get(g, ids[i]);
		if (!out[i]) {
			fprintf(stderr, "no revision %s\n", ids[i]);
			return 0;
		}
	}
	return 1;
}

/* The expected text of `current -v`, without the caller's header line. */
static const char *skip_line(const char *s)
{
	return strchr(s, '\n') + 1;
}

static const char *const ks_rows[] = {"r007", "d002"};

/* ---- tests ---- */

static void test_fmt__heads(void)
{
	struct rg_graph *g = build(ks_recs, COUNT(ks_recs));
	struct rg_buf b = RG_BUF_INIT;

	if (!g)
		return;
	rg_fmt_heads(&b, g, 0, 0);
	CHECK_STR(b.buf, ks_heads);
	rg_buf_reset(&b);
	rg_fmt_heads(&b, g, 1, 0);
	CHECK_STR(b.buf, ks_heads_v);
	rg_buf_reset(&b);
	rg_fmt_heads(&b, g, 0, 1);
	CHECK_STR(b.buf, ks_heads_r);
	CHECK(!rg_buf_oom(&b));
	rg_buf_release(&b);
	rg_graph_free(g);
}

static void test_fmt__branches(void)
{
	struct rg_graph *g = build(ks_recs, COUNT(ks_recs));
	const struct rg_rev *order[COUNT(ks_order)];
	struct rg_buf b = RG_BUF_INIT;

	if (!g || !lookup(g, ks_order, COUNT(ks_order), order))
		goto out;
	rg_fmt_branches(&b, order, COUNT(order), 0);
	CHECK_STR(b.buf, ks_branches);
	rg_buf_reset(&b);
	rg_fmt_branches(&b, order, COUNT(order), 1);
	CHECK_STR(b.buf, ks_branches_v);
	rg_buf_reset(&b);
	rg_fmt_branches(&b, order, 0, 1);
	CHECK_STR(b.buf, "");
out:
	rg_buf_release(&b);
	rg_graph_free(g);
}

static void test_fmt__branches_merge(void)
{
	struct rg_graph *g = build(mrg_recs, COUNT(mrg_recs));
	const struct rg_rev *order[COUNT(mrg_order)];
	struct rg_buf b = RG_BUF_INIT;

	if (!g || !lookup(g, mrg_order, COUNT(mrg_order), order))
		goto out;
	rg_fmt_branches(&b, order, COUNT(order), 1);
	CHECK_STR(b.buf, mrg_branches_v);
out:
	rg_buf_release(&b);
	rg_graph_free(g);
}

static void test_fmt__history(void)
{
	struct rg_graph *g = build(ks_recs, COUNT(ks_recs));
	const struct rg_rev *order[COUNT(ks_order)];
	struct rg_buf b = RG_BUF_INIT;

	if (!g || !lookup(g, ks_order, COUNT(ks_order), order))
		goto out;
	rg_fmt_history(&b, order, COUNT(order), 0, NULL, 0);
	CHECK_STR(b.buf, ks_history);
	rg_buf_reset(&b);
	rg_fmt_history(&b, order, COUNT(order), 1, NULL, 0);
	CHECK_STR(b.buf, ks_history_v);
	rg_buf_reset(&b);
	rg_fmt_history(&b, order, COUNT(order), 0, ks_rows, COUNT(ks_rows));
	CHECK_STR(b.buf, ks_history_i);
	rg_buf_reset(&b);
	rg_fmt_history(&b, order, COUNT(order), 1, ks_rows, COUNT(ks_rows));
	CHECK_STR(b.buf, ks_history_iv);
out:
	rg_buf_release(&b);
	rg_graph_free(g);
}

static void test_fmt__history_merge(void)
{
	struct rg_graph *g = build(mrg_recs, COUNT(mrg_recs));
	const struct rg_rev *order[COUNT(mrg_order)];
	struct rg_buf b = RG_BUF_INIT;

	if (!g || !lookup(g, mrg_order, COUNT(mrg_order), order))
		goto out;
	rg_fmt_history(&b, order, COUNT(order), 0, NULL, 0);
	CHECK_STR(b.buf, mrg_history);
	rg_buf_reset(&b);
	rg_fmt_history(&b, order, COUNT(order), 1, NULL, 0);
	CHECK_STR(b.buf, mrg_history_v);
out:
	rg_buf_release(&b);
	rg_graph_free(g);
}

static void test_fmt__current(void)
{
	struct rg_graph *g = build(ks_recs, COUNT(ks_recs));
	const struct rg_rev *tips[COUNT(ks_rows)];
	struct rg_buf b = RG_BUF_INIT;

	/* ks_rows is r007, d002: the output must come out sorted. */
	if (!g || !lookup(g, ks_rows, COUNT(ks_rows), tips))
		goto out;
	rg_fmt_current(&b, tips, COUNT(tips), 0);
	CHECK_STR(b.buf, ks_current);
	rg_buf_reset(&b);
	rg_fmt_current(&b, tips, COUNT(tips), 1);
	CHECK_STR(b.buf, skip_line(ks_current_v));
	rg_buf_reset(&b);
	rg_fmt_current(&b, tips, 0, 1);
	CHECK_STR(b.buf, "");
	CHECK(!rg_buf_oom(&b));
out:
	rg_buf_release(&b);
	rg_graph_free(g);
}

static void test_fmt__show(void)
{
	struct rg_graph *g = build(mrg_recs, COUNT(mrg_recs));
	const struct rg_rev *r;
	struct rg_buf b = RG_BUF_INIT;

	if (!g)
		return;
	r = rg_graph_get(g, "fff006");
	CHECK(r != NULL);
	if (r) {
		rg_fmt_show(&b, &r, 1);
		CHECK_STR(b.buf, mrg_show);
	}
	rg_buf_release(&b);
	rg_graph_free(g);
}

/* The short form's parts one by one (Alembic: Script._head_only). */
static void test_fmt__short(void)
{
	struct rg_graph *g = build(ks_recs, COUNT(ks_recs));
	struct rg_buf b = RG_BUF_INIT;
	const struct rg_rev *r007, *r005, *d002, *r002;

	if (!g)
		return;
	r007 = rg_graph_get(g, "r007");
	r005 = rg_graph_get(g, "r005");
	d002 = rg_graph_get(g, "d002");
	r002 = rg_graph_get(g, "r002");
	if (!r007 || !r005 || !d002 || !r002)
		goto out;
	rg_fmt_short(&b, r007, 0);
	CHECK_STR(b.buf, "r007");
	rg_buf_reset(&b);
	/* `current`: no labels; (current) sits before the tree markers */
	rg_fmt_short(&b, r007, RG_FMT_TREE | RG_FMT_CURRENT);
	CHECK_STR(b.buf, "r007 (current) (branchpoint) (mergepoint)");
	rg_buf_reset(&b);
	/* `heads`: labels, head markers, never tree markers */
	rg_fmt_short(&b, d002, RG_FMT_LABELS);
	CHECK_STR(b.buf, "d002 (dl) (effective head)");
	rg_buf_reset(&b);
	rg_fmt_short(&b, r005, RG_FMT_HISTORY);
	CHECK_STR(b.buf,
		  "r004 (d002, dl) -> r005 (alpha, zeta) (branchpoint), "
		  "deps; 100% caf\xc3\xa9 \xe2\x80\x94 \xc3\xbcn\xc3\xaf");
	rg_buf_reset(&b);
	/* an empty first paragraph: the doc is the next three lines */
	rg_fmt_short(&b, r002, RG_FMT_HISTORY);
	CHECK_STR(b.buf, "r001 -> r002 (alpha, zeta), Revision ID: r002\n"
			 "Revises: r001\n"
			 "Create Date: 2026-11-22 03:27:22.598027");
out:
	rg_buf_release(&b);
	rg_graph_free(g);
}

/*
 * Log entries of hand-made revisions: Python's splitlines() drops a final
 * line break, and an empty longdoc gives three empty lines after Path:.
 */
static void test_fmt__log_entry_doc_edges(void)
{
	struct rg_rev r;
	struct rg_buf b = RG_BUF_INIT;

	memset(&r, 0, sizeof(r));
	r.id = "x1";
	r.path = "/v/x1.py";
	r.is_base = 1;
	r.longdoc = "a\n\n b\r\n";
	r.doc = "a";
	rg_fmt_log_entry(&b, &r, 0);
	CHECK_STR(b.buf, "Rev: x1\n"
			 "Parent: <base>\n"
			 "Path: /v/x1.py\n"
			 "\n"
			 "    a\n"
			 "    \n"
			 "     b\n"
			 "\n");
	rg_buf_reset(&b);
	r.longdoc = "";
	r.doc = "";
	r.is_head = 1;
	r.is_real_head = 1;
	rg_fmt_log_entry(&b, &r, 1);
	CHECK_STR(b.buf, "Rev: x1 (head) (current)\n"
			 "Parent: <base>\n"
			 "Path: /v/x1.py\n"
			 "\n"
			 "\n"
			 "\n");
	rg_buf_reset(&b);
	rg_fmt_short(&b, &r, RG_FMT_HISTORY);
	CHECK_STR(b.buf, "<base> -> x1 (head), ");
	rg_buf_release(&b);
}

static void test_fmt__json(void)
{
	struct rg_graph *g = build(ks_recs, COUNT(ks_recs));
	const struct rg_rev *order[COUNT(ks_order)];
	const struct rg_rev *tips[COUNT(ks_rows)];
	struct rg_buf b = RG_BUF_INIT;

	if (!g || !lookup(g, ks_order, COUNT(ks_order), order) ||
	    !lookup(g, ks_rows, COUNT(ks_rows), tips))
		goto out;
	rg_fmt_heads_json(&b, g, 0);
	CHECK_STR(b.buf, ks_heads_json);
	rg_buf_reset(&b);
	rg_fmt_heads_json(&b, g, 1);
	CHECK_STR(b.buf, ks_heads_r_json);
	rg_buf_reset(&b);
	rg_fmt_history_json(&b, order, COUNT(order), NULL, 0);
	CHECK_STR(b.buf, ks_history_json);
	rg_buf_reset(&b);
	rg_fmt_history_json(&b, order, COUNT(order), ks_rows, COUNT(ks_rows));
	CHECK_STR(b.buf, ks_history_i_json);
	rg_buf_reset(&b);
	rg_fmt_branches_json(&b, order, COUNT(order));
	CHECK_STR(b.buf, ks_branches_json);
	rg_buf_reset(&b);
	rg_fmt_current_json(&b, tips, COUNT(tips));
	CHECK_STR(b.buf, ks_current_json);
	rg_buf_reset(&b);
	rg_fmt_show_json(&b, order, 0);
	CHECK_STR(b.buf, "[]\n");
	rg_buf_reset(&b);
	rg_fmt_current_json(&b, tips, 0);
	CHECK_STR(b.buf, "[]\n");
	CHECK(!rg_buf_oom(&b));
out:
	rg_buf_release(&b);
	rg_graph_free(g);
}

/*
 * Escaping.  The expected text of the valid part is Python's
 * json.dumps(s, ensure_ascii=False) for s = "".join(map(chr, range(1,
 * 32))) + '"\\/\x7f' + "é—\U0001f600\u2028".
 */
static void test_fmt__json_escape(void)
{
	struct rg_buf b = RG_BUF_INIT;
	char in[64];
	size_t i;

	for (i = 1; i < 32; i++)
		in[i - 1] = (char)i;
	memcpy(in + 31,
	       "\"\\/\x7f\xc3\xa9\xe2\x80\x94\xf0\x9f\x98\x80"
	       "\xe2\x80\xa8",
	       16);
	in[47] = '\0';
	rg_fmt_json_string(&b, in);
	CHECK_STR(b.buf, "\"\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007"
			 "\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f\\u0010\\u0011"
			 "\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018"
			 "\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f"
			 "\\\"\\\\/\x7f\xc3\xa9\xe2\x80\x94\xf0\x9f\x98\x80"
			 "\xe2\x80\xa8\"");
	rg_buf_reset(&b);
	/*
	 * Not UTF-8, byte by byte: a lone continuation byte, a truncated
	 * sequence, an overlong "/", a surrogate, a value past U+10FFFF,
	 * 0xff, an overlong 3-byte "/", and a sequence cut short by the end of
	 * the string.
	 */
	rg_fmt_json_string(&b, "a\x80"
			       "b\xe2\x80"
			       "c\xc0\xaf"
			       "d\xed\xa0\x80"
			       "e\xf4\x90\x80\x80"
			       "f\xff"
			       "h\xe0\x80\xaf"
			       "g\xf0\x9f\x98");
	CHECK_STR(b.buf,
		  "\"a\\ufffdb\\ufffd\\ufffdc\\ufffd\\ufffd"
		  "d\\ufffd\\ufffd\\ufffde\\ufffd\\ufffd\\ufffd\\ufffd"
		  "f\\ufffdh\\ufffd\\ufffd\\ufffdg\\ufffd\\ufffd\\ufffd\"");
	rg_buf_reset(&b);
	rg_fmt_json_string(&b, NULL);
	CHECK_STR(b.buf, "\"\"");
	rg_buf_release(&b);
}

/* JSON of the MRG sample: a merge point, a branch point, one head. */
static void test_fmt__json_merge(void)
{
	struct rg_graph *g = build(mrg_recs, COUNT(mrg_recs));
	const struct rg_rev *order[COUNT(mrg_order)];
	struct rg_buf b = RG_BUF_INIT;

	if (!g || !lookup(g, mrg_order, COUNT(mrg_order), order))
		goto out;
	rg_fmt_heads_json(&b, g, 0);
	CHECK_STR(b.buf, mrg_heads_json);
	rg_buf_reset(&b);
	rg_fmt_heads_json(&b, g, 1);
	CHECK_STR(b.buf, mrg_heads_r_json);
	rg_buf_reset(&b);
	rg_fmt_history_json(&b, order, COUNT(order), NULL, 0);
	CHECK_STR(b.buf, mrg_history_json);
	rg_buf_reset(&b);
	rg_fmt_branches_json(&b, order, COUNT(order));
	CHECK_STR(b.buf, mrg_branches_json);
out:
	rg_buf_release(&b);
	rg_graph_free(g);
}

/* A buffer already out of memory stays empty and in its error state. */
static void test_fmt__oom_buffer(void)
{
	struct rg_graph *g = build(mrg_recs, COUNT(mrg_recs));
	struct rg_buf b = RG_BUF_INIT;

	if (!g)
		return;
	b.oom = 1;
	rg_fmt_heads(&b, g, 1, 0);
	rg_fmt_heads_json(&b, g, 0);
	CHECK_INT(b.len, 0);
	CHECK(rg_buf_oom(&b));
	rg_buf_release(&b);
	rg_graph_free(g);
}

const struct rg_test rg_tests[] = {
	TEST(test_fmt__heads),
	TEST(test_fmt__branches),
	TEST(test_fmt__branches_merge),
	TEST(test_fmt__history),
	TEST(test_fmt__history_merge),
	TEST(test_fmt__current),
	TEST(test_fmt__show),
	TEST(test_fmt__short),
	TEST(test_fmt__log_entry_doc_edges),
	TEST(test_fmt__json),
	TEST(test_fmt__json_merge),
	TEST(test_fmt__json_escape),
	TEST(test_fmt__oom_buffer),
	{NULL, NULL},
};
