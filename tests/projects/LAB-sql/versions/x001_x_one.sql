-- revision: x001
-- down_revision: 
-- message: x one
-- create_date: 2026-11-22 10:00:07.008000

-- revgraph:upgrade

-- revgraph:downgrade
