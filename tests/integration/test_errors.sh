#!/usr/bin/env bash
# tests/integration/test_errors.sh - what a failed request leaves behind:
# a failing statement (per-step and --single-transaction), refusals before
# anything runs (no downgrade section, CREATE INDEX CONCURRENTLY in a
# transaction), unknown rows in the version table, an unreachable server, a
# version table that cannot be read, bad targets, usage errors, malformed
# revision files, and an offline (--sql) script reaching the same state as
# the online run.  Every case checks the exit status (SPEC §1), the one
# error line on stderr and the database afterwards.
. "$(dirname "$0")/lib.sh"

# ---------------------------------------------------------------------------
begin_case "failing statement: that step rolls back, earlier steps stay"
proj "$V" <<-'EOF'
a1 -
b1 a1
c1 b1 fail
d1 c1
EOF
fl=$FAIL_LINE
expect_rg 1 upgrade head
expect_stderr_match '^Running upgrade b1 -> c1, step c1$'
expect_stderr_nomatch 'Running upgrade c1 -> d1'
expect_error_line "c1_step\.sql:$fl: .*division by zero"
expect_rows "$DB" "b1"
expect_tables "$DB" "t_a1 t_b1"
expect_steplog "$DB" "a1:up b1:up"
# The failing step can be fixed and the run resumed.
sed -i 's|^SELECT 1/0;$|SELECT 1;|' "$V/c1_step.sql"
expect_rg 0 upgrade head
expect_rows "$DB" "d1"
expect_steplog "$DB" "a1:up b1:up c1:up d1:up"
end_case

begin_case "failing downgrade statement: that step rolls back"
proj "$V" <<-'EOF'
a1 -
b1 a1 faildown
c1 b1
EOF
fl=$FAIL_LINE
expect_rg 0 upgrade head
expect_rg 1 downgrade base
expect_error_line "b1_step\.sql:$fl: .*division by zero"
expect_rows "$DB" "b1"
expect_tables "$DB" "t_a1 t_b1"
expect_steplog "$DB" "a1:up b1:up c1:up c1:down"
end_case

begin_case "failing statement with --single-transaction: nothing applied"
proj "$V" <<-'EOF'
a1 -
b1 a1
c1 b1 fail
d1 c1
EOF
fl=$FAIL_LINE
expect_rg 1 --single-transaction upgrade head
expect_error_line "c1_step\.sql:$fl: .*division by zero"
# The table was created inside the same transaction: it is gone too.
expect_rows "$DB" "<no table>"
expect_tables "$DB" ""
expect_steplog "$DB" ""
# From a committed starting point, the whole command still rolls back.
expect_rg 0 upgrade a1
expect_rg 1 --single-transaction upgrade head
expect_error_line "c1_step\.sql:$fl: "
expect_rows "$DB" "a1"
expect_tables "$DB" "t_a1"
expect_steplog "$DB" "a1:up"
end_case

begin_case "failing statement line: dollar quotes, comments, multi-line statements"
cat >"$V/a1_lines.sql" <<-'EOF'
-- revision: a1

-- revgraph:upgrade
CREATE FUNCTION f_a1() RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  RETURN 1; -- a ; inside the body
END $$;
/* a comment ; with
   semicolons; */
INSERT INTO steplog (rev, dir) VALUES ('a1', 'up');
SELECT
  1,
  2/0;
SELECT 3;
EOF
cat >"$V/b1_lines.sql" <<-'EOF'
-- revision: b1
-- down_revision: a1

-- revgraph:upgrade
SELECT 'a;b', $tag$ ; $tag$;
SELECT 1 FROM
  no_such_table;
EOF
expect_rg 1 upgrade a1
expect_error_line "a1_lines\.sql:11: .*division by zero"
expect_rows "$DB" "<no table>"
expect_steplog "$DB" ""
got=$(sql "$DB" "SELECT count(*) FROM pg_proc WHERE proname = 'f_a1'")
expect_eq "f_a1 rolled back" "$got" 0
sed -i 's|^  2/0;$|  2;|' "$V/a1_lines.sql"
expect_rg 1 upgrade head
expect_error_line "b1_lines\.sql:6: .*no_such_table.*does not exist"
expect_rows "$DB" "a1"
expect_steplog "$DB" "a1:up"
end_case

begin_case "failure in a no-transaction section: version table not advanced"
cat >"$V/a1_notx.sql" <<-'EOF'
-- revision: a1

-- revgraph:upgrade
-- revgraph:no-transaction
CREATE INDEX CONCURRENTLY ix_a1 ON steplog (rev);
SELECT 1/0;
EOF
expect_rg 1 upgrade head
expect_error_line "a1_notx\.sql:6: .*division by zero.*(no-transaction|stays applied|not changed)"
# The index was built outside any transaction and stays; the revision is
# not recorded.
got=$(sql "$DB" "SELECT count(*) FROM pg_class WHERE relname = 'ix_a1'")
expect_eq "ix_a1 exists" "$got" 1
got=$(vrows "$DB")
case $got in "<no table>" | "") ;; *) fail "version rows [$got], expected none" ;; esac
end_case

# ---------------------------------------------------------------------------
begin_case "downgrade past a revision without a downgrade section is refused"
proj "$V" <<-'EOF'
a1 -
b1 a1 nodown
c1 b1
EOF
expect_rg 0 upgrade head
expect_rg 1 downgrade base
expect_error_line "b1_step\.sql"
expect_stderr_nomatch 'Running downgrade'
expect_rows "$DB" "c1"
expect_tables "$DB" "t_a1 t_b1 t_c1"
expect_steplog "$DB" "a1:up b1:up c1:up"
expect_rg 1 downgrade a1
expect_error_line "b1_step\.sql"
expect_rows "$DB" "c1"
expect_rg 1 --sql downgrade c1:base
expect_error_line "b1_step\.sql"
# Down to b1 only needs c1's downgrade.
expect_rg 0 downgrade b1
expect_rows "$DB" "b1"
expect_steplog "$DB" "a1:up b1:up c1:up c1:down"
end_case

begin_case "CREATE INDEX CONCURRENTLY in a transactional section is refused"
proj "$V" <<-'EOF'
a1 -
EOF
cat >"$V/b1_concurrent.sql" <<-'EOF'
-- revision: b1
-- down_revision: a1

-- revgraph:upgrade
INSERT INTO steplog (rev, dir) VALUES ('b1', 'up');
CREATE INDEX CONCURRENTLY ix_b1 ON steplog (rev);

-- revgraph:downgrade
DROP INDEX ix_b1;
EOF
expect_rg 1 upgrade head
expect_error_line "b1_concurrent\.sql:6: .*(CONCURRENTLY|no-transaction)"
expect_stderr_nomatch 'Running upgrade'
expect_rows "$DB" "<no table>"
expect_steplog "$DB" ""
expect_rg 1 --single-transaction upgrade head
expect_error_line "b1_concurrent\.sql:6: "
expect_rows "$DB" "<no table>"
# In a no-transaction section the same statement runs.
sed -i 's|^-- revgraph:upgrade$|&\n-- revgraph:no-transaction|' "$V/b1_concurrent.sql"
expect_rg 0 upgrade head
expect_rows "$DB" "b1"
got=$(sql "$DB" "SELECT indisvalid FROM pg_index WHERE indexrelid = 'ix_b1'::regclass")
expect_eq "ix_b1 valid" "$got" "t"
expect_steplog "$DB" "a1:up b1:up"
end_case

# ---------------------------------------------------------------------------
begin_case "unknown revision in the version table"
proj "$V" <<-'EOF'
a1 -
b1 a1
c1 b1
EOF
expect_rg 0 upgrade a1
sql "$DB" "INSERT INTO alembic_version VALUES ('zzzz')"
expect_rg 1 upgrade head
expect_error_line "'zzzz'"
expect_rows "$DB" "a1 zzzz"
expect_steplog "$DB" "a1:up"
expect_rg 1 current
expect_error_line "'zzzz'"
expect_rg 1 downgrade base
expect_error_line "'zzzz'"
expect_rows "$DB" "a1 zzzz"
expect_rg 0 stamp --purge head
expect_rows "$DB" "c1"
expect_steplog "$DB" "a1:up"
expect_rg 0 current
expect_stdout_eq "c1 (head)"
end_case

begin_case "unreachable server: exit 3, one line, nothing else"
proj "$V" <<-'EOF'
a1 -
EOF
mkdir -p "$T_DIR/nosrv"
bad="postgresql:///$DB?host=$T_DIR/nosrv&user=postgres"
for c in "current" "upgrade head" "downgrade base" "stamp head" "history -i" "current -v"; do
	# shellcheck disable=SC2086
	expect_exit 3 "$RG" --url "$bad" -d "$V" $c
	expect_stderr_lines 1
	expect_error_line "nosrv"
	expect_stdout_nomatch "."
done
# Graph-only commands never connect.
expect_exit 0 "$RG" --url "$bad" -d "$V" heads
expect_stdout_eq "a1 (head)"
expect_rows "$DB" "<no table>"
end_case

begin_case "unreadable version table: exit 3"
proj "$V" <<-'EOF'
a1 -
EOF
sql "$DB" "CREATE TABLE alembic_version (something int)"
expect_rg 3 current
expect_error_line "alembic_version"
expect_rg 3 upgrade head
expect_error_line "alembic_version"
expect_steplog "$DB" ""
# A role that may not read it.
sql "$DB" "DROP TABLE alembic_version"
expect_rg 0 stamp a1
sql "$DB" "CREATE ROLE rg_nopriv LOGIN; REVOKE ALL ON alembic_version FROM PUBLIC"
expect_exit 3 "$RG" --url "postgresql:///$DB?host=$PGDIR&user=rg_nopriv" -d "$V" current
expect_error_line "alembic_version"
expect_rows "$DB" "a1"
sql "$DB" "DROP OWNED BY rg_nopriv; DROP ROLE rg_nopriv" >/dev/null 2>&1 ||
	psql -X -q -d "$(admin_url)" -c "DROP ROLE IF EXISTS rg_nopriv" >/dev/null 2>&1
end_case

# ---------------------------------------------------------------------------
begin_case "bad targets: unknown, ambiguous prefix, several heads"
proj "$V" <<-'EOF'
abcd1 -
abcd2 abcd1
x1 abcd2
x2 abcd2
EOF
expect_rg 1 upgrade nosuch
expect_error_line "Can't locate revision identified by 'nosuch'"
expect_rows "$DB" "<no table>"
expect_rg 1 upgrade abcd
expect_error_line "'abcd'"
expect_rows "$DB" "<no table>"
expect_rg 1 upgrade head
expect_error_line "Multiple head revisions are present for given argument 'head'"
expect_rows "$DB" "<no table>"
expect_rg 0 upgrade abcd1
expect_rg 1 stamp head
expect_error_line "Multiple heads are present"
expect_rg 1 downgrade nosuch
expect_error_line "'nosuch'"
expect_rg 1 downgrade x1
expect_error_line "not a valid downgrade target"
expect_rg 1 upgrade +9
expect_error_line "Ambiguous walk"
expect_rg 1 downgrade -5
expect_error_line "Relative revision -5 didn't produce 5 migrations"
# Alembic's CommandError; SPEC §1 does not list it as a usage error, so
# either 1 (request) or 2 (usage) is accepted, but the message must say so.
run "$RG" --url "$URL" -d "$V" upgrade abcd1:x1
case $RC in 1 | 2) ;; *) fail "upgrade abcd1:x1: exit $RC, expected 1 or 2" ;; esac
expect_error_line "Range revision not allowed"
expect_rows "$DB" "abcd1"
expect_steplog "$DB" "abcd1:up"
end_case

begin_case "usage errors: exit 2"
proj "$V" <<-'EOF'
a1 -
EOF
expect_rg 2
expect_rg 2 frobnicate
expect_stderr_match 'frobnicate'
expect_rg 2 upgrade
expect_rg 2 --frob upgrade head
expect_stderr_match -- '--frob'
expect_rg 2 upgrade head --frob
expect_rg 2 upgrade head --lock-timeout
expect_rg 2 upgrade head --lock-timeout soon
expect_rg 2 current --purge
expect_rg 2 stamp --sql --purge --frob a1
# Not a number: NaN would make every comparison false and wait forever.
expect_rg 2 upgrade head --lock-timeout nan
expect_error_line "lock-timeout"
expect_rows "$DB" "<no table>"
expect_steplog "$DB" ""
end_case

# ---------------------------------------------------------------------------
# Each malformed project fails to load: every command that reads the graph
# exits 1 naming the file, and the database is untouched.
begin_case "malformed revision files"
malformed() { # malformed LABEL FILE-REGEX MSG-REGEX; the project is in $V
	local c
	for c in heads "upgrade head" history; do
		# shellcheck disable=SC2086
		expect_rg 1 $c
		expect_error_line "$2"
		expect_error_line "$3"
	done
	expect_rows "$DB" "<no table>"
	rm -rf "$V"
	mkdir -p "$V"
}
mkrev "$V" a1 -
printf -- '-- down_revision: a1\n\n-- revgraph:upgrade\nSELECT 1;\n' >"$V/b1_norev.sql"
malformed "missing revision" "b1_norev\.sql" "no .revision."

mkrev "$V" a1 -
mkrev "$V" b1 a1
sed 's/^-- revision: b1$/-- revision: a1/' "$V/b1_step.sql" >"$V/dup_step.sql"
rm "$V/b1_step.sql"
malformed "duplicate id" "(a1|dup)_step\.sql" "a1.*(twice|more than once|duplicate)"

mkrev "$V" a1 -
printf -- '-- revision: b1\n-- down_revisions: a1\n\n-- revgraph:upgrade\nSELECT 1;\n' >"$V/b1_badkey.sql"
malformed "unknown header key" "b1_badkey\.sql:2" "down_revisions"

mkrev "$V" a1 b1
mkrev "$V" b1 a1
malformed "cycle" "(a1|b1)_step\.sql" "Cycle is detected in revisions \\((a1, b1|b1, a1)\\)"

mkrev "$V" a1 -
mkrev "$V" b1 zz9
malformed "missing parent" "b1_step\.sql" "zz9.*not present"

long=abcdefghijklmnopqrstuvwxyz0123456 # 33 characters
mkrev "$V" a1 -
mkrev "$V" "$long" a1
malformed "id too long" "${long}_step\.sql" "$long.*32"

mkrev "$V" a1 -
printf -- '-- revision: b1\n-- down_revision: a1\n\nSELECT 1;\n-- revgraph:upgrade\n' >"$V/b1_stray.sql"
malformed "SQL before the first section" "b1_stray\.sql:4" "section"
end_case

# ---------------------------------------------------------------------------
# SQL that cannot be split (an unterminated quote) is found when a plan is
# about to run or render the file: graph commands still work, a plan that
# does not reach the file works, and one that does stops before anything
# runs, naming the file and line.
begin_case "unsplittable SQL: refused before anything runs, only when run"
mkrev "$V" a1 -
mkrev "$V" b1 a1
printf -- "-- revision: c1\n-- down_revision: b1\n\n-- revgraph:upgrade\nSELECT 1;\nSELECT 'never closed;\n-- revgraph:downgrade\n" >"$V/c1_open.sql"
expect_rg 0 heads
expect_stdout_match '^c1 \(head\)$'
expect_rg 0 history
for c in "upgrade head" "--sql upgrade head" "upgrade head --single-transaction"; do
	# shellcheck disable=SC2086
	expect_rg 1 $c
	expect_error_line "c1_open\.sql:6: .*unterminated quoted string"
	expect_rows "$DB" "<no table>"
done
expect_rg 0 upgrade b1
expect_rows "$DB" "b1"
expect_rg 1 upgrade head
expect_error_line "c1_open\.sql:6: "
expect_rows "$DB" "b1"
expect_steplog "$DB" "a1:up b1:up"
end_case

# ---------------------------------------------------------------------------
begin_case "--sql script applied with psql matches the online run"
proj "$V" <<-'EOF'
a1 -
b1 a1
c1 b1 label=one
d1 c1 notx
e1 b1 label=two
f1 d1,e1
g1 f1
EOF
DB2=${DB}_sql
createdb_plain "$DB2"
sql "$DB2" "CREATE TABLE steplog (id serial PRIMARY KEY, rev text NOT NULL, dir text NOT NULL)"
# same_via_psql FILE WHAT: the script in $OUT, run by psql on $DB2, leaves
# it as the online run left $DB.
same_via_psql() {
	printf '%s\n' "$OUT" >"$W/$1"
	expect_exit 0 psql -X -q -v ON_ERROR_STOP=1 -d "$(url_for "$DB2")" -f "$W/$1"
	expect_eq "state after $2" "$(state "$DB2")" "$(state "$DB")"
}
state() { # rows / tables / steplog / indexes of a database, on one line
	echo "rows=[$(vrows "$1")] tables=[$(tables "$1")] log=[$(steplog "$1")] ix=[$(sql1 "$1" "SELECT indexrelid::regclass::text || ':' || indisvalid FROM pg_index WHERE indrelid = 'steplog'::regclass AND NOT indisprimary ORDER BY 1")]"
}
expect_rg 0 upgrade head
expect_rg 0 --sql upgrade head
expect_stdout_match '^CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_d1'
same_via_psql up.sql "upgrade --sql head"
expect_rows "$DB2" "g1"
# Part way down and back up, from a given starting revision.
expect_rg 0 downgrade b1
expect_rg 0 --sql downgrade g1:b1
same_via_psql down.sql "downgrade --sql g1:b1"
expect_rows "$DB2" "b1"
expect_rg 0 upgrade head
expect_rg 0 --sql upgrade b1:head
same_via_psql up2.sql "upgrade --sql b1:head"
# Down to base offline keeps the version table (Alembic 1.19), as online.
expect_rg 0 downgrade base
expect_rg 0 --sql downgrade g1:base
expect_stdout_nomatch 'DROP TABLE alembic_version'
same_via_psql down2.sql "downgrade --sql g1:base"
expect_rows "$DB2" ""
dropdb_plain "$DB2"
end_case

finish
