#!/usr/bin/python3
"""scripts/bench/bench_db.py - applying migrations: revgraph vs the psql
floor vs Alembic, side by side in one run, as ratios.

Projects of N revisions (100 and 1,000) of two kinds:
  ddl    each step creates a table or adds a column (and drops it going down)
  light  each step is one INSERT (and one DELETE going down): the engine's
         own overhead shows
written twice: .sql for revgraph, .py (op.execute) for Alembic with an
env.py using transaction_per_migration=True, as revgraph commits per step.

Operations, each on a fresh database made from a template:
  upgrade head from empty, downgrade base from head, stamp head from empty.
The floor is one `psql` session running the same statements and the same
version-table statements with a transaction per step.

Medians of --runs runs of wall time and client CPU (user+sys of the client
process and its children, from wait4), and peak RSS.  Prints a Markdown
table.  Needs a throwaway cluster: it starts one with scripts/pgcluster.sh.

  scripts/bench/bench_db.py --revgraph build/revgraph [--sizes 100,1000] [--runs 5]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from benchlib import peak_rss_kib

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ALEMBIC = os.path.join(TOP, "tests", "alembic-sorted")

ENV_PY = '''from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config


def run_migrations_offline():
    context.configure(url=config.get_main_option("sqlalchemy.url"),
                      literal_binds=True, transaction_per_migration=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    connectable = engine_from_config(config.get_section(config.config_ini_section),
                                     prefix="sqlalchemy.", poolclass=pool.NullPool)
    with connectable.connect() as connection:
        context.configure(connection=connection, transaction_per_migration=True)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
'''

PY_REV = '''"""{msg}"""
from alembic import op


revision = {rev!r}
down_revision = {down!r}
branch_labels = None
depends_on = None


def upgrade():
{up}


def downgrade():
{down_body}
'''

def steps(kind, n):
    """[(rev, down, up_sql_list, down_sql_list)]"""
    out = []
    prev = None
    for i in range(n):
        rev = "r%06d" % i
        if kind == "light":
            up = ["INSERT INTO bench_rows (rev) VALUES ('%s')" % rev]
            dn = ["DELETE FROM bench_rows WHERE rev = '%s'" % rev]
        elif i % 2 == 0:
            up = ["CREATE TABLE t_%s (id int PRIMARY KEY, v text)" % rev]
            dn = ["DROP TABLE t_%s" % rev]
        else:
            up = ["ALTER TABLE t_%s ADD COLUMN extra_%s int" % (prev, rev)]
            dn = ["ALTER TABLE t_%s DROP COLUMN extra_%s" % (prev, rev)]
        out.append((rev, prev, up, dn))
        prev = rev
    return out


def write_projects(root, kind, n, url):
    sqldir = os.path.join(root, "sql", "versions")
    pydir = os.path.join(root, "py", "versions")
    os.makedirs(sqldir)
    os.makedirs(pydir)
    with open(os.path.join(root, "py", "alembic.ini"), "w") as f:
        f.write("[alembic]\nscript_location = %(here)s\n"
                "sqlalchemy.url = " + url.replace("%", "%%") + "\n")
    with open(os.path.join(root, "py", "env.py"), "w") as f:
        f.write(ENV_PY)
    st = steps(kind, n)
    for rev, down, up, dn in st:
        with open(os.path.join(sqldir, rev + "_step.sql"), "w") as f:
            f.write("-- revision: %s\n-- down_revision: %s\n-- message: step\n\n"
                    "-- revgraph:upgrade\n%s\n\n-- revgraph:downgrade\n%s\n"
                    % (rev, down or "None", "".join(s + ";\n" for s in up),
                       "".join(s + ";\n" for s in dn)))
        with open(os.path.join(pydir, rev + "_step.py"), "w") as f:
            f.write(PY_REV.format(
                msg="step", rev=rev, down=down,
                up="\n".join("    op.execute(%r)" % s for s in up),
                down_body="\n".join("    op.execute(%r)" % s for s in dn)))
    vt = ("CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(32) NOT NULL, "
          "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));\n")
    up_sql, down_sql = [vt], []
    for i, (rev, down, up, dn) in enumerate(st):
        ver = ("INSERT INTO alembic_version (version_num) VALUES ('%s');" % rev if down is None else
               "UPDATE alembic_version SET version_num='%s' WHERE alembic_version.version_num = '%s';"
               % (rev, down))
        up_sql.append("BEGIN;\n" + "".join(s + ";\n" for s in up) + ver + "\nCOMMIT;\n")
    for rev, down, up, dn in reversed(st):
        ver = ("DELETE FROM alembic_version WHERE alembic_version.version_num = '%s';" % rev
               if down is None else
               "UPDATE alembic_version SET version_num='%s' WHERE alembic_version.version_num = '%s';"
               % (down, rev))
        down_sql.append("BEGIN;\n" + "".join(s + ";\n" for s in dn) + ver + "\nCOMMIT;\n")
    with open(os.path.join(root, "floor_up.sql"), "w") as f:
        f.write("".join(up_sql))
    with open(os.path.join(root, "floor_down.sql"), "w") as f:
        f.write("".join(down_sql))
    with open(os.path.join(root, "floor_stamp.sql"), "w") as f:
        f.write(vt + "BEGIN;\nINSERT INTO alembic_version (version_num) VALUES ('%s');\nCOMMIT;\n"
                % st[-1][0])


def timed(argv, env=None, cwd=None):
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("failed: %s\n%s" % (" ".join(argv), err[-2000:]))
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss


def psql(url, sql):
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", sql],
                   check=True, stdout=subprocess.DEVNULL)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--revgraph", required=True)
    ap.add_argument("--sizes", default="100,1000")
    ap.add_argument("--kinds", default="ddl,light")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-alembic", action="store_true")
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="rg-benchdb-")
    os.chmod(work, 0o755)  # the server runs as postgres
    cluster = os.path.join(work, "pg")
    subprocess.check_call(["bash", os.path.join(TOP, "scripts", "pgcluster.sh"), "start", cluster])
    try:
        base = open(os.path.join(cluster, "url")).read().strip()
        host = cluster

        def url_for(db, sqla=False):
            if sqla:
                return "postgresql+psycopg2://postgres@/%s?host=%s" % (db, host)
            return "postgresql:///%s?host=%s&user=postgres" % (db, host)

        psql(base, "CREATE DATABASE tmpl")
        psql(url_for("tmpl"), "CREATE TABLE bench_rows (rev text)")
        rows = []
        for kind in args.kinds.split(","):
            for n in [int(x) for x in args.sizes.split(",")]:
                root = os.path.join(work, "%s-%d" % (kind, n))
                write_projects(root, kind, n, url_for("bench", True))
                for op in ("upgrade", "downgrade", "stamp"):
                    res = {}
                    def reset(op):
                        psql(base, "DROP DATABASE IF EXISTS bench")
                        psql(base, "CREATE DATABASE bench TEMPLATE tmpl")
                        if op == "downgrade":  # start from head, untimed
                            subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1",
                                            url_for("bench"), "-f",
                                            os.path.join(root, "floor_up.sql")],
                                           check=True, stdout=subprocess.DEVNULL)

                    target = "base" if op == "downgrade" else "head"
                    rg_argv = [args.revgraph, "-q", "-d", os.path.join(root, "sql", "versions"),
                               "--url", url_for("bench"), op, target]
                    al_argv = [ALEMBIC, "-c", os.path.join(root, "py", "alembic.ini"), op, target]
                    for _ in range(args.runs):
                        for tool in ("floor", "revgraph", "alembic"):
                            if tool == "alembic" and args.no_alembic:
                                continue
                            reset(op)
                            if tool == "floor":
                                f = {"upgrade": "floor_up.sql", "downgrade": "floor_down.sql",
                                     "stamp": "floor_stamp.sql"}[op]
                                argv = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1",
                                        url_for("bench"), "-f", os.path.join(root, f)]
                            elif tool == "revgraph":
                                argv = rg_argv
                            else:
                                argv = al_argv
                            w, c, _ = timed(argv)
                            res.setdefault(tool, []).append((w, c, 0))
                    # peak memory: one more run of each, under GNU time
                    for tool, argv in (("revgraph", rg_argv), ("alembic", al_argv)):
                        if tool not in res:
                            continue
                        reset(op)
                        kib = peak_rss_kib(argv)
                        res[tool] = [(w, c, kib) for w, c, _ in res[tool]]
                    med = {t: (statistics.median(w for w, _, _ in v),
                               statistics.median(c for _, c, _ in v),
                               max(m for _, _, m in v)) for t, v in res.items()}
                    rows.append((kind, n, op, med))
                    fl, rg = med["floor"], med["revgraph"]
                    al = med.get("alembic")
                    print("%-5s %5d %-9s floor %.3fs/%.3fs cpu  revgraph %.3fs/%.3fs cpu "
                          "(wall %.2fx, cpu %.2fx floor, %d MiB)%s" % (
                              kind, n, op, fl[0], fl[1], rg[0], rg[1], rg[0] / fl[0],
                              rg[1] / max(fl[1], 1e-6), rg[2] // 1024,
                              "  alembic %.3fs (%.1fx revgraph)" % (al[0], al[0] / rg[0]) if al else ""),
                          flush=True)
        print()
        print("| steps | revisions | command | psql floor wall (s) | revgraph wall (s) | alembic wall (s) "
              "| revgraph / floor wall | revgraph / floor client CPU | alembic / revgraph wall "
              "| peak RSS revgraph / alembic (MiB) |")
        print("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for kind, n, op, med in rows:
            fl, rg = med["floor"], med["revgraph"]
            al = med.get("alembic")
            print("| %s | %d | %s | %.3f | %.3f | %s | %.2f | %.2f | %s | %.0f / %s |" % (
                kind, n, op + (" head" if op != "downgrade" else " base"), fl[0], rg[0],
                "%.3f" % al[0] if al else "-", rg[0] / fl[0], rg[1] / max(fl[1], 1e-6),
                "%.1f" % (al[0] / rg[0]) if al else "-", rg[2] / 1024,
                "%.0f" % (al[2] / 1024) if al else "-"))
    finally:
        subprocess.call(["bash", os.path.join(TOP, "scripts", "pgcluster.sh"), "stop", cluster])
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
