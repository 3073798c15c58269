/*
 * src/db/pq.h - libpq, loaded on first use.
 *
 * libpq pulls in some twenty shared libraries (TLS, Kerberos, LDAP) whose
 * loading costs about 5 ms at every start: more than `revgraph heads`
 * spends reading 1,000 revision files.  So the binary does not link libpq;
 * src/db calls it through this table, filled by rg_pq_load() with
 * dlopen("libpq.so.5") the first time a command connects.  Files in
 * src/db include this header instead of <libpq-fe.h>, and the macros
 * below route each PQ* call through the table.
 */
#ifndef RG_PQ_H
#define RG_PQ_H

#include <libpq-fe.h>

#include "graph/error.h"

#define RG_PQ_FUNCS(X)                                                         \
	X(PQclear)                                                             \
	X(PQresultStatus)                                                      \
	X(PQntuples)                                                           \
	X(PQgetvalue)                                                          \
	X(PQexecParams)                                                        \
	X(PQexec)                                                              \
	X(PQresultErrorField)                                                  \
	X(PQfreemem)                                                           \
	X(PQescapeIdentifier)                                                  \
	X(PQescapeLiteral)                                                     \
	X(PQresultErrorMessage)                                                \
	X(PQerrorMessage)                                                      \
	X(PQtransactionStatus)                                                 \
	X(PQstatus)                                                            \
	X(PQsetNoticeProcessor)                                                \
	X(PQsendQuery)                                                         \
	X(PQputCopyEnd)                                                        \
	X(PQputCopyData)                                                       \
	X(PQgetResult)                                                         \
	X(PQgetCopyData)                                                       \
	X(PQfinish)                                                            \
	X(PQconninfoParse)                                                     \
	X(PQconninfoFree)                                                      \
	X(PQconnectdbParams)                                                   \
	X(PQcmdTuples)                                                         \
	X(PQnfields)                                                           \
	X(PQfname)                                                             \
	X(PQftype)                                                             \
	X(PQgetisnull)                                                         \
	X(PQgetlength)                                                         \
	X(PQbackendPID)                                                        \
	X(PQconsumeInput)                                                      \
	X(PQisBusy)                                                            \
	X(PQsocket)                                                            \
	X(PQsetSingleRowMode)

struct rg_pq_api {
#define RG_PQ_MEMBER(f) __typeof__(&f) f;
	RG_PQ_FUNCS(RG_PQ_MEMBER)
#undef RG_PQ_MEMBER
};

extern struct rg_pq_api rg_pq_;

/*
 * Load libpq once; 0, or RG_ECONNECT with a message saying what to
 * install.  Every other function is valid only after it succeeded.
 */
int rg_pq_load(struct rg_error *err);

#ifndef RG_PQ_IMPL
#define PQclear (rg_pq_.PQclear)
#define PQresultStatus (rg_pq_.PQresultStatus)
#define PQntuples (rg_pq_.PQntuples)
#define PQgetvalue (rg_pq_.PQgetvalue)
#define PQexecParams (rg_pq_.PQexecParams)
#define PQexec (rg_pq_.PQexec)
#define PQresultErrorField (rg_pq_.PQresultErrorField)
#define PQfreemem (rg_pq_.PQfreemem)
#define PQescapeIdentifier (rg_pq_.PQescapeIdentifier)
#define PQescapeLiteral (rg_pq_.PQescapeLiteral)
#define PQresultErrorMessage (rg_pq_.PQresultErrorMessage)
#define PQerrorMessage (rg_pq_.PQerrorMessage)
#define PQtransactionStatus (rg_pq_.PQtransactionStatus)
#define PQstatus (rg_pq_.PQstatus)
#define PQsetNoticeProcessor (rg_pq_.PQsetNoticeProcessor)
#define PQsendQuery (rg_pq_.PQsendQuery)
#define PQputCopyEnd (rg_pq_.PQputCopyEnd)
#define PQputCopyData (rg_pq_.PQputCopyData)
#define PQgetResult (rg_pq_.PQgetResult)
#define PQgetCopyData (rg_pq_.PQgetCopyData)
#define PQfinish (rg_pq_.PQfinish)
#define PQconninfoParse (rg_pq_.PQconninfoParse)
#define PQconninfoFree (rg_pq_.PQconninfoFree)
#define PQconnectdbParams (rg_pq_.PQconnectdbParams)
#define PQcmdTuples (rg_pq_.PQcmdTuples)
#define PQnfields (rg_pq_.PQnfields)
#define PQfname (rg_pq_.PQfname)
#define PQftype (rg_pq_.PQftype)
#define PQgetisnull (rg_pq_.PQgetisnull)
#define PQgetlength (rg_pq_.PQgetlength)
#define PQbackendPID (rg_pq_.PQbackendPID)
#define PQconsumeInput (rg_pq_.PQconsumeInput)
#define PQisBusy (rg_pq_.PQisBusy)
#define PQsocket (rg_pq_.PQsocket)
#define PQsetSingleRowMode (rg_pq_.PQsetSingleRowMode)
#endif

#endif
