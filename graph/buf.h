/*
 * graph/buf.h - the one growable string.
 *
 * Always NUL-terminated once anything was added; RG_BUF_INIT allocates
 * nothing and ->buf is then "" (a static empty string).  A failed
 * allocation puts the buffer into an error state in which further appends
 * do nothing; check once with rg_buf_oom().
 */
#ifndef RG_BUF_H
#define RG_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct rg_buf {
	char *buf;
	size_t len;
	size_t alloc;
	int oom;
};

extern char rg_buf_empty_[1];
#define RG_BUF_INIT                                                            \
	{                                                                      \
		rg_buf_empty_, 0, 0, 0                                         \
	}

void rg_buf_init(struct rg_buf *b);
void rg_buf_release(struct rg_buf *b);
void rg_buf_reset(struct rg_buf *b); /* len = 0, keeps memory */
void rg_buf_add(struct rg_buf *b, const void *data, size_t len);
void rg_buf_adds(struct rg_buf *b, const char *s);
void rg_buf_addch(struct rg_buf *b, char c);
/* Append code point cp (at most U+10FFFF) encoded as UTF-8. */
void rg_buf_add_utf8(struct rg_buf *b, unsigned long cp);
void rg_buf_addf(struct rg_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void rg_buf_vaddf(struct rg_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Detach the string: caller frees with free().  NULL on OOM. */
char *rg_buf_detach(struct rg_buf *b);
int rg_buf_oom(const struct rg_buf *b);

#endif
