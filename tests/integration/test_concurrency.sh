#!/usr/bin/env bash
# tests/integration/test_concurrency.sh - the migration lock (SPEC §4):
# eight simultaneous `upgrade head` runs apply every step exactly once; a
# waiting run says so and names the holder; --lock-timeout gives up with
# exit 1 naming the holder's pid; a killed holder frees the lock.
. "$(dirname "$0")/lib.sh"

# lock_sql: the migration lock's key for alembic_version in public, as
# src/db/lock.c derives it (hashtextextended of "db.schema.table").
lock_sql() {
	echo "SELECT pg_advisory_lock(hashtextextended(quote_ident(current_database()) || '.' || quote_ident('public') || '.' || quote_ident('alembic_version'), 0))"
}

# hold_lock: a psql session (application_name rg_holder) that takes the
# migration lock and sleeps; its backend pid in $HOLDER_PID.
hold_lock() {
	HOLDER_PID=
	bg psql -X -q -At -d "$URL&application_name=rg_holder" \
		-c "$(lock_sql)" -c "SELECT pg_sleep(120)"
	HOLDER_BG=$BG
	wait_for 10 holder_has_lock || { fail "psql never took the lock: $(bg_log "$HOLDER_BG")"; return 1; }
	HOLDER_PID=$(sql "$DB" "SELECT pid FROM pg_stat_activity WHERE application_name = 'rg_holder'")
}
holder_has_lock() {
	[ "$(sql "$DB" "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = 'rg_holder'")" = 1 ]
}
release_lock() {
	sql "$DB" "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'rg_holder'" >/dev/null
	wait "$HOLDER_BG" 2>/dev/null
}

# rg_waiting BGPID: 0 once that background revgraph printed its waiting line.
rg_waiting() {
	bg_log "$1" | grep -q 'waiting for the migration lock'
}

# ---------------------------------------------------------------------------
begin_case "eight concurrent upgrades apply each step once"
{
	prev=-
	for i in $(seq -w 1 20); do
		flags=
		[ "$i" = 08 ] && flags=notx
		[ "$i" = 12 ] && flags=sleep=0.3
		echo "s$i $prev $flags"
		prev=s$i
	done
} | proj "$V"
pids=()
for n in 1 2 3 4 5 6 7 8; do
	bg "$RG" --url "$URL" -d "$V" upgrade head
	pids+=("$BG")
done
rcs=
for p in "${pids[@]}"; do
	wait "$p"
	rcs="$rcs $?"
done
expect_eq "exit statuses" "$rcs" " 0 0 0 0 0 0 0 0"
expect_rows "$DB" "s20"
got=$(sql1 "$DB" "SELECT count(DISTINCT rev) || ' revisions, max ' || max(c) || ', min ' || min(c) FROM (SELECT rev, count(*) AS c FROM steplog GROUP BY rev) s")
expect_eq "steplog" "$got" "20 revisions, max 1, min 1"
expect_steplog "$DB" "$(for i in $(seq -w 1 20); do printf 's%s:up ' "$i"; done | sed 's/ $//')"
got=$(sql "$DB" "SELECT indisvalid FROM pg_index WHERE indexrelid = 'ix_s08'::regclass")
expect_eq "ix_s08 valid" "$got" "t"
all=$(for p in "${pids[@]}"; do bg_log "$p"; done)
got=$(printf '%s\n' "$all" | grep -c '^Running upgrade')
expect_eq "Running upgrade lines over all runs" "$got" 20
got=$(printf '%s\n' "$all" | grep -v '^Running upgrade' | grep -v 'waiting for the migration lock' | grep -c .)
expect_eq "other stderr lines" "$got" 0
printf '%s\n' "$all" | grep -Eq "waiting for the migration lock on 'alembic_version' held by pid [0-9]+ \(revgraph\)" ||
	fail "no run said it was waiting for a named holder: $(_short "$all")"
end_case

# ---------------------------------------------------------------------------
begin_case "a waiting run names the holder and proceeds when it is released"
proj "$V" <<-'EOF'
a1 -
b1 a1
EOF
hold_lock
bg "$RG" --url "$URL" -d "$V" upgrade head
waiter=$BG
wait_for 10 rg_waiting "$waiter" || fail "the second run never said it waits: $(bg_log "$waiter")"
bg_log "$waiter" | grep -Eq "waiting for the migration lock on 'alembic_version' held by pid $HOLDER_PID \(rg_holder\)" ||
	fail "waiting line does not name pid $HOLDER_PID (rg_holder): $(bg_log "$waiter")"
expect_rows "$DB" "<no table>"
expect_steplog "$DB" ""
kill -0 "$waiter" 2>/dev/null || fail "the waiting run ended while the lock was held: $(bg_log "$waiter")"
release_lock
wait "$waiter"
expect_eq "waiting run's exit status" "$?" 0
expect_rows "$DB" "b1"
expect_steplog "$DB" "a1:up b1:up"
end_case

# ---------------------------------------------------------------------------
begin_case "--lock-timeout gives up, naming the holder"
proj "$V" <<-'EOF'
a1 -
b1 a1
EOF
expect_rg 0 upgrade a1
hold_lock
t0=$(now_ms)
expect_rg 1 --lock-timeout 0.5 upgrade head
t1=$(now_ms)
expect_error_line "timed out after 0\.5 s waiting for the migration lock held by pid $HOLDER_PID \(rg_holder\)"
[ $((t1 - t0)) -ge 450 ] || fail "gave up after $((t1 - t0)) ms, before the 0.5 s timeout"
expect_rows "$DB" "a1"
expect_steplog "$DB" "a1:up"
expect_rg 1 --lock-timeout 0 downgrade base
expect_error_line "pid $HOLDER_PID"
expect_rg 1 stamp head --lock-timeout 0.2
expect_error_line "pid $HOLDER_PID"
expect_rows "$DB" "a1"
# Read commands take no lock.
expect_rg 0 current
expect_stdout_eq "a1"
release_lock
expect_rg 0 --lock-timeout 0.5 upgrade head
expect_rows "$DB" "b1"
expect_steplog "$DB" "a1:up b1:up"
end_case

# ---------------------------------------------------------------------------
begin_case "a revgraph holder: --lock-timeout names its pid; kill -9 frees the lock"
proj "$V" <<-'EOF'
a1 -
b1 a1 sleep=5
c1 b1
EOF
bg "$RG" --url "$URL" -d "$V" upgrade head
first=$BG
wait_for 20 sleeping_in "$DB" || fail "the first run never reached its sleep: $(bg_log "$first")"
hpid=$(sql "$DB" "SELECT pid FROM pg_stat_activity WHERE datname = '$DB' AND query LIKE '%pg_sleep%' AND pid <> pg_backend_pid()")
expect_rg 1 --lock-timeout 0.5 upgrade head
expect_error_line "timed out after 0\.5 s waiting for the migration lock held by pid $hpid \(revgraph\)"
expect_rows "$DB" "a1"
kill9 "$first"
t0=$(now_ms)
expect_rg 0 --lock-timeout 30 upgrade head
t1=$(now_ms)
echo "# note: the rerun after kill -9 took $((t1 - t0)) ms (it waits for the orphaned backend to finish its statement, then sleeps 5 s itself)"
expect_rows "$DB" "c1"
expect_steplog "$DB" "a1:up b1:up c1:up"
expect_tables "$DB" "t_a1 t_b1 t_c1"
end_case

# ---------------------------------------------------------------------------
begin_case "runs with and without --version-table-schema share one lock"
proj "$V" <<-'EOF'
a1 -
b1 a1 sleep=2
EOF
bg "$RG" --url "$URL" -d "$V" --version-table-schema public upgrade head
first=$BG
wait_for 20 sleeping_in "$DB" || fail "the first run never reached its sleep"
expect_rg 1 --lock-timeout 0.3 upgrade head
expect_error_line "timed out after 0\.3 s waiting for the migration lock"
wait "$first"
expect_eq "first run's exit status" "$?" 0
expect_rows "$DB" "b1"
expect_steplog "$DB" "a1:up b1:up"
end_case

finish
