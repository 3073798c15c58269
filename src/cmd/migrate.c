/*
 * src/cmd/migrate.c - upgrade, downgrade and stamp, online and --sql.
 *
 * Online: connect, take the migration lock, read the version table (after
 * the lock, so a run that waited sees the work of the one before it),
 * plan, check, run.  Offline: the START of START:END stands in for the
 * table and the whole script goes to standard output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph/buf.h"
#include "graph/plan.h"
#include "src/cmd/cmd.h"
#include "src/py/py.h"

static void log_step(void *ud, const struct rg_step *s)
{
	struct rg_ctx *ctx = ud;
	const char *what = rg_step_word(s->dir, 1);
	const char *doc = s->rev ? s->rev->doc : "";

	if (doc && *doc)
		rg_ctx_info(ctx, "Running %s %s -> %s, %s", what, s->from_text,
			    s->to_text, doc);
	else
		rg_ctx_info(ctx, "Running %s %s -> %s", what, s->from_text,
			    s->to_text);
}

enum kind {
	K_UP,
	K_DOWN,
	K_STAMP
};

static int make_plan(struct rg_ctx *ctx, enum kind k, const char *const *rows,
		     size_t nrows, int argc, char **argv, struct rg_plan **plan)
{
	struct rg_buf warn = RG_BUF_INIT;
	int rc;

	switch (k) {
	case K_UP:
		return rg_plan_upgrade(ctx->graph, rows, nrows, argv[0], plan,
				       &ctx->err);
	case K_DOWN:
		rc = rg_plan_downgrade(ctx->graph, rows, nrows, argv[0], &warn,
				       plan, &ctx->err);
		if (warn.len)
			rg_ctx_info(ctx, "warning: %.*s", (int)warn.len - 1,
				    warn.buf);
		rg_buf_release(&warn);
		return rc;
	case K_STAMP:
		return rg_plan_stamp(ctx->graph, rows, nrows,
				     (const char *const *)argv, (size_t)argc,
				     ctx->opt.purge, plan, &ctx->err);
	}
	return RG_ERROR;
}

/* Start Python for plan's .py revisions (none: *py stays NULL). */
static int start_py(struct rg_ctx *ctx, const struct rg_plan *plan, int as_sql,
		    struct rg_py **py)
{
	struct rg_py_opts po = RG_PY_OPTS_INIT;

	*py = NULL;
	if (!rg_py_plan_needs(plan))
		return 0;
	po.config_path = ctx->cfg_loaded ? ctx->cfg.path : NULL;
	po.prepend_sys_path =
		ctx->cfg_loaded ? ctx->cfg.prepend_sys_path : NULL;
	po.url = rg_ctx_url(ctx);
	po.version_table = rg_ctx_version_table(ctx);
	po.version_table_schema = rg_ctx_version_schema(ctx);
	po.xargs = (const char *const *)ctx->opt.xargs.items;
	po.nxargs = ctx->opt.xargs.len;
	po.as_sql = as_sql;
	po.verbose = ctx->opt.verbose;
	return rg_py_new(&po, plan, py, &ctx->err);
}

/*
 * Split the SQL of every step into statements before anything runs: a
 * file whose SQL cannot be split (an unterminated quote) stops the
 * command with its file and line, the database untouched.
 */
static int split_plan(struct rg_ctx *ctx, const struct rg_plan *plan)
{
	int rc;

	for (size_t i = 0; i < plan->nsteps; i++) {
		const struct rg_step *s = &plan->steps[i];

		if (s->dir == RG_STAMP || !s->rev || !s->rev->user)
			continue;
		if ((rc = rg_sqlfile_split(s->rev->user, &ctx->err)) < 0)
			return rc;
	}
	return 0;
}

static int run_online(struct rg_ctx *ctx, enum kind k, int argc, char **argv)
{
	struct rg_plan *plan = NULL;
	struct rg_py *py = NULL;
	unsigned flags = 0;
	int rc;

	if ((rc = rg_ctx_db(ctx, 1)) < 0 || (rc = rg_ctx_read_rows(ctx)) < 0)
		return rc;
	rc = make_plan(ctx, k, (const char *const *)ctx->rows, ctx->nrows, argc,
		       argv, &plan);
	if (rc < 0)
		return rc;
	if ((rc = split_plan(ctx, plan)) < 0) {
		rg_plan_free(plan);
		return rc;
	}
	if (ctx->opt.single_transaction)
		flags |= RG_DB_SINGLE_TRANSACTION;
	if (plan->purge)
		flags |= RG_DB_PURGE;
	if ((rc = start_py(ctx, plan, 0, &py)) == 0) {
		if (py)
			rg_db_set_py_runner(ctx->db, rg_py_run_step, py);
		rc = rg_db_run_plan(ctx->db, plan, flags, log_step, ctx,
				    &ctx->err);
		rg_db_set_py_runner(ctx->db, NULL, NULL);
	}
	rg_py_free(py);
	rg_plan_free(plan);
	return rc;
}

/* Split "START:END" (Alembic: revision.split(":", 2)). */
static int split_range(struct rg_ctx *ctx, const char *arg, char **start,
		       const char **end)
{
	const char *c = strchr(arg, ':');

	*start = NULL;
	*end = arg;
	if (!c)
		return 0;
	if (strchr(c + 1, ':'))
		return rg_error_set(&ctx->err, RG_EUSAGE, NULL, 0,
				    "bad revision range '%s': expected "
				    "START:END",
				    arg);
	if (!(*start = strndup(arg, (size_t)(c - arg))))
		return rg_error_set(&ctx->err, RG_ENOMEM, NULL, 0,
				    "out of memory");
	*end = c + 1;
	return 0;
}

static int render(struct rg_ctx *ctx, struct rg_plan *plan)
{
	struct rg_buf out = RG_BUF_INIT;
	struct rg_py *py = NULL;
	int rc;

	if ((rc = split_plan(ctx, plan)) == 0 &&
	    (rc = start_py(ctx, plan, 1, &py)) == 0)
		rc = rg_offline_render_py(plan, rg_ctx_version_table(ctx),
					  rg_ctx_version_schema(ctx),
					  !ctx->opt.single_transaction,
					  py ? rg_py_offline_step : NULL, py,
					  &out, &ctx->err);
	if (rc == 0)
		rc = rg_ctx_out(ctx, out.buf, out.len);
	rg_py_free(py);
	rg_buf_release(&out);
	return rc;
}

static int run_offline(struct rg_ctx *ctx, enum kind k, int argc, char **argv)
{
	struct rg_vec rows = RG_VEC_INIT;
	struct rg_plan *plan = NULL;
	char **ends = NULL, *start = NULL;
	int rc = 0;

	if (ctx->opt.purge)
		return rg_error_set(&ctx->err, RG_EUSAGE, NULL, 0,
				    "Can't use --purge with --sql mode");
	if (!(ends = calloc((size_t)argc + 1, sizeof(*ends))))
		return rg_error_set(&ctx->err, RG_ENOMEM, NULL, 0,
				    "out of memory");
	for (int i = 0; i < argc && rc == 0; i++) {
		char *s = NULL;
		const char *e;

		if ((rc = split_range(ctx, argv[i], &s, &e)) < 0)
			break;
		ends[i] = (char *)e;
		if (i &&
		    ((s == NULL) != (start == NULL) || (s && strcmp(s, start))))
			rc = rg_error_set(&ctx->err, RG_EUSAGE, NULL, 0,
					  "Stamp operation with --sql only "
					  "supports a single starting revision "
					  "at a time");
		if (i == 0)
			start = s;
		else
			free(s);
	}
	if (rc == 0 && k == K_DOWN && !start)
		rc = rg_error_set(&ctx->err, RG_EUSAGE, NULL, 0,
				  "downgrade with --sql requires "
				  "<fromrev>:<torev>");
	if (rc == 0)
		rc = rg_plan_sql_start(ctx->graph, start, &rows, &ctx->err);
	if (rc == 0)
		rc = make_plan(ctx, k, (const char *const *)rows.items,
			       rows.len, argc, ends, &plan);
	if (rc == 0)
		rc = render(ctx, plan);
	rg_plan_free(plan);
	rg_vec_release(&rows);
	free(start);
	free(ends);
	return rc;
}

static int migrate(int argc, char **argv, struct rg_ctx *ctx, enum kind k)
{
	int rc;

	if (k != K_STAMP && argc != 1)
		return rg_error_set(&ctx->err, RG_EUSAGE, NULL, 0,
				    argc ? "unrecognized arguments: %s"
					 : "a target revision is required%s",
				    argc ? argv[1] : "");
	if ((rc = rg_ctx_graph(ctx)) < 0)
		return rc;
	if (ctx->opt.sql)
		return run_offline(ctx, k, argc, argv);
	for (int i = 0; i < argc; i++)
		if (strchr(argv[i], ':'))
			return rg_error_set(&ctx->err, RG_EUSAGE, NULL, 0,
					    "Range revision not allowed");
	return run_online(ctx, k, argc, argv);
}

int cmd_upgrade(int argc, char **argv, struct rg_ctx *ctx)
{
	return migrate(argc, argv, ctx, K_UP);
}

int cmd_downgrade(int argc, char **argv, struct rg_ctx *ctx)
{
	return migrate(argc, argv, ctx, K_DOWN);
}

int cmd_stamp(int argc, char **argv, struct rg_ctx *ctx)
{
	return migrate(argc, argv, ctx, K_STAMP);
}
