-- revision: a003
-- down_revision: a002
-- message: alpha three
-- create_date: 2026-11-22 10:00:02.003000

-- revgraph:upgrade

-- revgraph:downgrade
