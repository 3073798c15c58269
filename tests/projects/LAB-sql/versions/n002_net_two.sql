-- revision: n002
-- down_revision: n001
-- message: net two
-- create_date: 2026-11-22 10:00:04.005000

-- revgraph:upgrade

-- revgraph:downgrade
