-- revision: x04b
-- down_revision: x003
-- message: x four b
-- create_date: 2026-11-22 10:00:11.012000

-- revgraph:upgrade

-- revgraph:downgrade
