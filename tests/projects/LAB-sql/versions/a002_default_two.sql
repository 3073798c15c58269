-- revision: a002
-- down_revision: a001
-- message: default two
-- create_date: 2026-11-22 10:00:01.002000

-- revgraph:upgrade

-- revgraph:downgrade
