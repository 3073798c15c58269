"""revgraph's bridge between Alembic and revgraph's own libpq connection.

Embedded in the revgraph binary (src/py/bridge_py.h is generated from this
file by src/py/gen_bridge.sh) and run as the module ``_revgraph_bridge``.
The C module ``_revgraph`` (src/py/py.c) gives it exactly three things:
``execute(sql)`` on revgraph's PGconn, ``txstatus()`` and
``backend_pid()``.  Everything else is here:

* a DBAPI-2 connection/cursor (``Connection``, ``Cursor``) that behaves as
  psycopg2 does towards SQLAlchemy: client-side ``%(name)s``/``%s``
  interpolation, psycopg2's literal quoting, psycopg2's result types, lazy
  BEGIN outside autocommit, psycopg2's exception classes;
* a SQLAlchemy dialect (``postgresql+revgraph``) that is psycopg2's with the
  hooks that need a real psycopg2 connection object turned off;
* ``Runner``: Alembic's EnvironmentContext / MigrationContext / Operations
  set up as a default env.py with transaction_per_migration=True would set
  them up, importing revision modules as Alembic does and running their
  upgrade()/downgrade() one step at a time.

Transactions: revgraph owns the step's transaction (BEGIN before the step,
version-table change and COMMIT after).  The shim only touches it while a
revision's code runs ("armed"): then commit()/rollback() mean what they
mean under psycopg2 (Alembic's autocommit_block() commits, runs in
autocommit, and begins again).  Outside that window, SQLAlchemy's own
bookkeeping calls (pool reset, first-connect rollback, ending the step's
SQLAlchemy Transaction) reach nothing.
"""
import time

_T0 = time.perf_counter()

import datetime
import decimal
import io
import json
import os
import re
import sys
import traceback
import uuid

import _revgraph

# REVGRAPH_PY_PROFILE=1: where the time goes, on stderr at the end
# (scripts/bench_py.sh).
_PROFILE = os.environ.get("REVGRAPH_PY_PROFILE") == "1"
_prof = {"sql": 0.0, "sql_n": 0, "load": 0.0, "run": 0.0}
if _PROFILE:
    _c_execute = _revgraph.execute

    class _Timed:
        @staticmethod
        def execute(sql):
            t = time.perf_counter()
            try:
                return _c_execute(sql)
            finally:
                _prof["sql"] += time.perf_counter() - t
                _prof["sql_n"] += 1

        txstatus = staticmethod(_revgraph.txstatus)
        backend_pid = staticmethod(_revgraph.backend_pid)

    _revgraph = _Timed

# ---------------------------------------------------------------------------
# Errors: psycopg2's own classes, so that SQLAlchemy wraps them exactly as
# it wraps psycopg2's (sqlalchemy.exc.ProgrammingError, IntegrityError, ...)
# and messages read "(psycopg2.errors.UndefinedTable) ...".

import psycopg2
import psycopg2.errors
import psycopg2.extensions
import psycopg2.extras

_err_classes = {}


def _error_class(sqlstate):
    cls = _err_classes.get(sqlstate)
    if cls is not None:
        return cls
    try:
        base = psycopg2.errors.lookup(sqlstate) if sqlstate else None
    except KeyError:
        base = None
    if base is None:
        base = psycopg2.DatabaseError
    # pgcode/pgerror are read-only slots of psycopg2.Error: shadow them.
    cls = type(
        base.__name__,
        (base,),
        {
            "__module__": base.__module__,
            "pgcode": property(lambda self: self._rg_code),
            "pgerror": property(lambda self: self._rg_text),
        },
    )
    _err_classes[sqlstate] = cls
    return cls


def _raise_pg(info):
    message, sqlstate, detail, hint, full = info
    exc = _error_class(sqlstate)(full)
    exc._rg_code = sqlstate
    exc._rg_text = full
    exc.rg_message = message
    exc.rg_detail = detail
    exc.rg_hint = hint
    raise exc


# ---------------------------------------------------------------------------
# Parameters: psycopg2's client-side interpolation and quoting.

_session = {}


def _show(name):
    """A server setting, read once per run (SHOW, as psycopg2 reads the
    ParameterStatus libpq keeps)."""
    if name not in _session:
        info = _revgraph.execute("SHOW " + name)
        if info[0] == "error":
            _raise_pg(info[1])
        _session[name] = info[3][0][0]
    return _session[name]


def _std_strings():
    return _show("standard_conforming_strings") != "off"


def quote_str(s):
    if "\x00" in s:
        raise ValueError(
            "A string literal cannot contain NUL (0x00) characters."
        )
    s = s.replace("'", "''")
    if "\\" in s and not _std_strings():
        return "E'" + s.replace("\\", "\\\\") + "'"
    return "'" + s + "'"


def quote(v):
    """The SQL literal psycopg2 would send for v (as str)."""
    if v is None:
        return "NULL"
    if isinstance(v, str):
        return quote_str(v)
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (bytes, bytearray, memoryview)):
        hexed = bytes(v).hex()
        if _std_strings():
            return "'\\x" + hexed + "'::bytea"
        return "E'\\\\x" + hexed + "'::bytea"
    if isinstance(v, list):
        if not v:
            return "'{}'"
        return "ARRAY[" + ",".join(quote(x) for x in v) + "]"
    if isinstance(v, tuple):
        return "(" + ", ".join(quote(x) for x in v) + ")"
    if isinstance(v, uuid.UUID):
        return "'%s'::uuid" % v
    a = psycopg2.extensions.adapt(v)
    if isinstance(a, psycopg2.extras.Json):
        # Json.getquoted() without a connection would encode as latin-1.
        return quote_str(a.dumps(a.adapted))
    if isinstance(a, psycopg2.extensions.QuotedString):
        return quote_str(a.adapted)
    q = a.getquoted()
    return q.decode("utf-8") if isinstance(q, bytes) else q


_fmt = re.compile(r"%(?:\((?P<name>[^)]*)\))?(?P<c>.)?", re.S)


def mogrify(query, params):
    """psycopg2's cursor.mogrify(), on str; params None: query unchanged."""
    if isinstance(query, (bytes, bytearray)):
        query = bytes(query).decode("utf-8")
    if params is None:
        return query
    is_map = hasattr(params, "keys")
    seq = iter(()) if is_map else iter(params)
    used = [0]

    def repl(m):
        c, name = m.group("c"), m.group("name")
        if c == "%" and name is None:
            return "%"
        if c != "s":
            raise ValueError(
                "unsupported format character '%s'" % (c or "")
            )
        if name is not None:
            if not is_map:
                raise TypeError(
                    "format requires a mapping"
                )
            return quote(params[name])
        if is_map:
            raise TypeError("argument formats can't be mixed")
        try:
            used[0] += 1
            return quote(next(seq))
        except StopIteration:
            raise IndexError("tuple index out of range") from None

    out = _fmt.sub(repl, query)
    if not is_map and used[0] != len(params):
        raise TypeError(
            "not all arguments converted during string formatting"
        )
    return out


# ---------------------------------------------------------------------------
# Results: psycopg2's default Python types, from libpq's text format.
# (psycopg2's own typecasters cannot be called without one of its cursors.)

def _c_bool(s):
    return s == "t"


def _c_bytea(s):
    if s.startswith("\\x"):
        return memoryview(bytes.fromhex(s[2:]))
    # escape format (bytea_output = escape)
    out, i = bytearray(), 0
    b = s.encode("latin-1", "backslashreplace")
    while i < len(b):
        if b[i] == 0x5C:
            if b[i + 1] == 0x5C:
                out.append(0x5C)
                i += 2
            else:
                out.append(int(b[i + 1 : i + 4], 8))
                i += 4
        else:
            out.append(b[i])
            i += 1
    return memoryview(bytes(out))


def _c_float(s):
    return float(s)


_inf_dt = {
    "infinity": datetime.datetime.max,
    "-infinity": datetime.datetime.min,
}


def _c_date(s):
    if s == "infinity":
        return datetime.date.max
    if s == "-infinity":
        return datetime.date.min
    try:
        return datetime.date.fromisoformat(s)
    except ValueError:
        return s


def _fix_tz(s):
    # PostgreSQL writes offsets as +05, +05:30 or +05:30:15.
    m = re.search(r"([+-])(\d\d)(?::?(\d\d))?(?::?(\d\d))?$", s)
    if not m or len(s) < 11:
        return s, None
    sign = -1 if m.group(1) == "-" else 1
    off = datetime.timedelta(
        hours=int(m.group(2)),
        minutes=int(m.group(3) or 0),
        seconds=int(m.group(4) or 0),
    )
    return s[: m.start()], datetime.timezone(sign * off)


def _c_timestamp(s):
    if s in _inf_dt:
        return _inf_dt[s]
    try:
        return datetime.datetime.fromisoformat(s)
    except ValueError:
        return s


def _c_timestamptz(s):
    if s in _inf_dt:
        return _inf_dt[s].replace(tzinfo=datetime.timezone.utc)
    try:
        base, tz = _fix_tz(s)
        return datetime.datetime.fromisoformat(base).replace(tzinfo=tz)
    except ValueError:
        return s


def _c_time(s):
    try:
        return datetime.time.fromisoformat(s)
    except ValueError:
        return s


def _c_timetz(s):
    try:
        base, tz = _fix_tz(s)
        return datetime.time.fromisoformat(base).replace(tzinfo=tz)
    except ValueError:
        return s


_iv = re.compile(
    r"(?:(?P<y>[+-]?\d+) years?)?\s*(?:(?P<mo>[+-]?\d+) mons?)?\s*"
    r"(?:(?P<d>[+-]?\d+) days?)?\s*"
    r"(?:(?P<sign>[+-])?(?P<h>\d+):(?P<mi>\d+):(?P<s>\d+)(?:\.(?P<f>\d+))?)?$"
)


def _c_interval(s):
    m = _iv.match(s.strip())
    if not m:
        return s
    days = int(m.group("y") or 0) * 365 + int(m.group("mo") or 0) * 30
    days += int(m.group("d") or 0)
    secs = 0
    if m.group("h") is not None:
        f = (m.group("f") or "0")[:6].ljust(6, "0")
        secs = datetime.timedelta(
            hours=int(m.group("h")),
            minutes=int(m.group("mi")),
            seconds=int(m.group("s")),
            microseconds=int(f),
        )
        if m.group("sign") == "-":
            secs = -secs
        return datetime.timedelta(days=days) + secs
    return datetime.timedelta(days=days)


def _c_json(s):
    return json.loads(s)


def _c_numeric(s):
    return decimal.Decimal(s)


_scalar = {
    16: _c_bool,
    17: _c_bytea,
    20: int,
    21: int,
    23: int,
    26: int,
    700: _c_float,
    701: _c_float,
    1700: _c_numeric,
    1082: _c_date,
    1083: _c_time,
    1114: _c_timestamp,
    1184: _c_timestamptz,
    1186: _c_interval,
    1266: _c_timetz,
    114: _c_json,
    3802: _c_json,
    2950: uuid.UUID,
}
# array oid -> element oid (pg_type.typelem), for psycopg2's built-in arrays
_arrays = {
    1000: 16, 1001: 17, 1005: 21, 1007: 23, 1016: 20, 1028: 26,
    1021: 700, 1022: 701, 1231: 1700, 1182: 1082, 1183: 1083,
    1115: 1114, 1185: 1184, 1187: 1186, 1270: 1266, 199: 114,
    3807: 3802, 2951: 2950, 1009: 25, 1015: 1043, 1014: 1042,
    1002: 18, 1003: 19, 1040: 1043, 1041: 869,
}


def _parse_array(s, cast):
    """PostgreSQL's array text format -> nested lists (psycopg2 style)."""
    if s.startswith("["):  # explicit bounds: [0:1]={...}
        s = s[s.index("=") + 1 :]
    stack, cur, i, n = [], None, 0, len(s)
    while i < n:
        c = s[i]
        if c == "{":
            new = []
            if cur is not None:
                cur.append(new)
                stack.append(cur)
            cur = new
            i += 1
        elif c == "}":
            if stack:
                cur = stack.pop()
            i += 1
        elif c == ",":
            i += 1
        elif c == '"':
            j, buf = i + 1, []
            while s[j] != '"':
                if s[j] == "\\":
                    j += 1
                buf.append(s[j])
                j += 1
            cur.append(cast("".join(buf)))
            i = j + 1
        else:
            j = i
            while j < n and s[j] not in ",}":
                j += 1
            tok = s[i:j]
            cur.append(None if tok == "NULL" else cast(tok))
            i = j
    return cur if cur is not None else []


def caster(oid):
    f = _scalar.get(oid)
    if f is not None:
        return f
    elem = _arrays.get(oid)
    if elem is not None:
        ef = _scalar.get(elem, str)
        return lambda s: _parse_array(s, ef)
    return None


# ---------------------------------------------------------------------------
# The DBAPI shim.

_AUTOCOMMIT = psycopg2.extensions.ISOLATION_LEVEL_AUTOCOMMIT
_IDLE, _INTRANS, _INERROR = 0, 2, 3  # PQtransactionStatus


def _quote_ident(name):
    return '"' + name.replace('"', '""') + '"'


def _copy_table(table):
    return _quote_ident(table)


def _copy_columns(columns):
    if columns is None:
        return ""
    return " (" + ", ".join(_quote_ident(c) for c in columns) + ")"


def _quote(s):
    """A string literal for COPY's options (E'' when it has a backslash)."""
    q = "'" + s.replace("'", "''") + "'"
    return "E" + q.replace("\\", "\\\\") if "\\" in s else q


class Cursor:
    arraysize = 1
    itersize = 2000
    lastrowid = 0
    tzinfo_factory = datetime.timezone
    withhold = False
    scrollable = None

    def __init__(self, conn, name=None, withhold=False, scrollable=None):
        self.connection = conn
        self.name = name
        self.withhold = withhold
        self.scrollable = scrollable
        self.description = None
        self.rowcount = -1
        self.statusmessage = None
        self.query = None
        self.closed = False
        self._rows = []
        self._pos = 0
        self._declared = False  # a named cursor's DECLARE ran

    def __enter__(self):
        return self

    def __exit__(self, *a):
        self.close()

    def __iter__(self):
        while self._declared:
            rows = self._fetch("FORWARD %d" % self.itersize)
            if not rows:
                return
            yield from list(rows)
        while True:
            r = self.fetchone()
            if r is None:
                return
            yield r

    def close(self):
        # only if it still exists: a failing CLOSE would abort the step
        if self._declared and not self.closed and \
                _revgraph.txstatus() == _INTRANS:
            info = _revgraph.execute(
                "SELECT 1 FROM pg_cursors WHERE name = %s" % _quote(self.name))
            if info[0] == "ok" and info[3]:
                _revgraph.execute("CLOSE " + _quote_ident(self.name))
        if self._declared:
            self.rowcount = -1
        self.closed = True

    def mogrify(self, query, params=None):
        return mogrify(query, params).encode("utf-8")

    def execute(self, query, params=None):
        sql = mogrify(query, params)
        self.query = sql.encode("utf-8")
        self.connection._maybe_begin()
        if self.name is not None:
            self._declare(sql)
            return
        info = _revgraph.execute(sql)
        if info[0] == "error":
            _raise_pg(info[1])
        _, self.rowcount, desc, rows = info
        self.statusmessage = None
        self._pos = 0
        self._set_result(desc, rows)

    # A named cursor is a server-side cursor, as in psycopg2: DECLARE on
    # execute(), FETCH on each fetch, rows never all in memory.
    def _declare(self, sql):
        if self._declared:
            raise psycopg2.ProgrammingError(
                "can't call .execute() on named cursors more than once")
        scroll = {True: "SCROLL ", False: "NO SCROLL "}.get(self.scrollable, "")
        info = _revgraph.execute("DECLARE %s %sCURSOR %s HOLD FOR %s" % (
            _quote_ident(self.name), scroll,
            "WITH" if self.withhold else "WITHOUT", sql))
        if info[0] == "error":
            _raise_pg(info[1])
        self._declared = True
        self.rowcount = -1
        self.description = None
        self._rows = []
        self._pos = 0

    def _fetch(self, how):
        info = _revgraph.execute(
            "FETCH %s FROM %s" % (how, _quote_ident(self.name)))
        if info[0] == "error":
            _raise_pg(info[1])
        _, n, desc, rows = info
        self._set_result(desc, rows)
        self._pos = len(self._rows)
        self.rowcount = len(self._rows)  # psycopg2: the last FETCH's
        return self._rows

    def _set_result(self, desc, rows):
        if desc is None:
            self.description = None
            self._rows = []
            return
        self.description = [
            psycopg2.extensions.Column(name, oid, None, None, None, None,
                                       None)
            for name, oid in desc
        ]
        casts = [caster(oid) for _, oid in desc]
        if any(casts):
            conv = []
            for row in rows:
                conv.append(
                    tuple(
                        v if v is None or f is None else f(v)
                        for v, f in zip(row, casts)
                    )
                )
            rows = conv
        self._rows = rows

    def executemany(self, query, seq):
        total = 0
        for params in seq:
            self.execute(query, params)
            if self.rowcount > 0:
                total += self.rowcount
        self.rowcount = total
        self.description = None

    def fetchone(self):
        if self._declared:
            r = self._fetch("FORWARD 1")
            return r[0] if r else None
        if self._pos >= len(self._rows):
            if self.description is None:
                raise psycopg2.ProgrammingError("no results to fetch")
            return None
        r = self._rows[self._pos]
        self._pos += 1
        return r

    def fetchmany(self, size=None):
        if self._declared:
            size = self.arraysize if size is None else size
            return list(self._fetch("FORWARD %d" % int(size)))
        if self.description is None:
            raise psycopg2.ProgrammingError("no results to fetch")
        size = self.arraysize if size is None else size
        r = self._rows[self._pos : self._pos + size]
        self._pos += len(r)
        return r

    def fetchall(self):
        if self._declared:
            return list(self._fetch("FORWARD ALL"))
        if self.description is None:
            raise psycopg2.ProgrammingError("no results to fetch")
        r = self._rows[self._pos :]
        self._pos = len(self._rows)
        return r

    # COPY, as psycopg2 2.9 does it: the server's answer decides whether
    # file is read (FROM STDIN) or written (TO STDOUT); table and column
    # names are quoted.
    def copy_expert(self, sql, file, size=8192):
        if isinstance(sql, bytes):
            sql = sql.decode("utf-8")
        elif not isinstance(sql, str):
            sql = sql.as_string(self.connection)
        self.query = sql.encode("utf-8")
        self.connection._maybe_begin()
        info = _revgraph.copy(sql, file, size, isinstance(file, io.TextIOBase))
        if info[0] == "error":
            _raise_pg(info[1])
        self.rowcount = info[1]
        self.description = None
        self._rows = []

    def copy_from(self, file, table, sep="\t", null="\\N", size=8192,
                  columns=None):
        self.copy_expert(
            "COPY %s%s FROM stdin WITH DELIMITER AS %s NULL AS %s"
            % (_copy_table(table), _copy_columns(columns), _quote(sep),
               _quote(null)), file, size)

    def copy_to(self, file, table, sep="\t", null="\\N", columns=None):
        self.copy_expert(
            "COPY %s%s TO stdout WITH DELIMITER AS %s NULL AS %s"
            % (_copy_table(table), _copy_columns(columns), _quote(sep),
               _quote(null)), file)

    def setinputsizes(self, *a):
        pass

    def setoutputsize(self, *a):
        pass

    def scroll(self, value, mode="relative"):
        if self._declared:
            info = _revgraph.execute("MOVE %s %d FROM %s" % (
                "ABSOLUTE" if mode == "absolute" else "RELATIVE", int(value),
                _quote_ident(self.name)))
            if info[0] == "error":
                _raise_pg(info[1])
            self.rowcount = -1
            return
        self._pos = value if mode == "absolute" else self._pos + value


class Connection:
    """One psycopg2-like connection over revgraph's PGconn."""

    closed = 0
    encoding = "UTF8"
    isolation_level = None
    readonly = None
    deferrable = None
    async_ = 0
    dsn = "(revgraph's connection)"
    server_version = 0

    def __init__(self):
        self.notices = []
        self.autocommit = False
        self.armed = False
        self.server_version = int(_show("server_version_num"))
        _std_strings()

    # psycopg2 begins a transaction before the first statement outside one
    def _maybe_begin(self):
        if not self.autocommit and _revgraph.txstatus() == _IDLE:
            info = _revgraph.execute("BEGIN")
            if info[0] == "error":
                _raise_pg(info[1])

    def _end(self, word):
        if not self.armed or self.autocommit:
            return
        if _revgraph.txstatus() in (_INTRANS, _INERROR):
            info = _revgraph.execute(word)
            if info[0] == "error":
                _raise_pg(info[1])

    def commit(self):
        self._end("COMMIT")

    def rollback(self):
        self._end("ROLLBACK")

    def close(self):
        pass

    def cursor(self, name=None, cursor_factory=None, withhold=False,
               scrollable=None):
        return Cursor(self, name, withhold, scrollable)

    def set_isolation_level(self, level):
        # psycopg2: ends the transaction in progress (rollback) first.
        self.rollback()
        self.autocommit = level == _AUTOCOMMIT
        self.isolation_level = None if self.autocommit else level

    def set_session(self, isolation_level=None, readonly=None,
                    deferrable=None, autocommit=None):
        if autocommit is not None:
            self.autocommit = bool(autocommit)

    def get_transaction_status(self):
        return {0: 0, 1: 1, 2: 2, 3: 3}.get(_revgraph.txstatus(), 4)

    def get_parameter_status(self, name):
        return _show(name)

    def get_backend_pid(self):
        return _revgraph.backend_pid()

    @property
    def status(self):
        s = _revgraph.txstatus()
        return (psycopg2.extensions.STATUS_READY if s == _IDLE
                else psycopg2.extensions.STATUS_BEGIN)


# ---------------------------------------------------------------------------
# The SQLAlchemy dialect: psycopg2's, minus what needs psycopg2's objects.

from sqlalchemy.dialects.postgresql.psycopg2 import PGDialect_psycopg2

import alembic  # noqa: E402,F401  (fails here, clearly, when missing)
import alembic.op  # noqa: E402,F401
import alembic.context  # noqa: E402,F401

_prof["imports"] = time.perf_counter() - _T0


class RevgraphDialect(PGDialect_psycopg2):
    driver = "revgraph"
    supports_statement_cache = True

    def on_connect(self):
        # psycopg2's register_uuid/register_hstore need a real psycopg2
        # connection; UUIDs are cast here (see caster()), hstore stays text
        # and is parsed by SQLAlchemy (as without native hstore).
        return None

    def _hstore_oids(self, conn):
        return None

    def do_ping(self, dbapi_connection):
        return True

    def is_disconnect(self, e, connection, cursor):
        return False


# ---------------------------------------------------------------------------
# Alembic.

def _to_tuple(x):
    """alembic.util.to_tuple(x, default=())"""
    if x is None:
        return ()
    if isinstance(x, str):
        return (x,)
    return tuple(x)


class RevisionError(Exception):
    pass


class Runner:
    def __init__(self, config_path, prepend_sys_path, url, version_table,
                 version_table_schema, xargs, as_sql, verbose):
        import argparse
        from alembic.config import Config

        if prepend_sys_path:
            # Alembic: ScriptDirectory.from_config
            sys.path[:0] = list(
                re.compile(r", *|(?: +)|\:").split(prepend_sys_path)
            )
        cmd_opts = argparse.Namespace(
            x=list(xargs), sql=as_sql, tag=None, autogenerate=False,
            verbose=verbose,
        )
        self.config = Config(file_=config_path, ini_section="alembic",
                             cmd_opts=cmd_opts)
        if url:
            self.config.set_main_option("sqlalchemy.url",
                                        url.replace("%", "%%"))
        self.version_table = version_table or "alembic_version"
        self.version_table_schema = version_table_schema or None
        self.as_sql = as_sql
        self.modules = {}
        self.env = None
        self.ops = None
        self.mc = None
        self.sa_conn = None
        self.dbapi_conn = None
        self.output = None

    # -- loading ------------------------------------------------------------

    def load(self, path, rev, downs, labels, deps):
        """Import path as Alembic does and check its metadata against what
        revgraph's reader saw (rev, downs, labels, deps)."""
        if path in self.modules:
            return
        t = time.perf_counter()
        try:
            self._load(path, rev, downs, labels, deps)
        finally:
            _prof["load"] += time.perf_counter() - t

    def _load(self, path, rev, downs, labels, deps):
        import importlib.util

        name = re.sub(r"\W", "_", os.path.basename(path))
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        got = getattr(module, "revision", None)
        if got is None:
            m = re.match(r"^([a-f0-9]+)\.py$", os.path.basename(path))
            got = m.group(1) if m else None
        problems = []
        if got != rev:
            problems.append("revision is %r, not %r" % (got, rev))
        d = getattr(module, "down_revision", None)
        if _to_tuple(d) != tuple(downs):
            problems.append("down_revision is %r, not %r"
                            % (d, _fmt_read(downs)))
        b = getattr(module, "branch_labels", None)
        if sorted(_to_tuple(b)) != sorted(labels):
            problems.append("branch_labels is %r, not %r"
                            % (b, _fmt_read(labels)))
        p = getattr(module, "depends_on", None)
        if _to_tuple(p) != tuple(deps):
            problems.append("depends_on is %r, not %r"
                            % (p, _fmt_read(deps)))
        if problems:
            raise RevisionError(
                "after import, " + "; ".join(problems)
                + " (as revgraph read the file without running it); "
                "revision metadata must be plain literals"
            )
        for fn in ("upgrade", "downgrade"):
            if not callable(getattr(module, fn, None)):
                raise RevisionError("the module has no %s() function" % fn)
        self.modules[path] = module

    # -- contexts -------------------------------------------------------------

    def _environment(self):
        from alembic.runtime.environment import EnvironmentContext
        from alembic.script import ScriptDirectory

        loc = self.config.get_main_option("script_location")
        script = None
        if loc and os.path.isdir(loc):
            script = ScriptDirectory(loc)
        return EnvironmentContext(self.config, script)

    def _setup_online(self):
        import sqlalchemy
        from sqlalchemy.dialects import registry
        from sqlalchemy.pool import StaticPool
        from alembic.operations import Operations

        registry.register("postgresql.revgraph", "_revgraph_bridge",
                          "RevgraphDialect")
        self.dbapi_conn = Connection()
        engine = sqlalchemy.create_engine(
            "postgresql+revgraph://",
            creator=lambda: self.dbapi_conn,
            poolclass=StaticPool,
            pool_reset_on_return=None,
        )
        self.sa_conn = engine.connect()
        self.env = self._environment()
        self.env.configure(
            connection=self.sa_conn,
            transaction_per_migration=True,
            version_table=self.version_table,
            version_table_schema=self.version_table_schema,
        )
        self.mc = self.env.get_context()
        self.ops = Operations(self.mc)
        self.env._install_proxy()
        self.ops._install_proxy()

    def _setup_offline(self):
        import io
        from alembic.operations import Operations

        self.output = io.StringIO()
        self.env = self._environment()
        # Alembic's default env.py run_migrations_offline()
        self.env.configure(
            dialect_name="postgresql",
            literal_binds=True,
            dialect_opts={"paramstyle": "named"},
            as_sql=True,
            output_buffer=self.output,
            transaction_per_migration=True,
            version_table=self.version_table,
            version_table_schema=self.version_table_schema,
        )
        self.mc = self.env.get_context()
        self.ops = Operations(self.mc)
        self.env._install_proxy()
        self.ops._install_proxy()

    # -- running --------------------------------------------------------------

    def run(self, path, upgrade):
        """Run one step online, in revgraph's open transaction."""
        t = time.perf_counter()
        try:
            self._run(path, upgrade)
        finally:
            _prof["run"] += time.perf_counter() - t

    def _run(self, path, upgrade):
        if self.mc is None:
            self._setup_online()
        module = self.modules[path]
        fn = module.upgrade if upgrade else module.downgrade
        mc = self.mc
        # Alembic: MigrationContext.begin_transaction(_per_migration=True)
        mc._transaction = self.sa_conn.begin()
        self.dbapi_conn.armed = True
        ok = False
        try:
            fn()
            ok = True
        finally:
            self.dbapi_conn.armed = False
            self.dbapi_conn.autocommit = False
            t, mc._transaction = mc._transaction, None
            if t is not None and t.is_active:
                # reaches nothing: revgraph commits or rolls back
                t.commit() if ok else t.rollback()
            mc.connection = mc.impl.connection = self.sa_conn
            sys.stdout.flush()

    def run_offline(self, path, upgrade):
        """Run one step offline; return the SQL text it printed."""
        if self.mc is None:
            self._setup_offline()
        module = self.modules[path]
        self.output.seek(0)
        self.output.truncate()
        (module.upgrade if upgrade else module.downgrade)()
        return self.output.getvalue()

    def close(self):
        try:
            if self.ops is not None:
                self.ops._remove_proxy()
            if self.env is not None:
                self.env._remove_proxy()
        except Exception:
            pass
        sys.stdout.flush()
        if _PROFILE:
            sys.stderr.write(
                "revgraph-py-profile: imports %.3f s, loading revisions "
                "%.3f s, running revisions %.3f s of which SQL %.3f s "
                "(%d statements)\n" % (
                    _prof.get("imports", 0.0), _prof["load"], _prof["run"],
                    _prof["sql"], _prof["sql_n"]))
        sys.stderr.flush()


def _fmt_read(items):
    items = tuple(items)
    if not items:
        return None
    return items[0] if len(items) == 1 else items


# ---------------------------------------------------------------------------
# Error text for revgraph's one-line messages.

def describe(exc, path, verbose):
    """(message, line, detail, hint, is_sql) for an exception raised while
    importing or running the revision at path."""
    line = 0
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == path:
            line = tb.tb_lineno
        tb = tb.tb_next
    if isinstance(exc, SyntaxError) and exc.filename == path and exc.lineno:
        line = exc.lineno
    orig = getattr(exc, "orig", None)
    pg = orig if hasattr(orig, "rg_message") else (
        exc if hasattr(exc, "rg_message") else None)
    if isinstance(exc, RevisionError):
        msg = str(exc)
    elif pg is not None:
        msg = "%s: (%s.%s) %s" % (
            type(exc).__name__, type(pg).__module__, type(pg).__name__,
            pg.rg_message)
    else:
        text = str(exc).strip().split("\n")[0]
        msg = type(exc).__name__ + (": " + text if text else "")
    detail = pg.rg_detail if pg is not None else ""
    hint = pg.rg_hint if pg is not None else ""
    if isinstance(exc, ModuleNotFoundError):
        hint = ("is the module on prepend_sys_path (config) or PYTHONPATH?"
                " sys.path is %s" % (sys.path,))
    if verbose:
        tbtext = "".join(traceback.format_exception(exc)).rstrip()
        detail = (detail + "\n" if detail else "") + tbtext
    return msg, line, detail or "", hint or "", pg is not None
