/*
 * src/cmd/ctx.c - setting up what commands need: config, graph, database.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/cmd/cmd.h"

int rg_exit_status(int code)
{
	switch (code) {
	case RG_OK:
		return RG_EXIT_OK;
	case RG_EUSAGE:
		return RG_EXIT_USAGE;
	case RG_ECONNECT:
	case RG_EVTABLE:
		return RG_EXIT_DB;
	default:
		return RG_EXIT_FAIL;
	}
}

int rg_ctx_config(struct rg_ctx *ctx)
{
	int rc;

	if (ctx->cfg_loaded)
		return 0;
	rc = rg_config_load(ctx->opt.config, &ctx->cfg, &ctx->err);
	if (rc < 0)
		return rc;
	ctx->cfg_loaded = 1;
	return 0;
}

int rg_ctx_graph(struct rg_ctx *ctx)
{
	const char *const *dirs;
	size_t ndirs;
	int rc;

	if (ctx->graph)
		return 0;
	if ((rc = rg_ctx_config(ctx)) < 0)
		return rc;
	if (ctx->opt.versions.len) {
		dirs = (const char *const *)ctx->opt.versions.items;
		ndirs = ctx->opt.versions.len;
	} else {
		dirs = (const char *const *)ctx->cfg.version_dirs;
		ndirs = ctx->cfg.ndirs;
	}
	rc = rg_project_load(dirs, ndirs, &ctx->project, &ctx->err);
	if (rc < 0)
		return rc;
	return rg_graph_build(ctx->project.recs, ctx->project.nrecs,
			      &ctx->graph, &ctx->err);
}

const char *rg_ctx_url(struct rg_ctx *ctx)
{
	const char *u;

	if (ctx->opt.url)
		return ctx->opt.url;
	if ((u = getenv("REVGRAPH_URL")) && *u)
		return u;
	if ((u = getenv("DATABASE_URL")) && *u)
		return u;
	if (rg_ctx_config(ctx) == 0 && ctx->cfg.url && *ctx->cfg.url)
		return ctx->cfg.url;
	return NULL;
}

const char *rg_ctx_version_table(struct rg_ctx *ctx)
{
	if (ctx->opt.version_table)
		return ctx->opt.version_table;
	return ctx->cfg_loaded ? ctx->cfg.version_table : NULL;
}

const char *rg_ctx_version_schema(struct rg_ctx *ctx)
{
	if (ctx->opt.version_table_schema)
		return ctx->opt.version_table_schema;
	return ctx->cfg_loaded ? ctx->cfg.version_table_schema : NULL;
}

static void notify_line(void *ud, const char *line)
{
	struct rg_ctx *ctx = ud;

	rg_ctx_info(ctx, "%s", line);
}

int rg_ctx_db(struct rg_ctx *ctx, int lock)
{
	struct rg_db_opts o = RG_DB_OPTS_INIT;
	int rc;

	if (ctx->db)
		return 0;
	if ((rc = rg_ctx_config(ctx)) < 0)
		return rc;
	o.url = rg_ctx_url(ctx);
	o.version_table = rg_ctx_version_table(ctx);
	o.version_table_schema = rg_ctx_version_schema(ctx);
	o.lock_timeout = ctx->opt.lock_timeout;
	if ((rc = rg_db_connect(&o, &ctx->db, &ctx->err)) < 0)
		return rc;
	rg_db_set_notify(ctx->db, notify_line, ctx);
	if (lock)
		return rg_db_lock(ctx->db, notify_line, ctx, &ctx->err);
	return 0;
}

int rg_ctx_read_rows(struct rg_ctx *ctx)
{
	rg_vtable_rows_free(ctx->rows, ctx->nrows);
	ctx->rows = NULL;
	ctx->nrows = 0;
	return rg_vtable_read(ctx->db, &ctx->rows, &ctx->nrows, &ctx->err);
}

void rg_ctx_release(struct rg_ctx *ctx)
{
	rg_vtable_rows_free(ctx->rows, ctx->nrows);
	rg_db_free(ctx->db);
	rg_graph_free(ctx->graph);
	rg_project_release(&ctx->project);
	if (ctx->cfg_loaded)
		rg_config_release(&ctx->cfg);
	rg_vec_release(&ctx->opt.versions);
	rg_vec_release(&ctx->opt.xargs);
	rg_vec_release(&ctx->opt.depends_on);
}

void rg_ctx_info(struct rg_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	if (ctx->opt.quiet)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int rg_ctx_out(struct rg_ctx *ctx, const char *s, size_t len)
{
	if (len && fwrite(s, 1, len, stdout) != len)
		return rg_error_set(&ctx->err, RG_ERROR, NULL, 0,
				    "cannot write to standard output");
	return 0;
}
