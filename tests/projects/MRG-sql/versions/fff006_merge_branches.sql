-- revision: fff006
-- down_revision: ddd004, eee005
-- message: merge branches
-- create_date: 2026-11-22 10:00:05.006000

-- revgraph:upgrade

-- revgraph:downgrade
