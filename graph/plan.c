/*
 * graph/plan.c - upgrade, downgrade and stamp plans, `current`, `history`.
 *
 * The revision sets come from Alembic's _collect_upgrade_revisions and
 * _collect_downgrade_revisions, the order from _topological_sort (see
 * rg_graph_emit_order_), and the version-table changes from
 * HeadMaintainer.update_to_step (runtime/migration.py), simulated here so
 * the executor only replays them.  Where Alembic picks from a Python set,
 * declared order is used; the final row set is the same.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph/internal.h"
#include "graph/plan.h"
#include "graph/target.h"
#include "graph/tgt_internal.h"
#include "graph/banned.h"

static int enomem(struct rg_error *err)
{
	return rg_error_set(err, RG_ENOMEM, NULL, 0, "out of memory");
}

static int vcontains(const struct rg_vec *v, const void *x)
{
	for (size_t i = 0; i < v->len; i++)
		if (v->items[i] == x)
			return 1;
	return 0;
}

static int cmp_index(const void *a, const void *b)
{
	const struct rg_rev *x = *(struct rg_rev *const *)a;
	const struct rg_rev *y = *(struct rg_rev *const *)b;

	return x->index < y->index ? -1 : x->index > y->index;
}

/*
 * Alembic: _iterate_related_revisions(check=True) going up.  Marks the
 * ancestors of every start and fails when one start is an ancestor of
 * another: "Requested revision X overlaps with other requested revisions".
 */
static int mark_up_checked(struct rg_graph *g, const struct rg_vec *starts,
			   unsigned char *mark, struct rg_error *err)
{
	unsigned char *seen = calloc(g->n ? g->n : 1, 1);
	unsigned char *is_start = calloc(g->n ? g->n : 1, 1);
	struct rg_vec st = RG_VEC_INIT, over = RG_VEC_INIT;
	int rc = RG_ENOMEM;

	if (!seen || !is_start)
		goto out;
	for (size_t i = 0; i < starts->len; i++)
		is_start[((struct rg_rev *)starts->items[i])->index] = 1;
	for (size_t i = 0; i < starts->len; i++) {
		struct rg_rev *t = starts->items[i];

		over.len = 0;
		if (rg_vec_push(&st, t) < 0)
			goto out;
		while (st.len) {
			struct rg_rev *r = rg_vec_pop(&st);

			if (r != t && is_start[r->index] &&
			    !vcontains(&over, r) && rg_vec_push(&over, r) < 0)
				goto out;
			if (seen[r->index])
				continue;
			seen[r->index] = mark[r->index] = 1;
			for (size_t j = 0; j < r->nnorm; j++)
				if (rg_vec_push(&st, r->norm[j]) < 0)
					goto out;
		}
		if (over.len) {
			struct rg_buf b = RG_BUF_INIT;

			qsort(over.items, over.len, sizeof(void *), cmp_index);
			for (size_t j = 0; j < over.len; j++)
				rg_buf_addf(
					&b, "%s%s", j ? ", " : "",
					((struct rg_rev *)over.items[j])->id);
			rc = rg_error_set(err, RG_ERROR, NULL, 0,
					  "Requested revision %s overlaps with "
					  "other requested revisions %s",
					  t->id,
					  rg_buf_oom(&b) ? "..." : b.buf);
			rg_buf_release(&b);
			goto out;
		}
	}
	rc = 0;
out:
	if (rc == RG_ENOMEM)
		enomem(err);
	rg_vec_release(&st);
	rg_vec_release(&over);
	free(seen);
	free(is_start);
	return rc;
}

/* ---- plan building ---- */

struct sim {
	struct rg_graph *g;
	struct rg_plan *plan;
	struct rg_vec rows; /* simulated table, table order */
	struct rg_vec steps;
	struct rg_error *err;
};

static int row_at(const struct sim *s, const char *id)
{
	for (size_t i = 0; i < s->rows.len; i++)
		if (!strcmp(s->rows.items[i], id))
			return (int)i;
	return -1;
}

static int sim_fail(struct sim *s, const char *what, const char *id)
{
	return rg_error_set(s->err, RG_ERROR, NULL, 0,
			    "cannot %s version row '%s': the version table "
			    "does not hold it (rows that overlap each other?)",
			    what, id);
}

static int add_change(struct sim *s, struct rg_step *st, enum rg_vop op,
		      const char *from, const char *to)
{
	struct rg_vchange *c = &st->changes[st->nchanges++];
	int at = from ? row_at(s, from) : -1;

	c->op = op;
	c->from = from;
	c->to = to;
	switch (op) {
	case RG_VOP_INSERT:
		if (row_at(s, to) >= 0)
			return rg_error_set(s->err, RG_ERROR, NULL, 0,
					    "version row '%s' is already "
					    "present",
					    to);
		return rg_vec_push(&s->rows, (void *)to) < 0 ? enomem(s->err)
							     : 0;
	case RG_VOP_UPDATE:
		if (at < 0)
			return sim_fail(s, "update", from);
		s->rows.items[at] = (void *)to;
		return 0;
	case RG_VOP_DELETE:
		if (at < 0)
			return sim_fail(s, "delete", from);
		memmove(&s->rows.items[at], &s->rows.items[at + 1],
			(s->rows.len - (size_t)at - 1) * sizeof(void *));
		s->rows.len--;
		return 0;
	}
	return 0;
}

static char *join_ids(struct rg_arena *a, const char *const *ids, size_t n)
{
	struct rg_buf b = RG_BUF_INIT;
	char *s;

	for (size_t i = 0; i < n; i++)
		rg_buf_addf(&b, "%s%s", i ? ", " : "", ids[i]);
	s = rg_buf_oom(&b) ? NULL : rg_arena_strdup(a, b.buf);
	rg_buf_release(&b);
	return s;
}

static struct rg_step *new_step(struct sim *s, enum rg_dir dir,
				const struct rg_rev *rev, size_t maxchanges)
{
	struct rg_step *st = rg_arena_calloc(&s->plan->arena, 1, sizeof(*st));

	if (!st)
		return NULL;
	st->dir = dir;
	st->rev = rev;
	st->rows_empty_before = s->rows.len == 0;
	st->changes = rg_arena_calloc(&s->plan->arena, maxchanges + 1,
				      sizeof(*st->changes));
	if (!st->changes || rg_vec_push(&s->steps, st) < 0)
		return NULL;
	return st;
}

/* Is id one of x's normalized parents? */
static int is_norm_parent(const struct rg_rev *x, const char *id)
{
	for (size_t i = 0; i < x->nnorm; i++)
		if (!strcmp(x->norm[i]->id, id))
			return 1;
	return 0;
}

/*
 * Is p an ancestor (or self) of a row outside the excluded ones: the row
 * `self` (downgrade) or x's parents (upgrade merge)?
 */
static int covered_by_others(struct sim *s, const struct rg_rev *p,
			     const char *self, const struct rg_rev *x)
{
	for (size_t i = 0; i < s->rows.len; i++) {
		const struct rg_rev *o;
		int rc;

		if (self && !strcmp(s->rows.items[i], self))
			continue;
		if (x && is_norm_parent(x, s->rows.items[i]))
			continue;
		o = rg_graph_get(s->g, s->rows.items[i]);
		if (!o)
			continue;
		rc = rg_graph_is_anc_(s->g, p, o, RG_E_NORM);
		if (rc)
			return rc;
	}
	return 0;
}

/* HeadMaintainer.update_to_step for RevisionStep(is_upgrade=True). */
static int sim_upgrade(struct sim *s, const struct rg_rev *x)
{
	struct rg_step *st = new_step(s, RG_UP, x, x->nnorm + 1);
	size_t inrows = 0;
	int rc;

	if (!st)
		return enomem(s->err);
	st->from_text = join_ids(&s->plan->arena, x->down_ids, x->ndown);
	st->to_text = x->id;
	if (!st->from_text)
		return enomem(s->err);
	for (size_t i = 0; i < x->nnorm; i++)
		inrows += row_at(s, x->norm[i]->id) >= 0;
	if (!inrows)
		return add_change(s, st, RG_VOP_INSERT, NULL, x->id);
	if (x->nnorm > 1 && inrows > 1) {
		/* a merge: F = parents not below the other rows */
		const char *f[64];
		size_t nf = 0, others = s->rows.len - inrows;

		for (size_t i = 0; i < x->nnorm && nf < 64; i++) {
			const struct rg_rev *p = x->norm[i];

			if (row_at(s, p->id) < 0)
				continue;
			rc = others ? covered_by_others(s, p, NULL, x) : 0;
			if (rc < 0)
				return enomem(s->err);
			if (!rc)
				f[nf++] = p->id;
		}
		if (!nf)
			return rg_error_set(s->err, RG_ERROR, x->path, x->line,
					    "cannot merge the version rows of "
					    "%s's parents: other rows already "
					    "descend from all of them",
					    x->id);
		for (size_t i = 0; i + 1 < nf; i++)
			if ((rc = add_change(s, st, RG_VOP_DELETE, f[i],
					     NULL)) < 0)
				return rc;
		return add_change(s, st, RG_VOP_UPDATE, f[nf - 1], x->id);
	}
	for (size_t i = 0; i < x->nnorm; i++)
		if (row_at(s, x->norm[i]->id) >= 0)
			return add_change(s, st, RG_VOP_UPDATE, x->norm[i]->id,
					  x->id);
	return 0;
}

/*
 * Is x's i-th parent an ancestor of another of its parents (through a
 * depends_on)?  Then an unmerge must not bring it back as a row of its
 * own: Alembic 1.13.1's fix to _unmerge_to_revisions (SPEC: overlapping
 * heads after a downgrade to a depends_on target).
 */
static int below_sibling(struct rg_graph *g, const struct rg_rev *x, size_t i)
{
	for (size_t j = 0; j < x->nnorm; j++) {
		int rc;

		if (j == i || x->norm[j] == x->norm[i])
			continue;
		rc = rg_graph_is_anc_(g, x->norm[i], x->norm[j], RG_E_NORM);
		if (rc)
			return rc;
	}
	return 0;
}

/* HeadMaintainer.update_to_step for RevisionStep(is_upgrade=False). */
static int sim_downgrade(struct sim *s, const struct rg_rev *x)
{
	struct rg_step *st = new_step(s, RG_DOWN, x, x->nnorm + 1);
	const char *t[64];
	size_t nt = 0;
	int rc;

	if (!st)
		return enomem(s->err);
	st->from_text = x->id;
	st->to_text = join_ids(&s->plan->arena, x->down_ids, x->ndown);
	if (!st->to_text)
		return enomem(s->err);
	if (row_at(s, x->id) < 0) {
		if (x->nnorm != 1)
			return sim_fail(s, "downgrade", x->id);
		return add_change(s, st, RG_VOP_UPDATE, x->id, x->norm[0]->id);
	}
	for (size_t i = 0; i < x->nnorm && nt < 64; i++) {
		rc = s->rows.len > 1
			     ? covered_by_others(s, x->norm[i], x->id, NULL)
			     : below_sibling(s->g, x, i);
		if (rc < 0)
			return enomem(s->err);
		if (!rc)
			t[nt++] = x->norm[i]->id;
	}
	if (!nt)
		return add_change(s, st, RG_VOP_DELETE, x->id, NULL);
	if (x->nnorm > 1) {
		for (size_t i = 0; i + 1 < nt; i++)
			if ((rc = add_change(s, st, RG_VOP_INSERT, NULL,
					     t[i])) < 0)
				return rc;
		return add_change(s, st, RG_VOP_UPDATE, x->id, t[nt - 1]);
	}
	return add_change(s, st, RG_VOP_UPDATE, x->id, x->norm[0]->id);
}

static int sim_init(struct sim *s, struct rg_graph *g,
		    const struct rg_vec *rows, struct rg_error *err)
{
	memset(s, 0, sizeof(*s));
	s->g = g;
	s->err = err;
	s->plan = calloc(1, sizeof(*s->plan));
	if (!s->plan)
		return enomem(err);
	for (size_t i = 0; i < rows->len; i++) {
		const struct rg_rev *r = rows->items[i];

		if (row_at(s, r->id) >= 0)
			continue;
		if (rg_vec_push(&s->rows, (void *)r->id) < 0)
			return enomem(err);
	}
	s->plan->start_empty = s->rows.len == 0;
	return 0;
}

/* Hand the simulated steps and rows over to the plan. */
static int sim_finish(struct sim *s, struct rg_plan **out)
{
	struct rg_plan *p = s->plan;

	p->steps =
		rg_arena_calloc(&p->arena, s->steps.len + 1, sizeof(*p->steps));
	p->final_rows = rg_arena_calloc(&p->arena, s->rows.len + 1,
					sizeof(*p->final_rows));
	if (!p->steps || !p->final_rows)
		return enomem(s->err);
	for (size_t i = 0; i < s->steps.len; i++)
		p->steps[i] = *(struct rg_step *)s->steps.items[i];
	p->nsteps = s->steps.len;
	for (size_t i = 0; i < s->rows.len; i++)
		p->final_rows[i] = s->rows.items[i];
	p->nfinal = s->rows.len;
	*out = p;
	s->plan = NULL;
	return 0;
}

static void sim_release(struct sim *s)
{
	rg_plan_free(s->plan);
	rg_vec_release(&s->rows);
	rg_vec_release(&s->steps);
}

const char *rg_step_word(enum rg_dir d, int log)
{
	switch (d) {
	case RG_UP:
		return "upgrade";
	case RG_DOWN:
		return "downgrade";
	case RG_STAMP:
		return log ? "stamp_revision" : "stamp";
	}
	return "?";
}

void rg_plan_free(struct rg_plan *p)
{
	if (!p)
		return;
	rg_arena_release(&p->arena);
	free(p);
}

/* ---- targets ---- */

static char *strndup_or_null(const char *s, size_t n)
{
	return s ? strndup(s, n) : NULL;
}

/* get_revision(symbol) or get_revision("label@symbol"). */
static int symbol_rev(struct rg_graph *g, const struct rg_tgt_rel *rel,
		      const struct rg_rev **out, struct rg_error *err)
{
	char *spec = NULL;
	int rc;

	if (rel->label)
		rc = asprintf(&spec, "%.*s@%.*s", (int)rel->label_len,
			      rel->label, (int)rel->symbol_len, rel->symbol);
	else
		rc = asprintf(&spec, "%.*s", (int)rel->symbol_len, rel->symbol);
	if (rc < 0)
		return enomem(err);
	rc = rg_target_revision(g, spec, out, err);
	free(spec);
	return rc;
}

static int rel_error(struct rg_error *err, const char *text, long long n)
{
	return rg_error_set(err, RG_ERROR, NULL, 0,
			    "Relative revision %s didn't produce %lld "
			    "migrations",
			    text, n < 0 ? -n : n);
}

/* Tips of a set: members no other member names as a normalized parent. */
static int tips_of(const struct rg_vec *set, struct rg_vec *out)
{
	for (size_t i = 0; i < set->len; i++) {
		const struct rg_rev *r = set->items[i];
		int below = 0;

		for (size_t j = 0; !below && j < set->len; j++) {
			const struct rg_rev *o = set->items[j];

			for (size_t k = 0; k < o->nnorm; k++)
				below |= o->norm[k] == r;
		}
		if (!below && !vcontains(out, r) &&
		    rg_vec_push(out, (void *)r) < 0)
			return RG_ENOMEM;
	}
	return 0;
}

static int marked_list(struct rg_graph *g, const unsigned char *mark,
		       struct rg_vec *out)
{
	for (size_t i = 0; i < g->n; i++)
		if (mark[i] && rg_vec_push(out, g->revs[i]) < 0)
			return RG_ENOMEM;
	return 0;
}

/* Starting point of `upgrade [L@]+N` (Alembic: _parse_upgrade_target). */
static int upgrade_start(struct rg_graph *g, const struct rg_vec *cur,
			 const char *label, const struct rg_rev **start,
			 struct rg_error *err)
{
	struct rg_vec s = RG_VEC_INIT, all = RG_VEC_INIT;
	unsigned char *mark = NULL;
	int rc = 0;

	*start = NULL;
	for (size_t i = 0; i < cur->len; i++)
		if (rg_vec_push(&s, cur->items[i]) < 0)
			goto oom;
	if (label && (rc = rg_tgt_filter_(g, &s, label, 0, err)) < 0)
		goto out;
	if (label && !s.len && cur->len) {
		if (!(mark = calloc(g->n, 1)) ||
		    rg_graph_mark_up_(g, (struct rg_rev **)cur->items, cur->len,
				      RG_E_NORM, mark) < 0 ||
		    marked_list(g, mark, &all) < 0)
			goto oom;
		if ((rc = rg_tgt_filter_(g, &all, label, 0, err)) < 0)
			goto out;
		if (tips_of(&all, &s) < 0)
			goto oom;
	}
	if (s.len > 1) {
		rc = rg_error_set(err, RG_ERROR, NULL, 0,
				  "Ambiguous upgrade from multiple current "
				  "revisions");
		goto out;
	}
	*start = s.len ? s.items[0] : NULL;
	goto out;
oom:
	rc = enomem(err);
out:
	free(mark);
	rg_vec_release(&s);
	rg_vec_release(&all);
	return rc;
}

/*
 * Alembic: _parse_upgrade_target.  cur: the revisions of the current
 * state.  overwalk: history's assert_relative_length=False.
 */
static int parse_upgrade_target(struct rg_graph *g, const struct rg_vec *cur,
				const char *target, int overwalk,
				struct rg_vec *out, struct rg_error *err)
{
	struct rg_tgt_rel rel;
	const struct rg_rev *start = NULL, *r = NULL;
	char *label = NULL, *text = NULL;
	int rc;

	if (!rg_tgt_relative_(target, &rel))
		return rg_target_revisions(g, target, out, err);
	label = strndup_or_null(rel.label, rel.label_len);
	text = strndup(rel.rel_text, rel.rel_len);
	if ((rel.label && !label) || !text) {
		rc = enomem(err);
		goto out;
	}
	if (rel.steps > 0 && !rel.symbol_len) {
		if ((rc = upgrade_start(g, cur, label, &start, err)) < 0)
			goto out;
		rc = rg_tgt_walk_(g, start, rel.steps, label, !overwalk, &r,
				  err);
		if (rc == 0 && !r)
			rc = rel_error(err, text, rel.steps);
	} else if (rel.steps > 0) {
		struct rg_tgt_rel sym = rel;

		sym.label = NULL;
		if ((rc = symbol_rev(g, &sym, &start, err)) < 0)
			goto out;
		rc = rg_tgt_walk_(g, start, rel.steps, label, !overwalk, &r,
				  err);
		if (rc == 0 && !r)
			rc = rg_error_set(err, RG_ERROR, NULL, 0,
					  "Relative revision %s walked past "
					  "the top of the graph",
					  target);
	} else if (!rel.symbol_len) {
		char num[32];

		snprintf(num, sizeof(num), "%lld", rel.steps);
		rc = rel_error(err, num, rel.steps);
	} else {
		if ((rc = symbol_rev(g, &rel, &start, err)) < 0)
			goto out;
		rc = rg_tgt_walk_(g, start, rel.steps, NULL, !overwalk, &r,
				  err);
		if (rc == 0 && (!r || r == RG_TARGET_BASE))
			rc = rg_error_set(err, RG_ERROR, NULL, 0,
					  "Relative revision %s walks down to "
					  "base or beyond; use `base`",
					  target);
	}
	if (rc == 0 && r && r != RG_TARGET_BASE &&
	    rg_vec_push(out, (void *)r) < 0)
		rc = enomem(err);
out:
	free(label);
	free(text);
	return rc;
}

/* The multiple-heads message quotes the argument as the user typed it. */
static int requote_multihead(int rc, const char *typed, struct rg_error *err)
{
	if (rc == RG_EMULTIHEAD && typed)
		return rg_tgt_multi_heads_(err, typed);
	return rc;
}

struct collected {
	unsigned char *needs; /* the set S */
	struct rg_vec heads;  /* H for the emit order */
};

static void collected_release(struct collected *c)
{
	free(c->needs);
	rg_vec_release(&c->heads);
}

/* Versioned descendants of cur, overlap-checked (check=True). */
static int keep_descendants(struct rg_graph *g, const struct rg_vec *cur,
			    unsigned char *needs, struct rg_error *err)
{
	unsigned char *down = calloc(g->n ? g->n : 1, 1);
	int rc = 0;

	if (!down)
		return enomem(err);
	for (size_t i = 0; i < cur->len; i++)
		for (size_t j = 0; j < cur->len; j++) {
			if (i == j || cur->items[i] == cur->items[j])
				continue;
			rc = rg_graph_is_anc_(g, cur->items[i], cur->items[j],
					      RG_E_VERSIONED);
			if (rc > 0) {
				rc = rg_error_set(
					err, RG_ERROR, NULL, 0,
					"Requested revision %s overlaps with "
					"other requested revisions %s",
					((struct rg_rev *)cur->items[i])->id,
					((struct rg_rev *)cur->items[j])->id);
				goto out;
			}
		}
	if (rg_graph_mark_down_(g, (struct rg_rev **)cur->items, cur->len,
				RG_D_CHILDREN, down) < 0) {
		rc = enomem(err);
		goto out;
	}
	for (size_t i = 0; i < g->n; i++)
		needs[i] &= down[i];
	rc = 0;
out:
	free(down);
	return rc;
}

/* Alembic: the "L@..." lower bound keeps targets carrying L's label. */
static int filter_by_lower_label(struct rg_graph *g, const char *lower,
				 struct rg_vec *targets, struct rg_error *err)
{
	const char *at = strchr(lower, '@');
	char *branch = strndup(lower, (size_t)(at - lower));
	const char *label;
	const struct rg_rev *br = NULL;
	size_t k = 0;
	int rc;

	if (!branch)
		return enomem(err);
	label = branch;
	rc = rg_target_revision(g, branch, &br, err);
	if (rc < 0)
		goto out;
	if (br && !strcmp(br->id, branch)) {
		if (br->nspread != 1) {
			rc = rg_error_set(err, RG_ERROR, NULL, 0,
					  "revision %s used as a branch in "
					  "'%s' must carry exactly one branch "
					  "label",
					  br->id, lower);
			goto out;
		}
		label = br->spread[0];
	}
	for (size_t i = 0; i < targets->len; i++) {
		const struct rg_rev *t = targets->items[i];
		int has = 0;

		for (size_t j = 0; j < t->nspread; j++)
			has |= !strcmp(t->spread[j], label);
		if (has)
			targets->items[k++] = targets->items[i];
	}
	targets->len = k;
out:
	free(branch);
	return rc;
}

/* Alembic: _collect_upgrade_revisions. */
static int collect_upgrade(struct rg_graph *g, const char *target,
			   const struct rg_vec *pretargets,
			   const struct rg_vec *cur, const char *lower_str,
			   int inclusive, int implicit_base, int overwalk,
			   struct collected *c, struct rg_error *err)
{
	unsigned char *have = NULL;
	int rc;

	c->needs = calloc(g->n ? g->n : 1, 1);
	have = calloc(g->n ? g->n : 1, 1);
	if (!c->needs || !have) {
		rc = enomem(err);
		goto out;
	}
	if (pretargets) {
		rc = 0;
		for (size_t i = 0; i < pretargets->len; i++)
			if (rg_vec_push(&c->heads, pretargets->items[i]) < 0)
				rc = enomem(err);
	} else {
		rc = parse_upgrade_target(g, cur, target, overwalk, &c->heads,
					  err);
	}
	if (rc < 0)
		goto out;
	if (lower_str && strchr(lower_str, '@') &&
	    (rc = filter_by_lower_label(g, lower_str, &c->heads, err)) < 0)
		goto out;
	if ((rc = mark_up_checked(g, &c->heads, c->needs, err)) < 0)
		goto out;
	for (size_t i = 0; !implicit_base && i < cur->len; i++)
		if (!c->needs[((struct rg_rev *)cur->items[i])->index]) {
			rc = rg_error_set(err, RG_ERROR, NULL, 0,
					  "Requested range %s:%s does not "
					  "refer to ancestor/descendant "
					  "revisions along the same branch",
					  lower_str ? lower_str : "base",
					  target);
			goto out;
		}
	if ((rc = mark_up_checked(g, cur, have, err)) < 0)
		goto out;
	for (size_t i = 0; i < g->n; i++)
		c->needs[i] &= !have[i];
	for (size_t i = 0; inclusive && i < cur->len; i++)
		c->needs[((struct rg_rev *)cur->items[i])->index] = 1;
	if (cur->len && !implicit_base)
		rc = keep_descendants(g, cur, c->needs, err);
out:
	free(have);
	return rc;
}

static int run_emit(struct rg_graph *g, struct collected *c,
		    struct rg_vec *order, struct rg_error *err)
{
	if (rg_graph_emit_order_(g, c->needs, (struct rg_rev **)c->heads.items,
				 c->heads.len, order) < 0)
		return enomem(err);
	return 0;
}

int rg_plan_upgrade(struct rg_graph *g, const char *const *rows, size_t nrows,
		    const char *target, struct rg_plan **out,
		    struct rg_error *err)
{
	struct collected c = {NULL, RG_VEC_INIT};
	struct rg_vec cur = RG_VEC_INIT, order = RG_VEC_INIT;
	struct sim s;
	int rc;

	*out = NULL;
	memset(&s, 0, sizeof(s));
	if ((rc = rg_target_rows(g, rows, nrows, &cur, err)) < 0)
		goto out;
	rc = collect_upgrade(g, target, NULL, &cur, NULL, 0, 1, 0, &c, err);
	if (rc < 0 || (rc = run_emit(g, &c, &order, err)) < 0)
		goto out;
	if ((rc = sim_init(&s, g, &cur, err)) < 0)
		goto out;
	for (size_t i = order.len; i-- > 0;)
		if ((rc = sim_upgrade(&s, order.items[i])) < 0)
			goto out;
	rc = sim_finish(&s, out);
out:
	sim_release(&s);
	collected_release(&c);
	rg_vec_release(&cur);
	rg_vec_release(&order);
	return requote_multihead(rc, target, err);
}

int rg_plan_sql_start(struct rg_graph *g, const char *start,
		      struct rg_vec *rows_out, struct rg_error *err)
{
	const struct rg_rev *r = NULL;
	int rc;

	/* Alembic: MigrationContext.get_current_heads, offline branch */
	if (!start || !*start || !strcmp(start, "base"))
		return 0;
	if ((rc = rg_target_revision(g, start, &r, err)) < 0)
		return rc;
	if (!r)
		return rg_error_set(err, RG_ENOTFOUND, NULL, 0,
				    "Can't locate revision identified by '%s'",
				    start);
	return rg_vec_push(rows_out, (void *)r->id) < 0 ? enomem(err) : 0;
}

/* `downgrade L@-N` with no row in L (Alembic: _get_all_current). */
static int downgrade_label_start(struct rg_graph *g, const struct rg_vec *cur,
				 const char *label, const struct rg_rev **out,
				 struct rg_error *err)
{
	struct rg_vec s = RG_VEC_INIT, all = RG_VEC_INIT;
	unsigned char *mark = NULL;
	int rc = 0;

	for (size_t i = 0; i < cur->len; i++)
		if (rg_vec_push(&s, cur->items[i]) < 0)
			goto oom;
	if ((rc = rg_tgt_filter_(g, &s, label, 0, err)) < 0)
		goto out;
	if (!s.len) {
		if (!(mark = calloc(g->n ? g->n : 1, 1)) ||
		    rg_graph_mark_up_(g, (struct rg_rev **)cur->items, cur->len,
				      RG_E_NORM, mark) < 0)
			goto oom;
		/* branch heads of that set: no versioned child inside it */
		for (size_t i = 0; i < g->n; i++) {
			const struct rg_rev *r = g->revs[i];
			int tip = mark[i];

			for (size_t j = 0; tip && j < r->nchildren; j++)
				tip = !mark[r->children[j]->index];
			if (tip && rg_vec_push(&all, (void *)r) < 0)
				goto oom;
		}
		if ((rc = rg_tgt_filter_(g, &all, label, 0, err)) < 0)
			goto out;
		for (size_t i = 0; i < all.len; i++)
			if (rg_vec_push(&s, all.items[i]) < 0)
				goto oom;
	}
	if (s.len != 1) {
		rc = rg_error_set(err, RG_ERROR, NULL, 0,
				  s.len ? "Ambiguous downgrade: several "
					  "current revisions are on branch "
					  "'%s'"
					: "Nothing of branch '%s' is applied, "
					  "so there is nothing to downgrade",
				  label);
		goto out;
	}
	*out = s.items[0];
	goto out;
oom:
	rc = enomem(err);
out:
	free(mark);
	rg_vec_release(&s);
	rg_vec_release(&all);
	return rc;
}

struct dtarget {
	char *branch;		  /* branch filter, or NULL */
	const struct rg_rev *rev; /* NULL = base */
};

/* Relative downgrade targets (Alembic: _parse_downgrade_target). */
static int parse_down_relative(struct rg_graph *g, const struct rg_vec *cur,
			       const char *target, const struct rg_tgt_rel *rel,
			       struct rg_buf *warn, struct dtarget *dt,
			       struct rg_error *err)
{
	const struct rg_rev *start = NULL, *r = NULL;
	char *text = strndup(rel->rel_text, rel->rel_len);
	int rc;

	if (!text)
		return enomem(err);
	if (rel->steps >= 0 && !rel->symbol_len) {
		rc = rel_error(err, text, rel->steps);
		goto out;
	}
	if (rel->steps >= 0) {
		struct rg_tgt_rel sym = *rel;

		sym.label = NULL;
		if ((rc = symbol_rev(g, &sym, &start, err)) < 0)
			goto out;
		rc = rg_tgt_walk_(g, start, rel->steps, dt->branch, 1, &r, err);
		if (rc == 0 && !r)
			rc = rg_error_set(err, RG_ERROR, NULL, 0,
					  "Walked too far");
		goto done;
	}
	if (!rel->symbol_len) {
		if (dt->branch) {
			rc = downgrade_label_start(g, cur, dt->branch, &start,
						   err);
			if (rc < 0)
				goto out;
		} else {
			if (!cur->len) {
				rc = rel_error(err, text, rel->steps);
				goto out;
			}
			for (size_t i = 1; warn && i < cur->len; i++)
				if (cur->items[i] != cur->items[0]) {
					rg_buf_adds(
						warn,
						"downgrade -1 from multiple "
						"heads is ambiguous; this "
						"usage will be disallowed in "
						"a future release.\n");
					break;
				}
			start = cur->items[0];
			if (!(dt->branch = strdup(start->id))) {
				rc = enomem(err);
				goto out;
			}
		}
	} else if ((rc = symbol_rev(g, rel, &start, err)) < 0) {
		goto out;
	}
	rc = rg_tgt_walk_(g, start, rel->steps, NULL, 1, &r, err);
	if (rc == 0 && !r)
		rc = rel->symbol_len ? rg_error_set(err, RG_ERROR, NULL, 0,
						    "Walked too far")
				     : rel_error(err, text, rel->steps);
done:
	if (rc == 0)
		dt->rev = r == RG_TARGET_BASE ? NULL : r;
out:
	(void)target;
	free(text);
	return rc;
}

static int parse_downgrade_target(struct rg_graph *g, const struct rg_vec *cur,
				  const char *target, struct rg_buf *warn,
				  struct dtarget *dt, struct rg_error *err)
{
	struct rg_tgt_rel rel;
	const char *at;

	memset(dt, 0, sizeof(*dt));
	if (rg_tgt_relative_(target, &rel)) {
		if (rel.label &&
		    !(dt->branch = strndup(rel.label, rel.label_len)))
			return enomem(err);
		return parse_down_relative(g, cur, target, &rel, warn, dt, err);
	}
	at = strrchr(target, '@');
	if (at && at > target &&
	    !(dt->branch = strndup(target, (size_t)(at - target))))
		return enomem(err);
	return rg_target_revision(g, at ? at + 1 : target, &dt->rev, err);
}

/* Alembic: _collect_downgrade_revisions. */
static int collect_downgrade(struct rg_graph *g, const struct rg_vec *cur,
			     const char *target, struct rg_buf *warn,
			     struct collected *c, struct rg_error *err)
{
	struct dtarget dt = {NULL, NULL};
	struct rg_vec roots = RG_VEC_INIT;
	unsigned char *active = NULL;
	int rc, any = 0;

	if ((rc = parse_downgrade_target(g, cur, target, warn, &dt, err)) < 0)
		goto out;
	rc = dt.rev ? 0 : rg_graph_bases(g, &roots);
	for (size_t i = 0; dt.rev && !rc && i < dt.rev->nchildren; i++)
		rc = rg_vec_push(&roots, dt.rev->children[i]);
	if (rc < 0)
		goto oom;
	if (dt.branch && roots.len > 1) {
		const struct rg_rev *br = NULL;
		size_t k = 0;

		if ((rc = rg_tgt_ident_(g, dt.branch, NULL, &br, err)) < 0) {
			rg_tgt_not_found_(err, dt.branch, "no such branch");
			goto out;
		}
		for (size_t i = 0; i < roots.len; i++) {
			rc = rg_graph_is_anc_(g, roots.items[i], br,
					      RG_E_VERSIONED);
			if (rc < 0)
				goto oom;
			if (rc)
				roots.items[k++] = roots.items[i];
		}
		roots.len = k;
		if (!k) {
			rc = rg_error_set(err, RG_ERROR, NULL, 0,
					  "Not a valid downgrade target from "
					  "current heads");
			goto out;
		}
	}
	c->needs = calloc(g->n ? g->n : 1, 1);
	active = calloc(g->n ? g->n : 1, 1);
	if (!c->needs || !active)
		goto oom;
	if (rg_graph_mark_down_(g, (struct rg_rev **)roots.items, roots.len,
				RG_D_ALL, c->needs) < 0 ||
	    rg_graph_mark_up_(g, (struct rg_rev **)cur->items, cur->len,
			      RG_E_NORM, active) < 0)
		goto oom;
	for (size_t i = 0; i < g->n; i++) {
		c->needs[i] &= active[i];
		any |= c->needs[i];
	}
	if (dt.rev && !any && !vcontains(cur, dt.rev)) {
		rc = rg_error_set(err, RG_ERROR, NULL, 0,
				  "Destination %s is not a valid downgrade "
				  "target from current head(s)",
				  target);
		goto out;
	}
	for (size_t i = 0; i < cur->len; i++)
		if (rg_vec_push(&c->heads, cur->items[i]) < 0)
			goto oom;
	rc = 0;
	goto out;
oom:
	rc = enomem(err);
out:
	free(dt.branch);
	free(active);
	rg_vec_release(&roots);
	return rc;
}

int rg_plan_downgrade(struct rg_graph *g, const char *const *rows, size_t nrows,
		      const char *target, struct rg_buf *warn,
		      struct rg_plan **out, struct rg_error *err)
{
	struct collected c = {NULL, RG_VEC_INIT};
	struct rg_vec cur = RG_VEC_INIT, order = RG_VEC_INIT;
	struct sim s;
	int rc;

	*out = NULL;
	memset(&s, 0, sizeof(s));
	if ((rc = rg_target_rows(g, rows, nrows, &cur, err)) < 0)
		goto out;
	if ((rc = collect_downgrade(g, &cur, target, warn, &c, err)) < 0 ||
	    (rc = run_emit(g, &c, &order, err)) < 0)
		goto out;
	if ((rc = sim_init(&s, g, &cur, err)) < 0)
		goto out;
	for (size_t i = 0; i < order.len; i++)
		if ((rc = sim_downgrade(&s, order.items[i])) < 0)
			goto out;
	rc = sim_finish(&s, out);
out:
	sim_release(&s);
	collected_release(&c);
	rg_vec_release(&cur);
	rg_vec_release(&order);
	return requote_multihead(rc, target, err);
}

/* ---- stamp ---- */

/* Rows related to spec (Alembic: filter_for_lineage, deps included). */
static int stamp_related(struct rg_graph *g, const struct rg_vec *cur,
			 const char *spec, struct rg_vec *rel,
			 struct rg_error *err)
{
	struct rg_vec keep = RG_VEC_INIT;
	int rc = 0;

	for (size_t i = 0; i < cur->len; i++)
		if (rg_vec_push(&keep, cur->items[i]) < 0)
			goto oom;
	if (keep.len && (rc = rg_tgt_filter_(g, &keep, spec, 1, err)) < 0)
		goto out;
	for (size_t i = 0; i < keep.len; i++)
		if (!vcontains(rel, keep.items[i]) &&
		    rg_vec_push(rel, keep.items[i]) < 0)
			goto oom;
	goto out;
oom:
	rc = enomem(err);
out:
	rg_vec_release(&keep);
	return rc;
}

/* One StampStep through HeadMaintainer.update_to_step. */
static int sim_stamp(struct sim *s, const struct rg_vec *from,
		     const struct rg_rev *to, int up, int branch_move)
{
	struct rg_step *st = new_step(s, RG_STAMP, NULL, from->len + 1);
	const char *ids[from->len + 1];
	size_t n = 0;
	int rc;

	if (!st)
		return enomem(s->err);
	for (size_t i = 0; i < from->len; i++)
		ids[i] = ((struct rg_rev *)from->items[i])->id;
	st->from_text = join_ids(&s->plan->arena, ids, from->len);
	st->to_text = to ? to->id : "";
	if (!st->from_text)
		return enomem(s->err);
	if (!to) /* a branch delete */
		return add_change(s, st, RG_VOP_DELETE, ids[0], NULL);
	/*
	 * Alembic crashes when an earlier destination already took a row
	 * this one starts from; only rows still present take part here.
	 */
	for (size_t i = 0; i < from->len; i++)
		if (row_at(s, ids[i]) >= 0)
			ids[n++] = ids[i];
	if (row_at(s, to->id) >= 0) {
		for (size_t i = 0; i < n; i++)
			if (strcmp(ids[i], to->id) &&
			    (rc = add_change(s, st, RG_VOP_DELETE, ids[i],
					     NULL)) < 0)
				return rc;
		return 0;
	}
	if ((up && (branch_move || n < from->len)) || !n)
		return add_change(s, st, RG_VOP_INSERT, NULL, to->id);
	for (size_t i = 0; i + 1 < n; i++)
		if ((rc = add_change(s, st, RG_VOP_DELETE, ids[i], NULL)) < 0)
			return rc;
	return add_change(s, st, RG_VOP_UPDATE, ids[n - 1], to->id);
}

static int stamp_dest(struct sim *s, const struct rg_vec *rel,
		      const struct rg_rev *dest)
{
	struct rg_graph *g = s->g;
	struct rg_vec none = RG_VEC_INIT;
	int below = 0, above = 0, rc;

	if (!dest) {
		for (size_t i = 0; i < rel->len; i++) {
			struct rg_vec one = {&rel->items[i], 1, 1};

			if ((rc = sim_stamp(s, &one, NULL, 0, 1)) < 0)
				return rc;
		}
		return 0;
	}
	if (vcontains(rel, dest))
		return 0;
	for (size_t i = 0; i < rel->len; i++) {
		rc = rg_graph_is_anc_(g, dest, rel->items[i], RG_E_ALL);
		if (rc < 0)
			return enomem(s->err);
		below |= rc;
		rc = rg_graph_is_anc_(g, rel->items[i], dest, RG_E_NORM);
		if (rc < 0)
			return enomem(s->err);
		above |= rc;
	}
	if (below)
		return sim_stamp(s, rel, dest, 0, 0);
	if (above)
		return sim_stamp(s, rel, dest, 1, 0);
	return sim_stamp(s, &none, dest, 1, 1);
}

int rg_plan_stamp(struct rg_graph *g, const char *const *rows, size_t nrows,
		  const char *const *targets, size_t ntargets, int purge,
		  struct rg_plan **out, struct rg_error *err)
{
	static const char *const base[] = {"base"};
	struct rg_vec cur = RG_VEC_INIT, rel = RG_VEC_INIT, dests = RG_VEC_INIT;
	struct sim s;
	int rc;

	*out = NULL;
	memset(&s, 0, sizeof(s));
	if (!ntargets) {
		targets = base;
		ntargets = 1;
	}
	if (!purge && (rc = rg_target_rows(g, rows, nrows, &cur, err)) < 0)
		goto out;
	for (size_t i = 0; i < ntargets; i++)
		if ((rc = stamp_related(g, &cur, targets[i], &rel, err)) < 0)
			goto out;
	for (size_t i = 0; i < ntargets; i++)
		if ((rc = rg_target_revisions(g, targets[i], &dests, err)) < 0)
			goto out;
	if ((rc = sim_init(&s, g, &cur, err)) < 0)
		goto out;
	s.plan->purge = purge;
	if (!dests.len)
		rc = stamp_dest(&s, &rel, NULL);
	for (size_t i = 0; rc == 0 && i < dests.len; i++) {
		const struct rg_rev *d = dests.items[i];

		rc = stamp_dest(&s, &rel, d == RG_TARGET_BASE ? NULL : d);
	}
	if (rc == 0)
		rc = sim_finish(&s, out);
out:
	if (rc == RG_EMULTIHEAD)
		rc = rg_error_set(err, RG_EMULTIHEAD, NULL, 0,
				  "Multiple heads are present; please specify "
				  "a single target revision");
	sim_release(&s);
	rg_vec_release(&cur);
	rg_vec_release(&rel);
	rg_vec_release(&dests);
	return rc;
}

/* ---- current and history ---- */

int rg_target_current(struct rg_graph *g, const char *const *rows, size_t nrows,
		      struct rg_vec *out, struct rg_error *err)
{
	struct rg_vec cur = RG_VEC_INIT;
	unsigned char *mark = NULL;
	int rc;

	if ((rc = rg_target_rows(g, rows, nrows, &cur, err)) < 0)
		goto out;
	if (!(mark = calloc(g->n ? g->n : 1, 1)) ||
	    rg_graph_mark_up_(g, (struct rg_rev **)cur.items, cur.len,
			      RG_E_NORM, mark) < 0)
		goto oom;
	for (size_t i = 0; i < g->n; i++) {
		const struct rg_rev *r = g->revs[i];
		int tip = mark[i];

		for (size_t j = 0; tip && j < r->nchildren; j++)
			tip = !mark[r->children[j]->index];
		if (tip && rg_vec_push(out, (void *)r) < 0)
			goto oom;
	}
	goto out;
oom:
	rc = enomem(err);
out:
	free(mark);
	rg_vec_release(&cur);
	return rc;
}

/* The lower bound of a history range (Alembic: get_revisions(lower)). */
static int history_lower(struct rg_graph *g, const char *lower,
			 const char *const *rows, size_t nrows,
			 struct rg_vec *cur, struct rg_error *err)
{
	int rc;

	if (!strcmp(lower, "current"))
		return rg_target_rows(g, rows, nrows, cur, err);
	if ((rc = rg_target_revisions(g, lower, cur, err)) < 0)
		return rc;
	for (size_t i = 0; i < cur->len; i++)
		if (!cur->items[i] || cur->items[i] == RG_TARGET_BASE)
			return rg_error_set(err, RG_ERROR, NULL, 0,
					    "Relative revision %s walks past "
					    "base",
					    lower);
	return 0;
}

int rg_target_history(struct rg_graph *g, const char *range,
		      const char *const *rows, size_t nrows, int have_rows,
		      struct rg_vec *out, struct rg_error *err)
{
	struct collected c = {NULL, RG_VEC_INIT};
	struct rg_vec cur = RG_VEC_INIT;
	char *lo = NULL, *hi = NULL, *colon;
	const char *upper;
	int rc;

	(void)have_rows;
	if (range) {
		const char *b = range, *e = range + strlen(range);

		if (!strchr(range, ':'))
			return rg_error_set(
				err, RG_EUSAGE, NULL, 0,
				"History range requires "
				"[start]:[end], [start]:, or :[end]");
		while (*b == ' ' || *b == '\t' || *b == '\n')
			b++;
		while (e > b &&
		       (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n'))
			e--;
		if (!(lo = strndup(b, (size_t)(e - b))))
			return enomem(err);
		colon = strchr(lo, ':');
		if (!colon || strchr(colon + 1, ':')) {
			free(lo);
			return rg_error_set(
				err, RG_EUSAGE, NULL, 0,
				"History range requires "
				"[start]:[end], [start]:, or :[end]");
		}
		*colon = '\0';
		hi = colon + 1;
	}
	upper = hi && *hi ? hi : "heads";
	if (lo && *lo &&
	    (rc = history_lower(g, lo, rows, nrows, &cur, err)) < 0)
		goto out;
	if (!strcmp(upper, "current")) {
		struct rg_vec t = RG_VEC_INIT;

		/* the rows stand in for END */
		rc = rg_target_rows(g, rows, nrows, &t, err);
		if (rc == 0)
			rc = collect_upgrade(g, upper, &t, &cur,
					     lo && *lo ? lo : NULL, 1, 0, 1, &c,
					     err);
		rg_vec_release(&t);
	} else {
		rc = collect_upgrade(g, upper, NULL, &cur,
				     lo && *lo ? lo : NULL, 1, 0, 1, &c, err);
	}
	if (rc == 0)
		rc = run_emit(g, &c, out, err);
out:
	if (rc == RG_ERROR && strstr(err->msg, "does not refer to"))
		rg_error_set(err, RG_ERROR, NULL, 0,
			     "Requested range %s:%s does not refer to "
			     "ancestor/descendant revisions along the same "
			     "branch",
			     lo && *lo ? lo : "base", upper);
	if (rc == RG_EMULTIHEAD && range)
		rg_tgt_multi_heads_(err, upper);
	collected_release(&c);
	rg_vec_release(&cur);
	free(lo);
	return rc;
}
