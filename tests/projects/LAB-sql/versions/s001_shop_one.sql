-- revision: s001
-- down_revision: a002
-- branch_labels: shopping
-- message: shop one
-- create_date: 2026-11-22 10:00:05.006000

-- revgraph:upgrade

-- revgraph:downgrade
