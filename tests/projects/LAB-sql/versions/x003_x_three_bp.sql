-- revision: x003
-- down_revision: x002
-- message: x three bp
-- create_date: 2026-11-22 10:00:09.010000

-- revgraph:upgrade

-- revgraph:downgrade
