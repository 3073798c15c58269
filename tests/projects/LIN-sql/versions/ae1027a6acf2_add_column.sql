-- revision: ae1027a6acf2
-- down_revision: 1975ea83b712
-- message: add column
-- create_date: 2026-11-22 10:00:01.002000

-- revgraph:upgrade

-- revgraph:downgrade
