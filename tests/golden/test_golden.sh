#!/usr/bin/env bash
# tests/golden/test_golden.sh - run $REVGRAPH on every recorded golden, in
# each sample project (tests/projects/<P>, .py revisions) and in its SQL twin
# (tests/projects/<P>-sql, -d versions); see golden.py for the comparison
# rules.  GOLDEN_ONLY=LAB-sql limits the run; GOLDEN_PY_PLANS=1 also runs
# the --sql plan goldens on the .py projects.
set -eu
here=$(cd "$(dirname "$0")" && pwd -P)
: "${REVGRAPH:?set REVGRAPH to the revgraph binary}"
exec /usr/bin/python3 "$here/golden.py" check
