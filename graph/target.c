/*
 * graph/target.c - identifiers, symbols, lineage and relative walks.
 *
 * A port of the resolution half of Alembic's RevisionMap
 * (_resolve_revision_number, _revision_for_ident, filter_for_lineage,
 * _shares_lineage, _walk, get_revisions).  Alembic's user-facing text for
 * every resolution failure is "Can't locate revision identified by
 * '<x>'"; revgraph keeps that text and appends what exactly went wrong.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph/internal.h"
#include "graph/target.h"
#include "graph/tgt_internal.h"
#include "graph/banned.h"

struct rg_rev rg_target_base_;

static int enomem(struct rg_error *err)
{
	return rg_error_set(err, RG_ENOMEM, NULL, 0, "out of memory");
}

int rg_tgt_not_found_(struct rg_error *err, const char *arg, const char *why)
{
	return rg_error_set(err, RG_ENOTFOUND, NULL, 0,
			    "Can't locate revision identified by '%s'%s%s", arg,
			    why ? ": " : "", why ? why : "");
}

int rg_tgt_multi_heads_(struct rg_error *err, const char *arg)
{
	return rg_error_set(err, RG_EMULTIHEAD, NULL, 0,
			    "Multiple head revisions are present for given "
			    "argument '%s'; please specify a specific target "
			    "revision, '<branchname>@%s' to narrow to a "
			    "specific head, or 'heads' for all heads",
			    arg, arg);
}

/* ---- lineage ---- */

/* Alembic: _shares_lineage with one resolved revision to test against. */
int rg_tgt_shares_(struct rg_graph *g, const struct rg_rev *a,
		   const struct rg_rev *b, int with_deps)
{
	enum rg_edges e = with_deps ? RG_E_ALL : RG_E_VERSIONED;
	int rc = rg_graph_is_anc_(g, a, b, e);

	if (rc != 0)
		return rc;
	return rg_graph_is_anc_(g, b, a, e);
}

/*
 * Resolve what a lineage check compares against (Alembic:
 * filter_for_lineage -> _resolve_revision_number + _revision_for_ident).
 */
int rg_tgt_lineage_refs_(struct rg_graph *g, const char *check,
			 struct rg_vec *refs, struct rg_error *err)
{
	struct rg_tgt_num num = RG_TGT_NUM_INIT;
	int rc;

	if ((rc = rg_tgt_number_(g, check, &num, err)) < 0)
		goto out;
	if (num.label) {
		const struct rg_rev *r;

		if ((rc = rg_tgt_ident_(g, num.label, NULL, &r, err)) < 0)
			goto out;
		if ((rc = rg_vec_push(refs, (void *)r)) < 0)
			goto out;
	}
	for (size_t i = 0; i < num.n; i++) {
		const struct rg_rev *r = num.revs[i];

		if (!r &&
		    (rc = rg_tgt_ident_(g, num.ids[i], NULL, &r, err)) < 0)
			goto out;
		if ((rc = rg_vec_push(refs, (void *)r)) < 0)
			goto out;
	}
out:
	rg_tgt_num_release_(&num);
	return rc;
}

/* Keep the members of list (in place) that share lineage with check. */
int rg_tgt_filter_(struct rg_graph *g, struct rg_vec *list, const char *check,
		   int with_deps, struct rg_error *err)
{
	struct rg_vec refs = RG_VEC_INIT;
	size_t k = 0;
	int rc;

	if ((rc = rg_tgt_lineage_refs_(g, check, &refs, err)) < 0)
		goto out;
	for (size_t i = 0; i < list->len; i++) {
		int keep = refs.len == 0;

		for (size_t j = 0; !keep && j < refs.len; j++) {
			rc = rg_tgt_shares_(g, list->items[i], refs.items[j],
					    with_deps);
			if (rc < 0)
				goto out;
			keep = rc;
		}
		if (keep)
			list->items[k++] = list->items[i];
	}
	list->len = k;
	rc = 0;
out:
	rg_vec_release(&refs);
	return rc < 0 ? (rc == RG_ENOMEM ? enomem(err) : rc) : 0;
}

/* ---- identifiers ---- */

static int prefix_candidates(struct rg_graph *g, const char *s,
			     struct rg_vec *out)
{
	size_t lo = 0, hi, len = strlen(s);

	if (rg_graph_sort_keys_(g) < 0)
		return RG_ENOMEM;
	hi = g->nkeys;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(g->sorted[mid]->key, s) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < g->nkeys; i++) {
		struct rg_key *k = g->sorted[i];

		if (strncmp(k->key, s, len))
			break;
		if (strlen(k->key) > 3 && rg_vec_push(out, k) < 0)
			return RG_ENOMEM;
	}
	return 0;
}

static int cmp_key_order(const void *a, const void *b)
{
	const struct rg_key *x = *(struct rg_key *const *)a;
	const struct rg_key *y = *(struct rg_key *const *)b;

	return x->order < y->order ? -1 : x->order > y->order;
}

static int prefix_error(struct rg_graph *g, const char *s, struct rg_vec *cands,
			struct rg_error *err)
{
	char why[RG_ERRMSG_MAX / 2];
	size_t len = 0;

	(void)g;
	qsort(cands->items, cands->len, sizeof(void *), cmp_key_order);
	len += (size_t)snprintf(why, sizeof(why), "ambiguous prefix, matches ");
	for (size_t i = 0; i < cands->len && i < 3 && len < sizeof(why); i++)
		len += (size_t)snprintf(
			why + len, sizeof(why) - len, "%s'%s'", i ? ", " : "",
			((struct rg_key *)cands->items[i])->key);
	if (cands->len > 3 && len < sizeof(why))
		snprintf(why + len, sizeof(why) - len, ", ...");
	rg_tgt_not_found_(err, s, why);
	err->code = RG_EAMBIGUOUS;
	return RG_EAMBIGUOUS;
}

/* Alembic: _resolve_branch. */
static int resolve_branch(struct rg_graph *g, const char *label,
			  const struct rg_rev **out, struct rg_error *err)
{
	struct rg_key *k = rg_graph_key_(g, label);
	int rc;

	if (k) {
		*out = k->rev;
		return 0;
	}
	rc = rg_tgt_ident_(g, label, NULL, out, err);
	if (rc < 0 && rc != RG_ENOMEM)
		return rg_tgt_not_found_(err, label, "no such branch");
	return rc;
}

/*
 * Alembic: _revision_for_ident.  An exact key (id or label) wins;
 * otherwise a unique prefix among keys longer than 3 characters, narrowed
 * to the branch's lineage when a branch is given.
 */
int rg_tgt_ident_(struct rg_graph *g, const char *ident, const char *branch,
		  const struct rg_rev **out, struct rg_error *err)
{
	const struct rg_rev *brev = NULL, *rev = NULL;
	struct rg_vec cands = RG_VEC_INIT;
	struct rg_key *k;
	int rc = 0;

	if (branch && (rc = resolve_branch(g, branch, &brev, err)) < 0)
		return rc;
	if ((k = rg_graph_key_(g, ident))) {
		rev = k->rev;
	} else {
		if (prefix_candidates(g, ident, &cands) < 0)
			goto oom;
		if (brev) {
			size_t n = 0;

			for (size_t i = 0; i < cands.len; i++) {
				struct rg_key *c = cands.items[i];

				rc = rg_tgt_shares_(g, c->rev, brev, 0);
				if (rc < 0)
					goto oom;
				if (rc)
					cands.items[n++] = c;
			}
			cands.len = n;
		}
		if (!cands.len) {
			rc = rg_tgt_not_found_(
				err, ident,
				strlen(ident) < 4
					? "no such revision or branch; please "
					  "ensure at least four characters are "
					  "present for partial revision "
					  "identifier matches"
					: "no such revision or branch");
			goto out;
		}
		if (cands.len > 1) {
			rc = prefix_error(g, ident, &cands, err);
			goto out;
		}
		rev = ((struct rg_key *)cands.items[0])->rev;
	}
	if (brev) {
		rc = rg_tgt_shares_(g, rev, brev, 0);
		if (rc < 0)
			goto oom;
		if (!rc) {
			char why[RG_ERRMSG_MAX / 2];

			snprintf(why, sizeof(why),
				 "revision %s is not a member of branch '%s'",
				 rev->id, branch);
			rc = rg_tgt_not_found_(err, ident, why);
			goto out;
		}
	}
	*out = rev;
	rc = 0;
	goto out;
oom:
	rc = enomem(err);
out:
	rg_vec_release(&cands);
	return rc;
}

/* ---- symbols ---- */

void rg_tgt_num_release_(struct rg_tgt_num *num)
{
	free(num->label);
	free(num->ids);
	free(num->revs);
	memset(num, 0, sizeof(*num));
}

static int num_add(struct rg_tgt_num *num, const char *id,
		   const struct rg_rev *rev)
{
	if (num->n == num->cap) {
		size_t cap = num->cap ? num->cap * 2 : 4;
		const char **ids = realloc(num->ids, cap * sizeof(*ids));

		if (!ids)
			return RG_ENOMEM;
		num->ids = ids;
		const struct rg_rev **revs =
			realloc(num->revs, cap * sizeof(*revs));
		if (!revs)
			return RG_ENOMEM;
		num->revs = revs;
		num->cap = cap;
	}
	num->ids[num->n] = id;
	num->revs[num->n++] = rev;
	return 0;
}

/* Alembic: get_current_head. */
static int current_head(struct rg_graph *g, const char *label,
			struct rg_tgt_num *num, struct rg_error *err)
{
	struct rg_vec heads = RG_VEC_INIT;
	int rc;

	if ((rc = rg_graph_heads(g, 0, &heads)) < 0)
		goto out;
	if (label && (rc = rg_tgt_filter_(g, &heads, label, 0, err)) < 0)
		goto out;
	if (heads.len > 1) {
		char arg[RG_ERRMSG_MAX / 4];

		snprintf(arg, sizeof(arg), "%s%shead", label ? label : "",
			 label ? "@" : "");
		rc = rg_tgt_multi_heads_(err, arg);
		goto out;
	}
	if (heads.len) {
		const struct rg_rev *h = heads.items[0];

		rc = num_add(num, h->id, h);
	}
out:
	rg_vec_release(&heads);
	return rc == RG_ENOMEM ? enomem(err) : rc;
}

/* Alembic: _resolve_revision_number. */
int rg_tgt_number_(struct rg_graph *g, const char *spec, struct rg_tgt_num *num,
		   struct rg_error *err)
{
	const char *at = spec ? strchr(spec, '@') : NULL;
	const char *id = at ? at + 1 : spec;
	struct rg_vec heads = RG_VEC_INIT;
	int rc = 0;

	memset(num, 0, sizeof(*num));
	if (at && !(num->label = strndup(spec, (size_t)(at - spec))))
		return enomem(err);
	if (!id || !strcmp(id, "base"))
		return 0;
	if (!strcmp(id, "head"))
		return current_head(g, num->label, num, err);
	if (strcmp(id, "heads"))
		return num_add(num, id, NULL) < 0 ? enomem(err) : 0;
	if ((rc = rg_graph_heads(g, num->label == NULL, &heads)) < 0)
		goto out;
	if (num->label &&
	    (rc = rg_tgt_filter_(g, &heads, num->label, 0, err)) < 0)
		goto out;
	for (size_t i = 0; i < heads.len; i++) {
		const struct rg_rev *h = heads.items[i];

		if ((rc = num_add(num, h->id, h)) < 0)
			goto out;
	}
out:
	rg_vec_release(&heads);
	return rc == RG_ENOMEM ? enomem(err) : rc;
}

/* ---- relative forms ---- */

static int is_word(unsigned char c)
{
	return c == '_' || c >= 0x80 || (c >= '0' && c <= '9') ||
	       (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int match_rest(const char *s, struct rg_tgt_rel *rel)
{
	size_t k = 0, d;
	long long v = 0;

	while (is_word((unsigned char)s[k]))
		k++;
	if (s[k] != '+' && s[k] != '-')
		return 0;
	for (d = k + 1; s[d] >= '0' && s[d] <= '9'; d++)
		if (v < 1000000000)
			v = v * 10 + (s[d] - '0');
	if (d == k + 1)
		return 0;
	rel->symbol_len = k;
	rel->steps = s[k] == '-' ? -v : v;
	rel->rel_text = s + k;
	rel->rel_len = d - k;
	return 1;
}

/*
 * Alembic's _relative_destination, (?:(.+?)@)?(\w+)?((?:\+|-)\d+),
 * matched at the start of the string (the end is not checked).
 */
int rg_tgt_relative_(const char *s, struct rg_tgt_rel *rel)
{
	memset(rel, 0, sizeof(*rel));
	for (const char *at = s[0] ? strchr(s + 1, '@') : NULL; at;
	     at = strchr(at + 1, '@')) {
		if (memchr(s, '\n', (size_t)(at - s)))
			break;
		if (match_rest(at + 1, rel)) {
			rel->label = s;
			rel->label_len = (size_t)(at - s);
			rel->symbol = at + 1;
			return 1;
		}
	}
	if (match_rest(s, rel)) {
		rel->symbol = s;
		return 1;
	}
	return 0;
}

/* "Ambiguous walk", and where: the branch point or merge point met. */
static int ambiguous_walk(struct rg_error *err, const struct rg_rev *cur,
			  int up, const struct rg_vec *c)
{
	char ids[RG_ERRMSG_MAX / 2];
	size_t len = 0;

	ids[0] = '\0';
	for (size_t i = 0; i < c->len && len + 3 < sizeof(ids); i++) {
		const struct rg_rev *r = c->items[i];
		int n = snprintf(ids + len, sizeof(ids) - len, "%s%s",
				 i ? ", " : "", r->id);

		if (n < 0)
			break;
		len += (size_t)n;
	}
	if (!cur)
		return rg_error_set(err, RG_ERROR, NULL, 0,
				    "Ambiguous walk: there are several %s "
				    "(%s); name one",
				    up ? "bases" : "heads", ids);
	return rg_error_set(err, RG_ERROR, cur->path, 0,
			    "Ambiguous walk: %s %s (%s); name the revision "
			    "instead of a relative step",
			    cur->id, up ? "branches into" : "merges", ids);
}

/*
 * Alembic: _walk.  start: a revision, NULL (nothing) or RG_TARGET_BASE.
 * *out becomes NULL when the walk runs off the graph and overwalk is
 * not allowed; otherwise the walk stops where it is.
 */
int rg_tgt_walk_(struct rg_graph *g, const struct rg_rev *start,
		 long long steps, const char *label, int no_overwalk,
		 const struct rg_rev **out, struct rg_error *err)
{
	struct rg_vec c = RG_VEC_INIT;
	const struct rg_rev *cur = start;
	long long n = steps < 0 ? -steps : steps;
	int rc = 0;

	for (long long i = 0; i < n; i++) {
		c.len = 0;
		if (steps > 0) {
			if (cur == RG_TARGET_BASE)
				cur = NULL;
			rc = cur ? 0 : rg_graph_bases(g, &c);
			for (size_t j = 0; cur && !rc && j < cur->nchildren;
			     j++)
				rc = rg_vec_push(&c, cur->children[j]);
			if (rc < 0)
				goto oom;
			if (label &&
			    (rc = rg_tgt_filter_(g, &c, label, 0, err)) < 0)
				goto out;
		} else if (cur != RG_TARGET_BASE) {
			rc = cur ? 0 : rg_graph_heads(g, 0, &c);
			for (size_t j = 0; cur && !rc && j < cur->ndown; j++)
				rc = rg_vec_push(&c, cur->parents[j]);
			if (rc < 0)
				goto oom;
			if (!c.len && rg_vec_push(&c, RG_TARGET_BASE) < 0)
				goto oom;
		}
		if (!c.len) {
			*out = no_overwalk ? NULL : cur;
			goto out;
		}
		if (c.len > 1) {
			rc = ambiguous_walk(err, cur, steps > 0, &c);
			goto out;
		}
		cur = c.items[0];
	}
	*out = cur;
	rc = 0;
	goto out;
oom:
	rc = enomem(err);
out:
	rg_vec_release(&c);
	return rc;
}

/* ---- public ---- */

static int parse_negative(const char *s, long long *v)
{
	char *end;
	long long x;

	if (s[0] != '-' || s[1] < '0' || s[1] > '9')
		return 0;
	x = strtoll(s, &end, 10);
	if (*end)
		return 0;
	*v = x;
	return x < 0;
}

/* `-N` / `L@-N` in get_revisions: each real head walked down N. */
static int walk_heads(struct rg_graph *g, const char *label, long long steps,
		      struct rg_vec *out, struct rg_error *err)
{
	struct rg_vec heads = RG_VEC_INIT;
	int rc;

	if ((rc = rg_graph_heads(g, 1, &heads)) < 0)
		goto out;
	for (size_t i = 0; i < heads.len; i++) {
		const struct rg_rev *h = heads.items[i], *w = NULL;
		int has = !label;

		for (size_t j = 0; !has && j < h->nspread; j++)
			has = !strcmp(h->spread[j], label);
		if (!has)
			continue;
		if ((rc = rg_tgt_walk_(g, h, steps, NULL, 1, &w, err)) < 0)
			goto out;
		if ((rc = rg_vec_push(out, (void *)w)) < 0)
			goto out;
	}
out:
	rg_vec_release(&heads);
	return rc == RG_ENOMEM ? enomem(err) : rc;
}

int rg_target_revisions(struct rg_graph *g, const char *spec,
			struct rg_vec *out, struct rg_error *err)
{
	struct rg_tgt_num num;
	long long steps;
	int rc;

	if ((rc = rg_tgt_number_(g, spec, &num, err)) < 0)
		goto out;
	if (num.n == 1 && !num.revs[0] && parse_negative(num.ids[0], &steps)) {
		rc = walk_heads(g, num.label, steps, out, err);
		goto out;
	}
	for (size_t i = 0; i < num.n; i++) {
		const struct rg_rev *r = NULL;

		if ((rc = rg_tgt_ident_(g, num.ids[i], num.label, &r, err)) < 0)
			goto out;
		if (rg_vec_push(out, (void *)r) < 0) {
			rc = enomem(err);
			goto out;
		}
	}
out:
	rg_tgt_num_release_(&num);
	return rc;
}

int rg_target_revision(struct rg_graph *g, const char *spec,
		       const struct rg_rev **out, struct rg_error *err)
{
	struct rg_tgt_num num;
	int rc;

	*out = NULL;
	if ((rc = rg_tgt_number_(g, spec, &num, err)) < 0)
		goto out;
	if (num.n > 1) {
		rc = rg_tgt_multi_heads_(err, spec);
		goto out;
	}
	if (num.n == 1)
		rc = rg_tgt_ident_(g, num.ids[0], num.label, out, err);
out:
	rg_tgt_num_release_(&num);
	return rc;
}

int rg_target_rows(struct rg_graph *g, const char *const *rows, size_t nrows,
		   struct rg_vec *out, struct rg_error *err)
{
	for (size_t i = 0; i < nrows; i++) {
		const struct rg_rev *r = NULL;
		int rc = rg_tgt_ident_(g, rows[i], NULL, &r, err);

		if (rc == RG_ENOTFOUND || rc == RG_EAMBIGUOUS) {
			return rg_error_set(
				err, RG_ENOTFOUND, NULL, 0,
				"Can't locate revision identified by '%s': the "
				"version table names revision '%s', which no "
				"revision file defines (are these files older "
				"than the database? `stamp` can reset it)",
				rows[i], rows[i]);
		}
		if (rc < 0)
			return rc;
		if (rg_vec_push(out, (void *)r) < 0)
			return enomem(err);
	}
	return 0;
}
