#!/bin/sh
# Regenerate src/py/bridge_py.h from src/py/bridge.py (run after editing
# bridge.py; tests/py/test_py.sh fails when the two disagree).
set -e
here=$(cd "$(dirname "$0")" && pwd)
/usr/bin/python3 - "$here/bridge.py" "$here/bridge_py.h" <<'PY'
import sys
src = open(sys.argv[1], encoding="utf-8").read()
out = ["/* Generated from src/py/bridge.py by src/py/gen_bridge.sh: do not edit. */",
       "static const char rg_py_bridge_src[] ="]
for line in src.splitlines(True):
    esc = line.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    esc = esc.replace("??", "?\\?")  # no trigraphs under -std=c11
    out.append('\t"%s"' % esc)
out[-1] += ";"
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(out) + "\n")
PY
