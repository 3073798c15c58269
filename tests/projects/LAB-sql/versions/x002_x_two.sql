-- revision: x002
-- down_revision: x001
-- branch_labels: xl
-- message: x two
-- create_date: 2026-11-22 10:00:08.009000

-- revgraph:upgrade

-- revgraph:downgrade
