-- revision: y003
-- down_revision: y002
-- message: y three
-- create_date: 2026-11-22 10:00:14.015000

-- revgraph:upgrade

-- revgraph:downgrade
