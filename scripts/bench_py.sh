#!/usr/bin/env bash
# scripts/bench_py.sh - upgrade head of N (default 200) Alembic .py revisions
# (tests/py/projects.py write_bench: tables, columns, indexes, bulk_insert,
# a row-by-row data migration through get_bind()), revgraph against Alembic
# 1.8 on two databases of one throwaway cluster.  Checks the end states are
# identical (pg_dump --schema-only and rows), then prints the wall times
# (best of RUNS, default 3) and where revgraph's time goes.
#
#   scripts/bench_py.sh [N]      REVGRAPH=path/to/revgraph RUNS=3
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-200}
runs=${RUNS:-3}
rg=${REVGRAPH:-$here/build/revgraph}
alembic=${ALEMBIC:-$(cd "$(dirname "$0")/.." && pwd)/tests/alembic-sorted}
pgbin=${PGBIN:-/usr/lib/postgresql/15/bin}
tmp=$(mktemp -d /tmp/benchpy.XXXXXX)
chmod 755 "$tmp"
trap 'bash "$here/scripts/pgcluster.sh" stop "$tmp/pg" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
bash "$here/scripts/pgcluster.sh" start "$tmp/pg"
sock=$tmp/pg
url() { echo "postgresql://postgres@/$1?host=$sock"; }
psql_() { "$pgbin/psql" -X -q -At -v ON_ERROR_STOP=1 -h "$sock" -U postgres "$@"; }

/usr/bin/python3 -c "import sys; sys.path.insert(0, '$here/tests/py'); import projects; projects.write_bench('$tmp/proj', $n)"
cd "$tmp/proj"

now() { date +%s.%N; }
best_a=999 best_r=999
for i in $(seq "$runs"); do
	psql_ -d postgres -c "DROP DATABASE IF EXISTS ba" -c "DROP DATABASE IF EXISTS br" \
		-c "CREATE DATABASE ba" -c "CREATE DATABASE br"
	t0=$(now)
	TEST_DB_URL=$(url ba) /usr/bin/python3 "$alembic" -c alembic.ini upgrade head 2>/dev/null
	t1=$(now)
	"$rg" -q -c alembic.ini --url "$(url br)" upgrade head
	t2=$(now)
	a=$(echo "$t1 - $t0" | bc) r=$(echo "$t2 - $t1" | bc)
	best_a=$(echo "if ($a < $best_a) $a else $best_a" | bc)
	best_r=$(echo "if ($r < $best_r) $r else $best_r" | bc)
	echo "run $i: alembic ${a}s revgraph ${r}s"
done

dump() {
	"$pgbin/pg_dump" -h "$sock" -U postgres "$@" | grep -v '^\\\(un\)\?restrict '
}
if [ "$(dump --schema-only ba)" = "$(dump --schema-only br)" ] &&
	[ "$(dump --data-only --inserts ba | sort)" = "$(dump --data-only --inserts br | sort)" ]; then
	echo "end state: identical (schema and rows)"
else
	echo "end state: DIFFERENT" >&2
	exit 1
fi

# Where revgraph's time goes.
psql_ -d postgres -c "DROP DATABASE br" -c "CREATE DATABASE br"
t0=$(now)
"$rg" -q -c alembic.ini --url "$(url br)" current >/dev/null
t1=$(now)
/usr/bin/python3 -c 'pass'
t2=$(now)
/usr/bin/python3 -c 'import psycopg2, sqlalchemy, alembic.op, alembic.context, alembic.runtime.migration'
t3=$(now)
REVGRAPH_PY_PROFILE=1 "$rg" -q -c alembic.ini --url "$(url br)" upgrade head 2>"$tmp/prof"
t4=$(now)
echo "revgraph current (read $n files, connect, read version table): $(echo "$t1 - $t0" | bc)s"
echo "python3 start alone: $(echo "$t2 - $t1" | bc)s; start + import psycopg2/sqlalchemy/alembic: $(echo "$t3 - $t2" | bc)s"
echo "revgraph upgrade head (profiled): $(echo "$t4 - $t3" | bc)s"
cat "$tmp/prof"
echo "best of $runs: alembic ${best_a}s, revgraph ${best_r}s"
