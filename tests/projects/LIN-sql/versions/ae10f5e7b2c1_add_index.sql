-- revision: ae10f5e7b2c1
-- down_revision: ae1027a6acf2
-- message: add index
-- create_date: 2026-11-22 10:00:02.003000

-- revgraph:upgrade

-- revgraph:downgrade
