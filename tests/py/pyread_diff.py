#!/usr/bin/python3
"""tests/py/pyread_diff.py - revgraph's native .py reader against Python.

Generates random Alembic revision modules mixing what real ones contain
(every string-literal form, docstrings, comments and strings that mention
the names revgraph looks for, bracketed values over several lines,
typed assignments, `;`, backslash continuations, def and class bodies,
reassignments), runs each through Python itself (the module executed, as
Alembic imports it) and through `revgraph show --json`, and compares
revision, down_revision, branch_labels, depends_on and the docstring.

Not generated, because the native reader does not claim them (see the
header of src/load/pyfile.c and docs/python.md): values assigned under
`if`/`try` at module level, computed values, \\N{...} escapes.

  pyread_diff.py --revgraph build/revgraph [--cases 2000] [--seed 1]
"""
import argparse
import importlib.util
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

STUBS = ["p1a", "p2b", "p3c"]


def lit(rng, value, allow_concat=True):
    """A Python string literal (or several adjacent ones) for value, which
    holds only characters every quoting can carry after escaping."""
    if allow_concat and len(value) > 2 and rng.random() < 0.25:
        cut = rng.randrange(1, len(value))
        sep = rng.choice([" ", "", "  "])
        return lit(rng, value[:cut], False) + sep + lit(rng, value[cut:], False)
    quote = rng.choice(["'", '"', "'''", '"""'])
    prefix = rng.choice(["", "", "", "u", "U", "r", "R"])
    if prefix in ("r", "R"):
        if "\\" in value or quote[0] in value or "\n" in value and len(quote) == 1:
            prefix = ""
        elif value.endswith(quote[0]):
            prefix = ""
        else:
            return prefix + quote + value + quote
    out = []
    for ch in value:
        if ch == "\\":
            out.append("\\\\")
        elif ch == quote[0]:
            out.append("\\" + ch)
        elif ch == "\n" and len(quote) == 1:
            out.append("\\n")
        elif ch == "\t" and rng.random() < 0.5:
            out.append("\\t")
        elif ch == "é" and rng.random() < 0.5:
            out.append(rng.choice(["\\xe9", "\\u00e9", "\\U000000e9", "\\351"]))
        else:
            out.append(ch)
    return prefix + quote + "".join(out) + quote


def text(rng, n):
    chars = "abc XYZ 019 _-.:;#()[]{}'\"\\é\t"
    s = "".join(rng.choice(chars) for _ in range(rng.randrange(0, n)))
    if rng.random() < 0.3:
        s += "\n" + "".join(rng.choice(chars) for _ in range(rng.randrange(0, n)))
        s += rng.choice(["", "\n\nRevision ID: x\nRevises: y"])
    return s


def value(rng, items):
    """A literal for a list of strings, in one of Alembic's forms."""
    if not items:
        return rng.choice(["None", "()", "[]"])
    if len(items) == 1 and rng.random() < 0.5:
        one = lit(rng, items[0])
        return "(" + one + ")" if rng.random() < 0.2 else one
    parts = [lit(rng, i) for i in items]
    form = rng.randrange(4)
    if form == 0:
        return "(" + ", ".join(parts) + ("," if len(parts) == 1 or rng.random() < 0.3 else "") + ")"
    if form == 1:
        return "[" + ", ".join(parts) + "]"
    if form == 2:
        body = "\n".join("    " + p + "," + rng.choice(["", "  # c'mt ("])
                         for p in parts)
        return "(\n" + body + "\n)"
    return ", ".join(parts) + ("," if len(parts) == 1 else "")


def assign(rng, name, items):
    """(statement, whether another may follow it after '; ')"""
    ann = rng.choice(["", "", ": str", ": Union[str, Sequence[str], None]",
                      ": Union[str, None]", ": Optional[Tuple[str, ...]]",
                      ": Union[\n    str,\n    None,\n]", " : 'str'"])
    if name == "revision":  # Alembic wants a str
        val = lit(rng, items[0])
        val = "(" + val + ")" if rng.random() < 0.2 else val
    else:
        val = value(rng, items)
    eq = rng.choice([" = ", " = ", "=", " = \\\n    "])
    stmt = f"{name}{ann}{eq}{val}"
    end = rng.choice(["", "", "  # trailing 'comment'", " ;"])
    return stmt + end, end == ""


def noise(rng):
    kind = rng.randrange(9)
    if kind == 0:
        return "# revision = 'zzz' \"quoted\" (open ["
    if kind == 1:
        return "x = {'revision': [1, 2,\n     3], \"down_revision\": ('c',\n  'd')}"
    if kind == 2:
        return "y = 1; z = 'a;b'; w = \"revision = 'q'\""
    if kind == 3:
        return "v = 1 + \\\n    2"
    if kind == 4:
        return ("def upgrade() -> None:\n"
                "    op.execute(\"INSERT INTO t VALUES ('it''s')\")\n"
                "    op.execute('''\n"
                "revision = 'nope'\n"
                "down_revision = 'nope'\n"
                "''')\n"
                "    s = 'esc\\'aped \\\\'  # revision = 'c'\n"
                "    t = \"\"\"a \" b \"\" c \\\"\"\" \"\"\"\n")
    if kind == 5:
        return ("class Meta:\n"
                "    revision = 'inner'\n"
                "    depends_on = ('inner',)\n")
    if kind == 6:
        return "revision_x = 'no'\nmy_depends_on = ['no']\nbranch_labels_ = None"
    if kind == 7:
        return ("@decorator\ndef downgrade():\n\tpass  # branch_labels = 'x'\n"
                "\tx = \"\"\"\nrevision = 'tab'\n\"\"\"")
    return "\n\n"


def module(rng, rid, ids):
    lines = []
    appendable = False
    if rng.random() < 0.2:
        lines.append(rng.choice(["#!/usr/bin/env python", "# -*- coding: utf-8 -*-"]))
    doc = None
    r = rng.random()
    if r < 0.5:
        doc = text(rng, 30)
        lines.append(lit(rng, doc))
        appendable = True
    elif r < 0.6:
        doc = text(rng, 30)
        lines.append("(" + lit(rng, doc) + rng.choice(["", "\n "]) + ")")
        appendable = True
    elif r < 0.7:
        lines.append(lit(rng, text(rng, 10)) + ".strip()")  # no docstring
    elif r < 0.75:
        lines.append("f" + lit(rng, "abc", False).lstrip("uUrR"))  # no docstring
    lines.append("from alembic import op\nimport sqlalchemy as sa\n"
                 "from typing import Optional, Sequence, Tuple, Union\n"
                 "def decorator(f):\n    return f")
    appendable = False
    down = rng.sample(STUBS, rng.randrange(0, 3))
    labels = [f"lbl{rng.randrange(100)}x" for _ in range(rng.randrange(0, 3))]
    labels = list(dict.fromkeys(labels))
    deps = rng.sample(STUBS, rng.randrange(0, 2))
    stmts = [("revision", [rid]), ("down_revision", down),
             ("branch_labels", labels), ("depends_on", deps)]
    # an earlier assignment that a later one replaces
    if rng.random() < 0.3:
        stmts.insert(0, ("revision", ["0ld" + rid[3:]]))
    if rng.random() < 0.3:
        stmts.insert(0, ("down_revision", [STUBS[0]]))
    for name, items in stmts:
        for _ in range(rng.randrange(0, 2)):
            lines.append(noise(rng))
            appendable = False
        stmt, ok = assign(rng, name, items)
        if appendable and rng.random() < 0.3:
            lines[-1] += "; " + stmt
        else:
            lines.append(stmt)
        appendable = ok
    for _ in range(rng.randrange(0, 3)):
        lines.append(noise(rng))
    src = "\n".join(lines) + "\n"
    # Windows line ends, inside triple-quoted strings too
    return src.replace("\n", "\r\n") if rng.random() < 0.3 else src


def as_list(v):
    if v is None:
        return []
    if isinstance(v, str):
        return [v] if v else []
    return list(v)


def python_view(src):
    """The module as Alembic's import sees it (importlib decodes the file
    with universal newlines)."""
    ns = {"__name__": "rev"}
    src = importlib.util.decode_source(src.encode("utf-8"))
    exec(compile(src, "rev.py", "exec"), ns)
    doc = ns.get("__doc__")
    return {"revision": ns["revision"],
            "down_revisions": as_list(ns["down_revision"]),
            "declared_branch_labels": as_list(ns.get("branch_labels")),
            "depends_on": as_list(ns.get("depends_on")),
            "longdoc": doc.strip() if isinstance(doc, str) else ""}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--revgraph", default=os.environ.get("REVGRAPH"))
    ap.add_argument("--cases", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    work = tempfile.mkdtemp(prefix="rg-pyread-")
    vdir = os.path.join(work, "versions")
    os.makedirs(vdir)
    for i, s in enumerate(STUBS):
        with open(os.path.join(vdir, f"{s}_stub.py"), "w") as f:
            f.write(f"revision = '{s}'\ndown_revision = "
                    f"{repr(STUBS[i - 1]) if i else None}\n")
    bad = 0
    try:
        for case in range(args.cases):
            rid = "%012x" % rng.getrandbits(48)
            src = module(rng, rid, STUBS)
            try:
                want = python_view(src)
            except (SyntaxError, KeyError) as e:
                print(f"case {case}: generator wrote invalid Python: {e}\n{src}")
                bad += 1
                continue
            path = os.path.join(vdir, f"{rid}_case.py")
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(src)
            p = subprocess.run([args.revgraph, "-d", vdir, "show", rid, "--json"],
                               capture_output=True, text=True)
            os.unlink(path)
            if p.returncode != 0:
                got = {"error": p.stderr.strip()}
            else:
                r = json.loads(p.stdout)[0]
                got = {k: r[k] for k in want}
            if got != want:
                bad += 1
                print(f"case {case} differs:\n  python:   {want}\n  revgraph: {got}\n"
                      f"--- source ---\n{src}--------------")
                if bad >= 10:
                    break
    finally:
        shutil.rmtree(work)
    print(f"pyread_diff: {args.cases} cases, seed {args.seed}, {bad} differ")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
