-- revision: b001
-- down_revision: 
-- branch_labels: beta
-- message: beta one
-- create_date: 2026-11-22 10:00:03.004000

-- revgraph:upgrade

-- revgraph:downgrade
