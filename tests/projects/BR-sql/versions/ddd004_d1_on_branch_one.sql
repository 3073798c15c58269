-- revision: ddd004
-- down_revision: ccc003
-- message: D1 on branch one
-- create_date: 2026-11-22 10:00:03.004000

-- revgraph:upgrade

-- revgraph:downgrade
