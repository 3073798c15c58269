/*
 * src/main.c - options, dispatch and exit status.
 *
 * Every option, global or per command, comes from one table; global
 * options are accepted before and after the command.  Arguments that look
 * like negative numbers ("-1") are targets, not options, as argparse
 * treats them.  Errors print as one line on stderr:
 *   revgraph: error: [<path>:[<line>:] ]<message>[; detail: ...][; hint: ...]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/cmd/cmd.h"

enum kind {
	O_FLAG,
	O_STR,
	O_LIST,
	O_NUM
};

struct opt {
	char shrt;
	const char *lng;
	enum kind kind;
	size_t off;	  /* into struct rg_opts */
	const char *cmds; /* NULL = global, else " cmd cmd " */
	const char *help;
};

#define OFF(f) offsetof(struct rg_opts, f)

static const struct opt opts[] = {
	{'d', "versions", O_LIST, OFF(versions), NULL,
	 "revisions directory (repeatable)"},
	{'c', "config", O_STR, OFF(config), NULL, "config file"},
	{0, "url", O_STR, OFF(url), NULL, "database URL"},
	{0, "version-table", O_STR, OFF(version_table), NULL,
	 "version table name"},
	{0, "version-table-schema", O_STR, OFF(version_table_schema), NULL,
	 "version table schema"},
	{'x', NULL, O_LIST, OFF(xargs), NULL, "KEY=VALUE for .py revisions"},
	{0, "json", O_FLAG, OFF(json), NULL, "machine-readable output"},
	{'q', "quiet", O_FLAG, OFF(quiet), NULL, "less output"},
	{'v', "verbose", O_FLAG, OFF(verbose), NULL, "more output"},
	{0, "sql", O_FLAG, OFF(sql), " upgrade downgrade stamp ",
	 "print the SQL instead of running it"},
	{0, "single-transaction", O_FLAG, OFF(single_transaction),
	 " upgrade downgrade stamp ", "one transaction for the whole command"},
	{0, "lock-timeout", O_NUM, OFF(lock_timeout),
	 " upgrade downgrade stamp ", "seconds to wait for the migration lock"},
	{0, "purge", O_FLAG, OFF(purge), " stamp ", "empty the table first"},
	{'m', "message", O_STR, OFF(message), " revision merge ", "message"},
	{0, "head", O_STR, OFF(head), " revision ", "parent revision"},
	{0, "splice", O_FLAG, OFF(splice), " revision ",
	 "allow a parent that is not a head"},
	{0, "branch-label", O_STR, OFF(branch_label), " revision merge ",
	 "branch label"},
	{0, "depends-on", O_LIST, OFF(depends_on), " revision ",
	 "dependency (repeatable)"},
	{0, "rev-id", O_STR, OFF(rev_id), " revision merge ", "revision id"},
	{0, "version-path", O_STR, OFF(version_path), " revision merge ",
	 "versions directory for the new file"},
	{0, "py", O_FLAG, OFF(py), " revision merge ",
	 "write an Alembic .py file"},
	{0, "resolve-dependencies", O_FLAG, OFF(resolve_dependencies),
	 " heads ", "real heads only"},
	{'r', "rev-range", O_STR, OFF(rev_range), " history ", "START:END"},
	{'i', "indicate-current", O_FLAG, OFF(indicate_current), " history ",
	 "mark current revisions"},
	{'h', "help", O_FLAG, 0, NULL, "this help"},
};

#define RG_NEEDS_NOTHING 0

struct command {
	const char *name;
	int (*fn)(int argc, char **argv, struct rg_ctx *ctx);
	const char *args;
};

static const struct command commands[] = {
	{"init", cmd_init, "DIR"},
	{"revision", cmd_revision, ""},
	{"merge", cmd_merge, "REV REV..."},
	{"upgrade", cmd_upgrade, "TARGET"},
	{"downgrade", cmd_downgrade, "TARGET"},
	{"stamp", cmd_stamp, "TARGET..."},
	{"current", cmd_current, ""},
	{"heads", cmd_heads, ""},
	{"branches", cmd_branches, ""},
	{"history", cmd_history, ""},
	{"show", cmd_show, "REV"},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void usage(FILE *f)
{
	fprintf(f, "usage: revgraph [OPTIONS] COMMAND [ARGS]\n\ncommands:\n");
	for (size_t i = 0; i < COUNT(commands); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].args);
	fprintf(f, "\noptions:\n");
	for (size_t i = 0; i < COUNT(opts); i++) {
		char names[64];

		snprintf(names, sizeof(names), "%s%c%s%s%s",
			 opts[i].shrt ? "-" : "",
			 opts[i].shrt ? opts[i].shrt : ' ',
			 opts[i].shrt && opts[i].lng ? ", " : "",
			 opts[i].lng ? "--" : "",
			 opts[i].lng ? opts[i].lng : "");
		fprintf(f, "  %-26s %s%s%s\n", names, opts[i].help,
			opts[i].cmds ? "  [" : "",
			opts[i].cmds ? opts[i].cmds + 1 : "");
	}
}

static int set_opt(struct rg_ctx *ctx, const struct opt *o, const char *val)
{
	char *base = (char *)&ctx->opt, *end;

	switch (o->kind) {
	case O_FLAG:
		*(int *)(base + o->off) = 1;
		return 0;
	case O_STR:
		*(const char **)(base + o->off) = val;
		return 0;
	case O_LIST:
		if (rg_vec_push((struct rg_vec *)(base + o->off), (void *)val))
			return rg_error_set(&ctx->err, RG_ENOMEM, NULL, 0,
					    "out of memory");
		return 0;
	case O_NUM: {
		double d = strtod(val, &end);

		/* NaN would compare false with every deadline: wait forever */
		if (end == val || *end || !isfinite(d) || d < 0)
			return rg_error_set(&ctx->err, RG_EUSAGE, NULL, 0,
					    "--%s takes a number of seconds "
					    "(0 or more), not '%s'",
					    o->lng, val);
		memcpy(base + o->off, &d, sizeof(d));
		return 0;
	}
	}
	return 0;
}

static const struct opt *find_opt(const char *arg, const char **inl)
{
	*inl = NULL;
	for (size_t i = 0; i < COUNT(opts); i++) {
		const struct opt *o = &opts[i];

		if (arg[1] == '-' && o->lng) {
			size_t n = strlen(o->lng);

			if (strncmp(arg + 2, o->lng, n))
				continue;
			if (arg[2 + n] == '=')
				*inl = arg + 3 + n;
			else if (arg[2 + n])
				continue;
			return o;
		}
		if (arg[1] != '-' && o->shrt && arg[1] == o->shrt) {
			if (arg[2])
				*inl = arg[2] == '=' ? arg + 3 : arg + 2;
			return o;
		}
	}
	return NULL;
}

/* Options out of argv; the rest (command first) into pos. */
static int parse(struct rg_ctx *ctx, int argc, char **argv, char **pos,
		 int *npos)
{
	int dashdash = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *inl;
		const struct opt *o;

		if (dashdash || a[0] != '-' || !a[1] ||
		    (a[1] >= '0' && a[1] <= '9')) {
			pos[(*npos)++] = argv[i];
			continue;
		}
		if (!strcmp(a, "--")) {
			dashdash = 1;
			continue;
		}
		if (!(o = find_opt(a, &inl)))
			return rg_error_set(&ctx->err, RG_EUSAGE, NULL, 0,
					    "unknown option '%s'", a);
		if (o->shrt == 'h')
			return 1;
		if (o->kind == O_FLAG && inl)
			return rg_error_set(&ctx->err, RG_EUSAGE, NULL, 0,
					    "option '%s' takes no value", a);
		if (o->kind != O_FLAG && !inl) {
			if (i + 1 >= argc)
				return rg_error_set(
					&ctx->err, RG_EUSAGE, NULL, 0,
					"option '%s' needs a value", a);
			inl = argv[++i];
		}
		if (o->cmds && *npos) {
			char key[64];

			snprintf(key, sizeof(key), " %s ", pos[0]);
			if (!strstr(o->cmds, key))
				return rg_error_set(&ctx->err, RG_EUSAGE, NULL,
						    0, "%s does not take '%s'",
						    pos[0], a);
		}
		if (set_opt(ctx, o, inl) < 0)
			return ctx->err.code;
	}
	return 0;
}

static void print_error(const struct rg_error *e, int verbose)
{
	fputs("revgraph: error: ", stderr);
	if (e->path[0]) {
		fputs(e->path, stderr);
		if (e->line)
			fprintf(stderr, ":%d", e->line);
		fputs(": ", stderr);
	}
	fputs(e->msg[0] ? e->msg : "failed", stderr);
	if (e->detail[0])
		fprintf(stderr, "; detail: %s", e->detail);
	if (e->hint[0])
		fprintf(stderr, "; hint: %s", e->hint);
	if (verbose && e->src_file)
		fprintf(stderr, " [%s:%d]", e->src_file, e->src_line);
	fputc('\n', stderr);
}

static int dispatch(struct rg_ctx *ctx, char **pos, int npos)
{
	for (size_t i = 0; npos && i < COUNT(commands); i++)
		if (!strcmp(pos[0], commands[i].name))
			return commands[i].fn(npos - 1, pos + 1, ctx);
	if (!npos)
		return rg_error_set(&ctx->err, RG_EUSAGE, NULL, 0,
				    "a command is required (see revgraph -h)");
	return rg_error_set(&ctx->err, RG_EUSAGE, NULL, 0,
			    "unknown command '%s' (see revgraph -h)", pos[0]);
}

int main(int argc, char **argv)
{
	struct rg_ctx ctx;
	char **pos = calloc((size_t)argc + 1, sizeof(*pos));
	int npos = 0, rc, status;

	memset(&ctx, 0, sizeof(ctx));
	ctx.opt.lock_timeout = -1;
	if (!pos)
		return RG_EXIT_FAIL;
	rc = parse(&ctx, argc, argv, pos, &npos);
	if (rc == 1) {
		usage(stdout);
		rc = 0;
	} else if (rc == 0) {
		rc = dispatch(&ctx, pos, npos);
	}
	if (fflush(stdout) != 0 && rc >= 0)
		rc = rg_error_set(&ctx.err, RG_ERROR, NULL, 0,
				  "cannot write to standard output");
	if (rc < 0) {
		if (ctx.err.code == 0)
			rg_error_set(&ctx.err, rc, NULL, 0, "failed");
		print_error(&ctx.err, ctx.opt.verbose);
		if (rc == RG_EUSAGE)
			fputs("revgraph: see 'revgraph -h' for usage\n",
			      stderr);
	}
	status = rg_exit_status(rc < 0 ? ctx.err.code : 0);
	rg_ctx_release(&ctx);
	free(pos);
	return status;
}
