/*
 * tests/unit/test_plan.c - the revision map, target resolution and plans,
 * checked against the cases ALEMBIC-SEMANTICS.md records from running
 * Alembic 1.8 (sample projects BR, MRG, LAB, DEP, LIN of its §0.2).
 * Discovery orders are the ones listed there.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "graphspec.h"
#include "graph/buf.h"
#include "graph/plan.h"
#include "graph/target.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* MRG, discovery order eee005 ggg007 aaa001 ccc003 ddd004 bbb002 fff006 */
static const char *const mrg[] = {
	"eee005|bbb002",	"ggg007|fff006", "aaa001",
	"ccc003|bbb002",	"ddd004|ccc003", "bbb002|aaa001",
	"fff006|ddd004,eee005",
};
/* BR: MRG without fff006/ggg007 */
static const char *const br[] = {
	"eee005|bbb002", "aaa001",	  "ccc003|bbb002",
	"ddd004|ccc003", "bbb002|aaa001",
};
/* LAB, in a discovery order consistent with the digest's `heads` output */
static const char *const lab[] = {
	"y001",
	"y002|y001|yl",
	"y003|y002",
	"n001||networking",
	"n002|n001",
	"a001",
	"a002|a001",
	"a003|a002",
	"x001",
	"x002|x001|xl",
	"x003|x002",
	"x04b|x003",
	"s001|a002|shopping",
	"s002|s001",
	"x04a|x003",
};
/* DEP, discovery order b003 b002 b001 a003 a002 a001 */
static const char *const dep[] = {
	"b003|b002||a003", "b002|b001||a003", "b001||beta",
	"a003|a002",	   "a002|a001",	      "a001||alpha",
};
static const char *const lin[] = {
	"1975ea83b712",
	"ae1027a6acf2|1975ea83b712",
	"ae10f5e7b2c1|ae1027a6acf2",
	"27c6a30d7c24|ae10f5e7b2c1",
	"abc|27c6a30d7c24",
};

static struct rg_graph *build(const char *const *spec, size_t n)
{
	struct rg_error err = RG_ERROR_INIT;
	struct rg_graph *g = NULL;

	if (gs_build(spec, n, &g, &err) < 0)
		fprintf(stderr, "build failed: %s\n", err.msg);
	return g;
}

static const char *history(struct rg_graph *g, const char *range)
{
	struct rg_vec v = RG_VEC_INIT;
	struct rg_error err = RG_ERROR_INIT;
	static char out[4096];

	if (rg_target_history(g, range, NULL, 0, 0, &v, &err) < 0)
		snprintf(out, sizeof(out), "ERR %s", err.msg);
	else
		snprintf(out, sizeof(out), "%s", gs_ids(&v));
	rg_vec_release(&v);
	return out;
}

static int cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Steps "id" joined by spaces, then "|" and the final rows, sorted (the
 * table's physical order is not part of Alembic's contract). */
static const char *plan_text(struct rg_plan *p)
{
	static char out[4096];
	size_t len = 0;

	qsort(p->final_rows, p->nfinal, sizeof(char *), cmp_cstr);
	out[0] = '\0';
	for (size_t i = 0; i < p->nsteps; i++)
		len += (size_t)snprintf(out + len, sizeof(out) - len, "%s%s",
					i ? " " : "",
					p->steps[i].rev ? p->steps[i].rev->id
							: p->steps[i].to_text);
	len += (size_t)snprintf(out + len, sizeof(out) - len, " |");
	for (size_t i = 0; i < p->nfinal; i++)
		len += (size_t)snprintf(out + len, sizeof(out) - len, " %s",
					p->final_rows[i]);
	return out;
}

static const char *up(struct rg_graph *g, const char *const *rows, size_t nr,
		      const char *target)
{
	static char out[4096];
	struct rg_error err = RG_ERROR_INIT;
	struct rg_plan *p = NULL;

	if (rg_plan_upgrade(g, rows, nr, target, &p, &err) < 0)
		snprintf(out, sizeof(out), "ERR %s", err.msg);
	else
		snprintf(out, sizeof(out), "%s", plan_text(p));
	rg_plan_free(p);
	return out;
}

static const char *down(struct rg_graph *g, const char *const *rows, size_t nr,
			const char *target)
{
	static char out[4096];
	struct rg_error err = RG_ERROR_INIT;
	struct rg_plan *p = NULL;

	if (rg_plan_downgrade(g, rows, nr, target, NULL, &p, &err) < 0)
		snprintf(out, sizeof(out), "ERR %s", err.msg);
	else
		snprintf(out, sizeof(out), "%s", plan_text(p));
	rg_plan_free(p);
	return out;
}

static const char *stamp(struct rg_graph *g, const char *const *rows, size_t nr,
			 const char *const *t, size_t nt)
{
	static char out[4096];
	struct rg_error err = RG_ERROR_INIT;
	struct rg_plan *p = NULL;

	if (rg_plan_stamp(g, rows, nr, t, nt, 0, &p, &err) < 0) {
		snprintf(out, sizeof(out), "ERR %s", err.msg);
	} else {
		size_t len = 0;

		out[0] = '\0';
		for (size_t i = 0; i < p->nsteps; i++)
			for (size_t j = 0; j < p->steps[i].nchanges; j++) {
				const struct rg_vchange *c =
					&p->steps[i].changes[j];
				len += (size_t)snprintf(
					out + len, sizeof(out) - len, "%s%s",
					len ? "; " : "",
					c->op == RG_VOP_INSERT	 ? "INSERT "
					: c->op == RG_VOP_DELETE ? "DELETE "
								 : "UPDATE ");
				if (c->op == RG_VOP_UPDATE)
					len += (size_t)snprintf(
						out + len, sizeof(out) - len,
						"%s->%s", c->from, c->to);
				else
					len += (size_t)snprintf(
						out + len, sizeof(out) - len,
						"%s",
						c->from ? c->from : c->to);
			}
		len += (size_t)snprintf(out + len, sizeof(out) - len, " |");
		for (size_t i = 0; i < p->nfinal; i++)
			len += (size_t)snprintf(out + len, sizeof(out) - len,
						" %s", p->final_rows[i]);
	}
	rg_plan_free(p);
	return out;
}

static void test_graph__heads_and_markers(void)
{
	struct rg_graph *g = build(dep, N(dep));
	struct rg_vec v = RG_VEC_INIT;

	rg_graph_heads(g, 0, &v);
	CHECK_STR(gs_ids(&v), "b003 a003");
	v.len = 0;
	rg_graph_heads(g, 1, &v);
	CHECK_STR(gs_ids(&v), "b003");
	/* b003's dependency on a003 is normalized away (b002 declares it) */
	CHECK_INT(rg_graph_get(g, "b003")->nnorm, 1);
	CHECK_INT(rg_graph_get(g, "b002")->nnorm, 2);
	rg_vec_release(&v);
	rg_graph_free(g);
}

static void test_graph__label_spread(void)
{
	struct rg_graph *g = build(lab, N(lab));
	const struct rg_rev *r;

	r = rg_graph_get(g, "y001");
	CHECK(r->nspread == 1 && !strcmp(r->spread[0], "yl"));
	CHECK_INT(rg_graph_get(g, "x001")->nspread, 0);
	CHECK_INT(rg_graph_get(g, "x04b")->nspread, 1);
	CHECK_INT(rg_graph_get(g, "a002")->nspread, 0);
	CHECK_INT(rg_graph_get(g, "s001")->nspread, 1);
	rg_graph_free(g);
}

static void test_graph__errors(void)
{
	static const char *const selfloop[] = {"a|a"};
	static const char *const missing[] = {"a", "b|zzz"};
	static const char *const cyc[] = {"a", "b|a,c", "c|b"};
	static const char *const clash[] = {"a||lab", "b|a|lab"};
	static const char *const badch[] = {"a-b"};
	static const char *const dup[] = {"a", "a"};
	struct rg_error err = RG_ERROR_INIT;
	struct rg_graph *g = NULL;

	CHECK_INT(gs_build(selfloop, 1, &g, &err), RG_ECYCLE);
	CHECK_STR(err.msg, "Self-loop is detected in revisions (a)");
	CHECK_INT(gs_build(missing, 2, &g, &err), RG_EGRAPH);
	CHECK_STR(err.msg, "revision 'b' has down_revision 'zzz', which is "
			   "not present");
	CHECK_STR(err.path, "b");
	CHECK_INT(gs_build(cyc, 3, &g, &err), RG_ECYCLE);
	CHECK_INT(gs_build(clash, 2, &g, &err), RG_EGRAPH);
	CHECK_STR(err.msg, "Branch name 'lab' in revision b already used by "
			   "revision a");
	CHECK_INT(gs_build(badch, 1, &g, &err), RG_EGRAPH);
	CHECK_STR(err.msg,
		  "Character(s) '-' not allowed in revision identifier 'a-b'");
	CHECK_INT(gs_build(dup, 2, &g, &err), RG_EGRAPH);
	CHECK(g == NULL);
}

static void test_history__order(void)
{
	struct rg_graph *g = build(mrg, N(mrg));

	CHECK_STR(history(g, NULL),
		  "ggg007 fff006 ddd004 ccc003 eee005 bbb002 aaa001");
	CHECK_STR(history(g, "ccc003:ggg007"), "ggg007 fff006 ddd004 ccc003");
	rg_graph_free(g);
	g = build(lin, N(lin));
	CHECK_STR(history(g, "ae10f:"), "abc 27c6a30d7c24 ae10f5e7b2c1");
	CHECK_STR(history(g, ":ae10f"),
		  "ae10f5e7b2c1 ae1027a6acf2 1975ea83b712");
	CHECK_STR(history(g, "-2:"), "abc 27c6a30d7c24 ae10f5e7b2c1");
	CHECK_STR(history(g, "ae10f:+1"), "27c6a30d7c24 ae10f5e7b2c1");
	CHECK_STR(history(g, "ae10f:1975"),
		  "ERR Requested range ae10f:1975 does not refer to "
		  "ancestor/descendant revisions along the same branch");
	CHECK_STR(history(g, "base:base"), "");
	CHECK_STR(history(g, "x"), "ERR History range requires [start]:[end], "
				   "[start]:, or :[end]");
	rg_graph_free(g);
}

static void test_resolve__prefixes(void)
{
	struct rg_graph *g = build(lin, N(lin));
	struct rg_error err = RG_ERROR_INIT;
	const struct rg_rev *r = NULL;

	CHECK_INT(rg_target_revision(g, "ae10", &r, &err), RG_EAMBIGUOUS);
	CHECK_INT(rg_target_revision(g, "ae10f", &r, &err), 0);
	CHECK_STR(r->id, "ae10f5e7b2c1");
	CHECK_INT(rg_target_revision(g, "1", &r, &err), 0);
	CHECK_STR(r->id, "1975ea83b712");
	CHECK_INT(rg_target_revision(g, "ab", &r, &err), RG_ENOTFOUND);
	CHECK_INT(rg_target_revision(g, "abc", &r, &err), 0);
	rg_graph_free(g);
	g = build(lab, N(lab));
	CHECK_INT(rg_target_revision(g, "netw", &r, &err), 0);
	CHECK_STR(r->id, "n001");
	CHECK_INT(rg_target_revision(g, "x04a@x04", &r, &err), 0);
	CHECK_STR(r->id, "x04a");
	CHECK_INT(rg_target_revision(g, "shopping@a001", &r, &err), 0);
	CHECK_INT(rg_target_revision(g, "shopping@a003", &r, &err),
		  RG_ENOTFOUND);
	CHECK_INT(rg_target_revision(g, "xl@head", &r, &err), RG_EMULTIHEAD);
	CHECK_INT(rg_target_revision(g, "y001@head", &r, &err), 0);
	CHECK_STR(r->id, "y003");
	rg_graph_free(g);
}

static void test_upgrade__plans(void)
{
	struct rg_graph *g = build(mrg, N(mrg));
	static const char *const r_dd_ee[] = {"ddd004", "eee005"};
	static const char *const r_bb[] = {"bbb002"};
	static const char *const r_dd[] = {"ddd004"};

	CHECK_STR(up(g, NULL, 0, "heads"),
		  "aaa001 bbb002 eee005 ccc003 ddd004 fff006 ggg007 | ggg007");
	CHECK_STR(up(g, r_bb, 1, "head"),
		  "eee005 ccc003 ddd004 fff006 ggg007 | ggg007");
	CHECK_STR(up(g, r_dd_ee, 2, "fff006"), "fff006 | fff006");
	CHECK_STR(up(g, NULL, 0, "+3"),
		  "ERR Ambiguous walk: bbb002 branches into (eee005, ccc003); "
		  "name the revision instead of a relative step");
	CHECK_STR(up(g, r_dd_ee, 2, "+1"),
		  "ERR Ambiguous upgrade from multiple current revisions");
	CHECK_STR(up(g, NULL, 0, "+0"),
		  "ERR Relative revision 0 didn't produce 0 migrations");
	CHECK_STR(up(g, NULL, 0, "-1"),
		  "ERR Relative revision -1 didn't produce 1 migrations");
	CHECK_STR(
		up(g, NULL, 0, "fff006-1"),
		"ERR Ambiguous walk: fff006 merges (ddd004, eee005); name the "
		"revision instead of a relative step");
	rg_graph_free(g);
	g = build(br, N(br));
	CHECK_STR(up(g, NULL, 0, "heads"),
		  "aaa001 bbb002 ccc003 ddd004 eee005 | ddd004 eee005");
	CHECK_STR(up(g, r_dd, 1, "eee005"), "eee005 | ddd004 eee005");
	CHECK_STR(up(g, NULL, 0, "head"),
		  "ERR Multiple head revisions are present for given argument "
		  "'head'; please specify a specific target revision, "
		  "'<branchname>@head' to narrow to a specific head, or "
		  "'heads' for all heads");
	rg_graph_free(g);
	g = build(dep, N(dep));
	CHECK_STR(up(g, NULL, 0, "b002"), "a001 a002 a003 b001 b002 | b002");
	rg_graph_free(g);
	g = build(lab, N(lab));
	{
		static const char *const r_a3[] = {"a003"};

		CHECK_STR(up(g, r_a3, 1, "shopping@+1"), "s001 | a003 s001");
		CHECK_STR(up(g, NULL, 0, "networking@+1"), "n001 | n001");
	}
	rg_graph_free(g);
}

static void test_downgrade__plans(void)
{
	struct rg_graph *g = build(br, N(br));
	static const char *const r_dd_ee[] = {"ddd004", "eee005"};
	static const char *const r_ee_dd[] = {"eee005", "ddd004"};
	static const char *const r_gg[] = {"ggg007"};
	static const char *const r_lab[] = {"a003", "s002", "n002"};
	static const char *const r_b3[] = {"b003"};

	CHECK_STR(down(g, r_dd_ee, 2, "eee005"), " | ddd004 eee005");
	CHECK_STR(down(g, r_dd_ee, 2, "bbb002"),
		  "eee005 ddd004 ccc003 | bbb002");
	CHECK_STR(down(g, r_dd_ee, 2, "ccc003"), "ddd004 | ccc003 eee005");
	CHECK_STR(down(g, r_dd_ee, 2, "-1"), "ddd004 | ccc003 eee005");
	CHECK_STR(down(g, r_ee_dd, 2, "-1"), "eee005 | ddd004");
	CHECK_STR(down(g, r_ee_dd, 2, "-2"),
		  "eee005 ddd004 ccc003 bbb002 | aaa001");
	rg_graph_free(g);
	g = build(mrg, N(mrg));
	CHECK_STR(down(g, r_gg, 1, "ddd004"), "ggg007 fff006 | ddd004 eee005");
	CHECK_STR(down(g, r_gg, 1, "bbb002"),
		  "ggg007 fff006 ddd004 ccc003 eee005 | bbb002");
	CHECK(!strncmp(down(g, r_gg, 1, "-2"), "ERR Ambiguous walk: fff006",
		       26));
	rg_graph_free(g);
	g = build(lab, N(lab));
	CHECK_STR(down(g, r_lab, 3, "base"),
		  "n002 n001 a003 s002 s001 a002 a001 |");
	CHECK_STR(down(g, r_lab, 3, "shopping@base"),
		  "a003 s002 s001 a002 a001 | n002");
	CHECK_STR(down(g, r_lab, 3, "networking@base"),
		  "n002 n001 | a003 s002");
	CHECK_STR(down(g, r_lab, 3, "yl@base"), " | a003 n002 s002");
	CHECK_STR(down(g, r_lab, 3, "shopping@-1"), "s002 | a003 n002 s001");
	CHECK_STR(down(g, r_lab, 3, "shopping@-3"),
		  "a003 s002 s001 a002 | a001 n002");
	CHECK_STR(down(g, r_lab, 3, "networking@a002"),
		  "ERR Not a valid downgrade target from current heads");
	rg_graph_free(g);
	g = build(dep, N(dep));
	CHECK_STR(down(g, r_b3, 1, "a002"), "b003 b002 a003 | a002 b001");
	CHECK_STR(down(g, r_b3, 1, "b001"), "b003 b002 | a003 b001");
	CHECK_STR(down(g, r_b3, 1, "alpha@base"),
		  "b003 b002 a003 a002 a001 | b001");
	rg_graph_free(g);
	g = build(lin, N(lin));
	{
		static const char *const r_abc[] = {"abc"};
		static const char *const r_ae[] = {"ae1027a6acf2"};

		CHECK_STR(down(g, r_abc, 1, "-6"),
			  "ERR Relative revision -6 didn't produce 6 "
			  "migrations");
		CHECK_STR(down(g, r_abc, 1, "1975-1"),
			  "abc 27c6a30d7c24 ae10f5e7b2c1 ae1027a6acf2 "
			  "1975ea83b712 |");
		CHECK_STR(down(g, r_ae, 1, "27c6"),
			  "ERR Destination 27c6 is not a valid downgrade "
			  "target from current head(s)");
	}
	rg_graph_free(g);
}

static void test_stamp__cases(void)
{
	struct rg_graph *g = build(mrg, N(mrg));
	static const char *const r_dd[] = {"ddd004"};
	static const char *const r_dd_ee[] = {"ddd004", "eee005"};
	static const char *const r_bb[] = {"bbb002"};
	static const char *const t_ee[] = {"eee005"};
	static const char *const t_bb[] = {"bbb002"};
	static const char *const t_gg[] = {"ggg007"};
	static const char *const t_cc[] = {"ccc003"};
	static const char *const t_base[] = {"base"};
	static const char *const t_two[] = {"ddd004", "eee005"};

	CHECK_STR(stamp(g, NULL, 0, r_dd, 1), "INSERT ddd004 | ddd004");
	CHECK_STR(stamp(g, r_dd, 1, t_ee, 1), "INSERT eee005 | ddd004 eee005");
	CHECK_STR(stamp(g, r_dd, 1, t_bb, 1), "UPDATE ddd004->bbb002 | bbb002");
	CHECK_STR(stamp(g, r_dd_ee, 2, t_bb, 1),
		  "DELETE ddd004; UPDATE eee005->bbb002 | bbb002");
	CHECK_STR(stamp(g, r_dd_ee, 2, t_gg, 1),
		  "DELETE ddd004; UPDATE eee005->ggg007 | ggg007");
	CHECK_STR(stamp(g, r_dd_ee, 2, t_cc, 1),
		  "UPDATE ddd004->ccc003 | ccc003 eee005");
	CHECK_STR(stamp(g, r_bb, 1, t_two, 2),
		  "UPDATE bbb002->ddd004; INSERT eee005 | ddd004 eee005");
	CHECK_STR(stamp(g, r_dd_ee, 2, t_base, 1),
		  "DELETE ddd004; DELETE eee005 |");
	rg_graph_free(g);
}

/*
 * a1; b1 depends on a1; m1 merges a1 and b1.  Downgrading m1 must leave
 * b1 alone, not a1 and b1 (Alembic 1.13.1's fix; 1.8 leaves both).
 */
static void test_downgrade__unmerge_dependency_overlap(void)
{
	static const char *const g1[] = {"a1", "b1|||a1", "m1|a1,b1"};
	static const char *const r_m1[] = {"m1"};
	struct rg_graph *g = build(g1, N(g1));

	CHECK_STR(down(g, r_m1, 1, "-1"), "ERR Ambiguous walk: m1 merges "
					  "(a1, b1); name the revision instead "
					  "of a relative step");
	CHECK_STR(down(g, r_m1, 1, "b1"), "m1 | b1");
	CHECK_STR(stamp(g, r_m1, 1, (const char *const[]){"b1"}, 1),
		  "UPDATE m1->b1 | b1");
	rg_graph_free(g);
}

static void test_current__tips(void)
{
	struct rg_graph *g = build(dep, N(dep));
	static const char *const r_b3[] = {"b003"};
	struct rg_vec v = RG_VEC_INIT;
	struct rg_error err = RG_ERROR_INIT;
	static const char *const bad[] = {"zzzz"};

	CHECK_INT(rg_target_current(g, r_b3, 1, &v, &err), 0);
	CHECK_STR(gs_ids(&v), "b003 a003");
	v.len = 0;
	CHECK_INT(rg_target_current(g, bad, 1, &v, &err), RG_ENOTFOUND);
	rg_vec_release(&v);
	rg_graph_free(g);
}

/* A 200,000-long chain: no recursion, linear work. */
static void test_graph__deep_chain(void)
{
	enum {
		LEN = 200000
	};
	struct rg_record *recs = calloc(LEN, sizeof(*recs));
	char(*ids)[12] = calloc(LEN, sizeof(*ids));
	const char **downs = calloc(LEN, sizeof(*downs));
	struct rg_error err = RG_ERROR_INIT;
	struct rg_graph *g = NULL;
	struct rg_vec v = RG_VEC_INIT;

	for (size_t i = 0; i < LEN; i++) {
		snprintf(ids[i], sizeof(ids[i]), "r%07zu", i);
		recs[i].id = ids[i];
		if (i) {
			downs[i] = ids[i - 1];
			recs[i].down = &downs[i];
			recs[i].ndown = 1;
		}
	}
	recs[5].labels = (const char *const[]){"lbl"};
	recs[5].nlabels = 1;
	CHECK_INT(rg_graph_build(recs, LEN, &g, &err), 0);
	CHECK_INT(rg_target_history(g, NULL, NULL, 0, 0, &v, &err), 0);
	CHECK_INT(v.len, LEN);
	CHECK_STR(((struct rg_rev *)v.items[0])->id, "r0199999");
	CHECK_INT(rg_graph_get(g, "r0000000")->nspread, 1);
	rg_vec_release(&v);
	rg_graph_free(g);
	free(recs);
	free(ids);
	free(downs);
}

const struct rg_test rg_tests[] = {
	TEST(test_graph__heads_and_markers),
	TEST(test_graph__label_spread),
	TEST(test_graph__errors),
	TEST(test_graph__deep_chain),
	TEST(test_history__order),
	TEST(test_resolve__prefixes),
	TEST(test_upgrade__plans),
	TEST(test_downgrade__plans),
	TEST(test_stamp__cases),
	TEST(test_downgrade__unmerge_dependency_overlap),
	TEST(test_current__tips),
	{NULL, NULL},
};
