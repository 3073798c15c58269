-- revision: b003
-- down_revision: b002
-- depends_on: a003
-- message: beta three
-- create_date: 2026-11-22 10:00:05.006000

-- revgraph:upgrade

-- revgraph:downgrade
