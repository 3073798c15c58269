-- revision: a001
-- down_revision: 
-- message: default one
-- create_date: 2026-11-22 10:00:00.001000

-- revgraph:upgrade

-- revgraph:downgrade
