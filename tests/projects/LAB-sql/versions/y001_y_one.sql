-- revision: y001
-- down_revision: 
-- message: y one
-- create_date: 2026-11-22 10:00:12.013000

-- revgraph:upgrade

-- revgraph:downgrade
