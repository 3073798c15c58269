#!/usr/bin/python3
"""Write a random Alembic project and its revgraph SQL twin.

    gen_project.py --seed N --out DIR [--revs K] [--shape linear|branchy|random]
                   [--py-only] [--sql-only] [--sql-out SQLDIR] [--url URL]

DIR/alembic.ini, DIR/env.py, DIR/script.py.mako and DIR/versions/*.py form an
Alembic 1.8 project (generic template; env.py passes
transaction_per_migration=True to both configure() calls, as revgraph runs one
transaction per step).  SQLDIR (default DIR-sql)/versions/*.sql holds the
same revisions as SQL revision files (SPEC.md section 2): same ids,
down_revisions, branch_labels, depends_on and message, same file-name stems
(so sorted discovery order is the same in both).

The .py docstring is exactly the message (one line, no "Revision ID:" block)
so that Alembic's doc/longdoc equal the SQL file's message.

Every upgrade inserts ('<id>', 'up') into steplog, every downgrade
('<id>', 'down'); about a third also CREATE / DROP TABLE t_<id>(x int).

Shapes:
  linear   one chain
  branchy  blocks of ten: a branch point, two strands of four, a merge
  random   several roots, branch points, 2- and 3-parent merges, branch
           labels (on roots, branch points, merges...), depends_on (0, 1 or 2
           per revision, on ids and labels, across branches and on
           ancestors), ids sharing prefixes, 3-4 character ids, ids with "_"

The module is also imported by tests/diff/difftest.py (generate(),
write_project(), Graph).
"""
import argparse
import os
import random
import sys

WORDS = ("account user order item table column index view add drop alter "
         "rename fix cleanup backfill audit ledger invoice tax shop net "
         "widget gadget report stats cache queue token session role grant "
         "archive partition migrate split join merge seed").split()
LABEL_WORDS = ("alpha beta gamma delta networking shopping billing auth "
               "search reports infra core ui api legacy feat xl yl").split()

ENV_PY = '''from logging.config import fileConfig

from sqlalchemy import engine_from_config
from sqlalchemy import pool

from alembic import context

# this is the Alembic Config object, which provides
# access to the values within the .ini file in use.
config = context.config

# Interpret the config file for Python logging.
# This line sets up loggers basically.
if config.config_file_name is not None:
    fileConfig(config.config_file_name)

# add your model's MetaData object here
# for 'autogenerate' support
# from myapp import mymodel
# target_metadata = mymodel.Base.metadata
target_metadata = None

# other values from the config, defined by the needs of env.py,
# can be acquired:
# my_important_option = config.get_main_option("my_important_option")
# ... etc.


def run_migrations_offline() -> None:
    """Run migrations in 'offline' mode.

    This configures the context with just a URL
    and not an Engine, though an Engine is acceptable
    here as well.  By skipping the Engine creation
    we don't even need a DBAPI to be available.

    Calls to context.execute() here emit the given string to the
    script output.

    """
    url = config.get_main_option("sqlalchemy.url")
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        transaction_per_migration=True,
    )

    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run migrations in 'online' mode.

    In this scenario we need to create an Engine
    and associate a connection with the context.

    """
    connectable = engine_from_config(
        config.get_section(config.config_ini_section),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )

    with connectable.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            transaction_per_migration=True,
        )

        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
'''

SCRIPT_MAKO = '''"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

"""
from alembic import op
import sqlalchemy as sa
${imports if imports else ""}

# revision identifiers, used by Alembic.
revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    ${downgrades if downgrades else "pass"}
'''

INI = '''# A generic, single database configuration (written by gen_project.py).

[alembic]
script_location = {script_location}
prepend_sys_path = .
{url_line}
[post_write_hooks]

[loggers]
keys = root,sqlalchemy,alembic

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console
qualname =

[logger_sqlalchemy]
level = WARN
handlers =
qualname = sqlalchemy.engine

[logger_alembic]
level = INFO
handlers =
qualname = alembic

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
datefmt = %H:%M:%S
'''


class Rev:
    __slots__ = ("id", "down", "labels", "deps", "message", "stem", "ddl",
                 "strict", "date")

    def __init__(self, rid, down, message):
        self.id = rid
        self.down = list(down)      # down_revision ids, declared order
        self.labels = []            # declared branch labels
        self.deps = []              # declared depends_on (ids or labels)
        self.message = message
        self.stem = None            # file name without extension
        self.ddl = False            # CREATE/DROP TABLE t_<id> too
        self.strict = False         # ... without IF [NOT] EXISTS
        self.date = None


class Graph:
    """Revisions in creation order (parents before children)."""

    def __init__(self):
        self.revs = []
        self.by_id = {}
        self.label_of = {}          # label -> declaring revision id

    def add(self, rev):
        self.revs.append(rev)
        self.by_id[rev.id] = rev

    def children(self):
        ch = {r.id: [] for r in self.revs}
        for r in self.revs:
            for d in r.down:
                ch[d].append(r.id)
        return ch

    def heads(self):
        ch = self.children()
        return [r.id for r in self.revs if not ch[r.id]]

    def ancestors(self, rid, deps=False):
        """rid and everything below it (down edges, optionally deps)."""
        seen = set()
        stack = [rid]
        while stack:
            x = stack.pop()
            if x in seen:
                continue
            seen.add(x)
            r = self.by_id[x]
            stack.extend(r.down)
            if deps:
                stack.extend(self.label_of.get(d, d) for d in r.deps)
        return seen


# ---------------------------------------------------------------- ids ------

class IdMaker:
    def __init__(self, rng, tricky):
        self.rng = rng
        self.tricky = tricky
        self.used = set()

    def _hex(self, n):
        return "%0*x" % (n, self.rng.getrandbits(4 * n))

    def new(self):
        rng = self.rng
        while True:
            if not self.tricky:
                rid = self._hex(12)
            else:
                k = rng.random()
                if k < 0.55:
                    rid = self._hex(12)
                elif k < 0.70 and self.used:
                    # share a 3-6 character prefix with an existing id
                    base = rng.choice(sorted(self.used))
                    p = base[:rng.randint(3, min(6, len(base)))]
                    rid = p + self._hex(max(1, 12 - len(p)))
                    if rng.random() < 0.3:
                        rid = p + self._hex(rng.randint(1, 3))
                elif k < 0.82:
                    rid = self._hex(rng.choice((3, 3, 4)))
                    if rng.random() < 0.5:
                        rid = rng.choice("abcdefxyz") + rid[1:]
                else:
                    rid = (rng.choice(("rev", "r", "x", "mig", "a")) + "_" +
                           self._hex(rng.randint(2, 6)))
            if rid not in self.used:
                self.used.add(rid)
                return rid


def _message(rng, i):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4))) + \
        (" %d" % i if rng.random() < 0.5 else "")


def _slug(message):
    import re
    s = "_".join(re.findall(r"\w+", message)).lower()
    return s[:40]


# ------------------------------------------------------------- shapes ------

def _gen_linear(rng, n, ids):
    g = Graph()
    prev = None
    for i in range(n):
        r = Rev(ids.new(), [prev] if prev else [], "step %d" % i)
        g.add(r)
        prev = r.id
    return g


def _gen_branchy(rng, n, ids):
    """Blocks of ten: p (branch point), a1..a4, b1..b4, m = merge(a4, b4)."""
    g = Graph()
    prev = None
    i = 0
    while i < n:
        left = n - i
        if left < 10:
            for _ in range(left):
                r = Rev(ids.new(), [prev] if prev else [], "tail %d" % i)
                g.add(r)
                prev = r.id
                i += 1
            break
        p = Rev(ids.new(), [prev] if prev else [], "block %d" % i)
        g.add(p)
        tips = []
        for side in "ab":
            t = p.id
            for k in range(4):
                r = Rev(ids.new(), [t], "block %d %s%d" % (i, side, k + 1))
                g.add(r)
                t = r.id
            tips.append(t)
        m = Rev(ids.new(), tips, "block %d merge" % i)
        g.add(m)
        prev = m.id
        i += 10
    return g


def _gen_random(rng, n, ids):
    g = Graph()
    heads = []                      # versioned heads, kept as a list
    labels_free = list(LABEL_WORDS)
    rng.shuffle(labels_free)
    nroots = rng.choice((1, 1, 2, 2, 3))
    made_roots = 0
    for i in range(n):
        msg = _message(rng, i)
        k = rng.random()
        if made_roots < nroots and (i == 0 or k < 0.15):
            down = []
            made_roots += 1
        elif len(heads) >= 3 and k < 0.27:
            down = rng.sample(heads, 3)
        elif len(heads) >= 2 and k < 0.42:
            down = rng.sample(heads, 2)
        elif k < 0.62 and len(g.revs) > 1:
            # branch (or splice) from any revision
            down = [rng.choice(g.revs).id]
        else:
            down = [rng.choice(heads)]
        r = Rev(ids.new(), down, msg)
        for d in down:
            if d in heads:
                heads.remove(d)
        heads.append(r.id)
        g.add(r)

    # branch labels: roots, branch points, merges and others
    ch = g.children()
    for r in g.revs:
        p = 0.12
        if not r.down or len(ch[r.id]) > 1 or len(r.down) > 1:
            p = 0.35
        if labels_free and rng.random() < p:
            lab = labels_free.pop()
            if rng.random() < 0.3:
                lab += "_%d" % rng.randint(1, 99)
            r.labels.append(lab)
            g.label_of[lab] = r.id
            if labels_free and rng.random() < 0.15:
                lab = labels_free.pop()
                r.labels.append(lab)
                g.label_of[lab] = r.id

    # depends_on: only on revisions created earlier (no cycle), never on a
    # descendant; sometimes on an ancestor, sometimes via a label
    pos = {r.id: i for i, r in enumerate(g.revs)}
    for r in g.revs:
        k = rng.random()
        ndeps = 0 if k < 0.65 else (1 if k < 0.9 else 2)
        cands = [x for x in g.revs[:pos[r.id]] if x.id not in r.down]
        rng.shuffle(cands)
        anc = g.ancestors(r.id)
        chosen = []
        for c in cands:
            if len(chosen) >= ndeps:
                break
            if c.id in anc and rng.random() < 0.7:
                continue            # mostly across branches
            if c.labels and rng.random() < 0.5:
                chosen.append(rng.choice(c.labels))
            else:
                chosen.append(c.id)
        r.deps = chosen
    return g


def generate(seed, revs=None, shape="random"):
    rng = random.Random(seed)
    if revs is None:
        revs = rng.randint(6, 28) if shape == "random" else 20
    ids = IdMaker(rng, tricky=(shape == "random"))
    if shape == "linear":
        g = _gen_linear(rng, revs, ids)
    elif shape == "branchy":
        g = _gen_branchy(rng, revs, ids)
    else:
        g = _gen_random(rng, revs, ids)
    big = revs > 1000
    for i, r in enumerate(g.revs):
        if big:
            r.stem = "%s_%s" % (r.id, "step")
            r.ddl = (i % 3 == 0)
        else:
            slug = _slug(r.message)
            if shape == "random" and rng.random() < 0.25:
                # a file name that does not start with the id
                r.stem = "%s_%s" % (rng.choice(WORDS), r.id)
            else:
                r.stem = "%s_%s" % (r.id, slug)
            r.ddl = rng.random() < 0.35
            # a stamp leaves tables out of step; strict DDL then fails
            r.strict = r.ddl and rng.random() < 0.25
        r.date = "2024-01-%02d %02d:%02d:%02d" % (
            1 + i % 28, i % 24, i % 60, (i * 7) % 60)
    return g


# ------------------------------------------------------------ writing ------

def _tuple_repr(xs):
    return repr(tuple(xs))


def _create(r):
    return "CREATE TABLE %st_%s (x int)" % (
        "" if r.strict else "IF NOT EXISTS ", r.id)


def _drop(r):
    return "DROP TABLE %st_%s" % ("" if r.strict else "IF EXISTS ", r.id)


def py_text(r):
    if not r.down:
        down = "None"
    elif len(r.down) == 1:
        down = repr(r.down[0])
    else:
        down = _tuple_repr(r.down)
    labels = _tuple_repr(r.labels) if r.labels else "None"
    if not r.deps:
        deps = "None"
    elif len(r.deps) == 1:
        deps = repr(r.deps[0])
    else:
        deps = repr(list(r.deps))
    up = ['    op.execute("INSERT INTO steplog(rev, dir) VALUES '
          '(\'%s\', \'up\')")' % r.id]
    dn = []
    if r.ddl:
        up.append('    op.execute("%s")' % _create(r))
        dn.append('    op.execute("%s")' % _drop(r))
    dn.append('    op.execute("INSERT INTO steplog(rev, dir) VALUES '
              '(\'%s\', \'down\')")' % r.id)
    return ('"""%s"""\n'
            'from alembic import op\n'
            'import sqlalchemy as sa\n'
            '\n\n'
            '# revision identifiers, used by Alembic.\n'
            'revision = %r\n'
            'down_revision = %s\n'
            'branch_labels = %s\n'
            'depends_on = %s\n'
            '\n\n'
            'def upgrade() -> None:\n%s\n'
            '\n\n'
            'def downgrade() -> None:\n%s\n') % (
                r.message, r.id, down, labels, deps, "\n".join(up),
                "\n".join(dn))


def sql_text(r):
    h = ["-- revision: %s" % r.id,
         "-- down_revision: %s" % ", ".join(r.down)]
    if r.labels:
        h.append("-- branch_labels: %s" % ", ".join(r.labels))
    if r.deps:
        h.append("-- depends_on: %s" % ", ".join(r.deps))
    h.append("-- message: %s" % r.message)
    h.append("-- create_date: %s" % r.date)
    up = ["INSERT INTO steplog(rev, dir) VALUES ('%s', 'up');" % r.id]
    dn = []
    if r.ddl:
        up.append(_create(r) + ";")
        dn.append(_drop(r) + ";")
    dn.append("INSERT INTO steplog(rev, dir) VALUES ('%s', 'down');" % r.id)
    return "\n".join(h) + "\n\n-- revgraph:upgrade\n" + "\n".join(up) + \
        "\n\n-- revgraph:downgrade\n" + "\n".join(dn) + "\n"


def write_project(g, out, sql_out=None, url=None, py=True, sql=True):
    out = os.path.abspath(out)
    if sql_out is None:
        sql_out = out.rstrip("/") + "-sql"
    if py:
        os.makedirs(os.path.join(out, "versions"), exist_ok=True)
        # offline (--sql) mode needs a dialect even without a database
        url_line = "sqlalchemy.url = %s\n" % (
            url or "postgresql://localhost/offline").replace("%", "%%")
        with open(os.path.join(out, "alembic.ini"), "w") as f:
            f.write(INI.format(script_location=out, url_line=url_line))
        with open(os.path.join(out, "env.py"), "w") as f:
            f.write(ENV_PY)
        with open(os.path.join(out, "script.py.mako"), "w") as f:
            f.write(SCRIPT_MAKO)
        vd = os.path.join(out, "versions")
        for r in g.revs:
            with open(os.path.join(vd, r.stem + ".py"), "w") as f:
                f.write(py_text(r))
    if sql:
        vd = os.path.join(sql_out, "versions")
        os.makedirs(vd, exist_ok=True)
        for r in g.revs:
            with open(os.path.join(vd, r.stem + ".sql"), "w") as f:
                f.write(sql_text(r))
    return out, os.path.abspath(sql_out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--revs", type=int)
    ap.add_argument("--shape", choices=("linear", "branchy", "random"),
                    default="random")
    ap.add_argument("--py-only", action="store_true")
    ap.add_argument("--sql-only", action="store_true")
    ap.add_argument("--sql-out")
    ap.add_argument("--url")
    a = ap.parse_args(argv)
    if a.py_only and a.sql_only:
        ap.error("--py-only and --sql-only exclude each other")
    g = generate(a.seed, a.revs, a.shape)
    write_project(g, a.out, a.sql_out, a.url, py=not a.sql_only,
                  sql=not a.py_only)
    return 0


if __name__ == "__main__":
    sys.exit(main())
