#!/usr/bin/env bash
# tests/diff/test_diff.sh - the differential test as ctest runs it.
#
#   REVGRAPH=build/revgraph tests/diff/test_diff.sh
#
# Builds nothing.  Runs tests/diff/difftest.py offline on a fixed seed list,
# then in --db mode (a cluster from scripts/pgcluster.sh, stopped in a trap)
# on fewer seeds, revgraph running the SQL twins, then the .py projects
# themselves (--db-py).  DIFFTEST_OFFLINE_SEEDS / DIFFTEST_DB_SEEDS /
# DIFFTEST_DBPY_SEEDS override the lists; DIFFTEST_NO_DB=1 skips the
# database part.
set -u

here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/../.." && pwd -P)
: "${REVGRAPH:?set REVGRAPH to the revgraph binary}"
export REVGRAPH

offline_seeds=${DIFFTEST_OFFLINE_SEEDS:-$(seq -s, 1 30)}
db_seeds=${DIFFTEST_DB_SEEDS:-$(seq -s, 1001 1008)}
dbpy_seeds=${DIFFTEST_DBPY_SEEDS:-$(seq -s, 2001 2004)}

status=0
echo "difftest: offline, seeds $offline_seeds"
/usr/bin/python3 "$here/difftest.py" --seeds "$offline_seeds" -q || status=1

if [ "${DIFFTEST_NO_DB:-0}" != 1 ]; then
	cluster=$(mktemp -d /tmp/difftest-pg.XXXXXX)
	trap '"$root/scripts/pgcluster.sh" stop "$cluster"' EXIT
	trap 'exit 130' INT TERM
	if ! "$root/scripts/pgcluster.sh" start "$cluster"; then
		echo "difftest: could not start PostgreSQL" >&2
		exit 1
	fi
	echo "difftest: --db, seeds $db_seeds"
	/usr/bin/python3 "$here/difftest.py" --db --url "$(cat "$cluster/url")" \
		--seeds "$db_seeds" -q || status=1
	echo "difftest: --db --db-py, seeds $dbpy_seeds"
	if [ -n "${RG_SANITIZED:-}" ]; then
		# Python's own allocations (never freed by design) read as leaks.
		export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
	fi
	/usr/bin/python3 "$here/difftest.py" --db --db-py \
		--url "$(cat "$cluster/url")" --seeds "$dbpy_seeds" -q || status=1
fi
exit $status
