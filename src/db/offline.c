/*
 * src/db/offline.c - a plan as the SQL script Alembic's --sql prints
 * (ALEMBIC-SEMANTICS §5.5), byte for byte.
 *
 * Alembic writes every statement as text.strip() with tabs turned into four
 * spaces, then ";" and a blank line (ddl/impl.py DefaultImpl._exec and
 * static_output).  Identifiers are quoted only where SQLAlchemy's
 * PostgreSQL dialect would quote them.  One deliberate difference: tabs
 * inside quoted literals, quoted identifiers and dollar-quoted bodies are
 * kept, where Alembic would change the data; and DROP TABLE of the version
 * table is never printed (Alembic 1.19).
 */
#include <string.h>

#include "graph/buf.h"
#include "graph/script.h"
#include "src/db/db.h"

/* SQLAlchemy 1.4 dialects/postgresql/base.py RESERVED_WORDS, sorted. */
static const char *const reserved[] = {
	"all",
	"analyse",
	"analyze",
	"and",
	"any",
	"array",
	"as",
	"asc",
	"asymmetric",
	"authorization",
	"between",
	"binary",
	"both",
	"case",
	"cast",
	"check",
	"collate",
	"column",
	"constraint",
	"create",
	"cross",
	"current_catalog",
	"current_date",
	"current_role",
	"current_schema",
	"current_time",
	"current_timestamp",
	"current_user",
	"default",
	"deferrable",
	"desc",
	"distinct",
	"do",
	"else",
	"end",
	"except",
	"false",
	"fetch",
	"for",
	"foreign",
	"freeze",
	"from",
	"full",
	"grant",
	"group",
	"having",
	"ilike",
	"in",
	"initially",
	"inner",
	"intersect",
	"into",
	"is",
	"isnull",
	"join",
	"leading",
	"left",
	"like",
	"limit",
	"localtime",
	"localtimestamp",
	"natural",
	"new",
	"not",
	"notnull",
	"null",
	"of",
	"off",
	"offset",
	"old",
	"on",
	"only",
	"or",
	"order",
	"outer",
	"over",
	"overlaps",
	"placing",
	"primary",
	"references",
	"returning",
	"right",
	"select",
	"session_user",
	"similar",
	"some",
	"symmetric",
	"table",
	"then",
	"to",
	"trailing",
	"true",
	"union",
	"unique",
	"user",
	"using",
	"variadic",
	"verbose",
	"when",
	"where",
	"window",
	"with",
};

static int is_reserved(const char *s)
{
	size_t lo = 0, hi = sizeof(reserved) / sizeof(reserved[0]);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(s, reserved[mid]);

		if (c == 0)
			return 1;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

/* SQLAlchemy IdentifierPreparer._requires_quotes. */
static int needs_quotes(const char *s)
{
	const char *p;

	if (!*s || (*s >= '0' && *s <= '9') || *s == '$')
		return 1;
	for (p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '_' || *p == '$'))
			return 1;
	return is_reserved(s);
}

void rg_offline_quote_ident(const char *name, struct rg_buf *out)
{
	const char *p;

	if (!needs_quotes(name)) {
		rg_buf_adds(out, name);
		return;
	}
	rg_buf_addch(out, '"');
	for (p = name; *p; p++) {
		if (*p == '"')
			rg_buf_addch(out, '"');
		rg_buf_addch(out, *p);
	}
	rg_buf_addch(out, '"');
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

/* Length of a dollar-quote tag ($$ or $name$) at p, or 0. */
static size_t dollar_tag(const char *p, const char *end)
{
	const char *q = p + 1;

	if (p > end || *p != '$')
		return 0;
	while (q < end && (*q == '_' || (*q >= 'a' && *q <= 'z') ||
			   (*q >= 'A' && *q <= 'Z') ||
			   (q > p + 1 && *q >= '0' && *q <= '9')))
		q++;
	return q < end && *q == '$' ? (size_t)(q + 1 - p) : 0;
}

/*
 * Append s[0..n) with tabs outside quotes as four spaces.  Quotes: '...'
 * (doubled '' inside; backslash escapes only matter for E'', where the
 * escaped quote is skipped too), "...", $tag$...$tag$.
 */
static void add_detabbed(struct rg_buf *out, const char *s, size_t n)
{
	const char *p = s, *end = s + n, *close;
	size_t tag;

	while (p < end) {
		if (*p == '\t') {
			rg_buf_adds(out, "    ");
			p++;
		} else if (*p == '\'' || *p == '"') {
			char q = *p;
			int esc = q == '\'' && p > s &&
				  (p[-1] == 'E' || p[-1] == 'e');

			for (close = p + 1; close < end; close++) {
				if (esc && *close == '\\' && close + 1 < end)
					close++;
				else if (*close == q)
					break;
			}
			close = close < end ? close + 1 : end;
			rg_buf_add(out, p, (size_t)(close - p));
			p = close;
		} else if ((tag = dollar_tag(p, end)) != 0 &&
			   !(p > s &&
			     (p[-1] == '_' || (p[-1] >= '0' && p[-1] <= '9') ||
			      (p[-1] >= 'a' && p[-1] <= 'z') ||
			      (p[-1] >= 'A' && p[-1] <= 'Z')))) {
			close = memmem(p + tag, (size_t)(end - p - tag), p,
				       tag);
			close = close ? close + tag : end;
			rg_buf_add(out, p, (size_t)(close - p));
			p = close;
		} else {
			rg_buf_addch(out, *p++);
		}
	}
}

/* Alembic static_output(): text, then a blank line. */
static void emit(struct rg_buf *out, const char *text)
{
	rg_buf_adds(out, text);
	rg_buf_adds(out, "\n\n");
}

static void emit_stmt(struct rg_buf *out, const char *sql)
{
	const char *b = sql, *e = sql + strlen(sql);

	while (b < e && is_space(*b))
		b++;
	while (e > b && is_space(e[-1]))
		e--;
	add_detabbed(out, b, (size_t)(e - b));
	rg_buf_adds(out, ";\n\n");
}

static void emit_create(struct rg_buf *out, const char *qname,
			const char *table)
{
	struct rg_buf pkc = RG_BUF_INIT;

	rg_buf_addf(&pkc, "%s_pkc", table);
	rg_buf_addf(out, "CREATE TABLE %s (\n", qname);
	rg_buf_adds(out, "    version_num VARCHAR(32) NOT NULL, \n");
	rg_buf_adds(out, "    CONSTRAINT ");
	rg_offline_quote_ident(pkc.buf, out);
	rg_buf_adds(out, " PRIMARY KEY (version_num)\n);\n\n");
	if (rg_buf_oom(&pkc))
		out->oom = 1;
	rg_buf_release(&pkc);
}

/* A revision id as a literal (ids never hold quotes; double them anyway). */
static void add_literal(struct rg_buf *out, const char *v)
{
	rg_buf_addch(out, '\'');
	for (; *v; v++) {
		if (*v == '\'')
			rg_buf_addch(out, '\'');
		rg_buf_addch(out, *v);
	}
	rg_buf_addch(out, '\'');
}

/* Alembic's HeadMaintainer statements, as compiled offline. */
static void emit_change(struct rg_buf *out, const char *qn,
			const struct rg_vchange *c)
{
	switch (c->op) {
	case RG_VOP_INSERT:
		rg_buf_addf(out, "INSERT INTO %s (version_num) VALUES (", qn);
		add_literal(out, c->to);
		rg_buf_addf(out, ") RETURNING %s.version_num;\n\n", qn);
		break;
	case RG_VOP_UPDATE:
		rg_buf_addf(out, "UPDATE %s SET version_num=", qn);
		add_literal(out, c->to);
		rg_buf_addf(out, " WHERE %s.version_num = ", qn);
		add_literal(out, c->from);
		rg_buf_adds(out, ";\n\n");
		break;
	case RG_VOP_DELETE:
		rg_buf_addf(out, "DELETE FROM %s WHERE %s.version_num = ", qn,
			    qn);
		add_literal(out, c->from);
		rg_buf_adds(out, ";\n\n");
		break;
	}
}

static int emit_step(struct rg_buf *out, const struct rg_step *step,
		     const char *qn, rg_offline_py_fn py, void *py_ud,
		     struct rg_error *err)
{
	const struct rg_script *sc =
		step->rev && step->dir != RG_STAMP ? step->rev->user : NULL;
	const struct rg_section *sec = NULL;
	size_t i;

	int rc;

	if (sc)
		sec = step->dir == RG_UP ? &sc->up : &sc->down;
	rg_buf_addf(out, "-- Running %s %s -> %s\n\n",
		    rg_step_word(step->dir, 1),
		    step->from_text ? step->from_text : "",
		    step->to_text ? step->to_text : "");
	if (sc && sc->kind == RG_SCRIPT_PY) {
		if ((rc = py(py_ud, step, out, err)) < 0)
			return rc;
	} else if (sec && sec->nstmts) {
		/* As Alembic prints autocommit_block(). */
		if (sec->no_transaction)
			emit(out, "COMMIT;");
		for (i = 0; i < sec->nstmts; i++)
			emit_stmt(out, sec->stmts[i].sql);
		if (sec->no_transaction)
			emit(out, "BEGIN;");
	}
	for (i = 0; i < step->nchanges; i++)
		emit_change(out, qn, &step->changes[i]);
	return 0;
}

int rg_offline_render(const struct rg_plan *plan, const char *version_table,
		      const char *schema, int transaction_per_step,
		      struct rg_buf *out, struct rg_error *err)
{
	return rg_offline_render_py(plan, version_table, schema,
				    transaction_per_step, NULL, NULL, out, err);
}

int rg_offline_render_py(const struct rg_plan *plan, const char *version_table,
			 const char *schema, int transaction_per_step,
			 rg_offline_py_fn py, void *py_ud, struct rg_buf *out,
			 struct rg_error *err)
{
	struct rg_buf qn = RG_BUF_INIT;
	const char *table = version_table ? version_table : "alembic_version";
	int created = 0, rc;
	size_t i;

	if ((rc = rg_db_check_plan(plan, py != NULL, err)) < 0)
		return rc;
	if (schema) {
		rg_offline_quote_ident(schema, &qn);
		rg_buf_addch(&qn, '.');
	}
	rg_offline_quote_ident(table, &qn);
	if (!transaction_per_step)
		emit(out, "BEGIN;");
	for (i = 0; i < plan->nsteps; i++) {
		const struct rg_step *step = &plan->steps[i];

		if (transaction_per_step)
			emit(out, "BEGIN;");
		if (step->rows_empty_before && !created) {
			emit_create(out, qn.buf, table);
			created = 1;
		}
		if ((rc = emit_step(out, step, qn.buf, py, py_ud, err)) < 0)
			goto out;
		if (transaction_per_step)
			emit(out, "COMMIT;");
	}
	if (!transaction_per_step)
		emit(out, "COMMIT;");
	rc = rg_buf_oom(out) || rg_buf_oom(&qn)
		     ? rg_error_set(err, RG_ENOMEM, NULL, 0, "out of memory")
		     : 0;
out:
	rg_buf_release(&qn);
	return rc;
}
