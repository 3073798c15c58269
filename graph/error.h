/*
 * graph/error.h - error codes and the caller-owned error record.
 *
 * A function that can fail returns 0 or a negative RG_E* code and, when it
 * fails, fills a caller-owned struct rg_error.  Filling never allocates, so
 * out-of-memory is still reportable.  A code exists only where a caller acts
 * on it differently; everything else is RG_ERROR.
 */
#ifndef RG_ERROR_H
#define RG_ERROR_H

#include <stddef.h>

enum rg_code {
	RG_OK = 0,
	RG_ERROR = -1,	    /* generic failure of the request (exit 1) */
	RG_ENOMEM = -2,	    /* allocation failed */
	RG_ENOTFOUND = -3,  /* unknown revision, label or file */
	RG_EAMBIGUOUS = -4, /* prefix matches several revisions */
	RG_EMULTIHEAD = -5, /* "head" while several heads exist */
	RG_ECYCLE = -6,	    /* cycle in the graph */
	RG_EUSAGE = -7,	    /* bad command line (exit 2) */
	RG_ECONNECT = -8,   /* database unreachable (exit 3) */
	RG_EVTABLE = -9,    /* version table unreadable (exit 3) */
	RG_ESQL = -10,	    /* a migration statement failed */
	RG_ENOPY = -11,	    /* .py revision without embedded Python */
	RG_ELOCK = -12,	    /* advisory lock not obtained in time */
	RG_EPARSE = -13,    /* malformed revision or config file */
	RG_EGRAPH = -14,    /* missing parent, duplicate id, label clash */
};

#define RG_ERRMSG_MAX 1024

struct rg_error {
	int code;
	char msg[RG_ERRMSG_MAX];    /* one line, lowercase, no final period */
	char path[512];		    /* input file involved, or "" */
	int line;		    /* 1-based line in path, or 0 */
	char detail[RG_ERRMSG_MAX]; /* server detail, or "" */
	char hint[RG_ERRMSG_MAX];   /* server or our hint, or "" */
	const char *src_file;	    /* C source that set it (shown with -v) */
	int src_line;
};

#define RG_ERROR_INIT                                                          \
	{                                                                      \
		0                                                              \
	}

/*
 * Set err (which may be NULL) to code with a printf-style message.  path may
 * be NULL.  Returns code, so `return rg_error_set(...)` works.  Never
 * allocates; an over-long message is truncated.
 */
#define rg_error_set(err, code, path, line, ...)                               \
	rg_error_set_((err), (code), (path), (line), __FILE__, __LINE__,       \
		      __VA_ARGS__)

int rg_error_set_(struct rg_error *err, int code, const char *path, int line,
		  const char *src_file, int src_line, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

/* Fill path/line only where they are still empty (callers add context). */
void rg_error_locate(struct rg_error *err, const char *path, int line);

/* Clear err back to RG_OK. */
void rg_error_clear(struct rg_error *err);

#endif
