-- revision: 1975ea83b712
-- down_revision: 
-- message: create account
-- create_date: 2026-11-22 10:00:00.001000

-- revgraph:upgrade

-- revgraph:downgrade
