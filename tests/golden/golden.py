#!/usr/bin/python3
"""Goldens: Alembic 1.8's own output for the sample projects of
ALEMBIC-SEMANTICS.md section 0.2 / 10 (LIN, BR, MRG, LAB, DEP).

    golden.py regen     rebuild tests/projects/<P>/ (alembic-sorted init +
                        revision/merge --rev-id; Create Date lines fixed),
                        their SQL twins tests/projects/<P>-sql/versions/,
                        and record tests/golden/<P>/<n>.cmd / <n>.out
    golden.py check     run $REVGRAPH on every .cmd in each project and in
                        its SQL twin; compare; print `N passed, M failed`

A .cmd file is one line: the arguments (shell quoting).  A .out file is
`exit=<status>` then Alembic's stdout, normalized: absolute versions paths
replaced by `<versions>`, Alembic's random orders sorted as revgraph sorts
them (tests/diff/normalize.py), `DROP TABLE alembic_version;` removed from
--sql output (revgraph follows Alembic 1.19 there).  Cases named p<n> are
offline plans (`--sql`); they run on the SQL twin only unless
GOLDEN_PY_PLANS=1 (running .py migrations needs revgraph's embedded Python).

Comparison: when Alembic failed (exit 255), revgraph must fail with exit 1
(or 2, usage, for the argument-shape errors in normalize.USAGE_SHAPED)
and, with exit 1, print exactly one line on stderr; when Alembic crashed (exit 1 with a
traceback), revgraph may succeed or fail with one stderr line (not compared
further); when Alembic succeeded, revgraph's stdout must equal the .out after
the same path normalization.  For the SQL twins, `Path:` lines are compared
by file-name stem, and the docstring lines Alembic's template adds after the
message (blank, `Revision ID:`, `Revises:`, `Create Date:`) are dropped from
both sides, since an SQL file has only its one-line message.
"""
import os
import re
import shlex
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.realpath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PROJECTS = os.path.join(ROOT, "tests", "projects")
sys.path.insert(0, os.path.join(ROOT, "tests", "diff"))
import normalize as nz  # noqa: E402

ALEMBIC = os.environ.get("ALEMBIC") or os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "alembic-sorted")

BUILD = {
    "LIN": [
        "revision --rev-id 1975ea83b712 -m 'create account'",
        "revision --rev-id ae1027a6acf2 -m 'add column'",
        "revision --rev-id ae10f5e7b2c1 -m 'add index'",
        "revision --rev-id 27c6a30d7c24 -m 'add table'",
        "revision --rev-id abc -m 'short id'",
    ],
    "BR": [
        "revision --rev-id aaa001 -m 'A base'",
        "revision --rev-id bbb002 -m 'B branchpoint'",
        "revision --rev-id ccc003 -m 'C1 on branch one'",
        "revision --rev-id ddd004 -m 'D1 on branch one'",
        "revision --rev-id eee005 -m 'C2 on branch two' --head bbb002 --splice",
    ],
    "MRG": [  # BR's files, then:
        "merge -m 'merge branches' --rev-id fff006 ddd004 eee005",
        "revision --rev-id ggg007 -m 'after merge'",
    ],
    "LAB": [
        "revision --rev-id a001 -m 'default one'",
        "revision --rev-id a002 -m 'default two'",
        "revision --rev-id a003 -m 'default three'",
        "revision --rev-id n001 -m 'net one' --head base --branch-label networking",
        "revision --rev-id n002 -m 'net two' --head networking@head",
        "revision --rev-id s001 -m 'shop one' --head a002 --splice --branch-label shopping",
        "revision --rev-id s002 -m 'shop two' --head shopping@head",
        "revision --rev-id x001 -m 'x one' --head base",
        "revision --rev-id x002 -m 'x two' --head x001 --branch-label xl",
        "revision --rev-id x003 -m 'x three bp' --head x002",
        "revision --rev-id x04a -m 'x four a' --head x003",
        "revision --rev-id x04b -m 'x four b' --head x003 --splice",
        "revision --rev-id y001 -m 'y one' --head base",
        "revision --rev-id y002 -m 'y two' --head y001 --branch-label yl",
        "revision --rev-id y003 -m 'y three' --head y002",
    ],
    "DEP": [
        "revision --rev-id a001 -m 'alpha one' --head base --branch-label alpha",
        "revision --rev-id a002 -m 'alpha two' --head alpha@head",
        "revision --rev-id a003 -m 'alpha three' --head alpha@head",
        "revision --rev-id b001 -m 'beta one' --head base --branch-label beta",
        "revision --rev-id b002 -m 'beta two' --head beta@head --depends-on a003",
        "revision --rev-id b003 -m 'beta three' --head beta@head --depends-on a003",
    ],
}

COMMON = ["heads", "heads -v", "heads --resolve-dependencies", "branches",
          "branches -v", "history", "history -v", "show heads", "show head",
          "show base", "show -1", "show -2", "show +1", "show zzzz",
          "show nosuch@head", "history -r base:heads", "history -r heads:",
          "history -r base:base", "history -r :base", "history -r :+1",
          "history -r=-1:", "history -r=-2:", "history -r :head-1",
          "history -r nocolon", "history -r=-9:"]

READS = {
    "LIN": ["show ae10", "show ae10f", "show ae1", "show 1", "show 19",
            "show ab", "show zzz", "show '1975 '", "show ae1027+1",
            "show abc-1", "history -r base:head", "history -r ae10f:",
            "history -r :ae10f", "history -r=-3:", "history -r 1975:1975",
            "history -r ae10f:1975", "history -r ae10f:+1",
            "history -r ae10f+1:", "history -r=-6:", "history -r=-5:",
            "history -r :-2", "history -r ' 1975: '", "history -r :ae1027+2",
            "history -r 1975:ae10f -v", "history -r :abc-1"],
    "BR": ["history -r ccc003:ddd004", "history -r bbb002:",
           "history -r :eee005", "history -r eee005:ddd004",
           "history -r bbb002:ddd004", "show bbb", "history -r :head",
           "history -r head:", "history -r aaa001:+2"],
    "MRG": ["history -r ccc003:ggg007", "history -r eee005:",
            "history -r :fff006", "show fff006-1", "history -r :fff006-1",
            "history -r bbb002:fff006", "history -r=-2:"],
    "LAB": ["show networking", "show netw", "show networking@n0",
            "show networking@a001", "show xl@head", "show xl@heads",
            "show x04", "show x04a@x04", "show shopping@a001",
            "show shopping@a003", "show y001@head", "show a002@head",
            "show networking@-1", "show yl@-1", "show xl@-1",
            "show shopping@head", "show shopping@base", "show x003@heads",
            "history -r networking@base:networking@head",
            "history -r networking@base:", "history -r shopping@base:heads",
            "history -r networking@n001:shopping@head",
            "history -r xl@base:", "history -r yl@base:y002",
            "history -r a002@a002:", "history -r shopping@-1:",
            "history -r :shopping@head", "history -r x002:x04a",
            "history -r y001:yl@+1", "history -r :networking@+1"],
    "DEP": ["show alpha", "show beta@head", "show alpha@head",
            "show alpha@heads", "show beta@-1", "show alpha@-1",
            "history -r a002:", "history -r beta@base:",
            "history -r alpha@base:", "history -r a003:b003",
            "history -r :b002", "history -r b001:"],
}

PLANS = {
    "LIN": ["upgrade --sql base:head", "upgrade --sql head",
            "upgrade --sql 1975:ae10f", "upgrade --sql ae1027:+2",
            "upgrade --sql ae1027:+9", "upgrade --sql ae10:head",
            "downgrade --sql abc:ae10f", "downgrade --sql abc:base",
            "downgrade --sql abc:-2", "downgrade --sql abc:-6",
            "downgrade --sql head:head-2", "downgrade --sql abc:ae1027+1",
            "downgrade --sql abc:1975-1", "downgrade --sql abc:+1",
            "downgrade --sql ae10f", "stamp --sql base:ae10f",
            "stamp --sql ae10f:base", "stamp --sql 1975:abc",
            "upgrade ae1027:abc", "upgrade --sql base:current"],
    "BR": ["upgrade --sql base:heads", "upgrade --sql heads",
           "upgrade --sql base:head", "upgrade --sql base:+3",
           "upgrade --sql bbb002:+1", "upgrade --sql base:+2",
           "upgrade --sql ddd004:eee005", "upgrade --sql ccc003:ddd004",
           "downgrade --sql ddd004:bbb002", "downgrade --sql ddd004:-1",
           "downgrade --sql ddd004:eee005", "downgrade --sql eee005:base",
           "stamp --sql ddd004:eee005", "stamp --sql ddd004:bbb002"],
    "MRG": ["upgrade --sql base:heads", "upgrade --sql ddd004:ggg007",
            "upgrade --sql eee005:fff006", "upgrade --sql base:fff006-1",
            "downgrade --sql ggg007:ddd004", "downgrade --sql ggg007:-1",
            "downgrade --sql ggg007:-2", "downgrade --sql fff006:-1",
            "downgrade --sql ggg007:bbb002", "downgrade --sql ggg007:base",
            "downgrade --sql fff006:eee005"],
    "LAB": ["upgrade --sql heads", "upgrade --sql base:networking@+1",
            "upgrade --sql a003:shopping@+1", "upgrade --sql a003:shopping@+2",
            "upgrade --sql base:xl@head", "upgrade --sql base:xl@heads",
            "upgrade --sql base:yl@head", "upgrade --sql x002:x04a",
            "upgrade --sql base:shopping@s002",
            "downgrade --sql s002:shopping@base",
            "downgrade --sql n002:networking@base",
            "downgrade --sql s002:shopping@-1", "downgrade --sql s002:a001",
            "downgrade --sql x04a:xl@-1", "downgrade --sql x04a:xl@base",
            "downgrade --sql a003:networking@a002",
            "downgrade --sql y003:networking@head",
            "downgrade --sql y003:yl@base"],
    "DEP": ["upgrade --sql base:head", "upgrade --sql base:heads",
            "upgrade --sql base:b002", "upgrade --sql a001:b002",
            "upgrade --sql b001:b003", "upgrade --sql base:beta@head",
            "downgrade --sql b003:a002", "downgrade --sql b003:b001",
            "downgrade --sql b003:alpha@base", "downgrade --sql b003:base",
            "downgrade --sql b002:-1", "stamp --sql base:b003"],
}

ORDER = ["LIN", "BR", "MRG", "LAB", "DEP"]
ENV_TPM = ("context.configure(\n            connection=connection, "
           "target_metadata=target_metadata\n        )",
           "context.configure(\n            connection=connection, "
           "target_metadata=target_metadata,\n"
           "            transaction_per_migration=True,\n        )")
ENV_TPM_OFF = ('        dialect_opts={"paramstyle": "named"},\n    )',
               '        dialect_opts={"paramstyle": "named"},\n'
               '        transaction_per_migration=True,\n    )')


# ----------------------------------------------------------- building ------

def _alembic(cwd, args, hashseed=None):
    env = dict(os.environ)
    if hashseed is not None:
        env["PYTHONHASHSEED"] = str(hashseed)
    p = subprocess.run([ALEMBIC] + args, cwd=cwd, capture_output=True,
                       text=True, stdin=subprocess.DEVNULL, env=env)
    return p.returncode, p.stdout, p.stderr


def build_project(name):
    d = os.path.join(PROJECTS, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    rc, out, err = _alembic(d, ["init", "."])
    assert rc == 0, err
    os.remove(os.path.join(d, "README"))
    ini = os.path.join(d, "alembic.ini")
    s = open(ini).read()
    # offline --sql needs a dialect; the placeholder URL is never connected
    s = s.replace("sqlalchemy.url = driver://user:pass@localhost/dbname",
                  "sqlalchemy.url = postgresql://localhost/golden")
    open(ini, "w").write(s)
    env = os.path.join(d, "env.py")
    s = open(env).read()
    assert ENV_TPM[0] in s and ENV_TPM_OFF[0] in s
    s = s.replace(ENV_TPM[0], ENV_TPM[1]).replace(ENV_TPM_OFF[0],
                                                  ENV_TPM_OFF[1])
    open(env, "w").write(s)
    steps = list(BUILD[name])
    if name == "MRG":
        steps = BUILD["BR"] + steps
    for i, cmd in enumerate(steps):
        rc, out, err = _alembic(d, shlex.split(cmd))
        assert rc == 0, (cmd, out, err)
        m = re.search(r"Generating (\S+\.py) \.\.\.  done", out)
        path = m.group(1)
        s = open(path).read()
        s = re.sub(r"(?m)^Create Date: .*$",
                   "Create Date: 2026-11-22 10:%02d:%02d.%06d"
                   % (i // 60, i % 60, 1000 * (i + 1)), s, count=1)
        open(path, "w").write(s)
    shutil.rmtree(os.path.join(d, "versions", "__pycache__"),
                  ignore_errors=True)
    shutil.rmtree(os.path.join(d, "__pycache__"), ignore_errors=True)
    make_sql_twin(name)


def _py_revision(path):
    import ast
    tree = ast.parse(open(path).read())
    vals = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and \
                isinstance(node.targets[0], ast.Name):
            vals[node.targets[0].id] = ast.literal_eval(node.value)
    doc = ast.get_docstring(tree, clean=False) or ""
    date = re.search(r"(?m)^Create Date: (.*)$", doc)
    return vals, doc.strip().split("\n\n")[0], date.group(1) if date else ""


def _lst(v):
    if v is None:
        return []
    if isinstance(v, str):
        return [v]
    return list(v)


def make_sql_twin(name):
    src = os.path.join(PROJECTS, name, "versions")
    dst = os.path.join(PROJECTS, name + "-sql", "versions")
    shutil.rmtree(os.path.dirname(dst), ignore_errors=True)
    os.makedirs(dst)
    for f in sorted(os.listdir(src)):
        if not f.endswith(".py"):
            continue
        vals, message, date = _py_revision(os.path.join(src, f))
        h = ["-- revision: %s" % vals["revision"],
             "-- down_revision: %s" % ", ".join(_lst(vals["down_revision"]))]
        if _lst(vals.get("branch_labels")):
            h.append("-- branch_labels: %s"
                     % ", ".join(_lst(vals["branch_labels"])))
        if _lst(vals.get("depends_on")):
            h.append("-- depends_on: %s" % ", ".join(_lst(vals["depends_on"])))
        h.append("-- message: %s" % message)
        h.append("-- create_date: %s" % date)
        with open(os.path.join(dst, f[:-3] + ".sql"), "w") as fh:
            fh.write("\n".join(h) + "\n\n-- revgraph:upgrade\n\n"
                     "-- revgraph:downgrade\n")


# ---------------------------------------------------------- recording ------

def normalize_alembic(out, versions_dir, args):
    out = nz.paths_to_placeholder(out, [versions_dir,
                                        os.path.realpath(versions_dir)])
    out = nz.sort_random_orders(out)
    if "--sql" in args:
        out = nz.drop_version_drop(out)
    return out


def record(name):
    gdir = os.path.join(HERE, name)
    shutil.rmtree(gdir, ignore_errors=True)
    os.makedirs(gdir)
    pdir = os.path.join(PROJECTS, name)
    vdir = os.path.join(pdir, "versions")
    revs = sorted(_py_revision(os.path.join(vdir, f))[0]["revision"]
                  for f in os.listdir(vdir) if f.endswith(".py"))
    labels = set()
    for f in os.listdir(vdir):
        if f.endswith(".py"):
            labels.update(_lst(_py_revision(os.path.join(vdir, f))[0]
                               .get("branch_labels")))
    reads = COMMON + ["show %s" % r for r in revs] + \
        ["show %s" % lab for lab in sorted(labels)] + \
        ["show %s@head" % lab for lab in sorted(labels)] + READS[name]
    cases = [("%02d" % (i + 1), c) for i, c in enumerate(reads)] + \
        [("p%02d" % (i + 1), c) for i, c in enumerate(PLANS[name])]
    for n, cmd in cases:
        args = shlex.split(cmd)
        rc, out, err = _alembic(pdir, args, hashseed=1)
        out = normalize_alembic(out, vdir, args)
        if n.startswith("p"):
            # plans can depend on set order (merge steps beside unrelated
            # rows, ALEMBIC-SEMANTICS 0.3): refuse to record such a golden
            rc2, out2, _ = _alembic(pdir, args, hashseed=2)
            if (rc2, normalize_alembic(out2, vdir, args)) != (rc, out):
                raise SystemExit("%s %s: output depends on Python's hash "
                                 "seed; drop this case" % (name, cmd))
        with open(os.path.join(gdir, n + ".cmd"), "w") as f:
            f.write(cmd + "\n")
        with open(os.path.join(gdir, n + ".out"), "w") as f:
            f.write("exit=%d\n%s" % (rc, out))
        shutil.rmtree(os.path.join(vdir, "__pycache__"), ignore_errors=True)
        shutil.rmtree(os.path.join(pdir, "__pycache__"), ignore_errors=True)
    return len(cases)


def regen():
    os.makedirs(PROJECTS, exist_ok=True)
    for name in ORDER:
        build_project(name)
        n = record(name)
        print("%s: %d goldens" % (name, n))
    return 0


# ----------------------------------------------------------- checking ------

_TEMPLATE_DOC = re.compile(r"^    (Revision ID: .*|Revises: .*|Create Date: .*|)$")


def sql_twin_norm(text):
    """drop the Alembic-template docstring lines (blank, Revision ID:,
    Revises:, Create Date:) inside log entries; Path: -> stem"""
    text = nz.paths_to_stems(text)
    out = []
    for ln in text.split("\n"):
        if _TEMPLATE_DOC.match(ln):
            continue
        out.append(ln)
    return "\n".join(out)


def check():
    revgraph = os.environ.get("REVGRAPH")
    if not revgraph or not os.access(revgraph, os.X_OK):
        print("set REVGRAPH to the revgraph binary", file=sys.stderr)
        return 2
    revgraph = os.path.abspath(revgraph)
    py_plans = os.environ.get("GOLDEN_PY_PLANS") == "1"
    only = os.environ.get("GOLDEN_ONLY")     # e.g. "LAB" or "LAB-sql"
    passed = failed = 0
    env = dict(os.environ)
    for k in ("REVGRAPH_URL", "DATABASE_URL"):
        env.pop(k, None)
    for name in ORDER:
        gdir = os.path.join(HERE, name)
        for variant in (name, name + "-sql"):
            if only and only not in (name, variant):
                continue
            sql = variant.endswith("-sql")
            pdir = os.path.join(PROJECTS, variant)
            vdir = os.path.join(pdir, "versions")
            for f in sorted(os.listdir(gdir)):
                if not f.endswith(".cmd"):
                    continue
                n = f[:-4]
                if n.startswith("p") and not sql and not py_plans:
                    continue
                cmd = open(os.path.join(gdir, f)).read().strip()
                exp = open(os.path.join(gdir, n + ".out")).read()
                head, _, exp_out = exp.partition("\n")
                exp_rc = int(head[len("exit="):])
                argv = [revgraph] + (["-d", "versions"] if sql else []) + \
                    shlex.split(cmd)
                try:
                    p = subprocess.run(argv, cwd=pdir, capture_output=True,
                                       text=True, timeout=60, env=env,
                                       stdin=subprocess.DEVNULL)
                    rc, out, err = p.returncode, p.stdout, p.stderr
                except subprocess.TimeoutExpired:
                    rc, out, err = 124, "", "timeout\n"
                why = None
                errlines = err.strip("\n").split("\n") if err.strip() else []
                if exp_rc == 255 or exp_rc == 2:
                    ok = nz.allowed_error_exits(exp_out) \
                        if exp_rc == 255 else (2,)
                    if rc == 0:
                        why = "Alembic failed (%s), revgraph exit 0" % (
                            exp_out.strip() or "exit %d" % exp_rc)
                    elif rc not in ok:
                        why = "expected exit %s, revgraph exit %d: %s" % (
                            " or ".join(map(str, ok)), rc,
                            err.strip()[:300])
                    elif exp_rc == 255 and rc == 1 and len(errlines) != 1:
                        why = "stderr is not one line: %r" % err[:300]
                elif exp_rc == 1:       # Alembic crashed: anything sane
                    if rc not in (0, 1) or (rc == 1 and len(errlines) != 1):
                        why = "Alembic crashed here; revgraph exit %d, " \
                              "stderr %r" % (rc, err[:300])
                else:
                    got = nz.paths_to_placeholder(out, [os.path.realpath(vdir),
                                                        vdir])
                    want = exp_out
                    if sql:
                        got, want = sql_twin_norm(got), sql_twin_norm(want)
                    if rc != 0:
                        why = "Alembic succeeded, revgraph exit %d: %s" % (
                            rc, err.strip()[:300])
                    elif got != want:
                        import difflib
                        d = list(difflib.unified_diff(
                            want.splitlines(), got.splitlines(), "alembic",
                            "revgraph", lineterm="", n=2))[:30]
                        why = "stdout differs\n" + "\n".join(
                            "    " + x for x in d)
                if why:
                    failed += 1
                    print("FAIL %s/%s [%s] %s: %s" % (name, n, variant, cmd,
                                                      why))
                else:
                    passed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["regen"]:
        sys.exit(regen())
    if sys.argv[1:] == ["check"]:
        sys.exit(check())
    print("usage: golden.py regen|check", file=sys.stderr)
    sys.exit(2)
