-- revision: 27c6a30d7c24
-- down_revision: ae10f5e7b2c1
-- message: add table
-- create_date: 2026-11-22 10:00:03.004000

-- revgraph:upgrade

-- revgraph:downgrade
