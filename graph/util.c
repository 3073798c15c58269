/*
 * graph/util.c - rg_buf, rg_vec, rg_arena and rg_error.
 *
 * Every size computation checks for overflow before it allocates.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "graph/arena.h"
#include "graph/buf.h"
#include "graph/error.h"
#include "graph/hash.h"
#include "graph/vec.h"
#include "graph/banned.h"

__thread int rg_hash_oom_;
char rg_buf_empty_[1];

/* ---- rg_error ---- */

static void copy_str(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src);

	if (n >= cap)
		n = cap - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

int rg_error_set_(struct rg_error *err, int code, const char *path, int line,
		  const char *src_file, int src_line, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	copy_str(err->path, sizeof(err->path), path ? path : "");
	err->line = line;
	err->detail[0] = '\0';
	err->hint[0] = '\0';
	err->src_file = src_file;
	err->src_line = src_line;
	return code;
}

void rg_error_locate(struct rg_error *err, const char *path, int line)
{
	if (!err)
		return;
	if (!err->path[0] && path) {
		copy_str(err->path, sizeof(err->path), path);
		if (!err->line)
			err->line = line;
	}
}

void rg_error_clear(struct rg_error *err)
{
	if (err)
		memset(err, 0, sizeof(*err));
}

/* ---- rg_buf ---- */

void rg_buf_init(struct rg_buf *b)
{
	b->buf = rg_buf_empty_;
	b->len = 0;
	b->alloc = 0;
	b->oom = 0;
}

void rg_buf_release(struct rg_buf *b)
{
	if (b->alloc)
		free(b->buf);
	rg_buf_init(b);
}

void rg_buf_reset(struct rg_buf *b)
{
	b->len = 0;
	if (b->alloc)
		b->buf[0] = '\0';
}

static int buf_grow(struct rg_buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (b->oom)
		return -1;
	if (extra > SIZE_MAX - b->len - 1)
		goto oom;
	need = b->len + extra + 1;
	if (need <= b->alloc)
		return 0;
	cap = b->alloc ? b->alloc : 64;
	while (cap < need) {
		if (cap > SIZE_MAX / 2) {
			cap = need;
			break;
		}
		cap *= 2;
	}
	p = realloc(b->alloc ? b->buf : NULL, cap);
	if (!p)
		goto oom;
	if (!b->alloc)
		p[0] = '\0';
	b->buf = p;
	b->alloc = cap;
	return 0;
oom:
	b->oom = 1;
	return -1;
}

void rg_buf_add(struct rg_buf *b, const void *data, size_t len)
{
	if (buf_grow(b, len) < 0)
		return;
	if (len)
		memcpy(b->buf + b->len, data, len);
	b->len += len;
	b->buf[b->len] = '\0';
}

void rg_buf_adds(struct rg_buf *b, const char *s)
{
	rg_buf_add(b, s, strlen(s));
}

void rg_buf_addch(struct rg_buf *b, char c)
{
	rg_buf_add(b, &c, 1);
}

void rg_buf_add_utf8(struct rg_buf *b, unsigned long cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp, n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f)), n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f)), n = 3;
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f)), n = 4;
	}
	rg_buf_add(b, u, n);
}

void rg_buf_vaddf(struct rg_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	if (b->oom)
		return;
	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0 || buf_grow(b, (size_t)n) < 0) {
		b->oom = 1;
		return;
	}
	vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void rg_buf_addf(struct rg_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rg_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

char *rg_buf_detach(struct rg_buf *b)
{
	char *s;

	if (b->oom) {
		rg_buf_release(b);
		return NULL;
	}
	if (!b->alloc) {
		s = malloc(1);
		if (s)
			s[0] = '\0';
	} else {
		s = b->buf;
	}
	rg_buf_init(b);
	return s;
}

int rg_buf_oom(const struct rg_buf *b)
{
	return b->oom;
}

/* ---- rg_vec ---- */

int rg_vec_reserve(struct rg_vec *v, size_t n)
{
	size_t cap;
	void **p;

	if (n <= v->alloc)
		return 0;
	cap = v->alloc ? v->alloc : 8;
	while (cap < n) {
		if (cap > SIZE_MAX / 2 / sizeof(void *))
			return RG_ENOMEM;
		cap *= 2;
	}
	p = realloc(v->items, cap * sizeof(void *));
	if (!p)
		return RG_ENOMEM;
	v->items = p;
	v->alloc = cap;
	return 0;
}

int rg_vec_push(struct rg_vec *v, void *item)
{
	if (v->len == SIZE_MAX)
		return RG_ENOMEM;
	if (rg_vec_reserve(v, v->len + 1) < 0)
		return RG_ENOMEM;
	v->items[v->len++] = item;
	return 0;
}

void *rg_vec_pop(struct rg_vec *v)
{
	return v->len ? v->items[--v->len] : NULL;
}

void rg_vec_release(struct rg_vec *v)
{
	free(v->items);
	v->items = NULL;
	v->len = 0;
	v->alloc = 0;
}

/* ---- rg_arena ---- */

struct rg_arena_block {
	struct rg_arena_block *next;
	size_t size;   /* usable bytes in data[] */
	size_t mapped; /* bytes mmap'ed, 0 when malloc'ed */
	size_t used;
	_Alignas(16) unsigned char data[];
};

/*
 * Blocks double from 64 KiB up to 4 MiB.  Blocks of 1 MiB and more are
 * mapped pre-faulted (MAP_POPULATE): one system call instead of a page
 * fault per 4 KiB, which is most of the cost of loading 100,000
 * revisions once the files are read.  Smaller ones are not: a project
 * of 1,000 revisions uses a fraction of its last 512 KiB block, and
 * zeroing the rest cost more than the faults it saved (measured).
 */
#define ARENA_BLOCK 65536
#define ARENA_BLOCK_MAX (4u << 20)
#define ARENA_MAP_MIN (256u << 10)
#define ARENA_POPULATE_MIN (1u << 20)

static struct rg_arena_block *arena_block_new(size_t bsize)
{
	struct rg_arena_block *blk;
	size_t total = sizeof(*blk) + bsize;

	if (bsize >= ARENA_MAP_MIN) {
		int pop = bsize >= ARENA_POPULATE_MIN ? MAP_POPULATE : 0;
		void *p = mmap(NULL, total, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | pop, -1, 0);
		if (p == MAP_FAILED)
			return NULL;
		blk = p;
		blk->mapped = total;
	} else {
		if (!(blk = malloc(total)))
			return NULL;
		blk->mapped = 0;
	}
	blk->size = bsize;
	blk->used = 0;
	return blk;
}

void *rg_arena_alloc(struct rg_arena *a, size_t size)
{
	struct rg_arena_block *blk = a->head;
	size_t sz, bsize;
	void *p;

	if (size > SIZE_MAX - 15)
		return NULL;
	sz = (size + 15) & ~(size_t)15;
	if (!sz)
		sz = 16;
	if (!blk || blk->size - blk->used < sz) {
		size_t grow = blk ? blk->size * 2 : ARENA_BLOCK;

		if (grow > ARENA_BLOCK_MAX)
			grow = ARENA_BLOCK_MAX;
		bsize = sz > grow ? sz : grow;
		if (bsize > SIZE_MAX - sizeof(*blk))
			return NULL;
		blk = arena_block_new(bsize);
		if (!blk)
			return NULL;
		if (a->head && sz > grow) {
			/* keep the partly used block current */
			blk->next = a->head->next;
			a->head->next = blk;
		} else {
			blk->next = a->head;
			a->head = blk;
		}
	}
	p = blk->data + blk->used;
	blk->used += sz;
	a->used += sz;
	return p;
}

void *rg_arena_calloc(struct rg_arena *a, size_t n, size_t size)
{
	void *p;

	if (size && n > SIZE_MAX / size)
		return NULL;
	p = rg_arena_alloc(a, n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

char *rg_arena_strndup(struct rg_arena *a, const char *s, size_t n)
{
	char *p;

	if (n == SIZE_MAX)
		return NULL;
	p = rg_arena_alloc(a, n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *rg_arena_strdup(struct rg_arena *a, const char *s)
{
	return rg_arena_strndup(a, s, strlen(s));
}

void rg_arena_release(struct rg_arena *a)
{
	struct rg_arena_block *b = a->head, *next;

	while (b) {
		next = b->next;
		if (b->mapped)
			munmap(b, b->mapped);
		else
			free(b);
		b = next;
	}
	a->head = NULL;
	a->used = 0;
}
