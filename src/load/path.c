/*
 * src/load/path.c - lexical absolute paths, as Python's os.path.abspath
 * (Alembic prints and compares paths made that way).  No symlink is
 * resolved: "a/../b" becomes "b" even if a is a link.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "src/load/load.h"

/* Drop the last component of the normalized path in b (never the root). */
static void pop_component(struct rg_buf *b, size_t root)
{
	while (b->len > root && b->buf[b->len - 1] != '/')
		b->len--;
	if (b->len > root + 1)
		b->len--; /* the '/' itself, unless it is the root slash */
	b->buf[b->len] = '\0';
}

/* Append the components of p to b, which already ends in a normalized path. */
static void add_components(struct rg_buf *b, size_t root, const char *p)
{
	while (*p) {
		const char *e;
		size_t n;

		while (*p == '/')
			p++;
		e = p;
		while (*e && *e != '/')
			e++;
		n = (size_t)(e - p);
		if (n == 0)
			break;
		if (n == 1 && p[0] == '.') {
			/* nothing */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			pop_component(b, root);
		} else {
			if (b->len > root + 1)
				rg_buf_addch(b, '/');
			rg_buf_add(b, p, n);
		}
		p = e;
	}
}

int rg_path_abs(const char *path, struct rg_buf *out, struct rg_error *err)
{
	char cwd[PATH_MAX];
	size_t root = out->len;

	rg_buf_addch(out, '/');
	if (path[0] != '/') {
		if (!getcwd(cwd, sizeof(cwd)))
			return rg_error_set(err, RG_ERROR, NULL, 0,
					    "cannot get the current directory: "
					    "%s",
					    strerror(errno));
		add_components(out, root, cwd);
	}
	add_components(out, root, path);
	if (rg_buf_oom(out))
		return rg_error_set(err, RG_ENOMEM, NULL, 0, "out of memory");
	return 0;
}
