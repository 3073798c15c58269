/*
 * src/load/pgq.h - libpg_query, loaded on first use.
 *
 * PostgreSQL's parser is large and full of pointer tables: linked into
 * the binary it cost some 8,400 relocations (about 0.1 ms) at every start,
 * a tenth of what `revgraph heads` takes on a 100-revision project, most
 * of whose users never parse SQL (Alembic .py projects).  So, as libpq
 * (src/db/pq.h), it is opened with dlopen() when the first SQL revision
 * file is read, and called through this table.  Files that use it
 * include this header instead of <pg_query.h>.
 */
#ifndef RG_PGQ_H
#define RG_PGQ_H

#include <pg_query.h>

#include "graph/error.h"

#define RG_PGQ_FUNCS(X)                                                        \
	X(pg_query_split_with_scanner)                                         \
	X(pg_query_free_split_result)                                          \
	X(pg_query_parse)                                                      \
	X(pg_query_free_parse_result)

struct rg_pgq_api {
#define RG_PGQ_MEMBER(f) __typeof__(&f) f;
	RG_PGQ_FUNCS(RG_PGQ_MEMBER)
#undef RG_PGQ_MEMBER
};

extern struct rg_pgq_api rg_pgq_;

/*
 * Load libpg_query once (thread-safe); 0, or RG_ERROR with a message
 * saying what to install.  The functions are valid only after it
 * succeeded.
 */
int rg_pgq_load(struct rg_error *err);

#ifndef RG_PGQ_IMPL
#define pg_query_split_with_scanner (rg_pgq_.pg_query_split_with_scanner)
#define pg_query_free_split_result (rg_pgq_.pg_query_free_split_result)
#define pg_query_parse (rg_pgq_.pg_query_parse)
#define pg_query_free_parse_result (rg_pgq_.pg_query_free_parse_result)
#endif

#endif
