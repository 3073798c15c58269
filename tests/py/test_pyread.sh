#!/usr/bin/env bash
# tests/py/test_pyread.sh - the native .py reader against Python itself on
# random revision modules (see pyread_diff.py).  Environment: REVGRAPH.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
status=0
for seed in 1 2 3; do
	/usr/bin/python3 "$here/pyread_diff.py" --revgraph "$REVGRAPH" \
		--cases 1500 --seed "$seed" || status=1
done
exit $status
