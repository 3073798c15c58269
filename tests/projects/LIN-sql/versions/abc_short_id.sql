-- revision: abc
-- down_revision: 27c6a30d7c24
-- message: short id
-- create_date: 2026-11-22 10:00:04.005000

-- revgraph:upgrade

-- revgraph:downgrade
