/*
 * src/db/run.c - the executor: runs a plan against the database.
 *
 * Per step (default): BEGIN, [CREATE TABLE / purge when first needed], the
 * section's statements, the row changes, COMMIT.  The statements of one
 * section go to the server as one simple-query string (one round trip, as
 * fast as or faster than psql sending them one by one).  When one fails we
 * find it by the error's position in that string, or, for errors without
 * a position, by how many commands completed before it.
 *
 * Crash safety: a step's SQL and its row changes commit together, so a
 * kill -9 at any moment leaves the database at a completed step.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph/buf.h"
#include "graph/script.h"
#include "src/db/db.h"
#include "src/db/db_int.h"

struct run {
	struct rg_db *db;
	unsigned flags;
	int need_create; /* the table is missing: create it when we begin */
	int need_purge;
	int in_tx;
	size_t committed; /* steps whose effects are committed */
	int noted;	  /* err->msg already says what was left */
	/*
	 * The step whose no-transaction statements (or .py statements up to
	 * the end of an autocommit_block()) are committed while its
	 * version-table change is not yet: cleared by the next COMMIT.
	 */
	const struct rg_step *notx_open;
	struct rg_error *err;
	const struct rg_step *steps0; /* plan->steps, to number steps */
};

/* "upgrade base -> aaa001", for messages (the log line is the caller's). */
static void step_text(const struct rg_step *s, char *buf, size_t cap)
{
	snprintf(buf, cap, "%s %s -> %s", rg_step_word(s->dir, 0),
		 s->from_text && *s->from_text ? s->from_text : "base",
		 s->to_text && *s->to_text ? s->to_text : "base");
}

static const struct rg_script *step_script(const struct rg_step *s)
{
	return s->dir == RG_STAMP || !s->rev ? NULL : s->rev->user;
}

static const struct rg_section *step_section(const struct rg_step *s)
{
	const struct rg_script *sc = step_script(s);

	if (!sc || sc->kind == RG_SCRIPT_PY)
		return NULL;
	return s->dir == RG_UP ? &sc->up : &sc->down;
}

static const char *step_path(const struct rg_step *s)
{
	const struct rg_script *sc = step_script(s);

	if (sc && sc->path)
		return sc->path;
	return s->rev ? s->rev->path : NULL;
}

/* Append "(what was rolled back and what stays)" to err->msg. */
static void note_state(struct run *r, const char *what_failed)
{
	size_t n = strlen(r->err->msg);
	char stays[128];

	if (r->committed == 0)
		snprintf(stays, sizeof(stays), "no earlier step was applied");
	else
		snprintf(stays, sizeof(stays),
			 "%zu earlier step%s stay%s applied", r->committed,
			 r->committed == 1 ? "" : "s",
			 r->committed == 1 ? "s" : "");
	snprintf(r->err->msg + n, sizeof(r->err->msg) - n, " (%s; %s",
		 what_failed, stays);
	if (r->notx_open) {
		const struct rg_script *sc = step_script(r->notx_open);
		char what[600];

		step_text(r->notx_open, what, sizeof(what));
		n = strlen(r->err->msg);
		snprintf(r->err->msg + n, sizeof(r->err->msg) - n,
			 sc && sc->kind == RG_SCRIPT_PY
				 ? "; what ran of %s up to the end of its "
				   "autocommit_block() stays applied without "
				   "its version-table change"
				 : "; the no-transaction statements of %s stay "
				   "applied without its version-table change",
			 what);
	}
	n = strlen(r->err->msg);
	snprintf(r->err->msg + n, sizeof(r->err->msg) - n, ")");
}

static void rollback(struct run *r)
{
	PGresult *res;

	r->in_tx = 0;
	/* Not when the server has no transaction: it would warn. */
	if (PQtransactionStatus(r->db->conn) == PQTRANS_IDLE)
		return;
	res = PQexec(r->db->conn, "ROLLBACK");
	PQclear(res);
}

/* Pending CREATE TABLE and purge go first in a transaction. */
static int setup_tx(struct run *r)
{
	int rc;

	if (r->need_create) {
		if ((rc = rg_vtable_create_(r->db, r->err)) < 0)
			return rc;
		r->need_create = 0;
	}
	if (r->need_purge) {
		if ((rc = rg_vtable_purge_(r->db, r->err)) < 0)
			return rc;
		r->need_purge = 0;
	}
	return 0;
}

static int begin_tx(struct run *r)
{
	int rc;

	if (r->in_tx)
		return 0;
	if ((rc = rg_db_command(r->db, "BEGIN", r->err)) < 0)
		return rc;
	r->in_tx = 1;
	return setup_tx(r);
}

static int commit_tx(struct run *r, const struct rg_step *step)
{
	char what[600], prefix[700];
	PGresult *res;
	int rc = 0;

	if (!r->in_tx)
		return 0;
	res = PQexec(r->db->conn, "COMMIT");
	r->in_tx = 0;
	if (PQresultStatus(res) == PGRES_COMMAND_OK) {
		r->notx_open = NULL;
	} else {
		/* e.g. a deferred constraint: the server rolled back. */
		prefix[0] = '\0';
		if (step) {
			step_text(step, what, sizeof(what));
			snprintf(prefix, sizeof(prefix), "%s: ", what);
		}
		rc = rg_db_server_error(r->err, RG_ESQL, r->db->conn, res,
					prefix);
		if (step)
			rg_error_locate(r->err, step_path(step), 0);
	}
	PQclear(res);
	return rc;
}

/* 0-based character position -> byte offset in UTF-8 text s of length n. */
static size_t char_to_byte(const char *s, size_t n, long pos)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80 && pos-- == 0)
			return i;
	}
	return n;
}

/*
 * Which statement of sec failed.  offs[i] is where statement i starts in
 * text; ok is how many commands completed before the error, skip how many
 * of them were ours (BEGIN).
 */
static size_t failed_stmt(const struct rg_section *sec, const size_t *offs,
			  const char *text, size_t len, const PGresult *res,
			  size_t ok, size_t skip)
{
	const char *pos = PQresultErrorField(res, PG_DIAG_STATEMENT_POSITION);
	size_t i;

	if (pos) {
		char *end;
		long p = strtol(pos, &end, 10);

		if (*end == '\0' && p > 0) {
			size_t b = char_to_byte(text, len, p - 1);

			for (i = sec->nstmts; i-- > 0;)
				if (offs[i] <= b)
					return i;
		}
	}
	ok = ok > skip ? ok - skip : 0;
	for (i = 0; i < sec->nstmts; i++) {
		size_t n = rg_db_count_raw_(sec->stmts[i].sql);

		if (ok < n)
			return i;
		ok -= n;
	}
	return sec->nstmts ? sec->nstmts - 1 : 0;
}

static void drain_copy(PGconn *conn, PGresult *res)
{
	char *buf;

	if (PQresultStatus(res) == PGRES_COPY_IN) {
		PQputCopyEnd(conn, "COPY FROM STDIN is not supported");
	} else if (PQresultStatus(res) == PGRES_COPY_OUT) {
		while (PQgetCopyData(conn, &buf, 0) > 0)
			PQfreemem(buf);
	}
}

/*
 * Send all of sec's statements in one string, prefixed with "BEGIN;" when
 * with_begin.  On failure fill r->err (path, line, server message).
 */
/*
 * The step's transactional section and its version-table changes, as one
 * simple-query string: one round trip, then COMMIT (commit_tx) is the
 * second.  The results come back one per statement, so the changes'
 * row counts are checked before anything commits.
 */
static int send_section(struct run *r, const struct rg_step *step,
			const struct rg_section *sec, int with_begin)
{
	PGconn *conn = r->db->conn;
	struct rg_buf text = RG_BUF_INIT;
	size_t nstmts = sec ? sec->nstmts : 0, *offs = NULL, i, ok = 0;
	size_t idx = 0, bad_idx = 0, base = (with_begin ? 1 : 0) + nstmts;
	PGresult *res, *bad = NULL;
	char what[600], prefix[640];
	int rc = 0, change_rc = 0;

	if (!(offs = calloc(nstmts ? nstmts : 1, sizeof(*offs))))
		return rg_error_set(r->err, RG_ENOMEM, NULL, 0,
				    "out of memory");
	if (with_begin)
		rg_buf_adds(&text, "BEGIN;\n");
	for (i = 0; i < nstmts; i++) {
		offs[i] = text.len;
		rg_buf_adds(&text, sec->stmts[i].sql);
		/* On its own line: the statement may end in a -- comment. */
		rg_buf_adds(&text, "\n;\n");
	}
	for (i = 0; i < step->nchanges; i++) {
		if ((rc = rg_vtable_change_sql_(r->db, &step->changes[i], &text,
						r->err)) < 0)
			goto out;
		rg_buf_adds(&text, ";\n");
	}
	if (rg_buf_oom(&text)) {
		rc = rg_error_set(r->err, RG_ENOMEM, NULL, 0, "out of memory");
		goto out;
	}
	if (!text.len)
		goto out;
	if (!PQsendQuery(conn, text.buf)) {
		rc = rg_db_server_error(r->err, RG_ESQL, conn, NULL, "");
		goto out;
	}
	if (with_begin)
		r->in_tx = 1;
	step_text(step, what, sizeof(what));
	snprintf(prefix, sizeof(prefix), "%s: ", what);
	while ((res = PQgetResult(conn)) != NULL) {
		ExecStatusType st = PQresultStatus(res);

		drain_copy(conn, res);
		if (st == PGRES_COPY_IN || st == PGRES_COPY_OUT) {
			PQclear(res);
			continue;
		}
		if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ||
		    st == PGRES_EMPTY_QUERY) {
			ok++;
			if (idx >= base && !change_rc)
				change_rc = rg_vtable_check_(
					r->db, &step->changes[idx - base], res,
					r->err);
			PQclear(res);
		} else if (!bad) {
			bad = res;
			bad_idx = idx;
		} else {
			PQclear(res);
		}
		idx++;
	}
	if (bad && bad_idx >= base) {
		rc = rg_vtable_check_(r->db, &step->changes[bad_idx - base],
				      bad, r->err);
		rg_db_prefix_msg(r->err, prefix);
	} else if (bad) {
		size_t k = nstmts ? failed_stmt(sec, offs, text.buf, text.len,
						bad, ok, with_begin ? 1 : 0)
				  : 0;

		rc = rg_db_server_error(r->err, RG_ESQL, conn, bad, prefix);
		rg_error_locate(r->err, step_path(step),
				nstmts ? sec->stmts[k].line : 0);
	} else if (change_rc) {
		rc = change_rc;
		if (rc == RG_ESQL)
			rg_db_prefix_msg(r->err, prefix);
	}
out:
	PQclear(bad);
	free(offs);
	rg_buf_release(&text);
	return rc;
}

/*
 * A no-transaction section: each statement on its own in autocommit (as
 * psql would send them), so that CREATE INDEX CONCURRENTLY and friends can
 * run.  A failure leaves the statements before it applied.
 */
static int run_notx(struct run *r, const struct rg_step *step,
		    const struct rg_section *sec)
{
	char what[600], prefix[700];
	size_t i;
	int rc = 0;

	for (i = 0; i < sec->nstmts && rc == 0; i++) {
		PGresult *res = PQexec(r->db->conn, sec->stmts[i].sql);
		ExecStatusType st = PQresultStatus(res);

		drain_copy(r->db->conn, res);
		if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK &&
		    st != PGRES_EMPTY_QUERY) {
			step_text(step, what, sizeof(what));
			snprintf(prefix, sizeof(prefix), "%s: ", what);
			rc = rg_db_server_error(r->err, RG_ESQL, r->db->conn,
						res, prefix);
			rg_error_locate(r->err, step_path(step),
					sec->stmts[i].line);
			snprintf(
				what, sizeof(what),
				"no-transaction section: %zu earlier "
				"statement%s of it stay%s applied, the version "
				"table was not changed",
				i, i == 1 ? "" : "s", i == 1 ? "s" : "");
			note_state(r, what);
			r->noted = 1;
		}
		PQclear(res);
	}
	return rc;
}

static int apply_changes(struct run *r, const struct rg_step *step)
{
	char what[600], prefix[700];
	size_t i;
	int rc;

	for (i = 0; i < step->nchanges; i++) {
		rc = rg_vtable_apply_(r->db, &step->changes[i], r->err);
		if (rc == RG_ESQL) {
			step_text(step, what, sizeof(what));
			snprintf(prefix, sizeof(prefix), "%s: ", what);
			rg_db_prefix_msg(r->err, prefix);
		}
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int run_step(struct run *r, const struct rg_step *step)
{
	const struct rg_section *sec = step_section(step);
	const struct rg_script *sc = step_script(step);
	int single = (r->flags & RG_DB_SINGLE_TRANSACTION) != 0;
	int rc, changed = 0;

	if (sec && sec->no_transaction && sec->nstmts) {
		/* As Alembic's autocommit_block(): commit what is open. */
		if ((rc = commit_tx(r, NULL)) < 0)
			return rc;
		if (single)
			r->committed = (size_t)(step - r->steps0);
		if ((rc = run_notx(r, step, sec)) < 0)
			return rc;
		r->notx_open = step;
		if ((rc = begin_tx(r)) < 0)
			return rc;
	} else if (sc && sc->kind == RG_SCRIPT_PY) {
		if ((rc = begin_tx(r)) < 0)
			return rc;
		r->db->py_committed = 0;
		rc = r->db->py(r->db->py_ud, r->db, r->db->conn, step, r->err);
		if (r->db->py_committed) {
			/* an autocommit_block() committed all before it */
			r->notx_open = step;
			if (single)
				r->committed = (size_t)(step - r->steps0);
		}
		if (rc < 0) {
			rg_error_locate(r->err, step_path(step), 0);
			return rc;
		}
	} else {
		/* statements and row changes in one round trip */
		int with_begin = !r->in_tx && !r->need_create && !r->need_purge;

		if (!with_begin && (rc = begin_tx(r)) < 0)
			return rc;
		if ((rc = send_section(r, step, sec, with_begin)) < 0)
			return rc;
		changed = 1;
	}
	if (!changed && (rc = apply_changes(r, step)) < 0)
		return rc;
	if (single)
		return 0;
	if ((rc = commit_tx(r, step)) < 0)
		return rc;
	r->committed++;
	return 0;
}

int rg_db_run_plan(struct rg_db *db, const struct rg_plan *plan, unsigned flags,
		   rg_db_step_fn on_step, void *ud, struct rg_error *err)
{
	struct run r = {
		.db = db,
		.flags = flags,
		.need_purge = (flags & RG_DB_PURGE) != 0,
		.err = err,
		.steps0 = plan->steps,
	};
	size_t i;
	int rc;

	if ((rc = rg_db_check_plan(plan, db->py != NULL, err)) < 0)
		return rc;
	if ((rc = rg_vtable_exists(db, err)) < 0)
		return rc;
	r.need_create = rc == 0;
	if ((flags & RG_DB_SINGLE_TRANSACTION) ||
	    (plan->nsteps == 0 && (r.need_create || r.need_purge))) {
		if ((rc = begin_tx(&r)) < 0)
			goto out;
	}
	for (i = 0; i < plan->nsteps; i++) {
		if (on_step)
			on_step(ud, &plan->steps[i]);
		if ((rc = run_step(&r, &plan->steps[i])) < 0)
			goto out;
	}
	rc = commit_tx(&r, NULL);
out:
	if (rc < 0) {
		rollback(&r);
		/* Alembic's row-count text and the Python runner's stay as
		 * they are. */
		if (rc == RG_ESQL && !r.noted)
			note_state(&r, flags & RG_DB_SINGLE_TRANSACTION
					       ? "rolled back"
					       : "step rolled back");
	}
	return rc;
}
