#!/usr/bin/python3
"""Differential test: revgraph ($REVGRAPH) against Alembic 1.8 on random
twin projects (scripts/gen_project.py).

    REVGRAPH=build/revgraph tests/diff/difftest.py --graphs 30 --seed 1
    REVGRAPH=build/revgraph tests/diff/difftest.py --graphs 8 --seed 100 --db

For each seed a random project is generated: DIR (Alembic .py revisions) and
DIR-sql (the same revisions as SQL files).  Alembic runs in-process
(tests/diff/alembic_runner.py: Alembic 1.8 with sorted directory listing,
as /work/shared/tools/alembic-sorted); a few commands per graph also go
through the real alembic-sorted CLI to check the in-process runner.

Offline mode (default): read commands (heads, branches, history, show,
history -r ranges) are run by revgraph on both the .py project
(`-c DIR/alembic.ini`) and the SQL twin (`-d DIR-sql/versions`);
`upgrade/downgrade/stamp --sql START:T` plans on the SQL twin (and the .py
project with --py-plans).

--db mode: a PostgreSQL cluster (scripts/pgcluster.sh, or --url of a running
one); per case two copies of one database in the same random state; the
same command sequence with Alembic on one and revgraph (SQL twin, --url) on
the other; after each command: failed or not, steplog, alembic_version rows,
tables, and `current`.

Normalizations: Alembic's random orders sorted (normalize.py); `Path:` lines
reduced to the file-name stem for the SQL twin; `DROP TABLE alembic_version;`
removed from Alembic's --sql output (SPEC: Alembic 1.19 behaviour).  An
Alembic crash (traceback, exit 1) is not compared (SPEC: revgraph may do the
evident thing or refuse); neither is `downgrade -N` when the two databases
return their rows in different physical order.

Exit status 1 if any case failed; last line `N passed, M failed`.
Failing projects are kept under /tmp/difftest-fail-<seed>/.
"""
import argparse
import difflib
import multiprocessing
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.realpath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "scripts"))

import alembic_runner  # noqa: E402
import gen_project  # noqa: E402
import normalize as nz  # noqa: E402

ALEMBIC_CLI = os.environ.get("ALEMBIC") or os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "alembic-sorted")
MAX_DIFF_LINES = 30


# ------------------------------------------------------------ targets ------

class Targets:
    """Random targets of every grammar form, for one graph."""

    def __init__(self, g, rng):
        self.g = g
        self.rng = rng
        self.ids = [r.id for r in g.revs]
        self.labels = sorted(g.label_of)
        self.keys = self.ids + self.labels
        self.long_keys = [k for k in self.keys if len(k) > 3]

    def _matches(self, p):
        return [k for k in self.long_keys if k.startswith(p)]

    def unique_prefix(self, rid):
        for n in range(4, len(rid)):
            p = rid[:n]
            if p not in self.keys and self._matches(p) == [rid]:
                return rid[:self.rng.randint(n, len(rid) - 1)]
        return None

    def ambiguous_prefixes(self):
        out = set()
        for a in self.long_keys:
            for b in self.long_keys:
                if a < b:
                    n = 0
                    while n < min(len(a), len(b)) and a[n] == b[n]:
                        n += 1
                    if n >= 1 and a[:n] not in self.keys:
                        out.add(a[:self.rng.randint(1, n)])
        return sorted(out)

    def rev(self):
        return self.rng.choice(self.ids)

    def label(self):
        return self.rng.choice(self.labels) if self.labels else None

    def plain(self):
        """an id, a unique prefix, a label, or an id-ish failure"""
        rng = self.rng
        k = rng.random()
        if k < 0.45:
            return self.rev()
        if k < 0.65:
            p = self.unique_prefix(self.rev())
            if p:
                return p
        if k < 0.75 and self.labels:
            return self.label()
        if k < 0.85:
            amb = self.ambiguous_prefixes()
            if amb:
                return rng.choice(amb)
        if k < 0.92:
            r = self.rev()
            return r[:rng.randint(1, 3)] if len(r) > 3 else r
        return rng.choice(("zzzz", "nosuch", "ffffff0000"))

    def labelled(self):
        rng = self.rng
        lab = self.label() or self.rev()     # an id works left of '@' too
        k = rng.random()
        if k < 0.3:
            return lab + "@head"
        if k < 0.45:
            return lab + "@heads"
        if k < 0.7:
            return lab + "@" + self.plain()
        if k < 0.85:
            return lab + "@base"
        return rng.choice(("nosuch@head", lab + "@zzzz"))

    def up(self):
        rng = self.rng
        k = rng.random()
        if k < 0.25:
            return self.plain()
        if k < 0.35:
            return rng.choice(("heads", "head", "base"))
        if k < 0.5:
            return self.labelled()
        if k < 0.62:
            return "+%d" % rng.randint(0, 4)
        if k < 0.7 and self.labels:
            return "%s@+%d" % (self.label(), rng.randint(1, 3))
        if k < 0.85:
            return "%s%s%d" % (self.rev(), rng.choice("+-"), rng.randint(0, 3))
        if k < 0.92:
            return "head-%d" % rng.randint(1, 3)
        return "-%d" % rng.randint(1, 2)

    def down(self):
        rng = self.rng
        k = rng.random()
        if k < 0.3:
            return self.plain()
        if k < 0.4:
            return rng.choice(("base", "head", "heads"))
        if k < 0.55:
            return "-%d" % rng.randint(0, 4)
        if k < 0.65:
            lab = self.label() or self.rev()
            return rng.choice((lab + "@base", "%s@-%d" % (lab, rng.randint(1, 3)),
                               lab + "@" + self.plain()))
        if k < 0.85:
            return "%s%s%d" % (self.rev(), rng.choice("+-"), rng.randint(0, 3))
        if k < 0.92:
            return "head-%d" % rng.randint(1, 3)
        return "+%d" % rng.randint(1, 2)

    def show(self):
        rng = self.rng
        k = rng.random()
        if k < 0.4:
            return self.plain()
        if k < 0.6:
            return self.labelled()
        if k < 0.75:
            return rng.choice(("-1", "-2", "-3", "head", "heads", "base", "+1"))
        if k < 0.9 and self.labels:
            return "%s@-%d" % (self.label(), rng.randint(1, 2))
        return "%s%s%d" % (self.rev(), rng.choice("+-"), rng.randint(1, 2))

    def hist_range(self):
        rng = self.rng
        L = self.label()
        forms = [
            lambda: "%s:%s" % (self.plain(), self.plain()),
            lambda: "%s:%s" % (self.rev(), self.rev()),
            lambda: "%s:" % self.plain(),
            lambda: ":%s" % self.plain(),
            lambda: "-%d:" % rng.randint(1, 4),
            lambda: "%s:+%d" % (self.rev(), rng.randint(1, 3)),
            lambda: ":+%d" % rng.randint(1, 2),
            lambda: ":head-%d" % rng.randint(1, 2),
            lambda: ":%s+%d" % (self.rev(), rng.randint(0, 2)),
            lambda: ":%s-%d" % (self.rev(), rng.randint(1, 2)),
            lambda: "base:heads",
            lambda: "heads:",
            lambda: "%s:heads" % self.rev(),
            lambda: ":-%d" % rng.randint(1, 2),
            lambda: self.rev(),                       # no colon: error
        ]
        if L:
            forms += [
                lambda: "%s@base:" % L,
                lambda: "%s@base:%s@head" % (L, L),
                lambda: ":%s@head" % L,
                lambda: "%s@head:" % L,
                lambda: "%s@-1:" % L,
                lambda: "%s@base:heads" % L,
                lambda: "%s@%s:" % (L, self.plain()),
                lambda: "%s@base:%s" % (L, self.rev()),
            ]
        return rng.choice(forms)()


def hist_args(rng_range):
    """history -r RANGE, spelled so argparse accepts a leading '-'"""
    if rng_range.startswith("-"):
        return ["history", "-r=" + rng_range]
    return ["history", "-r", rng_range]


# ---------------------------------------------------------- execution ------

class Ctx:
    def __init__(self, seed, workdir, revgraph, py_plans):
        self.seed = seed
        self.workdir = workdir
        self.revgraph = revgraph
        self.py_plans = py_plans
        self.passed = 0
        self.failed = 0
        self.skipped = 0
        self.verbose = False
        self.strict_side_effects = False
        self.lenient = 0
        self.log = []
        self.msgs = []
        self.fail_cmds = []


def run_revgraph(ctx, args, variant, url=None):
    """variant 'py': the .py project through its alembic.ini; 'sql': the
    SQL twin through -d."""
    if variant == "py":
        cmd = [ctx.revgraph, "-c", ctx.ini]
    else:
        cmd = [ctx.revgraph, "-d", ctx.sqlvers]
    if url:
        cmd += ["--url", url]
    cmd += args
    env = dict(os.environ)
    for k in ("REVGRAPH_URL", "DATABASE_URL", "PGDATABASE", "PGHOST"):
        env.pop(k, None)
    try:
        p = subprocess.run(cmd, cwd=ctx.workdir, capture_output=True,
                           text=True, timeout=120, env=env,
                           stdin=subprocess.DEVNULL)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return 124, "", "timeout after 120s\n"


def run_alembic(ctx, args, url=None):
    return alembic_runner.run(["-c", ctx.ini] + args, url=url)


def udiff(a, b, la, lb):
    d = list(difflib.unified_diff(a.splitlines(), b.splitlines(), la, lb,
                                  lineterm="", n=2))
    if len(d) > MAX_DIFF_LINES:
        d = d[:MAX_DIFF_LINES] + ["    ... (%d more diff lines)"
                                  % (len(d) - MAX_DIFF_LINES)]
    return "\n".join("    " + x for x in d)


def shown(args):
    return " ".join(a if a and re.match(r"^[\w@:+.=/-]+$", a) else repr(a)
                    for a in args)


def mismatch(ctx, variant, args, why, diff=""):
    ctx.failed += 1
    ctx.fail_cmds.append((variant, args))
    line = "MISMATCH seed=%d [%s] %s: %s" % (ctx.seed, variant, shown(args),
                                             why)
    ctx.msgs.append(line + ("\n" + diff if diff else ""))


def compare_outputs(ctx, variant, args, a, r, norm_r=None, norm_a=None):
    """a, r: (rc, stdout, stderr) of Alembic and revgraph."""
    arc, aout, _ = a
    rrc, rout, rerr = r
    a_failed = arc != 0
    r_failed = rrc != 0
    if a_failed != r_failed:
        why = "alembic exit %d, revgraph exit %d" % (arc, rrc)
        detail = ("    alembic: " + (aout.strip().splitlines() or [""])[-1]
                  + "\n    revgraph stderr: "
                  + (rerr.strip().splitlines() or [""])[-1])
        mismatch(ctx, variant, args, why, detail)
        return
    if a_failed:
        ok = nz.allowed_error_exits(aout) if arc == 255 else (1, 2)
        if rrc not in ok or not rerr.strip():
            mismatch(ctx, variant, args,
                     "both failed, but revgraph exit %d (expected %s) with "
                     "stderr %r" % (rrc, " or ".join(map(str, ok)),
                                    rerr[:200]))
            return
        ctx.passed += 1
        return
    if norm_a:
        aout = norm_a(aout)
    if norm_r:
        rout = norm_r(rout)
    if aout != rout:
        mismatch(ctx, variant, args, "stdout differs",
                 udiff(aout, rout, "alembic", "revgraph"))
        return
    ctx.passed += 1


def note(ctx, kind, args, a):
    if ctx.verbose:
        last = (a[1].strip().splitlines() or [""])[-1] if a[0] else ""
        if alembic_runner.crashed(a[0], a[2]):
            last = "CRASH " + a[2].strip().splitlines()[-1]
        elif alembic_runner.sql_failed(a[0], a[2]):
            last = "SQL FAILED " + [ln for ln in a[2].splitlines()
                                    if ln.startswith("sqlalchemy.exc")][-1]
        ctx.log.append("  seed=%d %s %s -> %d %s" % (ctx.seed, kind,
                                                   shown(args), a[0],
                                                   last[:100]))


def read_case(ctx, args):
    a = run_alembic(ctx, args)
    note(ctx, "read", args, a)
    if alembic_runner.crashed(*a[::2]):
        ctx.skipped += 1
        return
    for variant in ("py", "sql"):
        r = run_revgraph(ctx, args, variant)
        if variant == "py":
            compare_outputs(ctx, variant, args, a, r,
                            norm_a=nz.sort_random_orders)
        else:
            compare_outputs(ctx, variant, args, a, r,
                            norm_a=lambda t: nz.paths_to_stems(
                                nz.sort_random_orders(t)),
                            norm_r=nz.paths_to_stems)


def plan_case(ctx, args):
    a = run_alembic(ctx, args)
    note(ctx, "plan", args, a)
    if alembic_runner.crashed(*a[::2]):
        ctx.skipped += 1
        return
    for variant in (("sql", "py") if ctx.py_plans else ("sql",)):
        r = run_revgraph(ctx, args, variant)
        compare_outputs(ctx, variant, args, a, r,
                        norm_a=nz.drop_version_drop)


def cli_check(ctx, args):
    """the in-process runner against the real alembic-sorted CLI"""
    a = run_alembic(ctx, args)
    p = subprocess.run([ALEMBIC_CLI, "-c", ctx.ini] + args,
                       capture_output=True, text=True, cwd=ctx.workdir,
                       stdin=subprocess.DEVNULL)
    if alembic_runner.crashed(*a[::2]) and p.returncode == 1:
        ctx.passed += 1
        return
    na, nc = nz.sort_random_orders(a[1]), nz.sort_random_orders(p.stdout)
    if a[0] != p.returncode or na != nc:
        mismatch(ctx, "cli", args, "in-process alembic %d vs alembic-sorted "
                 "CLI %d" % (a[0], p.returncode),
                 udiff(na, nc, "in-process", "alembic-sorted"))
    else:
        ctx.passed += 1


def has_multi_deps(g):
    return any(len(r.deps) > 1 for r in g.revs)


def offline_graph(ctx, g, rng):
    T = Targets(g, rng)
    reads = [["heads"], ["heads", "--resolve-dependencies"], ["heads", "-v"],
             ["branches"], ["branches", "-v"], ["history"], ["history", "-v"],
             ["show", "heads"], ["show", "-1"], ["show", "base"],
             ["show", "head"]]
    reads += [["show", r] for r in T.ids]
    reads += [["show", lab] for lab in T.labels]
    reads += [["show", T.show()] for _ in range(14)]
    reads += [hist_args(T.hist_range()) for _ in range(18)]
    reads += [hist_args(T.hist_range()) + ["-v"] for _ in range(2)]
    for args in reads:
        read_case(ctx, args)

    plans = []
    for _ in range(14):
        start = rng.choice(["", "", "base:", T.rev() + ":", T.rev() + ":",
                            T.plain() + ":"])
        plans.append(["upgrade", "--sql", start + T.up()])
    for _ in range(12):
        start = rng.choice([T.rev(), T.rev(), T.plain(), "heads", "head"])
        plans.append(["downgrade", "--sql", start + ":" + T.down()])
    for _ in range(3):
        start = rng.choice([T.rev(), "base"])
        plans.append(["stamp", "--sql", start + ":" + T.plain()])
    for args in plans:
        plan_case(ctx, args)

    if not has_multi_deps(g):
        # (not plans: the in-process runner keeps declared parent order in
        # merge steps, where the CLI uses set order; see alembic_runner.py)
        for args in (["heads"], ["history", "-v"], ["show", T.rev()],
                     ["branches", "-v"]):
            cli_check(ctx, args)


# ----------------------------------------------------------------- db ------

def _db_url(base_url, db):
    from urllib.parse import urlsplit
    u = urlsplit(base_url)
    return "%s://%s/%s%s" % (u.scheme, u.netloc, db,
                             "?" + u.query if u.query else "")


def _pg(url):
    import psycopg2
    c = psycopg2.connect(url)
    c.autocommit = True
    return c


def db_state(url):
    c = _pg(url)
    try:
        cur = c.cursor()
        cur.execute("SELECT rev, dir FROM steplog ORDER BY id")
        steps = cur.fetchall()
        cur.execute("SELECT to_regclass('public.alembic_version')")
        has_vt = cur.fetchone()[0] is not None
        rows, phys = [], []
        if has_vt:
            cur.execute("SELECT version_num FROM alembic_version")
            phys = [x[0] for x in cur.fetchall()]
            rows = sorted(phys)
        cur.execute("SELECT tablename FROM pg_tables "
                    "WHERE schemaname = 'public' ORDER BY 1")
        tables = [x[0] for x in cur.fetchall()]
    finally:
        c.close()
    text = ("steplog:\n" + "".join("  %s %s\n" % s for s in steps)
            + "alembic_version: %s\n" % " ".join(rows)
            + "tables: %s\n" % " ".join(tables))
    return text, phys


def _admin(ctx, sql):
    c = _pg(ctx.base_url)
    try:
        c.cursor().execute(sql)
    finally:
        c.close()


def db_graph(ctx, g, rng, ncases, nsteps):
    T = Targets(g, rng)
    base = "dt%d_base" % ctx.seed
    _admin(ctx, "DROP DATABASE IF EXISTS %s" % base)
    _admin(ctx, "CREATE DATABASE %s" % base)
    c = _pg(_db_url(ctx.base_url, base))
    c.cursor().execute("CREATE TABLE steplog(id serial, rev text, dir text)")
    c.close()
    dbs = [base]
    try:
        for case in range(ncases):
            t = "dt%d_%d_t" % (ctx.seed, case)
            a = "dt%d_%d_a" % (ctx.seed, case)
            b = "dt%d_%d_b" % (ctx.seed, case)
            for d in (t, a, b):
                _admin(ctx, "DROP DATABASE IF EXISTS %s" % d)
            _admin(ctx, "CREATE DATABASE %s TEMPLATE %s" % (t, base))
            dbs.append(t)
            # a random starting state, made by Alembic
            start = rng.choice([["upgrade", T.rev()], ["upgrade", T.rev()],
                                ["upgrade", "heads"], ["upgrade", T.up()],
                                ["stamp", T.rev()], []])
            if start:
                run_alembic(ctx, start, url=_db_url(ctx.base_url, t))
            _admin(ctx, "CREATE DATABASE %s TEMPLATE %s" % (a, t))
            _admin(ctx, "CREATE DATABASE %s TEMPLATE %s" % (b, t))
            dbs += [a, b]
            db_sequence(ctx, T, rng, _db_url(ctx.base_url, a),
                        _db_url(ctx.base_url, b), nsteps,
                        "start: %s" % (shown(start) or "empty"))
    finally:
        for d in dbs:
            try:
                _admin(ctx, "DROP DATABASE IF EXISTS %s" % d)
            except Exception:
                pass


def db_sequence(ctx, T, rng, ua, ub, nsteps, start_desc):
    done = [start_desc]
    for _ in range(nsteps):
        k = rng.random()
        # mostly targets that exist, so that sequences get somewhere
        some = rng.random() < 0.5
        if k < 0.35:
            args = ["upgrade", T.rev() if some else T.up()]
        elif k < 0.65:
            args = ["downgrade", T.rev() if some else T.down()]
        elif k < 0.8:
            args = ["stamp", T.rev() if some else T.plain()]
        elif k < 0.88:
            args = ["stamp", T.rev(), T.rev() if some else T.plain()]
        elif k < 0.94:
            args = ["stamp", "--purge", T.plain()]
        else:
            args = ["stamp", rng.choice(["base", "heads", "head"])]
        if args[0] == "downgrade" and re.match(r"^(.*@)?-\d+$", args[1]):
            # -N starts from the first row of an unordered SELECT
            if db_state(ua)[1] != db_state(ub)[1]:
                ctx.log.append("  seed=%d skip %s: rows differ in physical "
                               "order" % (ctx.seed, shown(args)))
                ctx.skipped += 1
                return
        before = db_state(ub)[0]
        a = run_alembic(ctx, args, url=ua)
        note(ctx, "db", args, a)
        r = run_revgraph(ctx, args, ctx.db_variant, url=ub)
        done.append(shown(args))
        sa, sb = db_state(ua)[0], db_state(ub)[0]
        if (not ctx.strict_side_effects and a[0] == 255 and r[0] != 0
                and sa != sb and sb == before):
            # Alembic refused the command, but with transaction_per_migration
            # it had already committed its pre-step work (CREATE TABLE
            # alembic_version, stamp --purge's DELETE); revgraph refused
            # before changing anything.  Accepted unless --strict-side-effects.
            ctx.lenient += 1
            ctx.log.append("  seed=%d lenient %s: Alembic failed after "
                           "committing pre-step changes; revgraph changed "
                           "nothing" % (ctx.seed, shown(args)))
            ctx.passed += 1
            return              # the two databases differ from here on
        if alembic_runner.crashed(*a[::2]):
            ctx.skipped += 1
            if sa != sb:
                return          # revgraph did something sensible; stop here
            continue
        ca = run_alembic(ctx, ["current"], url=ua)
        cb = run_revgraph(ctx, ["current"], ctx.db_variant, url=ub)
        sa += "current (exit %s):\n%s" % (ca[0] != 0, nz.sort_lines(ca[1]))
        sb += "current (exit %s):\n%s" % (cb[0] != 0, cb[1])
        label = ["db"] + done[:1] + ["..."] + args
        if (a[0] != 0) != (r[0] != 0):
            mismatch(ctx, "db", label, "alembic exit %d, revgraph exit %d"
                     % (a[0], r[0]),
                     "    sequence: %s\n    alembic: %s\n    revgraph: %s"
                     % (" | ".join(done),
                        (a[1].strip().splitlines() or [""])[-1],
                        (r[2].strip().splitlines() or [""])[-1]))
            return
        if sa != sb:
            mismatch(ctx, "db", label, "database state differs",
                     "    sequence: %s\n" % " | ".join(done)
                     + udiff(sa, sb, "alembic", "revgraph"))
            return
        ctx.passed += 1


# ------------------------------------------------------------- driver ------

def one_seed(job):
    seed, opts = job
    alembic_runner.setup()
    rng = random.Random(seed * 7919 + 17)
    workdir = tempfile.mkdtemp(prefix="difftest-%d-" % seed)
    workdir = os.path.realpath(workdir)
    ctx = Ctx(seed, workdir, opts["revgraph"], opts["py_plans"])
    ctx.verbose = opts["verbose"]
    ctx.strict_side_effects = opts["strict_side_effects"]
    ctx.db_variant = "py" if opts["db_py"] else "sql"
    t0 = time.time()
    try:
        g = gen_project.generate(seed, None, "random")
        proj, sqlproj = gen_project.write_project(
            g, os.path.join(workdir, "proj"), url=None)
        ctx.ini = os.path.join(proj, "alembic.ini")
        ctx.sqlvers = os.path.join(sqlproj, "versions")
        if opts["db"]:
            ctx.base_url = opts["url"]
            db_graph(ctx, g, rng, opts["db_cases"], opts["db_steps"])
        else:
            offline_graph(ctx, g, rng)
    except Exception:
        import traceback
        ctx.failed += 1
        ctx.msgs.append("ERROR seed=%d: harness error\n%s"
                        % (seed, traceback.format_exc()))
    if ctx.failed:
        keep = "/tmp/difftest-fail-%d" % seed
        shutil.rmtree(keep, ignore_errors=True)
        shutil.copytree(workdir, keep)
        with open(os.path.join(keep, "README"), "w") as f:
            f.write("seed %d: %d failing cases; reproduce with\n"
                    "  cd %s/proj && %s <args>\n"
                    "  $REVGRAPH -d %s/proj-sql/versions <args>\n"
                    "  $REVGRAPH -c %s/proj/alembic.ini <args>\n\n"
                    % (seed, ctx.failed, keep, ALEMBIC_CLI, keep, keep))
            for m in ctx.msgs:
                f.write(m + "\n")
        ctx.msgs.append("  (project kept in %s)" % keep)
    shutil.rmtree(workdir, ignore_errors=True)
    log = ctx.log if ctx.verbose else [x for x in ctx.log if " lenient " in x]
    return (seed, ctx.passed, ctx.failed, ctx.skipped, log + ctx.msgs,
            time.time() - t0, len(g.revs) if 'g' in dir() else 0)


def start_cluster():
    d = tempfile.mkdtemp(prefix="dtpg-", dir="/tmp")
    script = os.environ.get("PGCLUSTER",
                            os.path.join(ROOT, "scripts", "pgcluster.sh"))
    subprocess.run([script, "start", d], check=True)
    with open(os.path.join(d, "url")) as f:
        return d, script, f.read().strip()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--graphs", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--seeds", help="comma-separated seeds (instead of "
                    "--graphs/--seed)")
    ap.add_argument("--db", action="store_true",
                    help="run database sequences instead of offline checks")
    ap.add_argument("--url", help="--db: a running cluster's libpq URI "
                    "(default: start one with scripts/pgcluster.sh)")
    ap.add_argument("--db-cases", type=int, default=3)
    ap.add_argument("--db-steps", type=int, default=6)
    ap.add_argument("--py-plans", action="store_true",
                    help="also run --sql plans on the .py project")
    ap.add_argument("--db-py", action="store_true",
                    help="--db: revgraph runs the .py project (embedded "
                    "Python) instead of its SQL twin")
    ap.add_argument("--strict-side-effects", action="store_true",
                    help="--db: when Alembic refuses a command after "
                    "committing pre-step work (CREATE TABLE alembic_version, "
                    "stamp --purge's DELETE; transaction_per_migration), "
                    "require revgraph to do the same instead of accepting "
                    "an unchanged database")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("-q", "--quiet", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="list every case with Alembic's exit status")
    a = ap.parse_args(argv)
    revgraph = os.environ.get("REVGRAPH")
    if not revgraph:
        ap.error("set REVGRAPH to the revgraph binary")
    revgraph = os.path.abspath(revgraph)
    if not os.access(revgraph, os.X_OK):
        ap.error("REVGRAPH=%s is not executable" % revgraph)
    seeds = ([int(s) for s in a.seeds.split(",")] if a.seeds
             else list(range(a.seed, a.seed + a.graphs)))
    cluster = None
    url = a.url
    if a.db and not url:
        cluster = start_cluster()
        url = cluster[2]
    opts = dict(revgraph=revgraph, py_plans=a.py_plans, db=a.db, url=url,
                db_cases=a.db_cases, db_steps=a.db_steps, verbose=a.verbose,
                strict_side_effects=a.strict_side_effects, db_py=a.db_py)
    passed = failed = skipped = 0
    try:
        with multiprocessing.get_context("fork").Pool(
                a.jobs, initializer=alembic_runner.setup) as pool:
            for res in pool.imap_unordered(one_seed,
                                           [(s, opts) for s in seeds]):
                seed, p, f, s, msgs, secs, nrev = res
                passed += p
                failed += f
                skipped += s
                for m in msgs:
                    if m.startswith("  seed="):     # notes, not mismatches
                        if not a.quiet or a.verbose:
                            print(m, file=sys.stderr, flush=True)
                    else:
                        print(m, flush=True)
                if not a.quiet:
                    print("seed %d: %d revisions, %d passed, %d failed, "
                          "%d skipped (%.1fs)" % (seed, nrev, p, f, s, secs),
                          file=sys.stderr, flush=True)
    finally:
        if cluster:
            subprocess.run([cluster[1], "stop", cluster[0]])
    if skipped:
        print("(%d cases not compared: Alembic crashed, or -N with rows in "
              "different physical order)" % skipped, file=sys.stderr)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
