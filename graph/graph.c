/*
 * graph/graph.c - building the revision map and walking it.
 *
 * Follows Alembic's RevisionMap (script/revision.py): ids and branch labels
 * share one key space; depends_on entries resolve to the revision that
 * declares them; dependencies that a versioned ancestor already declares
 * are "normalized" away; labels spread to descendants and, along a simple
 * strand, downwards.  Where Alembic iterates a Python set, discovery order
 * is used instead (SPEC: declared order for dependencies).
 *
 * Invariants after rg_graph_build(): the graph is acyclic along every edge
 * kind, gen[] strictly decreases along every parent edge, and every walk is
 * iterative (a 100,000-long chain must fit the default stack).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "graph/internal.h"
#include "graph/banned.h"

struct rg_key *rg_graph_key_(const struct rg_graph *g, const char *key)
{
	struct rg_key *k = NULL;

	HASH_FIND_STR(g->keys, key, k);
	return k;
}

const struct rg_rev *rg_graph_get(const struct rg_graph *g, const char *id)
{
	struct rg_key *k = rg_graph_key_(g, id);

	return k && strcmp(k->rev->id, id) == 0 ? k->rev : NULL;
}

size_t rg_graph_count(const struct rg_graph *g)
{
	return g->n;
}

const struct rg_rev *rg_graph_at(const struct rg_graph *g, size_t i)
{
	return i < g->n ? g->revs[i] : NULL;
}

void rg_graph_free(struct rg_graph *g)
{
	if (!g)
		return;
	HASH_CLEAR(hh, g->keys);
	rg_vec_release(&g->scratch);
	free(g->stamp);
	rg_arena_release(&g->arena);
	free(g);
}

void rg_graph_parents_(const struct rg_graph *g, const struct rg_rev *r,
		       enum rg_edges e, struct rg_rev ***out, size_t *n)
{
	switch (e) {
	case RG_E_VERSIONED:
		*out = r->parents;
		*n = r->ndown;
		return;
	case RG_E_NORM:
		*out = r->norm;
		*n = r->nnorm;
		return;
	case RG_E_ALL:
		*out = g->alldown[r->index];
		*n = g->nalldown[r->index];
		return;
	}
}

int rg_graph_mark_up_(struct rg_graph *g, struct rg_rev *const *starts,
		      size_t n, enum rg_edges e, unsigned char *mark)
{
	struct rg_vec *st = &g->scratch;
	struct rg_rev **ps = NULL;
	size_t np = 0;

	st->len = 0;
	for (size_t i = 0; i < n; i++) {
		if (mark[starts[i]->index])
			continue;
		mark[starts[i]->index] = 1;
		if (rg_vec_push(st, starts[i]) < 0)
			return RG_ENOMEM;
	}
	while (st->len) {
		struct rg_rev *r = rg_vec_pop(st);

		rg_graph_parents_(g, r, e, &ps, &np);
		for (size_t i = 0; i < np; i++) {
			if (mark[ps[i]->index])
				continue;
			mark[ps[i]->index] = 1;
			if (rg_vec_push(st, ps[i]) < 0)
				return RG_ENOMEM;
		}
	}
	return 0;
}

int rg_graph_mark_down_(struct rg_graph *g, struct rg_rev *const *starts,
			size_t n, enum rg_down_edges e, unsigned char *mark)
{
	struct rg_vec *st = &g->scratch;

	st->len = 0;
	for (size_t i = 0; i < n; i++) {
		if (mark[starts[i]->index])
			continue;
		mark[starts[i]->index] = 1;
		if (rg_vec_push(st, starts[i]) < 0)
			return RG_ENOMEM;
	}
	while (st->len) {
		struct rg_rev *r = rg_vec_pop(st);
		size_t nk = r->nchildren;

		if (e == RG_D_ALL)
			nk += r->ndependents;
		for (size_t i = 0; i < nk; i++) {
			struct rg_rev *c =
				i < r->nchildren
					? r->children[i]
					: r->dependents[i - r->nchildren];
			if (mark[c->index])
				continue;
			mark[c->index] = 1;
			if (rg_vec_push(st, c) < 0)
				return RG_ENOMEM;
		}
	}
	return 0;
}

/*
 * Is anc an ancestor of rev (or rev itself)?  A depth-first walk down from
 * rev that never goes below anc's generation: gen strictly decreases along
 * parent edges, so nothing below it can lead back up to anc.
 */
int rg_graph_is_anc_(struct rg_graph *g, const struct rg_rev *anc,
		     const struct rg_rev *rev, enum rg_edges e)
{
	struct rg_vec *st = &g->scratch;
	uint32_t floor = g->gen[anc->index];
	struct rg_rev **ps = NULL;
	size_t np = 0;

	if (anc == rev)
		return 1;
	if (g->gen[rev->index] <= floor)
		return 0;
	if (++g->epoch == 0) {
		memset(g->stamp, 0, g->n * sizeof(*g->stamp));
		g->epoch = 1;
	}
	st->len = 0;
	if (rg_vec_push(st, (void *)rev) < 0)
		return RG_ENOMEM;
	g->stamp[rev->index] = g->epoch;
	while (st->len) {
		struct rg_rev *r = rg_vec_pop(st);

		rg_graph_parents_(g, r, e, &ps, &np);
		for (size_t i = 0; i < np; i++) {
			struct rg_rev *p = ps[i];

			if (p == anc)
				return 1;
			if (g->stamp[p->index] == g->epoch ||
			    g->gen[p->index] <= floor)
				continue;
			g->stamp[p->index] = g->epoch;
			if (rg_vec_push(st, p) < 0)
				return RG_ENOMEM;
		}
	}
	return 0;
}

int rg_graph_is_ancestor(struct rg_graph *g, const struct rg_rev *anc,
			 const struct rg_rev *rev, int versioned)
{
	int rc = rg_graph_is_anc_(g, anc, rev,
				  versioned ? RG_E_VERSIONED : RG_E_NORM);
	return rc > 0;
}

int rg_graph_heads(const struct rg_graph *g, int real, struct rg_vec *out)
{
	for (size_t i = 0; i < g->n; i++) {
		const struct rg_rev *r = g->revs[i];

		if ((real ? r->is_real_head : r->is_head) &&
		    rg_vec_push(out, (void *)r) < 0)
			return RG_ENOMEM;
	}
	return 0;
}

int rg_graph_bases(const struct rg_graph *g, struct rg_vec *out)
{
	for (size_t i = 0; i < g->n; i++)
		if (g->revs[i]->is_base &&
		    rg_vec_push(out, (void *)g->revs[i]) < 0)
			return RG_ENOMEM;
	return 0;
}

/* ---- building ---- */

/* Alembic: Revision.verify_rev_id and the self-loop checks. */
static int check_record(const struct rg_record *rec, struct rg_error *err)
{
	char bad[8];
	size_t nb = 0;

	if (strchr(rec->id, '+'))
		bad[nb++] = '+';
	if (strchr(rec->id, '-'))
		bad[nb++] = '-';
	if (strchr(rec->id, '@'))
		bad[nb++] = '@';
	if (nb) {
		char list[16] = "";
		size_t len = 0;

		for (size_t i = 0; i < nb; i++) {
			if (i) {
				list[len++] = ',';
				list[len++] = ' ';
			}
			list[len++] = bad[i];
		}
		list[len] = '\0';
		return rg_error_set(err, RG_EGRAPH, rec->path, rec->line,
				    "Character(s) '%s' not allowed in revision "
				    "identifier '%s'",
				    list, rec->id);
	}
	for (size_t i = 0; i < rec->ndown; i++)
		if (!strcmp(rec->down[i], rec->id))
			return rg_error_set(err, RG_ECYCLE, rec->path,
					    rec->line,
					    "Self-loop is detected in "
					    "revisions (%s)",
					    rec->id);
	for (size_t i = 0; i < rec->ndeps; i++)
		if (!strcmp(rec->deps[i], rec->id))
			return rg_error_set(err, RG_ECYCLE, rec->path,
					    rec->line,
					    "Dependency self-loop is detected "
					    "in revisions (%s)",
					    rec->id);
	return 0;
}

static const char *first_para(struct rg_arena *a, const char *longdoc)
{
	const char *p = strstr(longdoc, "\n\n");

	return p ? rg_arena_strndup(a, longdoc, (size_t)(p - longdoc))
		 : longdoc;
}

static int add_key(struct rg_graph *g, const char *key, struct rg_rev *rev,
		   size_t order)
{
	struct rg_key *k = rg_arena_calloc(&g->arena, 1, sizeof(*k));

	if (!k)
		return RG_ENOMEM;
	k->key = key;
	k->rev = rev;
	k->order = order;
	rg_hash_oom_ = 0;
	HASH_ADD_KEYPTR(hh, g->keys, key, strlen(key), k);
	return rg_hash_oom_ ? RG_ENOMEM : 0;
}

static int make_rev(struct rg_graph *g, const struct rg_record *rec, size_t idx,
		    struct rg_rev **out)
{
	struct rg_arena *a = &g->arena;
	struct rg_rev *r = rg_arena_calloc(a, 1, sizeof(*r));
	static const char *const none[1] = {NULL};

	if (!r)
		return RG_ENOMEM;
	r->id = rec->id;
	r->index = idx;
	r->path = rec->path ? rec->path : "";
	r->line = rec->line;
	r->longdoc = rec->longdoc ? rec->longdoc : "";
	r->user = rec->user;
	r->ndown = rec->ndown;
	r->ndeps = rec->ndeps;
	r->nlabels = rec->nlabels;
	r->down_ids = rec->ndown ? rec->down : none;
	r->dep_strs = rec->ndeps ? rec->deps : none;
	r->labels = rec->nlabels ? rec->labels : none;
	r->parents = rg_arena_calloc(a, rec->ndown + 1, sizeof(*r->parents));
	r->deps = rg_arena_calloc(a, rec->ndeps + 1, sizeof(*r->deps));
	if (!r->parents || !r->deps)
		return RG_ENOMEM;
	r->doc = first_para(a, r->longdoc);
	if (!r->doc)
		return RG_ENOMEM;
	r->is_base = rec->ndown == 0;
	r->is_merge_point = rec->ndown > 1;
	*out = r;
	return 0;
}

/* Pass 1: revisions and their ids; Alembic's per-file checks first. */
static int build_revs(struct rg_graph *g, const struct rg_record *recs,
		      size_t n, struct rg_error *err)
{
	int rc;

	for (size_t i = 0; i < n; i++) {
		struct rg_key *k;

		/* a second file with one id says most about what is wrong */
		if ((k = rg_graph_key_(g, recs[i].id)))
			return rg_error_set(err, RG_EGRAPH, recs[i].path,
					    recs[i].line,
					    "revision '%s' is defined twice: "
					    "%s and %s",
					    recs[i].id, k->rev->path,
					    recs[i].path ? recs[i].path : "");
		if ((rc = check_record(&recs[i], err)) < 0)
			return rc;
		if ((rc = make_rev(g, &recs[i], i, &g->revs[i])) < 0)
			return rc;
		if ((rc = add_key(g, g->revs[i]->id, g->revs[i], i)) < 0)
			return rc;
	}
	return 0;
}

/* Alembic: RevisionMap._map_branch_labels. */
static int map_labels(struct rg_graph *g, struct rg_error *err)
{
	size_t order = g->n;
	int rc;

	for (size_t i = 0; i < g->n; i++) {
		struct rg_rev *r = g->revs[i];

		for (size_t j = 0; j < r->nlabels; j++) {
			struct rg_key *k = rg_graph_key_(g, r->labels[j]);

			if (k && k->rev == r && strcmp(k->key, r->id))
				continue; /* the same label declared twice */
			if (k)
				return rg_error_set(
					err, RG_EGRAPH, r->path, r->line,
					"Branch name '%s' in revision %s "
					"already used by revision %s",
					r->labels[j], r->id, k->rev->id);
			if ((rc = add_key(g, r->labels[j], r, order++)) < 0)
				return rc;
		}
	}
	return 0;
}

static int contains(struct rg_rev *const *list, size_t n,
		    const struct rg_rev *r)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] == r)
			return 1;
	return 0;
}

/* Alembic: _add_depends_on and the down-revision links. */
static int link_revs(struct rg_graph *g, struct rg_error *err)
{
	for (size_t i = 0; i < g->n; i++) {
		struct rg_rev *r = g->revs[i];
		struct rg_rev **all;
		size_t na = 0;

		for (size_t j = 0; j < r->ndeps; j++) {
			struct rg_key *k = rg_graph_key_(g, r->dep_strs[j]);

			if (!k)
				return rg_error_set(
					err, RG_EGRAPH, r->path, r->line,
					"revision '%s' depends on '%s', which "
					"is not present (depends_on takes "
					"full revision ids or branch labels)",
					r->id, r->dep_strs[j]);
			if (!contains(r->deps, r->nresdeps, k->rev))
				r->deps[r->nresdeps++] = k->rev;
		}
		for (size_t j = 0; j < r->ndown; j++) {
			struct rg_key *k = rg_graph_key_(g, r->down_ids[j]);

			if (!k || strcmp(k->rev->id, r->down_ids[j]))
				return rg_error_set(
					err, RG_EGRAPH, r->path, r->line,
					"revision '%s' has down_revision '%s', "
					"which is not present",
					r->id, r->down_ids[j]);
			r->parents[j] = k->rev;
		}
		all = rg_arena_calloc(&g->arena, r->ndown + r->nresdeps + 1,
				      sizeof(*all));
		if (!all)
			return RG_ENOMEM;
		for (size_t j = 0; j < r->ndown; j++)
			if (!contains(all, na, r->parents[j]))
				all[na++] = r->parents[j];
		for (size_t j = 0; j < r->nresdeps; j++)
			if (!contains(all, na, r->deps[j]))
				all[na++] = r->deps[j];
		g->alldown[i] = all;
		g->nalldown[i] = na;
	}
	return 0;
}

/* Children and dependents lists, in discovery order. */
static int link_children(struct rg_graph *g)
{
	struct rg_arena *a = &g->arena;

	for (size_t i = 0; i < g->n; i++) {
		struct rg_rev *r = g->revs[i];

		for (size_t j = 0; j < r->ndown; j++)
			if (j == 0 || !contains(r->parents, j, r->parents[j]))
				r->parents[j]->nchildren++;
		for (size_t j = 0; j < r->nresdeps; j++)
			r->deps[j]->ndependents++;
	}
	for (size_t i = 0; i < g->n; i++) {
		struct rg_rev *r = g->revs[i];

		r->children = rg_arena_calloc(a, r->nchildren + 1,
					      sizeof(*r->children));
		r->dependents = rg_arena_calloc(a, r->ndependents + 1,
						sizeof(*r->dependents));
		if (!r->children || !r->dependents)
			return RG_ENOMEM;
		r->is_branch_point = r->nchildren > 1;
		r->is_head = r->nchildren == 0;
		r->is_real_head = r->nchildren == 0 && r->ndependents == 0;
		r->nchildren = r->ndependents = 0;
	}
	for (size_t i = 0; i < g->n; i++) {
		struct rg_rev *r = g->revs[i];

		for (size_t j = 0; j < r->ndown; j++) {
			struct rg_rev *p = r->parents[j];

			if (!contains(p->children, p->nchildren, r))
				p->children[p->nchildren++] = r;
		}
		for (size_t j = 0; j < r->nresdeps; j++)
			r->deps[j]->dependents[r->deps[j]->ndependents++] = r;
	}
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* "Cycle is detected in revisions (a, b)" with the ids listed. */
static int cycle_error(struct rg_graph *g, const unsigned char *keep,
		       int sorted, int dep, struct rg_error *err)
{
	struct rg_buf b = RG_BUF_INIT;
	const char **ids = calloc(g->n ? g->n : 1, sizeof(*ids));
	const char *path = NULL;
	size_t k = 0;
	int line = 0;

	if (!ids)
		return RG_ENOMEM;
	for (size_t i = 0; i < g->n; i++) {
		if (keep && keep[i])
			continue;
		if (!path) {
			path = g->revs[i]->path;
			line = g->revs[i]->line;
		}
		ids[k++] = g->revs[i]->id;
	}
	if (sorted)
		qsort(ids, k, sizeof(*ids), cmp_str);
	for (size_t i = 0; i < k; i++)
		rg_buf_addf(&b, "%s%s", i ? ", " : "", ids[i]);
	rg_error_set(err, RG_ECYCLE, path, line,
		     "%s is detected in revisions (%s)",
		     dep ? "Dependency cycle" : "Cycle",
		     rg_buf_oom(&b) ? "..." : b.buf);
	rg_buf_release(&b);
	free(ids);
	return RG_ECYCLE;
}

/*
 * Alembic: RevisionMap._detect_cycles.  What is not both an ancestor of a
 * head and a descendant of a base lies on (or hangs off) a cycle.
 */
static int detect_cycles_kind(struct rg_graph *g, int dep, struct rg_error *err)
{
	unsigned char *up = NULL, *down = NULL;
	struct rg_vec heads = RG_VEC_INIT, bases = RG_VEC_INIT;
	int rc = RG_ENOMEM, bad = 0;

	for (size_t i = 0; i < g->n; i++) {
		struct rg_rev *r = g->revs[i];
		int head = dep ? r->is_real_head : r->is_head;
		int base = dep ? (r->ndown == 0 && r->ndeps == 0) : r->is_base;

		if ((head && rg_vec_push(&heads, r) < 0) ||
		    (base && rg_vec_push(&bases, r) < 0))
			goto out;
	}
	if (!heads.len || !bases.len) {
		rc = cycle_error(g, NULL, 0, dep, err);
		goto out;
	}
	up = calloc(g->n, 1);
	down = calloc(g->n, 1);
	if (!up || !down)
		goto out;
	if (rg_graph_mark_up_(g, (struct rg_rev **)heads.items, heads.len,
			      dep ? RG_E_ALL : RG_E_VERSIONED, up) < 0 ||
	    rg_graph_mark_down_(g, (struct rg_rev **)bases.items, bases.len,
				dep ? RG_D_ALL : RG_D_CHILDREN, down) < 0)
		goto out;
	for (size_t i = 0; i < g->n; i++) {
		up[i] = up[i] && down[i];
		bad |= !up[i];
	}
	rc = bad ? cycle_error(g, up, 1, dep, err) : 0;
out:
	rg_vec_release(&heads);
	rg_vec_release(&bases);
	free(up);
	free(down);
	return rc;
}

/*
 * Generations by Kahn's algorithm over every parent edge.  Also catches
 * the cycles Alembic's check above lets through (a cycle that is both
 * reachable from a base and below a head).
 */
static int compute_gen(struct rg_graph *g, struct rg_error *err)
{
	uint32_t *pending = calloc(g->n ? g->n : 1, sizeof(*pending));
	struct rg_vec q = RG_VEC_INIT;
	size_t done = 0;
	int rc = RG_ENOMEM;

	if (!pending)
		return RG_ENOMEM;
	for (size_t i = 0; i < g->n; i++) {
		pending[i] = (uint32_t)g->nalldown[i];
		g->gen[i] = 1;
		if (!pending[i] && rg_vec_push(&q, g->revs[i]) < 0)
			goto out;
	}
	while (q.len) {
		struct rg_rev *r = rg_vec_pop(&q);
		size_t nk = r->nchildren + r->ndependents;

		done++;
		for (size_t i = 0; i < nk; i++) {
			struct rg_rev *c =
				i < r->nchildren
					? r->children[i]
					: r->dependents[i - r->nchildren];
			/* a child that is also a dependent has one edge */
			if (i >= r->nchildren &&
			    contains(r->children, r->nchildren, c))
				continue;
			if (g->gen[c->index] < g->gen[r->index] + 1)
				g->gen[c->index] = g->gen[r->index] + 1;
			if (--pending[c->index] == 0 && rg_vec_push(&q, c) < 0)
				goto out;
		}
	}
	if (done < g->n) {
		unsigned char *keep = calloc(g->n, 1);

		if (!keep)
			goto out;
		for (size_t i = 0; i < g->n; i++)
			keep[i] = pending[i] == 0;
		rc = cycle_error(g, keep, 1, 0, err);
		free(keep);
		goto out;
	}
	rc = 0;
out:
	rg_vec_release(&q);
	free(pending);
	return rc;
}

/* Versioned proper ancestors of r, listed in out; mark[] left set. */
static int list_versioned_ancestors(struct rg_rev *r, unsigned char *mark,
				    struct rg_vec *out)
{
	size_t at = out->len = 0;

	for (size_t j = 0; j < r->ndown; j++) {
		if (mark[r->parents[j]->index])
			continue;
		mark[r->parents[j]->index] = 1;
		if (rg_vec_push(out, r->parents[j]) < 0)
			return RG_ENOMEM;
	}
	while (at < out->len) {
		struct rg_rev *x = out->items[at++];

		for (size_t j = 0; j < x->ndown; j++) {
			if (mark[x->parents[j]->index])
				continue;
			mark[x->parents[j]->index] = 1;
			if (rg_vec_push(out, x->parents[j]) < 0)
				return RG_ENOMEM;
		}
	}
	return 0;
}

/*
 * Alembic: _normalize_depends_on.  A dependency is dropped when a proper
 * versioned ancestor declares it too; declared order is kept.  Only
 * revisions with dependencies pay for the ancestor walk.
 */
static int normalize(struct rg_graph *g)
{
	unsigned char *anc = NULL, *declared = NULL;
	struct rg_vec seen = RG_VEC_INIT, decl = RG_VEC_INIT;
	struct rg_arena *a = &g->arena;
	int rc = RG_ENOMEM;

	if (!(anc = calloc(g->n ? g->n : 1, 1)) ||
	    !(declared = calloc(g->n ? g->n : 1, 1)))
		goto out;
	for (size_t i = 0; i < g->n; i++) {
		struct rg_rev *r = g->revs[i];
		size_t nn = 0;

		r->norm = rg_arena_calloc(a, r->ndown + r->nresdeps + 1,
					  sizeof(*r->norm));
		if (!r->norm)
			goto out;
		for (size_t j = 0; j < r->ndown; j++)
			if (!contains(r->norm, nn, r->parents[j]))
				r->norm[nn++] = r->parents[j];
		if (r->nresdeps) {
			if (list_versioned_ancestors(r, anc, &seen) < 0)
				goto out;
			decl.len = 0;
			for (size_t k = 0; k < seen.len; k++) {
				struct rg_rev *x = seen.items[k];

				anc[x->index] = 0;
				if (x == r)
					continue;
				for (size_t d = 0; d < x->nresdeps; d++) {
					if (declared[x->deps[d]->index])
						continue;
					declared[x->deps[d]->index] = 1;
					if (rg_vec_push(&decl, x->deps[d]) < 0)
						goto out;
				}
			}
			for (size_t j = 0; j < r->nresdeps; j++)
				if (!declared[r->deps[j]->index] &&
				    !contains(r->norm, nn, r->deps[j]))
					r->norm[nn++] = r->deps[j];
			for (size_t k = 0; k < decl.len; k++)
				declared[((struct rg_rev *)decl.items[k])
						 ->index] = 0;
		}
		r->nnorm = nn;
	}
	rc = 0;
out:
	rg_vec_release(&seen);
	rg_vec_release(&decl);
	free(anc);
	free(declared);
	return rc;
}

struct label_pair {
	size_t index;
	const char *label;
};

static int cmp_pair(const void *a, const void *b)
{
	const struct label_pair *x = a, *y = b;

	if (x->index != y->index)
		return x->index < y->index ? -1 : 1;
	return strcmp(x->label, y->label);
}

static int real_bp(const struct rg_rev *r)
{
	size_t n = r->nchildren;

	for (size_t i = 0; i < r->ndependents; i++)
		if (!contains(r->children, r->nchildren, r->dependents[i]))
			n++;
	return n > 1;
}

struct pairs {
	struct label_pair *items;
	size_t len, alloc;
};

static int add_pairs(struct pairs *ps, const struct rg_rev *node,
		     const struct rg_rev *decl)
{
	for (size_t j = 0; j < decl->nlabels; j++) {
		if (ps->len == ps->alloc) {
			size_t cap = ps->alloc ? ps->alloc * 2 : 64;
			void *p = realloc(ps->items, cap * sizeof(*ps->items));

			if (!p)
				return RG_ENOMEM;
			ps->items = p;
			ps->alloc = cap;
		}
		ps->items[ps->len].index = node->index;
		ps->items[ps->len++].label = decl->labels[j];
	}
	return 0;
}

/* Alembic: RevisionMap._add_branches (see graph.h: rg_rev.spread). */
static int spread_one(struct rg_graph *g, struct rg_rev *r, unsigned char *mark,
		      struct pairs *ps)
{
	struct rg_vec *st = &g->scratch;
	struct rg_vec seen = RG_VEC_INIT;
	int strand = 1, rc = RG_ENOMEM;

	if (rg_graph_mark_down_(g, &r, 1, RG_D_CHILDREN, mark) < 0)
		return RG_ENOMEM;
	/* mark_down_ leaves its visit order nowhere; collect by a re-walk */
	if (rg_vec_push(&seen, r) < 0)
		goto out;
	mark[r->index] = 2;
	for (size_t at = 0; at < seen.len; at++) {
		struct rg_rev *x = seen.items[at];

		if (real_bp(x) || x->is_merge_point)
			strand = 0;
		if (add_pairs(ps, x, r) < 0)
			goto out;
		for (size_t i = 0; i < x->nchildren; i++) {
			if (mark[x->children[i]->index] != 1)
				continue;
			mark[x->children[i]->index] = 2;
			if (rg_vec_push(&seen, x->children[i]) < 0)
				goto out;
		}
	}
	for (size_t at = 0; at < seen.len; at++)
		mark[((struct rg_rev *)seen.items[at])->index] = 0;
	(void)st;
	if (strand && r->ndown == 1) {
		struct rg_rev *p = r->parents[0];

		while (p && !real_bp(p) && !p->is_merge_point) {
			if (add_pairs(ps, p, r) < 0)
				goto out;
			p = p->ndown ? p->parents[0] : NULL;
		}
	}
	rc = 0;
out:
	rg_vec_release(&seen);
	return rc;
}

static int spread_labels(struct rg_graph *g)
{
	struct pairs ps = {NULL, 0, 0};
	unsigned char *mark = calloc(g->n ? g->n : 1, 1);
	int rc = RG_ENOMEM;
	size_t i = 0;

	if (!mark)
		return RG_ENOMEM;
	for (size_t k = 0; k < g->n; k++)
		if (g->revs[k]->nlabels &&
		    spread_one(g, g->revs[k], mark, &ps) < 0)
			goto out;
	if (ps.len)
		qsort(ps.items, ps.len, sizeof(*ps.items), cmp_pair);
	while (i < ps.len) {
		struct rg_rev *r = g->revs[ps.items[i].index];
		size_t j = i, n = 0;

		while (j < ps.len && ps.items[j].index == r->index)
			j++;
		r->spread = rg_arena_calloc(&g->arena, j - i, sizeof(char *));
		if (!r->spread)
			goto out;
		for (size_t k = i; k < j; k++)
			if (!n || strcmp(r->spread[n - 1], ps.items[k].label))
				r->spread[n++] = ps.items[k].label;
		r->nspread = n;
		i = j;
	}
	rc = 0;
out:
	free(ps.items);
	free(mark);
	return rc;
}

static int cmp_key(const void *a, const void *b)
{
	const struct rg_key *x = *(struct rg_key *const *)a;
	const struct rg_key *y = *(struct rg_key *const *)b;

	return strcmp(x->key, y->key);
}

/* The sorted key index for prefix lookups, built on first use. */
int rg_graph_sort_keys_(struct rg_graph *g)
{
	struct rg_key *k = NULL, *tmp = NULL;
	size_t i = 0;

	if (g->sorted)
		return 0;
	g->nkeys = HASH_COUNT(g->keys);
	g->sorted =
		rg_arena_calloc(&g->arena, g->nkeys + 1, sizeof(*g->sorted));
	if (!g->sorted)
		return RG_ENOMEM;
	HASH_ITER(hh, g->keys, k, tmp)
	g->sorted[i++] = k;
	qsort(g->sorted, g->nkeys, sizeof(*g->sorted), cmp_key);
	return 0;
}

static int build_all(struct rg_graph *g, const struct rg_record *recs, size_t n,
		     struct rg_error *err)
{
	int rc;

	g->n = n;
	g->revs = rg_arena_calloc(&g->arena, n + 1, sizeof(*g->revs));
	g->alldown = rg_arena_calloc(&g->arena, n + 1, sizeof(*g->alldown));
	g->nalldown = rg_arena_calloc(&g->arena, n + 1, sizeof(size_t));
	g->gen = rg_arena_calloc(&g->arena, n + 1, sizeof(*g->gen));
	g->stamp = calloc(n + 1, sizeof(*g->stamp));
	if (!g->revs || !g->alldown || !g->nalldown || !g->gen || !g->stamp)
		return RG_ENOMEM;
	if ((rc = build_revs(g, recs, n, err)) < 0 ||
	    (rc = map_labels(g, err)) < 0 || (rc = link_revs(g, err)) < 0 ||
	    (rc = link_children(g)) < 0)
		return rc;
	/*
	 * Kahn's algorithm finds every cycle; Alembic's check, which costs
	 * four walks of the whole graph, runs only then, for its message
	 * (on an acyclic graph it never fires).
	 */
	if (n && (rc = compute_gen(g, err)) < 0) {
		if (rc == RG_ECYCLE) {
			int arc = detect_cycles_kind(g, 0, err);

			if (arc == 0)
				arc = detect_cycles_kind(g, 1, err);
			if (arc == 0) /* a cycle Alembic would not report */
				return compute_gen(g, err);
			return arc;
		}
		return rc;
	}
	if ((rc = normalize(g)) < 0 || (rc = spread_labels(g)) < 0)
		return rc;
	return 0;
}

int rg_graph_build(const struct rg_record *recs, size_t n,
		   struct rg_graph **out, struct rg_error *err)
{
	struct rg_graph *g = calloc(1, sizeof(*g));
	int rc;

	*out = NULL;
	if (!g)
		return rg_error_set(err, RG_ENOMEM, NULL, 0, "out of memory");
	rc = build_all(g, recs, n, err);
	if (rc < 0) {
		if (rc == RG_ENOMEM)
			rg_error_set(err, RG_ENOMEM, NULL, 0, "out of memory");
		rg_graph_free(g);
		return rc;
	}
	*out = g;
	return 0;
}

/*
 * ---- emit order ----
 *
 * Alembic's _topological_sort keeps, for every pending tip, the set of its
 * ancestors, and recomputes it at every merge: quadratic on long branchy
 * histories.  Here each tip explores its ancestry lazily, highest
 * generation first, only as deep as the questions asked of it require;
 * the answers are the same.
 */
struct tipst {
	struct rg_rev *tip;
	struct rg_rev **heap; /* max-heap by gen: the unexplored frontier */
	size_t hn, hcap;
	uint32_t *set; /* open addressing: index + 1, 0 = empty */
	size_t scap, scount;
};

static void tip_release(struct tipst *t)
{
	free(t->heap);
	free(t->set);
	memset(t, 0, sizeof(*t));
}

static int set_has(const struct tipst *t, size_t idx)
{
	size_t m = t->scap - 1, h = (idx * 2654435761u) & m;

	while (t->set[h]) {
		if (t->set[h] == idx + 1)
			return 1;
		h = (h + 1) & m;
	}
	return 0;
}

static int set_add(struct tipst *t, size_t idx)
{
	size_t m, h;

	if ((t->scount + 1) * 2 > t->scap) {
		size_t ncap = t->scap ? t->scap * 2 : 16;
		uint32_t *old = t->set, *nw = calloc(ncap, sizeof(*nw));
		size_t ocap = t->scap;

		if (!nw)
			return RG_ENOMEM;
		t->set = nw;
		t->scap = ncap;
		t->scount = 0;
		for (size_t i = 0; i < ocap; i++)
			if (old[i] && set_add(t, old[i] - 1) < 0)
				return RG_ENOMEM;
		free(old);
	}
	m = t->scap - 1;
	h = (idx * 2654435761u) & m;
	while (t->set[h]) {
		if (t->set[h] == idx + 1)
			return 0;
		h = (h + 1) & m;
	}
	t->set[h] = (uint32_t)(idx + 1);
	t->scount++;
	return 1;
}

static int heap_push(const struct rg_graph *g, struct tipst *t,
		     struct rg_rev *r)
{
	size_t i;

	if (t->hn == t->hcap) {
		size_t cap = t->hcap ? t->hcap * 2 : 16;
		void *p = realloc(t->heap, cap * sizeof(*t->heap));

		if (!p)
			return RG_ENOMEM;
		t->heap = p;
		t->hcap = cap;
	}
	i = t->hn++;
	while (i && g->gen[t->heap[(i - 1) / 2]->index] < g->gen[r->index]) {
		t->heap[i] = t->heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	t->heap[i] = r;
	return 0;
}

static struct rg_rev *heap_pop(const struct rg_graph *g, struct tipst *t)
{
	struct rg_rev *top = t->heap[0], *last = t->heap[--t->hn];
	size_t i = 0;

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= t->hn)
			break;
		if (c + 1 < t->hn &&
		    g->gen[t->heap[c + 1]->index] > g->gen[t->heap[c]->index])
			c++;
		if (g->gen[t->heap[c]->index] <= g->gen[last->index])
			break;
		t->heap[i] = t->heap[c];
		i = c;
	}
	if (t->hn)
		t->heap[i] = last;
	return top;
}

static int tip_init(const struct rg_graph *g, struct tipst *t,
		    struct rg_rev *tip)
{
	tip_release(t);
	t->tip = tip;
	if (set_add(t, tip->index) < 0 || heap_push(g, t, tip) < 0)
		return RG_ENOMEM;
	return 0;
}

/* 1 if c is tip t or one of its ancestors (normalized parents). */
static int tip_has(const struct rg_graph *g, struct tipst *t,
		   const struct rg_rev *c)
{
	uint32_t floor = g->gen[c->index];

	if (t->tip == c)
		return 1;
	if (g->gen[t->tip->index] <= floor)
		return 0;
	while (t->hn && g->gen[t->heap[0]->index] > floor) {
		struct rg_rev *x = heap_pop(g, t);

		for (size_t i = 0; i < x->nnorm; i++) {
			int rc = set_add(t, x->norm[i]->index);

			if (rc < 0)
				return rc;
			if (rc && heap_push(g, t, x->norm[i]) < 0)
				return RG_ENOMEM;
		}
	}
	return set_has(t, c->index);
}

struct tips {
	struct tipst *v;
	size_t n, cap;
};

static int tips_push(const struct rg_graph *g, struct tips *ts,
		     struct rg_rev *r)
{
	if (ts->n == ts->cap) {
		size_t cap = ts->cap ? ts->cap * 2 : 8;
		struct tipst *p = realloc(ts->v, cap * sizeof(*p));

		if (!p)
			return RG_ENOMEM;
		memset(p + ts->n, 0, (cap - ts->n) * sizeof(*p));
		ts->v = p;
		ts->cap = cap;
	}
	return tip_init(g, &ts->v[ts->n++], r);
}

static int is_tip(const struct tips *ts, const struct rg_rev *r)
{
	for (size_t i = 0; i < ts->n; i++)
		if (ts->v[i].tip == r)
			return 1;
	return 0;
}

static int cmp_rev_index(const void *a, const void *b)
{
	const struct rg_rev *x = *(struct rg_rev *const *)a;
	const struct rg_rev *y = *(struct rg_rev *const *)b;

	return x->index < y->index ? -1 : x->index > y->index;
}

/* Steps 2.2-2.4 of the emit loop for the tip under the cursor. */
static int emit_advance(struct rg_graph *g, struct tips *ts, size_t *cur,
			unsigned char *mark)
{
	struct tipst *t = &ts->v[*cur];
	struct rg_rev *c = t->tip, *first = NULL;
	int plain = c->ndown == 1 && c->nnorm == 1;

	for (size_t i = 0; i < c->nnorm; i++) {
		struct rg_rev *p = c->norm[i];

		if (!mark[p->index] || is_tip(ts, p))
			continue;
		if (!first) {
			first = p;
			continue;
		}
		if (tips_push(g, ts, p) < 0)
			return RG_ENOMEM;
		t = &ts->v[*cur]; /* tips_push may move the array */
	}
	if (!first) {
		tip_release(&ts->v[*cur]);
		memmove(&ts->v[*cur], &ts->v[*cur + 1],
			(ts->n - *cur - 1) * sizeof(*ts->v));
		ts->n--;
		memset(&ts->v[ts->n], 0, sizeof(*ts->v));
		if (*cur)
			(*cur)--;
		return 0;
	}
	if (plain) {
		t->tip = first; /* ancestors(first) = ancestors(c) - c */
		return 0;
	}
	return tip_init(g, t, first);
}

int rg_graph_emit_order_(struct rg_graph *g, unsigned char *mark,
			 struct rg_rev *const *heads, size_t nheads,
			 struct rg_vec *out)
{
	struct tips ts = {NULL, 0, 0};
	struct rg_rev **start = NULL;
	size_t ns = 0, cur = 0;
	int rc = RG_ENOMEM;

	start = calloc(nheads + 1, sizeof(*start));
	if (!start)
		goto out;
	for (size_t i = 0; i < nheads; i++)
		if (mark[heads[i]->index] && !contains(start, ns, heads[i]))
			start[ns++] = heads[i];
	qsort(start, ns, sizeof(*start), cmp_rev_index);
	for (size_t i = 0; i < ns; i++)
		if (tips_push(g, &ts, start[i]) < 0)
			goto out;
	while (ts.n) {
		struct rg_rev *c = ts.v[cur].tip;
		size_t i;

		for (i = 0; i < ts.n; i++) {
			int has;

			if (i == cur)
				continue;
			has = tip_has(g, &ts.v[i], c);
			if (has < 0)
				goto out;
			if (has)
				break;
		}
		if (i < ts.n) {
			cur = i;
			continue;
		}
		if (mark[c->index]) {
			mark[c->index] = 0;
			if (rg_vec_push(out, c) < 0)
				goto out;
		}
		if (emit_advance(g, &ts, &cur, mark) < 0)
			goto out;
	}
	rc = 0;
out:
	for (size_t i = 0; i < ts.n; i++)
		tip_release(&ts.v[i]);
	free(ts.v);
	free(start);
	return rc;
}
