#!/usr/bin/env bash
# tests/integration/test_basic.sh - upgrade, downgrade, stamp and current on
# linear and branchy projects against a real server: the version table's
# rows after each command (Alembic's, ALEMBIC-SEMANTICS §5), when the table
# is created (never by `current`, never dropped online), custom and
# quoted version table names, `history -i`, and password redaction.
. "$(dirname "$0")/lib.sh"

linear() {
	proj "$V" <<-'EOF'
	a1 -
	b1 a1
	c1 b1
	EOF
}

# MRG's shape: a1 - b1 (branch point) - {c1 - d1 (label one), e1 (label
# two)} - f1 (merge) - g1; beside it two labelled independent branches.
# Labels spread to descendants: one@head and two@head are both g1.
branchy() {
	proj "$V" <<-'EOF'
	a1 -
	b1 a1
	c1 b1 label=one
	d1 c1
	e1 b1 label=two
	f1 d1,e1
	g1 f1
	x1 - label=xb
	x2 x1
	y1 - label=yb
	y2 y1
	EOF
}

# ---------------------------------------------------------------------------
begin_case "current on an empty database creates nothing"
linear
expect_rg 0 current
expect_stdout_eq ""
expect_stderr_empty
expect_rows "$DB" "<no table>"
expect_rg 0 current -v
expect_stdout_match "^Current revision\(s\) for postgresql://"
expect_rows "$DB" "<no table>"
expect_rg 0 history -i
expect_rows "$DB" "<no table>"
expect_rg 0 heads
expect_stdout_eq "c1 (head)"
expect_rows "$DB" "<no table>"
end_case

# ---------------------------------------------------------------------------
begin_case "linear upgrade and downgrade"
linear
expect_rg 0 upgrade +1
expect_stderr_match '^Running upgrade  -> a1, step a1$'
expect_rows "$DB" "a1"
expect_tables "$DB" "t_a1"
expect_rg 0 upgrade head
expect_stderr_match '^Running upgrade a1 -> b1, step b1$'
expect_stderr_match '^Running upgrade b1 -> c1, step c1$'
expect_stderr_nomatch 'Running upgrade  -> a1'
expect_rows "$DB" "c1"
expect_tables "$DB" "t_a1 t_b1 t_c1"
expect_rg 0 current
expect_stdout_eq "c1 (head)"
# Nothing to do: exit 0, no step, rows unchanged.
expect_rg 0 upgrade head
expect_stderr_nomatch 'Running upgrade'
expect_rows "$DB" "c1"
expect_rg 0 downgrade -1
expect_stderr_match '^Running downgrade c1 -> b1, step c1$'
expect_rows "$DB" "b1"
expect_rg 0 downgrade base
expect_stderr_match '^Running downgrade b1 -> a1, step b1$'
expect_stderr_match '^Running downgrade a1 -> , step a1$'
# Online, downgrade base empties the table but never drops it.
expect_rows "$DB" ""
expect_table "$DB" alembic_version
expect_tables "$DB" ""
expect_rg 0 current
expect_stdout_eq ""
expect_steplog "$DB" "a1:up b1:up c1:up c1:down b1:down a1:down"
# From an empty (existing) table upgrade starts from base again.
expect_rg 0 upgrade b1
expect_rows "$DB" "b1"
expect_rg 0 upgrade b1+1
expect_rows "$DB" "c1"
expect_rg 0 downgrade a1
expect_rows "$DB" "a1"
expect_tables "$DB" "t_a1"
end_case

# ---------------------------------------------------------------------------
begin_case "version table shape is Alembic's"
linear
expect_rg 0 upgrade a1
got=$(sql "$DB" "SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod) || ' ' || attnotnull, ',' ORDER BY attnum) FROM pg_attribute WHERE attrelid = 'alembic_version'::regclass AND attnum > 0 AND NOT attisdropped")
expect_eq "alembic_version columns" "$got" "version_num character varying(32) true"
got=$(sql "$DB" "SELECT conname || ' ' || contype::text FROM pg_constraint WHERE conrelid = 'alembic_version'::regclass")
expect_eq "alembic_version constraint" "$got" "alembic_version_pkc p"
# revgraph creates nothing else in the user's database.
got=$(sql1 "$DB" "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'v', 'S', 'm') ORDER BY 1")
expect_eq "relations in public" "$got" "alembic_version steplog steplog_id_seq t_a1"
end_case

# ---------------------------------------------------------------------------
begin_case "stamp linear"
linear
expect_rg 0 stamp b1
expect_stderr_match '^Running stamp_revision  -> b1$'
expect_rows "$DB" "b1"
expect_steplog "$DB" ""
expect_tables "$DB" ""
expect_rg 0 stamp head
expect_stderr_match '^Running stamp_revision b1 -> c1$'
expect_rows "$DB" "c1"
# Stamping where we are logs nothing.
expect_rg 0 stamp c1
expect_stderr_nomatch 'Running stamp_revision'
expect_rows "$DB" "c1"
expect_rg 0 stamp a1
expect_stderr_match '^Running stamp_revision c1 -> a1$'
expect_rows "$DB" "a1"
expect_rg 0 stamp base
expect_rows "$DB" ""
expect_table "$DB" alembic_version
# Upgrading after a stamp runs only the steps above the stamp.
expect_rg 0 stamp b1
expect_rg 0 upgrade head
expect_rows "$DB" "c1"
expect_steplog "$DB" "c1:up"
expect_tables "$DB" "t_c1"
end_case

# ---------------------------------------------------------------------------
begin_case "branchy: branch point, merge, unmerge, labels"
branchy
expect_rg 0 branches
expect_stdout_eq "$(cat <<-'EOF'
	b1 (branchpoint)
	   -> c1 (one)
	   -> e1 (two)
	EOF
)"
expect_rg 0 heads
expect_stdout_eq "$(printf '%s\n' 'g1 (one, two) (head)' 'x2 (xb) (head)' 'y2 (yb) (head)')"
expect_rg 0 upgrade d1
expect_rows "$DB" "d1"
expect_steplog "$DB" "a1:up b1:up c1:up d1:up"
expect_rg 0 current
expect_stdout_eq "d1"
expect_rg 0 upgrade e1
expect_stderr_match '^Running upgrade b1 -> e1, step e1$'
expect_rows "$DB" "d1 e1"
expect_rg 0 current
expect_stdout_eq "$(printf 'd1\ne1')"
expect_rg 0 upgrade f1
expect_stderr_match '^Running upgrade d1, e1 -> f1, step f1$'
expect_rows "$DB" "f1"
expect_rg 0 current
expect_stdout_eq "f1 (mergepoint)"
expect_rg 0 upgrade xb@head
expect_rows "$DB" "f1 x2"
expect_rg 0 upgrade yb@head
expect_stderr_match '^Running upgrade  -> y1, step y1$'
expect_rows "$DB" "f1 x2 y2"
expect_rg 0 downgrade yb@base
expect_stderr_match '^Running downgrade y1 -> , step y1$'
expect_rows "$DB" "f1 x2"
expect_tables "$DB" "t_a1 t_b1 t_c1 t_d1 t_e1 t_f1 t_x1 t_x2"
expect_rg 0 upgrade heads
expect_rows "$DB" "g1 x2 y2"
expect_rg 0 downgrade one@c1
expect_stderr_match '^Running downgrade f1 -> d1, e1, step f1$'
expect_rows "$DB" "c1 e1 x2 y2"
expect_rg 0 downgrade e1 # nothing to do
expect_stderr_nomatch 'Running'
expect_rows "$DB" "c1 e1 x2 y2"
expect_rg 0 downgrade b1
expect_rows "$DB" "b1 x2 y2"
expect_rg 0 downgrade xb@base
expect_rows "$DB" "b1 y2"
expect_rg 0 upgrade heads
expect_rows "$DB" "g1 x2 y2"
expect_rg 0 stamp c1 e1
expect_rows "$DB" "c1 e1 x2 y2"
expect_rg 0 stamp --purge d1
expect_rows "$DB" "d1"
# Every step ran exactly as often as the commands asked.
got=$(sql1 "$DB" "SELECT rev || '=' || count(*) FROM steplog WHERE dir = 'up' GROUP BY rev ORDER BY rev")
expect_eq "upgrades per revision" "$got" "a1=1 b1=1 c1=2 d1=2 e1=2 f1=2 g1=2 x1=2 x2=2 y1=2 y2=2"
end_case

begin_case "branchy: ambiguous requests change nothing"
branchy
expect_rg 0 upgrade d1
expect_rg 0 upgrade e1
expect_rg 1 upgrade +1
expect_error_line "Ambiguous upgrade from multiple current revisions"
expect_rows "$DB" "d1 e1"
expect_rg 1 upgrade head
expect_error_line "Multiple head revisions are present"
expect_rows "$DB" "d1 e1"
expect_rg 1 stamp head
expect_error_line "Multiple heads are present"
expect_rows "$DB" "d1 e1"
expect_steplog "$DB" "a1:up b1:up c1:up d1:up e1:up"
# As Alembic 1.8: a warning, then the first row walks down.
expect_rg 0 downgrade -1
expect_stderr_match 'downgrade -1 from multiple heads is ambiguous'
expect_stderr_match '^Running downgrade d1 -> c1, step d1$'
expect_rows "$DB" "c1 e1"
end_case

# ---------------------------------------------------------------------------
vt_case() { # vt_case SCHEMA TABLE: rows land in "SCHEMA"."TABLE" only
	local schema=$1 table=$2 qs qt q
	qs=\"${schema//\"/\"\"}\"
	qt=\"${table//\"/\"\"}\"
	q=$qs.$qt
	linear
	sql "$DB" "CREATE SCHEMA $qs"
	expect_rg 0 --version-table "$table" --version-table-schema "$schema" upgrade b1
	expect_rows "$DB" "b1" "$q"
	expect_no_table "$DB" alembic_version
	expect_no_table "$DB" "public.$qt"
	got=$(sql "$DB" "SELECT conname FROM pg_constraint WHERE conrelid = '$q'::regclass AND contype = 'p'")
	expect_eq "primary key name" "$got" "${table}_pkc"
	expect_rg 0 --version-table "$table" --version-table-schema "$schema" current
	expect_stdout_eq "b1"
	# Without the options revgraph looks at alembic_version, finds nothing
	# and creates nothing.
	expect_rg 0 current
	expect_stdout_eq ""
	expect_no_table "$DB" alembic_version
	expect_rg 0 --version-table "$table" --version-table-schema "$schema" upgrade head
	expect_rows "$DB" "c1" "$q"
	expect_rg 0 --version-table "$table" --version-table-schema "$schema" downgrade base
	expect_rows "$DB" "" "$q"
	expect_rg 0 --version-table "$table" --version-table-schema "$schema" stamp a1
	expect_rows "$DB" "a1" "$q"
	expect_rg 0 --version-table "$table" --version-table-schema "$schema" history -i
	expect_stdout_match '^<base> -> a1 \(current\), step a1$'
	expect_steplog "$DB" "a1:up b1:up c1:up c1:down b1:down a1:down"
	expect_no_table "$DB" alembic_version
	expect_table "$DB" steplog
}

begin_case "quoted --version-table and --version-table-schema"
vt_case "Ops" "My Versions"
end_case

begin_case "hostile version table name stays a name"
vt_case 'we"ird; schema' 'v"; DROP TABLE steplog; --'
end_case

begin_case "version table without a schema follows search_path"
linear
sql "$DB" "CREATE SCHEMA app; ALTER DATABASE $DB SET search_path = app, public"
expect_rg 0 --version-table "My Versions" upgrade a1
expect_rows "$DB" "a1" 'app."My Versions"'
expect_no_table "$DB" 'public."My Versions"'
end_case

begin_case "version table from the config file"
linear
sql "$DB" 'CREATE SCHEMA "Ops"'
cat >"$W/alembic.ini" <<EOF
[alembic]
script_location = $W
version_locations = $V
sqlalchemy.url = $URL
version_table = My Versions
version_table_schema = Ops
EOF
expect_exit 0 "$RG" -c "$W/alembic.ini" upgrade head
expect_rows "$DB" "c1" '"Ops"."My Versions"'
expect_no_table "$DB" alembic_version
expect_exit 0 "$RG" -c "$W/alembic.ini" current
expect_stdout_eq "c1 (head)"
end_case

# ---------------------------------------------------------------------------
begin_case "history -i marks the current rows"
branchy
expect_rg 0 upgrade d1
expect_rg 0 upgrade e1
expect_rg 0 upgrade x2
expect_rg 0 history -i
expect_stdout_eq "$(cat <<-'EOF'
	f1 -> g1 (one, two) (head), step g1
	d1, e1 -> f1 (one, two) (mergepoint), step f1
	c1 -> d1 (one) (current), step d1
	b1 -> c1 (one), step c1
	b1 -> e1 (two) (current), step e1
	y1 -> y2 (yb) (head), step y2
	<base> -> y1 (yb), step y1
	x1 -> x2 (xb) (head) (current), step x2
	<base> -> x1 (xb), step x1
	a1 -> b1 (branchpoint), step b1
	<base> -> a1, step a1
	EOF
)"
expect_rows "$DB" "d1 e1 x2"
end_case

# ---------------------------------------------------------------------------
begin_case "password never printed"
linear
PWURL="postgresql://postgres:s3cret@/$DB?host=$PGDIR"
all=
note() { all="$all$OUT$ERR"; }
expect_exit 0 "$RG" --url "$PWURL" -d "$V" current -v
note
expect_stdout_match '^Current revision\(s\) for postgresql://postgres:[^@]*@/'"$DB"
expect_exit 0 "$RG" --url "$PWURL" -d "$V" -v upgrade head
note
expect_rows "$DB" "c1"
expect_exit 0 "$RG" --url "$PWURL" -d "$V" current -v
note
expect_stdout_match 'c1 \(head\)'
expect_exit 1 "$RG" --url "$PWURL" -d "$V" -v upgrade nosuch
note
expect_error_line "nosuch"
# The same URL given through the environment and the config file.
expect_exit 0 env REVGRAPH_URL="$PWURL" "$RG" -d "$V" current -v
note
expect_stdout_match 'c1 \(head\)'
expect_exit 0 env DATABASE_URL="$PWURL" "$RG" -d "$V" current -v
note
expect_stdout_match 'c1 \(head\)'
printf '[alembic]\nsqlalchemy.url = %s\n' "postgresql+psycopg2://postgres:s3cret@/$DB?host=$PGDIR" >"$W/pw.ini"
expect_exit 0 "$RG" -c "$W/pw.ini" -d "$V" current -v
note
expect_stdout_match 'c1 \(head\)'
# Unreachable server: the connection error names the URL, redacted.
expect_exit 3 "$RG" --url "postgresql://postgres:s3cret@/$DB?host=$T_DIR/nowhere" -d "$V" -v current
note
expect_stderr_lines 1
expect_exit 3 "$RG" --url "host=$T_DIR/nowhere dbname=$DB password=s3cret" -d "$V" -v downgrade base
note
expect_stderr_lines 1
expect_exit 3 "$RG" --url "postgresql://postgres:s3cret@/$DB?host=$T_DIR/nowhere" -d "$V" -v upgrade head
note
expect_stderr_lines 1
case $all in
*s3cret*) fail "the password 's3cret' appears in some output: $(printf '%s' "$all" | grep -o '.\{0,40\}s3cret.\{0,20\}' | head -2 | tr '\n' '|')" ;;
esac
end_case

begin_case "sslpassword never printed"
linear
all=
for u in "postgresql:///$DB?host=$PGDIR&user=postgres&sslpassword=s3cret" \
	"host=$PGDIR dbname=$DB user=postgres sslpassword=s3cret"; do
	expect_exit 0 "$RG" --url "$u" -d "$V" current -v
	all="$all$OUT$ERR"
	expect_stdout_match '^Current revision\(s\) for '
	# The same through a connection error.
	expect_exit 3 "$RG" --url "${u//$DB/nosuchdb}" -d "$V" -v current
	all="$all$OUT$ERR"
	expect_error_line 'nosuchdb'
done
case $all in
*s3cret*) fail "the sslpassword 's3cret' appears in some output: $(printf '%s' "$all" | grep -o '.\{0,40\}s3cret.\{0,20\}' | head -2 | tr '\n' '|')" ;;
esac
end_case

begin_case "password in a mistyped URL never printed"
linear
all=
# One slash short of a URI: libpq parses it as conninfo and quotes it back
# in its error message.
expect_exit 3 "$RG" --url "postgresql:/postgres:s3cret@/$DB?host=$PGDIR" -d "$V" current
all="$all$OUT$ERR"
expect_stderr_lines 1
expect_exit 3 "$RG" --url "postgres:s3cret@localhost/$DB" -d "$V" current
all="$all$OUT$ERR"
expect_stderr_lines 1
case $all in
*s3cret*) fail "the password 's3cret' appears in some output: $(printf '%s' "$all" | grep -o '.\{0,40\}s3cret.\{0,20\}' | head -2 | tr '\n' '|')" ;;
esac
end_case

finish
