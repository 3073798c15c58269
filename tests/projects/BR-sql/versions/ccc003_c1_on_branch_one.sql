-- revision: ccc003
-- down_revision: bbb002
-- message: C1 on branch one
-- create_date: 2026-11-22 10:00:02.003000

-- revgraph:upgrade

-- revgraph:downgrade
