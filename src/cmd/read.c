/*
 * src/cmd/read.c - the read commands: heads, branches, history, show,
 * current.  Text output is Alembic's (src/fmt), --json the documented
 * shapes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph/buf.h"
#include "graph/target.h"
#include "src/cmd/cmd.h"
#include "src/fmt/fmt.h"

static int flush(struct rg_ctx *ctx, struct rg_buf *b)
{
	int rc;

	if (rg_buf_oom(b)) {
		rg_buf_release(b);
		return rg_error_set(&ctx->err, RG_ENOMEM, NULL, 0,
				    "out of memory");
	}
	rc = rg_ctx_out(ctx, b->buf, b->len);
	rg_buf_release(b);
	return rc;
}

static int no_args(int argc, char **argv, struct rg_ctx *ctx)
{
	if (argc > 0)
		return rg_error_set(&ctx->err, RG_EUSAGE, NULL, 0,
				    "unrecognized arguments: %s", argv[0]);
	return 0;
}

int cmd_heads(int argc, char **argv, struct rg_ctx *ctx)
{
	struct rg_buf b = RG_BUF_INIT;
	int rc;

	if ((rc = no_args(argc, argv, ctx)) < 0 || (rc = rg_ctx_graph(ctx)) < 0)
		return rc;
	if (ctx->opt.json)
		rg_fmt_heads_json(&b, ctx->graph,
				  ctx->opt.resolve_dependencies);
	else
		rg_fmt_heads(&b, ctx->graph, ctx->opt.verbose,
			     ctx->opt.resolve_dependencies);
	return flush(ctx, &b);
}

int cmd_branches(int argc, char **argv, struct rg_ctx *ctx)
{
	struct rg_buf b = RG_BUF_INIT;
	struct rg_vec order = RG_VEC_INIT;
	int rc;

	if ((rc = no_args(argc, argv, ctx)) < 0 || (rc = rg_ctx_graph(ctx)) < 0)
		return rc;
	rc = rg_target_history(ctx->graph, NULL, NULL, 0, 0, &order, &ctx->err);
	if (rc == 0) {
		const struct rg_rev *const *o =
			(const struct rg_rev *const *)order.items;

		if (ctx->opt.json)
			rg_fmt_branches_json(&b, o, order.len);
		else
			rg_fmt_branches(&b, o, order.len, ctx->opt.verbose);
		rc = flush(ctx, &b);
	}
	rg_vec_release(&order);
	return rc;
}

/* Does the command need the database's rows ("current" in a range)? */
static int range_needs_rows(const char *range)
{
	const char *c;

	if (!range || !(c = strchr(range, ':')))
		return 0;
	return strstr(range, "current") != NULL;
}

int cmd_history(int argc, char **argv, struct rg_ctx *ctx)
{
	struct rg_buf b = RG_BUF_INIT;
	struct rg_vec order = RG_VEC_INIT;
	int rc, need_rows;

	if ((rc = no_args(argc, argv, ctx)) < 0 || (rc = rg_ctx_graph(ctx)) < 0)
		return rc;
	need_rows = ctx->opt.indicate_current ||
		    range_needs_rows(ctx->opt.rev_range);
	if (need_rows &&
	    ((rc = rg_ctx_db(ctx, 0)) < 0 || (rc = rg_ctx_read_rows(ctx)) < 0))
		return rc;
	rc = rg_target_history(ctx->graph, ctx->opt.rev_range,
			       (const char *const *)ctx->rows, ctx->nrows,
			       need_rows, &order, &ctx->err);
	if (rc == 0) {
		const struct rg_rev *const *o =
			(const struct rg_rev *const *)order.items;
		const char *const *cur =
			ctx->opt.indicate_current
				? (const char *const *)ctx->rows
				: NULL;
		static const char *const none[1] = {""};

		if (ctx->opt.indicate_current && !cur)
			cur = none;
		if (ctx->opt.json)
			rg_fmt_history_json(&b, o, order.len, cur, ctx->nrows);
		else
			rg_fmt_history(&b, o, order.len, ctx->opt.verbose, cur,
				       ctx->nrows);
		rc = flush(ctx, &b);
	}
	rg_vec_release(&order);
	return rc;
}

int cmd_show(int argc, char **argv, struct rg_ctx *ctx)
{
	struct rg_buf b = RG_BUF_INIT;
	struct rg_vec revs = RG_VEC_INIT, keep = RG_VEC_INIT;
	int rc;

	if (argc != 1)
		return rg_error_set(&ctx->err, RG_EUSAGE, NULL, 0,
				    argc ? "show takes one revision"
					 : "show needs a revision");
	if ((rc = rg_ctx_graph(ctx)) < 0)
		return rc;
	if (!strcmp(argv[0], "current")) {
		if ((rc = rg_ctx_db(ctx, 0)) < 0 ||
		    (rc = rg_ctx_read_rows(ctx)) < 0)
			return rc;
		rc = rg_target_rows(ctx->graph, (const char *const *)ctx->rows,
				    ctx->nrows, &revs, &ctx->err);
	} else {
		rc = rg_target_revisions(ctx->graph, argv[0], &revs, &ctx->err);
	}
	for (size_t i = 0; rc == 0 && i < revs.len; i++)
		if (revs.items[i] && revs.items[i] != RG_TARGET_BASE &&
		    rg_vec_push(&keep, revs.items[i]) < 0)
			rc = rg_error_set(&ctx->err, RG_ENOMEM, NULL, 0,
					  "out of memory");
	if (rc == 0) {
		const struct rg_rev *const *r =
			(const struct rg_rev *const *)keep.items;

		if (ctx->opt.json)
			rg_fmt_show_json(&b, r, keep.len);
		else
			rg_fmt_show(&b, r, keep.len);
		rc = flush(ctx, &b);
	}
	rg_vec_release(&revs);
	rg_vec_release(&keep);
	return rc;
}

int cmd_current(int argc, char **argv, struct rg_ctx *ctx)
{
	struct rg_buf b = RG_BUF_INIT;
	struct rg_vec tips = RG_VEC_INIT;
	int rc;

	if ((rc = no_args(argc, argv, ctx)) < 0 || (rc = rg_ctx_graph(ctx)) < 0)
		return rc;
	if ((rc = rg_ctx_db(ctx, 0)) < 0 || (rc = rg_ctx_read_rows(ctx)) < 0)
		return rc;
	rc = rg_target_current(ctx->graph, (const char *const *)ctx->rows,
			       ctx->nrows, &tips, &ctx->err);
	if (rc == 0) {
		const struct rg_rev *const *t =
			(const struct rg_rev *const *)tips.items;

		if (ctx->opt.json) {
			rg_fmt_current_json(&b, t, tips.len);
		} else {
			if (ctx->opt.verbose) {
				char *u = rg_db_redact(rg_ctx_url(ctx));

				rg_buf_addf(&b, "Current revision(s) for %s:\n",
					    u ? u : "?");
				free(u);
			}
			rg_fmt_current(&b, t, tips.len, ctx->opt.verbose);
		}
		rc = flush(ctx, &b);
	}
	rg_vec_release(&tips);
	return rc;
}
