-- revision: 3d7a1c2b9e01
-- down_revision: 27c6a30d7c24
-- message: index orders by account, built concurrently
-- create_date: 2026-11-22 10:12:00

-- revgraph:upgrade
-- revgraph:no-transaction
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_account_idx ON orders (account_id);

-- revgraph:downgrade
-- revgraph:no-transaction
DROP INDEX CONCURRENTLY IF EXISTS orders_account_idx;
