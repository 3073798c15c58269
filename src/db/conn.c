/*
 * src/db/conn.c - connecting, URL conversion and password redaction.
 *
 * Invariant: no message built here contains a password.  Every URL shown
 * goes through rg_db_redact(), and libpq's own error text (which can quote
 * pieces of a malformed URL) is scrubbed of everything that looks like the
 * password before it is copied into an rg_error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph/buf.h"
#include "graph/vec.h"
#include "src/db/db.h"
#include "src/db/db_int.h"

#define REDACTED "XXXXX"

/* ---- redaction ---- */

static int is_scheme_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

/* Length of "scheme://" at the start of s, or 0 if s is not a URL. */
static size_t scheme_len(const char *s)
{
	size_t i = 0;

	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return 0;
	while (is_scheme_char(s[i]))
		i++;
	return strncmp(s + i, "://", 3) == 0 ? i + 3 : 0;
}

/* Record a secret span (may be NULL: we only redact). */
static void note_secret(struct rg_vec *secrets, const char *s, size_t n)
{
	char *copy;

	if (!secrets || n == 0)
		return;
	copy = strndup(s, n);
	if (copy && rg_vec_push(secrets, copy) < 0)
		free(copy);
}

/* password, sslpassword: every libpq option that holds a secret. */
static int is_password_key(const char *k, size_t n)
{
	return n >= 8 && strncasecmp(k + n - 8, "password", 8) == 0;
}

/*
 * URI form.  The userinfo ends at the LAST '@' before the query, not the
 * first: a password with an unencoded '/' or '@' must still be hidden in
 * full, whatever libpq would make of it.
 */
static void redact_uri(const char *url, size_t start, struct rg_buf *out,
		       struct rg_vec *secrets)
{
	const char *auth = url + start;
	const char *q = strchr(auth, '?');
	const char *end = q ? q : auth + strlen(auth);
	const char *at = NULL, *colon = NULL, *p;

	for (p = auth; p < end; p++)
		if (*p == '@')
			at = p;
	if (at) {
		colon = memchr(auth, ':', (size_t)(at - auth));
	}
	if (colon && at > colon + 1) {
		rg_buf_add(out, url, (size_t)(colon + 1 - url));
		rg_buf_adds(out, REDACTED);
		note_secret(secrets, colon + 1, (size_t)(at - colon - 1));
		rg_buf_add(out, at, (size_t)(end - at));
	} else {
		rg_buf_add(out, url, (size_t)(end - url));
	}
	if (!q)
		return;
	/* ?a=b&password=c&... */
	p = q;
	while (*p) {
		const char *pe = strchr(p + 1, '&');
		size_t n = pe ? (size_t)(pe - p) : strlen(p);

		const char *eq = memchr(p + 1, '=', n - 1);

		if (eq && is_password_key(p + 1, (size_t)(eq - p - 1))) {
			rg_buf_add(out, p, (size_t)(eq + 1 - p));
			rg_buf_adds(out, REDACTED);
			note_secret(secrets, eq + 1, n - (size_t)(eq + 1 - p));
		} else {
			rg_buf_add(out, p, n);
		}
		p += n;
	}
}

/*
 * key = value conninfo, following libpq's grammar: values are bare words
 * or single-quoted, and a backslash escapes the next character in both.
 */
static void redact_conninfo(const char *s, struct rg_buf *out,
			    struct rg_vec *secrets)
{
	const char *p = s;

	while (*p) {
		const char *k, *v, *ve;
		size_t klen;
		int quoted;

		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			rg_buf_addch(out, *p++);
		k = p;
		while (*p && *p != '=' && *p != ' ' && *p != '\t')
			p++;
		klen = (size_t)(p - k);
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p != '=') {
			/* Malformed: libpq will refuse it.  Show the rest
			 * unless it could hold a password. */
			if (strcasestr(k, "password")) {
				rg_buf_adds(out, REDACTED);
				note_secret(secrets, k, strlen(k));
			} else {
				rg_buf_adds(out, k);
			}
			return;
		}
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		v = p;
		quoted = *p == '\'';
		if (quoted)
			p++;
		while (*p &&
		       (quoted ? *p != '\''
			       : (*p != ' ' && *p != '\t' && *p != '\n'))) {
			if (*p == '\\' && p[1])
				p++;
			p++;
		}
		if (quoted && *p == '\'')
			p++;
		ve = p;
		rg_buf_add(out, k, klen);
		rg_buf_addch(out, '=');
		if (is_password_key(k, klen)) {
			rg_buf_adds(out, REDACTED);
			if (quoted && ve - v >= 2)
				note_secret(secrets, v + 1,
					    (size_t)(ve - v - 2));
			else
				note_secret(secrets, v, (size_t)(ve - v));
		} else if (klen == 6 && strncasecmp(k, "dbname", 6) == 0 &&
			   scheme_len(v + quoted)) {
			/* A URI as dbname is expanded by libpq. */
			size_t n = (size_t)(ve - v) - (quoted ? 2 : 0);
			char *inner = strndup(v + quoted, n);

			if (quoted)
				rg_buf_addch(out, '\'');
			if (inner)
				redact_uri(inner, scheme_len(inner), out,
					   secrets);
			if (quoted)
				rg_buf_addch(out, '\'');
			free(inner);
		} else {
			rg_buf_add(out, v, (size_t)(ve - v));
		}
	}
}

/*
 * A string that is neither a URI nor valid conninfo may still be a
 * mistyped URL ("postgresql:/u:pw@host/db", "u:pw@host/db"): hide
 * whatever stands between a ':' and the next '@' when nothing there
 * could not be a password (no '/', '=', or white space).
 */
static void redact_userinfo_like(struct rg_buf *b, struct rg_vec *secrets)
{
	struct rg_buf out = RG_BUF_INIT;
	const char *s = b->buf;
	size_t i = 0, n = b->len;

	if (!memchr(s, '@', n) || rg_buf_oom(b))
		return;
	while (i < n) {
		const char *at;
		size_t j;

		if (s[i] != ':' || !(at = memchr(s + i + 1, '@', n - i - 1))) {
			rg_buf_addch(&out, s[i++]);
			continue;
		}
		for (j = i + 1; s + j < at; j++)
			if (s[j] == '/' || s[j] == '=' || s[j] == ' ' ||
			    s[j] == ':')
				break;
		if (s + j != at || j == i + 1) {
			rg_buf_addch(&out, s[i++]);
			continue;
		}
		rg_buf_addch(&out, ':');
		rg_buf_adds(&out, REDACTED);
		note_secret(secrets, s + i + 1, j - i - 1);
		i = j;
	}
	if (!rg_buf_oom(&out)) {
		rg_buf_reset(b);
		rg_buf_add(b, out.buf, out.len);
	}
	rg_buf_release(&out);
}

static void redact_into(const char *url, struct rg_buf *out,
			struct rg_vec *secrets)
{
	size_t sl;

	if (!url || !*url) {
		rg_buf_adds(out, "(libpq defaults)");
		return;
	}
	sl = scheme_len(url);
	if (sl) {
		redact_uri(url, sl, out, secrets);
		return;
	}
	if (strchr(url, '='))
		redact_conninfo(url, out, secrets);
	else
		rg_buf_adds(out, url);
	redact_userinfo_like(out, secrets);
}

char *rg_db_redact(const char *url)
{
	struct rg_buf b = RG_BUF_INIT;

	redact_into(url, &b, NULL);
	return rg_buf_detach(&b);
}

/* ---- scrubbing libpq's messages ---- */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Add the percent-decoded form of each secret that has a '%'. */
static void add_decoded(struct rg_vec *secrets)
{
	size_t i, n = secrets->len;

	for (i = 0; i < n; i++) {
		const char *s = secrets->items[i];
		struct rg_buf d = RG_BUF_INIT;
		char *copy;

		if (!strchr(s, '%'))
			continue;
		for (; *s; s++) {
			if (s[0] == '%' && hexval(s[1]) >= 0 &&
			    hexval(s[2]) >= 0) {
				rg_buf_addch(&d, (char)(hexval(s[1]) * 16 +
							hexval(s[2])));
				s += 2;
			} else {
				rg_buf_addch(&d, *s);
			}
		}
		copy = rg_buf_detach(&d);
		if (copy && rg_vec_push(secrets, copy) < 0)
			free(copy);
	}
}

static int overlaps_secret(const char *tok, size_t n,
			   const struct rg_vec *secrets)
{
	size_t i;

	for (i = 0; i < secrets->len; i++) {
		const char *s = secrets->items[i];
		size_t sn = strlen(s);

		if (memmem(s, sn, tok, n) || memmem(tok, n, s, sn))
			return 1;
	}
	return 0;
}

/*
 * Copy the first line of msg into out, with every "quoted token" that is a
 * piece of a secret (libpq quotes URL fragments such as "p%zz" or a port
 * it cut out of a password) and every secret itself replaced.
 */
static void scrub_line(const char *msg, const struct rg_vec *secrets,
		       struct rg_buf *out)
{
	const char *p = msg;
	const char *eol = strchr(msg, '\n');
	const char *end = eol ? eol : msg + strlen(msg);

	while (p < end) {
		size_t i, hit = 0;

		for (i = 0; i < secrets->len && !hit; i++) {
			const char *s = secrets->items[i];
			size_t sn = strlen(s);

			if (sn && (size_t)(end - p) >= sn &&
			    memcmp(p, s, sn) == 0)
				hit = sn;
		}
		if (hit) {
			rg_buf_adds(out, REDACTED);
			p += hit;
			continue;
		}
		if (*p == '"') {
			const char *q =
				memchr(p + 1, '"', (size_t)(end - p - 1));

			if (q && q > p + 1 &&
			    overlaps_secret(p + 1, (size_t)(q - p - 1),
					    secrets)) {
				rg_buf_adds(out, "\"" REDACTED "\"");
				p = q + 1;
				continue;
			}
		}
		rg_buf_addch(out, *p++);
	}
}

static void free_secrets(struct rg_vec *secrets)
{
	size_t i;

	for (i = 0; i < secrets->len; i++)
		free(secrets->items[i]);
	rg_vec_release(secrets);
}

/* ---- URL conversion ---- */

int rg_db_url_to_libpq(const char *url, struct rg_buf *out,
		       struct rg_error *err)
{
	size_t sl = url ? scheme_len(url) : 0;
	size_t base;

	if (!sl) {
		rg_buf_adds(out, url ? url : "");
		goto done;
	}
	base = 0;
	while (base < sl - 3 && url[base] != '+')
		base++;
	if (!((base == 10 && strncasecmp(url, "postgresql", 10) == 0) ||
	      (base == 8 && strncasecmp(url, "postgres", 8) == 0)))
		return rg_error_set(err, RG_ECONNECT, NULL, 0,
				    "unsupported database URL scheme '%.*s': "
				    "revgraph works with PostgreSQL only",
				    (int)(sl - 3), url);
	rg_buf_adds(out, "postgresql://");
	rg_buf_adds(out, url + sl);
done:
	if (rg_buf_oom(out))
		return rg_error_set(err, RG_ENOMEM, NULL, 0, "out of memory");
	return 0;
}

/* ---- errors ---- */

static void first_line(char *dst, size_t cap, const char *s)
{
	size_t n = strcspn(s, "\n");

	if (n >= cap)
		n = cap - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

int rg_db_server_error(struct rg_error *err, int code, PGconn *conn,
		       const PGresult *res, const char *prefix)
{
	const char *primary = NULL, *detail = NULL, *hint = NULL;
	char line[RG_ERRMSG_MAX];

	if (res) {
		primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
		detail = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL);
		hint = PQresultErrorField(res, PG_DIAG_MESSAGE_HINT);
	}
	if (!primary) {
		const char *m = res && *PQresultErrorMessage(res)
					? PQresultErrorMessage(res)
					: PQerrorMessage(conn);

		first_line(line, sizeof(line), *m ? m : "unknown error");
		primary = line;
	}
	rg_error_set(err, code, NULL, 0, "%s%s", prefix, primary);
	if (err) {
		first_line(err->detail, sizeof(err->detail),
			   detail ? detail : "");
		first_line(err->hint, sizeof(err->hint), hint ? hint : "");
	}
	return code;
}

void rg_db_prefix_msg(struct rg_error *err, const char *prefix)
{
	char msg[RG_ERRMSG_MAX];
	size_t cap = sizeof(err->msg) - 1;
	size_t p = strlen(prefix), m = strlen(err->msg);

	memcpy(msg, err->msg, m + 1);
	if (p > cap)
		p = cap;
	if (m > cap - p)
		m = cap - p;
	memcpy(err->msg, prefix, p);
	memcpy(err->msg + p, msg, m);
	err->msg[p + m] = '\0';
}

int rg_db_command(struct rg_db *db, const char *sql, struct rg_error *err)
{
	PGresult *res = PQexec(db->conn, sql);
	int rc = 0;

	if (PQresultStatus(res) != PGRES_COMMAND_OK &&
	    PQresultStatus(res) != PGRES_TUPLES_OK)
		rc = rg_db_server_error(err, RG_ERROR, db->conn, res, "");
	PQclear(res);
	return rc;
}

/* ---- connecting ---- */

static void notice_processor(void *arg, const char *message)
{
	struct rg_db *db = arg;
	char line[RG_ERRMSG_MAX];

	if (!db->notify)
		return;
	first_line(line, sizeof(line), message);
	db->notify(db->notify_ud, line);
}

static int connect_failed(const char *url, PGconn *conn, struct rg_error *err)
{
	struct rg_vec secrets = RG_VEC_INIT;
	struct rg_buf where = RG_BUF_INIT, why = RG_BUF_INIT;
	PQconninfoOption *opts = NULL, *o;
	int rc;

	redact_into(url, &where, &secrets);
	if (url && (opts = PQconninfoParse(url, NULL)) != NULL) {
		for (o = opts; o->keyword; o++)
			if (is_password_key(o->keyword, strlen(o->keyword)) &&
			    o->val)
				note_secret(&secrets, o->val, strlen(o->val));
	}
	add_decoded(&secrets);
	scrub_line(conn ? PQerrorMessage(conn) : "out of memory", &secrets,
		   &why);
	if (rg_buf_oom(&where) || rg_buf_oom(&why))
		rc = rg_error_set(err, RG_ENOMEM, NULL, 0, "out of memory");
	else
		rc = rg_error_set(err, RG_ECONNECT, NULL, 0,
				  "cannot connect to %s: %s", where.buf,
				  why.len ? why.buf : "unknown error");
	PQconninfoFree(opts);
	free_secrets(&secrets);
	rg_buf_release(&where);
	rg_buf_release(&why);
	return rc;
}

static char *quote_qname(PGconn *conn, const char *schema, const char *vt)
{
	struct rg_buf b = RG_BUF_INIT;
	char *q;

	if (schema) {
		if (!(q = PQescapeIdentifier(conn, schema, strlen(schema))))
			goto fail;
		rg_buf_adds(&b, q);
		rg_buf_addch(&b, '.');
		PQfreemem(q);
	}
	if (!(q = PQescapeIdentifier(conn, vt, strlen(vt))))
		goto fail;
	rg_buf_adds(&b, q);
	PQfreemem(q);
	return rg_buf_detach(&b);
fail:
	rg_buf_release(&b);
	return NULL;
}

int rg_db_connect(const struct rg_db_opts *o, struct rg_db **out,
		  struct rg_error *err)
{
	struct rg_db *db = NULL;
	struct rg_buf conninfo = RG_BUF_INIT;
	char timeout[32];
	const char *kw[5], *val[5];
	const char *url = o->url && *o->url ? o->url : NULL;
	int n = 0, rc;

	*out = NULL;
	if ((rc = rg_pq_load(err)) < 0)
		return rc;
	if (url && (rc = rg_db_url_to_libpq(url, &conninfo, err)) < 0)
		goto out;
	rc = RG_ENOMEM;
	if (!(db = calloc(1, sizeof(*db))))
		goto oom;
	snprintf(timeout, sizeof(timeout), "%d",
		 o->connect_timeout > 0 ? o->connect_timeout : 10);
	/* Ours first: with expand_dbname, what the URL says wins. */
	kw[n] = "connect_timeout", val[n++] = timeout;
	kw[n] = "fallback_application_name", val[n++] = "revgraph";
	kw[n] = "client_encoding", val[n++] = "UTF8";
	if (url)
		kw[n] = "dbname", val[n++] = conninfo.buf;
	kw[n] = NULL, val[n] = NULL;
	db->conn = PQconnectdbParams(kw, val, 1);
	if (!db->conn || PQstatus(db->conn) != CONNECTION_OK) {
		rc = connect_failed(url, db->conn, err);
		goto out;
	}
	PQsetNoticeProcessor(db->conn, notice_processor, db);
	db->vt = strdup(o->version_table && *o->version_table
				? o->version_table
				: "alembic_version");
	if (o->version_table_schema && *o->version_table_schema &&
	    !(db->schema = strdup(o->version_table_schema)))
		goto oom;
	if (!db->vt || !(db->qname = quote_qname(db->conn, db->schema, db->vt)))
		goto oom;
	db->lock_timeout = o->lock_timeout;
	*out = db;
	db = NULL;
	rc = 0;
	goto out;
oom:
	rc = rg_error_set(err, RG_ENOMEM, NULL, 0, "out of memory");
out:
	rg_db_free(db);
	rg_buf_release(&conninfo);
	return rc;
}

void rg_db_free(struct rg_db *db)
{
	if (!db)
		return;
	PQfinish(db->conn);
	free(db->vt);
	free(db->schema);
	free(db->qname);
	free(db);
}

PGconn *rg_db_conn(struct rg_db *db)
{
	return db->conn;
}

void rg_db_set_notify(struct rg_db *db, rg_db_notify_fn fn, void *ud)
{
	db->notify = fn;
	db->notify_ud = ud;
}

void rg_db_set_py_runner(struct rg_db *db, rg_db_py_fn fn, void *ud)
{
	db->py = fn;
	db->py_ud = ud;
}

void rg_db_py_committed(struct rg_db *db)
{
	db->py_committed = 1;
}
