#!/usr/bin/env bash
# tests/integration/test_interop.sh - Alembic 1.8 and revgraph take turns on
# one database (SPEC §4: "the two tools can take turns").  Twin projects:
# SQL revisions for revgraph, the same revisions as Alembic .py files (from
# `alembic init`'s template, env.py with transaction_per_migration=True).
# The same command sequence runs on a TEMPLATE copy of the database with
# Alembic alone; after every command the version rows, the steplog (which
# steps ran, in which order) and the tables must be the same, and revgraph's
# step log lines must be Alembic's.  revgraph also reads the .py project for
# the graph commands, which must print what Alembic prints.
. "$(dirname "$0")/lib.sh"

ALEMBIC=(/usr/bin/python3 /work/shared/tools/alembic-sorted)

# acmd DIR ARGS...: Alembic with DIR/alembic.ini (as `run`).
acmd() {
	local dir=$1
	shift
	run "${ALEMBIC[@]}" -c "$dir/alembic.ini" "$@"
}

# steps_of TEXT: the "Running ..." lines of a revgraph or Alembic log.
steps_of() {
	printf '%s\n' "$1" | sed -n 's/^INFO  \[alembic\.runtime\.migration\] //; /^Running /p'
}

state() { # state DB: rows, steplog and tables on one line
	echo "rows=[$(vrows "$1")] log=[$(steplog "$1")] tables=[$(tables "$1")]"
}

# turn TOOL ARGS...: TOOL (rg = revgraph on the SQL twin, rgpy = revgraph on
# the .py project, alembic) runs ARGS on the shared database; Alembic runs
# ARGS on the reference copy; then both must be in the same state.
turn() {
	local tool=$1 main_err main_rc ref_err
	shift
	case $tool in
	rg) run "$RG" --url "$URL" -d "$V" "$@" ;;
	rgpy) run "$RG" --url "$URL" -d "$AD/versions" "$@" ;;
	alembic) acmd "$AD" "$@" ;;
	esac
	main_rc=$RC
	main_err=$ERR
	[ "$main_rc" = 0 ] || fail "$tool $*: exit $main_rc; stderr: $(_short "$main_err" | tail -c 300)"
	acmd "$REFAD" "$@"
	ref_err=$ERR
	[ "$RC" = 0 ] || fail "reference alembic $*: exit $RC; stderr: $(_short "$ref_err" | tail -c 300)"
	[ "$(steps_of "$main_err")" = "$(steps_of "$ref_err")" ] ||
		fail "$tool $*: step lines [$(steps_of "$main_err" | paste -sd'|' -)], Alembic's [$(steps_of "$ref_err" | paste -sd'|' -)]"
	local got want
	got=$(state "$DB")
	want=$(state "$REF")
	[ "$got" = "$want" ] || fail "after $tool $*: $got; Alembic alone: $want"
	# Both tools report the same current revisions on the shared database.
	run "$RG" --url "$URL" -d "$V" current
	got=$(printf '%s\n' "$OUT" | LC_ALL=C sort)
	acmd "$AD" current
	want=$(printf '%s\n' "$OUT" | LC_ALL=C sort)
	[ "$got" = "$want" ] || fail "after $tool $*: revgraph current [$(printf '%s' "$got" | paste -sd'|' -)], alembic current [$(printf '%s' "$want" | paste -sd'|' -)]"
}

# twins: the project, as SQL in $V and as Alembic .py in $AD/versions, and
# the reference database $REF (a TEMPLATE copy of $DB) with its own
# Alembic project $REFAD.
twins() {
	AD=$W/alembic
	REFAD=$W/alembic_ref
	REF=${DB}_ref
	alembic_project "$AD" "$URL" || fail "alembic init failed"
	PYV=$AD/versions proj "$V"
	createdb_plain "$REF" "$DB" || fail "cannot copy $DB"
	alembic_project "$REFAD" "$(url_for "$REF")"
	cp "$AD"/versions/*.py "$REFAD/versions/"
}

# ---------------------------------------------------------------------------
begin_case "graph commands on the .py project print what Alembic prints"
twins <<-'EOF'
a1 -
b1 a1
c1 b1 label=one
d1 c1 notx
e1 b1 label=two
f1 d1,e1
g1 f1
x1 - label=xb
x2 x1 dep=e1
EOF
for c in "heads" "heads --resolve-dependencies" "branches" "history" "history -r b1:g1" "show f1" "show one@head" "heads -v"; do
	# shellcheck disable=SC2086
	acmd "$AD" $c
	want=$OUT
	[ "$RC" = 0 ] || fail "alembic $c: exit $RC"
	# shellcheck disable=SC2086
	expect_exit 0 "$RG" -d "$AD/versions" $c
	got=$(printf '%s\n' "$OUT" | sed "s|$AD/versions|VERSIONS|g")
	want=$(printf '%s\n' "$want" | sed "s|$AD/versions|VERSIONS|g")
	[ "$got" = "$want" ] || fail "$c on the .py project: revgraph [$(_short "$got")], alembic [$(_short "$want")]"
	# The SQL twin has the same graph (paths and docstrings aside).
	case $c in
	*-v* | show*) ;;
	*)
		# shellcheck disable=SC2086
		expect_exit 0 "$RG" -d "$V" $c
		[ "$OUT" = "$want" ] || fail "$c on the SQL twin: [$(_short "$OUT")], alembic on .py [$(_short "$want")]"
		;;
	esac
done
# revgraph finds the versions through Alembic's own alembic.ini.
expect_exit 0 "$RG" -c "$AD/alembic.ini" heads
acmd "$AD" heads
expect_eq "heads via alembic.ini" "$(cd / && "$RG" -c "$AD/alembic.ini" heads 2>&1)" "$OUT"
end_case

# ---------------------------------------------------------------------------
begin_case "Alembic and revgraph take turns on one database"
twins <<-'EOF'
a1 -
b1 a1
c1 b1 label=one
d1 c1 notx
e1 b1 label=two
f1 d1,e1
g1 f1
x1 - label=xb
x2 x1 dep=e1
EOF
turn alembic upgrade c1
turn rg upgrade d1
turn rg upgrade e1
turn alembic upgrade f1
turn alembic downgrade c1
turn rg stamp g1
turn alembic downgrade f1
turn rg upgrade xb@head
turn alembic upgrade heads
turn rg downgrade e1
turn alembic stamp --purge d1
turn rg upgrade heads
turn alembic downgrade base
turn rg upgrade heads
turn alembic downgrade xb@base
turn rgpy stamp b1
turn alembic upgrade one@d1
turn rg upgrade two@e1
turn alembic upgrade heads
turn rg downgrade base
expect_rows "$DB" ""
expect_table "$DB" alembic_version
dropdb_plain "$REF"
end_case

begin_case "revgraph continues where a failed Alembic run stopped, and back"
twins <<-'EOF'
a1 -
b1 a1
c1 b1
d1 c1
EOF
# c1 fails in both twins; each tool stops after b1 (per-step transactions).
sed -i 's|^CREATE TABLE t_c1 (id int);$|&\nSELECT 1/0;|' "$V/c1_step.sql"
for f in "$AD/versions/c1_step.py" "$REFAD/versions/c1_step.py"; do
	sed -i 's|^    op.execute("CREATE TABLE t_c1 (id int)")$|&\n    op.execute("SELECT 1/0")|' "$f"
done
acmd "$AD" upgrade head
[ "$RC" != 0 ] || fail "alembic upgrade head succeeded despite SELECT 1/0"
expect_rows "$DB" "b1"
expect_rg 1 upgrade head
expect_error_line "c1_step\.sql:[0-9]+: .*division by zero"
expect_rows "$DB" "b1"
expect_steplog "$DB" "a1:up b1:up"
sed -i '/^SELECT 1\/0;$/d' "$V/c1_step.sql"
expect_rg 0 upgrade c1
expect_rows "$DB" "c1"
acmd "$AD" upgrade head
[ "$RC" != 0 ] || fail "alembic upgrade head from c1: exit $RC"
expect_rows "$DB" "d1"
acmd "$AD" downgrade b1
[ "$RC" = 0 ] || fail "alembic downgrade b1: exit $RC: $(_short "$ERR")"
expect_rows "$DB" "b1"
expect_steplog "$DB" "a1:up b1:up c1:up d1:up d1:down c1:down"
dropdb_plain "$REF"
end_case

finish
