/*
 * src/load/write.c - new revision ids, slugs, new revision files and
 * `init`.
 *
 * The .py output is byte for byte what Alembic 1.8's generic
 * script.py.mako renders (repr() quoting, tuple/list forms); the SQL output
 * is SPEC §2's header and two empty sections.  A new file never replaces
 * an existing one (O_EXCL) and its name never leaves the versions
 * directory: the slug has only word characters, and the id, the template
 * result and the labels are checked.
 * Alembic: script/base.py generate_revision, _rev_path; command.py init.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>

#include "src/load/load.h"
#include "src/load/uctab.h"

int rg_revid_generate(char out[13], struct rg_error *err)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char rnd[6];
	size_t got = 0;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return rg_error_set(err, RG_ERROR, "/dev/urandom", 0,
				    "cannot open: %s", strerror(errno));
	while (got < sizeof(rnd)) {
		ssize_t r = read(fd, rnd + got, sizeof(rnd) - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			close(fd);
			return rg_error_set(err, RG_ERROR, "/dev/urandom", 0,
					    "cannot read");
		}
		got += (size_t)r;
	}
	close(fd);
	for (size_t i = 0; i < sizeof(rnd); i++) {
		out[2 * i] = hex[rnd[i] >> 4];
		out[2 * i + 1] = hex[rnd[i] & 15];
	}
	out[12] = '\0';
	return 0;
}

/* ---- slug ---- */

/* Decode one UTF-8 character at p; *n = its length; invalid: -1, n = 1. */
static long utf8_decode(const unsigned char *p, size_t avail, size_t *n)
{
	unsigned c = p[0];
	size_t len = c < 0x80	 ? 1
		     : c >= 0xf0 ? 4
		     : c >= 0xe0 ? 3
		     : c >= 0xc0 ? 2
				 : 0;
	unsigned long cp;

	*n = 1;
	if (len == 1)
		return c;
	if (!len || c > 0xf4 || avail < len)
		return -1;
	cp = c & (0x3f >> (len - 1));
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return -1;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
	    (len == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	*n = len;
	return (long)cp;
}

/* Python's re \w for one code point. */
static int is_word(long cp)
{
	size_t lo = 0, hi = sizeof(rg_uc_word) / sizeof(rg_uc_word[0]);

	if (cp < 0)
		return 0;
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		       (cp >= '0' && cp <= '9') || cp == '_';
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if ((uint32_t)cp < rg_uc_word[mid][0])
			hi = mid;
		else if ((uint32_t)cp > rg_uc_word[mid][1])
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

/* Python's str.lower() for one code point (one-to-one mappings only). */
static long to_lower(long cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
	for (size_t i = 0; i < sizeof(rg_uc_lower) / sizeof(rg_uc_lower[0]);
	     i++) {
		long first = rg_uc_lower[i][0], stride = rg_uc_lower[i][2];
		long last = first + (rg_uc_lower[i][1] - 1) * stride;

		if (cp >= first && cp <= last && (cp - first) % stride == 0)
			return cp + rg_uc_lower[i][3];
	}
	return cp;
}

/*
 * Alembic: slug = "_".join(re.findall(r"\w+", message)).lower(), then
 * if len(slug) > truncate: slug[:truncate].rsplit("_", 1)[0] + "_".
 */
int rg_slugify(const char *message, int truncate_len, struct rg_buf *out)
{
	const unsigned char *p =
		(const unsigned char *)(message ? message : "");
	size_t avail = strlen((const char *)p), start = out->len, ncp = 0;
	size_t cut = 0, limit = truncate_len > 0 ? (size_t)truncate_len : 40;
	int in_word = 0;

	while (avail) {
		size_t n;
		long cp = utf8_decode(p, avail, &n);

		if (is_word(cp)) {
			if (!in_word && out->len > start) {
				rg_buf_addch(out, '_');
				if (++ncp == limit)
					cut = out->len;
			}
			rg_buf_add_utf8(out, (unsigned long)to_lower(cp));
			if (++ncp == limit)
				cut = out->len;
		}
		in_word = is_word(cp);
		p += n;
		avail -= n;
	}
	if (rg_buf_oom(out))
		return RG_ENOMEM;
	if (ncp > limit) {
		/* cut at the last '_' of the first `limit` code points */
		char *u = memrchr(out->buf + start, '_', cut - start);

		out->len = u ? (size_t)(u - out->buf) : cut;
		out->buf[out->len] = '\0';
		rg_buf_addch(out, '_');
	}
	return rg_buf_oom(out) ? RG_ENOMEM : 0;
}

/* ---- file names: Python's "%(key)s" % {...} ---- */

struct tokens {
	const char *rev, *slug;
	long long epoch;
	int year, month, day, hour, minute, second;
};

/* The int value of key, or 0 with *is_str = 1 and *s for rev/slug. */
static int token_value(const struct tokens *t, const char *key, size_t n,
		       long long *v, const char **s)
{
	static const char *const names[] = {"epoch", "year",   "month", "day",
					    "hour",  "minute", "second"};
	const long long vals[] = {t->epoch, t->year,   t->month, t->day,
				  t->hour,  t->minute, t->second};

	*s = NULL;
	if (n == 3 && !memcmp(key, "rev", 3)) {
		*s = t->rev;
		return 0;
	}
	if (n == 4 && !memcmp(key, "slug", 4)) {
		*s = t->slug;
		return 0;
	}
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strlen(names[i]) == n && !memcmp(names[i], key, n)) {
			*v = vals[i];
			return 0;
		}
	}
	return -1;
}

/*
 * printf-style flags, width and precision (as Python's % operator) for a
 * string s or, if s is NULL, the integer v.
 */
static void add_formatted(struct rg_buf *out, const char *spec, size_t n,
			  const char *s, long long v)
{
	int left = 0, zero = 0, plus = 0, space = 0;
	long width = 0, prec = -1;
	char num[32];
	const char *sign = "";
	size_t len, i = 0;

	for (; i < n && strchr("-+ #0", spec[i]); i++) {
		left |= spec[i] == '-';
		zero |= spec[i] == '0';
		plus |= spec[i] == '+';
		space |= spec[i] == ' ';
	}
	for (; i < n && spec[i] >= '0' && spec[i] <= '9'; i++)
		width = width * 10 + (spec[i] - '0');
	if (i < n && spec[i] == '.')
		for (prec = 0, i++; i < n && spec[i] >= '0' && spec[i] <= '9';
		     i++)
			prec = prec * 10 + (spec[i] - '0');
	if (!s) {
		unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v
					     : (unsigned long long)v;

		sign = v < 0 ? "-" : plus ? "+" : space ? " " : "";
		snprintf(num, sizeof(num), "%.*llu",
			 prec < 0    ? 1
			 : prec > 20 ? 20
				     : (int)prec,
			 u);
		s = num;
	}
	len = strlen(s);
	if (s != num && prec >= 0 && (size_t)prec < len)
		len = (size_t)prec;
	if (!left && !(zero && s == num))
		for (long k = (long)(len + strlen(sign)); k < width; k++)
			rg_buf_addch(out, ' ');
	rg_buf_adds(out, sign);
	if (!left && zero && s == num)
		for (long k = (long)(len + strlen(sign)); k < width; k++)
			rg_buf_addch(out, '0');
	rg_buf_add(out, s, len);
	if (left)
		for (long k = (long)(len + strlen(sign)); k < width; k++)
			rg_buf_addch(out, ' ');
}

/* One "%(key)<spec>" at *pp (after the '%'); advance *pp. */
static int format_one(const char **pp, const struct tokens *t,
		      struct rg_buf *out, struct rg_error *err)
{
	const char *p = *pp, *key, *spec;
	size_t keyn, specn;
	long long v = 0;
	const char *s;

	if (*p != '(')
		return rg_error_set(err, RG_EUSAGE, NULL, 0,
				    "file_template: '%%' must be followed by "
				    "'%%' or '(name)'");
	key = ++p;
	while (*p && *p != ')')
		p++;
	if (!*p)
		return rg_error_set(err, RG_EUSAGE, NULL, 0,
				    "file_template: missing ')'");
	keyn = (size_t)(p - key);
	spec = ++p;
	p += strspn(p, "-+ #0123456789.");
	specn = (size_t)(p - spec);
	if (!*p || !strchr("sdiu", *p) || specn > 16)
		return rg_error_set(err, RG_EUSAGE, NULL, 0,
				    "file_template: unsupported format for "
				    "'%.*s'",
				    (int)keyn, key);
	if (token_value(t, key, keyn, &v, &s) < 0)
		return rg_error_set(err, RG_EUSAGE, NULL, 0,
				    "file_template: unknown token '%.*s' "
				    "(known: rev, slug, epoch, year, month, "
				    "day, hour, minute, second)",
				    (int)keyn, key);
	if (s && *p != 's')
		return rg_error_set(err, RG_EUSAGE, NULL, 0,
				    "file_template: '%.*s' is a string",
				    (int)keyn, key);
	add_formatted(out, spec, specn, s, v);
	*pp = p + 1;
	return 0;
}

static int format_name(const char *tmpl, const struct tokens *t,
		       struct rg_buf *out, struct rg_error *err)
{
	int rc;

	for (const char *p = tmpl; *p;) {
		if (*p != '%') {
			rg_buf_addch(out, *p++);
		} else if (p[1] == '%') {
			rg_buf_addch(out, '%');
			p += 2;
		} else {
			p++;
			if ((rc = format_one(&p, t, out, err)) < 0)
				return rc;
		}
	}
	return 0;
}

/* "YYYY-MM-DD HH:MM:SS[.ffffff...]" into t's date fields and epoch. */
static int parse_date(const char *d, struct tokens *t, struct rg_error *err)
{
	static const int off[6] = {0, 5, 8, 11, 14, 17},
			 len[6] = {4, 2, 2, 2, 2, 2};
	static const char sep[6] = {'-', '-', ' ', ':', ':', '\0'};
	int v[6];
	struct tm tm;

	if (!d || strlen(d) < 19)
		goto bad;
	for (int i = 0; i < 6; i++) {
		v[i] = 0;
		for (int k = 0; k < len[i]; k++) {
			char c = d[off[i] + k];

			if (c < '0' || c > '9')
				goto bad;
			v[i] = v[i] * 10 + (c - '0');
		}
		if (i < 5 && d[off[i] + len[i]] != sep[i])
			goto bad;
	}
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = v[0] - 1900;
	tm.tm_mon = v[1] - 1;
	tm.tm_mday = v[2];
	tm.tm_hour = v[3];
	tm.tm_min = v[4];
	tm.tm_sec = v[5];
	tm.tm_isdst = -1; /* Python: naive datetime.timestamp() is local */
	t->epoch = (long long)mktime(&tm);
	t->year = v[0], t->month = v[1], t->day = v[2];
	t->hour = v[3], t->minute = v[4], t->second = v[5];
	return 0;
bad:
	return rg_error_set(err, RG_EUSAGE, NULL, 0,
			    "bad create date '%s' (want YYYY-MM-DD "
			    "HH:MM:SS[.ffffff])",
			    d ? d : "");
}

/* ---- file contents ---- */

/* Python's repr() of a str. */
static void add_repr(struct rg_buf *b, const char *s)
{
	char q = strchr(s, '\'') && !strchr(s, '"') ? '"' : '\'';

	rg_buf_addch(b, q);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\\' || *p == (unsigned char)q)
			rg_buf_addf(b, "\\%c", *p);
		else if (*p == '\n')
			rg_buf_adds(b, "\\n");
		else if (*p == '\r')
			rg_buf_adds(b, "\\r");
		else if (*p == '\t')
			rg_buf_adds(b, "\\t");
		else if (*p < 0x20 || *p == 0x7f)
			rg_buf_addf(b, "\\x%02x", *p);
		else if (*p == 0xc2 && (p[1] <= 0xa0 || p[1] == 0xad) &&
			 p[1] >= 0x80)
			rg_buf_addf(b, "\\x%02x", *++p); /* not printable */
		else
			rg_buf_addch(b, (char)*p);
	}
	rg_buf_addch(b, q);
}

/* None, 'a', or a tuple/list of reprs; as_list: [..] for several. */
static void add_py_value(struct rg_buf *b, const char *const *v, size_t n,
			 int tuple_one, int as_list)
{
	if (n == 0) {
		rg_buf_adds(b, "None");
		return;
	}
	if (n == 1 && !tuple_one) {
		add_repr(b, v[0]);
		return;
	}
	rg_buf_addch(b, as_list ? '[' : '(');
	for (size_t i = 0; i < n; i++) {
		if (i)
			rg_buf_adds(b, ", ");
		add_repr(b, v[i]);
	}
	if (n == 1)
		rg_buf_addch(b, ',');
	rg_buf_addch(b, as_list ? ']' : ')');
}

static void add_joined(struct rg_buf *b, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			rg_buf_adds(b, ", ");
		rg_buf_adds(b, v[i]);
	}
}

/* Alembic 1.8 templates/generic/script.py.mako, rendered. */
static void render_py(const struct rg_newrev *nr, const char *msg,
		      struct rg_buf *b)
{
	rg_buf_addf(b, "\"\"\"%s\n\nRevision ID: %s\nRevises: ", msg,
		    nr->rev_id);
	add_joined(b, nr->down, nr->ndown);
	rg_buf_addf(b,
		    "\nCreate Date: %s\n\n\"\"\"\n"
		    "from alembic import op\nimport sqlalchemy as sa\n\n\n"
		    "# revision identifiers, used by Alembic.\nrevision = ",
		    nr->create_date);
	add_repr(b, nr->rev_id);
	rg_buf_adds(b, "\ndown_revision = ");
	add_py_value(b, nr->down, nr->ndown, 0, 0);
	rg_buf_adds(b, "\nbranch_labels = ");
	add_py_value(b, nr->labels, nr->nlabels, 1, 0);
	rg_buf_adds(b, "\ndepends_on = ");
	add_py_value(b, nr->deps, nr->ndeps, 0, 1);
	rg_buf_adds(b, "\n\n\ndef upgrade() -> None:\n    pass\n\n\n"
		       "def downgrade() -> None:\n    pass\n");
}

/* SPEC §2; a message's line breaks become spaces. */
static void render_sql(const struct rg_newrev *nr, const char *msg,
		       struct rg_buf *b)
{
	rg_buf_addf(b, "-- revision: %s\n-- down_revision: ", nr->rev_id);
	if (nr->ndown)
		add_joined(b, nr->down, nr->ndown);
	else
		rg_buf_adds(b, "None");
	if (nr->nlabels) {
		rg_buf_adds(b, "\n-- branch_labels: ");
		add_joined(b, nr->labels, nr->nlabels);
	}
	if (nr->ndeps) {
		rg_buf_adds(b, "\n-- depends_on: ");
		add_joined(b, nr->deps, nr->ndeps);
	}
	rg_buf_adds(b, "\n-- message:");
	if (*msg)
		rg_buf_addch(b, ' ');
	for (const char *p = msg; *p; p++)
		rg_buf_addch(b, *p == '\n' || *p == '\r' ? ' ' : *p);
	rg_buf_addf(b,
		    "\n-- create_date: %s\n\n-- revgraph:upgrade\n\n"
		    "-- revgraph:downgrade\n",
		    nr->create_date);
}

/* ---- writing ---- */

static int check_names(const struct rg_newrev *nr, struct rg_error *err)
{
	const char *id = nr->rev_id;
	struct rg_error e = RG_ERROR_INIT;

	if (rg_revid_check(id, strlen(id), NULL, 0, &e) < 0)
		return rg_error_set(err, RG_EUSAGE, NULL, 0, "%s", e.msg);
	if (strchr(id, '/') || strchr(id, ',') || strstr(id, ".."))
		return rg_error_set(err, RG_EUSAGE, NULL, 0,
				    "revision id '%s' may not contain '/', "
				    "',' or '..'",
				    id);
	if (nr->py)
		return 0;
	/* the SQL header separates list items with commas, one per line */
	for (size_t i = 0; i < nr->nlabels + nr->ndeps; i++) {
		const char *s = i < nr->nlabels ? nr->labels[i]
						: nr->deps[i - nr->nlabels];

		if (!*s || strpbrk(s, ",\n\r"))
			return rg_error_set(err, RG_EUSAGE, NULL, 0,
					    "'%s' cannot be written in a SQL "
					    "header (empty, or has a comma or "
					    "line break)",
					    s);
	}
	return 0;
}

/* Absolute path of the new file into path. */
static int new_path(const struct rg_newrev *nr, struct rg_buf *path,
		    struct rg_error *err)
{
	struct tokens t = {0};
	struct rg_buf slug = RG_BUF_INIT, name = RG_BUF_INIT;
	int rc;

	if ((rc = parse_date(nr->create_date, &t, err)) < 0)
		goto out;
	if (rg_slugify(nr->message, nr->truncate_slug_length, &slug) < 0) {
		rc = rg_error_set(err, RG_ENOMEM, NULL, 0, "out of memory");
		goto out;
	}
	t.rev = nr->rev_id;
	t.slug = slug.buf;
	rc = format_name(nr->file_template ? nr->file_template
					   : "%(rev)s_%(slug)s",
			 &t, &name, err);
	if (rc < 0)
		goto out;
	rg_buf_adds(&name, nr->py ? ".py" : ".sql");
	if (memchr(name.buf, '/', name.len) ||
	    memchr(name.buf, '\0', name.len)) {
		rc = rg_error_set(err, RG_EUSAGE, NULL, 0,
				  "file name '%s' is not a plain name",
				  name.buf);
		goto out;
	}
	if ((rc = rg_path_abs(nr->dir, path, err)) < 0)
		goto out;
	if (path->len > 1)
		rg_buf_addch(path, '/');
	rg_buf_add(path, name.buf, name.len);
	if (rg_buf_oom(path) || rg_buf_oom(&name))
		rc = rg_error_set(err, RG_ENOMEM, NULL, 0, "out of memory");
out:
	rg_buf_release(&slug);
	rg_buf_release(&name);
	return rc;
}

/* Create path exclusively and write data; no file is left on failure. */
static int write_new_file(const char *path, const char *data, size_t len,
			  struct rg_error *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	size_t done = 0;

	if (fd < 0)
		return rg_error_set(err, RG_ERROR, path, 0, "cannot create: %s",
				    strerror(errno));
	while (done < len) {
		ssize_t w = write(fd, data + done, len - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			break;
		done += (size_t)w;
	}
	if (done < len || close(fd) < 0) {
		int e = errno;

		if (done < len)
			close(fd);
		unlink(path);
		return rg_error_set(err, RG_ERROR, path, 0, "cannot write: %s",
				    strerror(e));
	}
	return 0;
}

int rg_newrev_write(const struct rg_newrev *nr, struct rg_buf *path_out,
		    struct rg_error *err)
{
	struct rg_buf path = RG_BUF_INIT, body = RG_BUF_INIT;
	const char *msg = nr->message ? nr->message : "empty message";
	int rc;

	if ((rc = check_names(nr, err)) < 0 ||
	    (rc = new_path(nr, &path, err)) < 0)
		goto out;
	if (nr->py)
		render_py(nr, msg, &body);
	else
		render_sql(nr, msg, &body);
	if (rg_buf_oom(&body)) {
		rc = rg_error_set(err, RG_ENOMEM, NULL, 0, "out of memory");
		goto out;
	}
	if ((rc = write_new_file(path.buf, body.buf, body.len, err)) < 0)
		goto out;
	rg_buf_add(path_out, path.buf, path.len);
	if (rg_buf_oom(path_out))
		rc = rg_error_set(err, RG_ENOMEM, NULL, 0, "out of memory");
out:
	rg_buf_release(&path);
	rg_buf_release(&body);
	return rc;
}

/* ---- init ---- */

static const char init_ini[] =
	"# revgraph configuration: the [alembic] section of an alembic.ini\n"
	"\n"
	"[alembic]\n"
	"# where the project lives; %(here)s is this file's directory\n"
	"script_location = %(here)s\n"
	"\n"
	"# the revision directories, separated by version_path_separator\n"
	"# (os, :, ;, space)\n"
	"version_locations = %(here)s/versions\n"
	"version_path_separator = os\n"
	"\n"
	"# new file names: rev, slug, epoch, year, month, day, hour, minute,\n"
	"# second are available\n"
	"# file_template = %%(rev)s_%%(slug)s\n"
	"# truncate_slug_length = 40\n"
	"\n"
	"# the database; --url, $REVGRAPH_URL and $DATABASE_URL come first\n"
	"# sqlalchemy.url = postgresql://user:password@localhost/dbname\n";

/* 1 if dir exists and has entries other than "." and "..". */
static int dir_nonempty(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int found = 0;

	if (!d)
		return errno != ENOENT;
	while (!found && (de = readdir(d)))
		found = strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
	closedir(d);
	return found;
}

/* mkdir -p of the absolute, normalized path abs (Python os.makedirs). */
static int make_dirs(char *abs, struct rg_error *err)
{
	for (char *p = abs + 1;; p++) {
		if (*p != '/' && *p)
			continue;
		char c = *p;

		*p = '\0';
		if (mkdir(abs, 0777) < 0 && errno != EEXIST) {
			rg_error_set(err, RG_ERROR, abs, 0,
				     "cannot create directory: %s",
				     strerror(errno));
			*p = c;
			return RG_ERROR;
		}
		*p = c;
		if (!c)
			return 0;
	}
}

int rg_init_project(const char *dir, struct rg_buf *log_out,
		    struct rg_error *err)
{
	struct rg_buf abs = RG_BUF_INIT;
	size_t len;
	struct stat st;
	int rc;

	if ((rc = rg_path_abs(dir, &abs, err)) < 0)
		goto out;
	if (dir_nonempty(abs.buf)) {
		rc = rg_error_set(err, RG_ERROR, NULL, 0,
				  "Directory %s already exists and is not "
				  "empty",
				  dir);
		goto out;
	}
	if (stat(abs.buf, &st) < 0) {
		if ((rc = make_dirs(abs.buf, err)) < 0)
			goto out;
		rg_buf_addf(log_out, "Creating directory %s ...  done\n",
			    abs.buf);
	}
	len = abs.len;
	rg_buf_adds(&abs, abs.len > 1 ? "/versions" : "versions");
	if (rg_buf_oom(&abs)) {
		rc = rg_error_set(err, RG_ENOMEM, NULL, 0, "out of memory");
		goto out;
	}
	if (mkdir(abs.buf, 0777) < 0) {
		rc = rg_error_set(err, RG_ERROR, abs.buf, 0,
				  "cannot create directory: %s",
				  strerror(errno));
		goto out;
	}
	rg_buf_addf(log_out, "Creating directory %s ...  done\n", abs.buf);
	abs.len = len;
	rg_buf_adds(&abs, abs.len > 1 ? "/revgraph.ini" : "revgraph.ini");
	if (rg_buf_oom(&abs)) {
		rc = rg_error_set(err, RG_ENOMEM, NULL, 0, "out of memory");
		goto out;
	}
	if ((rc = write_new_file(abs.buf, init_ini, sizeof(init_ini) - 1,
				 err)) < 0)
		goto out;
	rg_buf_addf(log_out, "Generating %s ...  done\n", abs.buf);
	if (rg_buf_oom(log_out))
		rc = rg_error_set(err, RG_ENOMEM, NULL, 0, "out of memory");
out:
	rg_buf_release(&abs);
	return rc;
}
