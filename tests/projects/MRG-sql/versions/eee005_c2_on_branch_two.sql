-- revision: eee005
-- down_revision: bbb002
-- message: C2 on branch two
-- create_date: 2026-11-22 10:00:04.005000

-- revgraph:upgrade

-- revgraph:downgrade
