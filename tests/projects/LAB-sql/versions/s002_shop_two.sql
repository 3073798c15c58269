-- revision: s002
-- down_revision: s001
-- message: shop two
-- create_date: 2026-11-22 10:00:06.007000

-- revgraph:upgrade

-- revgraph:downgrade
