-- revision: aaa001
-- down_revision: 
-- message: A base
-- create_date: 2026-11-22 10:00:00.001000

-- revgraph:upgrade

-- revgraph:downgrade
