/*
 * src/cmd/cmd.h - the command context and one entry point per command.
 *
 * main.c parses every option (global and per-command, from one table)
 * into struct rg_opts, then calls the command with the positional
 * arguments.  rg_ctx_* set up what a command needs (config, graph,
 * database) on demand; a command prints its own output and returns an
 * exit status, leaving any error in ctx->err for main to print.
 */
#ifndef RG_CMD_H
#define RG_CMD_H

#include <stddef.h>

#include "graph/error.h"
#include "graph/graph.h"
#include "graph/vec.h"
#include "src/db/db.h"
#include "src/load/load.h"

struct rg_opts {
	struct rg_vec versions; /* -d: char * */
	const char *config;
	const char *url;
	const char *version_table;
	const char *version_table_schema;
	struct rg_vec xargs; /* -x KEY=VALUE: char * */
	int json, quiet, verbose;
	int sql, purge, single_transaction;
	double lock_timeout; /* < 0: wait forever */
	/* revision / merge */
	const char *message, *head, *branch_label, *rev_id, *version_path;
	struct rg_vec depends_on; /* char * */
	int splice, py;
	/* read commands */
	int resolve_dependencies, indicate_current;
	const char *rev_range;
};

struct rg_ctx {
	struct rg_opts opt;
	struct rg_config cfg;
	int cfg_loaded;
	struct rg_project project;
	struct rg_graph *graph;
	struct rg_db *db;
	char **rows; /* version table, after rg_ctx_read_rows() */
	size_t nrows;
	struct rg_error err;
};

/* Exit statuses (SPEC §1). */
#define RG_EXIT_OK 0
#define RG_EXIT_FAIL 1
#define RG_EXIT_USAGE 2
#define RG_EXIT_DB 3

int rg_exit_status(int code);

int rg_ctx_config(struct rg_ctx *ctx);
int rg_ctx_graph(struct rg_ctx *ctx);
/* Connect (and take the migration lock if lock is set). */
int rg_ctx_db(struct rg_ctx *ctx, int lock);
int rg_ctx_read_rows(struct rg_ctx *ctx);
/* The URL in effect (SPEC §1 order), or NULL for libpq's PG* defaults. */
const char *rg_ctx_url(struct rg_ctx *ctx);
const char *rg_ctx_version_table(struct rg_ctx *ctx);
const char *rg_ctx_version_schema(struct rg_ctx *ctx);
void rg_ctx_release(struct rg_ctx *ctx);
/* Print a line on stderr unless -q. */
void rg_ctx_info(struct rg_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Write buf to stdout; RG_ERROR (with err set) on a write error. */
int rg_ctx_out(struct rg_ctx *ctx, const char *s, size_t len);

int cmd_init(int argc, char **argv, struct rg_ctx *ctx);
int cmd_revision(int argc, char **argv, struct rg_ctx *ctx);
int cmd_merge(int argc, char **argv, struct rg_ctx *ctx);
int cmd_upgrade(int argc, char **argv, struct rg_ctx *ctx);
int cmd_downgrade(int argc, char **argv, struct rg_ctx *ctx);
int cmd_stamp(int argc, char **argv, struct rg_ctx *ctx);
int cmd_current(int argc, char **argv, struct rg_ctx *ctx);
int cmd_heads(int argc, char **argv, struct rg_ctx *ctx);
int cmd_branches(int argc, char **argv, struct rg_ctx *ctx);
int cmd_history(int argc, char **argv, struct rg_ctx *ctx);
int cmd_show(int argc, char **argv, struct rg_ctx *ctx);

#endif
