# shellcheck shell=bash
# tests/integration/lib.sh - shared helpers for the integration tests.
#
# Sourced by each tests/integration/test_<area>.sh, which ctest runs as
# `bash test_x.sh` with REVGRAPH=<binary> and RG_SRC=<repo root>.
#
# On load this starts one throwaway PostgreSQL cluster (scripts/pgcluster.sh,
# unix socket only) in a private temp dir and arranges, in an EXIT trap, to
# kill every background process the test started, drop the databases and
# stop the cluster.  Each case then looks like
#
#	begin_case "upgrade linear"      # fresh database $DB, $URL, $V
#	proj "$V" <<'EOF'                # revision files from a compact spec
#	a1 -
#	b1 a1
#	EOF
#	expect_rg 0 upgrade head         # run revgraph --url $URL -d $V ...
#	expect_stderr_match 'Running upgrade a1 -> b1'
#	expect_rows "$DB" "b1"
#	end_case                         # PASS/FAIL line, drops $DB
#
# and the script ends with `finish`, which prints "N passed, M failed" and
# sets the exit status.  A check never aborts the case: every failed check
# is recorded, and the case's FAIL line lists them all.

set -u

RG=${REVGRAPH:?REVGRAPH must name the revgraph binary}
RG_SRC=${RG_SRC:?RG_SRC must name the repository root}
RG_ALEMBIC=${ALEMBIC:-$RG_SRC/tests/alembic-sorted}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
# No ambient connection settings may leak into a test.
unset PGHOST PGHOSTADDR PGPORT PGDATABASE PGUSER PGPASSWORD PGSERVICE \
	PGOPTIONS PGAPPNAME REVGRAPH_URL DATABASE_URL
export LC_ALL=C.UTF-8

N_PASS=0
N_FAIL=0
N_CASE=0
CASE=
CASE_ERRS=()
BG_PIDS=()
RC='' OUT='' ERR='' LAST_CMD='' FAIL_LINE=''
LIVE_DBS=()

T_DIR=$(mktemp -d /tmp/rgit.XXXXXX) || {
	echo "FAIL setup: mktemp"
	echo "0 passed, 1 failed"
	exit 1
}
chmod 755 "$T_DIR" # the server (user postgres) must reach its socket dir
PGDIR=$T_DIR/pg

_lib_cleanup() {
	local p d
	for p in "${BG_PIDS[@]}"; do
		kill -9 "$p" 2>/dev/null
	done
	for p in "${BG_PIDS[@]}"; do
		wait "$p" 2>/dev/null
	done
	if [ -f "$PGDIR/url" ]; then
		for d in "${LIVE_DBS[@]}"; do
			psql -X -q -d "$(admin_url)" \
				-c "DROP DATABASE IF EXISTS \"$d\" WITH (FORCE)" \
				>/dev/null 2>&1
		done
	fi
	bash "$RG_SRC/scripts/pgcluster.sh" stop "$PGDIR" >/dev/null 2>&1
	rm -rf "$T_DIR"
}
trap _lib_cleanup EXIT
trap 'exit 130' INT TERM

if ! bash "$RG_SRC/scripts/pgcluster.sh" start "$PGDIR" 2>"$T_DIR/pgstart.err"; then
	echo "FAIL setup: cannot start a cluster: $(tail -3 "$T_DIR/pgstart.err" | tr '\n' ' ')"
	echo "0 passed, 1 failed"
	exit 1
fi

# url_for DB [user-info]: a libpq URI for database DB on our cluster.
url_for() {
	echo "postgresql:///$1?host=$PGDIR&user=postgres"
}
admin_url() {
	url_for postgres
}

# sql DB STATEMENT: run STATEMENT in DB with psql, unaligned tuples only.
sql() {
	psql -X -q -At -v ON_ERROR_STOP=1 -d "$(url_for "$1")" -c "$2"
}

# sql1 DB STATEMENT: like sql, but lines joined by single spaces.
sql1() {
	sql "$1" "$2" | paste -sd' ' -
}

# createdb_plain NAME [TEMPLATE]: a database that end_case / the trap drops.
createdb_plain() {
	local tpl=${2:+ TEMPLATE \"$2\"}
	LIVE_DBS+=("$1")
	psql -X -q -d "$(admin_url)" -v ON_ERROR_STOP=1 \
		-c "CREATE DATABASE \"$1\"$tpl" >/dev/null
}

dropdb_plain() {
	psql -X -q -d "$(admin_url)" \
		-c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" >/dev/null 2>&1
}

# begin_case NAME: start a case with a fresh database $DB (holding the
# steplog table that generated revisions write to), its $URL, a work dir
# $W and a versions dir $V.
begin_case() {
	CASE=$1
	CASE_ERRS=()
	N_CASE=$((N_CASE + 1))
	DB=rgit_$N_CASE
	URL=$(url_for "$DB")
	W=$T_DIR/case$N_CASE
	V=$W/versions
	mkdir -p "$V"
	createdb_plain "$DB" || fail "cannot create database $DB"
	sql "$DB" "CREATE TABLE steplog (id serial PRIMARY KEY, rev text NOT NULL, dir text NOT NULL)" ||
		fail "cannot create steplog"
}

# end_case: print the case's verdict and drop its database.
end_case() {
	local e msg=
	if [ ${#CASE_ERRS[@]} -eq 0 ]; then
		echo "PASS $CASE"
		N_PASS=$((N_PASS + 1))
	else
		for e in "${CASE_ERRS[@]}"; do
			msg="${msg:+$msg | }$e"
		done
		echo "FAIL $CASE: $msg"
		N_FAIL=$((N_FAIL + 1))
	fi
	dropdb_plain "$DB"
}

finish() {
	echo "$N_PASS passed, $N_FAIL failed"
	[ "$N_FAIL" -eq 0 ]
	exit
}

fail() {
	CASE_ERRS+=("$*")
}

# run CMD...: run CMD, keeping its exit status in $RC, stdout in $OUT and
# stderr in $ERR (also in files $T_DIR/out, $T_DIR/err).
run() {
	"$@" >"$T_DIR/out" 2>"$T_DIR/err"
	RC=$?
	OUT=$(cat "$T_DIR/out")
	ERR=$(cat "$T_DIR/err")
	LAST_CMD="$*"
}

# rg ARGS...: revgraph against this case's database and versions dir.
rg() {
	run "$RG" --url "$URL" -d "$V" "$@"
}

_short() {
	printf '%s' "$1" | head -c 400 | tr '\n' '|'
}

# expect_exit N CMD...: run CMD (as `run`), expect exit status N.
expect_exit() {
	local want=$1
	shift
	run "$@"
	[ "$RC" = "$want" ] ||
		fail "'${LAST_CMD#"$RG" }': exit $RC, expected $want; stderr: $(_short "$ERR")"
}

# expect_rg N ARGS...: revgraph ARGS against this case, expect exit N.
expect_rg() {
	local want=$1
	shift
	expect_exit "$want" "$RG" --url "$URL" -d "$V" "$@"
}

expect_stderr_match() {
	printf '%s\n' "$ERR" | grep -Eq -- "$1" ||
		fail "'${LAST_CMD#"$RG" }': stderr does not match /$1/: $(_short "$ERR")"
}

expect_stderr_nomatch() {
	! printf '%s\n' "$ERR" | grep -Eq -- "$1" ||
		fail "'${LAST_CMD#"$RG" }': stderr unexpectedly matches /$1/: $(_short "$ERR")"
}

expect_stdout_match() {
	printf '%s\n' "$OUT" | grep -Eq -- "$1" ||
		fail "'${LAST_CMD#"$RG" }': stdout does not match /$1/: $(_short "$OUT")"
}

expect_stdout_nomatch() {
	! printf '%s\n' "$OUT" | grep -Eq -- "$1" ||
		fail "'${LAST_CMD#"$RG" }': stdout unexpectedly matches /$1/: $(_short "$OUT")"
}

expect_stdout_eq() {
	[ "$OUT" = "$1" ] ||
		fail "'${LAST_CMD#"$RG" }': stdout is [$(_short "$OUT")], expected [$(_short "$1")]"
}

expect_stderr_empty() {
	[ -z "$ERR" ] ||
		fail "'${LAST_CMD#"$RG" }': stderr not empty: $(_short "$ERR")"
}

# expect_error_line REGEX: stderr holds exactly one error line, of the form
# "revgraph: error: ...", and it matches REGEX.
expect_error_line() {
	local n line
	n=$(printf '%s\n' "$ERR" | grep -c '^revgraph: error: ')
	line=$(printf '%s\n' "$ERR" | grep '^revgraph: error: ')
	if [ "$n" != 1 ]; then
		fail "'${LAST_CMD#"$RG" }': $n 'revgraph: error:' lines on stderr, expected 1: $(_short "$ERR")"
	elif ! printf '%s\n' "$line" | grep -Eq -- "$1"; then
		fail "'${LAST_CMD#"$RG" }': error line does not match /$1/: $line"
	fi
}

# expect_clean_stderr: every stderr line is a step log line, a lock-wait
# line or a "revgraph: error:" line (no stray continuation lines).
expect_clean_stderr() {
	local bad
	bad=$(printf '%s\n' "$ERR" | grep -Ev '^(Running |waiting for the migration lock|revgraph: error: |$)' | head -3)
	[ -z "$bad" ] ||
		fail "'${LAST_CMD#"$RG" }': unexpected stderr lines: $(_short "$bad")"
}

# expect_stderr_lines N: stderr has exactly N lines.
expect_stderr_lines() {
	local n
	n=$(printf '%s' "$ERR" | grep -c '')
	[ "$n" = "$1" ] ||
		fail "'${LAST_CMD#"$RG" }': $n stderr lines, expected $1: $(_short "$ERR")"
}

expect_eq() { # expect_eq WHAT GOT WANT
	[ "$2" = "$3" ] || fail "$1: got [$2], expected [$3]"
}

# table_exists DB QUALIFIED-NAME: 0 if the relation exists.
table_exists() {
	[ "$(sql "$1" "SELECT to_regclass('$2') IS NOT NULL")" = t ]
}

# vrows DB [QUALIFIED-TABLE]: the version table's rows, sorted, one space
# between; "<no table>" when the table does not exist.
vrows() {
	local tbl=${2:-alembic_version}
	if ! table_exists "$1" "$tbl"; then
		echo "<no table>"
		return
	fi
	sql "$1" "SELECT version_num FROM $tbl" | LC_ALL=C sort | paste -sd' ' -
}

# expect_rows DB "ROWS" [QUALIFIED-TABLE]: the sorted version rows are ROWS
# ("" = the table exists and is empty; "<no table>" = it does not exist).
expect_rows() {
	local want got
	want=$(printf '%s\n' $2 | LC_ALL=C sort | paste -sd' ' -)
	got=$(vrows "$1" "${3:-alembic_version}")
	[ "$got" = "$want" ] ||
		fail "rows of ${3:-alembic_version} in $1: [$got], expected [$want]"
}

expect_no_table() { # expect_no_table DB QUALIFIED-NAME
	! table_exists "$1" "$2" || fail "table $2 exists in $1, expected none"
}

expect_table() {
	table_exists "$1" "$2" || fail "table $2 missing from $1"
}

# steplog DB: the steplog as "rev:dir rev:dir ..." in insertion order.
steplog() {
	sql1 "$1" "SELECT rev || ':' || dir FROM steplog ORDER BY id"
}

expect_steplog() {
	local got
	got=$(steplog "$1")
	[ "$got" = "$2" ] || fail "steplog of $1: [$got], expected [$2]"
}

# tables DB: the user tables t_* in DB, sorted, space separated.
tables() {
	sql1 "$1" "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND c.relname LIKE 't\_%' ORDER BY 1"
}

expect_tables() {
	local got
	got=$(tables "$1")
	[ "$got" = "$2" ] || fail "tables t_* in $1: [$got], expected [$2]"
}

# mkrev DIR ID PARENTS [FLAG...]: write DIR/ID_step.sql.
#   PARENTS   "-" for a base revision, else "p1" or "p1,p2" (a merge)
#   FLAGS     label=L[,L2]   branch_labels
#             dep=R[,R2]     depends_on
#             nodown         no downgrade section
#             notx           upgrade section is `-- revgraph:no-transaction`
#                            and builds an index CONCURRENTLY (ix_ID)
#             sleep=SECS     pg_sleep(SECS) after the steplog insert, before
#                            the table is created
#             fail           the upgrade ends with SELECT 1/0
#             faildown       the downgrade ends with SELECT 1/0
# Upgrading ID logs (ID, 'up') into steplog and creates table t_ID;
# downgrading logs (ID, 'down') and drops it (IF [NOT] EXISTS, so that a
# stamp followed by a migration does not fail).  The line of the failing
# statement of the last revision written with fail/faildown is left in
# $FAIL_LINE.
mkrev() {
	local dir=$1 id=$2 parents=$3 f labels='' deps='' nodown='' notx='' sleep='' failup='' faildown=''
	local file=$dir/${id}_step.sql
	shift 3
	for f in "$@"; do
		case $f in
		label=*) labels=${f#label=} ;;
		dep=*) deps=${f#dep=} ;;
		nodown) nodown=1 ;;
		notx) notx=1 ;;
		sleep=*) sleep=${f#sleep=} ;;
		fail) failup=1 ;;
		faildown) faildown=1 ;;
		*) echo "mkrev: bad flag $f" >&2; return 1 ;;
		esac
	done
	mkdir -p "$dir"
	{
		echo "-- revision: $id"
		[ "$parents" = - ] || echo "-- down_revision: ${parents//,/, }"
		[ -z "$labels" ] || echo "-- branch_labels: ${labels//,/, }"
		[ -z "$deps" ] || echo "-- depends_on: ${deps//,/, }"
		echo "-- message: step $id"
		echo "-- create_date: 2026-01-01 00:00:00"
		echo
		echo "-- revgraph:upgrade"
		if [ -n "$notx" ]; then
			echo "-- revgraph:no-transaction"
			echo "CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_$id ON steplog (rev, id);"
		fi
		echo "INSERT INTO steplog (rev, dir) VALUES ('$id', 'up');"
		[ -z "$sleep" ] || echo "SELECT pg_sleep($sleep);"
		echo "CREATE TABLE IF NOT EXISTS t_$id (id int);"
		[ -z "$failup" ] || echo "SELECT 1/0;"
		if [ -z "$nodown" ]; then
			echo
			echo "-- revgraph:downgrade"
			echo "INSERT INTO steplog (rev, dir) VALUES ('$id', 'down');"
			[ -z "$notx" ] || echo "DROP INDEX IF EXISTS ix_$id;"
			echo "DROP TABLE IF EXISTS t_$id;"
			[ -z "$faildown" ] || echo "SELECT 1/0;"
		fi
	} >"$file"
	if grep -q '^SELECT 1/0;' "$file"; then
		# shellcheck disable=SC2034 # read by the test scripts
		FAIL_LINE=$(grep -n '^SELECT 1/0;' "$file" | head -1 | cut -d: -f1)
	fi
	[ -z "${PYV:-}" ] || mkpyrev "$PYV" "$id" "$parents" "$labels" "$deps" \
		"$nodown" "$notx" "$sleep" "$failup" "$faildown"
}

# _pytuple "a,b": Python literal for a comma list: None, 'a' or ('a', 'b').
_pytuple() {
	local IFS=, x out=
	[ -n "$1" ] && [ "$1" != - ] || { echo None; return; }
	set -- $1
	if [ $# = 1 ]; then
		echo "'$1'"
		return
	fi
	for x in "$@"; do out="$out'$x', "; done
	echo "(${out%, })"
}

# mkpyrev DIR ID PARENTS LABELS DEPS NODOWN NOTX SLEEP FAIL FAILDOWN: the
# Alembic .py twin of mkrev's SQL file (same SQL, through op.execute).
mkpyrev() {
	local dir=$1 id=$2 parents=$3 labels=$4 deps=$5 nodown=$6 notx=$7
	local sleep=$8 failup=$9 faildown=${10}
	mkdir -p "$dir"
	{
		printf '"""step %s\n\nRevision ID: %s\nRevises: %s\nCreate Date: 2026-01-01 00:00:00\n\n"""\n' \
			"$id" "$id" "${parents//,/, }"
		echo "from alembic import op"
		echo
		echo "revision = '$id'"
		echo "down_revision = $(_pytuple "$parents")"
		if [ -n "$labels" ]; then
			echo "branch_labels = ($(_pytuple "$labels" | sed 's/^(//; s/)$//'),)"
		else
			echo "branch_labels = None"
		fi
		echo "depends_on = $(_pytuple "$deps")"
		echo
		echo
		echo "def upgrade():"
		if [ -n "$notx" ]; then
			echo "    with op.get_context().autocommit_block():"
			echo "        op.execute(\"CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_$id ON steplog (rev, id)\")"
		fi
		echo "    op.execute(\"INSERT INTO steplog (rev, dir) VALUES ('$id', 'up')\")"
		[ -z "$sleep" ] || echo "    op.execute(\"SELECT pg_sleep($sleep)\")"
		echo "    op.execute(\"CREATE TABLE IF NOT EXISTS t_$id (id int)\")"
		[ -z "$failup" ] || echo "    op.execute(\"SELECT 1/0\")"
		echo
		echo
		echo "def downgrade():"
		if [ -n "$nodown" ]; then
			echo "    raise NotImplementedError('no downgrade')"
		else
			echo "    op.execute(\"INSERT INTO steplog (rev, dir) VALUES ('$id', 'down')\")"
			[ -z "$notx" ] || echo "    op.execute(\"DROP INDEX IF EXISTS ix_$id\")"
			echo "    op.execute(\"DROP TABLE IF EXISTS t_$id\")"
			[ -z "$faildown" ] || echo "    op.execute(\"SELECT 1/0\")"
		fi
	} >"$dir/${id}_step.py"
}

# alembic_project DIR URL: an Alembic project made by `alembic init` (the
# generic template) in DIR, its env.py set to transaction_per_migration=True
# (revgraph's default transaction scope), its url URL and its revisions in
# DIR/versions (fill them with PYV=DIR/versions proj ...).
alembic_project() {
	local dir=$1 url=$2
	if [ ! -d "$T_DIR/alembic-template" ]; then
		# `alembic init` writes alembic.ini into the current directory.
		(cd "$T_DIR" && /usr/bin/python3 "$RG_ALEMBIC" \
			init alembic-template >/dev/null 2>&1 &&
			mv alembic.ini alembic-template/) || return 1
		/usr/bin/python3 - "$T_DIR/alembic-template/env.py" <<-'PYEOF' || return 1
		import sys
		p = sys.argv[1]
		s = open(p).read()
		import re
		s, n = re.subn(r"target_metadata=target_metadata,?",
		               "target_metadata=target_metadata, transaction_per_migration=True,", s)
		assert n == 2, n
		open(p, "w").write(s)
		PYEOF
	fi
	cp -r "$T_DIR/alembic-template" "$dir"
	/usr/bin/python3 - "$dir/alembic.ini" "$dir" "$url" <<-'PYEOF'
	import sys
	p, d, url = sys.argv[1:]
	out = []
	for line in open(p):
	    if line.startswith("script_location"):
	        line = "script_location = %s\n" % d
	    elif line.startswith("sqlalchemy.url"):
	        line = "sqlalchemy.url = %s\n" % url.replace("%", "%%")
	    out.append(line)
	open(p, "w").write("".join(out))
	PYEOF
}

# alembic ARGS...: Alembic 1.8 on the project in $AD (as `run`).
alembic() {
	run /usr/bin/python3 "$RG_ALEMBIC" -c "$AD/alembic.ini" "$@"
}

# proj DIR: write revisions from stdin, one "ID PARENTS [FLAG...]" per
# line (see mkrev); blank lines and #-comments are skipped.
proj() {
	local dir=$1 line
	mkdir -p "$dir"
	while IFS= read -r line; do
		line=${line%%#*}
		[ -n "${line// /}" ] || continue
		# shellcheck disable=SC2086
		mkrev "$dir" $line || return 1
	done
}

# bg CMD...: start CMD in the background with stdout+stderr in a log file
# (read it with `bg_log PID`); its pid in $BG (killed by the trap if alive).
N_BG=0
declare -A BG_LOGS=()
bg() {
	local log=$T_DIR/bg.$((N_BG += 1))
	"$@" >"$log" 2>&1 &
	BG=$!
	BG_PIDS+=("$BG")
	BG_LOGS[$BG]=$log
}

# kill9 PID: SIGKILL a background process and reap it, quietly.
kill9() {
	{
		kill -9 "$1"
		wait "$1"
	} 2>/dev/null
}

bg_log() {
	cat "${BG_LOGS[$1]}" 2>/dev/null
}

# wait_for SECS CMD...: poll CMD every 0.05 s until it succeeds; 1 on timeout.
wait_for() {
	local limit=$1 end
	shift
	end=$(($(date +%s%N) + ${limit%.*} * 1000000000))
	until "$@"; do
		[ "$(date +%s%N)" -lt "$end" ] || return 1
		sleep 0.05
	done
}

# restart_server: pg_ctl restart -m fast (as the cluster's owner).
restart_server() {
	local as=()
	[ "$(id -u)" != 0 ] || as=(runuser -u postgres --)
	"${as[@]}" "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" \
		-w -t 60 -m fast restart >/dev/null 2>&1
}

# sleeping_in DB: 0 if some backend of DB is running pg_sleep.
sleeping_in() {
	[ "$(sql postgres "SELECT count(*) FROM pg_stat_activity WHERE datname = '$1' AND query LIKE '%pg_sleep%' AND pid <> pg_backend_pid()")" != 0 ]
}

now_ms() {
	echo $(($(date +%s%N) / 1000000))
}
