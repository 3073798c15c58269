#!/usr/bin/env bash
# tests/integration/test_faults.sh - crash safety (SPEC §4: each step
# commits together with its version-table change): revgraph killed with
# SIGKILL in the middle of a step, and the server restarted in the middle of
# a step, both leave the database at a completed step, and a rerun of
# `upgrade head` finishes the job with every step applied exactly once.
. "$(dirname "$0")/lib.sh"

four_steps() { # a1 b1 c1(sleeps SECS in its transaction) d1
	proj "$V" <<-EOF
	a1 -
	b1 a1
	c1 b1 sleep=$1
	d1 c1
	EOF
}

# gone_from DB: 0 when no backend of DB runs pg_sleep any more.
gone_from() {
	! sleeping_in "$1"
}

# ---------------------------------------------------------------------------
begin_case "kill -9 mid-step leaves the last committed step; rerun finishes"
four_steps 30
bg "$RG" --url "$URL" -d "$V" upgrade head
victim=$BG
wait_for 20 sleeping_in "$DB" || fail "the run never reached c1's sleep: $(bg_log "$victim")"
kill9 "$victim"
expect_rows "$DB" "b1"
expect_tables "$DB" "t_a1 t_b1"
expect_steplog "$DB" "a1:up b1:up"
# The orphaned backend is still sleeping inside c1's transaction: end it
# (as the server would once it tries to answer a dead client) and check
# that nothing of c1 was committed.
sql "$DB" "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$DB' AND pid <> pg_backend_pid()" >/dev/null
wait_for 20 gone_from "$DB" || fail "the orphaned backend did not go away"
expect_rows "$DB" "b1"
expect_tables "$DB" "t_a1 t_b1"
sed -i 's/pg_sleep(30)/pg_sleep(0.1)/' "$V/c1_step.sql"
expect_rg 0 --lock-timeout 30 upgrade head
expect_stderr_nomatch 'Running upgrade (  -> a1|a1 -> b1),'
expect_stderr_match '^Running upgrade b1 -> c1, step c1$'
expect_rows "$DB" "d1"
expect_tables "$DB" "t_a1 t_b1 t_c1 t_d1"
expect_steplog "$DB" "a1:up b1:up c1:up d1:up"
end_case

begin_case "kill -9 mid-step, orphan left to finish on its own: nothing of the step commits"
four_steps 2
bg "$RG" --url "$URL" -d "$V" upgrade head
victim=$BG
wait_for 20 sleeping_in "$DB" || fail "the run never reached c1's sleep"
kill9 "$victim"
# The server finishes the statement it was given, then finds the client
# gone: c1's transaction must roll back, never commit.
wait_for 30 gone_from "$DB" || fail "the orphaned backend did not go away"
sleep 0.5
expect_rows "$DB" "b1"
expect_tables "$DB" "t_a1 t_b1"
expect_steplog "$DB" "a1:up b1:up"
expect_rg 0 --lock-timeout 30 upgrade head
expect_rows "$DB" "d1"
expect_steplog "$DB" "a1:up b1:up c1:up d1:up"
end_case

begin_case "kill -9 during a long statement: the server drops the orphan within seconds"
# c1 sleeps 120 s; client_connection_check_interval (set by revgraph when
# it takes the lock) makes the server notice the dead client long before.
four_steps 120
bg "$RG" --url "$URL" -d "$V" upgrade head
victim=$BG
wait_for 20 sleeping_in "$DB" || fail "the run never reached c1's sleep"
kill9 "$victim"
wait_for 10 gone_from "$DB" || fail "the orphaned backend still runs c1's statement"
expect_rows "$DB" "b1"
expect_tables "$DB" "t_a1 t_b1"
sed -i 's/pg_sleep(120)/pg_sleep(0.1)/' "$V/c1_step.sql"
expect_rg 0 --lock-timeout 10 upgrade head
expect_rows "$DB" "d1"
expect_steplog "$DB" "a1:up b1:up c1:up d1:up"
end_case

begin_case "kill -9 mid --single-transaction run: nothing applied"
four_steps 30
expect_rg 0 upgrade a1
bg "$RG" --url "$URL" -d "$V" --single-transaction upgrade head
victim=$BG
wait_for 20 sleeping_in "$DB" || fail "the run never reached c1's sleep"
kill9 "$victim"
sql "$DB" "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$DB' AND pid <> pg_backend_pid()" >/dev/null
wait_for 20 gone_from "$DB" || fail "the orphaned backend did not go away"
expect_rows "$DB" "a1"
expect_tables "$DB" "t_a1"
expect_steplog "$DB" "a1:up"
sed -i 's/pg_sleep(30)/pg_sleep(0.1)/' "$V/c1_step.sql"
expect_rg 0 upgrade head
expect_rows "$DB" "d1"
expect_steplog "$DB" "a1:up b1:up c1:up d1:up"
end_case

begin_case "kill -9 mid-downgrade leaves the last committed step"
proj "$V" <<-'EOF'
a1 -
b1 a1
c1 b1
d1 c1
EOF
expect_rg 0 upgrade head
# c1's downgrade sleeps before it drops t_c1.
sed -i "s|^INSERT INTO steplog (rev, dir) VALUES ('c1', 'down');|&\nSELECT pg_sleep(30);|" "$V/c1_step.sql"
bg "$RG" --url "$URL" -d "$V" downgrade base
victim=$BG
wait_for 20 sleeping_in "$DB" || fail "the downgrade never reached c1's sleep: $(bg_log "$victim")"
kill9 "$victim"
sql "$DB" "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$DB' AND pid <> pg_backend_pid()" >/dev/null
wait_for 20 gone_from "$DB" || fail "the orphaned backend did not go away"
expect_rows "$DB" "c1"
expect_tables "$DB" "t_a1 t_b1 t_c1"
expect_steplog "$DB" "a1:up b1:up c1:up d1:up d1:down"
sed -i 's/pg_sleep(30)/pg_sleep(0.1)/' "$V/c1_step.sql"
expect_rg 0 downgrade base
expect_rows "$DB" ""
expect_tables "$DB" ""
expect_steplog "$DB" "a1:up b1:up c1:up d1:up d1:down c1:down b1:down a1:down"
end_case

# ---------------------------------------------------------------------------
begin_case "server restart mid-step: one-line error, last committed step, rerun finishes"
four_steps 30
bg "$RG" --url "$URL" -d "$V" upgrade head
victim=$BG
wait_for 20 sleeping_in "$DB" || fail "the run never reached c1's sleep: $(bg_log "$victim")"
restart_server || fail "pg_ctl restart failed"
wait "$victim"
vrc=$?
[ "$vrc" != 0 ] || fail "revgraph exited 0 although the server restarted under it"
ERR=$(bg_log "$victim")
LAST_CMD="upgrade head (server restarted)"
# c1's line 8 is the pg_sleep the server was running.
expect_error_line "c1_step\.sql:8: .*upgrade b1 -> c1.*(terminat|closed the connection)"
expect_clean_stderr
expect_stderr_match '^Running upgrade b1 -> c1, step c1$'
expect_rows "$DB" "b1"
expect_tables "$DB" "t_a1 t_b1"
expect_steplog "$DB" "a1:up b1:up"
sed -i 's/pg_sleep(30)/pg_sleep(0.1)/' "$V/c1_step.sql"
expect_rg 0 upgrade head
expect_rows "$DB" "d1"
expect_steplog "$DB" "a1:up b1:up c1:up d1:up"
end_case

begin_case "server restart while waiting for the lock: one-line error, nothing applied"
four_steps 30
expect_rg 0 upgrade a1
bg "$RG" --url "$URL" -d "$V" upgrade head
holder=$BG
wait_for 20 sleeping_in "$DB" || fail "the first run never reached c1's sleep"
bg "$RG" --url "$URL" -d "$V" upgrade head
waiter=$BG
wait_for 10 eval 'bg_log "$waiter" | grep -q "waiting for the migration lock"' ||
	fail "the second run never said it waits: $(bg_log "$waiter")"
restart_server || fail "pg_ctl restart failed"
wait "$holder"
hrc=$?
wait "$waiter"
wrc=$?
[ "$hrc" != 0 ] || fail "the holder exited 0 although the server restarted under it"
[ "$wrc" != 0 ] || fail "the waiter exited 0 although the server restarted under it"
ERR=$(bg_log "$waiter")
LAST_CMD="waiting upgrade head (server restarted)"
expect_error_line "migration lock.*(terminat|closed the connection)"
expect_clean_stderr
expect_stderr_nomatch '^Running upgrade'
expect_rows "$DB" "b1"
expect_steplog "$DB" "a1:up b1:up"
end_case

finish
