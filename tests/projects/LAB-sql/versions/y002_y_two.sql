-- revision: y002
-- down_revision: y001
-- branch_labels: yl
-- message: y two
-- create_date: 2026-11-22 10:00:13.014000

-- revgraph:upgrade

-- revgraph:downgrade
