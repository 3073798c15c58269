/*
 * graph/script.h - what a loader keeps of one revision file besides its
 * graph record: the statements of its two sections, each with its line.
 * Hung off struct rg_record.user / struct rg_rev.user.
 *
 * A SQL file's sections are kept as text when the file is read and split
 * into statements only when a plan is about to run or render them
 * (rg_sqlfile_split() in src/load): commands that only read the graph
 * never need PostgreSQL's scanner.
 */
#ifndef RG_SCRIPT_H
#define RG_SCRIPT_H

#include <stddef.h>

enum rg_script_kind {
	RG_SCRIPT_SQL,
	RG_SCRIPT_PY,
};

struct rg_stmt {
	char *sql; /* one statement, without the final ';' */
	int line;  /* 1-based line in the file where it starts */
};

struct rg_section {
	int present;	    /* the section marker was in the file */
	int no_transaction; /* `-- revgraph:no-transaction` inside it */
	struct rg_stmt *stmts;
	size_t nstmts;
	int line; /* line of the section marker, or 0 */
	/* SQL: the section's text (from the line after the marker) until it
	 * is split, then NULL */
	const char *body;
};

struct rg_arena;

struct rg_script {
	enum rg_script_kind kind;
	char *path;
	struct rg_section up;
	struct rg_section down; /* for SQL; .py always "present" */
	struct rg_arena *arena; /* SQL: where the statements go when split */
};

#endif
