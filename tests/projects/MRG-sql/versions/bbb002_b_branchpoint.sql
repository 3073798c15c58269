-- revision: bbb002
-- down_revision: aaa001
-- message: B branchpoint
-- create_date: 2026-11-22 10:00:01.002000

-- revgraph:upgrade

-- revgraph:downgrade
