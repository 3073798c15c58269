#!/usr/bin/python3
"""A stand-in for the revgraph binary that runs Alembic itself, to validate
the differential and golden harnesses before revgraph exists:

    REVGRAPH=tests/diff/revgraph_shim.py tests/diff/difftest.py --graphs 3

It accepts revgraph's global options -c FILE, -d DIR (a SQL twin
`X-sql/versions` is mapped back to the Alembic project X; a goldens twin
`tests/projects/NAME-sql/versions` to `tests/projects/NAME`) and --url URL,
runs Alembic in-process (alembic_runner.py) and behaves as SPEC.md says
revgraph does: errors as one line on stderr with exit 1, sorted random
orders and `current` lines, no `DROP TABLE alembic_version;`.

SHIM_BREAK seeds a deliberate difference, to prove the harnesses fail:
  heads    reverse the lines printed by `heads`
  show     drop the `Parent:`/`Merges:` line of every log entry
  sql      drop the last `UPDATE alembic_version` statement of --sql output
  db       run `stamp --purge X` as `stamp X`
  exit     succeed (exit 0, no output) where Alembic fails
"""
import os
import sys

HERE = os.path.dirname(os.path.realpath(__file__))
sys.path.insert(0, HERE)

import alembic_runner  # noqa: E402
import normalize as nz  # noqa: E402


def main(argv):
    ini = None
    vdir = None
    url = None
    rest = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("-c", "--config"):
            ini = argv[i + 1]
            i += 2
        elif a in ("-d", "--versions"):
            vdir = argv[i + 1]
            i += 2
        elif a == "--url":
            url = argv[i + 1]
            i += 2
        else:
            rest.append(a)
            i += 1
    if vdir and not ini:
        v = os.path.realpath(vdir)
        proj = os.path.dirname(v)
        if proj.endswith("-sql"):
            proj = proj[:-4]
        ini = os.path.join(proj, "alembic.ini")
        os.chdir(proj)      # a relative script_location is cwd-relative
    if not ini:
        ini = "alembic.ini"
    brk = os.environ.get("SHIM_BREAK", "")
    if brk == "db" and rest[:2] == ["stamp", "--purge"]:
        rest = ["stamp"] + rest[2:]
    if url:
        # revgraph takes plain libpq URIs; SQLAlchemy wants the same here
        pass
    rc, out, err = alembic_runner.run(["-c", ini] + rest, url=url)
    if alembic_runner.crashed(rc, err):
        sys.stderr.write("revgraph-shim: error: alembic crashed: %s\n"
                         % err.strip().splitlines()[-1])
        return 1
    if rc == 255:
        if brk == "exit":
            return 0
        line = [ln for ln in out.splitlines() if ln.startswith("FAILED: ")]
        msg = line[-1][8:] if line else "failed"
        sys.stderr.write("revgraph: error: %s\n" % msg)
        return 1
    if rc != 0:
        sys.stderr.write(err)
        return rc
    cmd = rest[0] if rest else ""
    out = nz.sort_random_orders(out)
    if cmd == "current":
        out = nz.sort_lines(out)
    if "--sql" in rest:
        out = nz.drop_version_drop(out)
        if brk == "sql":
            k = out.rfind("UPDATE alembic_version")
            if k >= 0:
                e = out.find(";\n\n", k)
                out = out[:k] + out[e + 3:]
    if brk == "heads" and cmd == "heads":
        out = "".join(reversed(out.splitlines(True)))
    if brk == "show":
        out = "".join(ln for ln in out.splitlines(True)
                      if not ln.startswith(("Parent: ", "Merges: ")))
    sys.stdout.write(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
