-- revision: ggg007
-- down_revision: fff006
-- message: after merge
-- create_date: 2026-11-22 10:00:06.007000

-- revgraph:upgrade

-- revgraph:downgrade
