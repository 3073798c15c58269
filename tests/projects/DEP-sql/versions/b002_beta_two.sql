-- revision: b002
-- down_revision: b001
-- depends_on: a003
-- message: beta two
-- create_date: 2026-11-22 10:00:04.005000

-- revgraph:upgrade

-- revgraph:downgrade
