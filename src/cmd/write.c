/*
 * src/cmd/write.c - init, revision and merge: the commands that write
 * files (Alembic: command.init, command.revision, command.merge and
 * ScriptDirectory.generate_revision).
 */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "graph/buf.h"
#include "graph/target.h"
#include "src/cmd/cmd.h"

static int oom(struct rg_ctx *ctx)
{
	return rg_error_set(&ctx->err, RG_ENOMEM, NULL, 0, "out of memory");
}

int cmd_init(int argc, char **argv, struct rg_ctx *ctx)
{
	struct rg_buf log = RG_BUF_INIT;
	int rc;

	if (argc != 1)
		return rg_error_set(&ctx->err, RG_EUSAGE, NULL, 0,
				    "init takes one directory");
	rc = rg_init_project(argv[0], &log, &ctx->err);
	if (rc == 0)
		rc = rg_ctx_out(ctx, log.buf, log.len);
	rg_buf_release(&log);
	return rc;
}

/* Local time as Python prints a naive datetime. */
static void create_date(char *out, size_t n)
{
	struct timeval tv;
	struct tm tm;
	size_t len;

	gettimeofday(&tv, NULL);
	localtime_r(&tv.tv_sec, &tm);
	len = strftime(out, n, "%Y-%m-%d %H:%M:%S", &tm);
	if (tv.tv_usec && len < n)
		snprintf(out + len, n - len, ".%06ld", (long)tv.tv_usec);
}

/* Which versions directory the new file goes to (Alembic's rules). */
static int pick_dir(struct rg_ctx *ctx, const struct rg_vec *heads,
		    struct rg_buf *dir)
{
	const char *const *dirs =
		ctx->opt.versions.len
			? (const char *const *)ctx->opt.versions.items
			: (const char *const *)ctx->cfg.version_dirs;
	size_t ndirs =
		ctx->opt.versions.len ? ctx->opt.versions.len : ctx->cfg.ndirs;
	struct rg_buf a = RG_BUF_INIT, b = RG_BUF_INIT;
	int rc = 0, found = 0;

	if (ctx->opt.version_path) {
		if ((rc = rg_path_abs(ctx->opt.version_path, &a, &ctx->err)) <
		    0)
			goto out;
		for (size_t i = 0; !found && i < ndirs; i++) {
			rg_buf_reset(&b);
			if ((rc = rg_path_abs(dirs[i], &b, &ctx->err)) < 0)
				goto out;
			found = !strcmp(a.buf, b.buf);
		}
		if (!found) {
			rc = rg_error_set(&ctx->err, RG_ERROR, NULL, 0,
					  "Path %s is not represented in "
					  "current version locations",
					  a.buf);
			goto out;
		}
		rg_buf_adds(dir, a.buf);
	} else if (ndirs > 1) {
		for (size_t i = 0; !found && i < heads->len; i++) {
			const struct rg_rev *h = heads->items[i];
			char *p = strdup(h->path);

			if (!p) {
				rc = oom(ctx);
				goto out;
			}
			rg_buf_adds(dir, dirname(p));
			free(p);
			found = 1;
		}
		if (!found)
			rc = rg_error_set(&ctx->err, RG_EUSAGE, NULL, 0,
					  "Multiple version locations present, "
					  "please specify --version-path");
	} else {
		rg_buf_adds(dir, dirs[0]);
	}
out:
	rg_buf_release(&a);
	rg_buf_release(&b);
	return rc;
}

/* --depends-on: a label stays a label, anything else the full id. */
static int resolve_deps(struct rg_ctx *ctx, struct rg_vec *deps)
{
	for (size_t i = 0; i < ctx->opt.depends_on.len; i++) {
		const char *d = ctx->opt.depends_on.items[i];
		const struct rg_rev *r = NULL;
		const char *w;
		int rc, label = 0;

		if ((rc = rg_target_revision(ctx->graph, d, &r, &ctx->err)) < 0)
			return rc;
		if (!r)
			return rg_error_set(&ctx->err, RG_ENOTFOUND, NULL, 0,
					    "Can't locate revision identified "
					    "by '%s'",
					    d);
		for (size_t j = 0; j < r->nspread; j++)
			label |= !strcmp(r->spread[j], d);
		w = label ? d : r->id;
		if (rg_vec_push(deps, (void *)w) < 0)
			return oom(ctx);
	}
	return 0;
}

static int check_heads(struct rg_ctx *ctx, const struct rg_vec *heads,
		       int splice)
{
	for (size_t i = 0; i < heads->len; i++) {
		const struct rg_rev *h = heads->items[i];

		for (size_t j = 0; j < i; j++)
			if (heads->items[j] == h)
				return rg_error_set(&ctx->err, RG_EUSAGE, NULL,
						    0,
						    "Duplicate head revisions "
						    "specified");
	}
	for (size_t i = 0; !splice && i < heads->len; i++) {
		const struct rg_rev *h = heads->items[i];

		if (!h->is_head)
			return rg_error_set(&ctx->err, RG_ERROR, h->path,
					    h->line,
					    "Revision %s is not a head "
					    "revision; please specify --splice "
					    "to create a new branch from this "
					    "revision",
					    h->id);
	}
	return 0;
}

/* Resolve the parents named by specs[0..n) (Alembic: get_revisions). */
static int resolve_heads(struct rg_ctx *ctx, char **specs, size_t n,
			 struct rg_vec *heads)
{
	for (size_t i = 0; i < n; i++) {
		int rc = rg_target_revisions(ctx->graph, specs[i], heads,
					     &ctx->err);

		if (rc == RG_EMULTIHEAD)
			return rg_error_set(&ctx->err, RG_EMULTIHEAD, NULL, 0,
					    "Multiple heads are present; "
					    "please specify the head revision "
					    "on which the new revision should "
					    "be based, or perform a merge.");
		if (rc < 0)
			return rc;
	}
	for (size_t i = 0; i < heads->len; i++)
		if (!heads->items[i] || heads->items[i] == RG_TARGET_BASE)
			return rg_error_set(&ctx->err, RG_ERROR, NULL, 0,
					    "'%s' walks past base: no revision "
					    "to build on",
					    specs[0]);
	return 0;
}

static int generate(struct rg_ctx *ctx, char **specs, size_t nspecs, int splice)
{
	struct rg_vec heads = RG_VEC_INIT, deps = RG_VEC_INIT,
		      down = RG_VEC_INIT;
	struct rg_buf dir = RG_BUF_INIT, path = RG_BUF_INIT;
	struct rg_newrev nr;
	char idbuf[13], date[64];
	const char *label = ctx->opt.branch_label;
	int rc;

	memset(&nr, 0, sizeof(nr));
	if ((rc = rg_ctx_graph(ctx)) < 0)
		goto out;
	if (ctx->opt.rev_id &&
	    (rc = rg_revid_check(ctx->opt.rev_id, strlen(ctx->opt.rev_id), NULL,
				 0, &ctx->err)) < 0)
		goto out;
	if ((rc = resolve_heads(ctx, specs, nspecs, &heads)) < 0 ||
	    (rc = check_heads(ctx, &heads, splice)) < 0 ||
	    (rc = pick_dir(ctx, &heads, &dir)) < 0 ||
	    (rc = resolve_deps(ctx, &deps)) < 0)
		goto out;
	if (ctx->opt.rev_id && rg_graph_get(ctx->graph, ctx->opt.rev_id)) {
		rc = rg_error_set(&ctx->err, RG_ERROR, NULL, 0,
				  "revision '%s' already exists",
				  ctx->opt.rev_id);
		goto out;
	}
	if (!ctx->opt.rev_id && (rc = rg_revid_generate(idbuf, &ctx->err)) < 0)
		goto out;
	for (size_t i = 0; i < heads.len; i++)
		if (rg_vec_push(&down,
				(void *)((struct rg_rev *)heads.items[i])->id) <
		    0) {
			rc = oom(ctx);
			goto out;
		}
	create_date(date, sizeof(date));
	nr.dir = dir.buf;
	nr.rev_id = ctx->opt.rev_id ? ctx->opt.rev_id : idbuf;
	nr.down = (const char *const *)down.items;
	nr.ndown = down.len;
	nr.labels = label ? &label : NULL;
	nr.nlabels = label ? 1 : 0;
	nr.deps = (const char *const *)deps.items;
	nr.ndeps = deps.len;
	nr.message = ctx->opt.message;
	nr.file_template = ctx->cfg.file_template;
	nr.truncate_slug_length = ctx->cfg.truncate_slug_length;
	nr.py = ctx->opt.py;
	nr.create_date = date;
	if ((rc = rg_newrev_write(&nr, &path, &ctx->err)) < 0)
		goto out;
	printf("Generating %s ...  done\n", path.buf);
out:
	rg_vec_release(&heads);
	rg_vec_release(&deps);
	rg_vec_release(&down);
	rg_buf_release(&dir);
	rg_buf_release(&path);
	return rc;
}

int cmd_revision(int argc, char **argv, struct rg_ctx *ctx)
{
	char *head = (char *)(ctx->opt.head ? ctx->opt.head : "head");

	(void)argv;
	if (argc)
		return rg_error_set(&ctx->err, RG_EUSAGE, NULL, 0,
				    "unrecognized arguments: %s", argv[0]);
	return generate(ctx, &head, 1, ctx->opt.splice);
}

int cmd_merge(int argc, char **argv, struct rg_ctx *ctx)
{
	if (argc < 1)
		return rg_error_set(&ctx->err, RG_EUSAGE, NULL, 0,
				    "merge needs the revisions to merge");
	if (ctx->opt.head || ctx->opt.splice)
		return rg_error_set(&ctx->err, RG_EUSAGE, NULL, 0,
				    "merge takes no --head or --splice");
	return generate(ctx, argv, (size_t)argc, 0);
}
