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

ALEMBIC=(/usr/bin/python3 "$RG_ALEMBIC")

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
# ARGS on the reference copy; then both must be in the same state.  A TOOL
# written !TOOL must fail (revgraph with exit 1), as must the reference.
turn() {
	local tool=$1 main_err main_rc ref_err want_fail=
	shift
	case $tool in !*) want_fail=1 tool=${tool#!} ;; esac
	case $tool in
	rg) run "$RG" --url "$URL" -d "$V" "$@" ;;
	rgpy) run "$RG" --url "$URL" -d "$AD/versions" "$@" ;;
	alembic) acmd "$AD" "$@" ;;
	esac
	main_rc=$RC
	main_err=$ERR
	if [ -z "$want_fail" ]; then
		[ "$main_rc" = 0 ] || fail "$tool $*: exit $main_rc; stderr: $(_short "$main_err" | tail -c 300)"
	elif [ "$tool" = alembic ]; then
		[ "$main_rc" != 0 ] || fail "$tool $*: exit 0, expected a failure"
	else
		[ "$main_rc" = 1 ] || fail "$tool $*: exit $main_rc, expected 1; stderr: $(_short "$main_err")"
		expect_error_line "."
	fi
	acmd "$REFAD" "$@"
	ref_err=$ERR
	if [ -z "$want_fail" ]; then
		[ "$RC" = 0 ] || fail "reference alembic $*: exit $RC; stderr: $(_short "$ref_err" | tail -c 300)"
	else
		[ "$RC" != 0 ] || fail "reference alembic $*: exit 0, expected a failure"
	fi
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

# play [swap]: run the "TOOL ARGS..." lines on stdin through turn; with
# swap, revgraph's turns go to Alembic and Alembic's to revgraph.
play() {
	local tool args
	while read -r tool args; do
		[ -n "$tool" ] || continue
		if [ "${1:-}" = swap ]; then
			case $tool in
			alembic) tool=rg ;;
			'!alembic') tool='!rg' ;;
			rg | rgpy) tool=alembic ;;
			'!rg' | '!rgpy') tool='!alembic' ;;
			esac
		fi
		# shellcheck disable=SC2086
		turn "$tool" $args
	done
}

# sort_labels: Alembic prints a revision's branch labels, and the children
# under a branch point, in set order, which changes from run to run;
# revgraph sorts them (SPEC §1).  Sort the label lists "(l1, l2)" and
# "Branch names: l1, l2", and each run of "   -> child" lines, on stdin.
sort_labels() {
	/usr/bin/python3 -c '
import re, sys
def srt(m):
    return m.group(1) + ", ".join(sorted(m.group(2).split(", "))) + m.group(3)
out, run = [], []
for line in sys.stdin:
    line = re.sub(r"(\()([a-z0-9_]+(?:, [a-z0-9_]+)+)(\))", srt, line)
    line = re.sub(r"^(Branch names: )(.*)()$", srt, line)
    if re.match(r"^ +-> ", line):
        run.append(line)
        continue
    out += sorted(run) + [line]
    run = []
sys.stdout.write("".join(out + sorted(run)))
'
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
	got=$(printf '%s\n' "$OUT" | sed "s|$AD/versions|VERSIONS|g" | sort_labels)
	want=$(printf '%s\n' "$want" | sed "s|$AD/versions|VERSIONS|g" | sort_labels)
	[ "$got" = "$want" ] || fail "$c on the .py project: revgraph [$(_short "$got")], alembic [$(_short "$want")]"
	# The SQL twin has the same graph (paths and docstrings aside).
	case $c in
	*-v* | show*) ;;
	*)
		# shellcheck disable=SC2086
		expect_exit 0 "$RG" -d "$V" $c
		[ "$(printf '%s\n' "$OUT" | sort_labels)" = "$want" ] || fail "$c on the SQL twin: [$(_short "$OUT")], alembic on .py [$(_short "$want")]"
		;;
	esac
done
# revgraph finds the versions through Alembic's own alembic.ini.
expect_exit 0 "$RG" -c "$AD/alembic.ini" heads
acmd "$AD" heads
expect_eq "heads via alembic.ini" "$(cd / && "$RG" -c "$AD/alembic.ini" heads 2>&1 | sort_labels)" "$(printf '%s\n' "$OUT" | sort_labels)"
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
play <<-'EOF'
	alembic upgrade c1
	rg upgrade d1
	rg upgrade e1
	alembic upgrade f1
	alembic downgrade c1
	rg stamp g1
	alembic downgrade f1
	rg upgrade xb@head
	alembic upgrade heads
	rg downgrade e1
	alembic stamp --purge d1
	rg upgrade heads
	alembic downgrade base
	rg upgrade heads
	alembic downgrade xb@base
	rgpy stamp b1
	alembic upgrade one@d1
	rg upgrade two@e1
	alembic upgrade heads
	!rg upgrade f1+2
	rg downgrade base
	EOF
expect_rows "$DB" ""
expect_table "$DB" alembic_version
dropdb_plain "$REF"
end_case

# Dependencies: dependency merges and unmerges, a root that depends on a
# label, stamps over several rows; played twice, the second time with the
# roles of the two tools swapped.
dep_sequence() {
	cat <<-'EOF'
	rg upgrade b1
	alembic upgrade b2
	rg downgrade b1
	alembic upgrade c1
	rg upgrade heads
	alembic downgrade a2
	rg downgrade b1
	rg stamp a1 b3
	alembic stamp heads
	rg downgrade beta@base
	!alembic downgrade alpha@a1
	rg downgrade -1
	alembic upgrade heads
	rg stamp --purge a2
	rg upgrade beta@head
	alembic downgrade base
	EOF
}
dep_project() {
	twins <<-'EOF'
	a1 - label=alpha
	a2 a1
	a3 a2
	b1 - label=beta
	b2 b1 dep=a3
	b3 b2
	c1 - dep=alpha
	EOF
}

begin_case "turns with dependencies"
dep_project
dep_sequence | play
dropdb_plain "$REF"
end_case

begin_case "turns with dependencies, roles swapped"
dep_project
dep_sequence | play swap
dropdb_plain "$REF"
end_case

begin_case "branchy turns, roles swapped"
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
play swap <<-'EOF'
	alembic upgrade c1
	rg upgrade d1
	rg upgrade e1
	alembic upgrade f1
	alembic downgrade c1
	rg stamp g1
	alembic downgrade f1
	rg upgrade xb@head
	alembic upgrade heads
	rg downgrade e1
	alembic stamp --purge d1
	rg upgrade heads
	alembic downgrade base
	EOF
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
sed -i 's|^CREATE TABLE IF NOT EXISTS t_c1 (id int);$|&\nSELECT 1/0;|' "$V/c1_step.sql"
for f in "$AD/versions/c1_step.py" "$REFAD/versions/c1_step.py"; do
	sed -i 's|^    op.execute("CREATE TABLE IF NOT EXISTS t_c1 (id int)")$|&\n    op.execute("SELECT 1/0")|' "$f"
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
[ "$RC" = 0 ] || fail "alembic upgrade head from c1: exit $RC: $(_short "$ERR")"
expect_rows "$DB" "d1"
acmd "$AD" downgrade b1
[ "$RC" = 0 ] || fail "alembic downgrade b1: exit $RC: $(_short "$ERR")"
expect_rows "$DB" "b1"
expect_steplog "$DB" "a1:up b1:up c1:up d1:up d1:down c1:down"
dropdb_plain "$REF"
end_case

finish
