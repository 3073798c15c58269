/*
 * tests/unit/graphspec.h - build graphs from compact literal specs.
 *
 * A spec is a list of "id|down1,down2|label1,label2|dep1,dep2" strings in
 * discovery order (empty fields allowed; trailing ones may be omitted).
 */
#ifndef RG_GRAPHSPEC_H
#define RG_GRAPHSPEC_H

#include <stdlib.h>
#include <string.h>

#include "graph/graph.h"
#include "graph/vec.h"

struct gs_rec {
	char *buf;
	const char *lists[3][16];
	size_t n[3];
};

static inline void gs_split(char *s, const char **out, size_t *n)
{
	*n = 0;
	while (s && *s) {
		char *c = strchr(s, ',');

		if (c)
			*c = '\0';
		out[(*n)++] = s;
		s = c ? c + 1 : NULL;
	}
}

/*
 * A graph borrows its records' strings, so what gs_build() parsed lives
 * until the test program exits: a list freed by an atexit() handler
 * (which runs before LeakSanitizer's check).
 */
struct gs_kept {
	struct gs_kept *next;
	struct gs_rec *gr;
	struct rg_record *recs;
	size_t n;
};

static struct gs_kept *gs_kept_list;

static inline void gs_release_all(void)
{
	while (gs_kept_list) {
		struct gs_kept *k = gs_kept_list;

		gs_kept_list = k->next;
		for (size_t i = 0; k->gr && i < k->n; i++)
			free(k->gr[i].buf);
		free(k->gr);
		free(k->recs);
		free(k);
	}
}

/* Returns rg_graph_build's code; *g is the caller's. */
static inline int gs_build(const char *const *spec, size_t n,
			   struct rg_graph **g, struct rg_error *err)
{
	static int registered;
	struct gs_kept *kept = calloc(1, sizeof(*kept));
	struct rg_record *recs = calloc(n + 1, sizeof(*recs));
	struct gs_rec *gr = calloc(n + 1, sizeof(*gr));
	int rc = RG_ENOMEM;

	*g = NULL;
	if (!kept || !recs || !gr)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		char *f[4] = {NULL, NULL, NULL, NULL};
		char *s;
		int k = 0;

		gr[i].buf = strdup(spec[i]);
		if (!(s = gr[i].buf))
			goto fail;
		f[k++] = s;
		while (k < 4 && (s = strchr(s, '|'))) {
			*s++ = '\0';
			f[k++] = s;
		}
		for (int j = 0; j < 3; j++)
			gs_split(f[j + 1], gr[i].lists[j], &gr[i].n[j]);
		recs[i].id = f[0];
		recs[i].down = gr[i].lists[0];
		recs[i].ndown = gr[i].n[0];
		recs[i].labels = gr[i].lists[1];
		recs[i].nlabels = gr[i].n[1];
		recs[i].deps = gr[i].lists[2];
		recs[i].ndeps = gr[i].n[2];
		recs[i].path = f[0];
		recs[i].longdoc = "";
	}
	rc = rg_graph_build(recs, n, g, err);
	if (!registered && atexit(gs_release_all) == 0)
		registered = 1;
	kept->gr = gr;
	kept->recs = recs;
	kept->n = n;
	kept->next = gs_kept_list;
	gs_kept_list = kept;
	return rc;
fail:
	for (size_t i = 0; gr && i < n; i++)
		free(gr[i].buf);
	free(gr);
	free(recs);
	free(kept);
	return rc;
}

/* Space-joined ids of a vec of revisions (static buffer). */
static inline const char *gs_ids(const struct rg_vec *v)
{
	static char buf[4096];
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < v->len; i++) {
		const struct rg_rev *r = v->items[i];
		const char *id = !r ? "None" : (r->id ? r->id : "base");
		size_t l = strlen(id);

		if (len + l + 2 >= sizeof(buf))
			break;
		if (i)
			buf[len++] = ' ';
		memcpy(buf + len, id, l);
		len += l;
		buf[len] = '\0';
	}
	return buf;
}

#endif
