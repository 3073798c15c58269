-- revision: x04a
-- down_revision: x003
-- message: x four a
-- create_date: 2026-11-22 10:00:10.011000

-- revgraph:upgrade

-- revgraph:downgrade
