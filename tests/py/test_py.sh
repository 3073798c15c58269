#!/usr/bin/env bash
# tests/py/test_py.sh - issue 4: Alembic .py revisions run by revgraph,
# compared with Alembic on copies of one database (see test_py.py).
# Environment: REVGRAPH (the binary), RG_SRC (source tree).  With an ASan
# build, Python's allocations look like leaks: run with
# ASAN_OPTIONS=detect_leaks=0.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export RG_SRC=${RG_SRC:-$(cd "$here/../.." && pwd)}
if [ -n "${RG_SANITIZED:-}" ]; then
	# Python's own allocations (never freed by design) would read as leaks.
	export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
fi
exec /usr/bin/python3 "$here/test_py.py" "$@"
