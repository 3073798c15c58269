#!/usr/bin/python3
"""Alembic .py revisions run by revgraph (issue 4), compared with Alembic.

Starts its own PostgreSQL cluster (scripts/pgcluster.sh), writes the
projects of tests/py/projects.py, and for each runs Alembic 1.8
(tests/alembic-sorted, or $ALEMBIC) and revgraph ($REVGRAPH)
on two databases made from one template, then compares pg_dump
--schema-only and the rows (pg_dump --data-only --inserts, lines sorted),
after upgrade and again after downgrade.  Also: --sql output, errors
(Python exception, failed SQL, metadata mismatch, missing helper module,
Alembic not importable), and the generated bridge header being current.

Prints one line per check and finally exactly "N passed, M failed"; exits
1 when anything failed.  With a revgraph built without Python, checks
only that it refuses .py revisions clearly.
Environment: REVGRAPH (binary), RG_SRC (source tree), PGBIN, KEEP=1 keeps
the cluster and projects.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.environ.get("RG_SRC") or os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import projects  # noqa: E402

REVGRAPH = os.environ.get("REVGRAPH") or os.path.join(SRC, "build", "revgraph")
ALEMBIC = os.environ.get("ALEMBIC") or os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "alembic-sorted")
PGBIN = os.environ.get("PGBIN") or "/usr/lib/postgresql/15/bin"

passed = failed = 0


def check(name, ok, info=""):
    global passed, failed
    if ok:
        passed += 1
        print("ok   %s" % name)
    else:
        failed += 1
        print("FAIL %s" % name)
        if info:
            print("     " + str(info).replace("\n", "\n     ")[:4000])
    sys.stdout.flush()


def run(cmd, env=None, cwd=None):
    e = dict(os.environ)
    e.update(env or {})
    p = subprocess.run(cmd, capture_output=True, text=True, env=e, cwd=cwd)
    return p.returncode, p.stdout, p.stderr


class Cluster:
    def __init__(self, d):
        self.dir = d
        rc, out, err = run(["bash", os.path.join(SRC, "scripts", "pgcluster.sh"),
                            "start", d])
        if rc:
            sys.exit("cannot start the cluster: " + err)

    def url(self, db):
        return "postgresql://postgres@/%s?host=%s" % (db, self.dir)

    def psql(self, db, sql):
        rc, out, err = run([os.path.join(PGBIN, "psql"), "-X", "-q", "-At",
                            "-v", "ON_ERROR_STOP=1", "-h", self.dir, "-U",
                            "postgres", "-d", db, "-c", sql])
        if rc:
            raise RuntimeError("psql %s: %s" % (sql, err))
        return out

    def fresh(self, *names, template=None):
        for n in names:
            self.psql("postgres", "DROP DATABASE IF EXISTS %s" % n)
            self.psql("postgres", "CREATE DATABASE %s%s" % (
                n, " TEMPLATE %s" % template if template else ""))

    def dump(self, db):
        def pgd(*args):
            rc, out, err = run([os.path.join(PGBIN, "pg_dump"), "-h", self.dir,
                                "-U", "postgres", *args, db])
            if rc:
                raise RuntimeError(err)
            return [l for l in out.splitlines()
                    if not re.match(r"\\(un)?restrict ", l)]
        schema = "\n".join(pgd("--schema-only"))
        data = "\n".join(sorted(pgd("--data-only", "--inserts")))
        return schema, data

    def stop(self):
        run(["bash", os.path.join(SRC, "scripts", "pgcluster.sh"), "stop",
             self.dir])


def alembic(cl, proj, db, *args):
    return run(["/usr/bin/python3", ALEMBIC, "-c",
                os.path.join(proj, "alembic.ini"), *args],
               env={"TEST_DB_URL": cl.url(db)}, cwd=proj)


def revgraph(cl, proj, db, *args, env=None):
    return run([REVGRAPH, "-c", os.path.join(proj, "alembic.ini"), "--url",
                cl.url(db), *args], env=env, cwd=proj)


def same_state(cl, name, da, dr):
    sa, xa = cl.dump(da)
    sr, xr = cl.dump(dr)
    check(name + ": schemas equal", sa == sr, _diff(sa, sr))
    check(name + ": rows equal", xa == xr, _diff(xa, xr))


def _diff(a, b):
    if a == b:
        return ""
    import difflib
    return "\n".join(list(difflib.unified_diff(
        a.splitlines(), b.splitlines(), "alembic", "revgraph", lineterm=""))[:60])


def compare_project(cl, name, proj_a, proj_r, steps, xargs=()):
    """Run each (verb, target) of steps with both tools; compare after
    each."""
    cl.fresh("tpl_" + name)
    cl.fresh(name + "_a", name + "_r", template="tpl_" + name)
    for verb, target in steps:
        rca, oa, ea = alembic(cl, proj_a, name + "_a", *xargs, verb, target)
        rcr, orr, er = revgraph(cl, proj_r, name + "_r", *xargs, verb, target)
        check("%s %s %s: alembic exit 0" % (name, verb, target), rca == 0, ea)
        check("%s %s %s: revgraph exit 0" % (name, verb, target), rcr == 0, er)
        if rca or rcr:
            return
        same_state(cl, "%s %s %s" % (name, verb, target), name + "_a",
                   name + "_r")
        va = cl.psql(name + "_a", "SELECT version_num FROM alembic_version ORDER BY 1")
        vr = cl.psql(name + "_r", "SELECT version_num FROM alembic_version ORDER BY 1")
        check("%s %s %s: version rows equal" % (name, verb, target), va == vr,
              "%r vs %r" % (va, vr))


def test_shop(cl, root):
    d = os.path.join(root, "shop")
    projects.write_shop(d)
    x = ("-x", "seed_rows=4", "-x", "tag=t1")
    compare_project(cl, "shop", d, d, [
        ("upgrade", "c3000000c003"), ("upgrade", "head"),
        ("downgrade", "d4000000c004"), ("downgrade", "base"),
        ("upgrade", "head")], xargs=x)
    # the typed round trip really produced psycopg2's types
    t = cl.psql("shop_r", "SELECT typed FROM seeded WHERE id = -1")
    check("shop: typed values as psycopg2 returns them",
          "Decimal('4.5')" in t and "UUID('0c8b1f0e" in t
          and "datetime.timedelta(days=425)" in t, t)


def test_copy(cl, root):
    d = os.path.join(root, "copy")
    projects.write_copy(d)
    compare_project(cl, "copy", d, d, [
        ("upgrade", "head"), ("downgrade", "c1000000c0b1"),
        ("upgrade", "head")])
    got = cl.psql("copy_r", "SELECT count(*), string_agg(coalesce(note, "
                  "'<null>'), ',' ORDER BY id) FROM people")
    check("copy: five rows, NULLs and quotes as COPY reads them",
          got.strip() == "5|<null>,x y,<null>,q\"uote,<null>", got)


def test_cursor(cl, root):
    d = os.path.join(root, "cursor")
    projects.write_cursor(d)
    compare_project(cl, "cursor", d, d, [("upgrade", "head")])
    got = dict(line.split("|", 1) for line in cl.psql(
        "cursor_r", "SELECT what, value FROM seen").split("\n") if line)
    check("named cursor: declared on the server, fetched in batches",
          got.get("declared") == "'big one'" and got.get("closed") == "None"
          and got.get("first") == "(1, 2)" and got.get("again") == "(9, 18)"
          and got.get("rest_len") == "41", got)


def test_mixed(cl, root):
    d = os.path.join(root, "mixed")
    dpy = os.path.join(root, "mixed_py")
    projects.write_mixed(d)
    projects.write_mixed(dpy, as_py=True)
    compare_project(cl, "mixed", dpy, d, [
        ("upgrade", "feature@head"), ("upgrade", "heads"),
        ("downgrade", "m2000000aaa2"), ("upgrade", "head"),
        ("downgrade", "base")])


def test_offline(cl, root):
    # (Alembic cannot render the seed revision offline: SQLAlchemy has no
    # literal renderer for tz-aware datetimes; revisions that read rows
    # through get_bind() fail offline under both tools.  Downgrades to base
    # are avoided: Alembic 1.8 prints DROP TABLE alembic_version there,
    # which revgraph deliberately does not, SPEC section 1.)
    cases = [("shop", os.path.join(root, "shop"), os.path.join(root, "shop"),
              ["upgrade", "c3000000c003"]),
             ("shop", os.path.join(root, "shop"), os.path.join(root, "shop"),
              ["downgrade", "a7000000c007:b2000000c002"]),
             ("mixed", os.path.join(root, "mixed_py"), os.path.join(root, "mixed"),
              ["upgrade", "m3000000aaa3"]),
             ("mixed", os.path.join(root, "mixed_py"), os.path.join(root, "mixed"),
              ["downgrade", "m6000000aaa6:m2000000aaa2"])]
    for name, da, dr, (verb, target) in cases:
        what = "offline %s %s %s" % (name, verb, target)
        rca, oa, ea = alembic(cl, da, "postgres", verb, "--sql", target)
        rcr, orr, er = revgraph(cl, dr, "postgres", verb, "--sql", target)
        check(what + ": both exit 0", rca == rcr == 0, ea + er)
        check(what + ": same SQL", oa == orr, _diff(oa, orr))
    # autocommit_block() printed as Alembic prints it
    rc, out, err = revgraph(cl, os.path.join(root, "shop"), "postgres",
                            "upgrade", "--sql", "c3000000c003")
    check("offline autocommit_block: COMMIT; ... BEGIN; around it",
          "COMMIT;\n\nALTER TYPE order_status ADD VALUE IF NOT EXISTS "
          "'shipped';\n\nALTER TYPE order_status ADD VALUE IF NOT EXISTS "
          "'void';\n\nBEGIN;" in out, out)
    # the offline script applies with psql and gives the online state
    cl.fresh("off_r", "off_o")
    with open(os.path.join(root, "off.sql"), "w") as f:
        f.write(out)
    rc2, o2, e2 = run([os.path.join(PGBIN, "psql"), "-X", "-q", "-v",
                       "ON_ERROR_STOP=1", "-h", cl.dir, "-U", "postgres",
                       "-d", "off_r", "-f", os.path.join(root, "off.sql")])
    rc3, o3, e3 = revgraph(cl, os.path.join(root, "shop"), "off_o",
                           "upgrade", "c3000000c003")
    check("offline script applies with psql -v ON_ERROR_STOP=1",
          rc2 == 0 and rc3 == 0, e2 + e3)
    if rc2 == 0 and rc3 == 0:
        same_state(cl, "offline script vs online run", "off_r", "off_o")


def test_errors(cl, root):
    # a Python exception: message, file:line, step rolled back, earlier stays
    d = os.path.join(root, "failing")
    projects.write_failing(d)
    cl.fresh("fail_r")
    rc, out, err = revgraph(cl, d, "fail_r", "upgrade", "head")
    path = os.path.join(d, "versions", "f2000000bad2_boom.py")
    # the innermost frame in the revision file: inside helper()
    line = [i for i, l in enumerate(open(path), 1) if "1 / n" in l][0]
    check("python error: exit 1", rc == 1, err)
    first = [l for l in err.splitlines() if l.startswith("revgraph: error:")]
    check("python error: one line naming file:line and exception",
          len(first) == 1 and first[0].startswith(
              "revgraph: error: %s:%d: upgrade f1000000bad1 -> f2000000bad2: "
              "ZeroDivisionError: division by zero" % (path, line)), err)
    check("python error: no traceback without -v", "Traceback" not in err, err)
    check("python error: earlier step stays, failed step rolled back",
          cl.psql("fail_r", "SELECT version_num FROM alembic_version").strip()
          == "f1000000bad1" and cl.psql(
              "fail_r", "SELECT count(*) FROM pg_class WHERE relname = 't2'"
          ).strip() == "0", err)
    rc, out, err = revgraph(cl, d, "fail_r", "-v", "upgrade", "head")
    check("python error: -v shows the traceback",
          "Traceback (most recent call last)" in err and "in helper" in err,
          err)

    # failed SQL: the server's message, the op line
    d = os.path.join(root, "sqlfail")
    projects.write_sqlfail(d)
    cl.fresh("sqlf_r")
    rc, out, err = revgraph(cl, d, "sqlf_r", "upgrade", "head")
    path = os.path.join(d, "versions", "s2000000bad2_sqlboom.py")
    line = [i for i, l in enumerate(open(path), 1) if "nosuchtable" in l][0]
    check("sql error: exit 1 with server message at the op line",
          rc == 1 and ("%s:%d: upgrade s1000000bad1 -> s2000000bad2: "
                       "ProgrammingError: (psycopg2.errors.UndefinedTable) "
                       'relation "nosuchtable" does not exist' % (path, line))
          in err and "step rolled back; 1 earlier step stays applied" in err,
          err)
    check("sql error: the added column was rolled back",
          cl.psql("sqlf_r", "SELECT count(*) FROM information_schema.columns "
                  "WHERE table_name = 't1' AND column_name = 'x'").strip()
          == "0")

    # a failure after an autocommit_block(): the message says what stays
    d = os.path.join(root, "acfail")
    projects.write_autocommit_fail(d)
    stays = ("what ran of upgrade a1000000bad1 -> a2000000bad2 up to the "
             "end of its autocommit_block() stays applied without its "
             "version-table change)")
    for single in (False, True):
        db = "acfail_%d" % single
        cl.fresh(db)
        rc, out, err = revgraph(cl, d, db, "upgrade", "head",
                                *(["--single-transaction"] if single else []))
        check("autocommit_block then error (%s): exit 1, says what stays"
              % ("single" if single else "per step"),
              rc == 1 and ("(rolled back; 1 earlier step stays applied; "
                           if single else
                           "(step rolled back; 1 earlier step stays "
                           "applied; ") + stays in err, err)
        check("autocommit_block then error (%s): index stays, t2 and the "
              "version change do not" % ("single" if single else "per step"),
              cl.psql(db, "SELECT version_num FROM alembic_version").strip()
              == "a1000000bad1" and cl.psql(
                  db, "SELECT count(*) FROM pg_class WHERE relname = 'ix_t1'"
              ).strip() == "1" and cl.psql(
                  db, "SELECT count(*) FROM pg_class WHERE relname = 't2'"
              ).strip() == "0", err)

    # bad COPY data: the server's message, the step rolled back, and the
    # connection usable for the rollback (not stuck in COPY)
    d = os.path.join(root, "copyfail")
    projects.write_copy(d)
    path = os.path.join(d, "versions", "c2000000c0b2_copy.py")
    src = open(path).read().replace("5|eve|", "x|eve|")
    with open(path, "w") as f:
        f.write(src)
    cl.fresh("copyf_r")
    rc, out, err = revgraph(cl, d, "copyf_r", "upgrade", "head")
    check("bad COPY data: exit 1, server message, step rolled back",
          rc == 1 and 'invalid input syntax for type integer: "x"' in err
          and "step rolled back; 1 earlier step stays applied" in err
          and cl.psql("copyf_r", "SELECT count(*) FROM people").strip()
          == "0", err)

    # metadata that disagrees with the native reader
    d = os.path.join(root, "meta")
    projects.write_failing(d)
    path = os.path.join(d, "versions", "f1000000bad1_ok.py")
    with open(path, "a") as f:
        f.write("\nif True:\n    down_revision = 'f2000000bad2'\n")
    cl.fresh("meta_r")
    rc, out, err = revgraph(cl, d, "meta_r", "upgrade", "head")
    check("metadata mismatch: error naming the file, nothing applied",
          rc == 1 and path in err and "down_revision" in err
          and cl.psql("meta_r", "SELECT count(*) FROM pg_class WHERE "
                      "relname IN ('t1', 'alembic_version')").strip() == "0",
          err)

    # a helper module that is not on sys.path
    d = os.path.join(root, "nohelper")
    projects.write_shop(d)
    os.remove(os.path.join(d, "shop_helpers.py"))
    cl.fresh("nohelp_r")
    rc, out, err = revgraph(cl, d, "nohelp_r", "upgrade", "head")
    check("missing helper module: import error before anything runs",
          rc == 1 and "ModuleNotFoundError: No module named 'shop_helpers'"
          in err and "f6000000c006" in err and cl.psql(
              "nohelp_r", "SELECT count(*) FROM pg_class WHERE relname = "
              "'alembic_version'").strip() == "0", err)

    # Alembic not importable: a fake package that fails to import
    fake = os.path.join(root, "fake_site", "alembic")
    os.makedirs(fake, exist_ok=True)
    with open(os.path.join(fake, "__init__.py"), "w") as f:
        f.write("raise ImportError('No module named alembic (test)')\n")
    d = os.path.join(root, "shop")
    cl.fresh("noalem_r")
    rc, out, err = revgraph(cl, d, "noalem_r", "upgrade", "head",
                            env={"PYTHONPATH": os.path.dirname(fake)})
    check("no alembic: names the revision, says what to install, exit 1",
          rc == 1 and "a1000000c001" in err and "python3-alembic" in err
          and cl.psql("noalem_r", "SELECT count(*) FROM pg_class WHERE "
                      "relname = 'alembic_version'").strip() == "0", err)


def test_bridge_current():
    h = os.path.join(SRC, "src", "py", "bridge_py.h")
    tmp = tempfile.mkdtemp()
    try:
        shutil.copy(os.path.join(SRC, "src", "py", "bridge.py"), tmp)
        shutil.copy(os.path.join(SRC, "src", "py", "gen_bridge.sh"), tmp)
        run(["sh", os.path.join(tmp, "gen_bridge.sh")])
        check("bridge_py.h is generated from bridge.py",
              open(h).read() == open(os.path.join(tmp, "bridge_py.h")).read(),
              "run src/py/gen_bridge.sh")
    finally:
        shutil.rmtree(tmp)


def main():
    if not os.access(REVGRAPH, os.X_OK):
        sys.exit("no revgraph binary at %s (set REVGRAPH)" % REVGRAPH)
    root = tempfile.mkdtemp(prefix="rgpy.")
    os.chmod(root, 0o755)  # the server runs as postgres
    cl = Cluster(os.path.join(root, "pg"))
    try:
        # skip when this revgraph cannot run .py revisions at all
        d = os.path.join(root, "probe")
        projects.write_failing(d)
        cl.fresh("probe")
        rc, out, err = revgraph(cl, d, "probe", "upgrade", "f1000000bad1")
        if "built without embedded Python" in err:
            check("no-Python build: clear RG_ENOPY error, nothing changed",
                  rc == 1 and "f1000000bad1" in err and "python3-dev" in err
                  and cl.psql("probe", "SELECT count(*) FROM pg_class WHERE "
                              "relname = 'alembic_version'").strip() == "0",
                  err)
        else:
            test_bridge_current()
            test_shop(cl, root)
            test_copy(cl, root)
            test_cursor(cl, root)
            test_mixed(cl, root)
            test_offline(cl, root)
            test_errors(cl, root)
    finally:
        if os.environ.get("KEEP"):
            print("kept %s" % root)
        else:
            cl.stop()
            shutil.rmtree(root, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
