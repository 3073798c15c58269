/*
 * src/py/py.c - the embedded Python, built as the module revgraph_py.so
 * that src/py/loader.c loads only when a plan runs a .py revision (so
 * commands that need no Python never pay for loading libpython): the
 * interpreter start, the _revgraph C module the bridge uses to reach
 * revgraph's PGconn, and the rg_pymod_* entry points behind rg_py_* (see
 * py.h).  The Alembic side (DBAPI shim, dialect, contexts) is in
 * bridge.py, compiled in as a string.  Everything else it calls (rg_buf,
 * rg_error, libpq through src/db/pq.h) is the revgraph executable's.
 *
 * Reference counting: every new reference is Py_XDECREF'd on every path
 * through the one cleanup label of each function; borrowed references
 * (PyTuple_GET_ITEM, PyModule_GetState) are never released.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph/script.h"
#include "src/py/py.h"

/* The module's entry points, looked up by src/py/loader.c. */
int rg_pymod_new(const struct rg_py_opts *o, const struct rg_plan *plan,
		 struct rg_py **out, struct rg_error *err);
int rg_pymod_run_step(void *ud, struct rg_db *db, PGconn *conn,
		      const struct rg_step *step, struct rg_error *err);
int rg_pymod_offline_step(void *ud, const struct rg_step *step,
			  struct rg_buf *out, struct rg_error *err);
void rg_pymod_free(struct rg_py *py);

static int step_is_py(const struct rg_step *s)
{
	const struct rg_script *sc;

	if (s->dir == RG_STAMP || !s->rev || !(sc = s->rev->user))
		return 0;
	return sc->kind == RG_SCRIPT_PY;
}

static const struct rg_rev *first_py_rev(const struct rg_plan *plan)
{
	for (size_t i = 0; i < plan->nsteps; i++)
		if (step_is_py(&plan->steps[i]))
			return plan->steps[i].rev;
	return NULL;
}

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "src/db/db.h"
#include "src/db/pq.h" /* libpq is dlopen'ed by src/db: call it as src/db does */
#include "src/py/bridge_py.h"

struct rg_py {
	PyObject *bridge; /* the _revgraph_bridge module */
	PyObject *runner; /* bridge.Runner */
	PyObject *cmod;	  /* the _revgraph module */
	int verbose;
};

/* ---- the _revgraph module ---- */

struct cstate {
	PGconn *conn;	  /* borrowed, only while a step runs */
	struct rg_db *db; /* told when the step commits (autocommit) */
};

static PGconn *state_conn(PyObject *mod)
{
	struct cstate *st = PyModule_GetState(mod);

	if (!st || !st->conn) {
		PyErr_SetString(PyExc_RuntimeError,
				"revgraph: no database connection (offline "
				"mode, or outside a migration step)");
		return NULL;
	}
	return st->conn;
}

static PyObject *str_or_none(const char *s)
{
	if (!s)
		Py_RETURN_NONE;
	return PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), "replace");
}

/* ("error", (message, sqlstate, detail, hint, full text)) */
static PyObject *error_tuple(PGconn *conn, const PGresult *res)
{
	const char *full = res ? PQresultErrorMessage(res) : "";
	const char *prim = NULL, *state = NULL, *det = NULL, *hint = NULL;
	PyObject *t;
	char *trimmed;
	size_t n;

	if (res) {
		prim = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
		state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		det = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL);
		hint = PQresultErrorField(res, PG_DIAG_MESSAGE_HINT);
	}
	if (!full || !*full)
		full = PQerrorMessage(conn);
	/* psycopg2's pgerror drops libpq's "ERROR:  " prefix only in str() of
	 * the exception; keep the primary message for our one-liners. */
	if (!prim) {
		prim = full;
	}
	if (!(trimmed = strdup(full)))
		return PyErr_NoMemory();
	n = strlen(trimmed);
	if (!strncmp(trimmed, "ERROR:  ", 8))
		memmove(trimmed, trimmed + 8, (n -= 8) + 1);
	t = Py_BuildValue("(s(NNNNN))", "error", str_or_none(prim),
			  str_or_none(state), str_or_none(det),
			  str_or_none(hint), str_or_none(trimmed));
	free(trimmed);
	return t;
}

static PyObject *result_rows(const PGresult *res)
{
	int nf = PQnfields(res), nt = PQntuples(res);
	PyObject *rows = PyList_New(nt), *row = NULL, *v;

	if (!rows)
		return NULL;
	for (int i = 0; i < nt; i++) {
		if (!(row = PyTuple_New(nf)))
			goto fail;
		for (int j = 0; j < nf; j++) {
			if (PQgetisnull(res, i, j)) {
				Py_INCREF(Py_None);
				v = Py_None;
			} else {
				v = PyUnicode_DecodeUTF8(PQgetvalue(res, i, j),
							 PQgetlength(res, i, j),
							 "strict");
				if (!v)
					goto fail;
			}
			PyTuple_SET_ITEM(row, j, v); /* steals v */
		}
		PyList_SET_ITEM(rows, i, row); /* steals row */
		row = NULL;
	}
	return rows;
fail:
	Py_XDECREF(row);
	Py_DECREF(rows);
	return NULL;
}

static PyObject *result_desc(const PGresult *res)
{
	int nf = PQnfields(res);
	PyObject *desc = PyList_New(nf), *d;

	if (!desc)
		return NULL;
	for (int j = 0; j < nf; j++) {
		d = Py_BuildValue("(NI)", str_or_none(PQfname(res, j)),
				  (unsigned)PQftype(res, j));
		if (!d) {
			Py_DECREF(desc);
			return NULL;
		}
		PyList_SET_ITEM(desc, j, d);
	}
	return desc;
}

/* The last result of the query in progress (the others cleared). */
static PGresult *last_result(PGconn *conn)
{
	PGresult *r, *last = NULL;

	while ((r = PQgetResult(conn)) != NULL) {
		PQclear(last);
		last = r;
	}
	return last;
}

/* Finish a COPY the statement started: psycopg2 refuses COPY in
 * execute(); so do we, without leaving the connection stuck. */
static PGresult *end_copy(PGconn *conn, PGresult *res)
{
	ExecStatusType st = PQresultStatus(res);
	char *buf;

	if (st == PGRES_COPY_IN)
		PQputCopyEnd(conn, "can't execute COPY FROM: use the "
				   "copy_from() command instead");
	else
		while (PQgetCopyData(conn, &buf, 0) > 0)
			PQfreemem(buf);
	PQclear(res);
	return last_result(conn);
}

/* COPY FROM STDIN: file.read(size) until it returns nothing. */
static int copy_in(PGconn *conn, PyObject *file, Py_ssize_t size)
{
	for (;;) {
		PyObject *chunk = PyObject_CallMethod(file, "read", "n", size);
		const char *buf;
		Py_ssize_t n;
		int ok;

		if (!chunk) {
			PQputCopyEnd(conn, "error reading the file");
			return -1;
		}
		if (PyUnicode_Check(chunk)) {
			buf = PyUnicode_AsUTF8AndSize(chunk, &n);
		} else if (PyBytes_AsStringAndSize(chunk, (char **)&buf, &n) <
			   0) {
			buf = NULL;
		}
		if (!buf) {
			Py_DECREF(chunk);
			PQputCopyEnd(conn, "error reading the file");
			return -1;
		}
		ok = n == 0 || PQputCopyData(conn, buf, (int)n) == 1;
		Py_DECREF(chunk);
		if (n == 0 || !ok)
			break;
	}
	PQputCopyEnd(conn, NULL);
	return 0;
}

/* COPY TO STDOUT: each row to file.write(), as str if text. */
static int copy_out(PGconn *conn, PyObject *file, int text)
{
	char *buf;
	int n, rc = 0;

	while ((n = PQgetCopyData(conn, &buf, 0)) > 0) {
		PyObject *v = NULL, *r = NULL;

		if (rc == 0) {
			v = text ? PyUnicode_DecodeUTF8(buf, n, "strict")
				 : PyBytes_FromStringAndSize(buf, n);
			r = v ? PyObject_CallMethod(file, "write", "O", v)
			      : NULL;
			rc = r ? 0 : -1; /* drain the rest, then raise */
		}
		Py_XDECREF(v);
		Py_XDECREF(r);
		PQfreemem(buf);
	}
	return rc;
}

/*
 * copy(sql, file, size, text) -> ("ok", rowcount) or ("error", (...)):
 * psycopg2's copy_expert().  The server's answer decides the direction;
 * a Python error reading or writing the file is raised once the
 * connection is out of the COPY.
 */
static PyObject *c_copy(PyObject *mod, PyObject *args)
{
	PGconn *conn = state_conn(mod);
	const char *sql, *ct;
	PyObject *file, *ret;
	Py_ssize_t size;
	int text, pyrc = 0;
	PGresult *res;
	ExecStatusType st;

	if (!conn || !PyArg_ParseTuple(args, "sOnp", &sql, &file, &size, &text))
		return NULL;
	res = PQexec(conn, sql);
	st = PQresultStatus(res);
	if (st == PGRES_COPY_IN || st == PGRES_COPY_OUT) {
		PQclear(res);
		pyrc = st == PGRES_COPY_IN ? copy_in(conn, file, size)
					   : copy_out(conn, file, text);
		res = last_result(conn);
		st = PQresultStatus(res);
	}
	if (pyrc < 0) {
		PQclear(res);
		return NULL;
	}
	if (!res || (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)) {
		ret = error_tuple(conn, res);
	} else {
		ct = PQcmdTuples(res);
		ret = Py_BuildValue("(sl)", "ok",
				    ct && *ct ? strtol(ct, NULL, 10) : -1L);
	}
	PQclear(res);
	return ret;
}

/* execute(sql) -> ("ok", rowcount, desc|None, rows) or
 * ("error", (...)) -- errors are returned, not raised, so that the
 * bridge raises psycopg2's classes. */
static PyObject *c_execute(PyObject *mod, PyObject *args)
{
	PGconn *conn = state_conn(mod);
	const char *sql, *ct;
	PyObject *ret = NULL, *desc = NULL, *rows = NULL;
	PGresult *res;
	ExecStatusType st;
	PGTransactionStatusType before;
	long rowcount = -1;

	if (!conn || !PyArg_ParseTuple(args, "s", &sql))
		return NULL;
	before = PQtransactionStatus(conn);
	res = PQexec(conn, sql);
	if ((before == PQTRANS_INTRANS || before == PQTRANS_INERROR) &&
	    PQtransactionStatus(conn) == PQTRANS_IDLE) {
		struct cstate *cs = PyModule_GetState(mod);

		if (cs && cs->db)
			rg_db_py_committed(cs->db);
	}
	if (res && (PQresultStatus(res) == PGRES_COPY_IN ||
		    PQresultStatus(res) == PGRES_COPY_OUT))
		res = end_copy(conn, res);
	st = PQresultStatus(res);
	if (!res || (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK &&
		     st != PGRES_EMPTY_QUERY)) {
		ret = error_tuple(conn, res);
		goto out;
	}
	if (st == PGRES_TUPLES_OK) {
		rowcount = PQntuples(res);
		if (!(desc = result_desc(res)) || !(rows = result_rows(res)))
			goto out;
	} else {
		ct = PQcmdTuples(res);
		if (ct && *ct)
			rowcount = strtol(ct, NULL, 10);
		Py_INCREF(Py_None);
		desc = Py_None;
		if (!(rows = PyList_New(0)))
			goto out;
	}
	ret = Py_BuildValue("(slOO)", "ok", rowcount, desc, rows);
out:
	Py_XDECREF(desc);
	Py_XDECREF(rows);
	PQclear(res);
	return ret;
}

static PyObject *c_txstatus(PyObject *mod, PyObject *unused)
{
	PGconn *conn = state_conn(mod);

	(void)unused;
	if (!conn)
		return NULL;
	return PyLong_FromLong((long)PQtransactionStatus(conn));
}

static PyObject *c_backend_pid(PyObject *mod, PyObject *unused)
{
	PGconn *conn = state_conn(mod);

	(void)unused;
	return conn ? PyLong_FromLong(PQbackendPID(conn)) : NULL;
}

static PyMethodDef cmethods[] = {
	{"execute", c_execute, METH_VARARGS,
	 "run one query string on revgraph's connection"},
	{"copy", c_copy, METH_VARARGS,
	 "COPY FROM STDIN / TO STDOUT with a Python file object"},
	{"txstatus", c_txstatus, METH_NOARGS, "PQtransactionStatus"},
	{"backend_pid", c_backend_pid, METH_NOARGS, "PQbackendPID"},
	{NULL, NULL, 0, NULL},
};

static struct PyModuleDef cmodule = {
	PyModuleDef_HEAD_INIT,
	"_revgraph",
	"revgraph's connection, for the bridge",
	sizeof(struct cstate),
	cmethods,
	NULL,
	NULL,
	NULL,
	NULL,
};

static PyObject *cmodule_init(void)
{
	PyObject *m = PyModule_Create(&cmodule);
	struct cstate *st;

	if (m && (st = PyModule_GetState(m)))
		st->conn = NULL;
	return m;
}

/* ---- errors ---- */

/* A Python string attribute or item as UTF-8 (borrowed from o), or "". */
static const char *utf8(PyObject *o)
{
	const char *s = o && PyUnicode_Check(o) ? PyUnicode_AsUTF8(o) : NULL;

	if (!s) {
		PyErr_Clear();
		return "";
	}
	return s;
}

/* Copy s into dst[cap]; when too long keep its end (a traceback's last
 * frames are the useful ones). */
static void copy_tail(char *dst, size_t cap, const char *s)
{
	size_t n = strlen(s);

	if (n < cap) {
		memcpy(dst, s, n + 1);
		return;
	}
	snprintf(dst, cap, "...%s", s + n - (cap - 4));
}

/*
 * The pending Python exception as err: bridge.describe() gives message,
 * line, detail, hint.  what is "upgrade a -> b: " or "".  Clears the
 * exception.
 */
static int py_error(struct rg_py *py, int code, const char *what,
		    const char *path, struct rg_error *err)
{
	PyObject *type = NULL, *val = NULL, *tb = NULL, *d = NULL;
	long line = 0;

	PyErr_Fetch(&type, &val, &tb);
	PyErr_NormalizeException(&type, &val, &tb);
	if (val && tb)
		PyException_SetTraceback(val, tb);
	if (val && py && py->bridge)
		d = PyObject_CallMethod(py->bridge, "describe", "Osi", val,
					path ? path : "", py->verbose);
	if (d && PyTuple_Check(d) && PyTuple_GET_SIZE(d) >= 4) {
		line = PyLong_AsLong(PyTuple_GET_ITEM(d, 1));
		rg_error_set(err, code, path, line > 0 ? (int)line : 0, "%s%s",
			     what, utf8(PyTuple_GET_ITEM(d, 0)));
		copy_tail(err->detail, sizeof(err->detail),
			  utf8(PyTuple_GET_ITEM(d, 2)));
		copy_tail(err->hint, sizeof(err->hint),
			  utf8(PyTuple_GET_ITEM(d, 3)));
	} else {
		PyObject *s = val ? PyObject_Str(val) : NULL;
		const char *tn = type ? ((PyTypeObject *)type)->tp_name : "?";

		PyErr_Clear();
		rg_error_set(err, code, path, 0, "%s%s: %s", what, tn, utf8(s));
		Py_XDECREF(s);
	}
	PyErr_Clear();
	Py_XDECREF(d);
	Py_XDECREF(type);
	Py_XDECREF(val);
	Py_XDECREF(tb);
	return code;
}

/* ---- interpreter and bridge ---- */

static int start_python(void)
{
	PyConfig cfg;
	PyStatus st;

	if (Py_IsInitialized())
		return 0;
	if (PyImport_AppendInittab("_revgraph", cmodule_init) < 0)
		return -1;
	PyConfig_InitPythonConfig(&cfg);
	/* Ctrl-C stays revgraph's (the server rolls back); no argv. */
	cfg.install_signal_handlers = 0;
	cfg.parse_argv = 0;
	st = Py_InitializeFromConfig(&cfg);
	PyConfig_Clear(&cfg);
	return PyStatus_Exception(st) ? -1 : 0;
}

static void no_alembic(struct rg_py *py, const struct rg_rev *rev,
		       struct rg_error *err)
{
	PyObject *type = NULL, *val = NULL, *tb = NULL, *s = NULL;
	const char *why;

	PyErr_Fetch(&type, &val, &tb);
	s = val ? PyObject_Str(val) : NULL;
	why = utf8(s);
	rg_error_set(err, RG_ENOPY, NULL, 0,
		     "revision %s (%s) is an Alembic .py revision; running it "
		     "needs alembic, sqlalchemy and psycopg2 importable by the "
		     "embedded Python " PY_VERSION " (nothing was changed): %s",
		     rev ? rev->id : "?", rev && rev->path ? rev->path : "?",
		     *why ? why : "import failed");
	snprintf(err->hint, sizeof(err->hint),
		 "install them for that interpreter (Debian: apt-get install "
		 "python3-alembic python3-sqlalchemy python3-psycopg2), or "
		 "point PYTHONPATH at a site-packages that has them");
	PyErr_Clear();
	Py_XDECREF(s);
	Py_XDECREF(type);
	Py_XDECREF(val);
	Py_XDECREF(tb);
	(void)py;
}

static int load_bridge(struct rg_py *py, const struct rg_rev *rev,
		       struct rg_error *err)
{
	PyObject *code = NULL, *mod = NULL;
	int rc = 0;

	if ((mod = PyImport_ImportModule("_revgraph_bridge")) != NULL)
		goto done; /* a second rg_py_new() in this process */
	PyErr_Clear();
	if (!(py->cmod = PyImport_ImportModule("_revgraph")))
		goto fail;
	code = Py_CompileString(rg_py_bridge_src, "revgraph/src/py/bridge.py",
				Py_file_input);
	if (!code)
		goto fail;
	if (!(mod = PyImport_ExecCodeModule("_revgraph_bridge", code))) {
		if (PyErr_ExceptionMatches(PyExc_ImportError)) {
			no_alembic(py, rev, err);
			rc = RG_ENOPY;
			goto out;
		}
		goto fail;
	}
done:
	if (!py->cmod && !(py->cmod = PyImport_ImportModule("_revgraph")))
		goto fail;
	py->bridge = mod;
	mod = NULL;
	goto out;
fail:
	rc = py_error(py, RG_ERROR, "embedded Python: ", NULL, err);
out:
	Py_XDECREF(code);
	Py_XDECREF(mod);
	return rc;
}

/* A tuple of the n strings, or NULL with a Python error. */
static PyObject *str_tuple(const char *const *v, size_t n)
{
	PyObject *t = PyTuple_New((Py_ssize_t)n), *s;

	for (size_t i = 0; t && i < n; i++) {
		if (!(s = str_or_none(v[i]))) {
			Py_CLEAR(t);
			break;
		}
		PyTuple_SET_ITEM(t, (Py_ssize_t)i, s);
	}
	return t;
}

static int make_runner(struct rg_py *py, const struct rg_py_opts *o,
		       const struct rg_rev *rev, struct rg_error *err)
{
	PyObject *x = str_tuple(o->xargs, o->nxargs);

	if (x)
		py->runner = PyObject_CallMethod(
			py->bridge, "Runner", "zzzzzOii", o->config_path,
			o->prepend_sys_path, o->url, o->version_table,
			o->version_table_schema, x, o->as_sql, o->verbose);
	Py_XDECREF(x);
	if (!py->runner) {
		if (PyErr_ExceptionMatches(PyExc_ImportError)) {
			no_alembic(py, rev, err);
			return RG_ENOPY;
		}
		return py_error(py, RG_ERROR,
				"setting up Alembic: ", o->config_path, err);
	}
	return 0;
}

static int load_rev(struct rg_py *py, const struct rg_rev *rev,
		    struct rg_error *err)
{
	PyObject *downs = str_tuple(rev->down_ids, rev->ndown);
	PyObject *labels = str_tuple(rev->labels, rev->nlabels);
	PyObject *deps = str_tuple(rev->dep_strs, rev->ndeps);
	PyObject *r = NULL;
	int rc = 0;

	if (downs && labels && deps)
		r = PyObject_CallMethod(py->runner, "load", "ssOOO", rev->path,
					rev->id, downs, labels, deps);
	if (!r) {
		char what[128];

		snprintf(what, sizeof(what), "revision %.40s: ", rev->id);
		rc = py_error(py, RG_ERROR, what, rev->path, err);
	}
	Py_XDECREF(r);
	Py_XDECREF(downs);
	Py_XDECREF(labels);
	Py_XDECREF(deps);
	return rc;
}

int rg_pymod_new(const struct rg_py_opts *o, const struct rg_plan *plan,
		 struct rg_py **out, struct rg_error *err)
{
	struct rg_py *py = NULL;
	int rc;

	*out = NULL;
	if (!(py = calloc(1, sizeof(*py))))
		return rg_error_set(err, RG_ENOMEM, NULL, 0, "out of memory");
	py->verbose = o->verbose;
	if (start_python() < 0) {
		rc = rg_error_set(err, RG_ENOPY, NULL, 0,
				  "cannot start the embedded Python " PY_VERSION
				  " (check PYTHONHOME)");
		goto fail;
	}
	if ((rc = load_bridge(py, first_py_rev(plan), err)) < 0)
		goto fail;
	if ((rc = make_runner(py, o, first_py_rev(plan), err)) < 0)
		goto fail;
	for (size_t i = 0; i < plan->nsteps; i++) {
		if (!step_is_py(&plan->steps[i]))
			continue;
		if ((rc = load_rev(py, plan->steps[i].rev, err)) < 0)
			goto fail;
	}
	*out = py;
	return 0;
fail:
	rg_pymod_free(py);
	return rc;
}

static void step_what(const struct rg_step *s, char *buf, size_t cap)
{
	snprintf(buf, cap, "%s %s -> %s: ", rg_step_word(s->dir, 0),
		 s->from_text && *s->from_text ? s->from_text : "base",
		 s->to_text && *s->to_text ? s->to_text : "base");
}

static void set_conn(struct rg_py *py, struct rg_db *db, PGconn *conn)
{
	struct cstate *st = PyModule_GetState(py->cmod);

	if (st) {
		st->conn = conn;
		st->db = db;
	}
}

int rg_pymod_run_step(void *ud, struct rg_db *db, PGconn *conn,
		      const struct rg_step *step, struct rg_error *err)
{
	struct rg_py *py = ud;
	PyObject *r;
	char what[256];
	int rc = 0;

	if (!step_is_py(step))
		return rg_error_set(err, RG_ERROR,
				    step->rev ? step->rev->path : NULL, 0,
				    "not a .py revision step");
	set_conn(py, db, conn);
	r = PyObject_CallMethod(py->runner, "run", "si", step->rev->path,
				step->dir == RG_UP);
	if (!r) {
		step_what(step, what, sizeof(what));
		rc = py_error(py, RG_ESQL, what, step->rev->path, err);
	} else if (PQtransactionStatus(conn) == PQTRANS_IDLE) {
		/* An autocommit_block() ended the transaction: Alembic
		 * begins a new one for the version-table change. */
		PGresult *res = PQexec(conn, "BEGIN");

		if (PQresultStatus(res) != PGRES_COMMAND_OK)
			rc = rg_error_set(err, RG_ESQL, step->rev->path, 0,
					  "cannot begin a transaction: %s",
					  PQerrorMessage(conn));
		PQclear(res);
	}
	Py_XDECREF(r);
	set_conn(py, NULL, NULL);
	return rc;
}

int rg_pymod_offline_step(void *ud, const struct rg_step *step,
			  struct rg_buf *out, struct rg_error *err)
{
	struct rg_py *py = ud;
	PyObject *r;
	const char *s;
	Py_ssize_t n;
	char what[256];
	int rc = 0;

	if (!step_is_py(step))
		return rg_error_set(err, RG_ERROR,
				    step->rev ? step->rev->path : NULL, 0,
				    "not a .py revision step");
	r = PyObject_CallMethod(py->runner, "run_offline", "si",
				step->rev->path, step->dir == RG_UP);
	if (!r) {
		step_what(step, what, sizeof(what));
		return py_error(py, RG_ERROR, what, step->rev->path, err);
	}
	if (!(s = PyUnicode_AsUTF8AndSize(r, &n))) {
		rc = py_error(py, RG_ERROR, "", step->rev->path, err);
	} else {
		rg_buf_add(out, s, (size_t)n);
		if (rg_buf_oom(out))
			rc = rg_error_set(err, RG_ENOMEM, NULL, 0,
					  "out of memory");
	}
	Py_DECREF(r);
	return rc;
}

void rg_pymod_free(struct rg_py *py)
{
	PyObject *r;

	if (!py)
		return;
	if (py->runner) {
		r = PyObject_CallMethod(py->runner, "close", NULL);
		if (!r)
			PyErr_Clear();
		Py_XDECREF(r);
	}
	Py_XDECREF(py->runner);
	Py_XDECREF(py->bridge);
	Py_XDECREF(py->cmod);
	free(py);
}
